//! The one-call facade: [`Resolver::resolve`] runs normalize → block → train → score → cluster
//! → golden and returns a [`Resolution`].

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::block::{BlockIndex, BlockingConfig, BlockingStats};
use crate::cluster::{groups, ClusterStats, GuardConfig, GuardedLink, Link};
use crate::guard::{GenericValue, Guard, PairVerdict};
use std::sync::Mutex;

use crate::compare::Levels;
use crate::hash::{combine, hash_str};
use crate::normalize::Country;
use crate::normalize::NormalizeConfig;
use crate::profile::{Field, NormalizedProfile, Profile, Records};
use crate::score::{total_pairs, Model, TermFrequencies, TrainingConfig};
use crate::{Error, Mode};

/// Everything that shapes a resolution. Plain data with defaults and `with_*` builders.
///
/// ```
/// use selfsame::{Config, Mode};
/// let cfg = Config::default()
///     .with_threshold(0.95)
///     .with_mode(Mode::Link)
///     .with_unique_identifier("national_id");
/// assert_eq!(cfg.threshold, 0.95);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// How fields are normalized.
    pub normalize: NormalizeConfig,
    /// Blocking rules and the block-size cap.
    pub blocking: BlockingConfig,
    /// How the model is trained when none is given.
    pub training: TrainingConfig,
    /// Which pairs are compared. Default [`Mode::Dedupe`].
    pub mode: Mode,
    /// Match probability at or above which two records are linked. Default 0.9.
    pub threshold: f64,
    /// Identifier kinds that are unique per person: a different value forbids a merge, and an
    /// equal value is a match (see `match_on_unique_identifier`).
    pub unique_identifiers: Vec<String>,
    /// Link two records that share a unique identifier whatever their other fields. Default true.
    pub match_on_unique_identifier: bool,
    /// The over-merge guard.
    pub guard: GuardConfig,
    /// Survivorship rules for golden records.
    pub survivorship: crate::golden::SurvivorshipConfig,
    /// Comparisons beyond the seven built-in ones (attributes, address parts), each with its
    /// kind and levels; EM learns their weights like the built-in ones'. Default none.
    pub comparisons: Vec<crate::compare::CustomComparison>,
    /// Build every golden record during [`Resolver::resolve`] (default true). Large runs turn
    /// this off and build them one cluster at a time with [`Resolution::golden_record`] (same
    /// result), writing each out instead of holding them all.
    pub golden: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            normalize: NormalizeConfig::default(),
            blocking: BlockingConfig::default(),
            training: TrainingConfig::default(),
            mode: Mode::Dedupe,
            threshold: 0.9,
            unique_identifiers: Vec::new(),
            match_on_unique_identifier: true,
            guard: GuardConfig::default(),
            survivorship: Default::default(),
            comparisons: Vec::new(),
            golden: true,
        }
    }
}

impl Config {
    /// Sets the match threshold (a probability in (0, 1)).
    pub fn with_threshold(mut self, p: f64) -> Self {
        self.threshold = p;
        self
    }
    /// Sets the mode.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }
    /// Declares an identifier kind unique per person.
    pub fn with_unique_identifier(mut self, kind: impl Into<String>) -> Self {
        self.unique_identifiers.push(kind.into());
        self
    }
    /// Sets the normalization config.
    pub fn with_normalize(mut self, n: NormalizeConfig) -> Self {
        self.normalize = n;
        self
    }
    /// Sets the blocking config.
    pub fn with_blocking(mut self, b: BlockingConfig) -> Self {
        self.blocking = b;
        self
    }
    /// Sets the guard config.
    pub fn with_guard(mut self, g: GuardConfig) -> Self {
        self.guard = g;
        self
    }
    /// Whether [`Resolver::resolve`] builds every golden record (see [`Config::golden`]).
    pub fn with_golden(mut self, build: bool) -> Self {
        self.golden = build;
        self
    }
    /// Adds a custom comparison (see [`crate::compare::CustomComparison`]).
    ///
    /// ```
    /// use selfsame::{Config, Profile, Resolver};
    /// let cfg = Config::default().with_comparison("attr:occupation=fuzzy".parse().unwrap());
    /// let people = [
    ///     Profile::new("a", "1").with_full_name("Ann Lee").with_attribute("occupation", "Weaver"),
    ///     Profile::new("b", "2").with_full_name("Ann Lee").with_attribute("occupation", "weaver"),
    /// ];
    /// let res = Resolver::new(cfg).resolve(&people).unwrap();
    /// let e = res.explain(0, 1, &people).unwrap();
    /// assert_eq!((e.fields[7].field.as_str(), e.fields[7].level.as_str()), ("attr:occupation", "exact"));
    /// ```
    pub fn with_comparison(mut self, c: crate::compare::CustomComparison) -> Self {
        self.comparisons.push(c);
        self
    }
    /// Sets the survivorship rules.
    pub fn with_survivorship(mut self, s: crate::golden::SurvivorshipConfig) -> Self {
        self.survivorship = s;
        self
    }

