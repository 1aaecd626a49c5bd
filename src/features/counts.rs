//! Counting terms over a corpus for fitting: every document's term counts under temporary ids,
//! then relabelled by vocabulary column. Owns only counting; must not prune, sort or weight terms
//! (that is `tfidf`) nor read files.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::error::Result;
use crate::features::grams::{GramTable, Words, for_each_gram, next_id};
use crate::text::{Analyzer, AnalyzerKind};

/// Every document's term counts, terms labelled by temporary ids in first-seen order.
pub(crate) struct CorpusCounts {
    /// Term of each temporary id.
    pub(crate) terms: Vec<String>,
    /// End of each document's entries in `ids` / `counts`.
    doc_ends: Vec<usize>,
    /// Temporary term id of each entry.
    ids: Vec<u32>,
    /// Occurrences of each entry's term in its document.
    counts: Vec<u32>,
}

/// Counts every document's terms: word n-grams through word ids (no n-gram string is built until
/// the end, once per distinct term), char n-grams through a string index.
pub(crate) fn count_corpus<S: AsRef<str>>(analyzer: &Analyzer, docs: &[S]) -> Result<CorpusCounts> {
    match analyzer.config().kind {
        AnalyzerKind::Word => count_word_grams(analyzer, docs),
        AnalyzerKind::CharWb => count_strings(analyzer, docs),
    }
}

/// Word n-gram counts: each document's words become ids, its n-grams id windows.
fn count_word_grams<S: AsRef<str>>(analyzer: &Analyzer, docs: &[S]) -> Result<CorpusCounts> {
    let mut words = Words::default();
    let mut grams = GramTable::default();
    // The words of each temporary term id, to spell the terms at the end.
    let mut term_words: Vec<u32> = Vec::new();
    let mut term_ends: Vec<usize> = Vec::new();
    let mut counter = DocCounter::default();
    let mut ids: Vec<u32> = Vec::new();
    let mut buffer = String::new();
    let mut failure = None;
    for doc in docs {
        ids.clear();
        analyzer.words(
            doc.as_ref(),
            &mut buffer,
            &mut |w| match words.get_or_insert(w) {
                Ok(id) => ids.push(id),
                Err(e) => failure = Some(e),
            },
        );
        for_each_gram(
            &ids,
            analyzer.config().ngrams,
            &mut |gram| match grams.get_or_insert(gram) {
                Ok(id) => {
                    if id as usize == term_ends.len() {
                        term_words.extend_from_slice(gram);
                        term_ends.push(term_words.len());
                    }
                    counter.see(id);
                }
                Err(e) => failure = Some(e),
            },
        );
        counter.end_document();
        if let Some(e) = failure.take() {
            return Err(e);
        }
    }
    let mut start = 0;
    let terms = term_ends
        .iter()
        .map(|&end| {
            let term = spell(&words, &term_words[start..end]);
            start = end;
            term
        })
        .collect();
    Ok(counter.finish(terms))
}

/// The words of `ids` joined by one space, as scikit-learn joins n-grams.
fn spell(words: &Words, ids: &[u32]) -> String {
    let mut term = String::new();
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            term.push(' ');
        }
        term.push_str(words.word(id));
    }
    term
}

/// Counts of any analyzer's terms through a string index, allocating a `String` only for terms
/// not seen before.
fn count_strings<S: AsRef<str>>(analyzer: &Analyzer, docs: &[S]) -> Result<CorpusCounts> {
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    let mut counter = DocCounter::default();
    let mut failure = None;
    for doc in docs {
        analyzer.analyze(doc.as_ref(), &mut |term| {
            let id = match index.get(term) {
                Some(&id) => id,
                None => match next_id(index.len()) {
                    Ok(id) => {
                        index.insert(term.to_owned(), id);
                        id
                    }
                    Err(e) => {
                        failure = Some(e);
                        return;
                    }
                },
            };
            counter.see(id);
        });
        counter.end_document();
        if let Some(e) = failure.take() {
            return Err(e);
        }
    }
    Ok(counter.finish(terms_by_id(index)))
}

