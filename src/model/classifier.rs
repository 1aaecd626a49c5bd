//! The classifier: fitted features, the logistic model, the class names, which classes are the poles
//! of the slant score, and how it was trained. Everything predict needs, nothing it doesn't.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::{FeatureUnion, Scratch, SparseRow};
use crate::model::logistic::{ClassWeight, Convergence, LogisticModel};
use crate::model::score_table::ScoreTable;

/// Class-name pairs recognised as (positive pole, negative pole) when none are given.
pub const DEFAULT_POLES: [(&str, &str); 4] = [
    ("pro-cooperation", "skeptical"),
    ("positive", "negative"),
    ("favor", "against"),
    ("pro", "anti"),
];

/// Which classes are the positive and negative poles of the slant score.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Poles {
    /// The class whose probability counts +1.
    pub positive: Option<String>,
    /// The class whose probability counts −1.
    pub negative: Option<String>,
}

impl Poles {
    /// The poles for `classes`: the given labels (which must be classes), else a well-known pair.
    pub fn resolve(
        classes: &[String],
        positive: Option<&str>,
        negative: Option<&str>,
    ) -> Result<Poles> {
        let find = |flag: &str, name: &str| -> Result<String> {
            classes
                .iter()
                .find(|c| c.eq_ignore_ascii_case(name))
                .cloned()
                .ok_or_else(|| {
                    Error::usage(
                        flag,
                        format!(
                            "{name:?} is not one of the classes ({})",
                            classes.join(", ")
                        ),
                    )
                })
        };
        if positive.is_some() || negative.is_some() {
            let positive = positive.map(|p| find("--positive-label", p)).transpose()?;
            let negative = negative.map(|n| find("--negative-label", n)).transpose()?;
            if positive.is_some() && positive == negative {
                return Err(Error::usage(
                    "--negative-label",
                    "must differ from --positive-label",
                ));
            }
            return Ok(Poles { positive, negative });
        }
        for (p, n) in DEFAULT_POLES {
            if let (Ok(p), Ok(n)) = (find("", p), find("", n)) {
                return Ok(Poles {
                    positive: Some(p),
                    negative: Some(n),
                });
            }
        }
        Ok(Poles::default())
    }

    /// Class numbers of the (positive, negative) poles when both are set.
    pub fn indices(&self, classes: &[String]) -> Option<(usize, usize)> {
        let at = |name: &Option<String>| {
            name.as_ref()
                .and_then(|n| classes.iter().position(|c| c == n))
        };
        Some((at(&self.positive)?, at(&self.negative)?))
    }
}

/// One input file of a training run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    /// The file as named on the command line.
    pub file: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Labelled rows read from it.
    pub rows: usize,
}

/// One point of the search for C.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CScore {
    /// The C tried.
    pub c: f64,
    /// Its cross-validated macro-F1.
    pub macro_f1: f64,
}

/// How C was chosen when it was not given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CSearch {
    /// Folds of the internal cross-validation.
    pub folds: usize,
    /// Every C tried with its score.
    pub grid: Vec<CScore>,
}

/// Cross-validated figures recorded in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvSummary {
    /// Number of folds.
    pub folds: usize,
    /// Column whose values kept rows together, if any.
    pub grouped_by: Option<String>,
    /// Mean accuracy over folds.
    pub accuracy: f64,
    /// Standard deviation of accuracy over folds.
    pub accuracy_std: f64,
    /// Mean macro-F1 over folds.
    pub macro_f1: f64,
    /// Standard deviation of macro-F1 over folds.
    pub macro_f1_std: f64,
    /// F1 of each class on the pooled out-of-fold predictions.
    pub per_class_f1: Vec<(String, f64)>,
}

/// How a classifier was trained; shown by `slant inspect` and in reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// When, as an ISO-8601 UTC time (SOURCE_DATE_EPOCH when set, for reproducible files).
    pub created: String,
    /// The slant version that trained it.
    pub slant_version: String,
    /// The training files.
    pub inputs: Vec<InputFile>,
    /// The text column.
    pub text_column: String,
    /// The label column.
    pub label_column: String,
    /// Labelled rows used.
    pub rows: usize,
    /// Rows per class.
    pub class_counts: Vec<(String, usize)>,
    /// The C used.
    pub c: f64,
    /// How C was chosen, when it was not given.
    pub c_search: Option<CSearch>,
    /// Class weighting.
    pub class_weight: ClassWeight,
    /// Iteration limit.
    pub max_iter: u64,
    /// Gradient tolerance.
    pub tol: f64,
    /// How the optimizer finished.
    pub convergence: Convergence,
    /// Cross-validated figures, if computed.
    pub cv: Option<CvSummary>,
    /// The column and value this model was trained for, when one model per value was trained
    /// (`--split-by`).
    #[serde(default)]
    pub split: Option<SplitInfo>,
}

