//! Comparisons beyond the seven built-in ones, as data: a field (an attribute or an address
//! part), a kind (`exact`, `fuzzy`, `date`, `number`) and the levels that kind gives.
//!
//! | kind | levels (strongest first) | term frequency |
//! |---|---|---|
//! | `exact` | `exact`, `else` | on `exact` |
//! | `fuzzy` | `exact`, `jaro_winkler_T` for each threshold T (default 0.92, 0.80), `else` | on `exact` |
//! | `date` | `exact`, `day_month_swapped`, `one_component_differs`, `year_within_1`, `else` | no |
//! | `number` | `equal`, `within_D` for each distance D (default 1, 5), `else` | no |
//!
//! Text is folded as names are (case, accents, native digits, Arabic-script letter forms);
//! dates are read like the date of birth (the record's country, the source's day/month order),
//! of any year from 1 to 9999; numbers accept native digits, a decimal point or comma and
//! thousands separators. A value that cannot be read is listed as a rejection of
//! [`crate::Field::Custom`] (its index is the comparison's position), never silently dropped.
//! Address parts (`city`, `region`, `postcode`, `country`) take the best level over all of a
//! record's addresses.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use super::{compare_date, jaro_winkler_min, MISSING, NUM_FIELDS};
use crate::hash::hash_str;
use crate::normalize::{date, text, Country, NormalizeConfig};
use crate::profile::{Field, NormalizedProfile, Profile, Rejection};
use crate::Error;

/// Level vectors have room for this many comparisons: the seven built-in ones, then up to
/// [`MAX_CUSTOM`] custom ones. Fixed, so comparing a pair never allocates.
pub const MAX_COMPARISONS: usize = 16;

/// The most custom comparisons a configuration may add.
pub const MAX_CUSTOM: usize = MAX_COMPARISONS - NUM_FIELDS;

/// Comparison levels of one record pair: built-in fields first (in
/// [`super::CompareField::ALL`] order), then the custom comparisons in configuration order;
/// unused slots are [`MISSING`].
pub type Levels = [u8; MAX_COMPARISONS];

/// Where a custom comparison reads its value.
///
/// Written as text: `attr:NAME` (a [`Profile::attributes`] entry), `city`, `region`,
/// `postcode`, `country` (parts of every address) or `middle_name`.
///
/// ```
/// use selfsame::compare::CustomField;
/// let f: CustomField = "attr:occupation".parse().unwrap();
/// assert_eq!(f, CustomField::Attribute("occupation".into()));
/// assert_eq!(f.to_string(), "attr:occupation");
/// assert!("shoe_size".parse::<CustomField>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[non_exhaustive]
pub enum CustomField {
    /// A free attribute of the profile, by key.
    Attribute(String),
    /// The city of each address.
    City,
    /// The region (state, province) of each address.
    Region,
    /// The postcode of each address, without spaces.
    Postcode,
    /// The country of each address, as an ISO alpha-2 code when known.
    Country,
    /// The middle name(s).
    MiddleName,
}

impl FromStr for CustomField {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        if let Some(name) = s.strip_prefix("attr:") {
            if name.is_empty() {
                return Err(Error::Config("attr: needs an attribute name".into()));
            }
            return Ok(CustomField::Attribute(name.to_string()));
        }
        match s {
            "city" => Ok(CustomField::City),
            "region" => Ok(CustomField::Region),
            "postcode" => Ok(CustomField::Postcode),
            "country" => Ok(CustomField::Country),
            "middle_name" => Ok(CustomField::MiddleName),
            _ => Err(Error::Config(format!(
                "unknown field {s:?}: expected attr:NAME, city, region, postcode, country or middle_name"
            ))),
        }
    }
}

impl TryFrom<String> for CustomField {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<CustomField> for String {
    fn from(f: CustomField) -> String {
        f.to_string()
    }
}

impl fmt::Display for CustomField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomField::Attribute(n) => write!(f, "attr:{n}"),
            CustomField::City => f.write_str("city"),
            CustomField::Region => f.write_str("region"),
            CustomField::Postcode => f.write_str("postcode"),
            CustomField::Country => f.write_str("country"),
            CustomField::MiddleName => f.write_str("middle_name"),
        }
    }
}

