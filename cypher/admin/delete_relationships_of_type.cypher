// Delete up to $limit relationships of one type, found through the type's lookup index (deleted ones
// leave the index, so repeated batches never rescan them). One bounded transaction per call: the caller
// repeats it until nothing is deleted, so a hub node's tens of thousands of payments never sit in one
// transaction's memory.
// Parameters: $type (relationship type), $limit (relationships per transaction).
MATCH ()-[r:$($type)]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
