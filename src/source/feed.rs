//! Feeds: an RSS 2.0, Atom 1.0 or JSON Feed 1.1 stream in, the show (channel) and one
//! [`Item`] per episode out, each handed to a callback as soon as it is complete.
//!
//! RSS and Atom are read with quick-xml's pull parser over a buffered reader, so a feed of any
//! length is read in memory bounded by its largest item; JSON Feed with serde_json. Read per item:
//! number (`itunes:episode`, `podcast:episode`, else the title's "#122: …"), season, title, date,
//! link, guid, duration, notes (`content:encoded`, else `description`, `summary`, `content`),
//! `podcast:person`, `podcast:chapters`, inline `psc:chapters` and `podcast:transcript`. Per
//! channel: title, link, `itunes:author` and host persons. A DTD is never read and entities it
//! declares are never expanded (no XXE, no "billion laughs"); only the five predefined entities
//! and character references are. Malformed or truncated XML ends the read: the items before the
//! damage are kept and a diagnostic names the line. Pure: chapter and transcript URLs are kept
//! as written; `ingest` decides what is local and reads it, nothing here touches a network.

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::sync::OnceLock;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use regex::Regex;

use crate::error::{Diagnostic, Severity};
use crate::source::{date, slugify, Meta};

/// A person a feed names (`podcast:person`): a host or a guest, with their page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// Lower case (`host`, `guest`); `None` when the feed does not say (a guest by default).
    pub role: Option<String>,
    pub href: Option<String>,
}

impl Person {
    pub fn is_host(&self) -> bool {
        self.role.as_deref() == Some("host")
    }
}

/// The show, as the feed's channel describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Channel {
    pub title: Option<String>,
    pub link: Option<String>,
    /// `itunes:author`, or Atom's / JSON Feed's author name.
    pub author: Option<String>,
    /// Channel-level `podcast:person` with the role host.
    pub hosts: Vec<Person>,
}

/// A chapter: where it starts (seconds) and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub start: u32,
    pub title: String,
}

/// Show notes as the feed gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notes {
    Html(String),
    Text(String),
}

/// One episode of a feed, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// 1-based position in the feed.
    pub ordinal: usize,
    /// The line where the item starts (`None` for JSON Feed).
    pub line: Option<usize>,
    pub guid: Option<String>,
    pub title: Option<String>,
    pub link: Option<String>,
    /// As written (RFC 2822 or RFC 3339).
    pub date: Option<String>,
    pub duration: Option<String>,
    /// `itunes:episode` or `podcast:episode`, as written.
    pub episode: Option<String>,
    pub season: Option<String>,
    /// The best notes found: `content:encoded` over `description`/`summary`/`content`.
    pub notes: Option<Notes>,
    notes_rank: u8,
    pub people: Vec<Person>,
    /// `podcast:chapters` URL (a JSON chapters file).
    pub chapters_url: Option<String>,
    /// Inline `psc:chapter` elements.
    pub chapters: Vec<Chapter>,
    /// `podcast:transcript` URLs in feed order.
    pub transcripts: Vec<String>,
}

impl Item {
    /// Keeps the notes of the highest rank seen (`content:encoded` 3, `description`/`content` 2,
    /// summaries 1); empty notes never replace others.
    fn offer_notes(&mut self, notes: Notes, rank: u8) {
        let empty = match &notes {
            Notes::Html(t) | Notes::Text(t) => t.trim().is_empty(),
        };
        if !empty && (self.notes.is_none() || rank > self.notes_rank) {
            self.notes = Some(notes);
            self.notes_rank = rank;
        }
    }

    /// Where the item is, for diagnostics: its line, else its position.
    pub fn place(&self) -> String {
        match self.line {
            Some(line) => format!("item at line {line}"),
            None => format!("item {}", self.ordinal),
        }
    }
}

/// What a whole read found besides the items.
#[derive(Debug, Default)]
pub struct FeedRead {
    pub channel: Channel,
    pub diagnostics: Vec<Diagnostic>,
    pub items: usize,
}

