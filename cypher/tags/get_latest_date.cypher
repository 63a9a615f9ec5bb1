// The latest date tags were computed for, on or before $as_of (null when never). $as_of: ISO date.
MATCH ()-[h:HAS_TAG]->() WHERE h.as_of <= date($as_of)
RETURN toString(max(h.as_of)) AS as_of
