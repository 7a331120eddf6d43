//! selfsame: embeddable identity resolution.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod block;
pub mod cluster;
pub mod compare;
pub mod error;
pub mod eval;
pub mod explain;
pub mod golden;
mod hash;
pub mod normalize;
pub mod profile;
pub mod resolve;
pub mod score;

pub use block::Mode;
pub use error::Error;
pub use golden::{golden_record, GoldenRecord, GoldenValue, Rule, SurvivorshipConfig};
pub use profile::{
    AddressKey, Channel, Consent, ConsentState, EmailKey, ExternalId, Field, IdKey, NameKey,
    NormalizedProfile, PhoneKey, PostalAddress, Profile, Rejection, Timestamp,
};
pub use resolve::{Cluster, Config, Resolution, Resolver, Stats};
