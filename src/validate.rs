//! `readout validate`: the store checked against SHACL shapes.
//!
//! In: a store and shapes in Turtle (`ontology/shapes.ttl` unless the user gives others).
//! Out: the violations, sorted: focus node, path, constraint component, message. The data
//! graph is the union of every graph in the store (articles, consolidated, ontology,
//! knowledge), so a report's link to its event and a participation's role class are checked
//! across graphs. Validation is rudof's SHACL Core implementation (crate `shacl`) over an
//! in-memory copy. Must not: change the store.

use oxigraph::io::RdfFormat;
use rudof_rdf::rdf_core::RDFFormat;
use rudof_rdf::rdf_impl::{OxigraphInMemory, ReaderMode};
use shacl::validator::processor::{GraphValidation, ShaclProcessor};
use shacl::validator::store::{Graph, ShaclDataManager};
use shacl::validator::{ShaclConfig, ShaclValidationMode};

use crate::store::{GraphStore, StoreError};

/// The shapes bundled with readout.
pub const SHAPES: &str = include_str!("../ontology/shapes.ttl");

/// One result of the validation report.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    pub focus: String,
    /// The property path (`^ro:reportOf` style for inverse paths); empty for node constraints.
    pub path: String,
    /// The constraint component IRI (`sh:MinCountConstraintComponent`, ...).
    pub component: String,
    /// `Violation`, `Warning` or `Info`.
    pub severity: String,
    /// The offending value, when there is one.
    pub value: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("{name}: not valid SHACL shapes: {message}")]
    Shapes { name: String, message: String },
    #[error("SHACL validation failed: {0}")]
    Validation(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Validates the whole store against `shapes` (Turtle; `name` is for messages).
pub fn validate(
    store: &GraphStore,
    shapes: &str,
    name: &str,
) -> Result<Vec<Violation>, ValidateError> {
    let schema = ShaclDataManager::load(
        &mut std::io::Cursor::new(shapes),
        name,
        &RDFFormat::Turtle,
        None,
    )
    .map_err(|e| ValidateError::Shapes {
        name: name.to_string(),
        message: e.to_string(),
    })?;
    let mut data = Vec::new();
    store.dump(RdfFormat::NTriples, &mut data)?;
    let graph = OxigraphInMemory::from_reader(
        &mut data.as_slice(),
        "store",
        &RDFFormat::NTriples,
        None,
        &ReaderMode::Strict,
    )
    .map_err(|e| ValidateError::Validation(e.to_string()))?;
    let report = GraphValidation::new(Graph::from(graph))
        .validate(
            &schema,
            &ShaclValidationMode::Native,
            &ShaclConfig::default(),
        )
        .map_err(|e| ValidateError::Validation(e.to_string()))?;
    let mut violations: Vec<Violation> = report
        .results()
        .iter()
        .map(|r| Violation {
            focus: r.focus_node().to_string(),
            path: r.path().map(ToString::to_string).unwrap_or_default(),
            component: r.constraint_component().to_string(),
            severity: format!("{:?}", r.severity()),
            value: r.value().map(ToString::to_string).unwrap_or_default(),
            message: r
                .message()
                .iter()
                .map(|(_, m)| m.clone())
                .next()
                .unwrap_or_default(),
        })
        .collect();
    violations.sort();
    violations.dedup();
    Ok(violations)
}
