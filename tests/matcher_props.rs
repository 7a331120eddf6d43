//! Property tests of matching: comparisons, scoring, blocking and the resolver's determinism,
//! over profiles generated from small pools of real-looking values in random formats, with
//! random missing fields.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use selfsame::block::{BlockIndex, BlockingConfig, BlockingRule, KeyFn, OversizedBlock};
use selfsame::compare::{compare, CompareField, MISSING};
use selfsame::normalize::normalize_profile;
use selfsame::score::{Model, TermFrequencies};
use selfsame::{Mode, NormalizedProfile, PostalAddress, Profile, Resolution, Resolver};

mod common;
use common::*;

const GIVEN: &[&str] = &[
    "Robert",
    "Bob",
    "Bobby",
    "Maria",
    "María",
    "Jose",
    "José",
    "Luis",
    "Ann",
    "Anne",
    "Annie",
    "Katherine",
    "Kate",
    "Wei",
    "Jean-Luc",
    "J.",
    "Mary Ann",
];
const FAMILY: &[&str] = &[
    "Smith",
    "Smyth",
    "Garcia",
    "García López",
    "Lee",
    "Nguyen",
    "O'Brien",
    "van der Berg",
    "Müller",
    "Mueller",
];
const FULL: &[&str] = &[
    "Smith, Robert",
    "Dr. Ann Lee",
    "José García",
    "Wei Nguyen Jr.",
];
const EMAILS: &[&str] = &[
    "bob.smith@gmail.com",
    "BobSmith+shop@googlemail.com",
    "maria.garcia@example.com",
    "garcia.family@example.net",
    "ann.lee@example.com",
    "ann.lee@example.co",
    "wei@nguyen.org",
    "not an email",
];
const PHONES: &[&str] = &[
    "4155550134",
    "(415) 555-0134",
    "+1 415 555 0134",
    "415.555.0199",
    "212-555-0100",
    "+44 20 7946 0958",
    "555",
];
const STREETS: &[&str] = &[
    "12 Oak Street",
    "12 Oak St",
    "400 Pine Ave",
    "400 Pine Avenue",
    "77 Hill Ln",
    "9 Elm Road",
];
const POSTCODES: &[&str] = &["94105", "97201", "80203", "02139"];
const CITIES: &[&str] = &["Springfield", "Denver", "Boston"];
const DATES: &[&str] = &[
    "1980-01-02",
    "01/02/1980",
    "1980-02-01",
    "1975-12-31",
    "December 31, 1975",
    "1990-07-04",
    "04.07.1990",
    "31/31/2000",
];
const ID_VALUES: &[&str] = &["123-45-6789", "123456789", "987-65-4321", "A-17"];
const SOURCES: &[&str] = &["crm", "shop", "pos"];

/// A pool value in one of several formats (case, padding).
fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    (prop::sample::select(pool), 0..4u8).prop_map(|(s, f)| match f {
        0 => s.to_string(),
        1 => s.to_uppercase(),
        2 => s.to_lowercase(),
        _ => format!("  {s} "),
    })
}

fn address() -> impl Strategy<Value = PostalAddress> {
    (
        prop::option::weighted(0.8, pick(STREETS)),
        prop::option::weighted(0.7, pick(POSTCODES)),
        prop::option::weighted(0.5, pick(CITIES)),
    )
        .prop_map(|(street, postcode, city)| PostalAddress {
            street,
            postcode,
            city,
            ..PostalAddress::default()
        })
}

/// A profile with random fields (source and id set by the caller).
fn profile() -> impl Strategy<Value = Profile> {
    (
        prop::option::weighted(0.8, pick(GIVEN)),
        prop::option::weighted(0.8, pick(FAMILY)),
        prop::option::weighted(0.1, pick(FULL)),
        prop::collection::vec(pick(EMAILS), 0..=2),
        prop::collection::vec(pick(PHONES), 0..=2),
        prop::collection::vec(address(), 0..=2),
        prop::option::weighted(0.6, pick(DATES)),
        prop::option::weighted(
            0.2,
            (
                prop::sample::select(&["national_id", "loyalty"][..]),
                pick(ID_VALUES),
            ),
        ),
    )
        .prop_map(
            |(given, family, full, emails, phones, addresses, dob, id)| {
                let mut p = Profile::new("s", "0");
                p.given_name = given;
                p.family_name = family;
                p.full_name = full;
                p.emails = emails;
                p.phones = phones;
                p.addresses = addresses;
                p.date_of_birth = dob;
                if let Some((kind, value)) = id {
                    p = p.with_identifier(kind, value);
                }
                p
            },
        )
}

