//! Field comparisons: each field of a record pair gets a graded agreement level, or "missing".
//!
//! Levels are numbered from 0 (strongest agreement) upward; the last level of each field is
//! "else" (disagreement). [`MISSING`] means either side lacks the field: it is neutral evidence,
//! never a mismatch. Multi-valued fields (emails, phones, addresses, identifiers) take the best
//! level over all value pairs. Comparisons work on precomputed hashes and folded text and do
//! not allocate.
//!
//! Email addresses spelled from their holder's name (`rebecca.anderson@`, `rebecca72@`, see
//! [`EmailKey::name_like`]) are partly the names again: local parts that agree only partly say
//! nothing more, and an equal address held by two records whose family names disagree outright
//! compares as missing. Namesakes write the same address: in the public generator's million
//! people, only 4% of the candidate pairs with one given name, family names that disagree and
//! one such address are the same person.

use serde::{Deserialize, Serialize};

use crate::normalize::name;
use crate::profile::{AddressKey, EmailKey, NameKey, NormalizedProfile, PhoneKey};

mod custom;
pub use custom::{
    normalize_custom, CompareKind, CustomComparison, CustomField, CustomValue, CustomValues,
    Levels, MAX_COMPARISONS, MAX_CUSTOM,
};

/// Level value meaning "either side lacks this field".
pub const MISSING: u8 = u8::MAX;

/// The fields that are compared, in the order of [`Comparison::levels`].
///
/// ```
/// use selfsame::compare::CompareField;
/// assert_eq!(CompareField::ALL.len(), 7);
/// assert_eq!(CompareField::Phone.level_names()[0], "e164_equal");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareField {
    /// Given name.
    GivenName,
    /// Family name.
    FamilyName,
    /// Email addresses.
    Email,
    /// Phone numbers.
    Phone,
    /// Postal addresses.
    Address,
    /// Date of birth.
    DateOfBirth,
    /// External identifiers of the same kind.
    Identifier,
}

/// Number of compared fields.
pub const NUM_FIELDS: usize = 7;

impl CompareField {
    /// All fields, in vector order.
    pub const ALL: [CompareField; NUM_FIELDS] = [
        CompareField::GivenName,
        CompareField::FamilyName,
        CompareField::Email,
        CompareField::Phone,
        CompareField::Address,
        CompareField::DateOfBirth,
        CompareField::Identifier,
    ];

    /// The field's snake_case name.
    ///
    /// ```
    /// assert_eq!(selfsame::compare::CompareField::DateOfBirth.as_str(), "date_of_birth");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CompareField::GivenName => "given_name",
            CompareField::FamilyName => "family_name",
            CompareField::Email => "email",
            CompareField::Phone => "phone",
            CompareField::Address => "address",
            CompareField::DateOfBirth => "date_of_birth",
            CompareField::Identifier => "identifier",
        }
    }

    /// Names of the field's levels, strongest first; the last is the disagreement level.
    ///
    /// ```
    /// use selfsame::compare::CompareField;
    /// assert_eq!(CompareField::GivenName.level_names().last(), Some(&"else"));
    /// ```
    pub fn level_names(self) -> &'static [&'static str] {
        match self {
            CompareField::GivenName => &[
                "exact",
                "swapped_with_family",
                "nickname_group",
                "jaro_winkler_0.92",
                "jaro_winkler_0.80",
                "initial",
                "else",
            ],
            CompareField::FamilyName => &[
                "exact",
                "swapped_with_given",
                "jaro_winkler_0.92_or_part",
                "jaro_winkler_0.80",
                "else",
            ],
            CompareField::Email => &[
                "canonical_equal",
                "same_local_domain_typo_or_tag",
                "same_local_other_domain",
                "local_jaro_winkler_0.90",
                "else",
            ],
            CompareField::Phone => &[
                "e164_equal",
                "national_number_equal",
                "last_7_digits_equal",
                "one_digit_typo",
                "else",
            ],
            CompareField::Address => &[
                "key_equal",
                "house_postcode_fuzzy_street",
                "token_set_0.6",
                "postcode_only",
                "else",
            ],
            CompareField::DateOfBirth => &[
                "exact",
                "day_month_swapped",
                "one_component_differs",
                "year_within_1",
                "else",
            ],
            CompareField::Identifier => &["equal", "one_typo", "different"],
        }
    }

    /// Number of levels (not counting [`MISSING`]).
    ///
    /// ```
    /// assert_eq!(selfsame::compare::CompareField::Identifier.num_levels(), 3);
    /// ```
    pub fn num_levels(self) -> usize {
        self.level_names().len()
    }

    /// Whether this field's top level gets a term-frequency adjustment (rarer shared values are
    /// stronger evidence).
    pub(crate) fn term_frequency(self) -> bool {
        matches!(
            self,
            CompareField::GivenName
                | CompareField::FamilyName
                | CompareField::Email
                | CompareField::Phone
                | CompareField::Address
        )
    }
}

