//! Scoring: a Fellegi–Sunter model trained without labels, with term-frequency adjustment.
//!
//! Each comparison level has an *m* probability (how often true matches show it) and a *u*
//! probability (how often non-matches do). A pair's match weight is the prior log-odds plus
//! `Σ log2(m/u)` over its present fields (a missing field adds nothing); its match probability
//! is `2^w / (1 + 2^w)`.
//!
//! Training, as Splink does it: *u* from a large deterministic random sample of record pairs
//! (almost all non-matches); *m* and the share of matches among candidates by
//! expectation–maximisation over the blocked candidate pairs, aggregated by comparison pattern
//! (so one EM iteration costs the number of distinct patterns, not pairs). EM stops when no
//! parameter moves by more than [`TrainingConfig::tolerance`] or after
//! [`TrainingConfig::max_iterations`] (default 100); [`Model::em_iterations`] and
//! [`Model::em_converged`] report which.
//!
//! Term frequencies: where a pair agrees exactly on a name, email, phone, address or on the
//! postcode alone, the level's *u* is replaced by the frequency of the shared value, so a shared
//! rare surname weighs more than a shared "Smith", and a placeholder phone shared by hundreds of
//! records weighs little.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::compare::{compare, CompareField, Comparison, MISSING, NUM_FIELDS};
use crate::hash::U64Map;
use crate::profile::NormalizedProfile;
use crate::Mode;

/// Smallest probability a parameter may take (keeps weights finite).
const FLOOR: f64 = 1e-7;

/// Weight, in record pairs, of the starting *u* when estimating *u* from a sample.
const U_PSEUDO_PAIRS: f64 = 2000.0;

/// Weight, in candidate pairs, of the starting *m* (and of the sampled *u*) in each EM M-step: a
/// Dirichlet prior that keeps small inputs sensible and vanishes on large ones.
const M_PSEUDO_PAIRS: f64 = 20.0;

/// Prior share of matches among candidate pairs, weighted like the m prior.
const LAMBDA0: f64 = 0.1;

/// How a model is trained.
///
/// ```
/// let cfg = selfsame::score::TrainingConfig::default().with_seed(7);
/// assert_eq!(cfg.u_sample_pairs, 2_000_000);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingConfig {
    /// Random record pairs sampled to estimate *u*. Default 2,000,000 (all pairs when fewer exist).
    pub u_sample_pairs: usize,
    /// EM iteration cap. Default 100.
    pub max_iterations: usize,
    /// EM stops when no parameter changes by more than this. Default 1e-6.
    pub tolerance: f64,
    /// Seed of the pair sampler (training is deterministic for a given seed).
    pub seed: u64,
}

impl Default for TrainingConfig {
    fn default() -> Self {
        TrainingConfig {
            u_sample_pairs: 2_000_000,
            max_iterations: 100,
            tolerance: 1e-6,
            seed: 0x5e1f_5a3e,
        }
    }
}

impl TrainingConfig {
    /// Sets the sampler seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// m and u probabilities of one compared field, one entry per level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldParams {
    /// The field.
    pub field: CompareField,
    /// P(level | match).
    pub m: Vec<f64>,
    /// P(level | non-match).
    pub u: Vec<f64>,
}

impl FieldParams {
    /// The weight `log2(m/u)` of a level.
    ///
    /// ```
    /// use selfsame::{compare::CompareField, score::FieldParams};
    /// let f = FieldParams { field: CompareField::Identifier, m: vec![0.9, 0.05, 0.05], u: vec![0.001, 0.01, 0.989] };
    /// assert!(f.weight(0) > 9.0 && f.weight(2) < 0.0);
    /// ```
    pub fn weight(&self, level: u8) -> f64 {
        let l = level as usize;
        if level == MISSING || l >= self.m.len() {
            return 0.0;
        }
        (self.m[l].max(FLOOR) / self.u[l].max(FLOOR)).log2()
    }
}

/// A trained (or user-given) Fellegi–Sunter model. Serializable, so a model trained once can be
/// reused with [`crate::Resolver::with_model`].
///
/// ```
/// use selfsame::score::Model;
/// let m = Model::default_untrained();
/// let json = serde_json::to_string(&m).unwrap();
/// let back: Model = serde_json::from_str(&json).unwrap();
/// assert_eq!(m, back);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Prior probability that a random record pair is a match.
    pub prior: f64,
    /// Parameters per field, in [`CompareField::ALL`] order.
    pub fields: Vec<FieldParams>,
    /// EM iterations run.
    pub em_iterations: usize,
    /// Whether EM met its tolerance before the cap.
    pub em_converged: bool,
}

