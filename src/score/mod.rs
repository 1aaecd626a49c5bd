//! Scoring articles with one or more models: split each article into sentences, predict every
//! sentence with every model, and roll the predictions up into article and outlet aggregates
//! ([`crate::aggregate`]). Shared by `slant predict` and the report. Articles are scored in parallel
//! chunks (at most [`CHUNK_ARTICLES`] articles and, past the first, [`CHUNK_BYTES`] of text) and
//! handed with their sentences and aggregate to a caller's sink in input order, so rows can be
//! written as they come; [`score_stream`] pulls the articles from an iterator and keeps only outlet
//! tallies (one number per article and model, see [`OutletTally`]), so memory does not grow with the
//! text. Reads model files ([`load_models`]) but no articles, and never prints or writes.
//!
//! This file holds the result types; `models` loads the models, `stream` runs the chunked, parallel,
//! ordered scoring and keeps the outlet tallies, and `article` scores one article.
//!
//! [`OutletTally`]: crate::aggregate::OutletTally

mod article;
mod models;
mod stream;

use serde::Serialize;

use crate::aggregate::{ArticleScore, Bootstrap, OutletScore, SentenceScore};

pub use article::score_sentences;
pub use models::{ModelInfo, NamedModel, load_models};
pub use stream::{
    CHUNK_ARTICLES, CHUNK_BYTES, score_articles, score_articles_with, score_stream,
    score_stream_rendered,
};

/// Terms in each sentence's explanation unless told otherwise.
pub const DEFAULT_EXPLAIN_TERMS: usize = 3;

/// How to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScoreSettings {
    /// Settings of the outlet intervals.
    pub bootstrap: Bootstrap,
    /// Terms in each sentence's explanation.
    pub explain_terms: usize,
}

impl Default for ScoreSettings {
    fn default() -> Self {
        ScoreSettings {
            bootstrap: Bootstrap::default(),
            explain_terms: DEFAULT_EXPLAIN_TERMS,
        }
    }
}

/// One model's prediction for one sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentencePrediction {
    /// The predicted class name.
    pub label: String,
    /// Probabilities, predicted class number and slant.
    #[serde(flatten)]
    pub score: SentenceScore,
    /// The terms that pushed most towards the predicted class, with weight × tf-idf, largest first.
    pub explanation: Vec<(String, f64)>,
}

/// One sentence of an article with every model's prediction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredSentence {
    /// 1-based position in the article.
    pub index: usize,
    /// Byte offset of its start in the article's [`Article::source`].
    ///
    /// [`Article::source`]: crate::corpus::Article::source
    pub start: usize,
    /// Byte offset one past its end in the article's source.
    pub end: usize,
    /// The sentence.
    pub text: String,
    /// One prediction per model, in model order.
    pub predictions: Vec<SentencePrediction>,
}

/// One article's metadata and aggregates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredArticle {
    /// The article's id.
    pub id: String,
    /// Its outlet.
    pub outlet: String,
    /// Its date as given.
    pub date: String,
    /// Its title, if any.
    pub title: Option<String>,
    /// Extra input columns.
    pub extra: Vec<(String, String)>,
    /// Number of sentences.
    pub sentences: usize,
    /// One aggregate per model, in model order.
    pub scores: Vec<ArticleScore>,
}

/// One outlet's counts and aggregates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredOutlet {
    /// The outlet's name.
    pub outlet: String,
    /// Number of its articles.
    pub articles: usize,
    /// Number of its articles with no sentence (left out of its slant).
    pub articles_without_sentences: usize,
    /// Number of its sentences.
    pub sentences: usize,
    /// One aggregate per model, in model order.
    pub scores: Vec<OutletScore>,
}

/// The result of scoring a set of articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// The models, in column order.
    pub models: Vec<ModelInfo>,
    /// The settings used.
    pub settings: ScoreSettings,
    /// Every article, in input order.
    pub articles: Vec<ScoredArticle>,
    /// Every outlet, by the first slant-giving model's slant descending (ties by name; by name alone
    /// when no model gives slants).
    pub outlets: Vec<ScoredOutlet>,
    /// Sentences over all articles.
    pub sentences: usize,
}

/// The result of [`score_stream`]: what [`Scored`] has but the articles, which went to the sink.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreTotals {
    /// The models, in column order.
    pub models: Vec<ModelInfo>,
    /// The settings used.
    pub settings: ScoreSettings,
    /// Articles scored.
    pub articles: usize,
    /// Sentences over all articles.
    pub sentences: usize,
    /// Every outlet, ordered as in [`Scored::outlets`].
    pub outlets: Vec<ScoredOutlet>,
}
