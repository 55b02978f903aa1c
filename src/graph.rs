//! Graph: episodes with their segments and mentions in, one petgraph knowledge graph out.
//!
//! Nodes are episodes, segments and canonical entities (one node per kind and identity key
//! across all input); edges are `has_segment` (episode → segment), `mentions` (segment → entity,
//! with a count and the evidence for each sighting) and `presented_by` (segment → host person).
//! Node ids are strings derived from content (`episode:122`, `segment:122:3`, `package:pytest`),
//! so they are stable across runs. Insertion order follows the input order, which the caller
//! keeps sorted: the same input always gives the same graph. Knows nothing of files or formats.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::extract::{EntityKind, Mention, Signal};
use crate::markup::Block;
use crate::segment::{Episode, SegmentKind};

/// A show: the podcast its episodes belong to (`show:<slug>`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ShowNode {
    pub id: String,
    pub name: String,
    /// The show's own site (`pythonbytes.fm`), when its profile knows it.
    pub site: Option<String>,
}

impl ShowNode {
    /// A show known by its name alone.
    pub fn named(name: &str) -> ShowNode {
        ShowNode::new(&crate::source::slugify(name), name, None)
    }

    pub fn new(slug: &str, name: &str, site: Option<String>) -> ShowNode {
        ShowNode {
            id: format!("show:{slug}"),
            name: name.to_string(),
            site,
        }
    }

