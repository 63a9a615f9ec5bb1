// Every branch code, in order (the chain-lead formula baseline of the evaluation runs branch by branch).
// Parameters: none.
MATCH (b:Branch)
RETURN b.branch_code AS branch_code
ORDER BY branch_code
