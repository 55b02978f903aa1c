//! CSV export for graph databases: a property-graph view in, `nodes.csv` and
//! `relationships.csv` in the header syntax of `neo4j-admin database import` out.
//!
//! `nodes.csv`: `id:ID,:LABEL,label,` then every node attribute as `name` or `name:long`,
//! `name:double`, `name:boolean`; `:LABEL` is the node's kind. `relationships.csv`:
//! `:START_ID,:END_ID,:TYPE,` then every edge attribute; `:TYPE` is the edge's kind. Lists and
//! records are JSON text (neo4j's own `string[]` would need a delimiter no value may contain);
//! a missing value is an empty field. The csv crate quotes every field that needs it. Only
//! writes.

use std::io::{self, Write};

use super::view::{PropertyGraph, Type, Value};
use super::Exporter;

pub struct Csv;

const PARTS: &[&str] = &["nodes.csv", "relationships.csv"];

impl Exporter for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn extension(&self) -> &'static str {
        "csv"
    }

    fn parts(&self) -> &'static [&'static str] {
        PARTS
    }

    fn write_view(&self, view: &PropertyGraph, part: &str, out: &mut dyn Write) -> io::Result<()> {
        match part {
            "nodes.csv" => write_nodes(view, out),
            "relationships.csv" => write_relationships(view, out),
            _ => Err(super::no_such_part(self.name(), part)),
        }
    }
}

/// `name:type` as neo4j-admin reads it; strings need no type.
fn column(name: &str, ty: Type) -> String {
    match ty {
        Type::Int => format!("{name}:long"),
        Type::Float => format!("{name}:double"),
        Type::Bool => format!("{name}:boolean"),
        Type::Str | Type::Json => name.to_string(),
    }
}

/// The attribute columns, leaving out names the fixed columns already hold.
fn columns<'s>(schema: &'s [(String, Type)], fixed: &[&str]) -> Vec<&'s (String, Type)> {
    schema
        .iter()
        .filter(|(n, _)| !fixed.contains(&n.as_str()))
        .collect()
}

/// A row's attribute fields, in column order.
fn fields(columns: &[&(String, Type)], attrs: &[(String, Value)]) -> Vec<String> {
    columns
        .iter()
        .map(|(name, _)| {
            let value = attrs.iter().find(|(n, _)| n == name);
            value.map(|(_, v)| v.text()).unwrap_or_default()
        })
        .collect()
}

fn write_table(
    out: &mut dyn Write,
    header: Vec<String>,
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&header)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer.flush()
}

pub fn write_nodes(view: &PropertyGraph, out: &mut dyn Write) -> io::Result<()> {
    let schema = view.schema();
    let columns = columns(&schema.nodes, &["id", "label"]);
    let mut header = vec!["id:ID".to_string(), ":LABEL".into(), "label".into()];
    header.extend(columns.iter().map(|(n, t)| column(n, *t)));
    let rows = view.nodes.iter().map(|n| {
        let mut row = vec![n.id.clone(), n.kind.clone(), n.label.clone()];
        row.extend(fields(&columns, &n.attrs));
        row
    });
    write_table(out, header, rows)
}

pub fn write_relationships(view: &PropertyGraph, out: &mut dyn Write) -> io::Result<()> {
    let schema = view.schema();
    let columns = columns(&schema.edges, &[]);
    let mut header = vec![":START_ID".to_string(), ":END_ID".into(), ":TYPE".into()];
    header.extend(columns.iter().map(|(n, t)| column(n, *t)));
    let rows = view.edges.iter().map(|e| {
        let mut row = vec![e.source.clone(), e.target.clone(), e.kind.clone()];
        row.extend(fields(&columns, &e.attrs));
        row
    });
    write_table(out, header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::view::{PEdge, PNode};

    fn check(view: &PropertyGraph, part: &str, expected: &str) {
        let mut out = Vec::new();
        Csv.write_view(view, part, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected, "{part}");
    }

    #[test]
    fn headers_are_neo4j_admin_and_fields_quoted() {
        let node = |id: &str, attrs| PNode {
            id: id.into(),
            kind: "package".into(),
            label: "a,\"b\"".into(),
            attrs,
            ..PNode::default()
        };
        let view = PropertyGraph {
            name: "g".into(),
            nodes: vec![
                node(
                    "p:1",
                    vec![("aliases".into(), Value::List(vec!["x".into()]))],
                ),
                node("p:2", vec![("confidence".into(), Value::Float(0.5))]),
            ],
            edges: vec![PEdge {
                attrs: vec![("weight".into(), Value::Int(2))],
                ..PEdge::new("p:1", "p:2", "mentions")
            }],
        };
        check(
            &view,
            "nodes.csv",
            "id:ID,:LABEL,label,aliases,confidence:double\n\
             p:1,package,\"a,\"\"b\"\"\",\"[\"\"x\"\"]\",\n\
             p:2,package,\"a,\"\"b\"\"\",,0.5\n",
        );
        check(
            &view,
            "relationships.csv",
            ":START_ID,:END_ID,:TYPE,weight:long\np:1,p:2,mentions,2\n",
        );
    }
}
