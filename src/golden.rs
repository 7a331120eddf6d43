//! Golden records: one per cluster, with survivorship rules per field and provenance on every value.
//!
//! [`golden_record`] merges the records of one cluster into a [`GoldenRecord`]: for each field a
//! [`Rule`] (configured in [`SurvivorshipConfig`]) picks the surviving value(s), and every value
//! carries the sources and records that support it.
//!
//! ```
//! use selfsame::golden::{golden_record, SurvivorshipConfig};
//! use selfsame::normalize::{normalize_profile, NormalizeConfig};
//! use selfsame::Profile;
//!
//! let profiles = vec![
//!     Profile::new("crm", "1").with_given_name("Ann").with_email("ann@example.com"),
//!     Profile::new("shop", "7").with_given_name("ANN").with_email("ann.b@example.org"),
//! ];
//! let normalized: Vec<_> = profiles.iter().map(|p| normalize_profile(p, &NormalizeConfig::default())).collect();
//! let g = golden_record("c-1", &[0, 1], &profiles, &normalized, &SurvivorshipConfig::default());
//! assert_eq!(g.fields["given_name"].value.as_str(), Some("Ann"));
//! assert_eq!(g.fields["email"].value.values().len(), 2);
//! ```
//!
//! # Fields
//!
//! `given_name`, `middle_name`, `family_name`, `date_of_birth` (single values); `email`, `phone`,
//! `address` (always lists); `id:KIND` per identifier kind (a list); `attr:NAME` per attribute;
//! `consent_email`, `consent_sms`, `consent_phone`, `consent_postal`. A field no record has a valid
//! value for is absent.
//!
//! # Survivorship rules
//!
//! Values are compared by their **normalized form**: folded name, canonical email, E.164 phone,
//! standardized address key, ISO date, compact folded identifier, folded attribute text. Each
//! distinct normalized form is a *value group*; its *support* is the number of distinct records
//! holding it.
//!
//! | Rule | Picks | Ties broken by |
//! |---|---|---|
//! | `most_recent` | the value of the record with the latest `updated_at` (records without one count as oldest); for a multi-valued field, that record's first valid value | source priority, then smallest (source, record_id), then the MostFrequent order |
//! | `most_frequent` | the value group with the most supporting records | recency (latest `updated_at` in the group), then source priority (best-ranked supporting source), then first appearance in (source, record_id) order |
//! | `source_priority` | a value from the first source in `source_priority` that has the field; when no listed source has it, falls back to MostFrequent (the field's `rule` still says `source_priority`) | several values from that source: the MostFrequent order |
//! | `most_complete` | the most complete value: names longest folded text; addresses most parts present (house number, street, unit, city, region, postcode, postcode extension, country), then longest key; emails, identifiers, attributes longest normalized text; phones most digits | the MostFrequent order |
//! | `union` | every distinct value group, as a list | order: support (desc), then recency, then source priority, then first appearance |
//! | `latest_statement` | consent only (see below); on any other field it behaves as `most_recent` | — |
//!
//! Defaults: names and `date_of_birth` `most_frequent`; emails, phones, addresses and identifiers
//! `union`; attributes `most_recent`. Consent always uses `latest_statement`.
//!
//! *Source priority* is the position in [`SurvivorshipConfig::source_priority`] (exact,
//! case-sensitive source names); unlisted sources rank after all listed ones, equal to each other.
//!
//! **Displayed value.** A value group is shown as a representative *raw* spelling: the spelling
//! that keeps diacritics (non-ASCII letters), then mixed case — so `José` beats `Jose`, `JOSE` and
//! `jose`, and `JOSÉ` beats `Jose` — then the most frequent, then the most recent, then the
//! first seen. Phones are shown in E.164 (`+14155550134`), dates in ISO (`1985-03-12`), emails as
//! typed and lower-cased ([`crate::normalize::email::Email::address`], tags and dots kept — the
//! address to send mail to), addresses as their raw parts joined with `", "`.
//!
//! **Invalid values.** Values that fail normalization (listed in
//! [`NormalizedProfile::rejected`]) never survive: they support no group. If no record has a
//! valid value the field is absent.
//!
//! **Full names.** A record with only `full_name` takes part through the given / middle / family
//! parts its [`NormalizedProfile`] parsed from it. Its displayed spelling is the run of raw words
//! of the full name that folds to the part (`"Smith, José"` shows `José`), or the folded part
//! when no run matches.
//!
//! **Identifiers and attributes.** Identifier kinds are grouped by their compact folded kind
//! (`Loyalty No` and `loyalty_no` are one kind), named after the most frequent spelling, and kinds
//! or values that fold to nothing are skipped. Attributes are keyed by their exact name; blank
//! values are skipped.
//!
//! # Consent
//!
//! Per channel, rule `latest_statement`, value `"granted"` or `"withdrawn"`; no statement on any
//! record → field absent. The rule never turns a withdrawal into a grant on doubtful evidence:
//!
//! * A withdrawal's time is an *upper bound*: its own [`Consent::at`](crate::Consent#structfield.at), else its record's
//!   `updated_at` (the statement cannot be newer than the record), else unknown (treated as
//!   "now" — it may be the latest statement).
//! * A grant's time is a *lower bound*: its own `Consent::at` only (with
//!   [`SurvivorshipConfig::record_time_for_grants`], else its record's `updated_at`); a grant
//!   with no time can never override a withdrawal.
//! * With no withdrawal the value is `granted`; with no grant, `withdrawn`. Otherwise `granted`
//!   only when the latest grant time is **strictly** later than the latest withdrawal time, and
//!   `withdrawn` in every other case — equal times, missing times, an untimestamped withdrawal
//!   in a record without `updated_at`.
//!
//! `sources` / `records` name the record(s) that made the winning statement: the latest
//! statement(s) of the winning state (all of them when tied).
//!
//! # Determinism and cost
//!
//! The result depends only on the set of members, not their order: records are processed in
//! (source, record_id) order and every choice ends in a total tie-break. `records` is sorted by
//! (source, record_id). Out-of-range member indices are ignored. Values are grouped with ordered
//! maps, so one call costs O(n log n) in the number of values in the cluster.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::normalize::text::{fold, fold_compact, fold_into};
use crate::normalize::{address, email};
use crate::profile::{Channel, ConsentState, NormalizedProfile, Profile, Timestamp};

/// A survivorship rule: how one field's surviving value is chosen. Serialized in snake_case.
///
/// ```
/// use selfsame::golden::Rule;
/// assert_eq!(Rule::MostFrequent.to_string(), "most_frequent");
/// assert_eq!(Rule::default(), Rule::MostFrequent);
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// The value of the most recently updated record.
    MostRecent,
    /// The value most records agree on.
    #[default]
    MostFrequent,
    /// The value from the most trusted source.
    SourcePriority,
    /// The longest / most complete value.
    MostComplete,
    /// Every distinct value.
    Union,
    /// Consent: the latest explicit statement, withdrawals winning every doubt.
    LatestStatement,
}

