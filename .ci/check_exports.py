"""Proves each export format with a real consumer, against the graph.json of the same build.

- GraphML: networkx `read_graphml` and python-igraph's C reader (`Graph.Read_GraphML`) both
  read it, with typed attributes (an entity's `aliases` list as JSON text, an edge's `weight`).
- GEXF 1.3: networkx `read_gexf` reads it with its timeline (`start` on nodes and edges, the
  dynamic `mentions` attribute); `xmllint --noout` finds it well-formed (run by .ci/run).
- Cytoscape.js: networkx `cytoscape_graph` reads it.
- CSV: DuckDB (embedded SQL, from PyPI: one pip install, reads CSV natively, no server) loads
  nodes.csv and relationships.csv, and its top-10 entities by episodes, then mentions, then id
  equal `podgraph entities --top 10`.

Usage: python3 .ci/check_exports.py PODGRAPH_BINARY OUTPUT_DIR [OUTPUT_DIR...]
(each OUTPUT_DIR built with --format json,graphml,gexf,cytoscape,csv)
"""
import json
import subprocess
import sys

import duckdb
import igraph
import networkx as nx
from networkx.readwrite import json_graph


def reference(folder):
    with open(f"{folder}/graph.json", encoding="utf-8") as f:
        return json_graph.node_link_graph(json.load(f), edges="links")


def an_entity_with_aliases(graph):
    return next(n for n, a in graph.nodes(data=True) if a.get("aliases"))


def check_graphml(folder, ref):
    path = f"{folder}/graph.graphml"
    g = nx.read_graphml(path)
    assert (g.number_of_nodes(), g.number_of_edges()) == (ref.number_of_nodes(), ref.number_of_edges())
    entity = an_entity_with_aliases(ref)
    assert json.loads(g.nodes[entity]["aliases"]) == ref.nodes[entity]["aliases"]
    assert g.nodes[entity]["confidence"] == ref.nodes[entity]["confidence"]
    u, v, attrs = next(iter(ref.edges(data=True)))
    assert g.edges[u, v]["weight"] == attrs["weight"] and isinstance(g.edges[u, v]["weight"], int)
    ig = igraph.Graph.Read_GraphML(path)
    assert (ig.vcount(), ig.ecount()) == (ref.number_of_nodes(), ref.number_of_edges())
    vertex = ig.vs.find(id=entity)
    assert json.loads(vertex["aliases"]) == ref.nodes[entity]["aliases"]
    assert set(ig.es["kind"]) == {k for *_, k in ref.edges(data="kind")}
    return f"networkx and igraph read {path}"


def check_gexf(folder, ref):
    path = f"{folder}/graph.gexf"
    g = nx.read_gexf(path, version="1.3")
    assert (g.number_of_nodes(), g.number_of_edges()) == (ref.number_of_nodes(), ref.number_of_edges())
    assert g.graph["mode"] == "dynamic"
    episodes = [n for n, k in ref.nodes(data="kind") if k == "episode"]
    assert all("start" in g.nodes[e] for e in episodes), "an episode without a start"
    entity = an_entity_with_aliases(ref)
    assert json.loads(g.nodes[entity]["aliases"]) == ref.nodes[entity]["aliases"]
    first_mention = min(g.nodes[s]["start"] for s in ref.predecessors(entity))
    assert g.nodes[entity]["start"] == first_mention, (g.nodes[entity]["start"], first_mention)
    spells = g.nodes[entity]["mentions"]
    total = sum(w for s, _, w in ref.in_edges(entity, data="weight"))
    assert sum(value for value, _, _ in spells) == total, (spells, total)
    u, v, attrs = next(iter(ref.edges(data=True)))
    assert g.edges[u, v]["weight"] == attrs["weight"] and "start" in g.edges[u, v]
    return f"networkx reads {path} with its timeline"


def check_cytoscape(folder, ref):
    path = f"{folder}/graph.cyjs"
    with open(path, encoding="utf-8") as f:
        g = nx.cytoscape_graph(json.load(f))
    assert (g.number_of_nodes(), g.number_of_edges()) == (ref.number_of_nodes(), ref.number_of_edges())
    entity = an_entity_with_aliases(ref)
    assert g.nodes[entity]["aliases"] == ref.nodes[entity]["aliases"]
    u, v, attrs = next(iter(ref.edges(data=True)))
    assert g.edges[u, v]["weight"] == attrs["weight"]
    return f"networkx reads {path}"


TOP_ENTITIES = """
with edges as (select * from read_csv('{rels}', header = true, all_varchar = true)),
     nodes as (select * from read_csv('{nodes}', header = true, all_varchar = true)),
     -- Boilerplate segments (socials, sponsor reads) do not count, as in `podgraph entities`.
     parent as (select ":END_ID" as segment, ":START_ID" as episode from edges
                join nodes s on s."id:ID" = edges.":END_ID"
                where ":TYPE" = 'has_segment'{boilerplate}),
     mention as (select e.":END_ID" as entity, e.":START_ID" as segment,
                        cast(e."weight:long" as bigint) as weight
                 from edges e where e.":TYPE" = 'mentions')
select n.label, n.":LABEL", count(distinct p.episode) as episodes, sum(m.weight) as mentions
from mention m join parent p using (segment)
join nodes n on n."id:ID" = m.entity
group by n."id:ID", n.label, n.":LABEL"
order by episodes desc, mentions desc, n."id:ID"
limit 10
"""


def podgraph_top(binary, folder):
    text = subprocess.run([binary, "entities", "--top", "10", f"{folder}/graph.json"],
                          check=True, capture_output=True, text=True).stdout
    rows = []
    for line in text.splitlines()[1:]:
        label, kind, episodes, mentions = line.rsplit(None, 3)
        rows.append((label.strip(), kind, int(episodes), int(mentions)))
    return rows


def check_csv(binary, folder):
    nodes, rels = f"{folder}/csv/nodes.csv", f"{folder}/csv/relationships.csv"
    # DuckDB keeps neo4j's header names (`:START_ID`, `id:ID`) as the column names.
    # The exporter writes a column only when some node has the property: a build without
    # boilerplate segments has no `boilerplate:boolean` column to filter on.
    with open(nodes, encoding="utf-8") as f:
        header = f.readline()
    boilerplate = ("\n                  and coalesce(s.\"boilerplate:boolean\", 'false') <> 'true'"
                   if "boilerplate:boolean" in header else "")
    query = TOP_ENTITIES.format(nodes=nodes, rels=rels, boilerplate=boilerplate)
    got = [(l, k, int(e), int(m)) for l, k, e, m in duckdb.sql(query).fetchall()]
    expected = podgraph_top(binary, folder)
    assert len(expected) == 10, expected
    assert got == expected, f"DuckDB {got}\n!= podgraph {expected}"
    return f"DuckDB loads {folder}/csv and its top 10 entities equal `podgraph entities`"


binary = sys.argv[1]
for folder in sys.argv[2:]:
    ref = reference(folder)
    for message in [check_graphml(folder, ref), check_gexf(folder, ref),
                    check_cytoscape(folder, ref), check_csv(binary, folder)]:
        print(message)
