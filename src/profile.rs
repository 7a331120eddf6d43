//! Customer profiles as they arrive from a source system, and their normalized, match-ready form.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

/// Seconds since the Unix epoch (UTC). Used for `updated_at` and consent timestamps.
///
/// Parse one from text with [`crate::normalize::date::parse_timestamp`].
pub type Timestamp = i64;

/// The records a [`Resolver`](crate::Resolver) reads, by index: a slice or `Vec` of
/// [`Profile`]s, or a compact store that builds each profile when asked (such as
/// `selfsame::csv::Rows`), so that a large input need not be held as `Profile`s all at once.
///
/// `resolve` reads every record's source and id (for the canonical order and the cluster
/// ids), each whole profile once (to normalize it) and the members' profiles again for golden
/// records. Indices passed in are always below [`Records::len`].
///
/// ```
/// use selfsame::{Profile, Records, Resolver};
/// let profiles = vec![
///     Profile::new("crm", "1").with_given_name("Ann").with_family_name("Lee").with_email("ann.lee@example.com"),
///     Profile::new("shop", "2").with_given_name("Ann").with_family_name("Lee").with_email("ANN.LEE@example.com"),
/// ];
/// assert_eq!((profiles.source(1), profiles.id(1)), ("shop", "2"));
/// let res = Resolver::default().resolve(&profiles).unwrap();
/// assert_eq!(res.clusters.len(), 1);
/// ```
pub trait Records: Sync {
    /// Number of records.
    fn len(&self) -> usize;
    /// Whether there are no records.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Source name of record `i` ([`Profile::source`]).
    fn source(&self, i: usize) -> &str;
    /// Record id of record `i` ([`Profile::id`]).
    fn id(&self, i: usize) -> &str;
    /// The whole profile of record `i`, borrowed or built for the call.
    fn profile(&self, i: usize) -> Cow<'_, Profile>;
}

/// `Records` for a contiguous run of profiles (slice, `Vec`, array), each by reference.
macro_rules! records_of_profiles {
    ($([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Records for $ty {
            fn len(&self) -> usize {
                self[..].len()
            }
            fn source(&self, i: usize) -> &str {
                &self[i].source
            }
            fn id(&self, i: usize) -> &str {
                &self[i].id
            }
            fn profile(&self, i: usize) -> Cow<'_, Profile> {
                Cow::Borrowed(&self[i])
            }
        }
    )*};
}

records_of_profiles!([] [Profile], [] Vec<Profile>, [const N: usize] [Profile; N]);

/// One customer record from one source system, exactly as the source gave it.
///
/// All text is kept raw; [`crate::normalize::normalize_profile`] turns it into a
/// [`NormalizedProfile`] once, before matching. Build one with the `with_*` methods:
///
/// ```
/// use selfsame::Profile;
///
/// let p = Profile::new("crm", "c-17")
///     .with_given_name("Bob")
///     .with_family_name("Smith")
///     .with_email("Bob.Smith@Gmail.com")
///     .with_phone("+1 (415) 555-0134");
/// assert_eq!(p.emails.len(), 1);
/// // Debug never prints personal data.
/// assert_eq!(format!("{p:?}"), r#"Profile { source: "crm", id: "c-17", fields: 4 }"#);
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Record id, unique within its source.
    pub id: String,
    /// Source system the record comes from (`crm`, `shop`, ...).
    pub source: String,
    /// Given (first) name.
    pub given_name: Option<String>,
    /// Middle name(s) or initial(s).
    pub middle_name: Option<String>,
    /// Family (last) name.
    pub family_name: Option<String>,
    /// A full name in one string, when the source does not split it ("Smith, Bob", "Dr. Robert Smith Jr").
    pub full_name: Option<String>,
    /// Email addresses, any number.
    pub emails: Vec<String>,
    /// Phone numbers, any number, in any format.
    pub phones: Vec<String>,
    /// Postal addresses, any number.
    pub addresses: Vec<PostalAddress>,
    /// Date of birth as text, in any common format.
    pub date_of_birth: Option<String>,
    /// Typed external identifiers (loyalty number, customer id, national id, ...).
    pub identifiers: Vec<ExternalId>,
    /// Free attributes, carried to the golden record but not used for matching.
    pub attributes: BTreeMap<String, String>,
    /// When the source last updated this record, if known.
    pub updated_at: Option<Timestamp>,
    /// Consent statements per channel.
    pub consents: Vec<Consent>,
}

