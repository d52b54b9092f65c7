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
    /// The full keys split into words, for tolerant look-ups.
    /// Bucketed by (number of words, length of the last word in characters): a tolerant
    /// look-up only compares keys that can be one slip away.
    split_keys: BTreeMap<(usize, usize), Vec<SplitKey>>,
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
        for (key, people) in &self.by_full_key {
            let words: Vec<String> = key.split(' ').map(str::to_string).collect();
            let last = words.last().map_or(0, |w| w.chars().count());
            self.split_keys
                .entry((words.len(), last))
                .or_default()
                .push((words, people.clone()));
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
        let last = words.last().map_or(0, |w| w.chars().count());
        let mut found = Vec::new();
        let buckets = (last.saturating_sub(1)..=last + 1)
            .filter_map(|len| self.split_keys.get(&(words.len(), len)))
            .flatten();
        for (cwords, people) in buckets {
            if cwords.iter().zip(&words).all(|(a, b)| names::near(a, b)) {
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

fn push_unique(list: &mut Vec<usize>, item: usize) {
    if !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
