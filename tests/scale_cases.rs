//! Integration tests of the guard stage through the public `Resolver` API: many byte-identical
//! records, a placeholder email shared by many people, and a chain through a record without a
//! given name or date of birth that only cluster coherence breaks. The last test,
//! `exact_duplicate_stays_with_its_twin_when_a_bridge_is_cut`, fails until exact duplicates are
//! carried along when a weak bridge is cut (`cut_bridges` in `src/cluster.rs`).

use std::collections::BTreeSet;
use std::time::Instant;

use selfsame::guard::{GenericField, GuardConfig, GuardReason};
use selfsame::{Config, Profile, Resolution, Resolver};

/// Every input record is in exactly one cluster, members sorted, `cluster_of` agrees, and the
/// figures match the clusters.
fn assert_partition(res: &Resolution, n: usize) {
    let mut seen = vec![0u32; n];
    for (c, cl) in res.clusters.iter().enumerate() {
        assert!(!cl.members.is_empty(), "empty cluster {}", cl.id);
        assert!(cl.members.windows(2).all(|w| w[0] < w[1]));
        for &m in &cl.members {
            seen[m as usize] += 1;
            assert_eq!(res.cluster_of(m as usize), Some(c));
        }
    }
    assert!(
        seen.iter().all(|&k| k == 1),
        "a record in 0 or 2+ clusters: {:?}",
        seen.iter()
            .enumerate()
            .filter(|(_, &k)| k != 1)
            .take(5)
            .collect::<Vec<_>>()
    );
    assert_eq!(res.stats.records, n);
    assert_eq!(res.stats.clusters, res.clusters.len());
    assert_eq!(res.golden.len(), res.clusters.len());
    let sizes: usize = res
        .stats
        .cluster_sizes
        .histogram
        .iter()
        .map(|&(size, count)| size * count)
        .sum();
    assert_eq!(sizes, n, "cluster size histogram covers every record");
}

/// 100,000 byte-identical records (distinct ids, one source) are one person: one cluster, all
/// but one of them exact duplicates, and nothing blocked or scored for them. Timed: it must stay
/// linear (a block of 100,000 records would be skipped as oversized, and scoring all pairs would
/// be 5·10⁹ comparisons).
#[test]
fn hundred_thousand_identical_records_are_one_cluster() {
    const N: usize = 100_000;
    let profiles: Vec<Profile> = (0..N)
        .map(|i| {
            Profile::new("crm", format!("r{i:06}"))
                .with_given_name("Eeva")
                .with_family_name("Harrison")
                .with_email("eeva.harrison@example.com")
                .with_phone("+1 415 555 0134")
        })
        .collect();
    let t = Instant::now();
    let res = Resolver::default().resolve(&profiles).unwrap();
    let elapsed = t.elapsed();
    eprintln!(
        "{N} identical records resolved in {elapsed:?} ({:?})",
        res.stats.timings
    );
    assert_partition(&res, N);
    assert_eq!(res.clusters.len(), 1);
    assert_eq!(res.clusters[0].members.len(), N);
    assert_eq!(res.stats.exact_duplicates, N - 1);
    assert_eq!(res.stats.cluster_sizes.largest, N);
    assert!(res.stats.generic.is_empty(), "{:?}", res.stats.generic);
    assert!(res.stats.guard.guarded.is_empty());
    assert!(
        res.stats.scored_pairs <= 1,
        "duplicates are not scored: {} pairs",
        res.stats.scored_pairs
    );
    assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
}

