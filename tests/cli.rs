//! The binary as a user runs it, in a temporary folder.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

use crate::util;

fn podgraph() -> Command {
    Command::cargo_bin("podgraph").unwrap()
}

fn build(inputs: &[&Path], out: &Path) -> assert_cmd::assert::Assert {
    podgraph()
        .arg("build")
        .args(inputs)
        .arg("-o")
        .arg(out)
        .arg("--quiet")
        .assert()
}

#[test]
fn build_writes_json_and_dot_and_queries_read_them() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(&[&util::fixtures().join("snapshot")], &out).success();
    let json = out.join("graph.json");
    assert!(json.is_file() && out.join("graph.dot").is_file());
    podgraph()
        .arg("stats")
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("episodes  3"))
        .stdout(predicate::str::contains("topic"));
    podgraph()
        .args(["entities", "--kind", "package", "--top", "5"])
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("black"));
    podgraph()
        .args(["episode", "301"])
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("#301"));
}

#[test]
fn the_default_command_reads_input_and_writes_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    podgraph()
        .current_dir(tmp.path())
        .arg("build")
        .arg(root.join("input"))
        .arg("--quiet")
        .assert()
        .success();
    let json = fs::read_to_string(tmp.path().join("output/graph.json")).unwrap();
    assert!(json.contains("\"kind\": \"episode\"") || json.contains("\"kind\":\"episode\""));
}

#[test]
fn a_skipped_file_in_a_folder_gives_exit_code_1_and_the_rest_is_built() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    fs::create_dir(&notes).unwrap();
    fs::copy(
        util::fixtures().join("snapshot/301.md"),
        notes.join("301.md"),
    )
    .unwrap();
    fs::write(notes.join("noise.md"), b"\x00\x01\x02binary").unwrap();
    let out = tmp.path().join("out");
    podgraph()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("noise.md"));
    assert!(fs::read_to_string(out.join("graph.json"))
        .unwrap()
        .contains("\"number\":301"));
}

#[test]
fn a_missing_named_file_is_an_error_that_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    podgraph()
        .arg("build")
        .arg(tmp.path().join("nope.md"))
        .arg("-o")
        .arg(tmp.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.md"));
}

#[test]
fn usage_errors_exit_2() {
    podgraph().arg("frobnicate").assert().code(2);
    podgraph()
        .args(["entities", "--kind", "planet"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("planet"));
}

#[test]
fn query_commands_name_a_missing_or_bad_graph() {
    let tmp = tempfile::tempdir().unwrap();
    podgraph()
        .arg("stats")
        .arg(tmp.path().join("none.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("none.json"));
    let bad = tmp.path().join("bad.json");
    fs::write(&bad, "{\"nodes\": 3}").unwrap();
    podgraph()
        .arg("stats")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let text = fs::read_to_string(util::fixtures().join("snapshot/301.md")).unwrap();
    podgraph()
        .args(["build", "-", "--quiet", "-o"])
        .arg(&out)
        .write_stdin(text)
        .assert()
        .success();
    assert!(fs::read_to_string(out.join("graph.json"))
        .unwrap()
        .contains("<stdin>"));
}

#[test]
fn quiet_and_piped_builds_print_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    build(
        &[&util::fixtures().join("snapshot")],
        &tmp.path().join("out"),
    )
    .success()
    .stdout("")
    .stderr("");
}

#[test]
fn episode_and_around_select_part_of_the_dot() {
    let tmp = tempfile::tempdir().unwrap();
    let snapshot = util::fixtures().join("snapshot");
    let whole = tmp.path().join("whole");
    build(&[&snapshot], &whole).success();
    let one = tmp.path().join("one");
    podgraph()
        .arg("build")
        .arg(&snapshot)
        .args(["--quiet", "--episode", "302", "-o"])
        .arg(&one)
        .assert()
        .success();
    let around = tmp.path().join("around");
    podgraph()
        .arg("build")
        .arg(&snapshot)
        .args(["--quiet", "--around", "black", "-o"])
        .arg(&around)
        .assert()
        .success();
    let size = |dir: &Path| fs::read_to_string(dir.join("graph.dot")).unwrap();
    assert!(size(&one).len() < size(&whole).len());
    assert!(!size(&one).contains("\"episode:301\""));
    assert!(size(&around).contains("package:pypi:black"));
    podgraph()
        .arg("build")
        .arg(&snapshot)
        .args(["--quiet", "--episode", "999", "-o"])
        .arg(&one)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("999"));
}

#[test]
fn around_a_frequent_entity_warns_and_keeps_max_segments() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("input");
    build(&[&input], &out).success();
    let dot = tmp.path().join("pytest.dot");
    let export = |keep: &str| {
        podgraph()
            .args([
                "export",
                "--format",
                "dot",
                "--around",
                "pytest",
                "--max-segments",
                "3",
            ])
            .args(["--keep-segments", keep])
            .arg(out.join("graph.json"))
            .arg("-o")
            .arg(&dot)
            .assert()
            .success()
            .stderr(
                predicate::str::is_match(
                    r#"--around "pytest" is in \d+ segments; keeping the 3 most"#,
                )
                .unwrap(),
            );
        let text = fs::read_to_string(&dot).unwrap();
        let segments = text
            .lines()
            .filter(|l| l.trim_start().starts_with("\"segment:") && !l.contains("->"))
            .count();
        assert_eq!(segments, 3, "{text}");
        text
    };
    assert_ne!(
        export("recent"),
        export("central"),
        "the two choices keep different segments"
    );
    podgraph()
        .args(["export", "--format", "dot", "--max-segments", "3"])
        .arg(out.join("graph.json"))
        .arg("-o")
        .arg(&dot)
        .assert()
        .code(2);
}

