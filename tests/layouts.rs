//! Shows that never number their episodes, in the layouts static-site generators use: Jekyll
//! `_posts/YYYY-MM-DD-slug.md`, Hugo `content/episodes/slug/index.md` with TOML front matter,
//! numbered and unnumbered episodes mixed in one show, and a feed of dated items. Every episode
//! gets an id from its date and slug, a title and a date, and takes part in related lists and
//! queries.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::util;

fn layout(name: &str) -> std::path::PathBuf {
    util::fixtures().join("layouts").join(name)
}

/// Builds a layout into a temporary folder and returns graph.json's episodes and related.json.
fn built(name: &str) -> (tempfile::TempDir, Vec<Value>, Vec<Value>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    Command::cargo_bin("podgraph")
        .unwrap()
        .args(["build", "--quiet", "-o"])
        .arg(&out)
        .arg(layout(name))
        .assert()
        .success();
    let graph: Value =
        serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    let episodes = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "episode")
        .cloned()
        .collect();
    let related: Value =
        serde_json::from_slice(&std::fs::read(out.join("related.json")).unwrap()).unwrap();
    (
        tmp,
        episodes,
        related["episodes"].as_array().unwrap().clone(),
    )
}

fn ids(episodes: &[Value]) -> Vec<&str> {
    episodes.iter().map(|e| e["id"].as_str().unwrap()).collect()
}

#[test]
fn jekyll_posts_are_dated_episodes_with_ids_titles_and_related_lists() {
    let (_tmp, episodes, related) = built("jekyll");
    assert_eq!(
        ids(&episodes),
        [
            "episode:tiny-cast:2019-08-08-tuning-postgres",
            "episode:tiny-cast:2019-08-15-fast-builds",
            "episode:tiny-cast:2019-08-22-cache-everything",
            "episode:tiny-cast:2019-08-29-tuning-postgres",
        ]
    );
    for e in &episodes {
        assert!(e.get("number").is_none(), "a date is never a number: {e}");
        assert!(e["title"].as_str().is_some_and(|t| !t.is_empty()), "{e}");
        assert!(e["date"].as_str().is_some(), "{e}");
    }
    // Front matter wins over the file name; the name's date fills in when the block has none.
    assert_eq!(episodes[0]["date"], "2019-08-08");
    assert_eq!(episodes[3]["date"], "2019-08-29");
    assert_eq!(related.len(), 4);
    for r in &related {
        assert!(r.get("episode").is_none(), "{r}");
        assert!(r["date"].as_str().is_some(), "{r}");
        let list = r["related"].as_array().unwrap();
        assert!(!list.is_empty(), "every episode has related episodes: {r}");
        assert!(list
            .iter()
            .all(|x| x["id"].as_str().is_some() && x["date"].as_str().is_some()));
    }
}

#[test]
fn hugo_page_bundles_take_their_folder_as_slug() {
    let (_tmp, episodes, related) = built("hugo");
    assert_eq!(
        ids(&episodes),
        [
            "episode:hugo:2021-03-04-tuning-postgres",
            "episode:hugo:2021-03-11-fast-builds",
            "episode:hugo:2021-03-18-cache-everything",
        ]
    );
    assert_eq!(episodes[0]["title"], "Tuning Postgres");
    assert!(related
        .iter()
        .all(|r| !r["related"].as_array().unwrap().is_empty()));
}

#[test]
fn a_feed_without_numbers_gives_date_slug_ids_and_related_lists() {
    let (_tmp, episodes, related) = built("feed");
    assert_eq!(
        ids(&episodes),
        [
            "episode:dated-cast:2019-08-08-tuning-postgres",
            "episode:dated-cast:2019-08-15-fast-builds",
            "episode:dated-cast:2019-08-22-cache-everything",
            "episode:dated-cast:2019-08-29-postgres-again",
        ]
    );
    assert!(episodes.iter().all(|e| e.get("number").is_none()));
    assert_eq!(episodes[1]["title"], "Fast builds");
    let first = &related[0];
    assert_eq!(
        first["related"][0]["id"], "episode:dated-cast:2019-08-29-postgres-again",
        "the episode sharing PostgreSQL, pgbadger and psycopg ranks first: {first}"
    );
    assert!(related
        .iter()
        .all(|r| r["date"].as_str().is_some() && !r["related"].as_array().unwrap().is_empty()));
}

#[test]
fn numbered_and_unnumbered_episodes_rank_each_other() {
    let (_tmp, episodes, related) = built("mixed");
    assert_eq!(
        ids(&episodes),
        [
            "episode:mixed:12",
            "episode:mixed:13",
            "episode:mixed:2022-05-08-bonus-interview",
        ]
    );
    let bonus = related
        .iter()
        .find(|r| r["id"] == "episode:mixed:2022-05-08-bonus-interview")
        .unwrap();
    assert_eq!(bonus["related"][0]["episode"], 12, "{bonus}");
    let twelve = related.iter().find(|r| r["episode"] == 12).unwrap();
    assert_eq!(
        twelve["related"][0]["id"], "episode:mixed:2022-05-08-bonus-interview",
        "{twelve}"
    );
}

#[test]
fn queries_take_a_date_a_slug_or_an_id_and_list_candidates() {
    let (tmp, _, _) = built("jekyll");
    let graph = tmp.path().join("out/graph.json");
    let run = |args: &[&str]| {
        Command::cargo_bin("podgraph")
            .unwrap()
            .args(args)
            .arg(&graph)
            .assert()
    };
    run(&["episode", "2019-08-15"])
        .success()
        .stdout(predicate::str::contains("Fast builds with sccache"));
    run(&["related", "fast"]).success();
    run(&["episode", "episode:tiny-cast:2019-08-22-cache-everything"])
        .success()
        .stdout(predicate::str::contains("Cache everything"));
    // Two posts share the slug: both are listed, neither is guessed.
    run(&["episode", "tuning"])
        .code(2)
        .stderr(predicate::str::contains("2019-08-08-tuning-postgres"))
        .stderr(predicate::str::contains("2019-08-29-tuning-postgres"));
}

