//! Phone numbers to E.164, with a default region, extensions kept apart.
//!
//! [`normalize_phone`] parses with [`rlibphonenumber`], a port of Google's libphonenumber (the
//! metadata every phone system uses), so national formats, trunk prefixes (`0` in GB/DE/FR/IT…,
//! `1` in the NANP), international prefixes (`+`, `00`, `011`, …), punctuation and extensions
//! follow the same rules as Android and most telecom software.
//!
//! # Policy
//!
//! * **Validity, not just length.** A number is accepted only if libphonenumber's
//!   `is_valid_number` holds: its length *and* its leading digits match a number range that the
//!   numbering plan of its country assigns (fixed line, mobile, toll free, VoIP, …). This rejects
//!   placeholders such as `0000000000`, `1111111111` or `123-456-7890`, which a length check
//!   alone would keep, and which would otherwise link unrelated customers.
//!   The NANP fictional range 555-0100…555-0199 (`+1 415 555 0134`) *is* accepted: the metadata
//!   treats it as an ordinary number, and test records in a customer database are real records.
//! * **Letters are rejected** ([`PhoneError::Letters`]): vanity numbers (`1-800-FLOWERS`) are
//!   business lines, not a person's number, and a word in a phone field is usually a note
//!   ("mobile", "call after 5"). Only the extension markers `ext`, `extn`, `extension`, `x`
//!   (any case) and the `tel:` prefix may contain letters.
//! * **Extensions** (`x12`, `ext. 12`, `ext 12`, `;ext=12`, `#12`-style endings that
//!   libphonenumber recognises) go to [`Phone::extension`] and are not part of `e164`.
//! * **International prefixes** are those of the default region: `00` in most of the world,
//!   `011` in the NANP, so `00 44 20 …` read with region `US` is not valid (write `+` or `011`).
//! * **Regions** are ISO 3166 alpha-2 codes in any case (`"GB"`, `"gb"`). The region is used only
//!   for numbers written without an international prefix; an unknown region is reported as
//!   [`PhoneError::UnknownRegion`] only when it is needed.
//!
//! # Untrusted input
//!
//! Input longer than [`MAX_INPUT_LEN`] bytes after trimming is rejected before parsing, so the
//! time spent is bounded whatever the input; no input panics. Neither errors nor the `Debug`
//! output of [`Phone`] contain the number.

use rlibphonenumber::{ParseError, PhoneNumber, PhoneNumberFormat, Region, PHONE_NUMBER_UTIL};

/// Longest input accepted, in bytes after trimming. The longest E.164 number is 15 digits; 64
/// bytes leave room for punctuation, a prefix and an extension.
///
/// ```
/// use selfsame::normalize::phone::{normalize_phone, PhoneError, MAX_INPUT_LEN};
/// let long = "1".repeat(MAX_INPUT_LEN + 1);
/// assert_eq!(normalize_phone(&long, "US"), Err(PhoneError::TooLong));
/// ```
pub const MAX_INPUT_LEN: usize = 64;

/// A phone number in E.164 form.
///
/// `Debug` shows only the country code, so a `Phone` can be logged safely.
///
/// ```
/// use selfsame::normalize::phone::normalize_phone;
/// let p = normalize_phone("(415) 555-0134 ext. 12", "US").unwrap();
/// assert_eq!(p.e164, "+14155550134");
/// assert_eq!(p.country_code, 1);
/// assert_eq!(p.national_number, 4155550134);
/// assert_eq!(p.extension.as_deref(), Some("12"));
/// assert_eq!(format!("{p:?}"), "Phone { country_code: 1, .. }");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    /// E.164 text, e.g. `+14155550134`.
    pub e164: String,
    /// Country calling code, e.g. 1.
    pub country_code: u16,
    /// National significant number as an integer, e.g. 4155550134. A leading zero that belongs
    /// to the number (Italian fixed lines: `+39 06…`) is not representable here; it is in `e164`.
    pub national_number: u64,
    /// Extension digits, if any.
    pub extension: Option<String>,
}

impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Phone")
            .field("country_code", &self.country_code)
            .finish_non_exhaustive()
    }
}

