//! TF-IDF with exactly scikit-learn's `TfidfVectorizer` arithmetic: fit once on a corpus (count
//! terms, prune by document frequency and `max_features`, sort the vocabulary, compute idf), then
//! transform any later text with the idf fitted then, into sparse rows. Owns counting, pruning and
//! weighting; must not read or write files (model saving belongs to callers, who use
//! [`Tfidf::params`], [`Vocabulary::terms`], [`Tfidf::idf`] and [`Tfidf::from_parts`]).
//!
//! `max_features` ties: scikit-learn ranks terms by `(-counts).argsort()`, NumPy's default
//! *unstable* sort, whose order among equal counts depends on the array size and on the CPU's SIMD
//! support (AVX-512 machines differ from others). We break ties deterministically and stably: among
//! terms with the same total count the one earlier in code-point order is kept. This always picks a
//! valid top-k and equals scikit-learn whenever no tie straddles the cut.

use std::cmp::Reverse;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::counts::{CorpusCounts, DROPPED, count_corpus};
use crate::features::grams::{NONE, Words};
use crate::features::lookup::GramLookup;
use crate::features::{SparseRow, Vocabulary};
use crate::text::{Analyzer, AnalyzerConfig, AnalyzerKind};

/// A document-frequency bound: an absolute count or a fraction of the documents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocFreq {
    /// At least / at most this many documents.
    Count(usize),
    /// At least / at most this fraction of the documents.
    Fraction(f64),
}

/// Row normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Norm {
    /// Unit Euclidean length.
    L2,
    /// Unit sum of absolute values.
    L1,
    /// No normalisation.
    None,
}

/// TF-IDF settings, with scikit-learn's `TfidfVectorizer` defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfParams {
    /// How text becomes terms.
    pub analyzer: AnalyzerConfig,
    /// Drop terms in fewer documents than this.
    pub min_df: DocFreq,
    /// Drop terms in more documents than this.
    pub max_df: DocFreq,
    /// Keep only the most frequent terms.
    pub max_features: Option<usize>,
    /// Count presence (0/1) instead of occurrences.
    pub binary: bool,
    /// Weight by inverse document frequency.
    pub use_idf: bool,
    /// Add one to document frequencies as if a document held every term once.
    pub smooth_idf: bool,
    /// Use 1 + ln(tf) instead of tf.
    pub sublinear_tf: bool,
    /// Row normalisation.
    pub norm: Norm,
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            analyzer: AnalyzerConfig::default(),
            min_df: DocFreq::Count(1),
            max_df: DocFreq::Fraction(1.0),
            max_features: None,
            binary: false,
            use_idf: true,
            smooth_idf: true,
            sublinear_tf: false,
            norm: Norm::L2,
        }
    }
}

/// A fitted TF-IDF vectorizer: vocabulary and idf.
#[derive(Debug, Clone)]
pub struct Tfidf {
    params: TfidfParams,
    analyzer: Analyzer,
    vocabulary: Vocabulary,
    idf: Vec<f64>,
    /// Word n-gram columns by word ids (word analyzer only); derived from the vocabulary.
    grams: Option<WordColumns>,
}

/// The vocabulary's word n-grams as word ids → columns, so transforming never builds an n-gram
/// string; rebuilt from the terms whenever a vectorizer is fitted or loaded.
#[derive(Debug, Clone)]
struct WordColumns {
    words: Words,
    columns: GramLookup,
}

impl WordColumns {
    /// The index of `vocabulary`'s terms, each split at its spaces into words.
    fn new(vocabulary: &Vocabulary) -> Result<WordColumns> {
        let mut words = Words::default();
        let mut ids: Vec<u32> = Vec::new();
        let mut grams: Vec<(usize, u32)> = Vec::with_capacity(vocabulary.len());
        for (column, term) in (0u32..).zip(vocabulary.terms()) {
            for word in term.split(' ') {
                ids.push(words.get_or_insert(word)?);
            }
            grams.push((ids.len(), column));
        }
        let mut start = 0;
        let columns = GramLookup::new(grams.iter().map(|&(end, column)| {
            let gram = &ids[start..end];
            start = end;
            (gram, column)
        }));
        Ok(WordColumns { words, columns })
    }
}

