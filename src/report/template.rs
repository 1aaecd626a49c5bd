//! The minijinja environment shared by the HTML and Markdown reports: the embedded templates, the
//! number filters of [`crate::report::format`], and auto-escaping that is on for every value a
//! template prints — HTML escaping for `.html` templates and Markdown escaping for `.md` ones — so
//! no article text can reach the output raw. Owns the template plumbing, not the page content.

use minijinja::value::{Serde, Value};
use std::collections::BTreeMap;

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, Output, State, UndefinedBehavior};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::report::escape::{escape_html, escape_markdown};
use crate::report::format;

/// The name of the custom auto-escape mode of Markdown templates.
const MARKDOWN: &str = "markdown";

/// The templates, embedded so the binary needs no files at run time.
const TEMPLATES: [(&str, &str); 2] = [
    ("report.html", include_str!("templates/report.html")),
    ("report.md", include_str!("templates/report.md")),
];

/// Renders template `name` with `context` and writes the whole result to `out`. The text is
/// built first so a template error leaves `out` untouched.
pub fn render(
    name: &str,
    context: &impl Serialize,
    extra: &[(&str, Value)],
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let env = environment()?;
    let template = env.get_template(name).map_err(template_error)?;
    let mut ctx: BTreeMap<&str, Value> = extra.iter().cloned().collect();
    ctx.insert("data", Value::from(Serde(context)));
    let text = template.render(Value::from(ctx)).map_err(template_error)?;
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("<output>", e))
}

/// A template failure: a bug in slant, not in the user's data, so it says so.
fn template_error(e: minijinja::Error) -> Error {
    Error::Invalid(format!(
        "internal error in a report template (please report it): {e:#}"
    ))
}

/// The environment with the templates, filters and escaping set up.
fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Block tags on lines of their own leave no blank lines, which Markdown tables need.
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(template_error)?;
    env.set_syntax(syntax);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else if name.ends_with(".md") {
            AutoEscape::Custom(MARKDOWN.into())
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(escape_value);
    add_filters(&mut env);
    for (name, source) in TEMPLATES {
        env.add_template(name, source).map_err(template_error)?;
    }
    Ok(env)
}

/// Prints a value with the template's escaping: ours rather than minijinja's, so HTML keeps `/`
/// readable and Markdown gets escaping at all. Values marked safe (our own markup) pass as they are.
fn escape_value(
    out: &mut Output,
    state: &mut State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_safe() {
        return write_str(out, value.as_str().unwrap_or_default());
    }
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let text = match value.as_str() {
        Some(s) => s.to_owned(),
        None => value.to_string(),
    };
    match state.auto_escape() {
        AutoEscape::Html => write_str(out, &escape_html(&text)),
        AutoEscape::Custom(name) if name == MARKDOWN => write_str(out, &escape_markdown(&text)),
        _ => write_str(out, &text),
    }
}

/// Writes `s`, turning a formatting error into minijinja's.
fn write_str(out: &mut Output, s: &str) -> Result<(), minijinja::Error> {
    out.write_str(s).map_err(minijinja::Error::from)
}

/// What a missing number reads as.
fn missing() -> String {
    format::MISSING.to_owned()
}

/// The filters the templates format numbers with. Their output holds no markup characters but
/// brackets, so it is marked safe (Markdown escaping would put backslashes before the brackets).
fn add_filters(env: &mut Environment<'static>) {
    env.add_filter("signed", |x: Option<f64>| {
        Value::from_safe_string(format::signed_opt(x))
    });
    env.add_filter("interval", |low: Option<f64>, high: Option<f64>| {
        Value::from_safe_string(format::interval(low, high).unwrap_or_default())
    });
    env.add_filter("pct", |x: f64| Value::from_safe_string(format::percent(x)));
    env.add_filter("prob", |x: f64| {
        Value::from_safe_string(format::probability(x))
    });
    env.add_filter("count", |n: usize, noun: String| format::count(n, &noun));
    env.add_filter("thin", |articles: usize, sentences: usize| {
        format::thin_evidence(articles, sentences).unwrap_or_default()
    });
    env.add_filter("pct_at", |values: Vec<f64>, i: usize| {
        Value::from_safe_string(values.get(i).map_or_else(missing, |&x| format::percent(x)))
    });
    env.add_filter("prob_at", |values: Vec<f64>, i: usize| {
        Value::from_safe_string(
            values
                .get(i)
                .map_or_else(missing, |&x| format::probability(x)),
        )
    });
    env.add_filter("general", |x: f64| Value::from_safe_string(format!("{x}")));
    env.add_filter("fixed", |x: f64, digits: usize| {
        Value::from_safe_string(format!("{x:.digits$}"))
    });
}
