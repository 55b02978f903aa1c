//! GEXF 1.3 export: a property-graph view in, a dynamic GEXF file for Gephi's timeline out.
//!
//! Timeline semantics: a node exists from its `start` (an episode from its date, a segment
//! from its episode's, an entity from its first mention, a show from its first episode) and
//! never ends; an edge exists from the date of the episode it belongs to. Each entity also has
//! a dynamic `mentions` attribute: its sightings in the episode at each time (`start` = `end` =
//! that time). Times are ISO dates (`timeformat="date"`) when every episode has a date, else
//! the episode's position in the graph (`timeformat="integer"`); a view without times is a
//! static graph. Static attributes are typed like GraphML's (lists as JSON text); an edge's
//! `weight` is the element's own attribute. Text goes through [`xml`]. Only writes.

use std::io::{self, Write};

use quick_xml::events::{BytesEnd, Event};
use quick_xml::Writer;

use super::view::{PEdge, PNode, PropertyGraph, Type};
use super::{xml, Exporter};

pub struct Gexf;

impl Exporter for Gexf {
    fn name(&self) -> &'static str {
        "gexf"
    }

    fn extension(&self) -> &'static str {
        "gexf"
    }

    fn write_view(&self, view: &PropertyGraph, part: &str, out: &mut dyn Write) -> io::Result<()> {
        super::one_part(self.name(), part)?;
        write(view, out)
    }
}

const NS: &str = "http://gexf.net/1.3";
const SCHEMA: &str = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd";

/// Attribute ids by name, for one class: `kind` first, then the schema's names.
struct Columns {
    names: Vec<(String, Type)>,
    /// Where the dynamic names start in `names`.
    dynamic: usize,
}

impl Columns {
    fn new(schema: &[(String, Type)], dynamic: &[(String, Type)]) -> Columns {
        let mut names = vec![("kind".to_string(), Type::Str)];
        names.extend(schema.iter().filter(|(n, _)| n != "kind").cloned());
        let start = names.len();
        names.extend(dynamic.iter().cloned());
        Columns {
            names,
            dynamic: start,
        }
    }

    fn id(&self, name: &str, dynamic: bool) -> Option<String> {
        let range = if dynamic {
            self.dynamic..self.names.len()
        } else {
            0..self.dynamic
        };
        range
            .into_iter()
            .find(|&i| self.names[i].0 == name)
            .map(|i| i.to_string())
    }

    fn declare(&self, w: &mut Writer<&mut dyn Write>, class: &str) -> io::Result<()> {
        let blocks = [
            ("static", 0..self.dynamic),
            ("dynamic", self.dynamic..self.names.len()),
        ];
        for (mode, range) in blocks.into_iter().filter(|(_, r)| !r.is_empty()) {
            let attrs = [("class", class), ("mode", mode)];
            w.write_event(Event::Start(xml::tag("attributes", &attrs)))?;
            for i in range {
                let (name, ty) = &self.names[i];
                let id = i.to_string();
                let attrs = [
                    ("id", id.as_str()),
                    ("title", name),
                    ("type", xml::type_name(*ty)),
                ];
                w.write_event(Event::Empty(xml::tag("attribute", &attrs)))?;
            }
            w.write_event(Event::End(BytesEnd::new("attributes")))?;
        }
        Ok(())
    }
}

pub fn write(view: &PropertyGraph, out: &mut dyn Write) -> io::Result<()> {
    let schema = view.schema();
    let node_columns = Columns::new(&schema.nodes, &schema.dynamic);
    let edge_schema: Vec<_> = schema
        .edges
        .iter()
        .filter(|(n, _)| n != "weight")
        .cloned()
        .collect();
    let edge_columns = Columns::new(&edge_schema, &[]);
    let mut w = xml::start(out)?;
    let root = [
        ("xmlns", NS),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xsi:schemaLocation", SCHEMA),
        ("version", "1.3"),
    ];
    w.write_event(Event::Start(xml::tag("gexf", &root)))?;
    w.write_event(Event::Start(xml::tag("meta", &[])))?;
    xml::text_element(&mut w, "creator", &[], super::json::GENERATOR)?;
    w.write_event(Event::End(BytesEnd::new("meta")))?;
    let mut graph = vec![("defaultedgetype", "directed")];
    match view.timeline() {
        Some(format) => graph.extend([("mode", "dynamic"), ("timeformat", format)]),
        None => graph.push(("mode", "static")),
    }
    w.write_event(Event::Start(xml::tag("graph", &graph)))?;
    node_columns.declare(&mut w, "node")?;
    edge_columns.declare(&mut w, "edge")?;
    w.write_event(Event::Start(xml::tag("nodes", &[])))?;
    for node in &view.nodes {
        write_node(&mut w, node, &node_columns)?;
    }
    w.write_event(Event::End(BytesEnd::new("nodes")))?;
    w.write_event(Event::Start(xml::tag("edges", &[])))?;
    for (i, edge) in view.edges.iter().enumerate() {
        write_edge(&mut w, i, edge, &edge_columns)?;
    }
    w.write_event(Event::End(BytesEnd::new("edges")))?;
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("gexf")))?;
    w.into_inner().write_all(b"\n")
}

