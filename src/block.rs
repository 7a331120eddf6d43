//! Blocking: candidate pairs from shared keys, never all pairs.
//!
//! A [`BlockingRule`] maps a normalized profile to zero or more 64-bit keys; two records are
//! candidates when they share a key under any rule. Each rule's index is built by sorting
//! `(key, record)` entries (linear memory, deterministic); a block larger than
//! [`BlockingConfig::max_block_size`] is never expanded (a placeholder phone, `test@test.com`,
//! a family email) but reported in [`BlockingStats::oversized`]. Every candidate pair is produced
//! exactly once: in a block of rule *k* a pair is skipped when an earlier rule, or a smaller
//! key of the same rule, already produces it (Splink's trick, without a global pair set).
//!
//! Cost: O(n log n) to index n records, plus O(pairs) to enumerate; at most
//! `max_block_size² / 2` pairs per block.

use std::fmt;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::hash::{combine, hash_str};
use crate::profile::NormalizedProfile;

/// Which record pairs are compared.
///
/// ```
/// assert_eq!(selfsame::Mode::default(), selfsame::Mode::Dedupe);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// All pairs, whatever their sources (one data set).
    #[default]
    Dedupe,
    /// Only pairs from different sources.
    Link,
    /// Pairs within and across sources (same candidates as `Dedupe`; kept for clarity).
    LinkAndDedupe,
}

/// One part of a blocking key. A rule's key is the combination of its parts; multi-valued parts
/// (several emails, nickname groups) give several keys.
///
/// ```
/// use selfsame::block::{BlockKey, BlockingRule};
/// let r = BlockingRule::new("name+city", vec![BlockKey::FamilyName, BlockKey::GivenInitial, BlockKey::City]);
/// assert_eq!(r.name, "name+city");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BlockKey {
    /// Folded given name.
    GivenName,
    /// Nickname groups of the given name (the folded name itself when it is in no group).
    GivenGroup,
    /// First letter of the given name.
    GivenInitial,
    /// Folded family name.
    FamilyName,
    /// Phonetic key of the family name.
    FamilyPhonetic,
    /// First three characters of the family name.
    FamilyPrefix,
    /// Postcode of each address.
    Postcode,
    /// City of each address.
    City,
    /// Canonical key of each address.
    AddressKey,
    /// Year of birth.
    BirthYear,
    /// Full date of birth.
    BirthDate,
    /// Canonical email.
    Email,
    /// Canonical local part of each email (at least 4 characters).
    EmailLocal,
    /// The two halves of each email's canonical local part (at least 8 characters), with its
    /// length and domain: one typo (a letter changed, swapped, added or dropped) leaves one half
    /// intact, so `stephanie.barton@…` and `stpehanie.barton@…` share a key where the address
    /// and the local part differ. A rule with this part expands only blocks of at most 12
    /// records: a half many records share is a name (`jennifer` of 16-letter addresses).
    EmailEnds,
    /// Each phone's national number (of eight digits or more) with one window of digits left
    /// out, four keys with its country code and length: without its first three digits (the
    /// NANP area code), without the next three (the exchange), without the first or the last
    /// two of its last four. A wrong digit falls in one window and leaves that key intact
    /// (`882 423 1742` / `882 823 1742` share `882 ··· 1742`). Like [`BlockKey::EmailEnds`],
    /// a rule with this part expands only blocks of at most 12 records: a part many records
    /// share is an exchange, not a typo. Not a default rule: where customers share a few area codes (a
    /// regional business, or a million records) most numbers have another customer's number
    /// one digit away, so the pairs it adds are mostly different people; add it for small or
    /// heavily mistyped data (`BlockingRule::new("phone_parts", vec![BlockKey::PhoneParts])`).
    PhoneParts,
    /// House number with the first four letters of the street name (its first word of three
    /// letters or more), without postcode or suffix: `4497 Zachary Ldoge` with no postcode and
    /// `4497 Zachary Lodge, 09334` share it. Expands only blocks of at most 12 records, like
    /// [`BlockKey::EmailEnds`].
    HouseStreet,
    /// E.164 phone.
    Phone,
    /// External identifier (kind and value).
    Identifier,
    /// Given and family name as an unordered pair, so a record with the two swapped shares
    /// the key.
    NameSet,
    /// Consonant skeletons of the given and the family name, for records that have them (names
    /// in Persian or Thai script, and Latin names of records from Iran, Afghanistan or
    /// Thailand): the same customer typed in two scripts shares the key.
    NameSkeleton,
    /// The exact values of custom comparison `k` (its position in
    /// [`crate::Config::comparisons`]): folded text, a date, or a number. A position past the
    /// configured comparisons is a configuration error.
    Custom(u8),
}

/// A user-supplied key function for a custom rule.
///
/// ```
/// use selfsame::block::{BlockingRule, KeyFn};
/// let rule = BlockingRule::custom("dob", KeyFn::new(|p, keys| {
///     if let Some(d) = p.date_of_birth { keys.push(u64::from(d.year) << 16 | u64::from(d.month) << 8 | u64::from(d.day)); }
/// }));
/// assert!(rule.custom.is_some());
/// ```
#[derive(Clone)]
#[allow(clippy::type_complexity)]
pub struct KeyFn(pub Arc<dyn Fn(&NormalizedProfile, &mut SmallVec<[u64; 4]>) + Send + Sync>);

impl KeyFn {
    /// Wraps a closure that pushes the record's keys.
    pub fn new(
        f: impl Fn(&NormalizedProfile, &mut SmallVec<[u64; 4]>) + Send + Sync + 'static,
    ) -> KeyFn {
        KeyFn(Arc::new(f))
    }
}

impl fmt::Debug for KeyFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyFn(..)")
    }
}

/// A blocking rule: a name and either a combination of [`BlockKey`] parts or a custom key function.
///
/// ```
/// use selfsame::block::BlockingRule;
/// let rules = BlockingRule::defaults();
/// assert_eq!(rules[0].name, "email");
/// ```
///
/// Rules are plain data: a rule of key parts serializes and reads back exactly. A rule with a key
/// function cannot be serialized (serializing it is an error, so a saved configuration never
/// silently loses it), and a rule read back with no key parts is an error, never a rule that puts
/// every record in one block:
///
/// ```
/// use selfsame::block::{BlockKey, BlockingRule, KeyFn};
/// let r = BlockingRule::new("city+dob", vec![BlockKey::City, BlockKey::BirthDate]);
/// let json = serde_json::to_string(&r).unwrap();
/// assert_eq!(serde_json::from_str::<BlockingRule>(&json).unwrap().keys, r.keys);
/// let f = BlockingRule::custom("f", KeyFn::new(|_, _| {}));
/// assert!(serde_json::to_string(&f).is_err());
/// assert!(serde_json::from_str::<BlockingRule>(r#"{"name":"all","keys":[]}"#).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct BlockingRule {
    /// Name, used in statistics.
    pub name: String,
    /// Parts combined into the key (ignored when `custom` is set).
    pub keys: Vec<BlockKey>,
    /// A custom key function (cannot be serialized).
    pub custom: Option<KeyFn>,
}

