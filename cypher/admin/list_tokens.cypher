// The relationship types and node labels in use, each with its count, so that a clear can work through
// them one at a time and report progress. Counts come from the count store (no scan).
// Parameters: none.
CALL db.relationshipTypes() YIELD relationshipType
WITH collect(relationshipType) AS types
CALL db.labels() YIELD label
WITH types, collect(label) AS labels
RETURN [t IN types | {name: t, count: COUNT { MATCH ()-[r:$(t)]->() }}] AS types,
       [l IN labels | {name: l, count: COUNT { MATCH (n:$(l)) }}] AS labels
