// Keys of the derived contact nodes that tie enterprises sharing a phone number or an address
// (graph/analytics/paths.py derive_contact_nodes). Idempotent (IF NOT EXISTS); schema version 4.
CREATE CONSTRAINT phone_number IF NOT EXISTS FOR (n:Phone) REQUIRE n.number IS UNIQUE;
CREATE CONSTRAINT address_norm IF NOT EXISTS FOR (n:Address) REQUIRE n.norm IS UNIQUE;
