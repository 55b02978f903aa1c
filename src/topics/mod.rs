//! Topic graph: the knowledge graph in, an entity-to-entity co-mention graph with communities
//! out (`TopicGraph`, written as topics.json by `export::topics`).
//!
//! Two entities are linked by the episodes whose content segments mention both (a pair counts
//! once per episode), scored by normalised PMI so that an entity found everywhere ("Python")
//! does not link to everything. Louvain groups the linked entities into communities, each named
//! by its most central members ("pytest · coverage · tox"). Works from the graph alone, so a
//! graph.json read back gives the same topic graph; never reads files, never prints; nodes,
//! edges and communities are sorted, so the same graph always gives the same result.

pub mod louvain;

use std::cmp::Ordering;

use petgraph::graph::{NodeIndex, UnGraph};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::extract::EntityKind;
use crate::graph::{EdgeKind, KnowledgeGraph, Node, SegmentNode};
use crate::segment::SegmentKind;

/// What counts and what is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// An edge needs at least this many shared episodes.
    pub min_episodes: u32,
    /// Keep only this many edges, the strongest by `weight` (all when `None`).
    pub top_edges: Option<usize>,
    /// Only entities of these kinds (every kind when empty).
    pub kinds: Vec<EntityKind>,
    /// Count segments marked `boilerplate` too.
    pub include_boilerplate: bool,
    /// Keep the shows' hosts (see [`hosts`]).
    pub include_hosts: bool,
    /// Louvain's resolution γ: 1 is plain modularity, larger gives smaller communities.
    pub resolution: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_episodes: 2,
            top_edges: None,
            kinds: Vec::new(),
            include_boilerplate: false,
            include_hosts: false,
            resolution: 1.0,
        }
    }
}

/// An entity of the topic graph.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicNode {
    /// The entity's id in the knowledge graph (`package:pytest`).
    pub id: String,
    pub kind: EntityKind,
    pub label: String,
    /// Episodes whose counted segments mention it.
    pub episodes: u32,
    /// Index into `TopicGraph::communities`.
    pub community: usize,
    /// Weighted degree inside its community: how much of the community hangs on it.
    pub centrality: f64,
}

/// Two entities mentioned in the same episodes; `source < target` as indices into the nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicEdge {
    pub source: usize,
    pub target: usize,
    /// The number of episodes that mention both.
    pub episodes: u32,
    /// Normalised PMI of the pair over episodes, in (0, 1].
    pub npmi: f64,
    /// `episodes × npmi`: the ranking for `top_edges` and the weight Louvain uses.
    pub weight: f64,
    /// Those episodes' ids, in graph order.
    pub episode_ids: Vec<String>,
}

/// A community: its members' share of the graph, named by its three most central members.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    pub id: usize,
    pub name: String,
    pub size: usize,
}

/// The topic graph: nodes in id order, edges in (source, target) order, communities largest
/// first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TopicGraph {
    pub nodes: Vec<TopicNode>,
    pub edges: Vec<TopicEdge>,
    pub communities: Vec<Community>,
    /// Episodes that mention at least one counted entity: the N of the probabilities.
    pub episodes: u32,
    pub modularity: f64,
}

/// Whether a segment kind's mentions say what an episode is about: the content kinds every
/// stage shares (`SegmentKind::CONTENT`) and the guests, who are part of a topic graph. `intro`,
/// `sponsor`, `plugs` and `joke` hold the show's own business or a gag, not its topics.
pub fn is_content(kind: SegmentKind) -> bool {
    SegmentKind::CONTENT.contains(&kind) || kind == SegmentKind::Guests
}

/// Kinds that mark an episode's items. Without any, the segmenter found no structure and the
/// intro holds the whole episode, so it counts.
const ITEMS: [SegmentKind; 3] = [SegmentKind::Topic, SegmentKind::News, SegmentKind::Chapter];

