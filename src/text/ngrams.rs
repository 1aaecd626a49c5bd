//! N-gram builders: scikit-learn's word n-grams (joined by one space) and char_wb n-grams
//! (code-point n-grams inside space-padded words), streamed to a sink in scikit-learn's order.
//! Owns only the building of n-grams from words or normalised text it is given; must not find,
//! normalise or filter words (that is `tokens.rs` and `spans.rs`).

use crate::text::spans::is_py_space;

/// scikit-learn's `_word_ngrams`: all `min_n`-grams in order, then all (`min_n`+1)-grams, ...,
/// each joined by one space; built in one reused buffer.
pub(super) fn word_ngrams<S: AsRef<str>>(
    words: &[S],
    min_n: usize,
    max_n: usize,
    sink: &mut dyn FnMut(&str),
) {
    let mut min_n = min_n;
    if min_n == 1 {
        words.iter().for_each(|w| sink(w.as_ref()));
        min_n = 2;
    }
    let mut joined = String::new();
    for n in min_n..=max_n.min(words.len()) {
        for window in words.windows(n) {
            joined.clear();
            for (i, w) in window.iter().enumerate() {
                if i > 0 {
                    joined.push(' ');
                }
                joined.push_str(w.as_ref());
            }
            sink(&joined);
        }
    }
}

/// scikit-learn's `_char_wb_ngrams`: per whitespace-separated word, padded with one space each
/// side, the code-point n-grams for each n; a word shorter than n is emitted once, whole, and
/// larger n are then skipped for it (the `offset == 0` break).
pub(super) fn char_wb_ngrams(
    text: &str,
    (min_n, max_n): (usize, usize),
    sink: &mut dyn FnMut(&str),
) {
    let mut padded = String::new();
    let mut bounds: Vec<usize> = Vec::new();
    // Collapsing `\s\s+` first, as scikit-learn does, cannot change what `split()` returns.
    for word in text.split(is_py_space).filter(|w| !w.is_empty()) {
        padded.clear();
        padded.push(' ');
        padded.push_str(word);
        padded.push(' ');
        bounds.clear();
        bounds.extend(padded.char_indices().map(|(i, _)| i));
        bounds.push(padded.len());
        let len = bounds.len() - 1;
        let gram = |offset: usize, n: usize| &padded[bounds[offset]..bounds[(offset + n).min(len)]];
        for n in min_n..=max_n {
            let mut offset = 0;
            sink(gram(offset, n));
            while offset + n < len {
                offset += 1;
                sink(gram(offset, n));
            }
            if offset == 0 {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::text::tokens::AnalyzerKind;
    use crate::text::tokens::tests::analyzer;

    #[test]
    fn word_ngrams_list_unigrams_first_then_bigrams() {
        let a = analyzer(|c| c.ngrams = (1, 3));
        assert_eq!(
            a.terms("Rates rose again"),
            [
                "rates",
                "rose",
                "again",
                "rates rose",
                "rose again",
                "rates rose again"
            ]
        );
        let b = analyzer(|c| c.ngrams = (2, 3));
        assert_eq!(b.terms("a bb cc dd"), ["bb cc", "cc dd", "bb cc dd"]);
        let c = analyzer(|c| c.ngrams = (3, 4));
        assert!(c.terms("only two").is_empty());
    }

    #[test]
    fn char_wb_counts_short_words_once() {
        let a = analyzer(|c| {
            c.kind = AnalyzerKind::CharWb;
            c.ngrams = (2, 5);
        });
        // " a " has 3 code points: the 2-grams, then the whole padded word once for n=3..5.
        assert_eq!(a.terms("a"), [" a", "a ", " a "]);
        assert_eq!(
            a.terms("Zü  x"),
            [" z", "zü", "ü ", " zü", "zü ", " zü ", " x", "x ", " x "]
        );
    }
}
