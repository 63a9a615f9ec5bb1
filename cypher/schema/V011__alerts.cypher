// Alerts (graph/analytics/alerts.py): the key of cypher/alerts/merge_alerts.cypher and the lookups the
// alert lists filter on. Idempotent (IF NOT EXISTS); schema version 11.
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (n:Alert) REQUIRE n.alert_id IS UNIQUE;
CREATE INDEX alert_rm IF NOT EXISTS FOR (n:Alert) ON (n.rm_id);
CREATE INDEX alert_status IF NOT EXISTS FOR (n:Alert) ON (n.status);
