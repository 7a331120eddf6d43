//! One-line addresses: a whole address written in one string, as many exports have it in a
//! single `address` column (`460 Bryant St Ste 100, San Francisco, CA 94107-1303`), split into
//! its street line, city, region, postcode and country.
//!
//! [`split_address`](crate::normalize::oneline::split_address) returns [`AddressParts`](crate::normalize::oneline::AddressParts): **slices of the input**, so no part holds text the
//! input did not have. What is not recognized stays in the street line, which is everything
//! before the city (house number, street, unit, and any building or recipient text). A part
//! that cannot be found is `None`. [`normalize_one_line`](crate::normalize::oneline::normalize_one_line) splits and then normalizes with
//! [`normalize_address`](crate::normalize::address::normalize_address), so that a one-line address and the same address given in separate
//! fields normalize alike.
//!
//! The address is read from its end. Commas, semicolons, `|` and line breaks separate
//! *segments*; spaces and brackets separate words.
//!
//! 1. **Country**: the last one to four words, when [`country_code`](crate::normalize::address::country_code) knows them (`USA`,
//!    `United Kingdom`, `Deutschland`, `France`). A state or province name is not a country
//!    (`Georgia`, `New Mexico`). A code of two or three letters counts only when a postcode, a
//!    region or a postcode-before-city ends what comes before it (`IL 60606 US`,
//!    `10115 Berlin, DE`), when it repeats the name before it (`United States US`), or when it
//!    stands in its own segment after at least two others (`10 Downing Street, London, UK`); a
//!    code that is also a US state, Canadian province or Australian state (`CA`, `DE`, `IN`,
//!    `NE`) or a directional (`SE`) needs the postcode, and so does a street type (`ST`, `PL`)
//!    not set apart by a comma (`925 W Georgia St`).
//! 2. **Postcode last, after an optional region** (US, Canada, Australia, UK):
//!
//! | shape at the end | postcode | region before it | country inferred |
//! |---|---|---|---|
//! | `94107`, `94107-1303`, `941071303` | ZIP / ZIP+4 | US state (code or name) | US with a state, or for ZIP+4 alone; none for a bare 5 digits |
//! | `1701`, `1701-2345` (3 or 4 digits, with or without the +4) | a ZIP that lost its zeros | US state, required | US |
//! | `2010` (4 digits) | Australian postcode | `NSW`, `VIC`, `QLD`, `SA`, `WA`, `TAS`, `NT`, `ACT` or the name, required | AU |
//! | `K1A 0B1`, `K1A0B1` | Canadian postal code | province code or name (`ON`, `Québec`) | CA |
//! | `SW1A 1AA`, `M1 1AE`, `SW1A1AA` | UK postcode | none | GB |
//!
//!    `WA` (Washington or Western Australia) and `NT` (Northwest Territories or Northern
//!    Territory) are told apart by the postcode; alone they leave the country unknown. A region
//!    without a postcode counts only after a city (`310 Boulevard East, Weehawken, NJ`,
//!    `123 Main St Springfield IL`); a state *name* then needs a comma before it, and a code
//!    that is also an English word (`IN`, `OR`, `ME`, `HI`, `OK`, `OH`, `ID`, `ON`, `ACT`) must be
//!    written in capitals or stand in its own segment. After a city in its own segment, two
//!    letters alone before a ZIP are the state even when no state has them (`…, Chicago, lL
//!    60603`), and 6 to 10 digits after a US state code are a mistyped ZIP (`…, Chicago, IL
//!    6065460610`), kept as the postcode.
//! 3. **Postcode before the city** (Germany, France and most of Europe): a 5-digit postcode (or
//!    `D-10115`), then one or more words of the city (`Hauptstraße 12, 10115 Berlin`,
//!    `12 rue de Rivoli 75001 Paris`, `75008 Paris Cedex 08`); a 4-digit one only at the start of
//!    a segment (`Stephansplatz 1, 1010 Wien`), and the Dutch `1015 CJ Amsterdam`. Something must
//!    come before the postcode, and not a unit, box or route word (`Suite 10115 …` is no
//!    postcode). The country is left unknown (5 digits before a city fit a dozen countries),
//!    except for the Dutch shape (`NL`).
//! 4. **City before the region or postcode**: the last segment, when there are several and it
//!    has no digit (`…, Ste 1725, Chicago, IL 60602`); else the words after the end of the
//!    street: after a unit (`# 221`, `Ste 450`, or `Unit` left without its identifier), a box
//!    number (`PO Box 637`), a word with a digit (`Condo D1`), or a street type with its
//!    directional (`Trl`, `Ave SW`), whichever is last (`3524 Timber Ridge Trl Cedar Rapids IA
//!    52411` → `Cedar Rapids`); a street type after a diagonal post-directional is the city's
//!    (`193 Oak Hill Dr NE Grand Rapids`). `St`, `Ft`, `Mt`
//!    right after a street type or a number start the city (`… Center St Paul MN`). A lone
//!    letter that is no directional is a unit, never a city's first word (`720 10th Ave SW A
//!    Mount Vernon`, `Unit K, L Cedar Rapids`, `Box 103 A Rio`); so is a directional letter
//!    after a bare unit number (`1024 Randolph 1 N Oak Park` → unit `1n`, so the key keeps it),
//!    a building designator after a unit (`Rm 623 Dorrance Bldg Camden`) and `Ground Floor`. A
//!    letter after a street type starts the city when the street has a directional before its
//!    name already (`224 S Cedar Ave S Pittsburg`). Words without digits before the house number
//!    (a recipient or company: `John Stevens 1320 W Webster Chicago IL`, `Jane Roe, MD 12605
//!    Lapis Ln Oklahoma City OK`) are read past when a street follows the number (a directional
//!    and a name, or a name and a type). A state's name in its own segment before its own code
//!    is neither city nor region (`Roswell, Georgia, GA 30075` → `Roswell`); a state code
//!    written after the street and before the city, with none before the ZIP, is the region
//!    (`101 E Market St Unit 17 CA Long Beach 90807`; not `La`, `De`, `Mt`). A part
//!    without digits before a region is the city as a whole (`Chicago IL 60606`). A street
//!    written without its type, when a postcode, a state name or a region code set apart
//!    (comma, or capitals after words that are not) ends the line: house number, optional
//!    directional, one name word (`27 Washington Oak Park IL 60302` → `Oak Park`), with a
//!    vowelless abbreviation after it kept (`Imperial Hgwy`); refused, the street line keeping
//!    every word, when the name runs on (`Via de la Paz`, `Dr Martin Luther King`) or a
//!    single-letter directional follows it (`… N Palm Beach`).
//! 5. **No postcode or region**: with several segments, the last one is the city when the first
//!    holds a digit or ends with a street type (`San Luis Street, Avila Beach`) and the last is a
//!    name (no digit, unit, street type or directional, not a
//!    building: `123 Main St, Springfield`; not `1180 Peachtree St, NE`,
//!    `15955 Frederick Rd, The Reed`); in one segment, the words after a street type or after a
//!    PO box number when they can only be a city (`PO Box 1128 Lake Villa`).
//!
//! Input longer than [`MAX_PART_LEN`](crate::normalize::address::MAX_PART_LEN) bytes is rejected ([`AddressError::TooLong`](crate::normalize::address::AddressError::TooLong) for
//! `street`), blank input with [`AddressError::Empty`](crate::normalize::address::AddressError::Empty); time is linear in the input. `Debug`
//! never shows address text.
//!
//! ```
//! use selfsame::normalize::oneline::split_address;
//! let p = split_address("460 Bryant St Ste 100, San Francisco, CA 94107-1303").unwrap();
//! assert_eq!(p.street, Some("460 Bryant St Ste 100"));
//! assert_eq!((p.city, p.region, p.postcode), (Some("San Francisco"), Some("CA"), Some("94107-1303")));
//! assert_eq!(p.country_code, Some("US"));
//! let de = split_address("Hauptstraße 12, 10115 Berlin").unwrap();
//! assert_eq!((de.street, de.postcode, de.city, de.country_code), (Some("Hauptstraße 12"), Some("10115"), Some("Berlin"), None));
//! ```

use std::fmt;

use smallvec::SmallVec;

use crate::normalize::address::{
    country_code, normalize_address, ordinal, region_name_code, Address, AddressError, MAX_PART_LEN,
};
use crate::normalize::text::fold;
use crate::PostalAddress;

/// The parts of a one-line address, each a slice of the input (`None` when not found); see the
/// [module docs](self) for the rules.
///
/// `Debug` prints which parts were found, never their text.
///
/// ```
/// use selfsame::normalize::oneline::split_address;
/// let p = split_address("10 Downing Street, London SW1A 2AA").unwrap();
/// assert_eq!((p.street, p.city, p.postcode), (Some("10 Downing Street"), Some("London"), Some("SW1A 2AA")));
/// assert_eq!((p.region, p.country, p.country_code), (None, None, Some("GB")));
/// assert_eq!(format!("{p:?}"), "AddressParts { street, city, postcode, country_code: GB }");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct AddressParts<'a> {
    /// House number, street, unit and whatever else precedes the city, as written.
    pub street: Option<&'a str>,
    /// City or locality.
    pub city: Option<&'a str>,
    /// State, province or region (a US state, Canadian province or Australian state).
    pub region: Option<&'a str>,
    /// Postcode as written (`94107-1303`, `SW1A 2AA`).
    pub postcode: Option<&'a str>,
    /// Country as written (`USA`, `Deutschland`).
    pub country: Option<&'a str>,
    /// ISO 3166-1 alpha-2 code of the written country, or else the one the postcode and region
    /// leave no doubt about (see the module table); `None` otherwise.
    pub country_code: Option<&'static str>,
}

impl fmt::Debug for AddressParts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AddressParts {")?;
        let names = [
            ("street", self.street),
            ("city", self.city),
            ("region", self.region),
            ("postcode", self.postcode),
            ("country", self.country),
        ];
        let mut first = true;
        for (name, part) in names {
            if part.is_some() {
                f.write_str(if first { " " } else { ", " })?;
                f.write_str(name)?;
                first = false;
            }
        }
        if let Some(c) = self.country_code {
            f.write_str(if first { " " } else { ", " })?;
            write!(f, "country_code: {c}")?;
        }
        f.write_str(" }")
    }
}

impl AddressParts<'_> {
    /// The parts as a [`PostalAddress`] (the written country only, not an inferred one), ready
    /// for [`normalize_address`].
    ///
    /// ```
    /// use selfsame::normalize::oneline::split_address;
    /// let a = split_address("12 Main St, Springfield, IL 62701").unwrap().to_postal_address();
    /// assert_eq!(a.street.as_deref(), Some("12 Main St"));
    /// assert_eq!(a.postcode.as_deref(), Some("62701"));
    /// assert_eq!(a.country, None);
    /// ```
    pub fn to_postal_address(&self) -> PostalAddress {
        let own = |p: Option<&str>| p.map(str::to_string);
        PostalAddress {
            street: own(self.street),
            unit: None,
            city: own(self.city),
            region: own(self.region),
            postcode: own(self.postcode),
            country: own(self.country),
        }
    }

    /// Whether anything besides the street line was found.
    ///
    /// ```
    /// use selfsame::normalize::oneline::split_address;
    /// assert!(split_address("12 Main St, Springfield, IL").unwrap().is_split());
    /// assert!(!split_address("12 Main St Apt 4").unwrap().is_split());
    /// ```
    pub fn is_split(&self) -> bool {
        self.city.is_some()
            || self.region.is_some()
            || self.postcode.is_some()
            || self.country.is_some()
    }
}

