// One source document with its text, the spans extracted from it, and the cases and penalties it
// describes with the parties linked from it (their role, the span of their name and the entity).
// $sha256: the document's id. No row: no such document.
MATCH (d:Document {sha256: $sha256})
CALL (d) {
  OPTIONAL MATCH (d)-[:DESCRIBES]->(event)<-[r:PARTY_IN|PENALISED_IN]-(party)
  WHERE r.doc_sha256 = d.sha256
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {
           event: coalesce(event.case_number, event.decision_number), role: r.role,
           party_id: coalesce(party.uscc, party.person_id), name: party.name,
           party_kind: CASE WHEN party:Person THEN 'P' WHEN party:Enterprise THEN 'E' ELSE 'unresolved' END,
           span_start: r.span_start, span_end: r.span_end} END) AS links
}
RETURN d.sha256 AS sha256, d.kind AS kind, d.source AS source, d.extractor_version AS extractor_version,
       d.text AS text, d.span_fields AS span_fields, d.span_kinds AS span_kinds, d.span_labels AS span_labels,
       d.span_starts AS span_starts, d.span_ends AS span_ends, links
