//! Related episodes end to end: the sample episodes' own references, and the evaluation over the
//! real corpus (skipped with a reason when ../shared is absent), which prints its figures.

use std::path::PathBuf;

use podgraph::recommend::{evaluate, Params};
use podgraph::Options;

use crate::util;

#[test]
fn sample_references_are_found_with_masking_on() {
    let report = evaluate::corpus(
        &[PathBuf::from("input")],
        &Options::default(),
        &[Params::default()],
        10,
    );
    let pairs: Vec<(u32, u32)> = report.pairs.iter().map(|p| (p.citing, p.cited)).collect();
    assert_eq!(pairs, [(205, 202), (206, 203)]);
    assert_eq!(report.figures[0].hit_either, 1.0);
}

#[test]
fn corpus_evaluation() {
    let Some(notes) = util::show_notes() else {
        return;
    };
    let report = evaluate::corpus(&[notes], &Options::default(), &[Params::default()], 10);
    let f = report.figures[0];
    eprintln!(
        "related episodes on the masked corpus: {} episodes, {} reference pairs, hit@10 either {:.3}, hit@10 citing {:.3}, MRR {:.3}",
        report.episodes, f.pairs, f.hit_either, f.hit_citing, f.mrr
    );
    assert!(f.pairs >= 80, "{} pairs", f.pairs);
    // TF-IDF cosine over the whole text scores 0.443 on this task; stay above it.
    assert!(f.hit_either > 0.443, "hit@10 {:.3}", f.hit_either);
}

#[test]
fn build_writes_related_json_and_the_queries_read_the_graph() {
    use assert_cmd::Command;
    use predicates::prelude::*;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = || Command::cargo_bin("podgraph").unwrap();
    run()
        .args(["build", "input", "--quiet", "--top", "2", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(out.join("related.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let episodes = value["episodes"].as_array().unwrap();
    assert_eq!(episodes.len(), 7);
    assert!(episodes
        .iter()
        .all(|e| e["related"].as_array().unwrap().len() <= 2));
    let graph = out.join("graph.json");
    run()
        .args(["related", "205", "--top", "1", "--json"])
        .arg(&graph)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"episode\": 202"));
    run()
        .args(["related", "205"])
        .arg(&graph)
        .assert()
        .success()
        .stdout(predicate::str::contains("also covered"));
    run()
        .args(["entity", "PYDANTIC"])
        .arg(&graph)
        .assert()
        .success()
        .stdout(predicate::str::contains("first mention: #202"));
    run()
        .args(["related", "999"])
        .arg(&graph)
        .assert()
        .failure()
        .stderr(predicate::str::contains("999"));
}
