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
pub mod profile;
pub mod query;
pub mod recommend;
pub mod references;
pub mod segment;
pub mod site;
pub mod source;
pub mod topics;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use error::{Diagnostic, Severity};
use extract::ecosystem::Ecosystem;
use extract::gazetteer::Gazetteer;
use graph::{Extracted, KnowledgeGraph, ShowNode};
use hosts::Hosts;
use profile::Profile;
use segment::Episode;

/// Everything a build can be told.
#[derive(Debug, Clone)]
pub struct Options {
    pub ingest: ingest::Options,
    /// A profile for every show of the build (`--profile`), instead of each show's own
    /// `podgraph.toml`, a built-in profile or inference.
    pub profile: Option<Profile>,
    /// Replaces the hosts of every show's profile (`--hosts`).
    pub hosts: Option<Hosts>,
    /// Entities whose best evidence is less sure than this are left out of the graph.
    pub min_confidence: f32,
    /// A producer's fixes: merge, rename, retype or ignore entities.
    pub aliases: aliases::Aliases,
    /// Blank out references to the show's other episodes before segmenting, so an evaluation
    /// of `recommend` against those references cannot read the answer from the graph.
    pub mask_episode_references: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ingest: ingest::Options::default(),
            profile: None,
            hosts: None,
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
    /// Each show's profile, as given or inferred, in show order.
    pub profiles: Vec<Profile>,
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
        let profiles = show_profiles(&corpus, options, &mut diagnostics);
        if options.mask_episode_references {
            for doc in &mut corpus.documents {
                let forms = references::Forms::new(&profiles[doc.show]);
                doc.text = references::mask(&doc.text, doc.meta.number, &forms);
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
        let hosts: Vec<Hosts> = profiles.iter().map(Profile::host_table).collect();
        let split = par_map(&documents, |doc| {
            let (mut episode, diags) = segment::split(doc, &hosts[doc.show]);
            complete_title(&mut episode, doc, &corpus.transcripts, &profiles[doc.show]);
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
        let (mut episodes, terms): (Vec<Episode>, Vec<_>) =
            drop_duplicates(episodes, &mut diagnostics)
                .into_iter()
                .unzip();
        mark_boilerplate(&mut episodes);
        let gazetteer = gazetteer.join().unwrap_or_else(|_| Gazetteer::shared());
        let ecosystems: Vec<Vec<Ecosystem>> = profiles
            .iter()
            .map(|p| {
                p.ecosystems
                    .iter()
                    .filter_map(|e| Ecosystem::parse(e))
                    .collect()
            })
            .collect();
        let own: Vec<Vec<String>> = profiles.iter().map(Profile::self_keys).collect();
        let mentions = par_map(&episodes, |episode| {
            let (hosts, ecosystems) = (&hosts[episode.show], &ecosystems[episode.show]);
            let ctx = extract::Context::for_show(gazetteer, episode, hosts, ecosystems);
            let mut mentions = extract::extract_episode(episode, &ctx);
            // The show naming itself (its name, site, handles) is no topic.
            for segment in &mut mentions {
                segment.retain(|m| !own[episode.show].contains(&extract::names::squash(&m.name)));
            }
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
        let shows = show_nodes(&profiles);
        let graph = graph::build_with_terms(&extracted, terms, &shows, options.min_confidence);
        progress(Progress::Built);
        Built {
            graph,
            diagnostics,
            files,
            bytes,
            episodes: episodes.len(),
            profiles,
        }
    })
}

/// Flags what recurs across each show's episodes (they are sorted by show).
fn mark_boilerplate(episodes: &mut [Episode]) {
    let params = segment::boilerplate::BoilerplateParams::default();
    for show in episodes.chunk_by_mut(|a, b| a.show == b.show) {
        segment::boilerplate::mark(show, &params);
    }
}

/// Each show's profile as a build would use it (given, built in or inferred), without building:
/// what `podgraph profile DIR` prints.
pub fn profiles(inputs: &[PathBuf], options: &Options) -> (Vec<Profile>, Vec<Diagnostic>) {
    let (corpus, mut diagnostics) = ingest::collect(inputs, &options.ingest);
    let profiles = show_profiles(&corpus, options, &mut diagnostics);
    (profiles, diagnostics)
}

/// Each show's profile: `--profile`, else its `podgraph.toml`, else a built-in profile whose
/// site the notes point at, else what the notes imply. `--hosts` replaces the hosts of each.
fn show_profiles(
    corpus: &ingest::Corpus,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Profile> {
    let mut profiles: Vec<Profile> = (0..corpus.shows.len())
        .map(|show| show_profile(corpus, show, options, diagnostics))
        .collect();
    if let Some(hosts) = &options.hosts {
        for profile in &mut profiles {
            profile.hosts = hosts.hosts.clone();
        }
    }
    dedupe_slugs(&mut profiles);
    profiles
}

fn show_profile(
    corpus: &ingest::Corpus,
    show: usize,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> Profile {
    if let Some(profile) = &options.profile {
        return profile.clone();
    }
    let source = &corpus.shows[show];
    if let Some((path, text)) = &source.profile {
        match Profile::parse(text, path) {
            Ok(profile) => return profile,
            Err(err) => diagnostics.push(Diagnostic::new(
                Severity::Skipped,
                path,
                format!("profile not used, inferring one instead: {err}"),
            )),
        }
    }
    let documents: Vec<&ingest::Document> =
        corpus.documents.iter().filter(|d| d.show == show).collect();
    let inferred = profile::infer::infer(&documents, &profile::infer::folder_name(&source.dir));
    Profile::built_in_like(&inferred.profile).unwrap_or(inferred.profile)
}

/// Two shows with one slug (two folders of the same name) get `-2`, `-3`: ids stay apart.
fn dedupe_slugs(profiles: &mut [Profile]) {
    let mut seen: Vec<String> = Vec::new();
    for profile in profiles.iter_mut() {
        let base = profile.slug();
        let mut slug = base.clone();
        let mut n = 2;
        while seen.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        if slug != base {
            profile.slug = Some(slug.clone());
        }
        seen.push(slug);
    }
}

fn show_nodes(profiles: &[Profile]) -> Vec<ShowNode> {
    profiles
        .iter()
        .map(|p| ShowNode::new(&p.slug(), &p.name, p.sites.first().cloned()))
        .collect()
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

/// Fills what the notes leave out: the title from the file name's slug, else from the
/// transcript of the same number (its file name); guest hosts' full names from the
/// transcript's text, read only when needed.
fn complete_title(
    episode: &mut Episode,
    doc: &ingest::Document,
    transcripts: &BTreeMap<(usize, u32), ingest::Transcript>,
    profile: &Profile,
) {
    if episode.title.is_none() {
        episode.title = doc.meta.name_title.clone();
    }
    let Some(transcript) = episode
        .number
        .and_then(|n| transcripts.get(&(episode.show, n)))
    else {
        return;
    };
    if episode.title.is_none() {
        let names: Vec<&str> = profile.own_names().collect();
        episode.title = ingest::title_from_slug(&transcript.stem, &names);
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

/// Keeps one file per episode of a show (inputs are in path order, so the first) and warns
/// about the rest, once each; what goes with each episode stays with it. Episodes are the same
/// when their ids are (show and number, or date and slug) or their text is identical.
fn drop_duplicates<T>(
    episodes: Vec<(Episode, T)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Episode, T)> {
    let mut seen: HashMap<(usize, String), String> = HashMap::new();
    let mut texts: HashMap<(usize, u64), String> = HashMap::new();
    let mut kept = Vec::with_capacity(episodes.len());
    for (mut episode, with) in episodes {
        let mut key = (episode.show, graph::episode_key(&episode));
        let content = (episode.show, content_hash(&episode));
        if let Some(alt) = episode.alt_number.filter(|_| seen.contains_key(&key)) {
            // The front matter's number is taken; the file name's may be the right one.
            let mut renumbered = episode.clone();
            renumbered.number = Some(alt);
            let alt_key = (episode.show, graph::episode_key(&renumbered));
            if !seen.contains_key(&alt_key) && !texts.contains_key(&content) {
                let message = format!(
                    "front matter says episode {} (already {}); using the file name's {alt}",
                    key.1, seen[&key]
                );
                diagnostics.push(Diagnostic::new(Severity::Warning, &episode.source, message));
                episode.number = Some(alt);
                key = alt_key;
            }
        }
        let first = seen.get(&key).or_else(|| texts.get(&content));
        if let Some(first) = first {
            let message = format!(
                "episode {} is also in {first}; keeping that one and skipping this file",
                key.1
            );
            diagnostics.push(Diagnostic::new(Severity::Skipped, &episode.source, message));
            continue;
        }
        seen.insert(key, episode.source.clone());
        texts.insert(content, episode.source.clone());
        kept.push((episode, with));
    }
    kept.sort_by(|(a, _), (b, _)| episode_order(a).cmp(&episode_order(b)));
    kept
}

/// Shows in order; in a show, numbered episodes by season and number, then the rest by date,
/// then by file.
fn episode_order(e: &Episode) -> impl Ord + '_ {
    (
        e.show,
        e.number.is_none(),
        e.season,
        e.number,
        e.date.as_deref(),
        e.source.as_str(),
    )
}

fn content_hash(episode: &Episode) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for block in &episode.blocks {
        block.text.hash(&mut hasher);
    }
    hasher.finish()
}
