// The enterprise customers booked at a branch, with tier and RM (null when the customer has none).
// $branch_code: string.
MATCH (b:Branch {branch_code: $branch_code})<-[:BOOKED_AT]-(c:Customer)-[:IS_PARTY]->(e:Enterprise)
OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
RETURN c.customer_no AS customer_no, c.tier AS tier, e.uscc AS uscc, e.name AS name,
       rm.rm_id AS rm_id, rm.name AS rm_name, b.branch_code AS branch_code
ORDER BY customer_no
