"""Layer 0 — the domain's vocabulary: carriers, categories, units, campaign topics, settings, local time
and number/date formatting. Imports nothing else of ktdash."""
