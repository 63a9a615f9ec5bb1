// The current legal representative (法定代表人) and principal officers (主要负责人) of some enterprises.
// $usccs: [string]; $officer_roles: [string] (the roles that count as 主要负责人, e.g. 董事长, 总经理).
// One row per (company, person, basis); basis is 'legal_representative' or 'principal_officer'.
UNWIND $usccs AS id
MATCH (c:Enterprise {uscc: id})
CALL (c) {
  MATCH (p:Person)-[l:LEGAL_REP_OF]->(c) WHERE l.valid_to IS NULL
  RETURN p, 'legal_representative' AS basis, '法定代表人' AS role, toString(l.valid_from) AS since
  UNION
  MATCH (p:Person)-[o:OFFICER_OF]->(c) WHERE o.valid_to IS NULL AND o.role IN $officer_roles
  RETURN p, 'principal_officer' AS basis, o.role AS role, toString(o.valid_from) AS since
}
RETURN c.uscc AS company, p.person_id AS person_id, p.name AS name, basis, role, since
ORDER BY company, basis, person_id
