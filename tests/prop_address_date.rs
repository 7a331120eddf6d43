//! Property tests for the address and date normalizers: no panics on arbitrary input, bounded
//! time, idempotence, Unicode-form invariance, and date round-trips.

use proptest::prelude::*;
use selfsame::normalize::address::{normalize_address, standardize_street, Address};
use selfsame::normalize::date::{
    parse_date, parse_timestamp, Date, DateConfig, DateOrder, PLACEHOLDER_DATES,
};
use selfsame::PostalAddress;
use unicode_normalization::UnicodeNormalization;

/// Words that exercise the street, unit and directional rules.
const VOCAB: &[&str] = &[
    "12",
    "4b",
    "12-14",
    "1/2",
    "4/12",
    "#",
    "#4",
    "apt",
    "apartment",
    "unit",
    "suite",
    "ste",
    "rear",
    "front",
    "key",
    "lot",
    "n",
    "north",
    "e",
    "east",
    "ne",
    "sw",
    "west",
    "south",
    "main",
    "st",
    "street",
    "saint",
    "mount",
    "first",
    "ave",
    "court",
    "route",
    "box",
    "p",
    "o",
    "post",
    "office",
    "b",
    "x",
    "stravenue",
    "track",
    "road",
    "flat",
    "3",
];

fn vocab_line() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), 0..8).prop_map(|w| w.join(" "))
}

fn part() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![".{0,40}", vocab_line(), "[0-9A-Za-z #-]{0,12}",])
}

fn address() -> impl Strategy<Value = PostalAddress> {
    (part(), part(), part(), part(), part(), part()).prop_map(
        |(street, unit, city, region, postcode, country)| PostalAddress {
            street,
            unit,
            city,
            region,
            postcode,
            country,
        },
    )
}

/// An address rebuilt from a normalized one, as a source might store it.
fn rebuild(a: &Address) -> PostalAddress {
    let street = match (&a.house_number, &a.street) {
        (Some(h), Some(s)) => Some(format!("{h} {s}")),
        (h, s) => h.clone().or_else(|| s.clone()),
    };
    PostalAddress {
        street,
        unit: a.unit.clone(),
        city: a.city.clone(),
        region: a.region.clone(),
        // A ZIP+4 is stored whole (`02139-4307`), as it was read.
        postcode: match (&a.postcode, &a.postcode_ext) {
            (Some(p), Some(e)) => Some(format!("{p}-{e}")),
            (p, _) => p.clone(),
        },
        country: a.country.clone(),
    }
}

/// Street lines that start with a unit word and have no house number (shapes the property
/// below found) read the same once written back from their normalized parts.
#[test]
fn unit_first_streets_read_the_same_written_back() {
    for street in [
        "apt first #4 apt",
        "unit 12 # 12 12",
        "apt b # 12 12",
        "#STE A",
        "flat first # 12 12",
        "apt p flat first 12",
    ] {
        let a = PostalAddress::new().with_street(street);
        let n = normalize_address(&a, None).expect("not empty");
        let again = normalize_address(&rebuild(&n), None).expect("not empty");
        assert_eq!(again.key(), n.key(), "{street}");
    }
}

/// Streets that still hold a unit word, a number or a lone letter once standardized (a spelled
/// directional after a unit word becoming a letter, a suffix abbreviated, a unit taken out
/// before another number) read the same written back from their normalized parts: the shapes
/// the rebuilt-address property found, written as a source might.
#[test]
fn streets_that_read_otherwise_written_back_settle() {
    for (street, unit) in [
        ("12 Main St Apt North", None),
        ("40 Elm St Suite West", None),
        ("7 Oak Stravenue Ste East", None),
        ("9 Lake Stravenue Apartment", Some("C")),
        ("N 3 N 3 St", None),
        ("0-AA 0A 0", None),
        ("6 Helm 2B-4", None),
        ("1st Saint 4B 12-14", None),
        ("15 Birch Court Apt Flat", Some("2")),
        ("22 Pine Rd", Some("Rm3 D")),
        ("22 Pine Rd", Some("RM3")),
    ] {
        let mut a = PostalAddress::new().with_street(street);
        a.unit = unit.map(str::to_string);
        let n = normalize_address(&a, None).expect("not empty");
        let again = normalize_address(&rebuild(&n), None).expect("not empty");
        assert_eq!(again.key(), n.key(), "{street} / {unit:?}");
        assert_eq!(again, n, "{street} / {unit:?}");
    }
    // The settled reading keeps what the street says: a letter after a unit word is the unit.
    let n = normalize_address(
        &PostalAddress::new().with_street("12 Main St Apt North"),
        None,
    )
    .expect("not empty");
    assert_eq!(n.key(), "12|main st|n|");
    let rm = |u: &str| {
        normalize_address(
            &PostalAddress::new().with_street("22 Pine Rd").with_unit(u),
            None,
        )
        .expect("not empty")
        .unit
    };
    assert_eq!(rm("Rm3 D").as_deref(), Some("3d"));
    assert_eq!(rm("Room 3D").as_deref(), Some("3d"));
}

