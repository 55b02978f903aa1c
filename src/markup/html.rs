//! HTML: show notes as HTML in, the equivalent markdown text out.
//!
//! Feed bodies (`content:encoded`, `content_html`) and pages saved from a show's site are HTML.
//! Rather than a second block builder, the DOM that html5ever (through `scraper`) builds is
//! written back as markdown: headings, paragraphs, nested list items, links with their targets,
//! inline code, code blocks, bold and emphasis. The markdown path then makes the same blocks it
//! makes for notes written in markdown, so every later stage is unchanged. Text is escaped so
//! nothing in it turns into markup it was not. Scripts, styles, navigation, headers, footers and
//! forms are dropped. Never fails, never uses a regex over tags, never fetches what a page links.

use scraper::{ElementRef, Html, Node};

/// Elements whose content is never show notes. (`object`, `audio`, `video` and `canvas` are not
/// here: their content is fallback text, and a stray `<object>` in prose swallows the rest of the
/// notes as it does in a browser.)
const DROPPED: &[&str] = &[
    "script", "style", "nav", "header", "footer", "noscript", "template", "form", "button", "svg",
    "head", "iframe", "select", "textarea",
];

/// Elements that start a block of their own; everything else is inline.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "pre",
    "blockquote",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "hr",
    "details",
    "summary",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "address",
    "body",
    "html",
    "center",
];

/// A fragment of HTML (a feed item's notes) as markdown.
pub fn to_markdown(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    render_root(fragment.root_element())
}

/// Plain-text notes (Atom `type="text"`, JSON Feed `content_text`) as markdown: each line a
/// paragraph line, nothing in it read as markup.
pub fn text_to_markdown(text: &str) -> String {
    let mut out = Out::default();
    for paragraph in text.split("\n\n") {
        push_text(&mut out.paragraph, paragraph);
        out.flush();
    }
    out.finish()
}

/// One line of text for markdown (a chapter's title): escaped so it stays text.
pub fn escape_line(text: &str) -> String {
    escape_line_start(&escape(&one_line(text)))
}

/// What a saved episode page says about itself, and its notes as markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// JSON-LD `name`, else `og:title`, else `<title>`.
    pub title: Option<String>,
    /// JSON-LD `episodeNumber`.
    pub number: Option<u32>,
    /// JSON-LD `datePublished`, else `article:published_time`, as written.
    pub date: Option<String>,
    /// The main content (`<main>`, else `<article>`, else the body) as markdown.
    pub markdown: String,
}

/// A whole saved page: its metadata and its main content.
pub fn page(html: &str) -> Page {
    let document = Html::parse_document(html);
    let mut page = Page::default();
    let mut og_title = None;
    let mut title = None;
    for element in document.root_element().descendent_elements() {
        let value = element.value();
        match value.name() {
            "title" if title.is_none() => {
                title = Some(collapse(&element.text().collect::<String>()))
            }
            "meta" => {
                let key = value.attr("property").or(value.attr("name")).unwrap_or("");
                let content = value.attr("content").map(collapse);
                match key {
                    "og:title" => og_title = og_title.or(content),
                    "article:published_time" => page.date = page.date.take().or(content),
                    _ => {}
                }
            }
            "script" if value.attr("type") == Some("application/ld+json") => {
                let text: String = element.text().collect();
                if let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
                    read_json_ld(&json, &mut page);
                }
            }
            _ => {}
        }
    }
    page.title = page
        .title
        .take()
        .or(og_title)
        .or(title)
        .filter(|t| !t.is_empty());
    let main = ["main", "article", "body"]
        .iter()
        .find_map(|name| first_element(document.root_element(), name))
        .unwrap_or(document.root_element());
    page.markdown = render_root(main);
    page
}

fn first_element<'a>(root: ElementRef<'a>, name: &str) -> Option<ElementRef<'a>> {
    root.descendent_elements()
        .find(|e| e.value().name() == name)
}

/// The first `PodcastEpisode` (alone, in a list or in an `@graph`) gives title, number, date.
fn read_json_ld(json: &serde_json::Value, page: &mut Page) {
    use serde_json::Value;
    match json {
        Value::Array(items) => items.iter().for_each(|v| read_json_ld(v, page)),
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                read_json_ld(graph, page);
            }
            let is_episode = match map.get("@type") {
                Some(Value::String(t)) => t == "PodcastEpisode",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "PodcastEpisode"),
                _ => false,
            };
            if !is_episode || page.title.is_some() {
                return;
            }
            page.title = map.get("name").and_then(Value::as_str).map(collapse);
            page.number = match map.get("episodeNumber") {
                Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
                Some(Value::String(s)) => s.trim().parse().ok(),
                _ => None,
            };
            if let Some(date) = map.get("datePublished").and_then(Value::as_str) {
                page.date = Some(date.to_string());
            }
        }
        _ => {}
    }
}

