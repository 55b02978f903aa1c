//! The neutral, read-only view every property-graph exporter writes: nodes and edges with an
//! id, a kind, typed attributes and, for timelines, a start time.
//!
//! [`PropertyGraph::of`] makes the view of the knowledge graph (or a [`Selection`] of it) from
//! the graph.json records, so every field graph.json carries reaches every format without a
//! second list of fields. Another graph plugs in by building a `PropertyGraph` itself (a
//! `to_view()` on its own type) and handing it to [`super::Exporter::write_view`]. A view is
//! plain data: it never touches files and never changes the graph it came from.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::json;
use super::select::Selection;
use crate::graph::{EdgeKind, KnowledgeGraph, Node};

/// An attribute's value. Lists and nested records are written as real JSON where the format
/// has it (Cytoscape, JSON) and as JSON text elsewhere (GraphML, GEXF, CSV).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A list of strings (`aliases`).
    List(Vec<String>),
    /// Anything else structured (`lines`, `terms`, `evidence`).
    Json(serde_json::Value),
}

/// The declared type of an attribute, one per name across a whole view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Type {
    Int,
    Float,
    Bool,
    Str,
    /// `List` and `Json` values: JSON text in the text-only formats.
    Json,
}

impl Type {
    /// The type that holds values of both: numbers widen to floats, lists and records to JSON,
    /// and anything else mixed to strings (every value has a text form).
    fn unify(self, other: Type) -> Type {
        match (self, other) {
            (a, b) if a == b => a,
            (Type::Int, Type::Float) | (Type::Float, Type::Int) => Type::Float,
            _ => Type::Str,
        }
    }
}

impl Value {
    pub fn ty(&self) -> Type {
        match self {
            Value::Str(_) => Type::Str,
            Value::Int(_) => Type::Int,
            Value::Float(_) => Type::Float,
            Value::Bool(_) => Type::Bool,
            Value::List(_) | Value::Json(_) => Type::Json,
        }
    }

    /// The value as text: numbers as Rust prints them (shortest round trip), booleans as
    /// `true`/`false`, lists and records as compact JSON.
    pub fn text(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(_) | Value::Json(_) => self.to_json().to_string(),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Str(s) => s.as_str().into(),
            Value::Int(n) => (*n).into(),
            Value::Float(x) => (*x).into(),
            Value::Bool(b) => (*b).into(),
            Value::List(items) => items.as_slice().into(),
            Value::Json(v) => v.clone(),
        }
    }

    /// A graph.json field as a typed value.
    fn from_json(value: serde_json::Value) -> Value {
        use serde_json::Value as J;
        match value {
            J::String(s) => Value::Str(s),
            J::Bool(b) => Value::Bool(b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            J::Array(items) if items.iter().all(J::is_string) => Value::List(
                items
                    .into_iter()
                    .filter_map(|i| i.as_str().map(String::from))
                    .collect(),
            ),
            other => Value::Json(other),
        }
    }
}

/// A point on the timeline: a date (ISO 8601, so it sorts as text) when every episode has
/// one, else the episode's position in the graph (1, 2, …). One view uses one of the two.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Time {
    Order(u32),
    Date(String),
}

impl Time {
    pub fn text(&self) -> String {
        match self {
            Time::Order(n) => n.to_string(),
            Time::Date(d) => d.clone(),
        }
    }
}

