//! Evaluation against labels: pairwise and B-cubed precision, recall and F1 of a clustering.
//!
//! The same definitions as `shared/tools/score.py`: pairwise counts record pairs placed in one
//! cluster (predicted) versus one entity (truth); B-cubed averages, per record, the share of its
//! cluster that is its entity (precision) and of its entity that is in its cluster (recall).

use std::collections::HashMap;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

use crate::resolve::CandidatePairs;
use crate::{Error, Mode};

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

/// Scores predicted cluster labels against true entity labels (one of each per record, same
/// order); labels of different lengths are an [`Error::Config`], not a panic.
///
/// ```
/// use selfsame::eval::evaluate;
/// // Truth: {0,1,2} {3}; prediction: {0,1} {2,3}.
/// let e = evaluate(&["a", "a", "a", "b"], &[0, 0, 1, 1]).unwrap();
/// assert_eq!(e.pairwise.precision, 0.5); // 1 of 2 predicted pairs is true
/// assert!((e.pairwise.recall - 1.0 / 3.0).abs() < 1e-12); // 1 of 3 true pairs found
/// assert!(evaluate(&["a"], &[0, 1]).is_err());
/// ```
pub fn evaluate<T: Hash + Eq, P: Hash + Eq>(
    truth: &[T],
    predicted: &[P],
) -> Result<Evaluation, Error> {
    if truth.len() != predicted.len() {
        return Err(Error::Config(format!(
            "{} truth labels for {} predicted labels",
            truth.len(),
            predicted.len()
        )));
    }
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
    Ok(Evaluation { pairwise, bcubed })
}

/// One bin of a match-weight histogram: candidate pairs with `from <= weight < to`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightBin {
    /// Lower bound (bits), inclusive.
    pub from: f64,
    /// Upper bound (bits), exclusive.
    pub to: f64,
    /// Candidate pairs in the bin.
    pub pairs: u64,
}

/// Histogram of the candidate pairs' match weights in bins `bin_bits` wide, aligned on
/// multiples of it, from the lowest non-empty bin to the highest (empty bins between them
/// included). Empty when there are no pairs or `bin_bits` is not positive.
///
/// ```
/// use selfsame::{eval::weight_histogram, Profile, Resolver};
/// let profiles = vec![
///     Profile::new("a", "1").with_full_name("Ann Lee").with_email("ann@example.com"),
///     Profile::new("b", "2").with_full_name("Ann Lee").with_email("ann@example.com"),
/// ];
/// let scored = Resolver::default().score_pairs(&profiles).unwrap();
/// let bins = weight_histogram(&scored, 2.0);
/// assert_eq!(bins.iter().map(|b| b.pairs).sum::<u64>(), 1);
/// ```
pub fn weight_histogram(scored: &CandidatePairs, bin_bits: f64) -> Vec<WeightBin> {
    if bin_bits.is_nan() || bin_bits <= 0.0 || scored.pairs.is_empty() {
        return Vec::new();
    }
    // Weights are clamped to a sane range so one extreme pair cannot ask for a million bins.
    let bin_of = |w: f64| (w.clamp(-200.0, 200.0) / bin_bits).floor() as i64;
    let lo = scored
        .pairs
        .iter()
        .map(|p| bin_of(p.weight))
        .min()
        .unwrap_or(0);
    let hi = scored
        .pairs
        .iter()
        .map(|p| bin_of(p.weight))
        .max()
        .unwrap_or(0);
    let mut counts = vec![0u64; (hi - lo + 1) as usize];
    for p in &scored.pairs {
        counts[(bin_of(p.weight) - lo) as usize] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(k, pairs)| {
            let b = lo + k as i64;
            WeightBin {
                from: b as f64 * bin_bits,
                to: (b + 1) as f64 * bin_bits,
                pairs,
            }
        })
        .collect()
}

/// Pairwise metrics of the candidate pairs at or above one threshold.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThresholdRow {
    /// Match probability threshold.
    pub threshold: f64,
    /// Candidate pairs at or above it.
    pub pairs: u64,
    /// Of those, pairs of one entity.
    pub true_pairs: u64,
    /// Precision over those pairs; recall against every true pair (candidates or not).
    pub metrics: Metrics,
}

/// Precision, recall and F1 of the candidate pairs whose match probability is at or above each
/// threshold (before the cluster guard and transitive closure: the pair view Splink's threshold
/// charts take). `truth` holds one entity label per input record, in input order. Recall counts
/// every true pair the mode allows, so pairs blocking never proposed lower it.
///
/// ```
/// use selfsame::{eval::threshold_table, Profile, Resolver};
/// let profiles = vec![
///     Profile::new("a", "1").with_full_name("Ann Lee").with_email("ann@example.com"),
///     Profile::new("b", "2").with_full_name("Ann Lee").with_email("ann@example.com"),
///     Profile::new("c", "3").with_full_name("Bo Chan").with_phone("4155550134"),
/// ];
/// let scored = Resolver::default().score_pairs(&profiles).unwrap();
/// let rows = threshold_table(&scored, &["ann", "ann", "bo"], &[0.5, 0.9]).unwrap();
/// assert_eq!(rows[1].metrics.recall, 1.0);
/// assert!(threshold_table(&scored, &["ann"], &[0.5]).is_err());
/// ```
pub fn threshold_table<T: Hash + Eq>(
    scored: &CandidatePairs,
    truth: &[T],
    thresholds: &[f64],
) -> Result<Vec<ThresholdRow>, Error> {
    check_truth(scored, truth)?;
    let all_true = true_pairs(scored, truth);
    let mut probs: Vec<(f64, bool)> = scored
        .pairs
        .iter()
        .map(|p| (p.probability, truth[p.a as usize] == truth[p.b as usize]))
        .collect();
    probs.sort_by(|x, y| y.0.total_cmp(&x.0));
    Ok(thresholds
        .iter()
        .map(|&t| {
            let above = probs.partition_point(|p| p.0 >= t);
            let tp = probs[..above].iter().filter(|p| p.1).count() as u64;
            let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
            ThresholdRow {
                threshold: t,
                pairs: above as u64,
                true_pairs: tp,
                metrics: Metrics::new(ratio(tp as f64, above as f64), ratio(tp as f64, all_true)),
            }
        })
        .collect())
}

