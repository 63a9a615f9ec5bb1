// Current officers (OFFICER_OF: 董事长/董事/监事/总经理 ...) and legal representatives (LEGAL_REP_OF,
// reported with role '法定代表人') of a set of enterprises. valid_to null = current.
// $usccs: [uscc].
UNWIND $usccs AS company
MATCH (p:Person)-[o:OFFICER_OF]->(e:Enterprise {uscc: company})
WHERE o.valid_to IS NULL
RETURN company, p.person_id AS person_id, p.name AS name, o.role AS role
UNION ALL
UNWIND $usccs AS company
MATCH (p:Person)-[l:LEGAL_REP_OF]->(e:Enterprise {uscc: company})
WHERE l.valid_to IS NULL
RETURN company, p.person_id AS person_id, p.name AS name, '法定代表人' AS role
