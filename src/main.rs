//! The `slant` command: parse the arguments, run, and turn errors into messages and exit codes.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = slant::cli::Cli::parse();
    slant::cli::exit(slant::cli::run(args))
}
