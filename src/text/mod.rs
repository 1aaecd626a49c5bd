//! Text processing: raw article text into sentences (byte spans, boilerplate dropped) and sentences
//! into tokens and terms. Pure functions over `&str`; knows nothing of files, features or models.

mod ascii;
pub mod boilerplate;
mod ngrams;
mod pattern;
mod repeats;
pub mod sentences;
mod spans;
pub mod stopwords;
pub mod tokens;
mod trim;

pub use sentences::{Sentence, split_sentences};
pub use stopwords::{ENGLISH_STOP_WORDS, is_stop_word};
pub use tokens::{Analyzer, AnalyzerConfig, AnalyzerKind, MAX_NGRAM, Token, TokenizerKind};
