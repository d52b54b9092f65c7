//! Cross-article resolution over the sets in `tests/sets`: each folder's articles are extracted,
//! stored in an in-memory store, resolved, and the events, people and disagreements compared with
//! the folder's `expected.json`.

use std::fs;
use std::path::{Path, PathBuf};

use readout::article::Article;
use readout::extract::Extractor;
use readout::rdf::knowledge::bundled_with;
use readout::rdf::quads;
use readout::resolve;
use readout::store::GraphStore;
use serde_json::Value;

fn run_set(dir: &Path) -> (usize, usize, Vec<String>) {
    let extractor = Extractor::new(bundled_with(&[]).unwrap());
    let files = crate::files_with_extension(dir, "txt");
    let extractions: Vec<_> = files
        .iter()
        .map(|f| {
            extractor.extract(&Article {
                id: f.file_stem().unwrap().to_str().unwrap().to_string(),
                text: fs::read_to_string(f).unwrap(),
                ..Article::default()
            })
        })
        .collect();
    let store = GraphStore::in_memory().unwrap();
    store.load_knowledge(&[]).unwrap();
    for ex in &extractions {
        store.replace_article(ex).unwrap();
    }
    // The store's own resolution must agree with resolving the extractions directly.
    let (events, people) = store.consolidate().unwrap();
    let direct = resolve::events(&resolve::items(&extractions));
    assert_eq!(direct.events.len(), events, "{}", dir.display());
    assert_eq!(
        quads::person_names(&extractions).len(),
        people,
        "{}",
        dir.display()
    );
    let text = readout::query::bundled("disagreements").unwrap().text;
    let conflicts = readout::conflicts::group(&store.select(text).unwrap());
    let mut properties: Vec<String> = conflicts.iter().map(|c| c.property.clone()).collect();
    properties.sort();
    properties.dedup();
    (events, people, properties)
}

#[test]
fn resolution_sets_give_the_expected_events_people_and_disagreements() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sets");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 6);
    let mut failures = Vec::new();
    for dir in dirs {
        let expected: Value =
            serde_json::from_str(&fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
        let (events, people, conflicts) = run_set(&dir);
        let want_conflicts: Vec<String> = expected["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let got = (events as u64, people as u64, conflicts);
        let want = (
            expected["events"].as_u64().unwrap(),
            expected["people"].as_u64().unwrap(),
            want_conflicts,
        );
        if got != want {
            failures.push(format!("{}: got {got:?}, expected {want:?}", dir.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
