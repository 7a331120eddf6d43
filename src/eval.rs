//! Evaluation against labels: pairwise and B-cubed precision, recall and F1 of a clustering.
//!
//! The same definitions as `shared/tools/score.py`: pairwise counts record pairs placed in one
//! cluster (predicted) versus one entity (truth); B-cubed averages, per record, the share of its
//! cluster that is its entity (precision) and of its entity that is in its cluster (recall).

use std::collections::HashMap;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Metrics {
    fn new(precision: f64, recall: f64) -> Metrics {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Metrics {
            precision,
            recall,
            f1,
        }
    }
}

/// Pairwise and B-cubed metrics of one clustering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Pairwise metrics.
    pub pairwise: Metrics,
    /// B-cubed metrics.
    pub bcubed: Metrics,
}

/// Scores predicted cluster labels against true entity labels (one of each per record, same order).
///
/// ```
/// use selfsame::eval::evaluate;
/// // Truth: {0,1,2} {3}; prediction: {0,1} {2,3}.
/// let e = evaluate(&["a", "a", "a", "b"], &[0, 0, 1, 1]);
/// assert_eq!(e.pairwise.precision, 0.5); // 1 of 2 predicted pairs is true
/// assert!((e.pairwise.recall - 1.0 / 3.0).abs() < 1e-12); // 1 of 3 true pairs found
/// ```
pub fn evaluate<T: Hash + Eq, P: Hash + Eq>(truth: &[T], predicted: &[P]) -> Evaluation {
    assert_eq!(
        truth.len(),
        predicted.len(),
        "one truth and one prediction per record"
    );
    let mut t_size: HashMap<&T, f64> = HashMap::new();
    let mut p_size: HashMap<&P, f64> = HashMap::new();
    let mut both: HashMap<(&T, &P), f64> = HashMap::new();
    for (t, p) in truth.iter().zip(predicted) {
        *t_size.entry(t).or_default() += 1.0;
        *p_size.entry(p).or_default() += 1.0;
        *both.entry((t, p)).or_default() += 1.0;
    }
    let pairs = |n: f64| n * (n - 1.0) / 2.0;
    let tp: f64 = both.values().map(|&n| pairs(n)).sum();
    let pred: f64 = p_size.values().map(|&n| pairs(n)).sum();
    let true_pairs: f64 = t_size.values().map(|&n| pairs(n)).sum();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    let pairwise = Metrics::new(ratio(tp, pred), ratio(tp, true_pairs));
    let n = truth.len() as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for ((t, p), &k) in &both {
        bp += k * k / p_size[p];
        br += k * k / t_size[t];
    }
    let bcubed = Metrics::new(ratio(bp, n), ratio(br, n));
    Evaluation { pairwise, bcubed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_singletons() {
        let e = evaluate(&[1, 1, 2], &["x", "x", "y"]);
        assert_eq!(e.pairwise.f1, 1.0);
        assert_eq!(e.bcubed.f1, 1.0);
        let s = evaluate(&[1, 1, 2], &[1, 2, 3]);
        assert_eq!(s.pairwise.recall, 0.0);
        assert_eq!(s.bcubed.precision, 1.0);
    }
}
