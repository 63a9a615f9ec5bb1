// Officer ties for the GNN encoders (graph/learning/hetero.py): legal representatives (法定代表人) and
// officers (董事/监事/高管) in post on $as_of, one row per person and company.
// $as_of: ISO date string (not null). In post = valid_from null or <= $as_of, and valid_to null or after
// $as_of. Columns: person (person_id), company (uscc), legal_rep (true when 法定代表人 on $as_of).
// ONE row, rows: a list of value lists in the column order above (a record per row cost the driver
// more than the server spends finding it; graph/learning/asof.py reads the same way).
MATCH (p:Person)-[o:OFFICER_OF|LEGAL_REP_OF]->(c:Enterprise)
WHERE (o.valid_from IS NULL OR o.valid_from <= date($as_of))
  AND (o.valid_to IS NULL OR o.valid_to > date($as_of))
WITH p, c, max(CASE WHEN type(o) = 'LEGAL_REP_OF' THEN 1 ELSE 0 END) = 1 AS legal_rep
RETURN collect([p.person_id, c.uscc, legal_rep]) AS rows
