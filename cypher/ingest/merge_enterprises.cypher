// Create or update enterprises keyed by USCC; unchanged rows (same row_hash) are not rewritten.
// $rows: [{_row, row_hash, uscc, name, name_norm, former_names: [string], former_names_norm: [string],
//          legal_form, registered_capital, established (YYYY-MM-DD), status, industry_code,
//          industry_section, region_code, address, phone, scale}]; all but uscc/name may be null.
UNWIND $rows AS row
MERGE (e:Enterprise {uscc: row.uscc})
WITH e, row, e.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET e.name = row.name,
      e.name_norm = row.name_norm,
      e.former_names = row.former_names,
      e.former_names_norm = row.former_names_norm,
      e.legal_form = row.legal_form,
      e.registered_capital = row.registered_capital,
      e.established = date(row.established),
      e.status = row.status,
      e.industry_code = row.industry_code,
      e.industry_section = row.industry_section,
      e.region_code = row.region_code,
      e.address = row.address,
      e.phone = row.phone,
      e.scale = row.scale,
      e.row_hash = row.row_hash)
RETURN row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
