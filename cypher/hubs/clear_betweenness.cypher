// Remove betweenness scores from enterprises, before a fresh run writes new ones.
// Parameters: none. Run as an auto-commit query (CALL IN TRANSACTIONS).
MATCH (e:Enterprise) WHERE e.betweenness IS NOT NULL
CALL (e) { REMOVE e.betweenness, e.betweenness_rank } IN TRANSACTIONS OF 10000 ROWS
