//! CSV files → [`Profile`]s: header aliases, mapping rules, consent columns, and errors that
//! name the file and line (behind the `csv` cargo feature, on by default).
//!
//! ```
//! use selfsame::csv::{Dataset, Mapping};
//!
//! let data = "Given Name,Surname,E-mail,Mobile,Zip,Loyalty\n\
//!             Ann,Lee,ann.lee@example.com,(415) 555-0134,94105,A1\n";
//! let mut mapping = Mapping::new();
//! mapping.add("loyalty=id:loyalty")?;
//! let ds = Dataset::from_reader("crm.csv", data.as_bytes(), &mapping)?;
//! let p = &ds.profiles[0];
//! assert_eq!((p.source.as_str(), p.id.as_str()), ("crm", "1"));
//! assert_eq!(p.family_name.as_deref(), Some("Lee"));
//! assert_eq!(p.identifiers[0].kind, "loyalty");
//! assert_eq!(ds.place(0), "crm.csv line 2");
//! # Ok::<(), selfsame::csv::LoadError>(())
//! ```
//!
//! # Columns
//!
//! Every file needs a header row. A header is first *folded*: BOM and surrounding spaces
//! dropped, lower-cased, spaces, tabs, dashes and dots turned into `_` (`"E-mail Address"` →
//! `e_mail_address`, see [`fold_header`]). A column then feeds, in this order of precedence:
//!
//! 1. the field of the last mapping rule naming it ([`Mapping::add`], `COLUMN=FIELD`);
//! 2. the field its folded header names (the FIELD names below, `given_name`, `family_name`);
//! 3. the field of an alias in [`ALIASES`];
//! 4. an extra email or phone: a field or alias ending in digits (`email2`, `phone_3`) or with
//!    a qualifier before or after (`work_email`, `home_phone`, `email_secondary`, `mobile_phone`);
//! 5. an identifier `id:<header>` for the government numbers in [`ID_HEADERS`] (`ssn`,
//!    `soc_sec_id`, `passport_number`, ...);
//! 6. else a free attribute named as the header (`attr:<header>`).
//!
//! | FIELD | [`Profile`] member | several columns |
//! |---|---|---|
//! | `record_id` | [`Profile::id`]; when no column has it, the 1-based data row number | joined with a space |
//! | `source` | [`Profile::source`]; when no column has it or the cell is blank, the file's stem | joined |
//! | `first_name`, `middle_name`, `last_name`, `full_name` | the name members | joined |
//! | `email`, `phone` | one more entry of [`Profile::emails`] / [`Profile::phones`] per column; a cell may hold several separated by `;` | each kept |
//! | `street`, `unit`, `city`, `region`, `postcode`, `country` | the parts of one [`PostalAddress`]; a street line without city and postcode is split (see below) | joined (FEBRL's `street_number` and `address_1` give one street) |
//! | `date_of_birth` | [`Profile::date_of_birth`] | joined |
//! | `updated_at` | [`Profile::updated_at`], ISO 8601 or epoch seconds ([`parse_timestamp`]) | the latest |
//! | `consent_email`, `consent_sms`, `consent_phone`, `consent_postal` | [`Profile::consents`] ([`ConsentState::parse`]), as of `updated_at` when the row has one | each kept |
//! | `id:NAME` | an [`ExternalId`] of kind `NAME` | each kept |
//! | `attr:NAME` | [`Profile::attributes`]`[NAME]` | joined |
//! | `ignore` | nothing | |
//!
//! **One-line addresses.** When a row's street line (the `street` columns joined) has no city
//! and no postcode beside it (no such columns, or blank cells on that row), it is split with
//! [`split_address`]: `address` = `460 Bryant St Ste 100, San Francisco, CA 94107-1303` gives
//! street `460 Bryant St Ste 100`, city `San Francisco`, region `CA`, postcode `94107-1303`,
//! and a country written at its end (`…, Deutschland`) becomes the country. A `region` or
//! `country` cell of the row wins over the one found in the line. A line in which nothing
//! besides the street is recognized is kept whole; the parts are always text of the cell.
//!
//! Cells are trimmed; **a blank cell is an absent value**, never a rejected one. A `;` in an
//! email or phone cell separates two values, except before an RFC 3966 parameter
//! (`404.219.6914;ext=33` is one number with its extension). An `updated_at` or consent value
//! that is not understood is ignored and counted in [`Dataset::warnings`] (counts and the first
//! line, never the value).
//!
//! # Dates of birth
//!
//! The loader keeps a date of birth as written (it is read when normalized), but it looks at
//! the values of each source for the order of day and month ([`order_evidence`]): a numeric
//! date whose first part is above 12 (`21/10/1988`) can only be day-first, one whose second
//! part is above 12 (`10/21/1988`) only month-first. A source whose values say one and never
//! the other gets that order in [`Dataset::date_orders`] (so a `dd/mm/yyyy` export with a
//! single day above 12 is read day-first without a setting); a source with no such value gets
//! none (the configured or country order applies); a source with values both ways gets none
//! and a warning in [`Dataset::warnings`] (counts only). The evidence is per source across all
//! files, from the row's `date_of_birth` (its columns joined). Normalization applies the order
//! through [`DateConfig::context_for`].
//!
//! # Aliases
//!
//! | field | headers read as it without a rule (folded) |
//! |---|---|
//! | `first_name` | `firstname`, `first`, `forename`, `givenname`, `given_name` |
//! | `middle_name` | `middle`, `middlename`, `middle_initial` |
//! | `last_name` | `surname`, `lastname`, `last`, `familyname`, `family_name` |
//! | `full_name` | `name`, `fullname` |
//! | `email` | `e_mail`, `email_address`, `emailaddress`, `mail` |
//! | `phone` | `mobile`, `cell`, `telephone`, `tel`, `phone_number`, `phonenumber`, `mobile_number`, `cell_phone` |
//! | `street` | `address`, `address_1`, `address1`, `address_line_1`, `address_line1`, `street_address`, `street_number`, `house_number`, `full_address`, `fulladdress`, `address_line`, `mailing_address`, `postal_address` |
//! | `unit` | `address_2`, `address2`, `address_line_2`, `address_line2`, `apt`, `apartment`, `suite` |
//! | `city` | `suburb`, `town`, `locality` |
//! | `region` | `state`, `province` |
//! | `postcode` | `zip`, `zipcode`, `zip_code`, `postal_code`, `postalcode`, `post_code` |
//! | `country` | `country_code` |
//! | `date_of_birth` | `dob`, `birth_date`, `birthdate`, `birthday` |
//! | `record_id` | `rec_id`, `id`, `recordid` |
//! | `updated_at` | `last_updated`, `modified_at`, `updated` |
//!
//! # Errors
//!
//! Loading stops at the first error in file order, a [`LoadError`] naming the file and, when
//! one is to blame, the 1-based line ([`LoadErrorKind`] says what): a file that cannot be read,
//! no header row, a header naming no field to match on, a row with a different number of fields
//! than the header, invalid UTF-8 (with its column), malformed CSV, a blank record id, a record
//! id seen twice within one source (naming both lines), a mapping rule naming a column no input
//! has. Messages name files, lines, columns and fields, never a cell's value. A [`LoadError`]
//! converts into [`crate::Error::Csv`] with `?`.
//!
//! # Speed
//!
//! Rows are read on one thread a chunk at a time (65,536 records) and turned into profiles on
//! the rayon pool while the next chunk is read; about 1.9 million records load in a few seconds.
//!
//! [`parse_timestamp`]: crate::normalize::date::parse_timestamp
//! [`order_evidence`]: crate::normalize::date::order_evidence
//! [`DateConfig::context_for`]: crate::normalize::date::DateConfig::context_for
//! [`split_address`]: crate::normalize::oneline::split_address

use std::fmt;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::PathBuf;

use rayon::prelude::*;

use std::collections::BTreeMap;

use crate::normalize::date::{order_evidence, parse_timestamp, DateOrder, OrderEvidence};
use crate::{Channel, Consent, ConsentState, ExternalId, PostalAddress, Profile, Records};
use std::borrow::Cow;

/// The profile field a column feeds.
///
/// ```
/// use selfsame::csv::Target;
/// assert_eq!(Target::for_header("Zip Code"), Target::Postcode);
/// assert_eq!(Target::parse_field("id:loyalty"), Some(Target::Id("loyalty".into())));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// The record id, unique within its source.
    RecordId,
    /// The source system (default: the file's stem).
    Source,
    /// Given name.
    FirstName,
    /// Middle name.
    MiddleName,
    /// Family name.
    LastName,
    /// Unparsed full name.
    FullName,
    /// An email address (one per column; several columns give several addresses).
    Email,
    /// A phone number (one per column; several columns give several numbers).
    Phone,
    /// Street line.
    Street,
    /// Unit, apartment, building.
    Unit,
    /// City or locality.
    City,
    /// State, province, region.
    Region,
    /// Postal code.
    Postcode,
    /// Country.
    Country,
    /// Date of birth.
    DateOfBirth,
    /// Last update time of the record (ISO 8601 or epoch seconds).
    UpdatedAt,
    /// An external identifier of this kind.
    Id(String),
    /// A free attribute of this name.
    Attr(String),
    /// A consent statement for this channel.
    Consent(Channel),
    /// Not read.
    Ignore,
}

