//! Golden records through the public API: JSON shape, serde round trip, determinism.

use proptest::prelude::*;
use selfsame::golden::{
    golden_record, GoldenRecord, GoldenValue, RecordRef, Rule, SurvivorshipConfig,
};
use selfsame::normalize::{normalize_profile, NormalizeConfig};
use selfsame::{Channel, Consent, ConsentState, NormalizedProfile, PostalAddress, Profile};

fn normalize(profiles: &[Profile]) -> Vec<NormalizedProfile> {
    let cfg = NormalizeConfig::default();
    profiles
        .iter()
        .map(|p| normalize_profile(p, &cfg))
        .collect()
}

fn all(profiles: &[Profile]) -> Vec<u32> {
    (0..profiles.len() as u32).collect()
}

fn sample() -> Vec<Profile> {
    vec![
        Profile::new("crm", "17")
            .with_given_name("José")
            .with_family_name("García")
            .with_email("J.Garcia@Example.com")
            .with_phone("+1 415 555 0134")
            .with_address(
                PostalAddress::new()
                    .with_street("12 Main St")
                    .with_city("Boston")
                    .with_postcode("02139"),
            )
            .with_date_of_birth("1985-03-12")
            .with_identifier("loyalty_no", "A-123")
            .with_attribute("tier", "gold")
            .with_updated_at(1_600_000_000)
            .with_consent(Consent::new(Channel::Email, ConsentState::Granted).at(1_600_000_000)),
        Profile::new("shop", "9")
            .with_full_name("JOSE GARCIA")
            .with_email("j.garcia@example.com")
            .with_email("jose@example.org")
            .with_phone("(415) 555-0199")
            .with_date_of_birth("19850312")
            .with_attribute("tier", "platinum")
            .with_updated_at(1_700_000_000)
            .with_consent(Consent::new(Channel::Email, ConsentState::Withdrawn).at(1_650_000_000))
            .with_consent(Consent::new(Channel::Sms, ConsentState::Granted).at(1_650_000_000)),
        Profile::new("crm", "3")
            .with_given_name("jose")
            .with_family_name("garcia")
            .with_phone("415.555.0134")
            .with_updated_at(1_500_000_000),
    ]
}

#[test]
fn merges_a_cluster() {
    let profiles = sample();
    let normalized = normalize(&profiles);
    let g = golden_record(
        "c-1",
        &all(&profiles),
        &profiles,
        &normalized,
        &SurvivorshipConfig::default(),
    );

    assert_eq!(
        g.records,
        [
            RecordRef::new("crm", "17"),
            RecordRef::new("crm", "3"),
            RecordRef::new("shop", "9")
        ]
    );
    let cases: &[(&str, GoldenValue, Rule)] = &[
        (
            "given_name",
            GoldenValue::One("José".into()),
            Rule::MostFrequent,
        ),
        (
            "family_name",
            GoldenValue::One("García".into()),
            Rule::MostFrequent,
        ),
        (
            "date_of_birth",
            GoldenValue::One("1985-03-12".into()),
            Rule::MostFrequent,
        ),
        (
            "email",
            GoldenValue::Many(vec![
                "j.garcia@example.com".into(),
                "jose@example.org".into(),
            ]),
            Rule::Union,
        ),
        (
            "phone",
            GoldenValue::Many(vec!["+14155550134".into(), "+14155550199".into()]),
            Rule::Union,
        ),
        (
            "id:loyalty_no",
            GoldenValue::Many(vec!["A-123".into()]),
            Rule::Union,
        ),
        (
            "attr:tier",
            GoldenValue::One("platinum".into()),
            Rule::MostRecent,
        ),
        (
            "consent_email",
            GoldenValue::One("withdrawn".into()),
            Rule::LatestStatement,
        ),
        (
            "consent_sms",
            GoldenValue::One("granted".into()),
            Rule::LatestStatement,
        ),
    ];
    for (name, value, rule) in cases {
        let f = &g.fields[*name];
        assert_eq!(&f.value, value, "{name}");
        assert_eq!(f.rule, *rule, "{name}");
        assert!(!f.sources.is_empty() && !f.records.is_empty(), "{name}");
    }
    assert_eq!(g.fields["given_name"].records.len(), 3);
    assert_eq!(g.fields["phone"].support[0].records.len(), 2);
    assert_eq!(
        g.refs(&g.fields["consent_email"].records)
            .collect::<Vec<_>>(),
        [&RecordRef::new("shop", "9")]
    );
    assert!(!g.fields.contains_key("consent_postal"));
    assert!(!g.fields.contains_key("middle_name"));
}

