"""Each layout, encoding and unit, checked against hand-computed kWh."""

from __future__ import annotations

import io

import openpyxl
import pytest
from ktdash.i18n import texts

from conftest import monthly, yearly

GAS = 11.0 * 0.9540  # kWh per m³: Brennwert × Zustandszahl (defaults)

PERIODS_CP1252 = (
    "Energiecontrolling VG Kusel-Altenglan\n"
    "Export vom 15.01.2026 – Beträge in €\n"
    "\n"
    "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
    "Rathaus Kusel;Strom;01.2024;1.234,5;kWh\n"
    "Rathaus Kusel;Strom;02.2024;1.000;kWh\n"
    "Rathaus Kusel;Gas;01.2024;100;m³\n"
    "Rathaus Kusel;Heizöl;03.2024;250,5;l\n"
    "Summe;;;2.585,0;\n"
)


def test_periods_windows_1252_with_title_lines_and_totals_row(store, load):
    preview = load(PERIODS_CP1252, encoding="cp1252")
    assert preview.encoding == "cp1252"
    assert preview.layout == "periods"
    assert preview.header_line == 4
    assert preview.totals_rows_skipped == 1
    assert preview.rows_read == 4 and preview.records == 4
    assert preview.new_buildings == ["Rathaus Kusel"]
    assert yearly(store) == {
        ("Rathaus Kusel", "Strom", 2024): 2234.5,
        ("Rathaus Kusel", "Erdgas", 2024): round(100 * GAS, 3),  # 1049.4
        ("Rathaus Kusel", "Heizöl", 2024): 2505.0,  # 250,5 l × 10 kWh/l
    }
    totals = {t.carrier: t.value for t in preview.totals}
    assert totals == {"Erdgas": 1049.4, "Heizöl": 2505.0, "Strom": 2234.5}


def test_utf8_bom_and_euro_sign_in_title(store, load):
    content = "Verbrauch (Kosten in €)\nLiegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nBad;Wasser;2023;365;m³\n"
    preview = load(content, encoding="utf-8-sig")
    assert preview.encoding == "utf-8-sig"
    # a yearly value: 365 m³ over 365 days → 31 m³ in January
    assert monthly(store, "Bad", "Wasser")["2023-01"] == 31.0
    assert yearly(store) == {("Bad", "Wasser", 2023): 365.0}


def test_wide_table_with_totals_column_and_row_and_empty_trailing_columns(store, load):
    months = "Januar;Februar;März;April;Mai;Juni;Juli;August;September;Oktober;November;Dezember"
    content = (f"Gebäude;Medium;Jahr;Einheit;{months};Summe;;\n"
               "Grundschule Altenglan;Strom;2024;kWh;1.000,5;900;800;700;600;500;400;500;600;700;800;900;8.400,5;;\n"
               "Grundschule Altenglan;Erdgas;2024;MWh;10;8;6;4;2;1;1;1;2;4;6;;45;;\n"
               "Summe;;;;;;;;;;;;;;;;;;\n")
    preview = load(content, encoding="utf-8-sig")
    assert preview.layout == "wide"
    assert "Summe" in preview.ignored_columns
    assert preview.records == 23  # December gas is empty: no value, not zero
    assert yearly(store) == {("Grundschule Altenglan", "Strom", 2024): 8400.5,
                             ("Grundschule Altenglan", "Erdgas", 2024): 45000.0}
    assert "2024-12" not in monthly(store, "Grundschule Altenglan", "Erdgas")


def test_wide_table_utf16_tab_english_months(store, load):
    content = ("Building\tCarrier\tYear\tUnit\tJan\tFeb\tMar\tApr\tMay\tJun\tJul\tAug\tSep\tOct\tNov\tDec\n"
               "Kita Sonnenschein\tdistrict heating\t2023\tkWh\t1500,5\t1200\t1000\t800\t400\t100\t100\t100\t300"
               "\t700\t1100\t1400\n")
    preview = load(content.replace("\n", "\r\n"), encoding="utf-16", name="unicode.txt")
    assert preview.encoding == "utf-16" and preview.delimiter == "\t"
    assert yearly(store) == {("Kita Sonnenschein", "Fernwärme", 2023): 8700.5}


def test_english_csv_comma_decimal_point_iso_periods(store, load):
    content = ("building,carrier,period_start,period_end,consumption,unit\n"
               "Fire station,electricity,2024-01-01,2024-01-31,1234.5,kWh\n"
               "Fire station,natural gas,2024-01-01,2024-01-31,100,m3\n"
               "Fire station,heating oil,2024-02-01,2024-02-29,10,l\n")
    preview = load(content)
    assert preview.delimiter == ","
    assert yearly(store) == {("Fire station", "Strom", 2024): 1234.5,
                             ("Fire station", "Erdgas", 2024): 1049.4,
                             ("Fire station", "Heizöl", 2024): 100.0}


