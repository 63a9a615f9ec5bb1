// Loads and their business dates (graph/business_date.py): the key of cypher/business_date/merge_data_load.
// Idempotent (IF NOT EXISTS); applied by graph/schema.py as schema version 9. The constraint's index
// also serves "the latest load" (ORDER BY business_date DESC LIMIT 1).
CREATE CONSTRAINT data_load_business_date IF NOT EXISTS FOR (n:DataLoad) REQUIRE n.business_date IS UNIQUE;
