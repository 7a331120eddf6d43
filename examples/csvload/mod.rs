//! CSV → [`Profile`] loading for the examples: header aliases, `--map COLUMN=FIELD` overrides,
//! consent columns, and errors that name the file and line.
//!
//! Shared by several examples through `#[path = "csvload/mod.rs"] mod csvload;`, so not every
//! item is used by every example.
#![allow(dead_code)]

use std::fmt;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use selfsame::normalize::date::parse_timestamp;
use selfsame::{Channel, Consent, ConsentState, ExternalId, PostalAddress, Profile};

/// The profile field a column feeds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The record id, unique within its source.
    RecordId,
    /// The source system (default: the file's stem).
    Source,
    /// Given name.
    FirstName,
    /// Middle name.
    MiddleName,
    /// Family name.
    LastName,
    /// Unparsed full name.
    FullName,
    /// An email address (one per column; several columns give several addresses).
    Email,
    /// A phone number (one per column; several columns give several numbers).
    Phone,
    /// Street line.
    Street,
    /// Unit, apartment, building.
    Unit,
    /// City or locality.
    City,
    /// State, province, region.
    Region,
    /// Postal code.
    Postcode,
    /// Country.
    Country,
    /// Date of birth.
    DateOfBirth,
    /// Last update time of the record (ISO 8601 or epoch seconds).
    UpdatedAt,
    /// An external identifier of this kind.
    Id(String),
    /// A free attribute of this name.
    Attr(String),
    /// A consent statement for this channel.
    Consent(Channel),
    /// Not read.
    Ignore,
}

impl Target {
    /// The FIELD names accepted by `--map`, for messages.
    pub const FIELD_NAMES: &'static str = "record_id, source, first_name, middle_name, last_name, \
        full_name, email, phone, street, unit, city, region, postcode, country, date_of_birth, \
        updated_at, consent_email, consent_sms, consent_phone, consent_postal, id:NAME, attr:NAME, \
        ignore";

    /// Parses a FIELD of `--map COLUMN=FIELD`.
    pub fn parse_field(s: &str) -> Option<Target> {
        let s = s.trim();
        if let Some(name) = s.strip_prefix("id:") {
            return (!name.trim().is_empty()).then(|| Target::Id(name.trim().to_string()));
        }
        if let Some(name) = s.strip_prefix("attr:") {
            return (!name.trim().is_empty()).then(|| Target::Attr(name.trim().to_string()));
        }
        if s == "ignore" {
            return Some(Target::Ignore);
        }
        exact_field(s)
    }

    /// True for fields that take part in matching (a header with none is probably no header).
    fn is_matching(&self) -> bool {
        !matches!(
            self,
            Target::RecordId
                | Target::Source
                | Target::UpdatedAt
                | Target::Attr(_)
                | Target::Consent(_)
                | Target::Ignore
        )
    }
}

/// Field names spelled exactly as a field (after folding).
fn exact_field(s: &str) -> Option<Target> {
    Some(match s {
        "record_id" => Target::RecordId,
        "source" => Target::Source,
        "first_name" | "given_name" => Target::FirstName,
        "middle_name" => Target::MiddleName,
        "last_name" | "family_name" => Target::LastName,
        "full_name" => Target::FullName,
        "email" => Target::Email,
        "phone" => Target::Phone,
        "street" => Target::Street,
        "unit" => Target::Unit,
        "city" => Target::City,
        "region" => Target::Region,
        "postcode" => Target::Postcode,
        "country" => Target::Country,
        "date_of_birth" => Target::DateOfBirth,
        "updated_at" => Target::UpdatedAt,
        "consent_email" => Target::Consent(Channel::Email),
        "consent_sms" => Target::Consent(Channel::Sms),
        "consent_phone" => Target::Consent(Channel::Phone),
        "consent_postal" => Target::Consent(Channel::Postal),
        _ => return None,
    })
}

