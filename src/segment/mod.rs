//! Segment: one document's blocks in, an episode with its segments out.
//!
//! Finds the episode number and title (title line, else file name; a transcript title is filled
//! in later by the caller) and walks the blocks once, opening a segment at each header the notes'
//! own structure gives: numbered items (`topic`, with their host), section headings and lines
//! (`intro`, `sponsor`, `extras` and `picks` per host when marked, `joke`, `links`, `news`,
//! `guests`, `plugs`), any other heading (a `topic` titled by it) and timestamped lines
//! (`chapter`, with its start in seconds, or `sponsor` for a sponsor read). A file that is only
//! links is one `links` segment. `headers` classifies one block, `chapters` reads times, and
//! `boilerplate` flags what recurs across a show once every episode is segmented. Never fails:
//! anything odd still lands in some segment, so nothing is dropped and every block is in exactly
//! one segment, in order.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::hosts::{self, Hosts};
use crate::ingest::Document;
use crate::markup::{self, Block, BlockKind};

pub mod boilerplate;
mod chapters;
mod headers;

use headers::{clean_title, re, Header, People, Shape};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    #[default]
    Intro,
    Topic,
    Extras,
    Joke,
    Links,
    News,
    /// A timestamped part of the episode (`5:23`, `**[09:36](#t=09:36)** Topic`).
    Chapter,
    /// The hosts' recommendations of the week, per host when marked.
    Picks,
    /// A sponsor read.
    Sponsor,
    /// Who the guests are.
    Guests,
    /// The hosts' own products and courses.
    Plugs,
}

impl SegmentKind {
    /// The kinds that carry what an episode is about: they count for related episodes and
    /// topics. Intro, sponsor, guests, plugs and jokes do not.
    pub const CONTENT: [SegmentKind; 6] = [
        SegmentKind::Topic,
        SegmentKind::News,
        SegmentKind::Extras,
        SegmentKind::Chapter,
        SegmentKind::Links,
        SegmentKind::Picks,
    ];

    pub const ALL: [SegmentKind; 11] = [
        SegmentKind::Intro,
        SegmentKind::Topic,
        SegmentKind::Extras,
        SegmentKind::Joke,
        SegmentKind::Links,
        SegmentKind::News,
        SegmentKind::Chapter,
        SegmentKind::Picks,
        SegmentKind::Sponsor,
        SegmentKind::Guests,
        SegmentKind::Plugs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SegmentKind::Intro => "intro",
            SegmentKind::Topic => "topic",
            SegmentKind::Extras => "extras",
            SegmentKind::Joke => "joke",
            SegmentKind::Links => "links",
            SegmentKind::News => "news",
            SegmentKind::Chapter => "chapter",
            SegmentKind::Picks => "picks",
            SegmentKind::Sponsor => "sponsor",
            SegmentKind::Guests => "guests",
            SegmentKind::Plugs => "plugs",
        }
    }
}

/// One part of an episode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub kind: SegmentKind,
    /// Full name of the host who presents it, when the notes say.
    pub host: Option<String>,
    /// The host as written in the header ("Brain"), when there is one.
    pub host_as_written: Option<String>,
    /// Item number as written (`#3`), for topics.
    pub number: Option<u32>,
    pub title: String,
    pub url: Option<String>,
    /// The episode's blocks that belong to this segment, header first.
    pub blocks: Range<usize>,
    /// First and last line of the segment in the file.
    pub lines: (usize, usize),
    /// Where a chapter starts, in seconds.
    pub start: Option<u32>,
    /// Recurs across much of the show; set after all episodes are segmented.
    pub boilerplate: bool,
}

