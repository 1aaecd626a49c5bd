//! The read-only n-gram table a fitted vectorizer scores with: word ids → column, laid out for
//! the bigram lookups that are most of scoring's cache misses. Bigrams sit in one array of 12-byte
//! slots (open addressing, linear probing, at most 5/8 full) behind a bit filter, so a slot's
//! address follows from the key alone and a sentence's candidate slots are all requested
//! (prefetched) before any is read: the misses overlap instead of queueing. Words themselves stay
//! in [`super::grams::Words`], whose SIMD-probed table measured faster than a copy here. Built once
//! from the vocabulary when a vectorizer is fitted or loaded; owns no other state and is never
//! written after it is built.

use rustc_hash::FxHashMap;

use crate::features::grams::{NONE, pair};
use crate::prefetch::prefetch;

/// Bigram keys → ids, open-addressed, at most 5/8 full so probes stay short. Any number of slots
/// works (the key is scaled, not masked), so the table is no larger than it needs to be: the
/// smaller it is, the more of it stays in cache.
#[derive(Debug, Clone, Default)]
struct Slots {
    slots: Vec<Slot>,
}

/// One slot: a bigram's two word ids and its id, or [`NONE`] when empty. The key is two `u32`s
/// rather than one `u64`, so a slot is 12 bytes, not 16.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: [u32; 2],
    id: u32,
}

/// Spreads a key's bits into the top ones, which pick the slot.
const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

impl Slots {
    /// Room for `len` keys.
    fn with_capacity(len: usize) -> Slots {
        let empty = Slot {
            key: [NONE; 2],
            id: NONE,
        };
        Slots {
            slots: vec![empty; (len * 8 / 5).max(8)],
        }
    }

    /// The first slot `key` may sit in: the spread key scaled to the table.
    fn home(&self, key: u64) -> usize {
        ((u128::from(key.wrapping_mul(SPREAD)) * self.slots.len() as u128) >> 64) as usize
    }

    /// The slot after `i`, wrapping around.
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() { 0 } else { i + 1 }
    }

    /// Stores a key not yet in the table.
    fn insert_new(&mut self, key: u64, id: u32) {
        let mut i = self.home(key);
        while self.slots[i].id != NONE {
            i = self.next(i);
        }
        self.slots[i] = Slot {
            key: split(key),
            id,
        };
    }

    /// Asks for the cache line a lookup of `key` reads first.
    fn prefetch(&self, key: u64) {
        prefetch(&self.slots, self.home(key));
    }

    /// The id of `key`, or [`NONE`].
    fn find(&self, key: u64) -> u32 {
        let wanted = split(key);
        let mut i = self.home(key);
        loop {
            let slot = &self.slots[i];
            if slot.id == NONE || slot.key == wanted {
                return slot.id;
            }
            i = self.next(i);
        }
    }
}

/// N-grams of word ids → ids, for lookups only, with a filter that turns most absent bigrams away
/// before their slot is read.
#[derive(Debug, Clone, Default)]
pub struct GramLookup {
    unigrams: Vec<u32>,
    /// Whether each word id begins some stored n-gram of two or more words: most text windows
    /// begin with a word that begins none, and this check spares their lookups.
    starts: Vec<bool>,
    bigrams: Slots,
    longer: FxHashMap<Box<[u32]>, u32>,
    /// One bit per hashed bigram key: most bigrams of new text are not in a vocabulary, and a clear
    /// bit turns them away without reading a slot.
    filter: Vec<u64>,
    filter_shift: u32,
}

