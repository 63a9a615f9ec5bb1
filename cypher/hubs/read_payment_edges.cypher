// The weighted payment projection: every enterprise-to-enterprise PAID edge with its total, grouped by
// payer (one row per payer with parallel lists) so a million edges cross Bolt as ~n rows, not m.
// Parameters: none. Streamed by graph/projection.py (read_projection).
MATCH (a:Enterprise)-[p:PAID]->(b:Enterprise)
RETURN a.uscc AS source, collect(b.uscc) AS targets, collect(p.total) AS weights
