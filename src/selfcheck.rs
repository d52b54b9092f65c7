//! Invariants checked on arbitrary input, shared by the fuzz targets (`fuzz/`) and the test that
//! replays their kept corpus (`tests/integration/fuzz_corpus.rs`) on stable Rust.
//!
//! Each function panics when readout breaks a promise on the given bytes: a panic inside
//! readout, an error that does not name its input, a span outside the text.

use std::sync::LazyLock;

use crate::article::{json_lines, text_article, Article, InputError};
use crate::extract::Extractor;
use crate::rdf::knowledge::bundled_with;
use crate::{output, rdf, resolve};

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new(bundled_with(&[]).expect("bundled knowledge")));

/// The article reader on arbitrary bytes, as a JSON Lines feed and as a text file.
pub fn read_articles(data: &[u8]) {
    for item in json_lines(std::io::Cursor::new(data), "fuzz.jsonl".into(), 4096) {
        match item {
            Ok(article) => assert!(article.origin.starts_with("fuzz.jsonl:")),
            Err(e) => assert_eq!(e.path(), "fuzz.jsonl"),
        }
    }
    match text_article("fuzz".into(), data.to_vec(), "fuzz.txt".into()) {
        Ok(article) => assert!(!article.text.trim().is_empty()),
        Err(InputError::NotUtf8 { offset, .. }) => {
            assert!(std::str::from_utf8(data).is_err() && offset <= data.len())
        }
        Err(e) => assert_eq!(e.path(), "fuzz.txt"),
    }
}

/// Extraction on arbitrary text (bytes that are not UTF-8 are skipped: the reader refuses
/// them), then everything downstream that needs no disk: resolution, the JSON contract, the
/// article's quads. Every sentence span lies inside the text on character boundaries.
pub fn extract(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let article = Article {
        id: "fuzz".into(),
        // Relative dates ("on Tuesday") resolve against this.
        published: Some("2024-05-08".into()),
        text: text.into(),
        origin: "fuzz.txt".into(),
        ..Article::default()
    };
    let extraction = EXTRACTOR.extract(&article);
    for &(start, end, _) in &extraction.sentences {
        assert!(start <= end && end <= text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    }
    let extractions = [extraction];
    let items = resolve::items(&extractions);
    let resolution = resolve::events(&items);
    let json = output::article_json(&extractions[0], 0, &resolution);
    serde_json::to_string(&json).expect("serialisable");
    rdf::quads::article_quads(&extractions[0]);
    // Two accounts in one article are two reports of one event: disagreements too.
    let names = rdf::quads::person_names(&extractions);
    rdf::quads::consolidated_quads(&items, &resolution, &names);
}
