"""Step 6 of an import: write ``kt_valid`` to the store in one transaction.

Keys already in the store are replaced (readings by meter and timestamp,
consumptions by building, carrier, meter and period), never added twice; the
monthly rollup of every touched building is rebuilt in the same transaction.
``kt_valid`` may hold millions of rows (a load profile): it is only read, the
buildings and meters it names are resolved in small tables (``kt_bmap``,
``kt_mmap``).
"""

from __future__ import annotations

from ktdash.access import audit
from ktdash.analytics import alerts, rollup
from ktdash.core.domain import Layout
from ktdash.ingest import registry, versions
from ktdash.ingest.imports_table import record_import
from ktdash.ingest.results import ImportPreview, ImportResult
from ktdash.store.connection import bump_data_version, next_id, transaction

__all__ = ["UndoBlocked", "commit", "record_import", "replacement_counts", "row_factor", "undo"]


def replacement_counts(con, layout: Layout) -> tuple[int, int]:
    """(keys of kt_valid already stored, of those with another value)."""
    if layout in (Layout.READINGS, Layout.LOAD_PROFILE):
        # only meters already stored can have stored readings (kt_valid_groups: kt_valid per meter, made by
        # the preview just before)
        if not con.execute("""SELECT count(*) FROM kt_valid_groups g JOIN meters m
                              ON m.building_id = g.building_id AND m.number = g.meter""").fetchone()[0]:
            return 0, 0
        # a reading converted with another factor (its own Zustandszahl and Brennwert) is changed too
        factor = f"abs(coalesce(r.factor, m.factor) - coalesce({row_factor(con)}, m.factor)) > 1e-12"
        sql = f"""SELECT count(*), count(*) FILTER (WHERE abs(r.value - v.value) > 1e-9 OR {factor})
                 FROM kt_valid v JOIN meters m ON m.building_id = v.building_id AND m.number = v.meter
                 JOIN readings r ON r.meter_id = m.meter_id AND r.ts = v.ts"""
    elif layout in (Layout.PERIODS, Layout.WIDE):
        sql = """SELECT count(*), count(*) FILTER (WHERE abs(c.value - v.value) > 1e-9 OR c.unit <> v.unit
                                                   OR abs(c.factor - v.factor) > 1e-12
                                                   OR c.cost_eur IS DISTINCT FROM v.cost_eur)
                 FROM kt_valid v JOIN consumptions c ON c.building_id = v.building_id AND c.carrier = v.carrier
                  AND c.meter_number = v.meter AND c.period_start = v.period_start AND c.period_end = v.period_end"""
    else:
        sql = """SELECT count(*), count(*) FILTER (WHERE b.category IS DISTINCT FROM v.category
                    OR b.floor_area_m2 IS DISTINCT FROM v.area OR b.year_built IS DISTINCT FROM v.year_built
                    OR v.postcode_given AND b.postcode IS DISTINCT FROM v.postcode)
                 FROM kt_valid v JOIN buildings b ON b.building_id = v.building_id"""
    replaced, changed = con.execute(sql).fetchone()
    return int(replaced), int(changed)


def row_factor(con, table: str = "kt_valid", alias: str = "v") -> str:
    """The SQL of a meter value's own factor (Erdgas in m³ with the Zustandszahl and Brennwert of its row,
    :func:`ktdash.ingest.stage.gas_quality`), NULL where the file has none: the meter's factor applies."""
    columns = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    return f"{alias}.row_factor" if "row_factor" in columns else "NULL::DOUBLE"


