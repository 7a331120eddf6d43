//! Resolve customer records from CSV files into people: clusters and golden records.
//!
//! ```text
//! cargo run --release --example resolve -- [OPTIONS] [INPUT.csv ...]
//! ```
//!
//! With no INPUT it resolves the shipped sample `examples/data/customers.csv` (370 synthetic
//! records of 200 people from five sources) and prints a summary and three golden records.
//!
//! Each INPUT is a UTF-8 CSV file with a header row. Columns named as a profile field
//! (`first_name`, `email`, `postcode`...) or by a common alias (`given_name`, `surname`, `zip`,
//! `dob`, `mobile`, `e-mail`, `suburb`...) are read without help; `--map COLUMN=FIELD` names any
//! other, and the remaining columns are carried as attributes. Several columns feeding one text
//! field (FEBRL's `street_number` and `address_1`) are joined with a space in header order;
//! several email or phone columns give several values. The source of a record is its `source`
//! column, or the file's stem; its id is its `record_id` column, or its 1-based data row number
//! when the file has no id column. `consent_email`, `consent_sms`, `consent_phone` and
//! `consent_postal` columns are consent statements, dated by the row's `updated_at` when present.
//!
//! Options:
//!
//! - `--map COLUMN=FIELD` (repeatable): FIELD is one of `record_id`, `source`, `first_name`,
//!   `middle_name`, `last_name`, `full_name`, `email`, `phone`, `street`, `unit`, `city`,
//!   `region`, `postcode`, `country`, `date_of_birth`, `updated_at`, `consent_email`,
//!   `consent_sms`, `consent_phone`, `consent_postal`, `id:NAME`, `attr:NAME`, `ignore`.
//! - `--mode dedupe|link|link-and-dedupe`: default dedupe for one file, link-and-dedupe for more.
//! - `--threshold P`: match probability in (0, 1) at which two records are linked (default 0.9).
//! - `--region CC`: phone region for national numbers of records whose country is not known
//!   (default US). A record's country comes first from its own address, then
//!   `--source-country`, then a phone written with its country code or the script of its names
//!   (Thai → TH, Persian letters → IR); it decides the phone region, the calendar (Solar Hijri
//!   in Iran, Buddhist era in Thailand) and the day/month order of dates.
//! - `--source-country SOURCE=CC` (repeatable): the country of the records of SOURCE whose
//!   address names none.
//! - `--unique-id NAME` (repeatable): identifier `id:NAME` is unique per person, so two records
//!   with different values are never merged.
//! - `--block FIELD[+FIELD...]` (repeatable): adds a blocking rule on the exact values of those
//!   fields (`given_name`, `given_group`, `given_initial`, `family_name`, `family_phonetic`,
//!   `family_prefix`, `name_set`, `name_skeleton`, `postcode`, `city`, `address`, `birth_year`,
//!   `birth_date`, `email`, `email_local`, `email_ends`, `phone`, `phone_parts` (a phone with
//!   one wrong digit, see `BlockKey::PhoneParts`), `house_street`, `identifier`) after the
//!   default rules.
//!   A part may also be `attr:NAME` or another field of a `--compare` (its exact values).
//! - `--compare FIELD=KIND` (repeatable): adds a comparison. FIELD is `attr:NAME` (a column
//!   carried as an attribute), `city`, `region`, `postcode`, `country` or `middle_name`; KIND is
//!   `exact`, `fuzzy` (Jaro–Winkler levels 0.92 and 0.80), `date` (graded like the date of
//!   birth) or `number` (differences up to 1 and 5). EM learns its weights with the others'.
//! - `--save-model FILE`: writes the trained model as JSON; `--model FILE` resolves with a saved
//!   model instead of training (the same clusters as the run that saved it, on the same input).
//! - `--truth FILE`: evaluates against labels, a CSV with `record_id` and `entity_id` columns
//!   (and `source`, when ids repeat across sources): pairwise and B-cubed precision, recall and
//!   F1 of the clusters; then, from one more pass that scores every candidate pair, the match
//!   weight histogram, precision / recall / F1 of the pairs at or above thresholds from 0.5 to
//!   0.99, and the blocking recall per rule — to choose a threshold and rules.
//! - `--weights`: prints the match-weight histogram of the candidate pairs (one more pass).
//! - `--out DIR`: writes `DIR/clusters.csv` (`source,record_id,cluster_id`, every input record
//!   once, in input order) and `DIR/golden.jsonl` (one golden record per cluster).
//! - `--explain ID1 ID2`: why two records are (not) one person; an id may be written
//!   `SOURCE:ID` when several sources use it.
//!
//! The summary goes to stdout and progress (inputs over 100,000 records) to stderr. Nothing
//! personal is printed, except the sample's golden records and what `--explain` asks for. Bad
//! input exits with status 2 and one message naming the file and line.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use selfsame::csv::{LoadError, Mapping, Rows};
use selfsame::golden::GoldenRecordView;
use selfsame::resolve::{Phase, Progress};
use selfsame::{Config, Mode, Records, Resolution, Resolver, SurvivorshipConfig};

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
Resolve customer records from CSV files into people: clusters and golden records.

