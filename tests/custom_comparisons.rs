//! Custom comparisons through the public API: attributes as evidence, learnt by EM, carried by
//! the model, usable in blocking rules, validated with clear errors.

use std::collections::HashMap;

use proptest::prelude::*;
use selfsame::block::{BlockKey, BlockingRule};
use selfsame::compare::{
    compare_with, normalize_custom, CompareKind, CustomComparison, CustomField, MISSING, NUM_FIELDS,
};
use selfsame::normalize::{normalize_profile, NormalizeConfig};
use selfsame::score::Model;
use selfsame::{Config, Error, Profile, Resolver};

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const GIVEN: [&str; 8] = [
    "John",
    "Mary",
    "William",
    "Elizabeth",
    "Thomas",
    "Sarah",
    "James",
    "Ann",
];
const FAMILY: [&str; 8] = [
    "Smith", "Jones", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright",
];

const STEM: [&str; 10] = [
    "Ash", "Brad", "Cal", "Dun", "Elm", "Fen", "Gar", "Hal", "Ire", "Kel",
];
const END: [&str; 6] = ["bury", "ford", "ton", "ham", "wick", "by"];

/// People of a small parish: few names, so many namesakes; each person has a birth place and
/// an occupation (attributes), a birth date only sometimes. Records repeat the names exactly,
/// the birth place with an occasional typo. Returns the profiles and each one's person.
fn parish(people: usize, seed: u64) -> (Vec<Profile>, Vec<usize>) {
    let mut s = seed;
    let mut profiles = Vec::new();
    let mut truth = Vec::new();
    for person in 0..people {
        let g = GIVEN[(splitmix(&mut s) % 8) as usize];
        let f = FAMILY[(splitmix(&mut s) % 8) as usize];
        let place = format!(
            "{}{}",
            STEM[(splitmix(&mut s) % 10) as usize],
            END[(splitmix(&mut s) % 6) as usize]
        );
        let job = format!("trade{}", splitmix(&mut s) % 40);
        let year = 1700 + splitmix(&mut s) % 200;
        let records = 2 + (splitmix(&mut s) % 2) as usize;
        for r in 0..records {
            let mut p = Profile::new("register", format!("{person}-{r}"))
                .with_given_name(g)
                .with_family_name(f);
            if splitmix(&mut s) % 10 < 9 {
                let mut place = place.clone();
                if splitmix(&mut s).is_multiple_of(5) {
                    place.push('e');
                }
                p = p.with_attribute("birth_place", place);
            }
            if splitmix(&mut s) % 10 < 8 {
                p = p.with_attribute("occupation", job.clone());
            }
            if splitmix(&mut s) % 10 < 2 {
                p = p.with_date_of_birth(format!("{year}-03-0{}", 1 + r % 2));
            }
            profiles.push(p);
            truth.push(person);
        }
    }
    (profiles, truth)
}

/// Pairwise precision, recall and F1 of a resolution against the truth.
fn pairwise(res: &selfsame::Resolution, truth: &[usize]) -> (f64, f64, f64) {
    let mut per_truth: HashMap<usize, u64> = HashMap::new();
    let mut both: HashMap<(usize, usize), u64> = HashMap::new();
    for (c, cl) in res.clusters.iter().enumerate() {
        for &m in &cl.members {
            *both.entry((c, truth[m as usize])).or_default() += 1;
        }
    }
    for &t in truth {
        *per_truth.entry(t).or_default() += 1;
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let tp: u64 = both.values().map(|&n| pairs(n)).sum();
    let predicted: u64 = res
        .clusters
        .iter()
        .map(|c| pairs(c.members.len() as u64))
        .sum();
    let actual: u64 = per_truth.values().map(|&n| pairs(n)).sum();
    let p = tp as f64 / predicted.max(1) as f64;
    let r = tp as f64 / actual.max(1) as f64;
    (p, r, 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE))
}

fn with_parish_comparisons(cfg: Config) -> Config {
    cfg.with_comparison("attr:birth_place=fuzzy".parse().unwrap())
        .with_comparison("attr:occupation=exact".parse().unwrap())
}

#[test]
fn attributes_as_evidence_separate_namesakes() {
    let (profiles, truth) = parish(400, 7);
    let plain = Resolver::new(Config::default()).resolve(&profiles).unwrap();
    let custom = Resolver::new(with_parish_comparisons(Config::default()))
        .resolve(&profiles)
        .unwrap();
    let (p0, r0, f0) = pairwise(&plain, &truth);
    let (p1, r1, f1) = pairwise(&custom, &truth);
    // Names alone cannot tell the parish's namesakes apart; birth place and occupation can.
    assert!(
        f1 > 0.5 && f1 > f0 + 0.3,
        "F1 {f1:.3} (P {p1:.3} R {r1:.3}) with the attributes vs {f0:.3} (P {p0:.3} R {r0:.3}) without"
    );
    assert!(p1 > 0.95, "precision {p1:.3}");
    // EM learnt that an equal birth place is evidence and a different one is against.
    let bp = &custom.model.custom[0];
    assert_eq!(bp.comparison.name, "attr:birth_place");
    assert!(
        bp.weight(0) > 2.0 && bp.weight(3) < -1.0,
        "{:?} {:?}",
        bp.m,
        bp.u
    );
    // Every record in exactly one cluster.
    let mut seen = vec![0u8; profiles.len()];
    for c in &custom.clusters {
        for &m in &c.members {
            seen[m as usize] += 1;
        }
    }
    assert!(seen.iter().all(|&n| n == 1));
}

