// Remove the tags computed for one date before they are computed again (so a tag whose rule no longer
// holds does not linger). $as_of: ISO date; $limit: the most deleted per run (the caller repeats the
// run until nothing is deleted, so no transaction grows without bound).
MATCH ()-[h:HAS_TAG]->() WHERE h.as_of = date($as_of)
WITH h LIMIT $limit
DELETE h
