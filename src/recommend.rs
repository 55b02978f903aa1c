//! Recommend: a knowledge graph in, each episode's related episodes with reasons out.
//!
//! Each numbered episode becomes a sparse vector over the entities its counted segments mention
//! (topics, news and extras by default: never intro/sponsor, joke or the repeated links list).
//! An entity's weight in an episode is the sum over its segments of how central it is there — the
//! item's subject (seen on the segment's header line or as its primary link) counts
//! `subject_weight`, a passing mention 1 — times its rarity across episodes (IDF by default).
//! Two episodes score the cosine of their vectors; the shared entities that contributed most are
//! the reasons, each with its share of the score. Regular hosts add nothing.
//!
//! Scores come from walking the inverted index (entity → episodes that mention it), never from
//! comparing every pair; entities in more than `max_df` of all episodes say little about any
//! pair and are skipped, which also keeps the walk short on large corpora. Everything is sorted
//! before it is returned (ties go to the lower episode number), so output is deterministic.
//! Never prints, never touches files. [`evaluate`] measures the ranking against the episodes the
//! show notes themselves refer to.

pub mod evaluate;

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;
use serde::{Deserialize, Serialize};

use crate::graph::{Edge, EdgeKind, KnowledgeGraph, Node, SegmentNode};
use crate::hosts::Hosts;
use crate::segment::SegmentKind;

/// How an entity's rarity across episodes weighs its share of a pair's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rarity {
    /// ln(N / df): inverse document frequency.
    Idf,
    /// 1 / ln(df): Adamic–Adar.
    AdamicAdar,
    /// 1 / df: resource allocation.
    ResourceAllocation,
}

impl Rarity {
    pub const ALL: [Rarity; 3] = [Rarity::Idf, Rarity::AdamicAdar, Rarity::ResourceAllocation];

    pub fn as_str(self) -> &'static str {
        match self {
            Rarity::Idf => "idf",
            Rarity::AdamicAdar => "adamic-adar",
            Rarity::ResourceAllocation => "resource-allocation",
        }
    }

    /// The weight of an entity seen in `df` of `n` episodes.
    pub fn weight(self, df: usize, n: usize) -> f64 {
        let df = df.max(1) as f64;
        match self {
            Rarity::Idf => (n as f64 / df).ln().max(0.0),
            // df is at least 2 for any entity two episodes share; ln(1) would divide by zero.
            Rarity::AdamicAdar => 1.0 / df.max(2.0).ln(),
            Rarity::ResourceAllocation => 1.0 / df,
        }
    }
}

/// Everything the scoring can be told.
#[derive(Debug, Clone)]
pub struct Params {
    pub rarity: Rarity,
    /// Weight of an entity that is a segment's subject; a passing mention weighs 1.
    pub subject_weight: f64,
    /// Segment kinds whose mentions count.
    pub kinds: Vec<SegmentKind>,
    /// Entity labels (lower case) that add nothing: the regular hosts.
    pub ignore: Vec<String>,
    /// Entities in more than this share of the episodes are skipped (only when there are more
    /// than `MIN_EPISODES_FOR_CAP` episodes, so tiny graphs keep every entity).
    pub max_df: f64,
    /// Related episodes kept per episode.
    pub top: usize,
    /// Shared entities listed per recommendation.
    pub reasons: usize,
    /// Weight of each word of a segment's title and primary link (0 turns words off).
    pub word_weight: f64,
    /// Scores are dot / (|a| |b|)^norm_power: 1 is the cosine, 0 the raw sum.
    pub norm_power: f64,
}

/// What an episode's vector is over: entities, and the words of its segments' titles and links.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Feature {
    Entity(NodeIndex),
    Word(String),
}

/// Below this many episodes the `max_df` cap is not applied: the walk is cheap anyway.
pub const MIN_EPISODES_FOR_CAP: usize = 100;

impl Params {
    /// The defaults, ignoring the given hosts.
    pub fn with_hosts(hosts: &Hosts) -> Params {
        Params {
            rarity: Rarity::AdamicAdar,
            subject_weight: 2.0,
            kinds: vec![SegmentKind::Topic, SegmentKind::News, SegmentKind::Extras],
            ignore: hosts.hosts.iter().map(|h| h.name.to_lowercase()).collect(),
            max_df: 0.3,
            top: 10,
            reasons: 3,
            word_weight: 0.5,
            norm_power: 0.5,
        }
    }
}

