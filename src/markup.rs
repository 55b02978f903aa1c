//! Markup: a document's text in, a flat list of blocks out.
//!
//! Show notes come as markdown or as text copied from a web page. Both become the same shape: a
//! sequence of [`Block`]s (headings, paragraphs, list items, code), each with its plain text
//! (markup removed), its line in the file, and the spans of that text that were links, code or
//! bold. Later stages match patterns against plain text, so `**Michael #****2****:**` and
//! `Michael #2:` look alike to them. Markdown is parsed with pulldown-cmark; this module never
//! fails and never looks at what the text means.

pub mod html;

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::ingest::Format;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    /// A list item (or a paragraph inside one) at this nesting depth, 1 for a top-level list.
    Item(u16),
    Code,
}

/// A link inside a block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub range: Range<usize>,
    pub url: String,
}

/// One leaf block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// 1-based line where the block starts.
    pub line: usize,
    pub text: String,
    pub links: Vec<Link>,
    pub code: Vec<Range<usize>>,
    pub strong: Vec<Range<usize>>,
}

impl Block {
    fn new(kind: BlockKind, line: usize) -> Self {
        Block {
            kind,
            line,
            text: String::new(),
            links: Vec::new(),
            code: Vec::new(),
            strong: Vec::new(),
        }
    }

    /// Whether `start..end` lies inside one code span. Spans are sorted and disjoint, so a binary
    /// search does, and a block with a million spans costs no more per question than one.
    pub fn in_code(&self, start: usize, end: usize) -> bool {
        self.code_covering(start, end).is_some()
    }

    /// The code span that covers `start..end`, if any.
    pub fn code_covering(&self, start: usize, end: usize) -> Option<&Range<usize>> {
        let i = self.code.partition_point(|r| r.start <= start);
        i.checked_sub(1)
            .map(|i| &self.code[i])
            .filter(|r| end <= r.end)
    }

    /// The link whose text covers `start..end`, if any (links never nest).
    pub fn link_covering(&self, start: usize, end: usize) -> Option<&Link> {
        let i = self.links.partition_point(|l| l.range.start <= start);
        i.checked_sub(1)
            .map(|i| &self.links[i])
            .filter(|l| end <= l.range.end)
    }

    /// The text of a link span.
    pub fn link_text(&self, link: &Link) -> &str {
        &self.text[link.range.clone()]
    }
}

/// Splits a document into blocks according to its format.
pub fn blocks(text: &str, format: Format) -> Vec<Block> {
    match format {
        Format::Markdown => markdown_blocks(text),
        Format::PageText => page_blocks(text),
    }
}

/// Byte offsets of line starts, to turn parser offsets into line numbers.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(memchr_newlines(text)).collect();
        LineIndex(starts)
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

/// Builds blocks from pulldown-cmark events: a new block starts at every paragraph, heading,
/// list item and code block, so tight and loose lists come out the same.
struct Builder {
    blocks: Vec<Block>,
    current: Option<Block>,
    depth: u16,
    open_links: Vec<(usize, String)>,
    open_strong: Vec<usize>,
}

impl Builder {
    fn open(&mut self, kind: BlockKind, line: usize) {
        self.close();
        self.current = Some(Block::new(kind, line));
    }

    fn close(&mut self) {
        if let Some(mut block) = self.current.take() {
            finish(&mut block);
            if !block.text.is_empty() {
                self.blocks.push(block);
            }
        }
        self.open_links.clear();
        self.open_strong.clear();
    }

    /// Text outside any block (HTML leftovers, stray inline content) still gets a paragraph.
    fn block(&mut self, line: usize) -> &mut Block {
        let kind = if self.depth > 0 {
            BlockKind::Item(self.depth)
        } else {
            BlockKind::Paragraph
        };
        self.current.get_or_insert_with(|| Block::new(kind, line))
    }

    fn push_text(&mut self, text: &str, line: usize) {
        self.block(line).text.push_str(text);
    }

