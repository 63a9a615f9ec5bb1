// Link parties the linker could not resolve to an Enterprise or Person to their court cases, through an
// (:UnresolvedParty {key, name, kind}) placeholder, with the same provenance as resolved parties.
// $rows: [{key, party_key (UnresolvedParty.key), name, kind (E/P), claimed_id (nullable: an id the linker gave
//          that is not in the graph), case_number, role, doc_sha256, span_start, span_end, confidence,
//          extractor_version, match_rule (nullable),
//          via (nullable: for role 法定代表人, the company whose representative the document states)}]
UNWIND $rows AS row
MATCH (c:CourtCase {case_number: row.case_number})
MERGE (u:UnresolvedParty {key: row.party_key})
ON CREATE SET u.name = row.name, u.kind = row.kind
MERGE (u)-[r:PARTY_IN {key: row.key}]->(c)
SET r.role = row.role, r.doc_sha256 = row.doc_sha256, r.span_start = row.span_start, r.span_end = row.span_end,
    r.confidence = row.confidence, r.extractor_version = row.extractor_version, r.match_rule = row.match_rule,
    r.claimed_id = row.claimed_id, r.via = row.via
RETURN row.key AS key
