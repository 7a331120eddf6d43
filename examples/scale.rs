//! Resolve a large synthetic (or labeled CSV) population and report time per phase, peak memory,
//! cluster sizes and accuracy against the truth.
//!
//! ```text
//! cargo run --release --example scale -- [--people N] [--seed S] [--threshold P]
//! cargo run --release --example scale -- --input FILE.csv --truth TRUTH.csv [--threshold P]
//! ```
//!
//! Without `--input`, it generates `N` people (default 100,000; about 1.9 records each) with the
//! benches' deterministic generator (`benches/gen`, seed `S`, default 12), which also knows the
//! person behind every record. With `--input`, it loads the CSV file(s) with the library's loader
//! (`selfsame::csv`, the same header aliases as the `resolve` example) and reads the truth from
//! `--truth` files with a `record_id,entity_id` header; a record's truth row is the one whose
//! `record_id` is the record's id. `--input` and `--truth` may be repeated (FEBRL 4's two files and
//! two truth files); every record must have exactly one truth row and every truth row a record.
//!
//! The records are resolved with the default configuration (`Config::default()`, dedupe mode;
//! `--threshold P` sets the match probability, default 0.9) through
//! `Resolver::resolve_with_progress`. Progress (each phase's start and end, with its units and
//! the elapsed time) goes to stderr. The report goes to stdout:
//!
//! - records, people, rayon threads;
//! - time and throughput per phase (generate or load, normalize, block, train, score, cluster,
//!   golden; records/s, pairs/s for score), resolve and total time;
//! - peak resident memory (`VmHWM` from `/proc/self/status`; `n/a` where there is none);
//! - candidate and matched pairs, what the guards did;
//! - clusters: count, largest, p99 and p99.9 of cluster size over clusters, a histogram of
//!   cluster sizes beside the one of true entity sizes, the five largest clusters with the number
//!   of true entities in each;
//! - pairwise and B-cubed precision, recall and F1 (`selfsame::eval::evaluate`).
//!
//! Nothing personal is printed: only counts. Bad arguments or inputs exit with status 2 and one
//! message. Peak memory was about 0.8 GB for 100,000 people (half of it golden records), and it
//! grows with the records: leave several GB free for `--people 1000000` (about 1.9 M records).

#[path = "../benches/gen/mod.rs"]
#[allow(dead_code)] // `gen::profiles` is for the benches
mod gen;

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use selfsame::csv::{Mapping, Rows};
use selfsame::resolve::{Phase, Progress};
use selfsame::{Config, Records, Resolution, Resolver};

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
Resolve a large synthetic (or labeled CSV) population; report time per phase, peak
memory, cluster sizes and accuracy against the truth.

usage: cargo run --release --example scale -- [--people N] [--seed S] [--threshold P]
       cargo run --release --example scale -- --input FILE.csv --truth TRUTH.csv [--threshold P]

Options:
  --people N        people to generate (default 100000; about 1.9 records each)
  --seed S          generator seed (default 12)
  --input FILE      resolve this CSV file instead (repeatable; header aliases as in
                    the resolve example)
  --truth FILE      truth CSV with a record_id,entity_id header (repeatable; needed
                    with --input)
  --threshold P     match probability in (0, 1) to link two records (default 0.9)
  -h, --help        print this help

Progress goes to stderr, the report to stdout. Nothing personal is printed.
Exit status 2 on bad arguments or input.
";

/// People generated without `--people`.
const DEFAULT_PEOPLE: usize = 100_000;
/// Generator seed without `--seed`.
const DEFAULT_SEED: u64 = 12;
/// Largest clusters listed.
const LARGEST_SHOWN: usize = 5;

