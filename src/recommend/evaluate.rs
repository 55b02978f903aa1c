//! Evaluate: show notes in, how well `recommend` finds the episodes the show itself refers to out.
//!
//! The ground truth is every (citing, cited) pair of episodes of one show where one's notes refer
//! to the other by number or slug ([`crate::references`], through the show's profile), read from
//! the unmasked text. Episodes are the recommender's slots (graph order). The graph being scored is
//! built with those references masked, so the recommender cannot read the answer. A pair is a
//! hit at k when either episode is in the other's top k; the reciprocal rank is the better of the
//! two directions (0 when neither list has the other). Reads files only through `ingest`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use super::{Index, Params, Scratch};
use crate::graph::KnowledgeGraph;
use crate::references::{Forms, Target};
use crate::{ingest, references, Options};

/// One episode's unmasked notes, with its slot and the forms its show cites episodes with.
pub struct Doc<'a> {
    pub slot: u32,
    pub show: usize,
    pub text: &'a str,
    pub forms: &'a Forms,
}

/// One episode's notes referring to another episode (both as slots).
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

/// Distinct pairs from the documents' references, keeping only targets that are episodes of
/// the same show (`targets`: by show and number or slug) and never an episode citing itself.
pub fn pairs(documents: &[Doc], targets: &HashMap<(usize, Target), u32>) -> Vec<Pair> {
    let mut out = BTreeSet::new();
    for doc in documents {
        for r in references::find(doc.text, doc.forms) {
            match targets.get(&(doc.show, r.target)) {
                Some(&cited) if cited != doc.slot => {
                    out.insert(Pair {
                        citing: doc.slot,
                        cited,
                    });
                }
                _ => {}
            }
        }
    }
    out.into_iter().collect()
}

/// Every episode's full ranking (slots, best first) under `params`.
pub fn rankings(graph: &KnowledgeGraph, params: &Params) -> BTreeMap<u32, Vec<u32>> {
    let index = Index::build(graph, params);
    let mut scratch = Scratch::new(&index);
    (0..index.episodes.len())
        .map(|slot| {
            let ranked = index.ranked(slot, &mut scratch);
            let slots = ranked.iter().map(|(o, _)| *o as u32).collect();
            (slot as u32, slots)
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
    /// A whole-text TF-IDF cosine on the same masked text ([`super::tfidf`]), for comparison.
    pub tfidf: Figures,
    pub misses: Vec<Miss>,
    pub graph: KnowledgeGraph,
}

/// The pairs of `rankings` where neither episode is in the other's top k.
pub fn misses(
    rankings: &BTreeMap<u32, Vec<u32>>,
    pairs: &[Pair],
    k: usize,
    documents: &[Doc],
    targets: &HashMap<(usize, Target), u32>,
) -> Vec<Miss> {
    let rank = |from, to| rank_of(rankings, from, to);
    let context = |p: &Pair| {
        let doc = documents.iter().find(|d| d.slot == p.citing)?;
        let text = doc.text;
        let r = references::find(text, doc.forms)
            .into_iter()
            .find(|r| targets.get(&(doc.show, r.target.clone())) == Some(&p.cited))?;
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
    let forms: Vec<Forms> = built.profiles.iter().map(Forms::new).collect();
    // The recommender's slots are the graph's episodes in order.
    let mut slot_of: HashMap<&str, u32> = HashMap::new();
    let mut targets: HashMap<(usize, Target), u32> = HashMap::new();
    let shows: HashMap<String, usize> = built
        .profiles
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("show:{}", p.slug()), i))
        .collect();
    for (slot, (_, e)) in built.graph.episodes().enumerate() {
        let slot = slot as u32;
        slot_of.insert(e.source.as_str(), slot);
        let show = shows.get(e.show.as_str()).copied().unwrap_or(0);
        if let Some(n) = e.number {
            targets.insert((show, Target::Number(n)), slot);
        }
        if let Some(key) = e.id.rsplit(':').next().filter(|_| e.number.is_none()) {
            targets.insert((show, Target::Slug(key.to_string())), slot);
        }
    }
    for doc in &raw.documents {
        if let (Some(slug), Some(&slot)) = (&doc.meta.slug, slot_of.get(doc.source.as_str())) {
            targets
                .entry((doc.show, Target::Slug(slug.clone())))
                .or_insert(slot);
        }
    }
    let documents: Vec<Doc> = raw
        .documents
        .iter()
        .filter_map(|d| {
            Some(Doc {
                slot: *slot_of.get(d.source.as_str())?,
                show: d.show,
                text: d.text.as_str(),
                forms: forms.get(d.show)?,
            })
        })
        .collect();
    let pairs = pairs(&documents, &targets);
    let tfidf = tfidf_figures(&documents, slot_of.len(), &pairs, k);
    let mut misses_of_first = Vec::new();
    let figures = variants
        .iter()
        .enumerate()
        .map(|(i, params)| {
            let ranked = rankings(&built.graph, params);
            if i == 0 {
                misses_of_first = misses(&ranked, &pairs, k, &documents, &targets);
            }
            measure(&ranked, &pairs, k)
        })
        .collect();
    Report {
        episodes: slot_of.len(),
        pairs,
        figures,
        tfidf,
        misses: misses_of_first,
        graph: built.graph,
    }
}

/// The TF-IDF baseline on each episode's text masked as the graph's was.
fn tfidf_figures(documents: &[Doc], slots: usize, pairs: &[Pair], k: usize) -> Figures {
    let mut masked = vec![String::new(); slots];
    for doc in documents {
        let own = None;
        // The document's own number is kept by `mask` in the build; here every reference goes,
        // which only removes the episode's mentions of itself.
        masked[doc.slot as usize] = references::mask(doc.text, own, doc.forms);
    }
    let texts: Vec<&str> = masked.iter().map(String::as_str).collect();
    measure(&super::tfidf::rankings(&texts), pairs, k)
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
        let forms = pb();
        let docs = [doc(
            2,
            "intro\n- as covered in episode 1, more\nend",
            &forms,
        )];
        let got = misses(&rankings, &pairs, 1, &docs, &targets());
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].forward, got[0].backward), (Some(2), None));
        assert_eq!(got[0].instead, [3, 1]);
        assert_eq!(got[0].context, "- as covered in episode 1, more");
    }

    fn pb() -> Forms {
        Forms::new(&crate::profile::Profile::built_in_for_site("pythonbytes.fm").unwrap())
    }

    fn doc<'a>(slot: u32, text: &'a str, forms: &'a Forms) -> Doc<'a> {
        Doc {
            slot,
            show: 0,
            text,
            forms,
        }
    }

    /// Episodes 1, 2 and 3 of show 0 in slots 1, 2 and 3.
    fn targets() -> HashMap<(usize, Target), u32> {
        (1..=3).map(|n| ((0, Target::Number(n)), n)).collect()
    }

    #[test]
    fn pairs_skip_self_and_unknown_episodes() {
        let forms = pb();
        let docs = [
            doc(
                2,
                "episode 2, recorded; covered in episode 1 and episode 1",
                &forms,
            ),
            doc(3, "see pythonbytes.fm/99 and Talk Python episode 1", &forms),
        ];
        assert_eq!(
            pairs(&docs, &targets()),
            [Pair {
                citing: 2,
                cited: 1
            }]
        );
    }
}
