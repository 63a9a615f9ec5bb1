// The persons that carry a score of one target, with the score, model version, reasons and date
// (scoring reads it to clear the scores a new run no longer gives).
// $score, $model, $reasons, $as_of: strings, the property names of an allow-listed target
// (score_<target>, score_<target>_model, ..., built in graph/learning/scoring.py).
MATCH (p:Person)
WHERE p[$score] IS NOT NULL
RETURN p.person_id AS id, p[$score] AS score, p[$model] AS model, p[$reasons] AS reasons, p[$as_of] AS as_of
ORDER BY id
