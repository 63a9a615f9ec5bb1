// The persons of the as-of graph for the GNN encoders (graph/learning/hetero.py), with whether each was
// a bank customer on $as_of.
// $as_of: ISO date string (not null); a customer whose `since` is after $as_of was not a customer yet.
// Columns of each row: person_id, birth_year (may be null), is_customer.
// ONE row, rows: a list of value lists in the column order above (a record per row cost the driver
// more than the server spends finding it; graph/learning/asof.py reads the same way).
MATCH (p:Person)
OPTIONAL MATCH (c:Customer)-[:IS_PARTY]->(p)
WITH p, any(s IN collect(c.since) WHERE s <= date($as_of)) AS is_customer
RETURN collect([p.person_id, p.birth_year, is_customer]) AS rows