    /// The slug its id and its episodes' ids carry.
    pub fn slug(&self) -> &str {
        self.id.strip_prefix("show:").unwrap_or(&self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EpisodeNode {
    pub id: String,
    pub number: Option<u32>,
    pub title: Option<String>,
    pub source: String,
    /// The id of the show node the episode belongs to.
    pub show: String,
    /// Publication date, ISO 8601 (`2019-08-08`), when the notes or their file name give one.
    pub date: Option<String>,
    pub season: Option<u32>,
    /// Length in seconds, when the feed says.
    pub duration: Option<u32>,
}

impl EpisodeNode {
    /// "#122 Give me back my monolith", or the file name when nothing better is known.
    pub fn label(&self) -> String {
        match (self.number, &self.title) {
            (Some(n), Some(t)) => format!("#{n} {t}"),
            (Some(n), None) => format!("#{n}"),
            (None, Some(t)) => t.clone(),
            (None, None) => self.source.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SegmentNode {
    pub id: String,
    pub episode: Option<u32>,
    pub episode_id: String,
    pub index: usize,
    pub segment_kind: SegmentKind,
    pub number: Option<u32>,
    pub host: Option<String>,
    pub title: String,
    pub url: Option<String>,
    pub lines: (usize, usize),
    /// The segment's content words and how often each occurs ([`terms`]), by word.
    pub terms: Vec<(Term, u32)>,
    /// Where a `chapter` starts, in seconds from the start of the episode.
    pub start: Option<u32>,
    /// Recurs across much of the show (socials, sponsor reads, plugs): kept, but left out of
    /// rankings and related scores unless asked for.
    pub boilerplate: bool,
}

impl SegmentNode {
    pub fn label(&self) -> String {
        match (self.segment_kind, self.number, &self.host) {
            (SegmentKind::Topic, Some(n), Some(h)) => format!("{h} #{n}: {}", self.title),
            (SegmentKind::Topic, Some(n), None) => format!("#{n}: {}", self.title),
            _ if self.title.is_empty() => self.segment_kind.as_str().to_string(),
            _ => self.title.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntityNode {
    pub id: String,
    pub kind: EntityKind,
    pub label: String,
    pub aliases: Vec<String>,
    /// How sure podgraph is that this is a real entity of this kind, from its best evidence.
    pub confidence: f32,
    /// A package's registry (`pypi`, `npm`, `crates`, `go`, `gems`, …).
    pub ecosystem: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Show(ShowNode),
    Episode(EpisodeNode),
    Segment(SegmentNode),
    Entity(EntityNode),
}

impl Node {
    pub fn id(&self) -> &str {
        match self {
            Node::Show(s) => &s.id,
            Node::Episode(e) => &e.id,
            Node::Segment(s) => &s.id,
            Node::Entity(e) => &e.id,
        }
    }

    pub fn label(&self) -> String {
        match self {
            Node::Show(s) => s.name.clone(),
            Node::Episode(e) => e.label(),
            Node::Segment(s) => s.label(),
            Node::Entity(e) => e.label.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    HasEpisode,
    HasSegment,
    Mentions,
    PresentedBy,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::HasEpisode => "has_episode",
            EdgeKind::HasSegment => "has_segment",
            EdgeKind::Mentions => "mentions",
            EdgeKind::PresentedBy => "presented_by",
        }
    }

    pub fn parse(text: &str) -> Option<EdgeKind> {
        [
            EdgeKind::HasEpisode,
            EdgeKind::HasSegment,
            EdgeKind::Mentions,
            EdgeKind::PresentedBy,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// Where a mention was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Shared by every sighting in the file: one allocation per file, not per mention.
    pub file: Arc<str>,
    pub line: usize,
    pub text: String,
    pub url: Option<String>,
    /// The rule that found it (`Signal::as_str`, so borrowed unless read back from a file).
    pub signal: Option<Cow<'static, str>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub kind: EdgeKind,
    pub weight: u32,
    pub evidence: Vec<Evidence>,
}

/// The knowledge graph and an index from node id to node.
#[derive(Debug, Default, Clone)]
pub struct KnowledgeGraph {
    pub graph: DiGraph<Node, Edge>,
    /// FxHash: every mention looks its entity up here while the graph is built.
    ids: FxHashMap<String, NodeIndex>,
}

/// An episode with the mentions of each of its segments, in segment order.
pub struct Extracted<'a> {
    pub episode: &'a Episode,
    pub mentions: Vec<Vec<Mention>>,
}

impl KnowledgeGraph {
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.ids.get(id).copied()
    }

    /// Adds a node, or returns the existing one with that id.
    pub fn add_node(&mut self, node: Node) -> NodeIndex {
        if let Some(&index) = self.ids.get(node.id()) {
            return index;
        }
        let id = node.id().to_string();
        let index = self.graph.add_node(node);
        self.ids.insert(id, index);
        index
    }

    pub fn add_edge(&mut self, from: NodeIndex, to: NodeIndex, edge: Edge) {
        self.graph.add_edge(from, to, edge);
    }

    pub fn episodes(&self) -> impl Iterator<Item = (NodeIndex, &EpisodeNode)> {
        self.graph
            .node_indices()
            .filter_map(|i| match &self.graph[i] {
                Node::Episode(e) => Some((i, e)),
                _ => None,
            })
    }

    pub fn entities(&self) -> impl Iterator<Item = (NodeIndex, &EntityNode)> {
        self.graph
            .node_indices()
            .filter_map(|i| match &self.graph[i] {
                Node::Entity(e) => Some((i, e)),
                _ => None,
            })
    }

    /// Targets of a node's outgoing edges of one kind, in insertion order.
    pub fn out(&self, from: NodeIndex, kind: EdgeKind) -> Vec<(NodeIndex, &Edge)> {
        let mut edges: Vec<_> = self
            .graph
            .edges_directed(from, Direction::Outgoing)
            .filter(|e| e.weight().kind == kind)
            .map(|e| (e.target(), e.weight(), e.id()))
            .collect();
        edges.sort_by_key(|(_, _, id)| *id);
        edges.into_iter().map(|(t, w, _)| (t, w)).collect()
    }

    /// Sources of a node's incoming edges of one kind, in insertion order.
    pub fn incoming(&self, to: NodeIndex, kind: EdgeKind) -> Vec<(NodeIndex, &Edge)> {
        let mut edges: Vec<_> = self
            .graph
            .edges_directed(to, Direction::Incoming)
            .filter(|e| e.weight().kind == kind)
            .map(|e| (e.source(), e.weight(), e.id()))
            .collect();
        edges.sort_by_key(|(_, _, id)| *id);
        edges.into_iter().map(|(s, w, _)| (s, w)).collect()
    }

    /// The episode a segment belongs to.
    pub fn episode_of(&self, segment: NodeIndex) -> Option<NodeIndex> {
        self.incoming(segment, EdgeKind::HasSegment)
            .first()
            .map(|(e, _)| *e)
    }

    /// Finds an entity by id, label or alias, ignoring case; the most mentioned wins a tie.
    /// A package id without its registry (`package:pytest`, the form before registries) finds
    /// the package of that name on any registry.
    pub fn find_entity(&self, name: &str) -> Option<NodeIndex> {
        let wanted = name.trim().to_lowercase();
        let bare_id = |e: &EntityNode| {
            e.ecosystem.as_ref().map(|eco| {
                let prefix = format!("package:{eco}:");
                e.id.to_lowercase().replacen(&prefix, "package:", 1)
            })
        };
        let matches = |e: &EntityNode| {
            e.id.to_lowercase() == wanted
                || bare_id(e).is_some_and(|id| id == wanted)
                || e.label.to_lowercase() == wanted
                || e.aliases.iter().any(|a| a.to_lowercase() == wanted)
        };
        self.entities()
            .filter(|(_, e)| matches(e))
            .max_by_key(|(i, e)| {
                (
                    self.incoming(*i, EdgeKind::Mentions).len(),
                    std::cmp::Reverse(e.id.clone()),
                )
            })
            .map(|(i, _)| i)
    }

    /// Names seen as more than one kind ("jupyter" the package and the project). Each kind keeps
    /// its own node, since evidence decided each mention's kind; this lists them for a producer
    /// to settle with an alias file.
    pub fn kind_conflicts(&self) -> Vec<(String, Vec<EntityKind>)> {
        let mut by_name: BTreeMap<String, (String, Vec<EntityKind>)> = BTreeMap::new();
        for (_, entity) in self.entities() {
            let entry = by_name
                .entry(crate::extract::names::squash(&entity.label))
                .or_insert_with(|| (entity.label.clone(), Vec::new()));
            if !entry.1.contains(&entity.kind) {
                entry.1.push(entity.kind);
            }
        }
        by_name
            .into_values()
            .filter(|(_, kinds)| kinds.len() > 1)
            .map(|(label, mut kinds)| {
                kinds.sort();
                (label, kinds)
            })
            .collect()
    }

    /// An episode and everything one step from its segments: what to draw for `--episode N`.
    pub fn episode_neighbourhood(&self, episode: NodeIndex) -> Option<HashSet<NodeIndex>> {
        matches!(self.graph.node_weight(episode), Some(Node::Episode(_)))
            .then(|| self.neighbourhood_of_episode(episode))
    }

    /// [`Self::episode_neighbourhood`] of an episode node found by any means (id or number).
    pub fn neighbourhood_of_episode(&self, episode: NodeIndex) -> HashSet<NodeIndex> {
        let mut keep = HashSet::from([episode]);
        for (segment, _) in self.out(episode, EdgeKind::HasSegment) {
            keep.insert(segment);
            keep.extend(self.graph.neighbors_directed(segment, Direction::Outgoing));
        }
        keep
    }

    /// An entity, the segments that mention it and their episodes: what to draw for `--around`.
    pub fn entity_neighbourhood(&self, name: &str) -> Option<HashSet<NodeIndex>> {
        let entity = self.find_entity(name)?;
        let mut keep = HashSet::from([entity]);
        for (segment, _) in self
            .incoming(entity, EdgeKind::Mentions)
            .into_iter()
            .chain(self.incoming(entity, EdgeKind::PresentedBy))
        {
            keep.insert(segment);
            keep.extend(self.episode_of(segment));
        }
        Some(keep)
    }
}

/// Share of a show's episodes a person must present segments in to be one of its regular hosts.
pub const HOST_SHARE: f64 = 0.1;

/// The people who present segments (`presented_by`) in at least [`HOST_SHARE`] of their show's
/// episodes (and at least two): the show's regular hosts, as the graph alone shows them.
pub fn regular_hosts(graph: &KnowledgeGraph) -> Vec<NodeIndex> {
    // person → episodes presented, per show; show → episode count.
    let mut presented: BTreeMap<(NodeIndex, &str), HashSet<NodeIndex>> = BTreeMap::new();
    let mut episodes: BTreeMap<&str, usize> = BTreeMap::new();
    for (ep, e) in graph.episodes() {
        *episodes.entry(e.show.as_str()).or_insert(0) += 1;
        for (seg, _) in graph.out(ep, EdgeKind::HasSegment) {
            for (person, _) in graph.out(seg, EdgeKind::PresentedBy) {
                presented
                    .entry((person, e.show.as_str()))
                    .or_default()
                    .insert(ep);
            }
        }
    }
    let mut hosts: Vec<NodeIndex> = presented
        .into_iter()
        .filter(|((_, show), eps)| {
            let total = episodes.get(show).copied().unwrap_or(0) as f64;
            eps.len() >= 2 && eps.len() as f64 >= total * HOST_SHARE
        })
        .map(|((person, _), _)| person)
        .collect();
    hosts.sort();
    hosts.dedup();
    hosts
}

/// The part of an episode's id after its show: the number (`122`, or `s2e5` with a season),
/// else the date and slug (`2019-08-08-guest-name`), else a folded file name. Stable across runs
/// and across moves of the file that keep its name.
pub fn episode_key(episode: &Episode) -> String {
    match (episode.season, episode.number) {
        (Some(season), Some(n)) => return format!("s{season}e{n}"),
        (None, Some(n)) => return n.to_string(),
        _ => {}
    }
    match (&episode.date, &episode.slug) {
        (Some(date), Some(slug)) => format!("{date}-{slug}"),
        (Some(date), None) => date.clone(),
        (None, Some(slug)) => slug.clone(),
        (None, None) => crate::source::slugify(&episode.source),
    }
}

/// A content word. Words are short, and an archive holds tens of millions of them (up to
/// [`MAX_TERMS`] per segment): a word of up to 24 bytes is stored inline, not allocated.
pub type Term = compact_str::CompactString;

/// Most frequent words kept per segment: enough for a text similarity, small in graph.json.
pub const MAX_TERMS: usize = 40;

/// The content words of some blocks with their counts, by word: lower-cased words of three
/// letters or more from the text and the link targets, without stop words, URL scaffolding or
/// numbers, a plural `s` taken off; only the `MAX_TERMS` most frequent (ties: alphabetical).
pub fn terms(blocks: &[Block]) -> Vec<(Term, u32)> {
    // Counted by borrowed key in a reused buffer: a word allocates only the first time the
    // segment uses it, and FxHash is far cheaper than SipHash on these short keys.
    let mut counts: FxHashMap<Term, u32> = FxHashMap::default();
    let mut scratch = String::new();
    let urls = blocks
        .iter()
        .flat_map(|b| b.links.iter().map(|l| l.url.as_str()));
    for text in blocks.iter().map(|b| b.text.as_str()).chain(urls) {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let Some(term) = term_into(word, &mut scratch) else {
                continue;
            };
            match counts.get_mut(term) {
                Some(count) => *count += 1,
                None => {
                    counts.insert(Term::from(term), 1);
                }
            }
        }
    }
    let mut ranked: Vec<(Term, u32)> = counts.into_iter().collect();
    let by_rank = |a: &(Term, u32), b: &(Term, u32)| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0));
    // Only the first MAX_TERMS need ordering: partition around the last one kept.
    if ranked.len() > MAX_TERMS {
        ranked.select_nth_unstable_by(MAX_TERMS - 1, by_rank);
    }
    ranked.truncate(MAX_TERMS);
    // Held to the end of the build: without the room the segment's other words took.
    ranked.shrink_to_fit();
    ranked.sort_unstable();
    ranked
}

/// Every term of a text, in order, repeats included.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter_map(|word| {
            let mut term = String::new();
            term_into(word, &mut term)?;
            Some(term)
        })
}

/// A word as a term, written into `buf`, or `None` for stop words, scaffolding, numbers and
/// short words.
fn term_into<'b>(word: &str, buf: &'b mut String) -> Option<&'b str> {
    if word.len() < 3 || word.chars().count() < 3 || word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        // Full Unicode lower-casing (final sigma and all) only where it can differ.
        buf.push_str(&word.to_lowercase());
    }
    if is_stop_word(buf) {
        return None;
    }
    // A simple plural: "packages" and "package" are one term; "class", "status", "this" stay.
    if let Some(stem) = buf.strip_suffix('s') {
        if stem.len() >= 4 && !stem.ends_with(['s', 'u', 'i']) {
            buf.pop();
        }
    }
    Some(buf.as_str())
}

