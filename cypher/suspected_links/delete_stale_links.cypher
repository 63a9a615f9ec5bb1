// Remove the undecided links an earlier computation wrote and this one ($run_id) did not propose again.
// Links a reviewer confirmed or rejected stay: the decision is history, and the label of the next run.
// $run_id: the current computation's id. Returns deleted.
MATCH ()-[r:SUSPECTED_LINK]->()
WHERE r.status = 'suspected' AND r.run_id <> $run_id
DELETE r
RETURN count(*) AS deleted
