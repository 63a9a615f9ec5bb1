// Delete up to $limit nodes carrying one label. DETACH only as a safeguard: relationships were deleted
// first, in their own batches, so a node here has (next to) none left.
// Parameters: $label (node label), $limit (nodes per transaction).
MATCH (n:$($label))
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
