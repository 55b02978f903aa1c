//! Feed and page files: an RSS, Atom or JSON Feed file (or a saved HTML episode page) in, one
//! markdown [`Document`] per episode out, with its metadata, plus the show's channel.
//!
//! The notes' HTML becomes markdown (`markup::html`), so segmenting and extraction read a feed
//! item as they read a markdown file. Chapters (inline, or a local JSON chapters file) are added
//! as timestamped lines, which the segmenter makes `chapter` segments; guests named by
//! `podcast:person` are added as a `Guests` list. A local transcript is indexed like a
//! `transcripts/` file. A chapters or transcript URL that is not a local file is counted and
//! reported once per feed, never fetched.

use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use super::{Document, Format, Transcript};
use crate::error::{Diagnostic, Severity};
use crate::markup::html;
use crate::source::feed::{self, Channel, Chapter, Item, Notes};
use crate::source::{self, Meta};

/// Which reader a file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Xml,
    Json,
    Html,
}

/// What the start of a file says it is, whatever its name: `<rss`, `<feed`, `<?xml` are feeds,
/// a JSON object naming jsonfeed.org is a JSON Feed, `<!doctype html` or `<html` a page.
pub(super) fn sniff(bytes: &[u8]) -> Option<Kind> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head));
    let start = head.trim_start().to_ascii_lowercase();
    if start.starts_with("<?xml") || start.starts_with("<rss") || start.starts_with("<feed") {
        Some(Kind::Xml)
    } else if start.starts_with('{') && start.contains("jsonfeed.org") {
        Some(Kind::Json)
    } else if start.starts_with("<!doctype html") || start.starts_with("<html") {
        Some(Kind::Html)
    } else {
        None
    }
}

/// A Podcasting 2.0 chapters file (`{"chapters": [...]}`): a feed's companion, not notes.
pub(super) fn is_chapters(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|json| {
        json.get("chapters")
            .is_some_and(serde_json::Value::is_array)
    })
}

/// What reading one feed needs to know.
pub(super) struct FeedFile<'a> {
    /// As shown in sources and diagnostics.
    pub source: &'a str,
    /// The folder that relative chapter and transcript paths start from.
    pub base: &'a Path,
    pub max_bytes: u64,
}

/// A feed read into documents (their `show` still to be set), transcripts by episode number,
/// and the channel.
#[derive(Default)]
pub(super) struct FeedDocuments {
    pub channel: Channel,
    pub documents: Vec<Document>,
    pub transcripts: Vec<(u32, Transcript)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads an RSS or Atom feed from a file, streaming.
pub(super) fn read_xml_file(path: &Path, file: &FeedFile) -> FeedDocuments {
    match fs::File::open(path) {
        Ok(handle) => read_xml(BufReader::new(handle), file),
        Err(err) => FeedDocuments {
            diagnostics: vec![Diagnostic::new(
                Severity::Error,
                path,
                format!("cannot read: {err}"),
            )],
            ..FeedDocuments::default()
        },
    }
}

pub(super) fn read_xml(input: impl std::io::BufRead + Send, file: &FeedFile) -> FeedDocuments {
    pipelined(file, |on_item| feed::read_xml(input, file.source, on_item))
}

pub(super) fn read_json(text: &str, file: &FeedFile) -> FeedDocuments {
    pipelined(file, |on_item| feed::read_json(text, file.source, on_item))
}

/// Reads items on one thread while the batches already read are converted on every core: the
/// pull parse is sequential, and without this the cores would wait for it between batches.
/// At most two batches wait between the two, so memory stays bounded for any feed length.
fn pipelined(
    file: &FeedFile,
    read: impl FnOnce(&mut dyn FnMut(Item)) -> feed::FeedRead + Send,
) -> FeedDocuments {
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Item>>(2);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut pending = Vec::with_capacity(BATCH);
            let read = read(&mut |item| {
                pending.push(item);
                if pending.len() >= BATCH {
                    let full = std::mem::replace(&mut pending, Vec::with_capacity(BATCH));
                    // The receiver lives until this thread is joined.
                    let _ = send.send(full);
                }
            });
            let _ = send.send(pending);
            read
        });
        let mut batch = Batch::new(file);
        for items in receive {
            batch.convert(items);
        }
        let read = reader.join().unwrap_or_else(|_| feed::FeedRead {
            diagnostics: vec![Diagnostic::new(
                Severity::Error,
                file.source,
                "the feed reader stopped unexpectedly; the items read before are kept",
            )],
            ..feed::FeedRead::default()
        });
        batch.finish(read)
    })
}