usage: cargo run --release --example resolve -- [OPTIONS] [INPUT.csv ...]

With no INPUT, resolves the shipped sample examples/data/customers.csv and prints
a summary and three golden records.

Options:
  --map COLUMN=FIELD     map a column to a field (repeatable). FIELD: record_id, source,
                         first_name, middle_name, last_name, full_name, email, phone,
                         street, unit, city, region, postcode, country, date_of_birth,
                         updated_at, consent_email, consent_sms, consent_phone,
                         consent_postal, id:NAME, attr:NAME, ignore
  --mode MODE            dedupe | link | link-and-dedupe
                         (default: dedupe for one file, link-and-dedupe for several)
  --threshold P          match probability in (0, 1) to link two records (default 0.9)
  --region CC            phone region for national numbers of records whose country
                         is not known (default US)
  --source-country SOURCE=CC
                         country of SOURCE's records whose address names none (repeatable)
  --unique-id NAME       identifier id:NAME is unique per person (repeatable)
  --block FIELD[+FIELD]  add a blocking rule on those fields (repeatable), e.g. city+birth_year;
                         a field of a --compare (attr:NAME, ...) blocks on its exact values
  --compare FIELD=KIND   add a comparison (repeatable). FIELD: attr:NAME, city, region,
                         postcode, country, middle_name; KIND: exact, fuzzy, date, number
  --save-model FILE      write the trained model (JSON)
  --model FILE           resolve with a saved model instead of training
  --out DIR              write DIR/clusters.csv and DIR/golden.jsonl
  --truth FILE           evaluate against labels (record_id,entity_id CSV): cluster metrics,
                         weight histogram, metrics per threshold, blocking recall per rule
  --weights              print the match-weight histogram of the candidate pairs
  --explain ID1 ID2      explain two records (an id may be written SOURCE:ID)
  -h, --help             print this help

Columns named as a field or by a common alias (given_name, surname, zip, dob, mobile,
e-mail, suburb, ...) need no --map; other columns become attributes. A file without a
record id column numbers its rows from 1. Exit status 2 on bad input.
";

/// Inputs with more records than this get progress reports on stderr.
const PROGRESS_ABOVE: usize = 100_000;
/// Golden records shown by the sample run.
const SHOWN_GOLDEN: usize = 3;

/// A command-line error: one message, exit status 2.
#[derive(Debug)]
struct CliError(String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<LoadError> for CliError {
    fn from(e: LoadError) -> CliError {
        CliError(e.to_string())
    }
}

impl From<String> for CliError {
    fn from(s: String) -> CliError {
        CliError(s)
    }
}

fn main() {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if let Err(e) = run(args) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

/// Parsed command line.
#[derive(Debug, Default)]
struct Args {
    inputs: Vec<PathBuf>,
    mapping: Mapping,
    mode: Option<Mode>,
    threshold: Option<f64>,
    region: Option<String>,
    source_countries: Vec<(String, String)>,
    unique_ids: Vec<String>,
    blocks: Vec<String>,
    compares: Vec<selfsame::compare::CustomComparison>,
    out: Option<PathBuf>,
    save_model: Option<PathBuf>,
    model: Option<PathBuf>,
    explain: Option<(String, String)>,
    truth: Option<PathBuf>,
    weights: bool,
    help: bool,
}

fn parse_args(raw: Vec<OsString>) -> Result<Args, CliError> {
    let mut args = Args::default();
    let mut it = raw.into_iter();
    let mut only_inputs = false;
    while let Some(os) = it.next() {
        if only_inputs {
            args.inputs.push(PathBuf::from(os));
            continue;
        }
        let Some(arg) = os.to_str() else {
            // Not UTF-8: only a file name can be that.
            args.inputs.push(PathBuf::from(os));
            continue;
        };
        if arg == "--" {
            only_inputs = true;
            continue;
        }
        if arg == "-" || !arg.starts_with('-') {
            args.inputs.push(PathBuf::from(arg));
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.to_string(), None),
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
            "--mode" => args.mode = Some(parse_mode(&value("a mode")?)?),
            "--threshold" => args.threshold = Some(parse_threshold(&value("a probability")?)?),
            "--region" => args.region = Some(parse_region(&value("a region code")?)?),
            "--source-country" => {
                let v = value("SOURCE=CC")?;
                let Some((source, cc)) = v.split_once('=') else {
                    return Err(CliError(format!(
                        "--source-country {v:?}: expected SOURCE=CC, such as pos=TH"
                    )));
                };
                if selfsame::normalize::Country::new(cc).is_none() {
                    return Err(CliError(format!(
                        "--source-country {v:?}: {cc:?} is not a country code or name"
                    )));
                }
                args.source_countries
                    .push((source.trim().to_string(), cc.trim().to_string()));
            }
            "--unique-id" => {
                let v = value("an identifier NAME")?;
                let v = v.trim().strip_prefix("id:").unwrap_or(v.trim()).to_string();
                if v.is_empty() {
                    return Err(CliError("--unique-id: empty NAME".into()));
                }
                args.unique_ids.push(v);
            }
            "--block" => args.blocks.push(value("FIELD[+FIELD...]")?),
            "--compare" => {
                let v = value("FIELD=KIND")?;
                let c: selfsame::compare::CustomComparison = v
                    .parse()
                    .map_err(|e: selfsame::Error| CliError(format!("--compare {v:?}: {e}")))?;
                if args.compares.iter().any(|d| d.name == c.name) {
                    return Err(CliError(format!(
                        "--compare {v:?}: {} is compared twice",
                        c.name
                    )));
                }
                args.compares.push(c);
            }
            "--out" => args.out = Some(PathBuf::from(value("a directory")?)),
            "--truth" => args.truth = Some(PathBuf::from(value("a file")?)),
            "--weights" => args.weights = true,
            "--save-model" => args.save_model = Some(PathBuf::from(value("a file")?)),
            "--model" => args.model = Some(PathBuf::from(value("a file")?)),
            "--explain" => {
                if inline.is_some() {
                    return Err(CliError(
                        "--explain takes two ids: --explain ID1 ID2".into(),
                    ));
                }
                let a = value("two record ids")?;
                let b = value("two record ids")?;
                args.explain = Some((a, b));
            }
            _ => return Err(CliError(format!("unknown option {name:?} (see --help)"))),
        }
    }
    // Before any input is read: every --block part must name a field.
    for spec in &args.blocks {
        parse_block(spec, &args.compares)?;
    }
    Ok(args)
}

fn parse_mode(s: &str) -> Result<Mode, CliError> {
    match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "dedupe" => Ok(Mode::Dedupe),
        "link" => Ok(Mode::Link),
        "link-and-dedupe" => Ok(Mode::LinkAndDedupe),
        _ => Err(CliError(format!(
            "--mode {s:?}: expected dedupe, link or link-and-dedupe"
        ))),
    }
}

