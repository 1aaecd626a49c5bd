//! Article inputs for scoring: a directory of `.txt` articles (one per file, with an optional
//! manifest CSV naming each file's outlet and date), a CSV/TSV or JSON Lines file of articles, or
//! standard input. Owns finding, decoding and labelling articles with their outlet; it must not split
//! sentences, score or print: unusable files become [`Skipped`] entries and oddities become
//! warnings in the [`ArticleSet`] for the command to report.
//!
//! When an article has a title (CSV and JSON Lines inputs), its sentence source is the title, a blank
//! line, then the text ([`Article::source`]), so the headline is a sentence and sentence byte spans
//! index that combined source. For `.txt` articles the source is the decoded file text (a UTF-8
//! byte-order mark dropped), so spans index the file itself when it is UTF-8 without a BOM.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::corpus::{Encoding, Record, TableOptions, TableReader, text_file::decode_text};
use crate::error::{Error, Location, Result};

/// The outlet given to an article whose outlet is missing or empty.
pub const UNKNOWN_OUTLET: &str = "unknown";

/// Column (or JSON key) names of article tables, matched case-insensitively.
const REQUIRED_COLUMNS: [&str; 4] = ["id", "outlet", "date", "text"];

/// One news article to score.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Article {
    /// Identifier: the file name without `.txt`, or the `id` column.
    pub id: String,
    /// The outlet, trimmed; `unknown` when not given.
    pub outlet: String,
    /// Publication date as given (not parsed); may be empty.
    pub date: String,
    /// The headline, when the input has a `title` column or key.
    pub title: Option<String>,
    /// The article text.
    pub text: String,
    /// Other manifest or table columns, `(name, value)` in input order.
    pub extra: Vec<(String, String)>,
}

impl Article {
    /// The text sentences are split from: `title + "\n\n" + text` when there is a title, else the text.
    pub fn source(&self) -> Cow<'_, str> {
        match self.title.as_deref() {
            Some(title) => Cow::Owned(format!("{title}\n\n{}", self.text)),
            None => Cow::Borrowed(&self.text),
        }
    }
}

/// A file that was not read as an article, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Why it was skipped, for the user.
    pub reason: String,
}

/// Articles read from one input, with what was skipped and what looked wrong.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleSet {
    /// The articles, in input order (file-name order for a directory).
    pub articles: Vec<Article>,
    /// Files that could not be read as text.
    pub skipped: Vec<Skipped>,
    /// Messages about the input that did not stop the run.
    pub warnings: Vec<String>,
    /// The manifest used, if any.
    pub manifest: Option<PathBuf>,
    /// True when the manifest was found in the directory rather than given with `--manifest`.
    pub manifest_found: bool,
}

impl ArticleSet {
    /// Names of the extra columns over all articles, in first-seen order.
    pub fn extra_columns(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut names = Vec::new();
        for (name, _) in self.articles.iter().flat_map(|a| &a.extra) {
            if seen.insert(name.as_str()) {
                names.push(name.clone());
            }
        }
        names
    }
}

/// How to read articles.
#[derive(Debug, Clone, Default)]
pub struct ArticleOptions {
    /// Manifest CSV for `.txt` articles; without it a `MANIFEST.csv` in the directory is used.
    pub manifest: Option<PathBuf>,
    /// Encoding of `.txt` articles and article tables.
    pub encoding: Encoding,
    /// Lowercase outlet names so `NYT` and `nyt` are one outlet.
    pub fold_outlet_case: bool,
}

/// Reads articles from `path`: a directory of `.txt` files, one `.txt` file, a `.jsonl`/`.ndjson`
/// file, a CSV/TSV file, or `-` for standard input. No article at all is an error.
pub fn read_articles(path: &Path, options: &ArticleOptions) -> Result<ArticleSet> {
    let is_txt = has_extension(path, &["txt"]);
    if options.manifest.is_some() && !(path.is_dir() || is_txt) {
        return Err(Error::usage(
            "--manifest",
            "a manifest names the outlets of .txt articles; a CSV or JSON Lines input has its own \
             outlet column, so drop --manifest",
        ));
    }
    let mut set = if path == Path::new("-") {
        read_stdin(options)?
    } else if path.is_dir() {
        read_directory(path, options)?
    } else if !path.exists() {
        return Err(Error::input(
            Location::file(path),
            "no such file or directory; --articles takes a directory of .txt files, a .txt, CSV, \
             TSV or JSON Lines file, or - for standard input",
        ));
    } else if is_txt {
        read_txt_files(path, &[path.to_path_buf()], options, None)?
    } else if has_extension(path, &["json"]) {
        return Err(Error::input(
            Location::file(path),
            "a .json file is not read as articles; write one JSON object per line (JSON Lines) \
             and name the file .jsonl",
        ));
    } else if has_extension(path, &["jsonl", "ndjson"]) {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        read_jsonl(path, &decode_text(path, bytes, options.encoding)?)?
    } else {
        read_table(TableReader::open(path, &table_options(options))?)?
    };
    finish(&mut set, path, options)?;
    Ok(set)
}

