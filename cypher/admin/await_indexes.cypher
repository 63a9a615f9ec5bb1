// Block until every index is online, so loads right after `db init` use them.
// Parameters: none (waits at most 300 seconds).
CALL db.awaitIndexes(300)
