// Shareholdings in force on $as_of: valid_from on or before it (or undated) and valid_to after it (or open),
// grouped by company (one row per company, parallel lists).
// $as_of: ISO date. Returns company (uscc), kinds: ['E'/'P'], holders: [uscc or person_id], ratios: [float].
MATCH (h:Enterprise|Person)-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of))
RETURN c.uscc AS company, collect(CASE WHEN h:Enterprise THEN 'E' ELSE 'P' END) AS kinds,
       collect(coalesce(h.uscc, h.person_id)) AS holders, collect(s.ratio) AS ratios
