// Whether an enterprise is in the graph. $uscc. Returns uscc, or no row.
MATCH (e:Enterprise {uscc: $uscc})
RETURN e.uscc AS uscc
