//! Standard input as an articles source. Reads ahead through the first line to tell JSON Lines
//! (first significant byte `{`) from CSV/TSV; JSON Lines are then copied to an anonymous temporary
//! file, since gathering their extra keys takes a pass of their own, while a table is read straight
//! from the pipe (so its size stays unknown). It only chooses and opens the source: reading the
//! articles belongs to the sources, and it must not hold the whole input in memory.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::Source;
use super::json_lines::JsonlArticles;
use super::table_articles::TableArticles;
use crate::corpus::TableReader;
use crate::corpus::articles::{ArticleOptions, table_options};
use crate::error::{Error, Result};
use crate::progress::{CountingReader, ReadCounter};

/// Standard input as JSON Lines when its first non-space byte is `{`, else as CSV. JSON Lines are
/// copied to a temporary file first, since their extra keys take a pass of their own.
pub(super) fn open_stdin(
    options: &ArticleOptions,
    counter: &ReadCounter,
) -> Result<(Source, Option<u64>)> {
    let name = Path::new("<stdin>");
    let mut stdin = io::stdin();
    let head = read_head(&mut stdin).map_err(|e| Error::io(name, e))?;
    if first_significant_byte(&head).map(|i| head[i]) == Some(b'{') {
        let file = spool(&head, stdin).map_err(|e| Error::io(name, e))?;
        let size = file.metadata().ok().map(|m| m.len());
        let source = JsonlArticles::open(file, name, options.encoding, counter)?;
        return Ok((Source::Jsonl(source), size));
    }
    let input = Box::new(io::Cursor::new(head).chain(stdin));
    let input = Box::new(CountingReader::new(input, counter.clone()));
    let reader = TableReader::from_reader(input, name.to_path_buf(), &table_options(options))?;
    Ok((Source::Table(TableArticles::new(reader)?), None))
}

/// The start of `input`: through the end of the line holding its first byte that is neither white
/// space nor part of a UTF-8 byte-order mark (or 64 KiB, or all of a shorter input). That byte tells
/// JSON Lines from CSV, and the whole first line lets the CSV reader guess the delimiter from the
/// header as it would with the whole input in hand.
fn read_head(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    while head.len() < 1 << 16 && !first_line_complete(&head) {
        match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(head)
}

fn first_line_complete(head: &[u8]) -> bool {
    first_significant_byte(head).is_some_and(|i| head[i..].contains(&b'\n'))
}

/// The position of the first byte that is neither white space nor part of a UTF-8 byte-order mark.
fn first_significant_byte(head: &[u8]) -> Option<usize> {
    head.iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF))
}

/// `head` then the rest of `input` in an anonymous temporary file (gone when closed), rewound.
fn spool(head: &[u8], mut input: impl Read) -> io::Result<File> {
    let mut file = tempfile::tempfile()?;
    file.write_all(head)?;
    io::copy(&mut input, &mut file)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pipe that hands out three bytes at a time.
    struct Trickle(&'static [u8]);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(3).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn stdin_is_read_ahead_through_its_first_line() {
        let input = b" \n\xEF\xBB\xBF {\"id\":1}\n{\"id\":2}\n";
        let head = read_head(&mut &input[..]).unwrap();
        assert_eq!(head, input, "all of a short input");
        assert_eq!(first_significant_byte(&head).map(|i| head[i]), Some(b'{'));
        let head = read_head(&mut Trickle(b"\nid\toutlet\tdate\ttext\n1\tx\t\tA.\n")).unwrap();
        assert_eq!(
            head, b"\nid\toutlet\tdate\ttext\n",
            "the whole header, not 3 bytes"
        );
        assert_eq!(first_significant_byte(b"  \n"), None);
    }
}
