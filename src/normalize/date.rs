//! Dates of birth and timestamps: ISO, compact, month-first / day-first, month names, two-digit
//! years, any script's digits, and the Solar Hijri and Thai Buddhist calendars.
//!
//! [`parse_date`] reads the date formats customer data actually carries and returns a validated
//! [`Date`] (always proleptic Gregorian); [`parse_date_in`] does the same in the conventions of a
//! record's country ([`DateContext::for_country`]). [`parse_timestamp`] reads ISO 8601 date-times
//! (or integer epoch seconds) into a [`Timestamp`]. None allocates, panics, or looks at more than
//! [`MAX_INPUT_LEN`] bytes.
//!
//! # Accepted date forms
//!
//! | Form | Example | Notes |
//! |------|---------|-------|
//! | ISO | `1985-03-12`, `1985/03/12`, `1985.03.12` | year first is always `Y-m-d` |
//! | date-times | `1985-03-12T00:00:00Z`, `3/12/1985 10:00`, `03/12/1985 12:00:00 AM`, `12-Mar-1985 00:00:00` | any date form below with a time; the time is checked, then ignored (see [Date-times](self#date-times)) |
//! | compact | `19850312` | exactly eight digits, `YYYYMMDD` |
//! | numeric | `03/12/1985`, `12/03/1985`, `03-12-85` | order from the context ([`DateContext::order`]), unless a part is > 12; [`DateOrder::Reject`] rejects ambiguous ones |
//! | dotted | `12.03.1985` | day-first (German style) unless the middle part is > 12 or the order is [`DateOrder::Reject`] |
//! | month names | `12 Mar 1985`, `March 12, 1985`, `12-MAR-1985`, `1985-Mar-12`, `12th March 1985` | English, French, German, Spanish |
//! | Persian / Dari month names | `12 اسفند 1364`, `۱۲ اسفند ۱۳۶۴`, `1364 اسفند 12`, `12 esfand 1364`, `5 حوت 1364` | always Solar Hijri |
//! | Persian names of Gregorian months | `12 مارس 1985` (ژانویه … دسامبر) | Gregorian |
//! | Thai month names | `3 มีนาคม 2528`, `3 มี.ค. 28`, `3 มี.ค. 1985` | Buddhist era when the year is ≥ 2300 or has two digits, else Gregorian |
//! | era markers | `พ.ศ. 2528` (Buddhist era), `ค.ศ. 1985` / `میلادی` (Gregorian), `ه.ش` / `هجری شمسی` / `ش` (Solar Hijri) | a marker decides the calendar; a lunar Hijri marker (`ه.ق`, `قمری`) is [`DateError::Format`] |
//!
//! Digits of any script are read as digits: ASCII, Persian `۰`–`۹`, Arabic-Indic `٠`–`٩`, Thai
//! `๐`–`๙`, Devanagari, Bengali, full-width `０`–`９` and every other Unicode decimal digit
//! (Unicode 15, general category `Nd`). Separators are `-` `/` `.` `,` and spaces, plus the
//! typographic dashes (U+2010–U+2015, U+2212), the fraction and division slashes, the full-width
//! `／` `－` `．`, the Arabic date separator `؍`, comma `،` and the Persian decimal and thousands
//! separators `٫` `٬`. Invisible format characters (zero-width space / non-joiner / joiner, the
//! bidirectional marks and embeddings LRM, RLM, ALM, LRE … PDI, word joiner, BOM) are ignored,
//! and inside a Persian or Thai word so are the zero-width non-joiner, the tatweel and the Arabic
//! vowel signs; `ي` `ى` `ك` (Arabic keyboard) read as `ی` `ک`, and Thai tone marks, maitaikhu
//! and thanthakhat (often dropped in typing) are ignored.
//!
//! # Date-times
//!
//! Exports often write a date of birth as a date-time. A time after the date is checked and
//! dropped (a date of birth has no time of day; no offset moves the date):
//!
//! | Part | Accepted | Example |
//! |------|----------|---------|
//! | separator | one or more spaces or a comma; `T` right after the date's last digit | `1985-03-12T10:00`, `March 12, 1985, 10:00` |
//! | time | `h:mm` or `hh:mm`, then optionally `:ss` and a fraction `.fff` / `,fff` | `3/12/1985 10:00`, `1985-03-12 00:00:00.000` |
//! | 12-hour marker | `AM`, `PM`, `a.m.`, `p.m.` (any case, a space before or not) | `03/12/1985 12:00:00 AM`, `3/12/1985 9:30pm` |
//! | zone | `Z`, `UTC`, `GMT`, an offset `±hh`, `±hhmm`, `±hh:mm` (after `UTC`/`GMT` too) | `1985-03-12T00:00:00Z`, `1985-03-12 00:00:00 +05:30` |
//!
//! A time that does not exist (hour above 23, or above 12 with AM/PM; minute above 59; second
//! above 60; offset hour above 23) is [`DateError::Impossible`], never ignored: `24:00` is
//! rejected. Anything else after the time, or a time not after a date, is [`DateError::Format`].
//! Times are read in ASCII digits only.
//!
//! # Rejected as evidence
//!
//! A date can be real and still not describe a person: [`DateError::Placeholder`] for the dates
//! systems write when the real one is unknown ([`PLACEHOLDER_DATES`]: `1900-01-01`,
//! `1970-01-01`, `9999-12-31`, ...; [`DateConfig::reject_placeholders`]); [`DateError::Future`]
//! for a date after [`DateConfig::latest`], the reference date the caller passes (the library
//! reads no clock, so results never depend on the day they are computed); and
//! [`DateError::Ambiguous`] for `03/04/1985` when the order is [`DateOrder::Reject`].
//!
//! # Day/month order from the data
//!
//! Per source, the values decide where they can ([`OrderEvidence`], used by the CSV loader:
//! [`crate::csv::Dataset::date_orders`]): a numeric date whose first part is above 12
//! (`21/10/1988`) says day-first, one whose second part is above 12 (`10/21/1988`) says
//! month-first. A source with evidence one way only is read that way
//! ([`DateConfig::context_for`]); a source with none, or with both (then the loader warns), is
//! read in the configured or country order.
//!
//! # Calendars
//!
//! The calendar of a date comes from, in order: an era marker in the text; Persian or Thai month
//! names in the text; [`DateConfig::calendar`] when set; the context's [`Calendar`]. The calendar is
//! never taken from the size of the year alone: in the [`Calendar::Gregorian`] context
//! `1361/10/05` is the Gregorian year 1361 (out of the default range), never Solar Hijri.
//!
//! | Context | Numeric date | Read as |
//! |---------|--------------|---------|
//! | [`Calendar::Gregorian`] | any | Gregorian, as it always was |
//! | [`Calendar::SolarHijri`] (Iran, Afghanistan) | four-digit year 1200–1499: `1361/10/05`, `۱۳۴۸/۱۰/۲`, `05/10/1361`, `13611005` | Solar Hijri |
//! | | any other four-digit year: `1982-12-26` | Gregorian (ISO dates are common in Iranian records) |
//! | | two-digit year: `61/10/05`, `05/10/61` | Solar Hijri; year/month/day unless only the last part can be a year |
//! | [`Calendar::ThaiBuddhist`] (Thailand) | four-digit year ≥ 2300: `02/12/2510` | Buddhist era, year − 543 |
//! | | four-digit year below 2300: `02/12/1967` | Gregorian |
//! | | two-digit year: `03/03/28` | Buddhist era |
//!
//! Two-digit years take the window of [`DateConfig::two_digit_pivot`] `p` (30 by default),
//! shifted to each calendar: Gregorian `1900 + p ..= 1999 + p` (1930–2029), Solar Hijri
//! `1279 + p ..= 1378 + p` (1309–1408: `61` is 1361, `05` is 1405), Buddhist era
//! `2443 + p ..= 2542 + p` (2473–2572: `28` is 2528, i.e. 1985). The three windows cover the same
//! span of Gregorian time.
//!
//! Solar Hijri dates are converted with the 33-year-cycle arithmetic of Borkowski as used by
//! jalaali-js (months 1–6 have 31 days, 7–11 have 30, Esfand 29, or 30 in leap years); Buddhist-era
//! years are Gregorian + 543 for the whole year. Thailand started its year on 1 January only in
//! 1941 (BE 2484); before that BE years began on 1 April, so strictly January–March of BE 2483 and
//! earlier were one Gregorian year later. Like ICU's Buddhist calendar, this parser applies the
//! modern offset to every date; see [`Date::from_buddhist_era`].
//!
//! # Range
//!
//! A [`Date`] can hold any year from 1 to 9999. The parsers accept Gregorian years from
//! [`DateConfig::min_year`] to [`DateConfig::max_year`] (by default [`MIN_YEAR`] 1500 to
//! [`MAX_YEAR`] 2200) and reject others as [`DateError::OutOfRange`]: registers of the 16th to
//! the 20th century read as they are, while a Solar Hijri year (1300s and 1400s) read without its
//! calendar is no Gregorian date. Older data can widen the range. Impossible dates (February 30, month 13, day 0, February 29 of a non-leap year, Esfand 30
//! of a common Solar Hijri year) are [`DateError::Impossible`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::profile::Timestamp;

/// Earliest year accepted by default ([`DateConfig::min_year`]) and by [`parse_timestamp`].
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig, DateError, MIN_YEAR};
/// assert_eq!(DateConfig::default().min_year, MIN_YEAR);
/// assert!(parse_date("1500-01-01", &DateConfig::default()).is_ok());
/// assert!(parse_date("1612-04-23", &DateConfig::default()).is_ok());
/// assert_eq!(parse_date("1499-12-31", &DateConfig::default()), Err(DateError::OutOfRange));
/// // A Solar Hijri date read without its calendar is no Gregorian date.
/// assert_eq!(parse_date("1364/12/12", &DateConfig::default()), Err(DateError::OutOfRange));
/// ```
pub const MIN_YEAR: u16 = 1500;

/// Latest year accepted by default ([`DateConfig::max_year`]) and by [`parse_timestamp`].
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig, DateError, MAX_YEAR};
/// assert_eq!(DateConfig::default().max_year, MAX_YEAR);
/// assert!(parse_date("2200-12-31", &DateConfig::default()).is_ok());
/// assert_eq!(parse_date("2201-01-01", &DateConfig::default()), Err(DateError::OutOfRange));
/// ```
pub const MAX_YEAR: u16 = 2200;

/// Longest input looked at, in bytes (after trimming); longer input is [`DateError::Format`].
///
/// Persian and Thai letters take two or three bytes each, so the limit leaves room for
/// `วันที่ ๓ กุมภาพันธ์ พ.ศ. ๒๕๒๘`.
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig, DateError, MAX_INPUT_LEN};
/// let long = "1".repeat(MAX_INPUT_LEN + 1);
/// assert_eq!(parse_date(&long, &DateConfig::default()), Err(DateError::Format));
/// ```
pub const MAX_INPUT_LEN: usize = 128;

/// Dates that systems write in a date-of-birth field when the real one is unknown, rejected as
/// [`DateError::Placeholder`] (unless [`DateConfig::reject_placeholders`] is off). Sorted.
///
/// | Date | Where it comes from |
/// |------|---------------------|
/// | `0001-01-01` | the minimum of .NET `DateTime` and of SQL `date`/`datetime2` |
/// | `1111-11-11` | typed as filler |
/// | `1753-01-01` | the minimum of SQL Server `datetime` |
/// | `1899-12-30` | day 0 of OLE Automation / Excel dates |
/// | `1900-01-01` | day 0 of SQL Server `datetime`, day 1 of Excel; the usual "unknown" |
/// | `1901-01-01` | filler, and near the minimum of 32-bit Unix time (1901-12-13) |
/// | `1969-12-31`, `1970-01-01` | Unix time 0 (an empty value stored as 0, shown west / east of UTC) |
/// | `9999-12-31` | the maximum of most date types, used as "none" |
///
/// `1970-01-01` is rejected although real people were born that day, because an empty date
/// stored as 0 is the far more common source: public bug reports of date-of-birth fields that
/// show 1970-01-01 (or 1969-12-31, the same instant in American time zones) for a missing
/// value are many, across web forms, Java, JavaScript (`new Date(null)`) and PHP systems. A
/// placeholder taken as evidence joins unrelated people; rejecting a real date only loses one
/// piece of evidence. Outside the accepted year range a placeholder is still
/// [`DateError::Placeholder`].
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig, DateError, PLACEHOLDER_DATES};
/// let cfg = DateConfig::default();
/// for d in PLACEHOLDER_DATES {
///     assert_eq!(parse_date(&d.to_string(), &cfg), Err(DateError::Placeholder), "{d}");
/// }
/// assert_eq!(parse_date("01/01/1900 00:00", &cfg), Err(DateError::Placeholder));
/// assert!(parse_date("1900-01-02", &cfg).is_ok());
/// ```
pub const PLACEHOLDER_DATES: &[Date] = &[
    Date {
        year: 1,
        month: 1,
        day: 1,
    },
    Date {
        year: 1111,
        month: 11,
        day: 11,
    },
    Date {
        year: 1753,
        month: 1,
        day: 1,
    },
    Date {
        year: 1899,
        month: 12,
        day: 30,
    },
    Date {
        year: 1900,
        month: 1,
        day: 1,
    },
    Date {
        year: 1901,
        month: 1,
        day: 1,
    },
    Date {
        year: 1969,
        month: 12,
        day: 31,
    },
    Date {
        year: 1970,
        month: 1,
        day: 1,
    },
    Date {
        year: 9999,
        month: 12,
        day: 31,
    },
];

