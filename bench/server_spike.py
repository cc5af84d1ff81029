"""Issue 20 spike: server mode on PostgreSQL (DuckDB's postgres extension) or DuckLake (PostgreSQL catalog,
local Parquet). Measures, builds nothing of the product. Results and the recommendation: docs/scale_spike.md.

Run in a venv with the pinned duckdb and the extension wheels of exactly that version, e.g.

    python -m venv /tmp/spike/venv
    /tmp/spike/venv/bin/pip install duckdb==1.5.5 duckdb-extension-postgres==1.5.5 \
        duckdb-extension-ducklake==1.5.5 'psycopg[binary]'
    /tmp/spike/venv/bin/python bench/server_spike.py --pg postgresql://postgres@127.0.0.1:54329/postgres

(or duckdb==1.4.4 with duckdb-ext-postgres / duckdb-ext-ducklake 1.4.4.20260205). ``--pg`` names a server and a
maintenance database the script may create databases from (it drops and creates ``kt_spike_*`` databases).
``--only q2,q3`` runs some questions (q6, ktdash itself on PG, is not in the default and needs ktdash importable on
this duckdb); ``--rows 1000000,10000000`` the scan sizes; ``--work DIR`` where the DuckDB
files, the DuckLake data path and the loaded extensions go. Extensions are never downloaded: autoinstall and
autoload are off, and each extension is installed from the file inside its wheel.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing as mp
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import psycopg
from psycopg import conninfo

MIGRATIONS = Path(__file__).resolve().parents[1] / "ktdash" / "store" / "migrations"
NO_DOWNLOADS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


# ---------------------------------------------------------------------------------------------- extensions (q1)
def extension_file(name: str) -> Path:
    """The extension binary inside its wheel: duckdb-extension-<name> (1.5.x: <pkg>/extensions/vX/<name>.duckdb_
    extension) or duckdb-ext-<name> (1.4.x: duckdb_ext/extensions/vX/<platform>/<file>)."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is not None:
        return next(Path(spec.submodule_search_locations[0]).glob(f"extensions/*/{name}.duckdb_extension"))
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is not None:
        file = "postgres_scanner" if name == "postgres" else name
        return next(Path(spec.submodule_search_locations[0]).glob(f"extensions/*/*/{file}.duckdb_extension"))
    raise SystemExit(f"no wheel with the {name} extension installed")


