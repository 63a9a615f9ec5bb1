// One breadth-first step against guarantee direction: the guarantors of the frontier enterprises
// under guarantees active on $as_of (used by the default-contagion stress test).
// $frontier: [uscc] (the borrowers); $as_of: ISO date string (not null).
UNWIND $frontier AS code
MATCH (g:Enterprise)-[r:GUARANTEES]->(b:Enterprise {uscc: code})
WHERE (r.start_date IS NULL OR r.start_date <= date($as_of))
  AND (r.end_date IS NULL OR r.end_date >= date($as_of))
RETURN g.uscc AS guarantor, b.uscc AS borrower, r.guarantee_id AS guarantee_id, r.amount AS amount,
       g.name AS guarantor_name, b.name AS borrower_name
