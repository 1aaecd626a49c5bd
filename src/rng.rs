//! A small seeded random number generator (SplitMix64) for fold assignment and bootstrap resampling.
//! Written out here rather than taken from a crate so that a seed gives the same folds and intervals
//! in every future version of slant.

/// SplitMix64: fast, statistically sound for shuffling and resampling, and stable forever.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (n > 0), without modulo bias.
    pub fn below(&mut self, n: usize) -> usize {
        Below::new(n).draw(self)
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Uniform integers in `0..n` drawn from a [`SplitMix64`], with the rejection threshold worked out
/// once: the bootstrap draws millions of indices below the same `n`, and the threshold's division
/// was half the cost of each draw. Draws exactly what [`SplitMix64::below`] draws.
#[derive(Debug, Clone, Copy)]
pub struct Below {
    n: u64,
    zone: u64,
}

impl Below {
    /// Draws below `n` (n > 0).
    pub fn new(n: usize) -> Self {
        let n = n.max(1) as u64;
        Below {
            n,
            zone: u64::MAX - u64::MAX % n,
        }
    }

    /// One uniform integer in `0..n`, rejecting the few values that would bias the modulo.
    pub fn draw(&self, rng: &mut SplitMix64) -> usize {
        loop {
            let r = rng.next_u64();
            if r < self.zone {
                return (r % self.n) as usize;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_shuffle_is_a_permutation() {
        let (mut a, mut b) = (SplitMix64::new(42), SplitMix64::new(42));
        assert_eq!(
            (0..5).map(|_| a.next_u64()).collect::<Vec<_>>(),
            (0..5).map(|_| b.next_u64()).collect::<Vec<_>>()
        );
        let mut v: Vec<usize> = (0..100).collect();
        SplitMix64::new(1).shuffle(&mut v);
        assert_ne!(v, (0..100).collect::<Vec<_>>());
        v.sort();
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = SplitMix64::new(3);
        assert!((0..1000).all(|_| r.below(7) < 7));
    }
}
