//! What the extractor knows before reading: countries, institutions, people and their offices.
//!
//! In: plain records (built from `ontology/knowledge.ttl` and user files by `rdf::knowledge`).
//! Out: look-ups by name key, by surname, by office on a date. Must not: parse RDF or read files
//! (that is `rdf::knowledge`), or guess: a look-up that is not unique answers nothing.

use std::collections::BTreeMap;

use crate::date::Day;
use crate::names;

/// The role of an official, on one scale for every national style of title.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Role {
    HeadOfState,
    HeadOfGovernment,
    DefenseMinister,
    ForeignMinister,
    MilitaryChief,
    SecurityAdviser,
    Diplomat,
    Spokesperson,
    Other,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::HeadOfState,
        Role::HeadOfGovernment,
        Role::DefenseMinister,
        Role::ForeignMinister,
        Role::MilitaryChief,
        Role::SecurityAdviser,
        Role::Diplomat,
        Role::Spokesperson,
        Role::Other,
    ];

    /// The label used in JSON output and gold files.
    pub fn label(self) -> &'static str {
        match self {
            Role::HeadOfState => "head of state",
            Role::HeadOfGovernment => "head of government",
            Role::DefenseMinister => "defense minister",
            Role::ForeignMinister => "foreign minister",
            Role::MilitaryChief => "military chief",
            Role::SecurityAdviser => "security adviser",
            Role::Diplomat => "diplomat",
            Role::Spokesperson => "spokesperson",
            Role::Other => "other",
        }
    }

    /// The local name of the role's IRI in the readout ontology.
    pub fn local_name(self) -> &'static str {
        match self {
            Role::HeadOfState => "HeadOfState",
            Role::HeadOfGovernment => "HeadOfGovernment",
            Role::DefenseMinister => "DefenseMinister",
            Role::ForeignMinister => "ForeignMinister",
            Role::MilitaryChief => "MilitaryChief",
            Role::SecurityAdviser => "SecurityAdviser",
            Role::Diplomat => "Diplomat",
            Role::Spokesperson => "Spokesperson",
            Role::Other => "OtherRole",
        }
    }

    pub fn from_local_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.local_name() == name)
    }

    pub fn from_label(label: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.label() == label)
    }

    /// Roles that take part in contacts (a spokesperson speaks about them, a diplomat may do
    /// both).
    pub fn is_principal(self) -> bool {
        !matches!(self, Role::Spokesperson)
    }
}

/// One person holding one role between two days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeTerm {
    pub role: Role,
    pub country: Option<String>,
    pub start: Option<Day>,
    pub end: Option<Day>,
}

