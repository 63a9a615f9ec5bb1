// Every enterprise's USCC, registered name and former names, to resolve references given by name.
// Parameters: none. Streamed.
MATCH (e:Enterprise)
RETURN e.uscc AS uscc, e.name AS name, e.former_names AS former_names
