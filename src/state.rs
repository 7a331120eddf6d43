//! Living data: an incremental [`ResolverState`] with upserts, erasure, stable cluster ids, events and a saved form.
//!
//! A [`ResolverState`] holds what a resolution needs to change one record at a time: the
//! configuration and model, every record (addressed by a `u32` slot with a free-list), an
//! updatable blocking index (a hash map from rule-salted key to records), the links (scored
//! pairs at or above the threshold that passed [`Guard::pair`]) and the clusters.
//!
//! Records are held compactly: the raw profile as one string of tagged cells (its values, not a
//! [`Profile`] of 328 bytes with a heap string per field), the normalized values packed in bytes
//! (hashes 8 bytes, texts as they are; unpacked when the record is compared, clustered or
//! written as a golden record), and most blocking keys with their one record inline. At 1.9M
//! records that is about 1.8 GB where raw profiles and normalized records as such took 4.8 GB.
//!
//! # How a change is applied
//!
//! [`ResolverState::upsert`] normalizes the profile exactly as [`crate::Resolver`] does, files it
//! under its blocking keys, scores it against the records of each key block that holds at most
//! `max_block_size` records (a larger block is skipped, as in bulk), keeps the pairs the pair
//! guard links, and clusters again — with the same [`Guard::cluster`] — the records connected to
//! it by links or by an exact-duplicate identity (the *touched component*), in canonical order
//! (source, hash of the id, id), so the guard breaks ties as in bulk. An update of an existing
//! (source, id) first withdraws its old links and keys. [`ResolverState::remove`] erases a record:
//! its raw and normalized values, its keys and its links go, and its former component is
//! clustered again (a cluster may split).
//!
//! # Cluster ids
//!
//! Ids are `c` + 16 hex digits ([`ClusterId`]). A state built by [`ResolverState::from_profiles`]
//! starts with the ids [`crate::Resolver::resolve`] gives; from then on:
//!
//! - a cluster that gains or loses records keeps its id;
//! - on a merge, the oldest id (the smallest creation number) survives;
//! - on a split, each old cluster's *heir* is the new part holding most of its remaining records
//!   (ties: the part holding its oldest record, by arrival); a part that is the heir of several
//!   clusters takes the oldest of their ids; a part that is nobody's heir gets a new id;
//! - a new id is the hash of the (source, record id) of the part's oldest record combined with a
//!   creation counter (skipping ids in use), so it never depends on which member sorts first and
//!   the same operations give the same ids.
//!
//! # Agreement with bulk resolution
//!
//! After any sequence of upserts and removals, the clusters equal (as partitions) those of
//! `Resolver::new(config).with_model(model).resolve(final records)` when all of these hold:
//!
//! - **term frequencies** give the same adjustments: the state counts them once, over the records
//!   [`ResolverState::from_profiles`] builds it from (a state from [`ResolverState::new`] has
//!   none), and keeps them frozen from then on, through upserts, removals, save and load; with
//!   fewer than [`TermFrequencies::MIN_RECORDS`] records having a field, in the state's count
//!   and in the final set, the adjustment is 0 in both;
//! - **generic values** are the same: the state finds them once (in
//!   [`ResolverState::from_profiles`], over all its records) and afterwards flags those values on
//!   new records; values that become generic later are not found (bulk finds them over all
//!   records);
//! - **no block ever passes its rule's cap** (`max_block_size`; 12 for the halves of email local
//!   parts, [`crate::block::BlockKey::EmailEnds`]): a block is skipped when a record arrives and
//!   finds it over the cap, but links made while it was small stay, and a block that shrinks
//!   back is not paired again; the state also counts every record in a block where bulk counts
//!   one per group of exact duplicates.
//!
//! Exact duplicates are handled as bulk does (only the group's first record in canonical order
//! is linked to others; the rest are compared with it), so they need no condition.
//!
//! # Saved state
//!
//! [`ResolverState::save`] writes the state to any serde [`serde::Serializer`] and
//! [`ResolverState::load`] reads it back from any [`serde::Deserializer`]: the crate has no
//! serializer of its own, so callers choose the format (JSON with serde_json's
//! `float_roundtrip` feature round-trips the model exactly). The saved form has a format name
//! and a version; another version, corrupt bytes or an inconsistent state give
//! [`Error::SavedState`], never a panic. It holds the configuration, the model, the hashes of
//! the generic values, the records as columns (source, arrival number, the raw profile as one
//! string), their normalized values packed (base64 text in a human-readable format such as JSON,
//! bytes in others, in checksummed chunks), the links, the clusters with their ids and
//! creation numbers, and the term frequencies as counted (per comparison, the value hashes in
//! order with their counts, packed and checksummed the same way; hashes only, no values), so a
//! loaded state scores every later pair as the saved one would have. The blocking index is
//! rebuilt on load, in parallel; records are not normalized again (except the few held whole:
//! those with rejected or custom values). After [`ResolverState::remove`], nothing of the
//! record's values is saved.
//!
//! The format is at version 3. Version 2, which did not save term frequencies, still loads: its
//! term frequencies are counted over the loaded records, as its loader did (so once they are in
//! use, a version-2 state that had changes since it was built may score later pairs otherwise
//! than before it was saved; saving it again writes version 3).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smallvec::SmallVec;

use crate::block::record_keys;
use crate::cluster::{groups, Link};
use crate::golden::GoldenRecord;
use crate::guard::{identity_key, Guard, PairVerdict};
use crate::hash::{combine, hash_str, U64Map};
use crate::profile::{NormalizedProfile, Profile, Records};
use crate::score::{Model, TermFrequencies};
use crate::{Config, Error, Mode, Resolver};

/// A cluster id: `c` followed by 16 hex digits (the same form as [`crate::Cluster::id`]).
///
/// ```
/// use selfsame::state::ClusterId;
/// let id: ClusterId = "c00000000000000ff".parse().unwrap();
/// assert_eq!(id.to_string(), "c00000000000000ff");
/// assert!("x12".parse::<ClusterId>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClusterId(pub u64);

impl fmt::Display for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "c{:016x}", self.0)
    }
}

impl fmt::Debug for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl std::str::FromStr for ClusterId {
    type Err = Error;
    fn from_str(s: &str) -> Result<ClusterId, Error> {
        let hex = s
            .strip_prefix('c')
            .filter(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| Error::SavedState("a cluster id is not c + 16 hex digits".into()))?;
        u64::from_str_radix(hex, 16)
            .map(ClusterId)
            .map_err(|_| Error::SavedState("a cluster id is not c + 16 hex digits".into()))
    }
}

impl Serialize for ClusterId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClusterId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ClusterId, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom("a cluster id is not c + 16 hex digits"))
    }
}

/// A record's key: its source and its id within the source.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordKey {
    /// The source.
    pub source: String,
    /// The record id within the source.
    pub record_id: String,
}

impl fmt::Debug for RecordKey {
    // Record ids can be e-mail addresses or customer numbers: Debug shows their sizes only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RecordKey {{ source: {} bytes, record_id: {} bytes }}",
            self.source.len(),
            self.record_id.len()
        )
    }
}

/// What a change did, for an application to update its own tables. `Debug` shows the kind and
/// the cluster ids, never record ids or values; serde writes `{"event": "joined", ...}`.
///
/// The events of one change come in this order: `Removed` (of a removal), then `Split`s, then
/// `Merged`s (each group ordered by the old cluster's creation number), then the changed record's
/// `Created`, `Joined` or `Updated`.
///
/// ```
/// use selfsame::state::{ClusterId, Event};
/// let e = Event::Merged { from: ClusterId(1), into: ClusterId(2) };
/// assert_eq!(format!("{e:?}"), "Merged { from: c0000000000000001, into: c0000000000000002 }");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// A new record started a cluster of its own.
    Created {
        /// The new cluster.
        cluster: ClusterId,
        /// The record.
        record: RecordKey,
    },
    /// A new record joined an existing cluster.
    Joined {
        /// The cluster it joined.
        cluster: ClusterId,
        /// The record.
        record: RecordKey,
    },
    /// An existing record was replaced; it is now in `cluster`.
    Updated {
        /// The cluster holding it after the update.
        cluster: ClusterId,
        /// The record.
        record: RecordKey,
    },
    /// A record was erased from `cluster`; `emptied` when it was the cluster's last record (the
    /// id is retired).
    Removed {
        /// The cluster that held it.
        cluster: ClusterId,
        /// The record.
        record: RecordKey,
        /// Whether the cluster is gone.
        emptied: bool,
    },
    /// Cluster `from` is gone: its records are now in `into`.
    Merged {
        /// The id that was retired.
        from: ClusterId,
        /// The id that survived.
        into: ClusterId,
    },
    /// Some records of cluster `from` are now in `into` (a new cluster, or another one).
    Split {
        /// The cluster that lost records (it keeps its id, or was merged: see `Merged`).
        from: ClusterId,
        /// Where they went.
        into: ClusterId,
    },
}

impl Event {
    /// The kind as a word: `created`, `joined`, `updated`, `removed`, `merged` or `split`.
    ///
    /// ```
    /// use selfsame::state::{ClusterId, Event};
    /// assert_eq!(Event::Split { from: ClusterId(1), into: ClusterId(2) }.kind(), "split");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Created { .. } => "created",
            Event::Joined { .. } => "joined",
            Event::Updated { .. } => "updated",
            Event::Removed { .. } => "removed",
            Event::Merged { .. } => "merged",
            Event::Split { .. } => "split",
        }
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Created { cluster, .. } => write!(f, "Created {{ cluster: {cluster} }}"),
            Event::Joined { cluster, .. } => write!(f, "Joined {{ cluster: {cluster} }}"),
            Event::Updated { cluster, .. } => write!(f, "Updated {{ cluster: {cluster} }}"),
            Event::Removed {
                cluster, emptied, ..
            } => write!(f, "Removed {{ cluster: {cluster}, emptied: {emptied} }}"),
            Event::Merged { from, into } => write!(f, "Merged {{ from: {from}, into: {into} }}"),
            Event::Split { from, into } => write!(f, "Split {{ from: {from}, into: {into} }}"),
        }
    }
}

/// One cluster of a [`ResolverState`]: its id and its records, sorted by (source, record id).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCluster {
    /// The id.
    pub id: ClusterId,
    /// The records.
    pub records: Vec<RecordKey>,
}

impl fmt::Debug for StateCluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateCluster")
            .field("id", &self.id)
            .field("records", &self.records.len())
            .finish()
    }
}

/// A record's normalized values as held: packed ([`packed`]; a third of a
/// [`NormalizedProfile`]'s size) or, for a record with rejected or custom values, whole.
enum Norm {
    Packed(Box<[u8]>),
    Whole(Box<NormalizedProfile>),
}

impl Norm {
    fn new(p: &NormalizedProfile) -> Norm {
        let mut b = Vec::new();
        packed::encode(&mut b, p);
        if b.first() == Some(&1) {
            Norm::Packed(b.into_boxed_slice())
        } else {
            Norm::Whole(Box::new(p.clone()))
        }
    }
}

/// The slots of one key block or identity.
type Block = SmallVec<[u32; 4]>;

/// In a [`KeyIndex`] value: the rest is an index into its blocks, not a slot.
const MULTI: u32 = 1 << 31;

/// Key → slots, for blocking keys and identities. Most keys belong to one record: its slot is
/// the map's value itself (12 bytes a key); a key of several records points into a side table
/// of blocks. Slots are below [`MULTI`].
#[derive(Default)]
struct KeyIndex {
    map: U64Map<u32>,
    blocks: Vec<Block>,
    free: Vec<u32>,
}

impl KeyIndex {
    /// The slots filed under `k`, in filing order.
    fn get(&self, k: u64) -> &[u32] {
        match self.map.get(&k) {
            None => &[],
            Some(v) if v & MULTI == 0 => std::slice::from_ref(v),
            Some(&v) => self
                .blocks
                .get((v & !MULTI) as usize)
                .map_or(&[], |b| b.as_slice()),
        }
    }

    fn push(&mut self, k: u64, s: u32) {
        use std::collections::hash_map::Entry;
        match self.map.entry(k) {
            Entry::Vacant(e) => {
                e.insert(s);
            }
            Entry::Occupied(mut e) => {
                let v = *e.get();
                if v & MULTI != 0 {
                    if let Some(b) = self.blocks.get_mut((v & !MULTI) as usize) {
                        b.push(s);
                    }
                    return;
                }
                let block: Block = smallvec::smallvec![v, s];
                let b = match self.free.pop() {
                    Some(b) => {
                        self.blocks[b as usize] = block;
                        b
                    }
                    None => {
                        self.blocks.push(block);
                        (self.blocks.len() - 1) as u32
                    }
                };
                *e.get_mut() = b | MULTI;
            }
        }
    }

    fn remove(&mut self, k: u64, s: u32) {
        let Some(&v) = self.map.get(&k) else {
            return;
        };
        if v & MULTI == 0 {
            if v == s {
                self.map.remove(&k);
            }
            return;
        }
        let b = (v & !MULTI) as usize;
        let Some(block) = self.blocks.get_mut(b) else {
            return;
        };
        block.retain(|x| *x != s);
        let left = match block.len() {
            0 => None,
            1 => Some(block[0]),
            _ => return,
        };
        self.blocks[b] = Block::new();
        self.free.push(b as u32);
        match left {
            Some(only) => {
                self.map.insert(k, only);
            }
            None => {
                self.map.remove(&k);
            }
        }
    }
}

/// No cluster yet (a record being inserted).
const NONE: u32 = u32::MAX;

