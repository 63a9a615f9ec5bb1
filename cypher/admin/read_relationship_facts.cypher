// Every relationship with its type, properties and the identifying properties of its endpoints,
// for the graph fingerprint (small and test graphs). Parameters: none. Streamed.
MATCH (a)-[r]->(b)
RETURN type(r) AS type, properties(r) AS props,
       coalesce(a.uscc, a.person_id, a.customer_no, a.branch_code, a.rm_id, a.key, a.name, a.sha256,
                a.case_number, a.decision_number) AS start,
       coalesce(b.uscc, b.person_id, b.customer_no, b.branch_code, b.rm_id, b.key, b.name, b.sha256,
                b.case_number, b.decision_number) AS end
