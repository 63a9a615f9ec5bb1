// The weighted payment projection: every enterprise-to-enterprise PAID edge with its total.
// Parameters: none. Streamed by graph/projection.py.
MATCH (a:Enterprise)-[p:PAID]->(b:Enterprise)
RETURN a.uscc AS source, b.uscc AS target, p.total AS weight