impl Model {
    /// A model with hand-set, reasonable parameters: the starting point of EM, and usable as is
    /// where there is too little data to train.
    pub fn default_untrained() -> Model {
        let fields = CompareField::ALL
            .iter()
            .map(|&field| {
                let n = field.num_levels();
                FieldParams {
                    field,
                    m: initial_m(n),
                    u: initial_u(n),
                }
            })
            .collect();
        Model {
            prior: 1e-4,
            fields,
            em_iterations: 0,
            em_converged: false,
        }
    }

    /// Log2 prior odds.
    pub fn prior_weight(&self) -> f64 {
        let p = self.prior.clamp(FLOOR, 1.0 - FLOOR);
        (p / (1.0 - p)).log2()
    }

    /// Match weight of a comparison, given term-frequency adjustments (see [`TermFrequencies`]).
    ///
    /// ```
    /// use selfsame::{compare::compare, normalize::normalize_profile, score::{Model, TermFrequencies}, Profile};
    /// let cfg = Default::default();
    /// let a = normalize_profile(&Profile::new("a", "1").with_full_name("Ann Lee").with_email("ann@ex.com"), &cfg);
    /// let b = normalize_profile(&Profile::new("b", "2").with_full_name("Lee, Ann").with_email("ANN@ex.com"), &cfg);
    /// let m = Model::default_untrained();
    /// let w = m.weight(&compare(&a, &b), &TermFrequencies::default());
    /// assert!(Model::probability(w) > 0.9);
    /// ```
    pub fn weight(&self, c: &Comparison, tf: &TermFrequencies) -> f64 {
        self.weight_of_levels(&c.levels) + tf.adjustment(self, c)
    }

    /// Match weight of a level vector, without term-frequency adjustment.
    pub fn weight_of_levels(&self, levels: &[u8; NUM_FIELDS]) -> f64 {
        self.prior_weight()
            + self
                .fields
                .iter()
                .zip(levels)
                .map(|(f, &l)| f.weight(l))
                .sum::<f64>()
    }

    /// Converts a match weight to a probability.
    ///
    /// ```
    /// assert_eq!(selfsame::score::Model::probability(0.0), 0.5);
    /// ```
    pub fn probability(weight: f64) -> f64 {
        let w = weight.clamp(-1000.0, 1000.0);
        1.0 / (1.0 + (-w).exp2())
    }

    /// Checks that the model has the right fields and levels for this version of the crate.
    pub fn validate(&self) -> Result<(), crate::Error> {
        if self.fields.len() != NUM_FIELDS {
            return Err(crate::Error::Model(format!(
                "{} fields, expected {NUM_FIELDS}",
                self.fields.len()
            )));
        }
        for (f, want) in self.fields.iter().zip(CompareField::ALL) {
            if f.field != want || f.m.len() != want.num_levels() || f.u.len() != want.num_levels() {
                return Err(crate::Error::Model(format!(
                    "field {} has the wrong levels",
                    want.as_str()
                )));
            }
            if f.m.iter().chain(&f.u).any(|p| !(0.0..=1.0).contains(p)) {
                return Err(crate::Error::Model(format!(
                    "field {} has a probability outside [0, 1]",
                    want.as_str()
                )));
            }
        }
        if !(0.0..=1.0).contains(&self.prior) {
            return Err(crate::Error::Model("prior outside [0, 1]".into()));
        }
        Ok(())
    }

    /// Estimates *u* from a deterministic random sample of record pairs.
    pub fn estimate_u(
        &mut self,
        records: &[NormalizedProfile],
        sources: &[u32],
        mode: Mode,
        cfg: &TrainingConfig,
    ) {
        let n = records.len();
        if n < 2 {
            return;
        }
        let total = total_pairs(sources, mode);
        let pairs: Vec<(u32, u32)> = if (total as usize) <= cfg.u_sample_pairs {
            all_pairs(n, sources, mode)
        } else {
            sample_pairs(n, sources, mode, cfg.u_sample_pairs, cfg.seed)
        };
        let counts = level_counts(
            pairs
                .par_iter()
                .map(|&(i, j)| compare(&records[i as usize], &records[j as usize]).levels),
        );
        for (f, c) in self.fields.iter_mut().zip(counts) {
            let present: f64 = c.iter().sum();
            // Pseudo-counts from the starting u: a level never seen among sampled non-matches is
            // rare, not impossible, and a tiny input cannot let its few true matches pass for
            // the non-match distribution. Negligible against a large sample.
            f.u = c
                .iter()
                .zip(&f.u)
                .map(|(&x, &u0)| (x + U_PSEUDO_PAIRS * u0) / (present + U_PSEUDO_PAIRS))
                .collect();
        }
    }

