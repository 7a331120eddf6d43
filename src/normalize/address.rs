//! Postal addresses: USPS Publication 28 suffixes and directionals, units, postcodes, countries.
//!
//! [`normalize_address`] turns a [`PostalAddress`] as a source gave it into an [`Address`] whose
//! parts are comparable across sources:
//!
//! * **Text** is folded with [`fold`] (NFKD, lower-case, accents and punctuation removed), so NFC
//!   and NFD input, case and punctuation never matter.
//! * **House number** is split from the street line: `"12 N Main St"` → `"12"` + `"n main st"`.
//!   `"12B"` and `"12 B Main St"` give `"12b"`; a range `"12-14"` is kept as `"12-14"`; a
//!   fraction is kept (`"12 1/2 Main St"` → `"12 1/2"`); an Australian `"4/12 Main St"` is unit
//!   `"4"` at number `"12"`; a number after the street (`"Hauptstraße 12"`) is taken as the house
//!   number unless the word before it is a highway, route or box word (`"Route 66"`).
//! * **Street** ([`standardize_street`]): USPS Publication 28 Appendix C1 suffixes (plus a few
//!   Commonwealth ones: close, parade, esplanade) and C2 directionals are abbreviated. Only the
//!   *last* suffix-like word is treated as a suffix, so `"Court Street"` → `"court st"`.
//!   Directionals are abbreviated in first (pre) and last (post) position whenever another word
//!   remains as the name (`"North Main Street"` → `"n main st"`, `"North Street"` → `"n st"`),
//!   which keeps both spellings consistent. `saint`/`mount`/`fort` before the suffix become
//!   `st`/`mt`/`ft` and ordinal words `first`…`twelfth` become `1st`…`12th`.
//! * **Unit**: designators (USPS C2: apartment, apt, suite, ste, unit, room, floor, building,
//!   lot, space, trailer, `#`, …, plus `flat`) are recognized in the `unit` field and inside the
//!   street line (`"12 N Main St Apt 4"`, `"12 N Main St #4"`, `"12 N Main St, Suite 300"`).
//!   Because sources mix designators freely, **the canonical unit is only its identifier**,
//!   lower-case with spaces and dashes removed: `"Apartment 4B"`, `"Apt. 4b"`, `"#4-B"`,
//!   `"Unit 4 B"` all give `"4b"`. A designator that takes no identifier (`Rear`, `Basement`,
//!   `Penthouse`, …) gives its USPS abbreviation (`"rear"`, `"bsmt"`, `"ph"`). When the `unit`
//!   field and the street line both carry a unit, the `unit` field wins.
//! * **Postcode** ([`normalize_postcode`]): US ZIP+4 is split (`"02139-4307"` → `"02139"` +
//!   `"4307"`); a US ZIP that lost its leading zeros in a spreadsheet (3 or 4 digits, or 8 for
//!   ZIP+4) is zero-padded, but only when the country is known to be US (no 3- or 4-digit ZIP
//!   exists). **Postcodes are upper-case**: UK `"SW1A 1AA"`, Canada `"K1A 0B1"`, Netherlands
//!   `"1234 AB"` in their official spaced form, every other country without spaces
//!   (`"00-950"` → `"00950"`). With no country, the shape decides (5 or 5+4 digits → US rules; UK,
//!   Canadian and Dutch shapes → their forms). A postcode of the wrong shape for its country is
//!   kept in the compact upper-case form, never dropped, so that the same typo still matches.
//! * **Country** ([`country_code`]): ISO 3166-1 alpha-2 from any alpha-2 or alpha-3 code, English
//!   short name, or common alias / native name (`"U.S.A."`, `"United Kingdom"`, `"England"`,
//!   `"Deutschland"`, `"España"`, `"日本"`). Country text that is not recognized gives
//!   `country: None` (not an error); `default_country` applies only when the address names none.
//! * **Region**: US state and Canadian province names become their postal codes (`"ma"`, `"qc"`).
//!
//! Parts longer than [`MAX_PART_LEN`] bytes are rejected before any work, so time is bounded.
//! Errors and `Debug` output never contain address text.
//!
//! ```
//! use selfsame::{normalize::address::normalize_address, PostalAddress};
//! let a = normalize_address(&PostalAddress::new().with_street("12 North Main Street Apt 4").with_postcode("02139-4307"), None).unwrap();
//! let b = normalize_address(&PostalAddress::new().with_street("12 N Main St #4").with_postcode("02139"), None).unwrap();
//! assert_eq!(a.key(), b.key());
//! assert_eq!(a.key(), "12|n main st|4|02139");
//! assert_eq!(a.postcode_ext.as_deref(), Some("4307"));
//! ```

use std::fmt;
use std::sync::OnceLock;

use crate::normalize::text::{fold, fold_into};
use crate::PostalAddress;

/// Longest accepted part (street, unit, city, region, postcode, country), in bytes.
///
/// ```
/// use selfsame::{normalize::address::{normalize_address, AddressError, MAX_PART_LEN}, PostalAddress};
/// let long = PostalAddress::new().with_city("x".repeat(MAX_PART_LEN + 1));
/// assert_eq!(normalize_address(&long, None), Err(AddressError::TooLong { part: "city" }));
/// ```
pub const MAX_PART_LEN: usize = 512;

/// A standardized postal address; text parts are folded lower-case, postcodes upper-case.
///
/// `Debug` prints `Address { .. }` so that addresses never reach logs by accident.
///
/// ```
/// use selfsame::{normalize::address::normalize_address, PostalAddress};
/// let a = normalize_address(&PostalAddress::new().with_street("12 N Main St Apt 4B").with_city("Boston"), None).unwrap();
/// assert_eq!(a.house_number.as_deref(), Some("12"));
/// assert_eq!(a.street.as_deref(), Some("n main st"));
/// assert_eq!(a.unit.as_deref(), Some("4b"));
/// assert_eq!(format!("{a:?}"), "Address { .. }");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// House number (`"12"`, `"12b"`, `"12-14"`, `"12 1/2"`).
    pub house_number: Option<String>,
    /// Street name with standardized suffix and directionals (`"n main st"`).
    pub street: Option<String>,
    /// Unit identifier only, without designator (`"4b"`), or a designator that takes none (`"rear"`).
    pub unit: Option<String>,
    /// City, folded (`"st louis"`).
    pub city: Option<String>,
    /// Region / state, folded; US states and Canadian provinces as postal codes (`"ma"`).
    pub region: Option<String>,
    /// Postcode in its country's canonical upper-case form (US: ZIP5, UK: `"SW1A 1AA"`).
    pub postcode: Option<String>,
    /// Postcode extension (US ZIP+4's four digits).
    pub postcode_ext: Option<String>,
    /// ISO 3166 alpha-2 country code (`"US"`).
    pub country: Option<String>,
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Address { .. }")
    }
}

impl Address {
    /// Canonical single-line key for exact matching: house number, street, unit and postcode
    /// (ZIP5 for the US, without the +4), separated by `|`, an absent part left empty. City,
    /// region and country are left out because sources spell them too differently (vanity city
    /// names, missing states) while the postcode already pins the place. An address with none
    /// of those four parts keys on what it has instead: `~` + city, region and country
    /// (`"~boston|ma|US|"`), so that such partial addresses never share a key with full ones.
    ///
    /// ```
    /// use selfsame::{normalize::address::normalize_address, PostalAddress};
    /// let a = normalize_address(&PostalAddress::new().with_street("2807 Jennifer Stravenue Apartment 14B").with_city("Tucson"), None).unwrap();
    /// let b = normalize_address(&PostalAddress::new().with_street("2807 Jennifer Stra #14b"), None).unwrap();
    /// assert_eq!(a.key(), "2807|jennifer stra|14b|");
    /// assert_eq!(a.key(), b.key());
    /// ```
    pub fn key(&self) -> String {
        let mut parts = [&self.house_number, &self.street, &self.unit, &self.postcode];
        let mut out = String::with_capacity(48);
        if parts.iter().all(|p| p.is_none()) {
            out.push('~');
            parts = [&self.city, &self.region, &self.country, &None];
        }
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            out.push_str(p.as_deref().unwrap_or(""));
        }
        out
    }

    /// Folded tokens of house number, street, unit, city and postcode (lower-case, spaces
    /// removed), for fuzzy token-set comparison. Region and country are left out.
    ///
    /// ```
    /// use selfsame::{normalize::address::normalize_address, PostalAddress};
    /// let a = normalize_address(&PostalAddress::new().with_street("12 N Main St #4").with_city("Boston").with_postcode("02139"), None).unwrap();
    /// assert_eq!(a.tokens(), ["12", "n", "main", "st", "4", "boston", "02139"]);
    /// ```
    pub fn tokens(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(8);
        for part in [&self.house_number, &self.street, &self.unit, &self.city]
            .into_iter()
            .flatten()
        {
            out.extend(
                part.split(' ')
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
            );
        }
        if let Some(p) = &self.postcode {
            let mut t: String = p.chars().filter(|c| *c != ' ').collect();
            t.make_ascii_lowercase();
            out.push(t);
        }
        out
    }
}

