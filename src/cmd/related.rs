//! `podgraph related N`: one episode's related episodes with reasons, as a table or JSON;
//! `podgraph related --evaluate INPUT…`: the recommender's figures against the show's own
//! references to earlier episodes, for every scoring variant.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use podgraph::extract::EntityKind;
use podgraph::graph::KnowledgeGraph;
use podgraph::recommend::{self, evaluate, Params, Rarity, Related};
use podgraph::segment::SegmentKind;

#[derive(clap::Args)]
pub struct Args {
    /// The episode: its number, id, date (YYYY-MM-DD) or the start of its slug or title
    #[arg(required_unless_present = "evaluate")]
    episode: Option<String>,
    /// A graph.json written by `podgraph build`
    #[arg(default_value_os_t = super::default_graph())]
    graph: PathBuf,
    /// How many related episodes to list
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Print related.json's record for the episode instead of a table
    #[arg(long)]
    json: bool,
    /// Build show notes from these inputs with episode references masked and measure how often
    /// the referenced episode is in the top 10, for each scoring variant
    #[arg(long, num_args = 1.., value_name = "INPUT", conflicts_with_all = ["episode", "json"])]
    evaluate: Vec<PathBuf>,
    /// With --evaluate: also list the pairs the default misses, with the line that refers to
    /// the earlier episode, both ranks, and what the citing episode got instead
    #[arg(long, requires = "evaluate")]
    show_misses: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.evaluate.is_empty() {
        return run_evaluation(&args.evaluate, args.show_misses);
    }
    let query = args.episode.context("an episode is needed")?;
    let graph = super::load_graph(&args.graph)?;
    let episode = super::find_episode(&graph, &query, &args.graph)?;
    let params = Params {
        top: args.top,
        ..Params::default()
    };
    let related = recommend::related(&graph, episode, &params)
        .with_context(|| format!("episode {query} is not in {}", args.graph.display()))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &related)?;
        writeln!(out)?;
    } else {
        print_table(&mut out, &graph, &related)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// An episode's label, by id; a show's name comes first when the graph has several shows.
fn title(graph: &KnowledgeGraph, id: &str) -> String {
    graph
        .node(id)
        .map(|i| graph.graph[i].label())
        .unwrap_or_else(|| id.to_string())
}

/// The label of the episode in recommender slot `slot`.
fn slot_title(graph: &KnowledgeGraph, index: &recommend::Index, slot: u32) -> String {
    index
        .episodes
        .get(slot as usize)
        .map(|&i| graph.graph[i].label())
        .unwrap_or_else(|| format!("slot {slot}"))
}

fn print_table(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    related: &Related,
) -> std::io::Result<()> {
    writeln!(out, "Related to {}", title(graph, &related.id))?;
    if related.related.is_empty() {
        writeln!(out, "  (no episode shares a counted entity with it)")?;
    }
    for (rank, r) in related.related.iter().enumerate() {
        let shared: Vec<String> = r
            .shared
            .iter()
            .map(|s| format!("{} ({}, {:.2})", s.label, s.kind, s.weight))
            .collect();
        writeln!(
            out,
            "{:>3}. {:.3}  {}",
            rank + 1,
            r.score,
            title(graph, &r.id)
        )?;
        // A pair that shares no entity is related by its words alone: no "also covered".
        if !shared.is_empty() {
            writeln!(out, "            also covered {}", shared.join(", "))?;
        }
    }
    Ok(())
}

/// The variants the evaluation compares: the default, each other rarity weight, and the
/// default with one choice undone at a time.
fn variants() -> Vec<(String, Params)> {
    let base = Params::default;
    let mut out = vec![("default (adamic-adar + BM25)".to_string(), base())];
    for rarity in [Rarity::Idf, Rarity::ResourceAllocation] {
        out.push((rarity.as_str().to_string(), Params { rarity, ..base() }));
    }
    let ablations: [(&str, Params); 23] = [
        (
            "no intro",
            Params {
                kinds: SegmentKind::CONTENT.to_vec(),
                ..base()
            },
        ),
        (
            "boilerplate counts too",
            Params {
                include_boilerplate: true,
                ..base()
            },
        ),
        (
            "entities only (no text)",
            Params {
                text_weight: 0.0,
                ..base()
            },
        ),
        (
            "text only (no entities)",
            Params {
                text_weight: 1.0,
                ..base()
            },
        ),
        (
            "text weight 0.4",
            Params {
                text_weight: 0.4,
                ..base()
            },
        ),
        (
            "text weight 0.8",
            Params {
                text_weight: 0.8,
                ..base()
            },
        ),
        (
            "no whole-episode text",
            Params {
                episode_weight: 0.0,
                ..base()
            },
        ),
        (
            "whole-episode text weight 2",
            Params {
                episode_weight: 2.0,
                ..base()
            },
        ),
        (
            "pooled episode text only",
            Params {
                segment_text: false,
                ..base()
            },
        ),
        (
            "walk every term",
            Params {
                walk_terms: usize::MAX,
                ..base()
            },
        ),
        ("BM25 k1 2.0", Params { k1: 2.0, ..base() }),
        ("BM25 b 0.3", Params { b: 0.3, ..base() }),
        (
            "subject weighs 2",
            Params {
                subject_weight: 2.0,
                ..base()
            },
        ),
        (
            "subject weighs 4",
            Params {
                subject_weight: 4.0,
                ..base()
            },
        ),
        (
            "every entity kind weighs 1",
            Params {
                kind_weights: Vec::new(),
                ..base()
            },
        ),
        (
            "people weigh 1",
            Params {
                kind_weights: vec![(EntityKind::Package, 1.25)],
                ..base()
            },
        ),
        (
            "packages weigh 1",
            Params {
                kind_weights: vec![(EntityKind::Person, 0.5)],
                ..base()
            },
        ),
        (
            "no title/link words",
            Params {
                word_weight: 0.0,
                ..base()
            },
        ),
        (
            "entity cosine (norm power 1)",
            Params {
                norm_power: 1.0,
                ..base()
            },
        ),
        (
            "max_df 0.1",
            Params {
                max_df: 0.1,
                ..base()
            },
        ),
        (
            "max postings 50",
            Params {
                max_postings: 50,
                ..base()
            },
        ),
        (
            "no df cap",
            Params {
                max_df: 1.0,
                max_postings: usize::MAX,
                ..base()
            },
        ),
        (
            "topics and news only",
            Params {
                kinds: vec![SegmentKind::Topic, SegmentKind::News],
                ..base()
            },
        ),
    ];
    out.extend(
        ablations
            .into_iter()
            .map(|(n, p)| (format!("default, {n}"), p)),
    );
    out
}

fn run_evaluation(inputs: &[PathBuf], show_misses: bool) -> anyhow::Result<ExitCode> {
    let variants = variants();
    let params: Vec<Params> = variants.iter().map(|(_, p)| p.clone()).collect();
    let report = evaluate::corpus(inputs, &podgraph::Options::default(), &params, 10);
    if report.pairs.is_empty() {
        bail!("no episode in the input refers to another one: nothing to measure");
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} episodes, {} reference pairs (references masked before the graph was built)\n",
        report.episodes,
        report.pairs.len()
    )?;
    writeln!(out, "| method | hit@10 either | hit@10 citing | MRR |")?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    for ((name, _), f) in variants.iter().zip(&report.figures) {
        writeln!(
            out,
            "| {name} | {:.3} | {:.3} | {:.3} |",
            f.hit_either, f.hit_citing, f.mrr
        )?;
    }
    let t = report.tfidf;
    writeln!(
        out,
        "| baseline: whole-text TF-IDF cosine, same masked text | {:.3} | {:.3} | {:.3} |",
        t.hit_either, t.hit_citing, t.mrr
    )?;
    if show_misses {
        print_misses(&mut out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Each pair the default misses: the two episodes, both ranks, the referring line, and the
/// citing episode's top three with the entities it shares with each.
fn print_misses(out: &mut dyn Write, report: &evaluate::Report) -> std::io::Result<()> {
    let graph = &report.graph;
    let rank = |r: Option<usize>| r.map_or("-".to_string(), |r| r.to_string());
    let index = recommend::Index::build(graph, &Params::default());
    writeln!(
        out,
        "\n{} pairs missed by the default:",
        report.misses.len()
    )?;
    for m in &report.misses {
        let (citing, cited) = (m.pair.citing, m.pair.cited);
        writeln!(
            out,
            "\n{} -> {}  (rank {} forward, {} back)",
            slot_title(graph, &index, citing),
            slot_title(graph, &index, cited),
            rank(m.forward),
            rank(m.backward)
        )?;
        writeln!(out, "    says: {}", m.context)?;
        writeln!(out, "    pair: {}", explain(&index, graph, citing, cited))?;
        for &e in &m.instead {
            writeln!(out, "    got:  {}", slot_title(graph, &index, e))?;
            writeln!(out, "          {}", explain(&index, graph, citing, e))?;
        }
    }
    Ok(())
}

/// "entities 0.12, text 0.34: a 0.05, b 0.02" for the pair `a`, `b`.
fn explain(index: &recommend::Index, graph: &KnowledgeGraph, a: u32, b: u32) -> String {
    let e = index.explain(graph, a as usize, b as usize);
    let shared: Vec<String> = e
        .shared
        .iter()
        .take(8)
        .map(|s| format!("{} {:.3}", s.label, s.weight))
        .collect();
    format!(
        "entities {:.3}, text {:.3}: {}",
        e.entity,
        e.text,
        shared.join(", ")
    )
}
