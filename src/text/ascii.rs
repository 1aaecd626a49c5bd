//! Text as runs of ASCII and the single characters between them. News text is nearly all ASCII,
//! with a curly quote or a dash here and there; a run can be copied and case-folded whole where
//! going a character at a time is several times slower. Also the block screen that finds the few
//! bytes a scan is after (line breaks, quotation marks) without decoding the rest. Owns only these
//! two ways through text; what is done with the pieces and positions belongs to the callers.

/// A piece of text as [`ascii_runs`] yields it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A maximal run of ASCII.
    Ascii(&'a str),
    /// One non-ASCII character.
    Other(char),
}

/// The pieces of `text`, in order: together they are `text`.
pub(crate) fn ascii_runs(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (piece, len) = match run {
            0 => {
                let c = rest.chars().next()?;
                (Piece::Other(c), c.len_utf8())
            }
            _ => (Piece::Ascii(&rest[..run]), run),
        };
        rest = &rest[len..];
        Some(piece)
    })
}

/// Bytes (or byte pairs) screened at a time by [`byte_positions`] and [`blocks_with_pair`].
pub(crate) const SCREEN_BLOCK: usize = 32;

/// The offsets in `bytes` of the bytes for which `wanted` holds, in order. Fixed blocks are
/// screened whole, without branches, so the screen compiles to vector code; only the rare block
/// that holds a wanted byte is looked at byte by byte. For scans over every byte of every article
/// for a few kinds of byte (line breaks, quotation marks), where decoding each character cost more
/// than the rest of the scan.
pub(crate) fn byte_positions(
    bytes: &[u8],
    wanted: impl Fn(u8) -> bool + Copy,
) -> impl Iterator<Item = usize> {
    (0..bytes.len())
        .step_by(SCREEN_BLOCK)
        .flat_map(move |from| {
            let hit = match bytes[from..].first_chunk::<SCREEN_BLOCK>() {
                Some(block) => block.iter().fold(false, |hit, &b| hit | wanted(b)),
                None => true,
            };
            let end = if hit {
                (from + SCREEN_BLOCK).min(bytes.len())
            } else {
                from
            };
            (from..end).filter(move |&i| wanted(bytes[i]))
        })
}

/// The characters of `text` whose first byte `may_start` accepts, with their offsets, found by the
/// [`byte_positions`] screen. `may_start` must accept only bytes that begin a character (ASCII or
/// UTF-8 lead bytes), so that each position found is a character boundary.
pub(crate) fn char_positions(
    text: &str,
    may_start: impl Fn(u8) -> bool + Copy,
) -> impl Iterator<Item = (usize, char)> {
    byte_positions(text.as_bytes(), may_start)
        .filter_map(move |i| Some((i, text[i..].chars().next()?)))
}

/// Starts of the blocks of [`SCREEN_BLOCK`] positions of `bytes` that hold a position `i` where
/// `pair(bytes[i], bytes[i + 1])`. Whole blocks are screened without branches, at fixed size, so
/// the screen compiles to vector code: these screens run over every line of every article.
pub(crate) fn blocks_with_pair(
    bytes: &[u8],
    pair: impl Fn(u8, u8) -> bool + Copy,
) -> impl Iterator<Item = usize> {
    let starts = bytes.len().saturating_sub(1);
    (0..starts).step_by(SCREEN_BLOCK).filter(move |&from| {
        match bytes[from..].first_chunk::<{ SCREEN_BLOCK + 1 }>() {
            Some(block) => {
                (0..SCREEN_BLOCK).fold(false, |hit, i| hit | pair(block[i], block[i + 1]))
            }
            None => (from..starts).any(|i| pair(bytes[i], bytes[i + 1])),
        }
    })
}

/// True for 0xC2 and 0xE2, the lead bytes of the UTF-8 sequences of U+0080..=U+00BF and
/// U+2000..=U+2FFF, where the non-ASCII line breaks and quotation marks live (U+0085, U+00AB,
/// U+00BB; U+201C..=U+201E, U+2028, U+2029).
pub(crate) fn is_punctuation_lead(b: u8) -> bool {
    (b == 0xC2) | (b == 0xE2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_positions_finds_every_wanted_byte_at_every_block_position() {
        for len in [0, 1, 31, 32, 33, 63, 64, 65, 100] {
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b'"';
                if at + 40 < len {
                    bytes[at + 40] = b'"';
                }
                let expected: Vec<usize> = (0..len).filter(|&i| bytes[i] == b'"').collect();
                let found: Vec<usize> = byte_positions(&bytes, |b| b == b'"').collect();
                assert_eq!(found, expected, "len {len}, at {at}");
            }
        }
    }

    #[test]
    fn punctuation_leads_start_the_line_breaks_and_quotes_looked_for() {
        for c in ['\u{85}', '«', '»', '“', '”', '„', '\u{2028}', '\u{2029}'] {
            let mut buffer = [0; 4];
            assert!(
                is_punctuation_lead(c.encode_utf8(&mut buffer).as_bytes()[0]),
                "{c:?}"
            );
        }
    }

    #[test]
    fn pieces_alternate_runs_and_characters_and_make_up_the_text() {
        let text = "“Talks” — in Genève, 3…";
        let pieces: Vec<Piece> = ascii_runs(text).collect();
        assert_eq!(
            pieces,
            [
                Piece::Other('“'),
                Piece::Ascii("Talks"),
                Piece::Other('”'),
                Piece::Ascii(" "),
                Piece::Other('—'),
                Piece::Ascii(" in Gen"),
                Piece::Other('è'),
                Piece::Ascii("ve, 3"),
                Piece::Other('…'),
            ]
        );
        assert_eq!(ascii_runs("").count(), 0);
        assert_eq!(
            ascii_runs("plain").collect::<Vec<_>>(),
            [Piece::Ascii("plain")]
        );
    }
}
