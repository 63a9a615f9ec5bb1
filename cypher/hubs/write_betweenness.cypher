// Write betweenness scores back onto enterprises.
// $rows: [{uscc, score: float, rank: int (1 = top hub)}]
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
SET e.betweenness = row.score, e.betweenness_rank = row.rank
