//! Titles and offices as written, mapped onto [`Role`]s.
//!
//! In: a normalised sentence. Out: [`RoleMention`]s (span, role, the rule's name, whether the
//! words are specific or generic like "minister"). Must not: decide who holds the office (that is
//! `extract::people`). National styles (Secretary of Defense, Defence Secretary, Minister of the
//! Armed Forces, Chief of the General Staff) are rows of one table.

use std::sync::LazyLock;

use crate::rules::Rules;

use crate::knowledge::Role;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleMention {
    pub start: usize,
    pub end: usize,
    pub role: Role,
    /// False for words that name an office without saying which ("minister", "official");
    /// such a role is read from context ("the Russian minister" beside a defense minister).
    pub specific: bool,
    /// Plural ("the defense ministers"), so it may stand for several people.
    pub plural: bool,
    /// "counterpart": the same office as the other side's.
    pub counterpart: bool,
    pub rule: &'static str,
}

/// (rule, role, specific, pattern). Earlier rows win where matches overlap.
const ROLE_RULES: &[(&str, Role, bool, &str)] = &[
    (
        "role.finance-chancellor",
        Role::Other,
        true,
        r"chancellors? of the exchequer",
    ),
    (
        "role.organisation-head",
        Role::Other,
        true,
        r"\w*(?:bank|fund|institute|company|corporation|association|federation|commission|university|board|committee|club|foundation|reserve|exchange|union|party|court|council|agency|organi[sz]ation)(?: of(?: the)? [A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?)?\s+(?:vice\s+)?(?:president|chairman|chairwoman|chair|governor|head|chief)s?",
    ),
    (
        "role.vice-president",
        Role::Other,
        true,
        r"vice[- ]presidents?",
    ),
    (
        "role.spokesperson",
        Role::Spokesperson,
        true,
        r"press secretar(?:y|ies)|spokes(?:man|men|woman|women|person|people)|press (?:officer|service)|(?:official )?representatives? of the (?:[\w.']+ ){0,3}(?:ministry|department)",
    ),
    (
        "role.security-adviser",
        Role::SecurityAdviser,
        true,
        r"(?:national )?security (?:adviser|advisor)s?|secretar(?:y|ies) of (?:the )?(?:[\w.']+ ){0,2}security council|security council secretar(?:y|ies)",
    ),
    (
        "role.diplomat",
        Role::Diplomat,
        true,
        r"deputy foreign ministers?|ambassadors?|envoys?|diplomats?|negotiators?|special representatives?|charg[eé]s? d'affaires",
    ),
    (
        "role.military-chief",
        Role::MilitaryChief,
        true,
        r"chiefs? of (?:the )?(?:[\w.']+ ){0,2}general staffs?|chairm(?:a|e)n of (?:the )?joint chiefs(?: of staff)?|chiefs? of (?:the )?defen[cs]e staff|commanders?[- ]in[- ]chief|top (?:military officer|general|soldier)s?|army chiefs?|military chiefs?",
    ),
    (
        "role.defense-minister",
        Role::DefenseMinister,
        true,
        r"defen[cs]e (?:minister|secretar(?:y|ie)|chief|head)s?|secretar(?:y|ies) of defen[cs]e|ministers? of (?:national )?defen[cs]e|ministers? (?:of|for) (?:the )?armed forces|armed forces ministers?|heads? of (?:the )?(?:[\w.']+,? (?:and )?){0,4}(?:defen[cs]e|military) (?:ministries|ministry|departments|department)|(?:pentagon|defen[cs]e) (?:chief|head|boss)s?|head of the pentagon|war ministers?",
    ),
    (
        "role.foreign-minister",
        Role::ForeignMinister,
        true,
        r"foreign (?:minister|secretar(?:y|ie)|affairs minister)s?|secretar(?:y|ies) of state|ministers? (?:of|for) foreign affairs|top diplomats?|foreign policy chiefs?",
    ),
    (
        "role.head-of-government",
        Role::HeadOfGovernment,
        true,
        r"prime ministers?|premiers?|chancellors?|heads? of government",
    ),
    (
        "role.head-of-state",
        Role::HeadOfState,
        true,
        r"presidents?|kings?|queens?|emirs?|supreme leaders?|heads? of state|monarchs?",
    ),
    ("role.leader", Role::HeadOfState, false, r"leaders?"),
    ("role.counterpart", Role::Other, false, r"counterparts?"),
    (
        "role.rank",
        Role::Other,
        true,
        r"general|gen\.|lieutenant general|lt\. gen\.|major general|maj\. gen\.|admiral|adm\.|colonel|col\.|commander",
    ),
    (
        "role.generic",
        Role::Other,
        false,
        r"ministers?|secretar(?:y|ies)|officials?|aides?|advis[eo]rs?|directors?|chiefs?|heads?",
    ),
];

static ROLE_REGEX: LazyLock<Rules> = LazyLock::new(|| {
    Rules::new(
        ROLE_RULES
            .iter()
            .map(|(_, _, _, p)| format!(r"(?i)\b(?:{p})(?:\b|$)")),
    )
});

