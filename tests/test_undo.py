"""Undo of an import: exactly its rows go, the rollups follow, the rest stays."""

from __future__ import annotations

import pytest

from conftest import yearly
from ktdash.ingest.pipeline import undo_import

READINGS = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit\n"
            "Rathaus Kusel;Z1;Strom;01.01.2024;1.000;kWh\nRathaus Kusel;Z1;Strom;01.07.2024;1.500;kWh\n"
            "Rathaus Kusel;Z1;Strom;01.01.2025;2.200;kWh\n")
MONTHS = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
          "Rathaus Kusel;Erdgas;2024;kWh;100;100;100;100;100;100;100;100;100;100;100;100\n"
          "Bauhof Neu;Erdgas;2024;kWh;10;10;10;10;10;10;10;10;10;10;10;10\n")


def import_ids(store) -> list[int]:
    return [r[0] for r in store.execute("SELECT import_id FROM imports ORDER BY import_id").fetchall()]


def test_undo_removes_exactly_its_rows_and_updates_the_rollups(store, load):
    load(READINGS, name="zaehler.csv")
    load(MONTHS, name="monate.csv")
    first, second = import_ids(store)
    assert yearly(store)[("Rathaus Kusel", "Erdgas", 2024)] == 1200
    assert ("Bauhof Neu", "Erdgas", 2024) in yearly(store)
    removed = undo_import(store, second)
    # 24 month values of two buildings; Bauhof Neu was created by this import and is empty now
    no_campaign_rows = {"activities": 0, "campaign_members": 0, "campaigns": 0, "pv_units": 0}
    assert removed == {"readings": 0, "consumptions": 24, "meters": 0, "buildings": 1} | no_campaign_rows
    after = yearly(store)
    assert ("Rathaus Kusel", "Erdgas", 2024) not in after
    assert after[("Rathaus Kusel", "Strom", 2024)] == 1200  # the other import stays: 2.200 − 1.000
    assert store.execute("SELECT count(*) FROM yearly_rollup y JOIN buildings b USING (building_id) "
                         "WHERE b.name = 'Rathaus Kusel' AND carrier = 'Erdgas'").fetchone()[0] == 0
    assert store.execute("SELECT status FROM imports WHERE import_id = ?", [second]).fetchone()[0] == "undone"
    removed = undo_import(store, first)
    assert removed == {"readings": 3, "consumptions": 0, "meters": 1, "buildings": 1} | no_campaign_rows
    assert yearly(store) == {}


def test_undo_twice_or_unknown_is_refused(store, load):
    load(MONTHS, name="monate.csv")
    (number,) = import_ids(store)
    undo_import(store, number)
    with pytest.raises(ValueError):
        undo_import(store, number)
    with pytest.raises(ValueError):
        undo_import(store, 999)


def test_cli_lists_and_undoes(tmp_path, capsys, monkeypatch):
    from conftest import make_store_file
    from ktdash.cli import main as cli

    db = make_store_file(tmp_path / "undo.duckdb", [(MONTHS, "monate.csv", "VG Kusel-Altenglan")])
    monkeypatch.setenv("KTDASH_DB", str(db))
    assert cli.main(["imports"]) == 0
    assert "monate.csv" in capsys.readouterr().out
    assert cli.main(["undo", "1"]) == 0
    assert "Import 1 rückgängig gemacht: 0 Zählerwerte, 24 Verbräuche" in capsys.readouterr().out
    assert cli.main(["undo", "1"]) == 2
    assert "schon rückgängig" in capsys.readouterr().err
