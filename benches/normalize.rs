//! Normalizer throughput: one group per normalizer, plus a whole profile.
//!
//! Run with `cargo bench --bench normalize`; each group measures for about two seconds.
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use selfsame::normalize::NormalizeConfig;
use selfsame::normalize::{address, date, email, name, normalize_profile, phone, text};
use selfsame::{PostalAddress, Profile};

const NAMES: &[&str] = &[
    "José",
    "MÜLLER-Lüdenscheidt",
    "O’Brien",
    "Katherine",
    "Bob",
    "Nguyễn",
    "  smith ",
    "Wł adysław",
];

const EMAILS: &[&str] = &[
    "J.Smith@Gmail.com",
    "jsmith+news@googlemail.com",
    "  Jo.Smith+shop@Outlook.com ",
    "Jo Smith <jo.smith@example.co.uk>",
    "mailto:o'brien@example.ie",
    "JOSÉ@Bücher.DE",
    "not an email",
    "jo@@example.com",
];

/// Phone samples in various formats, with the region they are read in.
const PHONES: &[(&str, &str)] = &[
    ("+14709697226", "US"),
    ("(470) 969-7226", "US"),
    ("470.969.7226", "US"),
    ("1-470-969-7226", "US"),
    ("4709697226", "US"),
    ("+1 (415) 555-0134", "US"),
    ("470-969-7226 ext. 12", "US"),
    ("011 44 20 7946 0018", "US"),
    ("020 7946 0018", "GB"),
    ("+44 (0)20 7946 0018", "GB"),
    ("030 12345678", "DE"),
    ("+33 1 23 45 67 89", "FR"),
    ("+91 98765 43210", "IN"),
    ("(02) 9374 4000", "AU"),
    ("+34 912 345 678", "ES"),
    ("06 1234 5678", "IT"),
    ("+55 11 91234-5678", "BR"),
    ("+52 55 1234 5678", "MX"),
    ("03-1234-5678", "JP"),
    ("0000000000", "US"),
];

const DATES: &[&str] = &[
    "1984-07-03",
    "07/03/1984",
    "3 July 1984",
    "19840703",
    "July 3, 1984",
];

fn configure(g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(n as u64));
}

fn addresses() -> Vec<PostalAddress> {
    vec![
        PostalAddress::new()
            .with_street("1600 Amphitheatre Pkwy")
            .with_city("Mountain View")
            .with_region("CA")
            .with_postcode("94043")
            .with_country("US"),
        PostalAddress::new()
            .with_street("10 Downing Street")
            .with_city("London")
            .with_postcode("SW1A 2AA")
            .with_country("GB"),
        PostalAddress::new()
            .with_street("Königstraße 12a")
            .with_city("Stuttgart")
            .with_postcode("70173")
            .with_country("Deutschland"),
        PostalAddress::new()
            .with_street("221B Baker St., Apt 2")
            .with_city("london"),
    ]
}

fn profile() -> Profile {
    Profile::new("crm", "42")
        .with_given_name("José")
        .with_family_name("Müller-Smith")
        .with_email("J.Smith+news@Gmail.com")
        .with_phone("(470) 969-7226")
        .with_address(
            PostalAddress::new()
                .with_street("1600 Amphitheatre Pkwy")
                .with_city("Mountain View")
                .with_postcode("94043")
                .with_country("US"),
        )
        .with_date_of_birth("1984-07-03")
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("text");
    configure(&mut g, NAMES.len());
    g.bench_function("fold", |b| {
        b.iter(|| {
            NAMES
                .iter()
                .map(|s| text::fold(black_box(s)).len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("name");
    configure(&mut g, NAMES.len());
    g.bench_function("normalize_name_part+nickname_groups+phonetic_key", |b| {
        b.iter(|| {
            let mut n = 0;
            for s in NAMES {
                if let Ok(part) = name::normalize_name_part(black_box(s)) {
                    n += name::nickname_groups(&part).len();
                    n += name::phonetic_key(&part).len();
                }
            }
            n
        })
    });
    g.finish();

    let mut g = c.benchmark_group("email");
    configure(&mut g, EMAILS.len());
    g.bench_function("normalize_email", |b| {
        b.iter(|| {
            EMAILS
                .iter()
                .filter(|s| email::normalize_email(black_box(s)).is_ok())
                .count()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("phone");
    configure(&mut g, PHONES.len());
    g.bench_function("normalize_phone", |b| {
        b.iter(|| {
            PHONES
                .iter()
                .filter(|(s, r)| phone::normalize_phone(black_box(s), r).is_ok())
                .count()
        })
    });
    g.finish();

    let addrs = addresses();
    let mut g = c.benchmark_group("address");
    configure(&mut g, addrs.len());
    g.bench_function("normalize_address", |b| {
        b.iter(|| {
            addrs
                .iter()
                .filter(|a| address::normalize_address(black_box(a), Some("US")).is_ok())
                .count()
        })
    });
    g.finish();

    let cfg = date::DateConfig::default();
    let mut g = c.benchmark_group("date");
    configure(&mut g, DATES.len());
    g.bench_function("parse_date", |b| {
        b.iter(|| {
            DATES
                .iter()
                .filter(|s| date::parse_date(black_box(s), &cfg).is_ok())
                .count()
        })
    });
    g.finish();

    let p = profile();
    let cfg = NormalizeConfig::default();
    let mut g = c.benchmark_group("profile");
    configure(&mut g, 1);
    g.bench_function("normalize_profile", |b| {
        b.iter(|| normalize_profile(black_box(&p), &cfg))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
