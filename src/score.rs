//! Scoring: a Fellegi–Sunter model trained without labels, with term-frequency adjustment.
//!
//! Each comparison level has an *m* probability (how often true matches show it) and a *u*
//! probability (how often non-matches do). A pair's match weight is the prior log-odds plus
//! `Σ log2(m/u)` over its present fields (a missing field adds nothing); its match probability
//! is `2^w / (1 + 2^w)`.
//!
//! Training, as Splink does it: *u* from a large deterministic random sample of record pairs
//! (almost all non-matches; on inputs above 40,000 records the pairs are drawn within a random
//! pool of 20,000 records copied together, which keeps the comparisons in cache: a random pair
//! of the pool is a random pair of the input); *m* and the share λ of matches among candidates by
//! expectation–maximisation over the blocked candidate pairs.
//!
//! # EM
//!
//! EM runs on the table of distinct comparison patterns (level vectors) with how many candidate
//! pairs show each, so one EM step costs the number of distinct patterns (a few thousand for
//! 100k people), not the number of pairs. It fits a two-class mixture: λ, *m*, and a *u* of the
//! candidate population (non-matches among candidates are not a random sample; this *u* is
//! discarded afterwards), each M-step with Dirichlet pseudo-counts centred on the starting *m*
//! and the sampled *u*. The objective is the log-likelihood of the pattern counts plus the log
//! of those priors; no EM step lowers it.
//!
//! Plain EM converges only linearly, at a rate set by how much the two classes overlap, and on
//! realistic candidate pairs it is slow: on 100k people (the public generator's file, the
//! benches' generator) it takes 300 to 1,400 steps to settle, because one direction of the
//! parameters (such as *m* of "given names differ", creeping towards zero) shrinks by only about
//! 1% per step, or because EM lingers for a couple of hundred steps on a plateau before climbing
//! to the optimum. The former cap of 100 steps stopped it there, with some weights still bits
//! away from the fixed point. EM is therefore accelerated (Anderson acceleration over the last
//! steps, in log space; a proposal that would lower the objective is replaced by a plain EM
//! step, so the objective never decreases) and reaches the fixed point of plain EM in tens to a
//! couple of hundred steps.
//!
//! EM stops, with [`Model::em_converged`] set, when one EM step moves no parameter's natural
//! logarithm (λ, 1 − λ, every *m* and candidate *u*) by more than [`TrainingConfig::tolerance`]
//! (default 1e-6): that step moved no level weight by more than about 1.4e-6 bits. A change on
//! the log scale treats small probabilities like large ones, which an absolute change does not
//! (the same change of 1e-6 moves the weight of a level with probability 0.001 five hundred
//! times as much as one with probability 0.5), and the relative change of the objective is no
//! criterion either: on a plateau it falls below 1e-6 per step with weights still bits away.
//!
//! Otherwise EM stops after [`TrainingConfig::max_iterations`] EM steps (default 1,000; every
//! evaluation of the EM map counts, accelerated or not) with [`Model::em_converged`] false: the
//! parameters are then those of the last EM step (no lower in objective than any earlier
//! iterate), but not a fixed point. [`Model::em_iterations`] counts the steps either way. Training is
//! deterministic: it depends on the multiset of level vectors only, not on their order or on
//! the number of threads.
//!
//! # Term frequencies
//!
//! Where a pair agrees exactly on a name, email, phone, address or on the
//! postcode alone, the level's *u* is replaced by the frequency of the shared value, so a shared
//! rare surname weighs more than a shared "Smith", and a placeholder phone shared by hundreds of
//! records weighs little.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::compare::{
    compare, compare_with, CompareField, Comparison, CustomComparison, Levels, MAX_COMPARISONS,
    MISSING, NUM_FIELDS,
};
use crate::hash::{U128Map, U64Map};
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
/// assert_eq!(cfg.u_sample_pairs, 1_000_000);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingConfig {
    /// Random record pairs sampled to estimate *u*. Default 1,000,000 (all pairs when fewer exist):
    /// a level seen by one random pair in 10,000 is still counted about 100 times.
    pub u_sample_pairs: usize,
    /// Cap on EM steps (evaluations of the EM map, accelerated or not). Default 1,000: a step
    /// costs the number of distinct comparison patterns, and accelerated EM needs tens of steps
    /// on real data. When it is reached, [`Model::em_converged`] is false.
    pub max_iterations: usize,
    /// EM has converged when one step moves no parameter's natural logarithm (λ, 1 − λ, each
    /// *m* and candidate *u*) by more than this. Default 1e-6.
    pub tolerance: f64,
    /// Seed of the pair sampler (training is deterministic for a given seed).
    pub seed: u64,
}

impl Default for TrainingConfig {
    fn default() -> Self {
        TrainingConfig {
            u_sample_pairs: 1_000_000,
            max_iterations: 1000,
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
        level_weight(&self.m, &self.u, level)
    }
}

/// m and u probabilities of one custom comparison, with the comparison itself: the model
/// carries its schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomParams {
    /// The comparison.
    pub comparison: CustomComparison,
    /// P(level | match).
    pub m: Vec<f64>,
    /// P(level | non-match).
    pub u: Vec<f64>,
}

impl CustomParams {
    /// The weight `log2(m/u)` of a level.
    ///
    /// ```
    /// use selfsame::score::Model;
    /// let m = Model::untrained_with(&["attr:occupation=exact".parse().unwrap()]);
    /// assert!(m.custom[0].weight(0) > 0.0 && m.custom[0].weight(1) < 0.0);
    /// ```
    pub fn weight(&self, level: u8) -> f64 {
        level_weight(&self.m, &self.u, level)
    }
}

