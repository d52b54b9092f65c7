//! Exits from the store: RDF serialisations and pictures.
//!
//! In: a [`GraphStore`]. Out: RDF in a chosen syntax, or DOT. Must not: change the store.

pub mod dot;

use std::collections::BTreeMap;
use std::io::Write;

use oxigraph::io::RdfFormat;

use crate::store::{GraphStore, StoreError};

/// RDF syntaxes readout writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RdfSyntax {
    Turtle,
    TriG,
    NQuads,
    NTriples,
    RdfXml,
    JsonLd,
}

impl RdfSyntax {
    pub fn format(self) -> RdfFormat {
        match self {
            RdfSyntax::Turtle => RdfFormat::Turtle,
            RdfSyntax::TriG => RdfFormat::TriG,
            RdfSyntax::NQuads => RdfFormat::NQuads,
            RdfSyntax::NTriples => RdfFormat::NTriples,
            RdfSyntax::RdfXml => RdfFormat::RdfXml,
            RdfSyntax::JsonLd => RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        }
    }
}

/// Writes the store: dataset syntaxes keep the named graphs; graph syntaxes get their union.
pub fn rdf(store: &GraphStore, syntax: RdfSyntax, out: impl Write) -> Result<(), StoreError> {
    store.dump(syntax.format(), out)
}

/// Which picture `readout dot` draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    /// People as nodes, contacts as edges.
    People,
    /// Contacts as nodes, with their people and the articles that report them.
    Events,
    /// One contact (IRI, `event:...` or the part after it) with its reports and evidence.
    Event(String),
}

/// The DOT text of a view of the store.
pub fn dot(store: &GraphStore, view: &View) -> Result<String, StoreError> {
    let mut events = dot_events(store)?;
    let disputes = dot_disputes(store)?;
    for d in &disputes {
        if let Some(e) = events.iter_mut().find(|e| e.iri == d.event) {
            if !e.disputed.contains(&d.property) {
                e.disputed.push(d.property.clone());
            }
        }
    }
    Ok(match view {
        View::People => dot::people(&events),
        View::Events => dot::events(&events, &dot_reports(store, None)?),
        View::Event(given) => {
            let iri = event_iri(given);
            let Some(event) = events.iter().find(|e| e.iri == iri) else {
                return Err(StoreError::NotFound(format!(
                    "no event {given} in the store; `readout query calls` lists them"
                )));
            };
            dot::event(event, &dot_reports(store, Some(&iri))?, &disputes)
        }
    })
}

/// An event's IRI from what a user typed: the IRI, `event:slug` or the slug.
pub fn event_iri(given: &str) -> String {
    let given = given.trim().trim_start_matches('<').trim_end_matches('>');
    if given.contains("://") {
        given.to_string()
    } else {
        format!(
            "{}{}",
            crate::rdf::vocab::id::EVENT,
            given.trim_start_matches("event:")
        )
    }
}

/// The events of the store as [`dot::DotEvent`]s (without their disputes).
fn dot_events(store: &GraphStore) -> Result<Vec<dot::DotEvent>, StoreError> {
    let mut events: BTreeMap<String, dot::DotEvent> = BTreeMap::new();
    for row in store.select(include_str!("../../queries/internal/dot.rq"))? {
        let get = |k: &str| row.get(k).cloned();
        let iri = get("event").unwrap_or_default();
        let event = events.entry(iri.clone()).or_insert_with(|| dot::DotEvent {
            iri,
            label: get("label").unwrap_or_default(),
            sources: get("sources").and_then(|s| s.parse().ok()).unwrap_or(0),
            initiator: get("initiator").map(|c| crate::store::local(&c).to_string()),
            ..dot::DotEvent::default()
        });
        let key = get("key").unwrap_or_default();
        if !event.participants.iter().any(|(k, _, _)| *k == key) {
            let country = get("country").map(|c| crate::store::local(&c).to_string());
            event.participants.push((key, get("name"), country));
        }
    }
    Ok(events.into_values().collect())
}

/// Every value on either side of a disagreement, with its article.
fn dot_disputes(store: &GraphStore) -> Result<Vec<dot::DotDispute>, StoreError> {
    let query = crate::query::bundled("disagreements").map_or("", |q| q.text);
    let mut out: Vec<dot::DotDispute> = Vec::new();
    for row in store.select(query)? {
        let get = |k: &str| row.get(k).cloned().unwrap_or_default();
        let dispute = dot::DotDispute {
            event: get("event"),
            property: get("property"),
            subject: get("subject"),
            value: get("value"),
            article: get("article"),
        };
        if !out.contains(&dispute) {
            out.push(dispute);
        }
    }
    Ok(out)
}

/// The reports of every event (or of one), with what they state and their evidence.
fn dot_reports(store: &GraphStore, event: Option<&str>) -> Result<Vec<dot::DotReport>, StoreError> {
    let bindings: Vec<(String, String)> = event
        .map(|iri| vec![("event".to_string(), format!("<{iri}>"))])
        .unwrap_or_default();
    let rows = store.select_with(
        include_str!("../../queries/internal/dot-reports.rq"),
        &bindings,
    )?;
    let mut reports: Vec<dot::DotReport> = Vec::new();
    for row in rows {
        let get = |k: &str| row.get(k).cloned().filter(|v| !v.is_empty());
        let iri = get("report").unwrap_or_default();
        if reports.last().is_none_or(|r| r.iri != iri) {
            let mut claims = vec![("kind".to_string(), get("kind").unwrap_or_default())];
            if let Some(date) = get("date") {
                claims.push(("date".into(), date));
            }
            if let Some(initiator) = get("initiator") {
                claims.push(("initiator".into(), initiator));
            }
            if get("occurred").as_deref() == Some("false") {
                claims.push(("occurred".into(), "denied".into()));
            }
            reports.push(dot::DotReport {
                iri,
                event: get("event").unwrap_or_default(),
                article: get("article").unwrap_or_default(),
                published: get("published"),
                claims,
                evidence: Vec::new(),
            });
        }
        let report = reports.last_mut().expect("pushed above");
        if let Some(by) = get("attributed") {
            let claim = ("according to".to_string(), by);
            if !report.claims.contains(&claim) {
                report.claims.push(claim);
            }
        }
        if let (Some(sentence), Some(rule)) = (get("sentence"), get("rule")) {
            match report.evidence.iter_mut().find(|(s, _)| *s == sentence) {
                Some((_, rules)) if !rules.contains(&rule) => rules.push(rule),
                Some(_) => {}
                None => report.evidence.push((sentence, vec![rule])),
            }
        }
    }
    Ok(reports)
}
