// Bank customers whose relationship began on or before $as_of, with the products they had opened by then,
// as ONE row of value lists (graph/learning/asof.py).
// $as_of: ISO date. Returns rows: [[customer_no, party_kind ('E'/'P'), party_id, since (ISO), rm_id and
// branch_code (the current assignment; nullable), products: [name] opened on or before $as_of (a product
// without an opening date counts from the customer's since)]].
MATCH (c:Customer)
WHERE c.since <= date($as_of)
OPTIONAL MATCH (c)-[h:HOLDS_PRODUCT]->(p:Product)
WHERE coalesce(h.opened, c.since) <= date($as_of)
WITH c, collect(p.name) AS products
RETURN collect([c.customer_no, c.party_kind, c.party_id, toString(c.since), c.rm_id, c.branch_code, products])
       AS rows
