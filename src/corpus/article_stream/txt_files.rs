//! `.txt` articles: the `.txt` files of a directory in name order, or one `.txt` file, read one at a
//! time and labelled from a manifest (given with `--manifest`, or a `manifest.csv` found in the
//! directory). Owns listing the files, noting the unreadable ones as skipped, and the warnings about
//! files the manifest does not list and manifest rows that name no file found. It must not clean
//! outlets or check ids: the stream does that as articles pass.

use std::path::{Path, PathBuf};

use super::{ArticleSummary, Source};
use crate::corpus::Encoding;
use crate::corpus::articles::{
    Article, ArticleOptions, Skipped, UNKNOWN_OUTLET, file_stem, has_extension, read_article_file,
};
use crate::corpus::manifest::Manifest;
use crate::error::{Error, Result};
use crate::progress::ReadCounter;

/// `.txt` articles read one file at a time, labelled from a manifest when there is one.
pub(super) struct TxtFiles {
    input: PathBuf,
    files: std::vec::IntoIter<(PathBuf, u64)>,
    pub(super) manifest: Option<Manifest>,
    manifest_found: bool,
    /// `used[row]`: the manifest row named a file that was found.
    used: Vec<bool>,
    encoding: Encoding,
    pub(super) skipped: Vec<Skipped>,
    warnings: Vec<String>,
    counter: ReadCounter,
}

impl TxtFiles {
    /// The `.txt` files of `dir` in name order, with its manifest, and their size in all.
    pub(super) fn directory(
        dir: &Path,
        options: &ArticleOptions,
        counter: ReadCounter,
    ) -> Result<(Source, Option<u64>)> {
        let mut files = Vec::new();
        let mut found_manifest = None;
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_some_and(|n| n.eq_ignore_ascii_case("manifest.csv")) {
                found_manifest = Some(path);
            } else if is_article_candidate(&path) {
                let size = path.metadata().map_or(0, |m| m.len());
                files.push((path, size));
            }
        }
        files.sort();
        let total = files.iter().map(|(_, size)| size).sum();
        let source = TxtFiles::new(dir, files, options, found_manifest, counter)?;
        Ok((Source::Files(source), Some(total)))
    }

    /// Reads `files` (with their sizes) as articles of `input`, labelled from the given manifest or
    /// the one found beside them.
    pub(super) fn new(
        input: &Path,
        files: Vec<(PathBuf, u64)>,
        options: &ArticleOptions,
        found_manifest: Option<PathBuf>,
        counter: ReadCounter,
    ) -> Result<TxtFiles> {
        let (manifest, manifest_found) = match (&options.manifest, found_manifest) {
            (Some(given), _) => (Some(Manifest::read(given, options.encoding)?), false),
            (None, Some(found)) => (Some(Manifest::read(&found, options.encoding)?), true),
            (None, None) => (None, false),
        };
        Ok(TxtFiles {
            input: input.to_path_buf(),
            files: files.into_iter(),
            used: vec![false; manifest.as_ref().map_or(0, Manifest::len)],
            manifest,
            manifest_found,
            encoding: options.encoding,
            skipped: Vec::new(),
            warnings: Vec::new(),
            counter,
        })
    }

    /// The next readable file as an article; unreadable ones are noted as skipped on the way.
    pub(super) fn next_article(&mut self) -> Result<Option<Article>> {
        for (path, size) in self.files.by_ref() {
            let text = read_article_file(&path, self.encoding);
            self.counter.add(size);
            let row = self.manifest.as_ref().and_then(|m| m.row_of(&path));
            if let Some(row) = row {
                self.used[row] = true;
            }
            match text {
                Ok(text) => return Ok(Some(self.article(&path, row, text))),
                Err(reason) => self.skipped.push(Skipped { path, reason }),
            }
        }
        Ok(None)
    }

    /// The article of one file, labelled from its manifest row; a file the manifest does not list
    /// gets the outlet `unknown` and a warning.
    fn article(&mut self, path: &Path, row: Option<usize>, text: String) -> Article {
        let mut article = Article {
            id: file_stem(path),
            text,
            ..Article::default()
        };
        match (&self.manifest, row) {
            (Some(m), Some(row)) => m.label(row, &mut article),
            (Some(m), None) => {
                self.warnings.push(format!(
                    "{}: not in the manifest {}; its outlet is {UNKNOWN_OUTLET:?}",
                    path.display(),
                    m.path.display()
                ));
                m.label_blank(&mut article);
            }
            (None, _) => {}
        }
        article
    }

    pub(super) fn finish(mut self, summary: &mut ArticleSummary) {
        if let Some(m) = self.manifest {
            if self.input.is_dir() {
                self.warnings.extend(m.unused_rows(&self.used, &self.input));
            }
            self.warnings.extend(m.warnings.iter().cloned());
            summary.manifest = Some(m.path);
            summary.manifest_found = self.manifest_found;
        }
        summary.skipped = self.skipped;
        summary.warnings = self.warnings;
    }
}

/// A `.txt` regular file, or a `.txt` link to nothing (kept so it is reported as skipped rather
/// than silently missing); directories, pipes and devices are left alone.
fn is_article_candidate(path: &Path) -> bool {
    let dangling = !path.exists() && path.symlink_metadata().is_ok();
    has_extension(path, &["txt"]) && (path.is_file() || dangling)
}
