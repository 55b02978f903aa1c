//! DOT export: the knowledge graph (or a selection of it) in, Graphviz DOT out.
//!
//! One `cluster_` subgraph per episode holding the episode and its segments, entity nodes shaped
//! and coloured by kind, and a legend. The text is written directly, in the layout graphviz-rust's
//! printer uses (two-space indents, `name[key="value" …]`, `"a" -> "b" […]`); the tests parse it
//! back with graphviz-rust. Every id and label goes through [`quote`], so quotes, backslashes,
//! newlines and control characters in untrusted titles cannot break out of a string. Only reads
//! the graph.

use std::collections::HashSet;
use std::io::Write;

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
    push_quoted(&mut out, text);
    out
}

/// [`quote`], appended to `out`.
fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
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

/// DOT text being written, one statement per line at the current depth of subgraphs.
struct Dot {
    text: String,
    depth: usize,
}

impl Dot {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
    }

    /// `key="value" …` inside brackets; nothing at all for no attributes.
    fn attrs(&mut self, attrs: &[(&str, &str)]) {
        if attrs.is_empty() {
            return;
        }
        self.text.push('[');
        for (i, (key, value)) in attrs.iter().enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            self.text.push_str(key);
            self.text.push('=');
            push_quoted(&mut self.text, value);
        }
        self.text.push(']');
    }

    /// `graph[…]`, `node[…]` or `edge[…]`: defaults for the rest of the scope.
    fn defaults(&mut self, what: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.text.push_str(what);
        self.attrs(attrs);
        self.text.push('\n');
    }

    /// `key="value"` on a line of its own: an attribute of the enclosing subgraph.
    fn attribute(&mut self, key: &str, value: &str) {
        self.indent();
        self.text.push_str(key);
        self.text.push('=');
        push_quoted(&mut self.text, value);
        self.text.push('\n');
    }

    fn node(&mut self, id: &str, attrs: &[(&str, &str)]) {
        self.indent();
        push_quoted(&mut self.text, id);
        self.attrs(attrs);
        self.text.push('\n');
    }

    fn edge(&mut self, from: &str, to: &str, attrs: &[(&str, &str)]) {
        self.indent();
        push_quoted(&mut self.text, from);
        self.text.push_str(" -> ");
        push_quoted(&mut self.text, to);
        if !attrs.is_empty() {
            self.text.push(' ');
            self.attrs(attrs);
        }
        self.text.push('\n');
    }

    /// Opens a subgraph; `name` is empty for an unnamed one (a scope for defaults).
    fn open(&mut self, name: &str) {
        self.indent();
        self.text.push_str("subgraph ");
        self.text.push_str(name);
        self.text.push_str(" {\n");
        self.depth += 1;
    }

    fn close(&mut self) {
        self.depth -= 1;
        self.indent();
        self.text.push_str("}\n");
    }

    /// A graph node with its label; a tooltip only when the label had to be cut. Shape and
    /// colour come from the defaults of the group the node is in, which keeps the file small.
    fn graph_node(&mut self, node: &Node) {
        let label = node.label();
        let shown = short(&label);
        let mut attrs = Vec::with_capacity(4);
        attrs.push(("label", shown.as_str()));
        if shown != label {
            attrs.push(("tooltip", label.as_str()));
        }
        if let Node::Segment(s) = node {
            if let Some(url) = &s.url {
                attrs.push(("URL", url.as_str()));
            }
            if s.segment_kind != crate::segment::SegmentKind::Topic {
                attrs.push(("shape", "note"));
            }
        }
        self.node(node.id(), &attrs);
    }

    fn legend(&mut self) {
        self.open("cluster_legend");
        self.attribute("label", "Legend");
        self.attribute("style", "dashed");
        for kind in EntityKind::ALL {
            let (shape, color) = style(kind);
            let id = format!("legend:{}", kind.as_str());
            let attrs = [
                ("label", kind.as_str()),
                ("shape", shape),
                ("fillcolor", color),
            ];
            self.node(&id, &attrs);
        }
        self.close();
    }
}

