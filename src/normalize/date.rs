//! Dates of birth and timestamps: ISO, compact, month-first / day-first, month names, two-digit years.
//!
//! [`parse_date`] reads the date formats customer data actually carries and returns a validated
//! [`Date`]; [`parse_timestamp`] reads ISO 8601 date-times (or integer epoch seconds) into a
//! [`Timestamp`]. Neither allocates, panics, or looks at more than [`MAX_INPUT_LEN`] bytes.
//!
//! # Accepted date forms
//!
//! | Form | Example | Notes |
//! |------|---------|-------|
//! | ISO | `1985-03-12`, `1985/03/12`, `1985.03.12` | year first is always `Y-m-d` |
//! | ISO date-time | `1985-03-12T00:00:00Z` | only the date part is used |
//! | compact | `19850312` | exactly eight digits, `YYYYMMDD` |
//! | numeric | `03/12/1985`, `12/03/1985`, `03-12-85` | order from [`DateConfig::order`], unless a part is > 12 |
//! | dotted | `12.03.1985` | always day-first (German style), unless the middle part is > 12 |
//! | month names | `12 Mar 1985`, `March 12, 1985`, `12-MAR-1985`, `1985-Mar-12`, `12th March 1985` | English, French, German, Spanish |
//!
//! # Range
//!
//! Years from [`MIN_YEAR`] (1800) to [`MAX_YEAR`] (2200) inclusive are accepted; outside that a
//! date is [`DateError::OutOfRange`]. Impossible dates (February 30, month 13, day 0, February 29
//! of a non-leap year) are [`DateError::Impossible`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::profile::Timestamp;

/// Earliest accepted year.
///
/// ```
/// use selfsame::normalize::date::{Date, DateError, MIN_YEAR};
/// assert!(Date::new(MIN_YEAR, 1, 1).is_ok());
/// assert_eq!(Date::new(MIN_YEAR - 1, 12, 31), Err(DateError::OutOfRange));
/// ```
pub const MIN_YEAR: u16 = 1800;

/// Latest accepted year.
///
/// ```
/// use selfsame::normalize::date::{Date, DateError, MAX_YEAR};
/// assert!(Date::new(MAX_YEAR, 12, 31).is_ok());
/// assert_eq!(Date::new(MAX_YEAR + 1, 1, 1), Err(DateError::OutOfRange));
/// ```
pub const MAX_YEAR: u16 = 2200;

/// Longest input looked at, in bytes (after trimming); longer input is [`DateError::Format`].
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig, DateError, MAX_INPUT_LEN};
/// let long = "1".repeat(MAX_INPUT_LEN + 1);
/// assert_eq!(parse_date(&long, &DateConfig::default()), Err(DateError::Format));
/// ```
pub const MAX_INPUT_LEN: usize = 64;

/// A calendar date (proleptic Gregorian), always valid when built by [`Date::new`] or a parser.
///
/// Displays as ISO `yyyy-mm-dd`, which [`parse_date`] reads back.
///
/// ```
/// use selfsame::normalize::date::Date;
/// let d = Date::new(1985, 3, 12).unwrap();
/// assert_eq!(d.to_string(), "1985-03-12");
/// assert!(d < Date::new(1985, 3, 13).unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// A validated date: year in [`MIN_YEAR`]`..=`[`MAX_YEAR`] (else [`DateError::OutOfRange`]),
    /// month 1–12 and a day that exists in that month (else [`DateError::Impossible`]).
    ///
    /// ```
    /// use selfsame::normalize::date::{Date, DateError};
    /// assert!(Date::new(2024, 2, 29).is_ok());
    /// assert_eq!(Date::new(2023, 2, 29), Err(DateError::Impossible));
    /// assert_eq!(Date::new(1985, 13, 1), Err(DateError::Impossible));
    /// assert_eq!(Date::new(1700, 1, 1), Err(DateError::OutOfRange));
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(DateError::OutOfRange);
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Impossible);
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
    ///
    /// ```
    /// use selfsame::normalize::date::Date;
    /// assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
    /// assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
    /// assert_eq!(Date::new(1969, 12, 31).unwrap().days_since_epoch(), -1);
    /// ```
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }
}

