//! The command line: argument parsing (clap derive), running commands, and the only place that
//! prints. Each command lives in its own file and returns its outcome; this module reports it.

pub mod args;
pub mod sentences;
pub mod vectorize;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};

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
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Sentences(args) => sentences::run(&args, &mut io::stdout().lock()),
        Command::Vectorize(args) => {
            let summary = vectorize::run(&args)?;
            eprintln!(
                "slant vectorize: {} rows, {} features written to {}",
                summary.rows,
                summary.features,
                summary.out_dir.display()
            );
            Ok(())
        }
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
