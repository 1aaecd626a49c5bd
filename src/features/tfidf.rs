//! TF-IDF: fit once on a corpus, transform any later text with the idf fitted then.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::features::{SparseRow, Vocabulary};
use crate::text::AnalyzerConfig;

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

/// A fitted TF-IDF vectorizer: vocabulary and idf.
#[derive(Debug, Clone)]
pub struct Tfidf {
    params: TfidfParams,
    vocabulary: Vocabulary,
    idf: Vec<f64>,
}

impl TfidfParams {
    /// Learns the vocabulary and idf from `docs`.
    pub fn fit<S: AsRef<str>>(&self, docs: &[S]) -> Result<Tfidf> {
        let _ = docs;
        todo!("fit")
    }
}

impl Tfidf {
    /// The settings this vectorizer was fitted with.
    pub fn params(&self) -> &TfidfParams {
        &self.params
    }

    /// The fitted vocabulary.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The fitted idf, one per vocabulary term.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// The TF-IDF row of `doc`.
    pub fn transform(&self, doc: &str) -> SparseRow {
        let _ = doc;
        todo!("transform")
    }
}
