// One enterprise's profile: registry facts, legal representative, bank relationship, payment totals.
// $uscc: string. Returns no row when the USCC is not in the graph.
MATCH (e:Enterprise {uscc: $uscc})
OPTIONAL MATCH (lr:Person)-[l:LEGAL_REP_OF]->(e) WHERE l.valid_to IS NULL
OPTIONAL MATCH (c:Customer)-[:IS_PARTY]->(e)
OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
RETURN e.uscc AS uscc, e.name AS name, e.former_names AS former_names, e.legal_form AS legal_form,
       e.registered_capital AS registered_capital, toString(e.established) AS established,
       e.status AS status, e.industry_code AS industry_code, e.industry_section AS industry_section,
       e.region_code AS region_code, e.address AS address, e.scale AS scale,
       lr.name AS legal_representative,
       c.customer_no AS customer_no, c.tier AS tier, rm.rm_id AS rm_id, rm.name AS rm_name,
       coalesce(e.paid_in_total, 0.0) AS paid_in_total, coalesce(e.paid_out_total, 0.0) AS paid_out_total,
       e.pagerank AS pagerank, e.pagerank_rank AS pagerank_rank
LIMIT 1
