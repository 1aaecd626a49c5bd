//! The report renderers on a hand-made `ReportData` holding every awkward case: markup and a formula
//! in article text, a table separator, an outlet named like an HTML tag, a one-article outlet, an
//! outlet with no slant, a model without poles. Checks escaping, self-containment, the chart's
//! geometry, and the Markdown and terminal output as reviewed snapshots.

use regex::Regex;
use slant::report::{
    ArticleRow, CvFacts, Evidence, ModelInfo, ModelSection, OutletEvidence, OutletRow, ReportData,
    RunFacts, render_html, render_markdown, render_terminal,
};

/// The outlet whose name is an HTML tag.
const EVIL: &str = "<b>Evil & Co</b>";
/// The sentence that tries to run script, split a table and start a spreadsheet formula.
const SCRIPT: &str =
    "Officials said <script>alert(1)</script> talks went well, a | b, =cmd and *bold* [x](y).";
/// Article text carrying a web address, which may appear (escaped) as text.
const URL_SENTENCE: &str = "The statement is at https://example.org/statement?id=1&x=2.";

fn evidence(article: &str, sentence: &str, label: &str, p: [f64; 3], terms: &[&str]) -> Evidence {
    Evidence {
        article: article.into(),
        sentence: sentence.into(),
        label: label.into(),
        probabilities: p.to_vec(),
        slant: p[0] - p[2],
        terms: terms.iter().map(|t| t.to_string()).collect(),
    }
}

fn article(article: &str, outlet: &str, sentences: usize, shares: [f64; 3]) -> ArticleRow {
    ArticleRow {
        article: article.into(),
        outlet: outlet.into(),
        date: "2016-09-10".into(),
        sentences,
        shares: shares.to_vec(),
        slant: (sentences > 0).then(|| shares[0] - shares[2]),
    }
}

fn info() -> ModelInfo {
    ModelInfo {
        created: "2024-05-01T12:00:00Z".into(),
        training_files: vec![(
            "labels/seeds.csv".into(),
            412,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        )],
        rows: 412,
        class_counts: vec![
            ("pro-cooperation".into(), 120),
            ("neutral".into(), 210),
            ("skeptical".into(), 82),
        ],
        c: 3.0,
        cv: Some(CvFacts {
            folds: 5,
            grouped_by: Some("article".into()),
            accuracy: 0.7123,
            accuracy_std: 0.0412,
            macro_f1: 0.6581,
            macro_f1_std: 0.0533,
        }),
        converged: true,
        iterations: 87,
    }
}

fn stance() -> ModelSection {
    ModelSection {
        name: "stance".into(),
        classes: vec![
            "pro-cooperation".into(),
            "neutral".into(),
            "skeptical".into(),
        ],
        positive: Some("pro-cooperation".into()),
        negative: Some("skeptical".into()),
        info: info(),
        outlets: vec![
            OutletRow {
                outlet: "Reuters".into(),
                articles: 3,
                sentences: 96,
                shares: vec![0.42, 0.41, 0.17],
                slant: Some(0.25),
                slant_low: Some(0.08),
                slant_high: Some(0.39),
                interval_basis: "articles".into(),
            },
            OutletRow {
                outlet: EVIL.into(),
                articles: 1,
                sentences: 14,
                shares: vec![0.14, 0.50, 0.36],
                slant: Some(-0.21),
                slant_low: Some(-0.55),
                slant_high: Some(0.12),
                interval_basis: "sentences".into(),
            },
            OutletRow {
                outlet: "Empty Gazette".into(),
                articles: 1,
                sentences: 0,
                shares: vec![0.0, 0.0, 0.0],
                slant: None,
                slant_low: None,
                slant_high: None,
                interval_basis: "articles".into(),
            },
        ],
        articles: vec![
            article("reuters-1.txt", "Reuters", 30, [0.5, 0.4, 0.1]),
            article("evil-1.txt", EVIL, 14, [0.14, 0.5, 0.36]),
            article("reuters-2.txt", "Reuters", 40, [0.35, 0.45, 0.2]),
            article("gazette-1.txt", "Empty Gazette", 0, [0.0, 0.0, 0.0]),
            article("reuters-3.txt", "Reuters", 26, [0.42, 0.38, 0.2]),
        ],
        evidence: vec![
            OutletEvidence {
                outlet: "Reuters".into(),
                most_positive: vec![evidence(
                    "reuters-1.txt",
                    "Kerry and Lavrov agreed to work together on a ceasefire.",
                    "pro-cooperation",
                    [0.91, 0.06, 0.03],
                    &["agreed", "work together", "ceasefire"],
                )],
                most_negative: vec![evidence(
                    "reuters-2.txt",
                    URL_SENTENCE,
                    "skeptical",
                    [0.10, 0.25, 0.65],
                    &["statement"],
                )],
            },
            OutletEvidence {
                outlet: EVIL.into(),
                most_positive: vec![evidence(
                    "evil-1.txt",
                    SCRIPT,
                    "pro-cooperation",
                    [0.55, 0.30, 0.15],
                    &["talks", "went well"],
                )],
                most_negative: vec![evidence(
                    "evil-1.txt",
                    "Critics called the deal a trap.",
                    "skeptical",
                    [0.05, 0.13, 0.82],
                    &["trap", "critics"],
                )],
            },
            OutletEvidence {
                outlet: "Empty Gazette".into(),
                most_positive: vec![],
                most_negative: vec![],
            },
        ],
    }
}

