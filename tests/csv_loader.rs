//! The CSV loader (`selfsame::csv`) through its public API: header aliases, mapping rules,
//! multi-valued and joined columns, blank cells, errors naming the file and line, and a
//! round-trip property over random tables written with the `csv` writer.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use selfsame::csv::{Dataset, LoadError, LoadErrorKind, Mapping, Rows, Target};
use selfsame::normalize::{normalize_profile, NormalizeConfig};
use selfsame::{Channel, ConsentState, Profile, Records, Resolver};

fn load(name: &str, text: &str, mapping: &Mapping) -> Result<Dataset, LoadError> {
    Dataset::from_reader(name, text.as_bytes(), mapping)
}

fn load_ok(name: &str, text: &str) -> Vec<Profile> {
    load(name, text, &Mapping::new())
        .unwrap_or_else(|e| panic!("{e}"))
        .profiles
}

fn mapping(rules: &[&str]) -> Mapping {
    let mut m = Mapping::new();
    for r in rules {
        m.add(r).unwrap_or_else(|e| panic!("{e}"));
    }
    m
}

/// A fresh temporary directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("selfsame-csv-loader-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, file: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn header_aliases_map_without_rules() {
    let text = "\u{feff}Rec ID,Given Name,Middle Initial,Surname,E-mail,Mobile,Street Address,\
                Apt,Town,Province,Zip Code,Country Code,DOB,SSN,Last Updated,Tier\n\
                r-1,Ann,Q,Lee,ann@example.com,(415) 555-0134,12 Oak St,4,Springfield,MA,01101,US,\
                1985-03-12,078-05-1120,2024-05-01T10:20:30Z,gold\n";
    let p = &load_ok("crm.csv", text)[0];
    assert_eq!((p.source.as_str(), p.id.as_str()), ("crm", "r-1"));
    assert_eq!(p.given_name.as_deref(), Some("Ann"));
    assert_eq!(p.middle_name.as_deref(), Some("Q"));
    assert_eq!(p.family_name.as_deref(), Some("Lee"));
    assert_eq!(p.emails, ["ann@example.com"]);
    assert_eq!(p.phones, ["(415) 555-0134"]);
    let a = &p.addresses[0];
    assert_eq!(a.street.as_deref(), Some("12 Oak St"));
    assert_eq!(a.unit.as_deref(), Some("4"));
    assert_eq!(a.city.as_deref(), Some("Springfield"));
    assert_eq!(a.region.as_deref(), Some("MA"));
    assert_eq!(a.postcode.as_deref(), Some("01101"));
    assert_eq!(a.country.as_deref(), Some("US"));
    assert_eq!(p.date_of_birth.as_deref(), Some("1985-03-12"));
    assert_eq!(p.identifiers[0].kind, "ssn");
    assert_eq!(p.identifiers[0].value, "078-05-1120");
    assert_eq!(p.updated_at, Some(1_714_558_830));
    assert_eq!(p.attributes["Tier"], "gold");
}

#[test]
fn febrl_columns_map_as_the_accuracy_tests_need() {
    let text = "rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,\
                date_of_birth,soc_sec_id\n\
                rec-1496-org,mitchell,green,7,wallaby place,delmar,cleveland,2119,sa,19560409,1804974\n\
                rec-2-org,ann,lee,,pridham street,,marsden,3165,nsw,,\n";
    let ps = load_ok("febrl3.csv", text);
    let p = &ps[0];
    assert_eq!(
        (p.source.as_str(), p.id.as_str()),
        ("febrl3", "rec-1496-org")
    );
    let a = &p.addresses[0];
    // street_number and address_1 are one street, in column order.
    assert_eq!(a.street.as_deref(), Some("7 wallaby place"));
    assert_eq!(a.unit.as_deref(), Some("delmar"));
    assert_eq!(a.city.as_deref(), Some("cleveland"));
    assert_eq!(a.region.as_deref(), Some("sa"));
    assert_eq!(a.postcode.as_deref(), Some("2119"));
    assert_eq!(
        (
            p.identifiers[0].kind.as_str(),
            p.identifiers[0].value.as_str()
        ),
        ("soc_sec_id", "1804974")
    );
    // A blank street number leaves the street alone; blank cells add nothing.
    let q = &ps[1];
    assert_eq!(q.addresses[0].street.as_deref(), Some("pridham street"));
    assert!(q.addresses[0].unit.is_none());
    assert!(q.identifiers.is_empty() && q.date_of_birth.is_none());
}

