//! `podgraph eval --gold FILE INPUT...`: builds the graph and scores its entities against a gold
//! set, printing precision, recall and F1 per kind, typed and untyped.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use podgraph::eval::{self, Counts};
use podgraph::extract::EntityKind;
use podgraph::Options;

#[derive(clap::Args)]
pub struct Args {
    /// Gold entities, JSON Lines (see tests/gold/README.md)
    #[arg(long)]
    gold: PathBuf,
    /// Show-notes files or folders to build the graph from
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Leave out entities whose best evidence is less sure than this (0 to 1)
    #[arg(long, default_value_t = 0.0)]
    min_confidence: f32,
    /// Alias file (TOML) that merges, renames, retypes or ignores entities
    #[arg(long)]
    aliases: Option<PathBuf>,
    /// Also list, per episode, the entities missed, found wrongly, or found with the wrong kind
    #[arg(long)]
    show_errors: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let gold = eval::read_gold(&text)
        .map_err(|(line, message)| anyhow::anyhow!("{}:{line}: {message}", args.gold.display()))?;
    let options = Options {
        min_confidence: args.min_confidence,
        aliases: super::load_aliases(args.aliases.as_deref())?,
        ..Options::default()
    };
    let built = podgraph::build(&args.inputs, &options, &mut |_| {});
    let report = eval::score(&gold, &built.graph);
    if report.episodes == 0 {
        bail!("none of the gold set's episodes is in the input");
    }
    let mut out = std::io::stdout().lock();
    if args.show_errors {
        print_errors(&mut out, &report)?;
    }
    print_table(&mut out, &report)?;
    Ok(ExitCode::SUCCESS)
}

fn print_table(out: &mut dyn Write, report: &eval::Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{} episodes scored (organization counts as project)",
        report.episodes
    )?;
    writeln!(
        out,
        "{:<14} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "kind", "tp", "fp", "fn", "P", "R", "F1"
    )?;
    for (kind, counts) in &report.typed {
        row(out, kind.as_str(), counts)?;
    }
    row(out, "all (typed)", &report.typed_total)?;
    row(out, "all (untyped)", &report.untyped_total)
}

fn row(out: &mut dyn Write, name: &str, c: &Counts) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<14} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}",
        name,
        c.true_positives,
        c.false_positives,
        c.false_negatives,
        c.precision(),
        c.recall(),
        c.f1()
    )
}

fn print_errors(out: &mut dyn Write, report: &eval::Report) -> std::io::Result<()> {
    let show = |list: &[(EntityKind, String)]| {
        list.iter()
            .map(|(k, n)| format!("{n} ({})", k.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (episode, errors) in &report.errors {
        writeln!(out, "episode {episode}")?;
        writeln!(out, "  missed:     {}", show(&errors.missed))?;
        writeln!(out, "  spurious:   {}", show(&errors.spurious))?;
        let wrong: Vec<String> = errors
            .wrong_kind
            .iter()
            .map(|(n, gold, got)| format!("{n} ({} not {})", got.as_str(), gold.as_str()))
            .collect();
        writeln!(out, "  wrong kind: {}", wrong.join(", "))?;
    }
    Ok(())
}
