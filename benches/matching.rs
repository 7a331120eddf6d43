//! The matching core, stage by stage, on synthetic customer profiles (see `gen/mod.rs`).
//!
//! ```text
//! cargo bench --bench matching                          # all groups, about 3 minutes
//! cargo bench --bench matching -- compare_and_score     # one group
//! SELFSAME_BENCH_1M=1 cargo bench --bench matching -- block/1m
//! ```
//!
//! Groups: `compare/pair` (one pair, ns), `compare_and_score/pairs` (~100k real candidate pairs
//! from blocking 50k people, one thread and rayon), `block/100k` (index + pairs), `train/em_100k`
//! (`estimate_m` over the candidates' levels; `estimate_u` with its default 2M-pair sample),
//! `resolve/end_to_end_20k`, and, only with `SELFSAME_BENCH_1M=1`, `block/1m`.
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use rayon::prelude::*;
use selfsame::block::{BlockIndex, BlockingConfig};
use selfsame::compare::{compare, Levels};
use selfsame::normalize::{normalize_profile, NormalizeConfig};
use selfsame::score::{Model, TermFrequencies, TrainingConfig};
use selfsame::{Config, Mode, NormalizedProfile, PostalAddress, Profile, Resolver};

#[path = "gen/mod.rs"]
mod gen;

const SEED: u64 = 20240611;

/// Normalized records of about `records` profiles, with a source id per record.
struct Data {
    normalized: Vec<NormalizedProfile>,
    sources: Vec<u32>,
}

impl Data {
    fn new(records: usize) -> Data {
        let t = Instant::now();
        let profiles = gen::profiles(people_for(records), SEED);
        let generated = t.elapsed();
        let data = Data::from_profiles(&profiles);
        eprintln!(
            "[setup] {} records generated in {:.2?}, normalized in {:.2?}",
            profiles.len(),
            generated,
            t.elapsed() - generated
        );
        data
    }

    fn from_profiles(profiles: &[Profile]) -> Data {
        let cfg = NormalizeConfig::default();
        let normalized = profiles
            .par_iter()
            .map(|p| normalize_profile(p, &cfg))
            .collect();
        let sources = profiles.iter().map(|p| source_id(&p.source)).collect();
        Data {
            normalized,
            sources,
        }
    }

    fn candidate_pairs(&self) -> Vec<(u32, u32)> {
        let index = BlockIndex::build(&self.normalized, &BlockingConfig::default());
        index.pairs(&self.sources, Mode::Dedupe).0
    }

    fn total_pairs(&self) -> f64 {
        let n = self.normalized.len() as f64;
        n * (n - 1.0) / 2.0
    }
}

/// The generator yields about 1.91 records per person.
fn people_for(records: usize) -> usize {
    records * 100 / 191
}

fn source_id(s: &str) -> u32 {
    ["crm", "shop", "newsletter", "support", "pos"]
        .iter()
        .position(|x| *x == s)
        .unwrap_or(5) as u32
}

fn configure(g: &mut BenchmarkGroup<'_, WallTime>, elements: usize, secs: u64) {
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(secs))
        .throughput(Throughput::Elements(elements as u64));
}

/// One likely match (nickname, Gmail dots, another phone format, abbreviated street) and one
/// hard non-match (same household: surname, address and landline, another given name).
fn pair_profiles() -> [NormalizedProfile; 4] {
    let home = || {
        PostalAddress::new()
            .with_street("1600 North Maple Avenue Apt 4")
            .with_city("Springfield")
            .with_postcode("62704")
    };
    let cfg = NormalizeConfig::default();
    let a = Profile::new("crm", "1")
        .with_given_name("Robert")
        .with_family_name("Smith")
        .with_email("robert.smith@gmail.com")
        .with_phone("(415) 555-0134")
        .with_address(home())
        .with_date_of_birth("1984-07-03");
    let b = Profile::new("shop", "2")
        .with_given_name("Bob")
        .with_family_name("SMITH")
        .with_email("RobertSmith+shop@gmail.com")
        .with_phone("+1 415 555 0134")
        .with_address(
            PostalAddress::new()
                .with_street("1600 N. Maple Ave #4")
                .with_city("Springfield")
                .with_postcode("62704-1234"),
        )
        .with_date_of_birth("7/3/1984");
    let c = Profile::new("support", "3")
        .with_given_name("Patricia")
        .with_family_name("Smith")
        .with_email("pat.smith@yahoo.com")
        .with_phone("415.555.0134")
        .with_address(home())
        .with_date_of_birth("1986-11-20");
    [a, b, household_member(), c].map(|p| normalize_profile(&p, &cfg))
}

fn household_member() -> Profile {
    Profile::new("pos", "4")
        .with_given_name("Robert")
        .with_family_name("Smith")
        .with_phone("415-555-0134")
        .with_address(
            PostalAddress::new()
                .with_street("1600 North Maple Avenue Apt 4")
                .with_city("Springfield")
                .with_postcode("62704"),
        )
        .with_date_of_birth("1952-02-14")
}

fn bench_compare_pair(c: &mut Criterion) {
    let [a, b, x, y] = pair_profiles();
    let mut g = c.benchmark_group("compare/pair");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(1));
    g.bench_function("match", |bn| {
        bn.iter(|| compare(black_box(&a), black_box(&b)))
    });
    g.bench_function("non_match", |bn| {
        bn.iter(|| compare(black_box(&x), black_box(&y)))
    });
    g.finish();
}

