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

/// A child process killed when the test ends, however it ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A loopback port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something accepts connections on the port (a server starting).
fn wait_for(port: u16, server: &mut Running) {
    for _ in 0..300 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        assert!(
            server.0.try_wait().unwrap().is_none(),
            "the server exited before listening"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("nothing listens on port {port} after 15 s");
}

/// One HTTP/1.1 exchange over a plain socket (no client library between the test and the
/// server): status, headers (lower-cased names), body.
fn http(port: u16, request: &str) -> (u16, Vec<(String, String)>, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, body.to_string())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn bundled_query_names(store: &Path) -> Vec<String> {
    stdout(&readout(store, &["queries"]))
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// A query's CSV rows, sorted (engines may order rows of equal sort keys differently).
fn sorted_rows(csv: &str) -> Vec<String> {
    let mut rows: Vec<String> = csv.lines().map(str::to_string).collect();
    rows.sort();
    rows
}

/// Every bundled query gives the same rows at the endpoint as on the local store.
fn same_answers_at(store: &Path, url: &str) {
    for name in bundled_query_names(store) {
        let local = readout(store, &["query", &name, "--format", "csv"]);
        let remote = readout(
            store,
            &["query", &name, "--format", "csv", "--endpoint", url],
        );
        assert!(remote.status.success(), "{name}: {}", stderr(&remote));
        assert_eq!(
            sorted_rows(&stdout(&remote)),
            sorted_rows(&stdout(&local)),
            "{name}"
        );
    }
}

#[test]
fn serve_answers_the_sparql_protocol_read_only() {
    let (_dir, store) = ingested_examples();
    let port = free_port();
    let mut server = Running(
        Command::new(env!("CARGO_BIN_EXE_readout"))
            .arg("--store")
            .arg(&store)
            .args(["serve", "--cors", "--bind", &format!("127.0.0.1:{port}")])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for(port, &mut server);
    let close = "Connection: close\r\n";

    // GET with a URL-encoded query and an Accept header.
    let (status, headers, body) = http(
        port,
        &format!("GET /query?query=ASK%20%7B%20GRAPH%20%3Fg%20%7B%20%3Fs%20a%20%3Chttps%3A%2F%2Fschema.org%2FPerson%3E%20%7D%20%7D HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+xml\r\n{close}\r\n"),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        header(&headers, "content-type"),
        Some("application/sparql-results+xml")
    );
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    assert!(body.contains("<boolean>true</boolean>"), "{body}");

    // POST a form; CSV chosen by q-values.
    let form = "query=SELECT+%3Fname+WHERE+%7B+GRAPH+%3Fg+%7B+%3Fp+%3Chttps%3A%2F%2Fschema.org%2Fname%3E+%3Fname+%7D+%7D+ORDER+BY+%3Fname+LIMIT+1";
    let (status, headers, body) = http(
        port,
        &format!("POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: application/json;q=0.5, text/csv\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n{close}\r\n{form}", form.len()),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(header(&headers, "content-type"), Some("text/csv"));
    assert!(body.starts_with("name\r\n"), "{body}");

    // CONSTRUCT as N-Triples from a sparql-query body.
    let construct = "CONSTRUCT { ?e a ?t } WHERE { GRAPH ?g { ?e a ?t } } LIMIT 3";
    let (status, headers, body) = http(
        port,
        &format!("POST /query HTTP/1.1\r\nHost: x\r\nAccept: application/n-triples\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\n{close}\r\n{construct}", construct.len()),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        header(&headers, "content-type"),
        Some("application/n-triples")
    );
    assert_eq!(body.lines().count(), 3, "{body}");

    // Refusals: updates, unacceptable formats, bad syntax; the CORS preflight.
    let update = "update=CLEAR+ALL";
    let (status, _, _) = http(
        port,
        &format!("POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n{close}\r\n{update}", update.len()),
    );
    assert_eq!(status, 403);
    let (status, _, _) = http(
        port,
        &format!(
            "GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: image/png\r\n{close}\r\n"
        ),
    );
    assert_eq!(status, 406);
    let (status, _, body) = http(
        port,
        &format!("GET /query?query=SELEC HTTP/1.1\r\nHost: x\r\n{close}\r\n"),
    );
    assert_eq!(status, 400);
    assert!(body.contains("SPARQL syntax error"), "{body}");
    let (status, headers, _) = http(
        port,
        &format!("OPTIONS /query HTTP/1.1\r\nHost: x\r\nOrigin: http://elsewhere\r\nAccess-Control-Request-Method: POST\r\n{close}\r\n"),
    );
    assert_eq!(status, 204);
    assert!(header(&headers, "access-control-allow-headers")
        .is_some_and(|m| m.contains("Content-Type")));
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));

    // Every bundled query gives the same rows over HTTP (readout's own client) as locally.
    let url = format!("http://127.0.0.1:{port}/query");
    same_answers_at(&store, &url);
    // The store stays unchanged: the endpoint is read-only.
    drop(server);
    assert!(readout(&store, &["stats"]).status.success());
}

#[test]
fn push_to_an_oxigraph_server_gives_the_same_answers_there() {
    let Some(oxigraph) = tool("READOUT_OXIGRAPH", "oxigraph") else {
        return;
    };
    let (dir, store) = ingested_examples();
    let port = free_port();
    let mut server = Running(
        Command::new(oxigraph)
            .args(["serve", "--location"])
            .arg(dir.path().join("server"))
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for(port, &mut server);
    let graph_store = format!("http://127.0.0.1:{port}/store");
    let graphs = stdout(&readout(
        &store,
        &[
            "query",
            "--sparql",
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--format",
            "csv",
        ],
    ));
    let graphs = graphs.lines().nth(1).unwrap().to_string();
    for _ in 0..2 {
        // Twice: a second push replaces each graph, it does not add to it.
        let out = readout(&store, &["push", "--endpoint", &graph_store]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("pushed {graphs} graphs")),
            "{}",
            stderr(&out)
        );
    }
    let url = format!("http://127.0.0.1:{port}/query");
    let count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let there = readout(
        &store,
        &[
            "query",
            "--sparql",
            count,
            "--format",
            "csv",
            "--endpoint",
            &url,
        ],
    );
    let here = readout(&store, &["query", "--sparql", count, "--format", "csv"]);
    assert_eq!(stdout(&there), stdout(&here), "{}", stderr(&there));
    same_answers_at(&store, &url);
    // A server that refuses says so, naming the graph.
    let out = readout(
        &store,
        &[
            "push",
            "--endpoint",
            &format!("http://127.0.0.1:{port}/nothing-here"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the server answered 404 for graph <"),
        "{}",
        stderr(&out)
    );
    drop(server);
    let out = readout(&store, &["push", "--endpoint", &graph_store]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is the server running"),
        "{}",
        stderr(&out)
    );
}

/// Breaks an ingested store in six ways the shapes forbid (a report of a contact that has
/// another report loses its event; an evidence starts after its end; an article gets a second
/// id; a report a second, unknown kind and a date that is no date; a person two English names).
const BREAK: &str = r#"
PREFIX ro: <https://w3id.org/readout/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
DELETE { GRAPH <https://w3id.org/readout/graph/consolidated> { <https://w3id.org/readout/id/article/ankara-report/report/2024-10-07/recep-tayyip-erdogan--vladimir-putin> ro:reportOf ?e } }
WHERE { GRAPH <https://w3id.org/readout/graph/consolidated> { <https://w3id.org/readout/id/article/ankara-report/report/2024-10-07/recep-tayyip-erdogan--vladimir-putin> ro:reportOf ?e } } ;
DELETE { GRAPH ?g { <https://w3id.org/readout/id/article/ankara-report/report/2024-10-08/hakan-fidan--sergey-lavrov/evidence/0-47> ro:start ?s } }
INSERT { GRAPH ?g { <https://w3id.org/readout/id/article/ankara-report/report/2024-10-08/hakan-fidan--sergey-lavrov/evidence/0-47> ro:start 900 } }
WHERE { GRAPH ?g { <https://w3id.org/readout/id/article/ankara-report/report/2024-10-08/hakan-fidan--sergey-lavrov/evidence/0-47> ro:start ?s } } ;
INSERT DATA { GRAPH <https://w3id.org/readout/graph/article/ankara-report> {
  <https://w3id.org/readout/id/article/ankara-report> ro:articleId "ankara-report-2" .
  <https://w3id.org/readout/id/article/ankara-report/report/2024-10-08/hakan-fidan--sergey-lavrov> ro:kind ro:Phone ;
      ro:statedDate "yesterday" .
  <https://w3id.org/readout/id/person/nobody> a schema:Person ; skos:prefLabel "No Body"@en, "Nobody"@en .
} }
"#;

/// The violations BREAK causes: focus node, path, constraint component (local names).
const BROKEN: &[&str] = &[
    "article/ankara-report articleId MaxCountConstraintComponent",
    "article/ankara-report/report/2024-10-07/recep-tayyip-erdogan--vladimir-putin reportOf MinCountConstraintComponent",
    "article/ankara-report/report/2024-10-08/hakan-fidan--sergey-lavrov kind InConstraintComponent",
    "article/ankara-report/report/2024-10-08/hakan-fidan--sergey-lavrov kind MaxCountConstraintComponent",
    "article/ankara-report/report/2024-10-08/hakan-fidan--sergey-lavrov statedDate MaxCountConstraintComponent",
    "article/ankara-report/report/2024-10-08/hakan-fidan--sergey-lavrov statedDate OrConstraintComponent",
    "article/ankara-report/report/2024-10-08/hakan-fidan--sergey-lavrov/evidence/0-47 start LessThanOrEqualsConstraintComponent",
    "person/nobody prefLabel UniqueLangConstraintComponent",
];

/// "focus path component" lines with IRIs cut to what follows `/id/` or `#`.
fn short_violations(lines: &str) -> Vec<String> {
    let short = |term: &str| -> String {
        let term = term.trim_matches(['<', '>']);
        match term.split_once("/id/") {
            Some((_, rest)) => rest.to_string(),
            None => term.rsplit(['#', '/']).next().unwrap_or(term).to_string(),
        }
    };
    let mut out: Vec<String> = lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split_whitespace()
                .take(3)
                .map(short)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn validate_passes_ingested_articles_and_names_each_violation_of_a_broken_graph() {
    let (dir, store) = ingested_examples();
    let out = readout(&store, &["validate"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stderr(&out).contains("conforms"), "{}", stderr(&out));

    readout::store::GraphStore::open(&store)
        .unwrap()
        .update(BREAK)
        .unwrap();
    let out = readout(&store, &["validate", "--format", "tsv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("violations"), "{}", stderr(&out));
    let found = short_violations(&stdout(&out).replace('\t', " "));
    assert_eq!(found, BROKEN, "readout validate");

    // pySHACL, on the same data and shapes, finds the same.
    let Some(python) = python() else { return };
    let nquads = dir.path().join("broken.nq");
    let export = readout(
        &store,
        &[
            "export",
            "--format",
            "nquads",
            "-o",
            nquads.to_str().unwrap(),
        ],
    );
    assert!(export.status.success());
    let shapes = root().join("ontology/shapes.ttl");
    let pyshacl = rdf_check(
        &python,
        &["shacl", nquads.to_str().unwrap(), shapes.to_str().unwrap()],
    );
    assert_eq!(short_violations(&pyshacl), BROKEN, "pySHACL");
}