/// Fifty given names, pairwise very different (no nickname group, no close spelling).
const GIVEN_50: [&str; 50] = [
    "Aaliyah",
    "Bartholomew",
    "Chidi",
    "Dagny",
    "Eustace",
    "Fumiko",
    "Gideon",
    "Hortensia",
    "Ignatius",
    "Jolanta",
    "Kwame",
    "Ludmila",
    "Maximilian",
    "Nkechi",
    "Octavio",
    "Parveen",
    "Quincy",
    "Rosalind",
    "Svetlana",
    "Thaddeus",
    "Ursula",
    "Vikram",
    "Wilhelmina",
    "Xiomara",
    "Yevgeny",
    "Zenobia",
    "Ambrose",
    "Beatrix",
    "Cosimo",
    "Dolores",
    "Ebenezer",
    "Florentyna",
    "Gulnara",
    "Horatio",
    "Isadora",
    "Jedidiah",
    "Kalinda",
    "Leopold",
    "Marisol",
    "Nikolai",
    "Ottoline",
    "Percival",
    "Rukmini",
    "Sebastian",
    "Tallulah",
    "Umberto",
    "Valentina",
    "Wolfgang",
    "Yolanda",
    "Zbigniew",
];
/// Fifty family names.
const FAMILY_50: [&str; 50] = [
    "Abernathy",
    "Bergstrom",
    "Castellanos",
    "Dimitrov",
    "Eriksen",
    "Fitzgerald",
    "Gonzaga",
    "Holloway",
    "Iwasaki",
    "Jankowski",
    "Kowalczyk",
    "Lindqvist",
    "Mbeki",
    "Nakamura",
    "Oyelaran",
    "Pemberton",
    "Quintanilla",
    "Rasmussen",
    "Szczepanski",
    "Thorvaldsen",
    "Underwood",
    "Vasquez",
    "Whitfield",
    "Xenakis",
    "Yamamoto",
    "Zielinski",
    "Achterberg",
    "Blackwood",
    "Chakraborty",
    "Delacroix",
    "Esposito",
    "Fairbanks",
    "Grunewald",
    "Hargreaves",
    "Ivanova",
    "Jorgensen",
    "Kaczmarek",
    "Lombardi",
    "Montgomery",
    "Nieminen",
    "Olawale",
    "Papadopoulos",
    "Radcliffe",
    "Salvatore",
    "Tanaka",
    "Uchenna",
    "Villanueva",
    "Wainwright",
    "Yilmaz",
    "Zamora",
];
/// Family names of the background population (none of them in `FAMILY_50`).
const BACKGROUND_FAMILY: [&str; 6] = [
    "Okonkwo",
    "Lindgren",
    "Marchetti",
    "Novak",
    "Halvorsen",
    "Ferreira",
];

const PLACEHOLDER: &str = "noemail@example.com";

/// A background population so that the model is trained on real matches: 300 people (distinct
/// names), each with a CRM and a web record sharing their personal email, phones different.
/// 600 records, 300 true pairs.
fn background() -> Vec<Profile> {
    let mut v = Vec::new();
    for (q, family) in BACKGROUND_FAMILY.iter().enumerate() {
        for (r, given) in GIVEN_50.iter().enumerate() {
            let i = q * 50 + r;
            let email = format!(
                "{}.{}{i}@mail{}.com",
                given.to_lowercase(),
                family.to_lowercase(),
                i % 5
            );
            v.push(
                Profile::new("crm", format!("b{i:04}"))
                    .with_given_name(*given)
                    .with_family_name(*family)
                    .with_email(email.clone())
                    .with_phone(format!("+1 212 555 {i:04}")),
            );
            v.push(
                Profile::new("web", format!("b{i:04}"))
                    .with_given_name(*given)
                    .with_family_name(*family)
                    .with_email(email)
                    .with_phone(format!("+1 646 555 {i:04}")),
            );
        }
    }
    v
}

/// 50 different people (distinct given and family names, distinct phones) who all gave the
/// placeholder email, first in the input, then the background.
fn placeholder_people() -> Vec<Profile> {
    let mut v: Vec<Profile> = (0..50)
        .map(|i| {
            Profile::new("pos", format!("p{i:02}"))
                .with_given_name(GIVEN_50[i])
                .with_family_name(FAMILY_50[i])
                .with_email(PLACEHOLDER)
                .with_phone(format!("+1 415 555 {:04}", 1000 + 37 * i))
        })
        .collect();
    v.extend(background());
    v
}

