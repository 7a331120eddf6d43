//! Living data from the command line: resolve a base file in bulk, then apply a file of changes
//! one row at a time through [`selfsame::state::ResolverState`].
//!
//! ```text
//! cargo run --release --example stream -- BASE.csv CHANGES.csv [--out DIR] [--map COLUMN=FIELD ...]
//! ```
//!
//! - `BASE.csv` is read as `resolve` reads an input (same header aliases, `--map` rules and
//!   errors) and resolved in bulk.
//! - `CHANGES.csv` has the same columns plus `op` = `upsert` or `remove` (a remove row needs only
//!   `source` and `record_id`). Without a `source` column, its records take BASE's source (the
//!   file stem). Each row is read by the same loader, one row at a time (so a row's date order is
//!   decided by its own values when the source's order is not given).
//! - Prints a summary: changes applied, events by kind, upsert latency p50 / p99.
//! - `--out DIR` writes `DIR/clusters.csv` (`source,record_id,cluster_id`, every final record once,
//!   sorted by source and record id), `DIR/events.jsonl` (one event per line) and
//!   `DIR/golden.jsonl` (one golden record per cluster, ordered by cluster id).
//! - `--save-state FILE` saves the state right after the base is resolved (before the changes);
//!   `--load-state FILE` loads it instead of resolving BASE (BASE's name still gives the changes
//!   their source), then applies the changes. With both, the loaded state is saved again (in
//!   this build's version) before the changes. A FILE ending in `.json` is JSON, any other is
//!   postcard (a compact binary serde format: the one to use for large states). Prints the save
//!   or load time, the file size and, on Linux, the resident memory after loading.
//! - `--batch` applies each run of consecutive upserts with one
//!   [`ResolverState::upsert_all`] and prints its time per record beside the base's (bulk)
//!   time per record; removals are still applied one at a time.
//! - Bad input exits with status 2 and one message naming the file and line; never a panic.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use selfsame::csv::{Mapping, Rows};
use selfsame::state::{Event, ResolverState};
use selfsame::{Config, Records};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: stream BASE.csv CHANGES.csv [--out DIR] [--map COLUMN=FIELD ...]
              [--save-state FILE] [--load-state FILE]

  BASE.csv               resolved in bulk first (same input rules as the resolve example)
  CHANGES.csv            the same columns plus op = upsert | remove, applied one row at a time
  --out DIR              write DIR/clusters.csv, DIR/events.jsonl and DIR/golden.jsonl
  --map COLUMN=FIELD     map a header to a profile field (repeatable)
  --save-state FILE      save the state after resolving or loading BASE (FILE.json: JSON, else
                         postcard)
  --load-state FILE      load the state from FILE instead of resolving BASE
  --batch                apply each run of upserts with one upsert_all (removals one at a time)
";

