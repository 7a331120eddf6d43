//! The incremental state (`selfsame::state`): events, id rules, erasure, saved form, and
//! agreement with bulk resolution.

mod common;

use common::apply;
use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use selfsame::guard::GuardConfig;
use selfsame::score::Model;
use selfsame::state::{ClusterId, Event, ResolverState};
use selfsame::{Config, Profile, Resolver};

fn ann(source: &str, id: &str) -> Profile {
    Profile::new(source, id)
        .with_given_name("Ann")
        .with_family_name("Lee")
}

fn empty() -> ResolverState {
    ResolverState::new(Config::default(), Model::default_untrained()).unwrap()
}

/// Two people-halves (one by email, one by phone) and the record that bridges them.
fn halves() -> (Profile, Profile, Profile) {
    let a = ann("crm", "a").with_email("ann.lee@example.com");
    let b = ann("shop", "b").with_phone("+1 415 555 0134");
    let c = ann("pos", "c")
        .with_email("ann.lee@example.com")
        .with_phone("+1 415 555 0134");
    (a, b, c)
}

#[test]
fn a_bridge_merges_into_the_oldest_id_and_its_erasure_splits_back() {
    let mut state = empty();
    let (a, b, c) = halves();
    state.upsert(a).unwrap();
    state.upsert(b).unwrap();
    let (ida, idb) = (
        state.cluster_of("crm", "a").unwrap(),
        state.cluster_of("shop", "b").unwrap(),
    );
    assert_ne!(ida, idb, "the halves share only a name");
    let events = state.upsert(c).unwrap();
    assert_eq!(
        events,
        vec![
            Event::Merged {
                from: idb,
                into: ida
            },
            Event::Joined {
                cluster: ida,
                record: key("pos", "c")
            },
        ]
    );
    assert_eq!(state.cluster_of("shop", "b"), Some(ida));
    // Erase the bridge: two parts of one record each; the one holding the oldest record keeps
    // the id, the other gets a new one.
    let events = state.remove("pos", "c").unwrap();
    let new_b = state.cluster_of("shop", "b").unwrap();
    assert_eq!(state.cluster_of("crm", "a"), Some(ida));
    assert_ne!(new_b, ida);
    assert_ne!(new_b, idb, "a retired id is not handed out again");
    assert_eq!(
        events,
        vec![
            Event::Removed {
                cluster: ida,
                record: key("pos", "c"),
                emptied: false
            },
            Event::Split {
                from: ida,
                into: new_b
            },
        ]
    );
    assert_eq!(state.cluster_count(), 2);
    assert_eq!(state.link_count(), 0);
}

#[test]
fn a_split_leaves_the_id_with_the_larger_part() {
    let mut state = empty();
    let (a, b, c) = halves();
    // The phone half arrives first (older), but the email half grows to two records.
    state.upsert(b).unwrap();
    state.upsert(a).unwrap();
    state
        .upsert(ann("crm", "a2").with_email("ann.lee@example.com"))
        .unwrap();
    state.upsert(c).unwrap();
    let id = state.cluster_of("shop", "b").unwrap();
    assert_eq!(state.cluster_of("crm", "a"), Some(id));
    state.remove("pos", "c").unwrap();
    assert_eq!(
        state.cluster_of("crm", "a"),
        Some(id),
        "two records beat one"
    );
    assert_eq!(state.cluster_of("crm", "a2"), Some(id));
    assert_ne!(state.cluster_of("shop", "b"), Some(id));
}

#[test]
fn an_update_withdraws_old_links() {
    let mut state = empty();
    let (a, _, _) = halves();
    state.upsert(a).unwrap();
    state
        .upsert(ann("shop", "x").with_email("ann.lee@example.com"))
        .unwrap();
    let id = state.cluster_of("crm", "a").unwrap();
    assert_eq!(state.cluster_of("shop", "x"), Some(id));
    assert_eq!(state.link_count(), 1);
    // The shop record becomes someone else entirely.
    let events = state
        .upsert(
            Profile::new("shop", "x")
                .with_given_name("Bob")
                .with_family_name("Marsh")
                .with_phone("+44 20 7946 0018"),
        )
        .unwrap();
    assert_eq!(state.link_count(), 0);
    let moved = state.cluster_of("shop", "x").unwrap();
    assert_ne!(moved, id);
    assert_eq!(state.cluster_of("crm", "a"), Some(id));
    assert_eq!(
        events,
        vec![
            Event::Split {
                from: id,
                into: moved
            },
            Event::Updated {
                cluster: moved,
                record: key("shop", "x")
            },
        ]
    );
    assert_eq!(state.len(), 2);
}

