//! Tests over the real Python Bytes corpus in ../shared, skipped with a reason when it is absent
//! (failed instead under `PODGRAPH_REQUIRE_CORPUS=1`, as in CI).

use std::sync::OnceLock;

use podgraph::hosts::Hosts;
use podgraph::ingest::{self, Options};
use podgraph::segment::{self, SegmentKind};
use regex::Regex;

use crate::util;

/// A numbered item as a plain line-by-line reading of the raw file sees it: an oracle written
/// independently of the segmenter, so the two can disagree.
#[derive(Debug)]
struct Expected {
    line: usize,
    host: Option<String>,
    number: u32,
}

fn simplify(line: &str) -> String {
    static URL: OnceLock<Regex> = OnceLock::new();
    let url = URL.get_or_init(|| Regex::new(r"\]\([^)]*\)").unwrap());
    let no_urls = url.replace_all(line, "]");
    let stripped: String = no_urls
        .chars()
        .filter(|c| !matches!(c, '*' | '[' | ']' | '\\'))
        .collect();
    stripped.trim_start_matches(['#', ' ']).trim().to_string()
}

fn oracle(text: &str) -> Vec<Expected> {
    static HOST_FIRST: OnceLock<Regex> = OnceLock::new();
    static NUMBER_FIRST: OnceLock<Regex> = OnceLock::new();
    let host_first = HOST_FIRST.get_or_init(|| {
        Regex::new(r"^(?:\(bonus\)\s*)?([A-Z][a-z]+|BO|MK)\s*(?:#\s*(\d{1,2})\b|(\d{1,2})\s*:)")
            .unwrap()
    });
    let number_first = NUMBER_FIRST
        .get_or_init(|| Regex::new(r"^(\d{1,2})\s*:?\s*\(?([A-Z][a-z]+)\)?\s*:").unwrap());
    let mut found = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        if raw.starts_with([' ', '\t', '-', '>']) || raw.starts_with("* ") {
            continue;
        }
        let line = simplify(raw);
        let (host, number) = if let Some(c) = host_first.captures(&line) {
            let colon_or_bold = raw.contains("**")
                || line[c.get(0).unwrap().end()..]
                    .trim_start()
                    .starts_with(':');
            if matches!(
                &c[1],
                "Episode" | "Python" | "Talk" | "See" | "Issue" | "Pep" | "Part"
            ) || !colon_or_bold
            {
                continue;
            }
            (
                Some(c[1].to_string()),
                c.get(2).or(c.get(3)).unwrap().as_str(),
            )
        } else if let Some(c) = number_first.captures(&line).filter(|_| {
            raw.trim_start_matches(['*', '[', '#', ' '])
                .starts_with('#')
        }) {
            (Some(c[2].to_string()), c.get(1).unwrap().as_str())
        } else {
            continue;
        };
        found.push(Expected {
            line: index + 1,
            host,
            number: number.parse().unwrap(),
        });
    }
    found
}

fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn numbered_items_become_topics_with_host_and_title() {
    let Some(dir) = util::show_notes() else {
        return;
    };
    let (corpus, _) = ingest::collect(&[dir], &Options::default());
    let hosts = Hosts::default();
    let (mut expected_total, mut matched, mut unresolved) = (0, 0, 0);
    let mut misses = Vec::new();
    for doc in &corpus.documents {
        let (episode, _) = segment::split(doc, &hosts);
        let lines: Vec<&str> = doc.text.lines().collect();
        for item in oracle(&doc.text) {
            expected_total += 1;
            let window: Vec<String> = lines[item.line - 1..(item.line + 3).min(lines.len())]
                .iter()
                .map(|l| simplify(l))
                .collect();
            let window = window.join(" ");
            let ok = episode.segments.iter().any(|s| {
                matches!(s.kind, SegmentKind::Topic | SegmentKind::Extras)
                    && s.lines.0 == item.line
                    && s.number == Some(item.number)
                    && s.host_as_written.as_deref().map(str::to_lowercase)
                        == item.host.as_deref().map(str::to_lowercase)
                    && !s.title.is_empty()
                    && normalise(&window).contains(&normalise(&s.title))
            });
            if ok {
                matched += 1;
                let seg = episode
                    .segments
                    .iter()
                    .find(|s| s.lines.0 == item.line)
                    .unwrap();
                unresolved += usize::from(!seg.host.as_deref().is_some_and(|h| h.contains(' ')));
            } else {
                let at_line = episode.segments.iter().find(|s| s.lines.0 == item.line);
                let got = at_line.map(|s| {
                    format!(
                        "{:?} #{:?} {:?} {:?}",
                        s.kind, s.number, s.host_as_written, s.title
                    )
                });
                misses.push(format!(
                    "{}:{}: {}\n      got {got:?}",
                    doc.source,
                    item.line,
                    lines[item.line - 1]
                ));
            }
        }
    }
    let rate = matched as f64 / expected_total as f64;
    println!("numbered items: {expected_total}, segmented with host and title: {matched} ({:.2}%), host without a full name: {unresolved}", rate * 100.0);
    for miss in misses.iter().take(40) {
        println!("  missed {miss}");
    }
    assert!(
        expected_total > 2000,
        "the oracle found only {expected_total} items"
    );
    assert!(
        rate >= 0.99,
        "only {:.2}% of numbered items became topics",
        rate * 100.0
    );
}

