"""Layer 1 — every user-facing word: the German and English catalogs and their lookup."""
