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

use rustc_hash::FxHashMap;

use super::headers::fold;
use super::{Episode, SegmentKind};
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

/// One block's fingerprints.
struct Prints {
    text: Option<String>,
    words: usize,
    links: Vec<String>,
}

fn prints(block: &Block) -> Prints {
    let folded: String = fold(&block.text)
        .split(' ')
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ");
    let words = folded.split(' ').filter(|w| !w.is_empty()).count();
    Prints {
        text: (!folded.is_empty()).then_some(folded),
        words,
        // A link to a time in the episode (`#t=09:36`) names no page.
        links: block
            .links
            .iter()
            .map(|l| url_print(&l.url))
            .filter(|u| !u.is_empty())
            .collect(),
    }
}

/// `https://www.Example.com/a/?utm=1#x` and `http://example.com/a` are the same link.
fn url_print(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.trim_end_matches('/').to_lowercase()
}

fn is_heading(block: &Block) -> bool {
    matches!(block.kind, BlockKind::Heading(_))
}

/// In how many episodes each fingerprint occurs.
fn document_frequency(all: &[Vec<Vec<Prints>>]) -> FxHashMap<&str, usize> {
    let mut df: FxHashMap<&str, usize> = FxHashMap::default();
    for episode in all {
        let mut seen: Vec<&str> = episode
            .iter()
            .flatten()
            .flat_map(|p| p.text.iter().chain(&p.links))
            .map(String::as_str)
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
    let all: Vec<Vec<Vec<Prints>>> = episodes
        .iter()
        .map(|e| {
            e.segments
                .iter()
                .map(|s| e.segment_blocks(s).iter().map(prints).collect())
                .collect()
        })
        .collect();
    let df = document_frequency(&all);
    // A short line or link needs two more episodes than a long one: in a show of four, a
    // topic three episodes share is no boilerplate.
    let threshold =
        (params.min_episodes + 2).max((params.share * episodes.len() as f64).ceil() as usize);
    let recurs = |p: &Prints| {
        let count = |s: &str| df.get(s).copied().unwrap_or(0);
        let text = p.text.as_deref().map_or(0, count);
        text >= threshold
            || (p.words >= params.long_words && text >= params.min_episodes)
            || (!p.links.is_empty() && p.links.iter().all(|l| count(l) >= threshold))
    };
    let mut report = BoilerplateReport {
        episodes: episodes.len(),
        threshold,
        ..BoilerplateReport::default()
    };
    for (episode, prints) in episodes.iter_mut().zip(&all) {
        for (segment, blocks) in episode.segments.iter_mut().zip(prints) {
            let blocks_here = &episode.blocks[segment.blocks.clone()];
            // A heading names a section; whether the section is the show's or the episode's
            // depends on what is under it ("Sick Picks" recurs, the pick does not).
            let only_headings = blocks_here.iter().all(is_heading);
            let (mut recurring, mut total) = (0, 0);
            for (block, p) in blocks_here.iter().zip(blocks) {
                if is_heading(block) && !only_headings {
                    continue;
                }
                let weight = block.text.chars().count().max(1);
                total += weight;
                recurring += if recurs(p) { weight } else { 0 };
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
