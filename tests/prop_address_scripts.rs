//! Persian (Iranian) and Thai addresses: property tests for the street-line rules of both
//! scripts, and measurements on `../shared/data/fa_th_5k.csv` and `us_addresses_labeled.csv`
//! (ignored tests that print figures only, never address text; run with
//! `cargo test --release --test prop_address_scripts -- --ignored --nocapture`).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use proptest::prelude::*;
use selfsame::normalize::address::{normalize_address, standardize_street, Address};
use selfsame::PostalAddress;

mod common;
use common::read_rows;

/// A file of `../shared/data` (the measurements skip without it; see `common::data_dir`).
fn data_file(name: &str) -> Option<PathBuf> {
    common::data_dir().map(|d| d.join(name))
}

/// Thai, Persian and a few Latin words that exercise the street-line rules of both scripts.
const VOCAB: &[&str] = &[
    "ถนน",
    "ถ.",
    "ถ",
    "ซอย",
    "ซ.",
    "หมู่",
    "หมู",
    "ม.",
    "หมู่ที่",
    "ที่",
    "ตำบล",
    "ต.",
    "อำเภอ",
    "อ.",
    "จังหวัด",
    "จ.",
    "แขวง",
    "เขต",
    "หมู่บ้าน",
    "มบ.",
    "อาคาร",
    "ชั้น",
    "ห้อง",
    "เลขที่",
    "ศรีตะวัน",
    "ถนนศรีตะวัน",
    "ซอยทีฆะ",
    "หมู่5",
    "สีลม",
    "824/65",
    "๘๒๔/๖๕",
    "๑๒",
    "خیابان",
    "خ.",
    "خيابان",
    "کوچه",
    "ك.",
    "بلوار",
    "میدان",
    "م.",
    "پلاک",
    "پ.",
    "پلاک۱۲",
    "واحد",
    "طبقه",
    "بن",
    "بست",
    "بن\u{200c}بست",
    "چهار",
    "راه",
    "بزرگ",
    "اتوبان",
    "سوئیت",
    "سوییت",
    "ولیعصر",
    "محمدياسين",
    "میدانی",
    "۱۲",
    "١٥٨",
    "12-14",
    "،",
    "12",
    "5",
    "0",
    "a",
    "unit",
    "apt",
    "suite",
    "#",
    "main",
    "st",
    "4/12",
    "north",
    "rear",
];

fn vocab_line() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), 0..9).prop_map(|w| w.join(" "))
}

fn part() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![vocab_line(), ".{0,30}"])
}

fn country() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(
        &["TH", "IR", "ไทย", "ایران", "US", "AU"][..],
    ))
    .prop_map(|c| c.map(str::to_string))
}

fn address() -> impl Strategy<Value = PostalAddress> {
    (vocab_line(), part(), part(), country()).prop_map(|(street, unit, postcode, country)| {
        PostalAddress {
            street: Some(street),
            unit,
            postcode,
            country,
            ..PostalAddress::default()
        }
    })
}

/// An address rebuilt from a normalized one, as a source might store it.
fn rebuild(a: &Address) -> PostalAddress {
    let street = match (&a.house_number, &a.street) {
        (Some(h), Some(s)) => Some(format!("{h} {s}")),
        (h, s) => h.clone().or_else(|| s.clone()),
    };
    PostalAddress {
        street,
        unit: a.unit.clone(),
        city: a.city.clone(),
        region: a.region.clone(),
        // A ZIP+4 is stored whole (`08246-5158`), as a source would write it.
        postcode: match (&a.postcode, &a.postcode_ext) {
            (Some(p), Some(ext)) => Some(format!("{p}-{ext}")),
            (p, _) => p.clone(),
        },
        country: a.country.clone(),
    }
}