/// Buffers reused across documents by [`Tfidf::transform_into`], so transforming allocates nothing
/// per document once they have grown.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    text: String,
    ids: Vec<u32>,
    columns: Vec<u32>,
    keys: Vec<u64>,
}

impl TfidfParams {
    /// Checks every setting (n-grams, df bounds, `max_features`) without touching any data.
    pub fn validate(&self) -> Result<()> {
        self.analyzer().map(|_| ())
    }

    /// Learns the vocabulary and idf from `docs`.
    pub fn fit<S: AsRef<str> + Sync>(&self, docs: &[S]) -> Result<Tfidf> {
        let analyzer = self.analyzer()?;
        let counts = count_corpus(&analyzer, docs)?;
        let (tfidf, _) = self.fit_counts(analyzer, &counts)?;
        Ok(tfidf)
    }

    /// Learns the vocabulary and idf from `docs` and returns every document's row, analyzing each
    /// document only once. The rows are weighed in parallel, each on its own, so they are the same
    /// on any number of threads.
    pub fn fit_transform<S: AsRef<str> + Sync>(
        &self,
        docs: &[S],
    ) -> Result<(Tfidf, Vec<SparseRow>)> {
        let analyzer = self.analyzer()?;
        let counts = count_corpus(&analyzer, docs)?;
        let (tfidf, remap) = self.fit_counts(analyzer, &counts)?;
        let rows = (0..counts.n_docs())
            .into_par_iter()
            .map_init(Vec::new, |pairs, d| {
                counts.doc_columns(d, &remap, pairs);
                tfidf.weigh(pairs.iter().copied())
            })
            .collect();
        Ok((tfidf, rows))
    }

    /// The analyzer these settings describe, after checking all settings.
    fn analyzer(&self) -> Result<Analyzer> {
        check_doc_freq("--min-df", self.min_df)?;
        check_doc_freq("--max-df", self.max_df)?;
        if self.max_features == Some(0) {
            return Err(Error::usage(
                "--max-features",
                "must be at least 1 (or left out to keep every term)",
            ));
        }
        Analyzer::new(self.analyzer.clone())
    }

    /// Prunes and sorts the counted terms and computes idf; returns the vectorizer and each
    /// temporary term id's column ([`DROPPED`] for pruned terms).
    fn fit_counts(&self, analyzer: Analyzer, counts: &CorpusCounts) -> Result<(Tfidf, Vec<u32>)> {
        let selection = self.select_terms(counts)?;
        let n_docs = counts.n_docs();
        let idf = selection
            .df
            .iter()
            .map(|&df| idf(df, n_docs, self.smooth_idf))
            .collect();
        let vocabulary = Vocabulary::from_sorted(selection.terms)?;
        let tfidf = Tfidf::assemble(self.clone(), analyzer, vocabulary, idf)?;
        Ok((tfidf, selection.remap))
    }

    /// scikit-learn's `_limit_features` after `_sort_features`: df bounds, then `max_features`.
    fn select_terms(&self, counts: &CorpusCounts) -> Result<Selection> {
        let n_docs = counts.n_docs();
        if counts.terms.is_empty() {
            return Err(Error::Invalid(format!(
                "empty vocabulary; perhaps the documents only contain stop words \
                 ({n_docs} documents, none with a term of two or more letters or digits)"
            )));
        }
        let (df, total) = counts.frequencies(self.binary);
        let max_docs = doc_count(self.max_df, n_docs);
        let min_docs = doc_count(self.min_df, n_docs);
        if max_docs < min_docs {
            return Err(Error::Invalid(format!(
                "max_df corresponds to < documents than min_df: with {n_docs} documents, \
                 max_df {} allows at most {max_docs} documents but min_df {} needs at least \
                 {min_docs}; raise max_df or lower min_df",
                describe(self.max_df),
                describe(self.min_df)
            )));
        }
        let mut kept: Vec<u32> = (0..counts.n_terms()).collect();
        kept.sort_unstable_by(|&a, &b| counts.terms[a as usize].cmp(&counts.terms[b as usize]));
        kept.retain(|&id| {
            let df = df[id as usize] as f64;
            df <= max_docs && df >= min_docs
        });
        if let Some(limit) = self.max_features {
            kept = most_frequent(kept, &total, limit);
        }
        if kept.is_empty() {
            return Err(Error::Invalid(format!(
                "After pruning, no terms remain. Try a lower min_df or a higher max_df. \
                 (With {n_docs} documents, min_df {} keeps terms in at least {min_docs} \
                 documents and max_df {} those in at most {max_docs}.)",
                describe(self.min_df),
                describe(self.max_df)
            )));
        }
        Ok(Selection::new(counts, &kept, &df))
    }

