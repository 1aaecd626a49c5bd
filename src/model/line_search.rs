//! The Moré–Thuente line search (MINPACK-2's `dcsrch` and `dcstep`, the search scipy's L-BFGS-B
//! runs): finds a step along a descent direction that meets the strong Wolfe conditions, by
//! safeguarded cubic and quadratic interpolation on an interval it narrows around a minimiser.
//! It owns only the one-dimensional search and talks by reverse communication — it names the step
//! to evaluate and is handed the value and directional derivative there — so it never touches the
//! vectors, never evaluates anything itself and cannot allocate. Counting evaluations, and deciding
//! what to do when the search gives up, belong to the caller.

use std::fmt;

/// The strong Wolfe constants and the limits of the search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wolfe {
    /// Sufficient decrease: `f(t) ≤ f(0) + c1·t·f'(0)`.
    pub c1: f64,
    /// Curvature: `|f'(t)| ≤ c2·|f'(0)|`.
    pub c2: f64,
    /// Give up once the bracketing interval is narrower than this fraction of its upper end.
    pub xtol: f64,
    /// Smallest step tried.
    pub step_min: f64,
    /// Largest step tried.
    pub step_max: f64,
}

impl Default for Wolfe {
    /// The constants slant has always used (argmin's, and scipy's `c2`); the step bounds of
    /// scipy's L-BFGS-B for an unconstrained problem.
    fn default() -> Self {
        Wolfe {
            c1: 1e-4,
            c2: 0.9,
            xtol: 1e-10,
            step_min: 0.0,
            step_max: 1e10,
        }
    }
}

/// Why a search stopped without a step that meets both Wolfe conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// The interval collapsed: rounding errors prevent further progress.
    RoundingErrors,
    /// The interval is narrower than `xtol` allows.
    IntervalTooNarrow,
    /// The step reached `step_max` while the function still decreases.
    StepAtMaximum,
    /// The step reached `step_min` without enough decrease.
    StepAtMinimum,
    /// The function or its derivative was not a finite number at every step tried.
    NotFinite,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Warning::RoundingErrors => "rounding errors prevent progress",
            Warning::IntervalTooNarrow => "the interval of uncertainty is below xtol",
            Warning::StepAtMaximum => "the step is at its upper bound",
            Warning::StepAtMinimum => "the step is at its lower bound",
            Warning::NotFinite => "the objective is not a finite number along the direction",
        })
    }
}

/// Why a search cannot start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartError {
    /// The derivative at zero is not negative (or not a number): the direction goes nowhere down.
    NotDescent,
    /// The first step is not a positive number within the bounds, or the value at zero is not
    /// finite.
    BadInput,
}

/// What the search wants after being told the value at its current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Evaluate at [`MoreThuente::step`] and call [`MoreThuente::update`] again.
    Evaluate,
    /// The step just evaluated meets the strong Wolfe conditions.
    Converged,
    /// The search gave up; [`MoreThuente::step`] is the step it last asked for.
    Stopped(Warning),
}

/// A point of the search: step, value, derivative.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    t: f64,
    f: f64,
    g: f64,
}

/// One running search.
#[derive(Debug, Clone)]
pub struct MoreThuente {
    wolfe: Wolfe,
    /// Upper bound on the step; lowered below any step where the function was not finite.
    step_max: f64,
    stp: f64,
    f0: f64,
    g0: f64,
    /// `c1·f'(0)`: the slope of the sufficient-decrease line.
    gtest: f64,
    /// The step with the least value so far (of the modified function in stage 1).
    x: Point,
    /// The other end of the interval.
    y: Point,
    bracketed: bool,
    stage1: bool,
    stmin: f64,
    stmax: f64,
    width: f64,
    width1: f64,
}

/// Extrapolation factors of MINPACK-2: the next unbracketed step lies in
/// `[stp + 1.1·(stp − stx), stp + 4·(stp − stx)]`.
const XTRAPL: f64 = 1.1;
const XTRAPU: f64 = 4.0;

