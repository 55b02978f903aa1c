//! Fuzzing on a stable toolchain: structured-random show notes (headings, host headers, bold,
//! links, nested list items, code fences, timestamps, front matter, odd Unicode, CRLF, very long
//! lines) driven by proptest through every target in `TARGETS`, each of which checks the
//! invariants of one stage and returns what broke instead of panicking. It never writes into
//! the source tree: a failure is shrunk, saved under `target/fuzz-found/` and becomes a
//! regression fixture only when someone copies it to `tests/fixtures/fuzz/`.
//!
//! - `cargo test fuzz` runs `QUICK_CASES` per target (fixed seed, ~13 s in debug) and replays every
//!   fixture in `tests/fixtures/fuzz/` through every target.
//! - `PODGRAPH_FUZZ_CASES=200000 cargo test --release -- --ignored fuzz` runs long, with a new
//!   seed each time.

use std::ops::Range;
use std::path::PathBuf;

use podgraph::extract::gazetteer::Gazetteer;
use podgraph::extract::{self, Mention};
use podgraph::graph::{self, Extracted, KnowledgeGraph};
use podgraph::hosts::Hosts;
use podgraph::ingest::{Document, Format};
use podgraph::segment::{self, Episode};
use podgraph::{export, markup};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

use crate::util;

/// One fuzz target: show-notes text in, `Err` naming the broken invariant out.
type Target = fn(&str) -> Result<(), String>;

/// Every target, by name. A new stage joins the fuzzer with one line here.
const TARGETS: &[(&str, Target)] = &[
    ("markup", markup_spans),
    ("segment", segment_cover),
    ("extract", extract_offsets),
    ("json", json_round_trip),
    ("dot", dot_parses),
    ("front_matter", front_matter_keeps_lines),
    ("feed", feed_keeps_every_entry),
];

/// Cases per target in a normal `cargo test`: enough to catch a regression in the common
/// shapes, few enough to stay within seconds in a debug build.
const QUICK_CASES: u32 = 150;
/// Cases per target for `--ignored fuzz` unless `PODGRAPH_FUZZ_CASES` says otherwise.
const LONG_CASES: u32 = 20_000;

#[test]
fn fuzz_every_target_briefly() {
    for &(name, target) in TARGETS {
        // A runner counts its cases across runs: each target gets its own, from a fixed seed.
        let mut runner = TestRunner::new_with_rng(config(QUICK_CASES), seeded());
        run(&mut runner, name, target);
    }
}

#[test]
#[ignore = "long fuzzing run: PODGRAPH_FUZZ_CASES=200000 cargo test --release -- --ignored fuzz"]
fn fuzz_every_target_long() {
    let cases = std::env::var("PODGRAPH_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(LONG_CASES);
    for &(name, target) in TARGETS {
        eprintln!("fuzz: {name}, {cases} cases");
        run(&mut TestRunner::new(config(cases)), name, target);
    }
}

/// The generator is not vacuous: its documents have topics with hosts, and mentions.
#[test]
fn fuzz_inputs_reach_every_stage() {
    let mut runner = TestRunner::new_with_rng(config(1), seeded());
    let strategy = notes();
    let (mut hosted, mut mentions) = (0, 0);
    for _ in 0..40 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        let episode = split(&text);
        hosted += episode.segments.iter().filter(|s| s.host.is_some()).count();
        mentions += extracted(&episode).iter().map(Vec::len).sum::<usize>();
    }
    eprintln!("fuzz inputs: {hosted} hosted segments, {mentions} mentions in 40 documents");
    assert!(
        hosted >= 10 && mentions >= 1000,
        "{hosted} hosted segments, {mentions} mentions"
    );
}

/// Every input the fuzzer ever broke a stage with, through every target.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = util::fixtures().join("fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for &(name, target) in TARGETS {
            let outcome = std::panic::catch_unwind(|| target(&text));
            assert!(
                matches!(outcome, Ok(Ok(()))),
                "{} breaks {name}: {:?}",
                file.display(),
                outcome.map_err(|_| "panicked")
            );
        }
    }
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..Config::default()
    }
}

fn seeded() -> proptest::test_runner::TestRng {
    proptest::test_runner::TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &[7; 32])
}

