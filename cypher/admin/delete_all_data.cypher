// Delete every node and relationship in batches (schema objects stay). Run in an auto-commit
// transaction: CALL {} IN TRANSACTIONS keeps each batch's memory small.
// Parameters: none.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
