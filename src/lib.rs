//! readout: news articles about contacts between government officials, as an RDF knowledge
//! graph.
//!
//! The pipeline, in module order: [`article`] (inputs) -> [`layout`] (page furniture) ->
//! [`segment`] (sentences) -> [`extract`] (mentions and per-article reports, using
//! [`knowledge`]) -> [`resolve`] (events across articles) -> [`rdf`] (quads) -> [`store`]
//! (Oxigraph on disk) -> [`query`] (bundled SPARQL) and [`export`] (RDF files, DOT).
//! [`output`] prints the JSON contract of `readout extract`.

pub mod article;
pub mod conflicts;
pub mod date;
pub mod export;
pub mod extract;
pub mod knowledge;
pub mod layout;
pub mod names;
pub mod output;
pub mod parallel;
pub mod query;
pub mod rdf;
pub mod remote;
pub mod resolve;
pub mod rules;
pub mod segment;
#[doc(hidden)]
pub mod selfcheck;
pub mod serve;
pub mod store;
#[cfg(feature = "validate")]
pub mod validate;
