// Create or update source documents (court judgments, rulings, penalty decisions) keyed by sha256.
// $rows: [{sha256, kind, source (nullable), extractor_version, loaded_at (ISO datetime, nullable)}]
// loaded_at is set only when the document is first created, so reloading a document changes nothing.
UNWIND $rows AS row
MERGE (d:Document {sha256: row.sha256})
ON CREATE SET d.loaded_at = coalesce(datetime(row.loaded_at), datetime.truncate('second', datetime()))
SET d.kind = row.kind, d.source = row.source, d.extractor_version = row.extractor_version