/// One live record.
struct Slot {
    /// The raw profile, encoded ([`raw`]).
    raw: Box<str>,
    /// The normalized values, packed.
    norm: Norm,
    /// The identity hash ([`Guard::exact_duplicates`]), when exact duplicates are on.
    identity: Option<u64>,
    /// Index into `ResolverState::sources`.
    source: u32,
    /// Hash of the record id (the canonical order's second key).
    id_hash: u64,
    /// Arrival number: smaller is older. An update keeps it.
    seq: u64,
    /// Linked records with the link weight.
    links: Vec<(u32, f64)>,
    /// Index into `ResolverState::clusters`.
    cluster: u32,
}

struct ClusterInfo {
    id: ClusterId,
    /// Creation number: smaller is older.
    created: u64,
    members: Vec<u32>,
}

/// Hashes of generic values, frozen when the state is built (see the module docs).
#[derive(Clone, Default, Serialize, Deserialize)]
struct GenericKeys {
    email: Vec<u64>,
    email_local: Vec<u64>,
    phone: Vec<u64>,
    address: Vec<u64>,
}

impl GenericKeys {
    fn of(records: &[NormalizedProfile]) -> GenericKeys {
        let mut g = GenericKeys::default();
        for p in records {
            for e in &p.emails {
                if e.generic {
                    g.email.push(e.hash);
                }
                if e.generic_local {
                    g.email_local.push(e.local_hash);
                }
            }
            g.phone
                .extend(p.phones.iter().filter(|x| x.generic).map(|x| x.e164));
            g.address
                .extend(p.addresses.iter().filter(|x| x.generic).map(|x| x.hash));
        }
        for v in [
            &mut g.email,
            &mut g.email_local,
            &mut g.phone,
            &mut g.address,
        ] {
            v.sort_unstable();
            v.dedup();
        }
        g
    }

    fn apply(&self, p: &mut NormalizedProfile) {
        let has = |v: &[u64], k: u64| v.binary_search(&k).is_ok();
        for e in p.emails.iter_mut() {
            e.generic = has(&self.email, e.hash);
            e.generic_local = has(&self.email_local, e.local_hash);
        }
        for x in p.phones.iter_mut() {
            x.generic = has(&self.phone, x.e164);
        }
        for a in p.addresses.iter_mut() {
            a.generic = has(&self.address, a.hash);
        }
    }
}

/// An incremental resolution: records can be added, replaced and erased one at a time, each
/// change re-clustering only the records it touches. See the [module docs](self) for the rules
/// (ids, events, agreement with bulk resolution, saved form). `Debug` shows counts only.
///
/// ```
/// use selfsame::state::{Event, ResolverState};
/// use selfsame::{score::Model, Config, Profile};
/// let mut state = ResolverState::new(Config::default(), Model::default_untrained()).unwrap();
/// let ann = Profile::new("crm", "1").with_given_name("Ann").with_family_name("Lee")
///     .with_email("ann.lee@example.com").with_date_of_birth("1980-03-04");
/// let events = state.upsert(ann).unwrap();
/// assert!(matches!(events[..], [Event::Created { .. }]));
/// let again = Profile::new("shop", "9").with_given_name("Ann").with_family_name("Lee")
///     .with_email("ANN.LEE@example.com").with_date_of_birth("1980-03-04");
/// let events = state.upsert(again).unwrap();
/// assert!(matches!(events[..], [Event::Joined { .. }]));
/// assert_eq!(state.cluster_of("crm", "1"), state.cluster_of("shop", "9"));
/// // Erasure: the record and everything derived from it is gone.
/// state.remove("crm", "1").unwrap();
/// assert_eq!(state.len(), 1);
/// assert_eq!(state.cluster_of("crm", "1"), None);
/// ```
pub struct ResolverState {
    config: Config,
    model: Model,
    guard: Guard,
    tf: TermFrequencies,
    generic: GenericKeys,
    /// Source names, interned.
    sources: Vec<String>,
    source_index: HashMap<String, u32>,
    slots: Vec<Option<Slot>>,
    free: Vec<u32>,
    /// (source, record id) → slot.
    by_key: HashMap<(u32, String), u32>,
    /// Rule-salted blocking key → slots (most blocks hold a record or two: inline).
    index: KeyIndex,
    /// Identity hash ([`Guard::exact_duplicates`]) → slots; empty when exact duplicates are off.
    identities: KeyIndex,
    clusters: Vec<Option<ClusterInfo>>,
    cluster_free: Vec<u32>,
    by_cluster_id: U64Map<u32>,
    live: usize,
    links: usize,
    next_seq: u64,
    next_cluster: u64,
}

impl fmt::Debug for ResolverState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResolverState")
            .field("records", &self.live)
            .field("clusters", &self.cluster_count())
            .field("links", &self.links)
            .finish_non_exhaustive()
    }
}

/// A profile of a batch, normalized and scored against the records held before the batch.
struct Prepared {
    raw: Box<str>,
    norm: NormalizedProfile,
    scored: Vec<(u32, Option<f64>)>,
}

/// What changed, for the events.
enum Change {
    Inserted(u32),
    Updated(u32),
    Removed { old: u32, record: RecordKey },
}

impl ResolverState {
    /// An empty state with this configuration and model (trained beforehand, for example with
    /// [`Resolver::train`]). Term frequencies start empty (no adjustment) and no value is generic.
    pub fn new(config: Config, model: Model) -> Result<ResolverState, Error> {
        config.check()?;
        model.validate()?;
        model.check_comparisons(&config.comparisons)?;
        Ok(ResolverState {
            guard: Guard::from_config(&config),
            config,
            model,
            tf: TermFrequencies::default(),
            generic: GenericKeys::default(),
            sources: Vec::new(),
            source_index: HashMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            by_key: HashMap::new(),
            index: KeyIndex::default(),
            identities: KeyIndex::default(),
            clusters: Vec::new(),
            cluster_free: Vec::new(),
            by_cluster_id: U64Map::default(),
            live: 0,
            links: 0,
            next_seq: 0,
            next_cluster: 0,
        })
    }

