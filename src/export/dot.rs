//! DOT export: the knowledge graph (or a selection of it) in, Graphviz DOT out.
//!
//! Built as a graphviz-rust AST and printed by it: one `cluster_` subgraph per episode holding
//! the episode and its segments, entity nodes shaped and coloured by kind, and a legend. Every id
//! and label goes through [`quote`], so quotes, backslashes, newlines and control characters in
//! untrusted titles cannot break out of a string. Only reads the graph.
//!
//! Layout hints, so a drawing reads left to right: an entity only one segment of the drawing
//! mentions is drawn inside that segment's own cluster, beside it; one that several segments of
//! one episode mention, inside that episode's cluster; the other entities are listed in the
//! order the drawing first mentions them (dot keeps that order within a column), not by id. The hosts sit in the first column (`rank=min`) and their `presented_by` edges do
//! not move anything (`constraint=false`), so they stay left of the segments instead of
//! crossing every mention. The legend is one column chained by invisible edges.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::extract::EntityKind;
use crate::graph::{EdgeKind, KnowledgeGraph, Node};

/// Labels longer than this are cut (the full text stays in the tooltip).
const MAX_LABEL: usize = 60;

/// A DOT string literal: backslashes and quotes escaped, line breaks as `\n`, other control
/// characters dropped. Any input gives a literal Graphviz reads back as the same text.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    // Nearly every id and label is printable ASCII without a quote or backslash: copied whole,
    // not character by character (tens of thousands of ids are quoted per graph).
    if text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\')
    {
        out.push_str(text);
        out.push('"');
        return out;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn id(text: &str) -> Id {
    Id::Escaped(quote(text))
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), id(value))
}

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        return label.to_string();
    }
    let cut: String = label.chars().take(MAX_LABEL - 1).collect();
    format!("{cut}…")
}

/// Shape and fill colour of each entity kind, shared by nodes and the legend.
pub fn style(kind: EntityKind) -> (&'static str, &'static str) {
    match kind {
        EntityKind::Person => ("ellipse", "#8ecae6"),
        EntityKind::Package => ("box", "#ffb703"),
        EntityKind::Project => ("hexagon", "#90be6d"),
        EntityKind::Organization => ("house", "#f4a261"),
        EntityKind::Law => ("octagon", "#cdb4db"),
    }
}

/// A node with its label; a tooltip only when the label had to be cut. Shape and colour come
/// from the defaults of the group the node is printed in, which keeps the file small.
fn node_stmt(node: &Node) -> Stmt {
    let label = node.label();
    let shown = short(&label);
    let mut attrs = Vec::with_capacity(3);
    if shown != label {
        attrs.push(attr("tooltip", &label));
    }
    attrs.insert(0, attr("label", &shown));
    if let Node::Segment(s) = node {
        if let Some(url) = &s.url {
            attrs.push(attr("URL", url));
        }
        if s.segment_kind != crate::segment::SegmentKind::Topic {
            attrs.push(attr("shape", "note"));
        }
    }
    Stmt::Node(DotNode::new(NodeId(id(node.id()), None), attrs))
}

/// An entity drawn outside its kind's group (inside a segment's cluster): its shape and colour
/// spelled out.
fn styled_entity(node: &Node) -> Stmt {
    let mut stmt = node_stmt(node);
    if let (Node::Entity(e), Stmt::Node(n)) = (node, &mut stmt) {
        let (shape, color) = style(e.kind);
        n.attributes.push(attr("shape", shape));
        n.attributes.push(attr("fillcolor", color));
    }
    stmt
}

fn node_defaults(shape: &str, color: &str) -> Stmt {
    Stmt::GAttribute(GraphAttributes::Node(vec![
        attr("shape", shape),
        attr("fillcolor", color),
    ]))
}

