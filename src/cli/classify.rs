//! `slant classify`: label every row of a table with a model, streaming: rows are read in chunks,
//! scored in parallel, and written in input order, so memory does not grow with the input.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use crate::atomic;
use crate::cli::args::TableArgs;
use crate::cli::csv_err;
use crate::corpus::{Record, TableReader};
use crate::error::{Error, Result};
use crate::model::{Classifier, file};
use crate::report::csv_safe::neutralize;

/// Rows scored per parallel chunk.
const CHUNK_ROWS: usize = 8192;

/// Flags of `slant classify`.
#[derive(Debug, Clone, Args)]
pub struct ClassifyArgs {
    /// The model file.
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
    /// Output CSV (standard output when absent or `-`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs `slant classify`; returns the number of rows written.
pub fn run(args: &ClassifyArgs, stdout: &mut dyn Write) -> Result<usize> {
    let classifier = file::load(&args.model)?;
    match args.out.as_deref() {
        Some(path) if path != std::path::Path::new("-") => {
            let mut n = 0;
            atomic::write_file(path, |w| {
                classify_into(args, &classifier, w).map(|rows| n = rows)
            })?;
            Ok(n)
        }
        _ => classify_into(args, &classifier, stdout),
    }
}

fn classify_into(
    args: &ClassifyArgs,
    classifier: &Classifier,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut csv = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(out);
    csv.write_record(header(args, classifier))
        .map_err(csv_err)?;
    let mut written = 0;
    for path in &args.table.data {
        let mut reader = TableReader::open(path, &args.table.options())?;
        let text = reader.column(&args.text_column)?;
        let keep = args
            .keep
            .iter()
            .map(|k| reader.column(k))
            .collect::<Result<Vec<_>>>()?;
        loop {
            let chunk = read_chunk(&mut reader)?;
            if chunk.is_empty() {
                break;
            }
            let lines: Vec<Vec<String>> = chunk
                .par_iter()
                .map(|record| output_row(args, classifier, record, text, &keep))
                .collect();
            for line in &lines {
                csv.write_record(line).map_err(csv_err)?;
            }
            written += lines.len();
        }
    }
    csv.flush().map_err(|e| Error::io("<output>", e))?;
    Ok(written)
}

fn read_chunk(reader: &mut TableReader) -> Result<Vec<Record>> {
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    let mut record = Record::default();
    while chunk.len() < CHUNK_ROWS && reader.read_record(&mut record)? {
        chunk.push(std::mem::take(&mut record));
    }
    Ok(chunk)
}

fn header(args: &ClassifyArgs, classifier: &Classifier) -> Vec<String> {
    let mut h: Vec<String> = args.keep.clone();
    h.push("label".into());
    h.extend(classifier.classes().iter().map(|c| format!("p_{c}")));
    if classifier.poles().indices(classifier.classes()).is_some() {
        h.push("slant".into());
    }
    if args.explain > 0 {
        h.push("explanation".into());
    }
    h
}

fn output_row(
    args: &ClassifyArgs,
    classifier: &Classifier,
    record: &Record,
    text: usize,
    keep: &[usize],
) -> Vec<String> {
    let row = classifier.featurize(record.get(text));
    let mut p = vec![0.0; classifier.classes().len()];
    let best = classifier.predict_row(&row, &mut p);
    let mut line: Vec<String> = keep
        .iter()
        .map(|&k| neutralize(record.get(k)).into_owned())
        .collect();
    line.push(neutralize(&classifier.classes()[best]).into_owned());
    line.extend(p.iter().map(|v| v.to_string()));
    if let Some(s) = classifier.slant(&p) {
        line.push(s.to_string());
    }
    if args.explain > 0 {
        let terms: Vec<String> = classifier
            .explain(&row, best, args.explain)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        line.push(neutralize(&terms.join(" | ")).into_owned());
    }
    line
}
