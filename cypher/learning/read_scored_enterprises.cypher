// The enterprises that carry a score of one target, with the score, model version, reasons and date
// (scoring reads it to clear the scores a new run no longer gives).
// $score, $model, $reasons, $as_of: strings, the property names of an allow-listed target
// (score_<target>, score_<target>_model, ..., built in graph/learning/scoring.py).
MATCH (e:Enterprise)
WHERE e[$score] IS NOT NULL
RETURN e.uscc AS id, e[$score] AS score, e[$model] AS model, e[$reasons] AS reasons, e[$as_of] AS as_of
ORDER BY id