    /// A state holding these profiles, resolved in bulk ([`Resolver::resolve`]) with the given
    /// model, or one trained on them: its clusters and ids are the resolution's, its term
    /// frequencies and generic values are counted over these profiles. Records arrive in
    /// canonical order (source, hash of the id, id); clusters are created in id order.
    ///
    /// ```
    /// use selfsame::state::ResolverState;
    /// use selfsame::{Config, Profile, Resolver};
    /// let people = vec![
    ///     Profile::new("crm", "1").with_full_name("Ann Lee").with_email("ann@example.com"),
    ///     Profile::new("shop", "2").with_full_name("Ann Lee").with_email("ANN@example.com"),
    ///     Profile::new("shop", "3").with_full_name("Bo Chan").with_phone("4155550134"),
    /// ];
    /// let bulk = Resolver::default().resolve(&people).unwrap();
    /// let state = ResolverState::from_profiles(Config::default(), None, &people).unwrap();
    /// let ids: Vec<String> = state.clusters().iter().map(|c| c.id.to_string()).collect();
    /// let bulk_ids: Vec<String> = bulk.clusters.iter().map(|c| c.id.clone()).collect();
    /// assert_eq!(ids, bulk_ids);
    /// ```
    pub fn from_profiles<R: Records + ?Sized>(
        config: Config,
        model: Option<Model>,
        profiles: &R,
    ) -> Result<ResolverState, Error> {
        let mut resolver = Resolver::new(config.clone().with_golden(false));
        if let Some(m) = model {
            resolver = resolver.with_model(m);
        }
        let res = resolver.resolve(profiles)?;
        let mut state = ResolverState::new(config, res.model.clone())?;
        state.tf = res.tf.clone();
        state.generic = GenericKeys::of(&res.normalized);
        let normalized = res.normalized;
        // Slots in canonical order, so arrival numbers follow it.
        let mut order: Vec<u32> = (0..profiles.len() as u32).collect();
        order.sort_by_cached_key(|&x| {
            let (source, id) = (profiles.source(x as usize), profiles.id(x as usize));
            (source.to_string(), hash_str(id), id.to_string())
        });
        let mut slot_of = vec![0u32; profiles.len()];
        for &i in &order {
            let norm = &normalized[i as usize];
            let p = profiles.profile(i as usize);
            let s = state.add_slot(&p.source, raw::encode(&p), norm)?;
            slot_of[i as usize] = s;
            let mut keys = Vec::new();
            record_keys(&state.config.blocking.rules, norm, &mut keys);
            state.file_keys(s, keys);
        }
        // Every pair of records sharing a key block of at most the cap, scored once (from the
        // smaller slot), in parallel, on the normalized records of the resolution (slot `s` is
        // record `order[s]`); the lists are filled in slot order.
        let n = state.slots.len() as u32;
        let norm_at = |s: u32| &normalized[order[s as usize] as usize];
        let key_at = |s: u32| {
            let i = order[s as usize] as usize;
            let id = profiles.id(i);
            (profiles.source(i), hash_str(id), id)
        };
        let found: Vec<Vec<(u32, f64)>> = (0..n)
            .into_par_iter()
            .map(|s| {
                let src = state.slot(s).map(|x| x.source);
                state
                    .candidates_of(norm_at(s), src, s)
                    .into_iter()
                    .filter(|&o| o > s)
                    .filter_map(|o| {
                        state
                            .judge_norms(key_at(s), norm_at(s), key_at(o), norm_at(o))
                            .map(|w| (o, w))
                    })
                    .collect()
            })
            .collect();
        for (s, list) in found.into_iter().enumerate() {
            for (o, w) in list {
                state.link(s as u32, o, w);
            }
        }
        for (created, c) in res.clusters.iter().enumerate() {
            let id: ClusterId = c.id.parse()?;
            let mut members: Vec<u32> = c.members.iter().map(|&m| slot_of[m as usize]).collect();
            members.sort_unstable();
            let k = state.clusters.len() as u32;
            for &m in &members {
                if let Some(slot) = state.slots[m as usize].as_mut() {
                    slot.cluster = k;
                }
            }
            state.by_cluster_id.insert(id.0, k);
            state.clusters.push(Some(ClusterInfo {
                id,
                created: created as u64,
                members,
            }));
        }
        state.next_cluster = res.clusters.len() as u64;
        Ok(state)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Live records.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether the state holds no record.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Links (pairs at or above the threshold that the pair guard let through).
    pub fn link_count(&self) -> usize {
        self.links
    }

    /// Clusters (singletons included).
    pub fn cluster_count(&self) -> usize {
        self.clusters.iter().filter(|c| c.is_some()).count()
    }

    /// The cluster holding a record, if the state holds it.
    pub fn cluster_of(&self, source: &str, record_id: &str) -> Option<ClusterId> {
        let s = self.lookup(source, record_id)?;
        let slot = self.slots.get(s as usize)?.as_ref()?;
        Some(self.clusters.get(slot.cluster as usize)?.as_ref()?.id)
    }

    /// Every cluster, ordered by id, each with its records sorted by (source, record id).
    pub fn clusters(&self) -> Vec<StateCluster> {
        let mut out: Vec<StateCluster> = self
            .clusters
            .iter()
            .flatten()
            .map(|c| {
                let mut records: Vec<RecordKey> =
                    c.members.iter().filter_map(|&m| self.key_of(m)).collect();
                records.sort();
                StateCluster { id: c.id, records }
            })
            .collect();
        out.sort_by_key(|c| c.id);
        out
    }

    /// The golden record of one cluster, built now from its records (as
    /// [`crate::golden::golden_record`] builds it, members in canonical order).
    ///
    /// ```
    /// use selfsame::state::ResolverState;
    /// use selfsame::{score::Model, Config, Profile};
    /// let mut state = ResolverState::new(Config::default(), Model::default_untrained()).unwrap();
    /// state.upsert(Profile::new("crm", "1").with_full_name("Ann Lee").with_email("ann@example.com")).unwrap();
    /// let id = state.cluster_of("crm", "1").unwrap();
    /// let golden = state.golden_record(id).unwrap();
    /// assert_eq!(golden.cluster_id, id.to_string());
    /// assert_eq!(golden.records.len(), 1);
    /// ```
    pub fn golden_record(&self, cluster: ClusterId) -> Option<GoldenRecord> {
        let &k = self.by_cluster_id.get(&cluster.0)?;
        let c = self.clusters.get(k as usize)?.as_ref()?;
        let mut members = c.members.clone();
        members.sort_by(|&x, &y| self.canonical_cmp(x, y));
        let slots: Vec<&Slot> = members
            .iter()
            .filter_map(|&m| self.slots.get(m as usize)?.as_ref())
            .collect();
        let profiles: Vec<Profile> = slots
            .iter()
            .map(|s| raw::decode(&self.sources[s.source as usize], &s.raw).unwrap_or_default())
            .collect();
        let normalized: Vec<NormalizedProfile> =
            slots.iter().map(|s| self.norm_of(s).into_owned()).collect();
        let local: Vec<u32> = (0..profiles.len() as u32).collect();
        Some(crate::golden::golden_record_in(
            &cluster.to_string(),
            &local,
            &profiles,
            &normalized,
            &self.config.survivorship,
        ))
    }

    /// Adds a record, or replaces the record with the same (source, id): its old links are
    /// withdrawn, it is scored against the records sharing a key block (at most
    /// `max_block_size`), linked, and its component is clustered again. Returns what changed.
    pub fn upsert(&mut self, profile: Profile) -> Result<Vec<Event>, Error> {
        let norm = self.normalize(&profile);
        let raw = raw::encode(&profile);
        let mut dirty = std::collections::HashSet::new();
        self.apply(&profile.source, &profile.id, raw, norm, &[], &mut dirty)
    }

    /// [`ResolverState::upsert`] of each profile in turn; the events of all, in order. Stops at
    /// the first error (the changes before it stay applied).
    ///
    /// The result is the same as upserting one at a time, but faster: profiles are taken in
    /// batches of a few thousand, each batch normalized and scored against the records already
    /// held in parallel; then each profile is applied in order, reusing those scores (a pair with
    /// a record changed earlier in the batch, or added by it, is scored then).
    ///
    /// ```
    /// use selfsame::state::ResolverState;
    /// use selfsame::{score::Model, Config, Profile};
    /// let people = vec![
    ///     Profile::new("crm", "1").with_full_name("Ann Lee").with_email("ann@example.com"),
    ///     Profile::new("shop", "2").with_full_name("Ann Lee").with_email("ANN@example.com"),
    /// ];
    /// let mut batch = ResolverState::new(Config::default(), Model::default_untrained()).unwrap();
    /// let mut single = ResolverState::new(Config::default(), Model::default_untrained()).unwrap();
    /// let events = batch.upsert_all(people.clone()).unwrap();
    /// let mut one_by_one = Vec::new();
    /// for p in people {
    ///     one_by_one.extend(single.upsert(p).unwrap());
    /// }
    /// assert_eq!(events, one_by_one);
    /// assert_eq!(batch.clusters(), single.clusters());
    /// ```
    pub fn upsert_all(
        &mut self,
        profiles: impl IntoIterator<Item = Profile>,
    ) -> Result<Vec<Event>, Error> {
        self.upsert_batched(profiles, 4096)
    }

    fn upsert_batched(
        &mut self,
        profiles: impl IntoIterator<Item = Profile>,
        size: usize,
    ) -> Result<Vec<Event>, Error> {
        let mut events = Vec::new();
        let mut it = profiles.into_iter();
        loop {
            let batch: Vec<Profile> = it.by_ref().take(size.max(1)).collect();
            if batch.is_empty() {
                return Ok(events);
            }
            let this = &*self;
            let prepared: Vec<Prepared> = batch
                .par_iter()
                .map(|p| {
                    let norm = this.normalize(p);
                    let me = this.lookup(&p.source, &p.id).unwrap_or(NONE);
                    let source = this.source_index.get(&p.source).copied();
                    let key = (p.source.as_str(), hash_str(&p.id), p.id.as_str());
                    let scored = this
                        .candidates_of(&norm, source, me)
                        .into_iter()
                        .map(|o| (o, this.judge_against(key, &norm, o)))
                        .collect();
                    Prepared {
                        raw: raw::encode(p),
                        norm,
                        scored,
                    }
                })
                .collect();
            // Records whose values changed in this batch: their precomputed scores are stale.
            let mut dirty = std::collections::HashSet::new();
            for (p, prep) in batch.into_iter().zip(prepared) {
                events.extend(self.apply(
                    &p.source,
                    &p.id,
                    prep.raw,
                    prep.norm,
                    &prep.scored,
                    &mut dirty,
                )?);
            }
        }
    }

    /// Applies one upsert; `scored` holds precomputed judgments against records (sorted by
    /// slot), used unless the record is in `dirty` (changed since they were computed).
    fn apply(
        &mut self,
        source: &str,
        id: &str,
        raw: Box<str>,
        norm: NormalizedProfile,
        scored: &[(u32, Option<f64>)],
        dirty: &mut std::collections::HashSet<u32>,
    ) -> Result<Vec<Event>, Error> {
        let (s, mut seeds, change) = match self.lookup(source, id) {
            Some(s) => {
                let seeds = self.detach(s);
                let identity = self.identity_of(&norm);
                if let Some(slot) = self.slots[s as usize].as_mut() {
                    slot.raw = raw;
                    slot.norm = Norm::new(&norm);
                    slot.identity = identity;
                }
                dirty.insert(s);
                (s, seeds, Change::Updated(s))
            }
            None => {
                let s = self.add_slot(source, raw, &norm)?;
                (s, Vec::new(), Change::Inserted(s))
            }
        };
        let mut keys = Vec::new();
        record_keys(&self.config.blocking.rules, &norm, &mut keys);
        seeds.extend(self.file_keys(s, keys));
        let src = self.slot(s).map(|x| x.source);
        let key = (source, hash_str(id), id);
        for o in self.candidates_of(&norm, src, s) {
            let w = match scored.binary_search_by_key(&o, |x| x.0) {
                Ok(k) if !dirty.contains(&o) => scored[k].1,
                _ => self.judge_against(key, &norm, o),
            };
            if let Some(w) = w {
                self.link(s, o, w);
                seeds.push(o);
            }
        }
        seeds.push(s);
        Ok(self.recluster(seeds, change))
    }

    /// Erases a record: its raw and normalized values, its blocking keys and its links are
    /// dropped, and the records it was connected to are clustered again (its cluster may split).
    /// Erasing a record the state does not hold changes nothing and returns no event.
    pub fn remove(&mut self, source: &str, record_id: &str) -> Result<Vec<Event>, Error> {
        let Some(s) = self.lookup(source, record_id) else {
            return Ok(Vec::new());
        };
        let seeds = self.detach(s);
        let Some(slot) = self.slots[s as usize].take() else {
            return Ok(Vec::new());
        };
        let record_id = raw::id(&slot.raw).into_owned();
        self.by_key.remove(&(slot.source, record_id.clone()));
        self.free.push(s);
        self.live -= 1;
        let old = slot.cluster;
        if let Some(Some(c)) = self.clusters.get_mut(old as usize) {
            c.members.retain(|&m| m != s);
        }
        let record = RecordKey {
            source: self.sources[slot.source as usize].clone(),
            record_id,
        };
        Ok(self.recluster(seeds, Change::Removed { old, record }))
    }

    // ---- records, keys and links ----

    fn lookup(&self, source: &str, record_id: &str) -> Option<u32> {
        let &src = self.source_index.get(source)?;
        self.by_key.get(&(src, record_id.to_string())).copied()
    }

    fn key_of(&self, s: u32) -> Option<RecordKey> {
        let slot = self.slots.get(s as usize)?.as_ref()?;
        Some(RecordKey {
            source: self.sources[slot.source as usize].clone(),
            record_id: raw::id(&slot.raw).into_owned(),
        })
    }

    fn add_slot(
        &mut self,
        source: &str,
        raw: Box<str>,
        norm: &NormalizedProfile,
    ) -> Result<u32, Error> {
        let src = match self.source_index.get(source) {
            Some(&x) => x,
            None => {
                let x = self.sources.len() as u32;
                self.sources.push(source.to_string());
                self.source_index.insert(source.to_string(), x);
                x
            }
        };
        let s = match self.free.pop() {
            Some(s) => s,
            None => {
                if self.slots.len() >= MULTI as usize {
                    return Err(Error::TooManyRecords(self.slots.len() + 1));
                }
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        let (id_hash, id) = {
            let id = raw::id(&raw);
            (hash_str(&id), id.into_owned())
        };
        self.by_key.insert((src, id), s);
        let identity = self.identity_of(norm);
        self.slots[s as usize] = Some(Slot {
            id_hash,
            raw,
            norm: Norm::new(norm),
            identity,
            source: src,
            seq: self.next_seq,
            links: Vec::new(),
            cluster: NONE,
        });
        self.next_seq += 1;
        self.live += 1;
        Ok(s)
    }

    /// A slot's normalized values, unpacked (with the state's generic values flagged).
    fn norm_of<'a>(&self, slot: &'a Slot) -> Cow<'a, NormalizedProfile> {
        match &slot.norm {
            Norm::Whole(p) => Cow::Borrowed(&**p),
            Norm::Packed(b) => {
                let mut p = packed::Reader::new(b)
                    .record()
                    .flatten()
                    .unwrap_or_default();
                self.generic.apply(&mut p);
                Cow::Owned(p)
            }
        }
    }

    /// The identity hash of normalized values, when exact duplicates are on.
    fn identity_of(&self, norm: &NormalizedProfile) -> Option<u64> {
        if !self.config.guard.exact_duplicates || self.config.mode == Mode::Link {
            return None;
        }
        identity_key(norm)
    }

    fn slot(&self, s: u32) -> Option<&Slot> {
        self.slots.get(s as usize)?.as_ref()
    }

    fn keys(&self, s: u32) -> Vec<u64> {
        let mut keys = Vec::new();
        if let Some(slot) = self.slot(s) {
            record_keys(&self.config.blocking.rules, &self.norm_of(slot), &mut keys);
        }
        keys
    }

    fn identity(&self, s: u32) -> Option<u64> {
        self.slot(s)?.identity
    }

    /// Files a record under its keys and identity; returns the other records of its identity.
    fn file_keys(&mut self, s: u32, keys: Vec<u64>) -> Vec<u32> {
        for k in keys {
            self.index.push(k, s);
        }
        match self.identity(s) {
            Some(h) => {
                let others = self.identities.get(h).to_vec();
                self.identities.push(h, s);
                others
            }
            None => Vec::new(),
        }
    }

    /// Withdraws a record's keys, identity and links; returns the records it was connected to.
    fn detach(&mut self, s: u32) -> Vec<u32> {
        for k in self.keys(s) {
            self.index.remove(k, s);
        }
        let mut seeds = Vec::new();
        if let Some(h) = self.identity(s) {
            self.identities.remove(h, s);
            seeds.extend(self.identities.get(h).iter().copied());
        }
        let links = match self.slots.get_mut(s as usize) {
            Some(Some(slot)) => std::mem::take(&mut slot.links),
            _ => Vec::new(),
        };
        for &(o, _) in &links {
            if let Some(Some(other)) = self.slots.get_mut(o as usize) {
                other.links.retain(|&(x, _)| x != s);
            }
            seeds.push(o);
        }
        self.links -= links.len();
        seeds
    }

    /// The records sharing a key block of at most the cap with a normalized record of this
    /// source (`None`: a source the state does not hold yet), `exclude` left out (in
    /// [`Mode::Link`] only other sources), sorted and distinct.
    fn candidates_of(
        &self,
        norm: &NormalizedProfile,
        source: Option<u32>,
        exclude: u32,
    ) -> Vec<u32> {
        let mut keys = Vec::new();
        crate::block::record_keys_capped(
            &self.config.blocking.rules,
            norm,
            self.config.blocking.max_block_size,
            &mut keys,
        );
        let mut out = Vec::new();
        for (k, cap) in keys {
            let list = self.index.get(k);
            if list.len() <= cap {
                out.extend(list.iter().copied());
            }
        }
        out.sort_unstable();
        out.dedup();
        out.retain(|&o| {
            o != exclude
                && (self.config.mode != Mode::Link
                    || self.slot(o).is_some_and(|x| Some(x.source) != source))
        });
        out
    }

    /// Canonical order of two records: source name, hash of the id, id.
    fn canonical_cmp(&self, x: u32, y: u32) -> std::cmp::Ordering {
        match (self.slot(x), self.slot(y)) {
            (Some(p), Some(q)) => (
                self.sources[p.source as usize].as_str(),
                p.id_hash,
                &*raw::id(&p.raw),
            )
                .cmp(&(
                    self.sources[q.source as usize].as_str(),
                    q.id_hash,
                    &*raw::id(&q.raw),
                )),
            _ => x.cmp(&y),
        }
    }

    /// The link weight of a record (given by its canonical key: source, hash of the id, id;
    /// and its normalized values) and record `y` if the pair guard links them, compared in
    /// canonical order and weighted as a blocked pair is in bulk (term-frequency adjustment as
    /// `f32`).
    fn judge_against(
        &self,
        key: (&str, u64, &str),
        norm: &NormalizedProfile,
        y: u32,
    ) -> Option<f64> {
        let other = self.slot(y)?;
        let id = raw::id(&other.raw);
        let other_key = (
            self.sources[other.source as usize].as_str(),
            other.id_hash,
            &*id,
        );
        let other_norm = self.norm_of(other);
        self.judge_norms(key, norm, other_key, &other_norm)
    }

    /// The judgment of two normalized records, given their canonical keys.
    fn judge_norms(
        &self,
        key: (&str, u64, &str),
        norm: &NormalizedProfile,
        other_key: (&str, u64, &str),
        other_norm: &NormalizedProfile,
    ) -> Option<f64> {
        let (p, q) = if key > other_key {
            (other_norm, norm)
        } else {
            (norm, other_norm)
        };
        let c = self.model.compare(p, q);
        let adj = self.tf.adjustment(&self.model, &c) as f32;
        let weight = self.model.weight_of_levels(&c.levels) + f64::from(adj);
        match self.guard.pair(p, q, &c.levels, weight) {
            PairVerdict::Link(w) => Some(w),
            _ => None,
        }
    }

    fn link(&mut self, x: u32, y: u32, w: f64) {
        if let Some(Some(slot)) = self.slots.get_mut(x as usize) {
            slot.links.push((y, w));
        }
        if let Some(Some(slot)) = self.slots.get_mut(y as usize) {
            slot.links.push((x, w));
        }
        self.links += 1;
    }

    // ---- clustering ----

    /// The live records connected to the seeds by links or identities.
    fn component(&self, seeds: Vec<u32>) -> Vec<u32> {
        let mut seen: std::collections::HashSet<u32> = std::collections::HashSet::new();
        let mut stack: Vec<u32> = seeds;
        let mut out = Vec::new();
        while let Some(s) = stack.pop() {
            let Some(slot) = self.slot(s) else {
                continue;
            };
            if !seen.insert(s) {
                continue;
            }
            out.push(s);
            stack.extend(slot.links.iter().map(|&(o, _)| o));
            if let Some(h) = self.identity(s) {
                stack.extend(self.identities.get(h).iter().copied());
            }
        }
        out
    }

    /// Clusters the records connected to the seeds again, as bulk would, and keeps cluster ids
    /// by the rules of the module docs.
    fn recluster(&mut self, seeds: Vec<u32>, change: Change) -> Vec<Event> {
        let mut comp = self.component(seeds);
        comp.sort_by(|&x, &y| self.canonical_cmp(x, y));
        let local: HashMap<u32, u32> = comp
            .iter()
            .enumerate()
            .map(|(i, &s)| (s, i as u32))
            .collect();
        let records: Vec<NormalizedProfile> = comp
            .iter()
            .filter_map(|&s| self.slot(s).map(|x| self.norm_of(x).into_owned()))
            .collect();
        let dups: Vec<u32> = if self.config.mode == Mode::Link {
            (0..records.len() as u32).collect()
        } else {
            self.guard.exact_duplicates(&records)
        };
        // Links between group heads (sorted), then each duplicate with its head, as in bulk.
        let mut links: Vec<Link> = Vec::new();
        for (i, &s) in comp.iter().enumerate() {
            if dups[i] as usize != i {
                continue;
            }
            let Some(slot) = self.slot(s) else { continue };
            for &(o, w) in &slot.links {
                let Some(&j) = local.get(&o) else { continue };
                if j as usize > i && dups[j as usize] == j {
                    links.push(Link {
                        a: i as u32,
                        b: j,
                        weight: w,
                        probability: Model::probability(w),
                    });
                }
            }
        }
        links.sort_by_key(|l| (l.a, l.b));
        for (i, &h) in dups.iter().enumerate() {
            if h as usize == i {
                continue;
            }
            let (p, q) = (&records[h as usize], &records[i]);
            let c = self.model.compare(p, q);
            let weight =
                self.model.weight_of_levels(&c.levels) + self.tf.adjustment(&self.model, &c);
            if let PairVerdict::Link(w) = self.guard.pair(p, q, &c.levels, weight) {
                links.push(Link {
                    a: h.min(i as u32),
                    b: h.max(i as u32),
                    weight: w,
                    probability: Model::probability(w),
                });
            }
        }
        let (labels, _) = self.guard.cluster(&records, &links, &dups);
        let parts: Vec<Vec<u32>> = groups(&labels)
            .into_iter()
            .map(|g| g.into_iter().map(|i| comp[i as usize]).collect())
            .collect();
        self.assign(parts, change)
    }

    /// Gives each new part an id (heirs keep old ids, see the module docs) and says what changed.
    fn assign(&mut self, parts: Vec<Vec<u32>>, change: Change) -> Vec<Event> {
        let part_of: HashMap<u32, usize> = parts
            .iter()
            .enumerate()
            .flat_map(|(p, g)| g.iter().map(move |&s| (s, p)))
            .collect();
        // The old clusters involved, oldest first.
        let mut old: Vec<u32> = parts
            .iter()
            .flatten()
            .filter_map(|&s| self.slot(s).map(|x| x.cluster))
            .filter(|&c| c != NONE)
            .collect();
        if let Change::Removed { old: c, .. } = &change {
            if *c != NONE {
                old.push(*c);
            }
        }
        old.sort_unstable();
        old.dedup();
        old.sort_by_key(|&c| {
            self.clusters[c as usize]
                .as_ref()
                .map_or(u64::MAX, |x| x.created)
        });
        // Each old cluster's heir: the part with most of its records, ties by its oldest record.
        let mut heir: Vec<Option<usize>> = Vec::with_capacity(old.len());
        let mut spread: Vec<Vec<usize>> = Vec::with_capacity(old.len());
        for &c in &old {
            let mut count: Vec<(usize, usize, u64)> = Vec::new(); // (part, records, oldest seq)
            if let Some(info) = self.clusters[c as usize].as_ref() {
                for &m in &info.members {
                    let (Some(&p), Some(slot)) = (part_of.get(&m), self.slot(m)) else {
                        continue;
                    };
                    match count.iter_mut().find(|x| x.0 == p) {
                        Some(x) => {
                            x.1 += 1;
                            x.2 = x.2.min(slot.seq);
                        }
                        None => count.push((p, 1, slot.seq)),
                    }
                }
            }
            let best = count
                .iter()
                .max_by(|x, y| x.1.cmp(&y.1).then_with(|| y.2.cmp(&x.2)))
                .map(|x| x.0);
            heir.push(best);
            let mut others: Vec<usize> = count
                .iter()
                .map(|x| x.0)
                .filter(|&p| Some(p) != best)
                .collect();
            others.sort_unstable();
            spread.push(others);
        }
        // Each part takes the oldest id of the clusters it is heir of.
        let mut claimed: Vec<Option<u32>> = vec![None; parts.len()];
        for (k, &c) in old.iter().enumerate() {
            if let Some(p) = heir[k] {
                if claimed[p].is_none() {
                    claimed[p] = Some(c);
                }
            }
        }
        let old_ids: Vec<ClusterId> = old
            .iter()
            .map(|&c| {
                self.clusters[c as usize]
                    .as_ref()
                    .map_or(ClusterId(0), |x| x.id)
            })
            .collect();
        // Retire the old clusters no part claimed, then build the parts.
        let mut retired: Vec<usize> = Vec::new();
        for (k, &c) in old.iter().enumerate() {
            if !claimed.contains(&Some(c)) {
                if let Some(info) = self.clusters[c as usize].take() {
                    self.by_cluster_id.remove(&info.id.0);
                }
                self.cluster_free.push(c);
                retired.push(k);
            }
        }
        let mut part_ids: Vec<ClusterId> = Vec::with_capacity(parts.len());
        for (p, members) in parts.iter().enumerate() {
            let k = match claimed[p] {
                Some(c) => c,
                None => self.new_cluster(members),
            };
            if let Some(info) = self.clusters[k as usize].as_mut() {
                info.members = members.clone();
                part_ids.push(info.id);
            }
            for &m in members {
                if let Some(Some(slot)) = self.slots.get_mut(m as usize) {
                    slot.cluster = k;
                }
            }
        }
        // Old clusters' records outside the parts (none but a removed record) left already.
        let mut events = Vec::new();
        if let Change::Removed { old: c, record } = &change {
            let k = old.iter().position(|x| x == c);
            if let Some(k) = k {
                events.push(Event::Removed {
                    cluster: old_ids[k],
                    record: record.clone(),
                    emptied: heir[k].is_none(),
                });
            }
        }
        for (k, others) in spread.iter().enumerate() {
            for &p in others {
                events.push(Event::Split {
                    from: old_ids[k],
                    into: part_ids[p],
                });
            }
        }
        for &k in &retired {
            if let Some(p) = heir[k] {
                events.push(Event::Merged {
                    from: old_ids[k],
                    into: part_ids[p],
                });
            }
        }
        let record_event = |s: u32, updated: bool, this: &Self| -> Option<Event> {
            let record = this.key_of(s)?;
            let &p = part_of.get(&s)?;
            let cluster = part_ids[p];
            Some(if updated {
                Event::Updated { cluster, record }
            } else if parts[p].len() == 1 {
                Event::Created { cluster, record }
            } else {
                Event::Joined { cluster, record }
            })
        };
        match change {
            Change::Inserted(s) => events.extend(record_event(s, false, self)),
            Change::Updated(s) => events.extend(record_event(s, true, self)),
            Change::Removed { .. } => {}
        }
        events
    }

    /// A new cluster for a part nobody was heir of: the id hashes the (source, id) of its oldest
    /// record with the creation counter.
    fn new_cluster(&mut self, members: &[u32]) -> u32 {
        let oldest = members
            .iter()
            .filter_map(|&m| self.slot(m))
            .min_by_key(|s| s.seq);
        let base = oldest.map_or(0, |s| {
            combine(
                hash_str(&self.sources[s.source as usize]),
                hash_str(&raw::id(&s.raw)),
            )
        });
        let (id, created) = loop {
            let created = self.next_cluster;
            self.next_cluster += 1;
            let id = combine(base, created);
            if !self.by_cluster_id.contains_key(&id) {
                break (id, created);
            }
        };
        let info = ClusterInfo {
            id: ClusterId(id),
            created,
            members: Vec::new(),
        };
        let k = match self.cluster_free.pop() {
            Some(k) => {
                self.clusters[k as usize] = Some(info);
                k
            }
            None => {
                self.clusters.push(Some(info));
                (self.clusters.len() - 1) as u32
            }
        };
        self.by_cluster_id.insert(id, k);
        k
    }
}

/// The saved form's name and version (see [`ResolverState::save`]).
const FORMAT: &str = "selfsame-state";
const VERSION: u32 = 3;
/// The oldest version still read: version 2 had no term frequencies (they are counted over the
/// loaded records, as its loader did).
const OLDEST: u32 = 2;

#[derive(Serialize)]
struct SavedRef<'a> {
    format: &'a str,
    version: u32,
    config: &'a Config,
    model: SavedModelRef<'a>,
    generic: &'a GenericKeys,
    next_seq: u64,
    next_cluster: u64,
    sources: Vec<&'a str>,
    records: SavedRecordsRef<'a>,
    normalized: Vec<PackedChunk<'a>>,
    links: Vec<(u32, u32, f64)>,
    clusters: Vec<SavedCluster>,
    tf: Vec<PackedChunk<'a>>,
}

