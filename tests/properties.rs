//! Property tests: parsers never panic and their spans slice back into the text, extracted
//! mentions point at their place in the document; any string survives escaping into DOT and
//! JSON, and any label and id survive every property-graph format read back by a parser
//! (roxmltree for GraphML and GEXF, serde_json, the csv crate).

use podgraph::export::dot::quote;
use podgraph::export::view::{PEdge, PNode, PropertyGraph, Value};
use podgraph::graph::{EpisodeNode, KnowledgeGraph, Node};
use podgraph::ingest::{Document, Format};
use podgraph::{markup, segment};
use proptest::prelude::*;

/// Text made of the characters show notes are built from, so the markdown parser is exercised.
fn notes_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("**".to_string()),
            Just("[".to_string()),
            Just("](https://x.org/a)".to_string()),
            Just("`".to_string()),
            Just("\n".to_string()),
            Just("\n\n- ".to_string()),
            Just("  - ".to_string()),
            Just("Brian #1: ".to_string()),
            Just("# PB 12\n".to_string()),
            Just("```\n".to_string()),
            Just("•".to_string()),
            "[a-zA-Z ]{1,8}",
            any::<char>().prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

/// Reads a DOT string literal's body back the way Graphviz does for our escapes.
fn unescape(inner: &str) -> String {
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn markup_spans_slice_back_into_the_text(text in notes_text(), page in any::<bool>()) {
        let format = if page { Format::PageText } else { Format::Markdown };
        for block in markup::blocks(&text, format) {
            let line_count = text.lines().count().max(1);
            prop_assert!(block.line >= 1 && block.line <= line_count + 1, "line {} of {}", block.line, line_count);
            for range in block.links.iter().map(|l| l.range.clone()).chain(block.code.iter().cloned()).chain(block.strong.iter().cloned()) {
                prop_assert!(block.text.get(range.clone()).is_some(), "{range:?} does not slice {:?}", block.text);
            }
        }
    }

    #[test]
    fn segments_cover_every_block_in_order(text in notes_text()) {
        let doc = Document::markdown("p.md", &text);
        let (episode, _) = segment::split(&doc, &podgraph::profile::Profile::hosts_for_site("pythonbytes.fm"));
        let mut next = 0;
        for seg in &episode.segments {
            prop_assert_eq!(seg.blocks.start, next);
            prop_assert!(seg.lines.0 <= seg.lines.1);
            next = seg.blocks.end;
        }
        prop_assert_eq!(next, episode.blocks.len());
    }

    /// Every mention's block, line, span and surface agree with the text (see `fuzz`), for the
    /// show-notes alphabet above and for any string at all.
    #[test]
    fn extract_offsets_point_into_the_document(text in notes_text(), noise in any::<String>()) {
        for text in [&text, &noise] {
            prop_assert_eq!(crate::fuzz::extract_offsets(text), Ok(()), "{:?}", text);
        }
    }

    #[test]
    fn any_string_survives_dot_quoting(text in any::<String>()) {
        let quoted = quote(&text);
        let dot = format!("digraph g {{ a [label={quoted}] }}");
        prop_assert!(graphviz_rust::parse(&dot).is_ok(), "{dot}");
        let inner = &quoted[1..quoted.len() - 1];
        let unescaped = unescape(inner);
        let expected: String = text.chars().filter(|c| !c.is_control() || *c == '\n').collect();
        prop_assert_eq!(unescaped, expected);
    }

    #[test]
    fn any_title_survives_json(title in any::<String>(), source in any::<String>()) {
        let mut graph = KnowledgeGraph::default();
        graph.add_node(Node::Episode(EpisodeNode { id: "episode:1".into(), number: Some(1), title: Some(title.clone()), source: source.clone(), ..EpisodeNode::default() }));
        let mut out = Vec::new();
        podgraph::export::json::write(&graph, &mut out).unwrap();
        let back = podgraph::export::json::read(std::str::from_utf8(&out).unwrap()).unwrap();
        let (_, episode) = back.episodes().next().unwrap();
        prop_assert_eq!(episode.title.as_deref(), Some(title.as_str()));
        prop_assert_eq!(&episode.source, &source);
    }

    #[test]
    fn any_label_survives_every_format(label in any::<String>(), alias in any::<String>()) {
        let view = labelled(&label, &alias);
        // XML 1.0 cannot carry most control characters at all, even as references: those are
        // dropped, and everything else must come back exactly.
        let xml_text: String = label.chars().filter(|&c| xml_char(c)).collect();
        let xml_alias: String = alias.chars().filter(|&c| xml_char(c)).collect();
        let graphml_text = written("graphml", &view, "");
        let graphml = roxmltree::Document::parse(&graphml_text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let node = graphml.descendants().find(|n| n.has_tag_name("node")).unwrap();
        prop_assert_eq!(node.attribute("id"), Some(xml_text.as_str()));
        let data: Vec<&str> = node.children().filter(|n| n.has_tag_name("data")).map(|n| n.text().unwrap_or("")).collect();
        prop_assert_eq!(data[1], xml_text.as_str());
        prop_assert_eq!(serde_json::from_str::<Vec<String>>(data[2]).unwrap(), vec![xml_alias.clone()]);
        let gexf_text = written("gexf", &view, "");
        let gexf = roxmltree::Document::parse(&gexf_text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let node = gexf.descendants().find(|n| n.has_tag_name("node")).unwrap();
        prop_assert_eq!(node.attribute("id"), Some(xml_text.as_str()));
        prop_assert_eq!(node.attribute("label"), Some(xml_text.as_str()));
        let cytoscape: serde_json::Value = serde_json::from_str(&written("cytoscape", &view, "")).unwrap();
        let data = &cytoscape["elements"]["nodes"][0]["data"];
        prop_assert_eq!(data["id"].as_str(), Some(label.as_str()));
        prop_assert_eq!(data["name"].as_str(), Some(label.as_str()));
        prop_assert_eq!(data["aliases"][0].as_str(), Some(alias.as_str()));
        let csv = written("csv", &view, "nodes.csv");
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        let row = rows.records().next().unwrap().unwrap();
        prop_assert_eq!(row.get(0), Some(label.as_str()));
        prop_assert_eq!(row.get(2), Some(label.as_str()));
        prop_assert_eq!(serde_json::from_str::<Vec<String>>(row.get(3).unwrap()).unwrap(), vec![alias]);
    }
}

/// Whether XML 1.0 allows the character (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// One node whose id and label are `label`, with one alias, and a loop edge.
fn labelled(label: &str, alias: &str) -> PropertyGraph {
    let node = PNode {
        id: label.into(),
        kind: "package".into(),
        label: label.into(),
        attrs: vec![("aliases".into(), Value::List(vec![alias.into()]))],
        ..PNode::default()
    };
    PropertyGraph {
        name: "g".into(),
        nodes: vec![node],
        edges: vec![PEdge::new(label, label, "mentions")],
    }
}

fn written(format: &str, view: &PropertyGraph, part: &str) -> String {
    let mut out = Vec::new();
    podgraph::export::format(format)
        .unwrap()
        .write_view(view, part, &mut out)
        .unwrap();
    String::from_utf8(out).unwrap()
}