#[test]
fn mapping_rules_override_headers() {
    let text = "Cust No,Name,zip,Nick,Notes,Loyalty,Opt In Email\n\
                C-1,Smith; Bob,94105,Bobby,call after 5,L-9,yes\n";
    let m = mapping(&[
        "cust no=record_id",
        "zip=ignore",
        "nick=attr:nickname",
        "notes=ignore",
        "loyalty=id:loyalty",
        "opt in email=consent_email",
        // The last rule for a column wins.
        "ZIP=postcode",
    ]);
    assert_eq!(m.target("Zip"), Target::Postcode);
    let ds = load("shop.csv", text, &m).unwrap();
    let p = &ds.profiles[0];
    assert_eq!(p.id, "C-1");
    assert_eq!(p.full_name.as_deref(), Some("Smith; Bob"));
    assert_eq!(p.addresses[0].postcode.as_deref(), Some("94105"));
    assert_eq!(p.attributes.len(), 1);
    assert_eq!(p.attributes["nickname"], "Bobby");
    assert_eq!(p.identifiers[0].kind, "loyalty");
    assert_eq!(p.consents.len(), 1);
    assert_eq!(
        (p.consents[0].channel, p.consents[0].state),
        (Channel::Email, ConsentState::Granted)
    );
}

#[test]
fn mapping_rule_errors() {
    let mut m = Mapping::new();
    let e = m.add("email=nickname").unwrap_err();
    assert_eq!(
        e.kind,
        LoadErrorKind::UnknownField {
            rule: "email=nickname".into(),
            field: "nickname".into()
        }
    );
    assert!(e.to_string().contains("nickname") && e.to_string().contains("first_name"));
    assert!(matches!(
        m.add("no equals sign").unwrap_err().kind,
        LoadErrorKind::RuleSyntax { .. }
    ));
    assert!(matches!(
        m.add("=email").unwrap_err().kind,
        LoadErrorKind::RuleSyntax { .. }
    ));
    assert!(matches!(
        m.add("x=id:").unwrap_err().kind,
        LoadErrorKind::UnknownField { .. }
    ));
    // A rule naming a column no input has.
    m.add("Loyalty Number=id:loyalty").unwrap();
    let e = load("a.csv", "email\nx@example.com\n", &m).unwrap_err();
    assert_eq!(
        e.kind,
        LoadErrorKind::UnusedRule {
            column: "Loyalty Number".into()
        }
    );
    assert_eq!(e.file, None);
    assert!(e.to_string().contains("\"Loyalty Number\""));
}

#[test]
fn several_email_and_phone_columns() {
    let text = "id,email,Email2,Work E-mail,email_secondary,phone,Home Phone,phone_2,cell\n\
                1,a@example.com,b@example.com; c@example.com,,d@example.com,\
                404.219.6914;ext=33,(415) 555-0134 ; 415-555-0199,,+1 212 555 0100\n";
    let p = &load_ok("crm.csv", text)[0];
    assert_eq!(
        p.emails,
        [
            "a@example.com",
            "b@example.com",
            "c@example.com",
            "d@example.com"
        ]
    );
    assert_eq!(
        p.phones,
        [
            "404.219.6914;ext=33",
            "(415) 555-0134",
            "415-555-0199",
            "+1 212 555 0100"
        ]
    );
    // The extension stays with its number: nothing rejected.
    let n = normalize_profile(p, &NormalizeConfig::default());
    assert!(n.rejected.is_empty(), "{:?}", n.rejected);
    assert_eq!(n.phones.len(), 4);
}

