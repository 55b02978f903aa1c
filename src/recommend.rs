//! Recommend: a knowledge graph in, each episode's related episodes with reasons out.
//!
//! A pair's score blends two cosines, `(1 − text_weight)·entities + text_weight·text`, both
//! over counted segments only (topics, news and extras by default: never intro/sponsor, joke or
//! the repeated links list). *Entities*: each numbered episode is a sparse vector over the
//! entities its segments mention (regular hosts add nothing) and the words of their titles and
//! links; an entity's weight is the sum over segments of how central it is there — the item's
//! subject (seen on the header line or as its primary link) counts `subject_weight`, a passing
//! mention 1, times its kind's factor (people ½, packages 1¼) — times its rarity (Adamic–Adar
//! by default). *Text*: each segment is a BM25 vector
//! over the `terms` graph.json carries; two episodes' text similarity is the cosine of their
//! closest pair of segments plus `episode_weight` times the cosine of their pooled terms (a
//! follow-up is about one item, but often echoes the episode's theme too). The shared entities
//! that contributed most are the reasons, each with its share.
//!
//! Scores come from walking inverted indexes (feature → episodes, term → segments) over
//! interned integer ids, never from comparing every pair. Features in more than `max_df` of the
//! episodes or in more than `max_postings` documents are skipped, and a segment's walk starts
//! from its `walk_terms` heaviest terms only, so each walk is bounded and all lists grow
//! linearly with the corpus. Everything is sorted before it is returned (ties go to the lower
//! episode number), so output is deterministic. Never prints, never touches files.
//! [`evaluate`] measures the ranking against the episodes the show notes themselves refer to.

pub mod evaluate;
pub mod tfidf;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::{Deserialize, Serialize};

use crate::extract::EntityKind;
use crate::graph::{self, Edge, EdgeKind, EpisodeNode, KnowledgeGraph, Node, SegmentNode};
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
    /// Segment kinds whose mentions and words count.
    pub kinds: Vec<SegmentKind>,
    /// Entity labels (lower case) that add nothing: the regular hosts.
    pub ignore: Vec<String>,
    /// Features in more than this share of the episodes are skipped (only when there are more
    /// than `MIN_EPISODES_FOR_CAP` episodes, so tiny graphs keep every entity).
    pub max_df: f64,
    /// Features in more than this many episodes are skipped whatever the corpus size: it bounds
    /// every posting list, so the walk grows linearly with the number of episodes.
    pub max_postings: usize,
    /// Related episodes kept per episode.
    pub top: usize,
    /// Shared entities listed per recommendation.
    pub reasons: usize,
    /// Weight of each word of a segment's title and primary link (0 turns words off).
    pub word_weight: f64,
    /// Entity scores are dot / (|a| |b|)^norm_power: 1 is the cosine, 0 the raw sum.
    pub norm_power: f64,
    /// Share of the score from the BM25 cosine over segment terms (1 − α; 0 turns text off).
    pub text_weight: f64,
    /// Only this many of a segment's heaviest terms start a walk (the cosine's norms still
    /// count every term); `graph::MAX_TERMS` or more walks them all.
    pub walk_terms: usize,
    /// BM25 term-frequency saturation.
    pub k1: f64,
    /// BM25 length normalisation.
    pub b: f64,
    /// Text similarity of two episodes is that of their closest pair of segments (a follow-up
    /// is about one item), rather than of the episodes' pooled terms.
    pub segment_text: bool,
    /// With `segment_text`: weight of the whole-episode BM25 cosine (the episodes' pooled
    /// terms), added to the closest segments' one: a follow-up often shares a theme with the
    /// episode as a whole, not only with one item (0 turns it off).
    pub episode_weight: f64,
    /// Per entity kind, a factor on its mentions' centrality (kinds not listed weigh 1): a
    /// person two episodes share is often a prolific author or guest behind different items,
    /// a package is the most specific name an item can be about.
    pub kind_weights: Vec<(EntityKind, f64)>,
    /// Count segments flagged as boilerplate too (the socials block, sponsor reads).
    pub include_boilerplate: bool,
}

