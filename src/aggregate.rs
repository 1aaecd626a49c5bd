//! Rolling sentence scores up to articles and outlets: label shares, mean slant, and a seeded
//! percentile-bootstrap interval for each outlet's slant. Pure arithmetic: no I/O, no models, no
//! text; the caller supplies class probabilities and slants and gets plain numbers back.
//!
//! # The outlet interval
//!
//! An outlet's slant is the mean of its articles' slants (each article counts once, whatever its
//! length). Its interval resamples those article slants with replacement `B` times and takes the
//! 2.5th and 97.5th percentiles of the resampled means: with the means sorted ascending, the values
//! at 0-based ranks `floor(0.025·B)` and `ceil(0.975·B) − 1` (ranks 250 and 9749 for B = 10 000).
//! An outlet with a single article is resampled over that article's sentence slants instead, so it
//! still gets an honest width. Each outlet draws from its own [`SplitMix64`] stream, seeded from the
//! run's seed and the FNV-1a hash of the outlet's name, so adding or removing an outlet never moves
//! another outlet's interval.

use serde::Serialize;

use crate::model::classifier::argmax;
use crate::rng::{Below, SplitMix64};

/// Bootstrap resamples per interval unless told otherwise.
pub const DEFAULT_RESAMPLES: usize = 10_000;
/// Seed of the bootstrap unless told otherwise.
pub const DEFAULT_SEED: u64 = 42;

/// The scores of one sentence under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceScore {
    /// Class probabilities, in the model's class order; they sum to 1.
    pub probabilities: Vec<f64>,
    /// The predicted class number (the most probable, the first of equals).
    pub class: usize,
    /// P(positive pole) − P(negative pole), when the model has poles.
    pub slant: Option<f64>,
}

impl SentenceScore {
    /// A sentence's score from its class probabilities and, if the model has poles, their indices.
    pub fn new(probabilities: Vec<f64>, poles: Option<(usize, usize)>) -> SentenceScore {
        let slant = poles.map(|(p, n)| probabilities[p] - probabilities[n]);
        SentenceScore {
            class: argmax(&probabilities),
            probabilities,
            slant,
        }
    }
}

/// One article's scores under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleScore {
    /// Number of sentences.
    pub sentences: usize,
    /// Sentences predicted as each class, in class order.
    pub label_counts: Vec<usize>,
    /// Fraction of the sentences predicted as each class; `None` for an article with no sentences.
    pub shares: Option<Vec<f64>>,
    /// Mean sentence slant, in [−1, 1]; `None` without sentences or without poles.
    pub slant: Option<f64>,
    /// Each sentence's slant, in order (kept for the single-article outlet interval).
    #[serde(skip)]
    pub sentence_slants: Vec<f64>,
}

impl ArticleScore {
    /// Aggregates the sentences of one article for a model with `n_classes` classes.
    pub fn from_sentences<'a>(
        n_classes: usize,
        sentences: impl IntoIterator<Item = &'a SentenceScore>,
    ) -> ArticleScore {
        let (mut label_counts, mut sentence_slants, mut n) = (vec![0; n_classes], Vec::new(), 0);
        for s in sentences {
            n += 1;
            if let Some(count) = label_counts.get_mut(s.class) {
                *count += 1;
            }
            sentence_slants.extend(s.slant);
        }
        ArticleScore {
            sentences: n,
            shares: shares(&label_counts, n),
            slant: mean(&sentence_slants),
            label_counts,
            sentence_slants,
        }
    }
}

/// What an outlet's interval was resampled over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IntervalBasis {
    /// The slants of the outlet's articles (two or more articles with sentences).
    Articles,
    /// The sentence slants of the outlet's only article with sentences.
    Sentences,
}

impl IntervalBasis {
    /// The basis as written in output files.
    pub fn as_str(self) -> &'static str {
        match self {
            IntervalBasis::Articles => "articles",
            IntervalBasis::Sentences => "sentences",
        }
    }
}

