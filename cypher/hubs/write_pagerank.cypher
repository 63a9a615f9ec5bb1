// Write hub scores back onto enterprises.
// $rows: [{uscc, score: float, rank: int (1 = top hub)}]
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
SET e.pagerank = row.score, e.pagerank_rank = row.rank
