// One breadth-first step of a weakly connected guarantee component: every guarantee active on $as_of
// that touches an enterprise of the frontier, in either direction.
// $frontier: [uscc]; $as_of: ISO date string (not null). Active as in read_active_guarantees.
UNWIND $frontier AS code
MATCH (e:Enterprise {uscc: code})-[r:GUARANTEES]-(:Enterprise)
WHERE (r.start_date IS NULL OR r.start_date <= date($as_of))
  AND (r.end_date IS NULL OR r.end_date >= date($as_of))
WITH DISTINCT r
MATCH (g:Enterprise)-[r]->(b:Enterprise)
RETURN g.uscc AS guarantor, b.uscc AS borrower, r.guarantee_id AS guarantee_id, r.amount AS amount,
       g.name AS guarantor_name, b.name AS borrower_name