/// The outcome of comparing two records: a level per field, plus the hash of the shared value
/// where the top level (or, for addresses, the postcode-only level) was reached, for
/// term-frequency adjustment.
///
/// ```
/// use selfsame::{compare::{compare, CompareField, MISSING}, normalize::normalize_profile, Profile};
/// let cfg = Default::default();
/// let a = normalize_profile(&Profile::new("a", "1").with_given_name("Robert").with_family_name("Smith"), &cfg);
/// let b = normalize_profile(&Profile::new("b", "2").with_given_name("Bob").with_family_name("Smith").with_email("x@y.com"), &cfg);
/// let c = compare(&a, &b);
/// assert_eq!(c.level(CompareField::FamilyName), 0);
/// assert_eq!(c.level(CompareField::Email), MISSING);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Comparison {
    /// Level per comparison: the built-in fields in [`CompareField::ALL`] order, then the custom
    /// comparisons in configuration order; [`MISSING`] when either side lacks it (and in unused
    /// slots).
    pub levels: Levels,
    /// Hash of the agreeing value per comparison where term frequency applies (0 otherwise).
    pub tf_keys: [u64; MAX_COMPARISONS],
}

impl Comparison {
    /// The level of one built-in field.
    pub fn level(&self, f: CompareField) -> u8 {
        self.levels[f as usize]
    }

    /// The level of custom comparison `k` (its position in the configuration).
    pub fn custom_level(&self, k: usize) -> u8 {
        self.levels.get(NUM_FIELDS + k).copied().unwrap_or(MISSING)
    }
}

/// Compares two normalized profiles on the built-in fields. Symmetric: `compare(a, b)` and
/// `compare(b, a)` give the same levels. Custom comparisons are added by [`compare_with`] (and
/// by [`crate::score::Model::compare`], which uses the model's own).
pub fn compare(a: &NormalizedProfile, b: &NormalizedProfile) -> Comparison {
    let mut c = Comparison {
        levels: [MISSING; MAX_COMPARISONS],
        tf_keys: [0; MAX_COMPARISONS],
    };
    let (g, f, gk, fk) = compare_names(a, b);
    c.levels[CompareField::GivenName as usize] = g;
    c.levels[CompareField::FamilyName as usize] = f;
    c.tf_keys[CompareField::GivenName as usize] = gk;
    c.tf_keys[CompareField::FamilyName as usize] = fk;
    let (mut l, mut k) = best(&a.emails, &b.emails, compare_email);
    if l == 0 && f == FAMILY_ELSE {
        // An address spelled from a name (`rebecca72@`, `rebecca.anderson@`) held by two
        // records whose family names disagree outright: namesakes by given name write the
        // same address, so it says nothing the names do not. Another equal address still counts.
        (l, k) = match unspelled_equal_email(a, b) {
            Some(h) => (0, h),
            None => (MISSING, 0),
        };
    }
    c.levels[CompareField::Email as usize] = l;
    c.tf_keys[CompareField::Email as usize] = k;
    let (l, k) = best(&a.phones, &b.phones, compare_phone);
    c.levels[CompareField::Phone as usize] = l;
    c.tf_keys[CompareField::Phone as usize] = k;
    let (l, k) = best(&a.addresses, &b.addresses, compare_address);
    c.levels[CompareField::Address as usize] = l;
    c.tf_keys[CompareField::Address as usize] = k;
    c.levels[CompareField::DateOfBirth as usize] = match (&a.date_of_birth, &b.date_of_birth) {
        (Some(x), Some(y)) => compare_date(x, y),
        _ => MISSING,
    };
    c.levels[CompareField::Identifier as usize] = compare_identifiers(a, b);
    c
}

/// [`compare`] plus the custom comparisons, on the values [`normalize_custom`] read with the
/// same list (a record without them compares as missing).
///
/// ```
/// use selfsame::compare::{compare_with, normalize_custom, CustomComparison, MISSING};
/// use selfsame::{normalize::{normalize_profile, NormalizeConfig}, Profile};
/// let cmp: Vec<CustomComparison> = vec!["attr:birth_place=fuzzy".parse().unwrap()];
/// let cfg = NormalizeConfig::default();
/// let prep = |p: Profile| {
///     let mut n = normalize_profile(&p, &cfg);
///     normalize_custom(&p, &mut n, &cmp, &cfg);
///     n
/// };
/// let a = prep(Profile::new("a", "1").with_attribute("birth_place", "Stratford-upon-Avon"));
/// let b = prep(Profile::new("b", "2").with_attribute("birth_place", "Stratford upon Avon"));
/// let c = compare_with(&a, &b, &cmp);
/// assert_eq!(c.custom_level(0), 0);
/// assert_eq!(c.custom_level(1), MISSING);
/// ```
pub fn compare_with<'c>(
    a: &NormalizedProfile,
    b: &NormalizedProfile,
    comparisons: impl IntoIterator<Item = &'c CustomComparison>,
) -> Comparison {
    let mut c = compare(a, b);
    for (k, cmp) in comparisons.into_iter().take(MAX_CUSTOM).enumerate() {
        let (Some(x), Some(y)) = (a.custom.get(k), b.custom.get(k)) else {
            continue;
        };
        let (l, key) = cmp.level(x, y);
        c.levels[NUM_FIELDS + k] = l;
        c.tf_keys[NUM_FIELDS + k] = key;
    }
    c
}

/// The "else" level of the family name.
const FAMILY_ELSE: u8 = 4;

/// The smallest hash of an email address both records hold (not generic) that neither spells
/// from its holder's name.
pub(crate) fn unspelled_equal_email(a: &NormalizedProfile, b: &NormalizedProfile) -> Option<u64> {
    let spelled = |h: u64| {
        a.emails
            .iter()
            .chain(&b.emails)
            .any(|e| e.hash == h && e.name_like)
    };
    a.emails
        .iter()
        .filter(|x| !x.generic && b.emails.iter().any(|y| !y.generic && y.hash == x.hash))
        .map(|x| x.hash)
        .filter(|&h| !spelled(h))
        .min()
}