fn level_weight(m: &[f64], u: &[f64], level: u8) -> f64 {
    let l = level as usize;
    match (m.get(l), u.get(l)) {
        (Some(m), Some(u)) if level != MISSING => (m.max(FLOOR) / u.max(FLOOR)).log2(),
        _ => 0.0,
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
    /// Parameters per built-in field, in [`CompareField::ALL`] order.
    pub fields: Vec<FieldParams>,
    /// Parameters per custom comparison, in configuration order (level vector slots after the
    /// built-in fields). Empty, and left out of the JSON, when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<CustomParams>,
    /// EM steps run (evaluations of the EM map, see the [module docs](self#em)).
    pub em_iterations: usize,
    /// Whether EM met [`TrainingConfig::tolerance`]; false when it stopped at
    /// [`TrainingConfig::max_iterations`] (or was not run).
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
            custom: Vec::new(),
            em_iterations: 0,
            em_converged: false,
        }
    }

    /// [`Model::default_untrained`] with custom comparisons (see
    /// [`crate::compare::CustomComparison`]), each starting from the same hand-set levels.
    ///
    /// ```
    /// use selfsame::score::Model;
    /// let m = Model::untrained_with(&["attr:occupation=fuzzy".parse().unwrap()]);
    /// assert_eq!(m.custom.len(), 1);
    /// assert_eq!(m.custom[0].m.len(), 4);
    /// ```
    pub fn untrained_with(comparisons: &[CustomComparison]) -> Model {
        let mut m = Model::default_untrained();
        m.custom = comparisons
            .iter()
            .map(|c| {
                let n = c.kind.num_levels();
                CustomParams {
                    comparison: c.clone(),
                    m: initial_m(n),
                    u: initial_u(n),
                }
            })
            .collect();
        m
    }

    /// Compares two records on the built-in fields and on this model's custom comparisons.
    pub fn compare(&self, a: &NormalizedProfile, b: &NormalizedProfile) -> Comparison {
        if self.custom.is_empty() {
            compare(a, b)
        } else {
            compare_with(a, b, self.custom.iter().map(|c| &c.comparison))
        }
    }

    /// Number of comparisons (built-in and custom): the used length of a level vector.
    pub fn comparisons(&self) -> usize {
        self.fields.len() + self.custom.len()
    }

    /// The name of comparison `k` (a built-in field's name, or a custom comparison's).
    pub fn comparison_name(&self, k: usize) -> &str {
        match self.fields.get(k) {
            Some(f) => f.field.as_str(),
            None => self
                .custom
                .get(k - self.fields.len())
                .map_or("", |c| c.comparison.name.as_str()),
        }
    }

    /// The name of a level of comparison `k` (`"missing"` for [`MISSING`]).
    pub fn level_name(&self, k: usize, level: u8) -> String {
        if level == MISSING {
            return "missing".into();
        }
        let names: Vec<String> = match self.fields.get(k) {
            Some(f) => f
                .field
                .level_names()
                .iter()
                .map(|s| s.to_string())
                .collect(),
            None => self
                .custom
                .get(k - self.fields.len())
                .map(|c| c.comparison.kind.level_names())
                .unwrap_or_default(),
        };
        names.get(level as usize).cloned().unwrap_or_default()
    }

    /// The weight `log2(m/u)` of `level` of comparison `k` (0 when missing or out of range).
    pub fn level_weight(&self, k: usize, level: u8) -> f64 {
        match self.fields.get(k) {
            Some(f) => f.weight(level),
            None => self
                .custom
                .get(k - self.fields.len())
                .map_or(0.0, |c| c.weight(level)),
        }
    }

    /// m and u of every comparison, built-in then custom.
    fn probabilities(&self) -> impl Iterator<Item = (&Vec<f64>, &Vec<f64>)> {
        self.fields
            .iter()
            .map(|f| (&f.m, &f.u))
            .chain(self.custom.iter().map(|c| (&c.m, &c.u)))
    }

    /// m and u of every comparison, built-in then custom, to update.
    fn probabilities_mut(&mut self) -> impl Iterator<Item = (&mut Vec<f64>, &mut Vec<f64>)> {
        self.fields
            .iter_mut()
            .map(|f| (&mut f.m, &mut f.u))
            .chain(self.custom.iter_mut().map(|c| (&mut c.m, &mut c.u)))
    }

    /// Checks that the model's custom comparisons are those of a configuration.
    pub fn check_comparisons(&self, comparisons: &[CustomComparison]) -> Result<(), crate::Error> {
        let mine: Vec<&CustomComparison> = self.custom.iter().map(|c| &c.comparison).collect();
        let theirs: Vec<&CustomComparison> = comparisons.iter().collect();
        if mine != theirs {
            let names = |v: &[&CustomComparison]| {
                v.iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(crate::Error::Model(format!(
                "the model's custom comparisons [{}] differ from the configuration's [{}]",
                names(&mine),
                names(&theirs)
            )));
        }
        Ok(())
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
    pub fn weight_of_levels(&self, levels: &Levels) -> f64 {
        self.prior_weight()
            + self
                .probabilities()
                .zip(levels)
                .map(|((m, u), &l)| level_weight(m, u, l))
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
        let list: Vec<CustomComparison> =
            self.custom.iter().map(|c| c.comparison.clone()).collect();
        CustomComparison::validate_all(&list).map_err(|e| crate::Error::Model(e.to_string()))?;
        for c in &self.custom {
            let n = c.comparison.kind.num_levels();
            if c.m.len() != n || c.u.len() != n {
                return Err(crate::Error::Model(format!(
                    "custom comparison {} has the wrong levels",
                    c.comparison.name
                )));
            }
            if c.m.iter().chain(&c.u).any(|p| !(0.0..=1.0).contains(p)) {
                return Err(crate::Error::Model(format!(
                    "custom comparison {} has a probability outside [0, 1]",
                    c.comparison.name
                )));
            }
        }
        if !(0.0..=1.0).contains(&self.prior) {
            return Err(crate::Error::Model("prior outside [0, 1]".into()));
        }
        Ok(())
    }

    /// Estimates *u* from a deterministic random sample of record pairs (within a random pool
    /// of records on large inputs, see the [module docs](self)).
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
        let counts = if (total as usize) <= cfg.u_sample_pairs {
            let pairs = all_pairs(n, sources, mode);
            self.count_levels(records, &pairs)
        } else if let Some((pool, pool_sources)) =
            sample_pool(records, sources, mode, cfg.u_sample_pairs, cfg.seed)
        {
            // Pairs of a random pool of records are random pairs of records; the pool's few
            // megabytes stay in cache, where pairs spread over the whole input wait on memory.
            let pairs = sample_pairs(
                pool.len(),
                &pool_sources,
                mode,
                cfg.u_sample_pairs,
                cfg.seed,
            );
            self.count_levels(&pool, &pairs)
        } else {
            let pairs = sample_pairs(n, sources, mode, cfg.u_sample_pairs, cfg.seed);
            self.count_levels(records, &pairs)
        };
        for ((_, u), c) in self.probabilities_mut().zip(counts) {
            let present: f64 = c.iter().sum();
            // Pseudo-counts from the starting u: a level never seen among sampled non-matches is
            // rare, not impossible, and a tiny input cannot let its few true matches pass for
            // the non-match distribution. Negligible against a large sample.
            *u = c
                .iter()
                .zip(u.iter())
                .map(|(&x, &u0)| (x + U_PSEUDO_PAIRS * u0) / (present + U_PSEUDO_PAIRS))
                .collect();
        }
    }

    /// How many of the pairs show each level, per comparison.
    fn count_levels(&self, records: &[NormalizedProfile], pairs: &[(u32, u32)]) -> Vec<Vec<f64>> {
        let shape: Vec<usize> = self.probabilities().map(|(m, _)| m.len()).collect();
        level_counts(
            &shape,
            pairs.par_iter().map(|&(i, j)| {
                self.compare(&records[i as usize], &records[j as usize])
                    .levels
            }),
        )
    }

    /// Estimates *m* and the prior by EM over candidate-pair level vectors, with *u* fixed.
    /// `total_pairs` is the number of record pairs the mode allows (to turn the share of matches
    /// among candidates into a prior over all pairs).
    ///
    /// EM runs on the table of distinct level vectors with their counts (one step costs the
    /// number of distinct patterns, not of pairs), with Anderson acceleration guarded by the
    /// objective, until one EM step moves no parameter's logarithm by more than
    /// [`TrainingConfig::tolerance`] (see the [module docs](self)). The result is deterministic:
    /// it depends on the multiset of level vectors only, not on their order.
    pub fn estimate_m(&mut self, levels: &[Levels], total_pairs: f64, cfg: &TrainingConfig) {
        if levels.is_empty() {
            return;
        }
        let table = PatternTable::build(levels);
        // Within candidates, non-matches are not a random sample, so EM also fits a separate
        // candidate-population u (discarded afterwards), as Splink does. The starting m and the
        // sampled u are also the Dirichlet priors of the M-step.
        let m0: Vec<Vec<f64>> = self.probabilities().map(|(m, _)| distribution(m)).collect();
        let u0: Vec<Vec<f64>> = self.probabilities().map(|(_, u)| distribution(u)).collect();
        let em = Em::new(&table, &m0, &u0);
        let fit = em.run(cfg);
        let lambda = fit.x[0].exp();
        for (i, (m, _)) in self.probabilities_mut().enumerate() {
            *m = (0..m.len())
                .map(|l| fit.x[em.m_index(i, l)].exp().max(FLOOR))
                .collect();
        }
        let n = table.pairs;
        self.prior = (lambda * n / total_pairs.max(n)).clamp(FLOOR, 1.0 - FLOOR);
        self.em_iterations = fit.iterations;
        self.em_converged = fit.converged;
    }
}

