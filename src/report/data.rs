//! The report's view-model: plain, already-computed figures that every renderer reads and none
//! changes. It owns the shape of a report and nothing else: it does no scoring, ranking, rounding or
//! formatting, so whoever fills it in (the `slant report` adapter) decides every number and every
//! order shown, and the renderers decide only how they look.

use serde::{Deserialize, Serialize};

/// Everything one report shows: what was read and, per model, the outlets, articles and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    /// The report's title, shown as its first heading.
    pub title: String,
    /// What the run read and what it skipped.
    pub run: RunFacts,
    /// One section per model (e.g. stance, then sentiment), in the order to show them.
    pub models: Vec<ModelSection>,
}

/// Facts about the run that produced the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFacts {
    /// What was read, e.g. `data/seeds (manifest: data/seeds/MANIFEST.csv)`.
    pub source: String,
    /// Articles scored.
    pub articles: usize,
    /// Sentences scored.
    pub sentences: usize,
    /// Outlets the articles came from.
    pub outlets: usize,
    /// Files that were not scored, each with the reason: (file, reason).
    pub skipped: Vec<(String, String)>,
    /// Warnings the run raised, one sentence each.
    pub warnings: Vec<String>,
}

/// One model's results: how it was trained and what it says about each outlet and article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSection {
    /// The model's name, e.g. `stance`.
    pub name: String,
    /// The model's classes, in the order of every per-class list below.
    pub classes: Vec<String>,
    /// The class whose probability counts +1 in the slant score.
    pub positive: Option<String>,
    /// The class whose probability counts −1 in the slant score.
    pub negative: Option<String>,
    /// How the model was trained.
    pub info: ModelInfo,
    /// Outlets, already ranked by slant, highest first.
    pub outlets: Vec<OutletRow>,
    /// Articles, in input order.
    pub articles: Vec<ArticleRow>,
    /// The strongest sentences of each outlet, one entry per outlet in the order of `outlets`.
    pub evidence: Vec<OutletEvidence>,
}

/// The training record of a model, as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// When the model was trained (ISO-8601).
    pub created: String,
    /// Training files: (file, labelled rows, SHA-256 hex).
    pub training_files: Vec<(String, usize, String)>,
    /// Labelled rows used in training.
    pub rows: usize,
    /// Training rows per class: (class, rows).
    pub class_counts: Vec<(String, usize)>,
    /// The regularisation strength C (scikit-learn's meaning).
    pub c: f64,
    /// Cross-validated figures, when they were computed.
    pub cv: Option<CvFacts>,
    /// Whether the optimizer converged.
    pub converged: bool,
    /// Optimizer iterations.
    pub iterations: u64,
}

/// Cross-validated quality of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvFacts {
    /// Number of folds.
    pub folds: usize,
    /// The column whose values were kept within one fold, if any.
    pub grouped_by: Option<String>,
    /// Mean accuracy over folds.
    pub accuracy: f64,
    /// Standard deviation of accuracy over folds.
    pub accuracy_std: f64,
    /// Mean macro-F1 over folds.
    pub macro_f1: f64,
    /// Standard deviation of macro-F1 over folds.
    pub macro_f1_std: f64,
}

/// One outlet's figures under one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletRow {
    /// The outlet's name.
    pub outlet: String,
    /// Articles from the outlet.
    pub articles: usize,
    /// Sentences from the outlet.
    pub sentences: usize,
    /// Share of the outlet's sentences given each class, in the order of `classes` (0 to 1).
    pub shares: Vec<f64>,
    /// The outlet's slant, from −1 to +1, when the model has poles and the outlet has sentences.
    pub slant: Option<f64>,
    /// Lower end of the 95% interval of the slant.
    pub slant_low: Option<f64>,
    /// Upper end of the 95% interval of the slant.
    pub slant_high: Option<f64>,
    /// What the interval resamples: `articles`, or `sentences` for a one-article outlet.
    pub interval_basis: String,
}

/// One article's figures under one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRow {
    /// The article (its file or identifier).
    pub article: String,
    /// Its outlet.
    pub outlet: String,
    /// Its publication date as given in the input (may be empty).
    pub date: String,
    /// Sentences scored in it.
    pub sentences: usize,
    /// Share of its sentences given each class, in the order of `classes` (0 to 1).
    pub shares: Vec<f64>,
    /// Its slant, from −1 to +1, when the model has poles and the article has sentences.
    pub slant: Option<f64>,
}

/// An outlet's strongest sentences towards each pole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletEvidence {
    /// The outlet's name.
    pub outlet: String,
    /// Its sentences leaning most to the positive pole, strongest first.
    pub most_positive: Vec<Evidence>,
    /// Its sentences leaning most to the negative pole, strongest first.
    pub most_negative: Vec<Evidence>,
}

/// One scored sentence shown as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The article it comes from.
    pub article: String,
    /// The sentence as it appears in the article.
    pub sentence: String,
    /// The class the model gave it.
    pub label: String,
    /// The model's probability of each class, in the order of `classes`.
    pub probabilities: Vec<f64>,
    /// Its slant, P(positive) − P(negative).
    pub slant: f64,
    /// The terms that weighed most towards its label.
    pub terms: Vec<String>,
}