/// The records as columns: per record its source (an index into `sources`), its arrival number
/// and its raw profile as one string (see [`raw`]).
#[derive(Serialize)]
struct SavedRecordsRef<'a> {
    source: Vec<u32>,
    seq: Vec<u64>,
    raw: Vec<&'a str>,
}

/// The model as saved: every field always written ([`Model`] leaves out an empty `custom`,
/// which a format that does not describe itself, such as postcard, cannot read back).
#[derive(Serialize)]
struct SavedModelRef<'a> {
    prior: f64,
    fields: &'a [crate::score::FieldParams],
    custom: &'a [crate::score::CustomParams],
    em_iterations: usize,
    em_converged: bool,
}

#[derive(Deserialize)]
struct SavedModel {
    prior: f64,
    fields: Vec<crate::score::FieldParams>,
    #[serde(default)]
    custom: Vec<crate::score::CustomParams>,
    em_iterations: usize,
    em_converged: bool,
}

impl From<SavedModel> for Model {
    fn from(m: SavedModel) -> Model {
        Model {
            prior: m.prior,
            fields: m.fields,
            custom: m.custom,
            em_iterations: m.em_iterations,
            em_converged: m.em_converged,
        }
    }
}

struct Saved<'de> {
    config: Config,
    model: SavedModel,
    generic: GenericKeys,
    next_seq: u64,
    next_cluster: u64,
    sources: Vec<String>,
    records: SavedRecords,
    normalized: Vec<PackedChunk<'de>>,
    links: Vec<(u32, u32, f64)>,
    clusters: Vec<SavedCluster>,
    /// `None` in version 2.
    tf: Option<Vec<PackedChunk<'de>>>,
}

#[derive(Deserialize)]
struct SavedRecords {
    source: Vec<u32>,
    seq: Vec<u64>,
    raw: Vec<String>,
}

/// What a saved form turned out to be: this version, or another format or version (its other
/// fields skipped, so the error can name the version).
enum Read<'de> {
    Current(Box<Saved<'de>>),
    NotOurs,
    Version(u32),
}

const FIELDS: &[&str] = &[
    "format",
    "version",
    "config",
    "model",
    "generic",
    "next_seq",
    "next_cluster",
    "sources",
    "records",
    "normalized",
    "links",
    "clusters",
    "tf",
];

impl<'de> Deserialize<'de> for Read<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Read<'de>, D::Error> {
        d.deserialize_struct("SavedState", FIELDS, ReadVisitor(std::marker::PhantomData))
    }
}

struct ReadVisitor<'de>(std::marker::PhantomData<&'de ()>);