/// Which slice of the data a per-split model covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitInfo {
    /// The split column.
    pub column: String,
    /// The value of that column whose rows the model was trained on.
    pub value: String,
}

/// A trained classifier.
#[derive(Debug, Clone)]
pub struct Classifier {
    features: FeatureUnion,
    model: LogisticModel,
    classes: Vec<String>,
    poles: Poles,
    training: TrainingInfo,
    /// Idf and weights side by side for [`Self::score_into`]; derived, never saved.
    table: Option<ScoreTable>,
}

impl Classifier {
    /// Assembles a classifier, checking that its parts fit together.
    pub fn new(
        features: FeatureUnion,
        model: LogisticModel,
        classes: Vec<String>,
        poles: Poles,
        training: TrainingInfo,
    ) -> Result<Classifier> {
        if features.n_features() != model.n_features() || classes.len() != model.n_classes() {
            return Err(Error::Invalid(format!(
                "the model's parts disagree: {} features and {} classes, weights for {} features and {} classes",
                features.n_features(),
                classes.len(),
                model.n_features(),
                model.n_classes()
            )));
        }
        let table = ScoreTable::new(&features, &model);
        Ok(Classifier {
            features,
            model,
            classes,
            poles,
            training,
            table,
        })
    }

    /// The fitted features.
    pub fn features(&self) -> &FeatureUnion {
        &self.features
    }

    /// The logistic model.
    pub fn model(&self) -> &LogisticModel {
        &self.model
    }

    /// Class names in class-number order.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The slant poles.
    pub fn poles(&self) -> &Poles {
        &self.poles
    }

    /// How it was trained.
    pub fn training(&self) -> &TrainingInfo {
        &self.training
    }

    /// The feature row of `text`.
    pub fn featurize(&self, text: &str) -> SparseRow {
        self.features.transform(text)
    }

    /// The feature row of `text` written into `row`, reusing `scratch` and `row`'s buffers.
    pub fn featurize_into(&self, text: &str, scratch: &mut Scratch, row: &mut SparseRow) {
        self.features.transform_into(text, scratch, row);
    }

    /// Class probabilities of a feature row into `out`; returns the most probable class (first on ties).
    pub fn predict_row(&self, row: &SparseRow, out: &mut [f64]) -> usize {
        self.model.predict_proba(&row.indices, &row.values, out);
        argmax(out)
    }

    /// Class probabilities of `text` into `out` and its feature row into `row` (for explanations),
    /// reusing `scratch`; returns the most probable class (first on ties). The same numbers as
    /// [`Self::featurize_into`] then [`Self::predict_row`], read from the fused idf and weight
    /// table: one cache line per column instead of two or three.
    pub fn score_into(
        &self,
        text: &str,
        scratch: &mut Scratch,
        row: &mut SparseRow,
        out: &mut [f64],
    ) -> usize {
        let Some(table) = &self.table else {
            self.featurize_into(text, scratch, row);
            return self.predict_row(row, out);
        };
        self.features
            .transform_with_idf(text, scratch, row, &|column| table.idf(column));
        table.linear_scores(self.model.intercepts(), &row.indices, &row.values, out);
        self.model.scores_to_probabilities(out);
        argmax(out)
    }

    /// Class probabilities of `text`.
    pub fn predict_proba(&self, text: &str) -> Vec<f64> {
        let mut p = vec![0.0; self.classes.len()];
        self.predict_row(&self.featurize(text), &mut p);
        p
    }

    /// P(positive pole) − P(negative pole), when the model has poles.
    pub fn slant(&self, probabilities: &[f64]) -> Option<f64> {
        let (p, n) = self.poles.indices(&self.classes)?;
        Some(probabilities[p] - probabilities[n])
    }

    /// The weight that pushes feature `j` towards `class`.
    fn class_weight(&self, class: usize, j: usize) -> f64 {
        let row = if self.classes.len() == 2 { 0 } else { class };
        // The fused table holds the same numbers, and right after scoring it is the one in cache.
        let w = match &self.table {
            Some(table) => table.weight(j as u32, row),
            None => self.model.coef(row, j),
        };
        if self.classes.len() == 2 && class == 0 {
            -w
        } else {
            w
        }
    }

