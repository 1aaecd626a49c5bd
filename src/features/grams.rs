//! Word n-grams as sequences of word ids instead of joined strings: a [`Words`] table gives each
//! distinct word an id, and a [`GramTable`] maps an n-gram of word ids to an id (a temporary term id
//! while fitting; transforming reads the tables [`super::lookup`] builds from a vectorizer's
//! vocabulary). Looking up "rates rose" then costs one hash of each
//! word, once per document position, plus an integer-keyed lookup per n-gram; no n-gram string is
//! ever built. Owns only these two tables and the n-gram windows; must not know about documents,
//! counting, weighting or the vocabulary's order.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::error::{Error, Result};

/// Marks "no id": a word outside the table, or a unigram without a term.
pub const NONE: u32 = u32::MAX;

/// Distinct words and their ids, in first-seen order. The words sit end to end in one buffer; the
/// hash table holds each word's id with its first bytes and length inline, so looking up a word of
/// up to [`INLINE`] bytes touches one table entry and nothing else: this lookup runs for every word
/// of every document scored, and following the id to the buffer cost two more cache misses.
#[derive(Debug, Clone, Default)]
pub struct Words {
    table: HashTable<Slot>,
    bytes: Vec<u8>,
    /// Where each word's bytes start in `bytes`; one more entry than words.
    starts: Vec<usize>,
}

/// Bytes of a word kept in its table entry.
const INLINE: usize = 11;

/// A word's table entry: [`Key`] and id.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: Key,
    id: u32,
}

/// A word's first [`INLINE`] bytes, zero-padded, then its length (255 for 255 or more), as two
/// little-endian integers: equal keys mean equal words for words of up to [`INLINE`] bytes, which
/// the length tells apart from longer ones and from shorter ones ending in zero bytes.
// Packed to 4-byte alignment so a slot stays 16 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(4))]
struct Key {
    /// Bytes 0 to 7.
    low: u64,
    /// Bytes 8 to 10, then the length.
    high: u32,
}

impl Key {
    /// Built in registers from a few overlapping loads: assembling it byte by byte on the stack and
    /// reading it back as words stalled every lookup on store forwarding.
    fn of(word: &[u8]) -> Key {
        let length = (word.len().min(255) as u32) << 24;
        match word.split_first_chunk::<8>() {
            Some((head, rest)) => Key {
                low: u64::from_le_bytes(*head),
                high: up_to_3_le(&rest[..rest.len().min(INLINE - 8)]) | length,
            },
            None => Key {
                low: up_to_7_le(word),
                high: length,
            },
        }
    }
}

/// `bytes` (at most 7) as a zero-padded little-endian integer.
fn up_to_7_le(bytes: &[u8]) -> u64 {
    match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        // Two overlapping loads; the overlap holds the same bytes in both.
        (Some(first), Some(last)) => {
            u64::from(u32::from_le_bytes(*first))
                | u64::from(u32::from_le_bytes(*last)) << (8 * (bytes.len() - 4))
        }
        _ => u64::from(up_to_3_le(bytes)),
    }
}

/// `bytes` (at most 3) as a zero-padded little-endian integer.
fn up_to_3_le(bytes: &[u8]) -> u32 {
    let n = bytes.len();
    if n == 0 {
        return 0;
    }
    u32::from(bytes[0])
        | u32::from(bytes[n / 2]) << (8 * (n / 2))
        | u32::from(bytes[n - 1]) << (8 * (n - 1))
}

impl Words {
    /// The id of `word`, if it is in the table.
    pub fn get(&self, word: &str) -> Option<u32> {
        let word = word.as_bytes();
        let key = Key::of(word);
        self.table
            .find(hash(word), |slot| {
                slot.key == key
                    && (word.len() <= INLINE
                        || word_bytes(&self.bytes, &self.starts, slot.id) == word)
            })
            .map(|slot| slot.id)
    }

