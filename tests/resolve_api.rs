//! Integration tests through the public API: `Resolver::resolve` on real-world-like records,
//! explanations, unique identifiers, bad input and link mode.

use selfsame::cluster::GuardConfig;
use selfsame::{Config, Error, Mode, PostalAddress, Profile, Resolution, Resolver};

const GIVEN: &[&str] = &[
    "Oliver", "Amelia", "Noah", "Sofia", "Liam", "Chloe", "Ethan", "Grace", "Mateo", "Hannah",
    "Arjun", "Yuki", "Tomasz", "Fatima", "Kwame", "Ingrid", "Diego", "Mei", "Samuel", "Leah",
];
const FAMILY: &[&str] = &[
    "Johnson",
    "Okafor",
    "Kowalski",
    "Andersson",
    "Tanaka",
    "Haddad",
    "Brennan",
    "Moreau",
];
const STREETS: &[&str] = &[
    "Maple Avenue",
    "Cedar Lane",
    "Harbor Road",
    "Birch Street",
    "Sunset Boulevard",
];
const CITIES: &[(&str, &str)] = &[
    ("Portland", "97201"),
    ("Denver", "80203"),
    ("Austin", "73301"),
    ("Boston", "02139"),
];

fn address(street: &str, city: &str, postcode: &str) -> PostalAddress {
    PostalAddress::new()
        .with_street(street)
        .with_city(city)
        .with_postcode(postcode)
}

/// 80 different people, every fourth one also in a second source with a nickname-free variant
/// (upper-case name, other phone format, no address), so that training sees matches and
/// non-matches.
fn background() -> Vec<Profile> {
    let mut out = Vec::new();
    for i in 0..80usize {
        let given = GIVEN[i % GIVEN.len()];
        let family = FAMILY[(i * 7 + i / GIVEN.len()) % FAMILY.len()];
        let (city, postcode) = CITIES[i % CITIES.len()];
        let email = format!("{}.{}{}@example.org", given, family, i).to_lowercase();
        let dob = format!(
            "19{:02}-{:02}-{:02}",
            40 + i % 55,
            1 + i % 12,
            1 + (i * 3) % 28
        );
        let street = format!("{} {}", 10 + i * 3, STREETS[i % STREETS.len()]);
        out.push(
            Profile::new("crm", format!("bg{i}"))
                .with_given_name(given)
                .with_family_name(family)
                .with_email(&email)
                .with_phone(format!("(646) 555-{:04}", 1000 + i))
                .with_address(address(&street, city, postcode))
                .with_date_of_birth(&dob),
        );
        if i % 4 == 0 {
            out.push(
                Profile::new("shop", format!("bg{i}"))
                    .with_full_name(format!("{} {}", given, family).to_uppercase())
                    .with_email(email.to_uppercase())
                    .with_phone(format!("+1 646 555 {:04}", 1000 + i))
                    .with_date_of_birth(dob),
            );
        }
    }
    out
}

/// The named records of the scenarios, each with a short key.
fn scenario() -> Vec<(&'static str, Profile)> {
    let oak = || address("12 Oak Street", "Springfield", "94105");
    vec![
        // A household: one family email, one landline, one address; different people.
        (
            "maria",
            Profile::new("crm", "h1")
                .with_given_name("Maria")
                .with_family_name("Garcia")
                .with_email("garcia.family@example.com")
                .with_phone("(415) 555-0177")
                .with_address(oak())
                .with_date_of_birth("1970-03-14"),
        ),
        (
            "jose",
            Profile::new("shop", "h2")
                .with_given_name("José")
                .with_family_name("García")
                .with_email("Garcia.Family@example.com")
                .with_phone("415-555-0177")
                .with_address(oak())
                .with_date_of_birth("11/02/1968"),
        ),
        (
            "luis",
            Profile::new("pos", "h3")
                .with_given_name("Luis")
                .with_family_name("Garcia")
                .with_email("garcia.family@example.com")
                .with_phone("+1 415 555 0177")
                .with_address(address("12 Oak St", "Springfield", "94105"))
                .with_date_of_birth("2001-06-21"),
        ),
        // A person who moved: new address, same name, email and birth date, phone reformatted.
        (
            "ann_old",
            Profile::new("crm", "m1")
                .with_given_name("Ann")
                .with_family_name("Lee")
                .with_email("ann.lee@example.com")
                .with_phone("(303) 555-0142")
                .with_address(address("400 Pine Ave", "Denver", "80203"))
                .with_date_of_birth("1985-03-12"),
        ),
        (
            "ann_new",
            Profile::new("shop", "m2")
                .with_given_name("ANN")
                .with_family_name("LEE")
                .with_email("Ann.Lee@Example.com")
                .with_phone("+1 303-555-0142")
                .with_address(address("9 Elm Road", "Portland", "97201"))
                .with_date_of_birth("03/12/1985"),
        ),
        // A chain: A–B share an email, B–C a phone; A and C share nothing but the name.
        (
            "priya_a",
            Profile::new("crm", "p1")
                .with_given_name("Priya")
                .with_family_name("Raghunathan")
                .with_email("priya.r@example.net"),
        ),
        (
            "priya_b",
            Profile::new("shop", "p2")
                .with_given_name("Priya")
                .with_family_name("Raghunathan")
                .with_email("PRIYA.R@example.net")
                .with_phone("(617) 555-0111"),
        ),
        (
            "priya_c",
            Profile::new("pos", "p3")
                .with_given_name("Priya")
                .with_family_name("Raghunathan")
                .with_phone("617.555.0111"),
        ),
    ]
}

