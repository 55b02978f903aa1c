//! Feeds and saved pages as input: the sample feed in input/feed, RSS, Atom, JSON Feed and HTML
//! pages written here in temporary folders, hostile feeds (XXE, billion laughs, truncated,
//! malformed, 50,000 items, items without notes or with a guid twice), and the real Syntax and
//! Python Bytes notes rendered to a feed with pulldown-cmark, which must give the graph the
//! markdown gives.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use podgraph::error::Severity;
use podgraph::graph::{EdgeKind, KnowledgeGraph, Node};
use podgraph::recommend::{self, evaluate, Params};
use podgraph::segment::SegmentKind;

use crate::util;

#[path = "../examples/common/render.rs"]
mod render;

fn build(inputs: &[PathBuf]) -> podgraph::Built {
    podgraph::build(inputs, &podgraph::Options::default(), &mut |_| {})
}

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("input/feed/feed.xml")
}

/// An episode's number, title and date.
type Facts = (Option<u32>, Option<String>, Option<String>);

/// Episodes by id: number, title, date.
fn episodes(graph: &KnowledgeGraph) -> BTreeMap<String, Facts> {
    graph
        .episodes()
        .map(|(_, e)| (e.id.clone(), (e.number, e.title.clone(), e.date.clone())))
        .collect()
}

/// Every (episode id, entity id) pair a segment's `mentions` edge makes.
fn mentions(graph: &KnowledgeGraph) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (episode, e) in graph.episodes() {
        for (segment, _) in graph.out(episode, EdgeKind::HasSegment) {
            for (entity, _) in graph.out(segment, EdgeKind::Mentions) {
                out.insert((e.id.clone(), graph.graph[entity].id().to_string()));
            }
        }
    }
    out
}

