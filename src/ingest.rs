//! Ingest: paths in, decoded documents out.
//!
//! Takes the paths a user named (files, folders walked recursively in a stable order, `-` for
//! stdin) and produces one [`Document`] per show-notes file: its text as UTF-8 with a BOM removed
//! and CRLF folded to LF, its format, and the episode number its file name suggests. It also
//! indexes sibling `transcripts/` folders by episode number, because a transcript's file name
//! carries the title that most show notes lack. This is the only library module that touches the
//! file system; it knows nothing of segments or graphs. Problems become [`Diagnostic`]s: a bad file
//! is reported and skipped, never fatal to the batch. Feeds (RSS, Atom, JSON Feed) and saved HTML
//! pages are read by [`feed`]: one feed gives one document per item and the show's channel.

mod feed;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Severity};
use crate::source::feed::Channel;
use crate::source::{self, Meta};

/// Files larger than this are skipped unless the caller raises the limit.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// The two shapes of show notes podgraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown as published in a show-notes repository.
    Markdown,
    /// Plain text copied from an episode's web page: no links, `•` bullets.
    PageText,
}

/// One input file, decoded and ready to segment.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from, as the user should see it in evidence (`<stdin>` for stdin).
    pub source: String,
    pub format: Format,
    /// The text, front matter blanked out (its lines kept, so line numbers match the file).
    pub text: String,
    /// What the front matter and the file name say about the episode.
    pub meta: Meta,
    /// Which of [`Corpus::shows`] it belongs to.
    pub show: usize,
}

impl Document {
    /// A markdown document with no metadata, in the first show: for tests and stdin-like uses.
    pub fn markdown(source: &str, text: &str) -> Document {
        Document {
            source: source.to_string(),
            format: Format::Markdown,
            text: text.to_string(),
            meta: Meta::default(),
            show: 0,
        }
    }
}

/// Where one show's notes were found: a folder named on the command line (or holding a
/// `podgraph.toml`), or the folder of files named one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowSource {
    /// The folder, as the user gave it; for a feed, the feed file (a feed is a show of its own).
    pub dir: PathBuf,
    /// A `podgraph.toml` profile found in the folder or its parent: its path and text.
    pub profile: Option<(PathBuf, String)>,
    /// The channel of the feed the show's episodes came from: its name, site and hosts.
    pub channel: Option<Channel>,
}

/// A transcript found beside the show notes: where it is and its file name's stem, which
/// often carries the episode's title (`122-give-me-back-my-monolith`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub path: PathBuf,
    pub stem: String,
}

/// Everything ingest found: documents in a stable order, the shows they belong to, transcripts
/// by episode number.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub shows: Vec<ShowSource>,
    /// By show (an index into `shows`) and episode number.
    pub transcripts: BTreeMap<(usize, u32), Transcript>,
}

impl Corpus {
    /// The index of the show whose notes live in `dir`, added when new.
    fn show_for(&mut self, dir: &Path) -> usize {
        if let Some(i) = self.shows.iter().position(|s| s.dir == dir) {
            return i;
        }
        self.shows.push(ShowSource {
            dir: dir.to_path_buf(),
            profile: find_profile(dir),
            channel: None,
        });
        self.shows.len() - 1
    }

    /// Adds what one feed gave.
    /// Shows without documents (the folder of a feed named on the command line, a folder of
    /// shows' folders) are dropped, and the indices renumbered: every show has episodes.
    fn drop_empty_shows(&mut self) {
        let used: Vec<bool> = (0..self.shows.len())
            .map(|show| self.documents.iter().any(|d| d.show == show))
            .collect();
        if used.iter().all(|u| *u) {
            return;
        }
        let mut new_index = Vec::with_capacity(used.len());
        let mut next = 0;
        for u in &used {
            new_index.push(next);
            next += usize::from(*u);
        }
        let mut i = 0;
        self.shows.retain(|_| {
            i += 1;
            used[i - 1]
        });
        for doc in &mut self.documents {
            doc.show = new_index[doc.show];
        }
        self.transcripts = std::mem::take(&mut self.transcripts)
            .into_iter()
            .filter(|((show, _), _)| used[*show])
            .map(|((show, n), t)| ((new_index[show], n), t))
            .collect();
    }