impl fmt::Display for Date {
    /// ISO 8601 `yyyy-mm-dd`.
    ///
    /// ```
    /// assert_eq!(selfsame::normalize::date::Date::new(1901, 1, 2).unwrap().to_string(), "1901-01-02");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Which comes first in ambiguous numeric dates like `03/04/1985`.
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig, DateOrder};
/// let de = DateConfig { order: DateOrder::DayFirst, ..Default::default() };
/// assert_eq!(parse_date("03/04/1985", &de).unwrap().to_string(), "1985-04-03");
/// assert_eq!(parse_date("03/04/1985", &DateConfig::default()).unwrap().to_string(), "1985-03-04");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    /// `m/d/Y` (US). The default.
    #[default]
    MonthFirst,
    /// `d/m/Y` (most of the world).
    DayFirst,
}

/// How to read dates.
///
/// The default is [`DateOrder::MonthFirst`] with a two-digit-year pivot of 30: two-digit years
/// `00`–`29` are read as 2000–2029 and `30`–`99` as 1930–1999.
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig};
/// let cfg = DateConfig::default();
/// assert_eq!(cfg.two_digit_pivot, 30);
/// assert_eq!(parse_date("8/10/51", &cfg).unwrap().to_string(), "1951-08-10");
/// assert_eq!(parse_date("8/10/05", &cfg).unwrap().to_string(), "2005-08-10");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateConfig {
    /// Preference for ambiguous numeric dates; a part greater than 12 overrides it.
    pub order: DateOrder,
    /// Two-digit years below this are 20xx, the others 19xx. Values above 100 act as 100.
    pub two_digit_pivot: u8,
}

impl Default for DateConfig {
    fn default() -> Self {
        DateConfig {
            order: DateOrder::MonthFirst,
            two_digit_pivot: 30,
        }
    }
}

/// Why a date was rejected. Messages never contain the input.
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig, DateError};
/// let cfg = DateConfig::default();
/// assert_eq!(parse_date("  ", &cfg), Err(DateError::Empty));
/// assert_eq!(parse_date("yesterday", &cfg), Err(DateError::Format));
/// assert_eq!(parse_date("1985-02-30", &cfg), Err(DateError::Impossible));
/// assert_eq!(parse_date("1685-03-21", &cfg), Err(DateError::OutOfRange));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Empty input.
    #[error("date is empty")]
    Empty,
    /// Not a date in any accepted format (or longer than [`MAX_INPUT_LEN`]).
    #[error("date format not recognized")]
    Format,
    /// Well-formed, but no such day (month 13, day 0, February 30, February 29 of a common year),
    /// or a time of day / offset out of range.
    #[error("date does not exist")]
    Impossible,
    /// The year is outside [`MIN_YEAR`]`..=`[`MAX_YEAR`], or an epoch number does not fit.
    #[error("date out of range (years 1800 to 2200)")]
    OutOfRange,
}

/// Parses a date in any of the forms listed in the [module docs](self).
///
/// Numeric dates whose year is not first are read in the order of `cfg.order`, except that a
/// first part greater than 12 forces day-first and a second part greater than 12 forces
/// month-first; dotted dates (`12.03.1985`) prefer day-first whatever `cfg.order` says.
/// Two-digit (or one-digit) years use `cfg.two_digit_pivot`.
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig};
/// let cfg = DateConfig::default();
/// for s in ["1985-03-12", "19850312", "03/12/1985", "12.03.1985", "12 Mar 1985", "March 12, 1985",
///           "12-MAR-1985", "1985-Mar-12", "1985-03-12T10:00:00Z", "12 mars 1985", "3/12/85"] {
///     assert_eq!(parse_date(s, &cfg).unwrap().to_string(), "1985-03-12", "{s}");
/// }
/// assert_eq!(parse_date("21/10/1988", &cfg).unwrap().to_string(), "1988-10-21");
/// ```
pub fn parse_date(s: &str, cfg: &DateConfig) -> Result<Date, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    if s.len() > MAX_INPUT_LEN {
        return Err(DateError::Format);
    }
    let s = strip_iso_time(s);
    let toks = tokenize(s)?;
    interpret(&toks, cfg)
}

