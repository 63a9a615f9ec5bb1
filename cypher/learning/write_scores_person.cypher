// Writes one target's lead scores onto persons, batched: probability, model version, reasons, as-of date.
// $rows: [{id: person_id, props: {score_<target>: float|null, score_<target>_model: string|null,
//          score_<target>_reasons: [string]|null, score_<target>_as_of: string|null}}]
// The property names are built in graph/learning/scoring.py from the allow-listed targets only; a null
// value removes the property (a party that left the target's population loses its old score).
UNWIND $rows AS row
MATCH (p:Person {person_id: row.id})
SET p += row.props
RETURN count(p) AS written
