//! End-to-end tests of `examples/resolve.rs`: the built example runs on small CSV files and its
//! output files and error messages are checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `cargo run --quiet --example resolve -- ARGS` from the crate root.
fn resolve(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--example", "resolve", "--"])
        .args(args)
        .output()
        .expect("cargo runs")
}

/// A fresh temporary directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "selfsame-resolve-example-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, file: &str, bytes: &[u8]) -> String {
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Ann Lee three times (email and phone in other formats; consent withdrawn last), Bob Stone
/// and a few other people once or twice.
const PEOPLE: &str = "\
record_id,source,first_name,last_name,email,phone,street,city,postcode,updated_at,consent_email
1,crm,Ann,Lee,Ann.Lee@Example.com,(415) 555-0134,12 Oak Street,Springfield,94105,2024-01-01T00:00:00Z,yes
1,shop,Anne,Lee,ann.lee@example.com,+1 415 555 0134,12 Oak St,Springfield,94105,2024-03-01T00:00:00Z,no
7,support,Ann,Lee,ANN.LEE@EXAMPLE.COM,415.555.0134,,,,2024-02-01T00:00:00Z,yes
2,crm,Bob,Stone,bob.stone@example.org,(212) 555-0199,9 Elm Road,Portland,97201,,
3,crm,Carla,Mendez,carla.m@example.net,(303) 555-0142,400 Pine Ave,Denver,80203,,
2,shop,Carla,Mendez,carla.m@example.net,303-555-0142,400 Pine Avenue,Denver,80203,2023-05-05,yes
4,crm,Deepak,Rao,drao@example.com,(646) 555-0177,77 Hill Ln,Boston,02139,,
5,crm,Erin,Walsh,erin.walsh@example.com,(617) 555-0111,5 Bay Rd,Austin,73301,,
3,shop,Frank,Okafor,frank.okafor@example.com,(702) 555-0188,18 Lake Dr,Reno,89501,,
6,crm,Grace,Kim,grace.kim@example.com,(206) 555-0123,31 Cedar Ct,Seattle,98101,,
";

fn read_clusters(path: &Path) -> (String, Vec<(String, String, String)>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let rows = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 3, "row {l:?}");
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect();
    (header, rows)
}

