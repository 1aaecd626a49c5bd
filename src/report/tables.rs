//! The score tables `slant predict` writes — sentences, articles and outlets — as column layouts
//! over [`crate::score`] results, and a writer that renders rows as CSV or JSON Lines into any
//! `impl Write`. Owns column names and cell formatting; computes no scores and opens no files.
//!
//! With one model the model's columns are plain (`label`, `p_<class>`, `slant`, ...); with several,
//! each is prefixed with the model's name and `_` (`stance_label`, `sentiment_slant`). Slant columns
//! appear only for models with poles. In CSV, text cells pass through [`neutralize`] so a spreadsheet
//! never runs them as formulas; numbers are written as Rust prints them (shortest round-trip form).
//! In JSON Lines each row is an object with the same keys in the same order, text as it is, numbers
//! as numbers and empty cells as `null`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::str::FromStr;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::corpus::Article;
use crate::report::csv_safe::neutralize;
use crate::report::shortest::push_f64;
use crate::score::{ModelInfo, ScoredArticle, ScoredOutlet, ScoredSentence};

/// One cell of an output row; text is borrowed from the scores where it can be, since a row is
/// rendered and dropped at once.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text from the input or a class name (neutralised in CSV).
    Text(Cow<'a, str>),
    /// A count or position.
    Count(usize),
    /// A probability, share or slant.
    Number(f64),
    /// An undefined value: an empty CSV cell, `null` in JSON.
    Empty,
}

impl<'a> Cell<'a> {
    fn number(value: Option<f64>) -> Cell<'a> {
        value.map_or(Cell::Empty, Cell::Number)
    }

    /// The cell with its text owned, to keep it past the scores it was made from.
    pub fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Text(t) => Cell::Text(Cow::Owned(t.into_owned())),
            Cell::Count(n) => Cell::Count(n),
            Cell::Number(v) => Cell::Number(v),
            Cell::Empty => Cell::Empty,
        }
    }

    /// A text cell borrowing `text`.
    fn text(text: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(text))
    }

    /// Writes the cell as one CSV field, through `scratch` for numbers, so no cell allocates.
    fn write_csv<W: Write>(
        &self,
        csv: &mut csv::Writer<W>,
        scratch: &mut String,
    ) -> csv::Result<()> {
        scratch.clear();
        match self {
            Cell::Text(t) => return csv.write_field(neutralize(t).as_bytes()),
            Cell::Count(n) => {
                let _ = write!(scratch, "{n}");
            }
            Cell::Number(v) => push_f64(scratch, *v),
            Cell::Empty => {}
        }
        csv.write_field(scratch.as_bytes())
    }
}

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(t) => s.serialize_str(t),
            Cell::Count(n) => s.serialize_u64(*n as u64),
            Cell::Number(v) => s.serialize_f64(*v),
            Cell::Empty => s.serialize_none(),
        }
    }
}

/// The file format of score tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    /// Comma-separated values with a header line.
    #[default]
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl TableFormat {
    /// The file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Jsonl => "jsonl",
        }
    }
}

impl FromStr for TableFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(TableFormat::Csv),
            "jsonl" | "ndjson" | "json-lines" => Ok(TableFormat::Jsonl),
            _ => Err(format!("{s:?}: use csv or jsonl")),
        }
    }
}

/// Writes rows under a fixed header as CSV or JSON Lines: the header bytes ([`header_bytes`]) first,
/// then rows rendered by [`render_rows`], here or on other threads ([`Self::write_rendered`]).
pub struct TableWriter<W: Write> {
    header: Vec<String>,
    format: TableFormat,
    out: W,
    row: Vec<u8>,
}

impl<W: Write> TableWriter<W> {
    /// Starts a table (writing the CSV header line).
    pub fn new(mut out: W, format: TableFormat, header: Vec<String>) -> io::Result<Self> {
        out.write_all(&header_bytes(format, &header)?)?;
        Ok(TableWriter {
            header,
            format,
            out,
            row: Vec::new(),
        })
    }

    /// The format rows must be rendered in.
    pub fn format(&self) -> TableFormat {
        self.format
    }