impl Rule {
    /// The rule's snake_case name, as serialized.
    ///
    /// ```
    /// assert_eq!(selfsame::golden::Rule::SourcePriority.as_str(), "source_priority");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::MostRecent => "most_recent",
            Rule::MostFrequent => "most_frequent",
            Rule::SourcePriority => "source_priority",
            Rule::MostComplete => "most_complete",
            Rule::Union => "union",
            Rule::LatestStatement => "latest_statement",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which rule each field survives by, and which sources are trusted most.
///
/// ```
/// use selfsame::golden::{Rule, SurvivorshipConfig};
/// let cfg = SurvivorshipConfig::default()
///     .with_source_priority(["crm", "shop"])
///     .with_names(Rule::SourcePriority);
/// assert_eq!(cfg.source_priority, ["crm", "shop"]);
/// assert_eq!(cfg.emails, Rule::Union);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SurvivorshipConfig {
    /// Sources from most to least trusted. Unlisted sources rank after listed ones.
    pub source_priority: Vec<String>,
    /// Given, middle and family name. Default `most_frequent`.
    pub names: Rule,
    /// Date of birth. Default `most_frequent`.
    pub date_of_birth: Rule,
    /// Emails. Default `union`.
    pub emails: Rule,
    /// Phones. Default `union`.
    pub phones: Rule,
    /// Postal addresses. Default `union`.
    pub addresses: Rule,
    /// External identifiers (each kind separately). Default `union`.
    pub identifiers: Rule,
    /// Free attributes (each name separately). Default `most_recent`.
    pub attributes: Rule,
    /// When true, a consent grant without its own timestamp is dated by its record's
    /// `updated_at`. Default false: only a grant's own timestamp can override a withdrawal.
    pub record_time_for_grants: bool,
}

impl Default for SurvivorshipConfig {
    fn default() -> Self {
        SurvivorshipConfig {
            source_priority: Vec::new(),
            names: Rule::MostFrequent,
            date_of_birth: Rule::MostFrequent,
            emails: Rule::Union,
            phones: Rule::Union,
            addresses: Rule::Union,
            identifiers: Rule::Union,
            attributes: Rule::MostRecent,
            record_time_for_grants: false,
        }
    }
}

impl SurvivorshipConfig {
    /// Sets the source priority, most trusted first.
    ///
    /// ```
    /// let cfg = selfsame::golden::SurvivorshipConfig::default().with_source_priority(["erp"]);
    /// assert_eq!(cfg.source_priority, ["erp"]);
    /// ```
    pub fn with_source_priority<I, S>(mut self, sources: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.source_priority = sources.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the rule for given, middle and family names.
    ///
    /// ```
    /// use selfsame::golden::{Rule, SurvivorshipConfig};
    /// assert_eq!(SurvivorshipConfig::default().with_names(Rule::MostComplete).names, Rule::MostComplete);
    /// ```
    pub fn with_names(mut self, rule: Rule) -> Self {
        self.names = rule;
        self
    }

    /// Sets the rule for the date of birth.
    ///
    /// ```
    /// use selfsame::golden::{Rule, SurvivorshipConfig};
    /// assert_eq!(SurvivorshipConfig::default().with_date_of_birth(Rule::MostRecent).date_of_birth, Rule::MostRecent);
    /// ```
    pub fn with_date_of_birth(mut self, rule: Rule) -> Self {
        self.date_of_birth = rule;
        self
    }

    /// Sets the rule for emails.
    ///
    /// ```
    /// use selfsame::golden::{Rule, SurvivorshipConfig};
    /// assert_eq!(SurvivorshipConfig::default().with_emails(Rule::MostRecent).emails, Rule::MostRecent);
    /// ```
    pub fn with_emails(mut self, rule: Rule) -> Self {
        self.emails = rule;
        self
    }

    /// Sets the rule for phones.
    ///
    /// ```
    /// use selfsame::golden::{Rule, SurvivorshipConfig};
    /// assert_eq!(SurvivorshipConfig::default().with_phones(Rule::MostFrequent).phones, Rule::MostFrequent);
    /// ```
    pub fn with_phones(mut self, rule: Rule) -> Self {
        self.phones = rule;
        self
    }

    /// Sets the rule for postal addresses.
    ///
    /// ```
    /// use selfsame::golden::{Rule, SurvivorshipConfig};
    /// assert_eq!(SurvivorshipConfig::default().with_addresses(Rule::MostComplete).addresses, Rule::MostComplete);
    /// ```
    pub fn with_addresses(mut self, rule: Rule) -> Self {
        self.addresses = rule;
        self
    }

    /// Sets the rule for external identifiers.
    ///
    /// ```
    /// use selfsame::golden::{Rule, SurvivorshipConfig};
    /// assert_eq!(SurvivorshipConfig::default().with_identifiers(Rule::SourcePriority).identifiers, Rule::SourcePriority);
    /// ```
    pub fn with_identifiers(mut self, rule: Rule) -> Self {
        self.identifiers = rule;
        self
    }

    /// Sets the rule for free attributes.
    ///
    /// ```
    /// use selfsame::golden::{Rule, SurvivorshipConfig};
    /// assert_eq!(SurvivorshipConfig::default().with_attributes(Rule::Union).attributes, Rule::Union);
    /// ```
    pub fn with_attributes(mut self, rule: Rule) -> Self {
        self.attributes = rule;
        self
    }

    /// Lets a consent grant without its own timestamp be dated by its record's `updated_at`.
    ///
    /// ```
    /// let cfg = selfsame::golden::SurvivorshipConfig::default().with_record_time_for_grants(true);
    /// assert!(cfg.record_time_for_grants);
    /// ```
    pub fn with_record_time_for_grants(mut self, yes: bool) -> Self {
        self.record_time_for_grants = yes;
        self
    }
}

/// One source record, by source and record id. Orders by (source, record_id).
///
/// ```
/// use selfsame::golden::RecordRef;
/// let r = RecordRef::new("crm", "17");
/// assert!(r < RecordRef::new("shop", "1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordRef {
    /// The source system.
    pub source: String,
    /// The record id within that source.
    pub record_id: String,
}

impl RecordRef {
    /// A reference to record `record_id` of `source`.
    ///
    /// ```
    /// let r = selfsame::golden::RecordRef::new("crm", "17");
    /// assert_eq!(r.record_id, "17");
    /// ```
    pub fn new(source: impl Into<String>, record_id: impl Into<String>) -> RecordRef {
        RecordRef {
            source: source.into(),
            record_id: record_id.into(),
        }
    }
}

/// A surviving value: one string, or a list for multi-valued fields and the `union` rule.
/// Serialized untagged, so JSON shows a plain string or a list of strings.
///
/// ```
/// use selfsame::golden::GoldenValue;
/// let one = GoldenValue::One("Ann".into());
/// assert_eq!(one.as_str(), Some("Ann"));
/// assert_eq!(GoldenValue::Many(vec!["a".into(), "b".into()]).values().len(), 2);
/// // Debug never prints the value itself.
/// assert_eq!(format!("{one:?}"), "One(..)");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GoldenValue {
    /// A single value.
    One(String),
    /// A list of values, best supported first.
    Many(Vec<String>),
}

impl GoldenValue {
    /// The single value, or `None` for a list.
    ///
    /// ```
    /// assert_eq!(selfsame::golden::GoldenValue::Many(vec![]).as_str(), None);
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match self {
            GoldenValue::One(s) => Some(s),
            GoldenValue::Many(_) => None,
        }
    }

    /// All values: the single value as a one-element slice, or the list.
    ///
    /// ```
    /// assert_eq!(selfsame::golden::GoldenValue::One("x".into()).values(), ["x"]);
    /// ```
    pub fn values(&self) -> &[String] {
        match self {
            GoldenValue::One(s) => std::slice::from_ref(s),
            GoldenValue::Many(v) => v,
        }
    }
}

impl fmt::Debug for GoldenValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoldenValue::One(_) => f.write_str("One(..)"),
            GoldenValue::Many(v) => write!(f, "Many({} values)", v.len()),
        }
    }
}

