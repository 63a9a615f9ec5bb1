// Bank customers whose relationship began on or before $as_of, with the products they had opened by then.
// $as_of: ISO date. One row per customer: customer_no, party_kind ('E'/'P'), party_id, since (ISO),
// rm_id and branch_code (the current assignment; nullable), products: [name] opened on or before $as_of
// (a product without an opening date counts from the customer's since).
MATCH (c:Customer)
WHERE c.since <= date($as_of)
OPTIONAL MATCH (c)-[h:HOLDS_PRODUCT]->(p:Product)
WHERE coalesce(h.opened, c.since) <= date($as_of)
RETURN c.customer_no AS customer_no, c.party_kind AS party_kind, c.party_id AS party_id,
       toString(c.since) AS since, c.rm_id AS rm_id, c.branch_code AS branch_code, collect(p.name) AS products