/// Smallest and largest year a [`Date`] can hold.
const ABS_MIN_YEAR: u16 = 1;
const ABS_MAX_YEAR: u16 = 9999;

/// A calendar date (proleptic Gregorian), always valid when built by [`Date::new`] or a parser.
///
/// Displays as ISO `yyyy-mm-dd`, which [`parse_date`] reads back (within the configured range).
///
/// ```
/// use selfsame::normalize::date::Date;
/// let d = Date::new(1985, 3, 12).unwrap();
/// assert_eq!(d.to_string(), "1985-03-12");
/// assert!(d < Date::new(1985, 3, 13).unwrap());
/// // A date of birth is personal data: `Debug` does not show it (`Display` does, on purpose).
/// assert_eq!(format!("{d:?}"), "Date(..)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// A validated Gregorian date: year 1 to 9999 (else [`DateError::OutOfRange`]), month 1–12
    /// and a day that exists in that month (else [`DateError::Impossible`]).
    ///
    /// The plausibility range of dates of birth ([`DateConfig::min_year`] ..=
    /// [`DateConfig::max_year`]) is the parsers' business, not this constructor's.
    ///
    /// ```
    /// use selfsame::normalize::date::{Date, DateError};
    /// assert!(Date::new(2024, 2, 29).is_ok());
    /// assert_eq!(Date::new(2023, 2, 29), Err(DateError::Impossible));
    /// assert_eq!(Date::new(1985, 13, 1), Err(DateError::Impossible));
    /// assert!(Date::new(1582, 10, 10).is_ok());
    /// assert_eq!(Date::new(0, 1, 1), Err(DateError::OutOfRange));
    /// assert_eq!(Date::new(10_000, 1, 1), Err(DateError::OutOfRange));
    /// ```
    #[inline(always)]
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if !(ABS_MIN_YEAR..=ABS_MAX_YEAR).contains(&year) {
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

    /// The date `days` days after 1970-01-01 (before it when negative): the inverse of
    /// [`Date::days_since_epoch`]. [`DateError::OutOfRange`] outside years 1 to 9999.
    ///
    /// ```
    /// use selfsame::normalize::date::{Date, DateError};
    /// assert_eq!(Date::from_days_since_epoch(11_017).unwrap().to_string(), "2000-03-01");
    /// assert_eq!(Date::from_days_since_epoch(-1).unwrap().to_string(), "1969-12-31");
    /// assert_eq!(Date::from_days_since_epoch(i64::MIN), Err(DateError::OutOfRange));
    /// ```
    pub fn from_days_since_epoch(days: i64) -> Result<Date, DateError> {
        // Years 1..=9999 span about ±3 million days around the epoch; this bound keeps the
        // arithmetic far from overflow.
        if days.unsigned_abs() > 10_000_000 {
            return Err(DateError::OutOfRange);
        }
        let (y, m, d) = civil_from_days(days);
        let year = u16::try_from(y).map_err(|_| DateError::OutOfRange)?;
        Date::new(year, m as u8, d as u8)
    }

    /// The Gregorian date of a Solar Hijri (Jalali, Iranian) date, years 1 to 3177.
    ///
    /// Months 1–6 have 31 days, 7–11 have 30, and Esfand (12) has 29, or 30 in a leap year;
    /// anything else is [`DateError::Impossible`]. A year outside 1..=3177 is
    /// [`DateError::OutOfRange`]. Leap years follow Borkowski's 33-year-cycle arithmetic (as in
    /// jalaali-js), which matches the official calendar for every year in use.
    ///
    /// ```
    /// use selfsame::normalize::date::{Date, DateError};
    /// assert_eq!(Date::from_solar_hijri(1403, 1, 1).unwrap().to_string(), "2024-03-20");
    /// assert_eq!(Date::from_solar_hijri(1361, 10, 5).unwrap().to_string(), "1982-12-26");
    /// assert_eq!(Date::from_solar_hijri(1399, 12, 30).unwrap().to_string(), "2021-03-20");
    /// assert_eq!(Date::from_solar_hijri(1400, 12, 30), Err(DateError::Impossible));
    /// assert_eq!(Date::from_solar_hijri(1361, 7, 31), Err(DateError::Impossible));
    /// ```
    pub fn from_solar_hijri(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        let jy = i64::from(year);
        if year == 0 {
            return Err(DateError::OutOfRange);
        }
        let cal = jal_cal(jy).ok_or(DateError::OutOfRange)?;
        let len = match month {
            1..=6 => 31,
            7..=11 => 30,
            12 if cal.leap == 0 => 30,
            12 => 29,
            _ => return Err(DateError::Impossible),
        };
        if day == 0 || day > len {
            return Err(DateError::Impossible);
        }
        let (jm, jd) = (i64::from(month), i64::from(day));
        let days =
            days_from_civil(cal.gy, 3, cal.march) + (jm - 1) * 31 - jm / 7 * (jm - 7) + jd - 1;
        Date::from_days_since_epoch(days)
    }

    /// This date in the Solar Hijri calendar as `(year, month, day)`, or `None` before
    /// 1 Farvardin 1 (622-03-22) or after the last year [`Date::from_solar_hijri`] handles.
    ///
    /// ```
    /// use selfsame::normalize::date::Date;
    /// assert_eq!(Date::new(2025, 3, 21).unwrap().to_solar_hijri(), Some((1404, 1, 1)));
    /// assert_eq!(Date::new(1969, 12, 23).unwrap().to_solar_hijri(), Some((1348, 10, 2)));
    /// assert_eq!(Date::new(2025, 3, 20).unwrap().to_solar_hijri(), Some((1403, 12, 30)));
    /// assert_eq!(Date::new(100, 1, 1).unwrap().to_solar_hijri(), None);
    /// ```
    pub fn to_solar_hijri(&self) -> Option<(u16, u8, u8)> {
        let days = self.days_since_epoch();
        let gy = i64::from(self.year);
        let mut jy = gy - 621;
        let Some(cal) = jal_cal(jy) else {
            // Past the last year the leap rule covers (3177): the Gregorian January to March of
            // the year after still belong to it, counted from its first day.
            let last = u16::try_from(jy - 1).ok()?;
            let start = Date::from_solar_hijri(last, 1, 1).ok()?.days_since_epoch();
            let k = days - start;
            let triple = match k {
                0..=185 => sh_triple(jy - 1, 1 + k / 31, k % 31 + 1),
                186.. => sh_triple(jy - 1, 7 + (k - 186) / 30, (k - 186) % 30 + 1),
                _ => None,
            }?;
            // Past its last day: a year the rule does not cover.
            let back = Date::from_solar_hijri(triple.0, triple.1, triple.2).ok()?;
            return (back == *self).then_some(triple);
        };
        let mut k = days - days_from_civil(gy, 3, cal.march);
        if (0..=185).contains(&k) {
            return sh_triple(jy, 1 + k / 31, k % 31 + 1);
        }
        if k > 185 {
            k -= 186;
        } else {
            jy -= 1;
            k += 179;
            if cal.leap == 1 {
                k += 1;
            }
        }
        sh_triple(jy, 7 + k / 30, k % 30 + 1)
    }

    /// The Gregorian date of a Thai Buddhist-era date: the year minus 543, month and day
    /// unchanged. [`DateError::OutOfRange`] when the result is outside years 1 to 9999.
    ///
    /// The whole BE year is taken to start on 1 January, as it has since 1941 (BE 2484), for
    /// every year (as ICU's Buddhist calendar does); under the older reckoning January–March of
    /// BE 2483 and earlier belonged to the next Gregorian year.
    ///
    /// ```
    /// use selfsame::normalize::date::{Date, DateError};
    /// assert_eq!(Date::from_buddhist_era(2510, 12, 2).unwrap().to_string(), "1967-12-02");
    /// assert_eq!(Date::from_buddhist_era(2488, 8, 5).unwrap().to_string(), "1945-08-05");
    /// assert_eq!(Date::from_buddhist_era(543, 1, 1), Err(DateError::OutOfRange));
    /// ```
    pub fn from_buddhist_era(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        let g = year.checked_sub(543).ok_or(DateError::OutOfRange)?;
        Date::new(g, month, day)
    }

    /// The Thai Buddhist-era year of this date (Gregorian year + 543).
    ///
    /// ```
    /// use selfsame::normalize::date::Date;
    /// assert_eq!(Date::new(1985, 3, 3).unwrap().buddhist_era_year(), 2528);
    /// ```
    pub fn buddhist_era_year(&self) -> u16 {
        self.year.saturating_add(543)
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

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Date(..)")
    }
}

/// Which comes first in ambiguous numeric dates like `03/04/1985`, or whether they are rejected.
///
/// A numeric date is *ambiguous* when its day and month parts are both 12 or less and differ
/// (`03/04/1985`); `13/04/1985` and `04/04/1985` are not.
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig, DateError, DateOrder};
/// let de = DateConfig { order: DateOrder::DayFirst, ..Default::default() };
/// assert_eq!(parse_date("03/04/1985", &de).unwrap().to_string(), "1985-04-03");
/// assert_eq!(parse_date("03/04/1985", &DateConfig::default()).unwrap().to_string(), "1985-03-04");
/// let strict = DateConfig::default().with_order(DateOrder::Reject);
/// assert_eq!(parse_date("03/04/1985", &strict), Err(DateError::Ambiguous));
/// assert_eq!(parse_date("13/04/1985", &strict).unwrap().to_string(), "1985-04-13");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateOrder {
    /// `m/d/Y` (US). The default.
    #[default]
    MonthFirst,
    /// `d/m/Y` (most of the world).
    DayFirst,
    /// Neither: an ambiguous numeric date (dotted ones too) is [`DateError::Ambiguous`]. Dates
    /// whose values decide the order, year-first dates and month names are read as usual.
    Reject,
}

/// The calendar numeric dates are read in (see the [module docs](self#calendars)).
///
/// ```
/// use selfsame::normalize::date::{parse_date, Calendar, DateConfig};
/// assert_eq!(Calendar::default(), Calendar::Gregorian);
/// let th = DateConfig::default().with_calendar(Calendar::ThaiBuddhist);
/// assert_eq!(parse_date("12/02/2510", &th).unwrap().to_string(), "1967-12-02");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Calendar {
    /// The proleptic Gregorian calendar. The default.
    #[default]
    Gregorian,
    /// The Solar Hijri (Jalali) calendar of Iran and Afghanistan: four-digit years 1200–1499 and
    /// two-digit years are Solar Hijri, other years Gregorian.
    SolarHijri,
    /// The Thai solar calendar with Buddhist-era years: years from 2300 and two-digit years are
    /// Buddhist era (Gregorian + 543), other years Gregorian.
    ThaiBuddhist,
}

/// The date conventions of one record: its calendar and the order of ambiguous numeric dates.
///
/// ```
/// use selfsame::normalize::date::{parse_date_in, Calendar, DateConfig, DateContext, DateOrder};
/// let ir = DateContext::for_country("ir").unwrap();
/// assert_eq!(ir, DateContext { calendar: Calendar::SolarHijri, order: DateOrder::DayFirst });
/// let cfg = DateConfig::default();
/// assert_eq!(parse_date_in("1361/10/05", &cfg, ir).unwrap().to_string(), "1982-12-26");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateContext {
    /// Calendar of numeric dates.
    pub calendar: Calendar,
    /// Order of ambiguous numeric dates whose year is last.
    pub order: DateOrder,
}

impl DateContext {
    /// The date conventions of a country, by ISO 3166-1 alpha-2 code (any case), or `None` for a
    /// string that is not an assigned code (`XK` Kosovo and `UK` are accepted too).
    ///
    /// | Countries | Calendar | Order |
    /// |-----------|----------|-------|
    /// | `IR`, `AF` | [`Calendar::SolarHijri`] | [`DateOrder::DayFirst`] |
    /// | `TH` | [`Calendar::ThaiBuddhist`] | [`DateOrder::DayFirst`] |
    /// | `US` and its territories `AS`, `GU`, `MP`, `PR`, `UM`, `VI`; `PH`, `FM`, `MH`, `PW`; `CA` | [`Calendar::Gregorian`] | [`DateOrder::MonthFirst`] |
    /// | every other code | [`Calendar::Gregorian`] | [`DateOrder::DayFirst`] |
    ///
    /// Canada mixes all three orders (ISO `Y-m-d` is the official standard, `m/d/Y` is common in
    /// English and `d/m/Y` in French); it is kept month-first, the crate's default, because
    /// Canadian customer data mostly passes through US-configured software. A part greater than
    /// 12 overrides the order either way. No allocation.
    ///
    /// ```
    /// use selfsame::normalize::date::{Calendar, DateContext, DateOrder};
    /// assert_eq!(DateContext::for_country("TH").unwrap().calendar, Calendar::ThaiBuddhist);
    /// assert_eq!(DateContext::for_country("us").unwrap().order, DateOrder::MonthFirst);
    /// assert_eq!(DateContext::for_country("De").unwrap().order, DateOrder::DayFirst);
    /// assert_eq!(DateContext::for_country("AF").unwrap().calendar, Calendar::SolarHijri);
    /// assert_eq!(DateContext::for_country("ZZ"), None);
    /// assert_eq!(DateContext::for_country("USA"), None);
    /// ```
    pub fn for_country(alpha2: &str) -> Option<DateContext> {
        let code = match alpha2.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                [a.to_ascii_uppercase(), b.to_ascii_uppercase()]
            }
            _ => return None,
        };
        COUNTRIES.binary_search(&code).ok()?;
        let (calendar, order) = match &code {
            b"IR" | b"AF" => (Calendar::SolarHijri, DateOrder::DayFirst),
            b"TH" => (Calendar::ThaiBuddhist, DateOrder::DayFirst),
            b"US" | b"AS" | b"GU" | b"MP" | b"PR" | b"UM" | b"VI" | b"PH" | b"FM" | b"MH"
            | b"PW" | b"CA" => (Calendar::Gregorian, DateOrder::MonthFirst),
            _ => (Calendar::Gregorian, DateOrder::DayFirst),
        };
        Some(DateContext { calendar, order })
    }
}

