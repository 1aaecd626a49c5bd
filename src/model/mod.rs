//! Models: sparse logistic regression, the training matrix, and (in later files) the classifier and
//! its model file. Depends on `features`; prints nothing and reads no files except model files.

pub mod logistic;
pub mod matrix;

pub use logistic::{ClassWeight, Convergence, LogisticModel, LogisticParams};
pub use matrix::CsrMatrix;
