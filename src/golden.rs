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
//! (source, record_id). Out-of-range member indices are ignored. Values are grouped by sorting,
//! so one call costs O(n log n) in the number of values in the cluster.
//!
//! [`GoldenRecordView`] makes the same decisions with the values still borrowed from the
//! records, and serializes (or [writes JSON](GoldenRecordView::write_json)) without copying
//! them: for writing many golden records out.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::normalize::text::{fold, fold_compact, fold_into};
use crate::normalize::{address, email};
use crate::profile::{Channel, ConsentState, NormalizedProfile, Profile, Records, Timestamp};

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
/// let s = Support { value: "+14155550134".into(), sources: vec!["crm".into()], records: vec![0] };
/// assert_eq!(s.records.len(), 1);
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    /// The value, as shown in the field's list.
    pub value: String,
    /// Distinct sources holding it, sorted.
    pub sources: Vec<String>,
    /// Records holding it: positions in the golden record's
    /// [`records`](GoldenRecord::records) list, ascending (see [`GoldenRecord::refs`]).
    pub records: Vec<u32>,
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
/// use selfsame::golden::{GoldenField, GoldenValue, Rule};
/// let f = GoldenField {
///     value: GoldenValue::One("Ann".into()),
///     rule: Rule::MostFrequent,
///     sources: vec!["crm".into()],
///     records: vec![0],
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
    /// Records supporting the chosen value(s): positions in the golden record's
    /// [`records`](GoldenRecord::records) list, ascending (see [`GoldenRecord::refs`]).
    pub records: Vec<u32>,
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
/// {"value": ..., "rule": ..., "sources": [...], "records": [0, 2]}}}`: a field names its
/// supporting records by their positions in the cluster's `records` list, so each record's
/// source and id are written once. `Debug` shows no personal data.
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

impl GoldenRecord {
    /// The records at `positions` of [`records`](Self::records) (a field's or a support's
    /// `records`), in that order; a position out of range is skipped.
    ///
    /// ```
    /// use selfsame::golden::{golden_record, RecordRef, SurvivorshipConfig};
    /// use selfsame::normalize::{normalize_profile, NormalizeConfig};
    /// use selfsame::Profile;
    ///
    /// let profiles = vec![
    ///     Profile::new("shop", "7").with_email("ann@example.com"),
    ///     Profile::new("crm", "1").with_given_name("Ann"),
    /// ];
    /// let normalized: Vec<_> =
    ///     profiles.iter().map(|p| normalize_profile(p, &NormalizeConfig::default())).collect();
    /// let g = golden_record("c-1", &[0, 1], &profiles, &normalized, &SurvivorshipConfig::default());
    /// assert_eq!(g.records, [RecordRef::new("crm", "1"), RecordRef::new("shop", "7")]);
    /// assert_eq!(g.fields["email"].records, [1]);
    /// let who: Vec<_> = g.refs(&g.fields["email"].records).collect();
    /// assert_eq!(who, [&RecordRef::new("shop", "7")]);
    /// ```
    pub fn refs<'s>(&'s self, positions: &'s [u32]) -> impl Iterator<Item = &'s RecordRef> + 's {
        positions
            .iter()
            .filter_map(|&p| self.records.get(usize::try_from(p).ok()?))
    }
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
    golden_record_in(cluster_id, members, profiles, normalized, cfg)
}

