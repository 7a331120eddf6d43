//! The part of a key index a loaded state starts with: every (key, slot) pair in two sorted
//! columns (12 bytes a pair, read from the saved form as they are, where a hash map takes
//! about 26 bytes a key and must be filled one key at a time) and a directory of where each
//! range of keys starts, so a lookup reads one directory entry and a few neighbouring keys.
//! It never changes: a record changed or erased later is filed again in the map beside it,
//! and its frozen pairs are skipped (the state knows which slots still match them).

use rayon::prelude::*;

/// Keys per directory entry, on average.
const PER_BUCKET: usize = 4;

/// Sorted (key, slot) pairs and the directory of their key ranges.
#[derive(Default)]
pub(super) struct Frozen {
    keys: Vec<u64>,
    slots: Vec<u32>,
    /// `dir[b]`: the first pair whose key's top `bits` bits are `b` or more; one entry more
    /// than the buckets.
    dir: Vec<u32>,
    bits: u32,
}

impl Frozen {
    /// The pairs, sorted by key (a key's slots in any order); `None` when they are not sorted
    /// or the columns differ in length.
    pub(super) fn new(keys: Vec<u64>, slots: Vec<u32>) -> Option<Frozen> {
        if keys.len() != slots.len() || keys.len() >= u32::MAX as usize {
            return None;
        }
        if !keys.par_windows(2).all(|w| w[0] <= w[1]) {
            return None;
        }
        let bits = (keys.len() / PER_BUCKET).max(1).ilog2().min(30);
        let buckets = 1usize << bits;
        let mut dir = Vec::with_capacity(buckets + 1);
        let mut i = 0usize;
        for b in 0..buckets {
            while i < keys.len() && bucket(keys[i], bits) < b {
                i += 1;
            }
            dir.push(i as u32);
        }
        dir.push(keys.len() as u32);
        Some(Frozen {
            keys,
            slots,
            dir,
            bits,
        })
    }

    /// The slots filed under `k`.
    pub(super) fn get(&self, k: u64) -> &[u32] {
        let b = bucket(k, self.bits);
        let (Some(&lo), Some(&hi)) = (self.dir.get(b), self.dir.get(b + 1)) else {
            return &[];
        };
        let (lo, hi) = (lo as usize, hi as usize);
        let Some(ks) = self.keys.get(lo..hi) else {
            return &[];
        };
        let start = ks.partition_point(|&x| x < k);
        let end = ks.partition_point(|&x| x <= k);
        self.slots.get(lo + start..lo + end).unwrap_or(&[])
    }

    /// Every pair, in key order.
    pub(super) fn pairs(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.keys.iter().copied().zip(self.slots.iter().copied())
    }

    /// Pairs held.
    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// A key's directory entry: its top `bits` bits.
fn bucket(k: u64, bits: u32) -> usize {
    match bits {
        0 => 0,
        _ => (k >> (64 - bits)) as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_finds_its_slots_and_nothing_else() {
        let mut pairs: Vec<(u64, u32)> = (0..5_000u64)
            .map(|i| (crate::hash::mix(i / 3), i as u32))
            .collect();
        pairs.push((3, 9));
        pairs.push((u64::MAX, 7));
        pairs.push((u64::MAX, 8));
        pairs.sort_unstable();
        let (keys, slots): (Vec<u64>, Vec<u32>) = pairs.iter().copied().unzip();
        let f = Frozen::new(keys, slots).unwrap();
        assert_eq!(f.len(), pairs.len());
        for i in 0..5_000u64 / 3 {
            let want: Vec<u32> = (i * 3..i * 3 + 3).map(|s| s as u32).collect();
            let mut got = f.get(crate::hash::mix(i)).to_vec();
            got.sort_unstable();
            assert_eq!(got, want, "key {i}");
        }
        assert_eq!(f.get(3), &[9]);
        assert_eq!(f.get(u64::MAX), &[7, 8]);
        assert!(f.get(12345).is_empty());
        assert!(Frozen::default().get(1).is_empty());
        let one = Frozen::new(vec![5], vec![1]).unwrap();
        assert_eq!((one.get(5), one.get(4)), (&[1u32][..], &[][..]));
        // Unsorted keys or columns of other lengths are refused.
        assert!(Frozen::new(vec![2, 1], vec![0, 1]).is_none());
        assert!(Frozen::new(vec![1, 2], vec![0]).is_none());
        assert_eq!(f.pairs().count(), pairs.len());
    }
}
