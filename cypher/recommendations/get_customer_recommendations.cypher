// One customer's stored recommendations with who serves it (rm_branch and booked_at keep an rm in its book).
// $customer_no: string. No row: unknown customer; products null: none computed for it.
MATCH (c:Customer {customer_no: $customer_no})
OPTIONAL MATCH (c)-[:IS_PARTY]->(party)
OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
OPTIONAL MATCH (rm)-[:WORKS_AT]->(rb:Branch)
OPTIONAL MATCH (c)-[:BOOKED_AT]->(b:Branch)
OPTIONAL MATCH (c)-[:HOLDS_PRODUCT]->(held:Product)
WITH c, party, rm, rb, b, collect(held.name) AS held
RETURN c.customer_no AS customer_no, coalesce(party.uscc, party.person_id) AS party_id, party.name AS name,
       rm.rm_id AS rm_id, rb.branch_code AS rm_branch, b.branch_code AS booked_at, held,
       c.rec_products AS products, c.rec_scores AS scores, c.rec_reasons AS reasons, c.rec_method AS method,
       c.rec_as_of AS as_of
LIMIT 1
