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

use std::collections::{BTreeMap, BTreeSet};

use crate::date::{Day, When};
use crate::extract::{Extraction, Kind};
use crate::knowledge::Role;
use crate::names;
use crate::rdf::vocab::id;

/// What resolution needs to know of one report (from an extraction, or read back from a store).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportItem {
    /// The report's IRI.
    pub iri: String,
    /// The id of the article it comes from.
    pub article: String,
    /// Participant keys, sorted.
    pub keys: Vec<String>,
    pub date: When,
    pub earlier: bool,
    pub kind: Kind,
    pub initiator: Option<String>,
    /// Whether the report says the contact happened (false: it reports a denial).
    pub occurred: bool,
    /// Per participant key, the role the report states (if it states one) and the country.
    pub sides: Vec<(String, Option<Role>, Option<String>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub iri: String,
    pub participants: Vec<String>,
    /// Indices of the items that report it.
    pub reports: Vec<usize>,
    pub date: When,
    pub kind: Kind,
    /// (initiator country, number of reports stating it), most supported first.
    pub initiators: Vec<(String, usize)>,
    /// (kind, number of reports), most supported first.
    pub kinds: Vec<(Kind, usize)>,
    /// (date as stated, number of reports), most supported first; silent reports not counted.
    pub dates: Vec<(When, usize)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    pub events: Vec<Event>,
    /// For each item, the index of its event.
    pub event_of: Vec<usize>,
}

impl Resolution {
    pub fn event_for(&self, item: usize) -> Option<&Event> {
        self.events.get(*self.event_of.get(item)?)
    }
}

/// The report items of extractions, in order, with the IRIs `rdf::iri` gives them.
pub fn items(extractions: &[Extraction]) -> Vec<ReportItem> {
    extractions
        .iter()
        .flat_map(|ex| {
            let iris = crate::rdf::iri::report_iris(ex);
            ex.reports.iter().zip(iris).map(|(r, iri)| ReportItem {
                iri,
                article: ex.article.clone(),
                keys: r
                    .participant_keys()
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                date: r.date,
                earlier: r.earlier,
                kind: r.kind,
                initiator: r.initiator.clone(),
                occurred: r.occurred,
                sides: r
                    .participants
                    .iter()
                    .map(|p| {
                        let stated = p.role.filter(|_| p.role_text.is_some());
                        (p.key.clone(), stated, p.country.clone())
                    })
                    .collect(),
            })
        })
        .collect()
}

struct Cluster {
    date: When,
    members: Vec<usize>,
}

/// Resolves report items into events.
pub fn events(items: &[ReportItem]) -> Resolution {
    let mut groups: BTreeMap<&[String], Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        groups.entry(&item.keys).or_default().push(i);
    }
    let mut resolution = Resolution {
        events: Vec::new(),
        event_of: vec![usize::MAX; items.len()],
    };
    let mut all: Vec<(Vec<String>, Cluster)> = Vec::new();
    for (keys, mut members) in groups {
        // Most precise dates first, then by input order: deterministic seeds.
        members.sort_by_key(|&i| (std::cmp::Reverse(items[i].date.precision()), i));
        let mut clusters: Vec<Cluster> = Vec::new();
        for &i in &members {
            let date = items[i].date;
            let target = if date.is_empty() {
                undated_target(&clusters, &items[i], items)
            } else {
                clusters
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| {
                        !c.date.is_empty()
                            && c.date.compatible(&date)
                            && admits(c, &items[i], items)
                    })
                    .max_by_key(|(i, c)| (c.members.len(), std::cmp::Reverse(*i)))
                    .map(|(i, _)| i)
            };
            match target {
                Some(c) => {
                    clusters[c].date = clusters[c].date.merge(&date);
                    clusters[c].members.push(i);
                }
                None => clusters.push(Cluster {
                    date,
                    members: vec![i],
                }),
            }
        }
        for cluster in merge_wrong_years(clusters, items) {
            all.push((keys.to_vec(), cluster));
        }
    }
    // Each participant's slug, made once (a corpus has far fewer people than events).
    let mut slugs: rustc_hash::FxHashMap<String, String> = Default::default();
    for (keys, cluster) in merge_misnamed(all, items) {
        let index = resolution.events.len();
        for &m in &cluster.members {
            resolution.event_of[m] = index;
        }
        for k in &keys {
            if !slugs.contains_key(k) {
                slugs.insert(k.clone(), names::slug(k));
            }
        }
        let pair = keys
            .iter()
            .map(|k| slugs[k].as_str())
            .collect::<Vec<_>>()
            .join("--");
        resolution.events.push(event(keys, &pair, cluster, items));
    }
    resolution
}

