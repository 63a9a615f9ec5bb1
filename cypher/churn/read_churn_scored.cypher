// Every customer carrying a churn warning (so a rescoring can clear the ones that left the population).
// No parameters. Returns customer_no.
MATCH (c:Customer)
WHERE c.churn_score IS NOT NULL
RETURN c.customer_no AS customer_no
