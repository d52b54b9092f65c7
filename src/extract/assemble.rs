//! From sentence mentions to an article's people and reports.
//!
//! In: the sentences and their mentions. Out: [`PersonFact`]s and [`Report`]s. Contact words
//! make candidates (participants, date, kind); candidates of the same participants and
//! compatible dates merge into one report; earlier contacts ("the previous call on ...") stay
//! apart from the headline one; initiator cues attach to the report of their sentence.

use std::collections::BTreeMap;

use super::contacts::{self, AgentSide, InitiatorCue, Kind, Trigger};
use super::countries::CountryMention;
use super::dates::{self, Anchor, DateExpr, DateMention};
use super::people::{self, NameMention, OfficeMention, PersonRef};
use super::roles::{self, RoleMention};
use super::{Evidence, Extractor, Participant, Party, PersonFact, Report};
use crate::date::{Day, When};
use crate::knowledge::{Knowledge, Role};
use crate::names;
use crate::segment::Sentence;

/// Mentions found in one sentence.
pub(super) struct SentenceFacts {
    countries: Vec<CountryMention>,
    names: Vec<NameMention>,
    offices: Vec<OfficeMention>,
    dates: Vec<DateMention>,
    triggers: Vec<Trigger>,
    earlier: Vec<usize>,
    initiators: Vec<InitiatorCue>,
}

pub(super) fn analyse(
    ex: &Extractor,
    sentences: &[Sentence],
    published: Option<Day>,
) -> Vec<SentenceFacts> {
    let k = ex.knowledge();
    let mut roles_of: Vec<Vec<RoleMention>> = Vec::with_capacity(sentences.len());
    let mut facts: Vec<SentenceFacts> = Vec::with_capacity(sentences.len());
    let mut names: Vec<Vec<NameMention>> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let text = s.text.as_str();
        let roles = roles::mentions(text);
        let countries = ex.countries.mentions(text, k);
        let contactish = contacts::may_speak_of_contact(text);
        names.push(people::name_mentions(text, &roles, &countries));
        // Contact words, cues and relative dates matter only where a contact may be spoken
        // of; years and written-out dates (all with digits) matter everywhere.
        let words = if contactish {
            contacts::contact_words(text)
        } else {
            contacts::ContactWords::default()
        };
        facts.push(SentenceFacts {
            countries,
            names: Vec::new(),
            offices: Vec::new(),
            dates: if contactish || text.contains(|c: char| c.is_ascii_digit()) {
                dates::mentions(text)
            } else {
                Vec::new()
            },
            triggers: words.triggers,
            earlier: words.earlier,
            initiators: words.initiators,
        });
        roles_of.push(roles);
    }
    people::resolve_names(&mut names, k, published);
    for ((f, n), (s, r)) in facts
        .iter_mut()
        .zip(names)
        .zip(sentences.iter().zip(&roles_of))
    {
        f.offices = people::office_mentions(&s.text, r, &f.countries, &n);
        f.names = n;
    }
    facts
}

/// A participant as a sentence gives it, before resolution.
#[derive(Clone, Debug)]
enum Part {
    /// A named person, with the role and words of the title attached to the name (when the
    /// title names a specific office).
    Named(PersonRef, Option<(Role, String)>),
    Office {
        role: Option<Role>,
        country: Option<String>,
        text: String,
    },
}

/// One sentence's account of one contact.
#[derive(Clone, Debug)]
struct Candidate {
    sentence: usize,
    parts: Vec<Part>,
    /// Per part: where it is named in the sentence, and which mention named it (the parts of
    /// "his Hungarian, Serbian and Slovak counterparts" share one).
    at: Vec<(usize, usize)>,
    /// The sentence's contact words: where several contacts of one sentence are told apart.
    triggers: Vec<Trigger>,
    /// Made by splitting a sentence of several contacts: not split again.
    split: bool,
    /// People who speak about the contact ("..., Huayta said"): dropped when they would make
    /// a third party.
    speakers: Vec<PersonRef>,
    /// The office of "the leaders of both countries": held in each country of the contact in
    /// context.
    both: Option<Role>,
    anaphora: bool,
    date: Option<DateMention>,
    earlier: bool,
    kind: Kind,
    strong: bool,
    denied: bool,
    also: bool,
    rules: Vec<&'static str>,
}

struct Context<'a> {
    knowledge: &'a Knowledge,
    anchor: Anchor,
    years: Vec<i32>,
    people: &'a BTreeMap<String, PersonFact>,
    /// Person keys named in the article, with the knowledge index when known.
    named: Vec<(String, Option<usize>)>,
}

