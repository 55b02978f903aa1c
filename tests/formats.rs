//! Every segment-header form from the corpus notes, one small fixture each, against what a
//! careful reader lists in tests/fixtures/formats/expected.json.

use std::collections::BTreeMap;

use podgraph::ingest::{self, Options};
use podgraph::segment::{self, SegmentKind};
use serde::Deserialize;

use crate::util;

#[derive(Deserialize, Debug, PartialEq)]
struct Item {
    host: Option<String>,
    number: Option<u32>,
    title: String,
}

#[test]
fn every_header_form_gives_the_items_a_reader_sees() {
    let dir = util::fixtures().join("formats");
    let expected: BTreeMap<String, Vec<Item>> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    assert!(
        expected.len() >= 20,
        "expected.json lists {} files",
        expected.len()
    );
    let mut failures = Vec::new();
    for (name, items) in &expected {
        let (corpus, diags) = ingest::collect(&[dir.join(name)], &Options::default());
        assert!(diags.is_empty(), "{name}: {diags:?}");
        let (episode, _) = segment::split(
            &corpus.documents[0],
            &podgraph::profile::Profile::hosts_for_site("pythonbytes.fm"),
        );
        assert!(episode.number.is_some(), "{name}: no episode number");
        let got: Vec<Item> = episode
            .segments
            .iter()
            .filter(|s| {
                s.kind == SegmentKind::Topic
                    || (s.kind == SegmentKind::Extras && s.number.is_some())
            })
            .map(|s| Item {
                host: s.host.clone(),
                number: s.number,
                title: s.title.clone(),
            })
            .collect();
        if &got != items {
            failures.push(format!("{name}:\n  expected {items:?}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