/// Provenance of one value of a list chosen by the `union` rule.
///
/// ```
/// use selfsame::golden::{RecordRef, Support};
/// let s = Support { value: "+14155550134".into(), sources: vec!["crm".into()], records: vec![RecordRef::new("crm", "1")] };
/// assert_eq!(s.records.len(), 1);
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    /// The value, as shown in the field's list.
    pub value: String,
    /// Distinct sources holding it, sorted.
    pub sources: Vec<String>,
    /// Records holding it, sorted by (source, record_id).
    pub records: Vec<RecordRef>,
}

impl fmt::Debug for Support {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Support")
            .field("sources", &self.sources)
            .field("records", &self.records.len())
            .finish_non_exhaustive()
    }
}

/// One field of a golden record: the surviving value, the rule that chose it, and its provenance.
///
/// ```
/// use selfsame::golden::{GoldenField, GoldenValue, RecordRef, Rule};
/// let f = GoldenField {
///     value: GoldenValue::One("Ann".into()),
///     rule: Rule::MostFrequent,
///     sources: vec!["crm".into()],
///     records: vec![RecordRef::new("crm", "1")],
///     support: vec![],
/// };
/// assert_eq!(format!("{f:?}"), r#"GoldenField { value: One(..), rule: MostFrequent, sources: ["crm"], records: 1, .. }"#);
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldenField {
    /// The surviving value(s).
    pub value: GoldenValue,
    /// The configured rule for this field.
    pub rule: Rule,
    /// Distinct sources supporting the chosen value(s), sorted.
    pub sources: Vec<String>,
    /// Records supporting the chosen value(s), sorted by (source, record_id).
    pub records: Vec<RecordRef>,
    /// For the `union` rule: per-value provenance, in the order of the value list. Empty (and
    /// left out of JSON) otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub support: Vec<Support>,
}

impl fmt::Debug for GoldenField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoldenField")
            .field("value", &self.value)
            .field("rule", &self.rule)
            .field("sources", &self.sources)
            .field("records", &self.records.len())
            .finish_non_exhaustive()
    }
}

/// The merged view of one cluster: member records and one [`GoldenField`] per field name.
///
/// JSON: `{"cluster_id": ..., "records": [{"source": ..., "record_id": ...}], "fields": {NAME:
/// {"value": ..., "rule": ..., "sources": [...], "records": [...]}}}`. `Debug` shows no
/// personal data.
///
/// ```
/// use selfsame::golden::{GoldenRecord, RecordRef};
/// let g = GoldenRecord { cluster_id: "c-1".into(), records: vec![RecordRef::new("crm", "1")], fields: Default::default() };
/// assert_eq!(format!("{g:?}"), r#"GoldenRecord { cluster_id: "c-1", records: 1, fields: [] }"#);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldenRecord {
    /// The cluster's id.
    pub cluster_id: String,
    /// Member records, sorted by (source, record_id), each once.
    pub records: Vec<RecordRef>,
    /// Surviving fields by name (`given_name`, `email`, `id:KIND`, `attr:NAME`, `consent_sms`, ...).
    pub fields: BTreeMap<String, GoldenField>,
}

impl fmt::Debug for GoldenRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoldenRecord")
            .field("cluster_id", &self.cluster_id)
            .field("records", &self.records.len())
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Builds the golden record of one cluster. `members` are indices into `profiles` and
/// `normalized` (the same records, in the same order); out-of-range or repeated indices are
/// ignored. See the [module docs](self) for the rules. Never panics; the result does not depend
/// on the order of `members`.
///
/// ```
/// use selfsame::golden::{golden_record, GoldenValue, SurvivorshipConfig};
/// use selfsame::normalize::{normalize_profile, NormalizeConfig};
/// use selfsame::{Channel, Consent, ConsentState, Profile};
///
/// let profiles = vec![
///     Profile::new("crm", "1").with_given_name("José").with_family_name("Smith")
///         .with_email("jose@example.com").with_updated_at(100)
///         .with_consent(Consent::new(Channel::Email, ConsentState::Granted).at(100)),
///     Profile::new("shop", "9").with_given_name("JOSE").with_family_name("SMITH")
///         .with_email("Jose@Example.com").with_phone("+1 415 555 0134").with_updated_at(200)
///         .with_consent(Consent::new(Channel::Email, ConsentState::Withdrawn).at(200)),
/// ];
/// let cfg = NormalizeConfig::default();
/// let normalized: Vec<_> = profiles.iter().map(|p| normalize_profile(p, &cfg)).collect();
///
/// let g = golden_record("c-1", &[1, 0], &profiles, &normalized, &SurvivorshipConfig::default());
/// assert_eq!(g.records.len(), 2);
/// assert_eq!(g.fields["given_name"].value, GoldenValue::One("José".into()));
/// assert_eq!(g.fields["family_name"].value.as_str(), Some("Smith"));
/// assert_eq!(g.fields["email"].value.values(), ["jose@example.com"]);
/// assert_eq!(g.fields["email"].sources, ["crm", "shop"]);
/// assert_eq!(g.fields["phone"].value.values(), ["+14155550134"]);
/// assert_eq!(g.fields["consent_email"].value.as_str(), Some("withdrawn"));
/// ```
pub fn golden_record(
    cluster_id: &str,
    members: &[u32],
    profiles: &[Profile],
    normalized: &[NormalizedProfile],
    cfg: &SurvivorshipConfig,
) -> GoldenRecord {
    let recs = collect_records(members, profiles, normalized, cfg);
    let mut records: Vec<RecordRef> = recs.iter().map(Rec::rref).collect();
    records.dedup();

    // Field names are allocated only for the fields present.
    let mut fields = BTreeMap::new();
    let mut put = |name: &str, field: Option<GoldenField>| {
        if let Some(f) = field {
            fields.insert(name.to_string(), f);
        }
    };
    let mut scratch = String::new();
    for (name, part) in [
        ("given_name", NamePart::Given),
        ("middle_name", NamePart::Middle),
        ("family_name", NamePart::Family),
    ] {
        let obs = name_obs(&recs, part, &mut scratch);
        put(name, choose(&recs, &obs, cfg.names, false));
    }
    put(
        "date_of_birth",
        choose(&recs, &date_obs(&recs), cfg.date_of_birth, false),
    );
    put("email", choose(&recs, &email_obs(&recs), cfg.emails, true));
    put("phone", choose(&recs, &phone_obs(&recs), cfg.phones, true));
    put(
        "address",
        choose(&recs, &address_obs(&recs), cfg.addresses, true),
    );
    for (kind, obs) in identifier_obs(&recs) {
        if let Some(f) = choose(&recs, &obs, cfg.identifiers, true) {
            fields.insert(format!("id:{kind}"), f);
        }
    }
    for (name, obs) in attribute_obs(&recs) {
        if let Some(f) = choose(&recs, &obs, cfg.attributes, false) {
            fields.insert(format!("attr:{name}"), f);
        }
    }
    for ch in Channel::ALL {
        if let Some(f) = consent(&recs, ch, cfg.record_time_for_grants) {
            fields.insert(format!("consent_{}", ch.as_str()), f);
        }
    }

    GoldenRecord {
        cluster_id: cluster_id.to_string(),
        records,
        fields,
    }
}

/// One member record with its precomputed ranks.
struct Rec<'a> {
    p: &'a Profile,
    n: &'a NormalizedProfile,
    /// Position in `source_priority`, or its length when unlisted.
    src_rank: usize,
    /// Position in recency order (latest `updated_at` first, then source priority, then
    /// (source, record_id)).
    recent: usize,
}

