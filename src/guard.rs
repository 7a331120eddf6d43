//! The guard stage: every rule that keeps different people apart, in one place.
//!
//! [`Resolver::resolve`](crate::Resolver::resolve), [`Resolution::explain`](crate::Resolution)
//! and a pipeline built by hand all go through a [`Guard`]; nothing here is private to the facade.
//! The rules, in the order they act:
//!
//! 1. **Generic values** ([`Guard::mark_generic`]): an email, email local part, phone or address
//!    carried by records of many different people (different given names or dates of birth) is
//!    a placeholder, a shared inbox, a reception desk or a common `firstinitial.surname`. It is
//!    flagged on the [`NormalizedProfile`] and then is no evidence either way: it makes no
//!    candidates and compares as missing. An email address many people carry but only one
//!    person of a family name (`joseph65@proton.me` of three Josephs, two records of them
//!    Joseph Shanahan) stays evidence between that family's records: its hash is combined
//!    with the family name's, so it links them and no one else.
//! 2. **Exact duplicates** ([`Guard::exact_duplicates`]): records identical after normalization
//!    on at least two identifying fields always end up together, in linear time, whatever the
//!    block sizes; only one of them is blocked and scored.
//! 3. **Pair rules** ([`Guard::pair`]): unique identifiers (a different value forbids the link,
//!    an equal one makes it), the household rule (given names that disagree outright are
//!    linked only on personal evidence), and namesakes: a pair whose dates of birth disagree
//!    outright and whose equal email address is spelled from a name (`first.last@`) is linked
//!    only on identifying evidence — a phone, an address, an identifier.
//! 4. **Cluster coherence** ([`Guard::cluster`]): a link joins two *clusters*, not two records.
//!    Links are applied strongest first; a merge is refused when the two clusters together would
//!    hold different values of a unique identifier, dates of birth that disagree (differ by more
//!    than a typo) or given names that disagree outright — unless the link vouches for it:
//!    its own two records disagree on that field yet were scored a match, and the conflict
//!    involves one of their values (direct support). A conflict only between other records,
//!    reached through a chain, is never excused.
//! 5. **Weak bridges**: a doubtful link that alone joins two groups of two or more records is cut.
//! 6. **Ambiguous sign-ups** (before the union): a record with nothing but names and emails that
//!    links to several groups the other records' links keep apart keeps only its links into the
//!    group of its strongest link ([`GuardReason::Ambiguous`]); namesakes who write the same
//!    `first.last@` address are otherwise merged through it.
//!
//! Every link the guard keeps out is listed in [`ClusterStats::guarded`] with its
//! [`GuardReason`].

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::cluster::{ClusterStats, Link, UnionFind};
use crate::compare::{
    compare_date, compare_names, family_level, given_level, jaro_winkler_min, CompareField, Levels,
    MISSING,
};
use crate::hash::{combine, hash_str};
use crate::normalize::date::Date;
use crate::normalize::text::fold_compact;
use crate::profile::{NameKey, NormalizedProfile};

/// Guard settings. Plain data with defaults.
///
/// ```
/// let g = selfsame::guard::GuardConfig::default();
/// assert!(g.cut_weak_bridges && g.household && g.coherence && g.exact_duplicates);
/// assert_eq!(g.generic_email, 3);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GuardConfig {
    /// Household guard: two records whose given names disagree outright (not equal, not one
    /// nickname group, not similar, not an initial) are linked directly only on personal
    /// evidence — a date of birth that agrees (exactly, day/month swapped or one component off)
    /// or an external identifier equal or one typo apart — whatever else they share: household
    /// members share a surname, an address, a landline and sometimes an email. A shared unique
    /// identifier overrides it.
    pub household: bool,
    /// Cluster coherence: refuse a merge of two clusters that would then hold dates of birth or
    /// given names that disagree outright, unless the link's own records carry the conflict.
    pub coherence: bool,
    /// Records identical after normalization (on at least two identifying fields) always end up
    /// together, however large their blocks.
    pub exact_duplicates: bool,
    /// An email address carried by records of at least this many different people (given names
    /// that disagree outright, one given name with family names that disagree outright, dates
    /// of birth that disagree, or homes apart: records sharing neither a phone number nor a
    /// postcode) is generic. 0 turns the rule off.
    pub generic_email: u32,
    /// An email local part carried by records of at least this many different people is generic
    /// as a local part: equal local parts at different domains are then no evidence (the whole
    /// address still is, unless it is generic itself). 0 turns the rule off.
    pub generic_email_local: u32,
    /// A phone number carried by records of at least this many different people is generic.
    /// 0 turns the rule off.
    pub generic_phone: u32,
    /// A postal address carried by records of at least this many different people is generic.
    /// 0 turns the rule off.
    pub generic_address: u32,
    /// A merge is refused when the cluster would hold more than this many distinct phone
    /// numbers (non-generic): more than one person keeps. 0 turns the rule off. Default 5.
    pub max_phones: u32,
    /// A merge is refused when the cluster would hold more than this many distinct email local
    /// parts (non-generic). 0 turns the rule off. Default 5.
    pub max_emails: u32,
    /// Cut weak links that are the only connection between two groups of two or more records.
    pub cut_weak_bridges: bool,
    /// Links at or above this match probability are never cut as bridges. Default 0.999.
    pub bridge_probability: f64,
}

impl Default for GuardConfig {
    fn default() -> Self {
        GuardConfig {
            household: true,
            coherence: true,
            exact_duplicates: true,
            generic_email: 3,
            generic_email_local: 3,
            generic_phone: 4,
            generic_address: 6,
            max_phones: 5,
            max_emails: 5,
            cut_weak_bridges: true,
            bridge_probability: 0.999,
        }
    }
}

/// Why the guard kept a link out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GuardReason {
    /// The link would join two different values of an identifier declared unique.
    UniqueIdConflict,
    /// Given names disagree outright with no personal evidence (see [`GuardConfig::household`]).
    Household,
    /// The two clusters hold dates of birth that disagree (see [`GuardConfig::coherence`]).
    BirthDateConflict,
    /// The two clusters hold given names that disagree outright (see [`GuardConfig::coherence`]).
    GivenNameConflict,
    /// The merged cluster would hold more phone numbers or email addresses than one person keeps
    /// (see [`GuardConfig::max_phones`]).
    TooManyContacts,
    /// A weak link that alone joined two groups of two or more records.
    WeakBridge,
    /// A record with nothing but a name and an email (a sign-up) links to several groups that
    /// nothing else joins: only its links into the group of its strongest link are kept.
    Ambiguous,
}

/// A link above the threshold that the guard kept out, with why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardedLink {
    /// First record index.
    pub a: u32,
    /// Second record index.
    pub b: u32,
    /// Why it was kept out.
    pub reason: GuardReason,
}

/// The field of a generic value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GenericField {
    /// A whole email address.
    Email,
    /// An email local part (the part before `@`), shared across domains.
    EmailLocal,
    /// A phone number.
    Phone,
    /// A postal address.
    Address,
}

/// A value found generic: which field, one record carrying it (so it can be looked up without
/// the library ever showing it), how many records carry it and how many different people they
/// are at least.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenericValue {
    /// The field.
    pub field: GenericField,
    /// Index of the first record carrying it (in the order of the records given).
    pub first_record: u32,
    /// Records carrying it.
    pub records: u32,
    /// Different people among them, at least (distinct given names or dates of birth).
    pub people: u32,
}

/// What the guard says about one scored pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PairVerdict {
    /// Linked, with this weight (raised when a unique identifier is shared).
    Link(f64),
    /// Below the threshold.
    Below(f64),
    /// At or above the threshold but kept out, with why.
    Refused(GuardReason),
}

/// The guard stage, ready to judge pairs and build clusters.
///
/// ```
/// use selfsame::{guard::{Guard, GuardConfig, PairVerdict, GuardReason}, normalize::normalize_profile, Profile};
/// use selfsame::compare::compare;
/// let cfg = Default::default();
/// let a = normalize_profile(&Profile::new("crm", "1").with_given_name("Anna").with_family_name("Lee")
///     .with_email("lee.family@example.com"), &cfg);
/// let b = normalize_profile(&Profile::new("shop", "2").with_given_name("Oscar").with_family_name("Lee")
///     .with_email("lee.family@example.com"), &cfg);
/// let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
/// // Same email and surname, different given names, no date of birth: a household, not a person.
/// let levels = compare(&a, &b).levels;
/// assert_eq!(guard.pair(&a, &b, &levels, 30.0), PairVerdict::Refused(GuardReason::Household));
/// ```
#[derive(Clone, Debug)]
pub struct Guard {
    cfg: GuardConfig,
    unique_kinds: Vec<u64>,
    match_on_unique: bool,
    threshold_weight: f64,
}

