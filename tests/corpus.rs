//! Tests over the real Python Bytes corpus in ../shared, skipped with a reason when it is absent.

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