def connect(path: str = ":memory:", work: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A connection with postgres and ducklake loaded from the wheels, never downloaded.
    ``LOAD '<file>'`` works for ducklake; the postgres binary of the 1.5.x wheel is named postgres.duckdb_extension
    but its entry point is postgres_scanner's, so a direct LOAD of the file fails. INSTALL '<file>' into a private
    extension directory, then LOAD by name, works for both wheels."""
    extdir = (work or Path(tempfile.gettempdir())) / f"ext-{duckdb.__version__}"
    con = duckdb.connect(path, config={**NO_DOWNLOADS, "extension_directory": str(extdir)})
    for name in ("postgres", "ducklake"):
        con.execute(f"INSTALL '{extension_file(name)}'")
        con.execute(f"LOAD {name}")
    return con


def q1(args) -> dict:
    out = {"duckdb": duckdb.__version__}
    for name in ("postgres", "ducklake"):
        file = extension_file(name)
        con = duckdb.connect(config=NO_DOWNLOADS)
        try:
            con.execute(f"LOAD '{file}'")
            out[f"LOAD '<file>' {name}"] = "ok"
        except duckdb.Error as exc:
            out[f"LOAD '<file>' {name}"] = str(exc).splitlines()[0][:160]
    con = connect(work=args.work)
    out["INSTALL '<file>' + LOAD name"] = con.execute(
        "SELECT list(extension_name || ' ' || extension_version || ' ' || install_mode) FROM duckdb_extensions()"
        " WHERE loaded AND extension_name IN ('postgres_scanner', 'ducklake')").fetchone()[0]
    return out


# ------------------------------------------------------------------------------------------------------ helpers
def admin(pg: str):
    return psycopg.connect(pg, autocommit=True)


def fresh_database(pg: str, name: str) -> str:
    with admin(pg) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {name}")
    parts = conninfo.conninfo_to_dict(pg)
    parts["dbname"] = name
    return conninfo.make_conninfo(**parts)  # libpq key=value form, what ATTACH and ducklake:postgres: take


def attach_pg(con, dsn: str, alias: str = "store"):
    con.execute(f"ATTACH '{dsn}' AS {alias} (TYPE postgres)")
    con.execute(f"USE {alias}")


def attach_lake(con, dsn: str, data: Path, alias: str = "lake"):
    con.execute(f"ATTACH 'ducklake:postgres:{dsn}' AS {alias} (DATA_PATH '{data}/')")
    con.execute(f"USE {alias}")


def first_line(exc: BaseException) -> str:
    text = str(exc)
    if "ERROR:" in text:  # PostgreSQL's own message, after the statement the extension sent
        return f"{type(exc).__name__}: PG " + text[text.index("ERROR:"):].strip().splitlines()[0][:200]
    return f"{type(exc).__name__}: " + str(exc).strip().splitlines()[0][:220]


def statements(con, text: str) -> list[str]:
    """The statements of a migration. DuckDB 1.4/1.5's parser rejects a whole file that has
    ``ADD COLUMN … NOT NULL DEFAULT …`` (003, 013: "Adding columns with constraints not yet supported", a 2.0
    feature), so such a file is split at ``;`` line ends (no migration has a ``;`` inside a string)."""
    try:
        return [s.query.strip() for s in con.extract_statements(text)]
    except duckdb.Error:
        lines = [line.split("--")[0] if not line.lstrip().startswith("--") else "" for line in text.splitlines()]
        return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


def apply_migrations(con) -> dict:
    """Every statement of every migration, one at a time in autocommit; what fails, and why."""
    results = {"statements": 0, "failed": 0, "failures": []}
    for file in sorted(MIGRATIONS.glob("*.sql")):
        for sql in statements(con, file.read_text(encoding="utf-8")):
            results["statements"] += 1
            try:
                con.execute(sql)
            except duckdb.Error as exc:
                results["failed"] += 1
                results["failures"].append({"file": file.name, "sql": " ".join(sql.split())[:110],
                                            "error": first_line(exc)})
    return results


def timed(fn, repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def try_sql(con, sql: str, params=None) -> str:
    try:
        con.execute(sql, params or [])
        return "ok"
    except duckdb.Error as exc:
        return first_line(exc)


def semantics(con, q: str) -> dict:
    """Constraints, ON CONFLICT, sequences, views, macros and BEGIN/COMMIT/ROLLBACK on the attached catalog.
    ``q`` is the catalog's name (store or lake)."""
    out = {}
    out["CREATE TABLE with PRIMARY KEY"] = try_sql(con, "CREATE TABLE kv (k INTEGER PRIMARY KEY, v VARCHAR)")
    if out["CREATE TABLE with PRIMARY KEY"] != "ok":
        out["CREATE TABLE without key"] = try_sql(con, "CREATE TABLE kv (k INTEGER NOT NULL, v VARCHAR)")
    con.execute("INSERT INTO kv VALUES (1, 'a')")
    out["duplicate key rejected"] = try_sql(con, "INSERT INTO kv VALUES (1, 'dup')")
    out["INSERT ON CONFLICT DO NOTHING"] = try_sql(con, "INSERT INTO kv VALUES (1, 'x') ON CONFLICT DO NOTHING")
    out["INSERT ON CONFLICT DO UPDATE"] = try_sql(
        con, "INSERT INTO kv VALUES (1, 'upd') ON CONFLICT (k) DO UPDATE SET v = excluded.v")
    out["INSERT OR REPLACE"] = try_sql(con, "INSERT OR REPLACE INTO kv VALUES (1, 'repl')")
    out["kv after (k, v)"] = con.execute("SELECT list((k, v) ORDER BY k, v) FROM kv").fetchone()[0]
    out["MERGE INTO (upsert)"] = try_sql(
        con, "MERGE INTO kv USING (SELECT 2 AS k, 'm' AS v) s ON kv.k = s.k "
             "WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.k, s.v)")
    out["UNIQUE constraint"] = try_sql(con, "CREATE TABLE u (a INTEGER, b VARCHAR, UNIQUE (a, b))")
    out["CHECK constraint"] = try_sql(con, "CREATE TABLE c (a DOUBLE CHECK (a > 0))")
    out["CREATE SEQUENCE"] = try_sql(con, "CREATE SEQUENCE seq_spike START 1")
    out["nextval in DEFAULT"] = try_sql(
        con, "CREATE TABLE sq (id INTEGER PRIMARY KEY DEFAULT nextval('seq_spike'), n VARCHAR)")
    out["nextval() call"] = try_sql(con, "SELECT nextval('seq_spike')")
    out["CREATE VIEW"] = try_sql(con, "CREATE VIEW kv_view AS SELECT k, upper(v) AS v FROM kv")
    out["SELECT from view"] = try_sql(con, "SELECT * FROM kv_view")
    out["CREATE MACRO"] = try_sql(con, "CREATE MACRO twice(x) AS x * 2")
    out["LIST column"] = try_sql(con, "CREATE TABLE lst (a INTEGER[])")
    out["ALTER TABLE ADD COLUMN"] = try_sql(con, "ALTER TABLE kv ADD COLUMN w DOUBLE")
    # transactions
    con.execute("CREATE TABLE t1 (a INTEGER)")
    con.execute("CREATE TABLE t2 (a INTEGER)")
    con.execute("BEGIN")
    con.execute("INSERT INTO t1 VALUES (1)")
    con.execute("INSERT INTO t2 VALUES (1)")
    con.execute("ROLLBACK")
    out["BEGIN; 2 inserts; ROLLBACK -> rows"] = con.execute(
        "SELECT (SELECT count(*) FROM t1) + (SELECT count(*) FROM t2)").fetchone()[0]
    con.execute("BEGIN")
    con.execute("INSERT INTO t1 VALUES (2)")
    con.execute("INSERT INTO t2 VALUES (2)")
    con.execute("COMMIT")
    out["BEGIN; 2 inserts; COMMIT -> rows"] = con.execute(
        "SELECT (SELECT count(*) FROM t1) + (SELECT count(*) FROM t2)").fetchone()[0]
    con.execute("BEGIN")
    con.execute("INSERT INTO t1 VALUES (3)")
    err = try_sql(con, "INSERT INTO kv VALUES (1, 'dup-in-tx')")
    out["error inside tx"] = err
    out["ROLLBACK after error"] = try_sql(con, "ROLLBACK")
    out["t1 rows after failed tx (want 1)"] = con.execute("SELECT count(*) FROM t1").fetchone()[0]
    con.execute("BEGIN")
    out["DDL inside tx (CREATE TABLE)"] = try_sql(con, "CREATE TABLE in_tx (a INTEGER)")
    try_sql(con, "ROLLBACK")
    out["DDL rolled back"] = try_sql(con, "SELECT * FROM in_tx") != "ok"
    return out


def small_writes(con, n: int = 200) -> dict:
    """One-row insert + commit (a login session row): latency in ms."""
    con.execute("CREATE TABLE IF NOT EXISTS sessions_spike (token VARCHAR, user_name VARCHAR, created TIMESTAMP)")
    lat = []
    for i in range(n):
        t = time.perf_counter()
        con.execute("BEGIN")
        con.execute("INSERT INTO sessions_spike VALUES (?, 'admin', now())", [f"tok{i}"])
        con.execute("COMMIT")
        lat.append((time.perf_counter() - t) * 1000)
    r = []
    for i in range(50):
        t = time.perf_counter()
        con.execute("SELECT user_name FROM sessions_spike WHERE token = ?", [f"tok{i}"]).fetchall()
        r.append((time.perf_counter() - t) * 1000)
    lat.sort()
    r.sort()
    return {"insert+commit ms median": round(statistics.median(lat), 2), "p95": round(lat[int(n * .95)], 2),
            "point read ms median": round(statistics.median(r), 2)}


# ------------------------------------------------------------------------------------ two writer processes
def _writer(kind: str, dsn: str, data: str, work: str, role: str, q: mp.Queue):
    """One process: (a) 200 appends in 20 transactions, (b) an UPDATE of the shared counter row held open 1 s."""
    con = connect(work=Path(work))
    (attach_pg if kind == "pg" else lambda c, d: attach_lake(c, d, Path(data)))(con, dsn)
    res = {"role": role, "append_errors": [], "update": None}
    t0 = time.perf_counter()
    for b in range(20):
        for _attempt in range(20):
            try:
                con.execute("BEGIN")
                con.execute("INSERT INTO appends SELECT ?, range FROM range(?, ?)", [role, b * 10, b * 10 + 10])
                con.execute("COMMIT")
                break
            except duckdb.Error as exc:
                res["append_errors"].append(first_line(exc))
                try_sql(con, "ROLLBACK")
                time.sleep(0.05)
    res["append_s"] = round(time.perf_counter() - t0, 2)
    if role == "B":
        time.sleep(0.3)  # A goes first and holds its update for 1 s
    t = time.perf_counter()
    try:
        con.execute("BEGIN")
        con.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
        if role == "A":
            time.sleep(1.0)
        con.execute("COMMIT")
        res["update"] = f"ok after {time.perf_counter() - t:.2f} s"
    except duckdb.Error as exc:
        res["update"] = f"failed after {time.perf_counter() - t:.2f} s: {first_line(exc)}"
        try_sql(con, "ROLLBACK")
    q.put(res)


def two_writers(kind: str, dsn: str, con, data: Path | None, work: Path) -> dict:
    con.execute("CREATE TABLE appends (who VARCHAR, i BIGINT)")
    con.execute("CREATE TABLE counter (id INTEGER, n INTEGER)")
    con.execute("INSERT INTO counter VALUES (1, 0)")
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(kind, dsn, str(data), str(work), r, q)) for r in "AB"]
    for p in procs:
        p.start()
    results = [q.get(timeout=300) for _ in procs]
    for p in procs:
        p.join()
    counts = con.execute("SELECT who, count(*), count(DISTINCT i) FROM appends GROUP BY who ORDER BY who").fetchall()
    return {"processes": sorted([{**r, "append_errors": len(r["append_errors"]),
                                  "first_append_error": (r["append_errors"] or [""])[0]} for r in results],
                                key=lambda r: r["role"]),
            "rows per writer (want 200, 200 distinct)": counts,
            "counter (2 if both updates committed)": con.execute("SELECT n FROM counter").fetchone()[0]}