/// Best (lowest) level over all value pairs. When several pairs reach it, the smallest non-zero
/// term-frequency key among them is kept, so the result does not depend on argument order or on
/// the order of values within a record.
fn best<T>(xs: &[T], ys: &[T], f: impl Fn(&T, &T) -> (u8, u64)) -> (u8, u64) {
    let mut out = (MISSING, 0);
    for x in xs {
        for y in ys {
            let r = f(x, y);
            if r.0 < out.0 {
                out = r;
            } else if r.0 == out.0 && r.1 != 0 && (out.1 == 0 || r.1 < out.1) {
                out.1 = r.1;
            }
        }
    }
    out
}

pub(crate) fn compare_names(a: &NormalizedProfile, b: &NormalizedProfile) -> (u8, u8, u64, u64) {
    let (ag, af, bg, bf) = (&a.given, &a.family, &b.given, &b.family);
    // Swapped given/family: the cross pairs agree (one exactly or both closely, typos allowed)
    // while the straight pairs do not.
    if let (Some(ag), Some(af), Some(bg), Some(bf)) = (ag, af, bg, bf) {
        if ag.hash != bg.hash
            && af.hash != bf.hash
            && (ag.text.as_bytes().first() == bf.text.as_bytes().first()
                || af.text.as_bytes().first() == bg.text.as_bytes().first())
        {
            // The same two names in the other fields: evidence like equal names (of average
            // frequency: which side is swapped is unknown, so no term frequency), not a rare
            // event of its own that would outweigh them.
            if ag.hash == bf.hash && af.hash == bg.hash {
                return (0, 0, 0, 0);
            }
            let (x, y) = (cross_similarity(ag, bf), cross_similarity(af, bg));
            if (x >= 0.92 && y >= 0.92) || (x.max(y) >= 1.0 && x.min(y) >= 0.80) {
                return (1, 1, 0, 0);
            }
        }
    }
    let given = match (ag, bg) {
        (Some(x), Some(y)) => given_level(x, y),
        _ => (MISSING, 0),
    };
    let family = match (af, bf) {
        (Some(x), Some(y)) => family_level(x, y),
        _ => (MISSING, 0),
    };
    (given.0, family.0, given.1, family.1)
}

/// Similarity of a given name and a family name for swap detection (initials never count).
fn cross_similarity(x: &NameKey, y: &NameKey) -> f64 {
    if x.hash == y.hash {
        1.0
    } else if x.text.len() > 2 && y.text.len() > 2 {
        jaro_winkler_min(&x.text, &y.text, 0.80)
    } else {
        0.0
    }
}

pub(crate) fn given_level(x: &NameKey, y: &NameKey) -> (u8, u64) {
    if x.hash == y.hash {
        return (0, x.hash);
    }
    if x.is_initial() || y.is_initial() {
        return if x.initial() == y.initial() {
            (5, 0)
        } else {
            (6, 0)
        };
    }
    // A shared nickname group, or a nickname written with one name that is the other name
    // (`Robert (Robin)` / `Robin`: the other's tag is among the groups).
    if x.groups.iter().any(|g| y.groups.contains(g))
        || x.groups.contains(&name::name_tag(y.hash))
        || y.groups.contains(&name::name_tag(x.hash))
    {
        return (2, 0);
    }
    let jw = jaro_winkler_min(&x.text, &y.text, 0.80);
    if jw >= 0.92 || same_across_scripts(x, y) {
        (3, 0)
    } else if jw >= 0.80 {
        (4, 0)
    } else {
        (6, 0)
    }
}

/// One name written in two scripts (`Rezaei` / `رضایی`): the texts are in different scripts and
/// their consonant skeletons agree. Within one script, spelling is compared as text.
pub(crate) fn same_across_scripts(x: &NameKey, y: &NameKey) -> bool {
    x.skeleton != 0 && x.skeleton == y.skeleton && x.text.is_ascii() != y.text.is_ascii()
}

pub(crate) fn family_level(x: &NameKey, y: &NameKey) -> (u8, u64) {
    if x.hash == y.hash {
        return (0, x.hash);
    }
    // One multi-part family name containing the other as a whole word ("garcia lopez" / "garcia").
    if contains_word(&x.text, &y.text) || contains_word(&y.text, &x.text) {
        return (2, 0);
    }
    let jw = jaro_winkler_min(&x.text, &y.text, 0.80);
    if jw >= 0.92 || same_across_scripts(x, y) {
        (2, 0)
    } else if jw >= 0.80 {
        (3, 0)
    } else {
        (4, 0)
    }
}

fn contains_word(hay: &str, needle: &str) -> bool {
    needle.len() >= 3 && hay.len() > needle.len() && hay.split(' ').any(|w| w == needle)
}

