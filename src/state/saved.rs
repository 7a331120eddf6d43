//! The saved form of a [`ResolverState`]: [`ResolverState::save`] and [`ResolverState::load`].
//!
//! Version 5 writes the records as the state holds them: four columns (source, arrival number,
//! length of the raw profile, length of the packed normalized values), then the raw profiles
//! and the packed records end to end, each cut into blocks of about 4 MB at record boundaries
//! (a block is the state's own unit, so a loaded block *is* a buffer block of the state: read
//! once, never copied again, and a streaming deserializer needs a block at a time, not the
//! whole file), each block with its checksum. It also writes the blocking key index and the
//! identities as they are ((key, record) pairs sorted, 12 bytes each, in checksummed pieces),
//! so loading neither unpacks a record nor computes a key: it checks the blocks, hashes the
//! record ids and takes the sorted pairs as the frozen part of each index.

use std::borrow::Cow;
use std::fmt;

use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::arena::{checksum, Bytes, Span, Texts, BLOCK};
use super::frozen::Frozen;
use super::{
    packed, raw, record_hash, ClusterId, ClusterInfo, GenericKeys, KeyIndex, ResolverState, Slot,
    MULTI, NONE,
};
use crate::block::record_keys;
use crate::hash::U64Map;
use crate::profile::NormalizedProfile;
use crate::score::{Model, TermFrequencies};
use crate::{Config, Error};

/// The saved form's name and version (see [`ResolverState::save`]).
const FORMAT: &str = "selfsame-state";
const VERSION: u32 = 5;
/// The oldest version still read: version 2 had no term frequencies (they are counted over the
/// loaded records, as its loader did); versions 2 and 3 held a string per record and the
/// packed records in chunks; versions 2 to 4 held no index (keys are computed on load, which
/// unpacks every record: about twice the time of version 5).
const OLDEST: u32 = 2;

/// Bytes per checksummed piece of a version-4 buffer.
const PIECE: usize = 1 << 20;

/// (key, record) pairs per saved piece of an index (12 bytes each: 3 MB).
const PAIRS: usize = 1 << 18;

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
    records: Columns,
    raw_blocks: Blocks<'a>,
    packed_blocks: Blocks<'a>,
    identities: PairPieces,
    index: PairPieces,
    links: Vec<(u32, u32, f64)>,
    clusters: Vec<SavedCluster>,
    tf: Vec<PackedChunk<'a>>,
}

/// The records as columns: per record its source (an index into `sources`), its arrival
/// number, the length of its raw profile in `raw` and of its packed normalized values in
/// `normalized` (0: not packed, normalized again from the raw profile when loaded).
#[derive(Serialize, Deserialize)]
struct Columns {
    source: Vec<u32>,
    seq: Vec<u64>,
    raw_len: Vec<u32>,
    norm_len: Vec<u32>,
}

/// The raw profiles end to end (a string in every format), with a checksum per [`PIECE`].
#[derive(Serialize, Deserialize)]
struct SavedText<'a> {
    #[serde(borrow)]
    text: TextChunk<'a>,
    sums: Vec<u64>,
}

/// The packed records end to end (base64 text in a human-readable format, bytes in others),
/// with a checksum per [`PIECE`].
#[derive(Serialize, Deserialize)]
struct SavedBytes<'a> {
    #[serde(borrow)]
    bytes: PackedChunk<'a>,
    sums: Vec<u64>,
}