/// Splits one address string into street line, city, region, postcode and country (see the
/// [module docs](self) for the rules). Never invents: every part is a slice of `s`, and what is
/// not recognized stays in the street line.
///
/// Fails with [`AddressError::TooLong`] (part `street`) above [`MAX_PART_LEN`] bytes and with
/// [`AddressError::Empty`] when `s` has no letter or digit.
///
/// ```
/// use selfsame::normalize::oneline::split_address;
/// use selfsame::normalize::address::AddressError;
/// let p = split_address("3524 Timber Ridge Trl Cedar Rapids IA 52411").unwrap();
/// assert_eq!((p.street, p.city, p.region), (Some("3524 Timber Ridge Trl"), Some("Cedar Rapids"), Some("IA")));
/// let ca = split_address("5-1234 Main St, Toronto, ON M5V 2T6, Canada").unwrap();
/// assert_eq!((ca.city, ca.region, ca.postcode, ca.country), (Some("Toronto"), Some("ON"), Some("M5V 2T6"), Some("Canada")));
/// let au = split_address("4/12 Smith St Surry Hills NSW 2010").unwrap();
/// assert_eq!((au.street, au.city, au.country_code), (Some("4/12 Smith St"), Some("Surry Hills"), Some("AU")));
/// let fr = split_address("12 rue de Rivoli 75001 Paris").unwrap();
/// assert_eq!((fr.street, fr.postcode, fr.city), (Some("12 rue de Rivoli"), Some("75001"), Some("Paris")));
/// // Nothing after the street: the whole line is the street.
/// assert_eq!(split_address("1180 Peachtree Street, NE").unwrap().street, Some("1180 Peachtree Street, NE"));
/// assert_eq!(split_address(" , "), Err(AddressError::Empty));
/// ```
pub fn split_address(s: &str) -> Result<AddressParts<'_>, AddressError> {
    if s.len() > MAX_PART_LEN {
        return Err(AddressError::TooLong { part: "street" });
    }
    let toks = tokenize(s);
    if toks.iter().all(|t| t.key.len == 0 && !t.key.other) {
        return Err(AddressError::Empty);
    }
    let mut parts = AddressParts::default();
    let mut end = toks.len();
    if let Some((start, code)) = trailing_country(s, &toks, end) {
        // `United States US`: the same country twice.
        let first = trailing_country(s, &toks, start)
            .filter(|(_, c)| *c == code)
            .map_or(start, |(a, _)| a);
        parts.country = trimmed(s, &toks, first, end);
        parts.country_code = Some(code);
        end = first;
    }
    let found = tail_a(&toks, end).or_else(|| tail_b(&toks, end, parts.country_code));
    let street_end = match found {
        Some(tail) => {
            parts.postcode = tail.postcode.and_then(|(a, b)| trimmed(s, &toks, a, b));
            parts.region = tail.region.and_then(|(a, b)| trimmed(s, &toks, a, b));
            parts.city = tail.city.and_then(|(a, b)| trimmed(s, &toks, a, b));
            parts.country_code = parts.country_code.or(tail.country);
            tail.street_end
        }
        None => match last_segment_city(&toks[..end]).or_else(|| city_after_street(&toks[..end])) {
            Some(c) => {
                parts.city = trimmed(s, &toks, c, end);
                c
            }
            None => end,
        },
    };
    // Punctuation alone is no street.
    parts.street = span(s, &toks, 0, street_end).filter(|t| t.chars().any(char::is_alphanumeric));
    Ok(parts)
}

/// Splits a one-line address ([`split_address`]) and normalizes the parts
/// ([`normalize_address`]), so that it gives the same key, city, region and postcode as the
/// address given in separate fields. The country is the written one, else the one the
/// postcode and region leave no doubt about, else `default_country`.
///
/// ```
/// use selfsame::normalize::{address::normalize_address, oneline::normalize_one_line};
/// use selfsame::PostalAddress;
/// let one = normalize_one_line("460 Bryant St Ste 100, San Francisco, CA 94107-1303", None).unwrap();
/// let parts = normalize_address(&PostalAddress::new().with_street("460 Bryant Street Suite 100")
///     .with_city("San Francisco").with_region("California").with_postcode("94107"), None).unwrap();
/// assert_eq!(one.key(), parts.key());
/// assert_eq!((one.city, one.region), (parts.city, parts.region));
/// assert_eq!(one.country.as_deref(), Some("US"));
/// let de = normalize_one_line("Hauptstraße 12, 10115 Berlin", Some("DE")).unwrap();
/// assert_eq!(de.key(), "12|hauptstr||10115");
/// assert_eq!(de.city.as_deref(), Some("berlin"));
/// ```
pub fn normalize_one_line(s: &str, default_country: Option<&str>) -> Result<Address, AddressError> {
    let parts = split_address(s)?;
    let default = parts.country_code.or(default_country);
    normalize_address(&parts.to_postal_address(), default)
}

/// Splits a street line that carries the rest of the address (no city, no postcode) into its
/// parts ([`split_address`]); the address's own unit, region and country win. Left as it is
/// when nothing besides the street is found.
pub(crate) fn split_one_line(addr: &mut PostalAddress) {
    let blank = |p: &Option<String>| p.as_deref().is_none_or(|v| v.trim().is_empty());
    if !blank(&addr.city) || !blank(&addr.postcode) {
        return;
    }
    let Some(line) = addr.street.as_deref() else {
        return;
    };
    let Ok(parts) = split_address(line) else {
        return;
    };
    if !parts.is_split() {
        return;
    }
    let own = |p: Option<&str>| p.map(str::to_owned);
    let (street, city, postcode) = (own(parts.street), own(parts.city), own(parts.postcode));
    let (region, country) = (own(parts.region), own(parts.country));
    addr.street = street;
    addr.city = city;
    addr.postcode = postcode;
    if blank(&addr.region) {
        addr.region = region;
    }
    if blank(&addr.country) {
        addr.country = country;
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens.

/// Longest word key kept; longer words never match a table.
const KEY_CAP: usize = 32;

/// A word's lower-case ASCII letters and digits, for table look-ups without allocation.
#[derive(Clone, Copy)]
struct Key {
    b: [u8; KEY_CAP],
    len: u8,
    /// Letters that are not ASCII even after folding (Thai, Persian…), or a key cut short: the
    /// word never matches a table.
    other: bool,
    digits: u8,
}

impl Key {
    fn new(raw: &str) -> Key {
        let mut k = Key {
            b: [0; KEY_CAP],
            len: 0,
            other: false,
            digits: 0,
        };
        if raw.is_ascii() {
            k.extend(raw.bytes());
        } else {
            let folded = fold(raw);
            k.other = !folded.is_ascii();
            k.extend(folded.bytes());
        }
        k
    }

    fn extend(&mut self, bytes: impl Iterator<Item = u8>) {
        for b in bytes.filter(u8::is_ascii_alphanumeric) {
            if b.is_ascii_digit() {
                self.digits = self.digits.saturating_add(1);
            }
            match self.b.get_mut(usize::from(self.len)) {
                Some(slot) => {
                    *slot = b.to_ascii_lowercase();
                    self.len += 1;
                }
                None => self.other = true,
            }
        }
    }

    /// The key, or `""` when it cannot match a table.
    fn as_str(&self) -> &str {
        if self.other {
            return "";
        }
        self.b
            .get(..usize::from(self.len))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    fn bytes(&self) -> &[u8] {
        self.as_str().as_bytes()
    }

    fn has_digit(&self) -> bool {
        self.digits > 0
    }

    fn all_digits(&self, n: usize) -> bool {
        !self.other && usize::from(self.len) == n && usize::from(self.digits) == n
    }
}

/// A word of the input: its byte span, segment number and key.
#[derive(Clone, Copy)]
struct Tok<'a> {
    raw: &'a str,
    start: usize,
    end: usize,
    seg: u32,
    key: Key,
}

impl Tok<'_> {
    fn k(&self) -> &str {
        self.key.as_str()
    }

    /// `#`, `#4`.
    fn hash(&self) -> bool {
        self.raw.starts_with(['#', '\u{ff03}'])
    }

    fn upper(&self) -> bool {
        self.raw.bytes().any(|b| b.is_ascii_uppercase())
            && !self.raw.bytes().any(|b| b.is_ascii_lowercase())
    }
}

fn is_segment_break(c: char) -> bool {
    matches!(c, ',' | ';' | '|' | '\n' | '\r' | '，' | '،' | '、')
}

fn is_word_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '"' | '<' | '>')
}