/// Why a phone number was rejected. Messages start with `phone` and never contain the number.
///
/// ```
/// use selfsame::normalize::phone::{normalize_phone, PhoneError};
/// let err = normalize_phone("1-800-FLOWERS", "US").unwrap_err();
/// assert_eq!(err, PhoneError::Letters);
/// assert_eq!(err.to_string(), "phone contains letters");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PhoneError {
    /// Empty input (or only whitespace).
    #[error("phone is empty")]
    Empty,
    /// Parsed, but not a number the country's numbering plan assigns (or not a number at all).
    #[error("phone is not a valid number")]
    Invalid,
    /// Letters other than an extension marker (vanity numbers are not mapped).
    #[error("phone contains letters")]
    Letters,
    /// Too few digits for any number.
    #[error("phone is too short")]
    TooShort,
    /// Longer than [`MAX_INPUT_LEN`] bytes, or too many digits for any number.
    #[error("phone is too long")]
    TooLong,
    /// A `+` (or international prefix) followed by no known country calling code.
    #[error("phone has an unknown country calling code")]
    InvalidCountryCode,
    /// Written in national format, and the default region is not a known ISO 3166 alpha-2 code.
    #[error("phone default region is unknown")]
    UnknownRegion,
}

/// Normalizes a phone number; `default_region` is an ISO 3166 alpha-2 code used for national
/// formats. See the [module documentation](self) for the policy.
///
/// ```
/// use selfsame::normalize::phone::{normalize_phone, PhoneError};
/// for s in ["+14709697226", "(470) 969-7226", "470.969.7226", "1-470-969-7226", "+1 470-969-7226"] {
///     assert_eq!(normalize_phone(s, "US").unwrap().e164, "+14709697226");
/// }
/// assert_eq!(normalize_phone("020 7946 0018", "GB").unwrap().e164, "+442079460018");
/// assert_eq!(normalize_phone("0000000000", "US"), Err(PhoneError::Invalid));
/// assert_eq!(normalize_phone("470-969-7226", "XX"), Err(PhoneError::UnknownRegion));
/// ```
pub fn normalize_phone(s: &str, default_region: &str) -> Result<Phone, PhoneError> {
    let s = checked(s)?;
    let known = known_region(default_region);
    if let Some(fast) = known.and_then(|(r, cc)| nanp_fast_path(s, r, cc)) {
        return fast;
    }
    library_path(s, known)
}

/// The full path through libphonenumber's parser.
fn library_path(s: &str, known: Option<(Region, i32)>) -> Result<Phone, PhoneError> {
    let region = known.map(|(r, _)| r);
    let number = match PHONE_NUMBER_UTIL.parse(s, region) {
        Ok(n) => n,
        Err(ParseError::InvalidCountryCode) if region.is_none() => {
            return Err(PhoneError::UnknownRegion)
        }
        Err(e) => return Err(map_parse_error(e)),
    };
    // Most numbers belong to the default region: checking it first gives the same answer as
    // `is_valid_number` (valid for one region of the calling code) without trying every region
    // that shares the code (+1 has two dozen).
    let valid_here = known.is_some_and(|(r, cc)| {
        number.country_code == cc && PHONE_NUMBER_UTIL.is_valid_number_for_region(&number, r)
    });
    if !valid_here && !PHONE_NUMBER_UTIL.is_valid_number(&number) {
        return Err(PhoneError::Invalid);
    }
    let country_code = u16::try_from(number.country_code).map_err(|_| PhoneError::Invalid)?;
    let e164 = PHONE_NUMBER_UTIL
        .format(&number, PhoneNumberFormat::E164)
        .into_owned();
    let extension = number.extension.filter(|x| !x.is_empty());
    Ok(Phone {
        e164,
        country_code,
        national_number: number.national_number,
        extension,
    })
}

