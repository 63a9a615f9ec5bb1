// What each person received from enterprises (wages and other transfers) dated on or before $as_of,
// summed per person and paying enterprise, as ONE row of parallel columns (graph/learning/asof.py).
// $as_of: ISO date. Returns person: [person_id], payer: [uscc], total: [float].
MATCH (a:Enterprise)-[t:TXN]->(p:Person)
WHERE t.date <= date($as_of)
WITH p, a, sum(t.amount) AS total
RETURN collect(p.person_id) AS person, collect(a.uscc) AS payer, collect(total) AS total