/// Reads JSON Lines articles from `text`; `name` is used in error messages.
pub fn read_jsonl(name: &Path, text: &str) -> Result<ArticleSet> {
    let mut set = ArticleSet::default();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = Location::line(name, i as u64 + 1);
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            Error::input(
                at.clone(),
                format!("not valid JSON ({e}); each line must be one JSON object"),
            )
        })?;
        set.articles.push(json_article(&at, value)?);
    }
    Ok(set)
}

/// Reads a CSV/TSV table of articles with columns `id`, `outlet`, `date`, `text` and optionally
/// `title`; every other column is kept as an extra.
pub fn read_table(mut reader: TableReader) -> Result<ArticleSet> {
    let required = REQUIRED_COLUMNS
        .iter()
        .map(|c| reader.column(c))
        .collect::<Result<Vec<_>>>()?;
    let title = reader
        .columns()
        .iter()
        .position(|c| c.trim().eq_ignore_ascii_case("title"));
    let extra: Vec<(usize, String)> = reader
        .columns()
        .iter()
        .enumerate()
        .filter(|(i, _)| !required.contains(i) && Some(*i) != title)
        .map(|(i, c)| (i, c.clone()))
        .collect();
    let mut set = ArticleSet::default();
    let mut record = Record::default();
    while reader.read_record(&mut record)? {
        set.articles.push(Article {
            id: record.get(required[0]).trim().to_string(),
            outlet: record.get(required[1]).to_string(),
            date: record.get(required[2]).trim().to_string(),
            text: record.get(required[3]).to_string(),
            title: title
                .map(|t| record.get(t).trim())
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            extra: extra
                .iter()
                .map(|(i, name)| (name.clone(), record.get(*i).to_string()))
                .collect(),
        });
    }
    Ok(set)
}

/// Lowercases an outlet name, for `--fold-outlet-case`.
pub fn fold_outlet_case(outlet: &str) -> String {
    outlet.to_lowercase()
}

/// An outlet name trimmed, with `unknown` for an empty one.
pub fn clean_outlet(outlet: &str) -> String {
    match outlet.trim() {
        "" => UNKNOWN_OUTLET.to_string(),
        name => name.to_string(),
    }
}

fn table_options(options: &ArticleOptions) -> TableOptions {
    TableOptions {
        encoding: options.encoding,
        ..TableOptions::default()
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Standard input as JSON Lines when its first non-space byte is `{`, else as CSV.
fn read_stdin(options: &ArticleOptions) -> Result<ArticleSet> {
    let name = Path::new("<stdin>");
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name, e))?;
    let first = bytes
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF));
    if first == Some(b'{') {
        read_jsonl(name, &decode_text(name, bytes, options.encoding)?)
    } else {
        let input = Box::new(std::io::Cursor::new(bytes));
        read_table(TableReader::from_reader(
            input,
            name.to_path_buf(),
            &table_options(options),
        )?)
    }
}

fn json_article(at: &Location, value: serde_json::Value) -> Result<Article> {
    let serde_json::Value::Object(object) = value else {
        return Err(Error::input(
            at.clone(),
            "not a JSON object; each line must be an object with keys id, outlet, date and text",
        ));
    };
    let mut article = Article::default();
    let mut found = [false; 4];
    for (key, value) in object {
        let text = json_text(at, &key, value)?;
        let known = REQUIRED_COLUMNS
            .iter()
            .position(|k| key.trim().eq_ignore_ascii_case(k));
        match known {
            Some(0) => article.id = text.trim().to_string(),
            Some(1) => article.outlet = text,
            Some(2) => article.date = text.trim().to_string(),
            Some(_) => article.text = text,
            None if key.trim().eq_ignore_ascii_case("title") => {
                article.title = Some(text.trim().to_string()).filter(|t| !t.is_empty());
            }
            None => article.extra.push((key, text)),
        }
        if let Some(k) = known {
            found[k] = true;
        }
    }
    if let Some(k) = found.iter().position(|f| !f) {
        return Err(Error::input(
            at.clone(),
            format!(
                "no {:?} key; each line needs the keys id, outlet, date and text (title optional)",
                REQUIRED_COLUMNS[k]
            ),
        ));
    }
    Ok(article)
}

