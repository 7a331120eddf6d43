//! Loading a saved state in a binary serde format (postcard): the loaded state goes on exactly
//! as one never saved, corrupt bytes are an error (never a panic), and the loaded state does not
//! depend on the number of threads.

mod common;

use common::apply;
use proptest::prelude::*;
use selfsame::state::ResolverState;
use selfsame::{Config, Profile};

const GIVEN: [&str; 8] = [
    "Ann",
    "Anna",
    "Robert",
    "Bob",
    "María José",
    "Zoë",
    "Jean-Luc",
    "Siobhán",
];
const FAMILY: [&str; 6] = [
    "Lee",
    "O'Brien",
    "García Márquez",
    "Nguyen",
    "Smith",
    "Müller",
];
const DOMAIN: [&str; 4] = ["gmail.com", "example.org", "yahoo.co.uk", "shop.example"];
const CITY: [&str; 4] = ["Springfield", "Saint-Denis", "Köln", "Portland"];

/// Customer records of `people` people, some of them twice in other forms (another source, an
/// upper-case email, a phone written another way, a nickname), some with values the normalizer
/// rejects. Deterministic.
fn records(people: usize) -> Vec<Profile> {
    let mut out = Vec::new();
    for i in 0..people {
        let given = GIVEN[i % GIVEN.len()];
        let family = FAMILY[(i / 3) % FAMILY.len()];
        let local = format!("{}.{}{}", given.to_lowercase(), family.to_lowercase(), i);
        let local: String = local
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let email = format!("{local}@{}", DOMAIN[i % DOMAIN.len()]);
        let phone = format!("+1 415 555 {:04}", i % 10_000);
        let mut p = Profile::new("crm", format!("c-{i}"))
            .with_given_name(given)
            .with_family_name(family)
            .with_email(&email)
            .with_phone(&phone)
            .with_date_of_birth(format!(
                "19{:02}-{:02}-{:02}",
                40 + i % 60,
                1 + i % 12,
                1 + i % 28
            ))
            .with_address(
                selfsame::PostalAddress::default()
                    .with_street(format!("{} Main Street", 1 + i % 900))
                    .with_city(CITY[i % CITY.len()])
                    .with_postcode(format!("{:05}", 10_000 + i % 80_000)),
            );
        if i % 7 == 0 {
            // A rejected value: the record is held whole, not packed.
            p = p.with_email("not an email");
        }
        out.push(p);
        if i % 3 == 0 {
            let nick = if given == "Robert" { "Bob" } else { given };
            out.push(
                Profile::new("shop", format!("s-{i}"))
                    .with_full_name(format!("{nick} {family}"))
                    .with_email(email.to_uppercase())
                    .with_phone(format!("(415) 555-{:04}", i % 10_000)),
            );
        }
    }
    out
}

fn built(people: usize) -> ResolverState {
    ResolverState::from_profiles(Config::default(), None, records(people).as_slice()).unwrap()
}

fn save(state: &ResolverState) -> Vec<u8> {
    postcard::to_allocvec(state).unwrap()
}

fn load(bytes: &[u8]) -> Result<ResolverState, selfsame::Error> {
    ResolverState::load(&mut postcard::Deserializer::from_bytes(bytes))
}

/// Later changes: new people, an update, a record joining an existing person, erasures.
fn changes(people: usize) -> Vec<(bool, Profile)> {
    let mut out = Vec::new();
    for (k, p) in records(people + 6).into_iter().rev().take(8).enumerate() {
        out.push((false, p));
        if k % 3 == 1 {
            out.push((true, Profile::new("crm", format!("c-{}", k * 5))));
        }
    }
    out.push((
        false,
        Profile::new("pos", "p-1")
            .with_given_name("ANN")
            .with_family_name("LEE")
            .with_email("Ann.Lee0@GMAIL.COM"),
    ));
    out.push((
        false,
        Profile::new("crm", "c-4").with_full_name("Zoë Nguyen"),
    ));
    out
}