impl Profile {
    /// A profile with a source and a record id and no other fields.
    ///
    /// ```
    /// let p = selfsame::Profile::new("shop", "42");
    /// assert_eq!((p.source.as_str(), p.id.as_str()), ("shop", "42"));
    /// ```
    pub fn new(source: impl Into<String>, id: impl Into<String>) -> Profile {
        Profile {
            source: source.into(),
            id: id.into(),
            ..Profile::default()
        }
    }

    /// Sets the given name; a blank value (empty or only whitespace) is skipped.
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_given_name("José");
    /// assert_eq!(p.given_name.as_deref(), Some("José"));
    /// assert!(selfsame::Profile::new("crm", "1").with_given_name(" ").given_name.is_none());
    /// ```
    pub fn with_given_name(mut self, v: impl Into<String>) -> Profile {
        set(&mut self.given_name, v.into());
        self
    }

    /// Sets the middle name; a blank value is skipped.
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_middle_name("Q");
    /// assert_eq!(p.middle_name.as_deref(), Some("Q"));
    /// assert!(selfsame::Profile::new("crm", "1").with_middle_name("").middle_name.is_none());
    /// ```
    pub fn with_middle_name(mut self, v: impl Into<String>) -> Profile {
        set(&mut self.middle_name, v.into());
        self
    }

    /// Sets the family name; a blank value is skipped.
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_family_name("Müller");
    /// assert_eq!(p.family_name.as_deref(), Some("Müller"));
    /// // A blank value leaves the name as it was.
    /// assert_eq!(p.with_family_name("\t").family_name.as_deref(), Some("Müller"));
    /// ```
    pub fn with_family_name(mut self, v: impl Into<String>) -> Profile {
        set(&mut self.family_name, v.into());
        self
    }

    /// Sets an unparsed full name; it is parsed during normalization. A blank value is skipped.
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_full_name("Smith, Bob");
    /// assert_eq!(p.full_name.as_deref(), Some("Smith, Bob"));
    /// assert!(selfsame::Profile::new("crm", "1").with_full_name("  ").full_name.is_none());
    /// ```
    pub fn with_full_name(mut self, v: impl Into<String>) -> Profile {
        set(&mut self.full_name, v.into());
        self
    }

    /// Adds an email address. A blank value (empty or only whitespace) is skipped: it is an
    /// absent value, not an address to reject during normalization.
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_email("a@example.com").with_email("b@example.com");
    /// assert_eq!(p.emails.len(), 2);
    /// assert!(selfsame::Profile::new("s", "1").with_email("  ").emails.is_empty());
    /// ```
    pub fn with_email(mut self, v: impl Into<String>) -> Profile {
        push(&mut self.emails, v.into());
        self
    }

    /// Adds a phone number. A blank value is skipped (absent, not rejected).
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_phone("020 7946 0018");
    /// assert_eq!(p.phones, ["020 7946 0018"]);
    /// assert!(selfsame::Profile::new("s", "1").with_phone(" \u{a0} ").phones.is_empty());
    /// ```
    pub fn with_phone(mut self, v: impl Into<String>) -> Profile {
        push(&mut self.phones, v.into());
        self
    }

    /// Adds a postal address. An address with no non-blank part
    /// ([`PostalAddress::is_empty`]) is skipped.
    ///
    /// ```
    /// use selfsame::{PostalAddress, Profile};
    /// let p = Profile::new("crm", "1")
    ///     .with_address(PostalAddress::new().with_street("12 N Main St #4").with_postcode("94105"));
    /// assert_eq!(p.addresses.len(), 1);
    /// assert!(Profile::new("crm", "1").with_address(PostalAddress::new().with_city(" ")).addresses.is_empty());
    /// ```
    pub fn with_address(mut self, v: PostalAddress) -> Profile {
        if !v.is_empty() {
            self.addresses.push(v);
        }
        self
    }