/// A command-line error: one message, exit status 2.
struct CliError(String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn main() {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if let Err(e) = run(args) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

#[derive(Default)]
struct Args {
    inputs: Vec<PathBuf>,
    mapping: Mapping,
    out: Option<PathBuf>,
    save_state: Option<PathBuf>,
    load_state: Option<PathBuf>,
    batch: bool,
    help: bool,
}

fn parse_args(raw: Vec<OsString>) -> Result<Args, CliError> {
    let mut args = Args::default();
    let mut it = raw.into_iter();
    while let Some(os) = it.next() {
        let Some(arg) = os.to_str() else {
            args.inputs.push(PathBuf::from(os));
            continue;
        };
        if !arg.starts_with("--") && arg != "-h" {
            args.inputs.push(PathBuf::from(arg));
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (arg.to_string(), None),
        };
        let mut value = |what: &str| -> Result<String, CliError> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            match it.next().map(OsString::into_string) {
                Some(Ok(v)) => Ok(v),
                Some(Err(_)) => Err(CliError(format!("{name}: {what} is not valid UTF-8"))),
                None => Err(CliError(format!("{name} needs {what}"))),
            }
        };
        match name.as_str() {
            "-h" | "--help" => args.help = true,
            "--map" => args
                .mapping
                .add(&value("COLUMN=FIELD")?)
                .map_err(|e| CliError(format!("--map: {e}")))?,
            "--out" => args.out = Some(PathBuf::from(value("a directory")?)),
            "--save-state" => args.save_state = Some(PathBuf::from(value("a file")?)),
            "--load-state" => args.load_state = Some(PathBuf::from(value("a file")?)),
            "--batch" => args.batch = true,
            _ => return Err(CliError(format!("unknown option {name:?} (see --help)"))),
        }
    }
    Ok(args)
}

/// One change row, read.
enum Op {
    Upsert(Box<selfsame::Profile>),
    Remove(String, String),
}

fn run(raw: Vec<OsString>) -> Result<(), CliError> {
    let args = parse_args(raw)?;
    if args.help {
        return emit(USAGE);
    }
    let [base, changes] = &args.inputs[..] else {
        return Err(CliError(format!(
            "expected BASE.csv and CHANGES.csv, got {} file(s) (see --help)",
            args.inputs.len()
        )));
    };

    let mut out = String::new();
    let t = Instant::now();
    let (mut state, base_records) = match &args.load_state {
        Some(file) => {
            let (state, bytes, how) = load_state(file)?;
            out.push_str(&format!(
                "state loaded from {} ({bytes} bytes, {how}) in {:.2?}; resident {}\n",
                file.display(),
                t.elapsed(),
                resident()
            ));
            let n = state.len();
            (state, n)
        }
        None => {
            let rows = Rows::load(std::slice::from_ref(base), &args.mapping)
                .map_err(|e| CliError(e.to_string()))?;
            if rows.is_empty() {
                return Err(CliError(format!("{}: no records", base.display())));
            }
            let config = Config::default().with_golden(false);
            let state = ResolverState::from_profiles(config, None, &rows)
                .map_err(|e| CliError(format!("{}: {e}", base.display())))?;
            (state, rows.len())
        }
    };
    let base_time = t.elapsed();
    let base_clusters = state.cluster_count();
    if let Some(file) = &args.save_state {
        let t = Instant::now();
        let bytes = save_state(file, &state)?;
        out.push_str(&format!(
            "state saved to {} ({bytes} bytes) in {:.2?}\n",
            file.display(),
            t.elapsed()
        ));
    }

    let ops = read_changes(changes, base, &args.mapping)?;
    let mut events: Vec<Event> = Vec::new();
    let mut upserts: Vec<Duration> = Vec::new();
    let mut removes: Vec<Duration> = Vec::new();
    let t = Instant::now();
    let mut batched: Option<(usize, Duration)> = None;
    if args.batch {
        // Each run of upserts in one `upsert_all`; removals one at a time.
        let mut line = 0usize;
        let (mut count, mut spent) = (0usize, Duration::ZERO);
        while let Some(op) = ops.get(line) {
            let started = Instant::now();
            let result = match op {
                Op::Remove(source, id) => {
                    let r = state.remove(source, id);
                    removes.push(started.elapsed());
                    line += 1;
                    r
                }
                Op::Upsert(_) => {
                    let run: Vec<selfsame::Profile> = ops[line..]
                        .iter()
                        .map_while(|op| match op {
                            Op::Upsert(p) => Some((**p).clone()),
                            Op::Remove(..) => None,
                        })
                        .collect();
                    let started = Instant::now();
                    let n = run.len();
                    let r = state.upsert_all(run);
                    spent += started.elapsed();
                    count += n;
                    line += n;
                    r
                }
            };
            events.extend(
                result.map_err(|e| {
                    CliError(format!("{} near change {line}: {e}", changes.display()))
                })?,
            );
        }
        batched = Some((count, spent));
    }
    for (line, op) in ops.iter().enumerate().filter(|_| !args.batch) {
        let started = Instant::now();
        let result = match op {
            Op::Upsert(p) => {
                let r = state.upsert((**p).clone());
                upserts.push(started.elapsed());
                r
            }
            Op::Remove(source, id) => {
                let r = state.remove(source, id);
                removes.push(started.elapsed());
                r
            }
        };
        events
            .extend(result.map_err(|e| {
                CliError(format!("{} change {}: {e}", changes.display(), line + 1))
            })?);
    }
    let apply_time = t.elapsed();

    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &events {
        *by_kind.entry(e.kind()).or_default() += 1;
    }
    out.push_str(&format!(
        "base: {base_records} records resolved into {base_clusters} clusters in {:.2?}\n",
        base_time
    ));
    out.push_str(&format!(
        "changes applied: {} ({} upserts, {} removals) in {:.2?}\n",
        ops.len(),
        upserts.len(),
        removes.len(),
        apply_time
    ));
    out.push_str(&format!(
        "now: {} records, {} clusters, {} links\n",
        state.len(),
        state.cluster_count(),
        state.link_count()
    ));
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    out.push_str(&format!(
        "events: {} ({})\n",
        events.len(),
        kinds.join(", ")
    ));
    if let Some((count, spent)) = batched {
        out.push_str(&format!(
            "batch upserts: {count} in {spent:.2?} ({:.1} µs a record; base {:.1} µs a record)\n",
            spent.as_secs_f64() * 1e6 / count.max(1) as f64,
            base_time.as_secs_f64() * 1e6 / base_records.max(1) as f64
        ));
    }
    out.push_str(&format!("upsert latency: {}\n", latency(&mut upserts)));
    out.push_str(&format!("remove latency: {}\n", latency(&mut removes)));
    if let Some(dir) = &args.out {
        write_outputs(dir, &state, &events)?;
        out.push_str(&format!(
            "wrote {}, {} and {}\n",
            dir.join("clusters.csv").display(),
            dir.join("events.jsonl").display(),
            dir.join("golden.jsonl").display()
        ));
    }
    emit(&out)
}

/// Whether a state file is JSON (by its extension) rather than postcard.
fn is_json(file: &Path) -> bool {
    file.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Saves the state; returns the file size.
fn save_state(file: &Path, state: &ResolverState) -> Result<u64, CliError> {
    let fail = |e: &dyn fmt::Display| CliError(format!("{}: cannot save: {e}", file.display()));
    let f = std::fs::File::create(file).map_err(|e| fail(&e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    if is_json(file) {
        state
            .save(&mut serde_json::Serializer::new(&mut w))
            .map_err(|e| fail(&e))?;
    } else {
        state
            .save(&mut postcard::Serializer {
                output: postcard::ser_flavors::io::WriteFlavor::new(&mut w),
            })
            .map_err(|e| fail(&e))?;
    }
    w.flush().map_err(|e| fail(&e))?;
    let size = std::fs::metadata(file).map_err(|e| fail(&e))?.len();
    Ok(size)
}

/// Loads a state; returns it with the file size. Postcard is read as a stream (the file is
/// never held whole: the state's blocks are read straight from it through a scratch buffer of
/// [`SCRATCH`] bytes); a file that does not read so (a state saved by an older version, whose
/// records are one large buffer) is read whole and loaded again.
fn load_state(file: &Path) -> Result<(ResolverState, usize, &'static str), CliError> {
    let fail = |e: &dyn fmt::Display| CliError(format!("{}: cannot load: {e}", file.display()));
    let size = std::fs::metadata(file).map_err(|e| fail(&e))?.len() as usize;
    if !is_json(file) {
        let f = std::fs::File::open(file).map_err(|e| fail(&e))?;
        let reader = std::io::BufReader::with_capacity(1 << 20, f);
        let mut scratch = vec![0u8; SCRATCH];
        let mut de = postcard::Deserializer::from_flavor(
            postcard::de_flavors::io::io::IOReader::new(reader, &mut scratch),
        );
        if let Ok(state) = ResolverState::load(&mut de) {
            return Ok((state, size, "streamed"));
        }
    }
    let bytes = std::fs::read(file).map_err(|e| fail(&e))?;
    let state = if is_json(file) {
        ResolverState::load(&mut serde_json::Deserializer::from_slice(&bytes))
    } else {
        ResolverState::load(&mut postcard::Deserializer::from_bytes(&bytes))
    }
    .map_err(|e| fail(&e))?;
    Ok((state, size, "read whole"))
}

/// The scratch buffer of a streamed load: the largest single item of a saved state (a block of
/// records is about 4 MB, a piece of index pairs 3 MB; the term frequencies of one field can
/// take tens of MB). Untouched pages of it cost nothing.
const SCRATCH: usize = 256 << 20;

/// The resident memory of this process (`VmRSS` of `/proc/self/status`), where there is one.
fn resident() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().to_string()))
        })
        .unwrap_or_else(|| "unknown".into())
}