/// The distinct level vectors of the candidate pairs, sorted, with how many pairs show each.
struct PatternTable {
    patterns: Vec<Levels>,
    counts: Vec<f64>,
    /// Number of pairs (the sum of the counts).
    pairs: f64,
}

impl PatternTable {
    fn build(levels: &[Levels]) -> PatternTable {
        // Keyed by the levels packed into one integer (a bijection). Counts are integers, so the
        // parallel merge order cannot change them.
        let zero = U128Map::<u64>::default;
        let counts = levels
            .par_iter()
            .fold(zero, |mut acc, l| {
                *acc.entry(u128::from_le_bytes(*l)).or_insert(0) += 1;
                acc
            })
            .reduce(zero, |mut a, b| {
                for (k, c) in b {
                    *a.entry(k).or_insert(0) += c;
                }
                a
            });
        let mut rows: Vec<(Levels, u64)> = counts
            .into_iter()
            .map(|(k, c)| (k.to_le_bytes(), c))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        PatternTable {
            patterns: rows.iter().map(|r| r.0).collect(),
            counts: rows.iter().map(|r| r.1 as f64).collect(),
            pairs: levels.len() as f64,
        }
    }
}

/// A probability vector, floored at [`FLOOR`] and renormalized (so its logarithm is finite).
fn distribution(p: &[f64]) -> Vec<f64> {
    let v: Vec<f64> = p.iter().map(|&x| x.max(FLOOR)).collect();
    let s: f64 = v.iter().sum();
    v.iter().map(|x| x / s).collect()
}