/// [`golden_record`] over any [`Records`] (a slice of profiles, or a compact store such as
/// `selfsame::csv::Rows` that builds the members' profiles for the call).
///
/// ```
/// use selfsame::golden::{golden_record, golden_record_in, SurvivorshipConfig};
/// use selfsame::normalize::normalize_profile;
/// use selfsame::Profile;
/// let profiles = vec![
///     Profile::new("crm", "1").with_given_name("Ann").with_email("ann@example.com"),
///     Profile::new("shop", "2").with_given_name("Anne").with_email("ANN@example.com"),
/// ];
/// let normalized: Vec<_> = profiles.iter().map(|p| normalize_profile(p, &Default::default())).collect();
/// let cfg = SurvivorshipConfig::default();
/// let a = golden_record_in("c-1", &[0, 1], &profiles, &normalized, &cfg);
/// assert_eq!(a, golden_record("c-1", &[0, 1], &profiles, &normalized, &cfg));
/// ```
pub fn golden_record_in<R: Records + ?Sized>(
    cluster_id: &str,
    members: &[u32],
    profiles: &R,
    normalized: &[NormalizedProfile],
    cfg: &SurvivorshipConfig,
) -> GoldenRecord {
    let held: SmallVec<[(usize, Cow<'_, Profile>); 4]> = members
        .iter()
        .map(|&m| m as usize)
        .filter(|&i| i < profiles.len() && i < normalized.len())
        .map(|i| (i, profiles.profile(i)))
        .collect();
    let records = held
        .iter()
        .filter_map(|(i, p)| Some((*i, &**p, normalized.get(*i)?)));
    let record = GoldenRecordView::new(cluster_id, records, cfg).to_record();
    record
}

/// The golden record of one cluster with its values still borrowed from the records: what
/// [`golden_record`] decides, before the values are copied out. It serializes to the same JSON
/// as the [`GoldenRecord`] it stands for, so writing many golden records out copies no values;
/// [`GoldenRecordView::to_record`] gives that record. `Debug` shows no personal data.
///
/// ```
/// use selfsame::golden::{golden_record, GoldenRecordView, SurvivorshipConfig};
/// use selfsame::normalize::{normalize_profile, NormalizeConfig};
/// use selfsame::Profile;
///
/// let profiles = vec![
///     Profile::new("crm", "1").with_given_name("Ann").with_email("ann@example.com"),
///     Profile::new("shop", "7").with_given_name("ANN").with_phone("+1 415 555 0134"),
/// ];
/// let normalized: Vec<_> =
///     profiles.iter().map(|p| normalize_profile(p, &NormalizeConfig::default())).collect();
/// let cfg = SurvivorshipConfig::default();
///
/// let records = (0..profiles.len()).map(|i| (i, &profiles[i], &normalized[i]));
/// let view = GoldenRecordView::new("c-1", records, &cfg);
/// let owned = golden_record("c-1", &[0, 1], &profiles, &normalized, &cfg);
/// assert_eq!(view.to_record(), owned);
/// assert_eq!(serde_json::to_string(&view)?, serde_json::to_string(&owned)?);
/// assert_eq!(format!("{view:?}"), r#"GoldenRecordView { cluster_id: "c-1", records: 2, fields: ["email", "given_name", "phone"] }"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub struct GoldenRecordView<'a> {
    cluster_id: &'a str,
    /// The member records in canonical order.
    recs: SmallVec<[Rec<'a>; 4]>,
    /// Canonical positions of the distinct member records.
    members: Positions,
    /// Surviving fields, sorted by name, each name once.
    fields: Vec<(Cow<'a, str>, Chosen<'a>)>,
}

impl<'a> GoldenRecordView<'a> {
    /// Applies survivorship to the records of cluster `cluster_id`, given as (index, record,
    /// normalized record). An index names one record, as `members` do in [`golden_record`]
    /// (such as its position in the resolved slice): a repeated index is ignored, and indices
    /// break the last ties between records with the same source and id. The result does not
    /// depend on the order of `records`.
    ///
    /// ```
    /// use selfsame::golden::{GoldenRecordView, SurvivorshipConfig};
    /// use selfsame::normalize::{normalize_profile, NormalizeConfig};
    /// use selfsame::Profile;
    ///
    /// let p = Profile::new("crm", "1").with_family_name("Lee");
    /// let n = normalize_profile(&p, &NormalizeConfig::default());
    /// let view = GoldenRecordView::new("c-9", [(0, &p, &n), (0, &p, &n)], &SurvivorshipConfig::default());
    /// let g = view.to_record();
    /// assert_eq!(g.records.len(), 1);
    /// assert_eq!(g.fields["family_name"].value.as_str(), Some("Lee"));
    /// ```
    pub fn new<I>(cluster_id: &'a str, records: I, cfg: &SurvivorshipConfig) -> Self
    where
        I: IntoIterator<Item = (usize, &'a Profile, &'a NormalizedProfile)>,
    {
        let recs = collect_records(records, cfg);
        let mut members: Positions = (0..recs.len()).collect();
        distinct_refs(&recs, &mut members);

        let mut fields: Vec<(Cow<'a, str>, Chosen<'a>)> = Vec::with_capacity(12);
        let mut put = |name: Cow<'a, str>, field: Option<Chosen<'a>>| {
            if let Some(f) = field {
                // A name seen again replaces the field, as a map insert would.
                match fields.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = f,
                    None => fields.push((name, f)),
                }
            }
        };
        let mut scratch = String::new();
        for (name, part) in [
            ("given_name", NamePart::Given),
            ("middle_name", NamePart::Middle),
            ("family_name", NamePart::Family),
        ] {
            let obs = name_obs(&recs, part, &mut scratch);
            put(name.into(), choose(&recs, obs, cfg.names, false));
        }
        let date = choose(&recs, date_obs(&recs), cfg.date_of_birth, false);
        put("date_of_birth".into(), date);
        put(
            "email".into(),
            choose(&recs, email_obs(&recs), cfg.emails, true),
        );
        put(
            "phone".into(),
            choose(&recs, phone_obs(&recs), cfg.phones, true),
        );
        let obs = address_obs(&recs, cfg.addresses == Rule::MostComplete);
        let address = choose(&recs, obs, cfg.addresses, true);
        put("address".into(), address);
        for (kind, obs) in identifier_obs(&recs) {
            let field = choose(&recs, obs, cfg.identifiers, true);
            put(format!("id:{kind}").into(), field);
        }
        for (name, obs) in attribute_obs(&recs) {
            let field = choose(&recs, obs, cfg.attributes, false);
            put(format!("attr:{name}").into(), field);
        }
        for ch in Channel::ALL {
            if let Some(field) = consent(&recs, ch, cfg.record_time_for_grants) {
                put(format!("consent_{}", ch.as_str()).into(), Some(field));
            }
        }

        fields.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        GoldenRecordView {
            cluster_id,
            recs,
            members,
            fields,
        }
    }

    /// The owned golden record: what [`golden_record`] returns for the same records.
    ///
    /// ```
    /// use selfsame::golden::{GoldenRecordView, SurvivorshipConfig};
    /// use selfsame::normalize::{normalize_profile, NormalizeConfig};
    /// use selfsame::Profile;
    ///
    /// let p = Profile::new("crm", "1").with_email("ann@example.com");
    /// let n = normalize_profile(&p, &NormalizeConfig::default());
    /// let g = GoldenRecordView::new("c-1", [(0, &p, &n)], &SurvivorshipConfig::default()).to_record();
    /// assert_eq!(g.cluster_id, "c-1");
    /// assert_eq!(g.fields["email"].value.values(), ["ann@example.com"]);
    /// ```
    pub fn to_record(&self) -> GoldenRecord {
        let recs = &self.recs;
        let fields = self
            .fields
            .iter()
            .map(|(name, c)| {
                let value = |p: &Pick| c.value(p).to_string();
                let field = GoldenField {
                    value: if c.list {
                        GoldenValue::Many(c.picks.iter().map(value).collect())
                    } else {
                        GoldenValue::One(c.picks.first().map(value).unwrap_or_default())
                    },
                    rule: c.rule,
                    sources: sources(recs, &c.support).map(str::to_string).collect(),
                    records: member_indices(&self.members, &c.support).collect(),
                    support: if c.rule == Rule::Union {
                        c.picks
                            .iter()
                            .map(|p| Support {
                                value: value(p),
                                sources: sources(recs, &p.recs).map(str::to_string).collect(),
                                records: member_indices(&self.members, &p.recs).collect(),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                };
                (name.to_string(), field)
            })
            .collect();
        GoldenRecord {
            cluster_id: self.cluster_id.to_string(),
            records: record_refs(recs, &self.members),
            fields,
        }
    }
}

impl GoldenRecordView<'_> {
    /// Appends the record as compact JSON to `out`: the bytes `serde_json` writes for the view
    /// and for its [`GoldenRecord`], written directly. For writing many golden records (JSON
    /// Lines) fast.
    ///
    /// ```
    /// use selfsame::golden::{GoldenRecordView, SurvivorshipConfig};
    /// use selfsame::normalize::{normalize_profile, NormalizeConfig};
    /// use selfsame::Profile;
    ///
    /// let p = Profile::new("crm", "1").with_given_name("Zoë \"Z\"").with_email("zoe@example.com");
    /// let n = normalize_profile(&p, &NormalizeConfig::default());
    /// let view = GoldenRecordView::new("c-1", [(0, &p, &n)], &SurvivorshipConfig::default());
    /// let mut out = Vec::new();
    /// view.write_json(&mut out);
    /// assert_eq!(out, serde_json::to_vec(&view.to_record())?);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let recs = &self.recs;
        out.extend_from_slice(b"{\"cluster_id\":");
        json_str(out, self.cluster_id);
        out.extend_from_slice(b",\"records\":");
        // Every member's `{"source":..,"record_id":..}` is written once, here; the lists of
        // sources of the fields copy those bytes back from `out`, their records are positions
        // in this list.
        let refs = RefsJson::write(out, recs, &self.members);
        out.extend_from_slice(b",\"fields\":{");
        for (i, (name, c)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match name {
                // The fixed field names (`given_name`, ...) need no escaping.
                Cow::Borrowed(fixed) => json_plain(out, fixed),
                Cow::Owned(named) => json_str(out, named),
            }
            out.extend_from_slice(b":{\"value\":");
            if c.list {
                json_strs(out, c.picks.iter().map(|p| c.value(p)));
            } else {
                json_str(out, c.picks.first().map_or("", |p| c.value(p)));
            }
            out.extend_from_slice(b",\"rule\":");
            json_plain(out, c.rule.as_str());
            out.extend_from_slice(b",\"sources\":");
            refs.sources(out, recs, &c.support);
            out.extend_from_slice(b",\"records\":");
            json_indices(out, member_indices(&self.members, &c.support));
            if c.rule == Rule::Union {
                out.extend_from_slice(b",\"support\":[");
                for (j, p) in c.picks.iter().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(b"{\"value\":");
                    json_str(out, c.value(p));
                    out.extend_from_slice(b",\"sources\":");
                    refs.sources(out, recs, &p.recs);
                    out.extend_from_slice(b",\"records\":");
                    json_indices(out, member_indices(&self.members, &p.recs));
                    out.push(b'}');
                }
                out.push(b']');
            }
            out.push(b'}');
        }
        out.extend_from_slice(b"}}");
    }
}

/// Where the JSON of each member's source already is in the output: `write_json` writes the
/// members' `RecordRef`s once and copies their escaped sources for every field.
struct RefsJson {
    /// Ascending canonical positions of the distinct members (the view's `members`).
    members: Positions,
    /// Per member: the byte range in `out` of its escaped source string (with its quotes).
    at: SmallVec<[(usize, usize); 4]>,
}

impl RefsJson {
    /// Appends the members (distinct, ascending canonical positions) as a JSON list of
    /// `RecordRef`s, as `json_refs` does, and remembers where each one is.
    fn write(out: &mut Vec<u8>, recs: &[Rec<'_>], members: &[usize]) -> RefsJson {
        let mut at = SmallVec::with_capacity(members.len());
        out.push(b'[');
        for (i, &m) in members.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"source\":");
            let source_start = out.len();
            json_str(out, &recs[m].p.source);
            let source = (source_start, out.len());
            out.extend_from_slice(b",\"record_id\":");
            json_str(out, &recs[m].p.id);
            out.push(b'}');
            at.push(source);
        }
        out.push(b']');
        RefsJson {
            members: SmallVec::from_slice(members),
            at,
        }
    }

    /// The written member with the same (source, record_id) as canonical position `p`.
    /// Records are in (source, record_id) order and `members` keeps the first of each run of
    /// equal ones, so that is the last member at or before `p`.
    fn of(&self, p: usize) -> Option<(usize, usize)> {
        let k = self.members.partition_point(|&m| m <= p).checked_sub(1)?;
        self.at.get(k).copied()
    }

    /// Appends the distinct sources of the records at `positions` (ascending canonical
    /// positions) as a JSON list: the bytes `json_strs(out, sources(..))` writes.
    fn sources(&self, out: &mut Vec<u8>, recs: &[Rec<'_>], positions: &[usize]) {
        out.push(b'[');
        let mut last: Option<&str> = None;
        for &p in positions {
            let s = recs[p].p.source.as_str();
            if last == Some(s) {
                continue;
            }
            if last.is_some() {
                out.push(b',');
            }
            last = Some(s);
            match self.of(p) {
                Some((a, b)) => out.extend_from_within(a..b),
                None => json_str(out, s),
            }
        }
        out.push(b']');
    }
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it: a quote or backslash with a
/// backslash, backspace, tab, newline, form feed and carriage return as `\\b \\t \\n \\f \\r`,
/// other control characters (below U+0020) as `\\u00xx` in lower-case hex; everything else as is.
fn json_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
    } else {
        for &b in bytes {
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                0x08 => out.extend_from_slice(b"\\b"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                0x0c => out.extend_from_slice(b"\\f"),
                b'\r' => out.extend_from_slice(b"\\r"),
                0..0x20 => out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ]),
                _ => out.push(b),
            }
        }
    }
    out.push(b'"');
}

