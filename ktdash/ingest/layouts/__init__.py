"""File layouts of the one import pipeline (:mod:`ktdash.ingest.pipeline`): campaigns, activities, the
Marktstammdatenregister and station degree days."""
