//! Recognises scraped-page boilerplate (share buttons, ads, comment prompts, photo credits, ...).
//!
//! This module owns the *rules* that say which lines of a scraped page are not article text and
//! which glued-on prefixes or suffixes must be cut from a line. It works on one line at a time
//! (plus [`RepeatFilter`], which remembers earlier lines of the same document and lives in
//! `repeats.rs`) and never splits sentences, reads files or prints: sentence boundaries belong to
//! [`super::sentences`], tokens to `super::tokens`, and what counts as white space when trimming to
//! `trim.rs`.
//!
//! Every rule is general (a shape of text, not a list of strings seen in one page) and each is
//! unit-tested below with variants that are not in the seed articles, plus real sentences that
//! merely contain the same words and must survive.
//!
//! # Whole-line rules ([`classify_line`], [`Rule`])
//!
//! | Rule | Why it is boilerplate | Example |
//! |------|-----------------------|---------|
//! | [`Rule::NoLetters`] | separators, counters and bare dates carry no sentence | `***`, `0`, `15.07.2016` |
//! | [`Rule::ChromeWords`] | at most 6 words, all of them share/ad/comment/navigation words (at least one real marker, the rest fillers like "your", "us", "on"), no final `.`/`?` | `Share`, `ADVERTISEMENT`, `Share Your Comments`, `Follow us on Twitter` |
//! | [`Rule::ReadMore`] | link to another page, "Read more"/"See also" followed by `:`, `at`, `on`, an arrow or nothing | `Read more: Reuters`, `See also » Syria` |
//! | [`Rule::RelatedLinks`] | heading of a link list | `Related posts:`, `More stories` |
//! | [`Rule::Counter`] | view/share counters | `Views: 1,234`, `12 shares` |
//! | [`Rule::Trending`] | widget heading | `Trending now on Foo`, `Trending:` |
//! | [`Rule::SourceLink`] | syndication footer: "Source (Article)" then a URL, or `Source: Outlet` | `Source Article from https://x.org/a`, `Source: Reuters` |
//! | [`Rule::BareUrl`] | a line that is only a URL | `https://example.com/a/b` |
//! | [`Rule::PhotoCredit`] | a whole-line photo credit (see the suffix rule below) | `Photo by Jane Doe/AP \| License Photo` |
//! | [`Rule::CommentForm`] | comment-form prompts of blog templates | `Please enter your email address here`, `Leave a reply` |
//! | [`Rule::SignOff`] | author initials + outlet + date, or wire reporting credits | `CH/LR – Reuters 01.02.2017`, `(Reporting by A; Editing by B)` |
//! | [`Rule::TruncatedTeaser`] | a one-fragment line cut off by an ellipsis glued to a word: a teaser for another page, not a sentence | `Officials said the talks w…` |
//!
//! # Document rule ([`RepeatFilter`])
//!
//! | Rule | Why | Example |
//! |------|-----|---------|
//! | [`Rule::Repeat`] | templates print the headline twice, the second time often shortened; pull quotes repeat body lines | `Talks Begin` after the headline `Talks Begin In Geneva` |
//!
//! How a line is found to repeat an earlier one is described in `repeats.rs`.
//!
//! # Affixes cut from a kept line ([`content_range`])
//!
//! | Affix | Why | Example (cut part in brackets) |
//! |-------|-----|--------------------------------|
//! | screenshot / image file name prefix | the `alt` text of an image glued to the next paragraph | `[Screenshot 2020-01-02 at 10.11.12 PM]Talks resumed.`, `[IMG_0042.jpg]Talks resumed.` |
//! | outlet tag prefix | "outlet : " before the lede; the spaced colon is not English prose punctuation | `[reuters : ]Talks resumed.` |
//! | dateline prefix | city, date and agency say where the story was filed, not what was said; cut only when a date or an agency in parentheses is present | `[MOSCOW, July 4 (AP) — ]Talks resumed.` |
//! | photo credit suffix | the credit of a caption glued to its last sentence | `Talks resumed.[ Photo by Jane Doe/AP \| License Photo]` |
//!
//! Sentence-level: [`is_truncated_teaser`] also lets the splitter drop the cut-off last sentence of
//! a longer line.