/// Builds the topic graph of a knowledge graph.
pub fn build(graph: &KnowledgeGraph, params: &Params) -> TopicGraph {
    let hosts = if params.include_hosts {
        FxHashSet::default()
    } else {
        hosts(graph)
    };
    let baskets = baskets(graph, params, &hosts);
    let counts = Counts::of(&baskets);
    let pairs = strongest_pairs(graph, &counts, baskets.len() as u32, params);
    let mut topics = assemble(graph, &pairs, &counts, &baskets);
    topics.episodes = baskets.len() as u32;
    group(&mut topics, params.resolution);
    topics
}

/// The show's regular hosts, as the graph shows them (`graph::regular_hosts`).
pub fn hosts(graph: &KnowledgeGraph) -> FxHashSet<NodeIndex> {
    crate::graph::regular_hosts(graph).into_iter().collect()
}

/// Per episode with any, the counted entities its counted segments mention, sorted, once each.
fn baskets(
    graph: &KnowledgeGraph,
    params: &Params,
    hosts: &FxHashSet<NodeIndex>,
) -> Vec<(NodeIndex, Vec<NodeIndex>)> {
    let wanted = |i: NodeIndex| match &graph.graph[i] {
        Node::Entity(e) => {
            (params.kinds.is_empty() || params.kinds.contains(&e.kind)) && !hosts.contains(&i)
        }
        _ => false,
    };
    let mut baskets = Vec::new();
    for (episode, _) in graph.episodes() {
        let segments: Vec<&SegmentNode> = graph
            .out(episode, EdgeKind::HasSegment)
            .into_iter()
            .filter_map(|(s, _)| match &graph.graph[s] {
                Node::Segment(segment) => Some(segment),
                _ => None,
            })
            .collect();
        let intro_counts = !segments.iter().any(|s| ITEMS.contains(&s.segment_kind));
        let mut entities: Vec<NodeIndex> = segments
            .iter()
            .filter(|s| is_counted(s, intro_counts, params.include_boilerplate))
            .filter_map(|s| graph.node(&s.id))
            .flat_map(|s| graph.out(s, EdgeKind::Mentions))
            .map(|(entity, _)| entity)
            .filter(|&entity| wanted(entity))
            .collect();
        entities.sort_unstable();
        entities.dedup();
        if !entities.is_empty() {
            baskets.push((episode, entities));
        }
    }
    baskets
}

/// Whether a segment's mentions count toward its episode's topics.
fn is_counted(segment: &SegmentNode, intro_counts: bool, include_boilerplate: bool) -> bool {
    let kind = segment.segment_kind;
    let content = is_content(kind) || (intro_counts && kind == SegmentKind::Intro);
    content && (include_boilerplate || !segment.boilerplate)
}

/// How many episodes mention each entity and each pair.
struct Counts {
    entity: FxHashMap<NodeIndex, u32>,
    /// Keyed by the two node indices, lower first.
    pair: FxHashMap<(NodeIndex, NodeIndex), u32>,
}

impl Counts {
    fn of(baskets: &[(NodeIndex, Vec<NodeIndex>)]) -> Counts {
        let mut counts = Counts {
            entity: FxHashMap::default(),
            pair: FxHashMap::default(),
        };
        for (_, entities) in baskets {
            for (i, &a) in entities.iter().enumerate() {
                *counts.entity.entry(a).or_default() += 1;
                for &b in &entities[i + 1..] {
                    *counts.pair.entry((a, b)).or_default() += 1;
                }
            }
        }
        counts
    }
}

/// Normalised PMI of a pair seen together in `both` of `n` episodes, each alone in `a` and `b`:
/// ln(p(a,b) / (p(a)·p(b))) / −ln p(a,b), in [−1, 1]; 1 when the pair is in every episode.
pub fn npmi(both: u32, a: u32, b: u32, n: u32) -> f64 {
    let (both, a, b, n) = (f64::from(both), f64::from(a), f64::from(b), f64::from(n));
    if both == 0.0 {
        return -1.0;
    }
    let p_both = both / n;
    if p_both >= 1.0 {
        return 1.0;
    }
    (p_both / ((a / n) * (b / n))).ln() / -p_both.ln()
}

