"""Convert a store file written by DuckDB 2.0 into the storage format the pinned DuckDB 1.5.5 reads.

ktdash pins ``duckdb==1.5.5`` for server mode (README, Dependencies; docs/scale.md): the postgres extension
exists only for that exact version. DuckDB 1.5.5 cannot open a file DuckDB 2.0 wrote ("version number 999");
DuckDB 2.0 can write the older format (``STORAGE_VERSION 'v1.4.0'``). So this script runs with DuckDB 2.0, in a
virtual environment of its own, and imports nothing of ktdash (README, Upgrading)::

    python3 -m venv /tmp/kt-convert && /tmp/kt-convert/bin/pip install duckdb==2.0.1
    /tmp/kt-convert/bin/python ktdash/store/convert_store.py data/ktdash.duckdb

The store is copied table by table (``COPY FROM DATABASE``, sequences with their values), every table's row
count is compared, and only then the old file is kept as ``<store>.duckdb2`` and the new one takes its name.
Stop the dashboard first: the script needs the file to itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

TARGET_FORMAT = "v1.4.0"  # read by DuckDB 1.4 and 1.5 (https://duckdb.org/docs/stable/internals/storage)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"  # ATTACH takes no parameter in DuckDB 1.5; 2.0 does, kept alike


def _counts(con, database: str) -> dict[str, int]:
    tables = [row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = $db AND NOT temporary ORDER BY 1",
        {"db": database}).fetchall()]
    return {t: con.execute(f'SELECT count(*) FROM "{database}".main."{t}"').fetchone()[0] for t in tables}


def convert(store: Path) -> Path:
    """Convert ``store`` in place; returns the kept original (``<store>.duckdb2``)."""
    if int(duckdb.__version__.split(".")[0]) < 2:
        raise SystemExit(f"Dieses Skript braucht DuckDB 2.0 (hier {duckdb.__version__}); siehe README, Upgrading.")
    kept, part = store.with_name(store.name + ".duckdb2"), store.with_name(store.name + ".convert-part")
    if kept.exists():
        raise SystemExit(f"{kept} gibt es schon: die Datenbank wurde bereits umgewandelt.")
    part.unlink(missing_ok=True)
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH {_quoted(str(store))} AS kt_old")
    con.execute(f"ATTACH {_quoted(str(part))} AS kt_new (STORAGE_VERSION {_quoted(TARGET_FORMAT)})")
    con.execute("COPY FROM DATABASE kt_old TO kt_new")
    before, after = _counts(con, "kt_old"), _counts(con, "kt_new")
    con.execute("DETACH kt_new")
    con.execute("DETACH kt_old")
    con.close()
    if before != after:
        part.unlink(missing_ok=True)
        raise SystemExit(f"Abgebrochen, nichts geändert: Zeilen verschieden {before} / {after}")
    store.rename(kept)
    wal = store.with_name(store.name + ".wal")
    if wal.exists():  # ATTACH above replayed it into the copy; it belongs to the kept original
        wal.rename(kept.with_name(kept.name + ".wal"))
    part.rename(store)
    part.with_name(part.name + ".wal").unlink(missing_ok=True)
    print(f"{store}: umgewandelt ({sum(after.values()):,} Zeilen in {len(after)} Tabellen); "
          f"das Original liegt unter {kept}.")
    return kept


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("Aufruf: python convert_store.py PFAD/ktdash.duckdb")
    convert(Path(sys.argv[1]))