#[test]
fn a_state_loaded_from_postcard_goes_on_exactly_as_one_never_saved() {
    let mut live = built(120);
    let bytes = save(&live);
    let mut loaded = load(&bytes).unwrap();
    assert_eq!(loaded.len(), live.len());
    assert_eq!(loaded.link_count(), live.link_count());
    assert_eq!(loaded.cluster_count(), live.cluster_count());
    assert_eq!(loaded.clusters(), live.clusters());
    for c in live.clusters() {
        for r in &c.records {
            assert_eq!(loaded.cluster_of(&r.source, &r.record_id), Some(c.id));
        }
    }
    let ops = changes(120);
    let events = apply(&mut live, &ops);
    assert!(!events.is_empty());
    assert_eq!(apply(&mut loaded, &ops), events);
    assert_eq!(loaded.clusters(), live.clusters());
    assert_eq!(save(&loaded), save(&live));
    // The JSON form of the same state loads to the same state.
    let mut json = Vec::new();
    live.save(&mut serde_json::Serializer::new(&mut json))
        .unwrap();
    let from_json = ResolverState::load(&mut serde_json::Deserializer::from_slice(&json)).unwrap();
    assert_eq!(save(&from_json), save(&live));
}

/// A saved state read as a stream (postcard's `from_io` over a reader) loads as from the
/// bytes whole and goes on alike, and pins nothing in the scratch buffer (each block or piece is
/// taken from it and the space reused, so a scratch of the largest one suffices, not the whole
/// file); a scratch too small for one is an error, not a panic.
#[test]
fn a_state_streams_from_a_reader_through_its_scratch() {
    let mut live = built(300);
    let bytes = save(&live);
    let mut scratch = vec![0u8; bytes.len()];
    let mut de = postcard::Deserializer::from_flavor(postcard::de_flavors::io::io::IOReader::new(
        bytes.as_slice(),
        &mut scratch,
    ));
    let mut streamed = ResolverState::load(&mut de).unwrap();
    let (_, unpinned) = de.finalize().unwrap();
    assert_eq!(
        unpinned.len(),
        bytes.len(),
        "nothing is left pinned in the scratch"
    );
    assert_eq!(save(&streamed), bytes);
    let ops = changes(300);
    assert_eq!(apply(&mut streamed, &ops), apply(&mut live, &ops));
    assert_eq!(save(&streamed), save(&live));
    let mut tiny = vec![0u8; 64];
    let mut de = postcard::Deserializer::from_flavor(postcard::de_flavors::io::io::IOReader::new(
        bytes.as_slice(),
        &mut tiny,
    ));
    assert!(matches!(
        ResolverState::load(&mut de),
        Err(selfsame::Error::SavedState(_))
    ));
}

/// Term frequencies in use (more than `TermFrequencies::MIN_RECORDS` records have each field),
/// then upserts and erasures that move them: the state keeps them as counted when it was built,
/// so a loaded state must read them as saved, not count them again over its records.
#[test]
fn term_frequencies_are_loaded_as_saved_not_counted_again() {
    let (people, more) = (760, 100);
    let base = records(people);
    assert!(base.len() as f64 > selfsame::score::TermFrequencies::MIN_RECORDS);
    // The default model (training would only make the test slower).
    let model = selfsame::score::Model::default_untrained();
    let mut live =
        ResolverState::from_profiles(Config::default(), Some(model), base.as_slice()).unwrap();
    // New people (the family names cycle, so their counts move), then erasures.
    let mut moved: Vec<(bool, Profile)> = records(people + more)
        .into_iter()
        .skip(base.len())
        .map(|p| (false, p))
        .collect();
    moved.extend((0..60).map(|i| (true, Profile::new("crm", format!("c-{}", i * 11)))));
    assert!(!apply(&mut live, &moved).is_empty());

    let bytes = save(&live);
    let mut json = Vec::new();
    live.save(&mut serde_json::Serializer::new(&mut json))
        .unwrap();
    let mut loaded = load(&bytes).unwrap();
    let mut from_json =
        ResolverState::load(&mut serde_json::Deserializer::from_slice(&json)).unwrap();
    assert!(save(&loaded) == bytes && save(&from_json) == bytes);

    // Further changes: new people, people coming back from another source, erasures.
    let mut ops = changes(people + more);
    let all = records(people + more);
    for i in (0..people + more).step_by(37) {
        let p = all.iter().find(|p| p.id == format!("c-{i}")).unwrap();
        let mut again = Profile::new("pos", format!("p-{i}"));
        again.given_name = p.given_name.clone();
        again.family_name = p.family_name.clone();
        again.emails = p.emails.clone();
        ops.push((false, again));
    }
    ops.push((true, Profile::new("crm", "c-801")));
    ops.push((true, Profile::new("crm", "c-3")));
    let events = apply(&mut live, &ops);
    assert!(events.len() > ops.len() / 2);
    assert_eq!(apply(&mut loaded, &ops), events);
    assert_eq!(apply(&mut from_json, &ops), events);
    let want = save(&live);
    // (Byte vectors compared with `assert!`: a failure would print them whole.)
    assert!(save(&loaded) == want, "postcard: the saved bytes differ");
    assert!(save(&from_json) == want, "JSON: the saved bytes differ");
    // (A state of version 2, which did not save them, counts them again: a unit test of the
    // state module shows that this moves weights here.)
    let links = |s: &ResolverState| {
        let mut v = Vec::new();
        s.save(&mut serde_json::Serializer::new(&mut v)).unwrap();
        serde_json::from_slice::<serde_json::Value>(&v).unwrap()["links"].take()
    };
    assert!(links(&loaded) == links(&live));
}

