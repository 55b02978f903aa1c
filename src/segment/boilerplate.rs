//! Boilerplate: one show's segmented episodes in, `Segment::boilerplate` flags set, counts out.
//!
//! What a show repeats in episode after episode (the socials block, sponsor reads, "connect with
//! the hosts", plugs of the hosts' own courses) says nothing about any one episode. It is found
//! by repetition alone, with no list of phrases: every block of every episode is fingerprinted
//! (its text folded, digits dropped; each link's URL without scheme, `www.`, query or fragment),
//! each fingerprint counts the episodes it occurs in, and a block recurs when its text, or every
//! one of its links, occurs in at least `threshold` episodes — or, for a line of `long_words`
//! words or more, in `min_episodes` (a sponsor's copy repeated verbatim for a season is
//! boilerplate even when that sponsor is gone the rest of the time). A segment is boilerplate
//! when recurring blocks make up more than `segment_share` of its text. Run once per show after
//! segmentation; it never removes anything and never looks across shows.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::headers::fold;
use super::{Episode, Segment, SegmentKind};
use crate::markup::{Block, BlockKind};

/// How much repetition makes boilerplate.
#[derive(Debug, Clone, PartialEq)]
pub struct BoilerplateParams {
    /// Share of the show's episodes a short line or link must occur in.
    pub share: f64,
    /// Never fewer episodes than this: a show of five episodes still finds its socials block,
    /// while in one of four a topic three episodes share is no boilerplate.
    pub min_episodes: usize,
    /// A line of at least this many words recurs once it occurs in `min_episodes` episodes.
    pub long_words: usize,
    /// A segment is boilerplate when recurring text is more than this share of its text.
    pub segment_share: f64,
}

impl Default for BoilerplateParams {
    /// Measured on Python Bytes (462 episodes) and Syntax (1,033): at 5% no numbered topic of
    /// either show is flagged beyond 0.2%; at 2% short chapters on popular tools ("Deno",
    /// "GraphQL", one link each) start to be.
    fn default() -> Self {
        BoilerplateParams {
            share: 0.05,
            min_episodes: 3,
            long_words: 8,
            segment_share: 0.5,
        }
    }
}

/// What `mark` found: segments by kind, and how many of each it flagged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoilerplateReport {
    pub episodes: usize,
    /// Episodes a short fingerprint had to occur in.
    pub threshold: usize,
    pub segments: BTreeMap<SegmentKind, usize>,
    pub flagged: BTreeMap<SegmentKind, usize>,
}

/// One block's fingerprints, hashed: all that boilerplate detection needs of a block, kept in
/// extraction records after the block's text is gone (a merge of records from many machines
/// marks boilerplate over the whole show).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockPrint {
    /// The folded text without digits, hashed.
    text: Option<u64>,
    words: usize,
    /// Each link's URL as [`url_print`] has it, hashed.
    links: Vec<u64>,
    heading: bool,
    /// Characters of text: how much of its segment the block is.
    weight: usize,
}

