// Suspected links (疑似关系): the key of every MERGE in cypher/suspected_links/merge_links.cypher, and the
// short id the review endpoints look links up by.
// Idempotent (IF NOT EXISTS); applied by graph/schema.py as schema version 9.
CREATE CONSTRAINT suspected_link_key IF NOT EXISTS FOR ()-[r:SUSPECTED_LINK]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT suspected_link_id IF NOT EXISTS FOR ()-[r:SUSPECTED_LINK]-() REQUIRE r.link_id IS UNIQUE;
