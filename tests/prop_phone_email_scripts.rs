//! Property tests for phone numbers and email addresses written in other scripts, with labels
//! and with invisible characters: the variants must read exactly as the plain ASCII form.
use proptest::prelude::*;
use selfsame::normalize::email::normalize_email;
use selfsame::normalize::phone::{self, normalize_phone};
use unicode_normalization::char::is_combining_mark;

/// Valid numbers in many national and international forms, with the region they are read in.
const NUMBERS: &[(&str, &str)] = &[
    ("0913 547 0820", "IR"),
    ("09135470820", "IR"),
    ("+98 913 547 0820", "US"),
    ("+98 919 138 5327", "IR"),
    ("00989363827030", "IR"),
    ("989128729047", "IR"),
    ("021 8888 1234", "IR"),
    ("031 3299 8642", "IR"),
    ("097 1364237", "TH"),
    ("098-059-8362", "TH"),
    ("66999325063", "TH"),
    ("02-123-4567", "TH"),
    ("+66 2 123 4567", "US"),
    ("009 98 936 382 7030", "TH"),
    ("(470) 969-7226", "US"),
    ("470.969.7226", "US"),
    ("4709697226", "US"),
    ("+1 470 969 7226", "GB"),
    ("1-470-969-7226", "US"),
    ("020 7946 0018", "GB"),
    ("+44 (0)20 7946 0018", "US"),
    ("030 12345678", "DE"),
    ("06.12.34.56.78", "FR"),
    ("+7 495 123-45-67", "US"),
    ("03-1234-5678", "JP"),
    ("+91 98765 43210", "US"),
];

/// Valid numbers with an extension.
const WITH_EXTENSION: &[(&str, &str)] = &[
    ("470-969-7226 ext. 12", "US"),
    ("470-969-7226 x12", "US"),
    ("+1-470-969-7226;ext=12", "US"),
    ("02-123-4567 ต่อ 12", "TH"),
    ("+7 495 123-45-67 доб. 123", "RU"),
    ("021 8888 1234 داخلی 12", "IR"),
    ("(11) 3456-7890 ramal 12", "BR"),
    ("03-1234-5678 内線 12", "JP"),
];

/// Labels written before a number.
const LABELS: &[&str] = &[
    "موبایل",
    "تلفن",
    "همراه",
    "تلفن\u{200C}همراه",
    "شماره تماس",
    "มือถือ",
    "โทร.",
    "โทรศัพท์",
    "Mobile",
    "Tel",
    "Tel.",
    "TEL",
    "Phone",
    "Cel.",
    "Cell",
    "Mob",
    "Tél.",
    "Handy",
    "Тел.",
    "M",
    "T",
    "H",
    "W",
    "O",
    "Home",
    "Work",
    "Fax",
    "Mobile phone",
];

/// What separates a label from the number.
const SEPARATORS: &[&str] = &[
    " ",
    ": ",
    ":",
    " : ",
    ". ",
    " - ",
    "-",
    ".: ",
    ":\u{A0}",
    "\u{200F}: ",
];

/// Labels written after a number.
const TRAILING_LABELS: &[&str] = &[
    " (mobile)",
    " (cell)",
    " موبایل",
    " (همراه)",
    " (มือถือ)",
    ", home",
];

/// Format characters people and software leave in text.
const FORMAT_CHARS: &[char] = &[
    '\u{AD}', '\u{61C}', '\u{180E}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}',
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2060}', '\u{2066}', '\u{2067}',
    '\u{2068}', '\u{2069}', '\u{FEFF}',
];

/// Unicode space separators other than the ASCII space.
const SPACES: &[char] = &[
    '\u{A0}', '\u{1680}', '\u{2000}', '\u{2002}', '\u{2003}', '\u{2007}', '\u{2009}', '\u{200A}',
    '\u{202F}', '\u{205F}', '\u{3000}',
];