    /// The weight of a term seen `count` times in a document, before idf and normalisation.
    fn term_frequency(&self, count: u32) -> f64 {
        let tf = if self.binary { 1.0 } else { f64::from(count) };
        if self.sublinear_tf { tf.ln() + 1.0 } else { tf }
    }
}

impl Tfidf {
    /// A fitted vectorizer from saved parts: `terms` strictly increasing, one finite idf per term.
    pub fn from_parts(params: TfidfParams, terms: Vec<String>, idf: Vec<f64>) -> Result<Tfidf> {
        let analyzer = params.analyzer()?;
        if terms.len() != idf.len() {
            return Err(Error::Invalid(format!(
                "the model has {} terms but {} idf values; the model file is damaged",
                terms.len(),
                idf.len()
            )));
        }
        if terms.is_empty() {
            return Err(Error::Invalid(
                "the model has no terms; the model file is damaged".into(),
            ));
        }
        if let Some((term, value)) = terms.iter().zip(&idf).find(|(_, v)| !v.is_finite()) {
            return Err(Error::Invalid(format!(
                "the idf of {term:?} is {value}, not a finite number; the model file is damaged"
            )));
        }
        let vocabulary = Vocabulary::from_sorted(terms)?;
        Tfidf::assemble(params, analyzer, vocabulary, idf)
    }

    /// A vectorizer from its parts, with the derived word n-gram index built.
    fn assemble(
        params: TfidfParams,
        analyzer: Analyzer,
        vocabulary: Vocabulary,
        idf: Vec<f64>,
    ) -> Result<Tfidf> {
        let grams = match analyzer.config().kind {
            AnalyzerKind::Word => Some(WordColumns::new(&vocabulary)?),
            AnalyzerKind::CharWb => None,
        };
        Ok(Tfidf {
            params,
            analyzer,
            vocabulary,
            idf,
            grams,
        })
    }

    /// The settings this vectorizer was fitted with.
    pub fn params(&self) -> &TfidfParams {
        &self.params
    }

    /// The analyzer that turns text into this vectorizer's terms.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The fitted vocabulary.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The fitted idf, one per vocabulary term (computed even when `use_idf` is off, then unused).
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// The TF-IDF row of `doc`; terms not in the vocabulary are ignored.
    pub fn transform(&self, doc: &str) -> SparseRow {
        let mut row = SparseRow::default();
        self.transform_into(doc, 0, &mut Scratch::default(), &mut row);
        row
    }

    /// Appends the TF-IDF entries of `doc` to `row`, columns shifted by `offset` (for blocks of a
    /// union), normalising only the appended entries; `scratch` is reused between calls.
    pub fn transform_into(
        &self,
        doc: &str,
        offset: u32,
        scratch: &mut Scratch,
        row: &mut SparseRow,
    ) {
        let start = row.values.len();
        self.term_frequencies_into(doc, offset, scratch, row);
        self.weigh_and_normalize(&mut row.values[start..], &row.indices[start..], |column| {
            // Columns come from this vocabulary, whose length equals idf's (checked on build).
            self.idf[(column - offset) as usize]
        });
    }

