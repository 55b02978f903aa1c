//! Criterion bench of `topics::build` (co-mention counts, NPMI, Louvain, names) over the real
//! corpus graph (or input/ when ../shared is absent). Each run checks that the graph has nodes
//! and communities, so a broken stage cannot look fast.
//!
//! Run: `cargo bench --bench topics`.

mod common;

use common::corpus_dir;

use criterion::{criterion_group, criterion_main, Criterion};
use podgraph::topics::{build, Params};

fn topics(c: &mut Criterion) {
    let built = podgraph::build(&[corpus_dir()], &podgraph::Options::default(), &mut |_| {});
    let graph = built.graph;
    let n = graph.episodes().count();
    let params = Params::default();
    let mut group = c.benchmark_group("topics");
    group.sample_size(20);
    group.bench_function(format!("corpus_{n}_episodes"), |b| {
        b.iter(|| {
            let t = build(&graph, &params);
            assert!(!t.nodes.is_empty() && !t.communities.is_empty());
        })
    });
    group.finish();
}

criterion_group!(benches, topics);
criterion_main!(benches);
