// Benchmark only (benchmarks/bench_server_writes.py, on a scratch server): the server's own rate of
// creating relationships between existing nodes found by their unique key, with no MERGE, no
// relationship property and no relationship index: a ceiling for any per-row relationship load.
// $pairs: [{a: uscc, b: uscc}]
UNWIND $pairs AS pair
MATCH (a:Enterprise {uscc: pair.a})
MATCH (b:Enterprise {uscc: pair.b})
CREATE (a)-[:BENCH_LINK]->(b)
