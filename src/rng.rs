//! A small seeded random number generator (SplitMix64) for fold assignment and bootstrap resampling.
//! Written out here rather than taken from a crate so that a seed gives the same folds and intervals
//! in every future version of slant.

use rayon::prelude::*;

/// SplitMix64: fast, statistically sound for shuffling and resampling, and stable forever.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

/// What each draw adds to the state; odd, so generators `k` draws apart differ for every
/// `0 < k < 2^64`.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Skips `draws` outputs at once, so a worker can start where earlier draws would leave it.
    pub fn advance(&mut self, draws: u64) {
        self.state = self.state.wrapping_add(draws.wrapping_mul(GAMMA));
    }

    /// Fills `items` exactly as `fill(self, items)` would, in blocks of `block` items on the thread
    /// pool, when `fill` draws `draws_per_item` values an item unless it rejects one. A block
    /// starts where it would if no earlier draw was rejected, which is nearly always so (a
    /// [`Below`] draw below n is rejected with probability under n / 2^64); a block that rejected
    /// one ends elsewhere than planned, and the blocks after it are then filled again in order
    /// from there. So the result never depends on the block size or the number of threads.
    pub fn fill_in_blocks<T: Send>(
        &mut self,
        items: &mut [T],
        draws_per_item: u64,
        block: usize,
        fill: impl Fn(&mut SplitMix64, &mut [T]) + Sync,
    ) {
        let block = block.max(1);
        let at = |item: usize| {
            let mut planned = self.clone();
            planned.advance((item as u64).wrapping_mul(draws_per_item));
            planned
        };
        let ends: Vec<SplitMix64> = items
            .par_chunks_mut(block)
            .enumerate()
            .map(|(i, chunk)| {
                let mut rng = at(i * block);
                fill(&mut rng, chunk);
                rng
            })
            .collect();
        let len = items.len();
        let block_end = |i: usize| ((i + 1) * block).min(len);
        let first_off = (0..ends.len()).find(|&i| ends[i] != at(block_end(i)));
        let end = match first_off {
            None => at(len),
            Some(i) => {
                let mut rng = ends[i].clone();
                fill(&mut rng, &mut items[block_end(i)..]);
                rng
            }
        };
        *self = end;
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

/// Uniform integers in `0..n` drawn from a [`SplitMix64`], with the rejection threshold and the
/// remainder's reciprocal worked out once: the bootstrap draws millions of indices below the same
/// `n`, and a division per draw dominated its cost. Draws exactly what [`SplitMix64::below`] draws.
#[derive(Debug, Clone, Copy)]
pub struct Below {
    zone: u64,
    modulus: FastMod,
}

impl Below {
    /// Draws below `n` (n > 0).
    pub fn new(n: usize) -> Self {
        let n = n.max(1) as u64;
        Below {
            zone: u64::MAX - u64::MAX % n,
            modulus: FastMod::new(n),
        }
    }

    /// How many values this draws from.
    pub fn n(&self) -> u64 {
        self.modulus.n
    }

    /// One uniform integer in `0..n`, rejecting the few values that would bias the modulo.
    pub fn draw(&self, rng: &mut SplitMix64) -> usize {
        loop {
            let r = rng.next_u64();
            if r < self.zone {
                return self.modulus.rem(r) as usize;
            }
        }
    }
}

/// `r % n` by two multiplications and one correction, exact for every 64-bit `r` and `n`: with
/// m = ⌊(2^64 − 1) / n⌋, q = ⌊r·m / 2^64⌋ is ⌊r / n⌋ or one less (r·m / 2^64 > r / n − 1, since
/// m ≥ (2^64 − n) / n and r < 2^64), so r − q·n, which never exceeds r, is below 2n.
#[derive(Debug, Clone, Copy)]
struct FastMod {
    n: u64,
    /// ⌊(2^64 − 1) / n⌋.
    reciprocal: u64,
}

impl FastMod {
    /// Remainders modulo `n` (n > 0).
    fn new(n: u64) -> Self {
        assert!(n > 0, "remainder modulo zero");
        FastMod {
            n,
            reciprocal: u64::MAX / n,
        }
    }

    /// `r % n`.
    fn rem(&self, r: u64) -> u64 {
        let q = ((u128::from(r) * u128::from(self.reciprocal)) >> 64) as u64;
        let rem = r - q * self.n;
        if rem >= self.n { rem - self.n } else { rem }
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

    #[test]
    fn advance_equals_that_many_draws() {
        for (seed, k) in [(0, 0), (1, 1), (42, 7), (u64::MAX, 1000), (9, 12_345)] {
            let mut stepped = SplitMix64::new(seed);
            (0..k).for_each(|_| {
                stepped.next_u64();
            });
            let mut jumped = SplitMix64::new(seed);
            jumped.advance(k);
            assert_eq!(jumped, stepped);
            assert_eq!(jumped.next_u64(), stepped.next_u64());
        }
    }

    /// Divisors where a reciprocal's rounding would show first: tiny, powers of two and their
    /// neighbours, and the largest.
    fn edge_divisors() -> Vec<u64> {
        let mut ns = vec![1, 2, 3, 5, 7, 10, 641, 5_000, 6_700_417];
        ns.extend((1..64).flat_map(|b| [(1u64 << b) - 1, 1 << b, (1 << b) + 1]));
        ns.extend([u64::from(u32::MAX), u64::MAX / 3, u64::MAX - 1, u64::MAX]);
        ns
    }

    #[test]
    fn fast_remainder_equals_the_division_remainder() {
        let mut rng = SplitMix64::new(5);
        let mut divisors = edge_divisors();
        divisors.extend(
            (0..2000)
                .map(|i| rng.next_u64() >> (i % 64))
                .filter(|&n| n > 0),
        );
        for n in divisors {
            let fast = FastMod::new(n);
            let q = u64::MAX / n;
            let mut rs = vec![0, 1, n - 1, n, u64::MAX, u64::MAX - 1, q * n, q * n - 1];
            rs.extend([n.wrapping_add(1), n.wrapping_mul(2), (q / 2) * n + n - 1]);
            rs.extend((0..200).map(|_| rng.next_u64()));
            rs.extend((0..50).map(|_| rng.next_u64() % q * n + rng.next_u64() % 2));
            for r in rs {
                assert_eq!(fast.rem(r), r % n, "{r} % {n}");
            }
        }
    }

    /// Each item folds `k` draws below `n`, so a rejected draw changes every later item.
    fn fold_draws(n: u64, k: usize) -> impl Fn(&mut SplitMix64, &mut [u64]) + Sync {
        let below = Below::new(n as usize);
        move |rng, items| {
            for item in items {
                *item = (0..k).fold(0, |acc, _| acc.rotate_left(7) ^ below.draw(rng) as u64);
            }
        }
    }

    #[test]
    fn blocks_fill_exactly_what_one_pass_fills_even_after_rejections() {
        // Rejection rates of none, about 1% and about half a draw.
        for n in [7, u64::MAX / 101 * 100, (1 << 63) + 1] {
            for (seed, len, block, k) in
                [(1, 40, 3, 5), (2, 41, 1, 2), (3, 7, 100, 3), (4, 64, 8, 1)]
            {
                let fill = fold_draws(n, k);
                let (mut one_pass, mut blocks) = (SplitMix64::new(seed), SplitMix64::new(seed));
                let mut expected = vec![0; len];
                fill(&mut one_pass, &mut expected);
                let mut got = vec![0; len];
                blocks.fill_in_blocks(&mut got, k as u64, block, &fill);
                assert_eq!(got, expected, "n {n} seed {seed}");
                assert_eq!(blocks, one_pass, "left where one pass leaves it");
            }
        }
    }

    /// What [`Below::draw`] did before the fast remainder: reject, then divide.
    fn naive_draw(n: u64, rng: &mut SplitMix64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let r = rng.next_u64();
            if r < zone {
                return r % n;
            }
        }
    }

    #[test]
    fn draws_equal_rejection_and_division() {
        for n in [1, 2, 3, 7, 100, 5_000, 1 << 40, (1 << 63) + 1, u64::MAX] {
            let below = Below::new(n as usize);
            let (mut a, mut b) = (SplitMix64::new(n), SplitMix64::new(n));
            for _ in 0..10_000 {
                assert_eq!(below.draw(&mut a) as u64, naive_draw(n, &mut b));
            }
            assert_eq!(a, b, "the same number of draws rejected");
        }
    }
}