/// Counts the lines a buffered reader has handed out, so a pull parser's position has a line.
struct Lines<R> {
    inner: R,
    /// Newlines consumed so far.
    newlines: usize,
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines += count_newlines(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // The buffer is already filled when a parser consumes from it: no read happens here.
        if let Ok(buf) = self.inner.fill_buf() {
            self.newlines += count_newlines(&buf[..amount.min(buf.len())]);
        }
        self.inner.consume(amount);
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Where the XML reader is and what it is inside.
struct XmlState {
    source: String,
    read: FeedRead,
    item: Option<Item>,
    /// Qualified names of the open elements.
    open: Vec<String>,
    /// Text since the last start tag.
    text: String,
    /// The attributes of the open element whose text is being collected.
    attrs: HashMap<String, String>,
    guids: HashMap<String, usize>,
    unknown_entities: usize,
    root_checked: bool,
    /// Inside an item's `type="xhtml"` content or summary: its markup so far.
    xhtml: Option<Xhtml>,
}

/// Atom's `type="xhtml"` content is XML elements, not text: they are the notes' markup, so
/// they are written back as HTML (namespace prefixes dropped, text re-escaped) for the HTML
/// reader, rather than flattened to their text.
#[derive(Default)]
struct Xhtml {
    /// Elements open inside the content element.
    depth: usize,
    html: String,
}

/// Reads an RSS or Atom feed, calling `on_item` with each complete item in feed order.
pub fn read_xml<R: BufRead>(input: R, source: &str, on_item: &mut dyn FnMut(Item)) -> FeedRead {
    let mut reader = Reader::from_reader(Lines {
        inner: input,
        newlines: 0,
    });
    let mut state = XmlState {
        source: source.to_string(),
        read: FeedRead::default(),
        item: None,
        open: Vec::new(),
        text: String::new(),
        attrs: HashMap::new(),
        guids: HashMap::new(),
        unknown_entities: 0,
        root_checked: false,
        xhtml: None,
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf);
        // After the event: a start tag's line is where it ends, which for one-line tags is it.
        let line = reader.get_ref().newlines + 1;
        match event {
            Ok(Event::Eof) => break,
            Ok(event) => {
                if !state.event(event, line, on_item) {
                    break;
                }
            }
            Err(err) => {
                let line = reader.get_ref().newlines + 1;
                state.damage(line, &format!("malformed XML: {err}"));
                return state.read;
            }
        }
    }
    if !state.open.is_empty() {
        let line = reader.get_ref().newlines + 1;
        let inside = state.open.last().cloned().unwrap_or_default();
        state.damage(
            line,
            &format!("the feed ends inside <{inside}>: truncated?"),
        );
    }
    state.read
}

impl XmlState {
    fn warn(&mut self, severity: Severity, line: Option<usize>, message: String) {
        let mut d = Diagnostic::new(severity, &self.source, message);
        if let Some(line) = line {
            d = d.at_line(line);
        }
        self.read.diagnostics.push(d);
    }

    /// The feed is broken here: the open item is lost, what came before is kept.
    fn damage(&mut self, line: usize, what: &str) {
        let lost = match self.item.take() {
            Some(item) => format!("; the {} is left out", item.place()),
            None => String::new(),
        };
        let message = format!(
            "{what}{lost}; {} item(s) before it were read",
            self.read.items
        );
        self.warn(Severity::Skipped, Some(line), message);
    }

    /// Handles one event; `false` stops the read (not a feed).
    fn event(&mut self, event: Event, line: usize, on_item: &mut dyn FnMut(Item)) -> bool {
        let event = match self.xhtml_event(event, line) {
            Some(event) => event,
            None => return true,
        };
        match event {
            Event::Start(start) => {
                let name = start.name().as_ref().to_string();
                if !self.root_checked && !self.check_root(&name, line) {
                    return false;
                }
                self.start(&start, &name, line);
                let xhtml = self.attrs.get("type").is_some_and(|t| t == "xhtml");
                if xhtml && self.item.is_some() && matches!(name.as_str(), "content" | "summary") {
                    self.xhtml = Some(Xhtml::default());
                }
                self.open.push(name);
            }
            Event::Empty(start) => {
                let name = start.name().as_ref().to_string();
                if !self.root_checked && !self.check_root(&name, line) {
                    return false;
                }
                self.start(&start, &name, line);
                self.end(&name, on_item);
            }
            Event::End(_) => {
                if let Some(name) = self.open.pop() {
                    self.end(&name, on_item);
                }
            }
            Event::Text(text) => self.text.push_str(&text.xml10_content()),
            Event::CData(data) => self.text.push_str(&data.xml10_content()),
            Event::GeneralRef(reference) => match resolve(&reference) {
                Some(c) => self.text.push(c),
                // `&nbsp;` between two words must not join them.
                None => {
                    self.unknown_entity(&reference.xml10_content(), line);
                    self.text.push(' ');
                }
            },
            Event::DocType(_) => self.warn(
                Severity::Warning,
                Some(line),
                "DOCTYPE ignored: entities it declares are not expanded".to_string(),
            ),
            _ => {}
        }
        true
    }

    /// A feed's root is `rss`, `feed` (Atom) or `rdf:RDF` (RSS 1.0).
    fn check_root(&mut self, name: &str, line: usize) -> bool {
        self.root_checked = true;
        let local = name.rsplit(':').next().unwrap_or(name);
        let ok = matches!(local, "rss" | "feed" | "RDF");
        if !ok {
            self.warn(
                Severity::Skipped,
                Some(line),
                format!("not a feed: the root element is <{name}>, not <rss> or <feed>"),
            );
        }
        ok
    }