impl Default for Params {
    fn default() -> Self {
        Params::with_hosts(&Hosts::default())
    }
}

/// One episode's related episodes: the related.json record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    pub episode: u32,
    pub related: Vec<Recommendation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub episode: u32,
    /// Cosine similarity, 0 to 1, rounded to 4 places.
    pub score: f64,
    /// The shared entities that contributed most, largest first.
    pub shared: Vec<Shared>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    pub label: String,
    pub kind: String,
    /// This entity's part of the score (the parts of all shared entities add up to it).
    pub weight: f64,
}

/// The episodes as vectors and the inverted index over them.
pub struct Index {
    /// Numbered episodes in ascending number.
    pub episodes: Vec<u32>,
    /// Per episode: (entity slot, weight), by slot.
    vectors: Vec<Vec<(usize, f64)>>,
    norms: Vec<f64>,
    /// Per entity slot: (episode slot, weight), by episode slot.
    postings: Vec<Vec<(usize, f64)>>,
    features: Vec<Feature>,
    norm_power: f64,
}

/// Related lists for every numbered episode, in episode order.
pub fn related_all(graph: &KnowledgeGraph, params: &Params) -> Vec<Related> {
    let index = Index::build(graph, params);
    (0..index.episodes.len())
        .map(|slot| index.related(graph, slot, params))
        .collect()
}

/// Related list for one episode, or `None` when the graph has no episode with that number.
pub fn related(graph: &KnowledgeGraph, number: u32, params: &Params) -> Option<Related> {
    let index = Index::build(graph, params);
    let slot = index.episodes.binary_search(&number).ok()?;
    Some(index.related(graph, slot, params))
}

impl Index {
    pub fn build(graph: &KnowledgeGraph, params: &Params) -> Index {
        let raw = centrality(graph, params);
        let episodes: Vec<u32> = raw.keys().copied().collect();
        let mut df: BTreeMap<&Feature, usize> = BTreeMap::new();
        for weights in raw.values() {
            for feature in weights.keys() {
                *df.entry(feature).or_insert(0) += 1;
            }
        }
        let n = episodes.len();
        let cap = if n > MIN_EPISODES_FOR_CAP {
            (params.max_df * n as f64).ceil() as usize
        } else {
            usize::MAX
        };
        // Entities seen in one episode cannot link two; common ones are skipped (see `max_df`).
        let features: Vec<Feature> = df
            .iter()
            .filter(|(_, &d)| d >= 2 && d <= cap)
            .map(|(f, _)| (*f).clone())
            .collect();
        let slot_of: BTreeMap<&Feature, usize> =
            features.iter().enumerate().map(|(i, f)| (f, i)).collect();
        let mut vectors = Vec::with_capacity(n);
        let mut postings = vec![Vec::new(); features.len()];
        for (ep, weights) in raw.values().enumerate() {
            let vector: Vec<(usize, f64)> = weights
                .iter()
                .filter_map(|(e, w)| {
                    let slot = *slot_of.get(e)?;
                    Some((slot, w * params.rarity.weight(df[e], n)))
                })
                .filter(|(_, w)| *w > 0.0)
                .collect();
            for &(slot, w) in &vector {
                postings[slot].push((ep, w));
            }
            vectors.push(vector);
        }
        let norms = vectors
            .iter()
            .map(|v| v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt())
            .collect();
        Index {
            episodes,
            vectors,
            norms,
            postings,
            features,
            norm_power: params.norm_power,
        }
    }

    /// Cosine scores of every episode sharing an entity with `slot`, best first; ties go to
    /// the lower episode number.
    pub fn scores(&self, slot: usize) -> Vec<(usize, f64)> {
        // A dense accumulator: one add per posting, no hashing; only touched slots are read.
        let mut acc = vec![0.0f64; self.episodes.len()];
        let mut touched = Vec::new();
        for &(entity, w) in &self.vectors[slot] {
            for &(other, v) in &self.postings[entity] {
                if other != slot {
                    if acc[other] == 0.0 {
                        touched.push(other);
                    }
                    acc[other] += w * v;
                }
            }
        }
        let mut scored: Vec<(usize, f64)> = touched
            .into_iter()
            .map(|other| (other, acc[other] / self.norm(slot, other)))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
    }