    /// The id of `word`, added when new; an error past `u32::MAX - 1` words.
    pub fn get_or_insert(&mut self, word: &str) -> Result<u32> {
        if let Some(id) = self.get(word) {
            return Ok(id);
        }
        let id = next_id(self.len())?;
        let Words {
            table,
            bytes,
            starts,
        } = self;
        if starts.is_empty() {
            starts.push(0);
        }
        bytes.extend_from_slice(word.as_bytes());
        starts.push(bytes.len());
        let slot = Slot {
            key: Key::of(word.as_bytes()),
            id,
        };
        table.insert_unique(hash(word.as_bytes()), slot, |s| {
            hash(word_bytes(bytes, starts, s.id))
        });
        Ok(id)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The word with id `id`.
    pub fn word(&self, id: u32) -> &str {
        std::str::from_utf8(word_bytes(&self.bytes, &self.starts, id)).unwrap_or("")
    }
}

/// The bytes of word `id`.
fn word_bytes<'a>(bytes: &'a [u8], starts: &[usize], id: u32) -> &'a [u8] {
    let id = id as usize;
    &bytes[starts[id]..starts[id + 1]]
}

/// The hash of a word's bytes.
fn hash(word: &[u8]) -> u64 {
    FxBuildHasher.hash_one(word)
}

/// N-grams of word ids → ids. Unigrams sit in a plain array indexed by word id, bigrams under one
/// `u64` key, longer n-grams under their id slice.
#[derive(Debug, Clone, Default)]
pub struct GramTable {
    unigrams: Vec<u32>,
    /// Whether each word id begins some stored n-gram of two or more words: most text windows
    /// begin with a word that begins none, and this check spares their hash lookups.
    starts: Vec<bool>,
    bigrams: FxHashMap<u64, u32>,
    longer: FxHashMap<Box<[u32]>, u32>,
    len: usize,
}

impl GramTable {
    /// The id of `gram` (word ids, none of them [`NONE`]), if present.
    pub fn get(&self, gram: &[u32]) -> Option<u32> {
        let id = match gram {
            [w] => self.unigrams.get(*w as usize).copied().unwrap_or(NONE),
            [first, ..] if !self.starts.get(*first as usize).copied().unwrap_or(false) => NONE,
            [a, b] => return self.bigrams.get(&pair(*a, *b)).copied(),
            _ => return self.longer.get(gram).copied(),
        };
        (id != NONE).then_some(id)
    }

    /// Stores `id` for `gram`.
    pub fn insert(&mut self, gram: &[u32], id: u32) {
        if let [first, _, ..] = gram {
            let first = *first as usize;
            if self.starts.len() <= first {
                self.starts.resize(first + 1, false);
            }
            self.starts[first] = true;
        }
        let added = match gram {
            [w] => {
                let w = *w as usize;
                if self.unigrams.len() <= w {
                    self.unigrams.resize(w + 1, NONE);
                }
                std::mem::replace(&mut self.unigrams[w], id) == NONE
            }
            [a, b] => self.bigrams.insert(pair(*a, *b), id).is_none(),
            _ => self.longer.insert(gram.into(), id).is_none(),
        };
        self.len += usize::from(added);
    }

    /// The id of `gram`, giving it the next id (the number of n-grams so far) when new.
    pub fn get_or_insert(&mut self, gram: &[u32]) -> Result<u32> {
        if let Some(id) = self.get(gram) {
            return Ok(id);
        }
        let id = next_id(self.len)?;
        self.insert(gram, id);
        Ok(id)
    }
}

/// Calls `sink` with every n-gram window of `ids` for n in `min_n..=max_n`, in scikit-learn's order
/// (all `min_n`-grams, then all (`min_n`+1)-grams, ...), skipping windows that hold a [`NONE`].
pub fn for_each_gram(ids: &[u32], (min_n, max_n): (usize, usize), sink: &mut impl FnMut(&[u32])) {
    for n in min_n..=max_n.min(ids.len()) {
        for window in ids.windows(n) {
            if !window.contains(&NONE) {
                sink(window);
            }
        }
    }
}

