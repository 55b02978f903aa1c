//! JSON export: the knowledge graph in, `graph.json` out (and back in for the query commands).
//!
//! The shape is networkx's node-link format (`directed`, `multigraph`, `graph`, `nodes`,
//! `links`), so `networkx.readwrite.json_graph.node_link_graph(data, edges="links")` reads it.
//! It is a documented contract (README, "graph.json"): fields are only ever added. serde escapes
//! every string, so untrusted titles and names cannot break the file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::extract::EntityKind;
use crate::graph::{
    Edge, EdgeKind, EntityNode, EpisodeNode, Evidence, KnowledgeGraph, Node, SegmentNode, ShowNode,
};
use crate::segment::SegmentKind;

use super::select::Selection;
use super::view::{json_object, PropertyGraph};
use super::Exporter;

pub const GENERATOR: &str = concat!("podgraph ", env!("CARGO_PKG_VERSION"));

#[derive(Serialize, Deserialize)]
pub struct GraphFile<'a> {
    pub directed: bool,
    pub multigraph: bool,
    pub graph: GraphMeta,
    pub nodes: Vec<NodeRecord<'a>>,
    pub links: Vec<LinkRecord<'a>>,
}

#[derive(Serialize, Deserialize)]
pub struct GraphMeta {
    pub generator: String,
}

/// One node; which fields are present depends on `kind`. Like links, its strings borrow from
/// the graph when writing and are owned when read back.
#[derive(Serialize, Deserialize, Default)]
pub struct NodeRecord<'a> {
    pub id: Cow<'a, str>,
    pub kind: Cow<'a, str>,
    pub label: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub segment_kind: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub episode: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub episode_id: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub host: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lines: Option<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aliases: Option<Cow<'a, [String]>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub confidence: Option<f32>,
    /// A segment's content words and their counts (`graph::terms`), in word order.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub terms: Option<Terms<'a>>,
    /// An episode's show (the show node's id).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub show: Option<Cow<'a, str>>,
    /// An episode's publication date (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub season: Option<u32>,
    /// An episode's length in seconds (a feed's `itunes:duration`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duration: Option<u32>,
    /// A show's own site.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub site: Option<Cow<'a, str>>,
    /// A chapter's start, in seconds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start: Option<u32>,
    /// A segment that recurs across much of the show (written only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub boilerplate: bool,
    /// A package's registry.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ecosystem: Option<Cow<'a, str>>,
}

/// A segment's terms: a JSON object from word to count, keys in order.
#[derive(Default)]
pub struct Terms<'a>(pub Cow<'a, [(crate::graph::Term, u32)]>);

impl Serialize for Terms<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // `graph::terms` gives them sorted by word, so they are written as they are; anything
        // else is put in order (and a repeated word counted once, the last count winning).
        if !self.0.windows(2).all(|w| w[0].0 < w[1].0) {
            let sorted: BTreeMap<&str, u32> =
                self.0.iter().map(|(w, c)| (w.as_str(), *c)).collect();
            return sorted.serialize(serializer);
        }
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (word, count) in self.0.iter() {
            map.serialize_entry(word, count)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Terms<'_> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<crate::graph::Term, u32>::deserialize(deserializer)?;
        Ok(Terms(Cow::Owned(map.into_iter().collect())))
    }
}

/// One link. Strings borrow from the graph when writing (there are tens of thousands of links
/// and evidence records: copying them all only to print them was most of the export) and are
/// owned when read back.
#[derive(Serialize, Deserialize)]
pub struct LinkRecord<'a> {
    pub source: Cow<'a, str>,
    pub target: Cow<'a, str>,
    pub kind: Cow<'a, str>,
    pub weight: u32,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evidence: Vec<EvidenceRecord<'a>>,
}

#[derive(Serialize, Deserialize)]
pub struct EvidenceRecord<'a> {
    pub file: Cow<'a, str>,
    pub line: usize,
    pub text: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub signal: Option<Cow<'a, str>>,
}

/// Writes the graph as JSON, one node or link per line so diffs stay readable. Records are
/// made and written one at a time, so the file is never held in memory twice.
pub fn write(graph: &KnowledgeGraph, out: &mut dyn Write) -> std::io::Result<()> {
    write_selected(graph, &Selection::all(), out)
}

/// [`write`] for the selected nodes and the links between them.
pub fn write_selected(
    graph: &KnowledgeGraph,
    selection: &Selection,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let g = &graph.graph;
    let meta = GraphMeta {
        generator: GENERATOR.to_string(),
    };
    writeln!(out, "{{\"directed\": true, \"multigraph\": false,")?;
    writeln!(out, " \"graph\": {},", serde_json::to_string(&meta)?)?;
    let nodes = g
        .node_indices()
        .filter(|&i| selection.contains(i))
        .map(|i| node_record(&g[i]));
    write_array(out, "nodes", nodes, ",")?;
    let links = g.edge_indices().filter_map(|e| {
        let (a, b) = g.edge_endpoints(e)?;
        let kept = selection.contains(a) && selection.contains(b);
        kept.then(|| link_record(g[a].id(), g[b].id(), &g[e]))
    });
    write_array(out, "links", links, "")?;
    writeln!(out, "}}")
}

