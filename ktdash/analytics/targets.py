"""A municipality's own target path: the change of its energy use per year against the baseline
(compound, see :func:`ktdash.analytics.metrics.progress`). Without one, the setting
``KTDASH_TARGET_CHANGE_PER_YEAR`` applies."""

from __future__ import annotations

from ktdash.access import audit
from ktdash.store.connection import bump_data_version, transaction


def own_target(con, municipality_key: str) -> float | None:
    row = con.execute("SELECT change_per_year FROM municipality_targets WHERE municipality_key = ?",
                      [municipality_key]).fetchone()
    return None if row is None else float(row[0])


def set_target(con, municipality_key: str, change_per_year: float | None, note: str | None = None, *,
               by=None) -> None:
    """Store (or with None remove) the municipality's own target; −0.5 ≤ change ≤ 0.5 (e.g. −0.03).

    Logged as ``masterdata_change`` (old and new value) for ``by`` (a user or a name) in the same transaction.
    Authorisation is the caller's (:func:`ktdash.access.permissions.require` with ``edit_masterdata``)."""
    if change_per_year is not None and not -0.5 <= change_per_year <= 0.5:
        raise ValueError("change_per_year must lie between -0.5 and 0.5")
    with transaction(con):
        if con.execute("SELECT count(*) FROM municipalities WHERE municipality_key = ?",
                       [municipality_key]).fetchone()[0] == 0:
            raise ValueError(f"unknown municipality {municipality_key}")
        old = own_target(con, municipality_key)
        con.execute("DELETE FROM municipality_targets WHERE municipality_key = ?", [municipality_key])
        if change_per_year is not None:
            con.execute("INSERT INTO municipality_targets VALUES (?, ?, ?)", [municipality_key, change_per_year, note])
        audit.record(con, by, "masterdata_change", municipality_key, object="target_change_per_year",
                     detail={"old": old, "new": change_per_year})
        bump_data_version(con)
