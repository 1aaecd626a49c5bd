//! How numbers and counts read in a report: signed slants with two decimals, shares as whole
//! percentages, 95% intervals in brackets, and plain-words counts. Shared by every renderer so the
//! HTML, Markdown and terminal reports say the same thing the same way. Formats only; never
//! escapes (the output has no markup characters) and never computes a figure.

/// Outlets with fewer articles than this are flagged as resting on thin evidence.
pub const THIN_ARTICLES: usize = 3;

/// What is shown where a number is missing or not finite.
pub const MISSING: &str = "n/a";

/// A slant with its sign and two decimals: `+0.12`, `-0.30`, `0.00` (a zero after rounding gets
/// no sign, since its sign would say nothing).
pub fn signed(x: f64) -> String {
    if !x.is_finite() {
        return MISSING.to_owned();
    }
    let text = format!("{x:.2}");
    match text.as_str() {
        "0.00" | "-0.00" => "0.00".to_owned(),
        t if t.starts_with('-') => text,
        _ => format!("+{text}"),
    }
}

/// [`signed`], or [`MISSING`] when there is no value.
pub fn signed_opt(x: Option<f64>) -> String {
    x.map_or_else(|| MISSING.to_owned(), signed)
}

/// A 95% interval as `[-0.05, +0.30]`, when both ends are known.
pub fn interval(low: Option<f64>, high: Option<f64>) -> Option<String> {
    match (low, high) {
        (Some(l), Some(h)) if l.is_finite() && h.is_finite() => {
            Some(format!("[{}, {}]", signed(l), signed(h)))
        }
        _ => None,
    }
}

/// A share (0 to 1) as a whole percentage; a share that is above zero but rounds to nothing reads
/// `<1%` so it is not mistaken for none.
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return MISSING.to_owned();
    }
    let pct = share * 100.0;
    if pct > 0.0 && pct < 0.5 {
        "<1%".to_owned()
    } else {
        format!("{pct:.0}%")
    }
}

/// A probability with two decimals: `0.93`.
pub fn probability(p: f64) -> String {
    if p.is_finite() {
        format!("{p:.2}")
    } else {
        MISSING.to_owned()
    }
}

/// A count with its noun, singular or plural: `1 article`, `3 articles`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A warning when an outlet's figures rest on too little to trust, e.g. `thin: 1 article`.
pub fn thin_evidence(articles: usize, sentences: usize) -> Option<String> {
    if sentences == 0 {
        Some("no sentences".to_owned())
    } else if articles < THIN_ARTICLES {
        Some(format!("thin: {}", count(articles, "article")))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slants_have_a_sign_and_two_decimals() {
        assert_eq!(signed(0.123), "+0.12");
        assert_eq!(signed(-0.305), "-0.30");
        assert_eq!(signed(-0.001), "0.00");
        assert_eq!(signed(1.0), "+1.00");
        assert_eq!(signed(f64::NAN), "n/a");
        assert_eq!(signed_opt(None), "n/a");
    }

    #[test]
    fn intervals_need_both_ends() {
        assert_eq!(
            interval(Some(-0.05), Some(0.3)).as_deref(),
            Some("[-0.05, +0.30]")
        );
        assert_eq!(interval(None, Some(0.3)), None);
        assert_eq!(interval(Some(f64::INFINITY), Some(0.3)), None);
    }

    #[test]
    fn shares_are_whole_percentages() {
        assert_eq!(percent(0.426), "43%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.004), "<1%");
        assert_eq!(percent(1.0), "100%");
    }

    #[test]
    fn counts_and_thin_evidence_read_as_words() {
        assert_eq!(count(1, "article"), "1 article");
        assert_eq!(count(0, "sentence"), "0 sentences");
        assert_eq!(thin_evidence(1, 4).as_deref(), Some("thin: 1 article"));
        assert_eq!(thin_evidence(2, 40).as_deref(), Some("thin: 2 articles"));
        assert_eq!(thin_evidence(3, 40), None);
        assert_eq!(thin_evidence(0, 0).as_deref(), Some("no sentences"));
    }
}