impl MoreThuente {
    /// Starts a search from value `f0` and derivative `g0` at step zero, first trying `step`.
    pub fn start(wolfe: Wolfe, step: f64, f0: f64, g0: f64) -> Result<MoreThuente, StartError> {
        if g0.is_nan() || g0 >= 0.0 {
            return Err(StartError::NotDescent);
        }
        if !(f0.is_finite()
            && g0.is_finite()
            && step > 0.0
            && step >= wolfe.step_min
            && step <= wolfe.step_max)
        {
            return Err(StartError::BadInput);
        }
        let zero = Point {
            t: 0.0,
            f: f0,
            g: g0,
        };
        let width = wolfe.step_max - wolfe.step_min;
        Ok(MoreThuente {
            wolfe,
            step_max: wolfe.step_max,
            stp: step,
            f0,
            g0,
            gtest: wolfe.c1 * g0,
            x: zero,
            y: zero,
            bracketed: false,
            stage1: true,
            stmin: 0.0,
            stmax: step + XTRAPU * step,
            width,
            width1: 2.0 * width,
        })
    }

    /// The step to evaluate (or, after [`Next::Stopped`], the step last asked for).
    pub fn step(&self) -> f64 {
        self.stp
    }

    /// The step with the lowest value found so far and that value (step zero and `f(0)` at first).
    pub fn best(&self) -> (f64, f64) {
        (self.x.t, self.x.f)
    }

    /// Takes the value `f` and directional derivative `g` at [`MoreThuente::step`]; says what next.
    pub fn update(&mut self, f: f64, g: f64) -> Next {
        if !(f.is_finite() && g.is_finite()) {
            return self.back_off();
        }
        let stp = self.stp;
        let ftest = self.f0 + stp * self.gtest;
        if self.stage1 && f <= ftest && g >= 0.0 {
            self.stage1 = false;
        }
        let mut warning = None;
        if self.bracketed && (stp <= self.stmin || stp >= self.stmax) {
            warning = Some(Warning::RoundingErrors);
        }
        if self.bracketed && self.stmax - self.stmin <= self.wolfe.xtol * self.stmax {
            warning = Some(Warning::IntervalTooNarrow);
        }
        if stp == self.step_max && f <= ftest && g <= self.gtest {
            warning = Some(Warning::StepAtMaximum);
        }
        if stp == self.wolfe.step_min && (f > ftest || g >= self.gtest) {
            warning = Some(Warning::StepAtMinimum);
        }
        if f <= ftest && g.abs() <= self.wolfe.c2 * (-self.g0) {
            return Next::Converged;
        }
        if let Some(w) = warning {
            return Next::Stopped(w);
        }
        let p = Point { t: stp, f, g };
        if self.stage1 && f <= self.x.f && f > ftest {
            // Until a step with enough decrease and a rising slope is found, interpolate the
            // modified function ψ(t) = f(t) − f(0) − c1·t·f'(0), whose minimisers meet the
            // sufficient-decrease condition (Moré and Thuente, section 3).
            let shift = |q: Point| Point {
                t: q.t,
                f: q.f - q.t * self.gtest,
                g: q.g - self.gtest,
            };
            let (mut x, mut y) = (shift(self.x), shift(self.y));
            self.stp = self.cstep(&mut x, &mut y, shift(p));
            let unshift = |q: Point| Point {
                t: q.t,
                f: q.f + q.t * self.gtest,
                g: q.g + self.gtest,
            };
            self.x = unshift(x);
            self.y = unshift(y);
        } else {
            let (mut x, mut y) = (self.x, self.y);
            self.stp = self.cstep(&mut x, &mut y, p);
            self.x = x;
            self.y = y;
        }
        if self.bracketed {
            // Bisect when the interval did not shrink enough over the last two steps.
            if (self.y.t - self.x.t).abs() >= 0.66 * self.width1 {
                self.stp = self.x.t + 0.5 * (self.y.t - self.x.t);
            }
            self.width1 = self.width;
            self.width = (self.y.t - self.x.t).abs();
            self.stmin = self.x.t.min(self.y.t);
            self.stmax = self.x.t.max(self.y.t);
        } else {
            self.stmin = self.stp + XTRAPL * (self.stp - self.x.t);
            self.stmax = self.stp + XTRAPU * (self.stp - self.x.t);
        }
        self.stp = self.stp.max(self.wolfe.step_min).min(self.step_max);
        if self.bracketed
            && (self.stp <= self.stmin
                || self.stp >= self.stmax
                || self.stmax - self.stmin <= self.wolfe.xtol * self.stmax)
        {
            // No further progress is possible: try the best step found.
            self.stp = self.x.t;
        }
        Next::Evaluate
    }