/// The digit zero of some scripts: Arabic-Indic, Persian, N'Ko, Devanagari, Bengali, Gurmukhi,
/// Tamil, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, full-width, mathematical bold.
const ZEROS: &[char] = &[
    '\u{660}',
    '\u{6F0}',
    '\u{7C0}',
    '\u{966}',
    '\u{9E6}',
    '\u{A66}',
    '\u{BE6}',
    '\u{E50}',
    '\u{ED0}',
    '\u{F20}',
    '\u{1040}',
    '\u{17E0}',
    '\u{1810}',
    '\u{FF10}',
    '\u{1D7CE}',
];

fn number() -> impl Strategy<Value = (&'static str, &'static str)> {
    proptest::sample::select(NUMBERS)
}

fn any_number() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        3 => proptest::sample::select(NUMBERS),
        1 => proptest::sample::select(WITH_EXTENSION),
    ]
}

fn is_wordy(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// `s` with `c` inserted before its `at % (chars + 1)`-th character.
fn insert(s: &str, at: usize, c: char) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let at = at % (chars.len() + 1);
    chars.insert(at, c);
    chars.into_iter().collect()
}

/// Whether inserting at that place would split a word (an extension label).
fn splits_word(s: &str, at: usize) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let at = at % (chars.len() + 1);
    let before = at.checked_sub(1).and_then(|i| chars.get(i));
    let after = chars.get(at);
    matches!((before, after), (Some(&a), Some(&b)) if is_wordy(a) && is_wordy(b))
}