pub(super) fn reports(
    ex: &Extractor,
    sentences: &[Sentence],
    facts: Vec<SentenceFacts>,
    published: Option<Day>,
) -> (Vec<PersonFact>, Vec<Report>) {
    let k = ex.knowledge();
    let years = mentioned_years(&facts);
    let mut anchor = Anchor {
        published,
        inferred: None,
    };
    anchor.inferred = inferred_anchor(sentences, &facts, anchor, &years);
    let people = people_table(k, sentences, &facts, anchor);
    let named = people
        .values()
        .map(|p| {
            let known = k.people.iter().position(|kp| kp.slug == p.key && p.known);
            (p.key.clone(), known)
        })
        .collect();
    let ctx = Context {
        knowledge: k,
        anchor,
        years,
        people: &people,
        named,
    };
    let candidates: Vec<Candidate> = facts
        .iter()
        .enumerate()
        .flat_map(|(i, f)| candidates(i, &sentences[i].text, f))
        .collect();
    let mut drafts = merge(&ctx, sentences, candidates);
    attach_initiators(&ctx, sentences, &facts, &mut drafts);
    for d in &mut drafts {
        for &s in &d.sentences {
            for party in attributions(&ctx, &sentences[s].text, &facts[s]) {
                if !d.report.attributed_to.contains(&party) {
                    d.report.attributed_to.push(party);
                }
            }
        }
        d.report.attributed_to.sort();
    }
    let reports = drafts.into_iter().map(|d| d.report).collect();
    (people.into_values().collect(), reports)
}

fn mentioned_years(facts: &[SentenceFacts]) -> Vec<i32> {
    let mut years: Vec<i32> = facts
        .iter()
        .flat_map(|f| &f.dates)
        .filter_map(|m| match m.expr {
            DateExpr::Full(d) => Some(d.year),
            DateExpr::MonthYear { year, .. } | DateExpr::Year(year) => Some(year),
            _ => None,
        })
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// With no publication date, the first full date the story fixes (written out, or a weekday
/// with a month and day) anchors years of partial dates.
fn inferred_anchor(
    sentences: &[Sentence],
    facts: &[SentenceFacts],
    anchor: Anchor,
    years: &[i32],
) -> Option<Day> {
    if anchor.published.is_some() {
        return None;
    }
    facts.iter().zip(sentences).find_map(|(f, s)| {
        f.dates.iter().find_map(|m| {
            if contacts::date_belongs_elsewhere(&s.text[..m.start]) {
                return None;
            }
            match m.expr {
                DateExpr::Full(_)
                | DateExpr::MonthDay {
                    weekday: Some(_), ..
                } => dates::resolve(m.expr, anchor, years, When::default()).as_day(),
                _ => None,
            }
        })
    })
}

fn person_key(k: &Knowledge, person: &PersonRef) -> String {
    match person {
        PersonRef::Known(i) => k.people[*i].slug.clone(),
        PersonRef::Unknown(key) => names::slug(key),
    }
}

fn people_table(
    k: &Knowledge,
    sentences: &[Sentence],
    facts: &[SentenceFacts],
    anchor: Anchor,
) -> BTreeMap<String, PersonFact> {
    let mut table: BTreeMap<String, PersonFact> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    // Titles that name an office without saying which ("Finance Minister"): the last resort.
    let mut generic: BTreeMap<String, Option<Role>> = BTreeMap::new();
    for (f, s) in facts.iter().zip(sentences) {
        for m in &f.names {
            let Some(person) = &m.person else { continue };
            let key = person_key(k, person);
            let entry = table.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                PersonFact {
                    key: key.clone(),
                    name: match person {
                        PersonRef::Known(i) => k.people[*i].name.clone(),
                        PersonRef::Unknown(_) => m.surface.clone(),
                    },
                    known: matches!(person, PersonRef::Known(_)),
                    surfaces: Vec::new(),
                    role: None,
                    country: None,
                    evidence: Vec::new(),
                }
            });
            if !entry.surfaces.contains(&m.surface) {
                entry.surfaces.push(m.surface.clone());
            }
            if m.role_specific && entry.role.is_none() {
                entry.role = m.role;
            }
            if m.role.is_some() {
                generic.entry(key.clone()).or_insert(m.role);
            }
            if entry.country.is_none() {
                entry.country = m.country.clone();
            }
            entry.evidence.push(Evidence {
                start: s.start,
                end: s.end,
                rule: m.rule.to_string(),
            });
        }
    }
    let day = anchor.published.or(anchor.inferred);
    for fact in table.values_mut() {
        let known = k.people.iter().find(|p| fact.known && p.slug == fact.key);
        let office = known.and_then(|p| p.office_on(day).or_else(|| p.office_on(None)));
        if fact.role.is_none() {
            fact.role = office
                .map(|o| o.role)
                .or_else(|| generic.get(&fact.key).copied().flatten());
        }
        if fact.country.is_none() {
            fact.country = office.and_then(|o| o.country.clone());
        }
        fact.evidence.dedup();
    }
    table
}