/// What one blocking rule finds of the true pairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleRecall {
    /// The rule (or `exact_duplicate`).
    pub rule: String,
    /// Candidate pairs this rule produced first (earlier rules own the pairs they share).
    pub pairs: u64,
    /// Of those, pairs of one entity.
    pub true_pairs: u64,
    /// Share of all true pairs this rule adds.
    pub recall: f64,
    /// Share of all true pairs found by this rule and the ones before it.
    pub cumulative_recall: f64,
}

/// Blocking recall per rule, in rule order: the share of true pairs (one entity, allowed by the
/// mode) that each rule adds to the candidates, and cumulatively. The last row's
/// `cumulative_recall` is the recall ceiling of the whole run: a true pair that is no candidate
/// can only be joined through others.
///
/// ```
/// use selfsame::{eval::blocking_recall, Profile, Resolver};
/// let profiles = vec![
///     Profile::new("a", "1").with_full_name("Ann Lee").with_email("ann@example.com"),
///     Profile::new("b", "2").with_full_name("Ann Lee").with_email("ann@example.com").with_phone("2125550199"),
///     Profile::new("c", "3").with_full_name("Ann Lee").with_phone("4155550134"),
/// ];
/// let scored = Resolver::default().score_pairs(&profiles).unwrap();
/// let rows = blocking_recall(&scored, &[1, 1, 1]).unwrap();
/// assert_eq!(rows[0].rule, "email");
/// assert!((rows[0].recall - 1.0 / 3.0).abs() < 1e-12);
/// assert_eq!(rows.last().unwrap().cumulative_recall, 1.0); // names pair the rest
/// ```
pub fn blocking_recall<T: Hash + Eq>(
    scored: &CandidatePairs,
    truth: &[T],
) -> Result<Vec<RuleRecall>, Error> {
    check_truth(scored, truth)?;
    let all_true = true_pairs(scored, truth);
    let mut per_rule = vec![(0u64, 0u64); scored.rules.len()];
    for p in &scored.pairs {
        if let Some(r) = per_rule.get_mut(p.rule as usize) {
            r.0 += 1;
            r.1 += u64::from(truth[p.a as usize] == truth[p.b as usize]);
        }
    }
    let ratio = |a: f64| if all_true > 0.0 { a / all_true } else { 1.0 };
    let mut found = 0u64;
    Ok(scored
        .rules
        .iter()
        .zip(per_rule)
        .map(|(rule, (pairs, tp))| {
            found += tp;
            RuleRecall {
                rule: rule.clone(),
                pairs,
                true_pairs: tp,
                recall: ratio(tp as f64),
                cumulative_recall: ratio(found as f64),
            }
        })
        .collect())
}

fn check_truth<T>(scored: &CandidatePairs, truth: &[T]) -> Result<(), Error> {
    if truth.len() != scored.sources.len() {
        return Err(Error::Config(format!(
            "{} truth labels for {} records",
            truth.len(),
            scored.sources.len()
        )));
    }
    Ok(())
}

/// Record pairs of one entity that the mode allows (in [`Mode::Link`], across sources only).
fn true_pairs<T: Hash + Eq>(scored: &CandidatePairs, truth: &[T]) -> f64 {
    let pairs = |n: f64| n * (n - 1.0) / 2.0;
    let mut entity: HashMap<&T, f64> = HashMap::new();
    for t in truth {
        *entity.entry(t).or_default() += 1.0;
    }
    let all: f64 = entity.values().map(|&n| pairs(n)).sum();
    if scored.mode != Mode::Link {
        return all;
    }
    let mut within: HashMap<(&T, u32), f64> = HashMap::new();
    for (t, &s) in truth.iter().zip(&scored.sources) {
        *within.entry((t, s)).or_default() += 1.0;
    }
    all - within.values().map(|&n| pairs(n)).sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_singletons() {
        let e = evaluate(&[1, 1, 2], &["x", "x", "y"]).unwrap();
        assert_eq!(e.pairwise.f1, 1.0);
        assert_eq!(e.bcubed.f1, 1.0);
        let s = evaluate(&[1, 1, 2], &[1, 2, 3]).unwrap();
        assert_eq!(s.pairwise.recall, 0.0);
        assert_eq!(s.bcubed.precision, 1.0);
    }
}
