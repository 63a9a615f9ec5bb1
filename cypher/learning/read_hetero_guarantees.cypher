// Guarantee ties for the GNN encoders (graph/learning/hetero.py): guarantees in force on $as_of,
// guarantor -> borrower, parallel guarantees summed.
// $as_of: ISO date string (not null). In force = start_date null or <= $as_of, and end_date null or
// >= $as_of (the rule of guarantees/read_active_guarantees).
// Columns of each row: guarantor (uscc), borrower (uscc), amount (sum, may be 0).
// ONE row, rows: a list of value lists in the column order above (a record per row cost the driver
// more than the server spends finding it; graph/learning/asof.py reads the same way).
MATCH (g:Enterprise)-[r:GUARANTEES]->(b:Enterprise)
WHERE (r.start_date IS NULL OR r.start_date <= date($as_of))
  AND (r.end_date IS NULL OR r.end_date >= date($as_of))
WITH g, b, sum(coalesce(r.amount, 0.0)) AS amount
RETURN collect([g.uscc, b.uscc, amount]) AS rows
