//! Records' bytes held side by side in one buffer (the raw profiles in one, the packed
//! normalized values in another) instead of one heap allocation per record: a record holds a
//! [`Span`] of it. An erased or replaced record's bytes are zeroed at once and counted as waste;
//! the state compacts its buffers when the waste passes the live bytes.

/// Where a record's bytes are: a block of a buffer, the offset in it, the length.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) block: u32,
    pub(super) at: u32,
    pub(super) len: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        let at = self.at as usize;
        at..at + self.len as usize
    }
}

/// Below this much waste a buffer is never compacted (a compaction copies every live byte).
const SLACK: usize = 1 << 20;

/// The size of a block new records are written to: a block is never grown past its capacity
/// (a large buffer is not copied to add a record), a new one is started instead.
pub(super) const BLOCK: usize = 1 << 22;

/// What a buffer's blocks are: a string (raw profiles) or bytes (packed records).
pub(super) trait Block: Default {
    type Item: ?Sized + 'static;
    fn with_capacity(n: usize) -> Self;
    fn len(&self) -> usize;
    fn capacity(&self) -> usize;
    fn push(&mut self, x: &Self::Item);
    fn get(&self, r: std::ops::Range<usize>) -> Option<&Self::Item>;
    /// Overwrites a range with zero bytes.
    fn zero(&mut self, r: std::ops::Range<usize>);
    fn size(x: &Self::Item) -> usize;
    fn empty() -> &'static Self::Item;
}

impl Block for String {
    type Item = str;
    fn with_capacity(n: usize) -> Self {
        String::with_capacity(n)
    }
    fn len(&self) -> usize {
        self.len()
    }
    fn capacity(&self) -> usize {
        self.capacity()
    }
    fn push(&mut self, x: &str) {
        self.push_str(x);
    }
    fn get(&self, r: std::ops::Range<usize>) -> Option<&str> {
        str::get(self, r)
    }
    fn zero(&mut self, r: std::ops::Range<usize>) {
        if str::get(self, r.clone()).is_some() {
            let n = r.len();
            self.replace_range(r, &"\0".repeat(n));
        }
    }
    fn size(x: &str) -> usize {
        x.len()
    }
    fn empty() -> &'static str {
        ""
    }
}

impl Block for Vec<u8> {
    type Item = [u8];
    fn with_capacity(n: usize) -> Self {
        Vec::with_capacity(n)
    }
    fn len(&self) -> usize {
        self.len()
    }
    fn capacity(&self) -> usize {
        self.capacity()
    }
    fn push(&mut self, x: &[u8]) {
        self.extend_from_slice(x);
    }
    fn get(&self, r: std::ops::Range<usize>) -> Option<&[u8]> {
        <[u8]>::get(self, r)
    }
    fn zero(&mut self, r: std::ops::Range<usize>) {
        if let Some(b) = <[u8]>::get_mut(self, r) {
            b.fill(0);
        }
    }
    fn size(x: &[u8]) -> usize {
        x.len()
    }
    fn empty() -> &'static [u8] {
        &[]
    }
}

/// Records' bytes in a few large blocks.
#[derive(Default)]
pub(super) struct Arena<B: Block> {
    blocks: Vec<B>,
    len: usize,
    waste: usize,
}

/// The raw profiles.
pub(super) type Texts = Arena<String>;
/// The packed normalized records.
pub(super) type Bytes = Arena<Vec<u8>>;

impl<B: Block> Arena<B> {
    /// A buffer of these blocks (a loaded state's records, end to end).
    pub(super) fn of(blocks: Vec<B>) -> Arena<B> {
        let len = blocks.iter().map(|b| b.len()).sum();
        Arena {
            blocks,
            len,
            waste: 0,
        }
    }

    /// An empty buffer whose first block takes `n` bytes.
    pub(super) fn with_capacity(n: usize) -> Arena<B> {
        Arena {
            blocks: vec![B::with_capacity(n.min(u32::MAX as usize))],
            len: 0,
            waste: 0,
        }
    }

    /// Appends a record's bytes: to the last block while it has room, else to a new block.
    pub(super) fn push(&mut self, x: &B::Item) -> Span {
        let n = B::size(x);
        let room = self
            .blocks
            .last()
            .is_some_and(|b| b.capacity() - b.len() >= n && b.len() + n <= u32::MAX as usize);
        if !room {
            self.blocks.push(B::with_capacity(n.max(BLOCK)));
        }
        let block = self.blocks.len() - 1;
        let b = &mut self.blocks[block];
        let at = b.len();
        b.push(x);
        self.len += n;
        Span {
            block: block as u32,
            at: at as u32,
            len: n as u32,
        }
    }

