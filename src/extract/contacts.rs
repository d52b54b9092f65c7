//! Contact words in a sentence, whether they report a contact that took place, and who started
//! it.
//!
//! In: a normalised sentence. Out: [`Trigger`]s (call or meeting, strong or weak wording,
//! rejected when planned, refused, hypothetical, negated or multilateral), earlier-contact cues,
//! and [`InitiatorCue`]s with the side of the sentence where the initiator stands. Must not:
//! decide participants or dates.

use std::sync::LazyLock;

use super::lexicon::{InitiatorRule, Lexicon, TriggerRule, ENGLISH};
use crate::rules::Rules;

/// The rules of the articles' language (English only, today).
fn en() -> &'static Lexicon {
    &ENGLISH
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    Call,
    Meeting,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Call => "call",
            Kind::Meeting => "meeting",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// "phone call", "met": the words say the kind; "spoke", "talks": they only suggest it.
    pub strong: bool,
    /// The words also say who started it ("X rang Y", "X called Y").
    pub initiates: bool,
    /// The contact is reported as denied ("the Kremlin denied that ... spoke").
    pub denied: bool,
    pub rule: &'static str,
}

/// The contact words, the initiator cues and the earlier-contact cue, as one table: all are
/// searched in the sentences that may speak of a contact, and one pass of one automaton says
/// which of them may match, instead of one or two passes each. Measured with callgrind: 5.9%
/// fewer instructions in all of extraction on 6,000 generated articles, 0.1% more on 6,000
/// Reuters stories (100k generated on one core: 12% less time). Joining the date rules too
/// (searched in those sentences and in others with digits) saved a little more on generated
/// articles but cost 6,000 Reuters stories 8%; joining the title rules (every sentence) cost
/// Reuters half again.
static CONTACT_REGEX: LazyLock<Rules> = LazyLock::new(|| {
    Rules::new(
        en().triggers
            .iter()
            .map(|r| format!(r"\b(?:{})\b", r.pattern))
            .chain(
                en().initiators
                    .iter()
                    .map(|r| format!(r"(?:\b|')(?:{})\b", r.pattern)),
            )
            .chain([en().pattern("earlier-cue").to_string()]),
    )
});

/// What a sentence that may speak of a contact says of one.
#[derive(Debug, Default)]
pub struct ContactWords {
    pub triggers: Vec<Trigger>,
    pub initiators: Vec<InitiatorCue>,
    /// Byte offsets of earlier-contact cues.
    pub earlier: Vec<usize>,
}

/// The contact words, initiator cues and earlier-contact cues of a sentence.
pub fn contact_words(text: &str) -> ContactWords {
    let cues = en().triggers.len();
    let earlier = cues + en().initiators.len();
    let mut words = ContactWords::default();
    let (mut triggers, mut initiators) = (Vec::new(), Vec::new());
    for (i, regex) in CONTACT_REGEX.to_search(text) {
        if i < cues {
            triggers.push((i, regex));
        } else if i < earlier {
            initiators.push((i - cues, regex));
        } else {
            words.earlier = regex.find_iter(text).map(|m| m.start()).collect();
        }
    }
    words.triggers = triggers_among(text, triggers);
    words.initiators = initiator_cues_among(text, initiators);
    words
}

/// Words just before a contact word that make it negated, conditional or only possible.
static NOT_HAPPENED_NEAR: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("not-happened-near"));

/// Words up to four words before a contact word that make it planned, refused or hypothetical (modal
/// verbs are lower case so that the month May is not one).
static NOT_HAPPENED: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("not-happened"));

/// Words after a contact word that make it not a (bilateral, happened) contact.
static NOT_HAPPENED_AFTER: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("not-happened-after"));

/// "have been no talks": the negation inside the matched words.
/// "next month's meeting": a contact yet to come.
static FUTURE_BEFORE: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("future-before"));

