// One branch; no row when the branch code is unknown.
// $branch_code: string.
MATCH (b:Branch {branch_code: $branch_code})
RETURN b.branch_code AS branch_code, b.name AS name
