// The scores `liantu model score` wrote onto enterprises for one target (graph/learning/scoring.py):
// probability, model version, reasons and as-of date; no row for an enterprise without a score.
// $usccs: [string]; $target: one of graph.learning.labels.TARGETS (the property names are built from it).
UNWIND $usccs AS id
MATCH (e:Enterprise {uscc: id})
WITH e, e['score_' + $target] AS score
WHERE score IS NOT NULL
RETURN e.uscc AS uscc, score, e['score_' + $target + '_model'] AS model_version,
       e['score_' + $target + '_reasons'] AS reasons, e['score_' + $target + '_as_of'] AS as_of
