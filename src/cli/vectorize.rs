//! `slant vectorize`: fit TF-IDF on a table's text column and export the features (svmlight and
//! vocabulary) for other tools.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::atomic;
use crate::cli::args::{BlockDefaults, FeatureArgs, TableArgs};
use crate::corpus::read_text_column;
use crate::error::{Error, Result};
use crate::features::{FeatureUnion, svmlight};

/// Flags of `slant vectorize`.
#[derive(Debug, Clone, Args)]
pub struct VectorizeArgs {
    #[command(flatten)]
    table: TableArgs,
    /// Column holding the text.
    #[arg(long, value_name = "NAME")]
    text_column: String,
    /// Column holding labels: numbers are written as they are, names as class numbers 0, 1, … in
    /// sorted order (listed in labels.txt). Without it every label is 0.
    #[arg(long, value_name = "NAME")]
    label_column: Option<String>,
    #[command(flatten)]
    features: FeatureArgs,
    /// Directory to write features.svmlight and vocabulary.txt into (created if missing).
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
}

/// What a vectorize run produced, for the summary line.
#[derive(Debug)]
pub struct Summary {
    /// Rows written.
    pub rows: usize,
    /// Features (vocabulary size).
    pub features: usize,
    /// The directory written to.
    pub out_dir: PathBuf,
}

/// scikit-learn's `TfidfVectorizer` defaults: word unigrams, raw counts.
const SKLEARN_DEFAULTS: BlockDefaults = BlockDefaults {
    words: Some((1, 1)),
    chars: None,
    sublinear_tf: false,
    stop_words: false,
};

/// Runs `slant vectorize`.
pub fn run(args: &VectorizeArgs) -> Result<Summary> {
    let blocks = args.features.blocks(SKLEARN_DEFAULTS)?;
    let (texts, labels) = read_inputs(args)?;
    let (features, rows) = FeatureUnion::fit_transform(&blocks, &texts)?;
    let (label_cells, classes) = label_cells(labels, texts.len());
    std::fs::create_dir_all(&args.out_dir).map_err(|e| Error::io(&args.out_dir, e))?;
    atomic::write_file(&args.out_dir.join("features.svmlight"), |w| {
        rows.iter()
            .zip(&label_cells)
            .try_for_each(|(row, label)| svmlight::write_row(w, label, row))
    })?;
    atomic::write_file(&args.out_dir.join("vocabulary.txt"), |w| {
        svmlight::write_vocabulary(w, &features)
    })?;
    let labels_path = args.out_dir.join("labels.txt");
    match classes {
        Some(classes) => write_lines(&labels_path, &classes)?,
        // A labels.txt left by an earlier run would name classes these labels are not.
        None => remove_if_present(&labels_path)?,
    }
    Ok(Summary {
        rows: rows.len(),
        features: features.n_features(),
        out_dir: args.out_dir.clone(),
    })
}

/// Texts and labels of every `--data` file, in order.
fn read_inputs(args: &VectorizeArgs) -> Result<(Vec<String>, Option<Vec<String>>)> {
    let options = args.table.options();
    let mut texts = Vec::new();
    let mut labels: Option<Vec<String>> = args.label_column.as_ref().map(|_| Vec::new());
    for path in &args.table.data {
        let column = read_text_column(
            path,
            &options,
            &args.text_column,
            args.label_column.as_deref(),
        )?;
        texts.extend(column.texts);
        if let (Some(all), Some(these)) = (labels.as_mut(), column.labels) {
            all.extend(these);
        }
    }
    Ok((texts, labels))
}

/// svmlight label cells: numeric labels as given, names as sorted class numbers (with the classes).
fn label_cells(labels: Option<Vec<String>>, rows: usize) -> (Vec<String>, Option<Vec<String>>) {
    let Some(labels) = labels else {
        return (vec!["0".to_string(); rows], None);
    };
    if labels
        .iter()
        .all(|l| l.parse::<f64>().is_ok_and(f64::is_finite))
    {
        return (labels, None);
    }
    let mut classes = labels.clone();
    classes.sort();
    classes.dedup();
    let cells = labels
        .iter()
        .map(|l| classes.binary_search(l).map_or(0, |i| i).to_string())
        .collect();
    (cells, Some(classes))
}

fn write_lines(path: &Path, lines: &[String]) -> Result<()> {
    atomic::write_file(path, |w| lines.iter().try_for_each(|l| writeln!(w, "{l}")))
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}
