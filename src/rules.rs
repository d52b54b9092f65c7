//! A table of regular-expression rules searched together.
//!
//! In: patterns, in priority order. Out: a [`Rules`] that first asks combined automata (one for
//! the rules anchored at the start, one for the rest) which rules can match a text at all, then
//! runs only those, in order. Must not: know what the
//! rules mean (their callers do). Most sentences match none of a table's rules, so this keeps
//! extraction to about one scan per table instead of one per rule.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Room for each regex's lazy DFA (the regex crate's default is 2 MiB). Case-insensitive rules
/// with Unicode word boundaries build many states, and on varied text the default cache fills,
/// is cleared and is built again (measured on the Reuters corpus: 5% less extraction time with
/// this room, 10 MB more memory).
const DFA_CACHE: usize = 16 << 20;

/// A regex with the lazy-DFA room the rule tables use; for the rules outside a table.
pub fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).dfa_size_limit(DFA_CACHE).build()
}

pub struct Rules {
    regexes: Vec<Regex>,
    /// Rules anchored at the start of the text (`^...`) and the others, each with one combined
    /// automaton: a search for the anchored ones stops within a few bytes, while one set of both
    /// kinds would scan every text to its end.
    sets: Vec<RegexSet>,
    /// For each rule, its set and its index there.
    place: Vec<(usize, usize)>,
}

impl Rules {
    /// Compiles the patterns; a bad pattern is a bug in the rule table, so it panics with the
    /// pattern.
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Rules {
        let patterns: Vec<String> = patterns
            .into_iter()
            .map(|p| p.as_ref().to_string())
            .collect();
        let regexes = patterns
            .iter()
            .map(|p| regex(p).unwrap_or_else(|e| panic!("rule {p:?}: {e}")))
            .collect();
        let mut groups: Vec<(bool, Vec<&str>)> = Vec::new();
        let mut place = Vec::with_capacity(patterns.len());
        for p in &patterns {
            let anchored = p.starts_with('^');
            let group = match groups.iter().position(|(a, _)| *a == anchored) {
                Some(g) => g,
                None => {
                    groups.push((anchored, Vec::new()));
                    groups.len() - 1
                }
            };
            place.push((group, groups[group].1.len()));
            groups[group].1.push(p);
        }
        let sets = groups
            .iter()
            .map(|(_, group)| {
                RegexSetBuilder::new(group)
                    .dfa_size_limit(DFA_CACHE)
                    .build()
                    .unwrap_or_else(|e| panic!("rule table: {e}"))
            })
            .collect();
        Rules {
            regexes,
            sets,
            place,
        }
    }

    /// The rules (index and regex) that match somewhere in `text`, in table order.
    pub fn matching<'a>(&'a self, text: &str) -> impl Iterator<Item = (usize, &'a Regex)> + 'a {
        // At most two sets: no vector of results per call.
        let hits: [Option<regex::SetMatches>; 2] =
            [0, 1].map(|g| self.sets.get(g).map(|s| s.matches(text)));
        self.regexes.iter().enumerate().filter(move |(i, _)| {
            let (set, index) = self.place[*i];
            hits[set].as_ref().is_some_and(|h| h.matched(index))
        })
    }

    pub fn get(&self, index: usize) -> &Regex {
        &self.regexes[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_matching_rules_are_returned_in_order() {
        let rules = Rules::new([r"\bcat\b", r"\bdog\b", r"\bbird\b"]);
        let hits: Vec<usize> = rules.matching("a bird and a cat").map(|(i, _)| i).collect();
        assert_eq!(hits, vec![0, 2]);
        assert!(rules.get(1).is_match("dog"));
        // Anchored and unanchored rules mixed: still every match, in table order.
        let rules = Rules::new([r"bird", r"^a\b", r"^the\b", r"cat$", r"^a bird"]);
        let hits: Vec<usize> = rules.matching("a bird and a cat").map(|(i, _)| i).collect();
        assert_eq!(hits, vec![0, 1, 3, 4]);
    }
}
