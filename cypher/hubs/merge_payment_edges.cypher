// Write a weighted payment projection back as enterprises and PAID edges (seeding large graphs for
// benchmarks and restoring a projection; real data goes through the loader and its TXN facts).
// $rows: [{source: uscc, target: uscc, total: float}]
UNWIND $rows AS row
MERGE (a:Enterprise {uscc: row.source})
  ON CREATE SET a.name = row.source
MERGE (b:Enterprise {uscc: row.target})
  ON CREATE SET b.name = row.target
MERGE (a)-[p:PAID]->(b)
SET p.total = row.total, p.count = 1
