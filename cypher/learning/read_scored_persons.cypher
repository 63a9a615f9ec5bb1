// The persons that carry a score of one target, with it (to clear scores a new run no longer gives).
// $property: string, score_<target> for an allow-listed target (graph/learning/scoring.py).
MATCH (p:Person)
WHERE p[$property] IS NOT NULL
RETURN p.person_id AS id, p[$property] AS score
