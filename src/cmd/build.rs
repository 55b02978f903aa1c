//! `podgraph build`: inputs in, DIR/graph.json, DIR/graph.dot and DIR/related.json out (and a
//! picture on request).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use podgraph::error::Severity;
use podgraph::hosts::Hosts;
use podgraph::{Options, Progress};

use super::output::{self, OutputSet};
use super::render::{self, Format};

#[derive(clap::Args)]
pub struct Args {
    /// Show-notes files or folders (searched recursively); `-` reads stdin
    #[arg(default_value = "input")]
    inputs: Vec<PathBuf>,
    /// Folder to write graph.json and graph.dot into
    #[arg(short, long, default_value = "output")]
    output: PathBuf,
    /// Skip files larger than this many bytes
    #[arg(long, default_value_t = podgraph::ingest::DEFAULT_MAX_BYTES)]
    max_size: u64,
    /// Host table (TOML, like data/hosts.toml) to use instead of the built-in one
    #[arg(long)]
    hosts: Option<PathBuf>,
    /// Alias file (TOML) that merges, renames, retypes or ignores entities
    #[arg(long)]
    aliases: Option<PathBuf>,
    /// Leave out entities whose best evidence is less sure than this (0 to 1)
    #[arg(long, default_value_t = 0.0)]
    min_confidence: f32,
    /// Draw only this episode (and what it mentions) in graph.dot
    #[arg(long, conflicts_with = "around")]
    episode: Option<u32>,
    /// Draw only this entity, the segments that mention it and their episodes in graph.dot
    #[arg(long)]
    around: Option<String>,
    /// Also render graph.dot to graph.svg or graph.png with Graphviz
    #[arg(long, value_enum)]
    render: Option<Format>,
    /// Print nothing but errors
    #[arg(short, long)]
    quiet: bool,
    /// Related episodes kept per episode in related.json
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Replace an existing graph even with one of fewer than half its episodes
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = options(&args)?;
    let bar = progress_bar(args.quiet);
    let built = podgraph::build(&args.inputs, &options, &mut |p| match p {
        Progress::Read { total } => bar.set_length(total as u64),
        Progress::Extracted { done, .. } => bar.set_position(done as u64),
        Progress::Built => bar.finish_and_clear(),
    });
    for diagnostic in &built.diagnostics {
        if !args.quiet || diagnostic.severity == Severity::Error {
            eprintln!("podgraph: {diagnostic}");
        }
    }
    if !args.quiet {
        report_kind_conflicts(&built.graph);
    }
    if built.episodes == 0 {
        bail!("nothing to build: no episode found in the input; nothing was written");
    }
    let keep = selection(&args, &built.graph)?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    refuse_to_shrink(&args, built.graph.episodes().count())?;
    let dot = write_outputs(&args, &options, &built.graph, keep.as_ref())?;
    if let Some(format) = args.render {
        let drawn = keep
            .as_ref()
            .map_or(built.graph.graph.node_count(), |k| k.len());
        let picture = render::render(&dot, format, drawn)?;
        if !args.quiet {
            eprintln!("podgraph: drew {}", picture.display());
        }
    }
    if !args.quiet {
        eprintln!(
            "podgraph: {}",
            summary(&built, started.elapsed(), &args.output)
        );
    }
    if args.quiet && built.worst() == Some(Severity::Skipped) {
        eprintln!("podgraph: {}", skipped_line(&built.diagnostics));
    }
    let code = match built.worst() {
        Some(Severity::Error) => ExitCode::from(2),
        Some(Severity::Skipped) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    };
    // The process ends right after this: the OS takes the graph's memory back at once, while
    // dropping it frees every node, edge and string one by one (ripgrep skips this too).
    std::mem::forget(built);
    Ok(code)
}

/// Stops a build that would replace a graph with one of fewer than half its episodes, which is
/// what a wrong folder, a typo or an unmounted disk looks like; `--force` allows it.
fn refuse_to_shrink(args: &Args, episodes: usize) -> anyhow::Result<()> {
    let existing = args.output.join("graph.json");
    let Some(before) = output::episodes_in(&existing) else {
        return Ok(());
    };
    if args.force || episodes * 2 >= before {
        return Ok(());
    }
    bail!(
        "{} holds {before} episodes and this build found only {episodes}; nothing was written (--force replaces it anyway)",
        existing.display()
    )
}

