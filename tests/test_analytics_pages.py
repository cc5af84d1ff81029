"""The analytics pages (Vergleich Westpfalz, Kommune, Methoden und Faktoren) through AppTest on a small store."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from climate_support import set_test_climate
from conftest import make_analytics_store_file, open_page
from ktdash.analytics import climate, metrics, reference
from ktdash.output import methods
from ktdash.analytics.reference import load_reference_data
from ktdash.core.settings import AnalyticsSettings
from ktdash.store.connection import open_store

TIMEOUT = 60





@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    """The module's store; each test gets a copy as ``app_store`` (conftest)."""
    return make_analytics_store_file(tmp_path_factory.mktemp("analytics") / "analytics.duckdb", accounts=True)


def page(path: str, lang: str = "de", user: str | None = None, **query) -> AppTest:
    return open_page(path, lang, TIMEOUT, user=user, **query)


PROGRESS = "witterungsbereinigt, Stationsmittel 1991–2020"  # the label of the progress normalisation (short)


def test_comparison_page_table_and_charts(app_store):
    at = page("pages/vergleich.py", jahr="2024", basis="2022")
    assert not at.exception
    assert at.title[0].value == "Vergleich Westpfalz"
    table = at.dataframe[0].value.set_index("Name")
    # Kusel: 90.000 + 18.000 = 108.000 kWh in 2024 (no weather effect) for 69.000 inhabitants of the district
    # every figure says its normalisation: progress (the station's mean) for energy and saving, Potsdam per m²
    assert table.loc["Kusel", f"Energie [kWh] ({PROGRESS})"] == pytest.approx(108_000)
    assert table.loc["Kusel", "kWh je Einwohner"] == pytest.approx(108_000 / 69_000)
    # saving 2024 against 2022: (120.000 − 108.000) / 120.000 = 10 %; target 0,98² → 3,96 %: on track
    assert table.loc["Kusel", f"Einsparung seit 2022 [%] ({PROGRESS})"] == pytest.approx(10.0)
    assert bool(table.loc["Kusel", "auf Zielpfad"])
    assert table.loc["Kaiserslautern", f"Einsparung seit 2022 [%] ({PROGRESS})"] == pytest.approx(-10.0)
    # 90.000 kWh / 1.000 m² (no weather effect in this store)
    assert table.loc["Kusel", "Wärme kWh/m² (auf Referenzklima Potsdam bereinigt)"] == pytest.approx(90.0)
    # BISKO set 2024: 18.000 × 0,414 + 90.000 × 0,225 = 7.452 + 20.250 = 27.702 kg
    assert table.loc["Kusel", "Emissionen [t], CO₂e (BISKO-Systematik, BISKO-konform)"] == pytest.approx(27.702)
    assert len(at.get("plotly_chart")) == 5  # the four comparison charts and the map of the districts
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    # the normalisation as the second line of the chart title
    assert f"Energie je Einwohner 2024<br><sup>{PROGRESS}</sup>" in titles
    assert "Wärme je m² 2024<br><sup>auf Referenzklima Potsdam bereinigt</sup>" in titles
    assert f"Einsparung 2024 gegenüber 2022 (gleiche Gebäude)<br><sup>{PROGRESS}</sup>" in titles
    captions = " ".join(c.value for c in at.caption)
    assert "witterungsbereinigt (langjähriges Mittel der Station, 1991–2020)" in captions
    assert "auf Referenzklima Potsdam bereinigt (wie die Vergleichswerte 2021)" in captions
    assert climate.ATTRIBUTION in captions
    assert at.query_params["jahr"] == "2024" and at.query_params["basis"] == "2022"


def test_comparison_page_by_municipality_in_english(app_store):
    at = page("pages/vergleich.py", lang="en")
    at.radio(key="comparison_level").set_value("municipality").run()
    assert not at.exception
    assert at.title[0].value == "Westpfalz comparison"
    table = at.dataframe[0].value
    assert set(table["Name"]) == {"VG Kusel-Altenglan", "Stadt Kaiserslautern"}