    /// Sets the date of birth (any common format; parsed during normalization). A blank value
    /// is skipped.
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_date_of_birth("1985-03-12");
    /// assert!(p.date_of_birth.is_some());
    /// assert!(selfsame::Profile::new("crm", "1").with_date_of_birth(" ").date_of_birth.is_none());
    /// ```
    pub fn with_date_of_birth(mut self, v: impl Into<String>) -> Profile {
        set(&mut self.date_of_birth, v.into());
        self
    }

    /// Adds an external identifier of kind `kind` (e.g. `loyalty_no`). A blank value is skipped.
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_identifier("loyalty_no", "A-123");
    /// assert_eq!(p.identifiers[0].kind, "loyalty_no");
    /// assert!(selfsame::Profile::new("crm", "1").with_identifier("ssn", "").identifiers.is_empty());
    /// ```
    pub fn with_identifier(mut self, kind: impl Into<String>, value: impl Into<String>) -> Profile {
        let value = value.into();
        if !value.trim().is_empty() {
            self.identifiers.push(ExternalId {
                kind: kind.into(),
                value,
            });
        }
        self
    }

    /// Sets a free attribute. A blank value is skipped.
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_attribute("tier", "gold");
    /// assert_eq!(p.attributes["tier"], "gold");
    /// assert!(selfsame::Profile::new("crm", "1").with_attribute("tier", " ").attributes.is_empty());
    /// ```
    pub fn with_attribute(mut self, key: impl Into<String>, value: impl Into<String>) -> Profile {
        let value = value.into();
        if !value.trim().is_empty() {
            self.attributes.insert(key.into(), value);
        }
        self
    }

    /// Sets the last-updated timestamp (seconds since the Unix epoch).
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_updated_at(1_700_000_000);
    /// assert_eq!(p.updated_at, Some(1_700_000_000));
    /// ```
    pub fn with_updated_at(mut self, t: Timestamp) -> Profile {
        self.updated_at = Some(t);
        self
    }

    /// Adds a consent statement.
    ///
    /// ```
    /// use selfsame::{Channel, Consent, ConsentState, Profile};
    /// let p = Profile::new("crm", "1").with_consent(Consent::new(Channel::Email, ConsentState::Withdrawn));
    /// assert_eq!(p.consents[0].state, ConsentState::Withdrawn);
    /// ```
    pub fn with_consent(mut self, c: Consent) -> Profile {
        self.consents.push(c);
        self
    }

    /// How many fields carry a value (names, each email, phone, address, identifier, ...).
    ///
    /// ```
    /// let p = selfsame::Profile::new("crm", "1").with_given_name("Ann").with_email("a@b.co");
    /// assert_eq!(p.field_count(), 2);
    /// ```
    pub fn field_count(&self) -> usize {
        let opt = [
            &self.given_name,
            &self.middle_name,
            &self.family_name,
            &self.full_name,
            &self.date_of_birth,
        ]
        .iter()
        .filter(|o| o.is_some())
        .count();
        opt + self.emails.len()
            + self.phones.len()
            + self.addresses.len()
            + self.identifiers.len()
            + self.attributes.len()
            + self.consents.len()
            + usize::from(self.updated_at.is_some())
    }
}

/// Sets an optional text field, unless `v` is blank (empty or only whitespace).
fn set(slot: &mut Option<String>, v: String) {
    if !v.trim().is_empty() {
        *slot = Some(v);
    }
}

/// Adds a value to a list, unless it is blank (empty or only whitespace).
fn push(list: &mut Vec<String>, v: String) {
    if !v.trim().is_empty() {
        list.push(v);
    }
}

impl fmt::Debug for Profile {
    // Personal data is the payload: Debug shows only where the record comes from and its size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("source", &self.source)
            .field("id", &self.id)
            .field("fields", &self.field_count())
            .finish()
    }
}

