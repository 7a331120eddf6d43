//! Cross-script name skeletons: Persian (Arabic script) and Thai names compared with their
//! Latin romanizations.
//!
//! A customer typed `Mohammad Rezaei` in one system and `محمد رضایی` in another. No edit
//! distance sees those as close, and the romanizations themselves vary (`Mohammed`,
//! `Muhammad`, `Rezaee`, `Rezayi`). [`skeleton`] maps a folded name, in any of the three
//! scripts, to a short script-neutral key in ASCII upper case, the same for the native
//! spelling and its usual romanizations; [`script`] tells which script a name is written in, so
//! that a cross-script comparison level applies only to pairs written in different scripts.
//!
//! Supported pairs: **Persian ↔ Latin** (the main target: measured recall and collisions are in
//! the tests) and **Thai ↔ Latin** (RTGS and the common looser romanizations; noisier, see
//! limits). Other scripts produce an empty skeleton.
//!
//! # The key
//!
//! Persian writes consonants and long vowels only; Latin writes every vowel. The skeleton
//! therefore keeps consonant classes and only the vowel information both sides carry:
//!
//! | symbol | Latin | Persian | Thai (initial / final) |
//! |---|---|---|---|
//! | `B` | b | ب | บ / – |
//! | `P` | p, ph | پ | ป ผ พ ภ / บ ป พ ภ ฟ |
//! | `T` | t, th | ت ط | ฏ ต ฐ ฑ ฒ ถ ท ธ / every stop and sibilant final |
//! | `S` | s | ث س ص | ซ ศ ษ ส / – |
//! | `J` | j, ch, zh | ج چ ژ | จ ฉ ช ฌ / – |
//! | `H` | h | ح ه | ห ฮ / – |
//! | `K` | k, kh, c, (x = `KS`) | ک خ | ก ข ฃ ค ฅ ฆ / ก ข ค ฆ |
//! | `D` | d, dh | د | ฎ ด / – |
//! | `Z` | z | ذ ز ض ظ | – |
//! | `R` | r | ر | ร ฤ / – (final ร is `N`) |
//! | `X` | sh | ش | – |
//! | `Q` | q, gh | غ ق | – |
//! | `F` | f | ف | ฝ ฟ / – |
//! | `G` | g | گ | (ง is `NG`) |
//! | `L` | l | ل | ล ฬ ฦ / – (final is `N`) |
//! | `M` | m | م | ม / ม, ำ |
//! | `N` | n | ن | ณ น / ญ ณ น ร ล ฬ |
//! | `V` | v, w before a vowel | و as a consonant | ว |
//! | `Y` | y at the start of a word, before a vowel | ی at the start of a word | ญ ย first in a word (else `I`) |
//! | `I` | a vowel run with i, y or ee | ی as a vowel | ิ ี ไ ใ, final ย |
//! | `U` | ou, oo, a vowel w, u before one consonant and a vowel or the end, o at a word's end | و as a vowel | ุ ู in an open syllable (same rule as u) |
//! | `A` | a as the last letter of the name; a vowel as the first | ا as the last letter; ا ع first | า ะ last; อ first |
//!
//! Rules, in order of effect:
//! - Other vowels (a, e, o, short u; Persian short vowels are not written) are dropped, and so
//!   are ع / ء (`Jafari` = `جعفری`). A vowel run at the start of the name is `A` whatever it
//!   is (`Ebrahimi`, `Ibrahimi`, `ابراهیمی` → `ABRHIMI`; `Ahmad` `AHMD` ≠ `Hamed` `HMD`); at
//!   the start of a later word it is dropped (`Ali Akbar` = `Aliakbar` = `علی اکبر`). The
//!   last letter of the name, when it is the vowel a, is `A` (`Zahra` `ZHRA` ≠ `Zohreh`
//!   `ZHR`); `مصطفی`, `مرتضی`, `مجتبی`, `موسی`, `عیسی`, `یحیی`, `کبری`, `صغری`, `هدی` end in
//!   that a although written with ی.
//! - A word-final `h` (Latin) and a word-final ه or ح are dropped (`Fatemeh` = `Fateme` =
//!   `فاطمه` → `FTM`).
//! - Persian و is the consonant `V` at the start of a word, after ا, or before ا, ی (not ی+ا)
//!   or و (`موسوی` = `Mousavi` → `MUSVI`, `داوود` = `Davood` → `DVUD`); otherwise a vowel (`U`).
//!   و before ال (`ابوالفضل`) is silent.
//! - A single Latin `u` is long (`U`) only before one consonant and a vowel or the end
//!   (`Musavi`, `Mahmud`), short (dropped) elsewhere (`Muhammad`, `Hussein`, `Sultani`), so
//!   `Mohammad` (`MHMD`) and `Mahmoud` (`MHMUD`) stay apart.
//! - Identical adjacent symbols collapse (`Mohammad` = `Mohamad`), and spaces are ignored, so
//!   `رضا زاده` = `رضازاده` = `Rezazadeh` = `Reza Zadeh` (`RZZD` → `RZD`).
//! - Arabic-keyboard letters and Arabic forms are read as their Persian letters whether or not
//!   folding unified them (ي ى ئ = ی, ك = ک, ة = ه, أ إ آ ٱ = ا, ؤ = و); harakat, tatweel and
//!   zero-width characters are ignored; digits and punctuation are ignored.
//! - Thai: consonants take their initial value at the start of a syllable (first consonant,
//!   after a leading vowel, before a vowel sign, after a closed syllable, or before the word's
//!   last consonant: ศิริพร = `SIRIPN`) and their final value otherwise; ว and ร before a
//!   syllable carry an inherent a (ชวลิต, สุรชัย); a consonant under ์ (thanthakhat) is silent,
//!   and so is ท/ต before ร์ and ษ before ณ์ (จันทร์, ลักษณ์); ห before a sonorant is silent;
//!   รร is `a` before a final consonant and `an` otherwise; อ carries a vowel; ย and ญ inside a
//!   word are `I`, as Latin y is. Aspirated and unaspirated stops share a class, as looser
//!   romanizations write them (`k/kh`, `t/th`, `p/ph`, `ch/j`).
//!
//! # Limits
//!
//! - A key, not a proof: use it for blocking and as one comparison level, with the other
//!   fields deciding.
//! - Arabic-style romanizations that write a short vowel as a long one miss: `Fatima`
//!   (`FTIMA`) is not `فاطمه` (`FTM`); nor does `Tavakoli` (`TVKLI`) meet `توکلی` (`TUKLI`):
//!   a و between consonants is read as a vowel.
//! - A word-final ه or ح is dropped, so a compound part ending in one depends on the spacing:
//!   `فاطمهزهرا` keeps the ه (`H`) while `Fatemeh Zahra` drops it, and `روح الله` (`RUL`) is
//!   not `روح‌الله` (`RUHL`, = `Rouhollah`).
//! - Some different names share a key: `Mahdi` and `Mahdieh` (`MHDI`), `Saeedi` and `Sayyadi`
//!   (`SIDI`), `Razieh` and `Rezaei` (`RZI`), `Ali` and `Aali`.
//! - Thai needs the vowel signs and ์ that the input keeps: tone marks are ignored, but a fold
//!   that strips vowel signs leaves only consonants. Syllables are found by a simple rule, not
//!   a dictionary, so Sanskrit-style spellings with silent letters (`สมบัติ` = `Sombat`) miss.
//!
//! Cost: one pass over the input, no allocation beyond the output `String` ([`skeleton_into`]
//! appends to a buffer the caller owns).