/// ISO 3166-1 alpha-2 codes (officially assigned), plus `UK` and `XK`; sorted.
const COUNTRIES: &[[u8; 2]] = &[
    *b"AD", *b"AE", *b"AF", *b"AG", *b"AI", *b"AL", *b"AM", *b"AO", *b"AQ", *b"AR", *b"AS", *b"AT",
    *b"AU", *b"AW", *b"AX", *b"AZ", *b"BA", *b"BB", *b"BD", *b"BE", *b"BF", *b"BG", *b"BH", *b"BI",
    *b"BJ", *b"BL", *b"BM", *b"BN", *b"BO", *b"BQ", *b"BR", *b"BS", *b"BT", *b"BV", *b"BW", *b"BY",
    *b"BZ", *b"CA", *b"CC", *b"CD", *b"CF", *b"CG", *b"CH", *b"CI", *b"CK", *b"CL", *b"CM", *b"CN",
    *b"CO", *b"CR", *b"CU", *b"CV", *b"CW", *b"CX", *b"CY", *b"CZ", *b"DE", *b"DJ", *b"DK", *b"DM",
    *b"DO", *b"DZ", *b"EC", *b"EE", *b"EG", *b"EH", *b"ER", *b"ES", *b"ET", *b"FI", *b"FJ", *b"FK",
    *b"FM", *b"FO", *b"FR", *b"GA", *b"GB", *b"GD", *b"GE", *b"GF", *b"GG", *b"GH", *b"GI", *b"GL",
    *b"GM", *b"GN", *b"GP", *b"GQ", *b"GR", *b"GS", *b"GT", *b"GU", *b"GW", *b"GY", *b"HK", *b"HM",
    *b"HN", *b"HR", *b"HT", *b"HU", *b"ID", *b"IE", *b"IL", *b"IM", *b"IN", *b"IO", *b"IQ", *b"IR",
    *b"IS", *b"IT", *b"JE", *b"JM", *b"JO", *b"JP", *b"KE", *b"KG", *b"KH", *b"KI", *b"KM", *b"KN",
    *b"KP", *b"KR", *b"KW", *b"KY", *b"KZ", *b"LA", *b"LB", *b"LC", *b"LI", *b"LK", *b"LR", *b"LS",
    *b"LT", *b"LU", *b"LV", *b"LY", *b"MA", *b"MC", *b"MD", *b"ME", *b"MF", *b"MG", *b"MH", *b"MK",
    *b"ML", *b"MM", *b"MN", *b"MO", *b"MP", *b"MQ", *b"MR", *b"MS", *b"MT", *b"MU", *b"MV", *b"MW",
    *b"MX", *b"MY", *b"MZ", *b"NA", *b"NC", *b"NE", *b"NF", *b"NG", *b"NI", *b"NL", *b"NO", *b"NP",
    *b"NR", *b"NU", *b"NZ", *b"OM", *b"PA", *b"PE", *b"PF", *b"PG", *b"PH", *b"PK", *b"PL", *b"PM",
    *b"PN", *b"PR", *b"PS", *b"PT", *b"PW", *b"PY", *b"QA", *b"RE", *b"RO", *b"RS", *b"RU", *b"RW",
    *b"SA", *b"SB", *b"SC", *b"SD", *b"SE", *b"SG", *b"SH", *b"SI", *b"SJ", *b"SK", *b"SL", *b"SM",
    *b"SN", *b"SO", *b"SR", *b"SS", *b"ST", *b"SV", *b"SX", *b"SY", *b"SZ", *b"TC", *b"TD", *b"TF",
    *b"TG", *b"TH", *b"TJ", *b"TK", *b"TL", *b"TM", *b"TN", *b"TO", *b"TR", *b"TT", *b"TV", *b"TW",
    *b"TZ", *b"UA", *b"UG", *b"UK", *b"UM", *b"US", *b"UY", *b"UZ", *b"VA", *b"VC", *b"VE", *b"VG",
    *b"VI", *b"VN", *b"VU", *b"WF", *b"WS", *b"XK", *b"YE", *b"YT", *b"ZA", *b"ZM", *b"ZW",
];

/// How to read dates.
///
/// The default is [`DateOrder::MonthFirst`], the Gregorian calendar unless the record's context
/// says otherwise, years [`MIN_YEAR`] to [`MAX_YEAR`], and a two-digit-year pivot of 30: two-digit
/// years `00`–`29` are read as 2000–2029 and `30`–`99` as 1930–1999 (the Solar Hijri and Buddhist
/// windows are shifted to match; see the [module docs](self#calendars)). Missing fields take their
/// defaults when deserialized.
///
/// ```
/// use selfsame::normalize::date::{parse_date, DateConfig};
/// let cfg = DateConfig::default();
/// assert_eq!(cfg.two_digit_pivot, 30);
/// assert_eq!(parse_date("8/10/51", &cfg).unwrap().to_string(), "1951-08-10");
/// assert_eq!(parse_date("8/10/05", &cfg).unwrap().to_string(), "2005-08-10");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DateConfig {
    /// Preference for ambiguous numeric dates; a part greater than 12 overrides it. Used by
    /// [`parse_date`]; [`parse_date_in`] takes the order from its context instead.
    pub order: DateOrder,
    /// Two-digit years below this are 20xx, the others 19xx. Values above 100 act as 100.
    pub two_digit_pivot: u8,
    /// `None`: numeric dates are read in the calendar of the context. `Some(c)`: always in `c`
    /// (era markers and Persian or Thai month names in the text still win).
    pub calendar: Option<Calendar>,
    /// Earliest accepted Gregorian year; earlier dates are [`DateError::OutOfRange`].
    pub min_year: u16,
    /// Latest accepted Gregorian year; later dates are [`DateError::OutOfRange`].
    pub max_year: u16,
    /// Whether the [`PLACEHOLDER_DATES`] are [`DateError::Placeholder`]. Default `true`.
    pub reject_placeholders: bool,
    /// The reference date ("today" of the data): later dates are [`DateError::Future`]. The
    /// library reads no clock; `None` (the default) checks only [`DateConfig::max_year`].
    pub latest: Option<Date>,
}

impl Default for DateConfig {
    fn default() -> Self {
        DateConfig {
            order: DateOrder::MonthFirst,
            two_digit_pivot: 30,
            calendar: None,
            min_year: MIN_YEAR,
            max_year: MAX_YEAR,
            reject_placeholders: true,
            latest: None,
        }
    }
}

impl DateConfig {
    /// Sets the order of ambiguous numeric dates.
    ///
    /// ```
    /// use selfsame::normalize::date::{parse_date, DateConfig, DateOrder};
    /// let cfg = DateConfig::default().with_order(DateOrder::DayFirst);
    /// assert_eq!(parse_date("03/04/1985", &cfg).unwrap().to_string(), "1985-04-03");
    /// ```
    pub fn with_order(mut self, order: DateOrder) -> Self {
        self.order = order;
        self
    }

    /// Sets the two-digit-year pivot.
    ///
    /// ```
    /// use selfsame::normalize::date::{parse_date, DateConfig};
    /// let cfg = DateConfig::default().with_two_digit_pivot(10);
    /// assert_eq!(parse_date("8/10/15", &cfg).unwrap().to_string(), "1915-08-10");
    /// ```
    pub fn with_two_digit_pivot(mut self, pivot: u8) -> Self {
        self.two_digit_pivot = pivot;
        self
    }

    /// Forces one calendar for every numeric date, whatever the record's context.
    ///
    /// ```
    /// use selfsame::normalize::date::{parse_date_in, Calendar, DateConfig, DateContext};
    /// let cfg = DateConfig::default().with_calendar(Calendar::SolarHijri);
    /// let us = DateContext::for_country("US").unwrap();
    /// assert_eq!(parse_date_in("1364/12/12", &cfg, us).unwrap().to_string(), "1986-03-03");
    /// ```
    pub fn with_calendar(mut self, calendar: Calendar) -> Self {
        self.calendar = Some(calendar);
        self
    }

    /// Sets the accepted Gregorian years, `min..=max`.
    ///
    /// ```
    /// use selfsame::normalize::date::{parse_date, DateConfig};
    /// let medieval = DateConfig::default().with_year_range(1000, 2100);
    /// assert_eq!(parse_date("1215-06-15", &medieval).unwrap().to_string(), "1215-06-15");
    /// assert!(parse_date("1215-06-15", &DateConfig::default()).is_err());
    /// ```
    pub fn with_year_range(mut self, min: u16, max: u16) -> Self {
        self.min_year = min;
        self.max_year = max;
        self
    }

    /// Sets whether the [`PLACEHOLDER_DATES`] are rejected (they are by default).
    ///
    /// ```
    /// use selfsame::normalize::date::{parse_date, DateConfig, DateError};
    /// assert_eq!(parse_date("1900-01-01", &DateConfig::default()), Err(DateError::Placeholder));
    /// let keep = DateConfig::default().with_reject_placeholders(false);
    /// assert_eq!(parse_date("1900-01-01", &keep).unwrap().to_string(), "1900-01-01");
    /// ```
    pub fn with_reject_placeholders(mut self, reject: bool) -> Self {
        self.reject_placeholders = reject;
        self
    }

    /// Sets the reference date after which dates (of birth) are [`DateError::Future`]: usually
    /// the day the data was exported. Dates on that day are accepted.
    ///
    /// ```
    /// use selfsame::normalize::date::{parse_date, Date, DateConfig, DateError};
    /// let cfg = DateConfig::default().with_latest(Date::new(2024, 6, 30).unwrap());
    /// assert!(parse_date("2024-06-30", &cfg).is_ok());
    /// assert_eq!(parse_date("2024-07-01", &cfg), Err(DateError::Future));
    /// assert_eq!(parse_date("07/01/2024 10:00", &cfg), Err(DateError::Future));
    /// ```
    pub fn with_latest(mut self, latest: Date) -> Self {
        self.latest = Some(latest);
        self
    }

    /// The date conventions of one record, from (in order of precedence): the day/month order
    /// inferred for the record's source from its values (`source_order`, see [`OrderEvidence`]);
    /// [`DateOrder::Reject`] when this configuration asks for it; the record's country
    /// (`country`, from [`DateContext::for_country`]); this configuration ([`DateConfig::context`]).
    /// The calendar is the country's, else this configuration's.
    ///
    /// ```
    /// use selfsame::normalize::date::{DateConfig, DateContext, DateOrder};
    /// let de = DateContext::for_country("DE");
    /// let cfg = DateConfig::default();
    /// assert_eq!(cfg.context_for(de, None).order, DateOrder::DayFirst);
    /// assert_eq!(cfg.context_for(de, Some(DateOrder::MonthFirst)).order, DateOrder::MonthFirst);
    /// assert_eq!(cfg.context_for(None, None).order, DateOrder::MonthFirst);
    /// let strict = cfg.with_order(DateOrder::Reject);
    /// assert_eq!(strict.context_for(de, None).order, DateOrder::Reject);
    /// assert_eq!(strict.context_for(de, Some(DateOrder::DayFirst)).order, DateOrder::DayFirst);
    /// ```
    pub fn context_for(
        &self,
        country: Option<DateContext>,
        source_order: Option<DateOrder>,
    ) -> DateContext {
        let mut ctx = country.unwrap_or_else(|| self.context());
        if self.order == DateOrder::Reject {
            ctx.order = DateOrder::Reject;
        }
        if let Some(order) = source_order {
            ctx.order = order;
        }
        ctx
    }