    /// After a step where the function was not finite: never go that far again and try halfway
    /// back to the best step (the overflowing region is beyond any useful minimiser).
    fn back_off(&mut self) -> Next {
        let half = self.x.t + 0.5 * (self.stp - self.x.t);
        if !(half > self.x.t && half < self.stp && half >= self.wolfe.step_min) {
            return Next::Stopped(Warning::NotFinite);
        }
        self.step_max = half;
        self.stp = half;
        if !self.bracketed {
            self.stmax = self.stmax.min(half);
        }
        Next::Evaluate
    }

    /// MINPACK-2's `dcstep`: updates the interval `[x, y]` with the new point `p` and returns the
    /// next step, safeguarded to stay inside the interval.
    fn cstep(&mut self, x: &mut Point, y: &mut Point, p: Point) -> f64 {
        let (stmin, stmax) = (self.stmin, self.stmax);
        let sgnd = if x.g == 0.0 { 0.0 } else { p.g * x.g.signum() };
        let stpf = if p.f > x.f {
            // Higher value: the minimiser is bracketed. Take the cubic step if it is closer to x,
            // else the mean of the cubic and quadratic steps.
            let (theta, gamma) = cubic(*x, p, p.t < x.t);
            let q = ((gamma - x.g) + gamma) + p.g;
            let stpc = x.t + ((gamma - x.g) + theta) / q * (p.t - x.t);
            let stpq = x.t + ((x.g / ((x.f - p.f) / (p.t - x.t) + x.g)) / 2.0) * (p.t - x.t);
            self.bracketed = true;
            if (stpc - x.t).abs() < (stpq - x.t).abs() {
                stpc
            } else {
                stpc + (stpq - stpc) / 2.0
            }
        } else if sgnd < 0.0 {
            // Lower value, derivatives of opposite sign: bracketed. Take the step farther from p.
            let (theta, gamma) = cubic(*x, p, p.t > x.t);
            let q = ((gamma - p.g) + gamma) + x.g;
            let stpc = p.t + ((gamma - p.g) + theta) / q * (x.t - p.t);
            let stpq = p.t + (p.g / (p.g - x.g)) * (x.t - p.t);
            self.bracketed = true;
            if (stpc - p.t).abs() > (stpq - p.t).abs() {
                stpc
            } else {
                stpq
            }
        } else if p.g.abs() < x.g.abs() {
            // Lower value, same sign, the slope shrinks: use the cubic only if it has its minimum
            // beyond p or tends to infinity that way.
            let theta = 3.0 * (x.f - p.f) / (p.t - x.t) + x.g + p.g;
            let s = theta.abs().max(x.g.abs()).max(p.g.abs());
            let mut gamma = s
                * ((theta / s).powi(2) - (x.g / s) * (p.g / s))
                    .max(0.0)
                    .sqrt();
            if p.t > x.t {
                gamma = -gamma;
            }
            let r = ((gamma - p.g) + theta) / ((gamma + (x.g - p.g)) + gamma);
            let stpc = if r < 0.0 && gamma != 0.0 {
                p.t + r * (x.t - p.t)
            } else if p.t > x.t {
                stmax
            } else {
                stmin
            };
            let stpq = p.t + (p.g / (p.g - x.g)) * (x.t - p.t);
            if self.bracketed {
                let nearer = if (stpc - p.t).abs() < (stpq - p.t).abs() {
                    stpc
                } else {
                    stpq
                };
                let limit = p.t + 0.66 * (y.t - p.t);
                if p.t > x.t {
                    nearer.min(limit)
                } else {
                    nearer.max(limit)
                }
            } else {
                let farther = if (stpc - p.t).abs() > (stpq - p.t).abs() {
                    stpc
                } else {
                    stpq
                };
                farther.min(stmax).max(stmin)
            }
        } else if self.bracketed {
            // Lower value, same sign, the slope does not shrink, bracketed: cubic step towards y.
            let (theta, gamma) = cubic(*y, p, p.t > y.t);
            let q = ((gamma - p.g) + gamma) + y.g;
            p.t + ((gamma - p.g) + theta) / q * (y.t - p.t)
        } else if p.t > x.t {
            stmax
        } else {
            stmin
        };
        if p.f > x.f {
            *y = p;
        } else {
            if sgnd < 0.0 {
                *y = *x;
            }
            *x = p;
        }
        stpf
    }
}