    /// Show notes often put a header on the line right after prose, with no blank line between;
    /// a paragraph is therefore split at every line break, and open spans carry on.
    fn break_line(&mut self, line: usize) {
        let paragraph = self
            .current
            .as_ref()
            .is_some_and(|b| b.kind == BlockKind::Paragraph);
        if !paragraph {
            self.push_text(" ", line);
            return;
        }
        let links = std::mem::take(&mut self.open_links);
        let strong = std::mem::take(&mut self.open_strong);
        self.open(BlockKind::Paragraph, line + 1);
        self.open_links = links.into_iter().map(|(_, url)| (0, url)).collect();
        self.open_strong = strong.iter().map(|_| 0).collect();
    }

    fn text_len(&self) -> usize {
        self.current.as_ref().map_or(0, |b| b.text.len())
    }
}

fn markdown_blocks(text: &str) -> Vec<Block> {
    let lines = LineIndex::new(text);
    let mut b = Builder {
        blocks: Vec::new(),
        current: None,
        depth: 0,
        open_links: Vec::new(),
        open_strong: Vec::new(),
    };
    let mut offset = 0;
    while offset < text.len() {
        offset = parse_from(text, offset, &lines, &mut b);
    }
    b.close();
    b.blocks
}

/// Parses `text[offset..]` into the builder. Returns where parsing must start again when a code
/// fence left open runs to the end of the file and swallows later items (a typo seen in real
/// notes), else the end of the text.
fn parse_from(text: &str, offset: usize, lines: &LineIndex, b: &mut Builder) -> usize {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let rest = &text[offset..];
    for (event, range) in Parser::new_ext(rest, options).into_offset_iter() {
        let line = lines.line(offset + range.start);
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) = &event {
            if let Some(resume) = unclosed_fence_resume(rest, range.clone()) {
                b.open(BlockKind::Code, line);
                b.push_text(&rest[range.start..resume], line);
                b.close();
                b.depth = 0;
                return offset + resume;
            }
        }
        match event {
            Event::Start(tag) => start_tag(b, tag, line),
            Event::End(tag) => end_tag(b, tag),
            // Raw HTML in notes (`<script>` in a title) is text to a reader of the source.
            Event::Text(t) | Event::InlineHtml(t) | Event::Html(t) => b.push_text(&t, line),
            Event::Code(t) => {
                let start = b.text_len();
                b.push_text(&t, line);
                let end = b.text_len();
                b.block(line).code.push(start..end);
            }
            Event::SoftBreak | Event::HardBreak => b.break_line(line),
            _ => {}
        }
    }
    text.len()
}

/// For a fence that runs to the end of the text without a closing fence, the start of the first
/// later line that looks like markdown structure (a bold or heading line), if any.
fn unclosed_fence_resume(text: &str, fence: Range<usize>) -> Option<usize> {
    if fence.end < text.trim_end().len() {
        return None;
    }
    let body = &text[fence.clone()];
    let last = body.trim_end().lines().last().unwrap_or("").trim();
    let first_line_end = body.find('\n')?;
    if body.trim_end().lines().count() > 1 && (last.starts_with("```") || last.starts_with("~~~")) {
        return None;
    }
    let mut at = fence.start + first_line_end + 1;
    for line in text[at..].split_inclusive('\n') {
        if line.starts_with("**")
            || line.starts_with("## ")
            || line.starts_with("# ")
            || line.starts_with("[**")
        {
            return Some(at);
        }
        at += line.len();
    }
    None
}

