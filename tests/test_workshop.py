"""The workshop view (pages/workshop.py) through AppTest: slides, navigation and URL, anonymisation, the
takeaway sentences against the library's figures, English.

The small store: the test master data (two districts, Kusel and Kaiserslautern), energy for 2022 and 2024 as in
tests/test_analytics_pages.py (no weather effect), a few campaign activities and photovoltaic units written here.
The anonymised slides against the public pages of the whole Westpfalz demo: tests/test_workshop_anonymous.py.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import DATA, deep_link, make_analytics_store_file, make_store_file
from ktdash.output import charts
from ktdash.analytics import metrics
from ktdash.i18n import texts
from ktdash.analytics import campaigns as campaign_metrics
from ktdash.core.formatting import format_number
from ktdash.store.connection import open_store

TIMEOUT = 90
ROOT = Path(__file__).resolve().parent.parent
SLIDES = 9
NETWORK_SLIDE = 8  # the network's competence coverage: counts per topic, no places, no people
MAP_SLIDE = 9  # energy per inhabitant on a map of the districts; anonymised without the map


CAMPAIGNS = ("Nr;Kampagne;Thema;Federführung;Beteiligte Kommunen;Beginn;Ende\n"
             "K1;Solar-Check;Photovoltaik;Stadt Kaiserslautern;VG Kusel-Altenglan, Stadt Kaiserslautern;"
             "01.03.2024;31.10.2024\n"
             "K2;Wärmewende;Wärme;VG Oberes Glantal;VG Oberes Glantal;15.01.2024;30.04.2024\n")
ACTIVITIES = ("Kampagne;Datum;Kommune;Format;Art;Titel;Kosten (EUR);Teilnehmende;Anmeldungen;Beratungen;"
              "Seitenaufrufe;Leads;Umsetzungen\n"
              "K1;12.03.2024;VG Kusel-Altenglan;Präsenz;Vortrag;Solarstrom;450;60;;;;;\n"
              "K1;20.04.2024;Stadt Kaiserslautern;Präsenz;Solar-Check;Solar-Check;1.200;20;;20;;;\n"
              "K2;01.02.2024;VG Oberes Glantal;online;Webinar;Wärmepumpe;300;80;120;;;;\n")
REGISTER_HEADER = ("MaStR-Nr. der Einheit;Anzeige-Name der Einheit;Betriebs-Status;Energieträger;"
                   "Bruttoleistung der Einheit;Nettonennleistung der Einheit;Inbetriebnahmedatum der Einheit;"
                   "Gemeindeschlüssel;Gemeinde;Art der Solaranlage\n")
# Kusel (via Altenglan → VG Kusel-Altenglan): 69 units in 2022, 138 in 2024; Kaiserslautern: 50 in 2024
PV = ((69, "07336001", "15.06.2022"), (138, "07336001", "15.06.2024"), (50, "07312000", "15.09.2024"))


def register() -> str:
    rows, number = [], 0
    for count, ags, day in PV:
        for _ in range(count):
            number += 1
            rows.append(f"SEE92{number:010d};PV;In Betrieb;Solare Strahlungsenergie;10,0;9,0;{day};{ags};Ort;"
                        "Bauliche Anlagen (Hausdach, Gebäude und Fassade)\n")
    return REGISTER_HEADER + "".join(rows)


def master_names() -> set[str]:
    """Every district, municipality and place name of the test master data."""
    names = set()
    for file, column in (("districts.csv", "name"), ("municipalities.csv", "name"), ("places.csv", "name")):
        with (DATA / "master" / file).open(encoding="utf-8") as fh:
            names |= {row[column] for row in csv.DictReader(fh)}
    return names




@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    """The module's store; each test gets a copy as ``app_store`` (conftest)."""
    return make_analytics_store_file(tmp_path_factory.mktemp("workshop") / "workshop.duckdb", [
        (CAMPAIGNS, "kampagnen.csv", "07336"), (ACTIVITIES, "aktivitaeten.csv", "07336"),
        (register(), "mastr.csv", "07336")])


def workshop(lang: str = "de", seed: int | None = None, **query) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    if seed is not None:
        at.session_state["workshop_seed"] = seed  # the session's shuffle of the letters
    if lang == "en":
        at.query_params["lang"] = "en"
    for key, value in query.items():
        at.query_params[key] = value
    return deep_link(at, "pages/workshop.py")  # the slide's URL opened as a bookmark (conftest)