impl Target {
    /// The FIELD names accepted by [`Target::parse_field`] and [`Mapping::add`], for messages.
    ///
    /// ```
    /// assert!(selfsame::csv::Target::FIELD_NAMES.contains("date_of_birth"));
    /// ```
    pub const FIELD_NAMES: &'static str = "record_id, source, first_name, middle_name, last_name, \
        full_name, email, phone, street, unit, city, region, postcode, country, date_of_birth, \
        updated_at, consent_email, consent_sms, consent_phone, consent_postal, id:NAME, attr:NAME, \
        ignore";

    /// Parses a FIELD of a `COLUMN=FIELD` rule: a name of [`Target::FIELD_NAMES`] (also
    /// `given_name`, `family_name`), `id:NAME`, `attr:NAME` or `ignore`. Aliases are for
    /// headers, not here.
    ///
    /// ```
    /// use selfsame::csv::Target;
    /// assert_eq!(Target::parse_field(" last_name "), Some(Target::LastName));
    /// assert_eq!(Target::parse_field("attr:tier"), Some(Target::Attr("tier".into())));
    /// assert_eq!(Target::parse_field("surname"), None);
    /// assert_eq!(Target::parse_field("id:"), None);
    /// ```
    pub fn parse_field(s: &str) -> Option<Target> {
        let s = s.trim();
        if let Some(name) = s.strip_prefix("id:") {
            return (!name.trim().is_empty()).then(|| Target::Id(name.trim().to_string()));
        }
        if let Some(name) = s.strip_prefix("attr:") {
            return (!name.trim().is_empty()).then(|| Target::Attr(name.trim().to_string()));
        }
        if s == "ignore" {
            return Some(Target::Ignore);
        }
        exact_field(s)
    }

    /// The target of a header with no mapping rule: the field it names, an alias, an extra
    /// email or phone column (`email2`, `work_email`, `phone_2`, `home_phone`...), a government
    /// identifier of [`ID_HEADERS`], else `attr:<header>`.
    ///
    /// ```
    /// use selfsame::csv::Target;
    /// assert_eq!(Target::for_header("Given Name"), Target::FirstName);
    /// assert_eq!(Target::for_header("suburb"), Target::City);
    /// assert_eq!(Target::for_header("Work E-mail"), Target::Email);
    /// assert_eq!(Target::for_header("phone_2"), Target::Phone);
    /// assert_eq!(Target::for_header("SSN"), Target::Id("ssn".into()));
    /// assert_eq!(Target::for_header("Tier"), Target::Attr("Tier".into()));
    /// ```
    pub fn for_header(header: &str) -> Target {
        let f = fold_header(header);
        if let Some(t) = alias_or_field(&f) {
            return t;
        }
        // `email2`, `phone_3`: extra values of a multi-valued field.
        let stem = f
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('_');
        if stem != f {
            if let Some(t @ (Target::Email | Target::Phone)) = alias_or_field(stem) {
                return t;
            }
        }
        // `work_email`, `email_secondary`, `home_phone`...
        const QUALIFIERS: &[&str] = &[
            "home",
            "work",
            "personal",
            "alt",
            "alternate",
            "other",
            "secondary",
            "primary",
            "main",
            "business",
            "private",
            "mobile",
            "cell",
            "day",
            "evening",
        ];
        for q in QUALIFIERS {
            let rest = f
                .strip_prefix(q)
                .and_then(|r| r.strip_prefix('_'))
                .or_else(|| f.strip_suffix(q).and_then(|r| r.strip_suffix('_')));
            if let Some(t @ (Target::Email | Target::Phone)) = rest.and_then(alias_or_field) {
                return t;
            }
        }
        // Personal identifiers issued by an authority are identifiers, not free attributes.
        if ID_HEADERS.contains(&f.as_str()) {
            return Target::Id(f);
        }
        Target::Attr(header.trim_start_matches('\u{feff}').trim().to_string())
    }

    /// True for fields that take part in matching (a header with none is probably no header).
    fn is_matching(&self) -> bool {
        !matches!(
            self,
            Target::RecordId
                | Target::Source
                | Target::UpdatedAt
                | Target::Attr(_)
                | Target::Consent(_)
                | Target::Ignore
        )
    }
}

/// Field names spelled exactly as a field (after folding).
fn exact_field(s: &str) -> Option<Target> {
    Some(match s {
        "record_id" => Target::RecordId,
        "source" => Target::Source,
        "first_name" | "given_name" => Target::FirstName,
        "middle_name" => Target::MiddleName,
        "last_name" | "family_name" => Target::LastName,
        "full_name" => Target::FullName,
        "email" => Target::Email,
        "phone" => Target::Phone,
        "street" => Target::Street,
        "unit" => Target::Unit,
        "city" => Target::City,
        "region" => Target::Region,
        "postcode" => Target::Postcode,
        "country" => Target::Country,
        "date_of_birth" => Target::DateOfBirth,
        "updated_at" => Target::UpdatedAt,
        "consent_email" => Target::Consent(Channel::Email),
        "consent_sms" => Target::Consent(Channel::Sms),
        "consent_phone" => Target::Consent(Channel::Phone),
        "consent_postal" => Target::Consent(Channel::Postal),
        _ => return None,
    })
}

/// Header aliases that map without a rule, as `(folded header, field)` (headers are folded
/// first with [`fold_header`]).
///
/// ```
/// use selfsame::csv::ALIASES;
/// assert!(ALIASES.contains(&("zip", "postcode")));
/// assert!(ALIASES.contains(&("suburb", "city")));
/// ```
pub const ALIASES: &[(&str, &str)] = &[
    ("firstname", "first_name"),
    ("first", "first_name"),
    ("forename", "first_name"),
    ("givenname", "first_name"),
    ("middle", "middle_name"),
    ("middlename", "middle_name"),
    ("middle_initial", "middle_name"),
    ("surname", "last_name"),
    ("lastname", "last_name"),
    ("last", "last_name"),
    ("familyname", "last_name"),
    ("name", "full_name"),
    ("fullname", "full_name"),
    ("e_mail", "email"),
    ("email_address", "email"),
    ("emailaddress", "email"),
    ("mail", "email"),
    ("mobile", "phone"),
    ("cell", "phone"),
    ("telephone", "phone"),
    ("tel", "phone"),
    ("phone_number", "phone"),
    ("phonenumber", "phone"),
    ("mobile_number", "phone"),
    ("cell_phone", "phone"),
    ("zip", "postcode"),
    ("zipcode", "postcode"),
    ("zip_code", "postcode"),
    ("postal_code", "postcode"),
    ("postalcode", "postcode"),
    ("post_code", "postcode"),
    ("state", "region"),
    ("province", "region"),
    ("dob", "date_of_birth"),
    ("birth_date", "date_of_birth"),
    ("birthdate", "date_of_birth"),
    ("birthday", "date_of_birth"),
    ("rec_id", "record_id"),
    ("id", "record_id"),
    ("recordid", "record_id"),
    ("address", "street"),
    ("address_1", "street"),
    ("address1", "street"),
    ("address_line_1", "street"),
    ("address_line1", "street"),
    ("street_address", "street"),
    ("street_number", "street"),
    ("house_number", "street"),
    ("full_address", "street"),
    ("fulladdress", "street"),
    ("address_line", "street"),
    ("mailing_address", "street"),
    ("postal_address", "street"),
    ("address_2", "unit"),
    ("address2", "unit"),
    ("address_line_2", "unit"),
    ("address_line2", "unit"),
    ("apt", "unit"),
    ("apartment", "unit"),
    ("suite", "unit"),
    ("suburb", "city"),
    ("town", "city"),
    ("locality", "city"),
    ("country_code", "country"),
    ("last_updated", "updated_at"),
    ("modified_at", "updated_at"),
    ("updated", "updated_at"),
];

/// Folded headers read as an external identifier `id:<header>` without a rule: national and
/// government numbers (FEBRL's `soc_sec_id` among them). Customer or loyalty numbers are not
/// here, since a source may give one person several; map those with `COLUMN=id:NAME`.
///
/// ```
/// assert!(selfsame::csv::ID_HEADERS.contains(&"soc_sec_id"));
/// ```
pub const ID_HEADERS: &[&str] = &[
    "ssn",
    "soc_sec_id",
    "social_security_number",
    "national_id",
    "national_insurance_number",
    "nino",
    "passport_number",
    "tax_id",
];