/// One outlet's scores under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletScore {
    /// Fraction of the outlet's sentences predicted as each class; `None` when it has no sentences.
    pub shares: Option<Vec<f64>>,
    /// Mean of its articles' slants (articles without sentences left out); `None` when undefined.
    pub slant: Option<f64>,
    /// Lower end of the 95% bootstrap interval of the slant.
    pub slant_low: Option<f64>,
    /// Upper end of the 95% bootstrap interval of the slant.
    pub slant_high: Option<f64>,
    /// What the interval resampled.
    pub interval_basis: Option<IntervalBasis>,
    /// How many values the interval resampled (articles or sentences).
    pub interval_n: usize,
}

/// Settings of the bootstrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bootstrap {
    /// Number of resamples, B (at least 1).
    pub resamples: usize,
    /// The run's seed.
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            resamples: DEFAULT_RESAMPLES,
            seed: DEFAULT_SEED,
        }
    }
}

/// Aggregates the articles of the outlet `name` under one model with `n_classes` classes.
pub fn outlet_score(
    name: &str,
    articles: &[&ArticleScore],
    n_classes: usize,
    bootstrap: &Bootstrap,
) -> OutletScore {
    let mut tally = OutletTally::new(n_classes);
    for article in articles {
        tally.add(article);
    }
    tally.score(name, bootstrap)
}

/// One outlet's articles under one model, reduced as they arrive to what its [`OutletScore`] needs:
/// label counts, the article slants, and the sentence slants of its first article with a slant only
/// while that is the only one. So an outlet costs one number an article, not its sentences, and the
/// score is the same as [`outlet_score`] over all the articles at once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutletTally {
    label_counts: Vec<usize>,
    sentences: usize,
    /// Slants of the articles that have one, in input order.
    slants: Vec<f64>,
    /// Sentence slants of the only article with a slant; emptied when a second one arrives.
    only_article: Vec<f64>,
}

impl OutletTally {
    /// An outlet with no articles yet, under a model with `n_classes` classes.
    pub fn new(n_classes: usize) -> OutletTally {
        OutletTally {
            label_counts: vec![0; n_classes],
            ..OutletTally::default()
        }
    }

    /// Adds the next article of the outlet.
    pub fn add(&mut self, article: &ArticleScore) {
        for (total, n) in self.label_counts.iter_mut().zip(&article.label_counts) {
            *total += n;
        }
        self.sentences += article.sentences;
        if let Some(slant) = article.slant {
            self.only_article = if self.slants.is_empty() {
                article.sentence_slants.clone()
            } else {
                Vec::new()
            };
            self.slants.push(slant);
        }
    }

    /// The outlet's score, its interval drawn from the outlet's own random stream.
    pub fn score(&self, name: &str, bootstrap: &Bootstrap) -> OutletScore {
        let (values, basis) = match self.slants.len() {
            1 => (self.only_article.as_slice(), IntervalBasis::Sentences),
            _ => (self.slants.as_slice(), IntervalBasis::Articles),
        };
        let slant = mean(&self.slants);
        let interval = slant.map(|point| {
            let mut rng = outlet_rng(bootstrap.seed, name);
            let (low, high) = bootstrap_mean(values, bootstrap.resamples, &mut rng);
            // The resampled means are centred on the sample mean, so the percentile interval
            // contains it; this only absorbs rounding when every resample sums the same values in
            // another order.
            (low.min(point), high.max(point))
        });
        OutletScore {
            shares: shares(&self.label_counts, self.sentences),
            slant,
            slant_low: interval.map(|i| i.0),
            slant_high: interval.map(|i| i.1),
            interval_basis: slant.map(|_| basis),
            interval_n: if slant.is_some() { values.len() } else { 0 },
        }
    }
}

/// The 95% percentile-bootstrap interval of the mean of `values` (non-empty) from `resamples`
/// resamples drawn from `rng`: the sorted resampled means at ranks floor(0.025·B) and ceil(0.975·B)−1.
/// Leaves `rng` where drawing the resamples one after another would.
pub fn bootstrap_mean(values: &[f64], resamples: usize, rng: &mut SplitMix64) -> (f64, f64) {
    let (Some(&first), resamples) = (values.first(), resamples.max(1)) else {
        return (f64::NAN, f64::NAN);
    };
    if values.len() == 1 {
        return (first, first);
    }
    let mut means = vec![0.0; resamples];
    resample_means(values, rng, &mut means);
    means.sort_by(f64::total_cmp);
    let (low, high) = percentile_ranks(resamples);
    (means[low], means[high])
}