fn parse_threshold(s: &str) -> Result<f64, CliError> {
    match s.trim().parse::<f64>() {
        Ok(p) if p > 0.0 && p < 1.0 => Ok(p),
        _ => Err(CliError(format!(
            "--threshold {s:?}: expected a probability strictly between 0 and 1, such as 0.9"
        ))),
    }
}

/// The blocking key parts `--block` accepts, by name.
const BLOCK_FIELDS: &[(&str, selfsame::block::BlockKey)] = {
    use selfsame::block::BlockKey::*;
    &[
        ("given_name", GivenName),
        ("given_group", GivenGroup),
        ("given_initial", GivenInitial),
        ("family_name", FamilyName),
        ("family_phonetic", FamilyPhonetic),
        ("family_prefix", FamilyPrefix),
        ("name_set", NameSet),
        ("name_skeleton", NameSkeleton),
        ("postcode", Postcode),
        ("city", City),
        ("address", AddressKey),
        ("birth_year", BirthYear),
        ("birth_date", BirthDate),
        ("email", Email),
        ("email_local", EmailLocal),
        ("email_ends", EmailEnds),
        ("phone", Phone),
        ("phone_parts", PhoneParts),
        ("house_street", HouseStreet),
        ("identifier", Identifier),
    ]
};

/// The key parts of `--block FIELD[+FIELD...]`: built-in parts by name, then the fields of the
/// `--compare` comparisons (their exact values).
fn parse_block(
    s: &str,
    compares: &[selfsame::compare::CustomComparison],
) -> Result<Vec<selfsame::block::BlockKey>, CliError> {
    s.split('+')
        .map(|part| {
            let part = part.trim();
            if let Some(&(_, key)) = BLOCK_FIELDS.iter().find(|(name, _)| *name == part) {
                return Ok(key);
            }
            if let Some(k) = compares
                .iter()
                .position(|c| c.field.to_string() == part || c.name == part)
            {
                return Ok(selfsame::block::BlockKey::Custom(k as u8));
            }
            if part.parse::<selfsame::compare::CustomField>().is_ok() {
                return Err(CliError(format!(
                    "--block {s:?}: {part:?} is not compared; add --compare {part}=KIND to block on it"
                )));
            }
            let names: Vec<&str> = BLOCK_FIELDS.iter().map(|(n, _)| *n).collect();
            Err(CliError(format!(
                "--block {s:?}: unknown field {part:?}; expected one or more of {} (or a --compare field) joined by +",
                names.join(", ")
            )))
        })
        .collect()
}

fn parse_region(s: &str) -> Result<String, CliError> {
    let r = s.trim();
    if r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(r.to_ascii_uppercase())
    } else {
        Err(CliError(format!(
            "--region {s:?}: expected a two-letter ISO 3166 country code such as US or GB"
        )))
    }
}

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Dedupe => "dedupe",
        Mode::Link => "link",
        _ => "link-and-dedupe",
    }
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