#[test]
fn joined_columns_and_sources() {
    let text = "source,record_id,first_name,first_name,last_name,street,street,attr\n\
                pos,1,Mary,Ann,Lee,12,Oak Street,a\n\
                ,2,Bob,,Stone,,9 Elm Rd,b\n";
    let m = mapping(&["attr=attr:extra"]);
    let ps = load("exports/crm.csv", text, &m).unwrap().profiles;
    assert_eq!(ps[0].source, "pos");
    assert_eq!(ps[0].given_name.as_deref(), Some("Mary Ann"));
    assert_eq!(ps[0].addresses[0].street.as_deref(), Some("12 Oak Street"));
    // A blank source cell: the file's stem.
    assert_eq!(ps[1].source, "crm");
    assert_eq!(ps[1].given_name.as_deref(), Some("Bob"));
    assert_eq!(ps[1].addresses[0].street.as_deref(), Some("9 Elm Rd"));
    assert_eq!(ps[1].attributes["extra"], "b");
}

#[test]
fn row_numbers_are_ids_without_an_id_column_and_origins_count_lines() {
    let text =
        "first_name,email\nAnn,\"a@example.com\"\n\"Bo\nb\",b@example.com\nCy,c@example.com\n";
    let ds = load("x.csv", text, &Mapping::new()).unwrap();
    let ids: Vec<&str> = ds.profiles.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    // A quoted line break: the next record starts two lines later.
    let lines: Vec<u32> = ds.origins.iter().map(|o| o.line).collect();
    assert_eq!(lines, [2, 3, 5]);
    assert_eq!(ds.place(2), "x.csv line 5");
}

#[test]
fn blank_cells_are_absent_not_rejected() {
    let text = "record_id,first_name,last_name,email,phone,street,city,date_of_birth,ssn,tier\n\
                1,  ,\t,   ,\u{a0},  , ,,  ,  \n";
    let p = &load_ok("crm.csv", text)[0];
    assert_eq!(p.field_count(), 0, "{p:?}");
    assert!(p.addresses.is_empty());
    let n = normalize_profile(p, &NormalizeConfig::default());
    assert!(n.rejected.is_empty());
    // The builders agree.
    let b = Profile::new("crm", "1")
        .with_given_name("  ")
        .with_email(" ")
        .with_phone("\t")
        .with_date_of_birth("")
        .with_identifier("ssn", " ");
    assert_eq!(b.field_count(), 0);
    assert!(normalize_profile(&b, &NormalizeConfig::default())
        .rejected
        .is_empty());
}