#[test]
fn a_saved_model_carries_its_comparisons() {
    let (profiles, _) = parish(150, 11);
    let cfg = with_parish_comparisons(Config::default());
    let res = Resolver::new(cfg.clone()).resolve(&profiles).unwrap();
    let json = serde_json::to_string(&res.model).unwrap();
    let model: Model = serde_json::from_str(&json).unwrap();
    assert_eq!(model.custom.len(), 2);
    let again = Resolver::new(cfg)
        .with_model(model.clone())
        .resolve(&profiles)
        .unwrap();
    let ids = |r: &selfsame::Resolution| {
        r.clusters
            .iter()
            .map(|c| c.members.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&res), ids(&again));
    // A configuration without those comparisons cannot use it.
    let err = Resolver::new(Config::default())
        .with_model(model.clone())
        .resolve(&profiles)
        .unwrap_err();
    assert!(matches!(err, Error::Model(_)), "{err}");
    // Nor one with them in another order.
    let swapped = Config::default()
        .with_comparison("attr:occupation=exact".parse().unwrap())
        .with_comparison("attr:birth_place=fuzzy".parse().unwrap());
    assert!(Resolver::new(swapped)
        .with_model(model)
        .resolve(&profiles)
        .is_err());
}

#[test]
fn explain_shows_custom_evidence_as_scored() {
    let (profiles, _) = parish(100, 3);
    let res = Resolver::new(with_parish_comparisons(Config::default()))
        .resolve(&profiles)
        .unwrap();
    let e = res.explain(0, 1, &profiles).unwrap();
    assert_eq!(e.fields.len(), NUM_FIELDS + 2);
    assert_eq!(e.fields[NUM_FIELDS].field, "attr:birth_place");
    assert_eq!(e.fields[NUM_FIELDS + 1].field, "attr:occupation");
    let total = e.prior_weight + e.fields.iter().map(|f| f.weight).sum::<f64>();
    assert!((total - e.weight).abs() < 1e-9 || e.guarded.is_some() || e.weight > total);
    // The linked pair's weight in the resolution is the explained one.
    if let Some(l) = res.links.iter().find(|l| (l.a, l.b) == (0, 1)) {
        assert!(
            (l.weight - e.weight).abs() < 1e-6,
            "{} vs {}",
            l.weight,
            e.weight
        );
    }
}

#[test]
fn blocking_on_a_custom_field() {
    // Two records that share nothing but a membership number: only a rule on it pairs them.
    let profiles = vec![
        Profile::new("a", "1")
            .with_given_name("Ann")
            .with_attribute("member", "M-1001"),
        Profile::new("b", "2")
            .with_given_name("Zoe")
            .with_attribute("member", "m 1001"),
        Profile::new("b", "3")
            .with_given_name("Kim")
            .with_attribute("member", "M-2002"),
    ];
    let cmp: CustomComparison = "attr:member=exact".parse().unwrap();
    let base = Config::default().with_comparison(cmp);
    let without = Resolver::new(base.clone())
        .blocking_stats(&profiles)
        .unwrap();
    assert_eq!(without.total_pairs, 0);
    let rule = BlockingRule::new("member", vec![BlockKey::Custom(0)]);
    let cfg = base
        .clone()
        .with_blocking(base.blocking.clone().with_rule(rule));
    let with = Resolver::new(cfg.clone())
        .blocking_stats(&profiles)
        .unwrap();
    assert_eq!(with.total_pairs, 1, "M-1001 and m 1001 fold alike");
    // The rule survives a JSON round trip of the whole configuration.
    let json = serde_json::to_string(&cfg).unwrap();
    let back: Config = serde_json::from_str(&json).unwrap();
    assert_eq!(
        Resolver::new(back)
            .blocking_stats(&profiles)
            .unwrap()
            .total_pairs,
        1
    );
}

