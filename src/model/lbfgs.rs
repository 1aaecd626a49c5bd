//! Limited-memory BFGS: Nocedal's two-loop recursion over the last `m` correction pairs, with the
//! Moré–Thuente line search for steps that meet the strong Wolfe conditions. It owns the iteration —
//! the ring buffer of pairs (allocated once, before the first step), the search direction, the line
//! search along it and the stopping rules — and runs every vector operation in place through the
//! fused kernels of [`crate::model::vector`], so an iteration allocates nothing. It must not touch
//! what it minimises, which it sees only as a value and a gradient per point through [`Problem`],
//! and it must not let the number of threads change any sum: the same problem and start give the
//! same steps, bit for bit, on any machine.

use std::fmt;

use crate::model::line_search::{MoreThuente, Next, StartError, Warning, Wolfe};
use crate::model::vector;

/// A smooth function to minimise.
pub trait Problem {
    /// Writes the gradient at `x` into `grad` (of the same length) and returns the value at `x`.
    fn evaluate(&mut self, x: &[f64], grad: &mut [f64]) -> f64;
}

impl<F: FnMut(&[f64], &mut [f64]) -> f64> Problem for F {
    fn evaluate(&mut self, x: &[f64], grad: &mut [f64]) -> f64 {
        self(x, grad)
    }
}

/// Settings of the minimiser.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lbfgs {
    /// Correction pairs kept (m); at least one is kept whatever this says.
    pub memory: usize,
    /// Most iterations.
    pub max_iter: u64,
    /// Converged once the gradient's largest absolute component is below this: scikit-learn's
    /// `tol` (scipy's `pgtol`), so both stop at the same point.
    pub grad_tol: f64,
    /// Converged once an iteration changes the value by less than this.
    pub cost_tol: f64,
    /// Most evaluations in one line search.
    pub max_line_evals: usize,
    /// Constants of the line search.
    pub wolfe: Wolfe,
}

impl Default for Lbfgs {
    /// m = 10 and the value tolerance 64·ε, as scikit-learn's lbfgs; 20 evaluations per line search
    /// as scipy's L-BFGS-B.
    fn default() -> Self {
        Lbfgs {
            memory: 10,
            max_iter: 1000,
            grad_tol: 1e-5,
            cost_tol: 64.0 * f64::EPSILON,
            max_line_evals: 20,
            wolfe: Wolfe::default(),
        }
    }
}

/// Why the minimiser stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The gradient's largest absolute component fell below `grad_tol`.
    GradientTolerance,
    /// An iteration changed the value by less than `cost_tol`.
    CostTolerance,
    /// `max_iter` iterations ran.
    MaxIterations,
    /// Even along steepest descent the line search gave up without finding a lower value.
    LineSearch(Warning),
    /// Even along steepest descent the line search used all its evaluations without finding a
    /// lower value.
    LineSearchEvaluations,
    /// The gradient gives no direction to go down: it is zero (or its squares underflow to
    /// zero), which only a `grad_tol` of zero lets the run reach.
    NotDescent,
    /// The value or the gradient at the current point is not a finite number.
    NotFinite,
}

impl Stop {
    /// True for the stops that mean a minimum was found.
    pub fn converged(self) -> bool {
        matches!(self, Stop::GradientTolerance | Stop::CostTolerance)
    }
}

impl fmt::Display for Stop {
    /// The texts of the converged and iteration-cap stops are argmin's, which earlier model files
    /// recorded: the same stop keeps the same words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::GradientTolerance | Stop::CostTolerance => f.write_str("Solver converged"),
            Stop::MaxIterations => f.write_str("Maximum number of iterations reached"),
            Stop::LineSearch(w) => write!(f, "line search failed: {w}"),
            Stop::LineSearchEvaluations => {
                f.write_str("line search failed: no lower value within its evaluations")
            }
            Stop::NotDescent => f.write_str("the gradient gives no direction of descent"),
            Stop::NotFinite => f.write_str("the objective or its gradient is not a finite number"),
        }
    }
}

