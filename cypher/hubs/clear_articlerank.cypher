// Remove articlerank scores from enterprises, before a fresh run writes new ones.
// Parameters: none. Run as an auto-commit query (CALL IN TRANSACTIONS).
MATCH (e:Enterprise) WHERE e.articlerank IS NOT NULL
CALL (e) { REMOVE e.articlerank, e.articlerank_rank } IN TRANSACTIONS OF 10000 ROWS
