//! Rendering results for people and spreadsheets into any `impl Write`. Computes nothing; reads no
//! files. [`data`] is the view-model every renderer takes: [`html`] (a self-contained page with a
//! chart), [`markdown`] (the same content as text tables) and [`terminal`] (the outlet tables for a
//! console).

pub mod chart;
pub mod csv_safe;
pub mod data;
pub mod escape;
pub mod format;
pub mod html;
pub mod markdown;
pub mod shortest;
pub mod tables;
mod template;
pub mod terminal;

pub use data::{
    ArticleRow, CvFacts, Evidence, ModelInfo, ModelSection, OutletEvidence, OutletRow, ReportData,
    RunFacts,
};
pub use html::render_html;
pub use markdown::render_markdown;
pub use terminal::render_terminal;