#[test]
fn gmail_variants_are_one_email() {
    let profiles = vec![
        Profile::new("a", "1").with_email("J.Smith@Gmail.com"),
        Profile::new("b", "1").with_email("jsmith@googlemail.com"),
    ];
    let normalized = normalize(&profiles);
    let g = golden_record(
        "c",
        &all(&profiles),
        &profiles,
        &normalized,
        &SurvivorshipConfig::default(),
    );
    let f = &g.fields["email"];
    assert_eq!(f.value.values().len(), 1);
    assert_eq!(f.sources, ["a", "b"]);
}

#[test]
fn json_shape() {
    let profiles = sample();
    let normalized = normalize(&profiles);
    let g = golden_record(
        "c-1",
        &all(&profiles),
        &profiles,
        &normalized,
        &SurvivorshipConfig::default(),
    );
    let v: serde_json::Value = serde_json::to_value(&g).unwrap();

    assert_eq!(v["cluster_id"], "c-1");
    assert_eq!(
        v["records"][0],
        serde_json::json!({"source": "crm", "record_id": "17"})
    );
    let fields = &v["fields"];
    assert!(fields["given_name"]["value"].is_string());
    assert_eq!(fields["given_name"]["rule"], "most_frequent");
    assert!(fields["given_name"].get("support").is_none());
    assert!(fields["email"]["value"].is_array());
    assert_eq!(fields["email"]["rule"], "union");
    assert!(fields["email"]["sources"].is_array());
    // A field names its records by their positions in the cluster's `records` list.
    let first = fields["email"]["support"][0]["records"][0]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(v["records"][first]["source"], "crm");
    for (name, f) in fields.as_object().unwrap() {
        let n = v["records"].as_array().unwrap().len() as u64;
        let positions = f["records"].as_array().unwrap();
        assert!(!positions.is_empty(), "{name}");
        assert!(
            positions.iter().all(|p| p.as_u64().is_some_and(|p| p < n)),
            "{name}"
        );
        assert!(
            positions.windows(2).all(|w| w[0].as_u64() < w[1].as_u64()),
            "{name}"
        );
    }
    assert_eq!(fields["consent_email"]["value"], "withdrawn");
    assert_eq!(fields["consent_email"]["rule"], "latest_statement");
}

