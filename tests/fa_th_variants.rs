//! Harder Iranian and Thai data built from `../shared/data/fa_th_5k.csv`: each record gets 0–3
//! perturbations (seeded by its record id, so the set is the same on every run) drawn from the
//! families of phenomena of the issue "Every record read in its own country's conventions" —
//! phones, dates, names (including Latin spellings of Persian and Thai names), emails,
//! addresses and countries — with more members of each family than the sample has. The truth is
//! unchanged (same record ids).
//!
//! `fa_th_variants_dedupe` prints pairwise / B-cubed figures, the number of perturbations per
//! family and kind, the recall over the true pairs that touch each family and kind, and missed
//! pairs with the raw values of their perturbed fields. `fa_th_cross_script` compares Latin
//! spellings of table names with a control left in native script.
//!
//! Both are big-data checks, slow in debug: run them in release with
//! `cargo test --release --test fa_th_variants -- --ignored --nocapture`. They are skipped, with
//! a note, when the data folder is absent — unless `SELFSAME_REQUIRE_DATA` is set, where that is
//! a failure.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use selfsame::eval::{evaluate, Evaluation};
use selfsame::normalize::date::Date;
use selfsame::{Config, PostalAddress, Profile, Resolver};

mod common;
use common::{data_dir, read_rows};

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// One customer record as raw strings, with its true entity and its country (from the id).
#[derive(Clone)]
struct Rec {
    id: String,
    source: String,
    entity: String,
    ir: bool,
    given: Option<String>,
    family: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    street: Option<String>,
    city: Option<String>,
    postcode: Option<String>,
    country: Option<String>,
    dob: Option<String>,
}

impl Rec {
    fn get(&self, f: Field) -> Option<&str> {
        match f {
            Field::Given => self.given.as_deref(),
            Field::Family => self.family.as_deref(),
            Field::Email => self.email.as_deref(),
            Field::Phone => self.phone.as_deref(),
            Field::Street => self.street.as_deref(),
            Field::Postcode => self.postcode.as_deref(),
            Field::Country => self.country.as_deref(),
            Field::Dob => self.dob.as_deref(),
        }
    }

    /// The same mapping as `public_profile` in tests/accuracy.rs.
    fn profile(&self) -> Profile {
        let mut p = Profile::new(self.source.clone(), self.id.clone());
        p.given_name = self.given.clone();
        p.family_name = self.family.clone();
        p.emails.extend(self.email.clone());
        p.phones.extend(self.phone.clone());
        p.date_of_birth = self.dob.clone();
        let address = PostalAddress {
            street: self.street.clone(),
            city: self.city.clone(),
            postcode: self.postcode.clone(),
            country: self.country.clone(),
            ..PostalAddress::default()
        };
        if !address.is_empty() {
            p = p.with_address(address);
        }
        p
    }
}

fn load(dir: &std::path::Path) -> Vec<Rec> {
    let truth: HashMap<String, String> = read_rows(&dir.join("fa_th_5k_truth.csv"))
        .into_iter()
        .map(|mut r| {
            (
                r.remove("record_id").unwrap(),
                r.remove("entity_id").unwrap(),
            )
        })
        .collect();
    let recs: Vec<Rec> = read_rows(&dir.join("fa_th_5k.csv"))
        .into_iter()
        .map(|mut r| {
            let id = r.remove("record_id").unwrap();
            let entity = truth
                .get(&id)
                .unwrap_or_else(|| panic!("no truth for {id}"))
                .clone();
            let ir = id.contains("-ir");
            assert!(ir || id.contains("-th"), "{id}: neither Iranian nor Thai");
            Rec {
                source: r.remove("source").unwrap_or_default(),
                entity,
                ir,
                given: r.remove("first_name"),
                family: r.remove("last_name"),
                email: r.remove("email"),
                phone: r.remove("phone"),
                street: r.remove("street"),
                city: r.remove("city"),
                postcode: r.remove("postcode"),
                country: r.remove("country"),
                dob: r.remove("date_of_birth"),
                id,
            }
        })
        .collect();
    assert_eq!(recs.len(), 10_988);
    recs
}

// ---------------------------------------------------------------------------------------------
// A small seeded PRNG (splitmix64)
// ---------------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    /// Seeded by a record id (FNV-1a) and a salt, so each record's draws are its own.
    fn for_record(id: &str, salt: u64) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in id.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h ^ salt)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

// ---------------------------------------------------------------------------------------------
// Phenomena
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Family {
    Phone,
    Date,
    Name,
    Email,
    Address,
    Country,
}

const FAMILIES: [Family; 6] = [
    Family::Phone,
    Family::Date,
    Family::Name,
    Family::Email,
    Family::Address,
    Family::Country,
];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Field {
    Given,
    Family,
    Email,
    Phone,
    Street,
    Postcode,
    Country,
    Dob,
}

/// One kind of perturbation; applied to a record in this order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    /// Another country-code form: `+98 …`, `0098…`, `98…`, `0…` (Iran); `+66…`, `0066…`,
    /// `66…`, `0…` (Thailand), with or without grouping.
    PhoneForm,
    /// An extension: `داخلی 12`, `ต่อ 12`, `ext. 12`.
    PhoneExt,
    /// Persian / Arabic-Indic / Thai digits (or back to ASCII).
    PhoneDigits,
    /// ZWNJ, narrow no-break space or no-break space inside the number.
    PhoneInvisible,
    /// A label before the number: `موبایل: `, `تلفن همراه `, `มือถือ `, `โทร. `, `Mobile: `, `Tel `.
    PhoneLabel,
    /// Calendar switched: Solar Hijri / Buddhist era ↔ Gregorian, numeric.
    DateCalendar,
    /// Persian or Thai month names in the local calendar (`۵ دی ۱۳۶۱`, `3 มี.ค. 2528`).
    DateMonthName,
    /// Two-digit local year (`61/10/05`, `03/03/28`).
    DateTwoDigit,
    /// Native digits (or back to ASCII).
    DateDigits,
    /// Latin spelling of a name in the transliteration table.
    NameLatin,
    /// Arabic-keyboard letters (ی → ي, ک → ك).
    NameKeyboard,
    /// ZWNJ / space / nothing inside compound names.
    NameCompound,
    /// Harakat added.
    NameHarakat,
    /// Thai tone marks dropped.
    NameTone,
    /// A one-letter typo.
    NameTypo,
    /// A title added (spaced or glued), re-spaced or removed.
    NameTitle,
    /// Given and family name swapped.
    NameSwap,
    /// Persian / Thai digits in the local part.
    EmailDigits,
    /// Upper case.
    EmailUpper,
    /// Full-width letters, digits, `@`.
    EmailFullwidth,
    /// RLM / LRM / ZWNJ inserted.
    EmailInvisible,
    /// Abbreviation ↔ full word (ถนน ↔ ถ., ซอย ↔ ซ., หมู่ ↔ ม.; خیابان ↔ خ., کوچه ↔ ک.).
    AddrAbbrev,
    /// Thai street words glued ↔ spaced.
    AddrGlue,
    /// Iranian postcode as `12345-67890`.
    AddrPostcodeDash,
    /// Native digits in house numbers and postcodes.
    AddrDigits,
    /// The country in another form: code, English, native script, long name.
    CountryVariant,
    /// The country dropped.
    CountryDrop,
}

