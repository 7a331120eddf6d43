//! Unicode text folding: compatibility forms, case, diacritics, punctuation and whitespace.
//!
//! [`fold`] is the one function every other normalizer builds on. Its output contains only
//! lower-case letters and digits (of any script) separated by single ASCII spaces, so two strings
//! that differ only in Unicode form (NFC / NFD / full-width), case, accents, punctuation or spacing
//! fold to the same text. It runs in time linear in the input and never panics.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison: NFKD, lower-case, diacritics removed, letters without a
/// decomposition mapped to ASCII (`ß → ss`, `ø → o`, `ł → l`, `æ → ae`, `œ → oe`, `þ → th`,
/// `đ/ð → d`, `ı → i`), apostrophes dropped (`O'Brien → obrien`), every other punctuation mark,
/// symbol, emoji or control character turned into a space, runs of space collapsed, ends trimmed.
///
/// ```
/// use selfsame::normalize::text::fold;
/// assert_eq!(fold("José"), "jose");
/// assert_eq!(fold("Jose\u{301}"), "jose"); // NFD input, same output
/// assert_eq!(fold("  Müller-Lüdenscheidt "), "muller ludenscheidt");
/// assert_eq!(fold("O’Brien"), "obrien");
/// assert_eq!(fold("ＡＢＣ１２３"), "abc123"); // full-width forms
/// assert_eq!(fold("Straße"), "strasse");
/// assert_eq!(fold("🙂\u{0}"), "");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Like [`fold`] but appends to `out` (which is not cleared), to reuse an allocation.
///
/// ```
/// let mut buf = String::new();
/// selfsame::normalize::text::fold_into("Ünïcödé", &mut buf);
/// assert_eq!(buf, "unicode");
/// ```
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        fold_ascii_into(s.as_bytes(), out);
        return;
    }
    let start = out.len();
    // A space is pending between words; it is written only before the next word character,
    // so the output never starts or ends with one.
    let mut pending_space = false;
    for c in s.nfkd() {
        if is_combining_mark(c) || is_dropped(c) {
            continue;
        }
        if c.is_alphanumeric() {
            for lc in c.to_lowercase() {
                if is_combining_mark(lc) {
                    continue;
                }
                if pending_space && out.len() > start {
                    out.push(' ');
                }
                pending_space = false;
                push_ascii_fold(lc, out);
            }
        } else {
            pending_space = true;
        }
    }
}

/// The same result as the general path for ASCII input, without Unicode decomposition: ASCII
/// has no combining marks, compatibility forms or special letters, so folding is lower-casing,
/// dropping apostrophes and turning every other non-alphanumeric byte into a word break.
fn fold_ascii_into(s: &[u8], out: &mut String) {
    let start = out.len();
    let mut pending_space = false;
    for &b in s {
        if b.is_ascii_alphanumeric() {
            if pending_space && out.len() > start {
                out.push(' ');
            }
            pending_space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b != b'\'' && b != b'`' {
            pending_space = true;
        }
    }
}

/// Folds and removes every space: the compact key form (`"Van der Berg" → "vanderberg"`).
///
/// ```
/// assert_eq!(selfsame::normalize::text::fold_compact("Van der Berg"), "vanderberg");
/// ```
pub fn fold_compact(s: &str) -> String {
    let mut out = fold(s);
    out.retain(|c| c != ' ');
    out
}

/// True when the text folds to nothing (empty, whitespace, punctuation, emoji or control characters only).
///
/// ```
/// use selfsame::normalize::text::is_blank;
/// assert!(is_blank(" \t-- "));
/// assert!(!is_blank("a"));
/// ```
pub fn is_blank(s: &str) -> bool {
    !s.nfkd().any(char::is_alphanumeric)
}

/// Characters removed without leaving a word break: apostrophes and zero-width characters.
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '\'' | '’'
            | '‘'
            | 'ʼ'
            | '`'
            | '´'
            | '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{FEFF}'
            | '\u{AD}'
    )
}

fn push_ascii_fold(c: char, out: &mut String) {
    let s = match c {
        'ß' => "ss",
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        'ŀ' => "l",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, &str)] = &[
        ("José", "jose"),
        ("JOSÉ", "jose"),
        ("Jose\u{301}", "jose"),
        ("Müller", "muller"),
        ("Mu\u{308}ller", "muller"),
        ("François", "francois"),
        ("Łukasz Wałęsa", "lukasz walesa"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("Ærø", "aero"),
        ("Œuvre", "oeuvre"),
        ("Þórður", "thordur"),
        ("Straße", "strasse"),
        ("O'Brien", "obrien"),
        ("D’Angelo", "dangelo"),
        ("García-López", "garcia lopez"),
        ("  many   spaces\there ", "many spaces here"),
        ("ＦＵＬＬ　ＷＩＤＴＨ", "full width"),
        ("ﬁnance", "finance"),
        ("Dvořák", "dvorak"),
        ("İstanbul", "istanbul"),
        ("Иван Петров", "иван петров"),
        ("李小龍", "李小龍"),
        ("smith.\u{0}\u{7}john", "smith john"),
        ("😀 Ann 😀", "ann"),
        ("zero\u{200B}width", "zerowidth"),
        ("", ""),
        ("   ", ""),
        ("①②", "12"),
    ];

    #[test]
    fn fold_table() {
        for (input, want) in CASES {
            assert_eq!(fold(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn ascii_fast_path_matches_general_path() {
        // Every printable ASCII byte and the control bytes, alone and between words.
        for b in 0u8..128 {
            let c = char::from(b);
            for s in [c.to_string(), format!("Ab{c}Cd"), format!("{c}{c}x{c}")] {
                let mut general = String::new();
                // Force the general path by appending a non-ASCII no-op character (a zero-width space).
                fold_into(&format!("{s}\u{200B}"), &mut general);
                assert_eq!(fold(&s), general, "byte {b}");
            }
        }
    }

    #[test]
    fn blank() {
        for s in ["", " ", "\t\n", "--", "🙂", "\u{0}"] {
            assert!(is_blank(s), "{s:?}");
            assert_eq!(fold(s), "");
        }
    }
}