use std::ops::Range;
use std::sync::LazyLock;

use super::ascii::{SCREEN_BLOCK, blocks_with_pair};
use super::pattern::{AnyOf, Pattern};
pub use super::repeats::{MAX_HEADLINES, RepeatFilter};
pub(crate) use super::trim::{is_space, trim_range};

/// Why a line is boilerplate; one variant per rule of the module's rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// No letter at all.
    NoLetters,
    /// A few share/ad/comment/navigation words and nothing else.
    ChromeWords,
    /// "Read more: ..." / "See also ...".
    ReadMore,
    /// Heading of a list of links ("Related posts:").
    RelatedLinks,
    /// View/share/comment counter ("Views: 0").
    Counter,
    /// "Trending now on ..." widget heading.
    Trending,
    /// Syndication source line ("Source Article from URL", "Source: Outlet").
    SourceLink,
    /// A line that is only a URL.
    BareUrl,
    /// A photo credit on its own line.
    PhotoCredit,
    /// Comment-form prompt ("Please enter your name here").
    CommentForm,
    /// Author sign-off or wire reporting credit.
    SignOff,
    /// A teaser cut off with an ellipsis.
    TruncatedTeaser,
    /// Repeats (or shortens) an earlier line of the same document; only [`RepeatFilter`] knows.
    Repeat,
}

/// Longest line (bytes) [`Rule::ChromeWords`] looks at; longer lines are prose.
const MAX_CHROME_BYTES: usize = 80;
/// Most words a [`Rule::ChromeWords`] line may have.
const MAX_CHROME_WORDS: usize = 6;

/// Words that mark page chrome; a chrome line needs at least one.
#[rustfmt::skip]
const CHROME_MARKERS: &[&str] = &[
    "share", "shares", "advertisement", "advertisements", "advertising", "advert", "ad", "ads",
    "sponsored", "promoted", "comment", "comments", "reply", "replies", "tweet", "email",
    "e-mail", "print", "facebook", "twitter", "whatsapp", "linkedin", "pinterest", "reddit",
    "telegram", "subscribe", "newsletter", "follow", "menu", "home", "search", "login",
    "logout", "next", "previous", "prev", "loading", "close", "skip", "related", "trending",
    "popular", "continue", "reading", "click", "read", "more", "copy", "link", "save",
    "gallery", "video", "photos", "story", "stories", "article", "articles", "leave", "post",
    "posts", "tags", "tag", "top", "back",
];

/// Words allowed around chrome markers ("Share *your* comments", "Follow *us on* Twitter").
#[rustfmt::skip]
const CHROME_FILLERS: &[&str] = &[
    "your", "our", "us", "a", "an", "the", "on", "to", "this", "these", "that", "in", "of",
    "and", "or", "for", "with", "via", "now", "me", "my", "up", "by", "here", "page", "it",
    "all", "view", "see",
];