impl<'de> serde::de::Visitor<'de> for ReadVisitor<'de> {
    type Value = Read<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a selfsame saved state")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Read<'de>, A::Error> {
        use serde::de::Error as _;
        let missing = || A::Error::custom("a field is missing");
        let format: String = seq.next_element()?.ok_or_else(missing)?;
        if format != FORMAT {
            return Ok(Read::NotOurs);
        }
        let version: u32 = seq.next_element()?.ok_or_else(missing)?;
        if !(OLDEST..=VERSION).contains(&version) {
            return Ok(Read::Version(version));
        }
        Ok(Read::Current(Box::new(Saved {
            config: seq.next_element()?.ok_or_else(missing)?,
            model: seq.next_element()?.ok_or_else(missing)?,
            generic: seq.next_element()?.ok_or_else(missing)?,
            next_seq: seq.next_element()?.ok_or_else(missing)?,
            next_cluster: seq.next_element()?.ok_or_else(missing)?,
            sources: seq.next_element()?.ok_or_else(missing)?,
            records: seq.next_element()?.ok_or_else(missing)?,
            normalized: seq.next_element()?.ok_or_else(missing)?,
            links: seq.next_element()?.ok_or_else(missing)?,
            clusters: seq.next_element()?.ok_or_else(missing)?,
            tf: match version {
                OLDEST => None,
                _ => Some(seq.next_element()?.ok_or_else(missing)?),
            },
        })))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Read<'de>, A::Error> {
        use serde::de::{Error as _, IgnoredAny};
        let mut format: Option<String> = None;
        let mut version: Option<u32> = None;
        let mut config = None;
        let mut model = None;
        let mut generic = None;
        let mut next_seq = None;
        let mut next_cluster = None;
        let mut sources = None;
        let mut records = None;
        let mut normalized = None;
        let mut links = None;
        let mut clusters = None;
        let mut tf = None;
        // Once the format or version is known to differ, the rest is skipped unread.
        let mut foreign = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if foreign {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match &*key {
                "format" => {
                    let f: String = map.next_value()?;
                    foreign |= f != FORMAT;
                    format = Some(f);
                }
                "version" => {
                    let v: u32 = map.next_value()?;
                    foreign |= !(OLDEST..=VERSION).contains(&v);
                    version = Some(v);
                }
                "config" => config = Some(map.next_value()?),
                "model" => model = Some(map.next_value()?),
                "generic" => generic = Some(map.next_value()?),
                "next_seq" => next_seq = Some(map.next_value()?),
                "next_cluster" => next_cluster = Some(map.next_value()?),
                "sources" => sources = Some(map.next_value()?),
                "records" => records = Some(map.next_value()?),
                "normalized" => normalized = Some(map.next_value()?),
                "links" => links = Some(map.next_value()?),
                "clusters" => clusters = Some(map.next_value()?),
                "tf" => tf = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let version = match (format, version) {
            (Some(f), _) if f != FORMAT => return Ok(Read::NotOurs),
            (Some(_), Some(v)) if !(OLDEST..=VERSION).contains(&v) => return Ok(Read::Version(v)),
            (Some(_), Some(v)) => v,
            _ => return Ok(Read::NotOurs),
        };
        let missing = || A::Error::custom("a field is missing");
        Ok(Read::Current(Box::new(Saved {
            config: config.ok_or_else(missing)?,
            model: model.ok_or_else(missing)?,
            generic: generic.ok_or_else(missing)?,
            next_seq: next_seq.ok_or_else(missing)?,
            next_cluster: next_cluster.ok_or_else(missing)?,
            sources: sources.ok_or_else(missing)?,
            records: records.ok_or_else(missing)?,
            normalized: normalized.ok_or_else(missing)?,
            links: links.ok_or_else(missing)?,
            clusters: clusters.ok_or_else(missing)?,
            tf: match version {
                OLDEST => None,
                _ => Some(tf.ok_or_else(missing)?),
            },
        })))
    }
}

#[derive(Serialize, Deserialize)]
struct SavedCluster {
    id: ClusterId,
    created: u64,
    members: Vec<u32>,
}

fn corrupt(what: &str) -> Error {
    Error::SavedState(what.to_string())
}

impl ResolverState {
    /// Writes the whole state to a serde serializer (the caller picks the format): a format name,
    /// version 3, the configuration, the model, the hashes of generic values, the records as
    /// columns (source, arrival number, and the raw profile as one string of tab-separated
    /// cells), the normalized records packed, the links, the clusters with ids and creation
    /// numbers, and the term frequencies packed. The blocking index is rebuilt by
    /// [`ResolverState::load`]. Records are written in arrival order and links in order, so the
    /// bytes depend on the state alone: a loaded state saves as the one it was saved from, and
    /// after the same changes both save the same bytes again.
    /// The packed records are base64 text in a human-readable format (JSON) and plain bytes in
    /// a binary one: for large states pick a compact binary serde format (postcard, bincode),
    /// whose bytes the loader borrows from the input instead of copying. Fails when the configuration holds a custom blocking key function (it cannot be
    /// serialized).
    ///
    /// ```
    /// use selfsame::state::ResolverState;
    /// use selfsame::{score::Model, Config, Profile};
    /// let mut state = ResolverState::new(Config::default(), Model::default_untrained()).unwrap();
    /// state.upsert(Profile::new("crm", "1").with_full_name("Ann Lee").with_email("ann@example.com")).unwrap();
    /// let mut bytes = Vec::new();
    /// state.save(&mut serde_json::Serializer::new(&mut bytes)).unwrap();
    /// let loaded = ResolverState::load(&mut serde_json::Deserializer::from_slice(&bytes)).unwrap();
    /// assert_eq!(loaded.clusters(), state.clusters());
    /// // Not a saved state: a clear error, no panic.
    /// let err = ResolverState::load(&mut serde_json::Deserializer::from_slice(b"{\"format\": 1}"));
    /// assert!(matches!(err, Err(selfsame::Error::SavedState(_))));
    /// ```
    pub fn save<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The live records in arrival order (arrival numbers are unique), not slot order: the
        // slots an erasure frees are reused, a loaded state's are not, and both save the same.
        let mut order: Vec<(u64, usize, &Slot)> = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(s, slot)| slot.as_ref().map(|slot| (slot.seq, s, slot)))
            .collect();
        order.sort_unstable_by_key(|x| (x.0, x.1));
        let mut position = vec![u32::MAX; self.slots.len()];
        for (p, &(_, s, _)) in order.iter().enumerate() {
            position[s] = p as u32;
        }
        // Only the sources of live records, in first-use order.
        let mut source_at = vec![u32::MAX; self.sources.len()];
        let mut sources: Vec<&str> = Vec::new();
        let mut records = SavedRecordsRef {
            source: Vec::with_capacity(self.live),
            seq: Vec::with_capacity(self.live),
            raw: Vec::with_capacity(self.live),
        };
        for &(seq, _, slot) in &order {
            let src = &mut source_at[slot.source as usize];
            if *src == u32::MAX {
                *src = sources.len() as u32;
                sources.push(&self.sources[slot.source as usize]);
            }
            records.source.push(*src);
            records.seq.push(seq);
            records.raw.push(&slot.raw);
        }
        // Each link once, in order of its records' positions.
        let mut links = Vec::with_capacity(self.links);
        for (s, slot) in self.slots.iter().enumerate() {
            for &(o, w) in slot.iter().flat_map(|x| x.links.iter()) {
                let (a, b) = (position[s], position[o as usize]);
                if a < b {
                    links.push((a, b, w));
                }
            }
        }
        links.par_sort_unstable_by_key(|&(a, b, _)| (a, b));
        let mut clusters: Vec<SavedCluster> = self
            .clusters
            .iter()
            .flatten()
            .map(|c| {
                let mut members: Vec<u32> =
                    c.members.iter().map(|&m| position[m as usize]).collect();
                members.sort_unstable();
                SavedCluster {
                    id: c.id,
                    created: c.created,
                    members,
                }
            })
            .collect();
        clusters.sort_by_key(|c| c.created);
        let live: Vec<&[u8]> = order
            .iter()
            .map(|(_, _, s)| match &s.norm {
                Norm::Packed(b) => &b[..],
                Norm::Whole(_) => &[0u8][..],
            })
            .collect();
        let normalized: Vec<PackedChunk> = live
            .par_chunks(packed::CHUNK)
            .map(|c| PackedChunk(Cow::Owned(packed::chunk(c))))
            .collect();
        let (counts, totals) = self.tf.parts();
        let tf: Vec<PackedChunk> = counts
            .par_iter()
            .zip(totals.par_iter())
            .map(|(c, &t)| PackedChunk(Cow::Owned(packed::counts(t as u64, c))))
            .collect();
        SavedRef {
            format: FORMAT,
            version: VERSION,
            config: &self.config,
            model: SavedModelRef {
                prior: self.model.prior,
                fields: &self.model.fields,
                custom: &self.model.custom,
                em_iterations: self.model.em_iterations,
                em_converged: self.model.em_converged,
            },
            generic: &self.generic,
            next_seq: self.next_seq,
            next_cluster: self.next_cluster,
            sources,
            records,
            normalized,
            links,
            clusters,
            tf,
        }
        .serialize(serializer)
    }

    /// Reads a state written by [`ResolverState::save`] from a serde deserializer of the same
    /// format (version 3, or version 2, whose term frequencies are counted over its records).
    /// Another format or version, corrupt bytes or an inconsistent state (a record twice, a link
    /// or member out of range, a record in no cluster or two, term frequencies out of order or
    /// with counts that do not add up) give [`Error::SavedState`] with a message that holds no
    /// data. Records are unpacked in parallel (a record held whole is normalized again), their
    /// blocking keys computed as they are unpacked; the key and identity indexes, the record map
    /// and the term frequencies are then filled side by side, each in a fixed order, so the
    /// loaded state does not depend on the thread count.
    pub fn load<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ResolverState, Error> {
        let read = Read::deserialize(deserializer).map_err(|_| {
            corrupt("could not be read (corrupt, or not a selfsame saved state of version 2 or 3)")
        })?;
        let saved = match read {
            Read::Current(saved) => *saved,
            Read::NotOurs => return Err(corrupt("not a selfsame saved state")),
            Read::Version(v) => {
                return Err(Error::SavedState(format!(
                    "unsupported version {v} (this build reads versions {OLDEST} to {VERSION})"
                )))
            }
        };
        let mut state = ResolverState::new(saved.config, saved.model.into())?;
        let mut generic = saved.generic;
        for v in [
            &mut generic.email,
            &mut generic.email_local,
            &mut generic.phone,
            &mut generic.address,
        ] {
            v.sort_unstable();
            v.dedup();
        }
        state.generic = generic;
        let SavedRecords { source, seq, raw } = saved.records;
        let n = raw.len();
        if source.len() != n || seq.len() != n {
            return Err(corrupt("the record columns differ in length"));
        }
        if n >= MULTI as usize {
            return Err(Error::TooManyRecords(n));
        }
        let sources = saved.sources;
        for (i, name) in sources.iter().enumerate() {
            if state.source_index.insert(name.clone(), i as u32).is_some() {
                return Err(corrupt("a source is saved twice"));
            }
        }
        state.sources = sources;
        // Each chunk of records read in parallel, straight into the slots: the normalized
        // values unpacked (or, for a record not packed, normalized again).
        let chunks = saved.normalized;
        if chunks.len() != n.div_ceil(packed::CHUNK) {
            return Err(corrupt("the normalized records do not match the records"));
        }
        let mut raw = raw;
        let mut slots: Vec<Option<Slot>> = Vec::with_capacity(n);
        slots.resize_with(n, || None);
        let this = &state;
        let rules = &this.config.blocking.rules;
        // Per chunk: the blocking keys of its records, computed while the normalized values are
        // at hand (one flat vector and each record's end in it), or `None` when unreadable.
        let read: Vec<Option<(Vec<u64>, Vec<u32>)>> = slots
            .par_chunks_mut(packed::CHUNK)
            .zip(raw.par_chunks_mut(packed::CHUNK))
            .zip(chunks.par_iter())
            .enumerate()
            .map(|(c, ((out, texts), chunk))| {
                let (m, mut reader) = packed::Reader::chunk(&chunk.0)?;
                if m != out.len() {
                    return None;
                }
                let mut keys: Vec<u64> = Vec::with_capacity(out.len() * 8);
                let mut ends: Vec<u32> = Vec::with_capacity(out.len());
                let mut one: Vec<u64> = Vec::new();
                for (j, (slot, text)) in out.iter_mut().zip(texts.iter_mut()).enumerate() {
                    let i = c * packed::CHUNK + j;
                    let text = std::mem::take(text);
                    let src = this.sources.get(source[i] as usize)?;
                    let start = reader.position();
                    // A packed record's raw string is only checked; a record held whole is
                    // normalized again from it.
                    let (norm, packed) = match reader.record()? {
                        Some(mut norm) => {
                            if !raw::check(&text) {
                                return None;
                            }
                            this.generic.apply(&mut norm);
                            let packed = Norm::Packed(reader.since(start).into());
                            (norm, packed)
                        }
                        None => {
                            let norm = this.normalize(&raw::decode(src, &text)?);
                            let packed = Norm::new(&norm);
                            (norm, packed)
                        }
                    };
                    one.clear();
                    record_keys(rules, &norm, &mut one);
                    keys.extend_from_slice(&one);
                    ends.push(u32::try_from(keys.len()).ok()?);
                    let id_hash = hash_str(&raw::id(&text));
                    *slot = Some(Slot {
                        raw: text.into_boxed_str(),
                        norm: packed,
                        identity: this.identity_of(&norm),
                        source: source[i],
                        id_hash,
                        seq: seq[i],
                        links: Vec::new(),
                        cluster: NONE,
                    });
                }
                reader.done().then_some((keys, ends))
            })
            .collect();
        let Some(keys) = read.into_iter().collect::<Option<Vec<_>>>() else {
            return Err(corrupt("a record could not be read"));
        };
        drop(raw);
        drop(chunks);
        state.slots = slots;
        state.live = n;
        state.next_seq = saved.next_seq;
        // Three independent fills, side by side: the record-key map, the key and identity
        // indexes (each filled in slot order, so the loaded state does not depend on the thread
        // count), and the term frequencies.
        let mut by_key = std::mem::take(&mut state.by_key);
        let mut index = std::mem::take(&mut state.index);
        let mut identities = std::mem::take(&mut state.identities);
        let this = &state;
        let next_seq = saved.next_seq;
        let (records, tf) = rayon::join(
            || {
                rayon::join(
                    || -> Result<(), Error> {
                        by_key.reserve(n);
                        for (s, slot) in this.slots.iter().flatten().enumerate() {
                            if slot.seq >= next_seq {
                                return Err(corrupt("an arrival number is out of range"));
                            }
                            let key = (slot.source, raw::id(&slot.raw).into_owned());
                            if by_key.insert(key, s as u32).is_some() {
                                return Err(corrupt("a record is saved twice"));
                            }
                        }
                        Ok(())
                    },
                    || {
                        let total: usize = keys.iter().map(|(k, _)| k.len()).sum();
                        // Sized once (about 3 keys in 5 are distinct in customer data; the map's
                        // capacity is a power of two anyway), so it does not rehash midway.
                        index.map.reserve(total / 4 * 3);
                        identities.map.reserve(n);
                        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(total);
                        let mut s = 0u32;
                        // (each chunk's keys freed once copied)
                        for (ks, ends) in keys {
                            let mut from = 0usize;
                            for end in ends {
                                pairs.extend(ks[from..end as usize].iter().map(|&k| (k, s)));
                                from = end as usize;
                                if let Some(h) = this.identity(s) {
                                    identities.push(h, s);
                                }
                                s += 1;
                            }
                        }
                        // Filed in the order of the map's buckets (a key is its own hash, and
                        // its bucket is its low bits), so the fill walks the table instead of
                        // jumping about it (twice as fast at 19M keys); a key's slots stay in
                        // slot order, and the order is total (whatever the thread count).
                        let mask = (index.map.capacity() / 7 * 8).next_power_of_two() as u64 - 1;
                        pairs.par_sort_unstable_by_key(|&(k, s)| (k & mask, k, s));
                        for (k, s) in pairs {
                            index.push(k, s);
                        }
                    },
                )
                .0
            },
            || match &saved.tf {
                Some(fields) => read_tf(fields, this.config.comparisons.len()),
                // Version 2 did not save them: counted over the loaded records (generic values
                // do not change them: unpacked as saved).
                None => Ok(TermFrequencies::build_from(
                    this.slots.iter().flatten().map(|s| match &s.norm {
                        Norm::Whole(p) => Cow::Borrowed(&**p),
                        Norm::Packed(b) => Cow::Owned(
                            packed::Reader::new(b)
                                .record()
                                .flatten()
                                .unwrap_or_default(),
                        ),
                    }),
                )),
            },
        );
        records?;
        let tf = tf?;
        state.by_key = by_key;
        state.index = index;
        state.identities = identities;
        state.tf = tf;
        let mut seen_links: U64Map<()> = U64Map::default();
        seen_links.reserve(saved.links.len());
        for (a, b, w) in saved.links {
            if a == b || a as usize >= n || b as usize >= n || w.is_nan() {
                return Err(corrupt("a link is out of range"));
            }
            let pair = crate::hash::mix(u64::from(a.min(b)) << 32 | u64::from(a.max(b)));
            if seen_links.insert(pair, ()).is_some() {
                return Err(corrupt("a link is saved twice"));
            }
            state.link(a, b, w);
        }
        for c in saved.clusters {
            if c.created >= saved.next_cluster {
                return Err(corrupt("a cluster's creation number is out of range"));
            }
            if c.members.is_empty() {
                return Err(corrupt("a cluster has no record"));
            }
            if state.by_cluster_id.contains_key(&c.id.0) {
                return Err(corrupt("a cluster id is saved twice"));
            }
            let k = state.clusters.len() as u32;
            for &m in &c.members {
                match state.slots.get_mut(m as usize) {
                    Some(Some(slot)) if slot.cluster == NONE => slot.cluster = k,
                    _ => {
                        return Err(corrupt(
                            "a cluster member is out of range or in two clusters",
                        ))
                    }
                }
            }
            state.by_cluster_id.insert(c.id.0, k);
            state.clusters.push(Some(ClusterInfo {
                id: c.id,
                created: c.created,
                members: c.members,
            }));
        }
        if state.slots.iter().flatten().any(|s| s.cluster == NONE) {
            return Err(corrupt("a record is in no cluster"));
        }
        state.next_cluster = saved.next_cluster;
        Ok(state)
    }

    /// A profile normalized as [`Resolver::resolve`] normalizes it (custom comparisons
    /// included), with the state's generic values flagged.
    fn normalize(&self, profile: &Profile) -> NormalizedProfile {
        let mut norm = crate::normalize::normalize_profile(profile, &self.config.normalize);
        crate::compare::normalize_custom(
            profile,
            &mut norm,
            &self.config.comparisons,
            &self.config.normalize,
        );
        self.generic.apply(&mut norm);
        norm
    }
}

