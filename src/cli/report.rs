//! `slant report`: score articles like `predict`, then render the outlet comparison as a
//! self-contained HTML page or Markdown (format from the `--out` extension), or as a terminal table
//! on standard output. Builds the report's view-model from the scores; the renderers compute nothing.
//! Articles stream in as for `predict`, but every article's aggregate (not its text) is kept, since
//! the report lists them all.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::atomic;
use crate::cli::predict::ScoringArgs;
use crate::cli::progress::Progress;
use crate::corpus::{Article, ArticleStream, ArticleSummary};
use crate::error::{Error, Result};
use crate::report::{
    ArticleRow, CvFacts, Evidence, ModelInfo, ModelSection, OutletEvidence, OutletRow, ReportData,
    RunFacts, render_html, render_markdown, render_terminal,
};
use crate::score::{NamedModel, ScoreSettings, Scored, ScoredSentence, score_stream};

/// Flags of `slant report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: ScoringArgs,
    /// Write the report here: `.html` (one self-contained page) or `.md`; without it the outlet
    /// table is printed on standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The report's title [default: names the outlets and articles].
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Sentences shown per outlet at each pole.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub evidence: usize,
}

/// The formats `--out` can name.
enum Format {
    Html,
    Markdown,
}

/// Runs `slant report`; returns the facts for the run summary.
pub fn run(args: &ReportArgs, stdout: &mut dyn Write) -> Result<RunFacts> {
    let format = args.out.as_deref().map(format_of).transpose()?;
    let (models, mut stream, settings) = args.input.open()?;
    let mut evidence = EvidenceCollector::new(models.len(), args.evidence);
    let scored = score_all(args, &models, &mut stream, &settings, &mut evidence)?;
    let read = stream.finish();
    let data = report_data(args, &models, &read, &scored, evidence);
    match (format, &args.out) {
        (Some(Format::Html), Some(path)) => atomic::write_file(path, |w| render_html(&data, w))?,
        (Some(Format::Markdown), Some(path)) => {
            atomic::write_file(path, |w| render_markdown(&data, w))?
        }
        _ => render_terminal(&data, stdout).map_err(|e| Error::io("<output>", e))?,
    }
    Ok(data.run)
}

/// Scores every article, keeping each one's aggregate and the evidence sentences.
fn score_all(
    args: &ReportArgs,
    models: &[NamedModel],
    stream: &mut ArticleStream,
    settings: &ScoreSettings,
    evidence: &mut EvidenceCollector,
) -> Result<Scored> {
    let mut articles = Vec::new();
    let mut progress = Progress::for_articles(stream, args.input.quiet);
    let totals = score_stream(
        models,
        stream.by_ref(),
        settings,
        |article, rows, scored| {
            evidence.add(article, rows);
            articles.push(scored);
            progress.advance(1);
            Ok(())
        },
    )?;
    progress.finish();
    Ok(Scored {
        models: totals.models,
        settings: totals.settings,
        articles,
        outlets: totals.outlets,
        sentences: totals.sentences,
    })
}

fn format_of(path: &Path) -> Result<Format> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => Ok(Format::Html),
        Some("md" | "markdown") => Ok(Format::Markdown),
        _ => Err(Error::usage(
            "--out",
            format!(
                "{}: name a .html or .md file (or leave --out out for a table here)",
                path.display()
            ),
        )),
    }
}

/// Keeps, per model and outlet, the sentences nearest each pole (ties: first seen).
struct EvidenceCollector {
    keep: usize,
    /// `by_model[m][outlet]` = candidates, pruned to the `keep` highest and lowest slants.
    by_model: Vec<BTreeMap<String, Vec<Evidence>>>,
}

impl EvidenceCollector {
    fn new(models: usize, keep: usize) -> Self {
        EvidenceCollector {
            keep,
            by_model: vec![BTreeMap::new(); models],
        }
    }

    fn add(&mut self, article: &Article, rows: &[ScoredSentence]) {
        for (m, outlets) in self.by_model.iter_mut().enumerate() {
            let list = outlets.entry(article.outlet.clone()).or_default();
            for s in rows {
                let p = &s.predictions[m];
                let Some(slant) = p.score.slant else { continue };
                list.push(Evidence {
                    article: article.id.clone(),
                    sentence: s.text.clone(),
                    label: p.label.clone(),
                    probabilities: p.score.probabilities.clone(),
                    slant,
                    terms: p.explanation.iter().map(|(t, _)| t.clone()).collect(),
                });
            }
            if list.len() > 4 * self.keep.max(1) {
                prune(list, self.keep);
            }
        }
    }