/// A JSON value as cell text: strings as they are, numbers and booleans written out, null empty.
fn json_text(at: &Location, key: &str, value: serde_json::Value) -> Result<String> {
    match value {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Null => Ok(String::new()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Error::input(
            at.clone(),
            format!("the value of {key:?} is a list or object; give a string"),
        )),
    }
}

/// The `.txt` files of `dir` in name order, with its manifest.
fn read_directory(dir: &Path, options: &ArticleOptions) -> Result<ArticleSet> {
    let mut files = Vec::new();
    let mut found_manifest = None;
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.eq_ignore_ascii_case("manifest.csv")) {
            found_manifest = Some(path);
        } else if is_article_candidate(&path) {
            files.push(path);
        }
    }
    files.sort();
    read_txt_files(dir, &files, options, found_manifest)
}

/// A `.txt` regular file, or a `.txt` link to nothing (kept so it is reported as skipped rather
/// than silently missing); directories, pipes and devices are left alone.
fn is_article_candidate(path: &Path) -> bool {
    let dangling = !path.exists() && path.symlink_metadata().is_ok();
    has_extension(path, &["txt"]) && (path.is_file() || dangling)
}

/// Reads `files` as articles, labelled from the given manifest or the one found beside them.
fn read_txt_files(
    input: &Path,
    files: &[PathBuf],
    options: &ArticleOptions,
    found_manifest: Option<PathBuf>,
) -> Result<ArticleSet> {
    let mut set = ArticleSet::default();
    let manifest = match (&options.manifest, found_manifest) {
        (Some(given), _) => Some(Manifest::read(given, options.encoding)?),
        (None, Some(found)) => {
            set.manifest_found = true;
            Some(Manifest::read(&found, options.encoding)?)
        }
        (None, None) => None,
    };
    let mut used = HashSet::new();
    for path in files {
        let text = match read_article_file(path, options.encoding) {
            Ok(text) => text,
            Err(reason) => {
                used.extend(manifest.as_ref().and_then(|m| m.row_of(path)));
                set.skipped.push(Skipped {
                    path: path.clone(),
                    reason,
                });
                continue;
            }
        };
        let mut article = Article {
            id: file_stem(path),
            text,
            ..Article::default()
        };
        if let Some(m) = &manifest {
            match m.row_of(path) {
                Some(row) => {
                    used.insert(row);
                    m.label(row, &mut article);
                }
                None => {
                    set.warnings.push(format!(
                        "{}: not in the manifest {}; its outlet is {UNKNOWN_OUTLET:?}",
                        path.display(),
                        m.path.display()
                    ));
                    m.label_blank(&mut article);
                }
            }
        }
        set.articles.push(article);
    }
    if let Some(m) = manifest {
        if input.is_dir() {
            set.warnings.extend(m.unused_rows(&used, input));
        }
        set.warnings.extend(m.warnings.iter().cloned());
        set.manifest = Some(m.path);
    }
    Ok(set)
}

/// The text of one article file, or why it cannot be used.
fn read_article_file(path: &Path, encoding: Encoding) -> std::result::Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.contains(&0) {
        return Err("a binary file (it contains NUL bytes), not text".into());
    }
    decode_text(path, bytes, encoding).map_err(|e| match e {
        Error::Encoding { location, encoding } => format!(
            "not valid {encoding} text (line {}, column {}); if it is text saved in another \
             encoding, pass it with --encoding",
            location.line.unwrap_or(1),
            location.column.unwrap_or(1)
        ),
        other => other.to_string(),
    })
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// A manifest: one row per article file with its outlet, date and any other columns.
struct Manifest {
    path: PathBuf,
    extra_names: Vec<String>,
    rows: Vec<ManifestRow>,
    by_file: HashMap<String, usize>,
    warnings: Vec<String>,
}

struct ManifestRow {
    line: u64,
    file: String,
    outlet: String,
    date: String,
    extra: Vec<String>,
}