/// A model without poles: shares only, no slant anywhere.
fn topic() -> ModelSection {
    let mut m = stance();
    m.name = "topic".into();
    m.classes = vec!["military".into(), "diplomacy".into(), "other".into()];
    m.positive = None;
    m.negative = None;
    m.info.cv = None;
    m.info.converged = false;
    m.info.iterations = 1000;
    for o in &mut m.outlets {
        (o.slant, o.slant_low, o.slant_high) = (None, None, None);
    }
    for a in &mut m.articles {
        a.slant = None;
    }
    m.evidence.clear();
    m
}

/// The fixture every test renders.
pub fn fixture() -> ReportData {
    ReportData {
        title: "US–Russia talks on Syria: stance by outlet".into(),
        run: RunFacts {
            source: "data/seeds (manifest: data/seeds/MANIFEST.csv)".into(),
            articles: 5,
            sentences: 110,
            outlets: 3,
            skipped: vec![(
                "data/seeds/broken.txt".into(),
                "not valid UTF-8 at byte 12".into(),
            )],
            warnings: vec!["1 outlet has a single article; its interval is over sentences".into()],
        },
        models: vec![stance(), topic()],
    }
}

fn html() -> String {
    let mut out = Vec::new();
    render_html(&fixture(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn markdown() -> String {
    let mut out = Vec::new();
    render_markdown(&fixture(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn terminal() -> String {
    let mut out = Vec::new();
    render_terminal(&fixture(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn html_shows_hostile_text_only_escaped() {
    let html = html();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;Evil &amp; Co&lt;/b&gt;"));
    assert!(html.contains("a | b, =cmd"));
    assert!(!html.contains("<script"), "raw script tag in the page");
    assert!(!html.contains("<b>Evil"), "raw outlet tag in the page");
}

#[test]
fn html_is_self_contained() {
    let html = html();
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("@import"));
    assert!(!html.contains("url("));
    assert!(!html.contains("src="));
    // The only web address is the one quoted, escaped, from an article.
    let quoted = slant::report::escape::escape_html(URL_SENTENCE);
    let rest = html.replace(&quoted, "");
    assert!(html.contains(&quoted));
    assert!(!rest.contains("http://") && !rest.contains("https://"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn html_names_what_an_analyst_needs() {
    let html = html();
    for needle in [
        "How to read this",
        "95% interval",
        "bootstrap interval over its articles",
        "Slant here is P(pro-cooperation) − P(skeptical)",
        "The figures rest on 5 articles and 110 sentences from 3 outlets",
        "Highest slant: <strong>Reuters</strong> (+0.25)",
        "<td class=\"num\">+0.25</td>",
        "[+0.08, +0.39]",
        "42%",
        "thin: 1 article",
        "no slant to show",
        "accuracy 0.712 ± 0.041",
        "did not converge",
        "not valid UTF-8 at byte 12",
        "its interval is over sentences",
        "This model has no positive and negative pole",
    ] {
        assert!(html.contains(needle), "{needle:?} missing");
    }
}

/// One outlet row of the chart: the interval's x ends and the dot's x, when drawn.
type ChartRow = (Option<(f64, f64)>, Option<f64>);

/// Each outlet group of the chart.
fn chart_rows(html: &str) -> Vec<ChartRow> {
    let group = Regex::new(r#"<g class="outlet[^"]*">(.*?)</g>"#).unwrap();
    let line = Regex::new(r#"<line class="interval[^"]*" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)""#)
        .unwrap();
    let dot = Regex::new(r#"<circle class="estimate" cx="([\d.]+)""#).unwrap();
    let num = |s: &str| s.parse::<f64>().unwrap();
    group
        .captures_iter(html)
        .map(|g| {
            let body = &g[1];
            let interval = line.captures(body).map(|c| (num(&c[1]), num(&c[2])));
            let estimate = dot.captures(body).map(|c| num(&c[1]));
            (interval, estimate)
        })
        .collect()
}

#[test]
fn every_drawn_interval_holds_its_dot() {
    let rows = chart_rows(&html());
    // Three outlets of the stance model; the pole-less model has no chart.
    assert_eq!(rows.len(), 3);
    let drawn: Vec<_> = rows
        .iter()
        .filter_map(|(i, d)| Some(((*i)?, (*d)?)))
        .collect();
    assert_eq!(drawn.len(), 2, "Reuters and Evil & Co have intervals");
    for ((x1, x2), cx) in drawn {
        assert!(x1 <= cx && cx <= x2, "dot {cx} outside [{x1}, {x2}]");
    }
    // The outlet without a slant draws no dot.
    assert_eq!(rows.iter().filter(|(_, d)| d.is_some()).count(), 2);
}

#[test]
fn chart_text_is_escaped_too() {
    let html = html();
    let svg_start = html.find("<svg").unwrap();
    let svg_end = html[svg_start..].find("</svg>").unwrap() + svg_start;
    let svg = &html[svg_start..svg_end];
    assert!(svg.contains("&lt;b&gt;Evil &amp; Co&lt;/b&gt;"));
    assert!(svg.contains("1 article / 14 sentences"));
    assert!(svg.contains("← skeptical") && svg.contains("pro-cooperation →"));
}

#[test]
fn markdown_escapes_hostile_text() {
    let md = markdown();
    assert!(md.contains("\\<b\\>Evil \\& Co\\</b\\>"));
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(md.contains("a \\| b"));
    // Every `<` is backslash-escaped, so none can open a tag.
    let bare = Regex::new(r"(^|[^\\])<").unwrap();
    assert!(!bare.is_match(&md), "unescaped < in the Markdown");
    // Every table row keeps its column count, so no cell text split a row.
    for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let bars = |l: &str| l.replace("\\|", "").matches('|').count();
        assert!(table.lines().count() >= 3, "table without rows:\n{table}");
        let header = bars(table.lines().next().unwrap());
        for line in table.lines() {
            assert_eq!(bars(line), header, "row breaks its table: {line}");
        }
    }
}

#[test]
fn markdown_report_snapshot() {
    insta::assert_snapshot!("markdown_report", markdown());
}

#[test]
fn terminal_report_snapshot() {
    insta::assert_snapshot!("terminal_report", terminal());
}

#[test]
fn terminal_has_no_escape_codes() {
    assert!(!terminal().contains('\x1b'));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(html(), html());
    assert_eq!(markdown(), markdown());
}

/// Writes the fixture's HTML report to `$SLANT_REPORT_PREVIEW` for a look in a browser; does
/// nothing without it.
#[test]
fn preview_html_when_asked() {
    if let Some(path) = std::env::var_os("SLANT_REPORT_PREVIEW") {
        std::fs::write(path, html()).unwrap();
    }
}