    /// The context [`parse_date`] uses: this configuration's calendar (Gregorian when unset)
    /// and order. A fallback for records whose country is unknown.
    ///
    /// ```
    /// use selfsame::normalize::date::{Calendar, DateConfig, DateContext, DateOrder};
    /// let ctx = DateConfig::default().context();
    /// assert_eq!(ctx, DateContext { calendar: Calendar::Gregorian, order: DateOrder::MonthFirst });
    /// ```
    pub fn context(&self) -> DateContext {
        DateContext {
            calendar: self.calendar.unwrap_or_default(),
            order: self.order,
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
/// assert_eq!(parse_date("1485-03-21", &cfg), Err(DateError::OutOfRange));
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
    /// Well-formed, but no such day (month 13, day 0, February 30, February 29 of a common year,
    /// Esfand 30 of a common Solar Hijri year), or a time of day / offset out of range.
    #[error("date does not exist")]
    Impossible,
    /// The year is outside the accepted range ([`DateConfig::min_year`] ..=
    /// [`DateConfig::max_year`], or 1 ..= 9999 for a [`Date`]), or an epoch number does not fit.
    #[error("date out of the accepted year range")]
    OutOfRange,
    /// A numeric date whose day and month could be either way round (`03/04/1985`), read with
    /// [`DateOrder::Reject`].
    #[error("date is ambiguous: day and month could be swapped")]
    Ambiguous,
    /// A date systems write when the real one is unknown ([`PLACEHOLDER_DATES`]): not evidence.
    #[error("date is a known placeholder, not a real date")]
    Placeholder,
    /// A date after [`DateConfig::latest`].
    #[error("date is after the reference date")]
    Future,
}

/// Parses a date in any of the forms listed in the [module docs](self), in the conventions of
/// `cfg` alone: `parse_date(s, cfg)` is `parse_date_in(s, cfg, cfg.context())`.
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
///           "12-MAR-1985", "1985-Mar-12", "1985-03-12T10:00:00Z", "12 mars 1985", "3/12/85",
///           "١٩٨٥-٠٣-١٢", "１９８５/０３/１２", "21 اسفند 1363", "12 มี.ค. 2528"] {
///     assert_eq!(parse_date(s, &cfg).unwrap().to_string(), "1985-03-12", "{s}");
/// }
/// assert_eq!(parse_date("21/10/1988", &cfg).unwrap().to_string(), "1988-10-21");
/// ```
pub fn parse_date(s: &str, cfg: &DateConfig) -> Result<Date, DateError> {
    parse_date_in(s, cfg, cfg.context())
}

/// Parses a date in the conventions of a record's context ([`DateContext::for_country`]).
///
/// `ctx.order` decides ambiguous numeric dates (`cfg.order` is not used), `cfg.calendar`, when
/// set, overrides `ctx.calendar`, and era markers or Persian / Thai month names in the text
/// override both; see the [module docs](self#calendars) for the rules of each calendar.
///
/// ```
/// use selfsame::normalize::date::{parse_date_in, DateConfig, DateContext, DateError};
/// let cfg = DateConfig::default();
/// let ir = DateContext::for_country("IR").unwrap();
/// let th = DateContext::for_country("TH").unwrap();
/// let us = DateContext::for_country("US").unwrap();
/// let iso = |s, ctx| parse_date_in(s, &cfg, ctx).map(|d| d.to_string());
/// assert_eq!(iso("۱۳۴۸/۱۰/۲", ir).unwrap(), "1969-12-23");
/// assert_eq!(iso("1969-12-23", ir).unwrap(), "1969-12-23");
/// assert_eq!(iso("02/12/2510", th).unwrap(), "1967-12-02");
/// assert_eq!(iso("03/03/28", th).unwrap(), "1985-03-03");
/// assert_eq!(iso("02/12/1967", th).unwrap(), "1967-12-02");
/// assert_eq!(iso("1361/10/05", us), Err(DateError::OutOfRange));
/// ```
pub fn parse_date_in(s: &str, cfg: &DateConfig, ctx: DateContext) -> Result<Date, DateError> {
    // Nothing to trim when both ends are visible ASCII (the common case; `trim`
    // decodes characters from both ends).
    let solid = |c: Option<&u8>| c.is_some_and(u8::is_ascii_graphic);
    let mut s = if solid(s.as_bytes().first()) && solid(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    };
    let b = s.as_bytes();
    if b.first().is_some_and(|c| !c.is_ascii()) || b.last().is_some_and(|c| !c.is_ascii()) {
        s = s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    }
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    if s.len() > MAX_INPUT_LEN {
        return Err(DateError::Format);
    }
    if s.is_ascii() {
        // A time is looked for only when the date alone does not read (a `:` never does).
        let toks = match tokenize_ascii(s.as_bytes()) {
            Ok(toks) => toks,
            Err(e) if !s.as_bytes().contains(&b':') => return Err(e),
            Err(_) => tokenize_ascii(strip_time(s)?.as_bytes())?,
        };
        return interpret(&toks, cfg, ctx);
    }
    let s = strip_time(s)?;
    let toks = if s.is_ascii() {
        tokenize_ascii(s.as_bytes())?
    } else {
        tokenize(s)?
    };
    interpret(&toks, cfg, ctx)
}

/// What a date's own values say about the day/month order of its source: `DayFirst` for a
/// numeric date with the year last whose first part is above 12 and second part 12 or less
/// (`21/10/1988`, `21.10.1988 10:00`), `MonthFirst` for the reverse (`10/21/1988`), `None` for
/// anything else (ambiguous or equal parts, year first, month names, not a date). Bounded
/// time, no allocation.
///
/// ```
/// use selfsame::normalize::date::{order_evidence, DateOrder};
/// assert_eq!(order_evidence("21/10/1988"), Some(DateOrder::DayFirst));
/// assert_eq!(order_evidence("10/21/1988 00:00:00"), Some(DateOrder::MonthFirst));
/// assert_eq!(order_evidence("21-10-88"), Some(DateOrder::DayFirst));
/// assert_eq!(order_evidence("03/04/1985"), None);
/// assert_eq!(order_evidence("1988-10-21"), None);
/// assert_eq!(order_evidence("21 Oct 1988"), None);
/// assert_eq!(order_evidence("32/10/1988"), None);
/// ```
pub fn order_evidence(s: &str) -> Option<DateOrder> {
    let s = s.trim();
    if s.is_empty() || s.len() > MAX_INPUT_LEN {
        return None;
    }
    let s = strip_time(s).ok()?;
    let toks = if s.is_ascii() {
        tokenize_ascii(s.as_bytes()).ok()?
    } else {
        tokenize(s).ok()?
    };
    match *toks.as_slice() {
        [Tok::Num(a, an), Tok::Num(b, bn), Tok::Num(_, yn)]
            if an <= 2
                && bn <= 2
                && matches!(yn, 2 | 4)
                && (1..=31).contains(&a)
                && (1..=31).contains(&b) =>
        {
            match (a > 12, b > 12) {
                (true, false) => Some(DateOrder::DayFirst),
                (false, true) => Some(DateOrder::MonthFirst),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A tally of the day/month evidence ([`order_evidence`]) of one source's date column, and the
/// order it decides. `Debug` shows counts only.
///
/// ```
/// use selfsame::normalize::date::{DateOrder, OrderEvidence};
/// let mut ev = OrderEvidence::default();
/// for v in ["03/04/1985", "12/11/1970", "", "25/12/1961", "07/08/1990"] {
///     ev.add(v);
/// }
/// assert_eq!(ev.decided(), Some(DateOrder::DayFirst));
/// ev.add("12/25/1961");
/// assert!(ev.is_mixed());
/// assert_eq!(ev.decided(), None);
/// assert_eq!(OrderEvidence::default().decided(), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrderEvidence {
    /// Values that can only be day-first.
    pub day_first: u64,
    /// Values that can only be month-first.
    pub month_first: u64,
}

impl OrderEvidence {
    /// Counts the evidence of one value; returns it.
    ///
    /// ```
    /// use selfsame::normalize::date::{DateOrder, OrderEvidence};
    /// let mut ev = OrderEvidence::default();
    /// assert_eq!(ev.add("13/01/2000"), Some(DateOrder::DayFirst));
    /// assert_eq!(ev.add("01/01/2000"), None);
    /// assert_eq!((ev.day_first, ev.month_first), (1, 0));
    /// ```
    pub fn add(&mut self, value: &str) -> Option<DateOrder> {
        let found = order_evidence(value);
        if let Some(order) = found {
            self.record(order);
        }
        found
    }

    /// Counts one piece of evidence already found ([`DateOrder::Reject`] counts nothing).
    ///
    /// ```
    /// use selfsame::normalize::date::{DateOrder, OrderEvidence};
    /// let mut ev = OrderEvidence::default();
    /// ev.record(DateOrder::MonthFirst);
    /// ev.record(DateOrder::Reject);
    /// assert_eq!(ev, OrderEvidence { day_first: 0, month_first: 1 });
    /// ```
    pub fn record(&mut self, order: DateOrder) {
        match order {
            DateOrder::DayFirst => self.day_first = self.day_first.saturating_add(1),
            DateOrder::MonthFirst => self.month_first = self.month_first.saturating_add(1),
            DateOrder::Reject => {}
        }
    }

    /// Adds another tally (of another chunk or file of the same source).
    ///
    /// ```
    /// use selfsame::normalize::date::OrderEvidence;
    /// let mut a = OrderEvidence { day_first: 2, month_first: 0 };
    /// a.merge(OrderEvidence { day_first: 1, month_first: 3 });
    /// assert_eq!(a, OrderEvidence { day_first: 3, month_first: 3 });
    /// ```
    pub fn merge(&mut self, other: OrderEvidence) {
        self.day_first = self.day_first.saturating_add(other.day_first);
        self.month_first = self.month_first.saturating_add(other.month_first);
    }

    /// The order the values decide: one way only. `None` with no evidence or mixed evidence.
    ///
    /// ```
    /// use selfsame::normalize::date::{DateOrder, OrderEvidence};
    /// assert_eq!(OrderEvidence { day_first: 0, month_first: 4 }.decided(), Some(DateOrder::MonthFirst));
    /// assert_eq!(OrderEvidence { day_first: 1, month_first: 4 }.decided(), None);
    /// ```
    pub fn decided(&self) -> Option<DateOrder> {
        match (self.day_first > 0, self.month_first > 0) {
            (true, false) => Some(DateOrder::DayFirst),
            (false, true) => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }

    /// Evidence both ways: the values contradict each other (a mix of formats, or typos).
    ///
    /// ```
    /// use selfsame::normalize::date::OrderEvidence;
    /// assert!(OrderEvidence { day_first: 1, month_first: 1 }.is_mixed());
    /// assert!(!OrderEvidence { day_first: 9, month_first: 0 }.is_mixed());
    /// ```
    pub fn is_mixed(&self) -> bool {
        self.day_first > 0 && self.month_first > 0
    }
}

/// Parses an ISO 8601 date or date-time into seconds since the Unix epoch (UTC).
///
/// Accepted: `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDThh:mm[:ss[.fff]]` with `T`, `t` or a space
/// between date and time, followed by nothing (UTC), `Z`, or an offset `±hh:mm`, `±hhmm` or
/// `±hh`. Fractional seconds are ignored (truncated); a leap second `:60` is counted as the next
/// second. A plain integer (optionally signed) is taken as epoch seconds already. Other date
/// forms (`03/04/2024`) are not accepted here because their order is ambiguous. Years outside
/// [`MIN_YEAR`]`..=`[`MAX_YEAR`] are [`DateError::OutOfRange`].
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
    if !(MIN_YEAR..=MAX_YEAR).contains(&(year as u16)) {
        return Err(DateError::OutOfRange);
    }
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

/// The date part of a date-time, its time checked and dropped (see the
/// [module docs](self#date-times)); the input itself when it has no `:`.
///
/// The time is the first `h:mm` or `hh:mm` of the text, after a space, a comma or (right
/// after a digit) `T`; then `:ss`, a fraction, `AM`/`PM`, and `Z`, `UTC`, `GMT` or an offset
/// may follow, and nothing else. A time out of range is [`DateError::Impossible`], anything
/// else after the date [`DateError::Format`].
fn strip_time(s: &str) -> Result<&str, DateError> {
    let b = s.as_bytes();
    let Some(colon) = b.iter().position(|&c| c == b':') else {
        return Ok(s);
    };
    // The hour: one or two ASCII digits right before the colon.
    let mut start = colon;
    while start > 0 && colon - start < 2 && b.get(start - 1).is_some_and(u8::is_ascii_digit) {
        start -= 1;
    }
    let hour_at = start;
    if hour_at == colon || hour_at == 0 {
        return Err(DateError::Format);
    }
    // The separator: spaces and commas, or a `T` right after a digit.
    let mut end = hour_at;
    match b.get(end - 1) {
        Some(b'T' | b't') if end >= 2 && b.get(end - 2).is_some_and(u8::is_ascii_digit) => end -= 1,
        Some(b' ' | b',' | b'\t') => {
            while end > 0 && matches!(b.get(end - 1), Some(b' ' | b',' | b'\t')) {
                end -= 1;
            }
        }
        _ => return Err(DateError::Format),
    }
    let date = s.get(..end).ok_or(DateError::Format)?;
    if date.is_empty() {
        return Err(DateError::Format);
    }
    check_time(b.get(hour_at..).unwrap_or_default())?;
    Ok(date)
}

/// Checks `h[h]:mm[:ss[.f…]] [AM|PM] [Z|UTC|GMT|±hh[[:]mm]]`, spaces allowed between the parts.
fn check_time(b: &[u8]) -> Result<(), DateError> {
    let num = |b: &[u8], max_len: usize| -> Option<(u32, usize)> {
        let n = b
            .iter()
            .take(max_len)
            .take_while(|c| c.is_ascii_digit())
            .count();
        let v = b
            .get(..n)?
            .iter()
            .fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'));
        (n > 0).then_some((v, n))
    };
    let (h, n) = num(b, 2).ok_or(DateError::Format)?;
    let mut rest = b.get(n..).unwrap_or_default();
    rest = rest.strip_prefix(b":").ok_or(DateError::Format)?;
    let (m, 2) = num(rest, 2).ok_or(DateError::Format)? else {
        return Err(DateError::Format);
    };
    rest = rest.get(2..).unwrap_or_default();
    let mut sec = 0;
    if let Some(r) = rest.strip_prefix(b":") {
        let (v, 2) = num(r, 2).ok_or(DateError::Format)? else {
            return Err(DateError::Format);
        };
        sec = v;
        rest = r.get(2..).unwrap_or_default();
        if let Some(r) = rest.strip_prefix(b".").or_else(|| rest.strip_prefix(b",")) {
            let n = r.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return Err(DateError::Format);
            }
            rest = r.get(n..).unwrap_or_default();
        }
    }
    rest = rest.trim_ascii_start();
    let mut twelve_hour = false;
    for marker in [&b"a.m."[..], b"p.m.", b"a.m", b"p.m", b"am", b"pm"] {
        if rest.len() >= marker.len()
            && rest
                .get(..marker.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(marker))
            && !rest.get(marker.len()).is_some_and(u8::is_ascii_alphabetic)
        {
            twelve_hour = true;
            rest = rest
                .get(marker.len()..)
                .unwrap_or_default()
                .trim_ascii_start();
            break;
        }
    }
    let max_hour = if twelve_hour { 12 } else { 23 };
    if h > max_hour || m > 59 || sec > 60 {
        return Err(DateError::Impossible);
    }
    // The zone: `UTC` / `GMT`, optionally followed by an offset, or an offset / `Z` alone.
    let rest = rest.trim_ascii_end();
    let rest = match rest.get(..3) {
        Some(p) if p.eq_ignore_ascii_case(b"utc") || p.eq_ignore_ascii_case(b"gmt") => {
            rest.get(3..).unwrap_or_default()
        }
        _ => rest,
    };
    parse_offset(rest).map(|_| ())
}

const MAX_TOKENS: usize = 4;
const MAX_WORD: usize = 12;

/// The calendar a month name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MonthKind {
    /// Gregorian months named in a Latin script or in Persian (`March`, `مارس`).
    Gregorian,
    /// Solar Hijri months (`اسفند`, `حوت`, `esfand`).
    SolarHijri,
    /// Thai names of the Gregorian months (`มีนาคม`): the year may be Buddhist era.
    Thai,
}

/// An era marker written in the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Era {
    /// `พ.ศ.`
    Buddhist,
    /// `ค.ศ.`, `میلادی`
    Common,
    /// `ه.ش`, `شمسی`
    SolarHijri,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// A number and how many digits it had.
    Num(u32, u8),
    /// A month, from its name.
    Month(u8, MonthKind),
}

/// Separator seen between numeric parts (the first one wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    None,
    Dot,
    Other,
}

#[cfg_attr(test, derive(Debug, PartialEq))]
struct Tokens {
    toks: [Tok; MAX_TOKENS],
    len: usize,
    sep: Sep,
    era: Option<Era>,
}

impl Tokens {
    fn as_slice(&self) -> &[Tok] {
        self.toks.get(..self.len).unwrap_or(&[])
    }

    fn push(&mut self, t: Tok) -> Result<(), DateError> {
        let slot = self.toks.get_mut(self.len).ok_or(DateError::Format)?;
        *slot = t;
        self.len += 1;
        Ok(())
    }

    /// Records an era marker; two different ones are a contradiction.
    fn set_era(&mut self, e: Era) -> Result<(), DateError> {
        match self.era {
            Some(x) if x != e => Err(DateError::Format),
            _ => {
                self.era = Some(e);
                Ok(())
            }
        }
    }
}

/// Splits into numbers, month names and era markers; drops ordinal suffixes (`12th`, `1er`),
/// weekday names, the Spanish/French connectives `de`/`del`, a few Persian and Thai filler words
/// and invisible format characters. No allocation.
fn tokenize(s: &str) -> Result<Tokens, DateError> {
    let mut out = Tokens {
        toks: [Tok::Num(0, 0); MAX_TOKENS],
        len: 0,
        sep: Sep::None,
        era: None,
    };
    let mut chars = s.char_indices().peekable();
    let mut after_number = false;
    while let Some((start, c)) = chars.next() {
        if let Some(first) = digit_value(c) {
            let mut value = first;
            let mut n = 1u8;
            while let Some(d) = chars.peek().and_then(|&(_, d)| digit_value(d)) {
                chars.next();
                n = n.saturating_add(1);
                if n > 8 {
                    return Err(DateError::Format);
                }
                value = value * 10 + d;
            }
            out.push(Tok::Num(value, n))?;
            after_number = true;
            continue;
        }
        let script = if c.is_ascii() { None } else { script_of(c) };
        if let Some(script) = script {
            // A Persian or Thai word, with the dots of abbreviations (`มี.ค.`, `ه.ش`) inside.
            let mut end = start + c.len_utf8();
            loop {
                let mut look = chars.clone();
                match look.next() {
                    Some((i, w)) if script_of(w) == Some(script) || is_joiner(w) => {
                        chars.next();
                        end = i + w.len_utf8();
                    }
                    Some((_, '.'))
                        if look
                            .next()
                            .is_some_and(|(_, w)| script_of(w) == Some(script)) =>
                    {
                        chars.next();
                    }
                    _ => break,
                }
            }
            after_number = false;
            let word = s.get(start..end).ok_or(DateError::Format)?;
            match script_word(word, script) {
                Some(Word::Month(m, k)) => out.push(Tok::Month(m, k))?,
                Some(Word::Era(e)) => out.set_era(e)?,
                Some(Word::Ignore) => {}
                Some(Word::Lunar) | None => return Err(DateError::Format),
            }
        } else if c.is_alphabetic() {
            let mut word = [0u8; MAX_WORD];
            let mut n = 0;
            let mut ch = Some(c);
            while let Some(w) = ch {
                let a = ascii_letter(w).ok_or(DateError::Format)?;
                let slot = word.get_mut(n).ok_or(DateError::Format)?;
                *slot = a;
                n += 1;
                ch = match chars.peek() {
                    Some(&(_, w)) if w.is_alphabetic() => {
                        chars.next();
                        Some(w)
                    }
                    _ => None,
                };
            }
            latin_word(word.get(..n).unwrap_or(&[]), after_number, &mut out)?;
            after_number = false;
        } else {
            after_number = false;
            match c {
                '.' | '\u{FF0E}' if out.sep == Sep::None && out.len > 0 => out.sep = Sep::Dot,
                '-'
                | '/'
                | ' '
                | '\u{2010}'..='\u{2015}'
                | '\u{2212}'
                | '\u{FF0D}'
                | '\u{FF0F}'
                | '\u{2044}'
                | '\u{2215}'
                | '\u{060D}'
                | '\u{066B}'
                    if out.sep == Sep::None && out.len > 0 =>
                {
                    out.sep = Sep::Other
                }
                '.'
                | '-'
                | '/'
                | ','
                | ' '
                | '\t'
                | '\u{2010}'..='\u{2015}'
                | '\u{2212}'
                | '\u{FF0D}'
                | '\u{FF0F}'
                | '\u{FF0E}'
                | '\u{FF0C}'
                | '\u{2044}'
                | '\u{2215}'
                | '\u{060C}'
                | '\u{060D}'
                | '\u{066B}'
                | '\u{066C}' => {}
                c if c.is_whitespace() || is_invisible(c) => {}
                _ => return Err(DateError::Format),
            }
        }
    }
    Ok(out)
}

/// [`tokenize`] for ASCII input, byte by byte: the common case, kept fast. Gives the same tokens.
#[inline(always)]
fn tokenize_ascii(b: &[u8]) -> Result<Tokens, DateError> {
    let mut out = Tokens {
        toks: [Tok::Num(0, 0); MAX_TOKENS],
        len: 0,
        sep: Sep::None,
        era: None,
    };
    let mut after_number = false;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += 1;
        if c.is_ascii_digit() {
            let mut value = u32::from(c - b'0');
            let mut n = 1u8;
            while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                i += 1;
                n += 1;
                if n > 8 {
                    return Err(DateError::Format);
                }
                value = value * 10 + u32::from(d - b'0');
            }
            out.push(Tok::Num(value, n))?;
            after_number = true;
        } else if c.is_ascii_alphabetic() {
            let start = i - 1;
            while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
            }
            let raw = b.get(start..i).unwrap_or(&[]);
            if raw.len() > MAX_WORD {
                return Err(DateError::Format);
            }
            let mut word = [0u8; MAX_WORD];
            for (w, r) in word.iter_mut().zip(raw) {
                *w = r.to_ascii_lowercase();
            }
            latin_word(word.get(..raw.len()).unwrap_or(&[]), after_number, &mut out)?;
            after_number = false;
        } else {
            after_number = false;
            match c {
                b'.' if out.sep == Sep::None && out.len > 0 => out.sep = Sep::Dot,
                b'-' | b'/' | b' ' if out.sep == Sep::None && out.len > 0 => out.sep = Sep::Other,
                b'.' | b'-' | b'/' | b',' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' => {}
                _ => return Err(DateError::Format),
            }
        }
    }
    Ok(out)
}

