"""The campaign pages (Kampagnen, Kampagne, Jahresplanung) and the import page's campaign parts, through AppTest.

The store: the real master data (sample_data/master, whose places.csv maps register AGS to municipalities), the
small files of tests/data/campaigns/ and a few rows written here. Expected numbers are worked out by hand from
those files (or, for per-capita figures, from the stored populations and the definitions in
ktdash.analytics.campaigns), never by calling the functions the pages call.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import DATA, add_test_accounts, open_page, use_store
from ktdash.ingest.pipeline import import_file
from ktdash.ingest.masterdata import load_master_data
from ktdash.core.settings import Settings
from ktdash.store.connection import open_store

TIMEOUT = 90
ROOT = Path(__file__).resolve().parent.parent
CAMPAIGNS = DATA / "campaigns"

# A campaign far in the future with one planned activity: the Jahresplanung's default year when the current year
# has no entries, and a planned activity for the key figures.
FUTURE_CAMPAIGN = ("Nr;Kampagne;Thema;Federführung;Beteiligte Kommunen;Beginn;Ende;Beschreibung\n"
                   "K3;Stadtradeln 2099;Mobilität;Stadt Kaiserslautern;Stadt Kaiserslautern;01.05.2099;30.06.2099;"
                   "Radeln für das Klima\n")
FUTURE_ACTIVITY = ("Kampagne;Datum;Kommune;Format;Art;Titel;Kosten (EUR);Teilnehmende;Anmeldungen;Beratungen;"
                   "Seitenaufrufe;Leads;Umsetzungen\n"
                   "K3;15.05.2099;Stadt Kaiserslautern;Präsenz;Infostand;Auftakt Stadtradeln;;;;;;;\n")

REGISTER_HEADER = ("MaStR-Nr. der Einheit;Anzeige-Name der Einheit;Betriebs-Status;Energieträger;"
                   "Bruttoleistung der Einheit;Nettonennleistung der Einheit;Inbetriebnahmedatum der Einheit;"
                   "Gemeindeschlüssel;Gemeinde;Art der Solaranlage\n")
ALTENGLAN, KAISERSLAUTERN = "07336003", "07312000"  # VG Kusel-Altenglan (member of K1), Stadt Kaiserslautern


def register_rows() -> str:
    """K1 (Photovoltaik, start 01.03.2024, window 12 months): before = 01.03.2023–29.02.2024, after =
    01.03.2024–28.02.2025. Members: 35 units before, 105 after. Comparison group: 100 before, 148 after (+ the 2
    Kaiserslautern units of tests/data/campaigns/mastr.csv in May/June 2024 = 150). One unit in March 2025 makes
    the register reach past the after window."""
    rows, number = [], 0
    for count, ags, day in ((35, ALTENGLAN, "15.06.2023"), (105, ALTENGLAN, "15.09.2024"),
                            (100, KAISERSLAUTERN, "15.06.2023"), (148, KAISERSLAUTERN, "15.09.2024"),
                            (1, KAISERSLAUTERN, "15.03.2025")):
        for _ in range(count):
            number += 1
            rows.append(f"SEE91{number:010d};PV;In Betrieb;Solare Strahlungsenergie;10,0;9,0;{day};{ags};Ort;"
                        "Bauliche Anlagen (Hausdach, Gebäude und Fassade)\n")
    return REGISTER_HEADER + "".join(rows)


def build_store(path: Path, complete_register: bool = True) -> Path:
    con = open_store(path)
    try:
        load_master_data(con, ROOT / "sample_data" / "master")
        files = [((CAMPAIGNS / name).read_bytes(), name) for name in ("kampagnen.csv", "aktivitaeten.csv",
                                                                       "mastr.csv")]
        files += [(FUTURE_CAMPAIGN.encode(), "kampagnen_2099.csv"), (FUTURE_ACTIVITY.encode(), "aktivitaeten_2099.csv")]
        if complete_register:
            files.append((register_rows().encode(), "mastr_zusatz.csv"))
        for data, name in files:
            preview, result = import_file(con, data, name, "07336", settings=Settings(), user="test")
            assert result is not None, preview.rejected_frame().to_string()
        add_test_accounts(con)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    """The module's store; each test gets a copy as ``app_store`` (conftest)."""
    return build_store(tmp_path_factory.mktemp("kampagnen") / "kampagnen.duckdb")