/// A command-line or input error: one message, exit status 2.
#[derive(Debug)]
struct CliError(String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn main() {
    let args: Vec<String> = match std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect::<Result<_, _>>()
    {
        Ok(a) => a,
        Err(a) => {
            eprintln!("error: argument {a:?} is not valid UTF-8");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(args) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

/// Parsed command line.
#[derive(Debug, Default)]
struct Args {
    people: Option<usize>,
    seed: Option<u64>,
    threshold: Option<f64>,
    inputs: Vec<PathBuf>,
    truths: Vec<PathBuf>,
    help: bool,
}

fn parse_args(raw: Vec<String>) -> Result<Args, CliError> {
    let mut args = Args::default();
    let mut it = raw.into_iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, CliError> {
            match inline.clone().or_else(|| it.next()) {
                Some(v) => Ok(v),
                None => Err(CliError(format!("{name} needs {what}"))),
            }
        };
        match name.as_str() {
            "-h" | "--help" => args.help = true,
            "--people" => {
                let v = value("a number of people")?;
                match parse_count(&v).and_then(|n| u32::try_from(n).ok()) {
                    Some(n) if n > 0 => args.people = Some(n as usize),
                    _ => {
                        return Err(CliError(format!(
                            "--people {v:?}: expected a whole number from 1 to {}, such as 1000000",
                            u32::MAX
                        )))
                    }
                }
            }
            "--seed" => {
                let v = value("a seed")?;
                match parse_count(&v).and_then(|n| u64::try_from(n).ok()) {
                    Some(s) => args.seed = Some(s),
                    None => {
                        return Err(CliError(format!(
                            "--seed {v:?}: expected a whole number, such as 12"
                        )))
                    }
                }
            }
            "--threshold" => {
                let v = value("a probability")?;
                match v.trim().parse::<f64>() {
                    Ok(p) if p > 0.0 && p < 1.0 => args.threshold = Some(p),
                    _ => {
                        return Err(CliError(format!(
                            "--threshold {v:?}: expected a probability strictly between 0 and 1, such as 0.9"
                        )))
                    }
                }
            }
            "--input" => args.inputs.push(PathBuf::from(value("a CSV file")?)),
            "--truth" => args.truths.push(PathBuf::from(value("a truth CSV file")?)),
            _ if name.starts_with('-') => {
                return Err(CliError(format!("unknown option {name:?} (see --help)")))
            }
            _ => {
                return Err(CliError(format!(
                "unexpected argument {arg:?}: a CSV file is given with --input FILE (see --help)"
            )))
            }
        }
    }
    if args.help {
        return Ok(args);
    }
    if !args.inputs.is_empty() {
        if args.truths.is_empty() {
            return Err(CliError(
                "--input needs --truth TRUTH.csv (record_id,entity_id) to measure accuracy".into(),
            ));
        }
        if args.people.is_some() || args.seed.is_some() {
            return Err(CliError(
                "--people and --seed are for generated data; they cannot be used with --input"
                    .into(),
            ));
        }
    } else if !args.truths.is_empty() {
        return Err(CliError(
            "--truth goes with --input FILE.csv (generated data carries its own truth)".into(),
        ));
    }
    Ok(args)
}

/// A non-negative whole number, digits optionally grouped with `_` or `,`.
fn parse_count(s: &str) -> Option<u128> {
    let digits: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, '_' | ','))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The records to resolve and the truth: `truth[i]` is the entity (0-based, dense) of record i.
struct Population {
    /// Generated profiles, or the CSV rows held compactly (built into profiles when read).
    profiles: Box<dyn Records + Send>,
    truth: Vec<u32>,
    entities: usize,
    /// Day/month order per source inferred by the loader (as the resolve example applies it).
    date_orders: Vec<(String, selfsame::normalize::date::DateOrder)>,
    /// "generate" or "load", and how long it took.
    phase: &'static str,
    took: Duration,
    /// One line saying where the records came from.
    origin: String,
}

fn generate(people: usize, seed: u64) -> Result<Population, CliError> {
    eprintln!("{:<9} {} people ...", "generate", thousands(people as u64));
    let t = Instant::now();
    let (profiles, truth) = gen::profiles_with_truth(people, seed);
    let took = t.elapsed();
    eprintln!(
        "{:<9} done in {} ({} records, {})",
        "generate",
        fmt_duration(took),
        thousands(profiles.len() as u64),
        memory()
    );
    if truth.len() != profiles.len() {
        return Err(CliError(format!(
            "generator: {} truth labels for {} records",
            truth.len(),
            profiles.len()
        )));
    }
    let entities = {
        let mut seen = vec![false; people];
        for &p in &truth {
            match seen.get_mut(p as usize) {
                Some(s) => *s = true,
                None => {
                    return Err(CliError(format!(
                        "generator: person id {p} out of range 0..{people}"
                    )))
                }
            }
        }
        seen.iter().filter(|&&s| s).count()
    };
    Ok(Population {
        profiles: Box::new(profiles),
        truth,
        entities,
        date_orders: Vec::new(),
        phase: "generate",
        took,
        origin: format!("generated, seed {seed}"),
    })
}

fn load(inputs: &[PathBuf], truths: &[PathBuf]) -> Result<Population, CliError> {
    eprintln!("{:<9} {} file(s) ...", "load", inputs.len());
    let t = Instant::now();
    let ds = Rows::load(inputs, &Mapping::default()).map_err(|e| CliError(e.to_string()))?;
    for w in &ds.warnings {
        eprintln!("warning: {w}");
    }
    if ds.is_empty() {
        return Err(CliError(format!(
            "{}: no records (only a header row)",
            inputs[0].display()
        )));
    }
    let rows = read_truth(truths)?;
    let took = t.elapsed();
    eprintln!(
        "{:<9} done in {} ({} records, {} truth rows, {})",
        "load",
        fmt_duration(took),
        thousands(ds.len() as u64),
        thousands(rows.len() as u64),
        memory()
    );

    // Entities numbered densely in order of first appearance among the records.
    let mut entity_ids: HashMap<&str, u32> = HashMap::new();
    let mut truth = Vec::with_capacity(ds.len());
    let mut missing = Vec::new();
    for i in 0..ds.len() {
        match rows.get(ds.id(i)) {
            Some(entity) => {
                let next = entity_ids.len() as u32;
                truth.push(*entity_ids.entry(entity.as_str()).or_insert(next));
            }
            None => missing.push(i),
        }
    }
    if let Some(&first) = missing.first() {
        return Err(CliError(format!(
            "{} of {} records have no truth row (first: record id {:?} at {})",
            thousands(missing.len() as u64),
            thousands(ds.len() as u64),
            ds.id(first),
            ds.place(first)
        )));
    }
    if truth.len() != ds.len() || rows.len() != ds.len() {
        return Err(CliError(format!(
            "the truth does not match the records: {} truth rows for {} records \
             (record ids must be unique across the inputs)",
            thousands(rows.len() as u64),
            thousands(ds.len() as u64)
        )));
    }
    let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    let date_orders = ds
        .date_orders
        .iter()
        .map(|(s, o)| (s.clone(), *o))
        .collect();
    Ok(Population {
        entities: entity_ids.len(),
        date_orders,
        profiles: Box::new(ds),
        truth,
        phase: "load",
        took,
        origin: names.join(", "),
    })
}

/// Reads `record_id,entity_id` files (header row required; other columns ignored).
fn read_truth(paths: &[PathBuf]) -> Result<HashMap<String, String>, CliError> {
    let mut rows: HashMap<String, String> = HashMap::new();
    for path in paths {
        let name = path.display();
        let mut rd = csv::ReaderBuilder::new()
            .flexible(false)
            .from_path(path)
            .map_err(|e| CliError(format!("{name}: {e}")))?;
        let header = rd
            .headers()
            .map_err(|e| CliError(format!("{name}: {e}")))?
            .clone();
        let column = |want: &str| {
            header.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(want)
            })
        };
        let (Some(rc), Some(ec)) = (column("record_id"), column("entity_id")) else {
            return Err(CliError(format!(
                "{name}: line 1: expected a header with record_id and entity_id columns"
            )));
        };
        for (k, rec) in rd.records().enumerate() {
            let line = k + 2;
            let rec = rec.map_err(|e| CliError(format!("{name}: line {line}: {e}")))?;
            let (Some(r), Some(e)) = (rec.get(rc), rec.get(ec)) else {
                return Err(CliError(format!("{name}: line {line}: missing field")));
            };
            let (r, e) = (r.trim(), e.trim());
            if r.is_empty() || e.is_empty() {
                return Err(CliError(format!(
                    "{name}: line {line}: empty record_id or entity_id"
                )));
            }
            if rows.insert(r.to_string(), e.to_string()).is_some() {
                return Err(CliError(format!(
                    "{name}: line {line}: record id {r:?} has a second truth row"
                )));
            }
        }
    }
    Ok(rows)
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Normalize => "normalize",
        Phase::Block => "block",
        Phase::Train => "train",
        Phase::Score => "score",
        Phase::Cluster => "cluster",
        Phase::Golden => "golden",
        _ => "phase",
    }
}

