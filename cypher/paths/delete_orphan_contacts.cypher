// Remove Phone and Address nodes no enterprise links to any more (after contacts changed). No parameters.
CALL () {
  MATCH (n:Phone)
  WHERE NOT EXISTS { (n)<-[:HAS_PHONE]-(:Enterprise) }
  DELETE n
}
CALL () {
  MATCH (n:Address)
  WHERE NOT EXISTS { (n)<-[:HAS_ADDRESS]-(:Enterprise) }
  DELETE n
}