/// One source naming the wrong person is a disagreement about who took part, not a second
/// contact: two contacts on the same day, of the same kind, sharing one participant, whose other
/// participants hold the same stated office of the same country ("Russian Defence Minister X"
/// in one source, "Russian Defence Minister Y" in another), reported by different articles, are
/// one event (under the participants of the better-supported account).
fn merge_misnamed(
    all: Vec<(Vec<String>, Cluster)>,
    items: &[ReportItem],
) -> Vec<(Vec<String>, Cluster)> {
    let office = |c: &Cluster, key: &str| -> Option<(Role, String)> {
        c.members.iter().find_map(|&m| {
            items[m]
                .sides
                .iter()
                .find(|(k, _, _)| k == key)
                .and_then(|(_, role, country)| Some(((*role)?, country.clone()?)))
        })
    };
    let articles = |c: &Cluster| articles_of(c, items);
    // Only two-person contacts on the same day can merge: compare within those buckets (a
    // corpus has many days, each with few contacts), in input order, so the outcome is the
    // one of comparing every pair.
    // Each bucket entry with its two participants as numbers: two contacts that share no
    // participant are told apart without reading them.
    let mut numbers: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut buckets: BTreeMap<Day, Vec<(usize, [u32; 2])>> = BTreeMap::new();
    for (i, (keys, cluster)) in all.iter().enumerate() {
        if let (2, Some(day)) = (keys.len(), cluster.date.as_day()) {
            let mut pair = [0; 2];
            for (n, key) in pair.iter_mut().zip(keys) {
                let next = numbers.len() as u32;
                *n = *numbers.entry(key.as_str()).or_insert(next);
            }
            buckets.entry(day).or_default().push((i, pair));
        }
    }
    drop(numbers);
    let mut all: Vec<Option<(Vec<String>, Cluster)>> = all.into_iter().map(Some).collect();
    for (_, mut bucket) in buckets {
        let mut i = 0;
        while i < bucket.len() {
            let (ia, pa) = bucket[i];
            let (ka, a) = all[ia].as_ref().expect("in a bucket");
            // The cheap tests first; the outcome is their conjunction.
            let target = bucket.iter().position(|&(jb, pb)| {
                if !pa.iter().any(|k| pb.contains(k)) {
                    return false;
                }
                let (kb, b) = all[jb].as_ref().expect("in a bucket");
                let bigger = (b.members.len(), std::cmp::Reverse(jb))
                    > (a.members.len(), std::cmp::Reverse(ia));
                if jb == ia
                    || !bigger
                    || a.date != b.date
                    || items[a.members[0]].kind != items[b.members[0]].kind
                {
                    return false;
                }
                // Both have two participants (numbered in the order of their keys): they share
                // one, and the other differs.
                let (Some(x), Some(y)) = (
                    pa.iter().position(|k| !pb.contains(k)),
                    pb.iter().position(|k| !pa.contains(k)),
                ) else {
                    return false;
                };
                matches!((office(a, &ka[x]), office(b, &kb[y])), (Some(p), Some(q)) if p == q)
                    && !articles(a).iter().any(|x| articles(b).contains(x))
            });
            match target {
                Some(j) => {
                    let (_, moved) = all[ia].take().expect("in a bucket");
                    let into = &mut all[bucket[j].0].as_mut().expect("in a bucket").1;
                    into.members.extend(moved.members);
                    bucket.remove(i);
                    i = 0;
                }
                None => i += 1,
            }
        }
    }
    all.into_iter().flatten().collect()
}