def takeaway(at: AppTest) -> str:
    """The sentence under the headline: the first text after the counter (the bar holds the note and "n / 7")."""
    values = [m.value for m in at.markdown]
    counter = next(i for i, v in enumerate(values) if v.endswith(f"/ {SLIDES}"))
    return values[counter + 1].replace("\\", "")


def chart_spec(at: AppTest) -> dict:
    charts_ = at.get("plotly_chart")
    assert len(charts_) == 1
    return json.loads(charts_[0].proto.spec)


def page_text(at: AppTest) -> str:
    parts = [t.value for t in at.title] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info]
    return "\n".join(parts)


def library(path: Path) -> dict:
    con = open_store(path)
    try:
        selection = metrics.Selection(carriers=("Strom", "Erdgas"))
        return {"entities": metrics.entity_years(con, "district", selection),
                "progress": metrics.progress(con, "district", 2022, 2024, selection),
                "buildings": metrics.building_years(con, metrics.Selection(years=(2024,))),
                "reach": campaign_metrics.reach_by_district(con, campaign_metrics.CampaignSelection(years=(2024,))),
                "pv": campaign_metrics.pv_by_district(con, campaign_metrics.CampaignSelection(years=(2022, 2023,
                                                                                                      2024)))}
    finally:
        con.close()


def de(value: float, decimals: int = 0) -> str:
    return format_number(value, decimals, "de")


# --- slides and navigation ---------------------------------------------------------------------------------------

def test_every_slide_renders_with_headline_counter_and_one_chart(app_store):
    headlines = []
    for number in range(1, SLIDES + 1):
        at = workshop(folie=str(number), jahr="2024", basis="2022")
        assert not at.exception, (number, at.exception)
        assert f"{number} / {SLIDES}" in [m.value for m in at.markdown]
        assert len(at.title) == 1 and ("2024" in at.title[0].value or number == 8)  # 8: the network, no year
        assert len(at.get("plotly_chart")) == 1, (number, [i.value for i in at.info])
        assert takeaway(at)
        headlines.append(at.title[0].value)
    assert len(set(headlines)) == SLIDES
    assert headlines[0].startswith("Energieverbrauch der kommunalen Gebäude je Einwohner 2024")
    assert "2024 gegenüber 2022" in headlines[1] and "Zielpfad" in headlines[1]
    assert "Vergleichswert" in headlines[2] and "kWh/m²" in headlines[2]
    assert "CO₂" in headlines[3] and "kg CO₂e je Einwohner" in headlines[3]
    assert "je 1.000 Einwohner" in headlines[4] and "Photovoltaik-Zubau 2022–2024" in headlines[5]
    assert "Themen der Kampagnen 2024" in headlines[6]
    assert "Kompetenzabdeckung" in headlines[7]
    assert headlines[8].startswith("Die Westpfalz auf der Karte – Energieverbrauch")


def test_next_and_previous_change_the_slide_and_the_url(app_store):
    at = workshop(jahr="2024", basis="2022")
    assert at.query_params["folie"] == "1"
    assert at.button(key="ws_prev").disabled
    first = at.title[0].value
    at.button(key="ws_next").click().run()
    assert not at.exception
    assert at.query_params["folie"] == "2"
    assert f"2 / {SLIDES}" in [m.value for m in at.markdown]
    assert at.title[0].value.startswith("Einsparung 2024 gegenüber 2022")
    at.button(key="ws_next").click().run()
    assert at.query_params["folie"] == "3"
    at.button(key="ws_prev").click().run()
    at.button(key="ws_prev").click().run()
    assert at.query_params["folie"] == "1" and at.title[0].value == first
    # year and baseline stay in the URL, so a slide can be bookmarked
    assert (at.query_params["jahr"], at.query_params["basis"]) == ("2024", "2022")


def test_the_url_opens_slide_n_and_the_last_has_no_next(app_store):
    at = workshop(folie="8", jahr="2024", basis="2022")
    assert at.title[0].value.startswith("Kompetenzabdeckung")
    at = workshop(folie="9", jahr="2024", basis="2022")
    assert at.title[0].value.startswith("Die Westpfalz auf der Karte")
    assert at.button(key="ws_next").disabled and not at.button(key="ws_prev").disabled
    at = workshop(folie="3", jahr="2024", basis="2022")
    assert at.title[0].value.startswith("Wärmeverbrauch je m² 2024")
    at = workshop(folie="99")  # unknown slide, year and baseline of the data: the defaults
    assert not at.exception
    assert at.query_params["folie"] == "1" and at.query_params["jahr"] == "2024"