fn hash(text: &str) -> u64 {
    // FxHash has no random seed: the same text hashes the same in every run and on every
    // machine, as records written by one build and read by another need.
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

fn prints(block: &Block) -> BlockPrint {
    let folded: String = fold(&block.text)
        .split(' ')
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ");
    let words = folded.split(' ').filter(|w| !w.is_empty()).count();
    BlockPrint {
        text: (!folded.is_empty()).then(|| hash(&folded)),
        words,
        // A link to a time in the episode (`#t=09:36`) names no page.
        links: block
            .links
            .iter()
            .map(|l| url_print(&l.url))
            .filter(|u| !u.is_empty())
            .map(|u| hash(&u))
            .collect(),
        heading: matches!(block.kind, BlockKind::Heading(_)),
        weight: block.text.chars().count().max(1),
    }
}

/// The fingerprints of an episode's blocks, segment by segment.
pub fn episode_prints(episode: &Episode) -> Vec<Vec<BlockPrint>> {
    episode
        .segments
        .iter()
        .map(|s| episode.segment_blocks(s).iter().map(prints).collect())
        .collect()
}

/// `https://www.Example.com/a/?utm=1#x` and `http://example.com/a` are the same link.
fn url_print(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.trim_end_matches('/').to_lowercase()
}

/// In how many episodes each fingerprint occurs.
fn document_frequency(all: &[&[Vec<BlockPrint>]]) -> FxHashMap<u64, usize> {
    let mut df: FxHashMap<u64, usize> = FxHashMap::default();
    for episode in all {
        let mut seen: Vec<u64> = episode
            .iter()
            .flatten()
            .flat_map(|p| p.text.iter().chain(&p.links))
            .copied()
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for print in seen {
            *df.entry(print).or_default() += 1;
        }
    }
    df
}

/// Flags the boilerplate segments of one show's episodes.
pub fn mark(episodes: &mut [Episode], params: &BoilerplateParams) -> BoilerplateReport {
    let prints: Vec<Vec<Vec<BlockPrint>>> = episodes.iter().map(episode_prints).collect();
    let mut shows: Vec<(&mut [Segment], &[Vec<BlockPrint>])> = episodes
        .iter_mut()
        .zip(&prints)
        .map(|(e, p)| (e.segments.as_mut_slice(), p.as_slice()))
        .collect();
    mark_prints(&mut shows, params)
}

/// Flags the boilerplate segments of one show's episodes, each given as its segments and their
/// blocks' fingerprints.
pub fn mark_prints(
    episodes: &mut [(&mut [Segment], &[Vec<BlockPrint>])],
    params: &BoilerplateParams,
) -> BoilerplateReport {
    let all: Vec<&[Vec<BlockPrint>]> = episodes.iter().map(|(_, p)| *p).collect();
    let df = document_frequency(&all);
    // A short line or link needs two more episodes than a long one: in a show of four, a
    // topic three episodes share is no boilerplate.
    let threshold =
        (params.min_episodes + 2).max((params.share * episodes.len() as f64).ceil() as usize);
    let recurs = |p: &BlockPrint| {
        let count = |s: &u64| df.get(s).copied().unwrap_or(0);
        let text = p.text.as_ref().map_or(0, count);
        text >= threshold
            || (p.words >= params.long_words && text >= params.min_episodes)
            || (!p.links.is_empty() && p.links.iter().all(|l| count(l) >= threshold))
    };
    let mut report = BoilerplateReport {
        episodes: episodes.len(),
        threshold,
        ..BoilerplateReport::default()
    };
    for (segments, prints) in episodes.iter_mut() {
        for (segment, blocks) in segments.iter_mut().zip(prints.iter()) {
            // A heading names a section; whether the section is the show's or the episode's
            // depends on what is under it ("Sick Picks" recurs, the pick does not).
            let only_headings = blocks.iter().all(|p| p.heading);
            let (mut recurring, mut total) = (0, 0);
            for p in blocks {
                if p.heading && !only_headings {
                    continue;
                }
                total += p.weight;
                recurring += if recurs(p) { p.weight } else { 0 };
            }
            segment.boilerplate =
                total > 0 && recurring as f64 > params.segment_share * total as f64;
            *report.segments.entry(segment.kind).or_default() += 1;
            if segment.boilerplate {
                *report.flagged.entry(segment.kind).or_default() += 1;
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::segment::split;
    use crate::segment::tests::syntax_hosts;

    /// A made-up show of ten episodes: each has its own topics, a sponsor section and a socials
    /// block that come back every week, and two episodes share one topic.
    fn show() -> Vec<Episode> {
        let subjects = [
            "bundlers", "fonts", "routers", "caches", "cookies", "canvas", "shaders", "queues",
            "sockets", "workers",
        ];
        (0..10)
            .map(|n| {
                let subject = subjects[n as usize];
                let shared = if n < 2 {
                    "## Tabs versus spaces\n\nWe argue about [indentation](https://indent.example/) again.\n\n"
                } else {
                    ""
                };
                let text = format!(
                    "This week: {subject}, and why they matter.\n\n## Acme - Sponsor\n\nAcme makes the fastest anvils in the whole desert, order yours today at [acme.example/show](https://acme.example/show?ep={n}).\n\n## Show Notes\n\n* **[00:10](#t=00:10)** Hello\n* **[0{n}:30](#t=0{n}:30)** All about {subject}\n  - [The {subject} guide](https://{subject}.example/)\n\n{shared}## Find us online\n\n* [Wes on X](https://x.example/wes)\n* [Scott on X](https://x.example/scott)\n"
                );
                let mut doc = Document::markdown(&format!("{n}.md"), &text);
                doc.meta.number = Some(n);
                split(&doc, &syntax_hosts()).0
            })
            .collect()
    }

    fn flagged(episode: &Episode) -> Vec<(&'static str, &str)> {
        episode
            .segments
            .iter()
            .filter(|s| s.boilerplate)
            .map(|s| (s.kind.as_str(), s.title.as_str()))
            .collect()
    }

    #[test]
    fn recurring_sections_are_flagged_and_topics_are_not() {
        let mut episodes = show();
        let report = mark(&mut episodes, &BoilerplateParams::default());
        assert_eq!(report.threshold, 5);
        let expected = [
            ("sponsor", "Acme - Sponsor"),
            ("chapter", "Hello"),
            ("topic", "Find us online"),
        ];
        for episode in &episodes[2..] {
            assert_eq!(flagged(episode), expected, "{}", episode.source);
        }
        // The topic two episodes share is theirs, not the show's.
        let first = flagged(&episodes[0]);
        assert!(
            !first.iter().any(|(_, t)| *t == "Tabs versus spaces"),
            "{first:?}"
        );
        assert_eq!(report.flagged.get(&SegmentKind::Intro), None);
    }

    #[test]
    fn urls_differ_only_in_what_does_not_name_the_page() {
        let cases = [
            ("https://www.Example.com/a/?utm=1#x", "example.com/a"),
            ("http://example.com/a", "example.com/a"),
            ("https://example.com/b", "example.com/b"),
        ];
        for (url, expected) in cases {
            assert_eq!(url_print(url), expected, "{url}");
        }
    }
}
