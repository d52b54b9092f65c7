//! Sentences with byte spans.
//!
//! In: the article text and its story blocks (`layout`). Out: [`Sentence`]s: the byte span in
//! the article and a normalised copy of the text (single spaces, straight quotes) for the
//! extraction rules. Must not: cross a block boundary, or split at abbreviations and initials
//! (`Gen.`, `U.S.`, `S. Lavrov`).

use crate::layout::{Block, BlockKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offsets into the article text.
    pub start: usize,
    pub end: usize,
    /// Normalised text: whitespace runs as one space, curly quotes straight.
    pub text: String,
    /// From a heading (headline, standfirst) rather than a body paragraph.
    pub heading: bool,
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "gen", "brig", "lt", "col", "maj", "capt", "sgt", "adm", "cmdr", "gov", "sen", "rep", "mr",
    "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "vs", "jan", "feb", "mar", "apr", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "inc", "corp", "co", "ltd",
    "dept", "gov't", "approx", "est", "fig", "pres", "amb", "rev", "hon", "a.m", "p.m",
];

/// The sentences of the story blocks of `text`.
pub fn sentences(text: &str, blocks: &[Block]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for block in blocks {
        let heading = match block.kind {
            BlockKind::Furniture(_) => continue,
            BlockKind::Heading => true,
            BlockKind::Body => false,
        };
        let spans = split_block(text, block.start, block.end);
        for (start, end) in spans.into_iter().flat_map(|s| cap_length(text, s)) {
            let normal = normalise(&text[start..end]);
            if !normal.is_empty() {
                out.push(Sentence {
                    start,
                    end,
                    text: normal,
                    heading,
                });
            }
        }
    }
    out
}

fn split_block(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let block = &text[start..end];
    let mut spans = Vec::new();
    let mut begin = 0;
    // Sentence ends are ASCII: look at each one and at the characters after it.
    for (pos, c) in block
        .bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'.' | b'!' | b'?'))
    {
        let after = &block[pos + 1..];
        let closers = after.len()
            - after
                .trim_start_matches(['"', '\'', '”', '’', ')', '»'])
                .len();
        let stop = pos + 1 + closers;
        let rest = &block[stop..];
        let at_space = rest.starts_with(char::is_whitespace);
        let next = rest.trim_start();
        let next_starts = next.starts_with(starts_sentence);
        if at_space && next_starts && !(c == b'.' && is_abbreviation(&block[begin..pos])) {
            push_trimmed(&mut spans, block, start, begin, stop);
            begin = block.len() - next.len();
        }
    }
    push_trimmed(&mut spans, block, start, begin, block.len());
    spans
}

/// Longer "sentences" (a page without punctuation, a table) are cut at spaces, so that the
/// per-sentence rules stay linear in the input.
const MAX_SENTENCE: usize = 1500;