    /// The most positive and most negative sentences of `outlet` under model `m`.
    fn poles(&mut self, m: usize, outlet: &str) -> (Vec<Evidence>, Vec<Evidence>) {
        let mut list = self.by_model[m].remove(outlet).unwrap_or_default();
        prune(&mut list, self.keep);
        let positive: Vec<Evidence> = list
            .iter()
            .filter(|e| e.slant > 0.0)
            .take(self.keep)
            .cloned()
            .collect();
        let negative: Vec<Evidence> = list
            .iter()
            .rev()
            .filter(|e| e.slant < 0.0)
            .take(self.keep)
            .cloned()
            .collect();
        (positive, negative)
    }
}

/// Sorts by slant (highest first; stable, so ties keep input order) and keeps both ends.
fn prune(list: &mut Vec<Evidence>, keep: usize) {
    list.sort_by(|a, b| b.slant.total_cmp(&a.slant));
    if list.len() > 2 * keep {
        let tail = list.split_off(list.len() - keep);
        list.truncate(keep);
        list.extend(tail);
    }
}

fn report_data(
    args: &ReportArgs,
    models: &[NamedModel],
    read: &ArticleSummary,
    scored: &Scored,
    mut evidence: EvidenceCollector,
) -> ReportData {
    let run = RunFacts {
        source: source_description(&args.input.articles, read),
        articles: scored.articles.len(),
        sentences: scored.sentences,
        outlets: scored.outlets.len(),
        skipped: read
            .skipped
            .iter()
            .map(|s| (s.path.display().to_string(), s.reason.clone()))
            .collect(),
        warnings: read.warnings.clone(),
    };
    let title = args.title.clone().unwrap_or_else(|| {
        format!(
            "Outlet slant: {} outlets, {} articles, {} sentences",
            run.outlets, run.articles, run.sentences
        )
    });
    let sections = models
        .iter()
        .enumerate()
        .map(|(m, model)| model_section(m, model, scored, &mut evidence))
        .collect();
    ReportData {
        title,
        run,
        models: sections,
    }
}

fn source_description(articles: &Path, read: &ArticleSummary) -> String {
    let input = if articles == Path::new("-") {
        "standard input".to_string()
    } else {
        articles.display().to_string()
    };
    match &read.manifest {
        Some(m) => format!("{input} (manifest: {})", m.display()),
        None => input,
    }
}

fn model_section(
    m: usize,
    model: &NamedModel,
    scored: &Scored,
    evidence: &mut EvidenceCollector,
) -> ModelSection {
    let info = model.info();
    let n_classes = info.classes.len();
    let mut outlets: Vec<OutletRow> = scored
        .outlets
        .iter()
        .map(|o| {
            let s = &o.scores[m];
            OutletRow {
                outlet: o.outlet.clone(),
                articles: o.articles,
                sentences: o.sentences,
                shares: s.shares.clone().unwrap_or_else(|| vec![0.0; n_classes]),
                slant: s.slant,
                slant_low: s.slant_low,
                slant_high: s.slant_high,
                interval_basis: s.interval_basis.map_or("", |b| b.as_str()).to_string(),
            }
        })
        .collect();
    // Ranked by this model's slant, highest first; outlets without one last, by name.
    outlets.sort_by(|a, b| match (a.slant, b.slant) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.outlet.cmp(&b.outlet)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.outlet.cmp(&b.outlet),
    });
    let articles = scored
        .articles
        .iter()
        .map(|a| ArticleRow {
            article: a.id.clone(),
            outlet: a.outlet.clone(),
            date: a.date.clone(),
            sentences: a.sentences,
            shares: a.scores[m]
                .shares
                .clone()
                .unwrap_or_else(|| vec![0.0; n_classes]),
            slant: a.scores[m].slant,
        })
        .collect();
    let evidence = outlets
        .iter()
        .map(|o| {
            let (most_positive, most_negative) = evidence.poles(m, &o.outlet);
            OutletEvidence {
                outlet: o.outlet.clone(),
                most_positive,
                most_negative,
            }
        })
        .collect();
    ModelSection {
        name: info.name,
        classes: info.classes,
        positive: info.positive,
        negative: info.negative,
        info: model_info(model),
        outlets,
        articles,
        evidence,
    }
}

fn model_info(model: &NamedModel) -> ModelInfo {
    let t = model.classifier.training();
    ModelInfo {
        created: t.created.clone(),
        training_files: t
            .inputs
            .iter()
            .map(|i| (i.file.clone(), i.rows, i.sha256.clone()))
            .collect(),
        rows: t.rows,
        class_counts: t.class_counts.clone(),
        c: t.c,
        cv: t.cv.as_ref().map(|cv| CvFacts {
            folds: cv.folds,
            grouped_by: cv.grouped_by.clone(),
            accuracy: cv.accuracy,
            accuracy_std: cv.accuracy_std,
            macro_f1: cv.macro_f1,
            macro_f1_std: cv.macro_f1_std,
        }),
        converged: t.convergence.converged,
        iterations: t.convergence.iterations,
    }
}
