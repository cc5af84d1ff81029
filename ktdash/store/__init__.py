"""Layer 2 — the DuckDB store: connection, transactions, migrations (``migrations/*.sql``), the fixed
analytics queries and records read by pages and CLI."""