/// How a custom comparison grades two values.
///
/// ```
/// use selfsame::compare::CompareKind;
/// let k: CompareKind = "fuzzy".parse().unwrap();
/// assert_eq!(k.level_names(), ["exact", "jaro_winkler_0.92", "jaro_winkler_0.8", "else"]);
/// assert_eq!("number".parse::<CompareKind>().unwrap().level_names()[1], "within_1");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CompareKind {
    /// Equal after folding, or not.
    Exact,
    /// Equal, or Jaro–Winkler similarity at or above each threshold (strictly decreasing, in
    /// (0, 1)).
    Fuzzy {
        /// Similarity thresholds, one level each.
        thresholds: Vec<f64>,
    },
    /// Dates, graded like the date of birth.
    Date,
    /// Numbers, graded by absolute difference.
    Number {
        /// Distances (strictly increasing, positive), one level each.
        distances: Vec<f64>,
    },
}

impl FromStr for CompareKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim() {
            "exact" => Ok(CompareKind::Exact),
            "fuzzy" => Ok(CompareKind::Fuzzy {
                thresholds: vec![0.92, 0.80],
            }),
            "date" => Ok(CompareKind::Date),
            "number" => Ok(CompareKind::Number {
                distances: vec![1.0, 5.0],
            }),
            other => Err(Error::Config(format!(
                "unknown comparison kind {other:?}: expected exact, fuzzy, date or number"
            ))),
        }
    }
}

impl CompareKind {
    /// Names of the levels, strongest first; the last is the disagreement level.
    pub fn level_names(&self) -> Vec<String> {
        let mut v: Vec<String> = match self {
            CompareKind::Exact => vec!["exact".into()],
            CompareKind::Fuzzy { thresholds } => std::iter::once("exact".to_string())
                .chain(thresholds.iter().map(|t| format!("jaro_winkler_{t}")))
                .collect(),
            CompareKind::Date => ["exact", "day_month_swapped", "one_component_differs"]
                .iter()
                .chain(&["year_within_1"])
                .map(|s| s.to_string())
                .collect(),
            CompareKind::Number { distances } => std::iter::once("equal".to_string())
                .chain(distances.iter().map(|d| format!("within_{d}")))
                .collect(),
        };
        v.push("else".into());
        v
    }

    /// Number of levels (not counting [`MISSING`]).
    pub fn num_levels(&self) -> usize {
        match self {
            CompareKind::Exact => 2,
            CompareKind::Fuzzy { thresholds } => thresholds.len() + 2,
            CompareKind::Date => 5,
            CompareKind::Number { distances } => distances.len() + 2,
        }
    }

    fn validate(&self) -> Result<(), String> {
        let levels_ok = self.num_levels() <= 12;
        match self {
            CompareKind::Fuzzy { thresholds } => {
                let ok = thresholds.iter().all(|t| *t > 0.0 && *t < 1.0)
                    && thresholds.windows(2).all(|w| w[0] > w[1]);
                if !ok || !levels_ok {
                    return Err(
                        "fuzzy thresholds must be strictly decreasing, in (0, 1), at most 10"
                            .into(),
                    );
                }
            }
            CompareKind::Number { distances } => {
                let ok = distances.iter().all(|d| d.is_finite() && *d > 0.0)
                    && distances.windows(2).all(|w| w[0] < w[1]);
                if !ok || !levels_ok {
                    return Err(
                        "number distances must be strictly increasing, positive, at most 10".into(),
                    );
                }
            }
            CompareKind::Exact | CompareKind::Date => {}
        }
        Ok(())
    }
}

