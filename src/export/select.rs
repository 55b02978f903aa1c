//! Selection: what `--episode`, `--around` and `--kind` ask for in, the set of nodes every
//! exporter writes out.
//!
//! A [`Query`] is the flags as given; [`Selection::of`] resolves it once against a graph, so every
//! format writes the same nodes, and an edge is written when both its ends are. Never changes
//! the graph and never parses ids: an episode is found as `query::find_episode` finds it.
//!
//! `--around` a frequent entity would keep hundreds of segments, each in its own episode: the
//! selection keeps at most `max_segments` of them (the most recent, or the most central: those
//! about the entity, then those that mention it most) and says so in [`Selection::thinned`], for
//! the binary to warn.

use std::collections::HashSet;

use petgraph::graph::NodeIndex;
use petgraph::Direction;

use crate::extract::EntityKind;
use crate::graph::{EdgeKind, KnowledgeGraph, Node};

/// The selection flags, before they are checked against a graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// An episode (its id or its number) and what its segments link to.
    pub episode: Option<String>,
    /// An entity (id, label or alias), the segments that mention it and their episodes.
    pub around: Option<String>,
    /// Only entities of this kind, with the segments, episodes and shows that link to them.
    pub kind: Option<EntityKind>,
    /// With `around`: keep at most this many segments ([`MAX_AROUND_SEGMENTS`] when `None`).
    pub max_segments: Option<usize>,
    /// With `around`: which segments are kept when there are more.
    pub keep_segments: KeepSegments,
}

/// `--around` keeps at most this many segments unless told otherwise: about a page of dot's
/// drawing, where the corpus's pytest has 238.
pub const MAX_AROUND_SEGMENTS: usize = 30;

/// Which of an entity's segments `--around` keeps when it has too many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KeepSegments {
    /// The latest episodes' (by date, then number).
    #[default]
    Recent,
    /// Segments about the entity (named on the header line or the item's link) first, then
    /// those that mention it most often; recency breaks ties.
    Central,
}

impl KeepSegments {
    pub fn as_str(self) -> &'static str {
        match self {
            KeepSegments::Recent => "recent",
            KeepSegments::Central => "central",
        }
    }

    pub fn parse(text: &str) -> Option<KeepSegments> {
        [KeepSegments::Recent, KeepSegments::Central]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// `--around` segments kept out of how many there were, when some were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thinned {
    pub kept: usize,
    pub total: usize,
    pub by: KeepSegments,
}

/// The nodes to write; `None` keeps the whole graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    keep: Option<HashSet<NodeIndex>>,
    /// Set when `--around` left segments out.
    pub thinned: Option<Thinned>,
}

impl Selection {
    /// Every node.
    pub fn all() -> Selection {
        Selection::default()
    }

    /// Resolves the flags; the error names the flag whose value matches nothing.
    pub fn of(graph: &KnowledgeGraph, query: &Query) -> Result<Selection, String> {
        let mut thinned = None;
        let mut keep = match (&query.episode, &query.around) {
            (Some(episode), _) => {
                let found = find_episode(graph, episode)?;
                Some(graph.neighbourhood_of_episode(found))
            }
            (None, Some(name)) => {
                let entity = graph.find_entity(name).ok_or_else(|| {
                    format!("--around {name:?}: no entity has that name or alias")
                })?;
                let (keep, left_out) = around(graph, entity, query);
                thinned = left_out;
                Some(keep)
            }
            (None, None) => None,
        };
        if let Some(kind) = query.kind {
            keep = Some(of_kind(graph, kind, keep.as_ref()));
        }
        Ok(Selection {
            keep: keep.map(|k| with_shows(graph, k)),
            thinned,
        })
    }

    pub fn contains(&self, node: NodeIndex) -> bool {
        self.keep.as_ref().is_none_or(|k| k.contains(&node))
    }

