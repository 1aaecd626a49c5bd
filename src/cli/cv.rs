//! `slant cv`: cross-validate the whole training pipeline (features refitted in every fold), folds in
//! parallel; stratified by class, grouped by a column (articles never straddle train and test), and
//! optionally one model per value of a split column (SemEval: one model per target) with the
//! predictions pooled.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use crate::cli::args::FeatureArgs;
use crate::cli::evaluate::write_metrics_table;
use crate::cli::train::{LabelledArgs, ModelArgs};
use crate::corpus::LabelledRows;
use crate::error::{Error, Result};
use crate::model::metrics::mean_std;
use crate::model::{Labelled, Metrics, Poles, TrainParams, cross_validate};

/// Flags of `slant cv`.
#[derive(Debug, Clone, Args)]
pub struct CvArgs {
    #[command(flatten)]
    pub data: LabelledArgs,
    /// Number of folds.
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub folds: usize,
    /// Train and test a separate model for each value of this column and pool the predictions
    /// (SemEval-2016: one model per target).
    #[arg(long, value_name = "NAME")]
    pub split_by: Option<String>,
    #[command(flatten)]
    pub features: FeatureArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One fold's figures.
#[derive(Debug, Serialize)]
pub struct FoldFigures {
    /// Fold number, from 1.
    pub fold: usize,
    /// Test rows in the fold.
    pub rows: usize,
    /// Accuracy on the fold's test rows.
    pub accuracy: f64,
    /// Macro-F1 on the fold's test rows.
    pub macro_f1: f64,
    /// F_avg on the fold's test rows, when the classes have poles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f_avg: Option<f64>,
}

/// The result of `slant cv`.
#[derive(Debug, Serialize)]
pub struct CvReport {
    /// Mean accuracy over folds.
    pub accuracy: f64,
    /// Mean macro-F1 over folds.
    pub macro_f1: f64,
    /// Mean F_avg over folds, when the classes have poles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f_avg: Option<f64>,
    /// Spread over folds (sample standard deviations, minima and maxima).
    pub spread: Spread,
    /// Scores per class on the pooled out-of-fold predictions.
    pub per_class: Vec<crate::model::metrics::ClassScores>,
    /// Confusion matrix of the pooled out-of-fold predictions.
    pub confusion: Vec<Vec<usize>>,
    /// Class names of the confusion matrix.
    pub labels: Vec<String>,
    /// Metrics of all out-of-fold predictions pooled.
    pub pooled: Metrics,
    /// Each fold's figures.
    pub per_fold: Vec<FoldFigures>,
    /// The C each model used (per split, per fold).
    pub c: Vec<f64>,
    /// Number of folds.
    pub folds: usize,
    /// Rows cross-validated.
    pub rows: usize,
    /// The group column, if any.
    pub grouped_by: Option<String>,
    /// The split column, if any.
    pub split_by: Option<String>,
}

/// Standard deviation, minimum and maximum over folds.
#[derive(Debug, Serialize)]
pub struct Spread {
    /// Standard deviation of accuracy.
    pub accuracy_std: f64,
    /// Lowest fold accuracy.
    pub accuracy_min: f64,
    /// Highest fold accuracy.
    pub accuracy_max: f64,
    /// Standard deviation of macro-F1.
    pub macro_f1_std: f64,
    /// Lowest fold macro-F1.
    pub macro_f1_min: f64,
    /// Highest fold macro-F1.
    pub macro_f1_max: f64,
    /// Standard deviation of F_avg.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f_avg_std: Option<f64>,
}

/// Runs `slant cv` and writes the report to `out`.
pub fn run(args: &CvArgs, out: &mut dyn Write) -> Result<CvReport> {
    let params = args.model.params(&args.features)?;
    let rows = args.data.read(args.split_by.as_deref())?;
    let mut classes = rows.labels.clone();
    classes.sort();
    classes.dedup();
    let poles = Poles::resolve(
        &classes,
        args.model.positive_label.as_deref(),
        args.model.negative_label.as_deref(),
    )?;
    let pole_ids = poles.indices(&classes);
    let mut pooled = Pooled {
        truth: Vec::new(),
        predicted: Vec::new(),
        fold: Vec::new(),
        c: Vec::new(),
    };
    for (name, members) in rows.split_members() {
        cross_validate_split(args, &params, &rows, &classes, &members, &mut pooled)
            .map_err(|e| name.map_or_else(|| e.to_string(), |n| format!("split {n:?}: {e}")))
            .map_err(Error::Invalid)?;
    }
    let report = build_report(args, &classes, pole_ids, &pooled);
    write_report(args, out, &report).map_err(|e| Error::io("<output>", e))?;
    Ok(report)
}

struct Pooled {
    truth: Vec<usize>,
    predicted: Vec<usize>,
    fold: Vec<usize>,
    c: Vec<f64>,
}

fn cross_validate_split(
    args: &CvArgs,
    params: &TrainParams,
    rows: &LabelledRows,
    classes: &[String],
    members: &[usize],
    pooled: &mut Pooled,
) -> Result<()> {
    let texts = members.iter().map(|&i| rows.texts[i].clone()).collect();
    let labels: Vec<String> = members.iter().map(|&i| rows.labels[i].clone()).collect();
    let groups: Option<Vec<String>> = rows
        .groups
        .as_ref()
        .map(|g| members.iter().map(|&i| g[i].clone()).collect());
    let data = Labelled::new(texts, &labels, groups.as_deref())?;
    let cv = cross_validate(params, &data, args.folds, None)?;
    let global = |c: usize| {
        classes
            .iter()
            .position(|g| *g == data.classes[c])
            .unwrap_or(0)
    };
    pooled.truth.extend(data.y.iter().map(|&c| global(c)));
    pooled
        .predicted
        .extend(cv.predicted.iter().map(|&c| global(c)));
    pooled.fold.extend(cv.folds);
    pooled.c.extend(cv.fold_c);
    Ok(())
}

fn build_report(
    args: &CvArgs,
    classes: &[String],
    poles: Option<(usize, usize)>,
    pooled: &Pooled,
) -> CvReport {
    let per_fold: Vec<FoldFigures> = (0..args.folds)
        .map(|f| {
            let rows: Vec<usize> = (0..pooled.fold.len())
                .filter(|&i| pooled.fold[i] == f)
                .collect();
            let truth: Vec<usize> = rows.iter().map(|&i| pooled.truth[i]).collect();
            let predicted: Vec<usize> = rows.iter().map(|&i| pooled.predicted[i]).collect();
            let m = Metrics::compute(classes, &truth, &predicted, poles);
            FoldFigures {
                fold: f + 1,
                rows: rows.len(),
                accuracy: m.accuracy,
                macro_f1: m.macro_f1,
                f_avg: m.f_avg,
            }
        })
        .collect();
    let stats = |get: &dyn Fn(&FoldFigures) -> f64| {
        let v: Vec<f64> = per_fold.iter().map(get).collect();
        let (mean, std) = mean_std(&v);
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (mean, std, min, max)
    };
    let (accuracy, accuracy_std, accuracy_min, accuracy_max) = stats(&|f| f.accuracy);
    let (macro_f1, macro_f1_std, macro_f1_min, macro_f1_max) = stats(&|f| f.macro_f1);
    let f_avg = poles.map(|_| stats(&|f| f.f_avg.unwrap_or(0.0)));
    let pooled_metrics = Metrics::compute(classes, &pooled.truth, &pooled.predicted, poles);
    CvReport {
        accuracy,
        macro_f1,
        f_avg: f_avg.map(|s| s.0),
        spread: Spread {
            accuracy_std,
            accuracy_min,
            accuracy_max,
            macro_f1_std,
            macro_f1_min,
            macro_f1_max,
            f_avg_std: f_avg.map(|s| s.1),
        },
        per_class: pooled_metrics.per_class.clone(),
        confusion: pooled_metrics.confusion.clone(),
        labels: classes.to_vec(),
        pooled: pooled_metrics,
        per_fold,
        c: pooled.c.clone(),
        folds: args.folds,
        rows: pooled.truth.len(),
        grouped_by: args.data.group_column.clone(),
        split_by: args.split_by.clone(),
    }
}

fn write_report(args: &CvArgs, out: &mut dyn Write, r: &CvReport) -> std::io::Result<()> {
    if args.json {
        serde_json::to_writer_pretty(&mut *out, r)?;
        return writeln!(out);
    }
    writeln!(
        out,
        "{}-fold cross-validation over {} rows{}{}",
        r.folds,
        r.rows,
        by("grouped by", &r.grouped_by),
        by("one model per", &r.split_by)
    )?;
    writeln!(
        out,
        "accuracy   {:.4} ± {:.4}  (folds {:.4}–{:.4})",
        r.accuracy, r.spread.accuracy_std, r.spread.accuracy_min, r.spread.accuracy_max
    )?;
    writeln!(
        out,
        "macro-F1   {:.4} ± {:.4}  (folds {:.4}–{:.4})",
        r.macro_f1, r.spread.macro_f1_std, r.spread.macro_f1_min, r.spread.macro_f1_max
    )?;
    if let (Some(f), Some(s)) = (r.f_avg, r.spread.f_avg_std) {
        writeln!(
            out,
            "F_avg      {f:.4} ± {s:.4}  (pooled: {:.4})",
            r.pooled.f_avg.unwrap_or(0.0)
        )?;
    }
    let cs: Vec<String> = r.c.iter().map(|c| format!("{c}")).collect();
    writeln!(out, "C per model: {}", cs.join(" "))?;
    writeln!(out)?;
    writeln!(out, "pooled out-of-fold predictions:")?;
    write_metrics_table(out, &r.pooled)
}

fn by(what: &str, column: &Option<String>) -> String {
    column
        .as_ref()
        .map_or_else(String::new, |c| format!(", {what} {c:?}"))
}
