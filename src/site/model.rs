//! What the pages are made of, gathered once from the knowledge graph, the topic graph and the
//! related lists: episodes in time order with their pages, each entity's page, mentions and
//! community, and the time buckets an entity's timeline is drawn over. It only reads; the
//! pages (`pages.rs`) and the data scripts (`data.rs`) render from it.

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::NodeIndex;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::{EdgeKind, EntityNode, EpisodeNode, KnowledgeGraph, Node, SegmentNode};
use crate::recommend::Related;
use crate::topics::{Community, TopicGraph};

/// Everything the explorer draws from.
pub struct Input<'a> {
    pub graph: &'a KnowledgeGraph,
    pub topics: &'a TopicGraph,
    pub related: &'a [Related],
}

/// The graph seen as pages: look-ups every renderer needs.
pub struct Catalog<'a> {
    pub input: &'a Input<'a>,
    /// Episodes oldest first (by date, then number, then id).
    pub episodes: Vec<(NodeIndex, &'a EpisodeNode)>,
    /// Entities with a page, in graph order.
    pub entities: Vec<(NodeIndex, &'a EntityNode)>,
    /// Each episode's place in `episodes`.
    pub order: FxHashMap<NodeIndex, usize>,
    /// Each entity's community in the topic graph, when it is in it.
    pub community: HashMap<&'a str, &'a Community>,
    pub related: HashMap<&'a str, &'a Related>,
    /// The shows' hosts: left out of "mentioned with", where they would top every list.
    pub hosts: FxHashSet<NodeIndex>,
    /// The timeline's buckets (years, or runs of episode numbers), oldest first, with each
    /// episode's bucket.
    pub buckets: Vec<String>,
    pub bucket_of: FxHashMap<NodeIndex, usize>,
}

/// Episodes of an undated show are bucketed by runs of this many numbers.
const NUMBER_BUCKET: u32 = 25;

impl<'a> Catalog<'a> {
    pub fn new(input: &'a Input<'a>) -> Catalog<'a> {
        let graph = input.graph;
        let mut episodes: Vec<_> = graph.episodes().collect();
        episodes
            .sort_by(|(_, a), (_, b)| (&a.date, a.number, &a.id).cmp(&(&b.date, b.number, &b.id)));
        let order = episodes
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (*n, i))
            .collect();
        let communities: HashMap<usize, &Community> =
            input.topics.communities.iter().map(|c| (c.id, c)).collect();
        let community = input
            .topics
            .nodes
            .iter()
            .filter_map(|n| Some((n.id.as_str(), *communities.get(&n.community)?)))
            .collect();
        let (buckets, bucket_of) = buckets(&episodes);
        Catalog {
            input,
            entities: graph.entities().collect(),
            order,
            community,
            related: input.related.iter().map(|r| (r.id.as_str(), r)).collect(),
            hosts: crate::topics::hosts(graph),
            buckets,
            bucket_of,
            episodes,
        }
    }

    pub fn graph(&self) -> &'a KnowledgeGraph {
        self.input.graph
    }

    /// An episode's segments in their order.
    pub fn segments(&self, episode: NodeIndex) -> Vec<(NodeIndex, &'a SegmentNode)> {
        let graph = self.graph();
        let mut segments: Vec<_> = graph
            .out(episode, EdgeKind::HasSegment)
            .into_iter()
            .filter_map(|(i, _)| match &graph.graph[i] {
                Node::Segment(s) => Some((i, s)),
                _ => None,
            })
            .collect();
        segments.sort_by_key(|(_, s)| s.index);
        segments
    }

    /// The segments that mention an entity, their episodes oldest first.
    pub fn mentions_of(&self, entity: NodeIndex) -> Vec<Mention<'a>> {
        let graph = self.graph();
        let mut found: Vec<Mention> = graph
            .incoming(entity, EdgeKind::Mentions)
            .into_iter()
            .filter_map(|(segment, edge)| {
                let Node::Segment(s) = &graph.graph[segment] else {
                    return None;
                };
                let episode = graph.episode_of(segment)?;
                Some(Mention {
                    episode,
                    segment: s,
                    evidence: &edge.evidence,
                })
            })
            .collect();
        found.sort_by_key(|m| (self.order.get(&m.episode).copied(), m.segment.index));
        found
    }

    /// The entities mentioned in the same segments as `entity`, most often first (ties by id),
    /// hosts left out.
    pub fn mentioned_with(&self, entity: NodeIndex, limit: usize) -> Vec<(NodeIndex, u32)> {
        let graph = self.graph();
        let mut counts: BTreeMap<NodeIndex, u32> = BTreeMap::new();
        for (segment, _) in graph.incoming(entity, EdgeKind::Mentions) {
            for (other, _) in graph.out(segment, EdgeKind::Mentions) {
                if other != entity && !self.hosts.contains(&other) {
                    *counts.entry(other).or_default() += 1;
                }
            }
        }
        let mut list: Vec<_> = counts.into_iter().collect();
        list.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| graph.graph[a.0].id().cmp(graph.graph[b.0].id()))
        });
        list.truncate(limit);
        list
    }

    /// The episode before and after one, in time order.
    pub fn neighbours(&self, episode: NodeIndex) -> (Option<NodeIndex>, Option<NodeIndex>) {
        let Some(&i) = self.order.get(&episode) else {
            return (None, None);
        };
        let at = |j: usize| self.episodes.get(j).map(|(n, _)| *n);
        (i.checked_sub(1).and_then(at), at(i + 1))
    }
}

/// One segment's mention of an entity.
pub struct Mention<'a> {
    pub episode: NodeIndex,
    pub segment: &'a SegmentNode,
    pub evidence: &'a [crate::graph::Evidence],
}

/// The timeline's buckets: a year when an episode has a date, else its run of numbers, else
/// "undated"; in the episodes' order, each once.
fn buckets(episodes: &[(NodeIndex, &EpisodeNode)]) -> (Vec<String>, FxHashMap<NodeIndex, usize>) {
    let mut names: Vec<String> = Vec::new();
    let mut bucket_of = FxHashMap::default();
    for (node, e) in episodes {
        let name = bucket_name(e);
        let at = match names.iter().position(|n| *n == name) {
            Some(at) => at,
            None => {
                names.push(name);
                names.len() - 1
            }
        };
        bucket_of.insert(*node, at);
    }
    (names, bucket_of)
}

fn bucket_name(e: &EpisodeNode) -> String {
    if let Some(year) = e.date.as_deref().and_then(|d| d.get(..4)) {
        return year.to_string();
    }
    match e.number {
        Some(n) => {
            let first = (n.saturating_sub(1) / NUMBER_BUCKET) * NUMBER_BUCKET + 1;
            format!("#{first}–{}", first + NUMBER_BUCKET - 1)
        }
        None => "undated".to_string(),
    }
}
