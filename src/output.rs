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
        events: shown(extraction.reports.len(), first_item, resolution)
            .into_iter()
            .map(|(r, id)| event_json(&extraction.reports[r], id))
            .collect(),
        ..without_events(extraction)
    }
}

fn without_events(extraction: &Extraction) -> ArticleJson<'_> {
    ArticleJson {
        article: &extraction.article,
        published: extraction.published.map(|d| d.to_string()),
        publisher: extraction.publisher.as_deref(),
        events: Vec::new(),
        people: extraction.people.iter().map(person_json).collect(),
    }
}

/// The reports (index, event id) an article's line shows: two versions of one contact in one
/// article (two parties' accounts) are one event here; the store keeps both reports.
fn shown(reports: usize, first_item: usize, resolution: &Resolution) -> Vec<(usize, &str)> {
    let mut seen: Vec<&str> = Vec::new();
    (0..reports)
        .filter_map(|r| {
            let id = resolution
                .event_for(first_item + r)
                .map_or("", |e| e.iri.as_str());
            (id.is_empty() || !seen.contains(&id)).then(|| {
                seen.push(id);
                (r, id)
            })
        })
        .collect()
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

/// An article's JSON line rendered before resolution, but for its reports' event ids: what
/// `readout extract` keeps while the rest of the input is read, so that printing it after
/// resolution is only putting the pieces and the ids together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// Up to and including `"events":[`.
    pub head: String,
    /// Per report, its event object after the id: `,"kind":...}`.
    pub events: Vec<String>,
    /// From the `]` that closes the events to the end of the object.
    pub tail: String,
}

const EVENTS: &str = "\"events\":[]";

impl Rendered {
    pub fn new(extraction: &Extraction) -> Result<Rendered, serde_json::Error> {
        let rendered = serde_json::to_string(&without_events(extraction))?;
        // The field names are not escaped, and every string value is: this is the field.
        let at = rendered
            .find(EVENTS)
            .expect("an article object has its events field");
        let head = rendered[..at + EVENTS.len() - 1].to_string();
        let tail = rendered[at + EVENTS.len() - 1..].to_string();
        let events = extraction
            .reports
            .iter()
            .map(|report| {
                let event = serde_json::to_string(&event_json(report, ""))?;
                Ok(event["{\"id\":\"\"".len()..].to_string())
            })
            .collect::<Result<_, serde_json::Error>>()?;
        Ok(Rendered { head, events, tail })
    }

    /// The line (with its newline) given the resolution; `first_item` as for [`article_json`].
    pub fn line(&self, first_item: usize, resolution: &Resolution) -> Vec<u8> {
        let mut line = Vec::with_capacity(
            self.head.len()
                + self.tail.len()
                + self.events.iter().map(|e| e.len() + 80).sum::<usize>(),
        );
        line.extend_from_slice(self.head.as_bytes());
        for (r, id) in shown(self.events.len(), first_item, resolution) {
            if line.last() != Some(&b'[') {
                line.push(b',');
            }
            line.extend_from_slice(b"{\"id\":");
            line.extend_from_slice(
                serde_json::to_string(id)
                    .expect("a string serialises")
                    .as_bytes(),
            );
            line.extend_from_slice(self.events[r].as_bytes());
        }
        line.extend_from_slice(self.tail.as_bytes());
        line.push(b'\n');
        line
    }

    /// Writes the pieces length-prefixed, for reading back with [`Rendered::read`].
    pub fn write(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let count = u32::try_from(self.events.len()).expect("fewer reports than 2^32");
        out.write_all(&count.to_le_bytes())?;
        for piece in [&self.head, &self.tail].into_iter().chain(&self.events) {
            let len = u32::try_from(piece.len()).expect("articles are bounded");
            out.write_all(&len.to_le_bytes())?;
            out.write_all(piece.as_bytes())?;
        }
        Ok(())
    }

    /// The next one written by [`Rendered::write`], or `None` at the end.
    pub fn read(input: &mut impl std::io::Read) -> std::io::Result<Option<Rendered>> {
        let mut word = [0u8; 4];
        match input.read_exact(&mut word) {
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            other => other?,
        }
        let count = u32::from_le_bytes(word) as usize;
        let mut piece = || -> std::io::Result<String> {
            input.read_exact(&mut word)?;
            let mut bytes = vec![0u8; u32::from_le_bytes(word) as usize];
            input.read_exact(&mut bytes)?;
            String::from_utf8(bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        };
        let head = piece()?;
        let tail = piece()?;
        let events = (0..count)
            .map(|_| piece())
            .collect::<std::io::Result<_>>()?;
        Ok(Some(Rendered { head, events, tail }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::extract::Extractor;

    /// Rendered pieces put together give what rendering the whole article gives, and survive
    /// the temporary file.
    #[test]
    fn rendered_pieces_make_the_article_line() {
        let extractor = Extractor::new(crate::rdf::knowledge::bundled_with(&[]).unwrap());
        let texts = [
            "Ministers talk\nRussian Foreign Minister Sergei Lavrov spoke by phone with Turkish Foreign Minister Hakan Fidan on Tuesday, at the Turkish side's request. The two \"discussed\" Syria.\nLavrov and Fidan also met in Ankara on 3 May 2024.\n",
            "No contact here, only a line about markets.\n",
            "Lavrov phoned Fidan on Monday. Fidan called Lavrov back on Monday, the Turkish side said.\n",
        ];
        let extractions: Vec<Extraction> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                extractor.extract(&Article {
                    id: format!("a\"{i}"),
                    text: text.to_string(),
                    published: Some("2024-05-07".into()),
                    ..Article::default()
                })
            })
            .collect::<Vec<_>>();
        // Two accounts of one contact in one article: one event in the line.
        let mut doubled = extractions[0].clone();
        doubled.article = "doubled".into();
        doubled.reports.push(doubled.reports[0].clone());
        let extractions: Vec<Extraction> = extractions.into_iter().chain([doubled]).collect();
        let items = crate::resolve::items(&extractions);
        let resolution = crate::resolve::events(&items);
        let mut first = 0;
        let mut file = Vec::new();
        for ex in &extractions {
            let rendered = Rendered::new(ex).unwrap();
            let mut whole = serde_json::to_vec(&article_json(ex, first, &resolution)).unwrap();
            whole.push(b'\n');
            assert_eq!(
                String::from_utf8(rendered.line(first, &resolution)).unwrap(),
                String::from_utf8(whole).unwrap()
            );
            rendered.write(&mut file).unwrap();
            first += ex.reports.len();
        }
        assert!(first >= 4, "the texts report contacts: {first}");
        let last = extractions.last().unwrap();
        let line = String::from_utf8(
            Rendered::new(last)
                .unwrap()
                .line(first - last.reports.len(), &resolution),
        )
        .unwrap();
        assert_eq!(
            line.matches("\"id\":").count(),
            last.reports.len() - 1,
            "{line}"
        );
        let mut input = file.as_slice();
        for ex in &extractions {
            assert_eq!(
                Rendered::read(&mut input).unwrap(),
                Some(Rendered::new(ex).unwrap())
            );
        }
        assert_eq!(Rendered::read(&mut input).unwrap(), None);
    }
}
