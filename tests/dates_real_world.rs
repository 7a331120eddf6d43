//! Dates as exports write them (issue 12 item 4), through the public API: date-times, placeholder
//! and future dates of birth, the reject-ambiguous order, and the day/month order the CSV loader
//! infers per source.

use proptest::prelude::*;
use selfsame::csv::{Dataset, Mapping, Rows};
use selfsame::normalize::date::{
    order_evidence, parse_date, parse_date_in, Date, DateConfig, DateContext, DateError, DateOrder,
    OrderEvidence,
};

/// The date of birth of record `i` of `ds`, read as normalization reads it for its source.
fn dob(ds: &Dataset, i: usize, cfg: &DateConfig) -> Result<String, DateError> {
    let p = &ds.profiles[i];
    let ctx = cfg.context_for(None, ds.date_orders.get(&p.source).copied());
    parse_date_in(p.date_of_birth.as_deref().unwrap_or(""), cfg, ctx).map(|d| d.to_string())
}

#[test]
fn a_day_first_source_with_one_day_above_12_is_read_day_first_without_a_setting() {
    // A European CRM export: every date but one is ambiguous.
    let data = "record_id,first_name,last_name,date_of_birth\n\
                1,Anna,Berg,03/04/1985\n\
                2,Jonas,Weber,11/02/1990\n\
                3,Lea,Koch,21/06/1979\n\
                4,Paul,Wolf,05/12/2001 00:00:00\n";
    let ds = Dataset::from_reader("eu_crm.csv", data.as_bytes(), &Mapping::new()).unwrap();
    assert_eq!(ds.date_orders.get("eu_crm"), Some(&DateOrder::DayFirst));
    assert!(ds.warnings.is_empty());
    let cfg = DateConfig::default(); // month-first setting
    assert_eq!(dob(&ds, 0, &cfg).unwrap(), "1985-04-03");
    assert_eq!(dob(&ds, 1, &cfg).unwrap(), "1990-02-11");
    assert_eq!(dob(&ds, 2, &cfg).unwrap(), "1979-06-21");
    assert_eq!(dob(&ds, 3, &cfg).unwrap(), "2001-12-05");
}

#[test]
fn sources_in_one_file_get_their_own_order() {
    let data = "source,id,name,dob\n\
                de,1,Anna Berg,03/04/1985\n\
                us,1,Ann Burke,03/04/1985\n\
                de,2,Lea Koch,13/06/1979\n\
                us,2,Al Ray,06/13/1979\n\
                pos,1,Bo Ek,1985-04-03\n";
    let ds = Dataset::from_reader("all.csv", data.as_bytes(), &Mapping::new()).unwrap();
    assert_eq!(ds.date_orders.get("de"), Some(&DateOrder::DayFirst));
    assert_eq!(ds.date_orders.get("us"), Some(&DateOrder::MonthFirst));
    assert_eq!(ds.date_orders.get("pos"), None);
    let cfg = DateConfig::default().with_order(DateOrder::Reject);
    assert_eq!(dob(&ds, 0, &cfg).unwrap(), "1985-04-03");
    assert_eq!(dob(&ds, 1, &cfg).unwrap(), "1985-03-04");
    assert_eq!(dob(&ds, 4, &cfg).unwrap(), "1985-04-03");
}

#[test]
fn mixed_evidence_keeps_the_setting_and_warns_without_values() {
    let data = "id,dob\n1,21/10/1988\n2,10/21/1988\n3,03/04/1985\n";
    let ds = Dataset::from_reader("mixed.csv", data.as_bytes(), &Mapping::new()).unwrap();
    assert_eq!(ds.date_orders.get("mixed"), None);
    assert_eq!(ds.warnings.len(), 1);
    let w = &ds.warnings[0];
    assert!(w.contains("mixed") && w.contains("day/month"), "{w}");
    assert!(!w.contains("1988") && !w.contains("21/10"), "{w}");
    // The configured order, or a rejection in reject mode.
    assert_eq!(dob(&ds, 2, &DateConfig::default()).unwrap(), "1985-03-04");
    let strict = DateConfig::default().with_order(DateOrder::Reject);
    assert_eq!(dob(&ds, 2, &strict), Err(DateError::Ambiguous));
}

