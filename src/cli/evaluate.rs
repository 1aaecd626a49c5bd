//! `slant evaluate`: score a model on labelled data — accuracy, per-class precision/recall/F1,
//! macro-F1 and the confusion matrix, as a table or JSON.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use crate::cli::train::LabelledArgs;
use crate::error::{Error, Result};
use crate::model::{Metrics, file};

/// Flags of `slant evaluate`.
#[derive(Debug, Clone, Args)]
pub struct EvaluateArgs {
    /// The model file.
    #[arg(long, value_name = "MODEL")]
    pub model: PathBuf,
    #[command(flatten)]
    pub data: LabelledArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `slant evaluate`, writing the result to `out`; returns warnings for the user.
pub fn run(args: &EvaluateArgs, out: &mut dyn Write) -> Result<Vec<String>> {
    let classifier = file::load(&args.model)?;
    let rows = args.data.read(None)?;
    let mut labels: Vec<String> = classifier.classes().to_vec();
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
    let truth: Vec<usize> = rows
        .labels
        .iter()
        .map(|l| labels.iter().position(|c| c == l).unwrap_or(0))
        .collect();
    let predicted: Vec<usize> = rows
        .texts
        .par_iter()
        .map(|t| {
            let mut p = vec![0.0; classifier.classes().len()];
            classifier.predict_row(&classifier.featurize(t), &mut p)
        })
        .collect();
    let poles = classifier.poles().indices(classifier.classes());
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
