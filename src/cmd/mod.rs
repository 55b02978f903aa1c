//! Command-line flags (clap derive) and the dispatch to one module per subcommand.

mod build;
mod entities;
mod entity;
mod episode;
mod eval;
mod output;
mod related;
mod render;
mod stats;

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
    /// Score the extracted entities against a gold set (precision, recall, F1 per kind)
    Eval(eval::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Episode(args) => episode::run(args),
        Command::Entity(args) => entity::run(args),
        Command::Related(args) => related::run(args),
        Command::Eval(args) => eval::run(args),
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

/// Reads an alias file, or none.
pub fn load_aliases(path: Option<&Path>) -> anyhow::Result<podgraph::aliases::Aliases> {
    let Some(path) = path else {
        return Ok(podgraph::aliases::Aliases::default());
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(podgraph::aliases::Aliases::parse(&text, path)?)
}