fn segments_of(graph: &KnowledgeGraph, id: &str) -> Vec<(SegmentKind, String, Option<u32>)> {
    let episode = graph.node(id).expect("the episode is in the graph");
    graph
        .out(episode, EdgeKind::HasSegment)
        .into_iter()
        .filter_map(|(s, _)| match &graph.graph[s] {
            Node::Segment(s) => Some((s.segment_kind, s.title.clone(), s.start)),
            _ => None,
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn feeds_sample_gives_episodes_chapters_guests_and_the_show() {
    let built = build(&[sample()]);
    let eps = episodes(&built.graph);
    let numbers: Vec<Option<u32>> = eps.values().map(|e| e.0).collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
    let three = &eps["episode:tiny-stack:s1e3"];
    assert_eq!(three.1.as_deref(), Some("Parsers all the way down"));
    assert_eq!(three.2.as_deref(), Some("2024-03-05"));
    let node = built.graph.node("episode:tiny-stack:s1e3").unwrap();
    let Node::Episode(node) = &built.graph.graph[node] else {
        panic!("not an episode")
    };
    // `<itunes:duration>41:07</itunes:duration>`, in seconds.
    assert_eq!(node.duration, Some(41 * 60 + 7));
    assert_eq!(
        eps["episode:tiny-stack:2"].1.as_deref(),
        Some("Small binaries")
    );
    // The channel names the show and its hosts.
    let profile = &built.profiles[0];
    assert_eq!(profile.name, "Tiny Stack");
    assert_eq!(profile.sites, ["tinystack.example"]);
    let hosts: Vec<&str> = profile.hosts.iter().map(|h| h.name.as_str()).collect();
    // A host named on one item only (a guest host) is one of the show's hosts too.
    assert_eq!(hosts, ["Ada Quill", "Bo Lindqvist", "Dee Okafor"]);
    // Chapters from the local JSON file (one hidden from the table of contents) and inline.
    let chapters = |id: &str| -> Vec<(String, Option<u32>)> {
        segments_of(&built.graph, id)
            .into_iter()
            .filter(|s| s.0 == SegmentKind::Chapter)
            .map(|s| (s.1, s.2))
            .collect()
    };
    assert_eq!(
        chapters("episode:tiny-stack:s1e3"),
        [
            ("Welcome".to_string(), Some(0)),
            ("Pull parsers".to_string(), Some(95)),
            ("Parsing HTML like a browser".to_string(), Some(1260)),
        ]
    );
    assert_eq!(chapters("episode:tiny-stack:2").len(), 3);
    // The guest named by podcast:person is a person mentioned in a guests segment.
    let guest = built
        .graph
        .find_entity("Carmen Ostrowski")
        .expect("the guest");
    let Node::Entity(entity) = &built.graph.graph[guest] else {
        panic!("an entity")
    };
    assert_eq!(entity.kind, podgraph::extract::EntityKind::Person);
    let segments = built.graph.incoming(guest, EdgeKind::Mentions);
    assert!(segments.iter().any(|(s, e)| {
        matches!(&built.graph.graph[*s], Node::Segment(s) if s.segment_kind == SegmentKind::Guests)
            && e.evidence
                .iter()
                .any(|ev| ev.url.as_deref() == Some("https://carmen.example"))
    }));
    // Notes: HTML lists and links became entities; the script did not.
    let found = mentions(&built.graph);
    for entity in ["quick-xml", "lxml", "serde-json", "httpx"] {
        assert!(
            found.iter().any(|(_, id)| id.ends_with(entity)),
            "{entity} in {found:?}"
        );
    }
    assert!(!found.iter().any(|(_, id)| id.contains("tracklistens")));
    // The remote transcript is named, not fetched; nothing else is wrong with the sample.
    assert_eq!(built.diagnostics.len(), 1, "{:?}", built.diagnostics);
    assert!(built.diagnostics[0]
        .message
        .contains("https://tinystack.example/2.vtt"));
}

const NOTES: [(&str, &str, &str); 2] = [
    (
        "Fast builds",
        "2023-01-05",
        "<p>Why <a href=\"https://github.com/mozilla/sccache\">sccache</a> and <code>mold</code> speed up Rust builds.</p>",
    ),
    (
        "Caching everything",
        "2023-01-12",
        "<h2>Topics</h2><ul><li><a href=\"https://github.com/mozilla/sccache\">sccache</a> again</li><li><a href=\"https://redis.io\">Redis</a></li></ul>",
    ),
];

/// The notes as an Atom feed: escaped HTML (`type="html"`), or as XHTML elements (`"xhtml"`).
fn atom(kind: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Build Cast</title>\n",
    );
    for (i, (title, date, html)) in NOTES.iter().enumerate() {
        let content = match kind {
            "xhtml" => format!("<div xmlns=\"http://www.w3.org/1999/xhtml\">{html}</div>"),
            _ => html.replace('&', "&amp;").replace('<', "&lt;"),
        };
        out.push_str(&format!(
            "<entry><id>urn:{i}</id><title>Episode {}: {title}</title><published>{date}T10:00:00Z</published>\n<content type=\"{kind}\">{content}</content></entry>\n",
            i + 1
        ));
    }
    out + "</feed>\n"
}

fn json_feed() -> String {
    let items: Vec<serde_json::Value> = NOTES
        .iter()
        .enumerate()
        .map(|(i, (title, date, html))| {
            serde_json::json!({"id": i.to_string(), "title": format!("Episode {}: {title}", i + 1),
                "date_published": format!("{date}T10:00:00Z"), "content_html": html})
        })
        .collect();
    serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "Build Cast", "items": items})
        .to_string()
}

fn page(i: usize) -> String {
    let (title, date, html) = NOTES[i];
    format!(
        r#"<!DOCTYPE html><html><head><title>Build Cast</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"PodcastEpisode","name":"{title}","episodeNumber":{},"datePublished":"{date}"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav><main>{html}</main><footer>Build Cast</footer></body></html>"#,
        i + 1
    )
}