/// ASCII digits written as Persian (or Thai) digits.
fn native_digits(s: &str, zero: u32) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(zero + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

proptest! {
    // A fixed seed: the same 1,024 cases on every run, so CI is repeatable. Larger random runs
    // (`PROPTEST_CASES=30000`) still find rare fixpoint failures in Persian street lines with
    // no country where a unit precedes a glued `پلاک` house marker (`سوئیت 824/65 پلاک۱۲`);
    // they are listed in the CHANGELOG as known and left for the address work.
    #![proptest_config(ProptestConfig {
        cases: 1024,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5e1f_5a4e),
        ..ProptestConfig::default()
    })]

    #[test]
    fn never_panics(a in address(), default in prop::option::of("TH|IR|.{0,3}")) {
        let _ = normalize_address(&a, default.as_deref());
        if let Some(s) = &a.street {
            let _ = standardize_street(s);
        }
    }

    #[test]
    fn rebuilt_from_normalized_is_a_fixpoint(a in address()) {
        if let Ok(n) = normalize_address(&a, None) {
            let again = normalize_address(&rebuild(&n), None).expect("rebuilt address is not empty");
            prop_assert_eq!(again.key(), n.key(), "input {}", show(&a));
            prop_assert_eq!(again, n);
        }
    }

    #[test]
    fn street_standardization_is_idempotent(s in vocab_line()) {
        let once = standardize_street(&s);
        prop_assert_eq!(standardize_street(&once), once);
    }

    /// Persian and Thai digits in the street line and unit read as the ASCII ones.
    #[test]
    fn native_digits_read_as_ascii(a in address(), thai: bool) {
        let zero = if thai { 0xE50 } else { 0x6F0 };
        let b = PostalAddress {
            street: a.street.as_deref().map(|s| native_digits(s, zero)),
            unit: a.unit.as_deref().map(|s| native_digits(s, zero)),
            ..a.clone()
        };
        prop_assert_eq!(normalize_address(&a, None), normalize_address(&b, None));
    }

    /// In a Thai or Iranian address the unit is one identifier as written (dashes dropped),
    /// never two numbers glued together.
    #[test]
    fn native_units_are_never_invented(a in address(), thai: bool) {
        let a = PostalAddress { country: Some(if thai { "TH" } else { "IR" }.to_string()), ..a };
        if let Some(unit) = normalize_address(&a, None).ok().and_then(|n| n.unit) {
            let digits = |s: &str| -> String {
                selfsame::normalize::text::fold(&ascii(s)).chars().filter(char::is_ascii_digit).collect()
            };
            let from_one_word = [&a.street, &a.unit]
                .into_iter()
                .flatten()
                .flat_map(|s| {
                    let folded = selfsame::normalize::text::fold(s);
                    s.split(|c: char| c.is_whitespace() || c == ',' || c == '،')
                        .chain(folded.split(' '))
                        .map(digits)
                        .collect::<Vec<_>>()
                })
                .any(|d| d == digits(&unit));
            prop_assert!(from_one_word, "unit from {}", show(&a));
        }
    }
}

/// The parts of a generated (synthetic) address, for failure messages.
fn show(a: &PostalAddress) -> String {
    format!("{:?}", (&a.street, &a.unit, &a.postcode, &a.country))
}

/// Persian, Arabic-Indic and Thai digits as ASCII.
fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| {
            let zero = match c {
                '\u{660}'..='\u{669}' => 0x660,
                '\u{6F0}'..='\u{6F9}' => 0x6F0,
                '\u{E50}'..='\u{E59}' => 0xE50,
                _ => return c,
            };
            char::from_digit(u32::from(c) - zero, 10).unwrap_or(c)
        })
        .collect()
}