/// A comparison on a field beyond the built-in seven. Plain data: it serializes, the trained
/// [`crate::score::Model`] carries it, and a model is only used with a configuration that has
/// the same custom comparisons.
///
/// Parse one from `FIELD=KIND` (the `resolve` example's `--compare`):
///
/// ```
/// use selfsame::compare::{CompareKind, CustomComparison, CustomField};
/// let c: CustomComparison = "attr:birth_place=fuzzy".parse().unwrap();
/// assert_eq!(c.name, "attr:birth_place");
/// assert_eq!(c.field, CustomField::Attribute("birth_place".into()));
/// assert_eq!(c.kind.num_levels(), 4);
/// let json = serde_json::to_string(&c).unwrap();
/// assert_eq!(serde_json::from_str::<CustomComparison>(&json).unwrap(), c);
/// assert!("attr:x=fuzzzy".parse::<CustomComparison>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomComparison {
    /// Name, unique within a configuration (explanations and the model use it).
    pub name: String,
    /// Where the value comes from.
    pub field: CustomField,
    /// How two values are graded.
    pub kind: CompareKind,
    /// Whether an exact agreement is weighed by how rare the shared value is (for `exact` and
    /// `fuzzy`; ignored for dates and numbers). Default true.
    #[serde(default = "yes")]
    pub term_frequency: bool,
}

fn yes() -> bool {
    true
}

impl FromStr for CustomComparison {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let (field, kind) = s
            .rsplit_once('=')
            .ok_or_else(|| Error::Config(format!("{s:?}: expected FIELD=KIND")))?;
        Ok(CustomComparison::new(field.parse()?, kind.parse()?))
    }
}

impl CustomComparison {
    /// A comparison named after its field.
    ///
    /// ```
    /// use selfsame::compare::{CompareKind, CustomComparison, CustomField};
    /// let c = CustomComparison::new(CustomField::City, CompareKind::Exact);
    /// assert_eq!(c.name, "city");
    /// ```
    pub fn new(field: CustomField, kind: CompareKind) -> CustomComparison {
        CustomComparison {
            name: field.to_string(),
            field,
            kind,
            term_frequency: true,
        }
    }

    /// Renames it.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Sets whether exact agreements are weighed by term frequency.
    pub fn with_term_frequency(mut self, on: bool) -> Self {
        self.term_frequency = on;
        self
    }

    /// Whether the exact level gets a term-frequency adjustment.
    pub(crate) fn uses_term_frequency(&self) -> bool {
        self.term_frequency && matches!(self.kind, CompareKind::Exact | CompareKind::Fuzzy { .. })
    }

    /// Checks a list of custom comparisons: at most [`MAX_CUSTOM`], unique names, valid kinds.
    pub(crate) fn validate_all(list: &[CustomComparison]) -> Result<(), Error> {
        if list.len() > MAX_CUSTOM {
            return Err(Error::Config(format!(
                "{} custom comparisons; at most {MAX_CUSTOM}",
                list.len()
            )));
        }
        for (i, c) in list.iter().enumerate() {
            if c.name.is_empty() || list[..i].iter().any(|d| d.name == c.name) {
                return Err(Error::Config(format!(
                    "custom comparison names must be unique and not empty ({:?})",
                    c.name
                )));
            }
            if super::CompareField::ALL
                .iter()
                .any(|f| f.as_str() == c.name)
            {
                return Err(Error::Config(format!(
                    "custom comparison {:?} has the name of a built-in field",
                    c.name
                )));
            }
            c.kind
                .validate()
                .map_err(|e| Error::Config(format!("custom comparison {:?}: {e}", c.name)))?;
        }
        Ok(())
    }