/// The whole-line regex rules, in the order they are tried (the photo credit rule comes after
/// them).
fn line_rules() -> [(&'static Pattern, Rule); 8] {
    [
        (&READ_MORE, Rule::ReadMore),
        (&RELATED, Rule::RelatedLinks),
        (&COUNTER, Rule::Counter),
        (&TRENDING, Rule::Trending),
        (&SOURCE_LINK, Rule::SourceLink),
        (&BARE_URL, Rule::BareUrl),
        (&COMMENT_FORM, Rule::CommentForm),
        (&SIGN_OFF, Rule::SignOff),
    ]
}

/// One search that rules out every rule of [`line_rules`] on nearly every line.
static LINE_RULES: LazyLock<AnyOf> =
    LazyLock::new(|| AnyOf::new(&line_rules().map(|(pattern, _)| pattern)));

/// One search that rules out the three prefixes [`content_range`] cuts on nearly every line.
static PREFIXES: LazyLock<AnyOf> =
    LazyLock::new(|| AnyOf::new(&[&SCREENSHOT_PREFIX, &OUTLET_PREFIX, &DATELINE]));

/// A built-in pattern (see [`Pattern`] for how it is compiled).
fn pattern(re: &'static str) -> Pattern {
    Pattern::new(re)
}

const READ_MORE_PATTERN: &str = r"(?i)^(?:read|see) (?:more|also)(?:\s*(?::|»|›|>|…|\.\.\.|\bat\b|\bon\b|\bfrom\b|\bin\b).{0,100})?$";
const RELATED_PATTERN: &str = r"(?i)^(?:related|more|also read|you may also like|recommended)(?: posts?| articles?| stories| story| news| coverage| content| links| reading| topics)?\s*:?$";
const COUNTER_PATTERN: &str = r"(?i)^(?:(?:views?|page ?views|reads|hits|shares|comments|likes)\s*:?\s*\d[\d,. ]*[km]?|\d[\d,.]*[km]? (?:views?|shares|comments|likes|reads))$";
const TRENDING_PATTERN: &str = r"(?i)^trending(?: now| today| stories| news| topics)?(?: on [\p{L}\p{N}&'’-]+(?: [\p{L}\p{N}&'’-]+){0,3})?\s*:?$";
const SOURCE_LINK_PATTERN: &str = r"(?i)^(?:source(?: article| link| url)?\s*(?:from|:|-|–)?\s*<?(?:https?://|www\.)\S+|(?:source|sources|via)\s*:\s*[\p{L}\p{N} .,&'’/-]{1,60})$";
const BARE_URL_PATTERN: &str = r"(?i)^<?(?:https?://|www\.)\S+>?$";
const COMMENT_FORM_PATTERN: &str = r"(?i)^(?:please (?:enter|type|fill in|provide|insert) (?:your|a|an) \w+(?: \w+){0,3}[!.:]?|you have entered an incorrect .{0,60}|save my name,? email.{0,120}|leave a (?:reply|comment)\b.{0,40}|(?:log|sign) in to (?:reply|comment).{0,20}|comments? (?:are|is) closed\.?)$";
const SIGN_OFF_PATTERN: &str = r"(?i:^\(?(?:reporting|writing|editing|additional reporting|compiled|edited) by\b[^()]{0,200}\)?$)|^[A-Z]{1,4}(?:/[A-Z]{1,4})*\s*[–—-]\s*[\p{L}\p{N}.&' ]{1,40}?\s+\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})$";
static READ_MORE: LazyLock<Pattern> = LazyLock::new(|| pattern(READ_MORE_PATTERN));
static RELATED: LazyLock<Pattern> = LazyLock::new(|| pattern(RELATED_PATTERN));
static COUNTER: LazyLock<Pattern> = LazyLock::new(|| pattern(COUNTER_PATTERN));
static TRENDING: LazyLock<Pattern> = LazyLock::new(|| pattern(TRENDING_PATTERN));
static SOURCE_LINK: LazyLock<Pattern> = LazyLock::new(|| pattern(SOURCE_LINK_PATTERN));
static BARE_URL: LazyLock<Pattern> = LazyLock::new(|| pattern(BARE_URL_PATTERN));
static COMMENT_FORM: LazyLock<Pattern> = LazyLock::new(|| pattern(COMMENT_FORM_PATTERN));
static SIGN_OFF: LazyLock<Pattern> = LazyLock::new(|| pattern(SIGN_OFF_PATTERN));
/// A sentence end followed by the start of another sentence inside one line. The two lowercase
/// letters before the mark keep initials ("J. Roe") and abbreviations ("U.S. The") out.
static INNER_SENTENCE_END: LazyLock<Pattern> =
    LazyLock::new(|| pattern(r#"\p{Ll}{2}[.!?][”"’)]?\s+[“"‘(]?\p{Lu}"#));
/// A photo credit at the start of a line or after a sentence end; `credit` is the part to cut.
static PHOTO_CREDIT: LazyLock<Pattern> = LazyLock::new(|| {
    pattern(
        r#"(?:^|[.!?…”"’)]\s+)(?P<credit>(?i:photo|image|picture)s?(?: (?i:by|courtesy of|credit:?)|:)\s+[^!?]{1,100})$"#,
    )
});
static SCREENSHOT_PREFIX: LazyLock<Pattern> = LazyLock::new(|| {
    pattern(
        r"^(?:(?i:screen ?shot|screenshot)[ _-]?\d{4}-\d{2}-\d{2}(?:[ _-]?(?i:at)[ _-]?\d{1,2}[.:]\d{2}(?:[.:]\d{2})?(?:\s?(?:[AP]M|[ap]m))?)?(?:\.(?i:png|jpe?g|gif|webp))?|[\w-]{1,80}\.(?i:jpe?g|png|gif|webp))",
    )
});
static OUTLET_PREFIX: LazyLock<Pattern> =
    LazyLock::new(|| pattern(r"^[\p{L}\p{N}][\p{L}\p{N}.&'’-]{1,29} : "));
static DATELINE: LazyLock<Pattern> = LazyLock::new(|| {
    pattern(
        r"^[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?(?:, (?P<date>(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? \d{1,2}))?(?: \((?P<agency>[\p{L}\p{N} .&/-]{1,30})\))?\s*(?:—|–|--|-)\s+",
    )
});

/// Compiles every rule now, in both the screening and the deciding form, instead of when a line
/// first needs it. Their Unicode classes under bounded repetition take about 80 ms of CPU to
/// compile; a scoring run calls this on a thread of its own while its model loads and one core is
/// idle, rather than have its first articles wait.
pub fn compile_rules() {
    LazyLock::force(&LINE_RULES);
    LazyLock::force(&PREFIXES);
    let line_patterns = line_rules().map(|(pattern, _)| pattern);
    let other_patterns: [&Pattern; 5] = [
        &INNER_SENTENCE_END,
        &PHOTO_CREDIT,
        &SCREENSHOT_PREFIX,
        &OUTLET_PREFIX,
        &DATELINE,
    ];
    for pattern in line_patterns.into_iter().chain(other_patterns) {
        pattern.exact();
    }
}

/// Says whether a whole line is boilerplate, and by which rule (stateless rules only).
pub fn classify_line(line: &str) -> Option<Rule> {
    let line = line.trim_matches(is_space);
    if line.is_empty() || !line.chars().any(char::is_alphabetic) {
        return Some(Rule::NoLetters);
    }
    if LINE_RULES.may_match(line)
        && let Some(&(_, rule)) = line_rules().iter().find(|(p, _)| p.is_match(line))
    {
        return Some(rule);
    }
    if photo_credit_start(line) == Some(0) {
        return Some(Rule::PhotoCredit);
    }
    if is_chrome_words(line) {
        return Some(Rule::ChromeWords);
    }
    if is_truncated_teaser(line) && !INNER_SENTENCE_END.is_match(line) {
        return Some(Rule::TruncatedTeaser);
    }
    None
}

/// True when a whole line is boilerplate under a stateless rule of the module's table.
pub fn is_boilerplate(line: &str) -> bool {
    classify_line(line).is_some()
}

/// True when `text` ends in an ellipsis glued to a word or number, the mark of a cut-off teaser.
pub fn is_truncated_teaser(text: &str) -> bool {
    let text = text.trim_end_matches(is_space);
    let Some(body) = text.strip_suffix('…').or_else(|| text.strip_suffix("...")) else {
        return false;
    };
    body.chars().next_back().is_some_and(char::is_alphanumeric)
}

/// Short lines made only of share/ad/comment/navigation words, with at least one marker word.
fn is_chrome_words(line: &str) -> bool {
    if line.len() > MAX_CHROME_BYTES || line.ends_with(['.', '?']) {
        return false;
    }
    let mut words = 0;
    let mut markers = 0;
    let is_word_char = |c: char| c.is_alphanumeric() || c == '-';
    for word in line
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if words > MAX_CHROME_WORDS {
            return false;
        }
        if word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if CHROME_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(word)) {
            markers += 1;
        } else if !CHROME_FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word)) {
            return false;
        }
    }
    markers > 0
}

