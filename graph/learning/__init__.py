"""Graph learning for leads: as-of features and labels, GNN embeddings, models, explanations, scoring."""