    /// Estimates *m* and the prior by EM over candidate-pair level vectors, with *u* fixed.
    /// `total_pairs` is the number of record pairs the mode allows (to turn the share of matches
    /// among candidates into a prior over all pairs).
    pub fn estimate_m(
        &mut self,
        levels: &[[u8; NUM_FIELDS]],
        total_pairs: f64,
        cfg: &TrainingConfig,
    ) {
        if levels.is_empty() {
            return;
        }
        // Aggregate identical patterns: EM cost is then per distinct pattern.
        let mut patterns: std::collections::HashMap<[u8; NUM_FIELDS], f64> = Default::default();
        for l in levels {
            *patterns.entry(*l).or_default() += 1.0;
        }
        let mut patterns: Vec<([u8; NUM_FIELDS], f64)> = patterns.into_iter().collect();
        patterns.sort_unstable_by_key(|p| p.0);
        let n: f64 = patterns.iter().map(|p| p.1).sum();

        // Within candidates, non-matches are not a random sample, so EM also fits a separate
        // candidate-population u (discarded afterwards), as Splink does.
        let m0: Vec<Vec<f64>> = self.fields.iter().map(|f| f.m.clone()).collect();
        let mut m = m0.clone();
        let u0: Vec<Vec<f64>> = self.fields.iter().map(|f| f.u.clone()).collect();
        let mut u_c = u0.clone();
        let mut lambda = 0.5;
        let mut converged = false;
        let mut iterations = 0;
        for _ in 0..cfg.max_iterations {
            iterations += 1;
            let mut m_acc: Vec<Vec<f64>> = m0
                .iter()
                .map(|v| v.iter().map(|p| p * M_PSEUDO_PAIRS).collect())
                .collect();
            let mut u_acc: Vec<Vec<f64>> = u0
                .iter()
                .map(|v| v.iter().map(|p| p * M_PSEUDO_PAIRS).collect())
                .collect();
            let mut match_mass = 0.0;
            for (pat, count) in &patterns {
                let (mut pm, mut pu) = (lambda, 1.0 - lambda);
                for (f, &l) in pat.iter().enumerate() {
                    if l != MISSING {
                        pm *= m[f][l as usize].max(FLOOR);
                        pu *= u_c[f][l as usize].max(FLOOR);
                    }
                }
                let r = pm / (pm + pu);
                match_mass += r * count;
                for (f, &l) in pat.iter().enumerate() {
                    if l != MISSING {
                        m_acc[f][l as usize] += r * count;
                        u_acc[f][l as usize] += (1.0 - r) * count;
                    }
                }
            }
            let mut delta: f64 = 0.0;
            let new_lambda = ((match_mass + M_PSEUDO_PAIRS * LAMBDA0) / (n + M_PSEUDO_PAIRS))
                .clamp(FLOOR, 1.0 - FLOOR);
            delta = delta.max((new_lambda - lambda).abs());
            lambda = new_lambda;
            for f in 0..m.len() {
                normalize_into(&m_acc[f], &mut m[f], &mut delta);
                normalize_into(&u_acc[f], &mut u_c[f], &mut delta);
            }
            if delta < cfg.tolerance {
                converged = true;
                break;
            }
        }
        for (f, mf) in self.fields.iter_mut().zip(m) {
            f.m = mf;
        }
        self.prior = (lambda * n / total_pairs.max(n)).clamp(FLOOR, 1.0 - FLOOR);
        self.em_iterations = iterations;
        self.em_converged = converged;
    }
}

fn normalize_into(acc: &[f64], out: &mut [f64], delta: &mut f64) {
    let total: f64 = acc.iter().sum();
    if total <= 0.0 {
        return;
    }
    for (o, a) in out.iter_mut().zip(acc) {
        let v = (a / total).max(FLOOR);
        *delta = delta.max((v - *o).abs());
        *o = v;
    }
}