#[test]
fn writes_clusters_and_golden_records() {
    let dir = temp_dir("ok");
    let input = write(&dir, "people.csv", PEOPLE.as_bytes());
    let out = dir.join("out");
    let o = resolve(&[&input, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let summary = String::from_utf8_lossy(&o.stdout);
    assert!(summary.contains("records            10"), "{summary}");
    assert!(summary.contains("threshold 0.9"), "{summary}");

    // Every input record exactly once, in input order.
    let (header, rows) = read_clusters(&out.join("clusters.csv"));
    assert_eq!(header, "source,record_id,cluster_id");
    let keys: Vec<(String, String)> = rows
        .iter()
        .map(|(s, id, _)| (s.clone(), id.clone()))
        .collect();
    let want: Vec<(String, String)> = PEOPLE
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].to_string(), f[0].to_string())
        })
        .collect();
    assert_eq!(keys, want);
    let cluster: BTreeMap<(String, String), String> = rows
        .iter()
        .map(|(s, id, c)| ((s.clone(), id.clone()), c.clone()))
        .collect();
    let of = |s: &str, id: &str| cluster[&(s.to_string(), id.to_string())].clone();
    let ann = of("crm", "1");
    assert_eq!(of("shop", "1"), ann);
    assert_eq!(of("support", "7"), ann);
    assert_ne!(of("crm", "2"), ann, "Bob Stone is not Ann Lee");
    assert_eq!(of("crm", "3"), of("shop", "2"), "Carla Mendez twice");

    // One golden record per distinct cluster id, each with provenance on every field.
    let ids: BTreeSet<String> = rows.iter().map(|r| r.2.clone()).collect();
    let text = std::fs::read_to_string(out.join("golden.jsonl")).unwrap();
    let golden: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(golden.len(), ids.len());
    let golden_ids: BTreeSet<String> = golden
        .iter()
        .map(|g| g["cluster_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(golden_ids, ids);
    for g in &golden {
        assert!(!g["records"].as_array().unwrap().is_empty());
        for (name, field) in g["fields"].as_object().unwrap() {
            assert!(!field["value"].is_null(), "{name}");
            assert!(field["rule"].is_string(), "{name}");
            assert!(field["sources"].is_array(), "{name}");
        }
    }
    let ann_golden = golden.iter().find(|g| g["cluster_id"] == ann).unwrap();
    assert_eq!(ann_golden["records"].as_array().unwrap().len(), 3);
    assert_eq!(ann_golden["fields"]["consent_email"]["value"], "withdrawn");
    assert_eq!(
        ann_golden["fields"]["given_name"]["sources"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn aliases_and_row_numbers_without_id_column() {
    let dir = temp_dir("alias");
    let input = write(
        &dir,
        "crm.csv",
        b"Given Name,Surname,E-mail,Mobile,Zip,Loyalty\n\
          Ann,Lee,ann.lee@example.com,(415) 555-0134,94105,A1\n\
          Anne,Lee,Ann.Lee@example.com,415-555-0134,94105,A1\n\
          Bob,Stone,bob@example.org,(212) 555-0199,97201,B2\n",
    );
    let out = dir.join("out");
    let o = resolve(&[
        &input,
        "--map",
        "loyalty=id:loyalty",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let (_, rows) = read_clusters(&out.join("clusters.csv"));
    let keys: Vec<(&str, &str)> = rows.iter().map(|r| (r.0.as_str(), r.1.as_str())).collect();
    assert_eq!(keys, [("crm", "1"), ("crm", "2"), ("crm", "3")]);
    assert_eq!(rows[0].2, rows[1].2);
    assert_ne!(rows[0].2, rows[2].2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs on bad input: exit status 2 and one message naming every expected part.
fn assert_fails(args: &[&str], expected: &[&str]) {
    let o = resolve(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "args {args:?}, stderr: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one message: {err}");
    for e in expected {
        assert!(err.contains(e), "{err:?} should contain {e:?}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_input_exits_2_naming_file_and_line() {
    let dir = temp_dir("bad");
    let missing = dir.join("missing.csv");
    assert_fails(
        &[missing.to_str().unwrap()],
        &["missing.csv", "no such file"],
    );

    let short = write(
        &dir,
        "short.csv",
        b"record_id,first_name,email\n1,Ann,a@example.com\n2,Bob\n",
    );
    assert_fails(
        &[&short],
        &["short.csv line 3", "expected 3 fields, found 2"],
    );

    let utf8 = write(
        &dir,
        "latin1.csv",
        b"record_id,first_name,email\n1,Ann,a@example.com\n2,Jos\xe9,j@example.com\n",
    );
    assert_fails(&[&utf8], &["latin1.csv line 3", "UTF-8"]);

    let dup = write(
        &dir,
        "dup.csv",
        b"record_id,first_name,email\n1,Ann,a@example.com\n2,Bob,b@example.com\n1,Cy,c@example.com\n",
    );
    assert_fails(
        &[&dup],
        &["dup.csv line 4", "duplicate record id", "line 2"],
    );

    let empty = write(&dir, "empty.csv", b"");
    assert_fails(&[&empty], &["empty.csv line 1", "header"]);

    let ok = write(
        &dir,
        "ok.csv",
        b"record_id,first_name,email\n1,Ann,a@example.com\n",
    );
    assert_fails(&["--map", "email=nickname", &ok], &["--map", "nickname"]);
    assert_fails(&["--bogus", &ok], &["--bogus"]);
    assert_fails(&["--threshold", "1.5", &ok], &["--threshold"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--save-model` then `--model`: resolving with the saved model gives the same clusters as the
/// run that trained and saved it; a file that is not a model exits 2 naming it.
#[test]
fn a_saved_model_resolves_the_same() {
    let dir = temp_dir("model");
    let input = write(&dir, "people.csv", PEOPLE.as_bytes());
    let model = dir.join("model.json");
    let (one, two) = (dir.join("one"), dir.join("two"));
    let o = resolve(&[
        &input,
        "--save-model",
        model.to_str().unwrap(),
        "--out",
        one.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let saved = std::fs::read_to_string(&model).unwrap();
    assert!(saved.contains("\"fields\""), "{saved}");
    let o = resolve(&[
        &input,
        "--model",
        model.to_str().unwrap(),
        "--out",
        two.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let (a, b) = (
        read_clusters(&one.join("clusters.csv")),
        read_clusters(&two.join("clusters.csv")),
    );
    assert_eq!(a, b);
    // Ann Lee's three records are one person in both.
    let ann: BTreeSet<&str> = a.1[..3].iter().map(|r| r.2.as_str()).collect();
    assert_eq!(ann.len(), 1);

    let bad = write(&dir, "bad.json", b"{\"x\": 1}");
    let o = resolve(&[&input, "--model", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.json"), "{}", stderr(&o));
}

/// `--block FIELD+FIELD` adds a rule after the defaults, named by its fields in the summary; an
/// unknown field exits 2 naming it.
#[test]
fn block_adds_a_rule() {
    let dir = temp_dir("block");
    let input = write(&dir, "people.csv", PEOPLE.as_bytes());
    let o = resolve(&[&input, "--block", "city+family_prefix"]);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let summary = String::from_utf8_lossy(&o.stdout);
    assert!(summary.contains("city+family_prefix "), "{summary}");
    // The typo-finding parts are named too.
    let o = resolve(&[
        &input,
        "--block",
        "phone_parts",
        "--block",
        "email_ends+house_street",
    ]);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let summary = String::from_utf8_lossy(&o.stdout);
    assert!(summary.contains("phone_parts "), "{summary}");
    assert!(summary.contains("email_ends+house_street "), "{summary}");
    let o = resolve(&[&input, "--block", "city+shoe_size"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("\"shoe_size\""), "{}", stderr(&o));
}

#[test]
fn compare_adds_a_comparison_and_blocks_on_it() {
    let dir = temp_dir("compare");
    let mut text = String::new();
    for (k, line) in PEOPLE.lines().enumerate() {
        text.push_str(line);
        text.push_str(if k == 0 { ",tier\n" } else { ",gold\n" });
    }
    let input = write(&dir, "people.csv", text.as_bytes());
    let o = resolve(&[
        &input,
        "--compare",
        "attr:tier=exact",
        "--compare",
        "city=fuzzy",
        "--block",
        "attr:tier",
    ]);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let summary = String::from_utf8_lossy(&o.stdout);
    assert!(
        summary.contains("comparisons        7 built-in, attr:tier ("),
        "{summary}"
    );
    assert!(summary.contains(", city ("), "{summary}");
    assert!(
        summary.contains("attr:tier "),
        "the rule is listed: {summary}"
    );
    assert_fails(
        &[&input, "--compare", "attr:tier=levenshtein"],
        &["levenshtein", "exact, fuzzy, date or number"],
    );
    assert_fails(&[&input, "--compare", "shoe_size=exact"], &["shoe_size"]);
    assert_fails(&[&input, "--compare", "attr:tier"], &["FIELD=KIND"]);
    assert_fails(
        &[&input, "--block", "attr:tier"],
        &["--compare attr:tier=KIND"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn truth_file_evaluates_the_run() {
    let dir = temp_dir("truth");
    let input = write(&dir, "people.csv", PEOPLE.as_bytes());
    let mut truth = String::from("source,record_id,entity_id\n");
    for line in PEOPLE.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        truth.push_str(&format!("{},{},{}\n", f[1], f[0], f[3]));
    }
    let truth_path = write(&dir, "truth.csv", truth.as_bytes());
    let o = resolve(&[&input, "--truth", &truth_path]);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    // Ann Lee x3 (one spelled Anne) and Carla Mendez x2 are found; nothing else is one person.
    assert!(
        out.contains("pairwise  precision 1.0000  recall 1.0000  F1 1.0000"),
        "{out}"
    );
    assert!(out.contains("match weights of the "), "{out}");
    assert!(out.contains("blocking recall"), "{out}");
    assert!(out.contains("\n  email "), "{out}");
    // A record without a label is an error before the run.
    let partial = write(
        &dir,
        "partial.csv",
        b"source,record_id,entity_id\ncrm,1,a\n",
    );
    assert_fails(
        &[&input, "--truth", &partial],
        &["partial.csv", "has no label"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}