    /// Inside XHTML content, takes the event into its markup and returns `None`; the end of
    /// the content element leaves the markup as the element's text and is handed back, as is
    /// every event outside XHTML content.
    fn xhtml_event<'e>(&mut self, event: Event<'e>, line: usize) -> Option<Event<'e>> {
        let Some(mut xhtml) = self.xhtml.take() else {
            return Some(event);
        };
        match &event {
            Event::Start(tag) => {
                xhtml.depth += 1;
                push_tag(&mut xhtml.html, tag, "");
            }
            Event::Empty(tag) => {
                let name = tag.name();
                let name = local_name(name.as_ref());
                if VOID_ELEMENTS.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                    push_tag(&mut xhtml.html, tag, "/");
                } else {
                    push_tag(&mut xhtml.html, tag, "");
                    push_end(&mut xhtml.html, name);
                }
            }
            Event::End(tag) if xhtml.depth > 0 => {
                xhtml.depth -= 1;
                push_end(&mut xhtml.html, local_name(tag.name().as_ref()));
            }
            Event::End(_) => {
                self.text = xhtml.html;
                return Some(event);
            }
            Event::Text(text) => push_escaped(&mut xhtml.html, &text.xml10_content()),
            Event::CData(data) => push_escaped(&mut xhtml.html, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                let name = reference.xml10_content();
                match resolve(reference) {
                    Some(c) => push_escaped(&mut xhtml.html, c.encode_utf8(&mut [0; 4])),
                    // An HTML entity (`&nbsp;`, `&mdash;`) is left to the HTML reader, which
                    // knows them; a name of letters and digits cannot break out of the text.
                    None if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) => {
                        xhtml.html.push('&');
                        xhtml.html.push_str(&name);
                        xhtml.html.push(';');
                    }
                    None => {
                        self.unknown_entity(&name, line);
                        xhtml.html.push(' ');
                    }
                }
            }
            _ => {}
        }
        self.xhtml = Some(xhtml);
        None
    }

    /// An entity XML does not define (DTD entities are never read): reported once per feed.
    fn unknown_entity(&mut self, name: &str, line: usize) {
        self.unknown_entities += 1;
        if self.unknown_entities == 1 {
            let message = format!(
                "entity &{name}; is not one XML defines and was read as a space (DTD entities are never read)"
            );
            self.warn(Severity::Warning, Some(line), message);
        }
    }

    fn start(&mut self, start: &BytesStart, name: &str, line: usize) {
        self.text.clear();
        self.attrs.clear();
        for attr in start.attributes().flatten() {
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| attr.value.to_string());
            self.attrs.insert(attr.key.as_ref().to_string(), value);
        }
        if matches!(name, "item" | "entry") {
            if self.item.is_some() {
                self.warn(
                    Severity::Warning,
                    Some(line),
                    format!("<{name}> inside another item: the outer one ends here"),
                );
            }
            self.item = Some(Item {
                ordinal: self.read.items + 1,
                line: Some(line),
                ..Item::default()
            });
        }
    }

    fn attr(&self, key: &str) -> Option<String> {
        self.attrs
            .get(key)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    fn end(&mut self, name: &str, on_item: &mut dyn FnMut(Item)) {
        let text = std::mem::take(&mut self.text);
        if matches!(name, "item" | "entry") {
            if let Some(item) = self.item.take() {
                self.finish_item(item, on_item);
            }
            return;
        }
        let person = (name == "podcast:person").then(|| Person {
            name: collapse(&text),
            role: self.attr("role").map(|r| r.to_lowercase()),
            href: self.attr("href"),
        });
        if self.item.is_some() {
            self.item_field(name, text, person);
        } else {
            self.channel_field(name, text, person);
        }
    }

    fn item_field(&mut self, name: &str, text: String, person: Option<Person>) {
        let attr_url = self.attr("url");
        let href = self.attr("href");
        let rel = self.attr("rel");
        let kind = self.attr("type").unwrap_or_default();
        let start = self.attr("start");
        let chapter_title = self.attr("title");
        let Some(item) = self.item.as_mut() else {
            return;
        };
        let value = || Some(collapse(&text)).filter(|t| !t.is_empty());
        match name {
            "title" => item.title = Some(one_line(&text)).filter(|t| !t.is_empty()),
            "guid" | "id" => item.guid = value(),
            "link" => match href {
                // Atom: the alternate link (or one without rel) is the episode's page.
                Some(href) if rel.as_deref().is_none_or(|r| r == "alternate") => {
                    item.link = Some(href)
                }
                Some(_) => {}
                None => item.link = value().or(item.link.take()),
            },
            "pubDate" | "published" | "dc:date" => item.date = value(),
            "updated" => item.date = item.date.take().or(value()),
            "itunes:duration" => item.duration = value(),
            "itunes:episode" | "podcast:episode" => item.episode = item.episode.take().or(value()),
            "itunes:season" | "podcast:season" => item.season = item.season.take().or(value()),
            "content:encoded" => item.offer_notes(Notes::Html(text), 3),
            "description" => item.offer_notes(Notes::Html(text), 2),
            "content" if kind == "text" => item.offer_notes(Notes::Text(text), 2),
            "content" => item.offer_notes(Notes::Html(text), 2),
            "summary" if kind == "html" || kind == "xhtml" => {
                item.offer_notes(Notes::Html(text), 1)
            }
            "summary" | "itunes:summary" => item.offer_notes(Notes::Text(text), 1),
            "podcast:person" => item.people.extend(person.filter(|p| !p.name.is_empty())),
            "podcast:chapters" => item.chapters_url = attr_url,
            "podcast:transcript" => item.transcripts.extend(attr_url),
            "psc:chapter" => {
                let start = start.as_deref().and_then(clock_seconds);
                if let Some(start) = start {
                    let title = chapter_title.unwrap_or_default();
                    item.chapters.push(Chapter { start, title });
                }
            }
            _ => {}
        }
    }

    fn channel_field(&mut self, name: &str, text: String, person: Option<Person>) {
        let href = self.attr("href");
        let rel = self.attr("rel");
        let depth = self.open.len();
        let channel = &mut self.read.channel;
        let value = Some(collapse(&text)).filter(|t| !t.is_empty());
        // Only the channel's own children: an `<image>`'s title and link are not the show's.
        let own = depth <= 2;
        match name {
            "title" if own && channel.title.is_none() => channel.title = value,
            "link" if own && channel.link.is_none() => match href {
                Some(href) if rel.as_deref().is_none_or(|r| r == "alternate") => {
                    channel.link = Some(href)
                }
                Some(_) => {}
                None => channel.link = value,
            },
            "itunes:author" if channel.author.is_none() => channel.author = value,
            "name" if channel.author.is_none() => channel.author = value,
            "podcast:person" => channel
                .hosts
                .extend(person.filter(|p| !p.name.is_empty() && (p.role.is_none() || p.is_host()))),
            _ => {}
        }
    }

    /// Reports what an item lacks or repeats, then hands it on.
    fn finish_item(&mut self, item: Item, on_item: &mut dyn FnMut(Item)) {
        self.read.items += 1;
        check_item(
            &item,
            &mut self.guids,
            &self.source,
            &mut self.read.diagnostics,
        );
        on_item(item);
    }
}

