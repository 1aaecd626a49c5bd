//! `slant classify`: label every row of a table with a model, streaming: rows are read in chunks
//! (bounded in rows and bytes), scored in parallel, and written in input order, so memory does not
//! grow with the input. Shows a progress bar on a terminal unless `--quiet`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use crate::atomic;
use crate::cli::args::TableArgs;
use crate::cli::csv_err;
use crate::cli::evaluate::{check_one_model_or_split, model_for};
use crate::cli::progress::Progress;
use crate::corpus::{Record, TableReader};
use crate::error::{Error, Result};
use crate::model::Classifier;
use crate::progress::ReadCounter;
use crate::report::csv_safe::neutralize;
use crate::score::{NamedModel, load_models};

/// Rows scored per parallel chunk, at most.
const CHUNK_ROWS: usize = 8192;
/// Row text per parallel chunk, at most, in bytes, so rows holding whole articles stay bounded too.
const CHUNK_BYTES: usize = 4 << 20;

/// Flags of `slant classify`.
#[derive(Debug, Clone, Args)]
pub struct ClassifyArgs {
    /// The model file, or with --split-by a directory of per-split models.
    #[arg(long, value_name = "MODEL")]
    pub model: PathBuf,
    #[command(flatten)]
    pub table: TableArgs,
    /// Column holding the text.
    #[arg(long, value_name = "NAME")]
    pub text_column: String,
    /// Input columns to copy into the output before the predictions (repeatable).
    #[arg(long = "keep", value_name = "NAME")]
    pub keep: Vec<String>,
    /// Add an `explanation` column with the N terms that pushed most towards the predicted label.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub explain: usize,
    /// Score each row with the model trained for its value of this column (--model is then a
    /// directory made by `slant train --split-by`).
    #[arg(long, value_name = "NAME")]
    pub split_by: Option<String>,
    /// Output CSV (standard output when absent or `-`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Print only warnings and errors: no progress bar, no summary.
    #[arg(long)]
    pub quiet: bool,
}

/// Runs `slant classify`; returns the number of rows written.
pub fn run(args: &ClassifyArgs, stdout: &mut dyn Write) -> Result<usize> {
    let models = load_models(std::slice::from_ref(&args.model))?;
    check_one_model_or_split(&models, args.split_by.as_deref(), &args.model)?;
    let scorer = Scorer::new(args, &models);
    match args.out.as_deref() {
        Some(path) if path != std::path::Path::new("-") => {
            let mut n = 0;
            atomic::write_file(path, |w| {
                classify_into(args, &scorer, w).map(|rows| n = rows)
            })?;
            Ok(n)
        }
        _ => classify_into(args, &scorer, stdout),
    }
}

/// The models and the output columns they share: every class of every model, in first-seen order.
struct Scorer<'a> {
    args: &'a ClassifyArgs,
    models: &'a [NamedModel],
    classes: Vec<String>,
    slant: bool,
}

impl<'a> Scorer<'a> {
    fn new(args: &'a ClassifyArgs, models: &'a [NamedModel]) -> Self {
        let mut classes: Vec<String> = Vec::new();
        for m in models {
            for c in m.classifier.classes() {
                if !classes.contains(c) {
                    classes.push(c.clone());
                }
            }
        }
        let slant = models.iter().all(|m| {
            m.classifier
                .poles()
                .indices(m.classifier.classes())
                .is_some()
        });
        Scorer {
            args,
            models,
            classes,
            slant,
        }
    }

    fn header(&self) -> Vec<String> {
        let mut h: Vec<String> = self.args.keep.clone();
        h.push("label".into());
        h.extend(self.classes.iter().map(|c| format!("p_{c}")));
        if self.slant {
            h.push("slant".into());
        }
        if self.args.explain > 0 {
            h.push("explanation".into());
        }
        h
    }

