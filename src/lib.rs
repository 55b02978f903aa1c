//! podgraph: podcast show notes in, a knowledge graph out.
pub mod error;
pub mod hosts;
pub mod ingest;
pub mod markup;
pub mod segment;
