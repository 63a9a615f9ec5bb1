// Record one status event of a lead (contacted / converted / not_interested), keyed by event_id, which the
// caller derives from party, status, who and when, so a retried transaction writes the same node once.
// $rows: [{event_id, party_id, status, by, at (ISO datetime), note, lead_type, campaign_id}].
// No row for an event whose party is neither an enterprise nor a person in the graph.
UNWIND $rows AS event
OPTIONAL MATCH (e:Enterprise {uscc: event.party_id})
OPTIONAL MATCH (p:Person {person_id: event.party_id})
WITH event, coalesce(e, p) AS party
WHERE party IS NOT NULL
MERGE (s:LeadStatus {event_id: event.event_id})
SET s.party_id = event.party_id, s.status = event.status, s.by = event.by, s.at = datetime(event.at),
    s.note = event.note, s.lead_type = event.lead_type, s.campaign_id = event.campaign_id
MERGE (s)-[:ABOUT]->(party)
RETURN s.event_id AS event_id