/// The contact candidates of one sentence: the current contact, and an earlier one when the
/// sentence dates a previous contact ("since a call on May 13").
fn candidates(index: usize, text: &str, f: &SentenceFacts) -> Vec<Candidate> {
    let Some(first) = f.triggers.first() else {
        return Vec::new();
    };
    let mut parts: Vec<Part> = Vec::new();
    let mut at: Vec<(usize, usize)> = Vec::new();
    let mut speakers: Vec<PersonRef> = Vec::new();
    for (mention, m) in f.names.iter().enumerate() {
        let Some(person) = &m.person else { continue };
        if m.role == Some(Role::Spokesperson) || contacts::possessive_of_office(&text[m.end..]) {
            continue;
        }
        if in_attribution(text, m.title_start, m.apposition_end) {
            speakers.push(person.clone());
        }
        let title = match (m.role, &m.title) {
            (Some(role), Some(words)) if m.role_specific => Some((role, words.clone())),
            _ => None,
        };
        parts.push(Part::Named(person.clone(), title));
        at.push((m.start, mention));
    }
    let mut both = None;
    let mut anaphora = contacts::has_anaphora(text);
    for (mention, o) in f.offices.iter().enumerate() {
        let mention = f.names.len() + mention;
        if o.both && o.countries.is_empty() {
            both = both.or(o.role);
            continue;
        }
        if o.countries.is_empty() {
            if o.plural {
                anaphora = true;
            } else {
                parts.push(Part::Office {
                    role: o.role,
                    country: None,
                    text: text[o.start..o.end].to_string(),
                });
                at.push((o.start, mention));
            }
            continue;
        }
        for c in &o.countries {
            parts.push(Part::Office {
                role: o.role,
                country: Some(c.clone()),
                text: text[o.start..o.end].to_string(),
            });
            at.push((o.start, mention));
        }
    }
    // Dates that belong to this contact: not tied to another event.
    let usable: Vec<&DateMention> = f
        .dates
        .iter()
        .filter(|d| {
            // Another event's words before the date, unless they are this contact's own
            // ("held a virtual summit on Monday").
            contacts::other_event_before(&text[..d.start]).is_none_or(|at| {
                f.triggers
                    .iter()
                    .any(|t| t.start <= at && at < t.end && d.start.saturating_sub(t.end) <= 25)
            })
        })
        .collect();
    // A trigger or date belongs to an earlier contact when an earlier-contact cue precedes it
    // in the same clause ("since a call on May 13"; not "..., so Austin took today").
    let governed = |pos: usize| {
        f.earlier
            .iter()
            .filter(|&&c| c <= pos)
            .max()
            .is_some_and(|&c| !clause_break(&text[c..pos]))
    };
    let (earlier_dates, current_dates): (Vec<&DateMention>, Vec<&DateMention>) =
        usable.iter().partition(|d| governed(d.start));
    let current_trigger = f.triggers.iter().any(|t| !governed(t.start));
    let earlier_trigger = f.triggers.iter().any(|t| governed(t.start));
    let denied = f.triggers.iter().any(|t| t.denied);
    let strong = f.triggers.iter().find(|t| t.strong).unwrap_or(first);
    let base = Candidate {
        sentence: index,
        parts,
        at,
        triggers: f.triggers.clone(),
        split: false,
        speakers,
        both,
        anaphora,
        date: None,
        earlier: false,
        kind: strong.kind,
        strong: strong.strong,
        denied,
        also: contacts::same_time_cue(text),
        rules: f.triggers.iter().map(|t| t.rule).collect(),
    };
    // The date nearest the first contact word; a dateline's ("WARSAW, Feb 7 (Reuters) -") is
    // the page's, the contact's only when the sentence gives no other.
    let nearest_date = |dates: &[&DateMention]| {
        dates
            .iter()
            .min_by_key(|d| {
                (
                    super::published::in_dateline(text, d.start, d.end),
                    d.start.abs_diff(first.start),
                )
            })
            .map(|d| (*d).clone())
    };
    let mut out = Vec::new();
    if current_trigger {
        let date = nearest_date(&current_dates);
        out.push(Candidate {
            date,
            ..base.clone()
        });
    }
    if let Some(date) = earlier_dates.first() {
        out.push(Candidate {
            date: Some((*date).clone()),
            earlier: true,
            also: false,
            ..base
        });
    } else if earlier_trigger && !current_trigger {
        // The sentence speaks only of an earlier contact: its date, wherever it stands ("It
        // was in December 2022 that Scholz and Putin last spoke").
        out.push(Candidate {
            date: nearest_date(&current_dates),
            earlier: true,
            also: false,
            ..base
        });
    }
    out
}

