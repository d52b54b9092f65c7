//! RDF: vocabulary, IRI minting, knowledge from Turtle, and the quads of extractions.

pub mod iri;
pub mod knowledge;
pub mod quads;
pub mod vocab;
