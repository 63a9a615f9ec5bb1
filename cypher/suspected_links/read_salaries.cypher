// Who drew a salary from which enterprise up to $as_of: the number of distinct months each enterprise paid
// each person (a nominee paid every month by the real owner's firm; a one-off transfer is one month).
// $as_of: ISO date; $purposes: the salary purposes (e.g. ['工资']). Returns person_id, payer (uscc), months.
MATCH (a:Enterprise)-[t:TXN]->(p:Person)
WHERE t.date <= date($as_of) AND t.purpose IN $purposes
WITH p, a, count(DISTINCT substring(toString(t.date), 0, 7)) AS months
RETURN p.person_id AS person_id, a.uscc AS payer, months
