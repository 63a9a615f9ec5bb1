// The earliest date tags are kept for (null when none): where pruning starts looking. Answered from the
// has_tag_as_of index in its order, not by reading every HAS_TAG. Parameters: none.
MATCH ()-[h:HAS_TAG]->() WHERE h.as_of IS NOT NULL
RETURN toString(h.as_of) AS as_of
ORDER BY h.as_of
LIMIT 1
