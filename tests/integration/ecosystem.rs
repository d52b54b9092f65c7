//! readout's exits checked by software nobody here wrote: rdflib parses every export and
//! result format, Graphviz renders every picture.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::cli::{ingested_examples, readout, root, sorted_nquads, stderr, stdout};
use crate::{python, tool};

fn rdf_check(python: &Path, args: &[&str]) -> String {
    let out = Command::new(python)
        .arg(root().join("tests/tools/rdf_check.py"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "rdf_check.py {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn every_export_format_parses_with_rdflib_with_all_statements_and_sample_facts() {
    let Some(python) = python() else { return };
    let (dir, store) = ingested_examples();
    let quads = sorted_nquads(&store);
    // The union of the graphs, as graph formats carry it.
    let triples: BTreeSet<String> = quads
        .iter()
        .map(|q| {
            let without_graph = q.trim_end_matches(" .").rsplit_once(' ').unwrap().0;
            format!("{without_graph} .")
        })
        .collect();
    // Every 40th quad, and every one with a non-ASCII or escaped literal.
    let samples: Vec<&String> = quads
        .iter()
        .enumerate()
        .filter(|(i, q)| i % 40 == 0 || !q.is_ascii() || q.contains("\\\""))
        .map(|(_, q)| q)
        .collect();
    assert!(samples.iter().any(|q| !q.is_ascii()), "a non-ASCII sample");
    let sample_file = dir.path().join("samples.nq");
    fs::write(
        &sample_file,
        samples.iter().map(|q| format!("{q}\n")).collect::<String>(),
    )
    .unwrap();
    for (format, rdflib_format, expected) in [
        ("trig", "trig", quads.len()),
        ("nquads", "nquads", quads.len()),
        ("jsonld", "json-ld", quads.len()),
        ("turtle", "turtle", triples.len()),
        ("ntriples", "nt", triples.len()),
        ("rdfxml", "xml", triples.len()),
    ] {
        let file = dir.path().join(format!("export.{format}"));
        let out = readout(
            &store,
            &["export", "--format", format, "-o", file.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let count = rdf_check(
            &python,
            &[
                "graph",
                rdflib_format,
                file.to_str().unwrap(),
                sample_file.to_str().unwrap(),
            ],
        );
        assert_eq!(count, expected.to_string(), "statements in {format}");
    }
}

#[test]
fn every_result_format_parses_with_rdflib_with_every_row() {
    let Some(python) = python() else { return };
    let (dir, store) = ingested_examples();
    for query in ["calls", "disagreements"] {
        let rows = stdout(&readout(&store, &["query", query, "--format", "csv"]))
            .lines()
            .count()
            - 1;
        assert!(rows > 0, "{query} has rows");
        for format in ["json", "xml", "csv", "tsv"] {
            let file = dir.path().join(format!("{query}.{format}"));
            let out = readout(&store, &["query", query, "--format", format]);
            assert!(out.status.success(), "{}", stderr(&out));
            fs::write(&file, &out.stdout).unwrap();
            let parsed = rdf_check(&python, &["results", format, file.to_str().unwrap()]);
            let (parsed_rows, _) = parsed.split_once(' ').unwrap();
            assert_eq!(parsed_rows, rows.to_string(), "{query} as {format}");
        }
    }
}

#[test]
fn every_dot_view_renders_with_graphviz() {
    let Some(dot) = tool("GRAPHVIZ_DOT", "dot") else {
        return;
    };
    let (dir, store) = ingested_examples();
    let event = "event:2024-10-08/hakan-fidan--sergey-lavrov";
    let views: [&[&str]; 3] = [
        &["--view", "people"],
        &["--view", "events"],
        &["--view", "event", "--event", event],
    ];
    for view in views {
        // The DOT text itself, through Graphviz by hand...
        let text = readout(&store, &[&["dot"], view].concat());
        assert!(text.status.success(), "{}", stderr(&text));
        let dot_file = dir.path().join("view.dot");
        fs::write(&dot_file, &text.stdout).unwrap();
        let rendered = Command::new(&dot)
            .args(["-Tsvg", "-o"])
            .arg(dir.path().join("view.svg"))
            .arg(&dot_file)
            .output()
            .unwrap();
        assert!(
            rendered.status.success() && rendered.stderr.is_empty(),
            "{view:?}: {}",
            String::from_utf8_lossy(&rendered.stderr)
        );
        // ...and through readout's --svg and --png.
        let svg = readout(&store, &[&["dot"], view, &["--svg"]].concat());
        assert!(svg.status.success(), "{}", stderr(&svg));
        assert!(stdout(&svg).contains("<svg"), "{view:?}");
        let png = readout(&store, &[&["dot"], view, &["--png"]].concat());
        assert!(png.status.success(), "{}", stderr(&png));
        assert!(png.stdout.starts_with(b"\x89PNG"), "{view:?}");
    }
    let event_dot = stdout(&readout(&store, &["dot", "--event", event]));
    for expected in [
        "report in moscow-brief",
        "disputed initiator: TR",
        "initiator.at-initiative-of",
    ] {
        assert!(
            event_dot.contains(expected),
            "{expected:?} not in {event_dot}"
        );
    }
}

#[test]
fn pictures_without_graphviz_or_with_an_unknown_event_say_what_to_do() {
    let (_dir, store) = ingested_examples();
    let out = Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(["--store", store.to_str().unwrap(), "dot", "--svg"])
        .env("GRAPHVIZ_DOT", "/nonexistent/dot")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "--svg needs Graphviz's `dot` (/nonexistent/dot not found); install Graphviz"
        ),
        "{}",
        stderr(&out)
    );
    let out = readout(&store, &["dot", "--event", "event:1999-01-01/nobody"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no event event:1999-01-01/nobody in the store"));
    let out = readout(&store, &["dot", "--view", "event"]);
    assert_eq!(out.status.code(), Some(2));
}