fn dataset() -> (Vec<Profile>, Vec<&'static str>) {
    let (keys, mut profiles): (Vec<&str>, Vec<Profile>) = scenario().into_iter().unzip();
    profiles.extend(background());
    (profiles, keys)
}

fn index(keys: &[&str], key: &str) -> usize {
    keys.iter().position(|k| *k == key).unwrap()
}

/// Every input record in exactly one cluster, one golden record per cluster, ids consistent.
fn assert_well_formed(res: &Resolution, n: usize) {
    let mut seen = vec![0; n];
    for (c, cl) in res.clusters.iter().enumerate() {
        assert!(!cl.members.is_empty());
        for &m in &cl.members {
            seen[m as usize] += 1;
            assert_eq!(res.cluster_of(m as usize), Some(c));
        }
    }
    assert!(
        seen.iter().all(|&k| k == 1),
        "a record is in 0 or 2+ clusters"
    );
    assert_eq!(res.golden.len(), res.clusters.len());
    assert_eq!(res.stats.clusters, res.clusters.len());
    assert_eq!(res.stats.records, n);
    for (g, c) in res.golden.iter().zip(&res.clusters) {
        assert_eq!(g.cluster_id, c.id);
        assert_eq!(g.records.len(), c.members.len());
    }
    assert!(res.clusters.windows(2).all(|w| w[0].id < w[1].id));
    assert!(res.links.iter().all(|l| l.a < l.b && (l.b as usize) < n));
}

#[test]
fn household_stays_apart_and_mover_merges() {
    let (profiles, keys) = dataset();
    let res = Resolver::default().resolve(&profiles).unwrap();
    assert_well_formed(&res, profiles.len());
    // (a, b, same person?)
    const CASES: &[(&str, &str, bool)] = &[
        ("maria", "jose", false),
        ("maria", "luis", false),
        ("jose", "luis", false),
        ("ann_old", "ann_new", true),
        ("priya_a", "priya_b", true),
        ("priya_b", "priya_c", true),
        ("priya_a", "priya_c", true),
        ("maria", "ann_old", false),
    ];
    for &(a, b, same) in CASES {
        let (i, j) = (index(&keys, a), index(&keys, b));
        assert_eq!(
            res.cluster_of(i) == res.cluster_of(j),
            same,
            "{a} / {b}:\n{}",
            res.explain(i, j, &profiles).unwrap()
        );
    }
    // The household was kept apart by the guard, not by a lack of candidate pairs.
    assert!(
        res.stats.guard.household_refused >= 3,
        "{:?}",
        res.stats.guard
    );
    // Background duplicates merge too: the shop copy of bg0 joins the crm record.
    let bg = |s: &str, id: &str| {
        profiles
            .iter()
            .position(|p| p.source == s && p.id == id)
            .unwrap()
    };
    assert_eq!(
        res.cluster_of(bg("crm", "bg0")),
        res.cluster_of(bg("shop", "bg0"))
    );
    assert_ne!(
        res.cluster_of(bg("crm", "bg0")),
        res.cluster_of(bg("crm", "bg1"))
    );
}

