//! Property tests of `selfsame::guard::Guard::cluster` on small random populations: a few given
//! names, a few dates of birth (some records missing either), random links between random pairs
//! and the exact-duplicate groups of `Guard::exact_duplicates`.
//!
//! What `Guard::cluster` promises (read off `merge_check` in `src/guard.rs`): a merge of two
//! clusters A and B through a link (la in A, lb in B) is refused when some date of birth x of A
//! and y of B disagree (`compare_date >= 3`) unless
//!
//! * the pair of values was excused by an earlier merge inside A or B, or
//! * **bridged**: a third date of A ∪ B agrees (level <= 2) with both, or
//! * **direct**: la's and lb's own dates disagree and la's date is x or lb's date is y.
//!
//! Given names the same way, where "agree" is `names_compatible` (equal, one nickname group,
//! similar, an initial, or swapped with the family name) — with the four very different names
//! used here compatible means equal, so only direct support (or a pair of the same two names
//! excused before) can let two of them into one cluster.
//!
//! Checkable consequence, asserted below for every output cluster: each pair of disagreeing
//! values (x, y) in it is *supported* — a third value in the cluster agrees with both, or an
//! input link with both ends in the cluster has ends that themselves disagree, one of them
//! carrying x or y. (A failure message also says whether the weaker form — any disagreeing
//! link inside the cluster — fails too.)
//!
//! The random properties run with weak-bridge cutting off where noted and with at most six
//! distinct dates of birth. The deterministic tests at the end are regressions for three bugs
//! these properties found (all fixed in `src/guard.rs`):
//!
//! * `dob_cap_lets_an_unsupported_conflict_in`: a cluster summary kept at most six dates of
//!   birth; later ones were never checked against each other;
//! * `bridge_cut_strands_an_excused_conflict`: weak-bridge cutting ran after coherence and could
//!   leave a conflict in a cluster whose support was cut away (the same for given names);
//! * `duplicates_stay_together_when_a_bridge_is_cut`,
//!   `duplicates_of_linked_heads_follow_their_head_when_a_bridge_is_cut`: records in no applied
//!   link (exact duplicates) kept the component's old label when a bridge was cut.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use proptest::prelude::*;
use selfsame::cluster::{groups, Link};
use selfsame::compare::{compare, CompareField};
use selfsame::guard::{Guard, GuardConfig, GuardReason};
use selfsame::normalize::date::Date;
use selfsame::normalize::normalize_profile;
use selfsame::{NormalizedProfile, Profile};

mod common;
use common::shuffled;

/// Given names that pairwise disagree outright (checked in `names_disagree_outright`).
const GIVEN: [&str; 4] = ["anna", "oscar", "mei", "tariq"];
/// Family names unlike any given name (so no swapped-parts compatibility).
const FAMILY: [&str; 2] = ["harrison", "okafor"];
const EMAIL: [&str; 2] = ["shared@example.com", "other@example.org"];
/// Date components: every combination is a valid date; 1980-03-04 / 1980-04-03 are swapped,
/// dates sharing two components agree (level 2), others disagree.
const YEARS: [u16; 3] = [1975, 1980, 1990];
const MONTHS: [u8; 3] = [3, 4, 11];
const DAYS: [u8; 3] = [3, 4, 30];

/// `compare_date` of `src/compare.rs` (crate-private there): 0 equal, 1 day/month swapped,
/// 2 two of year/month/day equal, 3 years within one, 4 else. Disagree means >= 3.
fn date_level(x: &Date, y: &Date) -> u8 {
    if x == y {
        return 0;
    }
    if x.year == y.year && x.month == y.day && x.day == y.month {
        return 1;
    }
    let same = u8::from(x.year == y.year) + u8::from(x.month == y.month) + u8::from(x.day == y.day);
    if same == 2 {
        return 2;
    }
    if x.year.abs_diff(y.year) <= 1 {
        return 3;
    }
    4
}

fn disagree(x: &Date, y: &Date) -> bool {
    date_level(x, y) >= 3
}

