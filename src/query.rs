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

pub fn stats(graph: &KnowledgeGraph, top: usize, boilerplate: bool) -> Stats {
    let g = &graph.graph;
    let mut segments = BTreeMap::new();
    let mut entities = BTreeMap::new();
    let mut episodes = 0;
    for node in g.node_weights() {
        match node {
            Node::Show(_) => {}
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
        top: ranked_with(graph, None, top, boilerplate),
    }
}

/// Mentions and distinct episodes of an entity; mentions in boilerplate segments (the socials
/// block, sponsor reads) count only when asked for.
fn count(graph: &KnowledgeGraph, entity: NodeIndex, boilerplate: bool) -> (u32, usize) {
    let mut mentions = graph.incoming(entity, EdgeKind::Mentions);
    mentions.retain(|(s, _)| {
        boilerplate || !matches!(&graph.graph[*s], Node::Segment(seg) if seg.boilerplate)
    });
    let total = mentions.iter().map(|(_, e)| e.weight).sum();
    let episodes: HashSet<NodeIndex> = mentions
        .iter()
        .filter_map(|(s, _)| graph.episode_of(*s))
        .collect();
    (total, episodes.len())
}

/// [`ranked_with`], boilerplate left out.
pub fn ranked(graph: &KnowledgeGraph, kind: Option<EntityKind>, top: usize) -> Vec<EntityCount> {
    ranked_with(graph, kind, top, false)
}

/// Entities of a kind (or all), most widely mentioned first: by episodes, then mentions, then id.
/// Boilerplate segments' mentions count only with `boilerplate`; an entity seen nowhere else is
/// left out.
pub fn ranked_with(
    graph: &KnowledgeGraph,
    kind: Option<EntityKind>,
    top: usize,
    boilerplate: bool,
) -> Vec<EntityCount> {
    let mut all: Vec<EntityCount> = graph
        .entities()
        .filter(|(_, e)| kind.is_none_or(|k| e.kind == k))
        .map(|(i, e)| {
            let (mentions, episodes) = count(graph, i, boilerplate);
            EntityCount {
                entity: e.clone(),
                mentions,
                episodes,
            }
        })
        .filter(|c| c.mentions > 0)
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
    pub id: String,
    pub label: String,
    pub source: String,
    pub date: Option<String>,
    pub segments: Vec<SegmentReport>,
}

/// Why a query named no single episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EpisodeLookup {
    /// Nothing matched.
    NotFound,
    /// Several matched: their ids and labels, in graph order.
    Ambiguous(Vec<(String, String)>),
}

/// The episode a user means: an id (`episode:python-bytes:122`, or the old `episode:122`), a
/// number (`122`, in any show), a date (`2019-08-08`), or a unique prefix of its slug, id key
/// or title. Several matches are listed, never guessed between.
pub fn find_episode(graph: &KnowledgeGraph, query: &str) -> Result<NodeIndex, EpisodeLookup> {
    let q = query.trim();
    let lower = q.to_lowercase();
    let episodes: Vec<(NodeIndex, &crate::graph::EpisodeNode)> = graph.episodes().collect();
    let exact: Vec<_> = if let Some(index) = graph
        .node(q)
        .filter(|i| matches!(graph.graph[*i], Node::Episode(_)))
    {
        vec![index]
    } else if let Ok(n) = q
        .strip_prefix("episode:")
        .unwrap_or(q)
        .trim_start_matches('#')
        .parse::<u32>()
    {
        episodes
            .iter()
            .filter(|(_, e)| e.number == Some(n))
            .map(|(i, _)| *i)
            .collect()
    } else if crate::source::date::is_valid(q) {
        episodes
            .iter()
            .filter(|(_, e)| e.date.as_deref() == Some(q))
            .map(|(i, _)| *i)
            .collect()
    } else {
        episodes
            .iter()
            .filter(|(_, e)| {
                let key = e.id.rsplit(':').next().unwrap_or("");
                let slug = key
                    .get(11..)
                    .filter(|_| key.len() > 11 && crate::source::date::is_valid(&key[..10]))
                    .unwrap_or(key);
                slug.starts_with(&lower)
                    || key.starts_with(&lower)
                    || e.title
                        .as_deref()
                        .is_some_and(|t| t.to_lowercase().starts_with(&lower))
            })
            .map(|(i, _)| *i)
            .collect()
    };
    match exact.as_slice() {
        [] => Err(EpisodeLookup::NotFound),
        [one] => Ok(*one),
        many => Err(EpisodeLookup::Ambiguous(
            many.iter()
                .map(|i| (graph.graph[*i].id().to_string(), graph.graph[*i].label()))
                .collect(),
        )),
    }
}

pub fn episode(graph: &KnowledgeGraph, index: NodeIndex) -> Option<EpisodeReport> {
    let Node::Episode(node) = &graph.graph[index] else {
        return None;
    };
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
        id: node.id.clone(),
        label: node.label(),
        source: node.source.clone(),
        date: node.date.clone(),
        segments,
    })
}

