//! The explorer's HTML pages, rendered with maud, which escapes every interpolated value: a
//! title of `<script>alert(1)</script>` is shown as text. Links to the outside are kept only for
//! http(s) URLs, so a `javascript:` link in show notes is shown as text, never followed. Each
//! function takes the catalog and returns one page; none of them writes a file.

use maud::{html, Markup, PreEscaped, DOCTYPE};
use petgraph::graph::NodeIndex;

use super::data::{GRAPH_LINKS_PER_NODE, GRAPH_STEP};
use super::model::{Catalog, Mention};
use super::paths;
use crate::graph::{EdgeKind, EntityNode, EpisodeNode, Evidence, Node, SegmentNode};

/// Where a page sits: the way back to the site's root and its title.
struct Frame<'a> {
    root: &'a str,
    title: &'a str,
    scripts: &'a [&'a str],
}

/// Evidence lines are cut to this many characters.
const QUOTE_CHARS: usize = 240;
/// Evidence quotes shown per mention.
const QUOTES: usize = 3;
/// Entities listed as "mentioned with" on an entity page.
const MENTIONED_WITH: usize = 24;
/// Entities listed on the index as the most mentioned.
const TOP_ENTITIES: usize = 60;

fn layout(frame: &Frame, body: Markup) -> Markup {
    let root = frame.root;
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (frame.title) " · podgraph" }
                link rel="stylesheet" href={ (root) "assets/style.css" };
            }
            body {
                header.top {
                    a.brand href={ (root) "index.html" } { "podgraph" }
                    nav {
                        a href={ (root) "index.html" } { "Search" }
                        a href={ (root) "graph.html" } { "Topic graph" }
                    }
                }
                main { (body) }
                @for script in frame.scripts {
                    script src={ (root) (script) } {}
                }
            }
        }
    }
}

