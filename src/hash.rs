//! Deterministic 64-bit hashing of normalized values, so equality on the hot path is an integer compare.

/// FNV-1a with a final avalanche (from SplitMix64), stable across runs, platforms and versions.
/// 0 is reserved for "absent": a value that hashes to 0 is mapped to 1.
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

pub(crate) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let h = mix(h);
    if h == 0 {
        1
    } else {
        h
    }
}

/// Combines two hashes (order matters).
pub(crate) fn combine(a: u64, b: u64) -> u64 {
    let h = mix(a ^ b.rotate_left(29).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    if h == 0 {
        1
    } else {
        h
    }
}

pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_nonzero() {
        assert_eq!(hash_str("smith"), hash_str("smith"));
        assert_ne!(hash_str("smith"), hash_str("smyth"));
        assert_ne!(hash_str(""), 0);
        assert_ne!(combine(1, 2), combine(2, 1));
    }
}

/// A pass-through hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b) ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u128(&mut self, n: u128) {
        // Packed small values (level vectors), not pre-hashed: mix both halves.
        self.0 = mix((n as u64) ^ mix((n >> 64) as u64));
    }
}

/// A `HashMap` keyed by packed `u128`s (level vectors).
pub(crate) type U128Map<V> =
    std::collections::HashMap<u128, V, std::hash::BuildHasherDefault<IdentityHasher>>;

/// A `HashMap` keyed by pre-hashed `u64`s.
pub(crate) type U64Map<V> =
    std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<IdentityHasher>>;