    /// Reads this comparison's values from a profile (see the [module docs](self)); rejected
    /// values are listed with their position among the raw values.
    fn values(
        &self,
        p: &Profile,
        record: &NormalizedProfile,
        cfg: &NormalizeConfig,
        rejected: &mut Vec<(usize, Error)>,
    ) -> CustomValues {
        let raw: SmallVec<[&str; 1]> = match &self.field {
            CustomField::Attribute(name) => p
                .attributes
                .get(name)
                .map(String::as_str)
                .into_iter()
                .collect(),
            CustomField::City => p
                .addresses
                .iter()
                .filter_map(|a| a.city.as_deref())
                .collect(),
            CustomField::Region => p
                .addresses
                .iter()
                .filter_map(|a| a.region.as_deref())
                .collect(),
            CustomField::Postcode => p
                .addresses
                .iter()
                .filter_map(|a| a.postcode.as_deref())
                .collect(),
            CustomField::Country => p
                .addresses
                .iter()
                .filter_map(|a| a.country.as_deref())
                .collect(),
            CustomField::MiddleName => p.middle_name.as_deref().into_iter().collect(),
        };
        let mut out = CustomValues::new();
        for (i, s) in raw.iter().enumerate() {
            if text::is_blank(s) {
                continue;
            }
            let v = match &self.kind {
                CompareKind::Exact | CompareKind::Fuzzy { .. } => {
                    let t = match self.field {
                        CustomField::Postcode => text::fold_compact(s),
                        CustomField::Country => match Country::new(s) {
                            Some(c) => c.as_str().to_string(),
                            None => text::fold(s),
                        },
                        _ => text::fold(s),
                    };
                    if t.is_empty() {
                        continue;
                    }
                    Ok(CustomValue::Text {
                        hash: hash_str(&t),
                        text: t.into_boxed_str(),
                    })
                }
                CompareKind::Date => {
                    let ctx = cfg.date.context_for(
                        record
                            .country
                            .and_then(|c| date::DateContext::for_country(c.as_str())),
                        cfg.source_date_order.get(p.source.as_str()).copied(),
                    );
                    // Any year: the plausibility range is for dates of birth of customers.
                    let any_year = cfg.date.with_year_range(1, 9999);
                    date::parse_date_in(s, &any_year, ctx)
                        .map(CustomValue::Date)
                        .map_err(Error::from)
                }
                CompareKind::Number { .. } => parse_number(s)
                    .map(CustomValue::Number)
                    .ok_or(Error::NotANumber),
            };
            match v {
                Ok(v) if !out.contains(&v) => out.push(v),
                Ok(_) => {}
                Err(e) => rejected.push((i, e)),
            }
        }
        out
    }

    /// The level of two value lists (the best over all value pairs) and, for a term-frequency
    /// exact agreement, the hash of the shared value.
    pub(crate) fn level(&self, a: &[CustomValue], b: &[CustomValue]) -> (u8, u64) {
        let mut best = (MISSING, 0);
        for x in a {
            for y in b {
                let l = self.level_of(x, y);
                if l < best.0 {
                    let key = match x {
                        CustomValue::Text { hash, .. } if l == 0 && self.uses_term_frequency() => {
                            *hash
                        }
                        _ => 0,
                    };
                    best = (l, key);
                    if l == 0 {
                        return best;
                    }
                }
            }
        }
        best
    }

    fn level_of(&self, x: &CustomValue, y: &CustomValue) -> u8 {
        let last = (self.kind.num_levels() - 1) as u8;
        match (&self.kind, x, y) {
            (
                CompareKind::Exact,
                CustomValue::Text { hash: a, .. },
                CustomValue::Text { hash: b, .. },
            ) => {
                if a == b {
                    0
                } else {
                    last
                }
            }
            (
                CompareKind::Fuzzy { thresholds },
                CustomValue::Text { hash: ha, text: ta },
                CustomValue::Text { hash: hb, text: tb },
            ) => {
                if ha == hb {
                    return 0;
                }
                let Some(&lowest) = thresholds.last() else {
                    return last;
                };
                let s = jaro_winkler_min(ta, tb, lowest);
                thresholds
                    .iter()
                    .position(|&t| s >= t)
                    .map_or(last, |k| k as u8 + 1)
            }
            (CompareKind::Date, CustomValue::Date(a), CustomValue::Date(b)) => compare_date(a, b),
            (CompareKind::Number { distances }, CustomValue::Number(a), CustomValue::Number(b)) => {
                let d = (a - b).abs();
                if d == 0.0 {
                    return 0;
                }
                distances
                    .iter()
                    .position(|&t| d <= t)
                    .map_or(last, |k| k as u8 + 1)
            }
            // Values of another kind (a state built with another configuration): no evidence.
            _ => MISSING,
        }
    }
}

/// One normalized value of a custom comparison. `Debug` shows the kind only.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum CustomValue {
    /// Folded text and its hash.
    Text {
        /// Hash of the folded text.
        hash: u64,
        /// The folded text.
        text: Box<str>,
    },
    /// A date.
    Date(date::Date),
    /// A number.
    Number(f64),
}

impl fmt::Debug for CustomValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CustomValue::Text { .. } => "Text(..)",
            CustomValue::Date(_) => "Date(..)",
            CustomValue::Number(_) => "Number(..)",
        })
    }
}

/// The values of one custom comparison on one record (usually zero or one).
pub type CustomValues = SmallVec<[CustomValue; 1]>;

