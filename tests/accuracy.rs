//! Accuracy on labelled data sets in `../shared/data/` (FEBRL 3 and 4, and a public-like 10k
//! customer file), scored with `selfsame::eval::evaluate`. Each test prints its figures (run
//! with `--nocapture` to see them) and is skipped, with a note, when the data folder is absent —
//! unless `SELFSAME_REQUIRE_DATA` is set (as `.ci/run` does), where that is a failure.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use selfsame::csv::{Dataset, Mapping};
use selfsame::eval::{evaluate, Evaluation};
use selfsame::{Config, Mode, Profile, Resolver};

mod common;
use common::data_dir;

/// Loads a data file with the library's loader (`selfsame::csv`, default column mapping); the
/// source is the file's stem, or `source` when given (FEBRL 4's two files are sources `a`, `b`).
fn load(path: &Path, source: Option<&str>) -> Vec<Profile> {
    let ds = match source {
        Some(name) => {
            let file =
                std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Dataset::from_reader(name, file, &Mapping::new())
        }
        None => Dataset::load(&[path.to_path_buf()], &Mapping::new()),
    };
    ds.unwrap_or_else(|e| panic!("{e}")).profiles
}

/// `record_id → entity_id` from a truth file.
fn read_truth(path: &Path) -> HashMap<String, String> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (record, entity) = (col("record_id"), col("entity_id"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[record].to_string(), r[entity].to_string())
        })
        .collect()
}

/// Resolves and scores against the truth (by record id), printing the figures.
fn run(
    name: &str,
    profiles: &[Profile],
    truth: &HashMap<String, String>,
    cfg: Config,
) -> Evaluation {
    let t = Instant::now();
    let res = Resolver::new(cfg).resolve(profiles).unwrap();
    let elapsed = t.elapsed();
    let labels: Vec<&str> = profiles
        .iter()
        .map(|p| {
            truth
                .get(&p.id)
                .unwrap_or_else(|| panic!("{name}: no truth for {}", p.id))
                .as_str()
        })
        .collect();
    let predicted: Vec<usize> = (0..profiles.len())
        .map(|i| res.cluster_of(i).unwrap())
        .collect();
    let e = evaluate(&labels, &predicted).unwrap();
    println!(
        "{name}: {} records, {} clusters, {} candidate pairs, {} links, {:.2?}\n  \
         pairwise P {:.4} R {:.4} F1 {:.4}; B-cubed P {:.4} R {:.4} F1 {:.4}\n  \
         guard: {} household, {} unique-id, {} coherence, {} bridges; {} generic values, {} exact duplicates; largest cluster {}",
        profiles.len(),
        res.clusters.len(),
        res.stats.scored_pairs,
        res.stats.matched_pairs,
        elapsed,
        e.pairwise.precision,
        e.pairwise.recall,
        e.pairwise.f1,
        e.bcubed.precision,
        e.bcubed.recall,
        e.bcubed.f1,
        res.stats.guard.household_refused,
        res.stats.guard.conflicts_refused,
        res.stats.guard.coherence_refused,
        res.stats.guard.bridges_cut,
        res.stats.generic.len(),
        res.stats.exact_duplicates,
        res.stats.cluster_sizes.largest,
    );
    e
}

#[test]
fn febrl3_dedupe() {
    let Some(dir) = data_dir() else { return };
    let profiles = load(&dir.join("febrl3.csv"), None);
    let truth = read_truth(&dir.join("febrl3_truth.csv"));
    assert_eq!(profiles.len(), 5000);
    let e = run("febrl3", &profiles, &truth, Config::default());
    assert!(
        e.pairwise.f1 >= 0.99,
        "febrl3 pairwise F1 {:.4}",
        e.pairwise.f1
    );
}

#[test]
fn febrl4_link() {
    let Some(dir) = data_dir() else { return };
    let mut profiles = Vec::new();
    let mut truth = HashMap::new();
    for part in ["a", "b"] {
        profiles.extend(load(&dir.join(format!("febrl4{part}.csv")), Some(part)));
        truth.extend(read_truth(&dir.join(format!("febrl4{part}_truth.csv"))));
    }
    assert_eq!(profiles.len(), 10_000);
    let e = run(
        "febrl4",
        &profiles,
        &truth,
        Config::default().with_mode(Mode::Link),
    );
    assert!(
        e.pairwise.f1 >= 0.99,
        "febrl4 pairwise F1 {:.4}",
        e.pairwise.f1
    );
}