/// A pair that made the cut.
struct Pair {
    a: NodeIndex,
    b: NodeIndex,
    episodes: u32,
    npmi: f64,
    weight: f64,
}

/// Pairs with enough episodes and a positive association, strongest first (weight, then NPMI,
/// then ids), cut to `top_edges`.
fn strongest_pairs(graph: &KnowledgeGraph, counts: &Counts, n: u32, params: &Params) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = counts
        .pair
        .iter()
        .filter(|(_, &both)| both >= params.min_episodes.max(1))
        .map(|(&(a, b), &both)| {
            let npmi = round4(npmi(both, counts.entity[&a], counts.entity[&b], n));
            let weight = round4(f64::from(both) * npmi);
            Pair {
                a,
                b,
                episodes: both,
                npmi,
                weight,
            }
        })
        .filter(|p| p.npmi > 0.0)
        .collect();
    let id = |i: NodeIndex| graph.graph[i].id();
    pairs.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then(y.npmi.total_cmp(&x.npmi))
            .then_with(|| (id(x.a), id(x.b)).cmp(&(id(y.a), id(y.b))))
    });
    if let Some(top) = params.top_edges {
        pairs.truncate(top);
    }
    pairs
}

/// Nodes (the pairs' entities, in id order) and edges (with their episodes' ids); communities
/// are left for [`group`].
fn assemble(
    graph: &KnowledgeGraph,
    pairs: &[Pair],
    counts: &Counts,
    baskets: &[(NodeIndex, Vec<NodeIndex>)],
) -> TopicGraph {
    let mut members: Vec<NodeIndex> = pairs.iter().flat_map(|p| [p.a, p.b]).collect();
    members.sort_by_key(|&i| graph.graph[i].id());
    members.dedup();
    let position: FxHashMap<NodeIndex, usize> =
        members.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let mut edges: Vec<TopicEdge> = pairs
        .iter()
        .map(|p| {
            let (s, t) = (position[&p.a], position[&p.b]);
            TopicEdge {
                source: s.min(t),
                target: s.max(t),
                episodes: p.episodes,
                npmi: p.npmi,
                weight: p.weight,
                episode_ids: Vec::new(),
            }
        })
        .collect();
    edges.sort_by_key(|e| (e.source, e.target));
    attach_episodes(graph, &mut edges, &position, baskets);
    let nodes = members
        .iter()
        .map(|&i| topic_node(graph, i, counts.entity[&i]))
        .collect();
    TopicGraph {
        nodes,
        edges,
        ..TopicGraph::default()
    }
}

/// Fills each edge's episode ids: a second pass over the baskets, for the kept pairs only, so
/// the first pass needs no list per candidate pair.
fn attach_episodes(
    graph: &KnowledgeGraph,
    edges: &mut [TopicEdge],
    position: &FxHashMap<NodeIndex, usize>,
    baskets: &[(NodeIndex, Vec<NodeIndex>)],
) {
    let edge_at: FxHashMap<(usize, usize), usize> = edges
        .iter()
        .enumerate()
        .map(|(k, e)| ((e.source, e.target), k))
        .collect();
    for (episode, entities) in baskets {
        let mut kept: Vec<usize> = entities
            .iter()
            .filter_map(|i| position.get(i))
            .copied()
            .collect();
        kept.sort_unstable();
        for (k, &s) in kept.iter().enumerate() {
            for &t in &kept[k + 1..] {
                if let Some(&e) = edge_at.get(&(s, t)) {
                    edges[e]
                        .episode_ids
                        .push(graph.graph[*episode].id().to_string());
                }
            }
        }
    }
}

fn topic_node(graph: &KnowledgeGraph, entity: NodeIndex, episodes: u32) -> TopicNode {
    let Node::Entity(e) = &graph.graph[entity] else {
        unreachable!("baskets hold entities only");
    };
    TopicNode {
        id: e.id.clone(),
        kind: e.kind,
        label: e.label.clone(),
        episodes,
        community: 0,
        centrality: 0.0,
    }
}