/// Items are converted (HTML parsed, chapters read) this many at a time on every core, so
/// html5ever's work is shared out while memory stays bounded by a few batches of raw items; 256
/// rather than 64 spawns fewer worker threads (each new one faults in fresh allocator pages).
const BATCH: usize = 256;

/// What the items converted so far gave.
struct Batch<'a> {
    file: &'a FeedFile<'a>,
    out: FeedDocuments,
    remote: Remote,
    item_hosts: Vec<feed::Person>,
}

impl<'a> Batch<'a> {
    fn new(file: &'a FeedFile<'a>) -> Self {
        Batch {
            file,
            out: FeedDocuments::default(),
            remote: Remote::default(),
            item_hosts: Vec::new(),
        }
    }

    fn convert(&mut self, items: Vec<Item>) {
        // Hosts named on items (a guest host, or a feed that names hosts only per episode) are
        // the show's hosts too.
        for person in items.iter().flat_map(|i| &i.people).filter(|p| p.is_host()) {
            if !self.item_hosts.iter().any(|h| h.name == person.name) {
                self.item_hosts.push(person.clone());
            }
        }
        for converted in crate::par_map(&items, |item| item_document(item, self.file)) {
            let Converted {
                document,
                transcript,
                mut diagnostics,
                remote,
            } = converted;
            self.out.documents.extend(document);
            self.out.transcripts.extend(transcript);
            self.out.diagnostics.append(&mut diagnostics);
            remote.iter().for_each(|url| self.remote.record(url));
        }
    }

    fn finish(self, mut read: feed::FeedRead) -> FeedDocuments {
        for host in self.item_hosts {
            if !read.channel.hosts.iter().any(|h| h.name == host.name) {
                read.channel.hosts.push(host);
            }
        }
        finish(self.out, read, self.remote, self.file)
    }
}

/// What one item gave.
#[derive(Default)]
struct Converted {
    document: Option<Document>,
    transcript: Option<(u32, Transcript)>,
    diagnostics: Vec<Diagnostic>,
    /// Chapters and transcript URLs that are not local files.
    remote: Vec<String>,
}

fn finish(
    mut out: FeedDocuments,
    read: feed::FeedRead,
    remote: Remote,
    file: &FeedFile,
) -> FeedDocuments {
    out.channel = read.channel;
    // The reader's diagnostics (per item, in feed order) come before those of the documents.
    let mut diagnostics = read.diagnostics;
    diagnostics.append(&mut out.diagnostics);
    if let Some(first) = remote.first {
        let message = format!(
            "{} chapters or transcript URL(s) are remote and were not fetched (first: {first})",
            remote.count
        );
        diagnostics.push(Diagnostic::new(Severity::Warning, file.source, message));
    }
    out.diagnostics = diagnostics;
    out
}

/// Remote URLs met in one feed: recorded, never followed.
#[derive(Default)]
struct Remote {
    count: usize,
    first: Option<String>,
}

impl Remote {
    fn record(&mut self, url: &str) {
        self.count += 1;
        self.first.get_or_insert_with(|| url.to_string());
    }
}

/// A URL as a local path: relative paths from the feed's folder, `file:` URLs; `None` for
/// anything with another scheme.
fn local_path(url: &str, base: &Path) -> Option<PathBuf> {
    let url = url.trim();
    if let Some(path) = url.strip_prefix("file://") {
        return Some(PathBuf::from(path));
    }
    if let Some(path) = url.strip_prefix("file:") {
        return Some(base.join(path));
    }
    let scheme = url.split_once(':').map(|(s, _)| s);
    if scheme.is_some_and(|s| s.len() > 1 && s.bytes().all(|b| b.is_ascii_alphabetic())) {
        return None;
    }
    Some(base.join(url))
}

/// One item as a document: its notes as markdown, then its chapters and guests.
fn item_document(item: &Item, file: &FeedFile) -> Converted {
    let mut out = Converted::default();
    let Some(notes) = &item.notes else {
        // Reported by the reader already.
        return out;
    };
    let size = match notes {
        Notes::Html(t) | Notes::Text(t) => t.len() as u64,
    };
    let source = format!("{}#{}", file.source, item.ordinal);
    if size > file.max_bytes {
        let message = format!(
            "{}: notes of {size} bytes are over the limit of {} bytes; left out",
            item.place(),
            file.max_bytes
        );
        out.diagnostics
            .push(Diagnostic::new(Severity::Skipped, file.source, message));
        return out;
    }
    let mut text = match notes {
        Notes::Html(html) => html::to_markdown(html),
        Notes::Text(text) => html::text_to_markdown(text),
    };
    let chapters = chapters(item, file, &mut out);
    append_chapters(&mut text, &chapters);
    append_guests(&mut text, item);
    let meta = feed::item_meta(item);
    if let Some(number) = meta.number {
        out.transcript = transcript(item, file, &mut out.remote).map(|t| (number, t));
    }
    out.document = Some(Document {
        source,
        format: Format::Markdown,
        text,
        meta,
        show: 0,
    });
    out
}

