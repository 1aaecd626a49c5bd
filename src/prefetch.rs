//! A cache prefetch hint for scattered loads whose addresses are known early: the objective's
//! weight and residual rows (known a row ahead while training) and the table slots of a
//! sentence's bigrams (known once its words are looked up, while scoring). Asking for them early
//! overlaps those cache misses with other work. Knows nothing of models or features; changes no
//! value.

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
