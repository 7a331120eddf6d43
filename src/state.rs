//! Living data: an incremental [`ResolverState`] with upserts, erasure, stable cluster ids, events and a saved form.
//!
//! A [`ResolverState`] holds what a resolution needs to change one record at a time: the
//! configuration and model, every record (addressed by a `u32` slot with a free-list), an
//! updatable blocking index (a hash map from rule-salted key to records; a loaded state's keys
//! are sorted pairs beside it, never changed: a record changed since is skipped there and filed
//! in the map, and the stale pairs go at the next save and load), the links (scored
//! pairs at or above the threshold that passed [`Guard::pair`]) and the clusters.
//!
//! Records are held compactly: the raw profile as one string of tagged cells (its values, not a
//! [`Profile`] of 328 bytes with a heap string per field), the normalized values packed in bytes
//! (hashes 8 bytes, texts as they are; unpacked when the record is compared, clustered or
//! written as a golden record), and most blocking keys with their one record inline. The raw
//! strings of all records lie end to end in a few large buffers, and so do the packed records
//! (a record holds where its bytes are, not an allocation of its own); an erased or replaced
//! record's bytes are zeroed at once, and the buffers are compacted when such bytes outweigh the
//! live ones. Records are found by (source, id) through a hash of the two, not a copy of the id.
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
//! the generic values, the records (as columns: source, arrival number and the lengths of its
//! raw profile and packed values; then the raw profiles as text and the normalized values
//! packed — base64 text in a human-readable format such as JSON, bytes in others — each in
//! checksummed blocks of about 4 MB), the identities and the blocking key index as sorted
//! (key, record) pairs in checksummed pieces, the links, the clusters with their ids and
//! creation numbers, and the term frequencies as counted (per comparison, the value hashes in
//! order with their counts, packed and checksummed; hashes only, no values), so a loaded state
//! scores every later pair as the saved one would have. After [`ResolverState::remove`],
//! nothing of the record's values is saved.
//!
//! The format is at version 5. Loading takes each block as a block of the state's buffers (no
//! copy after the deserializer's; a streaming deserializer such as postcard's `from_io` reads a
//! block at a time, so the file is never held whole) and the index pairs as the *frozen* part
//! of the state's indexes (two sorted columns and a directory: no hash map to fill, no record
//! unpacked, no key computed; records held whole — with rejected or custom values — are
//! normalized again). A record changed after loading leaves the frozen part (its pairs are
//! skipped) and is filed in a hash map beside it. Versions 4 and 3 (one buffer of records, or a
//! string per record) still load, their records unpacked to compute the keys (about twice the
//! time), and so does version 2, which did not save term frequencies: they are counted over the
//! loaded records, as its loader did (so once they are in use, a version-2 state that had
//! changes since it was built may score later pairs otherwise than before it was saved).
//! Saving always writes version 5.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

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

mod arena;

use arena::{Bytes, Span, Texts};

mod frozen;

use frozen::Frozen;

mod saved;

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

/// The slots of one key block or identity.
type Block = SmallVec<[u32; 4]>;

/// In a [`KeyIndex`] value: the rest is an index into its blocks, not a slot.
const MULTI: u32 = 1 << 31;

/// Key → slots, for blocking keys, identities and record keys. A loaded state's pairs are
/// [`Frozen`] (sorted columns, never changed; a pair counts only while its slot is as loaded,
/// see [`Slot::frozen`]); the rest are in a map. Most keys of the map belong to one record: its
/// slot is the map's value itself (12 bytes a key); a key of several records points into a side
/// table of blocks. Slots are below [`MULTI`].
#[derive(Default)]
struct KeyIndex {
    frozen: Frozen,
    map: U64Map<u32>,
    blocks: Vec<Block>,
    free: Vec<u32>,
}

