//! `slant train`: fit a classifier on labelled table files, cross-validate it, and write the model.

use std::path::PathBuf;

use clap::Args;

use crate::cli::args::{BlockDefaults, FeatureArgs, TableArgs};
use crate::corpus::{LabelledColumns, LabelledRows, read_labelled};
use crate::error::{Error, Location, Result};
use crate::model::classifier::{CvSummary, InputFile, SplitInfo};
use crate::model::metrics::mean_std;
use crate::model::train::DEFAULT_C_GRID;
use crate::model::{
    ClassWeight, Classifier, Labelled, LogisticParams, Metrics, Poles, TrainParams, TrainingInfo,
    cross_validate, file, train,
};

/// The features slant trains with unless told otherwise, chosen by cross-validation on SemEval-2016,
/// Financial PhraseBank and the seed labels (README, "Defaults"): word 1-2-grams without stop words
/// beside char_wb 2-5-grams, sublinear tf. Characters gave SemEval +4.5 F_avg; dropping stop words
/// gave the seed stance labels +9 macro-F1 and cost nothing elsewhere.
pub const TRAIN_DEFAULTS: BlockDefaults = BlockDefaults {
    words: Some((1, 2)),
    chars: Some((2, 5)),
    sublinear_tf: true,
    stop_words: true,
};

/// Which columns hold text, label and groups.
#[derive(Debug, Clone, Args)]
pub struct LabelledArgs {
    #[command(flatten)]
    pub table: TableArgs,
    /// Column holding the text.
    #[arg(long, value_name = "NAME")]
    pub text_column: String,
    /// Column holding the label.
    #[arg(long, value_name = "NAME")]
    pub label_column: String,
    /// Column whose rows stay together in cross-validation folds (for example the article), so no
    /// article has sentences on both sides.
    #[arg(long, value_name = "NAME")]
    pub group_column: Option<String>,
}

impl LabelledArgs {
    /// Reads the labelled rows, optionally with a split column.
    pub fn read(&self, split: Option<&str>) -> Result<LabelledRows> {
        let columns = LabelledColumns {
            text: self.text_column.clone(),
            label: self.label_column.clone(),
            group: self.group_column.clone(),
            split: split.map(str::to_string),
        };
        read_labelled(&self.table.data, &self.table.options(), &columns)
    }
}

/// Settings of the trainer.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Inverse regularisation strength (scikit-learn's C); without it slant picks C by 5-fold
    /// cross-validation over 0.1, 0.3, 1, 3, 10, 30, 100 and records the choice in the model.
    #[arg(long, value_name = "C")]
    pub c: Option<f64>,
    /// Class weighting: `balanced` (each class counts as much in total) or `none`.
    #[arg(long, value_name = "W", default_value = "balanced", value_parser = parse_class_weight)]
    pub class_weight: ClassWeight,
    /// Most optimizer iterations.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_iter: u64,
    /// Stop when the gradient's largest component falls below this (scikit-learn's tol).
    #[arg(long, value_name = "T", default_value_t = 1e-4)]
    pub tol: f64,
    /// Seed for fold assignment.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
    /// The class whose probability counts +1 in the slant score [default: pro-cooperation, positive,
    /// FAVOR or pro, when present].
    #[arg(long, value_name = "CLASS")]
    pub positive_label: Option<String>,
    /// The class whose probability counts −1 in the slant score [default: skeptical, negative,
    /// AGAINST or anti, when present].
    #[arg(long, value_name = "CLASS")]
    pub negative_label: Option<String>,
}

impl ModelArgs {
    /// The training settings with `blocks` as features.
    pub fn params(&self, features: &FeatureArgs) -> Result<TrainParams> {
        if let Some(c) = self.c
            && !(c.is_finite() && c > 0.0)
        {
            return Err(Error::usage("--c", format!("{c} is not a positive number")));
        }
        Ok(TrainParams {
            features: features.blocks(TRAIN_DEFAULTS)?,
            logistic: LogisticParams {
                c: self.c.unwrap_or(1.0),
                max_iter: self.max_iter,
                tol: self.tol,
                class_weight: self.class_weight,
            },
            c: self.c,
            c_grid: DEFAULT_C_GRID.to_vec(),
            search_folds: 5,
            seed: self.seed,
        })
    }
}

fn parse_class_weight(s: &str) -> std::result::Result<ClassWeight, String> {
    match s.to_ascii_lowercase().as_str() {
        "balanced" => Ok(ClassWeight::Balanced),
        "none" | "uniform" | "off" => Ok(ClassWeight::Uniform),
        _ => Err(format!("{s:?}: use balanced or none")),
    }
}

/// Flags of `slant train`.
#[derive(Debug, Clone, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: LabelledArgs,
    #[command(flatten)]
    pub features: FeatureArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Folds of the cross-validation whose figures are stored in the model (0 skips it).
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub cv_folds: usize,
    /// Train a separate model for each value of this column (SemEval-2016: one per target); --out is
    /// then a directory that receives one `<value>.model` per value.
    #[arg(long, value_name = "NAME")]
    pub split_by: Option<String>,
    /// Where to write the model (a directory with --split-by).
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,
}

/// What a training run produced, for the summary printed by `cli`.
#[derive(Debug)]
pub struct TrainReport {
    /// The trained classifier.
    pub classifier: Classifier,
    /// Rows skipped for lack of a label.
    pub unlabelled: usize,
    /// Where the model was written.
    pub path: PathBuf,
}