/// Appends a JSON string that needs no escaping (a fixed field or rule name): what `json_str`
/// writes for it.
fn json_plain(out: &mut Vec<u8>, s: &str) {
    debug_assert!(!needs_escape(s.as_bytes()));
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// Whether `bytes` holds a byte `json_str` escapes: a control character (below 0x20), a quote
/// or a backslash. Eight bytes at a time: most strings are short, too short for vector loops.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Nonzero exactly when some byte of `x` is below `n` (n <= 0x80): the borrow of the
    // subtraction only reaches bits above such a byte, and `!x` drops bytes 0x80 and above.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        // `chunks_exact(8)` gives 8 bytes; the fallback (a zero byte) would take the exact path.
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        let special = below(x, 0x20)
            | below(x ^ (ONES * u64::from(b'"')), 1)
            | below(x ^ (ONES * u64::from(b'\\')), 1);
        if special != 0 {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// Appends a JSON list of strings.
fn json_strs<'s>(out: &mut Vec<u8>, items: impl Iterator<Item = &'s str>) {
    out.push(b'[');
    for (i, s) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(out, s);
    }
    out.push(b']');
}

/// Appends a JSON list of numbers.
fn json_indices(out: &mut Vec<u8>, items: impl Iterator<Item = u32>) {
    out.push(b'[');
    for (i, k) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let mut digits = [0u8; 10];
        let mut at = digits.len();
        let mut k = k;
        loop {
            at -= 1;
            digits[at] = b'0' + (k % 10) as u8;
            k /= 10;
            if k == 0 {
                break;
            }
        }
        out.extend_from_slice(&digits[at..]);
    }
    out.push(b']');
}

impl fmt::Debug for GoldenRecordView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoldenRecordView")
            .field("cluster_id", &self.cluster_id)
            .field("records", &self.members.len())
            .field(
                "fields",
                &self.fields.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

// The view serializes through the same serde calls the derived `Serialize` of `GoldenRecord`,
// `GoldenField`, `Support` and `RecordRef` make, field for field, so any serializer writes the
// same output for both.

impl Serialize for GoldenRecordView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("GoldenRecord", 3)?;
        s.serialize_field("cluster_id", self.cluster_id)?;
        s.serialize_field("records", &RefsSer(&self.recs, &self.members))?;
        s.serialize_field("fields", &FieldsSer(self))?;
        s.end()
    }
}