impl Serialize for ResolverState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.save(serializer)
    }
}

/// A profile held as one string (about the size of its values, where a [`Profile`] takes 328
/// bytes inline and a heap string per value): the record id, then one cell per present value,
/// each a tag letter followed by the value, cells separated by a tab. A tab or backslash inside a
/// value is escaped (`\t`, `\\`), so a tab always separates. The source is not held (the state
/// interns it).
mod raw {
    use std::borrow::Cow;

    use crate::profile::{Channel, Consent, ConsentState, ExternalId, PostalAddress, Profile};

    fn push(out: &mut String, v: &str) {
        if !v.contains(['\t', '\\']) {
            out.push_str(v);
            return;
        }
        for c in v.chars() {
            match c {
                '\t' => out.push_str("\\t"),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
    }

    fn cell(out: &mut String, tag: char, v: &str) {
        out.push('\t');
        out.push(tag);
        push(out, v);
    }

    fn unescape(v: &str) -> Option<Cow<'_, str>> {
        if !v.contains('\\') {
            return Some(Cow::Borrowed(v));
        }
        let mut out = String::with_capacity(v.len());
        let mut it = v.chars();
        while let Some(c) = it.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match it.next()? {
                't' => out.push('\t'),
                '\\' => out.push('\\'),
                _ => return None,
            }
        }
        Some(Cow::Owned(out))
    }

    /// The profile as one string.
    pub(super) fn encode(p: &Profile) -> Box<str> {
        // Every field named: a field added to `Profile` does not compile here until it is held.
        let Profile {
            id,
            source: _,
            given_name,
            middle_name,
            family_name,
            full_name,
            emails,
            phones,
            addresses,
            date_of_birth,
            identifiers,
            attributes,
            updated_at,
            consents,
        } = p;
        let mut out = String::with_capacity(64);
        push(&mut out, id);
        for (tag, v) in [
            ('g', given_name),
            ('m', middle_name),
            ('f', family_name),
            ('n', full_name),
            ('d', date_of_birth),
        ] {
            if let Some(v) = v {
                cell(&mut out, tag, v);
            }
        }
        for e in emails {
            cell(&mut out, 'e', e);
        }
        for x in phones {
            cell(&mut out, 'p', x);
        }
        for a in addresses {
            let PostalAddress {
                street,
                unit,
                city,
                region,
                postcode,
                country,
            } = a;
            cell(&mut out, 'a', "");
            for (tag, v) in [
                ('S', street),
                ('U', unit),
                ('C', city),
                ('R', region),
                ('P', postcode),
                ('K', country),
            ] {
                if let Some(v) = v {
                    cell(&mut out, tag, v);
                }
            }
        }
        for x in identifiers {
            cell(&mut out, 'i', &x.kind);
            cell(&mut out, 'j', &x.value);
        }
        for (k, v) in attributes {
            cell(&mut out, 'k', k);
            cell(&mut out, 'v', v);
        }
        if let Some(t) = updated_at {
            cell(&mut out, 't', &t.to_string());
        }
        for c in consents {
            let channel = match c.channel {
                Channel::Email => 'e',
                Channel::Sms => 's',
                Channel::Phone => 'p',
                Channel::Postal => 'o',
            };
            let state = match c.state {
                ConsentState::Granted => 'g',
                ConsentState::Withdrawn => 'w',
            };
            let mut v = String::from_iter([channel, state]);
            if let Some(t) = c.at {
                v.push_str(&t.to_string());
            }
            cell(&mut out, 'c', &v);
        }
        out.into_boxed_str()
    }

