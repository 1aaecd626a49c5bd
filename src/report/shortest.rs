//! Floating-point numbers as table text: the shortest decimal that reads back to the same `f64`,
//! never in exponent form, as Rust's `Display` writes it, but through ryu, several times faster
//! (tables print a probability per class per sentence, and `Display` was a twelfth of classify's
//! time). The digits are the same as `Display`'s except when two shortest candidates are exactly
//! equally near, which needs a value with a short exact binary fraction and 16 or more digits (a
//! large number such as 945471679030878.25, never a computed probability in practice): ryu then
//! picks the even digit and `Display` the larger one; both read back to the same value. Owns only
//! this conversion; must not round, pad or localise.

use std::fmt::Write;

/// Appends `value` to `out`: the shortest round-trip decimal, in plain notation.
pub fn push_f64(out: &mut String, value: f64) {
    if !value.is_finite() || value == 0.0 {
        // NaN, infinities and both zeros have their own spellings.
        let _ = write!(out, "{value}");
        return;
    }
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(value);
    // ryu already writes plain notation for most values (every probability above 1e-5): only its
    // exponents and its ".0" on whole numbers differ from Display.
    if !text.ends_with(".0") && !text.as_bytes().contains(&b'e') {
        out.push_str(text);
        return;
    }
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The significant digits, and where the decimal point falls among them.
    let mut all = [0u8; 48];
    let mut len = 0;
    for &d in int.as_bytes().iter().chain(frac.as_bytes()) {
        if len < all.len() {
            all[len] = d;
            len += 1;
        }
    }
    let lead = all[..len].iter().take_while(|&&d| d == b'0').count();
    let point = int.len() as i32 + exponent - lead as i32;
    let digits = &all[lead..len];
    let digits = &digits[..digits.len() - digits.iter().rev().take_while(|&&d| d == b'0').count()];
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        (0..-point).for_each(|_| out.push('0'));
        out.push_str(ascii(digits));
    } else if point as usize >= digits.len() {
        out.push_str(ascii(digits));
        (digits.len()..point as usize).for_each(|_| out.push('0'));
    } else {
        out.push_str(ascii(&digits[..point as usize]));
        out.push('.');
        out.push_str(ascii(&digits[point as usize..]));
    }
}

/// ASCII digits as text (always valid UTF-8).
fn ascii(digits: &[u8]) -> &str {
    std::str::from_utf8(digits).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;

    /// `value` as [`push_f64`] writes it.
    fn f64_text(value: f64) -> String {
        let mut out = String::new();
        push_f64(&mut out, value);
        out
    }

    #[test]
    fn edge_values_read_as_display_writes_them() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            100.0,
            1e16,
            1e22,
            1.5e300,
            1e-7,
            123456.789,
            0.1,
            0.3,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            1.0 - 1e-16,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(f64_text(v), v.to_string());
        }
        assert_eq!(f64_text(f64::NAN), "NaN");
    }

    #[test]
    fn every_value_reads_back_and_probabilities_match_display() {
        let mut rng = SplitMix64::new(7);
        for _ in 0..300_000 {
            let bits = rng.next_u64();
            let any = f64::from_bits(bits);
            if any.is_finite() {
                let text = f64_text(any);
                assert_eq!(text.parse::<f64>().ok(), Some(any), "{text}");
                assert!(!text.contains('e'), "{text}");
            }
            // Probabilities and slants: what tables print.
            let unit = (bits >> 11) as f64 / (1u64 << 53) as f64;
            for v in [unit, unit * 2.0 - 1.0, unit.powi(8), unit / 3.0] {
                assert_eq!(f64_text(v), v.to_string(), "bits {:#x}", v.to_bits());
            }
        }
    }
}
