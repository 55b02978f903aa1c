//! Records: the map step. One document in, one [`Record`] out: its episode (segments, no
//! blocks), the mentions each segment makes, each segment's word counts and its blocks'
//! fingerprints, plus what went wrong. A record holds everything the merge needs and nothing of
//! the text, so a build can drop the text as soon as a document is mapped, keep records in a
//! cache keyed by what they were made from, or read them as JSON lines written by
//! `podgraph extract --jsonl` on other machines.
//!
//! The merge ([`merge`]) is the part that needs all episodes at once: duplicates are dropped by
//! id and content, boilerplate is marked per show from the fingerprints, the graph is built. It
//! never reads a file; [`Cache`] and [`read_jsonl`] are the only parts here that touch disk.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Severity};
use crate::extract::gazetteer::Gazetteer;
use crate::extract::{self, Ecosystem, Mention};
use crate::graph::{self, Extracted, KnowledgeGraph, ShowNode};
use crate::hosts::Hosts;
use crate::ingest::{Document, Transcript};
use crate::profile::Profile;
use crate::segment::boilerplate::{self, BlockPrint, BoilerplateParams};
use crate::segment::{self, Episode};

/// What one document gives the graph.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// Segments in order, without their blocks; `show` is an index valid in the build that made
    /// it, reassigned when records from elsewhere are read.
    pub episode: Episode,
    /// By segment, the mentions extraction found.
    pub mentions: Vec<Vec<Mention>>,
    /// By segment, its content words and their counts (the recommender's text side).
    pub terms: Vec<Vec<(crate::graph::Term, u32)>>,
    /// By segment and block, the fingerprints boilerplate detection compares across a show.
    pub prints: Vec<Vec<BlockPrint>>,
    /// The hash of the text of its blocks: two files with the same notes are one episode.
    pub content: u64,
    /// What segmenting this document reported.
    pub diagnostics: Vec<Diagnostic>,
}

/// What the map step needs besides the document: one per build, shared by every worker.
pub struct MapContext<'a> {
    pub gazetteer: &'a Gazetteer,
    pub profiles: &'a [Profile],
    pub hosts: Vec<Hosts>,
    pub ecosystems: Vec<Vec<Ecosystem>>,
    /// Per show, the squashed names the show calls itself: no topic.
    pub own: Vec<Vec<String>>,
    pub aliases: &'a crate::aliases::Aliases,
    pub transcripts: &'a BTreeMap<(usize, u32), Transcript>,
    /// Per show, the hash of what every cache key of the show shares (its profile and the
    /// aliases), made once rather than for each document.
    show_keys: Vec<u64>,
}

impl<'a> MapContext<'a> {
    pub fn new(
        gazetteer: &'a Gazetteer,
        profiles: &'a [Profile],
        aliases: &'a crate::aliases::Aliases,
        transcripts: &'a BTreeMap<(usize, u32), Transcript>,
    ) -> Self {
        MapContext {
            gazetteer,
            profiles,
            hosts: profiles.iter().map(Profile::host_table).collect(),
            ecosystems: profiles
                .iter()
                .map(|p| {
                    p.ecosystems
                        .iter()
                        .filter_map(|e| Ecosystem::parse(e))
                        .collect()
                })
                .collect(),
            own: profiles.iter().map(Profile::self_keys).collect(),
            show_keys: profiles
                .iter()
                .map(|p| stable_hash(format!("{p:?}{aliases:?}").as_bytes()))
                .collect(),
            aliases,
            transcripts,
        }
    }

    /// Segments and extracts one document.
    pub fn map(&self, doc: &Document) -> Record {
        let (mut episode, diagnostics) = segment::split(doc, &self.hosts[doc.show]);
        crate::complete_title(
            &mut episode,
            doc,
            self.transcripts,
            &self.profiles[doc.show],
        );
        let terms = graph::segment_terms(&episode);
        let prints = boilerplate::episode_prints(&episode);
        let ctx = extract::Context::for_show(
            self.gazetteer,
            &episode,
            &self.hosts[doc.show],
            &self.ecosystems[doc.show],
        );
        let mut mentions = extract::extract_episode(&episode, &ctx);
        let own = &self.own[doc.show];
        for segment in &mut mentions {
            segment.retain(|m| !own.contains(&extract::names::squash(&m.name)));
            self.aliases.apply(segment);
            // A record lives until the merge: it keeps only the room its mentions take.
            segment.shrink_to_fit();
        }
        let content = content_hash(&episode);
        episode.blocks = Vec::new();
        Record {
            episode,
            mentions,
            terms,
            prints,
            content,
            diagnostics,
        }
    }

