//! Segment: one document's blocks in, an episode with its segments out.
//!
//! Finds the episode number and title (title line, else file name; a transcript title is filled
//! in later by the caller) and splits the blocks into segments: `intro` (title block, sponsor,
//! connect-with-us), `topic` (a numbered news item, or an unnumbered early one), `extras` (per host
//! when marked), `joke`, `links` and `news`. Header patterns match the plain text of a block, so
//! bold split across a header does not matter. Never fails: anything odd becomes a diagnostic and
//! the text still lands in some segment, so nothing is dropped.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::error::Diagnostic;
use crate::hosts::{self, Hosts};
use crate::ingest::Document;
use crate::markup::{self, Block, BlockKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// An episode: what the notes say about it and its segments in order.
#[derive(Debug, Clone)]
pub struct Episode {
    pub source: String,
    /// Which show of the corpus (`ingest::Corpus::shows`) it belongs to.
    pub show: usize,
    pub number: Option<u32>,
    /// Another number the file gave (its name, against its front matter), for duplicates.
    pub alt_number: Option<u32>,
    pub season: Option<u32>,
    /// ISO 8601 day of publication.
    pub date: Option<String>,
    /// The file name's (or front matter's) slug: with the date, an unnumbered episode's identity.
    pub slug: Option<String>,
    pub title: Option<String>,
    /// The block holding the title line ("# Python Bytes #122: …"), if one was found.
    pub title_block: Option<usize>,
    pub blocks: Vec<Block>,
    pub segments: Vec<Segment>,
}

impl Episode {
    /// The blocks of one segment.
    pub fn segment_blocks(&self, segment: &Segment) -> &[Block] {
        &self.blocks[segment.blocks.clone()]
    }
}

/// What a block starts, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Header {
    Topic {
        host: Option<String>,
        number: Option<u32>,
        title: String,
    },
    Section(SegmentKind, Option<String>),
    /// A short `Michael:` line inside extras: the extras that follow are that host's.
    HostLabel(String),
    /// `## News items`: unnumbered items follow.
    NewsItems,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("segment patterns are valid"))
}

/// `Brian #1: Title`, `Brian 5 : Title`, `BO 1: Title`, `(bonus) Matt #7 Title`.
fn host_first() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^(?:\(bonus\)\s*)?(?P<host>[A-Z][a-z]+|[A-Z]{2})\s*(?:#\s*(?P<n1>\d{1,2})\b|(?P<n2>\d{1,2})\s*:)\s*(?P<sep>[:.\-–])?\s*(?P<title>.*)$",
    )
}

/// `#1 (Brian): Title`, `#5: (Brian): Title`, `#1 Brian: Title`, `# 6 Michael: Title`.
fn number_first() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^#\s*(?P<n>\d{1,2})\s*:?\s*(?P<paren>\()?(?P<host>[A-Z][a-z]+)\)?\s*:\s*(?P<title>.*)$",
    )
}

/// `#1 Title` (early episodes) and `10: Title` (a year review, only when bold).
fn number_only() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^(?:#\s*(?P<n1>\d{1,2})[:.]?|(?P<n2>\d{1,2})[:.])\s+(?P<title>\S.*)$",
    )
}

fn title_line() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^(?:python\s*bytes(?:\s+episode)?|pb|episode)?\s*#?\s*(?P<n>\d{1,5})\b\s*(?:[:\-–—|]\s*(?P<title>.*))?$",
    )
}

