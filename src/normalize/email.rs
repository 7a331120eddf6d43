//! Email addresses: syntax check, case, provider rules (Gmail dots, `+tags`, googlemail.com).
//!
//! [`normalize_email`] turns what a person typed into an [`Email`] with two forms:
//!
//! * [`Email::address`]: trimmed, lower-cased, Unicode NFC — the address to send mail to;
//! * [`Email::canonical`]: the same after the mailbox provider's own equivalences
//!   ([`PROVIDERS`]), the form used for matching: `J.Smith@Gmail.com` and
//!   `jsmith+news@googlemail.com` are one mailbox.
//!
//! # What is accepted
//!
//! A practical subset of RFC 5321/5322 (with RFC 6531 internationalized addresses):
//!
//! * surrounding whitespace is trimmed; a `mailto:` prefix (and any `?query` after the address)
//!   and a display name with angle brackets (`Jo Smith <jo@example.com>`) are removed;
//! * the local part is a *dot-atom*: letters, digits, ``!#$%&'*+-/=?^_`{|}~`` and any non-ASCII
//!   letter, digit or combining mark, separated by single dots, no leading or trailing dot.
//!   Quoted local parts (`"john doe"@example.com`) and comments are rejected: they are legal but
//!   almost never typed by real people, and are a common vector of injection tricks;
//! * the domain is a host name of at least two labels, each of 1–63 bytes of letters, digits and
//!   hyphens (or non-ASCII letters, digits and marks, i.e. IDNA U-labels), not starting or ending
//!   with a hyphen; the last label is not all digits. Domain literals (`[192.0.2.1]`) and a
//!   trailing root dot are rejected. U-labels are kept as typed: `bücher.de` and its A-label
//!   `xn--bcher-kva.de` are *not* unified;
//! * at most [`MAX_LOCAL_LEN`] bytes of local part and [`MAX_ADDRESS_LEN`] bytes in all (UTF-8).
//!
//! # Invisible characters, full-width forms and digits of other scripts
//!
//! Before anything else, in this order:
//!
//! 1. format characters are removed wherever they are: left-to-right, right-to-left and Arabic
//!    letter marks, bidi embeddings and isolates, zero-width non-joiner, joiner and space, word
//!    joiner, soft hyphen, BOM (`\u{200E}ali@gmail.com\u{200F}` is `ali@gmail.com`);
//! 2. full-width forms are folded to ASCII, `＠` and `．` included
//!    (`ＡＬＩ＠ｇｍａｉｌ．ｃｏｍ` is `ali@gmail.com`), and so are the ideographic full stops
//!    `。` and `｡`, which IDNA also reads as dots;
//! 3. decimal digits of every script are folded to ASCII digits: Persian `ali۱۲۳@gmail.com`,
//!    Arabic-Indic `٣`, Thai `๓`, Devanagari `३`, … are `ali123@gmail.com`.
//!
//! Then the address is trimmed again and read as below, provider rules included. ASCII input
//! is not touched by these steps.
//!
//! # Case
//!
//! The whole address is lower-cased, local part included. RFC 5321 lets a server treat the local
//! part case-sensitively, but every major provider (Gmail, Outlook, Yahoo, iCloud, …) ignores
//! its case, and people type it inconsistently, so for matching case is noise.
//!
//! # Untrusted input
//!
//! Input longer than [`MAX_INPUT_LEN`] bytes after trimming is rejected before any other work,
//! so the time spent is bounded; no input panics. Error messages never contain the address.

use std::borrow::Cow;

use super::phone::{decimal_digit_value, fold_full_width, is_format_char};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest local part accepted, in UTF-8 bytes (RFC 5321 §4.5.3.1.1).
///
/// ```
/// use selfsame::normalize::email::{normalize_email, EmailError, MAX_LOCAL_LEN};
/// let long = format!("{}@example.com", "a".repeat(MAX_LOCAL_LEN + 1));
/// assert_eq!(normalize_email(&long), Err(EmailError::TooLong));
/// ```
pub const MAX_LOCAL_LEN: usize = 64;

