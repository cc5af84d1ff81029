"""End to end: an empty store, `ktdash init` imports the Westpfalz demo through the real
import, `ktdash export monthly` gives per building, carrier and year exactly the values
the generator wrote (sample_data/demo/expected_yearly.csv), and importing a demo file
again changes nothing."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from ktdash.records import MonthlyValue

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "sample_data" / "demo"
MASTER = ROOT / "sample_data" / "master"


def ktdash(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KTDASH_DB=str(db))
    return subprocess.run([sys.executable, "-m", "ktdash.cli", *args], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=900)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("e2e") / "demo.duckdb"
    result = ktdash("init", db=db)
    assert result.returncode == 0, result.stderr
    assert "Demodateien importiert" in result.stdout
    return db


def export_yearly(db: Path) -> dict[tuple[str, str, str, int], float]:
    result = ktdash("export", "monthly", db=db)
    assert result.returncode == 0, result.stderr
    sums: dict[tuple, float] = defaultdict(float)
    for row in csv.DictReader(io.StringIO(result.stdout)):
        MonthlyValue(**row)  # every row has the documented shape
        sums[(row["municipality"], row["building"], row["carrier"], int(row["month"][:4]))] += float(row["value"])
    return dict(sums)


def expected_yearly() -> dict[tuple[str, str, str, int], float]:
    with (MASTER / "municipalities.csv").open(encoding="utf-8") as fh:
        names = {r["municipality_key"]: r["name"] for r in csv.DictReader(fh)}
    with (DEMO / "expected_yearly.csv").open(encoding="utf-8") as fh:
        return {(names[r["municipality_key"]], r["building"], r["carrier"], int(r["year"])): float(r["value"])
                for r in csv.DictReader(fh)}


def test_export_equals_the_hand_calculation_of_every_demo_file(demo_store):
    got, expected = export_yearly(demo_store), expected_yearly()
    assert set(got) == set(expected)
    # monthly values are exported with 3 decimals; twelve of them add up to at most 0,006 off
    off = {k: (got[k], expected[k]) for k in expected if abs(got[k] - expected[k]) > 0.006 + 1e-9 * expected[k]}
    assert not off, list(off.items())[:10]


def test_every_demo_layout_and_encoding_was_used(demo_store):
    import duckdb

    con = duckdb.connect(str(demo_store), read_only=True)
    try:
        layouts = {r[0] for r in con.execute("SELECT DISTINCT layout FROM imports").fetchall()}
        buildings = con.execute("SELECT count(*) FROM buildings").fetchone()[0]
        interval_meters = con.execute("SELECT count(*) FROM meters WHERE NOT cumulative").fetchone()[0]
    finally:
        con.close()
    assert layouts == {"buildings", "readings", "periods", "wide", "load_profile"}
    assert 250 <= buildings <= 350
    assert interval_meters >= 3


def test_municipalities_command_lists_the_westpfalz(demo_store):
    result = ktdash("municipalities", db=demo_store)
    assert result.returncode == 0
    for name in ("Kusel", "Pirmasens", "Zweibrücken", "Donnersbergkreis", "Südwestpfalz"):
        assert name in result.stdout


def test_importing_a_demo_file_again_changes_nothing(demo_store):
    before = ktdash("export", "monthly", db=demo_store).stdout
    with (DEMO / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    consumption = next(r for r in rows if "zaehlerstaende" in r["file"])
    result = ktdash("import", str(DEMO / consumption["file"]), "--municipality", consumption["municipality_key"],
                    db=demo_store)
    assert result.returncode == 0, result.stderr
    assert "ersetzen" in result.stdout and "(0 geändert)" in result.stdout
    assert ktdash("export", "monthly", db=demo_store).stdout == before


def test_init_again_keeps_the_data_and_imports_nothing(demo_store):
    before = ktdash("export", "monthly", db=demo_store).stdout
    result = ktdash("init", db=demo_store)
    assert result.returncode == 0, result.stderr
    assert "0 Demodateien importiert" in result.stdout
    assert ktdash("export", "monthly", db=demo_store).stdout == before


@pytest.mark.parametrize("page", ["pages/uebersicht.py", "pages/import_daten.py"])
def test_every_page_renders_on_the_demo(demo_store, monkeypatch, page):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KTDASH_DB", str(demo_store))
    at = AppTest.from_file("../app.py", default_timeout=120).run()
    at.switch_page(page).run()
    assert not at.exception
    if page.endswith("uebersicht.py"):
        table = at.dataframe[0].value
        assert len(table) == 7  # the four Landkreise and three cities of the Westpfalz
        assert len(at.get("plotly_chart")) == 2
