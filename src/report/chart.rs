//! The outlet chart of the HTML report as inline SVG: one row per outlet, in the order given, with a
//! dot at its slant and a line across its 95% interval on a fixed axis from −1 (negative pole) to +1
//! (positive pole). Draws only what [`ModelSection`] holds; every piece of text is escaped here,
//! because the SVG goes into the page as it is.

use std::fmt::Write as _;

use crate::report::data::{ModelSection, OutletRow};
use crate::report::escape::escape_html;
use crate::report::format::{count, interval, signed, thin_evidence};

/// Whole drawing width in SVG units; the page scales it down on narrow screens.
const WIDTH: f64 = 860.0;
/// Right edge of the outlet-name column.
const LABEL_RIGHT: f64 = 236.0;
/// Where −1 is drawn.
const AXIS_LEFT: f64 = 256.0;
/// Where +1 is drawn.
const AXIS_RIGHT: f64 = 676.0;
/// Where the printed value of each row starts.
const VALUE_LEFT: f64 = 692.0;
/// Space above the first row, for the pole names.
const TOP: f64 = 34.0;
/// Height of one outlet row.
const ROW: f64 = 44.0;
/// Space below the last row, for the tick labels.
const BOTTOM: f64 = 34.0;
/// Longest outlet name drawn in full; longer ones are shortened (the tables give them whole).
const MAX_LABEL: usize = 30;

/// The x coordinate of slant `s`, clamped to the axis so a stray value cannot leave the plot.
fn x_of(s: f64) -> f64 {
    let s = s.clamp(-1.0, 1.0);
    AXIS_LEFT + (s + 1.0) / 2.0 * (AXIS_RIGHT - AXIS_LEFT)
}

/// A finite value, or none.
fn finite(x: Option<f64>) -> Option<f64> {
    x.filter(|v| v.is_finite())
}

/// The SVG chart of `section`'s outlets (ranked as given), as markup ready to place in HTML.
pub fn outlet_chart(section: &ModelSection) -> String {
    let rows = section.outlets.len().max(1) as f64;
    let height = TOP + rows * ROW + BOTTOM;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img"><title>{title}</title>"#,
        title = escape_html(&format!(
            "Slant of each outlet with its 95% interval, model {}",
            section.name
        )),
    );
    axis(&mut svg, section, height);
    if section.outlets.is_empty() {
        let _ = write!(
            svg,
            r#"<text class="note" x="{x}" y="{y}" text-anchor="middle">No outlets to show.</text>"#,
            x = x_of(0.0),
            y = TOP + ROW / 2.0 + 4.0
        );
    }
    for (i, row) in section.outlets.iter().enumerate() {
        outlet_row(&mut svg, row, TOP + i as f64 * ROW);
    }
    svg.push_str("</svg>");
    svg
}

/// Pole names above the plot, grid lines at every half, the zero line, and tick labels below.
fn axis(svg: &mut String, section: &ModelSection, height: f64) {
    let negative = section.negative.as_deref().unwrap_or("negative pole");
    let positive = section.positive.as_deref().unwrap_or("positive pole");
    let _ = write!(
        svg,
        r#"<text class="pole" x="{AXIS_LEFT}" y="18" text-anchor="start">← {}</text><text class="pole" x="{AXIS_RIGHT}" y="18" text-anchor="end">{} →</text>"#,
        escape_html(negative),
        escape_html(positive),
    );
    let bottom = height - BOTTOM;
    for (tick, label) in [
        (-1.0, "−1"),
        (-0.5, "−0.5"),
        (0.0, "0"),
        (0.5, "+0.5"),
        (1.0, "+1"),
    ] {
        let x = x_of(tick);
        let class = if tick == 0.0 { "zero" } else { "grid" };
        let _ = write!(
            svg,
            r#"<line class="{class}" x1="{x}" y1="{TOP}" x2="{x}" y2="{bottom}"/><text class="tick" x="{x}" y="{ty}" text-anchor="middle">{label}</text>"#,
            ty = bottom + 18.0,
        );
    }
}

