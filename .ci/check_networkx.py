"""Proves the graph.json contract: networkx reads it as a node-link graph.

Usage: python3 .ci/check_networkx.py OUTPUT_DIR [OUTPUT_DIR...]
"""
import json
import sys

from networkx.readwrite import json_graph

KINDS = {"show", "episode", "segment", "person", "package", "project", "organization", "law"}
LINK_KINDS = {"has_episode", "has_segment", "mentions", "presented_by"}

for folder in sys.argv[1:]:
    with open(f"{folder}/graph.json", encoding="utf-8") as f:
        data = json.load(f)
    graph = json_graph.node_link_graph(data, edges="links")
    assert graph.is_directed() and not graph.is_multigraph()
    assert graph.number_of_nodes() == len(data["nodes"]) > 0
    assert graph.number_of_edges() == len(data["links"]) > 0
    kinds = {attrs["kind"] for _, attrs in graph.nodes(data=True)}
    assert kinds <= KINDS, kinds - KINDS
    assert {attrs["kind"] for *_, attrs in graph.edges(data=True)} <= LINK_KINDS
    episodes = [n for n, a in graph.nodes(data=True) if a["kind"] == "episode"]
    assert all(graph.out_degree(e) > 0 for e in episodes), "an episode without segments"
    print(f"networkx reads {folder}/graph.json: {graph.number_of_nodes()} nodes, "
          f"{graph.number_of_edges()} links, {len(episodes)} episodes")