/// Parses an ISO 8601 date or date-time into seconds since the Unix epoch (UTC).
///
/// Accepted: `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDThh:mm[:ss[.fff]]` with `T`, `t` or a space
/// between date and time, followed by nothing (UTC), `Z`, or an offset `±hh:mm`, `±hhmm` or
/// `±hh`. Fractional seconds are ignored (truncated); a leap second `:60` is counted as the next
/// second. A plain integer (optionally signed) is taken as epoch seconds already. Other date
/// forms (`03/04/2024`) are not accepted here because their order is ambiguous.
///
/// ```
/// use selfsame::normalize::date::parse_timestamp;
/// assert_eq!(parse_timestamp("1970-01-02"), Ok(86_400));
/// assert_eq!(parse_timestamp("2024-05-01T10:20:30Z"), Ok(1_714_558_830));
/// assert_eq!(parse_timestamp("2024-05-01T12:20:30.999+02:00"), Ok(1_714_558_830));
/// assert_eq!(parse_timestamp("1714558830"), Ok(1_714_558_830));
/// assert!(parse_timestamp("2024-05-01T25:00:00Z").is_err());
/// ```
pub fn parse_timestamp(s: &str) -> Result<Timestamp, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    if s.len() > MAX_INPUT_LEN {
        return Err(DateError::Format);
    }
    let b = s.as_bytes();
    let digits = b
        .strip_prefix(b"-")
        .or_else(|| b.strip_prefix(b"+"))
        .unwrap_or(b);
    if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
        return s.parse::<i64>().map_err(|_| DateError::OutOfRange);
    }
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::Format);
    }
    let year = digits_at(b, 0, 4)?;
    let month = digits_at(b, 5, 2)?;
    let day = digits_at(b, 8, 2)?;
    let date = Date::new(year as u16, month as u8, day as u8)?;
    let mut secs = date.days_since_epoch() * 86_400;
    let rest = &b[10..];
    if rest.is_empty() {
        return Ok(secs);
    }
    if !matches!(rest[0], b'T' | b't' | b' ') {
        return Err(DateError::Format);
    }
    let (time_secs, rest) = parse_time(&rest[1..])?;
    secs += time_secs;
    let offset = parse_offset(rest)?;
    Ok(secs - offset)
}

/// Reads `hh:mm[:ss[.fff]]` and returns the seconds and what follows.
fn parse_time(b: &[u8]) -> Result<(i64, &[u8]), DateError> {
    if b.len() < 5 || b[2] != b':' {
        return Err(DateError::Format);
    }
    let h = digits_at(b, 0, 2)?;
    let m = digits_at(b, 3, 2)?;
    let mut rest = &b[5..];
    let mut sec = 0;
    if rest.first() == Some(&b':') {
        sec = digits_at(rest, 1, 2)?;
        rest = &rest[3..];
        if matches!(rest.first(), Some(b'.' | b',')) {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return Err(DateError::Format);
            }
            rest = &rest[1 + n..];
        }
    }
    if h > 23 || m > 59 || sec > 60 {
        return Err(DateError::Impossible);
    }
    Ok((i64::from(h * 3600 + m * 60 + sec), rest))
}

/// Reads nothing / `Z` / `±hh[:mm]` / `±hhmm` into seconds east of UTC.
fn parse_offset(b: &[u8]) -> Result<i64, DateError> {
    let b = match b.first() {
        Some(b' ') => &b[1..],
        _ => b,
    };
    match b {
        [] | [b'Z' | b'z'] => Ok(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest.len() {
                2 => (digits_at(rest, 0, 2)?, 0),
                4 => (digits_at(rest, 0, 2)?, digits_at(rest, 2, 2)?),
                5 if rest[2] == b':' => (digits_at(rest, 0, 2)?, digits_at(rest, 3, 2)?),
                _ => return Err(DateError::Format),
            };
            if h > 23 || m > 59 {
                return Err(DateError::Impossible);
            }
            let secs = i64::from(h * 3600 + m * 60);
            Ok(if *sign == b'-' { -secs } else { secs })
        }
        _ => Err(DateError::Format),
    }
}