/// A sentence's several contacts, from one candidate with three or more parties: each contact
/// word takes the parties named nearest to it (the sentence's first party joins a word that has
/// only one: "Modi dialled Putin, moments after a phone conversation of his own with
/// Zelenskyy"); with one contact word, the party named first before it is the hub of a contact
/// with each party named after it, when the contact is a call, the parties come from one
/// mention ("his Hungarian, Serbian and Slovak counterparts") or the words say the contacts were
/// separate. Otherwise nothing: a meeting of three or more is multilateral.
fn split(c: &Candidate, text: &str) -> Vec<Candidate> {
    let mut order: Vec<usize> = (0..c.parts.len()).collect();
    order.sort_by_key(|&i| c.at[i]);
    let Some(&hub) = order.first() else {
        return Vec::new();
    };
    let sub = |parts: Vec<usize>, trigger: &Trigger, date: Option<DateMention>| Candidate {
        parts: parts.iter().map(|&i| c.parts[i].clone()).collect(),
        at: parts.iter().map(|&i| c.at[i]).collect(),
        kind: trigger.kind,
        strong: trigger.strong,
        rules: vec![trigger.rule],
        date,
        split: true,
        ..c.clone()
    };
    // Each contact word with the parties nearest to it.
    let distance = |pos: usize, t: &Trigger| {
        if pos < t.start {
            t.start - pos
        } else {
            pos.saturating_sub(t.end)
        }
    };
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for &i in &order {
        let pos = c.at[i].0;
        let nearest = (0..c.triggers.len()).min_by_key(|&t| distance(pos, &c.triggers[t]));
        let Some(t) = nearest else { continue };
        match groups.iter_mut().find(|(g, _)| *g == t) {
            Some((_, members)) => members.push(i),
            None => groups.push((t, vec![i])),
        }
    }
    if groups.len() >= 2 {
        groups.sort_by_key(|(t, _)| *t);
        let first = groups[0].0;
        // Members are in sentence order, so the parts of one mention are neighbours.
        let mentions = |m: &[usize]| {
            let mut ids: Vec<usize> = m.iter().map(|&i| c.at[i].1).collect();
            ids.dedup();
            ids.len()
        };
        return groups
            .into_iter()
            .filter_map(|(t, mut members)| {
                if mentions(&members) < 2 && !members.contains(&hub) {
                    members.insert(0, hub);
                }
                let trigger = &c.triggers[t];
                let date = c
                    .date
                    .clone()
                    .filter(|_| t == first || !contacts::days_apart_before(&text[..trigger.start]));
                (members.len() >= 2).then(|| sub(members, trigger, date))
            })
            .collect();
    }
    // One contact word: the hub and each party named after it.
    let trigger = &c.triggers[0];
    if c.at[hub].0 >= trigger.end {
        return Vec::new();
    }
    let others: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| c.at[i].0 >= trigger.start && c.at[i].1 != c.at[hub].1)
        .collect();
    let one_mention = others.windows(2).all(|w| c.at[w[0]].1 == c.at[w[1]].1);
    if others.len() < 2
        || !(trigger.kind == Kind::Call || one_mention || contacts::separate_cue(text))
    {
        return Vec::new();
    }
    others
        .into_iter()
        .map(|i| sub(vec![hub, i], trigger, c.date.clone()))
        .collect()
}

fn clause_break(between: &str) -> bool {
    [", ", "; ", " so ", " but ", " while "]
        .iter()
        .any(|b| between.contains(b))
}

/// "according to X", "X said": X speaks about the contact rather than in it.
fn in_attribution(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end().to_lowercase();
    let after = text[end..].trim_start_matches([',', ' ']);
    // "X said he had met Y": the speaker speaks of a contact of their own.
    let own = [
        "he ",
        "she ",
        "they ",
        "that he ",
        "that she ",
        "that they ",
    ];
    let speaks = [
        "said",
        "says",
        "added",
        "noted",
        "stated",
        "told reporters",
        "told journalists",
    ]
    .iter()
    .find_map(|verb| after.strip_prefix(verb))
    .is_some_and(|rest| !own.iter().any(|o| rest.trim_start().starts_with(o)));
    before.ends_with("according to")
        || before.ends_with("said")
        || before.ends_with("says")
        || speaks
}

struct Draft {
    report: Report,
    sentences: Vec<usize>,
}

