//! Hashed lookups into the static word tables of the normalizers.
//!
//! The tables themselves stay sorted slices (they are easy to read, diff and check for order in
//! tests); each hot one also gets an index built once on first use, so a lookup is one FNV hash
//! of the word and one string compare instead of a binary search of about ten compares. A hash
//! index answers exactly what the binary search over the same distinct keys answers: both are
//! exact-key lookups (`tests` checks every key and random words against the sorted search).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over the bytes written, with the SplitMix64 finalizer of [`crate::hash`] so the high
/// bits (which `HashMap` uses for its control bytes) are as mixed as the low ones. Deterministic;
/// the tables are built from static data only, so no seed is needed against crafted keys.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        crate::hash::mix(self.0)
    }
}

/// A `HashMap` hashed with [`Fnv`].
pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// An index of a static table of `(key, value)` pairs: key → value. When a key appears twice the
/// first pair wins, as a binary search over a sorted, deduplicated table would find it.
pub(crate) fn index<V: Copy>(table: &[(&'static str, V)]) -> FnvMap<&'static str, V> {
    let mut map = FnvMap::with_capacity_and_hasher(table.len(), Default::default());
    for &(k, v) in table {
        map.entry(k).or_insert(v);
    }
    map
}

/// Words of this length or longer always pass a [`Shape`] (no table here has such keys in
/// numbers worth filtering).
const SHAPE_LEN: usize = 16;

/// A quick, conservative test of whether a word may be a key of a static table, from its
/// length and its first and last letters: most words of a street line are no suffix and no
/// unit word, and are turned away in a few instructions before any hash or compare. Never
/// turns a key away (built from the keys themselves at compile time; words that do not start
/// and end with `a`–`z`, and long words, always pass).
pub(crate) struct Shape([[u32; 26]; SHAPE_LEN]);

impl Shape {
    /// The shape of the keys of `table`.
    pub(crate) const fn of<V: Copy>(table: &[(&str, V)]) -> Shape {
        let mut bits = [[0u32; 26]; SHAPE_LEN];
        let mut i = 0;
        while i < table.len() {
            let b = table[i].0.as_bytes();
            let n = b.len();
            if n > 0 && n < SHAPE_LEN {
                let f = b[0].wrapping_sub(b'a') as usize;
                let l = b[n - 1].wrapping_sub(b'a') as usize;
                if f < 26 && l < 26 {
                    bits[n][f] |= 1 << l;
                }
            }
            i += 1;
        }
        Shape(bits)
    }

    /// May `w` be a key? `false` only when no key has its length and end letters; a key
    /// that does not start and end with `a`–`z` is found through the pass of every such word.
    #[inline]
    pub(crate) fn may_hold(&self, w: &str) -> bool {
        let b = w.as_bytes();
        let n = b.len();
        if n == 0 || n >= SHAPE_LEN {
            return true;
        }
        let f = b[0].wrapping_sub(b'a') as usize;
        let l = b[n - 1].wrapping_sub(b'a') as usize;
        if f >= 26 || l >= 26 {
            return true;
        }
        self.0[n][f] >> l & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    #[test]
    fn hashes_are_deterministic_and_spread() {
        let h = |s: &str| BuildHasherDefault::<Fnv>::default().hash_one(s);
        assert_eq!(h("street"), h("street"));
        assert_ne!(h("st"), h("ts"));
        // Strings hash with a terminator: ("a", "b") and ("ab", "") differ.
        let pair = |a: &str, b: &str| {
            let mut f = Fnv::default();
            a.hash(&mut f);
            b.hash(&mut f);
            f.finish()
        };
        assert_ne!(pair("a", "b"), pair("ab", ""));
    }

    #[test]
    fn shape_never_turns_a_key_away() {
        const T: &[(&str, u8)] = &[("ave", 1), ("st", 2), ("#", 3), ("1st", 4), ("é", 5)];
        const S: Shape = Shape::of(T);
        for &(k, _) in T {
            assert!(S.may_hold(k), "{k}");
        }
        // Same length and ends as a key: passes; anything else with a-z ends: turned away.
        assert!(S.may_hold("ace"));
        assert!(!S.may_hold("avenue"));
        assert!(!S.may_hold("ta"));
        assert!(!S.may_hold("main"));
        // Other ends, long words and the empty word always pass.
        assert!(S.may_hold("2nd"));
        assert!(S.may_hold("aaaaaaaaaaaaaaaaaaaa"));
        assert!(S.may_hold(""));
    }

    #[test]
    fn index_keeps_the_first_of_a_duplicate_key() {
        let t = [("a", 1), ("b", 2), ("b", 3)];
        let m = index(&t);
        assert_eq!(m.get("a"), Some(&1));
        assert_eq!(m.get("b"), Some(&2));
        assert_eq!(m.get("c"), None);
    }
}