/// `n` ASCII digits at `at`, as a number.
fn digits_at(b: &[u8], at: usize, n: usize) -> Result<u32, DateError> {
    let part = b.get(at..at + n).ok_or(DateError::Format)?;
    part.iter().try_fold(0u32, |acc, &c| {
        if c.is_ascii_digit() {
            Ok(acc * 10 + u32::from(c - b'0'))
        } else {
            Err(DateError::Format)
        }
    })
}

/// Drops the time of an ISO date-time (`1985-03-12T00:00:00Z` → `1985-03-12`).
fn strip_iso_time(s: &str) -> &str {
    let b = s.as_bytes();
    let iso_date = b.len() > 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[8..10].iter().all(u8::is_ascii_digit);
    if iso_date && matches!(b[10], b'T' | b't' | b' ') && b.get(11).is_some_and(u8::is_ascii_digit)
    {
        &s[..10]
    } else {
        s
    }
}

const MAX_TOKENS: usize = 4;
const MAX_WORD: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// A number and how many digits it had.
    Num(u32, u8),
    /// A month, from its name.
    Month(u8),
}

/// Separator seen between numeric parts (the first one wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    None,
    Dot,
    Other,
}

struct Tokens {
    toks: [Tok; MAX_TOKENS],
    len: usize,
    sep: Sep,
}

impl Tokens {
    fn as_slice(&self) -> &[Tok] {
        &self.toks[..self.len]
    }

    fn push(&mut self, t: Tok) -> Result<(), DateError> {
        if self.len == MAX_TOKENS {
            return Err(DateError::Format);
        }
        self.toks[self.len] = t;
        self.len += 1;
        Ok(())
    }
}

/// Splits into numbers and month names; drops ordinal suffixes (`12th`, `1er`), weekday names and
/// the Spanish/French connectives `de`/`del`. No allocation.
fn tokenize(s: &str) -> Result<Tokens, DateError> {
    let mut out = Tokens {
        toks: [Tok::Num(0, 0); MAX_TOKENS],
        len: 0,
        sep: Sep::None,
    };
    let mut chars = s.char_indices().peekable();
    let mut after_number = false;
    while let Some((_, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut value = u32::from(c as u8 - b'0');
            let mut n = 1u8;
            while let Some(&(_, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                chars.next();
                n = n.saturating_add(1);
                if n > 8 {
                    return Err(DateError::Format);
                }
                value = value * 10 + u32::from(d as u8 - b'0');
            }
            out.push(Tok::Num(value, n))?;
            after_number = true;
        } else if c.is_alphabetic() {
            let mut word = [0u8; MAX_WORD];
            let mut n = 0;
            let mut ch = Some(c);
            while let Some(w) = ch {
                let a = ascii_letter(w).ok_or(DateError::Format)?;
                if n == MAX_WORD {
                    return Err(DateError::Format);
                }
                word[n] = a;
                n += 1;
                ch = match chars.peek() {
                    Some(&(_, w)) if w.is_alphabetic() => {
                        chars.next();
                        Some(w)
                    }
                    _ => None,
                };
            }
            let word = &word[..n];
            if after_number && is_ordinal_suffix(word) {
                after_number = false;
                continue;
            }
            after_number = false;
            if let Some(m) = month_number(word) {
                out.push(Tok::Month(m))?;
            } else if !is_ignored_word(word) {
                return Err(DateError::Format);
            }
        } else {
            after_number = false;
            match c {
                '.' if out.sep == Sep::None && out.len > 0 => out.sep = Sep::Dot,
                '-' | '/' | ' ' if out.sep == Sep::None && out.len > 0 => out.sep = Sep::Other,
                '.' | '-' | '/' | ',' | ' ' | '\t' | '\u{a0}' => {}
                _ => return Err(DateError::Format),
            }
        }
    }
    Ok(out)
}

/// Lower-case ASCII letter for a Latin letter, accents dropped (the few month names need only these).
fn ascii_letter(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_lowercase() as u8);
    }
    Some(match c {
        'ä' | 'Ä' | 'à' | 'á' | 'â' => b'a',
        'é' | 'É' | 'è' | 'ê' => b'e',
        'û' | 'ü' | 'Û' | 'Ü' | 'ú' => b'u',
        'í' | 'î' => b'i',
        'ó' | 'ô' | 'ö' => b'o',
        _ => return None,
    })
}