    fn validate(&self) -> Result<(), Error> {
        if !(self.threshold > 0.0 && self.threshold < 1.0) {
            return Err(Error::Config(
                "threshold must be a probability in (0, 1)".into(),
            ));
        }
        if self.blocking.max_block_size < 2 {
            return Err(Error::Config("max_block_size must be at least 2".into()));
        }
        if !(0.0..=1.0).contains(&self.guard.bridge_probability) {
            return Err(Error::Config("bridge_probability must be in [0, 1]".into()));
        }
        crate::compare::CustomComparison::validate_all(&self.comparisons)?;
        for r in &self.blocking.rules {
            if r.custom.is_none() && r.keys.is_empty() {
                return Err(Error::Config(format!(
                    "blocking rule {:?} has no key parts",
                    r.name
                )));
            }
            for k in &r.keys {
                if let crate::block::BlockKey::Custom(i) = k {
                    if usize::from(*i) >= self.comparisons.len() {
                        return Err(Error::Config(format!(
                            "blocking rule {:?} uses custom comparison {i}, but there are {}",
                            r.name,
                            self.comparisons.len()
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

impl Config {
    /// [`Config::validate`] for the incremental state (`crate::state`).
    pub(crate) fn check(&self) -> Result<(), Error> {
        self.validate()
    }
}

/// A pipeline phase, for progress reports and timings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Phase {
    /// Normalizing fields.
    Normalize,
    /// Building the blocking index and candidate pairs.
    Block,
    /// Training the model (u sampling, EM).
    Train,
    /// Comparing and scoring candidate pairs.
    Score,
    /// Clustering.
    Cluster,
    /// Building golden records.
    Golden,
}

/// Records, pairs or clusters between two progress reports inside a phase.
pub const PROGRESS_CHUNK: usize = 1 << 16;

/// A progress report: a phase has started (`done == 0`), moved on (`0 < done < total`) or
/// finished (`done == total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The phase.
    pub phase: Phase,
    /// Units done.
    pub done: u64,
    /// Units in the phase (records or pairs).
    pub total: u64,
}

/// Time spent per phase.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Normalization.
    pub normalize: Duration,
    /// Blocking.
    pub block: Duration,
    /// Training.
    pub train: Duration,
    /// Comparison and scoring.
    pub score: Duration,
    /// Clustering.
    pub cluster: Duration,
    /// Golden records.
    pub golden: Duration,
}

/// Figures of a resolution.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Input records.
    pub records: usize,
    /// Raw values rejected by normalization (kept out of matching, listed per record).
    pub rejected_values: usize,
    /// The same rejections counted per field and per country the record was read in.
    pub rejections: Vec<RejectionCount>,
    /// Blocking figures (candidate pairs per rule, oversized blocks skipped).
    pub blocking: BlockingStats,
    /// Candidate pairs compared and scored.
    pub scored_pairs: u64,
    /// Pairs at or above the threshold.
    pub matched_pairs: u64,
    /// Clusters (singletons included).
    pub clusters: usize,
    /// How large the clusters are: the largest and high percentiles show over-merging at a glance.
    pub cluster_sizes: ClusterSizes,
    /// Values found generic (carried by records of many different people) and kept out of
    /// matching; `first_record` is an input index. See [`crate::guard`].
    pub generic: Vec<GenericValue>,
    /// Records identical after normalization to an earlier one (grouped with it, not blocked).
    pub exact_duplicates: usize,
    /// What the over-merge guard did.
    pub guard: ClusterStats,
    /// EM iterations (0 when a model was given).
    pub em_iterations: usize,
    /// Time per phase.
    pub timings: Timings,
}

/// Rejected values of one field among records read in one country (`None`: no country known).
///
/// ```
/// use selfsame::normalize::{normalize_profile, NormalizeConfig};
/// use selfsame::resolve::RejectionCount;
/// use selfsame::{Field, PostalAddress, Profile};
/// let cfg = NormalizeConfig::default();
/// let th = Profile::new("crm", "1").with_phone("12").with_address(PostalAddress::new().with_country("TH"));
/// let counts = RejectionCount::of(&[normalize_profile(&th, &cfg)]);
/// assert_eq!(counts.len(), 1);
/// assert_eq!((counts[0].field, counts[0].country.unwrap().as_str(), counts[0].count), (Field::Phone, "TH", 1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionCount {
    /// The field.
    pub field: Field,
    /// The country the records were read in.
    pub country: Option<Country>,
    /// Values rejected.
    pub count: usize,
}

impl RejectionCount {
    /// Counts the rejections of normalized records, ordered by field then country.
    pub fn of(records: &[NormalizedProfile]) -> Vec<RejectionCount> {
        let mut counts: std::collections::BTreeMap<(Field, Option<Country>), usize> =
            std::collections::BTreeMap::new();
        for p in records {
            for r in &p.rejected {
                *counts.entry((r.field, p.country)).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|((field, country), count)| RejectionCount {
                field,
                country,
                count,
            })
            .collect()
    }
}

/// The distribution of cluster sizes (records per cluster).
///
/// ```
/// use selfsame::resolve::{Cluster, ClusterSizes};
/// let c = |m: Vec<u32>| Cluster { id: String::new(), members: m };
/// let sizes = ClusterSizes::of(&[c(vec![0, 1, 2]), c(vec![3]), c(vec![4, 5])]);
/// assert_eq!((sizes.largest, sizes.singletons, sizes.p50), (3, 1, 2));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSizes {
    /// Records in the largest cluster.
    pub largest: usize,
    /// Median cluster size.
    pub p50: usize,
    /// 99th percentile of cluster sizes.
    pub p99: usize,
    /// 99.9th percentile of cluster sizes.
    pub p999: usize,
    /// Clusters of one record.
    pub singletons: usize,
    /// (size, clusters of that size), ascending by size.
    pub histogram: Vec<(usize, usize)>,
}

impl ClusterSizes {
    /// The distribution of these clusters' sizes.
    pub fn of(clusters: &[Cluster]) -> ClusterSizes {
        let mut sizes: Vec<usize> = clusters.iter().map(|c| c.members.len()).collect();
        sizes.sort_unstable();
        let pct = |q: f64| -> usize {
            if sizes.is_empty() {
                return 0;
            }
            let k = ((q * sizes.len() as f64).ceil() as usize).clamp(1, sizes.len());
            sizes[k - 1]
        };
        let mut histogram: Vec<(usize, usize)> = Vec::new();
        for &s in &sizes {
            match histogram.last_mut() {
                Some((size, count)) if *size == s => *count += 1,
                _ => histogram.push((s, 1)),
            }
        }
        ClusterSizes {
            largest: sizes.last().copied().unwrap_or(0),
            p50: pct(0.5),
            p99: pct(0.99),
            p999: pct(0.999),
            singletons: sizes.iter().filter(|&&s| s == 1).count(),
            histogram,
        }
    }
}

/// One cluster: a stable id and its member records (indices into the input slice, ascending).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    /// Deterministic id: `c` + 16 hex digits derived from the (source, record id) of the member
    /// that comes first in canonical order (source name, then a hash of the record id, then the
    /// id). The same records give the same id whatever their input order or thread count.
    pub id: String,
    /// Member record indices into the input slice.
    pub members: Vec<u32>,
}

/// A scored link between two records.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoredPair {
    /// Input index of the first record.
    pub a: u32,
    /// Input index of the second record.
    pub b: u32,
    /// Match weight (log2 odds), term frequencies included.
    pub weight: f64,
    /// Match probability.
    pub probability: f64,
    /// Comparison level per field ([`crate::compare::CompareField::ALL`] order).
    pub levels: Levels,
}

/// What `Resolver::prepare` hands to scoring and clustering.
struct Prepared {
    /// Canonical position → input index.
    order: Vec<u32>,
    /// Normalized records in canonical order.
    normalized: Vec<NormalizedProfile>,
    generic: Vec<GenericValue>,
    /// Head of each record's exact-duplicate group.
    duplicates: Vec<u32>,
    pairs: Vec<(u32, u32)>,
    blocking: BlockingStats,
    tf: TermFrequencies,
    model: Model,
    /// Levels and term-frequency adjustment of each candidate pair.
    compared: Vec<(Levels, f32)>,
    /// The guard stage of the configuration.
    guard_stage: Guard,
    /// The first blocking rule that produced each candidate pair (only when asked for).
    pair_rules: Vec<u16>,
}

/// One candidate pair, scored, from [`Resolver::score_pairs`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidatePair {
    /// Input index of the first record.
    pub a: u32,
    /// Input index of the second record (`a < b`).
    pub b: u32,
    /// Match weight (log2 odds), term frequencies included, before the guard stage's override.
    pub weight: f64,
    /// Match probability of `weight`.
    pub probability: f64,
    /// The first blocking rule that produced the pair (an index into
    /// [`CandidatePairs::rules`]); exact duplicates, compared with the head of their group
    /// without blocking, have the last entry, `exact_duplicate`.
    pub rule: u16,
    /// The pair guard's verdict as `resolve` applies it: linked (at or above the threshold and
    /// not refused). The cluster guard may still keep two linked records apart.
    pub linked: bool,
    /// Why the pair guard refused a pair at or above the threshold.
    pub refused: Option<crate::guard::GuardReason>,
}

/// Every candidate pair of a resolution, scored above and below the threshold, from one pass:
/// to choose a threshold and blocking rules with labels (see [`crate::eval`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidatePairs {
    /// The pairs, ordered by (a, b).
    pub pairs: Vec<CandidatePair>,
    /// Names of the blocking rules, then `exact_duplicate`.
    pub rules: Vec<String>,
    /// Each input record's source, numbered by sorted source name (what [`Mode::Link`] uses).
    pub sources: Vec<u32>,
    /// The mode pairs were made in.
    pub mode: Mode,
    /// The threshold the verdicts used.
    pub threshold: f64,
    /// The model that scored them.
    pub model: Model,
}

