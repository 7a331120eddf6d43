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
//!   Profile normalization is more lenient by default (see
//!   [`NormalizeConfig::unassigned_phones`](super::NormalizeConfig::unassigned_phones)): a
//!   number of possible length in a range not (yet) assigned is still evidence there, unless it
//!   looks like a placeholder; [`normalize_phone`] itself keeps the strict rule.
//! * **Labels are skipped; other letters are rejected** ([`PhoneError::Letters`]). See
//!   [Labels](#labels).
//! * **Extensions** go to [`Phone::extension`] and are not part of `e164`. See
//!   [Extensions](#extensions).
//! * **International prefixes** are those of the default region: `00` in most of the world,
//!   `011` in the NANP, `00` plus a carrier digit in Thailand (`001 98 …`, `009 98 …`), so `00 44 20 …` read with region
//!   `US` is not valid (write `+` or `011`).
//! * **Regions** are ISO 3166 alpha-2 codes in any case (`"GB"`, `"gb"`). The region is used only
//!   for numbers written without an international prefix, and a national number is read in the
//!   default region only: `0913 547 0820` is an Iranian mobile with region `IR` and
//!   [`PhoneError::Invalid`] with region `TH`, never re-read as another country's number. A
//!   number written with the country code but without `+` (`989128729047`, `66999325063`) is
//!   accepted when that code is the default region's. An unknown region is reported as
//!   [`PhoneError::UnknownRegion`] only when it is needed. [`region_for_country_code`] gives the
//!   main region of a calling code, to infer a record's country from an international number.
//!
//! # Labels
//!
//! Letters (of any script) *before* the first digit or `+` are a label and are removed, with the
//! spaces and punctuation around them (`:` `.` `-` `/` `,` `'` parentheses); what follows must
//! then be a valid number on its own. Letters *after* the last digit are a label too when
//! separated from the number by a space, `(`, `,` or `/`: `0913 547 0820 (mobile)`.
//!
//! | written | read as |
//! |---|---|
//! | `Mobile: 470-969-7226`, `Tel: …`, `Tel. …`, `Phone …`, `Cell …`, `Cel. …`, `Mob …`, `Home: …`, `Work: …`, `M: …`, `T: …`, `H: …`, `W: …`, `O: …` | the number |
//! | `Tél. …`, `Handy …`, `Тел. …`, `موبایل: ۰۹۱۳ …`, `تلفن ۰۲۱ …`, `همراه: …`, `มือถือ ๐๙๕ …`, `โทร. 02-…` | the number |
//! | `Fax 020 7946 0018` | the number: a fax line written in a customer's record is still that customer's line, and links their records as well as any other |
//! | `470-969-7226 (cell)`, `0913 547 0820 موبایل` | the number |
//! | `1-800-FLOWERS`, `Tel: 1-800-FLOWERS` (vanity) | [`PhoneError::Letters`]: a letter after the first digit is never turned into a digit |
//! | `470 969 7226 call after 5`, `Home 470… Work 470…` | [`PhoneError::Letters`]: words inside the number other than extension labels |
//! | `no phone`, `n/a` | [`PhoneError::Letters`] |
//!
//! Any word is accepted as a label: the rule is about position, not vocabulary, so labels in any
//! language work. A label never makes a number valid that would not be valid alone.
//!
//! # Extensions
//!
//! An extension label between the number and the extension digits keeps them apart
//! ([`Phone::extension`]); any case, full-width forms (`ｘ`, `ｅｘｔ`) included:
//!
//! | label | |
//! |---|---|
//! | `ext`, `ext.`, `extn`, `extension`, `x`, `#`, `int`, `int.`, `anexo`, `;ext=` | libphonenumber's own |
//! | `extensión`, `доб`, `доб.` | libphonenumber's own, non-ASCII |
//! | `ramal` (pt), `poste` (fr), `Durchwahl` (de), `内線` (ja), `داخلی` (fa), `ต่อ` (th) | read as `ext` |
//!
//! # Scripts and invisible characters
//!
//! * Decimal digits of every script are digits: Persian `۰۹۱۲`, Arabic-Indic `٠٩١٢`, Thai `๐๘๑`,
//!   Devanagari `०९८`, full-width `０９１２`, …
//! * Format characters are ignored wherever they are: zero-width non-joiner and joiner, zero-width
//!   space, word joiner, soft hyphen, left-to-right, right-to-left and Arabic letter marks, bidi
//!   embeddings and isolates, BOM.
//! * Unicode spaces (no-break, narrow no-break, thin, ideographic, …) are spaces; Unicode dashes
//!   and the minus sign are `-`; full-width `＋` `（` `）` `－` `．` are their ASCII forms.
//! * Other symbols inside the number (`470•969•7226`) make it [`PhoneError::Invalid`], as in
//!   ASCII; before or after it (`☎ 470 969 7226`) they are ignored.
//!
//! Plain ASCII input without letters is passed to libphonenumber as it is; folding happens in a
//! 64-byte buffer on the stack, so no path allocates more than libphonenumber itself.
//!
//! # Untrusted input
//!
//! Input longer than [`MAX_INPUT_LEN`] bytes after trimming, or whose number part is longer than
//! 64 bytes once folded, is rejected before parsing, so the time spent is bounded whatever the
//! input; no input panics. Neither errors nor the `Debug`
//! output of [`Phone`] contain the number.

use rlibphonenumber::{ParseError, PhoneNumber, PhoneNumberFormat, Region, PHONE_NUMBER_UTIL};
use unicode_normalization::char::is_combining_mark;

