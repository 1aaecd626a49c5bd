//! The one CSV/TSV reader every command uses. It streams records with the line each starts on, so
//! every error can name file, line and field; it knows nothing of what the columns mean.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::corpus::encoding::{Encoding, Normalizer};
use crate::error::{Error, Location, Result};
use crate::progress::{CountingReader, ReadCounter};

/// Where the column names come from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Header {
    /// The first line names the columns.
    #[default]
    FirstLine,
    /// The file has no header; the columns get these names (or `1`, `2`, … past the list's end).
    Names(Vec<String>),
}

/// How to read a table file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOptions {
    /// Field delimiter byte; `None` means by extension (`.tsv`/`.tab` → tab, otherwise comma).
    pub delimiter: Option<u8>,
    /// Text encoding of the file.
    pub encoding: Encoding,
    /// Whether `"` quotes fields; off for tab-separated files whose text contains bare quotes.
    pub quoting: bool,
    /// Where column names come from.
    pub header: Header,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            delimiter: None,
            encoding: Encoding::Utf8,
            quoting: true,
            header: Header::FirstLine,
        }
    }
}

/// Parses a `--delimiter` value: one ASCII character, or a name such as `tab` or `comma`.
pub fn parse_delimiter(s: &str) -> std::result::Result<u8, String> {
    let b = match s.to_ascii_lowercase().as_str() {
        "tab" | "\\t" | "\t" | "tsv" => b'\t',
        "comma" | "," | "csv" => b',',
        "semicolon" | ";" => b';',
        "pipe" | "|" => b'|',
        "space" | " " => b' ',
        _ if s.len() == 1 && s.is_ascii() => s.as_bytes()[0],
        _ => {
            return Err(format!(
                "{s:?} is not a delimiter; give one ASCII character or tab, comma, semicolon, pipe, space"
            ));
        }
    };
    if b == b'"' || b == b'\n' || b == b'\r' {
        return Err(format!("{s:?} cannot be a delimiter"));
    }
    Ok(b)
}

/// One data row: its fields and the line of the file it starts on.
#[derive(Debug, Clone, Default)]
pub struct Record {
    line: u64,
    fields: csv::StringRecord,
}

impl Record {
    /// The 1-based line of the file where this row starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The field in column `index` (0-based); empty if the row is short.
    pub fn get(&self, index: usize) -> &str {
        self.fields.get(index).unwrap_or("")
    }

    /// Number of fields in the row.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Bytes of text in all the fields together.
    pub fn text_len(&self) -> usize {
        self.fields.as_slice().len()
    }

    /// True when the row has no fields.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// A streaming reader of a table file with a known header.
pub struct TableReader {
    path: PathBuf,
    encoding: Encoding,
    quoting: bool,
    reader: csv::Reader<QuoteWatch<Normalizer<Box<dyn Read + Send>>>>,
    columns: Vec<String>,
    pending: Option<csv::ByteRecord>,
}

impl std::fmt::Debug for TableReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableReader")
            .field("path", &self.path)
            .field("columns", &self.columns)
            .finish()
    }
}

impl TableReader {
    /// Opens `path` (`-` is standard input) and reads its header.
    pub fn open(path: &Path, options: &TableOptions) -> Result<TableReader> {
        Self::open_counting(path, options, ReadCounter::new())
    }