def test_year_and_baseline_from_the_settings_go_into_the_url(app_store):
    at = workshop(folie="2", jahr="2024", basis="2022")
    at.selectbox(key="ws_baseline").set_value(2024).run()
    assert not at.exception
    assert at.query_params["basis"] == "2024"
    assert "Kein Vergleich 2024 mit 2024" in at.info[0].value  # year = baseline: nothing to compare
    at.toggle(key="ws_anonym").set_value(True).run()
    assert at.query_params["anonym"] == "1"
    assert "anonymisiert" in [m.value for m in at.markdown]


# --- the numbers of the takeaway sentences -----------------------------------------------------------------------

def test_takeaways_carry_the_library_figures(app_store):
    lib = library(app_store)
    sentences = {n: takeaway(workshop(folie=str(n), jahr="2024", basis="2022")) for n in range(1, SLIDES + 1)}

    per_inhabitant = lib["entities"][lib["entities"]["year"] == 2024].set_index("name")
    assert sentences[1] == texts.t("workshop_t_energy", "de", high="Kusel",
                                   high_value=de(per_inhabitant.loc["Kusel", "energy_kwh_per_inhabitant"]),
                                   low="Kaiserslautern",
                                   low_value=de(per_inhabitant.loc["Kaiserslautern", "energy_kwh_per_inhabitant"]))

    # Kusel: (120.000 − 108.000) / 120.000 = 10 % saved; target path 1 − 0,98² = 3,96 %; Kaiserslautern 10 % more
    progress = lib["progress"].set_index("name")
    assert progress.loc["Kusel", "saving_share"] == pytest.approx(0.10)
    assert sentences[2].startswith("Kusel: Einsparung +10,0 % seit 2022 – die größte (Zielpfad +4,0 %)")
    assert sentences[2].endswith("auf dem Zielpfad: 1 von 2.")

    # the Rathaus Kusel: 90 kWh/m² against 48,5 × f(1.000) + 6,9 = 69,75; Rathaus KL has no area
    building = lib["buildings"].set_index("building").loc["Rathaus Kusel"]
    assert sentences[3] == (f"1 von 1 Gebäuden (100 %) liegen über ihrem Vergleichswert; am weitesten darüber: "
                            f"Kusel mit {de(building['heat_kwh_per_m2'])} statt "
                            f"{de(building['heat_comparison_kwh_per_m2'])} kWh/m².")
    assert "mit 90 statt 70 kWh/m²" in sentences[3]

    co2 = lib["entities"].assign(kg=lib["entities"]["t_co2e_per_inhabitant"] * 1000).pivot(
        index="name", columns="year", values="kg")
    change = co2[2024] / co2[2022] - 1
    best = change.idxmin()
    assert sentences[4] == texts.t("workshop_t_co2_fall", "de", name=best,
                                   change=charts.signed_text(change[best] * 100, 1), baseline=2022,
                                   before=de(co2.loc[best, 2022]), value=de(co2.loc[best, 2024]))

    # participants 2024: Kusel 60 + 80 = 140 for 69.000 inhabitants, Kaiserslautern 20 for 100.000
    reach = lib["reach"].set_index("name")["participants_per_1000"]
    assert reach["Kusel"] == pytest.approx(140 * 1000 / 69_000)
    assert sentences[5] == (f"Kusel erreicht mit {de(reach['Kusel'], 1)} Teilnehmenden je 1.000 Einwohner am "
                            f"meisten, Kaiserslautern mit {de(reach['Kaiserslautern'], 1)} am wenigsten.")
    assert "mit 2,0 Teilnehmenden" in sentences[5] and "Kaiserslautern mit 0,2" in sentences[5]

    # photovoltaics: Kusel 138 units in 2024 = 2,0 per 1.000, 69 in 2022 = 1,0
    pv = lib["pv"].set_index(["name", "year"])["units_per_1000"]
    assert sentences[6] == (f"Am meisten Zubau 2024: Kusel mit {de(pv['Kusel', 2024], 1)} Anlagen je 1.000 "
                            f"Einwohner (2022: {de(pv['Kusel', 2022], 1)}).")
    assert "mit 2,0 Anlagen" in sentences[6] and "(2022: 1,0)" in sentences[6]

    # topics 2024: Kusel Photovoltaik and Wärme, Kaiserslautern Photovoltaik
    assert sentences[7] == ("Die meisten Themen: Kusel (2 von 2); am weitesten verbreitet: Photovoltaik "
                            "(2 von 2 Landkreisen und Städten).")