#[test]
fn wrong_field_count_names_file_and_line() {
    let e = load(
        "short.csv",
        "record_id,first_name,email\n1,Ann,a@example.com\n2,Bob\n",
        &Mapping::new(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "short.csv line 3: expected 3 fields, found 2"
    );
    assert_eq!(
        e.kind,
        LoadErrorKind::FieldCount {
            expected: 3,
            found: 2
        }
    );
}

#[test]
fn invalid_utf8_names_file_line_and_column() {
    let bytes = b"record_id,first_name,email\n1,Ann,a@example.com\n2,Jos\xe9,j@example.com\n";
    let e = Dataset::from_reader("latin1.csv", &bytes[..], &Mapping::new()).unwrap_err();
    assert_eq!((e.file.as_deref(), e.line), (Some("latin1.csv"), Some(3)));
    assert_eq!(
        e.kind,
        LoadErrorKind::InvalidUtf8 {
            column: Some("first_name".into())
        }
    );
    assert!(!e.to_string().contains("Jos"));
    let e = Dataset::from_reader(
        "h.csv",
        &b"first_name,e\xffmail\nAnn,a\n"[..],
        &Mapping::new(),
    )
    .unwrap_err();
    assert_eq!(e.line, Some(1));
    assert!(matches!(e.kind, LoadErrorKind::InvalidUtf8 { .. }));
}

#[test]
fn duplicate_ids_name_both_lines_and_not_the_id() {
    let text = "record_id,first_name,email\nSECRET-1,Ann,a@example.com\n2,Bob,b@example.com\n\
                SECRET-1,Cy,c@example.com\n";
    let e = load("dup.csv", text, &Mapping::new()).unwrap_err();
    assert_eq!((e.file.as_deref(), e.line), (Some("dup.csv"), Some(4)));
    assert_eq!(
        e.kind,
        LoadErrorKind::DuplicateRecordId {
            source_name: "dup".into(),
            first_file: None,
            first_line: 2
        }
    );
    assert_eq!(
        e.to_string(),
        "dup.csv line 4: duplicate record id in source \"dup\" (first at line 2)"
    );
    assert!(!format!("{e} {e:?}").contains("SECRET"));
    // The same id in two sources is two records.
    let text = "source,record_id,email\ncrm,1,a@example.com\nshop,1,b@example.com\n";
    assert_eq!(load_ok("x.csv", text).len(), 2);
}

#[test]
fn duplicate_ids_across_files_and_file_errors() {
    let dir = temp_dir("files");
    let a = write(
        &dir,
        "a.csv",
        b"source,record_id,email\ncrm,1,a@example.com\n",
    );
    let b = write(
        &dir,
        "b.csv",
        b"source,record_id,email\ncrm,2,b@example.com\ncrm,1,c@example.com\n",
    );
    let e = Dataset::load(&[a.clone(), b.clone()], &Mapping::new()).unwrap_err();
    assert_eq!(e.file, Some(b.display().to_string()));
    assert_eq!(e.line, Some(3));
    assert!(matches!(
        &e.kind,
        LoadErrorKind::DuplicateRecordId { first_file: Some(f), first_line: 2, .. }
            if *f == a.display().to_string()
    ));

    let e = Dataset::load(&[dir.join("missing.csv")], &Mapping::new()).unwrap_err();
    assert_eq!(e.kind, LoadErrorKind::NotFound);
    assert!(e.to_string().ends_with("missing.csv: no such file"));
    let e = Dataset::load(std::slice::from_ref(&dir), &Mapping::new()).unwrap_err();
    assert_eq!(e.kind, LoadErrorKind::IsDirectory);

    let empty = write(&dir, "empty.csv", b"");
    let e = Dataset::load(&[empty], &Mapping::new()).unwrap_err();
    assert_eq!((e.kind, e.line), (LoadErrorKind::NoHeader, Some(1)));
    let headless = write(&dir, "headless.csv", b"1,2,3\n4,5,6\n");
    let e = Dataset::load(&[headless], &Mapping::new()).unwrap_err();
    assert_eq!(e.kind, LoadErrorKind::NoMatchingField);

    let e = load(
        "n.csv",
        "record_id,email\n1,a@x.com\n ,b@x.com\n",
        &Mapping::new(),
    )
    .unwrap_err();
    assert_eq!((e.kind, e.line), (LoadErrorKind::EmptyRecordId, Some(3)));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn load_errors_convert_into_the_crate_error() {
    fn run() -> Result<usize, selfsame::Error> {
        let ds = Dataset::from_reader("x.csv", "email\n".as_bytes(), &Mapping::new())?;
        let _ = Dataset::from_reader("y.csv", "".as_bytes(), &Mapping::new())?;
        Ok(ds.profiles.len())
    }
    let e = run().unwrap_err();
    assert!(matches!(e, selfsame::Error::Csv(ref l) if l.kind == LoadErrorKind::NoHeader));
    assert_eq!(
        e.to_string(),
        "y.csv line 1: no header row (the file is empty)"
    );
}

#[test]
fn warnings_count_values_not_understood_without_printing_them() {
    let text = "record_id,email,updated_at,consent_sms\n1,a@x.com,SECRETTIME,SECRETCONSENT\n\
                2,b@x.com,2024-01-01T00:00:00Z,no\n";
    let ds = load("w.csv", text, &Mapping::new()).unwrap();
    assert_eq!(ds.warnings.len(), 2);
    assert!(ds.warnings[0].contains("1 updated_at value(s)"));
    assert!(ds.warnings.iter().all(|w| w.contains("first at line 2")));
    assert!(!ds.warnings.concat().contains("SECRET"));
    assert!(ds.profiles[0].updated_at.is_none() && ds.profiles[0].consents.is_empty());
    assert_eq!(ds.profiles[1].consents[0].at, ds.profiles[1].updated_at);
}

const COLUMNS: [&str; 7] = [
    "record_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "notes",
];

/// Any text: ASCII with CSV's special characters, whitespace of several kinds, other scripts.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,\"'\r\n\t.@+()-]{0,12}",
        "[ \t\u{a0}\u{3000}]{0,3}",
        "\\PC{0,8}",
        any::<String>().prop_map(|s| s.chars().take(10).collect()),
    ]
}