const KINDS: [Kind; 27] = [
    Kind::PhoneForm,
    Kind::PhoneExt,
    Kind::PhoneDigits,
    Kind::PhoneInvisible,
    Kind::PhoneLabel,
    Kind::DateCalendar,
    Kind::DateMonthName,
    Kind::DateTwoDigit,
    Kind::DateDigits,
    Kind::NameLatin,
    Kind::NameKeyboard,
    Kind::NameCompound,
    Kind::NameHarakat,
    Kind::NameTone,
    Kind::NameTypo,
    Kind::NameTitle,
    Kind::NameSwap,
    Kind::EmailDigits,
    Kind::EmailUpper,
    Kind::EmailFullwidth,
    Kind::EmailInvisible,
    Kind::AddrAbbrev,
    Kind::AddrGlue,
    Kind::AddrPostcodeDash,
    Kind::AddrDigits,
    Kind::CountryVariant,
    Kind::CountryDrop,
];

impl Kind {
    fn family(self) -> Family {
        use Kind::*;
        match self {
            PhoneForm | PhoneExt | PhoneDigits | PhoneInvisible | PhoneLabel => Family::Phone,
            DateCalendar | DateMonthName | DateTwoDigit | DateDigits => Family::Date,
            NameLatin | NameKeyboard | NameCompound | NameHarakat | NameTone | NameTypo
            | NameTitle | NameSwap => Family::Name,
            EmailDigits | EmailUpper | EmailFullwidth | EmailInvisible => Family::Email,
            AddrAbbrev | AddrGlue | AddrPostcodeDash | AddrDigits => Family::Address,
            CountryVariant | CountryDrop => Family::Country,
        }
    }

    fn fields(self) -> &'static [Field] {
        match self.family() {
            Family::Phone => &[Field::Phone],
            Family::Date => &[Field::Dob],
            Family::Name => &[Field::Given, Field::Family],
            Family::Email => &[Field::Email],
            Family::Address => &[Field::Street, Field::Postcode],
            Family::Country => &[Field::Country],
        }
    }

    /// Kinds that overwrite each other's output are not drawn together.
    fn conflicts(self, other: Kind) -> bool {
        use Kind::*;
        let rendering = |k| matches!(k, DateCalendar | DateMonthName | DateTwoDigit);
        let latin_spoiled = |k| matches!(k, NameKeyboard | NameCompound | NameHarakat);
        (rendering(self) && rendering(other))
            || matches!(
                (self, other),
                (CountryVariant, CountryDrop) | (CountryDrop, CountryVariant)
            )
            || (self == NameLatin && latin_spoiled(other))
            || (other == NameLatin && latin_spoiled(self))
    }
}

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

const ZWNJ: char = '\u{200C}';
const NBSP: char = '\u{00A0}';
const NNBSP: char = '\u{202F}';
const LRM: char = '\u{200E}';
const RLM: char = '\u{200F}';

/// Zero of Persian, Arabic-Indic and Thai digits.
const PERSIAN_ZERO: char = '\u{06F0}';
const ARABIC_ZERO: char = '\u{0660}';
const THAI_ZERO: char = '\u{0E50}';

/// Persian, Arabic-Indic, Thai and full-width digits → ASCII.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            let v = c as u32;
            let base = [0x06F0, 0x0660, 0x0E50, 0xFF10]
                .into_iter()
                .find(|&b| (b..b + 10).contains(&v));
            match base {
                Some(b) => char::from(b'0' + (v - b) as u8),
                None => c,
            }
        })
        .collect()
}

/// ASCII digits → the digits starting at `zero`.
fn native_digits(s: &str, zero: char) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(zero as u32 + d).unwrap(),
            _ => c,
        })
        .collect()
}

/// A native digit system for a record's country.
fn pick_zero(ir: bool, rng: &mut Rng) -> char {
    if !ir {
        THAI_ZERO
    } else if rng.chance(75) {
        PERSIAN_ZERO
    } else {
        ARABIC_ZERO
    }
}

/// ASCII digits to native ones, or (when there are none) native ones back to ASCII.
fn swap_digits(s: &str, ir: bool, rng: &mut Rng) -> String {
    if s.chars().any(|c| c.is_ascii_digit()) {
        native_digits(s, pick_zero(ir, rng))
    } else {
        ascii_digits(s)
    }
}

/// Inserts `c` at a random char boundary strictly inside `s` (at the end if `s` is one char).
fn insert_inside(s: &str, c: char, rng: &mut Rng) -> String {
    let chars: Vec<char> = s.chars().collect();
    let at = if chars.len() < 2 {
        chars.len()
    } else {
        1 + rng.below(chars.len() - 1)
    };
    let mut out: String = chars[..at].iter().collect();
    out.push(c);
    out.extend(&chars[at..]);
    out
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Transliteration tables (shared with the tests of src/normalize/translit.rs)
// ---------------------------------------------------------------------------------------------

const PERSIAN: &str = include_str!("../src/normalize/data/translit_persian.txt");

const THAI: &str = include_str!("../src/normalize/data/translit_thai.txt");

/// The key a native name is looked up by: Persian letters for Arabic-keyboard ones, no harakat,
/// no ZWNJ or space.
fn name_key(s: &str) -> String {
    s.chars()
        .filter(|&c| c != ZWNJ && c != ' ' && !('\u{064B}'..='\u{0652}').contains(&c))
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            _ => c,
        })
        .collect()
}

/// `native key → Latin spellings` of a table (`!` known-miss marks dropped: real spellings all).
fn latin_table(table: &str) -> HashMap<String, Vec<String>> {
    let mut m = HashMap::new();
    for line in table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (native, latin) = line.split_once('|').unwrap();
        let latin: Vec<String> = latin
            .split(',')
            .map(|s| s.trim().trim_start_matches('!').to_string())
            .collect();
        for n in native.split(',') {
            m.insert(name_key(n.trim()), latin.clone());
        }
    }
    m
}