/// Renders an element's children as a markdown document.
fn render_root(root: ElementRef) -> String {
    let mut out = Out::default();
    out.container(root);
    out.finish()
}

/// The markdown being written: finished blocks and the paragraph being filled.
#[derive(Default)]
struct Out {
    blocks: Vec<String>,
    paragraph: String,
}

impl Out {
    fn finish(mut self) -> String {
        self.flush();
        let mut text = self.blocks.join("\n\n");
        text.push('\n');
        text
    }

    /// Ends the open paragraph: its lines lose their indentation (which markdown would read as
    /// code) and line starts that markdown would read as a list or heading are escaped.
    fn flush(&mut self) {
        let paragraph = std::mem::take(&mut self.paragraph);
        let lines: Vec<String> = paragraph
            .split('\n')
            .map(|l| escape_line_start(l.trim()))
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            self.blocks.push(lines.join("\n"));
        }
    }

    fn push_block(&mut self, block: String) {
        self.flush();
        if !block.trim().is_empty() {
            self.blocks.push(block);
        }
    }

    /// Block children start blocks; runs of inline children and text fill paragraphs.
    fn container(&mut self, element: ElementRef) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => push_text(&mut self.paragraph, text),
                Node::Element(_) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = child.value().name();
                    if DROPPED.contains(&name) {
                        continue;
                    }
                    if name == "br" {
                        self.paragraph.push('\n');
                    } else if BLOCKS.contains(&name) {
                        self.flush();
                        self.block(child);
                    } else if holds_blocks(child) {
                        // A tag left open in prose (`"<package>:<object>"`) swallows what
                        // follows: its blocks stay blocks rather than one long paragraph.
                        self.container(child);
                    } else {
                        inline(child, &mut self.paragraph);
                    }
                }
                _ => {}
            }
        }
    }

    fn block(&mut self, element: ElementRef) {
        let name = element.value().name();
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = usize::from(name.as_bytes()[1] - b'0');
                let text = one_line(&inline_of(element));
                if !text.is_empty() {
                    self.push_block(format!("{} {}", "#".repeat(level), text));
                }
            }
            "ul" | "ol" => self.list(element, name == "ol"),
            "li" => self.list_item(element, "- "),
            "pre" => self.push_block(code_block(element)),
            "hr" => self.push_block("* * *".to_string()),
            "tr" => {
                let cells: Vec<String> = element
                    .child_elements()
                    .map(|cell| one_line(&inline_of(cell)))
                    .filter(|c| !c.is_empty())
                    .collect();
                self.push_block(cells.join(" \\| "));
            }
            _ => {
                self.container(element);
                self.flush();
            }
        }
    }

    fn list(&mut self, element: ElementRef, ordered: bool) {
        let start: usize = element
            .value()
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        for (n, child) in (start..).zip(element.child_elements()) {
            let marker = if ordered {
                format!("{n}. ")
            } else {
                "- ".to_string()
            };
            if child.value().name() == "li" {
                self.list_item(child, &marker);
            } else if !DROPPED.contains(&child.value().name()) {
                self.block(child);
            }
        }
    }

    /// An item's content is rendered as a document of its own, then indented under its marker,
    /// so nested lists and paragraphs keep their depth.
    fn list_item(&mut self, element: ElementRef, marker: &str) {
        let mut inner = Out::default();
        inner.container(element);
        let body = inner.finish();
        let indent = " ".repeat(marker.len());
        let mut item = String::new();
        for (i, line) in body.trim_end().split('\n').enumerate() {
            if i == 0 {
                item.push_str(marker);
            } else {
                item.push('\n');
                if !line.is_empty() {
                    item.push_str(&indent);
                }
            }
            item.push_str(line);
        }
        self.flush();
        // An empty item still keeps its place in the list.
        self.blocks.push(item);
    }
}

/// Whether an inline element holds a block, directly or through other inline elements.
fn holds_blocks(element: ElementRef) -> bool {
    element.child_elements().any(|child| {
        let name = child.value().name();
        !DROPPED.contains(&name) && (BLOCKS.contains(&name) || holds_blocks(child))
    })
}

/// An element's inline content as markdown.
fn inline_of(element: ElementRef) -> String {
    let mut out = String::new();
    inline_children(element, &mut out);
    out
}

fn inline_children(element: ElementRef, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => push_text(out, text),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    inline(child, out);
                }
            }
            _ => {}
        }
    }
}

