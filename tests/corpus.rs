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
        Regex::new(
            r"^(?:\(bonus\)\s*)?([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?|BO|MK)\s*(?:#\s*(\d{1,2})\b|(\d{1,2})\s*:)",
        )
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
            let first_word = c[1].split([' ', '-']).next().unwrap_or("");
            if matches!(
                first_word,
                "Episode" | "Python" | "Talk" | "See" | "Issue" | "Pep" | "Part"
            ) || !colon_or_bold
            {
                continue;
            }
            // "Topic #0:" numbers an item that no one in particular presents.
            let host = Some(c[1].to_string()).filter(|h| h != "Topic");
            (host, c.get(2).or(c.get(3)).unwrap().as_str())
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

/// The Python Bytes hosts, written here so no test leans on a built-in table.
fn pb_hosts() -> Hosts {
    let table = "[[host]]\nname = \"Michael Kennedy\"\naliases = [\"Michael\", \"MK\"]\n\n[[host]]\nname = \"Brian Okken\"\naliases = [\"Brian\", \"BO\"]\n";
    Hosts::parse(table, std::path::Path::new("pb.toml")).unwrap()
}

fn syntax_hosts() -> Hosts {
    let table = "[[host]]\nname = \"Wes Bos\"\naliases = [\"Wes\"]\n\n[[host]]\nname = \"Scott Tolinski\"\naliases = [\"Scott\"]\n\n[[host]]\nname = \"CJ Reynolds\"\naliases = [\"CJ\"]\n\n[[host]]\nname = \"Randy Rektor\"\naliases = [\"Randy\"]\n";
    Hosts::parse(table, std::path::Path::new("syntax.toml")).unwrap()
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
    let hosts = pb_hosts();
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

/// The seed page has no links, so every entity here comes from text signals alone. One page
/// is too little to infer a show from, so it is built with its show's profile, as a user would.
#[test]
fn the_seed_page_gives_the_entities_a_reader_sees() {
    let Some(shared) = util::shared() else { return };
    let options = podgraph::Options {
        profile: podgraph::profile::Profile::built_in_for_site("pythonbytes.fm"),
        ..podgraph::Options::default()
    };
    let built = podgraph::build(
        &[shared.join("seeds/python-bytes-122.txt")],
        &options,
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
    let stats = podgraph::query::stats(&first.graph, 5, false);
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

fn pb_episode(dir: &std::path::Path, file: &str) -> segment::Episode {
    let (corpus, _) = ingest::collect(&[dir.join(file)], &Options::default());
    segment::split(&corpus.documents[0], &pb_hosts()).0
}

/// Words before `#N` in a sub-list ("Level 1:", "Phase 1:", "Solution #1", "No 30") present
/// nothing, and guest hosts written with a full or hyphenated name present their items.
#[test]
fn only_real_speakers_are_hosts() {
    let Some(dir) = util::show_notes() else {
        return;
    };
    let cases: &[(&str, &[&str])] = &[
        ("024.md", &["Brian Okken", "Michael Kennedy"]),
        ("080.md", &["Brian Okken", "Dan", "Michael Kennedy"]),
        ("174.md", &["Brian Okken", "Michael Kennedy"]),
        ("192.md", &["Brian Okken", "Michael Kennedy"]),
        (
            "100.md",
            &[
                "Brian Okken",
                "Anthony Shaw",
                "Nina Zakharenko",
                "Dan Bader",
                "Brett Cannon",
                "Michael Kennedy",
            ],
        ),
        (
            "198.md",
            &["Brian Okken", "Michael Kennedy", "Anna-Lena Popkes"],
        ),
    ];
    for (file, expected) in cases {
        let episode = pb_episode(&dir, file);
        let mut hosts: Vec<&str> = Vec::new();
        for s in &episode.segments {
            if let Some(h) = s.host.as_deref().filter(|_| s.kind == SegmentKind::Topic) {
                if !hosts.contains(&h) {
                    hosts.push(h);
                }
            }
        }
        assert_eq!(&hosts, expected, "{file}");
    }
}

/// A timestamp at the start of a raw line, read independently of the segmenter: an optional
/// list marker and bold link around `m:ss` or `h:mm:ss`.
fn timestamped_lines(text: &str) -> Vec<(usize, u32)> {
    static TIME: OnceLock<Regex> = OnceLock::new();
    let time = TIME.get_or_init(|| {
        Regex::new(r"^\s*(?:[-*+]\s+)?(?:\*\*)?\[?(\d{1,2}):(\d{2})(?::(\d{2}))?\]?(?:\(#t=[^)]*\))?(?:\*\*)?(?:\s|$|:)")
            .unwrap()
    });
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some(c) = time.captures(line) else {
            continue;
        };
        let part = |i: usize| c.get(i).map_or(0, |m| m.as_str().parse::<u32>().unwrap());
        let seconds = match c.get(3) {
            Some(_) => part(1) * 3600 + part(2) * 60 + part(3),
            None => part(1) * 60 + part(2),
        };
        found.push((index + 1, seconds));
    }
    found
}

#[test]
fn syntax_timestamped_lines_become_chapters() {
    let Some(dir) = util::shared().map(|d| d.join("corpus/syntax/shows")) else {
        return;
    };
    if !dir.is_dir() {
        eprintln!("skipped: no Syntax notes at {}", dir.display());
        return;
    }
    let (corpus, _) = ingest::collect(&[dir], &Options::default());
    let hosts = syntax_hosts();
    let (mut total, mut chapters, mut sponsors) = (0, 0, 0);
    let mut misses = Vec::new();
    for doc in &corpus.documents {
        let (episode, _) = segment::split(doc, &hosts);
        for (line, start) in timestamped_lines(&doc.text) {
            total += 1;
            let hit = episode
                .segments
                .iter()
                .find(|s| s.start == Some(start) && s.lines.0 <= line && line <= s.lines.1);
            match hit.map(|s| s.kind) {
                Some(SegmentKind::Chapter) => chapters += 1,
                Some(SegmentKind::Sponsor) => sponsors += 1,
                _ => misses.push(format!("{}:{line}", doc.source)),
            }
        }
    }
    let rate = (chapters + sponsors) as f64 / total as f64;
    println!(
        "syntax timestamped lines: {total}, chapters with that start: {chapters}, sponsor reads: {sponsors} ({:.2}%)",
        rate * 100.0
    );
    for miss in misses.iter().take(20) {
        println!("  missed {miss}");
    }
    assert!(total > 5000, "the oracle found only {total} lines");
    assert!(rate >= 0.95, "only {:.2}% became chapters", rate * 100.0);
}

fn segmented_show(dir: std::path::PathBuf, hosts: &Hosts) -> Vec<segment::Episode> {
    let (corpus, _) = ingest::collect(&[dir], &Options::default());
    corpus
        .documents
        .iter()
        .map(|doc| segment::split(doc, hosts).0)
        .collect()
}

fn share_flagged<'a>(segments: impl Iterator<Item = &'a segment::Segment>) -> (usize, f64) {
    let (mut total, mut flagged) = (0, 0);
    for s in segments {
        total += 1;
        flagged += usize::from(s.boilerplate);
    }
    (total, flagged as f64 / total.max(1) as f64)
}

/// Repetition alone finds each show's socials, sponsor and connect-with-us blocks, and leaves
/// numbered topics alone. Prints the counts by kind for both shows.
#[test]
fn boilerplate_is_found_by_repetition() {
    use podgraph::segment::boilerplate::{mark, BoilerplateParams};
    let Some(shared) = util::shared() else { return };
    let syntax_dir = shared.join("corpus/syntax/shows");
    if !syntax_dir.is_dir() {
        return;
    }
    let mut pb = segmented_show(shared.join("corpus/python-bytes/show_notes"), &pb_hosts());
    let mut syntax = segmented_show(syntax_dir, &syntax_hosts());
    let params = BoilerplateParams::default();
    for (name, show) in [("python bytes", &mut pb), ("syntax", &mut syntax)] {
        let report = mark(show, &params);
        println!(
            "{name}: {} episodes, threshold {} episodes",
            report.episodes, report.threshold
        );
        for (kind, total) in &report.segments {
            let flagged = report.flagged.get(kind).copied().unwrap_or(0);
            println!("  {:<8} {flagged:>5} of {total:>5} flagged", kind.as_str());
        }
    }
    let segments = |show: &[segment::Episode]| -> Vec<segment::Segment> {
        show.iter().flat_map(|e| e.segments.clone()).collect()
    };
    let (pb_segments, syntax_segments) = (segments(&pb), segments(&syntax));
    let folded = |s: &segment::Segment| normalise(&s.title);
    let socials = share_flagged(syntax_segments.iter().filter(|s| {
        let t = folded(s);
        t.starts_with("tweetus") || t.starts_with("hitusup")
    }));
    let sponsors = share_flagged(
        syntax_segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Sponsor && s.start.is_none()),
    );
    let sponsor_reads = share_flagged(
        syntax_segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Sponsor && s.start.is_some()),
    );
    let pb_intros = share_flagged(pb_segments.iter().filter(|s| s.kind == SegmentKind::Intro));
    let pb_topics = share_flagged(pb_segments.iter().filter(|s| s.number.is_some()));
    let syntax_chapters = share_flagged(
        syntax_segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Chapter),
    );
    println!("syntax socials {socials:?}, sponsor sections {sponsors:?}, sponsor reads {sponsor_reads:?}, chapters {syntax_chapters:?}");
    println!("python bytes intros {pb_intros:?}, numbered topics {pb_topics:?}");
    assert!(socials.0 > 500 && socials.1 >= 0.95, "{socials:?}");
    assert!(sponsors.1 >= 0.90, "{sponsors:?}");
    assert!(pb_intros.1 >= 0.80, "{pb_intros:?}");
    assert!(pb_topics.1 <= 0.01, "{pb_topics:?}");
}