    /// What a record of `doc` depends on besides podgraph's own rules: the bytes, where they
    /// came from, what ingest made of them, the show's profile and the aliases (hashed once per
    /// show), the transcript.
    pub fn key(&self, doc: &Document) -> u64 {
        let mut hasher = StableHasher::default();
        doc.text.hash(&mut hasher);
        doc.source.hash(&mut hasher);
        format!("{:?}{:?}", doc.format, doc.meta).hash(&mut hasher);
        self.show_keys[doc.show].hash(&mut hasher);
        let transcript = doc
            .meta
            .number
            .and_then(|n| self.transcripts.get(&(doc.show, n)));
        if let Some(t) = transcript {
            t.stem.hash(&mut hasher);
            let stamp = fs::metadata(&t.path)
                .ok()
                .map(|m| (m.len(), m.modified().ok()));
            format!("{:?}{stamp:?}", t.path).hash(&mut hasher);
        }
        hasher.finish()
    }
}

fn content_hash(episode: &Episode) -> u64 {
    let mut hasher = StableHasher::default();
    for block in &episode.blocks {
        block.text.hash(&mut hasher);
    }
    hasher.finish()
}

/// A 64-bit FNV-1a: unlike the standard hasher it has no random seed and is specified, so a
/// key computed today finds the entry written yesterday.
struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for StableHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The hash of some bytes, as cache keys and rule versions use it.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hasher = StableHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// Records kept on disk between builds, one file each, named by the hash of what the record
/// was made from and of podgraph's rules. An entry that cannot be read back is made again and
/// overwritten: a cache is never trusted over the notes.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    /// Changes whenever podgraph's code or data could make a different record.
    rules: u64,
}

/// One cache entry as stored: its key again, so a file renamed or truncated is caught.
#[derive(Deserialize)]
struct Entry {
    key: String,
    record: Record,
}

/// An entry as written, borrowing the record.
#[derive(Serialize)]
struct EntryRef<'a> {
    key: &'a str,
    record: &'a Record,
}

impl Cache {
    /// A cache in `dir`; `rules` identifies the rules (the binary passes the hash of itself).
    pub fn new(dir: impl Into<PathBuf>, rules: u64) -> Cache {
        Cache {
            dir: dir.into(),
            rules,
        }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.json"))
    }

    fn full_key(&self, key: u64) -> String {
        format!("{:016x}{key:016x}", self.rules)
    }

