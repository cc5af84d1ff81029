"""Versions of replaced values: no correction loses the value it corrected, and undo brings it back.

An import that stores a value under a key that already holds one (a reading of the same meter and
timestamp, a consumption of the same building, carrier, meter and period, the master data of a building)
*replaces* it. Before the replacement the stored row moves to the version table of its kind
(``reading_versions``, ``consumption_versions``, ``building_versions``) together with the import that had
stored it (``import_id``) and the one that replaced it (``replaced_by_import``). The current value of every
key stays in ``readings``, ``consumptions`` and ``buildings``; pages and figures read only those.

For one key the versions form a chain ordered by the imports that wrote them::

    v0 (import A)  ──replaced by X──▶  v1 (import X)  ──replaced by Y──▶  v2 (import Y, current)

**Undo of an import takes its version out of every chain it is in** and leaves the rest as it was:

* where its version is the current one, the version it replaced comes back (with the import that had
  stored it); where it replaced nothing, the key goes;
* where a later import has replaced its version, the current value stays, and the version it had replaced
  is now the one the later import replaced (undo of that later import brings that one back).

So undoing X and Y gives v0 back in either order, and any set of imports undone in any order leaves the
store as if those imports had never run (tests/test_versions.py). Replacing a value by an equal one is a
version too (the key then belongs to the later import), so undo restores the owner exactly.

All of it is SQL over the keys of the import (``kt_valid`` while committing); callers run it inside the
import's or the undo's transaction.
"""

from __future__ import annotations

import pandas as pd

from ktdash.core import localtime
from ktdash.i18n import texts
from ktdash.core.formatting import date_pattern, format_number
from ktdash.store.queries import building_filter

# (version table, current table, key columns, value columns, column of the import in the current table)
# a reading's factor (its own Zustandszahl × Brennwert, migration 011; NULL: the meter's) is part of its value
READINGS = ("reading_versions", "readings", ("meter_id", "ts"), ("value", "factor"), "import_id")
CONSUMPTIONS = ("consumption_versions", "consumptions",
                ("building_id", "carrier", "meter_number", "period_start", "period_end"),
                ("value", "unit", "factor", "kwh", "cost_eur"), "import_id")
BUILDINGS = ("building_versions", "buildings", ("building_id",),
             ("category", "floor_area_m2", "year_built", "postcode"), "masterdata_import_id")
CAMPAIGNS = ("campaign_versions", "campaigns", ("campaign_id",),
             ("name", "topic", "lead_key", "start_date", "end_date", "description"), "import_id")
CAMPAIGN_MEMBERS = ("campaign_member_versions", "campaign_members", ("campaign_id",), ("municipality_key",),
                    "import_id")  # a member list is replaced as a whole: all rows of a campaign are one version
ACTIVITIES = ("activity_versions", "activities", ("campaign_id", "activity_date", "municipality_key", "kind", "title"),
              ("format", "cost_eur", "participants", "registrations", "consultations", "page_views", "leads",
               "outcomes"), "import_id")
PV_UNITS = ("pv_unit_versions", "pv_units", ("unit_id",),
            ("ags", "municipality_key", "commissioned", "gross_kw", "status", "plug_in"), "import_id")
ENERGY_KINDS = (READINGS, CONSUMPTIONS, BUILDINGS)
CAMPAIGN_KINDS = (ACTIVITIES, CAMPAIGN_MEMBERS, CAMPAIGNS, PV_UNITS)


def keep_replaced(con, kind, keys_sql: str, import_id: int) -> int:
    """Copy the stored rows whose key is among ``keys_sql`` (a SELECT of the key columns) into the version
    table, as replaced by ``import_id``; returns how many. Call before the rows are overwritten."""
    versions, current, keys, values, owner = kind
    columns = ", ".join(keys + values)
    on = " AND ".join(f"c.{k} = n.{k}" for k in keys)
    return con.execute(f"""
        INSERT INTO {versions} ({columns}, import_id, replaced_by_import)
        SELECT {', '.join(f'c.{c}' for c in keys + values)}, c.{owner}, $replaced_by
        FROM {current} c SEMI JOIN ({keys_sql}) n ON {on}""", {"replaced_by": int(import_id)}).fetchone()[0]


