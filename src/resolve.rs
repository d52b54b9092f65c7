//! Cross-article resolution: reports of the same real contact become one event.
//!
//! In: the [`Extraction`]s of many articles. Out: [`Event`]s (content-minted IRI, the reports
//! that describe each, consolidated date, kind and initiator with their support). Must not:
//! read text or change reports; the same input gives the same events in the same order.
//!
//! Reports are grouped by their participants (people, or offices where no one is named). Within
//! a group, dated reports cluster when their dates can be the same day (`2022-10` holds
//! `2022-10-21`; `--05-13` is `2022-05-13`), the most precise first; undated reports join the
//! latest compatible contact of their kind of mention (headline or earlier).

use std::collections::BTreeMap;

use crate::date::When;
use crate::extract::{Extraction, Kind, Report};
use crate::names;
use crate::rdf::vocab::id;

/// A report's place: (extraction index, report index).
pub type ReportRef = (usize, usize);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub iri: String,
    pub participants: Vec<String>,
    pub reports: Vec<ReportRef>,
    pub date: When,
    pub kind: Kind,
    /// (initiator country, number of reports stating it), most supported first.
    pub initiators: Vec<(String, usize)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    pub events: Vec<Event>,
    /// For each extraction, for each report, the index of its event.
    pub event_of: Vec<Vec<usize>>,
}

impl Resolution {
    pub fn event_for(&self, report: ReportRef) -> Option<&Event> {
        let index = *self.event_of.get(report.0)?.get(report.1)?;
        self.events.get(index)
    }
}

struct Cluster {
    date: When,
    members: Vec<ReportRef>,
}

/// Resolves the reports of all extractions into events.
pub fn events(extractions: &[Extraction]) -> Resolution {
    let mut groups: BTreeMap<Vec<String>, Vec<ReportRef>> = BTreeMap::new();
    for (a, ex) in extractions.iter().enumerate() {
        for (r, report) in ex.reports.iter().enumerate() {
            let keys = report
                .participant_keys()
                .into_iter()
                .map(str::to_string)
                .collect();
            groups.entry(keys).or_default().push((a, r));
        }
    }
    let report = |rr: ReportRef| &extractions[rr.0].reports[rr.1];
    let mut resolution = Resolution {
        events: Vec::new(),
        event_of: extractions
            .iter()
            .map(|e| vec![usize::MAX; e.reports.len()])
            .collect(),
    };
    for (keys, mut members) in groups {
        // Most precise dates first, then by article order: deterministic seeds.
        members.sort_by_key(|&rr| (std::cmp::Reverse(report(rr).date.precision()), rr));
        let mut clusters: Vec<Cluster> = Vec::new();
        for &rr in &members {
            let date = report(rr).date;
            let target = if date.is_empty() {
                undated_target(&clusters, report(rr), &report)
            } else {
                clusters
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.date.is_empty() && c.date.compatible(&date))
                    .max_by_key(|(i, c)| (c.members.len(), std::cmp::Reverse(*i)))
                    .map(|(i, _)| i)
            };
            match target {
                Some(i) => {
                    clusters[i].date = clusters[i].date.merge(&date);
                    clusters[i].members.push(rr);
                }
                None => clusters.push(Cluster {
                    date,
                    members: vec![rr],
                }),
            }
        }
        for cluster in clusters {
            let index = resolution.events.len();
            for &(a, r) in &cluster.members {
                resolution.event_of[a][r] = index;
            }
            resolution.events.push(event(&keys, cluster, &report));
        }
    }
    resolution
}

/// An undated report joins the latest dated contact reported the same way (headline or
/// earlier), else any latest contact of the pair.
fn undated_target<'a>(
    clusters: &[Cluster],
    report: &Report,
    lookup: &impl Fn(ReportRef) -> &'a Report,
) -> Option<usize> {
    let same_way = |c: &Cluster| c.members.iter().any(|&m| lookup(m).earlier == report.earlier);
    let latest = |pool: Vec<(usize, &Cluster)>| {
        pool.into_iter()
            .max_by_key(|(i, c)| (c.date, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    };
    latest(clusters.iter().enumerate().filter(|(_, c)| same_way(c)).collect())
        .or_else(|| latest(clusters.iter().enumerate().collect()))
}

fn event<'a>(keys: &[String], cluster: Cluster, report: &impl Fn(ReportRef) -> &'a Report) -> Event {
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut initiators: BTreeMap<String, usize> = BTreeMap::new();
    for &m in &cluster.members {
        let r = report(m);
        *kinds.entry(r.kind).or_default() += 1;
        if let Some(i) = &r.initiator {
            *initiators.entry(i.clone()).or_default() += 1;
        }
    }
    let kind = kinds
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
        .map_or(Kind::Call, |(k, _)| *k);
    let mut initiators: Vec<(String, usize)> = initiators.into_iter().collect();
    initiators.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let date_part = cluster
        .date
        .lexical()
        .unwrap_or_else(|| "undated".to_string());
    let pair = keys
        .iter()
        .map(|k| names::slug(k))
        .collect::<Vec<_>>()
        .join("--");
    Event {
        // A date without a year keeps its place: `xxxx-05-13`.
        iri: format!("{}{}/{}", id::EVENT, date_part.replacen("--", "xxxx-", 1), pair),
        participants: keys.to_vec(),
        reports: cluster.members,
        date: cluster.date,
        kind,
        initiators,
    }
}
