//! The people network as DOT, built with petgraph.
//!
//! In: events with participants, consolidated initiator and disputed properties. Out: DOT text:
//! one node per person (or unnamed office), one edge per contact, pointing from the initiating
//! side when one is known, dashed red with the disputed properties when sources disagree, and a
//! legend. Must not: query a store (that is `export::dot_events`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use petgraph::dot::{Config, Dot};
use petgraph::graph::{Graph, NodeIndex};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DotEvent {
    pub iri: String,
    pub label: String,
    pub sources: usize,
    pub initiator: Option<String>,
    /// (key, name, country)
    pub participants: Vec<(String, Option<String>, Option<String>)>,
    pub disputed: Vec<String>,
}

#[derive(Debug)]
struct Edge {
    label: String,
    directed: bool,
    disputed: bool,
}

/// The DOT text of the contacts between people.
pub fn render(events: &[DotEvent]) -> String {
    let mut graph: Graph<String, Edge> = Graph::new();
    let mut nodes: BTreeMap<&str, NodeIndex> = BTreeMap::new();
    for event in events {
        for (key, name, country) in &event.participants {
            nodes.entry(key).or_insert_with(|| {
                let name = name.clone().unwrap_or_else(|| format!("unnamed {key}"));
                let country = country
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default();
                graph.add_node(format!("{name}{country}"))
            });
        }
    }
    for event in events {
        let by_initiator = event
            .participants
            .iter()
            .position(|(_, _, c)| c.is_some() && c.as_ref() == event.initiator.as_ref());
        let from = by_initiator.unwrap_or(0);
        let Some((from_key, _, _)) = event.participants.get(from) else {
            continue;
        };
        for (i, (key, _, _)) in event.participants.iter().enumerate() {
            if i == from {
                continue;
            }
            let mut label = format!(
                "{} [{} source{}]",
                event.label,
                event.sources,
                if event.sources == 1 { "" } else { "s" }
            );
            if !event.disputed.is_empty() {
                let _ = write!(label, "\\ndisputed: {}", event.disputed.join(", "));
            }
            graph.add_edge(
                nodes[from_key.as_str()],
                nodes[key.as_str()],
                Edge {
                    label,
                    directed: by_initiator.is_some(),
                    disputed: !event.disputed.is_empty(),
                },
            );
        }
    }
    let edge_attributes =
        |_: &Graph<String, Edge>, edge: petgraph::graph::EdgeReference<'_, Edge>| {
            let e = edge.weight();
            let mut attrs = format!("label=\"{}\"", escape(&e.label));
            if !e.directed {
                attrs.push_str(" dir=none");
            }
            if e.disputed {
                attrs.push_str(" color=red fontcolor=red style=dashed");
            }
            attrs
        };
    let node_attributes = |_: &Graph<String, Edge>, (_, name): (NodeIndex, &String)| {
        format!("label=\"{}\" shape=box", escape(name))
    };
    let body = format!(
        "{:?}",
        Dot::with_attr_getters(
            &graph,
            &[Config::EdgeNoLabel, Config::NodeNoLabel],
            &edge_attributes,
            &node_attributes
        )
    );
    with_legend(&body)
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace("\\\\n", "\\n")
}

/// Adds a legend subgraph before the closing brace.
fn with_legend(body: &str) -> String {
    let legend = "    subgraph cluster_legend {\n        label=\"legend\" fontsize=10\n        legend_a [label=\"initiator\" shape=plaintext]\n        legend_b [label=\"other side\" shape=plaintext]\n        legend_c [label=\"A\" shape=plaintext]\n        legend_d [label=\"B\" shape=plaintext]\n        legend_a -> legend_b [label=\"contact, arrow from initiator\"]\n        legend_c -> legend_d [label=\"sources disagree\" color=red fontcolor=red style=dashed dir=none]\n    }\n";
    match body.rfind('}') {
        Some(end) => format!("{}{legend}}}\n", &body[..end]),
        None => body.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initiator_points_the_edge_and_disputes_are_marked() {
        let events = vec![DotEvent {
            iri: "e".into(),
            label: "call 2022-10-21".into(),
            sources: 2,
            initiator: Some("US".into()),
            participants: vec![
                ("a".into(), Some("Ann".into()), Some("RU".into())),
                ("b".into(), Some("Bob".into()), Some("US".into())),
            ],
            disputed: vec!["role".into()],
        }];
        let dot = render(&events);
        assert!(dot.starts_with("digraph {"), "{dot}");
        assert!(dot.contains("1 -> 0"), "{dot}");
        assert!(dot.contains("style=dashed"));
        assert!(dot.contains("disputed: role"));
        assert!(dot.contains("cluster_legend"));
    }
}
