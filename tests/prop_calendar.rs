//! Property tests of the Solar Hijri and Thai Buddhist calendars and of per-country date parsing:
//! conversions round-trip and stay day-contiguous, any script's digits read as ASCII ones, the
//! calendar never comes from the year alone, and no input in any context panics.

use proptest::prelude::*;
use selfsame::normalize::date::{
    parse_date, parse_date_in, Calendar, Date, DateConfig, DateContext, DateOrder,
    PLACEHOLDER_DATES,
};

/// Zero of a few decimal-digit blocks: ASCII, Arabic-Indic, Persian, Devanagari, Bengali, Thai,
/// Lao, Myanmar, full-width, mathematical bold, Adlam.
const DIGIT_ZEROS: &[u32] = &[
    0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xED0, 0x1040, 0xFF10, 0x1D7CE, 0x1E950,
];

const PERSIAN_MONTHS: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

const THAI_MONTHS: [(&str, &str); 12] = [
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
];

fn ctx(code: &str) -> DateContext {
    DateContext::for_country(code).expect("known country")
}

fn sh_month_len(y: u16, m: u8) -> u8 {
    match m {
        1..=6 => 31,
        7..=11 => 30,
        _ if Date::from_solar_hijri(y, 12, 30).is_ok() => 30,
        _ => 29,
    }
}

/// Rewrites every ASCII digit with the digit of the same value in the block chosen for it.
fn with_digits(s: &str, blocks: &[usize]) -> String {
    let mut n = 0;
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(v) => {
                let zero = DIGIT_ZEROS[blocks[n % blocks.len()] % DIGIT_ZEROS.len()];
                n += 1;
                char::from_u32(zero + v).expect("digit block")
            }
            None => c,
        })
        .collect()
}

/// Real dates that are not placeholders (those parse as `DateError::Placeholder` by design,
/// whatever the calendar they are written in).
fn valid_date(years: std::ops::RangeInclusive<u16>) -> impl Strategy<Value = Date> {
    (years, 1u8..=12, 1u8..=31)
        .prop_filter_map("no such day", |(y, m, d)| Date::new(y, m, d).ok())
        .prop_filter("placeholder", |g| !PLACEHOLDER_DATES.contains(g))
}

/// Solar Hijri dates whose Gregorian day is not a placeholder (`1278/10/09` is 1899-12-30).
fn valid_sh(years: std::ops::RangeInclusive<u16>) -> impl Strategy<Value = (u16, u8, u8)> {
    (years, 1u8..=12, 1u8..=31)
        .prop_filter("no such day", |&(y, m, d)| d <= sh_month_len(y, m))
        .prop_filter("placeholder", |&(y, m, d)| {
            Date::from_solar_hijri(y, m, d).map_or(true, |g| !PLACEHOLDER_DATES.contains(&g))
        })
}

fn any_context() -> impl Strategy<Value = DateContext> {
    (0..3u8, any::<bool>()).prop_map(|(c, day_first)| DateContext {
        calendar: match c {
            0 => Calendar::Gregorian,
            1 => Calendar::SolarHijri,
            _ => Calendar::ThaiBuddhist,
        },
        order: if day_first {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        },
    })
}

fn any_config() -> impl Strategy<Value = DateConfig> {
    (
        any::<u8>(),
        prop::option::of(0..3u8),
        any::<u16>(),
        any::<u16>(),
        any::<bool>(),
    )
        .prop_map(|(pivot, cal, lo, hi, day_first)| DateConfig {
            order: if day_first {
                DateOrder::DayFirst
            } else {
                DateOrder::MonthFirst
            },
            two_digit_pivot: pivot,
            calendar: cal.map(|c| match c {
                0 => Calendar::Gregorian,
                1 => Calendar::SolarHijri,
                _ => Calendar::ThaiBuddhist,
            }),
            min_year: lo.min(hi),
            max_year: lo.max(hi),
            reject_placeholders: false,
            latest: None,
        })
}

/// Text made of the pieces dates in these scripts are built from, in any order.
fn date_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,9}",
        "[۰-۹]{1,5}",
        "[๐-๙]{1,5}",
        "[٠-٩]{1,5}",
        Just("/".to_string()),
        Just("-".to_string()),
        Just(".".to_string()),
        Just(" ".to_string()),
        Just("٫".to_string()),
        Just("\u{200C}".to_string()),
        Just("\u{200F}".to_string()),
        Just("พ.ศ.".to_string()),
        Just("ค.ศ.".to_string()),
        Just("ه.ش".to_string()),
        Just("ه.ق".to_string()),
        Just("میلادی".to_string()),
        Just("มี.ค.".to_string()),
        Just("กุมภาพันธ์".to_string()),
        Just("اسفند".to_string()),
        Just("دي".to_string()),
        Just("Mar".to_string()),
        Just("esfand".to_string()),
        Just("T10:00:00Z".to_string()),
        "[\u{0600}-\u{06FF}]{1,3}",
        "[\u{0E00}-\u{0E7F}]{1,3}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// Every day of Solar Hijri years 1200–1499 converts to a Gregorian date that converts back, and
