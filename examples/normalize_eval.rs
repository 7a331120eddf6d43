//! Agreement between one-line and labeled address normalization, per component.
//!
//! ```text
//! cargo run --release --example normalize_eval -- ../shared/data/us_addresses_labeled.csv [--country US]
//! ```
//!
//! The file needs a header row with `address` (the whole address as written) and any of
//! `house_number`, `street`, `unit`, `city`, `state` (or `region`), `zip` (or `postcode`) and
//! `country`: the same address split by hand. Each row is normalized twice: from the `address`
//! column with [`normalize_one_line`], and from the labeled columns (house number and street
//! joined into the street line) with [`normalize_address`], both with the default country of
//! `--country` (default `US`; `--country none` for none). For each component the example
//! prints how many rows have it labeled and on how many of those the two normalizations agree;
//! the key is compared on rows with both a labeled house number and street. A last line
//! compares the key with the labeled unit written at the end of the labeled street line
//! instead of in its own field, which measures the split alone (both sides then read the unit
//! out of a street line). Only counts and percentages are printed, never an address.

use std::error::Error;
use std::process::ExitCode;

use selfsame::normalize::address::{normalize_address, Address};
use selfsame::normalize::oneline::{normalize_one_line, split_address};
use selfsame::PostalAddress;

/// One compared component: rows labeled, rows agreeing.
#[derive(Default)]
struct Tally {
    labeled: usize,
    same: usize,
}

impl Tally {
    fn add(&mut self, same: bool) {
        self.labeled += 1;
        self.same += usize::from(same);
    }

    fn pct(&self) -> f64 {
        if self.labeled == 0 {
            0.0
        } else {
            100.0 * self.same as f64 / self.labeled as f64
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("normalize_eval: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let mut path = None;
    let mut country = Some("US".to_string());
    let mut failures = false;
    let mut only: Option<usize> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--country" => {
                let c = args.next().ok_or("--country needs a value")?;
                country = (!c.eq_ignore_ascii_case("none")).then_some(c);
            }
            "--failures" => failures = true,
            "--failures-of" => {
                let c = args
                    .next()
                    .ok_or("--failures-of needs key, unit, city or region")?;
                only = Some(
                    ["key", "unit", "city", "region"]
                        .iter()
                        .position(|n| *n == c)
                        .ok_or("--failures-of needs key, unit, city or region")?,
                );
                failures = true;
            }
            "-h" | "--help" => {
                println!(
                    "usage: normalize_eval LABELED.csv [--country CC|none] \
                     [--failures | --failures-of key|unit|city|region]"
                );
                return Ok(());
            }
            _ => path = Some(a),
        }
    }
    let path = path.unwrap_or_else(|| "../shared/data/us_addresses_labeled.csv".to_string());
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(&path)?;
    let headers = rdr.headers()?.clone();
    let col = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let address = col(&["address"]).ok_or("no `address` column")?;
    let cols = [
        col(&["house_number"]),
        col(&["street"]),
        col(&["unit"]),
        col(&["city"]),
        col(&["state", "region"]),
        col(&["zip", "postcode"]),
        col(&["country"]),
    ];
    let default = country.as_deref();