fn edge_defaults(kind: EdgeKind) -> Stmt {
    let attrs = match kind {
        EdgeKind::HasEpisode | EdgeKind::HasSegment => {
            vec![attr("color", "#adb5bd"), attr("arrowhead", "none")]
        }
        EdgeKind::Mentions => vec![attr("color", "#6c757d")],
        // Hosts are placed by `rank=min`; their edges must not pull them back among the entities.
        EdgeKind::PresentedBy => vec![
            attr("color", "#1d4ed8"),
            attr("style", "dashed"),
            attr("constraint", "false"),
        ],
    };
    Stmt::GAttribute(GraphAttributes::Edge(attrs))
}

fn edge_stmt(from: &str, to: &str, kind: EdgeKind, weight: u32) -> Stmt {
    let mut attrs = Vec::new();
    if kind == EdgeKind::Mentions && weight > 1 {
        attrs.push(attr(
            "penwidth",
            &format!("{:.1}", 1.0 + (weight as f32).ln()),
        ));
        attrs.push(attr("label", &weight.to_string()));
    }
    let ty = EdgeTy::Pair(
        Vertex::N(NodeId(id(from), None)),
        Vertex::N(NodeId(id(to), None)),
    );
    Stmt::Edge(DotEdge {
        ty,
        attributes: attrs,
    })
}

/// An unnamed subgraph: a scope for node or edge defaults, not drawn as a box.
fn group(stmts: Vec<Stmt>) -> Stmt {
    Stmt::Subgraph(Subgraph {
        id: Id::Anonymous(String::new()),
        stmts,
    })
}

/// The legend: one node per kind, in one rank (a column, the drawing running left to right)
/// inside its cluster and chained in order by invisible edges, so dot cannot spread it apart.
fn legend() -> Stmt {
    let name = |kind: EntityKind| format!("legend:{}", kind.as_str());
    let mut column = vec![Stmt::Attribute(attr("rank", "same"))];
    for kind in EntityKind::ALL {
        let (shape, color) = style(kind);
        let node = DotNode::new(
            NodeId(id(&name(kind)), None),
            vec![
                attr("label", kind.as_str()),
                attr("shape", shape),
                attr("fillcolor", color),
            ],
        );
        column.push(Stmt::Node(node));
    }
    let mut stmts = vec![
        Stmt::Attribute(attr("label", "Legend")),
        Stmt::Attribute(attr("style", "dashed")),
        group(column),
    ];
    // Flat edges of a left-to-right drawing run upwards: chained from the last kind to the
    // first, the first kind is on top.
    for pair in EntityKind::ALL.windows(2) {
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(id(&name(pair[1])), None)),
                Vertex::N(NodeId(id(&name(pair[0])), None)),
            ),
            attributes: vec![attr("style", "invis")],
        }));
    }
    Stmt::Subgraph(Subgraph {
        id: Id::Plain("cluster_legend".into()),
        stmts,
    })
}

/// What [`each_statement`] hands out: a whole statement, or a group a part at a time. The
/// groups of every entity of a kind and every edge of a kind hold most of an archive's
/// statements, so they are streamed rather than built whole (at 10,000 episodes the edge
/// group alone held 190 MB of AST).
enum Part {
    Stmt(Stmt),
    /// An anonymous group opens with these statements (its defaults).
    Open(Vec<Stmt>),
    /// A statement of the open group.
    Inner(Stmt),
    Close,
}

/// Streams one group: its defaults, then `inner`, unless `inner` is empty.
fn emit_group(
    emit: &mut dyn FnMut(Part) -> std::io::Result<()>,
    head: Vec<Stmt>,
    inner: impl Iterator<Item = Stmt>,
) -> std::io::Result<()> {
    let mut inner = inner.peekable();
    if inner.peek().is_none() {
        return Ok(());
    }
    emit(Part::Open(head))?;
    for stmt in inner {
        emit(Part::Inner(stmt))?;
    }
    emit(Part::Close)
}

