//! TF-IDF: episodes' whole texts in, each episode's ranking by cosine similarity out.
//!
//! The baseline `related --evaluate` prints beside the recommender, computed on the same masked
//! text: sublinear tf (1 + ln tf), idf ln((1 + N) / (1 + df)) + 1, English stop words, terms in
//! at least 2 and at most half of the episodes, link text kept and URLs dropped, vectors
//! L2-normalised. Pairs come from walking the inverted index, never from comparing every pair.
//! Pure; never prints, never touches files.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use regex::Regex;

/// Markdown link targets (`](…)`) and bare URLs: dropped, so only what a reader sees counts.
fn urls() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\]\([^)\s]*\)|\b(?:https?://|www\.)\S+").expect("valid"))
}

/// Each text's ranking of the others, best first (ties: the lower index), as indexes.
pub fn rankings(texts: &[&str]) -> BTreeMap<u32, Vec<u32>> {
    let counts: Vec<HashMap<String, u32>> = texts.iter().map(|t| term_counts(t)).collect();
    let n = texts.len();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for doc in &counts {
        for term in doc.keys() {
            *df.entry(term.as_str()).or_insert(0) += 1;
        }
    }
    let max_df = n / 2;
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let vectors: Vec<Vec<(usize, f64)>> = counts
        .iter()
        .map(|doc| {
            let mut v: Vec<(usize, f64)> = doc
                .iter()
                .filter(|(t, _)| (2..=max_df.max(2)).contains(&df[t.as_str()]))
                .map(|(t, &c)| {
                    let next = ids.len();
                    let id = *ids.entry(t.as_str()).or_insert(next);
                    let idf = ((1.0 + n as f64) / (1.0 + df[t.as_str()] as f64)).ln() + 1.0;
                    (id, (1.0 + f64::from(c).ln()) * idf)
                })
                .collect();
            let norm = v
                .iter()
                .map(|(_, w)| w * w)
                .sum::<f64>()
                .sqrt()
                .max(f64::MIN_POSITIVE);
            v.iter_mut().for_each(|(_, w)| *w /= norm);
            v
        })
        .collect();
    let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); ids.len()];
    for (doc, v) in vectors.iter().enumerate() {
        for &(t, w) in v {
            postings[t].push((doc as u32, w));
        }
    }
    let mut acc = vec![0.0f64; n];
    (0..n)
        .map(|doc| {
            let mut touched = Vec::new();
            for &(t, w) in &vectors[doc] {
                for &(other, v) in &postings[t] {
                    if acc[other as usize] == 0.0 {
                        touched.push(other);
                    }
                    acc[other as usize] += w * v;
                }
            }
            let mut scored: Vec<(u32, f64)> = touched
                .into_iter()
                .filter(|&o| o as usize != doc)
                .map(|o| (o, acc[o as usize]))
                .collect();
            acc.iter_mut().for_each(|a| *a = 0.0);
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            (doc as u32, scored.into_iter().map(|(o, _)| o).collect())
        })
        .collect()
}

/// Words of the text with URLs removed, as `graph::words` reads them (lower case, stop words
/// and numbers out), with their counts.
fn term_counts(text: &str) -> HashMap<String, u32> {
    let visible = urls().replace_all(text, " ");
    let mut counts = HashMap::new();
    for word in crate::graph::words(&visible) {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_rare_words_rank_first_and_urls_do_not_count() {
        let texts = [
            "kubernetes operators and helm charts",
            "helm charts for kubernetes clusters",
            "baking sourdough bread at home",
            "sourdough starters [link](https://kubernetes.example/helm)",
            "bread and charts",
        ];
        let r = rankings(&texts);
        assert_eq!(r[&0][0], 1);
        assert_eq!(r[&2][0], 3);
        // The URL's words are dropped: 3 shares nothing with 0 but what 0 shares with everyone.
        assert!(!r[&3].contains(&0), "{:?}", r[&3]);
    }
}
