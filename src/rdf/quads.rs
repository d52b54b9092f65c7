//! The quads of an article's extraction and of the consolidated, cross-article layer.
//!
//! In: an [`Extraction`] (one article) or resolved report items (all articles). Out: quads in
//! the article's own named graph, or in the consolidated graph. Must not: mint blank nodes (every
//! node has a content IRI) or depend on anything but its input.
//!
//! A report node carries the article's whole account (date as stated, participants with names
//! and roles as written, initiator, evidence sentences with offsets and rules), so even a plain
//! Turtle export tells which article said what.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::date::When;
use crate::extract::{Extraction, Kind, Participant, Party, Report};
use crate::rdf::iri;
use crate::rdf::vocab::{id, prov, rdf, rdfs, ro, schema, skos, xsd};
use crate::resolve::{self, Claim, ReportItem, Resolution};

struct Graph {
    name: GraphName,
    quads: Vec<Quad>,
}

impl Graph {
    fn new(name: &str) -> Graph {
        Graph {
            name: NamedNode::new_unchecked(name).into(),
            quads: Vec::new(),
        }
    }

    fn add(&mut self, s: &str, p: &str, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::from(NamedNode::new_unchecked(s)),
            NamedNode::new_unchecked(p),
            o.into(),
            self.name.clone(),
        ));
    }

    fn link(&mut self, s: &str, p: &str, o: &str) {
        self.add(s, p, NamedNode::new_unchecked(o));
    }
}

fn text(value: &str) -> Literal {
    Literal::new_simple_literal(value)
}

fn integer(value: usize) -> Literal {
    Literal::from(value as u64)
}

fn kind_class(kind: Kind) -> &'static str {
    match kind {
        Kind::Call => ro::CALL,
        Kind::Meeting => ro::MEETING,
    }
}

/// A date as a literal of the XSD type that carries its precision.
pub fn date_literal(when: &When) -> Option<Literal> {
    let lexical = when.lexical()?;
    let datatype = NamedNode::new_unchecked(format!("{}{}", xsd::NS, when.xsd_type()));
    Some(Literal::new_typed_literal(lexical, datatype))
}

/// The quads of one article, all in the article's named graph.
pub fn article_quads(ex: &Extraction) -> Vec<Quad> {
    let mut g = Graph::new(&iri::article_graph(&ex.article));
    let article = iri::article(&ex.article);
    g.link(&article, rdf::TYPE, schema::NEWS_ARTICLE);
    g.add(&article, ro::ARTICLE_ID, text(&ex.article));
    if let Some(title) = &ex.title {
        g.add(&article, schema::HEADLINE, text(title));
    }
    if let Some(day) = ex.published {
        g.add(
            &article,
            schema::DATE_PUBLISHED,
            date_literal(&day.when()).expect("a day has a date"),
        );
    }
    if let Some(publisher) = &ex.publisher {
        g.add(&article, schema::PUBLISHER, text(publisher));
    }
    if let Some(url) = &ex.url {
        g.add(&article, schema::URL, text(url));
    }
    for person in &ex.people {
        let node = iri::person(&person.key);
        g.link(&node, rdf::TYPE, schema::PERSON);
        g.add(&node, schema::NAME, text(&person.name));
        for surface in &person.surfaces {
            g.add(&node, skos::ALT_LABEL, text(surface));
        }
        g.link(&node, ro::SEEN_IN, &article);
    }
    for (report, report_iri) in ex.reports.iter().zip(iri::report_iris(ex)) {
        report_quads(&mut g, ex, &article, report, &report_iri);
    }
    g.quads
}

