//! Property tests: parsers never panic and their spans slice back into the text, extracted
//! mentions point at their place in the document; any string survives escaping into DOT and
//! JSON.

use podgraph::export::dot::quote;
use podgraph::graph::{EpisodeNode, KnowledgeGraph, Node};
use podgraph::hosts::Hosts;
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
        let doc = Document { source: "p.md".into(), format: Format::Markdown, text, number_hint: None };
        let (episode, _) = segment::split(&doc, &Hosts::default());
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
}
