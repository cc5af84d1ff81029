"""Layer 2 — the DuckDB store: connection, transactions, migrations (``migrations/*.sql``), the fixed
analytics queries and records read by pages and CLI."""

from ktdash.store import erase as _erase  # noqa: E402,F401  registers its open_store hook (finish a postponed scrub)
