//! The publication date a page prints near its top, in the forms real pages use: "Thu Mar 6
//! 2025", "Nov 2, 2023 6:15 AM", "Published: 17/06/2024 - 19:22", "2025/01/12 18:05 JST",
//! "BUDAPEST . 8 . January . 2025", "04th February, 2023", "Publié le 27 février 2025", "27
//! Sept. 08:40" (the year printed elsewhere on the page), and datelines ("Washington, 2 April
//! 2024 (dpa) -").
//!
//! In: the article text and its layout blocks. Out: a day, or none. A date the page labels as
//! its own (a "Published"/"Updated" word before it, or a dateline) wins over an unlabelled one
//! above it. Month names and label words are data, one file per language
//! (`lang/<code>/months.tsv`); every language's are read, since a page may mix them. Must not:
//! read captions, related headlines or other furniture, or dates in the story's sentences.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::date::Day;
use crate::layout::{Block, BlockKind};

const LANGUAGES: &[(&str, &str)] = &[
    ("en", include_str!("../../lang/en/months.tsv")),
    ("fr", include_str!("../../lang/fr/months.tsv")),
    ("ru", include_str!("../../lang/ru/months.tsv")),
];

/// Month spellings (lower case) with their numbers, and label words, of every language.
struct Words {
    months: Vec<(String, u8)>,
    labels: Vec<String>,
}

fn words() -> Words {
    let mut months = Vec::new();
    let mut labels = Vec::new();
    for (code, file) in LANGUAGES {
        for (number, line) in file.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, spellings) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("lang/{code}/months.tsv line {}: no tab", number + 1));
            let all = spellings.split('|').map(str::to_string);
            match key {
                "label" => labels.extend(all),
                month => {
                    let month: u8 = month.parse().unwrap_or_else(|_| {
                        panic!("lang/{code}/months.tsv line {}: {month:?}", number + 1)
                    });
                    months.extend(all.map(|s| (s, month)));
                }
            }
        }
    }
    // Longest first, so that "sept" is tried before "sep".
    months.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
    labels.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    Words { months, labels }
}

struct Forms {
    months: Vec<(String, u8)>,
    /// 2024-06-17, 2025/01/12, 2024.09.13
    ymd: Regex,
    /// 17/06/2024, 10/21/22, 8.10.2024
    numeric: Regex,
    /// 17 June 2024, 04th February, 2023, 8 . January . 2025, 27 février 2025
    dmy: Regex,
    /// June 17, 2024, Thu Mar 6 2025, OCTOBER 29, 2024
    mdy: Regex,
    /// 27 Sept. 08:40 (no year)
    dm_time: Regex,
    /// American clock words: a numeric date beside them is month first.
    us_clock: Regex,
    /// A label just before a date ("Published on:", "Updated").
    label: Regex,
    /// A dateline before a date ("WASHINGTON, ", "Moscow (AFP) – ").
    dateline: Regex,
    year: Regex,
}

static FORMS: LazyLock<Forms> = LazyLock::new(|| {
    let w = words();
    let month = w
        .months
        .iter()
        .map(|(s, _)| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|");
    let labels = w
        .labels
        .iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|");
    let re = |p: &str| Regex::new(p).expect("valid publication-date form");
    let sep = r"[\s.,/-]+";
    Forms {
        ymd: re(r"\b((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b"),
        numeric: re(r"\b(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?[/.-]\s?(\d{4}|\d{2})\b"),
        dmy: re(&format!(
            r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|er)?{sep}(?:of\s+)?({month})\.?{sep}((?:19|20)\d{{2}})\b"
        )),
        mdy: re(&format!(
            r"(?i)\b({month})\.?{sep}(\d{{1,2}})(?:st|nd|rd|th)?{sep}((?:19|20)\d{{2}})\b"
        )),
        dm_time: re(&format!(
            r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?[\s.]+({month})\.?[\s,]+\d{{1,2}}:\d{{2}}\b"
        )),
        us_clock: re(r"(?i)\b(?:am|pm|a\.m\.|p\.m\.|et|est|edt|cst|cdt|pst|pdt)\b"),
        label: re(&format!(r"(?i)(?:{labels})\s*(?:on)?\s*[:|]?\s*$")),
        dateline: re(
            r"^\s*(?:\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}\s*(?:\([^)]{1,40}\)\s*)?,?\s*[.,]?\s*|.{0,60}\)\s*[-–—]\s*|\s*\p{Lu}[\p{L}.'’ -]{1,30}\([^)]{0,40}[-–—,]\s*)$",
        ),
        year: re(r"\b((?:19|20)\d{2})\b"),
        months: w.months,
    }
});

