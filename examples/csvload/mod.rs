//! CSV → [`Profile`] loading for the examples: header aliases, `--map COLUMN=FIELD` overrides,
//! consent columns, and errors that name the file and line.
//!
//! Shared by several examples through `#[path = "csvload/mod.rs"] mod csvload;`, so not every
//! item is used by every example.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

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

/// Where an input record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`Dataset::files`].
    pub file: usize,
    /// 1-based line of the record's start in the file.
    pub line: u64,
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
    pub fn load(paths: &[PathBuf], mapping: &Mapping) -> Result<Dataset, LoadError> {
        let mut ds = Dataset::default();
        let mut seen: HashMap<(String, String), Origin> = HashMap::new();
        let mut used = vec![false; mapping.overrides.len()];
        for path in paths {
            ds.files.push(path.clone());
            load_file(&mut ds, path, mapping, &mut used, &mut seen)?;
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
        Ok(ds)
    }

    /// `file line N` of record `i`, for messages.
    pub fn place(&self, i: usize) -> String {
        match self.origins.get(i) {
            Some(o) => format!("{} line {}", self.files[o.file].display(), o.line),
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

fn load_file(
    ds: &mut Dataset,
    path: &Path,
    mapping: &Mapping,
    used: &mut [bool],
    seen: &mut HashMap<(String, String), Origin>,
) -> Result<(), LoadError> {
    let file_idx = ds.files.len() - 1;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".to_string());
    let file = std::fs::File::open(path).map_err(|e| LoadError::at(path, None, io_message(&e)))?;
    if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(LoadError::at(path, None, "is a directory, not a CSV file"));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(std::io::BufReader::with_capacity(1 << 16, file));

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

    let mut rec = csv::ByteRecord::new();
    let mut row: u64 = 0;
    let mut bad_time: (u64, Option<u64>) = (0, None);
    let mut bad_consent: (u64, Option<u64>) = (0, None);
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(path, &e)),
        }
        row += 1;
        let line = rec.position().map_or(row + 1, |p| p.line());
        let mut cells: Vec<&str> = Vec::with_capacity(rec.len());
        for (k, c) in rec.iter().enumerate() {
            let s = std::str::from_utf8(c).map_err(|_| {
                LoadError::at(
                    path,
                    Some(line),
                    format!("invalid UTF-8 in column {:?}", headers[k]),
                )
            })?;
            cells.push(s.trim());
        }
        let built = build_profile(&plan, &cells, &stem, row);
        let mut p = built.profile;
        if built.bad_time {
            bad_time.0 += 1;
            bad_time.1.get_or_insert(line);
        }
        if built.bad_consent {
            bad_consent.0 += 1;
            bad_consent.1.get_or_insert(line);
        }
        if p.id.is_empty() {
            return Err(LoadError::at(path, Some(line), "empty record id"));
        }
        let origin = Origin {
            file: file_idx,
            line,
        };
        let key = (std::mem::take(&mut p.source), std::mem::take(&mut p.id));
        if let Some(first) = seen.get(&key) {
            let first_place = if first.file == file_idx {
                format!("line {}", first.line)
            } else {
                format!("{} line {}", ds.files[first.file].display(), first.line)
            };
            return Err(LoadError::at(
                path,
                Some(line),
                format!(
                    "duplicate record id {:?} in source {:?} (first at {first_place})",
                    key.1, key.0
                ),
            ));
        }
        p.source.clone_from(&key.0);
        p.id.clone_from(&key.1);
        seen.insert(key, origin);
        ds.profiles.push(p);
        ds.origins.push(origin);
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

struct Built {
    profile: Profile,
    bad_time: bool,
    bad_consent: bool,
}

fn join(slot: &mut Option<String>, v: &str) {
    match slot {
        Some(s) => {
            s.push(' ');
            s.push_str(v);
        }
        None => *slot = Some(v.to_string()),
    }
}

fn build_profile(plan: &Plan, cells: &[&str], stem: &str, row: u64) -> Built {
    let mut p = Profile::default();
    let mut id: Option<String> = None;
    let mut source: Option<String> = None;
    let mut addr = PostalAddress::new();
    let mut consents: Vec<(Channel, ConsentState)> = Vec::new();
    let (mut bad_time, mut bad_consent) = (false, false);
    for (&v, t) in cells.iter().zip(&plan.targets) {
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
            Target::Email => p.emails.extend(split_multi(v)),
            Target::Phone => p.phones.extend(split_multi(v)),
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
            Target::Id(kind) => p.identifiers.push(ExternalId {
                kind: kind.clone(),
                value: v.to_string(),
            }),
            Target::Attr(name) => {
                p.attributes
                    .entry(name.clone())
                    .and_modify(|s| {
                        s.push(' ');
                        s.push_str(v);
                    })
                    .or_insert_with(|| v.to_string());
            }
            Target::Consent(ch) => match ConsentState::parse(v) {
                Some(state) => consents.push((*ch, state)),
                None => bad_consent = true,
            },
            Target::Ignore => {}
        }
    }
    if !addr.is_empty() {
        p.addresses.push(addr);
    }
    // A consent column states consent as of the row's last update, when the row has one.
    p.consents = consents
        .into_iter()
        .map(|(ch, state)| {
            let c = Consent::new(ch, state);
            match p.updated_at {
                Some(t) => c.at(t),
                None => c,
            }
        })
        .collect();
    p.id = match id {
        Some(id) => id,
        None if plan.has_id => String::new(),
        None => row.to_string(),
    };
    p.source = source.unwrap_or_else(|| stem.to_string());
    Built {
        profile: p,
        bad_time,
        bad_consent,
    }
}

/// A cell may hold several emails or phones separated by `;`.
fn split_multi(v: &str) -> impl Iterator<Item = String> + '_ {
    v.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
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