/// The script a folded name is written in, from its letters (digits, spaces and marks are
/// ignored).
///
/// ```
/// use selfsame::normalize::translit::{script, Script};
/// assert_eq!(script("mohammad rezaei"), Script::Latin);
/// assert_eq!(script("محمد رضایی"), Script::Arabic);
/// assert_eq!(script("สมชาย"), Script::Thai);
/// assert_eq!(script("ali رضایی"), Script::Mixed);
/// assert_eq!(script("иван"), Script::Other);
/// assert_eq!(script("123"), Script::Other);
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters only (ASCII after folding).
    Latin,
    /// Arabic-script letters only (Persian, Arabic, Urdu letters).
    Arabic,
    /// Thai letters only.
    Thai,
    /// Letters of more than one script.
    Mixed,
    /// No letter, or letters of another script.
    Other,
}

/// Which script `folded` is written in. See [`Script`].
///
/// ```
/// use selfsame::normalize::translit::{script, Script};
/// assert_eq!(script("ศรีสุข"), Script::Thai);
/// assert_ne!(script("srisuk"), script("ศรีสุข"));
/// ```
pub fn script(folded: &str) -> Script {
    let mut seen: Option<Script> = None;
    for c in folded.chars() {
        let s = match char_script(c) {
            Some(s) => s,
            None => continue,
        };
        match seen {
            None => seen = Some(s),
            Some(prev) if prev == s => {}
            Some(_) => return Script::Mixed,
        }
    }
    seen.unwrap_or(Script::Other)
}

/// The script of one letter; `None` for what is not a letter (marks, digits, spaces).
fn char_script(c: char) -> Option<Script> {
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(Script::Latin);
    }
    if !c.is_alphabetic() {
        return None;
    }
    match word_kind(c) {
        WordKind::Arabic if is_arabic_ignored(c) => None,
        WordKind::Arabic => Some(Script::Arabic),
        WordKind::Thai => Some(Script::Thai),
        // Unfolded Latin letters (Latin-1 to Latin Extended-B, Latin Extended Additional).
        _ if ('\u{00C0}'..='\u{024F}').contains(&c) || ('\u{1E00}'..='\u{1EFF}').contains(&c) => {
            Some(Script::Latin)
        }
        _ => Some(Script::Other),
    }
}

/// The cross-script skeleton of a folded name: ASCII upper-case letters, the same for a
/// Persian or Thai spelling and its usual Latin romanizations. Empty when the name has no
/// Latin, Arabic-script or Thai letter. See the module documentation for the rules.
///
/// ```
/// use selfsame::normalize::translit::skeleton;
/// assert_eq!(skeleton("محمد"), "MHMD");
/// for s in ["mohammad", "mohammed", "muhammad", "mohamad"] {
///     assert_eq!(skeleton(s), "MHMD");
/// }
/// assert_eq!(skeleton("رضایی"), skeleton("rezaei"));
/// assert_eq!(skeleton("رضائي"), skeleton("rezayi")); // Arabic-keyboard letters
/// assert_eq!(skeleton("رضا زاده"), skeleton("rezazadeh"));
/// assert_ne!(skeleton("hassan"), skeleton("hossein"));
/// assert_eq!(skeleton("สมชาย"), skeleton("somchai"));
/// assert_eq!(skeleton("иван"), "");
/// ```
pub fn skeleton(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len().min(64));
    skeleton_into(folded, &mut out);
    out
}