# ------------------------------------------------------------------------------------------------------- q2, q3
def q2(args) -> dict:
    dsn = fresh_database(args.pg, "kt_spike_pg")
    con = connect(work=args.work)
    attach_pg(con, dsn)
    out = {"migrations": apply_migrations(con)}
    dsn2 = fresh_database(args.pg, "kt_spike_pg2")
    con2 = connect(work=args.work)
    attach_pg(con2, dsn2)
    out["semantics"] = semantics(con2, "store")
    out["postgres_execute"] = try_sql(con2, "CALL postgres_execute('store', 'CREATE SEQUENCE pe_seq; "
                                            "CREATE TABLE pe (id integer PRIMARY KEY DEFAULT nextval(''pe_seq''), "
                                            "v text)')")
    con2.execute("CALL pg_clear_cache()")
    out["insert into table made by postgres_execute, id default"] = try_sql(con2, "INSERT INTO pe (v) VALUES ('x')")
    out["ON CONFLICT on a real PG key"] = try_sql(
        con2, "INSERT INTO pe VALUES (1, 'y') ON CONFLICT (id) DO UPDATE SET v = excluded.v")
    out["pe rows"] = con2.execute("SELECT list((id, v)) FROM pe").fetchone()[0]
    out["small writes (duckdb postgres ext)"] = small_writes(con2)
    with psycopg.connect(dsn2, autocommit=True) as pc:  # the plain driver, for comparison
        pc.execute("CREATE TABLE ps (token text, user_name text, created timestamp)")
        lat = []
        for i in range(200):
            t = time.perf_counter()
            with pc.transaction():
                pc.execute("INSERT INTO ps VALUES (%s, 'admin', now())", [f"t{i}"])
            lat.append((time.perf_counter() - t) * 1000)
        out["small writes (psycopg)"] = {"insert+commit ms median": round(statistics.median(lat), 2)}
    out["two writers"] = two_writers("pg", dsn2, con2, None, args.work)
    t = time.perf_counter()
    c3 = connect(work=args.work)
    attach_pg(c3, dsn2)
    c3.execute("SELECT count(*) FROM kv").fetchall()
    out["connect+load+attach+first query s"] = round(time.perf_counter() - t, 3)
    return out


