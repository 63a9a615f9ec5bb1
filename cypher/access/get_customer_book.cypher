// Whose book a customer record is in: its RM, that RM's branch and the branch it is booked at.
// Parameters: $customer_no. No row: no such customer.
MATCH (c:Customer {customer_no: $customer_no})
OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
OPTIONAL MATCH (rm)-[:WORKS_AT]->(rm_branch:Branch)
OPTIONAL MATCH (c)-[:BOOKED_AT]->(booked:Branch)
RETURN c.customer_no AS customer_no, rm.rm_id AS rm_id, rm_branch.branch_code AS rm_branch,
       booked.branch_code AS booked_at
LIMIT 1
