//! Other stores over HTTP: `readout push` (SPARQL 1.1 Graph Store Protocol) and
//! `readout query --endpoint` (SPARQL 1.1 Protocol).
//!
//! In: the local store, or a query; a URL. Out: the named graphs written there one by one
//! (each replaced whole with `PUT ?graph=IRI`, so a push can be repeated), or the endpoint's
//! results. Must not: change the local store.

use std::io::Read;
use std::time::Duration;

use oxhttp::model::header::{self, HeaderName, HeaderValue};
use oxhttp::model::{Body, Method, Request};
use oxhttp::Client;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::QueryResults;

use crate::store::{GraphStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("{url}: {message}")]
    Http { url: String, message: String },
    #[error("{url}: the server answered {status} for graph <{graph}>: {body}")]
    Refused {
        url: String,
        graph: String,
        status: u16,
        body: String,
    },
    #[error("header {0:?}: give it as 'Name: value'")]
    BadHeader(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An HTTP client with the headers every request carries (authorisation, say).
pub struct Remote {
    client: Client,
    headers: Vec<(HeaderName, HeaderValue)>,
}

/// What a push wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pushed {
    pub graphs: usize,
    pub triples: usize,
}

impl Remote {
    /// `headers` as `Name: value` lines.
    pub fn new(headers: &[String]) -> Result<Remote, RemoteError> {
        let headers = headers
            .iter()
            .map(|h| {
                let (name, value) = h
                    .split_once(':')
                    .ok_or_else(|| RemoteError::BadHeader(h.clone()))?;
                Ok((
                    HeaderName::try_from(name.trim())
                        .map_err(|_| RemoteError::BadHeader(h.clone()))?,
                    HeaderValue::try_from(value.trim())
                        .map_err(|_| RemoteError::BadHeader(h.clone()))?,
                ))
            })
            .collect::<Result<_, RemoteError>>()?;
        Ok(Remote {
            client: Client::new()
                .with_global_timeout(Duration::from_secs(300))
                .with_user_agent(concat!("readout/", env!("CARGO_PKG_VERSION")))
                .expect("a valid user agent"),
            headers,
        })
    }

    fn send(
        &self,
        method: Method,
        url: &str,
        content_type: &str,
        accept: &str,
        body: Vec<u8>,
    ) -> Result<(u16, String, Vec<u8>), RemoteError> {
        let http = |message: String| RemoteError::Http {
            url: url.to_string(),
            message,
        };
        let mut request = Request::builder()
            .method(method)
            .uri(url)
            .header(header::ACCEPT, accept);
        if !content_type.is_empty() {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let request = request
            .body(Body::from(body))
            .map_err(|e| http(e.to_string()))?;
        let response = self.client.request(request).map_err(|e| {
            http(format!(
                "{e} (is the server running, and is this its address?)"
            ))
        })?;
        let status = response.status().as_u16();
        let media = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let mut bytes = Vec::new();
        response
            .into_body()
            .read_to_end(&mut bytes)
            .map_err(|e| http(e.to_string()))?;
        Ok((status, media, bytes))
    }

    /// Writes every named graph of the store to a Graph Store Protocol endpoint (`url`, e.g.
    /// `http://localhost:7878/store` for Oxigraph, `http://localhost:3030/ds/data` for Fuseki),
    /// replacing each graph of the same name there. `progress` hears (done, total).
    pub fn push(
        &self,
        store: &GraphStore,
        url: &str,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Pushed, RemoteError> {
        let graphs = store.graph_names()?;
        let mut pushed = Pushed::default();
        for (i, graph) in graphs.iter().enumerate() {
            let (body, triples) = store.graph_ntriples(graph)?;
            let target = with_param(url, "graph", graph);
            let (status, _, answer) =
                self.send(Method::PUT, &target, "application/n-triples", "*/*", body)?;
            if !(200..300).contains(&status) {
                return Err(RemoteError::Refused {
                    url: url.to_string(),
                    graph: graph.clone(),
                    status,
                    body: String::from_utf8_lossy(&answer)
                        .trim()
                        .chars()
                        .take(500)
                        .collect(),
                });
            }
            pushed.graphs += 1;
            pushed.triples += triples;
            progress(i + 1, graphs.len());
        }
        Ok(pushed)
    }

    /// Runs a query at a SPARQL 1.1 Protocol endpoint. Solutions and booleans come back as
    /// [`QueryResults`]; graphs as N-Triples text.
    pub fn query(&self, endpoint: &str, sparql: &str) -> Result<Answer, RemoteError> {
        let (status, media, body) = self.send(
            Method::POST,
            endpoint,
            "application/sparql-query",
            "application/sparql-results+json, application/n-triples;q=0.9",
            sparql.as_bytes().to_vec(),
        )?;
        let http = |message: String| RemoteError::Http {
            url: endpoint.to_string(),
            message,
        };
        if !(200..300).contains(&status) {
            return Err(http(format!(
                "the endpoint answered {status}: {}",
                String::from_utf8_lossy(&body).trim()
            )));
        }
        if media.starts_with("application/sparql-results+json")
            || media.starts_with("application/json")
        {
            let parsed = QueryResultsParser::from_format(QueryResultsFormat::Json)
                .for_reader(std::io::Cursor::new(body))
                .map_err(|e| http(format!("unreadable results: {e}")))?;
            Ok(Answer::Results(QueryResults::from(parsed)))
        } else {
            Ok(Answer::Triples(String::from_utf8_lossy(&body).into_owned()))
        }
    }
}

/// What an endpoint answered.
pub enum Answer {
    Results(QueryResults<'static>),
    /// N-Triples.
    Triples(String),
}

/// `url` with one more query parameter.
pub fn with_param(url: &str, name: &str, value: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{name}={}", percent_encode(value))
}

/// Percent-encodes all but unreserved characters (RFC 3986).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_names_are_encoded_into_the_url() {
        assert_eq!(
            with_param("http://h/store", "graph", "https://w3id.org/x#y z"),
            "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fx%23y%20z"
        );
        assert_eq!(
            with_param("http://h/ds?a=1", "graph", "é"),
            "http://h/ds?a=1&graph=%C3%A9"
        );
    }

    #[test]
    fn headers_must_have_a_name_and_a_value() {
        assert!(Remote::new(&["Authorization: Bearer x".into()]).is_ok());
        assert!(matches!(
            Remote::new(&["no colon".into()]),
            Err(RemoteError::BadHeader(_))
        ));
    }
}