/// Reads the values of every custom comparison from a profile into its normalized record
/// ([`NormalizedProfile::custom`], in the order of `comparisons`); unreadable values are added
/// to [`NormalizedProfile::rejected`] as [`Field::Custom`] with the comparison's position as
/// index. [`crate::Resolver`] calls it after [`crate::normalize::normalize_profile`] when the
/// configuration has custom comparisons; a hand-built pipeline calls it the same way.
///
/// ```
/// use selfsame::compare::{normalize_custom, CustomComparison};
/// use selfsame::{normalize::{normalize_profile, NormalizeConfig}, Field, Profile};
/// let cmp: Vec<CustomComparison> = vec!["attr:height=number".parse().unwrap()];
/// let cfg = NormalizeConfig::default();
/// let p = Profile::new("a", "1").with_attribute("height", "1,80");
/// let mut n = normalize_profile(&p, &cfg);
/// normalize_custom(&p, &mut n, &cmp, &cfg);
/// assert_eq!(n.custom.len(), 1);
/// let bad = Profile::new("a", "2").with_attribute("height", "tall");
/// let mut n = normalize_profile(&bad, &cfg);
/// normalize_custom(&bad, &mut n, &cmp, &cfg);
/// assert_eq!(n.rejected[0].field, Field::Custom);
/// ```
pub fn normalize_custom(
    p: &Profile,
    record: &mut NormalizedProfile,
    comparisons: &[CustomComparison],
    cfg: &NormalizeConfig,
) {
    if comparisons.is_empty() {
        return;
    }
    let mut rejected = Vec::new();
    let values: Vec<CustomValues> = comparisons
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let mut r = Vec::new();
            let v = c.values(p, record, cfg, &mut r);
            rejected.extend(r.into_iter().map(|(_, error)| Rejection {
                field: Field::Custom,
                index: k,
                error,
            }));
            v
        })
        .collect();
    record.custom = values.into_boxed_slice();
    record.rejected.extend(rejected);
}

/// Reads a number written by a person: native digits (Persian, Arabic-Indic, Thai, full-width),
/// a leading sign, thousands separators (`1,234,567`, `1 234`, `1'234`) and a decimal point or
/// a decimal comma (`1,80`). `None` when it is not one number.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let mut t = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '0'..='9' | '.' | ',' | '-' | '+' => t.push(c),
            '٫' => t.push('.'),
            '٬' | '\'' | '’' | ' ' | '\u{a0}' | '\u{202f}' | '_' => t.push('\u{1}'),
            _ => match native_digit(c) {
                Some(d) => t.push(char::from(b'0' + d)),
                None => return None,
            },
        }
    }
    // Spaces and apostrophes are thousands separators only between digit groups.
    let t: String = t.replace('\u{1}', "");
    let (comma, dot) = (t.rfind(','), t.rfind('.'));
    let normalized = match (comma, dot) {
        (None, None) => t,
        // Both: the one written last is the decimal separator, the other groups thousands.
        (Some(c), Some(d)) => {
            let (thousands, decimal) = if c > d { ('.', ',') } else { (',', '.') };
            if t.matches(decimal).count() != 1 || !thousands_ok(&t, thousands, decimal) {
                return None;
            }
            t.replace(thousands, "").replace(decimal, ".")
        }
        // Commas only: "1,80" is a decimal comma; "1,234" and "1,234,567" group thousands.
        (Some(c), None) => {
            let after = t.len() - c - 1;
            if t.matches(',').count() == 1 && after != 3 {
                t.replace(',', ".")
            } else if thousands_ok(&t, ',', '.') {
                t.replace(',', "")
            } else {
                return None;
            }
        }
        // Dots only: one is a decimal point; several group thousands ("1.234.567").
        (None, Some(_)) => {
            if t.matches('.').count() == 1 {
                t
            } else if thousands_ok(&t, '.', ',') {
                t.replace('.', "")
            } else {
                return None;
            }
        }
    };
    let v: f64 = normalized.parse().ok()?;
    v.is_finite().then_some(v)
}

