//! Tokens and terms: words with byte offsets, word n-grams and char_wb n-grams exactly as
//! scikit-learn's `CountVectorizer` builds them (preprocess → tokenize → stop words → n-grams), plus
//! two additions of ours: curly-quote normalisation and Snowball English stemming. Owns only the
//! turning of one `&str` into terms; must not touch sentence splitting, boilerplate, files, the
//! vocabulary or weighting. This file holds the settings, the preprocessing, stop words and
//! stemming, and the order of the steps; words are found in `spans.rs` and n-grams built in
//! `ngrams.rs`.
//!
//! Two small, documented departures from Python remain. The first, in what counts as a word
//! character, is described in `spans.rs`. The second: [`Analyzer::tokens`] finds words on the
//! original text (so offsets are exact) while [`Analyzer::analyze`] tokenizes the lowercased text
//! as scikit-learn does; the two only disagree for the rare characters whose lowercase changes
//! word-character status (e.g. `İ` → `i` + U+0307).

use std::borrow::Cow;
use std::fmt;

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::ascii::{Piece, ascii_runs};
use crate::text::ngrams::{char_wb_ngrams, word_ngrams};
use crate::text::spans::Spans;
use crate::text::stopwords::is_stop_word;

/// Largest n accepted in an n-gram range; longer n-grams are almost never seen twice.
pub const MAX_NGRAM: usize = 32;

/// How words are found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenizerKind {
    /// scikit-learn's default token pattern `(?u)\b\w\w+\b`: runs of two or more word characters.
    Word,
    /// Split on Unicode whitespace only (Python's `str.split`), for pre-tokenised corpora.
    Whitespace,
}

/// What kind of terms an analyzer produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnalyzerKind {
    /// Word n-grams joined by one space.
    Word,
    /// Character n-grams inside word boundaries, padded with one space (scikit-learn's `char_wb`).
    CharWb,
}

/// Settings of an [`Analyzer`]; saved in model files so predict-time terms match training.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerConfig {
    /// Word or char_wb terms.
    pub kind: AnalyzerKind,
    /// How words are found (word analyzer only).
    pub tokenizer: TokenizerKind,
    /// Lowercase before tokenizing.
    pub lowercase: bool,
    /// Map curly quotes and apostrophes (‘ ’ ‛ ′, “ ” „ ″) to ASCII `'` and `"` before tokenizing.
    // Defaulted on load so model files written before this field existed keep working.
    #[serde(default = "default_true")]
    pub normalize_quotes: bool,
    /// Snowball English stemming of words (word analyzer only).
    pub stem: bool,
    /// Drop English stop words (word analyzer only).
    pub stop_words: bool,
    /// Inclusive n-gram range: words for `Word`, characters for `CharWb`.
    pub ngrams: (usize, usize),
}

/// Serde default for flags that are on unless a saved file says otherwise.
fn default_true() -> bool {
    true
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            kind: AnalyzerKind::Word,
            tokenizer: TokenizerKind::Word,
            lowercase: true,
            normalize_quotes: true,
            stem: false,
            stop_words: false,
            ngrams: (1, 1),
        }
    }
}

/// A word found in text: its normalised form and its byte span in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The normalised word (lowercased, quotes normalised, stemmed when asked).
    pub text: Cow<'a, str>,
    /// Byte offset of the word's first byte in the source.
    pub start: usize,
    /// Byte offset one past the word's last byte in the source.
    pub end: usize,
}

/// Turns text into terms according to an [`AnalyzerConfig`].
#[derive(Debug, Clone)]
pub struct Analyzer {
    config: AnalyzerConfig,
    stemmer: Option<EnglishStemmer>,
}

impl Analyzer {
    /// Builds an analyzer, checking the settings.
    pub fn new(config: AnalyzerConfig) -> Result<Analyzer> {
        check_ngram_range(config.ngrams)?;
        let stemmer = config.stem.then(EnglishStemmer::new);
        Ok(Analyzer { config, stemmer })
    }

