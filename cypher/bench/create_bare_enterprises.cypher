// Benchmark only (benchmarks/bench_server_writes.py, on a scratch server): the server's own rate of
// creating keyed nodes, with no MERGE, no validation and a single indexed property.
// $usccs: [string]
UNWIND $usccs AS uscc
CREATE (:Enterprise {uscc: uscc})
