//! One-line addresses through the public API: `normalize::oneline` (split and normalize) and the
//! CSV loader's single address column; property tests for no panic, no invented text and a
//! stable split.
#![cfg(feature = "csv")]

mod common;

use proptest::prelude::*;
use selfsame::csv::{Dataset, Mapping};
use selfsame::normalize::address::{normalize_address, AddressError, MAX_PART_LEN};
use selfsame::normalize::oneline::{normalize_one_line, split_address, AddressParts};
use selfsame::PostalAddress;

fn parts(s: &str) -> [Option<&str>; 5] {
    let p = split_address(s).unwrap();
    [p.street, p.city, p.region, p.postcode, p.country]
}

#[test]
fn us_with_and_without_commas() {
    let want = [
        Some("1 N. LaSalle St., Ste 1725"),
        Some("Chicago"),
        Some("IL"),
        Some("60602"),
        None,
    ];
    assert_eq!(parts("1 N. LaSalle St., Ste 1725, Chicago, IL 60602"), want);
    assert_eq!(
        parts("1 N. LaSalle St. Ste 1725 Chicago IL 60602"),
        [
            Some("1 N. LaSalle St. Ste 1725"),
            want[1],
            want[2],
            want[3],
            None
        ]
    );
    assert_eq!(
        parts("972 Donnelly Ave SW # 2 Atlanta, GA 30310"),
        [
            Some("972 Donnelly Ave SW # 2"),
            Some("Atlanta"),
            Some("GA"),
            Some("30310"),
            None
        ]
    );
    assert_eq!(
        parts("1600 Pennsylvania Ave NW, Washington, DC 20500-0003, United States"),
        [
            Some("1600 Pennsylvania Ave NW"),
            Some("Washington"),
            Some("DC"),
            Some("20500-0003"),
            Some("United States")
        ]
    );
    assert_eq!(
        parts("3 M Center St Paul Minnesota 55144"),
        [
            Some("3 M Center"),
            Some("St Paul"),
            Some("Minnesota"),
            Some("55144"),
            None
        ]
    );
    // ZIP+4 written with a space, a ZIP that lost its leading zero.
    assert_eq!(
        split_address("25 First St, Cambridge, MA 02141 1234")
            .unwrap()
            .postcode,
        Some("02141 1234")
    );
    let p = split_address("25 First St, Cambridge, MA 2141").unwrap();
    assert_eq!((p.postcode, p.country_code), (Some("2141"), Some("US")));
    // A bare ZIP names no country (Thailand, Mexico… write five digits last too).
    assert_eq!(
        split_address("202 Joe Smith Ln Dunn 28334")
            .unwrap()
            .country_code,
        None
    );
}

#[test]
fn gb_ca_au() {
    let p = split_address("221B Baker Street, London NW1 6XE").unwrap();
    assert_eq!(
        (p.street, p.city, p.postcode, p.country_code),
        (
            Some("221B Baker Street"),
            Some("London"),
            Some("NW1 6XE"),
            Some("GB")
        )
    );
    let p = split_address("Flat 2 14 Station Road Manchester M1 1AE England").unwrap();
    assert_eq!(
        (p.street, p.city, p.postcode, p.country),
        (
            Some("Flat 2 14 Station Road"),
            Some("Manchester"),
            Some("M1 1AE"),
            Some("England")
        )
    );
    let p = split_address("350 Sparks St, Ottawa, Ontario K1R7S8").unwrap();
    assert_eq!(
        (p.city, p.region, p.postcode, p.country_code),
        (Some("Ottawa"), Some("Ontario"), Some("K1R7S8"), Some("CA"))
    );
    let p = split_address("12 Rue Principale, Gatineau QC J8X 1A1").unwrap();
    assert_eq!(
        (p.city, p.region, p.country_code),
        (Some("Gatineau"), Some("QC"), Some("CA"))
    );
    let p = split_address("Level 5, 1 Martin Place, Sydney NSW 2000, Australia").unwrap();
    assert_eq!(
        (p.street, p.city, p.region, p.postcode, p.country),
        (
            Some("Level 5, 1 Martin Place"),
            Some("Sydney"),
            Some("NSW"),
            Some("2000"),
            Some("Australia")
        )
    );
    let p = split_address("8 Collins St Melbourne Victoria 3000").unwrap();
    assert_eq!(
        (p.city, p.region, p.country_code),
        (Some("Melbourne"), Some("Victoria"), Some("AU"))
    );
    let p = split_address("1 Mitchell St Darwin NT 0800").unwrap();
    assert_eq!((p.postcode, p.country_code), (Some("0800"), Some("AU")));
}

