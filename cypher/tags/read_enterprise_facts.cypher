// The registry facts tags are decided on, for every enterprise registered by $as_of (or undated):
// industry (GB/T 4754 code and section), declared scale (企业规模), establishment date, and the scores
// the product computed (PageRank rank of `liantu hubs compute`, risk diffusion of `liantu risk`).
// $as_of: ISO date.
MATCH (e:Enterprise)
WHERE e.established IS NULL OR e.established <= date($as_of)
RETURN e.uscc AS uscc, e.industry_code AS industry_code, e.industry_section AS industry_section,
       e.scale AS scale, toString(e.established) AS established, e.pagerank AS pagerank,
       e.pagerank_rank AS pagerank_rank, e.risk_diffusion AS risk_diffusion