/// `s` with each ASCII digit `i` replaced, when `mask` bit `i % 64` is set, by the same digit
/// of the script whose zero is `zero`.
fn with_digits(s: &str, zero: char, mask: u64) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| match c.to_digit(10) {
            Some(d) if c.is_ascii() && mask & (1 << (i % 64)) != 0 => {
                char::from_u32(u32::from(zero) + d).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// `s` with every printable ASCII character written full-width.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Text made of the characters these normalizers care about, to reach their less common
/// branches: digits of several scripts, letters, labels, separators, format characters.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::char::range('0', '9').prop_map(String::from),
        2 => proptest::sample::select(ZEROS).prop_flat_map(|z| (0u32..10).prop_map(move |d| {
            char::from_u32(u32::from(z) + d).map(String::from).unwrap_or_default()
        })),
        1 => proptest::sample::select(FORMAT_CHARS).prop_map(String::from),
        1 => proptest::sample::select(SPACES).prop_map(String::from),
        1 => proptest::sample::select(LABELS).prop_map(String::from),
        1 => proptest::sample::select(&[
            " ", "-", ".", "(", ")", "+", "＋", ":", "#", "x", "ext", "доб", "ต่อ", "@", "ｘ",
            "\u{301}", "\u{E48}", "•", "☎", ";ext=", "/", ",", "\u{2013}", "a",
        ][..]).prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

fn email() -> impl Strategy<Value = String> {
    let local = "[a-z0-9]{1,10}(\\.[a-z0-9]{1,6})?(\\+[a-z0-9]{1,5})?";
    let domain = prop_oneof![
        Just("gmail.com".to_string()),
        Just("yahoo.com".to_string()),
        Just("outlook.com".to_string()),
        "[a-z0-9]{1,10}\\.(ir|co\\.th|com)",
    ];
    (local, domain).prop_map(|(l, d)| format!("{l}@{d}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// A format character anywhere changes nothing.
    #[test]
    fn phone_format_character_anywhere((s, r) in any_number(), at in any::<usize>(),
                                       c in proptest::sample::select(FORMAT_CHARS)) {
        let variant = insert(s, at, c);
        prop_assert_eq!(normalize_phone(&variant, r), normalize_phone(s, r), "{:?}", variant);
    }

    /// A Unicode space between characters (not inside a word) reads as an ASCII space.
    #[test]
    fn phone_unicode_space_is_a_space((s, r) in any_number(), at in any::<usize>(),
                                      c in proptest::sample::select(SPACES)) {
        prop_assume!(!splits_word(s, at));
        let variant = insert(s, at, c);
        let ascii = insert(s, at, ' ');
        prop_assert_eq!(normalize_phone(&variant, r), normalize_phone(&ascii, r), "{:?}", variant);
    }

    /// Inserting a Unicode space between digits of a valid number leaves it the same number.
    #[test]
    fn phone_unicode_space_between_digits((s, r) in number(), at in any::<usize>(),
                                          c in proptest::sample::select(SPACES)) {
        let chars: Vec<char> = s.chars().collect();
        let at = at % (chars.len() + 1);
        let digit = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(char::is_ascii_digit);
        prop_assume!(digit(at.checked_sub(1)) && digit(Some(at)));
        let variant = insert(s, at, c);
        let want = normalize_phone(s, r).expect("the sample numbers are valid");
        prop_assert_eq!(normalize_phone(&variant, r), Ok(want), "{:?}", variant);
    }

    /// Digits of any script read as the ASCII digits, in whole or in part.
    #[test]
    fn phone_digits_of_any_script((s, r) in any_number(), zero in proptest::sample::select(ZEROS),
                                  mask in any::<u64>()) {
        let all = with_digits(s, zero, u64::MAX);
        let some = with_digits(s, zero, mask);
        let want = normalize_phone(s, r);
        prop_assert!(want.is_ok());
        prop_assert_eq!(normalize_phone(&all, r), want.clone(), "{:?}", all);
        prop_assert_eq!(normalize_phone(&some, r), want, "{:?}", some);
    }

    /// Full-width forms read as ASCII.
    #[test]
    fn phone_full_width((s, r) in number()) {
        let fw = full_width(s);
        prop_assert_eq!(normalize_phone(&fw, r), normalize_phone(s, r), "{:?}", fw);
    }

    /// Any label and separator before a valid number, or a label after it, gives that number.
    #[test]
    fn phone_labels((s, r) in any_number(), label in proptest::sample::select(LABELS),
                    sep in proptest::sample::select(SEPARATORS),
                    trailing in proptest::sample::select(TRAILING_LABELS),
                    zero in proptest::sample::select(ZEROS), digits in any::<bool>()) {
        let number = if digits { with_digits(s, zero, u64::MAX) } else { s.to_string() };
        let want = normalize_phone(s, r);
        prop_assert!(want.is_ok());
        let before = format!("{label}{sep}{number}");
        prop_assert_eq!(normalize_phone(&before, r), want.clone(), "{:?}", before);
        let lowered = before.to_lowercase();
        prop_assert_eq!(normalize_phone(&lowered, r), want.clone(), "{:?}", lowered);
        if !WITH_EXTENSION.iter().any(|(x, _)| *x == s) {
            let after = format!("{number}{trailing}");
            prop_assert_eq!(normalize_phone(&after, r), want.clone(), "{:?}", after);
            let both = format!("{label}{sep}{number}{trailing}");
            prop_assert_eq!(normalize_phone(&both, r), want, "{:?}", both);
        }
    }

    /// A word inside the number that is not an extension label is never skipped.
    #[test]
    fn phone_inner_words_rejected((s, r) in number(), at in any::<usize>(),
                                  word in proptest::sample::select(&["FLOWERS", "call", "or", "موبایل", "มือถือ"][..])) {
        let chars: Vec<char> = s.chars().collect();
        let at = at % (chars.len() + 1);
        let digit = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(|c| c.is_ascii_digit());
        // Strictly between two digits: after the first and before the last.
        let first = chars.iter().position(char::is_ascii_digit);
        let last = chars.iter().rposition(char::is_ascii_digit);
        prop_assume!(first.is_some_and(|f| f < at) && last.is_some_and(|l| at <= l) && digit(Some(at)));
        let mut variant: String = chars[..at].iter().collect();
        variant.push(' ');
        variant.push_str(word);
        variant.push(' ');
        variant.extend(&chars[at..]);
        prop_assert_eq!(normalize_phone(&variant, r), Err(phone::PhoneError::Letters), "{:?}", variant);
    }

    /// The NANP fast path and the library path agree on folded input too.
    #[test]
    fn phone_fast_path_equals_library_on_scripts(s in tricky_text(),
                                                 r in proptest::sample::select(&["US", "CA", "IR", "TH"][..])) {
        prop_assert_eq!(normalize_phone(&s, r), phone::normalize_phone_without_fast_path(&s, r), "{:?}", s);
    }

    #[test]
    fn phone_never_panics_on_tricky_text(s in tricky_text(),
                                         r in proptest::sample::select(&["US", "IR", "TH", "XX", ""][..])) {
        if let Ok(p) = normalize_phone(&s, r) {
            prop_assert!(p.e164.starts_with('+') && p.e164.len() <= 16);
            prop_assert!(p.e164[1..].bytes().all(|b| b.is_ascii_digit()));
            prop_assert!(p.extension.iter().all(|x| x.bytes().all(|b| b.is_ascii_digit())));
        }
    }

    #[test]
    fn phone_never_panics(s in proptest::collection::vec(any::<char>(), 0..300).prop_map(String::from_iter),
                          r in proptest::sample::select(&["US", "IR", "TH", "XX"][..])) {
        let _ = normalize_phone(&s, r);
    }

    #[test]
    fn country_code_round_trip((s, r) in number()) {
        let p = normalize_phone(s, r).expect("the sample numbers are valid");
        let region = phone::region_for_country_code(p.country_code).expect("geographic");
        // The number's own region reads its E.164 form, and its national digits with a `+cc`.
        prop_assert_eq!(normalize_phone(&p.e164, region), Ok(p.clone()));
    }

    /// Format characters anywhere in an address change nothing.
    #[test]
    fn email_format_character_anywhere(e in email(), at in any::<usize>(),
                                       c in proptest::sample::select(FORMAT_CHARS)) {
        let variant = insert(&e, at, c);
        let want = normalize_email(&e).expect("generated addresses are valid");
        let got = normalize_email(&variant);
        prop_assert_eq!(got.as_ref().map(|x| x.canonical()), Ok(want.canonical()), "{:?}", variant);
        prop_assert_eq!(got.as_ref().map(|x| x.address()), Ok(want.address()));
    }

    /// Digits of any script and full-width forms fold to ASCII.
    #[test]
    fn email_digits_and_full_width(e in email(), zero in proptest::sample::select(ZEROS),
                                   mask in any::<u64>(), wide in any::<bool>()) {
        let want = normalize_email(&e).expect("generated addresses are valid");
        let mut variant = with_digits(&e, zero, mask);
        if wide {
            variant = full_width(&variant);
        }
        let got = normalize_email(&variant);
        prop_assert_eq!(got.as_ref().map(|x| x.canonical()), Ok(want.canonical()), "{:?}", variant);
        prop_assert_eq!(got.as_ref().map(|x| x.address()), Ok(want.address()));
    }

    /// Surrounding Unicode spaces and bidi marks are trimmed.
    #[test]
    fn email_surrounding_marks(e in email(), pre in proptest::sample::select(SPACES),
                               post in proptest::sample::select(FORMAT_CHARS)) {
        let variant = format!("{pre}{post}{e}{post}{pre}");
        let want = normalize_email(&e).expect("generated addresses are valid");
        prop_assert_eq!(normalize_email(&variant).map(|x| x.canonical().to_string()), Ok(want.canonical().to_string()));
    }

    #[test]
    fn email_never_panics_on_tricky_text(s in tricky_text(), e in email(), at in any::<usize>()) {
        let _ = normalize_email(&s);
        let mixed = insert(&e, at, s.chars().next().unwrap_or('@'));
        if let Ok(x) = normalize_email(&mixed) {
            let invisible = |c: char| c.is_whitespace() || ('\u{200B}'..='\u{200F}').contains(&c);
            prop_assert!(x.canonical().contains('@'));
            prop_assert!(!x.canonical().chars().any(invisible));
        }
    }
}