def commit(con, preview: ImportPreview, layout: Layout, interval_minutes: int | None, user: str) -> ImportResult:
    municipality = preview.municipality_key
    with transaction(con):
        import_id = next_id(con, "seq_import")
        ids = {"municipality": municipality, "import_id": import_id}
        if layout == Layout.BUILDINGS:
            _commit_buildings(con, municipality, import_id)
            return record_import(con, import_id, preview, layout, user)
        # one row per building of the file (kt_valid can hold millions of rows: it is never updated; for meter
        # values the preview grouped it by meter in kt_valid_groups)
        grouped = "kt_valid_groups" if layout in (Layout.READINGS, Layout.LOAD_PROFILE) else "kt_valid"
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE kt_bmap AS
            SELECT building_key, min(building) AS building, any_value(building_id) AS building_id
            FROM {grouped} GROUP BY building_key""")
        # buildings another import stored since this one was prepared (two sessions, one file): use them
        find_buildings = """
            UPDATE kt_bmap SET building_id = b.building_id FROM buildings b
            WHERE kt_bmap.building_id IS NULL AND b.municipality_key = $municipality
              AND lower(b.name) = kt_bmap.building_key"""
        con.execute(find_buildings, {"municipality": municipality})
        con.execute("""
            INSERT INTO buildings (municipality_key, name, created_by_import)
            SELECT $municipality, building, $import_id FROM kt_bmap WHERE building_id IS NULL""", ids)
        con.execute(find_buildings, {"municipality": municipality})
        if layout in (Layout.READINGS, Layout.LOAD_PROFILE):
            _commit_readings(con, layout, interval_minutes, import_id)
            if layout == Layout.READINGS:
                _store_digits(con)
        elif layout in (Layout.PERIODS, Layout.WIDE):
            versions.keep_replaced(con, versions.CONSUMPTIONS, """
                SELECT bm.building_id, v.carrier, v.meter AS meter_number, v.period_start, v.period_end
                FROM kt_valid v JOIN kt_bmap bm USING (building_key)""", import_id)
            con.execute("""
                INSERT INTO consumptions (building_id, carrier, meter_number, period_start, period_end, value,
                                          unit, factor, kwh, import_id, cost_eur)
                SELECT bm.building_id, v.carrier, v.meter, v.period_start, v.period_end, v.value, v.unit, v.factor,
                       v.value * v.factor, $import_id, v.cost_eur
                FROM kt_valid v JOIN kt_bmap bm USING (building_key)
                ON CONFLICT (building_id, carrier, meter_number, period_start, period_end) DO UPDATE SET
                    value = excluded.value, unit = excluded.unit, factor = excluded.factor, kwh = excluded.kwh,
                    import_id = excluded.import_id, cost_eur = excluded.cost_eur""", {"import_id": import_id})
        con.execute("CREATE OR REPLACE TEMP TABLE kt_affected AS SELECT DISTINCT building_id FROM kt_bmap")
        rollup.refresh(con, "kt_affected")
        return record_import(con, import_id, preview, layout, user)


def _commit_buildings(con, municipality: str, import_id: int) -> None:
    """Master data of buildings: stored ones are replaced (the old row becomes a version), new ones created. A
    file with a postcode column sets the postcode (an empty cell: NULL, the building follows its municipality);
    without one the stored postcode stays. Buildings whose postcode changes get their yearly rollup rebuilt
    (their station, and with it the degree days of the weather normalisation, may change: ktdash.analytics.climate)."""
    con.execute("""
        UPDATE kt_valid SET building_id = b.building_id FROM buildings b
        WHERE kt_valid.building_id IS NULL AND b.municipality_key = $municipality
          AND lower(b.name) = kt_valid.building_key""", {"municipality": municipality})
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_postcode_changed AS
        SELECT b.building_id FROM kt_valid v JOIN buildings b ON b.building_id = v.building_id
        WHERE v.postcode_given AND b.postcode IS DISTINCT FROM v.postcode""")
    versions.keep_replaced(con, versions.BUILDINGS,
                           "SELECT building_id FROM kt_valid WHERE building_id IS NOT NULL", import_id)
    con.execute("""UPDATE building_versions SET postcode_set = true WHERE replaced_by_import = $import_id
                   AND (SELECT bool_or(postcode_given) FROM kt_valid)""",  # the file has a postcode column
                {"import_id": import_id})
    con.execute("""
        UPDATE buildings SET category = v.category, floor_area_m2 = nullif(v.area, 0),
               year_built = v.year_built, masterdata_import_id = $import_id,
               postcode = CASE WHEN v.postcode_given THEN v.postcode ELSE buildings.postcode END
        FROM kt_valid v WHERE buildings.building_id = v.building_id""", {"import_id": import_id})
    con.execute("""
        INSERT INTO buildings (municipality_key, name, category, floor_area_m2, year_built, postcode,
                               created_by_import, masterdata_import_id)
        SELECT $municipality, building, category, nullif(area, 0), year_built, postcode, $import_id, $import_id
        FROM kt_valid WHERE building_id IS NULL""", {"municipality": municipality, "import_id": import_id})
    if con.execute("SELECT count(*) FROM kt_postcode_changed").fetchone()[0]:
        rollup.refresh_yearly(con, "kt_postcode_changed")


