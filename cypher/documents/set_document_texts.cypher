// Keep each document's decoded source text and the character spans of what was extracted from it, so a
// reader sees the words a fact came from. Spans are parallel lists (a property holds no maps): field,
// kind ('entity' | 'amount' | 'fact'), label, start, end; offsets are [start, end) into the text.
// $rows: [{sha256, text, span_fields, span_kinds, span_labels, span_starts, span_ends}]. Idempotent: a
// reload sets the same values. A document not yet written (merge_documents runs first) is skipped.
UNWIND $rows AS row
MATCH (d:Document {sha256: row.sha256})
SET d.text = row.text, d.span_fields = row.span_fields, d.span_kinds = row.span_kinds,
    d.span_labels = row.span_labels, d.span_starts = row.span_starts, d.span_ends = row.span_ends
