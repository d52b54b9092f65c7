//! Extraction: one article in, its reports and people out.
//!
//! In: an [`Article`] and the [`Knowledge`]. Out: an [`Extraction`]: publication date, the people
//! named, and one [`Report`] per contact the article reports (participants, date at the precision
//! supported, kind, initiator, evidence spans with the rules that read them). Must not: look at
//! other articles (that is `resolve`), touch a store, or fail: odd text yields fewer facts.
//!
//! Stages: layout (page furniture) -> sentences -> mentions per sentence (dates, roles,
//! countries, names, contact words, initiator cues) -> names resolved across the article ->
//! contact candidates per sentence -> offices resolved to people -> candidates merged into
//! reports.

pub mod contacts;
pub mod countries;
pub mod dates;
pub mod lexicon;
pub mod people;
pub mod published;
pub mod roles;

mod assemble;

use crate::article::Article;
use crate::date::{Day, When};
use crate::knowledge::{Knowledge, Role};
use crate::layout;
use crate::segment::{self, Sentence};

pub use contacts::Kind;

/// A span of the article text and the rule that read it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub rule: String,
}

/// A person named in the article.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PersonFact {
    /// IRI slug: the knowledge's for known people, the name's for others.
    pub key: String,
    pub name: String,
    pub known: bool,
    /// Spellings used in this article, in order of appearance.
    pub surfaces: Vec<String>,
    pub role: Option<Role>,
    pub country: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// A participant of a contact as one report gives it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Participant {
    /// Person slug, or `office-<role>-<country>` when no person could be named.
    pub key: String,
    pub name: Option<String>,
    pub surfaces: Vec<String>,
    pub role: Option<Role>,
    /// The title or office words as written, when the article states the role.
    pub role_text: Option<String>,
    /// The role comes from a title written with the name ("Russian leader Sergei Shaigu").
    pub titled: bool,
    pub country: Option<String>,
    /// Named only by office in the article; the person comes from who held it.
    pub implicit: bool,
}

/// One article's account of one contact.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub kind: Kind,
    pub date: When,
    /// The words the date was read from.
    pub date_text: Option<String>,
    pub participants: Vec<Participant>,
    pub initiator: Option<String>,
    /// Key of the initiating person, when named.
    pub initiator_person: Option<String>,
    /// False when the report denies the contact took place.
    pub occurred: bool,
    /// The article's headline contact.
    pub main: bool,
    /// Reported as an earlier contact ("the previous call on ...").
    pub earlier: bool,
    pub evidence: Vec<Evidence>,
    /// The parties the article attributes its account to ("the Pentagon said", "according to
    /// the Russian Defence Ministry"): country codes, and person keys where a person spoke.
    pub attributed_to: Vec<Party>,
}

/// Who an account is attributed to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Party {
    Country(String),
    Person(String),
}

impl Report {
    /// Participant keys, sorted: what identifies the pair across articles.
    pub fn participant_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.participants.iter().map(|p| p.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// What one article says.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Extraction {
    pub article: String,
    pub origin: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<Day>,
    pub publisher: Option<String>,
    pub people: Vec<PersonFact>,
    pub reports: Vec<Report>,
    /// The story sentences' spans and normalised text (for evidence sentences).
    pub sentences: Vec<(usize, usize, String)>,
}

impl Extraction {
    /// The normalised sentence that covers a span, for showing evidence.
    pub fn sentence_text(&self, start: usize, end: usize) -> Option<&str> {
        self.sentences
            .iter()
            .find(|(s, e, _)| *s <= start && end <= *e)
            .map(|(_, _, t)| t.as_str())
    }
}

/// Reads articles with one body of knowledge.
#[derive(Clone, Debug)]
pub struct Extractor {
    knowledge: Knowledge,
    countries: countries::CountryMatcher,
}

impl Extractor {
    pub fn new(knowledge: Knowledge) -> Extractor {
        let countries = countries::CountryMatcher::new(&knowledge);
        Extractor {
            knowledge,
            countries,
        }
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Extracts many articles on `threads` threads; the result is in input order and the same
    /// whatever the number of threads.
    pub fn extract_all(&self, articles: &[Article], threads: usize) -> Vec<Extraction> {
        crate::parallel::par_map(articles.iter().collect(), threads, |a| self.extract(a))
    }

    /// Everything one article says. Never fails.
    pub fn extract(&self, article: &Article) -> Extraction {
        let text = article.text.as_str();
        let blocks = layout::blocks(text);
        let sentences = segment::sentences(text, &blocks);
        let published = article
            .published
            .as_deref()
            .and_then(|p| Day::parse(p.get(..10).unwrap_or(p)))
            .or_else(|| published_from_text(text, &blocks));
        let analysed = assemble::analyse(self, &sentences, published);
        let (people, reports) = assemble::reports(self, &sentences, analysed, published);
        Extraction {
            article: article.id.clone(),
            origin: article.origin.clone(),
            title: article
                .title
                .clone()
                .or_else(|| headline(&sentences).map(str::to_string)),
            url: article.url.clone(),
            published,
            publisher: article.publisher.clone(),
            people,
            reports,
            sentences: sentences
                .into_iter()
                .map(|s| (s.start, s.end, s.text))
                .collect(),
        }
    }
}

fn headline(sentences: &[Sentence]) -> Option<&str> {
    sentences
        .first()
        .filter(|s| s.heading)
        .map(|s| s.text.as_str())
}

pub use published::published_from_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_dates_come_from_datelines_not_captions() {
        let text = "Ministers hold call\nby A Writer - 10/21/22 12:47 PM ET\nA minister at a meeting, Wednesday, June 15, 2022. (Jane Roe, Pool Photo via AP)\nThe ministers spoke on Friday.\n";
        let day = published_from_text(text, &layout::blocks(text));
        assert_eq!(day.map(|d| d.to_string()).as_deref(), Some("2022-10-21"));
        let text = "Ministers hold call\nA minister at a meeting on June 15, 2022 (Pool Photo via AP)\nThe ministers spoke on Friday.\n";
        assert_eq!(published_from_text(text, &layout::blocks(text)), None);
    }
}