/// Folds a header for matching: BOM and surrounding spaces dropped, lower case, spaces, tabs,
/// `-` and `.` turned into `_`, runs of `_` made one.
///
/// ```
/// assert_eq!(selfsame::csv::fold_header("\u{feff} E-mail  Address "), "e_mail_address");
/// assert_eq!(selfsame::csv::fold_header("Zip.Code"), "zip_code");
/// ```
pub fn fold_header(h: &str) -> String {
    let h = h.trim_start_matches('\u{feff}').trim().to_lowercase();
    let mut out = String::with_capacity(h.len());
    for c in h.chars() {
        let c = if matches!(c, ' ' | '-' | '.' | '\t') {
            '_'
        } else {
            c
        };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    out
}

fn alias_or_field(f: &str) -> Option<Target> {
    exact_field(f).or_else(|| {
        ALIASES
            .iter()
            .find(|(a, _)| *a == f)
            .and_then(|(_, field)| exact_field(field))
    })
}

/// Column → field rules that override the headers' own meaning (the example's
/// `--map COLUMN=FIELD`). Columns are compared folded ([`fold_header`]); the last rule for a
/// column wins.
///
/// ```
/// use selfsame::csv::{Mapping, Target};
/// let mut m = Mapping::new();
/// m.add("Member No=id:member")?;
/// m.add("notes=ignore")?;
/// assert_eq!(m.target("member_no"), Target::Id("member".into()));
/// assert_eq!(m.target("Notes"), Target::Ignore);
/// assert_eq!(m.target("zip"), Target::Postcode);
/// # Ok::<(), selfsame::csv::LoadError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    /// (folded column, column as written, target).
    overrides: Vec<(String, String, Target)>,
}

impl Mapping {
    /// No rules: every column is read by its header.
    ///
    /// ```
    /// let m = selfsame::csv::Mapping::new();
    /// assert_eq!(m.target("E-mail"), selfsame::csv::Target::Email);
    /// ```
    pub fn new() -> Mapping {
        Mapping::default()
    }

    /// Adds one `COLUMN=FIELD` rule; FIELD is parsed by [`Target::parse_field`]. A rule whose
    /// column no input has makes [`Dataset::load`] fail.
    ///
    /// ```
    /// use selfsame::csv::{LoadErrorKind, Mapping};
    /// let mut m = Mapping::new();
    /// assert!(m.add("cust_email=email").is_ok());
    /// let err = m.add("email=nickname").unwrap_err();
    /// assert!(matches!(err.kind, LoadErrorKind::UnknownField { .. }));
    /// assert!(err.to_string().contains("nickname"));
    /// assert!(matches!(m.add("email").unwrap_err().kind, LoadErrorKind::RuleSyntax { .. }));
    /// assert!(matches!(m.add(" =email").unwrap_err().kind, LoadErrorKind::RuleSyntax { .. }));
    /// ```
    pub fn add(&mut self, rule: &str) -> Result<(), LoadError> {
        let Some((col, field)) = rule.split_once('=') else {
            return Err(LoadError::general(LoadErrorKind::RuleSyntax {
                rule: rule.to_string(),
            }));
        };
        if col.trim().is_empty() {
            return Err(LoadError::general(LoadErrorKind::RuleSyntax {
                rule: rule.to_string(),
            }));
        }
        let Some(t) = Target::parse_field(field) else {
            return Err(LoadError::general(LoadErrorKind::UnknownField {
                rule: rule.to_string(),
                field: field.trim().to_string(),
            }));
        };
        self.overrides
            .push((fold_header(col), col.trim().to_string(), t));
        Ok(())
    }

    /// What a column with this header feeds: the last rule naming it, else
    /// [`Target::for_header`].
    ///
    /// ```
    /// let mut m = selfsame::csv::Mapping::new();
    /// m.add("zip=ignore")?;
    /// m.add("ZIP=postcode")?;
    /// assert_eq!(m.target("Zip"), selfsame::csv::Target::Postcode);
    /// # Ok::<(), selfsame::csv::LoadError>(())
    /// ```
    pub fn target(&self, header: &str) -> Target {
        let f = fold_header(header);
        // The last rule for a column wins.
        self.overrides
            .iter()
            .rev()
            .find(|(c, _, _)| *c == f)
            .map_or_else(|| Target::for_header(header), |(_, _, t)| t.clone())
    }
}

/// Where an input record came from (8 bytes: millions of records keep one each).
///
/// ```
/// let ds = selfsame::csv::Dataset::from_reader("a.csv", "email\nx@example.com\n".as_bytes(), &Default::default())?;
/// assert_eq!(ds.origins[0], selfsame::csv::Origin { file: 0, line: 2 });
/// # Ok::<(), selfsame::csv::LoadError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`Dataset::files`].
    pub file: u32,
    /// 1-based line of the record's start in the file.
    pub line: u32,
}

/// A loading error: which file, which line, what. Never the data itself.
///
/// Displays as `FILE line N: what`, `FILE: what`, or `what` when no file is to blame.
///
/// ```
/// use selfsame::csv::{Dataset, LoadErrorKind, Mapping};
/// let data = "record_id,first_name,email\n1,Ann,a@example.com\n2,Bob\n";
/// let err = Dataset::from_reader("short.csv", data.as_bytes(), &Mapping::new()).unwrap_err();
/// assert_eq!((err.file.as_deref(), err.line), (Some("short.csv"), Some(3)));
/// assert_eq!(err.kind, LoadErrorKind::FieldCount { expected: 3, found: 2 });
/// assert_eq!(err.to_string(), "short.csv line 3: expected 3 fields, found 2");
/// // Into the crate's error with `?`.
/// let err: selfsame::Error = err.into();
/// assert!(matches!(err, selfsame::Error::Csv(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadError {
    /// The file, as given (the path, or the name given to [`Dataset::from_reader`]).
    pub file: Option<String>,
    /// The 1-based line, when one is to blame.
    pub line: Option<u64>,
    /// What is wrong.
    pub kind: LoadErrorKind,
}

/// What is wrong in a [`LoadError`]. Names columns, fields, lines and sources, never a cell.
///
/// ```
/// use selfsame::csv::{Dataset, LoadErrorKind, Mapping};
/// let err = Dataset::from_reader("x.csv", "".as_bytes(), &Mapping::new()).unwrap_err();
/// assert_eq!(err.kind, LoadErrorKind::NoHeader);
/// assert_eq!(err.kind.to_string(), "no header row (the file is empty)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The file does not exist.
    NotFound,
    /// The file may not be read.
    PermissionDenied,
    /// The path is a directory.
    IsDirectory,
    /// Another input/output error, with the system's message.
    Io(String),
    /// The input is empty: no header row.
    NoHeader,
    /// The header row names no field to match on; probably there is no header row.
    NoMatchingField,
    /// A row has another number of fields than the header.
    FieldCount {
        /// Fields in the header.
        expected: u64,
        /// Fields in this row.
        found: u64,
    },
    /// Text that is not UTF-8, in this column when known.
    InvalidUtf8 {
        /// The column's header.
        column: Option<String>,
    },
    /// Not CSV (e.g. a bad quote).
    Malformed,
    /// A blank record id in a file with a record id column.
    EmptyRecordId,
    /// A record id seen before in the same source; the error's line is the second record's.
    DuplicateRecordId {
        /// The source both records are in.
        source_name: String,
        /// Where the first one is, when in another file.
        first_file: Option<String>,
        /// The first one's line.
        first_line: u64,
    },
    /// More input files or lines than positions can count (2³² − 1).
    TooLarge,
    /// A mapping rule that is not `COLUMN=FIELD` with a column.
    RuleSyntax {
        /// The rule as written.
        rule: String,
    },
    /// A mapping rule's FIELD is not one of [`Target::FIELD_NAMES`].
    UnknownField {
        /// The rule as written.
        rule: String,
        /// The field as written.
        field: String,
    },
    /// A mapping rule's column is in no input file.
    UnusedRule {
        /// The column as written in the rule.
        column: String,
    },
}

impl LoadError {
    fn at(file: &str, line: Option<u64>, kind: LoadErrorKind) -> LoadError {
        LoadError {
            file: Some(file.to_string()),
            line,
            kind,
        }
    }

    fn general(kind: LoadErrorKind) -> LoadError {
        LoadError {
            file: None,
            line: None,
            kind,
        }
    }
}