/// The records at some canonical positions, as a list of `RecordRef`s.
struct RefsSer<'s, 'a>(&'s [Rec<'a>], &'s [usize]);

impl Serialize for RefsSer<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.1.iter().map(|&i| RefSer(&self.0[i])))
    }
}

/// The records at some canonical positions, as their positions in the view's member list.
struct IndicesSer<'s, 'a>(&'s GoldenRecordView<'a>, &'s [usize]);

impl Serialize for IndicesSer<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(member_indices(&self.0.members, self.1))
    }
}

/// One record, as a `RecordRef`.
struct RefSer<'s, 'a>(&'s Rec<'a>);

impl Serialize for RefSer<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("RecordRef", 2)?;
        s.serialize_field("source", self.0.p.source.as_str())?;
        s.serialize_field("record_id", self.0.p.id.as_str())?;
        s.end()
    }
}

/// The distinct sources of the records at some canonical positions, as a list.
struct SourcesSer<'s, 'a>(&'s [Rec<'a>], &'s [usize]);

impl Serialize for SourcesSer<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(sources(self.0, self.1))
    }
}

/// The fields of a view, as the map of `GoldenField`s.
struct FieldsSer<'s, 'a>(&'s GoldenRecordView<'a>);

impl Serialize for FieldsSer<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let view = self.0;
        serializer.collect_map(
            view.fields
                .iter()
                .map(|(name, c)| (name.as_ref(), FieldSer(view, c))),
        )
    }
}

/// One field, as a `GoldenField`.
struct FieldSer<'s, 'a>(&'s GoldenRecordView<'a>, &'s Chosen<'a>);

impl Serialize for FieldSer<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let FieldSer(view, c) = *self;
        let union = c.rule == Rule::Union;
        let mut s = serializer.serialize_struct("GoldenField", if union { 5 } else { 4 })?;
        if c.list {
            s.serialize_field("value", &ValuesSer(c))?;
        } else {
            s.serialize_field("value", c.picks.first().map_or("", |p| c.value(p)))?;
        }
        s.serialize_field("rule", &c.rule)?;
        s.serialize_field("sources", &SourcesSer(&view.recs, &c.support))?;
        s.serialize_field("records", &IndicesSer(view, &c.support))?;
        if union {
            s.serialize_field("support", &SupportsSer(view, c))?;
        } else {
            s.skip_field("support")?;
        }
        s.end()
    }
}

/// The values of a list field.
struct ValuesSer<'s, 'a>(&'s Chosen<'a>);

impl Serialize for ValuesSer<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.picks.iter().map(|p| self.0.value(p)))
    }
}

/// The per-value provenance of a `union` field, as a list of `Support`s.
struct SupportsSer<'s, 'a>(&'s GoldenRecordView<'a>, &'s Chosen<'a>);

impl Serialize for SupportsSer<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let SupportsSer(view, c) = *self;
        serializer.collect_seq(c.picks.iter().map(|p| SupportSer(view, c, p)))
    }
}

/// One value's provenance, as a `Support`.
struct SupportSer<'s, 'a>(&'s GoldenRecordView<'a>, &'s Chosen<'a>, &'s Pick);

impl Serialize for SupportSer<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let SupportSer(view, c, p) = *self;
        let mut s = serializer.serialize_struct("Support", 3)?;
        s.serialize_field("value", c.value(p))?;
        s.serialize_field("sources", &SourcesSer(&view.recs, &p.recs))?;
        s.serialize_field("records", &IndicesSer(view, &p.recs))?;
        s.end()
    }
}

/// One surviving field: the rule's decision, values still in their observations.
struct Chosen<'a> {
    rule: Rule,
    /// The value is a list (a multi-valued field, or the `union` rule).
    list: bool,
    /// The observations the values are shown from (none for consent).
    obs: Vec<Obs<'a>>,
    /// The surviving value groups, in list order.
    picks: Picks,
    /// Canonical positions of the distinct records supporting any surviving value, ascending.
    support: Positions,
}

/// Canonical positions of records, ascending.
type Positions = SmallVec<[usize; 4]>;

/// Surviving value groups, in list order.
type Picks = SmallVec<[Pick; 1]>;

/// One surviving value group.
struct Pick {
    value: Shown,
    /// Canonical positions of the distinct records holding it, ascending.
    recs: Positions,
}

/// Where a surviving value's text is.
enum Shown {
    /// The raw spelling of this observation.
    Obs(usize),
    /// A fixed text (consent states).
    Fixed(&'static str),
}

impl Chosen<'_> {
    fn value(&self, p: &Pick) -> &str {
        match p.value {
            Shown::Obs(i) => self.obs[i].raw(),
            Shown::Fixed(s) => s,
        }
    }
}

/// The positions in the golden record's `records` list of the records at `positions` (distinct,
/// ascending canonical positions), given the view's `members`: ascending, each once. Records are
/// in (source, record_id) order and `members` keeps the first of each run of equal ones, so a
/// record's position is that of the last member at or before it.
fn member_indices<'s>(
    members: &'s [usize],
    positions: &'s [usize],
) -> impl Iterator<Item = u32> + 's {
    let mut last = None;
    positions.iter().filter_map(move |&p| {
        let k = members.partition_point(|&m| m <= p).checked_sub(1)?;
        let k = u32::try_from(k).ok()?;
        (last != Some(k)).then(|| {
            last = Some(k);
            k
        })
    })
}

/// Keeps, of the canonical positions `positions` (ascending), those naming a record (source,
/// record_id) not named by the previous one: the distinct records, in (source, record_id) order.
fn distinct_refs<A: smallvec::Array<Item = usize>>(recs: &[Rec<'_>], positions: &mut SmallVec<A>) {
    positions.dedup_by(|b, a| recs[*a].same_ref(&recs[*b]));
}

/// The distinct sources of the records at `positions` (ascending canonical positions), sorted.
fn sources<'s>(recs: &'s [Rec<'_>], positions: &'s [usize]) -> impl Iterator<Item = &'s str> {
    let mut last: Option<&str> = None;
    // Canonical order is (source, record_id) order: a repeated source is the previous one.
    positions.iter().filter_map(move |&i| {
        let s = recs[i].p.source.as_str();
        (last != Some(s)).then(|| {
            last = Some(s);
            s
        })
    })
}

