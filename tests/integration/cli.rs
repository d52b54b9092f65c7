//! End-to-end runs of the `readout` binary on real files and a real on-disk store.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use oxigraph::io::RdfFormat;
use readout::store::GraphStore;

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn readout(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readout"))
        .arg("--store")
        .arg(store)
        .args(args)
        .current_dir(root())
        .env_remove("READOUT_STORE")
        .output()
        .unwrap()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The whole store as sorted N-Quads lines, for comparing two stores.
pub(crate) fn sorted_nquads(store: &Path) -> Vec<String> {
    let mut lines: Vec<String> = stdout(&readout(store, &["export", "--format", "nquads"]))
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// `readout ingest` of these paths into the store, which must succeed.
pub(crate) fn ingest<P: AsRef<Path>>(store: &Path, paths: &[P]) {
    let mut args = vec!["ingest".to_string()];
    args.extend(paths.iter().map(|p| p.as_ref().display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = readout(store, &args);
    assert!(out.status.success(), "{}", stderr(&out));
}

pub(crate) fn ingested_examples() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ingest(&store, &["examples/articles"]);
    (dir, store)
}

#[test]
fn ingest_then_query_initiators_and_conflicts() {
    let (_dir, store) = ingested_examples();
    let out = readout(&store, &["query", "initiators", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(
        csv.starts_with("event,date,initiator,initiator_person,support,articles"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains("hakan-fidan--sergey-lavrov") && l.contains(",TR,")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains("hakan-fidan--sergey-lavrov") && l.contains(",RU,")),
        "{csv}"
    );
    // Each row lists its articles in id order (the examples have a contact that two articles
    // report, which the engine would otherwise give in the other order).
    let out = readout(&store, &["query", "initiators", "--format", "tsv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tsv = stdout(&out);
    let lists: Vec<Vec<&str>> = tsv
        .lines()
        .skip(1)
        .filter_map(|row| row.rsplit('\t').next())
        .map(|cell| cell.trim_matches('"').split(", ").collect())
        .collect();
    assert!(lists.iter().any(|l| l.len() > 1), "{tsv}");
    assert!(lists.iter().all(|l| l.is_sorted()), "{tsv}");

    let out = readout(&store, &["conflicts", "--format", "json"]);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let properties: Vec<&str> = lines
        .iter()
        .map(|c| c["property"].as_str().unwrap())
        .collect();
    for property in ["initiator", "kind", "occurred"] {
        assert!(properties.contains(&property), "{properties:?}");
    }
    let occurred = lines.iter().find(|c| c["property"] == "occurred").unwrap();
    let values: Vec<&serde_json::Value> = occurred["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["value"])
        .collect();
    assert!(
        values.contains(&&serde_json::Value::Bool(false))
            && values.contains(&&serde_json::Value::Bool(true))
    );

    let text = stdout(&readout(&store, &["conflicts"]));
    assert!(text.contains("sources disagree on initiator"), "{text}");
    assert!(
        text.contains("At the initiative of the Turkish side"),
        "{text}"
    );
}

#[test]
fn reingesting_an_article_replaces_exactly_its_triples() {
    let (dir, store) = ingested_examples();
    let count = |store: &Path| stdout(&readout(store, &["stats"]));
    let before = count(&store);
    ingest(&store, &["examples/articles/paris-wire.txt"]);
    assert_eq!(count(&store), before);

    // A changed article replaces its old account.
    let changed = dir.path().join("paris-wire.txt");
    fs::write(
        &changed,
        "Nothing to report\n\nThe ministers did not speak this week.\n",
    )
    .unwrap();
    ingest(&store, &[&changed]);
    let sources = stdout(&readout(&store, &["query", "sources", "--format", "csv"]));
    assert!(
        !sources.lines().any(|l| l.starts_with("paris-wire,")),
        "{sources}"
    );
}

/// Every bundled query's rows, each row as `var=value` cells, rows sorted. GROUP_CONCAT has no
/// defined order, so the parts of concatenated cells are compared as sets.
pub(crate) fn bundled_answers(store: &GraphStore) -> Vec<(String, Vec<String>)> {
    let normal = |cell: &String| {
        let mut parts: Vec<&str> = cell.split([';', ',']).map(str::trim).collect();
        parts.sort();
        parts.join("|")
    };
    let mut out = Vec::new();
    for q in readout::query::BUNDLED {
        let rows = store.select(q.text).unwrap();
        let mut rows: Vec<String> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|(k, v)| format!("{k}={}", normal(v)))
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .collect();
        rows.sort();
        out.push((q.name.to_string(), rows));
    }
    out
}

/// The bundled queries' answers on the example articles, pinned in
/// `tests/expected/queries.txt` (refresh with `UPDATE_EXPECT=1` after a deliberate change):
/// queries are rewritten for speed, and a rewrite must not change an answer.
#[test]
fn bundled_queries_give_the_pinned_answers_on_the_examples() {
    let (_dir, store) = ingested_examples();
    let answers = bundled_answers(&GraphStore::open_read_only(&store).unwrap());
    let mut got = String::new();
    for (name, rows) in &answers {
        got.push_str(&format!("## {name} ({} rows)\n", rows.len()));
        for row in rows {
            got.push_str(row);
            got.push('\n');
        }
    }
    let path = root().join("tests/expected/queries.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &got).unwrap();
    }
    let want = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "bundled query answers differ from {}; first differing line: {:?}",
        path.display(),
        got.lines()
            .zip(want.lines())
            .find(|(a, b)| a != b)
            .or(Some(("(length)", "(length)")))
    );
}

/// `optimize` compacts the files and changes no answer; the listings come in date order
/// (the order of the dates' lexical forms), undated contacts last.
#[test]
fn optimize_keeps_the_answers_and_listings_are_in_date_order() {
    let (_dir, store) = ingested_examples();
    let before = bundled_answers(&GraphStore::open_read_only(&store).unwrap());
    let out = readout(&store, &["optimize"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        bundled_answers(&GraphStore::open_read_only(&store).unwrap()),
        before
    );
    for (query, column) in [("timeline", 0), ("calls", 2), ("initiators", 1)] {
        let out = readout(&store, &["query", query, "--format", "tsv"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let dates: Vec<String> = stdout(&out)
            .lines()
            .skip(1)
            .map(|row| {
                let cell = row.split('\t').nth(column).unwrap_or("");
                // Undated rows sort after every date.
                let lexical = cell.trim_start_matches('"').split('"').next().unwrap_or("");
                if lexical.is_empty() {
                    "~".to_string()
                } else {
                    lexical.to_string()
                }
            })
            .collect();
        assert!(dates.len() > 3, "{query}: {dates:?}");
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{query}: {dates:?}");
    }
    let missing = readout(&store.join("nothing-here"), &["optimize"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("no store here yet"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn export_reloads_into_a_fresh_store_with_the_same_answers() {
    let (dir, store) = ingested_examples();
    let original = bundled_answers(&GraphStore::open_read_only(&store).unwrap());
    assert!(!original[0].1.is_empty());
    let jsonld = RdfFormat::JsonLd {
        profile: oxigraph::io::JsonLdProfileSet::empty(),
    };
    for (format, syntax) in [
        ("trig", RdfFormat::TriG),
        ("nquads", RdfFormat::NQuads),
        ("jsonld", jsonld),
    ] {
        let file = dir.path().join(format!("export.{format}"));
        let out = readout(
            &store,
            &["export", "--format", format, "-o", file.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let fresh = GraphStore::in_memory().unwrap();
        fresh.load(syntax, &fs::read(&file).unwrap()).unwrap();
        assert_eq!(bundled_answers(&fresh), original, "{format}");
    }
    // Graph syntaxes carry the union of the graphs: the same triples whatever the syntax.
    let union_size = |format: &str, syntax: RdfFormat| {
        let fresh = GraphStore::in_memory().unwrap();
        let data = readout(&store, &["export", "--format", format]).stdout;
        fresh.load(syntax, &data).unwrap();
        fresh.len().unwrap()
    };
    let triples = union_size("ntriples", RdfFormat::NTriples);
    assert!(triples > 0);
    assert_eq!(union_size("rdfxml", RdfFormat::RdfXml), triples);
    assert_eq!(union_size("turtle", RdfFormat::Turtle), triples);
    // Turtle alone still says which article said what.
    let turtle = stdout(&readout(&store, &["export", "--format", "turtle"]));
    assert!(
        turtle.contains("ro:Report")
            && turtle.contains("prov:wasDerivedFrom")
            && turtle.contains("ro:sentence")
    );
}

#[test]
fn dot_draws_people_contacts_and_disputes() {
    let (_dir, store) = ingested_examples();
    let dot = stdout(&readout(&store, &["dot"]));
    assert!(dot.starts_with("digraph {"));
    assert!(dot.contains("Sergey Lavrov (RU)"));
    assert!(dot.contains("disputed: initiator"));
}

#[test]
fn bad_inputs_are_named_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let feed = dir.path().join("feed.jsonl");
    fs::write(
        &feed,
        "{\"id\":\"good\",\"text\":\"Sergey Lavrov and Hakan Fidan spoke by phone on Tuesday.\",\"published\":\"2024-10-08\"}\n{broken\n{\"id\":\"good\",\"text\":\"duplicate\"}\n",
    )
    .unwrap();
    let binary = dir.path().join("latin1.txt");
    fs::write(&binary, [b'c', b'a', b'f', 0xe9, b'\n']).unwrap();
    let out = readout(
        &store,
        &["ingest", feed.to_str().unwrap(), binary.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("feed.jsonl:2:"), "{err}");
    assert!(err.contains("latin1.txt: not UTF-8"), "{err}");
    assert!(err.contains("already read in this batch"), "{err}");
    assert!(err.contains("3 skipped"), "{err}");
    let sources = stdout(&readout(&store, &["query", "sources", "--format", "tsv"]));
    assert!(sources.contains("\"good\""), "{sources}");
    let stats = stdout(&readout(&store, &["stats"]));
    assert!(
        stats
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["articles", "1"]),
        "{stats}"
    );
}

#[test]
fn usage_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, store) = ingested_examples();
    let out = readout(&store, &["query", "no-such-query"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bundled queries: calls"),
        "{}",
        stderr(&out)
    );

    let file = dir.path().join("not-a-store");
    fs::write(&file, "x").unwrap();
    let out = readout(&file, &["stats"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is a file, not a store directory"),
        "{}",
        stderr(&out)
    );

    let bad = dir.path().join("bad.rq");
    fs::write(&bad, "SELECT WHERE {").unwrap();
    let out = readout(&store, &["query", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("SPARQL syntax error"),
        "{}",
        stderr(&out)
    );

    let out = readout(&store, &["no-such-command"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn extract_prints_the_contract_and_shares_event_ids_across_articles() {
    let store = Path::new("unused");
    let out = readout(store, &["extract", "--format", "json", "examples/articles"]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    let id_of = |article: &str| {
        let a = lines.iter().find(|l| l["article"] == article).unwrap();
        a["events"][0]["id"].as_str().unwrap().to_string()
    };
    assert_eq!(id_of("ankara-report"), id_of("moscow-brief"));
    assert_eq!(id_of("paris-wire"), id_of("beijing-daily"));
    let again = readout(store, &["extract", "--format", "json", "examples/articles"]);
    assert_eq!(
        out.stdout, again.stdout,
        "the same input gives byte-identical output"
    );
    // Large inputs are held in a temporary file until resolution: the same output.
    for format in ["json", "trig"] {
        let args = ["extract", "--format", format, "examples/articles"];
        let spilled = Command::new(env!("CARGO_BIN_EXE_readout"))
            .args(args)
            .current_dir(root())
            .env("READOUT_SPILL", "1")
            .output()
            .unwrap();
        assert!(spilled.status.success(), "{}", stderr(&spilled));
        assert_eq!(spilled.stdout, readout(store, &args).stdout, "{format}");
    }
}

/// Extraction threads are started once and share out every batch (2,048 articles): over more
/// than two batches, the last one short, any number of them prints what one prints, in input
/// order, also when the extractions wait in a temporary file and are printed in parallel.
#[test]
fn extraction_threads_give_the_output_of_one_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let made = Command::new("python3")
        .arg(root().join("benches/make_corpus.py"))
        .args(["4500", corpus.to_str().unwrap(), "--seed", "5"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    let run = |jobs: &str| {
        let args = ["--jobs", jobs, "extract", "--format", "json"];
        let out = readout(
            Path::new("unused"),
            &[&args[..], &[corpus.to_str().unwrap()]].concat(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        out.stdout
    };
    let one = run("1");
    let ids: Vec<String> = String::from_utf8(one.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["article"].to_string())
        .collect();
    let expected: Vec<String> = (0..4500).map(|i| format!("\"bench-{i:06}\"")).collect();
    assert_eq!(ids, expected);
    assert!(one == run("3"), "three threads print what one prints");
    // Kept in a temporary file past 1,000 articles and printed from it by three threads.
    let spilled = Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(["--jobs", "3", "extract", "--format", "json"])
        .arg(&corpus)
        .env("READOUT_SPILL", "1000")
        .output()
        .unwrap();
    assert!(spilled.status.success(), "{}", stderr(&spilled));
    assert!(
        one == spilled.stdout,
        "spilled, then printed by three threads"
    );
}

#[test]
fn queries_lists_every_bundled_query() {
    let out = readout(Path::new("unused"), &["queries"]);
    let text = stdout(&out);
    for name in [
        "calls",
        "initiators",
        "disagreements",
        "people",
        "timeline",
        "sources",
    ] {
        assert!(text.lines().any(|l| l.starts_with(name)), "{text}");
    }
}

/// Every resolution set's articles (renamed apart) in one folder, for ingests of all of them.
fn all_sets(dir: &Path) -> PathBuf {
    let inputs = dir.join("inputs");
    fs::create_dir(&inputs).unwrap();
    for set in fs::read_dir(root().join("tests/sets")).unwrap() {
        let set = set.unwrap().path();
        if !set.is_dir() {
            continue;
        }
        let name = set.file_name().unwrap().to_str().unwrap().to_string();
        for file in crate::files_with_extension(&set, "txt") {
            let target = format!("{name}-{}", file.file_name().unwrap().to_str().unwrap());
            fs::copy(&file, inputs.join(target)).unwrap();
        }
    }
    inputs
}

#[test]
fn a_first_ingest_resolves_from_memory_to_the_graph_a_full_resolution_gives() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let inputs = all_sets(dir.path());
    ingest(&store, &[root().join("examples/articles"), inputs]);
    let first = sorted_nquads(&store);
    assert!(first.len() > 1000);
    GraphStore::open(&store).unwrap().consolidate().unwrap();
    assert_eq!(sorted_nquads(&store), first);
}

/// Articles ingested in three rounds (each set's articles spread over them, so that later
/// rounds change events, merge misnamed participants and wrong years across rounds) give the
/// graph of one ingest: incremental resolution touches what it must.
#[test]
fn ingests_in_rounds_give_the_graph_of_one_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = all_sets(dir.path());
    let mut files = crate::files_with_extension(&inputs, "txt");
    files.extend(crate::files_with_extension(
        &root().join("examples/articles"),
        "txt",
    ));
    let at_once = dir.path().join("at-once");
    ingest(&at_once, &files);
    let rounds = dir.path().join("rounds");
    for round in 0..3 {
        let part: Vec<&PathBuf> = files
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 3 == round)
            .map(|(_, f)| f)
            .collect();
        ingest(&rounds, &part);
    }
    assert_eq!(sorted_nquads(&rounds), sorted_nquads(&at_once));
}

/// The same on a generated corpus (benches/make_corpus.py: many people meeting on the same
/// days, so misnamed-participant merges and their day buckets are exercised): 1,400 articles,
/// then 100 more, then 100 more, give the graph of one ingest of all 1,600.
#[test]
fn a_generated_corpus_ingested_in_parts_gives_the_graph_of_one_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let made = Command::new("python3")
        .arg(root().join("benches/make_corpus.py"))
        .args(["1600", corpus.to_str().unwrap(), "--seed", "3"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    let text = fs::read_to_string(&corpus).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let parts = [&lines[..1400], &lines[1400..1500], &lines[1500..]];
    let in_parts = dir.path().join("in-parts");
    for (i, part) in parts.iter().enumerate() {
        let file = dir.path().join(format!("part{i}.jsonl"));
        fs::write(&file, part.join("\n") + "\n").unwrap();
        ingest(&in_parts, &[file]);
    }
    let at_once = dir.path().join("at-once");
    ingest(&at_once, &[corpus]);
    assert_eq!(sorted_nquads(&in_parts), sorted_nquads(&at_once));
}

/// An ingest that died between storing articles and resolving them (simulated: articles
/// stored, resolution pending) is made good by the next ingest, whatever that one reads.
#[test]
fn the_ingest_after_an_interrupted_one_resolves_everything() {
    let dir = tempfile::tempdir().unwrap();
    let set = root().join("tests/sets/misspelt_names");
    // Stored by the interrupted ingest: an article about other people than the next one's.
    let other = root().join("tests/sets/wrong_year/b.txt");
    let interrupted = dir.path().join("interrupted");
    ingest(&interrupted, &[set.join("a.txt")]);
    {
        let store = GraphStore::open(&interrupted).unwrap();
        let extractor =
            readout::extract::Extractor::new(readout::rdf::knowledge::bundled_with(&[]).unwrap());
        let article = readout::article::read_file(&other, 1 << 20)
            .next()
            .unwrap()
            .unwrap();
        store.set_resolution_pending(true).unwrap();
        store
            .store_articles(&[extractor.extract(&article)])
            .unwrap();
    }
    ingest(&interrupted, &[set.join("c.txt")]);
    let at_once = dir.path().join("at-once");
    ingest(&at_once, &[set.join("a.txt"), other, set.join("c.txt")]);
    assert_eq!(sorted_nquads(&interrupted), sorted_nquads(&at_once));
}

#[test]
fn ingesting_later_articles_updates_the_resolution_incrementally() {
    let dir = tempfile::tempdir().unwrap();
    let one_by_one = dir.path().join("one-by-one");
    let at_once = dir.path().join("at-once");
    for file in ["a.txt", "b.txt", "c.txt"] {
        let path = format!("tests/sets/misspelt_names/{file}");
        ingest(&one_by_one, &[path]);
    }
    ingest(&at_once, &["tests/sets/misspelt_names"]);
    let calls = |store: &Path| stdout(&readout(store, &["query", "timeline", "--format", "csv"]));
    assert_eq!(calls(&one_by_one), calls(&at_once));
    assert_eq!(
        calls(&at_once).lines().count(),
        2,
        "one event: {}",
        calls(&at_once)
    );

    // Adding articles later updates only the events they touch, and gives the same graph as
    // ingesting everything at once.
    // (Article ids are file stems: these folders have no id in common.)
    for folder in ["examples/articles", "tests/fixtures"] {
        ingest(&one_by_one, &[folder]);
    }
    let fresh = dir.path().join("fresh");
    ingest(
        &fresh,
        &[
            "tests/sets/misspelt_names",
            "examples/articles",
            "tests/fixtures",
        ],
    );
    assert_eq!(sorted_nquads(&one_by_one), sorted_nquads(&fresh));
}

#[test]
fn query_parameters_are_bound_as_terms_not_spliced() {
    let (_dir, store) = ingested_examples();
    let out = readout(
        &store,
        &[
            "query",
            "initiators",
            "--param",
            "initiator=TR",
            "--format",
            "csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("moscow-brief"));
    // A value that would break out of the query if pasted into it stays a plain string.
    let hostile = "x\" } } DELETE WHERE { ?s ?p ?o } #";
    let out = readout(
        &store,
        &[
            "query",
            "--sparql",
            "SELECT ?v WHERE {}",
            "--param",
            &format!("v={hostile}"),
            "--format",
            "tsv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("DELETE WHERE"));
    assert!(stdout(&readout(&store, &["stats"])).contains("articles         5"));
}

#[test]
fn a_second_writer_is_told_the_store_is_in_use() {
    let (_dir, store) = ingested_examples();
    let _writer = GraphStore::open(&store).unwrap();
    let out = readout(&store, &["ingest", "examples/articles/paris-wire.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("in use by another readout process"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_store_of_another_layout_is_refused_with_advice() {
    let (_dir, store) = ingested_examples();
    {
        let writer = GraphStore::open(&store).unwrap();
        let update = "INSERT DATA { GRAPH <https://w3id.org/readout/graph/meta> { <https://w3id.org/readout/graph/meta> <https://w3id.org/readout/ontology#storeLayout> \"0\" } }";
        writer.update(update).unwrap();
        writer
            .update(&format!("DELETE DATA {{ GRAPH <https://w3id.org/readout/graph/meta> {{ <https://w3id.org/readout/graph/meta> <https://w3id.org/readout/ontology#storeLayout> \"{}\" }} }}", readout::store::LAYOUT_VERSION))
            .unwrap();
    }
    let out = readout(&store, &["stats"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("incompatible readout"),
        "{}",
        stderr(&out)
    );
}

/// An ingest killed with SIGKILL leaves only whole articles; running the same ingest again
/// completes it and gives the same graph as an uninterrupted run.
#[test]
fn an_ingest_killed_midway_leaves_whole_articles_and_completes_on_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let mut lines = String::new();
    let examples: Vec<String> = [
        "ankara-report",
        "moscow-brief",
        "paris-wire",
        "beijing-daily",
        "europe-digest",
    ]
    .iter()
    .map(|name| fs::read_to_string(root().join(format!("examples/articles/{name}.txt"))).unwrap())
    .collect();
    for i in 0..5000 {
        let text = &examples[i % examples.len()];
        lines
            .push_str(&serde_json::json!({"id": format!("copy-{i:05}"), "text": text}).to_string());
        lines.push('\n');
    }
    fs::write(&feed, lines).unwrap();
    let killed = dir.path().join("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_readout"))
        .arg("--store")
        .arg(&killed)
        .args(["ingest", feed.to_str().unwrap()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once the first batch is on disk (its bulk-loaded tables have joined the store),
    // so that some articles are stored and others are not yet.
    let started = std::time::Instant::now();
    let first_batch_stored = |dir: &Path| {
        let names: Vec<String> = fs::read_dir(dir).map_or(Vec::new(), |entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n.ends_with(".sst"))
                .collect()
        });
        let loading = names.iter().any(|n| n.starts_with("bulk-"));
        !loading && names.len() >= 3
    };
    while !first_batch_stored(&killed) && started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();

    // Whatever was stored is whole: every stored article has its reports, and every report
    // its participants and evidence.
    let store = GraphStore::open_read_only(&killed).unwrap();
    let broken = store
        .select(
            "PREFIX ro: <https://w3id.org/readout/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
             SELECT ?r WHERE { GRAPH ?g { ?r a ro:Report . FILTER NOT EXISTS { ?r ro:participation ?p . ?r ro:evidence ?e . ?r prov:wasDerivedFrom ?a . ?a ro:articleId ?id } } }",
        )
        .unwrap();
    assert!(broken.is_empty(), "half-written reports: {broken:?}");
    let per_article = store
        .select(
            "PREFIX ro: <https://w3id.org/readout/ontology#>
             SELECT ?g (COUNT(?r) AS ?n) WHERE { GRAPH ?g { ?r a ro:Report } } GROUP BY ?g",
        )
        .unwrap();
    for row in &per_article {
        let n: usize = row["n"].parse().unwrap();
        assert!(n == 2 || n == 1, "an article with {n} reports: {row:?}");
    }
    eprintln!(
        "killed after {} of 5000 articles were stored",
        per_article.len()
    );
    drop(store);

    ingest(&killed, &[&feed]);
    let whole = dir.path().join("whole");
    ingest(&whole, &[&feed]);
    assert_eq!(sorted_nquads(&killed), sorted_nquads(&whole));
}

#[test]
fn every_kind_of_bad_input_is_named_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    fs::create_dir_all(inputs.join("nested")).unwrap();
    fs::write(inputs.join("empty.txt"), "  \n").unwrap();
    fs::write(inputs.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    fs::write(
        inputs.join("records.jsonl"),
        "{\"id\": \"typed\", \"text\": 42}\n{\"text\": \"no id\"}\n{\"id\": \"blank\", \"text\": \"\"}\n",
    )
    .unwrap();
    fs::copy(
        root().join("examples/articles/paris-wire.txt"),
        inputs.join("nested/good.txt"),
    )
    .unwrap();
    // 50 MB in one article: over the default limit, refused without being read whole.
    fs::write(inputs.join("dump.txt"), "word ".repeat(10 << 20)).unwrap();
    // A JSON Lines record on one line of several MB, under the limit: read like any other.
    let long_line = format!(
        "{{\"id\": \"long\", \"published\": \"2024-03-06\", \"text\": \"{} German Chancellor Olaf Scholz spoke by phone with French President Emmanuel Macron on Tuesday.\"}}\n",
        "filler ".repeat(500_000)
    );
    fs::write(inputs.join("long.jsonl"), long_line).unwrap();
    // A symlink loop: a folder that contains a link to itself.
    std::os::unix::fs::symlink(&inputs, inputs.join("nested/loop")).unwrap();
    let missing = dir.path().join("missing.txt");
    let store = dir.path().join("store");
    let out = readout(
        &store,
        &[
            "ingest",
            inputs.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "something was skipped");
    let err = stderr(&out);
    for expected in [
        "empty.txt: empty article",
        "binary.txt: not UTF-8",
        "records.jsonl:1: invalid type: integer `42`",
        "records.jsonl:2: missing field `id`",
        "records.jsonl:3: \"text\" and \"title\" are empty",
        "missing.txt: cannot read",
        "dump.txt: an article of 50.0 MiB, over the limit of 16.0 MiB; split it, or raise the limit with --max-article-mb",
        "ingested 2 articles",
        "7 skipped",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    let stats = stdout(&readout(&store, &["stats"]));
    assert!(stats.contains("articles         2"), "{stats}");
    let calls = stdout(&readout(&store, &["query", "calls", "--format", "csv"]));
    assert!(calls.contains("emmanuel-macron--olaf-scholz"), "{calls}");
}
