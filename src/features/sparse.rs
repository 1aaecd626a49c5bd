//! Sparse feature rows: one document's nonzero columns and values. Owns only the row type and its
//! small helpers; must not know about vocabularies, weighting or file formats.

/// One document's features: strictly increasing 0-based column indices and their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRow {
    /// Column indices, strictly increasing.
    pub indices: Vec<u32>,
    /// Values, one per index.
    pub values: Vec<f64>,
}

impl SparseRow {
    /// Number of stored (nonzero) entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// True when the row has no entries (the document had no known terms).
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// The `(column, value)` pairs in column order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.indices
            .iter()
            .copied()
            .zip(self.values.iter().copied())
    }

    /// The value at `column`, zero when absent.
    pub fn get(&self, column: u32) -> f64 {
        let found = self.indices.binary_search(&column).ok();
        found
            .and_then(|i| self.values.get(i))
            .copied()
            .unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_finds_stored_values_and_zero_elsewhere() {
        let row = SparseRow {
            indices: vec![1, 4],
            values: vec![0.5, 2.0],
        };
        assert_eq!(row.get(4), 2.0);
        assert_eq!(row.get(2), 0.0);
        assert_eq!(row.nnz(), 2);
        assert_eq!(row.iter().collect::<Vec<_>>(), [(1, 0.5), (4, 2.0)]);
    }
}