    /// The settings this analyzer was built from.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// The words of `text` with their byte spans in `text`, normalised as the unigrams would be.
    ///
    /// Stop words are dropped and stems taken only for the word analyzer, as in [`Self::analyze`].
    pub fn tokens<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        let word_terms = self.config.kind == AnalyzerKind::Word;
        let mut out = Vec::new();
        for (start, end) in Spans::new(text, self.config.tokenizer) {
            let word = self.normalize_word(&text[start..end]);
            if word_terms && self.config.stop_words && is_stop_word(&word) {
                continue;
            }
            let word = if word_terms {
                self.stem_owned(word)
            } else {
                word
            };
            out.push(Token {
                text: word,
                start,
                end,
            });
        }
        out
    }

    /// Calls `sink` with every term of `text`, in scikit-learn's order.
    pub fn analyze(&self, text: &str, sink: &mut dyn FnMut(&str)) {
        let mut buffer = String::new();
        self.analyze_with(text, &mut buffer, sink);
    }

    /// [`Self::analyze`] with a caller's buffer for the lowercased text, so scoring many documents
    /// allocates nothing per document.
    pub fn analyze_with(&self, text: &str, buffer: &mut String, sink: &mut dyn FnMut(&str)) {
        let text = self.preprocess_into(text, buffer);
        match self.config.kind {
            AnalyzerKind::Word => self.word_terms(text, sink),
            AnalyzerKind::CharWb => char_wb_ngrams(text, self.config.ngrams, sink),
        }
    }

    /// Calls `sink` with every word of `text` as the word analyzer's unigrams would be (lowercased,
    /// stop words dropped, stemmed), for callers that build n-grams themselves; `buffer` holds the
    /// lowercased text.
    pub fn words(&self, text: &str, buffer: &mut String, sink: &mut impl FnMut(&str)) {
        let text = self.preprocess_into(text, buffer);
        let stop_words = self.config.stop_words;
        Spans::new(text, self.config.tokenizer)
            .map(|(start, end)| &text[start..end])
            .filter(|w| !(stop_words && is_stop_word(w)))
            .for_each(|w| sink(&self.stem(w)));
    }

    /// Every term of `text` as owned strings.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.analyze(text, &mut |t| out.push(t.to_string()));
        out
    }

    /// [`Self::preprocess`] into `buffer` when the text changes; ASCII text is lowercased in place
    /// without the Unicode tables (it has no curly quotes).
    fn preprocess_into<'a>(&self, text: &'a str, buffer: &'a mut String) -> &'a str {
        if text.is_ascii() {
            if !self.config.lowercase || !text.bytes().any(|b| b.is_ascii_uppercase()) {
                return text;
            }
            buffer.clear();
            buffer.push_str(text);
            buffer.make_ascii_lowercase();
            return buffer;
        }
        if text.contains('Σ') {
            // Only whole-text lowercasing knows a final sigma; rare enough to allocate for.
            return match self.preprocess(text) {
                Cow::Borrowed(t) => t,
                Cow::Owned(t) => {
                    *buffer = t;
                    buffer
                }
            };
        }
        // Into the reused buffer: the same result as `preprocess` without its two allocations
        // (curly quotes and their lowercase are unaffected by each other). News text is mostly
        // ASCII with a few curly quotes, so ASCII runs are copied and lowercased whole and only
        // the other characters go one by one.
        buffer.clear();
        for piece in ascii_runs(text) {
            match piece {
                Piece::Ascii(run) => {
                    let start = buffer.len();
                    buffer.push_str(run);
                    if self.config.lowercase {
                        buffer[start..].make_ascii_lowercase();
                    }
                }
                Piece::Other(c) => {
                    let c = if self.config.normalize_quotes {
                        normalize_quote(c)
                    } else {
                        c
                    };
                    if self.config.lowercase {
                        buffer.extend(c.to_lowercase());
                    } else {
                        buffer.push(c);
                    }
                }
            }
        }
        buffer
    }

    /// scikit-learn's preprocessor: lowercase the whole text, then (our addition) map curly quotes.
    fn preprocess<'a>(&self, text: &'a str) -> Cow<'a, str> {
        // Lowercasing the whole text (not word by word) keeps Greek final sigma as Python does.
        let text = if self.config.lowercase && needs_lowercase(text) {
            Cow::Owned(text.to_lowercase())
        } else {
            Cow::Borrowed(text)
        };
        if self.config.normalize_quotes && text.chars().any(is_curly_quote) {
            Cow::Owned(text.chars().map(normalize_quote).collect())
        } else {
            text
        }
    }

    /// Lowercases and quote-normalises one word, borrowing when nothing changes.
    fn normalize_word<'a>(&self, word: &'a str) -> Cow<'a, str> {
        self.preprocess(word)
    }

    /// Word analyzer: tokens, minus stop words, stemmed, then n-grams.
    fn word_terms(&self, text: &str, sink: &mut dyn FnMut(&str)) {
        let stop_words = self.config.stop_words;
        let words = Spans::new(text, self.config.tokenizer)
            .map(|(start, end)| &text[start..end])
            .filter(|w| !(stop_words && is_stop_word(w)))
            .map(|w| self.stem(w));
        let (min_n, max_n) = self.config.ngrams;
        if max_n == 1 {
            // Unigrams only: stream them, no per-document buffer at all.
            words.for_each(|w| sink(&w));
        } else {
            let words: Vec<Cow<'_, str>> = words.collect();
            word_ngrams(&words, min_n, max_n, sink);
        }
    }

    /// The Snowball stem of `word` when stemming is on, else `word` itself.
    fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match &self.stemmer {
            Some(stemmer) => stemmer.0.stem(word),
            None => Cow::Borrowed(word),
        }
    }

    /// [`Self::stem`] for a word that may already be owned.
    fn stem_owned<'a>(&self, word: Cow<'a, str>) -> Cow<'a, str> {
        match (&self.stemmer, word) {
            (None, word) => word,
            (Some(_), Cow::Borrowed(w)) => self.stem(w),
            (Some(_), Cow::Owned(w)) => Cow::Owned(self.stem(&w).into_owned()),
        }
    }
}

