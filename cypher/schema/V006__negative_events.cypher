// Negative events (court cases, penalties) and risk: keys of the event relationships written by
// graph/events.py, and the lookups the risk and leads analytics filter on.
// Node keys (CourtCase.case_number, Penalty.decision_number, Document.sha256, UnresolvedParty.key) are in V001.
// Idempotent (IF NOT EXISTS); applied by graph/schema.py as schema version 6.
CREATE CONSTRAINT describes_key IF NOT EXISTS FOR ()-[r:DESCRIBES]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT party_in_key IF NOT EXISTS FOR ()-[r:PARTY_IN]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT stated_guarantee_key IF NOT EXISTS FOR ()-[r:STATED_GUARANTEE]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT penalised_in_key IF NOT EXISTS FOR ()-[r:PENALISED_IN]-() REQUIRE r.key IS UNIQUE;
CREATE INDEX party_in_role IF NOT EXISTS FOR ()-[r:PARTY_IN]-() ON (r.role);
CREATE INDEX stated_guarantee_case IF NOT EXISTS FOR ()-[r:STATED_GUARANTEE]-() ON (r.case_number);
CREATE INDEX court_case_type IF NOT EXISTS FOR (n:CourtCase) ON (n.case_type);
CREATE INDEX enterprise_risk_diffusion IF NOT EXISTS FOR (n:Enterprise) ON (n.risk_diffusion);
