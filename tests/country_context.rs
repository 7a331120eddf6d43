//! Every record is read in its own country's conventions: phones, dates and names through the
//! public API, for records whose country comes from the address, the source, a phone or the
//! script.

use proptest::prelude::*;
use selfsame::normalize::{normalize_profile, record_country, CountrySource, NormalizeConfig};
use selfsame::{Config, Field, PostalAddress, Profile, Resolver};

fn in_country(id: &str, country: &str) -> Profile {
    Profile::new("crm", id).with_address(PostalAddress::new().with_country(country))
}

fn e164(p: &Profile) -> Vec<u64> {
    normalize_profile(p, &NormalizeConfig::default())
        .phones
        .iter()
        .map(|k| k.e164)
        .collect()
}

#[test]
fn national_phones_read_in_the_records_country() {
    let cases = [
        ("GB", "020 7946 0018", 442079460018),
        ("United Kingdom", "07911 123456", 447911123456),
        ("DE", "030 12345678", 493012345678),
        ("Deutschland", "0151 23456789", 4915123456789),
        ("France", "01 23 45 67 89", 33123456789),
        ("IN", "098765 43210", 919876543210),
        ("ایران", "۰۹۱۳ ۵۴۷ ۰۸۲۰", 989135470820),
        ("ประเทศไทย", "๐๘๑-๒๓๔-๕๖๗๘", 66812345678),
        ("TH", "097 1364237", 66971364237),
        ("US", "(415) 555-0134", 14155550134),
    ];
    for (country, phone, want) in cases {
        let p = in_country("1", country).with_phone(phone);
        assert_eq!(e164(&p), vec![want], "{country} {phone}");
    }
}

#[test]
fn a_foreign_national_number_is_rejected_not_reread() {
    // A Chinese mobile in national format is a valid-looking US number; in a Chinese record it is
    // Chinese, in an Iranian record an Iranian national number of that shape is not valid.
    let cn = in_country("1", "CN").with_phone("15572404998");
    assert_eq!(e164(&cn), vec![8615572404998]);
    let ir = in_country("2", "IR").with_phone("1-415-555-0134");
    let n = normalize_profile(&ir, &NormalizeConfig::default());
    assert!(n.phones.is_empty());
    assert_eq!(n.rejected[0].field, Field::Phone);
}

#[test]
fn dates_read_in_the_records_calendar() {
    let date = |p: Profile| {
        normalize_profile(&p, &NormalizeConfig::default())
            .date_of_birth
            .map(|d| d.to_string())
    };
    let ir = |s: &str| date(in_country("1", "IR").with_date_of_birth(s));
    let th = |s: &str| date(in_country("1", "Thailand").with_date_of_birth(s));
    assert_eq!(ir("1361/10/05").as_deref(), Some("1982-12-26"));
    assert_eq!(ir("۱۳۶۱/۱۰/۰۵").as_deref(), Some("1982-12-26"));
    assert_eq!(ir("1982-12-26").as_deref(), Some("1982-12-26"));
    assert_eq!(th("02/12/2510").as_deref(), Some("1967-12-02"));
    assert_eq!(th("3 มี.ค. 2528").as_deref(), Some("1985-03-03"));
    assert_eq!(th("03/04/1985").as_deref(), Some("1985-04-03")); // day first in Thailand
    let us = |s: &str| date(in_country("1", "US").with_date_of_birth(s));
    assert_eq!(us("03/04/1985").as_deref(), Some("1985-03-04"));
    // The year alone never picks a calendar: 1361 in an American record is out of range.
    assert_eq!(us("1361/10/05"), None);
}

#[test]
fn where_the_country_comes_from() {
    let cfg = NormalizeConfig::default().with_source_country("pos-bkk", "TH");
    let src = |p: &Profile| record_country(p, &cfg).map(|(c, s)| (c.to_string(), s));
    // The address wins over the source setting.
    let p = Profile::new("pos-bkk", "1").with_address(PostalAddress::new().with_country("Iran"));
    assert_eq!(src(&p), Some(("IR".into(), CountrySource::Address)));
    let p = Profile::new("pos-bkk", "2").with_phone("081 234 5678");
    assert_eq!(src(&p), Some(("TH".into(), CountrySource::Source)));
    let p = Profile::new("web", "3").with_phone("0098 912 345 6789");
    assert_eq!(src(&p), Some(("IR".into(), CountrySource::Phone)));
    let p = Profile::new("web", "4").with_given_name("นายสมชาย");
    assert_eq!(src(&p), Some(("TH".into(), CountrySource::Script)));
    let p = Profile::new("web", "5").with_given_name("Ann");
    assert_eq!(src(&p), None);
    let p = Profile::new("web", "7").with_date_of_birth("۱۳۶۱/۱۰/۰۵");
    assert_eq!(src(&p), Some(("IR".into(), CountrySource::Script)));
    let p = Profile::new("web", "8").with_email("somchai@example.co.th");
    assert_eq!(src(&p), Some(("TH".into(), CountrySource::Email)));
    let p = Profile::new("web", "9").with_email("ann@startup.io");
    assert_eq!(src(&p), None);
    let off = cfg.clone().with_infer_country(false);
    let p = Profile::new("web", "6").with_given_name("นายสมชาย");
    assert_eq!(record_country(&p, &off), None);
}

