//! Argument groups shared by several commands (input tables, feature settings) and their parsers.
//! Turns flags into library settings; does no work itself.

use std::path::PathBuf;

use clap::Args;

use crate::corpus::{Encoding, Header, TableOptions, parse_delimiter};
use crate::error::{Error, Result};
use crate::features::{DocFreq, Norm, TfidfParams};
use crate::text::{AnalyzerConfig, AnalyzerKind, TokenizerKind};

/// Flags that say how to read table files.
#[derive(Debug, Clone, Args)]
pub struct TableArgs {
    /// Input table (CSV or TSV); repeat to read several files with the same columns; `-` is stdin.
    #[arg(long = "data", value_name = "FILE", required = true)]
    pub data: Vec<PathBuf>,
    /// Field delimiter: one character, or tab, comma, semicolon, pipe [default: tab for .tsv, comma for
    /// .csv, otherwise the most frequent of these in the header line].
    #[arg(long, value_name = "D", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Text encoding of the input: utf-8, latin1 or windows-1252.
    #[arg(long, value_name = "E", default_value = "utf-8")]
    pub encoding: Encoding,
    /// Treat `"` as an ordinary character (for tab-separated files whose text has bare quotes).
    #[arg(long)]
    pub no_quoting: bool,
    /// The file has no header line; columns are named 1, 2, 3, … (or by --columns).
    #[arg(long)]
    pub no_header: bool,
    /// Names for the columns of a file without a header, comma-separated (implies --no-header).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub columns: Vec<String>,
}

impl TableArgs {
    /// The reader settings these flags describe.
    pub fn options(&self) -> TableOptions {
        let header = if self.no_header || !self.columns.is_empty() {
            Header::Names(self.columns.clone())
        } else {
            Header::FirstLine
        };
        TableOptions {
            delimiter: self.delimiter,
            encoding: self.encoding,
            quoting: !self.no_quoting,
            header,
        }
    }
}

/// Default feature blocks of a command, used when `--ngrams` / `--char-ngrams` are not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockDefaults {
    /// Word n-gram range, or none.
    pub words: Option<(usize, usize)>,
    /// char_wb n-gram range, or none.
    pub chars: Option<(usize, usize)>,
    /// Sublinear tf unless told otherwise.
    pub sublinear_tf: bool,
    /// Drop English stop words from the word block unless told otherwise.
    pub stop_words: bool,
}

/// Flags that say how text becomes TF-IDF features: a word block, a char_wb block, or both side by
/// side (each normalised on its own, as scikit-learn's FeatureUnion).
#[derive(Debug, Clone, Args)]
pub struct FeatureArgs {
    /// How words are found: `word` (runs of 2+ letters/digits, as scikit-learn) or `whitespace`.
    #[arg(long, value_name = "T", default_value = "word", value_parser = parse_tokenizer)]
    pub tokenizer: TokenizerKind,
    /// Word n-gram range MIN-MAX (or N), or `off`.
    #[arg(long, value_name = "MIN-MAX|off", value_parser = parse_optional_range)]
    pub ngrams: Option<NgramSetting>,
    /// Character n-grams inside word boundaries (scikit-learn's char_wb) MIN-MAX, or `off`.
    #[arg(long, value_name = "MIN-MAX|off", value_parser = parse_optional_range)]
    pub char_ngrams: Option<NgramSetting>,
    /// Keep letter case instead of lowercasing.
    #[arg(long)]
    pub keep_case: bool,
    /// Keep curly quotes and apostrophes as they are instead of mapping them to ' and ".
    #[arg(long)]
    pub keep_quotes: bool,
    /// Reduce words to their Snowball English stems.
    #[arg(long)]
    pub stem: bool,
    /// Drop English stop words (scikit-learn's list) from the word block.
    #[arg(long, overrides_with = "keep_stop_words")]
    pub stop_words: bool,
    /// Keep English stop words (the opposite of --stop-words).
    #[arg(long)]
    pub keep_stop_words: bool,
    /// Drop terms in fewer documents than this: a count (2) or a fraction (0.01).
    #[arg(long, value_name = "N|F", default_value = "1", value_parser = parse_doc_freq)]
    pub min_df: DocFreq,
    /// Drop terms in more documents than this: a count (500) or a fraction (0.9).
    #[arg(long, value_name = "N|F", default_value = "1.0", value_parser = parse_doc_freq)]
    pub max_df: DocFreq,
    /// Keep only this many terms per block, the most frequent in the corpus.
    #[arg(long, value_name = "N")]
    pub max_features: Option<usize>,
    /// Use 1 + ln(tf) instead of raw term counts.
    #[arg(long, overrides_with = "raw_tf")]
    pub sublinear_tf: bool,
    /// Use raw term counts (the opposite of --sublinear-tf).
    #[arg(long)]
    pub raw_tf: bool,
    /// Count a term once per document however often it occurs.
    #[arg(long)]
    pub binary: bool,
    /// Do not weight by inverse document frequency.
    #[arg(long)]
    pub no_idf: bool,
    /// Use ln(n/df) + 1 instead of ln((1+n)/(1+df)) + 1.
    #[arg(long)]
    pub no_smooth_idf: bool,
    /// Row normalisation: l2, l1 or none.
    #[arg(long, value_name = "N", default_value = "l2", value_parser = parse_norm)]
    pub norm: Norm,
}

