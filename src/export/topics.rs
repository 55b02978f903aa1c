//! topics.json export: a `topics::TopicGraph` in, networkx node-link JSON out, in the style of
//! graph.json (one node or link per line, `directed: false`), so
//! `networkx.node_link_graph(data, edges="links")` reads it. `graph` carries the generator, the
//! number of episodes counted, the partition's modularity and the communities (id, name, size).
//! Writes to any `io::Write`; never chooses a file. serde escapes every label. [`read`] turns
//! the file back into a `TopicGraph` (the explorer reads a topics.json beside graph.json).

use std::collections::HashMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::json::{write_array, GENERATOR};
use crate::extract::EntityKind;
use crate::topics::{Community, TopicEdge, TopicGraph, TopicNode};

#[derive(Serialize)]
struct Meta<'a> {
    generator: &'static str,
    episodes: u32,
    modularity: f64,
    communities: Vec<CommunityRecord<'a>>,
}

#[derive(Serialize)]
struct CommunityRecord<'a> {
    id: usize,
    name: &'a str,
    size: usize,
}

#[derive(Serialize)]
struct NodeRecord<'a> {
    id: &'a str,
    kind: &'static str,
    label: &'a str,
    episodes: u32,
    community: usize,
    centrality: f64,
}

#[derive(Serialize)]
struct LinkRecord<'a> {
    source: &'a str,
    target: &'a str,
    episodes: u32,
    npmi: f64,
    weight: f64,
    episode_ids: &'a [String],
}

pub fn write(topics: &TopicGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let meta = Meta {
        generator: GENERATOR,
        episodes: topics.episodes,
        modularity: topics.modularity,
        communities: topics.communities.iter().map(community_record).collect(),
    };
    writeln!(out, "{{\"directed\": false, \"multigraph\": false,")?;
    writeln!(out, " \"graph\": {},", serde_json::to_string(&meta)?)?;
    let nodes = topics.nodes.iter().map(node_record);
    write_array(out, "nodes", nodes, ",")?;
    let links = topics.edges.iter().map(|e| link_record(topics, e));
    write_array(out, "links", links, "")?;
    writeln!(out, "}}")
}

fn community_record(c: &Community) -> CommunityRecord<'_> {
    CommunityRecord {
        id: c.id,
        name: &c.name,
        size: c.size,
    }
}

fn node_record(n: &TopicNode) -> NodeRecord<'_> {
    NodeRecord {
        id: &n.id,
        kind: n.kind.as_str(),
        label: &n.label,
        episodes: n.episodes,
        community: n.community,
        centrality: n.centrality,
    }
}

fn link_record<'a>(topics: &'a TopicGraph, e: &'a TopicEdge) -> LinkRecord<'a> {
    LinkRecord {
        source: &topics.nodes[e.source].id,
        target: &topics.nodes[e.target].id,
        episodes: e.episodes,
        npmi: e.npmi,
        weight: e.weight,
        episode_ids: &e.episode_ids,
    }
}

/// topics.json as read back: owned records, extra fields ignored.
#[derive(Deserialize)]
struct FileIn {
    graph: MetaIn,
    nodes: Vec<NodeIn>,
    links: Vec<LinkIn>,
}

#[derive(Deserialize)]
struct MetaIn {
    #[serde(default)]
    episodes: u32,
    #[serde(default)]
    modularity: f64,
    #[serde(default)]
    communities: Vec<CommunityIn>,
}

#[derive(Deserialize)]
struct CommunityIn {
    id: usize,
    name: String,
    size: usize,
}

#[derive(Deserialize)]
struct NodeIn {
    id: String,
    kind: String,
    label: String,
    episodes: u32,
    community: usize,
    centrality: f64,
}

#[derive(Deserialize)]
struct LinkIn {
    source: String,
    target: String,
    episodes: u32,
    npmi: f64,
    weight: f64,
    #[serde(default)]
    episode_ids: Vec<String>,
}

/// Reads a topics.json written by [`write`]; the error says what is wrong with it.
pub fn read(text: &str) -> Result<TopicGraph, String> {
    let file: FileIn = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let nodes = file
        .nodes
        .into_iter()
        .map(|n| {
            let kind = EntityKind::parse(&n.kind)
                .ok_or_else(|| format!("node {:?} has an unknown kind {:?}", n.id, n.kind))?;
            Ok(TopicNode {
                id: n.id,
                kind,
                label: n.label,
                episodes: n.episodes,
                community: n.community,
                centrality: n.centrality,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let position = |id: &str| {
        index
            .get(id)
            .copied()
            .ok_or_else(|| format!("a link names {id:?}, which is not a node"))
    };
    let edges = file
        .links
        .into_iter()
        .map(|l| {
            Ok(TopicEdge {
                source: position(&l.source)?,
                target: position(&l.target)?,
                episodes: l.episodes,
                npmi: l.npmi,
                weight: l.weight,
                episode_ids: l.episode_ids,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let communities = file
        .graph
        .communities
        .into_iter()
        .map(|c| Community {
            id: c.id,
            name: c.name,
            size: c.size,
        })
        .collect();
    Ok(TopicGraph {
        nodes,
        edges,
        communities,
        episodes: file.graph.episodes,
        modularity: file.graph.modularity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, label: &str) -> TopicNode {
        TopicNode {
            id: id.into(),
            kind: EntityKind::Package,
            label: label.into(),
            episodes: 2,
            community: 0,
            centrality: 2.0,
        }
    }

    /// What `write` makes of a topic graph, checked to be JSON.
    fn written(topics: &TopicGraph) -> String {
        let mut out = Vec::new();
        write(topics, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
        text
    }

    #[test]
    fn an_empty_graph_is_still_node_link() {
        let meta = format!(
            r#" "graph": {{"generator":"{GENERATOR}","episodes":0,"modularity":0.0,"communities":[]}},"#
        );
        let expected = format!(
            "{{\"directed\": false, \"multigraph\": false,\n{meta}\n \"nodes\": [\n ],\n \"links\": [\n ]\n}}\n"
        );
        assert_eq!(written(&TopicGraph::default()), expected);
    }

    #[test]
    fn one_record_per_line() {
        let pair = TopicGraph {
            nodes: vec![
                node("package:attrs", "attrs"),
                node("package:cattrs", "c\"attrs"),
            ],
            edges: vec![TopicEdge {
                source: 0,
                target: 1,
                episodes: 2,
                npmi: 1.0,
                weight: 2.0,
                episode_ids: vec!["episode:1".into(), "episode:2".into()],
            }],
            communities: vec![Community {
                id: 0,
                name: "attrs · c\"attrs".into(),
                size: 2,
            }],
            episodes: 3,
            modularity: 0.0,
        };
        let text = written(&pair);
        assert_eq!(
            read(&text).unwrap(),
            pair,
            "read gives back what write wrote"
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 10, "{text}");
        assert!(lines[1].contains(r#""communities":[{"id":0,"name":"attrs · c\"attrs","size":2}]"#));
        assert_eq!(
            lines[3],
            r#"  {"id":"package:attrs","kind":"package","label":"attrs","episodes":2,"community":0,"centrality":2.0},"#
        );
        assert_eq!(
            lines[7],
            r#"  {"source":"package:attrs","target":"package:cattrs","episodes":2,"npmi":1.0,"weight":2.0,"episode_ids":["episode:1","episode:2"]}"#
        );
    }
}
