//! The JSON Lines of `readout extract --format json` (the evaluation contract in
//! `shared/eval/OUTPUT-FORMAT.md`).
//!
//! In: extractions and their resolution. Out: one JSON object per article, fields in contract
//! order. Must not: compute anything the extraction did not say.

use serde::Serialize;

use crate::extract::{Evidence, Extraction, Participant, PersonFact, Report};
use crate::resolve::Resolution;

#[derive(Serialize)]
pub struct ArticleJson<'a> {
    pub article: &'a str,
    pub published: Option<String>,
    pub publisher: Option<&'a str>,
    pub events: Vec<EventJson<'a>>,
    pub people: Vec<PersonJson<'a>>,
}

#[derive(Serialize)]
pub struct EventJson<'a> {
    pub id: &'a str,
    pub kind: &'static str,
    pub date: Option<String>,
    pub participants: Vec<PersonJson<'a>>,
    pub initiator: Option<&'a str>,
    pub initiator_person: Option<&'a str>,
    pub evidence: Vec<SpanJson<'a>>,
    /// Extra fields (ignored by the scorer).
    pub main: bool,
    pub occurred: bool,
}

#[derive(Serialize)]
pub struct PersonJson<'a> {
    pub name: Option<&'a str>,
    pub surface: &'a [String],
    pub role: Option<&'static str>,
    pub country: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SpanJson<'a> {
    pub start: usize,
    pub end: usize,
    pub rule: &'a str,
}

/// The contract object of an extraction; `first_item` is the index of its first report among
/// the resolved items.
pub fn article_json<'a>(
    extraction: &'a Extraction,
    first_item: usize,
    resolution: &'a Resolution,
) -> ArticleJson<'a> {
    ArticleJson {
        article: &extraction.article,
        published: extraction.published.map(|d| d.to_string()),
        publisher: extraction.publisher.as_deref(),
        // Two versions of one contact in one article (two parties' accounts) are one event
        // here; the store keeps both reports.
        events: {
            let mut seen = Vec::new();
            extraction
                .reports
                .iter()
                .enumerate()
                .filter_map(|(r, report)| {
                    let id = resolution
                        .event_for(first_item + r)
                        .map_or("", |e| e.iri.as_str());
                    (id.is_empty() || !seen.contains(&id)).then(|| {
                        seen.push(id);
                        event_json(report, id)
                    })
                })
                .collect()
        },
        people: extraction.people.iter().map(person_json).collect(),
    }
}

fn event_json<'a>(report: &'a Report, id: &'a str) -> EventJson<'a> {
    let initiator_person = report.initiator_person.as_ref().and_then(|key| {
        report
            .participants
            .iter()
            .find(|p| &p.key == key)
            .and_then(|p| p.name.as_deref())
    });
    EventJson {
        id,
        kind: report.kind.label(),
        date: report.date.lexical(),
        participants: report.participants.iter().map(participant_json).collect(),
        initiator: report.initiator.as_deref(),
        initiator_person,
        evidence: report.evidence.iter().map(span_json).collect(),
        main: report.main,
        occurred: report.occurred,
    }
}

fn participant_json(p: &Participant) -> PersonJson<'_> {
    PersonJson {
        name: p.name.as_deref(),
        surface: &p.surfaces,
        role: p.role.map(|r| r.label()),
        country: p.country.as_deref(),
    }
}

fn person_json(p: &PersonFact) -> PersonJson<'_> {
    PersonJson {
        name: Some(&p.name),
        surface: &p.surfaces,
        role: p.role.map(|r| r.label()),
        country: p.country.as_deref(),
    }
}

fn span_json(e: &Evidence) -> SpanJson<'_> {
    SpanJson {
        start: e.start,
        end: e.end,
        rule: &e.rule,
    }
}