    /// The record stored for `key`, when there is a sound one.
    pub fn get(&self, key: u64) -> Option<Record> {
        let key = self.full_key(key);
        let bytes = fs::read(self.path(&key)).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.key == key).then_some(entry.record)
    }

    /// Stores a record; a failure to write only costs the next build the work again.
    pub fn put(&self, key: u64, record: &Record) -> std::io::Result<()> {
        let key = self.full_key(key);
        let path = self.path(&key);
        let dir = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(dir)?;
        let entry = EntryRef { key: &key, record };
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        // serde_json writes token by token: unbuffered, that is a system call each.
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        serde_json::to_writer(&mut out, &entry)?;
        out.flush()?;
        drop(out);
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// One line of `podgraph extract --jsonl`: a record and the show it belongs to, by identity
/// rather than by index, so lines from separate runs merge.
#[derive(Serialize, Deserialize)]
pub struct Line {
    pub show: ShowNode,
    #[serde(flatten)]
    pub record: Record,
}

/// Writes records as JSON lines.
pub fn write_jsonl(
    records: &[Record],
    shows: &[ShowNode],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for record in records {
        let line = LineRef {
            show: &shows[record.episode.show],
            record,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct LineRef<'a> {
    show: &'a ShowNode,
    #[serde(flatten)]
    record: &'a Record,
}

/// Reads JSON lines, numbering the shows in the order they first appear. A line that is no
/// record is reported with its file and line and skipped.
pub fn read_jsonl(
    reader: impl BufRead,
    path: &Path,
    shows: &mut Vec<ShowNode>,
    records: &mut Vec<Record>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (i, line) in reader.lines().enumerate() {
        let text = match line {
            Ok(text) => text,
            Err(err) => {
                diagnostics
                    .push(Diagnostic::new(Severity::Skipped, path, err.to_string()).at_line(i + 1));
                return;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(&text) {
            Ok(Line { show, mut record }) => {
                record.episode.show = match shows.iter().position(|s| s.id == show.id) {
                    Some(i) => i,
                    None => {
                        shows.push(show);
                        shows.len() - 1
                    }
                };
                records.push(record);
            }
            Err(err) => diagnostics.push(
                Diagnostic::new(
                    Severity::Skipped,
                    path,
                    format!("not a podgraph record: {err}"),
                )
                .at_line(i + 1),
            ),
        }
    }
}

/// Keeps one file per episode of a show (inputs are in path order, so the first) and warns
/// about the rest, once each; what goes with each episode stays with it. Episodes are the same
/// when their ids are (show and number, or date and slug) or their text is identical.
fn drop_duplicates<T>(
    episodes: Vec<(Episode, u64, T)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Episode, T)> {
    let mut seen: HashMap<(usize, String), String> = HashMap::new();
    let mut texts: HashMap<(usize, u64), String> = HashMap::new();
    let mut kept = Vec::with_capacity(episodes.len());
    for (mut episode, content, with) in episodes {
        let mut key = (episode.show, crate::graph::episode_key(&episode));
        let content = (episode.show, content);
        if let Some(alt) = episode.alt_number.filter(|_| seen.contains_key(&key)) {
            // The front matter's number is taken; the file name's may be the right one.
            let mut renumbered = episode.clone();
            renumbered.number = Some(alt);
            let alt_key = (episode.show, crate::graph::episode_key(&renumbered));
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
    kept.sort_by(|(a, _), (b, _)| crate::episode_order(a).cmp(&crate::episode_order(b)));
    kept
}

/// The reduce step: records of any number of documents in, one graph out.
pub fn merge(
    records: Vec<Record>,
    shows: &[ShowNode],
    min_confidence: f32,
    diagnostics: &mut Vec<Diagnostic>,
) -> (KnowledgeGraph, usize) {
    let mut kept = Vec::with_capacity(records.len());
    for record in records {
        let Record {
            episode,
            mentions,
            terms,
            prints,
            content,
            diagnostics: found,
        } = record;
        diagnostics.extend(found);
        kept.push((episode, content, (mentions, terms, prints)));
    }
    let mut kept = drop_duplicates(kept, diagnostics);
    mark_boilerplate(&mut kept);
    let mut terms = Vec::with_capacity(kept.len());
    let mut extracted = Vec::with_capacity(kept.len());
    let episodes: Vec<Episode> = kept
        .into_iter()
        .map(|(episode, (mentions, t, _))| {
            terms.push(t);
            extracted.push(mentions);
            episode
        })
        .collect();
    let extracted: Vec<Extracted> = episodes
        .iter()
        .zip(extracted)
        .map(|(episode, mentions)| Extracted { episode, mentions })
        .collect();
    let graph = graph::build_with_terms(extracted, terms, shows, min_confidence);
    (graph, episodes.len())
}

type Parts = (
    Vec<Vec<Mention>>,
    Vec<Vec<(crate::graph::Term, u32)>>,
    Vec<Vec<BlockPrint>>,
);

/// Flags what recurs across each show's episodes (they are sorted by show).
fn mark_boilerplate(episodes: &mut [(Episode, Parts)]) {
    let params = BoilerplateParams::default();
    for show in episodes.chunk_by_mut(|a, b| a.0.show == b.0.show) {
        let mut view: Vec<_> = show
            .iter_mut()
            .map(|(e, parts)| (e.segments.as_mut_slice(), parts.2.as_slice()))
            .collect();
        boilerplate::mark_prints(&mut view[..], &params);
    }
}
