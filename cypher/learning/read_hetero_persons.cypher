// The persons of the as-of graph for the GNN encoders (graph/learning/hetero.py), with whether each was
// a bank customer on $as_of.
// $as_of: ISO date string (not null); a customer whose `since` is after $as_of was not a customer yet.
// Columns: person_id, birth_year (may be null), is_customer.
MATCH (p:Person)
OPTIONAL MATCH (c:Customer)-[:IS_PARTY]->(p)
WITH p, any(s IN collect(c.since) WHERE s <= date($as_of)) AS is_customer
RETURN p.person_id AS person_id, p.birth_year AS birth_year, is_customer