fn sums_match(b: &[u8], sums: &[u64]) -> bool {
    sums.len() == b.len().div_ceil(PIECE)
        && b.par_chunks(PIECE)
            .zip(sums.par_iter())
            .all(|(piece, &sum)| checksum(piece) == sum)
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

impl<'a> SavedModelRef<'a> {
    fn of(model: &'a Model) -> SavedModelRef<'a> {
        SavedModelRef {
            prior: model.prior,
            fields: &model.fields,
            custom: &model.custom,
            em_iterations: model.em_iterations,
            em_converged: model.em_converged,
        }
    }
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
    records: Records<'de>,
    links: Vec<(u32, u32, f64)>,
    clusters: Vec<SavedCluster>,
    /// `None` in version 2.
    tf: Option<Vec<PackedChunk<'de>>>,
}

/// The records as read.
enum Records<'de> {
    /// Versions 2 and 3: a string per record, the packed records in checksummed chunks.
    Chunked(OldRecords, Vec<PackedChunk<'de>>),
    /// Version 4.
    Flat(Columns, SavedText<'de>, SavedBytes<'de>),
    /// Version 5.
    Blocks(Box<BlockRecords>),
}

/// Version 5's records: columns, blocks with their checksums, identities and index.
struct BlockRecords {
    columns: Columns,
    raw: Vec<(TextBlock, u64)>,
    packed: Vec<(ByteBlock, u64)>,
    identities: ReadPairs,
    index: ReadPairs,
}

/// The record columns of versions 2 and 3.
#[derive(Deserialize)]
struct OldRecords {
    source: Vec<u32>,
    seq: Vec<u64>,
    raw: Vec<String>,
}

/// `records` in a self-describing format (a map), read before the version may be known: the
/// columns of any version.
#[derive(Deserialize)]
struct AnyRecords {
    source: Vec<u32>,
    seq: Vec<u64>,
    #[serde(default)]
    raw: Option<Vec<String>>,
    #[serde(default)]
    raw_len: Option<Vec<u32>>,
    #[serde(default)]
    norm_len: Option<Vec<u32>>,
}

/// `normalized` in a self-describing format: chunks (versions 2 and 3) or one buffer.
enum AnyNormalized<'a> {
    Chunks(Vec<PackedChunk<'a>>),
    Flat(SavedBytes<'a>),
}

impl<'de: 'a, 'a> Deserialize<'de> for AnyNormalized<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AnyNormalized<'a>, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = AnyNormalized<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("packed records")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<AnyNormalized<'a>, A::Error> {
                let mut chunks = Vec::new();
                while let Some(c) = seq.next_element()? {
                    chunks.push(c);
                }
                Ok(AnyNormalized::Chunks(chunks))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<AnyNormalized<'a>, A::Error> {
                use serde::de::{Error as _, IgnoredAny};
                let (mut bytes, mut sums) = (None, None);
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match &*key {
                        "bytes" => bytes = Some(map.next_value()?),
                        "sums" => sums = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let missing = || A::Error::custom("a field is missing");
                Ok(AnyNormalized::Flat(SavedBytes {
                    bytes: bytes.ok_or_else(missing)?,
                    sums: sums.ok_or_else(missing)?,
                }))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// What a saved form turned out to be: a version this build reads, or another format or
/// version (its other fields skipped, so the error can name the version).
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
    "raw",
    "normalized",
    "raw_blocks",
    "packed_blocks",
    "identities",
    "index",
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
        let config = seq.next_element()?.ok_or_else(missing)?;
        let model = seq.next_element()?.ok_or_else(missing)?;
        let generic = seq.next_element()?.ok_or_else(missing)?;
        let next_seq = seq.next_element()?.ok_or_else(missing)?;
        let next_cluster = seq.next_element()?.ok_or_else(missing)?;
        let sources = seq.next_element()?.ok_or_else(missing)?;
        let records = if version >= 5 {
            let columns = seq.next_element()?.ok_or_else(missing)?;
            let raw = seq.next_element()?.ok_or_else(missing)?;
            let packed = seq.next_element()?.ok_or_else(missing)?;
            let (mut identities, mut index) = (ReadPairs::default(), ReadPairs::default());
            seq.next_element_seed(PairsSeed(&mut identities))?
                .ok_or_else(missing)?;
            seq.next_element_seed(PairsSeed(&mut index))?
                .ok_or_else(missing)?;
            Records::Blocks(Box::new(BlockRecords {
                columns,
                raw,
                packed,
                identities,
                index,
            }))
        } else if version >= 4 {
            Records::Flat(
                seq.next_element()?.ok_or_else(missing)?,
                seq.next_element()?.ok_or_else(missing)?,
                seq.next_element()?.ok_or_else(missing)?,
            )
        } else {
            Records::Chunked(
                seq.next_element()?.ok_or_else(missing)?,
                seq.next_element()?.ok_or_else(missing)?,
            )
        };
        Ok(Read::Current(Box::new(Saved {
            config,
            model,
            generic,
            next_seq,
            next_cluster,
            sources,
            records,
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
        let mut records: Option<AnyRecords> = None;
        let mut raw: Option<SavedText<'de>> = None;
        let mut normalized: Option<AnyNormalized<'de>> = None;
        let mut raw_blocks: Option<Vec<(TextBlock, u64)>> = None;
        let mut packed_blocks: Option<Vec<(ByteBlock, u64)>> = None;
        let (mut identities, mut index) = (ReadPairs::default(), ReadPairs::default());
        let (mut has_identities, mut has_index) = (false, false);
        let mut links = None;
        let mut clusters = None;
        let mut tf = None;
        // Once the format or version is known to differ, the rest is skipped unread. (The
        // records' shape depends on the version, which may come after them in a map.)
        let mut foreign = false;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
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
                "raw" => raw = Some(map.next_value()?),
                "normalized" => normalized = Some(map.next_value()?),
                "raw_blocks" => raw_blocks = Some(map.next_value()?),
                "packed_blocks" => packed_blocks = Some(map.next_value()?),
                "identities" => {
                    map.next_value_seed(PairsSeed(&mut identities))?;
                    has_identities = true;
                }
                "index" => {
                    map.next_value_seed(PairsSeed(&mut index))?;
                    has_index = true;
                }
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
        let shape = || A::Error::custom("the records are not of the version's shape");
        let AnyRecords {
            source,
            seq,
            raw: strings,
            raw_len,
            norm_len,
        } = records.ok_or_else(missing)?;
        let records = match (version, normalized) {
            (5.., None) => {
                if !(has_identities && has_index) {
                    return Err(missing());
                }
                Records::Blocks(Box::new(BlockRecords {
                    columns: Columns {
                        source,
                        seq,
                        raw_len: raw_len.ok_or_else(shape)?,
                        norm_len: norm_len.ok_or_else(shape)?,
                    },
                    raw: raw_blocks.ok_or_else(missing)?,
                    packed: packed_blocks.ok_or_else(missing)?,
                    identities,
                    index,
                }))
            }
            (_, None) => return Err(missing()),
            (4, Some(AnyNormalized::Flat(normalized))) => Records::Flat(
                Columns {
                    source,
                    seq,
                    raw_len: raw_len.ok_or_else(shape)?,
                    norm_len: norm_len.ok_or_else(shape)?,
                },
                raw.ok_or_else(missing)?,
                normalized,
            ),
            (..=3, Some(AnyNormalized::Chunks(chunks))) => Records::Chunked(
                OldRecords {
                    source,
                    seq,
                    raw: strings.ok_or_else(shape)?,
                },
                chunks,
            ),
            _ => return Err(shape()),
        };
        Ok(Read::Current(Box::new(Saved {
            config: config.ok_or_else(missing)?,
            model: model.ok_or_else(missing)?,
            generic: generic.ok_or_else(missing)?,
            next_seq: next_seq.ok_or_else(missing)?,
            next_cluster: next_cluster.ok_or_else(missing)?,
            sources: sources.ok_or_else(missing)?,
            records,
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

/// The records of a loaded state before they are checked: columns and the two buffers.
struct Flat {
    source: Vec<u32>,
    seq: Vec<u64>,
    raw_len: Vec<u32>,
    norm_len: Vec<u32>,
    text: String,
    bytes: Vec<u8>,
}

impl Flat {
    /// Version 4's records, their checksums checked.
    fn read(columns: Columns, raw: SavedText<'_>, normalized: SavedBytes<'_>) -> Option<Flat> {
        let (ok_text, ok_bytes) = rayon::join(
            || sums_match(raw.text.0.as_bytes(), &raw.sums),
            || sums_match(&normalized.bytes.0, &normalized.sums),
        );
        if !(ok_text && ok_bytes) {
            return None;
        }
        let Columns {
            source,
            seq,
            raw_len,
            norm_len,
        } = columns;
        Some(Flat {
            source,
            seq,
            raw_len,
            norm_len,
            text: raw.text.0.into_owned(),
            bytes: normalized.bytes.0.into_owned(),
        })
    }

    /// The records in version 5's shape: columns and blocks of less than 4 GB, cut at chunk
    /// boundaries; no saved index.
    #[allow(clippy::type_complexity)]
    fn blocks(
        self,
    ) -> Result<
        (
            Columns,
            Vec<String>,
            Vec<Vec<u8>>,
            Option<(ReadPairs, ReadPairs)>,
        ),
        Error,
    > {
        let Flat {
            source,
            seq,
            raw_len,
            norm_len,
            text,
            bytes,
        } = self;
        let total = |v: &[u32]| v.iter().map(|&x| x as usize).sum::<usize>();
        if total(&raw_len) != text.len() || total(&norm_len) != bytes.len() {
            return Err(corrupt("the records do not fill their buffers"));
        }
        let (Some((_, raw_blocks)), Some((_, norm_blocks))) = (
            cut(&raw_len, packed::CHUNK, BLOCK_MAX),
            cut(&norm_len, packed::CHUNK, BLOCK_MAX),
        ) else {
            return Err(corrupt("a chunk of records is too large"));
        };
        let texts: Option<Vec<String>> = match raw_blocks.len() {
            1 => Some(vec![text]),
            _ => raw_blocks
                .into_iter()
                .map(|r| text.get(r).map(str::to_string))
                .collect(),
        };
        let bytes: Vec<Vec<u8>> = match norm_blocks.len() {
            1 => vec![bytes],
            _ => norm_blocks.into_iter().map(|r| bytes[r].to_vec()).collect(),
        };
        let texts = texts.ok_or_else(|| corrupt("a record could not be read"))?;
        let columns = Columns {
            source,
            seq,
            raw_len,
            norm_len,
        };
        Ok((columns, texts, bytes, None))
    }

    /// The records of versions 2 and 3 (a string per record, chunks of packed records) in
    /// version 4's shape.
    fn of_chunks(old: OldRecords, chunks: &[PackedChunk<'_>]) -> Option<Flat> {
        let OldRecords { source, seq, raw } = old;
        let mut text = String::with_capacity(raw.iter().map(|r| r.len()).sum());
        let mut raw_len = Vec::with_capacity(raw.len());
        for r in &raw {
            raw_len.push(u32::try_from(r.len()).ok()?);
            text.push_str(r);
        }
        drop(raw);
        if chunks.len() != raw_len.len().div_ceil(packed::CHUNK) {
            return None;
        }
        let mut bytes = Vec::with_capacity(chunks.iter().map(|c| c.0.len()).sum());
        let mut norm_len = Vec::with_capacity(raw_len.len());
        for c in chunks {
            let (m, mut reader) = packed::Reader::chunk(&c.0)?;
            for _ in 0..m {
                let start = reader.position();
                match reader.record()? {
                    Some(_) => {
                        let b = reader.since(start);
                        bytes.extend_from_slice(b);
                        norm_len.push(u32::try_from(b.len()).ok()?);
                    }
                    None => norm_len.push(0),
                }
            }
            if !reader.done() {
                return None;
            }
        }
        Some(Flat {
            source,
            seq,
            raw_len,
            norm_len,
            text,
            bytes,
        })
    }
}

impl ResolverState {
    /// Writes the whole state to a serde serializer (the caller picks the format): a format name,
    /// version 5, the configuration, the model, the hashes of generic values, the records as
    /// columns (source, arrival number, the lengths of their raw profile and packed normalized
    /// values), the raw profiles end to end (tab-separated cells) and the packed normalized
    /// records end to end, each cut into blocks of about 4 MB at record boundaries with a
    /// checksum per block, the identities and the blocking key index as sorted (key, record)
    /// pairs in checksummed pieces, the links, the clusters with ids and creation numbers, and
    /// the term frequencies packed. Records are written in arrival order and links and pairs in
    /// order, so the bytes depend on the state alone: a loaded state saves as the one it was
    /// saved from, and after the same changes both save the same bytes again. Blocks are built
    /// one at a time while they are written (saving needs no copy of the whole state). The packed
    /// records and pairs are base64 text in a human-readable format (JSON) and plain bytes in a
    /// binary one: for large states pick a compact binary serde format (postcard, bincode).
    /// Fails when the configuration holds a custom blocking key function (it cannot be
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
        let parts = self.saved_parts();
        let mut columns = Columns {
            source: parts.source,
            seq: Vec::with_capacity(self.live),
            raw_len: Vec::with_capacity(self.live),
            norm_len: Vec::with_capacity(self.live),
        };
        for &(seq, _, slot) in &parts.order {
            columns.seq.push(seq);
            columns.raw_len.push(slot.raw.len);
            columns.norm_len.push(match slot.whole {
                Some(_) => 0,
                None => slot.norm.len,
            });
        }
        let raw: Vec<Span> = parts.order.iter().map(|x| x.2.raw).collect();
        let norm: Vec<Span> = parts
            .order
            .iter()
            .filter(|x| x.2.whole.is_none())
            .map(|x| x.2.norm)
            .collect();
        let identities: Vec<Filed> = parts
            .order
            .iter()
            .enumerate()
            .filter_map(|(p, x)| {
                x.2.identity.map(|key| Filed {
                    key,
                    slot: p as u32,
                })
            })
            .collect();
        let index = self.saved_index(&parts.position);
        SavedRef {
            format: FORMAT,
            version: VERSION,
            config: &self.config,
            model: SavedModelRef::of(&self.model),
            generic: &self.generic,
            next_seq: self.next_seq,
            next_cluster: self.next_cluster,
            sources: parts.sources,
            records: columns,
            raw_blocks: Blocks {
                spans: raw,
                text: Some(&self.texts),
                bytes: None,
            },
            packed_blocks: Blocks {
                spans: norm,
                text: None,
                bytes: Some(&self.norms),
            },
            identities: PairPieces(identities),
            index: PairPieces(index),
            links: parts.links,
            clusters: parts.clusters,
            tf: parts.tf,
        }
        .serialize(serializer)
    }

    /// The blocking key index as (key, position) pairs, sorted: the frozen pairs of records
    /// still as loaded and the map's.
    fn saved_index(&self, position: &[u32]) -> Vec<Filed> {
        let ix = &self.index;
        let mut pairs: Vec<Filed> = Vec::with_capacity(ix.frozen.len() + ix.map.len());
        let at = |s: u32| position.get(s as usize).copied().filter(|&p| p != u32::MAX);
        for (key, s) in ix.frozen.pairs() {
            if let (Some(p), true) = (at(s), self.is_frozen(s)) {
                pairs.push(Filed { key, slot: p });
            }
        }
        for (&key, &v) in &ix.map {
            let slots = match v & MULTI {
                0 => std::slice::from_ref(&v),
                _ => ix
                    .blocks
                    .get((v & !MULTI) as usize)
                    .map_or(&[][..], |b| b.as_slice()),
            };
            pairs.extend(
                slots
                    .iter()
                    .filter_map(|&s| at(s))
                    .map(|p| Filed { key, slot: p }),
            );
        }
        pairs.par_sort_unstable_by_key(|&Filed { key, slot }| (key, slot));
        pairs
    }

    /// What every version saves alike: the live records in arrival order, their sources, links,
    /// clusters and the term frequencies.
    fn saved_parts(&self) -> Parts<'_> {
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
        let mut source = Vec::with_capacity(order.len());
        for &(_, _, slot) in &order {
            let src = &mut source_at[slot.source as usize];
            if *src == u32::MAX {
                *src = sources.len() as u32;
                sources.push(&self.sources[slot.source as usize]);
            }
            source.push(*src);
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
        let (counts, totals) = self.tf.parts();
        let tf: Vec<PackedChunk> = counts
            .par_iter()
            .zip(totals.par_iter())
            .map(|(c, &t)| PackedChunk(Cow::Owned(packed::counts(t as u64, c))))
            .collect();
        Parts {
            order,
            position,
            sources,
            source,
            links,
            clusters,
            tf,
        }
    }

    /// Reads a state written by [`ResolverState::save`] from a serde deserializer of the same
    /// format (version 5; or 4, 3 or 2, whose records are first put in version 5's shape and
    /// unpacked to compute their keys, and whose term frequencies, in version 2, are counted over
    /// its records). Another format or version, corrupt bytes or an inconsistent state (a record
    /// twice, a link, member or pair out of range, index pairs out of order, a record in no
    /// cluster or two, term frequencies out of order or with counts that do not add up) give
    /// [`Error::SavedState`] with a message that holds no data. Version 5's blocks become the
    /// state's buffer blocks as read (with a streaming deserializer such as postcard's
    /// `from_io` over a file, the file is never held whole: a scratch buffer as large as the
    /// largest block, piece or term-frequency table suffices),
    /// its index pairs become the frozen part of the state's index, and no record is unpacked
    /// (packed records are checked by their blocks' checksums; a record held whole is normalized
    /// again). The loaded state does not depend on the thread count.
    pub fn load<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ResolverState, Error> {
        let read = Read::deserialize(deserializer).map_err(|_| {
            corrupt("could not be read (corrupt, or not a selfsame saved state of version 2 to 5)")
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
        state.generic = std::sync::Arc::new(generic);
        let (columns, mut text_blocks, mut byte_blocks, pairs) = match saved.records {
            Records::Blocks(b) => {
                let BlockRecords {
                    columns,
                    raw,
                    packed,
                    identities,
                    index,
                } = *b;
                let (ok_text, ok_bytes) = rayon::join(
                    || {
                        raw.par_iter()
                            .all(|(t, sum)| checksum(t.0.as_bytes()) == *sum)
                    },
                    || packed.par_iter().all(|(b, sum)| checksum(&b.0) == *sum),
                );
                if !(ok_text && ok_bytes && identities.ok && index.ok) {
                    return Err(corrupt("the records are corrupt"));
                }
                let texts: Vec<String> = raw.into_iter().map(|x| x.0 .0).collect();
                let bytes: Vec<Vec<u8>> = packed.into_iter().map(|x| x.0 .0).collect();
                (columns, texts, bytes, Some((identities, index)))
            }
            Records::Flat(columns, raw, normalized) => {
                let flat = Flat::read(columns, raw, normalized)
                    .ok_or_else(|| corrupt("the records are corrupt"))?;
                flat.blocks()?
            }
            Records::Chunked(old, chunks) => {
                let flat = Flat::of_chunks(old, &chunks)
                    .ok_or_else(|| corrupt("the records are corrupt"))?;
                flat.blocks()?
            }
        };
        let Columns {
            source,
            seq,
            raw_len,
            norm_len,
        } = columns;
        let n = source.len();
        if seq.len() != n || raw_len.len() != n || norm_len.len() != n {
            return Err(corrupt("the record columns differ in length"));
        }
        if n >= MULTI as usize {
            return Err(Error::TooManyRecords(n));
        }
        // (no block is empty but the only one)
        if text_blocks.is_empty() {
            text_blocks.push(String::new());
        }
        if byte_blocks.is_empty() {
            byte_blocks.push(Vec::new());
        }
        let text_lens: Vec<usize> = text_blocks.iter().map(String::len).collect();
        let byte_lens: Vec<usize> = byte_blocks.iter().map(Vec::len).collect();
        let (Some(raw_starts), Some(norm_starts)) =
            (starts(&raw_len, &text_lens), starts(&norm_len, &byte_lens))
        else {
            return Err(corrupt("the records do not fill their buffers"));
        };
        let sources = saved.sources;
        for (i, name) in sources.iter().enumerate() {
            if state.source_index.insert(name.clone(), i as u32).is_some() {
                return Err(corrupt("a source is saved twice"));
            }
        }
        state.sources = sources;
        state.texts = Texts::of(text_blocks);
        state.norms = Bytes::of(byte_blocks);
        // (room for later records: pages are touched only once used, and the first upsert does
        // not copy every slot to grow the vector)
        let mut slots: Vec<Option<Slot>> = Vec::with_capacity(n + n / 8);
        slots.resize_with(n, || None);
        let this = &state;
        let rules = &this.config.blocking.rules;
        // Keys are computed (records unpacked) only for a version without a saved index.
        let compute = pairs.is_none();
        // Per chunk: the blocking keys of its records, computed while the normalized values are
        // at hand (one flat vector and each record's end in it), or `None` when unreadable.
        let read: Vec<Option<(Vec<u64>, Vec<u32>)>> = slots
            .par_chunks_mut(packed::CHUNK)
            .zip(raw_starts.par_iter().zip(norm_starts.par_iter()))
            .enumerate()
            .map(|(c, (out, (&raw_at, &norm_at)))| {
                let (mut raw_at, mut norm_at) = (raw_at, norm_at);
                let mut keys: Vec<u64> = Vec::new();
                let mut ends: Vec<u32> = Vec::new();
                let mut one: Vec<u64> = Vec::new();
                for (j, slot) in out.iter_mut().enumerate() {
                    let i = c * packed::CHUNK + j;
                    let rs = step(&mut raw_at, raw_len[i], &text_lens)?;
                    let ns = step(&mut norm_at, norm_len[i], &byte_lens)?;
                    if !this.texts.holds(rs) {
                        return None;
                    }
                    let text = this.texts.get(rs);
                    let src = this.sources.get(source[i] as usize)?;
                    // A packed record's raw string is only checked; a record held whole is
                    // normalized again from it.
                    if !raw::check(text) {
                        return None;
                    }
                    let whole = match ns.len {
                        0 => Some(Box::new(this.normalize(&raw::decode(src, text)?))),
                        _ => None,
                    };
                    let mut identity = None;
                    if compute {
                        let unpacked = match &whole {
                            Some(_) => None,
                            None => {
                                let mut reader = packed::Reader::new(this.norms.get(ns));
                                let mut norm = reader.record()??;
                                if !reader.done() {
                                    return None;
                                }
                                this.generic.apply(&mut norm);
                                Some(norm)
                            }
                        };
                        let norm: &NormalizedProfile = match (&unpacked, &whole) {
                            (Some(p), _) => p,
                            (None, Some(p)) => p,
                            (None, None) => return None,
                        };
                        one.clear();
                        record_keys(rules, norm, &mut one);
                        keys.extend_from_slice(&one);
                        ends.push(u32::try_from(keys.len()).ok()?);
                        identity = this.identity_of(norm);
                    }
                    *slot = Some(Slot {
                        raw: rs,
                        norm: ns,
                        whole,
                        identity,
                        source: source[i],
                        id_hash: crate::hash::hash_str(&raw::id(text)),
                        seq: seq[i],
                        links: Vec::new(),
                        cluster: NONE,
                    });
                }
                Some((keys, ends))
            })
            .collect();
        let Some(keys) = read.into_iter().collect::<Option<Vec<_>>>() else {
            return Err(corrupt("a record could not be read"));
        };
        drop((source, seq, raw_len, norm_len));
        let (identities, index) = match pairs {
            Some((identities, index)) => {
                // Each identity's record, in record order, on a configuration that keeps them.
                let on =
                    state.config.guard.exact_duplicates && state.config.mode != crate::Mode::Link;
                let ReadPairs {
                    keys: ids,
                    slots: at,
                    ..
                } = identities;
                if (!on && !ids.is_empty())
                    || at.windows(2).any(|w| w[0] >= w[1])
                    || at.last().is_some_and(|&p| p as usize >= n)
                {
                    return Err(corrupt("the identities are corrupt"));
                }
                for (&h, &p) in ids.iter().zip(&at) {
                    if let Some(Some(slot)) = slots.get_mut(p as usize) {
                        slot.identity = Some(h);
                    }
                }
                let mut by_identity: Vec<Filed> = ids
                    .into_iter()
                    .zip(at)
                    .map(|(key, slot)| Filed { key, slot })
                    .collect();
                by_identity.par_sort_unstable_by_key(|&Filed { key, slot }| (key, slot));
                let ReadPairs {
                    keys: ks,
                    slots: ss,
                    ..
                } = index;
                if ss.par_iter().any(|&s| s as usize >= n) {
                    return Err(corrupt("an index pair is out of range"));
                }
                let index = Frozen::new(ks, ss)
                    .ok_or_else(|| corrupt("the index pairs are out of order"))?;
                (frozen_of(by_identity, n)?, index)
            }
            None => {
                let total: usize = keys.iter().map(|(k, _)| k.len()).sum();
                let mut pairs: Vec<Filed> = Vec::with_capacity(total);
                let mut by_identity: Vec<Filed> = Vec::new();
                let mut s = 0u32;
                // (each chunk's keys freed once copied)
                for (ks, ends) in keys {
                    let mut from = 0usize;
                    for end in ends {
                        pairs.extend(
                            ks[from..end as usize]
                                .iter()
                                .map(|&key| Filed { key, slot: s }),
                        );
                        from = end as usize;
                        if let Some(Some(Slot {
                            identity: Some(h), ..
                        })) = slots.get(s as usize)
                        {
                            by_identity.push(Filed { key: *h, slot: s });
                        }
                        s += 1;
                    }
                }
                pairs.par_sort_unstable_by_key(|&Filed { key, slot }| (key, slot));
                by_identity.par_sort_unstable_by_key(|&Filed { key, slot }| (key, slot));
                (frozen_of(by_identity, n)?, frozen_of(pairs, n)?)
            }
        };
        state.slots = slots;
        state.frozen = vec![u64::MAX; n.div_ceil(64)];
        if n % 64 != 0 {
            if let Some(w) = state.frozen.last_mut() {
                *w = (1 << (n % 64)) - 1;
            }
        }
        state.live = n;
        state.next_seq = saved.next_seq;
        // Two independent parts, side by side: the record-key map and the term frequencies.
        let this = &state;
        let next_seq = saved.next_seq;
        let (by_key, tf) = rayon::join(
            || -> Result<Frozen, Error> {
                let mut keyed: Vec<Filed> = Vec::with_capacity(n);
                for (s, slot) in this.slots.iter().flatten().enumerate() {
                    if slot.seq >= next_seq {
                        return Err(corrupt("an arrival number is out of range"));
                    }
                    keyed.push(Filed {
                        key: record_hash(slot.source, slot.id_hash),
                        slot: s as u32,
                    });
                }
                keyed.par_sort_unstable_by_key(|&Filed { key, slot }| (key, slot));
                // Records of one key hash: none may have the same source and id.
                let mut from = 0usize;
                while from < keyed.len() {
                    let key = keyed[from].key;
                    let mut to = from + 1;
                    while to < keyed.len() && keyed[to].key == key {
                        to += 1;
                    }
                    if to - from > 1 {
                        let mut ids: Vec<(u32, Cow<'_, str>)> = keyed[from..to]
                            .iter()
                            .filter_map(|f| {
                                let slot = this.slot(f.slot)?;
                                Some((slot.source, this.id_of(slot)))
                            })
                            .collect();
                        ids.sort_unstable();
                        if ids.windows(2).any(|w| w[0] == w[1]) {
                            return Err(corrupt("a record is saved twice"));
                        }
                    }
                    from = to;
                }
                frozen_of(keyed, n)
            },
            || match &saved.tf {
                Some(fields) => read_tf(fields, this.config.comparisons.len()),
                // Version 2 did not save them: counted over the loaded records (generic values
                // do not change them: unpacked as saved).
                None => Ok(TermFrequencies::build_from(
                    this.slots.iter().flatten().map(|s| match &s.whole {
                        Some(p) => Cow::Borrowed(&**p),
                        None => Cow::Owned(
                            packed::Reader::new(this.norms.get(s.norm))
                                .record()
                                .flatten()
                                .unwrap_or_default(),
                        ),
                    }),
                )),
            },
        );
        state.by_key = KeyIndex {
            frozen: by_key?,
            ..KeyIndex::default()
        };
        state.index = KeyIndex {
            frozen: index,
            ..KeyIndex::default()
        };
        state.identities = KeyIndex {
            frozen: identities,
            ..KeyIndex::default()
        };
        state.tf = tf?;
        // Links are saved in order of their records' positions, each once (checked by that
        // order, without a map), and each record's list is sized once.
        let mut degree = vec![0u32; n];
        let mut last = None;
        for &(a, b, w) in &saved.links {
            if a >= b || b as usize >= n || w.is_nan() || last >= Some((a, b)) {
                return Err(corrupt("a link is out of range or out of order"));
            }
            last = Some((a, b));
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        for (slot, &d) in state.slots.iter_mut().zip(&degree) {
            if let Some(slot) = slot {
                slot.links.reserve_exact(d as usize);
            }
        }
        drop(degree);
        for (a, b, w) in saved.links {
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
}
#[derive(Clone, Copy)]
#[repr(C, packed)]
struct Filed {
    key: u64,
    slot: u32,
}

/// A block's size limit (its offsets are `u32`).
const BLOCK_MAX: usize = u32::MAX as usize;

/// Where each chunk of records starts (its block and the offset in it) when their bytes, of
/// these lengths, are cut into blocks of less than 4 GB at chunk boundaries; and the blocks'
/// ranges in the bytes end to end. `None` when a chunk alone passes 4 GB.
#[allow(clippy::type_complexity)]
fn cut(
    lens: &[u32],
    chunk: usize,
    most: usize,
) -> Option<(Vec<(u32, u32)>, Vec<std::ops::Range<usize>>)> {
    let mut starts = Vec::with_capacity(lens.len().div_ceil(chunk));
    let mut blocks = Vec::new();
    let (mut from, mut at) = (0usize, 0usize);
    for c in lens.chunks(chunk) {
        let size: usize = c.iter().map(|&x| x as usize).sum();
        if size >= most {
            return None;
        }
        if at + size - from >= most {
            blocks.push(from..at);
            from = at;
        }
        starts.push((blocks.len() as u32, (at - from) as u32));
        at += size;
    }
    blocks.push(from..at);
    Some((starts, blocks))
}

/// The parts of a saved state every version writes alike.
struct Parts<'a> {
    order: Vec<(u64, usize, &'a Slot)>,
    /// Each slot's position in `order` (`u32::MAX`: no record).
    position: Vec<u32>,
    sources: Vec<&'a str>,
    source: Vec<u32>,
    links: Vec<(u32, u32, f64)>,
    clusters: Vec<SavedCluster>,
    tf: Vec<PackedChunk<'a>>,
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

/// Text as saved: a string in every format (borrowed from the input when the deserializer can
/// lend it).
struct TextChunk<'a>(Cow<'a, str>);

impl Serialize for TextChunk<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for TextChunk<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TextChunk<'a>, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = TextChunk<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<TextChunk<'a>, E> {
                Ok(TextChunk(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TextChunk<'a>, E> {
                Ok(TextChunk(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<TextChunk<'a>, E> {
                Ok(TextChunk(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

/// Packed bytes as saved: base64 text in a human-readable format, bytes in others (borrowed
/// from the input when the deserializer can lend them).
pub(super) struct PackedChunk<'a>(pub(super) Cow<'a, [u8]>);

impl Serialize for PackedChunk<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&packed::base64(&self.0))
        } else {
            s.serialize_bytes(&self.0)
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for PackedChunk<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PackedChunk<'a>, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = PackedChunk<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("packed records")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PackedChunk<'a>, E> {
                packed::unbase64(v)
                    .map(|b| PackedChunk(Cow::Owned(b)))
                    .ok_or_else(|| E::custom("not base64"))
            }
            fn visit_borrowed_bytes<E: serde::de::Error>(
                self,
                v: &'de [u8],
            ) -> Result<PackedChunk<'a>, E> {
                Ok(PackedChunk(Cow::Borrowed(v)))
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<PackedChunk<'a>, E> {
                Ok(PackedChunk(Cow::Owned(v.to_vec())))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<PackedChunk<'a>, E> {
                Ok(PackedChunk(Cow::Owned(v)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<PackedChunk<'a>, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(PackedChunk(Cow::Owned(out)))
            }
        }
        // (as a byte buffer: a streaming deserializer lends it from its scratch, then reuses
        // that, where borrowed bytes would pin the scratch)
        if d.is_human_readable() {
            d.deserialize_str(V(std::marker::PhantomData))
        } else {
            d.deserialize_byte_buf(V(std::marker::PhantomData))
        }
    }
}

/// Sorted pairs of the `n` records as the frozen part of an index (an error past 4G pairs).
fn frozen_of(pairs: Vec<Filed>, n: usize) -> Result<Frozen, Error> {
    let (keys, slots): (Vec<u64>, Vec<u32>) = pairs.into_iter().map(|f| (f.key, f.slot)).unzip();
    Frozen::new(keys, slots).ok_or(Error::TooManyRecords(n))
}

/// Where each chunk of [`packed::CHUNK`] records starts in blocks of these lengths, the
/// records laid end to end and never across two blocks ([`step`]); `None` when they do not
/// fill the blocks exactly.
fn starts(lens: &[u32], blocks: &[usize]) -> Option<Vec<(u32, u32)>> {
    let mut at = (0u32, 0u32);
    let mut out = Vec::with_capacity(lens.len().div_ceil(packed::CHUNK));
    for (i, &len) in lens.iter().enumerate() {
        if i % packed::CHUNK == 0 {
            out.push(at);
        }
        step(&mut at, len, blocks)?;
    }
    let last = blocks.len().checked_sub(1)?;
    (at.0 as usize == last && at.1 as usize == blocks[last]).then_some(out)
}

/// The span of the next record of `len` bytes, at `at` (block, offset) in blocks of these
/// lengths, and `at` moved past it: in the same block when it fits, else at the start of the
/// next one (which the record must fit, and the current block must be full).
fn step(at: &mut (u32, u32), len: u32, blocks: &[usize]) -> Option<Span> {
    let (b, o) = *at;
    let size = *blocks.get(b as usize)?;
    if o as usize + len as usize <= size {
        at.1 = o + len;
        return Some(Span {
            block: b,
            at: o,
            len,
        });
    }
    let next = *blocks.get(b as usize + 1)?;
    if o as usize != size || len as usize > next {
        return None;
    }
    *at = (b + 1, len);
    Some(Span {
        block: b + 1,
        at: 0,
        len,
    })
}

/// Records' bytes saved in blocks of about [`BLOCK`] bytes cut at record boundaries, each with
/// its checksum; built one at a time while written. Exactly one of `text` and `bytes` is set.
struct Blocks<'a> {
    spans: Vec<Span>,
    text: Option<&'a Texts>,
    bytes: Option<&'a Bytes>,
}

impl Blocks<'_> {
    /// The ends (in `spans`) of the blocks: a block takes records while they fit in
    /// [`BLOCK`] bytes, or one record when it alone is larger.
    fn ends(&self) -> Vec<usize> {
        let mut ends = Vec::new();
        let mut size = 0usize;
        for (i, sp) in self.spans.iter().enumerate() {
            let n = sp.len as usize;
            if size > 0 && size + n > BLOCK {
                ends.push(i);
                size = 0;
            }
            size += n;
        }
        if size > 0 {
            ends.push(self.spans.len());
        }
        ends
    }
}

impl Serialize for Blocks<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let ends = self.ends();
        let mut seq = s.serialize_seq(Some(ends.len()))?;
        let (mut text, mut bytes) = (String::new(), Vec::new());
        let mut from = 0usize;
        for end in ends {
            let spans = self.spans.get(from..end).unwrap_or(&[]);
            from = end;
            if let Some(t) = self.text {
                text.clear();
                for &sp in spans {
                    text.push_str(t.get(sp));
                }
                let sum = checksum(text.as_bytes());
                seq.serialize_element(&(TextChunk(Cow::Borrowed(&text)), sum))?;
            } else if let Some(b) = self.bytes {
                bytes.clear();
                for &sp in spans {
                    bytes.extend_from_slice(b.get(sp));
                }
                let sum = checksum(&bytes);
                seq.serialize_element(&(PackedChunk(Cow::Borrowed(&bytes)), sum))?;
            }
        }
        seq.end()
    }
}

/// (key, position) pairs saved in pieces of [`PAIRS`] pairs, each its bytes (key then position,
/// little-endian) and their checksum.
struct PairPieces(Vec<Filed>);

impl Serialize for PairPieces {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len().div_ceil(PAIRS)))?;
        let mut b = Vec::with_capacity(PAIRS.min(self.0.len()) * 12);
        for piece in self.0.chunks(PAIRS) {
            b.clear();
            for &Filed { key, slot } in piece {
                b.extend_from_slice(&key.to_le_bytes());
                b.extend_from_slice(&slot.to_le_bytes());
            }
            let sum = checksum(&b);
            seq.serialize_element(&(PackedChunk(Cow::Borrowed(&b)), sum))?;
        }
        seq.end()
    }
}

/// Pairs as read: keys and positions in two columns; `ok` false once a piece's checksum or
/// length is wrong.
struct ReadPairs {
    keys: Vec<u64>,
    slots: Vec<u32>,
    ok: bool,
}

impl Default for ReadPairs {
    fn default() -> ReadPairs {
        ReadPairs {
            keys: Vec::new(),
            slots: Vec::new(),
            ok: true,
        }
    }
}

impl ReadPairs {
    /// Appends a piece's pairs; returns its checksum.
    fn take(&mut self, b: &[u8]) -> u64 {
        if !b.len().is_multiple_of(12) {
            self.ok = false;
        }
        for p in b.chunks_exact(12) {
            let (k, s) = p.split_at(8);
            let mut key = [0u8; 8];
            key.copy_from_slice(k);
            let mut slot = [0u8; 4];
            slot.copy_from_slice(s);
            self.keys.push(u64::from_le_bytes(key));
            self.slots.push(u32::from_le_bytes(slot));
        }
        checksum(b)
    }
}

/// Reads saved pairs straight into a [`ReadPairs`] (no piece kept: with a streaming
/// deserializer a piece is read into its scratch and taken from there).
struct PairsSeed<'a>(&'a mut ReadPairs);

impl<'de> serde::de::DeserializeSeed<'de> for PairsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for PairsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("pieces of pairs")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // (a size hint is a count of pieces the input claims: reserved only as far as it
        // can be had)
        let hint = seq.size_hint().unwrap_or(0).min(1 << 8) * PAIRS;
        let _ = self.0.keys.try_reserve_exact(hint);
        let _ = self.0.slots.try_reserve_exact(hint);
        while seq.next_element_seed(PieceSeed(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// One piece: its bytes, then their checksum.
struct PieceSeed<'a>(&'a mut ReadPairs);

impl<'de> serde::de::DeserializeSeed<'de> for PieceSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_tuple(2, self)
    }
}

impl<'de> serde::de::Visitor<'de> for PieceSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a piece of pairs and its checksum")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        use serde::de::Error as _;
        let missing = || A::Error::custom("a piece is missing a part");
        let got = seq
            .next_element_seed(PieceBytes(&mut *self.0))?
            .ok_or_else(missing)?;
        let sum: u64 = seq.next_element()?.ok_or_else(missing)?;
        if got != sum {
            self.0.ok = false;
        }
        Ok(())
    }
}

/// A piece's bytes (base64 text in a human-readable format), taken into the pairs as read;
/// its value is their checksum.
struct PieceBytes<'a>(&'a mut ReadPairs);

impl<'de> serde::de::DeserializeSeed<'de> for PieceBytes<'_> {
    type Value = u64;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        if d.is_human_readable() {
            d.deserialize_str(self)
        } else {
            d.deserialize_byte_buf(self)
        }
    }
}

impl<'de> serde::de::Visitor<'de> for PieceBytes<'_> {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("pairs")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
        let b = packed::unbase64(v).ok_or_else(|| E::custom("not base64"))?;
        Ok(self.0.take(&b))
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<u64, E> {
        Ok(self.0.take(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        let mut b = Vec::new();
        while let Some(x) = seq.next_element::<u8>()? {
            b.push(x);
        }
        Ok(self.0.take(&b))
    }
}

/// A block of raw profiles as read: owned at once (it becomes a block of the state's buffer).
struct TextBlock(String);

impl<'de> Deserialize<'de> for TextBlock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TextBlock, D::Error> {
        String::deserialize(d).map(TextBlock)
    }
}

/// A block of packed records as read (base64 text in a human-readable format), owned at once.
struct ByteBlock(Vec<u8>);

impl<'de> Deserialize<'de> for ByteBlock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ByteBlock, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ByteBlock;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("packed records")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ByteBlock, E> {
                packed::unbase64(v)
                    .map(ByteBlock)
                    .ok_or_else(|| E::custom("not base64"))
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<ByteBlock, E> {
                Ok(ByteBlock(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<ByteBlock, E> {
                Ok(ByteBlock(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ByteBlock, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(ByteBlock(out))
            }
        }
        if d.is_human_readable() {
            d.deserialize_str(V)
        } else {
            d.deserialize_byte_buf(V)
        }
    }
}
#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::{checksum, cut, packed, ResolverState};
    use crate::Config;

    fn json(state: &ResolverState) -> serde_json::Value {
        let mut b = Vec::new();
        state
            .save(&mut serde_json::Serializer::new(&mut b))
            .unwrap();
        serde_json::from_slice(&b).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Saved records whose checksums match but whose bytes or lengths are wrong (record
        /// lengths moved between records, packed bytes, raw text or index pairs changed and
        /// the checksums computed again): an error, or a state consistent with itself; never a
        /// panic.
        #[test]
        fn forged_records_are_an_error_or_a_consistent_state(
            moves in prop::collection::vec((any::<Index>(), any::<Index>(), any::<bool>(), 0u32..40), 0..4),
            flips in prop::collection::vec((any::<Index>(), any::<u8>()), 0..6),
            edits in prop::collection::vec((any::<Index>(), prop::sample::select(vec!['a', '\t', '\\', '0', 'é', 'k'])), 0..4),
            pair_flips in prop::collection::vec((any::<bool>(), any::<Index>(), any::<u8>()), 0..4),
        ) {
            let people = crate::state::tests::varied();
            let state = ResolverState::from_profiles(Config::default(), None, &people).unwrap();
            let mut v = json(&state);
            for (a, b, raw, d) in moves {
                let col = v["records"][if raw { "raw_len" } else { "norm_len" }].as_array_mut().unwrap();
                let (a, b) = (a.index(col.len()), b.index(col.len()));
                let la = col[a].as_u64().unwrap();
                let d = u64::from(d).min(la);
                col[a] = (la - d).into();
                col[b] = (col[b].as_u64().unwrap() + d).into();
            }
            // Each block (or piece) changed in place, its checksum computed again.
            let reseal = |v: &mut serde_json::Value, at: &str, edit: &mut dyn FnMut(&mut Vec<u8>)| {
                for block in v[at].as_array_mut().unwrap() {
                    let mut bytes = packed::unbase64(block[0].as_str().unwrap()).unwrap();
                    edit(&mut bytes);
                    block[1] = checksum(&bytes).into();
                    block[0] = packed::base64(&bytes).into();
                }
            };
            reseal(&mut v, "packed_blocks", &mut |bytes| {
                if !bytes.is_empty() {
                    for &(at, x) in &flips {
                        let i = at.index(bytes.len());
                        bytes[i] = x;
                    }
                }
            });
            for (index, at, x) in pair_flips {
                reseal(&mut v, if index { "index" } else { "identities" }, &mut |bytes| {
                    if !bytes.is_empty() {
                        let i = at.index(bytes.len());
                        bytes[i] = x;
                    }
                });
            }
            for block in v["raw_blocks"].as_array_mut().unwrap() {
                let mut text: Vec<char> = block[0].as_str().unwrap().chars().collect();
                for &(at, c) in &edits {
                    let i = at.index(text.len());
                    text[i] = c;
                }
                let text: String = text.into_iter().collect();
                block[1] = checksum(text.as_bytes()).into();
                block[0] = text.into();
            }
            let bytes = serde_json::to_vec(&v).unwrap();
            if let Ok(loaded) = ResolverState::load(&mut serde_json::Deserializer::from_slice(&bytes)) {
                let clusters = loaded.clusters();
                let members: usize = clusters.iter().map(|c| c.records.len()).sum();
                prop_assert_eq!(members, loaded.len());
                for c in &clusters {
                    for r in &c.records {
                        prop_assert_eq!(loaded.cluster_of(&r.source, &r.record_id), Some(c.id));
                    }
                    prop_assert!(loaded.golden_record(c.id).is_some());
                }
            }
        }
    }

    #[test]
    fn buffers_past_the_block_limit_are_cut_at_chunk_boundaries() {
        // Chunks of 2 records; blocks below 10 bytes.
        let lens = [3, 3, 2, 2, 4, 1, 0, 0, 9];
        let (starts, blocks) = cut(&lens, 2, 10).unwrap();
        assert_eq!(starts, vec![(0, 0), (1, 0), (1, 4), (1, 9), (2, 0)]);
        assert_eq!(blocks, vec![0..6, 6..15, 15..24]);
        // One block when all fits; a chunk alone past the limit is refused.
        let (_, whole) = cut(&lens, 2, 100).unwrap();
        assert_eq!((whole.len(), whole[0].clone()), (1, 0..24));
        assert!(cut(&lens, 9, 10).is_none());
        let (starts, blocks) = cut(&[], 2, 10).unwrap();
        assert!(starts.is_empty());
        assert_eq!((blocks.len(), blocks[0].clone()), (1, 0..0));
    }
}

/// Version 3 as it was written, for the tests that older files still load.
#[cfg(test)]
pub(super) mod v3 {
    use super::*;

    #[derive(Serialize)]
    struct SavedRefV3<'a> {
        format: &'a str,
        version: u32,
        config: &'a Config,
        model: SavedModelRef<'a>,
        generic: &'a GenericKeys,
        next_seq: u64,
        next_cluster: u64,
        sources: Vec<&'a str>,
        records: RecordsV3<'a>,
        normalized: Vec<PackedChunk<'a>>,
        links: Vec<(u32, u32, f64)>,
        clusters: Vec<SavedCluster>,
        tf: Vec<PackedChunk<'a>>,
    }

    #[derive(Serialize)]
    struct RecordsV3<'a> {
        source: Vec<u32>,
        seq: Vec<u64>,
        raw: Vec<&'a str>,
    }

    /// The state saved as version 3 wrote it.
    pub(in crate::state) fn save<S: Serializer>(
        state: &ResolverState,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let parts = state.saved_parts();
        let live: Vec<&[u8]> = parts
            .order
            .iter()
            .map(|(_, _, s)| match s.whole {
                Some(_) => &[0u8][..],
                None => state.norms.get(s.norm),
            })
            .collect();
        let normalized: Vec<PackedChunk> = live
            .chunks(packed::CHUNK)
            .map(|c| PackedChunk(Cow::Owned(packed::chunk(c))))
            .collect();
        SavedRefV3 {
            format: FORMAT,
            version: 3,
            config: &state.config,
            model: SavedModelRef::of(&state.model),
            generic: &state.generic,
            next_seq: state.next_seq,
            next_cluster: state.next_cluster,
            sources: parts.sources,
            records: RecordsV3 {
                source: parts.source,
                seq: parts.order.iter().map(|x| x.0).collect(),
                raw: parts
                    .order
                    .iter()
                    .map(|(_, _, s)| state.texts.get(s.raw))
                    .collect(),
            },
            normalized,
            links: parts.links,
            clusters: parts.clusters,
            tf: parts.tf,
        }
        .serialize(serializer)
    }
}

/// Version 4 as it was written, for the tests that older files still load.
#[cfg(test)]
pub(super) mod v4 {
    use super::*;

    #[derive(Serialize)]
    struct SavedRefV4<'a> {
        format: &'a str,
        version: u32,
        config: &'a Config,
        model: SavedModelRef<'a>,
        generic: &'a GenericKeys,
        next_seq: u64,
        next_cluster: u64,
        sources: Vec<&'a str>,
        records: Columns,
        raw: SavedText<'a>,
        normalized: SavedBytes<'a>,
        links: Vec<(u32, u32, f64)>,
        clusters: Vec<SavedCluster>,
        tf: Vec<PackedChunk<'a>>,
    }

    /// A state that serializes as version 4 wrote it.
    pub(in crate::state) struct Postcard<'a>(pub(in crate::state) &'a ResolverState);

    impl Serialize for Postcard<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            save(self.0, s)
        }
    }

    /// The state saved as version 4 wrote it.
    pub(in crate::state) fn save<S: Serializer>(
        state: &ResolverState,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let parts = state.saved_parts();
        let mut columns = Columns {
            source: parts.source,
            seq: Vec::new(),
            raw_len: Vec::new(),
            norm_len: Vec::new(),
        };
        let (mut text, mut bytes) = (String::new(), Vec::new());
        for &(seq, _, slot) in &parts.order {
            columns.seq.push(seq);
            columns.raw_len.push(slot.raw.len);
            text.push_str(state.texts.get(slot.raw));
            columns.norm_len.push(match slot.whole {
                Some(_) => 0,
                None => {
                    bytes.extend_from_slice(state.norms.get(slot.norm));
                    slot.norm.len
                }
            });
        }
        let sums = |b: &[u8]| -> Vec<u64> { b.chunks(PIECE).map(checksum).collect() };
        SavedRefV4 {
            format: FORMAT,
            version: 4,
            config: &state.config,
            model: SavedModelRef::of(&state.model),
            generic: &state.generic,
            next_seq: state.next_seq,
            next_cluster: state.next_cluster,
            sources: parts.sources,
            records: columns,
            raw: SavedText {
                sums: sums(text.as_bytes()),
                text: TextChunk(Cow::Owned(text)),
            },
            normalized: SavedBytes {
                sums: sums(&bytes),
                bytes: PackedChunk(Cow::Owned(bytes)),
            },
            links: parts.links,
            clusters: parts.clusters,
            tf: parts.tf,
        }
        .serialize(serializer)
    }
}
