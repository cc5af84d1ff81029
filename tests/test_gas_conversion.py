"""Gas bills converted with their own Zustandszahl and Brennwert (issue 14, point 6): kWh = m³ × Z × Hs
(DVGW G 685) per row, the defaults (Z 0,9540, Hs 11,0 kWh/m³) where a row or the file has none; every
expected kWh below is computed by hand."""

from __future__ import annotations

import pytest

from conftest import KUSEL, TODAY, monthly, yearly
from ktdash.analytics import rollup
from ktdash.i18n import texts
from ktdash.cli.main import format_preview
from ktdash.ingest.pipeline import (
    MappingProfile,
    commit_import,
    import_file,
    replace_import,
    undo_import,
)
from ktdash.ingest.columns import header_field
from ktdash.ingest.versions import value_history

BILL = ("Liegenschaft;Energieträger;Zeitraum von;Zeitraum bis;Verbrauch;Einheit;Zustandszahl;Brennwert\n"
        "Rathaus Kusel;Erdgas;01.01.2024;31.01.2024;1.000;m³;0,9650;11,234\n"
        "Rathaus Kusel;Erdgas;01.02.2024;29.02.2024;800;m³;0,9612;11,180\n")
# 1.000 m³ × 0,9650 × 11,234 = 10.840,81 kWh; 800 m³ × 0,9612 × 11,180 = 800 × 10,746216 = 8.596,9728 kWh
JAN_KWH, FEB_KWH = 10840.81, 8596.973

# the rollup converts a reading's difference with the reading's own factor once ktdash/analytics/rollup.py does
# (the lead applies that change together with migration 011)
ROLLUP_USES_READING_FACTORS = "coalesce(r.factor, m.factor)" in rollup.MONTHLY_SQL
needs_rollup = pytest.mark.skipif(not ROLLUP_USES_READING_FACTORS,
                                  reason="ktdash/analytics/rollup.py does not yet use readings.factor (migration 011)")


def stored_consumptions(store) -> list[tuple]:
    return store.execute("""SELECT strftime(period_start, '%m'), value, unit, round(factor, 9), round(kwh, 4)
                            FROM consumptions ORDER BY period_start""").fetchall()


def test_bill_with_zustandszahl_and_brennwert_converts_each_row_with_its_own(store, load):
    preview = load(BILL)
    assert preview.columns["z_number"] == "Zustandszahl" and preview.columns["calorific_value"] == "Brennwert"
    assert preview.ignored_columns == []
    assert stored_consumptions(store) == [("01", 1000.0, "m3", 10.84081, 10840.81),
                                          ("02", 800.0, "m3", 10.746216, 8596.9728)]
    assert monthly(store, "Rathaus Kusel", "Erdgas") == {"2024-01": JAN_KWH, "2024-02": FEB_KWH}
    assert [(t.carrier, t.value) for t in preview.totals] == [("Erdgas", round(10840.81 + 8596.9728, 3))]


def test_preview_names_the_columns_and_the_rows_converted_with_them(prepare):
    preview = prepare(BILL).preview
    note = ("Erdgas: Zustandszahl und Brennwert aus der Datei (Spalten „Zustandszahl“, „Brennwert“) für 2 Zeilen; "
            "Standardwerte (Z 0,9540, Hs 11,0 kWh/m³) für 0 Zeilen. Eine leere Zelle in diesen Spalten bedeutet "
            "den Standardwert für diese Zeile.")
    assert note in texts.notes(preview.notes)
    gas = preview.gas_conversion
    assert (gas.columns, gas.rows_own, gas.rows_default) == (
        {"z_number": "Zustandszahl", "calorific_value": "Brennwert"}, 2, 0)
    assert texts.note(gas.note(), "en").startswith("Natural gas: Zustandszahl and Brennwert from the file (columns "
                                        "“Zustandszahl”, “Brennwert”) for 2 rows; defaults (Z 0.9540, Hs 11.0")
    text = format_preview(preview)  # what `ktdash import` prints
    assert "Hinweis: " + note in text and "Nicht verwendete Spalten" not in text
    assert "Zustandszahl=Zustandszahl" in text and "Brennwert Hs (kWh/m³)=Brennwert" in text


