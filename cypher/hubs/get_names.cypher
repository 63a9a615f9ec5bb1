// The names of some enterprises (a ranking computed in memory names its hubs with them).
// $usccs: [uscc]. One row per enterprise found.
UNWIND $usccs AS u
MATCH (e:Enterprise {uscc: u})
RETURN e.uscc AS uscc, e.name AS name