/// `n` profiles with distinct (source, id).
fn profiles(n: impl Into<prop::collection::SizeRange>) -> impl Strategy<Value = Vec<Profile>> {
    prop::collection::vec((profile(), 0..SOURCES.len()), n).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (mut p, s))| {
                p.source = SOURCES[s].to_string();
                p.id = format!("r{i}");
                p
            })
            .collect()
    })
}

/// The profile's fields, for failure messages (`Debug` hides them by design).
fn show(p: &Profile) -> String {
    serde_json::to_string(p).unwrap()
}

fn norm(p: &Profile) -> NormalizedProfile {
    normalize_profile(p, &Default::default())
}

/// 2,000 generated records and their term frequencies, which are in force on every field
/// present in 1,000 records or more.
fn background() -> &'static (Vec<NormalizedProfile>, TermFrequencies) {
    static BG: OnceLock<(Vec<NormalizedProfile>, TermFrequencies)> = OnceLock::new();
    BG.get_or_init(|| {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
        let mut runner = TestRunner::new_with_rng(Config::default(), rng);
        let ps = profiles(2000).new_tree(&mut runner).unwrap().current();
        let recs: Vec<NormalizedProfile> = ps.iter().map(norm).collect();
        let tf = TermFrequencies::build(&recs);
        (recs, tf)
    })
}

/// Whether each compared field is present in a normalized profile.
fn present(p: &NormalizedProfile) -> [bool; 7] {
    [
        p.given.is_some(),
        p.family.is_some(),
        !p.emails.is_empty(),
        !p.phones.is_empty(),
        !p.addresses.is_empty(),
        p.date_of_birth.is_some(),
        !p.identifiers.is_empty(),
    ]
}

/// Clusters as id → member (source, id) set.
fn cluster_sets(res: &Resolution, ps: &[Profile]) -> BTreeMap<String, BTreeSet<(String, String)>> {
    res.clusters
        .iter()
        .map(|c| {
            let members = c
                .members
                .iter()
                .map(|&m| (ps[m as usize].source.clone(), ps[m as usize].id.clone()))
                .collect();
            (c.id.clone(), members)
        })
        .collect()
}

/// A record's (source, id).
type RecordKey = (String, String);