impl KeyIndex {
    /// The slots filed under `k` in the map (not the frozen part), in filing order.
    fn added(&self, k: u64) -> &[u32] {
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

/// The key of a record in `ResolverState::by_key`: its source's index and the hash of its id.
fn record_hash(source: u32, id_hash: u64) -> u64 {
    combine(u64::from(source), id_hash)
}

/// No cluster yet (a record being inserted).
const NONE: u32 = u32::MAX;

/// One live record.
struct Slot {
    /// The raw profile, encoded ([`raw`]), in `ResolverState::texts`.
    raw: Span,
    /// The normalized values packed ([`packed`]; a third of a [`NormalizedProfile`]'s size) in
    /// `ResolverState::norms`; empty for a record held whole.
    norm: Span,
    /// The normalized values of a record with rejected or custom values (not packed).
    whole: Option<Box<NormalizedProfile>>,
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
    /// A bit per 16-bit slice of the mixed hashes of all the values above, built on first use:
    /// most values are no generic one and are told so without a search (not saved).
    #[serde(skip)]
    filter: std::sync::OnceLock<Box<[u64; 1024]>>,
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
        let bit = |k: u64| (crate::hash::mix(k) & 0xFFFF) as usize;
        let filter = self.filter.get_or_init(|| {
            let mut f = Box::new([0u64; 1024]);
            for v in [&self.email, &self.email_local, &self.phone, &self.address] {
                for &k in v {
                    f[bit(k) / 64] |= 1 << (bit(k) % 64);
                }
            }
            f
        });
        let has = |v: &[u64], k: u64| {
            filter[bit(k) / 64] >> (bit(k) % 64) & 1 == 1 && v.binary_search(&k).is_ok()
        };
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
    /// Shared (never changed after creation), so a batch can normalize its next records while
    /// the current ones are applied.
    config: Arc<Config>,
    model: Model,
    guard: Guard,
    tf: TermFrequencies,
    /// Shared like the configuration.
    generic: Arc<GenericKeys>,
    /// Source names, interned.
    sources: Vec<String>,
    source_index: HashMap<String, u32>,
    slots: Vec<Option<Slot>>,
    free: Vec<u32>,
    /// The raw profiles of the slots, end to end.
    texts: Texts,
    /// The packed normalized values of the slots, end to end.
    norms: Bytes,
    /// Hash of (source, record id) ([`record_hash`]) → slots.
    by_key: KeyIndex,
    /// Rule-salted blocking key → slots (most blocks hold a record or two: inline).
    index: KeyIndex,
    /// Identity hash ([`Guard::exact_duplicates`]) → slots; empty when exact duplicates are off.
    identities: KeyIndex,
    /// One bit a slot: set while the slot holds a record as loaded, whose keys and identity are
    /// those of the indexes' frozen parts (a bit set, not a field of the slot: checked for every
    /// frozen pair of a block, it stays in cache).
    frozen: Vec<u64>,
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
    enc: Encoded,
    norm: NormalizedProfile,
    keys: Keys,
    /// The record's blocks when the batch was prepared.
    blocks: Blocks,
    scored: Vec<(u32, Option<f64>)>,
    /// The normalized values of the candidates it links to, unpacked to judge them (sorted by
    /// slot): re-clustering takes them instead of unpacking the records again.
    decoded: Vec<(u32, NormalizedProfile)>,
}

/// A normalized record's packed values ([`packed`]; not packable when the first byte is not 1)
/// and its identity hash ([`ResolverState::identity_of`]).
struct Encoded {
    packed: Vec<u8>,
    identity: Option<u64>,
}

/// Judgments of a record against others, sorted by slot (`None`: the guard does not link them).
type Scored = [(u32, Option<f64>)];

/// The blocks of a record's capped keys, in the keys' order: `slots[start..end]` for each key
/// (at most one past its cap), with the length of the key's map part ([`KeyIndex::added`]) then.
struct Blocks {
    slots: Vec<u32>,
    spans: Vec<(u32, u32, u32)>,
}

/// A normalized record's blocking keys: each key, and each with its block's cap.
struct Keys {
    all: Vec<u64>,
    capped: Vec<(u64, usize)>,
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
            config: Arc::new(config),
            model,
            tf: TermFrequencies::default(),
            generic: Arc::default(),
            sources: Vec::new(),
            source_index: HashMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            texts: Texts::default(),
            norms: Bytes::default(),
            by_key: KeyIndex::default(),
            index: KeyIndex::default(),
            identities: KeyIndex::default(),
            frozen: Vec::new(),
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
        state.generic = Arc::new(GenericKeys::of(&res.normalized));
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
            let enc = state.encode(norm);
            let s = state.add_slot(&p.source, &raw::encode(&p), norm, enc)?;
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
        self.sort_canonical(&mut members);
        let slots: Vec<&Slot> = members
            .iter()
            .filter_map(|&m| self.slots.get(m as usize)?.as_ref())
            .collect();
        let profiles: Vec<Profile> = slots
            .iter()
            .map(|s| {
                raw::decode(&self.sources[s.source as usize], self.raw_of(s)).unwrap_or_default()
            })
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
        let keys = self.keys_of(&norm);
        let enc = self.encode(&norm);
        let mut dirty = std::collections::HashSet::new();
        self.apply(
            &profile.source,
            &profile.id,
            raw,
            norm,
            keys,
            enc,
            None,
            Vec::new(),
            &mut dirty,
        )
    }

    /// [`ResolverState::upsert`] of each profile in turn; the events of all, in order. Stops at
    /// the first error (the changes before it stay applied).
    ///
    /// The result is the same as upserting one at a time, but faster: profiles are taken in
    /// batches of a few thousand, each batch normalized and scored against the records already
    /// held in parallel; then each profile is applied in order, reusing those scores and the
    /// values unpacked for them (a pair with a record changed earlier in the batch, or added by
    /// it, is scored then), while the next batch is normalized beside it.
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
        let size = size.max(1);
        let mut events = Vec::new();
        let mut it = profiles.into_iter();
        let (config, generic) = (Arc::clone(&self.config), Arc::clone(&self.generic));
        let pure_of = |batch: &[Profile]| -> Vec<Pure> {
            batch
                .par_iter()
                .map(|p| Pure::of(&config, &generic, p))
                .collect()
        };
        let mut batch: Vec<Profile> = it.by_ref().take(size).collect();
        let mut pure = pure_of(&batch);
        while !batch.is_empty() {
            // Against the records held now, in parallel: candidates and their judgments.
            let this = &*self;
            let prepared: Vec<Prepared> = batch
                .par_iter()
                .zip(pure)
                .map(|(p, pure)| {
                    let me = this.lookup(&p.source, &p.id).unwrap_or(NONE);
                    let source = this.source_index.get(&p.source).copied();
                    let key = (p.source.as_str(), hash_str(&p.id), p.id.as_str());
                    let blocks = this.blocks_of(&pure.keys.capped);
                    let candidates =
                        this.candidates_from(&pure.keys.capped, &blocks, false, source, me);
                    let mut scored = Vec::with_capacity(candidates.len());
                    let mut decoded = Vec::new();
                    for o in candidates {
                        let (w, norm) = this.judge_keeping(key, &pure.norm, o);
                        if let (Some(_), Some(norm)) = (w, norm) {
                            decoded.push((o, norm));
                        }
                        scored.push((o, w));
                    }
                    Prepared {
                        raw: pure.raw,
                        enc: pure.enc,
                        norm: pure.norm,
                        keys: pure.keys,
                        blocks,
                        scored,
                        decoded,
                    }
                })
                .collect();
            // Applied one by one (serial), while the next batch is normalized beside them.
            let next: Vec<Profile> = it.by_ref().take(size).collect();
            let (applied, next_pure) = rayon::join(
                || -> Result<(), Error> {
                    // Records whose values changed in this batch: their precomputed scores are
                    // stale.
                    let mut dirty = std::collections::HashSet::new();
                    for (p, prep) in batch.iter().zip(prepared) {
                        events.extend(self.apply(
                            &p.source,
                            &p.id,
                            prep.raw,
                            prep.norm,
                            prep.keys,
                            prep.enc,
                            Some((&prep.blocks, &prep.scored)),
                            prep.decoded,
                            &mut dirty,
                        )?);
                    }
                    Ok(())
                },
                || pure_of(&next),
            );
            applied?;
            batch = next;
            pure = next_pure;
        }
        Ok(events)
    }

