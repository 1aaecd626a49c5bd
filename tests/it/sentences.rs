//! Sentence splitting on the seed articles.