/// Runs one target; on failure saves the shrunk input where a fixture can be made from it.
fn run(runner: &mut TestRunner, name: &str, target: Target) {
    let result = runner.run(&notes(), |text| target(&text).map_err(TestCaseError::fail));
    let Err(err) = result else { return };
    let (reason, text) = match err {
        TestError::Fail(reason, text) => (reason.to_string(), text),
        TestError::Abort(reason) => panic!("fuzz {name} aborted: {reason}"),
    };
    let saved = save_found(name, &text);
    panic!(
        "fuzz {name}: {reason}\ninput saved to {} (copy it to tests/fixtures/fuzz/ once fixed): {text:?}",
        saved.display()
    );
}

fn save_found(name: &str, text: &str) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-found");
    let path = dir.join(format!("{name}-{:016x}.md", hasher.finish()));
    let _ = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, text));
    path
}

// ---------------------------------------------------------------------------------------------
// Inputs: show notes as they are written, and as they go wrong.

const WORDS: &[&str] = &[
    "pytest",
    "black",
    "Flask",
    "rich",
    "uv",
    "the",
    "by",
    "Guido",
    "van",
    "Rossum",
    "Ada",
    "Quill",
    "pip install httpx",
    "`pip install -U x`",
    "Python",
    "GitHub",
    "Microsoft",
    "Moore's law",
    "C",
    "Go",
    "C#",
    "#12",
    "#",
    "12:34",
    "1:02:03",
    "(00:12)",
    "episode 98",
    "pythonbytes.fm/98",
    "code PB15",
    "and",
    ",",
    ":",
    "•",
    "—",
    "é",
    "e\u{301}",
    "\u{200b}",
    "\u{feff}",
    "\u{202e}",
    "日本語",
    "🐍",
    "👩\u{200d}💻",
    "\t",
    "\\",
    "&amp;",
    "&#0;",
    "<b>",
    "</b>",
    "<!--",
    "*",
    "_",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "`",
    "|",
    "\u{0}",
    "\u{7f}",
    "ǅ",
    "İ",
    "ß",
    "ﬃ",
    "Ⅻ",
    "Special guest:",
    "University of Leeds",
    "Python Software Foundation",
    "django-admin",
    "pandas, numpy, and scipy",
    "Sponsored by",
    "@handle",
    "a.b.c",
];

const URLS: &[&str] = &[
    "https://pypi.org/project/Some_Pkg/",
    "https://github.com/owner/repo",
    "https://github.com/owner/repo/blob/main/x.py",
    "https://gitlab.com/group/sub/proj",
    "https://twitter.com/someone/status/1",
    "https://pythonbytes.fm/episodes/show/98/x",
    "https://example.com/a?b=c#d",
    "https://someone.github.io/repo",
    "http://x",
    "mailto:a@b.c",
    "",
    "https://例え.jp/パス",
    "https://pypi.org/project/",
    "https://github.com/",
];

const HOSTS: &[&str] = &["Brian", "Michael", "Brain", "BO", "MK", "Calvin", "İlker"];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "10",
    "99",
    "480",
    "4294967295",
    "4294967296",
    "99999999999999999999",
];

fn pick(list: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(list).prop_map(str::to_string).boxed()
}

/// Words, markup and links as they appear inside a line.
fn inline() -> BoxedStrategy<String> {
    let word = pick(WORDS);
    prop_oneof![
        6 => word.clone(),
        1 => word.clone().prop_map(|w| format!("**{w}**")),
        1 => word.clone().prop_map(|w| format!("*{w}*")),
        1 => word.clone().prop_map(|w| format!("`{w}`")),
        2 => (word.clone(), pick(URLS)).prop_map(|(w, u)| format!("[{w}]({u})")),
        1 => (word.clone(), pick(URLS)).prop_map(|(w, u)| format!("[**{w}**]({u})")),
        1 => pick(URLS),
        1 => pick(URLS).prop_map(|u| format!("<{u}>")),
        1 => (word, pick(URLS)).prop_map(|(w, u)| format!("[{w}][r]\n\n[r]: {u}")),
        1 => any::<char>().prop_map(String::from),
    ]
    .boxed()
}

fn phrase() -> BoxedStrategy<String> {
    prop::collection::vec(inline(), 0..8)
        .prop_map(|parts| parts.join(" "))
        .boxed()
}

