//! The offline explorer (`podgraph html`, `podgraph::site`): every page is there, every link and
//! script a page names is a file of the site, hostile titles and links are shown as text, the
//! same input gives the same bytes, and a folder that is not a site is never replaced.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use podgraph::site::{self, Input};

use crate::util;

fn podgraph() -> Command {
    Command::cargo_bin("podgraph").unwrap()
}

/// Builds `inputs` into `out/graph.json` (with related.json and topics.json) and the site into
/// `out/site`; returns the site's folder.
fn build_site(inputs: &Path, out: &Path) -> PathBuf {
    podgraph()
        .args(["build", "--quiet", "--topics", "-o"])
        .arg(out)
        .arg(inputs)
        .assert()
        .success();
    let site = out.join("site");
    podgraph()
        .arg("html")
        .arg(out.join("graph.json"))
        .arg("-o")
        .arg(&site)
        .assert()
        .success();
    site
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                found.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    found
}

/// The local targets of a page's `href` and `src` attributes, fragment removed.
fn local_links(html: &str) -> Vec<String> {
    let attribute = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    attribute
        .captures_iter(html)
        .map(|c| c[1].to_string())
        .filter(|link| !link.starts_with("http://") && !link.starts_with("https://"))
        .map(|link| link.split('#').next().unwrap_or("").to_string())
        .filter(|link| !link.is_empty())
        .collect()
}

/// The sample episodes, a fixed input with pytest in it.
fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("input")
}

#[test]
fn explorer_has_every_page_and_every_link_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let site = build_site(&sample(), tmp.path());
    let all = files(&site);
    for needed in [
        "index.html",
        "graph.html",
        "assets/search-data.js",
        "assets/topics-data.js",
        "vendor/cytoscape/cytoscape.min.js",
        "vendor/cytoscape/LICENSE",
        "entities/package.pypi.pytest.html",
    ] {
        assert!(all.contains_key(Path::new(needed)), "no {needed}");
    }
    let text = fs::read_to_string(tmp.path().join("graph.json")).unwrap();
    let graph = podgraph::export::json::read(&text).unwrap();
    let episodes = graph.episodes().count();
    let entities = graph.entities().count();
    let pages = |dir: &str| all.keys().filter(|p| p.starts_with(dir)).count();
    assert_eq!(pages("episodes"), episodes);
    assert_eq!(pages("entities"), entities);
    let mut checked = 0;
    for (path, bytes) in all
        .iter()
        .filter(|(p, _)| p.extension() == Some("html".as_ref()))
    {
        let html = std::str::from_utf8(bytes).unwrap();
        let dir = site.join(path).parent().unwrap().to_path_buf();
        for link in local_links(html) {
            assert!(
                dir.join(&link).is_file(),
                "{} links to missing {link}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(
        checked > 10 * (episodes + entities),
        "only {checked} links checked"
    );
}

#[test]
fn explorer_shows_hostile_text_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    fs::create_dir(&notes).unwrap();
    let hostile = "# #7: <script>alert(1)</script> and </script><!--\n\n\
        **Brian #1:** [**<img src=x onerror=alert(2)> pytest**](javascript:alert(3))\n\n\
        - [pytest](https://pypi.org/project/pytest/) and [coverage](https://pypi.org/project/coverage/)\n";
    fs::write(notes.join("7.md"), hostile).unwrap();
    let plain = "# #8: Plain\n\n**Michael #1:** [**Testing**](https://example.com)\n\n\
        - [pytest](https://pypi.org/project/pytest/) and [coverage](https://pypi.org/project/coverage/)\n";
    fs::write(notes.join("8.md"), plain).unwrap();
    let site = build_site(&notes, &tmp.path().join("out"));
    let all = files(&site);
    let page = all
        .iter()
        .find(|(p, b)| p.starts_with("episodes") && String::from_utf8_lossy(b).contains("alert(1)"))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .expect("the hostile episode has a page");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(
        !page.contains("<script>alert") && !page.contains("<img"),
        "{page}"
    );
    assert!(
        !page.contains("javascript:alert(3)\""),
        "a javascript: link was kept: {page}"
    );
    for (path, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        let is_data = path.starts_with("assets") && path.to_string_lossy().contains("data");
        if is_data {
            assert!(!text.contains('<'), "{} holds a raw <", path.display());
        }
        if path.ends_with("search-data.js") {
            assert!(text.contains("\\u003cscript\\u003ealert(1)"), "{text}");
        }
        assert!(!text.contains("href=\"javascript:"), "{}", path.display());
    }
}