/// Whether a lower-cased word is in [`STOP_WORDS`]: a hash probe rather than a binary search,
/// since every word of the corpus asks.
fn is_stop_word(word: &str) -> bool {
    static SET: std::sync::OnceLock<(usize, rustc_hash::FxHashSet<&'static str>)> =
        std::sync::OnceLock::new();
    let (longest, set) = SET.get_or_init(|| {
        let longest = STOP_WORDS.iter().map(|w| w.len()).max().unwrap_or(0);
        (longest, STOP_WORDS.iter().copied().collect())
    });
    word.len() <= *longest && set.contains(word)
}

/// English function words, show-notes boilerplate and URL scaffolding, sorted.
const STOP_WORDS: &[&str] = &[
    "about", "after", "again", "all", "also", "and", "any", "are", "aren", "back", "been",
    "before", "being", "but", "can", "com", "could", "did", "does", "doesn", "doing", "don",
    "down", "each", "even", "every", "few", "for", "from", "get", "gets", "getting", "got", "had",
    "has", "have", "having", "her", "here", "him", "his", "how", "html", "http", "https", "into",
    "isn", "its", "just", "let", "like", "lot", "made", "make", "makes", "many", "may", "more",
    "most", "much", "must", "net", "new", "not", "now", "off", "once", "one", "only", "org",
    "other", "our", "out", "over", "own", "really", "same", "see", "she", "should", "some", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "thing", "things",
    "this", "those", "through", "too", "under", "until", "use", "used", "uses", "using", "very",
    "via", "want", "was", "way", "well", "were", "what", "when", "where", "which", "while", "who",
    "why", "will", "with", "would", "www", "yet", "you", "your",
];

/// What the mentions of one entity add up to, before it becomes a node.
#[derive(Default)]
struct Tally {
    kind: Option<EntityKind>,
    /// Each name with how many mentions gave it, in the order first seen: a few per entity,
    /// so a vector (a B-tree's first node alone is ~500 bytes, and there are 100,000s of
    /// entities in a large archive).
    names: Vec<(String, usize)>,
    surfaces: Vec<String>,
    best_confidence: f32,
}

/// Builds the graph. `shows` are indexed by `Episode::show` (an episode of a show not listed
/// belongs to a show named "notes"). Entities whose confidence is below `min_confidence` are
/// left out.
pub fn build(episodes: Vec<Extracted>, shows: &[ShowNode], min_confidence: f32) -> KnowledgeGraph {
    let terms = crate::par_map(&episodes, |item| segment_terms(item.episode));
    build_with_terms(episodes, terms, shows, min_confidence)
}

/// The [`terms`] of each of an episode's segments, in segment order.
pub fn segment_terms(episode: &Episode) -> Vec<Vec<(Term, u32)>> {
    episode
        .segments
        .iter()
        .map(|s| terms(episode.segment_blocks(s)))
        .collect()
}

/// Episodes whose edges are made ready on every core at once before they are added: a
/// batch's mentions are dropped as soon as it is in the graph, so a build holds the mentions
/// of one batch, not of the whole archive, beside the graph.
const BATCH: usize = 2048;

/// [`build`] with the words already counted: [`segment_terms`] of each episode, in order.
/// Takes the mentions by value and frees them batch by batch as they become edges.
pub fn build_with_terms(
    episodes: Vec<Extracted>,
    terms: Vec<Vec<Vec<(Term, u32)>>>,
    shows: &[ShowNode],
    min_confidence: f32,
) -> KnowledgeGraph {
    let fallback = [ShowNode::named("notes")];
    let shows = if shows.is_empty() {
        &fallback[..]
    } else {
        shows
    };
    // Every mention is tallied first: an entity's node, made where it is first mentioned,
    // carries what all its mentions say (its label, aliases and best confidence).
    let tallies = tally(&episodes);
    // Sized up front: growing the node and edge lists by doubling copies them and touches
    // fresh memory each time. Entities are counted before `min_confidence`, so this is a bound.
    let segments: usize = episodes.iter().map(|e| e.mentions.len()).sum();
    let mentions: usize = episodes
        .iter()
        .flat_map(|e| &e.mentions)
        .map(Vec::len)
        .sum();
    let entities: usize = tallies.iter().map(|t| t.len()).sum();
    let nodes = shows.len() + episodes.len() + segments + entities;
    let mut g = KnowledgeGraph {
        graph: DiGraph::with_capacity(nodes, episodes.len() + segments + mentions),
        ids: FxHashMap::with_capacity_and_hasher(nodes, Default::default()),
    };
    // Only shows with episodes become nodes, in the order the shows were given.
    let used: HashSet<usize> = episodes.iter().map(|e| e.episode.show).collect();
    let show_nodes: Vec<Option<NodeIndex>> = shows
        .iter()
        .enumerate()
        .map(|(i, show)| {
            used.contains(&i)
                .then(|| g.add_node(Node::Show(show.clone())))
        })
        .collect();
    let mut episodes = episodes.into_iter();
    let mut terms = terms.into_iter();
    loop {
        let batch: Vec<Extracted> = episodes.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        // Copying evidence and grouping mentions stand alone per episode: done on every core;
        // only adding the results to the graph, in input order, is serial.
        // By reference, so what `prepare` borrows outlives the worker's call.
        let items: Vec<&Extracted> = batch.iter().collect();
        let prepared = crate::par_map(&items, |item| prepare(item, shows));
        for ((episode, terms), item) in prepared.into_iter().zip(terms.by_ref()).zip(&batch) {
            let show = show_nodes.get(item.episode.show).copied().flatten();
            add_episode(&mut g, episode, show, terms, &tallies, min_confidence);
        }
    }
    // Entities are added as they are first mentioned, so ids and order follow the input.
    debug_assert!(EntityKind::ALL.into_iter().all(|kind| {
        tallies[kind as usize]
            .iter()
            .filter(|(_, t)| t.best_confidence >= min_confidence)
            .all(|(key, _)| g.node(&entity_id(kind, key)).is_some())
    }));
    g
}

fn entity_id(kind: EntityKind, key: &str) -> String {
    format!("{}:{key}", kind.as_str())
}

/// Tallies by kind (`EntityKind as usize`), then by key: looked up with a borrowed key, so no
/// String is made per mention just to find its entity.
type Tallies = [FxHashMap<String, Tally>; EntityKind::ALL.len()];

fn tally(episodes: &[Extracted]) -> Tallies {
    let mut tallies: Tallies = Default::default();
    for item in episodes {
        for m in item.mentions.iter().flatten() {
            let by_key = &mut tallies[m.kind as usize];
            if !by_key.contains_key(&m.key) {
                by_key.insert(m.key.clone(), Tally::default());
            }
            let t = by_key.get_mut(&m.key).expect("inserted above");
            t.kind = Some(m.kind);
            match t.names.iter_mut().find(|(name, _)| *name == m.name) {
                Some(entry) => entry.1 += 1,
                None => t.names.push((m.name.clone(), 1)),
            }
            if !t.surfaces.contains(&m.surface) {
                t.surfaces.push(m.surface.clone());
            }
            t.best_confidence = t.best_confidence.max(m.confidence());
        }
    }
    tallies
}

/// The display name: packages go by their install name (their key without the registry);
/// others by their most frequent name.
fn label_of(kind: EntityKind, key: &str, tally: &Tally) -> String {
    if kind == EntityKind::Package {
        return crate::extract::ecosystem::split_key(key).1.to_string();
    }
    let well_formed = |n: &str| !n.starts_with('@');
    tally
        .names
        .iter()
        .enumerate()
        .max_by_key(|(first, (name, count))| (well_formed(name), *count, std::cmp::Reverse(*first)))
        .map(|(_, (name, _))| name.clone())
        .unwrap_or_else(|| key.to_string())
}

/// A surface that uses the entity in code rather than names it: a call or member
/// (`asyncio.run()`, `pytest.approx()`) or a dotted file name (`.flake8`, `.venv`). It stays
/// in the evidence; it is no other name to list or search the entity by.
fn is_code_spelling(surface: &str) -> bool {
    surface.contains('(') || surface.starts_with('.')
}

fn entity_node(kind: EntityKind, key: &str, tally: &Tally) -> EntityNode {
    let label = label_of(kind, key, tally);
    let mut aliases: Vec<String> = tally
        .names
        .iter()
        .map(|(name, _)| name)
        .chain(tally.surfaces.iter())
        .filter(|a| **a != label && !a.trim().is_empty() && !is_code_spelling(a))
        .cloned()
        .collect();
    aliases.sort();
    aliases.dedup();
    EntityNode {
        id: entity_id(kind, key),
        kind,
        label,
        aliases,
        confidence: (tally.best_confidence * 100.0).round() / 100.0,
        ecosystem: (kind == EntityKind::Package).then(|| {
            crate::extract::ecosystem::split_key(key)
                .0
                .as_str()
                .to_string()
        }),
    }
}

/// An episode's nodes and edges made ready on a worker thread, for [`add_episode`] to insert.
struct Prepared<'a> {
    episode: EpisodeNode,
    segments: Vec<(SegmentNode, Vec<Sighted<'a>>)>,
}

/// The mentions of one entity in one segment, as the edge they become.
struct Sighted<'a> {
    kind: EntityKind,
    key: &'a str,
    id: String,
    /// Where, among the segment's mentions, the header first names this entity as the host.
    header_host: Option<usize>,
    edge: Edge,
}