/// Below this many episodes the `max_df` cap is not applied: the walk is cheap anyway.
pub const MIN_EPISODES_FOR_CAP: usize = 100;

impl Params {
    /// The defaults, ignoring the given hosts.
    pub fn with_hosts(hosts: &Hosts) -> Params {
        Params {
            rarity: Rarity::AdamicAdar,
            subject_weight: 3.0,
            // The intro counts too, unless it is boilerplate: on shows whose notes open with a
            // summary it is the most telling text (+0.02–0.03 hit@10 on both real shows).
            kinds: SegmentKind::CONTENT
                .into_iter()
                .chain([SegmentKind::Intro])
                .collect(),
            ignore: hosts.hosts.iter().map(|h| h.name.to_lowercase()).collect(),
            max_df: 0.3,
            max_postings: 100,
            top: 10,
            reasons: 3,
            word_weight: 0.5,
            norm_power: 0.5,
            text_weight: 0.6,
            walk_terms: 20,
            k1: 1.2,
            b: 0.75,
            segment_text: true,
            episode_weight: 1.0,
            kind_weights: vec![(EntityKind::Person, 0.5), (EntityKind::Package, 1.25)],
            include_boilerplate: false,
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
    /// The episode's id in graph.json.
    pub id: String,
    /// Its number, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episode: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub related: Vec<Recommendation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episode: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The blended similarity, rounded to 4 places.
    pub score: f64,
    /// The shared entities that contributed most, largest first.
    pub shared: Vec<Shared>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    pub label: String,
    pub kind: String,
    /// This entity's part of the score (with the text part, the parts add up to it).
    pub weight: f64,
}

/// One pair's score taken apart: see [`Index::explain`].
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    /// The entity cosine and the text similarity, before blending.
    pub entity: f64,
    pub text: f64,
    /// Every shared entity, largest share first.
    pub shared: Vec<Shared>,
}

/// BM25 vectors over `docs` (term counts per document).
fn bm25(docs: &[Vec<(u32, f64)>], terms: usize, cap: usize, params: &Params) -> Space {
    let lengths: Vec<f64> = docs
        .iter()
        .map(|t| t.iter().map(|(_, c)| c).sum())
        .collect();
    let d = docs.len();
    let average = (lengths.iter().sum::<f64>() / d.max(1) as f64).max(1.0);
    Space::new(docs, terms, cap, |tf, df, ep| {
        let idf = (1.0 + (d as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
        let norm = params.k1 * (1.0 - params.b + params.b * lengths[ep] / average);
        idf * tf * (params.k1 + 1.0) / (tf + norm)
    })
}

/// Sparse episode vectors over one kind of feature, and the inverted index over them.
struct Space {
    /// Per episode: (feature, weight), by feature. Weights are f32 to halve the memory the
    /// walk reads; sums are f64.
    vectors: Vec<Vec<(u32, f32)>>,
    norms: Vec<f64>,
    /// Per feature: (episode, weight), by episode.
    postings: Vec<Vec<(u32, f32)>>,
    /// When pruned: per episode, the heaviest features, the only ones its walk follows.
    queries: Vec<Vec<(u32, f32)>>,
}

impl Space {
    /// From raw per-episode values; `weigh(value, df, episode)` is a kept feature's weight.
    fn new(
        raw: &[Vec<(u32, f64)>],
        features: usize,
        cap: usize,
        weigh: impl Fn(f64, usize, usize) -> f64,
    ) -> Space {
        let mut df = vec![0usize; features];
        for &(f, _) in raw.iter().flatten() {
            df[f as usize] += 1;
        }
        let mut postings = vec![Vec::new(); features];
        let vectors: Vec<Vec<(u32, f32)>> = raw
            .iter()
            .enumerate()
            .map(|(ep, values)| {
                // A feature in one episode cannot link two; common ones say little (`max_df`).
                let kept = values
                    .iter()
                    .filter(|(f, _)| (2..=cap).contains(&df[*f as usize]));
                let vector: Vec<(u32, f32)> = kept
                    .map(|&(f, v)| (f, weigh(v, df[f as usize], ep) as f32))
                    .filter(|(_, w)| *w > 0.0)
                    .collect();
                for &(f, w) in &vector {
                    postings[f as usize].push((ep as u32, w));
                }
                vector
            })
            .collect();
        let norms = vectors
            .iter()
            .map(|v| {
                v.iter()
                    .map(|(_, w)| f64::from(*w).powi(2))
                    .sum::<f64>()
                    .sqrt()
            })
            .collect();
        Space {
            vectors,
            norms,
            postings,
            queries: Vec::new(),
        }
    }

    /// Walks follow only each vector's `keep` heaviest features (ties: the lower id): the
    /// light ones add little to a cosine and are most of the work.
    fn prune(&mut self, keep: usize) {
        self.queries = self
            .vectors
            .iter()
            .map(|v| {
                let mut query = v.clone();
                query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                query.truncate(keep);
                query
            })
            .collect();
    }

    /// Adds `slot`'s dot product with every episode sharing a feature into `acc`.
    fn walk(&self, slot: usize, acc: &mut [f64], touched: &mut Vec<u32>, seen: &mut [bool]) {
        let query = self.queries.get(slot).unwrap_or(&self.vectors[slot]);
        for &(f, w) in query {
            for &(other, v) in &self.postings[f as usize] {
                if !seen[other as usize] {
                    seen[other as usize] = true;
                    touched.push(other);
                }
                acc[other as usize] += f64::from(w * v);
            }
        }
    }

    /// `a`'s weight times `b`'s for each feature they share, by feature.
    fn shared(&self, a: usize, b: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        let theirs = &self.vectors[b];
        self.vectors[a].iter().filter_map(move |&(f, w)| {
            let i = theirs.binary_search_by_key(&f, |(g, _)| *g).ok()?;
            Some((f, f64::from(w * theirs[i].1)))
        })
    }
}

/// Reusable buffers for one walk at a time: only the touched slots are reset.
pub struct Scratch {
    entity: Vec<f64>,
    text: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<u32>,
    /// The same per segment, for `segment_text`.
    segment: Vec<f64>,
    segment_seen: Vec<bool>,
    segment_touched: Vec<u32>,
    /// Per episode: the pooled text's dot product, for `episode_weight`.
    pooled: Vec<f64>,
}

impl Scratch {
    pub fn new(index: &Index) -> Scratch {
        let (episodes, segments) = (index.episodes.len(), index.owner.len());
        Scratch {
            entity: vec![0.0; episodes],
            text: vec![0.0; episodes],
            seen: vec![false; episodes],
            touched: Vec::new(),
            segment: vec![0.0; segments],
            segment_seen: vec![false; segments],
            segment_touched: Vec::new(),
            pooled: vec![0.0; episodes],
        }
    }
}

/// The episodes as vectors and the inverted indexes over them.
pub struct Index {
    /// Every episode's node, in graph order (shows, then number, then date): a slot each.
    pub episodes: Vec<NodeIndex>,
    /// Entities and title/link words, weighted by centrality and rarity.
    entities: Space,
    /// Terms weighted by BM25: per episode, or per counted segment with `segment_text`.
    text: Space,
    /// With `segment_text`: each segment's episode, and each episode's segments.
    owner: Vec<u32>,
    segments: Vec<std::ops::Range<usize>>,
    /// What each entity-space feature is: the entity's node, or `None` for a word.
    nodes: Vec<Option<NodeIndex>>,
    text_weight: f64,
    segment_text: bool,
    /// With `segment_text` and `episode_weight`: pooled per-episode BM25 vectors.
    pooled: Option<Space>,
    episode_weight: f64,
}

/// Related lists for every episode, in graph order.
pub fn related_all(graph: &KnowledgeGraph, params: &Params) -> Vec<Related> {
    let index = Index::build(graph, params);
    let mut scratch = Scratch::new(&index);
    (0..index.episodes.len())
        .map(|slot| index.related(graph, slot, params, &mut scratch))
        .collect()
}

/// Related list for one episode (by its node), or `None` when it is no episode of the graph.
pub fn related(graph: &KnowledgeGraph, episode: NodeIndex, params: &Params) -> Option<Related> {
    let index = Index::build(graph, params);
    let slot = index.slot(episode)?;
    let mut scratch = Scratch::new(&index);
    Some(index.related(graph, slot, params, &mut scratch))
}

impl Index {
    /// The slot of an episode node.
    pub fn slot(&self, episode: NodeIndex) -> Option<usize> {
        self.episodes.iter().position(|&e| e == episode)
    }

    pub fn build(graph: &KnowledgeGraph, params: &Params) -> Index {
        let raw = Raw::collect(graph, params);
        let n = raw.episodes.len();
        let share = if n > MIN_EPISODES_FOR_CAP {
            (params.max_df * n as f64).ceil() as usize
        } else {
            usize::MAX
        };
        let cap = share.min(params.max_postings.max(2));
        let mut entities = Space::new(&raw.entity, raw.nodes.len(), cap, |c, df, _| {
            c * params.rarity.weight(df, n)
        });
        // (|a| |b|)^p = |a|^p |b|^p: raised once here rather than for every pair.
        for norm in &mut entities.norms {
            *norm = norm.powf(params.norm_power);
        }
        let docs = if params.segment_text {
            &raw.segment_text
        } else {
            &raw.text
        };
        let mut text = bm25(docs, raw.terms, cap, params);
        if params.walk_terms < graph::MAX_TERMS {
            text.prune(params.walk_terms);
        }
        let pooled = (params.segment_text && params.episode_weight > 0.0).then(|| {
            let mut pooled = bm25(&raw.text, raw.terms, cap, params);
            if params.walk_terms < graph::MAX_TERMS {
                pooled.prune(params.walk_terms);
            }
            pooled
        });
        Index {
            episodes: raw.episodes,
            entities,
            text,
            owner: raw.owner,
            segments: raw.segments,
            nodes: raw.nodes,
            text_weight: params.text_weight,
            segment_text: params.segment_text,
            pooled,
            episode_weight: params.episode_weight,
        }
    }

    /// Scores of every episode sharing a feature with `slot`, in no particular order.
    pub fn scores(&self, slot: usize, scratch: &mut Scratch) -> Vec<(usize, f64)> {
        let blend =
            |(o, e, t): (usize, f64, f64)| (o, (1.0 - self.text_weight) * e + self.text_weight * t);
        self.parts(slot, scratch).into_iter().map(blend).collect()
    }

    /// Why `b` scores what it does for `a`: both parts before blending, and every shared
    /// entity with its share. For diagnostics; the walk is the same one `scores` takes.
    pub fn explain(&self, graph: &KnowledgeGraph, a: usize, b: usize) -> Explained {
        let mut scratch = Scratch::new(self);
        let (entity, text) = self
            .parts(a, &mut scratch)
            .into_iter()
            .find(|(o, _, _)| *o == b)
            .map_or((0.0, 0.0), |(_, e, t)| (e, t));
        Explained {
            entity,
            text,
            shared: self.reasons(graph, a, b, usize::MAX),
        }
    }

    /// (episode, entity cosine, text similarity) of every episode sharing a feature with `slot`.
    fn parts(&self, slot: usize, scratch: &mut Scratch) -> Vec<(usize, f64, f64)> {
        scratch.touched.clear();
        let Scratch {
            entity,
            text,
            seen,
            touched,
            ..
        } = scratch;
        self.entities.walk(slot, entity, touched, seen);
        if self.text_weight > 0.0 && !self.segment_text {
            self.text.walk(slot, text, touched, seen);
        } else if self.text_weight > 0.0 {
            self.closest_segments(slot, scratch);
            if let Some(pooled) = &self.pooled {
                pooled.walk(
                    slot,
                    &mut scratch.pooled,
                    &mut scratch.touched,
                    &mut scratch.seen,
                );
            }
        }
        let Scratch {
            entity,
            text,
            seen,
            touched,
            pooled,
            ..
        } = scratch;
        let mut scored = Vec::with_capacity(touched.len());
        for &other in touched.iter() {
            let o = other as usize;
            if o != slot {
                let e = entity[o] / self.entity_norm(slot, o);
                let t = if !self.segment_text {
                    text[o] / self.text_norm(slot, o)
                } else {
                    let whole = match &self.pooled {
                        Some(p) => pooled[o] / nonzero(p.norms[slot] * p.norms[o]),
                        None => 0.0,
                    };
                    text[o] + self.episode_weight * whole
                };
                scored.push((o, e, t));
            }
            (entity[o], text[o], seen[o]) = (0.0, 0.0, false);
            pooled[o] = 0.0;
        }
        scored
    }

    /// For each other episode, the best cosine between one of its segments and one of `slot`'s.
    fn closest_segments(&self, slot: usize, scratch: &mut Scratch) {
        let norms = &self.text.norms;
        for mine in self.segments[slot].clone() {
            scratch.segment_touched.clear();
            let Scratch {
                segment,
                segment_seen,
                segment_touched,
                ..
            } = scratch;
            self.text.walk(mine, segment, segment_touched, segment_seen);
            for i in 0..scratch.segment_touched.len() {
                let other = scratch.segment_touched[i] as usize;
                let cosine = scratch.segment[other] / nonzero(norms[mine] * norms[other]);
                (scratch.segment[other], scratch.segment_seen[other]) = (0.0, false);
                let ep = self.owner[other] as usize;
                if !scratch.seen[ep] {
                    scratch.seen[ep] = true;
                    scratch.touched.push(ep as u32);
                }
                scratch.text[ep] = scratch.text[ep].max(cosine);
            }
        }
    }

    /// Every episode sharing a feature with `slot`, best first; ties go to the lower number.
    pub fn ranked(&self, slot: usize, scratch: &mut Scratch) -> Vec<(usize, f64)> {
        let mut scored = self.scores(slot, scratch);
        scored.sort_by(best_first);
        scored
    }

    /// (|a| |b|)^norm_power, or infinity when either vector is empty (the part is then 0).
    fn entity_norm(&self, a: usize, b: usize) -> f64 {
        let norms = &self.entities.norms;
        nonzero(norms[a] * norms[b])
    }

    fn text_norm(&self, a: usize, b: usize) -> f64 {
        nonzero(self.text.norms[a] * self.text.norms[b])
    }

    fn related(
        &self,
        graph: &KnowledgeGraph,
        slot: usize,
        params: &Params,
        scratch: &mut Scratch,
    ) -> Related {
        let mut scored = self.scores(slot, scratch);
        if scored.len() > params.top && params.top > 0 {
            scored.select_nth_unstable_by(params.top - 1, best_first);
        }
        scored.truncate(params.top);
        scored.sort_by(best_first);
        let related = scored
            .into_iter()
            .map(|(other, score)| {
                let e = episode_node(graph, self.episodes[other]);
                Recommendation {
                    id: e.id.clone(),
                    episode: e.number,
                    date: e.date.clone(),
                    score: round(score),
                    shared: self.reasons(graph, slot, other, params.reasons),
                }
            })
            .collect();
        let e = episode_node(graph, self.episodes[slot]);
        Related {
            id: e.id.clone(),
            episode: e.number,
            date: e.date.clone(),
            related,
        }
    }

    /// The shared entities that contributed most to a pair's score, largest first.
    fn reasons(&self, graph: &KnowledgeGraph, a: usize, b: usize, keep: usize) -> Vec<Shared> {
        let scale = (1.0 - self.text_weight) / self.entity_norm(a, b);
        let mut parts: Vec<(f64, &str, &'static str)> = self
            .entities
            .shared(a, b)
            .filter_map(|(f, product)| match &graph.graph[self.nodes[f as usize]?] {
                Node::Entity(e) => Some((product * scale, e.label.as_str(), e.kind.as_str())),
                _ => None,
            })
            .collect();
        parts.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
        parts
            .into_iter()
            .take(keep)
            .map(|(part, label, kind)| Shared {
                label: label.to_string(),
                kind: kind.to_string(),
                weight: round(part),
            })
            .collect()
    }
}

fn episode_node(graph: &KnowledgeGraph, node: NodeIndex) -> &EpisodeNode {
    match &graph.graph[node] {
        Node::Episode(e) => e,
        _ => unreachable!("slots hold episode nodes"),
    }
}

fn best_first(a: &(usize, f64), b: &(usize, f64)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

fn nonzero(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        f64::INFINITY
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Per episode (graph order), the raw feature values over its counted segments, with
/// features interned to dense ids in first-seen order (so ids are deterministic).
struct Raw<'g> {
    episodes: Vec<NodeIndex>,
    /// Per episode: (entity-space feature, summed centrality), by feature.
    entity: Vec<Vec<(u32, f64)>>,
    /// Per episode: (term, summed count), by term.
    text: Vec<Vec<(u32, f64)>>,
    /// Per counted segment, episode by episode: (term, count), by term.
    segment_text: Vec<Vec<(u32, f64)>>,
    /// Each counted segment's episode slot, and each episode's range of segments.
    owner: Vec<u32>,
    segments: Vec<std::ops::Range<usize>>,
    /// Entity-space features: an entity's node, or `None` for a title/link word.
    nodes: Vec<Option<NodeIndex>>,
    /// Number of distinct terms.
    terms: usize,
    entity_ids: FastMap<NodeIndex, u32>,
    word_ids: FastMap<String, u32>,
    term_ids: FastMap<&'g str, u32>,
    ignored: Vec<bool>,
    /// Per node, its kind's factor (`Params::kind_weights`).
    kind_weight: Vec<f64>,
}

impl<'g> Raw<'g> {
    fn collect(graph: &'g KnowledgeGraph, params: &Params) -> Raw<'g> {
        let episodes: Vec<NodeIndex> = graph.episodes().map(|(i, _)| i).collect();
        let mut raw = Raw {
            entity: Vec::with_capacity(episodes.len()),
            text: Vec::with_capacity(episodes.len()),
            segment_text: Vec::new(),
            owner: Vec::new(),
            segments: Vec::new(),
            nodes: Vec::new(),
            terms: 0,
            entity_ids: FastMap::default(),
            word_ids: FastMap::default(),
            term_ids: FastMap::default(),
            ignored: ignored(graph, params),
            kind_weight: kind_weights(graph, params),
            episodes,
        };
        for slot in 0..raw.episodes.len() {
            let episode = raw.episodes[slot];
            let (mut entity, mut text) = (Vec::new(), Vec::new());
            let first = raw.segment_text.len();
            for (seg, _) in graph.out(episode, EdgeKind::HasSegment) {
                match &graph.graph[seg] {
                    Node::Segment(s) if counts(s, params) => {
                        raw.add_segment(graph, seg, s, params, &mut entity, &mut text)
                    }
                    _ => {}
                }
            }
            raw.entity.push(merge(entity));
            raw.text.push(merge(text));
            let last = raw.segment_text.len();
            raw.owner
                .extend(std::iter::repeat_n(slot as u32, last - first));
            raw.segments.push(first..last);
        }
        raw.terms = raw.term_ids.len();
        raw
    }

    fn add_segment(
        &mut self,
        graph: &'g KnowledgeGraph,
        seg: NodeIndex,
        segment: &'g SegmentNode,
        params: &Params,
        entity: &mut Vec<(u32, f64)>,
        text: &mut Vec<(u32, f64)>,
    ) {
        let mentions = graph.graph.edges_directed(seg, Direction::Outgoing);
        for (node, edge) in mentions.map(|e| (e.target(), e.weight())) {
            if edge.kind == EdgeKind::Mentions && !self.ignored[node.index()] {
                let centrality = if is_subject(segment, edge) {
                    params.subject_weight
                } else {
                    1.0
                };
                let c = centrality * self.kind_weight[node.index()];
                let next = self.nodes.len() as u32;
                let id = *self.entity_ids.entry(node).or_insert(next);
                if id == next {
                    self.nodes.push(Some(node));
                }
                entity.push((id, c));
            }
        }
        if params.word_weight > 0.0 {
            let url = segment.url.as_deref().unwrap_or("");
            let mut words: Vec<String> = words(&segment.title).chain(words(url)).collect();
            words.sort();
            words.dedup();
            for word in words {
                let next = self.nodes.len() as u32;
                let id = *self.word_ids.entry(word).or_insert(next);
                if id == next {
                    self.nodes.push(None);
                }
                entity.push((id, params.word_weight));
            }
        }
        if params.text_weight > 0.0 {
            let mut mine = Vec::with_capacity(segment.terms.len());
            for (term, count) in &segment.terms {
                let next = self.term_ids.len() as u32;
                let id = *self.term_ids.entry(term.as_str()).or_insert(next);
                mine.push((id, f64::from(*count)));
            }
            text.extend_from_slice(&mine);
            self.segment_text.push(merge(mine));
        }
    }
}

/// Interning hashes short keys; SipHash's protection against chosen keys is not needed for
/// ids that never leave the process, and FxHash-style mixing is several times faster.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        // The product's best-mixed bits are the high ones; the table indexes by the low ones.
        self.0.rotate_left(26)
    }
}

/// Sorts by feature and adds up the values of each feature.
fn merge(mut values: Vec<(u32, f64)>) -> Vec<(u32, f64)> {
    values.sort_by_key(|(f, _)| *f);
    let mut out: Vec<(u32, f64)> = Vec::with_capacity(values.len());
    for (f, v) in values {
        match out.last_mut() {
            Some((g, w)) if *g == f => *w += v,
            _ => out.push((f, v)),
        }
    }
    out
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

/// Whether a segment's mentions and words count: a content kind, and not boilerplate unless
/// asked for.
fn counts(segment: &SegmentNode, params: &Params) -> bool {
    params.kinds.contains(&segment.segment_kind)
        && (params.include_boilerplate || !segment.boilerplate)
}

/// Per node, whether it adds nothing: the regular hosts (those named in `params.ignore`, and
/// those the graph shows presenting segments in a large share of their show's episodes), and
/// anything not an entity.
fn ignored(graph: &KnowledgeGraph, params: &Params) -> Vec<bool> {
    let mut out = vec![true; graph.graph.node_count()];
    for (i, e) in graph.entities() {
        out[i.index()] = params.ignore.contains(&e.label.to_lowercase());
    }
    for host in graph::regular_hosts(graph) {
        out[host.index()] = true;
    }
    out
}

/// Per node, the factor its entity kind puts on its mentions (1 for kinds not listed).
fn kind_weights(graph: &KnowledgeGraph, params: &Params) -> Vec<f64> {
    let mut out = vec![1.0; graph.graph.node_count()];
    for (i, e) in graph.entities() {
        if let Some((_, w)) = params.kind_weights.iter().find(|(k, _)| *k == e.kind) {
            out[i.index()] = *w;
        }
    }
    out
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
                ..EpisodeNode::default()
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
                terms: Vec::new(),
                ..SegmentNode::default()
            }));
            g.add_edge(ep, seg, edge(EdgeKind::HasSegment, 0));
            for (name, subject) in mentions.iter() {
                // Capitalised names are people, the rest packages.
                let kind = if name.starts_with(char::is_uppercase) {
                    EntityKind::Person
                } else {
                    EntityKind::Package
                };
                let entity = g.add_node(Node::Entity(EntityNode {
                    id: format!("{}:{name}", kind.as_str()),
                    kind,
                    label: name.to_string(),
                    aliases: Vec::new(),
                    confidence: 1.0,
                    ecosystem: None,
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
                file: "".into(),
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
            assert_eq!(numbers(g, number, &params), expected, "{}", rarity.as_str());
        }
    }

    /// The numbers of `number`'s related episodes under `params`, best first.
    fn numbers(g: &KnowledgeGraph, number: u32, params: &Params) -> Vec<u32> {
        let related = related(g, node(g, number), params).unwrap().related;
        related.iter().filter_map(|r| r.episode).collect()
    }

    fn node(g: &KnowledgeGraph, number: u32) -> NodeIndex {
        g.node(&format!("episode:{number}"))
            .expect("episode in the test graph")
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
    fn a_shared_package_beats_a_shared_person() {
        let g = tiny(&[
            (1, T, &[("Ann Author", false), ("pkg", false)]),
            (2, T, &[("Ann Author", false), ("x", false)]),
            (3, T, &[("pkg", false), ("y", false)]),
        ]);
        check(&g, 1, &[3, 2]);
        // With every kind weighing the same, the two are tied and the lower number wins.
        let flat = Params {
            kind_weights: Vec::new(),
            ..Params::default()
        };
        assert_eq!(numbers(&g, 1, &flat), [2, 3]);
    }

    #[test]
    fn hosts_sponsors_and_jokes_add_nothing() {
        let host = "Ada Quill".to_string();
        let rows: &[Row] = &[
            (1, T, &[(host.as_str(), true), ("a", false)]),
            (2, T, &[(host.as_str(), true)]),
            (3, SegmentKind::Sponsor, &[("a", false)]),
            (4, SegmentKind::Joke, &[("a", false)]),
            (5, T, &[("a", false)]),
        ];
        let params = Params {
            ignore: vec![host.to_lowercase()],
            ..Params::default()
        };
        assert_eq!(numbers(&tiny(rows), 1, &params), [5]);
        assert_eq!(numbers(&tiny(rows), 2, &params), [0u32; 0]);
        // Unignored, the host links 1 and 2.
        assert_eq!(numbers(&tiny(rows), 2, &Params::default()), [1]);
    }

    /// Gives each listed episode's segments these terms, once each.
    fn with_terms(g: &mut KnowledgeGraph, terms: &[(u32, &[&str])]) {
        for node in g.graph.node_weights_mut() {
            if let Node::Segment(s) = node {
                let words = terms.iter().find(|(n, _)| Some(*n) == s.episode);
                s.terms = words.map_or(Vec::new(), |(_, w)| {
                    w.iter().map(|w| ((*w).into(), 1)).collect()
                });
            }
        }
    }

    #[test]
    fn shared_words_link_episodes_that_share_no_entity() {
        let mut g = tiny(&[
            (1, T, &[("a", false)]),
            (2, T, &[("b", false)]),
            (3, T, &[("c", false)]),
            (4, T, &[("a", false)]),
        ]);
        let async_words: &[&str] = &["asyncio", "trio"];
        with_terms(
            &mut g,
            &[
                (1, async_words),
                (2, async_words),
                (3, &["web"]),
                (4, &["web"]),
            ],
        );
        check(&g, 1, &[2, 4]);
        check(&g, 3, &[4]);
    }

    #[test]
    fn the_whole_episode_breaks_a_tie_between_equally_close_items() {
        let mut g = tiny(&[
            (1, T, &[("a", false)]),
            (1, T, &[("b", false)]),
            (2, T, &[("c", false)]),
            (3, T, &[("d", false)]),
            (3, T, &[("e", false)]),
        ]);
        // Segment by segment: 1's first item is as close to 2's as to 3's first; only 3 also
        // shares 1's second item.
        let terms: [&[&str]; 5] = [&["asyncio"], &["web"], &["asyncio"], &["asyncio"], &["web"]];
        for node in g.graph.node_weights_mut() {
            if let Node::Segment(s) = node {
                s.terms = terms[s.index].iter().map(|w| ((*w).into(), 1)).collect();
            }
        }
        check(&g, 1, &[3, 2]);
        let items_only = Params {
            episode_weight: 0.0,
            ..Params::default()
        };
        let got = related(&g, node(&g, 1), &items_only).unwrap().related;
        assert_eq!(got[0].score, got[1].score, "{got:?}");
    }

    #[test]
    fn ties_go_to_the_lower_number_and_reasons_add_up() {
        let g = tiny(&[
            (7, T, &[("a", false), ("b", false)]),
            (3, T, &[("a", false), ("b", false)]),
            (5, T, &[("a", false), ("b", false)]),
            (9, T, &[("z", false)]),
        ]);
        let r = related(&g, node(&g, 7), &Params::default()).unwrap();
        assert_eq!(
            r.related.iter().map(|r| r.episode).collect::<Vec<_>>(),
            [Some(3), Some(5)]
        );
        let first = &r.related[0];
        let parts: f64 = first.shared.iter().map(|s| s.weight).sum();
        assert!((parts - first.score).abs() < 1e-3, "{first:?}");
        assert_eq!(first.shared[0].label, "a");
    }
}