    let names = [
        "key",
        "house number",
        "street",
        "unit",
        "city",
        "region",
        "postcode",
    ];
    let mut tallies: [Tally; 7] = Default::default();
    let mut key_unit_in_line = Tally::default();
    let mut all_four = Tally::default();
    let (mut rows, mut one_err, mut lab_err) = (0usize, 0usize, 0usize);
    let (mut found_city, mut found_postcode, mut found_region, mut inferred) = (0, 0, 0, 0);
    for rec in rdr.records() {
        let rec = rec?;
        rows += 1;
        let get = |c: Option<usize>| {
            c.and_then(|i| rec.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let [house, street, unit, city, region, postcode, ctry] = cols.map(get);
        let line = rec.get(address).unwrap_or("");
        if let Ok(p) = split_address(line) {
            found_city += usize::from(p.city.is_some());
            found_postcode += usize::from(p.postcode.is_some());
            found_region += usize::from(p.region.is_some());
            inferred += usize::from(p.country.is_none() && p.country_code.is_some());
        }
        let one = normalize_one_line(line, default);
        let street_line = match (house, street) {
            (Some(h), Some(s)) => Some(format!("{h} {s}")),
            (h, s) => h.or(s).map(str::to_string),
        };
        let labeled = PostalAddress {
            street: street_line,
            unit: unit.map(str::to_string),
            city: city.map(str::to_string),
            region: region.map(str::to_string),
            postcode: postcode.map(str::to_string),
            country: ctry.map(str::to_string),
        };
        let lab = normalize_address(&labeled, default);
        if let (Some(h), Some(s), Ok(o)) = (house, street, &one) {
            let line = match unit {
                Some(u) => format!("{h} {s} {u}"),
                None => format!("{h} {s}"),
            };
            let in_line = PostalAddress {
                street: Some(line),
                unit: None,
                ..labeled.clone()
            };
            if let Ok(l) = normalize_address(&in_line, default) {
                key_unit_in_line.add(o.key() == l.key());
            }
        }
        let (one, lab) = match (one, lab) {
            (Ok(o), Ok(l)) => (o, l),
            (o, l) => {
                one_err += usize::from(o.is_err());
                lab_err += usize::from(l.is_err());
                continue;
            }
        };
        if failures {
            print_failure(
                line,
                &one,
                &lab,
                only,
                [
                    house.is_some() && street.is_some(),
                    unit.is_some(),
                    city.is_some(),
                    region.is_some(),
                ],
            );
        }
        // Key, city, region and postcode together, each where labeled.
        let parts = [
            (house.is_some() && street.is_some(), one.key() == lab.key()),
            (city.is_some(), one.city == lab.city),
            (region.is_some(), one.region == lab.region),
            (postcode.is_some(), one.postcode == lab.postcode),
        ];
        if parts.iter().any(|&(l, _)| l) {
            all_four.add(parts.iter().all(|&(l, same)| !l || same));
        }
        compare(
            &mut tallies,
            &one,
            &lab,
            [
                house.is_some() && street.is_some(),
                house.is_some(),
                street.is_some(),
                unit.is_some(),
                city.is_some(),
                region.is_some(),
                postcode.is_some(),
            ],
        );
    }
    println!("rows: {rows}; not normalized: one-line {one_err}, labeled {lab_err}");
    println!(
        "default country: {}",
        default.unwrap_or("none (country from the text only)")
    );
    println!(
        "split found: city {found_city}, region {found_region}, postcode {found_postcode}, country inferred {inferred}"
    );
    println!(
        "{:<14} {:>8} {:>8} {:>8}",
        "component", "labeled", "same", "%"
    );
    for (name, t) in names.iter().zip(&tallies) {
        println!(
            "{:<14} {:>8} {:>8} {:>7.1}%",
            name,
            t.labeled,
            t.same,
            t.pct()
        );
    }
    let t = &all_four;
    println!(
        "{:<14} {:>8} {:>8} {:>7.1}%  (key, city, region and postcode all agree, each where labeled)",
        "all four", t.labeled, t.same, t.pct()
    );
    let t = &key_unit_in_line;
    println!(
        "{:<14} {:>8} {:>8} {:>7.1}%  (labeled unit at the end of the labeled street line)",
        "key, unit in line",
        t.labeled,
        t.same,
        t.pct()
    );
    Ok(())
}

/// With `--failures`: one line per row whose key, unit, city or region differ, the first
/// differing component first (the class), then the row as written and both normalizations;
/// with `--failures-of`, the rows where that one component differs.
/// This prints the evaluation file's own rows, which are public test data; the library never
/// prints an address.
fn print_failure(
    line: &str,
    one: &Address,
    lab: &Address,
    only: Option<usize>,
    labeled: [bool; 4],
) {
    let same = [
        one.key() == lab.key(),
        one.unit == lab.unit,
        one.city == lab.city,
        one.region == lab.region,
    ];
    let names = ["key", "unit", "city", "region"];
    let Some(i) = (0..4).find(|&i| labeled[i] && !same[i] && only.is_none_or(|o| o == i)) else {
        return;
    };
    let show = |a: &Address| {
        format!(
            "{}|{}|{}|{}",
            a.key(),
            a.city.as_deref().unwrap_or(""),
            a.region.as_deref().unwrap_or(""),
            a.postcode.as_deref().unwrap_or("")
        )
    };
    println!(
        "FAIL {}\t{}\n   one {}\n   lab {}",
        names[i],
        line,
        show(one),
        show(lab)
    );
}

/// Adds one row's comparisons, for the components the row has labeled.
fn compare(t: &mut [Tally; 7], one: &Address, lab: &Address, labeled: [bool; 7]) {
    let same = [
        one.key() == lab.key(),
        one.house_number == lab.house_number,
        one.street == lab.street,
        one.unit == lab.unit,
        one.city == lab.city,
        one.region == lab.region,
        one.postcode == lab.postcode,
    ];
    for ((tally, is_labeled), same) in t.iter_mut().zip(labeled).zip(same) {
        if is_labeled {
            tally.add(same);
        }
    }
}