/// p50 / p99 / max of some durations.
fn latency(d: &mut [Duration]) -> String {
    if d.is_empty() {
        return "none".into();
    }
    d.sort_unstable();
    let pct = |q: f64| d[((q * d.len() as f64).ceil() as usize).clamp(1, d.len()) - 1];
    format!(
        "p50 {:.1?}, p99 {:.1?}, max {:.1?} ({} changes)",
        pct(0.5),
        pct(0.99),
        pct(1.0),
        d.len()
    )
}

/// Reads the change rows: each row (without its `op` cell) goes through the same loader as the
/// base file, under the base file's name so a file without a `source` column takes its source.
fn read_changes(path: &Path, base: &Path, mapping: &Mapping) -> Result<Vec<Op>, CliError> {
    let shown = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| CliError(format!("{shown}: cannot read: {}", csv_error(&e))))?;
    let header = reader
        .headers()
        .map_err(|e| CliError(format!("{shown} line 1: {}", csv_error(&e))))?
        .clone();
    let Some(op_col) = header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case("op"))
    else {
        return Err(CliError(format!(
            "{shown} line 1: no `op` column (upsert or remove)"
        )));
    };
    let keep = |r: &csv::StringRecord| -> csv::StringRecord {
        r.iter()
            .enumerate()
            .filter(|&(i, _)| i != op_col)
            .map(|(_, c)| c)
            .collect()
    };
    let header_kept = keep(&header);
    let name = base.file_name().map_or_else(
        || "base.csv".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut ops = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            CliError(format!("{shown} line {line}: {}", csv_error(&e)))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let op = record.get(op_col).unwrap_or("").trim().to_ascii_lowercase();
        let mut bytes = Vec::new();
        {
            let mut w = csv::Writer::from_writer(&mut bytes);
            w.write_record(&header_kept)
                .and_then(|()| w.write_record(&keep(&record)))
                .and_then(|()| w.flush().map_err(csv::Error::from))
                .map_err(|e| CliError(format!("{shown} line {line}: {}", csv_error(&e))))?;
        }
        let one = Rows::from_reader(&name, bytes.as_slice(), mapping).map_err(|e| {
            let msg = e.to_string();
            let msg = msg
                .strip_prefix(&format!("{name} line 2: "))
                .map_or(msg.clone(), str::to_string);
            CliError(format!("{shown} line {line}: {msg}"))
        })?;
        if one.len() != 1 {
            return Err(CliError(format!("{shown} line {line}: not one record")));
        }
        match op.as_str() {
            "upsert" => ops.push(Op::Upsert(Box::new(one.profile(0).into_owned()))),
            "remove" => ops.push(Op::Remove(one.source(0).to_string(), one.id(0).to_string())),
            _ => {
                return Err(CliError(format!(
                    "{shown} line {line}: op must be upsert or remove"
                )))
            }
        }
    }
    Ok(ops)
}