/// consecutive Solar Hijri days are consecutive Gregorian days.
#[test]
fn every_solar_hijri_day_round_trips_and_is_contiguous() {
    let mut prev: Option<i64> = None;
    let mut days = 0;
    for y in 1200..1500u16 {
        for m in 1..=12u8 {
            for d in 1..=sh_month_len(y, m) {
                let g = Date::from_solar_hijri(y, m, d).expect("valid Solar Hijri date");
                assert_eq!(g.to_solar_hijri(), Some((y, m, d)), "{y}/{m}/{d}");
                let n = g.days_since_epoch();
                if let Some(p) = prev {
                    assert_eq!(n, p + 1, "{y}/{m}/{d} follows the previous day");
                }
                prev = Some(n);
                days += 1;
            }
            assert!(Date::from_solar_hijri(y, m, sh_month_len(y, m) + 1).is_err());
        }
    }
    // 300 Solar Hijri years are 300 tropical years, give or take a day.
    assert!((109_572..=109_574).contains(&days), "{days} days");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn solar_hijri_round_trips((y, m, d) in valid_sh(1..=3177)) {
        let g = Date::from_solar_hijri(y, m, d).unwrap();
        prop_assert_eq!(g.to_solar_hijri(), Some((y, m, d)));
        let next = Date::from_days_since_epoch(g.days_since_epoch() + 1).unwrap();
        let expected_next = if d < sh_month_len(y, m) {
            (y, m, d + 1)
        } else if m < 12 {
            (y, m + 1, 1)
        } else {
            (y + 1, 1, 1)
        };
        if expected_next.0 <= 3177 {
            prop_assert_eq!(next.to_solar_hijri(), Some(expected_next));
        }
    }

    #[test]
    fn gregorian_to_solar_hijri_round_trips(g in valid_date(623..=3700)) {
        let (y, m, d) = g.to_solar_hijri().unwrap();
        prop_assert_eq!(Date::from_solar_hijri(y, m, d), Ok(g));
    }

    #[test]
    fn buddhist_era_is_gregorian_plus_543(g in valid_date(1..=9999 - 543)) {
        let be = g.buddhist_era_year();
        prop_assert_eq!(be, g.year + 543);
        prop_assert_eq!(Date::from_buddhist_era(be, g.month, g.day), Ok(g));
    }

    #[test]
    fn thai_records_read_buddhist_era(g in valid_date(1800..=2200)) {
        let cfg = DateConfig::default();
        let th = ctx("TH");
        let be = g.buddhist_era_year();
        let s = format!("{:02}/{:02}/{be}", g.day, g.month);
        prop_assert_eq!(parse_date_in(&s, &cfg, th), Ok(g));
        let (full, abbr) = THAI_MONTHS[usize::from(g.month) - 1];
        prop_assert_eq!(parse_date_in(&format!("{} {full} {be}", g.day), &cfg, th), Ok(g));
        prop_assert_eq!(parse_date_in(&format!("{} {abbr} พ.ศ. {be}", g.day), &cfg, ctx("US")), Ok(g));
        // Gregorian years below 2300 stay Gregorian in Thai records.
        let s = format!("{:02}/{:02}/{}", g.day, g.month, g.year);
        prop_assert_eq!(parse_date_in(&s, &cfg, th), Ok(g));
        prop_assert_eq!(parse_date_in(&g.to_string(), &cfg, th), Ok(g));
    }

    #[test]
    fn iranian_records_read_solar_hijri((y, m, d) in valid_sh(1200..=1499), blocks in prop::collection::vec(0..3usize, 1..4)) {
        let cfg = DateConfig::default().with_year_range(1, 9999);
        let ir = ctx("IR");
        let g = Date::from_solar_hijri(y, m, d).unwrap();
        for s in [
            format!("{y}/{m:02}/{d:02}"),
            format!("{y}/{m}/{d}"),
            format!("{y}-{m:02}-{d:02}"),
            format!("{d:02}/{m:02}/{y}"),
            format!("{y}{m:02}{d:02}"),
            format!("{d} {} {y}", PERSIAN_MONTHS[usize::from(m) - 1]),
        ] {
            let persian = with_digits(&s, &blocks);
            prop_assert_eq!(parse_date_in(&persian, &cfg, ir), Ok(g), "{}", s);
        }
        // A Persian month name implies the calendar in any context.
        let named = format!("{d} {} {y}", PERSIAN_MONTHS[usize::from(m) - 1]);
        prop_assert_eq!(parse_date_in(&named, &cfg, ctx("US")), Ok(g));
        // Gregorian ISO dates in Iranian records stay Gregorian.
        let iso = DateConfig::default();
        if (1800..=2200).contains(&g.year) {
            prop_assert_eq!(parse_date_in(&g.to_string(), &iso, ir), Ok(g));
        }
    }

    /// The calendar never comes from the year alone: in a Gregorian context the digits written
    /// are the Gregorian year, whatever their size.
    #[test]
    fn gregorian_context_reads_the_year_written(g in valid_date(1000..=2999), day_first: bool) {
        let order = if day_first { DateOrder::DayFirst } else { DateOrder::MonthFirst };
        let cfg = DateConfig::default().with_year_range(1000, 2999).with_order(order);
        let gregorian = DateContext { calendar: Calendar::Gregorian, order };
        prop_assert_eq!(parse_date_in(&g.to_string(), &cfg, gregorian), Ok(g));
        prop_assert_eq!(parse_date(&format!("{}/{}/{}", g.year, g.month, g.day), &cfg), Ok(g));
    }

    #[test]
    fn any_unicode_digits_read_as_ascii(
        g in valid_date(1800..=2200),
        form in 0..6u8,
        blocks in prop::collection::vec(any::<usize>(), 1..5),
        ctx in any_context(),
    ) {
        let ascii = match form {
            0 => g.to_string(),
            1 => format!("{:02}/{:02}/{}", g.day, g.month, g.year),
            2 => format!("{}.{}.{}", g.day, g.month, g.year),
            3 => format!("{:04}{:02}{:02}", g.year, g.month, g.day),
            4 => format!("{}/{}/{:02}", g.month, g.day, g.year % 100),
            _ => format!("{} Mar {}", g.day, g.year),
        };
        let cfg = DateConfig::default();
        let variant = with_digits(&ascii, &blocks);
        prop_assert_eq!(parse_date_in(&variant, &cfg, ctx), parse_date_in(&ascii, &cfg, ctx));
        let marked = format!("\u{200F}{}\u{200E}", variant.replace('/', "\u{200F}/"));
        prop_assert_eq!(parse_date_in(&marked, &cfg, ctx), parse_date_in(&ascii, &cfg, ctx));
    }

    #[test]
    fn parse_never_panics(s in ".{0,300}", cfg in any_config(), ctx in any_context()) {
        let _ = parse_date_in(&s, &cfg, ctx);
        let _ = parse_date(&s, &cfg);
    }

    #[test]
    fn parse_never_panics_on_date_like_text(s in date_like(), cfg in any_config(), ctx in any_context()) {
        if let Ok(d) = parse_date_in(&s, &cfg, ctx) {
            prop_assert!((cfg.min_year..=cfg.max_year).contains(&d.year));
            prop_assert_eq!(Date::new(d.year, d.month, d.day), Ok(d));
        }
    }

    #[test]
    fn for_country_ignores_case(a in "[a-zA-Z]", b in "[a-zA-Z]") {
        let code = format!("{a}{b}");
        prop_assert_eq!(
            DateContext::for_country(&code),
            DateContext::for_country(&code.to_ascii_uppercase())
        );
    }
}