/// An episode: what the notes say about it and its segments in order. Serialized without its
/// blocks, which only segmentation and extraction read (see [`crate::record`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Episode {
    pub source: String,
    /// Which show of the corpus (`ingest::Corpus::shows`) it belongs to.
    pub show: usize,
    pub number: Option<u32>,
    /// Another number the file gave (its name, against its front matter), for duplicates.
    pub alt_number: Option<u32>,
    pub season: Option<u32>,
    /// Length in seconds, when the feed says.
    #[serde(default)]
    pub duration: Option<u32>,
    /// ISO 8601 day of publication.
    pub date: Option<String>,
    /// The file name's (or front matter's) slug: with the date, an unnumbered episode's identity.
    pub slug: Option<String>,
    pub title: Option<String>,
    /// The block holding the title line ("# Python Bytes #122: …"), if one was found.
    pub title_block: Option<usize>,
    #[serde(skip)]
    pub blocks: Vec<Block>,
    pub segments: Vec<Segment>,
}

impl Episode {
    /// The blocks of one segment.
    pub fn segment_blocks(&self, segment: &Segment) -> &[Block] {
        &self.blocks[segment.blocks.clone()]
    }
}

fn title_line() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^(?:python\s*bytes(?:\s+episode)?|pb|episode)?\s*#?\s*(?P<n>\d{1,5})\b\s*(?:[:\-–—|]\s*(?P<title>.*))?$",
    )
}

/// Splits a document into an episode. Host names resolve against `hosts` and the episode's text.
/// The number, date and title of the document's metadata (front matter, file name) win over
/// what the notes' title line says: a number in the body is only used when nothing else gives one.
pub fn split(doc: &Document, hosts: &Hosts) -> (Episode, Vec<Diagnostic>) {
    let blocks = markup::blocks(&doc.text, doc.format);
    let diags = Vec::new();
    let (title_block, number, title) = find_title(&blocks);
    let meta = &doc.meta;
    let segments = split_segments(&blocks, hosts, &doc.text);
    let episode = Episode {
        source: doc.source.clone(),
        show: doc.show,
        // A dated post is numbered only by its front matter or an explicit name: a number in a
        // heading of its body is a list item or a year, not the episode.
        number: meta.number.or(number.filter(|_| meta.date.is_none())),
        alt_number: meta.name_number,
        season: meta.season,
        duration: meta.duration,
        date: meta.date.clone(),
        slug: meta.slug.clone(),
        title: meta.title.clone().or(title),
        title_block,
        blocks,
        segments,
    };
    (episode, diags)
}

/// The title line is one of the first blocks: a heading, or a page's `#122: Title` line.
fn find_title(blocks: &[Block]) -> (Option<usize>, Option<u32>, Option<String>) {
    for (index, block) in blocks.iter().enumerate().take(8) {
        if block.kind == BlockKind::Code || matches!(block.kind, BlockKind::Item(_)) {
            continue;
        }
        let text = block.text.trim().trim_matches('*').trim();
        if let Some(caps) = title_line().captures(text) {
            let heading_like = matches!(block.kind, BlockKind::Heading(_)) || text.starts_with('#');
            if !heading_like && caps.name("title").is_none() {
                continue;
            }
            let number = caps["n"].parse().ok();
            let title = caps
                .name("title")
                .map(|t| clean_title(t.as_str()))
                .filter(|t| !t.is_empty());
            return (Some(index), number, title);
        }
    }
    (None, None, None)
}

/// The walk's state: what is open, and what has been learnt about the episode so far.
struct Splitter<'a> {
    blocks: &'a [Block],
    hosts: &'a Hosts,
    text: &'a str,
    segments: Vec<Segment>,
    /// The section that follows headers (`Extras`, `Picks`) until the next topic.
    section: Option<SegmentKind>,
    news_items: bool,
    /// The open segment began at a header line inside the text (`**Brian #1:**`, `**Joke**`),
    /// not at a heading: headings and timestamps that follow belong to it (a quoted outline, a
    /// video's own chapters), as in notes built from numbered items.
    inline_open: bool,
    /// A `Show Notes` heading that so far only frames what follows.
    container: Option<usize>,
    /// Short host names already resolved in this episode: the text is scanned once per name.
    resolved: std::cell::RefCell<Vec<(String, String)>>,
}

