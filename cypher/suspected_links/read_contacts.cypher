// Registered phone and address of every enterprise that existed on $as_of (the blocking keys of
// graph/learning/suspected_links_candidates.py).
// $as_of: ISO date. Returns uscc, phone, address (both nullable).
MATCH (e:Enterprise)
WHERE e.established IS NULL OR e.established <= date($as_of)
RETURN e.uscc AS uscc, e.phone AS phone, e.address AS address