impl Guard {
    /// A guard with these settings, identifier kinds declared unique per person, whether a
    /// shared unique identifier is a match by itself, and the match threshold (a probability).
    pub fn new<S: AsRef<str>>(
        cfg: GuardConfig,
        unique_identifiers: &[S],
        match_on_unique_identifier: bool,
        threshold: f64,
    ) -> Guard {
        Guard {
            cfg,
            unique_kinds: unique_identifiers
                .iter()
                .map(|k| hash_str(&fold_compact(k.as_ref())))
                .collect(),
            match_on_unique: match_on_unique_identifier,
            threshold_weight: (threshold / (1.0 - threshold)).log2(),
        }
    }

    /// The guard of a resolver configuration.
    pub fn from_config(cfg: &crate::Config) -> Guard {
        Guard::new(
            cfg.guard.clone(),
            &cfg.unique_identifiers,
            cfg.match_on_unique_identifier,
            cfg.threshold,
        )
    }

    /// The settings.
    pub fn config(&self) -> &GuardConfig {
        &self.cfg
    }

    /// The record's unique identifiers as (kind hash, value hash).
    fn unique_ids(&self, p: &NormalizedProfile) -> SmallVec<[(u64, u64); 1]> {
        if self.unique_kinds.is_empty() {
            return SmallVec::new();
        }
        p.identifiers
            .iter()
            .filter(|i| self.unique_kinds.contains(&i.kind))
            .map(|i| (i.kind, i.hash))
            .collect()
    }

    /// Judges one scored pair: `levels` from [`crate::compare::compare`], `weight` the match
    /// weight (term frequencies included).
    pub fn pair(
        &self,
        a: &NormalizedProfile,
        b: &NormalizedProfile,
        levels: &Levels,
        weight: f64,
    ) -> PairVerdict {
        let (ua, ub) = (self.unique_ids(a), self.unique_ids(b));
        if ua
            .iter()
            .any(|&(k, v)| ub.iter().any(|&(k2, v2)| k == k2 && v != v2))
        {
            return if weight >= self.threshold_weight {
                PairVerdict::Refused(GuardReason::UniqueIdConflict)
            } else {
                PairVerdict::Below(weight)
            };
        }
        if self.match_on_unique && ua.iter().any(|x| ub.contains(x)) {
            return PairVerdict::Link(weight.max(self.threshold_weight + 10.0));
        }
        if weight < self.threshold_weight {
            return PairVerdict::Below(weight);
        }
        let given_else = (CompareField::GivenName.num_levels() - 1) as u8;
        if self.cfg.household
            && levels[CompareField::GivenName as usize] == given_else
            && !personal_evidence(a, b, levels)
        {
            return PairVerdict::Refused(GuardReason::Household);
        }
        let dob_else = (CompareField::DateOfBirth.num_levels() - 1) as u8;
        // One side has no given name, the dates of birth disagree outright, and what agrees is
        // what a household shares (family name, phone, address): which member the record is
        // cannot be told. An equal email or identifier is the person's own and still links.
        if self.cfg.household
            && levels[CompareField::GivenName as usize] == MISSING
            && levels[CompareField::DateOfBirth as usize] == dob_else
            && levels[CompareField::Email as usize] != 0
            && !matches!(levels[CompareField::Identifier as usize], 0 | 1)
        {
            return PairVerdict::Refused(GuardReason::Household);
        }
        if self.cfg.coherence
            && levels[CompareField::DateOfBirth as usize] == dob_else
            && levels[CompareField::Email as usize] == 0
            && !identifying_evidence(a, b, levels)
        {
            return PairVerdict::Refused(GuardReason::BirthDateConflict);
        }
        PairVerdict::Link(weight)
    }

    /// Finds generic values and flags them on the records (`EmailKey::generic`,
    /// `EmailKey::generic_local`, `PhoneKey::generic`, `AddressKey::generic`). Linear after a
    /// sort of (value, record) pairs. Returns them sorted by field and first record.
    ///
    /// ```
    /// use selfsame::{guard::{Guard, GuardConfig, GenericField}, normalize::normalize_profile, Profile};
    /// let names = ["Ann", "Ben", "Carla", "Dmitri"];
    /// let mut records: Vec<_> = names.iter().enumerate().map(|(i, n)| normalize_profile(
    ///     &Profile::new("pos", i.to_string()).with_given_name(*n).with_email("noemail@shop.com"),
    ///     &Default::default())).collect();
    /// let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
    /// let generic = guard.mark_generic(&mut records);
    /// assert_eq!(generic[0].field, GenericField::Email);
    /// assert_eq!((generic[0].records, generic[0].people), (4, 4));
    /// assert!(records[2].emails[0].generic);
    /// ```
    pub fn mark_generic(&self, records: &mut [NormalizedProfile]) -> Vec<GenericValue> {
        let mut out = Vec::new();
        let fields = [
            (GenericField::Email, self.cfg.generic_email),
            (GenericField::EmailLocal, self.cfg.generic_email_local),
            (GenericField::Phone, self.cfg.generic_phone),
            (GenericField::Address, self.cfg.generic_address),
        ];
        for (field, min_people) in fields {
            if min_people == 0 {
                continue;
            }
            let min_people = min_people.max(2);
            let values = field_values(records, field);
            let found = generic_groups(records, &values, min_people);
            for &(_, first, n_records, people) in &found {
                out.push(GenericValue {
                    field,
                    first_record: first,
                    records: n_records,
                    people,
                });
            }
            let mut keys: Vec<u64> = found.iter().map(|g| g.0).collect();
            keys.sort_unstable();
            if keys.is_empty() {
                continue;
            }
            let refined = match field {
                GenericField::Email => refine_by_family(records, &values, &keys),
                _ => Vec::new(),
            };
            let is = |k: u64| keys.binary_search(&k).is_ok();
            records
                .par_iter_mut()
                .enumerate()
                .for_each(|(i, p)| match field {
                    GenericField::Email => p.emails.iter_mut().for_each(|e| {
                        if is(e.hash) {
                            match refined.binary_search_by_key(&(i as u32, e.hash), |r| (r.0, r.1))
                            {
                                // Only this family's records carry it: the address together with
                                // the family name is still one person's.
                                Ok(k) => {
                                    e.hash = refined[k].2;
                                    e.generic_local = true;
                                }
                                Err(_) => e.generic = true,
                            }
                        }
                    }),
                    GenericField::EmailLocal => p.emails.iter_mut().for_each(|e| {
                        if is(e.local_hash) {
                            e.generic_local = true;
                        }
                    }),
                    GenericField::Phone => p.phones.iter_mut().for_each(|ph| {
                        if is(ph.e164) {
                            ph.generic = true;
                        }
                    }),
                    GenericField::Address => p.addresses.iter_mut().for_each(|a| {
                        if is(a.hash) {
                            a.generic = true;
                        }
                    }),
                });
        }
        out.sort_by_key(|g| (g.field, g.first_record));
        out
    }

    /// Groups records identical after normalization: returns, per record, the index of its
    /// group's first record (itself when it has no duplicate). Only records with at least two
    /// identifying fields (full name, a non-generic email, phone or address, date of birth, an
    /// identifier) are grouped. Expected linear time (hashing, then a sort of the hashes).
    ///
    /// ```
    /// use selfsame::{guard::{Guard, GuardConfig}, normalize::normalize_profile, Profile};
    /// let p = Profile::new("crm", "1").with_given_name("Ann").with_family_name("Lee").with_email("ann@example.com");
    /// let q = Profile::new("shop", "2").with_given_name("ANN").with_family_name("Lee").with_email("Ann@Example.com");
    /// let r = Profile::new("shop", "3").with_given_name("Ann").with_email("ann@example.com");
    /// let records: Vec<_> = [p, q, r].iter().map(|x| normalize_profile(x, &Default::default())).collect();
    /// let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
    /// assert_eq!(guard.exact_duplicates(&records), vec![0, 0, 2]);
    /// ```
    pub fn exact_duplicates(&self, records: &[NormalizedProfile]) -> Vec<u32> {
        let mut rep: Vec<u32> = (0..records.len() as u32).collect();
        if !self.cfg.exact_duplicates {
            return rep;
        }
        let key = |(i, p): (usize, &NormalizedProfile)| identity_hash(p).map(|h| (h, i as u32));
        // (a few records, as a state's re-clustered component: no thread is worth waking)
        let mut keyed: Vec<(u64, u32)>;
        if records.len() < 1024 {
            keyed = records.iter().enumerate().filter_map(key).collect();
            keyed.sort_unstable();
        } else {
            keyed = records.par_iter().enumerate().filter_map(key).collect();
            keyed.par_sort_unstable();
        }
        let mut start = 0;
        while start < keyed.len() {
            let mut end = start + 1;
            while end < keyed.len() && keyed[end].0 == keyed[start].0 {
                end += 1;
            }
            if end - start > 1 {
                // Equal hashes: confirm equality (a hash collision must not merge anyone).
                let mut heads: SmallVec<[u32; 2]> = SmallVec::new();
                for &(_, i) in &keyed[start..end] {
                    match heads
                        .iter()
                        .find(|&&h| same_identity(&records[h as usize], &records[i as usize]))
                    {
                        Some(&h) => rep[i as usize] = h,
                        None => heads.push(i),
                    }
                }
            }
            start = end;
        }
        rep
    }