def test_municipality_page_cards_buildings_and_target(app_store):
    at = page("pages/kommune.py", user="kusel", kommune="073365001", jahr="2024", basis="2022")
    assert not at.exception
    assert at.title[0].value == "Kommune: VG Kusel-Altenglan"
    cards = {m.label: (m.value, m.delta) for m in at.metric}
    # under each value which normalisation or factor set it uses; in full in the caption below the cards
    assert cards["Energie 2024"] == ("108 MWh", "Stationsmittel 1991–2020")
    assert cards["je Einwohner"] == ("4,5 kWh", "Stationsmittel 1991–2020")  # 108.000 / 24.000
    assert cards["Einsparung seit 2022"][0] == "+10,0 %"  # positive = less energy
    # 18.000 × 0,414 + 90.000 × 0,225 = 27.702 kg
    assert cards["Emissionen 2024"] == ("28 t CO₂e", "CO₂e, BISKO-konform")
    assert ("Energie und je Einwohner: witterungsbereinigt (langjähriges Mittel der Station, 1991–2020). "
            "Emissionen: CO₂e (BISKO-Systematik, BISKO-konform).") in [c.value for c in at.caption]
    table = at.dataframe[0].value.set_index("Gebäude")
    # 90.000 kWh / 1.000 m²; comparison Verwaltung: 48,5 × f(1.000) + 6,9 = 48,5 × 1,2958839 + 6,9 = 69,7504
    assert table.loc["Rathaus Kusel", "Wärme kWh/m² (auf Referenzklima Potsdam bereinigt)"] == pytest.approx(90.0)
    assert table.loc["Rathaus Kusel", "Vergleichbarkeit"] == ""
    assert table.loc["Rathaus Kusel", "Vergleichswert Wärme kWh/m²"] == pytest.approx(69.7504, abs=1e-3)
    assert table.loc["Rathaus Kusel", "Details"].endswith("gebaeude?building=1")
    # an own target of −6 %/a: 120.000 × 0,94² = 106.032 < 108.000 → no longer on track
    at.number_input(key="target_073365001").set_value(-6.0)
    at.button(key="target_save").click().run()
    assert not at.exception
    at.run()
    assert "nicht auf dem Zielpfad" in [m.delta for m in at.metric if m.label.startswith("Einsparung")][0]


# A pool beside the Rathaus Kusel: 1.000 m², heat 400 kWh/m² and electricity 150 kWh/m² in 2024, far above the
# Schwimmhallen value 63,8 × f(1.000) + 24,7 = 63,8 × 1,2958839 + 24,7 = 107,377 (which leaves out the pool water)
POOL_MASTER = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nHallenbad Kusel;Schwimmbad;1.000;1975\n"
POOL_YEARS = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
              "Hallenbad Kusel;Strom;2022;160.000;kWh\nHallenbad Kusel;Erdgas;2022;420.000;kWh\n"
              "Hallenbad Kusel;Strom;2024;150.000;kWh\nHallenbad Kusel;Erdgas;2024;400.000;kWh\n")
POOL_MARK = ("nicht mit Vergleichswert vergleichbar (Schwimmhalle: der Vergleichswert enthält die "
             "Beckenwassererwärmung nicht)")


@pytest.fixture
def pool_store(tmp_path, monkeypatch):
    path = make_analytics_store_file(tmp_path / "pool.duckdb", [(POOL_MASTER, "bad.csv", "VG Kusel-Altenglan"),
                                                                (POOL_YEARS, "bad_jahre.csv", "VG Kusel-Altenglan")])
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def ranking(at) -> list[tuple[str, str]]:
    """(building, series) of the savings-potential chart, largest first."""
    import base64

    import numpy as np

    def values(data) -> list:  # plotly writes numeric arrays as base64 ("bdata") in the spec
        if isinstance(data, dict) and "bdata" in data:
            return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
        return list(data)

    spec = next(s for s in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
                if s["layout"]["title"]["text"].startswith("Einsparpotenzial"))
    bars = [(name, trace.get("name", ""), value) for trace in spec["data"]
            for name, value in zip(values(trace["y"]), values(trace["x"]), strict=True)]
    return [(name, series) for name, series, _ in sorted(bars, key=lambda bar: -bar[2])]