fn write_node(w: &mut Writer<&mut dyn Write>, node: &PNode, columns: &Columns) -> io::Result<()> {
    let start = node.start.as_ref().map(|t| t.text());
    let mut attrs = vec![("id", node.id.as_str()), ("label", &node.label)];
    attrs.extend(start.as_deref().map(|s| ("start", s)));
    w.write_event(Event::Start(xml::tag("node", &attrs)))?;
    w.write_event(Event::Start(xml::tag("attvalues", &[])))?;
    let fixed = (
        "kind".to_string(),
        super::view::Value::Str(node.kind.clone()),
    );
    for (name, value) in std::iter::once(&fixed).chain(&node.attrs) {
        attvalue(w, columns.id(name, false), &value.text(), None)?;
    }
    for d in &node.dynamic {
        let at = d.at.text();
        attvalue(w, columns.id(&d.name, true), &d.value.text(), Some(&at))?;
    }
    w.write_event(Event::End(BytesEnd::new("attvalues")))?;
    w.write_event(Event::End(BytesEnd::new("node")))
}

fn write_edge(
    w: &mut Writer<&mut dyn Write>,
    index: usize,
    edge: &PEdge,
    columns: &Columns,
) -> io::Result<()> {
    let id = index.to_string();
    let weight = edge.attrs.iter().find(|(n, _)| n == "weight");
    let weight = weight
        .map(|(_, v)| v.text())
        .filter(|w| w.parse::<f64>().is_ok());
    let start = edge.start.as_ref().map(|t| t.text());
    let mut attrs = vec![
        ("id", id.as_str()),
        ("source", &edge.source),
        ("target", &edge.target),
    ];
    attrs.extend(weight.as_deref().map(|w| ("weight", w)));
    attrs.extend(start.as_deref().map(|s| ("start", s)));
    w.write_event(Event::Start(xml::tag("edge", &attrs)))?;
    w.write_event(Event::Start(xml::tag("attvalues", &[])))?;
    let fixed = (
        "kind".to_string(),
        super::view::Value::Str(edge.kind.clone()),
    );
    for (name, value) in std::iter::once(&fixed).chain(&edge.attrs) {
        attvalue(w, columns.id(name, false), &value.text(), None)?;
    }
    w.write_event(Event::End(BytesEnd::new("attvalues")))?;
    w.write_event(Event::End(BytesEnd::new("edge")))
}

/// One `<attvalue>`; a dynamic one holds for the one time `at` (start = end). Names without a
/// column (an edge's `weight`, written on the element) are skipped.
fn attvalue(
    w: &mut Writer<&mut dyn Write>,
    id: Option<String>,
    value: &str,
    at: Option<&str>,
) -> io::Result<()> {
    let Some(id) = id else {
        return Ok(());
    };
    let mut attrs = vec![("for", id.as_str()), ("value", value)];
    attrs.extend(at.into_iter().flat_map(|t| [("start", t), ("end", t)]));
    w.write_event(Event::Empty(xml::tag("attvalue", &attrs)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::view::{Dynamic, Time, Value};

    fn check(start: Option<Time>, expected: &[&str]) {
        let node = PNode {
            id: "package:a".into(),
            kind: "package".into(),
            label: "a\nb".into(),
            start: start.clone(),
            dynamic: start
                .iter()
                .map(|t| Dynamic {
                    name: "mentions".into(),
                    at: t.clone(),
                    value: Value::Int(2),
                })
                .collect(),
            ..PNode::default()
        };
        let edge = PEdge {
            attrs: vec![("weight".into(), Value::Int(3))],
            start,
            ..PEdge::new("package:a", "package:a", "mentions")
        };
        let view = PropertyGraph {
            name: "g".into(),
            nodes: vec![node],
            edges: vec![edge],
        };
        let mut out = Vec::new();
        write(&view, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for line in expected {
            assert!(text.contains(line), "{line} not in\n{text}");
        }
    }

    #[test]
    fn times_become_a_timeline() {
        check(
            Some(Time::Date("2020-01-02".into())),
            &[
                r#"<graph defaultedgetype="directed" mode="dynamic" timeformat="date">"#,
                r#"<node id="package:a" label="a&#10;b" start="2020-01-02">"#,
                r#"<attribute id="1" title="mentions" type="long"/>"#,
                r#"<attvalue for="1" value="2" start="2020-01-02" end="2020-01-02"/>"#,
                r#"<edge id="0" source="package:a" target="package:a" weight="3" start="2020-01-02">"#,
            ],
        );
        check(
            Some(Time::Order(4)),
            &[r#"timeformat="integer""#, r#"start="4""#],
        );
        check(
            None,
            &[r#"<graph defaultedgetype="directed" mode="static">"#],
        );
    }
}