/// Through `Resolver`: one Iranian customer typed four ways, one Thai customer three ways, and a
/// different Iranian customer who shares the family name; rejections are counted per country.
#[test]
fn resolve_links_records_written_in_local_conventions() {
    let profiles = vec![
        Profile::new("crm", "ir1")
            .with_given_name("آقای محمد")
            .with_family_name("رضا زاده")
            .with_phone("0912 345 6789")
            .with_date_of_birth("1361/10/05")
            .with_address(PostalAddress::new().with_country("ایران")),
        Profile::new("shop", "ir2")
            .with_given_name("محمد")
            .with_family_name("رضا\u{200c}زاده")
            .with_phone("+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹")
            .with_date_of_birth("1982-12-26"),
        Profile::new("app", "ir3")
            .with_given_name("Mohammad")
            .with_family_name("Rezazadeh")
            .with_phone("00989123456789")
            .with_email("m.rezazadeh@example.ir"),
        Profile::new("pos", "ir4")
            .with_full_name("محمد رضازاده")
            .with_email("M.Rezazadeh@example.ir\u{200f}")
            .with_date_of_birth("۱۳۶۱/۱۰/۰۵"),
        Profile::new("crm", "ir5")
            .with_given_name("زهرا")
            .with_family_name("رضازاده")
            .with_phone("0912 765 4321")
            .with_date_of_birth("1370/02/14")
            .with_address(PostalAddress::new().with_country("IR")),
        Profile::new("crm", "th1")
            .with_given_name("นางสาวสุรนีย์")
            .with_family_name("ศรีสุข")
            .with_phone("๐๘๑-๒๓๔-๕๖๗๘")
            .with_date_of_birth("02/12/2510")
            .with_address(PostalAddress::new().with_country("ประเทศไทย")),
        Profile::new("shop", "th2")
            .with_given_name("สุรนีย์")
            .with_family_name("ศรีสุข")
            .with_phone("+66 81 234 5678")
            .with_date_of_birth("1967-12-02"),
        Profile::new("app", "th3")
            .with_given_name("สุรนีย์")
            .with_family_name("ศรีสุข")
            .with_phone("0812345678")
            .with_date_of_birth("2 ธ.ค. 2510")
            .with_address(PostalAddress::new().with_country("TH")),
    ];
    let res = Resolver::new(Config::default()).resolve(&profiles).unwrap();
    let c = |i: usize| res.cluster_of(i).unwrap();
    for i in [1, 2, 3] {
        assert_eq!(c(i), c(0), "record {} apart from ir1", profiles[i].id);
    }
    assert_ne!(c(4), c(0), "a different person with the same family name");
    assert_eq!(c(6), c(5));
    assert_eq!(c(7), c(5));
    assert_ne!(c(5), c(0));
    assert_eq!(res.stats.rejected_values, 0, "{:?}", res.stats.rejections);
    assert!(res.stats.rejections.is_empty());
}

proptest! {
    /// A record's own address country always decides, whatever the source setting, the
    /// phones or the script of its names.
    #[test]
    fn address_country_wins(
        country in prop::sample::select(vec!["IR", "TH", "GB", "DE", "US", "IN"]),
        source_country in prop::sample::select(vec!["IR", "TH", "GB", "US"]),
        name in prop::sample::select(vec!["محمد", "สมชาย", "Ann", ""]),
        phone in prop::sample::select(vec!["+98 912 345 6789", "+66 81 234 5678", "0912 345 6789", ""]),
    ) {
        let cfg = NormalizeConfig::default().with_source_country("s", source_country);
        let mut p = Profile::new("s", "1").with_address(PostalAddress::new().with_country(country));
        if !name.is_empty() {
            p = p.with_given_name(name);
        }
        if !phone.is_empty() {
            p = p.with_phone(phone);
        }
        let (c, from) = record_country(&p, &cfg).unwrap();
        prop_assert_eq!(c.as_str(), country);
        prop_assert_eq!(from, CountrySource::Address);
        prop_assert_eq!(normalize_profile(&p, &cfg).country, Some(c));
    }

    /// A number written with its calling code reads the same in every record, whatever the
    /// record's country.
    #[test]
    fn international_numbers_ignore_the_context(
        country in prop::sample::select(vec!["IR", "TH", "GB", "DE", "US", "IN", ""]),
        phone in prop::sample::select(vec!["+98 912 345 6789", "+66 81 234 5678", "+44 20 7946 0018", "+1 415 555 0134"]),
    ) {
        let p = in_country("1", country).with_phone(phone);
        let bare = Profile::new("x", "1").with_phone(phone);
        prop_assert_eq!(e164(&p), e164(&bare));
        prop_assert_eq!(e164(&p).len(), 1);
    }
}
