//! Classification metrics: confusion matrix, accuracy, per-class precision/recall/F1, macro-F1 and
//! SemEval's F_avg (mean F1 of the two pole classes). Pure arithmetic over class numbers.

use serde::Serialize;

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScores {
    /// The class name.
    pub label: String,
    /// Of the rows predicted as this class, the fraction that are.
    pub precision: f64,
    /// Of the rows of this class, the fraction predicted as it.
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// Rows of this class.
    pub support: usize,
}

/// Scores of a set of predictions against the truth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// Rows scored.
    pub rows: usize,
    /// Fraction of rows predicted right, 0–1.
    pub accuracy: f64,
    /// Unweighted mean of the classes' F1, 0–1.
    pub macro_f1: f64,
    /// Mean F1 of the positive and negative pole classes (SemEval-2016's F_avg), when both exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f_avg: Option<f64>,
    /// Scores per class, in class order.
    pub per_class: Vec<ClassScores>,
    /// The class names, naming the confusion matrix's rows and columns.
    pub labels: Vec<String>,
    /// `confusion[t][p]`: rows of true class t predicted as class p.
    pub confusion: Vec<Vec<usize>>,
}

impl Metrics {
    /// Scores `predicted` against `truth` (class numbers into `labels`); `poles` are the classes
    /// averaged into F_avg.
    pub fn compute(
        labels: &[String],
        truth: &[usize],
        predicted: &[usize],
        poles: Option<(usize, usize)>,
    ) -> Metrics {
        let k = labels.len();
        let mut confusion = vec![vec![0usize; k]; k];
        for (&t, &p) in truth.iter().zip(predicted) {
            confusion[t][p] += 1;
        }
        let rows = truth.len();
        let correct: usize = (0..k).map(|c| confusion[c][c]).sum();
        let per_class: Vec<ClassScores> = (0..k)
            .map(|c| class_scores(&labels[c], &confusion, c))
            .collect();
        let macro_f1 = if k == 0 {
            0.0
        } else {
            per_class.iter().map(|s| s.f1).sum::<f64>() / k as f64
        };
        let f_avg = poles.map(|(a, b)| (per_class[a].f1 + per_class[b].f1) / 2.0);
        Metrics {
            rows,
            accuracy: if rows == 0 {
                0.0
            } else {
                correct as f64 / rows as f64
            },
            macro_f1,
            f_avg,
            per_class,
            labels: labels.to_vec(),
            confusion,
        }
    }
}

fn class_scores(label: &str, confusion: &[Vec<usize>], c: usize) -> ClassScores {
    let tp = confusion[c][c] as f64;
    let predicted: usize = confusion.iter().map(|row| row[c]).sum();
    let support: usize = confusion[c].iter().sum();
    let precision = if predicted == 0 {
        0.0
    } else {
        tp / predicted as f64
    };
    let recall = if support == 0 {
        0.0
    } else {
        tp / support as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    ClassScores {
        label: label.to_string(),
        precision,
        recall,
        f1,
        support,
    }
}

/// Mean and sample standard deviation of `values`.
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mean = values.iter().sum::<f64>() / n;
    let var = if values.len() < 2 {
        0.0
    } else {
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
    };
    (mean, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_hand_computed_scores() {
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let truth = [0, 0, 0, 1, 1, 2];
        let pred = [0, 0, 1, 1, 2, 2];
        let m = Metrics::compute(&labels, &truth, &pred, Some((0, 1)));
        assert_eq!(
            m.confusion,
            vec![vec![2, 1, 0], vec![0, 1, 1], vec![0, 0, 1]]
        );
        assert!((m.accuracy - 4.0 / 6.0).abs() < 1e-12);
        // a: p=1, r=2/3, f1=0.8; b: p=1/2, r=1/2, f1=0.5; c: p=1/2, r=1, f1=2/3
        assert!((m.per_class[0].f1 - 0.8).abs() < 1e-12);
        assert!((m.per_class[1].f1 - 0.5).abs() < 1e-12);
        assert!((m.per_class[2].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.macro_f1 - (0.8 + 0.5 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert!((m.f_avg.unwrap() - 0.65).abs() < 1e-12);
    }

    #[test]
    fn class_never_predicted_has_zero_precision_not_nan() {
        let labels: Vec<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        let m = Metrics::compute(&labels, &[0, 1], &[0, 0], None);
        assert_eq!(m.per_class[1].precision, 0.0);
        assert_eq!(m.per_class[1].f1, 0.0);
        assert_eq!(mean_std(&[1.0, 3.0]), (2.0, 2f64.sqrt()));
    }
}
