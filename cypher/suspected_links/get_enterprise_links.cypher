// The suspected links touching one enterprise (either end), best score first.
// $uscc: the enterprise; $limit: int. Same columns as list_links.
MATCH (e:Enterprise {uscc: $uscc})-[r:SUSPECTED_LINK]-(o:Enterprise)
WITH r, startNode(r) AS a, endNode(r) AS b
RETURN r.link_id AS link_id, r.kind AS kind, r.score AS score, r.rank AS rank, r.status AS status,
       r.link_predictor AS link_predictor, r.pair_model AS pair_model, r.evidence AS evidence,
       r.drivers AS drivers, toString(r.as_of) AS as_of, r.model AS model, r.reviewed_by AS reviewed_by,
       toString(r.reviewed_at) AS reviewed_at, r.review_log AS review_log,
       a.uscc AS a, a.name AS a_name, b.uscc AS b, b.name AS b_name
ORDER BY r.score DESC, r.link_id
LIMIT $limit
