//! Criterion bench of `recommend::related_all`: every episode's related list for the real corpus
//! graph (or input/ when ../shared is absent) and for synthetic graphs 10× and 100× its size,
//! whose entities and title words follow a Zipf-like law, to show how the inverted-index walk
//! grows. Each bench checks the number of lists so a broken walk cannot look fast.
//!
//! Run: `cargo bench --bench recommend`.

mod common;

use common::corpus_dir;

use criterion::{criterion_group, criterion_main, Criterion};
use podgraph::extract::EntityKind;
use podgraph::graph::SegmentNode;
use podgraph::graph::{Edge, EdgeKind, EntityNode, EpisodeNode, Evidence, KnowledgeGraph, Node};
use podgraph::recommend::{related_all, Params};
use podgraph::segment::SegmentKind;

/// A small deterministic generator (xorshift), so the synthetic graphs are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A rank in 0..n drawn with probability about 1/(rank+1): Zipf with exponent 1.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        (((n as f64 + 1.0).ln() * u).exp() - 1.0) as usize % n
    }
}

fn edge(kind: EdgeKind, line: usize) -> Edge {
    let evidence = vec![Evidence {
        file: "".into(),
        line,
        text: String::new(),
        url: None,
        signal: None,
    }];
    Edge {
        kind,
        weight: 1,
        evidence,
    }
}

/// `episodes` episodes of 6 topic segments, each mentioning 5 entities (the first on its header
/// line) from a vocabulary of 8 per episode, titled with 3 words from 4 per episode, and with 30
/// terms drawn from a vocabulary of 20 per episode (about what a real segment carries).
fn synthetic(episodes: usize) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (vocabulary, words, terms) = (episodes * 8, episodes * 4, episodes * 20);
    for n in 0..episodes as u32 {
        let ep = g.add_node(Node::Episode(EpisodeNode {
            id: format!("episode:{n}"),
            number: Some(n),
            title: None,
            source: format!("{n}.md"),
            ..EpisodeNode::default()
        }));
        for i in 0..6 {
            let title: Vec<String> = (0..3).map(|_| format!("w{}", rng.zipf(words))).collect();
            let seg = g.add_node(Node::Segment(SegmentNode {
                id: format!("segment:{n}:{i}"),
                episode: Some(n),
                episode_id: format!("episode:{n}"),
                index: i,
                segment_kind: SegmentKind::Topic,
                number: Some(i as u32),
                host: None,
                title: title.join(" "),
                url: None,
                lines: (i * 10, i * 10 + 9),
                terms: synthetic_terms(&mut rng, terms),
                ..SegmentNode::default()
            }));
            g.add_edge(ep, seg, edge(EdgeKind::HasSegment, 0));
            for m in 0..5 {
                let key = rng.zipf(vocabulary);
                let entity = g.add_node(Node::Entity(EntityNode {
                    id: format!("package:e{key}"),
                    kind: EntityKind::Package,
                    label: format!("e{key}"),
                    aliases: Vec::new(),
                    confidence: 0.9,
                    ecosystem: None,
                }));
                g.add_edge(seg, entity, edge(EdgeKind::Mentions, i * 10 + m));
            }
        }
    }
    g
}

/// 30 Zipf-drawn terms with their counts, by term, as `graph::terms` gives them.
fn synthetic_terms(rng: &mut Rng, vocabulary: usize) -> Vec<(podgraph::graph::Term, u32)> {
    let mut counts = std::collections::BTreeMap::new();
    for _ in 0..30 {
        *counts
            .entry(podgraph::graph::Term::from(format!(
                "t{}",
                rng.zipf(vocabulary)
            )))
            .or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

fn related(c: &mut Criterion) {
    let built = podgraph::build(&[corpus_dir()], &podgraph::Options::default(), &mut |_| {});
    let corpus = built.graph;
    let n = corpus.episodes().count();
    let params = Params::default();
    let mut group = c.benchmark_group("related_all");
    group.sample_size(10);
    group.bench_function(format!("corpus_{n}_episodes"), |b| {
        b.iter(|| assert_eq!(related_all(&corpus, &params).len(), n))
    });
    let graph = synthetic(n * 10);
    group.bench_function(format!("synthetic_10x_{}_episodes", n * 10), |b| {
        b.iter(|| assert_eq!(related_all(&graph, &params).len(), n * 10))
    });
    group.finish();
    // 100× takes too long for criterion's ten samples: one timed run.
    let graph = synthetic(n * 100);
    let started = std::time::Instant::now();
    assert_eq!(related_all(&graph, &params).len(), n * 100);
    eprintln!(
        "related_all/synthetic_100x_{}_episodes: one run {:.2?}",
        n * 100,
        started.elapsed()
    );
}

criterion_group!(benches, related);
criterion_main!(benches);