    /// The column names rows must follow.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Writes one row; it must have one cell per header column.
    pub fn write_row(&mut self, row: &[Cell<'_>]) -> io::Result<()> {
        debug_assert_eq!(row.len(), self.header.len());
        self.row.clear();
        render_rows(self.format, &self.header, [row], &mut self.row)?;
        self.out.write_all(&self.row)
    }

    /// Writes rows already rendered by [`render_rows`] with this table's format and header.
    pub fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Flushes what is buffered.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The bytes a [`TableWriter`] writes before the first row: the CSV header line (JSON Lines has
/// none).
pub fn header_bytes(format: TableFormat, header: &[String]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    if format == TableFormat::Csv {
        let mut csv = csv::Writer::from_writer(&mut out);
        csv.write_record(header)?;
        csv.flush()?;
    }
    Ok(out)
}

/// Appends `rows` to `out` as a [`TableWriter`] with this header writes them, so rows can be
/// rendered on worker threads and the bytes written in order.
pub fn render_rows<'c, R: AsRef<[Cell<'c>]>>(
    format: TableFormat,
    header: &[String],
    rows: impl IntoIterator<Item = R>,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    match format {
        TableFormat::Csv => {
            let mut csv = csv::WriterBuilder::new()
                .buffer_capacity(4096)
                .from_writer(out);
            let mut scratch = String::new();
            for row in rows {
                for cell in row.as_ref() {
                    cell.write_csv(&mut csv, &mut scratch)?;
                }
                csv.write_record(None::<&[u8]>)?;
            }
            csv.flush()
        }
        TableFormat::Jsonl => {
            for row in rows {
                serde_json::to_writer(
                    &mut *out,
                    &JsonRow {
                        header,
                        cells: row.as_ref(),
                    },
                )?;
                out.push(b'\n');
            }
            Ok(())
        }
    }
}

/// A row as a JSON object whose keys keep the header's order.
struct JsonRow<'a> {
    header: &'a [String],
    cells: &'a [Cell<'a>],
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.header.len()))?;
        for (key, cell) in self.header.iter().zip(self.cells) {
            map.serialize_entry(key, cell)?;
        }
        map.end()
    }
}

/// The columns of the three score tables for a set of models and extra article columns.
#[derive(Debug, Clone)]
pub struct Layout {
    models: Vec<ModelInfo>,
    extra: Vec<String>,
}

impl Layout {
    /// The layout for `models` (in column order) with `extra` article columns appended.
    pub fn new(models: &[ModelInfo], extra: Vec<String>) -> Layout {
        Layout {
            models: models.to_vec(),
            extra,
        }
    }

    /// A model column's name: plain with one model, prefixed with the model's name with several.
    fn column(&self, model: &ModelInfo, name: &str) -> String {
        if self.models.len() == 1 {
            name.to_string()
        } else {
            format!("{}_{name}", model.name)
        }
    }

    /// Columns of the sentences table.
    pub fn sentence_header(&self) -> Vec<String> {
        let mut h = strings(&["article", "outlet", "index", "start", "end", "sentence"]);
        for m in &self.models {
            h.push(self.column(m, "label"));
            h.extend(m.classes.iter().map(|c| self.column(m, &format!("p_{c}"))));
            if m.has_slant() {
                h.push(self.column(m, "slant"));
            }
            h.push(self.column(m, "explanation"));
        }
        h
    }

    /// One sentence's row.
    pub fn sentence_row<'a>(&self, article: &'a Article, s: &'a ScoredSentence) -> Vec<Cell<'a>> {
        let mut row = vec![
            Cell::text(&article.id),
            Cell::text(&article.outlet),
            Cell::Count(s.index),
            Cell::Count(s.start),
            Cell::Count(s.end),
            Cell::text(&s.text),
        ];
        for (m, p) in self.models.iter().zip(&s.predictions) {
            row.push(Cell::text(&p.label));
            row.extend(p.score.probabilities.iter().map(|&v| Cell::Number(v)));
            if m.has_slant() {
                row.push(Cell::number(p.score.slant));
            }
            row.push(Cell::Text(Cow::Owned(joined_terms(&p.explanation))));
        }
        row
    }

    /// The `share_<class>` columns of model `m`.
    fn share_columns<'a>(&'a self, m: &'a ModelInfo) -> impl Iterator<Item = String> + 'a {
        m.classes
            .iter()
            .map(move |c| self.column(m, &format!("share_{c}")))
    }

    /// Columns of the articles table.
    pub fn article_header(&self) -> Vec<String> {
        let mut h = strings(&["article", "outlet", "date", "sentences"]);
        for m in &self.models {
            h.extend(self.share_columns(m));
            if m.has_slant() {
                h.push(self.column(m, "slant"));
            }
        }
        h.extend(self.extra.iter().cloned());
        h
    }

