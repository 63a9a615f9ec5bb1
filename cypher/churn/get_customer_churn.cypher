// One customer's churn warning with who serves it: the API's and the CLI's read.
// $customer_no: string. Returns no row for an unknown customer; score, model, reasons and as_of are null
// when no warning has been written for it. rm_branch and booked_at let the API keep an rm in its book.
MATCH (c:Customer {customer_no: $customer_no})
OPTIONAL MATCH (c)-[:IS_PARTY]->(party)
OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
OPTIONAL MATCH (rm)-[:WORKS_AT]->(rb:Branch)
OPTIONAL MATCH (c)-[:BOOKED_AT]->(b:Branch)
RETURN c.customer_no AS customer_no, c.party_kind AS party_kind,
       coalesce(party.uscc, party.person_id) AS party_id, party.name AS name, rm.rm_id AS rm_id,
       rb.branch_code AS rm_branch, b.branch_code AS booked_at, c.churn_score AS score,
       c.churn_model AS model, c.churn_reasons AS reasons, c.churn_as_of AS as_of
LIMIT 1