    fn norm(&self, a: usize, b: usize) -> f64 {
        (self.norms[a] * self.norms[b]).powf(self.norm_power)
    }

    fn related(&self, graph: &KnowledgeGraph, slot: usize, params: &Params) -> Related {
        let mut scored = self.scores(slot);
        scored.truncate(params.top);
        let related = scored
            .into_iter()
            .map(|(other, score)| Recommendation {
                episode: self.episodes[other],
                score: round(score),
                shared: self.reasons(graph, slot, other, params.reasons),
            })
            .collect();
        Related {
            episode: self.episodes[slot],
            related,
        }
    }

    /// The shared entities that contributed most to a pair's score, largest first.
    fn reasons(&self, graph: &KnowledgeGraph, a: usize, b: usize, keep: usize) -> Vec<Shared> {
        let norm = self.norm(a, b);
        let theirs: BTreeMap<usize, f64> = self.vectors[b].iter().copied().collect();
        let mut parts: Vec<(f64, String, &'static str)> = self.vectors[a]
            .iter()
            .filter_map(|(f, w)| Some((w * theirs.get(f)? / norm, &self.features[*f])))
            .filter_map(|(part, feature)| match feature {
                Feature::Entity(node) => match &graph.graph[*node] {
                    Node::Entity(e) => Some((part, e.label.clone(), e.kind.as_str())),
                    _ => None,
                },
                Feature::Word(_) => None,
            })
            .collect();
        parts.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
        parts
            .into_iter()
            .take(keep)
            .map(|(part, label, kind)| Shared {
                label,
                kind: kind.to_string(),
                weight: round(part),
            })
            .collect()
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Per numbered episode: each feature's summed centrality over the counted segments.
fn centrality(graph: &KnowledgeGraph, params: &Params) -> BTreeMap<u32, BTreeMap<Feature, f64>> {
    let mut out: BTreeMap<u32, BTreeMap<Feature, f64>> = BTreeMap::new();
    for (episode, node) in graph.episodes() {
        let Some(number) = node.number else { continue };
        let weights = out.entry(number).or_default();
        for (seg, _) in graph.out(episode, EdgeKind::HasSegment) {
            match &graph.graph[seg] {
                Node::Segment(s) if params.kinds.contains(&s.segment_kind) => {
                    add_segment(graph, seg, s, params, weights)
                }
                _ => {}
            }
        }
    }
    out
}

fn add_segment(
    graph: &KnowledgeGraph,
    seg: NodeIndex,
    segment: &SegmentNode,
    params: &Params,
    weights: &mut BTreeMap<Feature, f64>,
) {
    for (entity, edge) in graph.out(seg, EdgeKind::Mentions) {
        if counts(graph, entity, params) {
            let c = if is_subject(segment, edge) {
                params.subject_weight
            } else {
                1.0
            };
            *weights.entry(Feature::Entity(entity)).or_insert(0.0) += c;
        }
    }
    if params.word_weight > 0.0 {
        let url = segment.url.as_deref().unwrap_or("");
        let mut words: Vec<String> = words(&segment.title).chain(words(url)).collect();
        words.sort();
        words.dedup();
        for word in words {
            *weights.entry(Feature::Word(word)).or_insert(0.0) += params.word_weight;
        }
    }
}

/// Lower-cased words of three letters or more, without the scaffolding of URLs and titles.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    const SKIP: &[&str] = &[
        "the", "and", "for", "with", "you", "your", "are", "how", "what", "why", "from", "this",
        "that", "http", "https", "www", "com", "org", "html", "htm", "index", "php",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .filter(|w| !SKIP.contains(&w.as_str()))
}

fn counts(graph: &KnowledgeGraph, entity: NodeIndex, params: &Params) -> bool {
    match &graph.graph[entity] {
        Node::Entity(e) => !params.ignore.contains(&e.label.to_lowercase()),
        _ => false,
    }
}

/// Whether the entity is what the item is about: named on its header line or its primary link.
pub fn is_subject(segment: &SegmentNode, edge: &Edge) -> bool {
    edge.evidence
        .iter()
        .any(|ev| ev.line == segment.lines.0 || (ev.url.is_some() && ev.url == segment.url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::EntityKind;
    use crate::graph::{EntityNode, EpisodeNode, Evidence};

    /// `(episode, segment kind, [(entity, on header line)])`: one segment of a tiny graph.
    type Row<'a> = (u32, SegmentKind, &'a [(&'a str, bool)]);

    /// A graph from rows, one segment each.
    fn tiny(rows: &[Row]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::default();
        for (i, (number, kind, mentions)) in rows.iter().enumerate() {
            let ep = g.add_node(Node::Episode(EpisodeNode {
                id: format!("episode:{number}"),
                number: Some(*number),
                title: None,
                source: format!("{number}.md"),
            }));
            let seg = g.add_node(Node::Segment(SegmentNode {
                id: format!("segment:{number}:{i}"),
                episode: Some(*number),
                episode_id: format!("episode:{number}"),
                index: i,
                segment_kind: *kind,
                number: None,
                host: None,
                title: String::new(),
                url: None,
                lines: (1, 5),
            }));
            g.add_edge(ep, seg, edge(EdgeKind::HasSegment, 0));
            for (name, subject) in mentions.iter() {
                let entity = g.add_node(Node::Entity(EntityNode {
                    id: format!("package:{name}"),
                    kind: EntityKind::Package,
                    label: name.to_string(),
                    aliases: Vec::new(),
                    confidence: 1.0,
                }));
                g.add_edge(
                    seg,
                    entity,
                    edge(EdgeKind::Mentions, if *subject { 1 } else { 3 }),
                );
            }
        }
        g
    }

    fn edge(kind: EdgeKind, line: usize) -> Edge {
        Edge {
            kind,
            weight: 1,
            evidence: vec![Evidence {
                file: String::new(),
                line,
                text: String::new(),
                url: None,
                signal: None,
            }],
        }
    }

    /// The related episodes of `number`, best first.
    fn check(g: &KnowledgeGraph, number: u32, expected: &[u32]) {
        for rarity in Rarity::ALL {
            let params = Params {
                rarity,
                ..Params::default()
            };
            let got: Vec<u32> = related(g, number, &params)
                .unwrap()
                .related
                .iter()
                .map(|r| r.episode)
                .collect();
            assert_eq!(got, expected, "{}", rarity.as_str());
        }
    }

    const T: SegmentKind = SegmentKind::Topic;

    #[test]
    fn a_shared_rare_entity_beats_a_shared_common_one() {
        let g = tiny(&[
            (1, T, &[("rare", false), ("common", false)]),
            (2, T, &[("common", false), ("x", false)]),
            (3, T, &[("rare", false), ("y", false)]),
            (4, T, &[("common", false)]),
            (5, T, &[("common", false)]),
        ]);
        // 2, 4 and 5 share only the common entity: a tie, in episode order.
        check(&g, 1, &[3, 2, 4, 5]);
    }

    #[test]
    fn the_subject_beats_a_passing_mention() {
        let g = tiny(&[
            (1, T, &[("a", true), ("b", true)]),
            (2, T, &[("a", false), ("c", true)]),
            (3, T, &[("b", true), ("d", true)]),
            (4, T, &[("c", false), ("d", false)]),
        ]);
        check(&g, 1, &[3, 2]);
    }

    #[test]
    fn hosts_sponsors_and_jokes_add_nothing() {
        let host = Hosts::default().hosts[0].name.clone();
        let rows: &[Row] = &[
            (1, T, &[(host.as_str(), true), ("a", false)]),
            (2, T, &[(host.as_str(), true)]),
            (3, SegmentKind::Intro, &[("a", false)]),
            (4, SegmentKind::Joke, &[("a", false)]),
            (5, T, &[("a", false)]),
        ];
        check(&tiny(rows), 1, &[5]);
        check(&tiny(rows), 2, &[]);
    }

    #[test]
    fn ties_go_to_the_lower_number_and_reasons_add_up() {
        let g = tiny(&[
            (7, T, &[("a", false), ("b", false)]),
            (3, T, &[("a", false), ("b", false)]),
            (5, T, &[("a", false), ("b", false)]),
            (9, T, &[("z", false)]),
        ]);
        let r = related(&g, 7, &Params::default()).unwrap();
        assert_eq!(
            r.related.iter().map(|r| r.episode).collect::<Vec<_>>(),
            [3, 5]
        );
        let first = &r.related[0];
        let parts: f64 = first.shared.iter().map(|s| s.weight).sum();
        assert!((parts - first.score).abs() < 1e-3, "{first:?}");
        assert_eq!(first.shared[0].label, "a");
    }
}