#[test]
fn explorer_is_byte_identical_for_the_same_input() {
    let tmp = tempfile::tempdir().unwrap();
    let first = files(&build_site(&sample(), &tmp.path().join("a")));
    let second = files(&build_site(&sample(), &tmp.path().join("b")));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            bytes == &second[path],
            "{} differs between two runs",
            path.display()
        );
    }
}

#[test]
fn explorer_replaces_its_own_site_but_no_other_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = build_site(&sample(), tmp.path());
    fs::write(site.join("stale.html"), "old").unwrap();
    let graph = tmp.path().join("graph.json");
    podgraph()
        .arg("html")
        .arg(&graph)
        .arg("-o")
        .arg(&site)
        .arg("-q")
        .assert()
        .success();
    assert!(
        !site.join("stale.html").exists(),
        "the old site was not replaced whole"
    );
    assert!(site.join("index.html").is_file());
    let other = tmp.path().join("documents");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("thesis.txt"), "precious").unwrap();
    podgraph()
        .arg("html")
        .arg(&graph)
        .arg("-o")
        .arg(&other)
        .assert()
        .failure();
    assert_eq!(
        fs::read_to_string(other.join("thesis.txt")).unwrap(),
        "precious"
    );
    assert!(!other.join("index.html").exists());
}

#[test]
fn explorer_without_topics_or_related_computes_them() {
    let tmp = tempfile::tempdir().unwrap();
    let built = podgraph::build(&[sample()], &podgraph::Options::default(), &mut |_| {});
    let topics = podgraph::topics::build(&built.graph, &podgraph::topics::Params::default());
    let related =
        podgraph::recommend::related_all(&built.graph, &podgraph::recommend::Params::default());
    let input = Input {
        graph: &built.graph,
        topics: &topics,
        related: &related,
    };
    let from_library = site::build(&input);
    // The command, given a graph.json with no topics.json or related.json beside it.
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let mut json = Vec::new();
    podgraph::export::json::write(&built.graph, &mut json).unwrap();
    fs::write(out.join("graph.json"), json).unwrap();
    podgraph()
        .arg("html")
        .arg(out.join("graph.json"))
        .arg("-q")
        .assert()
        .success();
    let written = files(&out.join("site"));
    assert_eq!(written.len(), from_library.files.len());
    let data = &written[Path::new("assets/topics-data.js")];
    let expected = &from_library
        .files
        .iter()
        .find(|f| f.path == "assets/topics-data.js")
        .unwrap()
        .bytes;
    assert_eq!(data, expected, "the command's topic graph is the library's");
    assert!(String::from_utf8_lossy(data).contains("pytest"));
}

#[test]
fn explorer_of_the_corpus_stays_under_50_mb() {
    let Some(notes) = util::show_notes() else {
        return;
    };
    let built = podgraph::build(&[notes], &podgraph::Options::default(), &mut |_| {});
    let topics = podgraph::topics::build(&built.graph, &podgraph::topics::Params::default());
    let input = Input {
        graph: &built.graph,
        topics: &topics,
        related: &[],
    };
    let site = site::build(&input);
    assert!(site.pages > 4000, "{} pages", site.pages);
    assert!(site.size() < 50_000_000, "{} bytes", site.size());
}