fn merge(ctx: &Context, sentences: &[Sentence], candidates: Vec<Candidate>) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut queue: std::collections::VecDeque<Candidate> = candidates.into();
    while let Some(c) = queue.pop_front() {
        let main = drafts.iter().position(|d| !d.report.earlier);
        let same_day = main.map_or_else(When::default, |m| drafts[m].report.date);
        let date = c
            .date
            .as_ref()
            .map(|d| dates::resolve(d.expr, ctx.anchor, &ctx.years, same_day))
            .unwrap_or_default();
        if is_future(date, ctx.anchor.published) {
            // Dated after publication: planned, not held.
            continue;
        }
        let reference = if c.earlier {
            main
        } else {
            drafts.len().checked_sub(1)
        };
        let mut parts = c.parts.clone();
        if let Some(role) = c.both {
            // "the leaders of both countries": the countries of the contact in context.
            let both = main.or(reference).map(|r| countries_of(&drafts[r].report));
            for country in both.unwrap_or_default() {
                parts.push(Part::Office {
                    role: Some(role),
                    country: Some(country),
                    text: String::new(),
                });
            }
        }
        let mut participants = resolve_parts(ctx, &parts, date);
        if participants.len() < 2 && c.anaphora {
            if let Some(r) = reference.or(main) {
                for p in &drafts[r].report.participants {
                    if !participants.iter().any(|q| q.key == p.key) {
                        participants.push(p.clone());
                    }
                }
            }
        }
        let evidence = Evidence {
            start: sentences[c.sentence].start,
            end: sentences[c.sentence].end,
            rule: c.rules.first().copied().unwrap_or("contact").to_string(),
        };
        if participants.len() > 2 {
            let speakers: Vec<String> = c
                .speakers
                .iter()
                .map(|s| person_key(ctx.knowledge, s))
                .collect();
            participants.retain(|p| !speakers.contains(&p.key));
        }
        if participants.len() > 2 {
            // Three or more officials in one sentence: several two-party contacts ("X called Y,
            // minutes after a conversation with Z"; "X held separate calls with his Hungarian,
            // Serbian and Slovak counterparts"), or else a multilateral meeting, which does not
            // count as a contact between two parties.
            if !c.split {
                for sub in split(&c, &sentences[c.sentence].text).into_iter().rev() {
                    queue.push_front(sub);
                }
            }
            continue;
        }
        if participants.len() < 2 {
            // "Austin, who initiated the conversation": one side only; the sentence belongs to
            // the latest report that has that participant.
            if let Some(p) = participants.first() {
                if let Some(d) = drafts.iter_mut().rev().find(|d| {
                    !d.report.earlier && d.report.participants.iter().any(|q| q.key == p.key)
                }) {
                    d.sentences.push(c.sentence);
                    d.report.evidence.push(evidence);
                }
            }
            continue;
        }
        let keys = sorted_keys(&participants);
        let target = best_match(&drafts, &keys, &c, date);
        match target {
            Some(i) => {
                let d = &mut drafts[i];
                d.report.date = d.report.date.merge(&date);
                if d.report.date_text.is_none() {
                    d.report.date_text = c.date.as_ref().map(|m| m.text.clone());
                }
                merge_participants(&mut d.report.participants, participants);
                if c.strong && !kind_is_strong(d) {
                    d.report.kind = c.kind;
                }
                d.sentences.push(c.sentence);
                d.report.evidence.push(evidence);
            }
            None => {
                drafts.push(Draft {
                    report: Report {
                        kind: c.kind,
                        date,
                        date_text: c.date.as_ref().map(|m| m.text.clone()),
                        participants,
                        initiator: None,
                        initiator_person: None,
                        occurred: !c.denied,
                        main: false,
                        earlier: c.earlier,
                        evidence: vec![evidence],
                        attributed_to: Vec::new(),
                    },
                    sentences: vec![c.sentence],
                });
                if c.also && date.is_empty() && !c.earlier {
                    if let Some(m) = main {
                        let inherited = drafts[m].report.date;
                        let last = drafts.len() - 1;
                        drafts[last].report.date = inherited;
                    }
                }
            }
        }
    }
    if let Some(main) = drafts.iter_mut().find(|d| !d.report.earlier) {
        main.report.main = true;
    }
    for d in &mut drafts {
        d.report.evidence.sort();
        d.report
            .evidence
            .dedup_by(|a, b| a.start == b.start && a.end == b.end);
    }
    drafts
}

/// Whether a date lies wholly after the publication date.
fn is_future(date: When, published: Option<Day>) -> bool {
    let (Some(p), Some(year)) = (published, date.year) else {
        return false;
    };
    match (date.month, date.day) {
        (Some(m), Some(d)) => Day::new(year, m, d).is_some_and(|day| day > p),
        (Some(m), None) => (year, m) > (p.year, p.month),
        _ => year > p.year,
    }
}

fn kind_is_strong(d: &Draft) -> bool {
    d.report.evidence.iter().any(|e| {
        matches!(
            e.rule.as_str(),
            "contact.phone"
                | "contact.call-verb"
                | "contact.call-noun"
                | "contact.met"
                | "contact.summit"
        )
    })
}