/// A header in one of the shapes the notes have used, well-formed or broken.
fn header() -> BoxedStrategy<String> {
    // Mostly item numbers as written, sometimes ones that overflow or mean nothing.
    let number = prop_oneof![4 => (0..20u32).prop_map(|n| n.to_string()), 1 => pick(NUMBERS)];
    (pick(HOSTS), number, phrase(), pick(URLS), 0..10usize)
        .prop_map(|(host, n, title, url, shape)| match shape {
            0 => format!("**{host} #{n}:** [{title}]({url})"),
            1 => format!("{host} #{n}: {title}"),
            2 => format!("**#{n} ({host})**: {title}"),
            3 => format!("## **{host} #{n}: [{title}]({url})**"),
            4 => format!("**{host} #****{n}****:** {title}"),
            5 => format!("{host} {n}: {title}"),
            6 => format!("# Python Bytes {n}"),
            7 => format!("# #{n}: {title}"),
            8 => format!("#{n}: {title}"),
            _ => format!("**{n}: {title}**"),
        })
        .boxed()
}

fn section() -> BoxedStrategy<String> {
    let names = &[
        "Extras",
        "Joke",
        "News items",
        "Sponsor",
        "Picks",
        "Guests",
        "Chapters",
        "Links",
    ][..];
    (prop::sample::select(names), 0..4usize)
        .prop_map(|(name, shape)| match shape {
            0 => format!("**{name}**"),
            1 => format!("## {name}"),
            2 => format!("{name}:"),
            _ => format!("### **{name}:**"),
        })
        .boxed()
}

fn list_item() -> BoxedStrategy<String> {
    let markers = &["-", "*", "+", "1.", "2)", "•"][..];
    (0..8usize, prop::sample::select(markers), phrase())
        .prop_map(|(depth, marker, text)| format!("{}{marker} {text}", "  ".repeat(depth)))
        .boxed()
}

fn code_fence() -> BoxedStrategy<String> {
    // Rarely unclosed: an open fence swallows the rest of the document.
    let closed = prop::bool::weighted(0.9);
    (prop::collection::vec(phrase(), 0..4), closed, any::<bool>())
        .prop_map(|(lines, closed, tilde)| {
            let fence = if tilde { "~~~" } else { "```" };
            let close = if closed { fence } else { "" };
            format!("{fence}python\n{}\n{close}", lines.join("\n"))
        })
        .boxed()
}

fn timestamp() -> BoxedStrategy<String> {
    (0..100u32, 0..70u32, 0..3usize, phrase())
        .prop_map(|(m, s, shape, text)| match shape {
            0 => format!("{m:02}:{s:02} {text}"),
            1 => format!("- [{m}:{s:02}:{s:02}] {text}"),
            _ => format!("**({m}:{s:02})** {text}"),
        })
        .boxed()
}

fn front_matter() -> BoxedStrategy<String> {
    let keys = &["title", "date", "season", "episode", "guests", "tags", ""][..];
    let values = &[
        "2020-01-02",
        "\"quoted: value\"",
        "[a, b]",
        "|",
        "12",
        "-1",
        "2020-13-45",
        "~",
        "'",
    ][..];
    prop::collection::vec(
        (prop::sample::select(keys), prop::sample::select(values)),
        0..5,
    )
    .prop_map(|pairs| {
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        format!("---\n{}\n---", body.join("\n"))
    })
    .boxed()
}

/// One line (or a few, for blocks that need them) of show notes.
fn line() -> BoxedStrategy<String> {
    prop_oneof![
        4 => phrase(),
        3 => header(),
        2 => section(),
        4 => list_item(),
        1 => code_fence(),
        1 => timestamp(),
        1 => front_matter(),
        1 => phrase().prop_map(|t| format!("> {t}")),
        1 => (1..7usize, phrase()).prop_map(|(n, t)| format!("{} {t}", "#".repeat(n))),
        1 => Just("| a | b |\n|---|---|\n| `x` | [y](https://x.org) |".to_string()),
        1 => Just("<div>\n**not bold**\n</div>".to_string()),
        2 => Just(String::new()),
        1 => (inline(), 200..3000usize).prop_map(|(t, n)| format!("- {}", [t.as_str()].repeat(n).join(" "))),
    ]
    .boxed()
}