/// Header aliases that map without `--map` (headers are folded first: trimmed, lower-cased,
/// spaces, dashes and dots turned into `_`).
pub const ALIASES: &[(&str, &str)] = &[
    ("firstname", "first_name"),
    ("first", "first_name"),
    ("forename", "first_name"),
    ("givenname", "first_name"),
    ("middle", "middle_name"),
    ("middlename", "middle_name"),
    ("middle_initial", "middle_name"),
    ("surname", "last_name"),
    ("lastname", "last_name"),
    ("last", "last_name"),
    ("familyname", "last_name"),
    ("name", "full_name"),
    ("fullname", "full_name"),
    ("e_mail", "email"),
    ("email_address", "email"),
    ("emailaddress", "email"),
    ("mail", "email"),
    ("mobile", "phone"),
    ("cell", "phone"),
    ("telephone", "phone"),
    ("tel", "phone"),
    ("phone_number", "phone"),
    ("phonenumber", "phone"),
    ("mobile_number", "phone"),
    ("cell_phone", "phone"),
    ("zip", "postcode"),
    ("zipcode", "postcode"),
    ("zip_code", "postcode"),
    ("postal_code", "postcode"),
    ("postalcode", "postcode"),
    ("post_code", "postcode"),
    ("state", "region"),
    ("province", "region"),
    ("dob", "date_of_birth"),
    ("birth_date", "date_of_birth"),
    ("birthdate", "date_of_birth"),
    ("birthday", "date_of_birth"),
    ("rec_id", "record_id"),
    ("id", "record_id"),
    ("recordid", "record_id"),
    ("address", "street"),
    ("address_1", "street"),
    ("address1", "street"),
    ("address_line_1", "street"),
    ("address_line1", "street"),
    ("street_address", "street"),
    ("street_number", "street"),
    ("house_number", "street"),
    ("address_2", "unit"),
    ("address2", "unit"),
    ("address_line_2", "unit"),
    ("address_line2", "unit"),
    ("apt", "unit"),
    ("apartment", "unit"),
    ("suite", "unit"),
    ("suburb", "city"),
    ("town", "city"),
    ("locality", "city"),
    ("country_code", "country"),
    ("last_updated", "updated_at"),
    ("modified_at", "updated_at"),
    ("updated", "updated_at"),
];

/// Headers read as an external identifier `id:<header>` without `--map`: national and
/// government numbers (FEBRL's `soc_sec_id` among them). Customer or loyalty numbers are not
/// here, since a source may give one person several; map those with `--map COL=id:NAME`.
pub const ID_HEADERS: &[&str] = &[
    "ssn",
    "soc_sec_id",
    "social_security_number",
    "national_id",
    "national_insurance_number",
    "nino",
    "passport_number",
    "tax_id",
];

/// Folds a header for matching: trimmed, BOM dropped, lower case, `' '`, `-`, `.` → `_`.
pub fn fold_header(h: &str) -> String {
    let h = h.trim_start_matches('\u{feff}').trim().to_lowercase();
    let mut out = String::with_capacity(h.len());
    for c in h.chars() {
        let c = if matches!(c, ' ' | '-' | '.' | '\t') {
            '_'
        } else {
            c
        };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    out
}

/// The target of a header with no `--map`: the field it names, an alias, an extra email or
/// phone column (`email2`, `work_email`, `phone_2`, `home_phone`...), else `attr:<header>`.
pub fn header_target(header: &str) -> Target {
    let f = fold_header(header);
    if let Some(t) = alias_or_field(&f) {
        return t;
    }
    // `email2`, `phone_3`: extra values of a multi-valued field.
    let stem = f
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches('_');
    if stem != f {
        if let Some(t @ (Target::Email | Target::Phone)) = alias_or_field(stem) {
            return t;
        }
    }
    // `work_email`, `email_secondary`, `home_phone`...
    const QUALIFIERS: &[&str] = &[
        "home",
        "work",
        "personal",
        "alt",
        "alternate",
        "other",
        "secondary",
        "primary",
        "main",
        "business",
        "private",
        "mobile",
        "cell",
        "day",
        "evening",
    ];
    for q in QUALIFIERS {
        let rest = f
            .strip_prefix(&format!("{q}_"))
            .or_else(|| f.strip_suffix(&format!("_{q}")));
        if let Some(t @ (Target::Email | Target::Phone)) = rest.and_then(alias_or_field) {
            return t;
        }
    }
    let name = header.trim_start_matches('\u{feff}').trim();
    // Personal identifiers issued by an authority are identifiers, not free attributes.
    if ID_HEADERS.contains(&f.as_str()) {
        return Target::Id(f);
    }
    Target::Attr(name.to_string())
}

fn alias_or_field(f: &str) -> Option<Target> {
    exact_field(f).or_else(|| {
        ALIASES
            .iter()
            .find(|(a, _)| *a == f)
            .and_then(|(_, field)| exact_field(field))
    })
}

/// Column → field overrides from `--map COLUMN=FIELD`.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    overrides: Vec<(String, String, Target)>,
}

