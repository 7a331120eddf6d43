//! Street lines and units as people write them (issue 12, item 2): units in every common form,
//! multi-part units kept distinct, house-number letters, spelled-out and building-first forms,
//! numbered roads, PO boxes and rural routes, and non-US street forms. The property tests hold
//! the one rule that matters most: **different units never share a key**.

use proptest::prelude::*;
use selfsame::normalize::address::{normalize_address, Address};
use selfsame::PostalAddress;

fn norm(street: &str, unit: &str, country: &str) -> Address {
    let mut a = PostalAddress::new().with_street(street);
    if !unit.is_empty() {
        a = a.with_unit(unit);
    }
    if !country.is_empty() {
        a = a.with_country(country);
    }
    normalize_address(&a, None).expect("not empty")
}

fn key(street: &str, unit: &str, country: &str) -> String {
    norm(street, unit, country).key()
}

/// (street line, unit field, country, expected key).
const KEYS: &[(&str, &str, &str, &str)] = &[
    // Units after the street, in every common form.
    ("123 Main St 600", "", "", "123|main st|600|"),
    ("123 Main St 12C", "", "", "123|main st|12c|"),
    ("123 Main St NW 600", "", "", "123|main st nw|600|"),
    ("203 N Wabash 608", "", "", "203|n wabash|608|"),
    ("308 Elizabeth 1W", "", "", "308|elizabeth|1w|"),
    (
        "100 N Michigan Avenue 41st Floor",
        "",
        "",
        "100|n michigan ave|fl 41|",
    ),
    (
        "n michigan avenue 41st floor",
        "",
        "",
        "|n michigan ave|fl 41|",
    ),
    ("12 Main St Fourth Fl", "", "", "12|main st|fl 4|"),
    ("12 Main St 2 FLOOR", "", "", "12|main st|fl 2|"),
    ("12 Main St Second Floor", "", "", "12|main st|fl 2|"),
    ("12 Main St No. 102", "", "", "12|main st|102|"),
    ("12 Main St PMB 214", "", "", "12|main st|pmb 214|"),
    ("12 Main St Suite100", "", "", "12|main st|100|"),
    ("12 Main St Apt4B", "", "", "12|main st|4b|"),
    ("12 Main St #4", "", "", "12|main st|4|"),
    ("12 Main St # 4-B", "", "", "12|main st|4b|"),
    (
        "12 Main St Ste 200c PMB 214",
        "",
        "",
        "12|main st|unit 200c pmb 214|",
    ),
    (
        "4th floor 300 east randolph st",
        "",
        "",
        "300|e randolph st|fl 4|",
    ),
    // Multi-part units: structured, ordered, never glued.
    (
        "12 Main St",
        "Building 1, Suite 100",
        "",
        "12|main st|bldg 1 unit 100|",
    ),
    (
        "12 Main St",
        "Suite 100 Bldg 1",
        "",
        "12|main st|bldg 1 unit 100|",
    ),
    (
        "12 Main St Building 1 Suite 100",
        "",
        "",
        "12|main st|bldg 1 unit 100|",
    ),
    ("12 Main St", "Suite 1100", "", "12|main st|1100|"),
    (
        "12 Main St",
        "Bldg 3 Apt 12",
        "",
        "12|main st|bldg 3 unit 12|",
    ),
    (
        "12 Main St",
        "Bldg 31 Apt 2",
        "",
        "12|main st|bldg 31 unit 2|",
    ),
    ("12 Main St", "Apt 1-23", "", "12|main st|1-23|"),
    ("12 Main St", "Apt 12-3", "", "12|main st|12-3|"),
    ("12 Main St Apt 12-3", "", "", "12|main st|12-3|"),
    (
        "12 Main St",
        "9th Floor Room 905",
        "",
        "12|main st|fl 9 unit 905|",
    ),
    // One door is its identifier, whatever the designator.
    ("12 Main St", "Apt 4", "", "12|main st|4|"),
    ("12 Main St", "Unit 4", "", "12|main st|4|"),
    ("12 Main St", "Floor 4", "", "12|main st|fl 4|"),
    // House numbers.
    ("12 B Main St", "", "", "12b|main st||"),
    ("109-A Wimbledon Sq", "", "", "109a|wimbledon sq||"),
    ("214 B South Boulevard", "", "", "214b|s blvd||"),
    ("12 B St", "", "", "12|b st||"),
    ("1800 M Street NW", "", "", "1800|m st nw||"),
    ("2964 L B J Fwy", "", "", "2964|l b j fwy||"),
    ("One S. Dearborn St.", "", "", "1|s dearborn st||"),
    (
        "The Biltmore, 817 West Peachtree Street",
        "",
        "",
        "817|w peachtree st||",
    ),
    (
        "W148 N9748 Tree Tops Dr",
        "",
        "",
        "w148n9748|tree tops dr||",
    ),
    // Numbered roads.
    ("Highway 1", "", "", "|hwy 1||"),
    ("Route 66", "", "", "|rte 66||"),
    ("Rt. 66", "", "", "|rte 66||"),
    ("123 County Road 12", "", "", "123|cr 12||"),
    ("123 CR 12", "", "", "123|cr 12||"),
    ("123 State Road 7", "", "", "123|sr 7||"),
    ("123 U.S. Highway 1", "", "", "123|us hwy 1||"),
    ("123 US 1", "", "", "123|us hwy 1||"),
    ("12 NW 1 St", "", "", "12|nw 1st st||"),
    ("12 NW 1st St", "", "", "12|nw 1st st||"),
    // PO boxes and rural routes.
    ("P.O. Box 12", "", "", "|po box 12||"),
    ("POB 12", "", "", "|po box 12||"),
    ("Box 12", "", "", "|po box 12||"),
    ("Post Office Box 12", "", "", "|po box 12||"),
    ("Rural Route 2 Box 5", "", "", "|rr 2 box 5||"),
    ("RFD 2 Box 5", "", "", "|rr 2 box 5||"),
    ("R.R. 2 Box 5", "", "", "|rr 2 box 5||"),
    ("Star Route 1 Box 5", "", "", "|hc 1 box 5||"),
    ("HCR 1 Box 5", "", "", "|hc 1 box 5||"),
    // Outside the US.
    ("Hauptstr. 12", "", "DE", "12|hauptstr||"),
    ("Hauptstraße 12", "", "DE", "12|hauptstr||"),
    ("Lindenallee 7 a", "", "DE", "7a|lindenallee||"),
    ("5-1234 Main St", "", "CA", "1234|main st|5|"),
    ("1234 Main St", "Unit 5", "CA", "1234|main st|5|"),
    ("5-1234 Main St", "", "", "5-1234|main st||"),
    (
        "1200 rue Sainte-Catherine Ouest",
        "",
        "CA",
        "1200|rue ste catherine w||",
    ),
    (
        "1200 Rue Ste-Catherine O.",
        "",
        "CA",
        "1200|rue ste catherine w||",
    ),
    ("8 bis avenue Foch", "", "FR", "8bis|avenue foch||"),
    ("Keizersgracht 123 1", "", "NL", "123|keizersgracht|1|"),
    ("Calle Mayor 5, 3º B", "", "ES", "5|calle mayor|3b|"),
    ("Calle Mayor 5", "3º B", "ES", "5|calle mayor|3b|"),
    ("12 Calle Mayor", "Piso 2", "", "12|calle mayor|fl 2|"),
    // A house name without designator or number is one word, as before.
    (
        "12 Main St",
        "Tinaroo Falls",
        "",
        "12|main st|tinaroofalls|",
    ),
    ("1960 South 18th Rear", "", "", "1960|s 18th|rear|"),
    // Not units.
    ("4004 Ocean Front Apt 410", "", "", "4004|ocean front|410|"),
    ("1200 Business 190 Ste 13", "", "", "1200|business 190|13|"),
    ("12 Main St Unit Rd", "", "", "12|main st unit rd||"),
    ("500 Main Street North West", "", "", "500|main st nw||"),
    ("12 Main St Apt", "", "", "12|main st||"),
    ("12 County Rd 5", "", "", "12|cr 5||"),
    // A building word without identifier or name says nothing; with a name it stays.
    (
        "1 Harbor Plaza Tower, 4th Floor",
        "",
        "",
        "1|harbor plz|fl 4|",
    ),
    ("40 Elm St", "Tower, Floor 9", "", "40|elm st|fl 9|"),
    ("40 Elm St", "Bldg, Ste 3", "", "40|elm st|3|"),
    (
        "40 Elm St",
        "Lowry Bldg, Ste 3",
        "",
        "40|elm st|lowry bldg unit 3|",
    ),
];

