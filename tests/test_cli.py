"""The ktdash command, in-process, on a store file named by KTDASH_DB."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import make_store_file
from ktdash.cli.main import main
from ktdash.store.connection import open_store

MONTHS = ("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
          "Rathaus Kusel;Strom;01.2024;1.234,5;kWh\nRathaus Kusel;Gas;01.2024;100;m³\n"
          "Rathaus Kusel;Wasser;02.2024;12,5;m³\n")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "cli.duckdb")
    monkeypatch.setenv("KTDASH_DB", str(path))
    return path


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_municipalities_lists_names_and_keys(db, capsys):
    assert main(["municipalities"]) == 0
    out = capsys.readouterr().out
    assert "073365001" in out and "VG Kusel-Altenglan" in out and "24.000" in out


def test_import_prints_preview_and_stores(db, tmp_path, capsys):
    path = write(tmp_path, "kusel.csv", MONTHS, "cp1252")
    assert main(["import", str(path), "--municipality", "VG Kusel-Altenglan"]) == 0
    out = capsys.readouterr().out
    assert "Datenzeilen: 3 (gültig 3, abgelehnt 0)" in out
    assert "Strom: 1.234,5 kWh" in out and "Erdgas: 1.049,4 kWh" in out and "Wasser: 12,5 m³" in out
    assert "Gebäude: 1, davon neu: 1 (Rathaus Kusel)" in out
    assert "Gespeichert: 3 Werte" in out


def test_dry_run_stores_nothing(db, tmp_path, capsys):
    path = write(tmp_path, "kusel.csv", MONTHS)
    assert main(["import", str(path), "--municipality", "073365001", "--dry-run"]) == 0
    assert "Probelauf" in capsys.readouterr().out
    con = open_store(db)
    assert con.execute("SELECT count(*) FROM consumptions").fetchone()[0] == 0
    con.close()


def test_rejected_rows_exit_nonzero_with_every_reason_on_stderr(db, tmp_path, capsys):
    path = write(tmp_path, "fehler.csv",
                 MONTHS + "Rathaus Kusel;Strom;13.2024;5;kWh\nRathaus Kusel;Kohle;02.2024;5;kWh\n")
    assert main(["import", str(path), "--municipality", "VG Kusel-Altenglan"]) == 1
    err = capsys.readouterr().err
    assert "fehler.csv: Zeile 5, Spalte „Monat“, Wert „13.2024“" in err and "[invalid_date]" in err
    assert "fehler.csv: Zeile 6, Spalte „Energieträger“, Wert „Kohle“" in err and "[unknown_carrier]" in err
    assert "nicht gespeichert" in err
    con = open_store(db)
    assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
    con.close()
    assert main(["import", str(path), "--municipality", "VG Kusel-Altenglan", "--accept-rejections"]) == 0


def test_many_rejections_of_one_code_are_counted_after_the_first_twenty(db, tmp_path, capsys):
    rows = "".join(f"Rathaus Kusel;Strom;{m:02d}.2024;-{m};kWh\n" for m in range(1, 13))
    rows += "".join(f"Rathaus Kusel;Wasser;{m:02d}.2024;-{m};m³\n" for m in range(1, 13))
    path = write(tmp_path, "negativ.csv", MONTHS.split("\n")[0] + "\n" + rows + "Rathaus Kusel;Kohle;02.2024;5;kWh\n")
    assert main(["import", str(path), "--municipality", "VG Kusel-Altenglan"]) == 1
    err = capsys.readouterr().err
    assert err.count("[negative_value]") == 21  # 20 rows and the line counting the rest
    assert "negativ.csv: 4 weitere Zeilen mit demselben Grund [negative_value], Zeilen 22 bis 25" in err
    assert "Zeile 26, Spalte „Energieträger“, Wert „Kohle“" in err  # another code is still shown


def test_bad_file_exit_2_with_file_name(db, tmp_path, capsys):
    path = write(tmp_path, "leer.csv", "")
    assert main(["import", str(path), "--municipality", "VG Kusel-Altenglan"]) == 2
    assert "„leer.csv“ ist leer" in capsys.readouterr().err


def test_unknown_municipality(db, tmp_path, capsys):
    path = write(tmp_path, "a.csv", MONTHS)
    assert main(["import", str(path), "--municipality", "Atlantis"]) == 2
    assert "Atlantis" in capsys.readouterr().err


def test_mapping_profile_from_file(db, tmp_path, capsys):
    profile = write(tmp_path, "profil.json", '{"columns": {"building": "Haus", "carrier": "Art", "year": "J", '
                                             '"consumption": "Wert kWh"}}')
    path = write(tmp_path, "eigen.csv", "Haus;Art;J;Wert kWh\nBauhof;Strom;2023;100\n")
    assert main(["import", str(path), "--municipality", "VG Kusel-Altenglan", "--mapping", str(profile)]) == 0
    assert main(["import", str(path), "--municipality", "VG Kusel-Altenglan", "--mapping", "gibtsnicht"]) == 2


def test_export_monthly_format(db, tmp_path, capsys):
    main(["import", str(write(tmp_path, "k.csv", MONTHS)), "--municipality", "VG Kusel-Altenglan"])
    capsys.readouterr()
    assert main(["export", "monthly"]) == 0
    text = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == "district,municipality,building,carrier,month,value,unit"
    assert {(r["carrier"], r["month"], r["value"], r["unit"]) for r in rows} == {
        ("Erdgas", "2024-01", "1049.400", "kWh"), ("Strom", "2024-01", "1234.500", "kWh"),
        ("Wasser", "2024-02", "12.500", "m³")}
    assert rows[0]["district"] == "Kusel" and rows[0]["municipality"] == "VG Kusel-Altenglan"
    out = tmp_path / "monthly.csv"
    assert main(["export", "monthly", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == text


def test_store_locked_by_another_process_gives_clear_message(db, tmp_path, capsys, monkeypatch):
    import subprocess
    import sys
    from pathlib import Path

    monkeypatch.setenv("KTDASH_STORE_WAIT_S", "0.3")
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert main(["municipalities"]) == 2
        err = capsys.readouterr().err
        program = Path(sys.executable).name  # the holder's command line names it
        assert f"von dem Programm {program} (Prozess {holder.pid}) geöffnet" in err and "0 s lang" in err, err
    finally:
        holder.kill()


def test_every_exported_row_is_a_valid_monthly_record(db, tmp_path, capsys):
    from ktdash.store.records import MonthlyValue

    main(["import", str(write(tmp_path, "k.csv", MONTHS)), "--municipality", "VG Kusel-Altenglan"])
    capsys.readouterr()
    main(["export", "monthly"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [MonthlyValue(**row).carrier for row in rows] == ["Erdgas", "Strom", "Wasser"]
    with pytest.raises(ValueError):
        MonthlyValue(**{**rows[0], "unit": "m³"})


def test_a_damaged_store_gets_a_message_and_the_way_out_not_a_traceback(tmp_path, capsys, monkeypatch):
    from conftest import make_store_file

    path = make_store_file(tmp_path / "kaputt.duckdb", [(MONTHS, "monate.csv", "VG Kusel-Altenglan")])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    monkeypatch.setenv("KTDASH_DB", str(path))
    for command in (["imports"], ["export", "monthly"], ["municipalities"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "lässt sich nicht lesen" in err and "ktdash restore DATEI" in err, command
