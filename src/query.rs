//! Bundled SPARQL queries and the formatting of query results.
//!
//! In: a query name, a `.rq` file's text or inline SPARQL; query results. Out: the query text
//! (bundled queries are compiled in from `queries/*.rq`), and results written as an aligned
//! table, CSV, TSV, SPARQL JSON or SPARQL XML to any writer. Must not: open stores or files.

use std::io::Write;

use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

use crate::store::StoreError;

/// A query shipped with readout.
pub struct Bundled {
    pub name: &'static str,
    pub text: &'static str,
}

impl Bundled {
    /// The first line of the query's header comment, without its name.
    pub fn summary(&self) -> &'static str {
        let first = self
            .text
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches('#')
            .trim();
        first
            .strip_prefix(self.name)
            .map_or(first, |rest| rest.trim_start_matches(':').trim())
    }
}

pub const BUNDLED: &[Bundled] = &[
    Bundled {
        name: "calls",
        text: include_str!("../queries/calls.rq"),
    },
    Bundled {
        name: "initiators",
        text: include_str!("../queries/initiators.rq"),
    },
    Bundled {
        name: "disagreements",
        text: include_str!("../queries/disagreements.rq"),
    },
    Bundled {
        name: "people",
        text: include_str!("../queries/people.rq"),
    },
    Bundled {
        name: "timeline",
        text: include_str!("../queries/timeline.rq"),
    },
    Bundled {
        name: "sources",
        text: include_str!("../queries/sources.rq"),
    },
];

pub fn bundled(name: &str) -> Option<&'static Bundled> {
    BUNDLED.iter().find(|q| q.name == name)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

/// Writes query results. Graph results (CONSTRUCT/DESCRIBE) are written as N-Triples whatever
/// the format.
pub fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    mut out: impl Write,
) -> Result<(), StoreError> {
    let io = |e: std::io::Error| StoreError::Write(e.to_string());
    let eval = |e: oxigraph::sparql::QueryEvaluationError| StoreError::Evaluation(e.to_string());
    match results {
        QueryResults::Graph(triples) => {
            for triple in triples {
                writeln!(out, "{} .", triple.map_err(eval)?).map_err(io)?;
            }
            Ok(())
        }
        QueryResults::Boolean(value) if format == ResultFormat::Table => {
            writeln!(out, "{value}").map_err(io)
        }
        QueryResults::Boolean(value) => {
            QueryResultsSerializer::from_format(serializer_format(format))
                .serialize_boolean_to_writer(out, value)
                .map_err(io)?;
            Ok(())
        }
        QueryResults::Solutions(solutions) if format == ResultFormat::Table => {
            let variables: Vec<String> = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            let mut rows = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(eval)?;
                rows.push(
                    variables
                        .iter()
                        .map(|v| solution.get(v.as_str()).map(cell).unwrap_or_default())
                        .collect::<Vec<_>>(),
                );
            }
            write_table(&variables, &rows, out).map_err(io)
        }
        QueryResults::Solutions(solutions) => {
            let mut writer = QueryResultsSerializer::from_format(serializer_format(format))
                .serialize_solutions_to_writer(out, solutions.variables().to_vec())
                .map_err(io)?;
            for solution in solutions {
                writer.serialize(&solution.map_err(eval)?).map_err(io)?;
            }
            writer.finish().map_err(io)?;
            Ok(())
        }
    }
}

fn serializer_format(format: ResultFormat) -> QueryResultsFormat {
    match format {
        ResultFormat::Csv => QueryResultsFormat::Csv,
        ResultFormat::Tsv => QueryResultsFormat::Tsv,
        ResultFormat::Xml => QueryResultsFormat::Xml,
        ResultFormat::Json | ResultFormat::Table => QueryResultsFormat::Json,
    }
}

/// A term for humans: IRIs shortened with the usual prefixes, literals as their value.
pub fn cell(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => shorten(n.as_str()),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

fn shorten(iri: &str) -> String {
    crate::rdf::vocab::PREFIXES
        .iter()
        .find_map(|(prefix, ns)| iri.strip_prefix(ns).map(|rest| format!("{prefix}:{rest}")))
        .unwrap_or_else(|| iri.to_string())
}

/// An aligned text table; cells longer than 80 characters are cut with an ellipsis.
pub fn write_table(
    headers: &[String],
    rows: &[Vec<String>],
    mut out: impl Write,
) -> std::io::Result<()> {
    let clip = |s: &str| -> String {
        let flat = s.replace(['\n', '\t'], " ");
        if flat.chars().count() > 80 {
            flat.chars().take(79).chain(['…']).collect()
        } else {
            flat
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clip(c)).collect())
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(headers))?;
    writeln!(
        out,
        "{}",
        line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>())
    )?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_query_parses_and_says_what_it_answers() {
        for q in BUNDLED {
            let _ = oxigraph::sparql::SparqlEvaluator::new()
                .parse_query(q.text)
                .unwrap_or_else(|e| panic!("{}: {e}", q.name));
            assert!(q.text.starts_with(&format!("# {}:", q.name)), "{}", q.name);
            assert!(q.text.contains("# Columns:"), "{}", q.name);
            assert!(!q.summary().is_empty());
        }
    }

    #[test]
    fn every_query_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rq") {
                let stem = path.file_stem().unwrap().to_str().unwrap();
                assert!(bundled(stem).is_some(), "{stem}.rq is not registered");
            }
        }
    }
}
