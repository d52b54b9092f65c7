//! A language's words for contacts, as data: the contact words, initiator cues and named
//! filters of `lang/<code>/contacts.tsv`, compiled into the binary.
//!
//! In: the text of such a file. Out: a [`Lexicon`] of rules in the order written, and named
//! patterns the engine asks for by name. Must not: know what a rule's words mean (that is
//! `extract::contacts`, which applies them the same way in every language). Adding a language is
//! adding its file; a file that does not parse is a bug caught by the tests, not an input error.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::contacts::{AgentSide, Kind};

/// Words that report a contact.
#[derive(Clone, Debug)]
pub struct TriggerRule {
    pub name: String,
    pub kind: Kind,
    /// "phone call", "met": the words say the kind; "spoke", "talks": they only suggest it.
    pub strong: bool,
    /// The words also say who started it ("X rang Y").
    pub initiates: bool,
    pub pattern: String,
}

/// Words saying who started a contact, and where the agent stands.
#[derive(Clone, Debug)]
pub struct InitiatorRule {
    pub name: String,
    pub side: AgentSide,
    pub pattern: String,
}

/// One language's contact words.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub triggers: Vec<TriggerRule>,
    pub initiators: Vec<InitiatorRule>,
    patterns: BTreeMap<String, String>,
}

/// English, the language of every article today.
pub static ENGLISH: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::parse(include_str!("../../lang/en/contacts.tsv"))
        .unwrap_or_else(|e| panic!("lang/en/contacts.tsv: {e}"))
});

impl Lexicon {
    /// Reads a rules file: `trigger`, `initiator` and `pattern` lines, tab-separated.
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let mut lexicon = Lexicon::default();
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            lexicon
                .add(line)
                .map_err(|e| format!("line {}: {e}", number + 1))?;
        }
        Ok(lexicon)
    }

    fn add(&mut self, line: &str) -> Result<(), String> {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["trigger", name, kind, strength, initiates, pattern] => {
                self.triggers.push(TriggerRule {
                    name: name.to_string(),
                    kind: match *kind {
                        "call" => Kind::Call,
                        "meeting" => Kind::Meeting,
                        other => return Err(format!("kind {other:?} is not call or meeting")),
                    },
                    strong: flag(strength, "strong", "weak")?,
                    initiates: flag(initiates, "initiates", "-")?,
                    pattern: pattern.to_string(),
                });
            }
            ["initiator", name, side, pattern] => self.initiators.push(InitiatorRule {
                name: name.to_string(),
                side: match *side {
                    "before" => AgentSide::Before,
                    "after" => AgentSide::After,
                    other => return Err(format!("side {other:?} is not before or after")),
                },
                pattern: pattern.to_string(),
            }),
            ["pattern", name, pattern] => {
                self.patterns.insert(name.to_string(), pattern.to_string());
            }
            _ => {
                return Err(format!(
                    "expected `trigger`, `initiator` or `pattern` and its tab-separated fields, got {line:?}"
                ))
            }
        }
        Ok(())
    }

    /// The named pattern. Every name the engine asks for is in every language's file (a test
    /// checks it), so a missing one is a bug.
    pub fn pattern(&self, name: &str) -> &str {
        self.patterns
            .get(name)
            .unwrap_or_else(|| panic!("contact rules: no pattern named {name:?}"))
    }

    /// A named pattern compiled.
    pub fn compiled(&self, name: &str) -> crate::rules::Pattern {
        crate::rules::regex(self.pattern(name))
            .unwrap_or_else(|e| panic!("contact rules: pattern {name:?}: {e}"))
    }
}

fn flag(value: &str, yes: &str, no: &str) -> Result<bool, String> {
    match value {
        v if v == yes => Ok(true),
        v if v == no => Ok(false),
        other => Err(format!("{other:?} is not {yes} or {no}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_rules_load_and_compile() {
        let en = &*ENGLISH;
        assert!(en.triggers.len() >= 8 && en.initiators.len() >= 10);
        for rule in &en.triggers {
            regex::Regex::new(&rule.pattern).unwrap_or_else(|e| panic!("{}: {e}", rule.name));
        }
        for rule in &en.initiators {
            regex::Regex::new(&rule.pattern).unwrap_or_else(|e| panic!("{}: {e}", rule.name));
        }
        for name in en.patterns.keys() {
            en.compiled(name);
        }
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = Lexicon::parse("# comment\n\ntrigger\tx\tchat\tstrong\t-\tfoo\n").unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
        assert!(Lexicon::parse("initiator\tx\tbefore\n").is_err());
    }
}
