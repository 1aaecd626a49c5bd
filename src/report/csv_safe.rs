//! Spreadsheet-safe CSV cells: text from articles that begins with `=`, `+`, `-` or `@` (or a tab or
//! carriage return) could run as a formula when the file is opened in a spreadsheet, so such cells
//! get a leading apostrophe. Numbers are left alone so columns of figures stay numeric.

use std::borrow::Cow;

/// The cell as it is, or with a leading `'` when a spreadsheet would read it as a formula.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    let risky = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && cell.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralize("+1 for Moscow"), "'+1 for Moscow");
        assert_eq!(neutralize("@Kremlin said"), "'@Kremlin said");
        assert_eq!(neutralize("- dash led"), "'- dash led");
        assert_eq!(neutralize("-0.25"), "-0.25");
        assert_eq!(neutralize("+3"), "+3");
        assert_eq!(neutralize("Plain text"), "Plain text");
        assert_eq!(neutralize(""), "");
    }
}
