// Tag profiles (graph/analytics/tags.py): keys of the MERGEs in cypher/tags/merge_tags.cypher, and the
// date index tag reads and clears filter on. Idempotent (IF NOT EXISTS); schema version 10.
CREATE CONSTRAINT tag_name IF NOT EXISTS FOR (n:Tag) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT has_tag_key IF NOT EXISTS FOR ()-[r:HAS_TAG]-() REQUIRE r.key IS UNIQUE;
CREATE INDEX has_tag_as_of IF NOT EXISTS FOR ()-[r:HAS_TAG]-() ON (r.as_of);