/// Longest input accepted, in bytes after trimming, label included: room for a label and
/// digits in scripts that take two or three UTF-8 bytes a character (`۰۹۱۲`, `๐๘๑`). Once the
/// label is removed and digits and separators are folded to ASCII, the number itself (with
/// punctuation, prefix and extension) must fit in 64 bytes; the longest E.164 number is 15
/// digits. Longer input is [`PhoneError::TooLong`].
///
/// ```
/// use selfsame::normalize::phone::{normalize_phone, PhoneError, MAX_INPUT_LEN};
/// let long = "1".repeat(MAX_INPUT_LEN + 1);
/// assert_eq!(normalize_phone(&long, "US"), Err(PhoneError::TooLong));
/// assert_eq!(normalize_phone(&"1".repeat(65), "US"), Err(PhoneError::TooLong));
/// ```
pub const MAX_INPUT_LEN: usize = 256;

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
    /// Letters other than a label before or after the number or an extension label (vanity
    /// numbers are not mapped).
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
/// // Labels, digits of any script, invisible characters, extension labels.
/// assert_eq!(normalize_phone("موبایل: ۰۹۱۳ ۵۴۷ ۰۸۲۰", "IR").unwrap().e164, "+989135470820");
/// assert_eq!(normalize_phone("มือถือ ๐๙๕๖๐๙๘๒๖๕", "TH").unwrap().e164, "+66956098265");
/// assert_eq!(normalize_phone("\u{200E}+98\u{202F}913\u{200C}547 0820", "US").unwrap().e164, "+989135470820");
/// let p = normalize_phone("+7 495 123-45-67 доб. 123", "RU").unwrap();
/// assert_eq!((p.e164.as_str(), p.extension.as_deref()), ("+74951234567", Some("123")));
/// // A national number is read in the default region only.
/// assert_eq!(normalize_phone("0913 547 0820", "TH"), Err(PhoneError::Invalid));
/// assert_eq!(normalize_phone("1-800-FLOWERS", "US"), Err(PhoneError::Letters));
/// assert_eq!(normalize_phone("0000000000", "US"), Err(PhoneError::Invalid));
/// assert_eq!(normalize_phone("470-969-7226", "XX"), Err(PhoneError::UnknownRegion));
/// ```
pub fn normalize_phone(s: &str, default_region: &str) -> Result<Phone, PhoneError> {
    let mut buf = [0u8; MAX_NUMBER_LEN];
    let s = prepare(s, &mut buf)?;
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

/// A number that [`normalize_phone`] rejects as [`PhoneError::Invalid`] only because its
/// country has not assigned its range (yet — metadata lags new area codes), read anyway: it has
/// a length the country's numbering plan allows, and it is not a placeholder or a stub (fewer
/// than seven digits, fewer than four distinct digits, a run such as `1234567890`, or a NANP
/// area code or exchange starting with 0 or 1). `None` for anything else, including every number `normalize_phone` accepts or
/// rejects for another reason. Used by profile normalization when
/// [`NormalizeConfig::unassigned_phones`](super::NormalizeConfig::unassigned_phones) is on.
pub(crate) fn normalize_unassigned_phone(s: &str, default_region: &str) -> Option<Phone> {
    let mut buf = [0u8; MAX_NUMBER_LEN];
    let s = prepare(s, &mut buf).ok()?;
    let region = known_region(default_region).map(|(r, _)| r);
    let number = PHONE_NUMBER_UTIL.parse(s, region).ok()?;
    if PHONE_NUMBER_UTIL.is_valid_number(&number) || !PHONE_NUMBER_UTIL.is_possible_number(&number)
    {
        return None;
    }
    let country_code = u16::try_from(number.country_code).ok()?;
    if placeholder_digits(country_code, number.national_number) {
        return None;
    }
    let e164 = PHONE_NUMBER_UTIL
        .format(&number, PhoneNumberFormat::E164)
        .into_owned();
    Some(Phone {
        e164,
        country_code,
        national_number: number.national_number,
        extension: number.extension.filter(|x| !x.is_empty()),
    })
}

/// Whether a national number looks typed to fill a form rather than to reach someone (or
/// is cut short): fewer than seven digits, fewer than four distinct digits (`5555555555`,
/// `2020202020`), digits rising or falling by one throughout (`2345678901`), or, in the NANP,
/// an area code or exchange starting with 0 or 1 (no NANP number does).
fn placeholder_digits(country_code: u16, national: u64) -> bool {
    let digits: Vec<u8> = national.to_string().bytes().map(|b| b - b'0').collect();
    if digits.len() < 7 {
        return true;
    }
    let mut seen = [false; 10];
    for &d in &digits {
        seen[d as usize] = true;
    }
    if seen.iter().filter(|&&x| x).count() < 4 {
        return true;
    }
    let run = |step: u8| digits.windows(2).all(|w| (w[0] + step) % 10 == w[1]);
    if run(1) || run(9) {
        return true;
    }
    country_code == 1 && (digits.len() != 10 || digits[0] < 2 || digits[3] < 2)
}

#[doc(hidden)]
/// The library path alone, for the property test that checks the fast path against it.
pub fn normalize_phone_without_fast_path(
    s: &str,
    default_region: &str,
) -> Result<Phone, PhoneError> {
    let mut buf = [0u8; MAX_NUMBER_LEN];
    library_path(prepare(s, &mut buf)?, known_region(default_region))
}

/// Longest number part accepted, in bytes, once labels are removed and digits and separators
/// are folded to ASCII. The longest E.164 number is 15 digits; 64 bytes leave room for
/// punctuation, an international prefix and an extension.
const MAX_NUMBER_LEN: usize = 64;

/// How one character of the input is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An invisible format character (ZWNJ, LRM, BOM, …): ignored.
    Skip,
    /// A decimal digit of any script, by value.
    Digit(u8),
    /// `+` or full-width `＋`.
    Plus,
    /// A letter or combining mark of any script.
    Letter,
    /// An ASCII character that is not a digit, letter or `+`; or a non-ASCII space, dash or
    /// full-width form read as one.
    Punct(u8),
    /// Any other character.
    Other,
}

#[inline(always)]
fn kind(c: char) -> Kind {
    match u8::try_from(c) {
        Ok(b) if b.is_ascii() => kind_ascii(b),
        _ => kind_non_ascii(c),
    }
}