/// A link kept only when it is http(s); anything else (`javascript:`, `data:`) is not a link.
fn safe_url(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "#122 · 2019-03-01", or whichever of the two an episode has.
fn when(e: &EpisodeNode) -> String {
    let parts: Vec<String> = [e.number.map(|n| format!("#{n}")), e.date.clone()]
        .into_iter()
        .flatten()
        .collect();
    parts.join(" · ")
}

fn show_name(catalog: &Catalog, e: &EpisodeNode) -> String {
    let graph = catalog.graph();
    match graph.node(&e.show).map(|i| &graph.graph[i]) {
        Some(Node::Show(s)) => s.name.clone(),
        _ => e.show.clone(),
    }
}

fn entity_link(root: &str, e: &EntityNode) -> Markup {
    html! {
        a.entity href={ (root) (paths::entity(&e.id)) } { (e.label) }
        " " span.kind { (e.kind.as_str()) }
    }
}

fn episode_link(root: &str, e: &EpisodeNode) -> Markup {
    html! { a href={ (root) (paths::episode(&e.id)) } { (e.label()) } }
}

fn quote(ev: &Evidence) -> Markup {
    html! {
        li.evidence {
            span.line { "line " (ev.line) } " "
            q { (cut(&ev.text)) }
            @if let Some(url) = ev.url.as_deref().and_then(safe_url) {
                " " a.source href=(url) rel="noopener" { "source" }
            }
        }
    }
}

pub fn index(catalog: &Catalog) -> Markup {
    let graph = catalog.graph();
    let mut top: Vec<(usize, &EntityNode)> = catalog
        .entities
        .iter()
        .filter(|(n, _)| !catalog.hosts.contains(n))
        .map(|(n, e)| (graph.incoming(*n, EdgeKind::Mentions).len(), *e))
        .collect();
    top.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    top.truncate(TOP_ENTITIES);
    let frame = Frame {
        root: "",
        title: "Explorer",
        scripts: &["assets/search-data.js", "assets/search.js"],
    };
    let body = html! {
        h1 { "Show notes explorer" }
        p.lead {
            (plural(catalog.episodes.len(), "episode", "episodes")) ", "
            (plural(catalog.entities.len(), "entity", "entities")) ", "
            (plural(catalog.input.topics.communities.len(), "topic community", "topic communities")) ". "
            a href="graph.html" { "Open the topic graph" } "."
        }
        form.search role="search" onsubmit="return false" {
            label for="q" { "Search episodes, people, packages, projects…" }
            input #q type="search" autocomplete="off" placeholder="e.g. pytest";
            span #count {}
        }
        ol #results {}
        div.columns {
            section {
                h2 { "Episodes" }
                table.episodes {
                    @for (_, e) in catalog.episodes.iter().rev() {
                        tr {
                            td.when { (when(e)) }
                            // The number is in the first column: the title alone here.
                            td { a href={ (paths::episode(&e.id)) } { (e.title.clone().unwrap_or_else(|| e.label())) } }
                        }
                    }
                }
            }
            section {
                h2 { "Most mentioned" }
                ol.top {
                    @for (count, e) in &top {
                        li { (entity_link("", e)) " " span.count { (plural(*count, "segment", "segments")) } }
                    }
                }
                h2 { "Topic communities" }
                ol.top {
                    @for c in &catalog.input.topics.communities {
                        li { a href={ "graph.html#community=" (c.id) } { (c.name) } " " span.count { (c.size) } }
                    }
                }
            }
        }
    };
    layout(&frame, body)
}

pub fn episode(catalog: &Catalog, node: NodeIndex, e: &EpisodeNode) -> Markup {
    let root = "../";
    let (before, after) = catalog.neighbours(node);
    let title = e.label();
    let frame = Frame {
        root,
        title: &title,
        scripts: &[],
    };
    let body = html! {
        nav.pager {
            @if let Some(Node::Episode(b)) = before.map(|i| &catalog.graph().graph[i]) {
                a href={ (root) (paths::episode(&b.id)) } { "← " (b.label()) }
            }
            @if let Some(Node::Episode(a)) = after.map(|i| &catalog.graph().graph[i]) {
                a.next href={ (root) (paths::episode(&a.id)) } { (a.label()) " →" }
            }
        }
        h1 { (title) }
        p.lead { (show_name(catalog, e)) @if !when(e).is_empty() { " · " (when(e)) } " · " code { (e.source) } }
        @for (segment, s) in catalog.segments(node) {
            (segment_section(catalog, segment, s))
        }
        (related(catalog, e))
    };
    layout(&frame, body)
}

fn segment_section(catalog: &Catalog, node: NodeIndex, s: &SegmentNode) -> Markup {
    let graph = catalog.graph();
    let mentions = graph.out(node, EdgeKind::Mentions);
    html! {
        section.segment id={ "s" (s.index) } {
            h2 {
                (s.label()) " "
                span.kind { (s.segment_kind.as_str()) }
                @if s.boilerplate { " " span.kind { "boilerplate" } }
            }
            p.meta {
                "lines " (s.lines.0) "–" (s.lines.1)
                @if let Some(host) = &s.host { " · " (host) }
                @if let Some(url) = s.url.as_deref().and_then(safe_url) { " · " a href=(url) rel="noopener" { (url) } }
            }
            @if mentions.is_empty() { p.none { "No entity found in this segment." } }
            ul.mentions {
                @for (entity, edge) in &mentions {
                    @if let Node::Entity(en) = &graph.graph[*entity] {
                        li {
                            (entity_link("../", en))
                            ul { @for ev in edge.evidence.iter().take(QUOTES) { (quote(ev)) } }
                        }
                    }
                }
            }
        }
    }
}

fn related(catalog: &Catalog, e: &EpisodeNode) -> Markup {
    let graph = catalog.graph();
    let list = catalog.related.get(e.id.as_str());
    html! {
        section.related {
            h2 { "Related episodes" }
            @match list {
                Some(r) if !r.related.is_empty() => ol {
                    @for rec in &r.related {
                        li {
                            @match graph.node(&rec.id).map(|i| &graph.graph[i]) {
                                Some(Node::Episode(other)) => (episode_link("../", other)),
                                _ => (rec.id),
                            }
                            " " span.count { "score " (format!("{:.3}", rec.score)) }
                            @if !rec.shared.is_empty() {
                                div.reason {
                                    "shares "
                                    @for (i, s) in rec.shared.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        (s.label) " (" (s.kind) ", " (format!("{:.3}", s.weight)) ")"
                                    }
                                }
                            } @else {
                                div.reason { "related by its words, no shared entity" }
                            }
                        }
                    }
                },
                _ => p.none { "No related episode." },
            }
        }
    }
}

pub fn entity(catalog: &Catalog, node: NodeIndex, e: &EntityNode) -> Markup {
    let root = "../";
    let mentions = catalog.mentions_of(node);
    let frame = Frame {
        root,
        title: &e.label,
        scripts: &[],
    };
    let episodes: std::collections::BTreeSet<usize> = mentions
        .iter()
        .filter_map(|m| catalog.order.get(&m.episode).copied())
        .collect();
    let body = html! {
        h1 { (e.label) " " span.kind { (e.kind.as_str()) } }
        p.lead {
            "Mentioned in " (plural(mentions.len(), "segment", "segments")) " of "
            (plural(episodes.len(), "episode", "episodes")) "."
            @if let Some(eco) = &e.ecosystem { " Registry: " (eco) "." }
        }
        @if !e.aliases.is_empty() { p.meta { "Also written " (e.aliases.join(", ")) } }
        p.meta {
            "Community: "
            @match catalog.community.get(e.id.as_str()) {
                Some(c) => a href={ (root) "graph.html#community=" (c.id) } { (c.name) },
                None => "none (mentioned with no other topic in two or more episodes)",
            }
        }
        (timeline(catalog, &mentions))
        (mentioned_with(catalog, node))
        h2 { "Segments" }
        table.mentions {
            @for m in &mentions {
                (mention_row(catalog, m))
            }
        }
    };
    layout(&frame, body)
}