#[test]
fn evidence_spans_files_of_one_source_and_rows_agree_with_dataset() {
    let dir = std::env::temp_dir().join(format!("selfsame-dates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.csv");
    let b = dir.join("b.csv");
    std::fs::write(&a, "source,id,dob\nshop,1,03/04/1985\n").unwrap();
    std::fs::write(&b, "source,id,dob\nshop,2,25/04/1985\n").unwrap();
    let paths = [a, b];
    let ds = Dataset::load(&paths, &Mapping::new()).unwrap();
    let rows = Rows::load(&paths, &Mapping::new()).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(ds.date_orders.get("shop"), Some(&DateOrder::DayFirst));
    assert_eq!(rows.date_orders, ds.date_orders);
}

#[test]
fn export_date_times_from_issue_12_parse() {
    let cfg = DateConfig::default();
    for s in [
        "3/12/1985 10:00",
        "03/12/1985 12:00:00 AM",
        "12-Mar-1985 00:00:00",
        "12.03.1985 10:30",
        "1985-03-12T00:00:00Z",
        "1985-03-12 00:00:00.000",
    ] {
        assert_eq!(
            parse_date(s, &cfg).unwrap().to_string(),
            "1985-03-12",
            "{s}"
        );
    }
    assert_eq!(
        parse_date("3/12/1985 25:00", &cfg),
        Err(DateError::Impossible)
    );
}

#[test]
fn placeholder_and_future_dates_of_birth_are_rejections() {
    let cfg = DateConfig::default().with_latest(Date::new(2025, 1, 31).unwrap());
    for s in [
        "1900-01-01",
        "01/01/1901",
        "1970-01-01 00:00:00",
        "9999-12-31",
    ] {
        assert_eq!(parse_date(s, &cfg), Err(DateError::Placeholder), "{s}");
    }
    assert_eq!(parse_date("2025-02-01", &cfg), Err(DateError::Future));
    assert!(parse_date("2025-01-31", &cfg).is_ok());
}

/// A valid date of birth (not a placeholder) and the forms a date-time export writes it in.
fn date_time_forms(d: Date, h: u8, m: u8, s: u8) -> Vec<String> {
    let (y, mo, da) = (d.year, d.month, d.day);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mon = MONTHS[usize::from(mo - 1)];
    let h12 = if h.is_multiple_of(12) { 12 } else { h % 12 };
    let ampm = if h < 12 { "AM" } else { "PM" };
    vec![
        format!("{y:04}-{mo:02}-{da:02}T{h:02}:{m:02}:{s:02}Z"),
        format!("{y:04}-{mo:02}-{da:02}T{h:02}:{m:02}"),
        format!("{y:04}-{mo:02}-{da:02} {h:02}:{m:02}:{s:02}.000"),
        format!("{y:04}-{mo:02}-{da:02}T{h:02}:{m:02}:{s:02}+05:30"),
        format!("{y:04}-{mo:02}-{da:02} {h:02}:{m:02}:{s:02} -0800"),
        format!("{mo}/{da}/{y} {h}:{m:02}"),
        format!("{mo:02}/{da:02}/{y} {h12:02}:{m:02}:{s:02} {ampm}"),
        format!("{mo}/{da}/{y} {h12}:{m:02}{}", ampm.to_lowercase()),
        format!("{da:02}-{mon}-{y} {h:02}:{m:02}:{s:02}"),
        format!("{da:02}.{mo:02}.{y} {h:02}:{m:02}"),
        format!("{mon} {da}, {y}, {h12}:{m:02} {ampm}"),
        format!("{y:04}{mo:02}{da:02} {h:02}:{m:02}:{s:02} UTC"),
    ]
}

proptest! {
    #[test]
    fn no_panic_on_any_string(s in "\\PC{0,40}", t in "[0-9:/.,TZ+ APMapm-]{0,40}") {
        let cfg = DateConfig::default();
        let strict = cfg.with_order(DateOrder::Reject).with_latest(Date::new(2000, 1, 1).unwrap());
        for x in [&s, &t] {
            let _ = parse_date(x, &cfg);
            let _ = parse_date(x, &strict);
            let _ = order_evidence(x);
            OrderEvidence::default().add(x);
        }
    }

    #[test]
    fn a_date_in_any_date_time_form_parses_back(
        days in -25_000i64..20_000,
        h in 0u8..24, m in 0u8..60, s in 0u8..60,
    ) {
        let d = Date::from_days_since_epoch(days).unwrap();
        prop_assume!(!selfsame::normalize::date::PLACEHOLDER_DATES.contains(&d));
        let cfg = DateConfig::default(); // month-first: the dotted form is day-first anyway
        for form in date_time_forms(d, h, m, s) {
            prop_assert_eq!(parse_date(&form, &cfg), Ok(d), "{}", form);
        }
    }

    #[test]
    fn the_inferred_order_never_misreads_a_source(
        days in proptest::collection::vec(-25_000i64..20_000, 1..30),
        day_first in any::<bool>(),
    ) {
        // A source written in one order: whatever the loader infers reads every value right,
        // and when it infers nothing every value is either ambiguous-safe or read by the setting.
        let dates: Vec<Date> = days.iter().map(|&n| Date::from_days_since_epoch(n).unwrap()).collect();
        let mut csv = String::from("id,dob\n");
        for (i, d) in dates.iter().enumerate() {
            let (a, b) = if day_first { (d.day, d.month) } else { (d.month, d.day) };
            csv.push_str(&format!("{i},{a:02}/{b:02}/{}\n", d.year));
        }
        let ds = Dataset::from_reader("src.csv", csv.as_bytes(), &Mapping::new()).unwrap();
        let inferred = ds.date_orders.get("src").copied();
        let want = if day_first { DateOrder::DayFirst } else { DateOrder::MonthFirst };
        prop_assert!(inferred.is_none() || inferred == Some(want));
        prop_assert!(ds.warnings.is_empty());
        let decidable = dates.iter().any(|d| d.day > 12 && d.day != d.month);
        prop_assert_eq!(inferred.is_some(), decidable);
        let cfg = DateConfig::default().with_reject_placeholders(false).with_order(DateOrder::Reject);
        for (i, d) in dates.iter().enumerate() {
            let ctx = cfg.context_for(None, inferred);
            let got = parse_date_in(ds.profiles[i].date_of_birth.as_deref().unwrap(), &cfg, ctx);
            match got {
                Ok(x) => prop_assert_eq!(x, *d),
                Err(e) => prop_assert_eq!(e, DateError::Ambiguous),
            }
        }
    }
}

#[test]
fn country_context_still_applies_without_evidence() {
    let cfg = DateConfig::default();
    let de = cfg.context_for(DateContext::for_country("DE"), None);
    assert_eq!(
        parse_date_in("03/04/1985", &cfg, de).unwrap().to_string(),
        "1985-04-03"
    );
}
