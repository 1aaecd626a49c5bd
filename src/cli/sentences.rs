//! `slant sentences`: the sentences slant finds in article files, as CSV, for checking the splitter
//! and for labelling.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::atomic;
use crate::cli::csv_err;
use crate::corpus::{Encoding, read_text_file};
use crate::error::{Error, Location, Result};
use crate::report::csv_safe::neutralize;
use crate::text::split_sentences;

/// Flags of `slant sentences`.
#[derive(Debug, Clone, Args)]
pub struct SentencesArgs {
    /// Article text files, or directories of `.txt` files (read in name order).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Text encoding of the files: utf-8, latin1 or windows-1252.
    #[arg(long, value_name = "E", default_value = "utf-8")]
    encoding: Encoding,
    /// Write the CSV here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Runs `slant sentences`, writing CSV to `stdout` unless `--out` is given.
pub fn run(args: &SentencesArgs, stdout: &mut dyn Write) -> Result<()> {
    let files = expand_paths(&args.paths)?;
    match &args.out {
        Some(out) => atomic::write_file(out, |w| write_csv(&files, args.encoding, w)),
        None => write_csv(&files, args.encoding, stdout),
    }
}

fn write_csv(files: &[PathBuf], encoding: Encoding, w: &mut dyn Write) -> Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["file", "index", "start", "end", "sentence"])
        .map_err(csv_err)?;
    for path in files {
        let text = read_text_file(path, encoding)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        for (i, s) in split_sentences(&text).iter().enumerate() {
            let (index, start, end) = ((i + 1).to_string(), s.start.to_string(), s.end.to_string());
            csv.write_record([
                neutralize(&name).as_ref(),
                &index,
                &start,
                &end,
                neutralize(s.text(&text)).as_ref(),
            ])
            .map_err(csv_err)?;
        }
    }
    csv.flush().map_err(|e| Error::io("<output>", e))
}

/// Files named directly, plus the `.txt` files of named directories in name order.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(txt_files_in(path)?);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(Error::input(
                Location::file(path),
                "no such file or directory; check the path",
            ));
        }
    }
    Ok(files)
}

fn txt_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")))
        .collect();
    files.sort();
    Ok(files)
}