fn tokenize(s: &str) -> SmallVec<[Tok<'_>; 24]> {
    fn push<'a>(out: &mut SmallVec<[Tok<'a>; 24]>, s: &'a str, a: usize, b: usize, seg: u32) {
        if let Some(raw) = s.get(a..b) {
            out.push(Tok {
                raw,
                start: a,
                end: b,
                seg,
                key: Key::new(raw),
            });
        }
    }
    let mut out = SmallVec::new();
    let mut seg = 0u32;
    let mut start: Option<usize> = None;
    // An annotation in parentheses or brackets (`(east side)`, `[do not use]`) is no word of
    // the address: skipped up to its closing bracket.
    let mut skip_to = 0;
    for (i, c) in s.char_indices() {
        if i < skip_to {
            continue;
        }
        if let Some(close) = match c {
            '(' => Some(')'),
            '[' => Some(']'),
            _ => None,
        } {
            let inner = s.get(i + 1..).and_then(|r| r.find(close).map(|n| &r[..n]));
            // A province in brackets (`Montréal (Québec)`) is the region, no annotation.
            let region = |t: &str| {
                let k = Key::new(t);
                region_name(k.as_str()).is_some() || region_code(k.as_str()).is_some()
            };
            let annotation = |t: &&str| crate::normalize::address::is_annotation(t) && !region(t);
            if let Some(inner) = inner.filter(annotation) {
                if let Some(a) = start.take() {
                    push(&mut out, s, a, i, seg);
                }
                skip_to = i + 1 + inner.len() + 1;
                continue;
            }
        }
        let brk = is_segment_break(c);
        if brk || is_word_break(c) {
            if let Some(a) = start.take() {
                push(&mut out, s, a, i, seg);
            }
            if brk {
                seg += 1;
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        push(&mut out, s, a, s.len(), seg);
    }
    out
}

/// The input from the start of word `a` to the end of word `b - 1`.
fn span<'a>(s: &'a str, toks: &[Tok<'_>], a: usize, b: usize) -> Option<&'a str> {
    if a >= b {
        return None;
    }
    let (x, y) = (toks.get(a)?, toks.get(b - 1)?);
    s.get(x.start..y.end).filter(|t| !t.is_empty())
}

/// [`span`] without the punctuation at either end (`Chicago.` → `Chicago`).
fn trimmed<'a>(s: &'a str, toks: &[Tok<'_>], a: usize, b: usize) -> Option<&'a str> {
    span(s, toks, a, b)
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
}

// ---------------------------------------------------------------------------------------------
// Tables.

const US: u8 = 1;
const CA: u8 = 2;
const AU: u8 = 4;

/// Region codes: (key, countries, also an English word).
const REGION_CODES: &[(&str, u8, bool)] = &[
    ("aa", US, true),
    ("ab", CA, false),
    ("act", AU, true),
    ("ae", US, true),
    ("ak", US, false),
    ("al", US, false),
    ("ap", US, true),
    ("ar", US, false),
    ("as", US, true),
    ("az", US, false),
    ("bc", CA, false),
    ("ca", US, false),
    ("co", US, false),
    ("ct", US, false),
    ("dc", US, false),
    ("de", US, false),
    ("fl", US, false),
    ("fm", US, false),
    ("ga", US, false),
    ("gu", US, false),
    ("hi", US, true),
    ("ia", US, false),
    ("id", US, true),
    ("il", US, false),
    ("in", US, true),
    ("ks", US, false),
    ("ky", US, false),
    ("la", US, false),
    ("ma", US, false),
    ("mb", CA, false),
    ("md", US, false),
    ("me", US, true),
    ("mh", US, false),
    ("mi", US, false),
    ("mn", US, false),
    ("mo", US, false),
    ("mp", US, false),
    ("ms", US, false),
    ("mt", US, false),
    ("nb", CA, false),
    ("nc", US, false),
    ("nd", US, false),
    ("ne", US, false),
    ("nh", US, false),
    ("nj", US, false),
    ("nl", CA, false),
    ("nm", US, false),
    ("ns", CA, false),
    ("nsw", AU, false),
    ("nt", CA | AU, false),
    ("nu", CA, false),
    ("nv", US, false),
    ("ny", US, false),
    ("oh", US, true),
    ("ok", US, true),
    ("on", CA, true),
    ("or", US, true),
    ("pa", US, false),
    ("pe", CA, false),
    ("pr", US, false),
    ("pw", US, false),
    ("qc", CA, false),
    ("qld", AU, false),
    ("ri", US, false),
    ("sa", AU, false),
    ("sc", US, false),
    ("sd", US, false),
    ("sk", CA, false),
    ("tas", AU, false),
    ("tn", US, false),
    ("tx", US, false),
    ("ut", US, false),
    ("va", US, false),
    ("vi", US, false),
    ("vic", AU, false),
    ("vt", US, false),
    ("wa", US | AU, false),
    ("wi", US, false),
    ("wv", US, false),
    ("wy", US, false),
    ("yt", CA, false),
];

/// Region names, compact keys (words joined), with their countries.
const REGION_NAMES: &[(&str, u8)] = &[
    ("alabama", US),
    ("alaska", US),
    ("alberta", CA),
    ("americansamoa", US),
    ("arizona", US),
    ("arkansas", US),
    ("australiancapitalterritory", AU),
    ("britishcolumbia", CA),
    ("cal", US),
    ("calif", US),
    ("california", US),
    ("colorado", US),
    ("connecticut", US),
    ("delaware", US),
    ("districtofcolumbia", US),
    ("florida", US),
    ("georgia", US),
    ("guam", US),
    ("hawaii", US),
    ("idaho", US),
    ("illinois", US),
    ("indiana", US),
    ("iowa", US),
    ("kansas", US),
    ("kentucky", US),
    ("louisiana", US),
    ("maine", US),
    ("manitoba", CA),
    ("maryland", US),
    ("mass", US),
    ("massachusetts", US),
    ("michigan", US),
    ("minnesota", US),
    ("mississippi", US),
    ("missouri", US),
    ("montana", US),
    ("nebraska", US),
    ("nevada", US),
    ("newbrunswick", CA),
    ("newfoundland", CA),
    ("newfoundlandandlabrador", CA),
    ("newhampshire", US),
    ("newjersey", US),
    ("newmexico", US),
    ("newsouthwales", AU),
    ("newyork", US),
    ("northcarolina", US),
    ("northdakota", US),
    ("northernmarianaislands", US),
    ("northernterritory", AU),
    ("northwestterritories", CA),
    ("novascotia", CA),
    ("nunavut", CA),
    ("ohio", US),
    ("oklahoma", US),
    ("ontario", CA),
    ("oregon", US),
    ("pennsylvania", US),
    ("princeedwardisland", CA),
    ("puertorico", US),
    ("quebec", CA),
    ("queensland", AU),
    ("rhodeisland", US),
    ("saskatchewan", CA),
    ("southaustralia", AU),
    ("southcarolina", US),
    ("southdakota", US),
    ("tasmania", AU),
    ("tennessee", US),
    ("texas", US),
    ("usvirginislands", US),
    ("utah", US),
    ("vermont", US),
    ("victoria", AU),
    ("virginia", US),
    ("virginislands", US),
    ("washington", US),
    ("westernaustralia", AU),
    ("westvirginia", US),
    ("wisconsin", US),
    ("wyoming", US),
    ("yukon", CA),
];

/// Street types that end a street and seldom begin a city name.
const STREET_TYPES: &[&str] = &[
    "alley",
    "aly",
    "av",
    "ave",
    "avenue",
    "blvd",
    "boulevard",
    "cir",
    "circle",
    "close",
    "court",
    "cres",
    "crescent",
    "crt",
    "ct",
    "cv",
    "dr",
    "drive",
    "expressway",
    "expy",
    "freeway",
    "fwy",
    "highway",
    "hwy",
    "lane",
    "ln",
    "loop",
    "parkway",
    "pkwy",
    "pky",
    "pl",
    "place",
    "plz",
    "rd",
    "road",
    "sq",
    "square",
    "st",
    "str",
    "street",
    "ter",
    "terrace",
    "tpke",
    "trail",
    "trl",
    "turnpike",
    "way",
    "wy",
];

/// Unit designators that take an identifier.
const UNIT_WORDS: &[&str] = &[
    "apartment",
    "apt",
    "bld",
    "bldg",
    "bldng",
    "blg",
    "building",
    "department",
    "dept",
    "fl",
    "flat",
    "floor",
    "flr",
    "lot",
    "lvl",
    "no",
    "number",
    "ofc",
    "office",
    "pmb",
    "rm",
    "room",
    "space",
    "spc",
    "ste",
    "suite",
    "trailer",
    "trlr",
    "unit",
];

/// Words after which a number is not a postcode.
const NUMBER_WORDS: &[&str] = &[
    "box",
    "drawer",
    "hc",
    "highway",
    "hwy",
    "interstate",
    "pob",
    "route",
    "rr",
    "rt",
    "rte",
];

/// Words that name a building, not a city.
const BUILDING_WORDS: &[&str] = &[
    "apartments",
    "apts",
    "building",
    "bldg",
    "center",
    "centre",
    "condo",
    "condos",
    "hall",
    "house",
    "lofts",
    "office",
    "offices",
    "plaza",
    "the",
    "tower",
    "towers",
];

fn directional(k: &str) -> bool {
    matches!(
        k,
        "n" | "s"
            | "e"
            | "w"
            | "ne"
            | "nw"
            | "se"
            | "sw"
            | "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
    )
}

/// Names that follow `St` / `Saint` in city names (`St Louis`, `St Paul`).
const SAINT_NAMES: &[&str] = &[
    "albans",
    "augustine",
    "charles",
    "clair",
    "cloud",
    "francis",
    "george",
    "helena",
    "james",
    "john",
    "johns",
    "joseph",
    "louis",
    "lucie",
    "marys",
    "matthews",
    "paul",
    "peter",
    "peters",
    "petersburg",
    "simons",
];

/// Street types of Australian, British and Canadian addresses that USPS Publication 28 lacks
/// (Australia Post's list among them), read after a street name in a line without commas.
const OTHER_STREET_TYPES: &[&str] = &[
    "artery",
    "brow",
    "centreway",
    "chase",
    "circuit",
    "concourse",
    "copse",
    "cross",
    "esplanade",
    "fairway",
    "firetrail",
    "foreshore",
    "glade",
    "grange",
    "laneway",
    "meander",
    "mew",
    "mews",
    "outlook",
    "parade",
    "plateau",
    "pocket",
    "promenade",
    "quadrant",
    "quay",
    "retreat",
    "ridgeway",
    "rise",
    "sidestreet",
    "steps",
    "strip",
    "tollway",
    "track",
    "triangle",
    "trunkway",
];

/// Road types of Australia Post's list (AS 4590) that USPS Publication 28 and
/// [`OTHER_STREET_TYPES`] lack, read after a street name only in an Australian address (`12
/// Smith Amble Smithfield NSW 2164`). Those that also begin Australian place names (`Little
/// Bay`, `Upper Coomera`, `Top Ryde`) are in [`CITY_FIRST_WORDS`].
const AU_STREET_TYPES: &[&str] = &[
    "access",
    "alleyway",
    "amble",
    "anchorage",
    "approach",
    "basin",
    "brace",
    "brae",
    "byway",
    "circlet",
    "circus",
    "colonnade",
    "corso",
    "courtyard",
    "crossway",
    "cruiseway",
    "cutting",
    "dell",
    "deviation",
    "distributor",
    "driveway",
    "edge",
    "elbow",
    "entrance",
    "follow",
    "footway",
    "formation",
    "frontage",
    "gate",
    "gates",
    "gully",
    "highroad",
    "interchange",
    "intersection",
    "lees",
    "little",
    "lookout",
    "lower",
    "nook",
    "parklands",
    "pathway",
    "piazza",
    "quadrangle",
    "quays",
    "ramble",
    "range",
    "reserve",
    "ring",
    "riverway",
    "riviera",
    "roadway",
    "ronde",
    "rosebowl",
    "rotary",
    "round",
    "siding",
    "slope",
    "strand",
    "subway",
    "tarn",
    "thoroughfare",
    "top",
    "tor",
    "upper",
    "vale",
    "walkway",
    "wharf",
];

/// A street type of the full tables: USPS Publication 28, [`OTHER_STREET_TYPES`], and in an
/// Australian address [`AU_STREET_TYPES`].
fn full_street_type(k: &str, au: bool) -> bool {
    crate::normalize::address::suffix(k).is_some()
        || OTHER_STREET_TYPES.contains(&k)
        || (au && AU_STREET_TYPES.binary_search(&k).is_ok())
}

/// Street-type words that also begin city names (`Lake Forest`, `Port Hueneme`, `Mount
/// Vernon`, `Garden City`): after a street name without a type, they start the city.
const CITY_FIRST_WORDS: &[&str] = &[
    "beach", "cape", "center", "city", "crest", "edge", "falls", "forest", "fort", "ft", "garden",
    "grand", "harbor", "harbour", "haven", "island", "junction", "key", "lake", "lakes", "little",
    "lk", "lower", "mill", "mills", "mount", "mountain", "mt", "plains", "port", "river", "rock",
    "round", "shores", "spring", "springs", "station", "top", "union", "upper", "valley",
    "village", "vista",
];

/// Street words weaker than [`STREET_TYPES`]: they end a street only when no street type
/// or unit does (`8845 Deer Park Cedar Rapids`), since cities have them too (`Park Ridge`).
fn weak_street_type(k: &str) -> bool {
    matches!(
        k,
        "bay"
            | "bend"
            | "bluff"
            | "brook"
            | "canyon"
            | "center"
            | "commons"
            | "cove"
            | "creek"
            | "crk"
            | "crossing"
            | "ctr"
            | "estates"
            | "glen"
            | "green"
            | "grove"
            | "grv"
            | "heights"
            | "hill"
            | "hills"
            | "hl"
            | "hollow"
            | "holw"
            | "hts"
            | "knoll"
            | "landing"
            | "lndg"
            | "manor"
            | "meadow"
            | "meadows"
            | "park"
            | "pass"
            | "path"
            | "pike"
            | "point"
            | "pointe"
            | "pt"
            | "ridge"
            | "rdg"
            | "row"
            | "run"
            | "trace"
            | "trce"
            | "view"
            | "vw"
            | "walk"
            | "woods"
            | "wynd"
            | "xing"
    )
}

/// Unit designators that take no identifier (USPS: `Rear`, `Lobby`, `Basement`…).
fn no_id_word(k: &str) -> bool {
    matches!(
        k,
        "basement"
            | "bsmt"
            | "front"
            | "frnt"
            | "lbby"
            | "lobby"
            | "lower"
            | "lowr"
            | "penthouse"
            | "ph"
            | "rear"
            | "side"
            | "upper"
            | "uppr"
    )
}

fn street_type(k: &str) -> bool {
    STREET_TYPES.binary_search(&k).is_ok()
}

fn unit_word(k: &str) -> bool {
    UNIT_WORDS.binary_search(&k).is_ok()
}

fn number_word(k: &str) -> bool {
    NUMBER_WORDS.binary_search(&k).is_ok()
}

/// `St`, `Ft`, `Mt`…: a street type, or the first word of a city (`St Paul`).
fn saint_like(k: &str) -> bool {
    matches!(k, "st" | "ste" | "saint" | "ft" | "fort" | "mt" | "mount")
}

fn region_code(k: &str) -> Option<(u8, bool)> {
    REGION_CODES
        .binary_search_by(|(c, _, _)| (*c).cmp(k))
        .ok()
        .and_then(|i| REGION_CODES.get(i))
        .map(|&(_, m, w)| (m, w))
}

fn region_name(k: &str) -> Option<u8> {
    REGION_NAMES
        .binary_search_by(|(c, _)| (*c).cmp(k))
        .ok()
        .and_then(|i| REGION_NAMES.get(i))
        .map(|&(_, m)| m)
}

/// The compact key of words `a..b` (joined), when it fits.
fn joined_key(toks: &[Tok<'_>], a: usize, b: usize) -> Option<([u8; 48], usize)> {
    let mut buf = [0u8; 48];
    let mut n = 0;
    for t in toks.get(a..b)? {
        let k = t.key.bytes();
        if k.is_empty() {
            return None;
        }
        buf.get_mut(n..n + k.len())?.copy_from_slice(k);
        n += k.len();
    }
    Some((buf, n))
}

/// A region found at the end of `toks[..end]`.
#[derive(Clone, Copy)]
struct Region {
    start: usize,
    mask: u8,
    /// Written as a name (`Illinois`), not a code.
    name: bool,
    /// A code that is also an English word (`IN`, `OR`).
    word: bool,
}

/// The region whose words end at `end`: a name of up to four words (longest first), else a
/// code.
fn trailing_region(toks: &[Tok<'_>], end: usize) -> Option<Region> {
    for n in (1..=4).rev() {
        let Some(start) = end.checked_sub(n) else {
            continue;
        };
        let same_seg = toks
            .get(start..end)
            .is_some_and(|w| w.iter().all(|t| Some(t.seg) == w.first().map(|f| f.seg)));
        if !same_seg {
            continue;
        }
        if let Some((buf, len)) = joined_key(toks, start, end) {
            let key = std::str::from_utf8(buf.get(..len)?).ok()?;
            if let Some(mask) = region_name(key) {
                return Some(Region {
                    start,
                    mask,
                    name: true,
                    word: false,
                });
            }
        }
    }
    let t = toks.get(end.checked_sub(1)?)?;
    let (mask, word) = region_code(t.k())?;
    Some(Region {
        start: end - 1,
        mask,
        name: false,
        word,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pc {
    Zip5,
    Zip9,
    /// 3 or 4 digits, or 7 or 8 with a dash before the last four (the count of digits).
    Short(u8),
    Uk,
    Ca,
}

/// The US shape of one word: 5 or 9 digits, `5-4`, or 3 or 4 digits (a ZIP that lost its
/// zeros, also with its `-4`); dots around it are ignored and any dash counts.
fn zip_shape(raw: &str) -> Option<Pc> {
    let raw = raw.trim_matches('.');
    let mut digits = 0usize;
    let mut dash_at = None;
    for c in raw.chars() {
        match c {
            '0'..='9' => digits += 1,
            '-' | '\u{2010}'..='\u{2015}' if dash_at.is_none() => dash_at = Some(digits),
            _ => return None,
        }
    }
    match (digits, dash_at) {
        (5, None) => Some(Pc::Zip5),
        (9, None | Some(5)) => Some(Pc::Zip9),
        (3 | 4, None) => Some(Pc::Short(digits as u8)),
        // ZIP+4 whose ZIP lost its zeros (`2134-1234`): US only.
        (7, Some(3)) | (8, Some(4)) => Some(Pc::Short(digits as u8)),
        _ => None,
    }
}

fn uk_outward(k: &[u8]) -> bool {
    let a = |x: &u8| x.is_ascii_lowercase();
    let d = |x: &u8| x.is_ascii_digit();
    match k {
        [x, y] => a(x) && d(y),
        [x, y, z] => a(x) && ((d(y) && (d(z) || a(z))) || (a(y) && d(z))),
        [w, x, y, z] => a(w) && a(x) && d(y) && (d(z) || a(z)),
        _ => false,
    }
}

fn uk_inward(k: &[u8]) -> bool {
    matches!(k, [x, y, z] if x.is_ascii_digit() && y.is_ascii_lowercase() && z.is_ascii_lowercase())
}

fn ca_fsa(k: &[u8]) -> bool {
    matches!(k, [x, y, z] if x.is_ascii_lowercase() && y.is_ascii_digit() && z.is_ascii_lowercase())
}

fn ca_ldu(k: &[u8]) -> bool {
    matches!(k, [x, y, z] if x.is_ascii_digit() && y.is_ascii_lowercase() && z.is_ascii_digit())
}

/// The postcode whose words end at `end` (start, shape).
fn trailing_postcode(toks: &[Tok<'_>], end: usize) -> Option<(usize, Pc)> {
    let last = toks.get(end.checked_sub(1)?)?;
    let k = last.key.bytes();
    // US shapes: digits only, with at most one dash after the fifth digit (`94107-1303`,
    // `11201.`, `94103—1612`).
    if let Some(pc) = zip_shape(last.raw) {
        // `97212 4321`: ZIP+4 written with a space.
        let plus4 = end.checked_sub(2).and_then(|i| toks.get(i)).filter(|prev| {
            pc == Pc::Short(4) && prev.seg == last.seg && zip_shape(prev.raw) == Some(Pc::Zip5)
        });
        if plus4.is_some() {
            return Some((end - 2, Pc::Zip9));
        }
        return Some((end - 1, pc));
    }
    if let Some(prev) = end.checked_sub(2).and_then(|i| toks.get(i)) {
        if prev.seg == last.seg {
            let pk = prev.key.bytes();
            if uk_outward(pk) && uk_inward(k) {
                return Some((end - 2, Pc::Uk));
            }
            if ca_fsa(pk) && ca_ldu(k) {
                return Some((end - 2, Pc::Ca));
            }
        }
    }
    match k.len() {
        6 if ca_fsa(k.get(..3)?) && ca_ldu(k.get(3..)?) => Some((end - 1, Pc::Ca)),
        5..=7 if uk_outward(k.get(..k.len() - 3)?) && uk_inward(k.get(k.len() - 3..)?) => {
            Some((end - 1, Pc::Uk))
        }
        _ => None,
    }
}

/// Whether a postcode shape starting at `start` can be the postcode: bare digits need
/// something before them, and not a box, route or unit word (`PO Box 12345`, `Route 66`,
/// `Suite 1200`).
fn postcode_in_place(toks: &[Tok<'_>], start: usize, p: Pc) -> bool {
    let before = start.checked_sub(1).and_then(|i| toks.get(i));
    matches!(p, Pc::Uk | Pc::Ca)
        || before.is_some_and(|b| {
            let k = b.k();
            // `FL` is Florida before a ZIP, not a floor.
            (!unit_word(k) || region_code(k).is_some()) && !number_word(k) && !b.hash()
        })
}

// ---------------------------------------------------------------------------------------------
// Reading the end of the address.

/// The country written at the end of `toks[..end]`: (first word, alpha-2).
fn trailing_country(s: &str, toks: &[Tok<'_>], end: usize) -> Option<(usize, &'static str)> {
    for n in (1..=4).rev() {
        // Something must remain before the country.
        let Some(start) = end.checked_sub(n).filter(|s| *s >= 1) else {
            continue;
        };
        let words = toks.get(start..end)?;
        let seg = words.first()?.seg;
        if words.iter().any(|t| t.seg != seg || t.key.len == 0) {
            continue;
        }
        let Some(code) = span(s, toks, start, end).and_then(country_code) else {
            continue;
        };
        // A state or province name is not a country (`Georgia`, `New Mexico`, `New Jersey`).
        let is_region_name = (0..=1).any(|extra| {
            start
                .checked_sub(extra)
                .and_then(|a| joined_key(toks, a, end))
                .and_then(|(buf, len)| {
                    let k = std::str::from_utf8(buf.get(..len)?).ok()?;
                    region_name(k)
                })
                .is_some()
        });
        if is_region_name {
            continue;
        }
        let short = words.len() == 1 && words.first().is_some_and(|t| t.key.len <= 3);
        // Not a box or route number (`RFD 2 Box 5729, ME`: Maine, not Montenegro).
        let pc_before =
            trailing_postcode(toks, start).filter(|&(a, p)| postcode_in_place(toks, a, p));
        let before_pc = pc_before.is_some();
        let before_pc_first = tail_b(toks, start, Some(code)).is_some();
        if short {
            let k = words.first().map_or("", |t| t.k());
            // `United States US`: the code repeats the name before it.
            if trailing_country(s, toks, start).is_some_and(|(_, c)| c == code) {
                return Some((start, code));
            }
            let own_segment = toks
                .get(start - 1)
                .is_some_and(|p| p.seg != seg && segments(toks, start) >= 2);
            // `ST` (São Tomé) or `PL` (Poland) right after a street is its type
            // (`925 W Georgia St`).
            let ambiguous = region_code(k).is_some()
                || matches!(k, "se" | "ne")
                || (street_type(k) && !own_segment);
            // Not after a directional that reads as a state (`Washington NE PL`: `Place`).
            let region_before = trailing_region(toks, start)
                .is_some_and(|r| r.name || toks.get(r.start).is_none_or(|t| !directional(t.k())));
            // A state's code after 3 or 4 digits is the state after a unit (`171 Auburn Ave 303
            // GA`), not Gabon after a postcode.
            let before_pc = before_pc
                && !(region_code(k).is_some() && matches!(pc_before, Some((_, Pc::Short(_)))));
            let ok = before_pc || before_pc_first || (!ambiguous && (region_before || own_segment));
            if !ok {
                continue;
            }
        } else {
            let own_segment = toks.get(start - 1).is_some_and(|p| p.seg != seg);
            let ok = own_segment
                || before_pc
                || before_pc_first
                || trailing_region(toks, start).is_some();
            if !ok {
                continue;
            }
        }
        return Some((start, code));
    }
    None
}

/// How many segments the words `toks[..end]` span.
fn segments(toks: &[Tok<'_>], end: usize) -> usize {
    let words = toks.get(..end).unwrap_or(&[]);
    let mut n = 0;
    let mut last = None;
    for t in words {
        if last != Some(t.seg) {
            n += 1;
            last = Some(t.seg);
        }
    }
    n
}

/// What was found at the end: word ranges `(start, end)` and where the street ends.
struct Tail {
    postcode: Option<(usize, usize)>,
    region: Option<(usize, usize)>,
    city: Option<(usize, usize)>,
    street_end: usize,
    country: Option<&'static str>,
}

fn single_country(mask: u8) -> Option<&'static str> {
    match mask {
        US => Some("US"),
        CA => Some("CA"),
        AU => Some("AU"),
        _ => None,
    }
}

/// Postcode last, after an optional region (US, CA, AU, GB).
fn tail_a(toks: &[Tok<'_>], end: usize) -> Option<Tail> {
    let pc = trailing_postcode(toks, end)
        .or_else(|| mistyped_zip(toks, end))
        .filter(|&(start, p)| postcode_in_place(toks, start, p));
    let (pc_mask, reg_end) = match pc {
        Some((start, p)) => {
            let mask = match p {
                Pc::Zip5 | Pc::Zip9 | Pc::Short(3 | 7 | 8) => US,
                Pc::Short(_) => US | AU,
                Pc::Ca => CA,
                Pc::Uk => 0,
            };
            (mask, start)
        }
        None => (0, end),
    };
    let region = match pc {
        Some((_, Pc::Uk)) => None,
        Some(_) => trailing_region(toks, reg_end).filter(|r| r.mask & pc_mask != 0),
        None => trailing_region(toks, reg_end),
    };
    // `…, Chicago, lL 60603`: two letters alone in their segment before a ZIP, after a
    // segment without digits, are the state, mistyped or unknown (no city is two letters).
    let region = region.or_else(|| {
        let (start, Pc::Zip5 | Pc::Zip9) = pc? else {
            return None;
        };
        let t = toks.get(start.checked_sub(1)?)?;
        let before = toks.get(start.checked_sub(2)?)?;
        let k = t.k();
        let letters = t.raw.len() == 2 && t.raw.bytes().all(|b| b.is_ascii_alphabetic());
        let city_before = toks
            .get(..start - 1)?
            .iter()
            .rev()
            .take_while(|x| x.seg == before.seg)
            .all(|x| !x.key.has_digit() && !x.hash());
        (letters
            && t.seg != before.seg
            && toks.get(start).is_some_and(|p| p.seg == t.seg)
            && city_before
            && !unit_word(k)
            && !number_word(k)
            && !directional(k)
            && k != "po")
            .then_some(Region {
                start: start - 1,
                mask: 0,
                name: false,
                word: false,
            })
    });
    // 3 or 4 digits are a postcode only after a US or Australian state.
    let pc = match (pc, &region) {
        (Some((_, Pc::Short(_))), None) => None,
        (p, _) => p,
    };
    if pc.is_none() && region.is_none() {
        return None;
    }
    let w_end = region.as_ref().map_or(reg_end, |r| r.start);
    // An Australian address (a state and 4 digits, or a state only Australia has) reads
    // Australia Post's road types too.
    let au = region.as_ref().is_some_and(|r| {
        r.mask == AU || (r.mask & AU != 0 && matches!(pc, Some((_, Pc::Short(4)))))
    });
    // `Roswell, Georgia, GA 30075`: the state's name in its own segment before its code says
    // the same again; the city is the segment before it (one without digits, so that `12 Main
    // St, New York, NY` keeps its city).
    let w_end = region
        .as_ref()
        .filter(|r| !r.name)
        .and_then(|r| repeated_region_name(toks, r.start))
        .unwrap_or(w_end);
    // A city has no digit (`6811 Kenilworth Ave 6th FL` names no city, nor Florida).
    let city_start = city_start(toks.get(..w_end)?, au)
        .filter(|&c| {
            toks.get(c..w_end)
                .is_some_and(|l| !lone_non_city(l) && l.iter().all(|t| !t.key.has_digit()))
        })
        .or_else(|| {
            // A street written without its type (`27 Washington Oak Park IL 60302`): only
            // where the end of the address is sure, a postcode, or a region by name or in
            // its own segment.
            let sure_end = match (pc, &region) {
                (Some((_, Pc::Uk)), _) => false,
                (Some(_), _) => true,
                // A code in capitals after words that are not (`Chicago IL`), and no street
                // type or directional (`Elm Park CT` may be a court).
                (None, Some(r)) => toks
                    .get(r.start.wrapping_sub(1))
                    .zip(toks.get(r.start))
                    .is_some_and(|(a, b)| {
                        r.name
                            || a.seg != b.seg
                            || (b.upper()
                                && !a.upper()
                                && !street_type(b.k())
                                && !directional(b.k()))
                    }),
                (None, None) => false,
            };
            if sure_end {
                let w = toks.get(..w_end)?;
                let h = street_start(w).unwrap_or(0);
                // A unit or recipient in a segment of its own before the street (`Unit 5, 12
                // Smith Parade Surry Hills`): the street starts its last segment.
                let last_seg = w.last()?.seg;
                let ls = w.iter().position(|t| t.seg == last_seg)?;
                bare_street_city(w.get(h..)?, au)
                    .map(|c| h + c)
                    .or_else(|| {
                        (ls > h)
                            .then(|| bare_street_city(w.get(ls..)?, au).map(|c| ls + c))
                            .flatten()
                    })
            } else {
                None
            }
        });
    if pc.is_none() {
        // A region alone: in its own segment, or after a city and written so that it cannot
        // be a word of the street.
        let r = region.as_ref()?;
        let own_segment = w_end >= 1
            && toks
                .get(w_end - 1)
                .zip(toks.get(w_end))
                .is_some_and(|(a, b)| a.seg != b.seg);
        let t = toks.get(r.start)?;
        if !r.name && directional(t.k()) && (!own_segment || city_start.is_none()) {
            return None;
        }
        // `Tysons Blvd Fourth FL`: a floor, not Florida.
        if t.k() == "fl"
            && r.start
                .checked_sub(1)
                .and_then(|i| toks.get(i))
                .is_some_and(|p| ordinal(p.k()).is_some())
        {
            return None;
        }
        // `171 Auburn Ave 303 GA`, `12 Elm St Apt 4 TX`: a state code in capitals right after
        // the number of a unit that follows a street type or its designator, no city written.
        let after_unit = || {
            let before = |n: usize| r.start.checked_sub(n).and_then(|i| toks.get(i));
            t.upper()
                && !r.word
                && !street_type(t.k())
                // `6th FL`: a floor.
                && !unit_word(t.k())
                && before(1).is_some_and(|p| p.key.has_digit() && p.seg == t.seg)
                && before(2).is_some_and(|p| {
                    p.seg == t.seg && (street_type(p.k()) || unit_word(p.k()) || p.hash())
                })
        };
        if !(own_segment || (city_start.is_none() && after_unit())) {
            city_start?;
            if r.word && !t.upper() {
                return None;
            }
        }
    }
    // `101 E Market St Unit 17 CA Long Beach 90807`: a state code written between the street
    // and the city, before a ZIP with no region of its own. Not a code that starts city names
    // (`La Jolla`, `De Soto`, `Mt Vernon`) or is a directional or an English word.
    let street_end = city_start.unwrap_or(w_end);
    let mut region_span = region.as_ref().map(|r| (r.start, reg_end));
    let mut city_start = city_start;
    let mut region = region;
    if let (Some((_, Pc::Zip5 | Pc::Zip9)), None, Some(c)) = (pc, &region, city_start) {
        let code = toks.get(c).filter(|t| {
            c + 1 < w_end
                && !matches!(t.k(), "la" | "de" | "mt")
                && !directional(t.k())
                && toks.get(c + 1).is_some_and(|n| !n.key.has_digit())
        });
        if let Some((mask, false)) = code.and_then(|t| region_code(t.k())) {
            if mask & US != 0 {
                region = Some(Region {
                    start: c,
                    mask,
                    name: false,
                    word: false,
                });
                region_span = Some((c, c + 1));
                city_start = Some(c + 1);
            }
        }
    }
    let country = match (pc, &region) {
        (Some((_, Pc::Uk)), _) => Some("GB"),
        (Some((_, Pc::Ca)), _) => Some("CA"),
        (Some((_, Pc::Zip9)), None) => Some("US"),
        // Four digits after `WA` or `NT`: Australia (no ZIP there lost a leading zero).
        (Some((_, Pc::Short(4))), Some(r)) if r.mask & AU != 0 => Some("AU"),
        (Some(_), Some(r)) => single_country(r.mask & pc_mask),
        (None, Some(r)) => single_country(r.mask),
        _ => None,
    };
    Some(Tail {
        postcode: pc.map(|(start, _)| (start, end)),
        region: region_span,
        city: city_start.map(|c| (c, w_end)),
        street_end,
        country,
    })
}

/// A ZIP mistyped after a US state code that follows a city segment (`…, Chicago, IL
/// 6065460610`): 6 to 8 or 10 digits in one word. Kept as the postcode (compact, as
/// [`normalize_postcode`] keeps a wrong shape) so that it stays out of the street line.
///
/// [`normalize_postcode`]: crate::normalize::address::normalize_postcode
fn mistyped_zip(toks: &[Tok<'_>], end: usize) -> Option<(usize, Pc)> {
    let digits = |t: &Tok<'_>| {
        t.key.len > 0 && t.key.all_digits(usize::from(t.key.len)) && !t.raw.contains(['-', '/'])
    };
    let last = toks.get(end.checked_sub(1)?)?;
    if !digits(last) {
        return None;
    }
    if !(6..=10).contains(&last.key.len) || last.key.len == 9 {
        return None;
    }
    let start = end - 1;
    let code = toks.get(start.checked_sub(1)?)?;
    // The code opens its segment, and the segment before it has no digit (the city).
    let before = toks.get(start.checked_sub(2)?)?;
    let city_seg = before.seg != code.seg
        && toks
            .get(..start - 1)?
            .iter()
            .rev()
            .take_while(|t| t.seg == before.seg)
            .all(|t| !t.key.has_digit() && !t.hash());
    let us_code = region_code(code.k()).is_some_and(|(m, word)| m & US != 0 && !word);
    (us_code && code.seg == last.seg && city_seg).then_some((start, Pc::Zip5))
}

/// Where a state's name written in its own segment right before its own code (at `code`)
/// starts, when a segment without digits (the city) comes before it: `Roswell, Georgia, GA`.
fn repeated_region_name(toks: &[Tok<'_>], code: usize) -> Option<usize> {
    let c = toks.get(code)?;
    let prev = toks.get(code.checked_sub(1)?)?;
    if prev.seg == c.seg {
        return None;
    }
    let a = toks
        .get(..code)?
        .iter()
        .rposition(|t| t.seg != prev.seg)
        .map_or(0, |i| i + 1);
    let before = toks.get(a.checked_sub(1)?)?;
    let city_seg = toks
        .get(..a)?
        .iter()
        .rev()
        .take_while(|t| t.seg == before.seg)
        .all(|t| !t.key.has_digit() && !t.hash());
    let (buf, len) = joined_key(toks, a, code)?;
    let name = std::str::from_utf8(buf.get(..len)?).ok()?;
    (city_seg && region_name_code(name) == Some(c.k())).then_some(a)
}

/// A word that may belong to a city name written after its postcode.
fn city_word(t: &Tok<'_>) -> bool {
    let k = t.k();
    !t.key.has_digit()
        && !t.hash()
        && (t.key.len >= 2 || t.key.other)
        && !unit_word(k)
        && !number_word(k)
        && !street_type(k)
}

/// Postcode before the city (DE, FR, NL and most of Europe).
fn tail_b(toks: &[Tok<'_>], end: usize, country: Option<&'static str>) -> Option<Tail> {
    let mut j = end;
    // `Cedex 08`: a CEDEX office number after the city.
    if let (Some(n), Some(c)) = (
        end.checked_sub(1).and_then(|i| toks.get(i)),
        end.checked_sub(2).and_then(|i| toks.get(i)),
    ) {
        if c.k() == "cedex" && n.key.all_digits(usize::from(n.key.len)) && n.key.len <= 3 {
            j = end - 1;
        }
    }
    while j > 0 && toks.get(j - 1).is_some_and(city_word) {
        j -= 1;
    }
    let words = end - j;
    if words == 0 || words > 6 || j == 0 {
        return None;
    }
    let pc_idx = j - 1;
    let pc = toks.get(pc_idx)?;
    let city_seg = toks.get(j)?.seg;
    if pc.seg != city_seg {
        return None;
    }
    let plain_digits =
        |t: &Tok<'_>, n: usize| t.key.all_digits(n) && t.raw.bytes().all(|b| b.is_ascii_digit());
    // Dutch `1015 CJ Amsterdam`: four digits (not starting with 0), two capitals, the city.
    let first = toks.get(j)?;
    let fk = first.key.bytes();
    if fk.len() == 2
        && first.raw.bytes().all(|b| b.is_ascii_uppercase())
        && !matches!(fk, b"sa" | b"sd" | b"ss")
        && words >= 2
        && plain_digits(pc, 4)
        && !pc.raw.starts_with('0')
    {
        j += 1;
    }
    let nl = j > pc_idx + 1;
    let k = pc.key.bytes();
    let seg_start = pc_idx == 0 || toks.get(pc_idx - 1).is_some_and(|p| p.seg != pc.seg);
    let postcode_shape = nl
        || plain_digits(pc, 5)
        // `D-10115`, `F-75001`.
        || (k.len() == 6
            && k.first().is_some_and(u8::is_ascii_lowercase)
            && pc.key.digits == 5
            && pc.raw.get(1..2) == Some("-"))
        || (plain_digits(pc, 4) && seg_start);
    if !postcode_shape {
        return None;
    }
    let pc_start = pc_idx;
    if pc_start == 0 {
        return None;
    }
    let before = toks.get(pc_start - 1)?;
    if unit_word(before.k()) || number_word(before.k()) || before.hash() {
        return None;
    }
    Some(Tail {
        postcode: Some((pc_start, j)),
        region: None,
        city: Some((j, end)),
        street_end: pc_start,
        country: country.or(nl.then_some("NL")),
    })
}

/// Where the city starts in the words before the region or postcode, if it can be told.
fn city_start(w: &[Tok<'_>], au: bool) -> Option<usize> {
    let last = w.last()?;
    let ls = w
        .iter()
        .rposition(|t| t.seg != last.seg)
        .map_or(0, |i| i + 1);
    if ls > 0 {
        let l = w.get(ls..)?;
        let plain = (0..l.len()).all(|i| {
            l.get(i)
                .is_some_and(|t| !t.key.has_digit() && !t.hash() && !unit_at(l, i))
        });
        if plain {
            // `1105 Bolton Road, NW Atlanta`: a diagonal directional ends the street (but
            // `N. Hollywood`, `E. Orange` are cities).
            let dir_first = l.len() >= 2
                && l.first()
                    .is_some_and(|t| t.key.len == 2 && directional(t.k()))
                && w.get(ls - 1).is_some_and(|p| street_type(p.k()));
            // `Unit K, L Cedar Rapids`: a lone letter (not a directional) after a unit is one
            // too; no city begins so.
            let letter_first = l.len() >= 2
                && l.first()
                    .is_some_and(|t| t.key.len == 1 && !t.key.other && !directional(t.k()))
                && w.get(ls - 1)
                    .is_some_and(|p| p.key.len == 1 || p.key.has_digit());
            return Some(ls + usize::from(dir_first || letter_first));
        }
        let h = street_start(w).filter(|&h| h > ls).unwrap_or(ls);
        let house = h > ls || l.first().is_some_and(|t| t.key.has_digit());
        return boundary(w.get(h..)?, house, au).map(|c| h + c);
    }
    if w.iter().all(|t| !t.key.has_digit() && !t.hash()) {
        // No number at all: a street type still ends a street (`Main Street Chicago`), else
        // a few words are the city.
        return boundary(w, true, au).or((w.len() <= 4).then_some(0));
    }
    let h = street_start(w).unwrap_or(0);
    boundary(w.get(h..)?, true, au).map(|c| h + c)
}

/// Where a street address starts when words without digits come before its house number (a
/// recipient, company or building: `John Smith 1320 W Webster`, `Jane Doe, MD 12 Lapis Ln`):
/// the first word that starts with a digit, when no word before it holds a digit or `#` or is
/// a unit, box or route word, and a street follows it (a directional and a name, or a name and
/// a street type). `None` when the line starts with its number or reads otherwise
/// (`Calle Mayor 5`, `Suite 300 100 Main St`).
fn street_start(w: &[Tok<'_>]) -> Option<usize> {
    let h = w.iter().position(|t| t.key.has_digit() || t.hash())?;
    let num = w.get(h)?;
    let before_ok = w.get(..h)?.iter().all(|t| {
        let k = t.k();
        !unit_word(k) && !number_word(k) && !no_id_word(k)
    });
    let number = num.raw.starts_with(|c: char| c.is_ascii_digit())
        && num.key.len.saturating_sub(num.key.digits) <= 1;
    let after = w.get(h + 1..)?;
    let name = |t: &Tok<'_>| {
        !t.key.has_digit()
            && !t.hash()
            && t.key.len > 0
            && !directional(t.k())
            && !street_type(t.k())
    };
    let street = matches!(after, [d, n, ..] if directional(d.k()) && name(n))
        || after
            .iter()
            .enumerate()
            .any(|(i, t)| street_type(t.k()) && after.get(..i).is_some_and(|b| b.iter().any(name)));
    (h > 0 && before_ok && number && street).then_some(h)
}

/// Where the city starts after a street written without a street type, in words that held no
/// other boundary (`27 Washington Oak Park` → 2, `233 East Fulton Grand Rapids` → 3): the
/// house number, an optional directional, one name word (two when the name is itself a
/// directional: `201 East South Temple Salt Lake City`), an optional diagonal post-directional
/// (`Broadway NE`); the rest must read as a city ([`city_words`]). US streets without a type
/// are mostly one word (`Broadway`, `Main`, `Wells`), while cities are often two or three.
/// Refused, so that the street line keeps every word, where the name goes on after its first
/// word in a way a city does not begin (`Via de la Paz`, `Avenue of the Americas`, `El
/// Camino Real`), where a single-letter directional follows the name (`Main N Palm Beach`: the
/// street's or the city's), and where the line does not start with a house number.
fn bare_street_city(w: &[Tok<'_>], au: bool) -> Option<usize> {
    let first = w.first()?;
    if !first.raw.starts_with(|c: char| c.is_ascii_digit())
        || w.iter()
            .skip(1)
            .any(|t| t.seg != first.seg || t.key.has_digit() || t.hash() || t.key.len == 0)
    {
        return None;
    }
    let dir = |i: usize| w.get(i).is_some_and(|t| directional(t.k()));
    let mut i = 1;
    let pre = dir(i) && w.len() > i + 2;
    i += usize::from(pre);
    // The name word: not a title or type that begins a longer name (`Dr Martin Luther King`),
    // unless after a directional (`North Way`); not an article or preposition.
    let name = w.get(i)?;
    let k = name.k();
    let joiner = |k: &str| {
        matches!(
            k,
            "el" | "la"
                | "le"
                | "los"
                | "las"
                | "de"
                | "del"
                | "della"
                | "di"
                | "du"
                | "des"
                | "da"
                | "van"
                | "von"
                | "of"
                | "the"
                | "and"
                | "via"
                | "camino"
                | "calle"
                | "avenida"
                | "paseo"
                | "rue"
                | "old"
        )
    };
    if joiner(k) || saint_like(k) || unit_word(k) || number_word(k) || (street_type(k) && !pre) {
        return None;
    }
    i += 1;
    if pre && directional(k) && w.len() > i + 1 {
        // `East South Temple`: the directional was the name's first word.
        let second = w.get(i)?.k();
        if joiner(second) || street_type(second) || directional(second) {
            return None;
        }
        i += 1;
    }
    // A street type of the full tables after the name ends the street when a city still
    // follows (`3010 Patterson Wall Danielland`, `5663 Michelle Passage Lake Ryan`, `549 Small
    // Plateau Aaronfort`), unless cities begin with it too (`Lake`, `Port`, `Park`…: `27
    // Washington Lake Forest` keeps its city whole).
    // A weak or city-first type ends the street too when what follows can only open a city
    // and never continue one (`8845 Deer Park North Liberty`, `12 Smith Port South Haven`:
    // no city is named `Port South …` or `Lake New …`).
    let opens_city = |j: usize| {
        w.len() > j + 1
            && w.get(j)
                .is_some_and(|t| (t.key.len > 2 && directional(t.k())) || t.k() == "new")
    };
    let mut typed = false;
    if w.len() > i + 1
        && w.get(i).is_some_and(|t| {
            let k = t.k();
            full_street_type(k, au)
                && ((!weak_street_type(k) && !CITY_FIRST_WORDS.contains(&k)) || opens_city(i + 1))
        })
    {
        i += 1;
        typed = true;
    }
    // `12 Dandenong Road St Kilda`: a saint word after the type begins the city (a street
    // has one type).
    let saint_city = typed && w.len() > i + 1 && w.get(i).is_some_and(|t| saint_like(t.k()));
    // A word without a vowel after the name is an abbreviated street type that the tables
    // lack (`Imperial Hgwy`, `Lake Trce`); no city is written so.
    if !saint_city && (!pre || !directional(k)) && w.get(i).is_some_and(|t| vowelless(t.k())) {
        i += 1;
    }
    // A lone letter after the name is the street line's (`1 Elm A Springfield`: the street
    // line keeps it, so two such letters never share a key); no city begins so.
    if w.get(i)
        .is_some_and(|t| t.key.len == 1 && t.key.digits == 0 && !t.key.other && !directional(t.k()))
        && w.len() > i + 1
    {
        i += 1;
    }
    if let Some(t) = w.get(i) {
        if directional(t.k()) {
            // After a street type, a spelled directional begins the city, as it does after
            // the common types (`… Circuit West Ryde`; see [`boundary`]); after a bare name it
            // may be the street's, and the line is left whole.
            match t.key.len {
                2 => i += 1,
                n if n > 2 && typed => {}
                _ => return None,
            }
        }
    }
    let rest = w.get(i..)?;
    let ok = !rest.is_empty()
        && !lone_non_city(rest)
        && city_words(rest)
        && rest
            .first()
            .is_some_and(|t| !matches!(t.k(), "of" | "and" | "the"));
    ok.then_some(i)
}

/// Two to five ASCII letters without a vowel (`hgwy`, `trce`, `xing`): an abbreviation.
fn vowelless(k: &str) -> bool {
    (2..=5).contains(&k.len())
        && k.bytes().all(|b| b.is_ascii_lowercase())
        && !k
            .bytes()
            .any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u'))
}

/// Is `l[i]` a unit designator followed by an identifier (`Suite A`, `Apt 4`)?
fn unit_at(l: &[Tok<'_>], i: usize) -> bool {
    let Some(t) = l.get(i) else {
        return false;
    };
    unit_word(t.k())
        && l.get(i + 1)
            .is_some_and(|x| x.key.has_digit() || x.key.len == 1)
}

/// The last place where a street can end and a city begin in `w` (an index in `1..w.len()`):
/// after a unit, a box or route number, a word with a digit, a street type (with an abbreviated
/// directional after it) or a route modifier (`Business`, `Ext`); before `St`/`Saint` and a
/// saint's name. Only when none of the street types or units is there, a weaker street word
/// (`Park`, `Run`, `Woods`) ends the street.
fn boundary(w: &[Tok<'_>], suffixes: bool, au: bool) -> Option<usize> {
    let n = w.len();
    let (mut strong, mut digit, mut weak) = (None, None, None);
    let put = |slot: &mut Option<usize>, c: usize| {
        if c >= 1 && c < n {
            *slot = Some(slot.map_or(c, |b: usize| b.max(c)));
        }
    };
    let starts_digit = |t: &Tok<'_>| t.raw.starts_with(|c: char| c.is_ascii_digit());
    let abbr_dir = |t: Option<&Tok<'_>>| t.is_some_and(|x| x.key.len <= 2 && directional(x.k()));
    // A diagonal post-directional (`NE`, `SW`) after a named street closes it: a street type
    // after it is the city's (`193 Braybrook SE Cedar Rapids`).
    let mut closed = false;
    for (i, t) in w.iter().enumerate() {
        let k = t.k();
        let next = w.get(i + 1);
        if !closed
            && i >= 2
            && t.key.len == 2
            && directional(k)
            && w.get(i - 1)
                .is_some_and(|p| p.key.len > 2 && !p.key.has_digit())
            && next.is_some_and(|x| !x.key.has_digit() && !unit_word(x.k()))
        {
            put(&mut strong, i + 1);
            closed = true;
            continue;
        }
        // A unit: designator and identifier, `#` and identifier.
        if unit_word(k) || (t.hash() && t.key.len == 0) {
            let id = match next {
                Some(x) if x.hash() && x.key.len == 0 => w.get(i + 2).map(|y| (y, i + 3)),
                Some(x) => Some((x, i + 2)),
                None => None,
            };
            match id {
                Some((id, after)) if id.key.has_digit() || id.key.len == 1 => {
                    put(&mut strong, after);
                }
                // A designator left without its identifier ends the street all the same
                // (`718 Dorchester Pl NE Unit Cedar Rapids IA`), and so does a building
                // designator after the building's name (`Rm 623 Dorrance Bldg Camden`): no city
                // begins with one. Not `Ste` (`Sault Ste. Marie`) nor a word that names
                // buildings and places alike (`Tower`, `Center`).
                Some((id, _))
                    if i >= 2
                        && matches!(
                            k,
                            "unit"
                                | "apt"
                                | "apartment"
                                | "suite"
                                | "rm"
                                | "room"
                                | "bldg"
                                | "building"
                                | "bld"
                                | "blg"
                                | "bldng"
                        )
                        && !id.hash()
                        && id.key.len > 1 =>
                {
                    put(&mut strong, i + 1);
                }
                _ => {}
            }
            continue;
        }
        if t.key.has_digit() {
            // A fraction right after the house number is part of it (`9 1/2`).
            let fraction = i == 1 && t.raw.contains('/');
            if i >= 1 && !fraction {
                // `4th Floor`: the designator after its ordinal.
                let floor = next.is_some_and(|x| matches!(x.k(), "fl" | "flr" | "floor"));
                // `1024 Randolph 1 N Oak Park`: a letter after a bare number joins it (the
                // street line reads unit `1n`), so that the key keeps it.
                let letter = !floor
                    && t.key.all_digits(usize::from(t.key.len))
                    && next.is_some_and(|x| x.key.len == 1 && directional(x.k()))
                    && i + 2 < n;
                put(&mut digit, i + 1 + usize::from(floor || letter));
            }
            continue;
        }
        // `Ground Floor`, `Ground Lvl`: a floor without number; `Second Floor`: a spelled one.
        if (k == "ground" || ordinal(k).is_some())
            && next.is_some_and(|x| matches!(x.k(), "fl" | "flr" | "floor" | "lvl"))
        {
            put(&mut strong, i + 2);
            continue;
        }
        if number_word(k) && next.is_some_and(|x| x.key.has_digit()) {
            // `Route 37 E`, `Hwy 15 N.`: an abbreviated directional stays with the route, and a
            // letter with its box (`Box 103 A Rio`).
            let letter = matches!(k, "box" | "pob" | "drawer")
                && w.get(i + 2)
                    .is_some_and(|x| x.key.len == 1 && x.key.digits == 0)
                && i + 3 < n;
            put(
                &mut strong,
                i + 2 + usize::from(abbr_dir(w.get(i + 2)) || letter),
            );
            continue;
        }
        if !suffixes || closed {
            continue;
        }
        // `St Louis`, `Saint Paul`: the city starts at the saint.
        if saint_like(k) && next.is_some_and(|x| SAINT_NAMES.contains(&x.k())) {
            put(&mut strong, i);
            continue;
        }
        if matches!(
            k,
            "business" | "bus" | "bypass" | "byp" | "alt" | "ext" | "extension" | "spur"
        ) && i >= 2
        {
            put(&mut strong, i + 1);
            continue;
        }
        if BUILDING_WORDS.contains(&k) && !matches!(k, "the" | "house" | "hall") && i >= 2 {
            put(&mut weak, i + 1);
            continue;
        }
        // `Dandenong Road St Kilda`, `Daniel Highway St. Kimberly`: a saint word right after
        // a named street's type begins the city, whatever the saint (a street has one type;
        // in `12 Court St Kilda`, `Court` is the name and `St` its type).
        if saint_like(k)
            && i >= 3
            && next.is_some_and(|x| {
                let xk = x.k();
                x.key.len > 1
                    && !x.key.has_digit()
                    && !x.hash()
                    && !street_type(xk)
                    && !unit_word(xk)
                    && !directional(xk)
            })
            && w.get(i - 1).is_some_and(|p| {
                let pk = p.k();
                full_street_type(pk, au) && !weak_street_type(pk) && !CITY_FIRST_WORDS.contains(&pk)
            })
            && w.get(i - 2)
                .is_some_and(|p| !p.key.has_digit() && p.key.len > 0 && !directional(p.k()))
        {
            put(&mut strong, i);
            continue;
        }
        let is_type = street_type(k);
        if !is_type && !weak_street_type(k) {
            continue;
        }
        // `Avenue of the Americas`, `Boulevard of the Allies`: the type opens the name, which
        // ends one word after `of` (`the`).
        if next.is_some_and(|x| x.k() == "of") {
            let j = i + 2 + usize::from(w.get(i + 2).is_some_and(|x| x.k() == "the"));
            if w.get(j)
                .is_some_and(|x| !x.key.has_digit() && x.key.len > 0)
            {
                put(&mut strong, j + 1);
            }
            continue;
        }
        // A street type needs a name before it (not only the house number).
        let named = w.get(..i).is_some_and(|b| {
            b.iter()
                .enumerate()
                .any(|(j, x)| (j > 0 || !starts_digit(x)) && !directional(x.k()) && x.key.len > 0)
        });
        if !named {
            continue;
        }
        let slot = if is_type { &mut strong } else { &mut weak };
        put(slot, i + 1);
        // An abbreviated directional after the type belongs to the street (`Ave SW`,
        // `Dr S E`); a word (`West`) may begin the city (`Road West Palm Beach`), and so may a
        // letter when the street has its directional before the name already (`224 S Cedar
        // Ave S Pittsburg`: a street seldom has both).
        let pre_dir = w.first().is_some_and(starts_digit)
            && w.get(1).is_some_and(|d| directional(d.k()))
            && w.get(2)
                .is_some_and(|x| !directional(x.k()) && !street_type(x.k()));
        let city_letter = pre_dir
            && next.is_some_and(|x| x.key.len == 1)
            && w.get(i + 2)
                .is_some_and(|x| x.key.len > 2 && !x.key.has_digit());
        if abbr_dir(next) && !city_letter {
            let pair = next
                .zip(w.get(i + 2))
                .is_some_and(|(a, b)| matches!(a.k(), "n" | "s") && matches!(b.k(), "e" | "w"));
            put(slot, i + 2 + usize::from(pair));
        }
    }
    let c = match (strong, digit) {
        (None, None) => weak,
        (None, d) => d.max(weak),
        (s, d) => s.max(d),
    }?;
    // `720 10th Ave SW A Mount Vernon`: a lone letter (not a directional) after the street's
    // type or directional is its unit, as the street line reads it; no city begins so.
    let lone = w.get(c).is_some_and(|t| {
        t.key.len == 1 && t.key.digits == 0 && !t.key.other && !directional(t.k()) && !t.hash()
    });
    let after_street = w
        .get(c.wrapping_sub(1))
        .is_some_and(|p| street_type(p.k()) || (p.key.len <= 2 && directional(p.k())));
    Some(if lone && after_street && c + 1 < n {
        c + 1
    } else {
        c
    })
}

/// With no postcode or region: the last segment, when it can only be a city.
fn last_segment_city(w: &[Tok<'_>]) -> Option<usize> {
    let last = w.last()?;
    let ls = w.iter().rposition(|t| t.seg != last.seg)? + 1;
    let first_seg = w.first()?.seg;
    let first: SmallVec<[&Tok<'_>; 8]> = w.iter().take_while(|t| t.seg == first_seg).collect();
    // A house number, or a street type ending a street written without one (`B San Luis
    // Street, Avila Beach`).
    let street = first.iter().any(|t| t.key.has_digit())
        || (first.len() >= 2 && first.last().is_some_and(|t| street_type(t.k())));
    (street && city_words(w.get(ls..)?)).then_some(ls)
}

/// With no postcode, region or comma: the words after a street type, when they can only be a
/// city (`210 North Thorncrest Drive Creve Coeur`).
fn city_after_street(w: &[Tok<'_>]) -> Option<usize> {
    let first = w.first()?;
    if w.iter().any(|t| t.seg != first.seg) {
        return None;
    }
    // `PO Box 1128 Lake Villa`: nothing but the city follows a box number.
    let forms: [&[&str]; 4] = [&["po", "box"], &["p", "o", "box"], &["pob"], &["box"]];
    for form in forms {
        let n = form.len();
        let boxed = w.len() > n + 1
            && w.iter().zip(form).all(|(t, f)| t.k() == *f)
            && w.get(n).is_some_and(|t| t.key.has_digit());
        if boxed {
            return city_words(w.get(n + 1..)?).then_some(n + 1);
        }
    }
    if !first.raw.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let c = boundary(w, true, false)?;
    let ty = |i: Option<usize>| i.and_then(|i| w.get(i)).is_some_and(|t| street_type(t.k()));
    // Or a floor after the street (`… Drive Second Floor Nashville`).
    let floor = w
        .get(c - 1)
        .is_some_and(|t| matches!(t.k(), "fl" | "flr" | "floor"))
        && c.checked_sub(2)
            .and_then(|i| w.get(i))
            .is_some_and(|t| ordinal(t.k()).is_some() || t.key.has_digit());
    let at_type = ty(c.checked_sub(1))
        || floor
        || (w.get(c - 1).is_some_and(|t| directional(t.k())) && ty(c.checked_sub(2)));
    (at_type && city_words(w.get(c..)?)).then_some(c)
}

/// Words that can only be a city name: one to four words without digits, units, street types,
/// building words or abbreviated directionals, not a lone directional.
fn city_words(l: &[Tok<'_>]) -> bool {
    let word_ok = |t: &Tok<'_>| {
        let k = t.k();
        !t.key.has_digit()
            && !t.hash()
            && (t.key.len > 0 || t.key.other)
            && !unit_word(k)
            && !number_word(k)
            && !street_type(k)
            && !no_id_word(k)
            && !BUILDING_WORDS.contains(&k)
            && !matches!(
                k,
                "ext" | "extension" | "bypass" | "byp" | "spur" | "frontage"
            )
            && !(t.key.len <= 2 && directional(k))
    };
    (1..=4).contains(&l.len())
        && l.iter().all(word_ok)
        // A state code left at the end was refused as a region; it is no city either.
        && l.last().is_none_or(|t| region_code(t.k()).is_none())
        && !(l.len() == 1
            && l.first().is_some_and(|t| {
                directional(t.k()) || region_code(t.k()).is_some() || t.key.len <= 2
            }))
}

/// A city found before a region or postcode that is really the end of the street line: a lone
/// directional, unit word or building word (`… Dr Lobby 60606`).
fn lone_non_city(l: &[Tok<'_>]) -> bool {
    match l {
        [t] => {
            let k = t.k();
            directional(k)
                || no_id_word(k)
                || unit_word(k)
                || street_type(k)
                || BUILDING_WORDS.contains(&k)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> [Option<&str>; 5] {
        let p = split_address(s).unwrap();
        [p.street, p.city, p.region, p.postcode, p.country]
    }

    #[test]
    fn tables_are_sorted() {
        assert!(REGION_CODES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(REGION_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(STREET_TYPES.windows(2).all(|w| w[0] < w[1]));
        assert!(UNIT_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(NUMBER_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(OTHER_STREET_TYPES.windows(2).all(|w| w[0] < w[1]));
        assert!(CITY_FIRST_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(AU_STREET_TYPES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn less_common_street_types_end_the_street_before_a_city() {
        // Publication 28 types and Australian ones, in lines without commas.
        for (line, street, city) in [
            (
                "3010 Patterson Wall Danielland TN 39401",
                "3010 Patterson Wall",
                "Danielland",
            ),
            (
                "1879 Carrie Rapids Hernandezview CA 39470",
                "1879 Carrie Rapids",
                "Hernandezview",
            ),
            (
                "8072 Audrey Bridge Joshua AB T2L 6K1",
                "8072 Audrey Bridge",
                "Joshua",
            ),
            (
                "5663 Michelle Passage Lake Ryan KS 93308",
                "5663 Michelle Passage",
                "Lake Ryan",
            ),
            (
                "549 Small Plateau Aaronfort VIC 2939",
                "549 Small Plateau",
                "Aaronfort",
            ),
            (
                "12 Baker Esplanade Scottsdale NSW 2967",
                "12 Baker Esplanade",
                "Scottsdale",
            ),
        ] {
            let p = parts(line);
            assert_eq!((p[0], p[1]), (Some(street), Some(city)), "{line}");
        }
        // A word cities begin with stays the city's (`Lake Forest`, `Port Hueneme`), and a
        // street without a type keeps one name word.
        for (line, street, city) in [
            (
                "27 Washington Lake Forest IL 60045",
                "27 Washington",
                "Lake Forest",
            ),
            (
                "400 Victoria Port Hueneme CA 93041",
                "400 Victoria",
                "Port Hueneme",
            ),
            (
                "27 Washington Oak Park IL 60302",
                "27 Washington",
                "Oak Park",
            ),
        ] {
            let p = parts(line);
            assert_eq!((p[0], p[1]), (Some(street), Some(city)), "{line}");
        }
    }

    #[test]
    fn a_spelled_directional_after_a_type_begins_the_city() {
        // As after the common types (`Road West Palm Beach`), so after the less common ones
        // and after a weak or city-first type (`Park`, `Port`) that it closes.
        for (line, street, city) in [
            (
                "12 Church Circuit West Ryde NSW 2114",
                "12 Church Circuit",
                "West Ryde",
            ),
            (
                "940 Harbor Lights East Lansing MI 48823",
                "940 Harbor Lights",
                "East Lansing",
            ),
            (
                "8845 Deer Park North Liberty IA 52317",
                "8845 Deer Park",
                "North Liberty",
            ),
            (
                "12 Smith Port South Haven MI 49090",
                "12 Smith Port",
                "South Haven",
            ),
            (
                "5 Cedar Junction New Westminster BC V3M 1A1",
                "5 Cedar Junction",
                "New Westminster",
            ),
        ] {
            let p = parts(line);
            assert_eq!((p[0], p[1]), (Some(street), Some(city)), "{line}");
        }
        // After a bare name, or a single letter, the line stays whole: it may be the street's.
        for line in [
            "27 Washington North Palm Beach FL 33408",
            "940 Harbor Lights N Lansing MI 48823",
        ] {
            assert_eq!(parts(line)[1], None, "{line}");
        }
    }

    #[test]
    fn a_saint_after_a_named_type_begins_the_city() {
        for (line, street, city) in [
            (
                "12 Dandenong Road St Kilda VIC 3182",
                "12 Dandenong Road",
                "St Kilda",
            ),
            (
                "101 Lakeview Courtyard St Ives NSW 2075",
                "101 Lakeview Courtyard",
                "St Ives",
            ),
            (
                "450 Lakeshore Rd St. Catharines ON L2N 4H3",
                "450 Lakeshore Rd",
                "St. Catharines",
            ),
            ("12 Court St Kilda VIC 3182", "12 Court St", "Kilda"),
        ] {
            let p = parts(line);
            assert_eq!((p[0], p[1]), (Some(street), Some(city)), "{line}");
        }
    }

    #[test]
    fn a_type_before_of_and_a_spelled_floor() {
        // `Avenue of the Americas`: the type opens the name, which ends one word after `of`.
        for (line, street, city) in [
            (
                "1221 Avenue of the Americas New York NY 10020",
                "1221 Avenue of the Americas",
                "New York",
            ),
            (
                "Floor 12, 500 Boulevard of the Allies Pittsburgh PA 15219",
                "Floor 12, 500 Boulevard of the Allies",
                "Pittsburgh",
            ),
            // A spelled floor after the street ends it, also with no region or postcode.
            (
                "40 Burton Hills Blvd Third Floor Nashville TN 37215",
                "40 Burton Hills Blvd Third Floor",
                "Nashville",
            ),
            (
                "40 Burton Hills Boulevard Third Floor Nashville",
                "40 Burton Hills Boulevard Third Floor",
                "Nashville",
            ),
            (
                "12 Main St 4th Floor Springfield",
                "12 Main St 4th Floor",
                "Springfield",
            ),
        ] {
            let p = parts(line);
            assert_eq!((p[0], p[1]), (Some(street), Some(city)), "{line}");
        }
    }

    #[test]
    fn mistyped_state_or_zip_after_a_city() {
        // Two letters alone before a ZIP are the state, and a ZIP mistyped after a state code
        // is the postcode: either way the street line keeps only the street.
        for (line, street, city, region, postcode) in [
            (
                "10 S Wacker Dr, Chicago, lL 60606",
                "10 S Wacker Dr",
                "Chicago",
                "lL",
                "60606",
            ),
            (
                "350 W Hubbard St, Chicago, IL 606540",
                "350 W Hubbard St",
                "Chicago",
                "IL",
                "606540",
            ),
            (
                "1 Elm St Ste 2, Covington, KY 41011000",
                "1 Elm St Ste 2",
                "Covington",
                "KY",
                "41011000",
            ),
        ] {
            let p = parts(line);
            assert_eq!(
                (p[0], p[1], p[2], p[3]),
                (Some(street), Some(city), Some(region), Some(postcode)),
                "{line}"
            );
        }
        // Not a box word, nor after a segment with digits, nor a state that is an English
        // word.
        for line in [
            "12 Main St, Springfield, PO 60603",
            "12 Main St, Suite 4, lL 60606",
            "12 Main St 4, IL 606540",
            "12 Main St, Salem, OR 9730100",
        ] {
            assert_eq!(parts(line)[2], None, "{line}");
        }
    }

    #[test]
    fn a_street_without_number_before_a_city_segment() {
        let p = parts("San Luis Street, Avila Beach");
        assert_eq!((p[0], p[1]), (Some("San Luis Street"), Some("Avila Beach")));
        // Not a lone street type, nor what cannot be a city.
        assert_eq!(parts("Street, Avila Beach")[1], None);
        assert_eq!(parts("San Luis Street, Rear")[1], None);
        assert_eq!(parts("Main St, Suite 4")[1], None);
    }

    #[test]
    fn australian_lines() {
        // Australia Post's road types, in an Australian address only; a unit in its own
        // segment before the street.
        for (line, street, city) in [
            (
                "88 Wattle Amble Smithfield NSW 2164",
                "88 Wattle Amble",
                "Smithfield",
            ),
            (
                "3 Harbour Cutting Port Melbourne VIC 3207",
                "3 Harbour Cutting",
                "Port Melbourne",
            ),
            (
                "Unit 5, 12 Smith Parade Surry Hills NSW 2010",
                "Unit 5, 12 Smith Parade",
                "Surry Hills",
            ),
            (
                "Apt 4, 17 Kings Esplanade South Perth WA 6151",
                "Apt 4, 17 Kings Esplanade",
                "South Perth",
            ),
            (
                "Flat 2, 9 Gordon Brae Highton VIC 3216",
                "Flat 2, 9 Gordon Brae",
                "Highton",
            ),
            // A type that begins place names stays the city's.
            ("88 Wattle Little Bay NSW 2036", "88 Wattle", "Little Bay"),
        ] {
            let p = parts(line);
            assert_eq!((p[0], p[1]), (Some(street), Some(city)), "{line}");
        }
        // Not in an American address: `Amble` is no street type there.
        assert_eq!(
            parts("12 Wattle Amble Smithfield UT 84335")[0],
            Some("12 Wattle"),
            "US line"
        );
    }

    #[test]
    fn freely_associated_states_are_regions() {
        let p = parts("6973 Lopez Fort, West Krystalland, PW 96940");
        assert_eq!(
            p[..4],
            [
                Some("6973 Lopez Fort"),
                Some("West Krystalland"),
                Some("PW"),
                Some("96940")
            ]
        );
        assert_eq!(parts("12 Main St, Majuro, MH 96960")[2], Some("MH"));
        assert_eq!(parts("12 Main St, Kolonia, FM 96941")[2], Some("FM"));
    }

    #[test]
    fn us_forms() {
        let want = [
            Some("460 Bryant St Ste 100"),
            Some("San Francisco"),
            Some("CA"),
            Some("94107-1303"),
            None,
        ];
        assert_eq!(
            parts("460 Bryant St Ste 100, San Francisco, CA 94107-1303"),
            want
        );
        assert_eq!(
            parts("460 Bryant St Ste 100 San Francisco CA 94107-1303"),
            want
        );
        assert_eq!(
            parts("460 Bryant St Ste 100, San Francisco, California 94107-1303, USA"),
            [want[0], want[1], Some("California"), want[3], Some("USA")]
        );
        assert_eq!(
            parts("11380 prosperity farms rd # 221 palm beach gardens fl 33410-3465"),
            [
                Some("11380 prosperity farms rd # 221"),
                Some("palm beach gardens"),
                Some("fl"),
                Some("33410-3465"),
                None
            ]
        );
        assert_eq!(
            parts("PO Box 637 Powder Springs, GA 30127"),
            [
                Some("PO Box 637"),
                Some("Powder Springs"),
                Some("GA"),
                Some("30127"),
                None
            ]
        );
        assert_eq!(
            parts("123 Main St St Louis MO 63101"),
            [
                Some("123 Main St"),
                Some("St Louis"),
                Some("MO"),
                Some("63101"),
                None
            ]
        );
        assert_eq!(
            parts("310 boulevard east, weehawken, nj"),
            [
                Some("310 boulevard east"),
                Some("weehawken"),
                Some("nj"),
                None,
                None
            ]
        );
        // A directional that is also a state code stays in the street.
        assert_eq!(
            parts("1180 Peachtree Street, NE"),
            [Some("1180 Peachtree Street, NE"), None, None, None, None]
        );
        // A lower-case English word is not a state without a postcode.
        assert_eq!(
            parts("12 Main St springfield or"),
            [Some("12 Main St springfield or"), None, None, None, None]
        );
        assert_eq!(
            parts("Chicago, IL 60606"),
            [None, Some("Chicago"), Some("IL"), Some("60606"), None]
        );
        // `FL` before a ZIP is Florida, not a floor; a box number is no ZIP.
        assert_eq!(
            split_address("12345 Cleveland Blvd # 26, Tampa FL 33602")
                .unwrap()
                .postcode,
            Some("33602")
        );
        assert_eq!(split_address("PO Box 12345").unwrap().postcode, None);
        assert_eq!(
            split_address("1 Main St, Boston, MA 2139")
                .unwrap()
                .country_code,
            Some("US")
        );
        // Georgia is the state here, not the country.
        let p = split_address("12 Peachtree St, Atlanta, Georgia").unwrap();
        assert_eq!(
            (p.region, p.country, p.country_code),
            (Some("Georgia"), None, Some("US"))
        );
    }

    #[test]
    fn other_countries() {
        assert_eq!(
            parts("Flat 3, 12 High Street, Oxford OX1 4AA, United Kingdom"),
            [
                Some("Flat 3, 12 High Street"),
                Some("Oxford"),
                None,
                Some("OX1 4AA"),
                Some("United Kingdom")
            ]
        );
        assert_eq!(
            parts("1234 rue Sainte-Catherine Ouest, Montréal (Québec) H3G 1P1"),
            [
                Some("1234 rue Sainte-Catherine Ouest"),
                Some("Montréal"),
                Some("Québec"),
                Some("H3G 1P1"),
                None
            ]
        );
        let p = split_address("Unit 4, 12 Smith St, Perth WA 6000").unwrap();
        assert_eq!(
            (p.region, p.postcode, p.country_code),
            (Some("WA"), Some("6000"), Some("AU"))
        );
        let p = split_address("400 Broad St, Seattle WA 98109").unwrap();
        assert_eq!(p.country_code, Some("US"));
        assert_eq!(split_address("Somewhere, WA").unwrap().country_code, None);
        assert_eq!(
            parts("Lindenallee 7 a, 50968 Köln, Deutschland"),
            [
                Some("Lindenallee 7 a"),
                Some("Köln"),
                None,
                Some("50968"),
                Some("Deutschland")
            ]
        );
        let p = split_address("Hauptstraße 12, 10115 Berlin, DE").unwrap();
        assert_eq!((p.city, p.country_code), (Some("Berlin"), Some("DE")));
        assert_eq!(
            parts("8 bis avenue Foch 75116 Paris Cedex 16 France"),
            [
                Some("8 bis avenue Foch"),
                Some("Paris Cedex 16"),
                None,
                Some("75116"),
                Some("France")
            ]
        );
        let p = split_address("Keizersgracht 123, 1015 CJ Amsterdam").unwrap();
        assert_eq!(
            (p.postcode, p.city, p.country_code),
            (Some("1015 CJ"), Some("Amsterdam"), Some("NL"))
        );
        assert_eq!(
            parts("10 Downing Street, London, UK"),
            [
                Some("10 Downing Street"),
                Some("London"),
                None,
                None,
                Some("UK")
            ]
        );
    }

    #[test]
    fn no_invented_parts() {
        // A unit or route number is never a postcode.
        assert_eq!(split_address("Suite 10115 Berlin").unwrap().postcode, None);
        assert_eq!(
            split_address("PO Box 12345 Springfield").unwrap().postcode,
            None
        );
        // A 5-digit house number first is not a postcode.
        assert_eq!(split_address("10115 Broadway").unwrap().postcode, None);
        // Building names after a comma are not cities.
        assert_eq!(
            split_address("15955 Frederick Rd, The Reed").unwrap().city,
            None
        );
        // "St" is not a country (Sao Tome), nor "IN" India after a street.
        assert_eq!(split_address("123 Main St").unwrap().country, None);
        assert_eq!(split_address("12 Main St, IN").unwrap().country, None);
    }

    #[test]
    fn debug_hides_text() {
        let p = split_address("460 Bryant St, San Francisco, CA 94107").unwrap();
        let d = format!("{p:?}");
        assert!(!d.contains("Bryant") && !d.contains("94107"), "{d}");
    }

    #[test]
    fn a_state_after_a_box_or_a_unit_is_no_country() {
        // `5729 ME`: Maine after a box number, not Montenegro after a postcode; `303 GA`:
        // Georgia after a unit, not Gabon.
        for (line, street, region) in [
            ("RFD 2 BOX 5729, ME", "RFD 2 BOX 5729", "ME"),
            ("PO Box 1234, ME", "PO Box 1234", "ME"),
            ("171 AUBURN AVE 303 GA", "171 AUBURN AVE 303", "GA"),
            ("171 Auburn Ave Apt 303 GA", "171 Auburn Ave Apt 303", "GA"),
            ("12 Elm St # 4 TX", "12 Elm St # 4", "TX"),
        ] {
            let p = parts(line);
            assert_eq!(
                (p[0], p[2], p[4]),
                (Some(street), Some(region), None),
                "{line}"
            );
        }
        // A floor, a court, a state in lower case or an English word stay in the street.
        for line in [
            "6811 KENILWORTH AVE 6TH FL",
            "12 Elm St Apt 4 CT",
            "12 Elm St 4 ga",
            "12 Elm St 4 IN",
        ] {
            assert_eq!(parts(line)[2], None, "{line}");
        }
    }

    #[test]
    fn an_annotation_in_brackets_is_no_part_of_the_address() {
        assert_eq!(
            parts("12 Main St (do not use)"),
            [Some("12 Main St"), None, None, None, None]
        );
        let p = parts("12 Main St (old), Springfield [billing] IL");
        assert_eq!(
            (p[0], p[1], p[2]),
            (Some("12 Main St"), Some("Springfield"), Some("IL"))
        );
        // A group that may be the unit is read.
        assert_eq!(
            parts("12 Main St (Apt 4), Springfield IL")[0],
            Some("12 Main St (Apt 4")
        );
    }
}