    /// The kept nodes, or `None` for all of them (what the DOT writer takes).
    pub fn nodes(&self) -> Option<&HashSet<NodeIndex>> {
        self.keep.as_ref()
    }

    /// How many nodes are kept.
    pub fn len(&self, graph: &KnowledgeGraph) -> usize {
        self.keep
            .as_ref()
            .map_or(graph.graph.node_count(), |k| k.len())
    }

    pub fn is_empty(&self, graph: &KnowledgeGraph) -> bool {
        self.len(graph) == 0
    }
}

/// An entity, the segments that mention or are presented by it (at most `max_segments`, chosen
/// by `keep_segments`) and their episodes; with how many were left out, if any.
fn around(
    graph: &KnowledgeGraph,
    entity: NodeIndex,
    query: &Query,
) -> (HashSet<NodeIndex>, Option<Thinned>) {
    let mut segments: Vec<(NodeIndex, Rank)> = Vec::new();
    let edges = graph
        .incoming(entity, EdgeKind::Mentions)
        .into_iter()
        .chain(graph.incoming(entity, EdgeKind::PresentedBy));
    for (segment, edge) in edges {
        if segments.iter().all(|(s, _)| *s != segment) {
            segments.push((segment, rank(graph, segment, edge)));
        }
    }
    let limit = query.max_segments.unwrap_or(MAX_AROUND_SEGMENTS);
    let total = segments.len();
    let thinned = (total > limit).then(|| {
        let by = query.keep_segments;
        segments.sort_by(|a, b| match by {
            KeepSegments::Recent => b.1.recency.cmp(&a.1.recency),
            KeepSegments::Central => (b.1.subject, b.1.weight, &b.1.recency).cmp(&(
                a.1.subject,
                a.1.weight,
                &a.1.recency,
            )),
        });
        segments.truncate(limit);
        Thinned {
            kept: limit,
            total,
            by,
        }
    });
    let mut keep = HashSet::from([entity]);
    for (segment, _) in segments {
        keep.insert(segment);
        keep.extend(graph.episode_of(segment));
    }
    (keep, thinned)
}

/// What `--keep-segments` orders an entity's segments by.
struct Rank {
    /// The episode's date, number and id, then the segment's place in it: larger is later.
    recency: (Option<String>, Option<u32>, String, usize),
    subject: bool,
    weight: u32,
}

fn rank(graph: &KnowledgeGraph, segment: NodeIndex, edge: &crate::graph::Edge) -> Rank {
    let Node::Segment(s) = &graph.graph[segment] else {
        return Rank {
            recency: (None, None, String::new(), 0),
            subject: false,
            weight: edge.weight,
        };
    };
    let episode = graph
        .episode_of(segment)
        .and_then(|e| match &graph.graph[e] {
            Node::Episode(ep) => Some((ep.date.clone(), ep.number, ep.id.clone())),
            _ => None,
        })
        .unwrap_or((None, None, String::new()));
    Rank {
        recency: (episode.0, episode.1, episode.2, s.index),
        subject: crate::recommend::is_subject(s, edge),
        weight: edge.weight,
    }
}

/// The episode a user named: number, id, date or slug prefix (`query::find_episode`); an
/// ambiguous name is an error that lists the candidates.
fn find_episode(graph: &KnowledgeGraph, wanted: &str) -> Result<NodeIndex, String> {
    use crate::query::EpisodeLookup;
    crate::query::find_episode(graph, wanted).map_err(|e| match e {
        EpisodeLookup::NotFound => format!("--episode {wanted}: no such episode in the graph"),
        EpisodeLookup::Ambiguous(candidates) => {
            let ids: Vec<&str> = candidates.iter().map(|(id, _)| id.as_str()).collect();
            format!(
                "--episode {wanted}: several episodes match: {}",
                ids.join(", ")
            )
        }
    })
}