/// A CSV error without the cell contents it may quote.
fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".into(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        _ => "malformed CSV".into(),
    }
}

fn write_outputs(dir: &Path, state: &ResolverState, events: &[Event]) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError(format!("{}: cannot create directory: {e}", dir.display())))?;
    let clusters = state.clusters();

    let path = dir.join("clusters.csv");
    let fail = |e: &dyn fmt::Display| CliError(format!("{}: cannot write: {e}", path.display()));
    let mut rows: Vec<(&str, &str, String)> = clusters
        .iter()
        .flat_map(|c| {
            c.records
                .iter()
                .map(move |r| (r.source.as_str(), r.record_id.as_str(), c.id.to_string()))
        })
        .collect();
    rows.sort_unstable();
    let mut w = csv::Writer::from_path(&path).map_err(|e| fail(&e))?;
    w.write_record(["source", "record_id", "cluster_id"])
        .map_err(|e| fail(&e))?;
    for (s, id, c) in &rows {
        w.write_record([*s, *id, c.as_str()])
            .map_err(|e| fail(&e))?;
    }
    w.flush().map_err(|e| fail(&e))?;

    let path = dir.join("events.jsonl");
    let fail = |e: &dyn fmt::Display| CliError(format!("{}: cannot write: {e}", path.display()));
    let mut buf = Vec::new();
    for e in events {
        serde_json::to_writer(&mut buf, e).map_err(|e| fail(&e))?;
        buf.push(b'\n');
    }
    std::fs::write(&path, &buf).map_err(|e| fail(&e))?;

    let path = dir.join("golden.jsonl");
    let fail = |e: &dyn fmt::Display| CliError(format!("{}: cannot write: {e}", path.display()));
    let mut buf = Vec::new();
    for c in &clusters {
        let golden = state
            .golden_record(c.id)
            .ok_or_else(|| fail(&"a cluster has no golden record"))?;
        serde_json::to_writer(&mut buf, &golden).map_err(|e| fail(&e))?;
        buf.push(b'\n');
    }
    std::fs::write(&path, &buf).map_err(|e| fail(&e))?;
    Ok(())
}

fn emit(s: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError(format!("writing to stdout: {e}"))),
    }
}
