//! podgraph: podcast show notes in, a knowledge graph out.
//!
//! The pipeline runs one way: [`ingest`] reads files into documents, [`segment`] splits each into
//! an episode and its segments (over the blocks [`markup`] makes), [`extract`] finds entity
//! mentions per segment, [`graph`] merges them into one petgraph graph, and [`export`] writes it.
//! [`build`] runs the whole pipeline. The library never prints and never exits: problems come
//! back as [`error::Diagnostic`]s and progress through a callback.
//!
//! ```no_run
//! let inputs = vec![std::path::PathBuf::from("input")];
//! let built = podgraph::build(&inputs, &podgraph::Options::default(), &mut |_| {});
//! println!("{} nodes", built.graph.graph.node_count());
//! ```

pub mod aliases;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod hosts;
pub mod ingest;
pub mod markup;
pub mod query;
pub mod recommend;
pub mod references;
pub mod segment;
pub mod topics;

use std::collections::BTreeMap;
use std::path::PathBuf;

use error::{Diagnostic, Severity};
use extract::gazetteer::Gazetteer;
use graph::{Extracted, KnowledgeGraph};
use hosts::Hosts;
use segment::Episode;

/// Everything a build can be told.
#[derive(Debug, Clone)]
pub struct Options {
    pub ingest: ingest::Options,
    pub hosts: Hosts,
    /// Entities whose best evidence is less sure than this are left out of the graph.
    pub min_confidence: f32,
    /// A producer's fixes: merge, rename, retype or ignore entities.
    pub aliases: aliases::Aliases,
    /// Blank out references to other Python Bytes episodes before segmenting, so an evaluation
    /// of `recommend` against those references cannot read the answer from the graph.
    pub mask_episode_references: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ingest: ingest::Options::default(),
            hosts: Hosts::default(),
            min_confidence: 0.0,
            aliases: aliases::Aliases::default(),
            mask_episode_references: false,
        }
    }
}

/// Where a build is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Files have been read; `total` documents will be processed.
    Read { total: usize },
    /// `done` of the documents have been segmented and extracted.
    Extracted { done: usize, total: usize },
    /// The graph is built.
    Built,
}

/// The outcome of a build: the graph, what went wrong along the way, and what was read.
pub struct Built {
    pub graph: KnowledgeGraph,
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
    pub bytes: usize,
    pub episodes: usize,
}

impl Built {
    /// The worst problem met, which decides the exit code.
    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// Runs the whole pipeline over files, folders and `-` (stdin).
pub fn build(inputs: &[PathBuf], options: &Options, progress: &mut dyn FnMut(Progress)) -> Built {
    std::thread::scope(|scope| {
        // The gazetteer's automaton builds while files are read and segmented.
        let gazetteer = scope.spawn(Gazetteer::shared);
        let (mut corpus, mut diagnostics) = ingest::collect(inputs, &options.ingest);
        if options.mask_episode_references {
            for doc in &mut corpus.documents {
                doc.text = references::mask(&doc.text, doc.number_hint);
            }
        }
        let bytes = corpus.documents.iter().map(|d| d.text.len()).sum();
        let files = corpus.documents.len();
        progress(Progress::Read { total: files });
        let documents: Vec<&ingest::Document> = corpus
            .documents
            .iter()
            .filter(|d| !d.text.trim().is_empty())
            .collect();
        for empty in corpus.documents.iter().filter(|d| d.text.trim().is_empty()) {
            diagnostics.push(Diagnostic::new(
                Severity::Skipped,
                &empty.source,
                "empty file",
            ));
        }
        let split = par_map(&documents, |doc| {
            let (mut episode, diags) = segment::split(doc, &options.hosts);
            complete_from_transcript(&mut episode, &corpus.transcripts);
            // Counting words needs no gazetteer: done now, while its automaton is still being
            // built, rather than after extraction.
            let terms = graph::segment_terms(&episode);
            (episode, diags, terms)
        });
        let mut episodes = Vec::with_capacity(split.len());
        for (episode, diags, terms) in split {
            diagnostics.extend(diags);
            episodes.push((episode, terms));
        }
        let (episodes, terms): (Vec<Episode>, Vec<_>) = drop_duplicates(episodes, &mut diagnostics)
            .into_iter()
            .unzip();
        let gazetteer = gazetteer.join().unwrap_or_else(|_| Gazetteer::shared());
        let mentions = par_map(&episodes, |episode| {
            let ctx = extract::Context::for_episode(gazetteer, episode, &options.hosts);
            let mut mentions = extract::extract_episode(episode, &ctx);
            mentions.iter_mut().for_each(|m| options.aliases.apply(m));
            mentions
        });
        progress(Progress::Extracted {
            done: episodes.len(),
            total: episodes.len(),
        });
        let extracted: Vec<Extracted> = episodes
            .iter()
            .zip(mentions)
            .map(|(episode, mentions)| Extracted { episode, mentions })
            .collect();
        let graph = graph::build_with_terms(&extracted, terms, options.min_confidence);
        progress(Progress::Built);
        Built {
            graph,
            diagnostics,
            files,
            bytes,
            episodes: episodes.len(),
        }
    })
}

/// Maps `f` over `items` on every core, keeping the order. Each worker takes the next item not
/// yet taken, so a worker slowed by long episodes (or by another process on the machine) gets
/// fewer of them and all finish together.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        // The calling thread is one of the workers rather than waiting idle.
        let mut parts = vec![work()];
        parts.extend(
            handles
                .into_iter()
                .map(|h| h.join().expect("worker threads do not panic")),
        );
        parts
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, result) in parts.into_iter().flatten() {
        slots[i] = Some(result);
    }
    slots
        .into_iter()
        .map(|r| r.expect("every item was taken by one worker"))
        .collect()
}

/// Fills what the notes leave out from the transcript of the same number: the title (from the
/// transcript's file name) and guest hosts' full names (from its text, read only when needed).
fn complete_from_transcript(
    episode: &mut Episode,
    transcripts: &BTreeMap<u32, ingest::Transcript>,
) {
    let Some(transcript) = episode.number.and_then(|n| transcripts.get(&n)) else {
        return;
    };
    if episode.title.is_none() {
        episode.title = transcript.title.clone();
    }
    let unresolved = episode
        .segments
        .iter()
        .any(|s| s.host.as_deref().is_some_and(|h| !h.contains(' ')));
    if !unresolved {
        return;
    }
    let Some(text) = ingest::read_transcript(transcript) else {
        return;
    };
    for segment in &mut episode.segments {
        if let Some(short) = segment.host.clone().filter(|h| !h.contains(' ')) {
            segment.host = hosts::full_name_in(&short, &text).or(Some(short));
        }
    }
}

/// Keeps the first file for each episode number (inputs are in path order) and warns about the
/// rest; what goes with each episode stays with it.
fn drop_duplicates<T>(
    episodes: Vec<(Episode, T)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Episode, T)> {
    let mut seen: BTreeMap<u32, String> = BTreeMap::new();
    let mut kept = Vec::with_capacity(episodes.len());
    for (episode, with) in episodes {
        if let Some(number) = episode.number {
            if let Some(first) = seen.get(&number) {
                let message = format!(
                    "episode {number} is also in {first}; keeping that one and skipping this file"
                );
                diagnostics.push(Diagnostic::new(Severity::Skipped, &episode.source, message));
                continue;
            }
            seen.insert(number, episode.source.clone());
        }
        kept.push((episode, with));
    }
    kept.sort_by(|(a, _), (b, _)| {
        (a.number.is_none(), a.number, &a.source).cmp(&(b.number.is_none(), b.number, &b.source))
    });
    kept
}
