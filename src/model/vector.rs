//! Fused loops over dense `f64` vectors for the optimizer and the objective: each kernel reads and
//! writes its vectors in one pass, in place, and sums in a fixed set of interleaved accumulators.
//! One accumulator would serialise every loop on a chain of dependent additions (the cost that made
//! argmin's dot products slow); a fixed number keeps the order of the sums, and so every result, the
//! same on any machine and core count. The loops run on one thread: they are bound by memory
//! bandwidth, and splitting them over the two cores of a shared machine measured no faster. Knows
//! nothing of models or optimizers; allocates nothing.

/// Interleaved partial sums per loop: enough to hide the latency of floating-point addition.
const LANES: usize = 8;

/// Calls `body(i)` for every `i` in `0..n`, in order, and returns the sums of the `K` values it
/// returns. Term `i` goes to accumulator `i mod LANES` of its sum and the accumulators are combined
/// by a fixed pairwise tree, so the order of every sum depends only on `n`.
#[inline(always)]
fn lane_sums<const K: usize>(n: usize, mut body: impl FnMut(usize) -> [f64; K]) -> [f64; K] {
    // Sum-major, so the lanes of one sum sit side by side and add as one vector.
    let mut acc = [[0.0f64; LANES]; K];
    let mut i = 0;
    while i + LANES <= n {
        let mut terms = [[0.0; K]; LANES];
        for (lane, t) in terms.iter_mut().enumerate() {
            *t = body(i + lane);
        }
        for (k, a) in acc.iter_mut().enumerate() {
            for (s, t) in a.iter_mut().zip(&terms) {
                *s += t[k];
            }
        }
        i += LANES;
    }
    for (lane, j) in (i..n).enumerate() {
        for (a, x) in acc.iter_mut().zip(body(j)) {
            a[lane] += x;
        }
    }
    acc.map(|mut lanes| {
        let mut width = LANES;
        while width > 1 {
            width /= 2;
            for lane in 0..width {
                lanes[lane] += lanes[lane + width];
            }
        }
        lanes[0]
    })
}

/// The largest absolute value in `a` (0 for an empty slice; NaN if any value is NaN).
pub fn max_abs(a: &[f64]) -> f64 {
    a.iter().fold(0.0, |m: f64, &v| {
        if v.is_nan() || m.is_nan() {
            f64::NAN
        } else {
            m.max(v.abs())
        }
    })
}

/// `Σ a[i]·b[i]`.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let b = &b[..a.len()];
    lane_sums(a.len(), |i| [a[i] * b[i]])[0]
}

/// `d = −g`, returning `(Σ d[i]², Σ g[i]·d[i])`.
pub fn negate(d: &mut [f64], g: &[f64]) -> (f64, f64) {
    let [dd, gd] = lane_sums(d.len(), |i| {
        d[i] = -g[i];
        [d[i] * d[i], g[i] * d[i]]
    });
    (dd, gd)
}

/// `d = src`, returning `Σ z[i]·src[i]`.
pub fn copy_dot(d: &mut [f64], src: &[f64], z: &[f64]) -> f64 {
    lane_sums(d.len(), |i| {
        d[i] = src[i];
        [z[i] * src[i]]
    })[0]
}

/// `d += a·x`, returning `Σ z[i]·d[i]` of the updated `d`.
pub fn axpy_dot(d: &mut [f64], a: f64, x: &[f64], z: &[f64]) -> f64 {
    lane_sums(d.len(), |i| {
        d[i] += a * x[i];
        [z[i] * d[i]]
    })[0]
}

/// `d = scale·(d + a·x)`, returning `Σ x[i]·d[i]` of the updated `d`.
pub fn axpy_scale_dot(d: &mut [f64], a: f64, x: &[f64], scale: f64) -> f64 {
    lane_sums(d.len(), |i| {
        d[i] = scale * (d[i] + a * x[i]);
        [x[i] * d[i]]
    })[0]
}

/// `d = −(d + a·x)`, returning `Σ z[i]·d[i]` of the updated `d`.
pub fn axpy_negate_dot(d: &mut [f64], a: f64, x: &[f64], z: &[f64]) -> f64 {
    lane_sums(d.len(), |i| {
        d[i] = -(d[i] + a * x[i]);
        [z[i] * d[i]]
    })[0]
}

/// `out = x + step·d`.
pub fn step_to(out: &mut [f64], x: &[f64], step: f64, d: &[f64]) {
    for ((o, &xi), &di) in out.iter_mut().zip(x).zip(d) {
        *o = xi + step * di;
    }
}