impl fmt::Display for LoadErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadErrorKind::NotFound => f.write_str("no such file"),
            LoadErrorKind::PermissionDenied => f.write_str("permission denied"),
            LoadErrorKind::IsDirectory => f.write_str("is a directory, not a CSV file"),
            LoadErrorKind::Io(m) => write!(f, "cannot read: {m}"),
            LoadErrorKind::NoHeader => f.write_str("no header row (the file is empty)"),
            LoadErrorKind::NoMatchingField => f.write_str(
                "the header row names no field to match on (first_name, last_name, full_name, \
                 email, phone, street, postcode, date_of_birth, id:NAME...); is the header \
                 missing? Name columns with a mapping rule COLUMN=FIELD",
            ),
            LoadErrorKind::FieldCount { expected, found } => {
                write!(f, "expected {expected} fields, found {found}")
            }
            LoadErrorKind::InvalidUtf8 { column: Some(c) } => {
                write!(f, "invalid UTF-8 in column {c:?}")
            }
            LoadErrorKind::InvalidUtf8 { column: None } => f.write_str("invalid UTF-8"),
            LoadErrorKind::Malformed => f.write_str("malformed CSV"),
            LoadErrorKind::EmptyRecordId => f.write_str("empty record id"),
            LoadErrorKind::DuplicateRecordId {
                source_name,
                first_file,
                first_line,
            } => {
                write!(
                    f,
                    "duplicate record id in source {source_name:?} (first at "
                )?;
                if let Some(file) = first_file {
                    write!(f, "{file} ")?;
                }
                write!(f, "line {first_line})")
            }
            LoadErrorKind::TooLarge => f.write_str("more than 4294967295 files or lines"),
            LoadErrorKind::RuleSyntax { rule } => {
                write!(f, "mapping rule {rule:?}: expected COLUMN=FIELD")
            }
            LoadErrorKind::UnknownField { rule, field } => write!(
                f,
                "mapping rule {rule:?}: unknown field {field:?} (fields: {})",
                Target::FIELD_NAMES
            ),
            LoadErrorKind::UnusedRule { column } => {
                write!(
                    f,
                    "mapping rule: no input file has a column named {column:?}"
                )
            }
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file} line {line}: {}", self.kind),
            (Some(file), None) => write!(f, "{file}: {}", self.kind),
            _ => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for LoadError {}

/// Loaded profiles with the file and line each came from.
///
/// `Debug` shows counts only.
///
/// ```
/// use selfsame::csv::{Dataset, Mapping};
/// let data = "id,name,email,email2\n7,Ann Lee,ann@example.com,\n8,,,bob@example.org\n";
/// let ds = Dataset::from_reader("shop.csv", data.as_bytes(), &Mapping::new())?;
/// assert_eq!(ds.profiles.len(), 2);
/// assert_eq!(ds.profiles[1].id, "8");
/// assert_eq!(ds.profiles[1].emails, ["bob@example.org"]);
/// assert!(ds.profiles[1].full_name.is_none()); // blank cells are absent values
/// assert_eq!(format!("{ds:?}"), "Dataset { files: 1, profiles: 2, warnings: 0 }");
/// # Ok::<(), selfsame::csv::LoadError>(())
/// ```
#[derive(Default)]
#[non_exhaustive]
pub struct Dataset {
    /// The input files, as given (or the names given to [`Dataset::from_reader`]).
    pub files: Vec<PathBuf>,
    /// The profiles, in input order (file by file, row by row).
    pub profiles: Vec<Profile>,
    /// Where each profile came from.
    pub origins: Vec<Origin>,
    /// Non-fatal notes (values not understood and ignored); counts and lines, no data.
    pub warnings: Vec<String>,
    /// The day/month order of dates of birth of each source whose values decide it (see
    /// [Dates of birth](self#dates-of-birth)); pass it on with [`DateConfig::context_for`].
    ///
    /// ```
    /// use selfsame::csv::{Dataset, Mapping};
    /// use selfsame::normalize::date::DateOrder;
    /// let data = "source,name,dob\neu,Ann Lee,03/04/1985\neu,Bo Ek,21/10/1988\nus,Al Ray,03/04/1985\n";
    /// let ds = Dataset::from_reader("crm.csv", data.as_bytes(), &Mapping::new())?;
    /// assert_eq!(ds.date_orders.get("eu"), Some(&DateOrder::DayFirst));
    /// assert_eq!(ds.date_orders.get("us"), None); // undecided: the configured order applies
    /// # Ok::<(), selfsame::csv::LoadError>(())
    /// ```
    ///
    /// [`DateConfig::context_for`]: crate::normalize::date::DateConfig::context_for
    pub date_orders: BTreeMap<String, DateOrder>,
}

impl fmt::Debug for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dataset")
            .field("files", &self.files.len())
            .field("profiles", &self.profiles.len())
            .field("warnings", &self.warnings.len())
            .finish()
    }
}

impl Dataset {
    /// Loads every file in order.
    ///
    /// The source of a row is its `source` column, or the file's stem when there is none (or
    /// the cell is blank). The record id is the `record_id` column, or the 1-based data row
    /// number when there is no such column. A record id seen twice within one source, in one
    /// file or across files, is an error naming both places; so is a rule of `mapping` whose
    /// column no file has.
    ///
    /// ```
    /// use selfsame::csv::{Dataset, LoadErrorKind, Mapping};
    /// let dir = std::env::temp_dir().join(format!("selfsame-csv-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let (a, b) = (dir.join("crm.csv"), dir.join("shop.csv"));
    /// std::fs::write(&a, "record_id,first_name,last_name\nc1,Ann,Lee\n").unwrap();
    /// std::fs::write(&b, "record_id,first_name,last_name\ns1,Anne,Lee\n").unwrap();
    /// let ds = Dataset::load(&[a.clone(), b.clone()], &Mapping::new())?;
    /// assert_eq!(ds.profiles[1].source, "shop");
    /// assert!(ds.place(1).ends_with("shop.csv line 2"));
    ///
    /// let missing = Dataset::load(&[dir.join("nope.csv")], &Mapping::new()).unwrap_err();
    /// assert_eq!(missing.kind, LoadErrorKind::NotFound);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), selfsame::csv::LoadError>(())
    /// ```
    pub fn load(paths: &[PathBuf], mapping: &Mapping) -> Result<Dataset, LoadError> {
        let (meta, profiles) = load_paths(paths, mapping, Vec::new())?;
        Ok(meta.into_dataset(profiles))
    }

    /// Loads one CSV text from a reader (a file, a socket, bytes in memory) as if from a file
    /// named `name`: `name` is used in messages and its stem is the default source.
    ///
    /// ```
    /// use selfsame::csv::{Dataset, Mapping};
    /// let data = "first_name,last_name,source\nAnn,Lee,\nBob,Stone,pos\n";
    /// let ds = Dataset::from_reader("exports/crm.csv", data.as_bytes(), &Mapping::new())?;
    /// assert_eq!(ds.profiles[0].source, "crm");
    /// assert_eq!(ds.profiles[1].source, "pos");
    /// # Ok::<(), selfsame::csv::LoadError>(())
    /// ```
    pub fn from_reader<R: Read + Send>(
        name: &str,
        reader: R,
        mapping: &Mapping,
    ) -> Result<Dataset, LoadError> {
        let mut loader = Loader::new(mapping, Vec::new());
        loader.add(PathBuf::from(name), name, reader)?;
        let (meta, profiles) = loader.finish()?;
        Ok(meta.into_dataset(profiles))
    }

    /// `FILE line N` of record `i`, for messages; `record i` when `i` has no origin.
    ///
    /// ```
    /// let ds = selfsame::csv::Dataset::from_reader("a.csv", "email\nx@example.com\n".as_bytes(), &Default::default())?;
    /// assert_eq!(ds.place(0), "a.csv line 2");
    /// assert_eq!(ds.place(5), "record 5");
    /// # Ok::<(), selfsame::csv::LoadError>(())
    /// ```
    pub fn place(&self, i: usize) -> String {
        place(&self.files, &self.origins, i)
    }
}

/// `FILE line N` of record `i`, or `record i`.
fn place(files: &[PathBuf], origins: &[Origin], i: usize) -> String {
    match origins
        .get(i)
        .and_then(|o| Some((files.get(o.file as usize)?, o.line)))
    {
        Some((file, line)) => format!("{} line {line}", file.display()),
        None => format!("record {i}"),
    }
}