/// Longest address accepted, in UTF-8 bytes (RFC 5321 path limit of 256 minus the brackets).
///
/// ```
/// use selfsame::normalize::email::{normalize_email, EmailError, MAX_ADDRESS_LEN};
/// let long = format!("a@{}.com", "b".repeat(MAX_ADDRESS_LEN));
/// assert_eq!(normalize_email(&long), Err(EmailError::TooLong));
/// ```
pub const MAX_ADDRESS_LEN: usize = 254;

/// Longest raw input looked at, in bytes after trimming (room for a display name and `mailto:`).
/// Longer input is rejected as [`EmailError::TooLong`] without further work.
///
/// ```
/// use selfsame::normalize::email::{normalize_email, EmailError, MAX_INPUT_LEN};
/// assert_eq!(normalize_email(&"x".repeat(MAX_INPUT_LEN + 1)), Err(EmailError::TooLong));
/// ```
pub const MAX_INPUT_LEN: usize = 512;

/// How a mailbox provider maps addresses to mailboxes.
///
/// ```
/// use selfsame::normalize::email::{Provider, PROVIDERS};
/// let gmail: &Provider = PROVIDERS.iter().find(|p| p.domain == "googlemail.com").unwrap();
/// assert_eq!(gmail.canonical_domain, "gmail.com");
/// assert!(gmail.ignore_dots && gmail.plus_tags);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Provider {
    /// Domain as typed (lower case).
    pub domain: &'static str,
    /// Domain of the canonical form (an alias domain maps to its main domain).
    pub canonical_domain: &'static str,
    /// Dots in the local part are ignored by the provider (`j.smith` = `jsmith`).
    pub ignore_dots: bool,
    /// A `+tag` subaddress is delivered to the base mailbox (`jo+news` = `jo`).
    pub plus_tags: bool,
}

const fn plus(domain: &'static str) -> Provider {
    Provider {
        domain,
        canonical_domain: domain,
        ignore_dots: false,
        plus_tags: true,
    }
}

/// Providers with known address equivalences. Any other domain keeps its local part exactly as
/// typed (lower-cased): some mail systems treat `+` as an ordinary character, and an unknown
/// domain's `jo+1@` and `jo+2@` may be two different people.
///
/// * Gmail (`gmail.com`, `googlemail.com` → `gmail.com`): dots ignored, `+tag` stripped;
/// * Microsoft (`outlook.com`, `hotmail.com`, `live.com`, `msn.com`), Apple (`icloud.com`,
///   `me.com`, `mac.com`), Fastmail (`fastmail.com`, `fastmail.fm`), Proton (`proton.me`,
///   `protonmail.com`, `protonmail.ch`, `pm.me`), Zoho (`zoho.com`, `zohomail.com`), HEY
///   (`hey.com`), Yandex (`yandex.ru`, `yandex.com`): `+tag` stripped, dots kept.
///
/// Deliberately absent: Yahoo (its disposable addresses use `-`, and `-` is also legal in base
/// names, so stripping would merge distinct people), AOL, GMX/web.de (no plus addressing), and
/// Google Workspace or Microsoft 365 custom domains (their rules are per-organisation).
///
/// ```
/// use selfsame::normalize::email::PROVIDERS;
/// assert!(PROVIDERS.iter().any(|p| p.domain == "icloud.com" && p.plus_tags));
/// assert!(!PROVIDERS.iter().any(|p| p.domain == "yahoo.com"));
/// ```
pub const PROVIDERS: &[Provider] = &[
    Provider {
        domain: "gmail.com",
        canonical_domain: "gmail.com",
        ignore_dots: true,
        plus_tags: true,
    },
    Provider {
        domain: "googlemail.com",
        canonical_domain: "gmail.com",
        ignore_dots: true,
        plus_tags: true,
    },
    plus("outlook.com"),
    plus("hotmail.com"),
    plus("live.com"),
    plus("msn.com"),
    plus("icloud.com"),
    plus("me.com"),
    plus("mac.com"),
    plus("fastmail.com"),
    plus("fastmail.fm"),
    plus("proton.me"),
    plus("protonmail.com"),
    plus("protonmail.ch"),
    plus("pm.me"),
    plus("zoho.com"),
    plus("zohomail.com"),
    plus("hey.com"),
    plus("yandex.ru"),
    plus("yandex.com"),
];

