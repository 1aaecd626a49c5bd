//! Training as named steps — encode labels, choose C, fit features, fit weights — and
//! cross-validation of that whole pipeline (features are refitted inside every fold, so no test
//! sentence leaks into the vocabulary or idf). Folds run in parallel.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::features::{FeatureUnion, SparseRow, TfidfParams};
use crate::model::classifier::{CScore, CSearch, argmax};
use crate::model::folds;
use crate::model::logistic::{Convergence, LogisticModel, LogisticParams};
use crate::model::matrix::CsrMatrix;
use crate::model::metrics::Metrics;

/// The C values tried when C is not given.
pub const DEFAULT_C_GRID: [f64; 7] = [0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0];

/// Everything that decides how a classifier is trained.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    /// Feature blocks (word n-grams, char n-grams).
    pub features: Vec<TfidfParams>,
    /// Trainer settings; its `c` is used when `c` below is set.
    pub logistic: LogisticParams,
    /// C to use; `None` chooses it by internal cross-validation over `c_grid`.
    pub c: Option<f64>,
    /// Candidates for C.
    pub c_grid: Vec<f64>,
    /// Folds of the internal cross-validation that chooses C.
    pub search_folds: usize,
    /// Seed of every fold assignment.
    pub seed: u64,
}

/// Labelled texts with classes numbered in sorted name order, and optional groups.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// The texts.
    pub texts: Vec<String>,
    /// The class number of each text.
    pub y: Vec<usize>,
    /// Class names, sorted.
    pub classes: Vec<String>,
    /// Group number of each text and the number of groups, when rows belong to groups (articles).
    pub groups: Option<(Vec<usize>, usize)>,
}

impl Labelled {
    /// Numbers the classes (sorted) and groups (in order of first appearance); one class is an error.
    pub fn new(
        texts: Vec<String>,
        labels: &[String],
        groups: Option<&[String]>,
    ) -> Result<Labelled> {
        let mut classes: Vec<String> = labels.to_vec();
        classes.sort();
        classes.dedup();
        if classes.len() < 2 {
            return Err(Error::Invalid(format!(
                "every labelled row has the class {:?}; training needs at least two classes",
                classes.first().map_or("", String::as_str)
            )));
        }
        let y = labels
            .iter()
            .map(|l| classes.binary_search(l).unwrap_or(0))
            .collect();
        let groups = groups.map(number_groups);
        Ok(Labelled {
            texts,
            y,
            classes,
            groups,
        })
    }

    /// Rows per class, in class order.
    pub fn class_counts(&self) -> Vec<(String, usize)> {
        let mut counts = vec![0; self.classes.len()];
        for &c in &self.y {
            counts[c] += 1;
        }
        self.classes.iter().cloned().zip(counts).collect()
    }

    /// The subset of rows `rows`, keeping class numbering.
    fn subset(&self, rows: &[usize]) -> Labelled {
        Labelled {
            texts: rows.iter().map(|&i| self.texts[i].clone()).collect(),
            y: rows.iter().map(|&i| self.y[i]).collect(),
            classes: self.classes.clone(),
            groups: self
                .groups
                .as_ref()
                .map(|(g, n)| (rows.iter().map(|&i| g[i]).collect(), *n)),
        }
    }

    /// Fold of each row: grouped when groups are known, else stratified by class.
    pub fn folds(&self, k: usize, seed: u64) -> Result<Vec<usize>> {
        match &self.groups {
            Some((groups, _)) => {
                let present = count_distinct(groups);
                folds::grouped(&renumber(groups), present, k, seed)
            }
            None => folds::stratified(&self.y, self.classes.len(), k, seed),
        }
    }
}

fn number_groups(names: &[String]) -> (Vec<usize>, usize) {
    let mut seen: Vec<&str> = Vec::new();
    let ids = names
        .iter()
        .map(|n| match seen.iter().position(|s| *s == n.as_str()) {
            Some(i) => i,
            None => {
                seen.push(n);
                seen.len() - 1
            }
        })
        .collect();
    (ids, seen.len())
}

fn count_distinct(ids: &[usize]) -> usize {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v.len()
}

/// Group ids renumbered densely 0..distinct, keeping their order.
fn renumber(ids: &[usize]) -> Vec<usize> {
    let mut distinct = ids.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    ids.iter()
        .map(|g| distinct.binary_search(g).unwrap_or(0))
        .collect()
}

/// A fitted pipeline with how it got there.
#[derive(Debug, Clone)]
pub struct Trained {
    /// Fitted features.
    pub features: FeatureUnion,
    /// Fitted weights.
    pub model: LogisticModel,
    /// How the final fit converged.
    pub convergence: Convergence,
    /// The C used.
    pub c: f64,
    /// The search that chose C, if it was not given.
    pub c_search: Option<CSearch>,
}

/// Trains on all of `data`: choose C (unless given), fit features, fit weights.
pub fn train(params: &TrainParams, data: &Labelled) -> Result<Trained> {
    let (c, c_search) = choose_c(params, data)?;
    let (features, rows) = FeatureUnion::fit_transform(&params.features, &data.texts)?;
    let x = CsrMatrix::from_rows(&rows, features.n_features());
    // The packed matrix replaces the rows; keeping both would double peak memory while fitting.
    drop(rows);
    let logistic = LogisticParams {
        c,
        ..params.logistic.clone()
    };
    let (model, convergence) = logistic.fit(&x, &data.y, data.classes.len())?;
    Ok(Trained {
        features,
        model,
        convergence,
        c,
        c_search,
    })
}

