//! Reading a whole text file (an article), or one line of a file read line by line, in a given
//! encoding, with errors that name the line.

use std::path::Path;

use crate::corpus::Encoding;
use crate::error::{Error, Location, Result};

/// Reads `path` as text in `encoding`, dropping a UTF-8 byte-order mark.
pub fn read_text_file(path: &Path, encoding: Encoding) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::input(Location::file(path), "no such file; check the path")
        }
        _ => Error::io(path, e),
    })?;
    decode_text(path, bytes, encoding)
}

/// Decodes `bytes` read from `path`; invalid UTF-8 is an error naming its line and column.
pub fn decode_text(path: &Path, bytes: Vec<u8>, encoding: Encoding) -> Result<String> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) if encoding == Encoding::Utf8 => rest.to_vec(),
        _ => bytes,
    };
    decode_line(path, 1, bytes, encoding)
}

/// Decodes `bytes` that start on line `first_line` of `path` as [`decode_text`] would decode them
/// inside the whole file, byte-order mark aside: a caller reading a file line by line drops the mark
/// at the file's start itself, and only there.
pub fn decode_line(
    path: &Path,
    first_line: u64,
    bytes: Vec<u8>,
    encoding: Encoding,
) -> Result<String> {
    match encoding {
        Encoding::Utf8 => String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + first_line;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            Error::Encoding {
                location: Location::line(path, line).with_column(column),
                encoding: "UTF-8",
            }
        }),
        Encoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        Encoding::Windows1252 => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err =
            decode_text(Path::new("a.txt"), b"ok\nab\xff".to_vec(), Encoding::Utf8).unwrap_err();
        assert_eq!(
            err.to_string().split(':').take(3).collect::<Vec<_>>(),
            ["a.txt", "2", "3"]
        );
        assert!(err.to_string().contains("--encoding"));
    }

    #[test]
    fn a_line_keeps_its_number_and_any_mark() {
        let err = decode_line(Path::new("a.jsonl"), 7, b"ab\xff".to_vec(), Encoding::Utf8)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.jsonl:7:3: "), "{err}");
        let bom = decode_line(Path::new("a"), 2, b"\xEF\xBB\xBF{".to_vec(), Encoding::Utf8);
        assert_eq!(bom.unwrap(), "\u{feff}{");
    }

    #[test]
    fn bom_is_dropped_and_latin1_decodes() {
        assert_eq!(
            decode_text(Path::new("a"), b"\xEF\xBB\xBFhi".to_vec(), Encoding::Utf8).unwrap(),
            "hi"
        );
        assert_eq!(
            decode_text(Path::new("a"), b"caf\xe9".to_vec(), Encoding::Latin1).unwrap(),
            "café"
        );
    }
}
