//! A cache prefetch hint for the objective's gathers. Training on many rows is bound by the
//! latency of loading scattered weight and residual rows that are not in cache; their indices are
//! known a row ahead, so asking for them early overlaps those loads with the arithmetic. Knows
//! nothing of models; changes no value.

/// Asks the CPU to start loading the cache line holding `data[at]`; does nothing out of bounds or
/// on other architectures.
#[inline(always)]
pub(crate) fn prefetch<T>(data: &[T], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = data.get(at) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch is a hint that reads nothing into the program and cannot fault; the
        // pointer comes from a live reference.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((item as *const T).cast()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (data, at);
}
