//! The Markdown report: the HTML report's content without the chart (the outlet table carries the
//! intervals instead), for pasting into notes, issues and pull requests. Every piece of article,
//! outlet and file text is Markdown-escaped by the template environment, so none can break a table
//! or slip in HTML. Owns the Markdown output only; the content lives in `templates/report.md`.

use std::io::Write;

use crate::error::Result;
use crate::report::data::ReportData;
use crate::report::template;

/// Writes `data` as a Markdown document to `out`.
pub fn render_markdown(data: &ReportData, out: &mut dyn Write) -> Result<()> {
    template::render("report.md", data, &[], out)
}
