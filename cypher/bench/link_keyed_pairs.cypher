// Benchmark only (benchmarks/bench_server_writes.py, on a scratch server): as link_bare_pairs, but each
// relationship is a TXN fact with its uniquely constrained txn_id and the loader's properties, written
// with CREATE: what the payment load costs the server without the MERGE existence check.
// $rows: [{a: uscc, b: uscc, txn_id, amount, date (YYYY-MM-DD)}]
UNWIND $rows AS row
MATCH (a:Enterprise {uscc: row.a})
MATCH (b:Enterprise {uscc: row.b})
CREATE (a)-[:TXN {txn_id: row.txn_id, amount: row.amount, date: date(row.date)}]->(b)
