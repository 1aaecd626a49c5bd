//! Loading the models to score with: model files named one by one, or every `*.model` file of a
//! directory, each named by its file stem, plus what output needs to know about a model
//! ([`ModelInfo`]). It must not read articles or score.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Location, Result};
use crate::model::{Classifier, file};

/// A classifier with the name its output columns are prefixed with (its file stem).
#[derive(Debug, Clone)]
pub struct NamedModel {
    /// The model's name: the file name without `.model`.
    pub name: String,
    /// The file it was loaded from.
    pub path: PathBuf,
    /// The classifier.
    pub classifier: Classifier,
}

/// What output needs to know about a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelInfo {
    /// The model's name.
    pub name: String,
    /// Class names in class order.
    pub classes: Vec<String>,
    /// The class counted +1 in the slant, when the model has poles.
    pub positive: Option<String>,
    /// The class counted −1 in the slant, when the model has poles.
    pub negative: Option<String>,
}

impl ModelInfo {
    /// True when the model gives slants.
    pub fn has_slant(&self) -> bool {
        self.positive.is_some() && self.negative.is_some()
    }
}

impl NamedModel {
    /// The model's name, classes and poles.
    pub fn info(&self) -> ModelInfo {
        let c = &self.classifier;
        let poles = c.poles().indices(c.classes());
        ModelInfo {
            name: self.name.clone(),
            classes: c.classes().to_vec(),
            positive: poles.map(|(p, _)| c.classes()[p].clone()),
            negative: poles.map(|(_, n)| c.classes()[n].clone()),
        }
    }
}

/// Loads the model files named by `paths`; a directory stands for every `*.model` file in it, in
/// name order. Two models with the same name are an error, since their columns would collide.
pub fn load_models(paths: &[PathBuf]) -> Result<Vec<NamedModel>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(model_files_in(path)?);
        } else {
            files.push(path.clone());
        }
    }
    let mut models: Vec<NamedModel> = Vec::with_capacity(files.len());
    for path in files {
        let name = path.file_stem().map_or_else(
            || path.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        if let Some(other) = models.iter().find(|m| m.name == name) {
            return Err(Error::usage(
                "--model",
                format!(
                    "{} and {} are both called {name:?}, so their columns would collide; rename one",
                    other.path.display(),
                    path.display()
                ),
            ));
        }
        let classifier = file::load(&path)?;
        models.push(NamedModel {
            name,
            path,
            classifier,
        });
    }
    Ok(models)
}

fn model_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("model"))
        })
        .collect();
    if files.is_empty() {
        return Err(Error::input(
            Location::file(dir),
            "no .model files in this directory; train one with `slant train` or name a model file",
        ));
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::tiny_classifier;

    #[test]
    fn model_directories_expand_and_duplicate_names_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = load_models(&[dir.path().to_path_buf()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("no .model files"), "{err}");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        file::save(&tiny_classifier(), &dir.path().join("b.model")).unwrap();
        file::save(&tiny_classifier(), &dir.path().join("a.model")).unwrap();
        file::save(&tiny_classifier(), &sub.join("a.model")).unwrap();
        let models = load_models(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(
            models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        let err = load_models(&[dir.path().join("a.model"), sub.join("a.model")]).unwrap_err();
        assert!(matches!(err, Error::Usage { .. }), "{err}");
    }
}