/// The result of [`Resolver::resolve`]. `Debug` shows counts and figures, no personal data.
#[derive(Clone)]
pub struct Resolution {
    /// Clusters, ordered by id. Every input record is in exactly one.
    pub clusters: Vec<Cluster>,
    /// Golden records, one per cluster, in the same order (empty when [`Config::golden`] is
    /// off; see [`Resolution::golden_record`]).
    pub golden: Vec<crate::golden::GoldenRecord>,
    /// Pairs at or above the threshold (input indices, `a < b`), sorted.
    pub links: Vec<ScoredPair>,
    /// Figures.
    pub stats: Stats,
    /// The model used (trained here, or the one given).
    pub model: Model,
    pub(crate) cluster_of: Vec<u32>,
    pub(crate) normalized: Vec<NormalizedProfile>,
    pub(crate) tf: TermFrequencies,
    pub(crate) threshold: f64,
    pub(crate) survivorship: crate::golden::SurvivorshipConfig,
    /// The guard stage the links went through, so `explain` judges a pair the same way.
    pub(crate) guard: Guard,
}

impl std::fmt::Debug for Resolution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolution")
            .field("clusters", &self.clusters.len())
            .field("golden", &self.golden.len())
            .field("links", &self.links.len())
            .field("records", &self.normalized.len())
            .field("threshold", &self.threshold)
            .finish_non_exhaustive()
    }
}

impl Resolution {
    /// Index into [`Resolution::clusters`] of the cluster holding input record `record`.
    pub fn cluster_of(&self, record: usize) -> Option<usize> {
        self.cluster_of.get(record).map(|&c| c as usize)
    }