@pytest.fixture
def short_register_store(tmp_path, monkeypatch):
    """Register data only up to 01.06.2024: K1's after window (to 28.02.2025) is not covered."""
    return use_store(monkeypatch, build_store(tmp_path / "kurz.duckdb", complete_register=False))


def page(path: str, lang: str = "de", user: str | None = None, **query) -> AppTest:
    return open_page(path, lang, TIMEOUT, user=user, **query)


def table(at: AppTest, column: str):
    """The first table of the page with this column (st.dataframe without selection has no key in AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def metrics_of(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_specs(at: AppTest) -> list[str]:
    return [chart.proto.spec for chart in at.get("plotly_chart")]


def population(store_path: Path, where: str) -> int:
    con = open_store(store_path)
    try:
        return con.execute(f"SELECT sum(population) FROM municipalities WHERE {where}").fetchone()[0]
    finally:
        con.close()


def german_csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


# --- Kampagnen ----------------------------------------------------------------------------------------------------

def test_campaigns_page_key_figures_and_tables(app_store, downloads):
    at = page("pages/kampagnen.py")
    assert not at.exception
    assert at.title[0].value == "Kampagnen im Vergleich"
    cards = metrics_of(at)
    assert cards["Kampagnen"] == "3"
    assert cards["Aktivitäten durchgeführt"] == "5"  # the 2099 activity is planned
    assert cards["Teilnehmende"] == "175"  # 60 + 20 + 80 + 15 (the newsletter has none)
    assert cards["Beratungen"] == "20"
    assert cards["Kosten"] == "2.550 €"  # 450 + 1.200 + 0 + 300 + 600
    assert cards["Kosten je Teilnehmende/n"] == "14,57 €"  # 2.550 / 175: activities with both figures
    assert len(at.get("plotly_chart")) == 7  # reach ×2, formats, topics, timeline, PV and the map

    reach = table(at, "Landkreis/Stadt").set_index("Landkreis/Stadt")
    assert reach.loc["Landkreis Kusel", "Teilnehmende"] == 80  # K1: 60 + 20
    assert reach.loc["Landkreis Kusel", "Aktivitäten durchgeführt"] == 3
    assert reach.loc["Landkreis Kusel", "Teilnehmende je 1.000 EW"] == pytest.approx(
        round(80 * 1000 / 71_462, 1))
    assert reach.loc["Landkreis Kusel", "€ je Teilnehmende/n"] == pytest.approx(20.625, abs=0.006)  # 1.650 / 80
    assert reach.loc["Landkreis Kusel", "€ je Beratung"] == pytest.approx(60.0)  # 1.200 / 20
    assert reach.loc["Landkreis Kaiserslautern", "Teilnehmende"] == 80  # VG Landstuhl
    assert reach.loc["Pirmasens", "€ je Teilnehmende/n"] == pytest.approx(40.0)  # 600 / 15

    campaigns = table(at, "Federführung")
    assert campaigns["Nr."].tolist() == ["./kampagne?kampagne=K2", "./kampagne?kampagne=K1",
                                         "./kampagne?kampagne=K3"]  # by start
    assert campaigns.set_index("Name").loc["Wärmewende Westpfalz", "Teilnehmende"] == 95

    pv = table(at, "neue Solaranlagen")
    row = pv[(pv["Kommune"] == "VG Kusel-Altenglan") & (pv["Jahr"] == 2024)].iloc[0]
    assert row["neue Solaranlagen"] == 105 and row["PV-Aktivitäten"] == 1 and row["PV-Teilnehmende"] == 60

    exported = german_csv_rows(downloads["Kampagnen_Westpfalz_alle_Jahre.csv"])
    assert [r["Nr."] for r in exported] == ["K2", "K1", "K3"]
    assert exported[0]["Teilnehmende"] == "95"  # a count stays a whole number
    assert exported[0]["€ je Teilnehmende/n"] == "9,470"  # 900 € / 95, rounded to cents, decimal comma


def test_campaigns_page_reads_and_writes_the_url_filters(app_store):
    at = page("pages/kampagnen.py", jahr="2024", thema="Wärme")
    assert not at.exception
    assert at.sidebar.multiselect(key="campaigns_years").value == [2024]
    assert at.sidebar.multiselect(key="campaigns_topics").value == ["Wärme"]
    cards = metrics_of(at)
    assert cards["Kampagnen"] == "1" and cards["Teilnehmende"] == "95"  # K2 only: 80 + 15
    at.sidebar.multiselect(key="campaigns_districts").set_value(["07317"]).run()  # Pirmasens
    assert not at.exception
    assert at.query_params["kreis"] == "07317"
    # a list of years is written as `jahre` (issue 16: `jahr` is one year); the old link's `jahr` was read
    assert at.query_params["jahre"] == "2024" and at.query_params["thema"] == "Wärme"
    assert metrics_of(at)["Teilnehmende"] == "15"
    # no photovoltaic block while the topic filter excludes photovoltaics
    assert not any("Solaranlagen je 1.000" in spec for spec in chart_specs(at))
    at.sidebar.multiselect(key="campaigns_topics").set_value([]).run()
    assert "thema" not in at.query_params


def test_campaigns_page_municipality_level_and_english(app_store):
    at = page("pages/kampagnen.py", lang="en")
    at.radio(key="campaigns_level").set_value("municipality").run()
    assert not at.exception
    assert at.title[0].value == "Campaigns compared"
    reach = table(at, "Municipality").set_index("Municipality")
    # only municipalities with activities; the Kreisverwaltung has no inhabitants, hence no per-capita figure
    assert set(reach.index) == {"VG Kusel-Altenglan", "VG Oberes Glantal", "Landkreis Kusel (Kreisverwaltung)",
                                "VG Landstuhl", "Stadt Pirmasens", "Stadt Kaiserslautern"}
    assert reach.loc["VG Oberes Glantal", "Consultations"] == 20
    assert reach["Participants per 1,000 inh."].isna()["Landkreis Kusel (Kreisverwaltung)"]
    assert any("Heating" in spec for spec in chart_specs(at))  # topics translated in the charts


# --- Kampagne -----------------------------------------------------------------------------------------------------

def test_campaign_page_photovoltaic_before_after(app_store, downloads):
    at = page("pages/kampagne.py", kampagne="K1")
    assert not at.exception
    assert at.title[0].value == "Kampagne: Solar-Check Kusel"
    facts = at.markdown[1].value
    assert "Photovoltaik" in facts and "01.03.2024 – 31.10.2024" in facts
    assert "Beteiligte Kommunen (3)" in facts
    cards = metrics_of(at)
    assert cards["Aktivitäten durchgeführt"] == "3" and cards["Teilnehmende"] == "80"
    assert cards["Kosten"] == "1.650 €"
    assert table(at, "Titel").shape[0] == 3

    specs = chart_specs(at)
    assert len(specs) == 3 and any("vorher und nachher" in spec for spec in specs)
    members = population(app_store, "municipality_key IN ('073365008', '073365009', '073365010')")
    comparison = population(app_store, "population IS NOT NULL AND municipality_key NOT IN "
                                       "('073365008', '073365009', '073365010')")
    difference = (105 - 35) * 1000 / members - (150 - 100) * 1000 / comparison
    text = "\n".join(m.value for m in at.markdown)
    assert f"um {difference:.1f}".replace(".", ",") + " Anlagen je 1.000 Einwohner stärker" in text
    assert "01.03.2023 – 29.02.2024" in text and "01.03.2024 – 28.02.2025" in text
    assert "35 → 105 Anlagen" in text and "100 → 150 Anlagen" in text
    assert not at.warning
    entries = table(at, "Gruppe")
    assert len(entries) == 24 and (entries["Gruppe"] == "beteiligt").sum() == 3
    assert at.query_params["kampagne"] == "K1"
    assert "Kampagne_K1_vorher_nachher.csv" in downloads


def test_campaign_page_other_topic_has_no_register_outcome(app_store):
    at = page("pages/kampagne.py", kampagne="K2")
    assert not at.exception
    assert at.title[0].value == "Kampagne: Wärmewende Westpfalz"
    assert any("nur für Photovoltaik-Kampagnen" in info.value for info in at.info)
    assert not any("vorher und nachher" in spec for spec in chart_specs(at))
    assert not any("Gruppe" in d.value.columns for d in at.dataframe)
    cards = metrics_of(at)
    assert cards["Teilnehmende"] == "95" and cards["Kosten je Teilnehmende/n"] == "9,47 €"  # 900 / 95


def test_campaign_page_says_when_the_register_ends_before_the_after_window(short_register_store):
    at = page("pages/kampagne.py", kampagne="K1")
    assert not at.exception
    warning = at.warning[0].value
    assert "01.06.2024" in warning and "28.02.2025" in warning  # register_until, end of the after window
    assert not any("vorher und nachher" in spec for spec in chart_specs(at))


def test_campaign_page_choice_goes_into_the_url(app_store):
    at = page("pages/kampagne.py", kampagne="K2")
    at.sidebar.selectbox(key="campaign_choice").set_value("K1").run()
    assert not at.exception
    assert at.query_params["kampagne"] == "K1"
    assert at.title[0].value == "Kampagne: Solar-Check Kusel"


# --- Jahresplanung ------------------------------------------------------------------------------------------------

def test_annual_plan_defaults_to_the_newest_year_with_entries(app_store):
    at = page("pages/jahresplanung.py")
    assert not at.exception
    # the years with entries are 2024 and 2099; the current year has none
    assert at.sidebar.selectbox(key="plan_year").options == ["2099", "2024"]
    assert at.sidebar.selectbox(key="plan_year").value == 2099
    assert at.query_params["jahr"] == "2099"
    assert table(at, "Eintrag")["Kampagne"].tolist() == ["Stadtradeln 2099"] * 2


def test_annual_plan_table_chart_and_downloads(app_store, downloads):
    at = page("pages/jahresplanung.py", jahr="2024")
    assert not at.exception
    entries = table(at, "Eintrag")
    assert (entries["Eintrag"] == "Kampagne").sum() == 2 and (entries["Eintrag"] == "Aktivität").sum() == 5
    assert metrics_of(at) == {"Kampagnen 2024": "2", "Aktivitäten 2024": "5", "davon noch bevorstehend": "0"}
    spec = chart_specs(at)[0]
    assert "Jahresplanung 2024" in spec and "Solar-Check Kusel" in spec
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["PNG (Druckauflösung)", "SVG (Vektor)", "PDF", "Tabelle als CSV (Excel)",
                      "Tabelle als Excel (XLSX)", "Termine als Kalender (.ics)"]

    ics = downloads["Jahresplanung_Westpfalz_2024.ics"].decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert ics.count("BEGIN:VEVENT") == ics.count("END:VEVENT") == len(entries) == 7
    assert "DTSTART;VALUE=DATE:20240312" in ics  # the talk in VG Kusel-Altenglan
    assert "DTSTART;VALUE=DATE:20240301\r\nDTEND;VALUE=DATE:20241101" in ics  # K1, end exclusive
    rows = german_csv_rows(downloads["Jahresplanung_Westpfalz_2024.csv"])
    assert len(rows) == 7 and rows[0]["Beginn"] == "15.01.2024"  # K2 starts first


def test_annual_plan_filters_from_the_url(app_store, downloads):
    at = page("pages/jahresplanung.py", jahr="2024", thema="Wärme")
    assert not at.exception
    assert at.sidebar.multiselect(key="plan_topics").value == ["Wärme"]
    entries = table(at, "Eintrag")
    assert set(entries["Thema"]) == {"Wärme"} and len(entries) == 3  # K2 and its two activities
    ics = downloads["Jahresplanung_Westpfalz_2024_Wärme.ics"].decode("utf-8")
    assert ics.count("BEGIN:VEVENT") == 3
    at.sidebar.multiselect(key="plan_districts").set_value(["07317"]).run()
    assert at.query_params["kreis"] == "07317" and at.query_params["jahr"] == "2024"
    entries = table(at, "Eintrag")
    # K2 (a member in Pirmasens) and its activity in Pirmasens; the activity in VG Landstuhl is filtered out
    assert entries["Ort / Federführung"].tolist() == ["VG Landstuhl", "Stadt Pirmasens"]


# --- every campaign page renders in both languages ----------------------------------------------------------------

@pytest.mark.parametrize("path, query", [("pages/kampagnen.py", {}), ("pages/kampagne.py", {"kampagne": "K1"}),
                                         ("pages/kampagne.py", {"kampagne": "K3"}),
                                         ("pages/jahresplanung.py", {"jahr": "2024"})])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_campaign_pages_render(app_store, path, query, lang):
    at = page(path, lang=lang, **query)
    assert not at.exception
    assert at.title


def test_campaign_pages_without_campaigns(tmp_path, monkeypatch):
    con = open_store(tmp_path / "leer.duckdb")
    load_master_data(con, ROOT / "sample_data" / "master")
    con.close()
    monkeypatch.setenv("KTDASH_DB", str(tmp_path / "leer.duckdb"))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    for path in ("pages/kampagnen.py", "pages/kampagne.py", "pages/jahresplanung.py"):
        at = page(path)
        assert not at.exception
        assert any("Noch keine Kampagnen" in info.value for info in at.info)


# --- import page: campaign files ------------------------------------------------------------------------------------

def test_import_page_shows_campaign_key_figures_and_campaign_fields(app_store):
    at = page("pages/import_daten.py", user="agentur")
    data = (CAMPAIGNS / "aktivitaeten.csv").read_bytes()
    at.file_uploader[0].set_value(("aktivitaeten.csv", data, "text/csv")).run()
    assert not at.exception
    cards = metrics_of(at)
    assert cards["Aktivitäten"] == "5" and cards["Teilnehmende"] == "175" and cards["Kosten (€)"] == "2.550,00"
    assert not any(m.value.startswith("**Gebäude**") for m in at.markdown)  # no building list for campaign files
    options = at.selectbox(key="map_0_Kampagne").options
    assert "Kampagne" in options and "Teilnehmende" in options and "Gebäude/Liegenschaft" not in options


def test_import_page_undo_of_campaign_imports(app_store):
    at = page("pages/import_daten.py", user="agentur")
    at.selectbox(key="undo_choice").set_value(1)  # kampagnen.csv: its activities (import 2) still exist
    at.button(key="undo_button").click().run()
    assert not at.exception
    assert "Import 1 kann nicht rückgängig gemacht werden" in at.error[0].value and "Import 2" in at.error[0].value
    at.selectbox(key="undo_choice").set_value(2)
    at.button(key="undo_button").click().run()
    assert not at.exception
    assert "Import 2 rückgängig gemacht: 0 Kampagnen, 5 Aktivitäten und 0 Solaranlagen" in at.success[0].value


# --- the campaign charts themselves -----------------------------------------------------------------------------

def test_topic_heatmap_marks_gaps_and_keeps_every_district():
    import pandas as pd

    from ktdash.output import charts

    coverage = pd.DataFrame({"district": ["Kusel", "Kusel", "Pirmasens"], "topic": ["Photovoltaik", "Wärme", "Wärme"],
                             "activities": [3, 1, 1200], "participants": [10, 5, 7]})
    fig = charts.topic_heatmap(coverage, ["Kusel", "Pirmasens", "Zweibrücken"], ["Photovoltaik", "Wärme"], "T")
    heat = fig.data[0]
    assert list(heat.y) == ["Kusel", "Pirmasens", "Zweibrücken"]  # Zweibrücken without any activity keeps its row
    assert [list(row) for row in heat.text] == [["3", "1"], ["–", "1.200"], ["–", "–"]]
    assert heat.z[2][0] is None
    assert list(charts.topic_heatmap(coverage, ["Kusel"], ["Wärme"], "T", lang="en").data[0].x) == ["Heating"]


def test_reach_bars_keep_areas_without_figures_and_format_german():
    import pandas as pd

    from ktdash.output import charts

    frame = pd.DataFrame({"name": ["A", "B", "C"], "participants": [10.0, None, 2500.0]})
    fig = charts.campaign_reach_bars(frame, "participants", "T", "Teilnehmende")
    assert list(fig.data[0].y) == ["C", "A", "B"] and list(fig.data[0].x) == [2500.0, 10.0, None]
    assert list(fig.data[1].y) == ["B"] and list(fig.data[1].text) == ["–"]
    assert fig.layout.separators == ",." and fig.layout.xaxis.title.text == "Teilnehmende"


def test_annual_plan_gantt_one_row_per_campaign_and_a_marker_per_activity():
    from datetime import date

    import pandas as pd

    from ktdash.output import charts

    plan = pd.DataFrame([
        ("campaign", "K1", "Solar", "Photovoltaik", date(2024, 3, 1), date(2024, 10, 31), "Kusel", None, None, None),
        ("campaign", "K2", "Wärme", "Wärme", date(2023, 11, 1), date(2024, 2, 29), "Landstuhl", None, None, None),
        ("activity", "K1", "Solar", "Photovoltaik", date(2024, 3, 12), date(2024, 3, 12), "Kusel", "Kusel", "Präsenz",
         "Vortrag"),
        ("activity", "K1", "Solar", "Photovoltaik", date(2024, 5, 5), date(2024, 5, 5), "Kusel", "Kusel", "online",
         "Newsletter"),
    ], columns=["entry", "campaign_id", "campaign_name", "topic", "start_date", "end_date", "place", "district",
                "format", "kind"]).assign(title="x", detail=None)
    fig = charts.annual_plan_gantt(plan, 2024, today=date(2024, 6, 1))
    bars = [t for t in fig.data if t.type == "bar"]
    markers = [t for t in fig.data if t.type == "scatter"]
    assert [b.y[0] for b in bars] == ["K2 · Wärme", "K1 · Solar"]  # by start
    assert bars[1].base[0] == "2024-03-01" and bars[1].x[0] == 245 * 24 * 3600 * 1000  # 01.03.–31.10., inclusive
    assert sorted(m.x[0] for m in markers) == ["2024-03-12", "2024-05-05"]
    assert list(fig.layout.xaxis.ticktext)[2] == "Mär"  # German month names without a plotly.js locale
    assert fig.layout.shapes[0].x0 == "2024-06-01"  # today


def test_import_page_an_activity_file_with_errors_is_previewed_and_changes_nothing(app_store):
    """The same preview and rejection as for energy data: every rejected row with line, column, value and
    reason, a download of them, nothing stored until the user stores the valid rows only."""

    def activities() -> int:
        con = open_store(app_store)
        try:
            return con.execute("SELECT count(*) FROM activities").fetchone()[0]
        finally:
            con.close()

    before = activities()
    data = ("Kampagne;Datum;Kommune;Format;Art;Titel;Kosten (EUR);Teilnehmende\n"
            "K1;12.03.2024;VG Kusel-Altenglan;Präsenz;Vortrag;Neu;300;25\n"
            "K1;13.03.2024;VG Kusel-Altenglan;Telefon;Vortrag;Falsch;300;25\n"
            "K7;14.03.2024;VG Kusel-Altenglan;online;Webinar;Fremd;100;10\n").encode("cp1252")
    at = page("pages/import_daten.py", user="agentur")
    at.file_uploader[0].set_value(("aktivitaeten_fehler.csv", data, "text/csv")).run()
    assert not at.exception
    assert metrics_of(at)["abgelehnt"] == "2"
    rejected = table(at, "Grund")
    assert rejected[["Zeile", "Spalte", "Wert", "Code"]].values.tolist() == [
        [3, "Format", "Telefon", "unknown_format"], [4, "Kampagne", "K7", "unknown_campaign"]]
    assert rejected["Grund"].iloc[0] == "Unbekanntes Format „Telefon“. Erlaubt: online, Präsenz, hybrid."
    assert "Zuerst die Kampagnendatei importieren" in rejected["Grund"].iloc[1]
    assert any(b.label == "Abgelehnte Zeilen als CSV" for b in at.get("download_button"))
    assert activities() == before  # the preview stored nothing
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert activities() == before + 1  # only the valid row
