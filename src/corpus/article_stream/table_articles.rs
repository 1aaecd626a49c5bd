//! Articles from the rows of a CSV/TSV table: finds the required columns, the optional title and
//! the extra columns once, then turns each record into an article. Used by the stream and by
//! [`read_articles`]. It must not open files or guess the format (it is handed a [`TableReader`]
//! that has done that), and must not clean outlets or check ids.
//!
//! [`read_articles`]: crate::corpus::read_articles

use crate::corpus::articles::{Article, REQUIRED_COLUMNS};
use crate::corpus::{Record, TableReader};
use crate::error::Result;

/// Articles from the rows of a CSV/TSV table with columns `id`, `outlet`, `date`, `text` and
/// optionally `title`; every other column is kept as an extra.
pub(crate) struct TableArticles {
    reader: TableReader,
    required: Vec<usize>,
    title: Option<usize>,
    pub(super) extra: Vec<(usize, String)>,
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
