//! Query: a built knowledge graph in, the answers the CLI's query commands print out.
//!
//! Counts for `stats`, ranked entities for `entities`, one episode's segments and what each
//! mentions for `episode`. Plain data out; formatting is the binary's job.

use std::collections::{BTreeMap, HashSet};

use petgraph::graph::NodeIndex;

use crate::extract::EntityKind;
use crate::graph::{EdgeKind, EntityNode, KnowledgeGraph, Node, SegmentNode};

/// An entity with how often and how widely it is mentioned.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityCount {
    pub entity: EntityNode,
    /// Sum of mention counts over all segments.
    pub mentions: u32,
    /// Distinct episodes that mention it.
    pub episodes: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub episodes: usize,
    pub segments: BTreeMap<&'static str, usize>,
    pub entities: BTreeMap<&'static str, usize>,
    pub links: BTreeMap<&'static str, usize>,
    pub top: Vec<EntityCount>,
}

pub fn stats(graph: &KnowledgeGraph, top: usize) -> Stats {
    let g = &graph.graph;
    let mut segments = BTreeMap::new();
    let mut entities = BTreeMap::new();
    let mut episodes = 0;
    for node in g.node_weights() {
        match node {
            Node::Episode(_) => episodes += 1,
            Node::Segment(s) => *segments.entry(s.segment_kind.as_str()).or_insert(0) += 1,
            Node::Entity(e) => *entities.entry(e.kind.as_str()).or_insert(0) += 1,
        }
    }
    let mut links = BTreeMap::new();
    for edge in g.edge_weights() {
        *links.entry(edge.kind.as_str()).or_insert(0) += 1;
    }
    Stats {
        episodes,
        segments,
        entities,
        links,
        top: ranked(graph, None, top),
    }
}

fn count(graph: &KnowledgeGraph, entity: NodeIndex) -> (u32, usize) {
    let mentions = graph.incoming(entity, EdgeKind::Mentions);
    let total = mentions.iter().map(|(_, e)| e.weight).sum();
    let episodes: HashSet<NodeIndex> = mentions
        .iter()
        .filter_map(|(s, _)| graph.episode_of(*s))
        .collect();
    (total, episodes.len())
}

/// Entities of a kind (or all), most widely mentioned first: by episodes, then mentions, then id.
pub fn ranked(graph: &KnowledgeGraph, kind: Option<EntityKind>, top: usize) -> Vec<EntityCount> {
    let mut all: Vec<EntityCount> = graph
        .entities()
        .filter(|(_, e)| kind.is_none_or(|k| e.kind == k))
        .map(|(i, e)| {
            let (mentions, episodes) = count(graph, i);
            EntityCount {
                entity: e.clone(),
                mentions,
                episodes,
            }
        })
        .collect();
    all.sort_by(|a, b| {
        b.episodes
            .cmp(&a.episodes)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.entity.id.cmp(&b.entity.id))
    });
    all.truncate(top);
    all
}

/// One segment of an episode and the entities it mentions, with counts.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentReport {
    pub segment: SegmentNode,
    pub mentions: Vec<(EntityNode, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeReport {
    pub label: String,
    pub source: String,
    pub segments: Vec<SegmentReport>,
}

pub fn episode(graph: &KnowledgeGraph, number: u32) -> Option<EpisodeReport> {
    let (index, node) = graph.episodes().find(|(_, e)| e.number == Some(number))?;
    let g = &graph.graph;
    let segments = graph
        .out(index, EdgeKind::HasSegment)
        .into_iter()
        .filter_map(|(s, _)| match &g[s] {
            Node::Segment(seg) => Some(SegmentReport {
                segment: seg.clone(),
                mentions: graph
                    .out(s, EdgeKind::Mentions)
                    .into_iter()
                    .filter_map(|(e, edge)| match &g[e] {
                        Node::Entity(entity) => Some((entity.clone(), edge.weight)),
                        _ => None,
                    })
                    .collect(),
            }),
            _ => None,
        })
        .collect();
    Some(EpisodeReport {
        label: node.label(),
        source: node.source.clone(),
        segments,
    })
}
