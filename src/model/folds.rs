//! Assigning rows to cross-validation folds: stratified by class (as scikit-learn's
//! `StratifiedKFold(shuffle=True)` does in spirit), or by group so that all sentences of one
//! article fall in the same fold. Seeded and deterministic.

use crate::error::{Error, Result};
use crate::rng::SplitMix64;

/// The fold (0..k) of each row, with every class spread evenly over the folds.
pub fn stratified(y: &[usize], n_classes: usize, k: usize, seed: u64) -> Result<Vec<usize>> {
    check_k(k, y.len(), "rows")?;
    let mut rng = SplitMix64::new(seed);
    let mut fold = vec![0; y.len()];
    let mut next = 0;
    for class in 0..n_classes {
        let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == class).collect();
        rng.shuffle(&mut members);
        // Continue the round-robin across classes so small classes do not all start in fold 0.
        for i in members {
            fold[i] = next % k;
            next += 1;
        }
    }
    Ok(fold)
}

/// The fold (0..k) of each row such that rows of one group share a fold; groups are placed largest
/// first into the fold with the fewest rows so far.
pub fn grouped(groups: &[usize], n_groups: usize, k: usize, seed: u64) -> Result<Vec<usize>> {
    check_k(k, n_groups, "groups")?;
    let mut sizes = vec![0usize; n_groups];
    for &g in groups {
        sizes[g] += 1;
    }
    let mut order: Vec<usize> = (0..n_groups).collect();
    SplitMix64::new(seed).shuffle(&mut order);
    order.sort_by_key(|&g| std::cmp::Reverse(sizes[g]));
    let mut fold_rows = vec![0usize; k];
    let mut group_fold = vec![0usize; n_groups];
    for g in order {
        let f = (0..k).min_by_key(|&f| (fold_rows[f], f)).unwrap_or(0);
        group_fold[g] = f;
        fold_rows[f] += sizes[g];
    }
    Ok(groups.iter().map(|&g| group_fold[g]).collect())
}

fn check_k(k: usize, n: usize, what: &str) -> Result<()> {
    if k < 2 {
        return Err(Error::usage("--folds", "need at least 2 folds"));
    }
    if k > n {
        return Err(Error::usage(
            "--folds",
            format!("{k} folds but only {n} {what}; use at most {n}"),
        ));
    }
    Ok(())
}

/// Row numbers in fold `f` and not in it.
pub fn split(folds: &[usize], f: usize) -> (Vec<usize>, Vec<usize>) {
    (0..folds.len()).partition(|&i| folds[i] != f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stratified_spreads_each_class_evenly() {
        let y: Vec<usize> = (0..100).map(|i| usize::from(i % 10 == 0)).collect();
        let folds = stratified(&y, 2, 5, 7).unwrap();
        for f in 0..5 {
            let minority = (0..100).filter(|&i| folds[i] == f && y[i] == 1).count();
            assert_eq!(minority, 2);
            assert_eq!(folds.iter().filter(|&&x| x == f).count(), 20);
        }
        assert_eq!(folds, stratified(&y, 2, 5, 7).unwrap());
        assert_ne!(folds, stratified(&y, 2, 5, 8).unwrap());
    }

    #[test]
    fn grouped_keeps_groups_whole() {
        let groups: Vec<usize> = (0..50).map(|i| i / 7).collect();
        let folds = grouped(&groups, 8, 3, 1).unwrap();
        for i in 0..50 {
            for j in 0..50 {
                if groups[i] == groups[j] {
                    assert_eq!(folds[i], folds[j]);
                }
            }
        }
        assert!((0..3).all(|f| folds.contains(&f)));
    }

    #[test]
    fn too_many_folds_is_a_usage_error() {
        assert!(
            grouped(&[0, 1, 1], 2, 3, 0)
                .unwrap_err()
                .to_string()
                .starts_with("--folds")
        );
        assert!(stratified(&[0, 1], 2, 1, 0).is_err());
    }
}