/// The statements of the DOT graph for the nodes `keep` allows (all when `None`), handed one at
/// a time to `emit`: defaults, the legend, one cluster per episode, one group per entity kind,
/// one group per edge kind.
fn each_statement(
    graph: &KnowledgeGraph,
    keep: Option<&HashSet<NodeIndex>>,
    emit: &mut dyn FnMut(Part) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let g = &graph.graph;
    let kept = |i: NodeIndex| keep.is_none_or(|k| k.contains(&i));
    emit(Part::Stmt(Stmt::GAttribute(GraphAttributes::Graph(vec![
        attr("rankdir", "LR"),
        attr("fontname", "Helvetica"),
        attr("overlap", "false"),
        attr("splines", "true"),
    ]))))?;
    emit(Part::Stmt(Stmt::GAttribute(GraphAttributes::Node(vec![
        attr("style", "filled"),
        attr("fontname", "Helvetica"),
    ]))))?;
    emit(Part::Stmt(Stmt::GAttribute(GraphAttributes::Edge(vec![
        attr("fontname", "Helvetica"),
        attr("fontsize", "10"),
    ]))))?;
    emit(Part::Stmt(legend()))?;
    let places = Places::of(graph, &kept);
    for (cluster, (episode, node)) in graph.episodes().filter(|(i, _)| kept(*i)).enumerate() {
        let label = short(&node.label());
        let mut inner = vec![
            Stmt::Attribute(attr("label", &label)),
            node_defaults("box", "#ffffff"),
        ];
        inner.push(Stmt::Node(DotNode::new(
            NodeId(id(node.id.as_str()), None),
            vec![
                attr("label", &label),
                attr("shape", "box3d"),
                attr("fillcolor", "#e9ecef"),
            ],
        )));
        // dot stacks a left-to-right drawing's nodes bottom up in the order it meets them:
        // listed last to first, the segments read top down in the notes' order.
        for (segment, _) in graph.out(episode, EdgeKind::HasSegment).into_iter().rev() {
            if kept(segment) {
                inner.push(segment_group(graph, segment, &places, cluster));
            }
        }
        if let Some(entities) = places.in_episode.get(&episode) {
            inner.extend(entities.iter().map(|&e| styled_entity(&g[e])));
        }
        emit(Part::Stmt(Stmt::Subgraph(Subgraph {
            id: Id::Plain(format!("cluster_{cluster}")),
            stmts: inner,
        })))?;
    }
    if !places.hosts.is_empty() {
        let mut inner = vec![Stmt::Attribute(attr("rank", "min"))];
        inner.extend(places.hosts.iter().map(|&h| styled_entity(&g[h])));
        emit(Part::Stmt(group(inner)))?;
    }
    for kind in EntityKind::ALL {
        let (shape, color) = style(kind);
        let of_kind = places
            .shared
            .iter()
            .filter(|&&i| matches!(&g[i], Node::Entity(e) if e.kind == kind))
            .map(|&i| node_stmt(&g[i]));
        emit_group(emit, vec![node_defaults(shape, color)], of_kind)?;
    }
    for kind in [
        EdgeKind::HasSegment,
        EdgeKind::Mentions,
        EdgeKind::PresentedBy,
    ] {
        let edges = g
            .edge_references()
            .filter(|e| e.weight().kind == kind)
            .filter(|e| kept(e.source()) && kept(e.target()))
            .map(|e| {
                edge_stmt(
                    g[e.source()].id(),
                    g[e.target()].id(),
                    kind,
                    e.weight().weight,
                )
            });
        emit_group(emit, vec![edge_defaults(kind)], edges)?;
    }
    Ok(())
}

/// Where each kept entity is drawn: inside the one segment that mentions it, inside the one
/// episode whose segments mention it, among the hosts, or in its kind's group (`shared`, in the
/// order the drawing first mentions them).
struct Places {
    own: HashMap<NodeIndex, Vec<NodeIndex>>,
    /// Entities several segments of one episode mention, by episode: drawn in its cluster.
    in_episode: HashMap<NodeIndex, Vec<NodeIndex>>,
    hosts: Vec<NodeIndex>,
    shared: Vec<NodeIndex>,
}

