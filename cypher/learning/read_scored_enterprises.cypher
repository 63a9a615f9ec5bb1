// The enterprises that carry a score of one target, with it (to clear scores a new run no longer gives).
// $property: string, score_<target> for an allow-listed target (graph/learning/scoring.py).
MATCH (e:Enterprise)
WHERE e[$property] IS NOT NULL
RETURN e.uscc AS id, e[$property] AS score
