//! Pictures of the graph as DOT, built with petgraph.
//!
//! In: plain records read from the store by `export` (events with participants, the reports
//! of each source, disputed values with their evidence). Out: DOT text for one of three views,
//! each with a legend:
//! - [`people`]: one node per person, one edge per contact, pointing from the initiating side
//!   when one is known, dashed red with the disputed properties when sources disagree;
//! - [`events`]: contacts as nodes between the people who took part and the articles that
//!   report them, each article's edge labelled with what it states;
//! - [`event`]: one contact with every report of it, what each report states (disputed values
//!   in red) and the sentences behind it.
//!
//! Must not: query a store (that is `export`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use petgraph::dot::{Config, Dot};
use petgraph::graph::{Graph, NodeIndex};

/// A contact, for drawing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DotEvent {
    pub iri: String,
    pub label: String,
    pub sources: usize,
    /// The consolidated initiating country.
    pub initiator: Option<String>,
    /// (key, name, country)
    pub participants: Vec<(String, Option<String>, Option<String>)>,
    /// Properties the sources disagree on (`initiator`, `date`, ...).
    pub disputed: Vec<String>,
}

/// One report, as its article states it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DotReport {
    pub iri: String,
    pub event: String,
    pub article: String,
    pub published: Option<String>,
    /// (property, value) in a stable order: kind, date, initiator, occurred, attributed to.
    pub claims: Vec<(String, String)>,
    /// (sentence, rules)
    pub evidence: Vec<(String, Vec<String>)>,
}