fn sorted_keys(participants: &[Participant]) -> Vec<String> {
    let mut keys: Vec<String> = participants.iter().map(|p| p.key.clone()).collect();
    keys.sort();
    keys.dedup();
    keys
}

fn countries_of(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in &report.participants {
        if let Some(c) = &p.country {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    out
}

/// The report a candidate adds to: same participants, same "did it happen", and dates that can
/// be the same day; a dated mention prefers a dated report, an undated one the headline
/// contact; an earlier contact never merges into the headline one by default.
fn best_match(drafts: &[Draft], keys: &[String], c: &Candidate, date: When) -> Option<usize> {
    drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            // A phone call and a meeting, each said in so many words, are two contacts.
            let other_kind = c.strong && kind_is_strong(d) && d.report.kind != c.kind;
            d.report.occurred != c.denied
                && sorted_keys(&d.report.participants) == keys
                && !other_kind
        })
        .filter_map(|(i, d)| {
            let r = &d.report;
            let score = if !date.is_empty() && !r.date.is_empty() {
                if r.date.compatible(&date) {
                    3
                } else {
                    return None;
                }
            } else if date.is_empty() && r.earlier == c.earlier {
                2
            } else if r.date.is_empty() && r.earlier == c.earlier {
                1
            } else {
                return None;
            };
            Some((score, i))
        })
        .max()
        .map(|(_, i)| i)
}

fn merge_participants(into: &mut Vec<Participant>, from: Vec<Participant>) {
    for p in from {
        match into.iter_mut().find(|q| q.key == p.key) {
            Some(q) => {
                // A title written with the name says more than an office named apart from it.
                if (q.role_text.is_none() && p.role_text.is_some()) || (p.titled && !q.titled) {
                    q.role = p.role;
                    q.role_text = p.role_text;
                    q.titled = p.titled;
                }
                q.implicit &= p.implicit;
            }
            None => into.push(p),
        }
    }
}

/// A day for looking up office holders: the date itself, or the middle of its month or year.
fn lookup_day(date: When, anchor: Anchor) -> Option<Day> {
    let year = date.year.or_else(|| {
        date.month
            .is_none()
            .then(|| anchor.published.or(anchor.inferred).map(|d| d.year))
            .flatten()
    });
    match (year, date.month, date.day) {
        (Some(y), Some(m), Some(d)) => Day::new(y, m, d),
        (Some(y), Some(m), None) => Day::new(y, m, 15),
        (Some(y), None, _) => Day::new(y, 7, 1),
        _ => anchor
            .published
            .or(anchor.inferred)
            .filter(|_| date.is_empty()),
    }
}

fn resolve_parts(ctx: &Context, parts: &[Part], date: When) -> Vec<Participant> {
    let day = lookup_day(date, ctx.anchor);
    let mut out: Vec<Participant> = Vec::new();
    for part in parts {
        if let Part::Named(person, title) = part {
            let key = person_key(ctx.knowledge, person);
            if out.iter().any(|p| p.key == key) {
                continue;
            }
            let p = named_participant(ctx, person, &key, title.clone(), day);
            // A spokesperson speaks about a contact, not in it.
            if p.role != Some(Role::Spokesperson) {
                out.push(p);
            }
        }
    }
    // Offices with a country first, so that a country-less "defense secretary" can be told
    // apart from the people already placed.
    let mut offices: Vec<&Part> = parts
        .iter()
        .filter(|p| matches!(p, Part::Office { .. }))
        .collect();
    offices.sort_by_key(|p| matches!(p, Part::Office { country: None, .. }));
    for part in offices {
        let Part::Office {
            role,
            country,
            text,
        } = part
        else {
            continue;
        };
        let role = role.or_else(|| context_role(&out, ctx, day));
        let Some(role) = role else { continue };
        if let Some(p) = office_participant(ctx, role, country.as_deref(), text, day, &out) {
            match out.iter_mut().find(|q| q.key == p.key) {
                Some(q) => {
                    if q.role_text.is_none() {
                        q.role = Some(role);
                        q.role_text = Some(text.clone()).filter(|t| !t.is_empty());
                    }
                }
                None => out.push(p),
            }
        }
    }
    out
}

/// The office of the other side, for "his counterpart" and "the Russian minister".
fn context_role(placed: &[Participant], ctx: &Context, day: Option<Day>) -> Option<Role> {
    placed.iter().find_map(|p| {
        p.role.filter(|r| *r != Role::Other).or_else(|| {
            let known = ctx.knowledge.people.iter().find(|k| k.slug == p.key)?;
            known
                .office_on(day)
                .or_else(|| known.office_on(None))
                .map(|o| o.role)
        })
    })
}