#[test]
fn the_loaded_state_does_not_depend_on_the_thread_count() {
    let bytes = save(&built(60));
    let ops = changes(60);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut state = load(&bytes).unwrap();
            let events = apply(&mut state, &ops);
            (save(&state), events)
        })
    };
    let one = run(1);
    assert_eq!(run(3), one);
    assert_eq!(run(2), one);
}

/// Above one chunk of packed records (16,384), the chunks are read in parallel.
#[test]
#[ignore = "heavy: run with --release -- --ignored"]
fn a_state_of_several_chunks_loads_the_same_whatever_the_thread_count() {
    let mut live = built(26_000);
    assert!(live.len() > 2 * 16_384);
    let bytes = save(&live);
    let ops = changes(26_000);
    let events = apply(&mut live, &ops);
    for threads in [1, 2, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let (saved, got) = pool.install(|| {
            let mut state = load(&bytes).unwrap();
            let got = apply(&mut state, &ops);
            (save(&state), got)
        });
        assert_eq!(got, events, "{threads} threads");
        assert_eq!(saved, save(&live), "{threads} threads");
    }
}

#[test]
fn an_unknown_version_in_postcard_is_a_clear_error() {
    let bytes = save(&built(5));
    // The format name (a length byte, then 14 bytes), then the version as a varint.
    assert_eq!(&bytes[..15], b"\x0eselfsame-state");
    assert_eq!(bytes[15], 5);
    for (v, want) in [(1u8, "unsupported version 1"), (6, "unsupported version 6")] {
        let mut bad = bytes.clone();
        bad[15] = v;
        match load(&bad) {
            Err(selfsame::Error::SavedState(msg)) => assert!(msg.contains(want), "{msg}"),
            other => panic!("version {v}: {other:?}"),
        }
    }
    let mut other = bytes.clone();
    other[1] = b'S';
    assert!(matches!(load(&other), Err(selfsame::Error::SavedState(_))));
}

/// Where the term frequencies start in the postcard bytes of `state` (they come last: a count,
/// then each slot's bytes with their length), found from the JSON form's base64 strings.
fn tf_start(state: &ResolverState, bytes: &[u8]) -> usize {
    let varint = |mut x: usize| {
        let mut n = 1;
        while x >= 0x80 {
            x >>= 7;
            n += 1;
        }
        n
    };
    let mut json = Vec::new();
    state
        .save(&mut serde_json::Serializer::new(&mut json))
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let slots = v["tf"].as_array().unwrap();
    let len: usize = varint(slots.len())
        + slots
            .iter()
            .map(|b| b.as_str().unwrap().len() * 3 / 4)
            .map(|n| varint(n) + n)
            .sum::<usize>();
    let start = bytes.len() - len;
    assert_eq!(usize::from(bytes[start]), slots.len());
    start
}

