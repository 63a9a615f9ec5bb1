// Whose book an enterprise is in: one row per customer record of it, with the RM managing it, that
// RM's branch and the branch the record is booked at. No row: the enterprise banks with no one here.
// Parameters: $uscc (the enterprise's USCC).
MATCH (:Enterprise {uscc: $uscc})<-[:IS_PARTY]-(c:Customer)
OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
OPTIONAL MATCH (rm)-[:WORKS_AT]->(rm_branch:Branch)
OPTIONAL MATCH (c)-[:BOOKED_AT]->(booked:Branch)
RETURN c.customer_no AS customer_no, rm.rm_id AS rm_id, rm_branch.branch_code AS rm_branch,
       booked.branch_code AS booked_at
