// Enterprises for the search box: the one whose USCC is $uscc, and those whose registered name or a
// former name (曾用名) contains $q, each compared in normalised form (liantu.ids.normalise_name: full- and
// half-width, brackets, spaces and case folded), best first: USCC, exact name, name prefix, name
// fragment, former name; then by hub rank. Badges: customer (tier, RM), hub rank, negative events (a
// court case in a negative role or a penalty), and whether it sits on a directed guarantee cycle.
// $q: string (normalised; may be empty when only $uscc is given); $uscc: string or null;
// $roles: [string] negative court roles; $limit: int. Cycles are looked for up to 8 guarantees long, the
// bound graph/analytics/guarantees.py uses (a literal: Cypher takes no parameter in a length bound).
MATCH (e:Enterprise)
WHERE e.uscc = $uscc
   OR ($q <> '' AND (e.name_norm CONTAINS $q OR any(f IN coalesce(e.former_names_norm, []) WHERE f CONTAINS $q)))
WITH e, CASE
          WHEN e.uscc = $uscc THEN 0
          WHEN e.name_norm = $q THEN 1
          WHEN e.name_norm STARTS WITH $q THEN 2
          WHEN e.name_norm CONTAINS $q THEN 3
          ELSE 4 END AS rank
ORDER BY rank, coalesce(e.pagerank_rank, 2147483647), e.name
LIMIT $limit
CALL (e) {
  OPTIONAL MATCH (c:Customer)-[:IS_PARTY]->(e)
  OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
  RETURN c.customer_no AS customer_no, c.tier AS tier, rm.rm_id AS rm_id, rm.name AS rm_name
  LIMIT 1
}
RETURN e.uscc AS uscc, e.name AS name, coalesce(e.former_names, []) AS former_names, rank,
       CASE rank WHEN 0 THEN 'uscc' WHEN 4 THEN 'former_name' ELSE 'name' END AS matched,
       e.status AS status, e.region_code AS region_code, e.industry_code AS industry_code,
       customer_no, tier, rm_id, rm_name, e.pagerank_rank AS hub_rank,
       EXISTS { MATCH (e)-[r:PARTY_IN]->(:CourtCase) WHERE r.role IN $roles }
         OR EXISTS { MATCH (e)-[:PENALISED_IN]->(:Penalty) } AS negative_events,
       EXISTS { MATCH (e)-[:GUARANTEES*2..8]->(e) }
         AS guarantee_cycle
ORDER BY rank, coalesce(hub_rank, 2147483647), name