impl OfficeTerm {
    pub fn covers(&self, day: Day) -> bool {
        self.start.is_none_or(|s| s <= day) && self.end.is_none_or(|e| day < e)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownPerson {
    /// Last segment of the person's IRI (`lloyd-austin`).
    pub slug: String,
    pub name: String,
    pub variants: Vec<String>,
    pub wikidata: Option<String>,
    pub terms: Vec<OfficeTerm>,
}

impl KnownPerson {
    /// The office held on `day`, or with no day the most recent one.
    pub fn office_on(&self, day: Option<Day>) -> Option<&OfficeTerm> {
        match day {
            Some(day) => self.terms.iter().find(|t| t.covers(day)),
            None => self.terms.iter().max_by_key(|t| t.start),
        }
    }

    /// Whether the person ever held `role` for `country`.
    pub fn ever_held(&self, role: Role, country: Option<&str>) -> bool {
        self.terms
            .iter()
            .any(|t| t.role == role && (country.is_none() || t.country.as_deref() == country))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub names: Vec<String>,
    pub demonyms: Vec<String>,
    pub metonyms: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Institution {
    pub slug: String,
    pub names: Vec<String>,
    pub country: String,
    pub head_role: Option<Role>,
}

/// How a country was named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountryCue {
    Name,
    Demonym,
    Metonym,
    Institution(usize),
}

/// A full-name key split into words, with the people it names.
type SplitKey = (Vec<String>, Vec<usize>);

/// All knowledge, with its indexes.
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    pub people: Vec<KnownPerson>,
    pub countries: Vec<Country>,
    pub institutions: Vec<Institution>,
    by_full_key: BTreeMap<String, Vec<usize>>,
    /// The full keys split into words, for tolerant look-ups, ordered by number of words,
    /// length of the last word in characters, then key.
    split_keys: Vec<SplitKey>,
    /// The last word of each split key, and that word less any one character, to the split
    /// keys ending so: two words one edit apart share one of these (a symmetric-delete index),
    /// so a tolerant look-up compares only keys that can be one slip away.
    split_by_last: rustc_hash::FxHashMap<String, Vec<usize>>,
    by_surname_key: BTreeMap<String, Vec<usize>>,
    by_country_word: BTreeMap<String, (String, CountryCue)>,
}

impl Knowledge {
    pub fn new(
        people: Vec<KnownPerson>,
        countries: Vec<Country>,
        institutions: Vec<Institution>,
    ) -> Knowledge {
        let mut knowledge = Knowledge {
            people,
            countries,
            institutions,
            ..Knowledge::default()
        };
        knowledge.index();
        knowledge
    }

    fn index(&mut self) {
        for (i, person) in self.people.iter().enumerate() {
            for name in std::iter::once(&person.name).chain(&person.variants) {
                let key = names::name_key(name);
                push_unique(self.by_full_key.entry(key.clone()).or_default(), i);
                if let Some(last) = surname_of(&key) {
                    push_unique(self.by_surname_key.entry(last).or_default(), i);
                }
            }
        }
        let mut split: Vec<((usize, usize), SplitKey)> = self
            .by_full_key
            .iter()
            .map(|(key, people)| {
                let words: Vec<String> = key.split(' ').map(str::to_string).collect();
                let last = words.last().map_or(0, |w| w.chars().count());
                ((words.len(), last), (words, people.clone()))
            })
            .collect();
        split.sort_by_key(|(bucket, _)| *bucket);
        self.split_keys = split.into_iter().map(|(_, key)| key).collect();
        for (i, (words, _)) in self.split_keys.iter().enumerate() {
            let last = words.last().map_or("", String::as_str);
            with_one_deletion(last, |variant| {
                push_unique(
                    self.split_by_last.entry(variant.to_string()).or_default(),
                    i,
                );
            });
        }
        for country in &self.countries {
            let cues = [
                (&country.names, CountryCue::Name),
                (&country.demonyms, CountryCue::Demonym),
                (&country.metonyms, CountryCue::Metonym),
            ];
            for (words, cue) in cues {
                for word in std::iter::once(&country.name)
                    .filter(|_| cue == CountryCue::Name)
                    .chain(words)
                {
                    self.by_country_word
                        .entry(word.clone())
                        .or_insert((country.code.clone(), cue));
                }
            }
        }
        for (i, inst) in self.institutions.iter().enumerate() {
            for name in &inst.names {
                self.by_country_word
                    .entry(name.clone())
                    .or_insert((inst.country.clone(), CountryCue::Institution(i)));
            }
        }
    }

    /// Every phrase that names a country (names, demonyms, capitals, institutions), exactly as
    /// written in the knowledge, longest first.
    pub fn country_phrases(&self) -> Vec<&str> {
        let mut phrases: Vec<&str> = self.by_country_word.keys().map(String::as_str).collect();
        phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        phrases
    }

    /// The country a phrase names, and how.
    pub fn country_of_phrase(&self, phrase: &str) -> Option<(&str, CountryCue)> {
        let phrase = phrase.trim_start_matches("the ").trim_start_matches("The ");
        let phrase = phrase
            .strip_suffix("'s")
            .or_else(|| phrase.strip_suffix('\''))
            .unwrap_or(phrase);
        self.by_country_word
            .get(phrase)
            .map(|(code, cue)| (code.as_str(), *cue))
    }

    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// People whose full name (or a variant) has this key, allowing one-letter slips in long
    /// words.
    pub fn people_by_name(&self, key: &str) -> Vec<usize> {
        if let Some(found) = self.by_full_key.get(key) {
            return found.clone();
        }
        let words: Vec<&str> = key.split(' ').collect();
        let mut candidates: Vec<usize> = Vec::new();
        with_one_deletion(words.last().unwrap_or(&""), |variant| {
            if let Some(keys) = self.split_by_last.get(variant) {
                candidates.extend(keys);
            }
        });
        // In the order of the keys, so that the people come in a fixed order.
        candidates.sort_unstable();
        candidates.dedup();
        let mut found = Vec::new();
        for (cwords, people) in candidates.into_iter().map(|i| &self.split_keys[i]) {
            if cwords.len() == words.len()
                && cwords.iter().zip(&words).all(|(a, b)| names::near(a, b))
            {
                for &p in people {
                    push_unique(&mut found, p);
                }
            }
        }
        found
    }

    /// People with this surname key (exact key match only: a bare surname is too little to
    /// forgive a misspelling).
    pub fn people_by_surname(&self, key: &str) -> &[usize] {
        self.by_surname_key
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Who held `role` for `country` on `day`; `None` unless exactly one person did.
    pub fn holder(&self, role: Role, country: &str, day: Day) -> Option<usize> {
        let mut holders = self.people.iter().enumerate().filter(|(_, p)| {
            p.terms
                .iter()
                .any(|t| t.role == role && t.country.as_deref() == Some(country) && t.covers(day))
        });
        let first = holders.next()?.0;
        holders.next().is_none().then_some(first)
    }
}

/// The last word of a name key, skipping generational suffixes.
pub fn surname_of(key: &str) -> Option<String> {
    key.split(' ')
        .rev()
        .find(|w| !matches!(*w, "jr" | "sr" | "ii" | "i" | "iii" | "iv"))
        .map(str::to_string)
}

/// Calls `f` with a word and with the word less each one of its characters, in that order.
fn with_one_deletion(word: &str, mut f: impl FnMut(&str)) {
    f(word);
    let mut variant = String::with_capacity(word.len());
    for (i, c) in word.char_indices() {
        variant.clear();
        variant.push_str(&word[..i]);
        variant.push_str(&word[i + c.len_utf8()..]);
        f(&variant);
    }
}

fn push_unique(list: &mut Vec<usize>, item: usize) {
    if !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The symmetric-delete index finds exactly what comparing every key finds, for every
    /// bundled name and its one-slip variants (a letter changed, dropped or added).
    #[test]
    fn tolerant_look_ups_find_what_a_full_scan_finds() {
        let k = crate::rdf::knowledge::bundled_with(&[]).unwrap();
        let scan = |key: &str| -> Vec<usize> {
            let words: Vec<&str> = key.split(' ').collect();
            let mut found = Vec::new();
            for (cwords, people) in &k.split_keys {
                if cwords.len() == words.len()
                    && cwords.iter().zip(&words).all(|(a, b)| names::near(a, b))
                {
                    for &p in people {
                        push_unique(&mut found, p);
                    }
                }
            }
            found
        };
        let (mut checked, mut found) = (0, 0);
        for (words, _) in &k.split_keys {
            let key = words.join(" ");
            let chars: Vec<char> = key.chars().collect();
            let n = chars.len();
            let mut variants = vec![key.clone()];
            for at in [n.saturating_sub(2), n.saturating_sub(4), n / 2] {
                let mut changed = chars.clone();
                changed[at] = 'x';
                variants.push(changed.iter().collect());
                let mut dropped = chars.clone();
                dropped.remove(at);
                variants.push(dropped.iter().collect());
                let mut added = chars.clone();
                added.insert(at, 'q');
                variants.push(added.iter().collect());
            }
            for variant in variants {
                if k.by_full_key.contains_key(&variant) {
                    continue;
                }
                let people = k.people_by_name(&variant);
                assert_eq!(people, scan(&variant), "{variant}");
                checked += 1;
                found += usize::from(!people.is_empty());
            }
        }
        assert!(
            checked > 500 && found > 100,
            "{checked} variants, {found} found someone"
        );
    }

    fn sample() -> Knowledge {
        let term = |role, country: &str, start: &str, end: Option<&str>| OfficeTerm {
            role,
            country: Some(country.into()),
            start: Day::parse(start),
            end: end.and_then(Day::parse),
        };
        Knowledge::new(
            vec![
                KnownPerson {
                    slug: "sergei-shoigu".into(),
                    name: "Sergei Shoigu".into(),
                    variants: vec!["Sergey Shoygu".into()],
                    wikidata: None,
                    terms: vec![term(
                        Role::DefenseMinister,
                        "RU",
                        "2012-11-06",
                        Some("2024-05-12"),
                    )],
                },
                KnownPerson {
                    slug: "andrey-belousov".into(),
                    name: "Andrey Belousov".into(),
                    variants: vec![],
                    wikidata: None,
                    terms: vec![term(Role::DefenseMinister, "RU", "2024-05-14", None)],
                },
            ],
            vec![Country {
                code: "RU".into(),
                name: "Russia".into(),
                names: vec![],
                demonyms: vec!["Russian".into()],
                metonyms: vec!["Moscow".into()],
            }],
            vec![],
        )
    }

    #[test]
    fn holders_follow_the_calendar() {
        let k = sample();
        let on = |s| Day::parse(s).unwrap();
        assert_eq!(
            k.holder(Role::DefenseMinister, "RU", on("2022-10-21")),
            Some(0)
        );
        assert_eq!(
            k.holder(Role::DefenseMinister, "RU", on("2024-07-12")),
            Some(1)
        );
        assert_eq!(
            k.holder(Role::DefenseMinister, "RU", on("2024-05-13")),
            None
        );
    }

    #[test]
    fn names_are_found_through_spelling_variants() {
        let k = sample();
        assert_eq!(k.people_by_name(&names::name_key("Sergei Shaigu")), vec![0]);
        assert_eq!(k.people_by_surname(&names::word_key("Shoygu")), &[0]);
        assert_eq!(k.country_of_phrase("Moscow's").unwrap().0, "RU");
    }
}