/// A normalized email address.
///
/// Its `Debug` output does not show the address (`Email { .. }`), so it can be logged safely.
///
/// ```
/// use selfsame::normalize::email::normalize_email;
/// let e = normalize_email("  J.Smith+News@GoogleMail.com ").unwrap();
/// assert_eq!(e.canonical(), "jsmith@gmail.com");
/// assert_eq!(e.address(), "j.smith+news@googlemail.com");
/// assert_eq!(format!("{e:?}"), "Email { .. }");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email {
    address: String,
    canonical: String,
    at: usize,
}

impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Email { .. }")
    }
}

impl Email {
    /// The canonical form used for matching (provider rules applied).
    ///
    /// ```
    /// let e = selfsame::normalize::email::normalize_email("Jo+shop@Outlook.com").unwrap();
    /// assert_eq!(e.canonical(), "jo@outlook.com");
    /// ```
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// Local part of the canonical form.
    ///
    /// ```
    /// let e = selfsame::normalize::email::normalize_email("J.Smith@gmail.com").unwrap();
    /// assert_eq!(e.local(), "jsmith");
    /// ```
    pub fn local(&self) -> &str {
        &self.canonical[..self.at]
    }

    /// Domain of the canonical form.
    ///
    /// ```
    /// let e = selfsame::normalize::email::normalize_email("jo@googlemail.com").unwrap();
    /// assert_eq!(e.domain(), "gmail.com");
    /// ```
    pub fn domain(&self) -> &str {
        &self.canonical[self.at + 1..]
    }

    /// The address as typed, trimmed and lower-cased (tags and dots kept): the one to send mail to.
    ///
    /// ```
    /// let e = selfsame::normalize::email::normalize_email("mailto:J.Smith+x@Gmail.com").unwrap();
    /// assert_eq!(e.address(), "j.smith+x@gmail.com");
    /// ```
    pub fn address(&self) -> &str {
        &self.address
    }
}

/// Why an email address was rejected. Messages start with `email` and never contain the address.
///
/// ```
/// use selfsame::normalize::email::{normalize_email, EmailError};
/// let err = normalize_email("jo.example.com").unwrap_err();
/// assert_eq!(err, EmailError::MissingAt);
/// assert_eq!(err.to_string(), "email has no @");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EmailError {
    /// Empty input (or only whitespace).
    #[error("email is empty")]
    Empty,
    /// Not an address (e.g. an unbalanced `<`).
    #[error("email is not a valid address")]
    Invalid,
    /// No `@`.
    #[error("email has no @")]
    MissingAt,
    /// More than one `@` (quoted local parts are not supported).
    #[error("email has more than one @")]
    MultipleAt,
    /// Nothing before the `@`, or nothing left once provider rules removed dots and tags.
    #[error("email has an empty local part")]
    EmptyLocal,
    /// The local part contains whitespace, a disallowed character or misplaced dots.
    #[error("email local part is not valid")]
    InvalidLocal,
    /// Nothing after the `@`.
    #[error("email has an empty domain")]
    EmptyDomain,
    /// The domain is not a host name of two or more valid labels.
    #[error("email domain is not valid")]
    InvalidDomain,
    /// Longer than [`MAX_LOCAL_LEN`], [`MAX_ADDRESS_LEN`] or [`MAX_INPUT_LEN`].
    #[error("email is too long")]
    TooLong,
}