    /// Builds the golden record of cluster `cluster` (an index into [`Resolution::clusters`]);
    /// `profiles` is the slice that was resolved. The same record [`Resolution::golden`] holds
    /// when [`Config::golden`] is on. `None` when the index is out of range or `profiles` is not
    /// the resolved slice.
    ///
    /// ```
    /// use selfsame::{Config, Profile, Resolver};
    /// let profiles = vec![
    ///     Profile::new("crm", "1").with_given_name("Ann").with_family_name("Lee").with_email("ann.lee@example.com"),
    ///     Profile::new("shop", "2").with_given_name("Ann").with_family_name("Lee").with_email("ANN.LEE@example.com"),
    /// ];
    /// let res = Resolver::new(Config::default().with_golden(false)).resolve(&profiles).unwrap();
    /// assert!(res.golden.is_empty());
    /// let g = res.golden_record(0, &profiles).unwrap();
    /// assert_eq!(g.records.len(), 2);
    /// ```
    pub fn golden_record<R: Records + ?Sized>(
        &self,
        cluster: usize,
        profiles: &R,
    ) -> Option<crate::golden::GoldenRecord> {
        if profiles.len() != self.normalized.len() {
            return None;
        }
        let c = self.clusters.get(cluster)?;
        Some(crate::golden::golden_record_in(
            &c.id,
            &c.members,
            profiles,
            &self.normalized,
            &self.survivorship,
        ))
    }

    /// The normalized form of input record `record`.
    pub fn normalized(&self, record: usize) -> Option<&NormalizedProfile> {
        self.normalized.get(record)
    }
}

/// Resolves profiles into clusters and golden records.
///
/// ```
/// use selfsame::{Profile, Resolver};
/// let profiles = vec![
///     Profile::new("crm", "1").with_given_name("Robert").with_family_name("Smith").with_email("bob.smith@gmail.com"),
///     Profile::new("shop", "a7").with_given_name("Bob").with_family_name("Smith").with_email("BobSmith+shop@googlemail.com"),
///     Profile::new("shop", "a8").with_given_name("Mary").with_family_name("Jones").with_email("mary@example.com"),
/// ];
/// let res = Resolver::default().resolve(&profiles).unwrap();
/// assert_eq!(res.clusters.len(), 2);
/// assert_eq!(res.cluster_of(0), res.cluster_of(1));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Resolver {
    config: Config,
    model: Option<Model>,
}

impl Resolver {
    /// A resolver with this configuration; the model is trained on each input.
    pub fn new(config: Config) -> Resolver {
        Resolver {
            config,
            model: None,
        }
    }