def q3(args) -> dict:
    data = args.work / "lake_sem"
    shutil.rmtree(data, ignore_errors=True)
    dsn = fresh_database(args.pg, "kt_spike_lake")
    con = connect(work=args.work)
    attach_lake(con, dsn, data)
    out = {"ducklake version": con.execute(
        "SELECT extension_version FROM duckdb_extensions() WHERE extension_name = 'ducklake'").fetchone()[0]}
    out["migrations"] = apply_migrations(con)
    data2 = args.work / "lake_sem2"
    shutil.rmtree(data2, ignore_errors=True)
    dsn2 = fresh_database(args.pg, "kt_spike_lake2")
    con2 = connect(work=args.work)
    attach_lake(con2, dsn2, data2)
    out["semantics"] = semantics(con2, "lake")
    before = sum(1 for _ in data2.rglob("*.parquet"))
    out["small writes"] = small_writes(con2)
    out["parquet files: before 200 one-row commits / after"] = (before, sum(1 for _ in data2.rglob("*.parquet")))
    out["ducklake_flush_inlined_data"] = try_sql(con2, "CALL ducklake_flush_inlined_data('lake')")
    out["parquet files after flush"] = sum(1 for _ in data2.rglob("*.parquet"))
    out["two writers"] = two_writers("lake", dsn2, con2, data2, args.work)
    out["parquet files after two writers"] = sum(1 for _ in data2.rglob("*.parquet"))
    out["snapshots"] = con2.execute("SELECT count(*) FROM ducklake_snapshots('lake')").fetchone()[0]
    t = time.perf_counter()
    c3 = connect(work=args.work)
    attach_lake(c3, dsn2, data2)
    c3.execute("SELECT count(*) FROM kv").fetchall()
    out["connect+load+attach+first query s"] = round(time.perf_counter() - t, 3)
    return out


