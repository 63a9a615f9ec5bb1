// Officer posts and legal representatives in force on $as_of (valid_from on or before it or undated,
// valid_to after it or open), grouped by company so that a company's posts cross Bolt as one row.
// $as_of: ISO date. Returns company (uscc), persons: [person_id], legal_rep: [bool] (parallel lists).
MATCH (p:Person)-[o:OFFICER_OF|LEGAL_REP_OF]->(c:Enterprise)
WHERE (o.valid_from IS NULL OR o.valid_from <= date($as_of)) AND (o.valid_to IS NULL OR o.valid_to > date($as_of))
RETURN c.uscc AS company, collect(p.person_id) AS persons, collect(type(o) = 'LEGAL_REP_OF') AS legal_rep