/// Sums over one L-BFGS correction pair and the new gradient, from [`difference_pair`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairSums {
    /// `s·y`.
    pub sy: f64,
    /// `y·y`.
    pub yy: f64,
    /// `g_new·g_new`.
    pub gg: f64,
}

/// `s = x_new − x` and `y = g_new − g` in one pass, with the sums L-BFGS needs next.
pub fn difference_pair(
    s: &mut [f64],
    y: &mut [f64],
    (x_new, x): (&[f64], &[f64]),
    (g_new, g): (&[f64], &[f64]),
) -> PairSums {
    let [sy, yy, gg] = lane_sums(s.len(), |i| {
        s[i] = x_new[i] - x[i];
        y[i] = g_new[i] - g[i];
        [s[i] * y[i], y[i] * y[i], g_new[i] * g_new[i]]
    });
    PairSums { sy, yy, gg }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(n: usize, a: f64, b: f64) -> Vec<f64> {
        (0..n).map(|i| a * i as f64 + b).collect()
    }

    #[test]
    fn kernels_agree_with_plain_loops_at_every_length_around_the_lane_count() {
        for n in [0, 1, 7, 8, 9, 16, 23, 100] {
            let x = ramp(n, 0.5, -1.0);
            let z = ramp(n, -0.25, 2.0);
            let plain: f64 = x.iter().zip(&z).map(|(a, b)| a * b).sum();
            assert!(
                (dot(&x, &z) - plain).abs() <= 1e-9 * (1.0 + plain.abs()),
                "{n}"
            );

            let mut d = ramp(n, 1.0, 0.0);
            let want: Vec<f64> = d.iter().zip(&x).map(|(d, x)| d + 2.0 * x).collect();
            let got = axpy_dot(&mut d, 2.0, &x, &z);
            assert_eq!(d, want);
            assert!((got - dot(&z, &want)).abs() < 1e-9 * (1.0 + got.abs()));

            let mut d = ramp(n, 1.0, 0.0);
            let want: Vec<f64> = d.iter().zip(&x).map(|(d, x)| 3.0 * (d - x)).collect();
            let got = axpy_scale_dot(&mut d, -1.0, &x, 3.0);
            assert_eq!(d, want);
            assert!((got - dot(&x, &want)).abs() < 1e-9 * (1.0 + got.abs()));

            let mut d = ramp(n, 1.0, 0.0);
            let want: Vec<f64> = d.iter().zip(&x).map(|(d, x)| -(d + x)).collect();
            let got = axpy_negate_dot(&mut d, 1.0, &x, &z);
            assert_eq!(d, want);
            assert!((got - dot(&z, &want)).abs() < 1e-9 * (1.0 + got.abs()));

            let mut d = vec![0.0; n];
            let got = copy_dot(&mut d, &x, &z);
            assert_eq!(d, x);
            assert_eq!(got.to_bits(), dot(&z, &x).to_bits());

            let mut d = vec![0.0; n];
            let (dd, gd) = negate(&mut d, &x);
            assert!(d.iter().zip(&x).all(|(d, x)| *d == -x));
            assert!((dd + gd).abs() < 1e-9 * (1.0 + dd));

            let (mut s, mut y) = (vec![0.0; n], vec![0.0; n]);
            let sums = difference_pair(&mut s, &mut y, (&z, &x), (&x, &z));
            assert!(s.iter().zip(&x).zip(&z).all(|((s, x), z)| *s == z - x));
            assert!((sums.sy + sums.yy).abs() < 1e-9 * (1.0 + sums.yy));
            assert!((sums.gg - dot(&x, &x)).abs() < 1e-9 * (1.0 + sums.gg));
        }
    }

    #[test]
    fn sums_run_in_the_documented_fixed_order() {
        // Lane l holds the terms i ≡ l (mod 8), in order; lanes are combined pairwise (l, l+4),
        // then (l, l+2), then (0, 1): this order, not the machine, decides the result's bits.
        let x = ramp(1001, 1e-3, 0.1);
        let z = ramp(1001, -7e-4, 3.0);
        let mut lanes = [0.0f64; LANES];
        for (i, (a, b)) in x.iter().zip(&z).enumerate() {
            lanes[i % LANES] += a * b;
        }
        let l = lanes;
        let want = ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
        assert_eq!(dot(&x, &z).to_bits(), want.to_bits());
    }
}
