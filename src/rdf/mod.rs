//! RDF: vocabulary, knowledge from Turtle, and the quads of extractions.

pub mod knowledge;
pub mod vocab;
