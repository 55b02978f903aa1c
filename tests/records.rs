//! The map and reduce steps apart: `extract --jsonl` then `build --from-jsonl`, and
//! `build --cache`, must give the graph a plain build gives, byte for byte, and a cache must
//! never be trusted over the notes.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use super::util;

fn podgraph() -> Command {
    Command::cargo_bin("podgraph").unwrap()
}

fn build(args: &[&str], out: &Path) -> Vec<u8> {
    podgraph()
        .arg("build")
        .args(args)
        .arg("-o")
        .arg(out)
        .arg("--quiet")
        .assert()
        .code(predicates::ord::le(1));
    graph_files(out)
}

/// graph.json and related.json, one after the other.
fn graph_files(out: &Path) -> Vec<u8> {
    let mut bytes = fs::read(out.join("graph.json")).unwrap();
    bytes.extend(fs::read(out.join("related.json")).unwrap());
    bytes
}

/// A copy of the sample episodes, to change without touching `input/`.
fn sample_copy(dir: &Path) -> PathBuf {
    let copy = dir.join("notes");
    fs::create_dir_all(&copy).unwrap();
    for entry in
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("input/show_notes")).unwrap()
    {
        let path = entry.unwrap().path();
        fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
    copy
}

fn jsonl_round_trip(notes: &Path, dir: &Path) {
    let lines = dir.join("records.jsonl");
    podgraph()
        .arg("extract")
        .arg("--jsonl")
        .arg(notes)
        .arg("-o")
        .arg(&lines)
        .arg("--quiet")
        .assert()
        .code(predicates::ord::le(1));
    let text = fs::read_to_string(&lines).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    for field in ["show", "episode", "mentions", "terms", "prints"] {
        assert!(first.get(field).is_some(), "no {field} in {first}");
    }
    let direct = build(&[notes.to_str().unwrap()], &dir.join("direct"));
    let merged = build(
        &["--from-jsonl", lines.to_str().unwrap()],
        &dir.join("merged"),
    );
    assert!(direct.len() > 1000);
    assert!(direct == merged, "the JSONL round trip changed the graph");
}

#[test]
fn extract_then_merge_gives_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    jsonl_round_trip(&sample_copy(dir.path()), dir.path());
}

#[test]
fn extract_then_merge_gives_the_same_graph_on_the_corpus() {
    let Some(notes) = util::show_notes() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    jsonl_round_trip(&notes, dir.path());
}

#[test]
fn records_split_over_two_runs_merge_into_one_graph() {
    let dir = tempfile::tempdir().unwrap();
    let notes = sample_copy(dir.path());
    let profile = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/profiles/python-bytes.toml");
    let mut files: Vec<PathBuf> = fs::read_dir(&notes)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (a, b) = files.split_at(files.len() / 2);
    let mut parts = Vec::new();
    for (i, part) in [a, b].into_iter().enumerate() {
        let lines = dir.path().join(format!("part{i}.jsonl"));
        podgraph()
            .args(["extract", "--jsonl", "--quiet", "--profile"])
            .arg(&profile)
            .args(part)
            .arg("-o")
            .arg(&lines)
            .assert()
            .code(predicates::ord::le(1));
        parts.push(lines.to_str().unwrap().to_string());
    }
    let whole = build(
        &[
            "--profile",
            profile.to_str().unwrap(),
            notes.to_str().unwrap(),
        ],
        &dir.path().join("whole"),
    );
    let mut args = vec!["--from-jsonl"];
    args.extend(parts.iter().map(String::as_str));
    let merged = build(&args, &dir.path().join("merged"));
    assert!(
        whole == merged,
        "two halves extracted apart did not merge into the whole"
    );
}

#[test]
fn a_bad_jsonl_line_is_reported_with_its_line_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let notes = sample_copy(dir.path());
    let lines = dir.path().join("records.jsonl");
    podgraph()
        .args(["extract", "--jsonl", "--quiet"])
        .arg(&notes)
        .arg("-o")
        .arg(&lines)
        .assert()
        .code(predicates::ord::le(1));
    let mut text = fs::read_to_string(&lines).unwrap();
    text.insert_str(0, "{\"not\": \"a record\"}\n");
    fs::write(&lines, text).unwrap();
    podgraph()
        .args(["build", "--from-jsonl"])
        .arg(&lines)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("records.jsonl:1"));
    assert!(dir.path().join("out/graph.json").is_file());
}

#[test]
fn a_cache_gives_the_same_graph_and_is_never_trusted_over_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let notes = sample_copy(dir.path());
    let cache = dir.path().join("cache");
    let (notes_arg, cache_arg) = (notes.to_str().unwrap(), cache.to_str().unwrap());
    let plain = build(&[notes_arg], &dir.path().join("plain"));
    let first = build(
        &[notes_arg, "--cache", cache_arg],
        &dir.path().join("first"),
    );
    let entries: Vec<PathBuf> = walk(&cache);
    assert!(entries.len() >= 6, "{entries:?}");
    let second = build(
        &[notes_arg, "--cache", cache_arg],
        &dir.path().join("second"),
    );
    assert!(plain == first && first == second, "a cached build differs");

    // A corrupt entry is made again, not read.
    for entry in &entries {
        fs::write(entry, b"{\"key\": \"garbage\"").unwrap();
    }
    let repaired = build(
        &[notes_arg, "--cache", cache_arg],
        &dir.path().join("repaired"),
    );
    assert!(repaired == plain, "a corrupt cache changed the graph");

    // A changed file is read again: its new entity is in the graph.
    let file = fs::read_dir(&notes)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n- Also this week: [zstandard](https://pypi.org/project/zstandard/) 1.0.\n");
    fs::write(&file, text).unwrap();
    let changed = build(
        &[notes_arg, "--cache", cache_arg],
        &dir.path().join("changed"),
    );
    let graph = String::from_utf8(changed).unwrap();
    assert!(
        graph.contains("package:pypi:zstandard"),
        "the edit was not read"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