def test_period_spanning_months_is_split_by_days(store, load):
    # 15.01.–14.02.2024 = 31 days: 17 in January, 14 in February
    load("Liegenschaft;Energieträger;von;bis;Verbrauch;Einheit\nHalle;Strom;15.01.2024;14.02.2024;3.100;kWh\n")
    assert monthly(store, "Halle", "Strom") == {"2024-01": 1700.0, "2024-02": 1400.0}


def test_cumulative_readings_meter_exchange_and_pro_rata(store, load):
    content = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit\n"
               "Schule A;G1;Erdgas;01.01.2024;1000;m³\n"
               "Schule A;G1;Erdgas;01.02.2024;1100;m³\n"
               "Schule A;G1;Erdgas;15.03.2024;1200;m³\n"  # old meter's last reading: exchange
               "Schule A;G2;Erdgas;15.03.2024;5;m³\n"  # new meter starts low: no rejection
               "Schule A;G2;Erdgas;01.04.2024;50;m³\n")
    preview = load(content)
    assert preview.layout == "readings"
    assert preview.meters == ["G1", "G2"]
    result = monthly(store, "Schule A", "Erdgas")
    # Feb 1 → Mar 15 is 43 days: 29 in February, 14 in March
    assert result["2024-01"] == round(100 * GAS, 3)
    assert result["2024-02"] == round(100 * 29 / 43 * GAS, 3)
    assert result["2024-03"] == round((100 * 14 / 43 + 45) * GAS, 3)
    assert yearly(store)[("Schule A", "Erdgas", 2024)] == round(245 * GAS, 3)


def test_readings_short_dates_and_iso(store, load):
    content = ("Gebäude;Zähler;Medium;Datum;Stand\n"
               "Bauhof;S1;Strom;1.1.24;100\nBauhof;S1;Strom;2024-02-01;300\nBauhof;S1;Strom;01.03.2024 00:00;600\n")
    load(content)
    assert monthly(store, "Bauhof", "Strom") == {"2024-01": 200.0, "2024-02": 300.0}


@pytest.mark.parametrize("minutes,step", [(15, "00:15"), (60, "01:00")])
def test_load_profile_with_preamble(store, load, minutes, step):
    rows = []
    # three intervals: last one of January, two of February
    if minutes == 15:
        rows = ["31.01.2025;23:45;1,5", "01.02.2025;00:00;2,25", "01.02.2025;00:15;2,25"]
    else:
        rows = ["31.1.25;23:00;1,5", "1.2.25;00:00;2,25", "1.2.25;01:00;2,25"]
    content = ("Zählpunkt;DE0007336000000000000000000001234\nLiegenschaft;Hallenbad Kusel\nEnergieträger;Strom\n"
               "Einheit;kWh\n\nDatum;Uhrzeit;Verbrauch\n" + "\n".join(rows) + "\n")
    preview = load(content)
    assert preview.layout == "load_profile"
    assert preview.meters == ["DE0007336000000000000000000001234"]
    assert any(f"{minutes}-Minuten" in note for note in texts.notes(preview.notes))
    assert monthly(store, "Hallenbad Kusel", "Strom") == {"2025-01": 1.5, "2025-02": 4.5}
    interval = store.execute("SELECT interval_minutes, cumulative FROM meters").fetchone()
    assert interval == (minutes, False)


def test_load_profile_in_kw_is_converted_with_interval_length(store, load):
    content = ("Liegenschaft;Rathaus\n\nZeitstempel;Leistung kW\n"
               "01.01.2025 00:00;8\n01.01.2025 00:15;4\n01.01.2025 00:30;4\n")
    profile = None
    from ktdash.ingest.pipeline import MappingProfile

    profile = MappingProfile(name="kw", columns={"date": "Zeitstempel", "consumption": "Leistung kW"},
                             layout="load_profile", unit="kW")
    preview = load(content, profile=profile)
    # 16 kW·intervals × 0,25 h = 4 kWh
    assert monthly(store, "Rathaus", "Strom") == {"2025-01": 4.0}
    assert any("Strom angenommen" in note for note in texts.notes(preview.notes))


