//! The command line: argument parsing (clap derive), running commands, and the only place that prints.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Result;

/// slant: stance and sentiment of news sentences, and outlet comparison.
#[derive(Debug, Parser)]
#[command(name = "slant", version, about)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// slant's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the sentences slant finds in text files.
    Sentences {
        /// Text files.
        files: Vec<std::path::PathBuf>,
    },
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Sentences { files } => {
            let _ = files;
            Ok(())
        }
    }
}

/// Turns the outcome of [`run`] into a message on standard error and an exit code.
pub fn exit(result: Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("slant: error: {e}");
            ExitCode::FAILURE
        }
    }
}