/// The value of a decimal digit of another script (Arabic-Indic, Persian, Devanagari, Thai,
/// full-width).
fn native_digit(c: char) -> Option<u8> {
    let zero = match c {
        '\u{660}'..='\u{669}' => 0x660,
        '\u{6f0}'..='\u{6f9}' => 0x6f0,
        '\u{966}'..='\u{96f}' => 0x966,
        '\u{e50}'..='\u{e59}' => 0xe50,
        '\u{ff10}'..='\u{ff19}' => 0xff10,
        _ => return None,
    };
    u8::try_from(c as u32 - zero).ok()
}

/// Whether `sep` separates groups of exactly three digits in the integer part (before
/// `decimal`).
fn thousands_ok(t: &str, sep: char, decimal: char) -> bool {
    let int = t
        .trim_start_matches(['-', '+'])
        .split(decimal)
        .next()
        .unwrap_or("");
    let mut groups = int.split(sep);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_write_them() {
        for (s, want) in [
            ("42", Some(42.0)),
            ("-3.5", Some(-3.5)),
            ("1,80", Some(1.8)),
            ("1,234", Some(1234.0)),
            ("1,234,567.25", Some(1_234_567.25)),
            ("1.234,5", Some(1234.5)),
            ("1 234", Some(1234.0)),
            ("۱۲۳", Some(123.0)),
            ("๔๒", Some(42.0)),
            ("12a", None),
            ("1,2,3", None),
            ("1.234.567", Some(1_234_567.0)),
            ("1,234.5.6", None),
            ("12,34.5", None),
            ("", None),
            ("--1", None),
        ] {
            assert_eq!(parse_number(s), want, "{s:?}");
        }
    }

    fn text(s: &str) -> CustomValue {
        CustomValue::Text {
            hash: hash_str(s),
            text: s.into(),
        }
    }

    #[test]
    fn levels_by_kind() {
        let fuzzy: CustomComparison = "attr:place=fuzzy".parse().unwrap();
        assert_eq!(fuzzy.level(&[text("london")], &[text("london")]).0, 0);
        assert_ne!(fuzzy.level(&[text("london")], &[text("london")]).1, 0);
        assert_eq!(fuzzy.level(&[text("london")], &[text("londen")]).0, 1);
        assert_eq!(fuzzy.level(&[text("london")], &[text("paris")]).0, 3);
        assert_eq!(fuzzy.level(&[], &[text("paris")]).0, MISSING);
        // The best pair wins.
        assert_eq!(
            fuzzy
                .level(&[text("rome"), text("paris")], &[text("paris")])
                .0,
            0
        );

        let num: CustomComparison = "attr:h=number".parse().unwrap();
        let n = |x| CustomValue::Number(x);
        assert_eq!(num.level(&[n(180.0)], &[n(180.0)]), (0, 0));
        assert_eq!(num.level(&[n(180.0)], &[n(181.0)]).0, 1);
        assert_eq!(num.level(&[n(180.0)], &[n(184.0)]).0, 2);
        assert_eq!(num.level(&[n(180.0)], &[n(190.0)]).0, 3);

        let exact: CustomComparison = "city=exact".parse().unwrap();
        assert_eq!(exact.level(&[text("a")], &[text("b")]).0, 1);
        // A value of another kind is no evidence.
        assert_eq!(exact.level(&[n(1.0)], &[n(1.0)]).0, MISSING);
    }

    #[test]
    fn validation() {
        let c: CustomComparison = "attr:x=exact".parse().unwrap();
        assert!(CustomComparison::validate_all(std::slice::from_ref(&c)).is_ok());
        assert!(CustomComparison::validate_all(&[c.clone(), c.clone()]).is_err());
        let many: Vec<CustomComparison> = (0..=MAX_CUSTOM)
            .map(|i| c.clone().with_name(format!("c{i}")))
            .collect();
        assert!(CustomComparison::validate_all(&many).is_err());
        assert!(CustomComparison::validate_all(&many[..MAX_CUSTOM]).is_ok());
        let bad = CustomComparison::new(
            CustomField::City,
            CompareKind::Fuzzy {
                thresholds: vec![0.8, 0.9],
            },
        );
        assert!(CustomComparison::validate_all(&[bad]).is_err());
        let builtin_name = c.with_name("email");
        assert!(CustomComparison::validate_all(&[builtin_name]).is_err());
    }
}