/// Starting m: most mass on the strongest level, decreasing geometrically, little on "else".
fn initial_m(n: usize) -> Vec<f64> {
    let mut v: Vec<f64> = (0..n).map(|l| 0.5f64.powi(l as i32 + 1)).collect();
    v[n - 1] = 0.02;
    let s: f64 = v.iter().sum();
    v.iter().map(|x| x / s).collect()
}

/// Starting u: agreement rare, "else" almost certain.
fn initial_u(n: usize) -> Vec<f64> {
    let mut v: Vec<f64> = (0..n).map(|l| 0.002 * (l + 1) as f64).collect();
    v[n - 1] = 1.0 - v[..n - 1].iter().sum::<f64>();
    v
}

fn level_counts(it: impl ParallelIterator<Item = [u8; NUM_FIELDS]>) -> Vec<Vec<f64>> {
    let zero = || {
        CompareField::ALL
            .iter()
            .map(|f| vec![0.0; f.num_levels()])
            .collect::<Vec<_>>()
    };
    it.fold(zero, |mut acc, levels| {
        for (f, &l) in levels.iter().enumerate() {
            if l != MISSING {
                acc[f][l as usize] += 1.0;
            }
        }
        acc
    })
    .reduce(zero, |mut a, b| {
        for (x, y) in a.iter_mut().zip(b) {
            for (p, q) in x.iter_mut().zip(y) {
                *p += q;
            }
        }
        a
    })
}

/// Number of record pairs the mode allows.
pub(crate) fn total_pairs(sources: &[u32], mode: Mode) -> f64 {
    let n = sources.len() as f64;
    let all = n * (n - 1.0) / 2.0;
    if mode != Mode::Link {
        return all;
    }
    let mut per: U64Map<f64> = U64Map::default();
    for &s in sources {
        *per.entry(u64::from(s)).or_default() += 1.0;
    }
    all - per.values().map(|c| c * (c - 1.0) / 2.0).sum::<f64>()
}

fn all_pairs(n: usize, sources: &[u32], mode: Mode) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            if mode != Mode::Link || sources[i] != sources[j] {
                out.push((i as u32, j as u32));
            }
        }
    }
    out
}

fn sample_pairs(n: usize, sources: &[u32], mode: Mode, k: usize, seed: u64) -> Vec<(u32, u32)> {
    let mut state = seed;
    let mut out = Vec::with_capacity(k);
    // Bounded attempts so a link run with one dominant source cannot loop for long.
    let mut attempts = 0usize;
    while out.len() < k && attempts < k.saturating_mul(20) {
        attempts += 1;
        let i = (splitmix(&mut state) % n as u64) as usize;
        let j = (splitmix(&mut state) % n as u64) as usize;
        if i == j || (mode == Mode::Link && sources[i] == sources[j]) {
            continue;
        }
        out.push((i.min(j) as u32, i.max(j) as u32));
    }
    out
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    crate::hash::mix(*state)
}

/// How often each value occurs, per term-frequency field, over the records being resolved.
///
/// ```
/// use selfsame::{normalize::normalize_profile, score::TermFrequencies, Profile};
/// let names = ["Smith", "Okonkwo", "Lee", "Diaz"].repeat(500);
/// let recs: Vec<_> = names.iter().enumerate()
///     .map(|(i, f)| normalize_profile(&Profile::new("s", i.to_string()).with_family_name(*f), &Default::default()))
///     .collect();
/// let tf = TermFrequencies::build(&recs);
/// let smith = recs[0].family.as_ref().unwrap().hash;
/// let okonkwo = recs[1].family.as_ref().unwrap().hash;
/// let f = |h| tf.frequency(selfsame::compare::CompareField::FamilyName, h);
/// assert_eq!(f(smith), 0.25);
/// assert!(f(okonkwo) > 0.0);
/// ```
#[derive(Clone, Debug, Default)]
pub struct TermFrequencies {
    counts: Vec<U64Map<u32>>,
    totals: Vec<f64>,
}