/// Inline chapters, else those of a local chapters file.
fn chapters(item: &Item, file: &FeedFile, out: &mut Converted) -> Vec<Chapter> {
    if !item.chapters.is_empty() {
        return item.chapters.clone();
    }
    let Some(url) = &item.chapters_url else {
        return Vec::new();
    };
    let Some(path) = local_path(url, file.base) else {
        out.remote.push(url.clone());
        return Vec::new();
    };
    let parsed = fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| feed::chapters_json(&text));
    parsed.unwrap_or_else(|err| {
        let message = format!("{}: chapters file not used: {err}", item.place());
        out.diagnostics
            .push(Diagnostic::new(Severity::Warning, &path, message));
        Vec::new()
    })
}

/// The first transcript that is a local file.
fn transcript(item: &Item, file: &FeedFile, remote: &mut Vec<String>) -> Option<Transcript> {
    for url in &item.transcripts {
        match local_path(url, file.base) {
            Some(path) if path.is_file() => {
                let stem = path.file_stem()?.to_str()?.to_string();
                return Some(Transcript { path, stem });
            }
            Some(_) => {}
            None => remote.push(url.clone()),
        }
    }
    None
}

/// Chapters as the notes' own timestamp lines (`05:23 Title`), one paragraph each.
fn append_chapters(text: &mut String, chapters: &[Chapter]) {
    for chapter in chapters {
        let title = html::escape_line(&chapter.title);
        text.push_str(&format!("\n{} {title}\n", feed::clock(chapter.start)));
    }
}

/// Guests named by the feed, as a `Guests` section of list items linking their pages.
fn append_guests(text: &mut String, item: &Item) {
    let guests: Vec<_> = item.people.iter().filter(|p| !p.is_host()).collect();
    if guests.is_empty() {
        return;
    }
    text.push_str("\n## Guests\n\n");
    for person in guests {
        let name = html::escape_line(&person.name);
        match &person.href {
            Some(href) => text.push_str(&format!("- [{name}](<{href}>)\n")),
            None => text.push_str(&format!("- {name}\n")),
        }
    }
}

/// A saved HTML episode page as a document: the page's own metadata first, then its file name.
pub(super) fn page_document(path: Option<&Path>, source: &str, text: &str) -> Document {
    let page = html::page(text);
    let named = source::from_name(path);
    let parsed = page.title.as_deref().and_then(feed::number_from_title);
    let title = match &parsed {
        Some((_, rest)) if !rest.is_empty() => Some(rest.clone()),
        _ => page.title.clone(),
    };
    let meta = Meta {
        number: page
            .number
            .or(parsed.map(|(n, _)| n))
            .or(named.number.filter(|_| named.date.is_none())),
        title,
        date: page
            .date
            .as_deref()
            .and_then(source::date::parse)
            .or(named.date.clone()),
        ..named
    };
    Document {
        source: source.to_string(),
        format: Format::Markdown,
        text: page.markdown,
        meta,
        show: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(
            sniff(b"\xEF\xBB\xBF  <?xml version='1.0'?><rss>"),
            Some(Kind::Xml)
        );
        assert_eq!(
            sniff(b"<feed xmlns='http://www.w3.org/2005/Atom'>"),
            Some(Kind::Xml)
        );
        assert_eq!(
            sniff(br#"{"version": "https://jsonfeed.org/version/1.1"}"#),
            Some(Kind::Json)
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Some(Kind::Html));
        assert_eq!(sniff(b"# Notes\n"), None);
        assert_eq!(sniff(br#"{"chapters": []}"#), None);
    }

    #[test]
    fn local_and_remote_urls() {
        let base = Path::new("shows/tiny");
        assert_eq!(
            local_path("chapters/1.json", base),
            Some(base.join("chapters/1.json"))
        );
        assert_eq!(local_path("file:c.json", base), Some(base.join("c.json")));
        assert_eq!(
            local_path("file:///tmp/c.json", base),
            Some("/tmp/c.json".into())
        );
        assert_eq!(local_path("https://cdn.example/c.json", base), None);
    }
}