    /// Clusters records from links (`a < b` indices into `records`, already judged by
    /// [`Guard::pair`]) and `duplicates` from [`Guard::exact_duplicates`] (or empty). Applies the
    /// unique-identifier, coherence and weak-bridge rules. Returns a label per record (the
    /// smallest member of its cluster) and what the guard did.
    ///
    /// ```
    /// use selfsame::{cluster::Link, guard::{Guard, GuardConfig, GuardReason}, normalize::normalize_profile, Profile};
    /// let p = |id: &str, given: &str, dob: &str| normalize_profile(&Profile::new("s", id)
    ///     .with_given_name(given).with_family_name("Harrison").with_date_of_birth(dob), &Default::default());
    /// let records = vec![p("1", "Eeva", "1980-03-04"), p("2", "E", "1980-03-04"), p("3", "Eric", "1975-11-30")];
    /// let link = |a, b| Link { a, b, weight: 20.0, probability: 0.999999 };
    /// // 1 ("E") is linked to both; 0 and 2 are two people. The link 1-2 vouches for its own
    /// // birth dates (it was scored a match despite them), but nothing reconciles Eeva and Eric.
    /// let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
    /// let (labels, stats) = guard.cluster(&records, &[link(0, 1), link(1, 2)], &[]);
    /// assert_eq!(labels, vec![0, 0, 2]);
    /// assert_eq!(stats.guarded[0].reason, GuardReason::GivenNameConflict);
    /// // A date no link vouches for: "E" has no birth date, so Eeva's and Eric's conflict.
    /// let q = |id: &str, given: &str| normalize_profile(&Profile::new("s", id)
    ///     .with_given_name(given).with_family_name("Harrison"), &Default::default());
    /// let records = vec![p("1", "Eeva", "1980-03-04"), q("2", "E"), p("3", "Eeva", "1975-11-30")];
    /// let (labels, stats) = guard.cluster(&records, &[link(0, 1), link(1, 2)], &[]);
    /// assert_eq!(labels, vec![0, 0, 2]);
    /// assert_eq!(stats.guarded[0].reason, GuardReason::BirthDateConflict);
    /// ```
    pub fn cluster(
        &self,
        records: &[NormalizedProfile],
        links: &[Link],
        duplicates: &[u32],
    ) -> (Vec<u32>, ClusterStats) {
        let mut stats = ClusterStats::default();
        let kept = if self.cfg.coherence {
            self.settle_ambiguous(records, links, duplicates, &mut stats)
        } else {
            None
        };
        let links = kept.as_deref().unwrap_or(links);
        let order = crate::cluster::strongest_first(links);
        let (mut labels, applied) = self.union_pass(records, &order, duplicates, &mut stats);
        if self.cfg.cut_weak_bridges {
            // Exact duplicates ride along as unbreakable links, so a cut never strands one.
            let dup_links: Vec<Link> = duplicates
                .iter()
                .enumerate()
                .filter(|&(i, &h)| h as usize != i && (h as usize) < records.len())
                .map(|(i, &h)| Link {
                    a: h.min(i as u32),
                    b: h.max(i as u32),
                    weight: f64::INFINITY,
                    probability: 1.0,
                })
                .collect();
            let mut with_dups = applied.clone();
            with_dups.extend(dup_links.iter());
            let before = stats.bridges_cut;
            let before_cut = labels.clone();
            crate::cluster::cut_bridges(
                &mut labels,
                &with_dups,
                self.cfg.bridge_probability,
                &mut stats,
            );
            if stats.bridges_cut > before && self.cfg.coherence {
                // A cut link may have been the support of a conflict it let in: apply the kept
                // links again, with every rule, and keep that result. Only the components that
                // lost a link can change (the others would apply the same links to the same
                // summaries), so only their records are passed again.
                let mut cut: Vec<(u32, u32)> = stats
                    .guarded
                    .iter()
                    .filter(|g| g.reason == GuardReason::WeakBridge)
                    .map(|g| (g.a, g.b))
                    .collect();
                cut.sort_unstable();
                let mut touched = vec![false; records.len()];
                for &(a, _) in &cut {
                    touched[before_cut[a as usize] as usize] = true;
                }
                let again_in = |i: u32| touched[before_cut[i as usize] as usize];
                let kept: Vec<&Link> = applied
                    .iter()
                    .copied()
                    .filter(|l| again_in(l.a) && cut.binary_search(&(l.a, l.b)).is_err())
                    .collect();
                let dups: Vec<u32> = (0..records.len() as u32)
                    .map(|i| match duplicates.get(i as usize) {
                        Some(&h) if again_in(i) => h,
                        _ => i,
                    })
                    .collect();
                // Links the first pass applied in those components: records less components
                // less the unions of exact duplicates.
                let (mut members, mut components, mut dup_unions) = (0usize, 0usize, 0usize);
                for i in 0..records.len() as u32 {
                    if again_in(i) {
                        members += 1;
                        components += usize::from(before_cut[i as usize] == i);
                        dup_unions += usize::from(dups[i as usize] != i);
                    }
                }
                let mut again = ClusterStats::default();
                let (labels2, _) = self.union_pass(records, &kept, &dups, &mut again);
                for (i, l) in labels.iter_mut().enumerate() {
                    if again_in(i as u32) {
                        *l = labels2[i];
                    }
                }
                stats.links_applied =
                    stats.links_applied + again.links_applied - (members - components - dup_unions);
                stats.conflicts_refused += again.conflicts_refused;
                stats.coherence_refused += again.coherence_refused;
                stats.splits += again.splits;
                stats.guarded.extend(again.guarded);
            }
        }
        stats.guarded.par_sort_by_key(|g| (g.a, g.b));
        (labels, stats)
    }

    /// Sign-ups that link to several groups: a record with nothing but names and emails
    /// (`thin`) keeps only its links into the group (joined by the other records' links and
    /// exact duplicates) of its strongest link; the others are listed as
    /// [`GuardReason::Ambiguous`]. Namesakes who write the same `first.last@` address are
    /// otherwise merged through such a record. `None` when no link joins a thin record to
    /// another (the links stand as given).
    fn settle_ambiguous(
        &self,
        records: &[NormalizedProfile],
        links: &[Link],
        duplicates: &[u32],
        stats: &mut ClusterStats,
    ) -> Option<Vec<Link>> {
        let thin = |i: u32| {
            records.get(i as usize).is_some_and(|p| {
                p.family.is_none()
                    && p.phones.is_empty()
                    && p.addresses.is_empty()
                    && p.date_of_birth.is_none()
                    && p.identifiers.is_empty()
            })
        };
        if !links.iter().any(|l| thin(l.a) != thin(l.b)) {
            return None;
        }
        let n = records.len();
        let mut uf = UnionFind::new(n);
        for (i, &r) in duplicates.iter().enumerate().take(n) {
            if r as usize != i && (r as usize) < n {
                uf.union(i as u32, r);
            }
        }
        for l in links.iter().filter(|l| !thin(l.a) && !thin(l.b)) {
            uf.union(l.a, l.b);
        }
        // Per thin record: the group of its strongest link to a non-thin record (ties: the
        // smaller partner index, so the result does not depend on link order).
        let mut best: Vec<(f64, u32, u32)> = vec![(f64::NEG_INFINITY, u32::MAX, u32::MAX); n];
        for l in links {
            for (t, o) in [(l.a, l.b), (l.b, l.a)] {
                if thin(t) && !thin(o) {
                    let b = &mut best[t as usize];
                    if l.weight > b.0 || (l.weight == b.0 && o < b.1) {
                        *b = (l.weight, o, 0);
                    }
                }
            }
        }
        for b in best.iter_mut() {
            if b.1 != u32::MAX {
                b.2 = uf.find(b.1);
            }
        }
        let mut out = Vec::with_capacity(links.len());
        for l in links {
            let refused = [(l.a, l.b), (l.b, l.a)]
                .iter()
                .any(|&(t, o)| thin(t) && !thin(o) && uf.find(o) != best[t as usize].2);
            if refused {
                stats.guarded.push(GuardedLink {
                    a: l.a,
                    b: l.b,
                    reason: GuardReason::Ambiguous,
                });
                stats.coherence_refused += 1;
            } else {
                out.push(*l);
            }
        }
        Some(out)
    }

