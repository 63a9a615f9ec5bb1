// Remove hub scores from enterprises, before a fresh run writes new ones.
// Parameters: none. Run as an auto-commit query (CALL IN TRANSACTIONS).
MATCH (e:Enterprise) WHERE e.pagerank IS NOT NULL
CALL (e) { REMOVE e.pagerank, e.pagerank_rank } IN TRANSACTIONS OF 10000 ROWS