fn blank_to_none(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any table written with the `csv` writer loads back as one profile per row with the
    /// same values, trimmed; blank cells are absent.
    #[test]
    fn written_tables_load_back(rows in prop::collection::vec(prop::collection::vec(cell(), 6), 0..20)) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(COLUMNS).unwrap();
        for (i, r) in rows.iter().enumerate() {
            let id = format!("r{i}");
            let mut rec = vec![id.as_str()];
            rec.extend(r.iter().map(String::as_str));
            w.write_record(&rec).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let ds = Dataset::from_reader("t.csv", &bytes[..], &Mapping::new()).unwrap();
        prop_assert_eq!(ds.profiles.len(), rows.len());
        prop_assert_eq!(ds.origins.len(), rows.len());
        for (i, (p, r)) in ds.profiles.iter().zip(&rows).enumerate() {
            prop_assert_eq!(&p.id, &format!("r{i}"));
            prop_assert_eq!(&p.source, "t");
            prop_assert_eq!(&p.given_name, &blank_to_none(&r[0]));
            prop_assert_eq!(&p.family_name, &blank_to_none(&r[1]));
            // Values are split at `;` (RFC 3966 parameters aside): compare the non-blank pieces.
            let split = |s: &str| -> Vec<String> {
                s.split(';').map(str::trim).filter(|v| !v.is_empty()).map(str::to_string).collect()
            };
            prop_assert_eq!(split(&p.emails.join(";")), split(&r[2]));
            prop_assert_eq!(split(&p.phones.join(";")), split(&r[3]));
            prop_assert_eq!(
                p.addresses.first().and_then(|a| a.city.clone()),
                blank_to_none(&r[4])
            );
            prop_assert_eq!(p.attributes.get("notes").cloned(), blank_to_none(&r[5]));
        }
    }

    /// Any bytes: a dataset or an error, never a panic; an error names the input.
    #[test]
    fn any_bytes_load_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match Dataset::from_reader("b.csv", &bytes[..], &Mapping::new()) {
            Ok(ds) => prop_assert_eq!(ds.profiles.len(), ds.origins.len()),
            Err(e) => prop_assert!(e.file.as_deref() == Some("b.csv")),
        }
    }

    /// Any header and any rule: a target or a typed error, never a panic.
    #[test]
    fn any_header_or_rule_is_handled(header in "\\PC{0,20}", rule in "\\PC{0,20}") {
        let _ = Target::for_header(&header);
        let mut m = Mapping::new();
        if m.add(&rule).is_ok() {
            let (col, _) = rule.split_once('=').unwrap();
            prop_assert_eq!(m.target(col), Target::parse_field(rule.split_once('=').unwrap().1).unwrap());
        }
    }

    /// The compact `Rows` hold exactly what a `Dataset` holds: the same profile for every
    /// record (ids, sources, joined, multi-valued and consent columns, attributes), the same
    /// origins and warnings — or the same error.
    #[test]
    fn rows_rebuild_the_dataset_profiles(
        header in prop::sample::subsequence(ROWS_COLUMNS.to_vec(), 1..ROWS_COLUMNS.len()),
        cells in prop::collection::vec(prop::collection::vec(cell(), ROWS_COLUMNS.len()), 0..16),
        dup in any::<bool>(),
    ) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&header).unwrap();
        for (i, r) in cells.iter().enumerate() {
            let rec: Vec<String> = header
                .iter()
                .zip(r)
                .map(|(h, c)| match *h {
                    // Unique ids (or one repeated, for the duplicate error) and short sources.
                    "record_id" => if dup && i == 1 { "k0".to_string() } else { format!("k{i}") },
                    "source" => ["crm", "", "shop"][i % 3].to_string(),
                    "consent_email" => ["yes", "no", "maybe", ""][i % 4].to_string(),
                    "updated_at" => ["2024-05-01T10:20:30Z", "yesterday", ""][i % 3].to_string(),
                    _ => c.clone(),
                })
                .collect();
            w.write_record(&rec).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let mut m = Mapping::new();
        m.add("loyalty=id:loyalty").unwrap();
        m.add("surname2=last_name").unwrap();
        let used = |c: &str| header.contains(&c);
        let (ds, rows) = if used("loyalty") && used("surname2") {
            (Dataset::from_reader("x.csv", &bytes[..], &m), Rows::from_reader("x.csv", &bytes[..], &m))
        } else {
            (
                Dataset::from_reader("x.csv", &bytes[..], &Mapping::new()),
                Rows::from_reader("x.csv", &bytes[..], &Mapping::new()),
            )
        };
        match (ds, rows) {
            (Ok(ds), Ok(rows)) => {
                prop_assert_eq!(rows.len(), ds.profiles.len());
                prop_assert_eq!(&rows.origins, &ds.origins);
                prop_assert_eq!(&rows.warnings, &ds.warnings);
                for (i, p) in ds.profiles.iter().enumerate() {
                    prop_assert_eq!((rows.source(i), rows.id(i)), (p.source.as_str(), p.id.as_str()));
                    prop_assert_eq!(&*rows.profile(i), p);
                    prop_assert_eq!(rows.place(i), ds.place(i));
                }
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "dataset {:?}, rows {:?}", a.map(|_| ()), b.map(|_| ())),
        }
    }
}