fn named_participant(
    ctx: &Context,
    person: &PersonRef,
    key: &str,
    title: Option<(Role, String)>,
    day: Option<Day>,
) -> Participant {
    let stated_role = title.as_ref().map(|(r, _)| *r);
    let fact = ctx.people.get(key);
    let office = match person {
        PersonRef::Known(i) => {
            let p = &ctx.knowledge.people[*i];
            p.office_on(day).or_else(|| p.office_on(None))
        }
        PersonRef::Unknown(_) => None,
    };
    let article_role = fact.and_then(|f| f.role);
    Participant {
        key: key.to_string(),
        name: fact.map(|f| f.name.clone()),
        surfaces: fact.map(|f| f.surfaces.clone()).unwrap_or_default(),
        role: stated_role.or(article_role).or(office.map(|o| o.role)),
        role_text: title.map(|(_, words)| words),
        titled: stated_role.is_some(),
        country: fact
            .and_then(|f| f.country.clone())
            .or_else(|| office.and_then(|o| o.country.clone())),
        implicit: false,
    }
}

/// Who an office named without a person is: someone the article names who held it (on the
/// contact's date when known), else whoever the knowledge says held it that day.
fn office_participant(
    ctx: &Context,
    role: Role,
    country: Option<&str>,
    text: &str,
    day: Option<Day>,
    placed: &[Participant],
) -> Option<Participant> {
    let k = ctx.knowledge;
    let free = |key: &str| !placed.iter().any(|p| p.key == key);
    let holds = |idx: usize, on: Option<Day>| {
        k.people[idx].terms.iter().any(|t| {
            t.role == role
                && country.is_none_or(|c| t.country.as_deref() == Some(c))
                && on.is_none_or(|d| t.covers(d))
        })
    };
    let stated = |key: &str| {
        ctx.people.get(key).is_some_and(|f| {
            !f.known
                && f.role == Some(role)
                && country.is_none_or(|c| f.country.as_deref() == Some(c))
        })
    };
    // People the article names who held the office: one of them, if exactly one fits (even one
    // already placed: "the US president" beside "Biden" is Biden), else one not yet placed.
    let named_holding = |on: Option<Day>| -> Option<String> {
        let fits: Vec<&String> = ctx
            .named
            .iter()
            .filter(|(key, idx)| idx.is_some_and(|i| holds(i, on)) || stated(key))
            .map(|(key, _)| key)
            .collect();
        let free_fits: Vec<&String> = fits.iter().copied().filter(|k| free(k)).collect();
        match (fits.as_slice(), free_fits.as_slice()) {
            ([only], _) | (_, [only]) => Some((*only).clone()),
            _ => None,
        }
    };
    let text = Some(text.to_string()).filter(|t| !t.is_empty());
    let chosen = day
        .and_then(|d| named_holding(Some(d)))
        .map(|k| (k, false))
        .or_else(|| {
            day.and_then(|d| country.and_then(|c| k.holder(role, c, d)))
                .map(|i| {
                    (
                        k.people[i].slug.clone(),
                        !ctx.people.contains_key(&k.people[i].slug),
                    )
                })
        })
        .or_else(|| named_holding(None).map(|k| (k, false)));
    match chosen {
        Some((key, implicit)) => {
            let fact = ctx.people.get(&key);
            let known = k.people.iter().find(|p| p.slug == key);
            Some(Participant {
                name: fact
                    .map(|f| f.name.clone())
                    .or_else(|| known.map(|p| p.name.clone())),
                surfaces: fact.map(|f| f.surfaces.clone()).unwrap_or_default(),
                role: Some(role),
                role_text: text,
                titled: false,
                country: country.map(str::to_string).or_else(|| {
                    fact.and_then(|f| f.country.clone()).or_else(|| {
                        known
                            .and_then(|p| p.office_on(day))
                            .and_then(|o| o.country.clone())
                    })
                }),
                implicit,
                key,
            })
        }
        None => {
            let country = country?;
            Some(Participant {
                key: format!(
                    "office-{}-{}",
                    names::slug(role.label()),
                    country.to_lowercase()
                ),
                name: None,
                surfaces: Vec::new(),
                role: Some(role),
                role_text: text,
                titled: false,
                country: Some(country.to_string()),
                implicit: true,
            })
        }
    }
}

