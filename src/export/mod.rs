//! Export: the knowledge graph in, files other tools read out.
//!
//! One module per format, each writing to any `io::Write`; the binary chooses the file and
//! writes it atomically. Exporters only read the graph.

pub mod dot;
pub mod json;
pub mod related;
pub mod topics;
