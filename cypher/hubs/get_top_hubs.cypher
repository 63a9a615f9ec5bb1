// The top hubs by weighted PageRank with the figures behind each score.
// $limit: int.
MATCH (e:Enterprise) WHERE e.pagerank IS NOT NULL
WITH e ORDER BY e.pagerank DESC LIMIT $limit
RETURN e.uscc AS uscc, e.name AS name, e.pagerank AS pagerank, e.pagerank_rank AS rank,
       COUNT { (:Enterprise)-[:PAID]->(e) } AS buyers,
       COUNT { (e)-[:PAID]->(:Enterprise) } AS suppliers,
       coalesce(e.paid_in_total, 0.0) AS paid_in_total, coalesce(e.paid_out_total, 0.0) AS paid_out_total
ORDER BY pagerank DESC
