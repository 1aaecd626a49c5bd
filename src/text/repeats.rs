//! The one document-level boilerplate rule, [`Rule::Repeat`]: [`RepeatFilter`] remembers the lines
//! of one document and drops repeated or shortened headlines. Owns only that memory and the
//! normalisation its comparisons use (case, runs of white space); must not judge a line on its own
//! (the stateless rules are in `boilerplate.rs`), split sentences, read files or print.
//!
//! A line repeats when, ignoring case and runs of whitespace, it equals an earlier kept line, or it
//! has no final punctuation, at least two words, and is a word-aligned prefix of one of the first
//! [`MAX_HEADLINES`] earlier lines without final punctuation (headlines). Only headline-like lines
//! are kept for prefix checks so the work per document stays linear.
//!
//! [`Rule::Repeat`]: super::boilerplate::Rule::Repeat

use std::hash::BuildHasher;

use super::ascii::{Piece, ascii_runs, blocks_with_pair};
use super::trim::is_space;
use rustc_hash::{FxBuildHasher, FxHashSet};

/// How many headline-like lines [`RepeatFilter`] remembers for prefix checks.
pub const MAX_HEADLINES: usize = 16;

/// Remembers the lines of one document to drop repeated or shortened headlines ([`Rule::Repeat`]).
///
/// [`Rule::Repeat`]: super::boilerplate::Rule::Repeat
#[derive(Debug, Default)]
pub struct RepeatFilter {
    seen: FxHashSet<u64>,
    headlines: Vec<String>,
    buffer: Vec<u8>,
}

impl RepeatFilter {
    /// A filter that has seen no line yet; use one per document.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when `line` repeats an earlier line; otherwise remembers it and returns false.
    pub fn is_repeat(&mut self, line: &str) -> bool {
        let line = line.trim_matches(is_space);
        if line.is_empty() {
            return false;
        }
        if !self.seen.insert(normalized_hash(line, &mut self.buffer)) {
            return true;
        }
        if !is_unpunctuated(line) {
            return false;
        }
        let key: String = normalized_chars(line).collect();
        if key.contains(' ') && self.headlines.iter().any(|h| is_word_prefix(&key, h)) {
            return true;
        }
        if self.headlines.len() < MAX_HEADLINES {
            self.headlines.push(key);
        }
        false
    }
}

/// Lowercased characters with every whitespace run made one space, for repeat comparisons.
fn normalized_chars(line: &str) -> impl Iterator<Item = char> + '_ {
    let mut previous_space = false;
    line.chars()
        .filter_map(move |c| {
            let space = is_space(c);
            let keep = !(space && previous_space);
            previous_space = space;
            keep.then_some(if space { ' ' } else { c })
        })
        .flat_map(char::to_lowercase)
}

/// Hash of [`normalized_chars`], so exact repeats are found without storing every line. The
/// characters are gathered as UTF-8 in `buffer` and hashed in one call: this runs on every line of
/// every article. Runs of ASCII, nearly all of a line even when a curly quote or a dash makes it
/// non-ASCII, are copied and squeezed whole; only the other characters go one by one.
fn normalized_hash(line: &str, buffer: &mut Vec<u8>) -> u64 {
    buffer.clear();
    let mut previous_space = false;
    for piece in ascii_runs(line) {
        match piece {
            Piece::Ascii(run) => push_ascii_squeezed(run.as_bytes(), buffer, &mut previous_space),
            Piece::Other(c) => push_char_normalized(c, buffer, &mut previous_space),
        }
    }
    FxBuildHasher.hash_one(buffer.as_slice())
}

