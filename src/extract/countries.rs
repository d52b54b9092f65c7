//! Country mentions: names, demonyms, capitals and institutions that stand for a country.
//!
//! In: a normalised sentence and the knowledge's country phrases. Out: [`CountryMention`]s with
//! spans and ISO codes. Must not: decide what the country is doing in the sentence.

use regex::Regex;

use crate::knowledge::{CountryCue, Knowledge};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryMention {
    pub start: usize,
    pub end: usize,
    pub code: String,
    pub cue: CountryCue,
}

/// Finds country phrases; built once per knowledge.
#[derive(Clone, Debug)]
pub struct CountryMatcher {
    regex: Regex,
}

impl CountryMatcher {
    pub fn new(knowledge: &Knowledge) -> CountryMatcher {
        let alternation = knowledge
            .country_phrases()
            .iter()
            .map(|p| regex::escape(p))
            .collect::<Vec<_>>()
            .join("|");
        // Delimiters are matched explicitly because phrases like "U.S." end in punctuation,
        // where \b does not apply; a plural or possessive ending is allowed.
        let pattern = format!(
            r"(?:^|[^\p{{L}}\p{{N}}'\-])(?:the\s+)?(?P<c>{alternation})(?P<suffix>s|'s|')?(?:$|[^\p{{L}}\p{{N}}\-])"
        );
        CountryMatcher {
            regex: crate::rules::regex(&pattern).expect("country phrases are escaped"),
        }
    }

    pub fn mentions(&self, text: &str, knowledge: &Knowledge) -> Vec<CountryMention> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(caps) = self.regex.captures_at(text, at) else {
                break;
            };
            let phrase = caps.name("c").expect("group c always matches");
            let end = caps.name("suffix").map_or(phrase.end(), |s| s.end());
            if let Some((code, cue)) = knowledge.country_of_phrase(phrase.as_str()) {
                out.push(CountryMention {
                    start: phrase.start(),
                    end,
                    code: code.to_string(),
                    cue,
                });
            }
            // Continue right after the phrase so that a shared delimiter can start the next.
            at = end.max(at + 1);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::knowledge::bundled_with;

    #[test]
    fn names_demonyms_capitals_and_institutions() {
        let k = bundled_with(&[]).unwrap();
        let m = CountryMatcher::new(&k);
        let text = "Russia, US defence chiefs; the U.S. and Russian sides; Moscow's view; the Pentagon said; the Americans";
        let codes: Vec<_> = m.mentions(text, &k).into_iter().map(|c| c.code).collect();
        assert_eq!(codes, vec!["RU", "US", "US", "RU", "RU", "US", "US"]);
    }
}
