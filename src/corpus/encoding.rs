//! Text encodings of input files and the byte-stream normaliser that sits under the CSV parser: it
//! drops a UTF-8 byte-order mark, transcodes Latin-1 and Windows-1252 to UTF-8, and turns CRLF and lone CR
//! line ends into LF so line numbers in error messages are right whatever the file's origin. It never parses CSV.

use std::io::{self, Read};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The encodings slant reads input files in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark (the default).
    #[default]
    Utf8,
    /// ISO-8859-1: every byte is the code point of the same number.
    Latin1,
    /// Windows-1252 (cp1252): Latin-1 with printable characters such as curly quotes in 0x80–0x9F.
    Windows1252,
}

impl Encoding {
    /// The encoding's usual name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Latin1 => "Latin-1",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

impl FromStr for Encoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "latin1" | "latin-1" | "iso-8859-1" | "iso8859-1" | "l1" => Ok(Encoding::Latin1),
            "windows-1252" | "cp1252" | "win-1252" | "windows1252" => Ok(Encoding::Windows1252),
            _ => Err(format!(
                "unknown encoding {s:?}; use utf-8, latin1 or windows-1252"
            )),
        }
    }
}

const CHUNK: usize = 64 * 1024;

/// A reader that yields UTF-8 (or, for UTF-8 input, the bytes as they are, validated later per
/// field so errors can name the line) with the BOM removed and every line end turned into LF.
pub struct Normalizer<R> {
    inner: R,
    encoding: Encoding,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    at_start: bool,
    pending_cr: bool,
    eof: bool,
    cp1252: Option<encoding_rs::Decoder>,
}

impl<R: Read> Normalizer<R> {
    /// Wraps `inner`, decoding it from `encoding`.
    pub fn new(inner: R, encoding: Encoding) -> Self {
        let cp1252 = (encoding == Encoding::Windows1252)
            .then(|| encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling());
        Normalizer {
            inner,
            encoding,
            raw: vec![0; CHUNK],
            out: Vec::with_capacity(CHUNK * 2),
            pos: 0,
            at_start: true,
            pending_cr: false,
            eof: false,
            cp1252,
        }
    }

    /// Reads the next chunk of input into `out`; false at end of input.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.eof {
            let n = read_some(&mut self.inner, &mut self.raw)?;
            if n == 0 {
                self.eof = true;
                if self.pending_cr {
                    self.out.push(b'\n');
                    self.pending_cr = false;
                }
                break;
            }
            let mut start = 0;
            if self.at_start {
                self.at_start = false;
                if self.raw[..n].starts_with(b"\xEF\xBB\xBF") && self.encoding == Encoding::Utf8 {
                    start = 3;
                }
            }
            let decoded = self.decode(start, n);
            self.push_with_cr_fixed(&decoded);
        }
        Ok(!self.out.is_empty())
    }

    /// The bytes `raw[start..end]` as UTF-8 (UTF-8 input is passed through unchecked).
    fn decode(&mut self, start: usize, end: usize) -> Vec<u8> {
        let bytes = &self.raw[start..end];
        match self.encoding {
            Encoding::Utf8 => bytes.to_vec(),
            Encoding::Latin1 => {
                let mut s = String::with_capacity(bytes.len() + bytes.len() / 8);
                s.extend(bytes.iter().map(|&b| char::from(b)));
                s.into_bytes()
            }
            Encoding::Windows1252 => {
                let mut s = String::with_capacity(bytes.len() * 3);
                if let Some(d) = self.cp1252.as_mut() {
                    // Windows-1252 is single-byte: every input chunk decodes completely.
                    let _ = d.decode_to_string(bytes, &mut s, false);
                }
                s.into_bytes()
            }
        }
    }

    /// Appends `bytes` to the output with every line end (CRLF, CR, LF) as LF, copying the runs
    /// between carriage returns whole (found with memchr: this sees every input byte).
    fn push_with_cr_fixed(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some(&first) = rest.first() {
            if self.pending_cr {
                self.pending_cr = false;
                if first != b'\n' {
                    self.out.push(b'\n');
                }
            }
            match memchr::memchr(b'\r', rest) {
                None => {
                    self.out.extend_from_slice(rest);
                    return;
                }
                Some(i) => {
                    self.out.extend_from_slice(&rest[..i]);
                    self.pending_cr = true;
                    rest = &rest[i + 1..];
                }
            }
        }
    }
}

fn read_some<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match r.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

impl<R: Read> Read for Normalizer<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalize(bytes: &[u8], encoding: Encoding) -> Vec<u8> {
        let mut out = Vec::new();
        Normalizer::new(bytes, encoding)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn drops_utf8_bom_only_at_start() {
        assert_eq!(normalize(b"\xEF\xBB\xBFa,b\n", Encoding::Utf8), b"a,b\n");
        assert_eq!(
            normalize(b"a\xEF\xBB\xBF", Encoding::Utf8),
            b"a\xEF\xBB\xBF"
        );
    }

    #[test]
    fn every_line_end_becomes_lf() {
        assert_eq!(normalize(b"a\rb\r\nc\r", Encoding::Utf8), b"a\nb\nc\n");
        assert_eq!(normalize(b"a\r\r\nb", Encoding::Utf8), b"a\n\nb");
    }

    #[test]
    fn latin1_and_cp1252_decode_differently_in_0x80_to_0x9f() {
        assert_eq!(
            normalize(b"caf\xe9 \x93q\x94", Encoding::Latin1),
            "café \u{93}q\u{94}".as_bytes()
        );
        assert_eq!(
            normalize(b"caf\xe9 \x93q\x94", Encoding::Windows1252),
            "café “q”".as_bytes()
        );
    }

    #[test]
    fn encoding_names_parse() {
        assert_eq!("UTF8".parse::<Encoding>(), Ok(Encoding::Utf8));
        assert_eq!("iso-8859-1".parse::<Encoding>(), Ok(Encoding::Latin1));
        assert_eq!("cp1252".parse::<Encoding>(), Ok(Encoding::Windows1252));
        assert!("ebcdic".parse::<Encoding>().is_err());
    }
}