/// A lower-cased Latin word: an ordinal suffix right after a number and filler words are
/// dropped, month names become tokens, anything else is [`DateError::Format`].
fn latin_word(word: &[u8], after_number: bool, out: &mut Tokens) -> Result<(), DateError> {
    if after_number && is_ordinal_suffix(word) {
        return Ok(());
    }
    if let Some(m) = month_number(word) {
        out.push(Tok::Month(m, MonthKind::Gregorian))
    } else if let Some(m) = solar_hijri_month_latin(word) {
        out.push(Tok::Month(m, MonthKind::SolarHijri))
    } else if is_ignored_word(word) {
        Ok(())
    } else {
        Err(DateError::Format)
    }
}

/// Zero-width and bidirectional format characters that carry no meaning in a date.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Zero-width non-joiner and joiner, which stay inside a Persian word (`اردیبهشت` may carry one).
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// The first code point of each run of ten Unicode decimal digits (general category `Nd`,
/// Unicode 15), sorted.
const DIGIT_ZEROS: &[u32] = &[
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// The value of a decimal digit of any script (`char::to_digit` knows only ASCII).
fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - u32::from(b'0'));
    }
    let cp = c as u32;
    if cp < 0x660 {
        return None;
    }
    let i = DIGIT_ZEROS.partition_point(|&z| z <= cp);
    let zero = *DIGIT_ZEROS.get(i.checked_sub(1)?)?;
    let v = cp - zero;
    (v < 10).then_some(v)
}

/// Scripts whose words the date parser knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Arabic,
    Thai,
}

/// The script of a letter (or combining mark) of a Persian or Thai word; digits and punctuation
/// of those blocks are not letters.
fn script_of(c: char) -> Option<Script> {
    match c {
        '\u{0E01}'..='\u{0E4F}' => Some(Script::Thai),
        '\u{0620}'..='\u{065F}'
        | '\u{066E}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06E5}'..='\u{06E6}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FF}' => Some(Script::Arabic),
        _ => None,
    }
}

/// What a Persian or Thai word means in a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    Month(u8, MonthKind),
    Era(Era),
    /// A lunar Hijri marker: that calendar is not supported.
    Lunar,
    Ignore,
}

const fn sh(m: u8) -> Word {
    Word::Month(m, MonthKind::SolarHijri)
}

const fn fa_greg(m: u8) -> Word {
    Word::Month(m, MonthKind::Gregorian)
}

const fn th(m: u8) -> Word {
    Word::Month(m, MonthKind::Thai)
}

/// Persian-script words, compared after [`fold_script_char`].
const PERSIAN_WORDS: &[(&str, Word)] = &[
    // Solar Hijri months (Iran).
    ("فروردین", sh(1)),
    ("اردیبهشت", sh(2)),
    ("خرداد", sh(3)),
    ("تیر", sh(4)),
    ("مرداد", sh(5)),
    ("امرداد", sh(5)),
    ("شهریور", sh(6)),
    ("مهر", sh(7)),
    ("آبان", sh(8)),
    ("آذر", sh(9)),
    ("دی", sh(10)),
    ("بهمن", sh(11)),
    ("اسفند", sh(12)),
    // Solar Hijri months (Afghanistan, Dari).
    ("حمل", sh(1)),
    ("ثور", sh(2)),
    ("جوزا", sh(3)),
    ("جوزاء", sh(3)),
    ("سرطان", sh(4)),
    ("اسد", sh(5)),
    ("سنبله", sh(6)),
    ("میزان", sh(7)),
    ("عقرب", sh(8)),
    ("قوس", sh(9)),
    ("جدی", sh(10)),
    ("دلو", sh(11)),
    ("حوت", sh(12)),
    // Gregorian months, as written in Persian.
    ("ژانویه", fa_greg(1)),
    ("فوریه", fa_greg(2)),
    ("مارس", fa_greg(3)),
    ("آوریل", fa_greg(4)),
    ("مه", fa_greg(5)),
    ("می", fa_greg(5)),
    ("ژوئن", fa_greg(6)),
    ("ژوئیه", fa_greg(7)),
    ("جولای", fa_greg(7)),
    ("اوت", fa_greg(8)),
    ("آگوست", fa_greg(8)),
    ("سپتامبر", fa_greg(9)),
    ("اکتبر", fa_greg(10)),
    ("نوامبر", fa_greg(11)),
    ("دسامبر", fa_greg(12)),
    // Eras: `ه.ش` (its dot folded away), `هجری شمسی`, `خورشیدی`; `میلادی` / `م`.
    ("هش", Word::Era(Era::SolarHijri)),
    ("ش", Word::Era(Era::SolarHijri)),
    ("شمسی", Word::Era(Era::SolarHijri)),
    ("خورشیدی", Word::Era(Era::SolarHijri)),
    ("میلادی", Word::Era(Era::Common)),
    ("م", Word::Era(Era::Common)),
    ("هق", Word::Lunar),
    ("ق", Word::Lunar),
    ("قمری", Word::Lunar),
    ("هجری", Word::Ignore),
    ("سال", Word::Ignore),
    ("ماه", Word::Ignore),
    ("روز", Word::Ignore),
];

