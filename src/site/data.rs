//! The explorer's data as JavaScript: the search index and the topic graph, each a script that
//! assigns one global (`window.PODGRAPH_SEARCH`, `window.PODGRAPH_TOPICS`). Pages load them with
//! `<script src>` because browsers block `fetch()` of file:// URLs. The JSON is made safe to
//! sit in any script: `<`, `>` and `&` are written as `\u003c`…, so neither `</script>` nor
//! `<!--` can end or comment the script, whatever a title holds. It never writes files.

use serde::Serialize;

use super::model::Catalog;
use super::paths;

/// The graph view draws this many topics at first; "show more" adds as many again.
pub const GRAPH_STEP: usize = 150;
/// …and at most this many links per topic drawn, the strongest first.
pub const GRAPH_LINKS_PER_NODE: usize = 3;

/// `window.NAME = JSON;` with the JSON escaped for a script.
pub fn script(name: &str, value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("the site's data serializes");
    format!("window.{name} = {};\n", script_safe(&json))
}

/// JSON text made safe inside `<script>`: the characters that could close or comment the
/// element become escapes JSON and JavaScript both read back as the same character. U+2028 and
/// U+2029 are escaped too, for older JavaScript engines that end a string at them.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// One search entry: `[title, kind, page, more words to match, weight]`; the weight (the
/// segments that mention an entity; 0 for an episode) orders equal matches.
type SearchEntry = (String, &'static str, String, String, usize);

/// Every episode and entity, as the index page searches them.
pub fn search(catalog: &Catalog) -> String {
    let mut entries: Vec<SearchEntry> = Vec::new();
    for (_, e) in catalog.episodes.iter().rev() {
        let words = [e.date.as_deref().unwrap_or(""), &e.id].join(" ");
        entries.push((e.label(), "episode", paths::episode(&e.id), words, 0));
    }
    for (node, e) in &catalog.entities {
        let episodes = catalog
            .input
            .graph
            .incoming(*node, crate::graph::EdgeKind::Mentions)
            .len();
        let words = e.aliases.join(" ");
        entries.push((
            e.label.clone(),
            e.kind.as_str(),
            paths::entity(&e.id),
            words,
            episodes,
        ));
    }
    script("PODGRAPH_SEARCH", &entries)
}

#[derive(Serialize)]
struct Topics<'a> {
    /// `[id, label, kind, community, episodes, page]`, most mentioned first.
    nodes: Vec<(&'a str, &'a str, &'static str, usize, u32, String)>,
    /// `[source, target, weight]` as indices into `nodes`, strongest first.
    edges: Vec<(usize, usize, f64)>,
    /// `[id, name, size]`, largest first.
    communities: Vec<(usize, &'a str, usize)>,
    step: usize,
    links_per_node: usize,
}

/// The whole topic graph, ordered so that a prefix of `nodes` is the most mentioned topics and
/// a prefix of `edges` the strongest links: the view thins by taking prefixes.
pub fn topics(catalog: &Catalog) -> String {
    let topics = catalog.input.topics;
    let mut order: Vec<usize> = (0..topics.nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&topics.nodes[a], &topics.nodes[b]);
        y.episodes.cmp(&x.episodes).then_with(|| x.id.cmp(&y.id))
    });
    let mut place = vec![0; order.len()];
    for (at, &node) in order.iter().enumerate() {
        place[node] = at;
    }
    let nodes = order
        .iter()
        .map(|&i| {
            let n = &topics.nodes[i];
            let kind = n.kind.as_str();
            (
                n.id.as_str(),
                n.label.as_str(),
                kind,
                n.community,
                n.episodes,
                paths::entity(&n.id),
            )
        })
        .collect();
    let mut edges: Vec<(usize, usize, f64)> = topics
        .edges
        .iter()
        .map(|e| (place[e.source], place[e.target], e.weight))
        .collect();
    edges.sort_by(|a, b| {
        b.2.total_cmp(&a.2)
            .then_with(|| (a.0, a.1).cmp(&(b.0, b.1)))
    });
    let communities = topics
        .communities
        .iter()
        .map(|c| (c.id, c.name.as_str(), c.size))
        .collect();
    let data = Topics {
        nodes,
        edges,
        communities,
        step: GRAPH_STEP,
        links_per_node: GRAPH_LINKS_PER_NODE,
    };
    script("PODGRAPH_TOPICS", &data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_data_cannot_close_or_comment_the_script() {
        let text = script("X", &vec!["</script><!-- a & b \u{2028}"]);
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let json = text
            .trim_start_matches("window.X = ")
            .trim_end_matches(";\n");
        let back: Vec<String> = serde_json::from_str(json).unwrap();
        assert_eq!(back, ["</script><!-- a & b \u{2028}"]);
    }
}