/// One inline element: links, bold, emphasis and code keep their markup; others their text.
fn inline(element: ElementRef, out: &mut String) {
    let value = element.value();
    let name = value.name();
    if DROPPED.contains(&name) {
        return;
    }
    match name {
        "br" => out.push('\n'),
        "a" => {
            let text = inline_of(element);
            match value.attr("href").map(str::trim).filter(|h| !h.is_empty()) {
                Some(href) if !text.trim().is_empty() => {
                    wrap_spaces(out, &text, |t| format!("[{t}]({})", link_target(href)));
                }
                _ => out.push_str(&text),
            }
        }
        "strong" | "b" => emphasis(out, &inline_of(element), "**"),
        "em" | "i" => emphasis(out, &inline_of(element), "*"),
        "code" | "kbd" | "samp" | "tt" => {
            out.push_str(&code_span(&element.text().collect::<String>()));
        }
        "img" => {
            let alt = value.attr("alt").map(escape).unwrap_or_default();
            if let Some(src) = value.attr("src").filter(|s| !s.trim().is_empty()) {
                out.push_str(&format!("![{}]({})", one_line(&alt), link_target(src)));
            }
        }
        _ => {
            let blockish = BLOCKS.contains(&name);
            if blockish && !out.is_empty() && !out.ends_with(char::is_whitespace) {
                out.push(' ');
            }
            inline_children(element, out);
            if blockish {
                out.push(' ');
            }
        }
    }
}

/// `**text**` with the text's outer spaces outside the markers (CommonMark would not close
/// `**text **`), and nothing at all for empty text.
fn emphasis(out: &mut String, text: &str, marker: &str) {
    if text.trim().is_empty() {
        out.push_str(text);
        return;
    }
    wrap_spaces(out, text, |t| format!("{marker}{t}{marker}"));
}

fn wrap_spaces(out: &mut String, text: &str, wrap: impl Fn(&str) -> String) {
    let trimmed = text.trim();
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    out.push_str(lead);
    out.push_str(&wrap(&one_line(trimmed)));
    out.push_str(trail);
}

/// A URL as a link destination: in `<…>` when it holds spaces or parentheses.
fn link_target(href: &str) -> String {
    let href = href.trim();
    if href.contains([' ', '(', ')', '<', '>', '\n']) {
        format!("<{}>", href.replace(['<', '>', '\n'], ""))
    } else {
        href.to_string()
    }
}

