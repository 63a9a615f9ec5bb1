// Benchmark only (benchmarks/bench_analytics.py, on a scratch server): give the generated PAID edges the
// first and last payment dates a loaded world has, so the chain queries' date window keeps them.
// No parameters; runs as an implicit transaction in batches.
MATCH ()-[p:PAID]->()
WHERE p.first_date IS NULL
CALL (p) {
  SET p.first_date = date('2024-01-05'), p.last_date = date('2024-11-20')
} IN TRANSACTIONS OF 10000 ROWS