fn phase_units(p: Phase) -> &'static str {
    match p {
        Phase::Normalize | Phase::Block => "records",
        Phase::Train | Phase::Score => "pairs",
        Phase::Cluster => "links",
        _ => "clusters",
    }
}

/// The whole job; `main` turns an error into one message and exit status 2.
fn run(raw: Vec<String>) -> Result<(), CliError> {
    let started = Instant::now();
    let args = parse_args(raw)?;
    if args.help {
        return emit(USAGE);
    }
    let pop = if args.inputs.is_empty() {
        generate(
            args.people.unwrap_or(DEFAULT_PEOPLE),
            args.seed.unwrap_or(DEFAULT_SEED),
        )?
    } else {
        load(&args.inputs, &args.truths)?
    };
    if pop.truth.len() != pop.profiles.len() {
        return Err(CliError(format!(
            "{} truth labels for {} records",
            pop.truth.len(),
            pop.profiles.len()
        )));
    }

    // As the resolve example does with --out: golden records are built (and serialized) a chunk
    // of clusters at a time after resolving, never all held.
    let mut config = Config::default().with_golden(false);
    for (source, order) in &pop.date_orders {
        config.normalize = config
            .normalize
            .clone()
            .with_source_date_order(source.clone(), *order);
    }
    if let Some(p) = args.threshold {
        config = config.with_threshold(p);
    }
    let threshold = config.threshold;
    let mut current: Option<(Phase, Instant)> = None;
    let t = Instant::now();
    let res = Resolver::new(config)
        .resolve_with_progress(&*pop.profiles, |p: Progress| {
            // Each phase reports its start (done == 0), counts, then its end (done == total).
            let started_here = current.is_some_and(|(phase, _)| phase == p.phase);
            if started_here && p.done < p.total {
                return;
            }
            match current.take() {
                Some((phase, since)) if phase == p.phase => eprintln!(
                    "{:<9} done in {} (elapsed {}, {})",
                    phase_name(phase),
                    fmt_duration(since.elapsed()),
                    fmt_duration(started.elapsed()),
                    memory()
                ),
                _ => {
                    eprintln!(
                        "{:<9} {} {} ...",
                        phase_name(p.phase),
                        thousands(p.total),
                        phase_units(p.phase)
                    );
                    current = Some((p.phase, Instant::now()));
                }
            }
        })
        .map_err(|e| CliError(format!("resolve: {e}")))?;
    let golden_start = Instant::now();
    eprintln!(
        "{:<9} {} clusters ...",
        "golden",
        thousands(res.clusters.len() as u64)
    );
    let mut golden_bytes = 0usize;
    let ids: Vec<usize> = (0..res.clusters.len()).collect();
    for chunk in ids.chunks(8192) {
        golden_bytes += chunk
            .par_iter()
            .map(|&c| {
                res.golden_record(c, &*pop.profiles)
                    .and_then(|g| serde_json::to_vec(&g).ok())
                    .map_or(0, |v| v.len() + 1)
            })
            .sum::<usize>();
    }
    let golden_time = golden_start.elapsed();
    eprintln!(
        "{:<9} done in {} ({} bytes of JSON lines, {})",
        "golden",
        fmt_duration(golden_time),
        thousands(golden_bytes as u64),
        memory()
    );
    let resolve_time = t.elapsed();

    let n = pop.profiles.len();
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        match res.cluster_of(i) {
            Some(c) => labels.push(c),
            None => return Err(CliError(format!("record {i} is in no cluster"))),
        }
    }
    eprintln!("{:<9} {} records ...", "evaluate", thousands(n as u64));
    let t = Instant::now();
    let eval = selfsame::eval::evaluate(&pop.truth, &labels)
        .map_err(|e| CliError(format!("evaluate: {e}")))?;
    let eval_time = t.elapsed();
    eprintln!("{:<9} done in {}", "evaluate", fmt_duration(eval_time));

    let mut out = String::new();
    let times = Times {
        resolve: resolve_time,
        golden: golden_time,
        evaluate: eval_time,
        total: started.elapsed(),
    };
    report(&mut out, &pop, &res, threshold, &times);
    let _ = writeln!(out);
    clusters_report(&mut out, &pop, &res, &labels);
    let _ = writeln!(out);
    let _ = writeln!(out, "accuracy            precision  recall     F1");
    for (name, m) in [("pairwise", eval.pairwise), ("B-cubed", eval.bcubed)] {
        let _ = writeln!(
            out,
            "{name:<20}{:<11.4}{:<11.4}{:.4}",
            m.precision, m.recall, m.f1
        );
    }
    emit(&out)
}