/// Inline code: a fence of backticks longer than any run inside, padded when the code starts or
/// ends with one.
fn code_span(code: &str) -> String {
    let code = code.replace('\n', " ");
    if code.is_empty() {
        return String::new();
    }
    let fence = "`".repeat(longest_run(&code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

/// `<pre>` as a fenced block, its language from a `language-…` class on its `<code>`.
fn code_block(pre: ElementRef) -> String {
    let language = pre
        .child_elements()
        .find(|c| c.value().name() == "code")
        .and_then(|c| c.value().attr("class"))
        .and_then(|class| {
            class
                .split_whitespace()
                .find_map(|c| c.strip_prefix("language-"))
        })
        .unwrap_or("");
    let code: String = pre.text().collect();
    let code = code.strip_suffix('\n').unwrap_or(&code);
    let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
    format!("{fence}{language}\n{code}\n{fence}")
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Text as HTML renders it: runs of spaces and tabs as one space; line breaks are kept, because
/// notes rendered from markdown keep the line structure the segmenter reads.
fn push_text(out: &mut String, text: &str) {
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
            last_space = true;
        } else if c.is_ascii_whitespace() {
            // HTML collapses ASCII whitespace only: a no-break space is text.
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else if c == '&'
            && !chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '#')
        {
            // Only `&name;` and `&#…;` are references: "Q&A" and "R & D" stay as written.
            out.push(c);
            last_space = false;
        } else {
            push_escaped(out, c);
            last_space = false;
        }
    }
}

/// Characters that markdown would read as markup anywhere in a line are escaped with a
/// backslash; those that are markup only at a line's start (`#`, `>`, `-`) are escaped there
/// ([`escape_line_start`]), so the text other stages match ("Ep #12") stays as written.
fn push_escaped(out: &mut String, c: char) {
    if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '~') {
        out.push('\\');
    }
    out.push(c);
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    text.chars().for_each(|c| push_escaped(&mut out, c));
    out
}

/// A line that starts like a list item (`- `, `+ `, `1. `, `1) `), a heading, a quote or a
/// setext underline.
fn escape_line_start(line: &str) -> String {
    if line.starts_with(['-', '+', '=', '#', '>']) {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

/// Headings and link texts are one line.
fn one_line(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

fn collapse(text: &str) -> String {
    one_line(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Format;
    use crate::markup::{blocks, BlockKind};

    #[test]
    fn structure_survives() {
        let html = "<h2>Topics</h2><p><strong>Ada #1:</strong> <a href=\"https://x.org/a_b\">\
                    the <code>x_y</code> lib</a></p><ul><li>one<ul><li>deep</li></ul></li>\
                    <li><p>two</p></li></ul><pre><code class=\"language-py\">a = 1\n</code></pre>";
        let markdown = to_markdown(html);
        let got = blocks(&markdown, Format::Markdown);
        let kinds: Vec<BlockKind> = got.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading(2),
                BlockKind::Paragraph,
                BlockKind::Item(1),
                BlockKind::Item(2),
                BlockKind::Item(1),
                BlockKind::Code,
            ],
            "{markdown}"
        );
        assert_eq!(got[1].text, "Ada #1: the x_y lib");
        assert_eq!(got[1].links[0].url, "https://x.org/a_b");
        assert_eq!(got[1].strong.len(), 1);
        assert_eq!(got[1].code.len(), 1);
        assert_eq!(got[5].text.trim(), "a = 1");
    }

    #[test]
    fn text_never_becomes_markup() {
        let html = "<p>1. not a list *nor* [a link](x) # nor_this_</p><p>- dash</p>";
        let got = blocks(&to_markdown(html), Format::Markdown);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|b| b.kind == BlockKind::Paragraph));
        assert_eq!(got[0].text, "1. not a list *nor* [a link](x) # nor_this_");
        assert!(got[0].links.is_empty());
        assert_eq!(got[1].text, "- dash");
    }

    #[test]
    fn scripts_styles_and_navigation_are_dropped() {
        let html = "<nav><a href=\"/\">Home</a></nav><script>var a = '<p>x</p>';</script>\
                    <style>p{}</style><p>kept</p><footer>© show</footer>";
        let got = blocks(&to_markdown(html), Format::Markdown);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, "kept");
    }

    #[test]
    fn a_stray_object_tag_keeps_the_blocks_it_swallows() {
        let html = "<ul><li>use (\"<package>:<object>\") here</li></ul><h2>Next</h2><ul><li>item</li></ul>";
        let got = blocks(&to_markdown(html), Format::Markdown);
        let kinds: Vec<BlockKind> = got.iter().map(|b| b.kind).collect();
        // `<object>` is a scope `</li>` cannot close: what follows nests in the first item, as
        // in a browser, but stays headings and items.
        assert_eq!(
            kinds,
            [
                BlockKind::Item(1),
                BlockKind::Heading(2),
                BlockKind::Item(2)
            ]
        );
    }

    #[test]
    fn line_breaks_in_paragraphs_are_kept() {
        let html = "<p>first\nsecond<br>third</p><h2>no\u{a0}break  here</h2>";
        let got = blocks(&to_markdown(html), Format::Markdown);
        let texts: Vec<&str> = got.iter().map(|b| b.text.as_str()).collect();
        // A no-break space is text; other runs of spaces are one.
        assert_eq!(texts, ["first", "second", "third", "no\u{a0}break here"]);
    }

    #[test]
    fn pages_give_their_metadata_and_main_content() {
        let html = r#"<!doctype html><html><head><title>Site | Ep 7</title>
            <meta property="og:title" content="Seven things">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"PodcastEpisode","name":"Seven: things","episodeNumber":"7",
               "datePublished":"2024-03-05"}]}</script></head>
            <body><header>Site</header><nav>menu</nav><main><h1>Seven</h1><p>notes</p></main>
            <footer>links</footer></body></html>"#;
        let page = page(html);
        assert_eq!(page.title.as_deref(), Some("Seven: things"));
        assert_eq!(page.number, Some(7));
        assert_eq!(page.date.as_deref(), Some("2024-03-05"));
        assert_eq!(page.markdown, "# Seven\n\nnotes\n");
    }

    #[test]
    fn pages_without_json_ld_use_og_title_then_title() {
        let og = page("<html><head><title>T</title><meta property=\"og:title\" content=\"OG\"></head><body><p>x</p></body></html>");
        assert_eq!(og.title.as_deref(), Some("OG"));
        assert_eq!(og.markdown, "x\n");
        let plain = page("<html><head><title> Just  T </title></head><body><article><p>y</p></article></body></html>");
        assert_eq!(plain.title.as_deref(), Some("Just T"));
        assert_eq!(plain.number, None);
    }
}