    /// Exact duplicates, then links in the given order, into a union-find under the unique-id
    /// and coherence rules. Returns a label per record (the smallest record of its set) and the
    /// links that ended inside one set, in the given order.
    ///
    /// Links and duplicates of different connected components never meet, so the components
    /// are passed in parallel, each with its own links in the given order: the result is the
    /// one of a single pass over all of them, whatever the number of threads.
    fn union_pass<'l>(
        &self,
        records: &[NormalizedProfile],
        order: &[&'l Link],
        duplicates: &[u32],
        stats: &mut ClusterStats,
    ) -> (Vec<u32>, Vec<&'l Link>) {
        let parts = if order.len() < PARALLEL_LINKS {
            1
        } else {
            UNION_PARTS
        };
        self.union_pass_in(records, order, duplicates, stats, parts)
    }

    /// [`Guard::union_pass`] with the components dealt into `parts` parts.
    fn union_pass_in<'l>(
        &self,
        records: &[NormalizedProfile],
        order: &[&'l Link],
        duplicates: &[u32],
        stats: &mut ClusterStats,
        parts: usize,
    ) -> (Vec<u32>, Vec<&'l Link>) {
        let n = records.len();
        let parts = parts.max(1);
        let mut comp = UnionFind::new(n);
        for (i, &r) in duplicates.iter().enumerate().take(n) {
            if r as usize != i && (r as usize) < n {
                comp.union(i as u32, r);
            }
        }
        for l in order {
            comp.union(l.a, l.b);
        }
        // Components to parts by a hash of their root; a part's records in ascending order.
        let part_of = |r: u32| (crate::hash::mix(u64::from(r)) % parts as u64) as usize;
        let mut local = vec![u32::MAX; n];
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); parts];
        for g in 0..n as u32 {
            let r = comp.find(g);
            if comp.set_size(r) > 1 {
                let m = &mut members[part_of(r)];
                local[g as usize] = m.len() as u32;
                m.push(g);
            }
        }
        let mut links: Vec<Vec<(u32, &Link)>> = vec![Vec::new(); parts];
        for (pos, &l) in order.iter().enumerate() {
            links[part_of(comp.find(l.a))].push((pos as u32, l));
        }
        drop(comp);
        let done: Vec<(Vec<u32>, Vec<u32>, ClusterStats)> = members
            .par_iter()
            .zip(links.par_iter())
            .map(|(m, l)| {
                let mut st = ClusterStats::default();
                let (labels, applied) = self.union_part(records, m, &local, l, duplicates, &mut st);
                (labels, applied, st)
            })
            .collect();
        let mut labels: Vec<u32> = (0..n as u32).collect();
        let mut applied: Vec<u32> = Vec::with_capacity(order.len());
        for (m, (part_labels, part_applied, st)) in members.iter().zip(done) {
            for (&g, &l) in m.iter().zip(&part_labels) {
                labels[g as usize] = m[l as usize];
            }
            applied.extend(part_applied);
            stats.links_applied += st.links_applied;
            stats.conflicts_refused += st.conflicts_refused;
            stats.coherence_refused += st.coherence_refused;
            stats.splits += st.splits;
            stats.guarded.extend(st.guarded);
        }
        applied.sort_unstable();
        let applied = applied.into_iter().map(|p| order[p as usize]).collect();
        (labels, applied)
    }

    /// [`Guard::union_pass`] on one part: the records `members` (ascending; `local[g]` is the
    /// position of record `g` among them) and the links between them, in the given order.
    /// Returns the part's labels (the smallest member of each set, by position) and the
    /// positions in `order` of the links that ended inside one set.
    fn union_part(
        &self,
        records: &[NormalizedProfile],
        members: &[u32],
        local: &[u32],
        order: &[(u32, &Link)],
        duplicates: &[u32],
        stats: &mut ClusterStats,
    ) -> (Vec<u32>, Vec<u32>) {
        let n = members.len();
        let mut uf = UnionFind::new(n);
        let at = |g: u32| local[g as usize];
        // Summaries of multi-record clusters, at their roots (None: a singleton, read off its
        // record; a group of exact duplicates is read off its root record too).
        let mut summaries: Vec<Option<Box<Summary>>> = Vec::new();
        summaries.resize_with(n, || None);
        let needs_summary = self.cfg.coherence || !self.unique_kinds.is_empty();
        for &g in members {
            match duplicates.get(g as usize) {
                Some(&r) if r != g && (r as usize) < records.len() => {
                    uf.union(at(g), at(r));
                }
                _ => {}
            }
        }
        let mut applied: Vec<u32> = Vec::with_capacity(order.len());
        let mut refused: Vec<(u32, u32)> = Vec::new();
        for &(pos, link) in order {
            let (ra, rb) = (uf.find(at(link.a)), uf.find(at(link.b)));
            if ra == rb {
                applied.push(pos);
                continue;
            }
            if needs_summary {
                let (ka, kb) = (
                    summaries[ra as usize].is_some(),
                    summaries[rb as usize].is_some(),
                );
                let sa = summaries[ra as usize]
                    .take()
                    .unwrap_or_else(|| Box::new(self.singleton(records, members[ra as usize])));
                let sb = summaries[rb as usize]
                    .take()
                    .unwrap_or_else(|| Box::new(self.singleton(records, members[rb as usize])));
                match self.merge_check(records, &sa, &sb, link) {
                    Err(reason) => {
                        // Put back what was there; singletons stay unsummarized.
                        if ka {
                            summaries[ra as usize] = Some(sa);
                        }
                        if kb {
                            summaries[rb as usize] = Some(sb);
                        }
                        match reason {
                            GuardReason::UniqueIdConflict => stats.conflicts_refused += 1,
                            _ => stats.coherence_refused += 1,
                        }
                        refused.push((at(link.a), at(link.b)));
                        stats.guarded.push(GuardedLink {
                            a: link.a,
                            b: link.b,
                            reason,
                        });
                        continue;
                    }
                    Ok(excused) => {
                        uf.union(ra, rb);
                        let root = uf.find(ra);
                        let mut merged = sa;
                        merged.absorb(&sb, excused, records);
                        summaries[root as usize] = Some(merged);
                    }
                }
            } else {
                uf.union(ra, rb);
            }
            stats.links_applied += 1;
            applied.push(pos);
        }
        stats.splits += crate::cluster::splits(&mut uf, &refused);
        (uf.labels(), applied)
    }

    fn singleton(&self, records: &[NormalizedProfile], i: u32) -> Summary {
        let p = &records[i as usize];
        let mut s = Summary {
            ids: self.unique_ids(p),
            ..Summary::default()
        };
        if self.cfg.coherence {
            if p.given.is_some() {
                s.names.push(i);
            }
            if let Some(d) = p.date_of_birth {
                s.dobs.push(d);
            }
            for ph in p.phones.iter().filter(|x| !x.generic) {
                if !s.phones.contains(&ph.national) {
                    s.phones.push(ph.national);
                }
            }
            for e in p.emails.iter().filter(|x| !x.generic) {
                if !s.emails.contains(&e.local_hash) {
                    s.emails.push(e.local_hash);
                }
            }
        }
        s
    }

    /// Whether clusters `a` and `b` may merge through `link`; `Ok` carries the conflicts the
    /// link itself supports (to remember as excused).
    fn merge_check(
        &self,
        records: &[NormalizedProfile],
        a: &Summary,
        b: &Summary,
        link: &Link,
    ) -> Result<Excused, GuardReason> {
        if a.ids
            .iter()
            .any(|&(k, v)| b.ids.iter().any(|&(k2, v2)| k == k2 && v != v2))
        {
            return Err(GuardReason::UniqueIdConflict);
        }
        let mut excused: SmallVec<[(u64, u64); 1]> = SmallVec::new();
        let mut excused_names: SmallVec<[(u32, u32); 1]> = SmallVec::new();
        if !self.cfg.coherence {
            return Ok((excused, excused_names));
        }
        // More phones or email addresses than one person keeps: several people (namesakes
        // chained by look-alike evidence), whatever else agrees.
        let distinct = |x: &[u64], y: &[u64]| x.len() + y.iter().filter(|v| !x.contains(v)).count();
        let too_many = |n: usize, max: u32| max > 0 && n > max as usize;
        if too_many(distinct(&a.phones, &b.phones), self.cfg.max_phones)
            || too_many(distinct(&a.emails, &b.emails), self.cfg.max_emails)
        {
            return Err(GuardReason::TooManyContacts);
        }
        // `link.a` lies in cluster `a`, `link.b` in cluster `b`.
        let (la, lb) = (&records[link.a as usize], &records[link.b as usize]);
        let is_excused = |pair: (u64, u64)| a.excused.contains(&pair) || b.excused.contains(&pair);
        // Direct support: the link was scored a match although its own two records disagree on
        // the field. Then a conflict that involves one of those two records' values is what the
        // link itself vouches for; a conflict between two other records is not.
        let dob_direct = match (&la.date_of_birth, &lb.date_of_birth) {
            (Some(x), Some(y)) => compare_date(x, y) >= 3,
            _ => false,
        };
        // A conflict is also settled when a third value in the two clusters agrees with both
        // sides (typos of one original: "Latoya" between "Latoay" and "Laqoya").
        for x in &a.dobs {
            for y in &b.dobs {
                if compare_date(x, y) >= 3 {
                    let pair = unordered(date_key(x), date_key(y));
                    if is_excused(pair) {
                        continue;
                    }
                    let bridged = a.dobs.iter().chain(&b.dobs).any(|z| {
                        z != x && z != y && compare_date(z, x) <= 2 && compare_date(z, y) <= 2
                    });
                    let direct = dob_direct
                        && (la.date_of_birth.as_ref() == Some(x)
                            || lb.date_of_birth.as_ref() == Some(y));
                    if !(bridged || direct) {
                        return Err(GuardReason::BirthDateConflict);
                    }
                    excused.push(pair);
                }
            }
        }
        let names_direct = !names_compatible(la, lb);
        for &x in &a.names {
            for &y in &b.names {
                let (px, py) = (&records[x as usize], &records[y as usize]);
                if names_compatible(px, py) {
                    continue;
                }
                let (gx, gy) = (given_hash(px), given_hash(py));
                // A conflict like one a link vouched for before (names compatible with both
                // of that pair's names) is settled too.
                let like = |&(p, q): &(u32, u32)| {
                    let (pp, pq) = (&records[p as usize], &records[q as usize]);
                    (names_compatible(pp, px) && names_compatible(pq, py))
                        || (names_compatible(pp, py) && names_compatible(pq, px))
                };
                if a.excused_names
                    .iter()
                    .chain(&b.excused_names)
                    .chain(&excused_names)
                    .any(like)
                {
                    continue;
                }
                let bridged = a.names.iter().chain(&b.names).any(|&z| {
                    let pz = &records[z as usize];
                    z != x
                        && z != y
                        && pz.given.as_ref().is_some_and(|g| !g.is_initial())
                        && names_compatible(pz, px)
                        && names_compatible(pz, py)
                });
                let direct = names_direct && (given_hash(la) == gx || given_hash(lb) == gy);
                if !(bridged || direct) {
                    return Err(GuardReason::GivenNameConflict);
                }
                excused_names.push((x, y));
            }
        }
        Ok((excused, excused_names))
    }
}

