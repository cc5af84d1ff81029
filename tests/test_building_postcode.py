"""A building's postcode in its master data (column PLZ): checked, stored, versioned, undone; a changed postcode
moves the building to another DWD station and rebuilds its yearly rollup (issue 14)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from conftest import DATA, KUSEL, TODAY, copy_store
from ktdash.analytics import climate
from ktdash.ingest.pipeline import commit_import, prepare_import, undo_import
from ktdash.ingest.versions import value_history
from ktdash.ingest.masterdata import load_master_data
from ktdash.core.settings import Settings
from ktdash.store.connection import open_store

HEADER = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr"
HEAT_2024 = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
             "Rathaus Kusel;Erdgas;2024;kWh;500;400;300;200;100;50;50;50;100;200;300;465\n")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """A store file with the test master data and the shipped climate data (loaded once, copied per test)."""
    path = tmp_path_factory.mktemp("postcode") / "template.duckdb"
    con = open_store(path)
    load_master_data(con, DATA / "master")
    climate.load_shipped_climate(con)
    con.execute("CHECKPOINT")
    con.close()
    return path


@pytest.fixture
def con(shipped, tmp_path):
    path = tmp_path / "store.duckdb"
    path.write_bytes(shipped.read_bytes())
    connection = open_store(path)
    yield connection
    connection.close()


def prepare(con, content: str, name: str = "stammdaten.csv"):
    return prepare_import(con, content.encode(), name, KUSEL, settings=Settings(), today=TODAY)


def run(con, content: str, name: str = "stammdaten.csv") -> int:
    prepared = prepare(con, content, name)
    assert prepared.preview.rows_rejected == 0, prepared.preview.rejected_frame().to_string()
    return commit_import(con, prepared, user="test").import_id


def postcodes(con) -> dict[str, str | None]:
    return dict(con.execute("SELECT name, postcode FROM buildings ORDER BY name").fetchall())


def heat_station(con) -> tuple:
    """(station, G20/15 measured, long-term mean) of Rathaus Kusel's gas 2024 in the yearly rollup."""
    return con.execute("""SELECT y.station_id, round(y.hdd_actual, 3), round(y.hdd_normal, 3) FROM yearly_rollup y
                          JOIN buildings b USING (building_id)
                          WHERE b.name = 'Rathaus Kusel' AND y.carrier = 'Erdgas' AND y.year = 2024""").fetchone()


def test_postcode_column_is_stored_and_an_empty_cell_follows_the_municipality(con):
    prepared = prepare(con, f"{HEADER};PLZ\nRathaus Kusel;Verwaltung;1.000;1965;66869\n"
                            "Schule Altenglan;Schule;2.400;1972;\n")
    assert prepared.preview.columns["postcode"] == "PLZ"
    commit_import(con, prepared, user="test")
    assert postcodes(con) == {"Rathaus Kusel": "66869", "Schule Altenglan": None}
    stations = climate.building_stations(con).set_index("building")
    assert stations.loc["Rathaus Kusel", "postcode_from"] == "building"
    assert stations.loc["Rathaus Kusel", "station_id"] == con.execute(
        "SELECT station_1 FROM postcodes WHERE postcode = '66869'").fetchone()[0]


@pytest.mark.parametrize("header", ["PLZ", "Postleitzahl", "Plz", "postcode"])
def test_every_postcode_header_is_recognised(con, header):
    prepared = prepare(con, f"{HEADER};{header}\nRathaus Kusel;Verwaltung;1.000;1965;66869\n")
    assert prepared.preview.columns.get("postcode") == header


def test_a_wrong_or_unknown_postcode_is_rejected_with_file_line_column_and_value(con):
    prepared = prepare(con, f"{HEADER};PLZ\nRathaus Kusel;Verwaltung;1.000;1965;6686\n"
                            "Schule Altenglan;Schule;2.400;1972;99999\nBauhof;Bauhof;800;1980;66885\n",
                       name="gebaeude_kusel.csv")
    rejected = prepared.preview.rejected
    assert sorted(zip(rejected["line_no"], rejected["code"], rejected["value"], strict=True)) == [
        (2, "invalid_postcode", "6686"), (3, "unknown_postcode", "99999")]
    messages = prepared.preview.rejected_frame()["Grund"].tolist()
    for message, value, line in zip(messages, ("6686", "99999"), (2, 3), strict=True):
        assert "„gebaeude_kusel.csv“" in message and f"Zeile {line}" in message and "„PLZ“" in message
        assert f"„{value}“" in message and "leer" in message  # what to do: correct it or leave the cell empty
    assert prepared.preview.rows_valid == 1


def test_without_the_postcode_table_any_five_digits_are_accepted(tmp_path):
    con = open_store(tmp_path / "leer.duckdb")
    try:
        load_master_data(con, DATA / "master")
        assert con.execute("SELECT count(*) FROM postcodes").fetchone()[0] == 0
        run(con, f"{HEADER};PLZ\nRathaus Kusel;Verwaltung;1.000;1965;99999\n")
        assert postcodes(con) == {"Rathaus Kusel": "99999"}
    finally:
        con.close()


def test_a_postcode_column_in_a_consumption_file_is_ignored(con):
    prepared = prepare(con, "Gebäude;PLZ;Medium;Monat;Verbrauch;Einheit\nRathaus Kusel;66869;Erdgas;01.2024;500;kWh\n",
                       name="verbrauch.csv")
    assert "postcode" not in prepared.preview.columns and "PLZ" in prepared.preview.ignored_columns
    assert prepared.preview.rows_rejected == 0