impl Rec<'_> {
    fn rref(&self) -> RecordRef {
        RecordRef::new(&self.p.source, &self.p.id)
    }

    /// Same (source, record_id) as `other`.
    fn same_ref(&self, other: &Rec<'_>) -> bool {
        self.p.source == other.p.source && self.p.id == other.p.id
    }
}

/// Members in (source, record_id, index) order, each index once, with ranks filled in.
fn collect_records<'a>(
    members: &[u32],
    profiles: &'a [Profile],
    normalized: &'a [NormalizedProfile],
    cfg: &SurvivorshipConfig,
) -> Vec<Rec<'a>> {
    let mut idx: Vec<usize> = members
        .iter()
        .map(|&m| m as usize)
        .filter(|&i| i < profiles.len() && i < normalized.len())
        .collect();
    idx.sort_unstable();
    idx.dedup();
    idx.sort_by(|&a, &b| {
        let (pa, pb) = (&profiles[a], &profiles[b]);
        (&pa.source, &pa.id, a).cmp(&(&pb.source, &pb.id, b))
    });
    let rank = |source: &str| {
        cfg.source_priority
            .iter()
            .position(|s| s == source)
            .unwrap_or(cfg.source_priority.len())
    };
    let mut recs: Vec<Rec<'a>> = idx
        .iter()
        .map(|&i| Rec {
            p: &profiles[i],
            n: &normalized[i],
            src_rank: rank(&profiles[i].source),
            recent: 0,
        })
        .collect();
    // Recency order; the canonical position breaks the last ties.
    let mut order: Vec<usize> = (0..recs.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&recs[a], &recs[b]);
        rb.p.updated_at
            .cmp(&ra.p.updated_at)
            .then(ra.src_rank.cmp(&rb.src_rank))
            .then(a.cmp(&b))
    });
    for (pos, &r) in order.iter().enumerate() {
        recs[r].recent = pos;
    }
    recs
}

/// One valid value of one record: its normalized key, a raw spelling to display, and how
/// complete it is. `rec` is the record's canonical position, `pos` the value's position in it.
/// Observations of one field come in (rec, pos) order.
struct Obs<'a> {
    rec: usize,
    pos: usize,
    key: Cow<'a, str>,
    /// The raw spelling, `None` when it is the key itself (phones, dates).
    raw: Option<Cow<'a, str>>,
    completeness: u64,
}

impl Obs<'_> {
    fn raw(&self) -> &str {
        self.raw.as_deref().unwrap_or(&self.key)
    }
}

/// All observations of one value group, summarized.
struct Group<'o> {
    key: &'o str,
    /// Supporting records (canonical positions), ascending, distinct.
    recs: SmallVec<[usize; 4]>,
    max_ts: Option<Timestamp>,
    best_rank: usize,
    /// (canonical position, value position) of the first observation.
    first: (usize, usize),
    /// (recency position, value position) of the most recent observation.
    best_recent: (usize, usize),
    completeness: u64,
    /// The group's observations: indices into `obs`, in (rec, pos) order.
    obs: SmallVec<[usize; 4]>,
}

/// The value groups of `obs`, in key order.
fn group<'o>(recs: &[Rec<'_>], obs: &'o [Obs<'_>]) -> Vec<Group<'o>> {
    // A stable sort by key keeps each group's observations in (rec, pos) order.
    let mut by_key: Vec<usize> = (0..obs.len()).collect();
    by_key.sort_by(|&a, &b| obs[a].key.cmp(&obs[b].key));
    let mut groups: Vec<Group<'o>> = Vec::new();
    for i in by_key {
        let o = &obs[i];
        let r = &recs[o.rec];
        let g = match groups.last_mut() {
            Some(g) if g.key == o.key => g,
            _ => {
                groups.push(Group {
                    key: &o.key,
                    recs: SmallVec::new(),
                    max_ts: None,
                    best_rank: usize::MAX,
                    first: (o.rec, o.pos),
                    best_recent: (r.recent, o.pos),
                    completeness: 0,
                    obs: SmallVec::new(),
                });
                groups.last_mut().expect("just pushed")
            }
        };
        // Observations arrive in canonical record order, so a repeat is always the last one.
        if g.recs.last() != Some(&o.rec) {
            g.recs.push(o.rec);
        }
        g.max_ts = g.max_ts.max(r.p.updated_at);
        g.best_rank = g.best_rank.min(r.src_rank);
        g.first = g.first.min((o.rec, o.pos));
        g.best_recent = g.best_recent.min((r.recent, o.pos));
        g.completeness = g.completeness.max(o.completeness);
        g.obs.push(i);
    }
    groups
}

fn cmp_frequent(a: &Group<'_>, b: &Group<'_>) -> Ordering {
    b.recs
        .len()
        .cmp(&a.recs.len())
        .then(b.max_ts.cmp(&a.max_ts))
        .then(a.best_rank.cmp(&b.best_rank))
        .then(a.first.cmp(&b.first))
        .then(a.key.cmp(b.key))
}

fn cmp_rule(rule: Rule, a: &Group<'_>, b: &Group<'_>) -> Ordering {
    match rule {
        Rule::MostRecent | Rule::LatestStatement => a.best_recent.cmp(&b.best_recent),
        Rule::SourcePriority => a.best_rank.cmp(&b.best_rank),
        Rule::MostComplete => b.completeness.cmp(&a.completeness),
        Rule::MostFrequent | Rule::Union => Ordering::Equal,
    }
    .then_with(|| cmp_frequent(a, b))
}

/// How much a spelling shows of the original: diacritics (2), mixed case (1).
fn quality(s: &str) -> u8 {
    let accents = s.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    let mixed = s.chars().any(char::is_uppercase) && s.chars().any(char::is_lowercase);
    2 * u8::from(accents) + u8::from(mixed)
}

/// One raw spelling of a value group: its records, best recency and first sighting.
struct Spelling<'o> {
    text: &'o str,
    quality: u8,
    count: usize,
    best_recent: usize,
    first: (usize, usize),
}

fn representative<'o>(recs: &[Rec<'_>], obs: &'o [Obs<'_>], g: &Group<'o>) -> &'o str {
    let first = obs[g.obs[0]].raw();
    if g.obs.iter().all(|&i| obs[i].raw() == first) {
        return first;
    }
    // Several spellings: a stable sort by text keeps each one's observations in (rec, pos)
    // order.
    let mut by_raw: SmallVec<[usize; 8]> = g.obs.clone().into_iter().collect();
    by_raw.sort_by(|&a, &b| obs[a].raw().cmp(obs[b].raw()));
    let mut best: Option<Spelling<'o>> = None;
    let mut at = 0;
    while at < by_raw.len() {
        let o = &obs[by_raw[at]];
        let mut s = Spelling {
            text: o.raw(),
            quality: 0,
            count: 0,
            best_recent: usize::MAX,
            first: (o.rec, o.pos),
        };
        let mut last_rec = usize::MAX;
        while at < by_raw.len() && obs[by_raw[at]].raw() == s.text {
            let o = &obs[by_raw[at]];
            if o.rec != last_rec {
                s.count += 1;
                last_rec = o.rec;
            }
            s.best_recent = s.best_recent.min(recs[o.rec].recent);
            s.first = s.first.min((o.rec, o.pos));
            at += 1;
        }
        s.quality = quality(s.text);
        // Better: more quality, then more records, then more recent, then seen first, then
        // the smaller text.
        let better = best.as_ref().is_none_or(|b| {
            b.quality
                .cmp(&s.quality)
                .then(b.count.cmp(&s.count))
                .then(s.best_recent.cmp(&b.best_recent))
                .then(s.first.cmp(&b.first))
                .then(s.text.cmp(b.text))
                .is_lt()
        });
        if better {
            best = Some(s);
        }
    }
    best.map_or(g.key, |b| b.text)
}

