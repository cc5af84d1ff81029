"""The fast paths of the import give exactly what the general path gives.

* Readings and load profiles go through :mod:`ktdash.ingest.bulk` (one pass from the file to typed rows,
  checks per series); every file here is also imported with the general path (``bulk.applies`` off) into a
  store prepared the same way, and preview, rejections (line, column, value, code, detail) and the stored
  result must be equal.
* A UTF-8 file is handed to DuckDB as it is (``decode._direct``); every file here is also imported converted
  (the path every file took before), and line numbers and results must be equal — for blank lines above the
  header, further down and at the end, CRLF, BOM, CR-only line ends, quoted line breaks, long lines and bytes
  that are not UTF-8 after the first lines.
"""

from __future__ import annotations

import pytest

from conftest import DATA, KUSEL, TODAY
from test_load_profile_time import bulk_cases as time_cases
from ktdash.ingest.pipeline import ImportFileError, commit_import, import_file, prepare_import
from ktdash.ingest import bulk, decode
from ktdash.ingest.masterdata import load_master_data
from ktdash.core.settings import Settings
from ktdash.store.connection import open_store

LP = "Zählpunkt;Liegenschaft;Energieträger;Datum;Uhrzeit;Verbrauch;Einheit\n"
READINGS = "Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit\n"


def lp_rows(meter: str, building: str, days: int = 2, value: str = "1,25", start: int = 1) -> str:
    return "".join(f"{meter};{building};Strom;{d:02d}.01.2025;{h:02d}:{m:02d};{value};kWh\n"
                   for d in range(start, start + days) for h in range(24) for m in (0, 15, 30, 45))


ODD = (LP + lp_rows("DE01", "Grundschule Altenglan", 1)
       + "DE01;Grundschule Altenglan;Strom;1.2.2025;0:15;1.234,5;kWh\n"          # short forms: general macros
       + "DE01;Grundschule Altenglan;Strom; 02.02.2025 ;00:30;  12 ;kWh\n"       # spaces around cells
       + "DE01;Grundschule Altenglan;Strom;2025-02-03;00:45:00;7;KWH\n"          # ISO date, seconds, synonym
       + "DE01;Grundschule Altenglan;Strom;04.02.2025;01:00;abc;kWh\n"           # not a number
       + "DE01;Grundschule Altenglan;Strom;05.02.2025;01:15;;kWh\n"              # missing value
       + "DE01;Grundschule Altenglan;Strom;06.02.2025;01:30;-3;kWh\n"            # negative
       + "DE01;Grundschule Altenglan;Strom;31.02.2025;01:45;1;kWh\n"             # impossible date
       + "DE01;Grundschule Altenglan;Strom;01.01.1850;02:00;1;kWh\n"             # outside kt_ts's years
       + "DE01;Grundschule Altenglan;Strom;01.03.2027;02:15;1;kWh\n"             # future
       + "DE01;Grundschule Altenglan;Strom;07.02.2025;xx:15;1;kWh\n"             # bad time
       + "DE01;Grundschule Altenglan;Strom;08.02.2025 00:00;;1;kWh\n"            # date with time, no time
       + "DE02;Kita Ulmet;Elektrizität;01.01.2025;00:00;2,5;kWh\n"
       + "DE02;Kita Ulmet;Elektrizität;01.01.2025;00:00;2,5;kWh\n"               # identical duplicate
       + "DE02;Kita Ulmet;Elektrizität;01.01.2025;00:15;2,5;kWh\n"
       + "DE02;Kita Ulmet;Elektrizität;01.01.2025;00:15;3,5;kWh\n"               # conflicting duplicate
       + "DE03;Bauhof;Wärme?;01.01.2025;00:00;1;kWh\n"                           # unknown carrier
       + "DE04;Bauhof;Strom;01.01.2025;00:00;1;kWhh\n"                           # unknown unit
       + "DE05;Bauhof;Strom;01.01.2025;00:00;1;m³\n"                             # not convertible
       + "DE06;Sporthalle;Strom;01.01.2025;00:00;8;kW\n"                         # power: × interval
       + "DE06;Sporthalle;Strom;01.01.2025;00:15;4;kW\n"
       + ";Bauhof;Strom;01.01.2025;00:00;1;kWh\n"                                # default meter
       + "DE07;;Strom;01.01.2025;00:00;1;kWh\n"                                  # missing building
       + ";;;;;;\n"                                                              # empty row
       + "Summe;;;;;1000;\n"                                                     # totals row (c0 label)
       + "DE08;Summe Bauhof;Strom;01.01.2025;00:00;1;kWh\n")                     # a building named Summe …