    /// A span's bytes (empty for a span this buffer does not hold).
    pub(super) fn get(&self, sp: Span) -> &B::Item {
        self.blocks
            .get(sp.block as usize)
            .and_then(|b| b.get(sp.range()))
            .unwrap_or(B::empty())
    }

    /// Whether the buffer holds a span (for text, on character boundaries).
    pub(super) fn holds(&self, sp: Span) -> bool {
        self.blocks
            .get(sp.block as usize)
            .and_then(|b| b.get(sp.range()))
            .is_some()
    }

    /// Overwrites a span with zero bytes (the record's values are gone from memory).
    pub(super) fn erase(&mut self, sp: Span) {
        if sp.len > 0 && self.holds(sp) {
            self.blocks[sp.block as usize].zero(sp.range());
            self.waste += sp.len as usize;
        }
    }

    /// Whether erased bytes outweigh live ones (and are worth a compaction).
    pub(super) fn wasteful(&self) -> bool {
        self.waste > SLACK && self.waste * 2 > self.len
    }

    pub(super) fn live_len(&self) -> usize {
        self.len - self.waste.min(self.len)
    }

    /// Bytes held, erased ones included.
    #[cfg(test)]
    pub(super) fn len_all(&self) -> usize {
        self.len
    }

    /// The only block, when there is one (or none).
    #[cfg(test)]
    pub(super) fn single(&self) -> Option<&B::Item> {
        match &self.blocks[..] {
            [] => Some(B::empty()),
            [b] => b.get(0..b.len()),
            _ => None,
        }
    }
}

/// A checksum of bytes, eight at a time in four independent lanes (a saved buffer of hundreds
/// of megabytes is checked in a fraction of a second): catches corrupt bytes, not forgery.
pub(super) fn checksum(b: &[u8]) -> u64 {
    const K: [u64; 4] = [
        0x9e37_79b9_7f4a_7c15,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
        0x85eb_ca77_c2b2_ae63,
    ];
    let mut lanes = K;
    let mut words = b.chunks_exact(32);
    for w in words.by_ref() {
        for (k, lane) in lanes.iter_mut().enumerate() {
            let mut x = [0u8; 8];
            x.copy_from_slice(&w[k * 8..k * 8 + 8]);
            *lane = (*lane ^ u64::from_le_bytes(x))
                .wrapping_mul(K[k] | 1)
                .rotate_left(29);
        }
    }
    let mut h = b.len() as u64;
    for lane in lanes {
        h = crate::hash::combine(h, lane);
    }
    for &x in words.remainder() {
        h = crate::hash::combine(h, u64::from(x));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erased_spans_are_zeroed_and_counted_as_waste() {
        let mut t = Texts::default();
        let a = t.push("ann\tlee");
        let b = t.push("bö");
        assert_eq!((t.get(a), t.get(b)), ("ann\tlee", "bö"));
        t.erase(a);
        assert_eq!(t.get(a), "\0".repeat(7));
        assert_eq!((t.get(b), t.live_len()), ("bö", 3));
        // A span off the buffer or inside a character reads as empty.
        let off = Span {
            block: 0,
            at: 8,
            len: 1,
        };
        assert!(!t.holds(off));
        assert_eq!(t.get(Span { block: 1, ..a }), "");
        let mut x = Bytes::default();
        let s = x.push(&[1, 2, 3]);
        assert_eq!(x.get(s), &[1, 2, 3]);
        x.erase(s);
        assert_eq!((x.get(s), x.live_len()), (&[0u8, 0, 0][..], 0));
    }

    #[test]
    fn a_full_block_is_not_grown_a_new_one_is_started() {
        let mut x = Bytes::of(vec![vec![7u8; 10]]);
        assert_eq!(x.single(), Some(&[7u8; 10][..]));
        let s = x.push(&[1, 2]);
        assert_eq!((s.block, s.at, s.len), (1, 0, 2));
        let t = x.push(&[3]);
        assert_eq!((t.block, t.at), (1, 2));
        assert_eq!(x.single(), None);
        assert_eq!((x.get(s), x.get(t)), (&[1u8, 2][..], &[3u8][..]));
    }

    #[test]
    fn the_checksum_sees_any_one_byte_changed_or_moved() {
        let b: Vec<u8> = (0..100u32).map(|i| (i * 7 % 251) as u8).collect();
        let h = checksum(&b);
        for i in 0..b.len() {
            let mut c = b.clone();
            c[i] ^= 1;
            assert_ne!(checksum(&c), h, "byte {i}");
        }
        assert_ne!(checksum(&b[..99]), h);
        let mut swapped = b.clone();
        swapped.swap(0, 8);
        assert_ne!(checksum(&swapped), h);
    }
}