/// A value an attribute has at one time (GEXF's dynamic attributes).
#[derive(Debug, Clone, PartialEq)]
pub struct Dynamic {
    pub name: String,
    pub at: Time,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PNode {
    pub id: String,
    pub kind: String,
    pub label: String,
    /// Sorted by name, each name once.
    pub attrs: Vec<(String, Value)>,
    /// When the node first exists (an entity: its first mention).
    pub start: Option<Time>,
    /// Values that change along the timeline, in time order.
    pub dynamic: Vec<Dynamic>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PEdge {
    pub source: String,
    pub target: String,
    pub kind: String,
    /// Sorted by name, each name once.
    pub attrs: Vec<(String, Value)>,
    /// When the edge first exists: the date of the episode it belongs to.
    pub start: Option<Time>,
}

impl PEdge {
    /// An edge without attributes or time.
    pub fn new(source: &str, target: &str, kind: &str) -> PEdge {
        PEdge {
            source: source.into(),
            target: target.into(),
            kind: kind.into(),
            ..PEdge::default()
        }
    }
}

/// A directed property graph, in a fixed order (the writers keep it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PropertyGraph {
    pub name: String,
    pub nodes: Vec<PNode>,
    pub edges: Vec<PEdge>,
}

/// Each attribute name with the one type that holds all its values, by name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    pub nodes: Vec<(String, Type)>,
    pub edges: Vec<(String, Type)>,
    /// Dynamic node attributes.
    pub dynamic: Vec<(String, Type)>,
}

impl PropertyGraph {
    /// The view of the selected part of the knowledge graph, in graph order.
    pub fn of(graph: &KnowledgeGraph, selection: &Selection) -> PropertyGraph {
        let g = &graph.graph;
        let times = times(graph);
        let dynamic = mentions_by_time(graph, &times);
        let nodes = g
            .node_indices()
            .filter(|&i| selection.contains(i))
            .map(|i| node(&g[i], times[i.index()].clone(), &dynamic[i.index()]))
            .collect();
        let edges = g
            .edge_references()
            .filter(|e| selection.contains(e.source()) && selection.contains(e.target()))
            .map(|e| {
                let (a, b) = (e.source().index(), e.target().index());
                // An edge exists once both its ends do: the later of the two start times.
                let start = times[a].clone().max(times[b].clone());
                edge(g[e.source()].id(), g[e.target()].id(), e.weight(), start)
            })
            .collect();
        PropertyGraph {
            name: "podgraph".into(),
            nodes,
            edges,
        }
    }

    pub fn schema(&self) -> Schema {
        let dynamic = self.nodes.iter().flat_map(|n| &n.dynamic);
        Schema {
            nodes: unify(self.nodes.iter().flat_map(|n| &n.attrs)),
            edges: unify(self.edges.iter().flat_map(|e| &e.attrs)),
            dynamic: unify_pairs(dynamic.map(|d| (&d.name, &d.value))),
        }
    }

    /// Whether any node or edge has a time, and whether those times are dates.
    pub fn timeline(&self) -> Option<&'static str> {
        let node_times = self.nodes.iter().filter_map(|n| n.start.as_ref());
        let mut times = node_times.chain(self.edges.iter().filter_map(|e| e.start.as_ref()));
        let first = times.next()?;
        Some(match first {
            Time::Date(_) => "date",
            Time::Order(_) => "integer",
        })
    }
}

/// Attributes and then the fixed keys (which win over an attribute of the same name) as one JSON
/// object, keys sorted so the output is stable: a record of the JSON formats.
pub fn json_object<'a>(
    attrs: &[(String, Value)],
    fixed: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> serde_json::Value {
    let mut map: serde_json::Map<String, serde_json::Value> = attrs
        .iter()
        .map(|(n, v)| (n.clone(), v.to_json()))
        .collect();
    for (name, value) in fixed {
        map.insert(name.to_string(), value.into());
    }
    serde_json::Value::Object(map)
}

fn unify<'a>(attrs: impl Iterator<Item = &'a (String, Value)>) -> Vec<(String, Type)> {
    unify_pairs(attrs.map(|(name, value)| (name, value)))
}

fn unify_pairs<'a>(attrs: impl Iterator<Item = (&'a String, &'a Value)>) -> Vec<(String, Type)> {
    let mut types: BTreeMap<&str, Type> = BTreeMap::new();
    for (name, value) in attrs {
        let ty = value.ty();
        types
            .entry(name)
            .and_modify(|t| *t = t.unify(ty))
            .or_insert(ty);
    }
    types.into_iter().map(|(n, t)| (n.to_string(), t)).collect()
}