#[test]
fn explains_direct_and_indirect_links() {
    let (profiles, keys) = dataset();
    let res = Resolver::default().resolve(&profiles).unwrap();

    let (i, j) = (index(&keys, "ann_old"), index(&keys, "ann_new"));
    let e = res.explain(i, j, &profiles).unwrap();
    assert!(e.direct_link && e.same_cluster, "{e}");
    assert!(e.chain.is_empty(), "{e}");
    assert!(e.probability >= e.threshold, "{e}");
    let text = e.to_string();
    for field in [
        "given_name",
        "family_name",
        "email",
        "phone",
        "address",
        "date_of_birth",
    ] {
        assert!(text.contains(field), "{field} missing from:\n{text}");
    }
    assert!(text.contains("linked directly"), "{text}");
    // Explaining is symmetric in verdict.
    let back = res.explain(j, i, &profiles).unwrap();
    assert_eq!(
        (back.direct_link, back.same_cluster),
        (e.direct_link, e.same_cluster)
    );

    let (a, b, c) = (
        index(&keys, "priya_a"),
        index(&keys, "priya_b"),
        index(&keys, "priya_c"),
    );
    let e = res.explain(a, c, &profiles).unwrap();
    assert!(e.same_cluster, "{e}");
    assert!(!e.direct_link, "{e}");
    assert_eq!(e.chain.len(), 2, "{e}");
    assert_eq!(e.chain[0].from.record_id, profiles[a].id);
    assert_eq!(e.chain[0].to.record_id, profiles[b].id);
    assert_eq!(e.chain[1].to.record_id, profiles[c].id);
    let text = e.to_string();
    assert!(text.contains("through other records"), "{text}");
    assert!(
        text.contains("given_name") && text.contains("email"),
        "{text}"
    );
    // Explanations name fields and ids, never values.
    assert!(
        !text.contains("priya.r@example.net") && !text.contains("555"),
        "{text}"
    );

    assert!(res.explain(0, profiles.len(), &profiles).is_none());
}

#[test]
fn unique_identifiers_forbid_and_force_merges() {
    let mut profiles = background();
    let n0 = profiles.len();
    profiles.extend([
        // Same name and email, different national ids: two people (or a data error) — apart.
        Profile::new("crm", "u1")
            .with_given_name("Tom")
            .with_family_name("Baker")
            .with_email("tom.baker@example.com")
            .with_identifier("national_id", "111-22-3333"),
        Profile::new("shop", "u2")
            .with_given_name("Tom")
            .with_family_name("Baker")
            .with_email("tom.baker@example.com")
            .with_identifier("National ID", "444 55 6666"),
        // Equal national ids in other formats, different emails: one person.
        Profile::new("crm", "u3")
            .with_given_name("Nina")
            .with_family_name("Patel")
            .with_email("nina.p@example.com")
            .with_identifier("national_id", "555-66-7777"),
        Profile::new("pos", "u4")
            .with_given_name("N.")
            .with_family_name("Patel")
            .with_email("npatel@work.example.org")
            .with_identifier("national_id", "555667777"),
    ]);
    let cfg = Config::default().with_unique_identifier("national_id");
    let res = Resolver::new(cfg).resolve(&profiles).unwrap();
    assert_well_formed(&res, profiles.len());
    let (tom1, tom2, nina1, nina2) = (n0, n0 + 1, n0 + 2, n0 + 3);
    assert_ne!(
        res.cluster_of(tom1),
        res.cluster_of(tom2),
        "{}",
        res.explain(tom1, tom2, &profiles).unwrap()
    );
    let linked = |a: usize, b: usize| {
        res.links
            .iter()
            .any(|l| (l.a as usize, l.b as usize) == (a.min(b), a.max(b)))
    };
    // The pair scores above the threshold (see the run without the declaration below), so the
    // guard stage must keep it out of the links and say why.
    assert!(!linked(tom1, tom2));
    let e = res.explain(tom1, tom2, &profiles).unwrap();
    assert_eq!(
        e.guarded,
        Some(selfsame::guard::GuardReason::UniqueIdConflict),
        "{e}"
    );
    assert!(res.stats.guard.conflicts_refused > 0);
    assert!(!res.explain(tom1, tom2, &profiles).unwrap().same_cluster);
    assert_eq!(
        res.cluster_of(nina1),
        res.cluster_of(nina2),
        "{}",
        res.explain(nina1, nina2, &profiles).unwrap()
    );
    assert!(linked(nina1, nina2));

    // Without the declaration the Toms merge: the separation came from the unique id.
    let res = Resolver::default().resolve(&profiles).unwrap();
    assert_eq!(res.cluster_of(tom1), res.cluster_of(tom2));
    assert!(res.explain(tom1, tom2, &profiles).unwrap().probability >= res_threshold());
}