/// The character a character reference or one of XML's five predefined entities stands for.
fn resolve(reference: &quick_xml::events::BytesRef) -> Option<char> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c);
    }
    match reference.xml10_content().as_ref() {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Elements HTML writes without an end tag. Any other element written empty in XHTML
/// (`<iframe src="…"/>`) must be closed explicitly: an HTML parser ignores the `/` and
/// would take the rest of the notes as its content.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Writes an XHTML element's tag as HTML: its local name, and its attributes but namespace
/// declarations, values escaped. `close` is "/" for an empty element.
fn push_tag(html: &mut String, tag: &BytesStart, close: &str) {
    html.push('<');
    html.push_str(local_name(tag.name().as_ref()));
    for attr in tag.attributes().flatten() {
        let key = attr.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .unwrap_or_else(|_| attr.value.clone());
        html.push(' ');
        html.push_str(local_name(key));
        html.push_str("=\"");
        push_escaped(html, &value);
        html.push('"');
    }
    html.push_str(close);
    html.push('>');
}

/// `</name>`.
fn push_end(html: &mut String, name: &str) {
    html.push_str("</");
    html.push_str(name);
    html.push('>');
}

/// `xhtml:p` → `p`: XHTML content may name its elements with any prefix.
fn local_name(qualified: &str) -> &str {
    qualified.rsplit(':').next().unwrap_or(qualified)
}

fn push_escaped(html: &mut String, text: &str) {
    html.push_str(&quick_xml::escape::escape(text));
}

/// Items without notes and items whose guid another item already has become diagnostics.
fn check_item(
    item: &Item,
    guids: &mut HashMap<String, usize>,
    source: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let at = |d: Diagnostic| match item.line {
        Some(line) => d.at_line(line),
        None => d,
    };
    if item.notes.is_none() {
        let title = item.title.as_deref().unwrap_or("untitled");
        let message = format!("{} (\"{title}\") has no notes; left out", item.place());
        diags.push(at(Diagnostic::new(Severity::Skipped, source, message)));
    }
    if let Some(guid) = &item.guid {
        if let Some(first) = guids.get(guid) {
            let message = format!(
                "{} has the guid \"{guid}\" of item {first} already",
                item.place()
            );
            diags.push(at(Diagnostic::new(Severity::Warning, source, message)));
        } else {
            guids.insert(guid.clone(), item.ordinal);
        }
    }
}

/// Reads a JSON Feed (version 1 or 1.1). Malformed JSON gives no items and a diagnostic with
/// its line; an item that is not an object is reported and skipped.
pub fn read_json(text: &str, source: &str, on_item: &mut dyn FnMut(Item)) -> FeedRead {
    use serde_json::Value;
    let mut read = FeedRead::default();
    let json: Value = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(err) => {
            let json = salvage(text);
            let kept = json
                .get("items")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let message =
                format!("malformed JSON Feed: {err}; the {kept} items before the damage are read");
            let d = Diagnostic::new(Severity::Skipped, source, message);
            read.diagnostics.push(d.at_line(err.line()));
            json
        }
    };
    let s = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .map(collapse)
            .filter(|t| !t.is_empty())
    };
    read.channel = Channel {
        title: s(&json, "title"),
        link: s(&json, "home_page_url"),
        author: json_author(&json),
        hosts: Vec::new(),
    };
    let mut guids = HashMap::new();
    let items = json.get("items").and_then(Value::as_array);
    for (i, value) in items.into_iter().flatten().enumerate() {
        if !value.is_object() {
            let message = format!("item {} is not an object; skipped", i + 1);
            read.diagnostics
                .push(Diagnostic::new(Severity::Skipped, source, message));
            continue;
        }
        let mut item = Item {
            ordinal: i + 1,
            guid: value.get("id").map(|id| match id {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            title: s(value, "title"),
            link: s(value, "url"),
            date: s(value, "date_published").or_else(|| s(value, "date_modified")),
            ..Item::default()
        };
        if let Some(html) = value.get("content_html").and_then(Value::as_str) {
            item.offer_notes(Notes::Html(html.to_string()), 3);
        }
        if let Some(text) = value.get("content_text").and_then(Value::as_str) {
            item.offer_notes(Notes::Text(text.to_string()), 2);
        }
        if let Some(summary) = value.get("summary").and_then(Value::as_str) {
            item.offer_notes(Notes::Text(summary.to_string()), 1);
        }
        read.items += 1;
        check_item(&item, &mut guids, source, &mut read.diagnostics);
        on_item(item);
    }
    read
}

fn json_author(json: &serde_json::Value) -> Option<String> {
    let first = json
        .get("authors")
        .and_then(|a| a.get(0))
        .or_else(|| json.get("author"))?;
    first
        .get("name")
        .and_then(serde_json::Value::as_str)
        .map(collapse)
}

/// A Podcasting 2.0 JSON chapters file: `{"chapters": [{"startTime": 0, "title": "…"}]}`.
/// Chapters flagged `"toc": false` are left out.
pub fn chapters_json(text: &str) -> Result<Vec<Chapter>, String> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let chapters = json
        .get("chapters")
        .and_then(serde_json::Value::as_array)
        .ok_or("no \"chapters\" list")?;
    Ok(chapters
        .iter()
        .filter(|c| c.get("toc").and_then(serde_json::Value::as_bool) != Some(false))
        .filter_map(|c| {
            let start = c.get("startTime")?.as_f64()?;
            let title = c.get("title").and_then(serde_json::Value::as_str)?;
            (start >= 0.0).then(|| Chapter {
                start: start as u32,
                title: collapse(title),
            })
        })
        .collect())
}