/// The records at `positions` (distinct, ascending canonical positions), sorted.
fn record_refs(recs: &[Rec<'_>], positions: &[usize]) -> Vec<RecordRef> {
    positions.iter().map(|&i| recs[i].rref()).collect()
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
fn collect_records<'a, I>(records: I, cfg: &SurvivorshipConfig) -> SmallVec<[Rec<'a>; 4]>
where
    I: IntoIterator<Item = (usize, &'a Profile, &'a NormalizedProfile)>,
{
    let mut members: SmallVec<[(usize, &'a Profile, &'a NormalizedProfile); 4]> =
        records.into_iter().collect();
    members.sort_by_key(|m| m.0);
    members.dedup_by_key(|m| m.0);
    members.sort_by(|(a, pa, _), (b, pb, _)| (&pa.source, &pa.id, a).cmp(&(&pb.source, &pb.id, b)));
    let rank = |source: &str| {
        cfg.source_priority
            .iter()
            .position(|s| s == source)
            .unwrap_or(cfg.source_priority.len())
    };
    let mut recs: SmallVec<[Rec<'a>; 4]> = members
        .into_iter()
        .map(|(_, p, n)| Rec {
            p,
            n,
            src_rank: rank(&p.source),
            recent: 0,
        })
        .collect();
    // Recency order; the canonical position breaks the last ties.
    let mut order: SmallVec<[usize; 8]> = (0..recs.len()).collect();
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
    recs: Positions,
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
fn group<'o>(recs: &[Rec<'_>], obs: &'o [Obs<'_>]) -> SmallVec<[Group<'o>; 2]> {
    // A stable sort by key keeps each group's observations in (rec, pos) order.
    let mut by_key: SmallVec<[usize; 8]> = (0..obs.len()).collect();
    by_key.sort_by(|&a, &b| obs[a].key.cmp(&obs[b].key));
    let mut groups: SmallVec<[Group<'o>; 2]> = SmallVec::new();
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
    /// An observation with this spelling.
    at: usize,
    text: &'o str,
    quality: u8,
    count: usize,
    best_recent: usize,
    first: (usize, usize),
}

/// The observation whose raw spelling shows group `g`.
fn representative(recs: &[Rec<'_>], obs: &[Obs<'_>], g: &Group<'_>) -> usize {
    let first = obs[g.obs[0]].raw();
    if g.obs.iter().all(|&i| obs[i].raw() == first) {
        return g.obs[0];
    }
    // Several spellings: a stable sort by text keeps each one's observations in (rec, pos)
    // order.
    let mut by_raw = g.obs.clone();
    by_raw.sort_by(|&a, &b| obs[a].raw().cmp(obs[b].raw()));
    let mut best: Option<Spelling<'_>> = None;
    let mut at = 0;
    while at < by_raw.len() {
        let o = &obs[by_raw[at]];
        let mut s = Spelling {
            at: by_raw[at],
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
    best.map_or(g.obs[0], |b| b.at)
}

/// Applies `rule` to the observations of one field. `multi`: the field is multi-valued, so its
/// value is always a list.
fn choose<'a>(recs: &[Rec<'_>], obs: Vec<Obs<'a>>, rule: Rule, multi: bool) -> Option<Chosen<'a>> {
    let (picks, support) = decide(recs, &obs, rule)?;
    Some(Chosen {
        rule,
        list: multi || rule == Rule::Union,
        obs,
        picks,
        support,
    })
}

/// The surviving value groups of `obs` under `rule`, and the records supporting any of them.
fn decide(recs: &[Rec<'_>], obs: &[Obs<'_>], rule: Rule) -> Option<(Picks, Positions)> {
    if let [o] = obs {
        // One observation: one group, shown as it is, under any rule.
        let pick = Pick {
            value: Shown::Obs(0),
            recs: smallvec::smallvec![o.rec],
        };
        return Some((smallvec::smallvec![pick], smallvec::smallvec![o.rec]));
    }
    let mut groups = group(recs, obs);
    let pick = |g: Group<'_>| {
        let value = Shown::Obs(representative(recs, obs, &g));
        let mut recs_of = g.recs;
        distinct_refs(recs, &mut recs_of);
        Pick {
            value,
            recs: recs_of,
        }
    };
    let (picks, support): (Picks, _) = if rule == Rule::Union {
        groups.sort_by(|a, b| cmp_rule(rule, a, b));
        let mut all: Positions = SmallVec::new();
        for g in &groups {
            all.extend_from_slice(&g.recs);
        }
        if groups.len() > 1 {
            all.sort_unstable();
            all.dedup();
        }
        distinct_refs(recs, &mut all);
        (groups.into_iter().map(pick).collect(), all)
    } else {
        // The rule's order is total (it ends with the key), so there is one first group.
        let best = (0..groups.len()).min_by(|&a, &b| cmp_rule(rule, &groups[a], &groups[b]))?;
        let p = pick(groups.swap_remove(best));
        let support = SmallVec::from_slice(&p.recs);
        (SmallVec::from_buf([p]), support)
    };
    (!picks.is_empty()).then_some((picks, support))
}

#[derive(Clone, Copy)]
enum NamePart {
    Given,
    Middle,
    Family,
}

/// `scratch` is a reusable buffer for folding.
fn name_obs<'a>(recs: &[Rec<'a>], part: NamePart, scratch: &mut String) -> Vec<Obs<'a>> {
    let mut out = Vec::with_capacity(recs.len());
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
    let word = raw.trim();
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // One ASCII word (the common case): folding keeps every letter and digit, lower-cased,
        // so it folds to itself lower-cased, and it is its only run of words.
        let same = word.len() == folded.len()
            && word
                .bytes()
                .zip(folded.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b);
        return same.then_some(Cow::Borrowed(word));
    }
    raw_spelling_general(raw, folded, scratch)
}

/// [`raw_spelling`] for any text.
fn raw_spelling_general<'r>(
    raw: &'r str,
    folded: &str,
    scratch: &mut String,
) -> Option<Cow<'r, str>> {
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
    let mut out = Vec::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        let Some(d) = r.n.date_of_birth else {
            continue;
        };
        // ISO: `{:04}-{:02}-{:02}`.
        let mut iso = String::with_capacity(10);
        push_digits(&mut iso, d.year.into(), 4);
        iso.push('-');
        push_digits(&mut iso, d.month.into(), 2);
        iso.push('-');
        push_digits(&mut iso, d.day.into(), 2);
        out.push(Obs {
            rec: i,
            pos: 0,
            key: Cow::Owned(iso),
            raw: None,
            completeness: 0,
        });
    }
    out
}

/// Appends `n` in decimal, zero-padded to `width` digits: what `{:0width$}` writes.
fn push_digits(s: &mut String, mut n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in digits.len() - at..width {
        s.push('0');
    }
    s.extend(digits[at..].iter().map(|&d| char::from(d)));
}