#[test]
fn de_fr_and_europe() {
    assert_eq!(
        parts("Hauptstraße 12, 10115 Berlin"),
        [
            Some("Hauptstraße 12"),
            Some("Berlin"),
            None,
            Some("10115"),
            None
        ]
    );
    assert_eq!(
        parts("Unter den Linden 77 10117 Berlin Germany"),
        [
            Some("Unter den Linden 77"),
            Some("Berlin"),
            None,
            Some("10117"),
            Some("Germany")
        ]
    );
    assert_eq!(
        parts("Frankfurter Allee 3, D-60311 Frankfurt am Main"),
        [
            Some("Frankfurter Allee 3"),
            Some("Frankfurt am Main"),
            None,
            Some("D-60311"),
            None
        ]
    );
    assert_eq!(
        parts("12 rue de Rivoli 75001 Paris"),
        [
            Some("12 rue de Rivoli"),
            Some("Paris"),
            None,
            Some("75001"),
            None
        ]
    );
    let p = split_address("5 avenue Anatole France, 75007 Paris, FR").unwrap();
    assert_eq!(
        (p.city, p.country, p.country_code),
        (Some("Paris"), Some("FR"), Some("FR"))
    );
    let p = split_address("Stephansplatz 1, 1010 Wien, Österreich").unwrap();
    assert_eq!(
        (p.postcode, p.city, p.country_code),
        (Some("1010"), Some("Wien"), Some("AT"))
    );
    // Without a country, five digits before a city could be many countries.
    assert_eq!(
        split_address("Via Roma 1, 00184 Roma")
            .unwrap()
            .country_code,
        None
    );
}

#[test]
fn never_invents() {
    for s in [
        "12 Main St Apt 4",
        "Suite 200, 7000 Peachtree Dunwoody Road",
        "1180 Peachtree Street, NE",
        "PO Box 12345",
        "10115 Broadway",
    ] {
        let p = split_address(s).unwrap();
        assert_eq!(p.street, Some(s), "{s}");
        assert!(!p.is_split(), "{s}");
    }
    // `IN` after a comma is Indiana, never India.
    let p = split_address("123 Main St, IN").unwrap();
    assert_eq!(
        (p.region, p.country, p.country_code),
        (Some("IN"), None, Some("US"))
    );
    assert_eq!(split_address("   ;  ,"), Err(AddressError::Empty));
    assert_eq!(
        split_address(&"1 ".repeat(MAX_PART_LEN)),
        Err(AddressError::TooLong { part: "street" })
    );
}

#[test]
fn one_line_normalizes_like_labeled_parts() {
    let cases: [(&str, PostalAddress, Option<&str>); 5] = [
        (
            "460 Bryant St Ste 100, San Francisco, CA 94107-1303",
            PostalAddress::new()
                .with_street("460 Bryant St")
                .with_unit("Ste 100")
                .with_city("San Francisco")
                .with_region("CA")
                .with_postcode("94107-1303"),
            None,
        ),
        (
            "3524 Timber Ridge Trl Cedar Rapids IA 52411",
            PostalAddress::new()
                .with_street("3524 Timber Ridge Trl")
                .with_city("Cedar Rapids")
                .with_region("IA")
                .with_postcode("52411"),
            None,
        ),
        (
            "10 Downing Street, London SW1A 2AA, United Kingdom",
            PostalAddress::new()
                .with_street("10 Downing Street")
                .with_city("London")
                .with_postcode("SW1A 2AA")
                .with_country("GB"),
            None,
        ),
        (
            "Hauptstraße 12, 10115 Berlin",
            PostalAddress::new()
                .with_street("Hauptstraße 12")
                .with_city("Berlin")
                .with_postcode("10115"),
            Some("DE"),
        ),
        (
            "200 Bay St, Toronto, ON M5J 2J2",
            PostalAddress::new()
                .with_street("200 Bay St")
                .with_city("Toronto")
                .with_region("Ontario")
                .with_postcode("M5J2J2")
                .with_country("Canada"),
            None,
        ),
    ];
    for (line, labeled, country) in cases {
        let one = normalize_one_line(line, country).unwrap();
        let lab = normalize_address(&labeled, country).unwrap();
        assert_eq!(one.key(), lab.key(), "{line}");
        assert_eq!(
            (&one.city, &one.region, &one.postcode),
            (&lab.city, &lab.region, &lab.postcode),
            "{line}"
        );
    }
    // The country inferred from the postcode shape wins over the default.
    let ca = normalize_one_line("200 Bay St, Toronto, ON M5J 2J2", Some("US")).unwrap();
    assert_eq!(ca.country.as_deref(), Some("CA"));
    // Nothing to split: the same as the line given as the street.
    let plain = normalize_one_line("12 N Main St Apt 4", None).unwrap();
    let street = normalize_address(
        &PostalAddress::new().with_street("12 N Main St Apt 4"),
        None,
    );
    assert_eq!(Ok(plain), street);
}