fn section() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^(?:(?P<news>our\s+(?:personal\s+)?news|follow[\s-]*up)|(?P<extras>extras?\b|(?:(?P<ehost>[a-z]+)(?:'s|’s)?\s+extras?)\b)|(?P<joke>jokes?\b)|(?P<links>links\b)|(?P<sponsor>sponsored\s+by|this\s+episode\s+(?:is|was)\s+(?:brought\s+to\s+you|sponsored)|brought\s+to\s+you\s+by)|(?P<intro>show\s+intro|connect\s+with\s+the\s+hosts))",
    )
}

/// Capitalised words that can start a `Word #N:` line without being a host.
fn not_a_host(word: &str) -> bool {
    matches!(
        word,
        "Episode"
            | "Python"
            | "Issue"
            | "Part"
            | "Chapter"
            | "Item"
            | "Number"
            | "Pep"
            | "Step"
            | "Tip"
            | "Rule"
            | "Day"
            | "Week"
            | "Version"
            | "Release"
            | "Bonus"
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
        number: meta.number.or(number),
        alt_number: meta.name_number,
        season: meta.season,
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

fn clean_title(raw: &str) -> String {
    static LINK: OnceLock<Regex> = OnceLock::new();
    // Markdown the parser left as text (inside a code span, or a link with spaces in its URL).
    let unlinked = re(&LINK, r"\[([^\]]*)\]\([^)]*\)").replace_all(raw, "$1");
    let t = unlinked.trim().trim_matches('`').trim();
    let t = t.trim_end_matches([':', '*']).trim_end();
    let t = t.trim_start_matches([':', '*', '-', '–']).trim_start();
    t.to_string()
}

struct Splitter<'a> {
    blocks: &'a [Block],
    hosts: &'a Hosts,
    text: &'a str,
    segments: Vec<Segment>,
    /// The section that follows headers (`Extras`, `Joke`) until the next topic.
    section: Option<SegmentKind>,
    news_items: bool,
    /// Short host names already resolved in this episode: the text is scanned once per name.
    resolved: std::cell::RefCell<Vec<(String, String)>>,
}

fn split_segments(blocks: &[Block], hosts: &Hosts, text: &str) -> Vec<Segment> {
    let mut s = Splitter {
        blocks,
        hosts,
        text,
        segments: Vec::new(),
        section: None,
        news_items: false,
        resolved: std::cell::RefCell::new(Vec::new()),
    };
    s.start(SegmentKind::Intro, 0, None, None, "Intro".to_string());
    for index in 0..blocks.len() {
        s.block(index);
    }
    s.close_last();
    s.segments.retain(|seg| !seg.blocks.is_empty());
    s.segments
}

impl Splitter<'_> {
    fn block(&mut self, index: usize) {
        let block = &self.blocks[index];
        match self.header(block) {
            Some(Header::Topic {
                host,
                number,
                title,
            }) => self.topic(index, host, number, title),
            Some(Header::Section(SegmentKind::Intro, _))
                if self
                    .segments
                    .last()
                    .is_some_and(|s| s.kind == SegmentKind::Intro) => {}
            Some(Header::Section(kind, host)) => {
                let host = host.and_then(|h| self.resolve_host(&h).map(|(full, _)| full));
                self.section = Some(kind).filter(|k| *k != SegmentKind::Intro);
                let title = section_title(block);
                self.start(kind, index, host, None, title);
            }
            Some(Header::HostLabel(host)) => {
                let resolved = self.resolve_host(&host);
                let title = format!("Extras from {host}");
                // "Extras" then "Michael:" at once: the first host's extras keep the section header.
                let bare_header = self.segments.last().is_some_and(|s| {
                    s.kind == SegmentKind::Extras && s.host.is_none() && s.blocks.start + 1 == index
                });
                if bare_header {
                    if let Some(seg) = self.segments.last_mut() {
                        seg.title = title;
                    }
                } else {
                    self.start(SegmentKind::Extras, index, None, None, title);
                }
                if let (Some(seg), Some((full, written))) = (self.segments.last_mut(), resolved) {
                    seg.host = Some(full);
                    seg.host_as_written = Some(written);
                }
            }
            Some(Header::NewsItems) => {
                self.news_items = true;
            }
            None => {}
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

    /// `**Brian #1:**` alone on its line: the title is the next block (often a bold link).
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
        self.close_last_at(index);
        let line = self.blocks.get(index).map_or(1, |b| b.line);
        self.segments.push(Segment {
            kind,
            host,
            host_as_written: None,
            number,
            title,
            url: None,
            blocks: index..index,
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
        let full = self
            .hosts
            .lookup(short)
            .map(str::to_string)
            .or_else(|| hosts::full_name_in(short, self.text))
            .or_else(|| self.hosts.lookup_misspelt(short).map(str::to_string))
            .unwrap_or_else(|| short.to_string());
        self.resolved
            .borrow_mut()
            .push((short.to_string(), full.clone()));
        Some((full, short.to_string()))
    }

    fn header(&self, block: &Block) -> Option<Header> {
        if matches!(block.kind, BlockKind::Code) || block.text.len() > 400 {
            return None;
        }
        // Emphasis markdown could not pair (`**B****rian #**3:`) stays as literal asterisks.
        let unstarred;
        let text = if block.text.contains('*') {
            unstarred = block.text.replace('*', "");
            unstarred.trim()
        } else {
            block.text.trim()
        };
        let starts_bold = block.strong.first().is_some_and(|r| r.start == 0)
            || block.links.first().is_some_and(|l| l.range.start == 0);
        let is_item = matches!(block.kind, BlockKind::Item(_));
        if let Some(topic) = self.numbered_topic(text, starts_bold, is_item) {
            return Some(topic);
        }
        if is_item {
            return None;
        }
        if let Some(section) = section_header(text, block) {
            return Some(section);
        }
        if self.section == Some(SegmentKind::Extras) || self.in_extras() {
            if let Some(host) = host_label(text) {
                if self.hosts.lookup(&host).is_some() || self.is_episode_host(&host) {
                    return Some(Header::HostLabel(host));
                }
            }
        }
        if text.eq_ignore_ascii_case("news items") || text.eq_ignore_ascii_case("news") {
            return Some(Header::NewsItems);
        }
        self.unnumbered_topic(text, block)
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

    fn numbered_topic(&self, text: &str, starts_bold: bool, is_item: bool) -> Option<Header> {
        // Each pattern is anchored and can only start with the characters checked before it is
        // run: most blocks fail that check, which is far cheaper than a captures search.
        let first = text.chars().next().unwrap_or(' ');
        let can_start = |ok: bool, re: &Regex| if ok { re.captures(text) } else { None };
        if let Some(c) = can_start(first == '(' || first.is_ascii_uppercase(), host_first()) {
            let host = &c["host"];
            let known =
                self.hosts.lookup(host).is_some() || self.hosts.lookup_misspelt(host).is_some();
            // An unknown name needs a header's shape: bold, a colon after the number, or "(bonus)".
            let shaped = starts_bold
                || (c.name("n1").is_some() && c.name("sep").is_some())
                || text.starts_with("(bonus)");
            if !not_a_host(host) && (known || shaped) && (!is_item || starts_bold) {
                let n = c
                    .name("n1")
                    .or(c.name("n2"))
                    .and_then(|m| m.as_str().parse().ok());
                return Some(Header::Topic {
                    host: Some(host.to_string()),
                    number: n,
                    title: clean_title(&c["title"]),
                });
            }
        }
        if let Some(c) = can_start(first == '#', number_first()) {
            let host = &c["host"];
            let known =
                self.hosts.lookup(host).is_some() || self.hosts.lookup_misspelt(host).is_some();
            if (c.name("paren").is_some() || known) && !is_item {
                return Some(Header::Topic {
                    host: Some(host.to_string()),
                    number: c["n"].parse().ok(),
                    title: clean_title(&c["title"]),
                });
            }
        }
        if starts_bold && !is_item {
            if let Some(c) = can_start(first == '#' || first.is_ascii_digit(), number_only()) {
                let n = c
                    .name("n1")
                    .or(c.name("n2"))
                    .and_then(|m| m.as_str().parse().ok());
                return Some(Header::Topic {
                    host: None,
                    number: n,
                    title: clean_title(&c["title"]),
                });
            }
        }
        None
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

fn section_header(text: &str, block: &Block) -> Option<Header> {
    let short = text.len() <= 80 || block.kind != BlockKind::Paragraph;
    let c = section().captures(text)?;
    if !short && c.name("sponsor").is_none() {
        return None;
    }
    let kind = if c.name("news").is_some() {
        SegmentKind::News
    } else if c.name("extras").is_some() {
        SegmentKind::Extras
    } else if c.name("joke").is_some() {
        SegmentKind::Joke
    } else if c.name("links").is_some() {
        SegmentKind::Links
    } else {
        SegmentKind::Intro
    };
    // "Joke:" paragraphs are headers, but a prose line starting "Links to …" is not.
    let header_shaped = !matches!(block.kind, BlockKind::Paragraph)
        || text.len() <= 40
        || text.contains(':')
        || c.name("sponsor").is_some();
    if !header_shaped {
        return None;
    }
    let host = c.name("ehost").map(|h| capitalise(h.as_str()));
    Some(Header::Section(kind, host))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `Michael:` or `Brian` alone: a host label inside extras.
fn host_label(text: &str) -> Option<String> {
    let name = text.trim_end_matches(':').trim();
    let ok = !name.is_empty()
        && name.len() <= 20
        && name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().all(char::is_alphabetic);
    ok.then(|| name.to_string())
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

    fn episode(text: &str) -> Episode {
        let doc = Document::markdown("t.md", text);
        split(
            &doc,
            &crate::profile::Profile::hosts_for_site("pythonbytes.fm"),
        )
        .0
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
}
