//! Throughput of the stages after tokenizing, on real data from ../shared: sentence splitting of the
//! FNC-1 bodies, scoring their sentences with a word 1-2-gram model trained on Financial
//! PhraseBank, training on PhraseBank (50Agree) and SemEval-2016, and one large outlet's bootstrap
//! interval. Each bench asserts a count or checksum inside the loop (sentences found, labels
//! predicted per class, the fitted weights' sum bit for bit, the interval around the mean), so a
//! stage that silently does less work cannot look fast. Skips with a message when ../shared is not
//! beside the repo.

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use rayon::prelude::*;
use slant::aggregate::{bootstrap_mean, mean};
use slant::corpus::{TableOptions, read_text_column};
use slant::features::{Scratch, SparseRow, TfidfParams};
use slant::model::{
    ClassWeight, Classifier, Labelled, LogisticParams, Poles, TrainParams, Trained, TrainingInfo,
    train,
};
use slant::rng::SplitMix64;
use slant::text::{AnalyzerConfig, split_sentences};

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path)
}

static BODIES: LazyLock<Vec<String>> = LazyLock::new(|| {
    read_text_column(
        &shared("fnc-1/train_bodies.csv"),
        &TableOptions::default(),
        "articleBody",
        None,
    )
    .map(|c| c.texts)
    .unwrap_or_default()
});

/// The sentences of every FNC-1 train body, as slant splits them.
static SENTENCES: LazyLock<Vec<String>> = LazyLock::new(|| {
    BODIES
        .iter()
        .flat_map(|b| {
            split_sentences(b)
                .into_iter()
                .map(|s| s.text(b).to_string())
                .collect::<Vec<_>>()
        })
        .collect()
});

/// `(texts, labels)` of a file of `text@label` lines in Latin-1 (Financial PhraseBank).
fn phrasebank() -> (Vec<String>, Vec<String>) {
    let bytes =
        std::fs::read(shared("financial-phrasebank/Sentences_50Agree.txt")).unwrap_or_default();
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    text.lines()
        .filter_map(|l| l.rsplit_once('@'))
        .map(|(t, l)| (t.to_string(), l.trim().to_string()))
        .unzip()
}

/// `(texts, stances)` of SemEval-2016 Task 6 train + trial (tab-separated, Windows-1252).
fn semeval() -> (Vec<String>, Vec<String>) {
    let mut pairs = Vec::new();
    for name in [
        "trainingdata-all-annotations.txt",
        "trialdata-all-annotations.txt",
    ] {
        let bytes = std::fs::read(shared(&format!("semeval2016-task6/{name}"))).unwrap_or_default();
        let text: String = bytes.iter().map(|&b| char::from(b)).collect();
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() > 3 {
                pairs.push((cols[2].to_string(), cols[3].to_string()));
            }
        }
    }
    pairs.into_iter().unzip()
}

fn labelled((texts, labels): (Vec<String>, Vec<String>)) -> Labelled {
    Labelled::new(texts, &labels, None).expect("two or more classes")
}

/// Word 1-2-gram TF-IDF and C = 1, as the side-by-side comparison with scikit-learn uses.
fn params() -> TrainParams {
    TrainParams {
        features: vec![TfidfParams {
            analyzer: AnalyzerConfig {
                ngrams: (1, 2),
                ..AnalyzerConfig::default()
            },
            ..TfidfParams::default()
        }],
        logistic: LogisticParams {
            tol: 1e-4,
            ..LogisticParams::default()
        },
        c: Some(1.0),
        c_grid: Vec::new(),
        search_folds: 5,
        seed: 42,
    }
}

fn bytes_of(texts: &[String]) -> usize {
    texts.iter().map(String::len).sum()
}

#[divan::bench(sample_count = 10)]
fn split_fnc1_bodies(bencher: Bencher) {
    let expected = SENTENCES.len();
    bencher
        .counter(BytesCount::new(bytes_of(&BODIES)))
        .bench(|| {
            let n: usize = BODIES.iter().map(|b| split_sentences(b).len()).sum();
            assert_eq!(n, expected);
        });
}