/// Runs `slant train`: read, then train, cross-validate and write one model (or one per split).
pub fn run(args: &TrainArgs) -> Result<Vec<TrainReport>> {
    let params = args.model.params(&args.features)?;
    let rows = args.data.read(args.split_by.as_deref())?;
    let Some(column) = &args.split_by else {
        return Ok(vec![train_one(
            args,
            &params,
            &rows,
            None,
            args.out.clone(),
        )?]);
    };
    std::fs::create_dir_all(&args.out).map_err(|e| Error::io(&args.out, e))?;
    let mut reports = Vec::new();
    for (value, members) in rows.split_members() {
        let value = value.unwrap_or_default();
        let path = args.out.join(format!("{}.model", slug(&value)));
        let split = SplitInfo {
            column: column.clone(),
            value: value.clone(),
        };
        let report = train_one(args, &params, &rows.subset(&members), Some(split), path)
            .map_err(|e| Error::Invalid(format!("{column} {value:?}: {e}")))?;
        reports.push(report);
    }
    Ok(reports)
}

/// A file-name-safe form of a split value: lowercase letters and digits, other runs as `-`.
pub fn slug(value: &str) -> String {
    let mut out = String::new();
    for c in value.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "empty".to_string()
    } else {
        out
    }
}

/// Trains, cross-validates and writes one model on `rows`.
fn train_one(
    args: &TrainArgs,
    params: &TrainParams,
    rows: &LabelledRows,
    split: Option<SplitInfo>,
    out: PathBuf,
) -> Result<TrainReport> {
    check_two_classes(&args.data, rows)?;
    let data = Labelled::new(rows.texts.clone(), &rows.labels, rows.groups.as_deref())?;
    let poles = Poles::resolve(
        &data.classes,
        args.model.positive_label.as_deref(),
        args.model.negative_label.as_deref(),
    )?;
    let trained = train(params, &data)?;
    let cv = cv_summary(args, params, &data, &poles)?;
    let training = TrainingInfo {
        created: created_timestamp(),
        slant_version: env!("CARGO_PKG_VERSION").to_string(),
        inputs: rows
            .sources
            .iter()
            .map(|s| InputFile {
                file: s.path.display().to_string(),
                sha256: s.sha256.clone(),
                rows: s.rows,
            })
            .collect(),
        text_column: args.data.text_column.clone(),
        label_column: args.data.label_column.clone(),
        rows: data.y.len(),
        class_counts: data.class_counts(),
        c: trained.c,
        c_search: trained.c_search,
        class_weight: params.logistic.class_weight,
        max_iter: params.logistic.max_iter,
        tol: params.logistic.tol,
        convergence: trained.convergence,
        cv,
        split,
    };
    let classifier = Classifier::new(
        trained.features,
        trained.model,
        data.classes.clone(),
        poles,
        training,
    )?;
    file::save(&classifier, &out)?;
    Ok(TrainReport {
        classifier,
        unlabelled: rows.unlabelled,
        path: out,
    })
}

/// One class cannot be learned; say which files and column hold it.
fn check_two_classes(args: &LabelledArgs, rows: &LabelledRows) -> Result<()> {
    let first = rows.labels.first().map_or("", String::as_str);
    if rows.labels.iter().any(|l| l != first) {
        return Ok(());
    }
    let files: Vec<String> = args
        .table
        .data
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    Err(Error::input(
        Location::file(files.join(", ")),
        format!(
            "every labelled row has the {:?} {first:?}; training needs at least two classes: label some rows \
             with another class",
            args.label_column
        ),
    ))
}

fn cv_summary(
    args: &TrainArgs,
    params: &TrainParams,
    data: &Labelled,
    poles: &Poles,
) -> Result<Option<CvSummary>> {
    if args.cv_folds == 0 {
        return Ok(None);
    }
    let cv = cross_validate(params, data, args.cv_folds, poles.indices(&data.classes))?;
    let pooled = Metrics::compute(&data.classes, &data.y, &cv.predicted, None);
    let (accuracy, accuracy_std) =
        mean_std(&cv.per_fold.iter().map(|m| m.accuracy).collect::<Vec<_>>());
    let (macro_f1, macro_f1_std) =
        mean_std(&cv.per_fold.iter().map(|m| m.macro_f1).collect::<Vec<_>>());
    Ok(Some(CvSummary {
        folds: args.cv_folds,
        grouped_by: args.data.group_column.clone(),
        accuracy,
        accuracy_std,
        macro_f1,
        macro_f1_std,
        per_class_f1: pooled
            .per_class
            .iter()
            .map(|c| (c.label.clone(), c.f1))
            .collect(),
    }))
}

/// Now (or SOURCE_DATE_EPOCH, for byte-identical rebuilds) as `YYYY-MM-DDTHH:MM:SSZ`.
fn created_timestamp() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    iso8601(secs)
}

/// Seconds since the Unix epoch as an ISO-8601 UTC time (Howard Hinnant's civil-from-days).
pub fn iso8601(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_name_safe() {
        assert_eq!(
            slug("Climate Change is a Real Concern"),
            "climate-change-is-a-real-concern"
        );
        assert_eq!(slug(" Hillary Clinton "), "hillary-clinton");
        assert_eq!(slug("../x"), "x");
        assert_eq!(slug("//"), "empty");
    }

    #[test]
    fn iso8601_matches_known_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_795_270_000), "2026-11-21T14:06:40Z");
    }
}
