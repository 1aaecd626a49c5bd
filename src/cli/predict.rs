//! `slant predict`: score articles with one or more models and write `sentences`, `articles` and
//! `outlets` tables into a directory. Articles stream in, are scored in bounded parallel chunks, and
//! their sentence and article rows are written in input order as they come, so only outlet tallies
//! stay in memory and the peak does not grow with the input. Each file goes through a temporary file
//! and the three are put in place together at the end, so a failed run leaves the old tables whole.
//! Reading, scoring and table layout live in the library (`corpus::article_stream`, `score`,
//! `report::tables`); this file turns flags into settings, drives the progress bar, and returns a
//! summary for `cli` to print.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::aggregate::{Bootstrap, DEFAULT_RESAMPLES, DEFAULT_SEED};
use crate::atomic::AtomicFile;
use crate::cli::progress::Progress;
use crate::corpus::{Article, ArticleOptions, ArticleStream, Encoding, Skipped};
use crate::error::{Error, Result};
use crate::report::tables::{Cell, Layout, TableFormat, TableWriter, render_rows};
use crate::score::{
    NamedModel, ScoreSettings, ScoreTotals, ScoredArticle, ScoredSentence, load_models,
    score_stream_rendered,
};
use crate::text::boilerplate;

/// Which models score which articles, and how outlet intervals are drawn: shared by `predict` and
/// `report`.
#[derive(Debug, Clone, Args)]
pub struct ScoringArgs {
    /// A model file, or a directory whose `*.model` files are all used (name order); repeat for
    /// several models side by side (columns are then prefixed with each model's file stem).
    #[arg(long = "model", value_name = "MODEL", required = true)]
    pub models: Vec<PathBuf>,
    /// The articles: a directory of .txt files, one .txt file, a CSV/TSV or JSON Lines
    /// (.jsonl/.ndjson) file with columns id, outlet, date, text (title optional), or - for standard
    /// input (JSON Lines when it starts with `{`, else CSV).
    #[arg(long, value_name = "DIR|FILE")]
    pub articles: PathBuf,
    /// CSV with columns file, outlet, date (more kept) naming each .txt article's outlet
    /// [default: MANIFEST.csv in the articles directory, when there is one].
    #[arg(long, value_name = "CSV")]
    pub manifest: Option<PathBuf>,
    /// Text encoding of the articles: utf-8, latin1 or windows-1252.
    #[arg(long, value_name = "E", default_value = "utf-8")]
    pub encoding: Encoding,
    /// Seed of the bootstrap intervals.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Bootstrap resamples per outlet interval.
    #[arg(long = "bootstrap", value_name = "N", default_value_t = DEFAULT_RESAMPLES)]
    pub resamples: usize,
    /// Lowercase outlet names, so `NYT` and `nyt` count as one outlet.
    #[arg(long)]
    pub fold_outlet_case: bool,
    /// Print only warnings and errors, not the run summary.
    #[arg(long)]
    pub quiet: bool,
}

impl ScoringArgs {
    /// Loads the models and opens the articles these flags name, with the scoring settings.
    pub fn open(&self) -> Result<(Vec<NamedModel>, ArticleStream, ScoreSettings)> {
        if self.resamples == 0 {
            return Err(Error::usage(
                "--bootstrap",
                "needs at least 1 resample (10000 is the default)",
            ));
        }
        // Loading a model keeps one core busy; the sentence rules compile on the other meanwhile.
        // A failure to start the thread only means they compile when first needed.
        let _ = std::thread::Builder::new()
            .name("compile-rules".into())
            .spawn(boilerplate::compile_rules);
        let models = load_models(&self.models)?;
        let options = ArticleOptions {
            manifest: self.manifest.clone(),
            encoding: self.encoding,
            fold_outlet_case: self.fold_outlet_case,
        };
        let articles = ArticleStream::open(&self.articles, &options)?;
        let settings = ScoreSettings {
            bootstrap: Bootstrap {
                resamples: self.resamples,
                seed: self.seed,
            },
            ..ScoreSettings::default()
        };
        Ok((models, articles, settings))
    }
}

/// Flags of `slant predict`.
#[derive(Debug, Clone, Args)]
pub struct PredictArgs {
    #[command(flatten)]
    pub input: ScoringArgs,
    /// Directory for sentences, articles and outlets tables (created when missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Table format: csv or jsonl.
    #[arg(long, value_name = "F", default_value = "csv")]
    pub format: TableFormat,
}

/// What a run of `slant predict` did, for the summary on standard error.
#[derive(Debug, Clone)]
pub struct PredictSummary {
    /// Articles scored.
    pub articles: usize,
    /// Files skipped as unreadable, with reasons.
    pub skipped: Vec<Skipped>,
    /// Warnings about the input.
    pub warnings: Vec<String>,
    /// The manifest used, and whether it was found in the directory rather than given.
    pub manifest: Option<(PathBuf, bool)>,
    /// The model names, in column order.
    pub models: Vec<String>,
    /// Sentences scored.
    pub sentences: usize,
    /// Outlets found.
    pub outlets: usize,
    /// The files written.
    pub files: Vec<PathBuf>,
}