/// Any graph given as a view, in the same node-link shape: `id`, `kind`, `label` and every
/// attribute on each node; `source`, `target`, `kind` and every attribute on each link.
pub fn write_view(view: &PropertyGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let meta = serde_json::json!({"generator": GENERATOR, "name": view.name});
    writeln!(out, "{{\"directed\": true, \"multigraph\": false,")?;
    writeln!(out, " \"graph\": {meta},")?;
    let nodes = view.nodes.iter().map(|n| {
        let fixed = [("id", &n.id), ("kind", &n.kind), ("label", &n.label)];
        json_object(&n.attrs, fixed.map(|(k, v)| (k, v.as_str())))
    });
    write_array(out, "nodes", nodes, ",")?;
    let links = view.edges.iter().map(|e| {
        let fixed = [
            ("source", &e.source),
            ("target", &e.target),
            ("kind", &e.kind),
        ];
        json_object(&e.attrs, fixed.map(|(k, v)| (k, v.as_str())))
    });
    write_array(out, "links", links, "")?;
    writeln!(out, "}}")
}

/// graph.json behind the [`Exporter`] trait.
pub struct Json;

impl Exporter for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn extension(&self) -> &'static str {
        "json"
    }

    fn write(
        &self,
        source: &super::Source,
        part: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        super::one_part(self.name(), part)?;
        write_selected(source.graph, source.selection, out)
    }

    fn write_view(
        &self,
        view: &PropertyGraph,
        part: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        super::one_part(self.name(), part)?;
        write_view(view, out)
    }
}

pub(crate) fn write_array<T: Serialize>(
    out: &mut dyn Write,
    name: &str,
    items: impl Iterator<Item = T>,
    trailer: &str,
) -> std::io::Result<()> {
    writeln!(out, " \"{name}\": [")?;
    // Each record is serialized into one reused buffer and handed over in a single write:
    // serde's many small writes straight into a `dyn Write` cost more than the escaping.
    // The comma goes before each record but the first, so the count need not be known.
    let mut line = Vec::with_capacity(1 << 12);
    let mut any = false;
    for (i, item) in items.enumerate() {
        line.clear();
        line.extend_from_slice(if i == 0 { b"  " } else { b",\n  " });
        serde_json::to_writer(&mut line, &item)?;
        out.write_all(&line)?;
        any = true;
    }
    if any {
        out.write_all(b"\n")?;
    }
    writeln!(out, " ]{trailer}")
}

pub fn to_file(graph: &KnowledgeGraph) -> GraphFile<'_> {
    let g = &graph.graph;
    let nodes = g.node_indices().map(|i| node_record(&g[i])).collect();
    let links = g
        .edge_indices()
        .filter_map(|e| {
            let (a, b) = g.edge_endpoints(e)?;
            Some(link_record(g[a].id(), g[b].id(), &g[e]))
        })
        .collect();
    GraphFile {
        directed: true,
        multigraph: false,
        graph: GraphMeta {
            generator: GENERATOR.to_string(),
        },
        nodes,
        links,
    }
}

pub(crate) fn node_record(node: &Node) -> NodeRecord<'_> {
    let base = NodeRecord {
        id: node.id().into(),
        ..NodeRecord::default()
    };
    match node {
        Node::Show(s) => NodeRecord {
            kind: "show".into(),
            label: s.name.as_str().into(),
            site: s.site.as_deref().map(Cow::Borrowed),
            ..base
        },
        Node::Episode(e) => NodeRecord {
            kind: "episode".into(),
            label: e.label().into(),
            number: e.number,
            title: e.title.as_deref().map(Cow::Borrowed),
            source: Some(e.source.as_str().into()),
            show: Some(e.show.as_str().into()).filter(|s: &Cow<str>| !s.is_empty()),
            date: e.date.as_deref().map(Cow::Borrowed),
            season: e.season,
            duration: e.duration,
            ..base
        },
        Node::Segment(s) => NodeRecord {
            kind: "segment".into(),
            label: s.label().into(),
            segment_kind: Some(s.segment_kind.as_str().into()),
            episode: s.episode,
            episode_id: Some(s.episode_id.as_str().into()),
            index: Some(s.index),
            number: s.number,
            host: s.host.as_deref().map(Cow::Borrowed),
            title: Some(s.title.as_str().into()),
            url: s.url.as_deref().map(Cow::Borrowed),
            lines: Some([s.lines.0, s.lines.1]),
            terms: Some(Terms(Cow::Borrowed(&s.terms))),
            start: s.start,
            boilerplate: s.boilerplate,
            ..base
        },
        Node::Entity(e) => NodeRecord {
            kind: e.kind.as_str().into(),
            label: e.label.as_str().into(),
            aliases: Some(Cow::Borrowed(&e.aliases)),
            confidence: Some(e.confidence),
            ecosystem: e.ecosystem.as_deref().map(Cow::Borrowed),
            ..base
        },
    }
}

