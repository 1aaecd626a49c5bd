//! Progress of long reads, as numbers: a counter of input bytes read that readers add to and the
//! command line polls to draw its progress bar. Owns counting only; the library never draws or
//! prints progress (that is `cli`'s job, and only on a terminal).

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes of input read so far, shared between the reader that adds to it and whoever shows progress.
#[derive(Debug, Clone, Default)]
pub struct ReadCounter(Arc<AtomicU64>);

impl ReadCounter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes counted so far.
    pub fn bytes(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// Counts `n` more bytes.
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
}

/// A reader that counts the bytes it hands out into a [`ReadCounter`].
#[derive(Debug)]
pub struct CountingReader<R> {
    inner: R,
    counter: ReadCounter,
}

impl<R> CountingReader<R> {
    /// Wraps `inner`, counting into `counter`.
    pub fn new(inner: R, counter: ReadCounter) -> Self {
        CountingReader { inner, counter }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.add(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_is_read_across_clones() {
        let counter = ReadCounter::new();
        let mut reader = CountingReader::new(&b"hello world"[..], counter.clone());
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        assert_eq!(counter.bytes(), 11);
    }
}