impl Places {
    fn of(graph: &KnowledgeGraph, kept: &dyn Fn(NodeIndex) -> bool) -> Places {
        let g = &graph.graph;
        let mut hosts = Vec::new();
        let mut mentioned: Vec<NodeIndex> = Vec::new();
        let mut by: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
        let mut episode_of: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        for (episode, _) in graph.episodes().filter(|(i, _)| kept(*i)) {
            for (segment, _) in graph.out(episode, EdgeKind::HasSegment) {
                if !kept(segment) {
                    continue;
                }
                episode_of.insert(segment, episode);
                for (host, _) in graph.out(segment, EdgeKind::PresentedBy) {
                    if kept(host) && !hosts.contains(&host) {
                        hosts.push(host);
                    }
                }
                for (entity, _) in graph.out(segment, EdgeKind::Mentions) {
                    if !kept(entity) {
                        continue;
                    }
                    let segments = by.entry(entity).or_default();
                    if segments.is_empty() {
                        mentioned.push(entity);
                    }
                    if !segments.contains(&segment) {
                        segments.push(segment);
                    }
                }
            }
        }
        let mut own: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
        let mut in_episode: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
        let mut shared = Vec::new();
        for entity in mentioned.iter().copied().filter(|e| !hosts.contains(e)) {
            let segments = by[&entity].as_slice();
            let episode = episode_of[&segments[0]];
            if let [only] = segments {
                own.entry(*only).or_default().push(entity);
            } else if segments.iter().all(|s| episode_of[s] == episode) {
                in_episode.entry(episode).or_default().push(entity);
            } else {
                shared.push(entity);
            }
        }
        // Kept entities no kept segment mentions (a `--kind` or `--around` selection keeps the
        // entity itself) still need drawing.
        let placed: HashSet<NodeIndex> = mentioned.iter().chain(&hosts).copied().collect();
        shared.extend(
            graph
                .entities()
                .map(|(i, _)| i)
                .filter(|&i| kept(i) && !placed.contains(&i)),
        );
        debug_assert!(shared.iter().all(|&i| matches!(g[i], Node::Entity(_))));
        Places {
            own,
            in_episode,
            hosts,
            shared,
        }
    }
}

/// A segment, alone or, when some entities are mentioned by it alone, in a borderless cluster
/// with them so they are drawn beside it.
fn segment_group(
    graph: &KnowledgeGraph,
    segment: NodeIndex,
    places: &Places,
    episode: usize,
) -> Stmt {
    let g = &graph.graph;
    let Some(own) = places.own.get(&segment) else {
        return node_stmt(&g[segment]);
    };
    let index = match &g[segment] {
        Node::Segment(s) => s.index,
        _ => 0,
    };
    let mut stmts = vec![
        Stmt::Attribute(attr("label", "")),
        Stmt::Attribute(attr("style", "rounded")),
        Stmt::Attribute(attr("color", "#dee2e6")),
        node_stmt(&g[segment]),
    ];
    stmts.extend(own.iter().map(|&e| styled_entity(&g[e])));
    Stmt::Subgraph(Subgraph {
        id: Id::Plain(format!("cluster_{episode}_{index}")),
        stmts,
    })
}

/// The whole DOT graph as graphviz-rust's AST.
pub fn to_dot(graph: &KnowledgeGraph, keep: Option<&HashSet<NodeIndex>>) -> Graph {
    let mut stmts = Vec::new();
    let mut open: Option<Vec<Stmt>> = None;
    let _ = each_statement(graph, keep, &mut |part| {
        match part {
            Part::Stmt(stmt) => stmts.push(stmt),
            Part::Open(head) => open = Some(head),
            Part::Inner(stmt) => open.get_or_insert_with(Vec::new).push(stmt),
            Part::Close => stmts.push(group(open.take().unwrap_or_default())),
        }
        Ok(())
    });
    Graph::DiGraph {
        id: id("podgraph"),
        strict: false,
        stmts,
    }
}

