//! Unicode text folding: compatibility forms, case, diacritics, punctuation and whitespace.
//!
//! [`fold`] is the one function every other normalizer builds on. Its output contains only
//! lower-case letters and digits (of any script), the vowel signs of scripts that need them, and
//! single ASCII spaces between words, so two strings that differ only in Unicode form (NFC / NFD /
//! full-width / presentation forms), case, accents, punctuation, spacing, invisible formatting
//! characters or the keyboard their letters were typed on fold to the same text. It runs in time
//! linear in the input, allocates nothing per character and never panics.
//!
//! # Rules
//!
//! | input | folded | why |
//! |---|---|---|
//! | `É`, `e` + U+0301, `Ｅ` | `e` | NFKD, lower case, accents of Latin, Greek and Cyrillic removed |
//! | `ß ø ł æ œ þ đ ð ı ħ ŧ ŀ` | `ss o l ae oe th d d i h t l` | letters without a decomposition |
//! | `'` `’` `‘` `ʼ` `` ` `` `´` | removed | `O'Brien` → `obrien` |
//! | ZWNJ, ZWJ, ZWSP, word joiner, BOM, soft hyphen, LRM, RLM, ALM, bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) | removed, **no** word break | invisible; `رضا‌زاده` → `رضازاده` |
//! | other punctuation, symbols, emoji, controls, whitespace | one space between words | |
//! | `ي ى ئ` | `ی` (U+06CC, Farsi yeh) | Arabic-keyboard letters in Persian text |
//! | `ك` | `ک` (U+06A9, keheh) | |
//! | `ة ۀ ە ھ` | `ه` | |
//! | `أ إ آ ٱ` | `ا` | |
//! | `ؤ` | `و` | |
//! | tatweel U+0640 | removed | stretching only |
//! | harakat U+064B–U+065F, U+0670, Quranic marks U+06D6–U+06ED, Syriac and Hebrew points | removed | optional vowel signs |
//! | Arabic presentation forms U+FB50–U+FDFF, U+FE70–U+FEFF | base letters | NFKD (then the rows above) |
//! | Thai tone marks U+0E48–U+0E4B (mai ek, tho, tri, chattawa) | removed | see below |
//! | Thai, Lao, Indic, Myanmar, Khmer… vowel signs, virama, nukta, thanthakhat | **kept** | they are letters of the name, not accents |
//! | decimal digits of any script (`۱۲۳`, `١٢٣`, `๑๒๓`, `१२३`) | `123` | |
//!
//! **Thai tone marks** are removed on purpose: customer data drops them often (they are typed
//! with a separate key and are not needed to read a name), and two spellings that differ only in
//! a tone mark are in practice the same name typed differently, not two names. Thai vowel signs
//! are kept: `สุรนัย` and `สุรนีย์` are different names. Thai `ำ` (sara am) is folded to its
//! compatibility decomposition `ํา` (nikhahit + sara aa), so both spellings agree.
//!
//! Kept combining marks are written in canonical order (as NFD would), so NFC and NFD input fold
//! alike. Letters of scripts not named above are kept as they are (lower-cased when they have a
//! case); marks of scripts not named above are kept too.

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison: NFKD, lower-case, diacritics removed, letters without a
/// decomposition mapped to ASCII (`ß → ss`, `ø → o`, `ł → l`, `æ → ae`, `œ → oe`, `þ → th`,
/// `đ/ð → d`, `ı → i`), apostrophes and invisible format characters dropped
/// (`O'Brien → obrien`), Arabic letter variants unified (`علي → علی`), digits of every script
/// made ASCII (`۱۲۳ → 123`), every other punctuation mark, symbol, emoji or control character
/// turned into a space, runs of space collapsed, ends trimmed. See the
/// [module documentation](self) for the full table; the vowel signs of Thai and Indic scripts
/// are kept, Thai tone marks are removed.
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
/// assert_eq!(fold("علي"), fold("علی")); // Arabic-keyboard yeh
/// assert_eq!(fold("رضا\u{200C}زاده"), "رضازاده"); // ZWNJ removed, no space
/// assert_eq!(fold("۰۹۱۲"), "0912");
/// assert_ne!(fold("สุรนัย"), fold("สุรนีย์")); // Thai vowels kept
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
        run: 0,
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
    /// Kept combining marks written since the last other character.
    run: usize,
}

/// Longest run of combining marks put in canonical order as one (Unicode's stream-safe limit).
const MARK_SEGMENT: usize = 30;