def undo(con, import_id: int, kinds=ENERGY_KINDS) -> dict[str, int]:
    """Take the versions of import ``import_id`` out of their chains (see the module docstring): its current
    readings and consumptions are deleted and the values they replaced come back, building master data it set
    goes back to what it replaced. Returns the number of values brought back per current table. Runs inside
    the undo's transaction."""
    restored = {}
    for versions, current, keys, values, owner in kinds:
        if current == "buildings":
            _undo_postcodes(con, import_id)
        # 1. its version was replaced later: the version it had replaced is now replaced by that later import
        con.execute(f"""
            UPDATE {versions} SET replaced_by_import = x.replaced_by_import
            FROM (SELECT DISTINCT {', '.join(keys)}, replaced_by_import FROM {versions} WHERE import_id = $id) x
            WHERE {versions}.replaced_by_import = $id
              AND {' AND '.join(f'{versions}.{k} = x.{k}' for k in keys)}""", {"id": import_id})
        con.execute(f"DELETE FROM {versions} WHERE import_id = $id", {"id": import_id})
        # 2. its version is current: the one it replaced comes back
        columns = ", ".join(keys + values)
        if current == "buildings":
            # a building it created that other imports' data keep: back to the master data of a new building
            con.execute("""
                UPDATE buildings SET category = 'Sonstiges', floor_area_m2 = NULL, year_built = NULL, postcode = NULL
                WHERE masterdata_import_id = $id AND created_by_import = $id
                  AND building_id NOT IN (SELECT building_id FROM building_versions WHERE replaced_by_import = $id)""",
                        {"id": import_id})
            n = con.execute("""
                UPDATE buildings SET category = h.category, floor_area_m2 = h.floor_area_m2,
                       year_built = h.year_built, masterdata_import_id = h.import_id,
                       postcode = CASE WHEN h.postcode_set THEN h.postcode ELSE buildings.postcode END
                FROM (SELECT * FROM building_versions WHERE replaced_by_import = $id) h
                WHERE buildings.building_id = h.building_id""", {"id": import_id}).fetchone()[0]
            con.execute("UPDATE buildings SET masterdata_import_id = NULL WHERE masterdata_import_id = $id",
                        {"id": import_id})
        else:
            con.execute(f"DELETE FROM {current} WHERE {owner} = $id", {"id": import_id})
            n = con.execute(f"""
                INSERT INTO {current} ({columns}, {owner})
                SELECT {columns}, import_id FROM {versions} WHERE replaced_by_import = $id""",
                            {"id": import_id}).fetchone()[0]
        con.execute(f"DELETE FROM {versions} WHERE replaced_by_import = $id", {"id": import_id})
        restored[current] = int(n)
    return restored