/// "the ICO meeting", "an OPEC summit": an organisation's meeting (case-sensitive acronym).
static ACRONYM_MEETING: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("acronym-meeting"));

/// "it should be noted that": a modal that does not govern the contact.
static IDLE_MODAL: LazyLock<crate::rules::Pattern> = LazyLock::new(|| en().compiled("idle-modal"));

static NEGATED_INSIDE: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("negated-inside"));

static SEIZED: LazyLock<crate::rules::Pattern> = LazyLock::new(|| en().compiled("seized"));

/// Several parties: a contact word inside one of these is not a two-party contact.
static MULTILATERAL: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("multilateral"));

static MULTILATERAL_AFTER: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("multilateral-after"));

static DENIAL: LazyLock<crate::rules::Pattern> = LazyLock::new(|| en().compiled("denial"));

/// The last `max` bytes (or fewer, on a character boundary) before `end`.
fn window_before(text: &str, end: usize, max: usize) -> &str {
    let mut start = end.saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..end]
}

/// The contact words of a sentence that report a contact (left to right, without overlaps),
/// given the rules (index, regex) that may match.
fn triggers_among<'r>(
    text: &str,
    rules: impl IntoIterator<Item = (usize, &'r regex::Regex)>,
) -> Vec<Trigger> {
    let mut found: Vec<Trigger> = Vec::new();
    for (index, regex) in rules {
        let TriggerRule {
            name,
            kind,
            strong,
            initiates,
            ..
        } = &en().triggers[index];
        let rule = name.as_str();
        for m in regex.find_iter(text) {
            if found.iter().any(|f| f.start < m.end() && m.start() < f.end) {
                continue;
            }
            // The filters look at a window around the words, not the whole sentence.
            let before = window_before(text, m.start(), 160);
            let after = &text[m.end()..];
            // The window and the words themselves.
            let through = &text[m.start() - before.len()..m.end()];
            let denied = DENIAL.is_match(before);
            let negated_inside = NEGATED_INSIDE.is_match(m.as_str());
            // "took the opportunity to connect with": the infinitive reports what was done.
            let realised = SEIZED.is_match(before);
            let blocked = negated_inside
                || !denied
                    && !realised
                    && ((NOT_HAPPENED.is_match(before) && !IDLE_MODAL.is_match(before))
                        || FUTURE_BEFORE.is_match(through)
                        || NOT_HAPPENED_NEAR.is_match(before)
                        || NOT_HAPPENED_AFTER.is_match(after)
                        || (m.as_str().contains("call")
                            && [" for", " up", "-up", " to action"]
                                .iter()
                                .any(|w| after.starts_with(w))));
            let multilateral = (*kind == Kind::Meeting || m.as_str().contains("summit"))
                && (MULTILATERAL.is_match(through)
                    || ACRONYM_MEETING.is_match(through)
                    || MULTILATERAL_AFTER.is_match(after));
            // Record blocked words too, so that a weaker rule cannot claim the same words.
            found.push(Trigger {
                start: m.start(),
                end: m.end(),
                kind: *kind,
                strong: *strong,
                initiates: *initiates,
                denied,
                rule: if blocked || multilateral { "" } else { rule },
            });
        }
    }
    found.retain(|t| !t.rule.is_empty());
    found.sort_by_key(|t| t.start);
    found
}

/// Words of events other than contacts whose dates must not be read as a contact's date.
static OTHER_EVENT: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("other-event"));

/// At most this many characters, none of them `.` or `;`, between other-event words and the
/// date they govern ("since the war began in February").
const OTHER_EVENT_REACH: usize = 25;

/// Every word stem a contact word, an earlier-contact cue or an initiator cue contains: a sentence
/// without any of them reports no contact, and the costlier rules can skip it.
static CONTACT_STEMS: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("contact-stems"));

/// Whether a sentence may report a contact at all (a cheap test before the rule tables).
pub fn may_speak_of_contact(text: &str) -> bool {
    CONTACT_STEMS.is_match(text)
}