impl Folder<'_> {
    /// Called before writing anything but a kept mark: writes the pending space, ends a run of marks.
    fn space_if_pending(&mut self) {
        self.run = 0;
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
        if is_dropped(c) {
            return;
        }
        if is_combining_mark(c) {
            if !is_accent(c) {
                self.mark(c);
            }
            return;
        }
        if let Some(d) = decimal_digit(c) {
            self.space_if_pending();
            self.out.push(d);
            return;
        }
        let c = unify_arabic(c);
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

    /// A kept combining mark (a Thai or Indic vowel sign…), written in canonical order: it goes
    /// before the kept marks just written that have a higher non-zero combining class, as NFD
    /// orders them. As in Unicode's stream-safe format, a run of marks is ordered in segments of
    /// [`MARK_SEGMENT`], so the work per mark is bounded. Never allocates beyond the output.
    fn mark(&mut self, c: char) {
        if self.pending_space && self.out.len() > self.start {
            self.out.push(' ');
            self.run = 0;
        }
        self.pending_space = false;
        let before = self.run % MARK_SEGMENT;
        self.run += 1;
        let class = canonical_combining_class(c);
        let mut at = self.out.len();
        if class != 0 {
            let written = self.out.get(self.start..).unwrap_or_default();
            for (i, p) in written.char_indices().rev().take(before) {
                if canonical_combining_class(p) > class {
                    at = self.start + i;
                } else {
                    break;
                }
            }
        }
        self.out.insert(at, c);
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
                    run: 0,
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
        run: 0,
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
    !s.chars().any(|c| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            std::iter::once(c).nfkd().any(is_written)
        }
    })
}

/// True when [`Folder::decomposed`] writes something for this character of a decomposition.
fn is_written(c: char) -> bool {
    if is_dropped(c) {
        false
    } else if is_combining_mark(c) {
        !is_accent(c)
    } else {
        decimal_digit(c).is_some() || unify_arabic(c).is_alphanumeric()
    }
}

/// Characters removed without leaving a word break: apostrophes, invisible format characters
/// (zero-width spaces and joiners, direction marks, embeddings and isolates, soft hyphen, BOM),
/// the Arabic tatweel and the Quranic annotation signs.
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '\'' | '’'
            | '‘'
            | 'ʼ'
            | '`'
            | '´'
            | '\u{AD}'
            | '\u{61C}'
            | '\u{640}'
            | '\u{6D6}'..='\u{6ED}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Combining marks that are accents or optional vowel points of alphabetic scripts, removed by
/// [`fold`]: Latin, Greek and Cyrillic diacritics (with the generic combining blocks), Hebrew
/// points and cantillation, Arabic harakat and signs, Syriac points, Thai tone marks, and
/// variation selectors. Every other combining mark (Thai and Indic vowel signs, virama…) is kept.
fn is_accent(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36F}'
            | '\u{483}'..='\u{489}'
            | '\u{591}'..='\u{5C7}'
            | '\u{610}'..='\u{61A}'
            | '\u{64B}'..='\u{65F}'
            | '\u{670}'
            | '\u{6D6}'..='\u{6ED}'
            | '\u{711}'
            | '\u{730}'..='\u{74A}'
            | '\u{897}'..='\u{89F}'
            | '\u{8CA}'..='\u{8FF}'
            | '\u{E48}'..='\u{E4B}'
            | '\u{180B}'..='\u{180D}'
            | '\u{180F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{2DE0}'..='\u{2DFF}'
            | '\u{A66F}'..='\u{A67D}'
            | '\u{A69E}'..='\u{A69F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// The canonical letter of an Arabic-script letter variant (Arabic keyboard → Persian letters,
/// hamza carriers → their base letter); every other character unchanged.
fn unify_arabic(c: char) -> char {
    match c {
        'ي' | 'ى' | 'ئ' => 'ی',
        'ك' => 'ک',
        'ة' | 'ۀ' | 'ە' | 'ھ' => 'ه',
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ؤ' => 'و',
        _ => c,
    }
}

/// Code points of the digit zero of every decimal-digit run (Unicode general category Nd) that
/// NFKD does not already map to ASCII, in increasing order. Each run is ten digits long.
const DIGIT_ZEROS: [u32; 58] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0x104A0,
    0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0,
    0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1E140,
    0x1E2F0, 0x1E950,
];