/// The serialized form of a [`BlockingRule`]: its name and key parts.
#[derive(Serialize, Deserialize)]
struct RuleData {
    name: String,
    keys: Vec<BlockKey>,
}

impl Serialize for BlockingRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.custom.is_some() {
            return Err(serde::ser::Error::custom(format!(
                "blocking rule {:?} has a key function, which cannot be serialized",
                self.name
            )));
        }
        RuleData {
            name: self.name.clone(),
            keys: self.keys.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for BlockingRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = RuleData::deserialize(d)?;
        if r.keys.is_empty() {
            return Err(serde::de::Error::custom(format!(
                "blocking rule {:?} has no key parts",
                r.name
            )));
        }
        Ok(BlockingRule::new(r.name, r.keys))
    }
}

impl BlockingRule {
    /// A rule combining the given parts.
    pub fn new(name: impl Into<String>, keys: Vec<BlockKey>) -> BlockingRule {
        BlockingRule {
            name: name.into(),
            keys,
            custom: None,
        }
    }

    /// A rule with a custom key function.
    pub fn custom(name: impl Into<String>, f: KeyFn) -> BlockingRule {
        BlockingRule {
            name: name.into(),
            keys: Vec::new(),
            custom: Some(f),
        }
    }

    /// The built-in rules, all on by default: canonical email; E.164 phone; external identifier;
    /// family-name phonetic key + postcode; given-name nickname group + family-name prefix +
    /// birth year; canonical address key; email local part; the two ends of the email local part
    /// (an email with one typo); given-name nickname group + family
    /// name; family-name phonetic key + date of birth; postcode + date of birth; given-name
    /// nickname group + date of birth; name skeleton (across scripts); given-name nickname group +
    /// postcode (these three reach records whose family name is missing, misspelt or swapped);
    /// house number + street prefix (an address with a typo in its suffix or postcode, or none).
    /// [`BlockKey::PhoneParts`] is not among them: see its documentation.
    pub fn defaults() -> Vec<BlockingRule> {
        use BlockKey::*;
        vec![
            BlockingRule::new("email", vec![Email]),
            BlockingRule::new("phone", vec![Phone]),
            BlockingRule::new("identifier", vec![Identifier]),
            BlockingRule::new("family_phonetic+postcode", vec![FamilyPhonetic, Postcode]),
            BlockingRule::new(
                "given_group+family_prefix+birth_year",
                vec![GivenGroup, FamilyPrefix, BirthYear],
            ),
            BlockingRule::new("address", vec![AddressKey]),
            BlockingRule::new("email_local", vec![EmailLocal]),
            BlockingRule::new("email_ends", vec![EmailEnds]),
            BlockingRule::new("given_group+family", vec![GivenGroup, FamilyName]),
            BlockingRule::new("name_set", vec![NameSet]),
            BlockingRule::new(
                "family_phonetic+birth_date",
                vec![FamilyPhonetic, BirthDate],
            ),
            BlockingRule::new("postcode+birth_date", vec![Postcode, BirthDate]),
            BlockingRule::new("given_group+birth_date", vec![GivenGroup, BirthDate]),
            BlockingRule::new("name_skeleton", vec![NameSkeleton]),
            BlockingRule::new("given_group+postcode", vec![GivenGroup, Postcode]),
            BlockingRule::new("house+street_prefix", vec![HouseStreet]),
        ]
    }

    /// The largest block this rule expands under the configured cap `cap`: halves of email
    /// local parts ([`BlockKey::EmailEnds`]) find typos only in small blocks, since a half many
    /// records share is a name (`jennifer` of 16-letter addresses), not a typo; so do parts of
    /// phone numbers and house number + street prefix.
    pub(crate) fn cap(&self, cap: usize) -> usize {
        let typo_part = |k: &BlockKey| {
            matches!(
                k,
                BlockKey::EmailEnds | BlockKey::PhoneParts | BlockKey::HouseStreet
            )
        };
        if self.custom.is_none() && self.keys.iter().any(typo_part) {
            cap.clamp(2, TYPO_PART_CAP)
        } else {
            cap.max(2)
        }
    }

    /// Appends this rule's keys for one record (already combined, salted with the rule's position).
    fn keys_of(&self, salt: u64, parts: &mut PartCache<'_>, out: &mut SmallVec<[u64; 4]>) {
        if let Some(f) = &self.custom {
            let start = out.len();
            f.0(parts.record, out);
            for k in &mut out[start..] {
                *k = combine(salt, *k);
            }
            return;
        }
        // The keys so far (the salt combined with each value of the parts so far), first ones
        // kept when multi-valued parts multiply past the cap.
        let mut acc = [0u64; MAX_KEYS_PER_RECORD];
        acc[0] = salt;
        let mut n = 1;
        for part in &self.keys {
            match *parts.get(*part) {
                [] => return,
                [v] => acc[..n].iter_mut().for_each(|a| *a = combine(*a, v)),
                ref vals => {
                    let mut next = [0u64; MAX_KEYS_PER_RECORD];
                    let mut m = 0;
                    for a in &acc[..n] {
                        for v in vals {
                            if m < MAX_KEYS_PER_RECORD {
                                next[m] = combine(*a, *v);
                                m += 1;
                            }
                        }
                    }
                    acc = next;
                    n = m;
                }
            }
        }
        out.extend_from_slice(&acc[..n]);
    }
}

/// Byte offset of character `k` of `s` (its length when `k` is past the end).
fn char_offset(s: &str, k: usize) -> usize {
    s.char_indices().nth(k).map_or(s.len(), |(i, _)| i)
}

/// Shortest local part [`BlockKey::EmailEnds`] keys.
const EMAIL_HALVES_MIN: usize = 8;
/// Largest block a rule with a typo-finding part ([`BlockKey::EmailEnds`],
/// [`BlockKey::PhoneParts`], [`BlockKey::HouseStreet`]) expands.
pub(crate) const TYPO_PART_CAP: usize = 12;

/// Cap on keys one record yields under one rule (multi-valued parts multiply).
const MAX_KEYS_PER_RECORD: usize = 16;

/// Number of [`BlockKey`] parts (the built-in ones, then one per possible custom comparison).
const PARTS: usize = 20 + crate::compare::MAX_CUSTOM;

