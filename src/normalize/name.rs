//! Person names: parsing full names, honorifics and suffixes, nickname groups, phonetic keys.
// CONTRACT STUB — being replaced by the name helper. Keep these signatures.

/// A person name split into parts; each part is folded text (see [`crate::normalize::text::fold`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedName {
    /// Honorific ("mr", "dr").
    pub prefix: Option<String>,
    /// Given name.
    pub given: Option<String>,
    /// Middle name(s) or initials.
    pub middle: Option<String>,
    /// Family name, particles kept ("van der berg").
    pub family: Option<String>,
    /// Generational or professional suffix ("jr", "iii", "phd").
    pub suffix: Option<String>,
}

/// Why a name was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NameError {
    /// Nothing left after folding.
    #[error("name is empty")]
    Empty,
    /// Longer than the maximum accepted length.
    #[error("name is too long")]
    TooLong,
}

/// Parses a full name.
pub fn parse_full_name(s: &str) -> Result<ParsedName, NameError> {
    let f = crate::normalize::text::fold(s);
    if f.is_empty() {
        return Err(NameError::Empty);
    }
    let mut parts: Vec<&str> = f.split(' ').collect();
    let family = parts.pop().map(str::to_string);
    let given = if parts.is_empty() { None } else { Some(parts.remove(0).to_string()) };
    Ok(ParsedName { given, family, ..ParsedName::default() })
}

/// Normalizes one name part given in its own field.
pub fn normalize_name_part(s: &str) -> Result<String, NameError> {
    let f = crate::normalize::text::fold(s);
    if f.is_empty() {
        Err(NameError::Empty)
    } else {
        Ok(f)
    }
}

/// Nickname group ids of a folded given name; empty when the name is not in the table.
pub fn nickname_groups(_given: &str) -> &'static [u32] {
    &[]
}

/// Phonetic key of a folded name, for blocking.
pub fn phonetic_key(folded: &str) -> String {
    folded.chars().take(4).collect()
}