/// Runs Louvain over the edge weights, sets each node's community and centrality, and names the
/// communities; community 0 is the largest.
fn group(topics: &mut TopicGraph, resolution: f64) {
    let mut g = UnGraph::<(), f64>::with_capacity(topics.nodes.len(), topics.edges.len());
    for _ in &topics.nodes {
        g.add_node(());
    }
    for e in &topics.edges {
        g.add_edge(NodeIndex::new(e.source), NodeIndex::new(e.target), e.weight);
    }
    let partition = louvain::louvain(&g, resolution);
    topics.modularity = round4(partition.modularity);
    for (node, &c) in topics.nodes.iter_mut().zip(&partition.community) {
        node.community = c;
    }
    for e in &topics.edges {
        if partition.community[e.source] == partition.community[e.target] {
            topics.nodes[e.source].centrality += e.weight;
            topics.nodes[e.target].centrality += e.weight;
        }
    }
    for node in &mut topics.nodes {
        node.centrality = round4(node.centrality);
    }
    name_communities(topics);
}

/// Members named in a community's name.
const NAMED: usize = 3;

/// Orders the communities (size, then summed centrality, then name), renumbers the nodes to
/// match and names each by its most central members.
fn name_communities(topics: &mut TopicGraph) {
    let count = topics
        .nodes
        .iter()
        .map(|n| n.community + 1)
        .max()
        .unwrap_or(0);
    let mut members: Vec<Vec<&TopicNode>> = vec![Vec::new(); count];
    for node in &topics.nodes {
        members[node.community].push(node);
    }
    let mut named: Vec<(usize, String, f64, usize)> = members
        .iter_mut()
        .enumerate()
        .map(|(old, m)| {
            m.sort_by(|a, b| most_central(a, b));
            let labels: Vec<&str> = m.iter().take(NAMED).map(|n| n.label.as_str()).collect();
            let total: f64 = m.iter().map(|n| n.centrality).sum();
            (m.len(), labels.join(" · "), total, old)
        })
        .collect();
    named.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.2.total_cmp(&x.2))
            .then_with(|| x.1.cmp(&y.1))
    });
    let mut new_id = vec![0; count];
    for (id, (_, _, _, old)) in named.iter().enumerate() {
        new_id[*old] = id;
    }
    for node in &mut topics.nodes {
        node.community = new_id[node.community];
    }
    topics.communities = named
        .into_iter()
        .enumerate()
        .map(|(id, (size, name, _, _))| Community { id, name, size })
        .collect();
}

/// Higher centrality first, then more episodes, then the label.
fn most_central(a: &TopicNode, b: &TopicNode) -> Ordering {
    b.centrality
        .total_cmp(&a.centrality)
        .then(b.episodes.cmp(&a.episodes))
        .then_with(|| a.label.cmp(&b.label))
}