#[test]
fn loader_splits_a_single_address_column() {
    let data = "id,name,address\n\
                1,Ann Lee,\"460 Bryant St Ste 100, San Francisco, CA 94107-1303\"\n\
                2,Bo Li,\"Hauptstraße 12, 10115 Berlin, Deutschland\"\n\
                3,Cy Ng,12 Main St Apt 4\n";
    let ds = Dataset::from_reader("crm.csv", data.as_bytes(), &Mapping::new()).unwrap();
    let a = &ds.profiles[0].addresses[0];
    assert_eq!(a.street.as_deref(), Some("460 Bryant St Ste 100"));
    assert_eq!(a.city.as_deref(), Some("San Francisco"));
    assert_eq!(a.region.as_deref(), Some("CA"));
    assert_eq!(a.postcode.as_deref(), Some("94107-1303"));
    assert_eq!(a.country, None);
    let b = &ds.profiles[1].addresses[0];
    assert_eq!(
        (
            b.street.as_deref(),
            b.postcode.as_deref(),
            b.city.as_deref()
        ),
        (Some("Hauptstraße 12"), Some("10115"), Some("Berlin"))
    );
    assert_eq!(b.country.as_deref(), Some("Deutschland"));
    // Nothing besides the street: kept whole.
    let c = &ds.profiles[2].addresses[0];
    assert_eq!(c.street.as_deref(), Some("12 Main St Apt 4"));
    assert_eq!(c.city, None);
}

#[test]
fn loader_splits_only_rows_without_city_and_postcode() {
    let data = "Full Address,City,Zip,State\n\
                \"12 Main St, Springfield, IL 62701\",,,\n\
                \"12 Main St, Springfield, IL 62701\",Springfield,,\n\
                \"12 Main St Springfield IL\",,,Illinois\n";
    let ds = Dataset::from_reader("shop.csv", data.as_bytes(), &Mapping::new()).unwrap();
    let first = &ds.profiles[0].addresses[0];
    assert_eq!(first.street.as_deref(), Some("12 Main St"));
    assert_eq!(first.postcode.as_deref(), Some("62701"));
    // A city cell on the row: the street is the source's own.
    let second = &ds.profiles[1].addresses[0];
    assert_eq!(
        second.street.as_deref(),
        Some("12 Main St, Springfield, IL 62701")
    );
    // The row's own region wins over the one in the line.
    let third = &ds.profiles[2].addresses[0];
    assert_eq!(third.street.as_deref(), Some("12 Main St"));
    assert_eq!(third.city.as_deref(), Some("Springfield"));
    assert_eq!(third.region.as_deref(), Some("Illinois"));
}

/// Every part is a piece of the input, and no two overlap.
fn check_slices(s: &str, p: &AddressParts<'_>) {
    let base = s.as_ptr() as usize;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for part in [p.street, p.city, p.region, p.postcode, p.country]
        .into_iter()
        .flatten()
    {
        let start = (part.as_ptr() as usize).wrapping_sub(base);
        assert!(
            start <= s.len() && start + part.len() <= s.len(),
            "not a slice of the input"
        );
        assert_eq!(s.get(start..start + part.len()), Some(part));
        assert!(!part.trim().is_empty());
        ranges.push((start, start + part.len()));
    }
    ranges.sort_unstable();
    assert!(ranges.windows(2).all(|w| w[0].1 <= w[1].0), "parts overlap");
}

