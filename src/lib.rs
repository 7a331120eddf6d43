//! selfsame: embeddable identity resolution.
//!
//! Turn messy customer records from several systems into one trustworthy view of each person:
//! standardize their fields, find the records that are the same person, merge them into golden
//! records with provenance — in-process, with no database, Python or Spark.
//!
//! # Quickstart
//!
//! ```
//! use selfsame::{Profile, Resolver};
//!
//! let profiles = vec![
//!     Profile::new("crm", "c-1").with_full_name("Smith, Robert").with_email("Bob.Smith@Gmail.com").with_phone("+1 (415) 555-0134"),
//!     Profile::new("shop", "s-9").with_given_name("Bob").with_family_name("Smith").with_email("bobsmith+shop@googlemail.com"),
//!     Profile::new("support", "t-3").with_given_name("Robert").with_family_name("Smith").with_phone("415.555.0134"),
//!     Profile::new("shop", "s-10").with_given_name("Mary").with_family_name("Jones").with_email("mary.jones@example.com"),
//! ];
//! let resolution = Resolver::default().resolve(&profiles)?;
//! assert_eq!(resolution.clusters.len(), 2);
//! let bob = &resolution.golden[resolution.cluster_of(0).unwrap()];
//! assert_eq!(bob.fields["phone"].value.values(), ["+14155550134"]);
//! # Ok::<(), selfsame::Error>(())
//! ```
//!
//! # The pipeline
//!
//! Each stage is a module, usable on its own; [`Resolver`] runs them all.
//!
//! | stage | module | what it does |
//! |---|---|---|
//! | normalize | [`normalize`] | text folding, names (+ nickname groups, phonetic key), email, phone (E.164), address (USPS Pub. 28), dates |
//! | block | [`block`] | candidate pairs from shared keys under several rules, never all pairs |
//! | compare | [`compare`] | a graded agreement level per field; missing is neutral |
//! | score | [`score`] | Fellegi–Sunter weights, trained without labels (u by sampling, m by EM), term frequencies |
//! | guard | [`guard`] | generic values, exact duplicates, unique ids, household and cluster-coherence rules |
//! | cluster | [`cluster`] | union-find, and the graph-only clustering (unique ids, weak bridges) the guard builds on |
//! | golden | [`golden`] | survivorship rules per field, consent, provenance on every value |
//! | explain | [`explain`] | why two records are (not) one person |
//!
//! With the `csv` feature (on by default), `csv` loads CSV files into profiles: header aliases,
//! mapping rules, errors naming the file and line.
//!
//! # Guarantees
//!
//! * **Never quadratic.** Blocking indexes records in O(n log n) per rule; a block larger than
//!   [`block::BlockingConfig::max_block_size`] is skipped and reported, never expanded.
//! * **Every input record is in exactly one cluster**, singletons included.
//! * **Deterministic.** The same records give the same clusters, cluster ids, links and golden
//!   records whatever the thread count or the input order (records are put in (source, id)
//!   order internally; training samples with a fixed seed).
//! * **Untrusted input.** Normalizers bound their input length, run in linear time and return a
//!   typed rejection instead of panicking; rejected values are listed on the
//!   [`NormalizedProfile`], never dropped silently.
//! * **Personal data stays the payload.** The library never prints or logs; `Debug` of profiles,
//!   addresses, emails and golden records hides their values; error messages name fields and
//!   record positions, not values.
//! * No `unsafe` (`#![forbid(unsafe_code)]`), no global mutable state, no environment variables.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod block;
pub mod cluster;
pub mod compare;
#[cfg(feature = "csv")]
pub mod csv;
pub mod error;
pub mod eval;
pub mod explain;
pub mod golden;
pub mod guard;
mod hash;
pub mod normalize;
pub mod profile;
pub mod resolve;
pub mod score;
pub mod state;

pub use block::Mode;
pub use error::Error;
pub use golden::{golden_record, GoldenRecord, GoldenValue, Rule, SurvivorshipConfig};
pub use profile::{
    AddressKey, Channel, Consent, ConsentState, EmailKey, ExternalId, Field, IdKey, NameKey,
    NormalizedProfile, PhoneKey, PostalAddress, Profile, Records, Rejection, Timestamp,
};
pub use resolve::{Cluster, Config, Resolution, Resolver, Stats};

// The README's code runs as a doctest, so the quickstart there cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
