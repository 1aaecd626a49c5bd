//! Article inputs for scoring: a directory of `.txt` articles (one per file, with an optional
//! manifest CSV naming each file's outlet and date), a CSV/TSV or JSON Lines file of articles, or
//! standard input. Owns what an article is and how one is parsed from a table row, a JSON line or a
//! file; [`crate::corpus::article_stream`] reads them one at a time, and [`read_articles`] gathers
//! them all. It must not split sentences, score or print: unusable files become [`Skipped`] entries
//! and oddities become warnings for the command to report.
//!
//! When an article has a title (CSV and JSON Lines inputs), its sentence source is the title, a blank
//! line, then the text ([`Article::source`]), so the headline is a sentence and sentence byte spans
//! index that combined source. For `.txt` articles the source is the decoded file text (a UTF-8
//! byte-order mark dropped), so spans index the file itself when it is UTF-8 without a BOM.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::corpus::article_stream::{ArticleStream, TableArticles};
use crate::corpus::{Encoding, TableOptions, TableReader, text_file::decode_text};
use crate::error::{Error, Location, Result};

/// The outlet given to an article whose outlet is missing or empty.
pub const UNKNOWN_OUTLET: &str = "unknown";

/// Column (or JSON key) names of article tables, matched case-insensitively.
pub(crate) const REQUIRED_COLUMNS: [&str; 4] = ["id", "outlet", "date", "text"];

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

/// Reads every article from `path`: a directory of `.txt` files, one `.txt` file, a
/// `.jsonl`/`.ndjson` file, a CSV/TSV file, or `-` for standard input. No article at all is an
/// error. For large inputs read them one at a time with [`ArticleStream`] instead.
pub fn read_articles(path: &Path, options: &ArticleOptions) -> Result<ArticleSet> {
    let mut stream = ArticleStream::open(path, options)?;
    let articles = stream.by_ref().collect::<Result<Vec<_>>>()?;
    let summary = stream.finish();
    Ok(ArticleSet {
        articles,
        skipped: summary.skipped,
        warnings: summary.warnings,
        manifest: summary.manifest,
        manifest_found: summary.manifest_found,
    })
}

/// Reads JSON Lines articles from `text`; `name` is used in error messages. Outlets are taken as
/// given and ids are not checked; [`read_articles`] cleans the one and checks the other.
pub fn read_jsonl(name: &Path, text: &str) -> Result<ArticleSet> {
    let mut set = ArticleSet::default();
    for (i, line) in text.lines().enumerate() {
        if !line.trim().is_empty() {
            set.articles
                .push(json_line_article(name, i as u64 + 1, line)?);
        }
    }
    Ok(set)
}

/// Reads a CSV/TSV table of articles with columns `id`, `outlet`, `date`, `text` and optionally
/// `title`; every other column is kept as an extra. Outlets are taken as given, as in [`read_jsonl`].
pub fn read_table(reader: TableReader) -> Result<ArticleSet> {
    let mut table = TableArticles::new(reader)?;
    let mut set = ArticleSet::default();
    while let Some(article) = table.next_article()? {
        set.articles.push(article);
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

/// Reader settings for an article table: the articles' encoding, everything else as usual.
pub(crate) fn table_options(options: &ArticleOptions) -> TableOptions {
    TableOptions {
        encoding: options.encoding,
        ..TableOptions::default()
    }
}

/// True when `path` ends in one of `extensions` (without the dot), in any case.
pub(crate) fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The article on line `number` of a JSON Lines input (`line` decoded, not blank).
pub(crate) fn json_line_article(name: &Path, number: u64, line: &str) -> Result<Article> {
    let at = Location::line(name, number);
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
        Error::input(
            at.clone(),
            format!("not valid JSON ({e}); each line must be one JSON object"),
        )
    })?;
    json_article(&at, value)
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

/// The text of one article file, or why it cannot be used.
pub(crate) fn read_article_file(
    path: &Path,
    encoding: Encoding,
) -> std::result::Result<String, String> {
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

/// The file name without its extension (the article id of a `.txt` file).
pub(crate) fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// The file name, or the whole path when it has none.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Writes `bytes` to `dir/name` and returns the path.
    pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
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
