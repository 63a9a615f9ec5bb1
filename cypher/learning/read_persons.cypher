// Every natural person with the facts the lead features use (graph/learning/features.py).
// Parameters: none (persons carry no date of their own). One row per person: person_id, name,
// birth_year, gender (nullable).
MATCH (p:Person)
RETURN p.person_id AS person_id, p.name AS name, p.birth_year AS birth_year, p.gender AS gender
