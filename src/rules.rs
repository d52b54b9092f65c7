//! Regular-expression rules: each one a [`Pattern`] (the regex as written, and forms of it that
//! the lazy DFA can search fast on each kind of text: ASCII texts, texts whose other characters
//! are dashes and symbols, texts with letters outside ASCII), and tables of them searched
//! together.
//!
//! In: patterns, in priority order. Out: a [`Rules`] that first asks one combined automaton
//! whether any rule matches a text (a plain search), then, if one does, which (an overlapping
//! search), and runs only those, in order. Must not: know what the rules mean (their callers
//! do). Most sentences match none of a table's rules, so this keeps extraction to about one
//! scan per table instead of one per rule.

use std::sync::OnceLock;

use regex::{Matches, Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Room for each regex's lazy DFA (the regex crate's default is 2 MiB). Case-insensitive rules
/// with Unicode word boundaries build many states, and on varied text the default cache fills,
/// is cleared and is built again (measured on the Reuters corpus: 5% less extraction time with
/// this room, 10 MB more memory).
const DFA_CACHE: usize = 16 << 20;

fn build(pattern: &str) -> Result<PerThread<Regex>, regex::Error> {
    Ok(PerThread::new(
        RegexBuilder::new(pattern)
            .dfa_size_limit(DFA_CACHE)
            .build()?,
    ))
}

/// A compiled regex (or set) and a clone of it for each thread that searches it. The regex
/// crate keeps a regex's search caches (the lazy DFA's states among them) in a pool that the
/// first thread to search owns; every other thread takes its cache from a locked stack and
/// puts it back, on every search, while the owner marks the pool in use and free again. With
/// two extraction threads each owned about half the rules, and the other thread's searches
/// went the slow way, with the pool's cache line passed between the cores on each. A clone
/// shares the compiled program and has a pool of its own, so each thread owns its clones
/// (measured on 100k generated articles on two cores: 4% less CPU and wall time, one core
/// unchanged). Clones live as long as the regex; a thread started after another ended may be
/// handed that one's clones, whose searches are then right but take the pool's slow way
/// (extraction threads live for the whole run).
pub struct PerThread<T: Send> {
    shared: T,
    clones: thread_local::ThreadLocal<T>,
}

impl<T: Clone + Send> PerThread<T> {
    pub fn new(shared: T) -> PerThread<T> {
        PerThread {
            shared,
            clones: thread_local::ThreadLocal::new(),
        }
    }

    /// This thread's clone.
    pub fn get(&self) -> &T {
        self.clones.get_or(|| self.shared.clone())
    }
}

impl<T: Clone + Send> Clone for PerThread<T> {
    fn clone(&self) -> PerThread<T> {
        PerThread::new(self.shared.clone())
    }
}

impl<T: Send + std::fmt::Debug> std::fmt::Debug for PerThread<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.shared.fmt(f)
    }
}

/// A regex as written, and for texts that are all ASCII the same regex compiled without Unicode
/// (see `ascii_form`). On an ASCII text both find exactly the same matches; the ASCII one is a
/// much smaller automaton, so it is built and searched faster. The regex as written is compiled
/// only when a text that is not ASCII comes (at once in debug builds, which also run both on
/// every ASCII text and panic if they ever differ). Texts that are not ASCII are searched with
/// ASCII word boundaries where that is exact, and otherwise first without boundaries, which can
/// only say "no match" when the regex as written says so too (see `Boundary`; debug builds
/// check both against the regex as written).
#[derive(Clone, Debug)]
pub struct Pattern {
    source: String,
    unicode: OnceLock<PerThread<Regex>>,
    ascii: Option<PerThread<Regex>>,
    /// For texts whose characters outside ASCII are none of them word characters (see
    /// `Boundary::Ascii`); compiled when the first such text comes. `None` inside: the pattern
    /// has no word boundary, and the regex as written serves those texts as fast.
    bounded: OnceLock<Option<PerThread<Regex>>>,
    /// The pattern without its word boundaries, for other texts that are not ASCII: where it
    /// does not match, the pattern as written does not either (see `Boundary::Dropped`).
    relaxed: OnceLock<Option<PerThread<Regex>>>,
}

