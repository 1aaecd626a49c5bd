//! Models: sparse logistic regression and the L-BFGS that fits it, the training matrix, folds and metrics, the training
//! pipeline, the classifier and its model file. Depends on `features`; prints nothing and reads or
//! writes no files but model files.

pub mod classifier;
pub mod file;
pub mod folds;
pub mod lbfgs;
pub mod line_search;
pub mod logistic;
pub mod matrix;
pub mod metrics;
mod score_table;
#[cfg(test)]
pub(crate) mod test_support;
pub mod train;
pub mod vector;

pub use classifier::{Classifier, Poles, TrainingInfo};
pub use logistic::{ClassWeight, Convergence, LogisticModel, LogisticParams};
pub use matrix::CsrMatrix;
pub use metrics::Metrics;
pub use train::{CrossValidation, Labelled, TrainParams, Trained, cross_validate, train};
