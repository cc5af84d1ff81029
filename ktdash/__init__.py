"""ktdash: municipal energy management and controlling for the Westpfalz.

The library behind the dashboard and the ``ktdash`` command: the store
(:mod:`ktdash.store.connection`), the import (:mod:`ktdash.ingest.pipeline`), the monthly rollup
(:mod:`ktdash.analytics.rollup`), queries (:mod:`ktdash.store.queries`), charts
(:mod:`ktdash.output.charts`), exports (:mod:`ktdash.output.exports.datasets`) and the CLI
(:mod:`ktdash.cli.main`). It never imports streamlit.
"""

__version__ = "0.1.0"