/// Draws per block of resamples handed to one worker: enough to dwarf the cost of a task.
const DRAWS_PER_BLOCK: usize = 1 << 18;

/// Fills `means` with resampled means of `values`, exactly as drawing them in order from `rng`
/// would, in blocks on the thread pool.
fn resample_means(values: &[f64], rng: &mut SplitMix64, means: &mut [f64]) {
    let below = Below::new(values.len());
    let block = (DRAWS_PER_BLOCK / values.len()).max(1);
    rng.fill_in_blocks(means, below.n(), block, |rng, chunk| {
        fill_means(values, &below, rng, chunk)
    });
}

/// Fills `means` with resampled means of `values` drawn in order from `rng`, each summed in draw
/// order so the bits never depend on how the resamples were split up.
fn fill_means(values: &[f64], below: &Below, rng: &mut SplitMix64, means: &mut [f64]) {
    for mean in means {
        let sum: f64 = (0..values.len()).map(|_| values[below.draw(rng)]).sum();
        *mean = sum / values.len() as f64;
    }
}

/// The 0-based ranks of the 2.5th and 97.5th percentiles among `b` sorted values: floor(0.025·b)
/// and ceil(0.975·b) − 1, computed in integers so no rounding of 0.975 can shift a rank.
pub fn percentile_ranks(b: usize) -> (usize, usize) {
    let b = b.max(1) as u128;
    let low = 25 * b / 1000;
    let high = (975 * b).div_ceil(1000) - 1;
    (low as usize, high.max(low) as usize)
}

/// The random stream of one outlet: the run's seed mixed with the FNV-1a hash of its name.
pub fn outlet_rng(seed: u64, outlet: &str) -> SplitMix64 {
    SplitMix64::new(seed ^ fnv1a_64(outlet.as_bytes()))
}

/// The 64-bit FNV-1a hash, written out so it never changes with a library version.
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// The arithmetic mean, `None` for no values. Sums in order, as the bootstrap does.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Each count as a fraction of `total`; `None` when the total is zero.
fn shares(counts: &[usize], total: usize) -> Option<Vec<f64>> {
    (total > 0).then(|| counts.iter().map(|&c| c as f64 / total as f64).collect())
}

