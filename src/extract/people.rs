//! People named in a sentence, with the titles attached to them, and offices named without a
//! person ("his Russian counterpart", "the defense ministers of Russia and the United States").
//!
//! In: a normalised sentence, its role and country mentions, the knowledge. Out: per sentence,
//! [`NameMention`] candidates and [`OfficeMention`]s; per article, [`resolve_names`] settles who
//! each candidate is. Must not: decide who took part in a contact (that is `extract::contacts`).

use super::countries::CountryMention;
use super::roles::{self, RoleMention};
use crate::date::Day;
use crate::knowledge::{self, CountryCue, Knowledge, Role};
use crate::names;
use std::sync::LazyLock;

/// Who a name refers to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PersonRef {
    /// Index into the knowledge's people.
    Known(usize),
    /// Someone the knowledge does not hold, by name key.
    Unknown(String),
}

/// A name in a sentence, with what its title says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMention {
    pub start: usize,
    pub end: usize,
    /// The name as written, without title (`Sergey Shoygu`).
    pub surface: String,
    /// Start of the title words attached before the name (== `start` when none).
    pub title_start: usize,
    /// End of an apposition after the name (== `end` when none).
    pub apposition_end: usize,
    /// The title's words as written (`Russian Defence Minister Army General`).
    pub title: Option<String>,
    pub role: Option<Role>,
    /// The title names a specific office (not just "Minister" or "Gen.").
    pub role_specific: bool,
    pub country: Option<String>,
    /// Resolved by [`resolve_names`]; `None` when the name is not taken as a person.
    pub person: Option<PersonRef>,
    /// Used as a modifier ("the Biden administration"), not as a mention of the person.
    pub attributive: bool,
    pub rule: &'static str,
}

impl NameMention {
    fn word_count(&self) -> usize {
        self.surface.split_whitespace().count()
    }
}

/// An office named without a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeMention {
    pub start: usize,
    pub end: usize,
    /// `None`: the same office as the other side's ("counterpart", "the Russian minister").
    pub role: Option<Role>,
    pub countries: Vec<String>,
    /// "of both countries", "the two sides": the countries of the contact in context.
    pub both: bool,
    pub plural: bool,
    pub rule: &'static str,
}

/// Word tokens: a letter, then letters, marks, apostrophes and hyphens, and a final full stop
/// if any (`Gen.`, `U.`, `al-Rifa'i`).
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|(_, c)| c.is_alphabetic())?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphabetic() || c == '\'' || c == '-' || is_mark(c) {
                chars.next();
            } else {
                end = if c == '.' { i + 1 } else { i };
                if c == '.' {
                    chars.next();
                }
                break;
            }
        }
        Some((start, end))
    })
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

const PARTICLES: &[&str] = &[
    "bin", "al", "el", "ibn", "von", "van", "der", "de", "da", "du", "la", "le", "di", "dos",
];

/// Name candidates of one sentence (not yet resolved).
pub fn name_mentions(
    text: &str,
    role_mentions: &[RoleMention],
    countries: &[CountryMention],
) -> Vec<NameMention> {
    let tokens: Vec<(usize, usize)> = words(text)
        .map(|(s, e)| (s, trim_possessive(text, s, e)))
        .collect();
    let covered = |pos: usize| {
        role_mentions.iter().any(|r| r.start <= pos && pos < r.end)
            || countries.iter().any(|c| c.start <= pos && pos < c.end)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let is_name_token = |&(s, e): &(usize, usize)| {
            let word = &text[s..e];
            // Arabic names: "Zaid al-Rifa'i".
            let article = || {
                ["al-", "el-", "ad-", "as-", "ash-", "bin-"]
                    .iter()
                    .any(|a| word.starts_with(a) && word.len() > a.len() + 1)
            };
            (word.starts_with(char::is_uppercase) || article())
                && !covered(s)
                && !roles::is_title_word(word)
                && !is_stop_word(word)
        };
        if !is_name_token(&tokens[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && adjacent(text, tokens[j - 1].1, tokens[j].0) {
            let word = &text[tokens[j].0..tokens[j].1];
            let particle = PARTICLES.contains(&word) && j + 1 < tokens.len();
            // "Miguel de la Madrid": after a particle, a capitalised word is part of the name
            // even if it is also a place.
            let after_particle = PARTICLES.contains(&&text[tokens[j - 1].0..tokens[j - 1].1])
                && word.starts_with(char::is_uppercase);
            // "Luis Montenegro": a place name right after a given name is a surname.
            let place_surname = word.starts_with(char::is_uppercase)
                && countries
                    .iter()
                    .any(|c| c.start == tokens[j].0 && c.cue == CountryCue::Name)
                && !roles::is_title_word(&text[tokens[j - 1].0..tokens[j - 1].1]);
            if is_name_token(&tokens[j])
                || particle
                || after_particle
                || place_surname
                || is_suffix(word)
            {
                j += 1;
            } else {
                break;
            }
        }
        // Trailing particles are not part of the name.
        while j > i + 1 && PARTICLES.contains(&&text[tokens[j - 1].0..tokens[j - 1].1]) {
            j -= 1;
        }
        let (start, end) = (tokens[i].0, tokens[j - 1].1);
        out.push(attach_titles(text, start, end, role_mentions, countries));
        i = j;
    }
    out
}

fn trim_possessive(text: &str, start: usize, end: usize) -> usize {
    let word = &text[start..end];
    let trimmed = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| {
            word.strip_suffix('.')
                .filter(|w| w.chars().count() > 1 && !is_initial(w))
        })
        .unwrap_or(word);
    start + trimmed.len()
}

fn is_initial(word: &str) -> bool {
    word.chars().count() == 1 && word.chars().all(char::is_uppercase)
}

fn is_suffix(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "Jr" | "Sr" | "II" | "III" | "IV"
    )
}