# ------------------------------------------------------------------------------------------------------------ q4
GENERATE = """
SELECT (i // 168)::INTEGER AS building_id,
       CASE i % 2 WHEN 0 THEN 'Strom' ELSE 'Waerme' END AS carrier,
       (DATE '2019-01-01' + to_months(((i // 2) % 84)::INTEGER))::DATE AS month,
       round(1000 + 500 * sin(i) + (i % 97), 2) AS kwh
FROM range({n}) r(i)
"""  # 168 = 84 months × 2 carriers per building: 1 M rows ≈ 6,000 buildings, 30 M ≈ 180,000
QUERIES = {
    "agg carrier x year": "SELECT carrier, year(month) y, sum(kwh), count(*) FROM monthly GROUP BY ALL",
    "agg building x year": "SELECT count(*), sum(s) FROM (SELECT building_id, year(month) y, sum(kwh) s "
                           "FROM monthly GROUP BY ALL)",
    "point: 1 building, 1 year": "SELECT month, carrier, kwh FROM monthly WHERE building_id = 4242 "
                                 "AND month BETWEEN DATE '2023-01-01' AND DATE '2023-12-01'",
}


def scan(con, table_prefix: str = "") -> dict:
    res = {}
    for label, sql in QUERIES.items():
        sql = sql.replace("FROM monthly", f"FROM {table_prefix}monthly")
        t = timed(lambda s=sql: con.execute(s).fetchall(), 4)
        res[label] = {"first s": round(t[0], 3), "warm median s": round(statistics.median(t[1:]), 3)}
    return res