def test_a_changed_postcode_rebuilds_the_yearly_rollup_and_undo_brings_it_back(con):
    run(con, f"{HEADER};PLZ\nRathaus Kusel;Verwaltung;1.000;1965;66869\n")
    run(con, HEAT_2024, "gas_2024.csv")
    kusel = heat_station(con)
    assert kusel[0] == 2385  # Kusel: Idar-Oberstein
    moved = run(con, f"{HEADER};PLZ\nRathaus Kusel;Verwaltung;1.000;1965;66901\n", "stammdaten_neu.csv")
    assert heat_station(con)[0] == 3545 and heat_station(con) != kusel  # Schönenberg-Kübelberg: Neunkirchen
    history = value_history(con)
    assert list(zip(history["what"], history["old_text"], history["new_text"], strict=True)) == [
        ("postcode", "66869", "66901")]
    undo_import(con, moved)
    assert heat_station(con) == kusel and postcodes(con)["Rathaus Kusel"] == "66869"


def test_a_file_without_postcode_column_keeps_the_stored_postcode(con):
    run(con, f"{HEADER};PLZ\nRathaus Kusel;Verwaltung;1.000;1965;66869\n")
    run(con, HEAT_2024, "gas_2024.csv")
    climate.set_postcode(con, building_id=con.execute("SELECT building_id FROM buildings").fetchone()[0],
                         postcode="66901", by="admin")  # an admin moves the building
    area = run(con, f"{HEADER}\nRathaus Kusel;Verwaltung;1.080;1965\n", "flaeche.csv")
    assert postcodes(con) == {"Rathaus Kusel": "66901"} and heat_station(con)[0] == 3545
    assert "postcode" not in set(value_history(con)["what"])
    undo_import(con, area)  # the area comes back, the admin's postcode stays
    assert postcodes(con) == {"Rathaus Kusel": "66901"} and heat_station(con)[0] == 3545
    assert con.execute("SELECT floor_area_m2 FROM buildings").fetchone()[0] == 1000


SNAPSHOT_TABLES = ("buildings", "building_versions", "monthly_rollup", "yearly_rollup")


def snapshot(con) -> dict[str, list[tuple]]:
    return {table: [tuple(round(v, 9) if isinstance(v, float) else v for v in row)
                    for row in con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()]
            for table in SNAPSHOT_TABLES}


def master_state(con) -> list[tuple]:
    """Master data and the heat's station and degree days per building, by name (ids differ between stores)."""
    return con.execute("""
        SELECT b.name, b.category, b.floor_area_m2, b.year_built, b.postcode, y.station_id,
               round(y.hdd_actual, 6), round(y.hdd_normal, 6)
        FROM buildings b LEFT JOIN yearly_rollup y ON y.building_id = b.building_id AND y.carrier = 'Erdgas'
        ORDER BY ALL""").fetchall()


# postcode set (and a building created), carried on by a file without the column, emptied again
CHAIN = [f"{HEADER};PLZ\nRathaus Kusel;Verwaltung;1.000;1965;66901\nNeubau;Kita;500;2020;66885\n",
         f"{HEADER}\nRathaus Kusel;Verwaltung;1.050;1965\n",
         f"{HEADER};Postleitzahl\nRathaus Kusel;Verwaltung;1.050;1966;\n"]


@pytest.mark.slow
def test_undo_in_any_order_leaves_the_store_as_if_those_imports_had_never_run(shipped, tmp_path):
    """After every undo of every order the master data, stations and degree days equal those of a store that
    imported only the files not undone (the postcode an undone import set is taken back also where a later import
    without postcode column carried it on); after the last undo the store is as before, row for row."""

    def stored(kept: tuple[int, ...]) -> Path:
        return tmp_path / f"ref_{'_'.join(map(str, kept))}.duckdb"

    # the base store (postcode 66869, heat 2024) once; each reference store is a copy of the closed store that
    # imported one file fewer (``kept`` without its last index), with that last file imported on top: the same
    # imports in the same order as a store built from scratch
    reference = open_store(copy_store(shipped, stored(())))
    run(reference, f"{HEADER};PLZ\nRathaus Kusel;Verwaltung;1.000;1965;66869\n")
    run(reference, HEAT_2024, "gas_2024.csv")
    expected = {(): master_state(reference)}
    reference.close()
    for n in range(1, len(CHAIN) + 1):
        for kept in itertools.combinations(range(len(CHAIN)), n):
            reference = open_store(copy_store(stored(kept[:-1]), stored(kept)))
            run(reference, CHAIN[kept[-1]], f"s{kept[-1]}.csv")
            expected[kept] = master_state(reference)
            reference.close()
    con = open_store(copy_store(stored(()), tmp_path / "store.duckdb"))
    try:
        before = snapshot(con)
        for order in itertools.permutations(range(len(CHAIN))):
            ids = [run(con, content, f"s{i}.csv") for i, content in enumerate(CHAIN)]
            assert master_state(con) == expected[tuple(range(len(CHAIN)))]
            for step, index in enumerate(order):
                undo_import(con, ids[index])
                kept = tuple(sorted(set(range(len(CHAIN))) - set(order[: step + 1])))
                assert master_state(con) == expected[kept], (order, step)
            assert snapshot(con) == before, order
    finally:
        con.close()
