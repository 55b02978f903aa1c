//! Evaluate: show notes in, how well `recommend` finds the episodes the show itself refers to out.
//!
//! The ground truth is every (citing, cited) pair of numbered episodes where one's notes refer to
//! the other ([`crate::references`]), read from the unmasked text. The graph being scored is
//! built with those references masked, so the recommender cannot read the answer. A pair is a
//! hit at k when either episode is in the other's top k; the reciprocal rank is the better of the
//! two directions (0 when neither list has the other). Reads files only through `ingest`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::{Index, Params, Scratch};
use crate::graph::KnowledgeGraph;
use crate::{ingest, references, Options};

/// One episode's notes referring to another episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pair {
    pub citing: u32,
    pub cited: u32,
}

/// How a ranking did on the pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    pub pairs: usize,
    /// Share of pairs where either episode is in the other's top k.
    pub hit_either: f64,
    /// Share of pairs where the cited episode is in the citing one's top k.
    pub hit_citing: f64,
    /// Mean reciprocal rank, better direction of the two.
    pub mrr: f64,
}

/// Distinct pairs from `(episode, unmasked text)`, keeping only episodes in `known` and never
/// an episode referring to itself.
pub fn pairs(documents: &[(u32, &str)], known: &BTreeSet<u32>) -> Vec<Pair> {
    let mut out = BTreeSet::new();
    for (citing, text) in documents {
        for r in references::find(text) {
            if r.episode != *citing && known.contains(&r.episode) {
                out.insert(Pair {
                    citing: *citing,
                    cited: r.episode,
                });
            }
        }
    }
    out.into_iter().collect()
}

/// Every episode's full ranking (episode numbers, best first) under `params`.
pub fn rankings(graph: &KnowledgeGraph, params: &Params) -> BTreeMap<u32, Vec<u32>> {
    let index = Index::build(graph, params);
    let mut scratch = Scratch::new(&index);
    (0..index.episodes.len())
        .map(|slot| {
            let ranked = index.ranked(slot, &mut scratch);
            let numbers = ranked.iter().map(|(o, _)| index.episodes[*o]).collect();
            (index.episodes[slot], numbers)
        })
        .collect()
}

/// The 1-based rank of `to` in `from`'s ranking, if it is there.
fn rank_of(rankings: &BTreeMap<u32, Vec<u32>>, from: u32, to: u32) -> Option<usize> {
    let list = rankings.get(&from)?;
    list.iter().position(|&e| e == to).map(|i| i + 1)
}

/// Hit rate at `k` and MRR of `rankings` on `pairs`.
pub fn measure(rankings: &BTreeMap<u32, Vec<u32>>, pairs: &[Pair], k: usize) -> Figures {
    let rank = |from, to| rank_of(rankings, from, to);
    let (mut either, mut citing, mut rr) = (0usize, 0usize, 0.0);
    for p in pairs {
        let forward = rank(p.citing, p.cited);
        let best = match (forward, rank(p.cited, p.citing)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        citing += usize::from(forward.is_some_and(|r| r <= k));
        either += usize::from(best.is_some_and(|r| r <= k));
        rr += best.map_or(0.0, |r| 1.0 / r as f64);
    }
    let n = pairs.len().max(1) as f64;
    Figures {
        pairs: pairs.len(),
        hit_either: either as f64 / n,
        hit_citing: citing as f64 / n,
        mrr: rr / n,
    }
}

/// A pair the first variant missed at k, for a person to read why.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub pair: Pair,
    /// Where the cited episode sits in the citing one's ranking, and the other way round.
    pub forward: Option<usize>,
    pub backward: Option<usize>,
    /// The citing episode's top three.
    pub instead: Vec<u32>,
    /// The unmasked line of the citing notes that holds the reference.
    pub context: String,
}

/// What an evaluation over a corpus found: the pairs, each variant's figures, and the pairs
/// the first variant missed, with the masked graph it ranked (for titles and reasons).
pub struct Report {
    pub episodes: usize,
    pub pairs: Vec<Pair>,
    pub figures: Vec<Figures>,
    pub misses: Vec<Miss>,
    pub graph: KnowledgeGraph,
}

