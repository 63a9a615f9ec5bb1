// The RMs working at a branch (a branch manager's book is theirs).
// Parameters: $branch_code.
MATCH (rm:RM)-[:WORKS_AT]->(:Branch {branch_code: $branch_code})
RETURN rm.rm_id AS rm_id
ORDER BY rm_id
