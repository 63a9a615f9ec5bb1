// Every node's labels and properties, for the graph fingerprint (small and test graphs).
// Parameters: none. Streamed.
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