/// Wall times measured outside the library.
struct Times {
    resolve: Duration,
    golden: Duration,
    evaluate: Duration,
    total: Duration,
}

/// Sizes, times, throughputs and pair counts.
fn report(out: &mut String, pop: &Population, res: &Resolution, threshold: f64, times: &Times) {
    let (resolve_time, eval_time) = (times.resolve, times.evaluate);
    let n = pop.profiles.len();
    let s = &res.stats;
    let _ = writeln!(out, "{:<20}{}", "records", thousands(n as u64));
    let _ = writeln!(
        out,
        "{:<20}{} ({:.2} records each)",
        "people",
        thousands(pop.entities as u64),
        n as f64 / pop.entities.max(1) as f64
    );
    let _ = writeln!(out, "{:<20}{}", "input", pop.origin);
    let _ = writeln!(out, "{:<20}{}", "threads", rayon::current_num_threads());
    let _ = writeln!(out, "{:<20}{threshold}", "threshold");
    let _ = writeln!(out);
    let _ = writeln!(out, "phase               time       throughput");

    let tm = &s.timings;
    let rows: [(&str, Duration, u64, &str); 8] = [
        (pop.phase, pop.took, n as u64, "records/s"),
        ("normalize", tm.normalize, n as u64, "records/s"),
        ("block", tm.block, n as u64, "records/s"),
        ("train", tm.train, n as u64, "records/s"),
        ("score", tm.score, s.scored_pairs, "pairs/s"),
        ("cluster", tm.cluster, n as u64, "records/s"),
        ("golden (built, JSON)", times.golden, n as u64, "records/s"),
        ("evaluate", eval_time, n as u64, "records/s"),
    ];
    for (name, took, units, per) in rows {
        let _ = writeln!(
            out,
            "{name:<20}{:<11}{} {per}",
            fmt_duration(took),
            rate(units, took)
        );
    }
    let _ = writeln!(
        out,
        "{:<20}{:<11}{} records/s",
        "resolve (all)",
        fmt_duration(resolve_time),
        rate(n as u64, resolve_time)
    );
    let _ = writeln!(out, "{:<20}{}", "total time", fmt_duration(times.total));
    let _ = writeln!(out, "{:<20}{}", "peak RSS", peak_rss());
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<20}{}",
        "candidate pairs",
        thousands(s.blocking.total_pairs)
    );
    if !s.blocking.oversized.is_empty() {
        let skipped: usize = s.blocking.oversized.iter().map(|b| b.size).sum();
        let _ = writeln!(
            out,
            "{:<20}{} blocks skipped (over the size cap; {} record slots)",
            "oversized blocks",
            s.blocking.oversized.len(),
            thousands(skipped as u64)
        );
    }
    let _ = writeln!(out, "{:<20}{}", "scored pairs", thousands(s.scored_pairs));
    let _ = writeln!(out, "{:<20}{}", "matched pairs", thousands(s.matched_pairs));
    let g = &s.guard;
    let _ = writeln!(
        out,
        "{:<20}{} links applied, {} household refusals, {} coherence refusals, {} bridges cut, {} id conflicts",
        "guard",
        thousands(g.links_applied as u64),
        thousands(g.household_refused as u64),
        thousands(g.coherence_refused as u64),
        thousands(g.bridges_cut as u64),
        thousands(g.conflicts_refused as u64)
    );
    let _ = writeln!(
        out,
        "{:<20}{} generic values, {} exact duplicates grouped",
        "guard stage",
        thousands(s.generic.len() as u64),
        thousands(s.exact_duplicates as u64)
    );
    let _ = writeln!(out, "{:<20}{}", "EM iterations", s.em_iterations);
}

