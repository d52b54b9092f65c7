//! Golden tests over `tests/fixtures`: each `<phenomenon>.txt` has a hand-written
//! `<phenomenon>.gold.json` (the specification, in shared/eval/GOLD-FORMAT.md) and an
//! `<phenomenon>.expected.json` (readout's exact output, refreshed with `UPDATE_EXPECT=1` and
//! reviewed in the diff).

use std::fs;
use std::path::{Path, PathBuf};

use readout::article::Article;
use readout::extract::Extractor;
use readout::rdf::knowledge::bundled_with;
use readout::{output, resolve};
use serde_json::Value;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    crate::files_with_extension(&dir, "txt")
}

fn extract_json(path: &Path) -> Value {
    let extractor = Extractor::new(bundled_with(&[]).unwrap());
    let article = Article {
        id: path.file_stem().unwrap().to_str().unwrap().to_string(),
        text: fs::read_to_string(path).unwrap(),
        origin: path.display().to_string(),
        ..Article::default()
    };
    let extraction = extractor.extract(&article);
    let items = resolve::items(std::slice::from_ref(&extraction));
    let resolution = resolve::events(&items);
    serde_json::to_value(output::article_json(&extraction, 0, &resolution)).unwrap()
}

fn surname(name: &str) -> String {
    readout::names::word_key(name.split_whitespace().last().unwrap_or(""))
}

fn names_of(participants: &Value) -> Vec<String> {
    let mut out: Vec<String> = participants
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["name"]
                .as_str()
                .map(surname)
                .unwrap_or_else(|| format!("office {}", p["country"]))
        })
        .collect();
    out.sort();
    out
}

/// Every non-vague gold event is extracted with its date, kind and initiator, and nothing else.
#[test]
fn fixtures_meet_their_gold_specification() {
    let mut failures = Vec::new();
    for path in fixtures() {
        let gold: Value =
            serde_json::from_str(&fs::read_to_string(path.with_extension("gold.json")).unwrap())
                .unwrap();
        let got = extract_json(&path);
        let name = path.file_stem().unwrap().to_str().unwrap();
        let wanted: Vec<&Value> = gold["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["vague"] != true)
            .collect();
        let mut unmatched: Vec<&Value> = got["events"].as_array().unwrap().iter().collect();
        for g in &wanted {
            let gold_names: Vec<String> = {
                let mut n: Vec<String> = g["participants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| surname(p["name"].as_str().unwrap()))
                    .collect();
                n.sort();
                n
            };
            let found = unmatched
                .iter()
                .position(|e| names_of(&e["participants"]) == gold_names && e["date"] == g["date"]);
            match found {
                Some(i) => {
                    let e = unmatched.remove(i);
                    if e["kind"] != g["kind"] || e["initiator"] != g["initiator"] {
                        failures.push(format!(
                            "{name}: {}: kind/initiator {} {} (gold {} {})",
                            g["event"], e["kind"], e["initiator"], g["kind"], g["initiator"]
                        ));
                    }
                }
                None => failures.push(format!(
                    "{name}: missed {} ({gold_names:?} {})",
                    g["event"], g["date"]
                )),
            }
        }
        let vague = gold["events"].as_array().unwrap().len() - wanted.len();
        if unmatched.len() > vague {
            failures.push(format!(
                "{name}: extra events {:?}",
                unmatched
                    .iter()
                    .map(|e| names_of(&e["participants"]))
                    .collect::<Vec<_>>()
            ));
        }
        if gold["published"] != got["published"] {
            failures.push(format!(
                "{name}: published {} (gold {})",
                got["published"], gold["published"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// readout's exact output for each fixture, so that any change of behaviour shows in review.
#[test]
fn fixtures_match_expected_output() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut stale = Vec::new();
    for path in fixtures() {
        let expected_path = path.with_extension("expected.json");
        let got = serde_json::to_string_pretty(&extract_json(&path)).unwrap() + "\n";
        if update {
            fs::write(&expected_path, &got).unwrap();
        } else if fs::read_to_string(&expected_path).ok().as_deref() != Some(got.as_str()) {
            stale.push(expected_path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "output changed for {stale:?}; review with UPDATE_EXPECT=1 cargo test and git diff"
    );
}

#[test]
fn extraction_is_deterministic() {
    for path in fixtures() {
        assert_eq!(extract_json(&path), extract_json(&path));
    }
}

/// A page of several megabytes with no sentence punctuation still extracts (the rules stay
/// linear: long runs are cut into bounded sentences).
#[test]
fn an_article_of_megabytes_without_punctuation_is_read() {
    let line = "Russian Foreign Minister Sergey Lavrov spoke with Turkish Foreign Minister Hakan Fidan on Tuesday and ";
    let article = Article {
        id: "huge".into(),
        text: line.repeat(20_000),
        published: Some("2024-10-09".into()),
        ..Article::default()
    };
    assert!(article.text.len() > 2_000_000);
    let extraction = Extractor::new(bundled_with(&[]).unwrap()).extract(&article);
    assert_eq!(extraction.people.len(), 2);
    assert_eq!(extraction.reports.len(), 1);
    assert_eq!(
        extraction.reports[0].date.lexical().as_deref(),
        Some("2024-10-08")
    );
}