/// `90`, `1:30`, `01:01:30.500` in whole seconds: chapter starts and `itunes:duration` alike.
/// More than hours, minutes and seconds is no time.
pub fn clock_seconds(text: &str) -> Option<u32> {
    let text = text.trim();
    let whole = text.split('.').next()?;
    if whole.split(':').count() > 3 {
        return None;
    }
    let mut total: u32 = 0;
    for part in whole.split(':') {
        total = total.checked_mul(60)?.checked_add(part.parse().ok()?)?;
    }
    Some(total)
}

/// `3695` → `1:01:35`: chapter lines as the notes' own timestamps are written.
pub fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

fn title_number() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:(?:episode|ep\.?)\s*#?\s*|#\s*)(?P<n>\d{1,5})\b\s*(?:[:\-–—|.]\s*)?(?P<rest>.*)$|^(?P<m>\d{1,5})\s*[:\-–—|]\s*(?P<tail>.*)$",
        )
        .expect("the title-number pattern is valid")
    })
}

/// "#122: Title", "Episode 122 - Title", "122 - Title": the number and the rest of the title.
/// A bare year before a separator ("2024: A look back") is no number.
pub fn number_from_title(title: &str) -> Option<(u32, String)> {
    let caps = title_number().captures(title.trim())?;
    let (n, rest) = match (caps.name("n"), caps.name("m")) {
        (Some(n), _) => (n, caps.name("rest")),
        (None, Some(m)) => (m, caps.name("tail")),
        _ => return None,
    };
    let number: u32 = n.as_str().parse().ok()?;
    if caps.name("m").is_some() && (1900..=2100).contains(&number) {
        return None;
    }
    Some((number, rest.map_or("", |r| r.as_str().trim()).to_string()))
}

