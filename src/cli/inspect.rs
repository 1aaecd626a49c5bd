//! `slant inspect`: a model's metadata and its most heavily weighted terms per class.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;

use crate::error::{Error, Result};
use crate::model::{Classifier, file};
use crate::text::AnalyzerKind;

/// Flags of `slant inspect`.
#[derive(Debug, Clone, Args)]
pub struct InspectArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Terms to show per class.
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub top: usize,
}

/// Runs `slant inspect`, writing to `out`.
pub fn run(args: &InspectArgs, out: &mut dyn Write) -> Result<()> {
    let classifier = file::load(&args.model)?;
    write_inspection(out, &classifier, args.top).map_err(|e| Error::io("<output>", e))
}

fn write_inspection(out: &mut dyn Write, m: &Classifier, top: usize) -> io::Result<()> {
    let t = m.training();
    writeln!(out, "classes      {}", m.classes().join(", "))?;
    if let (Some(p), Some(n)) = (&m.poles().positive, &m.poles().negative) {
        writeln!(out, "slant        P({p}) − P({n})")?;
    }
    writeln!(
        out,
        "trained      {} by slant {}",
        t.created, t.slant_version
    )?;
    for input in &t.inputs {
        writeln!(
            out,
            "data         {} ({} rows, sha256 {})",
            input.file, input.rows, input.sha256
        )?;
    }
    writeln!(
        out,
        "columns      text {:?}, label {:?}",
        t.text_column, t.label_column
    )?;
    let counts: Vec<String> = t
        .class_counts
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    writeln!(out, "rows         {} ({})", t.rows, counts.join(", "))?;
    for block in m.features().blocks() {
        let a = &block.params().analyzer;
        let kind = match a.kind {
            AnalyzerKind::Word => "word",
            AnalyzerKind::CharWb => "char_wb",
        };
        writeln!(
            out,
            "features     {kind} {}-{}: {} terms (sublinear tf {}, stem {}, stop words {})",
            a.ngrams.0,
            a.ngrams.1,
            block.vocabulary().len(),
            block.params().sublinear_tf,
            a.stem,
            a.stop_words
        )?;
    }
    let chosen = match &t.c_search {
        Some(s) => {
            let grid: Vec<String> = s
                .grid
                .iter()
                .map(|g| format!("{}→{:.3}", g.c, g.macro_f1))
                .collect();
            format!(
                " (chosen by {}-fold CV macro-F1: {})",
                s.folds,
                grid.join(", ")
            )
        }
        None => " (given)".to_string(),
    };
    writeln!(out, "C            {}{chosen}", t.c)?;
    writeln!(out, "class weight {:?}", t.class_weight)?;
    let c = &t.convergence;
    writeln!(
        out,
        "optimizer    {} after {} iterations, largest gradient component {:.2e} (tol {:e}), objective {:.6}",
        if c.converged {
            "converged"
        } else {
            "did NOT converge"
        },
        c.iterations,
        c.gradient_norm,
        t.tol,
        c.objective
    )?;
    if let Some(cv) = &t.cv {
        let grouped = cv
            .grouped_by
            .as_ref()
            .map_or_else(String::new, |g| format!(", grouped by {g:?}"));
        writeln!(
            out,
            "cv           {}-fold{grouped}: accuracy {:.3} ± {:.3}, macro-F1 {:.3} ± {:.3}",
            cv.folds, cv.accuracy, cv.accuracy_std, cv.macro_f1, cv.macro_f1_std
        )?;
        let f1: Vec<String> = cv
            .per_class_f1
            .iter()
            .map(|(c, f)| format!("{c} {f:.3}"))
            .collect();
        writeln!(out, "cv F1        {}", f1.join(", "))?;
    }
    for (class, name) in m.classes().iter().enumerate() {
        writeln!(out)?;
        writeln!(out, "top terms for {name}:")?;
        for (term, weight) in m.top_features(class, top) {
            writeln!(out, "  {weight:+.3}  {term}")?;
        }
    }
    Ok(())
}