fn resolve_with(guard: GuardConfig, profiles: &[Profile]) -> Resolution {
    Resolver::new(Config::default().with_guard(guard))
        .resolve(profiles)
        .unwrap()
}

/// Number of distinct clusters holding the first `k` input records.
fn clusters_of_first(res: &Resolution, k: usize) -> usize {
    (0..k)
        .map(|i| res.cluster_of(i).unwrap())
        .collect::<BTreeSet<_>>()
        .len()
}

fn no_generic() -> GuardConfig {
    GuardConfig {
        generic_email: 0,
        generic_email_local: 0,
        ..Default::default()
    }
}

/// A placeholder email carried by 50 different people is generic: listed in `stats.generic`
/// (field `Email`, 50 records, `first_record` one of them), makes no candidates and no links, and
/// the 50 people stay 50 clusters.
#[test]
fn placeholder_email_of_fifty_people_is_generic() {
    let ps = placeholder_people();
    let res = resolve_with(GuardConfig::default(), &ps);
    assert_partition(&res, ps.len());
    assert_eq!(clusters_of_first(&res, 50), 50);
    for i in 0..50 {
        let c = res.cluster_of(i).unwrap();
        assert_eq!(res.clusters[c].members, vec![i as u32], "person {i} merged");
    }
    let email: Vec<_> = res
        .stats
        .generic
        .iter()
        .filter(|g| g.field == GenericField::Email)
        .collect();
    assert_eq!(email.len(), 1, "{:?}", res.stats.generic);
    assert_eq!(email[0].records, 50);
    // One of the records carrying it (which one depends on the resolver's internal order).
    assert!(email[0].first_record < 50, "{:?}", email[0]);
    // A lower bound (counting stops early), at least the rule's threshold.
    assert!(email[0].people >= 3, "{:?}", email[0]);
    // Nothing links two of them.
    assert!(
        res.links.iter().all(|l| l.b >= 50),
        "a placeholder pair was linked"
    );
    // The background is resolved as usual: 300 pairs.
    assert_eq!(res.clusters.len(), 50 + 300);
    assert_eq!(res.normalized(7).map(|p| p.emails[0].generic), Some(true));
}

/// The same with the generic rules off: the placeholder is no longer listed and its block of
/// 50 records is compared (1,225 more candidate pairs). The 50 people still end up apart here —
/// their given names, family names and phones all disagree, so no pair reaches the threshold
/// (the email's term-frequency adjustment takes the weight out of a value shared by 50
/// records) — the generic rule is not the only thing keeping *these* records apart; see
/// `placeholder_email_merges_dob_only_records_without_the_generic_rule` for records where it is.
#[test]
fn placeholder_email_without_the_generic_rule() {
    let ps = placeholder_people();
    let on = resolve_with(GuardConfig::default(), &ps);
    let off = resolve_with(no_generic(), &ps);
    assert_partition(&off, ps.len());
    assert!(off.stats.generic.is_empty(), "{:?}", off.stats.generic);
    assert_eq!(off.stats.scored_pairs, on.stats.scored_pairs + 50 * 49 / 2);
    assert_eq!(off.normalized(7).map(|p| p.emails[0].generic), Some(false));
    assert_eq!(clusters_of_first(&off, 50), 50);
}