#[test]
fn removing_the_last_record_retires_the_cluster_and_unknown_records_are_no_change() {
    let mut state = empty();
    state.upsert(ann("crm", "1")).unwrap();
    let id = state.cluster_of("crm", "1").unwrap();
    let events = state.remove("crm", "1").unwrap();
    assert_eq!(
        events,
        vec![Event::Removed {
            cluster: id,
            record: key("crm", "1"),
            emptied: true
        }]
    );
    assert!(state.is_empty());
    assert_eq!(state.cluster_count(), 0);
    assert!(state.remove("crm", "1").unwrap().is_empty());
    assert!(state.remove("nowhere", "x").unwrap().is_empty());
}

#[test]
fn debug_shows_no_record_ids_or_values() {
    let mut state = empty();
    let events = state
        .upsert(ann("crm", "secret-id-42").with_email("zyxwvu@example.com"))
        .unwrap();
    let shown = format!("{events:?} {state:?} {:?}", state.clusters());
    assert!(
        !shown.contains("secret-id-42") && !shown.contains("zyxwvu"),
        "{shown}"
    );
    let json = serde_json::to_string(&events[0]).unwrap();
    assert!(
        json.starts_with(r#"{"event":"created","cluster":"c"#),
        "{json}"
    );
}

#[test]
fn cluster_ids_parse_strictly() {
    for bad in [
        "",
        "c",
        "c123",
        "d0000000000000000",
        "c000000000000000g",
        "c00000000000000001",
    ] {
        assert!(bad.parse::<ClusterId>().is_err(), "{bad}");
    }
}

fn key(source: &str, id: &str) -> selfsame::state::RecordKey {
    selfsame::state::RecordKey {
        source: source.into(),
        record_id: id.into(),
    }
}

// ---- agreement with bulk resolution ----

/// The configuration of the equivalence property: generic-value detection off (the state finds
/// generic values once, bulk over the final set) and a block cap no block reaches. Term
/// frequencies are inactive below 1,000 records in both.
fn equivalence_config() -> Config {
    let mut cfg = Config::default().with_guard(GuardConfig {
        generic_email: 0,
        generic_email_local: 0,
        generic_phone: 0,
        generic_address: 0,
        ..GuardConfig::default()
    });
    cfg.blocking.max_block_size = 10_000;
    cfg
}

const GIVEN: [&str; 6] = ["Ann", "Anna", "Bob", "Robert", "Carl", "A"];
const FAMILY: [&str; 3] = ["Lee", "Li", "Smith"];
const EMAIL: [&str; 3] = [
    "ann.lee@example.com",
    "bob@shop.com",
    "carl.smith@gmail.com",
];
const PHONE: [&str; 3] = ["+1 415 555 0134", "+1 212 555 0199", "+44 20 7946 0018"];
const DOB: [&str; 3] = ["1980-03-04", "1980-04-03", "1975-11-30"];

fn profile() -> impl Strategy<Value = Profile> {
    (
        (0usize..2, 0usize..10),
        0usize..GIVEN.len() + 1,
        0usize..FAMILY.len() + 1,
        0usize..EMAIL.len() + 1,
        0usize..PHONE.len() + 1,
        0usize..DOB.len() + 1,
    )
        .prop_map(|((s, id), g, f, e, ph, d)| {
            let mut p = Profile::new(["crm", "shop"][s], id.to_string());
            if let Some(x) = GIVEN.get(g) {
                p = p.with_given_name(*x);
            }
            if let Some(x) = FAMILY.get(f) {
                p = p.with_family_name(*x);
            }
            if let Some(x) = EMAIL.get(e) {
                p = p.with_email(*x);
            }
            if let Some(x) = PHONE.get(ph) {
                p = p.with_phone(*x);
            }
            if let Some(x) = DOB.get(d) {
                p = p.with_date_of_birth(*x);
            }
            p
        })
}

/// An operation: upsert the profile, or (when `remove`) erase its (source, id).
fn ops() -> impl Strategy<Value = Vec<(bool, Profile)>> {
    prop::collection::vec((prop::bool::weighted(0.25), profile()), 1..30)
}

type Partition = BTreeSet<BTreeSet<(String, String)>>;

fn state_partition(state: &ResolverState) -> Partition {
    state
        .clusters()
        .into_iter()
        .map(|c| {
            c.records
                .into_iter()
                .map(|r| (r.source, r.record_id))
                .collect()
        })
        .collect()
}

fn bulk_partition(cfg: &Config, model: &Model, records: &[Profile]) -> Partition {
    let res = Resolver::new(cfg.clone())
        .with_model(model.clone())
        .resolve(records)
        .unwrap();
    res.clusters
        .iter()
        .map(|c| {
            c.members
                .iter()
                .map(|&m| {
                    let p = &records[m as usize];
                    (p.source.clone(), p.id.clone())
                })
                .collect()
        })
        .collect()
}

fn final_records(base: &[Profile], ops: &[(bool, Profile)]) -> Vec<Profile> {
    let mut live: BTreeMap<(String, String), Profile> = base
        .iter()
        .map(|p| ((p.source.clone(), p.id.clone()), p.clone()))
        .collect();
    for (remove, p) in ops {
        let k = (p.source.clone(), p.id.clone());
        if *remove {
            live.remove(&k);
        } else {
            live.insert(k, p.clone());
        }
    }
    live.into_values().collect()
}

fn check_invariants(state: &ResolverState) {
    let clusters = state.clusters();
    let mut seen = BTreeSet::new();
    for c in &clusters {
        assert!(!c.records.is_empty());
        for r in &c.records {
            assert!(seen.insert(r.clone()), "a record in two clusters");
            assert_eq!(state.cluster_of(&r.source, &r.record_id), Some(c.id));
        }
    }
    assert_eq!(seen.len(), state.len());
    let ids: BTreeSet<ClusterId> = clusters.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), clusters.len(), "cluster ids are distinct");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_stream_of_changes_ends_where_bulk_resolution_of_the_final_records_does(ops in ops()) {
        let cfg = equivalence_config();
        let mut state = ResolverState::new(cfg.clone(), Model::default_untrained()).unwrap();
        apply(&mut state, &ops);
        check_invariants(&state);
        let records = final_records(&[], &ops);
        prop_assert_eq!(state.len(), records.len());
        prop_assert_eq!(state_partition(&state), bulk_partition(&cfg, state.model(), &records));
    }

    #[test]
    fn a_state_built_in_bulk_then_changed_agrees_with_bulk(
        base in prop::collection::vec(profile(), 0..15),
        ops in ops(),
    ) {
        let cfg = equivalence_config();
        let base: Vec<Profile> = final_records(&[], &base.into_iter().map(|p| (false, p)).collect::<Vec<_>>());
        let mut state = ResolverState::from_profiles(cfg.clone(), Some(Model::default_untrained()), &base).unwrap();
        prop_assert_eq!(state_partition(&state), bulk_partition(&cfg, state.model(), &base));
        apply(&mut state, &ops);
        check_invariants(&state);
        let records = final_records(&base, &ops);
        prop_assert_eq!(state_partition(&state), bulk_partition(&cfg, state.model(), &records));
    }

    #[test]
    fn the_same_changes_give_the_same_ids_and_events(ops in ops()) {
        let run = || {
            let mut state = empty();
            let events = apply(&mut state, &ops);
            (events, state.clusters())
        };
        let (e1, c1) = run();
        let (e2, c2) = run();
        prop_assert_eq!(e1, e2);
        prop_assert_eq!(c1, c2);
    }

    #[test]
    fn a_cluster_that_only_gains_records_keeps_its_id(
        base in prop::collection::vec(profile(), 1..10),
        extra in prop::collection::vec(profile(), 1..10),
    ) {
        let mut state = empty();
        apply(&mut state, &base.iter().map(|p| (false, p.clone())).collect::<Vec<_>>());
        for p in extra {
            // Only new records (fresh ids), so no update withdraws a link.
            let p = Profile { id: format!("new-{}", p.id), ..p };
            if state.cluster_of(&p.source, &p.id).is_some() {
                continue;
            }
            let before = state.clusters();
            let events = state.upsert(p).unwrap();
            let after = state.clusters();
            // Every merge keeps the oldest id; a record that only joins leaves ids alone.
            if events.iter().all(|e| matches!(e, Event::Joined { .. } | Event::Created { .. })) {
                for c in &before {
                    prop_assert!(after.iter().any(|d| d.id == c.id
                        && c.records.iter().all(|r| d.records.contains(r))));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A batch gives exactly what the same upserts one at a time give (events, ids, links and
    /// saved bytes), updates of records in the batch or before it included.
    #[test]
    fn a_batch_of_upserts_gives_what_one_at_a_time_gives(
        base in prop::collection::vec(profile(), 0..15),
        batch in prop::collection::vec(profile(), 1..40),
        cap in 2usize..6,
    ) {
        let mut cfg = Config::default();
        cfg.blocking.max_block_size = cap;
        let base = final_records(&[], &base.into_iter().map(|p| (false, p)).collect::<Vec<_>>());
        let build = || {
            ResolverState::from_profiles(cfg.clone(), Some(Model::default_untrained()), &base).unwrap()
        };
        let (mut all, mut one) = (build(), build());
        let events = all.upsert_all(batch.clone()).unwrap();
        let mut single = Vec::new();
        for p in batch {
            single.extend(one.upsert(p).unwrap());
        }
        prop_assert_eq!(events, single);
        prop_assert_eq!(all.clusters(), one.clusters());
        prop_assert_eq!(all.link_count(), one.link_count());
        prop_assert_eq!(save_json(&all), save_json(&one));
    }
}

// ---- saved state ----

fn save_json(state: &ResolverState) -> Vec<u8> {
    let mut bytes = Vec::new();
    state
        .save(&mut serde_json::Serializer::new(&mut bytes))
        .unwrap();
    bytes
}

fn load_json(bytes: &[u8]) -> Result<ResolverState, selfsame::Error> {
    ResolverState::load(&mut serde_json::Deserializer::from_slice(bytes))
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[test]
fn after_erasure_the_saved_bytes_hold_nothing_of_the_record() {
    let mut state = empty();
    let (a, b, _) = halves();
    state.upsert(a).unwrap();
    state.upsert(b).unwrap();
    let erased = Profile::new("crm", "rec-erase-me")
        .with_given_name("Quixotella")
        .with_family_name("Lee")
        .with_email("zq8erasure@unique-mail.example")
        .with_phone("+1 646 555 0199")
        .with_date_of_birth("1971-09-17");
    state.upsert(erased).unwrap();
    let before = save_json(&state);
    for value in [
        "Quixotella",
        "zq8erasure",
        "unique-mail",
        "646 555 0199",
        "1971-09-17",
        "rec-erase-me",
    ] {
        assert!(
            contains(&before, value),
            "{value} is saved while the record lives"
        );
    }
    state.remove("crm", "rec-erase-me").unwrap();
    let after = save_json(&state);
    for value in [
        "Quixotella",
        "zq8erasure",
        "unique-mail",
        "6465550199",
        "646 555 0199",
        "1971-09-17",
        "rec-erase-me",
    ] {
        assert!(!contains(&after, value), "{value} survived erasure");
    }
    assert_eq!(load_json(&after).unwrap().len(), 2);
}

#[test]
fn a_loaded_state_goes_on_exactly_as_the_saved_one() {
    let (a, b, c) = halves();
    let mut live = empty();
    live.upsert(a).unwrap();
    live.upsert(b).unwrap();
    live.upsert(ann("pos", "d").with_date_of_birth("1980-03-04"))
        .unwrap();
    live.remove("pos", "d").unwrap();
    let mut loaded = load_json(&save_json(&live)).unwrap();
    assert_eq!(loaded.clusters(), live.clusters());
    assert_eq!(loaded.link_count(), live.link_count());
    assert_eq!(loaded.upsert(c.clone()).unwrap(), live.upsert(c).unwrap());
    assert_eq!(
        loaded.remove("crm", "a").unwrap(),
        live.remove("crm", "a").unwrap()
    );
    assert_eq!(loaded.clusters(), live.clusters());
    assert_eq!(save_json(&loaded), save_json(&live));
}

#[test]
fn another_version_or_a_broken_state_is_a_clear_error() {
    let mut state = empty();
    let (a, b, c) = halves();
    state.upsert_all([a, b, c]).unwrap();
    let good = String::from_utf8(save_json(&state)).unwrap();
    let cases = [
        good.replace("\"version\":5", "\"version\":6"),
        good.replace("\"version\":5", "\"version\":1"),
        good.replace("selfsame-state", "other-state"),
        good.replace("\"members\":[0,1,2]", "\"members\":[0,1,7]"),
        good.replace("\"members\":[0,1,2]", "\"members\":[0,1]"),
        good.replace("\"next_seq\":3", "\"next_seq\":1"),
        good[..good.len() / 2].to_string(),
        String::new(),
    ];
    for (k, bad) in cases.iter().enumerate() {
        assert_ne!(bad, &good, "case {k} changes the bytes");
        match load_json(bad.as_bytes()) {
            Err(selfsame::Error::SavedState(msg)) => {
                assert!(
                    !msg.contains("Ann") && !msg.contains("example.com"),
                    "{msg}"
                );
                if k == 0 {
                    assert!(msg.contains("unsupported version 6"), "{msg}");
                }
                if k == 1 {
                    assert!(msg.contains("unsupported version 1"), "{msg}");
                }
            }
            other => panic!("case {k}: {other:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_loader_never_panics_on_corrupt_bytes(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut state = empty();
        let (a, b, c) = halves();
        state.upsert_all([a, b, c]).unwrap();
        let mut bytes = save_json(&state);
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        // Either a clear error or a consistent state.
        if let Ok(loaded) = load_json(&bytes) {
            check_invariants(&loaded);
        }
    }

    #[test]
    fn the_loader_never_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = load_json(&bytes);
    }
}