/// A postal address as the source gave it. Any part may be missing; a whole address in
/// `street` ("12 N Main St Apt 4") is split during normalization.
///
/// ```
/// let a = selfsame::PostalAddress::new().with_street("12 North Main Street").with_unit("Apt 4").with_postcode("02139");
/// assert_eq!(a.unit.as_deref(), Some("Apt 4"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostalAddress {
    /// House number and street, possibly with the unit.
    pub street: Option<String>,
    /// Unit, apartment, suite.
    pub unit: Option<String>,
    /// City or locality.
    pub city: Option<String>,
    /// State, province or region.
    pub region: Option<String>,
    /// Postal code.
    pub postcode: Option<String>,
    /// Country name or code.
    pub country: Option<String>,
}

impl PostalAddress {
    /// An empty address.
    ///
    /// ```
    /// assert!(selfsame::PostalAddress::new().is_empty());
    /// ```
    pub fn new() -> PostalAddress {
        PostalAddress::default()
    }

    /// Sets the street line; a blank value is skipped.
    ///
    /// ```
    /// assert!(!selfsame::PostalAddress::new().with_street("1 Elm St").is_empty());
    /// ```
    pub fn with_street(mut self, v: impl Into<String>) -> Self {
        set(&mut self.street, v.into());
        self
    }

    /// Sets the unit; a blank value is skipped.
    ///
    /// ```
    /// assert!(selfsame::PostalAddress::new().with_unit("#4").unit.is_some());
    /// ```
    pub fn with_unit(mut self, v: impl Into<String>) -> Self {
        set(&mut self.unit, v.into());
        self
    }

    /// Sets the city; a blank value is skipped.
    ///
    /// ```
    /// assert!(selfsame::PostalAddress::new().with_city("Boston").city.is_some());
    /// ```
    pub fn with_city(mut self, v: impl Into<String>) -> Self {
        set(&mut self.city, v.into());
        self
    }

    /// Sets the region (state, province); a blank value is skipped.
    ///
    /// ```
    /// assert!(selfsame::PostalAddress::new().with_region("MA").region.is_some());
    /// ```
    pub fn with_region(mut self, v: impl Into<String>) -> Self {
        set(&mut self.region, v.into());
        self
    }

    /// Sets the postal code; a blank value is skipped.
    ///
    /// ```
    /// assert!(selfsame::PostalAddress::new().with_postcode("02139-4307").postcode.is_some());
    /// ```
    pub fn with_postcode(mut self, v: impl Into<String>) -> Self {
        set(&mut self.postcode, v.into());
        self
    }

    /// Sets the country; a blank value is skipped.
    ///
    /// ```
    /// assert!(selfsame::PostalAddress::new().with_country("USA").country.is_some());
    /// ```
    pub fn with_country(mut self, v: impl Into<String>) -> Self {
        set(&mut self.country, v.into());
        self
    }

    /// True when no part carries non-blank text.
    ///
    /// ```
    /// assert!(selfsame::PostalAddress::new().with_city("  ").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        [
            &self.street,
            &self.unit,
            &self.city,
            &self.region,
            &self.postcode,
            &self.country,
        ]
        .iter()
        .all(|p| p.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

impl fmt::Debug for PostalAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PostalAddress { .. }")
    }
}

/// A typed external identifier, e.g. `("loyalty_no", "A-123")`.
///
/// ```
/// let id = selfsame::ExternalId { kind: "customer_id".into(), value: "998".into() };
/// assert_eq!(id.kind, "customer_id");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalId {
    /// What kind of identifier (its name).
    pub kind: String,
    /// The identifier's value.
    pub value: String,
}

impl fmt::Debug for ExternalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExternalId {{ kind: {:?}, .. }}", self.kind)
    }
}

/// A contact channel that consent is given or withdrawn for.
///
/// ```
/// assert_eq!(selfsame::Channel::Sms.as_str(), "sms");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Email marketing.
    Email,
    /// Text messages.
    Sms,
    /// Phone calls.
    Phone,
    /// Postal mail.
    Postal,
}

impl Channel {
    /// All channels, in a fixed order.
    pub const ALL: [Channel; 4] = [
        Channel::Email,
        Channel::Sms,
        Channel::Phone,
        Channel::Postal,
    ];

    /// The channel's lower-case name.
    ///
    /// ```
    /// assert_eq!(selfsame::Channel::Postal.as_str(), "postal");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Phone => "phone",
            Channel::Postal => "postal",
        }
    }
}

