//! The benches' synthetic generator (`benches/gen`) and its truth labels: deterministic, one label
//! per record, 1..=6 records per person, and `profiles` unchanged by the truth.

#[path = "../benches/gen/mod.rs"]
mod gen;

/// A few chunks' worth (the generator works in chunks of 4,096 people), the last one partial.
const PEOPLE: usize = 9_000;

#[test]
fn same_seed_same_profiles_and_truth() {
    let (p1, t1) = gen::profiles_with_truth(PEOPLE, 12);
    let (p2, t2) = gen::profiles_with_truth(PEOPLE, 12);
    assert!(p1 == p2, "same seed, same profiles");
    assert_eq!(t1, t2);
    let (p3, _) = gen::profiles_with_truth(PEOPLE, 13);
    assert!(p1 != p3, "another seed, other profiles");
}

#[test]
fn one_label_per_record_and_one_to_six_records_per_person() {
    for (people, seed) in [(PEOPLE, 12), (1, 5), (4_096, 7), (4_097, 7)] {
        let (profiles, truth) = gen::profiles_with_truth(people, seed);
        assert_eq!(truth.len(), profiles.len(), "{people} people");
        let mut per_person = vec![0usize; people];
        for &t in &truth {
            per_person[t as usize] += 1;
        }
        for (person, &k) in per_person.iter().enumerate() {
            assert!(
                (1..=6).contains(&k),
                "person {person} of {people} has {k} records"
            );
        }
    }
}

#[test]
fn records_of_one_person_are_alike() {
    // Sanity of the labels (not of the generator's noise): most records of a person share the
    // person's date of birth or family name with another of their records.
    let (profiles, truth) = gen::profiles_with_truth(PEOPLE, 12);
    let mut by_person: Vec<Vec<usize>> = vec![Vec::new(); PEOPLE];
    for (i, &t) in truth.iter().enumerate() {
        by_person[t as usize].push(i);
    }
    let key = |i: usize| {
        profiles[i]
            .family_name
            .as_deref()
            .map(|f| f.trim().to_lowercase())
    };
    let (mut multi, mut shared) = (0, 0);
    for recs in by_person.iter().filter(|r| r.len() > 1) {
        multi += 1;
        let names: Vec<_> = recs.iter().filter_map(|&i| key(i)).collect();
        if names.windows(2).any(|w| w[0] == w[1]) || names.len() < 2 {
            shared += 1;
        }
    }
    assert!(multi > PEOPLE / 4, "{multi} people with several records");
    assert!(
        shared * 10 > multi * 7,
        "{shared} of {multi} people share a family name across records"
    );
}

#[test]
fn profiles_are_the_profiles_with_truth() {
    let plain = gen::profiles(PEOPLE, 12);
    let (with, _) = gen::profiles_with_truth(PEOPLE, 12);
    assert_eq!(plain.len(), with.len());
    for (a, b) in plain.iter().zip(&with) {
        assert_eq!((&a.source, &a.id), (&b.source, &b.id));
        assert_eq!(a.given_name, b.given_name, "{}", a.id);
        assert_eq!(a.emails, b.emails, "{}", a.id);
        assert_eq!(a.date_of_birth, b.date_of_birth, "{}", a.id);
    }
    assert!(plain == with);
}

#[test]
fn ids_are_unique_per_source() {
    let profiles = gen::profiles(PEOPLE, 3);
    let mut ids: Vec<(&str, &str)> = profiles
        .iter()
        .map(|p| (p.source.as_str(), p.id.as_str()))
        .collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn thread_count_does_not_matter() {
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| gen::profiles_with_truth(PEOPLE, 21))
    };
    let (p1, t1) = on(1);
    let (p3, t3) = on(3);
    assert!(p1 == p3, "same profiles on 1 and 3 threads");
    assert_eq!(t1, t3);
}