/// One random record: indices into the pools above (`None`: field missing).
#[derive(Clone, Debug)]
struct Spec {
    given: Option<usize>,
    family: usize,
    /// Index into the population's date pool.
    dob: Option<usize>,
    email: Option<usize>,
}

fn spec(pool: usize) -> impl Strategy<Value = Spec> {
    (
        prop::option::weighted(0.8, 0..GIVEN.len()),
        0..FAMILY.len(),
        prop::option::weighted(0.8, 0..pool),
        prop::option::weighted(0.3, 0..EMAIL.len()),
    )
        .prop_map(|(given, family, dob, email)| Spec {
            given,
            family,
            dob,
            email,
        })
}

fn profile(i: usize, s: &Spec, pool: &[(u16, u8, u8)]) -> Profile {
    let mut p = Profile::new("s", i.to_string()).with_family_name(FAMILY[s.family]);
    if let Some(g) = s.given {
        p = p.with_given_name(GIVEN[g]);
    }
    if let Some(d) = s.dob {
        let (y, m, d) = pool[d];
        p = p.with_date_of_birth(format!("{y:04}-{m:02}-{d:02}"));
    }
    if let Some(e) = s.email {
        p = p.with_email(EMAIL[e]);
    }
    p
}

/// Match weights: a few values so that ties (broken by record index) are common. Probabilities
/// follow from them; 5.0 and 9.0 are below the default bridge probability (0.999), 10.0 and 20.0
/// above.
const WEIGHTS: [f64; 5] = [3.5, 5.0, 9.0, 10.0, 20.0];

fn link(a: u32, b: u32, w: f64) -> Link {
    let odds = w.exp2();
    Link {
        a,
        b,
        weight: w,
        probability: odds / (1.0 + odds),
    }
}

/// A random population: records (normalized), links (`a < b`) and exact duplicates.
#[derive(Clone, Debug)]
struct Population {
    records: Vec<NormalizedProfile>,
    links: Vec<Link>,
    duplicates: Vec<u32>,
}

/// 2–30 records; dates of birth drawn from a pool of at most `max_dates` distinct dates; up to
/// 2n links between random distinct records.
fn population(max_dates: usize) -> impl Strategy<Value = Population> {
    let date = (0..YEARS.len(), 0..MONTHS.len(), 0..DAYS.len())
        .prop_map(|(y, m, d)| (YEARS[y], MONTHS[m], DAYS[d]));
    (2usize..=30, prop::collection::vec(date, 1..=max_dates)).prop_flat_map(|(n, pool)| {
        let m = n as u32;
        let edge = (0..m, 1..m, 0..WEIGHTS.len()).prop_map(move |(a, d, w)| {
            let b = (a + d) % m;
            link(a.min(b), a.max(b), WEIGHTS[w])
        });
        (
            prop::collection::vec(spec(pool.len()), n),
            prop::collection::vec(edge, 0..=2 * n),
            Just(pool),
        )
            .prop_map(|(specs, links, pool)| {
                let records: Vec<NormalizedProfile> = specs
                    .iter()
                    .enumerate()
                    .map(|(i, s)| normalize_profile(&profile(i, s, &pool), &Default::default()))
                    .collect();
                let duplicates = guard(GuardConfig::default()).exact_duplicates(&records);
                Population {
                    records,
                    links,
                    duplicates,
                }
            })
    })
}

fn guard(cfg: GuardConfig) -> Guard {
    Guard::new(cfg, &[] as &[&str], true, 0.9)
}

/// Connected components by BFS; label = smallest member.
fn components(n: usize, edges: impl IntoIterator<Item = (u32, u32)>) -> Vec<u32> {
    let mut adj = vec![Vec::new(); n];
    for (a, b) in edges {
        adj[a as usize].push(b as usize);
        adj[b as usize].push(a as usize);
    }
    let mut label = vec![u32::MAX; n];
    for s in 0..n {
        if label[s] != u32::MAX {
            continue;
        }
        label[s] = s as u32;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            for &w in &adj[v] {
                if label[w] == u32::MAX {
                    label[w] = s as u32;
                    queue.push_back(w);
                }
            }
        }
    }
    label
}

