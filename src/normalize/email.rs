//! Email addresses: syntax check, case, provider rules (Gmail dots, `+tags`, googlemail.com).
// CONTRACT STUB — being replaced by the email/phone helper. Keep these signatures.

/// A normalized email address.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email {
    address: String,
    canonical: String,
    at: usize,
}

impl Email {
    /// The canonical form used for matching (provider rules applied).
    pub fn canonical(&self) -> &str {
        &self.canonical
    }
    /// Local part of the canonical form.
    pub fn local(&self) -> &str {
        &self.canonical[..self.at]
    }
    /// Domain of the canonical form.
    pub fn domain(&self) -> &str {
        &self.canonical[self.at + 1..]
    }
    /// The address as typed, trimmed and lower-cased (tags and dots kept): the one to send mail to.
    pub fn address(&self) -> &str {
        &self.address
    }
}

/// Why an email address was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EmailError {
    /// Empty input.
    #[error("email is empty")]
    Empty,
    /// Not an address.
    #[error("email is not a valid address")]
    Invalid,
}

/// Normalizes an email address.
pub fn normalize_email(s: &str) -> Result<Email, EmailError> {
    let a = s.trim().to_lowercase();
    if a.is_empty() {
        return Err(EmailError::Empty);
    }
    let at = a.rfind('@').ok_or(EmailError::Invalid)?;
    Ok(Email { canonical: a.clone(), address: a, at })
}