def test_only_a_brennwert_column_uses_the_default_zustandszahl(store, load):
    preview = load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;Abrechnungsbrennwert\n"
                   "Schule;Erdgas;2024;1.000;m³;11,234\n")
    # 1.000 m³ × 0,9540 × 11,234 = 10.717,236 kWh
    assert yearly(store) == {("Schule", "Erdgas", 2024): 10717.236}
    assert stored_consumptions(store)[0][3] == round(0.9540 * 11.234, 9)
    assert ("Erdgas: Brennwert (Zustandszahl: Standardwert 0,9540) aus der Datei (Spalte „Abrechnungsbrennwert“) "
            "für 1 Zeile; Standardwerte (Z 0,9540, Hs 11,0 kWh/m³) für 0 Zeilen. Eine leere Zelle in dieser Spalte "
            "bedeutet den Standardwert für diese Zeile.") in texts.notes(preview.notes)


def test_only_a_zustandszahl_column_uses_the_default_brennwert(store, load):
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;Z-Zahl\nSchule;Erdgas;2024;1.000;m³;0,9650\n")
    # 1.000 m³ × 0,9650 × 11,0 = 10.615 kWh
    assert yearly(store) == {("Schule", "Erdgas", 2024): 10615.0}


def test_without_either_column_the_defaults_are_used_and_named(store, load):
    preview = load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule;Erdgas;2024;1.000;m³\n"
                   "Schule;Strom;2024;500;kWh\n")
    # 1.000 m³ × 0,9540 × 11,0 = 10.494 kWh
    assert yearly(store)[("Schule", "Erdgas", 2024)] == 10494.0
    assert ("Erdgas: Standardwerte (Z 0,9540, Hs 11,0 kWh/m³) für 1 Zeile; die Datei hat keine Spalte "
            "Zustandszahl oder Brennwert.") in texts.notes(preview.notes)
    assert preview.gas_conversion.columns == {} and preview.gas_conversion.rows_default == 1


def test_no_gas_in_m3_no_gas_note(prepare):
    preview = prepare("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule;Erdgas;2024;10.000;kWh\n").preview
    assert preview.gas_conversion is None and not any(n.startswith("Erdgas:") for n in texts.notes(preview.notes))


def test_empty_cell_means_the_default_for_that_row(store, load):
    preview = load("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit;Zustandszahl;Brennwert\n"
                   "Schule;Erdgas;01.2024;1.000;m³;0,9650;\n"  # Z own, Hs default: 1.000 × 0,9650 × 11,0 = 10.615
                   "Schule;Erdgas;02.2024;1.000;m³;;11,234\n"  # Z default, Hs own: 1.000 × 0,9540 × 11,234
                   "Schule;Erdgas;03.2024;1.000;m³;;\n")  # both default: 1.000 × 0,9540 × 11,0 = 10.494
    assert monthly(store, "Schule", "Erdgas") == {"2024-01": 10615.0, "2024-02": 10717.236, "2024-03": 10494.0}
    gas = preview.gas_conversion
    assert (gas.rows_own, gas.rows_default) == (2, 1)
    assert any("für 2 Zeilen; Standardwerte (Z 0,9540, Hs 11,0 kWh/m³) für 1 Zeile" in n
               for n in texts.notes(preview.notes))


@pytest.mark.parametrize("z_header,hs_header", [
    ("Zustandszahl", "Brennwert"), ("Z-Zahl", "Abrechnungsbrennwert"), ("Z", "Brennwert Hs"),
    ("Zustandszahl Z", "Hs (kWh/m³)"), ("Zustandszahl (Z)", "Brennwert kWh/m³"), ("z-number", "calorific value"),
])
def test_header_spellings(store, load, z_header, hs_header):
    assert header_field(z_header)[0] == "z_number" and header_field(hs_header)[0] == "calorific_value"
    preview = load(f"Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;{z_header};{hs_header}\n"
                   "Schule;Erdgas;2024;1.000;m³;0,9650;11,234\n")
    assert preview.columns["z_number"] == z_header and preview.columns["calorific_value"] == hs_header
    assert yearly(store) == {("Schule", "Erdgas", 2024): 10840.81}


def test_english_decimals(store, load):
    load("Building,Carrier,Year,Consumption,Unit,Z number,Calorific value\n"
         "School,natural gas,2024,1000,m3,0.9650,11.234\n")
    assert yearly(store) == {("School", "Erdgas", 2024): 10840.81}


def test_german_thousands_in_the_value_and_decimal_point_in_the_brennwert(store, load):
    # the file's numbers are German (1.000,5); Z and Hs are read with either decimal mark, never as thousands
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;Zustandszahl;Brennwert\n"
         "Schule;Erdgas;2024;1.000,5;m³;0.9650;11.234\n")
    # 1.000,5 m³ × 0,9650 × 11,234 = 10.846,23040… kWh
    assert yearly(store) == {("Schule", "Erdgas", 2024): round(1000.5 * 0.9650 * 11.234, 3)}