/// The publication date printed in the page: a full date on a dateline, byline or short line
/// near the top (not in captions, related headlines or other furniture).
pub fn published_from_text(text: &str, blocks: &[Block]) -> Option<Day> {
    let forms = &*FORMS;
    let mut unlabelled = None;
    let mut bodies = 0;
    for b in blocks.iter().take(15) {
        let line = &text[b.start..b.end];
        let whole = match b.kind {
            BlockKind::Heading => true,
            BlockKind::Furniture(rule) => rule == "byline",
            BlockKind::Body => {
                bodies += 1;
                line.len() <= 100
            }
        };
        // A long paragraph is read only for a dateline at its start.
        if !whole && (b.kind != BlockKind::Body || bodies > 3) {
            continue;
        }
        if !line.bytes().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let line = if whole {
            line
        } else {
            &line[..floor_boundary(line, 160)]
        };
        for (at, day) in dates_in(forms, text, line) {
            let before = &line[..at];
            if forms.label.is_match(before) || forms.dateline.is_match(before) {
                return Some(day);
            }
            if whole && unlabelled.is_none() {
                unlabelled = Some(day);
            }
        }
    }
    unlabelled
}

/// Whether the date at `start..end` of a sentence is its dateline's ("WARSAW, Feb 7 (Reuters) -
/// ..."): the page's date, not the date of a contact the sentence reports.
pub fn in_dateline(sentence: &str, start: usize, end: usize) -> bool {
    let after = sentence[end..].trim_start();
    start <= 60
        && FORMS.dateline.is_match(&sentence[..start])
        && (after.starts_with('(') || after.starts_with(['-', '–', '—', '/']))
}

