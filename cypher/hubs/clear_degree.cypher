// Remove degree figures from enterprises, before a fresh run writes new ones.
// Parameters: none. Run as an auto-commit query (CALL IN TRANSACTIONS).
MATCH (e:Enterprise) WHERE e.degree_rank IS NOT NULL
CALL (e) {
  REMOVE e.degree_in, e.degree_out, e.strength_in, e.strength_out, e.counterparties, e.degree_rank
} IN TRANSACTIONS OF 10000 ROWS
