//! Reading articles one at a time, in input order, from every input [`read_articles`] takes, so a
//! command can score an input of any size in bounded memory. Owns opening the input (choosing the
//! source for its kind), cleaning outlets and checking ids as articles pass; it keeps only what its
//! messages need (skipped files, warnings, a 64-bit hash per id) and never prints or scores. Each
//! kind of input is read by a source of its own: `txt_files` (`.txt` files and their manifest),
//! `table_articles` (CSV/TSV rows), `json_lines` (JSON Lines), with `stdin` telling JSON Lines from
//! CSV on standard input.
//!
//! The extra columns of the articles table are known before the first article: a table's other
//! columns, a manifest's other columns, or for JSON Lines the keys of every line. So tables come out
//! as when every article was read before any was scored, and a bad JSON line still fails the run
//! before anything is scored.
//!
//! [`read_articles`]: crate::corpus::read_articles

mod json_lines;
mod stdin;
mod table_articles;
mod txt_files;

use std::collections::HashSet;
use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::corpus::TableReader;
use crate::corpus::articles::{
    Article, ArticleOptions, Skipped, clean_outlet, fold_outlet_case, has_extension, table_options,
};
use crate::error::{Error, Location, Result};
use crate::progress::ReadCounter;
use json_lines::JsonlArticles;
use stdin::open_stdin;
pub(crate) use table_articles::TableArticles;
use txt_files::TxtFiles;

/// Articles read one at a time from one input; an iterator of `Result<Article>` in input order
/// (file-name order for a directory). It stops after the first error.
pub struct ArticleStream {
    input: PathBuf,
    fold_outlet_case: bool,
    source: Source,
    extra: Vec<String>,
    /// The article read ahead by [`ArticleStream::open`], so an input without any fails there.
    pending: Option<Article>,
    done: bool,
    articles: usize,
    /// Hashes of the ids seen, 8 bytes an article instead of the ids themselves, so the check costs
    /// little memory on inputs of millions of articles; a false "used by more than one article"
    /// needs two ids with the same 64-bit hash, about 1 in 10⁸ for a million articles.
    ids: HashSet<u64>,
    id_warnings: Vec<String>,
    counter: ReadCounter,
    total: Option<u64>,
}

/// What reading an input found besides its articles.
#[derive(Debug, Clone, Default)]
pub struct ArticleSummary {
    /// Articles read.
    pub articles: usize,
    /// Files that could not be read as text.
    pub skipped: Vec<Skipped>,
    /// Messages about the input that did not stop the run.
    pub warnings: Vec<String>,
    /// The manifest used, if any.
    pub manifest: Option<PathBuf>,
    /// True when the manifest was found in the directory rather than given with `--manifest`.
    pub manifest_found: bool,
}

impl ArticleStream {
    /// Opens `path` — a directory of `.txt` files, one `.txt` file, a `.jsonl`/`.ndjson` file, a
    /// CSV/TSV file, or `-` for standard input — and reads its first article: no article at all is
    /// an error here, before any output is started.
    pub fn open(path: &Path, options: &ArticleOptions) -> Result<ArticleStream> {
        let counter = ReadCounter::new();
        let (source, total) = open_source(path, options, &counter)?;
        let mut stream = ArticleStream {
            input: path.to_path_buf(),
            fold_outlet_case: options.fold_outlet_case,
            extra: source.extra_columns(),
            source,
            pending: None,
            done: false,
            articles: 0,
            ids: HashSet::new(),
            id_warnings: Vec::new(),
            counter,
            total,
        };
        stream.pending = stream.pull()?;
        if stream.pending.is_none() {
            return Err(stream.nothing_to_score());
        }
        Ok(stream)
    }

    /// Names of the extra columns every article's row has, in order; known before the first article.
    pub fn extra_columns(&self) -> &[String] {
        &self.extra
    }

    /// The counter of input bytes read so far, for progress.
    pub fn counter(&self) -> ReadCounter {
        self.counter.clone()
    }

    /// Input bytes in all, when known (not for a table on standard input).
    pub fn total_bytes(&self) -> Option<u64> {
        self.total
    }

    /// What was found besides the articles; call it after the last article.
    pub fn finish(self) -> ArticleSummary {
        let mut summary = ArticleSummary {
            articles: self.articles,
            ..ArticleSummary::default()
        };
        self.source.finish(&mut summary);
        summary.warnings.extend(self.id_warnings);
        summary
    }