#[test]
fn configuration_errors_are_typed() {
    let p = vec![Profile::new("a", "1").with_given_name("Ann")];
    let one = Config::default().with_comparison("attr:x=exact".parse().unwrap());
    // A block key on a comparison that does not exist.
    let bad_key = one.clone().with_blocking(
        one.blocking
            .clone()
            .with_rule(BlockingRule::new("x", vec![BlockKey::Custom(1)])),
    );
    assert!(matches!(
        Resolver::new(bad_key).resolve(&p),
        Err(Error::Config(_))
    ));
    // A rule without keys would put every record in one block.
    let empty = one.clone().with_blocking(
        one.blocking
            .clone()
            .with_rule(BlockingRule::new("all", vec![])),
    );
    assert!(matches!(
        Resolver::new(empty).resolve(&p),
        Err(Error::Config(_))
    ));
    // Two comparisons of one name; too many comparisons; bad thresholds.
    let twice = one.clone().with_comparison("attr:x=fuzzy".parse().unwrap());
    assert!(matches!(
        Resolver::new(twice).resolve(&p),
        Err(Error::Config(_))
    ));
    let mut many = Config::default();
    for i in 0..10 {
        many = many.with_comparison(format!("attr:a{i}=exact").parse().unwrap());
    }
    assert!(matches!(
        Resolver::new(many).resolve(&p),
        Err(Error::Config(_))
    ));
    let rising = CustomComparison::new(
        CustomField::City,
        CompareKind::Fuzzy {
            thresholds: vec![0.5, 0.9],
        },
    );
    assert!(matches!(
        Resolver::new(Config::default().with_comparison(rising)).resolve(&p),
        Err(Error::Config(_))
    ));
    // Unknown fields and kinds do not parse.
    assert!("attr:x=levenshtein".parse::<CustomComparison>().is_err());
    assert!("shoe=exact".parse::<CustomComparison>().is_err());
    assert!("attr:=exact".parse::<CustomComparison>().is_err());
}

#[test]
fn values_as_people_write_them() {
    let cfg = NormalizeConfig::default();
    let cmp: Vec<CustomComparison> = vec![
        "attr:baptism=date".parse().unwrap(),
        "attr:height=number".parse().unwrap(),
        "city=fuzzy".parse().unwrap(),
        "country=exact".parse().unwrap(),
    ];
    let prep = |p: Profile| {
        let mut n = normalize_profile(&p, &cfg);
        normalize_custom(&p, &mut n, &cmp, &cfg);
        n
    };
    let addr = |city: &str, country: &str| {
        selfsame::PostalAddress::new()
            .with_street("1 High St")
            .with_city(city)
            .with_country(country)
    };
    let a = prep(
        Profile::new("a", "1")
            .with_attribute("baptism", "1612-04-23")
            .with_attribute("height", "1,80")
            .with_address(addr("Zürich", "Switzerland")),
    );
    let b = prep(
        Profile::new("b", "2")
            .with_attribute("baptism", "23 April 1612")
            .with_attribute("height", "1.81")
            .with_address(addr("ZURICH", "CH")),
    );
    let c = compare_with(&a, &b, &cmp);
    assert_eq!(c.custom_level(0), 0, "dates of the 17th century");
    assert_eq!(c.custom_level(1), 1, "1.80 and 1.81 within 1");
    assert_eq!(c.custom_level(2), 0, "cities fold alike");
    assert_eq!(c.custom_level(3), 0, "a country name and its code");
    // A value that cannot be read is listed, not dropped.
    let bad = prep(Profile::new("c", "3").with_attribute("height", "tall"));
    assert_eq!(bad.rejected.len(), 1);
    assert_eq!(bad.rejected[0].field, selfsame::Field::Custom);
    assert_eq!(bad.rejected[0].index, 1);
    assert_eq!(compare_with(&a, &bad, &cmp).custom_level(1), MISSING);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Custom comparisons are symmetric, stay within their levels, and never panic on any
    /// attribute text.
    #[test]
    fn custom_levels_symmetric_and_in_range(x in ".{0,12}", y in ".{0,12}", nx in "[-0-9.,]{0,8}", ny in "[-0-9.,]{0,8}") {
        let cfg = NormalizeConfig::default();
        let cmp: Vec<CustomComparison> = vec![
            "attr:t=fuzzy".parse().unwrap(),
            "attr:t=exact".parse::<CustomComparison>().unwrap().with_name("t2"),
            "attr:n=number".parse().unwrap(),
            "attr:t=date".parse::<CustomComparison>().unwrap().with_name("t3"),
        ];
        let prep = |t: &str, n: &str| {
            let p = Profile::new("a", "1").with_attribute("t", t).with_attribute("n", n);
            let mut r = normalize_profile(&p, &cfg);
            normalize_custom(&p, &mut r, &cmp, &cfg);
            r
        };
        let (a, b) = (prep(&x, &nx), prep(&y, &ny));
        let ab = compare_with(&a, &b, &cmp);
        let ba = compare_with(&b, &a, &cmp);
        prop_assert_eq!(ab.levels, ba.levels);
        for (k, c) in cmp.iter().enumerate() {
            let l = ab.custom_level(k);
            prop_assert!(l == MISSING || (l as usize) < c.kind.num_levels());
        }
        // A record compared with itself agrees on every value it has.
        let aa = compare_with(&a, &a, &cmp);
        for k in 0..cmp.len() {
            let has = a.custom.get(k).is_some_and(|v| !v.is_empty());
            prop_assert_eq!(aa.custom_level(k) == 0, has);
        }
    }
}