fn report_quads(g: &mut Graph, ex: &Extraction, article: &str, report: &Report, node: &str) {
    g.link(node, rdf::TYPE, ro::REPORT);
    g.link(node, prov::WAS_DERIVED_FROM, article);
    g.link(node, ro::KIND, kind_class(report.kind));
    if let Some(date) = date_literal(&report.date) {
        g.add(node, ro::STATED_DATE, date);
    }
    if let Some(words) = &report.date_text {
        g.add(node, ro::DATE_TEXT, text(words));
    }
    g.add(node, ro::OCCURRED, Literal::from(report.occurred));
    g.add(node, ro::MAIN, Literal::from(report.main));
    g.add(node, ro::EARLIER, Literal::from(report.earlier));
    if let Some(country) = &report.initiator {
        g.link(node, ro::INITIATOR_COUNTRY, &iri::country(country));
    }
    if let Some(person) = &report.initiator_person {
        g.link(node, ro::INITIATOR_PERSON, &iri::person(person));
    }
    for p in &report.participants {
        participation_quads(g, node, p);
    }
    for party in &report.attributed_to {
        let target = match party {
            Party::Country(code) => iri::country(code),
            Party::Person(key) => iri::person(key),
        };
        g.link(node, prov::WAS_ATTRIBUTED_TO, &target);
    }
    let mut rules: BTreeMap<(usize, usize), BTreeSet<&str>> = BTreeMap::new();
    for e in &report.evidence {
        rules.entry((e.start, e.end)).or_default().insert(&e.rule);
    }
    for ((start, end), rules) in rules {
        let evidence = format!("{node}/evidence/{start}-{end}");
        g.link(node, ro::EVIDENCE_PROP, &evidence);
        g.link(&evidence, rdf::TYPE, ro::EVIDENCE);
        g.add(&evidence, ro::START, integer(start));
        g.add(&evidence, ro::END, integer(end));
        if let Some(sentence) = ex.sentence_text(start, end) {
            g.add(&evidence, ro::SENTENCE, text(sentence));
        }
        for rule in rules {
            g.add(&evidence, ro::RULE, text(rule));
        }
    }
}

fn participation_quads(g: &mut Graph, report: &str, p: &Participant) {
    let node = format!("{report}/participant/{}", iri::segment(&p.key));
    g.link(report, ro::PARTICIPATION_PROP, &node);
    g.link(&node, rdf::TYPE, ro::PARTICIPATION);
    g.add(&node, ro::PARTICIPANT_KEY, text(&p.key));
    if p.name.is_some() {
        g.link(&node, ro::PERSON, &iri::person(&p.key));
    }
    for surface in &p.surfaces {
        g.add(&node, ro::NAME_AS_WRITTEN, text(surface));
    }
    // The role is the report's statement only when the article states it; otherwise it comes
    // from what readout knew, and is left to the knowledge graph.
    if let (Some(role), Some(words)) = (p.role, &p.role_text) {
        g.link(
            &node,
            ro::ROLE_PROP,
            &format!("{}{}", ro::NS, role.local_name()),
        );
        g.add(&node, ro::ROLE_AS_WRITTEN, text(words));
    }
    if let Some(country) = &p.country {
        g.link(&node, ro::COUNTRY_PROP, &iri::country(country));
    }
    g.add(&node, ro::IMPLICIT, Literal::from(p.implicit));
}