fn floor_boundary(text: &str, max: usize) -> usize {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// The full dates of one line, with where each starts, left to right.
fn dates_in(forms: &Forms, text: &str, line: &str) -> Vec<(usize, Day)> {
    let mut found: Vec<(usize, usize, Day)> = Vec::new();
    let mut add = |start: usize, end: usize, day: Option<Day>| {
        if let Some(day) = day {
            if !found.iter().any(|(s, e, _)| *s < end && start < *e) {
                found.push((start, end, day));
            }
        }
    };
    let n = |c: &Captures, i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    for c in forms.dmy.captures_iter(line) {
        let m = c.get(0).expect("match");
        let day = (|| Day::new(n(&c, 3)? as i32, month_of(forms, &c[2])?, n(&c, 1)? as u8))();
        add(m.start(), m.end(), day);
    }
    for c in forms.mdy.captures_iter(line) {
        let m = c.get(0).expect("match");
        let day = (|| Day::new(n(&c, 3)? as i32, month_of(forms, &c[1])?, n(&c, 2)? as u8))();
        add(m.start(), m.end(), day);
    }
    for c in forms.ymd.captures_iter(line) {
        let m = c.get(0).expect("match");
        let day = (|| Day::new(n(&c, 1)? as i32, n(&c, 2)? as u8, n(&c, 3)? as u8))();
        add(m.start(), m.end(), day);
    }
    for c in forms.numeric.captures_iter(line) {
        let m = c.get(0).expect("match");
        let (a, b) = (n(&c, 1).unwrap_or(0), n(&c, 3).unwrap_or(0));
        let year = n(&c, 4).map(|y| if y < 100 { 2000 + y } else { y });
        // Day first, as most of the world writes it, unless the numbers or an American clock
        // ("12:47 PM ET") say month first; dots are always day first.
        let month_first = &c[2] != "." && (b > 12 || (a <= 12 && forms.us_clock.is_match(line)));
        let (month, day) = if month_first { (a, b) } else { (b, a) };
        let parsed = (|| {
            Day::new(
                year? as i32,
                u8::try_from(month).ok()?,
                u8::try_from(day).ok()?,
            )
        })();
        add(m.start(), m.end(), parsed);
    }
    for c in forms.dm_time.captures_iter(line) {
        let m = c.get(0).expect("match");
        // The year is printed elsewhere on the page: the one it names most often (the
        // latest of those), not a year the story looks ahead to.
        let mut years: Vec<i32> = forms
            .year
            .captures_iter(text)
            .filter_map(|y| y[1].parse::<i32>().ok())
            .collect();
        years.sort_unstable();
        let year = years
            .chunk_by(|a, b| a == b)
            .max_by_key(|run| (run.len(), run[0]))
            .map(|run| run[0]);
        let day = (|| Day::new(year?, month_of(forms, &c[2])?, n(&c, 1)? as u8))();
        add(m.start(), m.end(), day);
    }
    found.sort_by_key(|(s, _, _)| *s);
    found.into_iter().map(|(s, _, d)| (s, d)).collect()
}

fn month_of(forms: &Forms, word: &str) -> Option<u8> {
    let word = word.to_lowercase();
    forms
        .months
        .iter()
        .find(|(s, _)| *s == word)
        .map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout;

    fn published(text: &str) -> Option<String> {
        published_from_text(text, &layout::blocks(text)).map(|d| d.to_string())
    }

    #[test]
    fn forms_real_pages_print() {
        let cases = [
            ("Ministers talk\n\nThu Mar 6 2025\n\nThe two spoke.\n", "2025-03-06"),
            ("Ministers talk\nNov 2, 2023 6:15 AM\nThe two spoke.\n", "2023-11-02"),
            ("Ministers talk\nPublished on: 17/06/2024 - 19:22 | Modified: 18/06/2024\nThe two spoke.\n", "2024-06-17"),
            ("Ministers talk\n2025/01/12 18:05 JST\nThe two spoke.\n", "2025-01-12"),
            ("Ministers talk\n2024.09.13 10:21 | Modified 2024.09.13 14:02\nThe two spoke.\n", "2024-09-13"),
            ("Ministers talk\nBUDAPEST . 8 . January . 2025\nThe two spoke.\n", "2025-01-08"),
            ("Ministers talk\nOCTOBER 29, 2024\nThe two spoke.\n", "2024-10-29"),
            ("Ministers talk\nPublié le 27 février 2025\nLes deux ont parlé.\n", "2025-02-27"),
            ("Ministers talk\n27 Sept. 08:40\nThe two spoke. (c) 2024 Baltic Wire\n", "2024-09-27"),
            ("Ministers talk\nPublished on 02/07/2025 at 07:12\nThe two spoke.\n", "2025-07-02"),
            ("Ministers talk\nby A Writer - 10/21/22 12:47 PM ET\nThe two spoke.\n", "2022-10-21"),
        ];
        for (text, expected) in cases {
            assert_eq!(published(text).as_deref(), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn a_dateline_or_label_beats_a_date_above_it() {
        let text = "Leaders talk\n• Tuesday, 24 December 2024\nWashington, 2 April 2024 (dpa) - The presidents of the two countries spoke by telephone on Tuesday for almost two hours about trade.\n";
        assert_eq!(published(text).as_deref(), Some("2024-04-02"));
        let text = "Leaders talk\nWASHINGTON (Sputnik - 04th February, 2023) In a call the two ministers discussed the balloon incident at length with each other.\n";
        assert_eq!(published(text).as_deref(), Some("2023-02-04"));
    }

    #[test]
    fn dates_in_story_sentences_are_not_publication_dates() {
        let text = "Leaders talk\nThe two presidents last met on 15 November 2023 in Woodside, California, and agreed to keep talking by phone.\n";
        assert_eq!(published(text), None);
    }
}
