//! The built-in boilerplate regexes, compiled in two steps. Their bounded repetitions of large
//! Unicode classes (`[\p{L}\p{N} .&]{1,60}`, `.{0,100}`) make Thompson NFAs with thousands of states
//! per copy: compiling all of them took longer than splitting a 6 MB corpus. So each pattern is
//! first compiled *relaxed*, with every `{m,n}` opened to `{m,}` (cheap: one copy of each class),
//! and the exact pattern is compiled only once some text passes the relaxed one. The relaxed
//! pattern matches a superset of the exact one, so a text it rejects is rejected exactly; a text it
//! accepts is decided by the exact pattern. Owns only this two-step matching; must not hold rules.

use std::sync::{LazyLock, OnceLock};

use regex_automata::meta::{Config, Regex};
use regex_automata::util::captures::Captures;

/// A built-in pattern with a cheap superset prefilter; see the module docs.
#[derive(Debug)]
pub(crate) struct Pattern {
    source: &'static str,
    relaxed: Regex,
    exact: OnceLock<Regex>,
}

impl Pattern {
    /// Compiles the relaxed form of `source`, a pattern fixed in this crate (tests compile both).
    pub(crate) fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            relaxed: compile(&relax(source)),
            exact: OnceLock::new(),
        }
    }

    /// The exact pattern, compiled on first use.
    pub(crate) fn exact(&self) -> &Regex {
        self.exact.get_or_init(|| compile(self.source))
    }

    /// True when the exact pattern matches somewhere in `hay`.
    pub(crate) fn is_match(&self, hay: &str) -> bool {
        self.relaxed.is_match(hay) && self.exact().is_match(hay)
    }

    /// Where the leftmost match of the exact pattern ends.
    pub(crate) fn find_end(&self, hay: &str) -> Option<usize> {
        // `is_match` runs the lazy DFA, which fails at the first byte of nearly every text; `find`
        // alone would start the slower engines that report where a match ends.
        if !self.is_match(hay) {
            return None;
        }
        self.exact().find(hay).map(|m| m.end())
    }

    /// The exact pattern's groups for its leftmost match, if any.
    pub(crate) fn captures(&self, hay: &str) -> Option<Captures> {
        if !self.is_match(hay) {
            return None;
        }
        let exact = self.exact();
        let mut caps = exact.create_captures();
        exact.captures(hay, &mut caps);
        caps.is_match().then_some(caps)
    }
}

/// A screen for several patterns at once: one search of the union of their relaxed forms, which
/// fails wherever every one of them fails. Most lines match none of the line rules, and one search
/// instead of one per rule saves the per-search setup that dominated those failing searches.
#[derive(Debug)]
pub(crate) struct AnyOf {
    union: Regex,
}

impl AnyOf {
    /// The screen for `patterns`.
    pub(crate) fn new(patterns: &[&Pattern]) -> AnyOf {
        let sources: Vec<String> = patterns
            .iter()
            .map(|p| format!("(?:{})", relax(p.source)))
            .collect();
        AnyOf {
            union: compile(&sources.join("|")),
        }
    }

    /// False when none of the patterns can match somewhere in `hay`.
    pub(crate) fn may_match(&self, hay: &str) -> bool {
        self.union.is_match(hay)
    }
}

/// `source` with every bounded repetition `{m,n}` (greedy or lazy) opened to `{m,}`.
fn relax(source: &str) -> String {
    static BOUNDED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\{(\d+),\d+\}").unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    BOUNDED.replace_all(source, "{$1,}").into_owned()
}

/// Compiles a built-in pattern. The bounded backtracker is switched off: before every search it
/// clears a visited set of haystack length × pattern size, and the lazy DFA hands searches to it
/// whenever it gives up (Unicode word boundaries next to non-ASCII text); on paragraph-long lines
/// that clearing cost more than all the rest of sentence splitting, even for patterns failing at
/// the first byte. The PikeVM that takes its place stops as soon as no thread is alive.
fn compile(source: &str) -> Regex {
    match Regex::builder()
        .configure(Config::new().backtrack(false))
        .build(source)
    {
        Ok(regex) => regex,
        Err(err) => panic!("invalid built-in pattern {source:?}: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxing_opens_only_bounded_repetitions() {
        assert_eq!(relax(r"^a{1,29}b{0,3}?c{4}d{2,}"), r"^a{1,}b{0,}?c{4}d{2,}");
    }

    #[test]
    fn the_prefilter_never_decides_a_match_alone() {
        let p = Pattern::new(r"^[\p{L} ]{1,5}:$");
        assert!(p.is_match("ab c:"));
        assert!(
            !p.is_match("abcdefgh:"),
            "the relaxed form alone would match"
        );
        assert_eq!(p.find_end("abc:"), Some(4));
        assert!(p.captures("too long to be:").is_none());
        assert!(p.exact.get().is_some());
        let untouched = Pattern::new(r"^x{1,3}$");
        assert!(!untouched.is_match("no"));
        assert!(
            untouched.exact.get().is_none(),
            "compiled although nothing passed"
        );
    }
}
