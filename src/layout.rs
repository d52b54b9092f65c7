//! Page layout: which lines of an article are the story and which are page furniture.
//!
//! In: the article text. Out: [`Block`]s (headings, body paragraphs, furniture with the rule
//! that recognised it), with byte offsets into the text. Hard-wrapped text (newswire) is joined
//! into paragraphs. Must not: change the text or drop offsets; extraction reads only
//! non-furniture blocks.

use std::sync::LazyLock;

use crate::rules::Rules;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A line without sentence punctuation near the top: headline, standfirst, section head.
    Heading,
    Body,
    /// Page furniture, with the rule that said so.
    Furniture(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub kind: BlockKind,
}

/// Line rules: a line matching one is furniture. Table order is priority order.
static LINE_RULES: LazyLock<(Vec<&'static str>, Rules)> = LazyLock::new(|| {
    let rules: &[(&str, &str)] = &[
        (
            "nav.previous-next",
            r"^(?i)(previous|next)\s*(article|post|story)",
        ),
        ("nav.breadcrumb", r"^Home\b.*(\.\.\.|…|›|»|/|>)"),
        ("nav.slug", r"^[a-z0-9]+(-[a-z0-9]+){3,}/?$"),
        (
            "nav.read-more",
            r"^(?i)(read more|read also|also read|see also|related( articles| stories| news| coverage)?|more on this( story)?|you may also like|recommended)\b\s*[:|\-–]?",
        ),
        (
            "tags",
            r"^(?i)(tags?|topics|filed under|keywords)\b\s*:?\s+\S",
        ),
        (
            "credit",
            r"(?i)(contributed to this (report|story)|additional (input|reporting) (from|by)|^\(?reporting by|editing by|writing by|compiled by|^reuter$)",
        ),
        (
            "caption",
            r"\([^()]*\b(Photo|photo|AP|AFP|Reuters|Getty|EPA|Images|via|File|FILE)\b[^()]*\)\s*$",
        ),
        (
            "caption",
            r"^(?i)(file photo|photo|image|picture|pictured)\s*[:|]",
        ),
        (
            "byline",
            r"^(?i)by\s+\p{Lu}[\p{L}.'\-]+(\s+\p{Lu}[\p{L}.'\-]+){0,3}\s*($|[,|\-–—•])",
        ),
        (
            "subscription",
            r"(?i)(subscribe\b|newsletter|sign up\b|log in to|cookies?\b.*(accept|policy)|all rights reserved|copyright\s*©|^©)",
        ),
        (
            "counter",
            r"^([•·|]\s*\d[\d\s,.]*[kKmM]?\s*\p{L}*|\d[\d,.]*[kKmM]?\s+(views|reads|comments|shares|likes))\s*$",
        ),
    ];
    (
        rules.iter().map(|(name, _)| *name).collect(),
        Rules::new(rules.iter().map(|(_, pattern)| *pattern)),
    )
});

/// Markers after which the rest of the page is furniture (comment sections, trailers of
/// related headlines).
static TAIL_MARKER: LazyLock<crate::rules::Pattern> = LazyLock::new(|| {
    crate::rules::regex(
        r"^(?i)(comments?|\d+\s+comments?|replying to\b.*|leave a (comment|reply)|join the (conversation|discussion)|comments are moderated.*|popular|most (read|popular|viewed)|news by theme|trending( now)?|latest( news)?|more from\b.*|recommended for you|top stories|related (articles|stories|news))$",
    )
    .expect("valid tail marker")
});

/// A line of only a capitalised name (an author's sign-off).
static NAME_ONLY: LazyLock<crate::rules::Pattern> = LazyLock::new(|| {
    crate::rules::regex(r"^\p{Lu}[\p{Ll}'\-]+(\s+\p{Lu}[\p{Ll}'\-]+){1,2}$")
        .expect("valid name line")
});

