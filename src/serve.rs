//! `readout serve`: the store as a read-only SPARQL 1.1 Protocol endpoint.
//!
//! In: an open store and HTTP requests. Out: query results in the negotiated format.
//! - `GET /query?query=...` and `POST /query` (body `application/sparql-query`, or a form
//!   `application/x-www-form-urlencoded` with `query=`); `default-graph-uri` and
//!   `named-graph-uri` parameters set the dataset. `/sparql` is the same endpoint.
//! - SELECT/ASK answer SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE answer Turtle
//!   (default), N-Triples, RDF/XML, JSON-LD, TriG or N-Quads; chosen by `Accept` (q-values
//!   honoured), else 406.
//! - Updates are refused (403): the endpoint is read-only. With CORS on, every answer carries
//!   `Access-Control-Allow-Origin: *` and preflight `OPTIONS` requests are answered.
//!
//! Must not: write to the store.

use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use oxhttp::model::header::{self, HeaderValue};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxhttp::Server;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

use crate::store::{GraphStore, StoreError};

/// Largest request body accepted (a query, or a form holding one).
const MAX_BODY: u64 = 1 << 20;

/// How the endpoint answers.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Answer browsers on other origins (CORS).
    pub cors: bool,
}

/// Serves the store at `address` until the process ends.
pub fn serve(store: GraphStore, address: SocketAddr, options: Options) -> std::io::Result<()> {
    let store = Arc::new(store);
    Server::new(move |request| {
        let mut response = handle(&store, request, options);
        if options.cors {
            response.headers_mut().insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
        }
        response
    })
    .bind(address)
    .with_server_name(concat!("readout/", env!("CARGO_PKG_VERSION")))
    .map_err(std::io::Error::other)?
    .with_global_timeout(Duration::from_secs(60))
    .with_max_concurrent_connections(64)
    .spawn()?
    .join()
}

fn handle(store: &GraphStore, request: &mut Request<Body>, options: Options) -> Response<Body> {
    let path = request.uri().path().to_string();
    match (request.method().clone(), path.as_str()) {
        // No Access-Control-Allow-Methods: oxhttp does not send it, and browsers then allow
        // GET and POST, which is all this endpoint takes. Content-Type must be allowed for
        // application/sparql-query bodies.
        (Method::OPTIONS, _) if options.cors => Response::builder()
            .status(StatusCode::NO_CONTENT)
            .header(header::ACCESS_CONTROL_ALLOW_HEADERS, "Accept, Content-Type")
            .header(header::ACCESS_CONTROL_MAX_AGE, "86400")
            .body(Body::empty())
            .expect("valid response"),
        (Method::GET, "/") => text(
            StatusCode::OK,
            "readout SPARQL endpoint (read-only): GET or POST /query with a SPARQL 1.1 query.\n",
        ),
        (Method::GET, "/query" | "/sparql") => {
            let params = form(request.uri().query().unwrap_or(""));
            query(store, request, &params)
        }
        (Method::POST, "/query" | "/sparql") => {
            let content_type = request
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let mut body = String::new();
            if let Err(e) = request
                .body_mut()
                .take(MAX_BODY + 1)
                .read_to_string(&mut body)
            {
                return text(StatusCode::BAD_REQUEST, &format!("unreadable body: {e}\n"));
            }
            if body.len() as u64 > MAX_BODY {
                return text(StatusCode::PAYLOAD_TOO_LARGE, "request body over 1 MiB\n");
            }
            let mut params = form(request.uri().query().unwrap_or(""));
            match content_type.as_str() {
                "application/sparql-query" => params.push(("query".into(), body)),
                "application/x-www-form-urlencoded" => params.extend(form(&body)),
                "application/sparql-update" => return read_only(),
                other => {
                    return text(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        &format!(
                            "content type {other:?}: send application/sparql-query or a form\n"
                        ),
                    )
                }
            }
            if params.iter().any(|(k, _)| k == "update") {
                return read_only();
            }
            query(store, request, &params)
        }
        (Method::GET | Method::POST, "/update") => read_only(),
        (Method::GET | Method::POST, _) => {
            text(StatusCode::NOT_FOUND, "not found; the endpoint is /query\n")
        }
        _ => text(StatusCode::METHOD_NOT_ALLOWED, "use GET or POST\n"),
    }
}

fn read_only() -> Response<Body> {
    text(
        StatusCode::FORBIDDEN,
        "this endpoint is read-only; change the store with `readout ingest`\n",
    )
}

fn text(status: StatusCode, body: &str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(body.to_string()))
        .expect("valid response")
}

