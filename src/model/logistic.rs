//! Logistic regression over sparse rows: multinomial (softmax) for three or more classes and
//! binomial for two, with an L2 penalty that leaves the intercepts alone — exactly the objective of
//! scikit-learn's `LogisticRegression(solver="lbfgs")`:
//!
//! `Σᵢ sᵢ·lossᵢ / Σᵢ sᵢ + ‖W‖² / (2·C·Σᵢ sᵢ)`
//!
//! minimised by L-BFGS with the Moré–Thuente line search ([`crate::model::lbfgs`]), starting from
//! zero as scikit-learn does. Each evaluation computes the loss and the gradient in one pass over
//! rows (scores and residuals) and one over features (through the transposed matrix), in parallel
//! but in a fixed order, so the same data give the same model bit for bit on any number of cores,
//! and into buffers allocated once per fit. Knows nothing of text or files.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::lbfgs::{Lbfgs, Problem};
use crate::model::matrix::CsrMatrix;
use crate::model::vector;
use crate::prefetch::prefetch;

/// How classes are weighted in the loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClassWeight {
    /// Every sentence counts once.
    #[default]
    Uniform,
    /// Classes weighted by n / (classes × count), as scikit-learn's `class_weight="balanced"`.
    Balanced,
}

/// Settings of the trainer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticParams {
    /// Inverse penalty strength, as scikit-learn's `C`.
    pub c: f64,
    /// Most L-BFGS iterations.
    pub max_iter: u64,
    /// Stop when the gradient's largest absolute component falls below this, as scikit-learn's
    /// `tol` (so both stop at the same iteration on the same data).
    pub tol: f64,
    /// Class weighting.
    pub class_weight: ClassWeight,
}

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams {
            c: 1.0,
            max_iter: 1000,
            tol: 1e-5,
            class_weight: ClassWeight::Uniform,
        }
    }
}

/// How the optimizer finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Convergence {
    /// L-BFGS iterations run.
    pub iterations: u64,
    /// The largest absolute component of the objective's gradient at the solution (what `tol`
    /// bounds).
    pub gradient_norm: f64,
    /// The objective's value at the solution.
    pub objective: f64,
    /// True when a stopping tolerance was met before `max_iter`.
    pub converged: bool,
    /// The optimizer's own words on why it stopped.
    pub reason: String,
}

/// A fitted linear model: per-class weights over features and intercepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticModel {
    n_features: usize,
    n_classes: usize,
    /// Feature-major weights: `weights[j * k + c]` with k = 1 for two classes, else n_classes.
    weights: Vec<f64>,
    intercepts: Vec<f64>,
}

impl LogisticParams {
    /// Fits the model to rows `x` with class numbers `y` (each below `n_classes`).
    pub fn fit(
        &self,
        x: &CsrMatrix,
        y: &[usize],
        n_classes: usize,
    ) -> Result<(LogisticModel, Convergence)> {
        self.check(x, y, n_classes)?;
        let mut objective = Objective::new(x, y, n_classes, self);
        let start = vec![0.0; objective.n_params()];
        let lbfgs = Lbfgs {
            memory: 10,
            max_iter: self.max_iter,
            grad_tol: self.tol,
            // scikit-learn's ftol for lbfgs, 64·ε. scipy divides the change by max(|f|, 1) first;
            // this is the absolute test argmin ran, the same for objectives below one.
            cost_tol: 64.0 * f64::EPSILON,
            ..Lbfgs::default()
        };
        let min = lbfgs.minimize(&mut objective, start);
        let convergence = Convergence {
            iterations: min.iterations,
            gradient_norm: min.gradient_max,
            objective: min.value,
            converged: min.stop.converged(),
            reason: min.stop.to_string(),
        };
        Ok((objective.into_model(min.x), convergence))
    }

    fn check(&self, x: &CsrMatrix, y: &[usize], n_classes: usize) -> Result<()> {
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err(Error::usage(
                "--c",
                format!("{} is not a positive number", self.c),
            ));
        }
        if !(self.tol.is_finite() && self.tol > 0.0) {
            return Err(Error::usage(
                "--tol",
                format!("{} is not a positive number", self.tol),
            ));
        }
        if self.max_iter == 0 {
            return Err(Error::usage("--max-iter", "must be at least 1"));
        }
        if n_classes < 2 {
            return Err(Error::Invalid("training needs at least two classes".into()));
        }
        if x.n_rows() != y.len() || x.n_rows() == 0 {
            return Err(Error::Invalid(format!(
                "{} rows but {} labels",
                x.n_rows(),
                y.len()
            )));
        }
        if let Some(&bad) = y.iter().find(|&&c| c >= n_classes) {
            return Err(Error::Invalid(format!(
                "class number {bad} out of range for {n_classes} classes"
            )));
        }
        Ok(())
    }
}