#[test]
fn serde_round_trip() {
    let profiles = sample();
    let normalized = normalize(&profiles);
    let g = golden_record(
        "c-1",
        &all(&profiles),
        &profiles,
        &normalized,
        &SurvivorshipConfig::default(),
    );
    let json = serde_json::to_string(&g).unwrap();
    let back: GoldenRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, g);

    let cfg = SurvivorshipConfig::default()
        .with_source_priority(["crm"])
        .with_names(Rule::SourcePriority)
        .with_record_time_for_grants(true);
    let json = serde_json::to_string(&cfg).unwrap();
    assert!(json.contains(r#""names":"source_priority""#), "{json}");
    let back: SurvivorshipConfig = serde_json::from_str(&json).unwrap();
    assert_eq!(back, cfg);
    // Missing keys take their defaults.
    let partial: SurvivorshipConfig = serde_json::from_str(r#"{"phones": "most_recent"}"#).unwrap();
    assert_eq!(
        partial,
        SurvivorshipConfig::default().with_phones(Rule::MostRecent)
    );
}

#[test]
fn debug_prints_no_personal_data() {
    let profiles = sample();
    let normalized = normalize(&profiles);
    let g = golden_record(
        "c-1",
        &all(&profiles),
        &profiles,
        &normalized,
        &SurvivorshipConfig::default(),
    );
    let dbg = format!("{g:?} {:?}", g.fields.values().collect::<Vec<_>>());
    for secret in ["José", "jose", "garcia", "4155550134", "1985"] {
        assert!(!dbg.to_lowercase().contains(secret), "{secret} in {dbg}");
    }
}

fn arb_profile() -> impl Strategy<Value = Profile> {
    let name = prop::sample::select(vec!["Ann", "ANN", "ann", "Anna", "Änne", "Bob"]);
    let email = prop::sample::select(vec!["a@x.com", "A@X.com", "b@x.com", "c@y.org"]);
    let phone = prop::sample::select(vec!["+1 415 555 0134", "4155550134", "+1 212 555 0100"]);
    let state = prop::sample::select(vec![ConsentState::Granted, ConsentState::Withdrawn]);
    (
        prop::sample::select(vec!["crm", "shop", "web"]),
        0u8..4,
        prop::option::of(name.clone()),
        prop::option::of(name),
        prop::collection::vec(email, 0..3),
        prop::collection::vec(phone, 0..2),
        prop::option::of(0i64..4),
        prop::option::of((state, prop::option::of(0i64..4))),
        prop::option::of(prop::sample::select(vec!["gold", "silver"])),
    )
        .prop_map(
            |(source, id, given, family, emails, phones, ts, consent, tier)| {
                let mut p = Profile::new(source, id.to_string());
                p.given_name = given.map(str::to_string);
                p.family_name = family.map(str::to_string);
                p.emails = emails.into_iter().map(str::to_string).collect();
                p.phones = phones.into_iter().map(str::to_string).collect();
                p.updated_at = ts;
                if let Some((state, at)) = consent {
                    let c = Consent::new(Channel::Email, state);
                    p.consents.push(match at {
                        Some(t) => c.at(t),
                        None => c,
                    });
                }
                if let Some(t) = tier {
                    p = p.with_attribute("tier", t);
                }
                p
            },
        )
}

fn arb_rule() -> impl Strategy<Value = Rule> {
    prop::sample::select(vec![
        Rule::MostRecent,
        Rule::MostFrequent,
        Rule::SourcePriority,
        Rule::MostComplete,
        Rule::Union,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Same members in any order (and repeated) → the identical golden record.
    #[test]
    fn order_of_members_does_not_matter(
        profiles in prop::collection::vec(arb_profile(), 1..8),
        seed in any::<u64>(),
        names in arb_rule(),
        emails in arb_rule(),
        attributes in arb_rule(),
    ) {
        let normalized = normalize(&profiles);
        let cfg = SurvivorshipConfig::default()
            .with_source_priority(["shop"])
            .with_names(names)
            .with_emails(emails)
            .with_attributes(attributes);
        let members = all(&profiles);
        let mut shuffled = members.clone();
        // Deterministic Fisher–Yates from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        shuffled.push(shuffled[0]);
        let a = golden_record("c", &members, &profiles, &normalized, &cfg);
        let b = golden_record("c", &shuffled, &profiles, &normalized, &cfg);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    /// Consent never says granted when a withdrawal is at least as recent as every timed grant.
    #[test]
    fn consent_never_grants_over_a_newer_or_equal_withdrawal(
        profiles in prop::collection::vec(arb_profile(), 1..8),
    ) {
        let normalized = normalize(&profiles);
        let g = golden_record("c", &all(&profiles), &profiles, &normalized, &SurvivorshipConfig::default());
        let mut latest_grant = None;
        let mut latest_withdrawal = None;
        for p in &profiles {
            for c in &p.consents {
                match c.state {
                    ConsentState::Granted => latest_grant = latest_grant.max(Some(c.at)),
                    ConsentState::Withdrawn => {
                        let t = c.at.or(p.updated_at).unwrap_or(i64::MAX);
                        latest_withdrawal = latest_withdrawal.max(Some(t));
                    }
                }
            }
        }
        let got = g.fields.get("consent_email").and_then(|f| f.value.as_str());
        match (latest_grant, latest_withdrawal) {
            (None, None) => prop_assert_eq!(got, None),
            (Some(_), None) => prop_assert_eq!(got, Some("granted")),
            (None, Some(_)) => prop_assert_eq!(got, Some("withdrawn")),
            (Some(g), Some(w)) => {
                let granted = matches!(g, Some(t) if t > w);
                prop_assert_eq!(got, Some(if granted { "granted" } else { "withdrawn" }));
            }
        }
    }
}
