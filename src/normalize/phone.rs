//! Phone numbers to E.164, with a default region, extensions kept apart.
// CONTRACT STUB — being replaced by the email/phone helper. Keep these signatures.

/// A phone number in E.164 form.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone {
    /// E.164 text, e.g. `+14155550134`.
    pub e164: String,
    /// Country calling code, e.g. 1.
    pub country_code: u16,
    /// National significant number as an integer, e.g. 4155550134.
    pub national_number: u64,
    /// Extension digits, if any.
    pub extension: Option<String>,
}

/// Why a phone number was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PhoneError {
    /// Empty input.
    #[error("phone is empty")]
    Empty,
    /// Not a possible number.
    #[error("phone is not a valid number")]
    Invalid,
}

/// Normalizes a phone number; `default_region` is an ISO 3166 alpha-2 code used for national formats.
pub fn normalize_phone(s: &str, _default_region: &str) -> Result<Phone, PhoneError> {
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    if d.is_empty() {
        return Err(PhoneError::Empty);
    }
    let d = if d.len() == 10 { format!("1{d}") } else { d };
    if d.len() < 8 || d.len() > 15 {
        return Err(PhoneError::Invalid);
    }
    let n: u64 = d.parse().map_err(|_| PhoneError::Invalid)?;
    Ok(Phone { e164: format!("+{d}"), country_code: 1, national_number: n % 10_000_000_000, extension: None })
}