/// Like [`skeleton`] but appends to `out` (which is not cleared), to reuse a buffer.
///
/// ```
/// let mut buf = String::from("x:");
/// selfsame::normalize::translit::skeleton_into("Hosseini", &mut buf);
/// assert_eq!(buf, "x:HSINI");
/// ```
pub fn skeleton_into(folded: &str, out: &mut String) {
    let mut e = Emitter {
        start: out.len(),
        out,
        ends_with_a: false,
        string_start: true,
    };
    let mut rest = folded;
    while let Some(c) = rest.chars().next() {
        let kind = word_kind(c);
        // The longest prefix of the same kind: one word of one script.
        let end = rest
            .char_indices()
            .find(|&(_, d)| word_kind(d) != kind)
            .map_or(rest.len(), |(i, _)| i);
        let (word, tail) = rest.split_at(end.max(c.len_utf8()));
        match kind {
            WordKind::Latin => latin_word(word.as_bytes(), &mut e),
            WordKind::Arabic => arabic_word(word, &mut e),
            WordKind::Thai => thai_word(word, &mut e),
            WordKind::Other => {
                // Spaces, digits and punctuation separate words without resetting the final
                // vowel: `reza ` still ends in a. Letters of other scripts do reset it.
                if word.chars().any(char::is_alphabetic) {
                    e.ends_with_a = false;
                }
            }
        }
        if kind != WordKind::Other && word.chars().any(|c| char_script(c).is_some()) {
            e.string_start = false;
        }
        rest = tail;
    }
    if e.ends_with_a {
        e.push(b'A');
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Latin,
    Arabic,
    Thai,
    Other,
}

fn word_kind(c: char) -> WordKind {
    if c.is_ascii_alphabetic() {
        WordKind::Latin
    } else if ('\u{0600}'..='\u{06FF}').contains(&c)
        || ('\u{0750}'..='\u{077F}').contains(&c)
        || ('\u{FB50}'..='\u{FDFF}').contains(&c)
        || ('\u{FE70}'..='\u{FEFF}').contains(&c)
        || matches!(c, '\u{200C}' | '\u{200D}')
    {
        // Zero-width (non-)joiners belong to the Persian word they sit in.
        WordKind::Arabic
    } else if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
        WordKind::Thai
    } else {
        WordKind::Other
    }
}

/// Writes symbols, collapsing identical neighbours.
struct Emitter<'a> {
    out: &'a mut String,
    start: usize,
    /// Whether the last word read ended in the vowel a (ا, า, Latin a).
    ends_with_a: bool,
    /// No word of a supported script read yet: a leading vowel is marked `A` there only.
    string_start: bool,
}

impl Emitter<'_> {
    fn push(&mut self, sym: u8) {
        debug_assert!(sym.is_ascii_uppercase());
        if self.out.len() > self.start && self.out.as_bytes().last() == Some(&sym) {
            return;
        }
        self.out.push(char::from(sym));
    }

    fn push_all(&mut self, syms: &[u8]) {
        for &s in syms {
            self.push(s);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Latin

fn is_latin_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether `w[i]` belongs to a vowel run: a e i o u; y except a word-initial y before a vowel;
/// w when no vowel follows it.
fn in_vowel_run(w: &[u8], i: usize) -> bool {
    let Some(b) = at(w, i) else { return false };
    let next_vowel = at(w, i + 1).is_some_and(|n| is_latin_vowel(n) || n == b'y');
    match b {
        b'y' => !(i == 0 && next_vowel),
        b'w' => !next_vowel,
        _ => is_latin_vowel(b),
    }
}

/// The consonant at `w[i]` (with a following `h` for the digraphs): its symbols and length.
fn latin_consonant(w: &[u8], i: usize) -> (&'static [u8], usize) {
    let b = at(w, i).unwrap_or(b' ');
    if at(w, i + 1) == Some(b'h') {
        let digraph: Option<&'static [u8]> = match b {
            b's' => Some(b"X"),
            b'c' | b'z' => Some(b"J"),
            b'k' => Some(b"K"),
            b'g' => Some(b"Q"),
            b'p' => Some(b"P"),
            b't' => Some(b"T"),
            b'd' => Some(b"D"),
            _ => None,
        };
        if let Some(d) = digraph {
            return (d, 2);
        }
    }
    let sym: &'static [u8] = match b {
        b'b' => b"B",
        b'c' | b'k' => b"K",
        b'd' => b"D",
        b'f' => b"F",
        b'g' => b"G",
        b'h' => b"H",
        b'j' => b"J",
        b'l' => b"L",
        b'm' => b"M",
        b'n' => b"N",
        b'p' => b"P",
        b'q' => b"Q",
        b'r' => b"R",
        b's' => b"S",
        b't' => b"T",
        b'v' | b'w' => b"V",
        b'x' => b"KS",
        b'y' => b"Y",
        b'z' => b"Z",
        _ => b"",
    };
    (sym, 1)
}

/// One Latin word (ASCII letters; folded input is lower case, upper case is read the same).
fn latin_word(w: &[u8], e: &mut Emitter) {
    let n = w.len();
    // A word-final h is silent (Fatemeh = Fateme); so is a run of them.
    let mut end = n;
    while end > 1 && at(w, end - 1) == Some(b'h') && !is_digraph_h(w, end - 1) {
        end -= 1;
    }
    let silent_h = end < n;
    let w = &w[..end];
    let mut i = 0;
    let mut last_a = false;
    while i < end {
        if in_vowel_run(w, i) {
            let s = i;
            while i < end && in_vowel_run(w, i) {
                i += 1;
            }
            let run = &w[s..i];
            last_a = i == end && run.last().map(u8::to_ascii_lowercase) == Some(b'a');
            if s == 0 {
                if e.string_start {
                    e.push(b'A');
                }
                continue;
            }
            if let Some(sym) = latin_run_class(run, w, i) {
                e.push(sym);
            }
        } else {
            let (syms, step) = latin_consonant(w, i);
            e.push_all(syms);
            last_a = false;
            i += step;
        }
    }
    e.ends_with_a = last_a && !silent_h;
}