/// Why an address was rejected. Messages never contain address text.
///
/// ```
/// use selfsame::{normalize::address::{normalize_address, AddressError}, PostalAddress};
/// assert_eq!(normalize_address(&PostalAddress::new(), None), Err(AddressError::Empty));
/// assert_eq!(normalize_address(&PostalAddress::new().with_street("--"), None), Err(AddressError::Empty));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddressError {
    /// No part other than the country has any text (after folding away punctuation and symbols).
    #[error("address is empty")]
    Empty,
    /// A part is longer than [`MAX_PART_LEN`] bytes.
    #[error("address {part} is longer than 512 bytes")]
    TooLong {
        /// Which part: `street`, `unit`, `city`, `region`, `postcode` or `country`.
        part: &'static str,
    },
}

/// Normalizes an address; `default_country` (any code or name [`country_code`] knows) applies
/// only when the address names no country.
///
/// Fails with [`AddressError::TooLong`] when a part exceeds [`MAX_PART_LEN`] bytes, and with
/// [`AddressError::Empty`] when no part other than the country carries usable text (every part
/// blank or punctuation, or a country alone). See the [module docs](self) for every rule.
///
/// ```
/// use selfsame::{normalize::address::normalize_address, PostalAddress};
/// let a = normalize_address(
///     &PostalAddress::new()
///         .with_street("3990 WEST MONICA TRACK, Suite 300")
///         .with_city("Saint Louis")
///         .with_region("Missouri")
///         .with_postcode("63101-1234")
///         .with_country("U.S.A."),
///     None,
/// ).unwrap();
/// assert_eq!(a.key(), "3990|w monica trak|300|63101");
/// assert_eq!(a.city.as_deref(), Some("st louis"));
/// assert_eq!(a.region.as_deref(), Some("mo"));
/// assert_eq!(a.country.as_deref(), Some("US"));
///
/// let uk = normalize_address(&PostalAddress::new().with_street("10 Downing Street").with_postcode("sw1a2aa"), Some("UK")).unwrap();
/// assert_eq!(uk.postcode.as_deref(), Some("SW1A 2AA"));
/// assert_eq!(uk.country.as_deref(), Some("GB"));
/// ```
pub fn normalize_address(
    a: &PostalAddress,
    default_country: Option<&str>,
) -> Result<Address, AddressError> {
    let parts = [
        ("street", &a.street),
        ("unit", &a.unit),
        ("city", &a.city),
        ("region", &a.region),
        ("postcode", &a.postcode),
        ("country", &a.country),
    ];
    for (part, value) in parts {
        if value.as_deref().is_some_and(|s| s.len() > MAX_PART_LEN) {
            return Err(AddressError::TooLong { part });
        }
    }
    if a.is_empty() {
        return Err(AddressError::Empty);
    }
    let country = match a.country.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(c) => country_code(c),
        None => default_country.and_then(country_code),
    };
    let (postcode, postcode_ext) = match a
        .postcode
        .as_deref()
        .and_then(|p| normalize_postcode(p, country))
    {
        Some((p, ext)) => (Some(p), ext),
        None => (None, None),
    };
    let line = a
        .street
        .as_deref()
        .map(parse_street_line)
        .unwrap_or_default();
    let unit = a.unit.as_deref().and_then(normalize_unit).or(line.unit);
    let city = a.city.as_deref().and_then(normalize_city);
    let region = a
        .region
        .as_deref()
        .and_then(|r| normalize_region(r, country));
    let out = Address {
        house_number: line.house,
        street: line.street,
        unit,
        city,
        region,
        postcode,
        postcode_ext,
        country: country.map(str::to_string),
    };
    let only_country = Address {
        country: out.country.clone(),
        ..Address::default()
    };
    if out == only_country {
        return Err(AddressError::Empty);
    }
    Ok(out)
}

/// Standardizes a street name (without house number or unit): folds it, abbreviates the last
/// suffix-like word per USPS Publication 28 C1 and pre-/post-directionals per C2, and maps
/// `saint`/`mount`/`fort` and ordinal words before the suffix. Idempotent. A leading all-digit
/// word (a house number) is left alone and not counted as part of the name.
///
/// ```
/// use selfsame::normalize::address::standardize_street;
/// assert_eq!(standardize_street("North Main Street"), "n main st");
/// assert_eq!(standardize_street("Court Street"), "court st");
/// assert_eq!(standardize_street("Martin Luther King Jr. Boulevard South-West"), "martin luther king jr blvd sw");
/// assert_eq!(standardize_street("Fifth Avenue"), "5th ave");
/// assert_eq!(standardize_street("Saint Charles Ave."), "st charles ave");
/// assert_eq!(standardize_street("Broadway"), "broadway");
/// assert_eq!(standardize_street(&standardize_street("Jennifer Stravenue")), "jennifer stra");
/// ```
pub fn standardize_street(s: &str) -> String {
    let folded = fold(s);
    let mut toks: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    standardize_tokens(&mut toks);
    toks.join(" ")
}

/// Normalizes a postcode for a country (alpha-2, alpha-3 or name; `None` when unknown) into its
/// canonical upper-case form and, for US ZIP+4, the extension. `None` when the text folds to
/// nothing. See the [module docs](self) for the per-country rules.
///
/// ```
/// use selfsame::normalize::address::normalize_postcode;
/// let p = |s, c| normalize_postcode(s, c);
/// assert_eq!(p("02139-4307", Some("US")), Some(("02139".to_string(), Some("4307".to_string()))));
/// assert_eq!(p("021394307", None), Some(("02139".to_string(), Some("4307".to_string()))));
/// assert_eq!(p("2139", Some("US")), Some(("02139".to_string(), None)));
/// assert_eq!(p("2139", None), Some(("2139".to_string(), None)));
/// assert_eq!(p("sw1a1aa", Some("GB")), Some(("SW1A 1AA".to_string(), None)));
/// assert_eq!(p("k1a0b1", None), Some(("K1A 0B1".to_string(), None)));
/// assert_eq!(p("00-950", Some("PL")), Some(("00950".to_string(), None)));
/// assert_eq!(p(" - ", Some("US")), None);
/// ```
pub fn normalize_postcode(s: &str, country: Option<&str>) -> Option<(String, Option<String>)> {
    let folded = fold(s);
    if folded.is_empty() {
        return None;
    }
    let mut compact: String = folded.chars().filter(|c| *c != ' ').collect();
    compact.make_ascii_uppercase();
    let country = country.and_then(country_code);
    let formatted = match country {
        Some(c) if is_us_like(c) => us_zip(&folded, &compact, true),
        Some("GB" | "GG" | "JE" | "IM") => uk_postcode(&compact).map(|p| (p, None)),
        Some("CA") => ca_postcode(&compact).map(|p| (p, None)),
        Some("NL") => nl_postcode(&compact).map(|p| (p, None)),
        Some(_) => None,
        None => us_zip(&folded, &compact, false)
            .or_else(|| uk_postcode(&compact).map(|p| (p, None)))
            .or_else(|| ca_postcode(&compact).map(|p| (p, None)))
            .or_else(|| nl_postcode(&compact).map(|p| (p, None))),
    };
    Some(formatted.unwrap_or((compact, None)))
}

/// ISO 3166-1 alpha-2 code for a country code (alpha-2 or alpha-3, any case), English short
/// name, or common alias or native name; `None` when not recognized. Case, accents, spacing
/// and punctuation are ignored.
///
/// ```
/// use selfsame::normalize::address::country_code;
/// for s in ["US", "usa", "U.S.A.", "United States of America", "America"] {
///     assert_eq!(country_code(s), Some("US"), "{s}");
/// }
/// assert_eq!(country_code("England"), Some("GB"));
/// assert_eq!(country_code("uk"), Some("GB"));
/// assert_eq!(country_code("Deutschland"), Some("DE"));
/// assert_eq!(country_code("DEU"), Some("DE"));
/// assert_eq!(country_code("España"), Some("ES"));
/// assert_eq!(country_code("日本"), Some("JP"));
/// assert_eq!(country_code("Côte d’Ivoire"), Some("CI"));
/// assert_eq!(country_code("Narnia"), None);
/// ```
pub fn country_code(s: &str) -> Option<&'static str> {
    if s.len() > MAX_PART_LEN {
        return None;
    }
    let key = crate::normalize::text::fold_compact(s);
    if key.is_empty() {
        return None;
    }
    let table = country_table();
    table
        .binary_search_by(|(k, _)| k.as_str().cmp(key.as_str()))
        .ok()
        .map(|i| table[i].1)
}