    /// The record id of an encoded profile.
    pub(super) fn id(s: &str) -> Cow<'_, str> {
        let first = s.split('\t').next().unwrap_or("");
        unescape(first).unwrap_or(Cow::Borrowed(first))
    }

    /// A consent cell's value: channel letter, state letter, then the time if any.
    fn consent(v: &str) -> Option<Consent> {
        let mut it = v.chars();
        let channel = match it.next()? {
            'e' => Channel::Email,
            's' => Channel::Sms,
            'p' => Channel::Phone,
            'o' => Channel::Postal,
            _ => return None,
        };
        let state = match it.next()? {
            'g' => ConsentState::Granted,
            'w' => ConsentState::Withdrawn,
            _ => return None,
        };
        let rest = it.as_str();
        let at = if rest.is_empty() {
            None
        } else {
            Some(rest.parse().ok()?)
        };
        Some(Consent { channel, state, at })
    }

    /// Reads an encoded profile's cells in order, checking how they follow one another (an
    /// address part after an address, an identifier's value after its kind, an attribute's
    /// value after its key); `cell` gets each (tag, value) and may refuse it. Returns the id.
    fn walk<'s>(
        s: &'s str,
        mut cell: impl FnMut(char, Cow<'s, str>) -> Option<()>,
    ) -> Option<Cow<'s, str>> {
        let mut cells = s.split('\t');
        let id = unescape(cells.next()?)?;
        let (mut address, mut identifier, mut key) = (false, false, false);
        for c in cells {
            let mut chars = c.chars();
            let tag = chars.next()?;
            let v = unescape(chars.as_str())?;
            let follows = match tag {
                'g' | 'm' | 'f' | 'n' | 'd' | 'e' | 'p' | 't' | 'c' => true,
                'a' => {
                    address |= v.is_empty();
                    v.is_empty()
                }
                'S' | 'U' | 'C' | 'R' | 'P' | 'K' => address,
                'i' => {
                    identifier = true;
                    true
                }
                'j' => identifier,
                'k' => {
                    key = true;
                    true
                }
                'v' => std::mem::replace(&mut key, false),
                _ => false,
            };
            if !follows {
                return None;
            }
            cell(tag, v)?;
        }
        (!key).then_some(id)
    }

    /// Whether [`decode`] would read the string, without building the profile (a state being
    /// loaded checks every record this way and keeps the string).
    pub(super) fn check(s: &str) -> bool {
        walk(s, |tag, v| match tag {
            't' => v.parse::<crate::profile::Timestamp>().ok().map(drop),
            'c' => consent(&v).map(drop),
            _ => Some(()),
        })
        .is_some()
    }

    /// The profile back, with this source; `None` when the string is not an encoded profile.
    pub(super) fn decode(source: &str, s: &str) -> Option<Profile> {
        let mut p = Profile::new(source, String::new());
        let mut key: Option<String> = None;
        let id = walk(s, |tag, v| {
            let v = v.into_owned();
            match tag {
                'g' => p.given_name = Some(v),
                'm' => p.middle_name = Some(v),
                'f' => p.family_name = Some(v),
                'n' => p.full_name = Some(v),
                'd' => p.date_of_birth = Some(v),
                'e' => p.emails.push(v),
                'p' => p.phones.push(v),
                'a' => p.addresses.push(PostalAddress::default()),
                'S' | 'U' | 'C' | 'R' | 'P' | 'K' => {
                    let a = p.addresses.last_mut()?;
                    let part = match tag {
                        'S' => &mut a.street,
                        'U' => &mut a.unit,
                        'C' => &mut a.city,
                        'R' => &mut a.region,
                        'P' => &mut a.postcode,
                        _ => &mut a.country,
                    };
                    *part = Some(v);
                }
                'i' => p.identifiers.push(ExternalId {
                    kind: v,
                    value: String::new(),
                }),
                'j' => p.identifiers.last_mut()?.value = v,
                'k' => key = Some(v),
                'v' => {
                    p.attributes.insert(key.take()?, v);
                }
                't' => p.updated_at = Some(v.parse().ok()?),
                'c' => p.consents.push(consent(&v)?),
                _ => return None,
            }
            Some(())
        })?;
        p.id = id.into_owned();
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Channel, Consent, ConsentState, ExternalId, PostalAddress};

    fn full() -> Profile {
        let mut p = Profile::new("crm", "id\twith\\tab")
            .with_given_name("José")
            .with_middle_name("Q")
            .with_family_name("Ng\tuyen")
            .with_full_name("José Q Nguyen")
            .with_email("jose@example.com")
            .with_email("j.n@example.org")
            .with_phone("+1 415 555 0134")
            .with_date_of_birth("1980-03-04")
            .with_address(
                PostalAddress::new()
                    .with_street("12 N Main St")
                    .with_unit("Apt 4")
                    .with_city("Boston")
                    .with_region("MA")
                    .with_postcode("02139")
                    .with_country("US"),
            )
            .with_address(PostalAddress::new().with_city("Paris"));
        p.addresses.push(PostalAddress::default());
        p.identifiers.push(ExternalId {
            kind: "loyalty".into(),
            value: String::new(),
        });
        p.identifiers.push(ExternalId {
            kind: "tax\\".into(),
            value: "A-1\t2".into(),
        });
        p.attributes.insert("tier".into(), "gold".into());
        p.attributes.insert(String::new(), "\t".into());
        p.updated_at = Some(-1_700_000_000);
        p.consents
            .push(Consent::new(Channel::Sms, ConsentState::Granted).at(1_700_000_000));
        p.consents
            .push(Consent::new(Channel::Postal, ConsentState::Withdrawn));
        p.given_name = Some(String::new());
        p
    }

    #[test]
    fn a_profile_is_held_as_one_string_and_read_back_whole() {
        for p in [full(), Profile::new("s", ""), Profile::new("s", "1")] {
            let text = raw::encode(&p);
            assert_eq!(raw::id(&text), p.id);
            assert!(raw::decode(&p.source, &text) == Some(p.clone()));
        }
        assert!(
            raw::encode(&full()).contains("Boston"),
            "values stay readable text"
        );
    }

    #[test]
    fn a_string_that_is_not_an_encoded_profile_is_refused() {
        for bad in [
            "1\tx",
            "1\tSBoston",
            "1\tjvalue",
            "1\tkkey",
            "1\tvvalue",
            "1\tt12x",
            "1\tcxg",
            "1\tce",
            "1\tgA\\q",
            "1\tgA\\",
            "1\t",
            "1\tanot empty",
            "1\tkkey\tvvalue\tvother",
            "1\ti\tjx\tSBoston",
            "1\tceg2020-13-45",
        ] {
            assert!(raw::decode("s", bad).is_none(), "{bad:?}");
            assert!(!raw::check(bad), "{bad:?}");
        }
        for good in varied().iter().chain([full()].iter()) {
            assert!(raw::check(&raw::encode(good)));
        }
        for good in ["1", "1\ta\tSBoston\ti\tjx\tkk\tvv", "1\tceg", "1\tgA\\t"] {
            assert!(raw::decode("s", good).is_some(), "{good:?}");
            assert!(raw::check(good), "{good:?}");
        }
    }

    /// Records with every kind of normalized value: Latin and Thai names, nickname groups,
    /// emails, phones, addresses with units, dates, identifiers, a country, a rejected value.
    fn varied() -> Vec<Profile> {
        let mut out = vec![
            full(),
            Profile::new("crm", "2")
                .with_full_name("Dr. Robert Smith Jr")
                .with_email("Bob.Smith+news@Gmail.com")
                .with_phone("(415) 555-0134")
                .with_address(
                    PostalAddress::new()
                        .with_street("12 North Main Street Apt 4")
                        .with_city("Springfield")
                        .with_region("IL")
                        .with_postcode("62704"),
                ),
            Profile::new("pos", "3")
                .with_given_name("สมชาย")
                .with_family_name("ใจดี")
                .with_phone("+66 81 234 5678")
                .with_date_of_birth("12/03/1985"),
            Profile::new("pos", "4").with_email("not an email"),
            Profile::new("shop", "5"),
        ];
        out[1].identifiers.push(ExternalId {
            kind: "loyalty".into(),
            value: "A-123".into(),
        });
        out
    }

    #[test]
    fn a_loaded_state_holds_the_same_normalized_records() {
        let people = varied();
        let state = ResolverState::from_profiles(Config::default(), None, &people).unwrap();
        let mut bytes = Vec::new();
        state
            .save(&mut serde_json::Serializer::new(&mut bytes))
            .unwrap();
        let loaded =
            ResolverState::load(&mut serde_json::Deserializer::from_slice(&bytes)).unwrap();
        let norms = |st: &ResolverState| -> Vec<NormalizedProfile> {
            st.slots
                .iter()
                .flatten()
                .map(|s| st.norm_of(s).into_owned())
                .collect()
        };
        assert!(norms(&loaded) == norms(&state));
        assert!(state
            .slots
            .iter()
            .flatten()
            .any(|s| matches!(s.norm, Norm::Whole(_))));
        // Each record that has no rejected value is packed and unpacks to itself.
        let res = Resolver::new(Config::default().with_golden(false))
            .resolve(&people)
            .unwrap();
        let generic = GenericKeys::of(&res.normalized);
        for norm in &res.normalized {
            let mut b = Vec::new();
            packed::encode(&mut b, norm);
            let chunk = packed::chunk(&[&b]);
            let (n, mut r) = packed::Reader::chunk(&chunk).unwrap();
            assert_eq!(n, 1);
            match r.record().unwrap() {
                Some(mut p) => {
                    generic.apply(&mut p);
                    assert!(p == *norm);
                }
                None => assert!(!norm.rejected.is_empty()),
            }
            assert!(r.done());
        }
    }

    #[test]
    fn base64_round_trips_and_refuses_other_text() {
        for n in 0..10 {
            let b: Vec<u8> = (0..n).map(|i| (i * 37 + 200) as u8).collect();
            assert_eq!(packed::unbase64(&packed::base64(&b)), Some(b));
        }
        assert_eq!(packed::base64(b"Man"), "TWFu");
        assert!(packed::unbase64("TWF").is_some());
        assert!(packed::unbase64("T").is_none());
        assert!(packed::unbase64("TW=u").is_none());
        assert!(packed::unbase64("TW u").is_none());
    }

    #[test]
    fn a_key_index_holds_one_slot_inline_and_more_in_a_block() {
        let mut ix = KeyIndex::default();
        assert!(ix.get(7).is_empty());
        ix.push(7, 1);
        assert_eq!(ix.get(7), &[1]);
        ix.push(7, 2);
        ix.push(7, 3);
        ix.push(9, 4);
        assert_eq!(ix.get(7), &[1, 2, 3]);
        ix.remove(7, 2);
        assert_eq!(ix.get(7), &[1, 3]);
        ix.remove(7, 1);
        assert_eq!(ix.get(7), &[3]);
        assert_eq!(ix.map.get(&7), Some(&3), "one slot is held inline again");
        ix.push(7, 5);
        assert_eq!(ix.get(7), &[3, 5]);
        assert_eq!(ix.blocks.len(), 1, "a freed block is reused");
        ix.remove(7, 3);
        ix.remove(7, 5);
        ix.remove(7, 5);
        ix.remove(8, 1);
        assert!(ix.get(7).is_empty());
        assert_eq!(ix.get(9), &[4]);
        assert_eq!(ix.map.len(), 1);
    }

    #[test]
    fn small_batches_give_what_one_at_a_time_gives() {
        let mut people = Vec::new();
        for i in 0..40 {
            let mut p = Profile::new(["crm", "shop"][i % 2], (i % 13).to_string())
                .with_given_name(["Ann", "Anna", "Bob"][i % 3])
                .with_family_name(["Lee", "Li"][i % 2]);
            if i % 4 != 0 {
                p = p.with_email(["ann.lee@example.com", "bob@shop.com"][i % 5 % 2]);
            }
            if i % 3 == 0 {
                p = p.with_phone("+1 415 555 0134");
            }
            people.push(p);
        }
        let mut cfg = Config::default();
        cfg.blocking.max_block_size = 5;
        for size in [1, 3, 7, 100] {
            let mut batch = ResolverState::new(cfg.clone(), Model::default_untrained()).unwrap();
            let mut single = ResolverState::new(cfg.clone(), Model::default_untrained()).unwrap();
            let events = batch.upsert_batched(people.clone(), size).unwrap();
            let mut one = Vec::new();
            for p in people.clone() {
                one.extend(single.upsert(p).unwrap());
            }
            assert!(events == one, "batches of {size}");
            assert_eq!(batch.clusters(), single.clusters());
            assert_eq!(batch.link_count(), single.link_count());
        }
    }

    /// A rule's own cap holds record by record as in bulk: halves of email local parts pair
    /// only in blocks of at most 12 records, whatever `max_block_size` is.
    #[test]
    fn email_halves_cap_holds_in_the_state() {
        let with_email = |i: usize| {
            Profile::new("crm", i.to_string())
                .with_email(format!("jennifer.{:0>7}@example.com", i * 7919))
        };
        let only_halves = Config::default().with_blocking(crate::block::BlockingConfig {
            rules: vec![crate::block::BlockingRule::new(
                "email_ends",
                vec![crate::block::BlockKey::EmailEnds],
            )],
            max_block_size: 1000,
        });
        // Blocks of 12 and 13 records (the last one arriving): its candidates are the other 11,
        // then none.
        for (block, want) in [(12, 11), (13, 0)] {
            let mut st =
                ResolverState::new(only_halves.clone(), Model::default_untrained()).unwrap();
            for i in 0..block {
                st.upsert(with_email(i)).unwrap();
            }
            let last = with_email(block - 1);
            let norm = crate::normalize::normalize_profile(&last, &only_halves.normalize);
            let slot = (block - 1) as u32;
            assert_eq!(
                st.candidates_of(&norm, Some(0), slot).len(),
                want,
                "block of {block}"
            );
        }
    }
}

/// Normalized records in a compact binary form, saved so that loading does not normalize
/// again. Each record is a marker byte (0: not held, normalize the raw profile again — a record
/// with rejected values or custom comparison values; 1: held) and its fields; hashes take 8
/// bytes, counts and small numbers a varint, texts a length and their bytes. A chunk of records
/// starts with its record count and a hash of its bytes, so corrupt bytes are refused; decoded
/// values are checked where a wrong one could fail later (the `@` of an email, dates,
/// countries). In a human-readable format (JSON) a chunk is a base64 string.
mod packed {
    use smallvec::SmallVec;

    use crate::hash::hash_bytes;
    use crate::normalize::date::Date;
    use crate::normalize::Country;
    use crate::profile::{AddressKey, EmailKey, IdKey, NameKey, NormalizedProfile, PhoneKey};

    /// Records per chunk.
    pub(super) const CHUNK: usize = 16_384;

    fn var(out: &mut Vec<u8>, mut x: u64) {
        while x >= 0x80 {
            out.push((x as u8) | 0x80);
            x >>= 7;
        }
        out.push(x as u8);
    }

    fn h(out: &mut Vec<u8>, x: u64) {
        out.extend_from_slice(&x.to_le_bytes());
    }

    /// A hash that may be 0 (absent): one byte when it is.
    fn oh(out: &mut Vec<u8>, x: u64) {
        if x == 0 {
            out.push(0);
        } else {
            out.push(1);
            h(out, x);
        }
    }

    fn text(out: &mut Vec<u8>, s: &str) {
        var(out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }

    fn name(out: &mut Vec<u8>, n: &Option<NameKey>) {
        let Some(n) = n else {
            out.push(0);
            return;
        };
        let NameKey {
            text: t,
            hash,
            phonetic,
            groups,
            skeleton,
        } = n;
        out.push(1);
        text(out, t);
        h(out, *hash);
        h(out, *phonetic);
        var(out, groups.len() as u64);
        for &g in groups {
            var(out, u64::from(g));
        }
        oh(out, *skeleton);
    }

    /// Appends one record.
    pub(super) fn encode(out: &mut Vec<u8>, p: &NormalizedProfile) {
        let NormalizedProfile {
            given,
            middle,
            family,
            emails,
            phones,
            addresses,
            date_of_birth,
            identifiers,
            rejected,
            country,
            custom,
        } = p;
        if !rejected.is_empty() || !custom.is_empty() {
            out.push(0);
            return;
        }
        out.push(1);
        name(out, given);
        match middle {
            Some(m) => {
                out.push(1);
                text(out, m);
            }
            None => out.push(0),
        }
        name(out, family);
        var(out, emails.len() as u64);
        for e in emails {
            let EmailKey {
                canonical,
                hash,
                local_hash,
                domain_hash,
                at,
                generic: _,
                generic_local: _,
                name_like,
            } = e;
            text(out, canonical);
            h(out, *hash);
            h(out, *local_hash);
            h(out, *domain_hash);
            var(out, u64::from(*at));
            out.push(u8::from(*name_like));
        }
        var(out, phones.len() as u64);
        for x in phones {
            let PhoneKey {
                e164,
                country_code,
                national,
                generic: _,
            } = x;
            var(out, *e164);
            var(out, u64::from(*country_code));
            var(out, *national);
        }
        var(out, addresses.len() as u64);
        for a in addresses {
            let AddressKey {
                key,
                hash,
                house,
                street,
                postcode,
                city,
                unit,
                tokens,
                generic: _,
            } = a;
            text(out, key);
            h(out, *hash);
            oh(out, *house);
            text(out, street);
            oh(out, *postcode);
            oh(out, *city);
            oh(out, *unit);
            var(out, tokens.len() as u64);
            for &t in tokens.iter() {
                h(out, t);
            }
        }
        match date_of_birth {
            Some(d) => {
                out.push(1);
                var(out, u64::from(d.year));
                out.push(d.month);
                out.push(d.day);
            }
            None => out.push(0),
        }
        var(out, identifiers.len() as u64);
        for x in identifiers {
            let IdKey { kind, value, hash } = x;
            h(out, *kind);
            text(out, value);
            h(out, *hash);
        }
        match country {
            Some(c) => {
                out.push(1);
                out.extend_from_slice(c.as_str().as_bytes());
            }
            None => out.push(0),
        }
    }

    /// A chunk: its record count, the hash of the records' bytes, the records.
    pub(super) fn chunk(records: &[&[u8]]) -> Vec<u8> {
        let mut body = Vec::with_capacity(records.iter().map(|r| r.len()).sum());
        for r in records {
            body.extend_from_slice(r);
        }
        let mut out = Vec::with_capacity(body.len() + 20);
        var(&mut out, records.len() as u64);
        h(&mut out, hash_bytes(&body));
        out.extend_from_slice(&body);
        out
    }

    pub(super) struct Reader<'a> {
        b: &'a [u8],
        i: usize,
    }

    impl<'a> Reader<'a> {
        /// Reads a chunk's head: its record count, its bytes checked against their hash.
        pub(super) fn chunk(b: &'a [u8]) -> Option<(usize, Reader<'a>)> {
            let mut r = Reader { b, i: 0 };
            let n = usize::try_from(r.var()?).ok()?;
            let sum = r.h()?;
            let body = &b[r.i..];
            (hash_bytes(body) == sum).then_some((n, Reader { b: body, i: 0 }))
        }