/// Records with only a family name (all "Smith"), a date of birth (50 different ones, 1940-01-01,
/// 1941-02-02, …, pairwise disagreeing) and the placeholder email — a front desk that types the
/// same address for everyone. With the generic rule the email is no evidence: no placeholder
/// pair is linked and they are 50 clusters. Without it the trained model (the background teaches
/// that an equal email is strong evidence) links each one to the next (email and family name
/// equal, years within one), coherence does not stop the chain (each link vouches for its own
/// two dates, and the joining record's date is in every conflict), and only weak-bridge
/// cutting breaks the path up — leaving pairs at its ends merged (48 clusters at the time of
/// writing).
#[test]
fn placeholder_email_links_dob_only_records_without_the_generic_rule() {
    let mut ps: Vec<Profile> = (0..50)
        .map(|i| {
            Profile::new("clinic", format!("p{i:02}"))
                .with_family_name("Smith")
                .with_email(PLACEHOLDER)
                .with_date_of_birth(format!("{}-{:02}-{:02}", 1940 + i, 1 + i % 12, 1 + i % 28))
        })
        .collect();
    ps.extend(background());
    let on = resolve_with(GuardConfig::default(), &ps);
    assert_partition(&on, ps.len());
    assert_eq!(clusters_of_first(&on, 50), 50);
    assert!(on.links.iter().all(|l| l.b >= 50));
    let email = on
        .stats
        .generic
        .iter()
        .find(|g| g.field == GenericField::Email)
        .expect("placeholder found generic");
    assert_eq!(email.records, 50);
    assert!(email.first_record < 50, "{email:?}");

    let off = resolve_with(no_generic(), &ps);
    assert_partition(&off, ps.len());
    let placeholder_links = off.links.iter().filter(|l| l.b < 50).count();
    assert!(
        placeholder_links > 0,
        "without the generic rule the shared email links them"
    );
    assert!(
        clusters_of_first(&off, 50) < 50,
        "without the generic rule some of them are merged ({placeholder_links} links)"
    );
}

/// A: Eeva Harrison, B: Éric Harrison, both eharrison@gmail.com, born 1980-03-04 and 1975-11-30;
/// each with a phone of their own; C: only the family name Harrison, the same email and both
/// phones (a shared household account, say). A and B are not linked (given names and dates
/// disagree) but C links to both. Without cluster coherence the two links chain
/// A and B into one cluster; with it (the default) the second merge is refused, because the two
/// clusters would hold dates of birth (and given names) that disagree and C's link vouches for
/// neither.
fn chain() -> Vec<Profile> {
    vec![
        Profile::new("crm", "a")
            .with_given_name("Eeva")
            .with_family_name("Harrison")
            .with_email("eharrison@gmail.com")
            .with_phone("+1 415 555 0123")
            .with_date_of_birth("1980-03-04"),
        Profile::new("crm", "b")
            .with_given_name("Éric")
            .with_family_name("Harrison")
            .with_email("eharrison@gmail.com")
            .with_phone("+1 415 555 0177")
            .with_date_of_birth("1975-11-30"),
        Profile::new("shop", "c")
            .with_family_name("Harrison")
            .with_email("eharrison@gmail.com")
            .with_phone("+1 415 555 0123")
            .with_phone("+1 415 555 0177"),
    ]
}

fn check_chain(ps: &[Profile]) {
    let (a, b, c) = (0, 1, 2);
    let no_coherence = GuardConfig {
        coherence: false,
        ..Default::default()
    };
    let off = resolve_with(no_coherence, ps);
    assert_partition(&off, ps.len());
    assert!(off.stats.generic.is_empty(), "{:?}", off.stats.generic);
    // Not linked directly...
    assert!(
        !off.links.iter().any(|l| (l.a, l.b) == (a, b)),
        "A and B linked directly: {:?}",
        off.links
    );
    // ...but both to C, and chained through it.
    assert!(off.links.iter().any(|l| (l.a, l.b) == (a, c)));
    assert!(off.links.iter().any(|l| (l.a, l.b) == (b, c)));
    assert_eq!(
        off.cluster_of(0),
        off.cluster_of(1),
        "no chain without coherence"
    );
    assert_eq!(off.cluster_of(0), off.cluster_of(2));

    let on = resolve_with(GuardConfig::default(), ps);
    assert_partition(&on, ps.len());
    assert_eq!(
        on.links, off.links,
        "the same links, only clustering differs"
    );
    assert_ne!(
        on.cluster_of(0),
        on.cluster_of(1),
        "A and B chained through C"
    );
    assert!(on.cluster_of(2) == on.cluster_of(0) || on.cluster_of(2) == on.cluster_of(1));
    let refused: Vec<_> = on
        .stats
        .guard
        .guarded
        .iter()
        .filter(|g| g.b == c && (g.a == a || g.a == b))
        .collect();
    assert_eq!(refused.len(), 1, "{:?}", on.stats.guard);
    assert!(matches!(
        refused[0].reason,
        GuardReason::BirthDateConflict | GuardReason::GivenNameConflict
    ));
    assert_eq!(on.stats.guard.coherence_refused, 1);
}