    /// The first half of [`Self::transform_into`]: appends `(column + offset, tf)` entries of `doc`
    /// to `row` in column order, not yet weighed by idf nor normalised. For a scorer that keeps
    /// each column's idf beside its weights and so reads one cache line per column, not two.
    pub fn term_frequencies_into(
        &self,
        doc: &str,
        offset: u32,
        scratch: &mut Scratch,
        row: &mut SparseRow,
    ) {
        let Scratch {
            text,
            ids,
            columns,
            keys,
        } = scratch;
        columns.clear();
        match &self.grams {
            Some(index) => {
                ids.clear();
                self.analyzer.words(doc, text, &mut |w| {
                    ids.push(index.words.get(w).unwrap_or(NONE));
                });
                let ngrams = self.analyzer.config().ngrams;
                index.columns.ids_of_windows(ids, ngrams, keys, columns);
            }
            None => self.analyzer.analyze_with(doc, text, &mut |term| {
                columns.extend(self.vocabulary.get(term));
            }),
        }
        columns.sort_unstable();
        for (column, count) in run_lengths(columns) {
            row.indices.push(column + offset);
            row.values.push(self.params.term_frequency(count));
        }
    }

    /// The second half of [`Self::transform_into`]: turns term frequencies of `columns` into
    /// normalised TF-IDF values in place, reading each column's idf from `idf_of`.
    pub fn weigh_and_normalize(
        &self,
        values: &mut [f64],
        columns: &[u32],
        idf_of: impl Fn(u32) -> f64,
    ) {
        if self.params.use_idf {
            for (value, &column) in values.iter_mut().zip(columns) {
                *value *= idf_of(column);
            }
        }
        normalize(values, self.params.norm);
    }

    /// The TF-IDF rows of many documents.
    pub fn transform_all<S: AsRef<str>>(&self, docs: &[S]) -> Vec<SparseRow> {
        docs.iter().map(|d| self.transform(d.as_ref())).collect()
    }

    /// Weights `(column, count)` pairs given in increasing column order into a normalised row.
    fn weigh(&self, pairs: impl Iterator<Item = (u32, u32)>) -> SparseRow {
        let mut row = SparseRow::default();
        self.weigh_into(pairs, 0, &mut row);
        normalize(&mut row.values, self.params.norm);
        row
    }

    /// Appends weighted `(column + offset, tf-idf)` entries to `row`, not normalised.
    fn weigh_into(
        &self,
        pairs: impl Iterator<Item = (u32, u32)>,
        offset: u32,
        row: &mut SparseRow,
    ) {
        for (column, count) in pairs {
            let tf = self.params.term_frequency(count);
            // Columns come from this vocabulary, whose length equals idf's (checked on build).
            let value = if self.params.use_idf {
                tf * self.idf[column as usize]
            } else {
                tf
            };
            row.indices.push(column + offset);
            row.values.push(value);
        }
    }
}

/// Rejects df bounds scikit-learn rejects: counts below 1, fractions outside [0, 1].
fn check_doc_freq(flag: &str, bound: DocFreq) -> Result<()> {
    match bound {
        DocFreq::Count(0) => Err(Error::usage(
            flag,
            "a document count must be at least 1; for a proportion write a fraction such as 0.5",
        )),
        DocFreq::Fraction(f) if !(0.0..=1.0).contains(&f) => Err(Error::usage(
            flag,
            format!("the fraction {f} is outside 0.0-1.0; for a document count write an integer"),
        )),
        _ => Ok(()),
    }
}

/// A df bound as a number of documents: counts as they are, fractions times `n_docs`.
fn doc_count(bound: DocFreq, n_docs: usize) -> f64 {
    match bound {
        DocFreq::Count(c) => c as f64,
        DocFreq::Fraction(f) => f * n_docs as f64,
    }
}

/// A df bound as the user wrote it, for messages.
fn describe(bound: DocFreq) -> String {
    match bound {
        DocFreq::Count(c) => c.to_string(),
        DocFreq::Fraction(f) => format!("{f:?}"),
    }
}

/// scikit-learn's idf: `ln((1 + n) / (1 + df)) + 1` when smoothing, else `ln(n / df) + 1`.
fn idf(df: u64, n_docs: usize, smooth: bool) -> f64 {
    let add = if smooth { 1.0 } else { 0.0 };
    ((n_docs as f64 + add) / (df as f64 + add)).ln() + 1.0
}