fn phone_obs<'a>(recs: &[Rec<'a>]) -> Vec<Obs<'a>> {
    let mut out = Vec::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        for (pos, k) in r.n.phones.iter().enumerate() {
            if k.e164 == 0 {
                continue;
            }
            // `PhoneKey::to_e164`: `+` and the digits.
            let mut e164 = String::with_capacity(16);
            e164.push('+');
            push_digits(&mut e164, k.e164, 1);
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
    let mut out = Vec::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        // `normalize_profile` keeps each valid email not seen before, in order: as many keys as
        // raw emails means key `pos` is the normalization of raw email `pos`.
        let in_order = r.n.emails.len() == r.p.emails.len();
        for (pos, raw) in r.p.emails.iter().enumerate() {
            if let Some(k) = r.n.emails.get(pos).filter(|_| in_order) {
                if let Some(address) = email_address(raw, &k.canonical) {
                    out.push(Obs {
                        rec: i,
                        pos,
                        key: Cow::Borrowed(&k.canonical),
                        raw: Some(address),
                        completeness: k.canonical.chars().count() as u64,
                    });
                    continue;
                }
            }
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

/// The address [`email::normalize_email`] gives `raw` (`Email::address`), when `raw` is an
/// ASCII email without a `<..>` or `mailto:` wrapper that normalizes to `canonical`; `None`
/// for any other text. For such text `normalize_email` only trims and lower-cases (the
/// wrappers are all it cuts), so the address is the trimmed text lower-cased: borrowed from
/// `canonical` when the two are the same text (typed in canonical form). Saves normalizing
/// the email again.
fn email_address<'k>(raw: &str, canonical: &'k str) -> Option<Cow<'k, str>> {
    let t = raw.trim();
    let wrapped = t.bytes().any(|b| b == b'<' || b == b'>')
        || t.get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"));
    if !t.is_ascii() || wrapped {
        return None;
    }
    let typed_canonical = t.len() == canonical.len()
        && t.bytes()
            .zip(canonical.bytes())
            .all(|(a, b)| a.to_ascii_lowercase() == b);
    Some(if typed_canonical {
        Cow::Borrowed(canonical)
    } else {
        Cow::Owned(t.to_ascii_lowercase())
    })
}