/// Anderson acceleration: how many past EM steps an extrapolation combines.
const ANDERSON_MEMORY: usize = 10;

/// Relative slack of the objective guard: floating-point rounding only (an EM step never lowers
/// the objective).
const GUARD_SLACK: f64 = 1e-12;

/// Expectation–maximisation of the two-class mixture on a pattern table.
///
/// The parameters live in log space, in one vector: `[ln λ, ln(1 − λ)]`, then `ln m` of every
/// level of every field, then `ln u` (of the candidate population) of the same levels. Each
/// block (λ, one field's m, one field's u) is a probability distribution.
struct Em<'a> {
    table: &'a PatternTable,
    /// Start of each field's levels within the m block (and within the u block), then the end.
    offsets: [usize; MAX_COMPARISONS + 1],
    /// Number of comparisons (built-in and custom).
    fields: usize,
    /// Dirichlet pseudo-counts of the m and u blocks, in vector order (without λ).
    pseudo: Vec<f64>,
}

/// The outcome of [`Em::run`].
struct EmFit {
    /// The parameters, in [`Em`]'s layout.
    x: Vec<f64>,
    /// EM steps (evaluations of the EM map) run.
    iterations: usize,
    converged: bool,
}

type History = std::collections::VecDeque<Vec<f64>>;

