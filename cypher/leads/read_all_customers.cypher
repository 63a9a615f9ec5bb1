// Every enterprise customer of the bank, with tier, RM and booking branch (bank-wide lead lists).
// No parameters.
MATCH (c:Customer)-[:IS_PARTY]->(e:Enterprise)
OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
OPTIONAL MATCH (c)-[:BOOKED_AT]->(b:Branch)
RETURN c.customer_no AS customer_no, c.tier AS tier, e.uscc AS uscc, e.name AS name,
       rm.rm_id AS rm_id, rm.name AS rm_name, b.branch_code AS branch_code
ORDER BY customer_no
