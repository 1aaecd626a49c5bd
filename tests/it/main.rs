//! slant's integration tests: one binary, a module per topic.

mod sentences;
mod tfidf;
