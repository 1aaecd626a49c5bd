//! The `slant` command: parse the arguments, run, and turn errors into messages and exit codes.

use clap::Parser;

// predict allocates a few dozen small blocks a sentence (some inside sentencex), most of them freed
// on another thread than the one that made them; glibc's malloc spent a tenth of predict's time on
// that, mimalloc less than half as much. THP stays off (feature `no_thp`): with it, peak memory doubled.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = slant::cli::Cli::parse();
    slant::cli::exit(slant::cli::run(args))
}