/// Links keyed by the (source, id) of both ends, with their weight.
fn link_set(res: &Resolution, ps: &[Profile]) -> BTreeMap<(RecordKey, RecordKey), u64> {
    let key = |i: u32| (ps[i as usize].source.clone(), ps[i as usize].id.clone());
    res.links
        .iter()
        .map(|l| {
            let (x, y) = (key(l.a), key(l.b));
            ((x.clone().min(y.clone()), x.max(y)), l.weight.to_bits())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn comparison_levels_are_symmetric(a in profile(), b in profile()) {
        let (na, nb) = (norm(&a), norm(&b));
        let (ab, ba) = (compare(&na, &nb), compare(&nb, &na));
        prop_assert_eq!(ab.levels, ba.levels, "{} / {}", show(&a), show(&b));
        for (f, &l) in CompareField::ALL.iter().zip(&ab.levels) {
            prop_assert!(l == MISSING || (l as usize) < f.num_levels(), "{:?} level {}", f, l);
        }
        // Missing exactly when either side lacks the field.
        // Identifiers are compared kind by kind: "present on both" means a kind in common.
        let (pa, mut pb) = (present(&na), present(&nb));
        pb[6] = nb.identifiers.iter().any(|y| na.identifiers.iter().any(|x| x.kind == y.kind));
        // Documented exceptions for email (see `selfsame::compare`): an address spelled from a
        // name says nothing when the family names disagree outright, nor when two such local
        // parts agree only partly.
        // Equal addresses, each spelled from a name by one of its holders.
        let spelled = |h: u64| na.emails.iter().chain(&nb.emails).any(|e| e.hash == h && e.name_like);
        let equal: Vec<u64> = na.emails.iter()
            .filter(|x| nb.emails.iter().any(|y| y.hash == x.hash))
            .map(|x| x.hash)
            .collect();
        let shared_spelled = !equal.is_empty() && equal.iter().all(|&h| spelled(h));
        let both_spelled = na.emails.iter().any(|x| x.name_like)
            && nb.emails.iter().any(|y| y.name_like);
        let email_exempt = (ab.levels[1] == 4 && shared_spelled) || both_spelled;
        if pa[2] && pb[2] && ab.levels[1] == 4 && shared_spelled {
            prop_assert_eq!(ab.levels[2], MISSING);
        }
        for k in 0..7 {
            if k == 2 && email_exempt && pa[2] && pb[2] {
                continue;
            }
            prop_assert_eq!(
                ab.levels[k] == MISSING,
                !(pa[k] && pb[k]),
                "field {:?}: {} / {}",
                CompareField::ALL[k],
                show(&a),
                show(&b)
            );
        }
    }

    #[test]
    fn weight_is_symmetric_over_a_pair(a in profile(), b in profile()) {
        let (na, nb) = (norm(&a), norm(&b));
        let tf = TermFrequencies::build(&[na.clone(), nb.clone()]);
        let m = Model::default_untrained();
        let (w1, w2) = (m.weight(&compare(&na, &nb), &tf), m.weight(&compare(&nb, &na), &tf));
        prop_assert!((w1 - w2).abs() < 1e-9, "{} vs {}", w1, w2);
    }

    #[test]
    fn record_against_itself_is_top_level_on_present_fields(a in profile()) {
        let na = norm(&a);
        let c = compare(&na, &na);
        for (k, &has) in present(&na).iter().enumerate() {
            let want = if has { 0 } else { MISSING };
            prop_assert_eq!(c.levels[k], want, "field {:?}", CompareField::ALL[k]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// With term frequencies in force, the weight must not depend on argument order either,
    /// including records holding several values of a field.
    #[test]
    fn weight_is_symmetric_with_term_frequencies(a in profile(), b in profile(), share in any::<bool>()) {
        // Half the time b holds a's multi-valued fields in reverse order.
        let mut b = b;
        if share {
            b.emails = a.emails.iter().rev().cloned().collect();
            b.phones = a.phones.iter().rev().cloned().collect();
            b.addresses = a.addresses.iter().rev().cloned().collect();
        }
        let (recs, tf) = background();
        let with_email = recs.iter().filter(|r| !r.emails.is_empty()).count();
        prop_assert!(with_email >= 1000, "term frequencies not in force: {}", with_email);
        let (na, nb) = (norm(&a), norm(&b));
        let m = Model::default_untrained();
        let (w1, w2) = (m.weight(&compare(&na, &nb), tf), m.weight(&compare(&nb, &na), tf));
        prop_assert!((w1 - w2).abs() < 1e-9, "{} vs {}: {} / {}", w1, w2, show(&a), show(&b));
    }
}

/// Regression case for the property above: two records holding the same two emails in opposite
/// orders, one common (shared by many records) and one rare.
#[test]
fn weight_with_multi_valued_term_frequencies_is_symmetric() {
    let common = "garcia.family@example.net";
    let rare = "luis.garcia@example.org";
    let mut recs: Vec<NormalizedProfile> = (0..1200)
        .map(|i| {
            let p = Profile::new("bg", i.to_string());
            let email = if i % 2 == 0 {
                common.to_string()
            } else {
                format!("person{i}@example.com")
            };
            norm(&p.with_email(email))
        })
        .collect();
    let a = norm(&Profile::new("s", "a").with_email(common).with_email(rare));
    let b = norm(&Profile::new("s", "b").with_email(rare).with_email(common));
    recs.push(a.clone());
    recs.push(b.clone());
    let tf = TermFrequencies::build(&recs);
    let m = Model::default_untrained();
    let (w1, w2) = (
        m.weight(&compare(&a, &b), &tf),
        m.weight(&compare(&b, &a), &tf),
    );
    assert!(
        (w1 - w2).abs() < 1e-9,
        "weight(a, b) = {w1}, weight(b, a) = {w2}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    #[test]
    fn resolution_is_identical_on_1_and_4_threads(ps in profiles(300)) {
        let one = resolve_in_pool(1, &ps);
        let four = resolve_in_pool(4, &ps);
        prop_assert_eq!(&one.clusters, &four.clusters);
        prop_assert_eq!(&one.links, &four.links);
        prop_assert_eq!(
            serde_json::to_string(&one.golden).unwrap(),
            serde_json::to_string(&four.golden).unwrap()
        );
        prop_assert_eq!(one.stats.guard, four.stats.guard);
        prop_assert_eq!(one.stats.blocking, four.stats.blocking);
    }

    #[test]
    fn resolution_is_independent_of_input_order(ps in profiles(300), seed in any::<u64>()) {
        let res = Resolver::default().resolve(&ps).unwrap();
        let sh = shuffled(&ps, seed);
        let res2 = Resolver::default().resolve(&sh).unwrap();
        prop_assert_eq!(cluster_sets(&res, &ps), cluster_sets(&res2, &sh));
        prop_assert_eq!(link_set(&res, &ps), link_set(&res2, &sh));
        // Golden records are ordered like the clusters (by id), so they serialize alike.
        prop_assert_eq!(
            serde_json::to_string(&res.golden).unwrap(),
            serde_json::to_string(&res2.golden).unwrap()
        );
    }
}

/// 50,000 records sharing one phone: the phone block is never expanded, and is reported with
/// its size; a small block under the same rule still is.
#[test]
fn block_cap_skips_a_huge_shared_phone() {
    let shared = norm(&Profile::new("s", "0").with_phone("+1 415 555 0134"));
    let other = norm(&Profile::new("s", "x").with_phone("(212) 555-0100"));
    let mut recs = vec![shared; 50_000];
    recs.extend(std::iter::repeat_n(other, 3));
    let index = BlockIndex::build(&recs, &BlockingConfig::default());
    let (pairs, stats) = index.pairs(&vec![0; recs.len()], Mode::Dedupe);
    assert_eq!(
        pairs,
        vec![(50_000, 50_001), (50_000, 50_002), (50_001, 50_002)]
    );
    assert_eq!(stats.total_pairs, 3);
    assert_eq!(
        stats.oversized,
        vec![OversizedBlock {
            rule: "phone".into(),
            size: 50_000
        }]
    );
    let phone = stats.rules.iter().find(|r| r.rule == "phone").unwrap();
    assert_eq!(
        (phone.blocks, phone.largest_block, phone.new_pairs),
        (1, 3, 3)
    );
    assert_eq!(phone.records_keyed, 50_003);
}

/// Random per-record keys for up to three custom rules; record `i` carries identifier `i` so
/// the key functions can find their record.
#[derive(Debug, Clone)]
struct KeyedInput {
    /// keys[rule][record]
    keys: Vec<Vec<Vec<u64>>>,
    sources: Vec<u32>,
    cap: usize,
}

fn keyed_input() -> impl Strategy<Value = KeyedInput> {
    (1usize..=40, 1usize..=3, 2usize..=5).prop_flat_map(|(n, rules, cap)| {
        let rec_keys = prop::collection::vec(0u64..8, 0..=3);
        (
            prop::collection::vec(prop::collection::vec(rec_keys, n), rules),
            prop::collection::vec(0u32..3, n),
            Just(cap),
        )
            .prop_map(|(keys, sources, cap)| KeyedInput { keys, sources, cap })
    })
}

fn custom_index(input: &KeyedInput) -> BlockIndex {
    let n = input.sources.len();
    let recs: Vec<NormalizedProfile> = (0..n)
        .map(|i| norm(&Profile::new("s", i.to_string()).with_identifier("idx", i.to_string())))
        .collect();
    let rules = input
        .keys
        .iter()
        .enumerate()
        .map(|(r, keys)| {
            let keys = Arc::new(keys.clone());
            BlockingRule::custom(
                format!("rule{r}"),
                KeyFn::new(move |p, out| {
                    let i: usize = p.identifiers[0].value.parse().unwrap();
                    out.extend(keys[i].iter().copied());
                }),
            )
        })
        .collect();
    let cfg = BlockingConfig::default()
        .with_rules(rules)
        .with_max_block_size(input.cap);
    BlockIndex::build(&recs, &cfg)
}

/// The candidate pairs a naive all-blocks expansion gives: per rule, each key shared by 2..=cap
/// records makes all its pairs (different sources only in link mode). Also the rule that owns
/// each pair (the first rule producing it) and the oversized blocks.
#[allow(clippy::type_complexity)]
fn naive_pairs(
    input: &KeyedInput,
    mode: Mode,
) -> (BTreeMap<(u32, u32), usize>, Vec<(String, usize)>) {
    let mut owner: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    let mut oversized = Vec::new();
    for (r, keys) in input.keys.iter().enumerate() {
        let mut blocks: BTreeMap<u64, BTreeSet<u32>> = BTreeMap::new();
        for (i, ks) in keys.iter().enumerate() {
            for &k in ks {
                blocks.entry(k).or_default().insert(i as u32);
            }
        }
        for members in blocks.values() {
            if members.len() > input.cap {
                oversized.push((format!("rule{r}"), members.len()));
                continue;
            }
            let m: Vec<u32> = members.iter().copied().collect();
            for x in 0..m.len() {
                for y in x + 1..m.len() {
                    let (i, j) = (m[x], m[y]);
                    if mode == Mode::Link && input.sources[i as usize] == input.sources[j as usize]
                    {
                        continue;
                    }
                    owner.entry((i, j)).or_insert(r);
                }
            }
        }
    }
    oversized.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    (owner, oversized)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Blocking equals the naive expansion of every block within the cap: each pair once,
    /// `i < j`, sorted, credited to the first rule producing it; every oversized block reported.
    #[test]
    fn blocking_equals_naive_expansion(input in keyed_input()) {
        let index = custom_index(&input);
        for mode in [Mode::Dedupe, Mode::Link] {
            let (pairs, stats) = index.pairs(&input.sources, mode);
            let (want, oversized) = naive_pairs(&input, mode);
            let want_pairs: Vec<(u32, u32)> = want.keys().copied().collect();
            prop_assert_eq!(&pairs, &want_pairs, "{:?}", mode);
            prop_assert_eq!(stats.total_pairs, pairs.len() as u64);
            for (r, rs) in stats.rules.iter().enumerate() {
                let owned = want.values().filter(|&&o| o == r).count() as u64;
                prop_assert_eq!(rs.new_pairs, owned, "rule {}", r);
                prop_assert!(rs.largest_block <= input.cap);
            }
            let got: Vec<(String, usize)> =
                stats.oversized.iter().map(|o| (o.rule.clone(), o.size)).collect();
            prop_assert_eq!(got, oversized);
            prop_assert_eq!(index.stats(&input.sources, mode), stats);
        }
    }

    /// Default rules on generated profiles with small caps: pairs unique, `i < j`, within the
    /// per-block bound; link mode is dedupe mode less same-source pairs.
    #[test]
    fn default_rules_respect_cap_and_mode(
        ps in profiles(0..60),
        cap in 2usize..=5,
    ) {
        let recs: Vec<NormalizedProfile> = ps.iter().map(norm).collect();
        let sources: Vec<u32> = ps
            .iter()
            .map(|p| SOURCES.iter().position(|s| *s == p.source).unwrap() as u32)
            .collect();
        let cfg = BlockingConfig::default().with_max_block_size(cap);
        let index = BlockIndex::build(&recs, &cfg);
        let (dedupe, stats) = index.pairs(&sources, Mode::Dedupe);
        prop_assert!(dedupe.iter().all(|&(i, j)| i < j && (j as usize) < recs.len()));
        prop_assert!(dedupe.windows(2).all(|w| w[0] < w[1]), "pairs not unique and sorted");
        let per_block = (cap * (cap - 1) / 2) as u64;
        let mut bound = 0u64;
        for rs in &stats.rules {
            prop_assert!(rs.largest_block <= cap, "rule {} expanded a block of {}", rs.rule, rs.largest_block);
            prop_assert!(rs.new_pairs <= rs.blocks as u64 * per_block);
            bound += rs.blocks as u64 * per_block;
        }
        prop_assert!(stats.total_pairs <= bound);
        prop_assert!(stats.oversized.iter().all(|o| o.size > cap));

        let (link, _) = index.pairs(&sources, Mode::Link);
        let want: Vec<(u32, u32)> = dedupe
            .iter()
            .copied()
            .filter(|&(i, j)| sources[i as usize] != sources[j as usize])
            .collect();
        prop_assert_eq!(link, want);
        prop_assert_eq!(index.pairs(&sources, Mode::LinkAndDedupe).0, dedupe);
    }
}