fn start_tag(b: &mut Builder, tag: Tag, line: usize) {
    match tag {
        Tag::Heading { level, .. } => b.open(BlockKind::Heading(level as u8), line),
        Tag::Paragraph | Tag::TableRow | Tag::TableHead => {
            // The first paragraph of a list item belongs to the item block opened for it.
            let fresh_item = b.current.as_ref().is_some_and(|c| c.text.is_empty());
            if !fresh_item {
                let kind = if b.depth > 0 {
                    BlockKind::Item(b.depth)
                } else {
                    BlockKind::Paragraph
                };
                b.open(kind, line);
            }
        }
        Tag::Item => b.open(BlockKind::Item(b.depth.max(1)), line),
        Tag::List(_) => {
            b.close();
            b.depth = b.depth.saturating_add(1);
        }
        Tag::CodeBlock(_) => b.open(BlockKind::Code, line),
        Tag::HtmlBlock => b.open(BlockKind::Paragraph, line),
        Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
            let start = b.text_len();
            b.open_links.push((start, dest_url.into_string()));
        }
        Tag::Strong => {
            let start = b.text_len();
            b.open_strong.push(start);
        }
        _ => {}
    }
}

fn end_tag(b: &mut Builder, tag: TagEnd) {
    match tag {
        TagEnd::Heading(_)
        | TagEnd::Paragraph
        | TagEnd::Item
        | TagEnd::CodeBlock
        | TagEnd::HtmlBlock => b.close(),
        TagEnd::TableRow | TagEnd::TableHead => b.close(),
        TagEnd::TableCell if b.current.is_some() => b.push_text(" ", 0),
        TagEnd::List(_) => {
            b.close();
            b.depth = b.depth.saturating_sub(1);
        }
        TagEnd::Link | TagEnd::Image => {
            let end = b.text_len();
            if let (Some((start, url)), Some(block)) = (b.open_links.pop(), b.current.as_mut()) {
                block.links.push(Link {
                    range: start..end,
                    url,
                });
            }
        }
        TagEnd::Strong => {
            let end = b.text_len();
            if let (Some(start), Some(block)) = (b.open_strong.pop(), b.current.as_mut()) {
                block.strong.push(start..end);
            }
        }
        _ => {}
    }
}

/// Trims the block's text (moving spans with it), sorts spans, and joins a link that show notes
/// split into fragments sharing one URL: `[#398: Open source](u)[ ](u)[(and](u)`.
fn finish(block: &mut Block) {
    block.text.truncate(block.text.trim_end().len());
    let lead = block.text.len() - block.text.trim_start().len();
    if lead > 0 {
        block.text.drain(..lead);
    }
    let len = block.text.len();
    let shift = |r: &Range<usize>| {
        r.start.saturating_sub(lead).min(len)..r.end.saturating_sub(lead).min(len)
    };
    for link in &mut block.links {
        link.range = shift(&link.range);
    }
    block.code = block.code.iter().map(shift).collect();
    block.strong = block.strong.iter().map(shift).collect();
    block.links.sort_by_key(|l| (l.range.start, l.range.end));
    block.code.sort_by_key(|r| (r.start, r.end));
    block.strong.sort_by_key(|r| (r.start, r.end));
    merge_split_links(block);
}

fn merge_split_links(block: &mut Block) {
    let mut merged: Vec<Link> = Vec::with_capacity(block.links.len());
    for link in block.links.drain(..) {
        if let Some(last) = merged.last_mut() {
            let gap = block
                .text
                .get(last.range.end..link.range.start)
                .unwrap_or("x");
            if last.url == link.url && gap.trim().is_empty() && link.range.start >= last.range.end {
                last.range.end = link.range.end;
                continue;
            }
        }
        merged.push(link);
    }
    block.links = merged;
}