/// The seed page has no links, so every entity here comes from text signals alone.
#[test]
fn the_seed_page_gives_the_entities_a_reader_sees() {
    let Some(shared) = util::shared() else { return };
    let built = podgraph::build(
        &[shared.join("seeds/python-bytes-122.txt")],
        &podgraph::Options::default(),
        &mut |_| {},
    );
    let found: Vec<(String, String)> = built
        .graph
        .entities()
        .map(|(_, e)| (e.kind.as_str().to_string(), e.label.clone()))
        .collect();
    let expected = [
        (
            "person",
            &[
                "Matthew Rocklin",
                "Craig Kerstiens",
                "Wai Chee Yau",
                "Tim Sommer",
                "Derrick Chambers",
                "Michael Kennedy",
                "Brian Okken",
            ][..],
        ),
        (
            "package",
            &[
                "memory-profiler",
                "matplotlib",
                "muppy",
                "objgraph",
                "pandas",
                "pyjokes",
            ][..],
        ),
        (
            "project",
            &[
                "Slack",
                "GitHub",
                "MongoDB",
                "RabbitMQ",
                "Beer Garden",
                "Firefox Send",
            ][..],
        ),
        ("organization", &["Zendesk", "DigitalOcean"][..]),
        (
            "law",
            &[
                "Hofstadter's Law",
                "Conway's Law",
                "Peter Principle",
                "Ninety-ninety rule",
            ][..],
        ),
    ];
    let mut missing = Vec::new();
    for (kind, names) in expected {
        for name in names {
            if !found.iter().any(|(k, l)| k == kind && l == name) {
                missing.push(format!("{kind} {name}"));
            }
        }
    }
    println!("seed page: {} entities found", found.len());
    assert!(
        missing.is_empty(),
        "missing from the seed page: {missing:?}"
    );
    let (_, episode) = built.graph.episodes().next().unwrap();
    assert_eq!(
        (episode.number, episode.title.as_deref()),
        (Some(122), Some("Give Me Back My Monolith"))
    );
}

/// Two builds of the whole corpus give byte-identical files, and both formats are valid.
#[test]
fn corpus_builds_are_identical_and_valid() {
    let Some(dir) = util::show_notes() else {
        return;
    };
    let write = || {
        let built = podgraph::build(
            std::slice::from_ref(&dir),
            &podgraph::Options::default(),
            &mut |_| {},
        );
        let (mut json, mut dot) = (Vec::new(), Vec::new());
        podgraph::export::json::write(&built.graph, &mut json).unwrap();
        podgraph::export::dot::write(&built.graph, None, &mut dot).unwrap();
        (built, json, dot)
    };
    let (first, json_a, dot_a) = write();
    let (_, json_b, dot_b) = write();
    assert!(json_a == json_b, "graph.json differs between two builds");
    assert!(dot_a == dot_b, "graph.dot differs between two builds");
    let stats = podgraph::query::stats(&first.graph, 5);
    println!(
        "corpus: {} episodes, segments {:?}, entities {:?}",
        stats.episodes, stats.segments, stats.entities
    );
    assert_eq!(stats.episodes, 462);
    assert!(stats.segments["topic"] >= 2300, "{:?}", stats.segments);
    serde_json::from_slice::<serde_json::Value>(&json_a).expect("graph.json is valid JSON");
    graphviz_rust::parse(std::str::from_utf8(&dot_a).unwrap())
        .expect("graphviz-rust parses the corpus DOT");
}

/// The dev gold set's scores, printed so a regression shows in CI output. The floors only ever
/// go up: raise them when extraction improves.
#[test]
fn dev_gold_set_scores_stay_above_their_floors() {
    let Some(dir) = util::show_notes() else {
        return;
    };
    let gold_text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/gold/dev.jsonl"))
            .unwrap();
    let gold = podgraph::eval::read_gold(&gold_text).unwrap();
    let built = podgraph::build(&[dir], &podgraph::Options::default(), &mut |_| {});
    let report = podgraph::eval::score(&gold, &built.graph);
    println!("dev gold set: {} episodes", report.episodes);
    println!("{:<14} {:>7} {:>7} {:>7}", "kind", "P", "R", "F1");
    let kinds = report.typed.iter().map(|(k, c)| (k.as_str(), c));
    for (name, c) in kinds.chain([
        ("all (typed)", &report.typed_total),
        ("all (untyped)", &report.untyped_total),
    ]) {
        println!(
            "{name:<14} {:>7.3} {:>7.3} {:>7.3}",
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    assert_eq!(report.episodes, 44);
    let f1 = |kind: podgraph::extract::EntityKind| report.typed[&kind].f1();
    use podgraph::extract::EntityKind::*;
    for (kind, floor) in [
        (Person, FLOOR_PERSON),
        (Package, FLOOR_PACKAGE),
        (Project, FLOOR_PROJECT),
    ] {
        assert!(
            f1(kind) >= floor,
            "{kind:?} typed F1 {:.3} fell below {floor}",
            f1(kind)
        );
    }
    assert_eq!(
        report.typed[&Law].false_negatives, 0,
        "every named law in the dev set is found"
    );
    assert!(
        report.untyped_total.f1() >= FLOOR_UNTYPED,
        "untyped F1 {:.3}",
        report.untyped_total.f1()
    );
}

const FLOOR_PERSON: f64 = 0.94;
const FLOOR_PACKAGE: f64 = 0.90;
const FLOOR_PROJECT: f64 = 0.88;
const FLOOR_UNTYPED: f64 = 0.92;
