//! Labelled training and test data: text, label and optional group and split columns read from one
//! or more table files, with each file's hash for the model's record. Rows whose label is empty are
//! skipped and counted, so a half-labelled file can be trained on as it is.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::corpus::{Record, TableOptions, TableReader};
use crate::error::{Error, Location, Result};

/// The columns to read.
#[derive(Debug, Clone, Default)]
pub struct LabelledColumns {
    /// Column of the text.
    pub text: String,
    /// Column of the label.
    pub label: String,
    /// Column whose value keeps rows together in cross-validation (an article id).
    pub group: Option<String>,
    /// Column whose value picks a separate model (a SemEval target).
    pub split: Option<String>,
}

/// One input file's share of the rows.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex (empty for standard input).
    pub sha256: String,
    /// Labelled rows read from it.
    pub rows: usize,
}

/// Labelled rows from every input file, in order.
#[derive(Debug, Clone, Default)]
pub struct LabelledRows {
    /// Texts.
    pub texts: Vec<String>,
    /// Labels, trimmed.
    pub labels: Vec<String>,
    /// Group values, when a group column was given.
    pub groups: Option<Vec<String>>,
    /// Split values, when a split column was given.
    pub splits: Option<Vec<String>>,
    /// The files read.
    pub sources: Vec<SourceFile>,
    /// Rows skipped because their label was empty.
    pub unlabelled: usize,
}

impl LabelledRows {
    /// Row numbers per split value, in order of first appearance; all rows as one unnamed split when
    /// there is no split column.
    pub fn split_members(&self) -> Vec<(Option<String>, Vec<usize>)> {
        let Some(values) = &self.splits else {
            return vec![(None, (0..self.texts.len()).collect())];
        };
        let mut out: Vec<(Option<String>, Vec<usize>)> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match out
                .iter_mut()
                .find(|(name, _)| name.as_deref() == Some(v.as_str()))
            {
                Some((_, members)) => members.push(i),
                None => out.push((Some(v.clone()), vec![i])),
            }
        }
        out
    }

    /// The rows `members`, in that order (sources and the unlabelled count are kept as they are).
    pub fn subset(&self, members: &[usize]) -> LabelledRows {
        let pick = |v: &Vec<String>| members.iter().map(|&i| v[i].clone()).collect::<Vec<_>>();
        LabelledRows {
            texts: pick(&self.texts),
            labels: pick(&self.labels),
            groups: self.groups.as_ref().map(pick),
            splits: self.splits.as_ref().map(pick),
            sources: self.sources.clone(),
            unlabelled: self.unlabelled,
        }
    }
}

/// Reads labelled rows from `paths`; a file with no labelled row is an error.
pub fn read_labelled(
    paths: &[PathBuf],
    options: &TableOptions,
    columns: &LabelledColumns,
) -> Result<LabelledRows> {
    let mut out = LabelledRows {
        groups: columns.group.as_ref().map(|_| Vec::new()),
        splits: columns.split.as_ref().map(|_| Vec::new()),
        ..LabelledRows::default()
    };
    for path in paths {
        let before = out.texts.len();
        read_one(path, options, columns, &mut out)?;
        let rows = out.texts.len() - before;
        if rows == 0 {
            return Err(Error::input(
                Location::file(path),
                format!(
                    "no labelled rows: every row's {:?} column is empty, or the file has a header only",
                    columns.label
                ),
            ));
        }
        out.sources.push(SourceFile {
            path: path.clone(),
            sha256: sha256_of(path)?,
            rows,
        });
    }
    Ok(out)
}

fn read_one(
    path: &Path,
    options: &TableOptions,
    columns: &LabelledColumns,
    out: &mut LabelledRows,
) -> Result<()> {
    let mut reader = TableReader::open(path, options)?;
    let text = reader.column(&columns.text)?;
    let label = reader.column(&columns.label)?;
    let group = columns
        .group
        .as_deref()
        .map(|c| reader.column(c))
        .transpose()?;
    let split = columns
        .split
        .as_deref()
        .map(|c| reader.column(c))
        .transpose()?;
    let mut record = Record::default();
    while reader.read_record(&mut record)? {
        let value = record.get(label).trim();
        if value.is_empty() {
            out.unlabelled += 1;
            continue;
        }
        out.texts.push(record.get(text).to_string());
        out.labels.push(value.to_string());
        if let (Some(i), Some(groups)) = (group, out.groups.as_mut()) {
            groups.push(record.get(i).trim().to_string());
        }
        if let (Some(i), Some(splits)) = (split, out.splits.as_mut()) {
            splits.push(record.get(i).trim().to_string());
        }
    }
    Ok(())
}

/// SHA-256 of a file's bytes as hex; empty for standard input.
pub fn sha256_of(path: &Path) -> Result<String> {
    if path == Path::new("-") {
        return Ok(String::new());
    }
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| Error::io(path, e))?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
