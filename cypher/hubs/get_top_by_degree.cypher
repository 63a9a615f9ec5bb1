// The top hubs by degree: distinct counterparties, then total amount paid and received.
// $limit: int. Columns as in hubs/get_top_hubs; score = counterparties.
MATCH (e:Enterprise) WHERE e.degree_rank IS NOT NULL
WITH e ORDER BY e.degree_rank LIMIT $limit
RETURN e.degree_rank AS rank, e.uscc AS uscc, e.name AS name, toFloat(e.counterparties) AS score,
       e.pagerank AS pagerank, e.articlerank AS articlerank, e.betweenness AS betweenness,
       e.counterparties AS counterparties, e.degree_in AS buyers, e.degree_out AS suppliers,
       coalesce(e.paid_in_total, 0.0) AS paid_in_total, coalesce(e.paid_out_total, 0.0) AS paid_out_total
ORDER BY rank