def q4(args) -> dict:
    out = {}
    for n in args.rows:
        r = out[f"{n:,} rows"] = {}
        # (a) native DuckDB file
        path = args.work / f"scan_{n}.duckdb"
        path.unlink(missing_ok=True)
        con = duckdb.connect(str(path), config=NO_DOWNLOADS)
        t = time.perf_counter()
        con.execute("CREATE TABLE monthly AS " + GENERATE.format(n=n) + " ORDER BY building_id, month")
        con.execute("CHECKPOINT")
        r["duckdb file load s"] = round(time.perf_counter() - t, 2)
        r["duckdb file MB"] = round(path.stat().st_size / 1e6, 1)
        con.close()
        con = duckdb.connect(str(path), read_only=True, config=NO_DOWNLOADS)
        r["duckdb file"] = scan(con)
        con.close()
        # (b) PostgreSQL through the postgres extension
        dsn = fresh_database(args.pg, "kt_spike_scan")
        con = connect(work=args.work)
        attach_pg(con, dsn)
        t = time.perf_counter()
        con.execute("CREATE TABLE monthly AS " + GENERATE.format(n=n))
        r["pg load s (COPY via extension)"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        con.execute("CALL postgres_execute('store', 'CREATE INDEX ON monthly (building_id, month); "
                    "ANALYZE monthly')")  # postgres_execute runs in a transaction: no VACUUM
        r["pg index+analyze s"] = round(time.perf_counter() - t, 2)
        with psycopg.connect(dsn) as pc:
            r["pg table MB"] = round(pc.execute("SELECT pg_total_relation_size('monthly')").fetchone()[0] / 1e6, 1)
        r["pg via extension"] = scan(con)
        # the same SQL in PostgreSQL itself (postgres_query pushes the whole query down)
        pq = {}
        for label, sql in QUERIES.items():
            pgsql = sql.replace("year(month)", "extract(year FROM month)").replace("GROUP BY ALL", "GROUP BY 1, 2")
            if label.startswith("agg building"):
                pgsql = pgsql.replace("GROUP BY 1, 2)", "GROUP BY 1, 2) x")  # PG wants an alias
            wrapped = f"SELECT * FROM postgres_query('store', $${pgsql}$$)"
            t = timed(lambda s=wrapped, c=con: c.execute(s).fetchall(), 4)
            pq[label] = {"first s": round(t[0], 3), "warm median s": round(statistics.median(t[1:]), 3)}
        r["pg pushed down (postgres_query)"] = pq
        con.close()
        # (c) DuckLake, PostgreSQL catalog, local Parquet
        data = args.work / f"lake_scan_{n}"
        shutil.rmtree(data, ignore_errors=True)
        dsn = fresh_database(args.pg, "kt_spike_scanlake")
        con = connect(work=args.work)
        attach_lake(con, dsn, data)
        t = time.perf_counter()
        con.execute("CREATE TABLE monthly AS " + GENERATE.format(n=n) + " ORDER BY building_id, month")
        r["ducklake load s"] = round(time.perf_counter() - t, 2)
        files = list(data.rglob("*.parquet"))
        r["ducklake parquet files / MB"] = (len(files), round(sum(f.stat().st_size for f in files) / 1e6, 1))
        con.close()
        con = connect(work=args.work)
        attach_lake(con, dsn, data)
        r["ducklake"] = scan(con)
        con.close()
        print(json.dumps({f"{n:,} rows": r}, indent=1, default=str), flush=True)
    return out


# ----------------------------------------------------------------- q6: ktdash itself on PG (prototype, not product)
PG_TYPES = [(r"\bMAP\(VARCHAR, DOUBLE\)", "text"), (r"\bDOUBLE\b", "double precision"), (r"\bJSON\b", "jsonb"),
            (r"\bBLOB\b", "bytea")]  # MAP: no PG type (text here; measures.expected_kwh would need JSON handling)
PG_DDL = re.compile(r"^\s*(CREATE\s+(SEQUENCE|TABLE|UNIQUE INDEX|INDEX)|ALTER\s+TABLE|DROP\s+(TABLE|SEQUENCE))\b", re.I)
DUCKDB_SIDE = re.compile(r"^\s*(CREATE\s+(OR\s+REPLACE\s+)?TEMP|DROP TABLE (kt_m008|mapping_profiles_013))", re.I)


def migrate_translated(con) -> dict:
    """ktdash's migrations with DDL run in PostgreSQL (``postgres_execute``, 4 type rules), everything else
    (data steps, TEMP tables and macros) in DuckDB against the attached store."""
    n, fails = 0, []
    for file in sorted(MIGRATIONS.glob("*.sql")):
        for raw in statements(con, file.read_text(encoding="utf-8")):
            sql = "\n".join(line.split("--")[0] for line in raw.splitlines()).strip()
            n += 1
            try:
                if PG_DDL.match(sql) and not DUCKDB_SIDE.match(sql):
                    for a, b in PG_TYPES:
                        sql = re.sub(a, b, sql, flags=re.I)
                    con.execute("CALL postgres_execute('store', '" + sql.replace("'", "''") + "')")
                    con.execute("CALL pg_clear_cache()")
                else:
                    con.execute(sql)
            except duckdb.Error as exc:
                fails.append((file.name, " ".join(sql.split())[:90], first_line(exc)))
    return {"statements": n, "failed": len(fails), "failures": fails}


def _patch_for_pg(con):
    """What the prototype had to bypass: ``INSERT … RETURNING`` (audit.record) and ``SELECT nextval(…)`` are not
    supported on the attached PG store. Temp sequences are right only for this one-process run."""
    import json as _json

    from ktdash.access import audit

    def record(con, user, action, municipality_key=None, object=None, detail=None, sha256=None):  # noqa: A002
        if detail is not None:
            detail = _json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True)
        i = con.execute("SELECT * FROM postgres_query('store', 'SELECT nextval(''seq_audit'')')").fetchone()[0]
        con.execute("INSERT INTO audit_log (audit_id, user_name, action, municipality_key, object, detail, sha256)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", [i, audit._user_name(user), action, municipality_key,
                                                    None if object is None else str(object), detail, sha256])
        return i

    audit.record = record
    for seq in ("seq_import", "seq_person", "seq_building", "seq_meter"):
        con.execute(f"CREATE TEMP SEQUENCE {seq} START 1")


