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
pub mod record;
pub mod references;
pub mod segment;
pub mod site;
pub mod source;
pub mod topics;

use std::collections::BTreeMap;
use std::path::PathBuf;

use error::{Diagnostic, Severity};
use extract::gazetteer::Gazetteer;
use graph::{KnowledgeGraph, ShowNode};
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
    /// Keep each document's record between builds (`build --cache DIR`).
    pub cache: Option<record::Cache>,
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
            cache: None,
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
    let mapped = map_inputs(inputs, options, progress);
    let built = merge(mapped, options);
    progress(Progress::Built);
    built
}

/// The merge of mapped records into the graph: [`record::merge`] with the counts kept.
fn merge(mapped: Mapped, options: &Options) -> Built {
    let shows = mapped.shows();
    let Mapped {
        records,
        mut diagnostics,
        profiles,
        files,
        bytes,
    } = mapped;
    let (graph, episodes) =
        record::merge(records, &shows, options.min_confidence, &mut diagnostics);
    Built {
        graph,
        diagnostics,
        files,
        bytes,
        episodes,
        profiles,
    }
}

/// The map step over every input: one record per readable, non-empty document.
pub struct Mapped {
    pub records: Vec<record::Record>,
    pub diagnostics: Vec<Diagnostic>,
    /// Each show's profile, as given or inferred, in show order.
    pub profiles: Vec<Profile>,
    pub files: usize,
    pub bytes: usize,
}

impl Mapped {
    /// The show of each profile, as records and graphs name it.
    pub fn shows(&self) -> Vec<ShowNode> {
        show_nodes(&self.profiles)
    }
}

/// Reads, segments and extracts every input (`podgraph extract`, and the first half of
/// [`build`]). With [`Options::cache`], a document whose record is cached is not segmented again.
pub fn map_inputs(
    inputs: &[PathBuf],
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Mapped {
    std::thread::scope(|scope| {
        // The gazetteer's automaton builds while files are read and profiles inferred.
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
        let (documents, empty): (Vec<ingest::Document>, Vec<ingest::Document>) =
            std::mem::take(&mut corpus.documents)
                .into_iter()
                .partition(|d| !d.text.trim().is_empty());
        for doc in empty {
            diagnostics.push(Diagnostic::new(
                Severity::Skipped,
                &doc.source,
                "empty file",
            ));
        }
        let gazetteer = gazetteer.join().unwrap_or_else(|_| Gazetteer::shared());
        let ctx =
            record::MapContext::new(gazetteer, &profiles, &options.aliases, &corpus.transcripts);
        let records = map_documents(documents, &ctx, options.cache.as_ref(), progress);
        Mapped {
            records,
            diagnostics,
            profiles,
            files,
            bytes,
        }
    })
}

/// Maps documents in chunks, dropping each chunk's text once mapped: the text of an archive
/// is the largest thing a build would otherwise hold to the end. Progress is reported per chunk.
fn map_documents(
    documents: Vec<ingest::Document>,
    ctx: &record::MapContext,
    cache: Option<&record::Cache>,
    progress: &mut dyn FnMut(Progress),
) -> Vec<record::Record> {
    let total = documents.len();
    // At most 4,096 documents' text held at once; about 32 steps of progress whatever the
    // size (a chunk ends with both cores in step, so not many more).
    let chunk_size = (total / 32).clamp(64, 4096);
    let mut records = Vec::with_capacity(total);
    let mut documents = documents.into_iter();
    loop {
        let chunk: Vec<ingest::Document> = documents.by_ref().take(chunk_size).collect();
        if chunk.is_empty() {
            break;
        }
        records.extend(par_map(&chunk, |doc| map_cached(doc, ctx, cache)));
        progress(Progress::Extracted {
            done: records.len(),
            total,
        });
    }
    records
}

/// One document's record, from the cache when it holds a sound one.
fn map_cached(
    doc: &ingest::Document,
    ctx: &record::MapContext,
    cache: Option<&record::Cache>,
) -> record::Record {
    let Some(cache) = cache else {
        return ctx.map(doc);
    };
    let key = ctx.key(doc);
    if let Some(mut record) = cache.get(key) {
        // The show's place in this build's list, which another build may have numbered apart.
        record.episode.show = doc.show;
        return record;
    }
    let record = ctx.map(doc);
    // A cache that cannot be written costs the next build time, not this build its graph.
    let _ = cache.put(key, &record);
    record
}

/// Builds from records written by `podgraph extract --jsonl`: the reduce step alone.
pub fn build_from_jsonl(paths: &[PathBuf], options: &Options) -> Built {
    let mut shows = Vec::new();
    let mut records = Vec::new();
    let mut diagnostics = Vec::new();
    let mut bytes = 0;
    for path in paths {
        match std::fs::File::open(path) {
            Ok(file) => {
                bytes += file.metadata().map_or(0, |m| m.len() as usize);
                let reader = std::io::BufReader::new(file);
                record::read_jsonl(reader, path, &mut shows, &mut records, &mut diagnostics);
            }
            Err(err) => diagnostics.push(Diagnostic::new(
                Severity::Error,
                path,
                format!("cannot read: {err}"),
            )),
        }
    }
    let mapped = Mapped {
        files: records.len(),
        records,
        diagnostics,
        profiles: shows.iter().map(profile_of_show).collect(),
        bytes,
    };
    merge(mapped, options)
}

/// What records say of a show: its name, slug and site.
fn profile_of_show(show: &ShowNode) -> Profile {
    Profile {
        name: show.name.clone(),
        slug: Some(show.slug().to_string()),
        sites: show.site.iter().cloned().collect(),
        ..Profile::default()
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
/// site the notes (or the feed's channel) point at, else what the notes and channel imply. `--hosts` replaces the hosts of each.
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
    // A feed's channel says what inference guesses: the show's name, site and hosts.
    let seeded = match &source.channel {
        Some(channel) => inferred.profile.with_channel(channel),
        None => inferred.profile,
    };
    Profile::built_in_like(&seeded).unwrap_or(seeded)
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
pub(crate) fn complete_title(
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

/// Shows in order; in a show, numbered episodes by season and number, then the rest by date,
/// then by file.
pub(crate) fn episode_order(e: &Episode) -> impl Ord + '_ {
    (
        e.show,
        e.number.is_none(),
        e.season,
        e.number,
        e.date.as_deref(),
        e.source.as_str(),
    )
}