/// CSV records held compactly — the trimmed text of their cells in one buffer, their source
/// and id ready — and turned into a [`Profile`] only when asked, through [`Records`]. The same
/// files, rules, errors and warnings as [`Dataset`], with a fraction of its memory (about the
/// size of the files plus 30 bytes per record, where a `Vec<Profile>` takes several hundred
/// bytes per record): a [`Resolver`](crate::Resolver) reads each profile once to normalize it
/// and again for the golden records of its cluster.
///
/// ```
/// use selfsame::csv::{Dataset, Mapping, Rows};
/// use selfsame::{Records, Resolver};
/// let data = "id,first_name,last_name,email\n1,Ann,Lee,ann.lee@example.com\n2,Anne,Lee,ANN.LEE@example.com\n";
/// let rows = Rows::from_reader("crm.csv", data.as_bytes(), &Mapping::new())?;
/// let ds = Dataset::from_reader("crm.csv", data.as_bytes(), &Mapping::new())?;
/// assert_eq!(rows.len(), 2);
/// assert_eq!((rows.source(1), rows.id(1)), ("crm", "2"));
/// assert_eq!(*rows.profile(1), ds.profiles[1]);
/// assert_eq!(rows.place(1), "crm.csv line 3");
/// let res = Resolver::default().resolve(&rows).unwrap();
/// assert_eq!(res.clusters.len(), 1);
/// assert_eq!(format!("{rows:?}"), "Rows { files: 1, records: 2, warnings: 0 }");
/// # Ok::<(), selfsame::csv::LoadError>(())
/// ```
#[derive(Default)]
#[non_exhaustive]
pub struct Rows {
    /// The input files, as given (or the names given to [`Rows::from_reader`]).
    pub files: Vec<PathBuf>,
    /// Where each record came from.
    pub origins: Vec<Origin>,
    /// Non-fatal notes (values not understood and ignored); counts and lines, no data.
    pub warnings: Vec<String>,
    /// The day/month order of dates of birth of each source whose values decide it, as
    /// [`Dataset::date_orders`].
    ///
    /// ```
    /// use selfsame::normalize::date::DateOrder;
    /// let data = "dob\n10/21/1988\n03/04/1985\n";
    /// let rows = selfsame::csv::Rows::from_reader("us.csv", data.as_bytes(), &Default::default())?;
    /// assert_eq!(rows.date_orders.get("us"), Some(&DateOrder::MonthFirst));
    /// # Ok::<(), selfsame::csv::LoadError>(())
    /// ```
    pub date_orders: BTreeMap<String, DateOrder>,
    /// How each file's columns are read, to rebuild its profiles.
    formats: Vec<Format>,
    /// Every record's cells: per cell a LEB128 length and the trimmed text.
    text: Vec<u8>,
    /// Start of each record's cells in `text`, and the end.
    starts: Vec<u64>,
    /// Every record's id, one after the other.
    ids: String,
    /// Start of each record's id in `ids`, and the end.
    id_starts: Vec<u64>,
    /// Distinct source names.
    sources: Vec<Box<str>>,
    /// Index into `sources` of each record.
    source_of: Vec<u32>,
}

/// One file's columns: what [`FileCtx`] borrows, owned.
struct Format {
    name: String,
    stem: String,
    headers: Vec<String>,
    plan: Plan,
}

impl fmt::Debug for Rows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rows")
            .field("files", &self.files.len())
            .field("records", &self.source_of.len())
            .field("warnings", &self.warnings.len())
            .finish()
    }
}

impl Rows {
    /// Loads CSV files in order, as [`Dataset::load`] does (same columns, rules and errors).
    ///
    /// ```
    /// use selfsame::csv::{Mapping, Rows};
    /// let dir = std::env::temp_dir().join(format!("selfsame-rows-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("shop.csv");
    /// std::fs::write(&path, "record_id,first_name,last_name\ns1,Anne,Lee\n").unwrap();
    /// let rows = Rows::load(&[path], &Mapping::new())?;
    /// assert_eq!(selfsame::Records::source(&rows, 0), "shop");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), selfsame::csv::LoadError>(())
    /// ```
    pub fn load(paths: &[PathBuf], mapping: &Mapping) -> Result<Rows, LoadError> {
        let (meta, rows) = load_paths(paths, mapping, Rows::default())?;
        Ok(rows.with_meta(meta))
    }

    /// Loads one CSV text from a reader as if from a file named `name`, as
    /// [`Dataset::from_reader`] does.
    ///
    /// ```
    /// let rows = selfsame::csv::Rows::from_reader("a.csv", "email\nx@example.com\n".as_bytes(), &Default::default())?;
    /// assert_eq!(rows.len(), 1);
    /// # Ok::<(), selfsame::csv::LoadError>(())
    /// ```
    pub fn from_reader<R: Read + Send>(
        name: &str,
        reader: R,
        mapping: &Mapping,
    ) -> Result<Rows, LoadError> {
        let mut loader = Loader::new(mapping, Rows::default());
        loader.add(PathBuf::from(name), name, reader)?;
        let (meta, rows) = loader.finish()?;
        Ok(rows.with_meta(meta))
    }

    fn with_meta(mut self, meta: Meta) -> Rows {
        self.files = meta.files;
        self.origins = meta.origins;
        self.warnings = meta.warnings;
        self.date_orders = meta.date_orders;
        self
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.source_of.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.source_of.is_empty()
    }

    /// `FILE line N` of record `i`, for messages; `record i` when `i` has no origin.
    ///
    /// ```
    /// let rows = selfsame::csv::Rows::from_reader("a.csv", "email\nx@example.com\n".as_bytes(), &Default::default())?;
    /// assert_eq!(rows.place(0), "a.csv line 2");
    /// # Ok::<(), selfsame::csv::LoadError>(())
    /// ```
    pub fn place(&self, i: usize) -> String {
        place(&self.files, &self.origins, i)
    }

    /// Bytes held for the records (cells, ids, sources, origins, offsets), not counting
    /// allocator overhead: what the memory figures of a large run are made of.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.ids.capacity()
            + 8 * (self.starts.capacity() + self.id_starts.capacity() + self.origins.capacity())
            + 4 * self.source_of.capacity()
            + self.sources.iter().map(|s| s.len() + 16).sum::<usize>()
    }

    /// The cells of record `i`, and where its text ends.
    fn cells(&self, i: usize) -> smallvec::SmallVec<[&str; 16]> {
        let range = self
            .starts
            .get(i)
            .zip(self.starts.get(i + 1))
            .and_then(|(&a, &b)| {
                self.text
                    .get(usize::try_from(a).ok()?..usize::try_from(b).ok()?)
            })
            .unwrap_or_default();
        // One UTF-8 check for the whole record when it passes (lengths below 128 are ASCII
        // bytes): a cell is then the same text as its own check gives, whenever its ends are
        // character boundaries of the whole; otherwise the cell is checked on its own.
        let whole = std::str::from_utf8(range).ok();
        let mut out = smallvec::SmallVec::new();
        let mut at = 0;
        while at < range.len() {
            let (len, used) = read_len(range.get(at..).unwrap_or_default());
            at += used;
            let end = (at + len).min(range.len());
            let cell = whole.and_then(|w| w.get(at..end)).unwrap_or_else(|| {
                std::str::from_utf8(range.get(at..end).unwrap_or_default()).unwrap_or("")
            });
            out.push(cell);
            at = end;
        }
        out
    }
}

/// Appends `n` as LEB128.
fn write_len(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Reads a LEB128 length: (value, bytes used).
fn read_len(b: &[u8]) -> (usize, usize) {
    let mut n = 0usize;
    for (k, &x) in b.iter().enumerate().take(9) {
        n |= usize::from(x & 0x7f) << (7 * k);
        if x & 0x80 == 0 {
            return (n, k + 1);
        }
    }
    (n, b.len().min(9))
}

/// One converted row on its way into [`Rows`].
struct RowItem {
    source: String,
    id: String,
    cells: Vec<u8>,
}

impl Sink for Rows {
    type Item = RowItem;
    fn item(ctx: &FileCtx<'_>, rec: &::csv::ByteRecord, p: Profile) -> RowItem {
        let mut cells = Vec::with_capacity(rec.as_slice().len() + rec.len());
        for (k, t) in ctx.plan.targets.iter().enumerate().take(rec.len()) {
            // Converted already, so every cell is UTF-8; a column not read is kept empty.
            // The id and source are kept apart; a stand-in marks an id cell that had a value.
            let v = rec
                .get(k)
                .and_then(|c| std::str::from_utf8(c).ok())
                .map_or("", str::trim);
            let v = match t {
                Target::Ignore | Target::Source => "",
                Target::RecordId if !v.is_empty() => "-",
                _ => v,
            };
            write_len(&mut cells, v.len());
            cells.extend_from_slice(v.as_bytes());
        }
        RowItem {
            source: p.source,
            id: p.id,
            cells,
        }
    }
    fn placeholder() -> RowItem {
        RowItem {
            source: String::new(),
            id: String::new(),
            cells: Vec::new(),
        }
    }
    fn begin_file(&mut self, ctx: &FileCtx<'_>) {
        self.formats.push(Format {
            name: ctx.name.to_string(),
            stem: ctx.stem.to_string(),
            headers: ctx.headers.to_vec(),
            plan: ctx.plan.clone(),
        });
    }
    fn store(&mut self, items: &mut Vec<RowItem>) {
        if self.starts.is_empty() {
            self.starts.push(0);
            self.id_starts.push(0);
        }
        for it in items.drain(..) {
            self.text.extend_from_slice(&it.cells);
            self.starts.push(self.text.len() as u64);
            self.ids.push_str(&it.id);
            self.id_starts.push(self.ids.len() as u64);
            // Sources are few; the last one is the likely one.
            let s = match self.sources.iter().rposition(|x| **x == *it.source) {
                Some(s) => s,
                None => {
                    self.sources.push(it.source.into_boxed_str());
                    self.sources.len() - 1
                }
            };
            self.source_of.push(s as u32);
        }
    }
    fn count(&self) -> usize {
        self.source_of.len()
    }
    fn key(&self, i: usize) -> Option<(&str, &str)> {
        (i < self.len()).then(|| (Records::source(self, i), Records::id(self, i)))
    }
    fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.id_starts.shrink_to_fit();
        self.source_of.shrink_to_fit();
    }
}

