// The enterprise customers an RM manages, with tier and booking branch (the seeds of chain leads).
// $rm_id: string.
MATCH (rm:RM {rm_id: $rm_id})<-[:MANAGED_BY]-(c:Customer)-[:IS_PARTY]->(e:Enterprise)
OPTIONAL MATCH (c)-[:BOOKED_AT]->(b:Branch)
RETURN c.customer_no AS customer_no, c.tier AS tier, e.uscc AS uscc, e.name AS name,
       rm.rm_id AS rm_id, rm.name AS rm_name, b.branch_code AS branch_code
ORDER BY customer_no
