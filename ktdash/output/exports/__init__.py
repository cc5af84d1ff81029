"""Exports: datasets for the CLI, tables (CSV/XLSX, formula-neutralised), charts (PNG/SVG/PDF), the annual plan as
iCalendar (ical)."""
