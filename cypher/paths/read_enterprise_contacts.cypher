// Every enterprise's registered phone and address, streamed for derive_contact_nodes. No parameters.
MATCH (e:Enterprise)
RETURN e.uscc AS uscc, e.phone AS phone, e.address AS address