const STREETS: &[&str] = &[
    "460 Bryant St",
    "12 N Main Street Apt 4",
    "3524 Timber Ridge Trl",
    "PO Box 637",
    "1 Martin Place",
];
const CITIES: &[&str] = &["San Francisco", "Cedar Rapids", "Powder Springs", "Boston"];
const STATES: &[&str] = &["CA", "IA", "Georgia", "MA", "New York"];
const ZIPS: &[&str] = &["94107", "52411-1234", "30127"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_panic_and_only_input_text(s in "\\PC{0,120}") {
        if let Ok(p) = split_address(&s) {
            check_slices(&s, &p);
            let _ = normalize_one_line(&s, Some("US"));
        }
    }

    #[test]
    fn no_panic_on_address_like_text(
        words in proptest::collection::vec(
            "[0-9]{1,5}|[A-Z][a-z]{1,8}|[A-Z]{2}|[A-Z][0-9][A-Z]|[0-9][A-Z]{2}|St|Ave|Apt|#|,|NW|-",
            0..14,
        )
    ) {
        let s = words.join(" ");
        if let Ok(p) = split_address(&s) {
            check_slices(&s, &p);
            // Splitting is a function of the text: the same parts every time.
            prop_assert_eq!(split_address(&s).ok(), Some(p));
        }
    }

    #[test]
    fn labeled_us_addresses_split_back(
        st in 0..STREETS.len(),
        ci in 0..CITIES.len(),
        sa in 0..STATES.len(),
        zi in 0..ZIPS.len(),
        commas in any::<bool>(),
        country in any::<bool>(),
    ) {
        let (street, city, state, zip) = (STREETS[st], CITIES[ci], STATES[sa], ZIPS[zi]);
        let sep = if commas { ", " } else { " " };
        let mut s = format!("{street}{sep}{city}{sep}{state} {zip}");
        if country {
            s.push_str(", USA");
        }
        let p = split_address(&s).unwrap();
        prop_assert_eq!(p.street, Some(street));
        prop_assert_eq!(p.city, Some(city));
        prop_assert_eq!(p.region, Some(state));
        prop_assert_eq!(p.postcode, Some(zip));
        prop_assert_eq!(p.country_code, Some("US"));
        // Idempotent: the parts joined again split the same.
        let rebuilt = format!("{street}, {city}, {state} {zip}");
        let q = split_address(&rebuilt).unwrap();
        prop_assert_eq!((q.street, q.city, q.region, q.postcode), (p.street, p.city, p.region, p.postcode));
        // And normalize like the labeled parts.
        let one = normalize_one_line(&s, None).unwrap();
        let lab = normalize_address(
            &PostalAddress::new().with_street(street).with_city(city).with_region(state).with_postcode(zip),
            Some("US"),
        ).unwrap();
        prop_assert_eq!(one.key(), lab.key());
        prop_assert_eq!((one.city, one.region, one.postcode), (lab.city, lab.region, lab.postcode));
    }
}

