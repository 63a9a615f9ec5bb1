// Indexes behind the lookups that are not MERGE keys: name matching, hub ranking, customer tiers.
// Idempotent (IF NOT EXISTS); applied by graph/schema.py as schema version 2.
CREATE INDEX enterprise_name_norm IF NOT EXISTS FOR (n:Enterprise) ON (n.name_norm);
CREATE INDEX enterprise_pagerank IF NOT EXISTS FOR (n:Enterprise) ON (n.pagerank);
CREATE INDEX enterprise_region IF NOT EXISTS FOR (n:Enterprise) ON (n.region_code);
CREATE INDEX enterprise_industry IF NOT EXISTS FOR (n:Enterprise) ON (n.industry_code);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX customer_tier IF NOT EXISTS FOR (n:Customer) ON (n.tier);
