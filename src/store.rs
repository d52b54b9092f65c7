//! The on-disk Oxigraph store: articles' graphs, the consolidated graph, knowledge, ontology.
//!
//! In: a store directory; quads from `rdf::quads`. Out: a [`GraphStore`] that replaces an
//! article's graph in one transaction, re-resolves events across all stored reports, and answers
//! SPARQL. Must not: extract or print. Invariant: an article's triples are only ever written
//! whole (one transaction per article), and the consolidated graph is only ever replaced whole.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator, Variable};
use oxigraph::store::{StorageError, Store};

use crate::date::{Day, When};
use crate::extract::{Extraction, Kind};
use crate::rdf::knowledge::bundled_documents;
use crate::rdf::quads;
use crate::rdf::vocab::{id, ro};
use crate::resolve::{self, ReportItem};

/// The ontology, loaded into its own graph so that queries can use labels.
pub const ONTOLOGY: &str = include_str!("../ontology/readout.ttl");

/// The version of the store layout; a store written by another layout must be rebuilt.
/// 2: the consolidated graph holds each event's disagreements (ro:Disagreement).
/// 3: each event's participant summary and integer sort key.
/// 4: the sort key is a decimal holding 19 characters of the name (was an integer, 6).
pub const LAYOUT_VERSION: &str = "4";

const META_GRAPH: &str = "https://w3id.org/readout/graph/meta";
const LAYOUT: &str = ro::STORE_LAYOUT;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path}: in use by another readout process (only one may write at a time); wait for it to finish, or query with a read-only command")]
    InUse { path: String },
    #[error("store {path}: {path} is a file, not a store directory; give --store a directory")]
    NotADirectory { path: String },
    #[error("store {path}: made by an incompatible readout (store layout {found}, this readout writes {expected}); re-ingest your articles into a new store directory")]
    Incompatible {
        path: String,
        found: String,
        expected: String,
    },
    /// Shown whole: the cause is part of the message, not a separate link of the chain.
    #[error("store {path}: {cause}")]
    Storage { path: String, cause: StorageError },
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    #[error("SPARQL evaluation failed: {0}")]
    Evaluation(String),
    #[error("knowledge: {0}")]
    Knowledge(String),
    #[error("writing RDF: {0}")]
    Write(String),
    #[error("{0}")]
    NotFound(String),
}

/// What [`GraphStore::store_articles`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stored {
    pub quads: usize,
    /// Articles that were already in the store (their old graphs replaced).
    pub replaced: usize,
}

pub struct GraphStore {
    store: Store,
    path: PathBuf,
}

impl GraphStore {
    /// Opens (creating if needed) a store for writing.
    pub fn open(path: &Path) -> Result<GraphStore, StoreError> {
        let name = path.display().to_string();
        if path.is_file() {
            return Err(StoreError::NotADirectory { path: name });
        }
        let store = disk::open(path, false).map_err(|source| classify(&name, source))?;
        let opened = GraphStore {
            store,
            path: path.to_path_buf(),
        };
        opened.check_layout(true)?;
        Ok(opened)
    }

    /// Opens an existing store for writing (never creates one).
    pub fn open_existing(path: &Path) -> Result<GraphStore, StoreError> {
        require_store(path)?;
        GraphStore::open(path)
    }

    /// Opens an existing store for reading only.
    pub fn open_read_only(path: &Path) -> Result<GraphStore, StoreError> {
        require_store(path)?;
        let name = path.display().to_string();
        let store = disk::open(path, true).map_err(|source| classify(&name, source))?;
        let opened = GraphStore {
            store,
            path: path.to_path_buf(),
        };
        opened.check_layout(false)?;
        Ok(opened)
    }

    /// An in-memory store (for `extract --format trig` and tests).
    pub fn in_memory() -> Result<GraphStore, StoreError> {
        let store = Store::new().map_err(|source| classify("<memory>", source))?;
        Ok(GraphStore {
            store,
            path: PathBuf::from("<memory>"),
        })
    }

    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn storage(&self, source: StorageError) -> StoreError {
        classify(&self.name(), source)
    }

    /// The quads that match a pattern, a storage error named after this store.
    fn quads<'a>(
        &'a self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> impl Iterator<Item = Result<Quad, StoreError>> + 'a {
        self.store
            .quads_for_pattern(subject, predicate, object, graph)
            .map(|q| q.map_err(|e| self.storage(e)))
    }

    /// The value of one of the store's own settings (in the meta graph), if set.
    fn meta_value(&self, predicate: &str) -> Result<Option<Term>, StoreError> {
        let meta = NamedNode::new_unchecked(META_GRAPH);
        let predicate = NamedNode::new_unchecked(predicate);
        Ok(self
            .quads(
                Some(meta.as_ref().into()),
                Some(predicate.as_ref()),
                None,
                Some(meta.as_ref().into()),
            )
            .next()
            .transpose()?
            .map(|quad| quad.object))
    }

