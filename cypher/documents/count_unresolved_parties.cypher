// How many parties are unresolved ((:UnresolvedParty) placeholders), per kind (E enterprise, P person).
// No parameters.
MATCH (u:UnresolvedParty)
RETURN u.kind AS kind, count(*) AS parties
ORDER BY kind