const COUNTRY_CODES: &str = include_str!("data/country_codes.csv");
const COUNTRY_ALIASES: &str = include_str!("data/country_aliases.csv");

/// Folded compact name or code → alpha-2, sorted by key.
fn country_table() -> &'static [(String, &'static str)] {
    static TABLE: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let compact = crate::normalize::text::fold_compact;
        let mut v = Vec::with_capacity(1100);
        for line in COUNTRY_CODES.lines().skip(1) {
            let mut f = line.splitn(3, ',');
            let (Some(a2), Some(a3), Some(name)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            v.push((compact(a2), a2));
            v.push((compact(a3), a2));
            v.push((compact(name), a2));
        }
        for line in COUNTRY_ALIASES.lines().skip(1) {
            if let Some((alias, a2)) = line.rsplit_once(',') {
                v.push((compact(alias), a2));
            }
        }
        v.retain(|(k, _)| !k.is_empty());
        v.sort();
        v.dedup_by(|a, b| a.0 == b.0);
        v
    })
}

fn is_us_like(c: &str) -> bool {
    matches!(
        c,
        "US" | "PR" | "VI" | "GU" | "AS" | "MP" | "UM" | "MH" | "FM" | "PW"
    )
}

/// US ZIP / ZIP+4. `pad` restores leading zeros lost in spreadsheets (only when the country is
/// known to use ZIP codes).
fn us_zip(folded: &str, compact: &str, pad: bool) -> Option<(String, Option<String>)> {
    if !compact.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let split9 = |z: &str| Some((z[..5].to_string(), Some(z[5..].to_string())));
    match compact.len() {
        5 => Some((compact.to_string(), None)),
        9 => split9(compact),
        3 | 4 if pad => Some((format!("{compact:0>5}"), None)),
        8 if pad => split9(&format!("{compact:0>9}")),
        _ => {
            let first = folded.split(' ').next().unwrap_or("");
            (first.len() == 5 && compact.len() > 5).then(|| (first.to_string(), None))
        }
    }
}

/// UK (and Crown dependency) postcode: outward code, space, inward code (`SW1A 1AA`).
fn uk_postcode(c: &str) -> Option<String> {
    let b = c.as_bytes();
    if !(5..=7).contains(&b.len()) {
        return None;
    }
    let (out, inw) = b.split_at(b.len() - 3);
    let a = |x: u8| x.is_ascii_uppercase();
    let d = |x: u8| x.is_ascii_digit();
    let inward_ok = d(inw[0]) && a(inw[1]) && a(inw[2]);
    let outward_ok = match *out {
        [x, y] => a(x) && d(y),
        [x, y, z] => a(x) && ((d(y) && (d(z) || a(z))) || (a(y) && d(z))),
        [w, x, y, z] => a(w) && a(x) && d(y) && (d(z) || a(z)),
        _ => false,
    } || out == b"GIR";
    (inward_ok && outward_ok).then(|| format!("{} {}", &c[..out.len()], &c[out.len()..]))
}

/// Canadian postal code `A9A 9A9`.
fn ca_postcode(c: &str) -> Option<String> {
    let b = c.as_bytes();
    let ok = b.len() == 6
        && b.iter().enumerate().all(|(i, x)| {
            if i % 2 == 0 {
                x.is_ascii_uppercase()
            } else {
                x.is_ascii_digit()
            }
        });
    ok.then(|| format!("{} {}", &c[..3], &c[3..]))
}

/// Dutch postcode `1234 AB`.
fn nl_postcode(c: &str) -> Option<String> {
    let b = c.as_bytes();
    let ok = b.len() == 6
        && b[0] != b'0'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_uppercase);
    ok.then(|| format!("{} {}", &c[..4], &c[4..]))
}

/// House number, street and unit found in one street line.
#[derive(Default)]
struct StreetLine {
    house: Option<String>,
    street: Option<String>,
    unit: Option<String>,
}

fn parse_street_line(raw: &str) -> StreetLine {
    let mut buf = String::with_capacity(raw.len() + 8);
    lex(raw, true, &mut buf);
    // Ordinals and saint/mount/fort are mapped first, so that house-number and unit detection
    // see the same words in raw and in already-normalized input.
    let all: Vec<&str> = buf
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|w| name_word(w).unwrap_or(w))
        .collect();
    let mut unit = None;
    let mut toks: &[&str] = &all;
    // A unit written first: "Apt 4, 12 Main St", "Flat 3 12 High St".
    if toks.len() >= 3
        && designator(toks[0]).is_some()
        && (is_id_like(toks[1]) || toks[0] == "#")
        && starts_with_digit(toks[2])
    {
        unit = unit_text(&toks[..2]);
        toks = &toks[2..];
    }
    if let Some(j) = (1..toks.len()).find(|&j| unit_starts_at(toks, j)) {
        let found = unit_text(&toks[j..]);
        unit = unit.or(found);
        toks = &toks[..j];
    }
    let mut toks: Vec<&str> = toks.iter().copied().filter(|t| *t != "#").collect();
    // Australian "4/12 Smith St": unit 4 of number 12.
    let mut au_unit = None;
    if let Some((u, h)) = toks.first().and_then(|t| t.split_once('/')) {
        au_unit = Some(u.to_string());
        toks[0] = h;
    }
    let (house, mut name) = split_house_number(&toks);
    // A designator without identifier ends the line right after a suffix or directional that
    // follows a name: "12 Main St Rear".
    if let [.., _, prev, last] = name[..] {
        if matches!(designator(last), Some(Designator::NoId(_)))
            && (suffix(prev).is_some() || directional(prev).is_some())
            && name[..name.len() - 2].iter().any(|w| !starts_with_digit(w))
        {
            unit = unit.or_else(|| unit_text(&[last]));
            name.pop();
        }
    }
    standardize_tokens(&mut name);
    StreetLine {
        house,
        street: (!name.is_empty()).then(|| name.join(" ")),
        unit: unit.or(au_unit),
    }
}

fn split_house_number<'a>(t: &[&'a str]) -> (Option<String>, Vec<&'a str>) {
    let Some(&first) = t.first() else {
        return (None, Vec::new());
    };
    if starts_with_digit(first) {
        let mut house = first.to_string();
        let mut rest = 1;
        if let Some(&frac) = t.get(1).filter(|x| x.contains('/')) {
            house.push(' ');
            house.push_str(frac);
            rest = 2;
        }
        return (Some(house), t[rest..].to_vec());
    }
    let n = t.len();
    if n >= 2 {
        let last = t[n - 1];
        if starts_with_digit(last) && !last.contains('/') && !blocks_trailing_number(t[n - 2]) {
            return (Some(last.to_string()), t[..n - 1].to_vec());
        }
    }
    (None, t.to_vec())
}

/// Words after which a trailing number is part of the street name, not a house number.
fn blocks_trailing_number(w: &str) -> bool {
    matches!(
        w,
        "route"
            | "rte"
            | "rt"
            | "highway"
            | "hwy"
            | "hiway"
            | "hiwy"
            | "hway"
            | "highwy"
            | "freeway"
            | "fwy"
            | "expressway"
            | "expy"
            | "turnpike"
            | "tpke"
            | "box"
            | "interstate"
            | "i"
            | "ih"
            | "us"
            | "sr"
            | "cr"
            | "fm"
            | "county"
            | "state"
            | "rr"
            | "hc"
            | "road"
            | "rd"
            | "no"
            | "number"
            | "nr"
            | "unit"
            | "apt"
            | "suite"
            | "ste"
            | "lot"
            | "space"
            | "spc"
            | "trlr"
    )
}

/// Is a unit (designator and what follows) starting at `j` in a street line?
fn unit_starts_at(t: &[&str], j: usize) -> bool {
    let Some(d) = designator(t[j]) else {
        return false;
    };
    let name_before = t[..j].iter().any(|w| !starts_with_digit(w));
    let next = t.get(j + 1).copied();
    match d {
        Designator::Hash => true,
        Designator::Strong(_) => name_before && next.is_some_and(|n| n == "#" || is_id_like(n)),
        Designator::Weak(_) => name_before && next.is_some_and(has_digit),
        // Handled after the house number is split off (see `parse_street_line`).
        Designator::NoId(_) => false,
    }
}