#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(&[&util::fixtures().join("snapshot")], &out).success();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("podgraph"))
        .args(["entities", "--top", "100000"])
        .arg(out.join("graph.json"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            drop(child.stdout.take());
            child.wait()
        })
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn render_says_what_to_install_or_draws() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let assert = podgraph()
        .arg("build")
        .arg(util::fixtures().join("snapshot"))
        .args(["--quiet", "--render", "svg", "-o"])
        .arg(&out)
        .env("PATH", "/nonexistent")
        .assert();
    assert.code(2).stderr(predicate::str::contains("Graphviz"));
    assert!(
        out.join("graph.dot").is_file(),
        "the DOT file is written even when Graphviz is missing"
    );
}

/// topics.json as JSON, after checking its node-link shape: undirected, every link between two
/// of its nodes.
fn read_topics(path: &Path) -> serde_json::Value {
    let data: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(data["directed"], false);
    let ids: Vec<&str> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for link in data["links"].as_array().unwrap() {
        assert!(ids.contains(&link["source"].as_str().unwrap()), "{link}");
        assert!(ids.contains(&link["target"].as_str().unwrap()), "{link}");
    }
    data
}

#[test]
fn build_topics_and_the_topics_command_write_the_same_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    podgraph()
        .args(["build", "--topics", "--quiet", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success()
        .stderr("");
    let built = fs::read(out.join("topics.json")).unwrap();
    let data = read_topics(&out.join("topics.json"));
    assert!(!data["links"].as_array().unwrap().is_empty());
    assert!(!data["graph"]["communities"].as_array().unwrap().is_empty());
    // Without -o the file goes beside the graph, and a summary names the communities.
    fs::remove_file(out.join("topics.json")).unwrap();
    podgraph()
        .arg("topics")
        .arg(out.join("graph.json"))
        .assert()
        .success()
        .stderr(predicate::str::contains("communities (modularity"))
        .stderr(predicate::str::contains(" · "));
    assert_eq!(fs::read(out.join("topics.json")).unwrap(), built);
}

#[test]
fn topics_flags_cut_the_graph() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(
        &[&Path::new(env!("CARGO_MANIFEST_DIR")).join("input")],
        &out,
    )
    .success();
    let json = out.join("graph.json");
    let cut = tmp.path().join("cut");
    podgraph()
        .args([
            "topics",
            "--quiet",
            "--min-episodes",
            "1",
            "--top-edges",
            "3",
        ])
        .args(["--kind", "package,law", "-o"])
        .arg(&cut)
        .arg(&json)
        .assert()
        .success()
        .stderr("");
    let data = read_topics(&cut.join("topics.json"));
    assert_eq!(data["links"].as_array().unwrap().len(), 3);
    for node in data["nodes"].as_array().unwrap() {
        assert!(
            ["package", "law"].contains(&node["kind"].as_str().unwrap()),
            "{node}"
        );
    }
    podgraph()
        .args(["topics", "--kind", "planet"])
        .arg(&json)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown kind"));
}