impl Records for Rows {
    fn len(&self) -> usize {
        self.source_of.len()
    }
    fn source(&self, i: usize) -> &str {
        self.source_of
            .get(i)
            .and_then(|&s| self.sources.get(s as usize))
            .map_or("", |s| &**s)
    }
    fn id(&self, i: usize) -> &str {
        self.id_starts
            .get(i)
            .zip(self.id_starts.get(i + 1))
            .and_then(|(&a, &b)| {
                self.ids
                    .get(usize::try_from(a).ok()?..usize::try_from(b).ok()?)
            })
            .unwrap_or("")
    }
    fn profile(&self, i: usize) -> Cow<'_, Profile> {
        let (source, id) = (Records::source(self, i), Records::id(self, i));
        let origin = self.origins.get(i).copied();
        let Some(f) = origin.and_then(|o| self.formats.get(o.file as usize)) else {
            return Cow::Owned(Profile::new(source, id));
        };
        let ctx = FileCtx {
            name: &f.name,
            stem: &f.stem,
            headers: &f.headers,
            plan: &f.plan,
        };
        let cells = self.cells(i);
        let line = origin.map_or(0, |o| u64::from(o.line));
        // The same conversion that succeeded when the record was loaded.
        let p = match build_from(
            &ctx,
            cells.len(),
            |k| Ok(cells.get(k).copied().unwrap_or("")),
            line,
            0,
        ) {
            Ok((mut p, _)) => {
                // The stored source and id win; they are mostly the ones rebuilt.
                if p.source != source {
                    p.source = source.to_string();
                }
                if p.id != id {
                    p.id = id.to_string();
                }
                p
            }
            Err(_) => Profile::new(source, id),
        };
        Cow::Owned(p)
    }
}

/// What a load gives besides the records themselves.
#[derive(Default)]
struct Meta {
    files: Vec<PathBuf>,
    origins: Vec<Origin>,
    warnings: Vec<String>,
    /// Day/month evidence of the dates of birth, per source.
    date_evidence: BTreeMap<String, OrderEvidence>,
    /// The orders decided by `date_evidence`, when the load is finished.
    date_orders: BTreeMap<String, DateOrder>,
}

impl Meta {
    fn into_dataset(self, profiles: Vec<Profile>) -> Dataset {
        Dataset {
            files: self.files,
            profiles,
            origins: self.origins,
            warnings: self.warnings,
            date_orders: self.date_orders,
        }
    }
}

/// Where loaded records go: a `Vec<Profile>` ([`Dataset`]) or the compact [`Rows`].
trait Sink: Send {
    /// What the pool makes of one converted row.
    type Item: Send;
    /// The item of a row converted to `p` (on the pool).
    fn item(ctx: &FileCtx<'_>, rec: &::csv::ByteRecord, p: Profile) -> Self::Item;
    /// A stand-in for a row that failed (dropped before it is stored).
    fn placeholder() -> Self::Item;
    /// A new file starts; its rows are converted with `ctx`.
    fn begin_file(&mut self, _ctx: &FileCtx<'_>) {}
    /// Stores the items, in order.
    fn store(&mut self, items: &mut Vec<Self::Item>);
    /// Records stored.
    fn count(&self) -> usize;
    /// Source and id of stored record `i`.
    fn key(&self, i: usize) -> Option<(&str, &str)>;
    /// Fits the storage to its contents.
    fn shrink(&mut self) {}
}

impl Sink for Vec<Profile> {
    type Item = Profile;
    fn item(_: &FileCtx<'_>, _: &::csv::ByteRecord, p: Profile) -> Profile {
        p
    }
    fn placeholder() -> Profile {
        Profile::default()
    }
    fn store(&mut self, items: &mut Vec<Profile>) {
        self.append(items);
    }
    fn count(&self) -> usize {
        self.len()
    }
    fn key(&self, i: usize) -> Option<(&str, &str)> {
        self.get(i).map(|p| (p.source.as_str(), p.id.as_str()))
    }
    fn shrink(&mut self) {
        self.shrink_to_fit();
    }
}

/// Loads `paths` in order into `sink`.
fn load_paths<S: Sink>(
    paths: &[PathBuf],
    mapping: &Mapping,
    sink: S,
) -> Result<(Meta, S), LoadError> {
    let mut loader = Loader::new(mapping, sink);
    for path in paths {
        let name = path.display().to_string();
        let file =
            std::fs::File::open(path).map_err(|e| LoadError::at(&name, None, io_kind(&e)))?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(LoadError::at(&name, None, LoadErrorKind::IsDirectory));
        }
        loader.add(path.clone(), &name, file)?;
    }
    loader.finish()
}

/// One load: the records so far, which rules were used, the keys seen.
struct Loader<'m, S> {
    meta: Meta,
    sink: S,
    mapping: &'m Mapping,
    used: Vec<bool>,
    keys: KeyIndex,
}

impl<'m, S: Sink> Loader<'m, S> {
    fn new(mapping: &'m Mapping, sink: S) -> Loader<'m, S> {
        Loader {
            meta: Meta::default(),
            sink,
            mapping,
            used: vec![false; mapping.overrides.len()],
            keys: KeyIndex::default(),
        }
    }

    fn add<R: Read + Send>(
        &mut self,
        path: PathBuf,
        name: &str,
        reader: R,
    ) -> Result<(), LoadError> {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "input".to_string());
        self.meta.files.push(path);
        load_reader(
            &mut self.meta,
            &mut self.sink,
            name,
            &stem,
            reader,
            self.mapping,
            &mut self.used,
            &mut self.keys,
        )
    }

    fn finish(self) -> Result<(Meta, S), LoadError> {
        let (mut meta, mut sink) = (self.meta, self.sink);
        if let Some(i) = self.used.iter().position(|u| !u) {
            let column = self
                .mapping
                .overrides
                .get(i)
                .map(|o| o.1.clone())
                .unwrap_or_default();
            return Err(LoadError::general(LoadErrorKind::UnusedRule { column }));
        }
        sink.shrink();
        meta.origins.shrink_to_fit();
        for (source, ev) in std::mem::take(&mut meta.date_evidence) {
            if let Some(order) = ev.decided() {
                meta.date_orders.insert(source, order);
            } else if ev.is_mixed() {
                meta.warnings.push(format!(
                    "source {source}: date_of_birth values disagree on the day/month order \
                     ({} can only be day-first, {} only month-first); the configured order is \
                     kept",
                    ev.day_first, ev.month_first
                ));
            }
        }
        Ok((meta, sink))
    }
}

/// What each column of one file feeds.
#[derive(Clone)]
struct Plan {
    targets: Vec<Target>,
    has_id: bool,
}

fn plan(headers: &[String], mapping: &Mapping, used: &mut [bool]) -> Plan {
    let targets: Vec<Target> = headers
        .iter()
        .map(|h| {
            // Every rule naming the column is used, not only the one that wins.
            let f = fold_header(h);
            for (u, (c, _, _)) in used.iter_mut().zip(&mapping.overrides) {
                if *c == f {
                    *u = true;
                }
            }
            mapping.target(h)
        })
        .collect();
    let has_id = targets.contains(&Target::RecordId);
    Plan { targets, has_id }
}

/// Records read and converted at a time: large enough to keep the pool busy, small enough that
/// the raw rows in flight stay a few tens of megabytes.
const CHUNK: usize = 1 << 16;

/// The (source, record id) of every loaded profile, as a hash and the profile's index, to find
/// a record id seen twice in one source without a map holding copies of every key.
#[derive(Default)]
struct KeyIndex {
    /// (hash of source and id, index into `Dataset::profiles`); sorted up to `sorted`.
    entries: Vec<(u64, usize)>,
    sorted: usize,
}

impl KeyIndex {
    /// The first record (in load order) whose key an earlier record already has, with that
    /// earlier record: `(first, second)`. Hash ties are confirmed by comparing the strings.
    fn first_duplicate<S: Sink>(&mut self, records: &S) -> Option<(usize, usize)> {
        if self.sorted >= self.entries.len() {
            return None;
        }
        self.entries[self.sorted..].par_sort_unstable();
        if self.sorted > 0 {
            // The stable sort merges the two sorted runs (earlier files, this one) in linear time.
            self.entries.sort();
        }
        self.sorted = self.entries.len();
        let mut best: Option<(usize, usize)> = None;
        let mut distinct: Vec<usize> = Vec::new();
        for group in self.entries.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < 2 {
                continue;
            }
            // In load order within the group; the first member whose key an earlier member has
            // is this group's first duplicate. Distinct keys sharing a hash are kept apart.
            distinct.clear();
            for &(_, j) in group {
                let Some(p) = records.key(j) else { continue };
                let same = |&i: &usize| records.key(i).is_some_and(|q| q == p);
                match distinct.iter().copied().find(same) {
                    Some(i) => {
                        if best.is_none_or(|(_, b)| j < b) {
                            best = Some((i, j));
                        }
                        break;
                    }
                    None => distinct.push(j),
                }
            }
        }
        best
    }
}