/// Thai words, compared after [`fold_script_char`] (dots of abbreviations and tone marks dropped).
const THAI_WORDS: &[(&str, Word)] = &[
    ("มกราคม", th(1)),
    ("ม.ค.", th(1)),
    ("กุมภาพันธ์", th(2)),
    ("ก.พ.", th(2)),
    ("มีนาคม", th(3)),
    ("มี.ค.", th(3)),
    ("เมษายน", th(4)),
    ("เม.ย.", th(4)),
    ("พฤษภาคม", th(5)),
    ("พ.ค.", th(5)),
    ("มิถุนายน", th(6)),
    ("มิ.ย.", th(6)),
    ("กรกฎาคม", th(7)),
    ("ก.ค.", th(7)),
    ("สิงหาคม", th(8)),
    ("ส.ค.", th(8)),
    ("กันยายน", th(9)),
    ("ก.ย.", th(9)),
    ("ตุลาคม", th(10)),
    ("ต.ค.", th(10)),
    ("พฤศจิกายน", th(11)),
    ("พ.ย.", th(11)),
    ("ธันวาคม", th(12)),
    ("ธ.ค.", th(12)),
    ("พ.ศ.", Word::Era(Era::Buddhist)),
    ("ค.ศ.", Word::Era(Era::Common)),
    ("วันที่", Word::Ignore),
    ("ที่", Word::Ignore),
    ("วัน", Word::Ignore),
    ("เดือน", Word::Ignore),
    ("ปี", Word::Ignore),
    ("เกิด", Word::Ignore),
];

/// Looks a Persian or Thai word up. No allocation: both sides are folded while compared.
fn script_word(word: &str, script: Script) -> Option<Word> {
    let table = match script {
        Script::Arabic => PERSIAN_WORDS,
        Script::Thai => THAI_WORDS,
    };
    let folded = || word.chars().filter_map(fold_script_char);
    table
        .iter()
        .find(|(w, _)| folded().eq(w.chars().filter_map(fold_script_char)))
        .map(|&(_, meaning)| meaning)
}

/// Folds the spelling variants of Persian and Thai words: Arabic-keyboard `ي` `ى` `ك` to Persian
/// `ی` `ک`, alef and heh variants to the plain letter; drops dots, joiners, the tatweel, Arabic
/// vowel signs, and the Thai tone marks, maitaikhu and thanthakhat (often dropped in typing).
fn fold_script_char(c: char) -> Option<char> {
    Some(match c {
        '.'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{0640}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0E47}'..='\u{0E4C}' => return None,
        '\u{064A}' | '\u{0649}' => '\u{06CC}',
        '\u{0643}' => '\u{06A9}',
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
        '\u{0629}' | '\u{06C0}' | '\u{06D5}' => '\u{0647}',
        _ => c,
    })
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

/// Solar Hijri month number for the usual English transliterations of the Persian names.
fn solar_hijri_month_latin(w: &[u8]) -> Option<u8> {
    Some(match w {
        b"farvardin" => 1,
        b"ordibehesht" => 2,
        b"khordad" => 3,
        b"tir" => 4,
        b"mordad" | b"amordad" => 5,
        b"shahrivar" => 6,
        b"mehr" => 7,
        b"aban" => 8,
        b"azar" => 9,
        b"dey" | b"dei" => 10,
        b"bahman" => 11,
        b"esfand" | b"isfand" => 12,
        _ => return None,
    })
}

/// The calendar a parsed year is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum YearKind {
    Gregorian,
    SolarHijri,
    Buddhist,
}

/// Turns tokens into a validated date.
#[inline(always)]
fn interpret(t: &Tokens, cfg: &DateConfig, ctx: DateContext) -> Result<Date, DateError> {
    use Tok::{Month, Num};
    let base = cfg.calendar.unwrap_or(ctx.calendar);
    let small = |v: u32, n: u8| -> Result<u8, DateError> {
        if n <= 2 {
            Ok(v as u8)
        } else {
            Err(DateError::Format)
        }
    };
    // Two-digit Solar Hijri dates are written year first, as Iranian dates are.
    let sh_numeric = || match t.era {
        Some(Era::SolarHijri) => true,
        None => base == Calendar::SolarHijri,
        Some(_) => false,
    };
    // (year, digits of the year, month, day, calendar of the month name)
    let (y, yn, m, d, kind) = match *t.as_slice() {
        [Num(v, 8)] => (v / 10_000, 4, (v / 100 % 100) as u8, (v % 100) as u8, None),
        [Num(y, 4), Num(m, mn), Num(d, dn)] => (y, 4, small(m, mn)?, small(d, dn)?, None),
        [Num(a, an), Num(b, bn), Num(c, cn)]
            if an <= 2 && bn <= 2 && cn <= 2 && (a > 31 || c <= 31) && sh_numeric() =>
        {
            (a, an, b as u8, c as u8, None)
        }
        [Num(a, an), Num(b, bn), Num(y, yn)] => {
            let (a, b) = (small(a, an)?, small(b, bn)?);
            let pref = if t.sep == Sep::Dot && ctx.order != DateOrder::Reject {
                DateOrder::DayFirst
            } else {
                ctx.order
            };
            let day_first = match (a > 12, b > 12) {
                (true, false) => true,
                (false, true) => false,
                (false, false) if a != b && pref == DateOrder::Reject => {
                    return Err(DateError::Ambiguous)
                }
                _ => pref == DateOrder::DayFirst,
            };
            let (m, d) = if day_first { (b, a) } else { (a, b) };
            (y, yn, m, d, None)
        }
        [Num(y, 4), Month(m, k), Num(d, dn)] => (y, 4, m, small(d, dn)?, Some(k)),
        [Num(d, dn), Month(m, k), Num(y, yn)] | [Month(m, k), Num(d, dn), Num(y, yn)] => {
            (y, yn, m, small(d, dn)?, Some(k))
        }
        _ => return Err(DateError::Format),
    };
    let cal = year_kind(t.era, kind, base, y, yn)?;
    let pivot = u32::from(cfg.two_digit_pivot).min(100);
    let year = match yn {
        1 | 2 => {
            // The hundred years from `start`, shifted from the Gregorian 1900+p ..= 1999+p.
            let start = match cal {
                YearKind::Gregorian => 1900 + pivot,
                YearKind::SolarHijri => 1279 + pivot,
                YearKind::Buddhist => 2443 + pivot,
            };
            let full = start - start % 100 + y;
            if full < start {
                full + 100
            } else {
                full
            }
        }
        4 => y,
        _ => return Err(DateError::Format),
    };
    let year = u16::try_from(year).map_err(|_| DateError::OutOfRange)?;
    let in_range = |g: u16| (cfg.min_year..=cfg.max_year).contains(&g);
    let date = match cal {
        YearKind::Gregorian | YearKind::Buddhist => {
            let g = if cal == YearKind::Buddhist {
                year.checked_sub(543).ok_or(DateError::OutOfRange)?
            } else {
                year
            };
            if !in_range(g) {
                return Err(match Date::new(g, m, d) {
                    Ok(date) if cfg.reject_placeholders && is_placeholder(date) => {
                        DateError::Placeholder
                    }
                    _ => DateError::OutOfRange,
                });
            }
            Date::new(g, m, d)?
        }
        YearKind::SolarHijri => {
            let date = Date::from_solar_hijri(year, m, d)?;
            if !in_range(date.year) {
                return Err(DateError::OutOfRange);
            }
            date
        }
    };
    if cfg.reject_placeholders && is_placeholder(date) {
        return Err(DateError::Placeholder);
    }
    if cfg.latest.is_some_and(|latest| date > latest) {
        return Err(DateError::Future);
    }
    Ok(date)
}

/// Whether `d` is one of the [`PLACEHOLDER_DATES`]; one comparison for most dates.
#[inline]
fn is_placeholder(d: Date) -> bool {
    matches!(
        d.year,
        1 | 1111 | 1753 | 1899 | 1900 | 1901 | 1969 | 1970 | 9999
    ) && PLACEHOLDER_DATES.contains(&d)
}

/// The calendar of a date's year: an era marker first, then the calendar of a month name, then
/// the context. Contradictions (a Solar Hijri month with another era) are [`DateError::Format`].
#[inline(always)]
fn year_kind(
    era: Option<Era>,
    kind: Option<MonthKind>,
    base: Calendar,
    y: u32,
    yn: u8,
) -> Result<YearKind, DateError> {
    // The common case, decided first.
    if era.is_none()
        && base == Calendar::Gregorian
        && kind.is_none_or(|k| k == MonthKind::Gregorian)
    {
        return Ok(YearKind::Gregorian);
    }
    let thai = if yn <= 2 || y >= 2300 {
        YearKind::Buddhist
    } else {
        YearKind::Gregorian
    };
    Ok(match (era, kind) {
        (Some(Era::SolarHijri), None | Some(MonthKind::SolarHijri))
        | (None, Some(MonthKind::SolarHijri)) => YearKind::SolarHijri,
        (Some(_), Some(MonthKind::SolarHijri)) | (Some(Era::SolarHijri), Some(_)) => {
            return Err(DateError::Format)
        }
        (Some(Era::Buddhist), _) => YearKind::Buddhist,
        (Some(Era::Common), _) => YearKind::Gregorian,
        (None, Some(MonthKind::Thai)) => thai,
        (None, Some(MonthKind::Gregorian)) => match base {
            Calendar::ThaiBuddhist => thai,
            _ => YearKind::Gregorian,
        },
        (None, None) => match base {
            Calendar::ThaiBuddhist => thai,
            Calendar::SolarHijri if yn <= 2 || (1200..=1499).contains(&y) => YearKind::SolarHijri,
            _ => YearKind::Gregorian,
        },
    })
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

/// Howard Hinnant's `civil_from_days`: the proleptic Gregorian `(year, month, day)` of a day
/// count since 1970-01-01. Callers keep `z` within a few million days.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Years (Solar Hijri) where the 33-year leap cycle of Borkowski's algorithm shifts, as in
/// jalaali-js; the algorithm covers `-61 ..= 3177`.
const JALAALI_BREAKS: [i64; 20] = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
];

/// A Solar Hijri year, located in the Gregorian calendar.
struct JalaliYear {
    /// Gregorian year in which the Solar Hijri year starts.
    gy: i64,
    /// Day of March of 1 Farvardin.
    march: i64,
    /// Years since the last leap year: 0 when this year is leap.
    leap: i64,
}

/// jalaali-js `jalCal`: where Solar Hijri year `jy` starts and whether it is leap; `None`
/// outside the years the break table covers.
fn jal_cal(jy: i64) -> Option<JalaliYear> {
    let (first, last) = (JALAALI_BREAKS[0], JALAALI_BREAKS[JALAALI_BREAKS.len() - 1]);
    if jy < first || jy >= last {
        return None;
    }
    let gy = jy + 621;
    let mut leap_j = -14;
    let mut jp = first;
    let mut jump = 0;
    for &jm in &JALAALI_BREAKS[1..] {
        jump = jm - jp;
        if jy < jm {
            break;
        }
        leap_j += jump / 33 * 8 + jump % 33 / 4;
        jp = jm;
    }
    let mut n = jy - jp;
    leap_j += n / 33 * 8 + (n % 33 + 3) / 4;
    if jump % 33 == 4 && jump - n == 4 {
        leap_j += 1;
    }
    let leap_g = gy / 4 - (gy / 100 + 1) * 3 / 4 - 150;
    let march = 20 + leap_j - leap_g;
    if jump - n < 6 {
        n = n - jump + (jump + 4) / 33 * 33;
    }
    let mut leap = ((n + 1) % 33 - 1) % 4;
    if leap == -1 {
        leap = 4;
    }
    Some(JalaliYear { gy, march, leap })
}