#[test]
fn term_frequencies_of_another_shape_are_a_clear_error() {
    let live = built(8);
    let bytes = save(&live);
    let start = tf_start(&live, &bytes);
    // 7 built-in fields and no custom comparison: 1 to 6 or 8 slots is not a saved shape.
    assert_eq!(bytes[start], 7);
    for n in [1u8, 6, 8] {
        let mut bad = bytes.clone();
        bad[start] = n;
        bad.extend(std::iter::repeat_n(bad[start + 1..].to_vec(), 2).flatten());
        assert!(
            matches!(load(&bad), Err(selfsame::Error::SavedState(_))),
            "{n} slots"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Flips in the term frequencies: an error, or a state that saves as the bytes read.
    #[test]
    fn corrupt_term_frequencies_are_an_error(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let live = built(8);
        let mut bytes = save(&live);
        let start = tf_start(&live, &bytes);
        let len = bytes.len() - start;
        for (at, byte) in flips {
            bytes[start + at.index(len)] = byte;
        }
        if truncate {
            bytes.truncate(start + cut.index(len));
        }
        if let Ok(loaded) = load(&bytes) {
            // (postcard leaves trailing bytes unread)
            prop_assert!(bytes.starts_with(&save(&loaded)));
        }
    }

    #[test]
    fn corrupt_or_truncated_postcard_bytes_are_an_error_or_a_consistent_state(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let live = built(8);
        let mut bytes = save(&live);
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        if let Ok(loaded) = load(&bytes) {
            let clusters = loaded.clusters();
            let members: usize = clusters.iter().map(|c| c.records.len()).sum();
            prop_assert_eq!(members, loaded.len());
            for c in &clusters {
                for r in &c.records {
                    prop_assert_eq!(loaded.cluster_of(&r.source, &r.record_id), Some(c.id));
                }
            }
        }
    }

    #[test]
    fn random_bytes_are_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = load(&bytes);
    }
}

/// A loaded record that changes leaves the loaded index: its old keys no longer count in a
/// block. Blocks of at most 2 records, by email only: Ann's two records share a block; one is
/// changed to another email, so a third record with the first email meets a block of one, and
/// is linked to the record left there, in the loaded state as in the one never saved.
#[test]
fn a_changed_record_leaves_the_loaded_index() {
    use selfsame::block::{BlockKey, BlockingConfig, BlockingRule};
    let config = Config::default().with_blocking(BlockingConfig {
        rules: vec![BlockingRule::new("email", vec![BlockKey::Email])],
        max_block_size: 2,
    });
    let ann = |id: &str, email: &str| {
        Profile::new("crm", id)
            .with_given_name("Ann")
            .with_family_name("Lee")
            .with_date_of_birth("1980-03-04")
            .with_email(email)
    };
    let people = vec![
        ann("1", "ann.lee@example.com"),
        ann("2", "ann.lee@example.com"),
    ];
    let model = selfsame::score::Model::default_untrained();
    let mut live = ResolverState::from_profiles(config, Some(model), &people).unwrap();
    let mut loaded = load(&save(&live)).unwrap();
    for state in [&mut live, &mut loaded] {
        state.upsert(ann("1", "a.lee@example.org")).unwrap();
        state.upsert(ann("3", "ann.lee@example.com")).unwrap();
        assert_eq!(state.cluster_of("crm", "3"), state.cluster_of("crm", "2"));
    }
    assert_eq!(loaded.clusters(), live.clusters());
    assert_eq!(save(&loaded), save(&live));
}

#[test]
fn batch_upserts_onto_a_loaded_state_give_what_one_at_a_time_gives() {
    // A small cap, so that blocks pass it while a batch is applied.
    let mut cfg = Config::default();
    cfg.blocking.max_block_size = 4;
    let all = records(160);
    let (base, more) = all.split_at(150);
    let live = ResolverState::from_profiles(cfg, None, base).unwrap();
    let bytes = save(&live);
    // New records (more people, each twice, and copies of people held under new ids), then an
    // update and more new records after it.
    let mut adds: Vec<Profile> = more.to_vec();
    for p in more {
        // Not an exact duplicate: it must be found through the blocks.
        let mut copy = p.clone().with_phone("+1 212 555 0199");
        copy.source = "web".to_string();
        adds.push(copy);
    }
    for p in base.iter().step_by(9) {
        let mut copy = p.clone();
        copy.id = format!("{}-again", p.id);
        adds.push(copy);
    }
    adds.push(base[4].clone().with_email("moved@example.org"));
    for p in base.iter().skip(2).step_by(11) {
        let mut copy = p.clone();
        copy.source = "pos".to_string();
        adds.push(copy);
    }
    let mut batch = load(&bytes).unwrap();
    let mut single = load(&bytes).unwrap();
    let events = batch.upsert_all(adds.clone()).unwrap();
    let mut one = Vec::new();
    for p in adds {
        one.extend(single.upsert(p).unwrap());
    }
    assert!(events == one, "the same events");
    assert_eq!(batch.clusters(), single.clusters());
    assert_eq!(batch.link_count(), single.link_count());
    assert_eq!(save(&batch), save(&single));
}
