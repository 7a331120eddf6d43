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
    let mut w = Folder {
        out,
        start: 0,
        pending_space: false,
    };
    w.start = w.out.len();
    // Decomposition is per character, and the combining marks it yields are dropped, so folding
    // one character at a time gives the same text as decomposing the whole string first.
    for c in s.chars() {
        if c.is_ascii() {
            w.ascii(c as u8);
        } else if let Some(letters) = latin_table(c) {
            w.letters(letters);
        } else {
            for d in std::iter::once(c).nfkd() {
                w.decomposed(d);
            }
        }
    }
}

/// The output side of [`fold_into`]: writes word characters, turns separators into one space.
struct Folder<'a> {
    out: &'a mut String,
    start: usize,
    pending_space: bool,
}

impl Folder<'_> {
    fn space_if_pending(&mut self) {
        if self.pending_space && self.out.len() > self.start {
            self.out.push(' ');
        }
        self.pending_space = false;
    }

    fn ascii(&mut self, b: u8) {
        if b.is_ascii_alphanumeric() {
            self.space_if_pending();
            self.out.push(char::from(b.to_ascii_lowercase()));
        } else if b != b'\'' && b != b'`' {
            self.pending_space = true;
        }
    }

    fn letters(&mut self, letters: &str) {
        self.space_if_pending();
        self.out.push_str(letters);
    }

    /// One character of a compatibility decomposition.
    fn decomposed(&mut self, c: char) {
        if is_combining_mark(c) || is_dropped(c) {
            return;
        }
        if c.is_alphanumeric() {
            for lc in c.to_lowercase() {
                if !is_combining_mark(lc) {
                    self.space_if_pending();
                    push_ascii_fold(lc, self.out);
                }
            }
        } else {
            self.pending_space = true;
        }
    }
}

/// First code point of the Latin table (after ASCII) and one past the last (Latin-1 Supplement,
/// Latin Extended-A and -B).
const LATIN: std::ops::Range<u32> = 0x80..0x250;

/// Folded letters of a Latin letter ("É" → "e", "ß" → "ss"), from a table computed once from
/// the general decomposition path itself, so both paths agree by construction. `None` for
/// characters that fold to nothing or to separators, and outside the table's range.
fn latin_table(c: char) -> Option<&'static str> {
    static TABLE: std::sync::OnceLock<Vec<Option<String>>> = std::sync::OnceLock::new();
    let code = u32::from(c);
    if !LATIN.contains(&code) {
        return None;
    }
    let table = TABLE.get_or_init(|| {
        LATIN
            .map(|code| {
                let c = char::from_u32(code)?;
                let mut folded = String::new();
                let mut w = Folder {
                    out: &mut folded,
                    start: 0,
                    pending_space: false,
                };
                let mut separator = false;
                for d in std::iter::once(c).nfkd() {
                    separator |= !(d.is_alphanumeric() || is_combining_mark(d) || is_dropped(d));
                    w.decomposed(d);
                }
                (!separator && !folded.is_empty()).then_some(folded)
            })
            .collect()
    });
    table[(code - LATIN.start) as usize].as_deref()
}

/// The same result as the general path for ASCII input, without Unicode decomposition: ASCII
/// has no combining marks, compatibility forms or special letters, so folding is lower-casing,
/// dropping apostrophes and turning every other non-alphanumeric byte into a word break.
fn fold_ascii_into(s: &[u8], out: &mut String) {
    let mut w = Folder {
        start: out.len(),
        out,
        pending_space: false,
    };
    for &b in s {
        w.ascii(b);
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

    /// The reference: decompose the whole string, then fold (the definition of `fold`).
    fn fold_reference(s: &str) -> String {
        let mut out = String::new();
        let mut w = Folder {
            out: &mut out,
            start: 0,
            pending_space: false,
        };
        for d in s.nfkd() {
            w.decomposed(d);
        }
        out
    }

    #[test]
    fn per_character_paths_match_whole_string_decomposition() {
        for code in (0x20u32..0x600).chain(0x1E00..0x1F00).chain(0xFF00..0xFF70) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for s in [
                c.to_string(),
                format!("Ab{c}Cd"),
                format!("{c}{c} x{c}"),
                format!("e\u{301}{c}"),
            ] {
                assert_eq!(fold(&s), fold_reference(&s), "U+{code:04X}");
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