/// The terms of a term → id map, in id order (ids are 0..len).
fn terms_by_id(index: FxHashMap<String, u32>) -> Vec<String> {
    let mut terms = vec![String::new(); index.len()];
    for (term, id) in index {
        terms[id as usize] = term;
    }
    terms
}

/// Collects per-document counts of temporary term ids.
#[derive(Default)]
struct DocCounter {
    /// Occurrences of each id in the current document (zero when absent).
    in_doc: Vec<u32>,
    /// Ids seen in the current document, in first-occurrence order.
    touched: Vec<u32>,
    doc_ends: Vec<usize>,
    ids: Vec<u32>,
    counts: Vec<u32>,
}

impl DocCounter {
    /// Counts one occurrence of `id` in the current document.
    fn see(&mut self, id: u32) {
        let id = id as usize;
        if self.in_doc.len() <= id {
            self.in_doc.resize(id + 1, 0);
        }
        let seen = &mut self.in_doc[id];
        if *seen == 0 {
            self.touched.push(id as u32);
        }
        *seen = seen.saturating_add(1);
    }

    /// Closes the current document.
    fn end_document(&mut self) {
        // First-occurrence order, as scikit-learn's per-document counter.
        for id in self.touched.drain(..) {
            self.ids.push(id);
            self.counts
                .push(std::mem::take(&mut self.in_doc[id as usize]));
        }
        self.doc_ends.push(self.ids.len());
    }

    /// The counts, with `terms` spelling the temporary ids.
    fn finish(self, terms: Vec<String>) -> CorpusCounts {
        CorpusCounts {
            terms,
            doc_ends: self.doc_ends,
            ids: self.ids,
            counts: self.counts,
        }
    }
}

impl CorpusCounts {
    /// Number of documents.
    pub(crate) fn n_docs(&self) -> usize {
        self.doc_ends.len()
    }

    /// Number of distinct terms.
    pub(crate) fn n_terms(&self) -> u32 {
        // `count_corpus` refuses more than u32::MAX terms.
        self.terms.len() as u32
    }

    /// Each term's document frequency and total count (occurrences, or documents when `binary`,
    /// as scikit-learn sums the matrix after setting its entries to one).
    pub(crate) fn frequencies(&self, binary: bool) -> (Vec<u64>, Vec<u64>) {
        let mut df = vec![0u64; self.terms.len()];
        let mut total = vec![0u64; self.terms.len()];
        for (&id, &count) in self.ids.iter().zip(&self.counts) {
            df[id as usize] += 1;
            total[id as usize] += if binary { 1 } else { u64::from(count) };
        }
        (df, total)
    }

    /// The counts with ids replaced by columns (`remap`), dropped terms removed, sorted per row.
    pub(crate) fn relabel(self, remap: &[u32]) -> ColumnCounts {
        let mut out = ColumnCounts {
            doc_ends: Vec::with_capacity(self.n_docs()),
            entries: Vec::new(),
        };
        let mut start = 0;
        for &end in &self.doc_ends {
            let doc_start = out.entries.len();
            for (&id, &count) in self.ids[start..end].iter().zip(&self.counts[start..end]) {
                let column = remap[id as usize];
                if column != DROPPED {
                    out.entries.push((column, count));
                }
            }
            out.entries[doc_start..].sort_unstable();
            out.doc_ends.push(out.entries.len());
            start = end;
        }
        out
    }
}

/// Marks a temporary id whose term was pruned.
pub(crate) const DROPPED: u32 = u32::MAX;

/// Per-document `(column, count)` pairs in column order.
pub(crate) struct ColumnCounts {
    doc_ends: Vec<usize>,
    entries: Vec<(u32, u32)>,
}

impl ColumnCounts {
    /// Number of documents.
    pub(crate) fn n_docs(&self) -> usize {
        self.doc_ends.len()
    }

    /// Document `d`'s pairs.
    pub(crate) fn doc(&self, d: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.entries[self.range(d)].iter().copied()
    }

    /// Document `d`'s span of `entries`.
    fn range(&self, d: usize) -> Range<usize> {
        let start = if d == 0 { 0 } else { self.doc_ends[d - 1] };
        start..self.doc_ends[d]
    }
}
