//! `podgraph episode N`: one episode's segments and what each mentions.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The episode: its number, id, date (YYYY-MM-DD) or the start of its slug or title
    episode: String,
    /// A graph.json written by `podgraph build`
    #[arg(default_value_os_t = super::default_graph())]
    graph: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = super::load_graph(&args.graph)?;
    let index = super::find_episode(&graph, &args.episode, &args.graph)?;
    let report = podgraph::query::episode(&graph, index).with_context(|| {
        format!(
            "episode {} is not in {}",
            args.episode,
            args.graph.display()
        )
    })?;
    let mut out = std::io::stdout().lock();
    let date = report
        .date
        .as_deref()
        .map(|d| format!(", {d}"))
        .unwrap_or_default();
    writeln!(
        out,
        "{}  ({}{date})  {}",
        report.label, report.source, report.id
    )?;
    for seg in &report.segments {
        let s = &seg.segment;
        let host = s
            .host
            .as_deref()
            .map(|h| format!(" [{h}]"))
            .unwrap_or_default();
        writeln!(
            out,
            "\n{} {}{}  lines {}-{}",
            s.segment_kind.as_str(),
            s.title,
            host,
            s.lines.0,
            s.lines.1
        )?;
        if let Some(url) = &s.url {
            writeln!(out, "  {url}")?;
        }
        for (entity, count) in &seg.mentions {
            let times = if *count > 1 {
                format!(" ×{count}")
            } else {
                String::new()
            };
            writeln!(
                out,
                "  - {} ({}){times}",
                entity.label,
                entity.kind.as_str()
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