/// What a text is, for choosing the form of a rule to search it with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Ascii,
    /// Some characters outside ASCII, none of them a word character (`\w`): dashes, bullets,
    /// symbols, no-break spaces.
    NonWordOutsideAscii,
    Other,
}

impl Script {
    /// Every rule search asks this of its text: the ASCII bytes are passed over without
    /// decoding, and the punctuation of news copy (dashes, quotes, bullets, ellipsis:
    /// U+2010..U+2027, none a word character) without the look-up in the word-character table.
    fn of(text: &str) -> Script {
        // Each character outside ASCII in turn; the ASCII runs between them are skipped a
        // block at a time (`is_ascii` reads words, not bytes).
        let Some(mut at) = first_outside_ascii(text.as_bytes()) else {
            return Script::Ascii;
        };
        let mut rest = text;
        loop {
            let c = rest[at..].chars().next().expect("a character starts there");
            if !('\u{2010}'..='\u{2027}').contains(&c) && regex_syntax::is_word_character(c) {
                return Script::Other;
            }
            rest = &rest[at + c.len_utf8()..];
            match first_outside_ascii(rest.as_bytes()) {
                Some(next) => at = next,
                None => return Script::NonWordOutsideAscii,
            }
        }
    }
}

/// Where the first byte outside ASCII is.
fn first_outside_ascii(bytes: &[u8]) -> Option<usize> {
    let mut start = 0;
    for block in bytes.chunks(32) {
        if !block.is_ascii() {
            return block.iter().position(|b| !b.is_ascii()).map(|i| start + i);
        }
        start += block.len();
    }
    None
}

impl Pattern {
    pub fn new(pattern: &str) -> Result<Pattern, regex::Error> {
        let ascii = ascii_form(pattern).and_then(|p| build(&p).ok());
        let unicode = OnceLock::new();
        if ascii.is_none() || cfg!(debug_assertions) {
            let _ = unicode.set(build(pattern)?);
        }
        Ok(Pattern {
            source: pattern.to_string(),
            unicode,
            ascii,
            bounded: OnceLock::new(),
            relaxed: OnceLock::new(),
        })
    }

    fn bounded(&self) -> Option<&Regex> {
        self.bounded_form().map(PerThread::get)
    }

    fn bounded_form(&self) -> Option<&PerThread<Regex>> {
        self.bounded
            .get_or_init(|| form(&self.source, Boundary::Ascii))
            .as_ref()
    }

    fn relaxed(&self) -> Option<&Regex> {
        self.relaxed_form().map(PerThread::get)
    }

    fn relaxed_form(&self) -> Option<&PerThread<Regex>> {
        self.relaxed
            .get_or_init(|| form(&self.source, Boundary::Dropped))
            .as_ref()
    }

    /// Whether the pattern as written may match an `Other` text: `false` is certain.
    fn may_match_other(&self, text: &str) -> bool {
        let may = self.relaxed().is_none_or(|relaxed| relaxed.is_match(text));
        debug_assert!(
            may || !self.unicode().is_match(text),
            "the form without boundaries of {} misses a match in {text:?}",
            self.source
        );
        may
    }

    fn unicode(&self) -> &Regex {
        self.unicode
            .get_or_init(|| {
                build(&self.source).unwrap_or_else(|e| panic!("rule {:?}: {e}", self.source))
            })
            .get()
    }

