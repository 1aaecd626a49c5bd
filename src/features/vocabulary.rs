//! The vocabulary: terms in sorted order, and the index from term to column rebuilt on load.

use rustc_hash::FxHashMap;

/// Terms sorted by code point; a term's column is its position.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocabulary {
    terms: Vec<String>,
    index: FxHashMap<String, u32>,
}

impl Vocabulary {
    /// The column of `term`, if it is in the vocabulary.
    pub fn get(&self, term: &str) -> Option<u32> {
        self.index.get(term).copied()
    }

    /// The terms in column order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}