struct Tables {
    persian: HashMap<String, Vec<String>>,
    thai: HashMap<String, Vec<String>>,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            persian: latin_table(PERSIAN),
            thai: latin_table(THAI),
        }
    }

    fn latin(&self, ir: bool, name: Option<&str>) -> Option<&Vec<String>> {
        let table = if ir { &self.persian } else { &self.thai };
        table.get(&name_key(name?.trim()))
    }

    /// Iranian: both names in the Persian table. Thai: the given name in the Thai table (no
    /// family name of the sample is in it).
    fn latin_eligible(&self, r: &Rec) -> bool {
        if r.ir {
            self.latin(true, r.given.as_deref()).is_some()
                && self.latin(true, r.family.as_deref()).is_some()
        } else {
            self.latin(false, r.given.as_deref()).is_some()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum PhoneForm {
    Plus,
    DoubleZero,
    Bare,
    National,
}

/// The national significant number and the form it was written in.
fn phone_nsn(raw: &str, ir: bool) -> Option<(String, PhoneForm)> {
    let plus = raw.trim_start().starts_with('+');
    let d: String = ascii_digits(raw)
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    let (cc, lens): (&str, &[usize]) = if ir { ("98", &[10]) } else { ("66", &[8, 9]) };
    let ok = |n: &str| lens.contains(&n.len()) && !n.starts_with('0');
    if let Some(n) = d.strip_prefix("00").and_then(|r| r.strip_prefix(cc)) {
        if ok(n) {
            return Some((n.to_string(), PhoneForm::DoubleZero));
        }
    }
    if let Some(n) = d.strip_prefix(cc) {
        if ok(n) {
            let form = if plus {
                PhoneForm::Plus
            } else {
                PhoneForm::Bare
            };
            return Some((n.to_string(), form));
        }
    }
    if let Some(n) = d.strip_prefix('0') {
        if ok(n) {
            return Some((n.to_string(), PhoneForm::National));
        }
    }
    None
}

/// `s` split into groups of `sizes` (the rest in the last group), joined by `sep`.
fn group(s: &str, sizes: &[usize], sep: &str) -> String {
    let mut out = Vec::new();
    let mut rest = s;
    for (i, &n) in sizes.iter().enumerate() {
        if rest.is_empty() {
            break;
        }
        let take = if i + 1 == sizes.len() {
            rest.len()
        } else {
            n.min(rest.len())
        };
        out.push(&rest[..take]);
        rest = &rest[take..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out.join(sep)
}

fn render_phone(nsn: &str, ir: bool, form: PhoneForm, rng: &mut Rng) -> String {
    let cc = if ir { "98" } else { "66" };
    let nsn_groups: &[usize] = match (ir, nsn.len()) {
        (true, _) => &[3, 3, 4],
        (false, 9) => &[2, 3, 4],
        _ => &[1, 3, 4],
    };
    let spaced = rng.chance(60);
    let body = if spaced {
        group(nsn, nsn_groups, " ")
    } else {
        nsn.to_string()
    };
    let sep = if spaced { " " } else { "" };
    match form {
        PhoneForm::Plus => format!("+{cc}{sep}{body}"),
        PhoneForm::DoubleZero => format!("00{cc}{sep}{body}"),
        PhoneForm::Bare => format!("{cc}{sep}{body}"),
        PhoneForm::National => {
            let national = format!("0{nsn}");
            let groups: &[usize] = match (ir, nsn.len()) {
                (true, _) => &[4, 3, 4],
                (false, 9) => &[3, 3, 4],
                _ => &[2, 3, 4],
            };
            match rng.below(3) {
                0 => national,
                1 => group(&national, groups, " "),
                _ => group(&national, groups, "-"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const PERSIAN_MONTHS: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

const THAI_MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

const THAI_MONTHS_ABBR: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// A date of birth of the sample: ISO Gregorian, `y/m/d` Solar Hijri (Iran) or `dd/mm/yyyy`
/// Buddhist era (Thailand), in any digits. The date, and whether it was in the local calendar.
fn parse_dob(raw: &str, ir: bool) -> Option<(Date, bool)> {
    let a = ascii_digits(raw.trim());
    let parts: Vec<&str> = a.split(['-', '/']).collect();
    let [p0, p1, p2] = parts[..] else {
        return None;
    };
    let (n0, n1, n2): (u16, u8, u16) = (p0.parse().ok()?, p1.parse().ok()?, p2.parse().ok()?);
    if p0.len() == 4 {
        let day = u8::try_from(n2).ok()?;
        if ir && n0 < 1500 {
            Some((Date::from_solar_hijri(n0, n1, day).ok()?, true))
        } else {
            Some((Date::new(n0, n1, day).ok()?, false))
        }
    } else if p2.len() == 4 {
        let day = u8::try_from(n0).ok()?;
        if !ir && n2 > 2400 {
            Some((Date::from_buddhist_era(n2, n1, day).ok()?, true))
        } else {
            Some((Date::new(n2, n1, day).ok()?, false))
        }
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Names, emails, addresses
// ---------------------------------------------------------------------------------------------

const PERSIAN_TITLES: [&str; 5] = ["آقای", "خانم", "سید", "حاج", "دکتر"];
/// Longest first, so `นางสาว` is not read as `นาง`.
const THAI_TITLES: [&str; 5] = ["นางสาว", "นาง", "นาย", "คุณ", "ดร."];
const LATIN_TITLES: [&str; 3] = ["Mr.", "Mrs.", "Dr."];
const THAI_TONES: [char; 4] = ['\u{0E48}', '\u{0E49}', '\u{0E4A}', '\u{0E4B}'];
const HARAKAT: [char; 5] = ['\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}'];
const PERSIAN_LETTERS: &str = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی";
const THAI_LETTERS: &str = "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮ";
const LATIN_LETTERS: &str = "abcdefghijklmnopqrstuvwxyz";
/// Second parts of glued compound names.
const COMPOUND_TAILS: [&str; 6] = ["زاده", "پور", "رضا", "حسین", "الله", "علی"];

fn is_persian_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c)
}

/// The title a given name starts with, and the rest (spaces trimmed).
fn split_title(ir: bool, s: &str) -> Option<(&'static str, String)> {
    let titles: &[&'static str] = if ir { &PERSIAN_TITLES } else { &THAI_TITLES };
    titles.iter().find_map(|&t| {
        let rest = s.strip_prefix(t)?.trim_start_matches([' ', ZWNJ]);
        (!rest.is_empty()).then(|| (t, rest.to_string()))
    })
}

fn has_compound(s: &str) -> bool {
    let t = s.trim();
    t.contains([' ', ZWNJ])
        || COMPOUND_TAILS
            .iter()
            .any(|tail| t.ends_with(tail) && t.chars().count() > tail.chars().count() + 1)
}

/// Separator inside a compound name changed among space, ZWNJ and nothing.
fn recompound(s: &str, rng: &mut Rng) -> String {
    let t = s.trim();
    if let Some(i) = t.find([' ', ZWNJ]) {
        let sep = t[i..].chars().next().unwrap();
        let others: Vec<&str> = [" ", "\u{200C}", ""]
            .into_iter()
            .filter(|o| !o.starts_with(sep))
            .collect();
        let with = *rng.pick(&others);
        return format!("{}{with}{}", &t[..i], &t[i + sep.len_utf8()..]);
    }
    for tail in COMPOUND_TAILS {
        if let Some(head) = t.strip_suffix(tail) {
            if !head.is_empty() {
                let sep = if rng.chance(50) { " " } else { "\u{200C}" };
                return format!("{head}{sep}{tail}");
            }
        }
    }
    t.to_string()
}

fn add_harakat(s: &str, rng: &mut Rng) -> String {
    let n = 1 + rng.below(2);
    let mut out = s.to_string();
    for _ in 0..n {
        let letters: Vec<usize> = out
            .char_indices()
            .filter(|&(_, c)| is_persian_letter(c))
            .map(|(i, c)| i + c.len_utf8())
            .collect();
        if letters.is_empty() {
            break;
        }
        let at = *rng.pick(&letters);
        out.insert(at, *rng.pick(&HARAKAT));
    }
    out
}

/// A one-letter typo (substitution, deletion, transposition or doubling), never on the first
/// letter.
fn typo(s: &str, rng: &mut Rng) -> String {
    let mut cs: Vec<char> = s.chars().collect();
    if cs.len() < 3 {
        return s.to_string();
    }
    let pool: Vec<char> = if cs.iter().any(|&c| is_persian_letter(c)) {
        PERSIAN_LETTERS.chars().collect()
    } else if cs.iter().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(c)) {
        THAI_LETTERS.chars().collect()
    } else {
        LATIN_LETTERS.chars().collect()
    };
    let i = 1 + rng.below(cs.len() - 1);
    match rng.below(4) {
        0 => {
            let c = *rng.pick(&pool);
            cs[i] = if c == cs[i] { pool[0] } else { c };
        }
        1 => {
            cs.remove(i);
        }
        2 if i + 1 < cs.len() => cs.swap(i, i + 1),
        _ => cs.insert(i, cs[i]),
    }
    cs.into_iter().collect()
}

fn latin_name(spellings: &[String], rng: &mut Rng) -> String {
    let s = rng.pick(spellings);
    match rng.below(10) {
        0 => s.to_uppercase(),
        1 => s.clone(),
        _ => title_case(s),
    }
}

/// ASCII → full width (`!`..`~` to U+FF01..U+FF5E).
fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            _ => c,
        })
        .collect()
}

/// Thai street words and their abbreviations.
const THAI_ABBR: [(&str, &str); 3] = [("ถนน", "ถ."), ("ซอย", "ซ."), ("หมู่", "ม.")];
/// Persian street words and their abbreviations.
const PERSIAN_ABBR: [(&str, &str); 2] = [("خیابان", "خ."), ("کوچه", "ک.")];

/// Byte offsets where `w` starts a token (at the start or after a space or a digit).
fn token_starts(s: &str, w: &str) -> Vec<usize> {
    s.match_indices(w)
        .map(|(i, _)| i)
        .filter(|&i| {
            s[..i]
                .chars()
                .next_back()
                .is_none_or(|c| c == ' ' || c.is_ascii_digit() || c == '/')
        })
        .collect()
}

fn has_thai_marker(s: &str) -> bool {
    THAI_ABBR
        .iter()
        .any(|(full, abbr)| !token_starts(s, full).is_empty() || !token_starts(s, abbr).is_empty())
}

fn has_persian_marker(s: &str) -> bool {
    s.split(' ')
        .any(|w| PERSIAN_ABBR.iter().any(|(f, a)| w == *f || w == *a))
}

/// Every street word abbreviated, or every abbreviation written out.
fn swap_abbreviations(s: &str, ir: bool) -> String {
    if ir {
        return s
            .split(' ')
            .map(|w| {
                PERSIAN_ABBR
                    .iter()
                    .find_map(|&(f, a)| {
                        if w == f {
                            Some(a)
                        } else if w == a {
                            Some(f)
                        } else {
                            None
                        }
                    })
                    .unwrap_or(w)
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut out = s.to_string();
    for (full, abbr) in THAI_ABBR {
        let (from, to) = if !token_starts(&out, full).is_empty() {
            (full, abbr)
        } else {
            (abbr, full)
        };
        for i in token_starts(&out, from).into_iter().rev() {
            out.replace_range(i..i + from.len(), to);
        }
    }
    out
}

/// The first Thai street word glued to what follows, or spaced when it was glued.
fn reglue(s: &str) -> String {
    let mut first: Option<(usize, usize)> = None;
    for (full, abbr) in THAI_ABBR {
        for w in [full, abbr] {
            if let Some(&i) = token_starts(s, w).first() {
                if first.is_none_or(|(j, _)| i < j) {
                    first = Some((i, w.len()));
                }
            }
        }
    }
    let Some((i, n)) = first else {
        return s.to_string();
    };
    let end = i + n;
    let mut out = s.to_string();
    if s[end..].starts_with(' ') {
        out.remove(end);
    } else if end < s.len() {
        out.insert(end, ' ');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Drawing and applying perturbations
// ---------------------------------------------------------------------------------------------

fn is_tone(c: char) -> bool {
    THAI_TONES.contains(&c)
}

fn applicable(k: Kind, r: &Rec, t: &Tables) -> bool {
    use Kind::*;
    let names = [r.given.as_deref(), r.family.as_deref()];
    let any_name = |f: &dyn Fn(&str) -> bool| names.iter().flatten().any(|s| f(s));
    let local = r
        .email
        .as_deref()
        .and_then(|e| e.split_once('@'))
        .map(|x| x.0);
    let street = r.street.as_deref().unwrap_or("");
    let postcode = r.postcode.as_deref().unwrap_or("");
    match k {
        PhoneForm => r
            .phone
            .as_deref()
            .and_then(|p| phone_nsn(p, r.ir))
            .is_some(),
        PhoneExt | PhoneDigits | PhoneInvisible | PhoneLabel => r.phone.is_some(),
        DateCalendar | DateMonthName | DateTwoDigit => r
            .dob
            .as_deref()
            .and_then(|d| parse_dob(d, r.ir))
            .is_some_and(|(d, _)| d.year >= 1930 && d.to_solar_hijri().is_some()),
        DateDigits => r.dob.is_some(),
        NameLatin => t.latin_eligible(r),
        NameKeyboard => r.ir && any_name(&|s| s.contains(['ی', 'ک'])),
        NameCompound => r.ir && any_name(&has_compound),
        NameHarakat => r.ir && any_name(&|s| s.chars().any(is_persian_letter)),
        NameTone => !r.ir && any_name(&|s| s.chars().any(is_tone)),
        NameTypo => any_name(&|s| s.chars().count() >= 3),
        NameTitle => r.given.is_some(),
        NameSwap => r.given.is_some() && r.family.is_some(),
        EmailDigits => local.is_some_and(|l| l.chars().any(|c| c.is_ascii_digit())),
        EmailUpper | EmailFullwidth | EmailInvisible => local.is_some(),
        AddrAbbrev => {
            if r.ir {
                has_persian_marker(street)
            } else {
                has_thai_marker(street)
            }
        }
        AddrGlue => !r.ir && has_thai_marker(street),
        AddrPostcodeDash => {
            r.ir && postcode.len() == 10 && postcode.bytes().all(|b| b.is_ascii_digit())
        }
        AddrDigits => street
            .chars()
            .chain(postcode.chars())
            .any(|c| c.is_ascii_digit()),
        CountryVariant => true,
        CountryDrop => r.country.is_some(),
    }
}

/// 0–3 kinds (25 % none, 35 % one, 25 % two, 15 % three): a family drawn uniformly among those
/// with an applicable kind, then a kind of it.
fn draw_kinds(r: &Rec, t: &Tables, rng: &mut Rng) -> Vec<Kind> {
    let n = match rng.below(100) {
        0..=24 => 0,
        25..=59 => 1,
        60..=84 => 2,
        _ => 3,
    };
    let mut chosen: Vec<Kind> = Vec::new();
    for _ in 0..n {
        let open = |k: &Kind| {
            !chosen.contains(k) && !chosen.iter().any(|c| c.conflicts(*k)) && applicable(*k, r, t)
        };
        let fams: Vec<Family> = FAMILIES
            .into_iter()
            .filter(|&f| KINDS.iter().any(|k| k.family() == f && open(k)))
            .collect();
        if fams.is_empty() {
            break;
        }
        let f = *rng.pick(&fams);
        let ks: Vec<Kind> = KINDS
            .into_iter()
            .filter(|k| k.family() == f && open(k))
            .collect();
        chosen.push(*rng.pick(&ks));
    }
    chosen.sort();
    chosen
}

/// Applies `kinds` (in their order) to a copy of `r`; returns it with the kinds that changed
/// something.
fn apply(r: &Rec, kinds: &[Kind], t: &Tables, rng: &mut Rng) -> (Rec, Vec<Kind>) {
    let mut out = r.clone();
    let mut done = Vec::new();
    for &k in kinds {
        let before: Vec<Option<String>> = k
            .fields()
            .iter()
            .map(|&f| out.get(f).map(str::to_string))
            .collect();
        apply_one(&mut out, r, k, t, rng);
        let changed = k
            .fields()
            .iter()
            .zip(&before)
            .any(|(&f, b)| out.get(f) != b.as_deref());
        if changed {
            done.push(k);
        }
    }
    (out, done)
}

fn apply_one(out: &mut Rec, orig: &Rec, k: Kind, t: &Tables, rng: &mut Rng) {
    use Kind::*;
    let ir = out.ir;
    let map_names = |out: &mut Rec, rng: &mut Rng, f: &dyn Fn(&str, &mut Rng) -> String| {
        // One of the names, or both, where the change applies.
        let both = rng.chance(40);
        let first_given = rng.chance(50);
        let mut fields = [&mut out.given, &mut out.family];
        if !first_given {
            fields.reverse();
        }
        let mut n = 0;
        for v in fields.into_iter().flatten() {
            let new = f(v, rng);
            if new != *v {
                *v = new;
                n += 1;
                if !both {
                    break;
                }
            }
        }
        n
    };
    match k {
        PhoneForm => {
            let Some((nsn, form)) = out.phone.as_deref().and_then(|p| phone_nsn(p, ir)) else {
                return;
            };
            let forms: Vec<self::PhoneForm> = [
                self::PhoneForm::Plus,
                self::PhoneForm::DoubleZero,
                self::PhoneForm::Bare,
                self::PhoneForm::National,
            ]
            .into_iter()
            .filter(|&f| f != form)
            .collect();
            let to = *rng.pick(&forms);
            out.phone = Some(render_phone(&nsn, ir, to, rng));
        }
        PhoneExt => {
            let words: &[&str] = if ir {
                &["داخلی", "ext.", "داخلي"]
            } else {
                &["ต่อ", "ext.", "ต่อ"]
            };
            let w = rng.pick(words);
            let n = 10 + rng.below(990);
            out.phone = out.phone.take().map(|p| format!("{p} {w} {n}"));
        }
        PhoneDigits => out.phone = out.phone.take().map(|p| swap_digits(&p, ir, rng)),
        PhoneInvisible => {
            let c = *rng.pick(&[ZWNJ, NNBSP, NBSP]);
            out.phone = out.phone.take().map(|p| {
                if p.contains(' ') {
                    p.replace(' ', &c.to_string())
                } else {
                    insert_inside(&p, c, rng)
                }
            });
        }
        PhoneLabel => {
            let labels: &[&str] = if ir {
                &[
                    "موبایل: ",
                    "تلفن همراه ",
                    "تلفن: ",
                    "همراه: ",
                    "Mobile: ",
                    "Tel ",
                ]
            } else {
                &["มือถือ ", "โทร. ", "โทร: ", "เบอร์โทร ", "Mobile: ", "Tel "]
            };
            let l = rng.pick(labels);
            out.phone = out.phone.take().map(|p| format!("{l}{p}"));
        }
        DateCalendar | DateMonthName | DateTwoDigit => {
            let Some((d, local)) = out.dob.as_deref().and_then(|s| parse_dob(s, ir)) else {
                return;
            };
            let (sy, sm, sd) = d.to_solar_hijri().unwrap();
            let be = d.buddhist_era_year();
            out.dob = Some(match (k, ir) {
                (DateCalendar, _) if local => match (ir, rng.below(2)) {
                    (_, 0) => d.to_string(),
                    (true, _) => format!("{}/{:02}/{:02}", d.year, d.month, d.day),
                    (false, _) => format!("{:02}/{:02}/{}", d.day, d.month, d.year),
                },
                (DateCalendar, true) => match rng.below(3) {
                    0 => format!("{sy}/{sm:02}/{sd:02}"),
                    1 => format!("{sy}/{sm}/{sd}"),
                    _ => format!("{sy}-{sm:02}-{sd:02}"),
                },
                (DateCalendar, false) => match rng.below(3) {
                    0 => format!("{:02}/{:02}/{be}", d.day, d.month),
                    1 => format!("{}/{}/{be}", d.day, d.month),
                    _ => format!("{:02}-{:02}-{be}", d.day, d.month),
                },
                (DateMonthName, true) => {
                    let m = PERSIAN_MONTHS[usize::from(sm) - 1];
                    match rng.below(3) {
                        0 => format!("{sd} {m} {sy}"),
                        1 => format!("{sd:02} {m} {sy}"),
                        _ => format!("{sd} {m} ماه {sy}"),
                    }
                }
                (DateMonthName, false) => {
                    let i = usize::from(d.month) - 1;
                    match rng.below(4) {
                        0 => format!("{} {} {be}", d.day, THAI_MONTHS_ABBR[i]),
                        1 => format!("{} {} {be}", d.day, THAI_MONTHS[i]),
                        2 => format!("{} {} พ.ศ. {be}", d.day, THAI_MONTHS[i]),
                        _ => format!("{} {} พ.ศ.{be}", d.day, THAI_MONTHS_ABBR[i]),
                    }
                }
                (_, true) => format!("{:02}/{sm:02}/{sd:02}", sy % 100),
                (_, false) => format!("{:02}/{:02}/{:02}", d.day, d.month, be % 100),
            });
        }
        DateDigits => out.dob = out.dob.take().map(|s| swap_digits(&s, ir, rng)),
        NameLatin => {
            let given = t.latin(ir, out.given.as_deref()).cloned();
            let family = t.latin(ir, out.family.as_deref()).cloned();
            if let Some(g) = given {
                out.given = Some(latin_name(&g, rng));
            }
            if let Some(f) = family {
                out.family = Some(latin_name(&f, rng));
            }
        }
        NameKeyboard => {
            // Both letters or only one of them, in every name.
            let which = rng.below(3);
            for v in [&mut out.given, &mut out.family].into_iter().flatten() {
                *v = v
                    .chars()
                    .map(|c| match c {
                        'ی' if which != 2 => 'ي',
                        'ک' if which != 1 => 'ك',
                        _ => c,
                    })
                    .collect();
            }
        }
        NameCompound => {
            map_names(out, rng, &|s, rng| {
                if has_compound(s) {
                    recompound(s, rng)
                } else {
                    s.to_string()
                }
            });
        }
        NameHarakat => {
            map_names(out, rng, &add_harakat);
        }
        NameTone => {
            map_names(out, rng, &|s, _| {
                s.chars().filter(|&c| !is_tone(c)).collect()
            });
        }
        NameTypo => {
            let both = out.given.is_some() && out.family.is_some();
            let v = if both && rng.chance(50) || out.family.is_none() {
                &mut out.given
            } else {
                &mut out.family
            };
            if let Some(s) = v {
                *s = typo(s, rng);
            }
        }
        NameTitle => {
            let Some(g) = out.given.clone() else { return };
            let latin = g.is_ascii();
            out.given = Some(match split_title(ir, &g) {
                // Titled already: removed, or spaced ↔ glued.
                Some((_, rest)) if rng.chance(40) => rest,
                Some((title, rest)) => {
                    let spaced = g[title.len()..].starts_with([' ', ZWNJ]);
                    let sep = if spaced { "" } else { " " };
                    format!("{title}{sep}{rest}")
                }
                None if latin => format!("{} {g}", rng.pick(&LATIN_TITLES)),
                None => {
                    let titles: &[&str] = if ir { &PERSIAN_TITLES } else { &THAI_TITLES };
                    let title = rng.pick(titles);
                    let sep = *rng.pick(&[" ", "", if ir { "\u{200C}" } else { " " }]);
                    format!("{title}{sep}{g}")
                }
            });
        }
        NameSwap => std::mem::swap(&mut out.given, &mut out.family),
        EmailDigits => {
            let zero = pick_zero(ir, rng);
            out.email = out.email.take().map(|e| match e.split_once('@') {
                Some((l, d)) => format!("{}@{d}", native_digits(l, zero)),
                None => e,
            });
        }
        EmailUpper => {
            let how = rng.below(3);
            out.email = out.email.take().map(|e| match (how, e.split_once('@')) {
                (0, Some((l, d))) => format!("{}@{d}", l.to_uppercase()),
                (1, Some((l, d))) => {
                    let mut cs = l.chars();
                    let first: String =
                        cs.next().into_iter().flat_map(char::to_uppercase).collect();
                    format!("{first}{}@{}", cs.as_str(), d.to_uppercase())
                }
                _ => e.to_uppercase(),
            });
        }
        EmailFullwidth => {
            let how = rng.below(3);
            out.email = out.email.take().map(|e| match (how, e.split_once('@')) {
                (0, Some((l, d))) => format!("{l}＠{d}"),
                (1, Some((l, d))) => format!("{}＠{d}", fullwidth(l)),
                _ => fullwidth(&e),
            });
        }
        EmailInvisible => {
            let c = *rng.pick(&[RLM, LRM, ZWNJ]);
            let at = rng.below(4);
            out.email = out.email.take().map(|e| match (at, e.split_once('@')) {
                (0, _) => format!("{c}{e}"),
                (1, _) => format!("{e}{c}"),
                (2, Some((l, d))) => format!("{l}{c}@{d}"),
                _ => insert_inside(&e, c, rng),
            });
        }
        AddrAbbrev => out.street = out.street.take().map(|s| swap_abbreviations(&s, ir)),
        AddrGlue => out.street = out.street.take().map(|s| reglue(&s)),
        AddrPostcodeDash => {
            out.postcode = out
                .postcode
                .take()
                .map(|p| format!("{}-{}", &p[..5], &p[5..]));
        }
        AddrDigits => {
            let zero = pick_zero(ir, rng);
            out.street = out.street.take().map(|s| native_digits(&s, zero));
            out.postcode = out.postcode.take().map(|s| native_digits(&s, zero));
        }
        CountryVariant => {
            let names: &[&str] = if ir {
                &["IR", "Iran", "ایران", "ايران", "جمهوری اسلامی ایران", "IRAN"]
            } else {
                &[
                    "TH",
                    "Thailand",
                    "ไทย",
                    "ประเทศไทย",
                    "THAILAND",
                    "Kingdom of Thailand",
                ]
            };
            let current = orig.country.as_deref();
            let others: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| Some(*n) != current)
                .collect();
            out.country = Some(rng.pick(&others).to_string());
        }
        CountryDrop => out.country = None,
    }
}

// ---------------------------------------------------------------------------------------------
// Resolving and scoring
// ---------------------------------------------------------------------------------------------

/// Resolves with the defaults (no region) and scores against the truth; also returns each
/// record's cluster and the time taken.
fn resolve(name: &str, recs: &[Rec]) -> (Evaluation, Vec<usize>, Duration) {
    let profiles: Vec<Profile> = recs.iter().map(Rec::profile).collect();
    let t = Instant::now();
    let res = Resolver::new(Config::default()).resolve(&profiles).unwrap();
    let elapsed = t.elapsed();
    let labels: Vec<&str> = recs.iter().map(|r| r.entity.as_str()).collect();
    let predicted: Vec<usize> = (0..recs.len())
        .map(|i| res.cluster_of(i).unwrap())
        .collect();
    let e = evaluate(&labels, &predicted).unwrap();
    println!(
        "{name}: {} records, {} clusters, {} links, resolved in {:.2?}\n  \
         pairwise P {:.4} R {:.4} F1 {:.4}; B-cubed P {:.4} R {:.4} F1 {:.4}",
        recs.len(),
        res.clusters.len(),
        res.stats.matched_pairs,
        elapsed,
        e.pairwise.precision,
        e.pairwise.recall,
        e.pairwise.f1,
        e.bcubed.precision,
        e.bcubed.recall,
        e.bcubed.f1,
    );
    (e, predicted, elapsed)
}

/// The true pairs `(i, j)`, `i < j`, in a fixed order.
fn true_pairs(recs: &[Rec]) -> Vec<(usize, usize)> {
    let mut by_entity: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        by_entity.entry(&r.entity).or_default().push(i);
    }
    let mut pairs = Vec::new();
    for members in by_entity.values() {
        for (a, &i) in members.iter().enumerate() {
            for &j in &members[a + 1..] {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// The predicted pairs `(i, j)`, `i < j`, of records of different entities.
fn false_pairs(recs: &[Rec], predicted: &[usize]) -> Vec<(usize, usize)> {
    let mut by_cluster: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &c) in predicted.iter().enumerate() {
        by_cluster.entry(c).or_default().push(i);
    }
    let mut pairs = Vec::new();
    for members in by_cluster.values() {
        for (a, &i) in members.iter().enumerate() {
            for &j in &members[a + 1..] {
                if recs[i].entity != recs[j].entity {
                    pairs.push((i, j));
                }
            }
        }
    }
    pairs
}

/// `matched / total` with the counts.
fn ratio(matched: usize, total: usize) -> String {
    if total == 0 {
        return "      -".to_string();
    }
    format!("{:.4} ({matched}/{total})", matched as f64 / total as f64)
}

const ALL_FIELDS: [Field; 8] = [
    Field::Given,
    Field::Family,
    Field::Email,
    Field::Phone,
    Field::Street,
    Field::Postcode,
    Field::Country,
    Field::Dob,
];

/// A pair of records: the fields `ks` touch, raw (with the value before the perturbation when
/// it changed), then the other non-empty fields.
fn print_pair(orig: &[Rec], recs: &[Rec], (i, j): (usize, usize), ks: &[Kind], kinds: &[&[Kind]]) {
    println!(
        "  {} {:?} / {} {:?}",
        recs[i].id, kinds[0], recs[j].id, kinds[1]
    );
    let mut fields: Vec<Field> = ks.iter().flat_map(|k| k.fields()).copied().collect();
    fields.sort();
    fields.dedup();
    let show = |x: usize, fl: Field| {
        let before = orig[x].get(fl).unwrap_or("∅");
        let after = recs[x].get(fl).unwrap_or("∅");
        if before == after {
            format!("{after:?}")
        } else {
            format!("{after:?} (was {before:?})")
        }
    };
    for &fl in &fields {
        println!("    {fl:?}: {}  |  {}", show(i, fl), show(j, fl));
    }
    let others: Vec<String> = ALL_FIELDS
        .into_iter()
        .filter(|f| !fields.contains(f))
        .filter(|&f| recs[i].get(f).is_some() || recs[j].get(f).is_some())
        .map(|f| format!("{f:?} {} | {}", show(i, f), show(j, f)))
        .collect();
    if !others.is_empty() {
        println!("    other: {}", others.join("; "));
    }
}

/// The perturbed data set: the records, and the kinds applied to each.
fn variants(recs: &[Rec], t: &Tables) -> (Vec<Rec>, Vec<Vec<Kind>>) {
    recs.iter()
        .map(|r| {
            let mut rng = Rng::for_record(&r.id, 0x5EED_0FFA);
            let kinds = draw_kinds(r, t, &mut rng);
            apply(r, &kinds, t, &mut rng)
        })
        .unzip()
}

/// The target on hidden data with more kinds of variation than the sample.
const TARGET_F1: f64 = 0.94;

/// Per family or kind: true pairs touching it (matched on the variants, on the sample), true
/// pairs touching it alone (matched on the variants, on the sample), new false pairs touching it.
#[derive(Default, Clone, Copy)]
struct Tally {
    hit: usize,
    hit_sample: usize,
    total: usize,
    alone_hit: usize,
    alone_hit_sample: usize,
    alone: usize,
    new_false: usize,
}

impl Tally {
    fn add(&mut self, hit: bool, hit_sample: bool, alone: bool) {
        self.total += 1;
        self.hit += usize::from(hit);
        self.hit_sample += usize::from(hit_sample);
        if alone {
            self.alone += 1;
            self.alone_hit += usize::from(hit);
            self.alone_hit_sample += usize::from(hit_sample);
        }
    }

    fn row(&self, label: &str, applied: usize) {
        println!(
            "  {label:<16} {applied:>7}  {:<22} {:<8}  {:<20} {:<8}  {:>5}",
            ratio(self.hit, self.total),
            short(self.hit_sample, self.total),
            ratio(self.alone_hit, self.alone),
            short(self.alone_hit_sample, self.alone),
            self.new_false,
        );
    }
}

fn short(matched: usize, total: usize) -> String {
    if total == 0 {
        return "-".to_string();
    }
    format!("{:.4}", matched as f64 / total as f64)
}

/// Every phenomenon family of the issue, several members each, on a share of the records. The
/// sample itself is resolved too, so each family's lost recall can be told from the pairs the
/// sample already misses.
#[test]
#[ignore = "big data: run in release"]
fn fa_th_variants_dedupe() {
    let Some(dir) = data_dir() else { return };
    let t0 = Instant::now();
    let orig = load(&dir);
    let tables = Tables::new();
    let (recs, kinds) = variants(&orig, &tables);
    println!("fa_th_variants: built in {:.2?}", t0.elapsed());

    let mut per_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut per_count = [0usize; 4];
    for ks in &kinds {
        per_count[ks.len().min(3)] += 1;
        for &k in ks {
            *per_kind.entry(k).or_default() += 1;
        }
    }
    println!(
        "records with 0/1/2/3 perturbations: {}/{}/{}/{}",
        per_count[0], per_count[1], per_count[2], per_count[3]
    );

    let (_, sample, _) = resolve("fa_th_5k (the sample, for comparison)", &orig);
    let (e, predicted, _) = resolve("fa_th_variants", &recs);

    let union = |i: usize, j: usize| -> Vec<Kind> {
        let mut ks: Vec<Kind> = kinds[i].iter().chain(&kinds[j]).copied().collect();
        ks.sort();
        ks.dedup();
        ks
    };
    let families = |ks: &[Kind]| -> Vec<Family> {
        let mut fs: Vec<Family> = ks.iter().map(|k| k.family()).collect();
        fs.dedup();
        fs
    };

    // Recall over the true pairs where at least one record has a family's (kind's)
    // perturbation; and over those where it is the only one.
    let pairs = true_pairs(&recs);
    let mut fam: BTreeMap<Family, Tally> = BTreeMap::new();
    let mut kind: BTreeMap<Kind, Tally> = BTreeMap::new();
    let mut clean = Tally::default();
    let mut lost: Vec<(usize, usize)> = Vec::new();
    for &(i, j) in &pairs {
        let (hit, hit_sample) = (predicted[i] == predicted[j], sample[i] == sample[j]);
        let ks = union(i, j);
        let fs = families(&ks);
        if ks.is_empty() {
            clean.add(hit, hit_sample, true);
        }
        for &k in &ks {
            kind.entry(k)
                .or_default()
                .add(hit, hit_sample, ks.len() == 1);
        }
        for &f in &fs {
            fam.entry(f)
                .or_default()
                .add(hit, hit_sample, fs.len() == 1);
        }
        if hit_sample && !hit {
            lost.push((i, j));
        }
    }
    // False pairs the variants made that the sample did not.
    let sample_false = false_pairs(&orig, &sample);
    let new_false: Vec<(usize, usize)> = false_pairs(&recs, &predicted)
        .into_iter()
        .filter(|p| !sample_false.contains(p))
        .collect();
    for &(i, j) in &new_false {
        let ks = union(i, j);
        for &k in &ks {
            kind.entry(k).or_default().new_false += 1;
        }
        for f in families(&ks) {
            fam.entry(f).or_default().new_false += 1;
        }
    }

    println!(
        "true pairs: {}; matched on the sample and lost on the variants: {}; \
         new false pairs: {} (of {} false pairs; {} on the sample)",
        pairs.len(),
        lost.len(),
        new_false.len(),
        false_pairs(&recs, &predicted).len(),
        sample_false.len()
    );
    println!(
        "  {:<16} {:>7}  {:<22} {:<8}  {:<20} {:<8}  {:>5}",
        "family / kind",
        "applied",
        "recall touching it",
        "sample",
        "recall it alone",
        "sample",
        "new FP"
    );
    clean.row("(no perturbation)", 0);
    for f in FAMILIES {
        let n: usize = per_kind
            .iter()
            .filter(|(k, _)| k.family() == f)
            .map(|(_, n)| n)
            .sum();
        fam.get(&f)
            .copied()
            .unwrap_or_default()
            .row(&format!("{f:?}"), n);
    }
    println!();
    for k in KINDS {
        let n = per_kind.get(&k).copied().unwrap_or_default();
        kind.get(&k)
            .copied()
            .unwrap_or_default()
            .row(&format!("{k:?}"), n);
    }

    // Pairs the sample matched and the variants lost, a few per family (those touching one
    // family only first), with the raw values of their perturbed fields and the other fields.
    println!("pairs matched on the sample, lost on the variants, examples:");
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    for single in [true, false] {
        for f in FAMILIES {
            let next = lost.iter().find(|&&(i, j)| {
                let fs = families(&union(i, j));
                !chosen.contains(&(i, j)) && fs.contains(&f) && (!single || fs.len() == 1)
            });
            if let Some(&p) = next {
                chosen.push(p);
            }
        }
    }
    for &(i, j) in chosen.iter().take(12) {
        print_pair(&orig, &recs, (i, j), &union(i, j), &[&kinds[i], &kinds[j]]);
    }
    println!(
        "pairs matched on the sample, lost on the variants with a single kind, up to 3 per kind:"
    );
    for k in KINDS {
        for &(i, j) in lost.iter().filter(|&&(i, j)| union(i, j) == [k]).take(3) {
            print_pair(&orig, &recs, (i, j), &[k], &[&kinds[i], &kinds[j]]);
        }
    }
    println!("new false pairs, examples:");
    for &(i, j) in new_false.iter().take(4) {
        print_pair(&orig, &recs, (i, j), &union(i, j), &[&kinds[i], &kinds[j]]);
    }
    println!("fa_th_variants: total {:.2?}", t0.elapsed());

    if e.pairwise.f1 < TARGET_F1 {
        println!(
            "BELOW TARGET: pairwise F1 {:.4} < {TARGET_F1} on the variants",
            e.pairwise.f1
        );
    }
    assert!(
        e.pairwise.f1 >= TARGET_F1,
        "fa_th_variants pairwise F1 {:.4} < the issue's target {TARGET_F1}",
        e.pairwise.f1
    );
    // Measured 0.9966; the sample gives 0.9995.
    assert!(
        e.pairwise.precision >= 0.99,
        "fa_th_variants pairwise precision {:.4}",
        e.pairwise.precision
    );
}

/// Latin spellings of table names (Persian → common Latin, Thai → RTGS) on half the eligible
/// records, against a control where those records stay in native script: what cross-script
/// matching adds to recall and whether it costs precision.
#[test]
#[ignore = "big data: run in release"]
fn fa_th_cross_script() {
    let Some(dir) = data_dir() else { return };
    let t0 = Instant::now();
    let control = load(&dir);
    let tables = Tables::new();
    let mut latin = vec![false; control.len()];
    let recs: Vec<Rec> = control
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut rng = Rng::for_record(&r.id, 0xC205_5C21);
            if tables.latin_eligible(r) && rng.chance(50) {
                let (v, done) = apply(r, &[Kind::NameLatin], &tables, &mut rng);
                latin[i] = !done.is_empty();
                v
            } else {
                r.clone()
            }
        })
        .collect();
    let n_latin = latin.iter().filter(|&&l| l).count();
    let n_ir = control
        .iter()
        .zip(&latin)
        .filter(|(r, &l)| l && r.ir)
        .count();
    println!(
        "cross-script: {n_latin} records with Latin names ({n_ir} Iranian, {} Thai)",
        n_latin - n_ir
    );

    let pairs = true_pairs(&control);
    // Mixed pairs (one record Latin, the other native) need cross-script matching; pairs of two
    // Latin records match in Latin.
    let mixed: Vec<(usize, usize)> = pairs
        .iter()
        .copied()
        .filter(|&(i, j)| latin[i] != latin[j])
        .collect();
    let both: Vec<(usize, usize)> = pairs
        .iter()
        .copied()
        .filter(|&(i, j)| latin[i] && latin[j])
        .collect();
    let mut figures = Vec::new();
    for (run, (name, set)) in [("native control", &control), ("latin variants", &recs)]
        .into_iter()
        .enumerate()
    {
        let (e, predicted, _) = resolve(name, set);
        let hits = |ps: &[(usize, usize)]| {
            ps.iter()
                .filter(|&&(i, j)| predicted[i] == predicted[j])
                .count()
        };
        let wrong: Vec<(usize, usize)> = false_pairs(set, &predicted)
            .into_iter()
            .filter(|&(i, j)| latin[i] || latin[j])
            .collect();
        println!(
            "  {name}: recall over the true pairs of the records spelt in Latin in the variants: \
             one Latin, one native {}; both Latin {}; false pairs touching them: {}",
            ratio(hits(&mixed), mixed.len()),
            ratio(hits(&both), both.len()),
            wrong.len()
        );
        if run == 1 {
            let lost: Vec<(usize, usize)> = mixed
                .iter()
                .copied()
                .filter(|&(i, j)| predicted[i] != predicted[j])
                .collect();
            println!("  one-Latin pairs missed ({}), examples:", lost.len());
            for &(i, j) in lost.iter().take(8) {
                let ki: &[Kind] = if latin[i] { &[Kind::NameLatin] } else { &[] };
                let kj: &[Kind] = if latin[j] { &[Kind::NameLatin] } else { &[] };
                print_pair(&control, set, (i, j), &[Kind::NameLatin], &[ki, kj]);
            }
            println!("  false pairs touching a Latin record:");
            for &(i, j) in wrong.iter().take(8) {
                let ki: &[Kind] = if latin[i] { &[Kind::NameLatin] } else { &[] };
                let kj: &[Kind] = if latin[j] { &[Kind::NameLatin] } else { &[] };
                print_pair(&control, set, (i, j), &[Kind::NameLatin], &[ki, kj]);
            }
        }
        figures.push((e, hits(&mixed), wrong.len()));
    }
    println!("fa_th_cross_script: total {:.2?}", t0.elapsed());
    let (ctl, lat) = (&figures[0], &figures[1]);
    // Floors a little below the figures measured when this test was written: one-Latin pairs
    // 153/204 (0.750; 187/204 on the native control), pairwise precision 0.9995 (0.9995).
    let mixed_recall = lat.1 as f64 / mixed.len().max(1) as f64;
    assert!(
        mixed_recall >= 0.72,
        "recall over one-Latin pairs {mixed_recall:.4}"
    );
    assert!(
        lat.0.pairwise.precision >= 0.999,
        "pairwise precision with Latin names {:.4} (control {:.4})",
        lat.0.pairwise.precision,
        ctl.0.pairwise.precision
    );
}

/// A record with only an id and a country.
fn bare_rec(ir: bool) -> Rec {
    Rec {
        id: "t-1".to_string(),
        source: "t".to_string(),
        entity: "e".to_string(),
        ir,
        given: None,
        family: None,
        email: None,
        phone: None,
        street: None,
        city: None,
        postcode: None,
        country: None,
        dob: None,
    }
}

/// The generator itself (no data needed): phone forms keep the number, calendar rewrites keep
/// the date, the tables read as meant.
#[test]
fn generator_keeps_values() {
    use PhoneForm::*;
    let mut rng = Rng::for_record("generator", 1);
    for (nsn, ir) in [
        ("9123456789", true),
        ("812345678", false),
        ("21234567", false),
    ] {
        for form in [Plus, DoubleZero, Bare, National] {
            for _ in 0..8 {
                let s = render_phone(nsn, ir, form, &mut rng);
                let native = native_digits(&s, pick_zero(ir, &mut rng));
                for v in [&s, &native] {
                    let got = phone_nsn(v, ir);
                    assert!(got == Some((nsn.to_string(), form)), "{v}");
                }
            }
        }
    }

    let t = Tables::new();
    let date = |ir: bool, dob: &str, k: Kind, seed: u64| {
        let mut r = bare_rec(ir);
        r.dob = Some(dob.to_string());
        let (out, done) = apply(&r, &[k], &t, &mut Rng(seed));
        assert_eq!(done, [k], "{dob}");
        out.dob.unwrap()
    };
    let iran = Date::new(1982, 12, 26).unwrap();
    let thai = Date::new(1985, 3, 3).unwrap();
    for seed in 0..16 {
        // 1982-12-26 is 5 Dey 1361; 3 March 1985 is BE 2528.
        let s = date(true, "1982-12-26", Kind::DateCalendar, seed);
        assert_eq!(parse_dob(&s, true), Some((iran, true)), "{s}");
        let s = date(true, "۱۳۶۱/۱۰/۰۵", Kind::DateCalendar, seed);
        assert_eq!(parse_dob(&s, true), Some((iran, false)), "{s}");
        let s = date(true, "1982-12-26", Kind::DateMonthName, seed);
        assert!(
            s.contains(" دی ") && s.ends_with("1361") && s.starts_with(['5', '0']),
            "{s}"
        );
        assert_eq!(
            date(true, "1361/10/5", Kind::DateTwoDigit, seed),
            "61/10/05"
        );
        let s = date(false, "1985-03-03", Kind::DateCalendar, seed);
        assert_eq!(parse_dob(&s, false), Some((thai, true)), "{s}");
        let s = date(false, "๐๓/๐๓/๒๕๒๘", Kind::DateCalendar, seed);
        assert_eq!(parse_dob(&s, false), Some((thai, false)), "{s}");
        let s = date(false, "1985-03-03", Kind::DateMonthName, seed);
        assert!(s.starts_with("3 ") && s.ends_with("2528"), "{s}");
        assert!(s.contains("มี.ค.") || s.contains("มีนาคม"), "{s}");
        assert_eq!(
            date(false, "03/03/2528", Kind::DateTwoDigit, seed),
            "03/03/28"
        );
    }

    assert!(t.persian[&name_key("محمد")].contains(&"mohammad".to_string()));
    assert!(t.persian[&name_key("علي رضا")].contains(&"alireza".to_string()));
    assert!(t.persian[&name_key("فاطمه")].contains(&"fatima".to_string()));
    assert!(t.thai[&name_key("สมชาย")].contains(&"somchai".to_string()));
    let mut r = bare_rec(true);
    r.given = Some("علي".to_string());
    r.family = Some("حسن‌زاده".to_string());
    assert!(t.latin_eligible(&r));
    assert_eq!(
        swap_abbreviations("45 หมู่ 57 ถนนอัตตนาถ", false),
        "45 ม. 57 ถ.อัตตนาถ"
    );
    assert_eq!(swap_abbreviations("0 ซ.ทีฆะ", false), "0 ซอยทีฆะ");
    assert_eq!(swap_abbreviations("12 سارا کوچه", true), "12 سارا ک.");
    assert_eq!(reglue("45 หมู่ 57 ถนนอัตตนาถ"), "45 หมู่57 ถนนอัตตนาถ");
    assert_eq!(reglue("8 ถนนเตมิยะเดช"), "8 ถนน เตมิยะเดช");
}
