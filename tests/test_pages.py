"""Every page through Streamlit's AppTest, on a small store."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from conftest import make_store_file, open_page
from ktdash.store.connection import open_store

TIMEOUT = 60

CONTENT = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
           "Rathaus Kusel;Strom;2023;kWh;100;100;100;100;100;100;100;100;100;100;100;100\n"
           "Rathaus Kusel;Strom;2024;kWh;90;90;90;90;90;90;90;90;90;90;90;90\n"
           "Rathaus Kusel;Erdgas;2024;kWh;1.000;800;600;400;200;100;100;100;200;400;800;1.000\n")


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    """The module's store; each test gets a copy as ``app_store`` (conftest)."""
    return make_store_file(tmp_path_factory.mktemp("pages") / "pages.duckdb", [
        (CONTENT, "monate.csv", "VG Kusel-Altenglan"),
        (CONTENT.replace("Rathaus Kusel", "Rathaus KL"), "kl.csv", "Stadt Kaiserslautern")], accounts=True)


def run_app(**session) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    for key, value in session.items():
        at.session_state[key] = value
    return at.run()


def test_overview_renders_chart_and_table(app_store):
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Verbrauch in der Westpfalz"
    charts = at.get("plotly_chart")
    assert len(charts) == 4  # the year's bars, the lines by year, year to date and rolling 12 months (issue 17)
    spec = charts[0].proto.spec
    assert "Kusel" in spec and "Kaiserslautern" in spec and "kWh" in spec
    # the overview shows measured values: each chart says so (the other pages name their normalisation)
    assert all("gemessen, nicht witterungsbereinigt" in c.proto.spec for c in charts)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Landkreis/Stadt", "2023", "2024"]
    kusel = table[table["Landkreis/Stadt"] == "Kusel"].iloc[0]
    assert kusel["2023"] == 1200 and kusel["2024"] == 1080 + 5700