/// The duplicate-record-id error, if any record loaded so far repeats an earlier key.
fn duplicate_error<S: Sink>(meta: &Meta, sink: &S, keys: &mut KeyIndex) -> Option<LoadError> {
    let (first, second) = keys.first_duplicate(sink)?;
    let (a, b) = (*meta.origins.get(first)?, *meta.origins.get(second)?);
    let file_name = |o: Origin| {
        meta.files
            .get(o.file as usize)
            .map(|f| f.display().to_string())
            .unwrap_or_default()
    };
    let first_file = (a.file != b.file).then(|| file_name(a));
    Some(LoadError::at(
        &file_name(b),
        Some(u64::from(b.line)),
        LoadErrorKind::DuplicateRecordId {
            source_name: sink.key(second)?.0.to_string(),
            first_file,
            first_line: u64::from(a.line),
        },
    ))
}

/// How reading a chunk ended.
enum ReadEnd {
    /// The chunk is full; there may be more.
    Full,
    /// The file ended.
    Eof,
    /// This error came after the records read.
    Failed(LoadError),
}

/// Reads up to [`CHUNK`] records into `buf`, reusing its records and adding more as needed
/// (a small input never allocates a whole chunk).
fn read_chunk<R: Read>(
    rdr: &mut ::csv::Reader<R>,
    buf: &mut Vec<::csv::ByteRecord>,
    name: &str,
) -> (usize, ReadEnd) {
    for n in 0..CHUNK {
        if buf.len() == n {
            buf.push(::csv::ByteRecord::new());
        }
        let Some(rec) = buf.get_mut(n) else {
            return (n, ReadEnd::Eof);
        };
        match rdr.read_byte_record(rec) {
            Ok(true) => {}
            Ok(false) => return (n, ReadEnd::Eof),
            Err(e) => return (n, ReadEnd::Failed(csv_error(name, &e))),
        }
    }
    (CHUNK, ReadEnd::Full)
}

/// One file's fixed inputs to the row conversion.
struct FileCtx<'a> {
    name: &'a str,
    stem: &'a str,
    headers: &'a [String],
    plan: &'a Plan,
}

/// What a row gives besides its profile.
struct Row {
    line: u64,
    key_hash: u64,
    bad_time: bool,
    bad_consent: bool,
    /// What the row's date of birth says about its source's day/month order.
    date_hint: Option<DateOrder>,
}

#[allow(clippy::too_many_arguments)]
fn load_reader<R: Read + Send, S: Sink>(
    meta: &mut Meta,
    sink: &mut S,
    name: &str,
    stem: &str,
    reader: R,
    mapping: &Mapping,
    used: &mut [bool],
    keys: &mut KeyIndex,
) -> Result<(), LoadError> {
    let file_idx = meta
        .files
        .len()
        .checked_sub(1)
        .and_then(|i| u32::try_from(i).ok())
        .ok_or_else(|| LoadError::at(name, None, LoadErrorKind::TooLarge))?;
    // The reader buffers itself: no BufReader in between.
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(1 << 16)
        .from_reader(reader);

    let raw_headers = rdr.byte_headers().map_err(|e| csv_error(name, &e))?.clone();
    if raw_headers.is_empty()
        || (raw_headers.len() == 1 && raw_headers.iter().all(|h| h.trim_ascii().is_empty()))
    {
        return Err(LoadError::at(name, Some(1), LoadErrorKind::NoHeader));
    }
    let mut headers = Vec::with_capacity(raw_headers.len());
    for (k, h) in raw_headers.iter().enumerate() {
        let h = std::str::from_utf8(h).map_err(|_| {
            LoadError::at(
                name,
                Some(1),
                LoadErrorKind::InvalidUtf8 {
                    column: Some(format!("column_{}", k + 1)),
                },
            )
        })?;
        let h = h.trim_start_matches('\u{feff}').trim();
        headers.push(if h.is_empty() {
            format!("column_{}", k + 1)
        } else {
            h.to_string()
        });
    }
    let plan = plan(&headers, mapping, used);
    if !plan.targets.iter().any(Target::is_matching) {
        return Err(LoadError::at(name, Some(1), LoadErrorKind::NoMatchingField));
    }
    let ctx = FileCtx {
        name,
        stem,
        headers: &headers,
        plan: &plan,
    };
    sink.begin_file(&ctx);

    // Two chunks of raw records: one is converted on the pool while the other is read. The
    // converted rows go to `items` and are then stored in order; what else each row gives
    // (line, key hash, warnings, or the error that stops loading) goes to `rows`.
    let mut cur: Vec<::csv::ByteRecord> = Vec::new();
    let mut next: Vec<::csv::ByteRecord> = Vec::new();
    let mut rows: Vec<Result<Row, Box<LoadError>>> = Vec::new();
    let (mut n, mut end) = read_chunk(&mut rdr, &mut cur, name);
    let mut row0: u64 = 0; // data rows before `cur`
    let mut bad_time: (u64, Option<u64>) = (0, None);
    let mut bad_consent: (u64, Option<u64>) = (0, None);
    let mut items: Vec<S::Item> = Vec::new();
    loop {
        let base = sink.count();
        rows.clear();
        items.clear();
        let mut out = (std::mem::take(&mut items), std::mem::take(&mut rows));
        let convert = |recs: &[::csv::ByteRecord], out: &mut (Vec<S::Item>, Vec<_>)| {
            out.par_extend(recs.par_iter().enumerate().map(|(k, rec)| {
                match build_row(&ctx, rec, row0 + k as u64 + 1) {
                    Ok((p, row)) => (S::item(&ctx, rec, p), Ok(row)),
                    Err(e) => (S::placeholder(), Err(Box::new(e))),
                }
            }));
        };
        let recs = cur.get(..n).unwrap_or(&cur[..]);
        let more = if matches!(end, ReadEnd::Full) {
            let (read, ()) = rayon::join(
                || read_chunk(&mut rdr, &mut next, name),
                || convert(recs, &mut out),
            );
            Some(read)
        } else {
            convert(recs, &mut out);
            None
        };
        (items, rows) = out;
        // Rows up to the first that fails are stored; the load stops there.
        let good = rows.iter().take_while(|r| r.is_ok()).count();
        let good = rows
            .iter()
            .take(good)
            .take_while(|r| r.as_ref().is_ok_and(|r| u32::try_from(r.line).is_ok()))
            .count();
        items.truncate(good);
        sink.store(&mut items);
        meta.origins.reserve(rows.len());
        keys.entries.reserve(rows.len());
        for (k, r) in rows.drain(..).enumerate() {
            let row = match r {
                Ok(row) => row,
                Err(e) => {
                    return Err(duplicate_error(meta, sink, keys).unwrap_or(*e));
                }
            };
            let Ok(line) = u32::try_from(row.line) else {
                let e = LoadError::at(name, Some(row.line), LoadErrorKind::TooLarge);
                return Err(duplicate_error(meta, sink, keys).unwrap_or(e));
            };
            if row.bad_time {
                bad_time.0 += 1;
                bad_time.1.get_or_insert(row.line);
            }
            if row.bad_consent {
                bad_consent.0 += 1;
                bad_consent.1.get_or_insert(row.line);
            }
            if let Some(order) = row.date_hint {
                let source = sink.key(base + k).map_or("", |key| key.0);
                match meta.date_evidence.get_mut(source) {
                    Some(ev) => ev.record(order),
                    None => {
                        let mut ev = OrderEvidence::default();
                        ev.record(order);
                        meta.date_evidence.insert(source.to_owned(), ev);
                    }
                }
            }
            keys.entries.push((row.key_hash, base + k));
            meta.origins.push(Origin {
                file: file_idx,
                line,
            });
        }
        row0 += n as u64;
        match more {
            Some((n_next, end_next)) => {
                std::mem::swap(&mut cur, &mut next);
                (n, end) = (n_next, end_next);
            }
            // `end` said this was the last chunk.
            None => break,
        }
    }
    if let Some(e) = duplicate_error(meta, sink, keys) {
        return Err(e);
    }
    if let ReadEnd::Failed(e) = end {
        return Err(e);
    }
    if bad_time.0 > 0 {
        meta.warnings.push(format!(
            "{name}: {} updated_at value(s) not understood and ignored (first at line {}); \
             expected ISO 8601 (2024-05-01T10:20:30Z) or epoch seconds",
            bad_time.0,
            bad_time.1.unwrap_or(0)
        ));
    }
    if bad_consent.0 > 0 {
        meta.warnings.push(format!(
            "{name}: {} consent value(s) not understood and ignored (first at line {}); expected \
             yes/no, granted/withdrawn, true/false, opt-in/opt-out",
            bad_consent.0,
            bad_consent.1.unwrap_or(0)
        ));
    }
    Ok(())
}