/// The whole job; `main` turns an error into one message and exit status 2.
fn run(raw: Vec<OsString>) -> Result<(), CliError> {
    let started = Instant::now();
    let mut args = parse_args(raw)?;
    if args.help {
        return emit(USAGE);
    }
    let sample = args.inputs.is_empty();
    if sample {
        args.inputs = vec![sample_path()];
    }

    let t = Instant::now();
    let ds = Rows::load(&args.inputs, &args.mapping)?;
    let load_time = t.elapsed();
    for w in &ds.warnings {
        eprintln!("warning: {w}");
    }
    if ds.is_empty() {
        return Err(CliError(format!(
            "{}: no records (only a header row)",
            args.inputs[0].display()
        )));
    }
    // Labels are read before the long run, so a bad file fails fast.
    let truth = match &args.truth {
        Some(path) => Some(read_truth(path, &ds)?),
        None => None,
    };
    let explain_pair = match &args.explain {
        Some((a, b)) => Some((find_record(&ds, a)?, find_record(&ds, b)?)),
        None => None,
    };

    let mode = args.mode.unwrap_or(if args.inputs.len() > 1 {
        Mode::LinkAndDedupe
    } else {
        Mode::Dedupe
    });
    // Golden records are built one chunk of clusters at a time while they are written, never
    // all held at once.
    let mut config = Config::default().with_mode(mode).with_golden(false);
    if let Some(p) = args.threshold {
        config = config.with_threshold(p);
    }
    if let Some(r) = &args.region {
        config.normalize = config.normalize.clone().with_default_region(r.clone());
    }
    for c in &args.compares {
        config = config.with_comparison(c.clone());
    }
    for spec in &args.blocks {
        let keys = parse_block(spec, &args.compares)?;
        let name: Vec<String> = spec.split('+').map(|p| p.trim().to_string()).collect();
        config.blocking = config
            .blocking
            .clone()
            .with_rule(selfsame::block::BlockingRule::new(name.join("+"), keys));
    }
    for (source, cc) in &args.source_countries {
        config.normalize = config
            .normalize
            .clone()
            .with_source_country(source.clone(), cc.clone());
    }
    // Day/month order per source, as the loader inferred it from the values.
    for (source, order) in &ds.date_orders {
        config.normalize = config
            .normalize
            .clone()
            .with_source_date_order(source.clone(), *order);
    }
    for u in &args.unique_ids {
        config = config.with_unique_identifier(u.clone());
    }
    let threshold = config.threshold;
    let region = config.normalize.default_region.clone();
    let survivorship = config.survivorship.clone();

    let n = ds.len();
    let mut progress = ProgressView::new(n > PROGRESS_ABOVE);
    let mut resolver = Resolver::new(config);
    if let Some(path) = &args.model {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError(format!("--model {}: {e}", path.display())))?;
        let model: selfsame::score::Model = serde_json::from_str(&text).map_err(|e| {
            CliError(format!(
                "--model {}: not a saved model: {e}",
                path.display()
            ))
        })?;
        resolver = resolver.with_model(model);
    }
    let resolution = resolver
        .resolve_with_progress(&ds, |p: Progress| progress.update(p))
        .map_err(|e| library_error(&ds, e))?;
    if let Some(path) = &args.save_model {
        let json = serde_json::to_string_pretty(&resolution.model)
            .map_err(|e| CliError(format!("--save-model: {e}")))?;
        std::fs::write(path, json)
            .map_err(|e| CliError(format!("--save-model {}: {e}", path.display())))?;
    }

    let mut out = String::new();
    summary(
        &mut out,
        &ds,
        &resolution,
        mode,
        threshold,
        &region,
        load_time,
    );
    if let Some(dir) = &args.out {
        let t = Instant::now();
        let written = write_outputs(dir, &ds, &resolution, &survivorship)?;
        let _ = writeln!(
            out,
            "wrote              {} ({} rows), {} ({} lines) in {}",
            dir.join("clusters.csv").display(),
            thousands(n as u64),
            dir.join("golden.jsonl").display(),
            thousands(written as u64),
            fmt_duration(t.elapsed())
        );
    }
    let _ = writeln!(
        out,
        "total time         {}",
        fmt_duration(started.elapsed())
    );
    if let Some(labels) = &truth {
        evaluation(&mut out, &resolution, labels);
    }
    if truth.is_some() || args.weights {
        let scored = resolver
            .score_pairs(&ds)
            .map_err(|e| library_error(&ds, e))?;
        weight_report(&mut out, &scored, truth.as_deref());
    }
    if sample {
        show_golden(&mut out, &resolution, &ds)?;
    }
    if let Some((a, b)) = explain_pair {
        let _ = writeln!(out);
        out.push_str(&explain(&resolution, &ds, a, b));
    }
    let emitted = emit(&out);
    // The process ends here and the operating system takes its memory back at once; dropping
    // the records and the resolution would free them one allocation at a time, on one thread
    // (about 1 s of the 1.9M-record run).
    std::mem::forget(resolution);
    std::mem::forget(ds);
    emitted
}

