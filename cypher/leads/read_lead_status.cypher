// Status events of leads, newest first per party (the first row of a party is its current status).
// $party_ids: [string].
MATCH (s:LeadStatus)
WHERE s.party_id IN $party_ids
RETURN s.party_id AS party_id, s.status AS status, s.by AS by, toString(s.at) AS at, s.note AS note,
       s.lead_type AS lead_type, s.campaign_id AS campaign_id, s.event_id AS event_id
ORDER BY party_id, s.at DESC, event_id