#[inline(always)]
fn kind_ascii(b: u8) -> Kind {
    match b {
        b'0'..=b'9' => Kind::Digit(b - b'0'),
        b'+' => Kind::Plus,
        b'A'..=b'Z' | b'a'..=b'z' => Kind::Letter,
        _ => Kind::Punct(b),
    }
}

fn kind_non_ascii(c: char) -> Kind {
    match c {
        '\u{FF01}'..='\u{FF5E}' => match u8::try_from(fold_full_width(c)) {
            Ok(b) if b.is_ascii() => kind_ascii(b),
            _ => Kind::Other,
        },
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FE58}' | '\u{FE63}' => {
            Kind::Punct(b'-')
        }
        '\u{2053}' | '\u{223C}' => Kind::Punct(b'~'),
        _ if is_format_char(c) => Kind::Skip,
        _ if c.is_whitespace() => Kind::Punct(b' '),
        _ => match decimal_digit_value(c) {
            Some(d) => Kind::Digit(d),
            None if c.is_alphabetic() || is_combining_mark(c) => Kind::Letter,
            None => Kind::Other,
        },
    }
}

/// Full-width ASCII forms (U+FF01–U+FF5E: `＋`, `０`, `ｅｘｔ`, `＠`, `．`, …) to ASCII; any
/// other character unchanged.
pub(crate) fn fold_full_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Invisible format characters that people and software leave in copied text: soft hyphen,
/// Arabic letter mark, the zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner), directional
/// marks, embeddings and isolates, BOM, variation selectors and tags (general category `Cf`,
/// plus the default-ignorable marks CGJ, Mongolian and Unicode variation selectors).
pub(crate) fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// The first code point (digit zero) of every run of ten decimal digits (general category
/// `Nd`) in Unicode 16, ASCII excluded.
const DIGIT_ZEROS: &[u32] = &[
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x10D40, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x116D0, 0x116DA, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50, 0x11D50,
    0x11DA0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0, 0x1D7CE, 0x1D7D8,
    0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

/// The value of a decimal digit of any script (`7`, `۷`, `٧`, `๗`, `७`, `７`, …).
pub(crate) fn decimal_digit_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return u8::try_from(c).ok().map(|b| b - b'0');
    }
    // No decimal digits between ASCII and the Arabic-Indic ones.
    if c < '\u{660}' || !c.is_numeric() {
        return None;
    }
    let cp = u32::from(c);
    // The runs are sorted and disjoint: the candidate is the last zero at or below `cp`.
    let i = DIGIT_ZEROS.partition_point(|&z| z <= cp);
    let zero = *DIGIT_ZEROS.get(i.checked_sub(1)?)?;
    u8::try_from(cp - zero).ok().filter(|&d| d < 10)
}

/// Characters a label may contain besides letters: spaces and the punctuation people put
/// around or after a label (`Tel.:`, `(mobile)`, `Mom's cell -`, `تلفن،`).
fn is_label_char(c: char, k: Kind) -> bool {
    match k {
        Kind::Letter | Kind::Skip => true,
        Kind::Punct(b) => matches!(
            b,
            b' ' | b'\t' | b':' | b'.' | b'-' | b'/' | b'(' | b')' | b',' | b'\''
        ),
        Kind::Other => matches!(c, '\u{60C}' | '\u{2019}'),
        Kind::Digit(_) | Kind::Plus => false,
    }
}

/// How a word inside the number is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    /// An extension label libphonenumber knows, in ASCII: passed on as written.
    Native,
    /// Another extension label: passed on as `ext`.
    Rewrite,
    /// Not an extension label.
    NotExtension,
}

/// Extension labels that libphonenumber reads (its `EXTN_PATTERNS`, ASCII forms; full-width
/// forms fold to these).
const NATIVE_EXTENSION_WORDS: &[&str] =
    &["ext", "extn", "extension", "xt", "xtn", "x", "int", "anexo"];

/// Extension labels passed on as `ext`: libphonenumber's non-ASCII ones and common ones it
/// lacks.
const OTHER_EXTENSION_WORDS: &[&str] = &[
    "extensión",
    "extensio\u{301}n",
    "доб",
    "ramal",
    "poste",
    "durchwahl",
    "内線",
    "داخلی",
    "داخلي",
    "ต่อ",
];

fn word_is(word: &str, target: &str) -> bool {
    if word.is_ascii() {
        return word.eq_ignore_ascii_case(target);
    }
    word.chars()
        .filter(|&c| !is_format_char(c))
        .map(fold_full_width)
        .flat_map(char::to_lowercase)
        .eq(target.chars())
}

fn classify_word(word: &str) -> Word {
    if NATIVE_EXTENSION_WORDS.iter().any(|t| word_is(word, t)) {
        Word::Native
    } else if OTHER_EXTENSION_WORDS.iter().any(|t| word_is(word, t)) {
        Word::Rewrite
    } else {
        Word::NotExtension
    }
}

/// Where a leading label ends: `None` if `prefix` (everything before the first digit or `+`)
/// has no letter; the offset of the number's opening parenthesis, or `prefix.len()`, if it is
/// a label; [`PhoneError::Letters`] if it has letters but is not a label.
fn label_end(prefix: &str) -> Result<Option<usize>, PhoneError> {
    let mut letters = false;
    let mut paren = None;
    for (i, c) in prefix.char_indices() {
        let k = kind(c);
        if !is_label_char(c, k) {
            return Err(PhoneError::Letters);
        }
        match k {
            Kind::Letter => {
                letters = true;
                paren = None;
            }
            Kind::Punct(b'(') => paren = Some(i),
            Kind::Punct(b' ' | b'\t') | Kind::Skip => {}
            _ => paren = None,
        }
    }
    Ok(letters.then_some(paren.unwrap_or(prefix.len())))
}

