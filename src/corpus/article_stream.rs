//! Reading articles one at a time, in input order, from every input [`read_articles`] takes, so a
//! command can score an input of any size in bounded memory. Owns opening the input, listing and
//! labelling `.txt` files, cleaning outlets and checking ids as articles pass; it keeps only what its
//! messages need (skipped files, warnings, a 64-bit hash per id) and never prints or scores.
//!
//! The extra columns of the articles table are known before the first article: a table's other
//! columns, a manifest's other columns, or for JSON Lines the keys of every line, gathered by a first
//! pass over the file that also checks every line (standard input is first copied to a temporary
//! file for that). So tables come out as when every article was read before any was scored, and a
//! bad JSON line still fails the run before anything is scored.
//!
//! [`read_articles`]: crate::corpus::read_articles

use std::collections::HashSet;
use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::corpus::articles::{
    Article, ArticleOptions, REQUIRED_COLUMNS, Skipped, UNKNOWN_OUTLET, clean_outlet, file_stem,
    fold_outlet_case, has_extension, json_line_article, read_article_file, table_options,
};
use crate::corpus::manifest::Manifest;
use crate::corpus::text_file::decode_line;
use crate::corpus::{Encoding, Record, TableReader};
use crate::error::{Error, Location, Result};
use crate::progress::{CountingReader, ReadCounter};

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

/// Standard input as JSON Lines when its first non-space byte is `{`, else as CSV. JSON Lines are
/// copied to a temporary file first, since their extra keys take a pass of their own.
fn open_stdin(options: &ArticleOptions, counter: &ReadCounter) -> Result<(Source, Option<u64>)> {
    let name = Path::new("<stdin>");
    let mut stdin = io::stdin();
    let head = read_head(&mut stdin).map_err(|e| Error::io(name, e))?;
    if first_significant_byte(&head).map(|i| head[i]) == Some(b'{') {
        let file = spool(&head, stdin).map_err(|e| Error::io(name, e))?;
        let size = file.metadata().ok().map(|m| m.len());
        let source = JsonlArticles::open(file, name, options.encoding, counter)?;
        return Ok((Source::Jsonl(source), size));
    }
    let input = Box::new(io::Cursor::new(head).chain(stdin));
    let input = Box::new(CountingReader::new(input, counter.clone()));
    let reader = TableReader::from_reader(input, name.to_path_buf(), &table_options(options))?;
    Ok((Source::Table(TableArticles::new(reader)?), None))
}

/// The start of `input`: through the end of the line holding its first byte that is neither white
/// space nor part of a UTF-8 byte-order mark (or 64 KiB, or all of a shorter input). That byte tells
/// JSON Lines from CSV, and the whole first line lets the CSV reader guess the delimiter from the
/// header as it would with the whole input in hand.
fn read_head(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    while head.len() < 1 << 16 && !first_line_complete(&head) {
        match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(head)
}

fn first_line_complete(head: &[u8]) -> bool {
    first_significant_byte(head).is_some_and(|i| head[i..].contains(&b'\n'))
}

/// The position of the first byte that is neither white space nor part of a UTF-8 byte-order mark.
fn first_significant_byte(head: &[u8]) -> Option<usize> {
    head.iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF))
}

