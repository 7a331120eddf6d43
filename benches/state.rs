//! The incremental path (`state::ResolverState`) on synthetic customer profiles (see
//! `gen/mod.rs`): one upsert into a state of 100k people (about 190k records), a batch of 2,000
//! new records (`upsert_all`), and the erasure of one record of a 50-record cluster.
//!
//! ```text
//! cargo bench --bench state
//! SELFSAME_BENCH_PEOPLE=1000000 cargo bench --bench state   # the 1M-people state
//! ```
//!
//! Targets (issue 9): upsert p99 ≤ 1 ms into 1.9M records; removal from a 50-record cluster
//! p99 ≤ 5 ms; batch upserts within 2× of a bulk resolve per record. Criterion reports the
//! mean; the `stream` example prints p50 / p99 and, with `--batch`, the time per record.
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use selfsame::state::ResolverState;
use selfsame::{Config, Profile};

#[path = "gen/mod.rs"]
mod gen;

const SEED: u64 = 20240611;

fn people() -> usize {
    std::env::var("SELFSAME_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// Fifty records of one customer: the same name, email and phone in slightly different forms.
fn big_cluster() -> Vec<Profile> {
    (0..50)
        .map(|i| {
            Profile::new("pos", format!("big-{i}"))
                .with_given_name(if i % 3 == 0 { "Bob" } else { "Robert" })
                .with_family_name("Quintavalle")
                .with_email(format!("Robert.Quintavalle+{i}@Gmail.com"))
                .with_phone(if i % 2 == 0 {
                    "+1 415 555 0177"
                } else {
                    "(415) 555-0177"
                })
        })
        .collect()
}

fn bench_state(c: &mut Criterion) {
    let mut profiles = gen::profiles(people(), SEED);
    // New arrivals: records of other people, not in the state.
    let arrivals: Vec<Profile> = gen::profiles(2_000, SEED + 1)
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            p.id = format!("new-{i}");
            p
        })
        .collect();
    profiles.extend(big_cluster());
    let mut state =
        ResolverState::from_profiles(Config::default(), None, &profiles).expect("the state builds");
    let mut group = c.benchmark_group("state");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    // Each timed upsert is undone (removed) untimed, so every iteration meets the same state.
    let mut next = 0usize;
    group.bench_function("upsert_one_new_record", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let p = arrivals[next % arrivals.len()].clone();
                next += 1;
                let (source, id) = (p.source.clone(), p.id.clone());
                let t = Instant::now();
                black_box(state.upsert(p).expect("upsert"));
                total += t.elapsed();
                state.remove(&source, &id).expect("undo");
            }
            total
        })
    });
    // A batch of 2,000 new records (`upsert_all`), undone (removed) untimed; criterion's
    // throughput is per record, to set beside a bulk resolve's (issue 9: within 2×).
    group.throughput(criterion::Throughput::Elements(arrivals.len() as u64));
    group.bench_function("upsert_all_2000_new_records", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let batch = arrivals.clone();
                let t = Instant::now();
                black_box(state.upsert_all(batch).expect("upsert_all"));
                total += t.elapsed();
                for p in &arrivals {
                    state.remove(&p.source, &p.id).expect("undo");
                }
            }
            total
        })
    });
    group.throughput(criterion::Throughput::Elements(1));
    // Each timed removal is undone (the record upserted again), untimed.
    let victim = profiles
        .iter()
        .find(|p| p.id == "big-17")
        .cloned()
        .expect("the big cluster is there");
    group.bench_function("remove_one_of_a_50_record_cluster", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                black_box(state.remove("pos", "big-17").expect("remove"));
                total += t.elapsed();
                state.upsert(victim.clone()).expect("undo");
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, bench_state);
criterion_main!(benches);