    /// Uses a given model instead of training one (EM is skipped; *u* and *m* are kept as given).
    pub fn with_model(mut self, model: Model) -> Resolver {
        self.model = Some(model);
        self
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Blocking figures without comparing or scoring anything: candidate pairs per rule, the total,
    /// and the oversized blocks that would be skipped — to tune rules before a long run.
    ///
    /// ```
    /// use selfsame::{Profile, Resolver};
    /// let profiles: Vec<Profile> = (0..5)
    ///     .map(|i| Profile::new("crm", i.to_string()).with_phone("+1 415 555 0134"))
    ///     .collect();
    /// let stats = Resolver::default().blocking_stats(&profiles).unwrap();
    /// assert_eq!(stats.total_pairs, 10);
    /// assert_eq!(stats.rules[1].rule, "phone");
    /// ```
    pub fn blocking_stats<R: Records + ?Sized>(
        &self,
        profiles: &R,
    ) -> Result<BlockingStats, Error> {
        self.config.validate()?;
        if profiles.len() > u32::MAX as usize {
            return Err(Error::TooManyRecords(profiles.len()));
        }
        let order = canonical_order(profiles);
        let sources = source_ids(profiles, &order);
        let mut normalized: Vec<NormalizedProfile> = order
            .par_iter()
            .map_init(crate::normalize::NameMemo::default, |memo, &i| {
                normalize_one(&profiles.profile(i as usize), &self.config, memo)
            })
            .collect();
        let guard = Guard::from_config(&self.config);
        guard.mark_generic(&mut normalized);
        let duplicates = exact_duplicates(&guard, &normalized, self.config.mode);
        Ok(
            BlockIndex::build_heads(&normalized, &self.config.blocking, &duplicates)
                .stats(&sources, self.config.mode),
        )
    }

    /// Trains the model on the profiles without scoring or clustering: normalization, the guard
    /// stage's generic values and exact duplicates, blocking, u from random pairs and m by EM
    /// over the candidate pairs, exactly as [`Resolver::resolve`] does. A resolver built
    /// [`with_model`](Resolver::with_model) on the result gives the same clusters on the same
    /// profiles as a resolver that trains itself; a model saved with serde (use serde_json's
    /// `float_roundtrip` feature for an exact round trip) can resolve other data later. With a
    /// model already given, returns it unchanged.
    ///
    /// ```
    /// use selfsame::{Profile, Resolver};
    /// let profiles: Vec<Profile> = (0..40)
    ///     .map(|i| {
    ///         Profile::new(if i % 2 == 0 { "crm" } else { "shop" }, i.to_string())
    ///             .with_given_name(["Ann", "Bob", "Cy", "Di"][i / 10])
    ///             .with_family_name(format!("Family{}", i / 2))
    ///             .with_email(format!("person{}@example.com", i / 2))
    ///     })
    ///     .collect();
    /// let model = Resolver::default().train(&profiles).unwrap();
    /// let trained = Resolver::default().resolve(&profiles).unwrap();
    /// let reused = Resolver::default().with_model(model).resolve(&profiles).unwrap();
    /// assert_eq!(trained.clusters, reused.clusters);
    /// assert_eq!(reused.clusters.len(), 20);
    /// ```
    pub fn train<R: Records + ?Sized>(&self, profiles: &R) -> Result<Model, Error> {
        let mut timings = Timings::default();
        Ok(self
            .prepare(profiles, &mut |_, _, _| Ok(()), &mut timings, false)?
            .model)
    }

    /// Scores every candidate pair, above and below the threshold, as [`Resolver::resolve`]
    /// does (same normalization, blocking, model and pair guard), with the blocking rule that
    /// produced each: the input of [`crate::eval::threshold_table`],
    /// [`crate::eval::blocking_recall`] and [`crate::eval::weight_histogram`].
    ///
    /// ```
    /// use selfsame::{Profile, Resolver};
    /// let profiles = vec![
    ///     Profile::new("crm", "1").with_full_name("Ann Lee").with_email("ann@example.com"),
    ///     Profile::new("shop", "2").with_full_name("Ann Lee").with_email("ANN@example.com").with_phone("2125550199"),
    ///     Profile::new("pos", "3").with_full_name("Ann Leigh").with_phone("4155550134"),
    /// ];
    /// let scored = Resolver::default().score_pairs(&profiles).unwrap();
    /// assert_eq!(scored.rules[scored.pairs[0].rule as usize], "email");
    /// assert!(scored.pairs.iter().any(|p| (p.a, p.b) == (0, 1) && p.linked));
    /// ```
    pub fn score_pairs<R: Records + ?Sized>(&self, profiles: &R) -> Result<CandidatePairs, Error> {
        let mut timings = Timings::default();
        let Prepared {
            order,
            normalized,
            duplicates,
            pairs,
            blocking,
            tf,
            model,
            compared,
            guard_stage,
            pair_rules,
            ..
        } = self.prepare(profiles, &mut |_, _, _| Ok(()), &mut timings, true)?;
        let duplicate_rule = blocking.rules.len() as u16;
        let judge = |i: u32, j: u32, levels: &Levels, weight: f64, rule: u16| {
            let (p, q) = (&normalized[i as usize], &normalized[j as usize]);
            let (linked, refused) = match guard_stage.pair(p, q, levels, weight) {
                PairVerdict::Link(_) => (true, None),
                PairVerdict::Below(_) => (false, None),
                PairVerdict::Refused(reason) => (false, Some(reason)),
            };
            let (a, b) = (order[i as usize], order[j as usize]);
            CandidatePair {
                a: a.min(b),
                b: a.max(b),
                weight,
                probability: Model::probability(weight),
                rule,
                linked,
                refused,
            }
        };
        let mut out: Vec<CandidatePair> = pairs
            .par_iter()
            .zip(compared.par_iter())
            .zip(pair_rules.par_iter())
            .map(|((&(i, j), (levels, adj)), &rule)| {
                judge(
                    i,
                    j,
                    levels,
                    model.weight_of_levels(levels) + f64::from(*adj),
                    rule,
                )
            })
            .collect();
        out.par_extend(
            duplicates
                .par_iter()
                .enumerate()
                .filter(|&(i, &h)| h as usize != i)
                .map(|(i, &h)| {
                    let c = model.compare(&normalized[h as usize], &normalized[i]);
                    let w = model.weight_of_levels(&c.levels) + tf.adjustment(&model, &c);
                    judge(h, i as u32, &c.levels, w, duplicate_rule)
                }),
        );
        out.par_sort_unstable_by_key(|p| (p.a, p.b));
        let mut rules: Vec<String> = blocking.rules.iter().map(|r| r.rule.clone()).collect();
        rules.push("exact_duplicate".into());
        let mut sources = vec![0u32; order.len()];
        for (k, s) in source_ids(profiles, &order).into_iter().enumerate() {
            sources[order[k] as usize] = s;
        }
        Ok(CandidatePairs {
            pairs: out,
            rules,
            sources,
            mode: self.config.mode,
            threshold: self.config.threshold,
            model,
        })
    }

    /// Resolves the profiles: a slice or `Vec` of [`Profile`]s, or any other [`Records`] (such
    /// as `selfsame::csv::Rows`, which holds a large CSV input compactly).
    pub fn resolve<R: Records + ?Sized>(&self, profiles: &R) -> Result<Resolution, Error> {
        self.resolve_with_progress(profiles, |_| {})
    }

    /// Resolves the profiles, reporting progress to `progress`: the start (`done == 0`) and end
    /// (`done == total`) of each phase, and counts in between during the long ones (normalize,
    /// train, score and golden report every [`PROGRESS_CHUNK`] records, pairs or clusters).
    /// Reports come from the calling thread, in order.
    pub fn resolve_with_progress<R: Records + ?Sized>(
        &self,
        profiles: &R,
        mut progress: impl FnMut(Progress),
    ) -> Result<Resolution, Error> {
        self.resolve_with_control(profiles, |p| {
            progress(p);
            ControlFlow::Continue(())
        })
    }

    /// Like [`Resolver::resolve_with_progress`], and the callback can stop the run: returning
    /// [`ControlFlow::Break`] makes it return [`Error::Cancelled`] at the next report.
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use selfsame::{resolve::Phase, Error, Profile, Resolver};
    /// let profiles: Vec<Profile> = (0..10)
    ///     .map(|i| Profile::new("crm", i.to_string()).with_given_name("Ann"))
    ///     .collect();
    /// let res = Resolver::default().resolve_with_control(&profiles, |p| {
    ///     if p.phase == Phase::Train { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    /// });
    /// assert!(matches!(res, Err(Error::Cancelled)));
    /// ```
    pub fn resolve_with_control<R: Records + ?Sized>(
        &self,
        profiles: &R,
        mut progress: impl FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Resolution, Error> {
        let cfg = &self.config;
        let mut timings = Timings::default();
        let mut report = |phase, done, total| match progress(Progress { phase, done, total }) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => Err(Error::Cancelled),
        };
        let Prepared {
            order,
            normalized,
            mut generic,
            duplicates,
            pairs,
            blocking,
            tf,
            model,
            compared,
            guard_stage,
            ..
        } = self.prepare(profiles, &mut report, &mut timings, false)?;
        let n = profiles.len();

        let t = Instant::now();
        report(Phase::Score, 0, pairs.len() as u64)?;
        let refused = Mutex::new(Vec::new());
        let mut links: Vec<ScoredPair> = pairs
            .par_iter()
            .zip(compared.par_iter())
            .filter_map(|(&(i, j), &(levels, adj))| {
                let weight = model.weight_of_levels(&levels) + f64::from(adj);
                let (p, q) = (&normalized[i as usize], &normalized[j as usize]);
                match guard_stage.pair(p, q, &levels, weight) {
                    PairVerdict::Link(weight) => Some(ScoredPair {
                        a: i,
                        b: j,
                        weight,
                        probability: Model::probability(weight),
                        levels,
                    }),
                    PairVerdict::Below(_) => None,
                    PairVerdict::Refused(reason) => {
                        refused
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(GuardedLink { a: i, b: j, reason });
                        None
                    }
                }
            })
            .collect();
        // Each exact duplicate is linked to the head of its group directly (it was not blocked
        // itself): one comparison per duplicate, listed like any link at or above the threshold.
        let duplicate_links: Vec<ScoredPair> = duplicates
            .par_iter()
            .enumerate()
            .filter(|&(i, &h)| h as usize != i)
            .filter_map(|(i, &h)| {
                let (p, q) = (&normalized[h as usize], &normalized[i]);
                let c = model.compare(p, q);
                let weight = model.weight_of_levels(&c.levels) + tf.adjustment(&model, &c);
                match guard_stage.pair(p, q, &c.levels, weight) {
                    PairVerdict::Link(weight) => Some(ScoredPair {
                        a: h.min(i as u32),
                        b: h.max(i as u32),
                        weight,
                        probability: Model::probability(weight),
                        levels: c.levels,
                    }),
                    _ => None,
                }
            })
            .collect();
        links.extend(duplicate_links);
        let scored_pairs = pairs.len() as u64;
        drop(compared);
        drop(pairs);
        timings.score = t.elapsed();
        report(Phase::Score, scored_pairs, scored_pairs)?;

        let t = Instant::now();
        report(Phase::Cluster, 0, links.len() as u64)?;
        let cluster_links: Vec<Link> = links
            .iter()
            .map(|l| Link {
                a: l.a,
                b: l.b,
                weight: l.weight,
                probability: l.probability,
            })
            .collect();
        let (labels, mut guard) = guard_stage.cluster(&normalized, &cluster_links, &duplicates);
        drop(cluster_links);
        // Normalized profiles back in input order too, in place (no second copy of them all),
        // while the clusters are named and ordered.
        let mut normalized_in = normalized;
        let ((), (clusters, cluster_of, exact_duplicates)) = rayon::join(
            || to_input_order(&mut normalized_in, &order),
            || {
                let refused = refused.into_inner().unwrap_or_else(|e| e.into_inner());
                guard.household_refused = refused
                    .iter()
                    .filter(|g| g.reason == crate::guard::GuardReason::Household)
                    .count();
                guard.conflicts_refused += refused.len() - guard.household_refused;
                guard.guarded.extend(refused);
                let exact_duplicates = duplicates
                    .iter()
                    .enumerate()
                    .filter(|&(i, &h)| h as usize != i)
                    .count();
                drop(duplicates);
                for g in &mut generic {
                    g.first_record = order[g.first_record as usize];
                }
                // Back to input indices, sorted, so the list does not depend on threads or input order.
                for g in &mut guard.guarded {
                    let (a, b) = (order[g.a as usize], order[g.b as usize]);
                    (g.a, g.b) = (a.min(b), a.max(b));
                }
                guard.guarded.par_sort_by_key(|g| (g.a, g.b));
                // Back to input indices; each group's first canonical member (lowest (source, id))
                // names the cluster.
                let mut keyed: Vec<(u64, Vec<u32>)> = groups(&labels)
                    .into_par_iter()
                    .map(|g| {
                        let first = order[g[0] as usize] as usize;
                        let mut members: Vec<u32> = g.iter().map(|&k| order[k as usize]).collect();
                        members.sort_unstable();
                        (
                            cluster_hash(profiles.source(first), profiles.id(first)),
                            members,
                        )
                    })
                    .collect();
                // Ordered by id: the fixed-width hex id sorts as its number does.
                keyed.par_sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.cmp(&y.1)));
                let clusters: Vec<Cluster> = keyed
                    .into_par_iter()
                    .map(|(h, members)| Cluster {
                        id: format!("c{h:016x}"),
                        members,
                    })
                    .collect();
                let mut cluster_of = vec![0u32; n];
                for (c, cl) in clusters.iter().enumerate() {
                    for &m in &cl.members {
                        cluster_of[m as usize] = c as u32;
                    }
                }
                for l in &mut links {
                    let (a, b) = (order[l.a as usize], order[l.b as usize]);
                    (l.a, l.b) = (a.min(b), a.max(b));
                }
                links.par_sort_by_key(|l| (l.a, l.b));
                (clusters, cluster_of, exact_duplicates)
            },
        );
        timings.cluster = t.elapsed();
        report(Phase::Cluster, links.len() as u64, links.len() as u64)?;

