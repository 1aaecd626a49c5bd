//! slant's integration tests: one binary, a module per topic.

mod cli;
mod common;
mod logistic;
mod models;
mod predict;
mod report;
mod sentences;
mod tfidf;
