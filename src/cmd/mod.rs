//! Command-line flags (clap derive) and the dispatch to one module per subcommand.

mod build;
mod entities;
mod entity;
mod episode;
mod eval;
mod export;
mod extract;
mod html;
mod output;
mod profile;
mod related;
mod render;
mod stats;
mod topics;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use podgraph::graph::KnowledgeGraph;

#[derive(Parser)]
#[command(
    name = "podgraph",
    version,
    about = "Turn podcast show notes into a knowledge graph of people, packages, projects, organizations and laws"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read show notes and write graph.json and graph.dot
    Build(build::Args),
    /// Read show notes and write each episode's extraction as a JSON line (the map step)
    Extract(extract::Args),
    /// Counts of episodes, segments and entities in a built graph
    Stats(stats::Args),
    /// The most mentioned entities, optionally of one kind
    Entities(entities::Args),
    /// One episode's segments and what each mentions
    Episode(episode::Args),
    /// One entity's page: kind, aliases, every segment that mentions it, what comes with it
    Entity(entity::Args),
    /// Episodes related to one episode, with the shared entities that say why
    Related(related::Args),
    /// Write a built graph (or a selection of it) as json, dot, graphml, gexf, cytoscape or csv
    Export(export::Args),
    /// Score the extracted entities against a gold set (precision, recall, F1 per kind)
    Eval(eval::Args),
    /// Print the profile each show's notes imply (name, site, hosts, reference forms) as TOML
    Profile(profile::Args),
    /// The entities linked by the episodes that mention them together, in named communities
    Topics(topics::Args),
    /// Write the offline explorer: a static site with search, episode and entity pages and the
    /// topic graph, that opens from disk
    Html(html::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Episode(args) => episode::run(args),
        Command::Entity(args) => entity::run(args),
        Command::Related(args) => related::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Profile(args) => profile::run(args),
        Command::Topics(args) => topics::run(args),
        Command::Export(args) => export::run(args),
        Command::Html(args) => html::run(args),
    }
}

/// The exit code of a run that read input: 2 when an error was met, 1 when some input was
/// skipped, else 0.
pub fn exit_code(worst: Option<podgraph::error::Severity>) -> ExitCode {
    use podgraph::error::Severity;
    match worst {
        Some(Severity::Error) => ExitCode::from(2),
        Some(Severity::Skipped) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// Whether an error is only stdout having been closed (`podgraph stats | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The default graph file the query commands read.
pub fn default_graph() -> PathBuf {
    PathBuf::from("output/graph.json")
}

/// Reads a built graph.json.
pub fn load_graph(path: &Path) -> anyhow::Result<KnowledgeGraph> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read {} (run `podgraph build` first?)",
            path.display()
        )
    })?;
    podgraph::export::json::read(&text).map_err(|message| {
        podgraph::error::Error::GraphFile {
            path: path.to_path_buf(),
            message,
        }
        .into()
    })
}

/// The episode a user named (number, id, date or slug prefix), or an error that lists the
/// candidates when several match.
pub fn find_episode(
    graph: &KnowledgeGraph,
    query: &str,
    path: &Path,
) -> anyhow::Result<petgraph::graph::NodeIndex> {
    use podgraph::query::EpisodeLookup;
    match podgraph::query::find_episode(graph, query) {
        Ok(index) => Ok(index),
        Err(EpisodeLookup::NotFound) => {
            anyhow::bail!("no episode {query:?} in {}", path.display())
        }
        Err(EpisodeLookup::Ambiguous(candidates)) => {
            let list: Vec<String> = candidates
                .iter()
                .map(|(id, label)| format!("  {id}  {label}"))
                .collect();
            anyhow::bail!(
                "{query:?} matches {} episodes; name one by its id:\n{}",
                candidates.len(),
                list.join("\n")
            )
        }
    }
}

/// Writes one file atomically (a temporary file beside it, then a rename): an output set of one.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let name = path.file_name().context("an output needs a file name")?;
    let outputs = output::OutputSet::new(dir);
    outputs.stage(&name.to_string_lossy(), write)?;
    outputs.commit()
}

/// A whole text file, with its name in the error.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Reads an alias file, or none.
pub fn load_aliases(path: Option<&Path>) -> anyhow::Result<podgraph::aliases::Aliases> {
    let Some(path) = path else {
        return Ok(podgraph::aliases::Aliases::default());
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(podgraph::aliases::Aliases::parse(&text, path)?)
}