/// Normalizes an email address: see the [module documentation](self) for what is accepted.
///
/// ```
/// use selfsame::normalize::email::{normalize_email, EmailError};
/// let a = normalize_email("J.Smith@Gmail.com").unwrap();
/// let b = normalize_email("jsmith+news@googlemail.com").unwrap();
/// assert_eq!(a.canonical(), b.canonical());
/// assert_eq!(normalize_email("Jo Smith <Jo@Example.COM>").unwrap().canonical(), "jo@example.com");
/// assert_eq!(normalize_email("jo+1@example.com").unwrap().canonical(), "jo+1@example.com");
/// // Invisible marks, full-width forms and other scripts' digits.
/// assert_eq!(normalize_email("\u{200E}ali@gmail.com\u{200F}").unwrap().canonical(), "ali@gmail.com");
/// assert_eq!(normalize_email("ＡＬＩ＠ｇｍａｉｌ．ｃｏｍ").unwrap().canonical(), "ali@gmail.com");
/// assert_eq!(normalize_email("a.li۱۲۳@gmail.com").unwrap().canonical(), "ali123@gmail.com");
/// assert_eq!(normalize_email("   "), Err(EmailError::Empty));
/// assert_eq!(normalize_email("jo@localhost"), Err(EmailError::InvalidDomain));
/// ```
pub fn normalize_email(s: &str) -> Result<Email, EmailError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(EmailError::Empty);
    }
    if s.len() > MAX_INPUT_LEN {
        return Err(EmailError::TooLong);
    }
    // Invisible characters, full-width forms and other scripts' digits: only non-ASCII input
    // can hold them, so the ASCII path neither scans for them nor allocates, and non-ASCII
    // input without them is not copied.
    let ascii = s.is_ascii();
    let folded;
    let s = if ascii {
        s
    } else {
        folded = fold_scripts(s);
        match &folded {
            Cow::Borrowed(unchanged) => unchanged,
            Cow::Owned(changed) => changed.trim(),
        }
    };
    if s.is_empty() {
        return Err(EmailError::Empty);
    }
    let s = strip_wrappers(s)?;
    if s.is_empty() {
        return Err(EmailError::Empty);
    }
    let address: String = if ascii || s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase().nfc().collect()
    };
    let at = split_at_sign(&address)?;
    if address.len() > MAX_ADDRESS_LEN {
        return Err(EmailError::TooLong);
    }
    let (local, domain) = (&address[..at], &address[at + 1..]);
    check_local(local)?;
    check_domain(domain)?;
    let (canonical, at) = canonical_form(local, domain);
    if at == 0 {
        return Err(EmailError::EmptyLocal);
    }
    Ok(Email {
        address,
        canonical,
        at,
    })
}

/// Drops format characters and folds full-width forms, ideographic full stops and decimal
/// digits of every script to ASCII (see the module documentation).
fn fold_scripts(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_folding) {
        return Cow::Borrowed(s);
    }
    s.chars()
        .filter(|&c| !is_format_char(c))
        .map(|c| match c {
            '\u{3002}' | '\u{FF61}' | '\u{FE52}' => '.',
            '\u{FE6B}' => '@',
            _ => match decimal_digit_value(c) {
                Some(d) => char::from(b'0' + d),
                None => fold_full_width(c),
            },
        })
        .collect::<String>()
        .into()
}

/// Whether [`fold_scripts`] changes or removes `c`.
fn needs_folding(c: char) -> bool {
    // Below U+0600 (Latin, Greek, Cyrillic, …) only the soft hyphen and CGJ qualify.
    if c < '\u{600}' {
        return matches!(c, '\u{AD}' | '\u{34F}');
    }
    is_format_char(c)
        || matches!(
            c,
            '\u{3002}' | '\u{FF61}' | '\u{FE52}' | '\u{FE6B}' | '\u{FF01}'..='\u{FF5E}'
        )
        || decimal_digit_value(c).is_some()
}

/// Removes `mailto:` (with any `?query`) and a display name with angle brackets.
fn strip_wrappers(s: &str) -> Result<&str, EmailError> {
    let mut s = s;
    if let Some(open) = s.rfind('<') {
        let inner = &s[open + 1..];
        let close = inner.find('>').ok_or(EmailError::Invalid)?;
        if !inner[close + 1..].trim().is_empty() {
            return Err(EmailError::Invalid);
        }
        s = inner[..close].trim();
    } else if s.contains('>') {
        return Err(EmailError::Invalid);
    }
    if s.len() >= 7 && s.is_char_boundary(7) && s[..7].eq_ignore_ascii_case("mailto:") {
        s = &s[7..];
        if let Some(q) = s.find('?') {
            s = &s[..q];
        }
        s = s.trim();
    }
    Ok(s)
}