/// Initiator cues: the agent next to the cue (a person, or a country, capital or institution)
/// is the side that started the contact of the cue's sentence.
fn attach_initiators(
    ctx: &Context,
    sentences: &[Sentence],
    facts: &[SentenceFacts],
    drafts: &mut Vec<Draft>,
) {
    for (i, f) in facts.iter().enumerate() {
        for cue in &f.initiators {
            let Some((country, person)) = agent(ctx, f, cue) else {
                continue;
            };
            let linked: Vec<usize> = (0..drafts.len())
                .filter(|&d| drafts[d].sentences.contains(&i))
                .collect();
            let target = linked
                .iter()
                .copied()
                .find(|&d| !drafts[d].report.earlier)
                .or(linked.first().copied())
                .or_else(|| drafts.iter().position(|d| d.report.main));
            let Some(t) = target else { continue };
            let countries = countries_of(&drafts[t].report);
            if !countries.is_empty() && !countries.contains(&country) {
                continue;
            }
            let evidence = Evidence {
                start: sentences[i].start,
                end: sentences[i].end,
                rule: cue.rule.to_string(),
            };
            match &drafts[t].report.initiator {
                Some(stated) if *stated == country => continue,
                Some(_) => {
                    // The same article gives two initiators (two parties' versions, say): each
                    // version is a report of its own, so the disagreement shows.
                    let mut other = drafts[t].report.clone();
                    other.initiator = Some(country);
                    other.initiator_person =
                        person.filter(|p| other.participants.iter().any(|q| &q.key == p));
                    other.main = false;
                    other.evidence = vec![evidence];
                    drafts.push(Draft {
                        report: other,
                        sentences: vec![i],
                    });
                    continue;
                }
                None => {}
            }
            let report = &mut drafts[t].report;
            report.initiator = Some(country);
            report.initiator_person =
                person.filter(|p| report.participants.iter().any(|q| &q.key == p));
            report.evidence.push(evidence);
            report.evidence.sort();
        }
    }
}

/// Words that attribute an account to the mention just before them ("the Pentagon said") or
/// just after them ("according to the Kremlin").
static SAYS_AFTER: std::sync::LazyLock<crate::rules::Pattern> = std::sync::LazyLock::new(|| {
    crate::rules::regex(r"^(?:'s?)?\s*(?:[\w-]+\s+){0,3}?(?:said|says|told|added|announced|confirmed|denied|denies|reported|noted|stated|quoted)\b")
        .expect("valid attribution cue")
});

fn attributions(ctx: &Context, text: &str, f: &SentenceFacts) -> Vec<Party> {
    let mut out = Vec::new();
    let according = |start: usize| {
        let before = text[..start].trim_end().to_lowercase();
        [
            "according to",
            "according to a statement from",
            "according to a readout from",
            "quoted by",
        ]
        .iter()
        .any(|p| before.ends_with(p) || before.ends_with(&format!("{p} the")))
    };
    for m in &f.names {
        let Some(person) = &m.person else { continue };
        if SAYS_AFTER.is_match(&text[m.apposition_end..]) || according(m.title_start) {
            out.push(Party::Person(person_key(ctx.knowledge, person)));
        }
    }
    for c in &f.countries {
        let inside_name = f
            .names
            .iter()
            .any(|n| n.title_start <= c.start && c.end <= n.end);
        if inside_name {
            continue;
        }
        // "the Russian Defence Ministry said": skip the words naming the body.
        let rest = &text[c.end..];
        let body = rest
            .strip_prefix(' ')
            .map(|r| {
                r.split(' ')
                    .take_while(|w| w.starts_with(char::is_uppercase) || *w == "of")
                    .count()
            })
            .unwrap_or(0);
        let after: String = rest.split(' ').skip(body + 1).collect::<Vec<_>>().join(" ");
        if SAYS_AFTER.is_match(rest)
            || SAYS_AFTER.is_match(&format!(" {after}"))
            || according(c.start)
        {
            out.push(Party::Country(c.code.clone()));
        }
    }
    out
}

/// (country, person key) of the mention an initiator cue points at.
fn agent(ctx: &Context, f: &SentenceFacts, cue: &InitiatorCue) -> Option<(String, Option<String>)> {
    // Mentions: (start, end, country, person key); a country word inside a name's title
    // stands for that person.
    let mut mentions: Vec<(usize, usize, Option<String>, Option<String>)> = Vec::new();
    for m in &f.names {
        let Some(person) = &m.person else { continue };
        let key = person_key(ctx.knowledge, person);
        let country = ctx
            .people
            .get(&key)
            .and_then(|p| p.country.clone())
            .or(m.country.clone());
        mentions.push((m.title_start, m.end, country, Some(key)));
    }
    for c in &f.countries {
        let inside_name = f
            .names
            .iter()
            .any(|n| n.person.is_some() && n.title_start <= c.start && c.end <= n.start);
        if !inside_name {
            mentions.push((c.start, c.end, Some(c.code.clone()), None));
        }
    }
    let chosen = match cue.side {
        AgentSide::Before => mentions
            .iter()
            .filter(|m| m.0 < cue.start && m.1 <= cue.end && cue.start - m.1.min(cue.start) <= 60)
            .max_by_key(|m| m.1),
        AgentSide::After => mentions
            .iter()
            .filter(|m| m.0 >= cue.end && m.0 - cue.end <= 40)
            .min_by_key(|m| m.0),
    }?;
    Some((chosen.2.clone()?, chosen.3.clone()))
}