    /// The `n` terms of `row` that pushed most towards `class` (weight × tf-idf), largest first.
    pub fn explain(&self, row: &SparseRow, class: usize, n: usize) -> Vec<(String, f64)> {
        let mut kept = TopN::new(n);
        for (&j, &v) in row.indices.iter().zip(&row.values) {
            // Nearly every term is ruled out by the one test against the bar; the test for a
            // positive push, whose outcome is a coin toss, only runs for the few that pass it.
            let push = v * self.class_weight(class, j as usize);
            if push >= kept.bar && push > 0.0 {
                kept.offer((j, push));
            }
        }
        kept.items
            .into_iter()
            .map(|(j, push)| (self.features.feature_name(j), push))
            .collect()
    }

    /// The `n` features with the largest weights towards `class`.
    pub fn top_features(&self, class: usize, n: usize) -> Vec<(String, f64)> {
        let weights = (0..self.features.n_features()).map(|j| (j, self.class_weight(class, j)));
        first_n(weights, n, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)))
            .into_iter()
            .map(|(j, w)| (self.features.feature_name(j as u32), w))
            .collect()
    }
}

/// The first `n` of `items` in `order`, in that order: what a stable sort then truncating to `n`
/// gives, in one pass that keeps at most `n` items. Explanations want 3 terms of each sentence's
/// dozens, and sorting them all was a tenth of `predict`'s time.
fn first_n<T>(
    items: impl Iterator<Item = T>,
    n: usize,
    order: impl Fn(&T, &T) -> Ordering,
) -> Vec<T> {
    let mut kept: Vec<T> = Vec::with_capacity(n.min(64) + 1);
    for item in items {
        keep_if_among_first(&mut kept, item, n, &order);
    }
    kept
}

/// Puts `item` into `kept` (the first at most `n` items so far, in `order`) if it belongs there.
fn keep_if_among_first<T>(
    kept: &mut Vec<T>,
    item: T,
    n: usize,
    order: impl Fn(&T, &T) -> Ordering,
) {
    if n == 0 || (kept.len() == n && order(&item, &kept[n - 1]) != Ordering::Less) {
        return;
    }
    // After every kept item that does not come later, so equal items keep their input order.
    let at = kept.partition_point(|k| order(k, &item) != Ordering::Greater);
    kept.insert(at, item);
    kept.truncate(n);
}

/// The `n` largest (column, push) pairs offered, largest push first and the smaller column first
/// among equal pushes, kept as [`first_n`] keeps them, with the bar a push must reach to enter.
struct TopN {
    n: usize,
    items: Vec<(u32, f64)>,
    /// No push below this can be kept: the smallest kept push once `n` are kept, else 0.
    bar: f64,
}

impl TopN {
    /// Keeps up to `n` pairs.
    fn new(n: usize) -> Self {
        TopN {
            n,
            items: Vec::with_capacity(n.min(64) + 1),
            bar: 0.0,
        }
    }

    /// Keeps `item` if it is among the `n` largest so far, raising the bar once `n` are kept.
    fn offer(&mut self, item: (u32, f64)) {
        keep_if_among_first(&mut self.items, item, self.n, by_push_then_column);
        if self.items.len() == self.n
            && let Some(last) = self.items.last()
        {
            self.bar = last.1;
        }
    }
}

