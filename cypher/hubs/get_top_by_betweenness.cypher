// The top hubs by betweenness (written by graph/analytics/hubs.py) with the figures behind each score.
// $limit: int. Columns as in hubs/get_top_hubs.
MATCH (e:Enterprise) WHERE e.betweenness_rank IS NOT NULL
WITH e ORDER BY e.betweenness_rank LIMIT $limit
RETURN e.betweenness_rank AS rank, e.uscc AS uscc, e.name AS name, e.betweenness AS score,
       e.pagerank AS pagerank, e.articlerank AS articlerank, e.betweenness AS betweenness,
       COUNT { MATCH (e)-[:PAID]-(o:Enterprise) WHERE o <> e RETURN DISTINCT o } AS counterparties,
       COUNT { (:Enterprise)-[:PAID]->(e) } AS buyers,
       COUNT { (e)-[:PAID]->(:Enterprise) } AS suppliers,
       coalesce(e.paid_in_total, 0.0) AS paid_in_total, coalesce(e.paid_out_total, 0.0) AS paid_out_total
ORDER BY rank