/// The result of a run: the point reached and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The last accepted point (the start if no step was accepted).
    pub x: Vec<f64>,
    /// The value at `x`.
    pub value: f64,
    /// The Euclidean norm of the gradient at `x`.
    pub gradient_norm: f64,
    /// The largest absolute component of the gradient at `x` (what `grad_tol` bounds).
    pub gradient_max: f64,
    /// Iterations run (accepted steps).
    pub iterations: u64,
    /// Why it stopped.
    pub stop: Stop,
}

impl Lbfgs {
    /// Minimises `problem` from `start` (a warm start is just a start that is not zero).
    pub fn minimize<P: Problem + ?Sized>(&self, problem: &mut P, start: Vec<f64>) -> Minimum {
        let mut it = Iterate::new(problem, start, self.memory);
        let mut iterations = 0;
        let mut previous = f64::INFINITY;
        let stop = loop {
            if !(it.f.is_finite() && it.gnorm.is_finite()) {
                break Stop::NotFinite;
            }
            // argmin's order: the gradient, then the change of value, then the iteration cap.
            if it.gmax < self.grad_tol {
                break Stop::GradientTolerance;
            }
            if (previous - it.f).abs() < self.cost_tol {
                break Stop::CostTolerance;
            }
            if iterations >= self.max_iter {
                break Stop::MaxIterations;
            }
            previous = it.f;
            if let Err(stop) = self.step(problem, &mut it) {
                break stop;
            }
            iterations += 1;
        };
        Minimum {
            x: it.x,
            value: it.f,
            gradient_norm: it.gnorm,
            gradient_max: it.gmax,
            iterations,
            stop,
        }
    }

    /// One iteration: a direction from the memory, a line search along it, the new pair. A
    /// direction that fails (not downhill, or no step found) is retried once as steepest descent
    /// with the memory cleared, as L-BFGS-B does, since stale pairs are the likely cause.
    fn step<P: Problem + ?Sized>(&self, problem: &mut P, it: &mut Iterate) -> Result<(), Stop> {
        loop {
            let (slope, first_step) = if it.memory.is_empty() {
                let (dd, gd) = vector::negate(&mut it.d, &it.g);
                // L-BFGS-B's first step moves a unit distance: the gradient's scale says nothing.
                (gd, (1.0 / dd.sqrt()).min(self.wolfe.step_max))
            } else {
                (it.memory.direction(&it.g, &mut it.d), 1.0)
            };
            let failure = match MoreThuente::start(self.wolfe, first_step, it.f, slope) {
                Ok(search) => match self.line_search(problem, it, search) {
                    Ok(()) => return Ok(()),
                    Err(stop) => stop,
                },
                Err(StartError::NotDescent) if !slope.is_nan() => Stop::NotDescent,
                Err(_) => Stop::NotFinite,
            };
            if it.memory.is_empty() {
                return Err(failure);
            }
            it.memory.clear();
        }
    }

    /// Runs `search` along `it.d` and moves `it` to the step it finds. When the search stops short
    /// of the Wolfe conditions, the lowest step it saw is taken if its value is strictly lower, as
    /// L-BFGS-B accepts a search that ends with a warning: it is progress, and the value-change
    /// rule judges it. An equal value is not taken: a wrong gradient shrinks the step until
    /// `x + t·d` rounds to `x`, and that must not pass for convergence.
    fn line_search<P: Problem + ?Sized>(
        &self,
        problem: &mut P,
        it: &mut Iterate,
        mut search: MoreThuente,
    ) -> Result<(), Stop> {
        let mut best = (0.0, it.f);
        let mut last = f64::NAN;
        let mut failure = Stop::LineSearchEvaluations;
        for _ in 0..self.max_line_evals {
            last = search.step();
            let f = it.evaluate_at(problem, last);
            if f < best.1 {
                best = (last, f);
            }
            match search.update(f, vector::dot(&it.g_new, &it.d)) {
                Next::Evaluate => {}
                Next::Converged => {
                    it.accept(f);
                    return Ok(());
                }
                Next::Stopped(w) => {
                    failure = Stop::LineSearch(w);
                    break;
                }
            }
        }
        let (step, _) = best;
        if step <= 0.0 {
            return Err(failure);
        }
        let f = if step == last {
            best.1
        } else {
            it.evaluate_at(problem, step)
        };
        it.accept(f);
        Ok(())
    }
}