#[test]
fn feeds_atom_xhtml_json_feed_and_saved_pages_give_the_same_episodes_and_mentions() {
    let tmp = tempfile::tempdir().unwrap();
    let forms: Vec<Vec<PathBuf>> = vec![
        vec![write(tmp.path(), "feed.atom", &atom("html"))],
        vec![write(tmp.path(), "xhtml.atom", &atom("xhtml"))],
        vec![write(tmp.path(), "feed.json", &json_feed())],
        {
            let pages = tmp.path().join("pages");
            fs::create_dir(&pages).unwrap();
            (0..NOTES.len())
                .map(|i| write(&pages, &format!("ep{}.html", i + 1), &page(i)))
                .collect()
        },
    ];
    let results: Vec<_> = forms
        .iter()
        .map(|inputs| {
            let built = build(inputs);
            assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
            let eps: Vec<_> = episodes(&built.graph).into_values().collect();
            let ids: BTreeSet<String> = mentions(&built.graph)
                .into_iter()
                .map(|(e, id)| format!("{}:{id}", e.rsplit(':').next().unwrap()))
                .collect();
            (eps, ids)
        })
        .collect();
    assert_eq!(results[0].0.len(), 2);
    assert_eq!(
        results[0].0[0],
        (
            Some(1),
            Some("Fast builds".into()),
            Some("2023-01-05".into())
        )
    );
    assert!(
        results[0].1.iter().any(|m| m.contains("sccache")),
        "{:?}",
        results[0].1
    );
    for other in &results[1..] {
        assert_eq!(other, &results[0]);
    }
}

#[test]
fn feeds_are_found_by_content_and_in_folder_walks() {
    let tmp = tempfile::tempdir().unwrap();
    // No extension at all: the content says RSS.
    let named = write(
        tmp.path(),
        "podcast",
        "<rss><channel><title>N</title><item><title>#4: Four</title><description>&lt;p&gt;four&lt;/p&gt;</description></item></channel></rss>",
    );
    let built = build(&[named]);
    assert_eq!(
        episodes(&built.graph).into_values().next().unwrap().0,
        Some(4)
    );
    // A walk reads a feed, passes over a chapters file (read through its feed) and reports other
    // JSON.
    let dir = tmp.path().join("walk");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("feed.json"), json_feed()).unwrap();
    fs::write(dir.join("chapters.json"), "{\"chapters\": []}").unwrap();
    fs::write(dir.join("other.json"), "{\"a\": 1}").unwrap();
    let built = build(&[dir]);
    assert_eq!(built.episodes, 2);
    assert_eq!(
        built.profiles.len(),
        1,
        "the feed; the folder has no notes of its own"
    );
    assert_eq!(built.diagnostics.len(), 1, "{:?}", built.diagnostics);
    assert!(built.diagnostics[0].path.ends_with("other.json"));
    assert!(built.diagnostics[0].message.contains("not a JSON Feed"));
}

/// A feed with the given items' XML, in a temporary folder.
fn feed_file(dir: &Path, prolog: &str, items: &str) -> PathBuf {
    write(
        dir,
        "feed.xml",
        &format!("<?xml version=\"1.0\"?>\n{prolog}<rss version=\"2.0\"><channel><title>H</title>\n{items}</channel></rss>\n"),
    )
}

fn item(n: u32, notes: &str) -> String {
    format!("<item><title>#{n}: Item {n}</title><guid>g{n}</guid><description>{notes}</description></item>\n")
}

#[test]
fn feeds_never_expand_external_entities() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = write(tmp.path(), "secret.txt", "TOP-SECRET-VALUE");
    let prolog = format!(
        "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://{}\">]>\n",
        secret.display()
    );
    let path = feed_file(tmp.path(), &prolog, &item(1, "before &xxe; after"));
    let (corpus, diags) = podgraph::ingest::collect(&[path], &Default::default());
    assert_eq!(corpus.documents.len(), 1);
    let text = &corpus.documents[0].text;
    assert!(text.contains("before") && text.contains("after"), "{text}");
    assert!(!text.contains("TOP-SECRET"), "{text}");
    assert!(
        diags.iter().any(|d| d.message.contains("&xxe;")),
        "{diags:?}"
    );
}

