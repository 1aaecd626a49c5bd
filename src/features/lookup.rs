//! Read-only copies of the word and n-gram tables, laid out for scoring: a fitted vectorizer looks
//! up every word and bigram of every sentence it scores, and those lookups are cache misses. Here
//! each table is one array of slots (open addressing, linear probing, at most 5/8 full), so a slot
//! address follows from the hash alone and can be prefetched: a sentence's word slots are requested
//! while it is still being tokenized and its bigram slots before any is read, so the misses overlap
//! instead of queueing. Built once from a [`Words`] table and the vocabulary's n-grams when a
//! vectorizer is fitted or loaded; owns no other state and must not be written after it is built.

use rustc_hash::FxHashMap;

use crate::features::grams::{INLINE, Key, NONE, Words, hash, pair};
use crate::prefetch::prefetch;

/// An open-addressed table of unique keys → ids, at most 5/8 full so probes stay short. Any number
/// of slots works (the hash is scaled, not masked), so the table is no larger than it needs to be:
/// the smaller it is, the more of it stays in cache.
#[derive(Debug, Clone)]
struct Slots<K> {
    slots: Vec<Slot<K>>,
}

/// One slot: a key and its id, or [`NONE`] when empty.
#[derive(Debug, Clone, Copy)]
struct Slot<K> {
    key: K,
    id: u32,
}

/// Spreads a hash's bits into the top ones, which pick the slot.
const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

impl<K: Copy + Default> Slots<K> {
    /// Room for `len` keys.
    fn with_capacity(len: usize) -> Slots<K> {
        let n = (len * 8 / 5).max(8);
        Slots {
            slots: vec![
                Slot {
                    key: K::default(),
                    id: NONE
                };
                n
            ],
        }
    }

    /// The first slot a key with this hash may sit in: the spread hash scaled to the table.
    fn home(&self, hash: u64) -> usize {
        ((u128::from(hash.wrapping_mul(SPREAD)) * self.slots.len() as u128) >> 64) as usize
    }

    /// The slot after `i`, wrapping around.
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() { 0 } else { i + 1 }
    }

    /// Stores a key not yet in the table.
    fn insert_new(&mut self, hash: u64, key: K, id: u32) {
        let mut i = self.home(hash);
        while self.slots[i].id != NONE {
            i = self.next(i);
        }
        self.slots[i] = Slot { key, id };
    }

    /// Asks for the cache line a lookup of this hash reads first.
    fn prefetch(&self, hash: u64) {
        prefetch(&self.slots, self.home(hash));
    }

    /// The id of the key with this hash that `is_key` accepts, or [`NONE`].
    fn find(&self, hash: u64, is_key: impl Fn(&K, u32) -> bool) -> u32 {
        let mut i = self.home(hash);
        loop {
            let slot = &self.slots[i];
            if slot.id == NONE || is_key(&slot.key, slot.id) {
                return slot.id;
            }
            i = self.next(i);
        }
    }
}

/// The words of a [`Words`] table, for lookups only.
#[derive(Debug, Clone)]
pub struct WordLookup {
    slots: Slots<Key>,
    /// The words end to end and where each starts, for telling apart words longer than [`INLINE`].
    bytes: Vec<u8>,
    starts: Vec<usize>,
}

impl Default for Key {
    fn default() -> Key {
        Key::of(b"")
    }
}

/// A word on its way to its id: what [`WordLookup::probe`] computed, for [`WordLookup::resolve`].
#[derive(Debug, Clone, Copy)]
pub struct WordProbe {
    hash: u64,
    key: Key,
    /// Where the word's bytes sit in the caller's buffer of long words (empty when it is short).
    long: (u32, u32),
}

impl WordLookup {
    /// The lookup copy of `words`.
    pub fn new(words: &Words) -> WordLookup {
        let mut lookup = WordLookup {
            slots: Slots::with_capacity(words.len()),
            bytes: Vec::new(),
            starts: vec![0],
        };
        for id in 0..words.len() as u32 {
            let word = words.word(id).as_bytes();
            lookup.bytes.extend_from_slice(word);
            lookup.starts.push(lookup.bytes.len());
            lookup.slots.insert_new(hash(word), Key::of(word), id);
        }
        lookup
    }

    /// The id of `word`, or [`NONE`].
    #[cfg(test)]
    fn get(&self, word: &str) -> u32 {
        let mut long = Vec::new();
        let probe = self.probe(word, &mut long);
        self.resolve(&probe, &long)
    }