/// One episode's nodes, edges and evidence, made on a worker so that only inserting them into
/// the graph is left to do in order.
fn prepare<'a>(item: &'a Extracted, shows: &[ShowNode]) -> Prepared<'a> {
    let episode = item.episode;
    let show = shows.get(episode.show).unwrap_or(&shows[0]);
    let key = episode_key(episode);
    let id = format!("episode:{}:{key}", show.slug());
    let file: Arc<str> = Arc::from(episode.source.as_str());
    let segments = episode
        .segments
        .iter()
        .zip(&item.mentions)
        .enumerate()
        .map(|(index, (segment, mentions))| {
            let node = SegmentNode {
                id: format!("segment:{}:{key}:{index}", show.slug()),
                episode: episode.number,
                episode_id: id.clone(),
                index,
                segment_kind: segment.kind,
                number: segment.number,
                host: segment.host.clone(),
                title: segment.title.clone(),
                url: segment.url.clone(),
                lines: segment.lines,
                // Filled in by `add_episode`, from the counts made beforehand.
                terms: Vec::new(),
                start: segment.start,
                boilerplate: segment.boilerplate,
            };
            (node, sightings(mentions, &file))
        })
        .collect();
    Prepared {
        episode: EpisodeNode {
            id,
            number: episode.number,
            title: episode.title.clone(),
            source: episode.source.clone(),
            show: show.id.clone(),
            date: episode.date.clone(),
            season: episode.season,
            duration: episode.duration,
        },
        segments,
    }
}

