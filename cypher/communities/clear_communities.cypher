// Remove community and component ids from enterprises, before a fresh run writes new ones.
// Parameters: none. Run as an auto-commit query (CALL IN TRANSACTIONS).
MATCH (e:Enterprise) WHERE e.community IS NOT NULL OR e.component IS NOT NULL
CALL (e) { REMOVE e.community, e.community_size, e.component } IN TRANSACTIONS OF 10000 ROWS
