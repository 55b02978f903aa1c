"""Proves the topics.json contract: networkx reads it as an undirected node-link graph whose
nodes each belong to a listed community, and whose links are positive associations.

Usage: python3 .ci/check_topics.py OUTPUT_DIR [OUTPUT_DIR...]
"""
import json
import sys

from networkx.readwrite import json_graph

KINDS = {"person", "package", "project", "organization", "law"}

for folder in sys.argv[1:]:
    with open(f"{folder}/topics.json", encoding="utf-8") as f:
        data = json.load(f)
    graph = json_graph.node_link_graph(data, edges="links")
    assert not graph.is_directed() and not graph.is_multigraph()
    assert graph.number_of_nodes() == len(data["nodes"]) > 0
    assert graph.number_of_edges() == len(data["links"]) > 0
    communities = {c["id"]: c["size"] for c in data["graph"]["communities"]}
    sizes = {}
    for _, attrs in graph.nodes(data=True):
        assert attrs["kind"] in KINDS, attrs
        sizes[attrs["community"]] = sizes.get(attrs["community"], 0) + 1
    assert sizes == communities, "community sizes do not match their members"
    for *_, attrs in graph.edges(data=True):
        assert 0 < attrs["npmi"] <= 1 and attrs["episodes"] == len(attrs["episode_ids"]), attrs
    names = [c["name"] for c in data["graph"]["communities"][:3]]
    print(f"networkx reads {folder}/topics.json: {graph.number_of_nodes()} nodes, "
          f"{graph.number_of_edges()} links, {len(communities)} communities, e.g. {names}")