def test_a_pool_is_out_of_the_savings_ranking_until_the_filter_takes_it_in(pool_store):
    at = page("pages/kommune.py", kommune="073365001", jahr="2024", basis="2022")
    assert not at.exception
    # default: only the Rathaus: heat (90 − 69,7504) × 1.000 + electricity (18 − 16,7) × 1.000 = 21.549,6 kWh
    assert ranking(at) == [("Rathaus Kusel", "vergleichbar")]
    table = at.dataframe[0].value.set_index("Gebäude")
    assert table.loc["Hallenbad Kusel", "Vergleichbarkeit"] == POOL_MARK  # marked in the table
    assert pd.isna(table.loc["Hallenbad Kusel", "Potenzial [kWh/a]"])
    assert table.loc["Rathaus Kusel", "Potenzial [kWh/a]"] == pytest.approx(21_549.6, abs=0.1)
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Nicht im Einsparpotenzial, weil nicht mit Vergleichswert vergleichbar: Hallenbad Kusel" in captions
    box = at.sidebar.checkbox(key="municipality_not_comparable")
    assert not box.value and "nicht_vergleichbar" not in at.query_params
    box.check().run()
    assert not at.exception
    assert at.query_params["nicht_vergleichbar"] == "1"  # kept in the URL like the other filters
    # with the filter: (400 − 107,377) × 1.000 + (150 − 29) × 1.000 = 292.623 + 121.000 = 413.623 kWh, first and
    # drawn as not comparable
    assert ranking(at) == [("Hallenbad Kusel", "nicht mit Vergleichswert vergleichbar"),
                           ("Rathaus Kusel", "vergleichbar")]
    table = at.dataframe[0].value.set_index("Gebäude")
    assert table.loc["Hallenbad Kusel", "Potenzial [kWh/a]"] == pytest.approx(413_623, abs=1)
    assert table.loc["Hallenbad Kusel", "Vergleichbarkeit"] == POOL_MARK
    assert "Im Einsparpotenzial auch Gebäude, die nicht mit Vergleichswert vergleichbar sind" in " ".join(
        c.value for c in at.caption)
    # a link with the filter opens the same view
    shared = page("pages/kommune.py", kommune="073365001", jahr="2024", basis="2022", nicht_vergleichbar="1")
    assert shared.sidebar.checkbox(key="municipality_not_comparable").value
    assert ranking(shared)[0] == ("Hallenbad Kusel", "nicht mit Vergleichswert vergleichbar")


def test_the_comparison_page_names_the_pools_in_heat_per_m2(pool_store):
    at = page("pages/vergleich.py", jahr="2024", basis="2022")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert ("Wärme je m² enthält Gebäude, die nicht mit Vergleichswert vergleichbar sind: Schwimmbad (1 Gebäude; "
            "Schwimmhalle: der Vergleichswert enthält die Beckenwassererwärmung nicht).") in captions


def test_the_co2_label_of_the_pages_follows_the_factor_set(app_store, monkeypatch):
    monkeypatch.setenv("KTDASH_EMISSION_FACTORS", "direct")
    at = page("pages/kommune.py", kommune="073365001", jahr="2024", basis="2022")
    assert not at.exception
    cards = {m.label: (m.value, m.delta) for m in at.metric}
    # direct CO₂ 2024: 18.000 × 0,363 + 90.000 × 0,181 = 6.534 + 16.290 = 22.824 kg
    assert cards["Emissionen 2024"] == ("23 t CO₂", "CO₂ direkt")
    assert "Emissionen: CO₂ direkt (nur Verbrennung)." in " ".join(c.value for c in at.caption)
    table = at.dataframe[0].value.set_index("Gebäude")
    assert table.loc["Rathaus Kusel", "Emissionen [t], CO₂ direkt (nur Verbrennung)"] == pytest.approx(22.824)
    assert "Potenzial [t CO₂/a]" in table.columns
    at = page("pages/vergleich.py", jahr="2024", basis="2022")
    table = at.dataframe[0].value.set_index("Name")
    assert table.loc["Kusel", "Emissionen [t], CO₂ direkt (nur Verbrennung)"] == pytest.approx(22.824)
    assert "t CO₂ je Einwohner" in table.columns


# --- Methoden und Faktoren ------------------------------------------------------------------------------------

def editors(at) -> list:
    """The tables of a run that can be edited (st.data_editor; st.dataframe is read-only: editing_mode 0)."""
    return [d for d in at.dataframe if d.proto.editing_mode != 0]


def table(at, first_column: str):
    """The table of the run whose first column is ``first_column``: an interactive table (st.dataframe, the data
    keep their column names) or a text table that wraps (st.table, with the page's column labels)."""
    return next(d.value for d in [*at.dataframe, *at.table] if d.value.columns[0] == first_column)


