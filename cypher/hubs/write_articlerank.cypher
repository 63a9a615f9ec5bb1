// Write articlerank scores back onto enterprises.
// $rows: [{uscc, score: float, rank: int (1 = top hub)}]
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
SET e.articlerank = row.score, e.articlerank_rank = row.rank