impl Mapping {
    /// No overrides.
    pub fn new() -> Mapping {
        Mapping::default()
    }

    /// Adds one `COLUMN=FIELD` argument.
    pub fn add(&mut self, arg: &str) -> Result<(), String> {
        let Some((col, field)) = arg.split_once('=') else {
            return Err(format!("--map {arg:?}: expected COLUMN=FIELD"));
        };
        if col.trim().is_empty() {
            return Err(format!("--map {arg:?}: empty COLUMN"));
        }
        let Some(t) = Target::parse_field(field) else {
            return Err(format!(
                "--map {arg:?}: unknown field {:?} (fields: {})",
                field.trim(),
                Target::FIELD_NAMES
            ));
        };
        self.overrides
            .push((fold_header(col), col.trim().to_string(), t));
        Ok(())
    }

    fn target(&self, header: &str) -> Option<(usize, Target)> {
        let f = fold_header(header);
        // The last --map for a column wins.
        self.overrides
            .iter()
            .enumerate()
            .rev()
            .find(|(_, (c, _, _))| *c == f)
            .map(|(i, (_, _, t))| (i, t.clone()))
    }
}

/// Where an input record came from (8 bytes: millions of records keep one each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`Dataset::files`].
    pub file: u32,
    /// 1-based line of the record's start in the file.
    pub line: u32,
}