/// Checks `1 <= min <= max <= MAX_NGRAM`, as scikit-learn's `_validate_ngram_range` (plus a cap).
fn check_ngram_range((min_n, max_n): (usize, usize)) -> Result<()> {
    if min_n >= 1 && min_n <= max_n && max_n <= MAX_NGRAM {
        return Ok(());
    }
    Err(Error::usage(
        "--ngrams",
        format!(
            "the n-gram range {min_n}-{max_n} is invalid; give MIN-MAX with \
             1 <= MIN <= MAX <= {MAX_NGRAM}, for example 1-2"
        ),
    ))
}

/// The Snowball English stemmer; a wrapper because `rust_stemmers::Stemmer` is neither Clone nor
/// Debug, and building one is cheap (it only selects a function).
struct EnglishStemmer(Stemmer);

impl EnglishStemmer {
    /// A new English stemmer.
    fn new() -> Self {
        EnglishStemmer(Stemmer::create(Algorithm::English))
    }
}

impl Clone for EnglishStemmer {
    fn clone(&self) -> Self {
        EnglishStemmer::new()
    }
}

impl fmt::Debug for EnglishStemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnglishStemmer")
    }
}

/// True when lowercasing would change `text` (so unchanged text is not copied).
fn needs_lowercase(text: &str) -> bool {
    text.chars()
        .any(|c| !c.to_lowercase().eq(std::iter::once(c)))
}

/// True for the curly quotes, apostrophes and primes that [`normalize_quote`] maps.
fn is_curly_quote(c: char) -> bool {
    normalize_quote(c) != c
}