/// Appends a value to a field fed by several columns, space-separated, growing exactly.
fn join(slot: &mut Option<String>, v: &str) {
    match slot {
        Some(s) => {
            s.reserve_exact(1 + v.len());
            s.push(' ');
            s.push_str(v);
        }
        None => *slot = Some(v.to_owned()),
    }
}

/// True when `s` (what follows a `;`) starts with an RFC 3966 parameter, `name=` with a name
/// of letters, digits and `-` (`ext=33`, `isub=1`, `phone-context=+1`).
fn is_parameter(s: &str) -> bool {
    let s = s.trim_start();
    match s.split_once('=') {
        Some((name, _)) => {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }
        None => false,
    }
}

/// Adds the values of a cell that may hold several, separated by `;`, with no spare capacity.
/// A `;` before an RFC 3966 parameter (`;ext=33`) belongs to the value.
fn push_multi(list: &mut Vec<String>, v: &str) {
    if !v.contains(';') {
        // `v` is trimmed and not empty.
        list.reserve_exact(1);
        list.push(v.to_owned());
        return;
    }
    // Cut points: every `;` not followed by a parameter.
    let mut values: Vec<&str> = Vec::new();
    let mut start = 0;
    for (at, _) in v.match_indices(';') {
        let rest = v.get(at + 1..).unwrap_or("");
        if is_parameter(rest) {
            continue;
        }
        values.push(v.get(start..at).unwrap_or("").trim());
        start = at + 1;
    }
    values.push(v.get(start..).unwrap_or("").trim());
    values.retain(|s| !s.is_empty());
    list.reserve_exact(values.len());
    list.extend(values.into_iter().map(str::to_owned));
}

/// The cells of a record as trimmed text; the error names the first column that is not UTF-8.
fn cell<'r>(
    whole: Option<&'r str>,
    rec: &'r ::csv::ByteRecord,
    k: usize,
    ctx: &FileCtx<'_>,
    line: u64,
) -> Result<&'r str, LoadError> {
    // Valid as a whole and cut at character boundaries: every cell is valid.
    if let Some(s) = whole.zip(rec.range(k)).and_then(|(w, r)| w.get(r)) {
        return Ok(s.trim());
    }
    std::str::from_utf8(rec.get(k).unwrap_or_default())
        .map(str::trim)
        .map_err(|_| {
            LoadError::at(
                ctx.name,
                Some(line),
                LoadErrorKind::InvalidUtf8 {
                    column: ctx.headers.get(k).cloned(),
                },
            )
        })
}

/// One record → its profile, or the error that stops loading there.
fn build_row(
    ctx: &FileCtx<'_>,
    rec: &::csv::ByteRecord,
    row: u64,
) -> Result<(Profile, Row), LoadError> {
    let line = rec.position().map_or(row + 1, |p| p.line());
    let whole = std::str::from_utf8(rec.as_slice()).ok();
    let (p, mut r) = build_from(
        ctx,
        rec.len(),
        |k| cell(whole, rec, k, ctx, line),
        line,
        row,
    )?;
    // Only when loading: a profile rebuilt later by `Rows` needs no evidence, nor key.
    r.date_hint = p.date_of_birth.as_deref().and_then(order_evidence);
    let mut h = DefaultHasher::new();
    h.write(p.source.as_bytes());
    h.write_u8(0xff); // never in UTF-8: ("ab", "c") and ("a", "bc") differ
    h.write(p.id.as_bytes());
    r.key_hash = h.finish();
    Ok((p, r))
}

/// The cells of one record (`cell(k)` for `k < n`) → its profile, or the error that stops
/// loading there. `line` is the record's line, `row` its 1-based data row number.
fn build_from<'c>(
    ctx: &FileCtx<'_>,
    n: usize,
    mut cell: impl FnMut(usize) -> Result<&'c str, LoadError>,
    line: u64,
    row: u64,
) -> Result<(Profile, Row), LoadError> {
    let plan = ctx.plan;
    let mut p = Profile::default();
    let mut id: Option<String> = None;
    let mut source: Option<String> = None;
    let mut addr = PostalAddress::new();
    let mut consents: Vec<(Channel, ConsentState)> = Vec::new();
    let (mut bad_time, mut bad_consent) = (false, false);
    for (k, t) in plan.targets.iter().enumerate().take(n) {
        let v = cell(k)?;
        if v.is_empty() {
            continue;
        }
        match t {
            Target::RecordId => join(&mut id, v),
            Target::Source => join(&mut source, v),
            Target::FirstName => join(&mut p.given_name, v),
            Target::MiddleName => join(&mut p.middle_name, v),
            Target::LastName => join(&mut p.family_name, v),
            Target::FullName => join(&mut p.full_name, v),
            Target::Email => push_multi(&mut p.emails, v),
            Target::Phone => push_multi(&mut p.phones, v),
            Target::Street => join(&mut addr.street, v),
            Target::Unit => join(&mut addr.unit, v),
            Target::City => join(&mut addr.city, v),
            Target::Region => join(&mut addr.region, v),
            Target::Postcode => join(&mut addr.postcode, v),
            Target::Country => join(&mut addr.country, v),
            Target::DateOfBirth => join(&mut p.date_of_birth, v),
            Target::UpdatedAt => match parse_timestamp(v) {
                // Several update columns: the latest counts.
                Ok(t) => p.updated_at = Some(p.updated_at.map_or(t, |u| u.max(t))),
                Err(_) => bad_time = true,
            },
            Target::Id(kind) => {
                p.identifiers.reserve_exact(1);
                p.identifiers.push(ExternalId {
                    kind: kind.clone(),
                    value: v.to_owned(),
                });
            }
            Target::Attr(name) => match p.attributes.get_mut(name) {
                Some(s) => {
                    s.reserve_exact(1 + v.len());
                    s.push(' ');
                    s.push_str(v);
                }
                None => {
                    p.attributes.insert(name.clone(), v.to_owned());
                }
            },
            Target::Consent(ch) => match ConsentState::parse(v) {
                Some(state) => consents.push((*ch, state)),
                None => bad_consent = true,
            },
            Target::Ignore => {}
        }
    }
    if addr.city.is_none() && addr.postcode.is_none() {
        crate::normalize::oneline::split_one_line(&mut addr);
    }
    if !addr.is_empty() {
        p.addresses = vec![addr];
    }
    if !consents.is_empty() {
        // A consent column states consent as of the row's last update, when the row has one.
        let at = p.updated_at;
        p.consents = consents
            .into_iter()
            .map(|(ch, state)| {
                let c = Consent::new(ch, state);
                match at {
                    Some(t) => c.at(t),
                    None => c,
                }
            })
            .collect();
    }
    p.id = match id {
        Some(id) => id,
        None if plan.has_id => {
            return Err(LoadError::at(
                ctx.name,
                Some(line),
                LoadErrorKind::EmptyRecordId,
            ))
        }
        None => row.to_string(),
    };
    p.source = source.unwrap_or_else(|| ctx.stem.to_owned());
    let row = Row {
        line,
        // Filled in by `build_row`: a profile rebuilt by `Rows` needs no key.
        key_hash: 0,
        bad_time,
        bad_consent,
        date_hint: None,
    };
    Ok((p, row))
}

fn io_kind(e: &std::io::Error) -> LoadErrorKind {
    match e.kind() {
        std::io::ErrorKind::NotFound => LoadErrorKind::NotFound,
        std::io::ErrorKind::PermissionDenied => LoadErrorKind::PermissionDenied,
        _ => LoadErrorKind::Io(e.to_string()),
    }
}

fn csv_error(name: &str, e: &::csv::Error) -> LoadError {
    let line = e.position().map(|p| p.line());
    let kind = match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => LoadErrorKind::FieldCount {
            expected: *expected_len,
            found: *len,
        },
        ::csv::ErrorKind::Utf8 { .. } => LoadErrorKind::InvalidUtf8 { column: None },
        ::csv::ErrorKind::Io(io) => io_kind(io),
        _ => LoadErrorKind::Malformed,
    };
    LoadError::at(name, line, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_values_split_on_semicolons_but_not_before_parameters() {
        let mut l = Vec::new();
        push_multi(&mut l, "404.219.6914;ext=33");
        push_multi(&mut l, "a@x.com; b@y.org ;; ");
        push_multi(&mut l, "+1 212 555 0100 ; phone-context=+1;415 555 0134");
        assert_eq!(
            l,
            [
                "404.219.6914;ext=33",
                "a@x.com",
                "b@y.org",
                "+1 212 555 0100 ; phone-context=+1",
                "415 555 0134"
            ]
        );
    }

    #[test]
    fn header_qualifiers_do_not_panic_on_short_headers() {
        for h in [
            "", "_", "home", "home_", "_email", "email_", "ÉMAIL", "\u{feff}",
        ] {
            let _ = Target::for_header(h);
        }
        assert_eq!(Target::for_header("email_home"), Target::Email);
    }
}