#[test]
fn street_lines_as_written() {
    for &(street, unit, country, want) in KEYS {
        assert_eq!(
            key(street, unit, country),
            want,
            "street {street:?} unit {unit:?}"
        );
    }
}

#[test]
fn spellings_of_one_address_share_a_key() {
    for group in [
        &[
            "12 Main St Suite 100",
            "12 Main St Ste. 100",
            "12 Main St #100",
            "12 Main St Suite100",
        ][..],
        &[
            "100 N Michigan Ave 41st Floor",
            "100 N Michigan Avenue, Floor 41",
            "100 North Michigan Ave 41st Fl",
        ],
        &[
            "123 US Highway 1",
            "123 U.S. Hwy 1",
            "123 US-1",
            "123 US Route 1",
        ],
        &[
            "P.O. Box 7",
            "PO Box 7",
            "POB 7",
            "Box 7",
            "Post Office Box 7",
            "P O Box 7",
        ],
        &[
            "RR 3 Box 9",
            "Rural Route 3 Box 9",
            "RFD 3 Box 9",
            "RFD Route 3 Box 9",
        ],
    ] {
        let want = key(group[0], "", "");
        for s in group {
            assert_eq!(key(s, "", ""), want, "{s:?} vs {:?}", group[0]);
        }
    }
}

