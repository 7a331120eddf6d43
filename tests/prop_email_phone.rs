//! Property tests for the email and phone normalizers, through the public API.
use std::time::{Duration, Instant};

use proptest::prelude::*;
use selfsame::normalize::email::normalize_email;
use selfsame::normalize::phone::{self, normalize_phone};
use unicode_normalization::UnicodeNormalization;

const REGIONS: &[&str] = &[
    "US", "CA", "GB", "DE", "FR", "IN", "AU", "ES", "IT", "BR", "MX", "JP", "gb", "XX", "", "USA",
];

fn any_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..max).prop_map(String::from_iter)
}

fn email_like() -> impl Strategy<Value = String> {
    let local = "[A-Za-z0-9._+'-]{1,20}|[a-zA-ZéÉüÜñçøß.+]{1,12}";
    let domain = prop_oneof![
        Just("gmail.com".to_string()),
        Just("GoogleMail.com".to_string()),
        Just("outlook.com".to_string()),
        Just("icloud.com".to_string()),
        Just("yahoo.com".to_string()),
        "[A-Za-z0-9-]{1,12}(\\.[A-Za-z]{2,6}){1,2}",
        "[a-zäöüéİı-]{1,8}\\.[a-z]{2,3}",
    ];
    (local, domain, "[ \t]{0,2}", "[ \t]{0,2}")
        .prop_map(|(l, d, pre, post)| format!("{pre}{l}@{d}{post}"))
}

fn phone_like() -> impl Strategy<Value = String> {
    "(\\+|00|011)?[0-9 ().\\-]{4,22}( (x|ext\\.?) ?[0-9]{1,5})?"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn email_never_panics(s in any_text(10_000)) {
        let _ = normalize_email(&s);
    }

    #[test]
    fn email_never_panics_short(s in any_text(80)) {
        let _ = normalize_email(&s);
    }

    #[test]
    fn email_is_idempotent(s in email_like()) {
        if let Ok(e) = normalize_email(&s) {
            let again = normalize_email(e.canonical()).expect("canonical form is valid");
            prop_assert_eq!(again.canonical(), e.canonical());
            let sent = normalize_email(e.address()).expect("address form is valid");
            prop_assert_eq!(sent.address(), e.address());
            prop_assert_eq!(sent.canonical(), e.canonical());
            prop_assert_eq!(format!("{}@{}", e.local(), e.domain()), e.canonical());
        }
    }

    #[test]
    fn email_nfc_nfd_equivalent(s in email_like()) {
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        let a = normalize_email(&nfc);
        let b = normalize_email(&nfd);
        prop_assert_eq!(a.is_ok(), b.is_ok());
        if let (Ok(a), Ok(b)) = (a, b) {
            prop_assert_eq!(a.canonical(), b.canonical());
            prop_assert_eq!(a.address(), b.address());
        }
    }

    #[test]
    fn email_errors_never_contain_input(s in any_text(40)) {
        if let Err(e) = normalize_email(&s) {
            let msg = e.to_string();
            prop_assert!(msg.starts_with("email"));
            let t = s.trim();
            prop_assert!(t.len() < 3 || !msg.contains(t));
        }
    }

    #[test]
    fn phone_never_panics(s in any_text(10_000), r in proptest::sample::select(REGIONS)) {
        let _ = normalize_phone(&s, r);
    }

    #[test]
    fn phone_never_panics_short(s in any_text(40), r in proptest::sample::select(REGIONS)) {
        let _ = normalize_phone(&s, r);
    }

    #[test]
    fn phone_is_idempotent(s in phone_like(), r in proptest::sample::select(REGIONS)) {
        if let Ok(p) = normalize_phone(&s, r) {
            prop_assert!(p.e164.starts_with('+'));
            prop_assert!(p.e164.len() <= 16);
            // E.164 needs no region, and re-reading it gives the same number.
            for region in ["US", "GB", "XX"] {
                let again = normalize_phone(&p.e164, region).expect("E.164 output is valid");
                prop_assert_eq!(&again.e164, &p.e164);
                prop_assert_eq!(again.country_code, p.country_code);
                prop_assert_eq!(again.national_number, p.national_number);
                prop_assert_eq!(again.extension, None);
            }
            if p.extension.is_none() {
                prop_assert_eq!(normalize_phone(&p.e164, r).expect("valid"), p);
            }
        }
    }
}

