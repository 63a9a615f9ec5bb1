// Officer posts and legal representatives in force on $as_of (valid_from on or before it or undated,
// valid_to after it or open), as ONE row of parallel columns (graph/learning/asof.py).
// $as_of: ISO date. Returns company: [uscc], person: [person_id], legal_rep: [bool].
MATCH (p:Person)-[o:OFFICER_OF|LEGAL_REP_OF]->(c:Enterprise)
WHERE (o.valid_from IS NULL OR o.valid_from <= date($as_of)) AND (o.valid_to IS NULL OR o.valid_to > date($as_of))
RETURN collect(c.uscc) AS company, collect(p.person_id) AS person, collect(type(o) = 'LEGAL_REP_OF') AS legal_rep