    /// Opens `path` like [`TableReader::open`], counting the bytes read into `counter` for progress.
    pub fn open_counting(
        path: &Path,
        options: &TableOptions,
        counter: ReadCounter,
    ) -> Result<TableReader> {
        let input: Box<dyn Read + Send> = if path == Path::new("-") {
            Box::new(io::stdin())
        } else {
            let file = File::open(path).map_err(|e| open_error(path, e))?;
            if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                return Err(Error::input(
                    Location::file(path),
                    "is a directory, not a table file",
                ));
            }
            Box::new(file)
        };
        let input = Box::new(CountingReader::new(input, counter));
        let display = if path == Path::new("-") {
            PathBuf::from("<stdin>")
        } else {
            path.to_path_buf()
        };
        Self::from_reader(input, display, options)
    }

    /// Reads a table from any byte stream; `name` is used in error messages.
    pub fn from_reader(
        input: Box<dyn Read + Send>,
        name: PathBuf,
        options: &TableOptions,
    ) -> Result<TableReader> {
        let mut input = BufReader::with_capacity(1 << 16, input);
        let delimiter = match options.delimiter {
            Some(d) => d,
            None => delimiter_for(&name, input.fill_buf().map_err(|e| Error::io(&name, e))?),
        };
        let input: Box<dyn Read + Send> = Box::new(input);
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(options.quoting)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(QuoteWatch::new(
                Normalizer::new(input, options.encoding),
                delimiter,
                options.quoting,
            ));
        let mut table = TableReader {
            path: name,
            encoding: options.encoding,
            quoting: options.quoting,
            reader,
            columns: Vec::new(),
            pending: None,
        };
        table.read_header(&options.header)?;
        Ok(table)
    }

    /// The file name used in messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The column names, in file order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The index of column `name`, or an error listing the columns that exist.
    pub fn column(&self, name: &str) -> Result<usize> {
        if let Some(i) = self.columns.iter().position(|c| c == name) {
            return Ok(i);
        }
        if let Some(i) = self
            .columns
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name.trim()))
        {
            return Ok(i);
        }
        Err(Error::MissingColumn {
            path: self.path.clone(),
            name: name.to_string(),
            available: self.columns.clone(),
        })
    }

    /// Reads the next row into `record`; false at end of file.
    pub fn read_record(&mut self, record: &mut Record) -> Result<bool> {
        let raw = match self.pending.take() {
            Some(r) => r,
            None => {
                // Read into the caller's record's own buffers, so a reused record costs no allocation.
                let mut raw = std::mem::take(&mut record.fields).into_byte_record();
                let more = self
                    .reader
                    .read_byte_record(&mut raw)
                    .map_err(|e| self.csv_error(e))?;
                if !more {
                    if let Some(line) = self.reader.get_ref().unclosed_quote() {
                        return Err(self.unclosed_quote(line));
                    }
                    return Ok(false);
                }
                raw
            }
        };
        let line = raw.position().map_or(0, |p| p.line());
        if raw.len() != self.columns.len() {
            return Err(self.ragged(line, raw.len()));
        }
        record.line = line;
        record.fields = self.decode(raw, line)?;
        Ok(true)
    }

    /// Reads every remaining row.
    pub fn read_all(&mut self) -> Result<Vec<Record>> {
        let mut rows = Vec::new();
        let mut record = Record::default();
        while self.read_record(&mut record)? {
            rows.push(std::mem::take(&mut record));
        }
        Ok(rows)
    }

    fn read_header(&mut self, header: &Header) -> Result<()> {
        let mut first = csv::ByteRecord::new();
        let any = self
            .reader
            .read_byte_record(&mut first)
            .map_err(|e| self.csv_error(e))?;
        if !any {
            return Err(Error::input(
                Location::file(&self.path),
                "the file is empty; expected a header line naming the columns, then one row per line",
            ));
        }
        match header {
            Header::FirstLine => {
                let record = self.decode(first, 1)?;
                self.columns = record.iter().map(|c| c.trim().to_string()).collect();
                self.check_header_names()?;
            }
            Header::Names(names) => {
                self.columns = (0..first.len())
                    .map(|i| names.get(i).cloned().unwrap_or_else(|| (i + 1).to_string()))
                    .collect();
                self.pending = Some(first);
            }
        }
        Ok(())
    }

    fn check_header_names(&self) -> Result<()> {
        for (i, name) in self.columns.iter().enumerate() {
            if let Some(j) = self.columns[..i].iter().position(|c| c == name) {
                return Err(Error::input(
                    Location::line(&self.path, 1).with_column(i + 1),
                    format!(
                        "column name {name:?} appears twice (fields {} and {}); rename one",
                        j + 1,
                        i + 1
                    ),
                ));
            }
        }
        Ok(())
    }

    fn decode(&self, raw: csv::ByteRecord, line: u64) -> Result<csv::StringRecord> {
        csv::StringRecord::from_byte_record(raw).map_err(|e| Error::Encoding {
            location: Location::line(&self.path, line).with_column(e.utf8_error().field() + 1),
            encoding: self.encoding.name(),
        })
    }

    fn ragged(&self, line: u64, found: usize) -> Error {
        Error::input(
            Location::line(&self.path, line),
            format!(
                "this row has {found} field{} but the header has {} ({}); check for a missing or extra \
                 delimiter, or an unclosed quote on this or an earlier line{}",
                if found == 1 { "" } else { "s" },
                self.columns.len(),
                self.columns.join(", "),
                if self.quoting {
                    ", or pass --no-quoting if the text contains bare quotes"
                } else {
                    ""
                }
            ),
        )
    }

    fn unclosed_quote(&self, line: u64) -> Error {
        Error::input(
            Location::line(&self.path, line),
            "a quoted field starts on this line and is never closed, so the rest of the file would \
             be read as one field; close the quote (a quote inside a quoted field is written \"\"), \
             or pass --no-quoting if the text contains bare quotes",
        )
    }

    fn csv_error(&self, e: csv::Error) -> Error {
        let line = e.position().map(|p| p.line());
        let location = match line {
            Some(l) => Location::line(&self.path, l),
            None => Location::file(&self.path),
        };
        match e.into_kind() {
            csv::ErrorKind::Io(io) => Error::io(&self.path, io),
            csv::ErrorKind::Utf8 { err, .. } => Error::Encoding {
                location: location.with_column(err.field() + 1),
                encoding: self.encoding.name(),
            },
            other => Error::input(location, format!("{other:?}")),
        }
    }
}

