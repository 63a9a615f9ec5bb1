// The court cases an enterprise is a party in (any role), with the provenance of each link: document,
// span, confidence, extractor version and the entity-linking rule. Newest first.
// $uscc: string. $limit: int.
// No rows: the enterprise does not exist. One row with a null case_number: it has no cases.
MATCH (e:Enterprise {uscc: $uscc})
OPTIONAL MATCH (e)-[r:PARTY_IN]->(c:CourtCase)
OPTIONAL MATCH (d:Document {sha256: r.doc_sha256})
RETURN e.uscc AS uscc, e.name AS name, c.case_number AS case_number, c.court AS court, c.cause AS cause,
       c.case_type AS case_type, toString(c.date) AS date, c.outcome AS outcome, c.amounts AS amounts,
       r.role AS role, r.doc_sha256 AS doc_sha256, d.source AS source, d.kind AS doc_kind,
       r.span_start AS span_start, r.span_end AS span_end, r.confidence AS confidence,
       r.extractor_version AS extractor_version, r.match_rule AS match_rule
ORDER BY date DESC, case_number, role
LIMIT $limit