def _commit_readings(con, layout: Layout, interval_minutes: int | None, import_id: int) -> None:
    """Meters (new ones created), then the readings: stored rows of the same meter and timestamp are
    replaced (deleted, then inserted with this import's number), so nothing is ever stored twice."""
    cumulative = "true" if layout == Layout.READINGS else "false"
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_mmap AS
        SELECT s.*, m.meter_id, m.meter_id IS NOT NULL AS existed FROM (
            SELECT v.building_key, v.meter, bm.building_id, any_value(v.carrier) AS carrier,
                   any_value(v.unit) AS unit, any_value(v.factor) AS factor, any_value(v.mk) AS mk
            FROM kt_valid_groups v JOIN kt_bmap bm USING (building_key)
            GROUP BY v.building_key, v.meter, bm.building_id) s
        LEFT JOIN meters m ON m.building_id = s.building_id AND m.number = s.meter""")
    con.execute(f"""
        INSERT INTO meters (building_id, number, carrier, unit, factor, cumulative, interval_minutes)
        SELECT building_id, meter, carrier, unit, factor, {cumulative}, CAST($interval AS INTEGER)
        FROM kt_mmap WHERE NOT existed""", {"interval": None if interval_minutes is None else int(interval_minutes)})
    con.execute("""
        UPDATE kt_mmap SET meter_id = m.meter_id FROM meters m
        WHERE kt_mmap.meter_id IS NULL AND m.building_id = kt_mmap.building_id AND m.number = kt_mmap.meter""")
    # the bulk path numbers each (building, meter): a join on that number instead of two texts per row
    on = "v.mk = mm.mk" if con.execute("SELECT bool_and(mk IS NOT NULL) FROM kt_mmap").fetchone()[0] else \
        "v.building_key = mm.building_key AND v.meter = mm.meter"
    if con.execute("SELECT count(*) FROM kt_mmap WHERE existed").fetchone()[0]:
        # the stored values of these keys become versions replaced by this import (undo brings them back)
        versions.keep_replaced(con, versions.READINGS, f"""
            SELECT mm.meter_id, v.ts FROM kt_valid v JOIN kt_mmap mm ON {on} WHERE mm.existed""", import_id)
        con.execute(f"""
            DELETE FROM readings USING (
                SELECT mm.meter_id, v.ts FROM kt_valid v JOIN kt_mmap mm ON {on} WHERE mm.existed) n
            WHERE readings.meter_id = n.meter_id AND readings.ts = n.ts
              AND readings.meter_id IN (SELECT meter_id FROM kt_mmap WHERE existed)""")
    # readings.factor: the reading's own factor (migration 011), NULL for the meter's
    con.execute(f"""
        INSERT INTO readings (meter_id, ts, value, factor, import_id)
        SELECT mm.meter_id, v.ts, v.value, {row_factor(con)}, $import_id
        FROM kt_valid v JOIN kt_mmap mm ON {on}""", {"import_id": import_id})


def _store_digits(con) -> None:
    """The digits of a meter's register (its rollover, :func:`ktdash.ingest.checks._backwards_check`), from the
    first import that states them; a meter that has them keeps them."""
    con.execute("""
        UPDATE meters SET digits = d.digits FROM (
            SELECT mm.meter_id, max(g.digits) AS digits FROM kt_valid_groups g
            JOIN kt_mmap mm ON mm.building_key = g.building_key AND mm.meter = g.meter
            WHERE g.digits IS NOT NULL GROUP BY mm.meter_id) d
        WHERE meters.meter_id = d.meter_id AND meters.digits IS NULL""")


class UndoBlocked(ValueError):
    """An import whose campaigns later imports' activities belong to: undo those first."""

    def __init__(self, import_id: int, blocking: list[int]):
        self.import_id, self.blocking = import_id, blocking
        super().__init__(f"import {import_id} has campaigns used by imports {blocking}")


