//! Trimming: what counts as white space around a line or a sentence (Unicode white space plus the
//! invisible BOM and zero-width space) and the range of a part of a text without it. Shared by the
//! boilerplate rules, the repeat filter and the sentence splitter; owns only this trimming and must
//! not decide what is kept or dropped.

use std::ops::Range;

/// Whitespace for trimming: Unicode white space plus the invisible BOM and zero-width space.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// The range of `text[range]` without surrounding whitespace.
pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let part = &text[range.clone()];
    let start = range.start + (part.len() - part.trim_start_matches(is_space).len());
    let end = range.end - (part.len() - part.trim_end_matches(is_space).len());
    if start >= end {
        start..start
    } else {
        start..end
    }
}