fn adjacent(text: &str, end: usize, next: usize) -> bool {
    let gap = &text[end..next];
    gap == " " || gap == ". " && is_initial(text[..end].rsplit(' ').next().unwrap_or(""))
}

/// Capitalised words that start sentences or name things other than people.
fn is_stop_word(word: &str) -> bool {
    static SET: LazyLock<rustc_hash::FxHashSet<&str>> = LazyLock::new(|| {
        include_str!("../../lang/en/name-stop-words.txt")
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
            .collect()
    });
    crate::names::with_lowercase(word.trim_end_matches('.'), |lower| SET.contains(lower))
}

/// The title words before a name (scanning back over titles, ranks, country words, commas,
/// "the", "of") and an apposition after it.
fn attach_titles(
    text: &str,
    start: usize,
    end: usize,
    role_mentions: &[RoleMention],
    countries: &[CountryMention],
) -> NameMention {
    let mut title_start = start;
    let mut pos = start;
    loop {
        let before = &text[..pos];
        let trimmed = before.trim_end_matches([' ', ',']);
        if trimmed.is_empty() || start - trimmed.len() > 120 {
            break;
        }
        let tend = trimmed.len();
        if let Some(r) = role_mentions.iter().find(|r| r.end == tend) {
            pos = r.start;
            title_start = pos;
            continue;
        }
        if let Some(c) = countries.iter().find(|c| c.end == tend) {
            pos = c.start;
            title_start = pos;
            continue;
        }
        let word_start = trimmed
            .char_indices()
            .rfind(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '\'' || c == '-'))
            .map_or(0, |(p, c)| p + c.len_utf8());
        let word = &trimmed[word_start..];
        let lower = word.to_lowercase();
        let glue = matches!(lower.as_str(), "the" | "of" | "'s");
        if (roles::is_title_word(word) && word.starts_with(char::is_uppercase)) || glue {
            pos = word_start;
            if !glue {
                title_start = pos;
            }
            continue;
        }
        break;
    }
    let in_title = |s: usize, e: usize| title_start <= s && e <= start;
    let attached: Vec<&RoleMention> = role_mentions
        .iter()
        .filter(|r| in_title(r.start, r.end))
        .collect();
    let (mut role, mut specific) = pick_role(&attached);
    let mut country = countries
        .iter()
        .rfind(|c| in_title(c.start, c.end))
        .map(|c| c.code.clone());
    // "Russian leader X": a country's leader, with no other office named, is its head of state.
    if !specific && country.is_some() && attached.iter().any(|r| r.rule == "role.leader") {
        role = Some(Role::HeadOfState);
        specific = true;
    }
    let mut apposition_end = end;
    if let Some((role2, country2, appo_end)) = apposition(text, end, role_mentions, countries) {
        if role.is_none() || (!specific && role2.1) {
            role = Some(role2.0);
            specific = role2.1;
        }
        country = country.or(country2);
        apposition_end = appo_end;
    }
    let title = (title_start < start).then(|| text[title_start..start].trim().to_string());
    NameMention {
        start,
        end,
        surface: text[start..end].to_string(),
        title_start,
        apposition_end,
        title,
        role,
        role_specific: specific,
        country,
        person: None,
        attributive: is_attributive(&text[end..], role_mentions, end),
        rule: if title_start < start {
            "person.titled"
        } else {
            "person.name"
        },
    }
}