/// Whether consent was granted or withdrawn.
///
/// ```
/// use selfsame::ConsentState;
/// assert_eq!(ConsentState::parse("opt-out"), Some(ConsentState::Withdrawn));
/// assert_eq!(ConsentState::parse("YES"), Some(ConsentState::Granted));
/// assert_eq!(ConsentState::parse("maybe"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentState {
    /// The person opted in.
    Granted,
    /// The person opted out.
    Withdrawn,
}

impl ConsentState {
    /// Reads common spellings: `yes`/`no`, `granted`/`withdrawn`, `true`/`false`, `opt-in`/`opt-out`,
    /// `y`/`n`, `1`/`0`, `subscribed`/`unsubscribed` (case and surrounding space ignored).
    /// Anything else is `None` (no statement), never a guess.
    pub fn parse(s: &str) -> Option<ConsentState> {
        let t: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        match t.as_str() {
            "yes" | "y" | "true" | "t" | "1" | "granted" | "grant" | "optin" | "optedin"
            | "subscribed" | "consent" | "consented" | "allow" | "allowed" => {
                Some(ConsentState::Granted)
            }
            "no" | "n" | "false" | "f" | "0" | "withdrawn" | "withdraw" | "optout" | "optedout"
            | "unsubscribed" | "denied" | "deny" | "revoked" => Some(ConsentState::Withdrawn),
            _ => None,
        }
    }
}

/// One consent statement: a channel, a state, and when it was stated (if known).
///
/// ```
/// use selfsame::{Channel, Consent, ConsentState};
/// let c = Consent::new(Channel::Sms, ConsentState::Granted).at(1_700_000_000);
/// assert_eq!(c.at, Some(1_700_000_000));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// The channel.
    pub channel: Channel,
    /// Granted or withdrawn.
    pub state: ConsentState,
    /// When it was stated, if known.
    pub at: Option<Timestamp>,
}

impl Consent {
    /// A consent statement without a timestamp.
    pub fn new(channel: Channel, state: ConsentState) -> Consent {
        Consent {
            channel,
            state,
            at: None,
        }
    }

    /// The same statement with a timestamp.
    pub fn at(mut self, t: Timestamp) -> Consent {
        self.at = Some(t);
        self
    }
}

/// Which profile field a value (or a rejection) belongs to.
///
/// ```
/// assert_eq!(selfsame::Field::Email.as_str(), "email");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Field {
    /// Given name.
    GivenName,
    /// Middle name.
    MiddleName,
    /// Family name.
    FamilyName,
    /// Unparsed full name.
    FullName,
    /// Email address.
    Email,
    /// Phone number.
    Phone,
    /// Postal address.
    Address,
    /// Date of birth.
    DateOfBirth,
    /// External identifier.
    Identifier,
    /// The value of a custom comparison (see [`crate::compare::CustomComparison`]); a
    /// rejection's index is the comparison's position in the configuration.
    Custom,
}

impl Field {
    /// The field's snake_case name.
    ///
    /// ```
    /// assert_eq!(selfsame::Field::DateOfBirth.as_str(), "date_of_birth");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Field::GivenName => "given_name",
            Field::MiddleName => "middle_name",
            Field::FamilyName => "family_name",
            Field::FullName => "full_name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::DateOfBirth => "date_of_birth",
            Field::Identifier => "identifier",
            Field::Custom => "custom",
        }
    }
}

/// A raw value that normalization rejected: which field, which value of it (for multi-valued
/// fields), and why. Kept on the [`NormalizedProfile`] so nothing is dropped silently.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    /// The field.
    pub field: Field,
    /// Index of the value within the field (0 for single-valued fields).
    pub index: usize,
    /// Why it was rejected.
    pub error: crate::Error,
}