def test_methods_page_states_the_method_with_sources_and_status(app_store):
    at = page("pages/methoden.py")
    assert not at.exception
    assert at.title[0].value == "Methoden, Quellen und Faktoren"
    headers = [h.value for h in at.header]
    assert headers == ["Klimadaten und Witterungsbereinigung", "Vergleichswerte", "Emissionsfaktoren (kg CO₂e je kWh)",
                       "Energiepreise (€ je kWh)", "Einsparnachweis von Maßnahmen", "Auffälligkeiten nach jedem Import",
                       "Netzwerk und Klima.Taten.Talk: Definitionen", "Anonymisierter Workshop", "Umrechnung in kWh",
                       "Was öffentlich nicht belegt ist"]
    assert climate.ATTRIBUTION in [i.value for i in at.info]  # CC BY 4.0
    text = "\n".join(m.value for m in at.markdown)
    assert "G20/15" in text and "VDI 3807 Blatt 1" in text and "GEG § 82 Abs. 3" in text
    assert "Fortschritt: ein Gebäude gegen seine eigene Vergangenheit" in text and "ktdash export progress" in text
    assert "Vergleich: kWh/m² gegen die Vergleichswerte (Referenzort Potsdam)" in text
    # issue 17: the savings method with its sources and assumptions, the alert rules with the code's thresholds
    assert "IPMVP" in text and "CalTRACK" in text and "ASHRAE Guideline 14" in text
    assert "seit mehr als 3 Monaten" in text and "mindestens 25 % vom erwarteten Wert" in text and "50 %" in text
    # issue 18: the network's definitions, the Kreis assumption labelled as one
    assert "zwischen Zeitpunkten in UTC" in text and "Annahme: Eine Stelle der Kreisverwaltung" in text
    # Potsdam's reference in use: the test station's Potsdam mean, 12 × 300 = 3.600 Kd/a — derived, an assumption
    values = table(at, "Wert").set_index("Wert")
    assert list(values.columns) == ["Festlegung", "Status", "Quelle"]
    assert values.loc["Referenzwert Potsdam (Vergleichswerte)", "Festlegung"] == "3.600 Kd/a"
    assert values.loc["Referenzwert Potsdam (Vergleichswerte)", "Status"] == "Annahme"
    assert "3.666,8 und 3.767 Kd/a" in values.loc["Referenzwert Potsdam (Vergleichswerte)", "Quelle"]
    assert values.loc["Heizgrenze", "Festlegung"].startswith("15 °C")
    assert values.loc["Bezugszeitraum des langjährigen Mittels", "Festlegung"] == "1991–2020"
    assert values.loc["Vollständigkeit eines Stationsmonats", "Festlegung"] == "90 %"
    assert values.loc["Gradtagzahlen G20/15 je Station und Monat", "Quelle"] == climate.ATTRIBUTION
    # every municipality on the test station (tests/climate_support.py sets it as an admin would)
    stations = table(at, "municipality").set_index("municipality")
    assert set(stations["station"]) == {"Teststation"} and set(stations["chosen_by"]) == {"Administration"}
    # the comparison values with the hot-water share's derivation and the comparability
    categories = table(at, "Kategorie").set_index("Kategorie")
    assert categories.loc["Schule", "Herleitung von s"] == "22,4 / (49,3 + 22,4) = 31 %"
    assert categories.loc["Schule", "Warmwasseranteil s"] == "31 %"
    assert categories.loc["Schule", "Vergleichswert Wärme [kWh/(m²·a)]"] == "49,3 × f(A) + 22,4"
    assert categories.loc["Schule", "Vergleichbar"] == "ja"
    assert categories.loc["Schwimmbad", "Vergleichbar"] == ("nicht mit Vergleichswert vergleichbar (Schwimmhalle: der "
                                                           "Vergleichswert enthält die Beckenwassererwärmung nicht)")
    assert categories.loc["Schwimmbad", "Herleitung von s"] == "24,7 / (63,8 + 24,7) = 28 %"
    assert categories.loc["Sonstiges", "Herleitung von s"].startswith("keine TEK-Werte")
    assert "TEK-Werte, Größenfaktor f(A) und NGF = 0,85 × BGF – öffentliche Sekundärquelle" in text
    assert any("Strom-Vergleichswert" in c.value and "Annahme" in c.value for c in at.caption)
    # both emission factor sets with source and status; the label
    assert [s.value for s in at.success] and "CO₂e (BISKO-Systematik, BISKO-konform)" in at.success[0].value
    assert "BISKO-Systematik – CO₂-Äquivalente mit Vorketten, Bundesstrommix (Standard)" in text
    bisko, direct = [d.value for d in at.dataframe if d.value.columns[0] == "carrier" and "status" in d.value.columns]
    assert set(bisko["status"]) == {"amtlich", "öffentliche Sekundärquelle", "Annahme"}
    strom = bisko[(bisko["carrier"] == "Strom") & (bisko["year"] == 2022)].iloc[0]
    assert (strom["kg_co2e_per_kwh"], strom["status"]) == (0.503, "amtlich") and "13/2025" in strom["source"]
    assert direct[(direct["carrier"] == "Strom") & (direct["year"] == 2024)].iloc[0]["kg_co2e_per_kwh"] == 0.363
    # what no public source gives
    assert "Die amtlichen BISKO-Faktortabellen" in text and "Der Referenzwert Potsdam des DWD" in text
    assert "Kennwerte für Hallenbäder je m² Wasserfläche" in text
    # the monthly degree days of a station in use; no upload of single-site degree days any more
    assert len(at.get("plotly_chart")) == 1
    assert not at.get("file_uploader")
    assert any("Seite „Import“" in c.value for c in at.caption)