/// One outlet: its name and counts on the left, its interval and dot, its value on the right.
fn outlet_row(svg: &mut String, row: &OutletRow, top: f64) {
    let mid = top + ROW / 2.0;
    let name = short_label(&row.outlet);
    let counts = format!(
        "{} / {}",
        count(row.articles, "article"),
        count(row.sentences, "sentence")
    );
    let thin = thin_evidence(row.articles, row.sentences).is_some();
    let _ = write!(
        svg,
        r#"<g class="outlet{thin}"><title>{full}</title><text class="name" x="{LABEL_RIGHT}" y="{ny}" text-anchor="end">{name}</text><text class="counts" x="{LABEL_RIGHT}" y="{cy}" text-anchor="end">{counts}</text>"#,
        thin = if thin { " thin" } else { "" },
        full = escape_html(&row.outlet),
        name = escape_html(&name),
        counts = escape_html(&counts),
        ny = mid - 3.0,
        cy = mid + 12.0,
    );
    match finite(row.slant) {
        Some(slant) => estimate(svg, row, slant, mid),
        None => {
            let _ = write!(
                svg,
                r#"<text class="note" x="{x}" y="{y}" text-anchor="middle">no slant to show</text>"#,
                x = x_of(0.0),
                y = mid + 4.0
            );
        }
    }
    svg.push_str("</g>");
}

/// The interval line (dashed when it resamples sentences), the dot, and the printed value.
fn estimate(svg: &mut String, row: &OutletRow, slant: f64, mid: f64) {
    let (low, high) = (finite(row.slant_low), finite(row.slant_high));
    if let (Some(low), Some(high)) = (low, high) {
        let basis = if row.interval_basis == "articles" {
            "interval"
        } else {
            "interval by-sentence"
        };
        let (x1, x2) = (x_of(low.min(high)), x_of(low.max(high)));
        let _ = write!(
            svg,
            r#"<line class="{basis}" x1="{x1:.1}" y1="{mid}" x2="{x2:.1}" y2="{mid}"/><line class="cap" x1="{x1:.1}" y1="{a}" x2="{x1:.1}" y2="{b}"/><line class="cap" x1="{x2:.1}" y1="{a}" x2="{x2:.1}" y2="{b}"/>"#,
            a = mid - 5.0,
            b = mid + 5.0,
        );
    }
    let value = match interval(low, high) {
        Some(iv) => format!("{} {iv}", signed(slant)),
        None => format!("{} (no interval)", signed(slant)),
    };
    let _ = write!(
        svg,
        r#"<circle class="estimate" cx="{cx:.1}" cy="{mid}" r="5.5"/><text class="value" x="{VALUE_LEFT}" y="{vy}">{value}</text>"#,
        cx = x_of(slant),
        vy = mid + 4.0,
        value = escape_html(&value),
    );
}

/// The outlet name, shortened with an ellipsis when it would crowd the plot.
fn short_label(name: &str) -> String {
    if name.chars().count() <= MAX_LABEL {
        name.to_owned()
    } else {
        let head: String = name.chars().take(MAX_LABEL - 1).collect();
        format!("{}…", head.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_maps_minus_one_to_plus_one_and_clamps() {
        assert_eq!(x_of(-1.0), AXIS_LEFT);
        assert_eq!(x_of(1.0), AXIS_RIGHT);
        assert_eq!(x_of(0.0), (AXIS_LEFT + AXIS_RIGHT) / 2.0);
        assert_eq!(x_of(7.0), AXIS_RIGHT);
    }

    #[test]
    fn long_names_are_shortened_on_a_character_boundary() {
        let long = "Ünïcödé Broadcasting Corporation of Somewhere";
        let short = short_label(long);
        assert!(short.ends_with('…'));
        assert!(short.chars().count() <= MAX_LABEL);
        assert_eq!(short_label("BBC"), "BBC");
    }
}