/// Secondary identifiers of a box line, recipient text (`Attn`, `c/o`), a box after a street
/// address, and directionals between the street and the city: the one-line reading agrees with
/// the same address given in parts.
#[test]
fn box_lines_recipients_and_directionals() {
    let cases: [(&str, PostalAddress); 8] = [
        (
            "Dept 4410, PO Box 1234, Dallas, TX 75312",
            PostalAddress::new()
                .with_street("PO Box 1234")
                .with_unit("Dept 4410")
                .with_city("Dallas")
                .with_region("TX")
                .with_postcode("75312"),
        ),
        (
            "PO Box 60000 File 12345 San Francisco CA 94160",
            PostalAddress::new()
                .with_street("P.O. Box 60000")
                .with_unit("File 12345")
                .with_postcode("94160"),
        ),
        (
            "Mail Code 4021 P.O. Box 5000 Atlanta GA 30348",
            PostalAddress::new()
                .with_street("PO Box 5000")
                .with_unit("Mail Code 4021")
                .with_postcode("30348"),
        ),
        (
            "Lockbox # 771 Post Office Box 8500, Philadelphia, PA 19178",
            PostalAddress::new()
                .with_street("PO Box 8500")
                .with_unit("Lockbox 771")
                .with_postcode("19178"),
        ),
        (
            "12 Main St Ste 100 Attn: Accounts Payable, Springfield, IL 62701",
            PostalAddress::new()
                .with_street("12 Main Street")
                .with_unit("Suite 100")
                .with_postcode("62701"),
        ),
        (
            "c/o Acme Corp 12 Main St, Springfield, IL 62701",
            PostalAddress::new()
                .with_street("12 Main St")
                .with_postcode("62701"),
        ),
        (
            "220 W Elm St PO Box 77, Ava, MO 65608",
            PostalAddress::new()
                .with_street("220 West Elm Street")
                .with_postcode("65608"),
        ),
        (
            "4110 Maple Ct SE Cedar Rapids IA 52403",
            PostalAddress::new()
                .with_street("4110 Maple Ct SE")
                .with_city("Cedar Rapids")
                .with_postcode("52403"),
        ),
    ];
    for (line, labeled) in cases {
        let one = normalize_one_line(line, Some("US")).unwrap();
        let lab = normalize_address(&labeled, Some("US")).unwrap();
        assert_eq!(one.key(), lab.key(), "{line}");
        if labeled.city.is_some() {
            assert_eq!(one.city, lab.city, "{line}");
        }
    }
    // What comes before the house number: a recipient or building, a numbered complex, units.
    for (line, street, unit) in [
        (
            "Acme Research Group 110 8th Street, Troy, NY 12180",
            "110 8th St",
            None,
        ),
        (
            "Hayes Hall 4859 S Wabash, Chicago, IL 60615",
            "4859 S Wabash",
            None,
        ),
        (
            "Radiation Physics 2495 State Route 118, Dallas, PA 18612",
            "2495 State Route 118",
            None,
        ),
        (
            "One Liberty Plaza 165 Broadway, New York, NY 10006",
            "165 Broadway",
            None,
        ),
        (
            "2 Commerce Center 400 E Pratt St, Baltimore, MD 21202",
            "400 E Pratt St",
            None,
        ),
        (
            "One Liberty Plaza 165 Broadway Suite 4400, New York, NY 10006",
            "165 Broadway",
            Some("Ste 4400"),
        ),
        (
            "Suite 200, Building 17, 7000 Peachtree Dunwoody Rd, Atlanta, GA 30328",
            "7000 Peachtree Dunwoody Rd",
            Some("Bldg 17 Ste 200"),
        ),
    ] {
        let one = normalize_one_line(line, Some("US")).unwrap();
        let mut labeled = PostalAddress::new().with_street(street);
        if let Some(u) = unit {
            labeled = labeled.with_unit(u);
        }
        let lab = normalize_address(&labeled, Some("US")).unwrap();
        assert_eq!(
            (&one.house_number, &one.street, &one.unit),
            (&lab.house_number, &lab.street, &lab.unit),
            "{line}"
        );
    }
    // The name of a complex after the street is dropped; street names with such words stay.
    for (line, street) in [
        (
            "410 W Grand Ave Riverview Lofts, Chicago, IL 60654",
            "410 W Grand Ave",
        ),
        (
            "88 Hollis Rd The Ellington, Apt 4B, Nashua, NH 03060",
            "88 Hollis Rd",
        ),
        ("301 Oak St SE Cedar Grove Apartments", "301 Oak St SE"),
        ("12 Forest Hill Place", "12 Forest Hill Place"),
        ("12 Creek View Court", "12 Creek View Court"),
        ("12 Main St Lofts", "12 Main St Lofts"),
    ] {
        let one = normalize_one_line(line, Some("US")).unwrap();
        let lab = normalize_address(&PostalAddress::new().with_street(street), Some("US")).unwrap();
        assert_eq!(one.street, lab.street, "{line}");
    }
    // A building between the street and the unit is dropped; the unit stays.
    for (line, street, unit) in [
        (
            "2100 Ross Ave, Bank One Center, Suite 900, Dallas, TX 75201",
            "2100 Ross Ave",
            "Suite 900",
        ),
        (
            "600 Grant St 1 Mellon Plaza Ste 3000 Pittsburgh PA 15219",
            "600 Grant St",
            "Ste 3000",
        ),
        (
            "77 W Wacker Dr NE Leo Burnett Building 12th Floor",
            "77 W Wacker Dr NE",
            "Floor 12",
        ),
    ] {
        let one = normalize_one_line(line, Some("US")).unwrap();
        let lab = normalize_address(
            &PostalAddress::new().with_street(street).with_unit(unit),
            Some("US"),
        )
        .unwrap();
        assert_eq!((&one.street, &one.unit), (&lab.street, &lab.unit), "{line}");
    }
    // A recipient in its own segment before the house number, where the number comes first.
    let one =
        normalize_one_line("Jane Doe, 435 Lasalle St, Chicago, IL 60605", Some("US")).unwrap();
    assert_eq!(
        (one.house_number.as_deref(), one.street.as_deref()),
        (Some("435"), Some("lasalle st"))
    );
    let it = normalize_address(
        &PostalAddress::new().with_street("Via Roma, 12 Scala B"),
        Some("IT"),
    )
    .unwrap();
    assert!(it.street.as_deref().is_some_and(|s| s.contains("roma")));
    // A number after a complex with no street after it is a unit (`1 Main Plaza 925`).
    let one = normalize_one_line("1 Main Plaza 925", Some("US")).unwrap();
    assert_eq!(one.house_number.as_deref(), Some("1"));
    // Different mail stops of one box are different addresses.
    let a = normalize_one_line("Dept 1 PO Box 5 Dallas TX 75312", None).unwrap();
    let b = normalize_one_line("Dept 2 PO Box 5 Dallas TX 75312", None).unwrap();
    assert_ne!(a.key(), b.key());
    // A rural route box keeps its route: no unit is read out of it.
    let rr = normalize_one_line("RR 2 Box 15 Monee IL 60449", None).unwrap();
    assert_eq!(rr.unit, None);
    // An abbreviated post-directional stays with the street (`Ave N`, `Dr NE`), and a street
    // type after a diagonal one is the city's.
    // A designator left without its identifier is no part of the city; `Ste` in a city is.
    let p = split_address("41 Birch Ct NE Unit Grand Rapids MI 49503").unwrap();
    assert_eq!(p.city, Some("Grand Rapids"));
    let p = split_address("904 Ashmun St Sault Ste. Marie, MI 49783").unwrap();
    assert_eq!(p.city, Some("Sault Ste. Marie"));
    let p = split_address("815 Dexter Ave N Seattle WA 98109").unwrap();
    assert_eq!(
        (p.street, p.city),
        (Some("815 Dexter Ave N"), Some("Seattle"))
    );
    let p = split_address("193 Oak Hill Dr NE Grand Rapids MI 49503").unwrap();
    assert_eq!(
        (p.street, p.city),
        (Some("193 Oak Hill Dr NE"), Some("Grand Rapids"))
    );
}