def _undo_postcodes(con, import_id: int) -> None:
    """The postcodes of master-data import ``import_id``, before its versions leave their chains (:func:`undo`).

    A master-data file sets the postcode only when it has a postcode column (``building_versions.postcode_set``:
    whether the import that replaced a version set it); later imports without the column carried the postcode
    it set on. That postcode goes back to the one before it — in the versions of those later imports and, where
    no later import set a postcode, in the current master data — as if the import had never run. The version
    it replaced then takes over whether the import that replaced its own version set the postcode."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_postcode_undo AS
        WITH x AS (  -- buildings whose postcode it set, with the postcode before it (a building it created: none)
            SELECT building_id, postcode AS before FROM building_versions
            WHERE replaced_by_import = $id AND postcode_set
            UNION ALL
            SELECT building_id, NULL FROM buildings
            WHERE created_by_import = $id
              AND building_id NOT IN (SELECT building_id FROM building_versions WHERE replaced_by_import = $id)
              AND (masterdata_import_id = $id
                   OR building_id IN (SELECT building_id FROM building_versions WHERE import_id = $id))
        )
        -- next_set: the first later import that set the postcode again (NULL: none did)
        SELECT x.building_id, x.before,
               (SELECT min(v.replaced_by_import) FROM building_versions v
                WHERE v.building_id = x.building_id AND v.replaced_by_import > $id AND v.postcode_set) AS next_set
        FROM x""", {"id": import_id})
    con.execute("""
        UPDATE building_versions SET postcode = u.before FROM kt_postcode_undo u
        WHERE building_versions.building_id = u.building_id AND building_versions.import_id > $id
          AND (u.next_set IS NULL OR building_versions.import_id < u.next_set)""", {"id": import_id})
    con.execute("""
        UPDATE buildings SET postcode = u.before FROM kt_postcode_undo u
        WHERE buildings.building_id = u.building_id AND buildings.masterdata_import_id > $id
          AND u.next_set IS NULL""", {"id": import_id})
    con.execute("""
        UPDATE building_versions SET postcode_set = nx.postcode_set
        FROM (SELECT building_id, postcode_set FROM building_versions WHERE import_id = $id) nx
        WHERE building_versions.replaced_by_import = $id AND building_versions.building_id = nx.building_id""",
                {"id": import_id})


def corrections_of_import(con, import_id: int, limit: int = 20) -> tuple[int, list[dict]]:
    """(number of values the import changed, up to ``limit`` of them as {what, old, new, unit}) — replaced
    values equal to their replacement are not corrections and are not counted."""
    frame = _corrections_sql(where="h.replaced_by_import = $id")
    count = con.execute(f"SELECT count(*) FROM ({frame}) WHERE changed", {"id": import_id}).fetchone()[0]
    rows = con.execute(f"""SELECT building, meter, carrier, period, old_value, new_value, unit FROM ({frame})
                           WHERE changed ORDER BY building, meter, period_sort LIMIT $limit""",
                       {"id": import_id, "limit": int(limit)}).fetchall()
    names = ("building", "meter", "carrier", "period", "old", "new", "unit")
    return int(count), [dict(zip(names, r, strict=True)) for r in rows]


