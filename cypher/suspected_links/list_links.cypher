// Suspected links, best score first, filtered by kind, minimum score and status (each may be null).
// $kind: string|null; $min_score: float; $status: string|null; $limit: int.
// Returns one row per link: the link's properties and both enterprises' usccs and names.
MATCH (a:Enterprise)-[r:SUSPECTED_LINK]->(b:Enterprise)
WHERE ($kind IS NULL OR r.kind = $kind) AND r.score >= $min_score AND ($status IS NULL OR r.status = $status)
RETURN r.link_id AS link_id, r.kind AS kind, r.score AS score, r.rank AS rank, r.status AS status,
       r.link_predictor AS link_predictor, r.pair_model AS pair_model, r.evidence AS evidence,
       r.drivers AS drivers, toString(r.as_of) AS as_of, r.model AS model, r.reviewed_by AS reviewed_by,
       toString(r.reviewed_at) AS reviewed_at, r.review_log AS review_log,
       a.uscc AS a, a.name AS a_name, b.uscc AS b, b.name AS b_name
ORDER BY r.score DESC, r.link_id
LIMIT $limit