/// Writes the graph (or the selected part of it) as DOT. Statements are printed one at a time
/// by graphviz-rust's printer and streamed out, instead of joined into one string.
pub fn write(
    graph: &KnowledgeGraph,
    keep: Option<&HashSet<NodeIndex>>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut ctx = PrinterContext::default();
    // Printing an empty digraph puts the context into a digraph body (edges as `->`, indented).
    let header = Graph::DiGraph {
        id: id("podgraph"),
        strict: false,
        stmts: Vec::new(),
    }
    .print(&mut ctx);
    let open = header.trim_end().trim_end_matches('}').trim_end();
    writeln!(out, "{open}")?;
    each_statement(graph, keep, &mut |part| match part {
        Part::Stmt(stmt) => writeln!(out, "{}", stmt.print(&mut ctx)),
        Part::Open(head) => {
            // The group as the printer writes it, less its closing brace.
            let printed = group(head).print(&mut ctx);
            let body = printed.trim_end().strip_suffix('}').unwrap_or(&printed);
            writeln!(out, "{}", body.trim_end())
        }
        // One level deeper than a statement of the graph itself.
        Part::Inner(stmt) => {
            for line in stmt.print(&mut ctx).lines() {
                writeln!(out, "  {line}")?;
            }
            Ok(())
        }
        Part::Close => writeln!(out, "  }}"),
    })?;
    writeln!(out, "}}")
}

/// graph.dot behind the [`Exporter`](super::Exporter) trait.
pub struct Dot;

impl super::Exporter for Dot {
    fn name(&self) -> &'static str {
        "dot"
    }

    fn extension(&self) -> &'static str {
        "dot"
    }

    fn write(
        &self,
        source: &super::Source,
        part: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        super::one_part(self.name(), part)?;
        write(source.graph, source.selection.nodes(), out)
    }

    fn write_view(
        &self,
        view: &super::view::PropertyGraph,
        part: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        super::one_part(self.name(), part)?;
        write_view(view, out)
    }
}

