"""The demo's heat follows the real DWD degree days of each building's station (sample_data/generate.py), and
ktdash's weather normalisation takes that weather out again; the demo ships no generated degree days.

On the demo store as ``ktdash init`` makes it (``demo_template``), and on the generator itself."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import demo_copy
from ktdash.analytics import climate, metrics
from ktdash.store.connection import open_store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "sample_data" / "demo"


@pytest.fixture(scope="module")
def con(demo_template, tmp_path_factory):
    connection = open_store(demo_copy(demo_template, tmp_path_factory, "demo_climate"))
    yield connection
    connection.close()


def read_demo(name: str) -> list[dict]:
    with (DEMO / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def variation(frame: pd.DataFrame, column: str) -> pd.Series:
    """Per building: coefficient of variation of ``column`` across its years."""
    return frame.groupby("building_id")[column].agg(lambda x: x.std(ddof=0) / x.mean())


def test_normalisation_removes_the_weather_of_the_real_stations(con):
    """Heat of the owners without a trend, 2022 (the energy-crisis dip) left out: from year to year the raw heat
    of a building varies with its station's winters (2021 cold, 2020/2022–2024 mild), normalised heat only with
    the noise of the model — its coefficient of variation is far lower, for every building."""
    flat = {r["municipality_key"] for r in read_demo("trends.csv") if abs(float(r["trend_per_year"])) < 0.005}
    rows = metrics.building_carrier_years(con)
    heat = rows[(rows["use"] == "heat") & rows["municipality_key"].isin(flat) & (rows["year"] != 2022)]
    assert heat["weather_normalised"].all()
    per_year = heat.groupby(["building_id", "year"])[["kwh_raw", "kwh_normalised"]].sum().reset_index()
    raw, normalised = variation(per_year, "kwh_raw"), variation(per_year, "kwh_normalised")
    assert len(raw) >= 80
    assert raw.median() > 0.03  # the weather shows in the raw heat …
    assert normalised.median() < 0.4 * raw.median()  # … and normalisation takes it out
    assert normalised.median() < 0.02
    assert (normalised < raw).all()


def test_the_demo_has_no_generated_degree_days(con):
    assert con.execute("SELECT count(*) FROM legacy_degree_days").fetchone()[0] == 0
    sources = con.execute("""SELECT count(*) FILTER (WHERE source = ? OR import_id IS NOT NULL), count(*)
                             FROM station_degree_days""", [climate.SHIPPED_SOURCE]).fetchone()
    assert sources[1] > 200_000 and sources[0] == sources[1]
    assert "IWU" in climate.SHIPPED_SOURCE
    assert not (DEMO / "degree_days.csv").exists()


def test_a_building_with_its_own_postcode_gets_the_station_of_that_postcode(con):
    expected = read_demo("expected_stations.csv")
    ids = dict(con.execute("""SELECT m.municipality_key || '|' || b.name, b.building_id
                              FROM buildings b JOIN municipalities m USING (municipality_key)""").fetchall())
    stations = climate.building_stations(con).set_index("building_id")
    own = [r for r in expected if r["postcode_from"] == "building"]
    assert len(own) >= 20
    for r in expected:
        got = stations.loc[ids[r["municipality_key"] + "|" + r["building"]]]
        assert (got["postcode"], got["postcode_from"], int(got["station_id"])) == (
            r["postcode"], r["postcode_from"], int(r["station_id"])), r["building"]
    # the Realschule plus in Schönenberg-Kübelberg (66901) is nearer to Neunkirchen-Wellesweiler than the
    # Kreisverwaltung in Kusel (66869: Idar-Oberstein)
    school = stations.loc[ids["07336|Realschule plus Schönenberg-Kübelberg"]]
    district = stations.loc[ids["07336|Kreisverwaltung Kusel"]]
    station_1 = dict(con.execute("SELECT postcode, station_1 FROM postcodes WHERE postcode IN ('66901', '66869')"
                                 ).fetchall())
    assert (school["postcode"], school["postcode_from"], school["station_id"]) == ("66901", "building",
                                                                                   station_1["66901"])
    assert (district["postcode"], district["postcode_from"], district["station_id"]) == ("66869", "municipality",
                                                                                       station_1["66869"])
    assert station_1["66901"] != station_1["66869"]


def test_months_of_an_incomplete_station_come_from_the_next_one(con):
    """Albisheim (67308): its nearest station Alzey misses 10/2023 and 4–6/2024; those months come from the
    postcode's station 2, as the generator made the heat."""
    rows = con.execute("""
        SELECT y.year, max(y.hdd_months_substituted), max(y.hdd_months_missing), any_value(y.station_id)
        FROM yearly_rollup y JOIN buildings b USING (building_id)
        WHERE b.name = 'Dorfgemeinschaftshaus Albisheim' GROUP BY y.year ORDER BY y.year""").fetchall()
    assert [(year, substituted) for year, substituted, _, _ in rows if substituted] == [(2023, 1), (2024, 3)]
    assert all(missing == 0 and station == 150 for _, _, missing, station in rows)


@pytest.mark.slow
def test_the_generator_writes_these_files_again(tmp_path):
    """Same seed, same bytes: the committed demo is the generator's output (and has no degree days)."""
    result = subprocess.run([sys.executable, str(ROOT / "sample_data" / "generate.py"), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in DEMO.iterdir() if p.is_file())
    assert "degree_days.csv" not in written and "expected_stations.csv" in written
    changed = [name for name in written if (tmp_path / name).read_bytes() != (DEMO / name).read_bytes()]
    assert changed == []
