// Remove risk diffusion scores from enterprises, before a fresh run writes new ones.
// Parameters: none. Run as an auto-commit query (CALL IN TRANSACTIONS).
MATCH (e:Enterprise) WHERE e.risk_diffusion IS NOT NULL
CALL (e) { REMOVE e.risk_diffusion, e.risk_diffusion_sources } IN TRANSACTIONS OF 10000 ROWS
