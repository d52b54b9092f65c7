//! Disagreements between reports of one event, grouped for people and for the JSON contract.
//!
//! In: the rows of the bundled `disagreements` query. Out: [`Conflict`]s (event, property,
//! subject, each value with its articles and evidence), written as readable text or as the JSON
//! Lines of `shared/eval/OUTPUT-FORMAT.md`. Must not: decide what disagrees (the query does).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub event: String,
    pub property: String,
    pub subject: Option<String>,
    pub values: Vec<Side>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Side {
    pub value: serde_json::Value,
    pub articles: Vec<String>,
    pub evidence: Vec<Span>,
    #[serde(skip)]
    pub sentences: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub article: String,
    pub start: usize,
    pub end: usize,
}

/// Groups query rows (event, property, subject, value, article, start, end, sentence).
pub fn group(rows: &[BTreeMap<String, String>]) -> Vec<Conflict> {
    let mut conflicts: BTreeMap<(String, String, String), BTreeMap<String, Side>> = BTreeMap::new();
    for row in rows {
        let get = |k: &str| row.get(k).cloned().unwrap_or_default();
        let key = (get("event"), get("property"), get("subject"));
        let value = get("value");
        let side = conflicts
            .entry(key.clone())
            .or_default()
            .entry(value.clone())
            .or_insert_with(|| Side {
                value: json_value(&key.1, &value),
                ..Side::default()
            });
        let article = get("article");
        if !side.articles.contains(&article) {
            side.articles.push(article.clone());
        }
        let span = Span {
            article,
            start: get("start").parse().unwrap_or(0),
            end: get("end").parse().unwrap_or(0),
        };
        if !side.evidence.contains(&span) {
            side.evidence.push(span);
            side.sentences.push(get("sentence"));
        }
    }
    conflicts
        .into_iter()
        .filter(|(_, sides)| sides.len() >= 2)
        .map(|((event, property, subject), sides)| Conflict {
            event,
            property,
            subject: Some(subject).filter(|s| !s.is_empty()),
            values: sides.into_values().collect(),
        })
        .collect()
}

fn json_value(property: &str, value: &str) -> serde_json::Value {
    match (property, value) {
        ("occurred", "true") => serde_json::Value::Bool(true),
        ("occurred", "false") => serde_json::Value::Bool(false),
        _ => serde_json::Value::String(value.to_string()),
    }
}

pub fn write_json(conflicts: &[Conflict], mut out: impl Write) -> io::Result<()> {
    for c in conflicts {
        serde_json::to_writer(&mut out, c)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Each disagreement, each side with its articles and supporting sentences.
pub fn write_text(
    conflicts: &[Conflict],
    labels: &BTreeMap<String, String>,
    mut out: impl Write,
) -> io::Result<()> {
    if conflicts.is_empty() {
        writeln!(
            out,
            "No disagreements: every event's reports agree where they say anything."
        )?;
    }
    for c in conflicts {
        let label = labels
            .get(&c.event)
            .map_or(c.event.as_str(), String::as_str);
        let about = match &c.subject {
            Some(subject) => format!("{} of {subject}", c.property),
            None => c.property.clone(),
        };
        writeln!(
            out,
            "{label}\n  <{}>\n  sources disagree on {about}:",
            c.event
        )?;
        for side in &c.values {
            let value = match &side.value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            writeln!(
                out,
                "    {value:?} according to {}",
                side.articles.join(", ")
            )?;
            for (span, sentence) in side.evidence.iter().zip(&side.sentences) {
                writeln!(
                    out,
                    "      {} [{}..{}]: {sentence}",
                    span.article, span.start, span.end
                )?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}