def test_methods_page_in_english_names_the_source(app_store):
    at = page("pages/methoden.py", lang="en")
    assert not at.exception
    assert climate.ATTRIBUTION_EN in [i.value for i in at.info]
    assert "What no public source gives" in [h.value for h in at.header]
    values = table(at, "Value").set_index("Value")
    assert values.loc["Reference value Potsdam (comparison values)", "Status"] == "assumption"


def test_viewers_and_managers_see_no_editors(app_store):
    for user in (None, "gast", "kusel"):
        at = page("pages/methoden.py", user=user)
        assert not at.exception
        assert not editors(at), user
        assert not at.button and not at.text_input, user
        assert "nur mit einem Administrationskonto" in " ".join(c.value for c in at.caption)


def test_bisko_konform_only_while_the_shipped_set_is_unchanged(app_store):
    at = page("pages/methoden.py", user="agentur")
    assert "BISKO-konform" in at.success[0].value
    assert len(editors(at)) == 3  # emission factors, heat networks, energy prices
    con = open_store(app_store)
    try:
        shipped = reference.emission_factors(con)
        edited = shipped.copy()
        edited.loc[(edited["factor_set"] == "bisko") & (edited["carrier"] == "Heizöl") & (edited["year"] == 2024),
                   "kg_co2e_per_kwh"] = 0.33
        reference.save_emission_factors(con, edited, by="agentur")
    finally:
        con.close()
    at.run()
    assert not at.exception and not at.success
    warning = at.warning[0].value
    assert "„CO₂e (BISKO-Systematik, Faktoren geändert)“, nicht BISKO-konform" in warning
    assert "Faktoren des BISKO-Satzes weichen von den mitgelieferten ab" in warning
    con = open_store(app_store)
    try:
        reference.save_emission_factors(con, shipped, by="agentur")  # the shipped set again: conform again
    finally:
        con.close()
    at.run()
    assert "CO₂e (BISKO-Systematik, BISKO-konform)" in at.success[0].value


def test_an_admin_sets_a_municipalitys_station_and_the_figures_follow(app_store):
    """Stadt Kaiserslautern onto a second station with 360 K·d a month in 2024 (long-term mean 300): Rathaus KL
    (no category: s = 0,15, the setting) 110.000 kWh gas → 110.000 × (0,15 + 0,85 × 300/360) = 94.416,7 kWh."""
    con = open_store(app_store)
    try:
        set_test_climate(con, {f"2024-{m:02d}": 360 for m in range(1, 13)}, 300, station_id=99002, municipalities=[])
        con.execute("UPDATE climate_stations SET name = 'Zweite Station' WHERE station_id = 99002")
    finally:
        con.close()
    at = page("pages/methoden.py", user="agentur")
    assert not at.exception
    at.selectbox(key="methods_station_municipality").set_value("07312000").run()
    station = next(s for s in at.selectbox if s.label == "Station")
    assert station.value is None or station.value == 99001
    # an unknown postcode: a German message, nothing stored
    next(i for i in at.text_input if i.label.startswith("Postleitzahl")).set_value("00000")
    at.button(key="methods_station_save").click().run()
    assert not at.exception
    assert at.error[0].value == ("Die Postleitzahl „00000“ ist nicht bekannt (die mitgelieferte Tabelle enthält jede "
                                 "deutsche Postleitzahl). Nichts wurde gespeichert.")
    next(i for i in at.text_input if i.label.startswith("Postleitzahl")).set_value("")
    next(s for s in at.selectbox if s.label == "Station").set_value(99002)
    at.button(key="methods_station_save").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Stadt Kaiserslautern: Postleitzahl –, Station Zweite Station (99002)")
    stations = table(at, "municipality").set_index("municipality")
    assert stations.loc["Stadt Kaiserslautern", "station_id"] == 99002
    assert stations.loc["Stadt Kaiserslautern", "chosen_by"] == "Administration"
    assert stations.loc["VG Kusel-Altenglan", "station_id"] == 99001
    per_year = table(at, "station_id").set_index("station_id")
    assert per_year.loc[99002, "2024"] == pytest.approx(12 * 360) and per_year.loc[99002, "long_term_mean"] == 3_600
    con = open_store(app_store)
    try:
        rollup = con.execute("""SELECT y.station_id, y.hdd_actual, y.hdd_normal FROM yearly_rollup y
                                JOIN buildings b USING (building_id)
                                WHERE b.name = 'Rathaus KL' AND y.year = 2024 AND y.carrier = 'Erdgas'""").fetchone()
        assert rollup == (99002, 12 * 360, 12 * 300)
        rows = metrics.building_carrier_years(con, metrics.Selection(years=(2024,), carriers=("Erdgas",)))
        kl = rows.set_index("building").loc["Rathaus KL"]
        assert kl["hot_water_share_from"] == "assumption"
        assert kl["kwh_normalised"] == pytest.approx(110_000 * (0.15 + 0.85 * 300 / 360))  # 94.416,7
        assert rows.set_index("building").loc["Rathaus Kusel", "station_id"] == 99001
        audit = con.execute("SELECT user_name, object FROM audit_log WHERE action = 'factor_change' "
                            "ORDER BY 1 DESC").fetchall()
        assert ("agentur", "climate_station") in audit
    finally:
        con.close()


