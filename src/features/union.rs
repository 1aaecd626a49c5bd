//! Several TF-IDF blocks side by side, as scikit-learn's `FeatureUnion` of vectorizers: typically
//! word n-grams and char_wb n-grams. Each block is fitted and normalised on its own and its columns
//! follow the previous block's, so a word "ab" and a character n-gram "ab" never share a column.

use crate::error::{Error, Result};
use crate::features::{Scratch, SparseRow, Tfidf, TfidfParams};
use crate::text::AnalyzerKind;

/// Fitted TF-IDF blocks whose columns are concatenated.
#[derive(Debug, Clone)]
pub struct FeatureUnion {
    blocks: Vec<Tfidf>,
    offsets: Vec<u32>,
}

impl FeatureUnion {
    /// Fits every block on `docs` and returns the union with each document's row.
    pub fn fit_transform<S: AsRef<str> + Sync>(
        params: &[TfidfParams],
        docs: &[S],
    ) -> Result<(FeatureUnion, Vec<SparseRow>)> {
        if params.is_empty() {
            return Err(Error::Invalid(
                "no feature blocks: give word n-grams, char n-grams or both".into(),
            ));
        }
        if let [only] = params {
            // One block's rows are already the union's: no second copy of every row.
            let (tfidf, rows) = only.fit_transform(docs)?;
            return Ok((FeatureUnion::from_blocks(vec![tfidf]), rows));
        }
        let mut blocks = Vec::with_capacity(params.len());
        let mut rows = vec![SparseRow::default(); docs.len()];
        let mut offset = 0u32;
        for p in params {
            let (tfidf, block_rows) = p.fit_transform(docs)?;
            for (row, part) in rows.iter_mut().zip(block_rows) {
                append_shifted(row, &part, offset);
            }
            offset += tfidf.vocabulary().len() as u32;
            blocks.push(tfidf);
        }
        Ok((FeatureUnion::from_blocks(blocks), rows))
    }

    /// A union of already fitted blocks (as loaded from a model file).
    pub fn from_blocks(blocks: Vec<Tfidf>) -> FeatureUnion {
        let mut offsets = Vec::with_capacity(blocks.len());
        let mut offset = 0u32;
        for b in &blocks {
            offsets.push(offset);
            offset += b.vocabulary().len() as u32;
        }
        FeatureUnion { blocks, offsets }
    }

    /// The fitted blocks in column order.
    pub fn blocks(&self) -> &[Tfidf] {
        &self.blocks
    }

    /// Total number of columns.
    pub fn n_features(&self) -> usize {
        self.blocks.iter().map(|b| b.vocabulary().len()).sum()
    }

    /// The feature row of `doc`.
    pub fn transform(&self, doc: &str) -> SparseRow {
        let mut row = SparseRow::default();
        self.transform_into(doc, &mut Scratch::default(), &mut row);
        row
    }

    /// The feature row of `doc` written into `row` (cleared first), reusing `scratch` and `row`'s
    /// buffers so that scoring many documents allocates nothing per document.
    pub fn transform_into(&self, doc: &str, scratch: &mut Scratch, row: &mut SparseRow) {
        row.indices.clear();
        row.values.clear();
        for (block, &offset) in self.blocks.iter().zip(&self.offsets) {
            block.transform_into(doc, offset, scratch, row);
        }
    }

    /// [`Self::transform_into`] reading each column's idf from `idf_of` (given the union's column)
    /// instead of the blocks' own tables, for a scorer that keeps idf beside its weights.
    pub fn transform_with_idf(
        &self,
        doc: &str,
        scratch: &mut Scratch,
        row: &mut SparseRow,
        idf_of: &impl Fn(u32) -> f64,
    ) {
        row.indices.clear();
        row.values.clear();
        for (block, &offset) in self.blocks.iter().zip(&self.offsets) {
            let start = row.values.len();
            block.term_frequencies_into(doc, offset, scratch, row);
            let SparseRow { indices, values } = row;
            block.weigh_and_normalize(&mut values[start..], &indices[start..], idf_of);
        }
    }

    /// A readable name for column `column`: the word n-gram itself, or a char n-gram in brackets
    /// with its padding spaces shown as `_` (e.g. `[_nat]`).
    pub fn feature_name(&self, column: u32) -> String {
        let block = self
            .offsets
            .partition_point(|&o| o <= column)
            .saturating_sub(1);
        let Some(tfidf) = self.blocks.get(block) else {
            return format!("#{column}");
        };
        let term = tfidf
            .vocabulary()
            .term(column - self.offsets[block])
            .unwrap_or("?");
        match tfidf.params().analyzer.kind {
            AnalyzerKind::Word => term.to_string(),
            AnalyzerKind::CharWb => format!("[{}]", term.replace(' ', "_")),
        }
    }
}

fn append_shifted(row: &mut SparseRow, part: &SparseRow, offset: u32) {
    row.indices.extend(part.indices.iter().map(|&i| i + offset));
    row.values.extend_from_slice(&part.values);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerConfig;

    fn params() -> Vec<TfidfParams> {
        let char_wb = AnalyzerConfig {
            kind: AnalyzerKind::CharWb,
            ngrams: (2, 2),
            ..AnalyzerConfig::default()
        };
        vec![
            TfidfParams::default(),
            TfidfParams {
                analyzer: char_wb,
                ..TfidfParams::default()
            },
        ]
    }

    #[test]
    fn blocks_are_concatenated_and_each_normalised() {
        let docs = ["ab cd", "ab ef"];
        let (union, rows) = FeatureUnion::fit_transform(&params(), &docs).unwrap();
        let words = union.blocks()[0].vocabulary().len() as u32;
        assert_eq!(words, 3);
        let norm = |r: &SparseRow, keep: &dyn Fn(u32) -> bool| {
            r.indices
                .iter()
                .zip(&r.values)
                .filter(|(i, _)| keep(**i))
                .map(|(_, v)| v * v)
                .sum::<f64>()
        };
        assert!((norm(&rows[0], &|i| i < words) - 1.0).abs() < 1e-12);
        assert!((norm(&rows[0], &|i| i >= words) - 1.0).abs() < 1e-12);
        assert_eq!(union.transform("ab cd"), rows[0]);
        assert!(rows[0].indices.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn feature_names_show_the_block() {
        let (union, _) = FeatureUnion::fit_transform(&params(), &["ab"]).unwrap();
        assert_eq!(union.feature_name(0), "ab");
        assert_eq!(union.feature_name(1), "[_a]");
        assert_eq!(union.n_features(), 4);
    }
}
