"""podgraph over a cluster: the map step on Dask, the merge on one machine.

    python3 examples/dask_extract.py PODGRAPH_BINARY NOTES_DIR PROFILE OUT_DIR [PARTITIONS]

Lists the show notes under NOTES_DIR, splits them into partitions with `dask.bag`, and has each
worker run `podgraph extract --jsonl` on its share (the same PROFILE everywhere, so every
worker names the show and its hosts alike), writing `OUT_DIR/part-N.jsonl`. Then
`podgraph build --from-jsonl OUT_DIR/part-*.jsonl -o OUT_DIR/graph` merges the lines:
duplicates, boilerplate and the graph need every episode of a show, so they stay in the merge.

The scheduler here is Dask's local one; pointing `dask.distributed.Client` at a cluster runs
the same bag on many machines, with the notes on storage every worker can read (each partition
is a list of paths). CI runs this on the sample episodes and checks that the merged graph is the
graph a plain `podgraph build` writes, byte for byte.
"""
import hashlib
import pathlib
import subprocess
import sys

import dask.bag as db

NOTES = {".md", ".markdown", ".txt"}


def extract(paths, binary, profile, out_dir):
    """One partition: its files through `podgraph extract --jsonl`, into one part file."""
    paths = list(paths)
    if not paths:
        return []
    # Named by its files, so a rerun writes the same parts (Python's own hash is seeded).
    digest = hashlib.sha256("\n".join(paths).encode()).hexdigest()[:12]
    part = out_dir / f"part-{digest}.jsonl"
    cmd = [binary, "extract", "--jsonl", "--quiet", "--profile", profile, "-o", str(part), *paths]
    # Exit 1 means some file was skipped (and said why on stderr); the rest is in the part.
    if subprocess.run(cmd).returncode > 1:
        raise RuntimeError(f"podgraph extract failed on {paths[0]}…")
    return [str(part)]


def main():
    binary, notes, profile, out = sys.argv[1:5]
    partitions = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    out_dir = pathlib.Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = sorted(str(p) for p in pathlib.Path(notes).rglob("*") if p.suffix in NOTES)
    bag = db.from_sequence(files, npartitions=partitions)
    parts = bag.map_partitions(extract, binary, profile, out_dir).compute()
    merged = [binary, "build", "--from-jsonl", *sorted(parts), "-o", str(out_dir / "graph"), "--quiet"]
    code = subprocess.run(merged).returncode
    print(f"{len(files)} files in {len(parts)} parts merged into {out_dir / 'graph'}")
    sys.exit(code)


if __name__ == "__main__":
    main()
