"""The python-igraph side of bench/igraph.bench.mjs: load the dependency graph from the binary
edge file the bench wrote (int32 little endian: vertex count, the lost vertex, then edge pairs
component -> what it needs), build an igraph Graph, and find every vertex that can reach the lost
one (reverse reachability: what the loss can take down, ignoring redundancy). Prints one JSON line."""
import array
import json
import sys
import time

t0 = time.perf_counter()
import igraph as ig  # noqa: E402  (the import is part of the whole process)

path = sys.argv[1]
with open(path, "rb") as f:
    header = array.array("i")
    header.frombytes(f.read(8))
    n, lost = header[0], header[1]
    flat = array.array("i")
    flat.frombytes(f.read())
if sys.byteorder != "little":
    flat.byteswap()
t_read = time.perf_counter()
g = ig.Graph(n=n, edges=list(zip(flat[0::2], flat[1::2])), directed=True)
t_graph = time.perf_counter()
reached = g.subcomponent(lost, mode="in")
t_reach = time.perf_counter()
print(json.dumps({
    "vertices": g.vcount(), "edges": g.ecount(), "reached": len(reached),
    "readMs": (t_read - t0) * 1000, "graphMs": (t_graph - t_read) * 1000, "reachMs": (t_reach - t_graph) * 1000,
    "igraph": ig.__version__,
}))