/// A name followed by a word it modifies: "the Biden administration", "Biden defense secretary".
fn is_attributive(after: &str, role_mentions: &[RoleMention], end: usize) -> bool {
    const MODIFIED: &[&str] = &[
        "administration",
        "government",
        "team",
        "camp",
        "era",
        "aide",
        "aides",
        "official",
        "officials",
        "campaign",
        "doctrine",
        "regime",
        "policy",
        "policies",
        "plan",
        "cabinet",
        "presidency",
        "allies",
        "loyalists",
        "supporters",
        "critics",
        "family",
        "white",
    ];
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    word.starts_with(char::is_lowercase)
        && (MODIFIED.contains(&word.as_str()) || role_mentions.iter().any(|r| r.start == end + 1))
}

/// The most telling role among a title's role words: specific beats generic, the last (nearest
/// the name) beats earlier ones.
fn pick_role(attached: &[&RoleMention]) -> (Option<Role>, bool) {
    let specific = attached
        .iter()
        .rev()
        .find(|r| r.specific && r.rule != "role.rank");
    match specific {
        Some(r) => (Some(r.role), true),
        None => attached
            .iter()
            .rev()
            .find(|r| !r.counterpart && r.rule != "role.leader")
            .map_or((None, false), |r| (Some(r.role), false)),
    }
}

/// ", the Russian defense minister," after a name.
fn apposition(
    text: &str,
    end: usize,
    role_mentions: &[RoleMention],
    countries: &[CountryMention],
) -> Option<((Role, bool), Option<String>, usize)> {
    let rest = &text[end..];
    let after = rest.strip_prefix(", ")?;
    let base = end + 2;
    let stop = after
        .find([',', ';', '.', '(', '"'])
        .unwrap_or(after.len())
        .min(80);
    let window = base..base + stop;
    let article = ["the ", "a ", "an ", "who is ", "currently "];
    let lead = article
        .iter()
        .find(|a| after.starts_with(*a))
        .map_or(0, |a| a.len());
    // "Austin, Chinese counterpart": a counterpart is the other side, not an apposition.
    let role = role_mentions
        .iter()
        .find(|r| window.contains(&r.start) && r.start <= base + lead + 40)
        .filter(|r| !r.counterpart)?;
    // Only title-like words may stand between the comma and the role.
    let between = &text[base + lead..role.start];
    if between.split_whitespace().any(|w| {
        w.starts_with(char::is_lowercase)
            && !matches!(
                w,
                "senior" | "top" | "former" | "then" | "acting" | "deputy" | "chief"
            )
    }) {
        return None;
    }
    let country = countries
        .iter()
        .find(|c| window.contains(&c.start))
        .map(|c| c.code.clone());
    Some(((role.role, role.specific), country, base + stop))
}

