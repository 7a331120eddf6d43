//! Field normalizers, and [`normalize_profile`] which applies them all to one [`Profile`].
//!
//! Each submodule is a set of pure functions usable on its own: [`text`], [`name`], [`email`],
//! [`phone`], [`address`], [`date`]. Each returns a typed value or a typed rejection; none panics.

pub mod address;
pub mod date;
pub mod email;
pub mod name;
pub mod phone;
pub mod text;
pub mod translit;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::hash::{combine, hash_str};
use crate::profile::{
    AddressKey, EmailKey, Field, IdKey, NameKey, NormalizedProfile, PhoneKey, Profile, Rejection,
};

/// How profiles are normalized.
///
/// ```
/// use selfsame::normalize::NormalizeConfig;
/// let cfg = NormalizeConfig::default().with_default_region("GB");
/// assert_eq!(cfg.default_region, "GB");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NormalizeConfig {
    /// ISO 3166 alpha-2 region for phone numbers written in national format. Default `US`.
    pub default_region: String,
    /// Country (alpha-2) assumed for addresses that name none. Default: none.
    pub default_country: Option<String>,
    /// How dates are read.
    pub date: date::DateConfig,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            default_region: "US".to_string(),
            default_country: None,
            date: date::DateConfig::default(),
        }
    }
}

impl NormalizeConfig {
    /// Sets the default phone region.
    pub fn with_default_region(mut self, region: impl Into<String>) -> Self {
        self.default_region = region.into();
        self
    }

    /// Sets the default address country.
    ///
    /// ```
    /// let cfg = selfsame::normalize::NormalizeConfig::default().with_default_country("DE");
    /// assert_eq!(cfg.default_country.as_deref(), Some("DE"));
    /// ```
    pub fn with_default_country(mut self, country: impl Into<String>) -> Self {
        self.default_country = Some(country.into());
        self
    }

    /// Sets how dates are read.
    ///
    /// ```
    /// use selfsame::normalize::{date::{DateConfig, DateOrder}, NormalizeConfig};
    /// let cfg = NormalizeConfig::default().with_date(DateConfig { order: DateOrder::DayFirst, ..Default::default() });
    /// assert_eq!(cfg.date.order, DateOrder::DayFirst);
    /// ```
    pub fn with_date(mut self, date: date::DateConfig) -> Self {
        self.date = date;
        self
    }
}

