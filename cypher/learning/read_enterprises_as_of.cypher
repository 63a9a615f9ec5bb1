// Registry facts of every enterprise that existed on $as_of (established on or before it, or undated),
// for the lead features (graph/learning/features.py).
// $as_of: ISO date. One row per enterprise: uscc, name, established (ISO or null), registered_capital,
// industry_section, region_code, scale, status, legal_form (all but uscc nullable).
MATCH (e:Enterprise)
WHERE e.established IS NULL OR e.established <= date($as_of)
RETURN e.uscc AS uscc, e.name AS name, toString(e.established) AS established,
       e.registered_capital AS registered_capital, e.industry_section AS industry_section,
       e.region_code AS region_code, e.scale AS scale, e.status AS status, e.legal_form AS legal_form