/// Reads a truth file: one entity label per input record, in input order. Records are matched
/// by `record_id`, or by (`source`, `record_id`) when the file has a `source` column.
fn read_truth(path: &Path, ds: &Rows) -> Result<Vec<u32>, CliError> {
    let name = path.display();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| CliError(format!("--truth {name}: {e}")))?;
    let header = rdr
        .headers()
        .map_err(|e| CliError(format!("--truth {name}: {e}")))?
        .clone();
    let col = |want: &[&str]| {
        header
            .iter()
            .position(|h| want.contains(&h.trim().to_ascii_lowercase().as_str()))
    };
    let id_col = col(&["record_id", "id", "rec_id", "unique_id"])
        .ok_or_else(|| CliError(format!("--truth {name}: no record_id column")))?;
    let entity_col = col(&["entity_id", "cluster_id", "cluster", "entity"])
        .ok_or_else(|| CliError(format!("--truth {name}: no entity_id column")))?;
    let source_col = col(&["source"]);
    let mut entities: std::collections::HashMap<String, u32> = Default::default();
    let mut label: std::collections::HashMap<(String, String), u32> = Default::default();
    for (line, row) in rdr.records().enumerate() {
        let row = row.map_err(|e| CliError(format!("--truth {name}: {e}")))?;
        let (Some(id), Some(entity)) = (row.get(id_col), row.get(entity_col)) else {
            return Err(CliError(format!("{name}:{}: missing columns", line + 2)));
        };
        let source = source_col
            .and_then(|c| row.get(c))
            .unwrap_or("")
            .to_string();
        let next = entities.len() as u32;
        let e = *entities.entry(entity.to_string()).or_insert(next);
        label.insert((source, id.to_string()), e);
    }
    (0..ds.len())
        .map(|i| {
            let source = if source_col.is_some() {
                ds.source(i)
            } else {
                ""
            };
            label
                .get(&(source.to_string(), ds.id(i).to_string()))
                .copied()
                .ok_or_else(|| {
                    CliError(format!(
                        "--truth {name}: {} (record {:?}) has no label",
                        ds.place(i),
                        ds.id(i)
                    ))
                })
        })
        .collect()
}

/// Pairwise and B-cubed metrics of the clusters against the labels.
fn evaluation(out: &mut String, res: &Resolution, labels: &[u32]) {
    let mut predicted = vec![0u32; labels.len()];
    for (c, cl) in res.clusters.iter().enumerate() {
        for &m in &cl.members {
            predicted[m as usize] = c as u32;
        }
    }
    let Ok(e) = selfsame::eval::evaluate(labels, &predicted) else {
        return;
    };
    let _ = writeln!(out, "\nagainst the truth file");
    for (name, m) in [("pairwise", e.pairwise), ("B-cubed", e.bcubed)] {
        let _ = writeln!(
            out,
            "  {name:<9} precision {:.4}  recall {:.4}  F1 {:.4}",
            m.precision, m.recall, m.f1
        );
    }
}

/// The match-weight histogram of every candidate pair; with labels, the share of true pairs per
/// bin, the pairs' metrics per threshold and the blocking recall per rule.
fn weight_report(
    out: &mut String,
    scored: &selfsame::resolve::CandidatePairs,
    labels: Option<&[u32]>,
) {
    let bins = selfsame::eval::weight_histogram(scored, 2.0);
    let most = bins.iter().map(|b| b.pairs).max().unwrap_or(0).max(1);
    let _ = writeln!(
        out,
        "\nmatch weights of the {} candidate pairs (bits; threshold {} = {:+.1} bits){}",
        thousands(scored.pairs.len() as u64),
        scored.threshold,
        (scored.threshold / (1.0 - scored.threshold)).log2(),
        if labels.is_some() {
            "; share of true pairs"
        } else {
            ""
        }
    );
    for b in &bins {
        let bar = "#".repeat(((b.pairs as f64 / most as f64) * 40.0).ceil() as usize);
        let share = labels.map_or(String::new(), |l| {
            let (mut all, mut tp) = (0u64, 0u64);
            for p in scored
                .pairs
                .iter()
                .filter(|p| p.weight >= b.from && p.weight < b.to)
            {
                all += 1;
                tp += u64::from(l[p.a as usize] == l[p.b as usize]);
            }
            if all == 0 {
                String::new()
            } else {
                format!(" {:>5.1}%", 100.0 * tp as f64 / all as f64)
            }
        });
        let _ = writeln!(
            out,
            "  {:>+6.0} .. {:>+4.0} {:>11}{share} {bar}",
            b.from,
            b.to,
            thousands(b.pairs)
        );
    }
    let Some(labels) = labels else {
        return;
    };
    let thresholds = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99];
    if let Ok(rows) = selfsame::eval::threshold_table(scored, labels, &thresholds) {
        let _ = writeln!(
            out,
            "\ncandidate pairs at or above a threshold (before clustering; recall of all true pairs)"
        );
        for r in rows {
            let _ = writeln!(
                out,
                "  {:<5} {:>11} pairs  precision {:.4}  recall {:.4}  F1 {:.4}",
                r.threshold,
                thousands(r.pairs),
                r.metrics.precision,
                r.metrics.recall,
                r.metrics.f1
            );
        }
    }
    if let Ok(rows) = selfsame::eval::blocking_recall(scored, labels) {
        let _ = writeln!(
            out,
            "\nblocking recall (share of true pairs each rule adds; cumulative)"
        );
        for r in rows {
            let _ = writeln!(
                out,
                "  {:<40} {:>11} pairs {:>10} true  {:.4}  {:.4}",
                r.rule,
                thousands(r.pairs),
                thousands(r.true_pairs),
                r.recall,
                r.cumulative_recall
            );
        }
    }
}