/// Normalizes every field of a profile once. Values that fail normalization are listed in
/// [`NormalizedProfile::rejected`] with a typed reason; the rest are kept.
///
/// ```
/// use selfsame::{normalize::{normalize_profile, NormalizeConfig}, Profile};
///
/// let cfg = NormalizeConfig::default();
/// let a = normalize_profile(&Profile::new("crm", "1").with_full_name("Smith, José").with_email("J.Smith@Gmail.com"), &cfg);
/// let b = normalize_profile(&Profile::new("shop", "9").with_given_name("JOSE").with_family_name("smith").with_email("jsmith+news@googlemail.com"), &cfg);
/// assert_eq!(a.given.as_ref().unwrap().text, b.given.as_ref().unwrap().text);
/// assert_eq!(a.emails[0].canonical, b.emails[0].canonical);
///
/// let bad = normalize_profile(&Profile::new("crm", "2").with_email("not an email"), &cfg);
/// assert!(bad.emails.is_empty());
/// assert_eq!(bad.rejected[0].field, selfsame::Field::Email);
/// ```
pub fn normalize_profile(p: &Profile, cfg: &NormalizeConfig) -> NormalizedProfile {
    let mut out = NormalizedProfile::default();
    normalize_names(p, &mut out);

    for (i, raw) in p.emails.iter().enumerate() {
        match email::normalize_email(raw) {
            Ok(e) => {
                let mut key = email_key(e.canonical());
                key.name_like = name_like(key.local(), &out);
                if !out.emails.iter().any(|k| k.hash == key.hash) {
                    out.emails.push(key);
                }
            }
            Err(err) => reject(&mut out, Field::Email, i, err.into()),
        }
    }
    for (i, raw) in p.phones.iter().enumerate() {
        match phone::normalize_phone(raw, &cfg.default_region) {
            Ok(ph) => {
                let key = PhoneKey {
                    e164: ph.e164.trim_start_matches('+').parse().unwrap_or(0),
                    country_code: ph.country_code,
                    national: ph.national_number,
                    generic: false,
                };
                if !out.phones.contains(&key) {
                    out.phones.push(key);
                }
            }
            Err(err) => reject(&mut out, Field::Phone, i, err.into()),
        }
    }
    for (i, raw) in p.addresses.iter().enumerate() {
        match address::normalize_address(raw, cfg.default_country.as_deref()) {
            Ok(a) => {
                let key = address_key(&a);
                if !out.addresses.iter().any(|k| k.hash == key.hash) {
                    out.addresses.push(key);
                }
            }
            Err(err) => reject(&mut out, Field::Address, i, err.into()),
        }
    }
    if let Some(raw) = p.date_of_birth.as_deref() {
        match date::parse_date(raw, &cfg.date) {
            Ok(d) => out.date_of_birth = Some(d),
            Err(err) => reject(&mut out, Field::DateOfBirth, 0, err.into()),
        }
    }
    for (i, id) in p.identifiers.iter().enumerate() {
        let value = text::fold_compact(&id.value);
        if value.is_empty() {
            reject(
                &mut out,
                Field::Identifier,
                i,
                crate::Error::Config("empty identifier".into()),
            );
            continue;
        }
        let kind = hash_str(&text::fold_compact(&id.kind));
        let hash = combine(kind, hash_str(&value));
        if !out.identifiers.iter().any(|k| k.hash == hash) {
            out.identifiers.push(IdKey {
                kind,
                value: value.into(),
                hash,
            });
        }
    }
    out
}

fn reject(out: &mut NormalizedProfile, field: Field, index: usize, error: crate::Error) {
    out.rejected.push(Rejection {
        field,
        index,
        error,
    });
}

fn normalize_names(p: &Profile, out: &mut NormalizedProfile) {
    let mut given = None;
    let mut middle = None;
    let mut family = None;
    if let Some(raw) = p.given_name.as_deref() {
        match name::normalize_name_part(raw) {
            Ok(g) => given = Some(g),
            Err(e) => reject(out, Field::GivenName, 0, e.into()),
        }
    }
    if let Some(raw) = p.middle_name.as_deref() {
        match name::normalize_name_part(raw) {
            Ok(m) => middle = Some(m),
            Err(e) => reject(out, Field::MiddleName, 0, e.into()),
        }
    }
    if let Some(raw) = p.family_name.as_deref() {
        match name::normalize_name_part(raw) {
            Ok(f) => family = Some(f),
            Err(e) => reject(out, Field::FamilyName, 0, e.into()),
        }
    }
    // A full name fills only the parts the split fields left empty.
    if let Some(raw) = p.full_name.as_deref() {
        match name::parse_full_name(raw) {
            Ok(parsed) => {
                given = given.or(parsed.given);
                middle = middle.or(parsed.middle);
                family = family.or(parsed.family);
            }
            Err(e) => reject(out, Field::FullName, 0, e.into()),
        }
    }
    out.given = given.map(|g| name_key(g, true));
    out.middle = middle.map(String::into_boxed_str);
    out.family = family.map(|f| name_key(f, false));
}