/// Whether `suffix` (everything after the last digit) is a trailing label to drop
/// (` (mobile)`, ` موبایل`); [`PhoneError::Letters`] if it has letters but is not one
/// (`-FLOWERS`).
fn is_trailing_label(suffix: &str) -> Result<bool, PhoneError> {
    let mut letters = false;
    let mut first = None;
    for c in suffix.chars() {
        let k = kind(c);
        if k == Kind::Skip {
            continue;
        }
        first.get_or_insert(k);
        letters |= k == Kind::Letter;
    }
    if !letters {
        return Ok(false);
    }
    let separated = matches!(first, Some(Kind::Punct(b' ' | b'\t' | b'(' | b',' | b'/')));
    if separated && suffix.chars().all(|c| is_label_char(c, kind(c))) {
        Ok(true)
    } else {
        Err(PhoneError::Letters)
    }
}

/// Checks the words between the first and the last digit: each must be an extension label.
/// Returns whether one must be rewritten.
fn check_inner_words(core: &str) -> Result<bool, PhoneError> {
    let mut rewrite = false;
    let mut start = None;
    let mut word_ends = |start: &mut Option<usize>, i: usize| -> Result<(), PhoneError> {
        if let Some(s) = start.take() {
            match classify_word(core.get(s..i).unwrap_or("")) {
                Word::Native => {}
                Word::Rewrite => rewrite = true,
                Word::NotExtension => return Err(PhoneError::Letters),
            }
        }
        Ok(())
    };
    if core.is_ascii() {
        for (i, b) in core.bytes().enumerate() {
            if b.is_ascii_alphabetic() {
                start.get_or_insert(i);
            } else {
                word_ends(&mut start, i)?;
            }
        }
    } else {
        for (i, c) in core.char_indices() {
            match kind(c) {
                Kind::Letter => {
                    start.get_or_insert(i);
                }
                // Invisible characters inside a word are part of it.
                Kind::Skip => {}
                _ => word_ends(&mut start, i)?,
            }
        }
    }
    word_ends(&mut start, core.len())?;
    Ok(rewrite)
}

fn bounded(s: &str) -> Result<&str, PhoneError> {
    if s.len() > MAX_NUMBER_LEN {
        Err(PhoneError::TooLong)
    } else {
        Ok(s)
    }
}

/// The number part of `s`, ready for libphonenumber: trimmed, a leading or trailing label
/// removed, and — only when the input is not plain ASCII or an extension label must be
/// rewritten — digits of every script, Unicode spaces, dashes and full-width forms folded to
/// ASCII and format characters dropped, into `buf`. Plain ASCII input without letters is
/// returned as it is, with a single scan.
fn prepare<'a>(s: &'a str, buf: &'a mut [u8; MAX_NUMBER_LEN]) -> Result<&'a str, PhoneError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    if s.len() > MAX_INPUT_LEN {
        return Err(PhoneError::TooLong);
    }
    let ascii = s.is_ascii();
    if ascii && !s.bytes().any(|b| b.is_ascii_alphabetic()) {
        return bounded(s);
    }
    let mut first = None;
    let mut last_end = None;
    let mut letters = false;
    let mut note = |i: usize, len: usize, k: Kind| match k {
        Kind::Digit(_) => {
            first.get_or_insert(i);
            last_end = Some(i + len);
        }
        Kind::Plus => {
            first.get_or_insert(i);
        }
        Kind::Letter => letters = true,
        _ => {}
    };
    if ascii {
        for (i, b) in s.bytes().enumerate() {
            note(i, 1, kind_ascii(b));
        }
    } else {
        for (i, c) in s.char_indices() {
            note(i, c.len_utf8(), kind(c));
        }
    }
    let (mut start, mut end, mut rewrite) = (0, s.len(), false);
    if letters {
        let (Some(first), Some(last_end)) = (first, last_end) else {
            return Err(PhoneError::Letters);
        };
        let (prefix, core, suffix) =
            match (s.get(..first), s.get(first..last_end), s.get(last_end..)) {
                (Some(p), Some(c), Some(x)) => (p, c, x),
                _ => return Err(PhoneError::Invalid),
            };
        if let Some(label) = label_end(prefix)? {
            start = label;
        }
        rewrite = check_inner_words(core)?;
        if is_trailing_label(suffix)? {
            end = last_end;
        }
    }
    let number = s.get(start..end).ok_or(PhoneError::Invalid)?;
    if ascii && !rewrite {
        return bounded(number);
    }
    let core = match (first, last_end) {
        (Some(f), Some(l)) => f.saturating_sub(start)..l.saturating_sub(start),
        _ => 0..0,
    };
    fold_into(number, core, buf)
}

/// Writes `number` folded to ASCII into `buf` (see [`prepare`]). `core` is the byte range from
/// the first digit or `+` to the last digit: a character that cannot be folded is an error
/// there and ignored outside (libphonenumber ignores what precedes and trails the number).
fn fold_into<'a>(
    number: &str,
    core: std::ops::Range<usize>,
    buf: &'a mut [u8; MAX_NUMBER_LEN],
) -> Result<&'a str, PhoneError> {
    let mut n = 0;
    let mut push = |b: u8| -> Result<(), PhoneError> {
        *buf.get_mut(n).ok_or(PhoneError::TooLong)? = b;
        n += 1;
        Ok(())
    };
    let mut word_end = 0;
    for (i, c) in number.char_indices() {
        if i < word_end {
            continue;
        }
        match kind(c) {
            Kind::Skip => {}
            Kind::Digit(d) => push(b'0' + d)?,
            Kind::Plus => push(b'+')?,
            Kind::Punct(b) => push(b)?,
            Kind::Other if core.contains(&i) => return Err(PhoneError::Invalid),
            Kind::Other => {}
            Kind::Letter => {
                let rest = number.get(i..).unwrap_or("");
                let len = rest
                    .char_indices()
                    .find(|&(_, c)| !matches!(kind(c), Kind::Letter | Kind::Skip))
                    .map_or(rest.len(), |(j, _)| j);
                word_end = i + len;
                let word = rest.get(..len).unwrap_or("");
                match classify_word(word) {
                    Word::Native => {
                        for c in word.chars().map(fold_full_width) {
                            if let Ok(b) = u8::try_from(c) {
                                if b.is_ascii_alphabetic() {
                                    push(b)?;
                                }
                            }
                        }
                    }
                    Word::Rewrite => {
                        for &b in b"ext" {
                            push(b)?;
                        }
                    }
                    Word::NotExtension => return Err(PhoneError::Letters),
                }
            }
        }
    }
    std::str::from_utf8(buf.get(..n).unwrap_or(&[])).map_err(|_| PhoneError::Invalid)
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