/// Offices named without a person: role words that no name's title or apposition uses.
pub fn office_mentions(
    text: &str,
    role_mentions: &[RoleMention],
    countries: &[CountryMention],
    names: &[NameMention],
) -> Vec<OfficeMention> {
    let mut out = Vec::new();
    for r in role_mentions {
        let used = names
            .iter()
            .any(|n| n.title_start <= r.start && r.end <= n.apposition_end);
        let participating = r.role.is_principal() && (r.specific || r.rule != "role.rank");
        if used || !participating || r.rule == "role.vice-president" {
            continue;
        }
        let mut found: Vec<String> = Vec::new();
        let mut both = false;
        // Countries before: "Russia, US defence chiefs", "the US and Russian defense ministers".
        let mut pos = r.start;
        loop {
            let trimmed = text[..pos].trim_end_matches([' ', ',']);
            let tend = trimmed.len();
            if let Some(c) = countries.iter().find(|c| c.end == tend) {
                found.insert(0, c.code.clone());
                pos = c.start;
                continue;
            }
            let word_start = trimmed.rfind(' ').map_or(0, |p| p + 1);
            let word = trimmed[word_start..].to_lowercase();
            if matches!(
                word.as_str(),
                "and" | "&" | "the" | "two" | "both" | "his" | "her" | "their" | "its"
            ) {
                pos = word_start;
                if word_start == 0 {
                    break;
                }
                continue;
            }
            break;
        }
        // Countries inside ("heads of the US and Russian defense departments") and after
        // ("the defense ministers of Russia and the United States").
        for c in countries
            .iter()
            .filter(|c| r.start <= c.start && c.end <= r.end)
        {
            found.push(c.code.clone());
        }
        let after = &text[r.end..];
        // "his counterparts from France, Germany and Britain": a comma list after "from".
        let (list, stops): (Option<&str>, &[&str]) = match after.strip_prefix(" of ") {
            Some(list) => (Some(list), &[", ", "; ", ". ", "\""]),
            None => (
                after.strip_prefix(" from ").filter(|_| r.counterpart),
                &["; ", ". ", "\""],
            ),
        };
        if let Some(list) = list {
            let stop = stops
                .iter()
                .filter_map(|p| list.find(p))
                .min()
                .unwrap_or(list.len());
            let list_end = r.end + (after.len() - list.len()) + stop.min(60);
            if list.starts_with("both ") || list.starts_with("the two ") {
                both = true;
            }
            let mut cursor = r.end + (after.len() - list.len());
            let first = cursor;
            for c in countries
                .iter()
                .filter(|c| c.start >= first && c.end <= list_end)
            {
                let gap = text[cursor..c.start].trim();
                if !gap.is_empty() && !matches!(gap, "the" | "and" | "and the" | "," | ", the") {
                    break;
                }
                found.push(c.code.clone());
                cursor = c.end;
            }
        }
        found.dedup();
        let counterpart = r.counterpart;
        let generic = !r.specific;
        // A plain "leader", "minister" or "official" names an office only with a country.
        if found.is_empty() && !both && !counterpart && generic {
            continue;
        }
        // "officials", "aides", "advisers" are staff, not the office holders of a contact.
        let lower = text[r.start..r.end].to_lowercase();
        let office_word = ["minister", "secretar", "chief", "head"]
            .iter()
            .any(|w| lower.starts_with(w));
        if r.rule == "role.generic" && !office_word {
            continue;
        }
        let role = if counterpart || (generic && r.rule != "role.leader") {
            None
        } else {
            Some(r.role)
        };
        out.push(OfficeMention {
            start: r.start,
            end: r.end,
            role,
            countries: found,
            both,
            plural: r.plural,
            rule: r.rule,
        });
    }
    out
}

/// Settles who each name candidate of an article is. Full names first, so that a later bare
/// surname finds the person the article introduced; then bare surnames.
pub fn resolve_names(
    mentions: &mut [Vec<NameMention>],
    knowledge: &Knowledge,
    published: Option<Day>,
) {
    let mut introduced: Vec<(PersonRef, String)> = Vec::new(); // (person, surname key)
    for sentence in mentions.iter_mut() {
        for m in sentence.iter_mut().filter(|m| m.word_count() >= 2) {
            let key = names::name_key(&m.surface);
            m.person = full_name(m, &key, knowledge);
            if let Some(p) = &m.person {
                let surname = knowledge::surname_of(&key).unwrap_or_default();
                // Each person once: a long article repeats names thousands of times.
                if !introduced.iter().any(|(q, s)| q == p && *s == surname) {
                    introduced.push((p.clone(), surname));
                }
            }
        }
    }
    for sentence in mentions.iter_mut() {
        for m in sentence
            .iter_mut()
            .filter(|m| m.word_count() == 1 && !m.attributive)
        {
            m.person = bare_name(m, &introduced, knowledge, published);
        }
    }
}

/// Who a name of two or more words is; `key` is its [`names::name_key`].
fn full_name(m: &NameMention, key: &str, knowledge: &Knowledge) -> Option<PersonRef> {
    if let Some(p) = unique(knowledge.people_by_name(key)) {
        return Some(PersonRef::Known(p));
    }
    // Without initials and suffixes: "Lloyd J. Austin III" is "Lloyd Austin".
    let words: Vec<&str> = key
        .split(' ')
        .filter(|w| w.len() > 1 && !matches!(*w, "jr" | "sr" | "ii" | "iii" | "iv"))
        .collect();
    let short = words.join(" ");
    if short != key {
        if let Some(p) = unique(knowledge.people_by_name(&short)) {
            return Some(PersonRef::Known(p));
        }
    }
    // A known surname with a compatible given name ("Sergei Shoygu", "S. Lavrov").
    let last = knowledge::surname_of(key)?;
    let first = key.split(' ').next().unwrap_or("");
    let by_surname: Vec<usize> = knowledge
        .people_by_surname(&last)
        .iter()
        .copied()
        .filter(|&p| given_name_fits(first, &knowledge.people[p]))
        .collect();
    if let Some(p) = unique(by_surname) {
        return Some(PersonRef::Known(p));
    }
    let titled = m.role.is_some();
    (titled && words.len() >= 2).then_some(PersonRef::Unknown(short))
}

