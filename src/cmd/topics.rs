//! `podgraph topics`: a built graph.json in, DIR/topics.json out (the entities linked by the
//! episodes that mention them together, grouped into named communities), and a short summary
//! on stderr. `build --topics` writes the same file through [`write`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use podgraph::extract::EntityKind;
use podgraph::graph::KnowledgeGraph;
use podgraph::topics::{Params, TopicGraph};

#[derive(clap::Args)]
pub struct Args {
    /// A graph.json written by `podgraph build`
    #[arg(default_value_os_t = super::default_graph())]
    graph: PathBuf,
    /// Folder to write topics.json into (default: the graph's folder)
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Keep links between entities mentioned together in at least this many episodes
    #[arg(long, default_value_t = 2)]
    min_episodes: u32,
    /// Keep only the N strongest links (by episodes × NPMI)
    #[arg(long)]
    top_edges: Option<usize>,
    /// Only entities of this kind (repeat, or separate with commas, for several)
    #[arg(long, value_parser = super::entities::parse_kind, value_delimiter = ',')]
    kind: Vec<EntityKind>,
    /// Count segments marked as boilerplate too
    #[arg(long)]
    include_boilerplate: bool,
    /// Keep the shows' hosts (left out by default: they are in every episode)
    #[arg(long)]
    include_hosts: bool,
    /// Print nothing but errors
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = super::load_graph(&args.graph)?;
    let output = match &args.output {
        Some(dir) => dir.clone(),
        None => args
            .graph
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
    };
    let params = Params {
        min_episodes: args.min_episodes,
        top_edges: args.top_edges,
        kinds: args.kind,
        include_boilerplate: args.include_boilerplate,
        include_hosts: args.include_hosts,
        ..Params::default()
    };
    write(&graph, &params, &output, args.quiet)?;
    Ok(ExitCode::SUCCESS)
}

/// Builds the topic graph, writes DIR/topics.json atomically and, unless quiet, says what it
/// holds.
pub fn write(
    graph: &KnowledgeGraph,
    params: &Params,
    dir: &Path,
    quiet: bool,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let topics = podgraph::topics::build(graph, params);
    std::fs::create_dir_all(dir)
        .map_err(anyhow::Error::from)
        .map_err(|e| e.context(format!("cannot create {}", dir.display())))?;
    let path = dir.join("topics.json");
    super::write_atomic(&path, |w| podgraph::export::topics::write(&topics, w))?;
    if !quiet {
        eprint!("{}", summary(&topics, started.elapsed(), &path));
    }
    Ok(())
}

/// Communities listed in the summary.
const LISTED: usize = 5;

pub(super) fn summary(topics: &TopicGraph, elapsed: std::time::Duration, path: &Path) -> String {
    let mut text = format!(
        "podgraph: topics: {} entities, {} links, {} communities (modularity {:.2}) from {} episodes in {:.0} ms → {}\n",
        topics.nodes.len(),
        topics.edges.len(),
        topics.communities.len(),
        topics.modularity,
        topics.episodes,
        elapsed.as_secs_f64() * 1000.0,
        path.display()
    );
    for c in topics.communities.iter().take(LISTED) {
        text.push_str(&format!("  {:>4}  {}\n", c.size, c.name));
    }
    text
}
