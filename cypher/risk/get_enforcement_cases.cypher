// The enforcement cases (case type starting with 执) in which the given enterprises are 被执行人, leaving out
// cases that ended (status in $ended: executed in full, restriction lifted); each with its status and listing.
// $usccs: [string]; $ended: [string]. One row per enterprise that is a debtor, with its cases, most recent first.
UNWIND $usccs AS id
MATCH (party:Enterprise {uscc: id})-[r:PARTY_IN {role: '被执行人'}]->(c:CourtCase)
WHERE c.case_type STARTS WITH '执' AND NOT coalesce(c.status, 'active') IN $ended
// Several documents may state one case (a ruling, a restriction order): one entry per case.
WITH party, c, r ORDER BY r.doc_sha256
WITH party, c, collect(r)[0] AS r
WITH party, c, r ORDER BY c.date DESC, c.case_number
RETURN 'E' AS kind, party.uscc AS id, party.name AS name,
       collect({case_number: c.case_number, court: c.court, cause: c.cause, date: toString(c.date),
                doc_sha256: r.doc_sha256, confidence: r.confidence, status: coalesce(c.status, 'active'),
                listing: c.listing}) AS cases
