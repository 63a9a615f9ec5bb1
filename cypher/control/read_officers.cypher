// Officers (OFFICER_OF: 董事长/董事/监事/总经理 ...) and legal representatives (LEGAL_REP_OF, reported with
// role '法定代表人') of a set of enterprises in office on $as_of (valid_from on or before it or undated,
// valid_to after it or open). $usccs: [uscc]; $as_of: ISO date.
UNWIND $usccs AS company
MATCH (p:Person)-[o:OFFICER_OF]->(e:Enterprise {uscc: company})
WHERE (o.valid_from IS NULL OR o.valid_from <= date($as_of)) AND (o.valid_to IS NULL OR o.valid_to > date($as_of))
RETURN company, p.person_id AS person_id, p.name AS name, o.role AS role
UNION ALL
UNWIND $usccs AS company
MATCH (p:Person)-[l:LEGAL_REP_OF]->(e:Enterprise {uscc: company})
WHERE (l.valid_from IS NULL OR l.valid_from <= date($as_of)) AND (l.valid_to IS NULL OR l.valid_to > date($as_of))
RETURN company, p.person_id AS person_id, p.name AS name, '法定代表人' AS role
