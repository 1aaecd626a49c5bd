//! The training matrix: sparse rows stored compressed (CSR), so memory grows with the nonzeros and
//! never with rows × features.

use std::ops::Range;

use rayon::prelude::*;

use crate::features::SparseRow;

/// Rows of a sparse matrix in compressed sparse row form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsrMatrix {
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
    n_cols: usize,
}

/// Rows per parallel block when packing rows into a matrix.
const PACK_BLOCK: usize = 4096;

impl CsrMatrix {
    /// Packs `rows` (each with indices below `n_cols`) into one matrix, copying blocks of rows in
    /// parallel into their own stretches of the arrays.
    pub fn from_rows(rows: &[SparseRow], n_cols: usize) -> CsrMatrix {
        let mut indptr = Vec::with_capacity(rows.len() + 1);
        indptr.push(0);
        for row in rows {
            indptr.push(indptr[indptr.len() - 1] + row.indices.len());
        }
        let nnz = indptr[rows.len()];
        let mut indices = vec![0u32; nnz];
        let mut values = vec![0.0; nnz];
        let blocks: Vec<&[SparseRow]> = rows.chunks(PACK_BLOCK).collect();
        let lens = (0..blocks.len()).map(|b| {
            let first = b * PACK_BLOCK;
            indptr[first + blocks[b].len()] - indptr[first]
        });
        let stretches = stretches(&mut indices, &mut values, lens);
        blocks
            .into_par_iter()
            .zip(stretches)
            .for_each(|(block, (idx, val))| {
                let mut at = 0;
                for row in block {
                    let end = at + row.indices.len();
                    idx[at..end].copy_from_slice(&row.indices);
                    val[at..end].copy_from_slice(&row.values);
                    at = end;
                }
            });
        CsrMatrix {
            indptr,
            indices,
            values,
            n_cols,
        }
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
    ///
    /// Built in parallel over column ranges of about equal nonzeros: each range scans every row and
    /// writes only its own columns, which are one contiguous stretch of the output, so the ranges
    /// share nothing and the result is the sequential one on any number of threads.
    pub fn transpose(&self) -> CsrMatrix {
        self.transpose_in(rayon::current_num_threads())
    }

    /// The transpose, built in up to `parts` column ranges.
    fn transpose_in(&self, parts: usize) -> CsrMatrix {
        let indptr = self.column_starts();
        let mut indices = vec![0u32; self.nnz()];
        let mut values = vec![0.0; self.nnz()];
        let ranges = column_ranges(&indptr, parts);
        let lens = ranges.iter().map(|c| indptr[c.end] - indptr[c.start]);
        let stretches = stretches(&mut indices, &mut values, lens);
        ranges
            .into_par_iter()
            .zip(stretches)
            .for_each(|(columns, (idx, val))| {
                self.scatter_columns(columns, &indptr, idx, val);
            });
        CsrMatrix {
            indptr,
            indices,
            values,
            n_cols: self.n_rows(),
        }
    }

    /// Where each column's entries start in the transpose, plus the total at the end.
    fn column_starts(&self) -> Vec<usize> {
        let mut starts = vec![0usize; self.n_cols + 1];
        for &j in &self.indices {
            starts[j as usize + 1] += 1;
        }
        for j in 0..self.n_cols {
            starts[j + 1] += starts[j];
        }
        starts
    }

    /// Writes the entries of `columns`, row by row, into `idx` / `val` (that range's stretch of the
    /// transpose, which begins at `indptr[columns.start]`).
    fn scatter_columns(
        &self,
        columns: Range<usize>,
        indptr: &[usize],
        idx: &mut [u32],
        val: &mut [f64],
    ) {
        let base = indptr[columns.start];
        let mut next: Vec<usize> = indptr[columns.clone()].iter().map(|s| s - base).collect();
        for i in 0..self.n_rows() {
            let (row_idx, row_val) = self.row(i);
            for (&j, &v) in row_idx.iter().zip(row_val) {
                if let Some(slot) = (j as usize)
                    .checked_sub(columns.start)
                    .and_then(|c| next.get_mut(c))
                {
                    idx[*slot] = i as u32;
                    val[*slot] = v;
                    *slot += 1;
                }
            }
        }
    }
}

/// `indices` and `values` cut into consecutive stretches of the given lengths, one per parallel
/// writer.
fn stretches<'a>(
    mut indices: &'a mut [u32],
    mut values: &'a mut [f64],
    lens: impl Iterator<Item = usize>,
) -> Vec<(&'a mut [u32], &'a mut [f64])> {
    lens.map(|len| {
        let (idx, rest) = std::mem::take(&mut indices).split_at_mut(len);
        indices = rest;
        let (val, rest) = std::mem::take(&mut values).split_at_mut(len);
        values = rest;
        (idx, val)
    })
    .collect()
}

/// Up to `parts` consecutive column ranges covering every column, cut where the running count of
/// entries (`starts`, as from `column_starts`) passes each equal share.
fn column_ranges(starts: &[usize], parts: usize) -> Vec<Range<usize>> {
    let n_cols = starts.len() - 1;
    let total = starts[n_cols];
    let parts = parts.clamp(1, n_cols.max(1));
    let mut ranges = Vec::with_capacity(parts);
    let mut begin = 0;
    for part in 1..parts {
        let share = total * part / parts;
        let end = starts.partition_point(|&s| s < share).clamp(begin, n_cols);
        ranges.push(begin..end);
        begin = end;
    }
    ranges.push(begin..n_cols);
    ranges
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
    fn column_ranges_cover_every_column_once() {
        let starts = [0, 5, 5, 6, 20, 21, 30];
        for parts in [1, 2, 3, 4, 6, 9] {
            let ranges = column_ranges(&starts, parts);
            assert!(ranges.len() <= parts);
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(6));
            assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
        }
    }

    #[test]
    fn parallel_transpose_equals_the_sequential_one() {
        let rows: Vec<SparseRow> = (0..300u32)
            .map(|i| row(&[(i % 7, 1.0), (i % 50 + 7, f64::from(i)), (97 + i % 3, 0.5)]))
            .collect();
        let m = CsrMatrix::from_rows(&rows, 100);
        let t = m.transpose_in(1);
        for parts in 2..6 {
            assert_eq!(m.transpose_in(parts), t, "{parts} parts");
        }
        for j in 0..100 {
            let expected: Vec<(u32, f64)> = (0..300)
                .flat_map(|i| {
                    let (idx, val) = m.row(i);
                    idx.iter()
                        .zip(val)
                        .filter(|(c, _)| **c == j)
                        .map(move |(_, v)| (i as u32, *v))
                })
                .collect();
            let (idx, val) = t.row(j as usize);
            let got: Vec<(u32, f64)> = idx.iter().copied().zip(val.iter().copied()).collect();
            assert_eq!(got, expected, "column {j}");
        }
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
