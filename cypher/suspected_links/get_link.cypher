// One suspected link by its id. $link_id. Same columns as list_links; no row for an unknown id.
MATCH (a:Enterprise)-[r:SUSPECTED_LINK {link_id: $link_id}]->(b:Enterprise)
RETURN r.link_id AS link_id, r.kind AS kind, r.score AS score, r.rank AS rank, r.status AS status,
       r.link_predictor AS link_predictor, r.pair_model AS pair_model, r.evidence AS evidence,
       r.drivers AS drivers, toString(r.as_of) AS as_of, r.model AS model, r.reviewed_by AS reviewed_by,
       toString(r.reviewed_at) AS reviewed_at, r.review_log AS review_log,
       a.uscc AS a, a.name AS a_name, b.uscc AS b, b.name AS b_name
