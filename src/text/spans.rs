//! Word spans: the byte ranges of the words of a text under one [`TokenizerKind`], and the
//! character classes that decide them (Python's `\w` and `str.isspace`). Owns only where words
//! start and end; must not lowercase, normalise, stem, drop stop words or build n-grams (that is
//! `tokens.rs` and `ngrams.rs`).
//!
//! One small, documented departure from Python lives here. Python's `\w` is `str.isalnum() or '_'`;
//! we use [`char::is_alphanumeric`], which also accepts combining marks with the Unicode
//! `Other_Alphabetic` property (for example Devanagari vowel signs, U+0345, U+0363..), where Python
//! splits the word, and letters added to Unicode after the version Python was built with. Every
//! character Python's `\w` accepts is accepted here too; Latin, Greek and Cyrillic text (including
//! precomposed accents such as `ü`, `ï`, `ά`) tokenizes identically.

use crate::text::tokens::TokenizerKind;

/// Python's regex `\w` (approximately, see the module docs): alphanumeric or underscore.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Python's `str.isspace`: Rust's `White_Space` plus the four ASCII information separators.
pub(super) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Iterator over the byte spans of the words of a text under one tokenizer.
pub(super) struct Spans<'a> {
    text: &'a str,
    pos: usize,
    kind: TokenizerKind,
}

impl<'a> Spans<'a> {
    /// Spans of `text`'s words under `kind`.
    pub(super) fn new(text: &'a str, kind: TokenizerKind) -> Self {
        Spans { text, pos: 0, kind }
    }

    /// The next maximal run of characters satisfying `inside`, with its length in code points.
    // Walks bytes and decodes only non-ASCII characters: most news text is ASCII, and this loop is
    // the tokenizer's whole cost.
    fn next_run(&mut self, inside: impl Fn(char) -> bool) -> Option<(usize, usize, usize)> {
        let len = self.text.len();
        let mut i = self.pos;
        let start = loop {
            if i >= len {
                self.pos = len;
                return None;
            }
            let (c, width) = char_at(self.text, i);
            if inside(c) {
                break i;
            }
            i += width;
        };
        let mut chars = 0;
        while i < len {
            let (c, width) = char_at(self.text, i);
            if !inside(c) {
                break;
            }
            chars += 1;
            i += width;
        }
        self.pos = i;
        Some((start, i, chars))
    }
}

impl Spans<'_> {
    /// [`Self::next_run`] for word characters, with ASCII bytes classified by a table: this loop
    /// sees every byte scored, and most of them are ASCII.
    fn next_word_run(&mut self) -> Option<(usize, usize, usize)> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut i = self.pos;
        let start = loop {
            while i < len && bytes[i] < 0x80 && !ASCII_WORD[usize::from(bytes[i])] {
                i += 1;
            }
            if i >= len {
                self.pos = len;
                return None;
            }
            if bytes[i] < 0x80 {
                break i;
            }
            let (c, width) = char_at(self.text, i);
            if is_word_char(c) {
                break i;
            }
            i += width;
        };
        let mut chars = 0;
        loop {
            while i < len && bytes[i] < 0x80 && ASCII_WORD[usize::from(bytes[i])] {
                i += 1;
                chars += 1;
            }
            if i >= len || bytes[i] < 0x80 {
                break;
            }
            let (c, width) = char_at(self.text, i);
            if !is_word_char(c) {
                break;
            }
            i += width;
            chars += 1;
        }
        self.pos = i;
        Some((start, i, chars))
    }
}

/// [`is_word_char`] for each ASCII byte.
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// The character starting at byte `i` of `text` (a character boundary) and its width in bytes.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (char::from(b), 1);
    }
    match text[i..].chars().next() {
        Some(c) => (c, c.len_utf8()),
        None => ('\0', 1),
    }
}

impl Iterator for Spans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        match self.kind {
            // `\b\w\w+\b` matches exactly the maximal word-character runs of 2+ code points.
            TokenizerKind::Word => loop {
                let (start, end, chars) = self.next_word_run()?;
                if chars >= 2 {
                    return Some((start, end));
                }
            },
            TokenizerKind::Whitespace => self
                .next_run(|c| !is_py_space(c))
                .map(|(start, end, _)| (start, end)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tests::analyzer;

    #[test]
    fn word_tokens_are_runs_of_two_or_more_word_chars() {
        let a = analyzer(|_| {});
        assert_eq!(
            a.terms("A U.S. well-known CEO_x said: 42 a1 I'm 3.5% ok"),
            ["well", "known", "ceo_x", "said", "42", "a1", "ok"]
        );
    }

    #[test]
    fn whitespace_tokenizer_is_python_split() {
        let a = analyzer(|c| c.tokenizer = TokenizerKind::Whitespace);
        assert_eq!(
            a.terms("  a\u{a0}b\u{1f}c\n\n d,e  "),
            ["a", "b", "c", "d,e"]
        );
        assert!(a.terms(" \t ").is_empty());
    }
}