#[test]
fn unique_identifier_conflict_through_a_third_record_is_refused() {
    // Two Toms with different ids, and an id-less record linked to both by email.
    let mut profiles = background();
    let n0 = profiles.len();
    profiles.extend([
        Profile::new("crm", "t1")
            .with_given_name("Tom")
            .with_family_name("Baker")
            .with_email("tom.baker@example.com")
            .with_date_of_birth("1980-05-05")
            .with_identifier("national_id", "111-22-3333"),
        Profile::new("shop", "t2")
            .with_given_name("Tom")
            .with_family_name("Baker")
            .with_email("tom.baker@example.com")
            .with_date_of_birth("1980-05-05"),
        Profile::new("pos", "t3")
            .with_given_name("Tom")
            .with_family_name("Baker")
            .with_email("tom.baker@example.com")
            .with_date_of_birth("1980-05-05")
            .with_identifier("national_id", "444-55-6666"),
    ]);
    let cfg = Config::default().with_unique_identifier("national_id");
    let res = Resolver::new(cfg).resolve(&profiles).unwrap();
    assert_well_formed(&res, profiles.len());
    assert_ne!(res.cluster_of(n0), res.cluster_of(n0 + 2));
    assert!(
        res.stats.guard.conflicts_refused >= 1,
        "{:?}",
        res.stats.guard
    );
}

#[test]
fn rejects_duplicate_records() {
    let profiles = vec![
        Profile::new("crm", "1").with_given_name("Ann"),
        Profile::new("shop", "1").with_given_name("Ann"),
        Profile::new("crm", "1").with_given_name("Bob"),
    ];
    let err = Resolver::default().resolve(&profiles).unwrap_err();
    assert_eq!(
        err,
        Error::DuplicateRecord {
            source_name: "crm".into(),
            first: 0,
            second: 2
        }
    );
    // The message names the source and the positions, never the values.
    let msg = err.to_string();
    assert!(
        msg.contains("crm") && msg.contains('0') && msg.contains('2'),
        "{msg}"
    );
    assert!(!msg.contains("Ann") && !msg.contains("Bob"), "{msg}");
}

#[test]
fn rejects_invalid_configuration() {
    let base = Config::default;
    let cases: Vec<(&str, Config)> = vec![
        ("threshold 0", base().with_threshold(0.0)),
        ("threshold 1", base().with_threshold(1.0)),
        ("threshold negative", base().with_threshold(-0.5)),
        ("threshold above 1", base().with_threshold(1.5)),
        ("threshold NaN", base().with_threshold(f64::NAN)),
        (
            "block cap 1",
            base().with_blocking(selfsame::block::BlockingConfig::default().with_max_block_size(1)),
        ),
        (
            "bridge probability 2",
            base().with_guard(GuardConfig {
                bridge_probability: 2.0,
                ..GuardConfig::default()
            }),
        ),
    ];
    let profiles = vec![Profile::new("crm", "1").with_given_name("Ann")];
    for (name, cfg) in cases {
        match Resolver::new(cfg).resolve(&profiles) {
            Err(Error::Config(msg)) => assert!(!msg.is_empty(), "{name}"),
            other => panic!(
                "{name}: expected Error::Config, got {:?}",
                other.map(|r| r.stats)
            ),
        }
    }
}

#[test]
fn empty_input_gives_empty_resolution() {
    let res = Resolver::default().resolve(&[]).unwrap();
    assert!(res.clusters.is_empty() && res.golden.is_empty() && res.links.is_empty());
    assert_eq!((res.stats.records, res.stats.clusters), (0, 0));
    assert_eq!(res.cluster_of(0), None);
}

#[test]
fn rejected_values_are_counted_and_the_record_kept() {
    let mut profiles = background();
    let n0 = profiles.len();
    profiles.push(
        Profile::new("crm", "bad")
            .with_given_name("Rosa")
            .with_family_name("Ortega")
            .with_email("not an email")
            .with_phone("12")
            .with_date_of_birth("31/31/2000"),
    );
    // Only bad values: nothing left to match on.
    profiles.push(
        Profile::new("crm", "worse")
            .with_email("@@")
            .with_phone("call me"),
    );
    let clean = Resolver::default().resolve(&profiles[..n0]).unwrap();
    let res = Resolver::default().resolve(&profiles).unwrap();
    assert_well_formed(&res, profiles.len());
    assert_eq!(clean.stats.rejected_values, 0);
    assert_eq!(res.stats.rejected_values, 5);
    assert_eq!(res.normalized(n0).unwrap().rejected.len(), 3);
    assert_eq!(res.normalized(n0 + 1).unwrap().rejected.len(), 2);
    // Kept: the good name survives, each record alone in its cluster.
    assert!(res.normalized(n0).unwrap().given.is_some());
    for i in [n0, n0 + 1] {
        let c = res.cluster_of(i).unwrap();
        assert_eq!(res.clusters[c].members, vec![i as u32]);
    }
}

