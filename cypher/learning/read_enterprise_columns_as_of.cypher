// Registry facts of every enterprise that existed on $as_of (established on or before it, or undated),
// for the lead features (graph/learning/asof.py), as ONE row: a record per enterprise would cost the
// driver more than the server spends finding it, so the rows travel as one list of value lists.
// $as_of: ISO date. Returns rows: [[uscc, name, established (ISO or null), registered_capital,
// industry_section, region_code, scale, status, legal_form, industry_code (GB/T 4754, e.g. 'C3670')]]
// (all but uscc nullable), in scan order.
MATCH (e:Enterprise)
WHERE e.established IS NULL OR e.established <= date($as_of)
RETURN collect([e.uscc, e.name, toString(e.established), e.registered_capital, e.industry_section,
                e.region_code, e.scale, e.status, e.legal_form, e.industry_code]) AS rows