fn given_name_fits(first: &str, person: &knowledge::KnownPerson) -> bool {
    std::iter::once(&person.name)
        .chain(&person.variants)
        .filter_map(|n| names::name_key(n).split(' ').next().map(str::to_string))
        .any(|given| {
            names::near(&given, first)
                || (first.len() == 1 && given.starts_with(first))
                || given.starts_with(first) && first.len() >= 3
        })
}

fn bare_name(
    m: &NameMention,
    introduced: &[(PersonRef, String)],
    knowledge: &Knowledge,
    published: Option<Day>,
) -> Option<PersonRef> {
    let key = names::word_key(&m.surface);
    let from_article: Vec<&PersonRef> = introduced
        .iter()
        .filter(|(_, surname)| *surname == key || names::near(surname, &key))
        .map(|(p, _)| p)
        .collect();
    if let Some(first) = from_article.first() {
        if from_article.iter().all(|p| p == first) {
            return Some((*first).clone());
        }
    }
    let known = unique(knowledge.people_by_surname(&key).to_vec());
    let titled = m.role.is_some() || m.title.is_some();
    if let Some(p) = known {
        // A head of state or government is named by surname alone, but only while (about) in
        // office: "Johnson" in a 1987 story is not Boris Johnson.
        let leader = knowledge.people[p].terms.iter().any(|t| {
            matches!(t.role, Role::HeadOfState | Role::HeadOfGovernment)
                && published.is_none_or(|d| {
                    let year = 365;
                    t.start.is_none_or(|s| s.ordinal() - year <= d.ordinal())
                        && t.end.is_none_or(|e| d.ordinal() <= e.ordinal() + year)
                })
        });
        if titled || (leader && m.surface.chars().count() >= 4) {
            return Some(PersonRef::Known(p));
        }
    }
    // A bare word the article never gave in full is not enough for someone readout does not
    // know ("Nance, president of Tenneco" is not a person named Tenneco).
    None
}

fn unique(found: Vec<usize>) -> Option<usize> {
    match found.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::countries::CountryMatcher;
    use crate::rdf::knowledge::bundled_with;

    fn names_in(text: &str) -> (Vec<NameMention>, Vec<OfficeMention>) {
        let k = bundled_with(&[]).unwrap();
        let countries = CountryMatcher::new(&k).mentions(text, &k);
        let roles = roles::mentions(text);
        let mut names = vec![name_mentions(text, &roles, &countries)];
        resolve_names(&mut names, &k, None);
        let offices = office_mentions(text, &roles, &countries, &names[0]);
        (names.remove(0), offices)
    }

    #[test]
    fn titles_give_role_and_country() {
        let (names, _) = names_in(
            "Russian Defence Minister Army General Sergey Shoygu and US Defence Secretary Lloyd Austin spoke.",
        );
        assert_eq!(names.len(), 2);
        assert_eq!(names[0].surface, "Sergey Shoygu");
        assert_eq!(names[0].role, Some(Role::DefenseMinister));
        assert_eq!(names[0].country.as_deref(), Some("RU"));
        assert!(matches!(names[0].person, Some(PersonRef::Known(_))));
        assert_eq!(names[1].country.as_deref(), Some("US"));
    }

    #[test]
    fn unknown_people_need_a_title() {
        let (names, _) = names_in("Pentagon spokeswoman Jane Roe said Green Valley was quiet.");
        let people: Vec<_> = names.iter().filter(|n| n.person.is_some()).collect();
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].role, Some(Role::Spokesperson));
        assert_eq!(people[0].country.as_deref(), Some("US"));
    }

    #[test]
    fn offices_without_names() {
        let (_, offices) = names_in("The defense ministers of Russia and the United States spoke with his French counterpart.");
        assert_eq!(offices[0].countries, vec!["RU", "US"]);
        assert_eq!(offices[0].role, Some(Role::DefenseMinister));
        assert_eq!(offices[1].role, None);
        assert_eq!(offices[1].countries, vec!["FR"]);
        let (_, offices) = names_in("Russia, US defence chiefs discuss security");
        assert_eq!(offices[0].countries, vec!["RU", "US"]);
    }
}
