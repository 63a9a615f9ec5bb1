// Delete every relationship, then every node, in batches (schema objects stay). Run in an auto-commit
// transaction (GraphStore.run_in_transactions). Relationships go first and on their own: a DETACH
// DELETE of 10,000 nodes, some of which carry tens of thousands of payments, made one transaction
// big enough to exhaust the server's transaction memory pool on the small world already.
// Parameters: none.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
WITH count(*) AS relationships
MATCH (n)
CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS
RETURN relationships, count(*) AS nodes
