// The top hubs by weighted PageRank with the figures behind each score.
// $limit: int.
// Columns (shared by every hubs/get_top_* file): rank, uscc, name, score, pagerank, articlerank,
// betweenness, counterparties (distinct payment partners), buyers, suppliers, paid_in_total, paid_out_total.
MATCH (e:Enterprise) WHERE e.pagerank IS NOT NULL
WITH e ORDER BY e.pagerank DESC, e.pagerank_rank LIMIT $limit
RETURN e.pagerank_rank AS rank, e.uscc AS uscc, e.name AS name, e.pagerank AS score,
       e.pagerank AS pagerank, e.articlerank AS articlerank, e.betweenness AS betweenness,
       COUNT { MATCH (e)-[:PAID]-(o:Enterprise) WHERE o <> e RETURN DISTINCT o } AS counterparties,
       COUNT { (:Enterprise)-[:PAID]->(e) } AS buyers,
       COUNT { (e)-[:PAID]->(:Enterprise) } AS suppliers,
       coalesce(e.paid_in_total, 0.0) AS paid_in_total, coalesce(e.paid_out_total, 0.0) AS paid_out_total
ORDER BY rank