    /// The model for a row: the only one, or the one trained for the row's split value.
    fn model_for(&self, record: &Record, split: Option<usize>) -> Result<&'a Classifier> {
        match (split, &self.args.split_by) {
            (Some(i), Some(column)) => {
                let m = model_for(self.models, column, record.get(i).trim(), &self.args.model)?;
                Ok(&self.models[m].classifier)
            }
            _ => Ok(&self.models[0].classifier),
        }
    }

    fn output_row(
        &self,
        record: &Record,
        text: usize,
        keep: &[usize],
        split: Option<usize>,
    ) -> Result<Vec<String>> {
        let classifier = self.model_for(record, split)?;
        let row = classifier.featurize(record.get(text));
        let mut p = vec![0.0; classifier.classes().len()];
        let best = classifier.predict_row(&row, &mut p);
        let mut line: Vec<String> = keep
            .iter()
            .map(|&k| neutralize(record.get(k)).into_owned())
            .collect();
        line.push(neutralize(&classifier.classes()[best]).into_owned());
        line.extend(self.classes.iter().map(|c| {
            classifier
                .classes()
                .iter()
                .position(|k| k == c)
                .map_or_else(|| "0".to_string(), |i| p[i].to_string())
        }));
        if self.slant {
            line.push(
                classifier
                    .slant(&p)
                    .map_or_else(String::new, |s| s.to_string()),
            );
        }
        if self.args.explain > 0 {
            let terms: Vec<String> = classifier
                .explain(&row, best, self.args.explain)
                .into_iter()
                .map(|(t, _)| t)
                .collect();
            line.push(neutralize(&terms.join(" | ")).into_owned());
        }
        Ok(line)
    }
}

fn classify_into(args: &ClassifyArgs, scorer: &Scorer<'_>, out: &mut dyn Write) -> Result<usize> {
    let mut csv = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(out);
    csv.write_record(scorer.header()).map_err(csv_err)?;
    let counter = ReadCounter::new();
    let mut progress = Progress::new(counter.clone(), input_size(args), "rows", quiet(args));
    let mut written = 0;
    for path in &args.table.data {
        let mut reader = TableReader::open_counting(path, &args.table.options(), counter.clone())?;
        let text = reader.column(&args.text_column)?;
        let keep = args
            .keep
            .iter()
            .map(|k| reader.column(k))
            .collect::<Result<Vec<_>>>()?;
        let split = args
            .split_by
            .as_deref()
            .map(|c| reader.column(c))
            .transpose()?;
        loop {
            let chunk = read_chunk(&mut reader)?;
            if chunk.is_empty() {
                break;
            }
            let lines: Vec<Vec<String>> = chunk
                .par_iter()
                .map(|record| scorer.output_row(record, text, &keep, split))
                .collect::<Result<_>>()?;
            for line in &lines {
                csv.write_record(line).map_err(csv_err)?;
            }
            written += lines.len();
            progress.advance(lines.len() as u64);
        }
    }
    progress.finish();
    csv.flush().map_err(|e| Error::io("<output>", e))?;
    Ok(written)
}

/// No progress bar with `--quiet`, nor when the rows themselves go to the terminal.
fn quiet(args: &ClassifyArgs) -> bool {
    let to_stdout = args
        .out
        .as_deref()
        .is_none_or(|p| p == std::path::Path::new("-"));
    args.quiet || (to_stdout && std::io::stdout().is_terminal())
}

/// Bytes in all the input files, when every one is a file whose size is known.
fn input_size(args: &ClassifyArgs) -> Option<u64> {
    args.table
        .data
        .iter()
        .map(|p| {
            (p != std::path::Path::new("-"))
                .then(|| std::fs::metadata(p).ok().map(|m| m.len()))
                .flatten()
        })
        .sum()
}

/// Up to [`CHUNK_ROWS`] rows, stopping once they hold [`CHUNK_BYTES`] of text.
fn read_chunk(reader: &mut TableReader) -> Result<Vec<Record>> {
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    let mut bytes = 0;
    let mut record = Record::default();
    while chunk.len() < CHUNK_ROWS && bytes < CHUNK_BYTES && reader.read_record(&mut record)? {
        bytes += record.text_len();
        chunk.push(std::mem::take(&mut record));
    }
    Ok(chunk)
}