/// A Solar Hijri `(year, month, day)` with a positive year.
fn sh_triple(jy: i64, jm: i64, jd: i64) -> Option<(u16, u8, u8)> {
    let y = u16::try_from(jy).ok().filter(|&y| y >= 1)?;
    Some((y, u8::try_from(jm).ok()?, u8::try_from(jd).ok()?))
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
        ("1499-12-31", MF, Err(DateError::OutOfRange)),
        ("1799-12-31", MF, Ok("1799-12-31")),
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
        ("１９８５-03-12", MF, Ok("1985-03-12")),
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
        let mut expected = Date::new(MIN_YEAR, 1, 1).unwrap().days_since_epoch();
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

    fn ctx(code: &str) -> DateContext {
        DateContext::for_country(code).unwrap()
    }

    fn iso_in(s: &str, cfg: &DateConfig, ctx: DateContext) -> Result<String, DateError> {
        parse_date_in(s, cfg, ctx).map(|d| d.to_string())
    }

    #[test]
    fn solar_hijri_known_dates() {
        let cases = [
            ((1403, 1, 1), "2024-03-20"),
            ((1404, 1, 1), "2025-03-21"),
            ((1361, 10, 5), "1982-12-26"),
            ((1348, 10, 2), "1969-12-23"),
            ((1300, 1, 1), "1921-03-21"),
            ((1399, 12, 30), "2021-03-20"),
            ((1403, 12, 30), "2025-03-20"),
            ((1334, 1, 16), "1955-04-06"),
            ((1357, 11, 22), "1979-02-11"),
            ((1384, 2, 31), "2005-05-21"),
        ];
        for ((y, m, d), want) in cases {
            let g = Date::from_solar_hijri(y, m, d).unwrap();
            assert_eq!(g.to_string(), want, "{y}/{m}/{d}");
            assert_eq!(g.to_solar_hijri(), Some((y, m, d)), "{want}");
        }
    }

    #[test]
    fn solar_hijri_month_lengths_and_leap_years() {
        for y in [
            1399, 1403, 1375, 1379, 1383, 1387, 1391, 1395, 1370, 1366, 1362, 1358,
        ] {
            assert!(Date::from_solar_hijri(y, 12, 30).is_ok(), "{y} is leap");
        }
        for y in [1400, 1401, 1402, 1404, 1398, 1361, 1364] {
            assert_eq!(
                Date::from_solar_hijri(y, 12, 30),
                Err(DateError::Impossible),
                "{y} is common"
            );
        }
        for m in 1..=6 {
            assert!(Date::from_solar_hijri(1361, m, 31).is_ok());
        }
        for m in 7..=11 {
            assert!(Date::from_solar_hijri(1361, m, 30).is_ok());
            assert_eq!(
                Date::from_solar_hijri(1361, m, 31),
                Err(DateError::Impossible)
            );
        }
        for (y, m, d) in [(1361, 0, 1), (1361, 13, 1), (1361, 1, 0), (1361, 12, 31)] {
            assert_eq!(Date::from_solar_hijri(y, m, d), Err(DateError::Impossible));
        }
        assert_eq!(Date::from_solar_hijri(0, 1, 1), Err(DateError::OutOfRange));
        assert_eq!(
            Date::from_solar_hijri(3178, 1, 1),
            Err(DateError::OutOfRange)
        );
        assert!(Date::from_solar_hijri(3177, 12, 29).is_ok());
        assert!(Date::from_solar_hijri(1, 1, 1).is_ok());
    }

    #[test]
    fn civil_from_days_inverts_days_from_civil() {
        for days in (-719_162..2_932_896).step_by(997) {
            let d = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(d.days_since_epoch(), days);
        }
        assert!(
            Date::from_days_since_epoch(Date::new(1, 1, 1).unwrap().days_since_epoch()).is_ok()
        );
        assert_eq!(
            Date::from_days_since_epoch(Date::new(1, 1, 1).unwrap().days_since_epoch() - 1),
            Err(DateError::OutOfRange)
        );
        assert_eq!(
            Date::from_days_since_epoch(Date::new(9999, 12, 31).unwrap().days_since_epoch() + 1),
            Err(DateError::OutOfRange)
        );
    }

    /// Iranian records (`ir` ids of fa_th_5k) and other real Persian writing.
    #[test]
    fn iranian_context() {
        let cfg = DateConfig::default();
        let ir = ctx("IR");
        let cases: &[(&str, Result<&str, DateError>)] = &[
            ("1361/10/05", Ok("1982-12-26")),
            ("۱۳۴۸/۱۰/۲", Ok("1969-12-23")),
            ("1334/1/16", Ok("1955-04-06")),
            ("1384/2/31", Ok("2005-05-21")),
            ("۱۳۵۸/۰۶/۱۴", Ok("1979-09-05")),
            ("1361-10-05", Ok("1982-12-26")),
            ("1361.10.05", Ok("1982-12-26")),
            ("13611005", Ok("1982-12-26")),
            ("05/10/1361", Ok("1982-12-26")),
            ("٥/١٠/١٣٦١", Ok("1982-12-26")),
            ("۱۳۶۱٫۱۰٫۰۵", Ok("1982-12-26")),
            ("\u{200F}۱۳۶۱\u{200F}/۱۰\u{200F}/۰۵", Ok("1982-12-26")),
            ("\u{FEFF}1361/10/05\u{200E}", Ok("1982-12-26")),
            ("1953-06-26", Ok("1953-06-26")),
            ("1982-12-26T00:00:00Z", Ok("1982-12-26")),
            ("26/12/1982", Ok("1982-12-26")),
            ("03/04/1985", Ok("1985-04-03")),
            ("61/10/05", Ok("1982-12-26")),
            ("05/10/61", Ok("1982-12-26")),
            ("04/01/01", Ok("2025-03-21")),
            ("5 دی 1361", Ok("1982-12-26")),
            ("۵ دی ۱۳۶۱", Ok("1982-12-26")),
            ("1361 دی 5", Ok("1982-12-26")),
            ("12 اسفند 1364", Ok("1986-03-03")),
            ("12 esfand 1364", Ok("1986-03-03")),
            ("1 فروردين 1403", Ok("2024-03-20")),
            ("1 اردیبهشت 1403", Ok("2024-04-20")),
            ("1 اردی\u{200C}بهشت 1403", Ok("2024-04-20")),
            ("1 ارديبهشت 1403", Ok("2024-04-20")),
            ("1361/10/05 ه.ش", Ok("1982-12-26")),
            ("1361/10/05 هجری شمسی", Ok("1982-12-26")),
            ("1361/10/05 هـ.ش", Ok("1982-12-26")),
            ("26 دسامبر 1982", Ok("1982-12-26")),
            ("26 دسامبر 1982 میلادی", Ok("1982-12-26")),
            ("5 جدی 1361", Ok("1982-12-26")),
            ("1361/12/30", Err(DateError::Impossible)),
            ("1361/07/31", Err(DateError::Impossible)),
            ("1403/12/30", Ok("2025-03-20")),
            ("1403/13/01", Err(DateError::Impossible)),
            ("1150/01/01", Err(DateError::OutOfRange)),
            // Past the Solar Hijri window a year is Gregorian, in the default range since 1500.
            ("1600/01/01", Ok("1600-01-01")),
            ("1450/01/01", Ok("2071-03-21")),
            ("1402/10/05 ه.ق", Err(DateError::Format)),
            ("1445 قمری", Err(DateError::Format)),
            ("12 اسفند 1364 پ", Err(DateError::Format)),
            ("12 اسفند 1364 พ.ศ.", Err(DateError::Format)),
            ("1361/10/05 ه.ش میلادی", Err(DateError::Format)),
        ];
        for &(input, ref want) in cases {
            let want = want.map(str::to_string);
            assert_eq!(iso_in(input, &cfg, ir), want, "input {input:?}");
        }
        assert_eq!(ctx("AF"), ir);
    }

    /// Thai records (`th` ids of fa_th_5k) and other real Thai writing.
    #[test]
    fn thai_context() {
        let cfg = DateConfig::default();
        let th = ctx("TH");
        let cases: &[(&str, Result<&str, DateError>)] = &[
            ("02/12/2510", Ok("1967-12-02")),
            ("05/08/2488", Ok("1945-08-05")),
            ("17/07/2498", Ok("1955-07-17")),
            ("29/10/2548", Ok("2005-10-29")),
            ("๐๒/๑๒/๒๕๑๐", Ok("1967-12-02")),
            ("2-12-2510", Ok("1967-12-02")),
            ("25101202", Ok("1967-12-02")),
            ("2510-12-02", Ok("1967-12-02")),
            ("03/03/28", Ok("1985-03-03")),
            ("03/03/72", Ok("2029-03-03")),
            ("03/03/73", Ok("1930-03-03")),
            ("02/12/1967", Ok("1967-12-02")),
            ("1967-12-02", Ok("1967-12-02")),
            ("3 มี.ค. 2528", Ok("1985-03-03")),
            ("3 มี.ค. 28", Ok("1985-03-03")),
            ("3 มีค 2528", Ok("1985-03-03")),
            ("3 มีนาคม 2528", Ok("1985-03-03")),
            ("๓ มีนาคม ๒๕๒๘", Ok("1985-03-03")),
            ("3 มีนาคม พ.ศ. 2528", Ok("1985-03-03")),
            ("วันที่ 3 มีนาคม พ.ศ. 2528", Ok("1985-03-03")),
            ("วันที่ ๓ กุมภาพันธ์ พ.ศ. ๒๕๒๘", Ok("1985-02-03")),
            ("3 กุมภาพันธ 2528", Ok("1985-02-03")),
            ("3 ก.พ. 2528", Ok("1985-02-03")),
            ("3 มีนาคม 1985", Ok("1985-03-03")),
            ("3 มีนาคม ค.ศ. 1985", Ok("1985-03-03")),
            ("3 Mar 2528", Ok("1985-03-03")),
            ("3 Mar 1985", Ok("1985-03-03")),
            ("1 ม.ค. 2500", Ok("1957-01-01")),
            ("31 ธ.ค. 2543", Ok("2000-12-31")),
            ("15 พ.ย. 2530", Ok("1987-11-15")),
            ("9 มิ.ย. 2489", Ok("1946-06-09")),
            ("30 ก.พ. 2528", Err(DateError::Impossible)),
            ("29 ก.พ. 2543", Ok("2000-02-29")),
            ("02/12/2200", Ok("2200-12-02")),
            ("02/12/2250", Err(DateError::OutOfRange)),
            ("3 มีนาคม พ.ศ. 1985", Err(DateError::OutOfRange)),
            ("3 มีนาคม ค.ศ. 2528", Err(DateError::OutOfRange)),
            ("3 มีนาคม พ.ศ. 2528 ค.ศ.", Err(DateError::Format)),
            ("3 สวัสดี 2528", Err(DateError::Format)),
        ];
        for &(input, ref want) in cases {
            let want = want.map(str::to_string);
            assert_eq!(iso_in(input, &cfg, th), want, "input {input:?}");
        }
    }

    /// The calendar never comes from the year alone: in a Gregorian context a Solar Hijri or
    /// Buddhist-era looking year stays Gregorian; only month names and era markers say otherwise.
    #[test]
    fn gregorian_context_keeps_gregorian_years() {
        let cfg = DateConfig::default();
        let us = ctx("US");
        let de = ctx("DE");
        assert_eq!(iso_in("1361/10/05", &cfg, us), Err(DateError::OutOfRange));
        assert_eq!(iso_in("۱۳۴۸/۱۰/۲", &cfg, de), Err(DateError::OutOfRange));
        assert_eq!(iso_in("02/12/2510", &cfg, de), Err(DateError::OutOfRange));
        assert_eq!(iso_in("03/03/28", &cfg, de).unwrap(), "2028-03-03");
        let wide = DateConfig::default().with_year_range(1000, 2200);
        assert_eq!(iso_in("1361/10/05", &wide, us).unwrap(), "1361-10-05");
        assert_eq!(iso_in("۱۳۴۸/۱۰/۲", &wide, us).unwrap(), "1348-10-02");
        // Month names and markers imply their calendar in any context.
        assert_eq!(iso_in("12 اسفند 1364", &cfg, us).unwrap(), "1986-03-03");
        assert_eq!(iso_in("3 มี.ค. 2528", &cfg, us).unwrap(), "1985-03-03");
        assert_eq!(iso_in("3 มี.ค. 1985", &cfg, us).unwrap(), "1985-03-03");
        assert_eq!(iso_in("1361/10/05 ه.ش", &cfg, us).unwrap(), "1982-12-26");
        assert_eq!(iso_in("02/12/2510 พ.ศ.", &cfg, de).unwrap(), "1967-12-02");
        // A forced calendar overrides the context but not the text.
        let greg = DateConfig::default().with_calendar(Calendar::Gregorian);
        assert_eq!(
            iso_in("1361/10/05", &greg, ctx("IR")),
            Err(DateError::OutOfRange)
        );
        assert_eq!(
            iso_in("12 اسفند 1364", &greg, ctx("IR")).unwrap(),
            "1986-03-03"
        );
        let sh = DateConfig::default().with_calendar(Calendar::SolarHijri);
        assert_eq!(iso_in("1361/10/05", &sh, us).unwrap(), "1982-12-26");
        assert_eq!(
            parse_date(
                "02/12/2510",
                &DateConfig::default().with_calendar(Calendar::ThaiBuddhist)
            ),
            Ok(Date::new(1967, 2, 12).unwrap())
        );
    }

    #[test]
    fn year_range_is_a_setting() {
        let cfg = DateConfig::default().with_year_range(1000, 2100);
        assert_eq!(
            parse_date("1564-04-23", &cfg).unwrap().to_string(),
            "1564-04-23"
        );
        assert_eq!(parse_date("2101-01-01", &cfg), Err(DateError::OutOfRange));
        assert_eq!(parse_date("0999-12-31", &cfg), Err(DateError::OutOfRange));
        let all = DateConfig::default()
            .with_year_range(0, u16::MAX)
            .with_reject_placeholders(false);
        assert_eq!(
            parse_date("0001-01-01", &all).unwrap().to_string(),
            "0001-01-01"
        );
        assert_eq!(parse_date("00000101", &all), Err(DateError::OutOfRange));
        assert_eq!(
            parse_date("9999-12-31", &all).unwrap().to_string(),
            "9999-12-31"
        );
        let empty = DateConfig::default().with_year_range(2000, 1999);
        assert_eq!(parse_date("2000-01-01", &empty), Err(DateError::OutOfRange));
        // Timestamps keep the default range.
        assert_eq!(parse_timestamp("1400-01-01"), Err(DateError::OutOfRange));
        assert_eq!(
            DateError::OutOfRange.to_string(),
            "date out of the accepted year range"
        );
    }

    #[test]
    fn unicode_digits_and_invisible_characters() {
        let cfg = DateConfig::default();
        for s in [
            "1985-03-12",
            "١٩٨٥-٠٣-١٢",
            "۱۹۸۵-۰۳-۱۲",
            "๑๙๘๕-๐๓-๑๒",
            "१९८५-०३-१२",
            "১৯৮৫-০৩-১২",
            "１９８５－０３－１２",
            "１９８５／０３／１２",
            "1985\u{2013}03\u{2013}12",
            "\u{200E}1985-03-12\u{200E}",
            "1985\u{200B}-03-12",
            "12\u{202F}Mar\u{00A0}1985",
            "12\u{2009}Mar 1985",
            "\u{2067}1985/03/12\u{2069}",
            "1985\u{060D}03\u{060D}12",
            "۱۹۸۵-03-۱۲",
        ] {
            assert_eq!(
                parse_date(s, &cfg).unwrap().to_string(),
                "1985-03-12",
                "{s:?}"
            );
        }
        assert_eq!(parse_date("\u{200E}\u{FEFF} ", &cfg), Err(DateError::Empty));
        assert_eq!(
            parse_date("1985-03-12\u{0301}", &cfg),
            Err(DateError::Format)
        );
        assert_eq!(parse_date("١٩٨٥١٩٨٥١", &cfg), Err(DateError::Format));
        for c in ['0', '٠', '۰', '๐', '०', '０', '𝟎', '𝟘'] {
            assert_eq!(digit_value(c), Some(0), "{c}");
        }
        for c in ['9', '٩', '۹', '๙', '९', '９', '𝟗', '𝟿'] {
            assert_eq!(digit_value(c), Some(9), "{c}");
        }
        for c in [
            'a', '/', '\u{065F}', '\u{066A}', '\u{06FA}', '²', '½', '\u{FF1A}', 'Ⅻ',
        ] {
            assert_eq!(digit_value(c), None, "{c}");
        }
        assert!(DIGIT_ZEROS.windows(2).all(|w| w[0] + 10 <= w[1]));
    }

    #[test]
    fn for_country_table() {
        assert_eq!(COUNTRIES.len(), 251);
        assert!(COUNTRIES.windows(2).all(|w| w[0] < w[1]));
        for code in COUNTRIES {
            let s = std::str::from_utf8(code).unwrap();
            let lower = s.to_ascii_lowercase();
            let c = DateContext::for_country(s).unwrap();
            assert_eq!(DateContext::for_country(&lower), Some(c));
            let want_cal = match s {
                "IR" | "AF" => Calendar::SolarHijri,
                "TH" => Calendar::ThaiBuddhist,
                _ => Calendar::Gregorian,
            };
            assert_eq!(c.calendar, want_cal, "{s}");
        }
        let month_first: Vec<_> = COUNTRIES
            .iter()
            .filter(|c| {
                DateContext::for_country(std::str::from_utf8(*c).unwrap())
                    .unwrap()
                    .order
                    == DateOrder::MonthFirst
            })
            .collect();
        assert_eq!(month_first.len(), 12);
        for bad in ["", "U", "USA", "U1", "ZZ", "AA", "éé", " US", "U\u{0}"] {
            assert_eq!(DateContext::for_country(bad), None, "{bad:?}");
        }
        assert_eq!(
            DateContext::for_country("gb").unwrap().order,
            DateOrder::DayFirst
        );
        assert_eq!(
            DateContext::for_country("Ca").unwrap().order,
            DateOrder::MonthFirst
        );
    }

    #[test]
    fn config_loads_without_new_fields() {
        let old: DateConfig =
            serde_json::from_str(r#"{"order":"DayFirst","two_digit_pivot":20}"#).unwrap();
        assert_eq!(old.order, DateOrder::DayFirst);
        assert_eq!(old.two_digit_pivot, 20);
        assert_eq!(old.calendar, None);
        assert_eq!((old.min_year, old.max_year), (MIN_YEAR, MAX_YEAR));
        let new = DateConfig::default().with_calendar(Calendar::ThaiBuddhist);
        let json = serde_json::to_string(&new).unwrap();
        assert_eq!(serde_json::from_str::<DateConfig>(&json).unwrap(), new);
    }

    #[test]
    fn two_digit_windows_follow_the_pivot() {
        let ir = ctx("IR");
        let th = ctx("TH");
        for (pivot, sh_first, be_first) in
            [(30u8, 1309u16, 2473u16), (0, 1279, 2443), (100, 1379, 2543)]
        {
            let cfg = DateConfig::default()
                .with_two_digit_pivot(pivot)
                .with_year_range(1, 9999)
                .with_reject_placeholders(false);
            for yy in 0..100u16 {
                let sh = parse_date_in(&format!("{yy:02}/01/01"), &cfg, ir).unwrap();
                let want =
                    Date::from_solar_hijri(sh_first + (yy + 100 - sh_first % 100) % 100, 1, 1)
                        .unwrap();
                assert_eq!(sh, want, "pivot {pivot} sh {yy}");
                let be = parse_date_in(&format!("01/01/{yy:02}"), &cfg, th).unwrap();
                let want = be_first + (yy + 100 - be_first % 100) % 100 - 543;
                assert_eq!(be.year, want, "pivot {pivot} be {yy}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_tokenizer_matches_general(s in "[\\x00-\\x7f]{0,30}", t in "[0-9A-Za-z ./,-]{0,30}") {
            proptest::prop_assert_eq!(tokenize_ascii(s.as_bytes()), tokenize(&s));
            proptest::prop_assert_eq!(tokenize_ascii(t.as_bytes()), tokenize(&t));
        }
    }

    #[test]
    fn ascii_tokenizer_matches_general_on_real_forms() {
        for &(input, _, _) in DATES {
            if input.is_ascii() {
                assert_eq!(
                    tokenize_ascii(input.as_bytes()),
                    tokenize(input),
                    "{input:?}"
                );
            }
        }
        for input in [
            "12th March 1985",
            "1st of the january 2000",
            "12 esfand 1364",
            "a\nb",
            "1\x0b2",
            "abcdefghijklm 1",
        ] {
            assert_eq!(
                tokenize_ascii(input.as_bytes()),
                tokenize(input),
                "{input:?}"
            );
        }
    }

    /// Date-times as exports write them (issue 12): all 1985-03-12, month-first setting.
    const DATE_TIMES: &[&str] = &[
        "3/12/1985 10:00",
        "03/12/1985 12:00:00 AM",
        "03/12/1985 12:00:00 am",
        "3/12/1985 9:30pm",
        "3/12/1985 9:30 p.m.",
        "12-Mar-1985 00:00:00",
        "12.03.1985 10:30",
        "12.03.1985 10:30:59",
        "1985-03-12T00:00:00Z",
        "1985-03-12T00:00",
        "1985-03-12t10:00:00z",
        "1985-03-12 00:00:00.000",
        "1985-03-12 00:00:00,5",
        "1985-03-12T23:59:59.999999+05:30",
        "1985-03-12T00:00:00-0800",
        "1985-03-12T00:00:00+01",
        "1985-03-12 00:00:00 UTC",
        "1985-03-12 00:00 GMT+01:00",
        "1985-03-12 00:00:00 +00:00",
        "March 12, 1985, 10:00 AM",
        "March 12, 1985 10:00",
        "12 March 1985 10:00",
        "19850312 10:00",
        "  3/12/1985   10:00  ",
        "1985-03-12 00:00:60",
        "3/12/1985 0:00 AM",
        "١٩٨٥-٠٣-١٢ 10:00",
    ];

    #[test]
    fn export_date_times_parse_to_the_date() {
        let cfg = DateConfig::default();
        for s in DATE_TIMES {
            assert_eq!(
                parse_date(s, &cfg).map(|d| d.to_string()),
                Ok("1985-03-12".to_string()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn bad_times_are_errors_not_ignored() {
        let cfg = DateConfig::default();
        for (s, want) in [
            ("3/12/1985 24:00", DateError::Impossible),
            ("3/12/1985 25:00", DateError::Impossible),
            ("3/12/1985 10:60", DateError::Impossible),
            ("3/12/1985 10:00:61", DateError::Impossible),
            ("3/12/1985 13:00 PM", DateError::Impossible),
            ("1985-03-12T00:00:00+24:00", DateError::Impossible),
            ("1985-03-12T00:00:00+05:60", DateError::Impossible),
            ("3/12/1985 10:0", DateError::Format),
            ("3/12/1985 10:", DateError::Format),
            ("3/12/1985 :00", DateError::Format),
            ("3/12/1985 100:00", DateError::Format),
            ("3/12/1985 10:00:0", DateError::Format),
            ("3/12/1985 10:00:00.", DateError::Format),
            ("3/12/1985 10:00 XM", DateError::Format),
            ("3/12/1985 10:00 AMX", DateError::Format),
            ("3/12/1985 10:00 +5", DateError::Format),
            ("3/12/1985 10:00 Z Z", DateError::Format),
            ("3/12/1985 10:00 10:00", DateError::Format),
            ("3/12/198510:00", DateError::Format),
            ("10:00", DateError::Format),
            (" 10:00 3/12/1985", DateError::Format),
            ("1985-03-12T", DateError::Format),
            ("Mar T10:00", DateError::Format),
            ("3/12/1985 ۱۰:۰۰", DateError::Format),
            ("1985-02-30 10:00", DateError::Impossible),
        ] {
            assert_eq!(parse_date(s, &cfg), Err(want), "{s:?}");
        }
    }

    #[test]
    fn placeholders_and_future_dates_are_rejected() {
        let cfg = DateConfig::default();
        for s in [
            "1900-01-01",
            "01/01/1900",
            "1900-01-01 00:00:00",
            "1901-01-01",
            "1970-01-01T00:00:00Z",
            "12/31/1969",
            "31.12.1969",
            "1 Jan 1970",
            "0001-01-01",
            "1111-11-11",
            "9999-12-31",
            "12/30/1899",
            "1753-01-01",
        ] {
            assert_eq!(parse_date(s, &cfg), Err(DateError::Placeholder), "{s:?}");
        }
        // Near misses are real dates.
        for s in ["1900-01-02", "1970-01-02", "1901-02-01", "1969-12-30"] {
            assert!(parse_date(s, &cfg).is_ok(), "{s:?}");
        }
        // A placeholder kept when asked, and the year range applies again.
        let keep = cfg.with_reject_placeholders(false);
        assert!(parse_date("1970-01-01", &keep).is_ok());
        assert_eq!(parse_date("9999-12-31", &keep), Err(DateError::OutOfRange));
        // Future: strictly after the reference date, in every calendar.
        let cfg = cfg.with_latest(Date::new(2024, 3, 20).unwrap());
        assert!(parse_date("2024-03-20", &cfg).is_ok());
        assert_eq!(parse_date("2024-03-21", &cfg), Err(DateError::Future));
        assert_eq!(parse_date("3/21/2024", &cfg), Err(DateError::Future));
        assert_eq!(
            parse_date_in("1403/01/02", &cfg, ctx("IR")),
            Err(DateError::Future)
        );
        assert!(parse_date_in("1403/01/01", &cfg, ctx("IR")).is_ok());
        assert_eq!(
            parse_date_in("22/03/2567", &cfg, ctx("TH")),
            Err(DateError::Future)
        );
    }

    #[test]
    fn reject_order_rejects_only_ambiguous_dates() {
        let cfg = DateConfig::default().with_order(DateOrder::Reject);
        for s in ["03/04/1985", "3-4-85", "03.04.1985", "03/04/1985 10:00"] {
            assert_eq!(parse_date(s, &cfg), Err(DateError::Ambiguous), "{s:?}");
        }
        for (s, want) in [
            ("13/04/1985", "1985-04-13"),
            ("04/13/1985", "1985-04-13"),
            ("04/04/1985", "1985-04-04"),
            ("1985-03-04", "1985-03-04"),
            ("4 Mar 1985", "1985-03-04"),
            ("19850304", "1985-03-04"),
        ] {
            assert_eq!(parse_date(s, &cfg).unwrap().to_string(), want, "{s:?}");
        }
        // In a country context too, through context_for.
        let de = cfg.context_for(DateContext::for_country("DE"), None);
        assert_eq!(
            parse_date_in("03/04/1985", &cfg, de),
            Err(DateError::Ambiguous)
        );
        // Year-first two-digit Solar Hijri dates are not day/month ambiguous.
        let ir = cfg.context_for(DateContext::for_country("IR"), None);
        assert_eq!(
            parse_date_in("61/10/05", &cfg, ir).unwrap().to_string(),
            "1982-12-26"
        );
    }

    #[test]
    fn order_evidence_on_real_forms() {
        for (s, want) in [
            ("21/10/1988", Some(DF)),
            ("21.10.1988", Some(DF)),
            ("21-10-88", Some(DF)),
            ("21/10/1988 00:00:00", Some(DF)),
            ("۲۱/۱۰/۱۹۸۸", Some(DF)),
            ("10/21/1988", Some(MF)),
            ("10/21/1988 12:00:00 AM", Some(MF)),
            ("03/04/1985", None),
            ("04/04/1985", None),
            ("13/13/1985", None),
            ("32/01/1985", None),
            ("1988-10-21", None),
            ("1988/21/10", None),
            ("21 Oct 1988", None),
            ("19882110", None),
            ("21/10/198", None),
            ("21/10/1988 25:00", None),
            ("", None),
        ] {
            assert_eq!(order_evidence(s), want, "{s:?}");
        }
    }

    #[test]
    fn errors_do_not_echo_input() {
        let e = parse_date("1985-02-30", &DateConfig::default()).unwrap_err();
        assert!(!e.to_string().contains("1985-02-30"));
    }
}
