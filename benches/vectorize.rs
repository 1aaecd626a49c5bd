//! Tokenize and vectorize throughput over the FNC-1 article bodies (../shared/data/fnc-1), in MB/s.
//! Each bench asserts its term or nonzero count inside the loop, so a broken tokenizer that does
//! less work cannot look fast. Skips with a message when ../shared is not beside the repo.

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use slant::corpus::{TableOptions, read_text_column};
use slant::features::{Tfidf, TfidfParams};
use slant::text::{Analyzer, AnalyzerConfig, AnalyzerKind};

fn fnc1_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/fnc-1/train_bodies.csv")
}

static BODIES: LazyLock<Vec<String>> = LazyLock::new(|| {
    read_text_column(&fnc1_path(), &TableOptions::default(), "articleBody", None)
        .map(|c| c.texts)
        .unwrap_or_default()
});

fn total_bytes() -> usize {
    BODIES.iter().map(String::len).sum()
}

fn count_terms(analyzer: &Analyzer) -> usize {
    let mut n = 0;
    for body in BODIES.iter() {
        analyzer.analyze(body, &mut |_| n += 1);
    }
    n
}

fn word_params(ngrams: (usize, usize)) -> TfidfParams {
    TfidfParams {
        analyzer: AnalyzerConfig {
            ngrams,
            ..AnalyzerConfig::default()
        },
        ..TfidfParams::default()
    }
}

#[divan::bench(args = [(1, 1), (1, 2)])]
fn tokenize_words(bencher: Bencher, ngrams: (usize, usize)) {
    let analyzer = Analyzer::new(AnalyzerConfig {
        ngrams,
        ..AnalyzerConfig::default()
    })
    .unwrap();
    let expected = count_terms(&analyzer);
    bencher
        .counter(BytesCount::new(total_bytes()))
        .bench(|| assert_eq!(count_terms(&analyzer), expected));
}

#[divan::bench]
fn tokenize_char_wb_2_5(bencher: Bencher) {
    let config = AnalyzerConfig {
        kind: AnalyzerKind::CharWb,
        ngrams: (2, 5),
        ..AnalyzerConfig::default()
    };
    let analyzer = Analyzer::new(config).unwrap();
    let expected = count_terms(&analyzer);
    bencher
        .counter(BytesCount::new(total_bytes()))
        .bench(|| assert_eq!(count_terms(&analyzer), expected));
}

#[divan::bench(args = [(1, 1), (1, 2)], sample_count = 10)]
fn fit(bencher: Bencher, ngrams: (usize, usize)) {
    let params = word_params(ngrams);
    let expected = params.fit(&BODIES).unwrap().vocabulary().len();
    bencher
        .counter(BytesCount::new(total_bytes()))
        .bench(|| assert_eq!(params.fit(&BODIES).unwrap().vocabulary().len(), expected));
}

fn nonzeros(tfidf: &Tfidf) -> usize {
    BODIES
        .iter()
        .map(|b| tfidf.transform(b).indices.len())
        .sum()
}

#[divan::bench(args = [(1, 1), (1, 2)], sample_count = 10)]
fn transform(bencher: Bencher, ngrams: (usize, usize)) {
    let tfidf = word_params(ngrams).fit(&BODIES).unwrap();
    let expected = nonzeros(&tfidf);
    bencher
        .counter(BytesCount::new(total_bytes()))
        .bench(|| assert_eq!(nonzeros(&tfidf), expected));
}

fn main() {
    if BODIES.is_empty() {
        eprintln!(
            "skipping: {} not found (the benches read ../shared beside the repo)",
            fnc1_path().display()
        );
        return;
    }
    eprintln!(
        "FNC-1 train bodies: {} documents, {:.1} MB",
        BODIES.len(),
        total_bytes() as f64 / 1e6
    );
    divan::main();
}
