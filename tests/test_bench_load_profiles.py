"""The load-profile generator of the import benchmark makes a file ktdash imports whole and right.

So ``bench/import_speed.py`` can never measure a failing import: at a small size the generated file is
detected as a load profile, nothing is rejected, every row is stored and the monthly rollup equals the
monthly sums of the file, added up here with ``Decimal`` straight from the text.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import KUSEL, TODAY
from ktdash.ingest.pipeline import import_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import load_profiles  # noqa: E402

METERS, DAYS = 4, 40  # 1 January – 9 February 2025: two months


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lastgang")
    return load_profiles.generate(folder / "lastgang.csv", meters=METERS, days=DAYS, year=2025, seed=3,
                                  buildings_path=folder / "gebaeude.csv")


def file_sums(path: Path, encoding: str = "utf-8") -> dict[tuple[str, str], Decimal]:
    """{(building, 'YYYY-MM'): kWh} from the text of the file."""
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    with path.open(encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        assert next(reader) == list(load_profiles.HEADER)
        for _meter, building, _carrier, day, _clock, value, _unit in reader:
            sums[(building, f"{day[6:10]}-{day[3:5]}")] += Decimal(value.replace(",", "."))
    return dict(sums)


def test_file_has_the_german_form(generated):
    assert generated.rows == METERS * DAYS * 96
    raw = generated.path.read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[0].decode("utf-8") == ";".join(load_profiles.HEADER)
    assert lines[-1] == b"" and len(lines) == generated.rows + 2  # CRLF after every line
    first = lines[1].decode("utf-8").split(";")
    assert re.fullmatch(r"DE\d{31}", first[0])
    assert first[2:5] == ["Strom", "01.01.2025", "00:00"] and first[6] == "kWh"
    assert re.fullmatch(r"\d+,\d{3}", first[5])
    last = lines[-2].decode("utf-8").split(";")
    assert last[3:5] == ["09.02.2025", "23:45"]


def test_meter_totals_follow_the_annual_consumption(generated):
    # each meter's 40 days carry 40/365 of its annual consumption (values rounded to 0.001 kWh)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    with generated.path.open(encoding="utf-8", newline="") as fh:
        for row in list(csv.reader(fh, delimiter=";"))[1:]:
            totals[row[0]] += Decimal(row[5].replace(",", "."))
    for meter in generated.meters:
        assert abs(float(totals[meter.number]) - meter.annual_kwh * DAYS / 365) < DAYS * 96 * 0.0005 + 1e-6


@pytest.mark.parametrize("known_buildings", [True, False])
def test_ktdash_imports_it_without_rejections(store, settings, generated, known_buildings):
    if known_buildings:
        data = (generated.path.parent / "gebaeude.csv").read_bytes()
        _, result = import_file(store, data, "gebaeude.csv", KUSEL, settings=settings, user="t", today=TODAY)
        assert result is not None
    preview, result = import_file(store, generated.path.read_bytes(), "lastgang.csv", KUSEL, settings=settings,
                                  user="t", today=TODAY)
    assert preview.layout == "load_profile"
    assert preview.rows_rejected == 0, preview.rejected_frame().head().to_string()
    assert preview.rows_read == generated.rows and result.records_stored == generated.rows
    assert preview.new_buildings == ([] if known_buildings else sorted({m.building for m in generated.meters}))
    assert store.execute("SELECT count(*) FROM readings").fetchone()[0] == generated.rows
    rollup = dict(((b, m), Decimal(str(round(v, 3)))) for b, m, v in store.execute("""
        SELECT b.name, strftime(r.month, '%Y-%m'), r.value FROM monthly_rollup r JOIN buildings b USING (building_id)
        WHERE r.carrier = 'Strom'""").fetchall())
    expected = file_sums(generated.path)
    assert set(expected) == set(rollup)
    assert {k for _, k in expected} == {"2025-01", "2025-02"}
    for key, value in expected.items():
        assert rollup[key] == value, key


def test_windows_1252_file_imports_the_same(store, settings, tmp_path):
    generated = load_profiles.generate(tmp_path / "lastgang.csv", meters=3, days=3, seed=5, encoding="cp1252")
    assert "Zählpunkt".encode("cp1252") in generated.path.read_bytes()[:20]
    preview, result = import_file(store, generated.path.read_bytes(), "lastgang.csv", KUSEL, settings=settings,
                                  user="t", today=TODAY)
    assert preview.encoding == "cp1252" and preview.rows_rejected == 0 and result.records_stored == 3 * 3 * 96
    names = {r[0] for r in store.execute("SELECT name FROM buildings").fetchall()}
    assert names == {m.building for m in generated.meters}


@pytest.mark.slow
def test_import_speed_measures_all_three_at_a_tiny_size(tmp_path):
    """bench/import_speed.run (what bench/run.py calls) at 3 meters × 2 days: the figures are there and the
    run checked that ktdash stored every row (no timing is asserted here)."""
    import import_speed

    lines = []
    figures = import_speed.run(meters=3, days=2, cache=tmp_path, echo=lines.append)
    assert figures["rows"] == 3 * 2 * 96
    for name in ("duckdb", "ktdash", "pandas"):
        assert figures[name]["rows"] == figures["rows"] and figures[name]["seconds"] > 0
    assert figures["ktdash"]["rollup_kwh"] == pytest.approx(figures["ktdash"]["total_kwh"])
    assert set(figures["goals"]) == {"ktdash_vs_duckdb", "ktdash_vs_pandas", "peak_memory"}
    assert any("ktdash / DuckDB" in line for line in lines)