impl LogisticModel {
    /// Builds a model from saved parts, checking their shapes.
    pub fn from_parts(
        n_features: usize,
        n_classes: usize,
        weights: Vec<f64>,
        intercepts: Vec<f64>,
    ) -> Result<LogisticModel> {
        let k = score_columns(n_classes);
        if n_classes < 2 || weights.len() != n_features * k || intercepts.len() != k {
            return Err(Error::Invalid(format!(
                "model weights have the wrong shape: {} weights and {} intercepts for {n_features} features \
                 and {n_classes} classes",
                weights.len(),
                intercepts.len()
            )));
        }
        if weights.iter().chain(&intercepts).any(|w| !w.is_finite()) {
            return Err(Error::Invalid(
                "model weights contain a value that is not a finite number".into(),
            ));
        }
        Ok(LogisticModel {
            n_features,
            n_classes,
            weights,
            intercepts,
        })
    }

    /// Number of features the model reads.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Feature-major weights, `score_columns()` per feature.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// One intercept per score column.
    pub fn intercepts(&self) -> &[f64] {
        &self.intercepts
    }

    /// Score columns per feature: 1 for a two-class (binomial) model, else one per class.
    pub fn score_columns(&self) -> usize {
        score_columns(self.n_classes)
    }

    /// scikit-learn's `coef_[row][feature]`: rows are classes, or the single positive-class row of a
    /// two-class model.
    pub fn coef(&self, row: usize, feature: usize) -> f64 {
        self.weights[feature * self.score_columns() + row]
    }

    /// Class probabilities of one sparse row, written into `out` (length `n_classes`).
    pub fn predict_proba(&self, indices: &[u32], values: &[f64], out: &mut [f64]) {
        let k = self.score_columns();
        // The scores are written straight into `out`, which is as long as the score columns or,
        // for two classes, one longer.
        linear_scores(
            &self.weights,
            &self.intercepts,
            indices,
            values,
            &mut out[..k],
        );
        self.scores_to_probabilities(out);
    }

    /// Turns the linear scores in `out[..score_columns]` into class probabilities in place: the
    /// last step of [`Self::predict_proba`], for a caller that computed the scores itself.
    pub fn scores_to_probabilities(&self, out: &mut [f64]) {
        if self.n_classes == 2 {
            let p = sigmoid(out[0]);
            out[0] = 1.0 - p;
            out[1] = p;
        } else {
            softmax_in_place(out);
        }
    }
}

fn score_columns(n_classes: usize) -> usize {
    if n_classes == 2 { 1 } else { n_classes }
}

/// `b + x·W` for one sparse row.
fn linear_scores(
    weights: &[f64],
    intercepts: &[f64],
    indices: &[u32],
    values: &[f64],
    out: &mut [f64],
) {
    let k = out.len();
    linear_scores_by(intercepts, indices, values, out, |j| {
        &weights[j as usize * k..(j as usize + 1) * k]
    });
}

/// `b + x·W` for one sparse row into `out` (as long as `intercepts`), reading feature `j`'s weights
/// from `weights_of(j)`. Every scorer goes through this one loop, so wherever the weights are kept
/// the sums run in the same order and give the same bits.
pub(crate) fn linear_scores_by<'w>(
    intercepts: &[f64],
    indices: &[u32],
    values: &[f64],
    out: &mut [f64],
    weights_of: impl Fn(u32) -> &'w [f64],
) {
    out.copy_from_slice(intercepts);
    for (&j, &v) in indices.iter().zip(values) {
        for (o, &w) in out.iter_mut().zip(weights_of(j)) {
            *o += v * w;
        }
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        z.exp() / (1.0 + z.exp())
    }
}

/// log(1 + e^z) without overflow.
fn log1p_exp(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// Softmax of `scores` in place; returns log-sum-exp.
fn softmax_in_place(scores: &mut [f64]) -> f64 {
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    for s in scores.iter_mut() {
        *s /= sum;
    }
    max + sum.ln()
}

/// Rows per parallel work unit; fixed so sums run in the same order on every machine.
const ROW_BLOCK: usize = 2048;

/// How many entries ahead the gradient pass asks for residual rows.
const AHEAD: usize = 16;

/// The penalised loss and its gradient, with the buffers an evaluation writes, allocated once per
/// fit: L-BFGS evaluates a few hundred points and each would otherwise allocate rows × classes.
struct Objective<'a> {
    x: &'a CsrMatrix,
    xt: CsrMatrix,
    y: &'a [usize],
    sample_weight: Vec<f64>,
    n_classes: usize,
    k: usize,
    inv_weight_sum: f64,
    l2: f64,
    /// Each row's weighted residuals (p − y), rewritten by every evaluation.
    residual: Vec<f64>,
    /// Each row block's weighted loss, summed in block order after the parallel pass.
    block_losses: Vec<f64>,
}

impl<'a> Objective<'a> {
    fn new(x: &'a CsrMatrix, y: &'a [usize], n_classes: usize, params: &LogisticParams) -> Self {
        let sample_weight = sample_weights(y, n_classes, params.class_weight);
        let weight_sum: f64 = sample_weight.iter().sum();
        let k = score_columns(n_classes);
        Objective {
            x,
            xt: x.transpose(),
            y,
            sample_weight,
            n_classes,
            k,
            inv_weight_sum: 1.0 / weight_sum,
            l2: 1.0 / (params.c * weight_sum),
            residual: vec![0.0; x.n_rows() * k],
            block_losses: vec![0.0; x.n_rows().div_ceil(ROW_BLOCK)],
        }
    }

