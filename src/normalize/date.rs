//! Dates of birth and timestamps: ISO, compact, month-first / day-first, month names, two-digit years.
// CONTRACT STUB — being replaced by the address/date helper. Keep these signatures.

use serde::{Deserialize, Serialize};

use crate::profile::Timestamp;

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

/// Which comes first in ambiguous numeric dates like `03/04/1985`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    /// `m/d/Y` (US).
    #[default]
    MonthFirst,
    /// `d/m/Y`.
    DayFirst,
}

/// How to read dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateConfig {
    /// Preference for ambiguous numeric dates.
    pub order: DateOrder,
    /// Two-digit years below this are 20xx, the others 19xx.
    pub two_digit_pivot: u8,
}

impl Default for DateConfig {
    fn default() -> Self {
        DateConfig { order: DateOrder::MonthFirst, two_digit_pivot: 30 }
    }
}

/// Why a date was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Empty input.
    #[error("date is empty")]
    Empty,
    /// Not a date in any accepted format.
    #[error("date format not recognized")]
    Format,
}

/// Parses a date.
pub fn parse_date(s: &str, _cfg: &DateConfig) -> Result<Date, DateError> {
    let d: Vec<u32> = s.split(|c: char| !c.is_ascii_digit()).filter(|t| !t.is_empty()).filter_map(|t| t.parse().ok()).collect();
    match d.as_slice() {
        [] => Err(DateError::Empty),
        [x] if *x > 10000000 => Ok(Date { year: (x / 10000) as u16, month: (x / 100 % 100) as u8, day: (x % 100) as u8 }),
        [y, m, dd] if *y > 1000 => Ok(Date { year: *y as u16, month: *m as u8, day: *dd as u8 }),
        [m, dd, y] => Ok(Date { year: if *y < 100 { 1900 + *y as u16 } else { *y as u16 }, month: *m as u8, day: *dd as u8 }),
        _ => Err(DateError::Format),
    }
}

/// Parses an ISO date or date-time into seconds since the Unix epoch (UTC).
pub fn parse_timestamp(_s: &str) -> Result<Timestamp, DateError> {
    Err(DateError::Format)
}