/// Follows the quoting of the bytes the CSV parser reads, by the parser's rules (a `"` opens a quoted
/// field only at the start of a field; `""` inside one is a quote), so that a quoted field still open
/// at the end of the file, which the parser would silently close after swallowing every later row,
/// can be reported with the line it opened on.
struct QuoteWatch<R> {
    inner: R,
    delimiter: u8,
    quoting: bool,
    state: QuoteState,
    line: u64,
    opened_on: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

impl<R> QuoteWatch<R> {
    fn new(inner: R, delimiter: u8, quoting: bool) -> Self {
        QuoteWatch {
            inner,
            delimiter,
            quoting,
            state: QuoteState::FieldStart,
            line: 1,
            opened_on: 1,
        }
    }

    /// The line of a quoted field still open at the end of what has been read.
    fn unclosed_quote(&self) -> Option<u64> {
        (self.state == QuoteState::Quoted).then_some(self.opened_on)
    }

    fn step(&mut self, b: u8) {
        use QuoteState::{FieldStart, QuoteInQuoted, Quoted, Unquoted};
        // The normaliser below has turned every line end into LF.
        if b == b'\n' {
            self.line += 1;
        }
        self.state = match (self.state, b) {
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (QuoteInQuoted, b'"') => Quoted,
            (FieldStart, b'"') => {
                self.opened_on = self.line;
                Quoted
            }
            (_, b'\n') => FieldStart,
            (_, d) if d == self.delimiter => FieldStart,
            _ => Unquoted,
        };
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.quoting {
            self.scan(&buf[..n]);
        }
        Ok(n)
    }
}

impl<R> QuoteWatch<R> {
    /// Steps through `bytes`, jumping with memchr over the runs in which the state cannot change
    /// (inside a quoted field only `"` and line ends matter; inside an unquoted one only the
    /// delimiter and line ends), since this scan sees every byte of every input.
    fn scan(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            let next = match self.state {
                QuoteState::Quoted => memchr::memchr2(b'"', b'\n', &bytes[i..]),
                QuoteState::Unquoted => memchr::memchr2(self.delimiter, b'\n', &bytes[i..]),
                QuoteState::FieldStart | QuoteState::QuoteInQuoted => Some(0),
            };
            let Some(skip) = next else { return };
            i += skip;
            self.step(bytes[i]);
            i += 1;
        }
    }
}

/// Delimiter chosen from a file's extension when `--delimiter` is not given.
/// `.tsv`/`.tab` files are tab-separated and `.csv` files comma-separated; for any other name
/// (`.txt`, standard input) the header line decides: the most frequent of tab, comma, semicolon and
/// pipe, comma when none occurs. So SemEval's tab-separated `.txt` files read without flags.
fn delimiter_for(path: &Path, head: &[u8]) -> u8 {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("tsv") | Some("tab") => return b'\t',
        Some("csv") => return b',',
        _ => {}
    }
    let line = head
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or(&[]);
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    let mut best = (0, b',');
    for d in [b',', b'\t', b';', b'|'] {
        if count(d) > best.0 {
            best = (count(d), d);
        }
    }
    best.1
}