/// A segment's mentions grouped by entity, in order of first mention, with their evidence.
fn sightings<'a>(mentions: &'a [Mention], file: &Arc<str>) -> Vec<Sighted<'a>> {
    let mut sighted: Vec<Sighted> = Vec::new();
    for (at, m) in mentions.iter().enumerate() {
        let evidence = Evidence {
            file: Arc::clone(file),
            line: m.line,
            text: m.surface.clone(),
            url: m.url.clone(),
            signal: Some(Cow::Borrowed(m.signal.as_str())),
        };
        let header_host = (m.signal == Signal::Host && m.block_is_header()).then_some(at);
        match sighted
            .iter_mut()
            .find(|s| s.kind == m.kind && s.key == m.key)
        {
            Some(s) => {
                s.edge.weight += 1;
                s.edge.evidence.push(evidence);
                s.header_host = s.header_host.or(header_host);
            }
            None => sighted.push(Sighted {
                kind: m.kind,
                key: &m.key,
                id: entity_id(m.kind, &m.key),
                header_host,
                edge: Edge {
                    kind: EdgeKind::Mentions,
                    weight: 1,
                    evidence: vec![evidence],
                },
            }),
        }
    }
    sighted
}

fn add_episode(
    g: &mut KnowledgeGraph,
    prepared: Prepared,
    show: Option<NodeIndex>,
    terms: Vec<Vec<(Term, u32)>>,
    tallies: &Tallies,
    min_confidence: f32,
) {
    let ep = g.add_node(Node::Episode(prepared.episode));
    if let Some(show) = show {
        let edge = Edge {
            kind: EdgeKind::HasEpisode,
            weight: 1,
            evidence: Vec::new(),
        };
        g.add_edge(show, ep, edge);
    }
    for ((mut segment, sighted), terms) in prepared.segments.into_iter().zip(terms) {
        segment.terms = terms;
        let seg = g.add_node(Node::Segment(segment));
        g.add_edge(
            ep,
            seg,
            Edge {
                kind: EdgeKind::HasSegment,
                weight: 1,
                evidence: Vec::new(),
            },
        );
        add_mentions(g, seg, sighted, tallies, min_confidence);
    }
}