/// A normalized name part, ready for matching.
#[derive(Clone, PartialEq, Eq)]
pub struct NameKey {
    /// Folded text ("jose", "van der berg").
    pub text: Box<str>,
    /// Hash of `text` (equality is an integer compare).
    pub hash: u64,
    /// Hash of the phonetic key, for blocking.
    pub phonetic: u64,
    /// Nickname group ids (given names only; empty when unknown), with the groups (or name tag)
    /// of a nickname written with the name (`Robert (Bob)`).
    pub groups: SmallVec<[u32; 2]>,
    /// Hash of the script-neutral consonant skeleton
    /// ([`crate::normalize::translit::skeleton`]), so a name written in Persian or Thai script
    /// and its Latin spelling compare; 0 when not computed (a Latin name of a record from a
    /// country whose names are written in Latin script).
    pub skeleton: u64,
}

impl NameKey {
    /// True when the name is a single letter (an initial).
    ///
    /// ```
    /// let p = selfsame::normalize::normalize_profile(
    ///     &selfsame::Profile::new("s", "1").with_given_name("J."), &Default::default());
    /// assert!(p.given.unwrap().is_initial());
    /// ```
    pub fn is_initial(&self) -> bool {
        self.text.len() <= 4 && self.text.chars().count() == 1
    }

    /// The first character.
    pub fn initial(&self) -> Option<char> {
        self.text.chars().next()
    }
}

/// A normalized email address, ready for matching.
#[derive(Clone, PartialEq, Eq)]
pub struct EmailKey {
    /// Canonical form (provider rules applied).
    pub canonical: Box<str>,
    /// Hash of the canonical form.
    pub hash: u64,
    /// Hash of the canonical local part.
    pub local_hash: u64,
    /// Hash of the canonical domain.
    pub domain_hash: u64,
    pub(crate) at: u32,
    /// Set by the guard stage when this address is a generic value (carried by records of many
    /// different people): it is then no evidence for matching and produces no candidates.
    pub generic: bool,
    /// Set by the guard stage when the local part alone is generic (`christopher.weber` at many
    /// domains, held by different people): equal local parts at different domains are then no
    /// evidence.
    pub generic_local: bool,
    /// The local part is spelled from the record's own name (`jsmith`, `john.smith42`): when two
    /// such local parts agree only partly (not the whole address), that is the names agreeing
    /// again, not new evidence.
    pub name_like: bool,
}

impl EmailKey {
    /// Canonical local part.
    pub fn local(&self) -> &str {
        &self.canonical[..self.at as usize]
    }
    /// Canonical domain.
    pub fn domain(&self) -> &str {
        &self.canonical[self.at as usize + 1..]
    }
}

/// A normalized phone number, ready for matching.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PhoneKey {
    /// All digits of the E.164 form as one integer (`+14155550134` → 14155550134).
    pub e164: u64,
    /// Country calling code.
    pub country_code: u16,
    /// National significant number.
    pub national: u64,
    /// Set by the guard stage when this number is a generic value (carried by records of many
    /// different people): it is then no evidence for matching and produces no candidates.
    pub generic: bool,
}

impl PhoneKey {
    /// The E.164 text.
    ///
    /// ```
    /// let k = selfsame::PhoneKey { e164: 14155550134, country_code: 1, national: 4155550134, generic: false };
    /// assert_eq!(k.to_e164(), "+14155550134");
    /// ```
    pub fn to_e164(&self) -> String {
        format!("+{}", self.e164)
    }
}

/// A normalized postal address, ready for matching.
#[derive(Clone, PartialEq, Eq)]
pub struct AddressKey {
    /// Canonical single-line key.
    pub key: Box<str>,
    /// Hash of `key`.
    pub hash: u64,
    /// Hash of the house number (0 when absent).
    pub house: u64,
    /// Standardized street name ("n main st"), empty when absent.
    pub street: Box<str>,
    /// Hash of the postcode (0 when absent).
    pub postcode: u64,
    /// Hash of the city (0 when absent).
    pub city: u64,
    /// Hash of the unit when it holds a number (0 when absent or only a name): two different
    /// numbered units are two addresses.
    pub unit: u64,
    /// Sorted, distinct token hashes, for token-set similarity.
    pub tokens: Box<[u64]>,
    /// Set by the guard stage when this address is a generic value (carried by records of many
    /// different people): it is then no evidence for matching and produces no candidates.
    pub generic: bool,
}

