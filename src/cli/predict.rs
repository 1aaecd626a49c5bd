//! `slant predict`: score articles with one or more models and write `sentences`, `articles` and
//! `outlets` tables into a directory. Sentence rows are written while articles are scored in
//! parallel chunks, so only aggregates stay in memory; each file goes through a temporary file and
//! the three are put in place together at the end, so a failed run leaves the old tables whole.
//! Reading, scoring and table layout live in the library (`corpus::articles`, `score`,
//! `report::tables`); this file turns flags into settings and returns a summary for `cli` to print.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::aggregate::{Bootstrap, DEFAULT_RESAMPLES, DEFAULT_SEED};
use crate::atomic::AtomicFile;
use crate::corpus::{ArticleOptions, ArticleSet, Encoding, Skipped, read_articles};
use crate::error::{Error, Result};
use crate::report::tables::{Cell, Layout, TableFormat, TableWriter};
use crate::score::{NamedModel, ScoreSettings, Scored, load_models, score_articles_with};

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
    /// Loads the models and reads the articles these flags name, with the scoring settings.
    pub fn load(&self) -> Result<(Vec<NamedModel>, ArticleSet, ScoreSettings)> {
        if self.resamples == 0 {
            return Err(Error::usage(
                "--bootstrap",
                "needs at least 1 resample (10000 is the default)",
            ));
        }
        let models = load_models(&self.models)?;
        let options = ArticleOptions {
            manifest: self.manifest.clone(),
            encoding: self.encoding,
            fold_outlet_case: self.fold_outlet_case,
        };
        let set = read_articles(&self.articles, &options)?;
        let settings = ScoreSettings {
            bootstrap: Bootstrap {
                resamples: self.resamples,
                seed: self.seed,
            },
            ..ScoreSettings::default()
        };
        Ok((models, set, settings))
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
    let (models, set, settings) = args.input.load()?;
    std::fs::create_dir_all(&args.out_dir).map_err(|e| Error::io(&args.out_dir, e))?;
    let (scored, files) = write_tables(args, &models, &set, &settings)?;
    Ok(PredictSummary {
        articles: set.articles.len(),
        skipped: set.skipped,
        warnings: set.warnings,
        manifest: set.manifest.map(|m| (m, set.manifest_found)),
        models: models.into_iter().map(|m| m.name).collect(),
        sentences: scored.sentences,
        outlets: scored.outlets.len(),
        files,
    })
}

/// Scores the articles while writing the sentences table, then writes the articles and outlets
/// tables, and only then puts all three in place.
fn write_tables(
    args: &PredictArgs,
    models: &[NamedModel],
    set: &ArticleSet,
    settings: &ScoreSettings,
) -> Result<(Scored, Vec<PathBuf>)> {
    let infos: Vec<_> = models.iter().map(NamedModel::info).collect();
    let layout = Layout::new(&infos, set.extra_columns());
    let path = |name: &str| {
        args.out_dir
            .join(format!("{name}.{}", args.format.extension()))
    };
    let files = vec![path("sentences"), path("articles"), path("outlets")];
    let mut sentences = AtomicFile::create(&files[0])?;
    let scored = {
        let io_error = |e| Error::io(&files[0], e);
        let mut table = TableWriter::new(sentences.writer(), args.format, layout.sentence_header())
            .map_err(io_error)?;
        let scored = score_articles_with(models, &set.articles, settings, |article, rows| {
            rows.iter()
                .try_for_each(|s| table.write_row(&layout.sentence_row(article, s)))
        })
        .map_err(io_error)?;
        table.finish().map_err(io_error)?;
        scored
    };
    let articles = write_table(
        &files[1],
        args.format,
        layout.article_header(),
        scored.articles.iter().map(|a| layout.article_row(a)),
    )?;
    let outlets = write_table(
        &files[2],
        args.format,
        layout.outlet_header(),
        scored.outlets.iter().map(|o| layout.outlet_row(o)),
    )?;
    for file in [sentences, articles, outlets] {
        file.commit()?;
    }
    Ok((scored, files))
}

/// Writes a whole table into a temporary file for `target`, not yet put in place.
fn write_table(
    target: &Path,
    format: TableFormat,
    header: Vec<String>,
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<AtomicFile> {
    let mut file = AtomicFile::create(target)?;
    let io_error = |e| Error::io(target, e);
    let mut table = TableWriter::new(file.writer(), format, header).map_err(io_error)?;
    for row in rows {
        table.write_row(&row).map_err(io_error)?;
    }
    table.finish().map_err(io_error)?;
    Ok(file)
}
