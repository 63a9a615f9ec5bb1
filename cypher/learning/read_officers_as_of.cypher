// Officer posts and legal representatives in force on $as_of (valid_from on or before it or undated,
// valid_to after it or open). $as_of: ISO date. Returns person_id, company (uscc), legal_rep (bool).
MATCH (p:Person)-[o:OFFICER_OF|LEGAL_REP_OF]->(c:Enterprise)
WHERE (o.valid_from IS NULL OR o.valid_from <= date($as_of)) AND (o.valid_to IS NULL OR o.valid_to > date($as_of))
RETURN p.person_id AS person_id, c.uscc AS company, type(o) = 'LEGAL_REP_OF' AS legal_rep
