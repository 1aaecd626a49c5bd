//! JSON Lines articles. A first pass over the file checks every line and gathers the keys of every
//! line as the extra columns (standard input is first copied to a temporary file for that); then the
//! file is rewound and read one line at a time. Owns splitting the lines, dropping the byte-order
//! mark and decoding them; turning one line's fields into an article belongs to `articles`. It must
//! not clean outlets or check ids: the stream does that as articles pass.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::corpus::Encoding;
use crate::corpus::articles::{Article, json_line_article};
use crate::corpus::text_file::decode_line;
use crate::error::{Error, Result};
use crate::progress::{CountingReader, ReadCounter};

/// JSON Lines articles with the extra keys of the whole file.
pub(super) struct JsonlArticles {
    pub(super) lines: JsonLines,
    pub(super) extra: Vec<String>,
}

impl JsonlArticles {
    /// Reads `file` once to check every line and gather the extra keys in first-seen order (as
    /// [`crate::corpus::ArticleSet::extra_columns`] orders them), then rewinds it for the articles.
    pub(super) fn open(
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
pub(super) struct JsonLines {
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
    pub(super) fn next_article(&mut self) -> Result<Option<Article>> {
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
    use crate::corpus::article_stream::ArticleStream;
    use crate::corpus::articles::tests::write;
    use crate::corpus::{Article, ArticleOptions};

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
}