    fn check_layout(&self, writable: bool) -> Result<(), StoreError> {
        match self.meta_value(LAYOUT)? {
            Some(object) => {
                let value = plain(&object);
                if value != LAYOUT_VERSION {
                    return Err(StoreError::Incompatible {
                        path: self.name(),
                        found: value,
                        expected: LAYOUT_VERSION.into(),
                    });
                }
            }
            None if writable => {
                let meta = NamedNode::new_unchecked(META_GRAPH);
                let quad = Quad::new(
                    meta.clone(),
                    NamedNode::new_unchecked(LAYOUT),
                    oxigraph::model::Literal::new_simple_literal(LAYOUT_VERSION),
                    meta,
                );
                self.store.insert(&quad).map_err(|e| self.storage(e))?;
            }
            None => {}
        }
        Ok(())
    }

    /// Replaces the ontology and knowledge graphs (bundled knowledge plus user files).
    pub fn load_knowledge(&self, extra: &[(String, String)]) -> Result<(), StoreError> {
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        let graphs = [(
            id::ONTOLOGY_GRAPH,
            vec![("ontology/readout.ttl".to_string(), ONTOLOGY.to_string())],
        )];
        let mut documents = bundled_documents();
        documents.extend(extra.iter().cloned());
        for (graph, docs) in graphs.into_iter().chain([(id::KNOWLEDGE_GRAPH, documents)]) {
            let graph = NamedNode::new_unchecked(graph);
            transaction
                .clear_graph(graph.as_ref())
                .map_err(|e| self.storage(e))?;
            for (name, text) in docs {
                let parser =
                    RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph.clone());
                for quad in parser.for_slice(text.as_bytes()) {
                    let quad = quad.map_err(|e| StoreError::Knowledge(format!("{name}: {e}")))?;
                    transaction.insert(&quad);
                }
            }
        }
        transaction.commit().map_err(|e| self.storage(e))
    }

    /// Replaces exactly the graph of one article, in one transaction.
    pub fn replace_article(&self, extraction: &Extraction) -> Result<usize, StoreError> {
        self.replace_articles(std::slice::from_ref(extraction))
    }

    /// Stores a batch of articles: articles new to the store go through Oxigraph's bulk loader
    /// (atomic: the whole batch or nothing), articles already stored are replaced in one
    /// transaction. Returns the number of quads written.
    pub fn store_articles(&self, extractions: &[Extraction]) -> Result<Stored, StoreError> {
        let mut new = Vec::new();
        let mut existing = Vec::new();
        for extraction in extractions {
            if self.has_article(&extraction.article)? {
                existing.push(extraction.clone());
            } else {
                new.push(extraction);
            }
        }
        let mut written = self.replace_articles(&existing)?;
        if !new.is_empty() {
            let quads: Vec<Quad> = new.iter().flat_map(|e| quads::article_quads(e)).collect();
            written += quads.len();
            let mut loader = self.store.bulk_loader();
            loader.load_quads(quads).map_err(|e| self.storage(e))?;
            loader.commit().map_err(|e| self.storage(e))?;
        }
        Ok(Stored {
            quads: written,
            replaced: existing.len(),
        })
    }

    /// Replaces the graphs of several articles in one transaction (all or none of them).
    pub fn replace_articles(&self, extractions: &[Extraction]) -> Result<usize, StoreError> {
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        let mut written = 0;
        for extraction in extractions {
            let graph =
                NamedNode::new_unchecked(crate::rdf::iri::article_graph(&extraction.article));
            let quads = quads::article_quads(extraction);
            transaction
                .clear_graph(graph.as_ref())
                .map_err(|e| self.storage(e))?;
            transaction.insert_named_graph(graph.as_ref());
            transaction.extend(quads.iter());
            written += quads.len();
        }
        transaction.commit().map_err(|e| self.storage(e))?;
        Ok(written)
    }

    /// Re-resolves events across every stored report and replaces the consolidated graph.
    /// Returns (events, people).
    pub fn consolidate(&self) -> Result<(usize, usize), StoreError> {
        let items = self.report_items()?;
        let names = self.person_names()?;
        let resolution = resolve::events(&items);
        self.write_consolidated(&items, &resolution, &names)?;
        Ok((resolution.events.len(), names.len()))
    }

    /// [`GraphStore::consolidate`] from report items and names the caller already holds, all
    /// those of the store (as after a first ingest into an empty store): the same graph,
    /// without reading every report back.
    pub fn consolidate_from(
        &self,
        mut items: Vec<ReportItem>,
        names: &BTreeMap<String, String>,
    ) -> Result<(usize, usize), StoreError> {
        // The order report_items() gives, on which resolution's tie-breaks depend.
        items.sort_by(|a, b| a.iri.cmp(&b.iri));
        let resolution = resolve::events(&items);
        self.write_consolidated(&items, &resolution, names)?;
        Ok((resolution.events.len(), names.len()))
    }

    /// Marks (or clears) that articles are being stored whose events are not resolved yet.
    pub fn set_resolution_pending(&self, pending: bool) -> Result<(), StoreError> {
        let meta = NamedNode::new_unchecked(META_GRAPH);
        let quad = Quad::new(
            meta.clone(),
            NamedNode::new_unchecked(ro::RESOLUTION_PENDING),
            Literal::from(true),
            meta,
        );
        if pending {
            self.store.insert(&quad).map_err(|e| self.storage(e))?;
        } else {
            self.store.remove(&quad).map_err(|e| self.storage(e))?;
        }
        Ok(())
    }

    /// Whether an earlier ingest stopped between storing articles and resolving their events.
    pub fn resolution_pending(&self) -> Result<bool, StoreError> {
        Ok(self.meta_value(ro::RESOLUTION_PENDING)?.is_some())
    }

    /// Whether any report is stored.
    pub fn has_reports(&self) -> Result<bool, StoreError> {
        let report = NamedNode::new_unchecked(ro::REPORT);
        let rdf_type = NamedNode::new_unchecked(crate::rdf::vocab::rdf::TYPE);
        Ok(self
            .store
            .quads_for_pattern(
                None,
                Some(rdf_type.as_ref()),
                Some(report.as_ref().into()),
                None,
            )
            .next()
            .is_some())
    }

    /// Re-resolves only what new reports can change, given the participant groups (sorted key
    /// sets) of the reports added since the last consolidation and the best name their articles
    /// give everyone they name (names may be new or better). Gives the same graph as
    /// [`GraphStore::consolidate`]:
    /// - events form within a group of reports with the same participants, so the new reports'
    ///   groups are re-resolved whole;
    /// - the one step across groups (a misnamed participant, [`resolve`]) joins two-person
    ///   contacts of the same day that share one participant, so on each day those groups have,
    ///   the groups linked to them that way (transitively) are re-resolved too, and of those
    ///   only the events on that day can change;
    /// - people whose best name changed are renamed in the labels of the events they attend
    ///   (the best name is the better of their stored label and the new articles' name: names
    ///   come only with articles, and none was replaced, or this is not called);
    /// - every other event stays as it is, and only the difference is written.
    pub fn consolidate_around(
        &self,
        groups: &BTreeSet<Vec<String>>,
        new_names: &BTreeMap<String, String>,
    ) -> Result<(), StoreError> {
        let mut items = self.items_of_groups(groups)?;
        let days: BTreeSet<Day> = items.iter().filter_map(|i| i.date.as_day()).collect();
        // Per day, the two-person groups that share one participant with a group already in,
        // transitively: only those can take part in a misnamed merge with the new reports.
        let mut neighbours: BTreeSet<Vec<String>> = BTreeSet::new();
        let mut reached_on: BTreeMap<Day, BTreeSet<Vec<String>>> = BTreeMap::new();
        let mut pairs_on = self.pairs_on(&days)?;
        for day in &days {
            let mut reached: Vec<&Vec<String>> = items
                .iter()
                .filter(|i| i.date.as_day() == Some(*day) && i.keys.len() == 2)
                .map(|i| &i.keys)
                .collect();
            let mut on_day = pairs_on.remove(day).unwrap_or_default();
            on_day.retain(|k| !groups.contains(k));
            let mut taken: BTreeSet<&Vec<String>> = BTreeSet::new();
            while let Some(group) = reached.pop() {
                for other in &on_day {
                    let shared = other.iter().filter(|k| group.contains(k)).count();
                    if shared == 1 && taken.insert(other) {
                        reached.push(other);
                    }
                }
            }
            neighbours.extend(taken.iter().map(|&k| k.clone()));
            reached_on.insert(*day, taken.into_iter().cloned().collect());
        }
        items.extend(self.items_of_groups(&neighbours)?);
        items.sort_by(|a, b| a.iri.cmp(&b.iri));
        items.dedup_by(|a, b| a.iri == b.iri);
        let mut resolution = resolve::events(&items);
        // In scope: events with a report of the new groups, and events of a day whose every
        // report is of a group reached on that day (a neighbour group's events on other days
        // are as they were: their day's bucket was not read whole).
        resolution.events.retain(|e| {
            e.reports.iter().any(|&i| groups.contains(&items[i].keys))
                || e.date.as_day().is_some_and(|d| {
                    reached_on.get(&d).is_some_and(|reached| {
                        e.reports.iter().all(|&i| {
                            groups.contains(&items[i].keys) || reached.contains(&items[i].keys)
                        })
                    })
                })
        });
        resolution.event_of.clear();
        let in_scope: BTreeSet<usize> = resolution
            .events
            .iter()
            .flat_map(|e| e.reports.iter().copied())
            .collect();
        let mut all_keys: BTreeSet<String> = in_scope
            .iter()
            .flat_map(|&i| items[i].keys.iter().cloned())
            .collect();
        all_keys.extend(new_names.keys().cloned());
        if all_keys.is_empty() {
            return Ok(());
        }
        let names = self.names_after(&all_keys, new_names)?;
        let consolidated = NamedNode::new_unchecked(id::CONSOLIDATED_GRAPH);
        let report_of = NamedNode::new_unchecked(ro::REPORT_OF);
        let supported = NamedNode::new_unchecked(ro::SUPPORTED_VALUE);
        let disagreement = NamedNode::new_unchecked(ro::DISAGREEMENT_PROP);
        let label = NamedNode::new_unchecked(crate::rdf::vocab::skos::PREF_LABEL);
        let c = GraphNameRef::from(consolidated.as_ref());
        let mut old = Vec::new();
        for item in in_scope.iter().map(|&i| &items[i]) {
            let report = NamedNode::new_unchecked(item.iri.as_str());
            for quad in self.quads(
                Some(report.as_ref().into()),
                Some(report_of.as_ref()),
                None,
                Some(c),
            ) {
                let quad = quad?;
                if let Term::NamedNode(event) = quad.object {
                    old.push(event);
                }
            }
        }
        old.sort();
        old.dedup();
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        let mut doomed: Vec<Quad> = Vec::new();
        for event in &old {
            for quad in self.quads(Some(event.as_ref().into()), None, None, Some(c)) {
                let quad = quad?;
                // Its value-support and disagreement nodes go with it.
                if quad.predicate == supported || quad.predicate == disagreement {
                    if let Term::NamedNode(value) = &quad.object {
                        for q in self.quads(Some(value.as_ref().into()), None, None, Some(c)) {
                            doomed.push(q?);
                        }
                    }
                }
                doomed.push(quad);
            }
            for quad in self.quads(
                None,
                Some(report_of.as_ref()),
                Some(event.as_ref().into()),
                Some(c),
            ) {
                doomed.push(quad?);
            }
        }
        // A person whose best name changed: events outside the scope that they attend keep
        // their reports but get the new name in their label.
        let attendee = NamedNode::new_unchecked(crate::rdf::vocab::schema::ATTENDEE);
        let event_label = NamedNode::new_unchecked(crate::rdf::vocab::rdfs::LABEL);
        let summary = NamedNode::new_unchecked(crate::rdf::vocab::ro::PARTICIPANT_SUMMARY);
        // Every rename of an event's attendees, in order: an event two renamed people attend
        // gets both renames applied to its one stored label (applied separately, each to the
        // stored label, they made two labels with one rename each).
        let mut renames: BTreeMap<NamedNode, Vec<(String, &str)>> = BTreeMap::new();
        for (key, name) in &names {
            let person = NamedNode::new_unchecked(crate::rdf::iri::person(key));
            let mut was = None;
            for quad in self.quads(
                Some(person.as_ref().into()),
                Some(label.as_ref()),
                None,
                Some(c),
            ) {
                let quad = quad?;
                if let Term::Literal(l) = &quad.object {
                    was = Some(l.value().to_string());
                }
                doomed.push(quad);
            }
            let Some(was) = was.filter(|w| w != name) else {
                continue;
            };
            for quad in self.quads(
                None,
                Some(attendee.as_ref()),
                Some(person.as_ref().into()),
                Some(c),
            ) {
                let quad = quad?;
                let oxigraph::model::NamedOrBlankNode::NamedNode(event) = quad.subject else {
                    continue;
                };
                if old.binary_search(&event).is_ok() {
                    continue;
                }
                renames
                    .entry(event)
                    .or_default()
                    .push((was.clone(), name.as_str()));
            }
        }
        let mut relabelled: Vec<Quad> = Vec::new();
        type Rename = fn(&str, &str, &str) -> String;
        let renamings: [(&NamedNode, Rename); 2] = [
            (&event_label, quads::rename_in_label),
            (&summary, quads::rename_in_summary),
        ];
        for (event, event_renames) in &renames {
            for (predicate, rename) in renamings {
                for q in self.quads(
                    Some(event.as_ref().into()),
                    Some(predicate.as_ref()),
                    None,
                    Some(c),
                ) {
                    let q = q?;
                    if let Term::Literal(l) = &q.object {
                        let value = event_renames
                            .iter()
                            .fold(l.value().to_string(), |value, (was, name)| {
                                rename(&value, was, name)
                            });
                        let mut new = q.clone();
                        new.object = Literal::new_simple_literal(value).into();
                        doomed.push(q);
                        relabelled.push(new);
                    }
                }
            }
        }
        // Only the difference is written: most re-resolved events come out as they were.
        let mut fresh: std::collections::HashSet<Quad> =
            quads::consolidated_quads(&items, &resolution, &names)
                .into_iter()
                .collect();
        fresh.extend(relabelled);
        let doomed: std::collections::HashSet<Quad> = doomed.into_iter().collect();
        for quad in doomed.difference(&fresh) {
            transaction.remove(quad);
        }
        for quad in fresh.difference(&doomed) {
            transaction.insert(quad);
        }
        transaction.commit().map_err(|e| self.storage(e))
    }

    /// Counts for summaries: (reports, events, people).
    pub fn counts(&self) -> Result<(usize, usize, usize), StoreError> {
        let row = self
            .select(include_str!("../queries/internal/stats.rq"))?
            .into_iter()
            .next()
            .unwrap_or_default();
        let n = |k: &str| row.get(k).and_then(|v| v.parse().ok()).unwrap_or(0);
        Ok((n("reports"), n("events"), n("people")))
    }

    /// Whether the consolidated graph holds anything yet.
    pub fn has_consolidated(&self) -> Result<bool, StoreError> {
        let graph = NamedNode::new_unchecked(id::CONSOLIDATED_GRAPH);
        Ok(self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::from(graph.as_ref())))
            .next()
            .is_some())
    }

    /// Replaces the consolidated graph with the given resolution.
    pub fn write_consolidated(
        &self,
        items: &[ReportItem],
        resolution: &resolve::Resolution,
        names: &BTreeMap<String, String>,
    ) -> Result<(), StoreError> {
        let quads = quads::consolidated_quads(items, resolution, names);
        let graph = NamedNode::new_unchecked(id::CONSOLIDATED_GRAPH);
        // Derived data: cleared, then bulk-loaded. Should a crash fall between the two, the
        // next ingest (of anything, even nothing new) derives it again.
        self.store
            .clear_graph(graph.as_ref())
            .map_err(|e| self.storage(e))?;
        let mut loader = self.store.bulk_loader();
        loader.load_quads(quads).map_err(|e| self.storage(e))?;
        loader.commit().map_err(|e| self.storage(e))
    }

    /// The stored reports whose participants are exactly one of `groups`, whole: read by
    /// index look-ups (a key's participations, their reports), not by a SPARQL join, so the
    /// cost follows the size of the groups, not of the store.
    fn items_of_groups(
        &self,
        groups: &BTreeSet<Vec<String>>,
    ) -> Result<Vec<ReportItem>, StoreError> {
        let keys: BTreeSet<&str> = groups
            .iter()
            .flat_map(|g| g.iter().take(2).map(String::as_str))
            .collect();
        let by_key = self.report_iris_with_keys(&keys)?;
        let none = BTreeSet::new();
        let reports_of = |key: &str| by_key.get(key).unwrap_or(&none);
        let mut items = Vec::new();
        for group in groups {
            let Some(first) = group.first() else { continue };
            let second = group.get(1).unwrap_or(first);
            let candidates = reports_of(first).intersection(reports_of(second));
            for report in candidates {
                let item = self.report_item(report)?;
                if item.keys == *group {
                    items.push(item);
                }
            }
        }
        Ok(items)
    }

    fn objects(&self, subject: &str, predicate: &str) -> Result<Vec<Term>, StoreError> {
        let s = NamedNode::new_unchecked(subject);
        let p = NamedNode::new_unchecked(predicate);
        self.quads(Some(s.as_ref().into()), Some(p.as_ref()), None, None)
            .map(|q| q.map(|q| q.object))
            .collect()
    }

    /// Per key, the reports one of whose participants has it: one query for all the keys (the
    /// engine reads back only the participations, not every quad whole).
    fn report_iris_with_keys(
        &self,
        keys: &BTreeSet<&str>,
    ) -> Result<BTreeMap<String, BTreeSet<String>>, StoreError> {
        let mut reports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        if keys.is_empty() {
            return Ok(reports);
        }
        let query = with_values(
            include_str!("../queries/internal/participations-of-keys.rq"),
            "#KEYS",
            "key",
            keys.iter().map(|k| Literal::new_simple_literal(*k).into()),
        );
        for row in self.select(&query)? {
            let (Some(key), Some(participation)) = (row.get("key"), row.get("participation"))
            else {
                continue;
            };
            // A participation's IRI is its report's followed by `/participant/<key>`
            // (rdf::quads).
            if let Some((report, _)) = participation.rsplit_once("/participant/") {
                reports
                    .entry(key.clone())
                    .or_default()
                    .insert(report.to_string());
            }
        }
        Ok(reports)
    }

    /// What resolution needs of one stored report, read by index look-ups.
    fn report_item(&self, iri: &str) -> Result<ReportItem, StoreError> {
        let first = |p: &str| -> Result<Option<Term>, StoreError> {
            Ok(self.objects(iri, p)?.into_iter().next())
        };
        let article = match first(crate::rdf::vocab::prov::WAS_DERIVED_FROM)? {
            Some(Term::NamedNode(a)) => self
                .objects(a.as_str(), ro::ARTICLE_ID)?
                .first()
                .map(plain)
                .unwrap_or_default(),
            _ => String::new(),
        };
        let mut item = ReportItem {
            iri: iri.to_string(),
            article,
            keys: Vec::new(),
            date: first(ro::STATED_DATE)?
                .and_then(|d| When::parse_lexical(&plain(&d)))
                .unwrap_or_default(),
            earlier: first(ro::EARLIER)?.is_some_and(|e| plain(&e) == "true"),
            kind: match first(ro::KIND)? {
                Some(k) if plain(&k) == ro::MEETING => Kind::Meeting,
                _ => Kind::Call,
            },
            initiator: first(ro::INITIATOR_COUNTRY)?.map(|c| local(&plain(&c)).to_string()),
            occurred: first(ro::OCCURRED)?.is_none_or(|o| plain(&o) != "false"),
            sides: Vec::new(),
        };
        for participation in self.objects(iri, ro::PARTICIPATION_PROP)? {
            let p = plain(&participation);
            let Some(key) = self.objects(&p, ro::PARTICIPANT_KEY)?.first().map(plain) else {
                continue;
            };
            if item.keys.contains(&key) {
                continue;
            }
            let role = self
                .objects(&p, ro::ROLE_PROP)?
                .first()
                .and_then(|r| crate::knowledge::Role::from_local_name(local(&plain(r))));
            let country = self
                .objects(&p, ro::COUNTRY_PROP)?
                .first()
                .map(|c| local(&plain(c)).to_string());
            item.sides.push((key.clone(), role, country));
            item.keys.push(key);
        }
        item.keys.sort();
        Ok(item)
    }

    /// Per day, the participant keys (sorted, as a [`ReportItem`] has them) of the stored
    /// reports of two people that state that day. One query for all the days: the engine joins
    /// on its own ids and reads back only the reports and keys, where look-ups report by report
    /// read every quad whole.
    fn pairs_on(
        &self,
        days: &BTreeSet<Day>,
    ) -> Result<BTreeMap<Day, BTreeSet<Vec<String>>>, StoreError> {
        if days.is_empty() {
            return Ok(BTreeMap::new());
        }
        let query = with_values(
            include_str!("../queries/internal/report-keys-on-days.rq"),
            "#DATES",
            "date",
            days.iter()
                .filter_map(|d| quads::date_literal(&d.when()))
                .map(Term::from),
        );
        let mut keys: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for row in self.select(&query)? {
            let (Some(date), Some(report), Some(key)) =
                (row.get("date"), row.get("report"), row.get("key"))
            else {
                continue;
            };
            keys.entry((date.clone(), report.clone()))
                .or_default()
                .push(key.clone());
        }
        let mut pairs: BTreeMap<Day, BTreeSet<Vec<String>>> = BTreeMap::new();
        for ((date, _), mut report_keys) in keys {
            report_keys.sort();
            report_keys.dedup();
            if let (Some(day), 2) = (Day::parse(&date), report_keys.len()) {
                pairs.entry(day).or_default().insert(report_keys);
            }
        }
        Ok(pairs)
    }

    /// The best name of each of `keys` once articles naming `new_names` are added to the store:
    /// names only come with articles, and the consolidated graph labels everyone named in a
    /// stored article with the best name they have, so the better of that label and the new
    /// articles' name is the best over every article. Keys without a label (people first named
    /// now) are read from the articles, which are stored by then.
    fn names_after(
        &self,
        keys: &BTreeSet<String>,
        new_names: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, StoreError> {
        let graph = NamedNode::new_unchecked(id::CONSOLIDATED_GRAPH);
        let label = NamedNode::new_unchecked(crate::rdf::vocab::skos::PREF_LABEL);
        let mut names = BTreeMap::new();
        let mut unlabelled = BTreeSet::new();
        for key in keys {
            let person = NamedNode::new_unchecked(crate::rdf::iri::person(key));
            let stored = self
                .quads(
                    Some(person.as_ref().into()),
                    Some(label.as_ref()),
                    None,
                    Some(GraphNameRef::from(graph.as_ref())),
                )
                .next()
                .transpose()?;
            match stored.map(|q| q.object) {
                Some(Term::Literal(name)) => {
                    quads::keep_better_name(&mut names, key, name.value());
                    if let Some(name) = new_names.get(key) {
                        quads::keep_better_name(&mut names, key, name);
                    }
                }
                _ => {
                    unlabelled.insert(key.clone());
                }
            }
        }
        if !unlabelled.is_empty() {
            for (key, name) in self.person_names_where(Some(&unlabelled))? {
                quads::keep_better_name(&mut names, &key, &name);
            }
        }
        Ok(names)
    }

    /// What resolution needs of every stored report (one SPARQL query; for all reports that
    /// is faster than look-ups report by report).
    pub fn report_items(&self) -> Result<Vec<ReportItem>, StoreError> {
        let rows = self.select(include_str!("../queries/internal/report-items.rq"))?;
        let mut items: BTreeMap<String, ReportItem> = BTreeMap::new();
        for row in rows {
            let get = |k: &str| row.get(k).cloned().unwrap_or_default();
            let iri = get("report");
            let item = items.entry(iri.clone()).or_insert_with(|| ReportItem {
                iri,
                article: get("articleId"),
                keys: Vec::new(),
                date: When::parse_lexical(&get("date")).unwrap_or_default(),
                earlier: get("earlier") == "true",
                kind: if get("kind") == ro::MEETING {
                    Kind::Meeting
                } else {
                    Kind::Call
                },
                initiator: row.get("initiator").map(|c| local(c).to_string()),
                occurred: get("occurred") != "false",
                sides: Vec::new(),
            });
            let key = get("key");
            if !key.is_empty() && !item.keys.contains(&key) {
                let role = row
                    .get("role")
                    .and_then(|r| crate::knowledge::Role::from_local_name(local(r)));
                let country = row.get("country").map(|c| local(c).to_string());
                item.sides.push((key.clone(), role, country));
                item.keys.push(key);
            }
        }
        let mut items: Vec<ReportItem> = items.into_values().collect();
        for item in &mut items {
            item.keys.sort();
        }
        Ok(items)
    }

    /// The name each stored article gives each person, the longest one per person.
    fn person_names(&self) -> Result<BTreeMap<String, String>, StoreError> {
        self.person_names_where(None)
    }

    fn person_names_where(
        &self,
        keys: Option<&BTreeSet<String>>,
    ) -> Result<BTreeMap<String, String>, StoreError> {
        let template = include_str!("../queries/internal/person-names.rq");
        let query = match keys {
            Some(keys) => with_values(
                template,
                "#PEOPLE",
                "person",
                keys.iter()
                    .map(|k| NamedNode::new_unchecked(crate::rdf::iri::person(k)).into()),
            ),
            None => template.replace("#PEOPLE", ""),
        };
        let rows = self.select(&query)?;
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for row in rows {
            let (Some(key), Some(name)) = (row.get("key"), row.get("name")) else {
                continue;
            };
            quads::keep_better_name(&mut names, key, name);
        }
        Ok(names)
    }

    /// Runs a SPARQL query.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>, StoreError> {
        self.query_with(sparql, &[])
    }

    /// Runs a SPARQL query with variables bound to values (`person=<https://...>` binds an
    /// IRI, `country=RU` a plain literal). Values are bound as RDF terms, never spliced into the
    /// query text.
    pub fn query_with(
        &self,
        sparql: &str,
        bindings: &[(String, String)],
    ) -> Result<QueryResults<'static>, StoreError> {
        let prepared = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|e| StoreError::Syntax(e.to_string()))?;
        let mut bound = prepared.on_store(&self.store);
        for (name, value) in bindings {
            let variable = Variable::new(name.trim_start_matches(['?', '$']))
                .map_err(|e| StoreError::Syntax(format!("--param {name}: {e}")))?;
            let term: Term = match value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
                Some(iri) => NamedNode::new(iri)
                    .map_err(|e| StoreError::Syntax(format!("--param {name}: {e}")))?
                    .into(),
                None => Literal::new_simple_literal(value).into(),
            };
            bound = bound.substitute_variable(variable, term);
        }
        bound
            .execute()
            .map_err(|e| StoreError::Evaluation(e.to_string()))
    }

    /// Runs a SPARQL query over a dataset given as in the SPARQL Protocol: the union of
    /// `default_graphs` as default graph and `named_graphs` as the only named graphs (IRIs; an
    /// empty list leaves that part as the query or the store has it).
    pub fn query_dataset(
        &self,
        sparql: &str,
        default_graphs: &[String],
        named_graphs: &[String],
    ) -> Result<QueryResults<'static>, StoreError> {
        let mut prepared = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|e| StoreError::Syntax(e.to_string()))?;
        let iri = |i: &String| {
            NamedNode::new(i.as_str())
                .map_err(|e| StoreError::Syntax(format!("graph IRI {i}: {e}")))
        };
        if !default_graphs.is_empty() {
            let graphs = default_graphs
                .iter()
                .map(|g| iri(g).map(Into::into))
                .collect::<Result<_, _>>()?;
            prepared.dataset_mut().set_default_graph(graphs);
        }
        if !named_graphs.is_empty() {
            let graphs = named_graphs
                .iter()
                .map(|g| iri(g).map(Into::into))
                .collect::<Result<_, _>>()?;
            prepared.dataset_mut().set_available_named_graphs(graphs);
        }
        prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| StoreError::Evaluation(e.to_string()))
    }

    /// Runs a SPARQL update (for maintenance and tests; readout itself writes through
    /// transactions and the bulk loader).
    pub fn update(&self, sparql: &str) -> Result<(), StoreError> {
        SparqlEvaluator::new()
            .parse_update(sparql)
            .map_err(|e| StoreError::Syntax(e.to_string()))?
            .on_store(&self.store)
            .execute()
            .map_err(|e| StoreError::Evaluation(e.to_string()))
    }

    /// Runs a SELECT query and returns its rows as plain strings (IRIs without brackets,
    /// literals as their value).
    pub fn select(&self, sparql: &str) -> Result<Vec<BTreeMap<String, String>>, StoreError> {
        self.select_with(sparql, &[])
    }

    /// [`GraphStore::select`] with variables bound as in [`GraphStore::query_with`].
    pub fn select_with(
        &self,
        sparql: &str,
        bindings: &[(String, String)],
    ) -> Result<Vec<BTreeMap<String, String>>, StoreError> {
        let QueryResults::Solutions(solutions) = self.query_with(sparql, bindings)? else {
            return Err(StoreError::Evaluation("expected a SELECT query".into()));
        };
        let mut rows = Vec::new();
        for solution in solutions {
            let solution = solution.map_err(|e| StoreError::Evaluation(e.to_string()))?;
            let mut row = BTreeMap::new();
            for (variable, term) in solution.iter() {
                row.insert(variable.as_str().to_string(), plain(term));
            }
            rows.push(row);
        }
        Ok(rows)
    }

    /// Writes the whole dataset (every graph) in a dataset format, or the union of all graphs
    /// in a graph format.
    pub fn dump(&self, format: RdfFormat, writer: impl Write) -> Result<(), StoreError> {
        let mut serializer = RdfSerializer::from_format(format);
        for (prefix, iri) in crate::rdf::vocab::PREFIXES {
            serializer = serializer
                .with_prefix(*prefix, *iri)
                .map_err(|e| StoreError::Write(e.to_string()))?;
        }
        let mut writer = serializer.for_writer(writer);
        let union = !format.supports_datasets();
        let mut seen = std::collections::BTreeSet::new();
        for quad in self.store.iter() {
            let mut quad = quad.map_err(|e| self.storage(e))?;
            if union {
                quad.graph_name = GraphNameRef::DefaultGraph.into();
                if !seen.insert(quad.to_string()) {
                    continue;
                }
            }
            writer
                .serialize_quad(&quad)
                .map_err(|e| StoreError::Write(e.to_string()))?;
        }
        writer
            .finish()
            .map_err(|e| StoreError::Write(e.to_string()))?;
        Ok(())
    }

    /// Loads RDF into the store (for tests and re-imports of exports).
    pub fn load(&self, format: RdfFormat, data: &[u8]) -> Result<(), StoreError> {
        self.store
            .load_from_slice(format, data)
            .map_err(|e| StoreError::Write(e.to_string()))
    }

    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(|e| self.storage(e))
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// Whether the store holds an article with this id.
    pub fn has_article(&self, article_id: &str) -> Result<bool, StoreError> {
        let graph = NamedNode::new_unchecked(crate::rdf::iri::article_graph(article_id));
        let node: NamedNodeRef<'_> = graph.as_ref();
        self.store
            .contains_named_graph(node)
            .map_err(|e| self.storage(e))
    }

    /// The IRIs of every named graph (articles, consolidated, ontology, knowledge), sorted.
    pub fn graph_names(&self) -> Result<Vec<String>, StoreError> {
        let mut names = Vec::new();
        for graph in self.store.named_graphs() {
            match graph.map_err(|e| self.storage(e))? {
                oxigraph::model::NamedOrBlankNode::NamedNode(n) => names.push(n.into_string()),
                oxigraph::model::NamedOrBlankNode::BlankNode(_) => {}
            }
        }
        names.sort();
        Ok(names)
    }

    /// One named graph as N-Triples, with its number of triples.
    pub fn graph_ntriples(&self, graph: &str) -> Result<(Vec<u8>, usize), StoreError> {
        let name = NamedNode::new(graph).map_err(|e| StoreError::Syntax(e.to_string()))?;
        let mut writer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
        let mut count = 0;
        for quad in self.quads(None, None, None, Some(name.as_ref().into())) {
            let quad = quad?;
            writer
                .serialize_triple(quad.as_ref())
                .map_err(|e| StoreError::Write(e.to_string()))?;
            count += 1;
        }
        let bytes = writer
            .finish()
            .map_err(|e| StoreError::Write(e.to_string()))?;
        Ok((bytes, count))
    }

    pub fn flush(&self) -> Result<(), StoreError> {
        disk::flush(&self.store).map_err(|e| self.storage(e))
    }

    /// Compacts the store's files (RocksDB's full compaction). The bulk loader leaves many
    /// files whose key ranges overlap, and a query looks a value up in each of them; after
    /// this it finds it in one. What the store holds does not change.
    pub fn optimize(&self) -> Result<(), StoreError> {
        disk::optimize(&self.store).map_err(|e| self.storage(e))
    }
}