/// The shipped sample, found from the crate root so the example runs from any directory.
fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join("data")
        .join("customers.csv")
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

/// Maps a library error back to files and lines where it names records.
fn library_error(ds: &Rows, e: selfsame::Error) -> CliError {
    match e {
        selfsame::Error::DuplicateRecord {
            source_name,
            first,
            second,
        } => CliError(format!(
            "{}: duplicate record id {:?} in source {source_name:?} (first at {})",
            ds.place(second),
            if second < ds.len() { ds.id(second) } else { "" },
            ds.place(first)
        )),
        e => CliError(format!("resolve: {e}")),
    }
}

/// Finds a record by `ID`, or by `SOURCE:ID` when the id alone is ambiguous or absent.
fn find_record(ds: &Rows, key: &str) -> Result<usize, CliError> {
    let hits: Vec<usize> = (0..ds.len()).filter(|&i| ds.id(i) == key).collect();
    match hits.len() {
        1 => return Ok(hits[0]),
        0 => {}
        _ => {
            let sources: Vec<&str> = hits.iter().map(|&i| ds.source(i)).collect();
            return Err(CliError(format!(
                "--explain: record id {key:?} is in several sources ({}); write SOURCE:ID",
                sources.join(", ")
            )));
        }
    }
    for (at, _) in key.match_indices(':') {
        let (source, id) = (&key[..at], &key[at + 1..]);
        if let Some(i) = (0..ds.len()).find(|&i| ds.source(i) == source && ds.id(i) == id) {
            return Ok(i);
        }
    }
    Err(CliError(format!("--explain: no record with id {key:?}")))
}

/// Why records `a` and `b` are (not) one person.
///
/// The explanation of two records (field levels and evidence, total weight, and the chain of
/// links when they are joined only through others). Names fields and ids, never values.
fn explain(res: &Resolution, profiles: &Rows, a: usize, b: usize) -> String {
    res.explain(a, b, profiles).map_or_else(
        || "no explanation: record index out of range\n".to_string(),
        |e| e.to_string(),
    )
}

fn summary(
    out: &mut String,
    ds: &Rows,
    res: &Resolution,
    mode: Mode,
    threshold: f64,
    region: &str,
    load_time: Duration,
) {
    let s = &res.stats;
    let mut per_source: BTreeMap<&str, u64> = BTreeMap::new();
    for i in 0..ds.len() {
        *per_source.entry(ds.source(i)).or_default() += 1;
    }
    let sources: Vec<String> = per_source
        .iter()
        .map(|(s, n)| format!("{s} {}", thousands(*n)))
        .collect();
    let files = ds.files.len();
    let _ = writeln!(
        out,
        "records            {} from {files} file{} (sources: {})",
        thousands(s.records as u64),
        if files == 1 { "" } else { "s" },
        sources.join(", ")
    );
    let _ = writeln!(
        out,
        "settings           mode {}, threshold {threshold}, phone region {region} (records without a country)",
        mode_name(mode)
    );
    if !res.model.custom.is_empty() {
        let custom: Vec<String> = res
            .model
            .custom
            .iter()
            .map(|c| {
                let last = (c.m.len() - 1) as u8;
                format!(
                    "{} ({:.1} bits when equal, {:.1} when different)",
                    c.comparison.name,
                    c.weight(0),
                    c.weight(last)
                )
            })
            .collect();
        let _ = writeln!(out, "comparisons        7 built-in, {}", custom.join(", "));
    }
    let rules: Vec<String> = s
        .blocking
        .rules
        .iter()
        .map(|r| format!("{} {}", r.rule, thousands(r.new_pairs)))
        .collect();
    let _ = writeln!(
        out,
        "candidate pairs    {} ({})",
        thousands(s.blocking.total_pairs),
        rules.join(", ")
    );
    let _ = writeln!(out, "matched pairs      {}", thousands(s.matched_pairs));
    let sizes = &s.cluster_sizes;
    let _ = writeln!(
        out,
        "clusters           {} ({} with 2+ records, {} singletons; size largest {}, p99 {}, p99.9 {})",
        thousands(s.clusters as u64),
        thousands((s.clusters - sizes.singletons) as u64),
        thousands(sizes.singletons as u64),
        sizes.largest,
        sizes.p99,
        sizes.p999
    );
    let _ = writeln!(
        out,
        "guard              {} split{} ({} conflicting links refused, {} merges refused for conflicting birth dates or given names, {} weak bridges cut), {} household links refused",
        s.guard.splits,
        if s.guard.splits == 1 { "" } else { "s" },
        s.guard.conflicts_refused,
        thousands(s.guard.coherence_refused as u64),
        s.guard.bridges_cut,
        thousands(s.guard.household_refused as u64)
    );
    let _ = writeln!(
        out,
        "generic values     {} (carried by many different people; not used as evidence), {} exact duplicates grouped",
        thousands(s.generic.len() as u64),
        thousands(s.exact_duplicates as u64)
    );
    let oversized = &s.blocking.oversized;
    let biggest = oversized
        .first()
        .map(|b| format!(", largest {} records under {}", b.size, b.rule))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "oversized blocks   {} skipped{biggest}",
        thousands(oversized.len() as u64)
    );
    let _ = writeln!(
        out,
        "rejected values    {} (not understood by normalization; kept out of matching)",
        thousands(s.rejected_values as u64)
    );
    if !s.rejections.is_empty() {
        let mut by_field: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for r in &s.rejections {
            let country = r
                .country
                .map_or("no country".to_string(), |c| c.to_string());
            by_field
                .entry(r.field.as_str())
                .or_default()
                .push(format!("{country} {}", thousands(r.count as u64)));
        }
        let parts: Vec<String> = by_field
            .into_iter()
            .map(|(f, v)| format!("{f} ({})", v.join(", ")))
            .collect();
        let _ = writeln!(out, "  by field          {}", parts.join("; "));
    }
    let t = &s.timings;
    let _ = writeln!(
        out,
        "time per phase     load {}, normalize {}, block {}, train {} ({} EM iterations), score {}, cluster {}, golden {}",
        fmt_duration(load_time),
        fmt_duration(t.normalize),
        fmt_duration(t.block),
        fmt_duration(t.train),
        s.em_iterations,
        fmt_duration(t.score),
        fmt_duration(t.cluster),
        fmt_duration(t.golden)
    );
}