/// The role words of a sentence, left to right, without overlaps.
pub fn mentions(text: &str) -> Vec<RoleMention> {
    let mut found: Vec<RoleMention> = Vec::new();
    for (index, regex) in ROLE_REGEX.to_search(text) {
        let (rule, role, specific, _) = ROLE_RULES[index];
        for m in regex.find_iter(text) {
            if found.iter().any(|f| f.start < m.end() && m.start() < f.end) {
                continue;
            }
            let words = m.as_str().to_lowercase();
            found.push(RoleMention {
                start: m.start(),
                end: m.end(),
                role,
                specific,
                plural: is_plural(&words),
                counterpart: rule == "role.counterpart",
                rule,
            });
        }
    }
    found.sort_by_key(|m| m.start);
    found
}

fn is_plural(words: &str) -> bool {
    let head = words
        .split(" of ")
        .next()
        .unwrap_or(words)
        .trim_end_matches('.');
    head.ends_with('s') && !head.ends_with("ss") && !head.ends_with("chiefs of")
        || head.ends_with("men")
        || head.ends_with("ies")
        || head.ends_with("people")
}

/// Words that are part of titles when capitalised before a name ("Army General", "Brig.").
pub fn is_title_word(word: &str) -> bool {
    const TITLE_WORDS: &[&str] = &[
        "secretary",
        "minister",
        "ministers",
        "president",
        "vice",
        "prime",
        "premier",
        "chancellor",
        "general",
        "gen",
        "brig",
        "brigadier",
        "lt",
        "lieutenant",
        "col",
        "colonel",
        "maj",
        "major",
        "adm",
        "admiral",
        "army",
        "navy",
        "air",
        "force",
        "marshal",
        "defense",
        "defence",
        "foreign",
        "state",
        "affairs",
        "ministry",
        "department",
        "chief",
        "chiefs",
        "chairman",
        "joint",
        "staff",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "press",
        "ambassador",
        "envoy",
        "deputy",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "king",
        "queen",
        "prince",
        "crown",
        "emir",
        "leader",
        "supreme",
        "national",
        "security",
        "adviser",
        "advisor",
        "council",
        "commander",
        "head",
        "director",
        "senator",
        "sen",
        "rep",
        "representative",
        "governor",
        "gov",
        "pm",
        "of",
        "the",
        "armed",
        "forces",
        "federation",
        "republic",
        "sheikh",
        "gen.",
        "capt",
        "captain",
        "sgt",
        "sergeant",
        "first",
        "lady",
        "his",
        "her",
        "excellency",
        "counterpart",
        "official",
        "aide",
        "top",
        "diplomat",
        "negotiator",
        "mayor",
        "speaker",
        "cmdr",
        "exchequer",
        "finance",
        "economy",
        "economics",
        "economic",
        "trade",
        "industry",
        "commerce",
        "agriculture",
        "energy",
        "oil",
        "treasury",
        "interior",
        "justice",
        "health",
        "labour",
        "labor",
        "transport",
        "transportation",
        "mines",
        "mining",
        "education",
        "culture",
        "environment",
        "development",
        "planning",
        "budget",
        "communications",
        "telecommunications",
        "information",
        "home",
        "cabinet",
        "undersecretary",
        "under",
        "assistant",
        "acting",
        "former",
        "governor",
        "chairman",
        "chairwoman",
        "defense-secretary",
        "general-secretary",
        "secretary-general",
        "rear",
        "field",
    ];
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&str>> =
        std::sync::LazyLock::new(|| TITLE_WORDS.iter().copied().collect());
    crate::names::with_lowercase(word.trim_end_matches('.'), |lower| {
        // "Prime Minister-designate", "President-elect".
        let lower = ["-designate", "-elect"]
            .iter()
            .find_map(|suffix| lower.strip_suffix(suffix))
            .unwrap_or(lower);
        SET.contains(lower)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(Role, bool, bool)> {
        mentions(text)
            .into_iter()
            .map(|m| (m.role, m.specific, m.plural))
            .collect()
    }

    #[test]
    fn national_styles_map_to_one_scale() {
        for text in [
            "Secretary of Defense",
            "Defence Secretary",
            "Minister of the Armed Forces",
            "Minister of Defence",
            "the Pentagon chief",
            "the heads of the US and Russian defense departments",
        ] {
            assert_eq!(roles(text)[0].0, Role::DefenseMinister, "{text}");
        }
        assert_eq!(
            roles("Chief of the General Staff")[0].0,
            Role::MilitaryChief
        );
        assert_eq!(roles("Secretary of State")[0].0, Role::ForeignMinister);
        assert_eq!(roles("Pentagon press secretary")[0].0, Role::Spokesperson);
        assert_eq!(roles("deputy foreign minister")[0].0, Role::Diplomat);
        assert_eq!(
            roles("National Security Adviser")[0].0,
            Role::SecurityAdviser
        );
    }

    #[test]
    fn plurals_and_generic_words_are_marked() {
        assert_eq!(
            roles("defense ministers"),
            vec![(Role::DefenseMinister, true, true)]
        );
        assert_eq!(roles("the minister"), vec![(Role::Other, false, false)]);
        assert!(mentions("his Russian counterpart")[0].counterpart);
    }
}
