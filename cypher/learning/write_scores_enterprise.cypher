// Writes one target's lead scores onto enterprises, batched: probability, model version, reasons, as-of date.
// $rows: [{id: USCC, props: {score_<target>: float|null, score_<target>_model: string|null,
//          score_<target>_reasons: [string]|null, score_<target>_as_of: string|null}}]
// The property names are built in graph/learning/scoring.py from the allow-listed targets only; a null
// value removes the property (a party that left the target's population loses its old score).
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.id})
SET e += row.props
RETURN count(e) AS written