/// A whole document: maybe front matter, then lines joined by one line ending (sometimes mixed).
fn notes() -> BoxedStrategy<String> {
    let endings = &["\n", "\n", "\r\n", "\r"][..];
    (
        prop::option::of(front_matter()),
        // Each line with whether a blank line follows it (a new block, as headers mostly are).
        prop::collection::vec((line(), any::<bool>()), 0..30),
        prop::sample::select(endings),
        any::<bool>(),
    )
        .prop_map(|(fm, lines, ending, mixed)| {
            let mut text = fm.map(|f| f + "\n").unwrap_or_default();
            for (i, (line, blank)) in lines.iter().enumerate() {
                let ending = if mixed && i % 2 == 1 { "\r\n" } else { ending };
                text.push_str(line);
                text.push_str(ending);
                if *blank {
                    text.push_str(ending);
                }
            }
            text
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Targets: each checks one stage's invariants.

/// A document as ingest makes it: front matter read and blanked for markdown.
fn document(text: &str, format: Format) -> Document {
    let mut doc = Document::markdown("fuzz.md", text);
    doc.format = format;
    if format == Format::Markdown {
        let (meta, _) = podgraph::source::markdown(None, "fuzz.md", &mut doc.text);
        doc.meta = meta;
    }
    doc
}

/// Front matter: never panics, keeps every line (so evidence lines still match the file), and
/// blanks only a prefix of the text.
fn front_matter_keeps_lines(text: &str) -> Result<(), String> {
    let mut body = text.to_string();
    let parsed = podgraph::source::front_matter::split(&mut body);
    if body.matches('\n').count() != text.matches('\n').count() {
        return Err(format!("lines changed: {:?} -> {:?}", text, body));
    }
    if !text.ends_with(body.trim_start_matches('\n')) {
        return Err(format!("more than a prefix blanked: {body:?}"));
    }
    if let Some((line, _)) = parsed.problem {
        if line == 0 || line > text.lines().count().max(1) + 1 {
            return Err(format!("problem line {line} outside the text"));
        }
    }
    Ok(())
}

/// Lines as an editor counts them: `\r\n`, `\n` and a lone `\r` each end one.
fn line_count(text: &str) -> usize {
    text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count() + 1
}

fn check_range(what: &str, text: &str, range: &Range<usize>) -> Result<(), String> {
    if range.start > range.end || text.get(range.clone()).is_none() {
        return Err(format!(
            "{what} {range:?} does not slice a text of {} bytes on char boundaries",
            text.len()
        ));
    }
    Ok(())
}

/// Every block starts on a line of the document; every link, code and strong range slices the
/// block's text; code spans are sorted and disjoint (the binary search in `in_code` needs it).
fn markup_spans(text: &str) -> Result<(), String> {
    let lines = line_count(text);
    for format in [Format::Markdown, Format::PageText] {
        for block in markup::blocks(text, format) {
            if block.line == 0 || block.line > lines {
                return Err(format!(
                    "{format:?} block at line {} of {lines}",
                    block.line
                ));
            }
            for link in &block.links {
                check_range("link", &block.text, &link.range)?;
            }
            for range in block.code.iter().chain(&block.strong) {
                check_range("code or strong", &block.text, range)?;
            }
            if block.code.windows(2).any(|w| w[0].end > w[1].start) {
                return Err(format!(
                    "code spans overlap or are unsorted: {:?}",
                    block.code
                ));
            }
        }
    }
    Ok(())
}

/// The generator writes the Python Bytes hosts' names into its headers.
fn hosts() -> Hosts {
    podgraph::profile::Profile::hosts_for_site("pythonbytes.fm")
}

fn split(text: &str) -> Episode {
    segment::split(&document(text, Format::Markdown), &hosts()).0
}

/// Segments cover every block once, in order; their lines are in the document and in order.
fn segment_cover(text: &str) -> Result<(), String> {
    let lines = line_count(text);
    let episode = split(text);
    let mut next = 0;
    for seg in &episode.segments {
        if seg.blocks.start != next || seg.blocks.end < seg.blocks.start {
            return Err(format!("segment blocks {:?} after {next}", seg.blocks));
        }
        if seg.lines.0 == 0 || seg.lines.0 > seg.lines.1 || seg.lines.1 > lines {
            return Err(format!("segment lines {:?} of {lines}", seg.lines));
        }
        next = seg.blocks.end;
    }
    if next != episode.blocks.len() {
        return Err(format!(
            "segments end at block {next} of {}",
            episode.blocks.len()
        ));
    }
    if episode
        .title_block
        .is_some_and(|b| b >= episode.blocks.len())
    {
        return Err(format!(
            "title block {:?} of {}",
            episode.title_block,
            episode.blocks.len()
        ));
    }
    Ok(())
}

fn extracted(episode: &Episode) -> Vec<Vec<Mention>> {
    let hosts = hosts();
    let ctx = extract::Context::for_episode(Gazetteer::shared(), episode, &hosts);
    extract::extract_episode(episode, &ctx)
}

/// Every mention sits in a block of its own segment, on a line of the document at or after
/// that block's first; its span slices the block's text and holds the surface as written.
pub fn extract_offsets(text: &str) -> Result<(), String> {
    let lines = line_count(text);
    let episode = split(text);
    for (seg, mentions) in episode.segments.iter().zip(extracted(&episode)) {
        for m in &mentions {
            let (index, span) = m.place();
            let err = |what: String| Err(format!("{what}: {m:?}"));
            if !seg.blocks.contains(&index) {
                return err(format!("block {index} outside segment {:?}", seg.blocks));
            }
            let block = &episode.blocks[index];
            if m.line < block.line || m.line > lines {
                return err(format!("line {} outside {}..={lines}", m.line, block.line));
            }
            if m.surface.is_empty() || m.key.is_empty() {
                return err("empty surface or key".into());
            }
            if let Some(span) = span {
                check_range("mention span", &block.text, &span)?;
                if !holds_surface(block, &span, m) {
                    return err(format!(
                        "span text {:?} does not hold it",
                        &block.text[span]
                    ));
                }
            }
        }
    }
    Ok(())
}

/// A span holds the surface as written, except for a mention read from a link target
/// (`Some_Pkg` in a PyPI URL gives `some-pkg`), whose span is the URL or the link around it.
fn holds_surface(block: &markup::Block, span: &Range<usize>, m: &Mention) -> bool {
    let text = &block.text[span.clone()];
    if text.contains(m.surface.as_str()) {
        return true;
    }
    m.url.as_deref().is_some_and(|url| {
        text.contains(url)
            || block
                .links
                .iter()
                .any(|l| l.url == url && l.range.start <= span.start && span.end <= l.range.end)
    })
}

fn graph_of(text: &str) -> KnowledgeGraph {
    let episode = split(text);
    let mentions = extracted(&episode);
    graph::build(
        vec![Extracted {
            episode: &episode,
            mentions,
        }],
        &[],
        0.0,
    )
}

/// graph.json written, read back and written again gives the same bytes.
fn json_round_trip(text: &str) -> Result<(), String> {
    let graph = graph_of(text);
    let mut first = Vec::new();
    export::json::write(&graph, &mut first).map_err(|e| e.to_string())?;
    let first = String::from_utf8(first).map_err(|e| e.to_string())?;
    let back = export::json::read(&first).map_err(|e| format!("read back: {e}"))?;
    let mut second = Vec::new();
    export::json::write(&back, &mut second).map_err(|e| e.to_string())?;
    if first.as_bytes() != second {
        return Err("graph.json changes through a read and a write".into());
    }
    Ok(())
}

/// graph.dot parses with graphviz-rust's parser.
fn dot_parses(text: &str) -> Result<(), String> {
    let graph = graph_of(text);
    let mut dot = Vec::new();
    export::dot::write(&graph, None, &mut dot).map_err(|e| e.to_string())?;
    let dot = String::from_utf8(dot).map_err(|e| e.to_string())?;
    graphviz_rust::parse(&dot)
        .map(|_| ())
        .map_err(|e| format!("graphviz-rust: {e}"))
}

/// The text, escaped as XML 1.0 text (characters XML cannot hold at all are left out), in an
/// Atom feed three times: as escaped HTML, as XHTML elements, and plain. Every entry is read,
/// with its title, and the XHTML entry's notes are its markup as HTML.
fn feed_keeps_every_entry(text: &str) -> Result<(), String> {
    use podgraph::source::feed::{self, Notes};
    let allowed = |c: &char| {
        matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || *c >= '\u{10000}'
    };
    let clean: String = text.chars().filter(allowed).collect();
    let escaped = quick_xml::escape::escape(clean.as_str());
    let xml = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>\n\
         <entry><title>one</title><id>1</id><content type=\"html\">{escaped}</content></entry>\n\
         <entry><title>two</title><id>2</id><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>{escaped}</p></div></content></entry>\n\
         <entry><title>three</title><id>3</id><content>x</content></entry></feed>"
    );
    let mut items = Vec::new();
    let read = feed::read_xml(xml.as_bytes(), "f.atom", &mut |item| items.push(item));
    let titles: Vec<_> = items
        .iter()
        .map(|i| i.title.as_deref().unwrap_or(""))
        .collect();
    if titles != ["one", "two", "three"] {
        return Err(format!("entries read: {titles:?}; {:?}", read.diagnostics));
    }
    match &items[1].notes {
        Some(Notes::Html(html)) if html.starts_with("<div><p>") && html.ends_with("</p></div>") => {
            let _ = markup::html::to_markdown(html);
            Ok(())
        }
        other => Err(format!("the XHTML entry's notes: {other:?}")),
    }
}