/// Every record has a label; the label is the smallest member of its group; groups disjoint.
fn check_partition(n: usize, labels: &[u32]) -> Result<(), TestCaseError> {
    prop_assert_eq!(labels.len(), n);
    let mut seen = vec![0u32; n];
    for g in groups(labels) {
        prop_assert!(g.windows(2).all(|w| w[0] < w[1]));
        for &x in &g {
            seen[x as usize] += 1;
            prop_assert_eq!(
                labels[x as usize],
                g[0],
                "label is the smallest member of {:?}",
                g
            );
        }
    }
    prop_assert!(seen.iter().all(|&c| c == 1), "a record in 0 or 2+ groups");
    Ok(())
}

/// An unsupported conflict found in an output cluster.
#[derive(Debug)]
struct Unsupported {
    cluster: Vec<u32>,
    what: String,
    /// Whether even the weaker rule (any disagreeing input link inside the cluster) fails.
    weak_fails: bool,
}

/// Dates of birth: every disagreeing pair of values in a cluster is supported (see the module
/// docs).
fn dob_conflicts_supported(p: &Population, labels: &[u32]) -> Option<Unsupported> {
    let dob = |i: u32| p.records[i as usize].date_of_birth;
    for g in groups(labels) {
        let dates: BTreeSet<(u16, u8, u8)> = g
            .iter()
            .filter_map(|&i| dob(i))
            .map(|d| (d.year, d.month, d.day))
            .collect();
        let dates: Vec<Date> = dates
            .into_iter()
            .map(|(year, month, day)| Date { year, month, day })
            .collect();
        let inside: Vec<&Link> = p
            .links
            .iter()
            .filter(|l| labels[l.a as usize] == g[0] && labels[l.b as usize] == g[0])
            .collect();
        let conflicting_links: Vec<(Date, Date)> = inside
            .iter()
            .filter_map(|l| match (dob(l.a), dob(l.b)) {
                (Some(x), Some(y)) if disagree(&x, &y) => Some((x, y)),
                _ => None,
            })
            .collect();
        for (i, x) in dates.iter().enumerate() {
            for y in &dates[i + 1..] {
                if !disagree(x, y) {
                    continue;
                }
                let bridged = dates
                    .iter()
                    .any(|z| z != x && z != y && !disagree(z, x) && !disagree(z, y));
                let direct = conflicting_links
                    .iter()
                    .any(|(u, v)| u == x || u == y || v == x || v == y);
                if !(bridged || direct) {
                    return Some(Unsupported {
                        cluster: g.clone(),
                        what: format!("dates {x:?} / {y:?}"),
                        weak_fails: conflicting_links.is_empty(),
                    });
                }
            }
        }
    }
    None
}

/// Given names (the four pairwise-incompatible ones): every disagreeing pair of names in a
/// cluster is supported by an input link inside it whose ends carry two different given names,
/// one of them one of the pair.
fn name_conflicts_supported(p: &Population, labels: &[u32]) -> Option<Unsupported> {
    let given = |i: u32| {
        p.records[i as usize]
            .given
            .as_ref()
            .map(|g| g.text.to_string())
    };
    for g in groups(labels) {
        let names: BTreeSet<String> = g.iter().filter_map(|&i| given(i)).collect();
        let names: Vec<String> = names.into_iter().collect();
        let conflicting_links: Vec<(String, String)> = p
            .links
            .iter()
            .filter(|l| labels[l.a as usize] == g[0] && labels[l.b as usize] == g[0])
            .filter_map(|l| match (given(l.a), given(l.b)) {
                (Some(x), Some(y)) if x != y => Some((x, y)),
                _ => None,
            })
            .collect();
        for (i, x) in names.iter().enumerate() {
            for y in &names[i + 1..] {
                let direct = conflicting_links
                    .iter()
                    .any(|(u, v)| u == x || u == y || v == x || v == y);
                if !direct {
                    return Some(Unsupported {
                        cluster: g.clone(),
                        what: format!("given names {x} / {y}"),
                        weak_fails: conflicting_links.is_empty(),
                    });
                }
            }
        }
    }
    None
}