/// The on-disk (RocksDB) side of Oxigraph, present with the default `rocksdb` feature. Without
/// it (the fuzz targets build that way, to skip compiling RocksDB) only in-memory stores exist.
#[cfg(feature = "rocksdb")]
mod disk {
    use std::path::Path;

    use oxigraph::store::{StorageError, Store};

    pub fn open(path: &Path, read_only: bool) -> Result<Store, StorageError> {
        if read_only {
            Store::open_read_only(path)
        } else {
            Store::open(path)
        }
    }

    pub fn flush(store: &Store) -> Result<(), StorageError> {
        store.flush()
    }

    pub fn optimize(store: &Store) -> Result<(), StorageError> {
        store.optimize()
    }
}

#[cfg(not(feature = "rocksdb"))]
mod disk {
    use std::path::Path;

    use oxigraph::store::{StorageError, Store};

    pub fn open(_path: &Path, _read_only: bool) -> Result<Store, StorageError> {
        Err(StorageError::Io(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "this readout was built without the `rocksdb` feature: no on-disk stores",
        )))
    }

    pub fn flush(_store: &Store) -> Result<(), StorageError> {
        Ok(())
    }

    pub fn optimize(_store: &Store) -> Result<(), StorageError> {
        Ok(())
    }
}

/// A store directory exists at `path`, or the error that says so.
fn require_store(path: &Path) -> Result<(), StoreError> {
    let name = path.display().to_string();
    if path.is_file() {
        return Err(StoreError::NotADirectory { path: name });
    }
    if !path.join("CURRENT").exists() {
        return Err(StoreError::Storage {
            path: name,
            cause: StorageError::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no store here yet; run `readout ingest` first",
            )),
        });
    }
    Ok(())
}

fn classify(path: &str, source: StorageError) -> StoreError {
    let message = source.to_string();
    if message.contains("lock") || message.contains("Resource temporarily unavailable") {
        StoreError::InUse { path: path.into() }
    } else {
        StoreError::Storage {
            path: path.into(),
            cause: source,
        }
    }
}

/// An internal query with its `hook` line replaced by a VALUES clause that binds `variable` to
/// `terms` (written as RDF terms, never pasted text).
fn with_values(
    template: &str,
    hook: &str,
    variable: &str,
    terms: impl IntoIterator<Item = Term>,
) -> String {
    let terms: Vec<String> = terms.into_iter().map(|t| t.to_string()).collect();
    template.replace(
        hook,
        &format!("  VALUES ?{variable} {{ {} }}", terms.join(" ")),
    )
}

/// An IRI's last segment (`.../country/US` -> `US`).
pub fn local(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

/// A term as plain text: IRIs without brackets, literals as their lexical value.
pub fn plain(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}
