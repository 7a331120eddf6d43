//! Personal data is the payload: no public type that holds it shows a value through `Debug`
//! (`{:?}` or `{:#?}`), so a log line or a panic message never leaks a customer.
//!
//! The walk builds every public type that carries a customer's values from one profile whose
//! every value is a distinctive marker, and searches the `Debug` output of each for every marker.

use selfsame::normalize::address::normalize_address;
use selfsame::normalize::date::{parse_date, DateConfig};
use selfsame::normalize::email::normalize_email;
use selfsame::normalize::name::parse_full_name;
use selfsame::normalize::phone::normalize_phone;
use selfsame::normalize::{normalize_profile, NormalizeConfig};
use selfsame::{Channel, Config, Consent, ConsentState, PostalAddress, Profile, Resolver};

/// Distinctive values (lower-case; matched case-insensitively). The date's digits are checked
/// as its year and as its ISO form.
const MARKERS: [&str; 12] = [
    "zebulon",
    "quintus",
    "xylander",
    "zq-mailbox",
    "4155550134",
    "555-0134",
    "wolfsburgweg",
    "kwajalein",
    "1961",
    "99817",
    "fnord",
    "ظهیرالدین",
];

fn profile(source: &str, id: &str) -> Profile {
    Profile::new(source, id)
        .with_given_name("Zebulon")
        .with_middle_name("Quintus")
        .with_family_name("Xylander")
        .with_full_name("Zebulon Q. Xylander")
        .with_email("zq-mailbox@example.com")
        .with_phone("+1 (415) 555-0134")
        .with_address(
            PostalAddress::new()
                .with_street("77 Wolfsburgweg Apt 5")
                .with_city("Kwajalein")
                .with_postcode("96960")
                .with_country("US"),
        )
        .with_date_of_birth("1961-07-23")
        .with_identifier("loyalty", "LX-99817")
        .with_attribute("note", "fnord")
        .with_consent(Consent::new(Channel::Email, ConsentState::Granted))
}

#[track_caller]
fn assert_private(what: &str, shown: String) {
    let lower = shown.to_lowercase();
    for m in MARKERS {
        assert!(!lower.contains(m), "{what}: {m:?} shown in {shown}");
    }
    assert!(!shown.is_empty(), "{what}: empty Debug");
}

macro_rules! private {
    ($($e:expr),+ $(,)?) => {
        $(
            let v = &$e;
            assert_private(stringify!($e), format!("{v:?} {v:#?}"));
        )+
    };
}

#[test]
fn no_public_type_shows_a_value_through_debug() {
    let p = profile("crm", "1");
    let q = profile("shop", "2").with_given_name("ظهیرالدین");
    let cfg = NormalizeConfig::default();
    let n = normalize_profile(&p, &cfg);
    let res = Resolver::new(Config::default())
        .resolve(&[p.clone(), q.clone()])
        .unwrap();
    let explanation = res.explain(0, 1, &[p.clone(), q.clone()]).unwrap();
    private!(
        p,
        q,
        p.addresses[0],
        p.identifiers[0],
        p.consents[0],
        n,
        n.given.as_ref().unwrap(),
        n.family.as_ref().unwrap(),
        n.emails[0],
        n.phones[0],
        n.addresses[0],
        n.identifiers[0],
        normalize_email("zq-mailbox@example.com").unwrap(),
        normalize_phone("+1 (415) 555-0134", "US").unwrap(),
        normalize_address(&p.addresses[0], None).unwrap(),
        parse_full_name("Zebulon Quintus Xylander").unwrap(),
        parse_date("1961-07-23", &DateConfig::default()).unwrap(),
        res,
        res.golden[0],
        res.golden[0].fields,
        res.stats,
        res.links,
        explanation,
    );
}

#[test]
fn rejections_and_errors_do_not_echo_input() {
    let bad = Profile::new("crm", "9")
        .with_email("zq-mailbox at example")
        .with_phone("4155550134 fnord")
        .with_date_of_birth("1961-02-30")
        .with_given_name(" ")
        .with_address(
            PostalAddress::new()
                .with_street("Wolfsburgweg")
                .with_city("Kwajalein"),
        );
    let n = normalize_profile(&bad, &NormalizeConfig::default());
    assert!(!n.rejected.is_empty());
    for r in &n.rejected {
        assert_private("rejection", format!("{r:?} {r:#?}"));
        assert_private("rejection message", r.error.to_string());
    }
}

#[test]
fn custom_comparisons_and_candidate_pairs_show_no_value() {
    let people = [
        profile("crm", "1").with_attribute("birth_place", "Zebulon"),
        profile("shop", "2").with_attribute("birth_place", "Xylander"),
    ];
    let cfg = Config::default()
        .with_comparison("attr:birth_place=fuzzy".parse().unwrap())
        .with_comparison("attr:note=exact".parse().unwrap())
        .with_comparison("city=exact".parse().unwrap());
    let res = Resolver::new(cfg.clone()).resolve(&people).unwrap();
    let scored = Resolver::new(cfg).score_pairs(&people).unwrap();
    let n = res.normalized(0).unwrap();
    assert_eq!(n.custom.len(), 3);
    private!(
        n,
        n.custom[0],
        n.custom[0][0],
        res,
        res.model,
        scored,
        scored.pairs,
        res.explain(0, 1, &people).unwrap(),
    );
}

/// The walk can fail: a type that does show values is caught.
#[test]
fn the_walk_catches_a_leak() {
    let leaked = std::panic::catch_unwind(|| {
        assert_private("a String", format!("{:?}", "Zebulon"));
    });
    assert!(leaked.is_err());
}
