//! slant's integration tests: one binary, a module per topic.

mod cli;
mod logistic;
mod sentences;
mod tfidf;