#[test]
fn build_writes_each_format_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    podgraph()
        .args(["build", "--quiet", "--format", "graphml,csv", "-o"])
        .arg(&out)
        .arg(util::fixtures().join("snapshot"))
        .assert()
        .success();
    let csv = out.join("csv");
    for file in [
        out.join("graph.graphml"),
        csv.join("nodes.csv"),
        csv.join("relationships.csv"),
    ] {
        assert!(file.is_file(), "{}", file.display());
    }
    assert!(out.join("related.json").is_file());
    assert!(!out.join("graph.json").exists() && !out.join("graph.dot").exists());
    podgraph()
        .args(["build", "--format", "yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected json, dot, graphml, gexf, cytoscape, csv",
        ));
}

#[test]
fn export_writes_a_selection_in_any_format() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(&[&util::fixtures().join("snapshot")], &out).success();
    let json = out.join("graph.json");
    let export = |args: &[&str], to: &Path| {
        podgraph()
            .arg("export")
            .args(args)
            .arg(&json)
            .arg("-o")
            .arg(to)
            .assert()
    };
    let packages = tmp.path().join("packages.cyjs");
    export(&["--format", "cytoscape", "--kind", "package"], &packages).success();
    let data: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&packages).unwrap()).unwrap();
    let kinds: std::collections::BTreeSet<&str> = data["elements"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["data"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["episode", "package", "segment", "show"].into());
    let one = tmp.path().join("one.json");
    export(&["--format", "json", "--episode", "301"], &one).success();
    let text = fs::read_to_string(&one).unwrap();
    assert!(text.contains("\"number\":301") && !text.contains("\"number\":302"));
    let folder = tmp.path().join("neo4j");
    export(&["--format", "csv", "--around", "black"], &folder).success();
    let nodes = fs::read_to_string(folder.join("nodes.csv")).unwrap();
    assert!(nodes.starts_with("id:ID,:LABEL,label,"), "{nodes}");
    export(
        &["--format", "gexf", "--episode", "999"],
        &tmp.path().join("x"),
    )
    .code(2)
    .stderr(predicate::str::contains("--episode 999: no such episode"));
}

/// Builds the three snapshot episodes into `out` and returns graph.json's bytes.
fn good_output(out: &Path) -> Vec<u8> {
    build(&[&util::fixtures().join("snapshot")], out).success();
    fs::read(out.join("graph.json")).unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_that_finds_no_episode_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let before = good_output(&out);
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let binary = tmp.path().join("lone.md");
    fs::write(&binary, b"\x00\x01\x02\x03binary").unwrap();
    for input in [&empty, &binary] {
        build(&[input], &out)
            .code(2)
            .stderr(predicate::str::contains("nothing to build"));
        assert_eq!(
            fs::read(out.join("graph.json")).unwrap(),
            before,
            "{input:?}"
        );
        assert_eq!(names_in(&out), ["graph.dot", "graph.json", "related.json"]);
    }
}

#[test]
fn a_much_smaller_graph_replaces_a_big_one_only_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let before = good_output(&out);
    let one = util::fixtures().join("snapshot/301.md");
    build(&[&one], &out)
        .code(2)
        .stderr(predicate::str::contains("holds 3 episodes"))
        .stderr(predicate::str::contains("found only 1"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read(out.join("graph.json")).unwrap(), before);
    podgraph()
        .arg("build")
        .arg(&one)
        .args(["--quiet", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    let after = fs::read_to_string(out.join("graph.json")).unwrap();
    assert_eq!(after.matches("\"kind\":\"episode\"").count(), 1, "{after}");
    assert_eq!(names_in(&out), ["graph.dot", "graph.json", "related.json"]);
}

#[test]
fn quiet_still_says_why_input_was_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    fs::create_dir(&notes).unwrap();
    fs::copy(
        util::fixtures().join("snapshot/301.md"),
        notes.join("301.md"),
    )
    .unwrap();
    fs::write(notes.join("noise.md"), b"\x00\x01\x02binary").unwrap();
    fs::write(notes.join("blank.md"), b"  \n").unwrap();
    let assert = build(&[&notes], &tmp.path().join("out")).code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("skipped 2 inputs"), "{stderr}");
    assert!(
        stderr.contains("noise.md: looks like a binary file"),
        "{stderr}"
    );
    assert!(stderr.contains("blank.md: empty file"), "{stderr}");
}
