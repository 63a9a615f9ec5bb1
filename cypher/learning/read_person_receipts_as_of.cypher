// What each person received from enterprises (wages and other transfers) dated on or before $as_of,
// summed per paying enterprise and grouped by person (one row per person, parallel lists).
// $as_of: ISO date. Returns person_id, payers: [uscc], totals: [float].
MATCH (a:Enterprise)-[t:TXN]->(p:Person)
WHERE t.date <= date($as_of)
WITH p, a, sum(t.amount) AS total
RETURN p.person_id AS person_id, collect(a.uscc) AS payers, collect(total) AS totals