/// `completeness`: whether the rule compares completeness (`most_complete`); other rules leave
/// it 0.
fn address_obs<'a>(recs: &[Rec<'a>], completeness: bool) -> Vec<Obs<'a>> {
    let mut out = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        if r.n.addresses.is_empty() {
            continue;
        }
        // The normalized profile holds one key per raw address, in order, when every address
        // gave a key of its own. The country the matcher assumed only stands in for a country
        // the address does not name, so the key of an address that names one is the key
        // computed here without that assumption (a unit test holds both to it).
        let keys_in_order = r.n.addresses.len() == r.p.addresses.len();
        for (pos, raw) in r.p.addresses.iter().enumerate() {
            let names_country = raw.country.as_deref().is_some_and(|c| !c.trim().is_empty());
            let (key, parts) = if keys_in_order && names_country && !completeness {
                (Cow::Borrowed(&*r.n.addresses[pos].key), 0)
            } else {
                let Ok(a) = address::normalize_address(raw, None) else {
                    continue;
                };
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
                (Cow::Owned(a.key()), parts)
            };
            if key.is_empty() {
                continue;
            }
            let shown: SmallVec<[&str; 6]> = [
                &raw.street,
                &raw.unit,
                &raw.city,
                &raw.region,
                &raw.postcode,
                &raw.country,
            ]
            .into_iter()
            .filter_map(|p| p.as_deref().map(str::trim).filter(|s| !s.is_empty()))
            .collect();
            let len = shown.iter().map(|p| p.len() + 2).sum::<usize>();
            let mut line = String::with_capacity(len.saturating_sub(2));
            for part in shown {
                if !line.is_empty() {
                    line.push_str(", ");
                }
                line.push_str(part);
            }
            out.push(Obs {
                rec: i,
                pos,
                completeness: if completeness {
                    parts * 10_000 + (key.len() as u64).min(9_999)
                } else {
                    0
                },
                key,
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

fn consent(recs: &[Rec<'_>], ch: Channel, record_time_for_grants: bool) -> Option<Chosen<'static>> {
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
    let (state, mut winners): (&'static str, Positions) = match (latest_g, latest_w) {
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
    distinct_refs(recs, &mut winners);
    Some(Chosen {
        rule: Rule::LatestStatement,
        list: false,
        obs: Vec::new(),
        picks: SmallVec::from_buf([Pick {
            value: Shown::Fixed(state),
            recs: winners.clone(),
        }]),
        support: winners,
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
            g.refs(&f.records).collect::<Vec<_>>(),
            [&RecordRef::new("crm", "1"), &RecordRef::new("shop", "2")]
        );
        // Positions in `records` (crm 1, crm 3, shop 2).
        assert_eq!(f.records, [0, 2]);
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
        assert_eq!(
            g.refs(&f.support[1].records).collect::<Vec<_>>(),
            [&RecordRef::new("b", "1")]
        );
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
        let normalized = [normalize_profile(&profiles[0], &NormalizeConfig::default())];
        let cfg = SurvivorshipConfig::default();
        let view = GoldenRecordView::new("c", [(0, &profiles[0], &normalized[0])], &cfg);
        let dbg = format!("{view:?}");
        assert!(!dbg.contains("Zebedee") && !dbg.contains("zeb@"), "{dbg}");
        assert!(dbg.contains("given_name"));
    }

    /// A small deterministic generator of messy records: spellings in several cases and
    /// scripts, JSON-special characters, invalid values, several sources and timestamps.
    struct Gen(u64);

    impl Gen {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'s>(&mut self, xs: &[&'s str]) -> &'s str {
            xs[self.below(xs.len())]
        }

        fn spelling(&mut self, xs: &[&str]) -> String {
            let s = self.pick(xs);
            match self.below(6) {
                0 => s.to_uppercase(),
                1 => s.to_lowercase(),
                2 => format!("  {s} "),
                3 => s.replace('o', "ö"),
                _ => s.to_string(),
            }
        }

        fn profile(&mut self, id: usize) -> Profile {
            const GIVEN: &[&str] = &[
                "Ann",
                "Anna",
                "José",
                "Mary Ann",
                "O'Brien",
                "Zoë \"Z\"",
                "Tab\tBea",
                "علی",
                "สมชาย",
            ];
            const FAMILY: &[&str] = &["Lee", "García", "van der Berg", "Back\\slash", "رضایی"];
            const SOURCES: &[&str] = &["crm", "shop", "pos", "we\"b", "ctl\u{1}"];
            const EMAILS: &[&str] = &[
                "ann@example.com",
                "Ann@Example.com",
                "j.smith@gmail.com",
                "jsmith@googlemail.com",
                "not an email",
                "x+tag@outlook.com",
            ];
            const PHONES: &[&str] = &[
                "+1 415 555 0134",
                "(415) 555-0134",
                "415.555.0199",
                "+44 20 7946 0958",
                "12",
            ];
            const DATES: &[&str] = &["1985-03-12", "19850312", "12/03/1985", "bad"];
            const STREETS: &[&str] = &[
                "12 Main St",
                "12 Main Street",
                "12 Main St Apt 4",
                "9 Elm Road\n",
                "77 Soi Sukhumvit",
            ];
            const COUNTRIES: &[&str] = &["US", "GB", "TH", "Iran", "", "  "];
            const KINDS: &[&str] = &["Loyalty No", "loyalty_no", "passport", "  "];
            const VALUES: &[&str] = &["A-123", "a123", "B-9", "--", "q\"1"];
            const ATTRS: &[&str] = &["tier", "note", "x\u{7f}y"];
            let source = self.pick(SOURCES);
            let mut p = Profile::new(source, format!("{}", self.below(40) * 100 + id % 3));
            p = match self.below(4) {
                0 => p.with_full_name(format!(
                    "{} {}",
                    self.spelling(GIVEN),
                    self.spelling(FAMILY)
                )),
                1 => p.with_full_name(format!(
                    "{}, {}",
                    self.spelling(FAMILY),
                    self.spelling(GIVEN)
                )),
                _ => p
                    .with_given_name(self.spelling(GIVEN))
                    .with_family_name(self.spelling(FAMILY)),
            };
            if self.below(4) == 0 {
                p = p.with_middle_name(self.spelling(GIVEN));
            }
            for _ in 0..self.below(3) {
                p = p.with_email(self.spelling(EMAILS));
            }
            for _ in 0..self.below(3) {
                p = p.with_phone(self.pick(PHONES));
            }
            if self.below(2) == 0 {
                p = p.with_date_of_birth(self.pick(DATES));
            }
            for _ in 0..self.below(3) {
                let mut a = PostalAddress::new()
                    .with_street(self.spelling(STREETS))
                    .with_city(self.pick(&["Boston", "London", "Bangkok", " "]));
                if self.below(2) == 0 {
                    a = a.with_postcode(self.pick(&["02139", "SW1A 1AA", "10110"]));
                }
                a = a.with_country(self.pick(COUNTRIES));
                p = p.with_address(a);
            }
            for _ in 0..self.below(3) {
                p = p.with_identifier(self.pick(KINDS), self.pick(VALUES));
            }
            for _ in 0..self.below(3) {
                p = p.with_attribute(
                    self.pick(ATTRS),
                    self.spelling(&["gold", "silver", " ", "VIP\r"]),
                );
            }
            if self.below(3) > 0 {
                p = p.with_updated_at(self.below(4) as Timestamp * 100);
            }
            for _ in 0..self.below(4) {
                let ch = Channel::ALL[self.below(Channel::ALL.len())];
                let state = [ConsentState::Granted, ConsentState::Withdrawn][self.below(2)];
                let c = Consent::new(ch, state);
                p = p.with_consent(if self.below(2) == 0 {
                    c.at(self.below(4) as Timestamp * 100)
                } else {
                    c
                });
            }
            p
        }

        fn config(&mut self) -> SurvivorshipConfig {
            const RULES: &[Rule] = &[
                Rule::MostRecent,
                Rule::MostFrequent,
                Rule::SourcePriority,
                Rule::MostComplete,
                Rule::Union,
                Rule::LatestStatement,
            ];
            let r: Vec<Rule> = (0..7).map(|_| RULES[self.below(RULES.len())]).collect();
            let cfg = SurvivorshipConfig::default()
                .with_names(r[0])
                .with_date_of_birth(r[1])
                .with_emails(r[2])
                .with_phones(r[3])
                .with_addresses(r[4])
                .with_identifiers(r[5])
                .with_attributes(r[6]);
            let priority: Vec<&str> = (0..self.below(3))
                .map(|_| self.pick(&["crm", "shop", "pos"]))
                .collect();
            cfg.with_source_priority(priority)
                .with_record_time_for_grants(self.below(2) == 0)
        }
    }

    /// The view, its owned record and both ways of writing JSON agree, on messy clusters under
    /// every rule.
    #[test]
    fn view_record_and_json_agree() {
        let mut gen = Gen(0x2545_f491_4f6c_dd1d);
        let ncfg = [
            NormalizeConfig::default(),
            NormalizeConfig::default().with_default_country("GB"),
        ];
        let profiles: Vec<Profile> = (0..400).map(|i| gen.profile(i)).collect();
        for (k, ncfg) in ncfg.iter().enumerate() {
            let normalized: Vec<_> = profiles
                .iter()
                .map(|p| normalize_profile(p, ncfg))
                .collect();
            for round in 0..400 {
                let cfg = if round % 3 == 0 {
                    SurvivorshipConfig::default()
                } else {
                    gen.config()
                };
                let size = [1, 1, 2, 3, 5, 12][gen.below(6)];
                let members: Vec<u32> = (0..size)
                    .map(|_| gen.below(profiles.len()) as u32)
                    .collect();
                let owned = golden_record("c\"1", &members, &profiles, &normalized, &cfg);
                let records = members.iter().rev().map(|&m| {
                    let m = m as usize;
                    (m, &profiles[m], &normalized[m])
                });
                let view = GoldenRecordView::new("c\"1", records, &cfg);
                assert_eq!(view.to_record(), owned, "{k} {round}");
                let json = serde_json::to_vec(&owned).unwrap();
                assert_eq!(serde_json::to_vec(&view).unwrap(), json, "{k} {round}");
                let mut written = b"[".to_vec();
                view.write_json(&mut written);
                assert_eq!(written[1..], json, "{k} {round}");
            }
        }
    }

    /// The email shortcut (keys taken from the normalized record, addresses without normalizing
    /// again) writes what the general path writes: the same messy clusters, once with the
    /// normalized records as they are and once with extra email keys that match no raw email,
    /// which send every email down the general path.
    #[test]
    fn email_shortcut_writes_what_the_general_path_writes() {
        let mut gen = Gen(0x6a09_e667_f3bc_c909);
        let profiles: Vec<Profile> = (0..300)
            .map(|i| {
                let p = gen.profile(i);
                match i % 4 {
                    0 => p.with_email(" J.Smith+News@GoogleMail.com "),
                    1 => p
                        .with_email("<ann@example.com>")
                        .with_email("ZOË@exämple.com"),
                    2 => p.with_email("mailto:Ann@Example.com?subject=x"),
                    _ => p,
                }
            })
            .collect();
        let normalized: Vec<_> = profiles
            .iter()
            .map(|p| normalize_profile(p, &NormalizeConfig::default()))
            .collect();
        let padded: Vec<_> = normalized
            .iter()
            .zip(&profiles)
            .map(|(n, p)| {
                let mut n = n.clone();
                // More keys than raw emails: no key is taken as a raw email's own.
                while n.emails.len() <= p.emails.len() {
                    n.emails.push(crate::normalize::email_key("\u{0}@\u{0}"));
                }
                n
            })
            .collect();
        let mut shortcuts = 0;
        for round in 0..600 {
            let cfg = if round % 2 == 0 {
                SurvivorshipConfig::default()
            } else {
                gen.config()
            };
            let size = [1, 1, 2, 3, 5][gen.below(5)];
            let members: Vec<usize> = (0..size).map(|_| gen.below(profiles.len())).collect();
            shortcuts += members
                .iter()
                .filter(|&&m| normalized[m].emails.len() == profiles[m].emails.len())
                .count();
            let write = |ns: &[NormalizedProfile]| {
                let records = members.iter().map(|&m| (m, &profiles[m], &ns[m]));
                let mut out = Vec::new();
                GoldenRecordView::new("c", records, &cfg).write_json(&mut out);
                String::from_utf8(out).unwrap_or_default()
            };
            assert_eq!(write(&normalized), write(&padded), "round {round}");
        }
        assert!(shortcuts > 300, "{shortcuts}");
    }

    #[test]
    fn digits_are_formatted_as_std_formats_them() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            1985,
            9999,
            10_000,
            65_535,
            14_155_550_134,
            u64::MAX,
        ] {
            for width in [1, 2, 4] {
                let mut s = String::from("x");
                push_digits(&mut s, n, width);
                assert_eq!(s, format!("x{n:0width$}"));
            }
        }
    }

    #[test]
    fn json_strings_escape_as_serde_json_does() {
        let all: String = (0..=0x7f_u8)
            .map(char::from)
            .chain("é€🙂".chars())
            .collect();
        for s in [all.as_str(), "", "plain", "\"\\", "\u{0}\u{1f}\u{7f}"] {
            let mut out = Vec::new();
            json_str(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    proptest::proptest! {
        /// The eight-bytes-at-a-time check finds exactly the bytes the escaping loop escapes,
        /// at any position and length, and `json_str` writes what `serde_json` writes.
        #[test]
        fn needs_escape_is_the_bytewise_check(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![0x18_u8..0x24, 0x5a_u8..0x5e, 0x7e_u8..=0xff, proptest::num::u8::ANY],
                0..40,
            ),
            text in "[ -~\t\n\u{1}\u{1f}é€🙂]{0,40}",
        ) {
            let naive = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(needs_escape(&bytes), naive);
            let mut out = Vec::new();
            json_str(&mut out, &text);
            proptest::prop_assert_eq!(out, serde_json::to_vec(&text).unwrap());
        }
    }

    proptest::proptest! {
        /// Whenever `email_address` stands in for normalizing an email again, it gives the
        /// address normalization gives; on emails in every case, with spaces, wrappers, tags,
        /// dots, provider aliases and non-ASCII letters.
        #[test]
        fn email_address_is_the_normalized_address(
            pre in "[ ]{0,2}(<|mailto:|MailTo:|x <)?",
            local in "[a-zA-Z0-9.+_é]{0,8}",
            domain in "(gmail|googlemail|GMail|outlook|yahoo|ex-ample|bücher)\\.(com|COM|de)",
            post in "(>|\\?s=1)?[ \t]{0,2}",
        ) {
            let raw = format!("{pre}{local}@{domain}{post}");
            if let Ok(e) = email::normalize_email(&raw) {
                if let Some(a) = email_address(&raw, e.canonical()) {
                    proptest::prop_assert_eq!(&*a, e.address());
                }
                // Plain ASCII text always takes the shortcut.
                if raw.is_ascii() && !raw.contains(['<', '>']) && !raw.to_ascii_lowercase().contains("mailto:") {
                    proptest::prop_assert!(email_address(&raw, e.canonical()).is_some());
                }
            }
        }
    }

    proptest::proptest! {
        /// The one-word shortcut of `raw_spelling` gives what the general search gives, for the
        /// raw text's own folded form and for other folded names.
        #[test]
        fn raw_spelling_shortcut_is_the_general_search(
            raw in "[ ]?[a-zA-Z0-9é'ß,\\-]{0,8}( [a-zA-Z]{0,5})?[ \t]?",
            other in "[a-z0-9]{1,6}( [a-z]{1,4})?",
        ) {
            let mut scratch = String::new();
            for folded in [fold(&raw), other, fold(raw.split(' ').next().unwrap_or(""))] {
                if folded.is_empty() {
                    continue;
                }
                let fast = raw_spelling(&raw, &folded, &mut scratch);
                let general = raw_spelling_general(&raw, &folded, &mut scratch);
                proptest::prop_assert_eq!(fast, general);
            }
        }
    }

    /// `address_obs` takes the key of an address that names its country from the normalized
    /// profile: the country the record was read in must not change that key.
    #[test]
    fn address_keys_of_addresses_naming_a_country_ignore_the_context() {
        let mut gen = Gen(0x9e37_79b9_7f4a_7c15);
        let contexts = [
            NormalizeConfig::default(),
            NormalizeConfig::default().with_default_country("TH"),
            NormalizeConfig::default().with_default_country("IR"),
            NormalizeConfig::default().with_default_country("US"),
        ];
        let mut checked = 0;
        for i in 0..300 {
            let p = gen.profile(i).with_phone(gen.pick(&[
                "+66 2 123 4567",
                "+98 21 1234 5678",
                "+1 415 555 0134",
            ]));
            for ncfg in &contexts {
                let n = normalize_profile(&p, ncfg);
                if n.addresses.len() != p.addresses.len() {
                    continue;
                }
                for (raw, key) in p.addresses.iter().zip(&n.addresses) {
                    if raw.country.as_deref().is_some_and(|c| !c.trim().is_empty()) {
                        let own = address::normalize_address(raw, None).map(|a| a.key());
                        assert_eq!(own.as_deref(), Ok(&*key.key), "{i}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
