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

/// The events of the store as [`dot::DotEvent`]s, with their disputed properties.
pub fn dot_events(store: &GraphStore) -> Result<Vec<dot::DotEvent>, StoreError> {
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
    for row in store.select(crate::query::bundled("disagreements").map_or("", |q| q.text))? {
        if let (Some(event), Some(property)) = (row.get("event"), row.get("property")) {
            if let Some(e) = events.get_mut(event) {
                if !e.disputed.contains(property) {
                    e.disputed.push(property.clone());
                }
            }
        }
    }
    Ok(events.into_values().collect())
}