#[test]
fn different_units_have_different_keys() {
    for (a, b) in [
        ("Building 1, Suite 100", "Suite 1100"),
        ("Bldg 3 Apt 12", "Bldg 31 Apt 2"),
        ("Apt 1-23", "Apt 12-3"),
        ("Apt 4", "Floor 4"),
        ("Apt 4", "Bldg 4"),
        ("Unit K L", "Unit KL"),
        ("Suite 2 3665", "Suite 23 665"),
        ("Apt 4", "Apt 5"),
    ] {
        assert_ne!(
            key("12 Main St", a, ""),
            key("12 Main St", b, ""),
            "{a:?} vs {b:?}"
        );
        assert_ne!(
            key(&format!("12 Main St {a}"), "", ""),
            key(&format!("12 Main St {b}"), "", ""),
            "{a:?} vs {b:?} in the street line"
        );
    }
}

#[test]
fn key_and_tokens_keep_the_unit() {
    let a = norm("12 Main St", "Bldg 3 Apt 12", "");
    assert_eq!(a.unit.as_deref(), Some("bldg 3 unit 12"));
    assert!(a.key().contains("bldg 3 unit 12"));
    assert_eq!(a.tokens(), ["12", "main", "st", "bldg", "3", "unit", "12"]);
    let b = norm("12 Main St", "Floor 4", "");
    assert!(b.tokens().contains(&"fl".to_string()));
    assert_ne!(a.tokens(), norm("12 Main St", "Bldg 31 Apt 2", "").tokens());
}

/// The unit found in a street line is the one the `unit` field gives for the same words.
#[test]
fn line_and_field_agree() {
    for unit in [
        "Suite 200",
        "15th Floor",
        "Bldg B Suite 8A",
        "# 3 South",
        "Unit 2 East",
        "PMB 175",
        "Apt. 3rd Flr.",
        "dept 528 4th floor",
        "suite 200 bldg. 17",
        "Rear",
        "Unit C-D",
    ] {
        assert_eq!(
            norm(&format!("12 Main St {unit}"), "", "").unit,
            norm("12 Main St", unit, "").unit,
            "{unit:?}"
        );
    }
}

/// What a unit part means: (class, identifier); doors (apartment, suite, unit, `#`, room) are
/// one class because sources mix their designators freely.
#[derive(Clone, Debug)]
struct Part {
    class: u8,
    id: String,
    form: usize,
}

fn part() -> impl Strategy<Value = Part> {
    prop_oneof![
        ("[1-9][0-9]{0,3}(-[0-9]{1,3})?[a-h]?", 0usize..6).prop_map(|(id, form)| Part {
            class: 2,
            id,
            form
        }),
        ("[1-9][0-9]{0,2}", 0usize..2).prop_map(|(id, form)| Part { class: 0, id, form }),
        ("[1-9][0-9]?", 0usize..3).prop_map(|(id, form)| Part { class: 1, id, form }),
    ]
}

fn render(p: &Part) -> String {
    let id = &p.id;
    match p.class {
        0 => [format!("Bldg {id}"), format!("Building {id}")][p.form % 2].clone(),
        1 => {
            let n: u32 = id.parse().unwrap_or(1);
            let th = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            [
                format!("Floor {id}"),
                format!("{id}{th} Floor"),
                format!("Fl {id}"),
            ][p.form % 3]
                .clone()
        }
        _ => {
            let d = ["Apt", "Unit", "Suite", "#", "Ste.", "Room"][p.form % 6];
            format!("{d} {}", id.to_uppercase())
        }
    }
}

/// The meaning of a unit: its parts in the canonical class order (building, floor, door), each
/// class keeping the order written.
fn meaning(parts: &[Part]) -> Vec<(u8, String)> {
    let mut m: Vec<(u8, String)> = parts
        .iter()
        .map(|p| (p.class, p.id.to_lowercase()))
        .collect();
    m.sort_by_key(|p| p.0);
    m
}