def test_overview_municipality_level_and_carrier_filter(app_store):
    at = run_app()
    at.sidebar.radio(key="overview_level").set_value("municipality").run()
    at.sidebar.multiselect(key="overview_carriers").set_value(["Strom"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["Kommune"]) == {"VG Kusel-Altenglan", "Stadt Kaiserslautern"}
    assert table["2024"].tolist() == [1080, 1080]


def test_overview_filters_live_in_the_url(app_store):
    at = run_app()
    at.sidebar.radio(key="overview_level").set_value("municipality").run()
    at.sidebar.multiselect(key="overview_carriers").set_value(["Strom"]).run()
    assert at.query_params["ebene"] == "municipality" and at.query_params["traeger"] == "Strom"  # AppTest: last value
    assert "jahr" not in at.query_params  # the default (all years) is not written
    # a link with filters opens the same view
    shared = AppTest.from_file("../app.py", default_timeout=60)
    shared.query_params.update({"ebene": "municipality", "traeger": "Strom", "jahr": "2024"})
    shared.run()
    assert not shared.exception
    assert shared.sidebar.radio(key="overview_level").value == "municipality"
    assert shared.sidebar.multiselect(key="overview_years").value == [2024]
    table = shared.dataframe[0].value
    assert list(table.columns) == ["Landkreis/Stadt", "Kommune", "2024"] and table["2024"].tolist() == [1080, 1080]


def test_overview_in_english_by_url(app_store):
    # AppTest cannot set a widget of the entrypoint once st.navigation ran, so the switch is
    # exercised through its other input, the URL (?lang=en); the browser test clicks the widget.
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Consumption in the Westpfalz"
    assert at.sidebar.radio[0].value == "English"


def test_import_page_preview_and_confirm(app_store):
    at = open_page("pages/import_daten.py", user="kusel")
    assert not at.exception
    content = ("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
               "Kita Kusel;Strom;01.2024;50;kWh\nKita Kusel;Strom;02.2024;x;kWh\n")
    at.file_uploader[0].set_value(("kita.csv", content.encode(), "text/csv")).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Datenzeilen"] == "2" and metrics["abgelehnt"] == "1"
    rejected = at.dataframe[-1].value
    assert rejected.iloc[0]["Zeile"] == 3 and rejected.iloc[0]["Code"] == "not_a_number"
    button = at.button(key="import_confirm")
    assert "1 gültigen" in button.label
    button.click().run()
    assert not at.exception
    assert "Gespeichert: 1 Werte" in at.success[0].value
    con = open_store(app_store)
    try:
        assert con.execute("SELECT count(*) FROM buildings WHERE name = 'Kita Kusel'").fetchone()[0] == 1
    finally:
        con.close()


def test_import_page_bad_file_message(app_store):
    at = open_page("pages/import_daten.py", user="kusel")
    at.file_uploader[0].set_value(("leer.csv", b"", "text/csv")).run()
    assert not at.exception
    assert "„leer.csv“ ist leer" in at.error[0].value


def test_import_page_column_mapping_and_saved_profile(app_store):
    at = open_page("pages/import_daten.py", user="kusel")
    content = "Haus;Art;J;Wert\nBauhof Kusel;Strom;2023;1.500\n"
    at.file_uploader[0].set_value(("eigen.csv", content.encode(), "text/csv")).run()
    assert "keine Überschriftenzeile" in at.error[0].value
    for key, field in (("map_0_Haus", "building"), ("map_1_Art", "carrier"), ("map_2_J", "year"),
                       ("map_3_Wert", "consumption")):
        at.selectbox(key=key).set_value(field)
    at.run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["gültig"] == "1"
    at.text_input(key="import_profile_new_name").set_value("Bauhof-Export").run()
    next(b for b in at.button if b.label == "Zuordnung als Profil speichern").click().run()
    assert "Profil „Bauhof-Export“ gespeichert." in [s.value for s in at.success]
    con = open_store(app_store)
    try:
        from ktdash.ingest.pipeline import load_profile

        profile = load_profile(con, "Bauhof-Export")
    finally:
        con.close()
    assert profile.columns == {"building": "Haus", "carrier": "Art", "year": "J", "consumption": "Wert"}


def display_values(element):
    """What a table shows (the pandas Styler's display values), whatever the browser's locale."""
    import pyarrow as pa

    return pa.ipc.open_stream(element.proto.arrow_data.styler.display_values).read_all().to_pandas()


def test_tables_show_numbers_in_the_page_language(app_store):
    at = run_app()
    shown = display_values(at.dataframe[0]).set_index("Landkreis/Stadt")
    assert shown.loc["Kusel", "2024"] == "6.780" and shown.loc["Kusel", "2023"] == "1.200"
    assert at.dataframe[0].value.set_index("Landkreis/Stadt").loc["Kusel", "2024"] == 6780  # sorting: numbers
    english = run_app(lang="en")
    shown = display_values(english.dataframe[0]).set_index(english.dataframe[0].value.columns[0])
    assert shown.loc["Kusel", "2024"] == "6,780"


def add_months(path, building: str, carrier: str, year: int, months, kwh: float) -> None:
    """Monthly consumptions written straight into a test store (cheaper than an import), with the rollup."""
    import pandas as pd

    from ktdash.analytics import rollup

    con = open_store(path)
    try:
        building_id = con.execute("SELECT building_id FROM buildings WHERE name = ?", [building]).fetchone()[0]
        con.executemany("INSERT INTO consumptions VALUES (?, ?, '', ?, ?, ?, 'kWh', 1, ?, 1, NULL)",
                        [[building_id, carrier, pd.Timestamp(year, m, 1).date(),
                          (pd.Timestamp(year, m, 1) + pd.offsets.MonthEnd()).date(), kwh, kwh] for m in months])
        rollup.refresh_all(con)
    finally:
        con.close()


def test_overview_labels_a_partial_year_and_shows_year_to_date_and_rolling_12_months(app_store):
    import json

    # 2025 January–October only, and only in Kusel (80 kWh Strom a month): a partial year, Kaiserslautern not yet in
    add_months(app_store, "Rathaus Kusel", "Strom", 2025, range(1, 11), 80)
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params["traeger"] = "Strom"
    at.run()
    assert not at.exception
    # the cards and the chart start on the last complete year, not on the partial 2025
    assert [m.label for m in at.metric][0] == "Energie 2024"
    assert at.select_slider(key="overview_chart_year").value == 2024
    assert "2025, Jan–Okt" in at.sidebar.multiselect(key="overview_years").options
    table = at.dataframe[0].value
    assert list(table.columns) == ["Landkreis/Stadt", "2023", "2024", "2025, Jan–Okt"]

    def specs(app) -> dict:
        return {json.loads(c.proto.spec)["layout"]["title"]["text"].split("<br>")[0]: json.loads(c.proto.spec)
                for c in app.get("plotly_chart")}

    shown = specs(at)
    lines = next(spec for title, spec in shown.items() if title.endswith("und Jahr"))
    assert lines["layout"]["xaxis"]["ticktext"] == ["2023", "2024", "2025, Jan–Okt"]
    # year to date per district, Jan–Oct 2025 against Jan–Oct 2024: Kusel 10 × 80 = 800 against 10 × 90 = 900,
    # −11,1 %; Kaiserslautern has no 2025 yet: no bar and no change (never a drop to zero)
    before, newest = shown["Jahr bis heute: Jan–Okt im Vergleich"]["data"]
    assert (before["name"], newest["name"]) == ("2024, Jan–Okt", "2025, Jan–Okt")
    assert newest["x"] == ["Kusel", "Kaiserslautern"] and newest["customdata"] == ["-11,1 &#37;", ""]
    # rolling 12 months per district: Kusel up to October 2025 2 × 90 + 10 × 80 = 980, Kaiserslautern ends in
    # December 2024 with 12 × 90 = 1.080; the first value is December 2023 (12 × 100)
    rolling = {trace["name"]: [v for v in trace["y"] if v is not None]
               for trace in shown["Gleitende 12 Monate"]["data"]}
    assert rolling["Kusel"][0] == 1200 and rolling["Kusel"][-1] == 980 and rolling["Kaiserslautern"][-1] == 1080
    # one district: a bar per year, 2023 1.000, 2024 900 (−10 %), 2025 800 (−11,1 %), the trend of one line
    at.sidebar.multiselect(key="overview_districts").set_value(["Kusel"]).run()
    shown = specs(at)
    ytd = shown["Jahr bis heute: Jan–Okt im Vergleich"]["data"][0]
    assert ytd["x"] == ["2023, Jan–Okt", "2024, Jan–Okt", "2025, Jan–Okt"]
    assert ytd["customdata"] == ["", "-10,0 &#37;", "-11,1 &#37;"]
    assert [v for v in shown["Gleitende 12 Monate"]["data"][0]["y"] if v is not None][-1] == 980
    # a partial year chosen: labelled in the title and said to be partial
    at.select_slider(key="overview_chart_year").set_value(2025).run()
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert any("2025, Jan–Okt" in t for t in titles)
    assert any(c.value.startswith("2025, Jan–Okt ist ein unvollständiges Jahr") for c in at.caption)