/// A graph.json record as attributes: `skip` names the fields the view holds itself.
fn attrs(record: impl serde::Serialize, skip: &[&str]) -> Vec<(String, Value)> {
    // Through JSON text rather than `serde_json::to_value`: that widens an f32 confidence of
    // 0.85 to 0.8500000238418579, while the text says 0.85 as graph.json does.
    let text = serde_json::to_vec(&record).unwrap_or_default();
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&text).unwrap_or_default();
    map.into_iter()
        .filter(|(name, _)| !skip.contains(&name.as_str()))
        .map(|(name, value)| (name, Value::from_json(value)))
        .collect()
}

fn node(node: &Node, start: Option<Time>, dynamic: &[(Time, u32)]) -> PNode {
    let record = json::node_record(node);
    PNode {
        id: record.id.to_string(),
        kind: record.kind.to_string(),
        label: record.label.to_string(),
        attrs: attrs(record, &["id", "kind", "label"]),
        start,
        dynamic: dynamic
            .iter()
            .map(|(at, n)| Dynamic {
                name: "mentions".into(),
                at: at.clone(),
                value: Value::Int(i64::from(*n)),
            })
            .collect(),
    }
}

fn edge(source: &str, target: &str, edge: &crate::graph::Edge, start: Option<Time>) -> PEdge {
    let record = json::link_record(source, target, edge);
    PEdge {
        source: source.to_string(),
        target: target.to_string(),
        kind: edge.kind.as_str().to_string(),
        attrs: attrs(record, &["source", "target", "kind"]),
        start,
    }
}

/// Each node's start, by node index: an episode's date (or its position when some episode has
/// no date), a segment its episode's, an entity its first mention's, a show its first
/// episode's.
fn times(graph: &KnowledgeGraph) -> Vec<Option<Time>> {
    let g = &graph.graph;
    let mut times: Vec<Option<Time>> = vec![None; g.node_count()];
    let dated = graph.episodes().all(|(_, e)| e.date.is_some());
    for (position, (i, episode)) in graph.episodes().enumerate() {
        times[i.index()] = Some(match (&episode.date, dated) {
            (Some(date), true) => Time::Date(date.clone()),
            _ => Time::Order(position as u32 + 1),
        });
    }
    // Segments first, since entities take their time from segments.
    let passes: [(&[EdgeKind], bool); 3] = [
        (&[EdgeKind::HasSegment], false),
        (&[EdgeKind::Mentions, EdgeKind::PresentedBy], false),
        (&[EdgeKind::HasEpisode], true),
    ];
    for (kinds, backwards) in passes {
        for e in g
            .edge_references()
            .filter(|e| kinds.contains(&e.weight().kind))
        {
            let (from, to) = match backwards {
                false => (e.source(), e.target()),
                true => (e.target(), e.source()),
            };
            times[to.index()] = earliest(times[to.index()].take(), times[from.index()].clone());
        }
    }
    times
}

fn earliest(a: Option<Time>, b: Option<Time>) -> Option<Time> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// For each entity (by node index), its sightings per time, in time order: Gephi's timeline
/// sizes a node by what it had at each episode.
fn mentions_by_time(graph: &KnowledgeGraph, times: &[Option<Time>]) -> Vec<Vec<(Time, u32)>> {
    let g = &graph.graph;
    let mut by_node: Vec<BTreeMap<Time, u32>> = vec![BTreeMap::new(); g.node_count()];
    for (entity, _) in graph.entities() {
        for kind in [EdgeKind::Mentions, EdgeKind::PresentedBy] {
            for (segment, edge) in graph.incoming(entity, kind) {
                add_at(&mut by_node[entity.index()], times, segment, edge.weight);
            }
        }
    }
    by_node
        .into_iter()
        .map(|m| m.into_iter().collect())
        .collect()
}

