//! Test support: a tiny trained classifier for unit tests across the crate.

use crate::features::TfidfParams;
use crate::model::train::{Labelled, TrainParams, train};
use crate::model::{ClassWeight, Classifier, Convergence, LogisticParams, Poles, TrainingInfo};

/// A two-class ("pro"/"anti") classifier trained on four sentences.
pub fn tiny_classifier() -> Classifier {
    let texts = [
        "talks went well",
        "talks failed badly",
        "good constructive talks",
        "deal collapsed",
    ];
    classifier_on(
        &texts,
        &["pro", "anti", "pro", "anti"],
        vec![TfidfParams::default()],
    )
}

/// A classifier with feature blocks `features` trained on `texts` labelled `labels`.
pub fn classifier_on(texts: &[&str], labels: &[&str], features: Vec<TfidfParams>) -> Classifier {
    let texts: Vec<String> = texts.iter().map(|s| s.to_string()).collect();
    let labels: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
    let data = Labelled::new(texts, &labels, None).unwrap();
    let params = TrainParams {
        features,
        logistic: LogisticParams::default(),
        c: Some(1.0),
        c_grid: vec![],
        search_folds: 2,
        seed: 1,
    };
    let trained = train(&params, &data).unwrap();
    let info = TrainingInfo {
        created: "2026-01-01T00:00:00Z".into(),
        slant_version: "test".into(),
        inputs: vec![],
        text_column: "text".into(),
        label_column: "label".into(),
        rows: labels.len(),
        class_counts: data.class_counts(),
        c: 1.0,
        c_search: None,
        class_weight: ClassWeight::Balanced,
        max_iter: 100,
        tol: 1e-4,
        convergence: Convergence {
            iterations: 1,
            gradient_norm: 0.0,
            objective: 0.0,
            converged: true,
            reason: String::new(),
        },
        cv: None,
        split: None,
    };
    let poles = Poles::resolve(&data.classes, None, None).unwrap();
    Classifier::new(trained.features, trained.model, data.classes, poles, info).unwrap()
}