CASES = {
    "clean": LP + lp_rows("DE0007316686900000000000000000101", "Grundschule Altenglan")
    + lp_rows("DE0007316686900000000000000000102", "Rathaus Kusel"),
    "odd_cells": ODD,
    "point_numbers": LP.replace(";", ",") + lp_rows("DE01", "Halle", 1, "12.5").replace(";", ","),
    # the first 200 lines say comma, the file as a whole says point: values are parsed again
    "guess_overruled": LP + lp_rows("DE01", "Halle", 3, "1,5") + lp_rows("DE02", "Bad", 4, "2.5"),
    "integers_only": LP + lp_rows("DE01", "Halle", 1, "3"),
    "preamble_and_sum": ("Zählpunkt;DE0007336000000000000000000001234\nLiegenschaft;Hallenbad Kusel\n"
                         "Energieträger;Strom\nEinheit;kWh\n\nDatum;Uhrzeit;Verbrauch\n"
                         + "".join(f"0{d}.01.2025;{h:02d}:00;1,5\n" for d in (1, 2) for h in range(24))
                         + "Summe;;72,0\n"),
    "timestamp_column": ("Liegenschaft;Zählpunkt;Zeitstempel;Verbrauch\n"
                         + "".join(f"Rathaus;DE1;02.01.2025 {h:02d}:{m:02d};1,{m}\n" for h in range(24)
                                   for m in (0, 15, 30, 45))
                         + "Rathaus;DE1;03.01.2025 24:00;1\nRathaus;DE1;3.1.2025 01:00;2\n"
                           "Rathaus;DE1;03.01.2025 02:00;007,5\nRathaus;DE1;03.01.2025 03:00;1,1234567\n"
                           "Rathaus;DE1;03.01.2025 04:00;1234567890,5\nRathaus;DE1;03.01.2025 05:00;0,5\n"),
    "iso_and_seconds": (LP + "".join(f"DE1;Bad;Strom;2025-01-0{d};{h:02d}:{m:02d}:00;{h}.{m}\n"
                                     for d in (1, 2) for h in range(24) for m in (0, 15, 30, 45))
                        + "DE1;Bad;Strom;2025-01-03;24:00:00;1\nDE1;Bad;Strom;2025-01-03;00:15:30;1\n"
                          "DE1;Bad;Strom;2025-01-03;0:30;1\nDE1;Bad;Strom;2025-02-30;00:45:00;1\n"),
    "readings": (READINGS + "Rathaus Kusel;Z1;Strom;01.01.2024;1.000;kWh\nRathaus Kusel;Z1;Strom;01.07.2024;1.500;kWh\n"
                 "Rathaus Kusel;Z1;Strom;01.10.2024;1.400;kWh\nRathaus Kusel;Z1;Strom;01.01.2025;2.200;kWh\n"
                 "Schule;;Erdgas;01.01.2024;100;m³\nSchule;;Erdgas;01.02.2024;200;m³\n"),
    "readings_with_time": ("Gebäude;Zähler;Medium;Datum;Uhrzeit;Stand\nBauhof;S1;Strom;01.01.2024;00:00;100\n"
                           "Bauhof;S1;Strom;01.02.2024;12:00;300\nBauhof;S1;Strom;1.3.24;;600\n"),
}

CASES.update(time_cases())  # load-profile time (issue 13): clock changes, UTC, offsets, marks, end stamps


def fresh(tmp_path, name):
    con = open_store(tmp_path / f"{name}.duckdb")
    load_master_data(con, DATA / "master")
    return con


def outcome(con, data, name="datei.csv", **kwargs) -> dict:
    try:
        prepared = prepare_import(con, data, name, KUSEL, settings=Settings(), today=TODAY, **kwargs)
    except ImportFileError as exc:
        return {"error": exc.code, "value": exc.value}
    p = prepared.preview
    result = {
        "direct": prepared.decoded.direct,
        "preview": p.model_dump(exclude={"sha256", "file_name"}),
        "rejected": sorted(map(tuple, p.rejected[["line_no", "column_name", "value", "code", "detail"]]
                               .astype(str).values.tolist())),
    }
    if p.records:
        commit_import(con, prepared, user="t")
    result["readings"] = con.execute("""SELECT m.number, r.ts, round(r.value, 9) FROM readings r JOIN meters m
                                        USING (meter_id) ORDER BY ALL""").fetchall()
    result["meters"] = con.execute("SELECT number, carrier, unit, factor, cumulative, interval_minutes FROM meters "
                                   "ORDER BY ALL").fetchall()
    result["buildings"] = con.execute("SELECT name FROM buildings ORDER BY 1").fetchall()
    result["rollup"] = Rollup(con.execute("SELECT b.name, r.carrier, r.month, r.value FROM monthly_rollup r "
                                          "JOIN buildings b USING (building_id) ORDER BY ALL").fetchall())
    return result


