//! Snapshots of every export format for the fixture episodes (review changes with
//! `cargo insta review`). The fixtures put quotes, backslashes, braces, `<script>` and non-ASCII
//! names into titles, so a change in escaping shows here.

use std::path::PathBuf;

use podgraph::{build, Options};

fn fixture_graph() -> podgraph::graph::KnowledgeGraph {
    // A relative path keeps machine-specific folders out of the snapshots.
    let built = build(
        &[PathBuf::from("tests/fixtures/snapshot")],
        &Options::default(),
        &mut |_| {},
    );
    assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
    assert_eq!(built.episodes, 3);
    built.graph
}

#[test]
fn graph_json() {
    let mut out = Vec::new();
    podgraph::export::json::write(&fixture_graph(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).expect("graph.json is valid JSON");
    insta::assert_snapshot!("graph_json", text);
}

#[test]
fn graph_dot() {
    let mut out = Vec::new();
    podgraph::export::dot::write(&fixture_graph(), None, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    graphviz_rust::parse(&text).expect("graph.dot parses");
    insta::assert_snapshot!("graph_dot", text);
}

#[test]
fn related_json() {
    let lists = podgraph::recommend::related_all(&fixture_graph(), &Default::default());
    let mut out = Vec::new();
    podgraph::export::related::write(&lists, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).expect("related.json is valid JSON");
    assert_eq!(lists.len(), 3);
    insta::assert_snapshot!("related_json", text);
}

/// GraphML, GEXF, Cytoscape and both CSV files of the fixture graph, each read back by a parser
/// before its snapshot is compared.
#[test]
fn property_graph_formats() {
    let graph = fixture_graph();
    let all = podgraph::export::select::Selection::all();
    let source = podgraph::export::Source::new(&graph, &all);
    for name in ["graphml", "gexf", "cytoscape", "csv"] {
        let format = podgraph::export::format(name).unwrap();
        for (file, part) in podgraph::export::build_files(format) {
            let mut out = Vec::new();
            format.write(&source, part, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            match name {
                "cytoscape" => {
                    drop(serde_json::from_str::<serde_json::Value>(&text).expect("JSON"))
                }
                "csv" => assert!(csv::Reader::from_reader(text.as_bytes())
                    .records()
                    .all(|r| r.is_ok())),
                _ => drop(roxmltree::Document::parse(&text).expect("well-formed XML")),
            }
            insta::assert_snapshot!(file.replace(['/', '.'], "_"), text);
        }
    }
}
