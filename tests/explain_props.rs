//! `Resolution::explain` agrees with what `Resolver::resolve` did, under every configuration:
//! random small populations (households, shared and unique identifiers, namesakes, missing
//! fields) resolved with random thresholds, modes, unique identifiers, guard settings and
//! blocking caps; every pair of records is explained and checked against the links, the guard's
//! refusals and the clusters.

use proptest::prelude::*;
use selfsame::guard::GuardConfig;
use selfsame::{Config, Mode, PostalAddress, Profile, Resolver};

const GIVEN: [&str; 5] = ["Anna", "Ann", "Oscar", "Mei", "Tariq"];
const FAMILY: [&str; 3] = ["Harrison", "Okafor", "Lindqvist"];
const SOURCES: [&str; 3] = ["crm", "shop", "pos"];

/// Given, family, source, email, phone, birth date, loyalty id, street (indices; 0 = none for
/// the optional fields).
type Person = (usize, usize, usize, u8, u8, u8, u8, usize);

fn person() -> impl Strategy<Value = Person> {
    (
        0..GIVEN.len(),
        0..FAMILY.len(),
        0..SOURCES.len(),
        0u8..4, // email: none, or one of three
        0u8..3, // phone: none, or one of two
        0u8..3, // birth date: none, or one of two
        0u8..3, // loyalty id: none, or one of two
        0usize..2,
    )
}

fn profiles(people: &[Person]) -> Vec<Profile> {
    people
        .iter()
        .enumerate()
        .map(|(i, &(g, f, s, e, ph, d, id, street))| {
            let mut p = Profile::new(SOURCES[s], i.to_string())
                .with_given_name(GIVEN[g])
                .with_family_name(FAMILY[f])
                .with_address(
                    PostalAddress::new()
                        .with_street(["12 Elm Street", "9 Oak Avenue"][street])
                        .with_postcode("94107"),
                );
            if e > 0 {
                p = p.with_email(format!("{}.{}{e}@example.com", GIVEN[g], FAMILY[f]));
            }
            if ph > 0 {
                p = p.with_phone(["+1 415 555 0134", "+1 415 555 0177"][ph as usize - 1]);
            }
            if d > 0 {
                p = p.with_date_of_birth(["1980-03-04", "1991-11-30"][d as usize - 1]);
            }
            if id > 0 {
                p = p.with_identifier("loyalty", format!("L-{id}"));
            }
            p
        })
        .collect()
}

fn config() -> impl Strategy<Value = Config> {
    (
        prop::sample::select(vec![0.5, 0.8, 0.9, 0.99]),
        prop::sample::select(vec![Mode::Dedupe, Mode::Link]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![3usize, 1000]),
    )
        .prop_map(
            |(threshold, mode, unique, household, coherence, cut, cap)| {
                let mut c = Config::default()
                    .with_threshold(threshold)
                    .with_mode(mode)
                    .with_guard(GuardConfig {
                        household,
                        coherence,
                        cut_weak_bridges: cut,
                        ..GuardConfig::default()
                    });
                if unique {
                    c = c.with_unique_identifier("loyalty");
                }
                c.blocking = c.blocking.clone().with_max_block_size(cap);
                c
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn explain_agrees_with_resolve(people in prop::collection::vec(person(), 2..12), cfg in config()) {
        let profiles = profiles(&people);
        let res = Resolver::new(cfg.clone()).resolve(&profiles).unwrap();
        let n = profiles.len();
        for a in 0..n {
            for b in (a + 1)..n {
                let e = res.explain(a, b, &profiles).unwrap();
                let link = res.links.iter().find(|l| (l.a as usize, l.b as usize) == (a, b));
                let refused = res
                    .stats
                    .guard
                    .guarded
                    .iter()
                    .find(|g| (g.a as usize, g.b as usize) == (a, b))
                    .map(|g| g.reason);
                prop_assert_eq!(e.direct_link, link.is_some(), "pair {} {}", a, b);
                if let Some(l) = link {
                    // The explanation's weight is the link's, overrides included (the link keeps
                    // its term-frequency adjustment as an f32).
                    prop_assert!((e.weight - l.weight).abs() < 1e-4,
                        "pair {} {}: explained weight {} vs link {}", a, b, e.weight, l.weight);
                    prop_assert!(e.probability >= cfg.threshold - 1e-12);
                }
                prop_assert_eq!(e.guarded, refused, "pair {} {}", a, b);
                prop_assert_eq!(e.same_cluster, res.cluster_of(a) == res.cluster_of(b));
                if e.same_cluster {
                    // Joined by their own link or by a chain of kept links.
                    prop_assert!(e.direct_link || !e.chain.is_empty(), "pair {} {}", a, b);
                } else {
                    prop_assert!(e.chain.is_empty());
                }
                if cfg.mode == Mode::Link && profiles[a].source == profiles[b].source {
                    prop_assert!(!e.direct_link);
                }
            }
        }
    }
}