/// Scales `values` to unit L2 or L1 norm; an all-zero row stays zero.
fn normalize(values: &mut [f64], norm: Norm) {
    let total = match norm {
        Norm::L2 => values.iter().map(|v| v * v).sum::<f64>().sqrt(),
        Norm::L1 => values.iter().map(|v| v.abs()).sum::<f64>(),
        Norm::None => return,
    };
    if total != 0.0 {
        values.iter_mut().for_each(|v| *v /= total);
    }
}

/// The `limit` ids with the largest total counts, kept in their given (alphabetical) order; the
/// stable sort makes ties go to the alphabetically earlier term (see the module docs).
fn most_frequent(kept: Vec<u32>, total: &[u64], limit: usize) -> Vec<u32> {
    if kept.len() <= limit {
        return kept;
    }
    let mut ranks: Vec<usize> = (0..kept.len()).collect();
    ranks.sort_by_key(|&i| Reverse(total[kept[i] as usize]));
    ranks.truncate(limit);
    ranks.sort_unstable();
    ranks.into_iter().map(|i| kept[i]).collect()
}

/// `(value, run length)` of a sorted slice.
fn run_lengths(sorted: &[u32]) -> impl Iterator<Item = (u32, u32)> + '_ {
    sorted
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len() as u32))
}

/// The kept terms in column order, each temporary id's column, and each column's df.
struct Selection {
    terms: Vec<String>,
    remap: Vec<u32>,
    df: Vec<u64>,
}