/// Same-person key agreement and different-person key collisions on fa_th_5k.
#[test]
#[ignore = "measurement; needs ../shared/data"]
fn measure_fa_th_5k_address_keys() {
    let (Some(data), Some(truth)) = (data_file("fa_th_5k.csv"), data_file("fa_th_5k_truth.csv"))
    else {
        return;
    };
    let truth: HashMap<String, String> = read_rows(&truth)
        .into_iter()
        .map(|mut r| {
            (
                r.remove("record_id").unwrap(),
                r.remove("entity_id").unwrap(),
            )
        })
        .collect();
    // (entity, script, address) of every record with a street.
    let mut recs: Vec<(String, &'static str, Address)> = Vec::new();
    for mut r in read_rows(&data) {
        let id = r.remove("record_id").unwrap();
        if !r.contains_key("street") {
            continue;
        }
        let script = if id.contains("-ir") { "IR" } else { "TH" };
        let a = PostalAddress {
            street: r.remove("street"),
            city: r.remove("city"),
            postcode: r.remove("postcode"),
            country: r.remove("country"),
            ..PostalAddress::default()
        };
        let n = normalize_address(&a, Some(script)).expect("street is not empty");
        recs.push((truth[&id].clone(), script, n));
    }
    for script in ["IR", "TH", "all"] {
        let rs: Vec<&(String, &str, Address)> = recs
            .iter()
            .filter(|r| script == "all" || r.1 == script)
            .collect();
        let mut by_entity: HashMap<&str, Vec<&Address>> = HashMap::new();
        for r in &rs {
            by_entity.entry(&r.0).or_default().push(&r.2);
        }
        let (mut pairs, mut equal, mut equal_no_pc) = (0usize, 0usize, 0usize);
        for v in by_entity.values() {
            for i in 0..v.len() {
                for j in i + 1..v.len() {
                    pairs += 1;
                    equal += usize::from(v[i].key() == v[j].key());
                    let line =
                        |a: &Address| (a.house_number.clone(), a.street.clone(), a.unit.clone());
                    equal_no_pc += usize::from(line(v[i]) == line(v[j]));
                }
            }
        }
        // Pairs of records sharing a key, minus those of the same person.
        let mut by_key: HashMap<String, HashMap<&str, usize>> = HashMap::new();
        for r in &rs {
            *by_key
                .entry(r.2.key())
                .or_default()
                .entry(&r.0)
                .or_default() += 1;
        }
        let mut cross = 0usize;
        for ents in by_key.values() {
            let total: usize = ents.values().sum();
            let same: usize = ents.values().map(|n| n * (n - 1) / 2).sum();
            cross += total * (total - 1) / 2 - same;
        }
        let units = rs.iter().filter(|r| r.2.unit.is_some()).count();
        let houses = rs.iter().filter(|r| r.2.house_number.is_some()).count();
        println!(
            "{script}: records with street {}, same-person pairs {pairs}, key equal {equal} ({:.4}), \
             house|street|unit equal {equal_no_pc} ({:.4}); different-person pairs sharing a key {cross}; \
             records with a unit {units}, with a house number {houses}",
            rs.len(),
            equal as f64 / pairs.max(1) as f64,
            equal_no_pc as f64 / pairs.max(1) as f64,
        );
    }
}

/// Rewrites a fa_th_5k street the way other sources write the same address: abbreviated or
/// spelled out, glued or spaced, native or ASCII digits, Arabic-keyboard letters, the unit in
/// the unit field. Returns (street, unit field, postcode) variants.
fn variants(street: &str, postcode: &str) -> Vec<(String, String, String)> {
    let digits = |s: &str, zero: u32| -> String {
        s.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => char::from_u32(zero + d).unwrap_or(c),
                _ => c,
            })
            .collect()
    };
    let mut out = Vec::new();
    let pc = postcode.to_string();
    if street.contains(|c: char| ('\u{E00}'..='\u{E7F}').contains(&c)) {
        let abbreviated = street.replace("ถนน", "ถ.").replace("หมู่ ", "ม.");
        let spelled = street.replace("ถ.", "ถนน").replace("หมู่ ", "หมู่ที่ ");
        let spaced = street.replace("ถนน", "ถนน ").replace("ถ.", "ถนน ");
        out.push((abbreviated, String::new(), pc.clone()));
        out.push((spelled, String::new(), pc.clone()));
        out.push((spaced, String::new(), pc.clone()));
        out.push((
            digits(street, 0xE50),
            String::new(),
            digits(postcode, 0xE50),
        ));
        out.push((format!("เลขที่ {street}"), String::new(), pc.clone()));
    } else {
        let joined = street
            .replace("چهار راه", "چهارراه")
            .replace("بن بست", "بن\u{200c}بست")
            .replace("بزرگ راه", "بزرگراه")
            .replace("آزاد راه", "آزادراه");
        let arabic = street.replace('ی', "ي").replace('ک', "ك");
        out.push((joined, String::new(), pc.clone()));
        out.push((arabic, String::new(), pc.clone()));
        out.push((
            digits(street, 0x6F0),
            String::new(),
            digits(postcode, 0x6F0),
        ));
        // The unit in the unit field, or with a Latin designator.
        for marker in ["واحد", "سوئیت"] {
            if let Some((line, unit)) = street.split_once(&format!(" {marker} ")) {
                out.push((line.to_string(), format!("{marker} {unit}"), pc.clone()));
                out.push((format!("{line} Unit {unit}"), String::new(), pc.clone()));
            }
        }
    }
    out
}

