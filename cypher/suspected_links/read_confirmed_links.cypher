// Confirmed suspected links touching some enterprises: the only suspected links the group, related-party
// and control answers use (a link still 'suspected', or 'rejected', is never read here).
// $usccs: [USCC]. One row per link and endpoint in $usccs: uscc (that endpoint), other, other_name,
// link_id, kind, score, reviewed_by, reviewed_at (ISO datetime).
UNWIND $usccs AS u
MATCH (e:Enterprise {uscc: u})-[r:SUSPECTED_LINK]-(o:Enterprise)
WHERE r.status = 'confirmed'
RETURN u AS uscc, o.uscc AS other, o.name AS other_name, r.link_id AS link_id, r.kind AS kind,
       r.score AS score, r.reviewed_by AS reviewed_by, toString(r.reviewed_at) AS reviewed_at
ORDER BY uscc, other