/// θ and γ of the cubic through `a` and `p` (values and slopes), γ negated when `flip`.
fn cubic(a: Point, p: Point, flip: bool) -> (f64, f64) {
    let theta = 3.0 * (a.f - p.f) / (p.t - a.t) + a.g + p.g;
    // Scaling by the largest magnitude keeps the square from overflowing.
    let s = theta.abs().max(a.g.abs()).max(p.g.abs());
    let gamma = s * ((theta / s).powi(2) - (a.g / s) * (p.g / s)).sqrt();
    (theta, if flip { -gamma } else { gamma })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a search on `phi` (value and derivative of a step) and returns the final step, its
    /// value and derivative, how it ended and how many evaluations it took.
    fn search(
        phi: impl Fn(f64) -> (f64, f64),
        step: f64,
        wolfe: Wolfe,
    ) -> (f64, f64, f64, Next, usize) {
        let (f0, g0) = phi(0.0);
        let mut ls = MoreThuente::start(wolfe, step, f0, g0).unwrap();
        for evals in 1..=100 {
            let (f, g) = phi(ls.step());
            let next = ls.update(f, g);
            if next != Next::Evaluate {
                return (ls.step(), f, g, next, evals);
            }
        }
        panic!("no end after 100 evaluations");
    }

    fn assert_strong_wolfe(phi: impl Fn(f64) -> (f64, f64), t: f64, wolfe: Wolfe) {
        let (f0, g0) = phi(0.0);
        let (f, g) = phi(t);
        assert!(
            f <= f0 + wolfe.c1 * t * g0,
            "sufficient decrease fails at {t}"
        );
        assert!(g.abs() <= wolfe.c2 * g0.abs(), "curvature fails at {t}");
    }

    /// Moré and Thuente's test functions 1–3 (their table 1 and following), with their constants.
    fn mt1(t: f64) -> (f64, f64) {
        let b = 2.0;
        (-t / (t * t + b), (t * t - b) / (t * t + b).powi(2))
    }

    fn mt2(t: f64) -> (f64, f64) {
        let b = 0.004;
        ((t + b).powi(5) - 2.0 * (t + b).powi(4), {
            let u = t + b;
            5.0 * u.powi(4) - 8.0 * u.powi(3)
        })
    }

    fn mt3(t: f64) -> (f64, f64) {
        let (b, l) = (0.01, 39.0);
        let pi = std::f64::consts::PI;
        let phi0 = if t <= 1.0 - b {
            (1.0 - t, -1.0)
        } else if t >= 1.0 + b {
            (t - 1.0, 1.0)
        } else {
            ((t - 1.0).powi(2) / (2.0 * b) + b / 2.0, (t - 1.0) / b)
        };
        let a = 2.0 * (1.0 - b) / (l * pi);
        let arg = l * pi / 2.0 * t;
        (
            phi0.0 + a * arg.sin(),
            phi0.1 + a * (l * pi / 2.0) * arg.cos(),
        )
    }

    #[test]
    fn finds_strong_wolfe_steps_on_the_more_thuente_test_functions() {
        // Their table uses c1 = 0.001 and c2 = 0.1 (mt1), 0.1/0.1 (mt2, mt3): stricter than ours.
        let strict = |c1, c2| Wolfe {
            c1,
            c2,
            ..Wolfe::default()
        };
        for (name, phi, wolfe) in [
            ("mt1", mt1 as fn(f64) -> (f64, f64), strict(0.001, 0.1)),
            ("mt2", mt2, strict(0.1, 0.1)),
            ("mt3", mt3, strict(0.1, 0.1)),
            ("mt1 default", mt1, Wolfe::default()),
        ] {
            for step in [1e-3, 1e-1, 1.0, 10.0, 1e3] {
                let (t, _, _, next, evals) = search(phi, step, wolfe);
                assert_eq!(next, Next::Converged, "{name} from {step}");
                assert!(evals <= 20, "{name} from {step}: {evals} evaluations");
                assert_strong_wolfe(phi, t, wolfe);
            }
        }
    }

    #[test]
    fn takes_the_first_step_when_it_already_meets_both_conditions() {
        // A quadratic with its minimum at 1: the unit step is exact.
        let phi = |t: f64| ((t - 1.0).powi(2), 2.0 * (t - 1.0));
        let (t, _, _, next, evals) = search(phi, 1.0, Wolfe::default());
        assert_eq!((t, next, evals), (1.0, Next::Converged, 1));
    }

    #[test]
    fn refuses_an_ascent_direction_and_bad_input() {
        let w = Wolfe::default();
        assert_eq!(
            MoreThuente::start(w, 1.0, 0.0, 1.0).err(),
            Some(StartError::NotDescent)
        );
        assert_eq!(
            MoreThuente::start(w, 1.0, 0.0, f64::NAN).err(),
            Some(StartError::NotDescent)
        );
        assert_eq!(
            MoreThuente::start(w, 0.0, 0.0, -1.0).err(),
            Some(StartError::BadInput)
        );
        assert_eq!(
            MoreThuente::start(w, 1.0, f64::INFINITY, -1.0).err(),
            Some(StartError::BadInput)
        );
    }

    #[test]
    fn backs_off_from_steps_where_the_function_overflows() {
        // Finite only below t = 0.5; the minimum is at 0.3.
        let phi = |t: f64| {
            if t >= 0.5 {
                (f64::NAN, f64::NAN)
            } else {
                ((t - 0.3).powi(2), 2.0 * (t - 0.3))
            }
        };
        let (t, _, _, next, _) = search(phi, 4.0, Wolfe::default());
        assert_eq!(next, Next::Converged);
        assert_strong_wolfe(phi, t, Wolfe::default());
    }

    #[test]
    fn a_function_that_is_nowhere_finite_ends_with_a_warning() {
        let mut ls = MoreThuente::start(Wolfe::default(), 1.0, 0.0, -1.0).unwrap();
        let mut next = Next::Evaluate;
        for _ in 0..2000 {
            next = ls.update(f64::NAN, f64::NAN);
            if next != Next::Evaluate {
                break;
            }
        }
        assert_eq!(next, Next::Stopped(Warning::NotFinite));
        assert_eq!(ls.best(), (0.0, 0.0));
    }

    #[test]
    fn a_function_that_only_rises_never_yields_a_step() {
        // The caller claims a descent slope that the values never show (a wrong gradient): the
        // search only ever shrinks towards zero, and the caller's cap on evaluations ends it.
        let mut ls = MoreThuente::start(Wolfe::default(), 1.0, 0.0, -1.0).unwrap();
        for _ in 0..50 {
            let t = ls.step();
            let next = ls.update(t, 1.0);
            assert!(!matches!(next, Next::Converged), "{t}");
            if next != Next::Evaluate {
                break;
            }
        }
        assert_eq!(ls.best().0, 0.0);
    }
}