/// Whether two records' names can be one person's: a given name missing on either side, given
/// names equal, one nickname group, similar or an initial of the other, or a given name that
/// matches the other's family name (the parts swapped, possibly on one record only).
/// Links below which [`Guard::union_pass`] runs as one part.
const PARALLEL_LINKS: usize = 4096;
/// Parts the components are dealt into above it (many, so that one large part does not keep a
/// thread waiting; the result does not depend on the number).
const UNION_PARTS: usize = 64;

pub(crate) fn names_compatible(p: &NormalizedProfile, q: &NormalizedProfile) -> bool {
    let (Some(gp), Some(gq)) = (&p.given, &q.given) else {
        return true;
    };
    if given_level(gp, gq).0 <= 5 {
        return true;
    }
    let close = |x: &NameKey, y: &NameKey| {
        x.hash == y.hash || (x.text.len() > 2 && jaro_winkler_min(&x.text, &y.text, 0.85) >= 0.85)
    };
    q.family.as_ref().is_some_and(|fq| close(gp, fq))
        || p.family.as_ref().is_some_and(|fp| close(fp, gq))
}

/// Evidence that belongs to one person rather than a household: an external identifier equal or
/// one typo apart, or a date of birth that agrees (exactly, day/month swapped or one component
/// off) while neither their emails nor their phones disagree outright. Twins share a birth date,
/// a surname, an address and a landline, but not their own email: when the pair shares the
/// household's phone or street address, the birth date counts only beside an email that agrees
/// (equal, or one typo or tag apart).
pub(crate) fn personal_evidence(
    a: &NormalizedProfile,
    b: &NormalizedProfile,
    levels: &Levels,
) -> bool {
    let level = |f: CompareField| levels[f as usize];
    let disagree = |f: CompareField| level(f) == (f.num_levels() - 1) as u8;
    let street = |p: &NormalizedProfile| p.addresses.iter().any(|x| !x.street.is_empty());
    let household_contact = level(CompareField::Phone) <= 2
        || (level(CompareField::Address) <= 2 && street(a) && street(b));
    level(CompareField::Identifier) <= 1
        || (level(CompareField::DateOfBirth) <= 2
            && !disagree(CompareField::Email)
            && !disagree(CompareField::Phone)
            && (!household_contact || level(CompareField::Email) <= 1))
}

/// Whether a pair shares something that identifies one person beyond names: a phone (equal, or
/// its last seven digits), an address (equal or alike), an external identifier (equal or one
/// typo apart), or an equal email address not spelled from a name. Names and a `first.last@`
/// address are what namesakes share.
pub(crate) fn identifying_evidence(
    a: &NormalizedProfile,
    b: &NormalizedProfile,
    levels: &Levels,
) -> bool {
    levels[CompareField::Phone as usize] <= 2
        || levels[CompareField::Address as usize] <= 2
        || levels[CompareField::Identifier as usize] <= 1
        || (levels[CompareField::Email as usize] == 0
            && crate::compare::unspelled_equal_email(a, b).is_some())
}

/// What a multi-record cluster holds that a merge must not contradict.
#[derive(Clone, Debug, Default)]
struct Summary {
    /// Records whose (given, family) names are distinct, given name present.
    names: SmallVec<[u32; 2]>,
    /// Distinct dates of birth.
    dobs: SmallVec<[Date; 1]>,
    /// Unique identifiers (kind hash, value hash).
    ids: SmallVec<[(u64, u64); 1]>,
    /// Conflicting dates of birth (as date keys) a link supported.
    excused: SmallVec<[(u64, u64); 1]>,
    /// Records of conflicting given names a link supported.
    excused_names: SmallVec<[(u32, u32); 1]>,
    /// Distinct phone numbers (national number), non-generic.
    phones: SmallVec<[u64; 2]>,
    /// Distinct email local parts, non-generic.
    emails: SmallVec<[u64; 2]>,
}

/// Conflicts a merge settles: date pairs and name record pairs.
type Excused = (SmallVec<[(u64, u64); 1]>, SmallVec<[(u32, u32); 1]>);

impl Summary {
    fn absorb(
        &mut self,
        other: &Summary,
        (excused, excused_names): Excused,
        records: &[NormalizedProfile],
    ) {
        for &id in &other.ids {
            if !self.ids.contains(&id) {
                self.ids.push(id);
            }
        }
        for &x in &other.phones {
            if !self.phones.contains(&x) {
                self.phones.push(x);
            }
        }
        for &x in &other.emails {
            if !self.emails.contains(&x) {
                self.emails.push(x);
            }
        }
        for d in &other.dobs {
            if !self.dobs.contains(d) {
                self.dobs.push(*d);
            }
        }
        self.names.extend(other.names.iter().copied());
        self.excused.extend(other.excused.iter().copied());
        self.excused.extend(excused);
        self.excused.sort_unstable();
        self.excused.dedup();
        self.excused_names
            .extend(other.excused_names.iter().copied());
        self.excused_names.extend(excused_names);
        self.excused_names.sort_unstable();
        self.excused_names.dedup();
        let key = |i: u32| {
            let p = &records[i as usize];
            (given_hash(p), p.family.as_ref().map_or(0, |f| f.hash))
        };
        self.names.sort_by_key(|&i| (key(i), i));
        self.names.dedup_by_key(|i| key(*i));
    }
}

fn given_hash(p: &NormalizedProfile) -> u64 {
    p.given.as_ref().map_or(0, |g| g.hash)
}

fn date_key(d: &Date) -> u64 {
    (u64::from(d.year) << 16) | (u64::from(d.month) << 8) | u64::from(d.day)
}

fn unordered(x: u64, y: u64) -> (u64, u64) {
    (x.min(y), x.max(y))
}