/// The region if libphonenumber has metadata for it.
/// A fast path for the commonest shape in North American data — ten national digits, optionally
/// after `1` or `+1`, with only spaces, dots, dashes and parentheses between them — under a
/// default region of calling code 1. It skips libphonenumber's general parser but not its
/// validation: the number is built directly and checked against the same metadata.
/// `tests/prop_email_phone.rs` checks that whenever it answers, the answer equals
/// [`library_path`]'s; anything else returns `None` and takes the library path.
fn nanp_fast_path(s: &str, region: Region, region_cc: i32) -> Option<Result<Phone, PhoneError>> {
    if region_cc != 1 {
        return None;
    }
    let mut digits = [0u8; 11];
    let mut n = 0;
    let mut plus = false;
    let mut open = false;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'0'..=b'9' => {
                if n == digits.len() {
                    return None;
                }
                digits[n] = b - b'0';
                n += 1;
            }
            b'+' if i == 0 => plus = true,
            // At most one pair of parentheses, around digits.
            b'(' if !open => open = true,
            b')' if open => open = false,
            b' ' | b'-' | b'.' => {}
            _ => return None,
        }
    }
    if open {
        return None;
    }
    let national = match (n, plus) {
        (10, false) => &digits[..10],
        (11, _) if digits[0] == 1 => &digits[1..],
        _ => return None,
    };
    // NANP area codes and exchanges start with 2–9; anything else is left to the library.
    if national[0] < 2 || national[3] < 2 {
        return None;
    }
    let national_number = national
        .iter()
        .fold(0u64, |acc, &d| acc * 10 + u64::from(d));
    let number = PhoneNumber {
        country_code: 1,
        national_number,
        ..PhoneNumber::default()
    };
    let valid = PHONE_NUMBER_UTIL.is_valid_number_for_region(&number, region)
        || PHONE_NUMBER_UTIL.is_valid_number(&number);
    Some(if valid {
        Ok(Phone {
            e164: format!("+1{national_number}"),
            country_code: 1,
            national_number,
            extension: None,
        })
    } else {
        Err(PhoneError::Invalid)
    })
}

#[doc(hidden)]
/// The library path alone, for the property test that checks the fast path against it.
pub fn normalize_phone_without_fast_path(
    s: &str,
    default_region: &str,
) -> Result<Phone, PhoneError> {
    library_path(checked(s)?, known_region(default_region))
}

/// Trims and applies the checks every path shares: empty, too long, letters.
fn checked(s: &str) -> Result<&str, PhoneError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    if s.len() > MAX_INPUT_LEN {
        return Err(PhoneError::TooLong);
    }
    if has_letters(s) {
        return Err(PhoneError::Letters);
    }
    Ok(s)
}

fn known_region(code: &str) -> Option<(Region, i32)> {
    let region = Region::from_code(code.trim()).ok()?;
    PHONE_NUMBER_UTIL
        .get_country_code_for_region(region)
        .map(|cc| (region, cc))
}

fn map_parse_error(e: ParseError) -> PhoneError {
    match e {
        ParseError::InvalidCountryCode => PhoneError::InvalidCountryCode,
        ParseError::TooShortAfterIdd | ParseError::TooShortNsn => PhoneError::TooShort,
        ParseError::TooLongNsn => PhoneError::TooLong,
        _ => PhoneError::Invalid,
    }
}

