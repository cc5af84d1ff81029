"""The ``imports`` table: the row every import's transaction ends with (the energy commit, the campaign layouts).

Below the pipeline and the layouts: :mod:`ktdash.ingest.commit` and the modules of :mod:`ktdash.ingest.layouts`
both use it, neither through the other.
"""

from __future__ import annotations

from ktdash.access import audit
from ktdash.ingest import versions
from ktdash.ingest.results import ImportPreview, ImportResult
from ktdash.store.connection import bump_data_version


def record_import(con, import_id: int, preview: ImportPreview, layout, user: str) -> ImportResult:
    """The last step of every import's transaction: the row in ``imports`` and a new data version. ``layout``: a
    :class:`ktdash.core.domain.Layout` or its code."""
    code = str(getattr(layout, "value", layout))
    con.execute(
        "INSERT INTO imports (import_id, user_name, municipality_key, file_name, sha256, layout, rows_stored, "
        "rows_rejected, rows_replaced, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed')",
        [import_id, user, preview.municipality_key, preview.file_name, preview.sha256, code,
         preview.rows_valid, preview.rows_rejected, preview.records_replaced],
    )
    detail = {"import_id": import_id, "file_name": preview.file_name, "layout": code,
              "rows_stored": preview.rows_valid, "rows_rejected": preview.rows_rejected,
              "records_replaced": preview.records_replaced}
    if preview.records_replaced:  # the corrections with old and new value (the first 20; all in the versions)
        detail["corrections"], detail["corrected"] = versions.corrections_of_import(con, import_id)
    audit.record(con, user, "import", preview.municipality_key, object=str(import_id), sha256=preview.sha256,
                 detail=detail)
    bump_data_version(con)
    return ImportResult(
        import_id=import_id, file_name=preview.file_name, rows_stored=preview.rows_valid,
        records_stored=preview.records, records_replaced=preview.records_replaced,
        records_changed=preview.records_changed, rows_rejected=preview.rows_rejected,
        new_buildings=preview.new_buildings,
    )