        let t = Instant::now();
        report(Phase::Golden, 0, clusters.len() as u64)?;
        let mut golden: Vec<crate::golden::GoldenRecord> = Vec::new();
        if cfg.golden {
            golden.reserve(clusters.len());
            for chunk in clusters.chunks(PROGRESS_CHUNK) {
                golden.par_extend(chunk.par_iter().map(|c| {
                    crate::golden::golden_record_in(
                        &c.id,
                        &c.members,
                        profiles,
                        &normalized_in,
                        &cfg.survivorship,
                    )
                }));
                if golden.len() < clusters.len() {
                    report(Phase::Golden, golden.len() as u64, clusters.len() as u64)?;
                }
            }
        }
        timings.golden = t.elapsed();
        report(Phase::Golden, clusters.len() as u64, clusters.len() as u64)?;

        let cluster_sizes = ClusterSizes::of(&clusters);
        let stats = Stats {
            records: n,
            generic,
            exact_duplicates,
            cluster_sizes,
            rejected_values: normalized_in.iter().map(|p| p.rejected.len()).sum(),
            rejections: RejectionCount::of(&normalized_in),
            blocking,
            scored_pairs,
            matched_pairs: links.len() as u64,
            clusters: clusters.len(),
            guard,
            em_iterations: model.em_iterations,
            timings,
        };
        Ok(Resolution {
            clusters,
            golden,
            links,
            stats,
            model,
            cluster_of,
            normalized: normalized_in,
            tf,
            threshold: cfg.threshold,
            survivorship: cfg.survivorship.clone(),
            guard: guard_stage,
        })
    }

    /// Everything up to scoring, shared by [`Resolver::resolve_with_control`] and
    /// [`Resolver::train`]: canonical order, normalization, the guard stage's generic values and
    /// exact duplicates, blocking, and the model (given, or trained on the candidate pairs).
    fn prepare<R: Records + ?Sized>(
        &self,
        profiles: &R,
        report: &mut dyn FnMut(Phase, u64, u64) -> Result<(), Error>,
        timings: &mut Timings,
        want_rules: bool,
    ) -> Result<Prepared, Error> {
        let cfg = &self.config;
        cfg.validate()?;
        if let Some(m) = &self.model {
            m.validate()?;
            m.check_comparisons(&cfg.comparisons)?;
        }
        let n = profiles.len();
        if n > u32::MAX as usize {
            return Err(Error::TooManyRecords(n));
        }

        // Canonical order (by source, then record id) so results do not depend on input order.
        let order = canonical_order(profiles);
        for w in order.windows(2) {
            let (p, q) = (w[0] as usize, w[1] as usize);
            if profiles.source(p) == profiles.source(q) && profiles.id(p) == profiles.id(q) {
                let (first, second) = (p.min(q), p.max(q));
                return Err(Error::DuplicateRecord {
                    source_name: profiles.source(p).to_string(),
                    first,
                    second,
                });
            }
        }
        let sources = source_ids(profiles, &order);

        let t = Instant::now();
        report(Phase::Normalize, 0, n as u64)?;
        let mut normalized: Vec<NormalizedProfile> = Vec::with_capacity(n);
        for chunk in order.chunks(PROGRESS_CHUNK) {
            normalized.par_extend(
                chunk
                    .par_iter()
                    .map_init(crate::normalize::NameMemo::default, |memo, &i| {
                        normalize_one(&profiles.profile(i as usize), cfg, memo)
                    }),
            );
            if normalized.len() < n {
                report(Phase::Normalize, normalized.len() as u64, n as u64)?;
            }
        }
        timings.normalize = t.elapsed();
        report(Phase::Normalize, n as u64, n as u64)?;

        let t = Instant::now();
        report(Phase::Block, 0, n as u64)?;
        // The guard stage first: generic values stop being evidence, exact duplicates are grouped.
        let guard_stage = Guard::from_config(cfg);
        let generic = guard_stage.mark_generic(&mut normalized);
        let duplicates = exact_duplicates(&guard_stage, &normalized, cfg.mode);
        let index = BlockIndex::build_heads(&normalized, &cfg.blocking, &duplicates);
        let (pairs, blocking) = index.pairs(&sources, cfg.mode);
        let pair_rules = if want_rules {
            // The first rule whose own pairs hold the pair.
            let per_rule = index.pairs_per_rule(&sources, cfg.mode);
            pairs
                .par_iter()
                .map(|p| {
                    per_rule
                        .iter()
                        .position(|r| r.binary_search(p).is_ok())
                        .unwrap_or(0) as u16
                })
                .collect()
        } else {
            Vec::new()
        };
        drop(index);
        timings.block = t.elapsed();
        report(Phase::Block, n as u64, n as u64)?;

        let t = Instant::now();
        report(Phase::Train, 0, pairs.len() as u64)?;
        let tf = TermFrequencies::build(&normalized);
        let mut model = match &self.model {
            Some(m) => m.clone(),
            None => {
                let mut m = Model::untrained_with(&cfg.comparisons);
                m.estimate_u(&normalized, &sources, cfg.mode, &cfg.training);
                m
            }
        };
        // One comparison per candidate pair: levels for EM, term-frequency adjustment for scoring.
        let mut compared: Vec<(Levels, f32)> = Vec::with_capacity(pairs.len());
        for chunk in pairs.chunks(PROGRESS_CHUNK) {
            compared.par_extend(chunk.par_iter().map(|&(i, j)| {
                let c = model.compare(&normalized[i as usize], &normalized[j as usize]);
                (c.levels, tf.adjustment(&model, &c) as f32)
            }));
            if compared.len() < pairs.len() {
                report(Phase::Train, compared.len() as u64, pairs.len() as u64)?;
            }
        }
        if self.model.is_none() {
            let levels: Vec<Levels> = compared.iter().map(|c| c.0).collect();
            model.estimate_m(&levels, total_pairs(&sources, cfg.mode), &cfg.training);
        }
        timings.train = t.elapsed();
        report(Phase::Train, pairs.len() as u64, pairs.len() as u64)?;
        Ok(Prepared {
            order,
            normalized,
            generic,
            duplicates,
            pairs,
            blocking,
            tf,
            model,
            compared,
            guard_stage,
            pair_rules,
        })
    }
}

