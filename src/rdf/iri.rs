//! IRIs minted from content: articles from their ids, reports from what they say.
//!
//! In: extractions. Out: IRI strings. Must not: use counters, clocks or random numbers; the
//! same content always gives the same IRI.

use crate::extract::{Extraction, Report};
use crate::names;
use crate::rdf::vocab::id;

/// Percent-encodes everything but unreserved characters, so any article id is a safe segment.
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn article(article_id: &str) -> String {
    format!("{}{}", id::ARTICLE, segment(article_id))
}

pub fn article_graph(article_id: &str) -> String {
    format!("{}{}", id::ARTICLE_GRAPH, segment(article_id))
}

pub fn person(key: &str) -> String {
    format!("{}{}", id::PERSON, segment(key))
}

pub fn country(code: &str) -> String {
    format!("{}{}", id::COUNTRY, segment(code))
}

/// The IRIs of an extraction's reports, in order: article, date as stated, participants, and
/// whether the report is of an earlier or a denied contact. Two reports that say all the same
/// are told apart by their order in the article.
pub fn report_iris(extraction: &Extraction) -> Vec<String> {
    let base = article(&extraction.article);
    let mut out: Vec<String> = Vec::new();
    for report in &extraction.reports {
        let stem = format!("{base}/report/{}", report_slug(report));
        let mut iri = stem.clone();
        let mut n = 2;
        while out.contains(&iri) {
            iri = format!("{stem}-{n}");
            n += 1;
        }
        out.push(iri);
    }
    out
}

fn report_slug(report: &Report) -> String {
    let date = report
        .date
        .lexical()
        .map_or_else(|| "undated".to_string(), |d| d.replacen("--", "xxxx-", 1));
    let keys = report
        .participant_keys()
        .iter()
        .map(|k| names::slug(k))
        .collect::<Vec<_>>()
        .join("--");
    let mut slug = format!("{date}/{keys}");
    if report.earlier {
        slug.push_str("/earlier");
    }
    if !report.occurred {
        slug.push_str("/denied");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_ids_become_safe_segments() {
        assert_eq!(segment("seed-000"), "seed-000");
        assert_eq!(segment("a b/c"), "a%20b%2Fc");
        assert_eq!(article("x"), "https://w3id.org/readout/id/article/x");
    }
}