/// The minimiser's state: the current point, the trial point of the line search, the direction and
/// the memory, all allocated once.
struct Iterate {
    x: Vec<f64>,
    g: Vec<f64>,
    f: f64,
    /// `‖g‖`, Euclidean.
    gnorm: f64,
    /// `max |g_i|`, the stopping test's measure.
    gmax: f64,
    x_new: Vec<f64>,
    g_new: Vec<f64>,
    d: Vec<f64>,
    memory: Memory,
}

impl Iterate {
    fn new<P: Problem + ?Sized>(problem: &mut P, x: Vec<f64>, m: usize) -> Iterate {
        let n = x.len();
        let mut g = vec![0.0; n];
        let f = problem.evaluate(&x, &mut g);
        let gnorm = vector::dot(&g, &g).sqrt();
        let gmax = vector::max_abs(&g);
        Iterate {
            x,
            g,
            f,
            gnorm,
            gmax,
            x_new: vec![0.0; n],
            g_new: vec![0.0; n],
            d: vec![0.0; n],
            memory: Memory::new(m.max(1), n),
        }
    }

    /// Evaluates the trial point `x + step·d` into `x_new`, `g_new`; returns its value.
    fn evaluate_at<P: Problem + ?Sized>(&mut self, problem: &mut P, step: f64) -> f64 {
        vector::step_to(&mut self.x_new, &self.x, step, &self.d);
        problem.evaluate(&self.x_new, &mut self.g_new)
    }

    /// Moves to the trial point (value `f`), recording the step and the change of gradient.
    fn accept(&mut self, f: f64) {
        let (s, y) = self.memory.next_pair();
        let sums = vector::difference_pair(s, y, (&self.x_new, &self.x), (&self.g_new, &self.g));
        self.memory.commit(sums.sy, sums.yy);
        std::mem::swap(&mut self.x, &mut self.x_new);
        std::mem::swap(&mut self.g, &mut self.g_new);
        self.f = f;
        self.gnorm = sums.gg.sqrt();
        self.gmax = vector::max_abs(&self.g);
    }
}

/// The last `m` correction pairs `s = x_{k+1} − x_k`, `y = g_{k+1} − g_k` in a ring buffer: the
/// next pair is written over the oldest, so nothing is allocated or shifted after [`Memory::new`].
struct Memory {
    s: Vec<Vec<f64>>,
    y: Vec<Vec<f64>>,
    /// `1 / (s·y)` of each slot, kept from when the pair was written.
    rho: Vec<f64>,
    /// The first loop's coefficients, kept for the second.
    alpha: Vec<f64>,
    /// `s·y / y·y` of the newest pair: the scale of the initial inverse Hessian.
    gamma: f64,
    /// Slot of the newest pair.
    newest: usize,
    /// Pairs held.
    len: usize,
}

impl Memory {
    fn new(m: usize, n: usize) -> Memory {
        // Each vector allocated zeroed on its own: `vec![v; m]` would clone, writing every page of
        // m · n · 16 bytes (200 MB on 500,000 rows) before the first iteration needs it.
        let zeroed = || (0..m).map(|_| vec![0.0; n]).collect();
        Memory {
            s: zeroed(),
            y: zeroed(),
            rho: vec![0.0; m],
            alpha: vec![0.0; m],
            gamma: 1.0,
            newest: m - 1,
            len: 0,
        }
    }

