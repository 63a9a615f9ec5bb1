// Every campaign, newest start first, with its lead count per arm.
// No parameters.
MATCH (c:Campaign)
RETURN c.campaign_id AS campaign_id, c.name AS name, c.lead_type AS lead_type, c.goal AS goal,
       toString(c.start) AS start, toString(c.end) AS end, c.window_days AS window_days,
       c.scope_rm AS scope_rm, c.scope_branch AS scope_branch,
       COUNT { (c)-[t:TARGETS]->() WHERE t.arm = 'treatment' } AS treatment,
       COUNT { (c)-[t:TARGETS]->() WHERE t.arm = 'control' } AS control
ORDER BY c.start DESC, c.campaign_id
