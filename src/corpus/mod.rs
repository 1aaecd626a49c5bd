//! Input data: the one CSV/TSV reader every command uses (encodings, BOM, quoting, line-numbered
//! errors), the column-level helpers built on it, and articles to score, read one at a time
//! ([`ArticleStream`]) or all at once ([`read_articles`]). Knows nothing of features or models.

pub mod article_stream;
pub mod articles;
pub mod encoding;
pub mod labelled;
mod manifest;
pub mod table;
pub mod text_file;

pub use article_stream::{ArticleStream, ArticleSummary};
pub use articles::{Article, ArticleOptions, ArticleSet, Skipped, read_articles};
pub use encoding::Encoding;
pub use labelled::{LabelledColumns, LabelledRows, read_labelled};
pub use table::{Header, Record, TableOptions, TableReader, parse_delimiter};
pub use text_file::read_text_file;

use std::path::Path;

use crate::error::{Error, Location, Result};

/// Texts (and optionally labels) read from one column (and a label column) of a table file.
#[derive(Debug, Clone, Default)]
pub struct TextColumn {
    /// The text of each row, in file order.
    pub texts: Vec<String>,
    /// The label of each row, when a label column was asked for.
    pub labels: Option<Vec<String>>,
    /// The line each row starts on.
    pub lines: Vec<u64>,
}

/// Reads `text_column` (and `label_column`) of every row of `path`; a file with a header but no rows
/// is an error.
pub fn read_text_column(
    path: &Path,
    options: &TableOptions,
    text_column: &str,
    label_column: Option<&str>,
) -> Result<TextColumn> {
    let mut reader = TableReader::open(path, options)?;
    let text = reader.column(text_column)?;
    let label = label_column.map(|c| reader.column(c)).transpose()?;
    let mut out = TextColumn {
        labels: label.map(|_| Vec::new()),
        ..TextColumn::default()
    };
    let mut record = Record::default();
    while reader.read_record(&mut record)? {
        out.texts.push(record.get(text).to_string());
        out.lines.push(record.line());
        if let (Some(i), Some(labels)) = (label, out.labels.as_mut()) {
            labels.push(record.get(i).trim().to_string());
        }
    }
    if out.texts.is_empty() {
        return Err(Error::input(
            Location::file(reader.path()),
            "the file has a header but no rows; add at least one row below the header",
        ));
    }
    Ok(out)
}
