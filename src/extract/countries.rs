//! Country mentions: names, demonyms, capitals and institutions that stand for a country.
//!
//! In: a normalised sentence and the knowledge's country phrases. Out: [`CountryMention`]s with
//! spans and ISO codes. Must not: decide what the country is doing in the sentence.
//!
//! A phrase counts where it stands between delimiters: after the start of the text or a
//! character that is not a letter, digit, apostrophe or hyphen, and before the end or a character
//! that is not a letter, digit or hyphen, with an optional plural or possessive ending ("s",
//! "'s", "'") in between. Delimiters are checked by hand because phrases like "U.S." end in
//! punctuation, where `\b` does not apply. Where several phrases start at one place the longest
//! that fits wins; the next mention is looked for after the previous one's end.
//!
//! Phrases are looked for only where one may start (after a delimiter), among those that begin
//! with the two bytes found there (by the first byte alone, every capitalised word was compared
//! with every phrase of its letter: 68M instructions on 2,000 generated articles, now 23M), and
//! the rest checked only where a phrase occurs (a test checks this gives what the single regex
//! it replaced gave: 8% of extraction's time went to that regex's searches and capture groups).

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
    /// Longest first: where two phrases start at one place, the longer one that fits wins.
    phrases: Vec<String>,
    /// Indices of the phrases of two bytes or more by their first two bytes (`[b0][b1]` at
    /// `b0 * 256 + b1`), longest first; empty buckets take no room beyond the table.
    by_two: Vec<Vec<usize>>,
    /// Indices of the one-byte phrases by that byte (they are the shortest, so they come after
    /// every longer phrase that starts at one place).
    single: Vec<Vec<usize>>,
    /// `\p{L}` or `\p{N}`, for characters outside ASCII.
    word: crate::rules::PerThread<Regex>,
}

/// The endings a phrase may carry, tried in this order before none.
const ENDINGS: [&str; 4] = ["s", "'s", "'", ""];

impl CountryMatcher {
    pub fn new(knowledge: &Knowledge) -> CountryMatcher {
        let phrases: Vec<String> = knowledge
            .country_phrases()
            .into_iter()
            .map(str::to_string)
            .collect();
        let mut by_two = vec![Vec::new(); 1 << 16];
        let mut single = vec![Vec::new(); 256];
        for (i, phrase) in phrases.iter().enumerate() {
            match phrase.as_bytes() {
                [] => {}
                [b] => single[usize::from(*b)].push(i),
                [b0, b1, ..] => by_two[two_bytes(*b0, *b1)].push(i),
            }
        }
        CountryMatcher {
            phrases,
            by_two,
            single,
            word: crate::rules::PerThread::new(
                Regex::new(r"^[\p{L}\p{N}]").expect("a fixed pattern"),
            ),
        }
    }

    pub fn mentions(&self, text: &str, knowledge: &Knowledge) -> Vec<CountryMention> {
        let mut out = Vec::new();
        // Every occurrence of every phrase, by start, then longest first.
        let hits = self.occurrences(text);
        if hits.is_empty() {
            return out;
        }
        // Where a match may begin: where a phrase starts, and before a "the " that leads to one
        // (the regex tried "the" and whitespace before a phrase first, wherever it began).
        let mut starts: Vec<usize> = Vec::with_capacity(hits.len() + 1);
        for &(start, _) in &hits {
            if let Some(the) = the_before(&text[..start]) {
                starts.push(the);
            }
            starts.push(start);
        }
        starts.sort_unstable();
        starts.dedup();
        let mut at = 0;
        for start in starts {
            if !self.starts_phrase(text, start, at) {
                continue;
            }
            // "the States" is a phrase, but where "the" and spaces lead to another phrase that
            // fits, that one is the mention.
            let fit = the_and_space(&text[start..])
                .and_then(|n| Some(start + n).zip(self.fit(text, &hits, start + n)))
                .or_else(|| Some(start).zip(self.fit(text, &hits, start)));
            if let Some((start, (phrase_end, end))) = fit {
                if let Some((code, cue)) = knowledge.country_of_phrase(&text[start..phrase_end]) {
                    out.push(CountryMention {
                        start,
                        end,
                        code: code.to_string(),
                        cue,
                    });
                }
                // The next mention may start right after this one's end (a shared delimiter).
                at = end.max(at + 1);
            }
        }
        out
    }

