//! The manifest of a directory of `.txt` articles: a CSV naming each file's outlet, date and any
//! other columns. Owns reading it and labelling articles from it; it must not read article files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::corpus::articles::{Article, file_name, file_stem};
use crate::corpus::{Encoding, Record, TableOptions, TableReader};
use crate::error::Result;

/// A manifest: one row per article file with its outlet, date and any other columns.
pub(crate) struct Manifest {
    /// The manifest file.
    pub(crate) path: PathBuf,
    extra_names: Vec<String>,
    rows: Vec<ManifestRow>,
    by_file: HashMap<String, usize>,
    /// Messages about the manifest itself (rows listed twice).
    pub(crate) warnings: Vec<String>,
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
    pub(crate) fn read(path: &Path, encoding: Encoding) -> Result<Manifest> {
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
    pub(crate) fn row_of(&self, path: &Path) -> Option<usize> {
        self.by_file
            .get(&file_name(path))
            .or_else(|| self.by_file.get(&file_stem(path)))
            .copied()
    }

    pub(crate) fn label(&self, row: usize, article: &mut Article) {
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
    pub(crate) fn label_blank(&self, article: &mut Article) {
        article.extra = self
            .extra_names
            .iter()
            .map(|n| (n.clone(), String::new()))
            .collect();
    }

    /// Number of rows (files named once).
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The extra column names, in manifest order.
    pub(crate) fn extra_names(&self) -> &[String] {
        &self.extra_names
    }

    /// Warnings for rows naming files that are not among the directory's `.txt` files; `used[i]`
    /// says whether row `i` named one.
    pub(crate) fn unused_rows(&self, used: &[bool], dir: &Path) -> Vec<String> {
        (0..self.rows.len())
            .filter(|&i| !used.get(i).copied().unwrap_or(false))
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
