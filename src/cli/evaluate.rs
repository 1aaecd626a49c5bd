//! `slant evaluate`: score a model on labelled data — accuracy, per-class precision/recall/F1,
//! macro-F1 and the confusion matrix, as a table or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use rayon::prelude::*;

use crate::cli::train::LabelledArgs;
use crate::corpus::LabelledRows;
use crate::error::{Error, Location, Result};
use crate::model::{Classifier, Metrics};
use crate::score::{NamedModel, load_models};

/// Flags of `slant evaluate`.
#[derive(Debug, Clone, Args)]
pub struct EvaluateArgs {
    /// The model file, or with --split-by a directory of per-split models (from `train --split-by`).
    #[arg(long, value_name = "MODEL")]
    pub model: PathBuf,
    #[command(flatten)]
    pub data: LabelledArgs,
    /// Score each row with the model trained for its value of this column.
    #[arg(long, value_name = "NAME")]
    pub split_by: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `slant evaluate`, writing the result to `out`; returns warnings for the user.
pub fn run(args: &EvaluateArgs, out: &mut dyn Write) -> Result<Vec<String>> {
    let models = load_models(std::slice::from_ref(&args.model))?;
    let rows = args.data.read(args.split_by.as_deref())?;
    let chosen = choose_models(&models, &rows, args)?;
    let mut labels: Vec<String> = Vec::new();
    for m in models.iter().map(|m| &m.classifier) {
        labels.extend(
            m.classes()
                .iter()
                .filter(|c| !labels.contains(c))
                .cloned()
                .collect::<Vec<_>>(),
        );
    }
    let mut warnings = Vec::new();
    let unknown = unknown_labels(&labels, &rows.labels);
    if !unknown.is_empty() {
        warnings.push(format!(
            "labels the model does not know (scored as errors): {}; the model's classes are {}",
            unknown.join(", "),
            labels.join(", ")
        ));
        labels.extend(unknown);
    }
    let index = |name: &str| labels.iter().position(|c| c == name).unwrap_or(0);
    let truth: Vec<usize> = rows.labels.iter().map(|l| index(l)).collect();
    let predicted: Vec<usize> = rows
        .texts
        .par_iter()
        .zip(&chosen)
        .map(|(t, &m)| {
            let classifier = &models[m].classifier;
            let mut p = vec![0.0; classifier.classes().len()];
            index(&classifier.classes()[classifier.predict_row(&classifier.featurize(t), &mut p)])
        })
        .collect();
    let first = &models[0].classifier;
    let poles = first
        .poles()
        .positive
        .as_deref()
        .zip(first.poles().negative.as_deref())
        .map(|(p, n)| (index(p), index(n)));
    let metrics = Metrics::compute(&labels, &truth, &predicted, poles);
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &metrics)
            .map_err(|e| Error::Invalid(e.to_string()))?;
        writeln!(out).map_err(|e| Error::io("<output>", e))?;
    } else {
        write_metrics_table(out, &metrics).map_err(|e| Error::io("<output>", e))?;
    }
    if rows.unlabelled > 0 {
        warnings.push(format!(
            "{} rows without a label were skipped",
            rows.unlabelled
        ));
    }
    Ok(warnings)
}

/// The model (index into `models`) that scores each row: the only one, or with --split-by the one
/// trained for the row's value.
fn choose_models(
    models: &[NamedModel],
    rows: &LabelledRows,
    args: &EvaluateArgs,
) -> Result<Vec<usize>> {
    check_one_model_or_split(models, args.split_by.as_deref(), &args.model)?;
    let (Some(column), Some(values)) = (&args.split_by, &rows.splits) else {
        return Ok(vec![0; rows.texts.len()]);
    };
    values
        .iter()
        .map(|v| model_for(models, column, v, &args.model))
        .collect()
}

/// Several models (a directory) need `--split-by` to say which scores which row.
pub fn check_one_model_or_split(
    models: &[NamedModel],
    split_by: Option<&str>,
    model: &Path,
) -> Result<()> {
    if split_by.is_none() && models.len() > 1 {
        return Err(Error::usage(
            "--model",
            format!(
                "{} holds {} models; name one model file, or pass --split-by COLUMN",
                model.display(),
                models.len()
            ),
        ));
    }
    Ok(())
}

/// The model trained for `column` = `value`.
pub fn model_for(models: &[NamedModel], column: &str, value: &str, dir: &Path) -> Result<usize> {
    let covers = |m: &Classifier| {
        m.training()
            .split
            .as_ref()
            .is_some_and(|s| s.column == column && s.value == value)
    };
    models.iter().position(|m| covers(&m.classifier)).ok_or_else(|| {
        let known: Vec<String> = models
            .iter()
            .filter_map(|m| m.classifier.training().split.as_ref().map(|s| format!("{:?}", s.value)))
            .collect();
        Error::input(
            Location::file(dir),
            format!(
                "no model for {column} {value:?}; the models cover: {}. Train them with `slant train --split-by {column}`",
                if known.is_empty() { "no split values".to_string() } else { known.join(", ") }
            ),
        )
    })
}

fn unknown_labels(classes: &[String], labels: &[String]) -> Vec<String> {
    let mut unknown: Vec<String> = labels
        .iter()
        .filter(|l| !classes.contains(l))
        .cloned()
        .collect();
    unknown.sort();
    unknown.dedup();
    unknown
}

/// Writes metrics as a readable table: headline figures, per-class scores, confusion matrix.
pub fn write_metrics_table(out: &mut dyn Write, m: &Metrics) -> std::io::Result<()> {
    writeln!(out, "rows       {}", m.rows)?;
    writeln!(out, "accuracy   {:.4}", m.accuracy)?;
    writeln!(out, "macro-F1   {:.4}", m.macro_f1)?;
    if let Some(f) = m.f_avg {
        writeln!(out, "F_avg      {f:.4}  (mean F1 of the two pole classes)")?;
    }
    let width = m
        .labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(out)?;
    writeln!(out, "{:width$}  precision  recall     F1  support", "class")?;
    for c in &m.per_class {
        writeln!(
            out,
            "{:width$}  {:9.4}  {:6.4}  {:5.4}  {:7}",
            c.label, c.precision, c.recall, c.f1, c.support
        )?;
    }
    writeln!(out)?;
    writeln!(out, "confusion (rows: true class, columns: predicted)")?;
    write!(out, "{:width$}", "")?;
    for l in &m.labels {
        write!(out, "  {l:>width$}")?;
    }
    writeln!(out)?;
    for (l, row) in m.labels.iter().zip(&m.confusion) {
        write!(out, "{l:width$}")?;
        for n in row {
            write!(out, "  {n:>width$}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
