//! The outlet tables for a console: per model, one aligned row per outlet with its counts, slant,
//! 95% interval and a small ASCII bar of the interval on [−1, +1]. Plain ASCII, no colour codes, so
//! it reads the same in a pipe, a log or a terminal. Owns console layout only; figures come as they
//! are from [`ReportData`].

use std::io::{self, Write};

use crate::report::data::{ModelSection, OutletRow, ReportData};
use crate::report::format::{MISSING, count, interval, signed_opt, thin_evidence};

/// Characters of the interval bar; odd, so zero has a column of its own.
const BAR: usize = 21;
/// Longest outlet name shown in full.
const MAX_NAME: usize = 32;

/// Writes one outlet table per model of `data` to `out`.
pub fn render_terminal(data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", one_line(&data.title))?;
    writeln!(
        out,
        "{}, {}, {}",
        count(data.run.articles, "article"),
        count(data.run.sentences, "sentence"),
        count(data.run.outlets, "outlet")
    )?;
    for section in &data.models {
        writeln!(out)?;
        model_table(section, out)?;
    }
    Ok(())
}

/// The heading and table of one model.
fn model_table(section: &ModelSection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", heading(section))?;
    let name_width = section
        .outlets
        .iter()
        .map(|r| name(&r.outlet).chars().count())
        .chain(std::iter::once("Outlet".len()))
        .max()
        .unwrap_or(6);
    let header = format!(
        "{:<name_width$}  {:>8}  {:>9}  {:>6}  {:<16}  {}",
        "Outlet",
        "Articles",
        "Sentences",
        "Slant",
        "95% interval",
        bar_scale()
    );
    writeln!(out, "{}", header.trim_end())?;
    writeln!(
        out,
        "{}",
        "-".repeat(name_width + 2 + 8 + 2 + 9 + 2 + 6 + 2 + 16 + 2 + BAR + 2)
    )?;
    for row in &section.outlets {
        outlet_line(row, name_width, out)?;
    }
    if section.outlets.is_empty() {
        writeln!(out, "(no outlets)")?;
    }
    Ok(())
}

/// `stance: slant = P(pro) - P(anti)`, or a note that the model has no poles.
fn heading(section: &ModelSection) -> String {
    let name = one_line(&section.name);
    match (&section.positive, &section.negative) {
        (Some(p), Some(n)) => format!(
            "{name}: slant = P({}) - P({}), from -1 ({}) to +1 ({})",
            one_line(p),
            one_line(n),
            one_line(n),
            one_line(p)
        ),
        _ => format!("{name}: no poles, so no slant"),
    }
}

/// One outlet's row, with a thin-evidence note after the bar when it applies.
fn outlet_line(row: &OutletRow, name_width: usize, out: &mut dyn Write) -> io::Result<()> {
    let iv = interval(row.slant_low, row.slant_high).unwrap_or_else(|| MISSING.to_owned());
    let note = thin_evidence(row.articles, row.sentences)
        .map(|n| format!("  {n}"))
        .unwrap_or_default();
    let line = format!(
        "{:<name_width$}  {:>8}  {:>9}  {:>6}  {:<16}  {}{}",
        name(&row.outlet),
        row.articles,
        row.sentences,
        signed_opt(row.slant),
        iv,
        bar(row),
        note
    );
    writeln!(out, "{}", line.trim_end())
}

/// The scale above the bars: `-1`, `0` and `+1` over their columns (inside the bars' brackets).
fn bar_scale() -> String {
    let mut scale = vec![' '; BAR];
    scale[0] = '-';
    scale[1] = '1';
    scale[BAR / 2] = '0';
    scale[BAR - 2] = '+';
    scale[BAR - 1] = '1';
    format!(" {} ", scale.into_iter().collect::<String>())
}

/// The interval as `[  ---o--|---     ]`-style bar: `-` across the interval, `o` at the slant and
/// `|` at zero where nothing else is drawn; blank when there is no slant.
fn bar(row: &OutletRow) -> String {
    let mut cells = [' '; BAR];
    let Some(slant) = row.slant.filter(|s| s.is_finite()) else {
        return format!("[{}]", cells.iter().collect::<String>());
    };
    cells[BAR / 2] = '|';
    if let (Some(l), Some(h)) = (row.slant_low, row.slant_high)
        && l.is_finite()
        && h.is_finite()
    {
        for cell in &mut cells[column(l.min(h))..=column(l.max(h))] {
            *cell = '-';
        }
    }
    cells[column(slant)] = 'o';
    format!("[{}]", cells.iter().collect::<String>())
}

/// The bar column of slant `s` (clamped to the axis).
fn column(s: f64) -> usize {
    let s = s.clamp(-1.0, 1.0);
    (((s + 1.0) / 2.0) * (BAR - 1) as f64).round() as usize
}

/// An outlet name on one line, shortened when it would push the table off the screen.
fn name(outlet: &str) -> String {
    let flat = one_line(outlet);
    if flat.chars().count() <= MAX_NAME {
        flat
    } else {
        let head: String = flat.chars().take(MAX_NAME - 3).collect();
        format!("{}...", head.trim_end())
    }
}

/// `text` with control characters (line breaks, escapes) replaced by spaces, so data cannot
/// break the table or send codes to the terminal.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(slant: Option<f64>, low: Option<f64>, high: Option<f64>) -> OutletRow {
        OutletRow {
            outlet: "X".into(),
            articles: 3,
            sentences: 30,
            shares: vec![],
            slant,
            slant_low: low,
            slant_high: high,
            interval_basis: "articles".into(),
        }
    }

    #[test]
    fn the_bar_draws_the_interval_the_dot_and_zero() {
        assert_eq!(
            bar(&row(Some(0.5), Some(0.2), Some(0.8))),
            "[          | ---o---  ]"
        );
        assert_eq!(bar(&row(Some(-1.0), None, None)), "[o         |          ]");
        assert_eq!(
            bar(&row(None, None, None)),
            format!("[{}]", " ".repeat(BAR))
        );
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(one_line("a\nb\x1b[31mc"), "a b [31mc");
        assert!(name(&"x".repeat(50)).ends_with("..."));
    }
}