fn part_index(part: BlockKey) -> usize {
    use BlockKey::*;
    match part {
        GivenName => 0,
        GivenGroup => 1,
        GivenInitial => 2,
        FamilyName => 3,
        FamilyPhonetic => 4,
        FamilyPrefix => 5,
        Postcode => 6,
        City => 7,
        AddressKey => 8,
        BirthYear => 9,
        BirthDate => 10,
        Email => 11,
        EmailLocal => 12,
        Phone => 13,
        Identifier => 14,
        NameSet => 15,
        NameSkeleton => 16,
        EmailEnds => 17,
        PhoneParts => 18,
        HouseStreet => 19,
        Custom(k) => 20 + usize::from(k).min(crate::compare::MAX_CUSTOM - 1),
    }
}

/// The values of each key part of one record, each computed when a rule first asks for it
/// (rules share parts: nickname group, date of birth, phonetic key, postcode).
struct PartCache<'a> {
    record: &'a NormalizedProfile,
    done: u32,
    /// Part `x`'s values are `values[ranges[x].0..ranges[x].1]`.
    ranges: [(u32, u32); PARTS],
    values: Vec<u64>,
}

impl<'a> PartCache<'a> {
    fn new(record: &'a NormalizedProfile) -> PartCache<'a> {
        PartCache {
            record,
            done: 0,
            ranges: [(0, 0); PARTS],
            values: Vec::new(),
        }
    }

    fn set(&mut self, record: &'a NormalizedProfile) {
        self.record = record;
        self.done = 0;
        self.values.clear();
    }

    fn get(&mut self, part: BlockKey) -> &[u64] {
        let x = part_index(part);
        if self.done & (1 << x) == 0 {
            self.done |= 1 << x;
            let start = self.values.len();
            part_values(part, self.record, &mut self.values);
            self.ranges[x] = (start as u32, self.values.len() as u32);
        }
        let (a, b) = self.ranges[x];
        &self.values[a as usize..b as usize]
    }
}

/// Appends one part's values for a record to `out`, sorted and distinct.
fn part_values(part: BlockKey, p: &NormalizedProfile, out: &mut Vec<u64>) {
    use BlockKey::*;
    let start = out.len();
    match part {
        GivenName => {
            if let Some(g) = &p.given {
                out.push(g.hash);
            }
        }
        GivenGroup => {
            if let Some(g) = &p.given {
                if g.is_initial() {
                    return;
                }
                if g.groups.is_empty() {
                    // The name's tag, as a record that wrote it as a nickname carries it.
                    let tag = crate::normalize::name::name_tag(g.hash);
                    out.push(combine(0x0067_726f_7570, u64::from(tag)));
                } else {
                    for id in &g.groups {
                        out.push(combine(0x0067_726f_7570, u64::from(*id)));
                    }
                }
            }
        }
        GivenInitial => {
            if let Some(c) = p.given.as_ref().and_then(|g| g.initial()) {
                out.push(u64::from(c));
            }
        }
        FamilyName => {
            if let Some(f) = &p.family {
                out.push(f.hash);
            }
        }
        FamilyPhonetic => {
            if let Some(f) = &p.family {
                out.push(f.phonetic);
            }
        }
        FamilyPrefix => {
            if let Some(f) = &p.family {
                let end = f
                    .text
                    .char_indices()
                    .nth(3)
                    .map_or(f.text.len(), |(i, _)| i);
                out.push(hash_str(&f.text[..end]));
            }
        }
        Postcode => {
            for a in &p.addresses {
                if a.postcode != 0 {
                    out.push(a.postcode);
                }
            }
        }
        City => {
            for a in &p.addresses {
                if a.city != 0 {
                    out.push(a.city);
                }
            }
        }
        AddressKey => {
            for a in &p.addresses {
                if a.house != 0 && !a.generic {
                    out.push(a.hash);
                }
            }
        }
        BirthYear => {
            if let Some(d) = p.date_of_birth {
                out.push(u64::from(d.year));
            }
        }
        BirthDate => {
            if let Some(d) = p.date_of_birth {
                out.push((u64::from(d.year) << 16) | (u64::from(d.month) << 8) | u64::from(d.day));
            }
        }
        Email => {
            for e in &p.emails {
                if !e.generic {
                    out.push(e.hash);
                }
            }
        }
        EmailLocal => {
            for e in &p.emails {
                // `at` is the local part's length (`local()` without reading the text).
                if e.at >= 4 && !e.generic && !e.generic_local {
                    out.push(e.local_hash);
                    // A tagged local part (`jo.lee+shop`) also meets its mailbox's other forms.
                    let base = crate::compare::mailbox_base(e.local()).filter(|b| b.len() >= 4);
                    if let Some(base) = base {
                        out.push(crate::hash::hash_str(base));
                    }
                    // At a mistyped Gmail domain, the mailbox as `gmail.com` spells it.
                    if let Some(gmail) = crate::compare::mistyped_gmail_local(e) {
                        if gmail.len() >= 4 {
                            out.push(crate::hash::hash_str(&gmail));
                        }
                    }
                }
            }
        }
        EmailEnds => {
            for e in &p.emails {
                if e.generic || e.generic_local {
                    continue;
                }
                let local = e.local();
                let n = local.chars().count();
                if n < EMAIL_HALVES_MIN {
                    continue;
                }
                // Its own halves, and the halves a local part one letter longer shares with it
                // when that letter is in the other half: a changed, swapped, added or dropped
                // letter leaves one half of the longer address intact.
                for len in [n, n + 1] {
                    let head = char_offset(local, len / 2);
                    let tail = char_offset(local, n - (len - len / 2));
                    let tag = combine(len as u64, e.domain_hash);
                    out.push(combine(tag, crate::hash::hash_str(&local[..head])));
                    out.push(combine(tag ^ 1, crate::hash::hash_str(&local[tail..])));
                }
            }
        }
        Phone => {
            for ph in &p.phones {
                if !ph.generic {
                    out.push(ph.e164);
                }
            }
        }
        PhoneParts => {
            for ph in &p.phones {
                let n = ph.national;
                let len = n.checked_ilog10().map_or(0, |l| l + 1);
                if ph.generic || len < 8 {
                    continue;
                }
                // The number with one window of digits left out (digits counted from the
                // left): the area code, the exchange, and each half of the last four.
                let tag = combine(u64::from(ph.country_code), u64::from(len));
                for (w, (lo, hi)) in [(0, 3), (3, 6), (len - 4, len - 2), (len - 2, len)]
                    .into_iter()
                    .enumerate()
                {
                    let (head, tail) = (10u64.pow(len - lo), 10u64.pow(len - hi));
                    out.push(combine(tag ^ w as u64, (n / head) * tail + n % tail));
                }
            }
        }
        HouseStreet => {
            for a in &p.addresses {
                if a.generic || a.house == 0 {
                    continue;
                }
                let Some(word) = a.street.split(' ').find(|w| w.chars().count() >= 3) else {
                    continue;
                };
                let prefix = &word[..char_offset(word, 4)];
                out.push(combine(a.house, crate::hash::hash_str(prefix)));
            }
        }
        Identifier => {
            for i in &p.identifiers {
                out.push(i.hash);
            }
        }
        NameSkeleton => {
            if let (Some(g), Some(f)) = (&p.given, &p.family) {
                if g.skeleton != 0 && f.skeleton != 0 {
                    out.push(combine(g.skeleton, f.skeleton));
                }
            }
        }
        NameSet => {
            if let (Some(g), Some(f)) = (&p.given, &p.family) {
                if !g.is_initial() && g.hash != f.hash {
                    out.push(combine(g.hash.min(f.hash), g.hash.max(f.hash)));
                }
            }
        }
        Custom(k) => {
            use crate::compare::CustomValue;
            for v in p.custom.get(usize::from(k)).into_iter().flatten() {
                out.push(match v {
                    CustomValue::Text { hash, .. } => *hash,
                    CustomValue::Date(d) => combine(
                        0x6461_7465,
                        (u64::from(d.year) << 16) | (u64::from(d.month) << 8) | u64::from(d.day),
                    ),
                    // +0.0 and -0.0 are one number.
                    CustomValue::Number(x) => combine(0x006e_756d, (x + 0.0).to_bits()),
                });
            }
        }
    }
    if out.len() - start > 1 {
        out[start..].sort_unstable();
        let mut kept = start + 1;
        for r in start + 1..out.len() {
            if out[r] != out[kept - 1] {
                out[kept] = out[r];
                kept += 1;
            }
        }
        out.truncate(kept);
    }
}

/// Blocking configuration.
///
/// ```
/// use selfsame::block::BlockingConfig;
/// let cfg = BlockingConfig::default().with_max_block_size(200);
/// assert_eq!(cfg.max_block_size, 200);
/// assert_eq!(cfg.rules.len(), 16);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct BlockingConfig {
    /// The rules, in order (earlier rules own the pairs they produce).
    pub rules: Vec<BlockingRule>,
    /// Blocks with more records than this are not expanded. Default 1,000.
    pub max_block_size: usize,
}

