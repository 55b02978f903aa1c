//! Criterion benches: one group per stage and one end to end, over the real corpus when
//! ../shared is present (else the sample episodes in input/). Each bench checks a count so a
//! broken stage cannot look fast.
//!
//! Run: `cargo bench --bench pipeline` (set PODGRAPH_SHARED to point elsewhere).

mod common;

use common::corpus_dir;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use podgraph::extract::{self, gazetteer::Gazetteer};
use podgraph::graph::{self, Extracted};
use podgraph::{export, ingest, segment, Options};

fn stages(c: &mut Criterion) {
    let dir = corpus_dir();
    let options = ingest::Options::default();
    let (corpus, _) = ingest::collect(std::slice::from_ref(&dir), &options);
    let bytes: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    let hosts = podgraph::profile::Profile::hosts_for_site("pythonbytes.fm");
    let gazetteer = Gazetteer::shared();

    let mut group = c.benchmark_group("stages");
    group
        .sample_size(10)
        .throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("ingest", |b| {
        b.iter(|| {
            assert!(!ingest::collect(std::slice::from_ref(&dir), &options)
                .0
                .documents
                .is_empty())
        })
    });
    group.bench_function("segment", |b| {
        b.iter(|| {
            assert!(
                corpus
                    .documents
                    .iter()
                    .map(|d| segment::split(d, &hosts).0.segments.len())
                    .sum::<usize>()
                    > 0
            )
        })
    });
    let episodes: Vec<_> = corpus
        .documents
        .iter()
        .map(|d| segment::split(d, &hosts).0)
        .collect();
    let extract_all = || -> Vec<Vec<Vec<extract::Mention>>> {
        episodes
            .iter()
            .map(|e| {
                let ctx = extract::Context::for_episode(gazetteer, e, &hosts);
                e.segments
                    .iter()
                    .map(|s| extract::extract(e, s, &ctx))
                    .collect()
            })
            .collect()
    };
    group.bench_function("extract", |b| {
        b.iter(|| assert!(extract_all().iter().flatten().flatten().count() > 0))
    });
    group.bench_function("gazetteer_build", |b| {
        b.iter(|| assert!(!Gazetteer::built_in().entries.is_empty()))
    });
    let mentions = extract_all();
    let extracted = || {
        episodes
            .iter()
            .zip(mentions.clone())
            .map(|(episode, mentions)| Extracted { episode, mentions })
            .collect::<Vec<_>>()
    };
    group.bench_function("graph", |b| {
        b.iter(|| assert!(graph::build(extracted(), &[], 0.0).graph.node_count() > episodes.len()))
    });
    let kg = graph::build(extracted(), &[], 0.0);
    group.bench_function("export_json", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(8 << 20);
            export::json::write(&kg, &mut out).unwrap();
            assert!(out.len() > bytes / 10);
        })
    });
    group.bench_function("export_dot", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(4 << 20);
            export::dot::write(&kg, None, &mut out).unwrap();
            assert!(out.len() > bytes / 10);
        })
    });
    group.finish();
}

fn end_to_end(c: &mut Criterion) {
    let dir = corpus_dir();
    let mut group = c.benchmark_group("end_to_end");
    let (corpus, _) = ingest::collect(std::slice::from_ref(&dir), &ingest::Options::default());
    group
        .sample_size(10)
        .throughput(Throughput::Elements(corpus.documents.len() as u64));
    group.bench_function("build_and_write", |b| {
        b.iter(|| {
            let built =
                podgraph::build(std::slice::from_ref(&dir), &Options::default(), &mut |_| {});
            assert_eq!(built.episodes, corpus.documents.len());
            let (mut json, mut dot) = (Vec::new(), Vec::new());
            export::json::write(&built.graph, &mut json).unwrap();
            export::dot::write(&built.graph, None, &mut dot).unwrap();
            assert!(!json.is_empty() && !dot.is_empty());
        })
    });
    group.finish();
}

criterion_group!(benches, stages, end_to_end);
criterion_main!(benches);