/// What an item says about its episode: the feed's number wins over the title's; the title
/// loses a leading "#122:"; an unnumbered item's slug is its page's last path part, else its
/// title's, so its id is stable across feed reorderings.
pub fn item_meta(item: &Item) -> Meta {
    let explicit = item.episode.as_deref().and_then(|e| e.trim().parse().ok());
    let parsed = item.title.as_deref().and_then(number_from_title);
    // "#12: Title" is titled "Title"; "Episode 12" alone is no title (the notes' title line
    // may give one); a title whose number is not the episode's is kept whole.
    let title = match &parsed {
        Some((n, rest)) if explicit.is_none_or(|e| e == *n) => {
            Some(rest.clone()).filter(|r| !r.is_empty())
        }
        _ => item.title.clone(),
    };
    let number = explicit.or(parsed.map(|(n, _)| n));
    let slug = item
        .link
        .as_deref()
        .and_then(link_slug)
        .or_else(|| title.as_deref().map(slugify))
        .filter(|s| !s.is_empty());
    Meta {
        number,
        season: item.season.as_deref().and_then(|s| s.trim().parse().ok()),
        title,
        date: item.date.as_deref().and_then(date::parse),
        slug,
        duration: item.duration.as_deref().and_then(clock_seconds),
        guests: item
            .people
            .iter()
            .filter(|p| !p.is_host())
            .map(|p| p.name.clone())
            .collect(),
        ..Meta::default()
    }
}

/// What a JSON Feed broken partway still holds: the top-level members before the damage and,
/// if the damage is inside `items`, the items before it. Each value is read whole by serde_json
/// (a stream deserializer reads one value and says where it ended), so nothing half-read is kept.
fn salvage(text: &str) -> serde_json::Value {
    let mut members = serde_json::Map::new();
    let _ = salvage_members(text, &mut members);
    serde_json::Value::Object(members)
}

fn salvage_members(
    text: &str,
    members: &mut serde_json::Map<String, serde_json::Value>,
) -> Option<()> {
    let mut rest = text.trim_start().strip_prefix('{')?;
    loop {
        rest = skip_separators(rest);
        let (key, after) = next_json::<String>(rest)?;
        rest = after.trim_start().strip_prefix(':')?;
        if key == "items" {
            rest = salvage_items(rest, members)?;
        } else {
            let (value, after) = next_json::<serde_json::Value>(rest)?;
            members.insert(key, value);
            rest = after;
        }
    }
}

/// Reads `[item, item, …` up to the closing bracket or the damage; the items go in `members`.
fn salvage_items<'a>(
    text: &'a str,
    members: &mut serde_json::Map<String, serde_json::Value>,
) -> Option<&'a str> {
    let mut rest = text.trim_start().strip_prefix('[')?;
    let mut items = Vec::new();
    let end = loop {
        rest = skip_separators(rest);
        if let Some(after) = rest.strip_prefix(']') {
            break Some(after);
        }
        match next_json::<serde_json::Value>(rest) {
            Some((item, after)) => {
                items.push(item);
                rest = after;
            }
            None => break None,
        }
    };
    members.insert("items".to_string(), serde_json::Value::Array(items));
    end
}

fn skip_separators(text: &str) -> &str {
    text.trim_start_matches(|c: char| c == ',' || c.is_whitespace())
}

/// One whole JSON value at the start of `text`, and what follows it.
fn next_json<T: serde::de::DeserializeOwned>(text: &str) -> Option<(T, &str)> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<T>();
    let value = stream.next()?.ok()?;
    Some((value, &text[stream.byte_offset()..]))
}

/// The last path part of an episode page's URL, unless it is only a number.
fn link_slug(link: &str) -> Option<String> {
    let path = link.split(['?', '#']).next()?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    let last = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    let is_site = path.trim_end_matches('/').matches('/').count() <= 2;
    (!is_site && !last.bytes().all(|b| b.is_ascii_digit())).then(|| slugify(last))
}

