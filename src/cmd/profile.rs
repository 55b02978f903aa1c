//! `podgraph profile DIR…`: the profile each show's notes imply (or the one they are given), as
//! TOML to review and save as `podgraph.toml` beside the notes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Show-notes folders (one show each) or files
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (profiles, diagnostics) = podgraph::profiles(&args.inputs, &podgraph::Options::default());
    for diagnostic in &diagnostics {
        eprintln!("podgraph: {diagnostic}");
    }
    if profiles.is_empty() {
        anyhow::bail!("no show notes in the input");
    }
    let mut out = std::io::stdout().lock();
    for (i, profile) in profiles.iter().enumerate() {
        if i > 0 {
            writeln!(out, "\n# ---\n")?;
        }
        write!(out, "{}", profile.to_toml())?;
    }
    Ok(ExitCode::SUCCESS)
}
