// Record a reviewer's decision on suspected links: confirm, reject, or reopen (back to 'suspected').
// Reversible: the status is overwritten and every decision is appended to review_log as
// 'ISO datetime|who|decision|note'; a retried transaction does not append the same entry twice.
// $rows: [{link_id, status: 'confirmed'|'rejected'|'suspected', by, at (ISO datetime), entry}].
// Returns the link_id of each link found; no row for an unknown id.
UNWIND $rows AS row
MATCH ()-[r:SUSPECTED_LINK {link_id: row.link_id}]->()
SET r.status = row.status, r.reviewed_by = row.by, r.reviewed_at = datetime(row.at),
    r.review_log = CASE WHEN row.entry IN coalesce(r.review_log, []) THEN r.review_log
                        ELSE coalesce(r.review_log, []) + row.entry END
RETURN r.link_id AS link_id