fn cap_length(text: &str, (start, end): (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = start;
    while end - at > MAX_SENTENCE {
        let mut limit = at + MAX_SENTENCE;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let cut = text[at..limit]
            .rfind(char::is_whitespace)
            .map_or(limit, |p| at + p);
        let cut = if cut <= at { limit } else { cut };
        out.push((at, cut));
        at = cut;
        while at < end && text[at..].starts_with(char::is_whitespace) {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if at < end {
        out.push((at, end));
    }
    out
}

fn push_trimmed(spans: &mut Vec<(usize, usize)>, block: &str, offset: usize, a: usize, b: usize) {
    let piece = &block[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        spans.push((offset + a + lead, offset + b - trail));
    }
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '“' | '\'' | '‘' | '(' | '«' | '—' | '-')
}

/// Whether the text before a full stop ends with an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_initial || ABBREVIATIONS.contains(&lower.as_str())
}

/// Single spaces, straight quotes and apostrophes.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Whether a space here would be dropped: at the start or after a space.
    let mut after_space = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // Runs of printable ASCII stay as they are, copied at once.
            let run = bytes[i..]
                .iter()
                .position(|&b| !b.is_ascii_graphic() || b == b'`')
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                out.push_str(&text[i..i + run]);
                after_space = false;
                i += run;
                continue;
            }
            match b {
                b' ' | b'\t'..=b'\r' if !after_space => {
                    out.push(' ');
                    after_space = true;
                }
                b'`' => {
                    out.push('\'');
                    after_space = false;
                }
                _ => {} // a space after a space, or a control character
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        i += c.len_utf8();
        let c = match c {
            '’' | '‘' | '´' => '\'',
            '“' | '”' | '«' | '»' | '„' => '"',
            c if c.is_whitespace() => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        if c != ' ' {
            out.push(c);
            after_space = false;
        } else if !after_space {
            out.push(' ');
            after_space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::blocks;

    /// The byte-wise normalisation is the character-wise definition it replaced.
    #[test]
    fn normalisation_is_the_characterwise_definition() {
        fn defined(text: &str) -> String {
            let mut out = String::new();
            for c in text.chars() {
                let c = match c {
                    '’' | '‘' | '`' | '´' => '\'',
                    '“' | '”' | '«' | '»' | '„' => '"',
                    c if c.is_whitespace() => ' ',
                    c if c.is_control() => continue,
                    c => c,
                };
                if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
                    continue;
                }
                out.push(c);
            }
            out.trim_end().to_string()
        }
        let mut pieces: Vec<String> = (0u8..0x80).map(|b| (b as char).to_string()).collect();
        pieces.extend(
            [
                "ab", "’", "“x”", "«", "´", "\u{a0}", "\u{85}", "\u{2003}", "\u{200b}", "é",
                "\u{9f}", "  ", "\r\n",
            ]
            .map(String::from),
        );
        for a in &pieces {
            for b in &pieces {
                for text in [
                    format!("{a}{b}"),
                    format!(" {a} x{b} "),
                    format!("{b}{a}{a}y"),
                ] {
                    assert_eq!(normalise(&text), defined(&text), "{text:?}");
                }
            }
        }
    }

    /// The byte-wise splitting is the character-wise one it replaced.
    #[test]
    fn splitting_is_the_characterwise_definition() {
        fn defined(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
            let block = &text[start..end];
            let mut spans = Vec::new();
            let mut begin = 0;
            let chars: Vec<(usize, char)> = block.char_indices().collect();
            let mut i = 0;
            while i < chars.len() {
                let (pos, c) = chars[i];
                if matches!(c, '.' | '!' | '?') {
                    let mut j = i + 1;
                    while j < chars.len()
                        && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | '»')
                    {
                        j += 1;
                    }
                    let at_space = j < chars.len() && chars[j].1.is_whitespace();
                    let mut k = j;
                    while k < chars.len() && chars[k].1.is_whitespace() {
                        k += 1;
                    }
                    let next_starts = k < chars.len() && starts_sentence(chars[k].1);
                    if at_space && next_starts && !(c == '.' && is_abbreviation(&block[begin..pos]))
                    {
                        let stop = chars.get(j).map_or(block.len(), |&(p, _)| p);
                        push_trimmed(&mut spans, block, start, begin, stop);
                        begin = chars[k].0;
                        i = k;
                        continue;
                    }
                }
                i += 1;
            }
            push_trimmed(&mut spans, block, start, begin, block.len());
            spans
        }
        let pieces = [
            ".", "!", "?", " ", "\u{a0}", "\n", "”", "’", ")", "\"", "»", "A", "a", "1", "Gen",
            "U.S", "é", "É", "—", "«", "x.", "",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let text = format!("Sa{a}{b}{c}{d}b. Ends");
                        assert_eq!(
                            split_block(&text, 1, text.len()),
                            defined(&text, 1, text.len()),
                            "{text:?}"
                        );
                    }
                }
            }
        }
    }

    fn texts(text: &str) -> Vec<String> {
        sentences(text, &blocks(text))
            .into_iter()
            .map(|s| {
                assert_eq!(normalise(&text[s.start..s.end]), s.text);
                s.text
            })
            .collect()
    }

    #[test]
    fn splits_at_sentence_ends_but_not_abbreviations() {
        let got = texts(
            "U.S. Defense Secretary met Gen. Ivan Petrov on Monday. S. Lavrov said “yes.” Then it ended!\n",
        );
        assert_eq!(
            got,
            vec![
                "U.S. Defense Secretary met Gen. Ivan Petrov on Monday.",
                "S. Lavrov said \"yes.\"",
                "Then it ended!",
            ]
        );
    }

    #[test]
    fn very_long_sentences_are_cut_at_spaces() {
        let text = "word ".repeat(1000);
        let got = sentences(&text, &blocks(&text));
        assert!(got.len() >= 3);
        assert!(got.iter().all(|s| s.end - s.start <= MAX_SENTENCE));
        assert!(got
            .iter()
            .all(|s| !s.text.starts_with(' ') && s.text.starts_with("word")));
    }

    #[test]
    fn headings_are_marked() {
        let text = "Leaders hold call\nThe leaders spoke.\n";
        let got = sentences(text, &blocks(text));
        assert!(got[0].heading && !got[1].heading);
        assert_eq!(&text[got[1].start..got[1].end], "The leaders spoke.");
    }
}
