//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use selfsame::state::{Event, ResolverState};
use selfsame::{Profile, Resolution, Resolver};

/// `../shared/data` beside the checkout, or `None` (the test is skipped) when it is missing —
/// unless `SELFSAME_REQUIRE_DATA` is set, as CI does: there a missing folder is a failure, not a
/// silent pass.
pub fn data_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else if std::env::var_os("SELFSAME_REQUIRE_DATA").is_some() {
        panic!(
            "{} not found and SELFSAME_REQUIRE_DATA is set",
            dir.display()
        );
    } else {
        println!("skipped: {} not found", dir.display());
        None
    }
}

/// Reads a CSV file as header-keyed rows of raw strings; empty cells are left out.
pub fn read_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A deterministic shuffle (Fisher-Yates with a small LCG), so tests need no random crate.
pub fn shuffled<T: Clone>(xs: &[T], seed: u64) -> Vec<T> {
    let mut v = xs.to_vec();
    let mut s = seed | 1;
    for i in (1..v.len()).rev() {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = ((s >> 33) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

/// Resolves with the default configuration on a rayon pool of `threads` threads.
pub fn resolve_in_pool(threads: usize, ps: &[Profile]) -> Resolution {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| Resolver::default().resolve(ps))
        .unwrap()
}

/// Applies (remove?, profile) operations to a state one at a time; the events in order.
pub fn apply(state: &mut ResolverState, ops: &[(bool, Profile)]) -> Vec<Event> {
    let mut events = Vec::new();
    for (remove, p) in ops {
        if *remove {
            events.extend(state.remove(&p.source, &p.id).unwrap());
        } else {
            events.extend(state.upsert(p.clone()).unwrap());
        }
    }
    events
}