/// `A`…`Z` pairs for every two-letter region code, so a [`Region`] can be shown as a
/// `&'static str`.
static ALPHA2: [u8; 26 * 26 * 2] = alpha2_table();

const fn alpha2_table() -> [u8; 26 * 26 * 2] {
    let mut t = [0u8; 26 * 26 * 2];
    let mut i = 0;
    while i < 26 * 26 {
        t[2 * i] = b'A' + (i / 26) as u8;
        t[2 * i + 1] = b'A' + (i % 26) as u8;
        i += 1;
    }
    t
}

/// The main region (ISO 3166 alpha-2, upper case) of a country calling code, from
/// libphonenumber's metadata: the region listed first for the code, which is the one its
/// numbering plan is named after (`1` → `US`, `7` → `RU`, `44` → `GB`, `61` → `AU`).
/// `None` for codes that are not assigned and for non-geographic codes (`800` international
/// freephone, `870` Inmarsat, `882`/`883` international networks, …), which have no country.
///
/// Meant for inferring a record's country from an international number written in the same
/// record: `+98 912 …` says the customer is in Iran, whatever the default region was.
///
/// ```
/// use selfsame::normalize::phone::{normalize_phone, region_for_country_code};
/// assert_eq!(region_for_country_code(98), Some("IR"));
/// assert_eq!(region_for_country_code(66), Some("TH"));
/// assert_eq!(region_for_country_code(44), Some("GB"));
/// assert_eq!(region_for_country_code(1), Some("US"));
/// assert_eq!(region_for_country_code(7), Some("RU"));
/// assert_eq!(region_for_country_code(800), None);
/// assert_eq!(region_for_country_code(999), None);
/// assert_eq!(region_for_country_code(0), None);
/// let p = normalize_phone("+۹۸ ۹۱۹ ۱۳۸ ۵۳۲۷", "US").unwrap();
/// assert_eq!(region_for_country_code(p.country_code), Some("IR"));
/// ```
pub fn region_for_country_code(cc: u16) -> Option<&'static str> {
    let region = PHONE_NUMBER_UTIL.get_region_for_country_code(i32::from(cc))?;
    if region == Region::World {
        return None;
    }
    let code = region as u16;
    let [a, b] = code.to_be_bytes();
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
        return None;
    }
    let i = (usize::from(a - b'A') * 26 + usize::from(b - b'A')) * 2;
    ALPHA2
        .get(i..i + 2)
        .and_then(|pair| std::str::from_utf8(pair).ok())
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
        ("mobile 470 969 7226", "US", Ok(("+14709697226", None))),
        ("Tel: 1-800-FLOWERS", "US", Err(PhoneError::Letters)),
        ("470 969 7226 call after 5", "US", Err(PhoneError::Letters)),
        (
            "Home 470 969 7226 Work 470 969 7227",
            "US",
            Err(PhoneError::Letters),
        ),
        ("470 969 7226 or 7227", "US", Err(PhoneError::Letters)),
        ("after 5pm: 470 969 7226", "US", Err(PhoneError::Letters)),
        ("no phone", "US", Err(PhoneError::Letters)),
        ("n/a", "US", Err(PhoneError::Letters)),
        ("Tel: +", "US", Err(PhoneError::Letters)),
        ("Mobile: 0000000000", "US", Err(PhoneError::Invalid)),
        ("Mobile: 555-0134", "US", Err(PhoneError::Invalid)),
        ("Tel@ 470 969 7226", "US", Err(PhoneError::Letters)),
        ("470•969•7226", "US", Err(PhoneError::Invalid)),
        ("+999 1234 5678", "US", Err(PhoneError::InvalidCountryCode)),
        ("470-969-7226", "XX", Err(PhoneError::UnknownRegion)),
        ("470-969-7226", "USA", Err(PhoneError::UnknownRegion)),
        ("+14709697226", "XX", Ok(("+14709697226", None))),
        ("1", "US", Err(PhoneError::Invalid)),
        ("---", "US", Err(PhoneError::Invalid)),
    ];

    /// Labels before and after the number, in many languages (item: labels lose no number).
    const LABELS: &[Case] = &[
        ("موبایل: ۰۳۱ ۳۲۹۹ ۸۶۴۲", "IR", Ok(("+983132998642", None))),
        ("موبایل: ۰۹۱۳ ۵۴۷ ۰۸۲۰", "IR", Ok(("+989135470820", None))),
        ("تلفن ۰۲۱ ۸۸۸۸ ۱۲۳۴", "IR", Ok(("+982188881234", None))),
        ("تلفن: 021-88881234", "IR", Ok(("+982188881234", None))),
        ("همراه: 0912 345 6789", "IR", Ok(("+989123456789", None))),
        (
            "تلفن\u{200C}همراه: ۰۹۱۲ ۳۴۵ ۶۷۸۹",
            "IR",
            Ok(("+989123456789", None)),
        ),
        (
            "شماره تلفن همراه: ۰۹۱۲ ۳۴۵ ۶۷۸۹",
            "IR",
            Ok(("+989123456789", None)),
        ),
        ("مبایل ۰۹۱۲-۳۴۵-۶۷۸۹", "IR", Ok(("+989123456789", None))),
        ("มือถือ ๐๙๕๖๐๙๘๒๖๕", "TH", Ok(("+66956098265", None))),
        ("มือถือ: 095-609-8265", "TH", Ok(("+66956098265", None))),
        ("โทร. 02-123-4567", "TH", Ok(("+6621234567", None))),
        ("โทรศัพท์ 02 123 4567", "TH", Ok(("+6621234567", None))),
        ("Mobile: 470-969-7226", "US", Ok(("+14709697226", None))),
        ("MOBILE 470.969.7226", "US", Ok(("+14709697226", None))),
        ("Tel: +44 20 7946 0018", "US", Ok(("+442079460018", None))),
        ("Tel.: 020 7946 0018", "GB", Ok(("+442079460018", None))),
        ("Phone 020 7946 0018", "GB", Ok(("+442079460018", None))),
        ("Cel. 55 1234 5678", "MX", Ok(("+525512345678", None))),
        ("Cell (470) 969-7226", "US", Ok(("+14709697226", None))),
        ("Cell: +1 (470) 969-7226", "US", Ok(("+14709697226", None))),
        ("Mob 07911 123456", "GB", Ok(("+447911123456", None))),
        ("Mob. - 07911 123456", "GB", Ok(("+447911123456", None))),
        ("Tél. 01 23 45 67 89", "FR", Ok(("+33123456789", None))),
        ("Handy 0151 23456789", "DE", Ok(("+4915123456789", None))),
        (
            "Handy: +49 151 23456789",
            "DE",
            Ok(("+4915123456789", None)),
        ),
        ("Тел. +7 495 123-45-67", "RU", Ok(("+74951234567", None))),
        ("M: 470 969 7226", "US", Ok(("+14709697226", None))),
        ("T: 020 7946 0018", "GB", Ok(("+442079460018", None))),
        ("H: 470 969 7226", "US", Ok(("+14709697226", None))),
        ("W: 470 969 7226", "US", Ok(("+14709697226", None))),
        ("O: 470 969 7226", "US", Ok(("+14709697226", None))),
        ("Home: 470 969 7226", "US", Ok(("+14709697226", None))),
        (
            "Work: 470 969 7226 x12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "Mom's cell - 470 969 7226",
            "US",
            Ok(("+14709697226", None)),
        ),
        ("Fax 020 7946 0018", "GB", Ok(("+442079460018", None))),
        ("Fax: +44 20 7946 0018", "US", Ok(("+442079460018", None))),
        ("(mobile) 470 969 7226", "US", Ok(("+14709697226", None))),
        ("Mobile (470) 969-7226", "US", Ok(("+14709697226", None))),
        ("470-969-7226 (mobile)", "US", Ok(("+14709697226", None))),
        ("470-969-7226 (cell)", "US", Ok(("+14709697226", None))),
        ("0913 547 0820 (mobile)", "IR", Ok(("+989135470820", None))),
        ("۰۹۱۳ ۵۴۷ ۰۸۲۰ (موبایل)", "IR", Ok(("+989135470820", None))),
        ("۰۹۱۳ ۵۴۷ ۰۸۲۰ موبایل", "IR", Ok(("+989135470820", None))),
        ("470-969-7226, home", "US", Ok(("+14709697226", None))),
        (
            "Tel. 02-123-4567 ต่อ 12 (office)",
            "TH",
            Ok(("+6621234567", Some("12"))),
        ),
        ("tel:+1-470-969-7226", "US", Ok(("+14709697226", None))),
        // still rejected
        ("Mobile: 1-800-FLOWERS", "US", Err(PhoneError::Letters)),
        ("470-969-7226-HOME", "US", Err(PhoneError::Letters)),
        ("Mobile: 0913 547 0820", "TH", Err(PhoneError::Invalid)),
    ];

    /// Extension labels (libphonenumber's and others).
    const EXTENSIONS: &[Case] = &[
        (
            "470-969-7226 extn 12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "470-969-7226 extension 12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "470-969-7226 Ext.12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        ("470-969-7226 X 12", "US", Ok(("+14709697226", Some("12")))),
        (
            "470-969-7226 int 12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "470-969-7226 int. 12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "470-969-7226 anexo 12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "+56 2 2345 6789 anexo 12",
            "US",
            Ok(("+56223456789", Some("12"))),
        ),
        (
            "+34 912 345 678 extensión 12",
            "US",
            Ok(("+34912345678", Some("12"))),
        ),
        (
            "+34 912 345 678 extensio\u{301}n 12",
            "US",
            Ok(("+34912345678", Some("12"))),
        ),
        (
            "+7 495 123-45-67 доб. 123",
            "RU",
            Ok(("+74951234567", Some("123"))),
        ),
        (
            "+7 495 123-45-67 доб 123",
            "RU",
            Ok(("+74951234567", Some("123"))),
        ),
        (
            "+7 495 123-45-67 ДОБ. 123",
            "RU",
            Ok(("+74951234567", Some("123"))),
        ),
        (
            "(11) 91234-5678 ramal 12",
            "BR",
            Ok(("+5511912345678", Some("12"))),
        ),
        (
            "(11) 3456-7890 Ramal: 12",
            "BR",
            Ok(("+551134567890", Some("12"))),
        ),
        (
            "03-1234-5678 内線 12",
            "JP",
            Ok(("+81312345678", Some("12"))),
        ),
        (
            "03-1234-5678 内線12",
            "JP",
            Ok(("+81312345678", Some("12"))),
        ),
        ("470-969-7226 ｘ12", "US", Ok(("+14709697226", Some("12")))),
        (
            "470-969-7226 ｅｘｔ．１２",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "01 23 45 67 89 poste 12",
            "FR",
            Ok(("+33123456789", Some("12"))),
        ),
        (
            "030 12345678 Durchwahl 12",
            "DE",
            Ok(("+493012345678", Some("12"))),
        ),
        (
            "۰۲۱ ۸۸۸۸ ۱۲۳۴ داخلی ۱۲",
            "IR",
            Ok(("+982188881234", Some("12"))),
        ),
        (
            "021-88881234 داخلي 12",
            "IR",
            Ok(("+982188881234", Some("12"))),
        ),
        ("02-123-4567 ต่อ 12", "TH", Ok(("+6621234567", Some("12")))),
        ("๐๒-๑๒๓-๔๕๖๗ ต่อ ๑๒", "TH", Ok(("+6621234567", Some("12")))),
        (
            "+1-470-969-7226;ext=12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "tel:+1-470-969-7226;ext=12",
            "US",
            Ok(("+14709697226", Some("12"))),
        ),
        (
            "+98 21 8888 1234 ext. ۱۲",
            "IR",
            Ok(("+982188881234", Some("12"))),
        ),
    ];

    /// Digits of other scripts, invisible characters and Unicode separators.
    const SCRIPTS: &[Case] = &[
        ("۰۹۱۳۵۴۷۰۸۲۰", "IR", Ok(("+989135470820", None))),
        ("٠٩١٣٥٤٧٠٨٢٠", "IR", Ok(("+989135470820", None))),
        ("۰۹۱۳ ۵۴۷ ۰۸۲۰", "IR", Ok(("+989135470820", None))),
        (
            "0913\u{200C}547\u{200C}0820",
            "IR",
            Ok(("+989135470820", None)),
        ),
        (
            "۰۹۱۳\u{200D}۵۴۷\u{200B}۰۸۲۰",
            "IR",
            Ok(("+989135470820", None)),
        ),
        (
            "\u{200E}+98 913 547 0820\u{200F}",
            "US",
            Ok(("+989135470820", None)),
        ),
        (
            "\u{202B}+۹۸ ۹۱۳ ۵۴۷ ۰۸۲۰\u{202C}",
            "US",
            Ok(("+989135470820", None)),
        ),
        ("\u{61C}۰۹۱۳ ۵۴۷ ۰۸۲۰", "IR", Ok(("+989135470820", None))),
        ("\u{FEFF}0913 547 0820", "IR", Ok(("+989135470820", None))),
        (
            "0913\u{202F}547\u{A0}0820",
            "IR",
            Ok(("+989135470820", None)),
        ),
        (
            "0913\u{2009}547\u{2007}0820",
            "IR",
            Ok(("+989135470820", None)),
        ),
        (
            "0913\u{3000}547\u{205F}0820",
            "IR",
            Ok(("+989135470820", None)),
        ),
        (
            "0913\u{AD}547\u{2060}0820",
            "IR",
            Ok(("+989135470820", None)),
        ),
        (
            "0913\u{2013}547\u{2212}0820",
            "IR",
            Ok(("+989135470820", None)),
        ),
        ("๐๙๕๖๐๙๘๒๖๕", "TH", Ok(("+66956098265", None))),
        ("๐๙๘-๐๕๙-๘๓๖๒", "TH", Ok(("+66980598362", None))),
        ("+๖๖ ๙๕ ๖๐๙ ๘๒๖๕", "US", Ok(("+66956098265", None))),
        ("０９１３５４７０８２０", "IR", Ok(("+989135470820", None))),
        (
            "＋９８ ９１３ ５４７ ０８２０",
            "US",
            Ok(("+989135470820", None)),
        ),
        (
            "（４７０）９６９－７２２６",
            "US",
            Ok(("+14709697226", None)),
        ),
        ("+९१ ९८७६५ ४३२१०", "US", Ok(("+919876543210", None))),
        ("৪৭০ ৯৬৯ ৭২২৬", "US", Ok(("+14709697226", None))),
        ("☎ 470 969 7226", "US", Ok(("+14709697226", None))),
        ("470 969 7226 ☎", "US", Ok(("+14709697226", None))),
        ("\u{200B}", "US", Err(PhoneError::Invalid)),
        ("۰۰۰۰۰۰۰۰۰۰", "US", Err(PhoneError::Invalid)),
    ];

    /// Values from `fa_th_5k.csv` and the region taken from their record, and national numbers
    /// read in another region.
    const REGIONS_CASES: &[Case] = &[
        ("097 1364237", "TH", Ok(("+66971364237", None))),
        ("+۹۸ ۹۱۹ ۱۳۸ ۵۳۲۷", "IR", Ok(("+989191385327", None))),
        ("+۹۸ ۹۱۹ ۱۳۸ ۵۳۲۷", "TH", Ok(("+989191385327", None))),
        ("๐๙๘-๐๕๙-๘๓๖๒", "TH", Ok(("+66980598362", None))),
        ("00989363827030", "IR", Ok(("+989363827030", None))),
        ("00989363827030", "GB", Ok(("+989363827030", None))),
        ("009 98 936 382 7030", "TH", Ok(("+989363827030", None))),
        // Thailand's international prefixes are 001, 007, 008, 009…: `00 98` is not one.
        ("00989363827030", "TH", Err(PhoneError::InvalidCountryCode)),
        // The country code without `+`, in its own region.
        ("989128729047", "IR", Ok(("+989128729047", None))),
        ("66999325063", "TH", Ok(("+66999325063", None))),
        ("989128729047", "TH", Err(PhoneError::Invalid)),
        ("66999325063", "IR", Err(PhoneError::Invalid)),
        ("15572404998", "CN", Ok(("+8615572404998", None))),
        ("15572404998", "US", Ok(("+15572404998", None))),
        ("۰۹۱۳۵۴۷۰۸۲۰", "IR", Ok(("+989135470820", None))),
        ("0913 547 0820", "TH", Err(PhoneError::Invalid)),
        ("097 136 4237", "IR", Err(PhoneError::Invalid)),
        ("+98 913 547 0820", "TH", Ok(("+989135470820", None))),
        ("+66 97 136 4237", "IR", Ok(("+66971364237", None))),
    ];

    fn check(cases: &[Case]) {
        let mut failures = Vec::new();
        for (input, region, want) in cases {
            let got = normalize_phone(input, region);
            let got = got
                .as_ref()
                .map(|p| (p.e164.as_str(), p.extension.as_deref()))
                .map_err(|e| *e);
            if got != *want {
                failures.push(format!("{input:?} {region}: got {got:?}, want {want:?}"));
            }
            // The library path agrees with the fast path.
            let slow = normalize_phone_without_fast_path(input, region);
            if slow.as_ref().map(|p| p.e164.as_str()).map_err(|e| *e) != got.map(|g| g.0) {
                failures.push(format!("{input:?} {region}: library path differs"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn labels() {
        check(LABELS);
    }

    #[test]
    fn extension_labels() {
        check(EXTENSIONS);
    }

    #[test]
    fn scripts_and_invisible_characters() {
        check(SCRIPTS);
    }

    #[test]
    fn national_numbers_stay_in_their_region() {
        check(REGIONS_CASES);
    }

    #[test]
    fn region_of_country_code() {
        for (cc, want) in [
            (98, Some("IR")),
            (66, Some("TH")),
            (44, Some("GB")),
            (1, Some("US")),
            (7, Some("RU")),
            (33, Some("FR")),
            (49, Some("DE")),
            (61, Some("AU")),
            (39, Some("IT")),
            (86, Some("CN")),
            (971, Some("AE")),
            (800, None),
            (870, None),
            (882, None),
            (0, None),
            (999, None),
            (u16::MAX, None),
        ] {
            assert_eq!(region_for_country_code(cc), want, "{cc}");
        }
        // Every code that a number can carry maps back to a region using that code.
        for cc in 1..1000u16 {
            if let Some(r) = region_for_country_code(cc) {
                let region = Region::from_code(r).unwrap();
                assert_eq!(
                    PHONE_NUMBER_UTIL.get_country_code_for_region(region),
                    Some(i32::from(cc))
                );
            }
        }
    }

    #[test]
    fn digit_values() {
        for (zero, name) in [
            ('0', "ascii"),
            ('۰', "persian"),
            ('٠', "arabic-indic"),
            ('๐', "thai"),
            ('०', "devanagari"),
            ('０', "full-width"),
            ('𝟎', "math bold"),
        ] {
            for d in 0..10u8 {
                let c = char::from_u32(u32::from(zero) + u32::from(d)).unwrap();
                assert_eq!(decimal_digit_value(c), Some(d), "{name} {d}");
            }
        }
        for c in ['a', '²', '½', 'Ⅻ', '①', '十', ' ', '\u{200C}'] {
            assert_eq!(decimal_digit_value(c), None, "{c:?}");
        }
        // Every character Rust calls numeric and the table calls a digit is one of ten.
        for z in DIGIT_ZEROS {
            let zero = char::from_u32(*z).unwrap();
            assert!(zero.is_numeric(), "{z:X}");
            assert_eq!(decimal_digit_value(zero), Some(0), "{z:X}");
        }
    }

    #[test]
    fn over_long_number_part() {
        // A long label is fine; a number part over 64 bytes is not.
        let label = "شماره تلفن همراه مشتری برای تماس: ";
        assert!(label.len() > 50);
        let ok = format!("{label}۰۹۱۳ ۵۴۷ ۰۸۲۰");
        assert!(ok.len() > 64);
        assert_eq!(normalize_phone(&ok, "IR").unwrap().e164, "+989135470820");
        let spaced = format!("0913{}5470820", " ".repeat(70));
        assert_eq!(normalize_phone(&spaced, "IR"), Err(PhoneError::TooLong));
        let spaced = format!("0913{}5470820", "\u{202F}".repeat(70));
        assert_eq!(normalize_phone(&spaced, "IR"), Err(PhoneError::TooLong));
        let invisible = format!("0913{}5470820", "\u{200C}".repeat(70));
        assert_eq!(
            normalize_phone(&invisible, "IR").unwrap().e164,
            "+989135470820"
        );
        let too_long = "\u{200C}".repeat(MAX_INPUT_LEN);
        assert_eq!(normalize_phone(&too_long, "IR"), Err(PhoneError::TooLong));
    }

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
    fn unassigned_ranges_read_as_written_but_never_placeholders() {
        let e164 = |s: &str, r: &str| normalize_unassigned_phone(s, r).map(|p| p.e164);
        // Unassigned NANP area codes (287, 555) in every usual shape: one E.164 form.
        for s in [
            "(287) 507-9801",
            "287.507.9801",
            "1-287-507-9801",
            "+1 287 507 9801",
            "2875079801",
        ] {
            assert_eq!(normalize_phone(s, "US"), Err(PhoneError::Invalid), "{s}");
            assert_eq!(e164(s, "US").as_deref(), Some("+12875079801"), "{s}");
        }
        assert_eq!(e164("555.826.8332", "US").as_deref(), Some("+15558268332"));
        let p = normalize_unassigned_phone("(287) 507-9801 x12", "US").unwrap();
        assert_eq!(p.extension.as_deref(), Some("12"));
        // Placeholders and impossible numbers stay out.
        for s in [
            "000-000-0000",
            "111-111-1111",
            "123-456-7890",
            "(987) 654-3210",
            "555-555-5555",
            "202-020-2020",
            "(028) 750-7980",
            "287-107-9801",
            "287 507 980",
            "287 507 98012",
            "+44 20 7946",
            "",
            "call me",
        ] {
            assert_eq!(e164(s, "US"), None, "{s}");
        }
        // Numbers normalize_phone accepts are not this function's.
        assert_eq!(e164("(415) 555-0134", "US"), None);
        assert_eq!(e164("020 7946 0018", "GB"), None);
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