fn open_error(path: &Path, e: io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::NotFound => {
            Error::input(Location::file(path), "no such file; check the path")
        }
        _ => Error::io(path, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(bytes: &'static [u8], options: TableOptions) -> Result<TableReader> {
        TableReader::from_reader(Box::new(bytes), PathBuf::from("t.csv"), &options)
    }

    fn rows(bytes: &'static [u8], options: TableOptions) -> Vec<(u64, Vec<String>)> {
        let mut t = open(bytes, options).unwrap();
        t.read_all()
            .unwrap()
            .into_iter()
            .map(|r| (r.line(), r.fields.iter().map(String::from).collect()))
            .collect()
    }

    fn tsv_unquoted() -> TableOptions {
        TableOptions {
            delimiter: Some(b'\t'),
            quoting: false,
            ..TableOptions::default()
        }
    }

    #[test]
    fn reads_bom_crlf_and_quoted_multiline_fields_with_start_lines() {
        let got = rows(
            b"\xEF\xBB\xBFid,text\r\n1,\"two\r\nlines\"\r\n2,plain\r\n",
            TableOptions::default(),
        );
        assert_eq!(
            got,
            vec![
                (2, vec!["1".into(), "two\nlines".into()]),
                (4, vec!["2".into(), "plain".into()])
            ]
        );
    }

    #[test]
    fn cr_only_line_ends_count_lines() {
        let got = rows(b"a,b\r1,x\r2,y", TableOptions::default());
        assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn unquoted_tsv_keeps_bare_quotes() {
        let got = rows(
            b"id\ttweet\n1\tshe said \"no\n2\t\"quoted\" start\n",
            tsv_unquoted(),
        );
        assert_eq!(got[0].1[1], "she said \"no");
        assert_eq!(got[1].1[1], "\"quoted\" start");
    }

    #[test]
    fn invalid_utf8_names_line_and_field_and_suggests_encoding() {
        let mut t = open(b"id,text\n1,ok\n2,caf\xe9\n", TableOptions::default()).unwrap();
        let err = t.read_all().unwrap_err().to_string();
        assert!(err.starts_with("t.csv:3:2: "), "{err}");
        assert!(err.contains("--encoding latin1"), "{err}");
    }

    #[test]
    fn latin1_and_cp1252_decode() {
        let latin = TableOptions {
            encoding: Encoding::Latin1,
            ..TableOptions::default()
        };
        assert_eq!(rows(b"t\ncaf\xe9\n", latin)[0].1[0], "café");
        let cp = TableOptions {
            encoding: Encoding::Windows1252,
            ..TableOptions::default()
        };
        assert_eq!(rows(b"t\n\x93hi\x94\n", cp)[0].1[0], "“hi”");
    }

    #[test]
    fn unclosed_quote_is_an_error_naming_the_line_it_opens_on() {
        let mut t = open(
            b"id,text\n1,ok\n2,\"open\n3,swallowed\n",
            TableOptions::default(),
        )
        .unwrap();
        let err = t.read_all().unwrap_err().to_string();
        assert!(err.starts_with("t.csv:3: a quoted field"), "{err}");
        // Closed, escaped and mid-field quotes are fine.
        let got = rows(
            b"id,text\n1,\"a \"\"b\"\"\nc\"\n2,x\"y\n3,\"\"\n",
            TableOptions::default(),
        );
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].1[1], "x\"y");
        assert_eq!(rows(b"t\n\"no\n", tsv_unquoted())[0].1[0], "\"no");
    }

    #[test]
    fn missing_column_lists_the_columns() {
        let t = open(b"id,Text\n1,a\n", TableOptions::default()).unwrap();
        assert_eq!(
            t.column(" text ").unwrap(),
            1,
            "case and spaces are forgiven"
        );
        let err = t.column("label").unwrap_err().to_string();
        assert_eq!(
            err,
            "t.csv: no column named \"label\"; the columns are: id, Text"
        );
    }

    #[test]
    fn ragged_row_names_its_line() {
        let mut t = open(b"a,b\n1,2\n3\n", TableOptions::default()).unwrap();
        let err = t.read_all().unwrap_err().to_string();
        assert!(
            err.starts_with("t.csv:3: this row has 1 field but the header has 2"),
            "{err}"
        );
    }

    #[test]
    fn empty_file_and_duplicate_header_are_errors() {
        let err = open(b"", TableOptions::default()).unwrap_err().to_string();
        assert!(err.contains("the file is empty"), "{err}");
        let err = open(b"a,a\n", TableOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.csv:1:2: column name \"a\" appears twice"),
            "{err}"
        );
    }

    #[test]
    fn headerless_files_get_named_columns_and_keep_the_first_row() {
        let options = TableOptions {
            delimiter: Some(b'@'),
            header: Header::Names(vec!["sentence".into()]),
            ..TableOptions::default()
        };
        let mut t = open(b"Up 5 % .@positive\nDown .@negative", options).unwrap();
        assert_eq!(t.columns(), ["sentence", "2"]);
        let all = t.read_all().unwrap();
        assert_eq!((all[0].line(), all[0].get(1)), (1, "positive"));
        assert_eq!((all[1].line(), all[1].get(0)), (2, "Down ."));
    }

    #[test]
    fn extension_picks_the_default_delimiter() {
        assert_eq!(delimiter_for(Path::new("x.TSV"), b"a,b"), b'\t');
        assert_eq!(delimiter_for(Path::new("x.csv"), b"a\tb"), b',');
        assert_eq!(
            delimiter_for(Path::new("x.txt"), b"ID\tTarget\tTweet, text\tStance\r\n1"),
            b'\t'
        );
        assert_eq!(delimiter_for(Path::new("-"), b"a;b;c\n"), b';');
        assert_eq!(delimiter_for(Path::new("x.txt"), b"text\n"), b',');
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert!(parse_delimiter("ab").is_err());
    }
}