        /// A reader of one packed record.
        pub(super) fn new(b: &'a [u8]) -> Reader<'a> {
            Reader { b, i: 0 }
        }

        pub(super) fn position(&self) -> usize {
            self.i
        }

        /// The bytes read since `start`.
        pub(super) fn since(&self, start: usize) -> &'a [u8] {
            &self.b[start.min(self.i)..self.i]
        }

        pub(super) fn done(&self) -> bool {
            self.i == self.b.len()
        }

        fn byte(&mut self) -> Option<u8> {
            let x = *self.b.get(self.i)?;
            self.i += 1;
            Some(x)
        }

        fn var(&mut self) -> Option<u64> {
            let mut x = 0u64;
            for shift in (0..64).step_by(7) {
                let b = self.byte()?;
                x |= u64::from(b & 0x7f).checked_shl(shift)?;
                if b & 0x80 == 0 {
                    return Some(x);
                }
            }
            None
        }

        fn small(&mut self) -> Option<usize> {
            usize::try_from(self.var()?)
                .ok()
                .filter(|&n| n <= self.b.len())
        }

        fn h(&mut self) -> Option<u64> {
            let bytes = self.b.get(self.i..self.i + 8)?;
            self.i += 8;
            Some(u64::from_le_bytes(bytes.try_into().ok()?))
        }

        fn oh(&mut self) -> Option<u64> {
            match self.byte()? {
                0 => Some(0),
                1 => self.h(),
                _ => None,
            }
        }

        fn flag(&mut self) -> Option<bool> {
            match self.byte()? {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            }
        }

        fn text(&mut self) -> Option<Box<str>> {
            let n = self.small()?;
            let bytes = self.b.get(self.i..self.i.checked_add(n)?)?;
            self.i += n;
            Some(std::str::from_utf8(bytes).ok()?.into())
        }

        fn name(&mut self) -> Option<Option<NameKey>> {
            if !self.flag()? {
                return Some(None);
            }
            let text = self.text()?;
            let hash = self.h()?;
            let phonetic = self.h()?;
            let n = self.small()?;
            let mut groups = SmallVec::new();
            for _ in 0..n {
                groups.push(u32::try_from(self.var()?).ok()?);
            }
            let skeleton = self.oh()?;
            Some(Some(NameKey {
                text,
                hash,
                phonetic,
                groups,
                skeleton,
            }))
        }

        /// The next record: `Some(None)` when it is not held (normalize it again).
        pub(super) fn record(&mut self) -> Option<Option<NormalizedProfile>> {
            if !self.flag()? {
                return Some(None);
            }
            let mut p = NormalizedProfile {
                given: self.name()?,
                ..NormalizedProfile::default()
            };
            if self.flag()? {
                p.middle = Some(self.text()?);
            }
            p.family = self.name()?;
            for _ in 0..self.small()? {
                let canonical = self.text()?;
                let (hash, local_hash, domain_hash) = (self.h()?, self.h()?, self.h()?);
                let at = u32::try_from(self.var()?).ok()?;
                // `local()` and `domain()` slice at the `@`.
                if canonical.as_bytes().get(at as usize) != Some(&b'@') {
                    return None;
                }
                let name_like = self.flag()?;
                p.emails.push(EmailKey {
                    canonical,
                    hash,
                    local_hash,
                    domain_hash,
                    at,
                    generic: false,
                    generic_local: false,
                    name_like,
                });
            }
            for _ in 0..self.small()? {
                p.phones.push(PhoneKey {
                    e164: self.var()?,
                    country_code: u16::try_from(self.var()?).ok()?,
                    national: self.var()?,
                    generic: false,
                });
            }
            for _ in 0..self.small()? {
                let key = self.text()?;
                let hash = self.h()?;
                let house = self.oh()?;
                let street = self.text()?;
                let (postcode, city, unit) = (self.oh()?, self.oh()?, self.oh()?);
                let n = self.small()?;
                let mut tokens = Vec::with_capacity(n.min(64));
                for _ in 0..n {
                    tokens.push(self.h()?);
                }
                p.addresses.push(AddressKey {
                    key,
                    hash,
                    house,
                    street,
                    postcode,
                    city,
                    unit,
                    tokens: tokens.into_boxed_slice(),
                    generic: false,
                });
            }
            if self.flag()? {
                let year = u16::try_from(self.var()?).ok()?;
                let (month, day) = (self.byte()?, self.byte()?);
                p.date_of_birth = Some(Date::new(year, month, day).ok()?);
            }
            for _ in 0..self.small()? {
                let kind = self.h()?;
                let value = self.text()?;
                let hash = self.h()?;
                p.identifiers.push(IdKey { kind, value, hash });
            }
            if self.flag()? {
                let code = [self.byte()?, self.byte()?];
                let code = String::from_utf8(code.to_vec()).ok()?;
                p.country = Some(Country::try_from(code).ok()?);
            }
            Some(Some(p))
        }
    }

    /// One comparison slot's term frequencies: its entry count and the hash of its body, as a
    /// chunk has; the body is the number of records having the slot, then each value hash in
    /// ascending order (as its difference from the one before) with its count.
    pub(super) fn counts(total: u64, counts: &crate::hash::U64Map<u32>) -> Vec<u8> {
        let mut entries: Vec<(u64, u32)> = counts.iter().map(|(&k, &c)| (k, c)).collect();
        entries.sort_unstable();
        let mut body = Vec::with_capacity(entries.len() * 9 + 10);
        var(&mut body, total);
        let mut prev = 0;
        for (k, c) in entries.iter().copied() {
            var(&mut body, k - prev);
            var(&mut body, u64::from(c));
            prev = k;
        }
        let mut out = Vec::with_capacity(body.len() + 20);
        var(&mut out, entries.len() as u64);
        h(&mut out, hash_bytes(&body));
        out.extend_from_slice(&body);
        out
    }

    /// The records having a slot and its counts from [`counts`]; `None` unless the bytes match
    /// their hash and the counts are consistent: hashes strictly ascending, every count at least
    /// 1, none without records having the slot, and at least one value per record having it.
    pub(super) fn read_counts(b: &[u8]) -> Option<(f64, crate::hash::U64Map<u32>)> {
        let (n, mut r) = Reader::chunk(b)?;
        let total = r.var()?;
        // Each entry takes at least two bytes; a record total is a count of records.
        if n > r.b.len() / 2 || total > u64::from(u32::MAX) {
            return None;
        }
        let mut map = crate::hash::U64Map::default();
        map.reserve(n);
        let (mut prev, mut sum) = (0u64, 0u64);
        for i in 0..n {
            let d = r.var()?;
            if i > 0 && d == 0 {
                return None;
            }
            let k = prev.checked_add(d)?;
            let c = u32::try_from(r.var()?).ok().filter(|&c| c > 0)?;
            sum += u64::from(c);
            map.insert(k, c);
            prev = k;
        }
        let consistent = r.done() && (total == 0) == (n == 0) && sum >= total;
        consistent.then_some((total as f64, map))
    }

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// Base64 (standard alphabet, no padding).
    pub(super) fn base64(b: &[u8]) -> String {
        let mut out = Vec::with_capacity(b.len().div_ceil(3) * 4);
        for c in b.chunks(3) {
            let x = (u32::from(c[0]) << 16)
                | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                | u32::from(*c.get(2).unwrap_or(&0));
            for k in 0..=c.len() {
                out.push(ALPHABET[((x >> (18 - 6 * k)) & 63) as usize]);
            }
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// The bytes of [`base64`] text; `None` on any other character or a bad length.
    pub(super) fn unbase64(s: &str) -> Option<Vec<u8>> {
        let mut table = [255u8; 256];
        for (i, &c) in ALPHABET.iter().enumerate() {
            table[c as usize] = i as u8;
        }
        let s = s.as_bytes();
        if s.len() % 4 == 1 {
            return None;
        }
        let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
        for c in s.chunks(4) {
            let mut x = 0u32;
            for (k, &ch) in c.iter().enumerate() {
                let v = table[ch as usize];
                if v == 255 {
                    return None;
                }
                x |= u32::from(v) << (18 - 6 * k);
            }
            let bytes = [(x >> 16) as u8, (x >> 8) as u8, x as u8];
            out.extend_from_slice(&bytes[..c.len() - 1]);
        }
        Some(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::hash::U64Map;

        /// A counts chunk around `body` as written, its hash right, whatever the body says.
        fn sealed(n: u64, body: &[u8]) -> Vec<u8> {
            let mut out = Vec::new();
            var(&mut out, n);
            h(&mut out, hash_bytes(body));
            out.extend_from_slice(body);
            out
        }

        /// A body from (difference, count) pairs.
        fn body(total: u64, entries: &[(u64, u64)]) -> Vec<u8> {
            let mut b = Vec::new();
            var(&mut b, total);
            for &(d, c) in entries {
                var(&mut b, d);
                var(&mut b, c);
            }
            b
        }

        #[test]
        fn term_frequency_counts_round_trip() {
            let mut m: U64Map<u32> = U64Map::default();
            for (k, c) in [(u64::MAX, 3), (0, 1), (17, 2), (1 << 40, 7), (18, 1)] {
                m.insert(k, c);
            }
            let bytes = counts(12, &m);
            assert_eq!(read_counts(&bytes), Some((12.0, m)));
            let empty = counts(0, &U64Map::default());
            assert_eq!(read_counts(&empty), Some((0.0, U64Map::default())));
            // Written in order of the hashes, whatever the map's order.
            assert_eq!(
                bytes[9..],
                body(
                    12,
                    &[
                        (0, 1),
                        (17, 2),
                        (1, 1),
                        ((1 << 40) - 18, 7),
                        (u64::MAX - (1 << 40), 3)
                    ]
                )
            );
        }

        #[test]
        fn inconsistent_term_frequency_counts_are_refused() {
            let good = body(3, &[(5, 2), (9, 1)]);
            assert!(read_counts(&sealed(2, &good)).is_some());
            let mut bad_sum = sealed(2, &good);
            *bad_sum.last_mut().unwrap() = 2;
            let cases = [
                // The hash does not match the bytes.
                bad_sum,
                // Entry count other than the entries written.
                sealed(3, &good),
                sealed(1, &good),
                // A hash twice (not ascending).
                sealed(2, &body(3, &[(5, 2), (0, 1)])),
                // Past the largest hash.
                sealed(2, &body(3, &[(u64::MAX, 2), (1, 1)])),
                // A count of 0, or past u32.
                sealed(2, &body(3, &[(5, 2), (9, 0)])),
                sealed(1, &body(3, &[(5, 1 << 32)])),
                // No record has the field, yet it has values; or the other way round.
                sealed(2, &body(0, &[(5, 2), (9, 1)])),
                sealed(0, &body(3, &[])),
                // Fewer values than records having the field.
                sealed(2, &body(4, &[(5, 2), (9, 1)])),
                // Bytes left over, or cut short.
                sealed(2, &[good.clone(), vec![0]].concat()),
                sealed(2, &good[..good.len() - 1]),
                Vec::new(),
            ];
            for (k, bytes) in cases.iter().enumerate() {
                assert_eq!(read_counts(bytes), None, "case {k}");
            }
        }
    }
}

/// The term frequencies as saved (one [`packed::counts`] per comparison slot: none, or the
/// built-in fields and up to `custom` custom comparisons), read back as they were counted, each
/// slot in parallel.
fn read_tf(fields: &[PackedChunk<'_>], custom: usize) -> Result<TermFrequencies, Error> {
    use crate::compare::{MAX_COMPARISONS, NUM_FIELDS};
    let most = (NUM_FIELDS + custom).min(MAX_COMPARISONS);
    if !fields.is_empty() && !(NUM_FIELDS..=most).contains(&fields.len()) {
        return Err(corrupt("the term frequencies are corrupt"));
    }
    let read: Option<Vec<(f64, U64Map<u32>)>> = fields
        .par_iter()
        .map(|f| packed::read_counts(&f.0))
        .collect();
    let (totals, counts) = read
        .ok_or_else(|| corrupt("the term frequencies are corrupt"))?
        .into_iter()
        .unzip();
    Ok(TermFrequencies::from_parts(counts, totals))
}

/// One chunk of [`packed`] records as saved: base64 text in a human-readable format, bytes in
/// others (borrowed from the input when the deserializer can lend them).
struct PackedChunk<'a>(Cow<'a, [u8]>);

impl Serialize for PackedChunk<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&packed::base64(&self.0))
        } else {
            s.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for PackedChunk<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PackedChunk<'de>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = PackedChunk<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("packed records")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PackedChunk<'de>, E> {
                packed::unbase64(v)
                    .map(|b| PackedChunk(Cow::Owned(b)))
                    .ok_or_else(|| E::custom("not base64"))
            }
            fn visit_borrowed_bytes<E: serde::de::Error>(
                self,
                v: &'de [u8],
            ) -> Result<PackedChunk<'de>, E> {
                Ok(PackedChunk(Cow::Borrowed(v)))
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<PackedChunk<'de>, E> {
                Ok(PackedChunk(Cow::Owned(v.to_vec())))
            }
            fn visit_byte_buf<E: serde::de::Error>(
                self,
                v: Vec<u8>,
            ) -> Result<PackedChunk<'de>, E> {
                Ok(PackedChunk(Cow::Owned(v)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<PackedChunk<'de>, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(PackedChunk(Cow::Owned(out)))
            }
        }
        if d.is_human_readable() {
            d.deserialize_str(V)
        } else {
            d.deserialize_bytes(V)
        }
    }
}