fn add_mentions(
    g: &mut KnowledgeGraph,
    seg: NodeIndex,
    sighted: Vec<Sighted>,
    tallies: &Tallies,
    min_confidence: f32,
) {
    let mut edges: Vec<(NodeIndex, Edge)> = Vec::with_capacity(sighted.len());
    // The host is the entity of the first header mention among the entities kept.
    let mut host: Option<(usize, NodeIndex)> = None;
    for s in sighted {
        let Some(tally) = tallies[s.kind as usize]
            .get(s.key)
            .filter(|t| t.best_confidence >= min_confidence)
        else {
            continue;
        };
        let entity = match g.node(&s.id) {
            Some(index) => index,
            None => g.add_node(Node::Entity(entity_node(s.kind, s.key, tally))),
        };
        if let Some(at) = s.header_host {
            if host.is_none_or(|(first, _)| at < first) {
                host = Some((at, entity));
            }
        }
        edges.push((entity, s.edge));
    }
    // One edge per pair (graph.json says `multigraph: false`): the host's sightings in its own
    // segment go on the `presented_by` edge rather than on a second, `mentions` edge.
    for (entity, mut edge) in edges {
        if host.is_some_and(|(_, h)| h == entity) {
            edge.kind = EdgeKind::PresentedBy;
        }
        g.add_edge(seg, entity, edge);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(kind: EntityKind, label: &str) -> Node {
        Node::Entity(EntityNode {
            id: format!("{}:{label}", kind.as_str()),
            kind,
            label: label.to_string(),
            aliases: Vec::new(),
            confidence: 1.0,
            ecosystem: None,
        })
    }

    #[test]
    fn names_seen_as_two_kinds_are_listed_not_merged() {
        let mut g = KnowledgeGraph::default();
        g.add_node(entity(EntityKind::Package, "jupyter"));
        g.add_node(entity(EntityKind::Project, "Jupyter"));
        g.add_node(entity(EntityKind::Package, "pytest"));
        assert_eq!(
            g.kind_conflicts(),
            vec![(
                "jupyter".to_string(),
                vec![EntityKind::Package, EntityKind::Project]
            )]
        );
        assert_eq!(g.entities().count(), 3);
    }

    use crate::ingest::Format;
    use crate::markup::blocks;

    fn check(markdown: &str, expected: &[(&str, u32)]) {
        let got = terms(&blocks(markdown, Format::Markdown));
        let got: Vec<(&str, u32)> = got.iter().map(|(w, c)| (w.as_str(), *c)).collect();
        assert_eq!(got, expected, "{markdown}");
    }

    #[test]
    fn code_spellings_are_no_aliases() {
        let cases = [
            ("asyncio.run()", true),
            ("pytest.Monkeypatch.context()", true),
            (".flake8", true),
            ("Vue.js", false),
            ("socket.io", false),
            ("Python Bytes", false),
        ];
        for (surface, code) in cases {
            assert_eq!(is_code_spelling(surface), code, "{surface}");
        }
    }

    #[test]
    fn terms_are_content_words_with_counts() {
        check(
            "Packages and the package index: **pytest** 8",
            &[("index", 1), ("package", 2), ("pytest", 1)],
        );
        check(
            "[Why I avoid it](https://www.example.com/blog/slack.html)",
            &[("avoid", 1), ("blog", 1), ("example", 1), ("slack", 1)],
        );
        check("This class is about status", &[("class", 1), ("status", 1)]);
    }

    #[test]
    fn terms_keep_only_the_most_frequent() {
        let text: Vec<String> = (0..60).map(|i| format!("word{i:02}")).collect();
        let markdown = format!("{} word59", text.join(" "));
        let got = terms(&blocks(&markdown, Format::Markdown));
        assert_eq!(got.len(), MAX_TERMS);
        assert!(got.contains(&("word59".into(), 2)));
        assert!(got.contains(&("word00".into(), 1)));
        assert!(!got.iter().any(|(w, _)| w == "word58"));
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }
}