fn is_ordinal_suffix(w: &[u8]) -> bool {
    matches!(w, b"st" | b"nd" | b"rd" | b"th" | b"er" | b"o")
}

fn is_ignored_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"de"
            | b"del"
            | b"of"
            | b"the"
            | b"le"
            | b"mon"
            | b"monday"
            | b"tue"
            | b"tues"
            | b"tuesday"
            | b"wed"
            | b"wednesday"
            | b"thu"
            | b"thur"
            | b"thurs"
            | b"thursday"
            | b"fri"
            | b"friday"
            | b"sat"
            | b"saturday"
            | b"sun"
            | b"sunday"
    )
}

/// Month number for an English, French, German or Spanish month name or abbreviation.
fn month_number(w: &[u8]) -> Option<u8> {
    Some(match w {
        b"jan" | b"january" | b"janv" | b"janvier" | b"januar" | b"jaenner" | b"janner"
        | b"ene" | b"enero" => 1,
        b"feb" | b"february" | b"fev" | b"fevr" | b"fevrier" | b"februar" | b"febrero" => 2,
        b"mar" | b"march" | b"mars" | b"marz" | b"maerz" | b"mrz" | b"marzo" => 3,
        b"apr" | b"april" | b"avr" | b"avril" | b"abr" | b"abril" => 4,
        b"may" | b"mai" | b"mayo" => 5,
        b"jun" | b"june" | b"juin" | b"juni" | b"junio" => 6,
        b"jul" | b"july" | b"juil" | b"juillet" | b"juli" | b"julio" => 7,
        b"aug" | b"august" | b"aou" | b"aout" | b"ago" | b"agosto" => 8,
        b"sep" | b"sept" | b"september" | b"septembre" | b"septiembre" | b"set" | b"setiembre" => 9,
        b"oct" | b"october" | b"octobre" | b"okt" | b"oktober" | b"octubre" => 10,
        b"nov" | b"november" | b"novembre" | b"noviembre" => 11,
        b"dec" | b"december" | b"decembre" | b"dez" | b"dezember" | b"dic" | b"diciembre" => 12,
        _ => return None,
    })
}

/// Turns tokens into a validated date.
fn interpret(t: &Tokens, cfg: &DateConfig) -> Result<Date, DateError> {
    use Tok::{Month, Num};
    let year = |v: u32, n: u8| -> Result<u16, DateError> {
        match n {
            1 | 2 => {
                let pivot = u32::from(cfg.two_digit_pivot).min(100);
                let full = if v < pivot { 2000 + v } else { 1900 + v };
                Ok(full as u16)
            }
            4 => Ok(v as u16),
            _ => Err(DateError::Format),
        }
    };
    let small = |v: u32, n: u8| -> Result<u8, DateError> {
        if n <= 2 {
            Ok(v as u8)
        } else {
            Err(DateError::Format)
        }
    };
    match *t.as_slice() {
        [] => Err(DateError::Format),
        [Num(v, 8)] => Date::new((v / 10_000) as u16, (v / 100 % 100) as u8, (v % 100) as u8),
        [Num(y, 4), Num(m, mn), Num(d, dn)] => Date::new(y as u16, small(m, mn)?, small(d, dn)?),
        [Num(a, an), Num(b, bn), Num(y, yn)] => {
            let (a, b) = (small(a, an)?, small(b, bn)?);
            let pref = if t.sep == Sep::Dot {
                DateOrder::DayFirst
            } else {
                cfg.order
            };
            let day_first = match (a > 12, b > 12) {
                (true, false) => true,
                (false, true) => false,
                _ => pref == DateOrder::DayFirst,
            };
            let (m, d) = if day_first { (b, a) } else { (a, b) };
            Date::new(year(y, yn)?, m, d)
        }
        [Num(y, 4), Month(m), Num(d, dn)] => Date::new(y as u16, m, small(d, dn)?),
        [Num(d, dn), Month(m), Num(y, yn)] | [Month(m), Num(d, dn), Num(y, yn)] => {
            Date::new(year(y, yn)?, m, small(d, dn)?)
        }
        _ => Err(DateError::Format),
    }
}