impl Manifest {
    /// Reads a manifest with columns `file`, `outlet` and optionally `date`, plus any others.
    fn read(path: &Path, encoding: Encoding) -> Result<Manifest> {
        let options = TableOptions {
            encoding,
            ..TableOptions::default()
        };
        let mut reader = TableReader::open(path, &options)?;
        let file = reader.column("file")?;
        let outlet = reader.column("outlet")?;
        let date = reader
            .columns()
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case("date"));
        let extra: Vec<usize> = (0..reader.columns().len())
            .filter(|i| *i != file && *i != outlet && Some(*i) != date)
            .collect();
        let mut manifest = Manifest {
            path: path.to_path_buf(),
            extra_names: extra.iter().map(|&i| reader.columns()[i].clone()).collect(),
            rows: Vec::new(),
            by_file: HashMap::new(),
            warnings: Vec::new(),
        };
        let mut record = Record::default();
        while reader.read_record(&mut record)? {
            manifest.add(ManifestRow {
                line: record.line(),
                file: record.get(file).trim().to_string(),
                outlet: record.get(outlet).to_string(),
                date: date.map_or("", |d| record.get(d)).trim().to_string(),
                extra: extra.iter().map(|&i| record.get(i).to_string()).collect(),
            });
        }
        Ok(manifest)
    }

    /// Adds a row keyed by its file name; a second row for the same file is ignored with a warning.
    fn add(&mut self, row: ManifestRow) {
        let key = file_name(Path::new(&row.file));
        if let Some(&first) = self.by_file.get(&key) {
            self.warnings.push(format!(
                "{}:{}: {} is listed again; the row on line {} is used",
                self.path.display(),
                row.line,
                row.file,
                self.rows[first].line
            ));
            return;
        }
        self.by_file.insert(key, self.rows.len());
        self.rows.push(row);
    }

    /// The row for an article file: by file name, or by name without `.txt`.
    fn row_of(&self, path: &Path) -> Option<usize> {
        self.by_file
            .get(&file_name(path))
            .or_else(|| self.by_file.get(&file_stem(path)))
            .copied()
    }

    fn label(&self, row: usize, article: &mut Article) {
        let row = &self.rows[row];
        article.outlet = row.outlet.clone();
        article.date = row.date.clone();
        article.extra = self
            .extra_names
            .iter()
            .cloned()
            .zip(row.extra.clone())
            .collect();
    }

    /// Gives an article missing from the manifest the manifest's extra columns, empty.
    fn label_blank(&self, article: &mut Article) {
        article.extra = self
            .extra_names
            .iter()
            .map(|n| (n.clone(), String::new()))
            .collect();
    }

    /// Warnings for rows naming files that are not among the directory's `.txt` files.
    fn unused_rows(&self, used: &HashSet<usize>, dir: &Path) -> Vec<String> {
        (0..self.rows.len())
            .filter(|i| !used.contains(i))
            .map(|i| {
                let row = &self.rows[i];
                format!(
                    "{}:{}: names {:?}, which is not a .txt file in {}; the row is ignored",
                    self.path.display(),
                    row.line,
                    row.file,
                    dir.display()
                )
            })
            .collect()
    }
}