pub(crate) fn compare_email(x: &EmailKey, y: &EmailKey) -> (u8, u64) {
    // A generic value (see `crate::guard`) is no evidence either way.
    if x.generic || y.generic {
        return (MISSING, 0);
    }
    if x.hash == y.hash {
        return (0, x.hash);
    }
    // Local parts spelled from both records' names agree because the names do: no new evidence.
    let names_again = x.name_like && y.name_like;
    if x.local_hash == y.local_hash {
        if x.generic_local || y.generic_local || names_again {
            return (MISSING, 0);
        }
        let typo = bounded_edit_distance(x.domain().as_bytes(), y.domain().as_bytes(), 1) <= 1;
        return if typo { (1, 0) } else { (2, 0) };
    }
    // One mailbox with different `+tags` at a domain whose tag rules are not known (`jo+shop@`
    // and `jo@aol.com`): nearly an equal address, whatever the names.
    if x.domain_hash == y.domain_hash && same_mailbox_base(x.local(), y.local()) {
        return (1, 0);
    }
    // A Gmail address with its domain mistyped (`sonia.burchard5@gmial.com`) kept the dots and
    // tag Gmail ignores: read with Gmail's rules, it is the same mailbox with a domain typo.
    // Only when one side is at gmail.com, so other pairs pay one string comparison.
    let gmail_pair = match (x.domain() == GMAIL, y.domain() == GMAIL) {
        (true, false) => Some((y, x)),
        (false, true) => Some((x, y)),
        _ => None,
    };
    if let Some((typo, gmail)) = gmail_pair {
        let same = mistyped_gmail_base(typo).is_some_and(|base| {
            let dotless = base.bytes().filter(|&c| c != b'.');
            gmail.local().len() >= 3 && dotless.eq(gmail.local().bytes())
        });
        if same {
            return if x.generic_local || y.generic_local || names_again {
                (MISSING, 0)
            } else {
                (1, 0)
            };
        }
    }
    if jaro_winkler_min(x.local(), y.local(), 0.90) >= 0.90 {
        if names_again {
            (MISSING, 0)
        } else {
            (3, 0)
        }
    } else {
        (4, 0)
    }
}

fn compare_phone(x: &PhoneKey, y: &PhoneKey) -> (u8, u64) {
    if x.generic || y.generic {
        return (MISSING, 0);
    }
    if x.e164 == y.e164 {
        return (0, x.e164);
    }
    if x.national == y.national {
        return (1, 0);
    }
    if x.national % 10_000_000 == y.national % 10_000_000 && x.national >= 1_000_000 {
        return (2, 0);
    }
    if x.country_code == y.country_code && digits_one_typo(x.national, y.national) {
        return (3, 0);
    }
    (4, 0)
}

const GMAIL: &str = "gmail.com";

/// The mailbox of an address at a mistyped Gmail domain (`gmial.com`, `gmai.com`, `gmail.con`:
/// one edit from `gmail.com`): its local part before any `+tag`, dots still in (Gmail ignores
/// them); `None` at any other domain.
fn mistyped_gmail_base(e: &EmailKey) -> Option<&str> {
    let domain = e.domain();
    if domain == GMAIL || bounded_edit_distance(domain.as_bytes(), GMAIL.as_bytes(), 1) > 1 {
        return None;
    }
    let local = e.local();
    local.split('+').next()
}

/// [`mistyped_gmail_base`] read with Gmail's rules (dots dropped), as `gmail.com`'s canonical
/// form spells it.
pub(crate) fn mistyped_gmail_local(e: &EmailKey) -> Option<String> {
    mistyped_gmail_base(e).map(|b| b.chars().filter(|&c| c != '.').collect())
}

/// The mailbox of a `+tagged` local part (`jo.lee+shop` → `jo.lee`; a dot before the tag
/// dropped); `None` without a tag.
pub(crate) fn mailbox_base(local: &str) -> Option<&str> {
    local
        .split_once('+')
        .map(|(base, _)| base.trim_end_matches('.'))
}

/// True when two different local parts are one mailbox with `+tags`: equal before the first
/// `+` (at least three characters), and at least one of them tagged.
pub(crate) fn same_mailbox_base(a: &str, b: &str) -> bool {
    match (mailbox_base(a), mailbox_base(b)) {
        (Some(x), Some(y)) => x.len() >= 3 && x == y,
        (Some(x), None) => x.len() >= 3 && x == b,
        (None, Some(y)) => y.len() >= 3 && y == a,
        (None, None) => false,
    }
}

/// True when two digit strings differ in exactly one digit, or in one adjacent transposition.
fn digits_one_typo(mut a: u64, mut b: u64) -> bool {
    // (position, digit of a, digit of b) of the first two differences.
    let mut diffs = [(0u32, 0u64, 0u64); 2];
    let mut n = 0;
    let mut pos = 0u32;
    while a > 0 || b > 0 {
        let (da, db) = (a % 10, b % 10);
        if da != db {
            if n == 2 {
                return false;
            }
            diffs[n] = (pos, da, db);
            n += 1;
        }
        a /= 10;
        b /= 10;
        pos += 1;
    }
    match n {
        1 => true,
        2 => {
            let (p0, a0, b0) = diffs[0];
            let (p1, a1, b1) = diffs[1];
            p1 == p0 + 1 && a0 == b1 && a1 == b0
        }
        _ => false,
    }
}