/// Two reports of one article with different dates are two contacts that article tells apart:
/// they never share an event. (Two versions of one contact in one article have the same date.)
fn admits(cluster: &Cluster, item: &ReportItem, items: &[ReportItem]) -> bool {
    !cluster
        .members
        .iter()
        .any(|&m| items[m].article == item.article && items[m].date != item.date)
}

/// The articles a cluster's reports come from.
fn articles_of<'a>(cluster: &Cluster, items: &'a [ReportItem]) -> Vec<&'a str> {
    cluster
        .members
        .iter()
        .map(|&m| items[m].article.as_str())
        .collect()
}

/// One source's wrong year or a day's difference is a disagreement about an event, not a second
/// event: a contact whose dates share month and day with a better-supported one a year apart,
/// or lie a day from another's (the earlier one, when both are as well supported), reported by
/// other articles, joins it. Two days apart stay two contacts.
fn merge_wrong_years(mut clusters: Vec<Cluster>, items: &[ReportItem]) -> Vec<Cluster> {
    let articles = |c: &Cluster| articles_of(c, items);
    let mut i = 0;
    while i < clusters.len() {
        let target = (0..clusters.len()).find(|&j| {
            let (a, b) = (&clusters[i], &clusters[j]);
            let wrong_year = a.date.day.is_some()
                && a.date.month == b.date.month
                && a.date.day == b.date.day
                && matches!((a.date.year, b.date.year), (Some(x), Some(y)) if x.abs_diff(y) == 1);
            // A day apart: time zones ("Wednesday, Beijing time") or a slip of one source.
            let (day_a, day_b) = (a.date.as_day(), b.date.as_day());
            let day_apart = matches!((day_a, day_b), (Some(x), Some(y)) if x.ordinal().abs_diff(y.ordinal()) == 1);
            let larger = b.members.len() > a.members.len()
                || (day_apart && b.members.len() == a.members.len() && day_b < day_a);
            j != i
                && larger
                && (wrong_year || day_apart)
                && !articles(a).iter().any(|x| articles(b).contains(x))
        });
        match target {
            Some(j) => {
                let moved = clusters.remove(i);
                let j = if j > i { j - 1 } else { j };
                clusters[j].members.extend(moved.members);
                i = 0;
            }
            None => i += 1,
        }
    }
    clusters
}

/// An undated report joins the latest dated contact reported the same way (headline or
/// earlier), else the latest contact of the pair.
fn undated_target(clusters: &[Cluster], item: &ReportItem, items: &[ReportItem]) -> Option<usize> {
    let same_way = |c: &Cluster| c.members.iter().any(|&m| items[m].earlier == item.earlier);
    let latest = |pool: Vec<(usize, &Cluster)>| {
        pool.into_iter()
            .max_by_key(|(i, c)| (c.date, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    };
    latest(
        clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| same_way(c) && admits(c, item, items))
            .collect(),
    )
    .or_else(|| {
        latest(
            clusters
                .iter()
                .enumerate()
                .filter(|(_, c)| admits(c, item, items))
                .collect(),
        )
    })
}

/// A value that some reports of one event state and others contradict.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Claim {
    /// The initiator's country code.
    Initiator(String),
    Kind(Kind),
    /// Whether the contact happened (a report of a denial says false).
    Occurred(bool),
    /// A participant (key) that another report of the event, naming participants, leaves out.
    Participant(String),
    /// The role a report states for a participant (key).
    Role(String, Role),
    /// A stated date (lexical form) that another report's date cannot be.
    Date(String),
}

/// A disputed value and the reports (item indices, ascending) that state it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    pub claim: Claim,
    pub reports: Vec<usize>,
}