/// Any graph given as a view, plainly: each node with its label (cut, with the full text as
/// tooltip), each edge labelled with its kind. The knowledge graph's own drawing is [`write`].
pub fn write_view(view: &super::view::PropertyGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let mut stmts = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
        attr("rankdir", "LR"),
        attr("fontname", "Helvetica"),
    ]))];
    for node in &view.nodes {
        let shown = short(&node.label);
        let mut attrs = vec![attr("label", &shown)];
        if shown != node.label {
            attrs.push(attr("tooltip", &node.label));
        }
        stmts.push(Stmt::Node(DotNode::new(NodeId(id(&node.id), None), attrs)));
    }
    for edge in &view.edges {
        let ty = EdgeTy::Pair(
            Vertex::N(NodeId(id(&edge.source), None)),
            Vertex::N(NodeId(id(&edge.target), None)),
        );
        stmts.push(Stmt::Edge(DotEdge {
            ty,
            attributes: vec![attr("label", &edge.kind)],
        }));
    }
    let graph = Graph::DiGraph {
        id: id(&view.name),
        strict: false,
        stmts,
    };
    writeln!(out, "{}", graph.print(&mut PrinterContext::default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::select::tests::sample;
    use crate::graph::{Edge, EntityNode};

    /// The lines of the block that opens with `head`, up to its closing brace.
    fn block<'a>(text: &'a str, head: &str) -> Vec<&'a str> {
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.trim() == head)
            .unwrap_or_else(|| panic!("no {head:?} in\n{text}"));
        let indent = lines[start].len() - lines[start].trim_start().len();
        let end = lines[start..]
            .iter()
            .position(|l| l.trim() == "}" && l.len() - l.trim_start().len() == indent)
            .unwrap();
        lines[start..start + end].to_vec()
    }

    fn written(graph: &KnowledgeGraph) -> String {
        let mut out = Vec::new();
        write(graph, None, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        graphviz_rust::parse(&text).expect("DOT parses");
        text
    }

    #[test]
    fn an_entity_one_segment_mentions_is_drawn_in_its_cluster() {
        // Episode 1's segment alone mentions pytest; Ada is in both episodes.
        let text = written(&sample());
        let own = block(&text, "subgraph cluster_0_0 {").join("\n");
        assert!(
            own.contains("\"package:pytest\"[label=\"pytest\" shape=\"box\""),
            "{own}"
        );
        assert!(own.contains("\"segment:1:0\""), "{own}");
        assert!(!text.contains("subgraph cluster_1_0"), "{text}");
        let ada = text
            .lines()
            .filter(|l| l.contains("\"person:ada\"["))
            .count();
        assert_eq!(ada, 1, "Ada is drawn once, outside the segments: {text}");
        assert!(!own.contains("person:ada"));
    }

    #[test]
    fn hosts_sit_in_the_first_column_and_their_edges_do_not_constrain() {
        let mut g = sample();
        let host = g.add_node(Node::Entity(EntityNode {
            id: "person:host".into(),
            kind: EntityKind::Person,
            label: "Host".into(),
            aliases: Vec::new(),
            confidence: 1.0,
            ecosystem: None,
        }));
        for segment in ["segment:1:0", "segment:2:0"] {
            let from = g.node(segment).unwrap();
            let edge = Edge {
                kind: EdgeKind::PresentedBy,
                weight: 1,
                evidence: Vec::new(),
            };
            g.add_edge(from, host, edge);
        }
        let text = written(&g);
        let first = text
            .lines()
            .position(|l| l.trim() == "rank=\"min\"")
            .expect("a rank=min group");
        assert!(text
            .lines()
            .nth(first + 1)
            .unwrap()
            .contains("\"person:host\""));
        assert!(text.contains("edge[color=\"#1d4ed8\" style=\"dashed\" constraint=\"false\"]"));
        assert_eq!(text.matches("\"person:host\"[").count(), 1, "{text}");
    }

    #[test]
    fn an_entity_two_segments_of_one_episode_mention_is_drawn_in_the_episode() {
        // Episode 1 gets a second segment that mentions pytest too, and lists it first.
        let mut g = sample();
        let episode = g.node("episode:1").unwrap();
        let pytest = g.node("package:pytest").unwrap();
        let second = g.add_node(Node::Segment(crate::graph::SegmentNode {
            id: "segment:1:1".into(),
            index: 1,
            ..crate::graph::SegmentNode::default()
        }));
        for (from, to, kind) in [
            (episode, second, EdgeKind::HasSegment),
            (second, pytest, EdgeKind::Mentions),
        ] {
            let edge = Edge {
                kind,
                weight: 1,
                evidence: Vec::new(),
            };
            g.add_edge(from, to, edge);
        }
        let text = written(&g);
        let episode_block = block(&text, "subgraph cluster_0 {").join("\n");
        assert!(
            episode_block.contains("\"package:pytest\"[label="),
            "{text}"
        );
        assert!(
            !text.contains("subgraph cluster_0_0"),
            "pytest has no one segment: {text}"
        );
        // Listed last to first, so that dot draws them top down in the notes' order.
        let at = |id: &str| episode_block.find(&format!("\"{id}\"[")).unwrap();
        assert!(at("segment:1:1") < at("segment:1:0"));
    }

    #[test]
    fn the_legend_is_one_chained_column() {
        let text = written(&KnowledgeGraph::default());
        let legend = block(&text, "subgraph cluster_legend {").join("\n");
        assert!(legend.contains("rank=\"same\""), "{legend}");
        assert_eq!(
            legend.matches("[style=\"invis\"]").count(),
            EntityKind::ALL.len() - 1
        );
    }
}