impl Default for BlockingConfig {
    fn default() -> Self {
        BlockingConfig {
            rules: BlockingRule::defaults(),
            max_block_size: 1000,
        }
    }
}

impl BlockingConfig {
    /// Sets the block-size cap.
    pub fn with_max_block_size(mut self, n: usize) -> Self {
        self.max_block_size = n;
        self
    }

    /// Replaces the rules.
    ///
    /// ```
    /// use selfsame::block::{BlockingConfig, BlockingRule, BlockKey};
    /// let cfg = BlockingConfig::default().with_rules(vec![BlockingRule::new("phone", vec![BlockKey::Phone])]);
    /// assert_eq!(cfg.rules.len(), 1);
    /// ```
    pub fn with_rules(mut self, rules: Vec<BlockingRule>) -> Self {
        self.rules = rules;
        self
    }

    /// Adds a rule after the existing ones.
    ///
    /// ```
    /// use selfsame::block::{BlockingConfig, BlockingRule, BlockKey};
    /// let cfg = BlockingConfig::default().with_rule(BlockingRule::new("city+family", vec![BlockKey::City, BlockKey::FamilyName]));
    /// assert_eq!(cfg.rules.last().unwrap().name, "city+family");
    /// ```
    pub fn with_rule(mut self, rule: BlockingRule) -> Self {
        self.rules.push(rule);
        self
    }
}

/// A block that was too large to expand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OversizedBlock {
    /// The rule's name.
    pub rule: String,
    /// Number of records sharing the key.
    pub size: usize,
}

/// Per-rule blocking figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleStats {
    /// The rule's name.
    pub rule: String,
    /// Records with at least one key under this rule.
    pub records_keyed: usize,
    /// Distinct keys shared by two or more records.
    pub blocks: usize,
    /// Largest block expanded.
    pub largest_block: usize,
    /// Pairs this rule contributes that no earlier rule produced.
    pub new_pairs: u64,
}

/// Blocking figures: what a long run would compare, per rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockingStats {
    /// One entry per rule, in rule order.
    pub rules: Vec<RuleStats>,
    /// Total candidate pairs (each counted once).
    pub total_pairs: u64,
    /// Blocks skipped for exceeding the cap, largest first.
    pub oversized: Vec<OversizedBlock>,
}

/// A built blocking index over a set of normalized profiles.
///
/// ```
/// use selfsame::{block::{BlockIndex, BlockingConfig}, normalize::normalize_profile, Mode, Profile};
/// let cfg = Default::default();
/// let recs: Vec<_> = [
///     Profile::new("a", "1").with_email("ann@example.com"),
///     Profile::new("b", "2").with_email("ANN@example.com").with_phone("4155550134"),
///     Profile::new("c", "3").with_phone("(415) 555-0134"),
/// ].iter().map(|p| normalize_profile(p, &cfg)).collect();
/// let index = BlockIndex::build(&recs, &BlockingConfig::default());
/// let (pairs, stats) = index.pairs(&[0, 1, 2], Mode::Dedupe);
/// assert_eq!(pairs, vec![(0, 1), (1, 2)]);
/// assert_eq!(stats.total_pairs, 2);
/// ```
pub struct BlockIndex {
    rules: Vec<RuleIndex>,
}

struct RuleIndex {
    name: String,
    /// Records of the kept blocks (2..=cap records), block after block in key order, each
    /// block's records ascending.
    members: Vec<u32>,
    /// Block `b` is `members[starts[b]..starts[b + 1]]`.
    starts: Vec<u32>,
    largest_block: usize,
    oversized: Vec<usize>,
    records_keyed: usize,
}

impl RuleIndex {
    fn blocks(&self) -> usize {
        self.starts.len() - 1
    }

    fn block(&self, b: usize) -> &[u32] {
        &self.members[self.starts[b] as usize..self.starts[b + 1] as usize]
    }
}

impl BlockIndex {
    /// Builds the index: keys for every record under every rule (in parallel), then one sort per rule.
    pub fn build(records: &[NormalizedProfile], cfg: &BlockingConfig) -> BlockIndex {
        BlockIndex::build_heads(records, cfg, &[])
    }