/// (value key, record) pairs of one field, sorted.
fn field_values(records: &[NormalizedProfile], field: GenericField) -> Vec<(u64, u32)> {
    let mut v: Vec<(u64, u32)> = records
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, p)| {
            let mut keys: SmallVec<[u64; 2]> = match field {
                GenericField::Email => p.emails.iter().map(|e| e.hash).collect(),
                GenericField::EmailLocal => p
                    .emails
                    .iter()
                    .filter(|e| e.local().len() >= 2)
                    .map(|e| e.local_hash)
                    .collect(),
                GenericField::Phone => p.phones.iter().map(|ph| ph.e164).collect(),
                GenericField::Address => p.addresses.iter().map(|a| a.hash).collect(),
            };
            keys.sort_unstable();
            keys.dedup();
            keys.into_iter().map(move |k| (k, i as u32))
        })
        .collect();
    v.par_sort_unstable();
    v
}

/// The records whose generic email stays evidence within their family: among the records
/// carrying a generic address (`keys`), those with one family name that all seem one person
/// (no given names or dates of birth that disagree outright), at least two of them. Returns
/// (record, email hash, refined hash) sorted, the refined hash combining the address with the
/// family name, so the address links that family's records only.
fn refine_by_family(
    records: &[NormalizedProfile],
    values: &[(u64, u32)],
    keys: &[u64],
) -> Vec<(u32, u64, u64)> {
    let mut out: Vec<(u32, u64, u64)> = keys
        .par_iter()
        .flat_map_iter(|&k| {
            let start = values.partition_point(|v| v.0 < k);
            let end = values.partition_point(|v| v.0 <= k);
            let mut by_family: Vec<(u64, u32)> = values[start..end]
                .iter()
                .filter_map(|&(_, r)| {
                    let p = &records[r as usize];
                    let family = p.family.as_ref().filter(|f| !f.is_initial())?;
                    Some((family.hash, r))
                })
                .collect();
            by_family.sort_unstable();
            let mut found = Vec::new();
            for run in by_family.chunk_by(|a, b| a.0 == b.0) {
                if run.len() >= 2 && distinct_people(records, run.iter().map(|x| x.1), 2) < 2 {
                    let refined = combine(k, run[0].0);
                    found.extend(run.iter().map(|x| (x.1, k, refined)));
                }
            }
            found
        })
        .collect();
    out.par_sort_unstable();
    out
}

/// Groups of one value carried by at least `min_people` different people:
/// (value key, first record, records, people).
fn generic_groups(
    records: &[NormalizedProfile],
    values: &[(u64, u32)],
    min_people: u32,
) -> Vec<(u64, u32, u32, u32)> {
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    while start < values.len() {
        let mut end = start + 1;
        while end < values.len() && values[end].0 == values[start].0 {
            end += 1;
        }
        if end - start >= min_people as usize {
            bounds.push((start, end));
        }
        start = end;
    }
    bounds
        .par_iter()
        .filter_map(|&(s, e)| {
            let group = &values[s..e];
            let people = distinct_people(records, group.iter().map(|x| x.1), min_people);
            (people >= min_people).then(|| (group[0].0, group[0].1, (e - s) as u32, people))
        })
        .collect()
}

/// Whether two records' names say two people: given names that disagree outright, or the same
/// given name with family names that disagree outright (both present, not swapped).
fn different_people(p: &NormalizedProfile, q: &NormalizedProfile) -> bool {
    if !names_compatible(p, q) {
        return true;
    }
    let family_else = (CompareField::FamilyName.num_levels() - 1) as u8;
    match (&p.family, &q.family) {
        (Some(x), Some(y)) => {
            family_level(x, y).0 == family_else && compare_names(p, q).1 == family_else
        }
        _ => false,
    }
}

/// Whether two records say two homes: both hold a phone and an address with a postcode, and
/// they share neither a phone number nor a postcode. One person moves and changes numbers now
/// and then; three records pairwise apart on both are namesakes, not one customer.
fn different_homes(p: &NormalizedProfile, q: &NormalizedProfile) -> bool {
    let postcodes = |x: &NormalizedProfile| {
        x.addresses
            .iter()
            .map(|a| a.postcode)
            .filter(|&c| c != 0)
            .collect::<SmallVec<[u64; 2]>>()
    };
    let (pc, qc) = (postcodes(p), postcodes(q));
    !pc.is_empty()
        && !qc.is_empty()
        && !p.phones.is_empty()
        && !q.phones.is_empty()
        && !pc.iter().any(|c| qc.contains(c))
        && !p
            .phones
            .iter()
            .any(|x| q.phones.iter().any(|y| x.national == y.national))
}

/// A lower bound on the number of different people among the records: the largest of the
/// number of names (given, or given and family) that pairwise disagree outright, the number of
/// dates of birth that pairwise disagree and the number of homes (phone and postcode) that
/// pairwise differ ([`different_homes`]). Work is bounded: counting stops at four times
/// `enough`.
fn distinct_people(
    records: &[NormalizedProfile],
    members: impl Iterator<Item = u32>,
    enough: u32,
) -> u32 {
    // Greedy classes: a record starts a new class when it disagrees with every class so far.
    let mut name_reps: SmallVec<[u32; 8]> = SmallVec::new();
    let mut dob_reps: SmallVec<[Date; 8]> = SmallVec::new();
    let mut home_reps: SmallVec<[u32; 8]> = SmallVec::new();
    // (given, family) hashes already classified, to skip repeats cheaply.
    let mut seen: SmallVec<[(u64, u64); 16]> = SmallVec::new();
    let cap = (enough as usize).max(2) * 4;
    for i in members {
        let p = &records[i as usize];
        if let Some(g) = &p.given {
            let key = (g.hash, p.family.as_ref().map_or(0, |f| f.hash));
            if !g.is_initial() && !seen.contains(&key) {
                if seen.len() < 64 {
                    seen.push(key);
                }
                if name_reps.len() < cap
                    && name_reps
                        .iter()
                        .all(|&r| different_people(&records[r as usize], p))
                {
                    name_reps.push(i);
                }
            }
        }
        if let Some(d) = &p.date_of_birth {
            if dob_reps.len() < cap && dob_reps.iter().all(|r| compare_date(r, d) >= 3) {
                dob_reps.push(*d);
            }
        }
        if home_reps.len() < cap
            && !p.phones.is_empty()
            && home_reps
                .iter()
                .all(|&r| different_homes(&records[r as usize], p))
        {
            home_reps.push(i);
        }
        let most = name_reps.len().max(dob_reps.len()).max(home_reps.len());
        if most >= cap {
            break;
        }
    }
    name_reps.len().max(dob_reps.len()).max(home_reps.len()) as u32
}

/// Hash of everything identifying in a record, or None when it holds fewer than two
/// identifying fields.
fn identity_hash(p: &NormalizedProfile) -> Option<u64> {
    let fields = usize::from(p.given.is_some() && p.family.is_some())
        + usize::from(p.emails.iter().any(|e| !e.generic))
        + usize::from(p.phones.iter().any(|x| !x.generic))
        + usize::from(p.addresses.iter().any(|a| !a.generic))
        + usize::from(p.date_of_birth.is_some())
        + usize::from(!p.identifiers.is_empty());
    if fields < 2 {
        return None;
    }
    let mut h = combine(
        p.given.as_ref().map_or(0, |g| g.hash),
        p.family.as_ref().map_or(0, |f| f.hash),
    );
    let mut set = |tag: u64, vals: &mut SmallVec<[u64; 4]>| {
        vals.sort_unstable();
        h = combine(h, tag);
        for &v in vals.iter() {
            h = combine(h, v);
        }
    };
    set(1, &mut p.emails.iter().map(|e| e.hash).collect());
    set(2, &mut p.phones.iter().map(|x| x.e164).collect());
    set(3, &mut p.addresses.iter().map(|a| a.hash).collect());
    set(
        4,
        &mut p
            .identifiers
            .iter()
            .map(|i| combine(i.kind, i.hash))
            .collect(),
    );
    set(5, &mut p.date_of_birth.iter().map(date_key).collect());
    Some(h)
}

/// [`identity_hash`] for the incremental state (`crate::state`): records that
/// [`Guard::exact_duplicates`] may group share it.
pub(crate) fn identity_key(p: &NormalizedProfile) -> Option<u64> {
    identity_hash(p)
}