/// Whether an email local part is spelled from the record's names: its letters are the given
/// name, the family name, both (either order) or an initial and the other. No allocation.
fn name_like(local: &str, p: &NormalizedProfile) -> bool {
    // A `+tag` the provider keeps (not every provider strips them) is not part of the name.
    let local = local.split('+').next().unwrap_or(local);
    if letters(local).nth(1).is_none() {
        return false;
    }
    let g = p.given.as_ref().map_or("", |x| &*x.text);
    let f = p.family.as_ref().map_or("", |x| &*x.text);
    let spelled = |parts: [&str; 2]| -> bool {
        let mut want = parts.into_iter().flat_map(letters);
        let mut have = letters(local);
        let mut n = 0;
        loop {
            match (want.next(), have.next()) {
                (None, None) => return n >= 2,
                (Some(a), Some(b)) if a == b => n += 1,
                _ => return false,
            }
        }
    };
    [
        [g, ""],
        [f, ""],
        [g, f],
        [f, g],
        [initial(g), f],
        [g, initial(f)],
        [initial(f), g],
        [f, initial(g)],
    ]
    .into_iter()
    .any(spelled)
}

fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| c.is_alphabetic())
}

/// The text up to and including the first letter.
fn initial(s: &str) -> &str {
    match s.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, c)) => &s[..i + c.len_utf8()],
        None => "",
    }
}

/// Builds the matching key of a folded name part.
pub(crate) fn name_key(text: String, given: bool) -> NameKey {
    let phonetic = hash_str(&name::phonetic_key(&text));
    let groups = if given {
        name::nickname_groups(&text).iter().copied().collect()
    } else {
        SmallVec::new()
    };
    NameKey {
        hash: hash_str(&text),
        text: text.into_boxed_str(),
        phonetic,
        groups,
    }
}

pub(crate) fn email_key(canonical: &str) -> EmailKey {
    let at = canonical.rfind('@').unwrap_or(canonical.len());
    let (local, domain) = canonical.split_at(at);
    EmailKey {
        hash: hash_str(canonical),
        local_hash: hash_str(local),
        domain_hash: hash_str(domain.trim_start_matches('@')),
        canonical: canonical.into(),
        at: at as u32,
        generic: false,
        generic_local: false,
        name_like: false,
    }
}

pub(crate) fn address_key(a: &address::Address) -> AddressKey {
    let h = |o: &Option<String>| o.as_deref().map_or(0, hash_str);
    let mut tokens: SmallVec<[u64; 8]> = a
        .tokens()
        .iter()
        .map(|t| hash_str(t))
        .collect::<SmallVec<_>>();
    tokens.sort_unstable();
    tokens.dedup();
    let key = a.key();
    AddressKey {
        hash: hash_str(&key),
        key: key.into_boxed_str(),
        house: h(&a.house_number),
        street: a.street.clone().unwrap_or_default().into_boxed_str(),
        postcode: h(&a.postcode),
        city: h(&a.city),
        tokens: tokens.into_vec().into_boxed_slice(),
        generic: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(given: &str, family: &str, email: &str) -> EmailKey {
        let mut p = Profile::new("s", "1").with_email(email);
        if !given.is_empty() {
            p = p.with_given_name(given);
        }
        if !family.is_empty() {
            p = p.with_family_name(family);
        }
        normalize_profile(&p, &NormalizeConfig::default()).emails[0].clone()
    }

    #[test]
    fn name_like_local_parts() {
        let cases = [
            ("Robert", "Harrison", "robert.harrison85@icloud.com", true),
            ("Robert", "Harrison", "rharrison@umbrella.co", true),
            ("Robert", "Harrison", "harrison.robert@aol.com", true),
            (
                "Robert",
                "Harrison",
                "robert.harrison+promo@yahoo.com",
                true,
            ),
            ("Robert", "Harrison", "robert_h@aol.com", true),
            ("Robert", "Harrison", "robert77@aol.com", true),
            ("Robert", "Harrison", "bobby.h@aol.com", false),
            ("Robert", "Harrison", "dolores.harrison@aol.com", false),
            ("Robert", "", "robert.smith@aol.com", false),
            ("", "", "robert@aol.com", false),
            ("José", "García", "jose.garcia@example.com", true),
        ];
        for (g, f, e, want) in cases {
            assert_eq!(email(g, f, e).name_like, want, "{g} {f} {e}");
        }
    }
}