    /// A feed is a show of its own (its channel names it), keyed by the feed's path; a
    /// `podgraph.toml` beside the feed is its profile.
    fn add_feed(&mut self, path: &Path, read: feed::FeedDocuments) {
        let show = self.show_for(path);
        self.shows[show].channel = Some(read.channel);
        for mut doc in read.documents {
            doc.show = show;
            self.documents.push(doc);
        }
        for (number, transcript) in read.transcripts {
            self.transcripts.entry((show, number)).or_insert(transcript);
        }
    }
}

/// The name of a show profile beside the notes.
pub const PROFILE_FILE: &str = "podgraph.toml";

/// `podgraph.toml` in the folder, else in its parent (notes often sit in `show_notes/`).
fn find_profile(dir: &Path) -> Option<(PathBuf, String)> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    std::iter::once(dir)
        .chain(parent)
        .map(|d| d.join(PROFILE_FILE))
        .find_map(|p| fs::read_to_string(&p).ok().map(|text| (p, text)))
}

#[derive(Debug, Clone)]
pub struct Options {
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Reads every input. Named files that cannot be read are errors; anything skipped inside a
/// folder is a diagnostic and the rest is still read.
pub fn collect(inputs: &[PathBuf], options: &Options) -> (Corpus, Vec<Diagnostic>) {
    let mut corpus = Corpus::default();
    let mut diags = Vec::new();
    let mut dirs = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            let show = corpus.show_for(Path::new("-"));
            read_stdin(options, show, &mut corpus, &mut diags);
        } else if input.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files, &mut diags);
            let root = corpus.show_for(input);
            for file in files {
                let show = own_show(input, &file, &mut corpus).unwrap_or(root);
                if let Some(dir) = file.parent() {
                    dirs.push((dir.to_path_buf(), show));
                }
                read_file(&file, false, options, show, &mut corpus, &mut diags);
            }
        } else {
            let dir = input.parent().unwrap_or(Path::new(""));
            let show = corpus.show_for(dir);
            dirs.push((dir.to_path_buf(), show));
            read_file(input, true, options, show, &mut corpus, &mut diags);
        }
    }
    dirs.sort();
    dirs.dedup();
    for (dir, show) in dirs {
        index_transcripts(&dir, show, &mut corpus.transcripts);
    }
    corpus.drop_empty_shows();
    (corpus, diags)
}

/// A subfolder of `root` holding its own `podgraph.toml` is a show of its own (a folder of
/// several shows' notes).
fn own_show(root: &Path, file: &Path, corpus: &mut Corpus) -> Option<usize> {
    let mut dir = file.parent()?;
    while dir != root && dir.starts_with(root) {
        if dir.join(PROFILE_FILE).is_file() {
            return Some(corpus.show_for(dir));
        }
        dir = dir.parent()?;
    }
    None
}