/// Real dates that are not placeholders (`1900-01-01` and the like parse as
/// `DateError::Placeholder` by design; `every_valid_date_round_trips` covers them with the
/// rejection off).
fn valid_date() -> impl Strategy<Value = Date> {
    (1800u16..=2200, 1u8..=12, 1u8..=31)
        .prop_filter_map("no such day", |(y, m, d)| Date::new(y, m, d).ok())
        .prop_filter("placeholder", |d| !PLACEHOLDER_DATES.contains(d))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn address_never_panics(a in address(), default in prop::option::of(".{0,4}")) {
        let _ = normalize_address(&a, default.as_deref());
    }

    #[test]
    fn address_never_panics_on_long_parts(s in ".{0,10000}") {
        let a = PostalAddress::new().with_street(s.clone()).with_unit(s.clone()).with_postcode(s.clone());
        let _ = normalize_address(&a, None);
        let _ = standardize_street(&s);
    }

    #[test]
    fn address_rebuilt_from_normalized_has_same_key(a in address()) {
        if let Ok(n) = normalize_address(&a, None) {
            let again = normalize_address(&rebuild(&n), None).expect("rebuilt address is not empty");
            let show = |p: &PostalAddress| format!("{:?}", (&p.street, &p.unit, &p.city, &p.region, &p.postcode, &p.country));
            prop_assert_eq!(again.key(), n.key(), "input {}", show(&a));
            prop_assert_eq!(again, n);
        }
    }

    #[test]
    fn street_standardization_is_idempotent(s in prop_oneof![".{0,60}", vocab_line()]) {
        let once = standardize_street(&s);
        prop_assert_eq!(standardize_street(&once), once);
    }

    #[test]
    fn address_ignores_unicode_form(a in address()) {
        let map = |f: fn(&str) -> String| PostalAddress {
            street: a.street.as_deref().map(f),
            unit: a.unit.as_deref().map(f),
            city: a.city.as_deref().map(f),
            region: a.region.as_deref().map(f),
            postcode: a.postcode.as_deref().map(f),
            country: a.country.as_deref().map(f),
        };
        let nfc = normalize_address(&map(|s| s.nfc().collect()), None);
        let nfd = normalize_address(&map(|s| s.nfd().collect()), None);
        prop_assert_eq!(nfc, nfd);
    }

    #[test]
    fn date_never_panics(s in ".{0,10000}", day_first: bool, pivot: u8) {
        let order = if day_first { DateOrder::DayFirst } else { DateOrder::MonthFirst };
        let _ = parse_date(&s, &DateConfig { order, two_digit_pivot: pivot, ..DateConfig::default() });
        let _ = parse_timestamp(&s);
    }

    #[test]
    fn date_never_panics_on_date_like_text(s in "[0-9A-Za-z /.,:+TZ-]{0,40}") {
        let _ = parse_date(&s, &DateConfig::default());
        let _ = parse_timestamp(&s);
    }

    #[test]
    fn date_display_round_trips(d in valid_date(), day_first: bool) {
        let order = if day_first { DateOrder::DayFirst } else { DateOrder::MonthFirst };
        let cfg = DateConfig { order, ..DateConfig::default() };
        prop_assert_eq!(parse_date(&d.to_string(), &cfg), Ok(d));
        let compact = format!("{:04}{:02}{:02}", d.year, d.month, d.day);
        prop_assert_eq!(parse_date(&compact, &cfg), Ok(d));
        let ts = parse_timestamp(&d.to_string()).unwrap();
        prop_assert_eq!(ts, d.days_since_epoch() * 86_400);
    }

    #[test]
    fn numeric_dates_follow_the_order(d in valid_date()) {
        let us = format!("{}/{}/{}", d.month, d.day, d.year);
        let eu = format!("{}.{}.{}", d.day, d.month, d.year);
        let mf = DateConfig::default();
        let df = DateConfig { order: DateOrder::DayFirst, ..mf };
        prop_assert_eq!(parse_date(&us, &mf), Ok(d));
        prop_assert_eq!(parse_date(&eu, &mf), Ok(d));
        prop_assert_eq!(parse_date(&format!("{}/{}/{}", d.day, d.month, d.year), &df), Ok(d));
    }
}

#[test]
fn every_valid_date_round_trips() {
    let cfg = DateConfig::default().with_reject_placeholders(false);
    let mut prev: Option<Date> = None;
    for y in 1800..=2200u16 {
        for m in 1..=12u8 {
            for day in 1..=31u8 {
                let Ok(d) = Date::new(y, m, day) else {
                    continue;
                };
                assert_eq!(parse_date(&d.to_string(), &cfg), Ok(d));
                if let Some(p) = prev {
                    assert!(p < d);
                    assert_eq!(d.days_since_epoch(), p.days_since_epoch() + 1);
                }
                prev = Some(d);
            }
        }
    }
}

#[test]
fn megabyte_inputs_return() {
    let big = "12 Main St #4 ".repeat(75_000);
    let started = std::time::Instant::now();
    let a = PostalAddress::new()
        .with_street(big.clone())
        .with_postcode(big.clone());
    assert!(normalize_address(&a, None).is_err());
    let _ = standardize_street(&big[..100_000]);
    assert!(parse_date(&big, &DateConfig::default()).is_err());
    assert!(parse_timestamp(&big).is_err());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// A PO box right after a house number is the street line itself, not a box after a street
/// address: the rebuilt line (`1st po box 12`) keeps its key.
#[test]
fn po_box_after_a_house_number_rebuilds_to_the_same_key() {
    for street in [
        "first box 12",
        "1st po box 12",
        "12 p o box 7",
        "3 post office box 9",
    ] {
        let a = PostalAddress::new().with_street(street);
        let n = normalize_address(&a, None).unwrap();
        let again = normalize_address(&rebuild(&n), None).unwrap();
        assert_eq!(again.key(), n.key(), "{street}");
        assert!(n.key().contains("box"), "{street}: {}", n.key());
    }
}
