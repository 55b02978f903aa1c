//! Ingest: paths in, decoded documents out.
//!
//! Takes the paths a user named (files, folders walked recursively in a stable order, `-` for
//! stdin) and produces one [`Document`] per show-notes file: its text as UTF-8 with a BOM removed
//! and CRLF folded to LF, its format, and the episode number its file name suggests. It also
//! indexes sibling `transcripts/` folders by episode number, because a transcript's file name
//! carries the title that most show notes lack. This is the only library module that touches the
//! file system; it knows nothing of segments or graphs. Problems become [`Diagnostic`]s: a bad file
//! is reported and skipped, never fatal to the batch.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Severity};

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
    pub text: String,
    /// The episode number the file name suggests (`480-proud-parents.md` → 480).
    pub number_hint: Option<u32>,
}

/// A transcript found beside the show notes: where it is and the title its name carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub path: PathBuf,
    pub title: Option<String>,
}

/// Everything ingest found: documents in a stable order, transcripts by episode number.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub transcripts: BTreeMap<u32, Transcript>,
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
            read_stdin(options, &mut corpus, &mut diags);
        } else if input.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files, &mut diags);
            for file in files {
                if let Some(dir) = file.parent() {
                    dirs.push(dir.to_path_buf());
                }
                read_file(&file, false, options, &mut corpus, &mut diags);
            }
        } else {
            if let Some(dir) = input.parent() {
                dirs.push(dir.to_path_buf());
            }
            read_file(input, true, options, &mut corpus, &mut diags);
        }
    }
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        index_transcripts(&dir, &mut corpus.transcripts);
    }
    (corpus, diags)
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
        if name.starts_with('.') {
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

fn read_stdin(options: &Options, corpus: &mut Corpus, diags: &mut Vec<Diagnostic>) {
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
    push_document("<stdin>", Extension::Text, &bytes, None, corpus, diags);
}

fn read_file(
    path: &Path,
    named: bool,
    options: &Options,
    corpus: &mut Corpus,
    diags: &mut Vec<Diagnostic>,
) {
    let ext = extension(path);
    if !named && ext == Extension::Unknown {
        let message = "unknown extension (expected .md, .markdown or .txt)";
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
            let number = number_from_file_name(path);
            push_document(&source, ext, &bytes, number, corpus, diags);
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
    Unknown,
}

fn extension(path: &Path) -> Extension {
    let Some(ext) = path.extension() else {
        return Extension::Text;
    };
    match ext.to_str().unwrap_or("").to_ascii_lowercase().as_str() {
        "md" | "markdown" => Extension::Markdown,
        "txt" | "text" => Extension::Text,
        _ => Extension::Unknown,
    }
}

fn push_document(
    source: &str,
    ext: Extension,
    bytes: &[u8],
    number_hint: Option<u32>,
    corpus: &mut Corpus,
    diags: &mut Vec<Diagnostic>,
) {
    if looks_binary(bytes) {
        diags.push(Diagnostic::new(
            Severity::Skipped,
            source,
            "looks like a binary file",
        ));
        return;
    }
    let text = decode(bytes, source, diags);
    let format = match ext {
        Extension::Markdown => Format::Markdown,
        // A named file with an odd extension, or a `.txt` that holds markdown: the content decides.
        Extension::Text | Extension::Unknown => detect_format(&text),
    };
    corpus.documents.push(Document {
        source: source.to_string(),
        format,
        text,
        number_hint,
    });
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

/// `001.md` → 1, `480-proud-parents.md` → 480, `PB 485.md` → 485, `notes.md` → none.
pub fn number_from_file_name(path: &Path) -> Option<u32> {
    let stem = path.file_stem()?.to_str()?;
    // A short letter prefix ("PB 485", "ep12") may precede the number; "notes-2024" is no number.
    let stem = stem.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || stem[digits..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    stem[..digits].parse().ok()
}

fn index_transcripts(dir: &Path, index: &mut BTreeMap<u32, Transcript>) {
    for candidate in [dir.join("transcripts"), dir.join("../transcripts")] {
        let Ok(entries) = fs::read_dir(&candidate) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let Some(number) = number_from_file_name(&path) else {
                continue;
            };
            let title = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(title_from_slug);
            index.entry(number).or_insert(Transcript { path, title });
        }
    }
}

/// `122-give-me-back-my-monolith` → "Give me back my monolith". Drops the number, a leading show
/// name and version or draft suffixes; `002_python_bytes` gives no title at all.
pub fn title_from_slug(stem: &str) -> Option<String> {
    let rest = stem.trim_start_matches(|c: char| !c.is_ascii_digit());
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let mut words: Vec<&str> = rest
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    while words.last().is_some_and(|w| is_suffix_word(w)) {
        words.pop();
    }
    let show_name = words.len() >= 2
        && words[0].eq_ignore_ascii_case("python")
        && words[1].eq_ignore_ascii_case("bytes");
    if show_name {
        words.drain(..2);
    } else if words
        .first()
        .is_some_and(|w| w.eq_ignore_ascii_case("pythonbytes"))
    {
        words.remove(0);
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
    fn numbers_from_file_names() {
        let cases = [
            ("001.md", Some(1)),
            ("480-proud-parents.md", Some(480)),
            ("PB 485.md", Some(485)),
            ("002_python_bytes.txt", Some(2)),
            ("459 Inverted dependency trees.txt", Some(459)),
            ("notes.md", None),
            ("3d-printing.md", None),
        ];
        for (name, expected) in cases {
            assert_eq!(number_from_file_name(Path::new(name)), expected, "{name}");
        }
    }

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
            assert_eq!(title_from_slug(stem).as_deref(), expected, "{stem}");
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
