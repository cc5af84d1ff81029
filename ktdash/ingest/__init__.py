"""Layer 5 — the one import pipeline: decode, map columns, stage, check, commit, undo; layouts in
:mod:`ktdash.ingest.layouts`. Entry points: :mod:`ktdash.ingest.pipeline`."""