/// What the reports of one event disagree about: per property, each value that some report
/// states and another contradicts, with the reports stating it. Silence is not a value; a
/// coarser date that holds a finer one (`2022-10` and `2022-10-21`, `--05-13` and `2022-05-13`)
/// does not contradict it, while two years, months or days that are both stated and differ do.
/// The bundled `disagreements` query reads the result from the consolidated graph.
pub fn disagreements(items: &[ReportItem], reports: &[usize]) -> Vec<Disagreement> {
    if reports.len() < 2 {
        return Vec::new();
    }
    let mut found: BTreeMap<Claim, Vec<usize>> = BTreeMap::new();
    // Values of which the event's reports state more than one: every statement of them is
    // disputed.
    fn disputed(claims: Vec<(Claim, usize)>, found: &mut BTreeMap<Claim, Vec<usize>>) {
        let distinct: BTreeSet<&Claim> = claims.iter().map(|(c, _)| c).collect();
        if distinct.len() > 1 {
            for (claim, r) in claims {
                found.entry(claim).or_default().push(r);
            }
        }
    }
    let each = |f: &dyn Fn(&ReportItem) -> Option<Claim>| -> Vec<(Claim, usize)> {
        reports
            .iter()
            .filter_map(|&r| Some((f(&items[r])?, r)))
            .collect()
    };
    disputed(
        each(&|i| i.initiator.clone().map(Claim::Initiator)),
        &mut found,
    );
    disputed(each(&|i| Some(Claim::Kind(i.kind))), &mut found);
    disputed(each(&|i| Some(Claim::Occurred(i.occurred))), &mut found);
    let keys: BTreeSet<&String> = reports.iter().flat_map(|&r| &items[r].keys).collect();
    for key in keys {
        let roles = reports
            .iter()
            .flat_map(|&r| {
                items[r]
                    .sides
                    .iter()
                    .filter(|(k, _, _)| k == key)
                    .filter_map(move |(_, role, _)| Some((Claim::Role(key.clone(), (*role)?), r)))
            })
            .collect();
        disputed(roles, &mut found);
        // Named by some reports, left out by another that names participants.
        let omitted = reports
            .iter()
            .any(|&o| !items[o].keys.is_empty() && !items[o].keys.contains(key));
        if omitted {
            for &r in reports.iter().filter(|&&r| items[r].keys.contains(key)) {
                found
                    .entry(Claim::Participant(key.clone()))
                    .or_default()
                    .push(r);
            }
        }
    }
    // Dates: a year, month or day that two reports both state and differently.
    let parts: Vec<(usize, String, [Option<String>; 3])> = reports
        .iter()
        .filter_map(|&r| {
            let lexical = items[r].date.lexical()?;
            let parts = date_parts(&lexical);
            Some((r, lexical, parts))
        })
        .collect();
    for (r, lexical, mine) in &parts {
        let clash = parts.iter().any(|(_, _, theirs)| {
            mine.iter()
                .zip(theirs)
                .any(|(a, b)| matches!((a, b), (Some(a), Some(b)) if a != b))
        });
        if clash {
            found
                .entry(Claim::Date(lexical.clone()))
                .or_default()
                .push(*r);
        }
    }
    found
        .into_iter()
        .map(|(claim, mut reports)| {
            reports.sort_unstable();
            reports.dedup();
            Disagreement { claim, reports }
        })
        .collect()
}

/// Year, month and day of a date in lexical form (`2022-10-21`, `2022-10`, `2022`, `--05-13`,
/// `--05`), each where stated.
fn date_parts(lexical: &str) -> [Option<String>; 3] {
    let part = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
    match lexical.strip_prefix("--") {
        Some(rest) => {
            let mut it = rest.split('-');
            [None, part(it.next()), part(it.next())]
        }
        None => {
            let mut it = lexical.split('-');
            [part(it.next()), part(it.next()), part(it.next())]
        }
    }
}