/// Writes graph.json, graph.dot and related.json as one set (all replaced, or none), and returns
/// where graph.dot is. The JSON, the DOT and the related lists only read the graph: they are made
/// at the same time.
fn write_outputs(
    args: &Args,
    options: &Options,
    graph: &podgraph::graph::KnowledgeGraph,
    keep: Option<&std::collections::HashSet<petgraph::graph::NodeIndex>>,
) -> anyhow::Result<PathBuf> {
    let outputs = OutputSet::new(&args.output);
    let params = podgraph::recommend::Params {
        top: args.top,
        ..podgraph::recommend::Params::with_hosts(&options.hosts)
    };
    let (json, dot, related) = std::thread::scope(|scope| {
        let json = scope
            .spawn(|| outputs.stage("graph.json", |w| podgraph::export::json::write(graph, w)));
        let ranker = scope.spawn(|| podgraph::recommend::related_all(graph, &params));
        let dot = outputs.stage("graph.dot", |w| {
            podgraph::export::dot::write(graph, keep, w)
        });
        (json.join(), dot, ranker.join())
    });
    json.map_err(|_| anyhow::anyhow!("the JSON writer panicked"))??;
    dot?;
    let related = related.map_err(|_| anyhow::anyhow!("ranking related episodes panicked"))?;
    outputs.stage("related.json", |w| {
        podgraph::export::related::write(&related, w)
    })?;
    let dot = outputs.path("graph.dot");
    outputs.commit()?;
    Ok(dot)
}

/// The one line `--quiet` still prints when input was skipped: how many, and why (the first few
/// with their paths), so a quiet exit code 1 is never left unexplained.
fn skipped_line(diagnostics: &[podgraph::error::Diagnostic]) -> String {
    const SHOWN: usize = 3;
    let skipped: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Skipped)
        .collect();
    let examples: Vec<String> = skipped
        .iter()
        .take(SHOWN)
        .map(|d| format!("{}: {}", d.path.display(), d.message))
        .collect();
    let more = match skipped.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let inputs = if skipped.len() == 1 {
        "input"
    } else {
        "inputs"
    };
    format!(
        "skipped {} {inputs} (run without --quiet to see each): {}{more}",
        skipped.len(),
        examples.join("; ")
    )
}

/// Names seen as two kinds are kept apart, never merged silently: say so, with examples.
fn report_kind_conflicts(graph: &podgraph::graph::KnowledgeGraph) {
    let conflicts = graph.kind_conflicts();
    if conflicts.is_empty() {
        return;
    }
    let examples: Vec<String> = conflicts
        .iter()
        .take(5)
        .map(|(label, kinds)| {
            let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            format!("{label} ({})", kinds.join(", "))
        })
        .collect();
    eprintln!(
        "podgraph: {} names appear as more than one kind and are kept apart, e.g. {}; an alias file (--aliases) settles them",
        conflicts.len(),
        examples.join("; ")
    );
}

/// One line on what was built and how fast: the figures the README's speed section quotes.
fn summary(
    built: &podgraph::Built,
    elapsed: std::time::Duration,
    output: &std::path::Path,
) -> String {
    let g = &built.graph.graph;
    let secs = elapsed.as_secs_f64().max(1e-9);
    let peak = peak_memory_kib()
        .map(|kib| format!(", peak memory {:.0} MiB", kib as f64 / 1024.0))
        .unwrap_or_default();
    format!(
        "{} episodes, {} nodes, {} links from {} files ({:.1} MB) in {:.0} ms ({:.1} MB/s, {:.0} episodes/s{peak}) → {}",
        built.episodes,
        g.node_count(),
        g.edge_count(),
        built.files,
        built.bytes as f64 / 1e6,
        secs * 1000.0,
        built.bytes as f64 / 1e6 / secs,
        built.episodes as f64 / secs,
        output.display()
    )
}

/// The process's peak resident memory, where the system reports it (Linux).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn options(args: &Args) -> anyhow::Result<Options> {
    if !(0.0..=1.0).contains(&args.min_confidence) {
        bail!(
            "--min-confidence must be between 0 and 1, not {}",
            args.min_confidence
        );
    }
    let hosts = match &args.hosts {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Hosts::parse(&text, path)?
        }
        None => Hosts::default(),
    };
    Ok(Options {
        ingest: podgraph::ingest::Options {
            max_bytes: args.max_size,
        },
        hosts,
        min_confidence: args.min_confidence,
        aliases: super::load_aliases(args.aliases.as_deref())?,
        mask_episode_references: false,
    })
}

fn selection(
    args: &Args,
    graph: &podgraph::graph::KnowledgeGraph,
) -> anyhow::Result<Option<std::collections::HashSet<petgraph::graph::NodeIndex>>> {
    if let Some(n) = args.episode {
        return graph
            .episode_neighbourhood(n)
            .map(Some)
            .with_context(|| format!("--episode {n}: no such episode in the input"));
    }
    if let Some(name) = &args.around {
        return graph
            .entity_neighbourhood(name)
            .map(Some)
            .with_context(|| format!("--around {name:?}: no entity has that name or alias"));
    }
    Ok(None)
}

/// A bar on a terminal; nothing when piped or quiet.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template("{spinner} {pos}/{len} episodes {wide_bar} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