fn describe(p: &Population, u: &Unsupported) -> String {
    let rec = |i: u32| {
        let r = &p.records[i as usize];
        format!(
            "#{i} {:?} {:?}",
            r.given.as_ref().map(|g| g.text.to_string()),
            r.date_of_birth.map(|d| (d.year, d.month, d.day))
        )
    };
    let members: Vec<String> = u.cluster.iter().map(|&i| rec(i)).collect();
    let links: Vec<String> = p
        .links
        .iter()
        .map(|l| format!("({},{},{})", l.a, l.b, l.weight))
        .collect();
    format!(
        "unsupported {} (weaker rule fails too: {}) in cluster [{}]; links {}; duplicates {:?}",
        u.what,
        u.weak_fails,
        members.join(", "),
        links.join(" "),
        p.duplicates
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Labels are a partition (every record labelled, label = smallest member), whatever the
    /// guard settings.
    #[test]
    fn labels_partition(p in population(6), coherence in any::<bool>(), cut in any::<bool>()) {
        let cfg = GuardConfig { coherence, cut_weak_bridges: cut, ..Default::default() };
        let (labels, _) = guard(cfg).cluster(&p.records, &p.links, &p.duplicates);
        check_partition(p.records.len(), &labels)?;
    }

    /// Exact duplicates (the guard's rule 2) share a label. Weak-bridge cutting off here: with it
    /// on they can be split, see `duplicates_stay_together_when_a_bridge_is_cut`.
    #[test]
    fn duplicates_share_a_label(p in population(6), coherence in any::<bool>()) {
        let cfg = GuardConfig { coherence, cut_weak_bridges: false, ..Default::default() };
        let (labels, _) = guard(cfg).cluster(&p.records, &p.links, &p.duplicates);
        for (i, &h) in p.duplicates.iter().enumerate() {
            prop_assert_eq!(labels[i], labels[h as usize], "record {} and its head {}", i, h);
        }
    }

    /// At most six distinct dates of birth in the population: no cluster holds two disagreeing
    /// dates without support. Weak-bridge cutting off here; cuts are covered by
    /// `bridge_cut_strands_an_excused_conflict`, many dates by
    /// `dob_cap_lets_an_unsupported_conflict_in`.
    #[test]
    fn dob_conflicts_need_support(p in population(6), no_duplicates in any::<bool>()) {
        let mut p = p;
        if no_duplicates {
            p.duplicates = (0..p.records.len() as u32).collect();
        }
        let cfg = GuardConfig { cut_weak_bridges: false, ..Default::default() };
        let (labels, _) = guard(cfg).cluster(&p.records, &p.links, &p.duplicates);
        if let Some(u) = dob_conflicts_supported(&p, &labels) {
            prop_assert!(false, "{}", describe(&p, &u));
        }
    }

    /// No cluster holds two given names that disagree outright without a link that vouches for
    /// one of them. Weak-bridge cutting off (see `dob_conflicts_need_support`).
    #[test]
    fn name_conflicts_need_support(p in population(6), no_duplicates in any::<bool>()) {
        let mut p = p;
        if no_duplicates {
            // Also without duplicate groups (more links between distinct records).
            p.duplicates = (0..p.records.len() as u32).collect();
        }
        let cfg = GuardConfig { cut_weak_bridges: false, ..Default::default() };
        let (labels, _) = guard(cfg).cluster(&p.records, &p.links, &p.duplicates);
        if let Some(u) = name_conflicts_supported(&p, &labels) {
            prop_assert!(false, "{}", describe(&p, &u));
        }
    }

    /// Coherence and bridge cutting off, no unique identifiers: clusters are the connected
    /// components of the links and the exact-duplicate groups.
    #[test]
    fn without_coherence_clusters_are_components(p in population(6)) {
        let cfg = GuardConfig { coherence: false, cut_weak_bridges: false, ..Default::default() };
        let (labels, stats) = guard(cfg).cluster(&p.records, &p.links, &p.duplicates);
        let n = p.records.len();
        let edges = p
            .links
            .iter()
            .map(|l| (l.a, l.b))
            .chain(p.duplicates.iter().enumerate().map(|(i, &h)| (i as u32, h)));
        prop_assert_eq!(&labels, &components(n, edges));
        prop_assert!(stats.guarded.is_empty());
        prop_assert_eq!(stats.coherence_refused + stats.conflicts_refused + stats.bridges_cut, 0);
    }

    /// Clustering only splits: every output cluster lies inside one component of links ∪
    /// duplicates, and every refused link is listed.
    #[test]
    fn guard_only_splits(p in population(6), cut in any::<bool>()) {
        let cfg = GuardConfig { cut_weak_bridges: cut, ..Default::default() };
        let (labels, stats) = guard(cfg).cluster(&p.records, &p.links, &p.duplicates);
        let n = p.records.len();
        let edges = p
            .links
            .iter()
            .map(|l| (l.a, l.b))
            .chain(p.duplicates.iter().enumerate().map(|(i, &h)| (i as u32, h)));
        let comps = components(n, edges);
        for g in groups(&labels) {
            prop_assert!(g.iter().all(|&x| comps[x as usize] == comps[g[0] as usize]));
        }
        prop_assert_eq!(
            stats.guarded.len(),
            stats.coherence_refused + stats.conflicts_refused + stats.bridges_cut
        );
        prop_assert!(stats.guarded.iter().all(|g| matches!(
            g.reason,
            GuardReason::BirthDateConflict | GuardReason::GivenNameConflict | GuardReason::WeakBridge
        )));
        if !cut {
            prop_assert_eq!(stats.bridges_cut, 0);
        }
    }

    /// The result does not depend on the order of the links.
    #[test]
    fn independent_of_link_order(
        p in population(8),
        seed in any::<u64>(),
        coherence in any::<bool>(),
        cut in any::<bool>(),
    ) {
        let g = guard(GuardConfig { coherence, cut_weak_bridges: cut, ..Default::default() });
        let (l1, s1) = g.cluster(&p.records, &p.links, &p.duplicates);
        let mut links = shuffled(&p.links, seed);
        // Reversed order too (ties between equal weights are broken by record index).
        let (l2, s2) = g.cluster(&p.records, &links, &p.duplicates);
        links.reverse();
        let (l3, s3) = g.cluster(&p.records, &links, &p.duplicates);
        prop_assert_eq!(&l1, &l2);
        prop_assert_eq!(&s1, &s2);
        prop_assert_eq!(&l1, &l3);
        prop_assert_eq!(&s1, &s3);
    }
}

/// The names and pools used above behave as the properties assume.
#[test]
fn names_disagree_outright() {
    let else_level = (CompareField::GivenName.num_levels() - 1) as u8;
    for (i, x) in GIVEN.iter().enumerate() {
        for y in &GIVEN[i + 1..] {
            for fx in FAMILY {
                for fy in FAMILY {
                    let a = normalize_profile(
                        &Profile::new("s", "1")
                            .with_given_name(*x)
                            .with_family_name(fx),
                        &Default::default(),
                    );
                    let b = normalize_profile(
                        &Profile::new("s", "2")
                            .with_given_name(*y)
                            .with_family_name(fy),
                        &Default::default(),
                    );
                    let c = compare(&a, &b);
                    assert_eq!(
                        c.levels[CompareField::GivenName as usize],
                        else_level,
                        "{x}/{y}"
                    );
                    // Not a swap of given and family name either.
                    assert!(
                        c.levels[CompareField::FamilyName as usize] != 1,
                        "{x} {fx}/{y} {fy}"
                    );
                }
            }
        }
    }
    // The date pool has agreeing, swapped and disagreeing pairs.
    let d = |year, month, day| Date { year, month, day };
    assert_eq!(date_level(&d(1980, 3, 4), &d(1980, 4, 3)), 1);
    assert_eq!(date_level(&d(1980, 3, 4), &d(1990, 3, 4)), 2);
    assert_eq!(date_level(&d(1980, 3, 4), &d(1975, 11, 30)), 4);
}

/// A small population with a cluster of disagreeing dates held together by a vouching link:
/// the property checkers accept it, and reject the same cluster without that link.
#[test]
fn checkers_accept_direct_support_and_reject_chains() {
    let rec = |i: usize, given: &str, dob: &str| {
        normalize_profile(
            &Profile::new("s", i.to_string())
                .with_given_name(given)
                .with_family_name("harrison")
                .with_date_of_birth(dob),
            &Default::default(),
        )
    };
    let records = vec![
        rec(0, "anna", "1980-03-04"),
        rec(1, "anna", "1975-11-30"),
        rec(2, "anna", "1980-03-04"),
    ];
    let p = Population {
        records,
        links: vec![link(0, 1, 20.0), link(1, 2, 10.0)],
        duplicates: vec![0, 1, 0],
    };
    let (labels, _) = guard(GuardConfig::default()).cluster(&p.records, &p.links, &p.duplicates);
    assert_eq!(labels, vec![0, 0, 0]);
    assert!(dob_conflicts_supported(&p, &labels).is_none());
    let chained = Population {
        links: vec![link(1, 2, 10.0)],
        ..p.clone()
    };
    // Pretend 0, 1 and 2 were clustered without the vouching link 0-1: still supported, because
    // 1-2 itself disagrees. Only links between agreeing dates leave a conflict unsupported.
    assert!(dob_conflicts_supported(&chained, &[0, 0, 0]).is_none());
    let agreeing = Population {
        links: vec![link(0, 2, 10.0)],
        ..p
    };
    assert!(dob_conflicts_supported(&agreeing, &[0, 0, 0]).is_some());
}

/// Exact duplicates always end up together (rule 2 of the guard), also when a weak bridge is
/// cut: records 0 and 1 are identical, 1-2 and 3-4 strong links, 2-3 a weak bridge between the
/// two pairs.
#[test]
fn duplicates_stay_together_when_a_bridge_is_cut() {
    let rec = |i: usize, given: &str| {
        normalize_profile(
            &Profile::new("s", i.to_string())
                .with_given_name(given)
                .with_family_name("harrison")
                .with_email("eh@example.com"),
            &Default::default(),
        )
    };
    let records = vec![
        rec(0, "anna"),
        rec(1, "anna"),
        rec(2, "anna"),
        rec(3, "anna"),
        rec(4, "anna"),
    ];
    let g = guard(GuardConfig::default());
    let duplicates = g.exact_duplicates(&records);
    assert_eq!(duplicates, vec![0, 0, 0, 0, 0]);
    // Use only the first two as duplicates: the rest differ in what links them.
    let duplicates = vec![0, 0, 2, 3, 4];
    let links = [link(1, 2, 20.0), link(3, 4, 20.0), link(2, 3, 5.0)];
    let (labels, stats) = g.cluster(&records, &links, &duplicates);
    assert_eq!(stats.bridges_cut, 1, "{labels:?}");
    assert_eq!(
        labels[0], labels[1],
        "identical records 0 and 1 split by the bridge cut: labels {labels:?}"
    );
}

/// As the resolver uses it: only the head (first record) of a duplicate group is blocked and
/// linked. Heads 0 and 2 and their duplicates 4 and 5; 0-1 and 2-3 strong, 1-2 a weak bridge.
/// The duplicate 5 of head 2 must stay with 2.
#[test]
fn duplicates_of_linked_heads_follow_their_head_when_a_bridge_is_cut() {
    let rec = |i: usize, given: &str, email: &str| {
        normalize_profile(
            &Profile::new("s", i.to_string())
                .with_given_name(given)
                .with_family_name("harrison")
                .with_email(email),
            &Default::default(),
        )
    };
    let records = vec![
        rec(0, "anna", "a@example.com"),
        rec(1, "anna", "b@example.com"),
        rec(2, "anna", "c@example.com"),
        rec(3, "anna", "d@example.com"),
        rec(4, "anna", "a@example.com"),
        rec(5, "anna", "c@example.com"),
    ];
    let g = guard(GuardConfig::default());
    let duplicates = g.exact_duplicates(&records);
    assert_eq!(duplicates, vec![0, 1, 2, 3, 0, 2]);
    let links = [link(0, 1, 20.0), link(2, 3, 20.0), link(1, 2, 5.0)];
    let (labels, stats) = g.cluster(&records, &links, &duplicates);
    assert_eq!(stats.bridges_cut, 1, "{labels:?}");
    assert_eq!(
        labels[4], labels[0],
        "duplicate 4 left its head 0: {labels:?}"
    );
    assert_eq!(
        labels[5], labels[2],
        "duplicate 5 left its head 2: {labels:?}"
    );
}

/// Regression (fixed): weak-bridge cutting used to run after the coherence checks without
/// re-checking them, so a conflict excused by a link on one side of a cut bridge stayed in the
/// cluster on the other side, held
/// together only by a record without a date of birth. 0 (1975-11-04) and 1 (1975-04-03) are
/// linked directly (the link vouches for the two dates); 2 has no date and is linked to 1; 3
/// (1975-11-04) and 4 (1975-04-03) are linked to 2 only. 1-2 is a weak bridge between {0, 1} and
/// {2, 3, 4} and is cut: 3 and 4 — two dates that disagree, joined only through 2 — are left in
/// one cluster with nothing that supports the conflict.
#[test]
fn bridge_cut_strands_an_excused_conflict() {
    let rec = |i: usize, dob: Option<&str>| {
        let mut p = Profile::new("s", i.to_string()).with_family_name("harrison");
        if let Some(d) = dob {
            p = p.with_date_of_birth(d);
        }
        normalize_profile(&p, &Default::default())
    };
    let records = vec![
        rec(0, Some("1975-11-04")),
        rec(1, Some("1975-04-03")),
        rec(2, None),
        rec(3, Some("1975-11-04")),
        rec(4, Some("1975-04-03")),
    ];
    let links = vec![
        link(0, 1, 5.0),
        link(1, 2, 5.0),
        link(2, 3, 3.5),
        link(2, 4, 3.5),
    ];
    let p = Population {
        duplicates: (0..records.len() as u32).collect(),
        records,
        links,
    };
    // Without the cut: one cluster, the conflict supported by the link 0-1.
    let no_cut = GuardConfig {
        cut_weak_bridges: false,
        ..Default::default()
    };
    let (labels, _) = guard(no_cut).cluster(&p.records, &p.links, &p.duplicates);
    assert_eq!(labels, vec![0; 5]);
    assert!(dob_conflicts_supported(&p, &labels).is_none());
    // With it (the default): 1-2 is cut.
    let (labels, stats) =
        guard(GuardConfig::default()).cluster(&p.records, &p.links, &p.duplicates);
    assert_eq!(stats.bridges_cut, 1, "{labels:?}");
    let bad = dob_conflicts_supported(&p, &labels);
    assert!(
        bad.is_none(),
        "labels {labels:?}: {}",
        bad.map(|u| describe(&p, &u)).unwrap_or_default()
    );
}

/// Regression (fixed): past six distinct dates of birth in one cluster the summary used to stop
/// recording new ones, so a conflict between two unrecorded dates was never checked. Six dates of one year and month
/// (pairwise agreeing: 2000-01-01..06), then 1990-01-01 (agrees with 2000-01-01 only) and
/// 1980-01-02 (agrees with 2000-01-02 only) join through links between agreeing dates. Those two
/// disagree (one component in common, ten years apart) and no date in the cluster agrees with
/// both, and no link vouches for them: with five filler dates instead of four the last link is
/// refused, with four (six dates recorded) it is not.
#[test]
fn dob_cap_lets_an_unsupported_conflict_in() {
    let rec = |i: usize, dob: &str| {
        normalize_profile(
            &Profile::new("s", i.to_string())
                .with_family_name("harrison")
                .with_date_of_birth(dob),
            &Default::default(),
        )
    };
    let run = |fillers: usize| {
        // 0: p1 2000-01-01, 1: p2 2000-01-02, 2..2+fillers: 2000-01-03.., then d7, d8.
        let mut records = vec![rec(0, "2000-01-01"), rec(1, "2000-01-02")];
        for k in 0..fillers {
            records.push(rec(2 + k, &format!("2000-01-{:02}", 3 + k)));
        }
        let d7 = records.len() as u32;
        records.push(rec(d7 as usize, "1990-01-01"));
        let d8 = d7 + 1;
        records.push(rec(d8 as usize, "1980-01-02"));
        let mut links = vec![link(0, 1, 20.0)];
        for k in 0..fillers as u32 {
            links.push(link(0, 2 + k, 20.0));
        }
        links.push(link(0, d7, 15.0)); // 1990-01-01 ~ 2000-01-01
        links.push(link(1, d8, 12.0)); // 1980-01-02 ~ 2000-01-02
        let duplicates: Vec<u32> = (0..records.len() as u32).collect();
        let p = Population {
            records,
            links,
            duplicates,
        };
        let cfg = GuardConfig {
            cut_weak_bridges: false,
            ..Default::default()
        };
        let (labels, stats) = guard(cfg).cluster(&p.records, &p.links, &p.duplicates);
        (p, labels, stats, d7, d8)
    };
    // Three fillers: five dates recorded, then 1990-01-01 is the sixth; 1980-01-02 is refused.
    let (p, labels, stats, d7, d8) = run(3);
    assert_ne!(labels[d7 as usize], labels[d8 as usize], "{labels:?}");
    assert_eq!(stats.coherence_refused, 1);
    assert!(dob_conflicts_supported(&p, &labels).is_none());
    // Four fillers: six dates recorded before 1990-01-01 joins; it is not recorded, and
    // 1980-01-02 is let in next to it.
    let (p, labels, _, d7, d8) = run(4);
    let bad = dob_conflicts_supported(&p, &labels);
    assert!(
        labels[d7 as usize] != labels[d8 as usize] && bad.is_none(),
        "1990-01-01 and 1980-01-02 in one cluster without support: {}",
        bad.map(|u| describe(&p, &u)).unwrap_or_default()
    );
}

/// Fixed populations checked through every property at once (quick smoke test of the helpers).
#[test]
fn hand_made_population_satisfies_properties() {
    let pool = [(1980, 3, 4), (1980, 4, 3), (1975, 11, 30)];
    let specs = [
        (Some(0), Some(0)),
        (Some(0), Some(1)),
        (Some(1), Some(2)),
        (None, Some(0)),
        (Some(2), None),
    ];
    let records: Vec<NormalizedProfile> = specs
        .iter()
        .enumerate()
        .map(|(i, &(given, dob))| {
            let s = Spec {
                given,
                family: 0,
                dob,
                email: None,
            };
            normalize_profile(&profile(i, &s, &pool), &Default::default())
        })
        .collect();
    let links = vec![
        link(0, 1, 20.0),
        link(1, 3, 10.0),
        link(2, 3, 9.0),
        link(3, 4, 5.0),
    ];
    let duplicates = guard(GuardConfig::default()).exact_duplicates(&records);
    let p = Population {
        records,
        links,
        duplicates,
    };
    let (labels, stats) =
        guard(GuardConfig::default()).cluster(&p.records, &p.links, &p.duplicates);
    check_partition(5, &labels).unwrap();
    assert!(dob_conflicts_supported(&p, &labels).is_none());
    assert!(name_conflicts_supported(&p, &labels).is_none());
    // 2 (oscar, 1975-11-30) cannot join 0, 1, 3 (anna / 1980 dates) through 3.
    assert_ne!(labels[2], labels[0], "{labels:?} {stats:?}");
    let by_label: BTreeMap<u32, usize> = labels.iter().fold(BTreeMap::new(), |mut m, &l| {
        *m.entry(l).or_default() += 1;
        m
    });
    assert_eq!(by_label.values().sum::<usize>(), 5);
}
