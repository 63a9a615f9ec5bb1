// The enterprises of the as-of graph for the GNN encoders (graph/learning/hetero.py), with the facts
// known on $as_of: registry facts, and whether the enterprise was a bank customer then.
// $as_of: ISO date string (not null). An enterprise established after $as_of did not exist yet and is
// left out; a customer whose `since` is after $as_of was not a customer yet (is_customer false).
// Columns of each row: uscc, capital (registered capital, may be null), established (ISO date or null), scale,
// industry_section (may be null), region_code (GB/T 2260, may be null), is_customer.
// ONE row, rows: a list of value lists in the column order above (a record per row cost the driver
// more than the server spends finding it; graph/learning/asof.py reads the same way).
MATCH (e:Enterprise)
WHERE e.established IS NULL OR e.established <= date($as_of)
OPTIONAL MATCH (c:Customer)-[:IS_PARTY]->(e)
WITH e, any(s IN collect(c.since) WHERE s <= date($as_of)) AS is_customer
RETURN collect([e.uscc, e.registered_capital, toString(e.established), e.scale, e.industry_section,
                e.region_code, is_customer]) AS rows
