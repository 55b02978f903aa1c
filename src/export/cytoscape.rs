//! Cytoscape.js export: a property-graph view in, Cytoscape.js JSON out (`elements.nodes` and
//! `elements.edges`, each `{"data": {…}}`), which `cy.add(json.elements)` and networkx's
//! `cytoscape_graph` read.
//!
//! A node's data has `id`, `value` (the id again: networkx's node key) and `name` (the label),
//! then `kind`, `label` and every attribute, lists and records as real JSON. An edge's data has
//! `source`, `target`, `kind` and its attributes. Those fixed keys win over an attribute of the
//! same name. One element per line; serde escapes every string. Only writes.

use std::io::{self, Write};

use serde_json::Value as J;

use super::view::{json_object, PropertyGraph};
use super::Exporter;

pub struct Cytoscape;

impl Exporter for Cytoscape {
    fn name(&self) -> &'static str {
        "cytoscape"
    }

    fn extension(&self) -> &'static str {
        "cyjs"
    }

    fn write_view(&self, view: &PropertyGraph, part: &str, out: &mut dyn Write) -> io::Result<()> {
        super::one_part(self.name(), part)?;
        write(view, out)
    }
}

pub fn write(view: &PropertyGraph, out: &mut dyn Write) -> io::Result<()> {
    let graph = serde_json::json!({"name": view.name, "generator": super::json::GENERATOR});
    writeln!(
        out,
        "{{\"data\": {graph}, \"directed\": true, \"multigraph\": false,"
    )?;
    writeln!(out, " \"elements\": {{\"nodes\": [")?;
    let nodes = view.nodes.iter().map(|n| {
        let fixed = [
            ("id", &n.id),
            ("value", &n.id),
            ("name", &n.label),
            ("kind", &n.kind),
            ("label", &n.label),
        ];
        json_object(&n.attrs, fixed.map(|(k, v)| (k, v.as_str())))
    });
    lines(out, nodes)?;
    writeln!(out, " ], \"edges\": [")?;
    let edges = view.edges.iter().map(|e| {
        let fixed = [
            ("source", &e.source),
            ("target", &e.target),
            ("kind", &e.kind),
        ];
        json_object(&e.attrs, fixed.map(|(k, v)| (k, v.as_str())))
    });
    lines(out, edges)?;
    writeln!(out, " ]}}}}")
}

/// `{"data": …}` per element, one per line, commas between.
fn lines(out: &mut dyn Write, items: impl Iterator<Item = J>) -> io::Result<()> {
    for (i, data) in items.enumerate() {
        let comma = if i == 0 { "" } else { ",\n" };
        write!(out, "{comma}  {{\"data\": {data}}}")?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::view::{PEdge, PNode, Value};

    #[test]
    fn elements_carry_their_data() {
        let view = PropertyGraph {
            name: "g".into(),
            nodes: vec![PNode {
                id: "p:\"1\"".into(),
                kind: "package".into(),
                label: "P".into(),
                attrs: vec![("aliases".into(), Value::List(vec!["x".into()]))],
                ..PNode::default()
            }],
            edges: vec![PEdge {
                source: "p:\"1\"".into(),
                target: "p:\"1\"".into(),
                kind: "mentions".into(),
                attrs: vec![("weight".into(), Value::Int(2))],
                start: None,
            }],
        };
        let mut out = Vec::new();
        write(&view, &mut out).unwrap();
        let json: J = serde_json::from_slice(&out).unwrap();
        let node = &json["elements"]["nodes"][0]["data"];
        assert_eq!(node["id"], "p:\"1\"");
        assert_eq!(node["value"], "p:\"1\"");
        assert_eq!(node["name"], "P");
        assert_eq!(node["aliases"], serde_json::json!(["x"]));
        let edge = &json["elements"]["edges"][0]["data"];
        assert_eq!(edge["weight"], 2);
        assert_eq!(edge["kind"], "mentions");
    }
}