    fn n_params(&self) -> usize {
        (self.x.n_cols() + 1) * self.k
    }

    fn into_model(self, mut params: Vec<f64>) -> LogisticModel {
        let split = self.x.n_cols() * self.k;
        let intercepts = params.split_off(split);
        LogisticModel {
            n_features: self.x.n_cols(),
            n_classes: self.n_classes,
            weights: params,
            intercepts,
        }
    }

    /// Weighted loss of the rows from `first`, writing each row's weighted residuals (p − y).
    fn block_loss(
        &self,
        first: usize,
        weights: &[f64],
        intercepts: &[f64],
        residual: &mut [f64],
    ) -> f64 {
        let k = self.k;
        let mut loss = 0.0;
        for (offset, r) in residual.chunks_mut(k).enumerate() {
            let i = first + offset;
            if i + 1 < self.x.n_rows() {
                for &j in self.x.row(i + 1).0 {
                    prefetch(weights, j as usize * k);
                }
            }
            let (idx, val) = self.x.row(i);
            linear_scores(weights, intercepts, idx, val, r);
            let s = self.sample_weight[i];
            let label = self.y[i];
            if self.n_classes == 2 {
                let z = r[0];
                let target = if label == 1 { 1.0 } else { 0.0 };
                loss += s * (log1p_exp(z) - target * z);
                r[0] = s * (sigmoid(z) - target);
            } else {
                let score = r[label];
                let lse = softmax_in_place(r);
                loss += s * (lse - score);
                r[label] -= 1.0;
                for rc in r.iter_mut() {
                    *rc *= s;
                }
            }
        }
        loss
    }

    /// `(Xᵀ R) / Σs + W / (C Σs)`, one feature at a time in parallel.
    fn weight_gradient(&self, residual: &[f64], weights: &[f64], grad_w: &mut [f64]) {
        let k = self.k;
        grad_w.par_chunks_mut(k).enumerate().for_each(|(j, g)| {
            g.fill(0.0);
            let (rows, vals) = self.xt.row(j);
            for (p, (&i, &v)) in rows.iter().zip(vals).enumerate() {
                if let Some(&ahead) = rows.get(p + AHEAD) {
                    prefetch(residual, ahead as usize * k);
                }
                let r = &residual[i as usize * k..(i as usize + 1) * k];
                for (gc, &rc) in g.iter_mut().zip(r) {
                    *gc += v * rc;
                }
            }
            for (c, gc) in g.iter_mut().enumerate() {
                *gc = *gc * self.inv_weight_sum + self.l2 * weights[j * k + c];
            }
        });
    }
}

/// Per-row weights: all 1, or scikit-learn's balanced class weights.
fn sample_weights(y: &[usize], n_classes: usize, class_weight: ClassWeight) -> Vec<f64> {
    match class_weight {
        ClassWeight::Uniform => vec![1.0; y.len()],
        ClassWeight::Balanced => {
            let mut counts = vec![0usize; n_classes];
            for &c in y {
                counts[c] += 1;
            }
            let present = counts.iter().filter(|&&n| n > 0).count().max(1);
            let n = y.len() as f64;
            // scikit-learn divides by the number of classes present in y.
            y.iter()
                .map(|&c| n / (present as f64 * counts[c] as f64))
                .collect()
        }
    }
}

impl Problem for Objective<'_> {
    /// Objective value and gradient at `params` (weights then intercepts), in one pass.
    fn evaluate(&mut self, params: &[f64], grad: &mut [f64]) -> f64 {
        let split = self.x.n_cols() * self.k;
        let (weights, intercepts) = params.split_at(split);
        // The buffers leave `self` for the pass so the parallel closures can borrow the rest.
        let mut residual = std::mem::take(&mut self.residual);
        let mut block_losses = std::mem::take(&mut self.block_losses);
        residual
            .par_chunks_mut(ROW_BLOCK * self.k)
            .zip(block_losses.par_iter_mut())
            .enumerate()
            .for_each(|(block, (r, loss))| {
                *loss = self.block_loss(block * ROW_BLOCK, weights, intercepts, r);
            });
        // Summed in block order, so the total does not depend on which thread finished first.
        let loss: f64 = block_losses.iter().sum();
        let (grad_w, grad_b) = grad.split_at_mut(split);
        self.weight_gradient(&residual, weights, grad_w);
        grad_b.fill(0.0);
        for row in residual.chunks(self.k) {
            for (g, r) in grad_b.iter_mut().zip(row) {
                *g += r;
            }
        }
        for g in grad_b.iter_mut() {
            *g *= self.inv_weight_sum;
        }
        self.residual = residual;
        self.block_losses = block_losses;
        let penalty = 0.5 * self.l2 * vector::dot(weights, weights);
        loss * self.inv_weight_sum + penalty
    }
}