    /// Starts looking up `word`: prefetches its slot and returns what [`Self::resolve`] needs. A
    /// word longer than [`INLINE`] bytes is copied to the end of `long`, since the caller's word
    /// may not outlive the call.
    pub fn probe(&self, word: &str, long: &mut Vec<u8>) -> WordProbe {
        let word = word.as_bytes();
        let hash = hash(word);
        self.slots.prefetch(hash);
        let start = long.len();
        if word.len() > INLINE {
            long.extend_from_slice(word);
        }
        WordProbe {
            hash,
            key: Key::of(word),
            long: (start as u32, long.len() as u32),
        }
    }

    /// The id of a probed word, or [`NONE`]; `long` is the buffer given to [`Self::probe`].
    pub fn resolve(&self, probe: &WordProbe, long: &[u8]) -> u32 {
        let word = &long[probe.long.0 as usize..probe.long.1 as usize];
        self.slots.find(probe.hash, |key, id| {
            *key == probe.key && (word.is_empty() || self.word(id) == word)
        })
    }

    /// The bytes of word `id`.
    fn word(&self, id: u32) -> &[u8] {
        let id = id as usize;
        &self.bytes[self.starts[id]..self.starts[id + 1]]
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
    /// Bigram keys as two `u32`s rather than one `u64`, so a slot is 12 bytes, not 16.
    bigrams: Option<Slots<[u32; 2]>>,
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
        let mut slots = Slots::with_capacity(bigrams.len());
        for (key, id) in bigrams {
            slots.insert_new(key, split(key), id);
            let bit = lookup.filter_bit(key);
            lookup.filter[bit / 64] |= 1 << (bit % 64);
        }
        lookup.bigrams = Some(slots);
        lookup
    }

    /// False when the bigram `key` is certainly not stored.
    fn may_hold(&self, key: u64) -> bool {
        let bit = self.filter_bit(key);
        self.filter[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The filter bit of a bigram key: the top bits of a multiplicative hash (other bits than the
    /// slot's, which come from the same product shifted less).
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
        let Some(slots) = &self.bigrams else { return };
        keys.clear();
        for pair_ids in ids.windows(2) {
            let (a, b) = (pair_ids[0], pair_ids[1]);
            if b != NONE && self.may_begin(a) {
                let key = pair(a, b);
                if self.may_hold(key) {
                    slots.prefetch(key);
                    keys.push(key);
                }
            }
        }
        for &key in keys.iter() {
            let pair_ids = split(key);
            let id = slots.find(key, |k, _| *k == pair_ids);
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

    fn lookup_of(words: &[&str]) -> (Words, WordLookup) {
        let mut w = Words::default();
        for word in words {
            w.get_or_insert(word).unwrap();
        }
        let lookup = WordLookup::new(&w);
        (w, lookup)
    }

    #[test]
    fn words_of_every_length_and_zero_bytes_are_found_and_told_apart() {
        let long = "y".repeat(300);
        let mut words = crate::features::grams::tests::TRICKY_WORDS.to_vec();
        words.push(&long);
        let (_, lookup) = lookup_of(&words);
        for (id, word) in words.iter().enumerate() {
            assert_eq!(lookup.get(word), id as u32, "{word:?}");
        }
        for absent in [
            "",
            "a",
            "internationalizatiom",
            &"y".repeat(299),
            &"x".repeat(300),
        ] {
            assert_eq!(lookup.get(absent), NONE, "{absent:?}");
        }
    }

    #[test]
    fn probes_resolved_later_give_the_ids_of_single_lookups() {
        let vocabulary: Vec<String> = (0..5_000).map(|i| format!("word{i}xxxxxxxx{i}")).collect();
        let refs: Vec<&str> = vocabulary.iter().map(String::as_str).collect();
        let (words, lookup) = lookup_of(&refs);
        let queries: Vec<String> = (0..8_000).map(|i| format!("word{i}xxxxxxxx{i}")).collect();
        let mut long = Vec::new();
        let probes: Vec<WordProbe> = queries.iter().map(|q| lookup.probe(q, &mut long)).collect();
        for (query, probe) in queries.iter().zip(&probes) {
            let expected = words.get(query).unwrap_or(NONE);
            assert_eq!(lookup.resolve(probe, &long), expected, "{query}");
        }
    }

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