impl GramLookup {
    /// The table of `grams`: n-grams of word ids (none of them [`NONE`]), each once, with their ids.
    pub fn new<'a>(grams: impl IntoIterator<Item = (&'a [u32], u32)>) -> GramLookup {
        let mut lookup = GramLookup::default();
        // Bigrams are gathered first so that the slot table is sized once, to their number.
        let mut bigrams = Vec::new();
        for (gram, id) in grams {
            if let [first, _, ..] = gram {
                grow_to(&mut lookup.starts, *first, false);
                lookup.starts[*first as usize] = true;
            }
            match gram {
                [w] => {
                    grow_to(&mut lookup.unigrams, *w, NONE);
                    lookup.unigrams[*w as usize] = id;
                }
                [a, b] => bigrams.push((pair(*a, *b), id)),
                _ => {
                    lookup.longer.insert(gram.into(), id);
                }
            }
        }
        let bits = (bigrams.len() * 16).next_power_of_two().max(64);
        lookup.filter = vec![0; bits / 64];
        lookup.filter_shift = 64 - bits.trailing_zeros();
        lookup.bigrams = Slots::with_capacity(bigrams.len());
        for (key, id) in bigrams {
            lookup.bigrams.insert_new(key, id);
            let bit = lookup.filter_bit(key);
            lookup.filter[bit / 64] |= 1 << (bit % 64);
        }
        lookup
    }

    /// False when the bigram `key` is certainly not stored.
    fn may_hold(&self, key: u64) -> bool {
        let bit = self.filter_bit(key);
        self.filter[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The filter bit of a bigram key: the top bits of a multiplicative hash of the key with its
    /// halves swapped, so that the bit does not follow from the key's slot.
    fn filter_bit(&self, key: u64) -> usize {
        (key.rotate_left(32).wrapping_mul(SPREAD) >> self.filter_shift) as usize
    }

    /// Appends the id of every stored n-gram window of `ids` (word ids, [`NONE`] for unknown words)
    /// for n in `min_n..=max_n` to `out`, in no particular order; `keys` is scratch space.
    pub fn ids_of_windows(
        &self,
        ids: &[u32],
        (min_n, max_n): (usize, usize),
        keys: &mut Vec<u64>,
        out: &mut Vec<u32>,
    ) {
        for n in min_n..=max_n.min(ids.len()) {
            match n {
                1 => out.extend(
                    ids.iter()
                        .filter_map(|&w| self.unigrams.get(w as usize))
                        .filter(|&&id| id != NONE),
                ),
                2 => self.bigram_ids(ids, keys, out),
                _ => out.extend(
                    ids.windows(n)
                        .filter(|w| !w.contains(&NONE) && self.may_begin(w[0]))
                        .filter_map(|w| self.longer.get(w)),
                ),
            }
        }
    }

    /// Whether some stored n-gram of two or more words begins with word `id`.
    fn may_begin(&self, id: u32) -> bool {
        self.starts.get(id as usize).copied().unwrap_or(false)
    }

    /// The bigram part of [`Self::ids_of_windows`], in two passes so that no slot read waits on
    /// another: every candidate the filter lets through has its slot requested, then the slots are
    /// read. (The filter, an eighth of the slots' size, mostly stays in cache.)
    fn bigram_ids(&self, ids: &[u32], keys: &mut Vec<u64>, out: &mut Vec<u32>) {
        keys.clear();
        for pair_ids in ids.windows(2) {
            let (a, b) = (pair_ids[0], pair_ids[1]);
            if b != NONE && self.may_begin(a) {
                let key = pair(a, b);
                if self.may_hold(key) {
                    self.bigrams.prefetch(key);
                    keys.push(key);
                }
            }
        }
        for &key in keys.iter() {
            let id = self.bigrams.find(key);
            if id != NONE {
                out.push(id);
            }
        }
    }
}

/// Makes `items` long enough to hold index `at`, filling with `fill`.
fn grow_to<T: Clone>(items: &mut Vec<T>, at: u32, fill: T) {
    let needed = at as usize + 1;
    if items.len() < needed {
        items.resize(needed, fill);
    }
}

/// A bigram key's two word ids.
fn split(key: u64) -> [u32; 2] {
    [(key >> 32) as u32, key as u32]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_gram_is_found_and_most_absent_bigrams_are_filtered() {
        let mut grams: Vec<(Vec<u32>, u32)> = Vec::new();
        for a in 0..500u32 {
            grams.push((vec![a, a + 7], a));
            grams.push((vec![a], 1000 + a));
        }
        grams.push((vec![1, 2, 3], 5000));
        let lookup = GramLookup::new(grams.iter().map(|(g, id)| (g.as_slice(), *id)));
        for a in 0..500u32 {
            let mut out = Vec::new();
            lookup.ids_of_windows(&[a, a + 7], (1, 3), &mut Vec::new(), &mut out);
            let mut expected = vec![1000 + a, a];
            if a + 7 < 500 {
                expected.insert(1, 1000 + a + 7);
            }
            assert_eq!(out, expected, "{a}");
        }
        let mut out = Vec::new();
        lookup.ids_of_windows(&[1, 2, 3, NONE, 4], (3, 3), &mut Vec::new(), &mut out);
        assert_eq!(out, [5000]);
        let passed = (0..10_000u32)
            .filter(|&a| lookup.may_hold(pair(a, a + 3)))
            .count();
        assert!(passed < 1_500, "{passed} of 10000 absent bigrams passed");
    }

    #[test]
    fn windows_with_unknown_words_are_skipped() {
        let lookup = GramLookup::new([(&[1, 2][..], 7), (&[2][..], 8)]);
        let mut out = Vec::new();
        lookup.ids_of_windows(&[NONE, 2, NONE, 1, 2], (1, 2), &mut Vec::new(), &mut out);
        assert_eq!(out, [8, 8, 7]);
    }
}