impl<'a> Em<'a> {
    fn new(table: &'a PatternTable, m0: &[Vec<f64>], u0: &[Vec<f64>]) -> Em<'a> {
        let fields = m0.len().min(MAX_COMPARISONS);
        let mut offsets = [0; MAX_COMPARISONS + 1];
        for (f, m) in m0.iter().take(fields).enumerate() {
            offsets[f + 1] = offsets[f] + m.len();
        }
        // Slots past the comparisons hold no levels.
        for f in fields..MAX_COMPARISONS {
            offsets[f + 1] = offsets[f];
        }
        let pseudo = m0
            .iter()
            .chain(u0)
            .flatten()
            .map(|p| p * M_PSEUDO_PAIRS)
            .collect();
        Em {
            table,
            offsets,
            fields,
            pseudo,
        }
    }

    /// Levels over all fields (the length of the m block and of the u block).
    fn levels(&self) -> usize {
        self.offsets[self.fields]
    }

    fn m_index(&self, field: usize, level: usize) -> usize {
        2 + self.offsets[field] + level
    }

    /// The starting point: λ = ½, m and u at their priors.
    fn start(&self) -> Vec<f64> {
        let mut x = vec![0.5f64.ln(); 2];
        x.extend(self.pseudo.iter().map(|p| (p / M_PSEUDO_PAIRS).ln()));
        x
    }

    /// The probability blocks of the parameter vector, as index ranges.
    fn blocks(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let k = self.levels();
        let n = self.fields;
        std::iter::once(0..2).chain((0..2 * n).map(move |b| {
            let (base, f) = if b < n { (2, b) } else { (2 + k, b - n) };
            base + self.offsets[f]..base + self.offsets[f + 1]
        }))
    }

    /// Renormalizes every block of a log-space vector (after an extrapolation).
    fn project(&self, x: &mut [f64]) {
        for r in self.blocks() {
            let b = &mut x[r];
            let max = b.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lse = max + b.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
            for v in b.iter_mut() {
                *v -= lse;
            }
        }
    }

    /// One EM step from `x` into `out`; returns the objective at `x`: the log-likelihood of the
    /// pattern counts plus the log-density of the Dirichlet priors. The M-step maximises it
    /// given the E-step, so an EM step never lowers it.
    fn step(&self, x: &[f64], out: &mut [f64]) -> f64 {
        let k = self.levels();
        let (lm, lu) = x[2..].split_at(k);
        let mut acc = self.pseudo.clone();
        let (acc_m, acc_u) = acc.split_at_mut(k);
        let mut loglik = 0.0;
        let mut match_mass = 0.0;
        for (pat, &count) in self.table.patterns.iter().zip(&self.table.counts) {
            let (mut a, mut b) = (x[0], x[1]);
            for (f, &l) in pat.iter().enumerate().take(self.fields) {
                if l != MISSING {
                    let i = self.offsets[f] + l as usize;
                    a += lm[i];
                    b += lu[i];
                }
            }
            // ln(e^a + e^b), and the posterior match probability, without overflow.
            let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
            let lse = hi + (lo - hi).exp().ln_1p();
            loglik += count * lse;
            let r = (a - lse).exp();
            match_mass += r * count;
            for (f, &l) in pat.iter().enumerate().take(self.fields) {
                if l != MISSING {
                    let i = self.offsets[f] + l as usize;
                    acc_m[i] += r * count;
                    acc_u[i] += (1.0 - r) * count;
                }
            }
        }
        let log_prior = M_PSEUDO_PAIRS * (LAMBDA0 * x[0] + (1.0 - LAMBDA0) * x[1])
            + self
                .pseudo
                .iter()
                .zip(&x[2..])
                .map(|(p, v)| p * v)
                .sum::<f64>();

        let n = self.table.pairs + M_PSEUDO_PAIRS;
        let non_match_mass = (self.table.pairs - match_mass).max(0.0);
        out[0] = ((match_mass + M_PSEUDO_PAIRS * LAMBDA0) / n).ln();
        out[1] = ((non_match_mass + M_PSEUDO_PAIRS * (1.0 - LAMBDA0)) / n).ln();
        for r in self.blocks().skip(1) {
            let a = &acc[r.start - 2..r.end - 2];
            let total: f64 = a.iter().sum();
            for (o, v) in out[r].iter_mut().zip(a) {
                *o = (v / total).ln();
            }
        }
        loglik + log_prior
    }

    /// Runs EM from [`Em::start`] until converged or capped.
    ///
    /// Plain EM is the fixed-point iteration `x ← G(x)`. Anderson acceleration proposes instead
    /// `G(x)` corrected by the combination of the last [`ANDERSON_MEMORY`] steps that best
    /// cancels the residual `G(x) − x` in the least-squares sense, each coordinate weighted by
    /// `√p` (a level holding almost no probability mass, whose logarithm swings freely, must not
    /// steer the extrapolation). A proposal that is not finite or lowers the objective is
    /// replaced by the plain EM step and the history restarts, so the objective never decreases
    /// from one iterate to the next. Every evaluation of `G` counts as an iteration.
    fn run(&self, cfg: &TrainingConfig) -> EmFit {
        let dim = 2 + 2 * self.levels();
        let mut x = self.start();
        if cfg.max_iterations == 0 {
            return EmFit {
                x,
                iterations: 0,
                converged: false,
            };
        }
        let mut g = vec![0.0; dim];
        let mut next = vec![0.0; dim];
        let mut objective = self.step(&x, &mut g);
        let mut iterations = 1;
        // Differences of successive G(x) and of successive residuals.
        let (mut d_g, mut d_f) = (History::new(), History::new());
        let mut prev: Option<(Vec<f64>, Vec<f64>)> = None;
        loop {
            let f: Vec<f64> = g.iter().zip(&x).map(|(a, b)| a - b).collect();
            let residual = f.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let converged = residual <= cfg.tolerance;
            if converged || iterations >= cfg.max_iterations || !residual.is_finite() {
                return EmFit {
                    x: g,
                    iterations,
                    converged,
                };
            }
            if let Some((pg, pf)) = prev.take() {
                d_g.push_back(g.iter().zip(&pg).map(|(a, b)| a - b).collect());
                d_f.push_back(f.iter().zip(&pf).map(|(a, b)| a - b).collect());
                if d_g.len() > ANDERSON_MEMORY {
                    d_g.pop_front();
                    d_f.pop_front();
                }
            }
            let weights: Vec<f64> = g.iter().map(|v| (0.5 * v).exp()).collect();
            let proposal = anderson(&g, &f, &d_g, &d_f, &weights)
                .map(|mut xn| {
                    self.project(&mut xn);
                    xn
                })
                .filter(|xn| xn.iter().all(|v| v.is_finite()));
            prev = Some((g.clone(), f));
            if let Some(xn) = proposal {
                let o = self.step(&xn, &mut next);
                iterations += 1;
                if o.is_finite() && o >= objective - GUARD_SLACK * objective.abs() {
                    (x, objective) = (xn, o);
                    std::mem::swap(&mut g, &mut next);
                    continue;
                }
                d_g.clear();
                d_f.clear();
                prev = None;
                if iterations >= cfg.max_iterations {
                    return EmFit {
                        x: g,
                        iterations,
                        converged: false,
                    };
                }
            }
            // The plain EM step.
            x.copy_from_slice(&g);
            objective = self.step(&x, &mut next);
            iterations += 1;
            std::mem::swap(&mut g, &mut next);
        }
    }
}

/// The Anderson (type II) extrapolation `g − ΔG·γ` with `γ = argmin ‖W(f − ΔF·γ)‖₂` (plus a tiny
/// ridge), or `None` without history or when the least-squares system is degenerate.
fn anderson(g: &[f64], f: &[f64], d_g: &History, d_f: &History, w: &[f64]) -> Option<Vec<f64>> {
    let k = d_f.len();
    if k == 0 {
        return None;
    }
    let weighted = |v: &[f64]| -> Vec<f64> { v.iter().zip(w).map(|(a, b)| a * b).collect() };
    let cols: Vec<Vec<f64>> = d_f.iter().map(|c| weighted(c)).collect();
    let wf = weighted(f);
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    // Normal equations, as rows [A | b].
    let mut rows = vec![vec![0.0; k + 1]; k];
    for i in 0..k {
        for j in 0..=i {
            let v = dot(&cols[i], &cols[j]);
            rows[i][j] = v;
            rows[j][i] = v;
        }
        rows[i][k] = dot(&cols[i], &wf);
    }
    let trace: f64 = (0..k).map(|i| rows[i][i]).sum();
    if !(trace > 0.0 && trace.is_finite()) {
        return None;
    }
    for (i, row) in rows.iter_mut().enumerate() {
        row[i] += 1e-10 * trace / k as f64;
    }
    let gamma = solve(rows)?;
    let mut x = g.to_vec();
    for (c, gm) in d_g.iter().zip(&gamma) {
        for (xi, ci) in x.iter_mut().zip(c) {
            *xi -= gm * ci;
        }
    }
    Some(x)
}

/// Solves a small dense system given as rows `[A | b]` by Gaussian elimination with partial
/// pivoting; `None` when it is singular or not finite.
fn solve(mut rows: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let k = rows.len();
    for c in 0..k {
        let p = (c..k).max_by(|&i, &j| rows[i][c].abs().total_cmp(&rows[j][c].abs()))?;
        let pivot = rows[p][c];
        if pivot == 0.0 || !pivot.is_finite() {
            return None;
        }
        rows.swap(c, p);
        let (done, below) = rows.split_at_mut(c + 1);
        let pivot_row = &done[c];
        for row in below {
            let factor = row[c] / pivot;
            for (v, q) in row[c..].iter_mut().zip(&pivot_row[c..]) {
                *v -= factor * q;
            }
        }
    }
    let mut x = vec![0.0; k];
    for c in (0..k).rev() {
        let s: f64 = (c + 1..k).map(|j| rows[c][j] * x[j]).sum();
        x[c] = (rows[c][k] - s) / rows[c][c];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
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

fn level_counts(shape: &[usize], it: impl ParallelIterator<Item = Levels>) -> Vec<Vec<f64>> {
    let zero = || shape.iter().map(|&n| vec![0.0; n]).collect::<Vec<_>>();
    it.fold(zero, |mut acc, levels| {
        for (counts, &l) in acc.iter_mut().zip(&levels) {
            if let Some(c) = counts.get_mut(l as usize) {
                *c += 1.0;
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

/// Records in a *u*-sampling pool: enough that the sampled pairs are a small share of the pool's
/// pairs (1,000,000 of about 200 million by default), few enough to stay in cache.
const POOL_RECORDS: usize = 20_000;

/// A deterministic random pool of distinct records (copied, so they sit together in memory)
/// with their sources, when the input is much larger than the pool and the pool holds at
/// least ten times `k` allowed pairs; `None` otherwise (sample the whole input).
fn sample_pool(
    records: &[NormalizedProfile],
    sources: &[u32],
    mode: Mode,
    k: usize,
    seed: u64,
) -> Option<(Vec<NormalizedProfile>, Vec<u32>)> {
    let n = records.len();
    if n < 2 * POOL_RECORDS {
        return None;
    }
    // A partial Fisher–Yates shuffle over a sparse map: the first POOL_RECORDS positions of a
    // random permutation, without a table of n entries.
    let mut state = seed ^ 0x9e6c_63d0_876a_9a99;
    let mut moved: U64Map<u32> = U64Map::default();
    let mut picked: Vec<u32> = Vec::with_capacity(POOL_RECORDS);
    for i in 0..POOL_RECORDS {
        let j = i + (splitmix(&mut state) % (n - i) as u64) as usize;
        let at = |x: usize, m: &U64Map<u32>| m.get(&(x as u64)).copied().unwrap_or(x as u32);
        let (vi, vj) = (at(i, &moved), at(j, &moved));
        moved.insert(j as u64, vi);
        picked.push(vj);
    }
    picked.sort_unstable();
    let pool_sources: Vec<u32> = picked.iter().map(|&i| sources[i as usize]).collect();
    if total_pairs(&pool_sources, mode) < 10.0 * k as f64 {
        return None;
    }
    let pool = picked
        .iter()
        .map(|&i| records[i as usize].clone())
        .collect();
    Some((pool, pool_sources))
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
        TermFrequencies::build_from(records.iter())
    }

    /// [`TermFrequencies::build`] over records that are not in one slice (borrowed, or built
    /// by the iterator).
    pub(crate) fn build_from<I>(records: I) -> TermFrequencies
    where
        I: Iterator + Clone,
        I::Item: std::borrow::Borrow<NormalizedProfile>,
    {
        use std::borrow::Borrow;
        let custom = records
            .clone()
            .map(|r| r.borrow().custom.len())
            .max()
            .unwrap_or(0)
            .min(MAX_COMPARISONS - NUM_FIELDS);
        let mut counts: Vec<U64Map<u32>> = vec![U64Map::default(); NUM_FIELDS + custom];
        let mut totals = vec![0.0; NUM_FIELDS + custom];
        let mut bump_at = |i: usize, keys: &mut dyn Iterator<Item = u64>| {
            let mut any = false;
            for k in keys {
                *counts[i].entry(k).or_default() += 1;
                any = true;
            }
            if any {
                totals[i] += 1.0;
            }
        };
        let mut bump =
            |f: CompareField, keys: &mut dyn Iterator<Item = u64>| bump_at(f as usize, keys);
        for r in records.clone() {
            let r = r.borrow();
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
        // Custom comparisons: the hashes of their text values (term frequency applies to the
        // exact level of text kinds only).
        for r in records.take(if custom > 0 { usize::MAX } else { 0 }) {
            for (k, values) in r.borrow().custom.iter().take(custom).enumerate() {
                bump_at(
                    NUM_FIELDS + k,
                    &mut values.iter().filter_map(|v| match v {
                        crate::compare::CustomValue::Text { hash, .. } => Some(*hash),
                        _ => None,
                    }),
                );
            }
        }
        TermFrequencies { counts, totals }
    }

    /// The counts of each comparison slot (built-in fields, then custom comparisons) and the
    /// number of records having it, as a saved state keeps them.
    pub(crate) fn parts(&self) -> (&[U64Map<u32>], &[f64]) {
        (&self.counts, &self.totals)
    }

    /// Term frequencies from [`Self::parts`] (the caller checks them).
    pub(crate) fn from_parts(counts: Vec<U64Map<u32>>, totals: Vec<f64>) -> TermFrequencies {
        TermFrequencies { counts, totals }
    }

    /// Relative frequency of a value hash in a field (0 when unknown, or when fewer than
    /// [`TermFrequencies::MIN_RECORDS`] records have the field: frequencies from a handful of
    /// records say more about duplicates than about how common a value is).
    pub fn frequency(&self, f: CompareField, key: u64) -> f64 {
        self.frequency_at(f as usize, key)
    }

    /// [`Self::frequency`] of comparison slot `i` (built-in fields, then custom comparisons).
    fn frequency_at(&self, i: usize, key: u64) -> f64 {
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
        if !f.term_frequency() {
            return 0.0;
        }
        self.adjustment_at(model, c, f as usize)
    }

    /// The term-frequency adjustment of comparison `k` (built-in fields, then the model's custom
    /// comparisons): `log2(u / tf)` where it agreed on a value with a known frequency, else 0.
    pub fn adjustment_at(&self, model: &Model, c: &Comparison, k: usize) -> f64 {
        let (Some(&level), Some(&key)) = (c.levels.get(k), c.tf_keys.get(k)) else {
            return 0.0;
        };
        if key == 0 || level == MISSING {
            return 0.0;
        }
        let u = match model.fields.get(k) {
            Some(f) if f.field.term_frequency() => f.u.get(level as usize),
            Some(_) => None,
            None => model
                .custom
                .get(k - model.fields.len())
                .filter(|c| c.comparison.uses_term_frequency())
                .and_then(|c| c.u.get(level as usize)),
        };
        let Some(&u) = u else {
            return 0.0;
        };
        let tf = self.frequency_at(k, key);
        if tf <= 0.0 {
            return 0.0;
        }
        (u.max(FLOOR) / tf.max(FLOOR)).log2()
    }

    /// Sum of [`Self::adjustment_at`] over all comparisons of the model.
    pub fn adjustment(&self, model: &Model, c: &Comparison) -> f64 {
        (0..model.comparisons().min(MAX_COMPARISONS))
            .map(|k| self.adjustment_at(model, c, k))
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
            let mut l = [MISSING; MAX_COMPARISONS];
            for (f, slot) in l.iter_mut().enumerate().take(NUM_FIELDS) {
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

    /// Level vectors of an even two-class mixture whose classes overlap much: on each field
    /// (missing for 15% of pairs) matches show the top level 70% of the time and "else"
    /// otherwise, non-matches the top level 35% of the time. Much of the class information is
    /// missing, so plain EM crawls (a few hundred steps to the default tolerance).
    fn overlapping_mixture(pairs: usize, seed: u64) -> Vec<Levels> {
        let mut state = seed;
        let mut chance = |percent: u64| splitmix(&mut state) % 100 < percent;
        (0..pairs)
            .map(|_| {
                let top = if chance(50) { 70 } else { 35 };
                let mut l = [MISSING; MAX_COMPARISONS];
                for (f, slot) in l.iter_mut().enumerate().take(NUM_FIELDS) {
                    if !chance(15) {
                        let last = CompareField::ALL[f].num_levels() as u8 - 1;
                        *slot = if chance(top) { 0 } else { last };
                    }
                }
                l
            })
            .collect()
    }

    /// Plain EM from the same start, run far past any tolerance: the reference fixed point.
    fn plain_em(levels: &[Levels], steps: usize) -> (Vec<f64>, usize) {
        let m = Model::default_untrained();
        let table = PatternTable::build(levels);
        let m0: Vec<Vec<f64>> = m.fields.iter().map(|f| distribution(&f.m)).collect();
        let u0: Vec<Vec<f64>> = m.fields.iter().map(|f| distribution(&f.u)).collect();
        let em = Em::new(&table, &m0, &u0);
        let mut x = em.start();
        let mut next = x.clone();
        let mut objective = f64::NEG_INFINITY;
        let mut settled = None;
        for i in 1..=steps {
            let o = em.step(&x, &mut next);
            assert!(o >= objective - 1e-9 * o.abs(), "EM lowered the objective");
            objective = o;
            let moved = x
                .iter()
                .zip(&next)
                .fold(0.0f64, |a, (p, q)| a.max((p - q).abs()));
            if moved <= 1e-6 && settled.is_none() {
                settled = Some(i);
            }
            std::mem::swap(&mut x, &mut next);
        }
        let weights = m
            .fields
            .iter()
            .enumerate()
            .flat_map(|(f, fp)| {
                let x = &x;
                let em = &em;
                (0..fp.m.len()).map(move |l| x[em.m_index(f, l)])
            })
            .collect();
        (weights, settled.unwrap_or(usize::MAX))
    }

    #[test]
    fn em_converges_on_an_overlapping_mixture_long_before_the_cap() {
        let levels = overlapping_mixture(20_000, 7);
        let mut m = Model::default_untrained();
        m.estimate_m(&levels, 1e9, &TrainingConfig::default());
        assert!(m.em_converged, "{} iterations", m.em_iterations);
        assert!(m.em_iterations <= 40, "{} iterations", m.em_iterations);
        // Plain EM moves by less than the tolerance only after far more steps (past the former
        // cap of 100), and the accelerated result is its fixed point.
        let (reference, plain_steps) = plain_em(&levels, 3000);
        println!(
            "accelerated EM: {} steps; plain EM: {plain_steps}",
            m.em_iterations
        );
        assert!(
            plain_steps > 100 && plain_steps > 4 * m.em_iterations,
            "plain EM settles in {plain_steps} steps, accelerated in {}",
            m.em_iterations
        );
        let got: Vec<f64> = m
            .fields
            .iter()
            .flat_map(|f| f.m.iter().map(|p| p.ln()))
            .collect();
        for (i, (g, r)) in got.iter().zip(&reference).enumerate() {
            assert!(
                (g - r.max(FLOOR.ln())).abs() < 1e-4,
                "ln m[{i}]: {g} vs {r}"
            );
        }
    }

    #[test]
    fn em_is_deterministic() {
        let levels = overlapping_mixture(20_000, 11);
        let train = |levels: &[Levels], threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let mut m = Model::default_untrained();
                m.estimate_m(levels, 1e8, &TrainingConfig::default());
                m
            })
        };
        let a = train(&levels, 1);
        assert_eq!(a, train(&levels, 1));
        assert_eq!(a, train(&levels, 2));
        let mut reversed = levels.clone();
        reversed.reverse();
        assert_eq!(a, train(&reversed, 2));
        assert!(a.em_converged);
    }

    #[test]
    fn em_stops_at_the_cap_without_claiming_convergence() {
        let levels = overlapping_mixture(5_000, 3);
        for cap in [0, 1, 2, 5] {
            let cfg = TrainingConfig {
                max_iterations: cap,
                ..TrainingConfig::default()
            };
            let mut m = Model::default_untrained();
            m.estimate_m(&levels, 1e7, &cfg);
            assert_eq!(m.em_iterations, cap);
            assert!(!m.em_converged);
            m.validate().unwrap();
        }
    }

    #[test]
    fn em_survives_degenerate_input() {
        // One pattern only, a field always missing, and zero probabilities in the start.
        let mut m = Model::default_untrained();
        m.fields[0].u[1] = 0.0;
        m.fields[2].m[0] = 0.0;
        let mut l = [MISSING; MAX_COMPARISONS];
        l[..NUM_FIELDS].copy_from_slice(&[0, 0, MISSING, 1, 0, 0, MISSING]);
        let levels = vec![l; 100];
        m.estimate_m(&levels, 1e4, &TrainingConfig::default());
        m.validate().unwrap();
        assert!(m.em_converged);
        assert!(m.prior > 0.0 && m.fields.iter().all(|f| f.m.iter().all(|p| p.is_finite())));
    }

    #[test]
    fn solve_small_systems() {
        let x = solve(vec![
            vec![0.0, 2.0, 1.0, 5.0],
            vec![1.0, 1.0, 0.0, 3.0],
            vec![2.0, 0.0, 3.0, 5.0],
        ])
        .unwrap();
        for (got, want) in x.iter().zip([1.0, 2.0, 1.0]) {
            assert!((got - want).abs() < 1e-12, "{x:?}");
        }
        assert_eq!(solve(vec![vec![1.0, 2.0, 1.0], vec![2.0, 4.0, 2.0]]), None);
    }

    #[test]
    fn total_pairs_link() {
        assert_eq!(total_pairs(&[0, 0, 1, 1, 1], Mode::Link), 6.0);
        assert_eq!(total_pairs(&[0, 0, 1, 1, 1], Mode::Dedupe), 10.0);
    }

    #[test]
    fn pool_is_deterministic_distinct_and_falls_back_when_too_small() {
        let recs: Vec<NormalizedProfile> = (0..2 * POOL_RECORDS + 5)
            .map(|i| NormalizedProfile {
                middle: Some(i.to_string().into()),
                ..Default::default()
            })
            .collect();
        let sources: Vec<u32> = (0..recs.len() as u32).map(|i| i % 3).collect();
        let (pool, ps) = sample_pool(&recs, &sources, Mode::Dedupe, 1000, 3).unwrap();
        let tag = |r: &NormalizedProfile| r.middle.as_deref().unwrap().parse::<u32>().unwrap();
        let ids: Vec<u32> = pool.iter().map(tag).collect();
        assert_eq!(ids.len(), POOL_RECORDS);
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        assert!(ps.iter().zip(&ids).all(|(&s, &i)| s == sources[i as usize]));
        let again = sample_pool(&recs, &sources, Mode::Dedupe, 1000, 3)
            .unwrap()
            .0;
        assert!(again.iter().map(tag).eq(ids.iter().copied()));
        let other = sample_pool(&recs, &sources, Mode::Dedupe, 1000, 4)
            .unwrap()
            .0;
        assert!(!other.iter().map(tag).eq(ids.iter().copied()));
        // Spread over the input, not its start.
        assert!(
            ids.iter()
                .filter(|&&i| i as usize >= recs.len() / 2)
                .count()
                > POOL_RECORDS / 3
        );
        // Too small an input, or a link run whose pool cannot hold enough cross-source pairs.
        assert!(sample_pool(
            &recs[..POOL_RECORDS],
            &sources[..POOL_RECORDS],
            Mode::Dedupe,
            10,
            3
        )
        .is_none());
        let mut lopsided = vec![0u32; recs.len()];
        lopsided[7] = 1;
        assert!(sample_pool(&recs, &lopsided, Mode::Link, 1000, 3).is_none());
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
