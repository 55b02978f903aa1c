//! Hostile input: binary noise, invalid UTF-8, empty files, BOM and CRLF, a 20 MB line, lists
//! 3,000 levels deep, unclosed links and bold, titles full of quotes and markup. Nothing may
//! panic, every good episode must be kept, and both outputs must stay valid.

use std::fs;
use std::path::PathBuf;

use podgraph::error::Severity;
use podgraph::{build, ingest, Options};

use crate::util;

fn hostile_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(util::fixtures().join("hostile")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
    }
    let mut long =
        String::from("# PB 901\n\n**Brian #1:** [**A very long line**](https://example.com)\n\n- ");
    long.push_str(&"word `code` [link](https://x.org) **bold ".repeat(20_000_000 / 40));
    fs::write(tmp.path().join("901-long-line.md"), long).unwrap();
    let mut deep = String::from("# PB 902\n\n**Michael #1:** Deep lists\n\n");
    for level in 0..3000 {
        deep.push_str(&"  ".repeat(level));
        deep.push_str("- item\n");
    }
    fs::write(tmp.path().join("902-deep.md"), deep).unwrap();
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    fs::write(tmp.path().join("903-noise.md"), noise).unwrap();
    tmp
}

#[test]
fn hostile_input_is_survived_and_good_episodes_kept() {
    let tmp = hostile_folder();
    let options = Options {
        ingest: ingest::Options {
            max_bytes: 64 * 1024 * 1024,
        },
        ..Options::default()
    };
    let built = build(&[tmp.path().to_path_buf()], &options, &mut |_| {});
    let good: Vec<PathBuf> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md")))
        .filter(|p| {
            fs::read(p)
                .map(|b| {
                    !b.contains(&0)
                        && (b.windows(4).any(|w| w == b"#1:*") || b.windows(3).any(|w| w == b"#1:"))
                })
                .unwrap_or(false)
        })
        .collect();
    assert!(good.len() >= 6, "fixture set shrank: {good:?}");
    let sources: Vec<String> = built
        .graph
        .episodes()
        .map(|(_, e)| e.source.clone())
        .collect();
    for path in &good {
        assert!(
            sources.iter().any(|s| s == &path.display().to_string()),
            "{} was dropped; kept {sources:?}",
            path.display()
        );
    }
    let skipped: Vec<String> = built
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Skipped)
        .map(|d| d.path.display().to_string())
        .collect();
    for name in ["noise.bin", "unknown.xyz", "903-noise.md", "empty.md"] {
        assert!(
            skipped.iter().any(|s| s.ends_with(name)),
            "{name} should be reported as skipped: {skipped:?}"
        );
    }
    let invalid = built
        .diagnostics
        .iter()
        .find(|d| d.path.ends_with("invalid-utf8.md"))
        .expect("invalid UTF-8 is reported");
    assert!(
        invalid.message.contains("byte offset") && invalid.line.is_some(),
        "{invalid}"
    );

    let mut json = Vec::new();
    podgraph::export::json::write(&built.graph, &mut json).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    assert!(value["nodes"].as_array().unwrap().len() > good.len());
    let mut dot = Vec::new();
    podgraph::export::dot::write(&built.graph, None, &mut dot).unwrap();
    graphviz_rust::parse(&String::from_utf8(dot).unwrap()).expect("valid DOT");
}

#[test]
fn files_over_the_size_limit_are_skipped_with_a_warning() {
    let tmp = hostile_folder();
    let built = build(
        &[tmp.path().to_path_buf()],
        &Options::default(),
        &mut |_| {},
    );
    let over = built
        .diagnostics
        .iter()
        .find(|d| d.path.ends_with("901-long-line.md"))
        .expect("the 20 MB file is reported");
    assert_eq!(over.severity, Severity::Skipped);
    assert!(over.message.contains("limit"), "{over}");
    assert!(built.graph.episodes().any(|(_, e)| e.number == Some(902)));
}