/// Blocks in, segments out: every block lands in exactly one segment, in order.
fn split_segments(blocks: &[Block], hosts: &Hosts, text: &str) -> Vec<Segment> {
    let mut s = Splitter {
        blocks,
        hosts,
        text,
        segments: Vec::new(),
        section: None,
        news_items: false,
        inline_open: false,
        container: None,
        resolved: std::cell::RefCell::new(Vec::new()),
    };
    s.start(SegmentKind::Intro, 0, None, None, "Intro".to_string());
    for index in 0..blocks.len() {
        s.block(index);
    }
    s.close_last();
    s.segments.retain(|seg| !seg.blocks.is_empty());
    mark_link_list(blocks, &mut s.segments);
    s.segments
}

/// A file that is only a list of links (no headings, no header of any kind) is one `links`
/// segment rather than an intro.
fn mark_link_list(blocks: &[Block], segments: &mut [Segment]) {
    let only_links = !blocks.is_empty()
        && blocks
            .iter()
            .all(|b| !b.links.is_empty() && !matches!(b.kind, BlockKind::Heading(_)));
    if let [only] = segments {
        if only_links && only.kind == SegmentKind::Intro {
            only.kind = SegmentKind::Links;
            only.title = "Links".to_string();
        }
    }
}

impl Splitter<'_> {
    fn block(&mut self, index: usize) {
        let header = self.header(index);
        if header.is_none() {
            // Plain content under a `Show Notes` heading: the heading keeps a topic of its own.
            self.container = None;
        }
        let Some(header) = header else { return };
        let inline = !matches!(self.blocks[index].kind, BlockKind::Heading(_));
        match header {
            Header::Topic {
                host,
                number,
                title,
            } => {
                self.topic(index, host, number, title);
                self.inline_open = inline;
            }
            Header::Section(SegmentKind::Intro, _)
                if self
                    .segments
                    .last()
                    .is_some_and(|s| s.kind == SegmentKind::Intro) => {}
            Header::Section(kind, host) => {
                self.section_start(index, kind, host);
                self.inline_open = inline;
            }
            Header::Container | Header::Heading(_) | Header::Chapter { .. } => {
                self.outline_start(index, header);
                self.inline_open = false;
            }
            Header::HostLabel { host, rest } => self.host_label(index, &host, &rest),
            Header::NewsItems => {
                self.news_items = true;
            }
        }
    }

    fn section_start(&mut self, index: usize, kind: SegmentKind, host: Option<String>) {
        let host = host.and_then(|h| self.resolve_host(&h).map(|(full, _)| full));
        self.section = Some(kind).filter(|k| *k != SegmentKind::Intro);
        let title = section_title(&self.blocks[index]);
        self.start(kind, index, host, None, title);
    }

    /// A heading, a container or a chapter: the parts of notes structured by outline or time.
    fn outline_start(&mut self, index: usize, header: Header) {
        self.section = None;
        match header {
            Header::Container => {
                let title = clean_title(&self.blocks[index].text);
                self.start(SegmentKind::Topic, index, None, None, title);
                self.container = Some(index);
            }
            Header::Heading(title) => self.start(SegmentKind::Topic, index, None, None, title),
            Header::Chapter { start, title } => {
                let title = if title.is_empty() {
                    self.next_title(index)
                } else {
                    title
                };
                let kind = if headers::is_sponsor_read(&title) {
                    SegmentKind::Sponsor
                } else {
                    SegmentKind::Chapter
                };
                self.start(kind, index, None, None, title);
                if let Some(seg) = self.segments.last_mut() {
                    seg.start = Some(start);
                }
            }
            _ => {}
        }
    }

    /// `Michael:` in extras or `Scott: [Pick](…)` in picks: the section's part by that host.
    fn host_label(&mut self, index: usize, host: &str, rest: &str) {
        let kind = self.section.unwrap_or(SegmentKind::Extras);
        let resolved = self.resolve_host(host);
        let full = resolved.as_ref().map(|r| r.0.clone());
        let last = self.segments.last();
        if kind == SegmentKind::Picks && last.is_some_and(|s| s.kind == kind && s.host == full) {
            return;
        }
        let title = match (kind, rest.is_empty()) {
            (SegmentKind::Picks, false) => clean_title(rest),
            _ => format!("{} from {host}", kind_title(kind)),
        };
        // "Extras" then "Michael:" at once: the first host's part keeps the section header.
        let bare_header =
            last.is_some_and(|s| s.kind == kind && s.host.is_none() && s.blocks.start + 1 == index);
        if bare_header {
            if let Some(seg) = self.segments.last_mut() {
                seg.title = title;
            }
        } else {
            self.start(kind, index, None, None, title);
        }
        if let (Some(seg), Some((full, written))) = (self.segments.last_mut(), resolved) {
            seg.host = Some(full);
            seg.host_as_written = Some(written);
        }
    }

    fn topic(&mut self, index: usize, host: Option<String>, number: Option<u32>, title: String) {
        let block = &self.blocks[index];
        let title = if title.is_empty() {
            self.next_title(index)
        } else {
            title
        };
        // "Brian #3: Extra, Extra, Extra" is the extras under a topic's clothes.
        let kind = if title.to_lowercase().starts_with("extra") {
            SegmentKind::Extras
        } else {
            SegmentKind::Topic
        };
        let resolved = host.as_deref().and_then(|h| self.resolve_host(h));
        let url = block.links.first().map(|l| l.url.clone());
        self.section = None;
        self.start(
            kind,
            index,
            resolved.as_ref().map(|r| r.0.clone()),
            number,
            title,
        );
        if let Some(seg) = self.segments.last_mut() {
            seg.host_as_written = resolved.map(|r| r.1).or(host);
            seg.url = url;
        }
    }

    /// `**Brian #1:**` or `5:23` alone on its line: the title is the next block.
    fn next_title(&self, index: usize) -> String {
        self.blocks
            .get(index + 1)
            .filter(|b| !matches!(b.kind, BlockKind::Code))
            .map(|b| clean_title(&b.text))
            .unwrap_or_default()
    }

    fn start(
        &mut self,
        kind: SegmentKind,
        index: usize,
        host: Option<String>,
        number: Option<u32>,
        title: String,
    ) {
        // A `Show Notes` heading right above joins the segment it frames.
        let first = match self.container.take() {
            Some(c) if c + 1 == index => {
                self.segments.pop();
                c
            }
            _ => index,
        };
        self.close_last_at(first);
        let line = self.blocks.get(first).map_or(1, |b| b.line);
        self.segments.push(Segment {
            kind,
            host,
            host_as_written: None,
            number,
            title,
            url: None,
            blocks: first..first,
            lines: (line, line),
            start: None,
            boilerplate: false,
        });
    }

    fn close_last_at(&mut self, index: usize) {
        if let Some(last) = self.segments.last_mut() {
            last.blocks.end = index;
            if let Some(end) = index.checked_sub(1).and_then(|i| self.blocks.get(i)) {
                last.lines.1 = end.line.max(last.lines.0);
            }
            if last.url.is_none() {
                last.url = self.blocks[last.blocks.clone()]
                    .iter()
                    .flat_map(|b| b.links.first())
                    .map(|l| l.url.clone())
                    .next();
            }
        }
    }

    fn close_last(&mut self) {
        self.close_last_at(self.blocks.len());
        if let Some(last) = self.segments.last_mut() {
            let end_line = self.text.lines().count().max(last.lines.0);
            last.lines.1 = last
                .lines
                .1
                .max(self.blocks.last().map_or(end_line, |b| b.line));
        }
    }

    /// Full name and as-written form of a host's short name, when it can be resolved.
    fn resolve_host(&self, short: &str) -> Option<(String, String)> {
        if let Some((_, full)) = self.resolved.borrow().iter().find(|(s, _)| s == short) {
            return Some((full.clone(), short.to_string()));
        }
        // A full name as written ("Anthony Shaw") is already the name.
        let full = self
            .hosts
            .lookup(short)
            .map(str::to_string)
            .or_else(|| {
                (!short.contains(' '))
                    .then(|| hosts::full_name_in(short, self.text))
                    .flatten()
            })
            .or_else(|| self.hosts.lookup_misspelt(short).map(str::to_string))
            .unwrap_or_else(|| short.to_string());
        self.resolved
            .borrow_mut()
            .push((short.to_string(), full.clone()));
        Some((full, short.to_string()))
    }

    fn header(&self, index: usize) -> Option<Header> {
        let block = &self.blocks[index];
        if matches!(block.kind, BlockKind::Code) {
            return None;
        }
        // A listener's question after its time can run long; no other header does.
        if block.text.len() > 400 {
            return headers::chapter(&block.text).filter(|_| !self.inline_open);
        }
        // Emphasis markdown could not pair (`**B****rian #**3:`) stays as literal asterisks.
        let unstarred;
        let text = if block.text.contains('*') {
            unstarred = block.text.replace('*', "");
            unstarred.trim()
        } else {
            block.text.trim()
        };
        let shape = Shape {
            text,
            starts_bold: block.strong.first().is_some_and(|r| r.start == 0)
                || block.links.first().is_some_and(|l| l.range.start == 0),
            is_item: matches!(block.kind, BlockKind::Item(_)),
        };
        let people = People {
            hosts: self.hosts,
            text: self.text,
        };
        headers::numbered_topic(&shape, &people)
            .or_else(|| self.outline_header(text, index))
            .or_else(|| self.section_part(text, block))
    }

    /// A chapter line or a heading, unless a header line inside the text holds them.
    fn outline_header(&self, text: &str, index: usize) -> Option<Header> {
        if self.inline_open {
            return None;
        }
        if let Some(chapter) = headers::chapter(text) {
            return Some(chapter);
        }
        let block = &self.blocks[index];
        let is_title = index == 0 || title_line().is_match(text.trim_start_matches('#').trim());
        let heading = matches!(block.kind, BlockKind::Heading(_)) && !is_title;
        // A host's name as a heading ("### Brian" under "Our news") labels a part, not a topic.
        let known = headers::section_header(text, block).is_some()
            || headers::host_label(text).is_some_and(|h| self.is_host(&h))
            || is_news_items(text);
        (heading && !known).then(|| Header::Heading(clean_title(text)))
    }

    /// Section headers, host labels and unnumbered items: what is not a numbered item or outline.
    fn section_part(&self, text: &str, block: &Block) -> Option<Header> {
        if matches!(block.kind, BlockKind::Item(_)) {
            return self.label(text);
        }
        if let Some(section) = headers::section_header(text, block) {
            return Some(section);
        }
        if let Some(label) = self.label(text) {
            return Some(label);
        }
        if is_news_items(text) {
            return Some(Header::NewsItems);
        }
        self.unnumbered_topic(text, block)
    }

    /// A host's label inside extras (`Michael:` alone) or picks (`Scott: [Pick](…)`).
    fn label(&self, text: &str) -> Option<Header> {
        let is_host = |name: &str| self.is_host(name);
        if self.section == Some(SegmentKind::Picks) {
            let (host, rest) = headers::host_line(text)
                .map(|(h, r)| (h, r.to_string()))
                .or_else(|| headers::host_label(text).map(|h| (h, String::new())))?;
            let known = is_host(&host) || self.hosts.lookup_misspelt(&host).is_some();
            return known.then_some(Header::HostLabel { host, rest });
        }
        if self.section == Some(SegmentKind::Extras) || self.in_extras() {
            let host = headers::host_label(text).filter(|h| is_host(h))?;
            return Some(Header::HostLabel {
                host,
                rest: String::new(),
            });
        }
        None
    }

    /// A host of the show, or a speaker who already presented an item of this episode.
    fn is_host(&self, name: &str) -> bool {
        self.hosts.lookup(name).is_some() || self.is_episode_host(name)
    }

    fn in_extras(&self) -> bool {
        self.segments
            .last()
            .is_some_and(|s| s.kind == SegmentKind::Extras)
    }

    fn is_episode_host(&self, short: &str) -> bool {
        self.segments
            .iter()
            .any(|s| s.host_as_written.as_deref() == Some(short))
    }

    /// Early episodes list items as bold links under `## News items`; a few later ones slip in an
    /// unnumbered bold item (`**Microsoft buys GitHub**:`) between numbered ones.
    fn unnumbered_topic(&self, text: &str, block: &Block) -> Option<Header> {
        if block.kind != BlockKind::Paragraph || text.len() > 200 {
            return None;
        }
        let covered = block
            .links
            .iter()
            .map(|l| l.range.len())
            .max()
            .unwrap_or(0)
            .max(block.strong.iter().map(|r| r.len()).max().unwrap_or(0));
        let whole = covered * 10 >= text.trim_end_matches(':').len() * 8
            && block.strong.first().is_some_and(|r| r.start == 0);
        let after_topics = self.section.is_none()
            && self
                .segments
                .iter()
                .any(|s| s.kind == SegmentKind::Topic && s.number.is_some());
        if whole
            && (self.news_items && self.section.is_none() || after_topics && text.ends_with(':'))
        {
            let title = block
                .links
                .first()
                .filter(|l| l.range.start == 0)
                .map(|l| block.link_text(l))
                .unwrap_or(text);
            return Some(Header::Topic {
                host: None,
                number: None,
                title: clean_title(title),
            });
        }
        None
    }
}