/// A loading error: which file, which line, what. Never the data itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The file, as given.
    pub file: Option<String>,
    /// The 1-based line, when one is to blame.
    pub line: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl LoadError {
    fn at(file: &Path, line: Option<u64>, message: impl Into<String>) -> LoadError {
        LoadError {
            file: Some(file.display().to_string()),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file} line {line}: {}", self.message),
            (Some(file), None) => write!(f, "{file}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// Loaded profiles with the file and line each came from.
#[derive(Debug, Default)]
pub struct Dataset {
    /// The input files, as given.
    pub files: Vec<PathBuf>,
    /// The profiles, in input order (file by file, row by row).
    pub profiles: Vec<Profile>,
    /// Where each profile came from.
    pub origins: Vec<Origin>,
    /// Non-fatal notes (values not understood and ignored); counts and lines, no data.
    pub warnings: Vec<String>,
}

impl Dataset {
    /// Loads every file in order.
    ///
    /// Each file needs a header row. The source is the `source` column, or the file's stem when
    /// there is none (or the cell is empty). The record id is the `record_id` column, or the
    /// 1-based data row number when there is no such column. Empty cells are absent values.
    /// A record id seen twice within one source is an error naming both places.
    ///
    /// Rows are read on one thread a chunk at a time and turned into profiles on the rayon
    /// pool while the next chunk is read; the first error in file order is the one reported.
    pub fn load(paths: &[PathBuf], mapping: &Mapping) -> Result<Dataset, LoadError> {
        let mut ds = Dataset::default();
        let mut keys = KeyIndex::default();
        let mut used = vec![false; mapping.overrides.len()];
        for path in paths {
            ds.files.push(path.clone());
            load_file(&mut ds, path, mapping, &mut used, &mut keys)?;
        }
        if let Some(i) = used.iter().position(|u| !u) {
            return Err(LoadError {
                file: None,
                line: None,
                message: format!(
                    "--map: no input file has a column named {:?}",
                    mapping.overrides[i].1
                ),
            });
        }
        ds.profiles.shrink_to_fit();
        ds.origins.shrink_to_fit();
        Ok(ds)
    }

    /// `file line N` of record `i`, for messages.
    pub fn place(&self, i: usize) -> String {
        match self.origins.get(i) {
            Some(o) => format!("{} line {}", self.files[o.file as usize].display(), o.line),
            None => format!("record {i}"),
        }
    }
}

/// What each column of one file feeds.
struct Plan {
    targets: Vec<Target>,
    has_id: bool,
}

fn plan(headers: &[String], mapping: &Mapping, used: &mut [bool]) -> Plan {
    let targets: Vec<Target> = headers
        .iter()
        .map(|h| match mapping.target(h) {
            Some((i, t)) => {
                used[i] = true;
                t
            }
            None => header_target(h),
        })
        .collect();
    let has_id = targets.contains(&Target::RecordId);
    Plan { targets, has_id }
}

/// Records read and converted at a time: large enough to keep the pool busy, small enough that
/// the raw rows in flight stay a few tens of megabytes.
const CHUNK: usize = 1 << 16;

/// The (source, record id) of every loaded profile, as a hash and the profile's index, to find
/// a record id seen twice in one source without a map holding copies of every key.
#[derive(Default)]
struct KeyIndex {
    /// (hash of source and id, index into `Dataset::profiles`); sorted up to `sorted`.
    entries: Vec<(u64, usize)>,
    sorted: usize,
}

impl KeyIndex {
    /// The first record (in load order) whose key an earlier record already has, with that
    /// earlier record: `(first, second)`. Hash ties are confirmed by comparing the strings.
    fn first_duplicate(&mut self, profiles: &[Profile]) -> Option<(usize, usize)> {
        if self.sorted == self.entries.len() {
            return None;
        }
        self.entries[self.sorted..].par_sort_unstable();
        if self.sorted > 0 {
            // The stable sort merges the two sorted runs (earlier files, this one) in linear time.
            self.entries.sort();
        }
        self.sorted = self.entries.len();
        let mut best: Option<(usize, usize)> = None;
        let mut distinct: Vec<usize> = Vec::new();
        for group in self.entries.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < 2 {
                continue;
            }
            // In load order within the group; the first member whose key an earlier member has
            // is this group's first duplicate. Distinct keys sharing a hash are kept apart.
            distinct.clear();
            for &(_, j) in group {
                let p = &profiles[j];
                let same = |&i: &usize| profiles[i].id == p.id && profiles[i].source == p.source;
                match distinct.iter().copied().find(same) {
                    Some(i) => {
                        if best.is_none_or(|(_, b)| j < b) {
                            best = Some((i, j));
                        }
                        break;
                    }
                    None => distinct.push(j),
                }
            }
        }
        best
    }
}

/// The duplicate-record-id error, if any record loaded so far repeats an earlier key.
fn duplicate_error(ds: &Dataset, keys: &mut KeyIndex) -> Option<LoadError> {
    let (first, second) = keys.first_duplicate(&ds.profiles)?;
    let (a, b) = (ds.origins[first], ds.origins[second]);
    let first_place = if a.file == b.file {
        format!("line {}", a.line)
    } else {
        format!("{} line {}", ds.files[a.file as usize].display(), a.line)
    };
    let p = &ds.profiles[second];
    Some(LoadError::at(
        &ds.files[b.file as usize],
        Some(u64::from(b.line)),
        format!(
            "duplicate record id {:?} in source {:?} (first at {first_place})",
            p.id, p.source
        ),
    ))
}

/// How reading a chunk ended.
enum ReadEnd {
    /// The chunk is full; there may be more.
    Full,
    /// The file ended.
    Eof,
    /// This error came after the records read.
    Failed(LoadError),
}

/// Reads up to `buf.len()` records into `buf`, reusing their buffers.
fn read_chunk<R: std::io::Read>(
    rdr: &mut csv::Reader<R>,
    buf: &mut [csv::ByteRecord],
    path: &Path,
) -> (usize, ReadEnd) {
    for (n, rec) in buf.iter_mut().enumerate() {
        match rdr.read_byte_record(rec) {
            Ok(true) => {}
            Ok(false) => return (n, ReadEnd::Eof),
            Err(e) => return (n, ReadEnd::Failed(csv_error(path, &e))),
        }
    }
    (buf.len(), ReadEnd::Full)
}

/// One file's fixed inputs to the row conversion.
struct FileCtx<'a> {
    path: &'a Path,
    stem: &'a str,
    headers: &'a [String],
    plan: &'a Plan,
}

/// What a row gives besides its profile.
struct Row {
    line: u64,
    key_hash: u64,
    bad_time: bool,
    bad_consent: bool,
}

fn load_file(
    ds: &mut Dataset,
    path: &Path,
    mapping: &Mapping,
    used: &mut [bool],
    keys: &mut KeyIndex,
) -> Result<(), LoadError> {
    let file_idx = u32::try_from(ds.files.len() - 1)
        .map_err(|_| LoadError::at(path, None, "too many input files"))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".to_string());
    let file = std::fs::File::open(path).map_err(|e| LoadError::at(path, None, io_message(&e)))?;
    if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(LoadError::at(path, None, "is a directory, not a CSV file"));
    }
    // The reader buffers itself: no BufReader in between.
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(1 << 16)
        .from_reader(file);

    let raw_headers = rdr.byte_headers().map_err(|e| csv_error(path, &e))?.clone();
    if raw_headers.is_empty() || (raw_headers.len() == 1 && raw_headers[0].trim_ascii().is_empty())
    {
        return Err(LoadError::at(
            path,
            Some(1),
            "no header row (the file is empty)",
        ));
    }
    let mut headers = Vec::with_capacity(raw_headers.len());
    for (k, h) in raw_headers.iter().enumerate() {
        let h = std::str::from_utf8(h).map_err(|_| {
            LoadError::at(
                path,
                Some(1),
                format!("invalid UTF-8 in header column {}", k + 1),
            )
        })?;
        let h = h.trim_start_matches('\u{feff}').trim();
        headers.push(if h.is_empty() {
            format!("column_{}", k + 1)
        } else {
            h.to_string()
        });
    }
    let plan = plan(&headers, mapping, used);
    if !plan.targets.iter().any(Target::is_matching) {
        return Err(LoadError::at(
            path,
            Some(1),
            "the header row names no field to match on (first_name, last_name, full_name, email, \
             phone, street, postcode, date_of_birth, id:NAME...); is the header missing? \
             Name columns with --map COLUMN=FIELD",
        ));
    }
    let ctx = FileCtx {
        path,
        stem: &stem,
        headers: &headers,
        plan: &plan,
    };

    // Two chunks of raw records: one is converted on the pool while the other is read. The
    // profiles are written in place at the end of `ds.profiles`; what else each row gives
    // (line, key hash, warnings, or the error that stops loading) goes to `rows`.
    let mut cur: Vec<csv::ByteRecord> = Vec::new();
    let mut next: Vec<csv::ByteRecord> = Vec::new();
    cur.resize_with(CHUNK, csv::ByteRecord::new);
    let mut rows: Vec<Result<Row, Box<LoadError>>> = Vec::with_capacity(CHUNK);
    let (mut n, mut end) = read_chunk(&mut rdr, &mut cur, path);
    let mut row0: u64 = 0; // data rows before `cur`
    let mut bad_time: (u64, Option<u64>) = (0, None);
    let mut bad_consent: (u64, Option<u64>) = (0, None);
    loop {
        let base = ds.profiles.len();
        rows.clear();
        let mut out = (std::mem::take(&mut ds.profiles), std::mem::take(&mut rows));
        let convert = |recs: &[csv::ByteRecord], out: &mut (Vec<Profile>, Vec<_>)| {
            out.par_extend(recs.par_iter().enumerate().map(|(k, rec)| {
                match build_row(&ctx, rec, row0 + k as u64 + 1) {
                    Ok((p, row)) => (p, Ok(row)),
                    Err(e) => (Profile::default(), Err(Box::new(e))),
                }
            }));
        };
        let more = if matches!(end, ReadEnd::Full) {
            if next.is_empty() {
                next.resize_with(CHUNK, csv::ByteRecord::new);
            }
            let (read, ()) = rayon::join(
                || read_chunk(&mut rdr, &mut next, path),
                || convert(&cur[..n], &mut out),
            );
            Some(read)
        } else {
            convert(&cur[..n], &mut out);
            None
        };
        (ds.profiles, rows) = out;
        ds.origins.reserve(rows.len());
        keys.entries.reserve(rows.len());
        for (k, r) in rows.drain(..).enumerate() {
            let row = match r {
                Ok(row) => row,
                Err(e) => {
                    ds.profiles.truncate(base + k);
                    return Err(duplicate_error(ds, keys).unwrap_or(*e));
                }
            };
            let Ok(line) = u32::try_from(row.line) else {
                ds.profiles.truncate(base + k);
                let e = LoadError::at(path, Some(row.line), "more than 4294967295 lines");
                return Err(duplicate_error(ds, keys).unwrap_or(e));
            };
            if row.bad_time {
                bad_time.0 += 1;
                bad_time.1.get_or_insert(row.line);
            }
            if row.bad_consent {
                bad_consent.0 += 1;
                bad_consent.1.get_or_insert(row.line);
            }
            keys.entries.push((row.key_hash, base + k));
            ds.origins.push(Origin {
                file: file_idx,
                line,
            });
        }
        row0 += n as u64;
        match more {
            Some((n_next, end_next)) => {
                std::mem::swap(&mut cur, &mut next);
                (n, end) = (n_next, end_next);
            }
            // `end` said this was the last chunk.
            None => break,
        }
    }
    if let Some(e) = duplicate_error(ds, keys) {
        return Err(e);
    }
    if let ReadEnd::Failed(e) = end {
        return Err(e);
    }
    if bad_time.0 > 0 {
        ds.warnings.push(format!(
            "{}: {} updated_at value(s) not understood and ignored (first at line {}); \
             expected ISO 8601 (2024-05-01T10:20:30Z) or epoch seconds",
            path.display(),
            bad_time.0,
            bad_time.1.unwrap_or(0)
        ));
    }
    if bad_consent.0 > 0 {
        ds.warnings.push(format!(
            "{}: {} consent value(s) not understood and ignored (first at line {}); expected \
             yes/no, granted/withdrawn, true/false, opt-in/opt-out",
            path.display(),
            bad_consent.0,
            bad_consent.1.unwrap_or(0)
        ));
    }
    Ok(())
}

