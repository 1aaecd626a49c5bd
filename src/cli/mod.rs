//! The command line: argument parsing (clap derive), running commands, and the only place that
//! prints. Each command lives in its own file and returns its outcome; this module reports it.

pub mod args;
pub mod classify;
pub mod cv;
pub mod evaluate;
pub mod inspect;
pub mod predict;
pub mod progress;
pub mod report;
pub mod sentences;
pub mod train;
pub mod vectorize;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};
use crate::model::Classifier;

/// slant: stance and sentiment of news sentences, and outlet comparison.
#[derive(Debug, Parser)]
#[command(name = "slant", version, about, max_term_width = 100)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// slant's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Split article text files into sentences (boilerplate dropped) and print them as CSV.
    Sentences(sentences::SentencesArgs),
    /// Fit TF-IDF on a text column and export the features as svmlight plus a vocabulary.
    Vectorize(vectorize::VectorizeArgs),
    /// Train a stance or sentiment model from labelled CSV/TSV files.
    Train(train::TrainArgs),
    /// Label every row of a table with a model: label and one probability per class.
    Classify(classify::ClassifyArgs),
    /// Score a model on labelled data: accuracy, per-class F1, macro-F1, confusion matrix.
    Evaluate(evaluate::EvaluateArgs),
    /// Cross-validate training settings on labelled data.
    Cv(cv::CvArgs),
    /// Compare outlets: score articles and render an HTML or Markdown report, or a terminal table.
    Report(report::ReportArgs),
    /// Show a model's training record and its most heavily weighted terms.
    Inspect(inspect::InspectArgs),
    /// Score articles with one or more models and write sentence, article and outlet tables.
    Predict(predict::PredictArgs),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let mut stdout = io::stdout().lock();
    match cli.command {
        Command::Sentences(args) => sentences::run(&args, &mut stdout),
        Command::Vectorize(args) => {
            let summary = vectorize::run(&args)?;
            note(&format!(
                "{} rows, {} features written to {}",
                summary.rows,
                summary.features,
                summary.out_dir.display()
            ));
            Ok(())
        }
        Command::Train(args) => {
            for report in train::run(&args)? {
                print_training(&report.classifier, report.unlabelled, &report.path);
            }
            Ok(())
        }
        Command::Classify(args) => {
            let rows = classify::run(&args, &mut stdout)?;
            if args.out.is_some() && !args.quiet {
                note(&format!("{rows} rows classified"));
            }
            Ok(())
        }
        Command::Evaluate(args) => {
            for w in evaluate::run(&args, &mut stdout)? {
                warn(&w);
            }
            Ok(())
        }
        Command::Cv(args) => cv::run(&args, &mut stdout).map(|_| ()),
        Command::Inspect(args) => inspect::run(&args, &mut stdout),
        Command::Report(args) => {
            let run = report::run(&args, &mut stdout)?;
            for (file, reason) in &run.skipped {
                warn(&format!("skipped {file}: {reason}"));
            }
            for w in &run.warnings {
                warn(w);
            }
            if !args.input.quiet {
                let written = args.out.as_ref().map_or_else(String::new, |o| {
                    format!("; report written to {}", o.display())
                });
                note(&format!(
                    "{} articles, {} sentences, {} outlets from {}{written}",
                    run.articles, run.sentences, run.outlets, run.source
                ));
            }
            Ok(())
        }
        Command::Predict(args) => {
            let summary = predict::run(&args)?;
            print_prediction(&summary, &args);
            Ok(())
        }
    }
}

fn print_prediction(s: &predict::PredictSummary, args: &predict::PredictArgs) {
    for skipped in &s.skipped {
        warn(&format!(
            "skipped {}: {}",
            skipped.path.display(),
            skipped.reason
        ));
    }
    for w in &s.warnings {
        warn(w);
    }
    if args.input.quiet {
        return;
    }
    let input = if args.input.articles == std::path::Path::new("-") {
        "standard input".to_string()
    } else {
        args.input.articles.display().to_string()
    };
    let manifest = match &s.manifest {
        Some((m, true)) => format!(", outlets from {} (found in the directory)", m.display()),
        Some((m, false)) => format!(", outlets from {}", m.display()),
        None => String::new(),
    };
    note(&format!(
        "read {} article{} from {input}{manifest}; skipped {} unreadable file{}",
        s.articles,
        plural(s.articles),
        s.skipped.len(),
        plural(s.skipped.len())
    ));
    note(&format!(
        "scored {} sentence{} with {}; {} outlet{}",
        s.sentences,
        plural(s.sentences),
        s.models.join(", "),
        s.outlets,
        plural(s.outlets)
    ));
    let files: Vec<String> = s.files.iter().map(|f| f.display().to_string()).collect();
    note(&format!("wrote {}", files.join(", ")));
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_training(classifier: &Classifier, unlabelled: usize, out: &std::path::Path) {
    let t = classifier.training();
    let counts: Vec<String> = t
        .class_counts
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    note(&format!(
        "trained on {} rows ({})",
        t.rows,
        counts.join(", ")
    ));
    if unlabelled > 0 {
        warn(&format!("{unlabelled} rows without a label were skipped"));
    }
    match &t.c_search {
        Some(s) => note(&format!(
            "C = {} (best of {} by {}-fold cross-validated macro-F1)",
            t.c,
            s.grid.len(),
            s.folds
        )),
        None => note(&format!("C = {}", t.c)),
    }
    let c = &t.convergence;
    if c.converged {
        note(&format!(
            "converged in {} iterations (largest gradient component {:.2e})",
            c.iterations, c.gradient_norm
        ));
    } else {
        warn(&format!(
            "the optimizer stopped after {} iterations without converging (largest gradient component {:.2e} > --tol {:e}, {}); \
             the model was written, but pass a larger --max-iter for a better fit",
            c.iterations, c.gradient_norm, t.tol, c.reason
        ));
    }
    if let Some(cv) = &t.cv {
        note(&format!(
            "{}-fold cross-validation: accuracy {:.3} ± {:.3}, macro-F1 {:.3} ± {:.3}",
            cv.folds, cv.accuracy, cv.accuracy_std, cv.macro_f1, cv.macro_f1_std
        ));
    }
    note(&format!("model written to {}", out.display()));
}

/// A progress or summary line on standard error.
fn note(message: &str) {
    let _ = writeln!(io::stderr(), "slant: {message}");
}

/// A warning on standard error.
fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "slant: warning: {message}");
}

/// A CSV writing error as a slant error.
pub(crate) fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io("<output>", io),
        other => Error::Invalid(format!("writing CSV: {other:?}")),
    }
}

/// Turns the outcome of [`run`] into a message on standard error and an exit code: 0 on success,
/// 2 for a bad flag value, 1 for anything else.
pub fn exit(result: Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(io::stderr(), "slant: error: {e}");
            match e {
                Error::Usage { .. } => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}
