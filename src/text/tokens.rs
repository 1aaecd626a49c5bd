//! Tokens and terms: words with byte offsets, word n-grams and char_wb n-grams as scikit-learn makes them.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::error::Result;

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
    /// Map curly quotes and apostrophes to ASCII.
    pub normalize_quotes: bool,
    /// Snowball English stemming of words (word analyzer only).
    pub stem: bool,
    /// Drop English stop words (word analyzer only).
    pub stop_words: bool,
    /// Inclusive n-gram range: words for `Word`, characters for `CharWb`.
    pub ngrams: (usize, usize),
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
}

impl Analyzer {
    /// Builds an analyzer, checking the settings.
    pub fn new(config: AnalyzerConfig) -> Result<Analyzer> {
        Ok(Analyzer { config })
    }

    /// The settings this analyzer was built from.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// The words of `text` with their byte spans.
    pub fn tokens<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        let _ = text;
        todo!("tokens")
    }

    /// Calls `sink` with every term of `text`, in scikit-learn's order.
    pub fn analyze(&self, text: &str, sink: &mut dyn FnMut(&str)) {
        let _ = (text, sink);
        todo!("analyze")
    }

    /// Every term of `text` as owned strings.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.analyze(text, &mut |t| out.push(t.to_string()));
        out
    }
}