/// Progress on stderr: a bar per phase when stderr is a terminal, otherwise one line at the
/// start and end of each phase (only for large inputs).
struct ProgressView {
    enabled: bool,
    bar: Option<indicatif::ProgressBar>,
    terminal: bool,
    since: Option<(Phase, Instant)>,
}

impl ProgressView {
    fn new(enabled: bool) -> ProgressView {
        use std::io::IsTerminal as _;
        ProgressView {
            enabled,
            bar: None,
            terminal: std::io::stderr().is_terminal(),
            since: None,
        }
    }

    fn update(&mut self, p: Progress) {
        if !self.enabled {
            return;
        }
        let units = match p.phase {
            Phase::Normalize | Phase::Block => "records",
            Phase::Train | Phase::Score => "pairs",
            Phase::Cluster => "links",
            _ => "clusters",
        };
        if p.done == 0 && self.since.map(|s| s.0) != Some(p.phase) {
            self.since = Some((p.phase, Instant::now()));
            if self.terminal {
                let bar = indicatif::ProgressBar::new(p.total);
                let style = indicatif::ProgressStyle::with_template(
                    "{prefix:<9} [{bar:30}] {human_pos}/{human_len} {msg} ({elapsed})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> ");
                bar.set_style(style);
                bar.set_prefix(phase_name(p.phase));
                bar.set_message(units);
                self.bar = Some(bar);
            } else {
                eprintln!(
                    "{:<9} {} {units} ...",
                    phase_name(p.phase),
                    thousands(p.total)
                );
            }
            return;
        }
        if let Some(bar) = &self.bar {
            bar.set_position(p.done);
        }
        if p.done >= p.total {
            if let Some(bar) = self.bar.take() {
                bar.finish();
            } else if let Some((phase, since)) = self.since {
                eprintln!(
                    "{:<9} done in {}",
                    phase_name(phase),
                    fmt_duration(since.elapsed())
                );
            }
            self.since = None;
        }
    }
}

/// The sample run shows a few golden records of people found in several sources.
fn show_golden(out: &mut String, res: &Resolution, profiles: &Rows) -> Result<(), CliError> {
    let distinct_sources = |g: &selfsame::GoldenRecord| {
        let mut s: Vec<&str> = g.records.iter().map(|r| r.source.as_str()).collect();
        s.sort_unstable();
        s.dedup();
        s.len()
    };
    let multi = || {
        (0..res.clusters.len())
            .filter(|&c| res.clusters[c].members.len() > 1)
            .filter_map(|c| res.golden_record(c, profiles))
    };
    let mut shown: Vec<selfsame::GoldenRecord> = multi()
        .filter(|g| distinct_sources(g) >= 3)
        .take(SHOWN_GOLDEN)
        .collect();
    if shown.len() < SHOWN_GOLDEN {
        shown = multi().take(SHOWN_GOLDEN).collect();
    }
    let _ = writeln!(
        out,
        "\n{} golden records (of {}; per-field records and support are in --out DIR/golden.jsonl):",
        shown.len(),
        thousands(res.clusters.len() as u64)
    );
    for g in &shown {
        let _ = writeln!(out, "{}", brief_json(g)?);
    }
    Ok(())
}

/// A golden record as pretty JSON, each field reduced to its value, rule and sources.
fn brief_json(g: &selfsame::GoldenRecord) -> Result<String, CliError> {
    let fail = |e: serde_json::Error| CliError(format!("serializing a golden record: {e}"));
    let mut v = serde_json::to_value(g).map_err(fail)?;
    if let Some(fields) = v.get_mut("fields").and_then(|f| f.as_object_mut()) {
        for field in fields.values_mut().filter_map(|f| f.as_object_mut()) {
            field.retain(|k, _| matches!(k.as_str(), "value" | "rule" | "sources"));
        }
    }
    serde_json::to_string_pretty(&v).map_err(fail)
}