/// Appends a value to a field fed by several columns, space-separated, growing exactly.
fn join(slot: &mut Option<String>, v: &str) {
    match slot {
        Some(s) => {
            s.reserve_exact(1 + v.len());
            s.push(' ');
            s.push_str(v);
        }
        None => *slot = Some(v.to_owned()),
    }
}

/// Adds the values of a cell that may hold several, separated by `;`, with no spare capacity.
fn push_multi(list: &mut Vec<String>, v: &str) {
    if !v.contains(';') {
        // `v` is trimmed and not empty.
        list.reserve_exact(1);
        list.push(v.to_owned());
        return;
    }
    let parts = || v.split(';').map(str::trim).filter(|s| !s.is_empty());
    list.reserve_exact(parts().count());
    list.extend(parts().map(str::to_owned));
}

/// The cells of a record as trimmed text; the error names the first column that is not UTF-8.
fn cell<'r>(
    whole: Option<&'r str>,
    rec: &'r csv::ByteRecord,
    k: usize,
    ctx: &FileCtx<'_>,
    line: u64,
) -> Result<&'r str, LoadError> {
    // Valid as a whole and cut at character boundaries: every cell is valid.
    if let Some(s) = whole.zip(rec.range(k)).and_then(|(w, r)| w.get(r)) {
        return Ok(s.trim());
    }
    std::str::from_utf8(&rec[k]).map(str::trim).map_err(|_| {
        LoadError::at(
            ctx.path,
            Some(line),
            format!("invalid UTF-8 in column {:?}", ctx.headers[k]),
        )
    })
}

