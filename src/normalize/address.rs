//! Postal addresses: USPS Publication 28 suffixes and directionals, units, postcodes, countries.
// CONTRACT STUB — being replaced by the address/date helper. Keep these signatures.

use crate::PostalAddress;

/// A standardized postal address; text parts are folded lower-case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    /// House number ("12", "12b").
    pub house_number: Option<String>,
    /// Street name with standardized suffix and directionals ("n main st").
    pub street: Option<String>,
    /// Unit in one form ("apt 4b").
    pub unit: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Region / state.
    pub region: Option<String>,
    /// Postcode in its country's canonical form (US: ZIP5).
    pub postcode: Option<String>,
    /// Postcode extension (US ZIP+4's four digits).
    pub postcode_ext: Option<String>,
    /// ISO 3166 alpha-2 country code.
    pub country: Option<String>,
}

impl Address {
    /// Canonical single-line key.
    pub fn key(&self) -> String {
        [&self.house_number, &self.street, &self.unit, &self.postcode]
            .iter()
            .filter_map(|p| p.as_deref())
            .collect::<Vec<_>>()
            .join(" ")
    }
    /// Tokens for fuzzy comparison.
    pub fn tokens(&self) -> Vec<String> {
        self.key().split(' ').map(str::to_string).collect()
    }
}

/// Why an address was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddressError {
    /// No part has any text.
    #[error("address is empty")]
    Empty,
}

/// Normalizes an address; `default_country` (alpha-2) applies when the address names none.
pub fn normalize_address(a: &PostalAddress, default_country: Option<&str>) -> Result<Address, AddressError> {
    use crate::normalize::text::fold;
    if a.is_empty() {
        return Err(AddressError::Empty);
    }
    let f = |o: &Option<String>| o.as_deref().map(fold).filter(|s| !s.is_empty());
    let street = f(&a.street);
    let (house_number, street) = match street {
        Some(s) => match s.split_once(' ') {
            Some((h, rest)) if h.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                (Some(h.to_string()), Some(rest.to_string()))
            }
            _ => (None, Some(s)),
        },
        None => (None, None),
    };
    Ok(Address {
        house_number,
        street,
        unit: f(&a.unit),
        city: f(&a.city),
        region: f(&a.region),
        postcode: f(&a.postcode).map(|p| p.chars().take(5).collect()),
        postcode_ext: None,
        country: default_country.map(str::to_string),
    })
}
