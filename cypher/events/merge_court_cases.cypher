// Create or update court cases keyed by case number (案号), linked from the document that describes them.
// $rows: [{case_number, doc_sha256, describes_key, court, cause, date (ISO, nullable), year, court_code,
//          case_type, sequence, outcome, amounts: [float], status, listing}]  (all but the keys nullable)
// A null value never erases what another document of the same case said (coalesce). status moves forward
// only (active < terminated < closed, restriction_lifted), whatever order the documents load in;
// status_doc is the document that set it.
// Returns each case number with whether its document exists (no document: no DESCRIBES edge).
UNWIND $rows AS row
MERGE (c:CourtCase {case_number: row.case_number})
SET c.court = coalesce(row.court, c.court), c.cause = coalesce(row.cause, c.cause),
    c.date = coalesce(date(row.date), c.date), c.year = coalesce(row.year, c.year),
    c.court_code = coalesce(row.court_code, c.court_code), c.case_type = coalesce(row.case_type, c.case_type),
    c.sequence = coalesce(row.sequence, c.sequence), c.outcome = coalesce(row.outcome, c.outcome),
    c.amounts = coalesce(row.amounts, c.amounts), c.listing = coalesce(row.listing, c.listing)
WITH c, row,
     CASE row.status WHEN 'active' THEN 1 WHEN 'terminated' THEN 2 WHEN 'closed' THEN 3
                     WHEN 'restriction_lifted' THEN 3 ELSE 0 END AS new_rank,
     CASE c.status WHEN 'active' THEN 1 WHEN 'terminated' THEN 2 WHEN 'closed' THEN 3
                   WHEN 'restriction_lifted' THEN 3 ELSE 0 END AS old_rank
SET c.status = CASE WHEN new_rank > old_rank OR (new_rank = old_rank AND new_rank > 0 AND c.status_doc = row.doc_sha256)
                    THEN row.status ELSE c.status END,
    c.status_doc = CASE WHEN new_rank > old_rank THEN row.doc_sha256 ELSE c.status_doc END
WITH c, row
OPTIONAL MATCH (d:Document {sha256: row.doc_sha256})
CALL (c, d, row) {
  WITH c, d, row WHERE d IS NOT NULL
  MERGE (d)-[r:DESCRIBES {key: row.describes_key}]->(c)
}
RETURN row.case_number AS case_number, d IS NOT NULL AS described