/// Sort order of outlets for output: slant descending, outlets without a slant last, ties by name.
pub fn outlet_order(a: (Option<f64>, &str), b: (Option<f64>, &str)) -> std::cmp::Ordering {
    let by_slant = match (a.0, b.0) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    };
    by_slant.then_with(|| a.1.cmp(b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(p: &[f64]) -> SentenceScore {
        SentenceScore::new(p.to_vec(), Some((1, 0)))
    }

    fn article(slants: &[f64]) -> ArticleScore {
        let sentences: Vec<SentenceScore> = slants
            .iter()
            .map(|s| sentence(&[(1.0 - s) / 2.0, (1.0 + s) / 2.0]))
            .collect();
        ArticleScore::from_sentences(2, &sentences)
    }

    fn random_values(seed: u64, n: usize, skew: bool) -> Vec<f64> {
        let mut rng = SplitMix64::new(seed);
        (0..n)
            .map(|_| {
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                if skew {
                    u.powi(8) * 2.0 - 1.0
                } else {
                    u * 2.0 - 1.0
                }
            })
            .collect()
    }

    #[test]
    fn article_shares_and_slant_are_exact() {
        let s = [
            sentence(&[0.75, 0.25]),
            sentence(&[0.25, 0.75]),
            sentence(&[0.5, 0.5]),
            sentence(&[1.0, 0.0]),
        ];
        let a = ArticleScore::from_sentences(2, &s);
        assert_eq!(a.label_counts, [3, 1], "a tie goes to the first class");
        assert_eq!(a.shares, Some(vec![0.75, 0.25]));
        assert_eq!(a.slant, Some((-0.5 + 0.5 + 0.0 - 1.0) / 4.0));
        let empty = ArticleScore::from_sentences(2, &[]);
        assert_eq!((empty.shares, empty.slant), (None, None));
        let no_poles = ArticleScore::from_sentences(2, &[SentenceScore::new(vec![0.4, 0.6], None)]);
        assert_eq!((no_poles.slant, no_poles.label_counts), (None, vec![0, 1]));
    }

    #[test]
    fn raw_percentile_intervals_contain_the_mean_on_random_and_skewed_samples() {
        for (seed, n, skew) in [
            (1, 2, false),
            (2, 5, false),
            (3, 40, false),
            (4, 7, true),
            (5, 60, true),
        ] {
            let values = random_values(seed, n, skew);
            let m = mean(&values).unwrap();
            let (low, high) = bootstrap_mean(&values, 2000, &mut SplitMix64::new(seed));
            assert!(
                low <= m + 1e-12 && m - 1e-12 <= high,
                "{values:?}: {low} {m} {high}"
            );
            assert!(low < high);
        }
        let mut outlier = vec![0.0; 19];
        outlier.push(1.0);
        let (low, high) = bootstrap_mean(&outlier, 10_000, &mut SplitMix64::new(9));
        assert!(low <= 0.05 && 0.05 <= high && low == 0.0, "{low} {high}");
    }

    /// The bootstrap as first written: one resample after another, dividing for each index.
    fn reference_bootstrap(values: &[f64], resamples: usize, rng: &mut SplitMix64) -> (f64, f64) {
        let n = values.len() as u64;
        let zone = u64::MAX - u64::MAX % n;
        let mut draw = || loop {
            let r = rng.next_u64();
            if r < zone {
                return (r % n) as usize;
            }
        };
        let mut means: Vec<f64> = (0..resamples.max(1))
            .map(|_| (0..n).map(|_| values[draw()]).sum::<f64>() / n as f64)
            .collect();
        means.sort_by(f64::total_cmp);
        let (low, high) = percentile_ranks(means.len());
        (means[low], means[high])
    }

    #[test]
    fn intervals_are_bit_identical_to_drawing_resamples_in_order() {
        // Sizes that give one block, many blocks, a short last block, and a block per resample.
        for (seed, n, resamples, skew) in [
            (1, 2, 1, false),
            (2, 3, 2000, true),
            (3, 700, 1001, false),
            (4, 5_000, 333, true),
            (5, 300_000, 3, false),
        ] {
            let values = random_values(seed, n, skew);
            let mut theirs = SplitMix64::new(seed);
            let expected = reference_bootstrap(&values, resamples, &mut theirs);
            for threads in [1, 2, 3] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let mut ours = SplitMix64::new(seed);
                let got = pool.install(|| bootstrap_mean(&values, resamples, &mut ours));
                assert_eq!(
                    (got.0.to_bits(), got.1.to_bits()),
                    (expected.0.to_bits(), expected.1.to_bits()),
                    "seed {seed}, n {n}, B {resamples}, {threads} threads"
                );
                assert_eq!(
                    ours, theirs,
                    "the stream is left where drawing in order leaves it"
                );
            }
        }
    }

    #[test]
    fn one_value_gives_a_zero_width_interval() {
        assert_eq!(
            bootstrap_mean(&[0.3], 100, &mut SplitMix64::new(1)),
            (0.3, 0.3)
        );
        let only = article(&[0.5]);
        let o = outlet_score("x", &[&only], 2, &Bootstrap::default());
        assert_eq!(
            (o.slant_low, o.slant, o.slant_high),
            (Some(0.5), Some(0.5), Some(0.5))
        );
        assert_eq!(
            (o.interval_basis, o.interval_n),
            (Some(IntervalBasis::Sentences), 1)
        );
    }

    #[test]
    fn percentile_ranks_follow_the_documented_rule() {
        assert_eq!(percentile_ranks(10_000), (250, 9749));
        assert_eq!(percentile_ranks(1000), (25, 974));
        assert_eq!(percentile_ranks(1), (0, 0));
        assert_eq!(percentile_ranks(7), (0, 6));
        assert_eq!(percentile_ranks(40), (1, 38));
        assert_eq!(percentile_ranks(200), (5, 194));
    }

    #[test]
    fn intervals_are_reproducible_and_independent_of_other_outlets() {
        let (a, b, c) = (
            article(&[0.1, 0.5]),
            article(&[-0.4]),
            article(&[0.9, 0.2, -0.1]),
        );
        let boot = Bootstrap {
            resamples: 500,
            seed: 7,
        };
        let first = outlet_score("UPI", &[&a, &b, &c], 2, &boot);
        assert_eq!(first, outlet_score("UPI", &[&a, &b, &c], 2, &boot));
        // Another outlet's existence cannot matter: the stream depends on the name and seed only.
        let _other = outlet_score("nsnbc", &[&b], 2, &boot);
        assert_eq!(first, outlet_score("UPI", &[&a, &b, &c], 2, &boot));
        let reseeded = outlet_score("UPI", &[&a, &b, &c], 2, &Bootstrap { seed: 8, ..boot });
        assert_ne!(first.slant_low, reseeded.slant_low);
        assert_eq!(first.slant, reseeded.slant);
        assert_ne!(
            outlet_rng(7, "UPI").next_u64(),
            outlet_rng(7, "upi").next_u64()
        );
    }

    #[test]
    fn outlet_counts_shares_and_leaves_out_empty_articles() {
        let (a, b, empty) = (article(&[0.5, 0.5, -0.5]), article(&[-1.0]), article(&[]));
        let o = outlet_score(
            "o",
            &[&a, &empty, &b],
            2,
            &Bootstrap {
                resamples: 200,
                seed: 1,
            },
        );
        assert_eq!(o.shares, Some(vec![0.5, 0.5]));
        let expected = (a.slant.unwrap() + b.slant.unwrap()) / 2.0;
        assert_eq!(o.slant, Some(expected));
        assert_eq!(
            (o.interval_basis, o.interval_n),
            (Some(IntervalBasis::Articles), 2)
        );
        let (low, high) = (o.slant_low.unwrap(), o.slant_high.unwrap());
        assert!(low <= expected && expected <= high);
        let none = outlet_score("e", &[&empty], 2, &Bootstrap::default());
        assert_eq!(
            (none.shares, none.slant, none.slant_low),
            (None, None, None)
        );
    }

    #[test]
    fn a_tally_keeps_sentence_slants_only_while_one_article_has_a_slant() {
        let mut tally = OutletTally::new(2);
        tally.add(&article(&[]));
        tally.add(&article(&[0.5, -0.25, 1.0]));
        assert_eq!(tally.only_article, [0.5, -0.25, 1.0]);
        let one = tally.score("o", &Bootstrap::default());
        assert_eq!(
            (one.interval_basis, one.interval_n),
            (Some(IntervalBasis::Sentences), 3)
        );
        tally.add(&article(&[0.1]));
        assert!(
            tally.only_article.is_empty(),
            "dropped at the second article"
        );
        tally.add(&article(&[0.2, 0.3]));
        assert!(tally.only_article.is_empty());
        let all = [
            article(&[]),
            article(&[0.5, -0.25, 1.0]),
            article(&[0.1]),
            article(&[0.2, 0.3]),
        ];
        let refs: Vec<&ArticleScore> = all.iter().collect();
        let boot = Bootstrap::default();
        assert_eq!(tally.score("o", &boot), outlet_score("o", &refs, 2, &boot));
        assert_eq!(tally.score("o", &boot).interval_n, 3);
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn outlets_sort_by_slant_then_name() {
        let mut v = [
            (Some(0.1), "b"),
            (None, "a"),
            (Some(0.5), "z"),
            (Some(0.1), "a"),
        ];
        v.sort_by(|x, y| outlet_order(*x, *y));
        assert_eq!(
            v,
            [
                (Some(0.5), "z"),
                (Some(0.1), "a"),
                (Some(0.1), "b"),
                (None, "a")
            ]
        );
    }
}