/// Whether two records are identical on every identifying field.
fn same_identity(a: &NormalizedProfile, b: &NormalizedProfile) -> bool {
    fn set<T: Ord + Clone>(x: impl Iterator<Item = T>) -> SmallVec<[T; 4]> {
        let mut v: SmallVec<[T; 4]> = x.collect();
        v.sort_unstable();
        v.dedup();
        v
    }
    let name = |p: &NormalizedProfile| {
        (
            p.given.as_ref().map(|g| g.text.clone()),
            p.family.as_ref().map(|f| f.text.clone()),
        )
    };
    name(a) == name(b)
        && a.date_of_birth == b.date_of_birth
        && set(a.emails.iter().map(|e| e.canonical.clone()))
            == set(b.emails.iter().map(|e| e.canonical.clone()))
        && set(a.phones.iter().map(|x| x.e164)) == set(b.phones.iter().map(|x| x.e164))
        && set(a.addresses.iter().map(|x| x.key.clone()))
            == set(b.addresses.iter().map(|x| x.key.clone()))
        && set(a.identifiers.iter().map(|x| (x.kind, x.value.clone())))
            == set(b.identifiers.iter().map(|x| (x.kind, x.value.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare_email;
    use crate::normalize::normalize_profile;
    use crate::{PostalAddress, Profile};

    #[test]
    fn namesakes_sharing_a_spelled_email_with_different_birth_dates_stay_apart() {
        let rec = |id: &str, dob: &str, email: &str, phone: &str| {
            let mut p = Profile::new("s", id)
                .with_given_name("Rebecca")
                .with_family_name("Anderson")
                .with_email(email)
                .with_date_of_birth(dob);
            if !phone.is_empty() {
                p = p.with_phone(phone);
            }
            normalize_profile(&p, &Default::default())
        };
        let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
        let judge = |a: &NormalizedProfile, b: &NormalizedProfile| {
            guard.pair(a, b, &crate::compare::compare(a, b).levels, 30.0)
        };
        let spelled = "rebecca.anderson@gmail.com";
        let a = rec("1", "1980-03-04", spelled, "");
        let b = rec("2", "1965-11-30", spelled, "");
        assert_eq!(
            judge(&a, &b),
            PairVerdict::Refused(GuardReason::BirthDateConflict)
        );
        // A shared phone, or an address not spelled from the name, identifies one person.
        let c = rec("3", "1980-03-04", spelled, "+1 415 555 0134");
        let d = rec("4", "1965-11-30", spelled, "(415) 555-0134");
        assert_eq!(judge(&c, &d), PairVerdict::Link(30.0));
        let e = rec("5", "1980-03-04", "sunflower.days@gmail.com", "");
        let f = rec("6", "1965-11-30", "sunflower.days@gmail.com", "");
        assert_eq!(judge(&e, &f), PairVerdict::Link(30.0));
        // Dates of birth that agree: no question.
        let g = rec("7", "1980-03-04", spelled, "");
        assert_eq!(judge(&a, &g), PairVerdict::Link(30.0));
    }

    #[test]
    fn twins_sharing_home_and_birth_date_are_told_apart_by_given_name() {
        let rec = |id: &str, given: &str, email: &str, street: &str, phone: &str| {
            let mut p = Profile::new("s", id)
                .with_given_name(given)
                .with_family_name("Becker")
                .with_date_of_birth("2003-05-20");
            if !street.is_empty() {
                p = p.with_address(
                    crate::PostalAddress::new()
                        .with_street(street)
                        .with_city("Chadmouth")
                        .with_postcode("65998"),
                );
            }
            if !phone.is_empty() {
                p = p.with_phone(phone);
            }
            if !email.is_empty() {
                p = p.with_email(email);
            }
            normalize_profile(&p, &Default::default())
        };
        let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
        let judge = |a: &NormalizedProfile, b: &NormalizedProfile| {
            guard.pair(a, b, &crate::compare::compare(a, b).levels, 30.0)
        };
        // Twins: one birth date, one home (street typed two ways), one landline, given names
        // that disagree outright, no email of their own that agrees.
        let renee = rec(
            "1",
            "Renee",
            "renee.becker@example.com",
            "3274 Davis Row",
            "(526) 668-5193",
        );
        let mary = rec("2", "Mary", "", "3274 Dvais Row", "526-668-5193");
        assert_eq!(
            judge(&renee, &mary),
            PairVerdict::Refused(GuardReason::Household)
        );
        // The shared phone alone is the household's too.
        let mary_phone = rec("3", "Mary", "", "", "526-668-5193");
        assert_eq!(
            judge(&renee, &mary_phone),
            PairVerdict::Refused(GuardReason::Household)
        );
        // Their own email agreeing makes the birth date personal evidence again.
        let mary_mail = rec(
            "4",
            "Mary",
            "Renee.Becker@example.com",
            "3274 Dvais Row",
            "526-668-5193",
        );
        assert_eq!(judge(&renee, &mary_mail), PairVerdict::Link(30.0));
        // Without a shared home or phone (a register of births: names, date, postcode), the
        // birth date still is.
        let (a, b) = (
            rec("5", "Agnes", "", "", ""),
            rec("6", "Ingrid", "", "", ""),
        );
        assert_eq!(judge(&a, &b), PairVerdict::Link(30.0));
    }

    #[test]
    fn a_record_without_given_name_is_no_household_member_in_particular() {
        let rec = |id: &str, given: &str, dob: &str, email: &str| {
            let mut p = Profile::new("s", id)
                .with_family_name("Okafor")
                .with_phone("(702) 555-0188")
                .with_address(
                    crate::PostalAddress::new()
                        .with_street("18 Lake Dr")
                        .with_city("Reno")
                        .with_postcode("89501"),
                )
                .with_date_of_birth(dob);
            if !given.is_empty() {
                p = p.with_given_name(given);
            }
            if !email.is_empty() {
                p = p.with_email(email);
            }
            normalize_profile(&p, &Default::default())
        };
        let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
        let judge = |a: &NormalizedProfile, b: &NormalizedProfile| {
            guard.pair(a, b, &crate::compare::compare(a, b).levels, 30.0)
        };
        // Family name, phone and address agree, the birth dates do not, one given name is blank.
        let father = rec("1", "Frank", "1961-05-02", "");
        let blank = rec("2", "", "1994-11-23", "");
        assert_eq!(
            judge(&father, &blank),
            PairVerdict::Refused(GuardReason::Household)
        );
        // The person's own email decides it; so do agreeing birth dates.
        let father_mail = rec("3", "Frank", "1961-05-02", "frank.okafor@example.com");
        let blank_mail = rec("4", "", "1994-11-23", "frank.okafor@example.com");
        assert_eq!(judge(&father_mail, &blank_mail), PairVerdict::Link(30.0));
        let blank_same_dob = rec("5", "", "1961-05-02", "");
        assert_eq!(judge(&father, &blank_same_dob), PairVerdict::Link(30.0));
        // Without the guard's household rule the pair links.
        let off = Guard::new(
            GuardConfig {
                household: false,
                ..GuardConfig::default()
            },
            &[] as &[&str],
            true,
            0.9,
        );
        let levels = crate::compare::compare(&father, &blank).levels;
        assert_eq!(
            off.pair(&father, &blank, &levels, 30.0),
            PairVerdict::Link(30.0)
        );
    }

    #[test]
    fn a_sign_up_linking_two_namesakes_joins_only_the_strongest() {
        let full = |id: &str, phone: &str| {
            normalize_profile(
                &Profile::new("crm", id)
                    .with_given_name("Rebecca")
                    .with_family_name("Anderson")
                    .with_email("rebecca.anderson@gmail.com")
                    .with_phone(phone),
                &Default::default(),
            )
        };
        let sign_up = normalize_profile(
            &Profile::new("news", "9")
                .with_given_name("Rebecca")
                .with_email("rebecca.anderson@gmail.com"),
            &Default::default(),
        );
        // Two namesakes with their own phones, and a sign-up linked to both.
        let records = vec![
            full("1", "+1 415 555 0101"),
            full("2", "+1 415 555 0101"),
            full("3", "+1 212 555 0199"),
            sign_up,
        ];
        let link = |a: u32, b: u32, weight: f64| Link {
            a,
            b,
            weight,
            probability: 0.9999,
        };
        let links = [link(0, 1, 30.0), link(0, 3, 12.0), link(2, 3, 11.0)];
        let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
        let (labels, stats) = guard.cluster(&records, &links, &[]);
        assert_eq!(
            labels[3], labels[0],
            "the sign-up joins its strongest link's group"
        );
        assert_ne!(labels[2], labels[0], "the other namesake stays apart");
        assert!(stats
            .guarded
            .iter()
            .any(|g| (g.a, g.b) == (2, 3) && g.reason == GuardReason::Ambiguous));
        // A sign-up linked into one group only keeps all its links.
        let (labels, stats) = guard.cluster(
            &records,
            &[link(0, 1, 30.0), link(0, 3, 12.0), link(1, 3, 11.0)],
            &[],
        );
        assert_eq!((labels[3], labels[1]), (labels[0], labels[0]));
        assert!(stats.guarded.is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The union pass gives the same sets, applied links and refusals whether the
        /// components go through it as one part or dealt into many (as large inputs are).
        #[test]
        fn the_union_pass_does_not_depend_on_how_components_are_dealt(
            people in proptest::collection::vec((0usize..4, 0usize..3, 0usize..3, proptest::bool::ANY), 2..60),
            edges in proptest::collection::vec((0u32..60, 0u32..60, 1u32..400), 0..150),
            dup_every in 0usize..5,
        ) {
            let given = ["Eeva", "Eric", "Erkan", "E"];
            let dobs = ["1980-03-04", "1975-11-30", ""];
            let records: Vec<NormalizedProfile> = people
                .iter()
                .enumerate()
                .map(|(i, &(g, d, ph, email))| {
                    let mut p = Profile::new("s", i.to_string())
                        .with_given_name(given[g])
                        .with_family_name("Harrison")
                        .with_phone(format!("+1 415 555 01{ph:02}"));
                    if !dobs[d].is_empty() {
                        p = p.with_date_of_birth(dobs[d]);
                    }
                    if email {
                        p = p.with_email("eharrison@gmail.com");
                    }
                    normalize_profile(&p, &Default::default())
                })
                .collect();
            let n = records.len() as u32;
            let mut pairs: Vec<(u32, u32, u32)> = edges
                .iter()
                .map(|&(a, b, w)| (a % n, b % n, w))
                .filter(|&(a, b, _)| a != b)
                .map(|(a, b, w)| (a.min(b), a.max(b), w))
                .collect();
            pairs.sort_unstable();
            pairs.dedup_by_key(|p| (p.0, p.1));
            let links: Vec<Link> = pairs
                .iter()
                .map(|&(a, b, w)| Link { a, b, weight: f64::from(w) / 10.0, probability: 0.999 })
                .collect();
            // Some records exact duplicates of the record before them.
            let dups: Vec<u32> = (0..n)
                .map(|i| if dup_every > 0 && i > 0 && (i as usize).is_multiple_of(dup_every + 3) { i - 1 } else { i })
                .collect();
            let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
            let order = crate::cluster::strongest_first(&links);
            let run = |parts: usize| {
                let mut st = ClusterStats::default();
                let (labels, applied) = guard.union_pass_in(&records, &order, &dups, &mut st, parts);
                let applied: Vec<(u32, u32)> = applied.iter().map(|l| (l.a, l.b)).collect();
                st.guarded.sort_by_key(|g| (g.a, g.b));
                (labels, applied, st.guarded, st.links_applied, st.coherence_refused, st.conflicts_refused, st.splits)
            };
            let one = run(1);
            proptest::prop_assert_eq!(&one, &run(2));
            proptest::prop_assert_eq!(&one, &run(7));
            proptest::prop_assert_eq!(&one, &run(64));
        }
    }

    #[test]
    fn a_cluster_never_holds_more_phones_than_one_person_keeps() {
        // Seven namesakes, each with an own phone, chained by strong links.
        let records: Vec<NormalizedProfile> = (0..7)
            .map(|i| {
                let p = Profile::new("s", i.to_string())
                    .with_given_name("Daniel")
                    .with_family_name("Harrison")
                    .with_phone(format!("+1 415 555 01{i:02}"));
                normalize_profile(&p, &Default::default())
            })
            .collect();
        let links: Vec<Link> = (0..6)
            .map(|i| Link {
                a: i,
                b: i + 1,
                weight: 20.0 - f64::from(i),
                probability: 0.9999,
            })
            .collect();
        let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
        let (labels, stats) = guard.cluster(&records, &links, &[]);
        let largest = crate::cluster::groups(&labels)
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        assert_eq!(largest, 5, "{labels:?}");
        assert!(stats
            .guarded
            .iter()
            .any(|g| g.reason == GuardReason::TooManyContacts));
        // The rule off: one chain.
        let off = GuardConfig {
            max_phones: 0,
            cut_weak_bridges: false,
            ..GuardConfig::default()
        };
        let (labels, _) = Guard::new(off, &[] as &[&str], true, 0.9).cluster(&records, &links, &[]);
        assert!(labels.iter().all(|&l| l == 0));
    }

    #[test]
    fn one_given_name_with_different_family_names_is_several_people() {
        let nicholases = |families: &[&str]| -> Vec<NormalizedProfile> {
            families
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let p = Profile::new("s", i.to_string())
                        .with_given_name("Nicholas")
                        .with_family_name(*f)
                        .with_email("nicholas60@gmail.com");
                    normalize_profile(&p, &Default::default())
                })
                .collect()
        };
        // "nicholas60@gmail.com" carried by four Nicholases with unrelated family names.
        let mut records = nicholases(&["Gabrych", "Akdeniz", "Odom", "Mulry"]);
        let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
        let generic = guard.mark_generic(&mut records);
        assert!(generic
            .iter()
            .any(|g| g.field == GenericField::Email && g.people == 4));
        assert!(records.iter().all(|r| r.emails[0].generic));
        // One person's spellings (a typo in the family name) stay one value.
        let mut one = nicholases(&["Odom", "Odum", "Odom"]);
        assert!(guard.mark_generic(&mut one).is_empty());
    }

    #[test]
    fn a_generic_email_stays_evidence_within_one_family() {
        let people = |names: &[(&str, &str)]| -> Vec<NormalizedProfile> {
            names
                .iter()
                .enumerate()
                .map(|(i, (g, f))| {
                    let p = Profile::new("s", i.to_string())
                        .with_given_name(*g)
                        .with_family_name(*f)
                        .with_email("joseph65@proton.me");
                    normalize_profile(&p, &Default::default())
                })
                .collect()
        };
        let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
        // Three Josephs share the address; two records are one Joseph Shanahan (one as Joe).
        let mut records = people(&[
            ("Joseph", "Shanahan"),
            ("Joseph", "Abbott"),
            ("Joe", "Shanahan"),
            ("Joseph", "Mulry"),
            ("Joseph", "Okafor"),
        ]);
        let generic = guard.mark_generic(&mut records);
        assert!(generic.iter().any(|g| g.field == GenericField::Email));
        let (a, b) = (&records[0].emails[0], &records[2].emails[0]);
        assert!(!a.generic && !b.generic && a.hash == b.hash);
        assert!(a.generic_local, "the local part alone is still no evidence");
        assert!([1, 3, 4].iter().all(|&i| records[i].emails[0].generic));
        assert_eq!(
            compare_email(a, b).0,
            0,
            "within the family the address is equal"
        );
        assert_eq!(compare_email(a, &records[1].emails[0]).0, MISSING);
        // A family whose members disagree on the given name (a household) stays generic.
        let mut household = people(&[
            ("Ann", "Lee"),
            ("Bob", "Lee"),
            ("Joseph", "Abbott"),
            ("Joseph", "Mulry"),
        ]);
        guard.mark_generic(&mut household);
        assert!(household.iter().all(|r| r.emails[0].generic));
    }

    #[test]
    fn namesakes_at_three_homes_make_their_shared_email_generic() {
        let record = |i: usize, phone: &str, street: &str, zip: &str| {
            let p = Profile::new("s", i.to_string())
                .with_given_name("Charles")
                .with_family_name("Harrison")
                .with_email("charles.harrison@gmail.com")
                .with_phone(phone)
                .with_address(PostalAddress::new().with_street(street).with_postcode(zip));
            normalize_profile(&p, &Default::default())
        };
        let guard = Guard::new(GuardConfig::default(), &[] as &[&str], true, 0.9);
        // One person who moved once and changed numbers: two homes, the email stays evidence.
        let mut one = vec![
            record(0, "212-363-4045", "2324 W William Tpke", "61415"),
            record(1, "(212) 363-4045", "2324 West William Turnpike", "61415"),
            record(2, "808-766-7090", "2434 James Unions", "86166-2336"),
        ];
        guard.mark_generic(&mut one);
        assert!(one.iter().all(|r| !r.emails[0].generic));
        // Three records pairwise apart on both phone and postcode: three Charles Harrisons who
        // typed one address.
        let mut three = one.clone();
        three.push(record(3, "646-796-3980", "8928 Brooks Ln", "85960"));
        let generic = guard.mark_generic(&mut three);
        assert!(generic
            .iter()
            .any(|g| g.field == GenericField::Email && g.people == 3));
        assert!(three.iter().all(|r| r.emails[0].generic));
        // A record without a phone tells no home apart.
        let mut thin = one.clone();
        let p = Profile::new("s", "3")
            .with_given_name("Charles")
            .with_family_name("Harrison")
            .with_email("charles.harrison@gmail.com")
            .with_address(
                PostalAddress::new()
                    .with_street("8928 Brooks Ln")
                    .with_postcode("85960"),
            );
        thin.push(normalize_profile(&p, &Default::default()));
        guard.mark_generic(&mut thin);
        assert!(thin.iter().all(|r| !r.emails[0].generic));
    }
}