#[test]
fn dated_urls_in_the_profile_find_references_between_posts() {
    let report = podgraph::recommend::evaluate::corpus(
        &[layout("jekyll")],
        &podgraph::Options::default(),
        &[podgraph::recommend::Params::default()],
        10,
    );
    let ids: Vec<&str> = report
        .graph
        .episodes()
        .map(|(_, e)| e.id.as_str())
        .collect();
    let pairs: Vec<(&str, &str)> = report
        .pairs
        .iter()
        .map(|p| (ids[p.citing as usize], ids[p.cited as usize]))
        .collect();
    assert_eq!(
        pairs,
        [(
            "episode:tiny-cast:2019-08-15-fast-builds",
            "episode:tiny-cast:2019-08-08-tuning-postgres"
        )]
    );
}

/// The Syntax notes laid out as dated posts (`_posts/YYYY-MM-DD-slug.md`, `number:` removed)
/// give every post an episode with its title, date and related list, and the same
/// recommendations as the numbered files.
#[test]
fn syntax_as_dated_posts_recommends_what_the_numbered_files_do() {
    let Some(shared) = util::shared() else { return };
    let shows = shared.join("corpus/syntax/shows");
    if !shows.is_dir() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let posts = tmp.path().join("syntax/_posts");
    std::fs::create_dir_all(&posts).unwrap();
    let numbered = podgraph::build(
        std::slice::from_ref(&shows),
        &podgraph::Options::default(),
        &mut |_| {},
    );
    let mut post_of: std::collections::HashMap<String, String> = Default::default();
    for (_, e) in numbered.graph.episodes() {
        let text = std::fs::read_to_string(&e.source).unwrap();
        let date = e.date.clone().expect("every Syntax episode has a date");
        let slug = podgraph::source::slugify(e.title.as_deref().unwrap_or("untitled"));
        let name = format!("{date}-{slug}.md");
        let dated: String = text
            .lines()
            .filter(|l| !l.starts_with("number:"))
            .map(|l| format!("{l}\n"))
            .collect();
        // Two posts of one day and title would be one file: keep them apart by number.
        let path = if posts.join(&name).exists() {
            posts.join(format!("{date}-{slug}-{}.md", e.number.unwrap()))
        } else {
            posts.join(&name)
        };
        std::fs::write(&path, dated).unwrap();
        post_of.insert(e.id.clone(), path.display().to_string());
    }
    let dated = podgraph::build(
        &[tmp.path().join("syntax")],
        &podgraph::Options::default(),
        &mut |_| {},
    );
    let episodes: Vec<_> = dated.graph.episodes().map(|(_, e)| e.clone()).collect();
    let numbered_count = numbered.graph.episodes().count();
    let with_title = episodes
        .iter()
        .filter(|e| e.title.is_some() && e.date.is_some())
        .count();
    // Only a post whose name says so right after its date is numbered (a title "Episode 500"
    // makes `2022-08-22-episode-500.md`, which the explicit-form rule reads as 500).
    let with_number = episodes.iter().filter(|e| e.number.is_some()).count();
    let explicit = episodes
        .iter()
        .filter(|e| e.number.is_some())
        .all(|e| e.source.contains("-episode-") || e.source.contains("-ep"));
    let params = podgraph::recommend::Params::default();
    let lists_dated = podgraph::recommend::related_all(&dated.graph, &params);
    let lists_numbered = podgraph::recommend::related_all(&numbered.graph, &params);
    let with_list = lists_dated.iter().filter(|r| !r.related.is_empty()).count();
    // Map each numbered list into post sources and compare with the dated lists.
    let source_of_dated: std::collections::HashMap<&str, &str> = episodes
        .iter()
        .map(|e| (e.id.as_str(), e.source.as_str()))
        .collect();
    let dated_by_source: std::collections::HashMap<&str, Vec<&str>> = lists_dated
        .iter()
        .map(|r| {
            let list = r
                .related
                .iter()
                .map(|x| source_of_dated[x.id.as_str()])
                .collect();
            (source_of_dated[r.id.as_str()], list)
        })
        .collect();
    let (mut total, mut agree) = (0, 0);
    for r in &lists_numbered {
        let Some(mine) = post_of
            .get(&r.id)
            .and_then(|s| dated_by_source.get(s.as_str()))
        else {
            continue;
        };
        for x in &r.related {
            total += 1;
            agree += usize::from(
                post_of
                    .get(&x.id)
                    .is_some_and(|p| mine.contains(&p.as_str())),
            );
        }
    }
    let share = agree as f64 / total.max(1) as f64;
    println!(
        "syntax as dated posts: {} episodes from {} posts, {with_number} numbered, {with_title} with title and date, {with_list} with a related list; top-10 agreement {share:.3} ({agree}/{total})",
        episodes.len(),
        numbered_count
    );
    assert_eq!(episodes.len(), numbered_count);
    assert!(explicit && with_number <= 2, "{with_number} numbered");
    assert_eq!(with_title, episodes.len());
    assert!(
        with_list as f64 >= 0.99 * episodes.len() as f64,
        "{with_list}"
    );
    assert!(share >= 0.95, "{share}");
}
