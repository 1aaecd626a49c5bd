//! Counting terms over a corpus for fitting: every document's term counts under temporary ids,
//! then relabelled by vocabulary column. Owns only counting; must not prune, sort or weight terms
//! (that is `tfidf`) nor read files.

use rayon::prelude::*;
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

/// Documents per block counted on its own thread. Blocks are merged in document order, so the
/// temporary ids, and everything after, are those of counting in one pass.
const COUNT_BLOCK: usize = 16_384;

/// Counts every document's terms: word n-grams through word ids (no n-gram string is built until
/// the end, once per distinct term), char n-grams through a string index. Blocks of documents are
/// counted in parallel, each under its own ids, then merged in order.
pub(crate) fn count_corpus<S: AsRef<str> + Sync>(
    analyzer: &Analyzer,
    docs: &[S],
) -> Result<CorpusCounts> {
    match analyzer.config().kind {
        AnalyzerKind::Word => {
            merge_word_blocks(in_waves(docs, |block| count_word_grams(analyzer, block)))
        }
        AnalyzerKind::CharWb => {
            merge_string_blocks(in_waves(docs, |block| count_strings(analyzer, block)))
        }
    }
}

/// `count` applied to each block of documents, in document order, a wave of one block per thread
/// counted in parallel at a time: the merge takes in a wave before the next is counted, so only
/// one wave of per-block tables is alive at once (all of them at once cost 100 MB on 500,000 rows).
fn in_waves<'a, S: Sync, T: Send + 'a>(
    docs: &'a [S],
    count: impl Fn(&[S]) -> Result<T> + Sync + Send + 'a,
) -> impl Iterator<Item = Result<T>> + 'a {
    let wave = COUNT_BLOCK * rayon::current_num_threads().max(1);
    docs.chunks(wave).flat_map(move |wave| {
        let counted: Vec<Result<T>> = wave.par_chunks(COUNT_BLOCK).map(&count).collect();
        counted
    })
}

/// One block's word n-gram counts under the block's own word and term ids.
struct WordBlock {
    words: Words,
    /// The words of each term id, end to end; `term_ends` closes each term.
    term_words: Vec<u32>,
    term_ends: Vec<usize>,
    counts: Counted,
}

/// Word n-gram counts: each document's words become ids, its n-grams id windows.
fn count_word_grams<S: AsRef<str>>(analyzer: &Analyzer, docs: &[S]) -> Result<WordBlock> {
    let mut words = Words::default();
    let mut grams = GramTable::default();
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
    Ok(WordBlock {
        words,
        term_words,
        term_ends,
        counts: counter.finish(),
    })
}