#[test]
fn chain_through_a_nameless_record_is_refused_by_coherence() {
    check_chain(&chain());
}

/// The same three records among the background population (a model trained on real matches).
#[test]
fn chain_through_a_nameless_record_among_others() {
    let mut ps = chain();
    ps.extend(background());
    check_chain(&ps);
}

/// Exact duplicates "always end up together" (guard rule 2) — also when a weak bridge is cut.
/// Left group: x1, x2 (one person, 1960-01-01) and y1 (1961-02-02, shares their email); right
/// group: y2, its byte-identical copy and y3 (1961-02-02, y2's email). y1-y2 (shared phone) is the
/// only link between the groups and is weak, so it is cut. Only y2, the head of its duplicate
/// group, was blocked and linked; its copy keeps the label of the component before the cut and
/// lands in the left cluster, apart from its twin. (See also `guard_props.rs`,
/// `duplicates_of_linked_heads_follow_their_head_when_a_bridge_is_cut`.)
#[test]
fn exact_duplicate_stays_with_its_twin_when_a_bridge_is_cut() {
    let rec = |src: &str, id: &str, email: &str, dob: &str, phone: Option<&str>| {
        let p = Profile::new(src, id)
            .with_given_name("John")
            .with_family_name("Smith")
            .with_email(email)
            .with_date_of_birth(dob);
        match phone {
            Some(ph) => p.with_phone(ph),
            None => p,
        }
    };
    let home = "smith.home@example.com";
    let mut ps = vec![
        rec("a", "x1", home, "1960-01-01", None),
        rec("b", "x2", home, "1960-01-01", Some("+1 303 555 0101")),
        rec("a", "y1", home, "1961-02-02", Some("+1 303 555 0202")),
        rec(
            "b",
            "y2",
            "y@mail.com",
            "1961-02-02",
            Some("+1 303 555 0202"),
        ),
        rec(
            "c",
            "y2-copy",
            "y@mail.com",
            "1961-02-02",
            Some("+1 303 555 0202"),
        ),
        rec(
            "d",
            "y3",
            "y@mail.com",
            "1961-02-02",
            Some("+1 720 555 0303"),
        ),
    ];
    ps.extend(background());
    let res = resolve_with(GuardConfig::default(), &ps);
    assert_partition(&res, ps.len());
    assert_eq!(res.stats.exact_duplicates, 1);
    // The scenario: the link y1-y2 is cut as a weak bridge.
    assert!(
        res.stats
            .guard
            .guarded
            .iter()
            .any(|g| (g.a, g.b, g.reason) == (2, 3, GuardReason::WeakBridge)),
        "scenario changed, y1-y2 not cut: {:?}",
        res.stats.guard.guarded
    );
    let of: Vec<usize> = (0..6).map(|i| res.cluster_of(i).unwrap()).collect();
    assert_eq!(
        of[4], of[3],
        "y2's identical copy left y2 (clusters of x1 x2 y1 y2 copy y3: {of:?})"
    );
}
