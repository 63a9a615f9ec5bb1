// Restricted debtors: enterprises and persons that are 被执行人 in an enforcement case (case type 执, 执恢,
// 执保 ... all start with 执), with their enforcement cases; most recent case first.
// Cases that ended (status in $ended: executed in full, restriction lifted) restrict nobody and are left out.
// $limit: int or null (null = all debtors); $ended: [string].
MATCH (party:Enterprise|Person)-[r:PARTY_IN {role: '被执行人'}]->(c:CourtCase)
WHERE c.case_type STARTS WITH '执' AND NOT coalesce(c.status, 'active') IN $ended
// Several documents may state one case (a ruling, a restriction order): one entry per case.
WITH party, c, r ORDER BY r.doc_sha256
WITH party, c, collect(r)[0] AS r
WITH party, c, r ORDER BY c.date DESC, c.case_number
WITH party, collect({case_number: c.case_number, court: c.court, cause: c.cause, date: toString(c.date),
                     doc_sha256: r.doc_sha256, confidence: r.confidence,
                     status: coalesce(c.status, 'active'), listing: c.listing}) AS cases, max(c.date) AS latest
ORDER BY latest DESC, coalesce(party.uscc, party.person_id)
LIMIT coalesce($limit, 1000000000)
RETURN CASE WHEN party:Enterprise THEN 'E' ELSE 'P' END AS kind, coalesce(party.uscc, party.person_id) AS id,
       party.name AS name, cases
