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
use crate::features::{Scratch, SparseRow};
use crate::progress::ReadCounter;
use crate::report::csv_safe::neutralize;
use crate::report::shortest::push_f64;
use crate::score::{NamedModel, load_models};

/// Rows read and scored per chunk, at most; memory holds two chunks and one chunk's output.
const CHUNK_ROWS: usize = 8192;
/// Row text per chunk, at most, in bytes, so rows holding whole articles stay bounded too.
const CHUNK_BYTES: usize = 4 << 20;
/// Rows per parallel task within a chunk: each task formats its rows into one buffer.
const ROWS_PER_TASK: usize = 256;

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
    /// For each model, the position of each output class among its classes (None: not its class).
    class_positions: Vec<Vec<Option<usize>>>,
    slant: bool,
}

/// Buffers one parallel worker reuses across rows.
#[derive(Default)]
struct RowScratch {
    features: Scratch,
    row: SparseRow,
    probabilities: Vec<f64>,
    number: String,
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
        let class_positions = models
            .iter()
            .map(|m| {
                let own = m.classifier.classes();
                classes
                    .iter()
                    .map(|c| own.iter().position(|k| k == c))
                    .collect()
            })
            .collect();
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
            class_positions,
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

    /// The index of the model for a row: the only one, or the one trained for its split value.
    fn model_index(&self, record: &Record, split: Option<usize>) -> Result<usize> {
        match (split, &self.args.split_by) {
            (Some(i), Some(column)) => {
                model_for(self.models, column, record.get(i).trim(), &self.args.model)
            }
            _ => Ok(0),
        }
    }

    /// Scores one row and appends its CSV record to `out`.
    fn write_row(
        &self,
        record: &Record,
        columns: &Columns,
        scratch: &mut RowScratch,
        out: &mut csv::Writer<Vec<u8>>,
    ) -> Result<()> {
        let m = self.model_index(record, columns.split)?;
        let classifier = &self.models[m].classifier;
        let RowScratch {
            features,
            row,
            probabilities: p,
            number,
        } = scratch;
        p.resize(classifier.classes().len(), 0.0);
        let best = classifier.score_into(record.get(columns.text), features, row, p);
        for &k in &columns.keep {
            out.write_field(neutralize(record.get(k)).as_bytes())
                .map_err(csv_err)?;
        }
        out.write_field(neutralize(&classifier.classes()[best]).as_bytes())
            .map_err(csv_err)?;
        for position in &self.class_positions[m] {
            number.clear();
            match position {
                Some(i) => push_f64(number, p[*i]),
                None => number.push('0'),
            }
            out.write_field(number.as_bytes()).map_err(csv_err)?;
        }
        if self.slant {
            number.clear();
            if let Some(s) = classifier.slant(p) {
                push_f64(number, s);
            }
            out.write_field(number.as_bytes()).map_err(csv_err)?;
        }
        if self.args.explain > 0 {
            let terms: Vec<String> = classifier
                .explain(row, best, self.args.explain)
                .into_iter()
                .map(|(t, _)| t)
                .collect();
            out.write_field(neutralize(&terms.join(" | ")).as_bytes())
                .map_err(csv_err)?;
        }
        out.write_record(None::<&[u8]>).map_err(csv_err)
    }

    /// The CSV bytes of a chunk of rows, scored in parallel, in input order.
    fn score_chunk(&self, chunk: &[Record], columns: &Columns) -> Result<Vec<Vec<u8>>> {
        chunk
            .par_chunks(ROWS_PER_TASK)
            .map_init(RowScratch::default, |scratch, rows| {
                let mut out = csv::WriterBuilder::new().from_writer(Vec::new());
                for record in rows {
                    self.write_row(record, columns, scratch, &mut out)?;
                }
                out.into_inner().map_err(|e| Error::Invalid(e.to_string()))
            })
            .collect()
    }
}

/// Where the columns classify reads sit in the input.
struct Columns {
    text: usize,
    keep: Vec<usize>,
    split: Option<usize>,
}

impl Columns {
    fn find(args: &ClassifyArgs, reader: &TableReader) -> Result<Columns> {
        Ok(Columns {
            text: reader.column(&args.text_column)?,
            keep: args
                .keep
                .iter()
                .map(|k| reader.column(k))
                .collect::<Result<Vec<_>>>()?,
            split: args
                .split_by
                .as_deref()
                .map(|c| reader.column(c))
                .transpose()?,
        })
    }
}

fn classify_into(args: &ClassifyArgs, scorer: &Scorer<'_>, out: &mut dyn Write) -> Result<usize> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let io_err = |e| Error::io("<output>", e);
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(scorer.header()).map_err(csv_err)?;
    let header = header
        .into_inner()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    out.write_all(&header).map_err(io_err)?;
    let counter = ReadCounter::new();
    let mut progress = Progress::new(counter.clone(), input_size(args), "rows", quiet(args));
    let mut written = 0;
    for path in &args.table.data {
        let mut reader = TableReader::open_counting(path, &args.table.options(), counter.clone())?;
        let columns = Columns::find(args, &reader)?;
        let mut chunk = Vec::new();
        let mut spare = Vec::new();
        let mut rows = read_chunk(&mut reader, &mut chunk)?;
        let mut done: Vec<Vec<u8>> = Vec::new();
        while rows > 0 {
            // The pool scores this chunk and reads the next one while this thread writes the
            // previous chunk's rows: reading is a pool task rather than this thread's, so on two
            // cores two threads, not three, share the work, and the one that reads goes on to
            // score when it is done.
            let mut scored = Ok(Vec::new());
            let mut next = Ok(0);
            let mut wrote = Ok(());
            rayon::in_place_scope(|s| {
                s.spawn(|_| next = read_chunk(&mut reader, &mut spare));
                s.spawn(|_| scored = scorer.score_chunk(&chunk[..rows], &columns));
                wrote = done.iter().try_for_each(|bytes| out.write_all(bytes));
            });
            wrote.map_err(io_err)?;
            done = scored?;
            written += rows;
            progress.advance(rows as u64);
            std::mem::swap(&mut chunk, &mut spare);
            rows = next?;
        }
        for bytes in &done {
            out.write_all(bytes).map_err(io_err)?;
        }
    }
    progress.finish();
    out.flush().map_err(io_err)?;
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

/// Fills `chunk` with up to [`CHUNK_ROWS`] records holding up to [`CHUNK_BYTES`] of text, reusing
/// the buffers of the records already there; returns how many were read.
fn read_chunk(reader: &mut TableReader, chunk: &mut Vec<Record>) -> Result<usize> {
    if chunk.len() < CHUNK_ROWS {
        chunk.resize_with(CHUNK_ROWS, Record::default);
    }
    let mut rows = 0;
    let mut bytes = 0;
    while rows < CHUNK_ROWS && bytes < CHUNK_BYTES && reader.read_record(&mut chunk[rows])? {
        bytes += chunk[rows].text_len();
        rows += 1;
    }
    Ok(rows)
}