    /// Builds the index over the records that head their group of exact duplicates
    /// (`duplicates[i] == i`, from [`crate::guard::Guard::exact_duplicates`]); the others get no
    /// keys, so a block of identical records costs one record. An empty `duplicates` keeps all.
    pub fn build_heads(
        records: &[NormalizedProfile],
        cfg: &BlockingConfig,
        duplicates: &[u32],
    ) -> BlockIndex {
        let cap = cfg.max_block_size.max(2);
        let keys = extract_keys(records, &cfg.rules, duplicates);
        let rules = keys
            .into_iter()
            .zip(&cfg.rules)
            .map(|(chunks, rule)| {
                // Halves of email local parts find typos only in small blocks: a half many
                // records share is a name (`jennifer` of 16-letter addresses), not a typo.
                index_rule(rule, chunks, rule.cap(cap))
            })
            .collect();
        BlockIndex { rules }
    }

    /// Enumerates candidate pairs `(i, j)` with `i < j`, each once, sorted; `sources[i]` is the
    /// source of record `i` (used by [`Mode::Link`]).
    pub fn pairs(&self, sources: &[u32], mode: Mode) -> (Vec<(u32, u32)>, BlockingStats) {
        let (ranges, stats) = self.walk(sources, mode);
        let mut all = Vec::with_capacity(stats.total_pairs as usize);
        for range in &ranges {
            all.extend(range.iter().map(|&p| ((p >> 32) as u32, p as u32)));
        }
        (all, stats)
    }

    /// The pairs of each rule on its own (each list sorted and distinct, `i << 32 | j` packed
    /// as in [`BlockIndex::pairs`] but unpacked here), in rule order: what each rule finds,
    /// including pairs an earlier rule also finds. For evaluation (blocking recall per rule).
    pub fn pairs_per_rule(&self, sources: &[u32], mode: Mode) -> Vec<Vec<(u32, u32)>> {
        self.rules
            .iter()
            .map(|rule| {
                rule_pairs(rule, sources, mode)
                    .into_iter()
                    .map(|p| ((p >> 32) as u32, p as u32))
                    .collect()
            })
            .collect()
    }

    /// Counts candidate pairs per rule without keeping them.
    pub fn stats(&self, sources: &[u32], mode: Mode) -> BlockingStats {
        self.walk(sources, mode).1
    }

    /// The candidate pairs (packed `i << 32 | j`, sorted, in consecutive ranges) and the figures.
    /// Each rule's pairs are sorted and deduplicated (two records may share several of its keys),
    /// then the rules are merged in order: a pair is new for the first rule that produces it.
    fn walk(&self, sources: &[u32], mode: Mode) -> (Vec<Vec<u64>>, BlockingStats) {
        let per_rule: Vec<Vec<u64>> = self
            .rules
            .iter()
            .map(|rule| rule_pairs(rule, sources, mode))
            .collect();
        let (ranges, new_pairs) = merge_rules(&per_rule);
        drop(per_rule);
        let mut stats = BlockingStats::default();
        for (rule, &new) in self.rules.iter().zip(&new_pairs) {
            stats.rules.push(RuleStats {
                rule: rule.name.clone(),
                records_keyed: rule.records_keyed,
                blocks: rule.blocks(),
                largest_block: rule.largest_block,
                new_pairs: new,
            });
            stats.total_pairs += new;
            for &size in &rule.oversized {
                stats.oversized.push(OversizedBlock {
                    rule: rule.name.clone(),
                    size,
                });
            }
        }
        stats
            .oversized
            .sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.rule.cmp(&b.rule)));
        (ranges, stats)
    }
}