impl FeatureArgs {
    /// The TF-IDF blocks these flags describe, word block first.
    pub fn blocks(&self, defaults: BlockDefaults) -> Result<Vec<TfidfParams>> {
        let words = self.ngrams.map_or(defaults.words, |s| s.0);
        let chars = self.char_ngrams.map_or(defaults.chars, |s| s.0);
        let sublinear_tf = if self.raw_tf {
            false
        } else {
            self.sublinear_tf || defaults.sublinear_tf
        };
        let stop_words = !self.keep_stop_words && (self.stop_words || defaults.stop_words);
        let mut blocks = Vec::new();
        if let Some(range) = words {
            blocks.push(self.block(AnalyzerKind::Word, range, sublinear_tf, stop_words));
        }
        if let Some(range) = chars {
            blocks.push(self.block(AnalyzerKind::CharWb, range, sublinear_tf, false));
        }
        if blocks.is_empty() {
            return Err(Error::usage(
                "--ngrams",
                "word and character n-grams are both off; turn one on",
            ));
        }
        Ok(blocks)
    }

    fn block(
        &self,
        kind: AnalyzerKind,
        ngrams: (usize, usize),
        sublinear_tf: bool,
        stop_words: bool,
    ) -> TfidfParams {
        let analyzer = AnalyzerConfig {
            kind,
            tokenizer: self.tokenizer,
            lowercase: !self.keep_case,
            normalize_quotes: !self.keep_quotes,
            stem: self.stem && kind == AnalyzerKind::Word,
            stop_words,
            ngrams,
        };
        TfidfParams {
            analyzer,
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            binary: self.binary,
            use_idf: !self.no_idf,
            smooth_idf: !self.no_smooth_idf,
            sublinear_tf,
            norm: self.norm,
        }
    }
}

/// Parses `MIN-MAX` or `N` into an inclusive range.
pub fn parse_range(s: &str) -> std::result::Result<(usize, usize), String> {
    let bad =
        || format!("{s:?} is not a range; write MIN-MAX such as 1-2, or one number such as 1");
    let (lo, hi) = match s.split_once('-') {
        Some((a, b)) => (
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        ),
        None => {
            let n = s.trim().parse().map_err(|_| bad())?;
            (n, n)
        }
    };
    if lo == 0 || lo > hi {
        return Err(format!("{s:?}: need 1 <= MIN <= MAX"));
    }
    Ok((lo, hi))
}

/// An n-gram range given on the command line, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NgramSetting(pub Option<(usize, usize)>);

/// Parses a range or `off`.
pub fn parse_optional_range(s: &str) -> std::result::Result<NgramSetting, String> {
    match s.to_ascii_lowercase().as_str() {
        "off" | "none" | "no" | "0" => Ok(NgramSetting(None)),
        _ => parse_range(s).map(|r| NgramSetting(Some(r))),
    }
}

/// Parses a document-frequency bound: an integer is a count, a number with a point a fraction (as
/// scikit-learn reads int and float).
pub fn parse_doc_freq(s: &str) -> std::result::Result<DocFreq, String> {
    let t = s.trim();
    if let Ok(n) = t.parse::<usize>() {
        return Ok(DocFreq::Count(n));
    }
    match t.parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => Ok(DocFreq::Fraction(f)),
        _ => Err(format!(
            "{s:?}: give a whole number of documents (5) or a fraction between 0 and 1 (0.05)"
        )),
    }
}

fn parse_norm(s: &str) -> std::result::Result<Norm, String> {
    match s.to_ascii_lowercase().as_str() {
        "l2" => Ok(Norm::L2),
        "l1" => Ok(Norm::L1),
        "none" | "off" => Ok(Norm::None),
        _ => Err(format!("{s:?}: use l2, l1 or none")),
    }
}

fn parse_tokenizer(s: &str) -> std::result::Result<TokenizerKind, String> {
    match s.to_ascii_lowercase().as_str() {
        "word" | "words" | "default" => Ok(TokenizerKind::Word),
        "whitespace" | "space" | "split" => Ok(TokenizerKind::Whitespace),
        _ => Err(format!("{s:?}: use word or whitespace")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_definition_is_consistent() {
        use clap::CommandFactory;
        crate::cli::Cli::command().debug_assert();
    }

    #[test]
    fn ranges_parse_and_reject_nonsense() {
        assert_eq!(parse_range("1-2"), Ok((1, 2)));
        assert_eq!(parse_range("3"), Ok((3, 3)));
        assert!(parse_range("2-1").is_err());
        assert!(parse_range("0-1").is_err());
        assert!(parse_range("a-b").is_err());
        assert_eq!(parse_optional_range("off"), Ok(NgramSetting(None)));
        assert_eq!(parse_optional_range("2-5"), Ok(NgramSetting(Some((2, 5)))));
    }

    #[test]
    fn doc_freq_reads_int_as_count_and_point_as_fraction() {
        assert_eq!(parse_doc_freq("2"), Ok(DocFreq::Count(2)));
        assert_eq!(parse_doc_freq("1.0"), Ok(DocFreq::Fraction(1.0)));
        assert_eq!(parse_doc_freq("0.5"), Ok(DocFreq::Fraction(0.5)));
        assert!(parse_doc_freq("1.5").is_err());
        assert!(parse_doc_freq("-1").is_err());
    }
}