fn is_news_items(text: &str) -> bool {
    text.eq_ignore_ascii_case("news items") || text.eq_ignore_ascii_case("news")
}

fn kind_title(kind: SegmentKind) -> &'static str {
    match kind {
        SegmentKind::Picks => "Picks",
        _ => "Extras",
    }
}

/// A section's title: what follows its keyword (`Joke: Proud parents`), else the keyword itself.
fn section_title(block: &Block) -> String {
    let text = block.text.trim();
    match text.split_once(':') {
        Some((_, rest)) if !rest.trim().is_empty() && text.len() < 200 => clean_title(rest),
        _ => clean_title(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Python Bytes hosts, written here so no test leans on a built-in table.
    pub(super) fn pb_hosts() -> Hosts {
        let table = "[[host]]\nname = \"Michael Kennedy\"\naliases = [\"Michael\", \"MK\"]\n\n[[host]]\nname = \"Brian Okken\"\naliases = [\"Brian\", \"BO\"]\n";
        Hosts::parse(table, std::path::Path::new("pb.toml")).expect("valid table")
    }

    pub(super) fn syntax_hosts() -> Hosts {
        let table = "[[host]]\nname = \"Wes Bos\"\naliases = [\"Wes\"]\n\n[[host]]\nname = \"Scott Tolinski\"\naliases = [\"Scott\"]\n\n[[host]]\nname = \"CJ Reynolds\"\naliases = [\"CJ\"]\n\n[[host]]\nname = \"Randy Rektor\"\naliases = [\"Randy\"]\n";
        Hosts::parse(table, std::path::Path::new("syntax.toml")).expect("valid table")
    }

    fn episode_with(text: &str, hosts: &Hosts) -> Episode {
        let doc = Document::markdown("t.md", text);
        split(&doc, hosts).0
    }

    fn episode(text: &str) -> Episode {
        episode_with(text, &pb_hosts())
    }

    /// (kind, host, number, title) of each segment.
    fn summary(text: &str) -> Vec<(&'static str, Option<String>, Option<u32>, String)> {
        episode(text)
            .segments
            .iter()
            .map(|s| (s.kind.as_str(), s.host.clone(), s.number, s.title.clone()))
            .collect()
    }

    fn topics(text: &str) -> Vec<(Option<String>, Option<u32>, String)> {
        episode(text)
            .segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Topic)
            .map(|s| (s.host.clone(), s.number, s.title.clone()))
            .collect()
    }

    fn check_topic(text: &str, host: Option<&str>, number: Option<u32>, title: &str) {
        let got = topics(text);
        assert_eq!(
            got,
            vec![(host.map(str::to_string), number, title.to_string())],
            "{text}"
        );
    }

    #[test]
    fn every_header_form() {
        let b = Some("Brian Okken");
        let m = Some("Michael Kennedy");
        let cases: &[(&str, Option<&str>, Option<u32>, &str)] = &[
            (
                "**Brian #1:** [**Title**](https://x.org)\n\n- body",
                b,
                Some(1),
                "Title",
            ),
            ("**Brian #1**: Title", b, Some(1), "Title"),
            ("**Brian** **#2:** Title", b, Some(2), "Title"),
            ("Michael #2: [Title](https://x.org)", m, Some(2), "Title"),
            ("C**hris #3:** Title", Some("Chris"), Some(3), "Title"),
            ("**Michael #****2****:** Title", m, Some(2), "Title"),
            (
                "## **Michael #1: [Title](https://x.org)**",
                m,
                Some(1),
                "Title",
            ),
            ("**#1 (Brian)**: Title", b, Some(1), "Title"),
            ("**#5: (Brian)**: Title", b, Some(5), "Title"),
            ("**#1 Brian:** Title", b, Some(1), "Title"),
            ("**# 6 Michael:** Title", m, Some(6), "Title"),
            ("**Michael #0:** Title", m, Some(0), "Title"),
            ("(bonus) Matt #7 Title", Some("Matt"), Some(7), "Title"),
            ("**BO 1:** Title", b, Some(1), "Title"),
            ("**Brian 5 :** Title", b, Some(5), "Title"),
            ("**10: Python 3.7:**", None, Some(10), "Python 3.7"),
            ("[**#1 Title**](https://x.org)", None, Some(1), "Title"),
            ("**Brain #3:** Title", b, Some(3), "Title"),
            ("Thomas **#3:** Title", Some("Thomas"), Some(3), "Title"),
            (
                "**Brian #1:**\n\n[**Title on its own line**](https://x.org)",
                b,
                Some(1),
                "Title on its own line",
            ),
        ];
        for (text, host, number, title) in cases {
            check_topic(text, *host, *number, title);
        }
    }

    #[test]
    fn prose_is_not_a_header() {
        let cases = [
            "Python 3: the good parts are here",
            "- Brian #1: inside a list",
            "Episode #277: we covered it",
            "See #1 for more",
        ];
        for text in cases {
            assert!(topics(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn guest_hosts_resolve_from_the_episode_text() {
        let text =
            "Special guest: **[Seth Larson](https://sethmlarson.dev)**\n\n**Seth #1:** Title\n";
        check_topic(text, Some("Seth Larson"), Some(1), "Title");
    }

    #[test]
    fn sections_around_topics() {
        let text = "# Python Bytes 12\nSponsored by X: [x](https://x.org)\n\n**Brian #1:** One\n\n- a\n\n**Extras**\n\nMichael:\n\n- thing\n\nBrian:\n\n- other\n\n**Joke:** [Funny](https://j.org)\n\n## Links\n\n- l\n\n**Our news**\n\n- n\n";
        let got = summary(text);
        let kinds: Vec<_> = got.iter().map(|s| (s.0, s.1.as_deref())).collect();
        assert_eq!(
            kinds,
            [
                ("intro", None),
                ("topic", Some("Brian Okken")),
                ("extras", Some("Michael Kennedy")),
                ("extras", Some("Brian Okken")),
                ("joke", None),
                ("links", None),
                ("news", None),
            ]
        );
        assert_eq!(got[4].3, "Funny");
    }

    #[test]
    fn unnumbered_news_items() {
        let text = "Intro words.\n\n## News items\n[**First thing**](https://a.org)\n\n- a\n\n[**Second** via gh](https://b.org)\n\n- b\n\n## Our personal news\n";
        let got = topics(text);
        assert_eq!(
            got,
            [
                (None, None, "First thing".to_string()),
                (None, None, "Second via gh".to_string())
            ]
        );
    }

    #[test]
    fn unnumbered_bold_item_between_numbered_ones() {
        let text = "**Michael #1:** One\n\n- a\n\n**Microsoft buys GitHub**:\n\n- b\n\n**Brian #2:** Two\n";
        let got: Vec<_> = topics(text).into_iter().map(|t| t.2).collect();
        assert_eq!(got, ["One", "Microsoft buys GitHub", "Two"]);
    }

    #[test]
    fn title_lines() {
        let cases = [
            ("# Python Bytes 122\n", Some(122), None),
            ("# Python Bytes Episode 7\n", Some(7), None),
            ("# PB 480\n", Some(480), None),
            ("# PB480\n", Some(480), None),
            (
                "# Python Bytes 182: PSF Survey is out!\n",
                Some(182),
                Some("PSF Survey is out!"),
            ),
            (
                "# Python Bytes 90 - Title here\n",
                Some(90),
                Some("Title here"),
            ),
            ("# #484: All our tools\n", Some(484), Some("All our tools")),
            ("# \\#461: Escaped\n", Some(461), Some("Escaped")),
            ("# 461: Plain\n", Some(461), Some("Plain")),
            ("# 12\n", Some(12), None),
            ("## Python Bytes 300\n", Some(300), None),
            (
                "Intro\n\n#122: Give Me Back My Monolith\n",
                Some(122),
                Some("Give Me Back My Monolith"),
            ),
            ("Welcome to the show. 3 things today.\n", None, None),
        ];
        for (text, number, title) in cases {
            let ep = episode(text);
            assert_eq!((ep.number, ep.title.as_deref()), (number, title), "{text}");
        }
    }

    #[test]
    fn segments_cover_every_block() {
        let text = "# PB 1\n\nhello\n\n**Brian #1:** A\n\n- x\n\n**Michael #2:** B\n\n- y\n";
        let ep = episode(text);
        let covered: usize = ep.segments.iter().map(|s| s.blocks.len()).sum();
        assert_eq!(covered, ep.blocks.len());
        assert_eq!(ep.segments[1].lines, (5, 7));
    }
    /// (kind, host, start, title) of each segment, read with the Syntax hosts.
    fn any_show(text: &str) -> Vec<(&'static str, Option<String>, Option<u32>, String)> {
        episode_with(text, &syntax_hosts())
            .segments
            .iter()
            .map(|s| (s.kind.as_str(), s.host.clone(), s.start, s.title.clone()))
            .collect()
    }

    #[test]
    fn sections_of_any_show() {
        type Row = (
            &'static str,
            Option<&'static str>,
            Option<u32>,
            &'static str,
        );
        let cases: &[(&str, &[Row])] = &[
            (
                "We talk about ovens.\n\n## Show Notes\n\n* **[00:10](#t=00:10)** Hi\n* **[01:01:35](#t=01:01:35)** Ovens\n  - [Oven](https://o.example/)\n* **[02:00](#t=02:00)** Brought to you by [Acme](https://a.example/)\n",
                &[
                    ("intro", None, None, "Intro"),
                    ("chapter", None, Some(10), "Hi"),
                    ("chapter", None, Some(3695), "Ovens"),
                    ("sponsor", None, Some(120), "Brought to you by Acme"),
                ],
            ),
            (
                "Intro words.\n\n5:23\n\n* Kettles\n* more\n\n02:25 - How it works\n\n## Acme - Sponsor\n\nBuy anvils.\n",
                &[
                    ("intro", None, None, "Intro"),
                    ("chapter", None, Some(323), "Kettles"),
                    ("chapter", None, Some(145), "How it works"),
                    ("sponsor", None, None, "Acme - Sponsor"),
                ],
            ),
            (
                "Intro words.\n\n### Sick Picks\n\n- Scott: [Cutter](https://c.example/)\n- Wes: [Scissors](https://s.example/)\n\n### Shameless Plugs\n\n- [Course](https://k.example/)\n\n### Find us\n\nWes: [X](https://x.example/)\n",
                &[
                    ("intro", None, None, "Intro"),
                    ("picks", Some("Scott Tolinski"), None, "Cutter"),
                    ("picks", Some("Wes Bos"), None, "Scissors"),
                    ("plugs", None, None, "Shameless Plugs"),
                    ("topic", None, None, "Find us"),
                ],
            ),
            (
                "[One](https://1.example/)\n[Two](https://2.example/)\n",
                &[("links", None, None, "Links")],
            ),
        ];
        for (text, expected) in cases {
            let expected: Vec<_> = expected
                .iter()
                .map(|(k, h, s, t)| (*k, h.map(str::to_string), *s, t.to_string()))
                .collect();
            assert_eq!(any_show(text), expected, "{text}");
        }
    }
}
