"""The network's joint campaigns: what was done where, whom it reached, and what followed.

* :mod:`ktdash.campaigns.vocabulary` — topics, formats, kinds of activity, file headers;
* :mod:`ktdash.campaigns.ingest` — campaign, activity and Marktstammdatenregister files through
  the import path of :mod:`ktdash.ingest` (preview, rejected rows, one transaction, undo);
* :mod:`ktdash.campaigns.metrics` — reach, cost, formats, topics, timeline, photovoltaic
  additions, the before/after comparison and the annual plan (definitions and sources there).
"""
