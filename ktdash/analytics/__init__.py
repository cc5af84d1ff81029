"""Layer 4 — the figures: monthly rollup, KPIs and progress, data quality, climate normalisation, reference
factors, building profiles, targets and the campaigns' reach. Reads the store; never imports files."""
