//! Features: a sorted, deterministic vocabulary and TF-IDF weighting with scikit-learn's formulas,
//! producing sparse rows. Depends on `text` only; reads and writes no files.

mod counts;
mod grams;
mod lookup;
pub mod sparse;
pub mod svmlight;
pub mod tfidf;
pub mod union;
pub mod vocabulary;

pub use sparse::SparseRow;
pub use tfidf::{DocFreq, Norm, Scratch, Tfidf, TfidfParams};
pub use union::FeatureUnion;
pub use vocabulary::Vocabulary;
