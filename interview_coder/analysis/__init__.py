"""Reports: values in, tables (pandas DataFrames) out. Every count follows core/counting rules."""