/// Two word ids as one hash key.
pub(super) fn pair(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// `len` as the next id, refusing the [`NONE`] marker and beyond.
pub(crate) fn next_id(len: usize) -> Result<u32> {
    match u32::try_from(len) {
        Ok(id) if id != NONE => Ok(id),
        _ => Err(Error::Invalid(format!(
            "the corpus has more than {} distinct terms; use fewer or shorter n-grams",
            NONE - 1
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_get_ids_in_first_seen_order() {
        let mut w = Words::default();
        let ids: Vec<u32> = ["rates", "rose", "rates"]
            .iter()
            .map(|t| w.get_or_insert(t).unwrap_or(NONE))
            .collect();
        assert_eq!(ids, [0, 1, 0]);
        assert_eq!((w.word(1), w.get("fell")), ("rose", None));
    }

    #[test]
    fn words_of_every_length_and_zero_bytes_are_told_apart() {
        let long = "internationalization";
        let words = [
            "ab",
            "ab\0",
            "ab\0\0",
            "abcdefghijk",
            "abcdefghijkl",
            long,
            "internationalizatioN",
        ];
        let mut w = Words::default();
        for (id, word) in words.iter().enumerate() {
            assert_eq!(w.get_or_insert(word).ok(), Some(id as u32), "{word:?}");
        }
        for (id, word) in words.iter().enumerate() {
            assert_eq!(w.get(word), Some(id as u32), "{word:?}");
            assert_eq!(w.word(id as u32), *word);
        }
        assert_eq!(w.get("a"), None);
        assert_eq!(w.get("internationalizatiom"), None);
        assert_eq!(w.get(&"x".repeat(300)), None);
        let huge = "y".repeat(300);
        let id = w.get_or_insert(&huge).ok();
        assert_eq!((w.get(&huge), w.get(&"y".repeat(299))), (id, None));
        assert_eq!(w.len(), words.len() + 1);
    }

    #[test]
    fn keys_hold_the_first_bytes_zero_padded_then_the_length() {
        let bytes: Vec<u8> = (1..=40).collect();
        for len in 0..bytes.len() {
            let word = &bytes[..len];
            let mut expected = [0u8; INLINE + 1];
            expected[..len.min(INLINE)].copy_from_slice(&word[..len.min(INLINE)]);
            expected[INLINE] = len as u8;
            let key = Key::of(word);
            let mut got = [0u8; INLINE + 1];
            got[..8].copy_from_slice(&{ key.low }.to_le_bytes());
            got[8..].copy_from_slice(&{ key.high }.to_le_bytes());
            assert_eq!(got, expected, "length {len}");
        }
        assert_eq!(std::mem::size_of::<Slot>(), 16, "a slot stays 16 bytes");
    }

    #[test]
    fn grams_of_every_length_are_kept_apart() {
        let mut t = GramTable::default();
        let grams: [&[u32]; 5] = [&[3], &[1, 2], &[2, 1], &[1, 2, 3], &[1, 2, 3, 4]];
        for (id, g) in grams.iter().enumerate() {
            assert_eq!(t.get_or_insert(g).ok(), Some(id as u32));
        }
        for (id, g) in grams.iter().enumerate() {
            assert_eq!(t.get(g), Some(id as u32), "{g:?}");
        }
        assert_eq!(t.get_or_insert(&[2, 1]).ok(), Some(2));
        assert_eq!((t.len, t.get(&[0]), t.get(&[2, 3])), (5, None, None));
        assert_eq!(t.get(&[99]), None);
    }

    #[test]
    fn windows_come_in_scikit_learn_order_and_skip_unknown_words() {
        let mut seen = Vec::new();
        for_each_gram(&[1, 2, NONE, 4, 5], (1, 2), &mut |g| seen.push(g.to_vec()));
        let expected: Vec<Vec<u32>> =
            vec![vec![1], vec![2], vec![4], vec![5], vec![1, 2], vec![4, 5]];
        assert_eq!(seen, expected);
        let mut none = 0;
        for_each_gram(&[1], (2, 3), &mut |_| none += 1);
        assert_eq!(none, 0);
    }
}