def test_month_table_rows_with_their_own_brennwert(store, load):
    months = "Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez"
    load(f"Gebäude;Medium;Jahr;Einheit;Brennwert;{months}\n"
         "Schule;Erdgas;2024;m³;10,5;" + ";".join(["100"] * 12) + "\n")
    # 100 m³ × 0,9540 × 10,5 = 1.001,7 kWh per month
    assert set(monthly(store, "Schule", "Erdgas").values()) == {1001.7}


def test_other_carriers_and_gas_in_kwh_ignore_the_columns(store, load):
    preview = load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;Zustandszahl;Brennwert\n"
                   "Schule;Strom;2024;500;kWh;;x\n"  # no gas in m³: the cells are not used, not checked
                   "Schule;Erdgas;2024;10.000;kWh;0,9650;11,234\n")
    assert yearly(store) == {("Schule", "Strom", 2024): 500.0, ("Schule", "Erdgas", 2024): 10000.0}
    assert preview.gas_conversion is None


def test_implausible_zustandszahl_rejects_the_row_and_stores_nothing(store, prepare, settings):
    content = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;Zustandszahl;Brennwert\n"
               "Schule;Erdgas;2024;1.000;m³;9,650;11,234\n")
    preview = prepare(content).preview
    assert preview.rows_rejected == 1 and preview.records == 0
    row = preview.rejected.iloc[0]
    assert (row["line_no"], row["column_name"], row["value"], row["code"]) == (2, "Zustandszahl", "9,650",
                                                                              "implausible_z_number")
    message = preview.rejected_frame().iloc[0]["Grund"]
    assert message == ("Die Zustandszahl „9,650“ in „Zustandszahl“ ist nicht plausibel: erwartet wird ein Wert von "
                       "0,80–1,10 (DVGW G 685). Übernehmen Sie die Zustandszahl dieses Zeitraums von der Gasrechnung "
                       "(Komma an der richtigen Stelle, z. B. 0,9650) oder lassen Sie die Zelle leer: dann gilt der "
                       "Standardwert 0,9540.")
    _, result = import_file(store, content.encode(), "gas.csv", KUSEL, settings=settings, user="test", today=TODAY)
    assert result is None
    assert store.execute("SELECT count(*) FROM consumptions").fetchone()[0] == 0


@pytest.mark.parametrize("z,hs,code,column", [
    ("0,79", "11,0", "implausible_z_number", "Zustandszahl"),
    ("1,11", "11,0", "implausible_z_number", "Zustandszahl"),
    ("0,95", "7,9", "implausible_calorific_value", "Brennwert"),
    ("0,95", "40,2", "implausible_calorific_value", "Brennwert"),  # MJ/m³ instead of kWh/m³
    ("0,95", "13,6", "implausible_calorific_value", "Brennwert"),
    ("0,95", "n. v.", "not_a_number", "Brennwert"),
    ("eins", "11,0", "not_a_number", "Zustandszahl"),
])
def test_out_of_range_or_not_a_number_is_rejected(prepare, z, hs, code, column):
    preview = prepare("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;Zustandszahl;Brennwert\n"
                      f"Schule;Erdgas;2024;1.000;m³;{z};{hs}\n"
                      "Schule;Erdgas;2023;1.000;m³;0,9650;11,234\n").preview
    assert list(preview.rejected["code"]) == [code] and list(preview.rejected["column_name"]) == [column]
    assert list(preview.rejected["line_no"]) == [2] and preview.records == 1


@pytest.mark.parametrize("z,hs", [("0,80", "8,0"), ("1,10", "13,5"), ("0,8", "13.5")])
def test_range_bounds_are_plausible(prepare, z, hs):
    preview = prepare("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;Zustandszahl;Brennwert\n"
                      f"Schule;Erdgas;2024;1.000;m³;{z};{hs}\n").preview
    assert preview.rows_rejected == 0 and preview.records == 1


def test_brennwert_message_names_range_and_default(prepare):
    preview = prepare("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;Brennwert Hs\n"
                      "Schule;Erdgas;2024;1.000;m³;40,2\n").preview
    message = preview.rejected_frame().iloc[0]["Grund"]
    assert "„40,2“ in „Brennwert Hs“" in message and "8,0–13,5 kWh/m³" in message
    assert "Standardwert 11,0 kWh/m³" in message
    assert "The Brennwert “40,2” in “Brennwert Hs” is not plausible" in preview.rejected_frame("en").iloc[0]["reason"]


