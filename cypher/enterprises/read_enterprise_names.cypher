// Every enterprise's USCC, registered name and former names (曾用名): for resolving references given by
// name at load time, the entity linker's name indexes and the jieba user dictionary.
// Parameters: none. Streamed (10^5-10^6 rows).
MATCH (e:Enterprise)
RETURN e.uscc AS uscc, e.name AS name, e.former_names AS former_names