/// A profile normalized for this configuration: [`crate::normalize::normalize_profile`], then the values of its
/// custom comparisons.
fn normalize_one(
    p: &Profile,
    cfg: &Config,
    memo: &mut crate::normalize::NameMemo,
) -> NormalizedProfile {
    let mut n = crate::normalize::normalize_profile_in(p, &cfg.normalize, memo);
    crate::compare::normalize_custom(p, &mut n, &cfg.comparisons, &cfg.normalize);
    n
}

/// Groups of exact duplicates (see [`Guard::exact_duplicates`]); none in [`Mode::Link`], which
/// never joins two records of one source.
fn exact_duplicates(guard: &Guard, records: &[NormalizedProfile], mode: Mode) -> Vec<u32> {
    if mode == Mode::Link {
        (0..records.len() as u32).collect()
    } else {
        guard.exact_duplicates(records)
    }
}

/// Moves `v[k]` to position `order[k]` for every k, in place: O(n) swaps along the
/// permutation's cycles and one bit per element.
fn to_input_order<T>(v: &mut [T], order: &[u32]) {
    let mut placed = vec![false; v.len()];
    for start in 0..v.len() {
        if placed[start] {
            continue;
        }
        // Follow the cycle: the element at `start` belongs at order[start], and so on.
        let mut k = start;
        loop {
            let target = order[k] as usize;
            placed[k] = true;
            if target == start {
                break;
            }
            v.swap(start, target);
            k = target;
        }
    }
}