fn bench_compare_and_score(c: &mut Criterion) {
    let data = Data::new(95_500);
    let pairs = data.candidate_pairs();
    eprintln!("[setup] compare_and_score: {} candidate pairs", pairs.len());
    let tf = TermFrequencies::build(&data.normalized);
    let model = Model::default_untrained();
    let recs = &data.normalized;
    let score = |&(i, j): &(u32, u32)| {
        let cmp = compare(&recs[i as usize], &recs[j as usize]);
        model.weight(&cmp, &tf)
    };
    let mut g = c.benchmark_group("compare_and_score/pairs");
    configure(&mut g, pairs.len(), 3);
    g.bench_function("single_thread", |bn| {
        bn.iter(|| pairs.iter().map(score).sum::<f64>())
    });
    // The same pairs without scoring: how the time splits between compare and weight.
    g.bench_function("single_thread_compare_only", |bn| {
        bn.iter(|| {
            pairs
                .iter()
                .map(|&(i, j)| compare(&recs[i as usize], &recs[j as usize]).levels[0] as u64)
                .sum::<u64>()
        })
    });
    g.bench_function(
        format!("rayon_{}_threads", rayon::current_num_threads()),
        |bn| bn.iter(|| pairs.par_iter().map(score).sum::<f64>()),
    );
    g.finish();
}

fn bench_block_and_train(c: &mut Criterion) {
    let data = Data::new(100_000);
    let cfg = BlockingConfig::default();
    let (pairs, stats) =
        BlockIndex::build(&data.normalized, &cfg).pairs(&data.sources, Mode::Dedupe);
    eprintln!(
        "[setup] block/100k: {} records, {} candidate pairs, {} oversized blocks",
        data.normalized.len(),
        stats.total_pairs,
        stats.oversized.len()
    );

    let mut g = c.benchmark_group("block");
    configure(&mut g, data.normalized.len(), 5);
    g.bench_function("100k", |bn| {
        bn.iter(|| {
            let index = BlockIndex::build(black_box(&data.normalized), &cfg);
            index.pairs(&data.sources, Mode::Dedupe).0.len()
        })
    });
    g.finish();

    let levels: Vec<Levels> = pairs
        .par_iter()
        .map(|&(i, j)| compare(&data.normalized[i as usize], &data.normalized[j as usize]).levels)
        .collect();
    let training = TrainingConfig::default();
    let mut base = Model::default_untrained();
    base.estimate_u(&data.normalized, &data.sources, Mode::Dedupe, &training);
    let total = data.total_pairs();

    let mut g = c.benchmark_group("train/em_100k");
    configure(&mut g, levels.len(), 5);
    g.bench_function("estimate_m", |bn| {
        bn.iter(|| {
            let mut m = base.clone();
            m.estimate_m(black_box(&levels), total, &training);
            m.em_iterations
        })
    });
    g.throughput(Throughput::Elements(training.u_sample_pairs as u64));
    g.measurement_time(Duration::from_secs(14));
    g.bench_function("estimate_u_2m_sample", |bn| {
        bn.iter(|| {
            let mut m = Model::default_untrained();
            m.estimate_u(
                black_box(&data.normalized),
                &data.sources,
                Mode::Dedupe,
                &training,
            );
            m.fields[0].u[0]
        })
    });
    g.finish();
}

fn bench_resolve(c: &mut Criterion) {
    let profiles = gen::profiles(people_for(20_000), SEED);
    let resolver = Resolver::new(Config::default());
    let mut g = c.benchmark_group("resolve");
    configure(&mut g, profiles.len(), 10);
    g.bench_function("end_to_end_20k", |bn| {
        bn.iter(|| {
            resolver
                .resolve(black_box(&profiles))
                .map(|r| r.clusters.len())
        })
    });
    g.finish();
}

/// Blocking a million records: only with `SELFSAME_BENCH_1M=1` (setup alone takes a while).
fn bench_block_1m(c: &mut Criterion) {
    if std::env::var_os("SELFSAME_BENCH_1M").is_none_or(|v| v != "1") {
        return;
    }
    let data = Data::new(1_000_000);
    let cfg = BlockingConfig::default();
    // Linux: reset the peak-RSS mark so the figure below is blocking's own peak.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    eprintln!("[setup] block/1m: before blocking: {}", memory_status());
    let t = Instant::now();
    let index = BlockIndex::build(&data.normalized, &cfg);
    let built = t.elapsed();
    let (pairs, stats) = index.pairs(&data.sources, Mode::Dedupe);
    eprintln!(
        "[setup] block/1m: {} records; build {:.2?}, pairs {:.2?}; {} candidate pairs, {} oversized blocks",
        data.normalized.len(),
        built,
        t.elapsed() - built,
        pairs.len(),
        stats.oversized.len()
    );
    eprintln!("[setup] block/1m: after blocking: {}", memory_status());
    for r in &stats.rules {
        eprintln!(
            "[setup]   {:<40} keyed {:>8} blocks {:>8} largest {:>5} new pairs {:>9}",
            r.rule, r.records_keyed, r.blocks, r.largest_block, r.new_pairs
        );
    }
    drop((index, pairs));
    let mut g = c.benchmark_group("block");
    configure(&mut g, data.normalized.len(), 20);
    g.bench_function("1m", |bn| {
        bn.iter(|| {
            let index = BlockIndex::build(black_box(&data.normalized), &cfg);
            index.pairs(&data.sources, Mode::Dedupe).0.len()
        })
    });
    g.finish();
}

/// Peak and current resident memory (Linux `/proc/self/status`), or nothing elsewhere.
fn memory_status() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

criterion_group!(
    benches,
    bench_compare_pair,
    bench_compare_and_score,
    bench_block_and_train,
    bench_resolve,
    bench_block_1m
);
criterion_main!(benches);