/// Whether the words just before a date tie it to some other event ("since the war began in").
pub fn date_belongs_elsewhere(before: &str) -> bool {
    other_event_before(before).is_some()
}

/// Where the other-event words before a date start, if any.
///
/// The words are found forwards and their reach checked by hand: as one regex anchored at the
/// end (`words[^.;]{0,25}$`), the engine searched backwards and kept building automaton states,
/// a twelfth of all extraction.
pub fn other_event_before(before: &str) -> Option<usize> {
    let window_start = before.len().saturating_sub(40);
    let window_start = (window_start..=before.len())
        .find(|&i| before.is_char_boundary(i))
        .unwrap_or(before.len());
    let window = &before[window_start..];
    // The words must be in the date's clause: after the last '.' or ';'.
    let clause = window.rfind(['.', ';']).map_or(0, |i| i + 1);
    OTHER_EVENT
        .find_iter(window)
        .find(|m| m.end() >= clause && window[m.end()..].chars().count() <= OTHER_EVENT_REACH)
        .map(|m| window_start + m.start())
}

/// Where an initiator cue expects its agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentSide {
    /// "X, who initiated the call", "X reached out to Y": the nearest mention before.
    Before,
    /// "at the initiative of X", "a call from X": the nearest mention after.
    After,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitiatorCue {
    pub start: usize,
    pub end: usize,
    pub side: AgentSide,
    pub rule: &'static str,
}

/// Initiator cues of a sentence, given the rules (index, regex) that may match.
fn initiator_cues_among<'r>(
    text: &str,
    rules: impl IntoIterator<Item = (usize, &'r regex::Regex)>,
) -> Vec<InitiatorCue> {
    let mut found: Vec<InitiatorCue> = Vec::new();
    for (index, regex) in rules {
        let InitiatorRule { name, side, .. } = &en().initiators[index];
        let rule = name.as_str();
        for m in regex.find_iter(text) {
            if found.iter().any(|f| f.start < m.end() && m.start() < f.end) {
                continue;
            }
            let after = &text[m.end()..];
            if rule == "initiator.rang" && (after.starts_with(" on") || after.starts_with(" for")) {
                continue;
            }
            let before = window_before(text, m.start(), 160);
            let hypothetical = NOT_HAPPENED.is_match(before) || NOT_HAPPENED_NEAR.is_match(before);
            if hypothetical && rule != "initiator.who-initiated" {
                continue;
            }
            found.push(InitiatorCue {
                start: m.start(),
                end: m.end(),
                side: *side,
                rule,
            });
        }
    }
    found
}

/// Words that point back to the people of a contact already mentioned.
static ANAPHORA: LazyLock<crate::rules::Pattern> = LazyLock::new(|| en().compiled("anaphora"));

pub fn has_anaphora(text: &str) -> bool {
    ANAPHORA.is_match(text)
}

/// "also", "meanwhile", "separately": a contact in the same news cycle as the main one.
static SAME_TIME: LazyLock<crate::rules::Pattern> = LazyLock::new(|| en().compiled("same-time"));

pub fn same_time_cue(text: &str) -> bool {
    SAME_TIME.is_match(text)
}

/// "separate calls", "respectively", "one by one": the contacts of a sentence were several.
static SEPARATE: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("separate-contacts"));

pub fn separate_cue(text: &str) -> bool {
    SEPARATE.is_match(text)
}

/// "two days after", "a week before": a contact word that many days from the sentence's date.
static DAYS_APART: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("days-apart-before"));

pub fn days_apart_before(before: &str) -> bool {
    DAYS_APART.is_match(before)
}

/// "'s predecessor", "'s national security adviser": the name before these words qualifies
/// someone else.
static POSSESSIVE_OF_OFFICE: LazyLock<crate::rules::Pattern> =
    LazyLock::new(|| en().compiled("possessive-of-office"));

