//! The training matrix: sparse rows stored compressed (CSR), so memory grows with the nonzeros and
//! never with rows × features.

use crate::features::SparseRow;

/// Rows of a sparse matrix in compressed sparse row form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsrMatrix {
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
    n_cols: usize,
}

impl CsrMatrix {
    /// Packs `rows` (each with indices below `n_cols`) into one matrix.
    pub fn from_rows(rows: &[SparseRow], n_cols: usize) -> CsrMatrix {
        let nnz = rows.iter().map(|r| r.indices.len()).sum();
        let mut m = CsrMatrix {
            indptr: Vec::with_capacity(rows.len() + 1),
            indices: Vec::with_capacity(nnz),
            values: Vec::with_capacity(nnz),
            n_cols,
        };
        m.indptr.push(0);
        for row in rows {
            m.push_row(row);
        }
        m
    }

    /// A matrix of the given rows of `self`, in the order given.
    pub fn select(&self, rows: &[usize]) -> CsrMatrix {
        let mut m = CsrMatrix {
            indptr: vec![0],
            n_cols: self.n_cols,
            ..CsrMatrix::default()
        };
        for &i in rows {
            let (idx, val) = self.row(i);
            m.indices.extend_from_slice(idx);
            m.values.extend_from_slice(val);
            m.indptr.push(m.indices.len());
        }
        m
    }

    fn push_row(&mut self, row: &SparseRow) {
        self.indices.extend_from_slice(&row.indices);
        self.values.extend_from_slice(&row.values);
        self.indptr.push(self.indices.len());
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    /// Number of columns (features).
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Number of stored values.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row `i` as (indices, values).
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.values[a..b])
    }
}

impl CsrMatrix {
    /// The transpose, also in CSR form (so the columns of `self` become rows), for gradients that
    /// sum over each feature's rows without per-thread accumulators.
    pub fn transpose(&self) -> CsrMatrix {
        let mut counts = vec![0usize; self.n_cols + 1];
        for &j in &self.indices {
            counts[j as usize + 1] += 1;
        }
        for j in 0..self.n_cols {
            counts[j + 1] += counts[j];
        }
        let indptr = counts.clone();
        let mut next = counts;
        let mut indices = vec![0u32; self.nnz()];
        let mut values = vec![0.0; self.nnz()];
        for i in 0..self.n_rows() {
            let (idx, val) = self.row(i);
            for (&j, &v) in idx.iter().zip(val) {
                let slot = &mut next[j as usize];
                indices[*slot] = i as u32;
                values[*slot] = v;
                *slot += 1;
            }
        }
        CsrMatrix {
            indptr,
            indices,
            values,
            n_cols: self.n_rows(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(u32, f64)]) -> SparseRow {
        SparseRow {
            indices: pairs.iter().map(|p| p.0).collect(),
            values: pairs.iter().map(|p| p.1).collect(),
        }
    }

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let m = CsrMatrix::from_rows(&[row(&[(0, 1.0), (2, 2.0)]), row(&[]), row(&[(2, 3.0)])], 3);
        let t = m.transpose();
        assert_eq!((t.n_rows(), t.n_cols(), t.nnz()), (3, 3, 3));
        assert_eq!(t.row(0), (&[0u32][..], &[1.0][..]));
        assert_eq!(t.row(1), (&[][..], &[][..]));
        assert_eq!(t.row(2), (&[0u32, 2][..], &[2.0, 3.0][..]));
        assert_eq!(t.transpose(), m);
    }

    #[test]
    fn select_picks_rows_in_order() {
        let m = CsrMatrix::from_rows(&[row(&[(0, 1.0)]), row(&[(1, 2.0)])], 2);
        let s = m.select(&[1, 0, 1]);
        assert_eq!(s.n_rows(), 3);
        assert_eq!(s.row(0), (&[1u32][..], &[2.0][..]));
        assert_eq!(s.row(1), (&[0u32][..], &[1.0][..]));
    }
}
