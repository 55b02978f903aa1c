//! Criterion benches for feeds: the Syntax notes (when ../shared has them, else input/) rendered
//! to one RSS feed in memory, then timed stage by stage: the XML pull parse alone, the HTML notes
//! to markdown alone, and the whole feed read into documents. Each bench checks a count so a
//! broken stage cannot look fast. Writes only a temporary feed file.
//!
//! Run: `cargo bench --bench feeds` (set PODGRAPH_SHARED to point elsewhere).

mod common;

#[path = "../examples/common/render.rs"]
mod render;

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use podgraph::source::feed::{self, Notes};
use podgraph::{ingest, markup, Options};

/// The notes folder the feed is rendered from: Syntax when present, else the samples.
fn notes_dir() -> PathBuf {
    let syntax = common::shared_dir().join("corpus/syntax/shows");
    if syntax.is_dir() {
        syntax
    } else {
        eprintln!("benches: {} is absent; using input/", syntax.display());
        PathBuf::from("input")
    }
}

fn render_feed(notes: &PathBuf) -> Vec<u8> {
    let inputs = std::slice::from_ref(notes);
    let built = podgraph::build(inputs, &Options::default(), &mut |_| {});
    let mut out = Vec::new();
    render::write_feed(&built, inputs, &mut out).expect("writing to memory");
    out
}

fn feeds(c: &mut Criterion) {
    let xml = render_feed(&notes_dir());
    let mut items = Vec::new();
    feed::read_xml(xml.as_slice(), "bench.xml", &mut |item| items.push(item));
    assert!(!items.is_empty(), "the rendered feed has no items");
    let html: Vec<&str> = items
        .iter()
        .filter_map(|i| match &i.notes {
            Some(Notes::Html(h)) => Some(h.as_str()),
            _ => None,
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("podgraph-bench-feed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let path = dir.join("feed.xml");
    std::fs::write(&path, &xml).expect("temporary feed");

    let mut group = c.benchmark_group("feeds");
    group
        .sample_size(10)
        .throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_function("xml_pull_parse", |b| {
        b.iter(|| {
            let mut n = 0;
            feed::read_xml(xml.as_slice(), "bench.xml", &mut |_| n += 1);
            assert_eq!(n, items.len());
        })
    });
    group.bench_function("html_to_markdown", |b| {
        b.iter(|| {
            let total: usize = html
                .iter()
                .map(|h| markup::html::to_markdown(h).len())
                .sum();
            assert!(total > 0);
        })
    });
    let options = ingest::Options::default();
    group.bench_function("ingest_feed", |b| {
        b.iter(|| {
            let (corpus, _) = ingest::collect(std::slice::from_ref(&path), &options);
            assert_eq!(corpus.documents.len(), items.len());
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, feeds);
criterion_main!(benches);