/// The lower-cased byte at `i`.
fn at(w: &[u8], i: usize) -> Option<u8> {
    w.get(i).map(u8::to_ascii_lowercase)
}

/// Whether the `h` at `i` is the second letter of a digraph (sh, ch, kh, …).
fn is_digraph_h(w: &[u8], i: usize) -> bool {
    i > 0
        && matches!(
            at(w, i - 1),
            Some(b's' | b'c' | b'z' | b'k' | b'g' | b'p' | b't' | b'd')
        )
}

/// The vowel symbol of a (non-initial) Latin vowel run ending before `w[next]`.
fn latin_run_class(run: &[u8], w: &[u8], next: usize) -> Option<u8> {
    let lc = |k: usize| run.get(k).map(u8::to_ascii_lowercase);
    let has = |b: u8| (0..run.len()).any(|k| lc(k) == Some(b));
    let has_pair =
        |p: [u8; 2]| (1..run.len()).any(|k| lc(k - 1) == Some(p[0]) && lc(k) == Some(p[1]));
    if has(b'i') || has(b'y') || has_pair(*b"ee") {
        return Some(b'I');
    }
    if has_pair(*b"ou") || has_pair(*b"oo") || has(b'w') {
        return Some(b'U');
    }
    let word_end = next >= w.len();
    if run.len() == 1 && lc(0) == Some(b'u') {
        if word_end {
            return Some(b'U');
        }
        // Long before one consonant and a vowel or the end (Musavi, Mahmud), short in a closed
        // syllable or before h (Hussein, Mustafa, Muhammad).
        if at(w, next) == Some(b'h') {
            return None;
        }
        let (_, step) = latin_consonant(w, next);
        return match at(w, next + step) {
            None => Some(b'U'),
            Some(b) if is_latin_vowel(b) || b == b'y' => Some(b'U'),
            _ => None,
        };
    }
    if run.len() == 1 && lc(0) == Some(b'o') && word_end {
        return Some(b'U');
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Persian (Arabic script)

/// The Persian letter an Arabic-script letter is read as (Arabic-keyboard and Arabic forms
/// unified); `None` for marks, digits and what is not a letter.
fn arabic_letter(c: char) -> Option<char> {
    Some(match c {
        'ي' | 'ى' | 'ئ' | 'ی' | 'ې' | 'ۍ' | 'ێ' | 'ے' => 'ی',
        'ك' | 'ک' | 'ڪ' => 'ک',
        'ة' | 'ه' | 'ۀ' | 'ہ' | 'ھ' | 'ۂ' => 'ه',
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ؤ' | 'و' | 'ۆ' | 'ۇ' | 'ۈ' | 'ۋ' => 'و',
        'ء' | 'ع' => 'ع',
        'ب' | 'پ' | 'ت' | 'ط' | 'ث' | 'س' | 'ص' | 'ج' | 'چ' | 'ح' | 'خ' | 'د' | 'ذ' | 'ز' | 'ض'
        | 'ظ' | 'ر' | 'ژ' | 'ش' | 'غ' | 'ق' | 'ف' | 'گ' | 'ل' | 'م' | 'ن' => c,
        'ڤ' => 'ف',
        'ڭ' | 'ګ' => 'گ',
        'ٹ' => 'ت',
        'ڈ' => 'د',
        'ڑ' => 'ر',
        'ں' => 'ن',
        _ => return None,
    })
}

/// Arabic-script characters that are skipped inside a word: harakat, tatweel, superscript
/// alef, zero-width (non-)joiners and other format characters.
fn is_arabic_ignored(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' | '\u{200C}' | '\u{200D}')
}

fn persian_consonant(c: char) -> &'static [u8] {
    match c {
        'ب' => b"B",
        'پ' => b"P",
        'ت' | 'ط' => b"T",
        'ث' | 'س' | 'ص' => b"S",
        'ج' | 'چ' | 'ژ' => b"J",
        'ح' | 'ه' => b"H",
        'خ' | 'ک' => b"K",
        'د' => b"D",
        'ذ' | 'ز' | 'ض' | 'ظ' => b"Z",
        'ر' => b"R",
        'ش' => b"X",
        'غ' | 'ق' => b"Q",
        'ف' => b"F",
        'گ' => b"G",
        'ل' => b"L",
        'م' => b"M",
        'ن' => b"N",
        _ => b"",
    }
}

/// Names whose final ی is read as a (alef maqsura): `مصطفی` = `Mostafa`. Whole words only.
const FINAL_YEH_AS_A: [&[char]; 9] = [
    &['م', 'ص', 'ط', 'ف'],
    &['م', 'ر', 'ت', 'ض'],
    &['م', 'ج', 'ت', 'ب'],
    &['م', 'و', 'س'],
    &['ع', 'ی', 'س'],
    &['ی', 'ح', 'ی'],
    &['ک', 'ب', 'ر'],
    &['ص', 'غ', 'ر'],
    &['ه', 'د'],
];

/// One Arabic-script word (a maximal run of Arabic-block characters).
fn arabic_word(word: &str, e: &mut Emitter) {
    let mut letters = word.chars().filter_map(arabic_letter);
    // Window: previous letter, current, and two ahead.
    let mut prev: Option<char> = None;
    let mut cur = letters.next();
    let mut next = letters.next();
    let mut next2 = letters.next();
    let mut first = true;
    // The first letters of the word, for the final-ی exceptions.
    let mut head = ['\0'; 5];
    let mut count = 0usize;
    // Vowel run being read: (has ی, has و, started the word).
    let mut run: Option<(bool, bool, bool)> = None;
    let mut last_a = false;
    while let Some(c) = cur {
        if let Some(slot) = head.get_mut(count) {
            *slot = c;
        }
        count = count.saturating_add(1);
        if c == 'ی' && next.is_none() && count <= head.len() {
            let stem = head.get(..count - 1).unwrap_or(&[]);
            if FINAL_YEH_AS_A.contains(&stem) {
                flush_run(run.take(), e);
                e.ends_with_a = true;
                return;
            }
        }
        // Some(vowel symbol, 0 for none) for a vowel letter, None for a consonant.
        let vowel: Option<u8> = match c {
            'ا' | 'ع' => Some(0),
            'ی' if !first => Some(b'I'),
            'و' if !first => {
                let after_a = prev == Some('ا');
                let before_vowel = match next {
                    Some('ا') => true,
                    Some('ی') => next2 != Some('ا'),
                    Some('و') => true,
                    _ => false,
                };
                if next == Some('ا') && next2 == Some('ل') && !after_a {
                    // ابوالفضل: the و of ابو before the article is not pronounced.
                    Some(0)
                } else if after_a || before_vowel {
                    None
                } else {
                    Some(b'U')
                }
            }
            _ => None,
        };
        match vowel {
            Some(v) => {
                let r = run.get_or_insert((false, false, first));
                r.0 |= v == b'I';
                r.1 |= v == b'U';
                last_a = c == 'ا';
            }
            None => {
                flush_run(run.take(), e);
                last_a = false;
                // A final ه is the vowel e, and so is ه before a final ای (خامنه‌ای); a final
                // ح is written h in Latin and dropped like a Latin final h.
                let silent_h = match c {
                    'ه' => next.is_none() || (next == Some('ا') && next2 == Some('ی')),
                    'ح' => next.is_none(),
                    _ => false,
                };
                match c {
                    _ if silent_h && !first => {}
                    'ی' => e.push(b'Y'),
                    'و' => e.push(b'V'),
                    _ => e.push_all(persian_consonant(c)),
                }
            }
        }
        first = false;
        prev = Some(c);
        cur = next;
        next = next2;
        next2 = letters.next();
    }
    flush_run(run.take(), e);
    e.ends_with_a = last_a;
}

fn flush_run(run: Option<(bool, bool, bool)>, e: &mut Emitter) {
    if let Some((i, u, initial)) = run {
        if initial {
            if e.string_start {
                e.push(b'A');
            }
            return;
        }
        if i {
            e.push(b'I');
        } else if u {
            e.push(b'U');
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Thai

#[derive(Clone, Copy, PartialEq, Eq)]
enum ThaiKind {
    Consonant,
    /// ะ ั า ำ ิ ี ึ ื ุ ู ็ ๅ: vowel signs written after, above or below their consonant.
    Vowel,
    /// เ แ โ ใ ไ: vowels written before their consonant.
    PreVowel,
    /// ์: the consonant it sits on is silent.
    Silencer,
    /// Tone marks, digits, ๆ, ฯ and the rest: ignored.
    Ignored,
    NotThai,
}

fn thai_kind(c: char) -> ThaiKind {
    match c {
        '\u{0E01}'..='\u{0E2E}' => ThaiKind::Consonant,
        '\u{0E30}'..='\u{0E39}' | '\u{0E45}' | '\u{0E47}' => ThaiKind::Vowel,
        '\u{0E40}'..='\u{0E44}' => ThaiKind::PreVowel,
        '\u{0E4C}' => ThaiKind::Silencer,
        '\u{0E00}'..='\u{0E7F}' => ThaiKind::Ignored,
        _ => ThaiKind::NotThai,
    }
}

fn thai_initial(c: char) -> &'static [u8] {
    match c {
        'ก' | 'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => b"K",
        'ง' => b"NG",
        'จ' | 'ฉ' | 'ช' | 'ฌ' => b"J",
        'ซ' | 'ศ' | 'ษ' | 'ส' => b"S",
        'ญ' | 'ย' => b"Y",
        'ฎ' | 'ด' => b"D",
        'ฏ' | 'ต' | 'ฐ' | 'ฑ' | 'ฒ' | 'ถ' | 'ท' | 'ธ' => b"T",
        'ณ' | 'น' => b"N",
        'บ' => b"B",
        'ป' | 'ผ' | 'พ' | 'ภ' => b"P",
        'ฝ' | 'ฟ' => b"F",
        'ม' => b"M",
        'ร' | 'ฤ' => b"R",
        'ล' | 'ฬ' | 'ฦ' => b"L",
        'ว' => b"V",
        'ห' | 'ฮ' => b"H",
        _ => b"",
    }
}

fn thai_final(c: char) -> &'static [u8] {
    match c {
        'ก' | 'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => b"K",
        'ง' => b"NG",
        'จ' | 'ฉ' | 'ช' | 'ซ' | 'ฌ' | 'ฎ' | 'ฏ' | 'ฐ' | 'ฑ' | 'ฒ' | 'ด' | 'ต' | 'ถ' | 'ท' | 'ธ'
        | 'ศ' | 'ษ' | 'ส' => b"T",
        'บ' | 'ป' | 'ผ' | 'ฝ' | 'พ' | 'ฟ' | 'ภ' => b"P",
        'ญ' | 'ณ' | 'น' | 'ร' | 'ล' | 'ฬ' => b"N",
        'ม' => b"M",
        'ย' => b"I",
        _ => b"",
    }
}

fn is_thai_sonorant(c: char) -> bool {
    matches!(c, 'ง' | 'ญ' | 'น' | 'ม' | 'ย' | 'ร' | 'ล' | 'ว')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syl {
    /// Expecting an initial consonant.
    Open,
    /// An initial consonant read, no vowel yet (an inherent vowel may follow).
    Onset,
    /// A vowel read: the next consonant without its own vowel is final.
    Nucleus,
}

/// The next significant Thai character after the start of `it`, skipping tone marks.
fn thai_peek(it: &std::str::Chars) -> Option<char> {
    it.clone()
        .find(|&c| !matches!(thai_kind(c), ThaiKind::Ignored))
}

/// Whether the consonant just read (the iterator is after it) is silenced by ์, possibly
/// after a vowel sign ิ or ุ (`พันธุ์`); consumes the marks if so.
fn thai_silenced(it: &mut std::str::Chars) -> bool {
    let mut look = it.clone();
    let mut n = 0;
    for c in look.by_ref() {
        n += 1;
        match (thai_kind(c), c) {
            (ThaiKind::Ignored, _) | (ThaiKind::Vowel, 'ิ' | 'ุ') if n < 4 => continue,
            (ThaiKind::Silencer, _) => {
                *it = look;
                return true;
            }
            _ => return false,
        }
    }
    false
}

/// What follows a consonant (the iterator is after it): the next significant character, and
/// whether that is a vowel sign of this consonant.
fn thai_next(it: &std::str::Chars) -> (Option<char>, bool) {
    let next = thai_peek(it);
    (next, next.map(thai_kind) == Some(ThaiKind::Vowel))
}

/// The consonant after `it` (skipping tone marks): whether it is silenced by ์, whether a
/// vowel sign follows it, and whether it ends the word. `None` when no consonant follows.
fn thai_following(it: &std::str::Chars) -> Option<(char, bool, bool, bool)> {
    let mut look = it.clone();
    let d = look.find(|&c| thai_kind(c) != ThaiKind::Ignored)?;
    if thai_kind(d) != ThaiKind::Consonant {
        return None;
    }
    let silenced = thai_silenced(&mut look.clone());
    let (after, vowel) = thai_next(&look);
    Some((d, silenced, vowel, after.is_none()))
}

/// Whether a ุ or ู (the iterator is after it) is in an open syllable, as a Latin single u
/// is read long: no consonant follows, or one that takes its own vowel, ends the word, or
/// is ร (Sanskrit สุร = su-ra).
fn thai_u_open(it: &std::str::Chars) -> bool {
    let mut look = it.clone();
    let Some(c1) = look.find(|&c| thai_kind(c) != ThaiKind::Ignored) else {
        return true;
    };
    if thai_kind(c1) != ThaiKind::Consonant || c1 == 'ร' {
        return true;
    }
    if thai_silenced(&mut look.clone()) {
        return true;
    }
    matches!(
        thai_peek(&look).map(thai_kind),
        None | Some(ThaiKind::Vowel) | Some(ThaiKind::Silencer)
    )
}

/// One Thai word (a maximal run of Thai-block characters).
fn thai_word(word: &str, e: &mut Emitter) {
    let mut it = word.chars();
    let mut syl = Syl::Open;
    let mut pre: Option<char> = None; // leading vowel waiting for its consonant
    let mut syl_pre: Option<char> = None; // leading vowel of the current syllable
    let mut last_vowel: Option<char> = None; // vowel sign of the current syllable
    let mut first_consonant = true;
    let mut last_a = false;
    while let Some(c) = it.next() {
        match thai_kind(c) {
            ThaiKind::PreVowel => {
                pre = Some(c);
                syl = Syl::Open;
                last_a = false;
            }
            ThaiKind::Vowel => {
                last_a = matches!(c, 'า' | 'ะ');
                last_vowel = Some(c);
                match c {
                    'ำ' => {
                        e.push(b'M');
                        syl = Syl::Open;
                    }
                    'ะ' => syl = Syl::Open,
                    'ิ' if syl_pre == Some('เ') => syl = Syl::Nucleus,
                    'ิ' | 'ี' => {
                        e.push(b'I');
                        syl = Syl::Nucleus;
                    }
                    'ุ' | 'ู' => {
                        if thai_u_open(&it) {
                            e.push(b'U');
                        }
                        syl = Syl::Nucleus;
                    }
                    _ => syl = Syl::Nucleus,
                }
            }
            ThaiKind::Consonant => {
                if thai_silenced(&mut it) {
                    continue;
                }
                last_a = false;
                let (next, has_vowel) = thai_next(&it);
                let following = thai_following(&it);
                if !has_vowel && pre.is_none() && syl == Syl::Open && !first_consonant {
                    // Before a silenced consonant after a closed syllable: ลักษณ์, จันทร์.
                    if let Some((d, true, _, _)) = following.filter(|f| c == 'ษ' || f.0 == 'ร')
                    {
                        let _ = d;
                        let mut look = it.clone();
                        look.find(|&c| thai_kind(c) != ThaiKind::Ignored);
                        thai_silenced(&mut look);
                        it = look;
                        continue;
                    }
                }
                if c == 'ร' && next == Some('ร') && syl != Syl::Open {
                    // รร: "a" before a final consonant, "an" otherwise. The second ร may
                    // follow a tone mark (ignored): skip to it.
                    let mut look = it.clone();
                    look.find(|&ch| ch == 'ร');
                    let after = thai_peek(&look);
                    let mut look2 = look.clone();
                    look2.next();
                    let after2 = thai_peek(&look2).map(thai_kind);
                    it = look;
                    if after.map(thai_kind) == Some(ThaiKind::Consonant)
                        && after2 != Some(ThaiKind::Vowel)
                    {
                        syl = Syl::Nucleus;
                    } else {
                        e.push(b'N');
                        syl = Syl::Open;
                    }
                    continue;
                }
                if c == 'อ' && syl == Syl::Onset && !has_vowel {
                    // อ after a consonant is the vowel o.
                    syl = Syl::Nucleus;
                    continue;
                }
                // A consonant with no vowel of its own after a vowel or an initial is final,
                // unless the next consonant is the word's last (พร of ศิริพร is p + final r),
                // or it is ว / ร that carry an inherent a before a syllable (ชวลิต, สุรชัย).
                let next_takes_vowel = matches!(following, Some((_, false, true, _)));
                let next_is_last = matches!(following, Some((_, false, false, true)));
                let carries_a = next_takes_vowel
                    && ((c == 'ว' && syl == Syl::Onset)
                        || (c == 'ร' && matches!(last_vowel, Some('ุ' | 'ิ' | 'ี'))));
                let initial = pre.is_some()
                    || has_vowel
                    || syl == Syl::Open
                    || carries_a
                    || (next_is_last && c != 'ย');
                if initial {
                    let leading = pre.take();
                    syl_pre = leading;
                    last_vowel = None;
                    if c == 'ห' && next.is_some_and(is_thai_sonorant) && !has_vowel {
                        // ห leading a sonorant only sets the tone.
                        pre = leading;
                        syl = Syl::Open;
                        continue;
                    }
                    match c {
                        'อ' => {
                            if e.string_start && first_consonant {
                                e.push(b'A');
                            }
                        }
                        // Inside a word y is read as the vowel i, as in Latin (Piya).
                        'ย' | 'ญ' if !first_consonant || (!has_vowel && next.is_none()) => {
                            e.push(b'I')
                        }
                        _ => e.push_all(thai_initial(c)),
                    }
                    first_consonant = false;
                    syl = Syl::Onset;
                    match leading {
                        Some('ไ' | 'ใ') => {
                            e.push(b'I');
                            syl = Syl::Open;
                        }
                        Some(_) => {
                            // A cluster after a leading vowel: เปรม, แปลง.
                            if matches!(next, Some('ร' | 'ล')) && !has_vowel {
                                if let Some(n) = it.find(|&n| thai_kind(n) != ThaiKind::Ignored) {
                                    e.push_all(thai_initial(n));
                                }
                            }
                            syl = Syl::Nucleus;
                        }
                        None => {}
                    }
                } else {
                    e.push_all(thai_final(c));
                    first_consonant = false;
                    syl = Syl::Open;
                    syl_pre = None;
                    last_vowel = None;
                }
            }
            ThaiKind::Silencer | ThaiKind::Ignored | ThaiKind::NotThai => {}
        }
    }
    e.ends_with_a = last_a;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Persian names: `native spellings | Latin spellings`, comma-separated. Every spelling of a
    /// row must share one skeleton; a spelling marked `!` is a known miss (documented in the
    /// module limits), counted in the measured recall but not asserted.
    const PERSIAN: &str = include_str!("data/translit_persian.txt");

    /// Different names that must not share a skeleton.
    const PERSIAN_DIFFERENT: &[(&str, &str)] = &[
        ("hassan", "hossein"),
        ("حسن", "حسین"),
        ("sara", "zahra"),
        ("mohsen", "mohammad"),
        ("محسن", "محمد"),
        ("mohammad", "mahmoud"),
        ("محمد", "محمود"),
        ("zahra", "zohreh"),
        ("زهرا", "زهره"),
        ("karimi", "karami"),
        ("hamid", "hamed"),
        ("حمید", "حامد"),
        ("amir", "amiri"),
        ("hassani", "hosseini"),
        ("ali", "alavi"),
        ("reza", "rezaei"),
        ("sina", "yasin"),
        ("mousavi", "mousa"),
    ];

    /// Thai names: `Thai spelling | RTGS and common romanizations`.
    const THAI: &str = include_str!("data/translit_thai.txt");

    /// The known misses are marked `!`; returns (spelling, must match).
    fn spellings(list: &[&'static str]) -> Vec<(&'static str, bool)> {
        list.iter()
            .map(|s| match s.strip_prefix('!') {
                Some(rest) => (rest, false),
                None => (*s, true),
            })
            .collect()
    }

    fn rows(table: &'static str) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
        table
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (native, latin) = l.split_once('|').expect("row has a |");
                let split = |s: &'static str| s.split(',').map(str::trim).collect::<Vec<_>>();
                (split(native), split(latin))
            })
            .collect()
    }

    /// Every asserted spelling of each row has the row's skeleton.
    fn check_table(table: &'static str) {
        for (native, latin) in rows(table) {
            let want = skeleton(native[0]);
            assert!(!want.is_empty(), "{}", native[0]);
            for n in &native {
                assert_eq!(skeleton(n), want, "{n} vs {}", native[0]);
            }
            for (l, must) in spellings(&latin) {
                if must {
                    assert_eq!(skeleton(l), want, "{l} vs {}", native[0]);
                } else {
                    assert_ne!(skeleton(l), want, "{l} is listed as a miss but matches");
                }
            }
        }
    }

    #[test]
    fn persian_table() {
        assert!(rows(PERSIAN).len() >= 150);
        check_table(PERSIAN);
    }

    #[test]
    fn thai_table() {
        assert!(rows(THAI).len() >= 60);
        check_table(THAI);
    }

    #[test]
    fn different_names_differ() {
        for (a, b) in PERSIAN_DIFFERENT {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        }
    }

    /// Figures: recall (spellings of one name sharing its native skeleton) and collisions
    /// (different names sharing one). Sorted print of mismatches for tuning.
    fn figures(table: &'static str) -> (usize, usize, usize, usize) {
        let rows = rows(table);
        let (mut hit, mut total) = (0, 0);
        for (native, latin) in &rows {
            let want = skeleton(native[0]);
            for n in native.iter().skip(1) {
                total += 1;
                hit += usize::from(skeleton(n) == want);
            }
            for (l, _) in spellings(latin) {
                total += 1;
                if skeleton(l) == want {
                    hit += 1;
                } else {
                    println!("  miss: {l} {} / {want}", skeleton(l));
                }
            }
        }
        let keys: Vec<String> = rows.iter().map(|(n, _)| skeleton(n[0])).collect();
        let mut colliding = 0;
        for (i, k) in keys.iter().enumerate() {
            if keys.iter().enumerate().any(|(j, o)| j != i && o == k) {
                colliding += 1;
                println!("  collision: {k} {}", rows[i].0[0]);
            }
        }
        (hit, total, colliding, rows.len())
    }

    /// Distinct names (folded, Arabic letters unified, spaces removed) in `fa_th_5k.csv` of one
    /// script, grouped by skeleton: (distinct names, names sharing their skeleton with another
    /// name), over all names and over names seen at least three times (which leaves out most
    /// typos, though not all).
    fn data_collisions(want: Script) -> Option<[(usize, usize); 2]> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/fa_th_5k.csv");
        let mut reader = csv::Reader::from_path(path).ok()?;
        let mut counts = std::collections::HashMap::<String, usize>::new();
        for rec in reader.records().map_while(Result::ok) {
            for col in [2, 3] {
                let raw = rec.get(col).unwrap_or("");
                // The current fold strips Thai vowel signs: Thai is read lower-cased only.
                let text = if want == Script::Thai {
                    raw.to_lowercase()
                } else {
                    crate::normalize::text::fold(raw)
                };
                let text = text
                    .trim_start_matches("آقای")
                    .trim_start_matches("اقای")
                    .trim_start_matches("خانم")
                    .trim_start_matches("นางสาว")
                    .trim_start_matches("นาง")
                    .trim_start_matches("นาย")
                    .trim()
                    .to_string();
                // Arabic-keyboard letters and marks unified, as the updated fold does.
                let text: String = text
                    .chars()
                    .filter(|&c| !is_arabic_ignored(c))
                    .map(|c| arabic_letter(c).unwrap_or(c))
                    .collect();
                // Compound names written with or without a space are one name here.
                // Thai tone marks dropped, as the updated fold does.
                let text: String = text
                    .chars()
                    .filter(|&c| c != ' ' && !('\u{0E48}'..='\u{0E4B}').contains(&c))
                    .collect();
                if script(&text) == want {
                    *counts.entry(text).or_default() += 1;
                }
            }
        }
        let stat = |min: usize| {
            let mut by_key = std::collections::HashMap::<String, usize>::new();
            let names: Vec<&String> = counts
                .iter()
                .filter(|(_, &c)| c >= min)
                .map(|(n, _)| n)
                .collect();
            for n in &names {
                *by_key.entry(skeleton(n)).or_default() += 1;
            }
            let shared = names.iter().filter(|n| by_key[&skeleton(n)] > 1).count();
            if min >= 3 && std::env::var_os("TRANSLIT_SHOW").is_some() {
                let mut groups: Vec<(String, &String)> = names
                    .iter()
                    .filter(|n| by_key[&skeleton(n)] > 1)
                    .map(|n| (skeleton(n), *n))
                    .collect();
                groups.sort();
                for (k, n) in groups {
                    println!("    {k} {n}");
                }
            }
            (names.len(), shared)
        };
        Some([stat(1), stat(3)])
    }

    /// `cargo test --lib normalize::translit::tests::translit_figures -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn translit_figures() {
        for (name, table, min_recall) in [("Persian", PERSIAN, 0.95), ("Thai", THAI, 0.85)] {
            let (hit, total, colliding, n) = figures(table);
            let recall = hit as f64 / total as f64;
            println!(
                "{name}: {n} names, recall {hit}/{total} = {recall:.3}, names colliding with another: {colliding}"
            );
            assert!(recall >= min_recall, "{name} recall {recall}");
            assert!(colliding * 20 <= n, "{name} collisions {colliding}/{n}");
        }
        for s in [Script::Arabic, Script::Thai] {
            if let Some([all, frequent]) = data_collisions(s) {
                println!(
                    "fa_th_5k {s:?}: distinct names {} of which {} share a skeleton; seen >= 3 times: {} of which {} share",
                    all.0, all.1, frequent.0, frequent.1
                );
                assert!(
                    frequent.1 * 10 <= frequent.0,
                    "{s:?} collisions {frequent:?}"
                );
            }
        }
    }
}