/// Canonical unit from its tokens: identifiers concatenated, designators dropped (a designator
/// that takes no identifier and has none gives its abbreviation).
fn unit_text(toks: &[&str]) -> Option<String> {
    if let [only] = toks {
        return match designator(only) {
            Some(Designator::Hash) => None,
            Some(Designator::NoId(abbr)) => Some(abbr.to_string()),
            _ => non_empty(clean_unit(only)),
        };
    }
    let mut out = String::new();
    let mut pending: Option<&'static str> = None;
    for t in toks {
        if let Some(d) = designator(t) {
            if let Some(abbr) = pending.take() {
                out.push_str(abbr);
            }
            if let Designator::NoId(abbr) = d {
                pending = Some(abbr);
            }
            continue;
        }
        pending = None;
        out.push_str(&clean_unit(t));
    }
    if let Some(abbr) = pending {
        out.push_str(abbr);
    }
    non_empty(out)
}

fn clean_unit(t: &str) -> String {
    t.chars().filter(|c| !matches!(c, '-' | '/')).collect()
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn normalize_unit(raw: &str) -> Option<String> {
    let mut buf = String::with_capacity(raw.len() + 4);
    lex(raw, false, &mut buf);
    let toks: Vec<&str> = buf.split(' ').filter(|t| !t.is_empty()).collect();
    unit_text(&toks)
}

fn normalize_city(raw: &str) -> Option<String> {
    let folded = fold(raw);
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|w| match w {
            "saint" => "st",
            "mount" => "mt",
            "fort" => "ft",
            _ => w,
        })
        .collect();
    non_empty(words.join(" "))
}

fn normalize_region(raw: &str, country: Option<&str>) -> Option<String> {
    let folded = fold(raw);
    if folded.is_empty() {
        return None;
    }
    if matches!(country, None | Some("US" | "CA")) {
        let compact: String = folded.chars().filter(|c| *c != ' ').collect();
        if let Ok(i) = REGIONS.binary_search_by(|(k, _)| (*k).cmp(compact.as_str())) {
            return Some(REGIONS[i].1.to_string());
        }
    }
    Some(folded)
}

/// Splits raw text into folded words separated by single spaces, appended to `buf`. Before
/// folding (which would lose them) it keeps `#` as its own word, and in a street line keeps
/// number ranges `12-14` and slashed numbers `1/2`, `4/12` whole.
fn lex(raw: &str, street: bool, buf: &mut String) {
    let chunks = raw
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|c| !c.is_empty());
    for chunk in chunks {
        if street && (is_number_pair(chunk, b'-') || is_number_pair(chunk, b'/')) {
            push_word(buf, &chunk.to_ascii_lowercase());
        } else if chunk.contains(is_hash) {
            for (i, piece) in chunk.split(is_hash).enumerate() {
                if i > 0 {
                    push_word(buf, "#");
                }
                push_folded(buf, piece);
            }
        } else {
            push_folded(buf, chunk);
        }
    }
}

fn is_hash(c: char) -> bool {
    matches!(c, '#' | '\u{ff03}' | '\u{fe5f}')
}

fn push_word(buf: &mut String, w: &str) {
    if !buf.is_empty() {
        buf.push(' ');
    }
    buf.push_str(w);
}

fn push_folded(buf: &mut String, piece: &str) {
    let start = buf.len();
    if start > 0 {
        buf.push(' ');
    }
    let mark = buf.len();
    fold_into(piece, buf);
    if buf.len() == mark {
        buf.truncate(start);
    }
}

/// `digits [letter] sep digits [letter]`, ASCII: `12-14`, `12a-12c`, `1/2`.
fn is_number_pair(chunk: &str, sep: u8) -> bool {
    fn number(b: &[u8]) -> Option<&[u8]> {
        let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        let rest = &b[n..];
        Some(match rest.first() {
            Some(c) if c.is_ascii_alphabetic() => &rest[1..],
            _ => rest,
        })
    }
    let b = chunk.as_bytes();
    match number(b) {
        Some([s, rest @ ..]) if *s == sep => number(rest).is_some_and(<[u8]>::is_empty),
        _ => false,
    }
}

fn starts_with_digit(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
}

fn has_digit(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_digit())
}

/// Could this word be a unit identifier after a designator in a street line? Single letters
/// count, except the directionals `n s e w` (so "Apt North" stays a street name whether or not
/// the directional was already abbreviated); write such a unit in the `unit` field or after `#`.
fn is_id_like(w: &str) -> bool {
    has_digit(w) || (w.chars().count() == 1 && directional(w).is_none())
}

/// Street-name standardization on folded words (see [`standardize_street`]).
fn standardize_tokens(t: &mut Vec<&str>) {
    if t.len() >= 2 && matches!((t[0], t[1]), ("p", "o") | ("post", "office")) {
        t[0] = "po";
        t.remove(1);
    }
    let start = usize::from(
        t.first()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit())),
    );
    let mut name_end = t.len();
    // Post-directional.
    let pair = if name_end >= start + 3 {
        directional_pair(t[name_end - 2], t[name_end - 1])
    } else {
        None
    };
    if let Some(d) = pair {
        t[name_end - 2] = d;
        t.remove(name_end - 1);
        name_end -= 2;
    } else if name_end >= start + 2 {
        if let Some(d) = directional(t[name_end - 1]) {
            t[name_end - 1] = d;
            name_end -= 1;
        }
    }
    // Suffix: only the last word of the name.
    let has_suffix_slot = name_end >= start + 2;
    if has_suffix_slot {
        if let Some(s) = suffix(t[name_end - 1]) {
            t[name_end - 1] = s;
        }
    }
    let words_end = if has_suffix_slot {
        name_end - 1
    } else {
        name_end
    };
    for w in &mut t[start..words_end] {
        if let Some(m) = name_word(w) {
            *w = m;
        }
    }
    // Pre-directional.
    let pair = if name_end >= start + 3 {
        directional_pair(t[start], t[start + 1])
    } else {
        None
    };
    if let Some(d) = pair {
        t[start] = d;
        t.remove(start + 1);
    } else if name_end >= start + 2 {
        if let Some(d) = directional(t[start]) {
            t[start] = d;
        }
    }
}

fn name_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "saint" => "st",
        "mount" => "mt",
        "fort" => "ft",
        _ => return ordinal(w),
    })
}

fn ordinal(w: &str) -> Option<&'static str> {
    Some(match w {
        "first" => "1st",
        "second" => "2nd",
        "third" => "3rd",
        "fourth" => "4th",
        "fifth" => "5th",
        "sixth" => "6th",
        "seventh" => "7th",
        "eighth" => "8th",
        "ninth" => "9th",
        "tenth" => "10th",
        "eleventh" => "11th",
        "twelfth" => "12th",
        _ => return None,
    })
}

/// USPS C2 directional abbreviation.
fn directional(w: &str) -> Option<&'static str> {
    Some(match w {
        "n" | "north" => "n",
        "s" | "south" => "s",
        "e" | "east" => "e",
        "w" | "west" => "w",
        "ne" | "northeast" => "ne",
        "nw" | "northwest" => "nw",
        "se" | "southeast" => "se",
        "sw" | "southwest" => "sw",
        _ => return None,
    })
}

/// Two-word directionals: `north east` / `n e` → `ne`.
fn directional_pair(a: &str, b: &str) -> Option<&'static str> {
    let ns = match a {
        "n" | "north" => 'n',
        "s" | "south" => 's',
        _ => return None,
    };
    let ew = match b {
        "e" | "east" => 'e',
        "w" | "west" => 'w',
        _ => return None,
    };
    Some(match (ns, ew) {
        ('n', 'e') => "ne",
        ('n', _) => "nw",
        (_, 'e') => "se",
        _ => "sw",
    })
}

/// USPS C1 standard suffix abbreviation.
fn suffix(w: &str) -> Option<&'static str> {
    SUFFIXES
        .binary_search_by(|(k, _)| (*k).cmp(w))
        .ok()
        .map(|i| SUFFIXES[i].1)
}