/// The blocks of an article, in text order.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines = lines(text);
    let wrapped = is_hard_wrapped(text, &lines);
    let mut out: Vec<Block> = Vec::new();
    let mut in_tail = false;
    let mut seen_body = false;
    for &(start, end) in &lines {
        let line = text[start..end].trim();
        if line.is_empty() {
            continue;
        }
        let kind = if in_tail {
            BlockKind::Furniture("trailer")
        } else if seen_body && TAIL_MARKER.is_match(line) {
            in_tail = true;
            BlockKind::Furniture("trailer")
        } else if let Some(rule) = furniture_rule(line, seen_body) {
            BlockKind::Furniture(rule)
        } else if wrapped || ends_sentence(line) {
            seen_body = true;
            BlockKind::Body
        } else {
            BlockKind::Heading
        };
        let indented = text[start..end].starts_with([' ', '\t']);
        match out.last_mut() {
            // Hard-wrapped newswire: a line continues the paragraph unless it is indented or
            // follows a blank line.
            Some(last)
                if wrapped
                    && kind == BlockKind::Body
                    && last.kind == BlockKind::Body
                    && !indented
                    && text[last.end..start].matches('\n').count() == 1 =>
            {
                last.end = end;
            }
            _ => out.push(Block { start, end, kind }),
        }
    }
    out
}

fn furniture_rule(line: &str, seen_body: bool) -> Option<&'static str> {
    if is_other_language(line) {
        return Some("other-language");
    }
    let (names, rules) = &*LINE_RULES;
    let rule = rules.matching(line).next().map(|(i, _)| names[i]);
    rule.or_else(|| (seen_body && NAME_ONLY.is_match(line)).then_some("sign-off"))
}

fn ends_sentence(line: &str) -> bool {
    let line = line.trim_end_matches(['"', '\'', '”', '’', ')', ' ']);
    line.ends_with(['.', '!', '?', ':', ';']) || line.chars().count() > 200
}

/// More than a third of the letters are outside the Latin script.
fn is_other_language(line: &str) -> bool {
    if line.is_ascii() {
        return false;
    }
    let (mut latin, mut other) = (0usize, 0usize);
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        if (c as u32) < 0x0250 || ('\u{1E00}'..='\u{1EFF}').contains(&c) {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other * 2 > latin
}

/// Lines with byte offsets, without their line ends.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push((start, end));
        start = i + 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Newswire style: most lines broken at a fixed width, none long.
fn is_hard_wrapped(text: &str, lines: &[(usize, usize)]) -> bool {
    let lengths: Vec<usize> = lines
        .iter()
        .map(|&(s, e)| text[s..e].trim_end().chars().count())
        .filter(|&n| n > 0)
        .collect();
    let medium = lengths.iter().filter(|&&n| (45..=82).contains(&n)).count();
    lengths.len() >= 4 && lengths.iter().all(|&n| n <= 90) && medium * 2 >= lengths.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, BlockKind)> {
        blocks(text)
            .into_iter()
            .map(|b| (text[b.start..b.end].trim().to_string(), b.kind))
            .collect()
    }

    #[test]
    fn furniture_lines_are_recognised() {
        let text = "Ministers talk\n\nThe two ministers spoke on Monday.\n\
            Read more: Something else happened\n\
            A soldier walks past (Jane Roe, Pool Photo via AP)\n\
            Tags Ministers Calls\n\
            Пример текста на другом языке\n\
            • 12345 views\n\
            Previous articleAn unrelated story\n";
        let got = kinds(text);
        assert_eq!(got[0].1, BlockKind::Heading);
        assert_eq!(got[1].1, BlockKind::Body);
        let rules: Vec<_> = got[2..].iter().map(|(_, k)| *k).collect();
        assert_eq!(
            rules,
            vec![
                BlockKind::Furniture("nav.read-more"),
                BlockKind::Furniture("caption"),
                BlockKind::Furniture("tags"),
                BlockKind::Furniture("other-language"),
                BlockKind::Furniture("counter"),
                BlockKind::Furniture("nav.previous-next"),
            ]
        );
    }

    #[test]
    fn comment_sections_end_the_story() {
        let text = "Body text here.\nCOMMENTS\nThe minister met a reader on Friday.\n";
        let got = kinds(text);
        assert_eq!(got[2].1, BlockKind::Furniture("trailer"));
    }

    #[test]
    fn hard_wrapped_newswire_becomes_paragraphs() {
        let text = "    The finance minister said on Tuesday that he had spoken with\n\
            his counterpart by telephone about the currency and about trade.\n\
            \x20   A second paragraph starts here with an indent and goes on\n\
            for a while longer so that it looks like wire copy at 65 columns.\n";
        let got = kinds(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].0.contains("spoken with\nhis counterpart"));
    }
}
