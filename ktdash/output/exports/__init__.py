"""Exports: datasets for the CLI, tables (CSV/XLSX, formula-neutralised), charts (PNG/SVG/PDF)."""
