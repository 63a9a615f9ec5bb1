// Whose book an alert is in: the RM it was raised for and that RM's branch. No row: no such alert.
// A risk-desk alert has no RM (rm_id null), so no rm key may act on it.
// Parameters: $alert_id (the alert's id).
MATCH (a:Alert {alert_id: $alert_id})
OPTIONAL MATCH (rm:RM {rm_id: a.rm_id})-[:WORKS_AT]->(b:Branch)
RETURN a.rm_id AS rm_id, b.branch_code AS rm_branch