/// `application/x-www-form-urlencoded` pairs (also a URL's query string).
pub fn form(encoded: &str) -> Vec<(String, String)> {
    encoded
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// Decodes `+` and `%XX`; a `%` not followed by two hex digits is kept as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query(
    store: &GraphStore,
    request: &Request<Body>,
    params: &[(String, String)],
) -> Response<Body> {
    let values = |name: &str| -> Vec<String> {
        params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let queries = values("query");
    let [sparql] = queries.as_slice() else {
        return text(
            StatusCode::BAD_REQUEST,
            "give exactly one query parameter\n",
        );
    };
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*")
        .to_string();
    let results = match store.query_dataset(
        sparql,
        &values("default-graph-uri"),
        &values("named-graph-uri"),
    ) {
        Ok(results) => results,
        Err(e @ StoreError::Syntax(_)) => return text(StatusCode::BAD_REQUEST, &format!("{e}\n")),
        Err(e) => return text(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e}\n")),
    };
    let written = match results {
        QueryResults::Graph(triples) => {
            let Some((media, format)) = negotiate(&accept, GRAPH_FORMATS) else {
                return not_acceptable(GRAPH_FORMATS);
            };
            let mut serializer = RdfSerializer::from_format(format).for_writer(Vec::new());
            let mut failed = None;
            for triple in triples {
                match triple {
                    Ok(t) => {
                        if let Err(e) = serializer.serialize_triple(&t) {
                            failed = Some(e.to_string());
                            break;
                        }
                    }
                    Err(e) => {
                        failed = Some(e.to_string());
                        break;
                    }
                }
            }
            match failed {
                Some(e) => Err(e),
                None => serializer
                    .finish()
                    .map(|b| (media, b))
                    .map_err(|e| e.to_string()),
            }
        }
        QueryResults::Boolean(value) => {
            let Some((media, format)) = negotiate(&accept, RESULT_FORMATS) else {
                return not_acceptable(RESULT_FORMATS);
            };
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(Vec::new(), value)
                .map(|b| (media, b))
                .map_err(|e| e.to_string())
        }
        QueryResults::Solutions(solutions) => {
            let Some((media, format)) = negotiate(&accept, RESULT_FORMATS) else {
                return not_acceptable(RESULT_FORMATS);
            };
            (|| {
                let mut writer = QueryResultsSerializer::from_format(format)
                    .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
                    .map_err(|e| e.to_string())?;
                for solution in solutions {
                    writer
                        .serialize(&solution.map_err(|e| e.to_string())?)
                        .map_err(|e| e.to_string())?;
                }
                writer
                    .finish()
                    .map(|b| (media, b))
                    .map_err(|e| e.to_string())
            })()
        }
    };
    match written {
        Ok((media, bytes)) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, media)
            .header(header::VARY, "Accept")
            .body(Body::from(bytes))
            .expect("valid response"),
        Err(e) => text(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e}\n")),
    }
}

const RESULT_FORMATS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ("application/json", QueryResultsFormat::Json),
    ("application/xml", QueryResultsFormat::Xml),
];

const GRAPH_FORMATS: &[(&str, RdfFormat)] = &[
    ("text/turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("application/rdf+xml", RdfFormat::RdfXml),
    (
        "application/ld+json",
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    ),
    ("application/trig", RdfFormat::TriG),
    ("application/n-quads", RdfFormat::NQuads),
    ("text/plain", RdfFormat::NTriples),
];

fn not_acceptable<T>(offers: &[(&str, T)]) -> Response<Body> {
    let names: Vec<&str> = offers.iter().map(|(m, _)| *m).collect();
    text(
        StatusCode::NOT_ACCEPTABLE,
        &format!(
            "no acceptable format; this answer can be {}\n",
            names.join(", ")
        ),
    )
}

/// The offer an `Accept` header prefers: the highest q-value, then the most specific range,
/// then the order of `offers` (its first entry is the default for `*/*`).
pub fn negotiate<T: Copy>(accept: &str, offers: &[(&'static str, T)]) -> Option<(&'static str, T)> {
    let ranges: Vec<(String, f32, u8)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            if media.is_empty() {
                return None;
            }
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let specificity = match media.as_str() {
                "*/*" => 0,
                m if m.ends_with("/*") => 1,
                _ => 2,
            };
            Some((media, q, specificity))
        })
        .collect();
    let ranges = if ranges.is_empty() {
        vec![("*/*".to_string(), 1.0, 0)]
    } else {
        ranges
    };
    let mut best: Option<(f32, u8, usize)> = None;
    for (i, (media, _)) in offers.iter().enumerate() {
        let kind = media.split('/').next().unwrap_or("");
        // The most specific range that matches this offer sets its q-value.
        let matched = ranges
            .iter()
            .filter(|(range, _, s)| {
                *s == 0 || range == media || (*s == 1 && range.strip_suffix("/*") == Some(kind))
            })
            .max_by_key(|(_, _, s)| *s);
        let Some(&(_, q, specificity)) = matched else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        let better = best.is_none_or(|(bq, bs, _)| q > bq || (q == bq && specificity > bs));
        if better {
            best = Some((q, specificity, i));
        }
    }
    best.map(|(_, _, i)| offers[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERS: &[(&str, u8)] = &[("application/json", 0), ("text/csv", 1), ("text/plain", 2)];

    #[test]
    fn accept_headers_choose_by_q_value_then_specificity_then_order() {
        assert_eq!(negotiate("", OFFERS), Some(("application/json", 0)));
        assert_eq!(negotiate("*/*", OFFERS), Some(("application/json", 0)));
        assert_eq!(negotiate("text/csv", OFFERS), Some(("text/csv", 1)));
        assert_eq!(negotiate("text/*", OFFERS), Some(("text/csv", 1)));
        assert_eq!(
            negotiate("text/csv;q=0.5, text/plain", OFFERS),
            Some(("text/plain", 2))
        );
        assert_eq!(
            negotiate("*/*;q=0.1, text/csv", OFFERS),
            Some(("text/csv", 1))
        );
        assert_eq!(
            negotiate("text/*, text/csv;q=0", OFFERS),
            Some(("text/plain", 2))
        );
        assert_eq!(negotiate("image/png", OFFERS), None);
    }

    #[test]
    fn forms_decode_plus_percent_and_odd_input() {
        assert_eq!(
            form("query=SELECT+%3Fs%20WHERE+%7B%7D&default-graph-uri=&x"),
            vec![
                ("query".to_string(), "SELECT ?s WHERE {}".to_string()),
                ("default-graph-uri".to_string(), String::new()),
                ("x".to_string(), String::new()),
            ]
        );
        assert_eq!(
            form("a=100%&b=%e2%82%ac%zz"),
            vec![
                ("a".to_string(), "100%".to_string()),
                ("b".to_string(), "€%zz".to_string()),
            ]
        );
    }
}