/// The last days the Solar Hijri leap rule covers convert both ways; the day after has no
/// Solar Hijri date.
#[test]
fn last_solar_hijri_days_round_trip() {
    let last = Date::from_solar_hijri(3177, 12, 29).unwrap();
    for back in 0..100 {
        let g = Date::from_days_since_epoch(last.days_since_epoch() - back).unwrap();
        let (y, m, d) = g.to_solar_hijri().expect("covered");
        assert_eq!(Date::from_solar_hijri(y, m, d), Ok(g));
    }
    let after = Date::from_days_since_epoch(last.days_since_epoch() + 2).unwrap();
    assert_eq!(after.to_solar_hijri(), None);
}

/// A placeholder is a placeholder in any calendar: 1899-12-30 (a spreadsheet day zero) written in Solar Hijri.
#[test]
fn placeholder_written_in_solar_hijri_is_rejected() {
    let g = Date::from_solar_hijri(1278, 10, 9).unwrap();
    assert_eq!((g.year, g.month, g.day), (1899, 12, 30));
    assert!(PLACEHOLDER_DATES.contains(&g));
    let cfg = DateConfig::default().with_year_range(1, 9999);
    assert_eq!(
        parse_date_in("1278/10/09", &cfg, ctx("IR")),
        Err(selfsame::normalize::date::DateError::Placeholder)
    );
}
