// Guarantees in force on $as_of around a set of enterprises, both ways: who guarantees them and whom
// they guarantee. $usccs: [uscc]; $as_of: ISO date. One row per (enterprise, other party, direction).
UNWIND $usccs AS u
MATCH (e:Enterprise {uscc: u})-[g:GUARANTEES]-(o:Enterprise)
WHERE (g.start_date IS NULL OR g.start_date <= date($as_of)) AND (g.end_date IS NULL OR g.end_date >= date($as_of))
RETURN u AS uscc, o.uscc AS other, o.name AS other_name,
       CASE WHEN startNode(g) = e THEN 'guaranteed party' ELSE 'guarantor' END AS relation,
       g.guarantee_id AS guarantee_id, g.amount AS amount