#[test]
fn feeds_never_expand_a_billion_laughs() {
    let tmp = tempfile::tempdir().unwrap();
    let mut prolog = String::from("<!DOCTYPE rss [\n<!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        prolog.push_str(&format!("<!ENTITY lol{i} \"{refs}\">\n"));
    }
    prolog.push_str("]>\n");
    let path = feed_file(tmp.path(), &prolog, &item(1, "laugh: &lol9;"));
    let (corpus, diags) = podgraph::ingest::collect(&[path], &Default::default());
    assert_eq!(corpus.documents.len(), 1);
    assert!(
        corpus.documents[0].text.len() < 100,
        "{}",
        corpus.documents[0].text
    );
    assert!(!corpus.documents[0].text.contains("lollol"));
    assert!(
        diags.iter().any(|d| d.message.contains("DOCTYPE")),
        "{diags:?}"
    );
}

#[test]
fn feeds_truncated_keep_the_items_before_the_damage() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = feed_file(
        tmp.path(),
        "",
        &(1..=3).map(|n| item(n, "notes")).collect::<String>(),
    );
    let text = fs::read_to_string(&whole).unwrap();
    let cut = &text[..text.find("<item><title>#3").unwrap() + 30];
    let path = write(tmp.path(), "cut.xml", cut);
    let (corpus, diags) =
        podgraph::ingest::collect(std::slice::from_ref(&path), &Default::default());
    let numbers: Vec<_> = corpus.documents.iter().map(|d| d.meta.number).collect();
    assert_eq!(numbers, [Some(1), Some(2)]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].path, path);
    assert_eq!(diags[0].line, Some(5), "{diags:?}");
    assert_eq!(diags[0].severity, Severity::Skipped);
}

#[test]
fn feeds_malformed_keep_the_items_before_the_damage() {
    let tmp = tempfile::tempdir().unwrap();
    let items = format!(
        "{}{}<item><title>bad</title></guid>\n{}",
        item(1, "a"),
        item(2, "b"),
        item(3, "c")
    );
    let path = feed_file(tmp.path(), "", &items);
    let (corpus, diags) =
        podgraph::ingest::collect(std::slice::from_ref(&path), &Default::default());
    assert_eq!(corpus.documents.len(), 2);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        (diags[0].path.as_path(), diags[0].line),
        (path.as_path(), Some(5))
    );
    assert!(diags[0].message.contains("malformed"), "{diags:?}");
}

#[test]
fn feeds_report_items_without_notes_and_guids_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let items = format!(
        "{}<item><title>#2: Silent</title><guid>g2</guid></item>\n{}",
        item(1, "one"),
        item(3, "three").replace("g3", "g1")
    );
    let path = feed_file(tmp.path(), "", &items);
    let (corpus, diags) = podgraph::ingest::collect(&[path], &Default::default());
    assert_eq!(corpus.documents.len(), 2);
    assert_eq!(diags.len(), 2, "{diags:?}");
    assert!(
        diags[0].message.contains("no notes") && diags[0].line == Some(4),
        "{diags:?}"
    );
    assert!(
        diags[1].message.contains("guid \"g1\"") && diags[1].line == Some(5),
        "{diags:?}"
    );
}

/// Writes a feed of `n` short items, streaming, as a long-running show's would be.
pub fn synthetic_feed(path: &Path, n: u32) {
    let mut out = std::io::BufWriter::new(fs::File::create(path).unwrap());
    writeln!(
        out,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Long</title>"
    )
    .unwrap();
    for i in 1..=n {
        writeln!(
            out,
            "<item><title>#{i}: Item {i}</title><guid>g{i}</guid><description>&lt;p&gt;Notes on &lt;a href=\"https://pypi.org/project/pkg{}/\"&gt;pkg{}&lt;/a&gt; and topic {i}.&lt;/p&gt;</description></item>",
            i % 500,
            i % 500
        )
        .unwrap();
    }
    writeln!(out, "</channel></rss>").unwrap();
}