/// Letter runs other than extension markers and a `tel:` prefix.
fn has_letters(s: &str) -> bool {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .any(|w| {
            !["ext", "extn", "extension", "x", "tel"]
                .iter()
                .any(|ok| w.eq_ignore_ascii_case(ok))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, default region, expected E.164 and extension, or error)
    type Case = (
        &'static str,
        &'static str,
        Result<(&'static str, Option<&'static str>), PhoneError>,
    );

    const CASES: &[Case] = &[
        // US / CA
        ("+14709697226", "US", Ok(("+14709697226", None))),
        ("(470) 969-7226", "US", Ok(("+14709697226", None))),
        ("470.969.7226", "US", Ok(("+14709697226", None))),
        ("470-969-7226", "US", Ok(("+14709697226", None))),
        ("1-470-969-7226", "US", Ok(("+14709697226", None))),
        ("4709697226", "US", Ok(("+14709697226", None))),
        ("  +1 (415) 555-0134 ", "US", Ok(("+14155550134", None))),
        ("4155550134", "US", Ok(("+14155550134", None))),
        ("011 44 20 7946 0018", "US", Ok(("+442079460018", None))),
        ("416-555-0123", "CA", Ok(("+14165550123", None))),
        ("+1 470 969 7226", "GB", Ok(("+14709697226", None))),
        ("00 1 470 969 7226", "DE", Ok(("+14709697226", None))),
        ("tel:+1-470-969-7226", "US", Ok(("+14709697226", None))),
        // extensions
        ("470-969-7226 x12", "US", Ok(("+14709697226", Some("12")))),
        (
            "470-969-7226 ext. 12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "470-969-7226 ext 12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "470-969-7226 EXT 12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "+1-470-969-7226;ext=12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        ("470-969-7226 #12", "US", Ok(("+14709697226", Some("12")))),
        // GB
        ("020 7946 0018", "GB", Ok(("+442079460018", None))),
        ("+44 (0)20 7946 0018", "US", Ok(("+442079460018", None))),
        ("07911 123456", "GB", Ok(("+447911123456", None))),
        // Ofcom's drama range 07700 900xxx is reserved for fiction and not valid.
        ("07700 900123", "GB", Err(PhoneError::Invalid)),
        ("0044 20 7946 0018", "FR", Ok(("+442079460018", None))),
        // DE
        ("030 12345678", "DE", Ok(("+493012345678", None))),
        ("+49 (0)30 12345678", "US", Ok(("+493012345678", None))),
        ("0151 23456789", "DE", Ok(("+4915123456789", None))),
        // FR
        ("+33 1 23 45 67 89", "US", Ok(("+33123456789", None))),
        ("01 23 45 67 89", "FR", Ok(("+33123456789", None))),
        ("06.12.34.56.78", "FR", Ok(("+33612345678", None))),
        // IN
        ("+91 98765 43210", "US", Ok(("+919876543210", None))),
        ("098765 43210", "IN", Ok(("+919876543210", None))),
        // AU
        ("(02) 9374 4000", "AU", Ok(("+61293744000", None))),
        ("0412 345 678", "AU", Ok(("+61412345678", None))),
        // ES
        ("+34 912 345 678", "US", Ok(("+34912345678", None))),
        ("912 345 678", "ES", Ok(("+34912345678", None))),
        // IT (leading zero is part of the number)
        ("06 1234 5678", "IT", Ok(("+390612345678", None))),
        ("+39 312 345 6789", "US", Ok(("+393123456789", None))),
        // BR
        ("+55 11 91234-5678", "US", Ok(("+5511912345678", None))),
        ("(11) 91234-5678", "BR", Ok(("+5511912345678", None))),
        // MX
        ("+52 55 1234 5678", "US", Ok(("+525512345678", None))),
        ("55 1234 5678", "MX", Ok(("+525512345678", None))),
        // JP
        ("03-1234-5678", "JP", Ok(("+81312345678", None))),
        ("+81 90-1234-5678", "US", Ok(("+819012345678", None))),
        // region code case
        ("020 7946 0018", "gb", Ok(("+442079460018", None))),
        // rejections
        ("", "US", Err(PhoneError::Empty)),
        ("   ", "US", Err(PhoneError::Empty)),
        ("0000000000", "US", Err(PhoneError::Invalid)),
        ("1111111111", "US", Err(PhoneError::Invalid)),
        ("123-456-7890", "US", Err(PhoneError::Invalid)),
        ("555-0134", "US", Err(PhoneError::Invalid)),
        ("47096972261", "US", Err(PhoneError::Invalid)),
        ("1-800-FLOWERS", "US", Err(PhoneError::Letters)),
        ("mobile 470 969 7226", "US", Err(PhoneError::Letters)),
        ("+999 1234 5678", "US", Err(PhoneError::InvalidCountryCode)),
        ("470-969-7226", "XX", Err(PhoneError::UnknownRegion)),
        ("470-969-7226", "USA", Err(PhoneError::UnknownRegion)),
        ("+14709697226", "XX", Ok(("+14709697226", None))),
        ("1", "US", Err(PhoneError::Invalid)),
        ("---", "US", Err(PhoneError::Invalid)),
    ];

    #[test]
    fn table() {
        let mut failures = Vec::new();
        for (input, region, want) in CASES {
            let got = normalize_phone(input, region);
            let got = got
                .as_ref()
                .map(|p| (p.e164.as_str(), p.extension.as_deref()))
                .map_err(|e| *e);
            if got != *want {
                failures.push(format!("{input:?} {region}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn fields() {
        let p = normalize_phone("06 1234 5678", "IT").unwrap();
        assert_eq!((p.country_code, p.national_number), (39, 612345678));
        let p = normalize_phone("030 12345678", "DE").unwrap();
        assert_eq!((p.country_code, p.national_number), (49, 3012345678));
    }

    #[test]
    fn bounded_input() {
        let huge = "1".repeat(1 << 20);
        assert_eq!(normalize_phone(&huge, "US"), Err(PhoneError::TooLong));
    }

    #[test]
    fn messages_never_contain_the_number() {
        for (input, region, want) in CASES {
            if want.is_err() && !input.trim().is_empty() {
                let msg = normalize_phone(input, region).unwrap_err().to_string();
                assert!(msg.starts_with("phone"), "{msg}");
                assert!(!msg.contains(input.trim()), "{msg}");
            }
        }
    }
}