#[test]
fn link_mode_never_links_within_a_source() {
    let mut profiles = background();
    let n0 = profiles.len();
    let kim = |source: &str, id: &str| {
        Profile::new(source, id)
            .with_given_name("Grace")
            .with_family_name("Kim")
            .with_email("grace.kim@example.com")
            .with_date_of_birth("1990-07-04")
    };
    profiles.extend([kim("crm", "k1"), kim("crm", "k2"), kim("shop", "k3")]);
    let cfg = Config::default().with_mode(Mode::Link);
    let res = Resolver::new(cfg).resolve(&profiles).unwrap();
    assert_well_formed(&res, profiles.len());
    for l in &res.links {
        let (a, b) = (&profiles[l.a as usize], &profiles[l.b as usize]);
        assert_ne!(
            a.source, b.source,
            "{}:{} -- {}:{}",
            a.source, a.id, b.source, b.id
        );
    }
    let e = res.explain(n0, n0 + 1, &profiles).unwrap();
    assert!(!e.direct_link, "{e}");
    // Each crm record links to the shop record.
    for crm in [n0, n0 + 1] {
        let e = res.explain(crm, n0 + 2, &profiles).unwrap();
        assert!(e.direct_link, "{e}");
    }

    // In dedupe mode the two crm records are linked directly.
    let res = Resolver::default().resolve(&profiles).unwrap();
    assert!(res.explain(n0, n0 + 1, &profiles).unwrap().direct_link);
}

#[test]
fn explanation_weight_matches_the_link_weight() {
    let (profiles, _) = dataset();
    let res = Resolver::default().resolve(&profiles).unwrap();
    assert!(res.links.len() > 20);
    for l in &res.links {
        let e = res.explain(l.a as usize, l.b as usize, &profiles).unwrap();
        assert!(e.direct_link, "{e}");
        // Scoring keeps the term-frequency adjustment as f32; allow for its rounding.
        assert!(
            (e.weight - l.weight).abs() < 1e-4,
            "{} vs {}:\n{e}",
            e.weight,
            l.weight
        );
        assert!(l.probability >= e.threshold, "{e}");
        let levels: Vec<&str> = e.fields.iter().map(|f| f.level.as_str()).collect();
        let want: Vec<&str> = l
            .levels
            .iter()
            .zip(selfsame::compare::CompareField::ALL)
            .map(|(&lv, f)| {
                if lv == selfsame::compare::MISSING {
                    "missing"
                } else {
                    f.level_names()[lv as usize]
                }
            })
            .collect();
        assert_eq!(levels, want);
    }
}

/// The default match threshold.
fn res_threshold() -> f64 {
    Config::default().threshold
}

/// A number of an unassigned range (area code 287) carried by two records of one person is
/// evidence by default, and none when the configuration turns such numbers off.
#[test]
fn unassigned_phone_numbers_link_unless_turned_off() {
    use selfsame::normalize::{phone::normalize_phone, NormalizeConfig};
    assert!(normalize_phone("(287) 507-9801", "US").is_err());
    let mut profiles = background();
    profiles.push(
        Profile::new("pos", "r1")
            .with_given_name("Rotraud")
            .with_phone("(287) 507-9801")
            .with_date_of_birth("1971-07-22"),
    );
    profiles.push(
        Profile::new("support", "r2")
            .with_given_name("ROTRAUD")
            .with_family_name("Keller")
            .with_phone("1-287-507-9801"),
    );
    let (a, b) = (profiles.len() - 2, profiles.len() - 1);
    let res = Resolver::default().resolve(&profiles).unwrap();
    assert_well_formed(&res, profiles.len());
    assert_eq!(res.cluster_of(a), res.cluster_of(b));
    let strict =
        Config::default().with_normalize(NormalizeConfig::default().with_unassigned_phones(false));
    let res = Resolver::new(strict).resolve(&profiles).unwrap();
    assert_well_formed(&res, profiles.len());
    assert_ne!(res.cluster_of(a), res.cluster_of(b));
}