/// Plain text from a web page: one block per non-empty line; `•` lines are list items whose
/// depth follows their indentation.
fn page_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut indents: Vec<usize> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let kind = match trimmed.strip_prefix('•') {
            Some(_) => {
                while indents.last().is_some_and(|&i| i > indent) {
                    indents.pop();
                }
                if indents.last() != Some(&indent) {
                    indents.push(indent);
                }
                BlockKind::Item(indents.len() as u16)
            }
            None => {
                indents.clear();
                BlockKind::Paragraph
            }
        };
        let body = trimmed.trim_start_matches('•').trim();
        let mut block = Block::new(kind, index + 1);
        block.text.push_str(body);
        blocks.push(block);
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Vec<Block> {
        blocks(text, Format::Markdown)
    }

    #[test]
    fn bold_split_across_a_header_reads_as_plain_text() {
        let cases = [
            (
                "**Michael #****2****:** [Title](https://x.org)",
                "Michael #2: Title",
            ),
            ("C**hris #3:** Thing", "Chris #3: Thing"),
            ("**Brian** **#2:** Thing", "Brian #2: Thing"),
            (
                "## **Michael #1: [Title](https://x.org)**",
                "Michael #1: Title",
            ),
            ("[**#1 Title**](https://x.org)", "#1 Title"),
        ];
        for (input, expected) in cases {
            let got = md(input);
            assert_eq!(got[0].text, expected, "{input}");
        }
    }

    #[test]
    fn links_keep_their_url_and_range() {
        let got = md("see [pytest](https://pypi.org/project/pytest) now");
        let link = &got[0].links[0];
        assert_eq!(got[0].link_text(link), "pytest");
        assert_eq!(link.url, "https://pypi.org/project/pytest");
    }

    #[test]
    fn spans_are_found_by_position() {
        let got = &md("a `b` [c](https://x.org) `d`")[0];
        let cases = [
            (2, 3, true, false),
            (4, 5, false, true),
            (6, 7, true, false),
            (0, 1, false, false),
        ];
        for (start, end, code, link) in cases {
            let (code_at, link_at) = (
                got.in_code(start, end),
                got.link_covering(start, end).is_some(),
            );
            assert_eq!(
                (code_at, link_at),
                (code, link),
                "{start}..{end} in {:?}",
                got.text
            );
        }
    }

    #[test]
    fn split_links_are_joined() {
        let got = md("[#398: Open source](https://u.org)[ ](https://u.org)[(and](https://u.org)");
        assert_eq!(got[0].links.len(), 1);
        assert_eq!(got[0].link_text(&got[0].links[0]), "#398: Open source (and");
    }

    #[test]
    fn list_items_have_lines_and_depths() {
        let got = md("# Title\n\n- one\n  - two `code`\n- three\n");
        let summary: Vec<_> = got
            .iter()
            .map(|b| (b.kind, b.line, b.text.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (BlockKind::Heading(1), 1, "Title"),
                (BlockKind::Item(1), 3, "one"),
                (BlockKind::Item(2), 4, "two code"),
                (BlockKind::Item(1), 5, "three"),
            ]
        );
        assert_eq!(&got[2].text[got[2].code[0].clone()], "code");
    }

    #[test]
    fn an_unclosed_fence_does_not_swallow_later_items() {
        let got = md("**Brian #1:** A\n\n- x\n```\n  code```\n- y\n\n**Michael #2:** B\n\n- z\n");
        let texts: Vec<_> = got.iter().map(|b| (b.line, b.text.as_str())).collect();
        assert!(texts.contains(&(8, "Michael #2: B")), "{texts:?}");
        assert!(texts.contains(&(10, "z")), "{texts:?}");
    }

    #[test]
    fn a_header_after_prose_without_a_blank_line_is_its_own_block() {
        let got = md("some prose\n**Brian #1:** A\nmore words");
        let texts: Vec<_> = got.iter().map(|b| (b.line, b.text.as_str())).collect();
        assert_eq!(
            texts,
            [(1, "some prose"), (2, "Brian #1: A"), (3, "more words")]
        );
    }

    #[test]
    fn page_text_bullets_nest_by_indent() {
        let got = blocks(
            "Brian #1: Thing\n\n  • by Someone\n    • deeper\n  • back\n",
            Format::PageText,
        );
        let kinds: Vec<_> = got.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Paragraph, "Brian #1: Thing"),
                (BlockKind::Item(1), "by Someone"),
                (BlockKind::Item(2), "deeper"),
                (BlockKind::Item(1), "back"),
            ]
        );
    }
}