/// The given C, or the grid value with the best cross-validated macro-F1 (the smaller C on ties).
fn choose_c(params: &TrainParams, data: &Labelled) -> Result<(f64, Option<CSearch>)> {
    if let Some(c) = params.c {
        return Ok((c, None));
    }
    if params.c_grid.is_empty() {
        return Err(Error::usage(
            "--c",
            "give --c or a non-empty grid of values to choose from",
        ));
    }
    let k = params.search_folds.min(max_folds(data)).max(2);
    let folds = data.folds(k, params.seed)?;
    let per_fold: Vec<Vec<(usize, Vec<usize>)>> = (0..k)
        .into_par_iter()
        .map(|f| grid_predictions(params, data, &folds, f))
        .collect::<Result<_>>()?;
    let mut grid = Vec::with_capacity(params.c_grid.len());
    for (g, &c) in params.c_grid.iter().enumerate() {
        let mut predicted = vec![0; data.y.len()];
        for fold in &per_fold {
            for (row, &p) in fold.iter().map(|(row, preds)| (row, &preds[g])) {
                predicted[*row] = p;
            }
        }
        let metrics = Metrics::compute(&data.classes, &data.y, &predicted, None);
        grid.push(CScore {
            c,
            macro_f1: metrics.macro_f1,
        });
    }
    let best = grid.iter().fold(&grid[0], |best, s| {
        if s.macro_f1 > best.macro_f1 + 1e-12 {
            s
        } else {
            best
        }
    });
    Ok((best.c, Some(CSearch { folds: k, grid })))
}

/// The most folds the data allows: the groups, or the size of the smallest class.
fn max_folds(data: &Labelled) -> usize {
    match &data.groups {
        Some((g, _)) => count_distinct(g),
        None => data
            .class_counts()
            .iter()
            .map(|(_, n)| *n)
            .min()
            .unwrap_or(2),
    }
}

/// For fold `f`: each test row with its predicted class under every C of the grid.
fn grid_predictions(
    params: &TrainParams,
    data: &Labelled,
    folds: &[usize],
    f: usize,
) -> Result<Vec<(usize, Vec<usize>)>> {
    let (train_rows, test_rows) = folds::split(folds, f);
    let train = data.subset(&train_rows);
    let (features, rows) = FeatureUnion::fit_transform(&params.features, &train.texts)?;
    let x = CsrMatrix::from_rows(&rows, features.n_features());
    let test: Vec<SparseRow> = test_rows
        .iter()
        .map(|&i| features.transform(&data.texts[i]))
        .collect();
    let mut predictions = vec![Vec::with_capacity(params.c_grid.len()); test_rows.len()];
    for &c in &params.c_grid {
        let logistic = LogisticParams {
            c,
            ..params.logistic.clone()
        };
        let (model, _) = logistic.fit(&x, &train.y, data.classes.len())?;
        for (p, row) in predictions.iter_mut().zip(&test) {
            p.push(predict(&model, row));
        }
    }
    Ok(test_rows.into_iter().zip(predictions).collect())
}

fn predict(model: &LogisticModel, row: &SparseRow) -> usize {
    let mut p = vec![0.0; model.n_classes()];
    model.predict_proba(&row.indices, &row.values, &mut p);
    argmax(&p)
}

/// Out-of-fold results of cross-validating the whole pipeline.
#[derive(Debug, Clone)]
pub struct CrossValidation {
    /// Fold of each row.
    pub folds: Vec<usize>,
    /// Out-of-fold predicted class of each row.
    pub predicted: Vec<usize>,
    /// Metrics of each fold's test rows.
    pub per_fold: Vec<Metrics>,
    /// The C each fold's model used.
    pub fold_c: Vec<f64>,
}

/// Cross-validates training with `params` over `k` folds (grouped when `data` has groups), the folds
/// in parallel; a C search, if any, runs inside each fold on that fold's training rows only.
pub fn cross_validate(
    params: &TrainParams,
    data: &Labelled,
    k: usize,
    poles: Option<(usize, usize)>,
) -> Result<CrossValidation> {
    let folds = data.folds(k, params.seed)?;
    let results: Vec<(Vec<usize>, Vec<usize>, f64)> = (0..k)
        .into_par_iter()
        .map(|f| {
            let (train_rows, test_rows) = folds::split(&folds, f);
            let trained = train(params, &data.subset(&train_rows))?;
            let predicted = test_rows
                .iter()
                .map(|&i| predict(&trained.model, &trained.features.transform(&data.texts[i])))
                .collect();
            Ok((test_rows, predicted, trained.c))
        })
        .collect::<Result<_>>()?;
    let mut predicted = vec![0; data.y.len()];
    let mut per_fold = Vec::with_capacity(k);
    let mut fold_c = Vec::with_capacity(k);
    for (rows, preds, c) in results {
        let truth: Vec<usize> = rows.iter().map(|&i| data.y[i]).collect();
        per_fold.push(Metrics::compute(&data.classes, &truth, &preds, poles));
        for (&i, &p) in rows.iter().zip(&preds) {
            predicted[i] = p;
        }
        fold_c.push(c);
    }
    Ok(CrossValidation {
        folds,
        predicted,
        per_fold,
        fold_c,
    })
}
