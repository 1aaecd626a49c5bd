//! The sparse logistic trainer against scikit-learn's LogisticRegression (committed fixtures made by
//! scripts/make_logistic_fixtures.py) and against linfa-logistic on small dense data.

use serde::Deserialize;
use slant::features::SparseRow;
use slant::model::{ClassWeight, CsrMatrix, LogisticParams};

#[derive(Deserialize)]
struct Fixture {
    n_rows: usize,
    n_features: usize,
    n_classes: usize,
    rows: Vec<usize>,
    cols: Vec<u32>,
    values: Vec<f64>,
    y: Vec<usize>,
    c: f64,
    class_weight: String,
    coef: Vec<Vec<f64>>,
    intercept: Vec<f64>,
    proba: Vec<Vec<f64>>,
}

fn load(name: &str) -> Fixture {
    let path = format!(
        "{}/tests/fixtures/logistic/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn matrix(f: &Fixture) -> CsrMatrix {
    let mut rows = vec![SparseRow::default(); f.n_rows];
    let mut order: Vec<usize> = (0..f.rows.len()).collect();
    order.sort_by_key(|&t| (f.rows[t], f.cols[t]));
    for t in order {
        rows[f.rows[t]].indices.push(f.cols[t]);
        rows[f.rows[t]].values.push(f.values[t]);
    }
    CsrMatrix::from_rows(&rows, f.n_features)
}

fn check_against_sklearn(name: &str) {
    let f = load(name);
    let x = matrix(&f);
    let params = LogisticParams {
        c: f.c,
        max_iter: 10_000,
        tol: 1e-10,
        class_weight: if f.class_weight == "balanced" {
            ClassWeight::Balanced
        } else {
            ClassWeight::Uniform
        },
    };
    let (model, convergence) = params.fit(&x, &f.y, f.n_classes).unwrap();
    assert!(convergence.converged, "{name}: {convergence:?}");
    let mut worst: f64 = 0.0;
    for (row, coefs) in f.coef.iter().enumerate() {
        for (j, &expected) in coefs.iter().enumerate() {
            worst = worst.max((model.coef(row, j) - expected).abs());
        }
        worst = worst.max((model.intercepts()[row] - f.intercept[row]).abs());
    }
    eprintln!(
        "{name}: max coefficient difference from scikit-learn {worst:e} after {} iterations",
        convergence.iterations
    );
    assert!(worst < 1e-4, "{name}: max coefficient difference {worst:e}");
    let mut p = vec![0.0; f.n_classes];
    for (i, expected) in f.proba.iter().enumerate() {
        let (idx, val) = x.row(i);
        model.predict_proba(idx, val, &mut p);
        for (a, b) in p.iter().zip(expected) {
            assert!(
                (a - b).abs() < 1e-5,
                "{name}: row {i} probability {a} vs {b}"
            );
        }
    }
}

#[test]
fn multinomial_matches_sklearn() {
    check_against_sklearn("multinomial_c1");
}

#[test]
fn multinomial_balanced_matches_sklearn() {
    check_against_sklearn("multinomial_c10_balanced");
}

#[test]
fn multinomial_strong_penalty_matches_sklearn() {
    check_against_sklearn("multinomial_c0.1");
}

#[test]
fn binary_matches_sklearn() {
    check_against_sklearn("binary_c1");
}

#[test]
fn binary_balanced_matches_sklearn() {
    check_against_sklearn("binary_c5_balanced");
}

#[test]
fn same_data_gives_the_same_model_bit_for_bit() {
    let f = load("multinomial_c1");
    let x = matrix(&f);
    let params = LogisticParams::default();
    let a = params.fit(&x, &f.y, f.n_classes).unwrap().0;
    let b = params.fit(&x, &f.y, f.n_classes).unwrap().0;
    assert_eq!(a, b);
}

#[test]
fn too_few_iterations_is_reported_as_not_converged() {
    let f = load("multinomial_c10_balanced");
    let params = LogisticParams {
        max_iter: 3,
        ..LogisticParams::default()
    };
    let (_, convergence) = params.fit(&matrix(&f), &f.y, f.n_classes).unwrap();
    assert!(!convergence.converged);
    assert_eq!(convergence.iterations, 3);
}

#[test]
fn bad_settings_are_errors() {
    let f = load("binary_c1");
    let x = matrix(&f);
    for params in [
        LogisticParams {
            c: 0.0,
            ..LogisticParams::default()
        },
        LogisticParams {
            c: f64::NAN,
            ..LogisticParams::default()
        },
        LogisticParams {
            max_iter: 0,
            ..LogisticParams::default()
        },
    ] {
        assert!(params.fit(&x, &f.y, 2).is_err());
    }
    assert!(LogisticParams::default().fit(&x, &f.y, 1).is_err());
    assert!(LogisticParams::default().fit(&x, &f.y[..5], 2).is_err());
}

mod linfa_oracle {
    //! linfa-logistic minimises α/2‖W‖² + Σ loss on dense data; with α = 1/C it is the same objective.
    use super::*;
    use linfa::prelude::*;
    use linfa_logistic::MultiLogisticRegression;
    use ndarray::{Array1, Array2};

    #[test]
    fn multinomial_matches_linfa_logistic() {
        let f = load("multinomial_c1");
        let x = matrix(&f);
        let mut dense = Array2::<f64>::zeros((f.n_rows, f.n_features));
        for i in 0..f.n_rows {
            let (idx, val) = x.row(i);
            for (&j, &v) in idx.iter().zip(val) {
                dense[[i, j as usize]] = v;
            }
        }
        let targets = Array1::from_vec(f.y.clone());
        let dataset = Dataset::new(dense, targets);
        let oracle = MultiLogisticRegression::default()
            .alpha(1.0 / f.c)
            .gradient_tolerance(1e-10)
            .max_iterations(10_000)
            .fit(&dataset)
            .unwrap();
        let params = LogisticParams {
            c: f.c,
            tol: 1e-10,
            max_iter: 10_000,
            ..LogisticParams::default()
        };
        let (model, _) = params.fit(&x, &f.y, f.n_classes).unwrap();
        let coef = oracle.params();
        let intercept = oracle.intercept();
        // linfa leaves the intercepts free up to a common shift; compare centred intercepts.
        let mean = intercept.mean().unwrap_or(0.0);
        let mut worst: f64 = 0.0;
        for c in 0..f.n_classes {
            for j in 0..f.n_features {
                worst = worst.max((coef[[j, c]] - model.coef(c, j)).abs());
            }
            worst = worst.max((intercept[c] - mean - model.intercepts()[c]).abs());
        }
        eprintln!("max coefficient difference from linfa-logistic {worst:e}");
        assert!(worst < 1e-4, "max difference from linfa-logistic {worst:e}");
    }
}