#[test]
fn huge_inputs_return_quickly() {
    let mb = 1 << 20;
    let inputs = [
        "a".repeat(mb),
        format!("{}@example.com", "a".repeat(mb)),
        "1".repeat(mb),
        " ".repeat(mb),
        format!("+1 470 969 7226{}", " ".repeat(mb)),
        "é@".repeat(mb / 3),
    ];
    for s in &inputs {
        let start = Instant::now();
        assert!(normalize_email(s).is_err());
        let _ = normalize_phone(s, "US");
        assert!(start.elapsed() < Duration::from_secs(1));
    }
}

/// North-American-shaped numbers: digits with separators, prefixes and parentheses in random
/// places, so the fast path's every accepting branch (and many rejecting ones) is exercised.
fn nanp_shaped() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::char::range('0', '9').prop_map(String::from),
        1 => Just(" ".to_string()),
        1 => Just("-".to_string()),
        1 => Just(".".to_string()),
        1 => Just("(".to_string()),
        1 => Just(")".to_string()),
    ];
    (
        prop_oneof![
            Just(""),
            Just("+"),
            Just("1"),
            Just("+1 "),
            Just("1-"),
            Just("+1("),
            Just("(")
        ],
        proptest::collection::vec(piece, 8..16),
        prop_oneof![Just(""), Just(" "), Just(")"), Just(" x12")],
    )
        .prop_map(|(pre, mid, post)| format!("{pre}{}{post}", mid.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The fast path for North American numbers answers exactly as libphonenumber's parser does.
    #[test]
    fn fast_path_equals_library(s in nanp_shaped(), region in prop_oneof![Just("US"), Just("CA"), Just("GB")]) {
        prop_assert_eq!(
            phone::normalize_phone(&s, region),
            phone::normalize_phone_without_fast_path(&s, region),
            "input {:?}", s
        );
    }

    /// Valid ten-digit numbers in every common separator style.
    #[test]
    fn fast_path_equals_library_on_valid_numbers(
        area in 201u32..990, exchange in 200u32..999, line in 0u32..10_000,
        style in 0usize..8,
    ) {
        let s = match style {
            0 => format!("{area}{exchange}{line:04}"),
            1 => format!("({area}) {exchange}-{line:04}"),
            2 => format!("{area}.{exchange}.{line:04}"),
            3 => format!("{area}-{exchange}-{line:04}"),
            4 => format!("1-{area}-{exchange}-{line:04}"),
            5 => format!("+1 {area} {exchange} {line:04}"),
            6 => format!("+1{area}{exchange}{line:04}"),
            _ => format!("1 ({area}) {exchange} {line:04}"),
        };
        prop_assert_eq!(
            phone::normalize_phone(&s, "US"),
            phone::normalize_phone_without_fast_path(&s, "US"),
            "input {:?}", s
        );
    }
}

/// The phone keys a profile with one phone number gets under the default configuration.
fn profile_phone_keys(raw: &str) -> Vec<u64> {
    use selfsame::normalize::{normalize_profile, NormalizeConfig};
    let p = selfsame::Profile::new("s", "1").with_phone(raw);
    normalize_profile(&p, &NormalizeConfig::default())
        .phones
        .iter()
        .map(|k| k.e164)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A North American number, assigned or not, gives one key whichever way it is written, and
    /// its E.164 form gives that key again; a placeholder gives none in any shape.
    #[test]
    fn nanp_numbers_key_alike_in_every_shape(area in 100u32..1000, exchange in 0u32..1000, line in 0u32..10_000) {
        let (a, e, l) = (format!("{area:03}"), format!("{exchange:03}"), format!("{line:04}"));
        let shapes = [
            format!("({a}) {e}-{l}"),
            format!("{a}.{e}.{l}"),
            format!("1-{a}-{e}-{l}"),
            format!("+1 {a} {e} {l}"),
            format!("{a}{e}{l}"),
        ];
        let keys: Vec<Vec<u64>> = shapes.iter().map(|s| profile_phone_keys(s)).collect();
        for k in &keys[1..] {
            prop_assert_eq!(k, &keys[0]);
        }
        if let [key] = keys[0].as_slice() {
            prop_assert_eq!(profile_phone_keys(&format!("+{key}")), vec![*key]);
            prop_assert_eq!(key / 10_000_000_000, 1);
        } else {
            prop_assert!(keys[0].is_empty());
        }
        // NANP area codes never start with 0 or 1 (exchanges may, in some countries' metadata:
        // `809 000 0000` is a valid Dominican number for libphonenumber).
        if area < 200 {
            prop_assert!(keys[0].is_empty());
        }
    }
}