    /// The next article with its outlet cleaned and its id checked.
    fn pull(&mut self) -> Result<Option<Article>> {
        let Some(mut article) = self.source.next_article()? else {
            return Ok(None);
        };
        self.articles += 1;
        article.outlet = clean_outlet(&article.outlet);
        if self.fold_outlet_case {
            article.outlet = fold_outlet_case(&article.outlet);
        }
        if article.id.is_empty() {
            article.id = format!("article-{}", self.articles);
            self.id_warnings.push(format!(
                "{}: article {} has no id; it is called {:?}",
                self.input.display(),
                self.articles,
                article.id
            ));
        }
        if !self.ids.insert(id_key(&article.id)) {
            self.id_warnings.push(format!(
                "{}: the id {:?} is used by more than one article; rows of both share it",
                self.input.display(),
                article.id
            ));
        }
        Ok(Some(article))
    }

    fn nothing_to_score(&self) -> Error {
        let skipped: Vec<String> = self
            .source
            .skipped()
            .iter()
            .map(|s| format!("{}: {}", s.path.display(), s.reason))
            .collect();
        let message = if skipped.is_empty() {
            "no articles to score; give .txt files, or a table or JSON Lines file with rows".into()
        } else {
            format!(
                "no articles to score: every file was skipped ({})",
                skipped.join("; ")
            )
        };
        Error::input(Location::file(&self.input), message)
    }
}

impl Iterator for ArticleStream {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Result<Article>> {
        if let Some(article) = self.pending.take() {
            return Some(Ok(article));
        }
        if self.done {
            return None;
        }
        let next = self.pull().transpose();
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

/// A 64-bit hash of an id (SipHash with fixed keys, so runs agree).
fn id_key(id: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// The input behind a stream, with its size in bytes when known.
fn open_source(
    path: &Path,
    options: &ArticleOptions,
    counter: &ReadCounter,
) -> Result<(Source, Option<u64>)> {
    let is_txt = has_extension(path, &["txt"]);
    if options.manifest.is_some() && !(path.is_dir() || is_txt) {
        return Err(Error::usage(
            "--manifest",
            "a manifest names the outlets of .txt articles; a CSV or JSON Lines input has its own \
             outlet column, so drop --manifest",
        ));
    }
    if path == Path::new("-") {
        return open_stdin(options, counter);
    }
    if path.is_dir() {
        return TxtFiles::directory(path, options, counter.clone());
    }
    if !path.exists() {
        return Err(Error::input(
            Location::file(path),
            "no such file or directory; --articles takes a directory of .txt files, a .txt, CSV, \
             TSV or JSON Lines file, or - for standard input",
        ));
    }
    let size = std::fs::metadata(path).ok().map(|m| m.len());
    let source = if is_txt {
        let files = vec![(path.to_path_buf(), size.unwrap_or(0))];
        Source::Files(TxtFiles::new(path, files, options, None, counter.clone())?)
    } else if has_extension(path, &["json"]) {
        return Err(Error::input(
            Location::file(path),
            "a .json file is not read as articles; write one JSON object per line (JSON Lines) \
             and name the file .jsonl",
        ));
    } else if has_extension(path, &["jsonl", "ndjson"]) {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        Source::Jsonl(JsonlArticles::open(file, path, options.encoding, counter)?)
    } else {
        let reader = TableReader::open_counting(path, &table_options(options), counter.clone())?;
        Source::Table(TableArticles::new(reader)?)
    };
    Ok((source, size))
}

/// Where a stream's articles come from.
enum Source {
    Files(TxtFiles),
    Table(TableArticles),
    Jsonl(JsonlArticles),
}

impl Source {
    fn next_article(&mut self) -> Result<Option<Article>> {
        match self {
            Source::Files(s) => s.next_article(),
            Source::Table(s) => s.next_article(),
            Source::Jsonl(s) => s.lines.next_article(),
        }
    }

    fn extra_columns(&self) -> Vec<String> {
        match self {
            Source::Files(s) => s
                .manifest
                .as_ref()
                .map_or_else(Vec::new, |m| m.extra_names().to_vec()),
            Source::Table(s) => s.extra.iter().map(|(_, name)| name.clone()).collect(),
            Source::Jsonl(s) => s.extra.clone(),
        }
    }

    fn skipped(&self) -> &[Skipped] {
        match self {
            Source::Files(s) => &s.skipped,
            _ => &[],
        }
    }

    fn finish(self, summary: &mut ArticleSummary) {
        if let Source::Files(s) = self {
            s.finish(summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::articles::tests::write;

    #[test]
    fn ids_are_checked_as_articles_pass() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.csv",
            b"id,outlet,date,text\n,x,,A.\nb,x,,B.\nb,x,,C.\narticle-1,x,,D.\n",
        );
        let mut stream = ArticleStream::open(&path, &ArticleOptions::default()).unwrap();
        let ids: Vec<String> = stream.by_ref().map(|a| a.unwrap().id).collect();
        assert_eq!(ids, ["article-1", "b", "b", "article-1"]);
        let warnings = stream.finish().warnings;
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].contains("article 1 has no id"));
        assert!(warnings[1].contains("\"b\" is used by more than one"));
        assert!(warnings[2].contains("\"article-1\" is used by more than one"));
    }
}