fn edge_defaults(kind: EdgeKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        EdgeKind::HasSegment => &[("color", "#adb5bd"), ("arrowhead", "none")],
        EdgeKind::Mentions => &[("color", "#6c757d")],
        EdgeKind::PresentedBy => &[("color", "#1d4ed8"), ("style", "dashed")],
    }
}

/// Text is handed to the writer in pieces of about this size rather than held whole.
const CHUNK: usize = 1 << 16;

/// Writes the graph (or the selected part of it, `keep`) as DOT: defaults, the legend, one
/// cluster per episode, one group per entity kind, one group per edge kind. The text goes out
/// in chunks, so the file is never held in memory whole.
pub fn write(
    graph: &KnowledgeGraph,
    keep: Option<&HashSet<NodeIndex>>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let g = &graph.graph;
    let kept = |i: NodeIndex| keep.is_none_or(|k| k.contains(&i));
    let mut dot = Dot {
        text: String::with_capacity(2 * CHUNK),
        depth: 1,
    };
    let mut flush = |dot: &mut Dot, force: bool| -> std::io::Result<()> {
        if force || dot.text.len() >= CHUNK {
            out.write_all(dot.text.as_bytes())?;
            dot.text.clear();
        }
        Ok(())
    };
    dot.text.push_str("digraph \"podgraph\" {\n");
    dot.defaults(
        "graph",
        &[
            ("rankdir", "LR"),
            ("fontname", "Helvetica"),
            ("overlap", "false"),
            ("splines", "true"),
        ],
    );
    dot.defaults("node", &[("style", "filled"), ("fontname", "Helvetica")]);
    dot.defaults("edge", &[("fontname", "Helvetica"), ("fontsize", "10")]);
    dot.legend();
    for (cluster, (episode, node)) in graph.episodes().filter(|(i, _)| kept(*i)).enumerate() {
        let label = short(&node.label());
        dot.open(&format!("cluster_{cluster}"));
        dot.attribute("label", &label);
        dot.defaults("node", &[("shape", "box"), ("fillcolor", "#ffffff")]);
        let attrs = [
            ("label", label.as_str()),
            ("shape", "box3d"),
            ("fillcolor", "#e9ecef"),
        ];
        dot.node(&node.id, &attrs);
        for (segment, _) in graph.out(episode, EdgeKind::HasSegment) {
            if kept(segment) {
                dot.graph_node(&g[segment]);
            }
        }
        dot.close();
        flush(&mut dot, false)?;
    }
    for kind in EntityKind::ALL {
        let (shape, color) = style(kind);
        let mut entities = graph
            .entities()
            .filter(|(i, e)| e.kind == kind && kept(*i))
            .peekable();
        if entities.peek().is_none() {
            continue;
        }
        dot.open("");
        dot.defaults("node", &[("shape", shape), ("fillcolor", color)]);
        for (i, _) in entities {
            dot.graph_node(&g[i]);
            flush(&mut dot, false)?;
        }
        dot.close();
    }
    for kind in [
        EdgeKind::HasSegment,
        EdgeKind::Mentions,
        EdgeKind::PresentedBy,
    ] {
        let mut edges = g
            .edge_references()
            .filter(|e| e.weight().kind == kind && kept(e.source()) && kept(e.target()))
            .peekable();
        if edges.peek().is_none() {
            continue;
        }
        dot.open("");
        dot.defaults("edge", edge_defaults(kind));
        for edge in edges {
            let weight = edge.weight().weight;
            let (from, to) = (g[edge.source()].id(), g[edge.target()].id());
            if kind == EdgeKind::Mentions && weight > 1 {
                let width = format!("{:.1}", 1.0 + (weight as f32).ln());
                let label = weight.to_string();
                dot.edge(from, to, &[("penwidth", &width), ("label", &label)]);
            } else {
                dot.edge(from, to, &[]);
            }
            flush(&mut dot, false)?;
        }
        dot.close();
    }
    dot.depth = 0;
    dot.text.push_str("}\n");
    flush(&mut dot, true)
}