/// Appends ASCII `bytes` lowercased, each white space run made one space (or dropped after one).
fn push_ascii_squeezed(bytes: &[u8], buffer: &mut Vec<u8>, previous_space: &mut bool) {
    let mut kept = buffer.len();
    if let Some(&last) = bytes.last()
        && !(*previous_space && bytes[0] == b' ')
        && !is_ascii_control_space(last)
        && blocks_with_pair(bytes, |a, b| {
            is_ascii_control_space(a) | ((a == b' ') & (b == b' '))
        })
        .next()
        .is_none()
    {
        // Single plain spaces only, as in nearly every line: nothing to squeeze.
        buffer.extend_from_slice(bytes);
        buffer[kept..].make_ascii_lowercase();
        *previous_space = last == b' ';
        return;
    }
    buffer.resize(kept + bytes.len(), 0);
    let out = buffer.as_mut_slice();
    let mut previous = *previous_space;
    // Branch-free: every byte is written at `kept` and kept or overwritten by the next; a branch
    // on each space mispredicted at nearly every word.
    for &b in bytes {
        let space = b == b' ' || is_ascii_control_space(b);
        out[kept] = if space { b' ' } else { b.to_ascii_lowercase() };
        kept += usize::from(!(space && previous));
        previous = space;
    }
    *previous_space = previous;
    buffer.truncate(kept);
}

/// ASCII white space other than the space itself: tab, line feed, vertical tab, form feed, return.
fn is_ascii_control_space(b: u8) -> bool {
    (b'\t'..=b'\r').contains(&b)
}

/// Appends one character as [`normalized_chars`] gives it.
fn push_char_normalized(c: char, buffer: &mut Vec<u8>, previous_space: &mut bool) {
    let space = is_space(c);
    if space {
        if !*previous_space {
            buffer.push(b' ');
        }
    } else {
        let mut utf8 = [0u8; 4];
        for l in c.to_lowercase() {
            buffer.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
        }
    }
    *previous_space = space;
}

/// Lines without final punctuation: headlines, captions, titles.
fn is_unpunctuated(line: &str) -> bool {
    !line.ends_with(['.', '!', '?', '…', '”', '"', ':', ';'])
}

/// True when `short` is `long` cut at a word boundary (and shorter).
fn is_word_prefix(short: &str, long: &str) -> bool {
    long.len() > short.len() && long.starts_with(short) && long[short.len()..].starts_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repeat_hash_is_the_hash_of_the_normalized_characters() {
        let mut buffer = Vec::new();
        for line in [
            "",
            " ",
            "Talks  Begin\tIn \r\n\x0b\x0c Geneva ",
            "ALL CAPS, digits 123 and   runs",
            "Curly “Quotes” and\u{a0}\u{a0}NBSP in İstanbul ẞ",
            "Tabs\t\tand\u{2028}separators \u{3000} ideographic",
            "A run across  \u{a0} \u{2009}\t kinds of space, é\u{a0}É and Σ ",
        ]
        .map(String::from)
        .into_iter()
        .chain((28..36).flat_map(|at| {
            // Double spaces, tabs and trailing spaces on both sides of a 32-byte screening block.
            let lead = "Word ".repeat(8)[..at].to_string();
            [
                format!("{lead}  After"),
                format!("{lead}\tAfter"),
                format!("{lead} \u{a0} After "),
                format!("{lead}After\n"),
                format!("{lead} Plain Line Of Single Spaces"),
            ]
        })) {
            let line = line.as_str();
            let expected: String = normalized_chars(line).collect();
            assert_eq!(
                normalized_hash(line, &mut buffer),
                FxBuildHasher.hash_one(expected.as_bytes()),
                "{line:?}"
            );
        }
    }

    #[test]
    fn repeats() {
        let mut filter = RepeatFilter::new();
        assert!(!filter.is_repeat("Talks Begin In Geneva Over Syria"));
        assert!(filter.is_repeat("Talks  begin in Geneva"));
        assert!(
            !filter.is_repeat("Talks"),
            "one word is not a shortened headline"
        );
        assert!(
            !filter.is_repeat("Talks Begin In Gen"),
            "not cut at a word boundary"
        );
        assert!(!filter.is_repeat("The talks began."));
        assert!(filter.is_repeat("The talks began."));
        assert!(
            !filter.is_repeat("The talks"),
            "prefix of a sentence, not of a headline"
        );
        assert!(!filter.is_repeat(""));
    }
}