class Rollup(list):
    """Monthly sums, equal up to the order DuckDB's threads added them in."""

    def __eq__(self, other):
        return (len(self) == len(other) and all(a[:3] == b[:3] for a, b in zip(self, other, strict=True))
                and [a[3] for a in self] == pytest.approx([b[3] for b in other], rel=1e-12, abs=1e-9))


def both_paths(tmp_path, monkeypatch, data, before=(), **kwargs):
    """(bulk, general) outcomes, each in a new store after the same ``before`` imports."""
    results = []
    for general in (False, True):
        with monkeypatch.context() as m:
            if general:
                m.setattr(bulk, "applies", lambda ctx: False)
            con = fresh(tmp_path, f"s{general}{len(results)}")
            for content, name in before:
                import_file(con, content.encode(), name, KUSEL, settings=Settings(), user="t", today=TODAY,
                            accept_rejections=True)
            results.append(outcome(con, data, **kwargs))
            con.close()
    return results


@pytest.mark.parametrize("case", sorted(CASES))
def test_bulk_path_gives_what_the_general_path_gives(tmp_path, monkeypatch, case):
    fast, general = both_paths(tmp_path, monkeypatch, CASES[case].encode())
    assert fast == general


def test_odd_cells_are_all_found(tmp_path, monkeypatch):
    fast, _ = both_paths(tmp_path, monkeypatch, ODD.encode())
    codes = {code for _, _, _, code, _ in fast["rejected"]}
    assert codes >= {"not_a_number", "missing_value", "negative_value", "invalid_date", "future_date",
                     "duplicate_conflict", "unknown_carrier", "unknown_unit", "unit_not_convertible"}
    assert fast["preview"]["totals_rows_skipped"] == 1 and fast["preview"]["duplicates_ignored"] == 1


def test_bulk_path_against_the_store(tmp_path, monkeypatch):
    """Meters and periods already stored: replaced values, unit changes, meter conflicts, overlaps."""
    first = LP + lp_rows("DE01", "Rathaus Kusel", 1) + lp_rows("DE02", "Schule", 1)
    before = [(first, "erster.csv"),
              ("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\nBauhof;Strom;01.2025;500;kWh\n", "monate.csv")]
    again = (LP + lp_rows("DE01", "Rathaus Kusel", 2, "2,5")                  # replaces one day, adds one
             + lp_rows("DE02", "Schule", 1).replace(";kWh", ";MWh")            # unit changed
             + "DE03;Bauhof;Strom;05.01.2025;00:00;1;kWh\n")                  # period data stored
    fast, general = both_paths(tmp_path, monkeypatch, again.encode(), before=before)
    assert fast == general
    assert fast["preview"]["records_replaced"] == 96 and fast["preview"]["records_changed"] == 96
    assert {code for *_, code, _ in fast["rejected"]} == {"unit_changed", "overlaps_period_data"}


def test_load_profile_with_timestamps_at_the_interval_end(tmp_path, monkeypatch):
    from ktdash.ingest.pipeline import MappingProfile

    profile = MappingProfile(name="Ende", timestamp="end", unit="kW")
    content = "Liegenschaft;Datum;Uhrzeit;Verbrauch\n" + "".join(
        f"Rathaus;01.02.2025;{h:02d}:{m:02d};4\n" for h in range(2) for m in (0, 15, 30, 45))
    fast, general = both_paths(tmp_path, monkeypatch, content.encode(), profile=profile)
    # 00:00 closes the last interval of January: 23:45 MEZ, stored in UTC
    assert fast == general and fast["readings"][0][1].hour == 22