/// Writes `clusters.csv` and `golden.jsonl` into `dir` (created if missing); returns the golden
/// records written.
///
/// Both files are built in parallel a part at a time (rows of [`CLUSTER_ROWS`] records, golden
/// records of [`GOLDEN_PART`] clusters, each part serialized into its own byte buffer) while a
/// writer thread writes the previous window of parts, in order. Memory holds a few windows of
/// bytes, never all the golden records, and the bytes do not depend on the number of threads.
/// A golden record is written by its [`GoldenRecordView`] (`survivorship` is the configuration
/// the resolution used): the same JSON as serializing [`Resolution::golden_record`], without
/// copying every value into an owned record first.
fn write_outputs(
    dir: &Path,
    ds: &Rows,
    res: &Resolution,
    survivorship: &SurvivorshipConfig,
) -> Result<usize, CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError(format!("{}: cannot create directory: {e}", dir.display())))?;

    let path = dir.join("clusters.csv");
    let fail = |e: &dyn fmt::Display| CliError(format!("{}: cannot write: {e}", path.display()));
    let n = ds.len();
    write_parts(&path, n.div_ceil(CLUSTER_ROWS), |part, buf| {
        let mut w = csv::Writer::from_writer(buf);
        if part == 0 {
            w.write_record(["source", "record_id", "cluster_id"])
                .map_err(|e| fail(&e))?;
        }
        let first = part * CLUSTER_ROWS;
        for i in first..n.min(first + CLUSTER_ROWS) {
            let cluster = res
                .cluster_of(i)
                .and_then(|c| res.clusters.get(c))
                .ok_or_else(|| CliError(format!("{}: record has no cluster", ds.place(i))))?;
            w.write_record([ds.source(i), ds.id(i), cluster.id.as_str()])
                .map_err(|e| fail(&e))?;
        }
        w.flush().map_err(|e| fail(&e))
    })?;

    let path = dir.join("golden.jsonl");
    let fail = |e: &dyn fmt::Display| CliError(format!("{}: cannot write: {e}", path.display()));
    if res.stats.records != n {
        return Err(fail(&"the records are not the ones resolved"));
    }
    let clusters = res.clusters.len();
    write_parts(&path, clusters.div_ceil(GOLDEN_PART), |part, buf| {
        let first = part * GOLDEN_PART;
        let part = &res.clusters[first..clusters.min(first + GOLDEN_PART)];
        for cluster in part {
            // The members' profiles, built from the rows for this record.
            let held: Vec<(usize, std::borrow::Cow<'_, selfsame::Profile>)> = (cluster.members)
                .iter()
                .map(|&m| m as usize)
                .filter(|&m| m < ds.len())
                .map(|m| (m, ds.profile(m)))
                .collect();
            let records = held
                .iter()
                .filter_map(|(m, p)| Some((*m, &**p, res.normalized(*m)?)));
            GoldenRecordView::new(&cluster.id, records, survivorship).write_json(buf);
            buf.push(b'\n');
        }
        Ok(())
    })?;
    Ok(clusters)
}

/// Records per part of `clusters.csv`.
const CLUSTER_ROWS: usize = 4096;
/// Clusters per part of `golden.jsonl` (about 330 KB of JSON on the synthetic data).
const GOLDEN_PART: usize = 256;
/// Parts built in parallel before they are handed to the writer thread. The builder works on
/// one window while the writer writes the previous one: memory holds about two windows of bytes.
const WINDOW: usize = 8;

/// Creates `path` and writes `parts` parts to it in order: `build(k, buf)` appends part `k` to an
/// empty `buf`. A window of parts is built in parallel while a writer thread writes the previous
/// one; the writer hands the buffers back for reuse. The first error in file order wins.
fn write_parts<B>(path: &Path, parts: usize, build: B) -> Result<(), CliError>
where
    B: Fn(usize, &mut Vec<u8>) -> Result<(), CliError> + Sync,
{
    let fail = |e: std::io::Error| CliError(format!("{}: cannot write: {e}", path.display()));
    let mut file = std::fs::File::create(path).map_err(fail)?;
    let (to_writer, windows) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(0);
    let (to_pool, pool) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|s| {
        let writer = s.spawn(move || -> std::io::Result<()> {
            for window in windows {
                for buf in window {
                    file.write_all(&buf)?;
                    // The builder may have finished and dropped the pool: nothing to reuse.
                    let _ = to_pool.send(buf);
                }
            }
            file.flush()
        });
        let mut built = Ok(());
        for start in (0..parts).step_by(WINDOW) {
            let end = parts.min(start + WINDOW);
            let mut bufs: Vec<Vec<u8>> = (start..end)
                .map(|_| pool.try_recv().unwrap_or_default())
                .collect();
            let results: Vec<Result<(), CliError>> = bufs
                .par_iter_mut()
                .zip(start..end)
                .map(|(buf, k)| {
                    buf.clear();
                    build(k, buf)
                })
                .collect();
            if let Some(e) = results.into_iter().find_map(Result::err) {
                built = Err(e);
                break;
            }
            if to_writer.send(bufs).is_err() {
                // The writer stopped on an error; it is reported below.
                break;
            }
        }
        drop(to_writer);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("writer thread panicked")));
        written.map_err(fail).and(built)
    })
}

/// `1234567` → `1,234,567`.
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