/// Record indices in canonical order — by source name, then by a hash of the record id, then by
/// the id itself — the order every stage works in, so results do not depend on the input order.
/// Sorting on integers first keeps string comparisons to the rare hash ties.
fn canonical_order<R: Records + ?Sized>(profiles: &R) -> Vec<u32> {
    // Source ranks: sources are few, so one map lookup per record.
    let mut names: Vec<&str> = Vec::new();
    let mut rank_of: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let ranks: Vec<u32> = (0..profiles.len())
        .map(|i| {
            let next = rank_of.len() as u32;
            let source = profiles.source(i);
            *rank_of.entry(source).or_insert_with(|| {
                names.push(source);
                next
            })
        })
        .collect();
    // Renumber by sorted name.
    let mut by_name: Vec<u32> = (0..names.len() as u32).collect();
    by_name.sort_unstable_by_key(|&r| names[r as usize]);
    let mut sorted_rank = vec![0u32; names.len()];
    for (pos, &r) in by_name.iter().enumerate() {
        sorted_rank[r as usize] = pos as u32;
    }
    let mut keys: Vec<(u32, u64, u32)> = ranks
        .par_iter()
        .enumerate()
        .map(|(i, &r)| (sorted_rank[r as usize], hash_str(profiles.id(i)), i as u32))
        .collect();
    keys.par_sort_unstable_by(|x, y| {
        (x.0, x.1)
            .cmp(&(y.0, y.1))
            .then_with(|| profiles.id(x.2 as usize).cmp(profiles.id(y.2 as usize)))
    });
    keys.into_iter().map(|k| k.2).collect()
}

/// Source index per record, in canonical order (sources numbered by sorted name).
fn source_ids<R: Records + ?Sized>(profiles: &R, order: &[u32]) -> Vec<u32> {
    let mut next = 0u32;
    let mut out = Vec::with_capacity(order.len());
    let mut last: Option<&str> = None;
    for &i in order {
        let s = profiles.source(i as usize);
        if last.is_some_and(|l| l != s) {
            next += 1;
        }
        last = Some(s);
        out.push(next);
    }
    out
}

/// The deterministic cluster id of a cluster whose first member is (source, id).
///
/// ```
/// let id = selfsame::resolve::cluster_id("crm", "17");
/// assert_eq!(id.len(), 17);
/// assert_eq!(id, selfsame::resolve::cluster_id("crm", "17"));
/// ```
pub fn cluster_id(source: &str, id: &str) -> String {
    format!("c{:016x}", cluster_hash(source, id))
}

fn cluster_hash(source: &str, id: &str) -> u64 {
    combine(hash_str(source), hash_str(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_input_order_applies_the_permutation() {
        // A permutation with a fixed point, a 2-cycle and a 4-cycle.
        let order: Vec<u32> = vec![3, 1, 6, 5, 7, 0, 2, 4];
        let old: Vec<u32> = (0..8).map(|k| k * 10).collect();
        let mut v = old.clone();
        to_input_order(&mut v, &order);
        for (k, &x) in old.iter().enumerate() {
            assert_eq!(v[order[k] as usize], x);
        }
        // Many sizes and shuffles, against the naive copy.
        let mut seed = 7u64;
        for n in [0usize, 1, 2, 5, 64, 1000] {
            let mut order: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                order.swap(i, (seed >> 33) as usize % (i + 1));
            }
            let old: Vec<u64> = (0..n as u64).map(|x| x * 3 + 1).collect();
            let mut naive = vec![0u64; n];
            for k in 0..n {
                naive[order[k] as usize] = old[k];
            }
            let mut v = old.clone();
            to_input_order(&mut v, &order);
            assert_eq!(v, naive, "n = {n}");
        }
    }
}