/// The Python Bytes topic graph leaves the hosts out, puts neighbours of one subject together
/// and comes out the same from the graph and from graph.json read back.
#[test]
fn corpus_topics_group_what_belongs_together() {
    let Some(dir) = util::show_notes() else {
        return;
    };
    let built = podgraph::build(
        std::slice::from_ref(&dir),
        &podgraph::Options::default(),
        &mut |_| {},
    );
    let params = podgraph::topics::Params::default();
    let topics = podgraph::topics::build(&built.graph, &params);
    let community = |label: &str| {
        topics
            .nodes
            .iter()
            .find(|n| n.label == label)
            .map(|n| n.community)
    };
    println!(
        "corpus topics: {} entities, {} links, modularity {}, largest: {:?}",
        topics.nodes.len(),
        topics.edges.len(),
        topics.modularity,
        topics
            .communities
            .iter()
            .take(5)
            .map(|c| &c.name)
            .collect::<Vec<_>>()
    );
    assert_eq!(community("Michael Kennedy"), None, "a host");
    assert_eq!(community("Brian Okken"), None, "a host");
    assert_eq!(community("pytest"), community("coverage"));
    assert_eq!(community("numpy"), community("pandas"));
    assert_ne!(community("pytest"), community("pandas"));
    assert!(topics.modularity > 0.3, "{}", topics.modularity);
    let mut json = Vec::new();
    podgraph::export::json::write(&built.graph, &mut json).unwrap();
    let read = podgraph::export::json::read(std::str::from_utf8(&json).unwrap()).unwrap();
    assert!(
        podgraph::topics::build(&read, &params) == topics,
        "read back differs"
    );
}

/// No entity label of the Syntax build ends in a possessive or a separator left from link
/// text ("Josh Comeau's", "Tailwind UI -", "Decap CMS |").
#[test]
fn syntax_labels_are_clean_names() {
    let Some(dir) = util::shared().map(|d| d.join("corpus/syntax/shows")) else {
        return;
    };
    if !dir.is_dir() {
        eprintln!("skipped: no Syntax corpus at {}", dir.display());
        return;
    }
    let built = podgraph::build(&[dir], &podgraph::Options::default(), &mut |_| {});
    let bad: Vec<String> = built
        .graph
        .entities()
        .map(|(_, e)| e.label.clone())
        .filter(|l| {
            let l = l.trim_end();
            l.ends_with("'s") || l.ends_with("’s") || l.ends_with(['|', '-'])
        })
        .collect();
    assert!(
        bad.is_empty(),
        "labels with a possessive or a separator: {bad:?}"
    );
}