/// Byte offset where a trailing (or whole-line) photo credit starts, if the line has one.
fn photo_credit_start(line: &str) -> Option<usize> {
    if !mentions_picture(line) {
        return None;
    }
    let caps = PHOTO_CREDIT.captures(line)?;
    let credit = caps.get_group_by_name("credit")?;
    let text = line[credit.range()].trim_end_matches(is_space);
    // A credit is a name, not prose: prose has sentence breaks, or ends in a period without the
    // "Name/Agency" or "| License" shape that marks credits.
    let prose_break = INNER_SENTENCE_END.is_match(text);
    let credit_shape = text.contains('/') || text.contains('|') || !text.ends_with('.');
    (!prose_break && credit_shape).then_some(credit.start)
}

/// True when `line` holds "photo", "image" or "picture" in any ASCII case: [`PHOTO_CREDIT`] needs
/// one of them, and this scan is far cheaper than the regex's search from the end of every line.
/// Exact, because none of these letters has a non-ASCII case variant under Unicode simple case
/// folding (only k and s among ASCII letters do).
fn mentions_picture(line: &str) -> bool {
    let bytes = line.as_bytes();
    let at = |i: usize, word: &[u8]| {
        bytes
            .get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    // "i" and "p" start one word in ten, so a branch on the first letter mispredicted all along
    // the line. Blocks are screened for the two-letter starts "ph", "pi" and "im" first; only a
    // block with one is checked word by word.
    blocks_with_pair(bytes, picture_digraph).any(|from| {
        let to = (from + SCREEN_BLOCK).min(bytes.len());
        (from..to).any(|i| at(i, b"photo") || at(i, b"picture") || at(i, b"image"))
    })
}

/// True when `a`, `b` are, in any ASCII case, "ph", "pi" or "im": how "photo", "picture" and
/// "image" start.
fn picture_digraph(a: u8, b: u8) -> bool {
    let (a, b) = (a | 0x20, b | 0x20);
    ((a == b'p') & ((b == b'h') | (b == b'i'))) | ((a == b'i') & (b == b'm'))
}

/// The part of a kept line that is article text: `line` minus glued-on prefixes and suffixes.
///
/// The returned range is relative to `line` and trimmed; it is empty when nothing is left.
pub fn content_range(line: &str) -> Range<usize> {
    let mut range = trim_range(line, 0..line.len());
    // Each prefix is looked for where the one before it ended, so when none can match at the
    // line's start, none is there.
    if PREFIXES.may_match(&line[range.clone()]) {
        range.start += file_name_prefix_len(&line[range.clone()]);
        range = trim_range(line, range);
        range.start += outlet_prefix_len(&line[range.clone()]);
        range = trim_range(line, range);
        range.start += dateline_len(&line[range.clone()]);
        range = trim_range(line, range);
    }
    if let Some(credit) = photo_credit_start(&line[range.clone()]) {
        range.end = range.start + credit;
    }
    trim_range(line, range)
}

/// Length of a match of `regex` at the start of `text`, or 0.
fn prefix_len(pattern: &Pattern, text: &str) -> usize {
    pattern.find_end(text).unwrap_or(0)
}

/// Length of a screenshot or image file name, cut only when no lowercase letter continues it, so
/// a word like "Mr.Gifford" is not mistaken for "Mr.Gif".
fn file_name_prefix_len(text: &str) -> usize {
    let len = prefix_len(&SCREENSHOT_PREFIX, text);
    if text[len..].chars().next().is_some_and(char::is_lowercase) {
        0
    } else {
        len
    }
}

/// Length of an "outlet : " tag, cut only when a capitalised or quoted sentence follows it.
fn outlet_prefix_len(text: &str) -> usize {
    let len = prefix_len(&OUTLET_PREFIX, text);
    let next = text[len..].chars().next();
    if len > 0 && next.is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '"' | '‘')) {
        len
    } else {
        0
    }
}