/// The pairs of `rankings` where neither episode is in the other's top k.
pub fn misses(
    rankings: &BTreeMap<u32, Vec<u32>>,
    pairs: &[Pair],
    k: usize,
    documents: &[(u32, &str)],
) -> Vec<Miss> {
    let rank = |from, to| rank_of(rankings, from, to);
    let context = |p: &Pair| {
        let (_, text) = documents.iter().find(|(n, _)| *n == p.citing)?;
        let r = references::find(text)
            .into_iter()
            .find(|r| r.episode == p.cited)?;
        let start = text[..r.span.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[r.span.end..]
            .find('\n')
            .map_or(text.len(), |i| r.span.end + i);
        Some(text[start..end].trim().to_string())
    };
    pairs
        .iter()
        .map(|p| Miss {
            pair: *p,
            forward: rank(p.citing, p.cited),
            backward: rank(p.cited, p.citing),
            instead: rankings
                .get(&p.citing)
                .map_or(Vec::new(), |l| l.iter().take(3).copied().collect()),
            context: context(p).unwrap_or_default(),
        })
        .filter(|m| !m.forward.into_iter().chain(m.backward).any(|r| r <= k))
        .collect()
}

/// Builds the graph from `inputs` with references masked, reads the pairs from the unmasked
/// text, and measures each of `variants` at `k`.
pub fn corpus(inputs: &[PathBuf], options: &Options, variants: &[Params], k: usize) -> Report {
    let masked = Options {
        mask_episode_references: true,
        ..options.clone()
    };
    let built = crate::build(inputs, &masked, &mut |_| {});
    let (raw, _) = ingest::collect(inputs, &options.ingest);
    let number_of: BTreeMap<&str, u32> = built
        .graph
        .episodes()
        .filter_map(|(_, e)| Some((e.source.as_str(), e.number?)))
        .collect();
    let known: BTreeSet<u32> = number_of.values().copied().collect();
    let documents: Vec<(u32, &str)> = raw
        .documents
        .iter()
        .filter_map(|d| Some((*number_of.get(d.source.as_str())?, d.text.as_str())))
        .collect();
    let pairs = pairs(&documents, &known);
    let mut misses_of_first = Vec::new();
    let figures = variants
        .iter()
        .enumerate()
        .map(|(i, params)| {
            let ranked = rankings(&built.graph, params);
            if i == 0 {
                misses_of_first = misses(&ranked, &pairs, k, &documents);
            }
            measure(&ranked, &pairs, k)
        })
        .collect();
    Report {
        episodes: known.len(),
        pairs,
        figures,
        misses: misses_of_first,
        graph: built.graph,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lists: &[(u32, &[u32])], pairs: &[(u32, u32)], k: usize, expected: (f64, f64, f64)) {
        let rankings = lists.iter().map(|(e, l)| (*e, l.to_vec())).collect();
        let pairs: Vec<Pair> = pairs
            .iter()
            .map(|&(citing, cited)| Pair { citing, cited })
            .collect();
        let f = measure(&rankings, &pairs, k);
        assert_eq!((f.hit_either, f.hit_citing, f.mrr), expected);
    }

    #[test]
    fn hits_count_either_direction() {
        check(&[(2, &[1]), (1, &[])], &[(2, 1)], 1, (1.0, 1.0, 1.0));
        check(&[(2, &[]), (1, &[3, 2])], &[(2, 1)], 1, (0.0, 0.0, 0.5));
        check(&[(2, &[]), (1, &[3, 2])], &[(2, 1)], 2, (1.0, 0.0, 0.5));
        check(
            &[(2, &[3, 1]), (1, &[2])],
            &[(2, 1), (3, 1)],
            1,
            (0.5, 0.0, 0.5),
        );
    }

    #[test]
    fn misses_are_the_pairs_out_of_both_top_ks() {
        let rankings = [(2, vec![3, 1]), (1, vec![3]), (3, vec![2])]
            .into_iter()
            .collect();
        let pairs = [
            Pair {
                citing: 2,
                cited: 1,
            },
            Pair {
                citing: 3,
                cited: 2,
            },
        ];
        let docs = [(2, "intro\n- as covered in episode 1, more\nend")];
        let got = misses(&rankings, &pairs, 1, &docs);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].forward, got[0].backward), (Some(2), None));
        assert_eq!(got[0].instead, [3, 1]);
        assert_eq!(got[0].context, "- as covered in episode 1, more");
    }

    #[test]
    fn pairs_skip_self_and_unknown_episodes() {
        let known = BTreeSet::from([1, 2, 3]);
        let docs = [
            (2, "episode 2, recorded; covered in episode 1 and episode 1"),
            (3, "see pythonbytes.fm/99 and Talk Python episode 1"),
        ];
        assert_eq!(
            pairs(&docs, &known),
            [Pair {
                citing: 2,
                cited: 1
            }]
        );
    }
}