    /// Applies one upsert of a record with these keys ([`ResolverState::keys_of`]). In a batch,
    /// `prepared` holds the record's blocks and its judgments against records (sorted by slot)
    /// computed before the batch was applied: the judgments are used unless the other record is
    /// in `dirty` (changed since), the blocks while no record of the batch was an update (which
    /// withdraws keys from the index) and this one is new; records filed since are added.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        source: &str,
        id: &str,
        raw: Box<str>,
        norm: NormalizedProfile,
        keys: Keys,
        enc: Encoded,
        prepared: Option<(&Blocks, &Scored)>,
        mut decoded: Vec<(u32, NormalizedProfile)>,
        dirty: &mut std::collections::HashSet<u32>,
    ) -> Result<Vec<Event>, Error> {
        let (s, mut seeds, change) = match self.lookup(source, id) {
            Some(s) => {
                let seeds = self.detach(s);
                let identity = enc.identity;
                if let Some(slot) = self.slot(s) {
                    let (r, n) = (slot.raw, slot.norm);
                    self.texts.erase(r);
                    self.norms.erase(n);
                }
                let (r, n, whole) = self.store(&raw, &norm, &enc);
                if let Some(slot) = self.slots[s as usize].as_mut() {
                    (slot.raw, slot.norm, slot.whole) = (r, n, whole);
                    slot.identity = identity;
                }
                dirty.insert(s);
                (s, seeds, Change::Updated(s))
            }
            None => {
                let s = self.add_slot(source, &raw, &norm, enc)?;
                (s, Vec::new(), Change::Inserted(s))
            }
        };
        seeds.extend(self.file_keys(s, keys.all));
        let src = self.slot(s).map(|x| x.source);
        let key = (source, hash_str(id), id);
        let (blocks, scored) = prepared.unzip();
        let scored = scored.unwrap_or_default();
        let candidates = match blocks {
            Some(b) if dirty.is_empty() && matches!(change, Change::Inserted(_)) => {
                self.candidates_from(&keys.capped, b, true, src, s)
            }
            _ => self.candidates_in(&keys.capped, src, s),
        };
        for o in candidates {
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
        // (values unpacked before the batch are stale for a record changed since)
        decoded.retain(|(o, _)| !dirty.contains(o));
        let events = self.recluster(seeds, change, Some((s, norm)), decoded);
        self.compact();
        Ok(events)
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
        let record_id = self.id_of(&slot).into_owned();
        self.by_key
            .remove(record_hash(slot.source, slot.id_hash), s);
        self.texts.erase(slot.raw);
        self.norms.erase(slot.norm);
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
        let events = self.recluster(seeds, Change::Removed { old, record }, None, Vec::new());
        self.compact();
        Ok(events)
    }

    // ---- records, keys and links ----

    fn lookup(&self, source: &str, record_id: &str) -> Option<u32> {
        let &src = self.source_index.get(source)?;
        let k = record_hash(src, hash_str(record_id));
        let (frozen, added) = (self.by_key.frozen.get(k), self.by_key.added(k));
        // (a frozen pair of an erased or reused slot fails the check of its id)
        frozen.iter().chain(added).copied().find(|&s| {
            self.slot(s)
                .is_some_and(|x| x.source == src && self.id_of(x) == record_id)
        })
    }

    /// A slot's raw profile ([`raw`]).
    fn raw_of(&self, slot: &Slot) -> &str {
        self.texts.get(slot.raw)
    }

    /// A slot's record id.
    fn id_of(&self, slot: &Slot) -> Cow<'_, str> {
        raw::id(self.texts.get(slot.raw))
    }

    /// Writes a record's raw profile and normalized values (packed, or for a record with
    /// rejected or custom values, whole) into the state's buffers.
    fn store(
        &mut self,
        raw: &str,
        norm: &NormalizedProfile,
        enc: &Encoded,
    ) -> (Span, Span, Option<Box<NormalizedProfile>>) {
        let r = self.texts.push(raw);
        if enc.packed.first() == Some(&1) {
            (r, self.norms.push(&enc.packed), None)
        } else {
            (r, Span::default(), Some(Box::new(norm.clone())))
        }
    }

    /// Copies the live records' bytes into new buffers once erased bytes outweigh them.
    fn compact(&mut self) {
        if !self.texts.wasteful() && !self.norms.wasteful() {
            return;
        }
        let texts = Texts::with_capacity(self.texts.live_len());
        let texts = std::mem::replace(&mut self.texts, texts);
        let norms = Bytes::with_capacity(self.norms.live_len());
        let norms = std::mem::replace(&mut self.norms, norms);
        for slot in self.slots.iter_mut().flatten() {
            slot.raw = self.texts.push(texts.get(slot.raw));
            if slot.whole.is_none() {
                slot.norm = self.norms.push(norms.get(slot.norm));
            }
        }
    }

    fn key_of(&self, s: u32) -> Option<RecordKey> {
        let slot = self.slots.get(s as usize)?.as_ref()?;
        Some(RecordKey {
            source: self.sources[slot.source as usize].clone(),
            record_id: self.id_of(slot).into_owned(),
        })
    }

    /// A normalized record's packed form and identity, computed before it is stored (in a
    /// batch, in parallel).
    fn encode(&self, norm: &NormalizedProfile) -> Encoded {
        encode_with(&self.config, norm)
    }

    fn add_slot(
        &mut self,
        source: &str,
        raw: &str,
        norm: &NormalizedProfile,
        enc: Encoded,
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
        let id_hash = hash_str(&raw::id(raw));
        self.by_key.push(record_hash(src, id_hash), s);
        let identity = enc.identity;
        let (raw, norm, whole) = self.store(raw, norm, &enc);
        self.slots[s as usize] = Some(Slot {
            id_hash,
            raw,
            norm,
            whole,
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
        if let Some(p) = &slot.whole {
            return Cow::Borrowed(&**p);
        }
        let mut p = packed::Reader::new(self.norms.get(slot.norm))
            .record()
            .flatten()
            .unwrap_or_default();
        self.generic.apply(&mut p);
        Cow::Owned(p)
    }

    /// The identity hash of normalized values, when exact duplicates are on.
    fn identity_of(&self, norm: &NormalizedProfile) -> Option<u64> {
        identity_with(&self.config, norm)
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

    /// Whether slot `s` holds a record as loaded, whose blocking keys and identity are those of
    /// the indexes' frozen parts (once changed, they are filed in the maps).
    fn is_frozen(&self, s: u32) -> bool {
        self.frozen
            .get(s as usize / 64)
            .is_some_and(|w| w >> (s % 64) & 1 == 1)
    }

    /// Marks slot `s` as no longer as loaded; returns whether it was.
    fn thaw(&mut self, s: u32) -> bool {
        let Some(w) = self.frozen.get_mut(s as usize / 64) else {
            return false;
        };
        let was = *w >> (s % 64) & 1 == 1;
        *w &= !(1 << (s % 64));
        was
    }

    /// The live slots filed under `k` in `ix` (blocking keys or identities): the frozen pairs
    /// of records still as loaded, then the map's.
    fn filed<'a>(&'a self, ix: &'a KeyIndex, k: u64) -> impl Iterator<Item = u32> + 'a {
        ix.frozen
            .get(k)
            .iter()
            .copied()
            .filter(|&s| self.is_frozen(s))
            .chain(ix.added(k).iter().copied())
    }

    /// Files a record under its keys and identity; returns the other records of its identity.
    fn file_keys(&mut self, s: u32, keys: Vec<u64>) -> Vec<u32> {
        for k in keys {
            self.index.push(k, s);
        }
        match self.identity(s) {
            Some(h) => {
                let others = self.filed(&self.identities, h).collect();
                self.identities.push(h, s);
                others
            }
            None => Vec::new(),
        }
    }

    /// Withdraws a record's keys, identity and links; returns the records it was connected to.
    fn detach(&mut self, s: u32) -> Vec<u32> {
        // A record as loaded leaves the frozen parts by being marked changed.
        let frozen = self.thaw(s);
        if !frozen {
            for k in self.keys(s) {
                self.index.remove(k, s);
            }
        }
        let mut seeds = Vec::new();
        if let Some(h) = self.identity(s) {
            if !frozen {
                self.identities.remove(h, s);
            }
            seeds.extend(self.filed(&self.identities, h));
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
        self.candidates_in(&self.keys_of(norm).capped, source, exclude)
    }

    /// A normalized record's blocking keys, with and without their caps.
    fn keys_of(&self, norm: &NormalizedProfile) -> Keys {
        keys_with(&self.config, norm)
    }

    /// [`ResolverState::candidates_of`] from the keys with their caps.
    fn candidates_in(&self, keys: &[(u64, usize)], source: Option<u32>, exclude: u32) -> Vec<u32> {
        self.candidates_from(keys, &self.blocks_of(keys), false, source, exclude)
    }

    /// The blocks of these keys as they are now (each up to one record past its cap), and how
    /// many records each key's map part holds.
    fn blocks_of(&self, keys: &[(u64, usize)]) -> Blocks {
        let mut b = Blocks {
            slots: Vec::new(),
            spans: Vec::with_capacity(keys.len()),
        };
        for &(k, cap) in keys {
            let start = b.slots.len() as u32;
            b.slots.extend(self.filed(&self.index, k).take(cap + 1));
            let added = self.index.added(k).len() as u32;
            b.spans.push((start, b.slots.len() as u32, added));
        }
        b
    }

    /// The candidates of [`ResolverState::candidates_in`] from blocks taken earlier by
    /// [`ResolverState::blocks_of`]. With `grown`, records filed in the key index's map since
    /// then are added to each block (exact when nothing was withdrawn from the index meanwhile:
    /// a map entry only grows at its end, and the frozen part never changes).
    fn candidates_from(
        &self,
        keys: &[(u64, usize)],
        blocks: &Blocks,
        grown: bool,
        source: Option<u32>,
        exclude: u32,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        for (&(k, cap), &(start, end, added)) in keys.iter().zip(&blocks.spans) {
            let block = blocks
                .slots
                .get(start as usize..end as usize)
                .unwrap_or(&[]);
            let new = match grown {
                true => self.index.added(k).get(added as usize..).unwrap_or(&[]),
                false => &[],
            };
            if block.len() + new.len() <= cap {
                out.extend_from_slice(block);
                out.extend_from_slice(new);
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

    /// Sorts records in canonical order: source name, hash of the id, id (a slot without
    /// record, never passed, first). The id is read only where source and hash tie.
    fn sort_canonical(&self, recs: &mut [u32]) {
        let key = |s: u32| match self.slot(s) {
            Some(p) => (self.sources[p.source as usize].as_str(), p.id_hash),
            None => ("", 0),
        };
        let mut keyed: Vec<(&str, u64, u32)> = recs
            .iter()
            .map(|&s| {
                let (src, h) = key(s);
                (src, h, s)
            })
            .collect();
        keyed.sort_unstable();
        // Runs of one source and hash (rare) are ordered by id.
        let mut i = 0;
        while i < keyed.len() {
            let mut j = i + 1;
            while j < keyed.len() && (keyed[j].0, keyed[j].1) == (keyed[i].0, keyed[i].1) {
                j += 1;
            }
            if j - i > 1 {
                keyed[i..j].sort_by_cached_key(|x| {
                    let id = self.slot(x.2).map(|p| self.id_of(p).into_owned());
                    (id, x.2)
                });
            }
            i = j;
        }
        for (r, k) in recs.iter_mut().zip(keyed) {
            *r = k.2;
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
        self.judge_keeping(key, norm, y).0
    }

    /// [`ResolverState::judge_against`], also giving `y`'s normalized values when they were
    /// unpacked for it.
    fn judge_keeping(
        &self,
        key: (&str, u64, &str),
        norm: &NormalizedProfile,
        y: u32,
    ) -> (Option<f64>, Option<NormalizedProfile>) {
        let Some(other) = self.slot(y) else {
            return (None, None);
        };
        let source = self.sources[other.source as usize].as_str();
        let first = match (key.0, key.1).cmp(&(source, other.id_hash)) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => key.2 <= &*self.id_of(other),
        };
        match self.norm_of(other) {
            Cow::Owned(o) => (self.judge_in_order(first, norm, &o), Some(o)),
            Cow::Borrowed(o) => (self.judge_in_order(first, norm, o), None),
        }
    }

    /// The judgment of two normalized records, given their canonical keys.
    fn judge_norms(
        &self,
        key: (&str, u64, &str),
        norm: &NormalizedProfile,
        other_key: (&str, u64, &str),
        other_norm: &NormalizedProfile,
    ) -> Option<f64> {
        self.judge_in_order(key <= other_key, norm, other_norm)
    }

    /// The judgment of two normalized records, `norm` first in canonical order if `first`.
    fn judge_in_order(
        &self,
        first: bool,
        norm: &NormalizedProfile,
        other_norm: &NormalizedProfile,
    ) -> Option<f64> {
        let (p, q) = if first {
            (norm, other_norm)
        } else {
            (other_norm, norm)
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
        // Most components are a few records: `out` itself says what was seen, searched, until
        // it grows past a few dozen and a set takes over.
        const SMALL: usize = 32;
        let mut seen: U64Map<()> = U64Map::default();
        let mut stack: Vec<u32> = seeds;
        let mut out: Vec<u32> = Vec::new();
        while let Some(s) = stack.pop() {
            let Some(slot) = self.slot(s) else {
                continue;
            };
            if out.len() < SMALL {
                if out.contains(&s) {
                    continue;
                }
            } else {
                if seen.is_empty() {
                    seen.extend(out.iter().map(|&x| (u64::from(x), ())));
                }
                if seen.insert(u64::from(s), ()).is_some() {
                    continue;
                }
            }
            out.push(s);
            stack.extend(slot.links.iter().map(|&(o, _)| o));
            if let Some(h) = self.identity(s) {
                stack.extend(self.filed(&self.identities, h));
            }
        }
        out
    }

    /// Clusters the records connected to the seeds again, as bulk would, and keeps cluster ids
    /// by the rules of the module docs.
    /// `fresh`: a record just stored with its normalized values in hand (not unpacked again).
    /// `known`: records' normalized values already unpacked (sorted by slot, current).
    fn recluster(
        &mut self,
        seeds: Vec<u32>,
        change: Change,
        fresh: Option<(u32, NormalizedProfile)>,
        mut known: Vec<(u32, NormalizedProfile)>,
    ) -> Vec<Event> {
        let mut comp = self.component(seeds);
        if comp.len() == 1 {
            // A record alone (no link, no exact duplicate) is a cluster of its own.
            return self.assign(vec![comp], change);
        }
        self.sort_canonical(&mut comp);
        // (slot, position in `comp`), sorted by slot.
        let mut local: Vec<(u32, u32)> = comp
            .iter()
            .enumerate()
            .map(|(i, &s)| (s, i as u32))
            .collect();
        local.sort_unstable();
        let local_of = |o: u32| sorted_get(&local, o);
        let mut fresh = fresh;
        let records: Vec<NormalizedProfile> = comp
            .iter()
            .filter_map(|&s| match fresh.take_if(|f| f.0 == s) {
                Some((_, norm)) => Some(norm),
                None => match known.binary_search_by_key(&s, |x| x.0) {
                    Ok(k) => Some(std::mem::take(&mut known[k].1)),
                    Err(_) => self.slot(s).map(|x| self.norm_of(x).into_owned()),
                },
            })
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
                let Some(j) = local_of(o) else { continue };
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
        // (slot, part), sorted by slot: the parts are small, a search beats hashing.
        let mut part_list: Vec<(u32, usize)> = parts
            .iter()
            .enumerate()
            .flat_map(|(p, g)| g.iter().map(move |&s| (s, p)))
            .collect();
        part_list.sort_unstable();
        let part_of = |s: u32| sorted_get(&part_list, s);
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
                    let (Some(p), Some(slot)) = (part_of(m), self.slot(m)) else {
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
            let p = part_of(s)?;
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
                hash_str(&self.id_of(s)),
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

impl ResolverState {
    /// A profile normalized as [`Resolver::resolve`] normalizes it (custom comparisons
    /// included), with the state's generic values flagged.
    fn normalize(&self, profile: &Profile) -> NormalizedProfile {
        normalize_with(&self.config, &self.generic, profile)
    }
}

/// The value filed under slot `s` in a list of (slot, value) sorted by slot.
fn sorted_get<T: Copy>(list: &[(u32, T)], s: u32) -> Option<T> {
    list.binary_search_by_key(&s, |x| x.0)
        .ok()
        .and_then(|k| list.get(k))
        .map(|x| x.1)
}

// The part of an upsert that reads only the configuration and the generic values, never the
// records: a batch runs it for its next records while it applies the current ones.

/// A profile normalized as the state normalizes it (generic values marked).
fn normalize_with(config: &Config, generic: &GenericKeys, profile: &Profile) -> NormalizedProfile {
    let mut norm = crate::normalize::normalize_profile(profile, &config.normalize);
    crate::compare::normalize_custom(profile, &mut norm, &config.comparisons, &config.normalize);
    generic.apply(&mut norm);
    norm
}

/// A normalized record's blocking keys, with their caps and without.
fn keys_with(config: &Config, norm: &NormalizedProfile) -> Keys {
    let mut capped = Vec::new();
    crate::block::record_keys_capped(
        &config.blocking.rules,
        norm,
        config.blocking.max_block_size,
        &mut capped,
    );
    // (the keys of `record_keys`: sorted and distinct)
    let mut all: Vec<u64> = capped.iter().map(|&(k, _)| k).collect();
    all.dedup();
    Keys { all, capped }
}

/// A record's identity hash ([`Guard::exact_duplicates`]), when exact duplicates are on.
fn identity_with(config: &Config, norm: &NormalizedProfile) -> Option<u64> {
    if !config.guard.exact_duplicates || config.mode == Mode::Link {
        return None;
    }
    identity_key(norm)
}

/// A normalized record's packed values and identity hash.
fn encode_with(config: &Config, norm: &NormalizedProfile) -> Encoded {
    let mut packed = Vec::new();
    packed::encode(&mut packed, norm);
    Encoded {
        packed,
        identity: identity_with(config, norm),
    }
}

/// A profile of a batch before the state is read: raw form, normalized values, keys.
struct Pure {
    raw: Box<str>,
    enc: Encoded,
    norm: NormalizedProfile,
    keys: Keys,
}

impl Pure {
    fn of(config: &Config, generic: &GenericKeys, p: &Profile) -> Pure {
        let norm = normalize_with(config, generic, p);
        Pure {
            raw: raw::encode(p),
            enc: encode_with(config, &norm),
            keys: keys_with(config, &norm),
            norm,
        }
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
    pub(in crate::state) fn varied() -> Vec<Profile> {
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
        assert!(state.slots.iter().flatten().any(|s| s.whole.is_some()));
        // The same state saved as version 3 wrote it loads the same.
        let mut v3 = Vec::new();
        saved::v3::save(&state, &mut serde_json::Serializer::new(&mut v3)).unwrap();
        assert!(String::from_utf8_lossy(&v3).contains("\"version\":3"));
        let from_v3 = ResolverState::load(&mut serde_json::Deserializer::from_slice(&v3)).unwrap();
        assert!(norms(&from_v3) == norms(&state));
        let mut again = Vec::new();
        from_v3
            .save(&mut serde_json::Serializer::new(&mut again))
            .unwrap();
        assert!(again == bytes);
        // And as version 4 wrote it (in JSON and postcard).
        let mut v4 = Vec::new();
        saved::v4::save(&state, &mut serde_json::Serializer::new(&mut v4)).unwrap();
        assert!(String::from_utf8_lossy(&v4).contains("\"version\":4"));
        let from_v4 = ResolverState::load(&mut serde_json::Deserializer::from_slice(&v4)).unwrap();
        assert!(norms(&from_v4) == norms(&state));
        let mut again = Vec::new();
        from_v4
            .save(&mut serde_json::Serializer::new(&mut again))
            .unwrap();
        assert!(again == bytes);
        let v4 = postcard::to_allocvec(&saved::v4::Postcard(&state)).unwrap();
        let from_v4 = ResolverState::load(&mut postcard::Deserializer::from_bytes(&v4)).unwrap();
        assert!(norms(&from_v4) == norms(&state));
        assert_eq!(from_v4.clusters(), state.clusters());
        // A map whose keys come in another order (records before the version) reads the same.
        let sorted: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let sorted = serde_json::to_vec(&sorted).unwrap();
        assert!(sorted != bytes);
        let from_sorted =
            ResolverState::load(&mut serde_json::Deserializer::from_slice(&sorted)).unwrap();
        assert!(norms(&from_sorted) == norms(&state));
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

    /// Versions 3 and 2 still load; version 2, which did not save term frequencies, counts them
    /// again over its records (so they differ from the state's frozen ones once records went).
    #[test]
    fn older_versions_load_and_version_2_counts_term_frequencies_again() {
        let given = ["Ann", "Bo", "Chidi", "Dana", "Emeka", "Fatima", "Gus"];
        let family = [
            "Lee", "Okafor", "Nguyen", "Smith", "García", "Müller", "Singh",
        ];
        // More than `TermFrequencies::MIN_RECORDS` records have the names: frequencies in use.
        let people: Vec<Profile> = (0..1_100)
            .map(|i| {
                Profile::new("crm", format!("c{i}"))
                    .with_given_name(given[i % given.len()])
                    .with_family_name(family[i / 3 % family.len()])
                    .with_email(format!("p{i}@example.org"))
            })
            .collect();
        let model = crate::score::Model::default_untrained();
        let mut live =
            ResolverState::from_profiles(Config::default(), Some(model), &people).unwrap();
        for i in (0..1_100).step_by(3) {
            live.remove("crm", &format!("c{i}")).unwrap();
        }
        let json = |st: &ResolverState| {
            let mut b = Vec::new();
            st.save(&mut serde_json::Serializer::new(&mut b)).unwrap();
            b
        };
        let load =
            |b: &[u8]| ResolverState::load(&mut serde_json::Deserializer::from_slice(b)).unwrap();
        let mut v3 = Vec::new();
        saved::v3::save(&live, &mut serde_json::Serializer::new(&mut v3)).unwrap();
        assert!(json(&load(&v3)) == json(&live));
        let mut v2: serde_json::Value = serde_json::from_slice(&v3).unwrap();
        v2["version"] = 2.into();
        v2.as_object_mut().unwrap().remove("tf").unwrap();
        let from_v2 = load(&serde_json::to_vec(&v2).unwrap());
        assert_eq!(from_v2.clusters(), live.clusters());
        let counts = |tf: &TermFrequencies| tf.parts().0.to_vec();
        let recounted = TermFrequencies::build_from(
            live.slots
                .iter()
                .flatten()
                .map(|s| live.norm_of(s).into_owned()),
        );
        assert!(counts(&from_v2.tf) == counts(&recounted));
        assert!(counts(&from_v2.tf) != counts(&live.tf));
    }

    /// Erasures and updates leave zeroed bytes in the buffers; once they outweigh the live
    /// bytes the buffers are compacted, and the state goes on as before.
    #[test]
    fn buffers_are_compacted_once_erased_bytes_outweigh_live_ones() {
        let mut state =
            ResolverState::new(Config::default(), crate::score::Model::default_untrained())
                .unwrap();
        let long = "x".repeat(4_000);
        let person = |i: usize, note: &str| {
            let mut p = Profile::new("crm", format!("c{i}"))
                .with_full_name(format!("Ann Lee{}", i % 7))
                .with_email(format!("a{i}@example.org"));
            p.attributes.insert("note".into(), format!("{note}{i}"));
            p
        };
        for i in 0..600 {
            state.upsert(person(i, &long)).unwrap();
        }
        let before = state.texts.live_len();
        assert!(before > 1 << 20);
        // Updates with short values: the long ones become waste, then are compacted away.
        for i in 0..600 {
            state.upsert(person(i, "short")).unwrap();
        }
        assert!(state.texts.len_all() < before / 2, "not compacted");
        let mut fresh =
            ResolverState::new(Config::default(), crate::score::Model::default_untrained())
                .unwrap();
        for i in 0..600 {
            fresh.upsert(person(i, "short")).unwrap();
        }
        assert_eq!(state.clusters(), fresh.clusters());
        for i in 0..600 {
            let (a, b) = (
                state.lookup("crm", &format!("c{i}")),
                fresh.lookup("crm", &format!("c{i}")),
            );
            let (a, b) = (
                state.slot(a.unwrap()).unwrap(),
                fresh.slot(b.unwrap()).unwrap(),
            );
            assert_eq!(state.raw_of(a), fresh.raw_of(b));
            assert!(state.norm_of(a) == fresh.norm_of(b));
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
        assert!(ix.added(7).is_empty());
        ix.push(7, 1);
        assert_eq!(ix.added(7), &[1]);
        ix.push(7, 2);
        ix.push(7, 3);
        ix.push(9, 4);
        assert_eq!(ix.added(7), &[1, 2, 3]);
        ix.remove(7, 2);
        assert_eq!(ix.added(7), &[1, 3]);
        ix.remove(7, 1);
        assert_eq!(ix.added(7), &[3]);
        assert_eq!(ix.map.get(&7), Some(&3), "one slot is held inline again");
        ix.push(7, 5);
        assert_eq!(ix.added(7), &[3, 5]);
        assert_eq!(ix.blocks.len(), 1, "a freed block is reused");
        ix.remove(7, 3);
        ix.remove(7, 5);
        ix.remove(7, 5);
        ix.remove(8, 1);
        assert!(ix.added(7).is_empty());
        assert_eq!(ix.added(9), &[4]);
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

    /// A chunk (of version 3): its record count, the hash of the records' bytes, the records.
    #[cfg(test)]
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
