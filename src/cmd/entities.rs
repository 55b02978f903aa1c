//! `podgraph entities`: the most mentioned entities of a built graph.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use podgraph::extract::EntityKind;

#[derive(clap::Args)]
pub struct Args {
    /// Only this kind: person, package, project, organization or law
    #[arg(long, value_parser = parse_kind)]
    kind: Option<EntityKind>,
    /// How many to list
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Count mentions in boilerplate segments too (the socials block, sponsor reads)
    #[arg(long)]
    include_boilerplate: bool,
    /// A graph.json written by `podgraph build`
    #[arg(default_value_os_t = super::default_graph())]
    graph: PathBuf,
}

pub(super) fn parse_kind(text: &str) -> Result<EntityKind, String> {
    EntityKind::parse(text).ok_or_else(|| {
        format!("unknown kind {text:?}: expected person, package, project, organization or law")
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = super::load_graph(&args.graph)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<36} {:<12} {:>8} {:>8}",
        "entity", "kind", "episodes", "mentions"
    )?;
    for e in podgraph::query::ranked_with(&graph, args.kind, args.top, args.include_boilerplate) {
        writeln!(
            out,
            "{:<36} {:<12} {:>8} {:>8}",
            e.entity.label,
            e.entity.kind.as_str(),
            e.episodes,
            e.mentions
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