fn add_at(counts: &mut BTreeMap<Time, u32>, times: &[Option<Time>], at: NodeIndex, n: u32) {
    if let Some(time) = &times[at.index()] {
        *counts.entry(time.clone()).or_insert(0) += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each node's and edge's start, by id, and Ada's mentions over time.
    fn timeline(dates: [Option<&str>; 2]) -> (Vec<(String, Option<Time>)>, Vec<Dynamic>) {
        let g = crate::export::select::tests::sample_dated(dates);
        let view = PropertyGraph::of(&g, &Selection::all());
        let nodes = view.nodes.iter().map(|n| (n.id.clone(), n.start.clone()));
        let edges = view
            .edges
            .iter()
            .map(|e| (format!("{}>{}", e.source, e.target), e.start.clone()));
        let ada = view.nodes.iter().find(|n| n.id == "person:ada").unwrap();
        (nodes.chain(edges).collect(), ada.dynamic.clone())
    }

    #[test]
    fn things_start_at_their_first_episode() {
        let date = |d: &str| Some(Time::Date(d.into()));
        let (starts, ada) = timeline([Some("2020-05-01"), Some("2019-01-31")]);
        let expected = [
            ("show:s", date("2019-01-31")),
            ("package:pytest", date("2020-05-01")),
            ("person:ada", date("2019-01-31")),
            ("episode:1", date("2020-05-01")),
            ("show:s>episode:1", date("2020-05-01")),
            ("segment:1:0>person:ada", date("2020-05-01")),
            ("episode:2", date("2019-01-31")),
            ("segment:2:0>person:ada", date("2019-01-31")),
        ];
        for (id, time) in expected {
            assert!(
                starts.contains(&(id.to_string(), time.clone())),
                "{id} {time:?} in {starts:?}"
            );
        }
        let at: Vec<_> = ada
            .iter()
            .map(|d| (d.at.clone(), d.value.clone()))
            .collect();
        let one = Value::Int(1);
        assert_eq!(
            at,
            [
                (date("2019-01-31").unwrap(), one.clone()),
                (date("2020-05-01").unwrap(), one)
            ]
        );
        // One episode without a date: every time falls back to episode order.
        let (starts, _) = timeline([Some("2020-05-01"), None]);
        assert!(starts.contains(&("person:ada".into(), Some(Time::Order(1)))));
        assert!(starts.contains(&("segment:2:0>person:ada".into(), Some(Time::Order(2)))));
    }

    #[test]
    fn types_unify_to_one_per_name() {
        let cases = [
            (vec![Value::Int(1), Value::Int(2)], Type::Int),
            (vec![Value::Int(1), Value::Float(0.5)], Type::Float),
            (vec![Value::List(vec![]), Value::Json(1.into())], Type::Json),
            (vec![Value::Int(1), Value::Str("a".into())], Type::Str),
            (vec![Value::Bool(true), Value::Float(0.5)], Type::Str),
        ];
        for (values, expected) in cases {
            let attrs: Vec<(String, Value)> = values
                .iter()
                .map(|v| ("a".to_string(), v.clone()))
                .collect();
            assert_eq!(
                unify(attrs.iter()),
                vec![("a".to_string(), expected)],
                "{values:?}"
            );
        }
    }

    #[test]
    fn json_fields_keep_their_type_and_text() {
        let cases = [
            (serde_json::json!("x"), Value::Str("x".into()), "x"),
            (serde_json::json!(3), Value::Int(3), "3"),
            (serde_json::json!(0.85), Value::Float(0.85), "0.85"),
            (serde_json::json!(false), Value::Bool(false), "false"),
            (
                serde_json::json!(["a", "b\""]),
                Value::List(vec!["a".into(), "b\"".into()]),
                r#"["a","b\""]"#,
            ),
            (
                serde_json::json!([1, 2]),
                Value::Json(serde_json::json!([1, 2])),
                "[1,2]",
            ),
        ];
        for (json, value, text) in cases {
            let got = Value::from_json(json.clone());
            assert_eq!(got, value, "{json}");
            assert_eq!(got.text(), text, "{json}");
            assert_eq!(got.to_json(), json);
        }
    }
}
