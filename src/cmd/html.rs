//! `podgraph html [GRAPH] -o DIR`: a built graph.json in (with the topics.json and related.json
//! beside it when they are there, else both computed from the graph), the offline explorer out
//! (`podgraph::site`), and one summary line on stderr. The folder is replaced whole: the site is
//! written into a temporary folder beside it and renamed into place, and a folder that is not
//! an earlier site is never replaced.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use podgraph::graph::KnowledgeGraph;
use podgraph::recommend::Related;
use podgraph::topics::TopicGraph;

#[derive(clap::Args)]
pub struct Args {
    /// A graph.json written by `podgraph build`
    #[arg(default_value_os_t = super::default_graph())]
    graph: PathBuf,
    /// Folder to write the site into (default: `site` beside the graph)
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Print nothing but errors
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let graph = super::load_graph(&args.graph)?;
    let beside = args.graph.parent().unwrap_or(Path::new(""));
    let output = args.output.clone().unwrap_or_else(|| beside.join("site"));
    let topics = load_topics(&graph, &beside.join("topics.json"))?;
    let related = load_related(&graph, &beside.join("related.json"))?;
    let input = podgraph::site::Input {
        graph: &graph,
        topics: &topics,
        related: &related,
    };
    let site = podgraph::site::build(&input);
    super::output::replace_dir(&output, podgraph::site::MARKER, |dir| {
        site.write_dir(dir)
            .with_context(|| format!("cannot write the site into {}", dir.display()))
    })?;
    if !args.quiet {
        eprintln!(
            "podgraph: html: {} pages ({} files, {:.1} MB) in {:.0} ms → {}/index.html",
            site.pages,
            site.files.len(),
            site.size() as f64 / 1e6,
            started.elapsed().as_secs_f64() * 1000.0,
            output.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// topics.json beside the graph, or the topic graph with `podgraph topics`' defaults.
fn load_topics(graph: &KnowledgeGraph, path: &Path) -> anyhow::Result<TopicGraph> {
    if !path.is_file() {
        return Ok(podgraph::topics::build(
            graph,
            &podgraph::topics::Params::default(),
        ));
    }
    let text = super::read_text(path)?;
    podgraph::export::topics::read(&text)
        .map_err(|message| anyhow::anyhow!("{} is not a topics.json: {message}", path.display()))
}

/// related.json beside the graph, or the related lists `build` would write.
fn load_related(graph: &KnowledgeGraph, path: &Path) -> anyhow::Result<Vec<Related>> {
    #[derive(serde::Deserialize)]
    struct File {
        episodes: Vec<Related>,
    }
    if !path.is_file() {
        let params = podgraph::recommend::Params::default();
        return Ok(podgraph::recommend::related_all(graph, &params));
    }
    let text = super::read_text(path)?;
    let file: File = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a related.json", path.display()))?;
    Ok(file.episodes)
}