/// Reads a transcript's text, for names the show notes leave out (a guest host's full name).
pub fn read_transcript(transcript: &Transcript) -> Option<String> {
    let bytes = fs::read(&transcript.path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Folders named `transcripts` hold title sources, not episodes, so the walk leaves them out.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            diags.push(Diagnostic::new(
                Severity::Skipped,
                dir,
                format!("cannot read folder: {err}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Dot-files, and the show profile that sits beside the notes, are not episodes.
        if name.starts_with('.') || name == PROFILE_FILE {
            continue;
        }
        let is_link = fs::symlink_metadata(&path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        if path.is_dir() {
            // Symlinked folders could loop; real folders are walked.
            if !is_link && !name.eq_ignore_ascii_case("transcripts") {
                walk(&path, files, diags);
            }
        } else {
            files.push(path);
        }
    }
}

fn read_stdin(options: &Options, show: usize, corpus: &mut Corpus, diags: &mut Vec<Diagnostic>) {
    let mut bytes = Vec::new();
    let limit = options.max_bytes.saturating_add(1);
    if let Err(err) = std::io::stdin().take(limit).read_to_end(&mut bytes) {
        diags.push(Diagnostic::new(
            Severity::Error,
            "<stdin>",
            format!("cannot read: {err}"),
        ));
        return;
    }
    if bytes.len() as u64 > options.max_bytes {
        let message = format!("larger than the limit of {} bytes", options.max_bytes);
        diags.push(Diagnostic::new(Severity::Skipped, "<stdin>", message));
        return;
    }
    let file = File {
        source: "<stdin>",
        path: None,
        ext: Extension::Text,
        show,
    };
    push_document(&file, &bytes, corpus, diags);
}

fn read_file(
    path: &Path,
    named: bool,
    options: &Options,
    show: usize,
    corpus: &mut Corpus,
    diags: &mut Vec<Diagnostic>,
) {
    let ext = extension(path);
    if ext == Extension::Feed {
        // Streamed: a feed's size is bounded per item, not per file.
        let source = path.display().to_string();
        let mut read = feed::read_xml_file(path, &feed_file(path, &source, options));
        diags.append(&mut read.diagnostics);
        corpus.add_feed(path, read);
        return;
    }
    if !named && ext == Extension::Unknown {
        let message =
            "unknown extension (expected .md, .markdown, .txt, .html, .xml, .rss, .atom or .json)";
        diags.push(Diagnostic::new(Severity::Skipped, path, message));
        return;
    }
    let severity = if named {
        Severity::Error
    } else {
        Severity::Skipped
    };
    let size = match fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(err) => {
            diags.push(Diagnostic::new(
                severity,
                path,
                format!("cannot read: {err}"),
            ));
            return;
        }
    };
    if size > options.max_bytes {
        let message = format!(
            "{size} bytes is over the limit of {} bytes",
            options.max_bytes
        );
        diags.push(Diagnostic::new(Severity::Skipped, path, message));
        return;
    }
    match fs::read(path) {
        Ok(bytes) => {
            let source = path.display().to_string();
            let file = File {
                source: &source,
                path: Some(path),
                ext,
                show,
            };
            push_document(&file, &bytes, corpus, diags);
        }
        Err(err) => diags.push(Diagnostic::new(
            severity,
            path,
            format!("cannot read: {err}"),
        )),
    }
}

/// What a file's extension says about its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extension {
    Markdown,
    /// `.txt` or none at all: plain text, or markdown saved as text; the content decides.
    Text,
    /// `.xml`, `.rss`, `.atom`: an RSS or Atom feed, streamed from the file.
    Feed,
    /// `.json`: a JSON Feed (other JSON is reported and skipped).
    Json,
    /// `.html`, `.htm`: a page saved from a show's site.
    Html,
    Unknown,
}

fn extension(path: &Path) -> Extension {
    let Some(ext) = path.extension() else {
        return Extension::Text;
    };
    match ext.to_str().unwrap_or("").to_ascii_lowercase().as_str() {
        "md" | "markdown" => Extension::Markdown,
        "txt" | "text" => Extension::Text,
        "xml" | "rss" | "atom" => Extension::Feed,
        "json" => Extension::Json,
        "html" | "htm" => Extension::Html,
        _ => Extension::Unknown,
    }
}

/// A file about to become a document: where it is and what its name says of its format.
struct File<'a> {
    source: &'a str,
    path: Option<&'a Path>,
    ext: Extension,
    show: usize,
}

fn push_document(file: &File, bytes: &[u8], corpus: &mut Corpus, diags: &mut Vec<Diagnostic>) {
    let source = file.source;
    if looks_binary(bytes) {
        diags.push(Diagnostic::new(
            Severity::Skipped,
            source,
            "looks like a binary file",
        ));
        return;
    }
    let kind = match file.ext {
        Extension::Json => Some(feed::Kind::Json),
        Extension::Html => Some(feed::Kind::Html),
        _ => feed::sniff(bytes),
    };
    if let Some(kind) = kind {
        push_feed_or_page(kind, file, bytes, corpus, diags);
        return;
    }
    let mut text = decode(bytes, source, diags);
    let format = match file.ext {
        Extension::Markdown => Format::Markdown,
        // A named file with an odd extension, or a `.txt` that holds markdown: the content decides.
        _ => detect_format(&text),
    };
    let meta = match format {
        Format::Markdown => {
            let (meta, found) = source::markdown(file.path, source, &mut text);
            diags.extend(found);
            meta
        }
        Format::PageText => source::from_name(file.path),
    };
    corpus.documents.push(Document {
        source: source.to_string(),
        format,
        text,
        meta,
        show: file.show,
    });
}

fn feed_file<'a>(path: &'a Path, source: &'a str, options: &Options) -> feed::FeedFile<'a> {
    feed::FeedFile {
        source,
        base: path.parent().unwrap_or(Path::new("")),
        max_bytes: options.max_bytes,
    }
}

/// A feed or page held in memory (a `.json` or `.html` file, or content that says it is one).
fn push_feed_or_page(
    kind: feed::Kind,
    file: &File,
    bytes: &[u8],
    corpus: &mut Corpus,
    diags: &mut Vec<Diagnostic>,
) {
    let path = file.path.unwrap_or(Path::new(file.source));
    let base = file.path.and_then(Path::parent).unwrap_or(Path::new(""));
    let feed_file = feed::FeedFile {
        source: file.source,
        base,
        max_bytes: u64::MAX,
    };
    match kind {
        feed::Kind::Xml => {
            let mut read = feed::read_xml(bytes, &feed_file);
            diags.append(&mut read.diagnostics);
            corpus.add_feed(path, read);
        }
        feed::Kind::Json => {
            let text = decode(bytes, file.source, diags);
            if feed::sniff(text.as_bytes()) != Some(feed::Kind::Json) {
                // A feed's chapters file sits beside it and is read through the feed.
                if !feed::is_chapters(&text) {
                    let message = "not a JSON Feed (no jsonfeed.org version)";
                    diags.push(Diagnostic::new(Severity::Skipped, file.source, message));
                }
                return;
            }
            let mut read = feed::read_json(&text, &feed_file);
            diags.append(&mut read.diagnostics);
            corpus.add_feed(path, read);
        }
        feed::Kind::Html => {
            let text = decode(bytes, file.source, diags);
            let mut doc = feed::page_document(file.path, file.source, &text);
            doc.show = file.show;
            corpus.documents.push(doc);
        }
    }
}

/// A NUL byte in the first 8 KiB is the usual sign of a binary file (as git and ripgrep decide).
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Strips a BOM, decodes lossily with a warning at the first bad byte, folds CRLF to LF.
fn decode(bytes: &[u8], source: &str, diags: &mut Vec<Diagnostic>) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(err) => {
            let offset = err.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            let message = format!(
                "invalid UTF-8 at byte offset {offset}; decoded with replacement characters"
            );
            diags.push(Diagnostic::new(Severity::Warning, source, message).at_line(line));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// Markdown links or emphasis mean markdown; `•` bullets or a `#N: Title` line mean a web page.
fn detect_format(text: &str) -> Format {
    let head = &text[..floor_char_boundary(text, 64 * 1024)];
    let page_signals =
        head.matches('•').count() + head.lines().filter(|l| is_page_title(l)).count();
    let markdown_signals = head.matches("](").count() + head.matches("**").count() / 2;
    if page_signals > 0 && page_signals >= markdown_signals {
        Format::PageText
    } else if markdown_signals > 0 {
        Format::Markdown
    } else {
        Format::PageText
    }
}

fn is_page_title(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('#') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with(": ")
}

pub(crate) fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn index_transcripts(dir: &Path, show: usize, index: &mut BTreeMap<(usize, u32), Transcript>) {
    for candidate in [dir.join("transcripts"), dir.join("../transcripts")] {
        let Ok(entries) = fs::read_dir(&candidate) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let Some(number) = source::file_name::parse(&path).number else {
                continue;
            };
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            index
                .entry((show, number))
                .or_insert(Transcript { path, stem });
        }
    }
}

/// `122-give-me-back-my-monolith` → "Give me back my monolith". Drops the number, a leading show
/// name (one of `show_names`, written as words or run together) and version or draft suffixes;
/// `002_python_bytes` gives no title at all.
pub fn title_from_slug(stem: &str, show_names: &[&str]) -> Option<String> {
    let rest = stem.trim_start_matches(|c: char| !c.is_ascii_digit());
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let mut words: Vec<&str> = rest
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    while words.last().is_some_and(|w| is_suffix_word(w)) {
        words.pop();
    }
    for name in show_names {
        let name_words: Vec<&str> = name.split_whitespace().collect();
        let spelled = !name_words.is_empty()
            && words.len() >= name_words.len()
            && words
                .iter()
                .zip(&name_words)
                .all(|(w, n)| w.eq_ignore_ascii_case(n));
        if spelled {
            words.drain(..name_words.len());
            break;
        }
        let run_together: String = name_words.concat();
        if words
            .first()
            .is_some_and(|w| w.eq_ignore_ascii_case(&run_together))
        {
            words.remove(0);
            break;
        }
    }
    if words.is_empty() {
        return None;
    }
    let joined = words.join(" ");
    let mut chars = joined.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

fn is_suffix_word(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    matches!(lower.as_str(), "transcript" | "final" | "draft" | "edited")
        || (lower.starts_with('v')
            && lower.len() > 1
            && lower[1..].bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_slugs() {
        let cases = [
            (
                "122-give-me-back-my-monolith",
                Some("Give me back my monolith"),
            ),
            ("002_python_bytes", None),
            ("484-all-our-tools-transcript", Some("All our tools")),
            (
                "486-underscore-underscore-ghost-emoji-final",
                Some("Underscore underscore ghost emoji"),
            ),
            (
                "459 Inverted dependency trees",
                Some("Inverted dependency trees"),
            ),
            ("010-python-bytes-dismissing-gc", Some("Dismissing gc")),
            ("005-pythonbytes-legacy-python", Some("Legacy python")),
            ("200-v2", None),
        ];
        for (stem, expected) in cases {
            assert_eq!(
                title_from_slug(stem, &["Python Bytes"]).as_deref(),
                expected,
                "{stem}"
            );
        }
    }

    #[test]
    fn decoding_handles_bom_crlf_and_bad_bytes() {
        let mut diags = Vec::new();
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb", "x.md", &mut diags), "a\nb");
        assert!(diags.is_empty());
        let text = decode(b"ok\nbad \xFF here", "x.md", &mut diags);
        assert_eq!(text, "ok\nbad \u{FFFD} here");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, Some(2));
        assert!(
            diags[0].message.contains("byte offset 7"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn formats_are_detected_from_content() {
        let cases = [
            (
                "#122: Title\n\nBrian #1: Thing\n  • point\n",
                Format::PageText,
            ),
            (
                "**Brian #1:** [**Thing**](https://x.org)\n",
                Format::Markdown,
            ),
            ("just words\n", Format::PageText),
        ];
        for (text, expected) in cases {
            assert_eq!(detect_format(text), expected, "{text}");
        }
    }

    #[test]
    fn binary_is_detected() {
        assert!(looks_binary(b"abc\0def"));
        assert!(!looks_binary("héllo".as_bytes()));
    }
}
