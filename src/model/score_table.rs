//! Each column's idf and class weights side by side, 32 bytes to a column and aligned to 32, built
//! from a classifier's features and model when it is assembled. Scoring a sentence reads the idf
//! and the weights of each of its columns; from two tables that is two or three cache lines per
//! column (the weights of a three-class model straddle a line one time in three), from this one it
//! is one, and these reads are the cache misses that bound scoring with a large vocabulary. Holds
//! copies only; the features and the model stay the reference, and nothing here is saved.

use rayon::prelude::*;

use crate::features::FeatureUnion;
use crate::model::logistic::{LogisticModel, linear_scores_by};

/// Most score columns an entry holds beside the idf (two- and three-class models).
const MAX_SCORE_COLUMNS: usize = 3;

/// One column: idf, then its weight for each score column.
#[derive(Debug, Clone, Copy)]
#[repr(align(32))]
struct Entry([f64; MAX_SCORE_COLUMNS + 1]);

/// The fused idf and weight table of a classifier.
#[derive(Debug, Clone)]
pub(crate) struct ScoreTable {
    entries: Vec<Entry>,
    score_columns: usize,
}

impl ScoreTable {
    /// The table of `features` and `model`, or `None` for a model with more score columns than an
    /// entry holds (four or more classes), which scores from the two tables instead.
    pub(crate) fn new(features: &FeatureUnion, model: &LogisticModel) -> Option<ScoreTable> {
        let k = model.score_columns();
        if k > MAX_SCORE_COLUMNS {
            return None;
        }
        let idf: Vec<f64> = features
            .blocks()
            .iter()
            .flat_map(|b| b.idf())
            .copied()
            .collect();
        // Built on every core: a large model's table is megabytes, written while loading it.
        let entries = idf
            .par_iter()
            .zip(model.weights().par_chunks_exact(k))
            .map(|(&idf, weights)| {
                let mut entry = [0.0; MAX_SCORE_COLUMNS + 1];
                entry[0] = idf;
                entry[1..=k].copy_from_slice(weights);
                Entry(entry)
            })
            .collect();
        Some(ScoreTable {
            entries,
            score_columns: k,
        })
    }

    /// The idf of union column `column`.
    pub(crate) fn idf(&self, column: u32) -> f64 {
        self.entries[column as usize].0[0]
    }

    /// The weight of union column `column` in score column `score_column`, as the model's `coef`.
    pub(crate) fn weight(&self, column: u32, score_column: usize) -> f64 {
        self.entries[column as usize].0[1 + score_column]
    }

    /// `b + x·W` of one sparse row into `out` (its score columns), through the model's own
    /// scoring loop, so the results are the same to the bit.
    pub(crate) fn linear_scores(
        &self,
        intercepts: &[f64],
        indices: &[u32],
        values: &[f64],
        out: &mut [f64],
    ) {
        let k = self.score_columns;
        linear_scores_by(intercepts, indices, values, &mut out[..k], |j| {
            &self.entries[j as usize].0[1..=k]
        });
    }
}