def test_the_charts_show_the_library_figures(app_store):
    lib = library(app_store)
    spec = chart_spec(workshop(folie="1", jahr="2024", basis="2022"))
    bars = dict(zip(spec["data"][0]["y"], spec["data"][0]["x"], strict=True))
    expected = lib["entities"][lib["entities"]["year"] == 2024].set_index("name")["energy_kwh_per_inhabitant"]
    assert bars == pytest.approx(expected.to_dict())
    assert spec["layout"]["separators"] == ",."
    assert spec["layout"]["font"]["size"] >= 20 and spec["layout"]["xaxis"]["tickfont"]["size"] >= 20

    # the map: the districts with a figure coloured by it, joined on the district key, the name and the value in
    # German in the hover text; the BKG attribution on the map
    at = workshop(folie=str(MAP_SLIDE), jahr="2024", basis="2022")
    spec = chart_spec(at)
    shapes = next(t for t in spec["data"] if t["type"] == "choroplethmap" and t.get("showscale") is not False)
    per_key = lib["entities"][lib["entities"]["year"] == 2024].set_index("key")["energy_kwh_per_inhabitant"]
    assert dict(zip(shapes["locations"], shapes["z"], strict=True)) == pytest.approx(per_key.to_dict())
    labels = {row[2]: (row[0], row[1]) for row in shapes["customdata"]}
    assert labels["07336"] == ("Kusel", f"{de(per_key['07336'])} kWh je Einwohner")
    assert "© GeoBasis-DE / BKG" in spec["layout"]["annotations"][0]["text"]
    assert takeaway(at).startswith("Je dunkler, desto mehr Energie je Einwohner: am meisten Kusel mit "
                                   f"{de(per_key['07336'])} kWh")

    spec = chart_spec(workshop(folie="6", jahr="2024", basis="2022"))
    heat = spec["data"][0]
    assert heat["x"] == ["2022", "2023", "2024*"]  # the register ends on 15.09.2024
    cells = dict(zip(heat["y"], heat["z"], strict=True))
    assert cells["Kusel"][0] == pytest.approx(69 * 1000 / 69_000) and cells["Kusel"][1] is None
    assert cells["Kaiserslautern"][2] == pytest.approx(50 * 1000 / 100_000)


# --- anonymisation (issue 19; against the public pages on the demo: tests/test_workshop_anonymous.py) -------------

def assert_anonymous(at: AppTest, names: set[str]) -> None:
    spec = at.get("plotly_chart")[0].proto.spec if at.get("plotly_chart") else ""
    text = page_text(at)
    for name in names:
        assert name not in spec, name
        assert name not in text, name


def walk_anonymised(query: dict, names: set[str]) -> list[tuple[dict, str]]:
    """Every slide of one session with anonym=1, reached with the next button: (chart spec or {}, the slide's
    text) per slide, each checked to name no place of ``names``."""
    at = workshop(folie="1", anonym="1", **query)
    slides = []
    for number in range(1, SLIDES + 1):
        assert not at.exception
        assert "anonymisiert" in [m.value for m in at.markdown]
        assert_anonymous(at, names)
        slides.append((chart_spec(at) if at.get("plotly_chart") else {}, page_text(at)))
        if number < SLIDES:
            at.button(key="ws_next").click().run()
    return slides


def test_two_districts_are_too_few_for_groups(app_store):
    """Two districts: no group of three is possible, so the slides with letters show none and say why; the topics
    slide counts areas per topic, the network's slide is the plain one, the map is left out."""
    query = {"jahr": "2024", "basis": "2022"}
    slides = walk_anonymised(query, master_names())
    too_few = texts.t("anon19_no_groups", "de", k=3, areas=6)
    for number in range(1, 7):
        spec, text = slides[number - 1]
        assert spec == {} and too_few in text, number
        assert not re.search(r"(?<![\w])[AB](?![\w])", text), number  # no letter at all
    topics = slides[6][0]["data"][0]
    # Solar-Check (Photovoltaik) in Kusel and Kaiserslautern, the Wärmewende (Wärme) in Kusel: 2 and 1 areas
    assert dict(zip(topics["y"], topics["x"], strict=True)) == {"Photovoltaik": 2, "Wärme": 1}
    assert "Am weitesten verbreitet: Photovoltaik (2 von 2 Landkreisen und Städten)." in slides[6][1]
    assert slides[NETWORK_SLIDE - 1][0] == chart_spec(workshop(folie=str(NETWORK_SLIDE), **query))
    assert texts.t("anon19_map_anonymised", "de") in slides[MAP_SLIDE - 1][1]