def test_series_sharing_a_hash_fall_back_to_the_general_path(tmp_path, monkeypatch):
    real = bulk.series
    calls = []
    monkeypatch.setattr(bulk, "series", lambda ctx, decoded: calls.append(1) or (real(ctx, decoded) and False))
    con = fresh(tmp_path, "clash")
    result = outcome(con, CASES["odd_cells"].encode())
    monkeypatch.undo()
    assert calls and result == both_paths(tmp_path, monkeypatch, CASES["odd_cells"].encode())[1]


# --- UTF-8 handed on as it is -------------------------------------------------------------------------------

PERIODS = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"


def periods_file(n: int = 2000, bad: int | None = 1800) -> list[str]:
    """Lines of a month file (without line ends); line ``bad`` (1-based) has a value that is not a number."""
    lines = [PERIODS.strip()] + [f"Schule {i // 240};Strom;{(i % 12) + 1:02d}.{2000 + (i // 12) % 20};{i},5;kWh"
                                 for i in range(1, n)]
    if bad:
        lines[bad - 1] = lines[bad - 1].replace(",5;kWh", "x;kWh")
    return lines


def lines_file(lines, end="\n") -> bytes:
    return (end.join(lines) + end).encode()


def with_blank(at: int, count: int = 1, lines=None) -> list[str]:
    lines = list(lines or periods_file())
    return lines[:at - 1] + [""] * count + lines[at - 1:]


DECODE_CASES = {  # name: (bytes, converted?)
    "lf": (lines_file(periods_file()), False),
    "crlf": (lines_file(periods_file(), "\r\n"), False),
    "bom_crlf": (b"\xef\xbb\xbf" + lines_file(periods_file(), "\r\n"), False),
    "blank_lines_in_the_head": (lines_file(with_blank(2, 2)), False),
    "trailing_blank_lines": (lines_file(periods_file()) + b"\n\n\r\n", False),
    "whitespace_line_further_down": (lines_file(periods_file()[:1500] + ["  "] + periods_file()[1500:]), False),
    "blank_line_further_down": (lines_file(with_blank(1500)), True),
    "many_blank_lines_in_the_head": (lines_file(with_blank(5, decode.MAX_BLANK_LINES_IN_HEAD + 1)), True),
    "cr_only": (lines_file(periods_file(), "\r"), True),
    "quoted_line_break": (lines_file(periods_file()[:1500] + ['"Schule\nNeu";Strom;01.1999;1;kWh']
                                     + periods_file()[1500:]), True),
    "cp1252_further_down": (lines_file(periods_file()[:1500]) + "Schule Ö;Strom;02.1999;1;kWh\n".encode("cp1252")
                            + lines_file(periods_file()[1500:]), True),
    "long_line_further_down": (lines_file(periods_file()[:1500] + ["Schule " + "ä" * 60_000 + ";Strom;03.1999;1;kWh"]
                                          + periods_file()[1500:]), True),
}


@pytest.mark.parametrize("case", sorted(DECODE_CASES))
def test_direct_read_gives_what_the_conversion_gives(tmp_path, monkeypatch, case):
    data, converted = DECODE_CASES[case]
    monkeypatch.setattr(decode, "HEAD_BYTES", 1024)  # the first lines only, as for a large file
    con = fresh(tmp_path, "direct")
    direct = outcome(con, data)
    assert direct.pop("direct", None) is not converted
    with monkeypatch.context() as m:
        m.setattr(decode, "_direct", lambda *args: None)
        con = fresh(tmp_path, "converted")
        general = outcome(con, data)
        assert general.pop("direct", False) is False
        assert general == direct
    if "error" not in direct:
        assert direct["preview"]["rows_rejected"] == 1


def test_direct_read_names_the_physical_line(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "HEAD_BYTES", 1024)
    con = fresh(tmp_path, "lines")
    data = b"\r\n".join(b"" if i in (2, 3) else line.encode() for i, line in
                        enumerate(with_blank(2, 2, periods_file(bad=1800)), start=1)) + b"\r\n"
    result = outcome(con, data)
    assert [r[0] for r in result["rejected"]] == ["1802"]  # two blank lines above it in the file


def test_a_path_is_read_in_place_and_left_alone(tmp_path):
    path = tmp_path / "lastgang.csv"
    path.write_bytes(CASES["clean"].encode())
    con = fresh(tmp_path, "path")
    preview, result = import_file(con, path, path.name, KUSEL, settings=Settings(), user="t", today=TODAY)
    assert result.records_stored == 2 * 2 * 96 and preview.encoding == "utf-8"
    assert path.read_bytes() == CASES["clean"].encode()