    /// One article's row.
    pub fn article_row<'a>(&self, a: &'a ScoredArticle) -> Vec<Cell<'a>> {
        let mut row = vec![
            Cell::text(&a.id),
            Cell::text(&a.outlet),
            Cell::text(&a.date),
            Cell::Count(a.sentences),
        ];
        for (m, score) in self.models.iter().zip(&a.scores) {
            push_shares(&mut row, m, score.shares.as_deref());
            if m.has_slant() {
                row.push(Cell::number(score.slant));
            }
        }
        for name in &self.extra {
            let value = a.extra.iter().find(|(n, _)| n == name);
            row.push(value.map_or(Cell::Empty, |(_, v)| Cell::text(v)));
        }
        row
    }

    /// Columns of the outlets table.
    pub fn outlet_header(&self) -> Vec<String> {
        let mut h = strings(&["outlet", "articles", "sentences"]);
        for m in &self.models {
            h.extend(self.share_columns(m));
            if m.has_slant() {
                for name in ["slant", "slant_low", "slant_high", "interval_basis"] {
                    h.push(self.column(m, name));
                }
            }
        }
        h
    }

    /// One outlet's row.
    pub fn outlet_row<'a>(&self, o: &'a ScoredOutlet) -> Vec<Cell<'a>> {
        let mut row = vec![
            Cell::text(&o.outlet),
            Cell::Count(o.articles),
            Cell::Count(o.sentences),
        ];
        for (m, score) in self.models.iter().zip(&o.scores) {
            push_shares(&mut row, m, score.shares.as_deref());
            if m.has_slant() {
                row.push(Cell::number(score.slant));
                row.push(Cell::number(score.slant_low));
                row.push(Cell::number(score.slant_high));
                row.push(
                    score
                        .interval_basis
                        .map_or(Cell::Empty, |b| Cell::text(b.as_str())),
                );
            }
        }
        row
    }
}

/// The terms of an explanation separated by " | ".
fn joined_terms(explanation: &[(String, f64)]) -> String {
    let mut joined = String::new();
    for (i, (term, _)) in explanation.iter().enumerate() {
        if i > 0 {
            joined.push_str(" | ");
        }
        joined.push_str(term);
    }
    joined
}

fn push_shares(row: &mut Vec<Cell<'_>>, model: &ModelInfo, shares: Option<&[f64]>) {
    match shares {
        Some(shares) => row.extend(shares.iter().map(|&v| Cell::Number(v))),
        None => row.extend(model.classes.iter().map(|_| Cell::Empty)),
    }
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(name: &str, slant: bool) -> ModelInfo {
        ModelInfo {
            name: name.into(),
            classes: vec!["neg".into(), "pos".into()],
            positive: slant.then(|| "pos".into()),
            negative: slant.then(|| "neg".into()),
        }
    }

    fn render(format: TableFormat, header: &[&str], rows: &[Vec<Cell>]) -> String {
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, format, strings(header)).unwrap();
        for r in rows {
            w.write_row(r).unwrap();
        }
        w.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_neutralises_text_but_not_numbers() {
        let row = vec![
            Cell::Text("=1+2".into()),
            Cell::Number(-0.5),
            Cell::Count(3),
            Cell::Empty,
        ];
        assert_eq!(
            render(TableFormat::Csv, &["a", "b", "c", "d"], &[row]),
            "a,b,c,d\n'=1+2,-0.5,3,\n"
        );
    }

    #[test]
    fn jsonl_keeps_header_order_and_writes_null() {
        let row = vec![Cell::Text("=x".into()), Cell::Number(0.25), Cell::Empty];
        assert_eq!(
            render(TableFormat::Jsonl, &["z", "a", "m"], &[row]),
            "{\"z\":\"=x\",\"a\":0.25,\"m\":null}\n"
        );
    }

    #[test]
    fn one_model_has_plain_columns_and_several_are_prefixed() {
        let one = Layout::new(&[model("stance", true)], vec!["section".into()]);
        assert_eq!(
            one.outlet_header(),
            strings(&[
                "outlet",
                "articles",
                "sentences",
                "share_neg",
                "share_pos",
                "slant",
                "slant_low",
                "slant_high",
                "interval_basis"
            ])
        );
        assert_eq!(
            one.article_header().last().map(String::as_str),
            Some("section")
        );
        let two = Layout::new(&[model("stance", true), model("topic", false)], vec![]);
        let header = two.sentence_header();
        assert!(header.contains(&"stance_p_neg".to_string()));
        assert!(header.contains(&"topic_label".to_string()));
        assert!(
            !header.contains(&"topic_slant".to_string()),
            "no poles, no slant"
        );
    }

    #[test]
    fn formats_parse() {
        assert_eq!("JSONL".parse::<TableFormat>(), Ok(TableFormat::Jsonl));
        assert!("xml".parse::<TableFormat>().is_err());
    }
}