/// Predicted labels per class over every FNC-1 sentence.
/// A classifier of `trained`, as `slant train` saves it: scoring goes through
/// [`Classifier::score_into`], the path `classify` and `predict` take (fused idf and weights).
fn classifier(trained: Trained, data: &Labelled) -> Classifier {
    let info = TrainingInfo {
        created: String::new(),
        slant_version: String::new(),
        inputs: Vec::new(),
        text_column: "text".into(),
        label_column: "label".into(),
        rows: data.texts.len(),
        class_counts: data.class_counts(),
        c: trained.c,
        c_search: None,
        class_weight: ClassWeight::Uniform,
        max_iter: 1000,
        tol: 1e-4,
        convergence: trained.convergence,
        cv: None,
        split: None,
    };
    let poles = Poles::resolve(&data.classes, None, None).expect("poles");
    Classifier::new(
        trained.features,
        trained.model,
        data.classes.clone(),
        poles,
        info,
    )
    .expect("a consistent classifier")
}

/// Sentences predicted per class.
fn label_counts(classifier: &Classifier) -> Vec<usize> {
    let mut scratch = Scratch::default();
    let mut row = SparseRow::default();
    let mut p = vec![0.0; classifier.classes().len()];
    let mut counts = vec![0; p.len()];
    for s in SENTENCES.iter() {
        counts[classifier.score_into(s, &mut scratch, &mut row, &mut p)] += 1;
    }
    counts
}

#[divan::bench(sample_count = 10)]
fn score_fnc1_sentences(bencher: Bencher) {
    let data = labelled(phrasebank());
    let classifier = classifier(train(&params(), &data).expect("training"), &data);
    let expected = label_counts(&classifier);
    assert_eq!(expected.iter().sum::<usize>(), SENTENCES.len());
    bencher
        .counter(BytesCount::new(bytes_of(&SENTENCES)))
        .bench(|| assert_eq!(label_counts(&classifier), expected));
}

fn weight_checksum(trained: &Trained) -> u64 {
    trained.model.weights().iter().sum::<f64>().to_bits()
}

#[divan::bench(args = ["phrasebank-50agree", "semeval-2016"], sample_count = 5)]
fn train_word_1_2(bencher: Bencher, data: &str) {
    let data = labelled(match data {
        "semeval-2016" => semeval(),
        _ => phrasebank(),
    });
    let first = train(&params(), &data).expect("training");
    assert!(first.convergence.converged, "{:?}", first.convergence);
    let expected = weight_checksum(&first);
    bencher
        .counter(BytesCount::new(bytes_of(&data.texts)))
        .bench(|| {
            assert_eq!(
                weight_checksum(&train(&params(), &data).expect("training")),
                expected
            )
        });
}

/// The intervals of `outlets` large outlets as `slant predict` draws them, outlets in parallel:
/// B = 10 000 resamples of 5 000 article slants each, counted in draws. With 5 outlets on 2 cores
/// it shows whether one outlet's resamples still use the idle core at the end.
#[divan::bench(args = [1, 5], sample_count = 10)]
fn bootstrap_outlet_intervals(bencher: Bencher, outlets: usize) {
    let (resamples, n) = (10_000, 5_000);
    let slants: Vec<Vec<f64>> = (0..outlets)
        .map(|outlet| {
            let mut rng = SplitMix64::new(outlet as u64);
            (0..n)
                .map(|_| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0)
                .collect()
        })
        .collect();
    bencher
        .counter(ItemsCount::new(outlets * resamples * n))
        .bench(|| {
            slants.par_iter().for_each(|values| {
                let centre = mean(values).expect("values");
                let (low, high) = bootstrap_mean(values, resamples, &mut SplitMix64::new(42));
                assert!(low <= centre && centre <= high && low < high);
            })
        });
}

fn main() {
    if BODIES.is_empty() {
        eprintln!(
            "skipping: {} not found (the benches read ../shared beside the repo)",
            shared("fnc-1/train_bodies.csv").display()
        );
        return;
    }
    eprintln!(
        "FNC-1 train bodies: {} documents, {:.1} MB, {} sentences",
        BODIES.len(),
        bytes_of(&BODIES) as f64 / 1e6,
        SENTENCES.len()
    );
    divan::main();
}