def _corrections_sql(where: str) -> str:
    """Every version row with its key in words, its old value, the value that replaced it (the next version,
    else the current value) and the imports involved. Columns: building_id, municipality_key, building,
    meter, carrier, period (text), period_sort, old_value, new_value, unit, changed, old_import,
    replaced_by_import, replaced_at, replaced_by, file_name."""
    return f"""
        WITH r AS (
            SELECT b.building_id, b.municipality_key, b.name AS building, m.number AS meter, m.carrier,
                   CASE WHEN m.cumulative THEN strftime(h.ts, '%d.%m.%Y %H:%M')  -- read on site: local time
                        -- a load-profile interval is stored in UTC: shown in local time with its offset
                        ELSE strftime({localtime.utc_to_local('h.ts')}, '%d.%m.%Y %H:%M')
                             || CASE WHEN {localtime.summer_utc('h.ts')} THEN ' (+02:00)' ELSE ' (+01:00)' END
                   END AS period, h.ts AS period_sort,
                   h.value AS old_value, coalesce(nx.value, cur.value) AS new_value, m.unit, h.import_id AS old_import,
                   h.replaced_by_import,
                   -- the same reading with another own factor (Zustandszahl × Brennwert, migration 011)
                   abs(coalesce(h.factor, m.factor) - coalesce(nx.factor, cur.factor, m.factor)) > 1e-12
                       AND coalesce(nx.value, cur.value) IS NOT NULL AS factor_changed
            FROM reading_versions h JOIN meters m USING (meter_id) JOIN buildings b USING (building_id)
            LEFT JOIN reading_versions nx ON nx.meter_id = h.meter_id AND nx.ts = h.ts
                 AND nx.import_id = h.replaced_by_import
            LEFT JOIN readings cur ON cur.meter_id = h.meter_id AND cur.ts = h.ts
                 AND cur.import_id = h.replaced_by_import
            WHERE {where}
        ), c AS (
            SELECT b.building_id, b.municipality_key, b.name AS building, h.meter_number AS meter, h.carrier,
                   strftime(h.period_start, '%d.%m.%Y') || '–' || strftime(h.period_end, '%d.%m.%Y') AS period,
                   h.period_start::TIMESTAMP AS period_sort,
                   -- converted with another factor (another Brennwert or Zustandszahl, another unit): in kWh
                   CASE WHEN fc THEN h.kwh ELSE h.value END AS old_value,
                   CASE WHEN fc THEN coalesce(nx.kwh, cur.kwh) ELSE coalesce(nx.value, cur.value) END AS new_value,
                   CASE WHEN NOT fc THEN h.unit WHEN h.carrier = 'Wasser' THEN 'm³' ELSE 'kWh' END AS unit,
                   h.import_id AS old_import, h.replaced_by_import, false AS factor_changed
            FROM consumption_versions h JOIN buildings b USING (building_id)
            LEFT JOIN consumption_versions nx ON nx.building_id = h.building_id AND nx.carrier = h.carrier
                 AND nx.meter_number = h.meter_number AND nx.period_start = h.period_start
                 AND nx.period_end = h.period_end AND nx.import_id = h.replaced_by_import
            LEFT JOIN consumptions cur ON cur.building_id = h.building_id AND cur.carrier = h.carrier
                 AND cur.meter_number = h.meter_number AND cur.period_start = h.period_start
                 AND cur.period_end = h.period_end AND cur.import_id = h.replaced_by_import,
            LATERAL (SELECT coalesce(abs(h.factor - coalesce(nx.factor, cur.factor)) > 1e-12, false) AS fc)
            WHERE {where}
        )
        SELECT v.* EXCLUDE (factor_changed),
               abs(v.old_value - v.new_value) > 1e-9 OR v.new_value IS NULL OR v.factor_changed AS changed,
               i.created_at AS replaced_at, i.user_name AS replaced_by, i.file_name
        FROM (SELECT * FROM r UNION ALL BY NAME SELECT * FROM c) v
        LEFT JOIN imports i ON i.import_id = v.replaced_by_import"""


def value_history(con, *, building_id: int | None = None, municipality_key: str | None = None,
                  include_unchanged: bool = False, limit: int | None = None) -> pd.DataFrame:
    """The corrections of stored values, newest first, one row per replaced value: ``building``, ``meter``,
    ``what`` (carrier, or the master-data field ``category`` / ``floor_area_m2`` / ``year_built`` / ``postcode``),
    ``period`` (reading time — UTC for load profiles — or consumption period), ``old_value`` / ``new_value``
    (numbers; for master data ``old_text`` / ``new_text``), ``unit``, ``old_import`` (the import that had
    stored the old value), ``replaced_by_import`` with ``replaced_at``, ``replaced_by`` (user) and
    ``file_name``. Replacements by an equal value are left out unless ``include_unchanged``."""
    condition, params = building_filter(building_id, municipality_key)
    masterdata = f"""
        SELECT b.building_id, b.municipality_key, b.name AS building, NULL AS meter, field AS carrier,
               NULL AS period, NULL::TIMESTAMP AS period_sort, old_text, new_text, NULL AS unit,
               old_text IS DISTINCT FROM new_text AS changed, h.import_id AS old_import,
               h.replaced_by_import, i.created_at AS replaced_at, i.user_name AS replaced_by, i.file_name
        FROM (
            SELECT h.building_id, h.import_id, h.replaced_by_import, h.postcode_set,
                   unnest(['category', 'floor_area_m2', 'year_built', 'postcode']) AS field,
                   unnest([h.category, CAST(h.floor_area_m2 AS VARCHAR), CAST(h.year_built AS VARCHAR),
                           h.postcode]) AS old_text,
                   -- the next version, else the current master data (a NULL field of the next version is NULL)
                   unnest(CASE WHEN nx.building_id IS NOT NULL
                               THEN [nx.category, CAST(nx.floor_area_m2 AS VARCHAR), CAST(nx.year_built AS VARCHAR),
                                     nx.postcode]
                               ELSE [cur.category, CAST(cur.floor_area_m2 AS VARCHAR),
                                     CAST(cur.year_built AS VARCHAR), cur.postcode] END) AS new_text
            FROM building_versions h
            LEFT JOIN building_versions nx ON nx.building_id = h.building_id
                 AND nx.import_id = h.replaced_by_import
            LEFT JOIN buildings cur ON cur.building_id = h.building_id
                 AND cur.masterdata_import_id = h.replaced_by_import) h
        JOIN buildings b USING (building_id)
        LEFT JOIN imports i ON i.import_id = h.replaced_by_import
        -- a postcode is a correction only where the replacing import set it (its file had a postcode column)
        WHERE {condition} AND (field <> 'postcode' OR h.postcode_set)"""
    filter_ = "" if include_unchanged else "WHERE changed"
    limit_sql = "LIMIT $limit" if limit else ""
    if limit:
        params["limit"] = int(limit)
    return con.execute(f"""
        SELECT building, meter, carrier AS what, period, old_value, new_value, old_text, new_text, unit,
               old_import, replaced_by_import, replaced_at, replaced_by, file_name
        FROM ({_corrections_sql(condition)} UNION ALL BY NAME {masterdata}) {filter_}
        ORDER BY replaced_by_import DESC, building, meter NULLS FIRST, period_sort, what {limit_sql}""",
                       params).df()