def test_same_period_twice_with_another_brennwert_is_a_conflict(prepare):
    preview = prepare("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit;Brennwert\n"
                      "Schule;Erdgas;2024;1.000;m³;11,234\nSchule;Erdgas;2024;1.000;m³;11,5\n").preview
    assert set(preview.rejected["code"]) == {"duplicate_conflict"}


def test_corrected_brennwert_replaces_the_kwh_and_keeps_the_old_row_as_a_version(store, load):
    load(BILL, name="rechnung.csv")
    corrected = BILL.replace("0,9650;11,234", "0,9650;11,300")
    prepared_preview = load(corrected, name="rechnung_korrigiert.csv")
    assert (prepared_preview.records_replaced, prepared_preview.records_changed) == (2, 1)
    # 1.000 m³ × 0,9650 × 11,300 = 10.904,5 kWh
    assert monthly(store, "Rathaus Kusel", "Erdgas") == {"2024-01": 10904.5, "2024-02": FEB_KWH}
    versions = store.execute("""SELECT strftime(period_start, '%m'), value, round(factor, 9), round(kwh, 4)
                                FROM consumption_versions ORDER BY period_start""").fetchall()
    assert versions == [("01", 1000.0, 10.84081, 10840.81), ("02", 800.0, 10.746216, 8596.9728)]
    history = value_history(store)
    assert len(history) == 1  # the correction of January, in kWh (the m³ did not change)
    assert (round(history.iloc[0]["old_value"], 4), round(history.iloc[0]["new_value"], 4),
            history.iloc[0]["unit"]) == (10840.81, 10904.5, "kWh")
    undo_import(store, store.execute("SELECT max(import_id) FROM imports").fetchone()[0])
    assert monthly(store, "Rathaus Kusel", "Erdgas") == {"2024-01": JAN_KWH, "2024-02": FEB_KWH}
    assert store.execute("SELECT count(*) FROM consumption_versions").fetchone()[0] == 0


def test_replace_import_with_a_corrected_brennwert(store, load, settings):
    load(BILL, name="rechnung.csv")
    first = store.execute("SELECT max(import_id) FROM imports").fetchone()[0]
    preview, result, removed = replace_import(store, first, BILL.replace("11,180", "11,200").encode(),
                                              "rechnung_neu.csv", KUSEL, settings=settings, user="test", today=TODAY)
    assert result is not None and preview.gas_conversion.rows_own == 2
    # 800 m³ × 0,9612 × 11,200 = 800 × 10,76544 = 8.612,352 kWh
    assert monthly(store, "Rathaus Kusel", "Erdgas") == {"2024-01": JAN_KWH, "2024-02": 8612.352}
    assert sum(n.startswith("Erdgas:") for n in texts.notes(preview.notes)) == 1


def test_mapping_profile_can_name_the_columns(store, prepare):
    profile = MappingProfile(name="Stadtwerke", columns={
        "building": "Objekt", "carrier": "Sparte", "year": "Jahr", "consumption": "Menge", "unit": "ME",
        "z_number": "Zz", "calorific_value": "Abr.-Hs"})
    prepared = prepare("Objekt;Sparte;Jahr;Menge;ME;Zz;Abr.-Hs\nSchule;Gas;2024;1000;m3;0,9650;11,234\n",
                       profile=profile)
    commit_import(store, prepared, user="test")
    assert yearly(store) == {("Schule", "Erdgas", 2024): 10840.81}


def test_building_master_data_with_such_a_column_leaves_it_unused(prepare):
    preview = prepare("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Brennwert\nRathaus;Verwaltung;1.000;11,2\n"
                      ).preview
    assert preview.layout == "buildings" and preview.ignored_columns == ["Brennwert"]


# --- meter readings: each difference with the factor of the later reading (the billing period read off) -----

READINGS = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit;Zustandszahl;Brennwert\n"
            "Schule A;G1;Erdgas;01.01.2024;1.000;m³;0,9700;11,300\n"  # start of the series: its factor is unused
            "Schule A;G1;Erdgas;01.02.2024;1.100;m³;0,9650;11,234\n"
            "Schule A;G1;Erdgas;01.03.2024;1.300;m³;0,9600;11,100\n"
            "Schule A;G1;Erdgas;01.04.2024;1.400;m³;;\n")  # empty cells: the defaults 0,9540 × 11,0
