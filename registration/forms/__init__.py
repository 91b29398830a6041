"""Forms: what a delegate fills in (profile), and one row of an imported list (import_row)."""