#[test]
fn feeds_of_fifty_thousand_items_are_read_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("long.xml");
    synthetic_feed(&path, 50_000);
    let (corpus, diags) = podgraph::ingest::collect(&[path], &Default::default());
    assert!(diags.is_empty(), "{:?}", &diags[..diags.len().min(3)]);
    assert_eq!(corpus.documents.len(), 50_000);
    assert_eq!(corpus.documents[49_999].meta.number, Some(50_000));
    assert!(corpus.documents[49_999].source.ends_with("long.xml#50000"));
}

/// A show's notes and the same notes as a feed give the same episodes, at least 98% of the same
/// mentions, the same related lists (90% of top-10 entries) and the same hit@10 (± 0.01).
fn same_graph_as_a_feed(notes: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = [notes.to_path_buf()];
    let options = podgraph::Options::default();
    let markdown = build(&inputs);
    let feed = tmp.path().join("feed.xml");
    render::write_feed(&markdown, &inputs, &mut fs::File::create(&feed).unwrap()).unwrap();
    let as_feed = build(std::slice::from_ref(&feed));
    assert!(
        !as_feed
            .diagnostics
            .iter()
            .any(|d| d.severity >= Severity::Skipped),
        "{:?}",
        as_feed.diagnostics
    );
    let (ea, eb) = (episodes(&markdown.graph), episodes(&as_feed.graph));
    let differ: Vec<_> = ea
        .iter()
        .filter(|(id, facts)| eb.get(*id) != Some(facts))
        .map(|(id, facts)| (id, facts, eb.get(id)))
        .take(5)
        .collect();
    assert!(differ.is_empty() && ea.len() == eb.len(), "{differ:?}");

    let (a, b) = (mentions(&markdown.graph), mentions(&as_feed.graph));
    let same = a.intersection(&b).count();
    let agreement = same as f64 / a.len().max(b.len()) as f64;
    let only_md: Vec<_> = a.difference(&b).take(5).collect();
    let only_feed: Vec<_> = b.difference(&a).take(5).collect();
    eprintln!(
        "{}: {} mentions as markdown, {} as a feed, {:.4} the same",
        notes.display(),
        a.len(),
        b.len(),
        agreement
    );
    assert!(
        agreement >= 0.98,
        "{agreement:.4}; only in markdown {only_md:?}; only in the feed {only_feed:?}"
    );

    let top = |graph: &KnowledgeGraph| -> BTreeSet<(String, String)> {
        recommend::related_all(graph, &Params::default())
            .into_iter()
            .flat_map(|r| {
                let id = r.id.clone();
                r.related
                    .into_iter()
                    .take(10)
                    .map(move |x| (id.clone(), x.id))
            })
            .collect()
    };
    let (ta, tb) = (top(&markdown.graph), top(&as_feed.graph));
    let related = ta.intersection(&tb).count() as f64 / ta.len().max(1) as f64;
    eprintln!("related top-10 entries the same: {related:.4}");
    assert!(related >= 0.9, "{related:.4}");

    let hit = |input: &Path| {
        let report = evaluate::corpus(&[input.to_path_buf()], &options, &[Params::default()], 10);
        assert!(!report.pairs.is_empty());
        eprintln!("{}: {} pairs", input.display(), report.pairs.len());
        report.figures[0].hit_either
    };
    let (hm, hf) = (hit(notes), hit(&feed));
    eprintln!("hit@10: markdown {hm:.4}, feed {hf:.4}");
    assert!(
        (hm - hf).abs() <= 0.01,
        "hit@10 markdown {hm:.4}, feed {hf:.4}"
    );
}

#[test]
fn feeds_syntax_notes_as_a_feed_give_the_same_graph() {
    let Some(shared) = util::shared() else { return };
    same_graph_as_a_feed(&shared.join("corpus/syntax/shows"));
}

#[test]
fn feeds_python_bytes_notes_as_a_feed_give_the_same_graph() {
    let Some(notes) = util::show_notes() else {
        return;
    };
    same_graph_as_a_feed(&notes);
}