#[test]
fn public_10k_dedupe() {
    let Some(dir) = data_dir() else { return };
    let profiles = load(&dir.join("public_10k.csv"), None);
    let truth = read_truth(&dir.join("public_10k_truth.csv"));
    let e = run("public_10k", &profiles, &truth, Config::default());
    assert!(
        e.pairwise.f1 >= 0.88,
        "public_10k pairwise F1 {:.4}",
        e.pairwise.f1
    );
    assert!(
        e.pairwise.precision >= 0.95,
        "public_10k pairwise precision {:.4}",
        e.pairwise.precision
    );
}

/// Iranian and Thai customers: Persian and Thai script, native digits, Solar Hijri and
/// Buddhist-era dates, titles, Arabic-keyboard letters, countries in their own script or missing.
/// Defaults only, no region: every record is read in its own country's conventions.
#[test]
fn fa_th_5k_dedupe() {
    let Some(dir) = data_dir() else { return };
    let profiles = load(&dir.join("fa_th_5k.csv"), None);
    assert_eq!(profiles.len(), 10_988);
    let truth = read_truth(&dir.join("fa_th_5k_truth.csv"));
    let e = run("fa_th_5k", &profiles, &truth, Config::default());
    assert!(
        e.pairwise.f1 >= 0.96,
        "fa_th_5k pairwise F1 {:.4}",
        e.pairwise.f1
    );
    assert!(
        e.pairwise.precision >= 0.98,
        "fa_th_5k pairwise precision {:.4}",
        e.pairwise.precision
    );
}

/// Big-data determinism: the public 10k file resolved on 1 and 4 threads, and in reversed input
/// order, gives the same clusters (by id and member records). Slow in debug; run in release:
/// `cargo test --release --test accuracy -- --ignored`.
#[test]
#[ignore = "big data: run in release"]
fn public_10k_is_deterministic() {
    let Some(dir) = data_dir() else { return };
    let profiles = load(&dir.join("public_10k.csv"), None);
    let on = common::resolve_in_pool;
    // Cluster id → sorted member (source, id) pairs.
    let sets =
        |res: &selfsame::Resolution, ps: &[Profile]| -> Vec<(String, Vec<(String, String)>)> {
            res.clusters
                .iter()
                .map(|c| {
                    let mut m: Vec<(String, String)> = c
                        .members
                        .iter()
                        .map(|&i| (ps[i as usize].source.clone(), ps[i as usize].id.clone()))
                        .collect();
                    m.sort();
                    (c.id.clone(), m)
                })
                .collect()
        };
    let t = Instant::now();
    let one = on(1, &profiles);
    let four = on(4, &profiles);
    assert_eq!(one.clusters, four.clusters);
    assert_eq!(one.links, four.links);
    let reversed: Vec<Profile> = profiles.iter().rev().cloned().collect();
    let rev = on(4, &reversed);
    assert_eq!(sets(&one, &profiles), sets(&rev, &reversed));
    println!(
        "public_10k determinism: {} clusters, three runs in {:.2?}",
        one.clusters.len(),
        t.elapsed()
    );
}

/// On a file large enough for term frequencies to be in force, an explanation's weight is the
/// weight the pair was linked with.
#[test]
#[ignore = "big data: run in release"]
fn public_10k_explanations_match_link_weights() {
    let Some(dir) = data_dir() else { return };
    let profiles = load(&dir.join("public_10k.csv"), None);
    let res = Resolver::default().resolve(&profiles).unwrap();
    let mut worst = (0.0f64, None);
    for l in &res.links {
        let e = res.explain(l.a as usize, l.b as usize, &profiles).unwrap();
        let d = (e.weight - l.weight).abs();
        if d > worst.0 {
            worst = (d, Some(e));
        }
    }
    println!(
        "{} links, largest weight difference {:.6}",
        res.links.len(),
        worst.0
    );
    if let (d, Some(e)) = worst {
        assert!(
            d < 1e-4,
            "explanation weight differs from the link weight by {d}:\n{e}"
        );
    }
}