fn is_leap(y: u16) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const MF: DateOrder = DateOrder::MonthFirst;
    const DF: DateOrder = DateOrder::DayFirst;

    /// (input, order, expected ISO date or error).
    const DATES: &[(&str, DateOrder, Result<&str, DateError>)] = &[
        ("1985-03-12", MF, Ok("1985-03-12")),
        ("1985/03/12", DF, Ok("1985-03-12")),
        ("1985.3.2", MF, Ok("1985-03-02")),
        ("19850312", MF, Ok("1985-03-12")),
        ("  1985-03-12 ", MF, Ok("1985-03-12")),
        ("1985-03-12T00:00:00Z", MF, Ok("1985-03-12")),
        ("1985-03-12 23:59:59+02:00", MF, Ok("1985-03-12")),
        ("03/12/1985", MF, Ok("1985-03-12")),
        ("03/12/1985", DF, Ok("1985-12-03")),
        ("3-12-1985", MF, Ok("1985-03-12")),
        ("21/10/1988", MF, Ok("1988-10-21")),
        ("10/21/1988", DF, Ok("1988-10-21")),
        ("12.03.1985", MF, Ok("1985-03-12")),
        ("03.21.1985", MF, Ok("1985-03-21")),
        ("8/10/51", MF, Ok("1951-08-10")),
        ("8/10/29", MF, Ok("2029-08-10")),
        ("8/10/30", MF, Ok("1930-08-10")),
        ("1/2/5", DF, Ok("2005-02-01")),
        ("12 Mar 1985", MF, Ok("1985-03-12")),
        ("March 12, 1985", DF, Ok("1985-03-12")),
        ("12-MAR-1985", MF, Ok("1985-03-12")),
        ("12-mar-85", MF, Ok("1985-03-12")),
        ("1985-Mar-12", MF, Ok("1985-03-12")),
        ("March 12th, 1985", MF, Ok("1985-03-12")),
        ("1st January 2000", MF, Ok("2000-01-01")),
        ("Tuesday, 12 March 1985", MF, Ok("1985-03-12")),
        ("Sept. 9, 1999", MF, Ok("1999-09-09")),
        ("12 März 1985", MF, Ok("1985-03-12")),
        ("1er août 1990", MF, Ok("1990-08-01")),
        ("12 de marzo de 1985", MF, Ok("1985-03-12")),
        ("12. Dezember 1985", MF, Ok("1985-12-12")),
        ("2024-02-29", MF, Ok("2024-02-29")),
        ("2000-02-29", MF, Ok("2000-02-29")),
        ("1900-02-29", MF, Err(DateError::Impossible)),
        ("2023-02-29", MF, Err(DateError::Impossible)),
        ("1985-02-30", MF, Err(DateError::Impossible)),
        ("1985-13-01", MF, Err(DateError::Impossible)),
        ("1985-04-31", MF, Err(DateError::Impossible)),
        ("1985-03-00", MF, Err(DateError::Impossible)),
        ("13/13/1985", MF, Err(DateError::Impossible)),
        ("1799-12-31", MF, Err(DateError::OutOfRange)),
        ("2201-01-01", MF, Err(DateError::OutOfRange)),
        ("00000000", MF, Err(DateError::OutOfRange)),
        ("", MF, Err(DateError::Empty)),
        (" \t", MF, Err(DateError::Empty)),
        ("yesterday", MF, Err(DateError::Format)),
        ("1985", MF, Err(DateError::Format)),
        ("1985-03", MF, Err(DateError::Format)),
        ("123/4/1985", MF, Err(DateError::Format)),
        ("1/2/345", MF, Err(DateError::Format)),
        ("1985-03-12-01", MF, Err(DateError::Format)),
        ("12 Foo 1985", MF, Err(DateError::Format)),
        ("12 Mar Apr 1985", MF, Err(DateError::Format)),
        ("1985_03_12", MF, Err(DateError::Format)),
        ("999999999999", MF, Err(DateError::Format)),
        ("１９８５-03-12", MF, Err(DateError::Format)),
    ];

    #[test]
    fn parse_date_table() {
        for &(input, order, ref want) in DATES {
            let cfg = DateConfig {
                order,
                ..DateConfig::default()
            };
            let got = parse_date(input, &cfg).map(|d| d.to_string());
            let want = want.map(str::to_string);
            assert_eq!(got, want, "input {input:?}");
        }
    }

    /// (input, expected seconds or error).
    const TIMESTAMPS: &[(&str, Result<i64, DateError>)] = &[
        ("1970-01-01", Ok(0)),
        ("1970-01-01T00:00:00Z", Ok(0)),
        ("2024-05-01", Ok(1_714_521_600)),
        ("2024-05-01T10:20:30Z", Ok(1_714_558_830)),
        ("2024-05-01 10:20:30", Ok(1_714_558_830)),
        ("2024-05-01t10:20", Ok(1_714_558_800)),
        ("2024-05-01T12:20:30+02:00", Ok(1_714_558_830)),
        ("2024-05-01T05:20:30-0500", Ok(1_714_558_830)),
        ("2024-05-01T12:20:30+02", Ok(1_714_558_830)),
        ("2024-05-01T10:20:30.123456Z", Ok(1_714_558_830)),
        ("2024-05-01 10:20:30 +00:00", Ok(1_714_558_830)),
        ("1969-12-31T23:59:59Z", Ok(-1)),
        ("2000-03-01", Ok(951_868_800)),
        ("1714558830", Ok(1_714_558_830)),
        ("-86400", Ok(-86_400)),
        ("99999999999999999999", Err(DateError::OutOfRange)),
        ("", Err(DateError::Empty)),
        ("2024-05-01T24:00:00Z", Err(DateError::Impossible)),
        ("2024-05-01T10:60:00Z", Err(DateError::Impossible)),
        ("2024-05-01T10:20:30+24:00", Err(DateError::Impossible)),
        ("2024-02-30", Err(DateError::Impossible)),
        ("2024-05-01T10:20:30X", Err(DateError::Format)),
        ("2024-05-01T10", Err(DateError::Format)),
        ("2024-05-01T10:20:30.Z", Err(DateError::Format)),
        ("05/01/2024", Err(DateError::Format)),
        ("2024-5-1", Err(DateError::Format)),
        ("-", Err(DateError::Format)),
    ];

    #[test]
    fn parse_timestamp_table() {
        for &(input, want) in TIMESTAMPS {
            assert_eq!(parse_timestamp(input), want, "input {input:?}");
        }
    }

    #[test]
    fn days_from_civil_matches_day_by_day_count() {
        let mut expected = Date::new(1800, 1, 1).unwrap().days_since_epoch();
        for y in MIN_YEAR..=MAX_YEAR {
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    let date = Date::new(y, m, d).unwrap();
                    assert_eq!(date.days_since_epoch(), expected, "{date}");
                    expected += 1;
                }
            }
        }
    }

    #[test]
    fn long_input_is_rejected_fast() {
        let long = "1".repeat(1 << 20);
        assert_eq!(
            parse_date(&long, &DateConfig::default()),
            Err(DateError::Format)
        );
        assert_eq!(parse_timestamp(&long), Err(DateError::Format));
    }

    #[test]
    fn errors_do_not_echo_input() {
        let e = parse_date("1985-02-30", &DateConfig::default()).unwrap_err();
        assert!(!e.to_string().contains("1985-02-30"));
    }
}
