//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

use selfsame::{Profile, Resolution, Resolver};

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
