// Drop the relationship index on TXN.date (created by releases up to schema version 6). No query
// seeks transactions by date across the graph: the fund-flow and risk queries reach TXN facts from
// an enterprise and filter dates there, so the index only made every payment write slower.
// Idempotent (IF EXISTS); applied by graph/schema.py as schema version 7.
DROP INDEX txn_date IF EXISTS;