/// The blocks' counts under one set of ids: each block's words and terms looked up (or added) in
/// block order, which gives every term the id a single pass would have given it.
fn merge_word_blocks(blocks: impl Iterator<Item = Result<WordBlock>>) -> Result<CorpusCounts> {
    let mut words = Words::default();
    let mut grams = GramTable::default();
    let mut term_words: Vec<u32> = Vec::new();
    let mut term_ends: Vec<usize> = Vec::new();
    let mut counts = Counted::default();
    let mut gram = Vec::new();
    for block in blocks {
        let block = block?;
        let word_ids = (0..block.words.len() as u32)
            .map(|w| words.get_or_insert(block.words.word(w)))
            .collect::<Result<Vec<u32>>>()?;
        let mut term_ids = Vec::with_capacity(block.term_ends.len());
        let mut start = 0;
        for &end in &block.term_ends {
            gram.clear();
            gram.extend(
                block.term_words[start..end]
                    .iter()
                    .map(|&w| word_ids[w as usize]),
            );
            let id = grams.get_or_insert(&gram)?;
            if id as usize == term_ends.len() {
                term_words.extend_from_slice(&gram);
                term_ends.push(term_words.len());
            }
            term_ids.push(id);
            start = end;
        }
        counts.append(block.counts, &term_ids);
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
    Ok(counts.with_terms(terms))
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
/// not seen before; the terms come back in id order.
fn count_strings<S: AsRef<str>>(analyzer: &Analyzer, docs: &[S]) -> Result<(Vec<String>, Counted)> {
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
    Ok((terms_by_id(index), counter.finish()))
}

/// The string blocks' counts under one set of ids, merged in block order as words are.
fn merge_string_blocks(
    blocks: impl Iterator<Item = Result<(Vec<String>, Counted)>>,
) -> Result<CorpusCounts> {
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    let mut terms: Vec<String> = Vec::new();
    let mut counts = Counted::default();
    for block in blocks {
        let (block_terms, block_counts) = block?;
        let mut term_ids = Vec::with_capacity(block_terms.len());
        for term in block_terms {
            let id = match index.get(&term) {
                Some(&id) => id,
                None => {
                    let id = next_id(terms.len())?;
                    index.insert(term.clone(), id);
                    terms.push(term);
                    id
                }
            };
            term_ids.push(id);
        }
        counts.append(block_counts, &term_ids);
    }
    Ok(counts.with_terms(terms))
}

/// The terms of a term → id map, in id order (ids are 0..len).
fn terms_by_id(index: FxHashMap<String, u32>) -> Vec<String> {
    let mut terms = vec![String::new(); index.len()];
    for (term, id) in index {
        terms[id as usize] = term;
    }
    terms
}

/// Per-document counts of term ids, documents end to end.
#[derive(Default)]
struct Counted {
    doc_ends: Vec<usize>,
    ids: Vec<u32>,
    counts: Vec<u32>,
}

impl Counted {
    /// Appends `block`'s documents, its ids translated through `map`.
    fn append(&mut self, block: Counted, map: &[u32]) {
        let base = self.ids.len();
        self.doc_ends
            .extend(block.doc_ends.iter().map(|e| e + base));
        self.ids
            .extend(block.ids.iter().map(|&id| map[id as usize]));
        self.counts.extend_from_slice(&block.counts);
    }

    /// The counts, with `terms` spelling the ids.
    fn with_terms(self, terms: Vec<String>) -> CorpusCounts {
        CorpusCounts {
            terms,
            doc_ends: self.doc_ends,
            ids: self.ids,
            counts: self.counts,
        }
    }
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

    /// The counts collected.
    fn finish(self) -> Counted {
        Counted {
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

    /// Document `d`'s `(column, count)` pairs in column order, ids replaced by columns (`remap`)
    /// and dropped terms left out; written into `pairs`, which is cleared first.
    pub(crate) fn doc_columns(&self, d: usize, remap: &[u32], pairs: &mut Vec<(u32, u32)>) {
        pairs.clear();
        let start = if d == 0 { 0 } else { self.doc_ends[d - 1] };
        let range = start..self.doc_ends[d];
        for (&id, &count) in self.ids[range.clone()].iter().zip(&self.counts[range]) {
            let column = remap[id as usize];
            if column != DROPPED {
                pairs.push((column, count));
            }
        }
        pairs.sort_unstable();
    }
}

/// Marks a temporary id whose term was pruned.
pub(crate) const DROPPED: u32 = u32::MAX;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerConfig;

    fn analyzer(kind: AnalyzerKind, ngrams: (usize, usize)) -> Analyzer {
        let config = AnalyzerConfig {
            kind,
            ngrams,
            ..AnalyzerConfig::default()
        };
        match Analyzer::new(config) {
            Ok(a) => a,
            Err(e) => panic!("bad test config: {e}"),
        }
    }

    /// Everything a merge produces, for comparing two merges.
    fn parts(c: &CorpusCounts) -> (&[String], &[usize], &[u32], &[u32]) {
        (&c.terms, &c.doc_ends, &c.ids, &c.counts)
    }

    const DOCS: [&str; 5] = [
        "Rates rose and rates rose again",
        "",
        "Again the rates fell",
        "New words: alpha beta, alpha",
        "rose again, and beta fell",
    ];

    /// Counting `DOCS` in blocks of 1, 2 and 3 documents and merging gives what one block gives.
    fn merges_like_one_pass<T>(
        count: impl Fn(&[&str]) -> Result<T>,
        merge: impl Fn(Vec<Result<T>>) -> Result<CorpusCounts>,
    ) {
        let Ok(one) = merge(vec![count(&DOCS)]) else {
            panic!("counting in one block failed");
        };
        for size in 1..=3 {
            let Ok(merged) = merge(DOCS.chunks(size).map(&count).collect()) else {
                panic!("counting in blocks of {size} failed");
            };
            assert_eq!(parts(&one), parts(&merged), "blocks of {size}");
        }
    }

    #[test]
    fn blocks_merged_in_order_give_the_ids_of_one_pass() {
        let words = analyzer(AnalyzerKind::Word, (1, 3));
        merges_like_one_pass(
            |docs| count_word_grams(&words, docs),
            |blocks| merge_word_blocks(blocks.into_iter()),
        );
        let chars = analyzer(AnalyzerKind::CharWb, (2, 3));
        merges_like_one_pass(
            |docs| count_strings(&chars, docs),
            |blocks| merge_string_blocks(blocks.into_iter()),
        );
    }
}
