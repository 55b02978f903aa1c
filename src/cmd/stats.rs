//! `podgraph stats`: counts of a built graph.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A graph.json written by `podgraph build`
    #[arg(default_value_os_t = super::default_graph())]
    graph: PathBuf,
    /// Count mentions in boilerplate segments too (the socials block, sponsor reads)
    #[arg(long)]
    include_boilerplate: bool,
    /// How many top entities to list
    #[arg(long, default_value_t = 10)]
    top: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = super::load_graph(&args.graph)?;
    let stats = podgraph::query::stats(&graph, args.top, args.include_boilerplate);
    let mut out = std::io::stdout().lock();
    writeln!(out, "episodes  {}", stats.episodes)?;
    writeln!(out, "segments  {}", stats.segments.values().sum::<usize>())?;
    for (kind, n) in &stats.segments {
        writeln!(out, "  {kind:<12} {n}")?;
    }
    writeln!(out, "entities  {}", stats.entities.values().sum::<usize>())?;
    for (kind, n) in &stats.entities {
        writeln!(out, "  {kind:<12} {n}")?;
    }
    writeln!(out, "links     {}", stats.links.values().sum::<usize>())?;
    for (kind, n) in &stats.links {
        writeln!(out, "  {kind:<12} {n}")?;
    }
    writeln!(out, "top entities (episodes, mentions)")?;
    for e in &stats.top {
        writeln!(
            out,
            "  {:<32} {:<12} {:>4} {:>5}",
            e.entity.label,
            e.entity.kind.as_str(),
            e.episodes,
            e.mentions
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
