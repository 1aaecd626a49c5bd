//! The progress bar of long commands (`classify`, `predict`, `report`) on standard error: input bytes
//! read against the input's size, or a spinner with counts when the size is unknown (standard
//! input). Drawn only when standard error is a terminal and `--quiet` was not given, so pipes, logs
//! and tests see nothing of it. The library only counts ([`crate::progress::ReadCounter`]); drawing
//! lives here and nowhere else.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

use crate::corpus::ArticleStream;
use crate::progress::ReadCounter;

/// Bar with a known total: bytes read, rate, time left, and items done.
const BAR: &str = "{spinner} [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} \
                   ({bytes_per_sec}, {eta} left) {msg}";
/// Spinner for an input of unknown size.
const SPINNER: &str = "{spinner} [{elapsed_precise}] {bytes} read ({bytes_per_sec}) {msg}";

/// A progress display that follows a [`ReadCounter`]; does nothing when not shown.
pub struct Progress {
    bar: Option<ProgressBar>,
    counter: ReadCounter,
    unit: &'static str,
    items: u64,
}

impl Progress {
    /// A bar over `total` bytes (a spinner when `None`) counting `unit`s, shown only on a terminal
    /// and when not `quiet`.
    pub fn new(counter: ReadCounter, total: Option<u64>, unit: &'static str, quiet: bool) -> Self {
        let shown = !quiet && std::io::stderr().is_terminal();
        Progress {
            bar: shown.then(|| bar(total)),
            counter,
            unit,
            items: 0,
        }
    }

    /// A bar over the input of `articles`, counting articles.
    pub fn for_articles(articles: &ArticleStream, quiet: bool) -> Self {
        Self::new(
            articles.counter(),
            articles.total_bytes(),
            "articles",
            quiet,
        )
    }

    /// Notes `n` more items done and brings the bar up to the bytes read.
    pub fn advance(&mut self, n: u64) {
        self.items += n;
        if let Some(bar) = &self.bar {
            bar.set_position(self.counter.bytes());
            bar.set_message(format!("{} {}", self.items, self.unit));
        }
    }

    /// Clears the bar, so the summary lines that follow start on a clean line.
    pub fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn bar(total: Option<u64>) -> ProgressBar {
    let (bar, template) = match total {
        Some(total) => (ProgressBar::new(total), BAR),
        None => (ProgressBar::new_spinner(), SPINNER),
    };
    let style = ProgressStyle::with_template(template)
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = bar
        .with_style(style)
        .with_message(Cow::Borrowed(""))
        // Cleared also when the command fails, so the error message is not drawn over.
        .with_finish(ProgressFinish::AndClear);
    bar.set_draw_target(ProgressDrawTarget::stderr());
    // Ticks between updates, so the spinner and the clock move during a long article.
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
