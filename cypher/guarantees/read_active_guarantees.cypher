// The active guarantee projection: every guarantee in force on $as_of, guarantor -> borrower.
// $as_of: ISO date string (not null; the caller defaults it to today). Active = start_date null or
// <= $as_of, and end_date null or >= $as_of. Streamed by graph/analytics/guarantees.py.
MATCH (g:Enterprise)-[r:GUARANTEES]->(b:Enterprise)
WHERE (r.start_date IS NULL OR r.start_date <= date($as_of))
  AND (r.end_date IS NULL OR r.end_date >= date($as_of))
RETURN g.uscc AS guarantor, b.uscc AS borrower, r.guarantee_id AS guarantee_id, r.amount AS amount,
       g.name AS guarantor_name, b.name AS borrower_name
