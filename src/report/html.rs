//! The HTML report: one self-contained page (inline CSS and SVG; no script, no link, no font or
//! image from anywhere) that an analyst can open offline or mail around. Owns the page; the content
//! lives in `templates/report.html`, the chart in [`crate::report::chart`], and the figures in the
//! [`ReportData`] it is given, which it never changes or adds to.

use std::io::Write;

use minijinja::value::Value;

use crate::error::Result;
use crate::report::chart::outlet_chart;
use crate::report::data::ReportData;
use crate::report::template;

/// Writes `data` as a self-contained HTML page to `out`.
pub fn render_html(data: &ReportData, out: &mut dyn Write) -> Result<()> {
    let charts: Vec<Value> = data
        .models
        .iter()
        .map(|m| Value::from_safe_string(outlet_chart(m)))
        .collect();
    template::render("report.html", data, &[("charts", Value::from(charts))], out)
}
