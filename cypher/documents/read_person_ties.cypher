// The persons tied to some enterprises: legal representatives, officers and shareholders, current or
// past (a document may be years old). The linker links a person named in a document only through such a tie.
// $usccs: [string] Enterprise.uscc.
// One row per (enterprise, person, tie).
UNWIND $usccs AS id
MATCH (e:Enterprise {uscc: id})<-[r:LEGAL_REP_OF|OFFICER_OF|HOLDS_SHARES]-(p:Person)
RETURN DISTINCT id AS uscc, p.person_id AS person_id, p.name AS name, type(r) AS relation, r.role AS role