def test_xlsx_first_sheet_and_chosen_sheet(store, load):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Verbrauch"
    sheet.append(["Verbrauchsübersicht VG Kusel-Altenglan"])
    sheet.append([])
    sheet.append(["Gebäude", "Medium", "Jahr", "Einheit", "Jan", "Feb", "Mrz", "Apr", "Mai", "Jun", "Jul", "Aug",
                  "Sep", "Okt", "Nov", "Dez", "Summe"])
    sheet.append(["Bauhof", "Pellets", 2022, "kg", 1000.5, 500, 0, 0, 0, 0, 0, 0, 0, 0, 0, 500, 2000.5])
    other = book.create_sheet("Wasser")
    other.append(["Liegenschaft", "Energieträger", "Jahr", "Verbrauch", "Einheit"])
    other.append(["Bauhof", "Wasser", 2022, 120.25, "m³"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = load(buffer.getvalue(), name="verbrauch.xlsx")
    assert preview.encoding == "xlsx" and preview.sheet == "Verbrauch"
    assert yearly(store) == {("Bauhof", "Holzpellets", 2022): 2000.5 * 4.9}
    preview = load(buffer.getvalue(), name="verbrauch.xlsx", sheet="Wasser")
    assert yearly(store)[("Bauhof", "Wasser", 2022)] == 120.25


def test_buildings_master_data_updates_existing_and_creates_new(store, load):
    load("Liegenschaft;Energieträger;Jahr;Verbrauch\nGrundschule Kusel;Strom;2024;10\n")
    preview = load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\n"
                   "Grundschule Kusel;Grundschule;1.234,5;1965\nFeuerwehrgerätehaus;Feuerwehr;310;\n"
                   "Straßenbeleuchtung;Straßenbeleuchtung;;\n", encoding="cp1252")
    assert preview.layout == "buildings"
    assert preview.new_buildings == ["Feuerwehrgerätehaus", "Straßenbeleuchtung"]
    assert preview.records_replaced == 1 and preview.records_changed == 1
    rows = store.execute("SELECT name, category, floor_area_m2, year_built FROM buildings ORDER BY name").fetchall()
    assert rows == [("Feuerwehrgerätehaus", "Feuerwehr", 310.0, None),
                    ("Grundschule Kusel", "Schule", 1234.5, 1965),
                    ("Straßenbeleuchtung", "Straßenbeleuchtung", None, None)]


@pytest.mark.parametrize("unit,value,expected", [
    ("Wh", "1.000.000", 1000.0), ("kWh", "1.000", 1000.0), ("MWh", "1,5", 1500.0), ("GJ", "3,6", 1000.0),
])
def test_energy_units(store, load, unit, value, expected):
    load(f"Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule;Fernwärme;2024;{value};{unit}\n")
    assert yearly(store) == {("Schule", "Fernwärme", 2024): expected}


@pytest.mark.parametrize("carrier,unit,factor", [
    ("Erdgas", "m³", GAS), ("Heizöl", "Liter", 10.0), ("Holzpellets", "kg", 4.9), ("Holzpellets", "t", 4900.0),
    ("Hackschnitzel", "kg", 3.5), ("Flüssiggas", "l", 6.57), ("Flüssiggas", "kg", 12.87), ("Wasser", "m³", 1.0),
])
def test_delivered_units_convert_with_documented_factors(store, load, carrier, unit, factor):
    load(f"Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule;{carrier};2024;100;{unit}\n")
    assert yearly(store) == {("Schule", carrier, 2024): round(100 * factor, 3)}


def test_configured_gas_factor_is_used(store, prepare, settings):
    from ktdash.ingest.pipeline import commit_import

    settings.conversion.gas_calorific_value_kwh_per_m3 = 10.0
    settings.conversion.gas_z_number = 0.9
    commit_import(store, prepare("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule;Gas;2024;100;m3\n"), "t")
    assert yearly(store) == {("Schule", "Erdgas", 2024): 900.0}


@pytest.mark.parametrize("synonym,carrier", [
    ("electricity", "Strom"), ("natural gas", "Erdgas"), ("district heating", "Fernwärme"),
    ("heating oil", "Heizöl"), ("Gas", "Erdgas"), ("Öl", "Heizöl"), ("Pellets", "Holzpellets"),
    ("Nahwärme", "Nahwärme"), ("Hackgut", "Hackschnitzel"), ("LPG", "Flüssiggas"), ("Trinkwasser", "Wasser"),
])
def test_carrier_synonyms(store, load, synonym, carrier):
    unit = "m³" if carrier == "Wasser" else "kWh"
    load(f"Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule;{synonym};2024;10;{unit}\n")
    assert list(yearly(store)) == [("Schule", carrier, 2024)]


def test_unit_in_header_and_missing_unit_column(store, load):
    preview = load("Objekt;Sparte;Abrechnungsjahr;Verbrauch (MWh)\nSchule;Strom;2024;2,5\n")
    assert preview.columns["consumption"] == "Verbrauch (MWh)"
    assert yearly(store) == {("Schule", "Strom", 2024): 2500.0}
    preview = load("Objekt;Sparte;Jahr;Menge\nSchule;Strom;2023;100\n")
    assert any("kWh" in note for note in texts.notes(preview.notes))
    assert yearly(store)[("Schule", "Strom", 2023)] == 100.0


def test_period_month_formats(store, load):
    content = ("Liegenschaft;Energieträger;Monat;Verbrauch\n"
               "A;Strom;Jan 2024;1\nA;Strom;Februar 2024;2\nA;Strom;2024-03;3\nA;Strom;4.2024;4\nA;Strom;Mai 24;5\n")
    load(content)
    assert monthly(store, "A", "Strom") == {"2024-01": 1.0, "2024-02": 2.0, "2024-03": 3.0, "2024-04": 4.0,
                                            "2024-05": 5.0}


def test_year_and_month_columns(store, load):
    load("Liegenschaft;Energieträger;Jahr;Monat;Verbrauch\nA;Strom;2024;1;10\nA;Strom;2024;Dezember;12\n")
    assert monthly(store, "A", "Strom") == {"2024-01": 10.0, "2024-12": 12.0}