/// The targets on usaddress's labeled addresses (`../shared/data`), as
/// `normalize_eval` measures them: the one-line form and the labeled parts give the same key,
/// city, region and postcode (each where labeled) for at least 95% of rows, the same unit for
/// at least 95% of the rows with one, the same house number for at least 99%.
#[test]
fn usaddress_one_line_agrees_with_the_labels() {
    let Some(dir) = common::data_dir() else {
        return;
    };
    let rows = common::read_rows(&dir.join("us_addresses_labeled.csv"));
    assert!(rows.len() > 1_000, "{} rows", rows.len());
    let (mut all, mut all_same) = (0usize, 0usize);
    let (mut units, mut units_same, mut houses, mut houses_same) = (0usize, 0, 0, 0);
    for r in &rows {
        let get = |k: &str| r.get(k).map(|v| v.trim().to_string());
        let (house, street, unit) = (get("house_number"), get("street"), get("unit"));
        let line = get("address").unwrap_or_default();
        let labeled = PostalAddress {
            street: match (&house, &street) {
                (Some(h), Some(s)) => Some(format!("{h} {s}")),
                (h, s) => h.clone().or(s.clone()),
            },
            unit: unit.clone(),
            city: get("city"),
            region: get("state"),
            postcode: get("zip"),
            country: None,
        };
        let (Ok(one), Ok(lab)) = (
            normalize_one_line(&line, Some("US")),
            normalize_address(&labeled, Some("US")),
        ) else {
            continue;
        };
        let parts = [
            (house.is_some() && street.is_some(), one.key() == lab.key()),
            (labeled.city.is_some(), one.city == lab.city),
            (labeled.region.is_some(), one.region == lab.region),
            (labeled.postcode.is_some(), one.postcode == lab.postcode),
        ];
        if parts.iter().any(|&(l, _)| l) {
            all += 1;
            all_same += usize::from(parts.iter().all(|&(l, same)| !l || same));
        }
        if unit.is_some() {
            units += 1;
            units_same += usize::from(one.unit == lab.unit);
        }
        if house.is_some() && street.is_some() {
            houses += 1;
            houses_same += usize::from(one.house_number == lab.house_number);
        }
    }
    let pct = |a: usize, n: usize| 100.0 * a as f64 / n.max(1) as f64;
    assert!(
        all > 1_300 && units > 400 && houses > 1_200,
        "{all} {units} {houses}"
    );
    assert!(pct(all_same, all) >= 95.0, "all four {all_same}/{all}");
    assert!(pct(units_same, units) >= 95.0, "unit {units_same}/{units}");
    assert!(
        pct(houses_same, houses) >= 99.0,
        "house number {houses_same}/{houses}"
    );
}
