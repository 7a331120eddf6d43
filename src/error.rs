//! The crate's error type.

use crate::normalize::{
    address::AddressError, date::DateError, email::EmailError, name::NameError, phone::PhoneError,
};

/// Everything that can go wrong in selfsame. Messages say where and what, never the personal data itself.
///
/// ```
/// use selfsame::normalize::email::normalize_email;
/// let err: selfsame::Error = normalize_email("not an email").unwrap_err().into();
/// assert!(err.to_string().starts_with("email"));
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A name was rejected.
    #[error(transparent)]
    Name(#[from] NameError),
    /// An email address was rejected.
    #[error(transparent)]
    Email(#[from] EmailError),
    /// A phone number was rejected.
    #[error(transparent)]
    Phone(#[from] PhoneError),
    /// A postal address was rejected.
    #[error(transparent)]
    Address(#[from] AddressError),
    /// A date was rejected.
    #[error(transparent)]
    Date(#[from] DateError),
    /// Two input profiles share a source and record id.
    #[error("duplicate record id in source {source_name:?} (records {first} and {second})")]
    DuplicateRecord {
        /// The source.
        source_name: String,
        /// Index of the first record.
        first: usize,
        /// Index of the second record.
        second: usize,
    },
    /// A configuration value is out of range.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A trained model does not fit this configuration.
    #[error("model mismatch: {0}")]
    Model(String),
    /// A value of a `number` comparison is not one number.
    #[error("not a number")]
    NotANumber,
    /// The progress callback asked to stop (see `Resolver::resolve_with_control`).
    #[error("cancelled")]
    Cancelled,
    /// Too many records for `u32` record indices.
    #[error("too many records: {0} (at most 4,294,967,295)")]
    TooManyRecords(usize),
    /// A saved incremental state could not be read: corrupt bytes, another format or an
    /// unsupported version (see `state::ResolverState::load`). The message never holds data.
    #[error("saved state: {0}")]
    SavedState(String),
    /// A CSV input could not be loaded (file, line and what; see [`crate::csv::LoadError`]).
    #[cfg(feature = "csv")]
    #[error(transparent)]
    Csv(#[from] crate::csv::LoadError),
}