/// Episodes that mention the entity per bucket (year or run of numbers), over every bucket of
/// the site, so gaps show.
fn timeline(catalog: &Catalog, mentions: &[Mention]) -> Markup {
    let mut counts = vec![0usize; catalog.buckets.len()];
    let mut seen = std::collections::BTreeSet::new();
    for m in mentions {
        if seen.insert(m.episode) {
            if let Some(&b) = catalog.bucket_of.get(&m.episode) {
                counts[b] += 1;
            }
        }
    }
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    let (first, last) = (catalog.buckets.first(), catalog.buckets.last());
    // Empty buckets are a bare `<i>`: an entity page holds one bar per bucket of the whole site.
    html! {
        h2 { "Timeline" }
        div.timeline {
            @for (name, count) in catalog.buckets.iter().zip(&counts) {
                @if *count == 0 { i {} } @else {
                    i style={ "height:" (count * 100 / most) "%" } title={ (name) ": " (plural(*count, "episode", "episodes")) } {}
                }
            }
        }
        div.axis { span { (first.map_or("", String::as_str)) } span { (last.map_or("", String::as_str)) } }
    }
}

fn mentioned_with(catalog: &Catalog, node: NodeIndex) -> Markup {
    let graph = catalog.graph();
    let list = catalog.mentioned_with(node, MENTIONED_WITH);
    html! {
        h2 { "Mentioned with" }
        @if list.is_empty() { p.none { "No other entity in the same segments." } }
        ul.with {
            @for (other, count) in &list {
                @if let Node::Entity(o) = &graph.graph[*other] {
                    li { (entity_link("../", o)) " " span.count { "×" (count) } }
                }
            }
        }
    }
}

fn mention_row(catalog: &Catalog, m: &Mention) -> Markup {
    let graph = catalog.graph();
    let Node::Episode(e) = &graph.graph[m.episode] else {
        return html! {};
    };
    html! {
        tr {
            td.when { (when(e)) }
            td {
                a href={ "../" (paths::episode(&e.id)) "#s" (m.segment.index) } { (e.title.clone().unwrap_or_else(|| e.label())) }
                div.segtitle { (m.segment.label()) }
                @if let Some(ev) = m.evidence.first() { ul { (quote(ev)) } }
            }
        }
    }
}

pub fn graph(catalog: &Catalog) -> Markup {
    let frame = Frame {
        root: "",
        title: "Topic graph",
        scripts: &[
            "vendor/cytoscape/cytoscape.min.js",
            "assets/topics-data.js",
            "assets/graph.js",
        ],
    };
    let topics = catalog.input.topics;
    let body = html! {
        h1 { "Topic graph" }
        div.controls {
            label { "Kind " select #kind { option value="" { "all" } } }
            label { "Community " select #community { option value="" { "all" } } }
            button #more type="button" { "Show more" }
            button #all type="button" { "Show all" }
            span #status {}
        }
        div #cy {}
        noscript { p { "The graph view needs JavaScript; the community list below does not." } }
        p.meta {
            (plural(topics.nodes.len(), "topic", "topics")) " and " (plural(topics.edges.len(), "link", "links"))
            ": two topics are linked by the episodes that mention both, colour is community. "
            "The view draws the " (GRAPH_STEP) " most mentioned topics first, with at most "
            (GRAPH_LINKS_PER_NODE) " links per topic drawn, strongest first; “Show more” adds "
            (GRAPH_STEP) " more. Scroll to zoom, drag to pan, click a topic to open its page."
        }
        h2 { "Communities" }
        ol.top {
            @for c in &topics.communities {
                li id={ "c" (c.id) } { a href={ "#community=" (c.id) } { (c.name) } " " span.count { (c.size) } }
            }
        }
    };
    layout(&frame, body)
}

/// A rendered page's bytes (maud's `Markup` is already escaped text).
pub fn bytes(markup: Markup) -> Vec<u8> {
    let PreEscaped(text) = markup;
    text.into_bytes()
}
