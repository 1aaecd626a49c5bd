//! TF-IDF parity with scikit-learn fixtures.
//!
//! The fixtures in `tests/fixtures/tfidf/` were written by `scripts/make_tfidf_fixtures.py` with
//! scikit-learn 1.9.1; these tests only read them (no Python needed). For every configuration they
//! check that slant's vocabulary equals scikit-learn's exactly and that every idf value and every
//! TF-IDF value, for the corpus and for unseen documents, is within 1e-9 (absolute).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use slant::features::{SparseRow, Tfidf, TfidfParams};

/// Largest absolute difference accepted between slant and scikit-learn.
const TOLERANCE: f64 = 1e-9;

/// The shared corpus and unseen documents.
#[derive(Deserialize)]
struct Corpus {
    corpus: Vec<String>,
    unseen: Vec<String>,
}

/// One configuration's expected output.
#[derive(Deserialize)]
struct Fixture {
    name: String,
    params: TfidfParams,
    vocabulary: Vec<String>,
    idf: Option<Vec<f64>>,
    fit_rows: Vec<Row>,
    transform_rows: Vec<Row>,
}

/// A sparse row as the fixture stores it.
#[derive(Deserialize)]
struct Row {
    indices: Vec<u32>,
    values: Vec<f64>,
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tfidf")
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn corpus() -> Corpus {
    read_json(&fixture_dir().join("corpus.json"))
}

fn fixture(name: &str) -> Fixture {
    let fixture: Fixture = read_json(&fixture_dir().join(format!("{name}.json")));
    assert_eq!(fixture.name, name);
    fixture
}

/// Largest absolute difference between two rows, after checking they have the same columns.
fn row_difference(what: &str, got: &SparseRow, want: &Row) -> f64 {
    assert_eq!(got.indices, want.indices, "{what}: columns differ");
    assert_eq!(
        got.values.len(),
        want.values.len(),
        "{what}: value count differs"
    );
    got.values
        .iter()
        .zip(&want.values)
        .map(|(g, w)| (g - w).abs())
        .fold(0.0, f64::max)
}

/// Fits and transforms as the fixture's configuration says; returns the largest difference seen.
fn check(name: &str) -> f64 {
    let fixture = fixture(name);
    let corpus = corpus();
    let (tfidf, rows) = fixture
        .params
        .fit_transform(&corpus.corpus)
        .unwrap_or_else(|e| panic!("{name}: fit failed: {e}"));
    assert_eq!(
        tfidf.vocabulary().terms(),
        fixture.vocabulary,
        "{name}: vocabulary"
    );

    let mut worst: f64 = 0.0;
    if let Some(idf) = &fixture.idf {
        assert_eq!(tfidf.idf().len(), idf.len(), "{name}: idf length");
        for (i, (got, want)) in tfidf.idf().iter().zip(idf).enumerate() {
            let diff = (got - want).abs();
            assert!(
                diff <= TOLERANCE,
                "{name}: idf of {:?}: {got} vs {want}",
                fixture.vocabulary[i]
            );
            worst = worst.max(diff);
        }
    }
    assert_eq!(rows.len(), fixture.fit_rows.len(), "{name}: row count");
    for (d, (got, want)) in rows.iter().zip(&fixture.fit_rows).enumerate() {
        worst = worst.max(row_difference(&format!("{name}: fit row {d}"), got, want));
    }
    worst = worst.max(check_transform(name, &tfidf, &corpus, &fixture));
    worst = worst.max(check_fit_alone(
        name,
        &fixture.params,
        &corpus,
        &tfidf,
        &rows,
    ));
    assert!(
        worst <= TOLERANCE,
        "{name}: largest difference {worst:e} exceeds {TOLERANCE:e}"
    );
    worst
}

/// Unseen documents, transformed with the fitted idf, match scikit-learn's `transform`.
fn check_transform(name: &str, tfidf: &Tfidf, corpus: &Corpus, fixture: &Fixture) -> f64 {
    assert_eq!(
        corpus.unseen.len(),
        fixture.transform_rows.len(),
        "{name}: unseen count"
    );
    let mut worst: f64 = 0.0;
    for (d, (doc, want)) in corpus
        .unseen
        .iter()
        .zip(&fixture.transform_rows)
        .enumerate()
    {
        let got = tfidf.transform(doc);
        worst = worst.max(row_difference(
            &format!("{name}: unseen row {d}"),
            &got,
            want,
        ));
    }
    worst
}

/// `fit` then `transform` of each corpus document gives exactly `fit_transform`'s results, and a
/// vectorizer rebuilt by `from_parts` (as a loaded model is) transforms identically.
fn check_fit_alone(
    name: &str,
    params: &TfidfParams,
    corpus: &Corpus,
    fitted: &Tfidf,
    rows: &[SparseRow],
) -> f64 {
    let alone = params
        .fit(&corpus.corpus)
        .unwrap_or_else(|e| panic!("{name}: fit failed: {e}"));
    assert_eq!(
        alone.vocabulary(),
        fitted.vocabulary(),
        "{name}: fit vs fit_transform vocabulary"
    );
    assert_eq!(
        alone.idf(),
        fitted.idf(),
        "{name}: fit vs fit_transform idf"
    );
    let terms = fitted.vocabulary().terms().to_vec();
    let loaded = Tfidf::from_parts(params.clone(), terms, fitted.idf().to_vec())
        .unwrap_or_else(|e| panic!("{name}: from_parts failed: {e}"));
    let mut worst: f64 = 0.0;
    for (d, (doc, row)) in corpus.corpus.iter().zip(rows).enumerate() {
        let again = loaded.transform(doc);
        assert_eq!(
            again.indices, row.indices,
            "{name}: transform of corpus row {d}"
        );
        for (a, b) in again.values.iter().zip(&row.values) {
            worst = worst.max((a - b).abs());
        }
    }
    worst
}

macro_rules! parity_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*

        /// Every configuration's fixture file has a test above, and the other way round.
        #[test]
        fn every_fixture_is_tested() {
            let tested = [$(stringify!($name)),*];
            let mut found: Vec<String> = std::fs::read_dir(fixture_dir())
                .map(|dir| {
                    dir.filter_map(|e| e.ok())
                        .filter_map(|e| e.file_name().into_string().ok())
                        .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
                        .filter(|f| f != "corpus")
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            let mut tested: Vec<String> = tested.iter().map(|s| s.to_string()).collect();
            tested.sort();
            assert_eq!(found, tested);
        }

        /// The largest difference over every configuration, printed for the record.
        #[test]
        fn largest_difference_over_all_fixtures() {
            let worst = [$(check(stringify!($name))),*].into_iter().fold(0.0, f64::max);
            println!("largest |slant - scikit-learn| over all fixtures: {worst:e}");
            assert!(worst <= TOLERANCE);
        }
    };
}

parity_tests!(
    word_1_1,
    word_1_2,
    word_1_2_sublinear,
    word_2_3,
    word_no_smooth_idf,
    word_1_2_sublinear_no_smooth_idf,
    char_wb_2_5,
    char_wb_2_5_sublinear,
    min_df_count_2,
    min_df_fraction,
    max_df_count_3,
    max_df_fraction,
    max_features_10,
    max_features_tie_cut,
    max_features_tie_inside,
    whitespace_1_2_sublinear,
    stop_words_1_2,
    lowercase_off,
    binary_l1,
    no_idf_no_norm,
);