fn street() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Main St",
        "N Michigan Ave",
        "Elm Road",
        "West Peachtree Street NW",
        "Lake Shore Dr",
        "Broadway",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Two different units at one house never share a key, whether written in the unit field
    /// or at the end of the street line; the same unit written differently always does.
    #[test]
    fn different_units_never_share_a_key(
        house in 1u32..20000,
        street in street(),
        a in prop::collection::vec(part(), 1..=2),
        b in prop::collection::vec(part(), 1..=2),
    ) {
        let line = format!("{house} {street}");
        let text = |u: &[Part]| u.iter().map(render).collect::<Vec<_>>().join(", ");
        let (ta, tb) = (text(&a), text(&b));
        let field = |t: &str| key(&line, t, "");
        let inline = |t: &str| key(&format!("{line} {}", t.replace(", ", " ")), "", "");
        prop_assert_eq!(field(&ta), inline(&ta), "unit {:?}", ta);
        if meaning(&a) != meaning(&b) {
            prop_assert_ne!(field(&ta), field(&tb), "{:?} vs {:?}", ta, tb);
            prop_assert_ne!(inline(&ta), inline(&tb), "{:?} vs {:?}", ta, tb);
        } else {
            prop_assert_eq!(field(&ta), field(&tb), "{:?} vs {:?}", ta, tb);
        }
    }

    /// A unit written in brackets is never dropped as an annotation: two different units in
    /// brackets never share a key, and neither shares the key of the house without a unit.
    #[test]
    fn different_units_in_brackets_never_share_a_key(
        house in 1u32..20000,
        street in street(),
        a in prop::collection::vec(part(), 1..=2),
        b in prop::collection::vec(part(), 1..=2),
    ) {
        let line = format!("{house} {street}");
        let text = |u: &[Part]| u.iter().map(render).collect::<Vec<_>>().join(" ");
        let bracketed = |t: &str| key(&format!("{line} ({t})"), "", "");
        let (ta, tb) = (text(&a), text(&b));
        prop_assert_ne!(bracketed(&ta), key(&line, "", ""), "unit {:?}", ta);
        if meaning(&a) != meaning(&b) {
            prop_assert_ne!(bracketed(&ta), bracketed(&tb), "{:?} vs {:?}", ta, tb);
        }
    }

    /// The same for a bare identifier in brackets, a letter alone included (`(B)`).
    #[test]
    fn different_bare_identifiers_in_brackets_never_share_a_key(
        house in 1u32..20000,
        street in street(),
        a in "[A-Z]|[1-9][0-9]{0,3}[A-H]?",
        b in "[A-Z]|[1-9][0-9]{0,3}[A-H]?",
    ) {
        let line = format!("{house} {street}");
        let bracketed = |t: &str| key(&format!("{line} ({t})"), "", "");
        prop_assert_ne!(bracketed(&a), key(&line, "", ""), "unit {:?}", a);
        if a != b {
            prop_assert_ne!(bracketed(&a), bracketed(&b), "{:?} vs {:?}", a, b);
        }
    }

    /// Two records at one house and postcode with different units are never compared as one
    /// address: at best the same postcode (level `postcode_only`), never `key_equal` or
    /// `house_postcode_fuzzy_street`, whatever the rest agrees on.
    #[test]
    fn different_units_never_compare_as_one_address(
        house in 1u32..20000,
        street in street(),
        a in prop::collection::vec(part(), 1..=2),
        b in prop::collection::vec(part(), 1..=2),
    ) {
        use selfsame::compare::{compare, CompareField};
        use selfsame::normalize::normalize_profile;
        use selfsame::Profile;
        let text = |u: &[Part]| u.iter().map(render).collect::<Vec<_>>().join(", ");
        let rec = |t: &str| {
            let addr = PostalAddress::new()
                .with_street(format!("{house} {street}"))
                .with_unit(t)
                .with_city("Springfield")
                .with_postcode("62701");
            normalize_profile(&Profile::new("s", "1").with_address(addr), &Default::default())
        };
        let (x, y) = (rec(&text(&a)), rec(&text(&b)));
        let level = compare(&x, &y).level(CompareField::Address);
        if meaning(&a) != meaning(&b) {
            prop_assert!(level >= 3, "{:?} vs {:?}: level {}", text(&a), text(&b), level);
        } else {
            prop_assert_eq!(level, 0);
        }
    }

    /// The unit never stays in the street, and never changes the house number.
    #[test]
    fn unit_leaves_street_and_house_alone(
        house in 1u32..20000,
        street in street(),
        a in prop::collection::vec(part(), 1..=2),
    ) {
        let line = format!("{house} {street}");
        let plain = norm(&line, "", "");
        let text = a.iter().map(render).collect::<Vec<_>>().join(" ");
        let with = norm(&format!("{line} {text}"), "", "");
        prop_assert_eq!(&with.street, &plain.street, "unit {:?}", text);
        prop_assert_eq!(&with.house_number, &plain.house_number);
        prop_assert!(with.unit.is_some());
    }
}