/// A normalized external identifier.
#[derive(Clone, PartialEq, Eq)]
pub struct IdKey {
    /// Hash of the identifier kind.
    pub kind: u64,
    /// Folded value without spaces or punctuation ("A-123" → "a123").
    pub value: Box<str>,
    /// Hash of `value`.
    pub hash: u64,
}

/// A profile after normalization: compact, hashed, ready for blocking and comparison.
/// Built once per record by [`crate::normalize::normalize_profile`]; nothing on the matching
/// hot path normalizes again.
#[derive(Clone, Default, PartialEq)]
pub struct NormalizedProfile {
    /// Given name.
    pub given: Option<NameKey>,
    /// Middle name(s), folded.
    pub middle: Option<Box<str>>,
    /// Family name.
    pub family: Option<NameKey>,
    /// Emails, distinct by canonical form.
    pub emails: SmallVec<[EmailKey; 1]>,
    /// Phones, distinct.
    pub phones: SmallVec<[PhoneKey; 1]>,
    /// Addresses, distinct by key.
    pub addresses: SmallVec<[AddressKey; 1]>,
    /// Date of birth.
    pub date_of_birth: Option<crate::normalize::date::Date>,
    /// External identifiers.
    pub identifiers: SmallVec<[IdKey; 1]>,
    /// Raw values that were rejected, with why.
    pub rejected: Vec<Rejection>,
    /// The country the record was read in (see [`crate::normalize::record_country`]).
    pub country: Option<crate::normalize::Country>,
    /// Values of the custom comparisons, in configuration order (see
    /// [`crate::compare::normalize_custom`]); empty when there are none.
    pub custom: Box<[crate::compare::CustomValues]>,
}

// Debug output of normalized keys shows hashes and flags, never the values: personal data is the
// payload and must not reach logs through `{:?}`.

impl fmt::Debug for NameKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NameKey")
            .field("hash", &format_args!("{:016x}", self.hash))
            .field("groups", &self.groups.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for EmailKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailKey")
            .field("hash", &format_args!("{:016x}", self.hash))
            .field("generic", &self.generic)
            .field("generic_local", &self.generic_local)
            .field("name_like", &self.name_like)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for PhoneKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PhoneKey")
            .field("country_code", &self.country_code)
            .field("generic", &self.generic)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for AddressKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AddressKey")
            .field("hash", &format_args!("{:016x}", self.hash))
            .field("tokens", &self.tokens.len())
            .field("generic", &self.generic)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for IdKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdKey")
            .field("kind", &format_args!("{:016x}", self.kind))
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for NormalizedProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NormalizedProfile")
            .field("given", &self.given)
            .field("middle", &self.middle.is_some())
            .field("family", &self.family)
            .field("emails", &self.emails)
            .field("phones", &self.phones)
            .field("addresses", &self.addresses)
            .field("date_of_birth", &self.date_of_birth.is_some())
            .field("identifiers", &self.identifiers)
            .field("rejected", &self.rejected)
            .field("country", &self.country)
            .finish()
    }
}

#[cfg(test)]
mod debug_tests {
    use crate::normalize::{normalize_profile, NormalizeConfig};
    use crate::Profile;

    #[test]
    fn normalized_debug_shows_no_values() {
        let p = Profile::new("crm", "1")
            .with_given_name("Zebulon")
            .with_middle_name("Quintus")
            .with_family_name("Xylander")
            .with_email("zebulon.xylander@example.com")
            .with_phone("+1 415 555 0134")
            .with_date_of_birth("1961-07-23")
            .with_identifier("loyalty", "LX-99817");
        let n = normalize_profile(&p, &NormalizeConfig::default());
        let shown = format!("{n:?} {n:#?}");
        for secret in [
            "zebulon",
            "quintus",
            "xylander",
            "example",
            "4155550134",
            "1961",
            "99817",
        ] {
            assert!(
                !shown.to_lowercase().contains(secret),
                "{secret} in {shown}"
            );
        }
        assert!(shown.contains("NormalizedProfile"));
    }
}

#[cfg(test)]
mod size_tests {
    /// The per-record layout ARCHITECTURE.md describes (64-bit targets).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn normalized_profile_size() {
        assert_eq!(std::mem::size_of::<super::NormalizedProfile>(), 432);
    }
}