/// Cleans outlets, fills empty ids, warns about repeated ids, and refuses an empty result.
fn finish(set: &mut ArticleSet, input: &Path, options: &ArticleOptions) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, article) in set.articles.iter_mut().enumerate() {
        article.outlet = clean_outlet(&article.outlet);
        if options.fold_outlet_case {
            article.outlet = fold_outlet_case(&article.outlet);
        }
        if article.id.is_empty() {
            article.id = format!("article-{}", i + 1);
            set.warnings.push(format!(
                "{}: article {} has no id; it is called {:?}",
                input.display(),
                i + 1,
                article.id
            ));
        }
        if !seen.insert(article.id.clone()) {
            set.warnings.push(format!(
                "{}: the id {:?} is used by more than one article; rows of both share it",
                input.display(),
                article.id
            ));
        }
    }
    if set.articles.is_empty() {
        let skipped: Vec<String> = set
            .skipped
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
        return Err(Error::input(Location::file(input), message));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn options() -> ArticleOptions {
        ArticleOptions::default()
    }

    #[test]
    fn directory_uses_its_manifest_and_warns_both_ways() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.txt", b"Second article.");
        write(dir.path(), "a.txt", b"First article.");
        write(dir.path(), "c.txt", b"Not listed.");
        write(
            dir.path(),
            "Manifest.CSV",
            b"file,outlet,date,section\na.txt, NYT ,2020-01-01,world\nb,,2020-01-02,us\ngone.txt,X,,\n",
        );
        let set = read_articles(dir.path(), &options()).unwrap();
        assert!(set.manifest_found);
        let got: Vec<(&str, &str, &str)> = set
            .articles
            .iter()
            .map(|a| (a.id.as_str(), a.outlet.as_str(), a.date.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", "NYT", "2020-01-01"),
                ("b", "unknown", "2020-01-02"),
                ("c", "unknown", "")
            ]
        );
        assert_eq!(set.articles[0].extra, [("section".into(), "world".into())]);
        assert_eq!(set.articles[2].extra, [("section".into(), String::new())]);
        assert_eq!(set.warnings.len(), 2, "{:?}", set.warnings);
        assert!(set.warnings[0].contains("c.txt: not in the manifest"));
        assert!(set.warnings[1].contains(":4: names \"gone.txt\""));
    }

    #[test]
    fn binary_and_misencoded_files_are_skipped_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"Fine text.");
        write(dir.path(), "b.txt", b"\x7fELF\x00\x01");
        write(dir.path(), "c.txt", b"caf\xe9");
        let set = read_articles(dir.path(), &options()).unwrap();
        assert_eq!(set.articles.len(), 1);
        assert_eq!(set.skipped.len(), 2);
        assert!(set.skipped[0].reason.contains("NUL"));
        assert!(set.skipped[1].reason.contains("--encoding"));
        let latin = ArticleOptions {
            encoding: Encoding::Latin1,
            ..options()
        };
        assert_eq!(read_articles(dir.path(), &latin).unwrap().articles.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_file_is_skipped_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"Fine text.");
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("b.txt")).unwrap();
        let set = read_articles(dir.path(), &options()).unwrap();
        assert_eq!(set.articles.len(), 1);
        assert_eq!(set.skipped[0].path, dir.path().join("b.txt"));
        assert!(
            set.skipped[0].reason.starts_with("cannot be read: "),
            "{:?}",
            set.skipped
        );
    }

    #[test]
    fn an_empty_result_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.txt", b"\x00");
        let err = read_articles(dir.path(), &options())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no articles to score: every file was skipped ("),
            "{err}"
        );
        assert!(err.contains("b.txt: a binary file"), "{err}");
    }

    #[test]
    fn table_columns_match_case_insensitively_and_keep_extras() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.tsv",
            b"ID\tOutlet\tDate\tTitle\tText\tauthor\n1\tnyt\t2020\tHead\tBody.\tAnn\n",
        );
        let folded = ArticleOptions {
            fold_outlet_case: true,
            ..options()
        };
        let set = read_articles(&path, &folded).unwrap();
        let a = &set.articles[0];
        assert_eq!((a.id.as_str(), a.outlet.as_str()), ("1", "nyt"));
        assert_eq!(a.source(), "Head\n\nBody.");
        assert_eq!(a.extra, [("author".into(), "Ann".into())]);
        let bad = write(dir.path(), "b.csv", b"id,outlet,date,body\n1,x,y,z\n");
        let err = read_articles(&bad, &options()).unwrap_err();
        assert!(matches!(err, Error::MissingColumn { ref name, .. } if name == "text"));
    }

    #[test]
    fn json_lines_read_and_a_bad_line_names_its_number() {
        let text =
            "{\"id\":7,\"outlet\":\"UPI\",\"date\":null,\"text\":\"Hi.\",\"n\":2}\n\n{\"id\":";
        let err = read_jsonl(Path::new("a.jsonl"), text)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.jsonl:3: not valid JSON"), "{err}");
        let set = read_jsonl(Path::new("a.jsonl"), &text[..text.len() - 7]).unwrap();
        let a = &set.articles[0];
        assert_eq!((a.id.as_str(), a.date.as_str()), ("7", ""));
        assert_eq!(a.extra, [("n".into(), "2".into())]);
        let err = read_jsonl(
            Path::new("a.jsonl"),
            "{\"id\":1,\"outlet\":\"x\",\"date\":\"\"}",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("a.jsonl:1: no \"text\" key"), "{err}");
    }

    #[test]
    fn manifest_with_a_table_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.csv", b"id,outlet,date,text\n1,x,,t\n");
        let with_manifest = ArticleOptions {
            manifest: Some(dir.path().join("m.csv")),
            ..options()
        };
        assert!(matches!(
            read_articles(&path, &with_manifest),
            Err(Error::Usage { .. })
        ));
        let json = write(dir.path(), "a.json", b"[]");
        let err = read_articles(&json, &options()).unwrap_err().to_string();
        assert!(err.contains("name the file .jsonl"), "{err}");
    }

    #[test]
    fn outlets_are_trimmed_and_empty_ones_unknown() {
        assert_eq!(clean_outlet("  UPI "), "UPI");
        assert_eq!(clean_outlet(" "), "unknown");
        assert_eq!(fold_outlet_case("NYT"), "nyt");
    }
}