/// Length of a dateline, cut only when it names a date or an agency so plain "NATO — ..." stays.
fn dateline_len(text: &str) -> usize {
    let Some(caps) = DATELINE.captures(text) else {
        return 0;
    };
    let named =
        caps.get_group_by_name("date").is_some() || caps.get_group_by_name("agency").is_some();
    match caps.get_match() {
        Some(m) if named => m.end(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(line: &str) -> Option<Rule> {
        classify_line(line)
    }

    fn content(line: &str) -> &str {
        &line[content_range(line)]
    }

    #[test]
    fn picture_screen_finds_the_words_wherever_they_fall() {
        let plain = |line: &str| {
            let lower = line.to_ascii_lowercase();
            ["photo", "picture", "image"]
                .iter()
                .any(|w| lower.contains(w))
        };
        let words = [
            "PHOTO", "Picture", "imAge", "phot", "pictur", "imag", "ph", "im", "é",
        ];
        for pad in 0..70 {
            for word in words {
                for tail in ["", "x", " and more"] {
                    let lead = "i p".repeat(pad / 3 + 1);
                    let line = format!("{}{word}{tail}", &lead[..pad]);
                    assert_eq!(mentions_picture(&line), plain(&line), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn the_screens_pass_every_line_a_rule_or_prefix_matches() {
        let lines = [
            "Read more: Talks in Geneva",
            "Related posts:",
            "Views: 1,024",
            "Trending now on Twitter",
            "Source: Reuters",
            "https://example.com/a",
            "Please enter your name here",
            "(Reporting by Jane Roe; Editing by John Doe)",
            "JR/AB - Moscow Bureau 12.05.2017",
            "Screenshot 2017-05-12 at 10.15.22 AM The talks began.",
            "TASS : The talks began.",
            "MOSCOW, May 12 (Reuters) - The talks began.",
            "The talks in Geneva began on Monday, officials said.",
            "more",
        ];
        for line in lines {
            let any_rule = line_rules().iter().any(|(p, _)| p.is_match(line));
            assert!(LINE_RULES.may_match(line) || !any_rule, "{line:?}");
            let any_prefix = [&SCREENSHOT_PREFIX, &OUTLET_PREFIX, &DATELINE]
                .iter()
                .any(|p| p.is_match(line));
            assert!(PREFIXES.may_match(line) || !any_prefix, "{line:?}");
        }
        let prose = "The talks in Geneva began on Monday, officials said.";
        assert!(!LINE_RULES.may_match(prose) && !PREFIXES.may_match(prose));
        assert!(LINE_RULES.may_match("Related posts:") && PREFIXES.may_match("TASS : The talks"));
    }

    #[test]
    fn every_pattern_compiles() {
        compile_rules();
    }

    #[test]
    fn no_letters() {
        for line in ["***", "0", "31.12.1999", " — ", "|", "12/05"] {
            assert_eq!(rule(line), Some(Rule::NoLetters), "{line:?}");
        }
    }

    #[test]
    fn chrome_words() {
        for line in [
            "ADVERTISEMENT",
            "advertisement",
            "Sponsored",
            "Share this:",
            "Share on Facebook",
            "Follow us on Twitter",
            "Leave your comments",
            "Comments (3)",
            "Tweet | Email | Print",
            "Continue reading",
            "Back to top",
            "Next story",
        ] {
            assert_eq!(rule(line), Some(Rule::ChromeWords), "{line:?}");
        }
    }

    #[test]
    fn chrome_words_keep_prose() {
        for line in [
            "Russia's share of the market grew.",
            "Share prices fell sharply on Monday",
            "The advertisement ran in three newspapers.",
            "Follow the money",
            "More to come",
            "Comment is free, but facts are sacred.",
            "Did he share it?",
        ] {
            assert_eq!(rule(line), None, "{line:?}");
        }
    }

    #[test]
    fn read_more() {
        for line in [
            "Read more: Reuters",
            "READ MORE",
            "See also: The talks in Geneva",
            "Read more at BBC",
        ] {
            assert_eq!(rule(line), Some(Rule::ReadMore), "{line:?}");
        }
        assert_eq!(rule("Read more about the plan in the report below."), None);
        assert_eq!(rule("See also how the talks went wrong in 2014"), None);
    }

    #[test]
    fn related_links() {
        for line in [
            "Related posts",
            "RELATED ARTICLES:",
            "More stories",
            "You may also like",
        ] {
            assert_eq!(rule(line), Some(Rule::RelatedLinks), "{line:?}");
        }
        assert_eq!(rule("Related talks will follow in Geneva."), None);
    }

    #[test]
    fn counter() {
        for line in [
            "Views: 1,234",
            "views 7",
            "Page views: 12k",
            "1,234 shares",
            "3 Comments",
        ] {
            assert!(is_boilerplate(line), "{line:?}");
        }
        assert_eq!(rule("Views: 1,234"), Some(Rule::Counter));
        assert_eq!(rule("1,234 shares"), Some(Rule::Counter));
        assert_eq!(rule("Views differ on 3 issues."), None);
    }

    #[test]
    fn trending() {
        for line in [
            "Trending now on Foo",
            "TRENDING:",
            "Trending Today on The Daily Bar",
        ] {
            assert_eq!(rule(line), Some(Rule::Trending), "{line:?}");
        }
        assert_eq!(
            rule("Trending topics on Twitter included the summit."),
            None
        );
    }

    #[test]
    fn source_link() {
        for line in [
            "Source Article from https://example.org/2020/01/02/talks/",
            "Source: https://example.org/a",
            "Source: Reuters",
            "source link: www.example.com/x",
        ] {
            assert_eq!(rule(line), Some(Rule::SourceLink), "{line:?}");
        }
        assert_eq!(
            rule("Sources close to the talks said the deal was near."),
            None
        );
    }

    #[test]
    fn bare_url() {
        for line in [
            "https://example.com/a/b?c=d",
            "www.example.org",
            "<http://x.y/z>",
        ] {
            assert_eq!(rule(line), Some(Rule::BareUrl), "{line:?}");
        }
        assert_eq!(
            rule("See https://example.com for the full text of the accord."),
            None
        );
    }

    #[test]
    fn photo_credit_line() {
        for line in [
            "Photo by Jane Doe/AP | License Photo",
            "PHOTO BY JOHN ROE/REUTERS",
            "Image courtesy of the Ministry of Defence",
            "Photo: Getty Images",
        ] {
            assert_eq!(rule(line), Some(Rule::PhotoCredit), "{line:?}");
        }
        assert_eq!(
            rule("Photo by photo, the exhibit grew. It closed in May."),
            None
        );
        assert_eq!(rule("The photo by Jane Doe won an award."), None);
    }

    #[test]
    fn photo_credit_suffix_is_cut() {
        let line = "Ministers met in Geneva. Photo by Jane Doe/AP | License Photo";
        assert_eq!(content(line), "Ministers met in Geneva.");
        let quoted = "“We will meet again,” he said. Image by J. Roe/Reuters";
        assert_eq!(content(quoted), "“We will meet again,” he said.");
        let prose = "He said the photo by Jane Doe was fake.";
        assert_eq!(content(prose), prose);
    }

    #[test]
    fn comment_form() {
        for line in [
            "Please enter your email address here",
            "PLEASE ENTER YOUR NAME",
            "Please type your comment!",
            "You have entered an incorrect email address!",
            "Leave a Reply",
            "Comments are closed.",
        ] {
            assert_eq!(rule(line), Some(Rule::CommentForm), "{line:?}");
        }
        assert_eq!(
            rule(
                "Please enter the negotiations in good faith, the minister urged his counterpart."
            ),
            None
        );
    }

    #[test]
    fn sign_off() {
        for line in [
            "CH/LR – Reuters 01.02.2017",
            "JB - Daily Foo 3.4.15",
            "AK — outlet 31/12/2019",
            "(Reporting by Jane Doe; Editing by John Roe)",
            "Additional reporting by Ann Lee in Moscow",
        ] {
            assert_eq!(rule(line), Some(Rule::SignOff), "{line:?}");
        }
        assert_eq!(
            rule("NATO – the alliance met on 12.05.2016 in Warsaw."),
            None
        );
    }

    #[test]
    fn truncated_teaser() {
        assert_eq!(
            rule("Officials said the talks w…"),
            Some(Rule::TruncatedTeaser)
        );
        assert_eq!(
            rule("Officials said the talks were..."),
            Some(Rule::TruncatedTeaser)
        );
        assert!(is_truncated_teaser(
            "Kerry met Lavrov in Moscow to discuss Syr…"
        ));
        assert!(!is_truncated_teaser("He paused … then left."));
        assert!(!is_truncated_teaser("“We will see …”"));
        // A longer line is not dropped whole: the splitter drops only its cut-off last sentence.
        assert_eq!(rule("Talks ended. Officials said the next round w…"), None);
    }

    #[test]
    fn screenshot_and_image_prefixes_are_cut() {
        assert_eq!(
            content("Screenshot 2020-01-02 at 10.11.12 PMTalks resumed on Monday."),
            "Talks resumed on Monday."
        );
        assert_eq!(
            content("Screen Shot 2019-03-04 at 9.01.02 AM Who pays?"),
            "Who pays?"
        );
        assert_eq!(content("IMG_0042.jpgTalks resumed."), "Talks resumed.");
        assert_eq!(content("Mr.Gifford spoke."), "Mr.Gifford spoke.");
        assert_eq!(
            content("Screen shots of the deal were leaked."),
            "Screen shots of the deal were leaked."
        );
    }

    #[test]
    fn outlet_prefix_is_cut() {
        assert_eq!(content("reuters : Talks resumed."), "Talks resumed.");
        assert_eq!(
            content("Foo-News : “We agree,” he said."),
            "“We agree,” he said."
        );
        assert_eq!(content("The answer: yes."), "The answer: yes.");
        assert_eq!(content("ratio : it is 3 to 1"), "ratio : it is 3 to 1");
    }

    #[test]
    fn dateline_is_cut() {
        assert_eq!(
            content("MOSCOW, July 4 (AP) — Talks resumed."),
            "Talks resumed."
        );
        assert_eq!(
            content("GENEVA (Reuters) - Talks resumed."),
            "Talks resumed."
        );
        assert_eq!(
            content("NEW YORK, Jan. 12 – Talks resumed."),
            "Talks resumed."
        );
        assert_eq!(
            content("NATO — the alliance — met."),
            "NATO — the alliance — met."
        );
        assert_eq!(content("U.S. officials met."), "U.S. officials met.");
    }

    #[test]
    fn odd_lines_do_not_panic() {
        for line in [
            "",
            " ",
            "\u{feff}",
            "…",
            "...",
            "“",
            "é…",
            "a : ",
            "Photo by",
            "ÅÄÖ : Ü",
        ] {
            let _ = classify_line(line);
            let range = content_range(line);
            assert!(line.is_char_boundary(range.start) && line.is_char_boundary(range.end));
            assert!(range.start <= range.end);
        }
    }
}
