//! `podgraph build`: inputs in, DIR/related.json and each `--format` (default DIR/graph.json and
//! DIR/graph.dot) out, and a picture on request.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use podgraph::error::Severity;
use podgraph::export::select::Selection;
use podgraph::export::{Exporter, Source};
use podgraph::hosts::Hosts;
use podgraph::profile::Profile;
use podgraph::record::Cache;
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
    #[command(flatten)]
    read: ReadArgs,
    /// The inputs are records written by `podgraph extract --jsonl`, not show notes: the
    /// graph is merged from them
    #[arg(long)]
    from_jsonl: bool,
    /// Keep each file's extraction in DIR, keyed by its bytes, its show's profile and this
    /// podgraph binary: the next build reads again only the files that changed
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Leave out entities whose best evidence is less sure than this (0 to 1)
    #[arg(long, default_value_t = 0.0)]
    min_confidence: f32,
    /// Formats to write, comma-separated: json, dot, graphml, gexf, cytoscape, csv (into DIR/csv/)
    #[arg(long, value_delimiter = ',', default_value = "json,dot", value_parser = super::export::parse_format)]
    format: Vec<&'static dyn Exporter>,
    /// Write only a selection in every format but graph.json, which stays whole for the queries
    #[command(flatten)]
    select: super::export::SelectArgs,
    /// Also render graph.dot to graph.svg or graph.png with Graphviz
    #[arg(long, value_enum)]
    render: Option<Format>,
    /// Print nothing but errors
    #[arg(short, long)]
    quiet: bool,
    /// Related episodes kept per episode in related.json
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Also write topics.json: the topic graph (`podgraph topics` with its defaults)
    #[arg(long)]
    topics: bool,
    /// Replace an existing graph even with one of fewer than half its episodes
    #[arg(long)]
    force: bool,
}

/// How the inputs are read: the options `build` and `extract` share.
#[derive(clap::Args)]
pub struct ReadArgs {
    /// Skip files larger than this many bytes
    #[arg(long, default_value_t = podgraph::ingest::DEFAULT_MAX_BYTES)]
    max_size: u64,
    /// Host table (TOML: `[[host]] name = "…" aliases = […]`) for every show, instead of each
    /// show's profile's hosts
    #[arg(long)]
    hosts: Option<PathBuf>,
    /// Show profile (TOML, like data/profiles/python-bytes.toml) for every input, instead of a
    /// `podgraph.toml` beside the notes, a built-in profile or inference
    #[arg(long)]
    profile: Option<PathBuf>,
    /// Alias file (TOML) that merges, renames, retypes or ignores entities
    #[arg(long)]
    aliases: Option<PathBuf>,
}

impl ReadArgs {
    pub fn options(&self) -> anyhow::Result<Options> {
        let hosts = match &self.hosts {
            Some(path) => Some(Hosts::parse(&super::read_text(path)?, path)?),
            None => None,
        };
        let profile = match &self.profile {
            Some(path) => Some(Profile::parse(&super::read_text(path)?, path)?),
            None => None,
        };
        Ok(Options {
            ingest: podgraph::ingest::Options {
                max_bytes: self.max_size,
            },
            hosts,
            profile,
            aliases: super::load_aliases(self.aliases.as_deref())?,
            ..Options::default()
        })
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = options(&args)?;
    let bar = progress_bar(args.quiet);
    let built = if args.from_jsonl {
        podgraph::build_from_jsonl(&args.inputs, &options)
    } else {
        podgraph::build(&args.inputs, &options, &mut |p| show_progress(&bar, p))
    };
    bar.finish_and_clear();
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
    let keep = args.select.resolve(&built.graph, args.quiet)?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    refuse_to_shrink(&args, built.graph.episodes().count())?;
    let dot = write_outputs(&args, &built.graph, &keep)?;
    if let Some(format) = args.render {
        let drawn = keep.len(&built.graph);
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
    let code = super::exit_code(built.worst());
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
    graph: &podgraph::graph::KnowledgeGraph,
    keep: &Selection,
) -> anyhow::Result<PathBuf> {
    let outputs = OutputSet::new(&args.output);
    let params = podgraph::recommend::Params {
        top: args.top,
        ..podgraph::recommend::Params::default()
    };
    let mut formats = args.format.clone();
    if args.render.is_some() && !formats.iter().any(|f| f.name() == "dot") {
        formats.push(&podgraph::export::dot::Dot);
    }
    // The exports only read the graph: they are written while related episodes are ranked.
    let (written, related) = std::thread::scope(|scope| {
        let ranker = scope.spawn(|| podgraph::recommend::related_all(graph, &params));
        let written = stage_formats(&outputs, &formats, graph, keep);
        (written, ranker.join())
    });
    written?;
    let related = related.map_err(|_| anyhow::anyhow!("ranking related episodes panicked"))?;
    outputs.stage("related.json", |w| {
        podgraph::export::related::write(&related, w)
    })?;
    if args.topics {
        let started = Instant::now();
        let topics = podgraph::topics::build(graph, &podgraph::topics::Params::default());
        outputs.stage("topics.json", |w| {
            podgraph::export::topics::write(&topics, w)
        })?;
        if !args.quiet {
            let path = outputs.path("topics.json");
            eprint!(
                "{}",
                super::topics::summary(&topics, started.elapsed(), &path)
            );
        }
    }
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
    Ok(Options {
        min_confidence: args.min_confidence,
        cache: args.cache.as_ref().map(|dir| Cache::new(dir, rules_key())),
        ..args.read.options()?
    })
}

/// What identifies podgraph's rules for the cache: this binary's own bytes, so that any change
/// of code or of the data compiled into it starts a fresh cache; the version when the binary
/// cannot be read.
fn rules_key() -> u64 {
    let binary = std::env::current_exe().and_then(std::fs::read);
    let bytes = binary.unwrap_or_else(|_| env!("CARGO_PKG_VERSION").as_bytes().to_vec());
    podgraph::record::stable_hash(&bytes)
}

/// Every part of every format, each to its file (`export::build_files`). graph.json is always
/// the whole graph: the query commands and related.json read it.
fn stage_formats(
    outputs: &OutputSet,
    formats: &[&'static dyn Exporter],
    graph: &podgraph::graph::KnowledgeGraph,
    keep: &Selection,
) -> anyhow::Result<()> {
    let all = Selection::all();
    let (whole, selected) = (Source::new(graph, &all), Source::new(graph, keep));
    for format in formats {
        let source = if format.name() == "json" {
            &whole
        } else {
            &selected
        };
        for (file, part) in podgraph::export::build_files(*format) {
            outputs.stage(&file, |w| format.write(source, part, w))?;
        }
    }
    Ok(())
}

/// Moves the bar as the library reports progress.
pub(super) fn show_progress(bar: &ProgressBar, progress: Progress) {
    match progress {
        Progress::Read { total } => bar.set_length(total as u64),
        Progress::Extracted { done, .. } => bar.set_position(done as u64),
        Progress::Built => bar.finish_and_clear(),
    }
}

/// A bar on a terminal; nothing when piped or quiet.
pub(super) fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template("{spinner} {pos}/{len} episodes {wide_bar} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