impl TermFrequencies {
    /// Counts values over the records.
    pub fn build(records: &[NormalizedProfile]) -> TermFrequencies {
        let mut counts: Vec<U64Map<u32>> = vec![U64Map::default(); NUM_FIELDS];
        let mut totals = vec![0.0; NUM_FIELDS];
        let mut bump = |f: CompareField, keys: &mut dyn Iterator<Item = u64>| {
            let mut any = false;
            for k in keys {
                *counts[f as usize].entry(k).or_default() += 1;
                any = true;
            }
            if any {
                totals[f as usize] += 1.0;
            }
        };
        for r in records {
            bump(CompareField::GivenName, &mut r.given.iter().map(|g| g.hash));
            bump(
                CompareField::FamilyName,
                &mut r.family.iter().map(|g| g.hash),
            );
            bump(CompareField::Email, &mut r.emails.iter().map(|e| e.hash));
            bump(CompareField::Phone, &mut r.phones.iter().map(|p| p.e164));
            bump(
                CompareField::Address,
                &mut r
                    .addresses
                    .iter()
                    .flat_map(|a| [a.hash, a.postcode])
                    .filter(|&h| h != 0),
            );
        }
        TermFrequencies { counts, totals }
    }

    /// Relative frequency of a value hash in a field (0 when unknown, or when fewer than
    /// [`TermFrequencies::MIN_RECORDS`] records have the field: frequencies from a handful of
    /// records say more about duplicates than about how common a value is).
    pub fn frequency(&self, f: CompareField, key: u64) -> f64 {
        let i = f as usize;
        match (self.counts.get(i), self.totals.get(i)) {
            (Some(c), Some(&t)) if t >= Self::MIN_RECORDS => {
                f64::from(c.get(&key).copied().unwrap_or(0)) / t
            }
            _ => 0.0,
        }
    }

    /// Records that must have a field before its term frequencies are used.
    pub const MIN_RECORDS: f64 = 1000.0;

    /// The term-frequency adjustment of one field of a comparison: `log2(u / tf)` where the
    /// field agreed on a value with a known frequency, else 0.
    pub fn field_adjustment(&self, model: &Model, c: &Comparison, f: CompareField) -> f64 {
        let i = f as usize;
        let (level, key) = (c.levels[i], c.tf_keys[i]);
        if key == 0 || level == MISSING || !f.term_frequency() {
            return 0.0;
        }
        let tf = self.frequency(f, key);
        if tf <= 0.0 {
            return 0.0;
        }
        let u = model.fields[i].u[level as usize].max(FLOOR);
        (u / tf.max(FLOOR)).log2()
    }

    /// Sum of [`Self::field_adjustment`] over all fields.
    pub fn adjustment(&self, model: &Model, c: &Comparison) -> f64 {
        CompareField::ALL
            .iter()
            .map(|&f| self.field_adjustment(model, c, f))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_parameters_are_distributions() {
        let m = Model::default_untrained();
        m.validate().unwrap();
        for f in &m.fields {
            assert!((f.m.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            assert!((f.u.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            assert!(f.weight(0) > 0.0);
            assert!(f.weight(f.m.len() as u8 - 1) < 0.0);
        }
    }

    #[test]
    fn em_separates_two_planted_classes() {
        // 1,000 "matches" agreeing on most fields, 9,000 "non-matches" disagreeing on most.
        let mut levels = Vec::new();
        let mut state = 42u64;
        for i in 0..10_000 {
            let is_match = i < 1000;
            let mut l = [0u8; NUM_FIELDS];
            for (f, slot) in l.iter_mut().enumerate() {
                let n = CompareField::ALL[f].num_levels() as u8;
                let r = splitmix(&mut state) % 100;
                *slot = if is_match == (r < 85) { 0 } else { n - 1 };
            }
            levels.push(l);
        }
        let mut m = Model::default_untrained();
        m.estimate_m(&levels, 10_000.0, &TrainingConfig::default());
        assert!(m.em_converged);
        assert!((m.prior - 0.1).abs() < 0.02, "prior {}", m.prior);
        for f in &m.fields {
            assert!((f.m[0] - 0.85).abs() < 0.05, "{:?}", f.m);
        }
    }

    #[test]
    fn total_pairs_link() {
        assert_eq!(total_pairs(&[0, 0, 1, 1, 1], Mode::Link), 6.0);
        assert_eq!(total_pairs(&[0, 0, 1, 1, 1], Mode::Dedupe), 10.0);
    }

    #[test]
    fn sample_is_deterministic_and_valid() {
        let s = [0, 1, 0, 1, 2, 2, 0];
        let a = sample_pairs(7, &s, Mode::Link, 100, 9);
        assert_eq!(a, sample_pairs(7, &s, Mode::Link, 100, 9));
        assert!(a
            .iter()
            .all(|&(i, j)| i < j && s[i as usize] != s[j as usize]));
    }
}
