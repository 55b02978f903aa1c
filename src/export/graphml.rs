//! GraphML export: a property-graph view in, GraphML (graphml.graphdrawing.org) out.
//!
//! Every attribute gets one typed `<key>` per domain (`long`, `double`, `boolean`, `string`),
//! declared once with the type that holds all its values ([`view::Schema`]); `kind` and
//! `label` are keys like any other. Lists and records (`aliases`, `lines`, `terms`, `evidence`)
//! are `string` keys holding compact JSON, since GraphML has no list type: `json.loads` them.
//! Ids and text go through [`xml`], so untrusted titles cannot break the file. Only writes.

use std::io::{self, Write};

use quick_xml::events::{BytesEnd, Event};
use quick_xml::Writer;

use super::view::{PropertyGraph, Type, Value};
use super::{xml, Exporter};

pub struct GraphMl;

impl Exporter for GraphMl {
    fn name(&self) -> &'static str {
        "graphml"
    }

    fn extension(&self) -> &'static str {
        "graphml"
    }

    fn write_view(&self, view: &PropertyGraph, part: &str, out: &mut dyn Write) -> io::Result<()> {
        super::one_part(self.name(), part)?;
        write(view, out)
    }
}

const NS: &str = "http://graphml.graphdrawing.org/xmlns";
const SCHEMA: &str =
    "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd";

/// The attributes every node and edge carries outside `attrs`.
const NODE_FIELDS: [&str; 2] = ["kind", "label"];
const EDGE_FIELDS: [&str; 1] = ["kind"];

/// One domain's keys: (key id, attribute name, type), fixed fields first.
fn keys(prefix: char, fields: &[&str], schema: &[(String, Type)]) -> Vec<(String, String, Type)> {
    let fixed = fields.iter().map(|f| (f.to_string(), Type::Str));
    let rest = schema.iter().filter(|(n, _)| !fields.contains(&n.as_str()));
    fixed
        .chain(rest.cloned())
        .enumerate()
        .map(|(i, (name, ty))| (format!("{prefix}{i}"), name, ty))
        .collect()
}

pub fn write(view: &PropertyGraph, out: &mut dyn Write) -> io::Result<()> {
    let schema = view.schema();
    let node_keys = keys('n', &NODE_FIELDS, &schema.nodes);
    let edge_keys = keys('e', &EDGE_FIELDS, &schema.edges);
    let mut w = xml::start(out)?;
    let root = [
        ("xmlns", NS),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ];
    let root = [&root[..], &[("xsi:schemaLocation", SCHEMA)]].concat();
    w.write_event(Event::Start(xml::tag("graphml", &root)))?;
    for (domain, keys) in [("node", &node_keys), ("edge", &edge_keys)] {
        for (id, name, ty) in keys {
            let attrs = [
                ("id", id.as_str()),
                ("for", domain),
                ("attr.name", name),
                ("attr.type", xml::type_name(*ty)),
            ];
            w.write_event(Event::Empty(xml::tag("key", &attrs)))?;
        }
    }
    let graph = [("id", view.name.as_str()), ("edgedefault", "directed")];
    w.write_event(Event::Start(xml::tag("graph", &graph)))?;
    for node in &view.nodes {
        let fixed = [
            Value::Str(node.kind.clone()),
            Value::Str(node.label.clone()),
        ];
        let values = NODE_FIELDS.iter().zip(&fixed).map(|(n, v)| (*n, v));
        let values = values.chain(node.attrs.iter().map(|(n, v)| (n.as_str(), v)));
        element(&mut w, "node", &[("id", &node.id)], &node_keys, values)?;
    }
    for edge in &view.edges {
        let fixed = [Value::Str(edge.kind.clone())];
        let values = EDGE_FIELDS.iter().zip(&fixed).map(|(n, v)| (*n, v));
        let values = values.chain(edge.attrs.iter().map(|(n, v)| (n.as_str(), v)));
        let ends = [("source", edge.source.as_str()), ("target", &edge.target)];
        element(&mut w, "edge", &ends, &edge_keys, values)?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.into_inner().write_all(b"\n")
}

/// A node or edge with one `<data>` per value, in key order.
fn element<'v>(
    w: &mut Writer<&mut dyn Write>,
    name: &str,
    attrs: &[(&str, &str)],
    keys: &[(String, String, Type)],
    values: impl Iterator<Item = (&'v str, &'v Value)>,
) -> io::Result<()> {
    w.write_event(Event::Start(xml::tag(name, attrs)))?;
    for (attr, value) in values {
        // The fixed fields are not in `attrs`, so each name is found once.
        if let Some((key, _, _)) = keys.iter().find(|(_, n, _)| n == attr) {
            xml::text_element(w, "data", &[("key", key)], &value.text())?;
        }
    }
    w.write_event(Event::End(BytesEnd::new(name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::view::{PEdge, PNode};

    #[test]
    fn keys_are_typed_once_and_values_escaped() {
        let node = |id: &str, confidence: Value| PNode {
            id: id.into(),
            kind: "package".into(),
            label: "a <b> & \"c\"".into(),
            attrs: vec![
                ("aliases".into(), Value::List(vec!["x".into()])),
                ("confidence".into(), confidence),
            ],
            ..PNode::default()
        };
        let view = PropertyGraph {
            name: "g".into(),
            nodes: vec![node("p:1", Value::Int(1)), node("p:2", Value::Float(0.5))],
            edges: vec![PEdge {
                attrs: vec![("weight".into(), Value::Int(2))],
                ..PEdge::new("p:1", "p:2", "mentions")
            }],
        };
        let mut out = Vec::new();
        write(&view, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for expected in [
            r#"<key id="n2" for="node" attr.name="aliases" attr.type="string"/>"#,
            r#"<key id="n3" for="node" attr.name="confidence" attr.type="double"/>"#,
            r#"<key id="e1" for="edge" attr.name="weight" attr.type="long"/>"#,
            r#"<data key="n1">a &lt;b&gt; &amp; &quot;c&quot;</data>"#,
            r#"<data key="n2">[&quot;x&quot;]</data>"#,
            r#"<data key="n3">1</data>"#,
            r#"<edge source="p:1" target="p:2">"#,
        ] {
            assert!(text.contains(expected), "{expected} not in\n{text}");
        }
    }
}