/// Byte offset of the single `@`.
fn split_at_sign(a: &str) -> Result<usize, EmailError> {
    let at = a.find('@').ok_or(EmailError::MissingAt)?;
    if a[at + 1..].contains('@') {
        return Err(EmailError::MultipleAt);
    }
    Ok(at)
}

fn is_atext(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

fn check_local(local: &str) -> Result<(), EmailError> {
    if local.is_empty() {
        return Err(EmailError::EmptyLocal);
    }
    if local.len() > MAX_LOCAL_LEN {
        return Err(EmailError::TooLong);
    }
    // Dot-atom: non-empty atoms of atext joined by single dots.
    if local
        .split('.')
        .any(|atom| atom.is_empty() || !atom.chars().all(is_atext))
    {
        return Err(EmailError::InvalidLocal);
    }
    Ok(())
}

fn is_label_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '-'
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

fn check_domain(domain: &str) -> Result<(), EmailError> {
    if domain.is_empty() {
        return Err(EmailError::EmptyDomain);
    }
    let mut labels = 0usize;
    let mut last = "";
    for label in domain.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(is_label_char);
        if !ok {
            return Err(EmailError::InvalidDomain);
        }
        labels += 1;
        last = label;
    }
    if labels < 2 || last.chars().all(|c| c.is_ascii_digit()) {
        return Err(EmailError::InvalidDomain);
    }
    Ok(())
}