/// Sources and records of the canonical positions `positions` (ascending, distinct).
fn provenance(recs: &[Rec<'_>], positions: &[usize]) -> (Vec<String>, Vec<RecordRef>) {
    let mut records: Vec<RecordRef> = Vec::with_capacity(positions.len());
    let mut sources: Vec<String> = Vec::new();
    let mut last: Option<&Rec<'_>> = None;
    // Canonical order is (source, record_id) order: the records come out sorted, and a
    // repeated reference or source is the previous one.
    for r in positions.iter().map(|&i| &recs[i]) {
        match last {
            Some(l) if l.same_ref(r) => continue,
            Some(l) if l.p.source == r.p.source => {}
            _ => sources.push(r.p.source.clone()),
        }
        records.push(r.rref());
        last = Some(r);
    }
    (sources, records)
}

/// Applies `rule` to the observations of one field. `multi`: the field is multi-valued, so its
/// value is always a list.
fn choose(recs: &[Rec<'_>], obs: &[Obs<'_>], rule: Rule, multi: bool) -> Option<GoldenField> {
    let mut groups = group(recs, obs);
    if rule == Rule::Union {
        if groups.is_empty() {
            return None;
        }
        groups.sort_by(|a, b| cmp_rule(rule, a, b));
        let mut all: Vec<usize> = Vec::new();
        let mut values = Vec::with_capacity(groups.len());
        let mut support = Vec::with_capacity(groups.len());
        for g in &groups {
            let value = representative(recs, obs, g).to_string();
            let (sources, records) = provenance(recs, &g.recs);
            all.extend_from_slice(&g.recs);
            values.push(value.clone());
            support.push(Support {
                value,
                sources,
                records,
            });
        }
        if groups.len() > 1 {
            all.sort_unstable();
            all.dedup();
        }
        let (sources, records) = provenance(recs, &all);
        return Some(GoldenField {
            value: GoldenValue::Many(values),
            rule,
            sources,
            records,
            support,
        });
    }
    // The rule's order is total (it ends with the key), so the first group is the minimum.
    let g = groups.iter().min_by(|a, b| cmp_rule(rule, a, b))?;
    let v = representative(recs, obs, g).to_string();
    let (sources, records) = provenance(recs, &g.recs);
    Some(GoldenField {
        value: if multi {
            GoldenValue::Many(vec![v])
        } else {
            GoldenValue::One(v)
        },
        rule,
        sources,
        records,
        support: Vec::new(),
    })
}

#[derive(Clone, Copy)]
enum NamePart {
    Given,
    Middle,
    Family,
}

/// `scratch` is a reusable buffer for folding.
fn name_obs<'a>(recs: &[Rec<'a>], part: NamePart, scratch: &mut String) -> Vec<Obs<'a>> {
    let mut out = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        let (folded, raw_field): (Option<&'a str>, &'a Option<String>) = match part {
            NamePart::Given => (r.n.given.as_ref().map(|k| &*k.text), &r.p.given_name),
            NamePart::Middle => (r.n.middle.as_deref(), &r.p.middle_name),
            NamePart::Family => (r.n.family.as_ref().map(|k| &*k.text), &r.p.family_name),
        };
        let Some(folded) = folded.filter(|f| !f.is_empty()) else {
            continue;
        };
        let raw = [raw_field, &r.p.full_name]
            .into_iter()
            .filter_map(|o| o.as_deref())
            .find_map(|raw| raw_spelling(raw, folded, scratch))
            .unwrap_or(Cow::Borrowed(folded));
        out.push(Obs {
            rec: i,
            pos: 0,
            key: Cow::Borrowed(folded),
            raw: Some(raw),
            completeness: folded.chars().count() as u64,
        });
    }
    out
}

/// The raw words of `raw` that fold to `folded`: the whole text, or the first run of words.
/// `scratch` is a reusable buffer for folding.
fn raw_spelling<'r>(raw: &'r str, folded: &str, scratch: &mut String) -> Option<Cow<'r, str>> {
    let raw = raw.trim();
    scratch.clear();
    fold_into(raw, scratch);
    if scratch == folded {
        return Some(Cow::Borrowed(raw));
    }
    let words: Vec<&str> = raw
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(16)
        .collect();
    for start in 0..words.len() {
        for end in start + 1..=words.len().min(start + 6) {
            let run = words[start..end].join(" ");
            scratch.clear();
            fold_into(&run, scratch);
            if scratch == folded {
                return Some(Cow::Owned(run));
            }
        }
    }
    None
}

fn date_obs<'a>(recs: &[Rec<'a>]) -> Vec<Obs<'a>> {
    recs.iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let d = r.n.date_of_birth?;
            Some(Obs {
                rec: i,
                pos: 0,
                key: Cow::Owned(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
                raw: None,
                completeness: 0,
            })
        })
        .collect()
}

fn phone_obs<'a>(recs: &[Rec<'a>]) -> Vec<Obs<'a>> {
    let mut out = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        for (pos, k) in r.n.phones.iter().enumerate() {
            if k.e164 == 0 {
                continue;
            }
            let e164 = k.to_e164();
            out.push(Obs {
                rec: i,
                pos,
                completeness: (e164.len() - 1) as u64,
                key: Cow::Owned(e164),
                raw: None,
            });
        }
    }
    out
}

fn email_obs<'a>(recs: &[Rec<'a>]) -> Vec<Obs<'a>> {
    let mut out = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        for (pos, raw) in r.p.emails.iter().enumerate() {
            let Ok(e) = email::normalize_email(raw) else {
                continue;
            };
            // Only values the matcher kept: the normalized profile is the authority.
            if !r.n.emails.iter().any(|k| *k.canonical == *e.canonical()) {
                continue;
            }
            out.push(Obs {
                rec: i,
                pos,
                key: Cow::Owned(e.canonical().to_string()),
                raw: Some(Cow::Owned(e.address().to_string())),
                completeness: e.canonical().chars().count() as u64,
            });
        }
    }
    out
}

fn address_obs<'a>(recs: &[Rec<'a>]) -> Vec<Obs<'a>> {
    let mut out = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        if r.n.addresses.is_empty() {
            continue;
        }
        for (pos, raw) in r.p.addresses.iter().enumerate() {
            let Ok(a) = address::normalize_address(raw, None) else {
                continue;
            };
            let key = a.key();
            if key.is_empty() {
                continue;
            }
            let parts = [
                &a.house_number,
                &a.street,
                &a.unit,
                &a.city,
                &a.region,
                &a.postcode,
                &a.postcode_ext,
                &a.country,
            ]
            .iter()
            .filter(|p| p.is_some())
            .count() as u64;
            let mut line = String::new();
            for part in [
                &raw.street,
                &raw.unit,
                &raw.city,
                &raw.region,
                &raw.postcode,
                &raw.country,
            ]
            .into_iter()
            .filter_map(|p| p.as_deref().map(str::trim).filter(|s| !s.is_empty()))
            {
                if !line.is_empty() {
                    line.push_str(", ");
                }
                line.push_str(part);
            }
            out.push(Obs {
                rec: i,
                pos,
                completeness: parts * 10_000 + (key.len() as u64).min(9_999),
                key: Cow::Owned(key),
                raw: Some(Cow::Owned(line)),
            });
        }
    }
    out
}

