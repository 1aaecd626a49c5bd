//! Splits raw article text into sentences, each a byte span of the source.

use serde::Serialize;

/// A sentence as a byte span `start..end` of the source text, so reports can quote it exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Sentence {
    /// The sentence's text inside `source`.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Splits raw article text into sentences, dropping boilerplate lines.
pub fn split_sentences(source: &str) -> Vec<Sentence> {
    let _ = source;
    todo!("sentence splitter")
}
