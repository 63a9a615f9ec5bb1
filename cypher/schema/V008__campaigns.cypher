// Campaigns (treatment/control assignments of leads) and lead status events: keys of every MERGE in
// cypher/campaigns/ and cypher/leads/merge_lead_status.cypher.
// Idempotent (IF NOT EXISTS); applied by graph/schema.py as schema version 8.
CREATE CONSTRAINT campaign_id IF NOT EXISTS FOR (n:Campaign) REQUIRE n.campaign_id IS UNIQUE;
CREATE CONSTRAINT targets_key IF NOT EXISTS FOR ()-[r:TARGETS]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT lead_status_event_id IF NOT EXISTS FOR (n:LeadStatus) REQUIRE n.event_id IS UNIQUE;
CREATE INDEX lead_status_party IF NOT EXISTS FOR (n:LeadStatus) ON (n.party_id);
// Lead lists start from these: the latest balance month (the data's date), recent registrations.
CREATE INDEX monthly_balance_month IF NOT EXISTS FOR (n:MonthlyBalance) ON (n.month);
CREATE INDEX enterprise_established IF NOT EXISTS FOR (n:Enterprise) ON (n.established);
