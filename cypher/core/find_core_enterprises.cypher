// Core enterprises of an industry and/or region: the enterprises in the filter with payment ties,
// ranked by a hub score or by counterparties / amounts, with the figures and top buyers as evidence.
// $section: GB/T 4754 section letter (A..T) or null; $code_prefix: industry_code prefix with its
//   section letter (e.g. 'C36') or null; $digits: industry_code prefix without the letter (e.g. '36')
//   or null; $region: GB/T 2260 region_code prefix (e.g. '4101') or null;
// $order: 'pagerank' | 'articlerank' | 'betweenness' | 'counterparties' | 'amount' (checked by the
//   caller); $limit: int; $evidence: int (top buyers and suppliers listed per enterprise).
MATCH (e:Enterprise)
WHERE ($section IS NULL OR e.industry_section = $section OR e.industry_code STARTS WITH $section)
  AND ($code_prefix IS NULL OR e.industry_code STARTS WITH $code_prefix)
  AND ($digits IS NULL OR substring(e.industry_code, 1) STARTS WITH $digits)
  AND ($region IS NULL OR e.region_code STARTS WITH $region)
  AND (coalesce(e.paid_in_total, 0.0) + coalesce(e.paid_out_total, 0.0)) > 0
WITH collect(e) AS pool
WITH pool, size(pool) AS candidates,
     reduce(s = 0.0, x IN pool | s + coalesce(x.paid_in_total, 0.0)) AS pool_income
UNWIND pool AS e
WITH e, candidates, pool_income,
     COUNT { MATCH (e)-[:PAID]-(o:Enterprise) WHERE o <> e RETURN DISTINCT o } AS counterparties
WITH e, candidates, pool_income, counterparties,
     CASE $order
       WHEN 'pagerank' THEN coalesce(e.pagerank, 0.0)
       WHEN 'articlerank' THEN coalesce(e.articlerank, 0.0)
       WHEN 'betweenness' THEN coalesce(e.betweenness, 0.0)
       WHEN 'counterparties' THEN toFloat(counterparties)
       ELSE coalesce(e.paid_in_total, 0.0) + coalesce(e.paid_out_total, 0.0)
     END AS score
ORDER BY score DESC, counterparties DESC, e.uscc
LIMIT $limit
CALL (e) {
  OPTIONAL MATCH (b:Enterprise)-[p:PAID]->(e)
  WITH b, p ORDER BY p.total DESC LIMIT $evidence
  RETURN collect({uscc: b.uscc, name: b.name, total: p.total, count: p.count}) AS top_buyers
}
CALL (e) {
  OPTIONAL MATCH (e)-[p:PAID]->(s:Enterprise)
  WITH s, p ORDER BY p.total DESC LIMIT $evidence
  RETURN collect({uscc: s.uscc, name: s.name, total: p.total, count: p.count}) AS top_suppliers
}
RETURN e.uscc AS uscc, e.name AS name, e.industry_code AS industry_code,
       e.industry_section AS industry_section, e.region_code AS region_code, score,
       e.pagerank AS pagerank, e.pagerank_rank AS pagerank_rank, e.articlerank AS articlerank,
       e.betweenness AS betweenness, counterparties,
       COUNT { (:Enterprise)-[:PAID]->(e) } AS buyers, COUNT { (e)-[:PAID]->(:Enterprise) } AS suppliers,
       coalesce(e.paid_in_total, 0.0) AS paid_in_total, coalesce(e.paid_out_total, 0.0) AS paid_out_total,
       CASE WHEN pool_income > 0 THEN coalesce(e.paid_in_total, 0.0) / pool_income END AS share_of_income,
       candidates, top_buyers, top_suppliers
ORDER BY score DESC, counterparties DESC, uscc