/// Cluster-size distribution (predicted next to true), and the largest clusters.
fn clusters_report(out: &mut String, pop: &Population, res: &Resolution, labels: &[usize]) {
    let mut sizes: Vec<usize> = res.clusters.iter().map(|c| c.members.len()).collect();
    sizes.sort_unstable();
    let mut true_sizes = vec![0usize; pop.entities];
    for &t in &pop.truth {
        if let Some(s) = true_sizes.get_mut(t as usize) {
            *s += 1;
        }
    }
    true_sizes.sort_unstable();
    let _ = writeln!(
        out,
        "{:<20}{} (true entities {})",
        "clusters",
        thousands(sizes.len() as u64),
        thousands(pop.entities as u64)
    );
    let _ = writeln!(
        out,
        "{:<20}{} (true {})",
        "largest cluster",
        sizes.last().copied().unwrap_or(0),
        true_sizes.last().copied().unwrap_or(0)
    );
    for (name, q) in [("p99", 0.99), ("p99.9", 0.999)] {
        let _ = writeln!(
            out,
            "{:<20}{} (true {})",
            format!("cluster size {name}"),
            percentile(&sizes, q),
            percentile(&true_sizes, q)
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "cluster size        clusters              true entities"
    );
    let (hist, true_hist) = (histogram(&sizes), histogram(&true_sizes));
    for (k, (label, _, _)) in BUCKETS.iter().enumerate() {
        let _ = writeln!(
            out,
            "{label:<20}{:<22}{}",
            count_share(hist[k], sizes.len()),
            count_share(true_hist[k], true_sizes.len())
        );
    }
    let _ = writeln!(out);

    // The largest clusters, with how many true entities each one holds.
    let mut by_size: Vec<usize> = (0..res.clusters.len()).collect();
    by_size.sort_by_key(|&c| std::cmp::Reverse(res.clusters[c].members.len()));
    let _ = writeln!(
        out,
        "largest clusters    records  true entities  records of its main entity"
    );
    for (rank, &c) in by_size.iter().take(LARGEST_SHOWN).enumerate() {
        let members = &res.clusters[c].members;
        let mut per_entity: HashMap<u32, usize> = HashMap::new();
        for &m in members {
            debug_assert_eq!(labels[m as usize], c);
            *per_entity.entry(pop.truth[m as usize]).or_default() += 1;
        }
        let main = per_entity.values().copied().max().unwrap_or(0);
        let _ = writeln!(
            out,
            "{:<20}{:<9}{:<15}{}",
            format!("#{}", rank + 1),
            members.len(),
            per_entity.len(),
            main
        );
    }
}

/// Histogram buckets of cluster sizes: label, smallest and largest size.
const BUCKETS: [(&str, usize, usize); 9] = [
    ("1", 1, 1),
    ("2", 2, 2),
    ("3", 3, 3),
    ("4", 4, 4),
    ("5", 5, 5),
    ("6", 6, 6),
    ("7-12", 7, 12),
    ("13-50", 13, 50),
    (">50", 51, usize::MAX),
];

fn histogram(sizes: &[usize]) -> [usize; BUCKETS.len()] {
    let mut h = [0; BUCKETS.len()];
    for &s in sizes {
        if let Some(k) = BUCKETS.iter().position(|&(_, lo, hi)| lo <= s && s <= hi) {
            h[k] += 1;
        }
    }
    h
}

/// Nearest-rank percentile of sorted values (0 when empty).
fn percentile(sorted: &[usize], q: f64) -> usize {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn count_share(k: usize, total: usize) -> String {
    format!(
        "{} ({:.2}%)",
        thousands(k as u64),
        100.0 * k as f64 / total.max(1) as f64
    )
}

/// Peak resident set size of this process, from `VmHWM` in `/proc/self/status`.
fn peak_rss() -> String {
    match status_kb("VmHWM:") {
        Some(kb) => format!("{:.1} MB ({} kB)", kb as f64 / 1024.0, thousands(kb)),
        None => "n/a".into(),
    }
}

/// Current and peak resident memory for progress lines: `rss 120 MB, peak 130 MB`.
fn memory() -> String {
    let mb = |k: Option<u64>| k.map_or("n/a".to_string(), |kb| format!("{} MB", kb / 1024));
    format!(
        "rss {}, peak {}",
        mb(status_kb("VmRSS:")),
        mb(status_kb("VmHWM:"))
    )
}

/// A `kB` figure of `/proc/self/status` (`None` where there is no such file or line).
fn status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn rate(units: u64, took: Duration) -> String {
    let s = took.as_secs_f64();
    if s <= 0.0 {
        return "-".into();
    }
    thousands((units as f64 / s).round() as u64)
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn emit(s: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError(format!("writing to stdout: {e}"))),
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else {
        format!("{:.1} ms", s * 1000.0)
    }
}