/// Identifier observations per kind, named after the kind's most frequent spelling.
fn identifier_obs<'a>(recs: &[Rec<'a>]) -> Vec<(&'a str, Vec<Obs<'a>>)> {
    // Compact kind → (spelling → count, observations).
    type Kind<'a> = (BTreeMap<&'a str, usize>, Vec<Obs<'a>>);
    let mut kinds: BTreeMap<String, Kind<'a>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        for (pos, id) in r.p.identifiers.iter().enumerate() {
            let kind = fold_compact(&id.kind);
            let value = fold_compact(&id.value);
            if kind.is_empty() || value.is_empty() {
                continue;
            }
            let entry = kinds.entry(kind).or_default();
            *entry.0.entry(id.kind.trim()).or_default() += 1;
            entry.1.push(Obs {
                rec: i,
                pos,
                completeness: value.chars().count() as u64,
                key: Cow::Owned(value),
                raw: Some(Cow::Borrowed(id.value.trim())),
            });
        }
    }
    kinds
        .into_values()
        .map(|(spellings, obs)| {
            let name = spellings
                .iter()
                .min_by(|(sa, a), (sb, b)| b.cmp(a).then(sa.cmp(sb)))
                .map_or("", |(s, _)| *s);
            (name, obs)
        })
        .collect()
}

fn attribute_obs<'a>(recs: &[Rec<'a>]) -> BTreeMap<&'a str, Vec<Obs<'a>>> {
    let mut out: BTreeMap<&'a str, Vec<Obs<'a>>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        for (name, value) in &r.p.attributes {
            let raw = value.trim();
            if raw.is_empty() {
                continue;
            }
            let folded = fold(raw);
            let key = if folded.is_empty() {
                Cow::Borrowed(raw)
            } else {
                Cow::Owned(folded)
            };
            out.entry(name.as_str()).or_default().push(Obs {
                rec: i,
                pos: 0,
                completeness: raw.chars().count() as u64,
                key,
                raw: Some(Cow::Borrowed(raw)),
            });
        }
    }
    out
}

/// One consent statement with the bound that matters for its state: an upper bound for a
/// withdrawal (`None` = unknown, may be the latest), a lower bound for a grant (`None` = unknown,
/// never beats a withdrawal).
struct Statement {
    rec: usize,
    time: Option<Timestamp>,
}