CORRECTION_COLUMNS = ("replaced_at", "building", "meter", "what", "period", "old", "new", "unit",
                      "replaced_by_import", "replaced_by", "file_name", "old_import")
MASTERDATA_FIELDS = ("category", "floor_area_m2", "year_built", "postcode")


def corrections_table(con, lang: str = "de", with_user: bool = True, **filters) -> pd.DataFrame:
    """:func:`value_history` for people: one row per correction with the column headings of the page's
    language (``texts`` keys ``corrections_col_*``), old and new values as numbers in its format (``1.234,5``),
    times as ``31.12.2025 14:03``. The Gebäude and Protokoll pages and ``ktdash history --corrections`` show
    this table. Without ``with_user`` the column of the user who corrected is left out."""

    def number(value) -> str:
        if value is None or value != value:  # None or NaN: the key has no value any more
            return "–"
        value = float(value)
        decimals = 0 if value == int(value) else min(6, len(repr(value).split(".")[1]))
        return format_number(value, decimals, lang)

    def field(text, what: str) -> str:
        if not isinstance(text, str) or not text:
            return "–"
        return number(float(text)) if what == "floor_area_m2" else text

    frame = value_history(con, **filters)
    masterdata = frame["what"].isin(MASTERDATA_FIELDS)
    old = [field(t, w) if m else number(v)
           for v, t, m, w in zip(frame["old_value"], frame["old_text"], masterdata, frame["what"], strict=True)]
    new = [field(t, w) if m else number(v)
           for v, t, m, w in zip(frame["new_value"], frame["new_text"], masterdata, frame["what"], strict=True)]
    shown = pd.DataFrame({
        "replaced_at": frame["replaced_at"].dt.strftime(date_pattern("datetime", lang)),
        "building": frame["building"],
        "meter": frame["meter"].fillna(""),
        "what": [texts.t("corrections_field_" + w, lang) if w in MASTERDATA_FIELDS else w for w in frame["what"]],
        "period": frame["period"].fillna(""),
        "old": old, "new": new,
        "unit": [("m²" if w == "floor_area_m2" else "") if m else (u or "") for u, m, w in
                 zip(frame["unit"], masterdata, frame["what"], strict=True)],
        "replaced_by_import": frame["replaced_by_import"].astype("Int64"),
        "replaced_by": frame["replaced_by"], "file_name": frame["file_name"],
        "old_import": frame["old_import"].astype("Int64"),
    }, columns=list(CORRECTION_COLUMNS))
    if not with_user:
        shown = shown.drop(columns=["replaced_by"])
    shown.columns = [texts.t("corrections_col_" + c, lang) for c in shown.columns]
    return shown