    fn capacity(&self) -> usize {
        self.rho.len()
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    /// Slot of the pair `age` steps older than the newest.
    fn slot(&self, age: usize) -> usize {
        (self.newest + self.capacity() - age) % self.capacity()
    }

    /// The buffers the next pair is written into: the oldest pair's when the memory is full.
    fn next_pair(&mut self) -> (&mut [f64], &mut [f64]) {
        let next = (self.newest + 1) % self.capacity();
        (&mut self.s[next], &mut self.y[next])
    }

    /// Keeps the pair just written by [`Memory::next_pair`] if its curvature `s·y` is positive
    /// enough to keep the inverse Hessian positive definite (the test of L-BFGS-B); otherwise
    /// drops it, and with it the oldest pair if the memory was full, whose buffers it overwrote.
    fn commit(&mut self, sy: f64, yy: f64) {
        if sy > f64::EPSILON * yy && sy.is_finite() && yy.is_finite() {
            self.newest = (self.newest + 1) % self.capacity();
            self.rho[self.newest] = 1.0 / sy;
            self.gamma = sy / yy;
            self.len = (self.len + 1).min(self.capacity());
        } else if self.len == self.capacity() {
            self.len -= 1;
        }
    }

    /// Writes the search direction `d = −H·g` by the two-loop recursion and returns `g·d`. Each
    /// pass updates `d` and, in the same loop, takes the dot product the next pass needs, so every
    /// pass reads each of its vectors once: the loops are bound by memory, not arithmetic.
    fn direction(&mut self, g: &[f64], d: &mut [f64]) -> f64 {
        if self.len == 0 {
            return vector::negate(d, g).1;
        }
        // First loop, newest to oldest: α_i = ρ_i·s_i·q, q −= α_i·y_i, starting from q = g.
        let mut acc = vector::copy_dot(d, g, &self.s[self.newest]);
        for age in 0..self.len {
            let i = self.slot(age);
            let a = self.rho[i] * acc;
            self.alpha[i] = a;
            acc = if age + 1 < self.len {
                vector::axpy_dot(d, -a, &self.y[i], &self.s[self.slot(age + 1)])
            } else {
                // The oldest pair also scales by γ, giving r = γ·q, and takes y·r for the second loop.
                vector::axpy_scale_dot(d, -a, &self.y[i], self.gamma)
            };
        }
        // Second loop, oldest to newest: β = ρ_i·y_i·r, r += (α_i − β)·s_i; finally d = −r.
        let mut age = self.len - 1;
        loop {
            let i = self.slot(age);
            let c = self.alpha[i] - self.rho[i] * acc;
            if age == 0 {
                return vector::axpy_negate_dot(d, c, &self.s[i], g);
            }
            age -= 1;
            acc = vector::axpy_dot(d, c, &self.s[i], &self.y[self.slot(age)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tight() -> Lbfgs {
        Lbfgs {
            grad_tol: 1e-10,
            cost_tol: 0.0,
            max_iter: 10_000,
            ..Lbfgs::default()
        }
    }

    /// ½·Σ a_i·(x_i − c_i)² with curvatures from 1 to 1000.
    fn quadratic(x: &[f64], g: &mut [f64]) -> f64 {
        let mut f = 0.0;
        for (i, (xi, gi)) in x.iter().zip(g.iter_mut()).enumerate() {
            let a = 1.0 + 999.0 * i as f64 / (x.len() - 1) as f64;
            let c = (i as f64).sin();
            *gi = a * (xi - c);
            f += 0.5 * a * (xi - c) * (xi - c);
        }
        f
    }

    /// The extended Rosenbrock function: pairs (x_{2i}, x_{2i+1}), minimum 0 at all ones.
    fn rosenbrock(x: &[f64], g: &mut [f64]) -> f64 {
        let mut f = 0.0;
        for (xs, gs) in x.chunks(2).zip(g.chunks_mut(2)) {
            let (a, b) = (xs[0], xs[1]);
            f += 100.0 * (b - a * a).powi(2) + (1.0 - a).powi(2);
            gs[0] = -400.0 * a * (b - a * a) - 2.0 * (1.0 - a);
            gs[1] = 200.0 * (b - a * a);
        }
        f
    }

    #[test]
    fn minimises_an_ill_conditioned_quadratic() {
        let min = tight().minimize(&mut quadratic, vec![0.0; 50]);
        assert_eq!(min.stop, Stop::GradientTolerance, "{min:?}");
        assert!(min.gradient_max < 1e-10);
        for (i, x) in min.x.iter().enumerate() {
            assert!((x - (i as f64).sin()).abs() < 1e-10, "x[{i}] = {x}");
        }
        assert!(min.value < 1e-20);
        // L-BFGS should need far fewer iterations than the condition number.
        assert!(min.iterations < 200, "{} iterations", min.iterations);
    }

    #[test]
    fn minimises_rosenbrock_from_the_classic_start() {
        for n in [2, 20] {
            let start: Vec<f64> = (0..n)
                .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
                .collect();
            let min = tight().minimize(&mut rosenbrock, start);
            assert_eq!(min.stop, Stop::GradientTolerance, "{n}: {min:?}");
            assert!(min.x.iter().all(|x| (x - 1.0).abs() < 1e-8), "{:?}", min.x);
            assert!(min.value < 1e-18);
            assert!(min.iterations < 200, "{n}: {} iterations", min.iterations);
        }
    }

    #[test]
    fn every_accepted_step_meets_the_strong_wolfe_conditions() {
        let lbfgs = Lbfgs::default();
        let start: Vec<f64> = (0..10)
            .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
            .collect();
        let mut it = Iterate::new(&mut rosenbrock, start, lbfgs.memory);
        for k in 0..30 {
            let (x0, f0, g0) = (it.x.clone(), it.f, it.g.clone());
            lbfgs.step(&mut rosenbrock, &mut it).unwrap();
            let d = &it.d;
            let slope0 = vector::dot(&g0, d);
            assert!(slope0 < 0.0, "iteration {k}: not downhill");
            // The step length: the move divided by the direction, on the largest component.
            let j = (0..d.len())
                .max_by(|&a, &b| d[a].abs().total_cmp(&d[b].abs()))
                .unwrap();
            let t = (it.x[j] - x0[j]) / d[j];
            assert!(t > 0.0);
            let w = lbfgs.wolfe;
            assert!(
                it.f <= f0 + w.c1 * t * slope0 + 1e-12 * f0.abs(),
                "iteration {k}: sufficient decrease"
            );
            let slope = vector::dot(&it.g, d);
            assert!(
                slope.abs() <= w.c2 * slope0.abs() * (1.0 + 1e-9),
                "iteration {k}: curvature {slope} vs {slope0}"
            );
        }
    }

    /// The two-loop recursion written plainly over the given pairs, oldest first.
    fn two_loop(pairs: &[(Vec<f64>, Vec<f64>)], g: &[f64]) -> Vec<f64> {
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
        let mut q = g.to_vec();
        let mut alpha = vec![0.0; pairs.len()];
        for (i, (s, y)) in pairs.iter().enumerate().rev() {
            alpha[i] = dot(s, &q) / dot(s, y);
            for (qj, yj) in q.iter_mut().zip(y) {
                *qj -= alpha[i] * yj;
            }
        }
        let (s, y) = &pairs[pairs.len() - 1];
        let gamma = dot(s, y) / dot(y, y);
        let mut r: Vec<f64> = q.iter().map(|v| gamma * v).collect();
        for (i, (s, y)) in pairs.iter().enumerate() {
            let beta = dot(y, &r) / dot(s, y);
            for (rj, sj) in r.iter_mut().zip(s) {
                *rj += (alpha[i] - beta) * sj;
            }
        }
        r.iter().map(|v| -v).collect()
    }

    #[test]
    fn the_ring_buffer_keeps_the_newest_pairs_as_it_wraps() {
        let (m, n) = (3, 11);
        let mut memory = Memory::new(m, n);
        let mut kept: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
        let g: Vec<f64> = (0..n).map(|j| (j as f64 * 0.7).cos()).collect();
        for k in 0..3 * m + 2 {
            let s: Vec<f64> = (0..n).map(|j| ((k * n + j) as f64).sin()).collect();
            // y = A·s for a diagonal positive A, so s·y > 0, except pair 7: y = −s.
            let y: Vec<f64> = if k == 7 {
                s.iter().map(|v| -v).collect()
            } else {
                s.iter()
                    .enumerate()
                    .map(|(j, v)| (1.0 + j as f64 + k as f64) * v)
                    .collect()
            };
            let (bs, by) = memory.next_pair();
            bs.copy_from_slice(&s);
            by.copy_from_slice(&y);
            memory.commit(vector::dot(&s, &y), vector::dot(&y, &y));
            if k == 7 {
                // Rejected, and the full memory lost its oldest pair to the overwrite.
                kept.remove(0);
            } else {
                kept.push((s, y));
                if kept.len() > m {
                    kept.remove(0);
                }
            }
            assert_eq!(memory.len, kept.len(), "after pair {k}");
            let mut d = vec![0.0; n];
            let gd = memory.direction(&g, &mut d);
            let want = two_loop(&kept, &g);
            for (a, b) in d.iter().zip(&want) {
                assert!((a - b).abs() < 1e-12 * (1.0 + b.abs()), "after pair {k}");
            }
            assert!((gd - vector::dot(&g, &want)).abs() < 1e-12 * (1.0 + gd.abs()));
        }
    }

    #[test]
    fn stops_at_the_iteration_cap_and_says_so() {
        let lbfgs = Lbfgs {
            max_iter: 3,
            ..tight()
        };
        let min = lbfgs.minimize(&mut rosenbrock, vec![-1.2, 1.0]);
        assert_eq!((min.iterations, min.stop), (3, Stop::MaxIterations));
        assert!(!min.stop.converged());
        assert_eq!(min.stop.to_string(), "Maximum number of iterations reached");
        let mut g = vec![0.0; 2];
        assert_eq!(rosenbrock(&min.x, &mut g), min.value);
    }

    #[test]
    fn a_start_that_is_not_a_number_stops_at_once() {
        let mut nan = |_: &[f64], g: &mut [f64]| {
            g.fill(f64::NAN);
            f64::NAN
        };
        let min = Lbfgs::default().minimize(&mut nan, vec![1.0, 2.0]);
        assert_eq!((min.iterations, min.stop), (0, Stop::NotFinite));
        assert_eq!(min.x, vec![1.0, 2.0]);
        assert!(!min.stop.converged());
    }

    #[test]
    fn a_wrong_gradient_ends_with_a_line_search_failure_and_no_worse_point() {
        // f = ‖x‖² but the gradient claims the opposite slope: every "downhill" step goes up.
        let mut wrong = |x: &[f64], g: &mut [f64]| {
            for (gi, xi) in g.iter_mut().zip(x) {
                *gi = -2.0 * xi;
            }
            vector::dot(x, x)
        };
        let min = Lbfgs::default().minimize(&mut wrong, vec![1.0, -3.0]);
        assert!(
            matches!(min.stop, Stop::LineSearch(_) | Stop::LineSearchEvaluations),
            "{min:?}"
        );
        assert!(!min.stop.converged());
        assert_eq!(min.x, vec![1.0, -3.0]);
        assert!(min.stop.to_string().starts_with("line search failed"));
    }

    #[test]
    fn a_gradient_too_small_to_square_is_no_descent_rather_than_a_panic() {
        // 1e-200 squared underflows to zero: the steepest-descent slope is zero.
        let mut flat = |_: &[f64], g: &mut [f64]| {
            g.fill(1e-200);
            1.0
        };
        let lbfgs = Lbfgs {
            grad_tol: 0.0,
            ..Lbfgs::default()
        };
        let min = lbfgs.minimize(&mut flat, vec![0.5; 4]);
        assert_eq!((min.iterations, min.stop), (0, Stop::NotDescent));
    }

    #[test]
    fn steps_back_from_where_the_objective_overflows() {
        // Not finite beyond ‖x‖ = 3, minimum at x = (2, 2)/√2·…: inside the finite region.
        let mut walled = |x: &[f64], g: &mut [f64]| {
            if vector::dot(x, x) > 9.0 {
                g.fill(f64::NAN);
                return f64::INFINITY;
            }
            quadratic(x, g)
        };
        let min = tight().minimize(&mut walled, vec![0.0; 4]);
        assert_eq!(min.stop, Stop::GradientTolerance, "{min:?}");
    }

    #[test]
    fn the_same_problem_gives_the_same_bits() {
        let start: Vec<f64> = (0..20)
            .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
            .collect();
        let a = Lbfgs::default().minimize(&mut rosenbrock, start.clone());
        let b = Lbfgs::default().minimize(&mut rosenbrock, start);
        assert_eq!(a, b);
    }
}