impl Selection {
    /// Columns for the `kept` ids, which are in vocabulary (code point) order.
    fn new(counts: &CorpusCounts, kept: &[u32], df: &[u64]) -> Selection {
        let mut remap = vec![DROPPED; counts.terms.len()];
        for (column, &id) in (0u32..).zip(kept) {
            remap[id as usize] = column;
        }
        Selection {
            terms: kept
                .iter()
                .map(|&id| counts.terms[id as usize].clone())
                .collect(),
            remap,
            df: kept.iter().map(|&id| df[id as usize]).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(edit: impl FnOnce(&mut TfidfParams)) -> TfidfParams {
        let mut p = TfidfParams::default();
        edit(&mut p);
        p
    }

    fn fit(p: &TfidfParams, docs: &[&str]) -> (Tfidf, Vec<SparseRow>) {
        match p.fit_transform(docs) {
            Ok(fitted) => fitted,
            Err(e) => panic!("fit failed: {e}"),
        }
    }

    const DOCS: [&str; 4] = [
        "the cat sat",
        "the cat ran",
        "a dog ran far",
        "the the the end",
    ];

    #[test]
    fn vocabulary_is_sorted_and_idf_smoothed() {
        let (tfidf, rows) = fit(&TfidfParams::default(), &DOCS);
        assert_eq!(
            tfidf.vocabulary().terms(),
            ["cat", "dog", "end", "far", "ran", "sat", "the"]
        );
        let the = tfidf.idf()[6];
        assert!((the - ((5.0f64 / 4.0).ln() + 1.0)).abs() < 1e-15);
        for row in &rows {
            assert!(row.indices.windows(2).all(|w| w[0] < w[1]));
            let norm: f64 = row.values.iter().map(|v| v * v).sum();
            assert!((norm - 1.0).abs() < 1e-12);
        }
        assert_eq!(rows[0], tfidf.transform(DOCS[0]));
    }

    #[test]
    fn fit_and_fit_transform_agree() {
        let p = params(|p| p.analyzer.ngrams = (1, 2));
        let (a, _) = fit(&p, &DOCS);
        let Ok(b) = p.fit(&DOCS) else {
            panic!("fit failed")
        };
        assert_eq!(a.vocabulary(), b.vocabulary());
        assert_eq!(a.idf(), b.idf());
    }

    #[test]
    fn max_features_ties_go_to_the_earlier_term() {
        // Totals: the 5, cat 2, ran 2, then five terms once each: keep "the", "cat", "ran", "dog".
        let (tfidf, _) = fit(&params(|p| p.max_features = Some(4)), &DOCS);
        assert_eq!(tfidf.vocabulary().terms(), ["cat", "dog", "ran", "the"]);
    }

    #[test]
    fn sublinear_binary_and_norms() {
        let p = params(|p| {
            p.sublinear_tf = true;
            p.use_idf = false;
            p.norm = Norm::None;
        });
        let (_, rows) = fit(&p, &DOCS);
        assert_eq!(rows[3].values, [1.0, 1.0 + 3.0f64.ln()]);
        let b = params(|p| {
            p.binary = true;
            p.use_idf = false;
            p.norm = Norm::L1;
        });
        let (_, rows) = fit(&b, &DOCS);
        assert_eq!(rows[3].values, [0.5, 0.5]);
    }

    #[test]
    fn empty_and_unknown_documents_give_empty_rows() {
        let (tfidf, rows) = fit(&TfidfParams::default(), &["cat dog", "", "a"]);
        assert!(rows[1].is_empty() && rows[2].is_empty());
        assert!(tfidf.transform("zebra!").is_empty());
    }

    #[test]
    fn impossible_pruning_is_an_error_not_a_panic() {
        let too_strict = params(|p| p.min_df = DocFreq::Count(5));
        assert!(
            matches!(too_strict.fit(&DOCS), Err(Error::Invalid(m)) if m.starts_with("max_df corresponds"))
        );
        let nothing_left = params(|p| p.max_df = DocFreq::Count(1));
        assert!(matches!(
            nothing_left.fit(&["cat dog", "dog cat"]),
            Err(Error::Invalid(m)) if m.starts_with("After pruning")
        ));
        let no_terms = TfidfParams::default().fit(&["a b c", ""]);
        assert!(matches!(no_terms, Err(Error::Invalid(m)) if m.starts_with("empty vocabulary")));
        let none: [&str; 0] = [];
        assert!(TfidfParams::default().fit(&none).is_err());
    }

    #[test]
    fn bad_params_are_usage_errors() {
        let bad = [
            params(|p| p.min_df = DocFreq::Count(0)),
            params(|p| p.max_df = DocFreq::Fraction(1.5)),
            params(|p| p.min_df = DocFreq::Fraction(f64::NAN)),
            params(|p| p.max_features = Some(0)),
            params(|p| p.analyzer.ngrams = (2, 1)),
        ];
        for p in bad {
            assert!(matches!(p.fit(&DOCS), Err(Error::Usage { .. })), "{p:?}");
        }
    }

    #[test]
    fn from_parts_checks_its_input() {
        let p = TfidfParams::default;
        let terms = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(Tfidf::from_parts(p(), terms(&["b", "a"]), vec![1.0, 1.0]).is_err());
        assert!(Tfidf::from_parts(p(), terms(&["a", "a"]), vec![1.0, 1.0]).is_err());
        assert!(Tfidf::from_parts(p(), terms(&["a", "b"]), vec![1.0]).is_err());
        assert!(Tfidf::from_parts(p(), terms(&["a", "b"]), vec![1.0, f64::NAN]).is_err());
        assert!(Tfidf::from_parts(p(), terms(&[]), vec![]).is_err());
        let Ok(loaded) = Tfidf::from_parts(p(), terms(&["cat", "dog"]), vec![1.5, 2.0]) else {
            panic!("valid parts rejected");
        };
        assert_eq!(loaded.transform("dog dog cat").indices, [0, 1]);
    }

    #[test]
    fn saved_and_loaded_vectorizers_transform_alike() {
        let (fitted, _) = fit(&params(|p| p.analyzer.ngrams = (1, 2)), &DOCS);
        let json = serde_json::to_string(fitted.params()).unwrap_or_default();
        let Ok(params) = serde_json::from_str::<TfidfParams>(&json) else {
            panic!("{json}")
        };
        let terms = fitted.vocabulary().terms().to_vec();
        let Ok(loaded) = Tfidf::from_parts(params, terms, fitted.idf().to_vec()) else {
            panic!("reload failed");
        };
        assert_eq!(
            loaded.transform("the cat ran far"),
            fitted.transform("the cat ran far")
        );
    }
}