/// Share of rewritten spellings (see [`variants`]) whose key equals the original's.
#[test]
#[ignore = "measurement; needs ../shared/data"]
fn measure_fa_th_5k_spelling_variants() {
    let Some(data) = data_file("fa_th_5k.csv") else {
        return;
    };
    let mut seen = std::collections::HashSet::new();
    let (mut ir, mut th) = ((0usize, 0usize), (0usize, 0usize));
    for r in read_rows(&data) {
        let (Some(street), Some(id)) = (r.get("street"), r.get("record_id")) else {
            continue;
        };
        let postcode = r.get("postcode").cloned().unwrap_or_default();
        if !seen.insert((street.clone(), postcode.clone())) {
            continue;
        }
        let country = if id.contains("-ir") { "IR" } else { "TH" };
        let key = |s: &str, u: &str, p: &str| {
            let opt = |x: &str| (!x.is_empty()).then(|| x.to_string());
            let a = PostalAddress {
                street: opt(s),
                unit: opt(u),
                postcode: opt(p),
                ..PostalAddress::default()
            };
            normalize_address(&a, Some(country)).map(|a| a.key()).ok()
        };
        let want = key(street, "", &postcode);
        let tally = if country == "IR" { &mut ir } else { &mut th };
        for (s, u, p) in variants(street, &postcode) {
            tally.0 += 1;
            tally.1 += usize::from(key(&s, &u, &p) == want);
        }
    }
    for (name, (n, eq)) in [("IR", ir), ("TH", th)] {
        println!(
            "{name}: rewritten spellings {n}, same key as the original {eq} ({:.4})",
            eq as f64 / n.max(1) as f64
        );
    }
}

/// Agreement of the street-line parse with the usaddress labels, and a digest of every output
/// (equal digests before and after a change mean the US output did not change at all).
#[test]
#[ignore = "measurement; needs ../shared/data"]
fn measure_us_addresses_labeled() {
    let Some(path) = data_file("us_addresses_labeled.csv") else {
        return;
    };
    let rows = read_rows(&path);
    let mut digest = DefaultHasher::new();
    let (mut n, mut house_ok, mut street_ok, mut unit_ok) = (0usize, 0usize, 0usize, 0usize);
    let norm = |a: PostalAddress| normalize_address(&a, None).ok();
    for r in &rows {
        let get = |k: &str| r.get(k).cloned().unwrap_or_default();
        let whole = norm(PostalAddress::new().with_street(get("address")));
        format!("{whole:?}").hash(&mut digest);
        whole.map(|a| a.key()).hash(&mut digest);
        let (house, street, unit) = (get("house_number"), get("street"), get("unit"));
        if street.is_empty() {
            continue;
        }
        n += 1;
        let line = [house.as_str(), street.as_str(), unit.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let Some(a) = norm(PostalAddress::new().with_street(line)) else {
            continue;
        };
        a.key().hash(&mut digest);
        let want_house: Option<String> = (!house.is_empty()).then(|| {
            selfsame::normalize::text::fold(&house)
                .split(' ')
                .collect::<Vec<_>>()
                .join("")
        });
        house_ok += usize::from(a.house_number.as_ref().map(|h| h.replace(' ', "")) == want_house);
        let want_street = selfsame::normalize::address::standardize_street(&street);
        street_ok += usize::from(a.street.as_deref() == Some(want_street.as_str()));
        let want_unit = if unit.is_empty() {
            None
        } else {
            norm(PostalAddress::new().with_unit(unit)).and_then(|u| u.unit)
        };
        unit_ok += usize::from(a.unit == want_unit);
    }
    println!(
        "us_addresses_labeled: rows with a street {n}; house number agrees {house_ok}, street agrees {street_ok}, unit agrees {unit_ok}; output digest {:016x}",
        digest.finish()
    );
}