    /// The regex to search `text` (of that script) with.
    fn pick_for(&self, text: &str, script: Script) -> &Regex {
        let form = match script {
            Script::Ascii => self.ascii.as_ref().map(PerThread::get),
            Script::NonWordOutsideAscii => self.bounded(),
            Script::Other => None,
        };
        match form {
            Some(form) => {
                debug_assert!(
                    form.find_iter(text)
                        .map(|m| m.range())
                        .eq(self.unicode().find_iter(text).map(|m| m.range())),
                    "{script:?} form of {} differs on {text:?}",
                    self.source
                );
                form
            }
            None => self.unicode(),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        match Script::of(text) {
            Script::Other => self.is_match_other(text),
            script => self.pick_for(text, script).is_match(text),
        }
    }

    /// Whether the pattern as written matches an `Other` text. Every span it matches, the form
    /// without boundaries matches too, so no match starts before where that form's first match
    /// starts; the slow search as written starts there (looking behind it for boundaries).
    fn is_match_other(&self, text: &str) -> bool {
        let found = match self.relaxed() {
            Some(relaxed) => relaxed
                .find(text)
                .is_some_and(|m| self.unicode().is_match_at(text, m.start())),
            None => self.unicode().is_match(text),
        };
        debug_assert_eq!(
            found,
            self.unicode().is_match(text),
            "{} searched from its first match without boundaries, on {text:?}",
            self.source
        );
        found
    }

    pub fn find_iter<'r, 't>(&'r self, text: &'t str) -> Matches<'r, 't> {
        match Script::of(text) {
            // No match without the boundaries: that form finds nothing either.
            Script::Other if !self.may_match_other(text) => self
                .relaxed()
                .unwrap_or_else(|| self.unicode())
                .find_iter(text),
            script => self.pick_for(text, script).find_iter(text),
        }
    }
}

/// A pattern with its boundaries rewritten, compiled; `None` when there are none to rewrite or
/// the result does not compile (the pattern as written is used then).
fn form(pattern: &str, boundary: Boundary) -> Option<PerThread<Regex>> {
    with_boundaries(pattern, boundary).and_then(|p| build(&p).ok())
}

/// A regex with the lazy-DFA room the rule tables use; for the rules outside a table.
pub fn regex(pattern: &str) -> Result<Pattern, regex::Error> {
    Pattern::new(pattern)
}

/// The pattern in a form for texts that are all ASCII: compiled without Unicode (`(?-u)`), with
/// every construct that could match a character outside ASCII bounded to ASCII: `.`, `\W`, `\D`,
/// `\S` spelt as ASCII ranges, a negated class intersected with ASCII (in Unicode mode, where
/// negation is allowed), letters outside ASCII dropped from classes, and `\p{L}`, `\p{Lu}`,
/// `\p{Ll}`, `\p{N}` spelt as their ASCII ranges. On an ASCII text it matches exactly what the
/// pattern as written matches (`\w`, `\d`, `\s`, `\b` and case folding agree with their Unicode
/// versions there), and its automaton is much smaller: `[^.;]{0,60}` no longer repeats a
/// decoder for all of Unicode. `None` when the pattern uses another Unicode property; the
/// caller also drops a form that does not compile (e.g. a range of letters outside ASCII),
/// keeping the pattern as written for every text.
fn ascii_form(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 32);
    out.push_str("(?-u)");
    // Open character classes, innermost last: whether each is negated at the top level.
    let mut classes: Vec<bool> = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let inside = !classes.is_empty();
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    out.push(c);
                    break;
                };
                let property = match escaped {
                    'p' if chars.next_if_eq(&'{').is_some() => {
                        let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                        Some(name)
                    }
                    _ => None,
                };
                let ranges = match (escaped, property.as_deref()) {
                    ('W', _) => r"\x00-\x2F\x3A-\x40\x5B-\x5E\x60\x7B-\x7F",
                    ('D', _) => r"\x00-\x2F\x3A-\x7F",
                    ('S', _) => r"\x00-\x08\x0E-\x1F\x21-\x7F",
                    ('p', Some("L")) => "a-zA-Z",
                    ('p', Some("Lu")) => "A-Z",
                    ('p', Some("Ll")) => "a-z",
                    ('p', Some("N")) => "0-9",
                    // Another property has no ASCII spelling here.
                    ('p' | 'P', _) => return None,
                    // `\w`, `\d`, `\s`, `\b`, `\B` and the rest: ASCII already without Unicode.
                    _ => {
                        out.push(c);
                        out.push(escaped);
                        continue;
                    }
                };
                if inside {
                    out.push_str(ranges);
                } else {
                    out.push('[');
                    out.push_str(ranges);
                    out.push(']');
                }
            }
            '[' => {
                let negated = chars.peek() == Some(&'^');
                let top_negated = negated && !inside;
                if top_negated {
                    out.push_str("(?u:[[:ascii:]&&");
                }
                classes.push(top_negated);
                out.push(c);
                if negated {
                    out.push(chars.next().unwrap_or('^'));
                }
                // A ']' right after the opening bracket (or "[^") is a literal.
                if let Some(bracket) = chars.next_if_eq(&']') {
                    out.push(bracket);
                }
            }
            ']' if inside => {
                // Every character of the class was dropped: no ASCII form.
                if out.ends_with('[') || out.ends_with("[^") {
                    return None;
                }
                out.push(c);
                if classes.pop() == Some(true) {
                    out.push_str("])");
                }
            }
            '.' if !inside => out.push_str(r"[\x00-\x09\x0B-\x7F]"),
            // A character outside ASCII in a class cannot match an ASCII text; one that bounds a
            // range is kept (the form then does not compile and is not used). Negated classes
            // are read in Unicode mode, where it may stay.
            _ if inside && !c.is_ascii() && classes.first() == Some(&false) => {
                let ends_range =
                    out.ends_with('-') && !out[..out.len() - 1].ends_with(['[', '^', '\\']);
                let mut ahead = chars.clone();
                let starts_range =
                    ahead.next() == Some('-') && matches!(ahead.next(), Some(c) if c != ']');
                if ends_range || starts_range {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// How `with_boundaries` rewrites a word boundary (`\b`, `\B`).
#[derive(Clone, Copy)]
enum Boundary {
    /// As an ASCII boundary (`(?-u:\b)`, `(?-u:\B)`). On a text whose characters outside ASCII
    /// are none of them word characters (an em dash, a bullet, a no-break space in an otherwise
    /// English sentence) both kinds of boundary fall at the same places, so the pattern matches
    /// exactly what it matches as written.
    Ascii,
    /// Dropped: the pattern then matches wherever it matches as written, and perhaps elsewhere
    /// too (a test that can only say no when the pattern as written says no).
    Dropped,
}

/// The pattern with its word boundaries rewritten, everything else as written. Both forms can
/// be searched by the lazy DFA on any text; with Unicode boundaries it gives up at the first byte
/// outside ASCII and a much slower engine searches the whole text (measured: 10,000 generated
/// articles with dashes or diacritics in a fifth of their lines took 5.7 times as long). `None`
/// when the pattern has no boundary to rewrite (or one of the `\b{...}` kinds, kept as written).
fn with_boundaries(pattern: &str, boundary: Boundary) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut changed = false;
    // Depth of open character classes (a boundary cannot stand inside one).
    let mut classes = 0usize;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(b @ ('b' | 'B')) if classes == 0 => {
                    if chars.peek() == Some(&'{') {
                        return None;
                    }
                    match boundary {
                        Boundary::Ascii => {
                            out.push_str("(?-u:\\");
                            out.push(b);
                            out.push(')');
                        }
                        // An empty group, so that a quantifier after it still has an operand.
                        Boundary::Dropped => out.push_str("(?:)"),
                    }
                    changed = true;
                }
                Some(escaped) => {
                    out.push(c);
                    out.push(escaped);
                }
                None => out.push(c),
            },
            '[' => {
                classes += 1;
                out.push(c);
                if let Some(caret) = chars.next_if_eq(&'^') {
                    out.push(caret);
                }
                // A ']' right after the opening bracket (or "[^") is a literal.
                if let Some(bracket) = chars.next_if_eq(&']') {
                    out.push(bracket);
                }
            }
            ']' if classes > 0 => {
                classes -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    changed.then_some(out)
}

pub struct Rules {
    patterns: Vec<Pattern>,
    /// The set as written: compiled when a text that is not ASCII comes, or at once when no
    /// pattern has an ASCII form (or in debug builds).
    set: OnceLock<PerThread<RegexSet>>,
    /// The set of the patterns' ASCII forms, for ASCII texts; `None` when no pattern has one.
    ascii_set: Option<PerThread<RegexSet>>,
    /// The set of the patterns with ASCII word boundaries, for texts whose characters outside
    /// ASCII are none of them word characters; compiled when the first such text comes.
    bounded_set: OnceLock<PerThread<RegexSet>>,
    /// The set of the patterns without word boundaries, for the other texts that are not ASCII:
    /// it says which rules may match, and only those are searched as written.
    relaxed_set: OnceLock<PerThread<RegexSet>>,
}

/// The set of one form of every pattern (the pattern as written where it has none).
fn set_of_forms<'p>(
    patterns: &'p [Pattern],
    form: impl Fn(&'p Pattern) -> Option<&'p PerThread<Regex>>,
) -> PerThread<RegexSet> {
    let forms: Vec<&str> = patterns
        .iter()
        .map(|p| form(p).map_or(p.source.as_str(), |f| f.shared.as_str()))
        .collect();
    PerThread::new(
        RegexSetBuilder::new(forms)
            .dfa_size_limit(DFA_CACHE)
            .build()
            .unwrap_or_else(|e| panic!("rule table: {e}")),
    )
}

/// The rules of a set that match `text`, in table order. Most texts match none of a table's
/// rules: a plain search answers that faster than the overlapping one that tells which rules
/// match (measured on Reuters: 12% fewer instructions in all of extraction).
fn matches_of(set: &RegexSet, text: &str) -> Vec<usize> {
    if set.is_match(text) {
        set.matches(text).iter().collect()
    } else {
        Vec::new()
    }
}

impl Rules {
    /// Compiles the patterns; a bad pattern is a bug in the rule table, so it panics with the
    /// pattern.
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Rules {
        let patterns: Vec<Pattern> = patterns
            .into_iter()
            .map(|p| {
                let p = p.as_ref();
                Pattern::new(p).unwrap_or_else(|e| panic!("rule {p:?}: {e}"))
            })
            .collect();
        // Each rule's ASCII form where it has one that compiles, else the rule as written.
        let ascii_set = patterns
            .iter()
            .any(|p| p.ascii.is_some())
            .then(|| set_of_forms(&patterns, |p| p.ascii.as_ref()));
        let set = OnceLock::new();
        if ascii_set.is_none() || cfg!(debug_assertions) {
            let _ = set.set(set_of_forms(&patterns, |_| None));
        }
        Rules {
            patterns,
            set,
            ascii_set,
            bounded_set: OnceLock::new(),
            relaxed_set: OnceLock::new(),
        }
    }

    fn unicode_set(&self) -> &RegexSet {
        self.set
            .get_or_init(|| set_of_forms(&self.patterns, |_| None))
            .get()
    }

    /// The rules (index and regex) that match somewhere in `text`, in table order; the regex
    /// is the one to search `text` itself with.
    pub fn matching<'a>(&'a self, text: &str) -> impl Iterator<Item = (usize, &'a Regex)> + 'a {
        self.hits(text, true).into_iter()
    }

    /// The rules that may match somewhere in `text`, in table order, each with the regex to
    /// search `text` with: every rule that matches, and on texts with letters outside ASCII
    /// perhaps others, whose search then finds nothing. For callers that search each rule
    /// anyway: on such texts the rules as written can only be searched by the regex crate's
    /// slow engines, and `matching` would search each rule twice, once to confirm it and once
    /// for its matches.
    pub fn to_search<'a>(&'a self, text: &str) -> impl Iterator<Item = (usize, &'a Regex)> + 'a {
        self.hits(text, false).into_iter()
    }

    fn hits<'a>(&'a self, text: &str, confirmed: bool) -> Vec<(usize, &'a Regex)> {
        let script = Script::of(text);
        let hits: Vec<usize> = match (script, &self.ascii_set) {
            (Script::Ascii, Some(ascii)) => matches_of(ascii.get(), text),
            (Script::NonWordOutsideAscii, _) => matches_of(
                self.bounded_set
                    .get_or_init(|| set_of_forms(&self.patterns, Pattern::bounded_form))
                    .get(),
                text,
            ),
            // The rules the set without boundaries says may match; confirmed, each tested as
            // written (from where its form without boundaries first matches).
            (Script::Other, _) => {
                let mut may = matches_of(
                    self.relaxed_set
                        .get_or_init(|| set_of_forms(&self.patterns, Pattern::relaxed_form))
                        .get(),
                    text,
                );
                if confirmed {
                    may.retain(|&i| self.patterns[i].is_match_other(text));
                }
                may
            }
            _ => matches_of(self.unicode_set(), text),
        };
        debug_assert!(
            {
                let truth: Vec<usize> = self.unicode_set().matches(text).iter().collect();
                if confirmed {
                    hits == truth
                } else {
                    truth.iter().all(|i| hits.contains(i))
                }
            },
            "the {script:?} forms of a rule table differ on {text:?}"
        );
        hits.into_iter()
            .map(|i| (i, self.patterns[i].pick_for(text, script)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `p` finds in `text` what `pattern`, compiled as written with Unicode, finds there.
    fn assert_finds_as_written(p: &Pattern, pattern: &str, text: &str) {
        let unicode = RegexBuilder::new(pattern).build().unwrap();
        let ours: Vec<_> = p.find_iter(text).map(|m| m.range()).collect();
        let theirs: Vec<_> = unicode.find_iter(text).map(|m| m.range()).collect();
        assert_eq!(ours, theirs, "{pattern} on {text:?}");
    }

    #[test]
    fn only_matching_rules_are_returned_in_order() {
        let rules = Rules::new([r"\bcat\b", r"\bdog\b", r"\bbird\b"]);
        let hits: Vec<usize> = rules.matching("a bird and a cat").map(|(i, _)| i).collect();
        assert_eq!(hits, vec![0, 2]);
        assert_eq!(rules.matching("a fish").count(), 0);
    }

    #[test]
    fn ascii_forms_spell_unicode_classes_as_ascii() {
        let word = r"\x00-\x2F\x3A-\x40\x5B-\x5E\x60\x7B-\x7F";
        let digit = r"\x00-\x2F\x3A-\x7F";
        let cases = [
            (r"\bcat\w+\b".to_string(), Some(r"(?-u)\bcat\w+\b".to_string())),
            (
                r"[\w'.-]+\W\B".to_string(),
                Some(format!(r"(?-u)[\w'.-]+[{word}]\B")),
            ),
            (
                r"\p{Lu}[\p{Ll}'\-]+".to_string(),
                Some(r"(?-u)[A-Z][a-z'\-]+".to_string()),
            ),
            (
                r"[^\p{L}\p{N}]\d[\d,]\D[\D]".to_string(),
                Some(format!(
                    r"(?-u)(?u:[[:ascii:]&&[^a-zA-Z0-9]])\d[\d,][{digit}][{digit}]"
                )),
            ),
            // Any character but a newline, a negated class, not a space: bounded to ASCII.
            (
                r"a.b[^.;]{0,3}\S$".to_string(),
                Some(
                    r"(?-u)a[\x00-\x09\x0B-\x7F]b(?u:[[:ascii:]&&[^.;]]){0,3}[\x00-\x08\x0E-\x1F\x21-\x7F]$"
                        .to_string(),
                ),
            ),
            // Letters outside ASCII leave classes; inside a negated class they may stay.
            (r"[-–•]x[^–]".to_string(), Some(r"(?-u)[-]x(?u:[[:ascii:]&&[^–]])".to_string())),
            // A class left empty, or another property: no ASCII form.
            (r"x[–]".to_string(), None),
            (r"\\w\s\S\.\p{Greek}[]\]]".to_string(), None),
            // A literal ']' first in a class stays.
            (r"[]\w]".to_string(), Some(r"(?-u)[]\w]".to_string())),
        ];
        for (pattern, ascii) in cases {
            assert_eq!(ascii_form(&pattern), ascii, "{pattern}");
        }
        // A range that ends outside ASCII is kept, so the form does not compile and the pattern
        // is searched as written.
        let range = Pattern::new(r"[a-é]+").unwrap();
        assert!(range.ascii.is_none());
        assert_eq!(range.find_iter("xyz").count(), 1);
    }

    #[test]
    fn boundaries_become_ascii_outside_classes_only() {
        let cases = [
            (r"(?i)\bcat\b", Some(r"(?i)(?-u:\b)cat(?-u:\b)")),
            (r"\Bx[\b\w]\\b", Some(r"(?-u:\B)x[\b\w]\\b")),
            (r"[]\b]\b[^]]", Some(r"[]\b](?-u:\b)[^]]")),
            (r"[[:alpha:]]+\w", None),
            (r"\b{start}x\b", None),
        ];
        for (pattern, bounded) in cases {
            assert_eq!(
                with_boundaries(pattern, Boundary::Ascii).as_deref(),
                bounded,
                "{pattern}"
            );
        }
        assert_eq!(
            with_boundaries(r"(?i)\bcat\b?[\b]", Boundary::Dropped).as_deref(),
            Some(r"(?i)(?:)cat(?:)?[\b]")
        );
        assert_eq!(Script::of("a - b"), Script::Ascii);
        assert_eq!(
            Script::of("a \u{2014} b \u{2022} \u{a0}c"),
            Script::NonWordOutsideAscii
        );
        assert_eq!(Script::of("a \u{2014} caf\u{e9}"), Script::Other);
    }

    #[test]
    fn texts_with_dashes_are_searched_with_ascii_boundaries_and_find_the_same() {
        let patterns = [
            r"(?i)\b(?:minister|talks?)\b",
            r"\b[A-Z][\w'.-]*\b",
            r"(?i)\bspoke\b[^.;]{0,12}$",
            r"\w+\B",
        ];
        let texts = [
            "The minister\u{2014}talks\u{2014}went on",
            "\u{2022} Talks with Smith \u{2013} spoke \u{2026} then",
            "x\u{a0}y\u{2014}",
            // A letter outside ASCII: the regex as written.
            "Caf\u{e9}talks minister\u{e9}",
        ];
        for pattern in patterns {
            let p = Pattern::new(pattern).unwrap();
            for text in texts {
                assert_finds_as_written(&p, pattern, text);
            }
            // Every pattern with a boundary has a form that compiles.
            assert!(p.bounded().is_some(), "{pattern}");
        }
        let rules = Rules::new([r"(?i)\bminister\b", r"\btalks\b", r"\bnone\b"]);
        let hits = |text: &str| rules.matching(text).map(|(i, _)| i).collect::<Vec<_>>();
        assert_eq!(hits("the minister\u{2014}talks"), [0, 1]);
        // Letters outside ASCII: the rules without boundaries say which may match ("talks" in
        // "caf\u{e9}talks" may, "minister" may), and those are searched as written.
        assert_eq!(hits("caf\u{e9}talks minister"), [0]);
        assert_eq!(hits("caf\u{e9}talks ministers"), [] as [usize; 0]);
        assert_eq!(hits("Caf\u{e9} talks"), [1]);
    }

    #[test]
    fn texts_with_letters_outside_ascii_skip_only_patterns_that_cannot_match() {
        let p = Pattern::new(r"(?i)\bspoke\b").unwrap();
        // The form without boundaries finds nothing: no match, certainly.
        assert!(!p.is_match("Ren\u{e9}e met him"));
        assert_eq!(p.find_iter("Ren\u{e9}e met him").count(), 0);
        // It finds "spoke" inside a word: the pattern as written decides (no boundary there).
        assert!(!p.is_match("Ren\u{e9}e outspoken"));
        assert_eq!(p.find_iter("Ren\u{e9}e outspoken").count(), 0);
        assert!(p.is_match("Ren\u{e9}e spoke"));
        assert_eq!(p.find_iter("Ren\u{e9}e SPOKE, spoke").count(), 2);
        // The first match without boundaries is inside a word; the search as written starts
        // there and still finds the later match, and looks behind its start for the boundary.
        assert!(p.is_match("Ren\u{e9}e outspoken, then spoke"));
        assert!(!p.is_match("Ren\u{e9}espoke"));
        let q = Pattern::new(r"\bm\w+ \bspoke\b").unwrap();
        assert!(q.is_match("Ren\u{e9}e ministers spoke"));
        assert!(!q.is_match("Ren\u{e9}emx spoke"));
    }

    #[test]
    fn scripts_are_told_by_the_characters_outside_ascii() {
        assert_eq!(Script::of(""), Script::Ascii);
        assert_eq!(Script::of("plain words."), Script::Ascii);
        assert_eq!(
            Script::of("a \u{2014} b \u{2026}\u{a0}"),
            Script::NonWordOutsideAscii
        );
        assert_eq!(
            Script::of("\u{201c}quoted\u{201d}"),
            Script::NonWordOutsideAscii
        );
        assert_eq!(Script::of("a \u{2014} Ren\u{e9}e"), Script::Other);
        assert_eq!(Script::of("\u{e9}"), Script::Other);
        assert_eq!(Script::of("x \u{4e2d}"), Script::Other);
        assert_eq!(Script::of("dash\u{2013}"), Script::NonWordOutsideAscii);
        // The definition, character by character: every character, alone, between ASCII and
        // punctuation, and after long ASCII runs, is told as by decoding the whole text and
        // asking the word-character table (which the punctuation range skips: none of it is a
        // word character).
        let defined = |text: &str| {
            if text.is_ascii() {
                Script::Ascii
            } else if text
                .chars()
                .all(|c| c.is_ascii() || !regex_syntax::is_word_character(c))
            {
                Script::NonWordOutsideAscii
            } else {
                Script::Other
            }
        };
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("a {c}."),
                format!("\u{2014}{c}\u{201d}"),
                // Past the first blocks of ASCII that are skipped whole.
                format!("{}{c}{}", "a".repeat(40), "b".repeat(70)),
                format!("{}\u{2014}{}{c}", "a".repeat(40), "b".repeat(70)),
            ] {
                assert_eq!(Script::of(&text), defined(&text), "{:?}", c);
            }
        }
    }

    #[test]
    fn rules_to_search_include_every_matching_rule_and_only_those_on_ascii_text() {
        let rules = Rules::new([r"(?i)\bminister\b", r"\btalks\b", r"\bnone\b"]);
        let to_search = |text: &str| rules.to_search(text).map(|(i, _)| i).collect::<Vec<_>>();
        assert_eq!(to_search("the minister talks"), [0, 1]);
        assert_eq!(to_search("the minister\u{2014}talks"), [0, 1]);
        // Letters outside ASCII: the rules that may match without boundaries, unconfirmed; the
        // unconfirmed one finds nothing when searched.
        assert_eq!(to_search("caf\u{e9}talks minister"), [0, 1]);
        let (_, talks) = rules.to_search("caf\u{e9}talks minister").nth(1).unwrap();
        assert_eq!(talks.find_iter("caf\u{e9}talks minister").count(), 0);
        assert_eq!(to_search("caf\u{e9} nothing"), [] as [usize; 0]);
    }

    #[test]
    fn ascii_forms_find_the_same_on_ascii_text_and_are_not_used_on_other_text() {
        let patterns = [
            r"(?i)\b(?:minister|secretar(?:y|ies))s?\b",
            r"\w+(?:'s)?\b",
            r"(?i)\bK\w*s\b",
            r"[^\p{L}\p{N}'\-]\p{Lu}\p{Ll}+",
            r"\d{1,2} \p{L}+ \d{4}|\D\B\W",
            r"^\p{Lu}[\p{Ll}'\-]+(\s+\p{Lu}[\p{Ll}'\-]+){1,2}$",
            r"(?i)\b(?:denied|kept)\b[^.;]{0,20}$",
            r"(?i)x.*s\S+[^\s,–]+[‘’'•-]k",
        ];
        let texts = [
            "The Minister met SECRETARIES of_state; minister's aides.",
            "Kerry's kites, Ks and sKs on 12 March 2024 - x_y 3rd",
            "",
            " ",
            "_a_ 9b b9 'quoted' -dash- end.",
            "John O'Neil-Smith",
            "they DENIED it, then kept quiet",
            "Xs ask - box of SKs; Xylophones's' 'K",
        ];
        for pattern in patterns {
            let p = Pattern::new(pattern).unwrap();
            assert!(p.ascii.is_some(), "{pattern} has an ASCII form");
            let unicode = RegexBuilder::new(pattern).build().unwrap();
            for text in texts {
                assert_finds_as_written(&p, pattern, text);
                assert_eq!(p.is_match(text), unicode.is_match(text));
            }
        }
        // Texts that are not ASCII are searched with the regex as written.
        let word = Pattern::new(r"\b\w+\b").unwrap();
        let found: Vec<&str> = word
            .find_iter("Müller and Łukasz")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(found, ["Müller", "and", "Łukasz"]);
        let rules = Rules::new([r"\bMü\w+", r"\band\b"]);
        assert_eq!(
            rules
                .matching("Müller and")
                .map(|(i, _)| i)
                .collect::<Vec<_>>(),
            [0, 1]
        );
    }

    /// Each thread searches with a clone of its own (so it owns that clone's cache pool), the
    /// same one every time, and the clones find what the regex finds.
    #[test]
    fn each_thread_searches_its_own_clone() {
        let regex = PerThread::new(Regex::new(r"\bcalled\b").unwrap());
        let here = regex.get() as *const Regex as usize;
        assert_eq!(here, regex.get() as *const Regex as usize);
        let there = std::thread::scope(|s| {
            s.spawn(|| {
                assert!(regex.get().is_match("she called him"));
                regex.get() as *const Regex as usize
            })
            .join()
            .unwrap()
        });
        assert_ne!(here, there);
        assert!(regex.get().is_match("he called her"));
        assert!(!regex.get().is_match("recalled"));
    }
}