    /// Every phrase that occurs where a phrase may start (the start of the text or after a
    /// delimiter), by start, then longest first.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        for (q, &b) in bytes.iter().enumerate() {
            // Most bytes are inside words: the byte before says so without a look-up.
            if q > 0 && bytes[q - 1].is_ascii_alphanumeric() {
                continue;
            }
            let longer = match bytes.get(q + 1) {
                Some(&next) => self.by_two[two_bytes(b, next)].as_slice(),
                None => &[],
            };
            let single = self.single[usize::from(b)].as_slice();
            if longer.is_empty() && single.is_empty() || q > 0 && !self.after_delimiter(text, q) {
                continue;
            }
            let rest = &bytes[q..];
            hits.extend(
                longer
                    .iter()
                    .filter(|&&p| rest.starts_with(self.phrases[p].as_bytes()))
                    .chain(single)
                    .map(|&p| (q, p)),
            );
        }
        hits
    }

    /// The character before byte `q` (a character boundary, not 0) is a delimiter.
    fn after_delimiter(&self, text: &str, q: usize) -> bool {
        let before = text.as_bytes()[q - 1];
        if before.is_ascii() {
            return !before.is_ascii_alphanumeric() && before != b'\'' && before != b'-';
        }
        text.is_char_boundary(q)
            && text[..q]
                .chars()
                .next_back()
                .is_some_and(|c| !self.is_word(c))
    }

    /// The first phrase of `hits` (sorted) that starts at `start` and fits there.
    fn fit(&self, text: &str, hits: &[(usize, usize)], start: usize) -> Option<(usize, usize)> {
        let from = hits.partition_point(|h| h.0 < start);
        hits[from..]
            .iter()
            .take_while(|h| h.0 == start)
            .find_map(|&(_, p)| self.fits(text, start, &self.phrases[p]))
    }

    /// A phrase may start at `start`: at the start of the text (when looking from there), or
    /// after a delimiter that lies at or after `at`.
    fn starts_phrase(&self, text: &str, start: usize, at: usize) -> bool {
        if start == 0 {
            return at == 0;
        }
        let before = text[..start].chars().next_back().map_or(0, char::len_utf8);
        start - before >= at && self.after_delimiter(text, start)
    }

    /// The phrase's end and, with its ending, the mention's end, when a delimiter follows.
    fn fits(&self, text: &str, start: usize, phrase: &str) -> Option<(usize, usize)> {
        let phrase_end = start + phrase.len();
        let rest = &text[phrase_end..];
        ENDINGS.iter().find_map(|ending| {
            let after = rest.strip_prefix(ending)?;
            match after.chars().next() {
                Some(c) if self.is_word(c) || c == '-' => None,
                _ => Some((phrase_end, phrase_end + ending.len())),
            }
        })
    }

    fn is_word(&self, c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            self.word.get().is_match(c.encode_utf8(&mut [0; 4]))
        }
    }
}

/// The bucket of a phrase that starts with these two bytes.
fn two_bytes(b0: u8, b1: u8) -> usize {
    usize::from(b0) << 8 | usize::from(b1)
}

/// The length of "the" and the whitespace after it, when `text` starts so.
fn the_and_space(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("the")?;
    let space: usize = rest
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    (space > 0).then_some(3 + space)
}

/// Where a "the" and whitespace that end `text` begin.
fn the_before(text: &str) -> Option<usize> {
    let trimmed = text.trim_end_matches(char::is_whitespace);
    (trimmed.len() < text.len() && trimmed.ends_with("the")).then(|| trimmed.len() - 3)
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

    /// The regex this matcher replaced, searched the way it was.
    fn old_regex(k: &Knowledge) -> Regex {
        let alternation = k
            .country_phrases()
            .iter()
            .map(|p| regex::escape(p))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!(
            r"(?:^|[^\p{{L}}\p{{N}}'\-])(?:the\s+)?(?P<c>{alternation})(?P<suffix>s|'s|')?(?:$|[^\p{{L}}\p{{N}}\-])"
        ))
        .unwrap()
    }

    fn by_regex(k: &Knowledge, regex: &Regex, text: &str) -> Vec<CountryMention> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(caps) = regex.captures_at(text, at) else {
                break;
            };
            let phrase = caps.name("c").unwrap();
            let end = caps.name("suffix").map_or(phrase.end(), |s| s.end());
            if let Some((code, cue)) = k.country_of_phrase(phrase.as_str()) {
                out.push(CountryMention {
                    start: phrase.start(),
                    end,
                    code: code.to_string(),
                    cue,
                });
            }
            at = end.max(at + 1);
        }
        out
    }

    #[test]
    fn same_mentions_as_the_regex_it_replaced() {
        // The bundled phrases and, to try phrases that begin with "the" before another phrase,
        // "States" and "the the States" for an invented country.
        let extra = "@prefix ro: <https://w3id.org/readout/ontology#> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <https://w3id.org/readout/id/country/XT> a ro:Country ; ro:isoCode \"XT\" ;
              skos:prefLabel \"Testland\"@en ; skos:altLabel \"States\"@en , \"the the States\"@en ;
              ro:demonym \"Testlandish\"@en .";
        let k = bundled_with(&[("extra.ttl".into(), extra.into())]).unwrap();
        assert_eq!(k.country_of_phrase("States").map(|c| c.0), Some("XT"));
        let m = CountryMatcher::new(&k);
        // Phrases do not begin with whitespace (the regex's "the\s+" could otherwise give some up).
        assert!(k
            .country_phrases()
            .iter()
            .all(|p| !p.starts_with(char::is_whitespace)));
        let phrases = k.country_phrases();
        let regex = old_regex(&k);
        let glue = [
            "", " ", "the ", "-", "'", "'s", "s", "'s ", "s.", ",", "x", "é", "—", "“", "1", "\n",
            "the  ", "Ü", "s-", "’", ". ",
        ];
        // Every phrase between every pair of delimiters, and phrases run together.
        let mut texts = Vec::new();
        for (n, p) in phrases.iter().enumerate() {
            for a in glue {
                for b in glue {
                    texts.push(format!("{a}{p}{b}"));
                }
            }
            let q = phrases[(n * 7 + 3) % phrases.len()];
            let r = phrases[(n * 13 + 5) % phrases.len()];
            texts.push(format!("{p} {q}'s {r}s"));
            texts.push(format!("{p}{q} {r}"));
            texts.push(format!("the {p}, {q}-{r} and {r}'"));
            texts.push(format!("{}{}", &p[..p.len() / 2], q));
        }
        for text in &texts {
            assert_eq!(m.mentions(text, &k), by_regex(&k, &regex, text), "{text:?}");
        }
        // Sentences of the bundled example texts and the test articles, when present.
        for dir in ["tests/fixtures", "../shared/eval/dev"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                eprintln!("skipping {dir}: not present");
                continue;
            };
            for entry in entries.flatten() {
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                for line in text.lines() {
                    assert_eq!(m.mentions(line, &k), by_regex(&k, &regex, line), "{line:?}");
                }
            }
        }
    }
}
