//! Escaping of text that comes from articles, outlets and file names, so it always shows as text:
//! in HTML (and the inline SVG chart) it can open no tag, and in Markdown it can neither start
//! formatting nor break a table. Owns only escaping; what is shown and where is the templates' job.

/// `text` safe inside HTML or SVG text and double- or single-quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` as literal Markdown text on one line: characters that start emphasis, code, links, HTML
/// or entities, and the table separator `|`, are backslash-escaped; line breaks become spaces so a
/// sentence cannot end a table row or start a heading or list.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_tags_entities_and_quotes() {
        assert_eq!(
            escape_html("<b>Evil & Co</b> \"q\" 'a'"),
            "&lt;b&gt;Evil &amp; Co&lt;/b&gt; &quot;q&quot; &#39;a&#39;"
        );
        assert_eq!(escape_html("plain – text"), "plain – text");
    }

    #[test]
    fn markdown_escapes_what_could_format_or_break_a_table() {
        assert_eq!(
            escape_markdown("<b>Evil & Co</b>"),
            "\\<b\\>Evil \\& Co\\</b\\>"
        );
        assert_eq!(escape_markdown("a | b"), "a \\| b");
        assert_eq!(
            escape_markdown("*x* _y_ `z` [l](u) ~s~ #h \\"),
            "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~ \\#h \\\\"
        );
        assert_eq!(escape_markdown("one\ntwo\r\nthree"), "one two  three");
        assert_eq!(escape_markdown("=cmd"), "=cmd");
    }
}
