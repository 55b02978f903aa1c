//! `podgraph entity NAME`: a topic page — kind, aliases, every segment that mentions the entity
//! in order, what is mentioned with it, and its links.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use podgraph::query::{Appearance, EntityPage};

#[derive(clap::Args)]
pub struct Args {
    /// Entity name, alias or id (any case)
    name: String,
    /// A graph.json written by `podgraph build`
    #[arg(default_value_os_t = super::default_graph())]
    graph: PathBuf,
    /// How many co-mentioned entities to list
    #[arg(long, default_value_t = 10)]
    top: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = super::load_graph(&args.graph)?;
    let page = podgraph::query::entity(&graph, &args.name, args.top).with_context(|| {
        format!(
            "no entity named {:?} in {}",
            args.name,
            args.graph.display()
        )
    })?;
    print_page(&mut std::io::stdout().lock(), &page)?;
    Ok(ExitCode::SUCCESS)
}

fn print_page(out: &mut dyn Write, page: &EntityPage) -> std::io::Result<()> {
    let e = &page.entity;
    writeln!(
        out,
        "{} ({}, confidence {:.2})",
        e.label,
        e.kind.as_str(),
        e.confidence
    )?;
    if !e.aliases.is_empty() {
        writeln!(out, "also written: {}", e.aliases.join(", "))?;
    }
    if let (Some(first), Some(last)) = (page.appearances.first(), page.appearances.last()) {
        writeln!(out, "first mention: {}", first.episode_label)?;
        writeln!(out, "last mention:  {}", last.episode_label)?;
    }
    let n = page.appearances.len();
    writeln!(out, "\nmentioned in {n} {}:", plural(n, "segment"))?;
    for a in &page.appearances {
        writeln!(out, "  {}", appearance(a))?;
    }
    if !page.together.is_empty() {
        writeln!(out, "\nmentioned with:")?;
        for (other, n) in &page.together {
            writeln!(
                out,
                "  {} ({}) in {n} {}",
                other.label,
                other.kind.as_str(),
                plural(*n, "segment")
            )?;
        }
    }
    if !page.links.is_empty() {
        writeln!(out, "\nlinks:")?;
        for url in &page.links {
            writeln!(out, "  {url}")?;
        }
    }
    Ok(())
}

fn appearance(a: &Appearance) -> String {
    let s = &a.segment;
    let role = if a.presents { ", presents" } else { "" };
    let times = if a.count > 1 {
        format!(" ×{}", a.count)
    } else {
        String::new()
    };
    format!(
        "{} — {} {}{role}{times} (lines {}-{})",
        a.episode_label,
        s.segment_kind.as_str(),
        s.label(),
        s.lines.0,
        s.lines.1
    )
}

/// "1 segment", "2 segments".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