/// `head` then the rest of `input` in an anonymous temporary file (gone when closed), rewound.
fn spool(head: &[u8], mut input: impl Read) -> io::Result<File> {
    let mut file = tempfile::tempfile()?;
    file.write_all(head)?;
    io::copy(&mut input, &mut file)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(file)
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

/// `.txt` articles read one file at a time, labelled from a manifest when there is one.
struct TxtFiles {
    input: PathBuf,
    files: std::vec::IntoIter<(PathBuf, u64)>,
    manifest: Option<Manifest>,
    manifest_found: bool,
    /// `used[row]`: the manifest row named a file that was found.
    used: Vec<bool>,
    encoding: Encoding,
    skipped: Vec<Skipped>,
    warnings: Vec<String>,
    counter: ReadCounter,
}

impl TxtFiles {
    /// The `.txt` files of `dir` in name order, with its manifest, and their size in all.
    fn directory(
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
    fn new(
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
    fn next_article(&mut self) -> Result<Option<Article>> {
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

    fn finish(mut self, summary: &mut ArticleSummary) {
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

/// Articles from the rows of a CSV/TSV table with columns `id`, `outlet`, `date`, `text` and
/// optionally `title`; every other column is kept as an extra.
pub(crate) struct TableArticles {
    reader: TableReader,
    required: Vec<usize>,
    title: Option<usize>,
    extra: Vec<(usize, String)>,
    record: Record,
}

impl TableArticles {
    /// Finds the columns of `reader`; a missing required column is an error listing those present.
    pub(crate) fn new(reader: TableReader) -> Result<TableArticles> {
        let required = REQUIRED_COLUMNS
            .iter()
            .map(|c| reader.column(c))
            .collect::<Result<Vec<_>>>()?;
        let title = reader
            .columns()
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case("title"));
        let extra = reader
            .columns()
            .iter()
            .enumerate()
            .filter(|(i, _)| !required.contains(i) && Some(*i) != title)
            .map(|(i, c)| (i, c.clone()))
            .collect();
        Ok(TableArticles {
            reader,
            required,
            title,
            extra,
            record: Record::default(),
        })
    }

    /// The next row as an article.
    pub(crate) fn next_article(&mut self) -> Result<Option<Article>> {
        if !self.reader.read_record(&mut self.record)? {
            return Ok(None);
        }
        let (record, required) = (&self.record, &self.required);
        Ok(Some(Article {
            id: record.get(required[0]).trim().to_string(),
            outlet: record.get(required[1]).to_string(),
            date: record.get(required[2]).trim().to_string(),
            text: record.get(required[3]).to_string(),
            title: self
                .title
                .map(|t| record.get(t).trim())
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            extra: self
                .extra
                .iter()
                .map(|(i, name)| (name.clone(), record.get(*i).to_string()))
                .collect(),
        }))
    }
}

/// JSON Lines articles with the extra keys of the whole file.
struct JsonlArticles {
    lines: JsonLines,
    extra: Vec<String>,
}

impl JsonlArticles {
    /// Reads `file` once to check every line and gather the extra keys in first-seen order (as
    /// [`crate::corpus::ArticleSet::extra_columns`] orders them), then rewinds it for the articles.
    fn open(
        mut file: File,
        name: &Path,
        encoding: Encoding,
        counter: &ReadCounter,
    ) -> Result<JsonlArticles> {
        let scan = file.try_clone().map_err(|e| Error::io(name, e))?;
        let mut first_pass = JsonLines::new(scan, name, encoding, ReadCounter::new());
        let (mut extra, mut seen) = (Vec::new(), HashSet::new());
        while let Some(article) = first_pass.next_article()? {
            for (key, _) in article.extra {
                if !seen.contains(&key) {
                    seen.insert(key.clone());
                    extra.push(key);
                }
            }
        }
        file.seek(SeekFrom::Start(0))
            .map_err(|e| Error::io(name, e))?;
        Ok(JsonlArticles {
            lines: JsonLines::new(file, name, encoding, counter.clone()),
            extra,
        })
    }
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A JSON Lines file read line by line, as `str::lines` splits a whole file: at LF, with a CR
/// before it dropped; a UTF-8 byte-order mark is dropped at the start of the file only.
struct JsonLines {
    reader: BufReader<CountingReader<File>>,
    name: PathBuf,
    encoding: Encoding,
    line: u64,
}

impl JsonLines {
    fn new(file: File, name: &Path, encoding: Encoding, counter: ReadCounter) -> JsonLines {
        JsonLines {
            reader: BufReader::with_capacity(1 << 16, CountingReader::new(file, counter)),
            name: name.to_path_buf(),
            encoding,
            line: 0,
        }
    }

    /// The article on the next line that is not blank.
    fn next_article(&mut self) -> Result<Option<Article>> {
        loop {
            let mut bytes = Vec::new();
            let n = self
                .reader
                .read_until(b'\n', &mut bytes)
                .map_err(|e| Error::io(&self.name, e))?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            if self.line == 1 && self.encoding == Encoding::Utf8 && bytes.starts_with(BOM) {
                bytes.drain(..BOM.len());
            }
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
            }
            let text = decode_line(&self.name, self.line, bytes, self.encoding)?;
            if !text.trim().is_empty() {
                return json_line_article(&self.name, self.line, &text).map(Some);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::articles::tests::write;

    #[test]
    fn jsonl_extra_keys_of_every_line_are_known_before_the_first_article() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.jsonl",
            b"\xEF\xBB\xBF{\"id\":\"1\",\"outlet\":\"X\",\"date\":\"\",\"text\":\"A.\",\"z\":1,\"b\":2}\r\n\
              \n{\"id\":\"2\",\"outlet\":\" \",\"date\":\"\",\"text\":\"B.\",\"a\":3}\n",
        );
        let mut stream = ArticleStream::open(&path, &ArticleOptions::default()).unwrap();
        assert_eq!(stream.extra_columns(), ["b", "z", "a"]);
        assert_eq!(
            stream.total_bytes(),
            Some(std::fs::metadata(&path).unwrap().len())
        );
        let articles: Vec<Article> = stream.by_ref().map(Result::unwrap).collect();
        assert_eq!(articles[1].outlet, "unknown");
        assert_eq!(stream.counter().bytes(), stream.total_bytes().unwrap());
        assert_eq!(stream.finish().articles, 2);
    }

    #[test]
    fn a_bad_jsonl_line_fails_the_open_with_its_number() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = b"{\"id\":1,\"outlet\":\"x\",\"date\":\"\",\"text\":\"ok\"}\n".repeat(3);
        text.extend_from_slice(b"{\"id\":4,\"outlet\":\"x\",\"date\":\"\",\"text\":\"caf\xe9\"}\n");
        let path = write(dir.path(), "a.jsonl", &text);
        let err = ArticleStream::open(&path, &ArticleOptions::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("a.jsonl:4:"), "{err}");
    }

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

    /// A pipe that hands out three bytes at a time.
    struct Trickle(&'static [u8]);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(3).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn stdin_is_read_ahead_through_its_first_line() {
        let input = b" \n\xEF\xBB\xBF {\"id\":1}\n{\"id\":2}\n";
        let head = read_head(&mut &input[..]).unwrap();
        assert_eq!(head, input, "all of a short input");
        assert_eq!(first_significant_byte(&head).map(|i| head[i]), Some(b'{'));
        let head = read_head(&mut Trickle(b"\nid\toutlet\tdate\ttext\n1\tx\t\tA.\n")).unwrap();
        assert_eq!(
            head, b"\nid\toutlet\tdate\ttext\n",
            "the whole header, not 3 bytes"
        );
        assert_eq!(first_significant_byte(b"  \n"), None);
    }
}