/// Runs `slant predict`.
pub fn run(args: &PredictArgs) -> Result<PredictSummary> {
    let (models, mut articles, settings) = args.input.open()?;
    let created = !args.out_dir.exists();
    std::fs::create_dir_all(&args.out_dir).map_err(|e| Error::io(&args.out_dir, e))?;
    let (totals, files) =
        write_tables(args, &models, &mut articles, &settings).inspect_err(|_| {
            // A bad row found midway fails the run as it did when the input was read first: with
            // no tables, and no new empty directory either (remove_dir leaves a non-empty one).
            if created {
                let _ = std::fs::remove_dir(&args.out_dir);
            }
        })?;
    let read = articles.finish();
    Ok(PredictSummary {
        articles: read.articles,
        skipped: read.skipped,
        warnings: read.warnings,
        manifest: read.manifest.map(|m| (m, read.manifest_found)),
        models: models.into_iter().map(|m| m.name).collect(),
        sentences: totals.sentences,
        outlets: totals.outlets.len(),
        files,
    })
}

/// Scores the articles while writing the sentences and articles tables, then writes the outlets
/// table, and only then puts all three in place.
fn write_tables(
    args: &PredictArgs,
    models: &[NamedModel],
    articles: &mut ArticleStream,
    settings: &ScoreSettings,
) -> Result<(ScoreTotals, Vec<PathBuf>)> {
    let infos: Vec<_> = models.iter().map(NamedModel::info).collect();
    let layout = Layout::new(&infos, articles.extra_columns().to_vec());
    let path = |name: &str| {
        args.out_dir
            .join(format!("{name}.{}", args.format.extension()))
    };
    let files = vec![path("sentences"), path("articles"), path("outlets")];
    let mut sentence_file = AtomicFile::create(&files[0])?;
    let mut article_file = AtomicFile::create(&files[1])?;
    let tables = [
        Table::new(
            &files[0],
            sentence_file.writer(),
            args.format,
            layout.sentence_header(),
        )?,
        Table::new(
            &files[1],
            article_file.writer(),
            args.format,
            layout.article_header(),
        )?,
    ];
    let totals = stream_rows(
        &layout,
        models,
        articles,
        settings,
        tables,
        args.input.quiet,
    )?;
    let outlets = write_table(
        &files[2],
        args.format,
        layout.outlet_header(),
        totals.outlets.iter().map(|o| layout.outlet_row(o)),
    )?;
    for file in [sentence_file, article_file, outlets] {
        file.commit()?;
    }
    Ok((totals, files))
}

/// Scores the articles, writing each one's sentence rows and its article row as it comes; the rows
/// are rendered to bytes on the worker threads, so the writing thread only copies them out.
fn stream_rows<W: Write>(
    layout: &Layout,
    models: &[NamedModel],
    articles: &mut ArticleStream,
    settings: &ScoreSettings,
    [mut sentences, mut article_rows]: [Table<'_, W>; 2],
    quiet: bool,
) -> Result<ScoreTotals> {
    let mut progress = Progress::for_articles(articles, quiet);
    let (format, sentence_header) = (
        sentences.writer.format(),
        sentences.writer.header().to_vec(),
    );
    let render = |article: &Article, rows: Vec<ScoredSentence>, _: &ScoredArticle| {
        let mut bytes = Vec::new();
        let cells = rows.iter().map(|s| layout.sentence_row(article, s));
        render_rows(format, &sentence_header, cells, &mut bytes).map(|()| bytes)
    };
    let totals = score_stream_rendered(
        models,
        articles.by_ref(),
        settings,
        render,
        |_, rendered, scored| {
            sentences.write_bytes(&rendered.map_err(|e| Error::io(sentences.path, e))?)?;
            article_rows.write(layout.article_row(&scored))?;
            progress.advance(1);
            Ok(())
        },
    )?;
    progress.finish();
    sentences.finish()?;
    article_rows.finish()?;
    Ok(totals)
}

/// A table being written, whose I/O errors name its file.
struct Table<'a, W: Write> {
    path: &'a Path,
    writer: TableWriter<W>,
}

impl<'a, W: Write> Table<'a, W> {
    fn new(path: &'a Path, out: W, format: TableFormat, header: Vec<String>) -> Result<Self> {
        let writer = TableWriter::new(out, format, header).map_err(|e| Error::io(path, e))?;
        Ok(Table { path, writer })
    }

    fn write(&mut self, row: Vec<Cell<'_>>) -> Result<()> {
        self.writer
            .write_row(&row)
            .map_err(|e| Error::io(self.path, e))
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer
            .write_rendered(bytes)
            .map_err(|e| Error::io(self.path, e))
    }

    fn finish(self) -> Result<()> {
        self.writer.finish().map_err(|e| Error::io(self.path, e))
    }
}

/// Writes a whole table into a temporary file for `target`, not yet put in place.
fn write_table<'c>(
    target: &Path,
    format: TableFormat,
    header: Vec<String>,
    rows: impl Iterator<Item = Vec<Cell<'c>>>,
) -> Result<AtomicFile> {
    let mut file = AtomicFile::create(target)?;
    let mut table = Table::new(target, file.writer(), format, header)?;
    for row in rows {
        table.write(row)?;
    }
    table.finish()?;
    Ok(file)
}