fn compare_address(x: &AddressKey, y: &AddressKey) -> (u8, u64) {
    if x.generic || y.generic {
        return (MISSING, 0);
    }
    if x.hash == y.hash {
        return (0, x.hash);
    }
    let same_postcode = x.postcode != 0 && x.postcode == y.postcode;
    // Two different units are two addresses (households), however alike the rest: at best the
    // same postcode.
    if x.unit != 0 && y.unit != 0 && x.unit != y.unit {
        return if same_postcode {
            (3, x.postcode)
        } else {
            (4, 0)
        };
    }
    if same_postcode
        && x.house != 0
        && x.house == y.house
        && !x.street.is_empty()
        && !y.street.is_empty()
        && jaro_winkler_min(&x.street, &y.street, 0.85) >= 0.85
    {
        return (1, 0);
    }
    if dice(&x.tokens, &y.tokens) >= 0.6 {
        return (2, 0);
    }
    if same_postcode {
        return (3, x.postcode);
    }
    (4, 0)
}

/// Dice coefficient of two sorted, distinct token-hash lists.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

pub(crate) fn compare_date(
    x: &crate::normalize::date::Date,
    y: &crate::normalize::date::Date,
) -> u8 {
    if x == y {
        return 0;
    }
    if x.year == y.year && x.month == y.day && x.day == y.month {
        return 1;
    }
    let same = u8::from(x.year == y.year) + u8::from(x.month == y.month) + u8::from(x.day == y.day);
    if same == 2 {
        return 2;
    }
    if x.year.abs_diff(y.year) <= 1 {
        return 3;
    }
    4
}

fn compare_identifiers(a: &NormalizedProfile, b: &NormalizedProfile) -> u8 {
    let mut level = MISSING;
    for x in &a.identifiers {
        for y in &b.identifiers {
            if x.kind != y.kind {
                continue;
            }
            if x.hash == y.hash {
                return 0;
            }
            let l = if x.value.len() >= 4
                && bounded_edit_distance(x.value.as_bytes(), y.value.as_bytes(), 1) <= 1
            {
                1
            } else {
                2
            };
            level = level.min(l);
        }
    }
    level
}

/// Jaro-Winkler similarity when it can reach `min`, else 0.0. A cheap upper bound (characters
/// of each string that occur at all in the other, plus the common prefix) settles most unlike
/// pairs without the quadratic matching step.
pub(crate) fn jaro_winkler_min(a: &str, b: &str, min: f64) -> f64 {
    if jaro_winkler_bound(a.as_bytes(), b.as_bytes()) < min {
        0.0
    } else {
        jaro_winkler(a, b)
    }
}