/// The consolidated graph: events, which report describes which event, people's names.
pub fn consolidated_quads(
    items: &[ReportItem],
    resolution: &Resolution,
    names: &BTreeMap<String, String>,
) -> Vec<Quad> {
    let mut g = Graph::new(id::CONSOLIDATED_GRAPH);
    for event in &resolution.events {
        let node = event.iri.as_str();
        g.link(node, rdf::TYPE, ro::CONTACT);
        g.link(node, rdf::TYPE, kind_class(event.kind));
        let who: Vec<&str> = event
            .participants
            .iter()
            .map(|k| names.get(k).map_or(k.as_str(), String::as_str))
            .collect();
        let when = event.date.lexical().unwrap_or_else(|| "undated".into());
        g.add(
            node,
            rdfs::LABEL,
            text(&format!(
                "{} {}, {when}",
                event.kind.label(),
                who.join(" – ")
            )),
        );
        if let Some(date) = date_literal(&event.date) {
            g.add(node, schema::START_DATE, date);
        }
        for key in event.participants.iter().filter(|k| names.contains_key(*k)) {
            g.link(node, schema::ATTENDEE, &iri::person(key));
        }
        let articles: BTreeSet<&str> = event
            .reports
            .iter()
            .map(|&i| items[i].article.as_str())
            .collect();
        g.add(node, ro::SOURCE_COUNT, integer(articles.len()));
        // Read by the bundled queries, so that they need not gather every participation of
        // every report, nor sort on strings (README, Performance).
        g.add(
            node,
            ro::PARTICIPANT_SUMMARY,
            text(&participant_summary(event, items, names)),
        );
        g.add(node, ro::SORT_KEY, sort_key(event));
        // The best-supported initiator, unless sources are evenly split.
        match event.initiators.as_slice() {
            [(country, _)] => g.link(node, ro::CONSOLIDATED_INITIATOR, &iri::country(country)),
            [(country, a), (_, b), ..] if a > b => {
                g.link(node, ro::CONSOLIDATED_INITIATOR, &iri::country(country))
            }
            _ => {}
        }
        for &i in &event.reports {
            g.link(&items[i].iri, ro::REPORT_OF, node);
        }
        // How many reports state each value, so a reader can weigh the consolidated view.
        let values = event
            .initiators
            .iter()
            .map(|(c, n)| ("initiator", c.clone(), *n))
            .chain(
                event
                    .kinds
                    .iter()
                    .map(|(k, n)| ("kind", k.label().to_string(), *n)),
            )
            .chain(
                event
                    .dates
                    .iter()
                    .filter_map(|(d, n)| Some(("date", d.lexical()?, *n))),
            );
        for (property, value, support) in values {
            let v = format!("{node}/support/{property}/{}", iri::segment(&value));
            g.link(node, ro::SUPPORTED_VALUE, &v);
            g.add(&v, ro::PROPERTY, text(property));
            g.add(&v, rdf::VALUE, text(&value));
            g.add(&v, ro::SUPPORT, integer(support));
        }
        // What its reports disagree about, worked out here once so that the bundled query
        // reads it instead of comparing every pair of reports of every event.
        for d in resolve::disagreements(items, &event.reports) {
            disagreement_quads(&mut g, node, &d, items, names);
        }
    }
    for (key, name) in names {
        let node = iri::person(key);
        g.link(&node, rdf::TYPE, schema::PERSON);
        g.add(&node, skos::PREF_LABEL, text(name));
    }
    g.quads
}

fn disagreement_quads(
    g: &mut Graph,
    event: &str,
    d: &resolve::Disagreement,
    items: &[ReportItem],
    names: &BTreeMap<String, String>,
) {
    // (property, the node's IRI path below the event, value as shown, participant, role)
    let plain = |property, value: String| (property, iri::segment(&value), Some(value), None, None);
    let (property, path, value, key, role) = match &d.claim {
        Claim::Initiator(code) => plain("initiator", code.clone()),
        Claim::Kind(kind) => plain("kind", kind.label().to_string()),
        Claim::Occurred(b) => plain("occurred", b.to_string()),
        Claim::Date(lexical) => plain("date", lexical.clone()),
        Claim::Participant(key) => ("participants", iri::segment(key), None, Some(key), None),
        Claim::Role(key, role) => (
            "role",
            format!("{}/{}", iri::segment(key), role.local_name()),
            Some(role.label().to_string()),
            Some(key),
            Some(role),
        ),
    };
    let node = format!("{event}/disagreement/{property}/{path}");
    g.link(event, ro::DISAGREEMENT_PROP, &node);
    g.link(&node, rdf::TYPE, ro::DISAGREEMENT);
    g.add(&node, ro::PROPERTY, text(property));
    if let Some(value) = value {
        g.add(&node, rdf::VALUE, text(&value));
    }
    if let Some(key) = key {
        g.add(&node, ro::PARTICIPANT_KEY, text(key));
        if names.contains_key(key) {
            g.link(&node, ro::PERSON, &iri::person(key));
        }
    }
    if let Some(role) = role {
        g.link(
            &node,
            ro::ROLE_PROP,
            &format!("{}{}", ro::NS, role.local_name()),
        );
    }
    for &r in &d.reports {
        g.link(&node, ro::STATED_BY, &items[r].iri);
    }
}

