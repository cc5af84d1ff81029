"""Editing in place (ktdash.ingest.edits, issue 19 point 4): checked like an import, audited with old and new value,
undoable; kWh/m² follows the area everywhere (Gebäude, Kommune, Vergleich, report data)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import make_analytics_store_file
from ktdash.access import accounts, audit
from ktdash.access.permissions import NotAllowed
from ktdash.analytics import metrics
from ktdash.analytics.buildings import year_figures
from ktdash.core.settings import AnalyticsSettings, Settings
from ktdash.ingest import edits
from ktdash.ingest.pipeline import import_record
from ktdash.output.history import detail_text
from ktdash.output.report.data import ReportData, resolve_entity
from ktdash.store.connection import open_store

KUSEL = "073365001"
TODAY = date(2025, 6, 30)
# a gas meter of a second building: 1.000 m³ → 3.000 m³ over the first half of 2024
READINGS = ("Liegenschaft;Zählernummer;Energieträger;Einheit;Ablesedatum;Zählerstand\n"
            "Schule Kusel;G-1;Erdgas;m³;01.01.2024;1000\nSchule Kusel;G-1;Erdgas;m³;01.07.2024;3000\n")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_analytics_store_file(tmp_path_factory.mktemp("edits") / "edits.duckdb",
                                     [(READINGS, "zaehler.csv", "VG Kusel-Altenglan")], accounts=True)


@pytest.fixture
def con(template, tmp_path):
    import shutil

    path = shutil.copy(template, tmp_path / "store.duckdb")
    connection = open_store(path)
    yield connection
    connection.close()


def user(con, name: str):
    return accounts.get_user(con, name)


def rathaus(con) -> int:
    return con.execute("SELECT building_id FROM buildings WHERE name = 'Rathaus Kusel'").fetchone()[0]


def gas_meter(con) -> int:
    return con.execute("SELECT meter_id FROM meters WHERE number = 'G-1'").fetchone()[0]


def per_m2(con) -> dict[str, float]:
    """Electricity kWh/m² of Rathaus Kusel in 2024 where each page and the report read it."""
    analytics, building_id = AnalyticsSettings(), rathaus(con)
    building = year_figures(con, building_id, analytics)
    kommune = metrics.entity_years(con, "municipality", metrics.Selection(municipalities=(KUSEL,)), analytics)
    vergleich = metrics.entity_years(con, "district", metrics.Selection(), analytics)
    report = ReportData(con, resolve_entity(con, municipality=KUSEL), 2024, 2022, analytics, TODAY)
    report_building = report.buildings[report.buildings["building"] == "Rathaus Kusel"].iloc[0]
    return {"gebaeude": float(building[building["year"] == 2024]["electricity_kwh_per_m2"].iloc[0]),
            "kommune": float(kommune[kommune["year"] == 2024]["electricity_kwh_per_m2"].iloc[0]),
            "vergleich": float(vergleich[(vergleich["year"] == 2024) & (vergleich["key"] == "07336")]
                               ["electricity_kwh_per_m2"].iloc[0]),
            "bericht": float(report_building["electricity_kwh_per_m2"]),
            "bericht_kommune": float(report.current["electricity_kwh_per_m2"])}


def test_area_edit_changes_kwh_per_m2_everywhere_is_audited_and_undone(con):
    """Strom 2024: 18.000 kWh. 1.000 m² → 18,0 kWh/m²; 1.250 m² → 18.000 / 1.250 = 14,4 kWh/m² (Rathaus KL has no
    area, so the municipality's and the district's figure is the Rathaus's own)."""
    assert per_m2(con) == pytest.approx(dict.fromkeys(
        ("gebaeude", "kommune", "vergleich", "bericht", "bericht_kommune"), 18.0))
    version = con.execute("SELECT value FROM store_state WHERE key = 'data_version'").fetchone()[0]
    stored = edits.edit_building(con, user(con, "kusel"), rathaus(con), floor_area_m2="1.250", today=TODAY)
    assert con.execute("SELECT value FROM store_state WHERE key = 'data_version'").fetchone()[0] != version
    assert per_m2(con) == pytest.approx(dict.fromkeys(
        ("gebaeude", "kommune", "vergleich", "bericht", "bericht_kommune"), 14.4))
    # the audit row: old and new value, in words in the Protokoll
    row = audit.history(con, action="masterdata_change", limit=1).iloc[0]
    detail = json.loads(row["detail"])
    assert (detail["old"]["floor_area_m2"], detail["new"]["floor_area_m2"]) == (1000.0, 1250.0)
    assert row["user_name"] == "kusel" and row["object"] == "Rathaus Kusel" and row["municipality_key"] == KUSEL
    assert "Fläche (m²): 1.000 → 1.250" in detail_text(row["detail"])
    assert "Kategorie" not in detail_text(row["detail"])  # only what changed
    # stored as a one-row import of the typed values (Importe, undo)
    assert import_record(con, stored.import_id).file_name == edits.SOURCE_FILES["building"]
    edits.undo_edit(con, user(con, "kusel"), stored.edit_id)
    assert con.execute("SELECT category, floor_area_m2, year_built, postcode FROM buildings WHERE name = "
                       "'Rathaus Kusel'").fetchone() == ("Verwaltung", 1000.0, 1965, None)
    assert per_m2(con) == pytest.approx(dict.fromkeys(
        ("gebaeude", "kommune", "vergleich", "bericht", "bericht_kommune"), 18.0))
    undo_row = audit.history(con, action="masterdata_change", limit=1).iloc[0]
    assert "Fläche (m²): 1.250 → 1.000" in detail_text(undo_row["detail"])
    assert json.loads(undo_row["detail"])["undo_of"] == stored.edit_id
    with pytest.raises(edits.EditError) as again:
        edits.undo_edit(con, user(con, "kusel"), stored.edit_id)
    assert again.value.code == "edit_undo_already"


def test_undo_of_an_overwritten_edit_is_refused_until_the_later_one_is_undone(con):
    kusel = user(con, "kusel")
    first = edits.edit_building(con, kusel, rathaus(con), floor_area_m2=1250.0, category="Schule", today=TODAY)
    second = edits.edit_building(con, kusel, rathaus(con), floor_area_m2=1300.0, year_built=1970, today=TODAY)
    with pytest.raises(edits.EditError) as refused:
        edits.undo_edit(con, kusel, first.edit_id)
    assert refused.value.code == "edit_undo_overwritten"
    assert "später" in refused.value.message()
    assert con.execute("SELECT floor_area_m2 FROM buildings WHERE name = 'Rathaus Kusel'").fetchone()[0] == 1300.0
    edits.undo_edit(con, kusel, second.edit_id)
    assert con.execute("SELECT category, floor_area_m2, year_built FROM buildings WHERE name = 'Rathaus Kusel'"
                       ).fetchone() == ("Schule", 1250.0, 1965)
    edits.undo_edit(con, kusel, first.edit_id)
    assert con.execute("SELECT category, floor_area_m2, year_built FROM buildings WHERE name = 'Rathaus Kusel'"
                       ).fetchone() == ("Verwaltung", 1000.0, 1965)


def test_permissions_and_refusals_change_nothing(con):
    before = con.execute("SELECT * FROM buildings ORDER BY building_id").fetchall()
    audits = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    for name in ("kl", "gast"):
        with pytest.raises(NotAllowed):
            edits.edit_building(con, user(con, name), rathaus(con), floor_area_m2=1250.0, today=TODAY)
    with pytest.raises(NotAllowed):
        edits.edit_building(con, None, rathaus(con), floor_area_m2=1250.0, today=TODAY)
    with pytest.raises(NotAllowed):
        edits.add_reading(con, user(con, "kl"), gas_meter(con), date(2024, 8, 1), "3500", today=TODAY)
    for changes, code in (({"floor_area_m2": 0.0}, "edit_area_implausible"),
                          ({"floor_area_m2": "2.000.000"}, "edit_area_implausible"),
                          ({"floor_area_m2": "viel"}, "edit_not_a_number"),
                          ({"category": "Schloss"}, "edit_unknown_category"),
                          ({"floor_area_m2": 1000.0}, "edit_nothing_changed")):
        with pytest.raises(edits.EditError) as refused:
            edits.edit_building(con, user(con, "agentur"), rathaus(con), today=TODAY, **changes)
        assert refused.value.code == code
        assert refused.value.message()  # worded from the catalog
    # the import's own checks: the import's codes and German messages
    for changes, code, words in (({"postcode": "1234"}, "invalid_postcode", "„1234“ ist keine Postleitzahl"),
                                 ({"year_built": 2031}, "invalid_date", "„2031“ in „Baujahr“ ist kein gültiges")):
        with pytest.raises(edits.EditRejected) as rejected:
            edits.edit_building(con, user(con, "agentur"), rathaus(con), today=TODAY, **changes)
        assert rejected.value.codes == [code]
        assert words in rejected.value.messages()[0]
    assert con.execute("SELECT * FROM buildings ORDER BY building_id").fetchall() == before
    assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audits
    assert con.execute("SELECT count(*) FROM edits").fetchone()[0] == 0


def test_typed_reading_is_checked_like_an_import_and_undone_by_its_import(con):
    kusel, meter = user(con, "kusel"), gas_meter(con)
    stored_before = con.execute("SELECT count(*) FROM readings").fetchone()[0]
    with pytest.raises(edits.EditRejected) as rejected:  # below the reading before: the import's message
        edits.add_reading(con, kusel, meter, date(2024, 8, 1), "2.500", today=TODAY)
    assert rejected.value.codes == ["reading_backwards"]
    assert rejected.value.messages()[0].startswith("Zählerstand 2.500 ist kleiner als der vorherige (3000,0).")
    for typed, code in (("abc", "not_a_number"), ("-5", "negative_value")):
        with pytest.raises(edits.EditRejected) as rejected:
            edits.add_reading(con, kusel, meter, date(2024, 8, 1), typed, today=TODAY)
        assert rejected.value.codes == [code]
    with pytest.raises(edits.EditRejected) as rejected:
        edits.add_reading(con, kusel, meter, date(2025, 7, 1), "3500", today=TODAY)
    assert rejected.value.codes == ["future_date"]
    assert con.execute("SELECT count(*) FROM readings").fetchone()[0] == stored_before
    assert con.execute("SELECT count(*) FROM imports WHERE file_name = ?",
                       [edits.SOURCE_FILES["reading"]]).fetchone()[0] == 0
    stored = edits.add_reading(con, kusel, meter, date(2024, 8, 1), "3.500,5", today=TODAY)
    assert con.execute("SELECT value FROM readings WHERE meter_id = ? AND ts = '2024-08-01'", [meter]
                       ).fetchone()[0] == 3500.5
    assert import_record(con, stored.import_id).layout == "readings"
    # July: 500,5 m³ × 10,494 kWh/m³ (the meter's factor)
    assert con.execute("SELECT value FROM monthly_rollup WHERE month = '2024-07-01' AND carrier = 'Erdgas' "
                       "AND building_id = (SELECT building_id FROM meters WHERE meter_id = ?)", [meter]
                       ).fetchone()[0] == pytest.approx(500.5 * 10.494)
    assert "Zählerstand: – → 3500,5" in detail_text(audit.history(con, action="masterdata_change", limit=1)
                                                     .iloc[0]["detail"])
    edits.undo_edit(con, kusel, stored.edit_id)
    assert con.execute("SELECT count(*) FROM readings").fetchone()[0] == stored_before
    assert import_record(con, stored.import_id).status == "undone"


def test_meter_exchange_keeps_the_consumption_across_it(con):
    """G-1: 3.000 m³ on 1 July; exchange on 1 September at 3.200 m³, new meter G-2 from 5 m³; G-2 reads 105 m³
    on 1 October. Gas July–September: 200 m³ (old) + 100 m³ (new) = 300 m³ × 10,494 = 3.148,2 kWh."""
    agentur, meter = user(con, "agentur"), gas_meter(con)
    with pytest.raises(edits.EditError) as refused:
        edits.exchange_meter(con, agentur, meter, date(2024, 6, 1), "2.900", "G-2", "5", today=TODAY)
    assert refused.value.code == "edit_exchange_before_last"
    assert "01.06.2024" in refused.value.message()
    with pytest.raises(edits.EditError) as refused:
        edits.exchange_meter(con, agentur, meter, date(2024, 9, 1), "3.200", "g-1", "5", today=TODAY)
    assert refused.value.code == "edit_exchange_same_number"
    with pytest.raises(edits.EditRejected) as rejected:  # the final reading below the last one
        edits.exchange_meter(con, agentur, meter, date(2024, 9, 1), "2.000", "G-2", "5", today=TODAY)
    assert rejected.value.codes == ["reading_backwards"]
    stored = edits.exchange_meter(con, agentur, meter, date(2024, 9, 1), "3.200", "G-2", "5", today=TODAY)
    new_meter = con.execute("SELECT meter_id FROM meters WHERE number = 'G-2'").fetchone()[0]
    edits.add_reading(con, agentur, new_meter, date(2024, 10, 1), "105", today=TODAY)
    gas = con.execute("""SELECT sum(value) FROM monthly_rollup WHERE carrier = 'Erdgas' AND month >= '2024-07-01'
                         AND building_id = (SELECT building_id FROM meters WHERE meter_id = ?)""",
                      [meter]).fetchone()[0]
    assert gas == pytest.approx(300 * 10.494)
    with pytest.raises(edits.EditError) as refused:  # a later reading of the new meter: undo that first
        edits.undo_edit(con, agentur, stored.edit_id)
    assert refused.value.code == "edit_undo_overwritten"
    edits.undo_edit(con, agentur, edits.edits(con, stored.building_id, 1)[0].edit_id)
    edits.undo_edit(con, agentur, stored.edit_id)
    assert con.execute("SELECT count(*) FROM meters WHERE number = 'G-2'").fetchone()[0] == 0
    assert con.execute("SELECT max(ts) FROM readings WHERE meter_id = ?", [meter]).fetchone()[0].month == 7


def test_conversion_factor_of_a_gas_meter(con):
    """Z 0,95 × Hs 11,2 = 10,64 kWh/m³; January–June 2.000 m³ → 21.280 kWh; undo: 2.000 × 10,494 = 20.988 kWh."""
    kusel, meter = user(con, "kusel"), gas_meter(con)

    def first_half() -> float:
        return con.execute("""SELECT sum(value) FROM monthly_rollup WHERE carrier = 'Erdgas'
                              AND building_id = (SELECT building_id FROM meters WHERE meter_id = ?)""",
                           [meter]).fetchone()[0]

    for values, code in (({"z": "9,5", "hs": "11,2"}, "edit_z_implausible"),
                         ({"z": "0,95", "hs": "38"}, "edit_hs_implausible")):
        with pytest.raises(edits.EditError) as refused:
            edits.set_factor(con, kusel, meter, **values)
        assert refused.value.code == code
    assert "von 8 bis 13,5 kWh/m³" in refused.value.message()
    stored = edits.set_factor(con, kusel, meter, z="0,95", hs="11,2")
    assert first_half() == pytest.approx(2000 * 10.64)
    assert "Umrechnungsfaktor: 10,494 → 10,64" in detail_text(
        audit.history(con, action="masterdata_change", limit=1).iloc[0]["detail"])
    edits.undo_edit(con, kusel, stored.edit_id)
    assert first_half() == pytest.approx(2000 * 10.494)


def test_settings_are_the_import_defaults():
    assert edits.parse_number("1.250,5") == 1250.5 and edits.parse_number("abc") is None
    assert Settings().max_upload_bytes > 0
