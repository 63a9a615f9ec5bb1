// The uniqueness constraints in force: label or relationship type and the key properties.
// Parameters: none.
SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type
WHERE type ENDS WITH 'UNIQUENESS'
RETURN name, labelsOrTypes, properties, type
