//! EM converges on realistic candidate pairs (the benches' generator: nicknames, typos, moves,
//! households, twins) instead of running to its cap, and trains the same model whatever the
//! number of threads.

#[path = "../benches/gen/mod.rs"]
mod gen;

use selfsame::score::TrainingConfig;
use selfsame::{Config, Resolution, Resolver};

/// Resolves with a smaller *u* sample than the default (quicker in debug builds).
fn resolve(profiles: &[selfsame::Profile], threads: usize) -> Resolution {
    let mut cfg = Config::default();
    cfg.training.u_sample_pairs = 300_000;
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| Resolver::new(cfg).resolve(profiles))
        .unwrap()
}

#[test]
fn em_converges_on_generated_people() {
    // 3,000 people, about 5,700 records: the former EM (absolute tolerance, no acceleration)
    // ran into its cap of 100 iterations here.
    let profiles = gen::profiles(3_000, 12);
    let res = resolve(&profiles, 2);
    let model = &res.model;
    println!(
        "{} records, {} candidate pairs, EM: {} steps, converged {}",
        profiles.len(),
        res.stats.scored_pairs,
        model.em_iterations,
        model.em_converged
    );
    assert!(
        model.em_converged,
        "EM stopped unconverged after {} steps",
        model.em_iterations
    );
    assert_eq!(res.stats.em_iterations, model.em_iterations);
    assert!(
        model.em_iterations < 100,
        "EM took {} steps (cap {})",
        model.em_iterations,
        TrainingConfig::default().max_iterations
    );
    model.validate().unwrap();

    let one_thread = resolve(&profiles, 1);
    assert_eq!(
        one_thread.model, res.model,
        "the model depends on the threads"
    );
}
