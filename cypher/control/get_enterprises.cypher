// USCC and name of each known enterprise of a list; unknown USCCs return no row.
// $usccs: [uscc].
UNWIND $usccs AS u
MATCH (e:Enterprise {uscc: u})
RETURN e.uscc AS uscc, e.name AS name