/// All pairs of one rule's blocks, packed `i << 32 | j` (`i < j`), sorted and distinct.
fn rule_pairs(rule: &RuleIndex, sources: &[u32], mode: Mode) -> Vec<u64> {
    let link = mode == Mode::Link;
    let mut pairs: Vec<u64> = (0..rule.blocks())
        .into_par_iter()
        .flat_map_iter(|b| {
            let block = rule.block(b);
            block.iter().enumerate().flat_map(move |(x, &i)| {
                block[x + 1..].iter().filter_map(move |&j| {
                    if link && sources[i as usize] == sources[j as usize] {
                        None
                    } else {
                        Some((u64::from(i) << 32) | u64::from(j))
                    }
                })
            })
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// Number of value ranges the rules' pair lists are merged in (in parallel).
const MERGE_RANGES: usize = 64;

/// Merges the rules' sorted pair lists: the union, sorted, in consecutive ranges, and per rule the
/// number of its pairs no earlier rule has.
fn merge_rules(per_rule: &[Vec<u64>]) -> (Vec<Vec<u64>>, Vec<u64>) {
    // Range bounds from the longest list, so the ranges are about even; any bounds give the same
    // union and counts.
    let longest = per_rule.iter().max_by_key(|p| p.len());
    let mut bounds: Vec<u64> = match longest {
        Some(l) if !l.is_empty() => (1..MERGE_RANGES)
            .map(|t| l[l.len() * t / MERGE_RANGES])
            .collect(),
        _ => Vec::new(),
    };
    bounds.dedup();
    let range_count = bounds.len() + 1;
    let results: Vec<(Vec<u64>, Vec<u64>)> = (0..range_count)
        .into_par_iter()
        .map(|t| {
            let lo = if t == 0 { None } else { Some(bounds[t - 1]) };
            let hi = bounds.get(t).copied();
            let mut counts = vec![0u64; per_rule.len()];
            let mut cur: Vec<u64> = Vec::new();
            let mut next: Vec<u64> = Vec::new();
            for (k, pairs) in per_rule.iter().enumerate() {
                let a = lo.map_or(0, |lo| pairs.partition_point(|&p| p < lo));
                let b = hi.map_or(pairs.len(), |hi| pairs.partition_point(|&p| p < hi));
                let part = &pairs[a..b];
                if part.is_empty() {
                    continue;
                }
                if cur.is_empty() {
                    cur.extend_from_slice(part);
                    counts[k] = part.len() as u64;
                    continue;
                }
                next.clear();
                next.reserve(cur.len() + part.len());
                let (mut x, mut y) = (0, 0);
                while x < cur.len() && y < part.len() {
                    match cur[x].cmp(&part[y]) {
                        std::cmp::Ordering::Less => {
                            next.push(cur[x]);
                            x += 1;
                        }
                        std::cmp::Ordering::Greater => {
                            next.push(part[y]);
                            y += 1;
                            counts[k] += 1;
                        }
                        std::cmp::Ordering::Equal => {
                            next.push(cur[x]);
                            x += 1;
                            y += 1;
                        }
                    }
                }
                next.extend_from_slice(&cur[x..]);
                counts[k] += (part.len() - y) as u64;
                next.extend_from_slice(&part[y..]);
                std::mem::swap(&mut cur, &mut next);
            }
            cur.shrink_to_fit();
            (cur, counts)
        })
        .collect();
    let mut new_pairs = vec![0u64; per_rule.len()];
    let mut ranges = Vec::with_capacity(results.len());
    for (range, counts) in results {
        for (n, c) in new_pairs.iter_mut().zip(counts) {
            *n += c;
        }
        ranges.push(range);
    }
    (ranges, new_pairs)
}

/// Records per chunk when extracting keys (a record's position in its chunk fits a `u16`).
const KEY_CHUNK: usize = 16 * 1024;

/// One rule's keys of one chunk of records: entries `(keys[e], first + local[e])`, grouped by
/// bucket (the key's top bits; keys are well-mixed hashes): bucket `b` is
/// `offsets[b]..offsets[b + 1]`.
struct ChunkKeys {
    first: u32,
    keys: Vec<u64>,
    local: Vec<u16>,
    offsets: Vec<u32>,
    records_keyed: usize,
}

/// Buckets the entries of a rule are grouped in: about 2,048 records' worth each, so a bucket
/// sorts in cache.
fn bucket_bits(records: usize) -> u32 {
    (usize::BITS - (records / 2048).leading_zeros()).min(12)
}

/// Every rule's keys for every record, in one pass over the records (a record is read once, and
/// the rules share its part values): per rule, per chunk of records, the entries grouped by bucket.
fn extract_keys(
    records: &[NormalizedProfile],
    rules: &[BlockingRule],
    duplicates: &[u32],
) -> Vec<Vec<ChunkKeys>> {
    let salts: Vec<u64> = (0..rules.len())
        .map(|r| combine(0x0062_6c6f_636b, r as u64))
        .collect();
    let bits = bucket_bits(records.len());
    let buckets = 1usize << bits;
    let bucket_of = |key: u64| {
        if bits == 0 {
            0
        } else {
            (key >> (64 - bits)) as usize
        }
    };
    let chunks: Vec<Vec<ChunkKeys>> = records
        .par_chunks(KEY_CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let first = c * KEY_CHUNK;
            let mut entries: Vec<Vec<(u64, u16)>> = (0..rules.len())
                .map(|_| Vec::with_capacity(chunk.len()))
                .collect();
            let mut keyed = vec![0usize; rules.len()];
            let mut keys: SmallVec<[u64; 4]> = SmallVec::new();
            let Some(first_record) = chunk.first() else {
                return Vec::new();
            };
            let mut parts = PartCache::new(first_record);
            for (x, p) in chunk.iter().enumerate() {
                let i = first + x;
                if duplicates.get(i).is_some_and(|&h| h as usize != i) {
                    continue;
                }
                parts.set(p);
                for (r, rule) in rules.iter().enumerate() {
                    keys.clear();
                    rule.keys_of(salts[r], &mut parts, &mut keys);
                    if keys.is_empty() {
                        continue;
                    }
                    keyed[r] += 1;
                    if keys.len() > 1 {
                        keys.sort_unstable();
                        keys.dedup();
                    }
                    for &k in &keys {
                        entries[r].push((k, x as u16));
                    }
                }
            }
            entries
                .into_iter()
                .zip(keyed)
                .map(|(entries, records_keyed)| {
                    let mut offsets = vec![0u32; buckets + 1];
                    for e in &entries {
                        offsets[bucket_of(e.0) + 1] += 1;
                    }
                    for b in 0..buckets {
                        offsets[b + 1] += offsets[b];
                    }
                    let mut next = offsets.clone();
                    let mut keys = vec![0u64; entries.len()];
                    let mut local = vec![0u16; entries.len()];
                    for (k, x) in entries {
                        let b = bucket_of(k);
                        keys[next[b] as usize] = k;
                        local[next[b] as usize] = x;
                        next[b] += 1;
                    }
                    ChunkKeys {
                        first: first as u32,
                        keys,
                        local,
                        offsets,
                        records_keyed,
                    }
                })
                .collect()
        })
        .collect();
    // Chunk-major to rule-major.
    let mut per_rule: Vec<Vec<ChunkKeys>> = (0..rules.len())
        .map(|_| Vec::with_capacity(chunks.len()))
        .collect();
    for chunk in chunks {
        for (r, keys) in chunk.into_iter().enumerate() {
            per_rule[r].push(keys);
        }
    }
    per_rule
}

/// Every key of one record under every rule, salted by rule as [`BlockIndex`] salts them,
/// sorted and distinct: what an updatable index (`crate::state`) files the record under.
/// Calls `f` with each rule and the keys one record yields under it (salted with the rule's
/// position, as the index files them).
fn each_rule_keys(
    rules: &[BlockingRule],
    p: &NormalizedProfile,
    mut f: impl FnMut(&BlockingRule, &[u64]),
) {
    let mut parts = PartCache::new(p);
    let mut keys: SmallVec<[u64; 4]> = SmallVec::new();
    for (r, rule) in rules.iter().enumerate() {
        keys.clear();
        rule.keys_of(combine(0x0062_6c6f_636b, r as u64), &mut parts, &mut keys);
        f(rule, &keys);
    }
}

/// [`record_keys`] with the largest block each key's rule expands ([`BlockingRule::cap`] of
/// `cap`), for an index that is updated record by record.
pub(crate) fn record_keys_capped(
    rules: &[BlockingRule],
    p: &NormalizedProfile,
    cap: usize,
    out: &mut Vec<(u64, usize)>,
) {
    each_rule_keys(rules, p, |rule, keys| {
        let c = rule.cap(cap);
        out.extend(keys.iter().map(|&k| (k, c)));
    });
    out.sort_unstable();
    out.dedup();
}

pub(crate) fn record_keys(rules: &[BlockingRule], p: &NormalizedProfile, out: &mut Vec<u64>) {
    each_rule_keys(rules, p, |_, keys| out.extend_from_slice(keys));
    out.sort_unstable();
    out.dedup();
}

/// Sorts the entries of one bucket (keys sharing their top `bits` bits): a counting sort on the
/// next bits, about one entry per slot, then a sort of each slot.
fn sort_bucket(mut entries: Vec<(u64, u32)>, bits: u32) -> Vec<(u64, u32)> {
    let n = entries.len();
    if n < 32 {
        entries.sort_unstable();
        return entries;
    }
    let slot_bits = (usize::BITS - n.leading_zeros()).min(16);
    let slot = |key: u64| ((key << bits) >> (64 - slot_bits)) as usize;
    let mut starts = vec![0u32; (1 << slot_bits) + 1];
    for e in &entries {
        starts[slot(e.0) + 1] += 1;
    }
    for s in 0..1 << slot_bits {
        starts[s + 1] += starts[s];
    }
    let mut next = starts.clone();
    let mut sorted = vec![(0u64, 0u32); n];
    for e in entries {
        let s = slot(e.0);
        sorted[next[s] as usize] = e;
        next[s] += 1;
    }
    for s in 0..1 << slot_bits {
        let run = &mut sorted[starts[s] as usize..starts[s + 1] as usize];
        if run.len() > 1 {
            run.sort_unstable();
        }
    }
    sorted
}

/// One rule's index from its keys: each bucket sorted and cut into blocks (the buckets in order
/// are in key order). Only blocks of 2..=cap records are kept: a key no other record has cannot
/// make a pair, and an oversized key is never expanded.
fn index_rule(rule: &BlockingRule, chunks: Vec<ChunkKeys>, cap: usize) -> RuleIndex {
    let records_keyed = chunks.iter().map(|c| c.records_keyed).sum();
    let buckets = chunks.first().map_or(0, |c| c.offsets.len() - 1);
    let bits = buckets.trailing_zeros();
    let parts: Vec<(Vec<u32>, Vec<u32>, Vec<usize>)> = (0..buckets)
        .into_par_iter()
        .map(|b| {
            let mut entries: Vec<(u64, u32)> = Vec::new();
            for c in &chunks {
                let range = c.offsets[b] as usize..c.offsets[b + 1] as usize;
                entries.extend(
                    c.keys[range.clone()]
                        .iter()
                        .zip(&c.local[range])
                        .map(|(&k, &x)| (k, c.first + u32::from(x))),
                );
            }
            let entries = sort_bucket(entries, bits);
            let mut members = Vec::new();
            let mut lens = Vec::new();
            let mut oversized = Vec::new();
            let mut start = 0;
            while start < entries.len() {
                let mut end = start + 1;
                while end < entries.len() && entries[end].0 == entries[start].0 {
                    end += 1;
                }
                let size = end - start;
                if size > cap {
                    oversized.push(size);
                } else if size >= 2 {
                    members.extend(entries[start..end].iter().map(|e| e.1));
                    lens.push(size as u32);
                }
                start = end;
            }
            (members, lens, oversized)
        })
        .collect();
    drop(chunks);
    let mut members = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
    let mut starts = Vec::with_capacity(parts.iter().map(|p| p.1.len()).sum::<usize>() + 1);
    let mut oversized = Vec::new();
    let mut largest_block = 0;
    starts.push(0u32);
    for (m, lens, over) in parts {
        members.extend_from_slice(&m);
        for len in lens {
            largest_block = largest_block.max(len as usize);
            starts.push(starts[starts.len() - 1] + len);
        }
        oversized.extend(over);
    }
    RuleIndex {
        name: rule.name.clone(),
        members,
        starts,
        largest_block,
        oversized,
        records_keyed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_profile;
    use crate::Profile;

    fn norm(ps: &[Profile]) -> Vec<NormalizedProfile> {
        ps.iter()
            .map(|p| normalize_profile(p, &Default::default()))
            .collect()
    }

    #[test]
    fn pairs_unique_across_rules_and_keys() {
        // Two records sharing two emails and a phone: one pair, owned by the first rule.
        let recs = norm(&[
            Profile::new("a", "1")
                .with_email("x@ex.com")
                .with_email("y@ex.com")
                .with_phone("4155550134"),
            Profile::new("b", "2")
                .with_email("y@ex.com")
                .with_email("x@ex.com")
                .with_phone("4155550134"),
        ]);
        let idx = BlockIndex::build(&recs, &BlockingConfig::default());
        let (pairs, stats) = idx.pairs(&[0, 1], Mode::Dedupe);
        assert_eq!(pairs, vec![(0, 1)]);
        assert_eq!(stats.rules[0].new_pairs, 1);
        assert_eq!(stats.rules[1].new_pairs, 0);
    }

    #[test]
    fn a_tagged_address_meets_its_mailbox_under_email_local() {
        let recs = norm(&[
            Profile::new("a", "1").with_email("pepitaandres+shop@aol.com"),
            Profile::new("b", "2").with_email("pepitaandres@aol.com"),
            Profile::new("c", "3").with_email("pepitaandres+2024@aol.com"),
            Profile::new("d", "4").with_email("jo+x@aol.com"),
            Profile::new("e", "5").with_email("jo@aol.com"),
        ]);
        let cfg = BlockingConfig {
            rules: vec![BlockingRule::new("email_local", vec![BlockKey::EmailLocal])],
            ..BlockingConfig::default()
        };
        let idx = BlockIndex::build(&recs, &cfg);
        let mut pairs = idx.pairs(&[0, 1, 2, 3, 4], Mode::Dedupe).0;
        pairs.sort_unstable();
        // A base shorter than four characters makes no key.
        assert_eq!(pairs, vec![(0, 1), (0, 2), (1, 2)]);
    }

    #[test]
    fn a_mistyped_gmail_address_meets_its_mailbox_under_email_local() {
        let recs = norm(&[
            Profile::new("a", "1").with_email("soniaburchard5@gmail.com"),
            Profile::new("b", "2").with_email("sonia.burchard5@gmial.com"),
            Profile::new("c", "3").with_email("Sonia.Burchard5+news@gmail.con"),
            Profile::new("d", "4").with_email("sonia.burchard5@yahoo.com"),
        ]);
        let cfg = BlockingConfig {
            rules: vec![BlockingRule::new("email_local", vec![BlockKey::EmailLocal])],
            ..BlockingConfig::default()
        };
        let idx = BlockIndex::build(&recs, &cfg);
        let mut pairs = idx.pairs(&[0, 1, 2, 3], Mode::Dedupe).0;
        pairs.sort_unstable();
        // `sonia.burchard5@yahoo.com` meets the mistyped addresses, which spell the local part
        // the same (the tagged one through its mailbox), not `gmail.com`'s dotless form.
        assert_eq!(pairs, vec![(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)]);
    }

    /// Pairs made by the `email_ends` rule alone.
    fn email_ends_pairs(ps: &[Profile]) -> Vec<(u32, u32)> {
        let recs = norm(ps);
        let cfg = BlockingConfig {
            rules: vec![BlockingRule::new("email_ends", vec![BlockKey::EmailEnds])],
            ..BlockingConfig::default()
        };
        let idx = BlockIndex::build(&recs, &cfg);
        idx.pairs(&vec![0; recs.len()], Mode::Dedupe).0
    }

    fn rule_pairs(ps: &[Profile], key: BlockKey) -> Vec<(u32, u32)> {
        let recs = norm(ps);
        let cfg = BlockingConfig {
            rules: vec![BlockingRule::new("typo", vec![key])],
            ..BlockingConfig::default()
        };
        let idx = BlockIndex::build(&recs, &cfg);
        idx.pairs(&vec![0; recs.len()], Mode::Dedupe).0
    }

    #[test]
    fn phone_parts_meet_across_one_wrong_digit() {
        let with = |ph: &str| Profile::new("s", ph).with_phone(ph);
        let base = "(415) 555-0134";
        // One wrong digit in the area code, the exchange, and each half of the last four; a
        // number in another format; an unassigned area code with a wrong line digit.
        for typo in [
            "(416) 555-0134",
            "415-565-0134",
            "415.555.0834",
            "+1 415 555 0135",
        ] {
            assert_eq!(
                rule_pairs(&[with(base), with(typo)], BlockKey::PhoneParts),
                vec![(0, 1)],
                "{typo}"
            );
        }
        assert_eq!(
            rule_pairs(
                &[with("287-507-9801"), with("(287) 507-9807")],
                BlockKey::PhoneParts
            ),
            vec![(0, 1)]
        );
        // Two wrong digits in different windows, or another country: no shared key.
        for other in ["(416) 565-0134", "415-555-8135", "+44 20 7946 0018"] {
            assert!(
                rule_pairs(&[with(base), with(other)], BlockKey::PhoneParts).is_empty(),
                "{other}"
            );
        }
        // Thirteen numbers of one exchange: blocks over 12 records are skipped.
        let exchange: Vec<Profile> = (0..13)
            .map(|i| with(&format!("415-555-01{i:02}")))
            .collect();
        let pairs = rule_pairs(&exchange, BlockKey::PhoneParts);
        assert!(pairs.len() < 13 * 12 / 2, "{}", pairs.len());
    }

    #[test]
    fn house_and_street_prefix_meet_across_suffix_and_postcode_typos() {
        let at = |street: &str, postcode: Option<&str>| {
            let mut a = crate::PostalAddress {
                street: Some(street.into()),
                city: Some("New Zacharyfort".into()),
                ..Default::default()
            };
            a.postcode = postcode.map(Into::into);
            Profile::new("s", street).with_address(a)
        };
        let base = at("4497 Zachary Lodge", Some("09334"));
        for typo in [
            at("4497 Zachary Ldoge", None),
            at("4497 ZACHARY LODGE", Some("093344")),
            at("4497 N Zachery Lodge", Some("09334")),
        ] {
            assert_eq!(
                rule_pairs(&[base.clone(), typo], BlockKey::HouseStreet),
                vec![(0, 1)]
            );
        }
        // Another house number, or another street at the same number.
        for other in [
            at("4479 Zachary Lodge", Some("09334")),
            at("4497 Maple Lodge", Some("09334")),
        ] {
            assert!(rule_pairs(&[base.clone(), other], BlockKey::HouseStreet).is_empty());
        }
    }

    #[test]
    fn email_halves_meet_across_one_typo() {
        let with = |e: &str| Profile::new("s", e).with_email(e);
        // A changed, a dropped (first half intact) and a swapped letter, each with the original.
        for typo in [
            "stephanie.barron@example.com",
            "stpehanie.barton@example.com",
            "stephanie.bartn@example.com",
        ] {
            let pairs = email_ends_pairs(&[with("stephanie.barton@example.com"), with(typo)]);
            assert_eq!(pairs, vec![(0, 1)], "{typo}");
        }
        // Another domain, or two typos far apart: no shared half.
        assert!(email_ends_pairs(&[
            with("stephanie.barton@example.com"),
            with("stephanie.barton@example.org")
        ])
        .is_empty());
        assert!(email_ends_pairs(&[
            with("stephanie.barton@example.com"),
            with("stepahnie.bartno@example.com")
        ])
        .is_empty());
        // Short local parts are not split.
        assert!(
            email_ends_pairs(&[with("ann.lee@example.com"), with("ann.lei@example.com")])
                .is_empty()
        );
    }

    #[test]
    fn email_halves_skip_blocks_of_names() {
        // 20 different people whose addresses share the first half (`jennifer`, 16 letters):
        // over the rule's own cap, the block is a name, not a typo.
        let ps: Vec<Profile> = (0..20)
            .map(|i| {
                Profile::new("s", i.to_string())
                    .with_email(format!("jennifer.{:0>7}@example.com", i * 7919))
            })
            .collect();
        assert!(email_ends_pairs(&ps).is_empty());
        let few = &ps[..TYPO_PART_CAP];
        assert_eq!(
            email_ends_pairs(few).len(),
            TYPO_PART_CAP * (TYPO_PART_CAP - 1) / 2
        );
    }

    #[test]
    fn oversized_block_is_skipped_and_reported() {
        let recs: Vec<Profile> = (0..50)
            .map(|i| Profile::new("s", i.to_string()).with_phone("+1 415 555 0134"))
            .collect();
        let recs = norm(&recs);
        let cfg = BlockingConfig::default().with_max_block_size(10);
        let idx = BlockIndex::build(&recs, &cfg);
        let (pairs, stats) = idx.pairs(&[0; 50], Mode::Dedupe);
        assert!(pairs.is_empty());
        assert_eq!(
            stats.oversized,
            vec![OversizedBlock {
                rule: "phone".into(),
                size: 50
            }]
        );
    }

    #[test]
    fn link_mode_skips_same_source() {
        let recs = norm(&[
            Profile::new("a", "1").with_email("x@ex.com"),
            Profile::new("a", "2").with_email("x@ex.com"),
            Profile::new("b", "3").with_email("x@ex.com"),
        ]);
        let idx = BlockIndex::build(&recs, &BlockingConfig::default());
        assert_eq!(idx.pairs(&[0, 0, 1], Mode::Link).0, vec![(0, 2), (1, 2)]);
        assert_eq!(idx.pairs(&[0, 0, 1], Mode::Dedupe).0.len(), 3);
        assert_eq!(idx.stats(&[0, 0, 1], Mode::Dedupe).total_pairs, 3);
    }

    #[test]
    fn custom_rule() {
        let recs = norm(&[
            Profile::new("a", "1").with_date_of_birth("1980-01-02"),
            Profile::new("a", "2").with_date_of_birth("01/02/1980"),
        ]);
        let rule = BlockingRule::custom(
            "dob",
            KeyFn::new(|p, k| k.extend(p.date_of_birth.map(|d| u64::from(d.year)))),
        );
        let idx = BlockIndex::build(&recs, &BlockingConfig::default().with_rules(vec![rule]));
        assert_eq!(idx.pairs(&[0, 0], Mode::Dedupe).0, vec![(0, 1)]);
    }
}
