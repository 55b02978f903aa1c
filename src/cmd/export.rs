//! `podgraph export --format F [GRAPH] -o FILE`: a built graph.json in, the graph (or a
//! selection of it) in another format out; a folder format (csv) writes `-o DIR`. Also holds the
//! flags `build` shares: `--format` and the selection flags.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use podgraph::export::select::{KeepSegments, Query, Selection, MAX_AROUND_SEGMENTS};
use podgraph::export::{self, Exporter, Source};
use podgraph::extract::EntityKind;
use podgraph::graph::KnowledgeGraph;

#[derive(clap::Args)]
pub struct Args {
    /// The format: json, dot, graphml, gexf, cytoscape or csv
    #[arg(long, value_parser = parse_format)]
    format: &'static dyn Exporter,
    /// A graph.json written by `podgraph build`
    #[arg(default_value_os_t = super::default_graph())]
    graph: PathBuf,
    /// The file to write (a folder for csv: DIR/nodes.csv and DIR/relationships.csv)
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    select: SelectArgs,
}

/// `--episode`, `--around` and `--kind`, the same for `build` and `export`.
#[derive(clap::Args)]
pub struct SelectArgs {
    /// Only this episode (its number or id) and what its segments link to
    #[arg(long, conflicts_with = "around")]
    episode: Option<String>,
    /// Only this entity, the segments that mention it and their episodes
    #[arg(long)]
    around: Option<String>,
    /// Only entities of this kind, with the segments and episodes that link to them
    #[arg(long, value_parser = super::entities::parse_kind)]
    kind: Option<EntityKind>,
    /// With --around: keep at most N of the entity's segments (a warning says when some are
    /// left out)
    #[arg(long, value_name = "N", requires = "around", default_value_t = MAX_AROUND_SEGMENTS)]
    max_segments: usize,
    /// With --around: which segments --max-segments keeps: recent (the latest episodes') or
    /// central (those about the entity, then those that mention it most)
    #[arg(long, requires = "around", default_value = "recent", value_parser = parse_keep)]
    keep_segments: KeepSegments,
}

fn parse_keep(text: &str) -> Result<KeepSegments, String> {
    KeepSegments::parse(text).ok_or_else(|| format!("{text:?}: expected recent or central"))
}

impl SelectArgs {
    /// The selection in `graph`; an error names the flag that matches nothing. Unless quiet,
    /// warns when `--around` left segments out.
    pub fn resolve(&self, graph: &KnowledgeGraph, quiet: bool) -> anyhow::Result<Selection> {
        let query = Query {
            episode: self.episode.clone(),
            around: self.around.clone(),
            kind: self.kind,
            max_segments: Some(self.max_segments),
            keep_segments: self.keep_segments,
        };
        let selection = Selection::of(graph, &query).map_err(anyhow::Error::msg)?;
        if let (Some(t), false) = (selection.thinned, quiet) {
            eprintln!(
                "podgraph: warning: --around {:?} is in {} segments; keeping the {} most {} \
                 (--max-segments, --keep-segments recent|central)",
                self.around.as_deref().unwrap_or(""),
                t.total,
                t.kept,
                t.by.as_str()
            );
        }
        Ok(selection)
    }
}

pub fn parse_format(name: &str) -> Result<&'static dyn Exporter, String> {
    export::format(name).ok_or_else(|| {
        let names: Vec<&str> = export::FORMATS.iter().map(|f| f.name()).collect();
        format!("unknown format {name:?}: expected {}", names.join(", "))
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = super::load_graph(&args.graph)?;
    let selection = args.select.resolve(&graph, false)?;
    let source = Source::new(&graph, &selection);
    for (path, part) in files(args.format, &args.output) {
        write_part(args.format, &source, part, &path)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Where each part goes: the file itself, or `DIR/<part>` for a folder format.
fn files(format: &dyn Exporter, output: &Path) -> Vec<(PathBuf, &'static str)> {
    if format.parts().is_empty() {
        return vec![(output.to_path_buf(), "")];
    }
    format
        .parts()
        .iter()
        .map(|p| (output.join(p), *p))
        .collect()
}

/// Writes one part atomically, making its folder first.
pub fn write_part(
    format: &dyn Exporter,
    source: &Source,
    part: &str,
    path: &Path,
) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    super::write_atomic(path, |w| format.write(source, part, w))
}