/// The event of a cluster of reports of the participants `keys` (`pair`: their slugs joined).
fn event(keys: Vec<String>, pair: &str, cluster: Cluster, items: &[ReportItem]) -> Event {
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut initiators: BTreeMap<String, usize> = BTreeMap::new();
    let mut dates: BTreeMap<When, usize> = BTreeMap::new();
    for &m in &cluster.members {
        *kinds.entry(items[m].kind).or_default() += 1;
        if !items[m].date.is_empty() {
            *dates.entry(items[m].date).or_default() += 1;
        }
        if let Some(i) = &items[m].initiator {
            *initiators.entry(i.clone()).or_default() += 1;
        }
    }
    let kind = kinds
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
        .map_or(Kind::Call, |(k, _)| *k);
    let mut initiators: Vec<(String, usize)> = initiators.into_iter().collect();
    initiators.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut dates: Vec<(When, usize)> = dates.into_iter().collect();
    dates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut kind_support: Vec<(Kind, usize)> = kinds.iter().map(|(k, n)| (*k, *n)).collect();
    kind_support.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let date_part = cluster
        .date
        .lexical()
        .unwrap_or_else(|| "undated".to_string());
    Event {
        // A date without a year keeps its place: `xxxx-05-13`.
        iri: format!(
            "{}{}/{}",
            id::EVENT,
            date_part.replacen("--", "xxxx-", 1),
            pair
        ),
        participants: keys,
        reports: cluster.members,
        date: cluster.date,
        kind,
        initiators,
        kinds: kind_support,
        dates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(article: &str, date: &str, keys: &[(&str, Option<Role>)]) -> ReportItem {
        ReportItem {
            iri: format!("report/{article}"),
            article: article.into(),
            keys: keys.iter().map(|(k, _)| k.to_string()).collect(),
            date: When::parse_lexical(date).unwrap_or_default(),
            earlier: false,
            kind: Kind::Call,
            initiator: None,
            occurred: true,
            sides: keys
                .iter()
                .map(|(k, r)| (k.to_string(), *r, None))
                .collect(),
        }
    }

    fn claims(items: &[ReportItem]) -> Vec<(Claim, Vec<usize>)> {
        let all: Vec<usize> = (0..items.len()).collect();
        disagreements(items, &all)
            .into_iter()
            .map(|d| (d.claim, d.reports))
            .collect()
    }

    #[test]
    fn a_coarser_date_is_no_disagreement_but_another_day_is() {
        let ab = [("a", None), ("b", None)];
        let agree = [item("1", "2022-10", &ab), item("2", "2022-10-21", &ab)];
        assert!(claims(&agree).is_empty());
        let no_year = [item("1", "--10-21", &ab), item("2", "2022-10-21", &ab)];
        assert!(claims(&no_year).is_empty());
        // The 20th clashes with the 21st; the month-only report clashes with neither.
        let clash = [
            item("1", "2022-10-20", &ab),
            item("2", "2022-10-21", &ab),
            item("3", "2022-10", &ab),
        ];
        assert_eq!(
            claims(&clash),
            vec![
                (Claim::Date("2022-10-20".into()), vec![0]),
                (Claim::Date("2022-10-21".into()), vec![1]),
            ]
        );
    }

    #[test]
    fn silence_is_no_value_but_two_values_are() {
        let mut items = vec![
            item("1", "", &[("a", None), ("b", None)]),
            item("2", "", &[("a", None), ("b", None)]),
            item("3", "", &[("a", None), ("b", None)]),
        ];
        items[0].initiator = Some("DE".into());
        assert!(claims(&items).is_empty());
        items[1].initiator = Some("FR".into());
        items[2].occurred = false;
        assert_eq!(
            claims(&items),
            vec![
                (Claim::Initiator("DE".into()), vec![0]),
                (Claim::Initiator("FR".into()), vec![1]),
                (Claim::Occurred(false), vec![2]),
                (Claim::Occurred(true), vec![0, 1]),
            ]
        );
    }

    #[test]
    fn roles_and_participants_are_compared_per_person() {
        let items = [
            item("1", "", &[("a", Some(Role::ForeignMinister)), ("b", None)]),
            item(
                "2",
                "",
                &[("a", Some(Role::HeadOfState)), ("b", None), ("c", None)],
            ),
            item("3", "", &[("a", None), ("b", None)]),
        ];
        assert_eq!(
            claims(&items),
            vec![
                (Claim::Participant("c".into()), vec![1]),
                (Claim::Role("a".into(), Role::HeadOfState), vec![1]),
                (Claim::Role("a".into(), Role::ForeignMinister), vec![0]),
            ]
        );
        // One report alone disagrees with nothing.
        assert!(disagreements(&items, &[1]).is_empty());
    }
}
