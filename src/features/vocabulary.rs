//! The vocabulary: terms in sorted (code point) order, a term's column being its position, and the
//! hash index from term to column, built on the first lookup by term. Owns only the term ↔ column
//! mapping; must not count, prune or weight terms (that is `tfidf`).

use std::sync::OnceLock;

use rayon::prelude::*;

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// Terms sorted by code point; a term's column is its position.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    terms: Vec<String>,
    /// Term → column, built on the first lookup by term: word n-gram vectorizers look terms up
    /// through their word-id index instead, and loading a model should not pay for a table it
    /// never reads.
    index: OnceLock<FxHashMap<String, u32>>,
}

impl PartialEq for Vocabulary {
    fn eq(&self, other: &Self) -> bool {
        self.terms == other.terms
    }
}

impl Vocabulary {
    /// A vocabulary from terms that must be strictly increasing (sorted, unique) by code point.
    pub fn from_sorted(terms: Vec<String>) -> Result<Vocabulary> {
        if u32::try_from(terms.len()).is_err() {
            return Err(Error::Invalid(format!(
                "the vocabulary has {} terms, more than the {} columns supported; \
                 use --max-features or a higher --min-df",
                terms.len(),
                u32::MAX
            )));
        }
        // Checked on every core first: this runs for every model loaded, over every term.
        let unsorted = terms.par_windows(2).any(|w| w[0] >= w[1]);
        if let Some(pair) = unsorted
            .then(|| terms.windows(2).find(|w| w[0] >= w[1]))
            .flatten()
        {
            return Err(Error::Invalid(format!(
                "the vocabulary is not sorted and unique: {:?} comes before {:?}; \
                 the model file is damaged or was not written by slant",
                pair[0], pair[1]
            )));
        }
        Ok(Vocabulary {
            terms,
            index: OnceLock::new(),
        })
    }

    /// The column of `term`, if it is in the vocabulary.
    pub fn get(&self, term: &str) -> Option<u32> {
        let index = self.index.get_or_init(|| {
            self.terms
                .iter()
                .zip(0u32..)
                .map(|(t, i)| (t.clone(), i))
                .collect()
        });
        index.get(term).copied()
    }

    /// The term of column `index`, if there is one.
    pub fn term(&self, index: u32) -> Option<&str> {
        self.terms.get(index as usize).map(String::as_str)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(terms: &[&str]) -> Vec<String> {
        terms.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn columns_are_positions() {
        let Ok(v) = Vocabulary::from_sorted(owned(&["Zürich", "a b", "zürich", "ελλάδα"]))
        else {
            panic!("sorted terms rejected");
        };
        assert_eq!(v.get("zürich"), Some(2));
        assert_eq!(v.get("nope"), None);
        assert_eq!(v.term(3), Some("ελλάδα"));
        assert_eq!(v.len(), 4);
    }

    #[test]
    fn rejects_unsorted_or_duplicate_terms() {
        assert!(matches!(
            Vocabulary::from_sorted(owned(&["b", "a"])),
            Err(Error::Invalid(_))
        ));
        assert!(matches!(
            Vocabulary::from_sorted(owned(&["a", "a"])),
            Err(Error::Invalid(_))
        ));
    }
}