fn jaro_winkler_bound(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let mask = |s: &[u8]| s.iter().fold(0u64, |m, &c| m | 1u64 << (c & 63));
    let (ma, mb) = (mask(a), mask(b));
    let in_other = |s: &[u8], m: u64| s.iter().filter(|&&c| m & (1u64 << (c & 63)) != 0).count();
    let m = in_other(a, mb).min(in_other(b, ma)) as f64;
    if m == 0.0 {
        return 0.0;
    }
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + 1.0) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Jaro-Winkler similarity without allocating for strings up to 64 bytes (ASCII after folding);
/// longer or non-ASCII input falls back to `strsim`.
pub(crate) fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a.len() > 64 || b.len() > 64 || !a.is_ascii() || !b.is_ascii() {
        return strsim::jaro_winkler(a, b);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.is_empty() || b.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    if a == b {
        return 1.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_match = [false; 64];
    let mut b_match = [false; 64];
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_match[j] && b[j] == ca {
                a_match[i] = true;
                b_match[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut k = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if !a_match[i] {
            continue;
        }
        while !b_match[k] {
            k += 1;
        }
        if ca != b[k] {
            transpositions += 1;
        }
        k += 1;
    }
    let m = matches as f64;
    let jaro =
        (m / a.len() as f64 + m / b.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), giving up (returning `limit + 1`) once it exceeds `limit`. No allocation
/// for `limit <= 1`.
pub(crate) fn bounded_edit_distance(a: &[u8], b: &[u8], limit: usize) -> usize {
    debug_assert!(limit <= 1);
    if a == b {
        return 0;
    }
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let s = a[p..]
        .iter()
        .rev()
        .zip(b[p..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (a.len() - p - s, b.len() - p - s);
    // With a common prefix and suffix removed, one edit leaves at most one byte on each side;
    // an adjacent transposition ("gmial" / "gmail") leaves two swapped bytes and counts as one.
    let transposed = ra == 2 && rb == 2 && a[p] == b[p + 1] && a[p + 1] == b[p];
    if (ra <= 1 && rb <= 1) || transposed {
        1
    } else {
        limit + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize_profile, NormalizeConfig};
    use crate::{PostalAddress, Profile};

    fn n(p: Profile) -> NormalizedProfile {
        normalize_profile(&p, &NormalizeConfig::default())
    }

    fn p() -> Profile {
        Profile::new("s", "1")
    }

    #[test]
    fn one_mailbox_with_tags_is_nearly_equal_at_any_domain() {
        let e = |s: &str| n(p().with_email(s)).emails[0].clone();
        let level = |a: &str, b: &str| compare_email(&e(a), &e(b)).0;
        // AOL, Yahoo and company domains keep tags in the canonical form.
        assert_eq!(
            level("pepitaandres+shop@aol.com", "pepitaandres+2024@aol.com"),
            1
        );
        assert_eq!(
            level(
                "RAQUEL.THULIN34+NEWS@YAHOO.COM",
                "raquel.thulin34@yahoo.com"
            ),
            1
        );
        assert_eq!(level("jo.lee.+x@acme.com", "jo.lee@acme.com"), 1);
        // Not the same mailbox: another domain, another base, too short a base, no tag.
        assert_ne!(
            level("pepitaandres+shop@aol.com", "pepitaandres@yahoo.com"),
            1
        );
        assert_ne!(level("ann+shop@acme.com", "anne+shop@acme.com"), 1);
        assert_ne!(level("jo+1@acme.com", "jo+2@acme.com"), 1);
        assert_eq!(level("pepitaandres@aol.com", "pepitaandrés@aol.com"), 3);
        assert!(!same_mailbox_base("jolee", "jolee"));
        assert!(same_mailbox_base("jolee+a", "jolee"));
    }

    #[test]
    fn jaro_winkler_matches_strsim() {
        for (a, b) in [
            ("martha", "marhta"),
            ("dwayne", "duane"),
            ("dixon", "dicksonx"),
            ("jon", "john"),
            ("smith", "smyth"),
            ("a", "b"),
            ("katherine", "catherine"),
        ] {
            let ours = jaro_winkler(a, b);
            let theirs = strsim::jaro_winkler(a, b);
            assert!((ours - theirs).abs() < 1e-9, "{a} {b}: {ours} vs {theirs}");
        }
    }

    #[test]
    fn bound_never_below_jaro_winkler() {
        let words = [
            "martha",
            "marhta",
            "dwayne",
            "duane",
            "jon",
            "john",
            "smith",
            "schmidt",
            "a",
            "ab",
            "katherine",
            "catherine",
            "zz",
            "mary",
            "xavier",
        ];
        for a in words {
            for b in words {
                let jw = jaro_winkler(a, b);
                assert!(
                    jaro_winkler_bound(a.as_bytes(), b.as_bytes()) + 1e-12 >= jw,
                    "{a} {b}"
                );
                assert_eq!(jaro_winkler_min(a, b, 0.0), jw);
            }
        }
    }

    #[test]
    fn edit_distance_one() {
        assert_eq!(bounded_edit_distance(b"gmail.com", b"gmai.com", 1), 1);
        assert_eq!(bounded_edit_distance(b"gmail.com", b"gmial.com", 1), 1);
        assert_eq!(bounded_edit_distance(b"gmail.com", b"gmali.cm", 1), 2);
        assert_eq!(bounded_edit_distance(b"gmail.com", b"gmail.con", 1), 1);
        assert_eq!(bounded_edit_distance(b"abc", b"abc", 1), 0);
    }

    #[test]
    fn a_name_spelled_email_says_nothing_when_family_names_disagree() {
        let e = CompareField::Email as usize;
        let rec = |g: &str, f: &str, email: &str| {
            n(p().with_given_name(g).with_family_name(f).with_email(email))
        };
        // Two Rebeccas with different family names writing `rebecca72@`: namesakes by given name.
        let (a, b) = (
            rec("Rebecca", "Anderson", "rebecca72@gmail.com"),
            rec("Rebecca", "Lee", "Rebecca72@gmail.com"),
        );
        assert_eq!(compare(&a, &b).levels[e], MISSING);
        assert_eq!(compare(&b, &a).levels[e], MISSING);
        // Spelled from one holder's full name: the same.
        let c = rec("Rebecca", "Lee", "rebecca.anderson@yahoo.com");
        let d = rec("Rebecca", "Anderson", "rebecca.anderson@yahoo.com");
        assert_eq!(compare(&c, &d).levels[e], MISSING);
        // Family names that agree, or an address not spelled from a name, still count.
        let f = rec("Rebecca", "Anderson", "rebecca72@gmail.com");
        assert_eq!(compare(&a, &f).levels[e], 0);
        let (g, h) = (
            rec("Rebecca", "Anderson", "sunflower.days@gmail.com"),
            rec("Rebecca", "Lee", "sunflower.days@gmail.com"),
        );
        assert_eq!(compare(&g, &h).levels[e], 0);
        assert_eq!(compare(&g, &h).tf_keys[e], g.emails[0].hash);
        // Another equal address that is not spelled from a name still counts.
        let two = |f: &str| {
            n(p()
                .with_given_name("Rebecca")
                .with_family_name(f)
                .with_email("rebecca72@gmail.com")
                .with_email("sunflower.days@gmail.com"))
        };
        let (x, y) = (two("Anderson"), two("Lee"));
        assert_eq!(compare(&x, &y).levels[e], 0);
        assert_eq!(compare(&y, &x).tf_keys[e], g.emails[0].hash);
    }

    #[test]
    fn different_units_are_different_addresses() {
        let at = |street: &str, unit: &str| {
            let mut a = PostalAddress::new()
                .with_street(street)
                .with_postcode("94107");
            if !unit.is_empty() {
                a = a.with_unit(unit);
            }
            n(p().with_address(a))
        };
        let l = |x: &NormalizedProfile, y: &NormalizedProfile| compare(x, y).levels[4];
        let apt4 = at("460 Bryant St", "Apt 4");
        assert_eq!(l(&apt4, &at("460 Bryant Street", "Apt 5")), 3);
        assert_eq!(l(&apt4, &at("460 Bryant St", "Unit 4")), 0);
        // A unit on one side only is no contradiction.
        assert_eq!(l(&apt4, &at("460 Bryant Street", "")), 1);
    }

    /// (given/family of a, given/family of b, expected given level, expected family level)
    const NAME_CASES: &[(&str, &str, &str, &str, u8, u8)] = &[
        ("Robert", "Smith", "Robert", "Smith", 0, 0),
        ("José", "García", "JOSE", "garcia", 0, 0),
        // An exact swap is the same two names: it weighs like equal names (level 0).
        ("Smith", "Robert", "Robert", "Smith", 0, 0),
        ("Webf", "Laura", "Laura", "Webb", 1, 1),
        ("Jon", "Smith", "John", "Smith", 2, 0),
        ("Jhon", "Smith", "John", "Smith", 3, 0),
        ("Katharine", "Olsen", "Katherine", "Olson", 3, 3),
        ("J", "Smith", "John", "Smith", 5, 0),
        ("J.", "Smith", "Mary", "Smith", 6, 0),
        ("Mary", "Smith", "John", "Jones", 6, 4),
        ("Ann", "García López", "Ann", "Garcia", 0, 2),
        ("Ann", "Smith", "Ann", "Smithers", 0, 2),
        ("Ann", "Dixon", "Ann", "Dicksonx", 0, 3),
    ];

    #[test]
    fn name_levels() {
        for &(ag, af, bg, bf, lg, lf) in NAME_CASES {
            let a = n(p().with_given_name(ag).with_family_name(af));
            let b = n(p().with_given_name(bg).with_family_name(bf));
            let c = compare(&a, &b);
            assert_eq!(
                (
                    c.level(CompareField::GivenName),
                    c.level(CompareField::FamilyName)
                ),
                (lg, lf),
                "{ag} {af} / {bg} {bf}"
            );
        }
    }

    /// A nickname written with the given name (`Robert (Bob) Smith`) is evidence at the nickname
    /// level, also when the table does not know it (`Oluwaseun (Seun)`), in a full name or in
    /// the given-name field; without it the two names stay apart.
    #[test]
    fn written_nickname_links_given_names() {
        let full = |s: &str| n(p().with_full_name(s));
        let split = |g: &str, f: &str| n(p().with_given_name(g).with_family_name(f));
        let given = |x: &NormalizedProfile, y: &NormalizedProfile| {
            compare(x, y).level(CompareField::GivenName)
        };
        let cases: &[(NormalizedProfile, NormalizedProfile, u8)] = &[
            (full("Robert (Bob) Smith"), full("Bob Smith"), 2),
            (full("Robert (Bob) Smith"), full("Robert Smith"), 0),
            (full("Robert \"Bob\" Smith"), split("Bobby", "Smith"), 2),
            (full("Oluwaseun (Seun) Adeyemi"), full("Seun Adeyemi"), 2),
            (full("Seun Adeyemi"), full("Oluwaseun \"Seun\" Adeyemi"), 2),
            (
                split("Oluwaseun (Seun)", "Adeyemi"),
                split("Seun", "Adeyemi"),
                2,
            ),
            (
                split("Oluwaseun (Seun)", "Adeyemi"),
                split("Oluwaseun", "Adeyemi"),
                0,
            ),
            (full("Oluwaseun Adeyemi"), full("Seun Adeyemi"), 6),
            (full("Oluwaseun (Seun) Adeyemi"), full("Kwame Adeyemi"), 6),
            // A diminutive of both genders links only to itself, never to the other formal name.
            (full("Andrew (Andy) Smith"), full("Andrea Smith"), 3), // spelling, as without it
            (full("Andrew (Andy) Smith"), full("Andy Smith"), 2),
            (full("Alexander (Sandy) Smith"), full("Sandra Smith"), 6),
            (full("Sandra (Sandy) Smith"), full("Alexander Smith"), 6),
        ];
        for (i, (a, b, want)) in cases.iter().enumerate() {
            assert_eq!(given(a, b), *want, "case {i}");
            assert_eq!(given(b, a), *want, "case {i} reversed");
        }
        // Records without a nickname keep their keys as they were.
        let plain = full("Oluwaseun Adeyemi");
        assert!(plain.given.as_ref().is_some_and(|g| g.groups.is_empty()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// A nickname written with a given name links it to records using the nickname (at the
        /// nickname level or better), keeps the exact match with the formal name, and links
        /// nothing else that the names alone would not.
        #[test]
        fn written_nickname_is_evidence_for_itself_only(
            g in "[A-Z][a-z]{2,7}|Robert|William|Andrew|Oluwaseun|Alexander",
            nick in "[A-Z][a-z]{2,7}|Bob|Bill|Andy|Seun|Sandy",
            other in "[A-Z][a-z]{2,7}|Andrea|Sandra|Roberta|Wilma",
        ) {
            let full = |s: String| n(p().with_full_name(s.as_str()));
            let a = full(format!("{} ({}) Okafor", g, nick));
            let parsed = crate::normalize::name::parse_full_name(&format!("{} ({}) Okafor", g, nick));
            let (gf, nf) = (g.to_lowercase(), nick.to_lowercase());
            proptest::prop_assume!(parsed.is_ok_and(|p| {
                p.given.as_deref() == Some(gf.as_str()) && p.nickname.as_deref() == Some(nf.as_str())
            }));
            let level = |x: &NormalizedProfile, y: &NormalizedProfile| {
                compare(x, y).level(CompareField::GivenName)
            };
            let by_nick = level(&a, &full(format!("{} Okafor", nick)));
            let by_formal = level(&a, &full(format!("{} Okafor", g)));
            proptest::prop_assert!(by_nick <= 2);
            proptest::prop_assert_eq!(by_formal, 0);
            let c = full(format!("{} Okafor", other));
            let without = full(format!("{} Okafor", g));
            if other.to_lowercase() != nf {
                proptest::prop_assert_eq!(level(&a, &c), level(&without, &c));
            }
        }
    }

    /// Records linked only through a written nickname still share a blocking key.
    #[test]
    fn written_nickname_shares_a_given_group_block() {
        use crate::block::{record_keys, BlockingRule};
        let rules = vec![BlockingRule::new(
            "given_group+family",
            vec![
                crate::block::BlockKey::GivenGroup,
                crate::block::BlockKey::FamilyName,
            ],
        )];
        let keys = |s: &str| {
            let mut out = Vec::new();
            record_keys(&rules, &n(p().with_full_name(s)), &mut out);
            out
        };
        let a = keys("Oluwaseun (Seun) Adeyemi");
        for other in ["Seun Adeyemi", "Oluwaseun Adeyemi"] {
            let b = keys(other);
            assert!(b.iter().any(|k| a.contains(k)), "{other}");
        }
        assert!(!keys("Kwame Adeyemi").iter().any(|k| a.contains(k)));
    }

    const EMAIL_CASES: &[(&str, &str, u8)] = &[
        ("J.Smith@Gmail.com", "jsmith+news@googlemail.com", 0),
        ("jsmith@gmail.com", "jsmith@gmial.com", 1),
        ("jsmith@gmail.com", "jsmith@gmai.com", 1),
        ("soniaburchard5@gmail.com", "sonia.burchard5@gmial.com", 1),
        (
            "Sonia.Burchard5+news@gmail.com",
            "sonia.burchard5+shop@gmail.con",
            1,
        ),
        ("soniaburchard5@gmail.com", "sonia.burchard6@gmial.com", 3),
        ("soniaburchard5@gmail.com", "sonia.burchard5@yahoo.com", 3),
        ("jsmith@gmail.com", "jsmith@yahoo.com", 2),
        ("jsmith@gmail.com", "jsmit@yahoo.com", 3),
        ("jsmith@gmail.com", "mary.jones@gmail.com", 4),
    ];

    #[test]
    fn email_levels() {
        for &(x, y, want) in EMAIL_CASES {
            let c = compare(&n(p().with_email(x)), &n(p().with_email(y)));
            assert_eq!(c.level(CompareField::Email), want, "{x} / {y}");
        }
    }

    const PHONE_CASES: &[(&str, &str, u8)] = &[
        ("+1 (415) 555-0134", "4155550134", 0),
        ("(470) 969-7226", "470.969.7226", 0),
        ("470-969-7226", "+1 470 969 7227", 3),
        ("470-969-7226", "470-969-2726", 3),
        ("470-969-7226", "470-969-6227", 4),
        ("470-969-7226", "212-969-7226", 2),
        ("470-969-7226", "470-699-7226", 3),
        ("470-969-7226", "212-555-0100", 4),
    ];

    #[test]
    fn phone_levels() {
        for &(x, y, want) in PHONE_CASES {
            let c = compare(&n(p().with_phone(x)), &n(p().with_phone(y)));
            assert_eq!(c.level(CompareField::Phone), want, "{x} / {y}");
        }
    }

    #[test]
    fn date_levels() {
        for (x, y, want) in [
            ("1985-03-12", "03/12/1985", 0),
            ("1985-03-12", "1985-12-03", 1),
            ("1985-03-12", "1985-03-13", 2),
            ("1985-03-12", "1986-07-01", 3),
            ("1985-03-12", "1971-06-15", 4),
        ] {
            let c = compare(&n(p().with_date_of_birth(x)), &n(p().with_date_of_birth(y)));
            assert_eq!(c.level(CompareField::DateOfBirth), want, "{x} / {y}");
        }
    }

    #[test]
    fn address_levels() {
        let addr = |s: &str, z: &str| PostalAddress::new().with_street(s).with_postcode(z);
        for (x, y, want) in [
            (addr("12 Main St", "94105"), addr("12 Main St", "94105"), 0),
            (addr("12 Main St", "94105"), addr("12 Mian St", "94105"), 1),
            (addr("12 Main St", "94105"), addr("99 Oak Ave", "94105"), 3),
            (addr("12 Main St", "94105"), addr("99 Oak Ave", "10001"), 4),
        ] {
            let c = compare(&n(p().with_address(x)), &n(p().with_address(y)));
            assert_eq!(c.level(CompareField::Address), want);
        }
    }

    #[test]
    fn identifiers_and_missing() {
        let a = n(p().with_identifier("ssn", "123-45-6789"));
        let b = n(p().with_identifier("SSN", "123456789"));
        let c = n(p().with_identifier("ssn", "123456780"));
        let d = n(p().with_identifier("ssn", "987654321"));
        let e = n(p().with_identifier("loyalty", "123456789"));
        assert_eq!(compare(&a, &b).level(CompareField::Identifier), 0);
        assert_eq!(compare(&a, &c).level(CompareField::Identifier), 1);
        assert_eq!(compare(&a, &d).level(CompareField::Identifier), 2);
        assert_eq!(compare(&a, &e).level(CompareField::Identifier), MISSING);
        assert_eq!(compare(&a, &n(p())).levels, [MISSING; MAX_COMPARISONS]);
    }
}