# January: 100 m³ × 0,9650 × 11,234 = 1.084,081 kWh; February: 200 m³ × 0,9600 × 11,100 = 2.131,2 kWh;
# March: 100 m³ × 0,9540 × 11,0 = 1.049,4 kWh


def test_readings_store_each_readings_own_factor(store, load):
    preview = load(READINGS)
    assert preview.layout == "readings" and preview.rows_rejected == 0
    factors = store.execute("SELECT strftime(ts, '%m'), round(factor, 9) FROM readings ORDER BY ts").fetchall()
    assert factors == [("01", round(0.97 * 11.3, 9)), ("02", 10.84081), ("03", 10.656), ("04", 10.494)]
    # the meter keeps the default factor, for readings without their own
    assert store.execute("SELECT unit, factor FROM meters").fetchone() == ("m3", 0.954 * 11.0)
    assert [(t.carrier, t.value) for t in preview.totals] == [("Erdgas", round(1084.081 + 2131.2 + 1049.4, 3))]
    assert (preview.gas_conversion.rows_own, preview.gas_conversion.rows_default) == (3, 1)


@needs_rollup
def test_readings_difference_is_converted_with_the_later_readings_factor(store, load):
    load(READINGS)
    assert monthly(store, "Schule A", "Erdgas") == {"2024-01": 1084.081, "2024-02": 2131.2, "2024-03": 1049.4}


@needs_rollup
def test_corrected_brennwert_of_a_reading_is_a_version_and_undone(store, load):
    load(READINGS)
    before = store.execute("SELECT * FROM readings ORDER BY ALL").fetchall()
    fix = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit;Zustandszahl;Brennwert\n"
           "Schule A;G1;Erdgas;01.03.2024;1.300;m³;0,9600;11,000\n")
    preview = load(fix, name="korrektur.csv")
    assert (preview.records_replaced, preview.records_changed) == (1, 1)
    # February: 200 m³ × 0,9600 × 11,000 = 2.112 kWh
    assert monthly(store, "Schule A", "Erdgas")["2024-02"] == 2112.0
    assert store.execute("SELECT value, round(factor, 9) FROM reading_versions").fetchall() == [(1300.0, 10.656)]
    assert len(value_history(store)) == 1  # the same reading with another factor is a correction
    undo_import(store, store.execute("SELECT max(import_id) FROM imports").fetchone()[0])
    assert store.execute("SELECT * FROM readings ORDER BY ALL").fetchall() == before
    assert monthly(store, "Schule A", "Erdgas")["2024-02"] == 2131.2


@needs_rollup
def test_later_readings_without_the_columns_use_the_meters_factor(store, load):
    load(READINGS)
    load("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit\n"
         "Schule A;G1;Erdgas;01.05.2024;1.500;m³\n", name="mai.csv")
    assert store.execute("SELECT factor FROM readings WHERE month(ts) = 5").fetchone() == (None,)
    # April: 100 m³ × 0,9540 × 11,0 (meters.factor) = 1.049,4 kWh
    assert monthly(store, "Schule A", "Erdgas")["2024-04"] == 1049.4


def test_readings_implausible_brennwert_rejected(prepare):
    preview = prepare(READINGS.replace("0,9600;11,100", "0,9600;111,00")).preview
    assert list(preview.rejected["code"]) == ["implausible_calorific_value"]
    assert list(preview.rejected["line_no"]) == [4]


def test_gas_load_profile_in_m3_with_a_brennwert_column(store, load):
    preview = load("Zählpunkt;Liegenschaft;Energieträger;Datum;Uhrzeit;Verbrauch;Einheit;Brennwert\n"
                   "DE01;Hallenbad;Erdgas;15.01.2024;10:00;10;m³;11,234\n"
                   "DE01;Hallenbad;Erdgas;15.01.2024;11:00;20;m³;\n")
    assert preview.layout == "load_profile"
    # 10 m³ × 0,9540 × 11,234 = 107,17236 kWh; 20 m³ × 0,9540 × 11,0 = 209,88 kWh
    assert [(t.carrier, t.value) for t in preview.totals] == [("Erdgas", round(107.17236 + 209.88, 3))]
    assert store.execute("SELECT round(factor, 9) FROM readings ORDER BY ts").fetchall() == [
        (round(0.954 * 11.234, 9),), (round(0.954 * 11.0, 9),)]
    if ROLLUP_USES_READING_FACTORS:
        assert monthly(store, "Hallenbad", "Erdgas") == {"2024-01": round(107.17236 + 209.88, 3)}