pub fn possessive_of_office(after: &str) -> bool {
    POSSESSIVE_OF_OFFICE.is_match(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triggers(text: &str) -> Vec<Trigger> {
        contact_words(text).triggers
    }

    fn initiator_cues(text: &str) -> Vec<InitiatorCue> {
        contact_words(text).initiators
    }

    fn kinds(text: &str) -> Vec<(Kind, &'static str)> {
        triggers(text)
            .into_iter()
            .map(|t| (t.kind, t.rule))
            .collect()
    }

    #[test]
    fn contacts_that_happened() {
        assert_eq!(
            kinds("They spoke in a rare phone call on Friday."),
            vec![(Kind::Call, "contact.spoke"), (Kind::Call, "contact.phone"),]
        );
        assert_eq!(
            kinds("Macron rang Putin."),
            vec![(Kind::Call, "contact.call-verb")]
        );
        assert_eq!(
            kinds("The two met in Geneva."),
            vec![(Kind::Meeting, "contact.met")]
        );
    }

    #[test]
    fn contacts_that_did_not_happen() {
        for text in [
            "They will avoid a meeting.",
            "There have been no talks between the leaders.",
            "Asked if the call had been scheduled, he said no.",
            "Austin called on Moscow to cease fire.",
            "Both are set to attend the G20 summit.",
            "at the NATO defence ministers' meeting on October 12",
            "The leaders are expected to speak by phone next week.",
        ] {
            assert!(triggers(text).is_empty(), "{text}: {:?}", triggers(text));
        }
    }

    #[test]
    fn initiator_cues_and_sides() {
        let cue = |t: &str| initiator_cues(t).first().map(|c| (c.rule, c.side));
        assert_eq!(
            cue("At the initiative of the Russian side, the ministers spoke"),
            Some(("initiator.at-initiative-of", AgentSide::After))
        );
        assert_eq!(
            cue("Austin, who initiated the conversation, said"),
            Some(("initiator.who-initiated", AgentSide::Before))
        );
        assert_eq!(
            cue("the call, which Moscow had asked for"),
            Some(("initiator.had-asked-for", AgentSide::Before))
        );
        assert_eq!(
            cue("Austin took today as an opportunity to connect with Shoigu"),
            Some(("initiator.took-opportunity", AgentSide::Before))
        );
        assert_eq!(
            cue("on Washington's initiative"),
            Some(("initiator.possessive-initiative", AgentSide::Before))
        );
        assert_eq!(cue("Austin called on Moscow to stop"), None);
    }

    /// The forward search with its reach checked by hand finds what the one end-anchored regex
    /// it replaced found, on windows built from the words, other text, and clause breaks.
    #[test]
    fn other_event_words_are_found_as_the_anchored_regex_found_them() {
        let reference =
            regex::Regex::new(&format!("{}[^.;]{{0,25}}$", en().pattern("other-event"))).unwrap();
        let pieces = [
            "the war ",
            "began ",
            "in ",
            "since ",
            "talks ",
            "; ",
            ". ",
            "starting ",
            "visited ",
            "annexation of Crimea ",
            "Élysée ",
            "contact group ",
            "took office ",
            "phoned ",
            "warring ",
            "from ",
            "a long, long way indeed ",
            "exercises",
        ];
        let mut windows = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = windows
                .iter()
                .flat_map(|w| pieces.iter().map(move |p| format!("{w}{p}")))
                .collect();
            windows.extend(longer);
        }
        for text in &windows {
            let start = text.len().saturating_sub(40);
            let start = (start..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap();
            let expected = reference.find(&text[start..]).map(|m| start + m.start());
            assert_eq!(other_event_before(text), expected, "{text:?}");
        }
    }

    #[test]
    fn dates_of_other_events() {
        assert!(date_belongs_elsewhere("since the war began in "));
        assert!(date_belongs_elsewhere(
            "following the NATO summit in Washington on "
        ));
        assert!(!date_belongs_elsewhere("the two last spoke on "));
    }
}