def q6(args) -> dict:
    """ktdash's migrations translated, its demo set-up (the real import pipeline) and its analytics functions on
    PG through the extension, against a DuckDB file. Needs ktdash importable on this duckdb (on 1.5.5: with the
    fixes listed in docs/scale_spike.md, Q5)."""
    from ktdash.analytics import metrics
    from ktdash.core.settings import Settings
    from ktdash.ingest.masterdata import init_store
    from ktdash.store import queries
    from ktdash.store.connection import open_store

    out = {}
    native_path = args.work / "native_demo.duckdb"
    native_path.unlink(missing_ok=True)
    t = time.perf_counter()
    native = open_store(native_path)
    files = init_store(native, Settings(db=native_path), demo=True)
    out["native: init_store demo"] = f"{files} files in {time.perf_counter() - t:.1f} s"
    dsn = fresh_database(args.pg, "kt_spike_ktdash")
    pg = connect(work=args.work)
    attach_pg(pg, dsn)
    out["pg: migrations translated"] = migrate_translated(pg)
    _patch_for_pg(pg)
    t = time.perf_counter()
    try:
        files = init_store(pg, Settings(db=args.work / "unused.duckdb"), demo=True)
        out["pg: init_store demo"] = f"{files} files in {time.perf_counter() - t:.1f} s"
    except Exception as exc:  # the report shows where it stopped
        out["pg: init_store demo"] = f"stopped after {time.perf_counter() - t:.1f} s: {first_line(exc)}"
    out["imports native / pg"] = [c.execute("SELECT count(*) FROM imports").fetchone()[0] for c in (native, pg)]
    year = metrics.latest_full_year(native)
    bid = native.execute("SELECT min(building_id) FROM buildings").fetchone()[0]
    calls = {"filter_options": lambda c: queries.filter_options(c), "summary": lambda c: queries.summary(c, year),
             "building_list": lambda c: queries.building_list(c),
             "building_monthly": lambda c: queries.building_monthly(c, bid),
             "building_carrier_years": lambda c: metrics.building_carrier_years(c),
             "building_years": lambda c: metrics.building_years(c),
             "entity_years municipality": lambda c: metrics.entity_years(c, "municipality"),
             "kpi_rows": lambda c: metrics.kpi_rows(c), "latest_full_year": lambda c: metrics.latest_full_year(c),
             "savings_potential": lambda c: metrics.savings_potential(c, year),
             "heat_against_comparison": lambda c: metrics.heat_against_comparison(c, year)}
    table = out["analytics ms (median of 3): native, pg"] = {}
    for name, fn in calls.items():
        row = []
        for c in (native, pg):
            try:
                fn(c)
                row.append(round(statistics.median(timed(lambda f=fn, c=c: f(c), 3)) * 1000, 1))
            except Exception as exc:
                row.append(first_line(exc))
        table[name] = row
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", required=True, help="postgresql://user@host:port/maintenance_db")
    ap.add_argument("--only", default="q1,q2,q3,q4")
    ap.add_argument("--rows", default="1000000,10000000")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "ktdash_server_spike"))
    ap.add_argument("--json", help="write the results here too")
    args = ap.parse_args()
    args.work = Path(args.work)
    args.work.mkdir(parents=True, exist_ok=True)
    args.rows = [int(x) for x in args.rows.split(",")]
    results = {}
    for name in args.only.split(","):
        t = time.perf_counter()
        results[name] = globals()[name](args)
        results[name]["_seconds"] = round(time.perf_counter() - t, 1)
        print(json.dumps({name: results[name]}, indent=1, default=str, ensure_ascii=False), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
