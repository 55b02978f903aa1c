//! `podgraph extract --jsonl`: inputs in, one JSON line per episode out (its metadata,
//! segments, mentions with evidence, word counts and block fingerprints), to stdout or a file.
//! The map step of a build, for running where podgraph's merge is not: each machine of a
//! cluster extracts its share, and `podgraph build --from-jsonl` merges the lines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use podgraph::error::Severity;

use super::build::ReadArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Show-notes files or folders (searched recursively); `-` reads stdin
    #[arg(default_value = "input")]
    inputs: Vec<PathBuf>,
    /// Write JSON lines (the only format, and required so a later one can be added)
    #[arg(long, required = true)]
    jsonl: bool,
    /// File to write (atomically); standard output when absent
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
    /// Print nothing but errors
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = args.read.options()?;
    let bar = super::build::progress_bar(args.quiet);
    let mapped = podgraph::map_inputs(&args.inputs, &options, &mut |p| {
        super::build::show_progress(&bar, p)
    });
    bar.finish_and_clear();
    for diagnostic in &mapped.diagnostics {
        if !args.quiet || diagnostic.severity == Severity::Error {
            eprintln!("podgraph: {diagnostic}");
        }
    }
    if mapped.records.is_empty() {
        bail!("nothing to extract: no episode found in the input; nothing was written");
    }
    let shows = mapped.shows();
    let write = |out: &mut dyn Write| podgraph::record::write_jsonl(&mapped.records, &shows, out);
    match &args.output {
        Some(path) => super::write_atomic(path, write)?,
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out).context("cannot write to standard output")?;
            out.flush()?;
        }
    }
    if !args.quiet {
        eprintln!("podgraph: {} episode records", mapped.records.len());
    }
    let worst = mapped.diagnostics.iter().map(|d| d.severity).max();
    Ok(super::exit_code(worst))
}
