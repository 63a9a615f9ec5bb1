// One campaign with its settings; no row when the id is unknown.
// $campaign_id: string.
MATCH (c:Campaign {campaign_id: $campaign_id})
RETURN c.campaign_id AS campaign_id, c.name AS name, c.lead_type AS lead_type, c.goal AS goal,
       toString(c.start) AS start, toString(c.end) AS end, c.window_days AS window_days, c.seed AS seed,
       c.treatment_share AS treatment_share, c.scored_by AS scored_by, c.model_version AS model_version,
       c.scope_rm AS scope_rm, c.scope_branch AS scope_branch, c.created_by AS created_by,
       toString(c.created_at) AS created_at, COUNT { (c)-[:TARGETS]->() } AS leads
