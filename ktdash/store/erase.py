"""Erasing deleted personal data from the DuckDB file itself (issue 18: "deletion must really delete it").

A ``DELETE`` in DuckDB only marks rows as deleted: their bytes stay in the row group's block, and a block freed at a
checkpoint keeps its old content until something else is written there (DuckDB has no secure-delete setting like
SQLite's ``PRAGMA secure_delete``; see duckdb/duckdb#109 and #12286). So after personal data has been deleted and
committed, :func:`scrub` makes DuckDB write the kept rows anew and overwrite every free block:

1. each table of :data:`PERSONAL_TABLES` is emptied (its remaining rows kept in a copy), checkpointed, and refilled
   from the copy (:func:`_rewrite`), so its old row groups (with the deleted rows' bytes) are dropped instead of
   being kept with a deletion mark;
2. ``CHECKPOINT`` writes the new row groups and frees the old blocks (and empties the write-ahead log);
3. a filler table of random doubles as large as all free blocks (plus one) is written and checkpointed, so DuckDB
   reuses — overwrites — every free block, then dropped and checkpointed again (the file shrinks where it can).

``tests/test_network_erase.py`` reads the DuckDB file's bytes after a deletion. Backups made before a deletion
still hold the person (documented in the README: backups are kept by the regional office and age out).

Server mode (:mod:`ktdash.store.server`): PostgreSQL keeps a deleted row as a dead tuple until its table is vacuumed;
:func:`scrub` runs ``VACUUM (FULL)`` on the personal tables, which writes them anew without the dead rows
(:func:`ktdash.store.server.vacuum_full`, which says what it does not reach: WAL, freed file-system blocks).

If the scrub cannot run at once (another process or session holds a transaction), :func:`scrub` records it in
``store_state`` (``erase_pending``) and :func:`scrub_if_pending` finishes it at the next opportunity (the next
store opening, the next deletion).
"""

from __future__ import annotations

import logging

from ktdash.store import server
from ktdash.store.connection import OPEN_HOOKS, WRITE_LOCK, transaction

# Tables that hold personal data or rows pointing at a person (rewritten on every scrub). A module that stores
# personal data elsewhere (e.g. versions of an import) adds its table here.
PERSONAL_TABLES: list[str] = ["people", "person_municipalities", "competences", "posts", "support_requests"]
PENDING_KEY = "erase_pending"

log = logging.getLogger(__name__)


def _tables_present(con, prefix: str = "") -> list[str]:
    """The tables of :data:`PERSONAL_TABLES` (named with ``prefix``) the store has."""
    present = {name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary"
    ).fetchall()}
    return [prefix + name for name in PERSONAL_TABLES if prefix + name in present]


KEEP_PREFIX = "_erase_keep_"  # a personal table's remaining rows between the two steps of _rewrite


def _rewrite(con, tables: list[str]) -> None:
    """Write each table's remaining rows anew, in two committed steps with a checkpoint after each: (1) copy them
    into a table ``_erase_keep_<table>`` and empty the table, (2) put them back and drop the copy. One step (delete
    and re-insert in one transaction, as under DuckDB 2.0) is not enough on DuckDB 1.5: the checkpoint writes the
    rewritten row group with the deleted rows' strings still in its segments (measured: tests/test_network_erase.py).
    Nothing is lost by a crash between the steps: the copies and the pending mark are committed together with the
    emptying, and the next opening (:func:`scrub_if_pending`) finishes step 2. Between the two steps (a few
    milliseconds) another session of this process may read the personal tables empty."""
    present = set(_tables_present(con, prefix=KEEP_PREFIX))
    with transaction(con):
        for table in tables:  # identifiers from PERSONAL_TABLES (code), never from input
            if KEEP_PREFIX + table in present:  # emptied by a scrub that stopped after step 1
                continue
            con.execute(f"CREATE TABLE main.{KEEP_PREFIX}{table} AS SELECT * FROM main.{table}")
            con.execute(f"DELETE FROM main.{table}")
        con.execute("INSERT OR REPLACE INTO store_state VALUES (?, 'true')", [PENDING_KEY])
    con.execute("CHECKPOINT")
    with transaction(con):
        for table in tables:
            con.execute(f"INSERT INTO main.{table} SELECT * FROM main.{KEEP_PREFIX}{table}")
            con.execute(f"DROP TABLE main.{KEEP_PREFIX}{table}")
        con.execute("DELETE FROM store_state WHERE key = ?", [PENDING_KEY])


def _overwrite_free_blocks(con) -> None:
    free_blocks, block_size = con.execute("SELECT free_blocks, block_size FROM pragma_database_size()").fetchone()
    doubles = (int(free_blocks) + 1) * int(block_size) // 8
    con.execute("CREATE OR REPLACE TABLE main._erase_filler AS SELECT random() AS filler FROM range(?)", [doubles])
    con.execute("CHECKPOINT")
    con.execute("DROP TABLE main._erase_filler")
    con.execute("CHECKPOINT")


def scrub(con) -> bool:
    """Rewrite the personal tables and overwrite the file's free blocks (after a committed deletion). True when
    done; False when it had to be postponed (recorded as pending, see the module docstring)."""
    with WRITE_LOCK:
        try:
            if server.server_of(con) is not None:
                server.vacuum_full(con, PERSONAL_TABLES)
                with transaction(con):
                    con.execute("DELETE FROM store_state WHERE key = ?", [PENDING_KEY])
                return True
            _rewrite(con, _tables_present(con))
            con.execute("CHECKPOINT")
            _overwrite_free_blocks(con)
            return True
        except Exception as exc:  # e.g. a checkpoint refused while another connection has a transaction open
            log.warning("erasing deleted personal data postponed: %s: %s", type(exc).__name__, exc)
            try:
                con.execute("INSERT OR REPLACE INTO store_state VALUES (?, 'true')", [PENDING_KEY])
            except Exception:  # the store itself refuses (read-only): the next opening tries again
                log.exception("could not record the pending erasure")
            return False


def scrub_if_pending(con) -> bool:
    """Finish a postponed :func:`scrub`; True if one was pending and is now done."""
    pending = con.execute("SELECT 1 FROM store_state WHERE key = ?", [PENDING_KEY]).fetchone()
    return pending is not None and scrub(con)


OPEN_HOOKS.append(scrub_if_pending)  # every opening of a store finishes a postponed scrub
