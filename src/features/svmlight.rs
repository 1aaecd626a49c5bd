//! Export of feature rows for other tools: svmlight/libsvm lines (1-based indices, as liblinear,
//! Vowpal Wabbit's converters and scikit-learn's `load_svmlight_file` read them) and the vocabulary,
//! one term a line. Writes to any `io::Write`; opens no files.

use std::io::{self, Write};

use crate::features::{FeatureUnion, SparseRow};

/// Writes one svmlight line: `label idx:value ...` with 1-based indices.
pub fn write_row(w: &mut dyn Write, label: &str, row: &SparseRow) -> io::Result<()> {
    w.write_all(label.as_bytes())?;
    for (&i, &v) in row.indices.iter().zip(&row.values) {
        write!(w, " {}:{}", i as u64 + 1, v)?;
    }
    w.write_all(b"\n")
}

/// Writes the vocabulary, term k on line k (1-based, matching the svmlight indices). A single
/// block's terms are written as they are; when several blocks share the columns, char n-grams are
/// written as `FeatureUnion::feature_name` shows them (`[_ab]`) so they cannot be mistaken for words.
pub fn write_vocabulary(w: &mut dyn Write, features: &FeatureUnion) -> io::Result<()> {
    if let [single] = features.blocks() {
        for term in single.vocabulary().terms() {
            writeln!(w, "{term}")?;
        }
        return Ok(());
    }
    for column in 0..features.n_features() {
        writeln!(w, "{}", features.feature_name(column as u32))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_use_one_based_indices_and_round_trip_values() {
        let row = SparseRow {
            indices: vec![0, 7],
            values: vec![0.1, 1.0 / 3.0],
        };
        let mut out = Vec::new();
        write_row(&mut out, "2", &row).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(line, "2 1:0.1 8:0.3333333333333333\n");
        let v: f64 = line.trim().rsplit(':').next().unwrap().parse().unwrap();
        assert_eq!(v, 1.0 / 3.0);
    }

    #[test]
    fn empty_row_is_label_only() {
        let mut out = Vec::new();
        write_row(&mut out, "0", &SparseRow::default()).unwrap();
        assert_eq!(out, b"0\n");
    }
}
