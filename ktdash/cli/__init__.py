"""Layer 7 — the ``ktdash`` command (entry point :func:`ktdash.cli.main.main`)."""