/// Maps single curly quotes and primes to `'` and double ones to `"`; other characters unchanged.
fn normalize_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        _ => c,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An analyzer with the default settings as changed by `edit`; shared with the tests of
    /// `spans.rs` and `ngrams.rs`.
    pub(crate) fn analyzer(edit: impl FnOnce(&mut AnalyzerConfig)) -> Analyzer {
        let mut config = AnalyzerConfig::default();
        edit(&mut config);
        match Analyzer::new(config) {
            Ok(a) => a,
            Err(e) => panic!("bad test config: {e}"),
        }
    }

    #[test]
    fn the_buffered_preprocessor_equals_the_plain_one() {
        let texts = [
            "Plain ASCII, Mixed Case.",
            "it\u{2019}s \u{201C}Quoted\u{201D} Text",
            "\u{2018}ÉTÉ\u{2019} à Zürich, İstanbul, STRASSE ß",
            "ΟΔΟΣ ΣΟΦΟΣ: final sigma",
            "emoji \u{1F600} Ends\u{201D}",
            "\u{201C}",
            "",
        ];
        for lowercase in [true, false] {
            for normalize_quotes in [true, false] {
                let a = analyzer(|c| {
                    c.lowercase = lowercase;
                    c.normalize_quotes = normalize_quotes;
                });
                let mut buffer = String::new();
                for text in texts {
                    let plain = a.preprocess(text).into_owned();
                    assert_eq!(
                        a.preprocess_into(text, &mut buffer),
                        plain,
                        "{text:?} lowercase {lowercase} quotes {normalize_quotes}"
                    );
                }
            }
        }
    }

    #[test]
    fn token_offsets_slice_the_original_text() {
        let a = analyzer(|c| c.tokenizer = TokenizerKind::Whitespace);
        let text = "Zürich’s “naïve”\tΕΛΛΆΔΑ";
        let tokens = a.tokens(text);
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_ref()).collect();
        assert_eq!(words, ["zürich's", "\"naïve\"", "ελλάδα"]);
        let spans: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["Zürich’s", "“naïve”", "ΕΛΛΆΔΑ"]);

        let w = analyzer(|_| {});
        let tokens = w.tokens(text);
        let spans: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["Zürich", "naïve", "ΕΛΛΆΔΑ"]);
        assert!(matches!(tokens[1].text, Cow::Borrowed("naïve")));
    }

    #[test]
    fn quote_normalisation_is_switchable() {
        let on = analyzer(|c| c.tokenizer = TokenizerKind::Whitespace);
        let off = analyzer(|c| {
            c.tokenizer = TokenizerKind::Whitespace;
            c.normalize_quotes = false;
        });
        assert_eq!(on.terms("it’s „x″"), ["it's", "\"x\""]);
        assert_eq!(off.terms("it’s"), ["it’s"]);
    }

    #[test]
    fn lowercase_is_switchable_and_whole_text() {
        let off = analyzer(|c| c.lowercase = false);
        assert_eq!(off.terms("The ODYSSEUS"), ["The", "ODYSSEUS"]);
        let on = analyzer(|_| {});
        // Python's str.lower gives the final-sigma form at the end of a word.
        assert_eq!(on.terms("ΟΔΥΣΣΕΥΣ"), ["οδυσσευς"]);
    }

    #[test]
    fn snowball_stems() {
        let a = analyzer(|c| c.stem = true);
        assert_eq!(
            a.terms("running cooperation generously ponies"),
            ["run", "cooper", "generous", "poni"]
        );
        let tokens = a.tokens("Running fast");
        assert_eq!(tokens[0].text, "run");
        assert_eq!((tokens[0].start, tokens[0].end), (0, 7));
    }

    #[test]
    fn stop_words_are_dropped_before_ngrams() {
        let a = analyzer(|c| {
            c.stop_words = true;
            c.ngrams = (1, 2);
        });
        assert_eq!(a.terms("The price of oil"), ["price", "oil", "price oil"]);
        assert_eq!(a.tokens("The price").len(), 1);
    }

    #[test]
    fn bad_ngram_ranges_are_usage_errors() {
        for ngrams in [(0, 1), (2, 1), (1, MAX_NGRAM + 1)] {
            let config = AnalyzerConfig {
                ngrams,
                ..AnalyzerConfig::default()
            };
            match Analyzer::new(config) {
                Err(Error::Usage { flag, .. }) => assert_eq!(flag, "--ngrams"),
                other => panic!("{ngrams:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn old_configs_without_normalize_quotes_load_with_it_on() {
        let json = r#"{"kind":"word","tokenizer":"word","lowercase":true,"stem":false,
                       "stop_words":false,"ngrams":[1,2]}"#;
        match serde_json::from_str::<AnalyzerConfig>(json) {
            Ok(config) => assert!(config.normalize_quotes),
            Err(e) => panic!("{e}"),
        }
    }
}