/// One segment that mentions an entity (or that it presents, for a host).
#[derive(Debug, Clone, PartialEq)]
pub struct Appearance {
    pub episode: Option<u32>,
    pub episode_label: String,
    pub date: Option<String>,
    /// The episode's place in the graph (shows, then number, then date): timelines follow it.
    pub order: usize,
    pub segment: SegmentNode,
    pub count: u32,
    /// The entity is this segment's host rather than something it mentions.
    pub presents: bool,
}

/// Everything about one entity: the `podgraph entity NAME` page.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityPage {
    pub entity: EntityNode,
    /// In episode order (numbered episodes first), then segment order: first and last are the
    /// first and last mention.
    pub appearances: Vec<Appearance>,
    /// Entities mentioned in the same segments, with how many segments, most first.
    pub together: Vec<(EntityNode, usize)>,
    /// Distinct links the entity was seen with, in order of appearance.
    pub links: Vec<String>,
}

/// The page of the entity with this id, label or alias (any case), or `None`.
pub fn entity(graph: &KnowledgeGraph, name: &str, top: usize) -> Option<EntityPage> {
    let index = graph.find_entity(name)?;
    let Node::Entity(node) = &graph.graph[index] else {
        return None;
    };
    let mut edges = graph.incoming(index, EdgeKind::Mentions);
    edges.extend(graph.incoming(index, EdgeKind::PresentedBy));
    let mut appearances: Vec<Appearance> = edges
        .iter()
        .filter_map(|(seg, edge)| appearance(graph, *seg, edge))
        .collect();
    appearances.sort_by(|a, b| {
        let key = |x: &Appearance| (x.order, x.segment.index);
        key(a).cmp(&key(b)).then(a.segment.id.cmp(&b.segment.id))
    });
    let mut links: Vec<String> = Vec::new();
    for url in edges
        .iter()
        .flat_map(|(_, e)| e.evidence.iter().filter_map(|ev| ev.url.clone()))
    {
        if !links.contains(&url) {
            links.push(url);
        }
    }
    let segments: Vec<NodeIndex> = edges.iter().map(|(s, _)| *s).collect();
    Some(EntityPage {
        entity: node.clone(),
        appearances,
        together: together(graph, index, &segments, top),
        links,
    })
}

fn appearance(
    graph: &KnowledgeGraph,
    seg: NodeIndex,
    edge: &crate::graph::Edge,
) -> Option<Appearance> {
    let Node::Segment(segment) = &graph.graph[seg] else {
        return None;
    };
    let episode = graph.episode_of(seg);
    let date = episode.and_then(|e| match &graph.graph[e] {
        Node::Episode(e) => e.date.clone(),
        _ => None,
    });
    Some(Appearance {
        episode: segment.episode,
        episode_label: episode.map(|e| graph.graph[e].label()).unwrap_or_default(),
        date,
        // Episodes are inserted in order, so their node index is their place.
        order: episode.map_or(usize::MAX, |e| e.index()),
        segment: segment.clone(),
        count: edge.weight,
        presents: edge.kind == EdgeKind::PresentedBy,
    })
}

/// Entities that share segments with `entity`, by segments shared, then id.
fn together(
    graph: &KnowledgeGraph,
    entity: NodeIndex,
    segments: &[NodeIndex],
    top: usize,
) -> Vec<(EntityNode, usize)> {
    let mut counts: BTreeMap<NodeIndex, usize> = BTreeMap::new();
    let distinct: HashSet<NodeIndex> = segments.iter().copied().collect();
    for seg in distinct {
        for (other, _) in graph.out(seg, EdgeKind::Mentions) {
            if other != entity {
                *counts.entry(other).or_insert(0) += 1;
            }
        }
    }
    let mut out: Vec<(EntityNode, usize)> = counts
        .into_iter()
        .filter_map(|(i, n)| match &graph.graph[i] {
            Node::Entity(e) => Some((e.clone(), n)),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
    out.truncate(top);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn sample() -> KnowledgeGraph {
        let inputs = [PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/input"))];
        crate::build(&inputs, &crate::Options::default(), &mut |_| {}).graph
    }

    /// The page for `name`: its label and the episodes of its first and last mention.
    fn check(graph: &KnowledgeGraph, name: &str, expected: Option<(&str, u32, u32)>) {
        let got = entity(graph, name, 5).map(|p| {
            let first = p.appearances.first().and_then(|a| a.episode).unwrap();
            let last = p.appearances.last().and_then(|a| a.episode).unwrap();
            (p.entity.label, first, last)
        });
        assert_eq!(got.as_ref().map(|(l, f, t)| (l.as_str(), *f, *t)), expected);
    }

    #[test]
    fn entity_pages() {
        let g = sample();
        check(&g, "pydantic", Some(("pydantic", 202, 205)));
        check(&g, "PYDANTIC", Some(("pydantic", 202, 205)));
        check(&g, "no such thing", None);
        let page = entity(&g, "pydantic", 5).unwrap();
        assert!(page
            .appearances
            .windows(2)
            .all(|w| w[0].episode <= w[1].episode));
        assert!(page
            .together
            .iter()
            .all(|(e, n)| e.id != page.entity.id && *n > 0));
    }
}