/// A title as written, its lines joined: spaces inside a line are the author's, the indentation
/// of a pretty-printed feed is not.
fn one_line(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" ")
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {

    #[test]
    fn durations_in_each_form() {
        let cases = [
            ("41:07", Some(2467)),
            ("1:02:03", Some(3723)),
            ("3600", Some(3600)),
            (" 5:00 ", Some(300)),
            ("", None),
            ("1::2", None),
            ("an hour", None),
            ("1:2:3:4", None),
        ];
        for (text, expected) in cases {
            assert_eq!(super::clock_seconds(text), expected, "{text:?}");
        }
    }
    use super::*;

    fn items(xml: &str) -> (Vec<Item>, FeedRead) {
        let mut items = Vec::new();
        let read = read_xml(xml.as_bytes(), "f.xml", &mut |i| items.push(i));
        (items, read)
    }

    #[test]
    fn numbers_from_titles() {
        let cases = [
            ("#122: Give me back", Some((122, "Give me back"))),
            ("Episode 7 - Seven", Some((7, "Seven"))),
            ("Ep. 12: Twelve", Some((12, "Twelve"))),
            ("122 - Title", Some((122, "Title"))),
            ("Episode 40", Some((40, ""))),
            ("2024: A look back", None),
            ("100 Days of Code", None),
            ("Just a title", None),
        ];
        for (title, expected) in cases {
            let got = number_from_title(title);
            let expected = expected.map(|(n, t)| (n, t.to_string()));
            assert_eq!(got, expected, "{title}");
        }
    }

    #[test]
    fn rss_items_with_itunes_and_podcast_tags() {
        let xml = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel>
  <title>Tiny Show</title><link>https://tiny.example/</link>
  <image><title>Logo</title><link>https://img.example/</link></image>
  <itunes:author>Ada Quill</itunes:author>
  <podcast:person role="host" href="https://ada.example">Ada Quill</podcast:person>
  <item>
    <title>#3: Third &amp; last</title>
    <itunes:episode>3</itunes:episode><itunes:season>1</itunes:season>
    <pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate>
    <link>https://tiny.example/3</link><guid>t3</guid>
    <description>short</description>
    <content:encoded><![CDATA[<p>Long <b>notes</b></p>]]></content:encoded>
    <podcast:person role="guest" href="https://bo.example">Bo Lin</podcast:person>
    <podcast:chapters url="chapters/3.json" type="application/json+chapters"/>
    <podcast:transcript url="https://cdn.example/3.vtt" type="text/vtt"/>
  </item>
</channel></rss>"#;
        let (items, read) = items(xml);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        assert_eq!(read.channel.title.as_deref(), Some("Tiny Show"));
        assert_eq!(read.channel.link.as_deref(), Some("https://tiny.example/"));
        assert_eq!(read.channel.hosts.len(), 1);
        let item = &items[0];
        assert_eq!(
            item.notes,
            Some(Notes::Html("<p>Long <b>notes</b></p>".into()))
        );
        assert_eq!(item.line, Some(10));
        assert_eq!(item.chapters_url.as_deref(), Some("chapters/3.json"));
        assert_eq!(item.transcripts, ["https://cdn.example/3.vtt"]);
        let meta = item_meta(item);
        assert_eq!(meta.number, Some(3));
        assert_eq!(meta.season, Some(1));
        assert_eq!(meta.title.as_deref(), Some("Third & last"));
        assert_eq!(meta.date.as_deref(), Some("2024-03-05"));
        assert_eq!(meta.guests, ["Bo Lin"]);
    }

    #[test]
    fn atom_entries() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<link rel="self" href="https://a.example/feed"/><link href="https://a.example/"/>
<entry><title>Dated post</title><link rel="alternate" href="https://a.example/posts/dated-post/"/>
<id>urn:1</id><updated>2023-01-02T00:00:00Z</updated><published>2023-01-01T10:00:00+02:00</published>
<summary>sum</summary><content type="html">&lt;p&gt;body&lt;/p&gt;</content></entry></feed>"#;
        let (items, read) = items(xml);
        assert_eq!(read.channel.link.as_deref(), Some("https://a.example/"));
        let meta = item_meta(&items[0]);
        assert_eq!(items[0].notes, Some(Notes::Html("<p>body</p>".into())));
        assert_eq!(meta.number, None);
        assert_eq!(meta.date.as_deref(), Some("2023-01-01"));
        assert_eq!(meta.slug.as_deref(), Some("dated-post"));
    }

    #[test]
    fn atom_xhtml_content_keeps_its_markup() {
        let cases = [
            // Default namespace; attributes, an empty element, a predefined entity re-escaped.
            (
                r#"<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><h2>Topics</h2><ul><li><a href="https://x.example/?a=1&amp;b=2">ruff</a> &amp; <b>rich</b><br/></li></ul></div></content>"#,
                r#"<div><h2>Topics</h2><ul><li><a href="https://x.example/?a=1&amp;b=2">ruff</a> &amp; <b>rich</b><br/></li></ul></div>"#,
            ),
            // A prefixed namespace: the prefix is dropped, the declaration too.
            (
                r#"<content type="xhtml"><x:div xmlns:x="http://www.w3.org/1999/xhtml"><x:p>a &lt;tag&gt; &#233;</x:p></x:div></content>"#,
                "<div><p>a &lt;tag&gt; é</p></div>",
            ),
            // An xhtml summary is notes too, below content.
            (
                r#"<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>s</p></div></summary>"#,
                "<div><p>s</p></div>",
            ),
            // Only void elements stay empty in HTML: an empty iframe would swallow the rest.
            (
                r#"<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="v"/><img src="i"/><p>after</p></div></content>"#,
                r#"<div><iframe src="v"></iframe><img src="i"/><p>after</p></div>"#,
            ),
            // HTML entities are left to the HTML reader; words around them stay apart.
            (
                r#"<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">a&nbsp;b&mdash;c</div></content>"#,
                "<div>a&nbsp;b&mdash;c</div>",
            ),
        ];
        for (content, html) in cases {
            let xml = format!(
                r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>t</title><id>1</id>{content}</entry><entry><title>after</title><id>2</id><content>plain</content></entry></feed>"#
            );
            let (items, read) = items(&xml);
            assert_eq!(items.len(), 2, "{content}: {:?}", read.diagnostics);
            assert_eq!(items[0].notes, Some(Notes::Html(html.into())), "{content}");
            // The next entry is read as before: the capture ended with its element.
            assert_eq!(items[1].title.as_deref(), Some("after"));
            assert_eq!(items[1].notes, Some(Notes::Html("plain".into())));
        }
    }

    #[test]
    fn inline_chapters_and_json_chapters() {
        let xml = r#"<rss><channel><item><title>x</title><description>d</description>
<psc:chapters><psc:chapter start="0" title="Intro"/><psc:chapter start="00:01:05.5" title="Main"/></psc:chapters>
</item></channel></rss>"#;
        let (items, _) = items(xml);
        assert_eq!(items[0].chapters.len(), 2);
        assert_eq!(
            items[0].chapters[1],
            Chapter {
                start: 65,
                title: "Main".into()
            }
        );
        let json = r#"{"version":"1.2.0","chapters":[{"startTime":0,"title":"A"},{"startTime":90.5,"title":"B"},{"startTime":99,"title":"hidden","toc":false}]}"#;
        let chapters = chapters_json(json).expect("valid chapters");
        assert_eq!(chapters.len(), 2);
        assert_eq!(clock(chapters[1].start), "01:30");
        assert!(chapters_json("{}").is_err());
    }

    #[test]
    fn json_feed_items() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://j.example",