fn consent(recs: &[Rec<'_>], ch: Channel, record_time_for_grants: bool) -> Option<GoldenField> {
    let mut grants = Vec::new();
    let mut withdrawals = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        for c in r.p.consents.iter().filter(|c| c.channel == ch) {
            match c.state {
                ConsentState::Withdrawn => withdrawals.push(Statement {
                    rec: i,
                    time: c.at.or(r.p.updated_at),
                }),
                ConsentState::Granted => grants.push(Statement {
                    rec: i,
                    time: if record_time_for_grants {
                        c.at.or(r.p.updated_at)
                    } else {
                        c.at
                    },
                }),
            }
        }
    }
    // An unknown withdrawal time counts as the latest possible; an unknown grant time as the
    // earliest possible.
    let w_time = |s: &Statement| s.time.unwrap_or(Timestamp::MAX);
    let g_time = |s: &Statement| s.time.unwrap_or(Timestamp::MIN);
    let latest_w = withdrawals.iter().map(w_time).max();
    let latest_g = grants.iter().map(g_time).max();
    let (state, mut winners): (&str, Vec<usize>) = match (latest_g, latest_w) {
        (None, None) => return None,
        (Some(g), w) if w.is_none() || (g != Timestamp::MIN && Some(g) > w) => (
            "granted",
            grants
                .iter()
                .filter(|s| g_time(s) == g)
                .map(|s| s.rec)
                .collect(),
        ),
        (_, Some(w)) => (
            "withdrawn",
            withdrawals
                .iter()
                .filter(|s| w_time(s) == w)
                .map(|s| s.rec)
                .collect(),
        ),
        // Unreachable: a grant exists whenever there is no withdrawal.
        (Some(_), None) => return None,
    };
    // Statements come in record order; a record may make several.
    winners.dedup();
    let (sources, records) = provenance(recs, &winners);
    Some(GoldenField {
        value: GoldenValue::One(state.to_string()),
        rule: Rule::LatestStatement,
        sources,
        records,
        support: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize_profile, NormalizeConfig};
    use crate::profile::{Consent, PostalAddress};

    fn run(profiles: &[Profile], cfg: &SurvivorshipConfig) -> GoldenRecord {
        let ncfg = NormalizeConfig::default();
        let normalized: Vec<_> = profiles
            .iter()
            .map(|p| normalize_profile(p, &ncfg))
            .collect();
        let members: Vec<u32> = (0..profiles.len() as u32).collect();
        golden_record("c", &members, profiles, &normalized, cfg)
    }

    fn one(g: &GoldenRecord, field: &str) -> Option<String> {
        g.fields
            .get(field)
            .and_then(|f| f.value.as_str())
            .map(str::to_string)
    }

    fn list(g: &GoldenRecord, field: &str) -> Vec<String> {
        g.fields
            .get(field)
            .map(|f| f.value.values().to_vec())
            .unwrap_or_default()
    }

    fn given(source: &str, id: &str, name: &str, ts: Option<Timestamp>) -> Profile {
        let p = Profile::new(source, id).with_given_name(name);
        match ts {
            Some(t) => p.with_updated_at(t),
            None => p,
        }
    }

    #[test]
    fn rule_display_and_serde_are_snake_case() {
        let cases = [
            (Rule::MostRecent, "most_recent"),
            (Rule::MostFrequent, "most_frequent"),
            (Rule::SourcePriority, "source_priority"),
            (Rule::MostComplete, "most_complete"),
            (Rule::Union, "union"),
            (Rule::LatestStatement, "latest_statement"),
        ];
        for (rule, name) in cases {
            assert_eq!(rule.to_string(), name);
            assert_eq!(rule.as_str(), name);
        }
    }

    /// (rule, source priority, records as (source, id, given name, updated_at), expected given name)
    type RuleCase = (
        Rule,
        &'static [&'static str],
        &'static [(&'static str, &'static str, &'static str, Option<Timestamp>)],
        &'static str,
    );

    #[rustfmt::skip]
    const SINGLE_VALUE_CASES: &[RuleCase] = &[
        // MostRecent: latest updated_at wins.
        (Rule::MostRecent, &[], &[("a", "1", "Ann", Some(5)), ("b", "1", "Anna", Some(9)), ("c", "1", "Ann", Some(1))], "Anna"),
        // MostRecent: records without a timestamp count as oldest.
        (Rule::MostRecent, &[], &[("a", "1", "Ann", None), ("b", "1", "Anna", Some(1))], "Anna"),
        // MostRecent: equal timestamps → source priority.
        (Rule::MostRecent, &["b", "a"], &[("a", "1", "Ann", Some(5)), ("b", "1", "Anna", Some(5))], "Anna"),
        // MostRecent: equal timestamps, no priority → smallest (source, record_id).
        (Rule::MostRecent, &[], &[("b", "1", "Anna", Some(5)), ("a", "2", "Ann", Some(5)), ("a", "3", "Annie", Some(5))], "Ann"),
        // MostFrequent: most records, by folded form; equal-quality spellings → the most recent.
        (Rule::MostFrequent, &[], &[("a", "1", "ANN", Some(9)), ("b", "1", "ann", Some(1)), ("c", "1", "Anna", Some(10))], "ANN"),
        // MostFrequent: tie → recency.
        (Rule::MostFrequent, &[], &[("a", "1", "Ann", Some(1)), ("b", "1", "Anna", Some(2))], "Anna"),
        // MostFrequent: tie, same recency → source priority.
        (Rule::MostFrequent, &["b"], &[("a", "1", "Ann", Some(2)), ("b", "1", "Anna", Some(2))], "Anna"),
        // MostFrequent: full tie → smallest (source, record_id).
        (Rule::MostFrequent, &[], &[("b", "1", "Anna", None), ("a", "1", "Ann", None)], "Ann"),
        // MostFrequent: displayed spelling prefers diacritics / mixed case over caps and lower.
        (Rule::MostFrequent, &[], &[("a", "1", "JOSE", None), ("b", "1", "jose", None), ("c", "1", "José", None), ("d", "1", "JOSE", None)], "José"),
        // SourcePriority: first listed source having the field.
        (Rule::SourcePriority, &["c", "b"], &[("a", "1", "Ann", Some(9)), ("a", "2", "Ann", Some(9)), ("b", "1", "Anna", Some(1))], "Anna"),
        // SourcePriority: no listed source has it → MostFrequent.
        (Rule::SourcePriority, &["z"], &[("a", "1", "Ann", None), ("a", "2", "Ann", None), ("b", "1", "Anna", Some(9))], "Ann"),
        // SourcePriority: two values from the top source → MostFrequent among them.
        (Rule::SourcePriority, &["a"], &[("a", "1", "Ann", Some(9)), ("a", "2", "Bea", None), ("b", "1", "Bea", None)], "Bea"),
        // MostComplete: longest folded name.
        (Rule::MostComplete, &[], &[("a", "1", "Kate", Some(9)), ("a", "2", "Kate", None), ("b", "1", "Katherine", None)], "Katherine"),
        // MostComplete: tie in length → MostFrequent order.
        (Rule::MostComplete, &[], &[("a", "1", "Anne", None), ("b", "1", "Anna", None), ("c", "1", "Anna", None)], "Anna"),
        // LatestStatement on a non-consent field behaves as MostRecent.
        (Rule::LatestStatement, &[], &[("a", "1", "Ann", Some(5)), ("b", "1", "Anna", Some(9)), ("c", "1", "Ann", Some(1))], "Anna"),
    ];

    #[test]
    fn single_value_rules() {
        for (i, (rule, priority, rows, want)) in SINGLE_VALUE_CASES.iter().enumerate() {
            let profiles: Vec<Profile> = rows
                .iter()
                .map(|(s, id, n, ts)| given(s, id, n, *ts))
                .collect();
            let cfg = SurvivorshipConfig::default()
                .with_names(*rule)
                .with_source_priority(priority.iter().copied());
            let g = run(&profiles, &cfg);
            assert_eq!(one(&g, "given_name").as_deref(), Some(*want), "case {i}");
            assert_eq!(g.fields["given_name"].rule, *rule, "case {i}");
        }
    }

    #[test]
    fn provenance_lists_supporting_records() {
        let profiles = [
            given("shop", "2", "Ann", None),
            given("crm", "1", "ANN", None),
            given("crm", "3", "Bea", None),
        ];
        let g = run(&profiles, &SurvivorshipConfig::default());
        let f = &g.fields["given_name"];
        assert_eq!(f.sources, ["crm", "shop"]);
        assert_eq!(
            f.records,
            [RecordRef::new("crm", "1"), RecordRef::new("shop", "2")]
        );
        assert!(f.support.is_empty());
        assert_eq!(
            g.records,
            [
                RecordRef::new("crm", "1"),
                RecordRef::new("crm", "3"),
                RecordRef::new("shop", "2")
            ]
        );
    }

    #[test]
    fn full_name_only_records_use_parsed_parts() {
        let profiles = [
            Profile::new("a", "1").with_full_name("Maria Garcia"),
            Profile::new("b", "1")
                .with_given_name("MARIA")
                .with_family_name("GARCIA"),
        ];
        let g = run(&profiles, &SurvivorshipConfig::default());
        assert_eq!(one(&g, "given_name").as_deref(), Some("Maria"));
        assert_eq!(one(&g, "family_name").as_deref(), Some("Garcia"));
        assert_eq!(g.fields["given_name"].records.len(), 2);
    }

    #[test]
    fn raw_spelling_finds_word_runs() {
        let cases = [
            ("José", "jose", Some("José")),
            ("Dr. José Smith", "jose", Some("José")),
            ("Van Der Berg, Ann", "van der berg", Some("Van Der Berg")),
            ("Smith", "jones", None),
        ];
        for (raw, folded, want) in cases {
            let mut scratch = String::new();
            assert_eq!(
                raw_spelling(raw, folded, &mut scratch).as_deref(),
                want,
                "{raw}"
            );
        }
    }

    #[test]
    fn union_dedupes_and_orders_by_support() {
        let profiles = [
            Profile::new("a", "1")
                .with_email("x@example.com")
                .with_email("shared@example.com")
                .with_updated_at(1),
            Profile::new("b", "1")
                .with_email("Shared@Example.com")
                .with_email("y@example.com")
                .with_updated_at(5),
            Profile::new("c", "1")
                .with_email("not an email")
                .with_updated_at(9),
        ];
        let g = run(&profiles, &SurvivorshipConfig::default());
        // shared: 2 records; then y (more recent) before x.
        assert_eq!(
            list(&g, "email"),
            ["shared@example.com", "y@example.com", "x@example.com"]
        );
        let f = &g.fields["email"];
        assert_eq!(f.rule, Rule::Union);
        assert_eq!(f.sources, ["a", "b"]);
        assert_eq!(f.support.len(), 3);
        assert_eq!(f.support[0].sources, ["a", "b"]);
        assert_eq!(f.support[1].records, [RecordRef::new("b", "1")]);
    }

    #[test]
    fn union_dedupes_by_canonical_email() {
        // Gmail ignores dots and case and googlemail.com is gmail.com: one mailbox, one value,
        // supported by both records. A different mailbox stays a second value.
        let profiles = [
            Profile::new("a", "1").with_email("J.Smith@Gmail.com"),
            Profile::new("b", "1").with_email("jsmith@googlemail.com"),
            Profile::new("c", "1").with_email("j.smith@yahoo.com"),
        ];
        let g = run(&profiles, &SurvivorshipConfig::default());
        let emails = list(&g, "email");
        assert_eq!(emails.len(), 2, "{emails:?}");
        let at = |d: &str| {
            emails
                .iter()
                .filter(|e| e.to_lowercase().ends_with(d))
                .count()
        };
        assert_eq!((at("@gmail.com"), at("@yahoo.com")), (1, 1), "{emails:?}");
    }

    #[test]
    fn multi_valued_fields_are_lists_under_any_rule() {
        let profiles = [
            Profile::new("a", "1")
                .with_phone("+1 415 555 0134")
                .with_updated_at(1),
            Profile::new("b", "1")
                .with_phone("(415) 555-0199")
                .with_updated_at(2),
        ];
        let cases = [
            (Rule::Union, vec!["+14155550199", "+14155550134"]),
            (Rule::MostRecent, vec!["+14155550199"]),
            (Rule::SourcePriority, vec!["+14155550199"]),
        ];
        for (rule, want) in cases {
            let cfg = SurvivorshipConfig::default()
                .with_phones(rule)
                .with_source_priority(["b"]);
            let g = run(&profiles, &cfg);
            assert!(
                matches!(g.fields["phone"].value, GoldenValue::Many(_)),
                "{rule}"
            );
            assert_eq!(list(&g, "phone"), want, "{rule}");
        }
    }

    #[test]
    fn addresses_most_complete_and_union() {
        let short = PostalAddress::new().with_street("12 Main St");
        let full = PostalAddress::new()
            .with_street("12 Main St")
            .with_unit("Apt 4")
            .with_city("Boston")
            .with_postcode("02139");
        let profiles = [
            Profile::new("a", "1").with_address(short.clone()),
            Profile::new("b", "1").with_address(short),
            Profile::new("c", "1").with_address(full),
        ];
        let g = run(
            &profiles,
            &SurvivorshipConfig::default().with_addresses(Rule::MostComplete),
        );
        assert_eq!(list(&g, "address"), ["12 Main St, Apt 4, Boston, 02139"]);
        let g = run(&profiles, &SurvivorshipConfig::default());
        assert_eq!(list(&g, "address")[0], "12 Main St");
        assert_eq!(list(&g, "address").len(), 2);
    }

    #[test]
    fn dates_identifiers_and_attributes() {
        let profiles = [
            Profile::new("a", "1")
                .with_date_of_birth("1985-03-12")
                .with_identifier("Loyalty No", "A-123")
                .with_attribute("tier", "gold")
                .with_updated_at(1),
            Profile::new("b", "1")
                .with_date_of_birth("19850312")
                .with_identifier("loyalty_no", "a123")
                .with_identifier("loyalty_no", "B-9")
                .with_attribute("tier", "silver")
                .with_attribute("note", "  ")
                .with_updated_at(2),
        ];
        let g = run(&profiles, &SurvivorshipConfig::default());
        assert_eq!(one(&g, "date_of_birth").as_deref(), Some("1985-03-12"));
        assert_eq!(g.fields["date_of_birth"].records.len(), 2);
        let ids = list(&g, "id:loyalty_no");
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[1], "B-9");
        assert_eq!(one(&g, "attr:tier").as_deref(), Some("silver"));
        assert!(!g.fields.contains_key("attr:note"));
    }

    fn with_consent(p: Profile, state: ConsentState, at: Option<Timestamp>) -> Profile {
        let c = Consent::new(Channel::Email, state);
        p.with_consent(match at {
            Some(t) => c.at(t),
            None => c,
        })
    }

    /// (records as (source, updated_at, state, at), expected, winning sources)
    type ConsentCase = (
        &'static [(
            &'static str,
            Option<Timestamp>,
            ConsentState,
            Option<Timestamp>,
        )],
        Option<&'static str>,
        &'static [&'static str],
    );

    const G: ConsentState = ConsentState::Granted;
    const W: ConsentState = ConsentState::Withdrawn;

    #[rustfmt::skip]
    const CONSENT_CASES: &[ConsentCase] = &[
        // Newer grant after an older withdrawal.
        (&[("a", None, W, Some(10)), ("b", None, G, Some(20))], Some("granted"), &["b"]),
        // Older grant, newer withdrawal.
        (&[("a", None, G, Some(10)), ("b", None, W, Some(20))], Some("withdrawn"), &["b"]),
        // No timestamps: withdrawal wins.
        (&[("a", None, G, None), ("b", None, W, None)], Some("withdrawn"), &["b"]),
        // Equal timestamps: withdrawal wins.
        (&[("a", None, G, Some(10)), ("b", None, W, Some(10))], Some("withdrawn"), &["b"]),
        // Untimed withdrawal in a record without updated_at beats a timed grant.
        (&[("a", None, G, Some(99)), ("b", None, W, None)], Some("withdrawn"), &["b"]),
        // Untimed withdrawal in a record updated before a timed grant: the grant is newer.
        (&[("a", None, G, Some(99)), ("b", Some(50), W, None)], Some("granted"), &["a"]),
        // Untimed withdrawal in a record updated after the grant.
        (&[("a", None, G, Some(99)), ("b", Some(150), W, None)], Some("withdrawn"), &["b"]),
        // Untimed withdrawal in a record updated exactly at the grant: withdrawal wins.
        (&[("a", None, G, Some(99)), ("b", Some(99), W, None)], Some("withdrawn"), &["b"]),
        // Untimed grant in a newer record never overrides a withdrawal (default config).
        (&[("a", Some(200), G, None), ("b", None, W, Some(100))], Some("withdrawn"), &["b"]),
        // Three sources: the latest statement wins.
        (&[("a", None, W, Some(10)), ("b", None, G, Some(30)), ("c", None, W, Some(20))], Some("granted"), &["b"]),
        (&[("a", None, G, Some(10)), ("b", None, W, Some(30)), ("c", None, G, Some(20))], Some("withdrawn"), &["b"]),
        (&[("a", None, G, Some(40)), ("b", None, W, Some(30)), ("c", None, G, Some(40))], Some("granted"), &["a", "c"]),
        // Only grants / only withdrawals.
        (&[("a", None, G, None), ("b", None, G, Some(5))], Some("granted"), &["b"]),
        (&[("a", None, W, Some(1)), ("b", None, W, Some(1))], Some("withdrawn"), &["a", "b"]),
        // No statement: absent.
        (&[], None, &[]),
    ];

    #[test]
    fn consent_latest_statement() {
        for (i, (rows, want, winners)) in CONSENT_CASES.iter().enumerate() {
            let mut profiles: Vec<Profile> = rows
                .iter()
                .enumerate()
                .map(|(j, (s, upd, state, at))| {
                    let mut p = Profile::new(*s, j.to_string());
                    p.updated_at = *upd;
                    with_consent(p, *state, *at)
                })
                .collect();
            profiles.push(Profile::new("z", "x").with_given_name("Ann"));
            let g = run(&profiles, &SurvivorshipConfig::default());
            assert_eq!(one(&g, "consent_email").as_deref(), *want, "case {i}");
            if let Some(f) = g.fields.get("consent_email") {
                assert_eq!(f.rule, Rule::LatestStatement, "case {i}");
                assert_eq!(f.sources, *winners, "case {i}");
            }
            assert!(!g.fields.contains_key("consent_sms"), "case {i}");
        }
    }

    #[test]
    fn record_time_for_grants_is_opt_in() {
        let profiles = [
            with_consent(Profile::new("a", "1").with_updated_at(200), G, None),
            with_consent(Profile::new("b", "1"), W, Some(100)),
        ];
        let strict = run(&profiles, &SurvivorshipConfig::default());
        assert_eq!(one(&strict, "consent_email").as_deref(), Some("withdrawn"));
        let lax = run(
            &profiles,
            &SurvivorshipConfig::default().with_record_time_for_grants(true),
        );
        assert_eq!(one(&lax, "consent_email").as_deref(), Some("granted"));
    }

    #[test]
    fn bad_members_are_ignored() {
        let profiles = [given("a", "1", "Ann", None)];
        let normalized = [normalize_profile(&profiles[0], &NormalizeConfig::default())];
        let g = golden_record(
            "c",
            &[0, 0, 7, u32::MAX],
            &profiles,
            &normalized,
            &SurvivorshipConfig::default(),
        );
        assert_eq!(g.records.len(), 1);
        assert_eq!(g.fields["given_name"].records.len(), 1);
        let empty = golden_record("c", &[], &[], &[], &SurvivorshipConfig::default());
        assert!(empty.records.is_empty() && empty.fields.is_empty());
    }

    #[test]
    fn debug_hides_personal_data() {
        let profiles = [given("a", "1", "Zebedee", None).with_email("zeb@example.com")];
        let g = run(&profiles, &SurvivorshipConfig::default());
        let dbg = format!("{g:?} {:?}", g.fields["email"]);
        assert!(!dbg.contains("Zebedee") && !dbg.contains("zeb@"), "{dbg}");
        assert!(dbg.contains("given_name"));
    }
}