pub(crate) fn link_record<'a>(source: &'a str, target: &'a str, edge: &'a Edge) -> LinkRecord<'a> {
    LinkRecord {
        source: source.into(),
        target: target.into(),
        kind: edge.kind.as_str().into(),
        weight: edge.weight,
        evidence: edge
            .evidence
            .iter()
            .map(|e| EvidenceRecord {
                file: Cow::Borrowed(&e.file),
                line: e.line,
                text: e.text.as_str().into(),
                url: e.url.as_deref().map(Cow::Borrowed),
                signal: e.signal.as_deref().map(Cow::Borrowed),
            })
            .collect(),
    }
}

/// Reads a `graph.json` back into a knowledge graph. Unknown kinds are an error naming the node.
pub fn read(text: &str) -> Result<KnowledgeGraph, String> {
    let file: GraphFile =
        serde_json::from_str(text).map_err(|e| format!("line {}: {e}", e.line()))?;
    let mut graph = KnowledgeGraph::default();
    for record in file.nodes {
        let node = node_from(record)?;
        graph.add_node(node);
    }
    for link in file.links {
        let from = graph
            .node(&link.source)
            .ok_or_else(|| format!("link from unknown node {:?}", link.source))?;
        let to = graph
            .node(&link.target)
            .ok_or_else(|| format!("link to unknown node {:?}", link.target))?;
        let kind = EdgeKind::parse(&link.kind)
            .ok_or_else(|| format!("unknown link kind {:?}", link.kind))?;
        let evidence = link
            .evidence
            .into_iter()
            .map(|e| Evidence {
                file: Arc::from(e.file.as_ref()),
                line: e.line,
                text: e.text.into_owned(),
                url: e.url.map(Cow::into_owned),
                signal: e.signal.map(|s| Cow::Owned(s.into_owned())),
            })
            .collect();
        graph.add_edge(
            from,
            to,
            Edge {
                kind,
                weight: link.weight,
                evidence,
            },
        );
    }
    Ok(graph)
}

fn node_from(r: NodeRecord) -> Result<Node, String> {
    Ok(match r.kind.as_ref() {
        "show" => Node::Show(ShowNode {
            id: r.id.into_owned(),
            name: r.label.into_owned(),
            site: r.site.map(Cow::into_owned),
        }),
        "episode" => Node::Episode(EpisodeNode {
            id: r.id.into_owned(),
            number: r.number,
            title: r.title.map(Cow::into_owned),
            source: r.source.map(Cow::into_owned).unwrap_or_default(),
            show: r.show.map(Cow::into_owned).unwrap_or_default(),
            date: r.date.map(Cow::into_owned),
            season: r.season,
            duration: r.duration,
        }),
        "segment" => {
            let kind = r
                .segment_kind
                .as_deref()
                .and_then(|k| SegmentKind::ALL.into_iter().find(|s| s.as_str() == k));
            let segment_kind =
                kind.ok_or_else(|| format!("segment {:?} has an unknown segment_kind", r.id))?;
            let lines = r.lines.unwrap_or([0, 0]);
            Node::Segment(SegmentNode {
                id: r.id.into_owned(),
                episode: r.episode,
                episode_id: r.episode_id.map(Cow::into_owned).unwrap_or_default(),
                index: r.index.unwrap_or(0),
                segment_kind,
                number: r.number,
                host: r.host.map(Cow::into_owned),
                title: r.title.map(Cow::into_owned).unwrap_or_default(),
                url: r.url.map(Cow::into_owned),
                lines: (lines[0], lines[1]),
                terms: r.terms.map(|t| t.0.into_owned()).unwrap_or_default(),
                start: r.start,
                boilerplate: r.boilerplate,
            })
        }
        other => {
            let kind = EntityKind::parse(other)
                .ok_or_else(|| format!("node {:?} has an unknown kind {other:?}", r.id))?;
            Node::Entity(EntityNode {
                id: r.id.into_owned(),
                kind,
                label: r.label.into_owned(),
                aliases: r.aliases.map(Cow::into_owned).unwrap_or_default(),
                confidence: r.confidence.unwrap_or(1.0),
                ecosystem: r.ecosystem.map(Cow::into_owned),
            })
        }
    })
}