/// Entities of `kind` (within `within`, when given), the segments that link to them and those
/// segments' episodes: the structure that says where each entity was heard.
fn of_kind(
    graph: &KnowledgeGraph,
    kind: EntityKind,
    within: Option<&HashSet<NodeIndex>>,
) -> HashSet<NodeIndex> {
    let inside = |i: NodeIndex| within.is_none_or(|w| w.contains(&i));
    let mut keep = HashSet::new();
    for (entity, _) in graph
        .entities()
        .filter(|(i, e)| e.kind == kind && inside(*i))
    {
        keep.insert(entity);
        for segment in graph.graph.neighbors_directed(entity, Direction::Incoming) {
            if inside(segment) {
                keep.insert(segment);
                keep.extend(graph.episode_of(segment).filter(|&e| inside(e)));
            }
        }
    }
    keep
}

/// Adds the show of every kept episode, so a selection keeps its episodes' context.
fn with_shows(graph: &KnowledgeGraph, mut keep: HashSet<NodeIndex>) -> HashSet<NodeIndex> {
    let episodes: Vec<NodeIndex> = graph
        .episodes()
        .map(|(i, _)| i)
        .filter(|e| keep.contains(e))
        .collect();
    for episode in episodes {
        let shows = graph.incoming(episode, EdgeKind::HasEpisode);
        keep.extend(shows.into_iter().map(|(show, _)| show));
    }
    keep
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::{Edge, EntityNode, EpisodeNode, Node, SegmentNode};

    /// Episode 1 mentions pytest (package) and Ada (person); episode 2 mentions Ada.
    pub(crate) fn sample() -> KnowledgeGraph {
        sample_dated([None, None])
    }

    /// [`sample`] with these dates for episodes 1 and 2.
    pub(crate) fn sample_dated(dates: [Option<&str>; 2]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::default();
        let show = g.add_node(Node::Show(crate::graph::ShowNode {
            id: "show:s".into(),
            name: "S".into(),
            site: None,
        }));
        let pytest = entity(&mut g, EntityKind::Package, "pytest");
        let ada = entity(&mut g, EntityKind::Person, "Ada");
        for (n, mentions) in [(1, vec![pytest, ada]), (2, vec![ada])] {
            let ep = g.add_node(Node::Episode(EpisodeNode {
                id: format!("episode:{n}"),
                number: Some(n),
                date: dates[n as usize - 1].map(String::from),
                ..EpisodeNode::default()
            }));
            link(&mut g, show, ep, EdgeKind::HasEpisode);
            let seg = g.add_node(Node::Segment(SegmentNode {
                id: format!("segment:{n}:0"),
                ..SegmentNode::default()
            }));
            link(&mut g, ep, seg, EdgeKind::HasSegment);
            for m in mentions {
                link(&mut g, seg, m, EdgeKind::Mentions);
            }
        }
        g
    }

    fn entity(g: &mut KnowledgeGraph, kind: EntityKind, label: &str) -> NodeIndex {
        g.add_node(Node::Entity(EntityNode {
            id: format!("{}:{}", kind.as_str(), label.to_lowercase()),
            kind,
            label: label.into(),
            aliases: Vec::new(),
            confidence: 1.0,
            ecosystem: None,
        }))
    }

    fn link(g: &mut KnowledgeGraph, from: NodeIndex, to: NodeIndex, kind: EdgeKind) {
        let edge = Edge {
            kind,
            weight: 1,
            evidence: Vec::new(),
        };
        g.add_edge(from, to, edge);
    }

    fn check(query: Query, expected: Result<&[&str], &str>) {
        let g = sample();
        let got = Selection::of(&g, &query).map(|s| {
            let mut ids: Vec<&str> = g
                .graph
                .node_indices()
                .filter(|&i| s.contains(i))
                .map(|i| g.graph[i].id())
                .collect();
            ids.sort();
            ids
        });
        assert_eq!(
            got,
            expected.map(<[&str]>::to_vec).map_err(String::from),
            "{query:?}"
        );
    }

    #[test]
    fn every_flag_keeps_its_neighbourhood() {
        let all = [
            "episode:1",
            "episode:2",
            "package:pytest",
            "person:ada",
            "segment:1:0",
            "segment:2:0",
            "show:s",
        ];
        check(Query::default(), Ok(&all));
        let episode = |e: &str| Query {
            episode: Some(e.into()),
            ..Query::default()
        };
        let one = [
            "episode:1",
            "package:pytest",
            "person:ada",
            "segment:1:0",
            "show:s",
        ];
        check(episode("1"), Ok(&one));
        check(episode("episode:1"), Ok(&one));
        check(episode("#1"), Ok(&one));
        check(
            episode("9"),
            Err("--episode 9: no such episode in the graph"),
        );
        let around = Query {
            around: Some("PYTEST".into()),
            ..Query::default()
        };
        check(
            around,
            Ok(&["episode:1", "package:pytest", "segment:1:0", "show:s"]),
        );
        let people = Query {
            kind: Some(EntityKind::Person),
            ..Query::default()
        };
        let ada = [
            "episode:1",
            "episode:2",
            "person:ada",
            "segment:1:0",
            "segment:2:0",
            "show:s",
        ];
        check(people, Ok(&ada));
        let packages_in_2 = Query {
            kind: Some(EntityKind::Package),
            ..episode("2")
        };
        check(packages_in_2, Ok(&[]));
    }

    /// Five episodes, each with one segment mentioning pytest: in episode 1 it is the subject
    /// (named on the header line), in episode 2 it is mentioned three times.
    fn five_mentions() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::default();
        let pytest = entity(&mut g, EntityKind::Package, "pytest");
        for n in 1..=5u32 {
            let ep = g.add_node(Node::Episode(EpisodeNode {
                id: format!("episode:{n}"),
                number: Some(n),
                ..EpisodeNode::default()
            }));
            let seg = g.add_node(Node::Segment(SegmentNode {
                id: format!("segment:{n}:1"),
                index: 1,
                lines: (10, 14),
                ..SegmentNode::default()
            }));
            link(&mut g, ep, seg, EdgeKind::HasSegment);
            let evidence = crate::graph::Evidence {
                file: "notes.md".into(),
                line: if n == 1 { 10 } else { 12 },
                text: "pytest".into(),
                url: None,
                signal: None,
            };
            let edge = Edge {
                kind: EdgeKind::Mentions,
                weight: if n == 2 { 3 } else { 1 },
                evidence: vec![evidence],
            };
            g.add_edge(seg, pytest, edge);
        }
        g
    }

    #[test]
    fn around_a_frequent_entity_keeps_the_most_recent_or_central_segments() {
        let g = five_mentions();
        let kept = |max: usize, keep_segments: KeepSegments| {
            let query = Query {
                around: Some("pytest".into()),
                max_segments: Some(max),
                keep_segments,
                ..Query::default()
            };
            let s = Selection::of(&g, &query).unwrap();
            let mut episodes: Vec<u32> = g
                .episodes()
                .filter(|(i, _)| s.contains(*i))
                .filter_map(|(_, e)| e.number)
                .collect();
            episodes.sort();
            (episodes, s.thinned)
        };
        let thinned = |by| {
            Some(Thinned {
                kept: 2,
                total: 5,
                by,
            })
        };
        assert_eq!(
            kept(2, KeepSegments::Recent),
            (vec![4, 5], thinned(KeepSegments::Recent))
        );
        assert_eq!(
            kept(2, KeepSegments::Central),
            (vec![1, 2], thinned(KeepSegments::Central))
        );
        assert_eq!(kept(5, KeepSegments::Recent), (vec![1, 2, 3, 4, 5], None));
        let default = Query {
            around: Some("pytest".into()),
            ..Query::default()
        };
        assert_eq!(Selection::of(&g, &default).unwrap().thinned, None);
    }
}