# --- which normalisation, which CO₂ set, buildings without a valid comparison value ---------------------------------

POOL_MASTER = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nHallenbad Kusel;Schwimmbad;1.000;1975\n"
POOL_YEARS = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
              "Hallenbad Kusel;Strom;2024;150.000;kWh\nHallenbad Kusel;Erdgas;2024;400.000;kWh\n")


def test_the_notes_say_which_normalisation_and_which_co2_set(app_store, monkeypatch):
    from ktdash.analytics import climate

    at = workshop(folie="1", jahr="2024", basis="2022")
    assert "Wärme witterungsbereinigt (langjähriges Mittel der Station, 1991–2020)" in page_text(at)
    assert climate.ATTRIBUTION in page_text(at)
    at = workshop(folie="3", jahr="2024", basis="2022")
    assert at.title[0].value.endswith("kWh/m², auf Referenzklima Potsdam bereinigt")
    assert "Wärme auf Referenzklima Potsdam bereinigt (wie die Vergleichswerte 2021)" in page_text(at)
    at = workshop(folie="4", jahr="2024", basis="2022")
    assert "CO₂e (BISKO-Systematik, BISKO-konform)" in page_text(at)
    monkeypatch.setenv("KTDASH_EMISSION_FACTORS", "direct")
    at = workshop(folie="4", jahr="2024", basis="2022")
    assert not at.exception
    assert at.title[0].value.endswith("kg CO₂ je Einwohner") and "CO₂e" not in at.title[0].value
    assert "CO₂ direkt (nur Verbrennung)" in page_text(at) and "CO₂e" not in takeaway(at)


def test_a_pool_is_left_out_of_the_heat_slide_until_the_settings_take_it_in(tmp_path, monkeypatch):
    path = make_analytics_store_file(tmp_path / "pool.duckdb", [(POOL_MASTER, "bad.csv", "VG Kusel-Altenglan"),
                                                                (POOL_YEARS, "bad_jahre.csv", "VG Kusel-Altenglan")])
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    at = workshop(folie="3", jahr="2024", basis="2022")
    assert not at.exception
    # the Rathaus Kusel alone, as without the pool: 90 against 69,75 kWh/m²
    assert takeaway(at).startswith("1 von 1 Gebäuden (100 %) liegen über ihrem Vergleichswert")
    assert "Ohne 1 nicht vergleichbare Gebäude (z. B. Schwimmbäder)." in page_text(at)
    at.toggle(key="ws_not_comparable").set_value(True).run()
    assert not at.exception
    assert at.query_params["nicht_vergleichbar"] == "1"
    # with the pool: (90.000 + 400.000) / 2.000 m² = 245 against (69.750 + 107.377) / 2.000 = 88,6 kWh/m²
    assert takeaway(at).startswith("2 von 2 Gebäuden (100 %) liegen über ihrem Vergleichswert")
    assert "mit 245 statt 89 kWh/m²" in takeaway(at)
    assert "Einschließlich 1 Gebäude, die nicht mit Vergleichswert vergleichbar sind" in page_text(at)
    at.toggle(key="ws_not_comparable").set_value(False).run()
    assert "nicht_vergleichbar" not in at.query_params


# --- English and empty stores ---------------------------------------------------------------------------------------

def test_english(app_store):
    at = workshop(lang="en", folie="2", jahr="2024", basis="2022")
    assert not at.exception
    assert at.title[0].value.startswith("Saving 2024 against 2022")
    assert takeaway(at).startswith("Kusel: saving +10.0 % since 2022 – the largest (target path +4.0 %)")
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["separators"] == ".,"
    at.button(key="ws_next").click().run()
    assert at.title[0].value.startswith("Heat use per m² 2024")
    assert at.button(key="ws_next").label == "Next"


def test_a_store_without_data_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("KTDASH_DB", str(make_store_file(tmp_path / "leer.duckdb")))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    at = workshop(folie="4")
    assert not at.exception
    assert at.info[0].value == texts.t("no_data", "de")
