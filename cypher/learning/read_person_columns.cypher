// Every natural person with the facts the lead features use (graph/learning/asof.py), as ONE row of
// value lists (one record per person would cost the driver more than the server's work).
// Parameters: none (persons carry no date of their own). Returns rows: [[person_id, name, birth_year,
// gender]] (all but person_id nullable), in scan order.
MATCH (p:Person)
RETURN collect([p.person_id, p.name, p.birth_year, p.gender]) AS rows