@pytest.fixture
def network_store(tmp_path, monkeypatch):
    """The analytics store with a district-heating building in Kusel (Fernwärme 50.000 kWh in 2024)."""
    heat = ("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²)\nSchule am Fernwärmenetz;Schule;1.500\n",
            "fw_gebaeude.csv", "VG Kusel-Altenglan")
    years = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule am Fernwärmenetz;Fernwärme;2024;50.000;kWh\n",
             "fw_jahre.csv", "VG Kusel-Altenglan")
    path = make_analytics_store_file(tmp_path / "netz.duckdb", [heat, years], accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def test_heat_networks_their_factor_and_the_bisko_label(network_store):
    con = open_store(network_store)
    try:
        frame = pd.DataFrame([{"network_id": "FW-KUS", "name": "Fernwärme Kusel", "year": 2024,
                               "kg_co2e_per_kwh": 0.120, "exergetic": True,
                               "source": "Stadtwerke Kusel 2024, exergetisch"}])
        with pytest.raises(reference.TableEditError) as error:
            reference.save_heat_networks(con, frame.assign(kg_co2e_per_kwh=-0.1))
        assert (error.value.code, error.value.row, error.value.column) == ("invalid", 1, "kg_co2e_per_kwh")
        with pytest.raises(reference.TableEditError) as error:
            reference.save_heat_networks(con, pd.concat([frame, frame]))
        assert error.value.code == "duplicate"
        assert reference.heat_networks(con).empty  # nothing changed
        assert reference.save_heat_networks(con, frame, by="agentur") == 1
        school = int(con.execute(
            "SELECT building_id FROM buildings WHERE name = 'Schule am Fernwärmenetz'").fetchone()[0])
        assert list(reference.heat_network_buildings(con)["building_id"]) == [school]
        with pytest.raises(ValueError, match="unknown_network"):
            reference.assign_heat_network(con, [school], "NIRGENDS")
        assert reference.assign_heat_network(con, [school], "FW-KUS", by="agentur") == {
            "added": [school], "removed": []}
        # CO₂e of the building: 50.000 kWh × 0,120 kg/kWh (the network's own factor) = 6,0 t instead of
        # 50.000 × 0,300 (the set's default for Fernwärme) = 15,0 t
        rows = metrics.building_carrier_years(con, metrics.Selection(years=(2024,), carriers=("Fernwärme",)))
        assert rows.iloc[0]["t_co2e"] == pytest.approx(6.0) and bool(rows.iloc[0]["network_factor"])
        direct = metrics.building_carrier_years(con, metrics.Selection(years=(2024,), carriers=("Fernwärme",)),
                                                AnalyticsSettings(emission_factor_set="direct"))
        assert direct.iloc[0]["t_co2e"] == pytest.approx(50_000 * 0.280 / 1000)  # the direct set: its own default
        assert methods.co2_basis(con, "bisko") == "bisko_conform"  # exergy-allocated: still BISKO-konform
        # a network without exergy allocation: not BISKO-konform; it cannot be removed while buildings are on it
        reference.save_heat_networks(con, frame.assign(exergetic=False), by="agentur")
        assert methods.co2_basis(con, "bisko") == "bisko_changed"
        with pytest.raises(reference.TableEditError) as error:
            reference.save_heat_networks(con, frame.iloc[0:0], by="agentur")
        assert (error.value.code, error.value.value) == ("in_use", "FW-KUS")
        assert reference.assign_heat_network(con, [], "FW-KUS", by="agentur") == {"added": [], "removed": [school]}
        assert reference.save_heat_networks(con, frame.iloc[0:0], by="agentur") == 0
        logged = con.execute("SELECT object FROM audit_log WHERE action = 'factor_change' ORDER BY audit_id").fetchall()
        assert [o for (o,) in logged if o in ("heat_networks", "heat_network")] == [
            "heat_networks", "heat_network", "heat_networks", "heat_network", "heat_networks"]
    finally:
        con.close()


def test_an_admin_assigns_buildings_to_a_network_on_the_page(network_store):
    con = open_store(network_store)
    try:
        reference.save_heat_networks(con, pd.DataFrame([{
            "network_id": "FW-KUS", "name": "Fernwärme Kusel", "year": 2024, "kg_co2e_per_kwh": 0.120,
            "exergetic": False, "source": "Stadtwerke Kusel 2024 (Stromgutschrift)"}]), by="agentur")
        school = int(con.execute(
            "SELECT building_id FROM buildings WHERE name = 'Schule am Fernwärmenetz'").fetchone()[0])
    finally:
        con.close()
    viewer = page("pages/methoden.py")
    networks = table(viewer, "network_id")
    assert list(networks["exergetic"]) == ["nein"] and list(networks["network_buildings"]) == ["–"]
    at = page("pages/methoden.py", user="agentur")
    assert not at.exception
    assert "BISKO-konform" in at.success[0].value  # a network without buildings changes no figure
    chooser = next(m for m in at.multiselect if m.label == "Gebäude am Netz Fernwärme Kusel")
    assert chooser.options == ["Schule am Fernwärmenetz (VG Kusel-Altenglan)"] and chooser.value == []
    chooser.set_value([school])
    at.button(key="network_assign_FW-KUS").click().run()
    assert not at.exception
    assert at.success[0].value == "Fernwärme Kusel: 1 Gebäude hinzugefügt, 0 abgelöst."
    # the network's factor is not exergy-allocated: the figures are no longer BISKO-konform
    assert "Wärmenetze mit eigenem Faktor ohne exergetische Allokation" in at.warning[0].value
    con = open_store(network_store)
    try:
        assert con.execute("SELECT name FROM buildings WHERE heat_network_id = 'FW-KUS'").fetchall() == [
            ("Schule am Fernwärmenetz",)]
    finally:
        con.close()
    viewer = page("pages/methoden.py")
    assert list(table(viewer, "network_id")["network_buildings"]) == ["Schule am Fernwärmenetz"]


def test_saving_edited_factors_validates_every_row(store):
    import pandas as pd

    from ktdash.analytics import reference

    load_reference_data(store)
    frame = reference.emission_factors(store)
    frame.loc[0, "kg_co2e_per_kwh"] = -1.0
    with pytest.raises(reference.TableEditError) as error:
        reference.save_emission_factors(store, frame)
    assert (error.value.code, error.value.row, error.value.column) == ("invalid", 1, "kg_co2e_per_kwh")
    assert store.execute("SELECT min(kg_co2e_per_kwh) FROM emission_factors").fetchone()[0] >= 0  # unchanged
    frame = pd.concat([reference.energy_prices(store)] * 2)
    with pytest.raises(reference.TableEditError) as error:
        reference.save_energy_prices(store, frame)
    assert error.value.code == "duplicate"
    prices = reference.energy_prices(store)
    prices.loc[prices["carrier"] == "Strom", "eur_per_kwh"] = 0.25
    assert reference.save_energy_prices(store, prices) == len(prices)
    assert store.execute("SELECT eur_per_kwh FROM energy_prices WHERE carrier = 'Strom'").fetchone()[0] == 0.25


def test_a_store_from_before_the_analytics_gets_its_reference_data_on_start(app_store):
    con = open_store(app_store)
    try:
        con.execute("DELETE FROM comparison_values")
        con.execute("DELETE FROM emission_factors")
        for table in ("station_degree_days", "station_normals", "climate_stations"):
            con.execute(f"DELETE FROM {table}")
        con.execute("UPDATE municipalities SET climate_station_id = NULL, postcode = '66869'")  # Kusel
    finally:
        con.close()
    at = page("pages/kommune.py", kommune="073365001", jahr="2024", basis="2022")
    assert not at.exception
    con = open_store(app_store)
    try:
        assert con.execute("SELECT count(*) FROM comparison_values").fetchone()[0] == 11
        assert con.execute("SELECT count(*) FROM emission_factors").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM climate_stations").fetchone()[0] == 842  # the shipped DWD data
        assert con.execute("SELECT count(*) FROM station_degree_days").fetchone()[0] == 221_108
        assert con.execute("SELECT count(*) FROM yearly_rollup WHERE hdd_actual IS NULL").fetchone()[0] == 0
    finally:
        con.close()


def test_comparison_page_exports_tables_and_charts(app_store, downloads):
    """The table downloads as German CSV and XLSX with a file name saying what, where and when; every chart
    offers PNG, SVG and PDF and its toolbar button gives SVG under the same name."""
    import io
    import json

    import openpyxl

    at = page("pages/vergleich.py", jahr="2024", basis="2022")
    assert not at.exception
    csv_bytes = downloads["Vergleich_Westpfalz_Landkreis_2024.csv"]
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and b"Kusel;" in csv_bytes
    book = openpyxl.load_workbook(io.BytesIO(downloads["Vergleich_Westpfalz_Landkreis_2024.xlsx"]))
    rows = {r[0]: r for r in book.active.iter_rows(min_row=2, values_only=True)}
    column = "Energie [kWh] (witterungsbereinigt, Stationsmittel 1991–2020)"
    assert rows["Kusel"][list(at.dataframe[0].value.columns).index(column)] == pytest.approx(108_000)
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("PNG (Druckauflösung)") == labels.count("SVG (Vektor)") == labels.count("PDF") == 5
    specs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
    assert {s["toImageButtonOptions"]["format"] for s in specs} == {"svg"}
    assert "Vergleich_Westpfalz_Waerme_je_m2_2024" in {s["toImageButtonOptions"]["filename"] for s in specs}


def test_municipality_page_starts_on_the_last_complete_year_and_labels_a_partial_one(app_store):
    from ktdash.analytics import rollup

    # Rathaus Kusel, 2025 January–October only: Strom 1.000 and Erdgas 5.000 kWh a month (no degree days: raw)
    con = open_store(app_store)
    try:
        rows = [[1, carrier, date(2025, m, 1), (pd.Timestamp(2025, m, 1) + pd.offsets.MonthEnd()).date(), kwh, kwh]
                for carrier, kwh in (("Strom", 1000), ("Erdgas", 5000)) for m in range(1, 11)]
        con.executemany("INSERT INTO consumptions VALUES (?, ?, '', ?, ?, ?, 'kWh', 1, ?, 1, NULL)", rows)
        rollup.refresh_all(con)
    finally:
        con.close()
    at = page("pages/kommune.py", kommune="073365001")
    assert not at.exception
    year = at.sidebar.selectbox(key="municipality_year")
    assert year.value == 2024 and "2025, Jan–Okt" in year.options  # the last complete year, the partial one named
    cards = {m.label: (m.value, m.delta) for m in at.metric}
    assert cards["Energie 2024"][0] == "108 MWh" and cards["Einsparung seit 2022"][0] == "+10,0 %"
    # year to date: Jan–Oct 2025 = 10 × 6.000 = 60.000 kWh against Jan–Oct 2024 = 108.000 × 305 / 366 = 90.000 kWh
    # (the yearly values spread by days, a leap year): 60.000 / 90.000 − 1 = −33,3 %
    assert cards["Jahr bis heute 2025, Jan–Okt"] == ("60 MWh", "-33,3 % gegenüber 2024, Jan–Okt")
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert any(t.startswith("Jahr bis heute: Jan–Okt im Vergleich") for t in titles)
    assert any(t.startswith("Gleitende 12 Monate") for t in titles)
    energy = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                  if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("Energie je Jahr"))
    assert "2025, Jan–Okt" in energy["data"][0]["x"]
    # the partial year chosen: named as such on the cards, and no progress against a whole year
    at.sidebar.selectbox(key="municipality_year").set_value(2025).run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "Energie 2025, Jan–Okt" in labels and not any(label.startswith("Einsparung seit") for label in labels)
    assert any(c.value.startswith("Kein Fortschritt gegenüber") and "2025, Jan–Okt" in c.value for c in at.caption)
    assert at.query_params["jahr"] == "2025"
    # Vergleich Westpfalz (the same sidebar filters): the last complete year first; the partial one never compared
    comparison = page("pages/vergleich.py")
    assert comparison.sidebar.selectbox(key="comparison_year").value == 2024
    comparison.sidebar.selectbox(key="comparison_year").set_value(2025).run()
    assert not comparison.exception
    assert any(i.value.startswith("Kein Fortschritt gegenüber 2022 für 2025, Jan–Okt") for i in comparison.info)
    table_heading = [s.value for s in comparison.subheader if s.value.startswith("Kennwerte")]
    assert table_heading and table_heading[0].endswith("2025, Jan–Okt")