"authors":[{"name":"Cy Dee"}],"items":[{"id":"1","title":"Episode 9: Nine","content_html":"<p>n</p>","date_published":"2022-02-02T00:00:00Z"},
{"id":"1","title":"Empty"}, 5]}"#;
        let mut items = Vec::new();
        let read = read_json(json, "f.json", &mut |i| items.push(i));
        assert_eq!(read.channel.author.as_deref(), Some("Cy Dee"));
        assert_eq!(items.len(), 2);
        assert_eq!(item_meta(&items[0]).number, Some(9));
        let messages: Vec<&str> = read
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("no notes")));
        assert!(messages.iter().any(|m| m.contains("guid")));
        assert!(messages.iter().any(|m| m.contains("not an object")));
    }

    #[test]
    fn json_damage_keeps_the_items_before_it() {
        let json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\n\"items\":[\n{\"id\":\"1\",\"title\":\"one\",\"content_text\":\"a\"},\n{\"id\":\"2\",\"title\":\"two\",\"content_text\":\"b\"},\n{\"id\":\"3\",\"title\":\"thr";
        let mut items = Vec::new();
        let read = read_json(json, "f.json", &mut |i| items.push(i));
        let titles: Vec<_> = items.iter().map(|i| i.title.clone().unwrap()).collect();
        assert_eq!(titles, ["one", "two"]);
        assert_eq!(read.channel.title.as_deref(), Some("J"));
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert_eq!(read.diagnostics[0].line, Some(5));
        assert!(read.diagnostics[0].message.contains("2 items"));
        // Damage before the items keeps what came before it, and no item.
        let mut none = Vec::new();
        let read = read_json("{\"title\":\"J\",\"items\" [", "f.json", &mut |i| {
            none.push(i)
        });
        assert!(none.is_empty());
        assert_eq!(read.channel.title.as_deref(), Some("J"));
    }

    #[test]
    fn damage_keeps_the_items_before_it() {
        let xml = "<rss><channel>\n<item><title>one</title><description>a</description></item>\n<item><title>two</title><description>b</descr";
        let (items, read) = items(xml);
        assert_eq!(items.len(), 1);
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert_eq!(read.diagnostics[0].line, Some(3));
    }

    #[test]
    fn not_a_feed() {
        let (items, read) = items("<urlset><url>x</url></urlset>");
        assert!(items.is_empty());
        assert!(read.diagnostics[0].message.contains("not a feed"));
    }
}
