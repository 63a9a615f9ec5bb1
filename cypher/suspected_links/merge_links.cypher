// Write one computation's suspected links. A new link starts as status 'suspected' (疑似); a link a
// reviewer already decided keeps its status, reviewer and log, and only its score and evidence change.
// $rows: [{key, link_id, a, b, kind, score, rank, link_predictor, pair_model, evidence (JSON string),
// drivers: [string]}]; $run_id: this computation's id; $as_of: ISO date; $computed_at: ISO datetime;
// $model: a short description of the scorer. A row whose enterprise is missing writes nothing.
UNWIND $rows AS row
MATCH (a:Enterprise {uscc: row.a})
MATCH (b:Enterprise {uscc: row.b})
MERGE (a)-[r:SUSPECTED_LINK {key: row.key}]->(b)
ON CREATE SET r.status = 'suspected', r.review_log = [], r.link_id = row.link_id
SET r.kind = row.kind, r.score = row.score, r.rank = row.rank, r.link_predictor = row.link_predictor,
    r.pair_model = row.pair_model, r.evidence = row.evidence, r.drivers = row.drivers, r.label = '疑似',
    r.run_id = $run_id, r.as_of = date($as_of), r.computed_at = datetime($computed_at), r.model = $model
RETURN count(r) AS written
