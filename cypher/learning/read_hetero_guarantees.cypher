// Guarantee ties for the GNN encoders (graph/learning/hetero.py): guarantees in force on $as_of,
// guarantor -> borrower, parallel guarantees summed.
// $as_of: ISO date string (not null). In force = start_date null or <= $as_of, and end_date null or
// >= $as_of (the rule of guarantees/read_active_guarantees).
// Columns: guarantor (uscc), borrower (uscc), amount (sum, may be 0).
MATCH (g:Enterprise)-[r:GUARANTEES]->(b:Enterprise)
WHERE (r.start_date IS NULL OR r.start_date <= date($as_of))
  AND (r.end_date IS NULL OR r.end_date >= date($as_of))
RETURN g.uscc AS guarantor, b.uscc AS borrower, sum(coalesce(r.amount, 0.0)) AS amount
