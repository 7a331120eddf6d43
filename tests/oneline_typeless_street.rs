//! One-line US addresses whose street has no street type (`Broadway`, `Main`), with the city
//! after it and no comma between: where the street ends and the city begins is read from the
//! structure (house number, directionals, one name word), and left alone where it cannot be.
//! Variants written for this test, not copied from any evaluation file.
#![cfg(feature = "csv")]

use selfsame::normalize::address::normalize_address;
use selfsame::normalize::oneline::{normalize_one_line, split_address};
use selfsame::PostalAddress;

fn street_city(s: &str) -> (Option<&str>, Option<&str>) {
    let p = split_address(s).unwrap();
    (p.street, p.city)
}

#[test]
fn one_word_street_before_a_city() {
    let cases = [
        ("88 Lincoln Evanston IL 60201", "88 Lincoln", "Evanston"),
        ("410 Elm Des Plaines, IL 60016", "410 Elm", "Des Plaines"),
        (
            "1200 S Mulberry Fort Collins CO 80521",
            "1200 S Mulberry",
            "Fort Collins",
        ),
        (
            "75 WEST MARKET SAN JOSE CA 95113",
            "75 WEST MARKET",
            "SAN JOSE",
        ),
        (
            "301 Broadway NE Albuquerque NM 87102",
            "301 Broadway NE",
            "Albuquerque",
        ),
        (
            "19 Central Los Alamos, New Mexico",
            "19 Central",
            "Los Alamos",
        ),
        ("640 Kearny Daly City, CA", "640 Kearny", "Daly City"),
        ("12 Orchard Lake Forest IL", "12 Orchard", "Lake Forest"),
        // The directional was the first word of the name.
        (
            "50 West North Temple Salt Lake City UT 84150",
            "50 West North Temple",
            "Salt Lake City",
        ),
        // An abbreviated type the tables lack stays with the street.
        (
            "2200 Ocean Pkwy Brooklyn NY 11223",
            "2200 Ocean Pkwy",
            "Brooklyn",
        ),
        (
            "900 Cypress Trce Tampa FL 33613",
            "900 Cypress Trce",
            "Tampa",
        ),
    ];
    for (s, street, city) in cases {
        assert_eq!(street_city(s), (Some(street), Some(city)), "{s}");
    }
}

#[test]
fn ambiguous_lines_keep_every_word_in_the_street() {
    // No postcode, no comma, and a region code not told from the street's words.
    for s in [
        "5 Maple Springfield",
        "8 Elm Park CT",
        "8 ELM PARK CT",
        // A name that goes on past its first word.
        "4400 Via del Mar Carlsbad CA 92008",
        "1 Dr Martin Luther King Jr NY 10001",
        "23 El Camino Real Menlo Park CA 94025",
        // A single-letter directional: the street's (`Main N`) or the city's (`N Palm Beach`).
        "700 Flagler W Palm Beach FL 33401",
    ] {
        let p = split_address(s).unwrap();
        let street = p.street.unwrap_or("");
        assert!(
            p.city.is_none() || !street.contains(' ') || !street.starts_with(char::is_numeric),
            "{s}: split into street and city"
        );
    }
    // `Lynn` has no vowel but is a city: with nothing after it no split is made.
    assert_eq!(street_city("9 Union Lynn MA 01901").1, None);
}

#[test]
fn typeless_street_normalizes_like_its_fields() {
    let pairs = [
        (
            "88 Lincoln Evanston IL 60201",
            "88 Lincoln",
            "Evanston",
            "IL",
            Some("60201"),
        ),
        (
            "2200 Ocean Pkwy Brooklyn, NY 11223",
            "2200 Ocean Parkway",
            "Brooklyn",
            "NY",
            Some("11223"),
        ),
        (
            "19 Central Los Alamos, New Mexico",
            "19 Central",
            "Los Alamos",
            "NM",
            None,
        ),
        (
            "75 WEST MARKET SAN JOSE CA 95113",
            "75 W Market",
            "San Jose",
            "California",
            Some("95113"),
        ),
    ];
    for (line, street, city, region, zip) in pairs {
        let one = normalize_one_line(line, Some("US")).unwrap();
        let mut fields = PostalAddress::new()
            .with_street(street)
            .with_city(city)
            .with_region(region);
        if let Some(z) = zip {
            fields = fields.with_postcode(z);
        }
        let lab = normalize_address(&fields, Some("US")).unwrap();
        assert_eq!(one.key(), lab.key(), "{line}");
        assert_eq!((one.city, one.region), (lab.city, lab.region), "{line}");
    }
}

#[test]
fn a_place_after_a_directional_state_is_no_country() {
    // `NE` could be Nebraska, but `PL` after it is a street type, not Poland.
    let p = split_address("2350 Washington NE PL").unwrap();
    assert_eq!((p.street, p.country), (Some("2350 Washington NE PL"), None));
    assert_eq!(
        normalize_one_line("2350 Washington NE PL", Some("US"))
            .unwrap()
            .key(),
        "2350|washington ne pl||"
    );
}

#[test]
fn zip_plus_four_that_lost_its_leading_zero() {
    // Spreadsheets drop the zero of New England ZIPs, the +4 stays.
    let p = split_address("55 Harbor Rd Apt 3 Salem MA 1970-2210").unwrap();
    assert_eq!(
        (p.street, p.city, p.region, p.postcode, p.country_code),
        (
            Some("55 Harbor Rd Apt 3"),
            Some("Salem"),
            Some("MA"),
            Some("1970-2210"),
            Some("US")
        )
    );
    let one = normalize_one_line("55 Harbor Rd Apt 3 Salem MA 1970-2210", None).unwrap();
    assert_eq!(one.key(), "55|harbor rd|3|01970");
    // Without a state before it, a dashed short number is no postcode.
    assert_eq!(
        split_address("55 Harbor Rd 1970-2210").unwrap().postcode,
        None
    );
}

#[test]
fn a_floor_written_out_is_not_florida() {
    let one = normalize_one_line("1900 Market St Third FL", Some("US")).unwrap();
    assert_eq!(
        (one.key().as_str(), one.region),
        ("1900|market st|fl 3|", None)
    );
    // Florida after a city is still Florida.
    let fl = split_address("1900 Market St Tampa FL").unwrap();
    assert_eq!((fl.city, fl.region), (Some("Tampa"), Some("FL")));
}