/// The canonical address and the byte offset of its `@`.
fn canonical_form(local: &str, domain: &str) -> (String, usize) {
    let Some(p) = PROVIDERS.iter().find(|p| p.domain == domain) else {
        let mut out = String::with_capacity(local.len() + 1 + domain.len());
        out.push_str(local);
        out.push('@');
        out.push_str(domain);
        return (out, local.len());
    };
    // Removing a tag can leave a trailing dot (`jo.+x`); the mailbox is `jo`.
    let base = if p.plus_tags {
        local.split('+').next().unwrap_or("").trim_end_matches('.')
    } else {
        local
    };
    let mut out = String::with_capacity(base.len() + 1 + p.canonical_domain.len());
    out.extend(base.chars().filter(|&c| !(p.ignore_dots && c == '.')));
    let at = out.len();
    out.push('@');
    out.push_str(p.canonical_domain);
    (out, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected canonical or error)
    const CASES: &[(&str, Result<&str, EmailError>)] = &[
        ("J.Smith@Gmail.com", Ok("jsmith@gmail.com")),
        ("jsmith+news@googlemail.com", Ok("jsmith@gmail.com")),
        ("  JSMITH@GMAIL.COM\t", Ok("jsmith@gmail.com")),
        ("j.s.m.i.t.h+a+b@gmail.com", Ok("jsmith@gmail.com")),
        ("Jo.Smith+shop@outlook.com", Ok("jo.smith@outlook.com")),
        ("jo+x@hotmail.com", Ok("jo@hotmail.com")),
        ("jo+x@live.com", Ok("jo@live.com")),
        ("jo+x@icloud.com", Ok("jo@icloud.com")),
        ("jo+x@me.com", Ok("jo@me.com")),
        ("jo+x@fastmail.com", Ok("jo@fastmail.com")),
        ("jo+x@proton.me", Ok("jo@proton.me")),
        ("jo+x@pm.me", Ok("jo@pm.me")),
        ("jo.smith-news@yahoo.com", Ok("jo.smith-news@yahoo.com")),
        ("jo+x@yahoo.com", Ok("jo+x@yahoo.com")),
        ("jo.smith+1@example.com", Ok("jo.smith+1@example.com")),
        (
            "Jo Smith <Jo.Smith@Example.COM>",
            Ok("jo.smith@example.com"),
        ),
        ("<jo@example.com>", Ok("jo@example.com")),
        ("MAILTO:jo@example.com", Ok("jo@example.com")),
        ("mailto:jo@example.com?subject=hi", Ok("jo@example.com")),
        ("o'brien@example.ie", Ok("o'brien@example.ie")),
        ("jo@sub.mail.example.co.uk", Ok("jo@sub.mail.example.co.uk")),
        ("jo@my-host.example", Ok("jo@my-host.example")),
        ("JOSÉ@Bücher.DE", Ok("josé@bücher.de")),
        ("jose\u{301}@example.com", Ok("jos\u{e9}@example.com")),
        ("", Err(EmailError::Empty)),
        ("  \n ", Err(EmailError::Empty)),
        ("jo.example.com", Err(EmailError::MissingAt)),
        ("jo@@example.com", Err(EmailError::MultipleAt)),
        ("jo@ex@ample.com", Err(EmailError::MultipleAt)),
        ("\"jo@x\"@example.com", Err(EmailError::MultipleAt)),
        ("@example.com", Err(EmailError::EmptyLocal)),
        ("jo@", Err(EmailError::EmptyDomain)),
        ("jo smith@example.com", Err(EmailError::InvalidLocal)),
        (".jo@example.com", Err(EmailError::InvalidLocal)),
        ("jo.@example.com", Err(EmailError::InvalidLocal)),
        ("jo..smith@example.com", Err(EmailError::InvalidLocal)),
        ("jo,smith@example.com", Err(EmailError::InvalidLocal)),
        ("\"jo smith\"@example.com", Err(EmailError::InvalidLocal)),
        ("jo@localhost", Err(EmailError::InvalidDomain)),
        ("jo@example..com", Err(EmailError::InvalidDomain)),
        ("jo@-example.com", Err(EmailError::InvalidDomain)),
        ("jo@example-.com", Err(EmailError::InvalidDomain)),
        ("jo@example.com.", Err(EmailError::InvalidDomain)),
        ("jo@exa mple.com", Err(EmailError::InvalidDomain)),
        ("jo@exa_mple.com", Err(EmailError::InvalidDomain)),
        ("jo@192.168.0.1", Err(EmailError::InvalidDomain)),
        ("jo@[192.168.0.1]", Err(EmailError::InvalidDomain)),
        ("+news@gmail.com", Err(EmailError::EmptyLocal)),
        ("jo.+news@outlook.com", Ok("jo@outlook.com")),
        ("+news@outlook.com", Err(EmailError::EmptyLocal)),
        ("...@gmail.com", Err(EmailError::InvalidLocal)),
        ("Jo <jo@example.com", Err(EmailError::Invalid)),
        ("jo@example.com>", Err(EmailError::Invalid)),
        ("not an email", Err(EmailError::MissingAt)),
    ];

    /// Invisible characters, full-width forms and digits of other scripts.
    const SCRIPTS: &[(&str, Result<&str, EmailError>)] = &[
        ("\u{200E}ali@gmail.com\u{200F}", Ok("ali@gmail.com")),
        ("\u{FEFF}ali@gmail.com", Ok("ali@gmail.com")),
        ("\u{202B}ali@gmail.com\u{202C}", Ok("ali@gmail.com")),
        ("\u{2067}ali@gmail.com\u{2069}", Ok("ali@gmail.com")),
        ("a\u{200C}li@gmail.com", Ok("ali@gmail.com")),
        ("ali\u{200D}@gmail\u{200B}.com", Ok("ali@gmail.com")),
        ("ali@\u{61C}gmail.com", Ok("ali@gmail.com")),
        ("ali\u{AD}reza@gmail.com", Ok("alireza@gmail.com")),
        ("ali@gm\u{2060}ail.com", Ok("ali@gmail.com")),
        (" \u{200F} ali@gmail.com \u{200E} ", Ok("ali@gmail.com")),
        ("ali۱۲۳@gmail.com", Ok("ali123@gmail.com")),
        ("ali٣٤@yahoo.com", Ok("ali34@yahoo.com")),
        ("somchai๑๒๓@hotmail.com", Ok("somchai123@hotmail.com")),
        ("ram३@example.in", Ok("ram3@example.in")),
        ("ali@site۱۲۳.ir", Ok("ali@site123.ir")),
        ("ali@gmail.com", Ok("ali@gmail.com")),
        ("ali@ｇｍａｉｌ.com", Ok("ali@gmail.com")),
        ("ＡＬＩ＠ｇｍａｉｌ．ｃｏｍ", Ok("ali@gmail.com")),
        (
            "ａｌｉ．ｒｅｚａ＋ｓｈｏｐ＠ｇｍａｉｌ．ｃｏｍ",
            Ok("alireza@gmail.com"),
        ),
        ("ali１２３@gmail.com", Ok("ali123@gmail.com")),
        ("ali@gmail。com", Ok("ali@gmail.com")),
        ("ali@gmail｡com", Ok("ali@gmail.com")),
        ("\u{3000}ali@gmail.com\u{3000}", Ok("ali@gmail.com")),
        ("علی@example.ir", Ok("علی@example.ir")),
        ("علی۱۲@example.ir", Ok("علی12@example.ir")),
        ("สมชาย@example.co.th", Ok("สมชาย@example.co.th")),
        ("\u{200B}", Err(EmailError::Empty)),
        ("\u{200E}\u{200F}", Err(EmailError::Empty)),
        ("ali\u{3000}reza@gmail.com", Err(EmailError::InvalidLocal)),
        ("ali＠＠gmail.com", Err(EmailError::MultipleAt)),
        ("ali@۱۲۳.۴۵۶", Err(EmailError::InvalidDomain)),
    ];

    #[test]
    fn scripts_and_invisible_characters() {
        for (input, want) in SCRIPTS {
            let got = normalize_email(input);
            let got = got.as_ref().map(Email::canonical).map_err(|e| *e);
            assert_eq!(got, *want, "input {input:?}");
        }
        // The address to send mail to is folded too.
        let e = normalize_email("\u{200E}ＡＬＩ۱@Gmail.com").unwrap();
        assert_eq!(e.address(), "ali1@gmail.com");
    }

    #[test]
    fn table() {
        for (input, want) in CASES {
            let got = normalize_email(input);
            let got = got.as_ref().map(Email::canonical).map_err(|e| *e);
            assert_eq!(got, *want, "input {input:?}");
        }
    }

    #[test]
    fn lengths() {
        let local64 = format!("{}@example.com", "a".repeat(64));
        assert!(normalize_email(&local64).is_ok());
        let local65 = format!("{}@example.com", "a".repeat(65));
        assert_eq!(normalize_email(&local65), Err(EmailError::TooLong));
        // 254 bytes in all is fine, 255 is not.
        let domain = |n: usize| {
            let mut d = String::new();
            while d.len() + 64 < n {
                d.push_str(&"d".repeat(62));
                d.push('.');
            }
            d.push_str(&"e".repeat(n - d.len() - 4));
            d.push_str(".com");
            d
        };
        let ok = format!("jo@{}", domain(251));
        assert_eq!(ok.len(), 254);
        assert!(normalize_email(&ok).is_ok());
        let long = format!("jo@{}", domain(252));
        assert_eq!(normalize_email(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn parts_and_address() {
        let e = normalize_email(" J.Smith+News@GoogleMail.com ").unwrap();
        assert_eq!(e.local(), "jsmith");
        assert_eq!(e.domain(), "gmail.com");
        assert_eq!(e.address(), "j.smith+news@googlemail.com");
        let u = normalize_email("JOSÉ@Bücher.DE").unwrap();
        assert_eq!(u.local(), "josé");
        assert_eq!(u.domain(), "bücher.de");
    }

    #[test]
    fn messages_never_contain_the_address() {
        for (input, want) in CASES {
            if want.is_err() {
                let msg = normalize_email(input).unwrap_err().to_string();
                assert!(msg.starts_with("email"), "{msg}");
                assert!(
                    input.trim().is_empty() || !msg.contains(input.trim()),
                    "{msg}"
                );
            }
        }
    }
}