def undo(con, import_id: int, user=None) -> dict[str, int]:
    """Remove exactly the rows an import stored and rebuild the rollups of its buildings, in one transaction.

    Readings and consumptions whose ``import_id`` is this import are deleted; meters left without
    readings and buildings this import created that hold no data any more go with them (unless measures are
    recorded for them: those buildings stay, see issue 17); the
    import is marked ``undone``. Values this import had replaced come back, and building master data
    it changed goes back to what it was — also when later imports corrected the same keys (the order
    rules are in :mod:`ktdash.ingest.versions`). Raises ValueError for an unknown or already undone import. ``user`` (a
    :class:`ktdash.access.permissions.User` or a name) goes into the audit row written in the same transaction; whether
    they may undo it is the caller's check (:func:`ktdash.access.accounts.require_undo`).
    """
    row = con.execute("SELECT status, municipality_key, sha256, file_name FROM imports WHERE import_id = ?",
                      [import_id]).fetchone()
    if row is None:
        raise ValueError(f"unknown import {import_id}")
    if row[0] != "committed":
        raise ValueError(f"import {import_id} is {row[0]}")
    hooks = {s.undo_rows: s for s in registry.specs() if s.undo_rows}  # a family's hook once (e.g. campaigns)
    blocking = sorted({i for f in dict.fromkeys(s.blocking_imports for s in registry.specs() if s.blocking_imports)
                       for i in f(con, import_id)})
    if blocking:
        raise UndoBlocked(import_id, blocking)
    with transaction(con):
        # the layouts' own rows (campaign data, station degree days): removed, the rows they replaced back
        campaign_rows: dict[str, int] = {}
        for undo_rows in hooks:
            campaign_rows |= undo_rows(con, import_id)
        con.execute("""
            CREATE OR REPLACE TEMP TABLE kt_affected AS
            SELECT DISTINCT building_id FROM (
                SELECT m.building_id FROM readings r JOIN meters m USING (meter_id) WHERE r.import_id = $id
                UNION ALL SELECT building_id FROM consumptions WHERE import_id = $id
                UNION ALL SELECT building_id FROM buildings WHERE created_by_import = $id
                -- master data it replaced whose postcode comes back: the building's station may change
                UNION ALL SELECT h.building_id FROM building_versions h JOIN buildings b USING (building_id)
                WHERE h.replaced_by_import = $id AND h.postcode IS DISTINCT FROM b.postcode)""", {"id": import_id})
        readings, consumptions = con.execute("""
            SELECT (SELECT count(*) FROM readings WHERE import_id = $id),
                   (SELECT count(*) FROM consumptions WHERE import_id = $id)""", {"id": import_id}).fetchone()
        # its values go, the values they had replaced come back, later corrections of them stay current
        restored = versions.undo(con, import_id)
        meters = con.execute("""
            DELETE FROM meters WHERE building_id IN (SELECT building_id FROM kt_affected)
              AND meter_id NOT IN (SELECT DISTINCT meter_id FROM readings)""").fetchone()[0]
        buildings = con.execute("""
            DELETE FROM buildings WHERE created_by_import = $id
              AND building_id NOT IN (SELECT building_id FROM meters)
              AND building_id NOT IN (SELECT DISTINCT building_id FROM consumptions)
              AND building_id NOT IN (SELECT building_id FROM measures)""", {"id": import_id}
                                ).fetchone()[0]
        # a building it created that has measures recorded stays (the measures are not lost with the data):
        # it no longer belongs to an import
        con.execute("""
            UPDATE buildings SET created_by_import = NULL WHERE created_by_import = $id
              AND building_id IN (SELECT building_id FROM measures)
              AND building_id NOT IN (SELECT building_id FROM meters)
              AND building_id NOT IN (SELECT DISTINCT building_id FROM consumptions)""", {"id": import_id})
        # a building it created that other imports' data keep now counts as created by the first of them, so
        # that undoing that one removes it as well (as if this import had never run)
        con.execute("""
            UPDATE buildings SET created_by_import = f.first_import FROM (
                SELECT building_id, min(import_id) AS first_import FROM (
                    SELECT m.building_id, r.import_id FROM readings r JOIN meters m USING (meter_id)
                    UNION ALL SELECT building_id, import_id FROM consumptions)
                GROUP BY building_id) f
            WHERE buildings.created_by_import = $id AND buildings.building_id = f.building_id""", {"id": import_id})
        rollup.refresh(con, "kt_affected")
        alerts.forget_import(con, import_id)  # its open findings: about values that are gone (acknowledged stay)
        con.execute("UPDATE imports SET status = 'undone' WHERE import_id = ?", [import_id])
        removed = {"readings": int(readings), "consumptions": int(consumptions), "meters": int(meters),
                   "buildings": int(buildings)} | campaign_rows
        removed |= {f"restored_{table}": n for table, n in restored.items() if n}
        audit.record(con, user, "undo", row[1] or None, object=str(import_id), sha256=row[2],  # none: degree days
                     detail={"import_id": import_id, "file_name": row[3], "removed": removed})
        bump_data_version(con)
    return removed
