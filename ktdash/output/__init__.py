"""Layer 6 — what people take away: Plotly charts, the annual energy report (PDF), exports of tables and
charts, the workshop slides, the methods page's content."""
