//! Export: the knowledge graph (or a selection of it) in, files other tools read out.
//!
//! Every format is one [`Exporter`] in [`FORMATS`], which `build --format` and
//! `podgraph export --format` iterate: a new format is one file here and one line in that table.
//! Exporters only read the graph and write to any `io::Write`; the binary chooses the files and
//! writes them atomically. The property-graph formats (GraphML, GEXF, Cytoscape, CSV) write the
//! neutral [`view::PropertyGraph`], so another graph (the topic graph) is exported by building
//! its view and calling [`Exporter::write_view`]:
//!
//! ```
//! use podgraph::export::{self, view::{PNode, PropertyGraph}};
//! let view = PropertyGraph {
//!     name: "topics".into(),
//!     nodes: vec![PNode { id: "package:pytest".into(), kind: "package".into(), ..PNode::default() }],
//!     edges: Vec::new(),
//! };
//! let mut out = Vec::new();
//! export::format("graphml").unwrap().write_view(&view, "", &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains("package:pytest"));
//! ```

pub mod cytoscape;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod neo4j;
pub mod related;
pub mod rss;
pub mod select;
pub mod topics;
pub mod view;
mod xml;

use std::io::{self, Write};
use std::sync::OnceLock;

use crate::graph::KnowledgeGraph;
use select::Selection;
use view::PropertyGraph;

/// One output format.
pub trait Exporter: Sync {
    /// The `--format` name (`graphml`).
    fn name(&self) -> &'static str;

    /// The file extension; `build` writes a one-file format to `graph.<extension>`.
    fn extension(&self) -> &'static str;

    /// The files of a format that writes a folder (`nodes.csv`, `relationships.csv`); empty for
    /// a one-file format, whose one part is named `""`.
    fn parts(&self) -> &'static [&'static str] {
        &[]
    }

    /// Writes one part of the selected knowledge graph. The default writes its view.
    fn write(&self, source: &Source, part: &str, out: &mut dyn Write) -> io::Result<()> {
        self.write_view(source.view(), part, out)
    }

    /// Writes one part of any graph given as a view.
    fn write_view(&self, view: &PropertyGraph, part: &str, out: &mut dyn Write) -> io::Result<()>;
}

/// What the exporters write: a knowledge graph and the selection of it, with the view of that
/// selection made once, on first use, for every format and part that asks (from any thread).
pub struct Source<'a> {
    pub graph: &'a KnowledgeGraph,
    pub selection: &'a Selection,
    view: OnceLock<PropertyGraph>,
}

impl<'a> Source<'a> {
    pub fn new(graph: &'a KnowledgeGraph, selection: &'a Selection) -> Source<'a> {
        Source {
            graph,
            selection,
            view: OnceLock::new(),
        }
    }

    pub fn view(&self) -> &PropertyGraph {
        self.view
            .get_or_init(|| PropertyGraph::of(self.graph, self.selection))
    }
}

/// Every format, in the order `--help` lists them.
pub const FORMATS: &[&dyn Exporter] = &[
    &json::Json,
    &dot::Dot,
    &graphml::GraphMl,
    &gexf::Gexf,
    &cytoscape::Cytoscape,
    &neo4j::Csv,
];

/// The formats `build` writes when not told.
pub const DEFAULT_FORMATS: &[&str] = &["json", "dot"];

/// The format of that `--format` name.
pub fn format(name: &str) -> Option<&'static dyn Exporter> {
    FORMATS.iter().copied().find(|f| f.name() == name)
}

/// The files `build` writes for a format, relative to its output folder, each with the part
/// that goes into it: `graph.<extension>`, or `<name>/<part>` for a folder format.
pub fn build_files(format: &dyn Exporter) -> Vec<(String, &'static str)> {
    if format.parts().is_empty() {
        return vec![(format!("graph.{}", format.extension()), "")];
    }
    let folder = format.name();
    format
        .parts()
        .iter()
        .map(|part| (format!("{folder}/{part}"), *part))
        .collect()
}

/// Checks that a one-file format is asked for its one part, `""`.
fn one_part(format: &str, part: &str) -> io::Result<()> {
    match part {
        "" => Ok(()),
        _ => Err(no_such_part(format, part)),
    }
}

/// An error for a part a format does not have.
fn no_such_part(format: &str, part: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{format} has no part {part:?}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_found_by_name_and_has_files() {
        let cases = [
            ("json", vec!["graph.json"]),
            ("dot", vec!["graph.dot"]),
            ("graphml", vec!["graph.graphml"]),
            ("gexf", vec!["graph.gexf"]),
            ("cytoscape", vec!["graph.cyjs"]),
            ("csv", vec!["csv/nodes.csv", "csv/relationships.csv"]),
        ];
        assert_eq!(cases.len(), FORMATS.len());
        for (name, files) in cases {
            let format = format(name).unwrap_or_else(|| panic!("{name}"));
            let got: Vec<String> = build_files(format).into_iter().map(|(f, _)| f).collect();
            assert_eq!(got, files, "{name}");
        }
        assert!(format("yaml").is_none());
    }
}
