"""ktdash: municipal energy management and controlling for the Westpfalz.

The library behind the dashboard and the ``ktdash`` command: the store
(:mod:`ktdash.store`), the import (:mod:`ktdash.ingest`), the monthly rollup
(:mod:`ktdash.rollup`), queries (:mod:`ktdash.queries`), charts
(:mod:`ktdash.charts`), exports (:mod:`ktdash.export`) and the CLI
(:mod:`ktdash.cli`). It never imports streamlit.
"""

__version__ = "0.1.0"