/// Four decimals: enough to rank, and the same bytes on every machine.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, EntityNode, EpisodeNode};
    use SegmentKind::*;

    /// One segment of a tiny graph: its episode, kind, host and what it mentions (capitalised
    /// names are people, the rest packages).
    struct Seg<'a> {
        episode: u32,
        kind: SegmentKind,
        boilerplate: bool,
        host: Option<&'a str>,
        mentions: &'a [&'a str],
    }

    fn seg<'a>(episode: u32, kind: SegmentKind, mentions: &'a [&'a str]) -> Seg<'a> {
        Seg {
            episode,
            kind,
            boilerplate: false,
            host: None,
            mentions,
        }
    }

    fn edge(kind: EdgeKind) -> Edge {
        Edge {
            kind,
            weight: 1,
            evidence: Vec::new(),
        }
    }

    fn entity(g: &mut KnowledgeGraph, name: &str) -> NodeIndex {
        let kind = if name.starts_with(char::is_uppercase) {
            EntityKind::Person
        } else {
            EntityKind::Package
        };
        g.add_node(Node::Entity(EntityNode {
            id: format!("{}:{}", kind.as_str(), name.to_lowercase()),
            kind,
            label: name.to_string(),
            aliases: Vec::new(),
            confidence: 1.0,
            ecosystem: None,
        }))
    }

    fn tiny(segs: &[Seg]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::default();
        for (i, s) in segs.iter().enumerate() {
            let ep = g.add_node(Node::Episode(EpisodeNode {
                id: format!("episode:{}", s.episode),
                number: Some(s.episode),
                ..EpisodeNode::default()
            }));
            let segment = g.add_node(Node::Segment(SegmentNode {
                id: format!("segment:{}:{i}", s.episode),
                segment_kind: s.kind,
                boilerplate: s.boilerplate,
                ..SegmentNode::default()
            }));
            g.add_edge(ep, segment, edge(EdgeKind::HasSegment));
            if let Some(host) = s.host {
                let person = entity(&mut g, host);
                g.add_edge(segment, person, edge(EdgeKind::PresentedBy));
            }
            for name in s.mentions {
                let e = entity(&mut g, name);
                g.add_edge(segment, e, edge(EdgeKind::Mentions));
            }
        }
        g
    }

    /// The edges as (label, label, episodes), in output order.
    fn edges(t: &TopicGraph) -> Vec<(&str, &str, u32)> {
        let label = |i: usize| t.nodes[i].label.as_str();
        t.edges
            .iter()
            .map(|e| (label(e.source), label(e.target), e.episodes))
            .collect()
    }

    fn check(segs: &[Seg], params: &Params, expected: &[(&str, &str, u32)]) {
        let t = build(&tiny(segs), params);
        assert_eq!(edges(&t), expected);
    }

    #[test]
    fn npmi_table() {
        let cases = [
            // (together, a, b, episodes, npmi)
            (2, 2, 2, 10, 1.0),
            (10, 10, 10, 10, 1.0),
            (1, 10, 10, 100, 0.0),
            (1, 5, 5, 10, 0.4_f64.ln() / 10_f64.ln()),
            (0, 3, 3, 10, -1.0),
        ];
        for (both, a, b, n, expected) in cases {
            let got = npmi(both, a, b, n);
            assert!((got - expected).abs() < 1e-9, "{both} {a} {b} {n}: {got}");
        }
    }

    #[test]
    fn an_entity_in_every_episode_links_to_nothing() {
        let segs = [
            seg(1, Topic, &["python", "pytest", "coverage"]),
            seg(2, Topic, &["python", "pytest", "coverage"]),
            seg(3, Topic, &["python", "django"]),
            seg(4, Topic, &["python", "flask"]),
        ];
        check(&segs, &Params::default(), &[("coverage", "pytest", 2)]);
    }

    #[test]
    fn only_content_segments_count() {
        let pair: &[&str] = &["attrs", "cattrs"];
        let default = Params::default();
        let segs = |kind| {
            [
                seg(1, kind, pair),
                seg(2, kind, pair),
                seg(3, Topic, &["x"]),
            ]
        };
        for kind in SegmentKind::CONTENT.into_iter().chain([Guests]) {
            check(&segs(kind), &default, &[("attrs", "cattrs", 2)]);
        }
        for kind in [Joke, Sponsor, Plugs] {
            check(&segs(kind), &default, &[]);
        }
        // An intro counts only in an episode without items.
        check(&segs(Intro), &default, &[("attrs", "cattrs", 2)]);
        let with_items = [
            seg(1, Intro, pair),
            seg(1, Topic, &["x"]),
            seg(2, Intro, pair),
            seg(2, Topic, &["y"]),
        ];
        check(&with_items, &default, &[]);
    }

    #[test]
    fn a_pair_counts_once_per_episode() {
        let segs = [
            seg(1, Topic, &["attrs", "cattrs"]),
            seg(1, Extras, &["attrs", "cattrs"]),
            seg(2, Topic, &["attrs"]),
            seg(2, Topic, &["cattrs"]),
            seg(3, Topic, &["x"]),
        ];
        let t = build(&tiny(&segs), &Params::default());
        assert_eq!(edges(&t), [("attrs", "cattrs", 2)]);
        assert_eq!(t.edges[0].episode_ids, ["episode:1", "episode:2"]);
        assert_eq!(t.episodes, 3);
        assert_eq!(t.nodes[0].episodes, 2);
    }

    #[test]
    fn boilerplate_and_hosts_stay_out_unless_asked() {
        let pair: &[&str] = &["attrs", "cattrs"];
        let plate = |episode| Seg {
            boilerplate: true,
            ..seg(episode, Topic, pair)
        };
        let segs = [plate(1), plate(2), seg(3, Topic, &["x"])];
        check(&segs, &Params::default(), &[]);
        let include = Params {
            include_boilerplate: true,
            ..Params::default()
        };
        check(&segs, &include, &[("attrs", "cattrs", 2)]);

        // Ada presents a segment of every episode and is mentioned with attrs in two of them.
        let hosted = |episode, mentions| Seg {
            host: Some("Ada"),
            ..seg(episode, Topic, mentions)
        };
        let segs = [
            hosted(1, &["Ada", "attrs"][..]),
            hosted(2, &["Ada", "attrs"]),
            hosted(3, &["x", "y"]),
            hosted(4, &["x", "y"]),
        ];
        check(&segs, &Params::default(), &[("x", "y", 2)]);
        let include = Params {
            include_hosts: true,
            ..Params::default()
        };
        check(&segs, &include, &[("attrs", "Ada", 2), ("x", "y", 2)]);
    }

    #[test]
    fn flags_cut_edges() {
        let segs = [
            seg(1, Topic, &["a", "b", "Cy"]),
            seg(2, Topic, &["a", "b", "Cy"]),
            seg(3, Topic, &["a", "b"]),
            seg(4, Topic, &["d", "e"]),
            seg(5, Topic, &["f"]),
        ];
        let all = [("a", "b", 3), ("a", "Cy", 2), ("b", "Cy", 2)];
        check(&segs, &Params::default(), &all);
        let min = Params {
            min_episodes: 3,
            ..Params::default()
        };
        check(&segs, &min, &[("a", "b", 3)]);
        let one = Params {
            min_episodes: 1,
            top_edges: Some(1),
            ..Params::default()
        };
        check(&segs, &one, &[("a", "b", 3)]);
        let packages = Params {
            kinds: vec![EntityKind::Package],
            ..Params::default()
        };
        check(&segs, &packages, &[("a", "b", 3)]);
    }

    #[test]
    fn communities_are_named_by_their_most_central_members() {
        let mut segs = Vec::new();
        let testing: &[&str] = &["pytest", "coverage", "tox", "hypothesis"];
        let web: &[&str] = &["django", "flask", "fastapi"];
        for episode in 1..=3 {
            segs.push(seg(episode, Topic, testing));
            segs.push(seg(episode + 10, Topic, web));
        }
        segs.push(seg(4, Topic, &["pytest", "coverage", "tox"]));
        segs.push(seg(5, Topic, &["pytest", "django"]));
        segs.push(seg(6, Topic, &["other"]));
        let t = build(&tiny(&segs), &Params::default());
        let names: Vec<(&str, usize)> = t
            .communities
            .iter()
            .map(|c| (c.name.as_str(), c.size))
            .collect();
        // pytest and django are also in episode 5, so their links are weaker (lower NPMI) and
        // they come last in their community's name.
        assert_eq!(
            names,
            [
                ("coverage · tox · pytest", 4),
                ("fastapi · flask · django", 3)
            ]
        );
        let pytest = t.nodes.iter().find(|n| n.label == "pytest").unwrap();
        assert_eq!(pytest.community, 0);
        assert!(pytest.centrality > 0.0);
        assert_eq!(t, build(&tiny(&segs), &Params::default()), "deterministic");
    }
}
