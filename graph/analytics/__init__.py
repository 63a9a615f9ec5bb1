"""Analytics over the loaded graph. Each returns its evidence (paths, figures) with the answer."""