/// One record → its profile, or the error that stops loading there.
fn build_row(
    ctx: &FileCtx<'_>,
    rec: &csv::ByteRecord,
    row: u64,
) -> Result<(Profile, Row), LoadError> {
    let line = rec.position().map_or(row + 1, |p| p.line());
    let plan = ctx.plan;
    let whole = std::str::from_utf8(rec.as_slice()).ok();
    let mut p = Profile::default();
    let mut id: Option<String> = None;
    let mut source: Option<String> = None;
    let mut addr = PostalAddress::new();
    let mut consents: Vec<(Channel, ConsentState)> = Vec::new();
    let (mut bad_time, mut bad_consent) = (false, false);
    for (k, t) in plan.targets.iter().enumerate().take(rec.len()) {
        let v = cell(whole, rec, k, ctx, line)?;
        if v.is_empty() {
            continue;
        }
        match t {
            Target::RecordId => join(&mut id, v),
            Target::Source => join(&mut source, v),
            Target::FirstName => join(&mut p.given_name, v),
            Target::MiddleName => join(&mut p.middle_name, v),
            Target::LastName => join(&mut p.family_name, v),
            Target::FullName => join(&mut p.full_name, v),
            Target::Email => push_multi(&mut p.emails, v),
            Target::Phone => push_multi(&mut p.phones, v),
            Target::Street => join(&mut addr.street, v),
            Target::Unit => join(&mut addr.unit, v),
            Target::City => join(&mut addr.city, v),
            Target::Region => join(&mut addr.region, v),
            Target::Postcode => join(&mut addr.postcode, v),
            Target::Country => join(&mut addr.country, v),
            Target::DateOfBirth => join(&mut p.date_of_birth, v),
            Target::UpdatedAt => match parse_timestamp(v) {
                // Several update columns: the latest counts.
                Ok(t) => p.updated_at = Some(p.updated_at.map_or(t, |u| u.max(t))),
                Err(_) => bad_time = true,
            },
            Target::Id(kind) => {
                p.identifiers.reserve_exact(1);
                p.identifiers.push(ExternalId {
                    kind: kind.clone(),
                    value: v.to_owned(),
                });
            }
            Target::Attr(name) => match p.attributes.get_mut(name) {
                Some(s) => {
                    s.reserve_exact(1 + v.len());
                    s.push(' ');
                    s.push_str(v);
                }
                None => {
                    p.attributes.insert(name.clone(), v.to_owned());
                }
            },
            Target::Consent(ch) => match ConsentState::parse(v) {
                Some(state) => consents.push((*ch, state)),
                None => bad_consent = true,
            },
            Target::Ignore => {}
        }
    }
    if !addr.is_empty() {
        p.addresses = vec![addr];
    }
    if !consents.is_empty() {
        // A consent column states consent as of the row's last update, when the row has one.
        let at = p.updated_at;
        p.consents = consents
            .into_iter()
            .map(|(ch, state)| {
                let c = Consent::new(ch, state);
                match at {
                    Some(t) => c.at(t),
                    None => c,
                }
            })
            .collect();
    }
    p.id = match id {
        Some(id) => id,
        None if plan.has_id => return Err(LoadError::at(ctx.path, Some(line), "empty record id")),
        None => row.to_string(),
    };
    p.source = source.unwrap_or_else(|| ctx.stem.to_owned());
    let mut h = DefaultHasher::new();
    h.write(p.source.as_bytes());
    h.write_u8(0xff); // never in UTF-8: ("ab", "c") and ("a", "bc") differ
    h.write(p.id.as_bytes());
    let row = Row {
        line,
        key_hash: h.finish(),
        bad_time,
        bad_consent,
    };
    Ok((p, row))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> LoadError {
    let line = e.position().map(|p| p.line());
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => LoadError::at(
            path,
            line,
            format!("expected {expected_len} fields, found {len}"),
        ),
        csv::ErrorKind::Utf8 { .. } => LoadError::at(path, line, "invalid UTF-8"),
        csv::ErrorKind::Io(io) => LoadError::at(path, line, io_message(io)),
        _ => LoadError::at(path, line, "malformed CSV"),
    }
}