/// What the `calls` query shows of an event's participants, from all its reports:
/// `Name (country, role/role); …` in the order of the participants' keys. A participant without
/// a person is `unnamed <key>`; an unknown country is `?`; roles no report states are left out.
fn participant_summary(
    event: &resolve::Event,
    items: &[ReportItem],
    names: &BTreeMap<String, String>,
) -> String {
    let mut sides: BTreeMap<&str, (Option<&str>, BTreeSet<&str>)> = BTreeMap::new();
    for &i in &event.reports {
        for (key, role, country) in &items[i].sides {
            let (code, roles) = sides.entry(key).or_default();
            if let Some(c) = country.as_deref() {
                *code = Some(code.map_or(c, |old| old.min(c)));
            }
            roles.extend(role.map(|r| r.label()));
        }
    }
    sides
        .iter()
        .map(|(key, (code, roles))| {
            let name = names
                .get(*key)
                .cloned()
                .unwrap_or_else(|| format!("unnamed {key}"));
            let roles = if roles.is_empty() {
                String::new()
            } else {
                format!(", {}", roles.iter().copied().collect::<Vec<_>>().join("/"))
            };
            format!("{name} ({}{roles})", code.unwrap_or("?"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A participant summary (as [`consolidated_quads`] writes it) with one person's name
/// replaced.
pub fn rename_in_summary(summary: &str, old: &str, new: &str) -> String {
    summary
        .split("; ")
        .map(|entry| match entry.strip_prefix(old) {
            Some(rest) if rest.starts_with(" (") => format!("{new}{rest}"),
            _ => entry.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A number that orders events by date (the lexical form's order: coarser dates before finer
/// ones of the same period, dates without a year first, undated events last), then by the
/// first [`SORT_NAME_CHARS`] characters of their name, which is where their IRIs differ. Queries
/// sort on it and break its (very rare) ties on the IRI: comparing numbers is far cheaper for a
/// SPARQL engine than comparing strings, which it decodes from the store at every comparison.
///
/// An `xsd:decimal`, because Oxigraph stores a decimal (128 bits) inline like an integer
/// (64 bits) but it holds 19 characters of the name instead of 6: with 6, a third of the events
/// of a large archive tied with another of the same day and the sort fell back to their IRIs.
fn sort_key(event: &resolve::Event) -> Literal {
    const BASE: i128 = 38;
    // `2024-05-06` -> 20240506, `2024-05` -> 20240500, `--05-06` -> 00000506: unknown parts are
    // zero, as a shorter lexical form sorts first.
    let date = if event.date.is_empty() {
        99_999_999
    } else {
        let part = |p: Option<i128>, max: i128| p.unwrap_or(0).clamp(0, max);
        part(event.date.year.map(i128::from), 9_999) * 10_000
            + part(event.date.month.map(i128::from), 99) * 100
            + part(event.date.day.map(i128::from), 99)
    };
    let name = event
        .iri
        .strip_prefix(id::EVENT)
        .and_then(|rest| rest.split_once('/'))
        .map_or("", |(_, name)| name);
    // One digit per character in the order of ASCII: end of name, '-', digits, letters, other.
    let mut chars = name.bytes();
    let name_key = (0..SORT_NAME_CHARS).fold(0i128, |key, _| {
        let digit = match chars.next() {
            None => 0,
            Some(b'-') => 1,
            Some(c @ b'0'..=b'9') => 2 + i128::from(c - b'0'),
            Some(c @ b'a'..=b'z') => 12 + i128::from(c - b'a'),
            Some(_) => 37,
        };
        key * BASE + digit
    });
    // Below 10^8 * 38^19 < 1.1 * 10^38: within a decimal's range (i128 counted in 10^-18).
    let key = date * BASE.pow(SORT_NAME_CHARS) + name_key;
    // The canonical form (no trailing zeros), which is what a store gives back.
    let (whole, fraction) = (key / 10i128.pow(18), key % 10i128.pow(18));
    let fraction = format!("{fraction:018}");
    let lexical = match fraction.trim_end_matches('0') {
        "" => whole.to_string(),
        digits => format!("{whole}.{digits}"),
    };
    Literal::new_typed_literal(lexical, NamedNode::new_unchecked(xsd::DECIMAL))
}

/// Characters of an event's name in its sort key.
const SORT_NAME_CHARS: u32 = 19;

/// An event label (`call A – B, 2024-05-06`, as [`consolidated_quads`] writes it) with one
/// participant's name replaced.
pub fn rename_in_label(label: &str, old: &str, new: &str) -> String {
    let Some((kind, rest)) = label.split_once(' ') else {
        return label.to_string();
    };
    let Some((who, when)) = rest.rsplit_once(", ") else {
        return label.to_string();
    };
    let who: Vec<&str> = who
        .split(" – ")
        .map(|w| if w == old { new } else { w })
        .collect();
    format!("{kind} {}, {when}", who.join(" – "))
}

/// Canonical names of the people of extractions, by key.
pub fn person_names(extractions: &[Extraction]) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for ex in extractions {
        for p in &ex.people {
            keep_better_name(&mut names, &p.key, &p.name);
        }
        for r in &ex.reports {
            for p in &r.participants {
                if let Some(name) = &p.name {
                    keep_better_name(&mut names, &p.key, name);
                }
            }
        }
    }
    names
}

/// Articles may name a person differently: the longest name wins, then the first in
/// alphabetical order, so that the choice does not depend on the order of ingestion.
pub fn keep_better_name(names: &mut BTreeMap<String, String>, key: &str, name: &str) {
    let better = |old: &String| {
        (name.len(), std::cmp::Reverse(name)) > (old.len(), std::cmp::Reverse(old.as_str()))
    };
    match names.get(key) {
        Some(old) if !better(old) => {}
        _ => {
            names.insert(key.to_string(), name.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Role;

    fn event(date: &str, name: &str, reports: Vec<usize>) -> resolve::Event {
        let date = When::parse_lexical(date).unwrap_or_default();
        resolve::Event {
            iri: format!(
                "{}{}/{name}",
                id::EVENT,
                date.lexical().unwrap_or_else(|| "undated".into())
            ),
            participants: Vec::new(),
            reports,
            date,
            kind: Kind::Call,
            initiators: Vec::new(),
            kinds: Vec::new(),
            dates: Vec::new(),
        }
    }

    /// The sort key as the integer it scales (in units of 10^-18).
    fn key(e: &resolve::Event) -> i128 {
        let literal = sort_key(e);
        assert_eq!(literal.datatype().as_str(), xsd::DECIMAL);
        let (whole, fraction) = literal
            .value()
            .split_once('.')
            .unwrap_or((literal.value(), ""));
        assert!(!fraction.ends_with('0'), "canonical: {literal}");
        format!("{whole}{fraction:0<18}").parse().unwrap()
    }

    #[test]
    fn sort_keys_order_events_as_their_dates_and_names_do() {
        // In the order a string sort of (date's lexical form, name) gives, undated last.
        let ordered = [
            ("--05", "ana--bo"),
            ("--05-06", "ana--bo"),
            ("2023", "zed--ana"),
            ("2024", "ana--bo"),
            ("2024-05", "ana--bo"),
            ("2024-05-06", "ana--bo"),
            ("2024-05-06", "ana-b--cy"),
            ("2024-05-06", "ana-bo--cy"),
            ("2024-05-06", "ana2--cy"),
            ("2024-05-06", "bo--cy"),
            ("2024-05-07", "ana--bo"),
            ("2024-12-31", "zed--zoe"),
            ("", "ana--bo"),
            ("", "zed--zoe"),
        ];
        let keys: Vec<i128> = ordered
            .iter()
            .map(|(d, n)| key(&event(d, n, vec![])))
            .collect();
        for (pair, names) in keys.windows(2).zip(ordered.windows(2)) {
            assert!(pair[0] < pair[1], "{names:?}: {pair:?}");
        }
        // Names equal in their first 19 characters tie; the queries then compare IRIs.
        assert_ne!(
            key(&event("2024-05-06", "ana-bo--cy", vec![])),
            key(&event("2024-05-06", "ana-bo--dan", vec![]))
        );
        assert_eq!(
            key(&event("2024-05-06", "anatoly-bogdanov--cyril-a", vec![])),
            key(&event("2024-05-06", "anatoly-bogdanov--cyril-b", vec![]))
        );
        // Keys are written in the canonical form a store gives back (or incremental ingest
        // would see every event's key as changed).
        let store = oxigraph::store::Store::new().unwrap();
        let subject = NamedNode::new_unchecked("https://example.org/e");
        let predicate = NamedNode::new_unchecked(ro::SORT_KEY);
        for (d, n) in ordered.iter().chain(&[("2024-05-06", ""), ("", "")]) {
            let written = sort_key(&event(d, n, vec![]));
            let quad = Quad::new(
                subject.clone(),
                predicate.clone(),
                written.clone(),
                GraphName::DefaultGraph,
            );
            store.clear().unwrap();
            store.insert(&quad).unwrap();
            let back = store.iter().next().unwrap().unwrap().object;
            assert_eq!(back, Term::from(written));
        }
        // The largest key is still a decimal Oxigraph holds exactly.
        let last = sort_key(&event("9999-99-99", "zzzzzzzzzzzzzzzzzzzzzzz", vec![]));
        assert_eq!(last.datatype().as_str(), xsd::DECIMAL);
        assert!(last.value().parse::<f64>().unwrap() < 1.7e20);
    }

    #[test]
    fn participant_summaries_gather_every_reports_roles_and_countries() {
        let side =
            |k: &str, r: Option<Role>, c: Option<&str>| (k.to_string(), r, c.map(String::from));
        let item = |sides| ReportItem {
            iri: "r".into(),
            article: "a".into(),
            keys: Vec::new(),
            date: When::default(),
            earlier: false,
            kind: Kind::Call,
            initiator: None,
            occurred: true,
            sides,
        };
        let items = vec![
            item(vec![
                side("lee", Some(Role::ForeignMinister), Some("KR")),
                side("office-x", None, None),
            ]),
            item(vec![
                side("lee", Some(Role::HeadOfGovernment), None),
                side("ada", None, Some("GB")),
            ]),
        ];
        let names = BTreeMap::from([
            ("lee".to_string(), "Lee Min".to_string()),
            ("ada".to_string(), "Ada Roe".to_string()),
        ]);
        let summary = participant_summary(&event("2024", "x", vec![0, 1]), &items, &names);
        assert_eq!(
            summary,
            "Ada Roe (GB); Lee Min (KR, foreign minister/head of government); unnamed office-x (?)"
        );
        assert_eq!(
            rename_in_summary(&summary, "Lee Min", "Lee Min-ho"),
            "Ada Roe (GB); Lee Min-ho (KR, foreign minister/head of government); unnamed office-x (?)"
        );
        // Only a whole name is replaced.
        assert_eq!(rename_in_summary(&summary, "Lee", "X"), summary);
    }
}