impl DotReport {
    fn claims_text(&self) -> String {
        self.claims
            .iter()
            .map(|(p, v)| format!("{p}: {v}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A value that one article gives for a disputed property of an event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DotDispute {
    pub event: String,
    pub property: String,
    /// The person the property is about (for `role`), else empty.
    pub subject: String,
    pub value: String,
    pub article: String,
}

const DISPUTED: &str = "color=red fontcolor=red style=dashed";

/// A DOT graph under construction: nodes and edges carry their attribute text.
#[derive(Default)]
struct Picture {
    graph: Graph<String, String>,
    nodes: BTreeMap<String, NodeIndex>,
}

impl Picture {
    /// The node with this key, made with `attributes` the first time.
    fn node(&mut self, key: &str, attributes: impl FnOnce() -> String) -> NodeIndex {
        if let Some(&index) = self.nodes.get(key) {
            return index;
        }
        let index = self.graph.add_node(attributes());
        self.nodes.insert(key.to_string(), index);
        index
    }

    fn edge(&mut self, from: NodeIndex, to: NodeIndex, attributes: String) {
        self.graph.add_edge(from, to, attributes);
    }

    fn render(&self, legend: &str) -> String {
        let edge_attributes =
            |_: &Graph<String, String>, e: petgraph::graph::EdgeReference<'_, String>| {
                e.weight().clone()
            };
        let node_attributes = |_: &Graph<String, String>, (_, a): (NodeIndex, &String)| a.clone();
        let body = format!(
            "{:?}",
            Dot::with_attr_getters(
                &self.graph,
                &[Config::EdgeNoLabel, Config::NodeNoLabel],
                &edge_attributes,
                &node_attributes
            )
        );
        match body.rfind('}') {
            Some(end) => format!(
                "{}    subgraph cluster_legend {{\n        label=\"legend\" fontsize=10\n{legend}    }}\n}}\n",
                &body[..end]
            ),
            None => body,
        }
    }
}

/// `label="..."` with DOT escaping; `\n` in the text becomes a line break.
fn label(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("label=\"{escaped}\"")
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn person_label(key: &str, name: &Option<String>, country: &Option<String>) -> String {
    let name = name.clone().unwrap_or_else(|| format!("unnamed {key}"));
    match country {
        Some(c) => format!("{name} ({c})"),
        None => name,
    }
}

fn person_node(
    picture: &mut Picture,
    (key, name, country): &(String, Option<String>, Option<String>),
) -> NodeIndex {
    picture.node(&format!("person {key}"), || {
        format!("{} shape=box", label(&person_label(key, name, country)))
    })
}

/// Legend lines: (attributes of the sample node or edge, its meaning).
fn legend(entries: &[(&str, &str, &str)]) -> String {
    let mut out = String::new();
    for (i, (kind, attributes, meaning)) in entries.iter().enumerate() {
        match *kind {
            "node" => {
                let _ = writeln!(out, "        legend_{i} [{} {attributes}]", label(meaning));
            }
            _ => {
                let _ = writeln!(
                    out,
                    "        legend_{i}a [label=\"\" shape=point]\n        legend_{i}b [label=\"\" shape=point]\n        legend_{i}a -> legend_{i}b [{} {attributes}]",
                    label(meaning)
                );
            }
        }
    }
    out
}

/// The people network: one edge per contact, from the initiating side when known.
pub fn people(events: &[DotEvent]) -> String {
    let mut picture = Picture::default();
    for event in events {
        let by_initiator = event
            .participants
            .iter()
            .position(|(_, _, c)| c.is_some() && c.as_ref() == event.initiator.as_ref());
        let from = by_initiator.unwrap_or(0);
        let nodes: Vec<NodeIndex> = event
            .participants
            .iter()
            .map(|p| person_node(&mut picture, p))
            .collect();
        let Some(&from_node) = nodes.get(from) else {
            continue;
        };
        for (i, &node) in nodes.iter().enumerate() {
            if i == from {
                continue;
            }
            let mut text = format!("{} [{}]", event.label, plural(event.sources, "source"));
            if !event.disputed.is_empty() {
                let _ = write!(text, "\ndisputed: {}", event.disputed.join(", "));
            }
            let mut attributes = label(&text);
            if by_initiator.is_none() {
                attributes.push_str(" dir=none");
            }
            if !event.disputed.is_empty() {
                let _ = write!(attributes, " {DISPUTED}");
            }
            picture.edge(from_node, node, attributes);
        }
    }
    picture.render(&legend(&[
        ("node", "shape=box", "person (country)"),
        ("edge", "", "contact, arrow from the initiator"),
        ("edge", "dir=none", "contact, initiator unknown"),
        ("edge", &format!("dir=none {DISPUTED}"), "sources disagree"),
    ]))
}

fn event_node(picture: &mut Picture, event: &DotEvent) -> NodeIndex {
    picture.node(&format!("event {}", event.iri), || {
        let mut text = format!("{}\n{}", event.label, plural(event.sources, "source"));
        if !event.disputed.is_empty() {
            let _ = write!(text, "\ndisputed: {}", event.disputed.join(", "));
        }
        let style = if event.disputed.is_empty() {
            String::new()
        } else {
            format!(" {DISPUTED}")
        };
        format!("{} shape=ellipse{style}", label(&text))
    })
}

fn participant_edges(picture: &mut Picture, event: &DotEvent, event_node: NodeIndex) {
    for participant in &event.participants {
        let node = person_node(picture, participant);
        let initiated = participant.2.is_some() && participant.2 == event.initiator;
        let attributes = if initiated {
            format!("{} penwidth=2", label("initiated"))
        } else {
            label("took part")
        };
        picture.edge(node, event_node, attributes);
    }
}

/// Contacts as nodes, between the people in them and the articles that report them.
pub fn events(events: &[DotEvent], reports: &[DotReport]) -> String {
    let mut picture = Picture::default();
    let mut nodes = BTreeMap::new();
    for event in events {
        let node = event_node(&mut picture, event);
        participant_edges(&mut picture, event, node);
        nodes.insert(event.iri.as_str(), (node, !event.disputed.is_empty()));
    }
    for report in reports {
        let Some(&(event_node, disputed)) = nodes.get(report.event.as_str()) else {
            continue;
        };
        let source = picture.node(&format!("article {}", report.article), || {
            let text = match &report.published {
                Some(day) => format!("{}\n{day}", report.article),
                None => report.article.clone(),
            };
            format!("{} shape=note", label(&text))
        });
        let mut attributes = format!("{} style=dotted", label(&report.claims_text()));
        if disputed {
            attributes.push_str(" color=red fontcolor=red");
        }
        picture.edge(source, event_node, attributes);
    }
    picture.render(&legend(&[
        ("node", "shape=box", "person (country)"),
        ("node", "shape=ellipse", "contact: kind, date, sources"),
        ("node", "shape=note", "article"),
        (
            "node",
            &format!("shape=ellipse {DISPUTED}"),
            "contact the sources disagree on",
        ),
        ("edge", "penwidth=2", "initiated"),
        (
            "edge",
            "style=dotted",
            "reports, with what the article states",
        ),
    ]))
}

/// Wraps a sentence for a node label.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + word.chars().count() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}

/// One contact with its reports, what each states, and the sentences behind it.
pub fn event(event: &DotEvent, reports: &[DotReport], disputes: &[DotDispute]) -> String {
    let mut picture = Picture::default();
    let event_node = event_node(&mut picture, event);
    participant_edges(&mut picture, event, event_node);
    for report in reports.iter().filter(|r| r.event == event.iri) {
        // A claim is drawn red when this article's value is one side of a disagreement.
        let disputed_here: Vec<&DotDispute> = disputes
            .iter()
            .filter(|d| d.event == event.iri && d.article == report.article)
            .collect();
        let mut text = format!("report in {}", report.article);
        if let Some(day) = &report.published {
            let _ = write!(text, " ({day})");
        }
        for (property, value) in &report.claims {
            let _ = write!(text, "\n{property}: {value}");
        }
        for d in &disputed_here {
            let subject = if d.subject.is_empty() {
                String::new()
            } else {
                format!(" of {}", d.subject)
            };
            let _ = write!(text, "\ndisputed {}{subject}: {}", d.property, d.value);
        }
        let style = if disputed_here.is_empty() {
            String::new()
        } else {
            format!(" {DISPUTED}")
        };
        let node = picture.node(&format!("report {}", report.iri), || {
            format!("{} shape=box style=rounded{style}", label(&text))
        });
        picture.edge(node, event_node, label("reports"));
        for (i, (sentence, rules)) in report.evidence.iter().enumerate() {
            let evidence = picture.node(&format!("evidence {} {i}", report.iri), || {
                format!("{} shape=note fontsize=10", label(&wrap(sentence, 48)))
            });
            picture.edge(
                evidence,
                node,
                format!("{} fontsize=9", label(&rules.join("\n"))),
            );
        }
    }
    picture.render(&legend(&[
        ("node", "shape=ellipse", "contact"),
        (
            "node",
            "shape=box style=rounded",
            "one article's report and what it states",
        ),
        ("node", "shape=note", "evidence sentence (edge: rules)"),
        (
            "node",
            &format!("shape=box style=rounded {DISPUTED}"),
            "report holding a disputed value",
        ),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DotEvent {
        DotEvent {
            iri: "e".into(),
            label: "call 2022-10-21".into(),
            sources: 2,
            initiator: Some("US".into()),
            participants: vec![
                ("a".into(), Some("Ann".into()), Some("RU".into())),
                ("b".into(), Some("Bob \"B\"".into()), Some("US".into())),
            ],
            disputed: vec!["role".into()],
        }
    }

    #[test]
    fn initiator_points_the_edge_and_disputes_are_marked() {
        let dot = people(&[sample()]);
        assert!(dot.starts_with("digraph {"), "{dot}");
        assert!(dot.contains("1 -> 0"), "{dot}");
        assert!(dot.contains("style=dashed"));
        assert!(dot.contains("disputed: role"));
        assert!(dot.contains("Bob \\\"B\\\" (US)"), "{dot}");
        assert!(dot.contains("cluster_legend"));
    }

    #[test]
    fn event_view_shows_each_report_its_claims_and_evidence() {
        let report = |iri: &str, article: &str, initiator: &str| DotReport {
            iri: iri.into(),
            event: "e".into(),
            article: article.into(),
            published: Some("2022-10-22".into()),
            claims: vec![("initiator".into(), initiator.into())],
            evidence: vec![(
                "Ann spoke with Bob at Bob's request.".into(),
                vec!["contact.phone".into()],
            )],
        };
        let reports = [report("r1", "a1", "US"), report("r2", "a2", "RU")];
        let disputes = [DotDispute {
            event: "e".into(),
            property: "initiator".into(),
            value: "RU".into(),
            article: "a2".into(),
            ..DotDispute::default()
        }];
        let dot = event(&sample(), &reports, &disputes);
        assert!(
            dot.contains("report in a1 (2022-10-22)\\ninitiator: US\""),
            "{dot}"
        );
        assert!(dot.contains("disputed initiator: RU"), "{dot}");
        assert!(dot.contains("contact.phone"), "{dot}");
        assert_eq!(dot.matches("shape=note fontsize=10").count(), 2);
        let dot = events(&[sample()], &reports);
        assert!(
            dot.contains("label=\"a2\\n2022-10-22\" shape=note]"),
            "{dot}"
        );
        assert_eq!(
            dot.matches("style=dotted").count(),
            3,
            "two reports and the legend"
        );
        assert!(dot.contains("initiated"), "{dot}");
    }
}