/// Columns for the `Rows` property: every kind of target, two feeding one field.
const ROWS_COLUMNS: [&str; 12] = [
    "record_id",
    "source",
    "first_name",
    "last_name",
    "surname2",
    "email",
    "email2",
    "phone",
    "city",
    "loyalty",
    "consent_email",
    "updated_at",
];

/// The same people from `Rows` and from a `Dataset`: the same clusters, links and golden records.
#[test]
fn resolving_rows_equals_resolving_the_dataset() {
    let data = "record_id,source,first_name,last_name,email,phone,city\n\
                1,crm,Ann,Lee,ann.lee@example.com,+1 415 555 0134,Boston\n\
                2,shop,Anne,Lee,ANN.LEE@example.com,(415) 555-0134,\n\
                3,pos,Bob,Stone,bob@example.org,,Austin\n\
                4,crm,Robert,Stone,bob@example.org,512 555 0199,Austin\n\
                5,shop,Cy,Young,cy@example.net,,\n";
    let ds = Dataset::from_reader("people.csv", data.as_bytes(), &Mapping::new()).unwrap();
    let rows = Rows::from_reader("people.csv", data.as_bytes(), &Mapping::new()).unwrap();
    let a = Resolver::default().resolve(&ds.profiles).unwrap();
    let b = Resolver::default().resolve(&rows).unwrap();
    assert_eq!(a.clusters, b.clusters);
    assert_eq!(a.golden, b.golden);
    assert_eq!(a.clusters.len(), 3);
    for c in 0..a.clusters.len() {
        assert_eq!(a.golden_record(c, &ds.profiles), b.golden_record(c, &rows));
    }
}