/// Larger push first, then smaller column.
fn by_push_then_column(a: &(u32, f64), b: &(u32, f64)) -> Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Index of the largest value (the first of equals).
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::TfidfParams;
    use crate::model::test_support::classifier_on;
    use crate::text::{AnalyzerConfig, AnalyzerKind};

    /// Word 1-2-grams with sublinear tf beside char_wb 2-4-grams without idf: every weighing path.
    fn two_blocks() -> Vec<TfidfParams> {
        let words = AnalyzerConfig {
            ngrams: (1, 2),
            ..AnalyzerConfig::default()
        };
        let chars = AnalyzerConfig {
            kind: AnalyzerKind::CharWb,
            ngrams: (2, 4),
            ..AnalyzerConfig::default()
        };
        vec![
            TfidfParams {
                analyzer: words,
                sublinear_tf: true,
                ..TfidfParams::default()
            },
            TfidfParams {
                analyzer: chars,
                use_idf: false,
                ..TfidfParams::default()
            },
        ]
    }

    #[test]
    fn first_n_is_a_stable_sort_truncated() {
        let mut rng = crate::rng::SplitMix64::new(7);
        for len in [0, 1, 2, 5, 40, 300] {
            let items: Vec<(u32, u64)> = (0..len).map(|i| (i, rng.below(6) as u64)).collect();
            let order = |a: &(u32, u64), b: &(u32, u64)| b.1.cmp(&a.1);
            for n in [0, 1, 3, 10, 1000] {
                let mut sorted = items.clone();
                sorted.sort_by(order);
                sorted.truncate(n);
                assert_eq!(
                    first_n(items.iter().copied(), n, order),
                    sorted,
                    "{len} {n}"
                );
            }
        }
    }

    /// A small training set for the tests that need a fitted classifier.
    const TALKS: [&str; 6] = [
        "talks went well and talks went on",
        "talks failed badly",
        "good constructive talks today",
        "the deal collapsed",
        "sanctions were lifted",
        "sanctions hurt the economy badly",
    ];

    #[test]
    fn scoring_from_the_fused_table_gives_the_bits_of_the_two_tables() {
        let queries = [
            "talks went badly",
            "The deal went well, well well",
            "unknown words only",
            "",
        ];
        for labels in [
            &["a", "b", "a", "b", "a", "b"][..],
            &["a", "b", "c", "a", "b", "c"],
            &["a", "b", "c", "d", "e", "a"],
        ] {
            let classifier = classifier_on(&TALKS, labels, two_blocks());
            let classes = classifier.classes().len();
            assert_eq!(
                classifier.table.is_some(),
                classes <= 3,
                "{classes} classes"
            );
            if let Some(table) = &classifier.table {
                let model = classifier.model();
                for j in 0..model.n_features() {
                    for row in 0..model.score_columns() {
                        assert_eq!(table.weight(j as u32, row), model.coef(row, j));
                    }
                }
            }
            let mut scratch = Scratch::default();
            let (mut row, mut fused_row) = (SparseRow::default(), SparseRow::default());
            let (mut p, mut fused_p) = (vec![0.0; classes], vec![0.0; classes]);
            for query in queries {
                classifier.featurize_into(query, &mut scratch, &mut row);
                let best = classifier.predict_row(&row, &mut p);
                let fused =
                    classifier.score_into(query, &mut scratch, &mut fused_row, &mut fused_p);
                assert_eq!((fused, &fused_row), (best, &row), "{query:?}");
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&fused_p), bits(&p), "{query:?}, {classes} classes");
            }
        }
    }

    #[test]
    fn explanations_are_the_largest_positive_pushes_by_a_full_sort() {
        let mut rng = crate::rng::SplitMix64::new(11);
        for labels in [
            &["a", "b", "a", "b", "a", "b"][..],
            &["a", "b", "c", "a", "b", "c"],
            &["a", "b", "c", "d", "e", "a"],
        ] {
            let classifier = classifier_on(&TALKS, labels, two_blocks());
            let columns = classifier.model().n_features() as u32;
            for _ in 0..200 {
                // Any columns in any order, with repeated values so that pushes tie.
                let len = rng.below(40);
                let row = SparseRow {
                    indices: (0..len)
                        .map(|_| rng.below(columns as usize) as u32)
                        .collect(),
                    values: (0..len).map(|_| [0.5, 1.0, 2.0][rng.below(3)]).collect(),
                };
                for class in 0..classifier.classes().len() {
                    let mut pushes: Vec<(u32, f64)> = row
                        .indices
                        .iter()
                        .zip(&row.values)
                        .map(|(&j, &v)| (j, v * classifier.class_weight(class, j as usize)))
                        .filter(|&(_, push)| push > 0.0)
                        .collect();
                    pushes.sort_by(by_push_then_column);
                    for n in [0, 1, 3, 50] {
                        let expected: Vec<(String, f64)> = pushes
                            .iter()
                            .take(n)
                            .map(|&(j, push)| (classifier.features.feature_name(j), push))
                            .collect();
                        assert_eq!(classifier.explain(&row, class, n), expected);
                    }
                }
            }
        }
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn poles_default_from_well_known_names_case_insensitively() {
        let p = Poles::resolve(&names(&["AGAINST", "FAVOR", "NONE"]), None, None).unwrap();
        assert_eq!(
            (p.positive.as_deref(), p.negative.as_deref()),
            (Some("FAVOR"), Some("AGAINST"))
        );
        let classes = names(&["neutral", "pro-cooperation", "skeptical"]);
        let p = Poles::resolve(&classes, None, None).unwrap();
        assert_eq!(p.indices(&classes), Some((1, 2)));
        assert_eq!(
            Poles::resolve(&names(&["x", "y"]), None, None).unwrap(),
            Poles::default()
        );
    }

    #[test]
    fn given_poles_must_be_classes() {
        let classes = names(&["a", "b"]);
        let err = Poles::resolve(&classes, Some("c"), None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--positive-label: \"c\" is not one of the classes (a, b)"),
            "{err}"
        );
        assert!(Poles::resolve(&classes, Some("a"), Some("a")).is_err());
    }

    #[test]
    fn argmax_takes_the_first_of_equals() {
        assert_eq!(argmax(&[0.2, 0.4, 0.4]), 1);
    }
}