/// The ASCII digit of a decimal digit of another script (`۳` → `3`, `๓` → `3`).
fn decimal_digit(c: char) -> Option<char> {
    let code = u32::from(c);
    if code < 0x660 {
        return None;
    }
    let i = DIGIT_ZEROS.partition_point(|&z| z <= code);
    let zero = *DIGIT_ZEROS.get(i.checked_sub(1)?)?;
    let value = code - zero;
    if value < 10 {
        char::from_digit(value, 10)
    } else {
        None
    }
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
        // Arabic script: keyboard variants, hamza carriers, tatweel, harakat.
        ("علي", "علی"),
        ("كريمي", "کریمی"),
        ("فاطمة", "فاطمه"),
        ("آيدا", "ایدا"),
        ("أحمد", "احمد"),
        ("إيمان", "ایمان"),
        ("ٱلله", "الله"),
        ("مؤمن", "مومن"),
        ("خانهٔ", "خانه"),
        ("خانۀ", "خانه"),
        ("ھادی", "هادی"),
        ("رئیس", "رییس"),
        ("مُحَمَّد", "محمد"),
        ("پَارسا", "پارسا"),
        ("محـــمد", "محمد"),
        ("ﻋﻠﻰ", "علی"), // presentation forms (NFKD)
        ("ﷲ", "الله"),
        // Format characters vanish without a word break.
        ("رضا\u{200C}زاده", "رضازاده"),
        ("رضا زاده", "رضا زاده"),
        ("a\u{200D}b\u{200E}c\u{200F}d\u{61C}e", "abcde"),
        ("\u{202B}علی\u{202C}", "علی"),
        ("\u{2067}ab\u{2069}\u{2060}c\u{FEFF}", "abc"),
        ("so\u{AD}phie", "sophie"),
        // Digits of other scripts.
        ("۰۹۱۲ ۳۴۵ ۶۷۸۹", "0912 345 6789"),
        ("١٢٣", "123"),
        ("๐๙๘-๐๕๙", "098 059"),
        ("१२३", "123"),
        ("۱۳۶۴/۱۲/۱۲", "1364 12 12"),
        // Thai: vowels kept, tone marks removed, sara am decomposed.
        ("สุรนัย", "สุรนัย"),
        ("สุรนีย์", "สุรนีย์"),
        ("ปิ่นบุญญา", "ปินบุญญา"),
        ("หล้า", "หลา"),
        ("นำ", "น\u{E4D}า"),
        ("น\u{E4D}า", "น\u{E4D}า"),
        // Indic vowel signs and virama kept.
        ("क्षत्रिय", "क्षत्रिय"),
        ("বাংলা", "বাংলা"),
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
            run: 0,
        };
        for d in s.nfkd() {
            w.decomposed(d);
        }
        out
    }

    #[test]
    fn per_character_paths_match_whole_string_decomposition() {
        for code in (0x20u32..0x700)
            .chain(0x900..0x980)
            .chain(0xE00..0xE80)
            .chain(0x1E00..0x1F00)
            .chain(0x2000..0x2070)
            .chain(0xFB50..0xFC00)
            .chain(0xFE70..0xFF70)
        {
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
    fn thai_names_that_differ_stay_apart() {
        for (a, b) in [
            ("สุรนัย", "สุรนีย์"),
            ("ภูวรา", "ภูวร"),
            ("มะลี", "มลี"),
            ("กิ่ง", "กง"),
        ] {
            assert_ne!(fold(a), fold(b), "{a} / {b}");
        }
        // Only tone marks differ: the same name.
        assert_eq!(fold("ปิ่นบุญญา"), fold("ปินบุญญา"));
        assert_eq!(fold("พาดีล๊ะ"), fold("พาดีละ"));
    }

    #[test]
    fn kept_marks_in_canonical_order() {
        // U+0E38 (class 103) and U+0E3A (class 9): NFD puts the lower class first.
        let nfd = "ก\u{E3A}\u{E38}";
        assert_eq!(fold("ก\u{E38}\u{E3A}"), fold(nfd));
        assert_eq!(fold(nfd), nfd);
        // Dropped marks between kept ones do not matter.
        assert_eq!(fold("ก\u{E38}\u{E48}\u{E3A}"), nfd);
        // A very long run of marks is bounded work and still idempotent.
        let long: String = std::iter::once('ก')
            .chain((0..100).flat_map(|_| ['\u{E38}', '\u{E3A}']))
            .collect();
        let once = fold(&long);
        assert_eq!(fold(&once), once);
    }

    #[test]
    fn digit_table() {
        for &zero in &DIGIT_ZEROS {
            for v in 0..10 {
                let c = char::from_u32(zero + v).unwrap();
                assert!(c.is_numeric(), "U+{:04X}", zero + v);
                assert_eq!(decimal_digit(c), char::from_digit(v, 10));
            }
            assert_eq!(decimal_digit(char::from_u32(zero + 10).unwrap()), None);
        }
        assert!(DIGIT_ZEROS.windows(2).all(|w| w[1] >= w[0] + 10));
        assert_eq!(decimal_digit('a'), None);
        assert_eq!(decimal_digit('\u{65F}'), None);
    }

    #[test]
    fn blank() {
        for s in [
            "",
            " ",
            "\t\n",
            "--",
            "🙂",
            "\u{0}",
            "\u{640}",
            "\u{200C}\u{200E}",
            "\u{64E}",
            "\u{E48}",
        ] {
            assert!(is_blank(s), "{s:?}");
            assert_eq!(fold(s), "");
        }
    }
}
