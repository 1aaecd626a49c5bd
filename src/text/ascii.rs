//! Text as runs of ASCII and the single characters between them. News text is nearly all ASCII,
//! with a curly quote or a dash here and there; a run can be copied and case-folded whole where
//! going a character at a time is several times slower. Owns only this split; what is done with
//! the pieces belongs to the callers.

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

#[cfg(test)]
mod tests {
    use super::*;

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