/// Secondary unit designators (USPS C2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Designator {
    /// `#`.
    Hash,
    /// Unambiguous designator that takes an identifier.
    Strong(&'static str),
    /// Designator that is also a common street word; needs a numeric identifier.
    Weak(&'static str),
    /// Designator that takes no identifier.
    NoId(&'static str),
}

fn designator(w: &str) -> Option<Designator> {
    use Designator::{Hash, NoId, Strong, Weak};
    Some(match w {
        "#" => Hash,
        "apt" | "apartment" | "apts" => Strong("apt"),
        "unit" => Strong("unit"),
        "ste" | "suite" => Strong("ste"),
        "flat" => Strong("flat"),
        "rm" | "room" => Strong("rm"),
        "fl" | "flr" | "floor" => Strong("fl"),
        "bldg" | "bldng" | "building" => Strong("bldg"),
        "dept" | "department" => Strong("dept"),
        "trlr" | "trailer" => Strong("trlr"),
        "lot" => Strong("lot"),
        "spc" | "space" => Strong("spc"),
        "ofc" | "office" => Strong("ofc"),
        "hngr" | "hangar" => Weak("hngr"),
        "key" => Weak("key"),
        "pier" => Weak("pier"),
        "slip" => Weak("slip"),
        "stop" => Weak("stop"),
        "bsmt" | "basement" => NoId("bsmt"),
        "frnt" | "front" => NoId("frnt"),
        "lbby" | "lobby" => NoId("lbby"),
        "lowr" | "lower" => NoId("lowr"),
        "ph" | "penthouse" => NoId("ph"),
        "rear" => NoId("rear"),
        "side" => NoId("side"),
        "uppr" | "upper" => NoId("uppr"),
        _ => return None,
    })
}

// Generated: 557 entries.
const SUFFIXES: &[(&str, &str)] = &[
    ("allee", "aly"),
    ("alley", "aly"),
    ("ally", "aly"),
    ("aly", "aly"),
    ("anex", "anx"),
    ("annex", "anx"),
    ("annx", "anx"),
    ("anx", "anx"),
    ("arc", "arc"),
    ("arcade", "arc"),
    ("av", "ave"),
    ("ave", "ave"),
    ("aven", "ave"),
    ("avenu", "ave"),
    ("avenue", "ave"),
    ("avn", "ave"),
    ("avnue", "ave"),
    ("bayoo", "byu"),
    ("bayou", "byu"),
    ("bch", "bch"),
    ("beach", "bch"),
    ("bend", "bnd"),
    ("bg", "bg"),
    ("bgs", "bgs"),
    ("blf", "blf"),
    ("blfs", "blfs"),
    ("bluf", "blf"),
    ("bluff", "blf"),
    ("bluffs", "blfs"),
    ("blvd", "blvd"),
    ("bnd", "bnd"),
    ("bot", "btm"),
    ("bottm", "btm"),
    ("bottom", "btm"),
    ("boul", "blvd"),
    ("boulevard", "blvd"),
    ("boulv", "blvd"),
    ("br", "br"),
    ("branch", "br"),
    ("brdge", "brg"),
    ("brg", "brg"),
    ("bridge", "brg"),
    ("brk", "brk"),
    ("brks", "brks"),
    ("brnch", "br"),
    ("brook", "brk"),
    ("brooks", "brks"),
    ("btm", "btm"),
    ("burg", "bg"),
    ("burgs", "bgs"),
    ("byp", "byp"),
    ("bypa", "byp"),
    ("bypas", "byp"),
    ("bypass", "byp"),
    ("byps", "byp"),
    ("byu", "byu"),
    ("camp", "cp"),
    ("canyn", "cyn"),
    ("canyon", "cyn"),
    ("cape", "cpe"),
    ("causeway", "cswy"),
    ("causwa", "cswy"),
    ("cen", "ctr"),
    ("cent", "ctr"),
    ("center", "ctr"),
    ("centers", "ctrs"),
    ("centr", "ctr"),
    ("centre", "ctr"),
    ("cir", "cir"),
    ("circ", "cir"),
    ("circl", "cir"),
    ("circle", "cir"),
    ("circles", "cirs"),
    ("cirs", "cirs"),
    ("cl", "cl"),
    ("clb", "clb"),
    ("clf", "clf"),
    ("clfs", "clfs"),
    ("cliff", "clf"),
    ("cliffs", "clfs"),
    ("close", "cl"),
    ("club", "clb"),
    ("cmn", "cmn"),
    ("cmns", "cmns"),
    ("cmp", "cp"),
    ("cnter", "ctr"),
    ("cntr", "ctr"),
    ("cnyn", "cyn"),
    ("common", "cmn"),
    ("commons", "cmns"),
    ("cor", "cor"),
    ("corner", "cor"),
    ("corners", "cors"),
    ("cors", "cors"),
    ("course", "crse"),
    ("court", "ct"),
    ("courts", "cts"),
    ("cove", "cv"),
    ("coves", "cvs"),
    ("cp", "cp"),
    ("cpe", "cpe"),
    ("crcl", "cir"),
    ("crcle", "cir"),
    ("creek", "crk"),
    ("cres", "cres"),
    ("crescent", "cres"),
    ("crest", "crst"),
    ("crk", "crk"),
    ("crossing", "xing"),
    ("crossroad", "xrd"),
    ("crossroads", "xrds"),
    ("crse", "crse"),
    ("crsent", "cres"),
    ("crsnt", "cres"),
    ("crssng", "xing"),
    ("crst", "crst"),
    ("cswy", "cswy"),
    ("ct", "ct"),
    ("ctr", "ctr"),
    ("ctrs", "ctrs"),
    ("cts", "cts"),
    ("curv", "curv"),
    ("curve", "curv"),
    ("cv", "cv"),
    ("cvs", "cvs"),
    ("cyn", "cyn"),
    ("dale", "dl"),
    ("dam", "dm"),
    ("div", "dv"),
    ("divide", "dv"),
    ("dl", "dl"),
    ("dm", "dm"),
    ("dr", "dr"),
    ("driv", "dr"),
    ("drive", "dr"),
    ("drives", "drs"),
    ("drs", "drs"),
    ("drv", "dr"),
    ("dv", "dv"),
    ("dvd", "dv"),
    ("esp", "esp"),
    ("esplanade", "esp"),
    ("est", "est"),
    ("estate", "est"),
    ("estates", "ests"),
    ("ests", "ests"),
    ("exp", "expy"),
    ("expr", "expy"),
    ("express", "expy"),
    ("expressway", "expy"),
    ("expw", "expy"),
    ("expy", "expy"),
    ("ext", "ext"),
    ("extension", "ext"),
    ("extensions", "exts"),
    ("extn", "ext"),
    ("extnsn", "ext"),
    ("exts", "exts"),
    ("fall", "fall"),
    ("falls", "fls"),
    ("ferry", "fry"),
    ("field", "fld"),
    ("fields", "flds"),
    ("flat", "flt"),
    ("flats", "flts"),
    ("fld", "fld"),
    ("flds", "flds"),
    ("fls", "fls"),
    ("flt", "flt"),
    ("flts", "flts"),
    ("ford", "frd"),
    ("fords", "frds"),
    ("forest", "frst"),
    ("forests", "frst"),
    ("forg", "frg"),
    ("forge", "frg"),
    ("forges", "frgs"),
    ("fork", "frk"),
    ("forks", "frks"),
    ("fort", "ft"),
    ("frd", "frd"),
    ("frds", "frds"),
    ("freeway", "fwy"),
    ("freewy", "fwy"),
    ("frg", "frg"),
    ("frgs", "frgs"),
    ("frk", "frk"),
    ("frks", "frks"),
    ("frry", "fry"),
    ("frst", "frst"),
    ("frt", "ft"),
    ("frway", "fwy"),
    ("frwy", "fwy"),
    ("fry", "fry"),
    ("ft", "ft"),
    ("fwy", "fwy"),
    ("garden", "gdn"),
    ("gardens", "gdns"),
    ("gardn", "gdn"),
    ("gateway", "gtwy"),
    ("gatewy", "gtwy"),
    ("gatway", "gtwy"),
    ("gdn", "gdn"),
    ("gdns", "gdns"),
    ("glen", "gln"),
    ("glens", "glns"),
    ("gln", "gln"),
    ("glns", "glns"),
    ("grden", "gdn"),
    ("grdn", "gdn"),
    ("grdns", "gdns"),
    ("green", "grn"),
    ("greens", "grns"),
    ("grn", "grn"),
    ("grns", "grns"),
    ("grov", "grv"),
    ("grove", "grv"),
    ("groves", "grvs"),
    ("grv", "grv"),
    ("grvs", "grvs"),
    ("gtway", "gtwy"),
    ("gtwy", "gtwy"),
    ("harb", "hbr"),
    ("harbor", "hbr"),
    ("harbors", "hbrs"),
    ("harbour", "hbr"),
    ("harbr", "hbr"),
    ("haven", "hvn"),
    ("hbr", "hbr"),
    ("hbrs", "hbrs"),
    ("heights", "hts"),
    ("hgts", "hts"),
    ("highway", "hwy"),
    ("highwy", "hwy"),
    ("hill", "hl"),
    ("hills", "hls"),
    ("hiway", "hwy"),
    ("hiwy", "hwy"),
    ("hl", "hl"),
    ("hllw", "holw"),
    ("hls", "hls"),
    ("hollow", "holw"),
    ("hollows", "holw"),
    ("holw", "holw"),
    ("holws", "holw"),
    ("hrbor", "hbr"),
    ("ht", "hts"),
    ("hts", "hts"),
    ("hvn", "hvn"),
    ("hway", "hwy"),
    ("hwy", "hwy"),
    ("inlet", "inlt"),
    ("inlt", "inlt"),
    ("is", "is"),
    ("island", "is"),
    ("islands", "iss"),
    ("isle", "isle"),
    ("isles", "isle"),
    ("islnd", "is"),
    ("islnds", "iss"),
    ("iss", "iss"),
    ("jct", "jct"),
    ("jction", "jct"),
    ("jctn", "jct"),
    ("jctns", "jcts"),
    ("jcts", "jcts"),
    ("junction", "jct"),
    ("junctions", "jcts"),
    ("junctn", "jct"),
    ("juncton", "jct"),
    ("key", "ky"),
    ("keys", "kys"),
    ("knl", "knl"),
    ("knls", "knls"),
    ("knol", "knl"),
    ("knoll", "knl"),
    ("knolls", "knls"),
    ("ky", "ky"),
    ("kys", "kys"),
    ("lake", "lk"),
    ("lakes", "lks"),
    ("land", "land"),
    ("landing", "lndg"),
    ("lane", "ln"),
    ("lck", "lck"),
    ("lcks", "lcks"),
    ("ldg", "ldg"),
    ("ldge", "ldg"),
    ("lf", "lf"),
    ("lgt", "lgt"),
    ("lgts", "lgts"),
    ("light", "lgt"),
    ("lights", "lgts"),
    ("lk", "lk"),
    ("lks", "lks"),
    ("ln", "ln"),
    ("lndg", "lndg"),
    ("lndng", "lndg"),
    ("loaf", "lf"),
    ("lock", "lck"),
    ("locks", "lcks"),
    ("lodg", "ldg"),
    ("lodge", "ldg"),
    ("loop", "loop"),
    ("loops", "loop"),
    ("mall", "mall"),
    ("manor", "mnr"),
    ("manors", "mnrs"),
    ("mdw", "mdw"),
    ("mdws", "mdws"),
    ("meadow", "mdw"),
    ("meadows", "mdws"),
    ("medows", "mdws"),
    ("mews", "mews"),
    ("mill", "ml"),
    ("mills", "mls"),
    ("mission", "msn"),
    ("missn", "msn"),
    ("ml", "ml"),
    ("mls", "mls"),
    ("mnr", "mnr"),
    ("mnrs", "mnrs"),
    ("mnt", "mt"),
    ("mntain", "mtn"),
    ("mntn", "mtn"),
    ("mntns", "mtns"),
    ("motorway", "mtwy"),
    ("mount", "mt"),
    ("mountain", "mtn"),
    ("mountains", "mtns"),
    ("mountin", "mtn"),
    ("msn", "msn"),
    ("mssn", "msn"),
    ("mt", "mt"),
    ("mtin", "mtn"),
    ("mtn", "mtn"),
    ("mtns", "mtns"),
    ("mtwy", "mtwy"),
    ("nck", "nck"),
    ("neck", "nck"),
    ("opas", "opas"),
    ("orch", "orch"),
    ("orchard", "orch"),
    ("orchrd", "orch"),
    ("oval", "oval"),
    ("overpass", "opas"),
    ("ovl", "oval"),
    ("parade", "pde"),
    ("park", "park"),
    ("parks", "park"),
    ("parkway", "pkwy"),
    ("parkways", "pkwy"),
    ("parkwy", "pkwy"),
    ("pass", "pass"),
    ("passage", "psge"),
    ("path", "path"),
    ("paths", "path"),
    ("pde", "pde"),
    ("pike", "pike"),
    ("pikes", "pike"),
    ("pine", "pne"),
    ("pines", "pnes"),
    ("pkway", "pkwy"),
    ("pkwy", "pkwy"),
    ("pkwys", "pkwy"),
    ("pky", "pkwy"),
    ("pl", "pl"),
    ("place", "pl"),
    ("plain", "pln"),
    ("plains", "plns"),
    ("plaza", "plz"),
    ("pln", "pln"),
    ("plns", "plns"),
    ("plz", "plz"),
    ("plza", "plz"),
    ("pne", "pne"),
    ("pnes", "pnes"),
    ("point", "pt"),
    ("points", "pts"),
    ("port", "prt"),
    ("ports", "prts"),
    ("pr", "pr"),
    ("prairie", "pr"),
    ("prk", "park"),
    ("prr", "pr"),
    ("prt", "prt"),
    ("prts", "prts"),
    ("psge", "psge"),
    ("pt", "pt"),
    ("pts", "pts"),
    ("rad", "radl"),
    ("radial", "radl"),
    ("radiel", "radl"),
    ("radl", "radl"),
    ("ramp", "ramp"),
    ("ranch", "rnch"),
    ("ranches", "rnch"),
    ("rapid", "rpd"),
    ("rapids", "rpds"),
    ("rd", "rd"),
    ("rdg", "rdg"),
    ("rdge", "rdg"),
    ("rdgs", "rdgs"),
    ("rds", "rds"),
    ("rest", "rst"),
    ("ridge", "rdg"),
    ("ridges", "rdgs"),
    ("riv", "riv"),
    ("river", "riv"),
    ("rivr", "riv"),
    ("rnch", "rnch"),
    ("rnchs", "rnch"),
    ("road", "rd"),
    ("roads", "rds"),
    ("route", "rte"),
    ("row", "row"),
    ("rpd", "rpd"),
    ("rpds", "rpds"),
    ("rst", "rst"),
    ("rte", "rte"),
    ("rue", "rue"),
    ("run", "run"),
    ("rvr", "riv"),
    ("shl", "shl"),
    ("shls", "shls"),
    ("shoal", "shl"),
    ("shoals", "shls"),
    ("shoar", "shr"),
    ("shoars", "shrs"),
    ("shore", "shr"),
    ("shores", "shrs"),
    ("shr", "shr"),
    ("shrs", "shrs"),
    ("skwy", "skwy"),
    ("skyway", "skwy"),
    ("smt", "smt"),
    ("spg", "spg"),
    ("spgs", "spgs"),
    ("spng", "spg"),
    ("spngs", "spgs"),
    ("spring", "spg"),
    ("springs", "spgs"),
    ("sprng", "spg"),
    ("sprngs", "spgs"),
    ("spur", "spur"),
    ("spurs", "spur"),
    ("sq", "sq"),
    ("sqr", "sq"),
    ("sqre", "sq"),
    ("sqrs", "sqs"),
    ("sqs", "sqs"),
    ("squ", "sq"),
    ("square", "sq"),
    ("squares", "sqs"),
    ("st", "st"),
    ("sta", "sta"),
    ("station", "sta"),
    ("statn", "sta"),
    ("stn", "sta"),
    ("str", "st"),
    ("stra", "stra"),
    ("strav", "stra"),
    ("straven", "stra"),
    ("stravenue", "stra"),
    ("stravn", "stra"),
    ("stream", "strm"),
    ("street", "st"),
    ("streets", "sts"),
    ("streme", "strm"),
    ("strm", "strm"),
    ("strt", "st"),
    ("strvn", "stra"),
    ("strvnue", "stra"),
    ("sts", "sts"),
    ("sumit", "smt"),
    ("sumitt", "smt"),
    ("summit", "smt"),
    ("ter", "ter"),
    ("terr", "ter"),
    ("terrace", "ter"),
    ("throughway", "trwy"),
    ("tpke", "tpke"),
    ("trace", "trce"),
    ("traces", "trce"),
    ("track", "trak"),
    ("tracks", "trak"),
    ("trafficway", "trfy"),
    ("trail", "trl"),
    ("trailer", "trlr"),
    ("trails", "trl"),
    ("trak", "trak"),
    ("trce", "trce"),
    ("trfy", "trfy"),
    ("trk", "trak"),
    ("trks", "trak"),
    ("trl", "trl"),
    ("trlr", "trlr"),
    ("trlrs", "trlr"),
    ("trls", "trl"),
    ("trnpk", "tpke"),
    ("trwy", "trwy"),
    ("tunel", "tunl"),
    ("tunl", "tunl"),
    ("tunls", "tunl"),
    ("tunnel", "tunl"),
    ("tunnels", "tunl"),
    ("tunnl", "tunl"),
    ("turnpike", "tpke"),
    ("turnpk", "tpke"),
    ("un", "un"),
    ("underpass", "upas"),
    ("union", "un"),
    ("unions", "uns"),
    ("uns", "uns"),
    ("upas", "upas"),
    ("valley", "vly"),
    ("valleys", "vlys"),
    ("vally", "vly"),
    ("vdct", "via"),
    ("via", "via"),
    ("viadct", "via"),
    ("viaduct", "via"),
    ("view", "vw"),
    ("views", "vws"),
    ("vill", "vlg"),
    ("villag", "vlg"),
    ("village", "vlg"),
    ("villages", "vlgs"),
    ("ville", "vl"),
    ("villg", "vlg"),
    ("villiage", "vlg"),
    ("vis", "vis"),
    ("vist", "vis"),
    ("vista", "vis"),
    ("vl", "vl"),
    ("vlg", "vlg"),
    ("vlgs", "vlgs"),
    ("vlly", "vly"),
    ("vly", "vly"),
    ("vlys", "vlys"),
    ("vst", "vis"),
    ("vsta", "vis"),
    ("vw", "vw"),
    ("vws", "vws"),
    ("walk", "walk"),
    ("walks", "walk"),
    ("wall", "wall"),
    ("way", "way"),
    ("ways", "ways"),
    ("well", "wl"),
    ("wells", "wls"),
    ("wl", "wl"),
    ("wls", "wls"),
    ("wy", "way"),
    ("xing", "xing"),
    ("xrd", "xrd"),
    ("xrds", "xrds"),
];
const REGIONS: &[(&str, &str)] = &[
    ("alabama", "al"),
    ("alaska", "ak"),
    ("alberta", "ab"),
    ("americansamoa", "as"),
    ("arizona", "az"),
    ("arkansas", "ar"),
    ("armedforcesamericas", "aa"),
    ("armedforceseurope", "ae"),
    ("armedforcespacific", "ap"),
    ("britishcolumbia", "bc"),
    ("calif", "ca"),
    ("california", "ca"),
    ("colorado", "co"),
    ("connecticut", "ct"),
    ("delaware", "de"),
    ("districtofcolumbia", "dc"),
    ("florida", "fl"),
    ("georgia", "ga"),
    ("guam", "gu"),
    ("hawaii", "hi"),
    ("idaho", "id"),
    ("illinois", "il"),
    ("indiana", "in"),
    ("iowa", "ia"),
    ("kansas", "ks"),
    ("kentucky", "ky"),
    ("louisiana", "la"),
    ("maine", "me"),
    ("manitoba", "mb"),
    ("maryland", "md"),
    ("mass", "ma"),
    ("massachusetts", "ma"),
    ("michigan", "mi"),
    ("minnesota", "mn"),
    ("mississippi", "ms"),
    ("missouri", "mo"),
    ("montana", "mt"),
    ("nebraska", "ne"),
    ("nevada", "nv"),
    ("newbrunswick", "nb"),
    ("newfoundland", "nl"),
    ("newfoundlandandlabrador", "nl"),
    ("newhampshire", "nh"),
    ("newjersey", "nj"),
    ("newmexico", "nm"),
    ("newyork", "ny"),
    ("northcarolina", "nc"),
    ("northdakota", "nd"),
    ("northernmarianaislands", "mp"),
    ("northwestterritories", "nt"),
    ("novascotia", "ns"),
    ("nunavut", "nu"),
    ("ohio", "oh"),
    ("oklahoma", "ok"),
    ("ontario", "on"),
    ("oregon", "or"),
    ("pennsylvania", "pa"),
    ("princeedwardisland", "pe"),
    ("puertorico", "pr"),
    ("quebec", "qc"),
    ("rhodeisland", "ri"),
    ("saskatchewan", "sk"),
    ("southcarolina", "sc"),
    ("southdakota", "sd"),
    ("tennessee", "tn"),
    ("texas", "tx"),
    ("usvirginislands", "vi"),
    ("utah", "ut"),
    ("vermont", "vt"),
    ("virginia", "va"),
    ("virginislands", "vi"),
    ("washington", "wa"),
    ("washingtondc", "dc"),
    ("westvirginia", "wv"),
    ("wisconsin", "wi"),
    ("wyoming", "wy"),
    ("yukon", "yt"),
    ("yukonterritory", "yt"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// (street, unit, postcode, country, expected key).
    const KEYS: &[(&str, &str, &str, &str, &str)] = &[
        ("12 North Main Street Apt 4", "", "", "", "12|n main st|4|"),
        ("12 N Main St #4", "", "", "", "12|n main st|4|"),
        ("12 N. Main St., Apt. 4", "", "", "", "12|n main st|4|"),
        ("12 N MAIN ST", "Unit 4", "", "", "12|n main st|4|"),
        ("12 N Main St", "#4", "", "", "12|n main st|4|"),
        ("Apt 4, 12 N Main St", "", "", "", "12|n main st|4|"),
        (
            "12 N Main St Apt 9",
            "Apartment 4",
            "",
            "",
            "12|n main st|4|",
        ),
        (
            "2807 Jennifer Stravenue Apartment 14B",
            "",
            "",
            "",
            "2807|jennifer stra|14b|",
        ),
        (
            "2807 Jennifer Stra #14b",
            "",
            "",
            "",
            "2807|jennifer stra|14b|",
        ),
        (
            "2807 Jennifer Stra",
            "Apt. 14-B",
            "",
            "",
            "2807|jennifer stra|14b|",
        ),
        (
            "2807 Jennifer Stra # 14 B",
            "",
            "",
            "",
            "2807|jennifer stra|14b|",
        ),
        ("3990 WEST MONICA TRACK", "", "", "", "3990|w monica trak||"),
        ("3990 W Monica Trak", "", "", "", "3990|w monica trak||"),
        ("100 Court Street", "", "", "", "100|court st||"),
        ("500 Main Street North West", "", "", "", "500|main st nw||"),
        ("500 Main St. N.W.", "", "", "", "500|main st nw||"),
        ("1 Northeast 5th Avenue", "", "", "", "1|ne 5th ave||"),
        ("1 North East Fifth Ave", "", "", "", "1|ne 5th ave||"),
        (
            "1600 Pennsylvania Avenue NW",
            "",
            "20500",
            "USA",
            "1600|pennsylvania ave nw||20500",
        ),
        (
            "1600 Pennsylvania Ave N.W.",
            "",
            "20500-0003",
            "",
            "1600|pennsylvania ave nw||20500",
        ),
        ("12 N Main St, Suite 300", "", "", "", "12|n main st|300|"),
        ("12 N Main St Ste. 300", "", "", "", "12|n main st|300|"),
        ("12 N Main St Rear", "", "", "", "12|n main st|rear|"),
        ("12 Front St", "", "", "", "12|front st||"),
        ("12-14 Elm Road", "", "", "", "12-14|elm rd||"),
        ("12B Elm Rd", "", "", "", "12b|elm rd||"),
        ("12 1/2 Elm Rd", "", "", "", "12 1/2|elm rd||"),
        (
            "4/12 Smith Street",
            "",
            "2000",
            "Australia",
            "12|smith st|4|2000",
        ),
        (
            "Hauptstraße 12",
            "",
            "10115",
            "Deutschland",
            "12|hauptstrasse||10115",
        ),
        ("Route 66", "", "", "", "|route 66||"),
        ("P.O. Box 123", "", "", "", "|po box 123||"),
        ("Post Office Box 123", "", "", "", "|po box 123||"),
        ("12 Saint Charles Avenue", "", "", "", "12|st charles ave||"),
        ("12 St. Charles Ave", "", "", "", "12|st charles ave||"),
        (
            "10 Downing Street",
            "",
            "sw1a2aa",
            "UK",
            "10|downing st||SW1A 2AA",
        ),
        (
            "24 Sussex Drive",
            "",
            "k1m1m4",
            "Canada",
            "24|sussex dr||K1M 1M4",
        ),
        ("7 Old Key Road", "", "", "", "7|old key rd||"),
        ("12 Main St Unit Rd", "", "", "", "12|main st unit rd||"),
        ("12 N Main St", "", "2139", "US", "12|n main st||02139"),
        ("12 N Main St", "", "2139", "", "12|n main st||2139"),
        ("12 N Main St", "", "021394307", "", "12|n main st||02139"),
        ("Flat 3, 12 High Street", "", "", "", "12|high st|3|"),
        ("12 Calle Mayor", "Piso 2", "", "", "12|calle mayor|piso2|"),
    ];

    #[test]
    fn address_keys() {
        for &(street, unit, postcode, country, want) in KEYS {
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let a = PostalAddress {
                street: opt(street),
                unit: opt(unit),
                postcode: opt(postcode),
                country: opt(country),
                ..PostalAddress::default()
            };
            let got = normalize_address(&a, None).map(|x| x.key());
            assert_eq!(got.as_deref(), Ok(want), "street {street:?} unit {unit:?}");
        }
    }

    /// (input, country, expected postcode and extension).
    type PostcodeCase = (
        &'static str,
        Option<&'static str>,
        Option<(&'static str, Option<&'static str>)>,
    );
    const POSTCODES: &[PostcodeCase] = &[
        ("02139-4307", Some("US"), Some(("02139", Some("4307")))),
        ("02139 4307", None, Some(("02139", Some("4307")))),
        ("021394307", Some("USA"), Some(("02139", Some("4307")))),
        ("21394307", Some("US"), Some(("02139", Some("4307")))),
        ("501", Some("US"), Some(("00501", None))),
        ("02139-43", Some("US"), Some(("02139", None))),
        ("ABCDE", Some("US"), Some(("ABCDE", None))),
        ("sw1a 1aa", Some("GB"), Some(("SW1A 1AA", None))),
        ("SW1A1AA", None, Some(("SW1A 1AA", None))),
        ("m1 1ae", Some("United Kingdom"), Some(("M1 1AE", None))),
        ("b33 8th", Some("GB"), Some(("B33 8TH", None))),
        ("cr2 6xh", Some("GB"), Some(("CR2 6XH", None))),
        ("dn55 1pt", Some("GB"), Some(("DN55 1PT", None))),
        ("w1a 0ax", Some("GB"), Some(("W1A 0AX", None))),
        ("ec1a 1bb", Some("GB"), Some(("EC1A 1BB", None))),
        ("12345", Some("GB"), Some(("12345", None))),
        ("k1a 0b1", Some("CA"), Some(("K1A 0B1", None))),
        ("K1A-0B1", None, Some(("K1A 0B1", None))),
        ("1234ab", Some("NL"), Some(("1234 AB", None))),
        ("10115", Some("DE"), Some(("10115", None))),
        ("75008", Some("France"), Some(("75008", None))),
        ("100-0001", Some("JP"), Some(("1000001", None))),
        ("01310-100", Some("BR"), Some(("01310100", None))),
        ("２０００", Some("AU"), Some(("2000", None))),
        ("", None, None),
        ("--", Some("US"), None),
    ];

    #[test]
    fn postcodes() {
        for &(input, country, want) in POSTCODES {
            let got = normalize_postcode(input, country);
            let want = want.map(|(p, e)| (p.to_string(), e.map(str::to_string)));
            assert_eq!(got, want, "input {input:?} country {country:?}");
        }
    }

    const COUNTRIES: &[(&str, Option<&str>)] = &[
        ("US", Some("US")),
        ("usa", Some("US")),
        ("U.S.A.", Some("US")),
        ("United States", Some("US")),
        ("united states of america", Some("US")),
        ("GB", Some("GB")),
        ("GBR", Some("GB")),
        ("Great Britain", Some("GB")),
        ("Scotland", Some("GB")),
        ("Germany", Some("DE")),
        ("France", Some("FR")),
        ("Spain", Some("ES")),
        ("Italia", Some("IT")),
        ("Brasil", Some("BR")),
        ("México", Some("MX")),
        ("Mexico", Some("MX")),
        ("Japan", Some("JP")),
        ("India", Some("IN")),
        ("CAN", Some("CA")),
        ("Australia", Some("AU")),
        ("The Netherlands", Some("NL")),
        ("South Korea", Some("KR")),
        ("Korea, Republic of", Some("KR")),
        ("Côte d'Ivoire", Some("CI")),
        ("Guinea-Bissau", Some("GW")),
        ("Saint Kitts and Nevis", Some("KN")),
        ("Zimbabwe", Some("ZW")),
        ("", None),
        ("Atlantis", None),
        ("XX", None),
    ];

    #[test]
    fn countries() {
        for &(input, want) in COUNTRIES {
            assert_eq!(country_code(input), want, "input {input:?}");
        }
    }

    #[test]
    fn country_data_is_consistent() {
        let codes: Vec<&str> = COUNTRY_CODES
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .collect();
        assert_eq!(codes.len(), 249);
        for line in COUNTRY_CODES.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 3, "{line}");
            assert_eq!(country_code(f[1]), Some(f[0]), "{line}");
            assert_eq!(country_code(f[2]), Some(f[0]), "{line}");
        }
        // No alias may point at two countries.
        let compact = crate::normalize::text::fold_compact;
        let mut all: Vec<(String, &str)> = COUNTRY_CODES
            .lines()
            .skip(1)
            .flat_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                [
                    (compact(f[0]), f[0]),
                    (compact(f[1]), f[0]),
                    (compact(f[2]), f[0]),
                ]
            })
            .collect();
        for line in COUNTRY_ALIASES.lines().skip(1) {
            let (alias, code) = line.rsplit_once(',').unwrap();
            assert!(codes.contains(&code), "{line}");
            all.push((compact(alias), code));
        }
        all.sort();
        for w in all.windows(2) {
            assert!(
                w[0].0 != w[1].0 || w[0].1 == w[1].1,
                "{:?} {:?}",
                w[0],
                w[1]
            );
        }
    }

    #[test]
    fn tables_are_sorted_and_suffixes_idempotent() {
        assert!(SUFFIXES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(REGIONS.windows(2).all(|w| w[0].0 < w[1].0));
        for &(_, std) in SUFFIXES {
            assert_eq!(suffix(std), Some(std));
            assert!(directional(std).is_none());
        }
    }

    #[test]
    fn street_standardization() {
        let cases = [
            ("North Main Street", "n main st"),
            ("Court Street", "court st"),
            ("Main Street Court", "main street ct"),
            ("North", "north"),
            ("North Street", "n st"),
            ("north east", "north e"),
            ("Avenue of the Americas", "avenue of the americas"),
            ("Stravenue", "stravenue"),
            ("Mount Vernon Parkway", "mt vernon pkwy"),
            ("Fort Hamilton Pkwy", "ft hamilton pkwy"),
            ("Jennifer STRAVENUE", "jennifer stra"),
            ("Lake Shore Drive South", "lake shore dr s"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(standardize_street(input), want, "{input:?}");
            assert_eq!(standardize_street(want), want, "idempotent {want:?}");
        }
    }

    #[test]
    fn other_parts() {
        let a = normalize_address(
            &PostalAddress::new()
                .with_street("12 N Main St")
                .with_city("Mount Pleasant")
                .with_region("South Carolina")
                .with_postcode("29464")
                .with_country("Narnia"),
            Some("US"),
        )
        .unwrap();
        assert_eq!(a.city.as_deref(), Some("mt pleasant"));
        assert_eq!(a.region.as_deref(), Some("sc"));
        assert_eq!(a.country, None);
        let b = normalize_address(
            &PostalAddress::new()
                .with_city("Québec")
                .with_region("Québec"),
            Some("CAN"),
        )
        .unwrap();
        assert_eq!(b.region.as_deref(), Some("qc"));
        assert_eq!(b.country.as_deref(), Some("CA"));
        assert_eq!(b.key(), "~quebec|qc|CA|");
    }

    #[test]
    fn rejects() {
        let empty = |a: PostalAddress| normalize_address(&a, Some("US"));
        assert_eq!(empty(PostalAddress::new()), Err(AddressError::Empty));
        assert_eq!(
            empty(PostalAddress::new().with_street(" ,.# ")),
            Err(AddressError::Empty)
        );
        assert_eq!(
            empty(PostalAddress::new().with_country("Narnia")),
            Err(AddressError::Empty)
        );
        let long = "a".repeat(1 << 20);
        assert_eq!(
            empty(PostalAddress::new().with_street(long.clone())),
            Err(AddressError::TooLong { part: "street" })
        );
        assert!(!AddressError::TooLong { part: "street" }
            .to_string()
            .contains('a'.to_string().repeat(2).as_str()));
        assert_eq!(country_code(&long), None);
    }
}
