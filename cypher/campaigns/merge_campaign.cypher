// Record a campaign's settings, keyed by campaign_id (created once; graph/analytics/campaigns.py refuses an
// id that exists, so a retried transaction rewrites the same values).
// $campaign: {campaign_id, name, lead_type, goal, start (YYYY-MM-DD), end (YYYY-MM-DD), window_days, seed,
//             treatment_share, scored_by, model_version, scope_rm, scope_branch, created_by, created_at (ISO)}.
MERGE (c:Campaign {campaign_id: $campaign.campaign_id})
SET c.name = $campaign.name, c.lead_type = $campaign.lead_type, c.goal = $campaign.goal,
    c.start = date($campaign.start), c.end = date($campaign.end), c.window_days = $campaign.window_days,
    c.seed = $campaign.seed, c.treatment_share = $campaign.treatment_share, c.scored_by = $campaign.scored_by,
    c.model_version = $campaign.model_version, c.scope_rm = $campaign.scope_rm,
    c.scope_branch = $campaign.scope_branch, c.created_by = $campaign.created_by,
    c.created_at = datetime($campaign.created_at)
