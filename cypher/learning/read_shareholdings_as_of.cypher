// Shareholdings in force on $as_of: valid_from on or before it (or undated) and valid_to after it (or open),
// as ONE row of parallel columns (graph/learning/asof.py).
// Starts from the relationship type, not from the holders' labels: HOLDS_SHARES only ever runs from an
// Enterprise or a Person to an Enterprise (ingestion writes nothing else), and scanning the type reads
// the 100k holdings directly instead of expanding every one of 115k nodes (2-3x faster on medium).
// $as_of: ISO date. Returns company: [uscc], kind: ['E'/'P'], holder: [uscc or person_id],
// ratio: [float] (an unknown ratio as 0.0).
MATCH (h)-[s:HOLDS_SHARES]->(c)
WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of))
RETURN collect(c.uscc) AS company, collect(CASE WHEN h:Enterprise THEN 'E' ELSE 'P' END) AS kind,
       collect(coalesce(h.uscc, h.person_id)) AS holder, collect(coalesce(s.ratio, 0.0)) AS ratio
