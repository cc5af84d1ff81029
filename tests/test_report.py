"""The Energiebericht (ktdash.output.report, ``ktdash report``, page Energiebericht), read back with pypdf.

The store: the real master data, three municipalities of the Landkreis Kusel with a few buildings and yearly
consumption 2022–2024, degree days of a test station with a colder 2024 (330 K·d a month against a long-term mean of
300, Potsdam's mean also 300: progress and benchmark normalisation agree), the campaign files of tests/data/campaigns
and a few register units. Key figures are worked out by hand from those rows and the documented methods
(ktdash/analytics/metrics.py: the hot-water share s of a category is TEK Warmwasser / (TEK Heizung + TEK Warmwasser)
of the Vergleichswerte 2021; CO₂e with the BISKO-type set), and compared with the library's own figures.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from conftest import DATA, open_page, use_store
from climate_support import set_test_climate
from ktdash.cli import main as cli
from ktdash.analytics import climate, metrics, reference
from ktdash.output import report
from ktdash.core.formatting import format_number
from ktdash.ingest.pipeline import import_file
from ktdash.ingest.masterdata import load_master_data
from ktdash.analytics.reference import load_reference_data
from ktdash.core.settings import AnalyticsSettings, Settings
from ktdash.store.connection import open_store

TIMEOUT = 180
KUSEL_ALTENGLAN, OBERES_GLANTAL, KREISVERWALTUNG = "073365010", "073365009", "07336"
HEADINGS = ["1 Kennzahlen", "2 Entwicklung", "3 Fortschritt gegenüber dem Basisjahr", "4 Gebäude",
            "5 Maßnahmen und Einsparungen", "6 Kampagnen", "7 Datenqualität", "8 Methoden und Quellen"]

BUILDINGS = ("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\n"
             "Rathaus Kusel;Verwaltung;1.000;1965\n"
             "Grundschule Altenglan;Schule;2.000;1972\n"
             "Bauhof Kusel;Bauhof;;1980\n")  # no area and no consumption
CONSUMPTION = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
               "Rathaus Kusel;Strom;2022;20.000;kWh\nRathaus Kusel;Erdgas;2022;100.000;kWh\n"
               "Rathaus Kusel;Strom;2023;19.000;kWh\nRathaus Kusel;Erdgas;2023;95.000;kWh\n"
               "Rathaus Kusel;Strom;2024;18.000;kWh\nRathaus Kusel;Erdgas;2024;90.000;kWh\n"
               "Grundschule Altenglan;Strom;2022;30.000;kWh\nGrundschule Altenglan;Erdgas;2022;250.000;kWh\n"
               "Grundschule Altenglan;Strom;2023;29.000;kWh\nGrundschule Altenglan;Erdgas;2023;245.000;kWh\n"
               "Grundschule Altenglan;Strom;2024;28.000;kWh\nGrundschule Altenglan;Erdgas;2024;240.000;kWh\n")
GLANTAL = ("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Energieträger;Jahr;Verbrauch;Einheit\n"
           "Rathaus Schönenberg-Kübelberg;Verwaltung;800;Strom;2022;15.000;kWh\n"
           "Rathaus Schönenberg-Kübelberg;Verwaltung;800;Erdgas;2022;80.000;kWh\n"
           "Rathaus Schönenberg-Kübelberg;Verwaltung;800;Strom;2024;16.000;kWh\n"
           "Rathaus Schönenberg-Kübelberg;Verwaltung;800;Erdgas;2024;85.000;kWh\n")
KREIS = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
         "Gymnasium Kusel;Strom;2022;60.000;kWh\nGymnasium Kusel;Erdgas;2022;500.000;kWh\n"
         "Gymnasium Kusel;Strom;2024;55.000;kWh\nGymnasium Kusel;Erdgas;2024;450.000;kWh\n")
REGISTER_HEADER = ("MaStR-Nr. der Einheit;Anzeige-Name der Einheit;Betriebs-Status;Energieträger;"
                   "Bruttoleistung der Einheit;Nettonennleistung der Einheit;Inbetriebnahmedatum der Einheit;"
                   "Gemeindeschlüssel;Gemeinde;Art der Solaranlage\n")
# three units in Altenglan (VG Kusel-Altenglan) in 2024, one in 2023; one in Kaiserslautern in 2025
REGISTER = REGISTER_HEADER + "".join(
    f"SEE92000000000{n};PV;In Betrieb;Solare Strahlungsenergie;{kw};9,0;{day};{ags};Ort;"
    "Bauliche Anlagen (Hausdach, Gebäude und Fassade)\n"
    for n, kw, day, ags in ((1, "10,0", "15.03.2024", "07336003"), (2, "8,0", "15.05.2024", "07336003"),
                            (3, "6,5", "01.09.2024", "07336003"), (4, "5,0", "01.09.2023", "07336003"),
                            (5, "7,0", "01.02.2025", "07312000")))


# The weather normalisation by hand (VDI 3807, only the weather-dependent share): E × (s + (1 − s) × G_ref / G_ist).
# Hot-water shares s from Anlage 1 Tabelle 1 (TEK Warmwasser / (TEK Heizung + TEK Warmwasser)):
S_VERWALTUNG = 6.9 / (48.5 + 6.9)  # Nr. 1 Verwaltungsgebäude: 0,124549
S_SCHULE = 22.4 / (49.3 + 22.4)  # Nr. 21 Schulen: 0,312413
S_SETTING = 0.15  # KTDASH_HOT_WATER_SHARE: categories without TEK values (Sonstiges)


def normalised(kwh: float, share: float, actual: float = 330, normal: float = 300) -> float:
    return kwh * (share + (1 - share) * normal / actual)


# 2024, VG Kusel-Altenglan: Rathaus 90.000 × (0,124549 + 0,875451 × 300/330) = 82.837,2 kWh;
# Grundschule 240.000 × (0,312413 + 0,687587 × 300/330) = 224.998,1 kWh; together 307.835,3 kWh
HEAT_2024 = normalised(90_000, S_VERWALTUNG) + normalised(240_000, S_SCHULE)


def import_all(con, files: list[tuple[str | bytes, str, str]]) -> None:
    for content, name, municipality in files:
        data = content.encode() if isinstance(content, str) else content
        preview, result = import_file(con, data, name, municipality, settings=Settings(), user="test")
        assert result is not None, preview.rejected_frame().to_string()


def build_store(path: Path, extra: list[tuple[str, str, str]] = ()) -> Path:
    con = open_store(path)
    try:
        load_master_data(con)
        load_reference_data(con)
        set_test_climate(con, {f"{y}-{m:02d}": 330 if y == 2024 else 300 for y in (2022, 2023, 2024)
                               for m in range(1, 13)}, 300)
        campaigns = [((DATA / "campaigns" / name).read_bytes(), name, KREISVERWALTUNG)
                     for name in ("kampagnen.csv", "aktivitaeten.csv", "mastr.csv")]
        import_all(con, [(BUILDINGS, "gebaeude.csv", KUSEL_ALTENGLAN), (CONSUMPTION, "jahre.csv", KUSEL_ALTENGLAN),
                         (GLANTAL, "glantal.csv", OBERES_GLANTAL), (KREIS, "kreis.csv", KREISVERWALTUNG),
                         *campaigns, (REGISTER, "mastr_kusel.csv", KREISVERWALTUNG), *extra])
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("report") / "bericht.duckdb")


@pytest.fixture
def con(store_path):
    connection = open_store(store_path)
    yield connection
    connection.close()


def pdf_pages(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def body(pages: list[str]) -> str:
    """The text after the title page (which lists the headings once more as contents), one space per run."""
    return re.sub(r"\s+", " ", "\n".join(pages[1:]))


def german(value: float, decimals: int = 1) -> str:
    return format_number(value, decimals)


@pytest.fixture(scope="module")
def municipality_report(store_path):
    con = open_store(store_path)
    steps = []
    try:
        data = report.build_report(con, municipality="VG Kusel-Altenglan", year=2024, baseline=2022,
                                   progress=lambda step, total, label: steps.append((step, total, label)))
    finally:
        con.close()
    return data, steps


# --- the library --------------------------------------------------------------------------------------------------

def test_report_is_a_pdf_with_title_sections_in_order_and_page_numbers(municipality_report):
    data, _ = municipality_report
    pages = pdf_pages(data)
    assert len(pages) > 1
    assert report.page_count(data) == len(pages)
    title = re.sub(r"\s+", " ", pages[0])
    assert "Energiebericht 2024" in title and "VG Kusel-Altenglan" in title
    assert "Basisjahr 2022" in title and "ktdash" in title
    assert re.search(r"Datenstand letzter Import am \d\d\.\d\d\.\d{4}, Verbrauchswerte bis 12\.2024", title)
    assert "Inhalt" in title and all(heading in title for heading in HEADINGS)
    text = body(pages)
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions, dict(zip(HEADINGS, positions, strict=True))
    assert positions == sorted(positions)
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page


def test_key_figures_by_hand(municipality_report):
    """2024, VG Kusel-Altenglan: Rathaus (Verwaltung, 1.000 m²) 90.000 kWh gas + 18.000 kWh electricity, Grundschule
    (Schule, 2.000 m²) 240.000 + 28.000. Degree days 330 against 300; hot-water shares of the categories: heat
    normalised = 82.837,2 + 224.998,1 = 307.835,3 kWh (HEAT_2024)."""
    text = body(pdf_pages(municipality_report[0]))
    assert "330,0 MWh" in text  # heat measured
    assert german(HEAT_2024 / 1000) == "307,8" and "307,8 MWh" in text  # heat weather-normalised
    assert "46,0 MWh" in text  # electricity
    assert "376,0 MWh" in text and "353,8 MWh" in text  # energy measured and normalised: 307.835,3 + 46.000
    assert german((HEAT_2024 + 46_000) / 23_078) + " kWh" in text  # per inhabitant of the VG (23.078): 15,3
    # heat per m², normalised to Potsdam (whose mean is the station's here): 307.835,3 / 3.000 = 102,6
    assert "102,6 kWh/(m²·a)" in text
    assert german(46_000 / 3_000) + " kWh/(m²·a)" in text
    # CO₂e 2024, BISKO-type set: electricity 0,414 kg/kWh (UBA, with upstream chains), gas 0,225 kg/kWh Hs:
    # 46.000 × 0,414 + 330.000 × 0,225 = 19.044 + 74.250 = 93.294 kg
    assert german(46_000 * 0.414 / 1000 + 330_000 * 0.225 / 1000) == "93,3" and "93,3 t" in text
    assert "CO₂-Emissionen: CO₂e (BISKO-Systematik, BISKO-konform)" in text
    assert "46.800 €" in text  # cost: 46.000 × 0,30 + 330.000 × 0,10
    assert "2 von 3" in text  # buildings with data of all buildings (Bauhof Kusel has none)
    assert "Ohne Verbrauchsdaten 2024: Bauhof Kusel" in text


def test_key_figures_as_the_library_computes_them(municipality_report, con):
    text = body(pdf_pages(municipality_report[0]))
    rows = metrics.entity_years(con, "municipality", metrics.Selection(municipalities=(KUSEL_ALTENGLAN,)),
                                AnalyticsSettings())
    for year in (2023, 2024):
        row = rows[rows["year"] == year].iloc[0]
        for column in ("heat_kwh_raw", "heat_kwh_normalised", "electricity_kwh", "energy_kwh_normalised"):
            assert german(row[column] / 1000) + " MWh" in text, (year, column)
        assert german(row["t_co2e"]) + " t" in text
        assert german(row["cost_eur"], 0) + " €" in text
    buildings = metrics.building_years(con, metrics.Selection(years=(2024,), municipalities=(KUSEL_ALTENGLAN,)))
    for _, b in buildings.iterrows():
        assert b["building"] in text
        assert german(b["heat_kwh_per_m2"]) in text and german(b["heat_comparison_kwh_per_m2"]) in text
        assert german(b["electricity_comparison_kwh_per_m2"]) in text
        assert german(b["potential_kwh"] / 1000) in text and german(b["potential_eur"], 0) in text


def test_progress_against_the_baseline_by_hand(municipality_report):
    """Same buildings 2022 → 2024: 400.000 kWh (2022, degree days = mean) → 307.835,3 + 46.000 = 353.835,3 kWh:
    saving 46.164,7 kWh = 11,5 %; target path −2 %/a: 1 − 0,98² = 3,96 % → on track."""
    text = body(pdf_pages(municipality_report[0]))
    saving = 400_000 - (HEAT_2024 + 46_000)
    assert (german(saving / 1000), german(saving / 400_000 * 100)) == ("46,2", "11,5")
    assert "400,0 MWh" in text and "46,2 MWh (11,5 %)" in text
    assert "-2,0 % pro Jahr" in text and "(4,0 %)" in text
    assert "auf dem Zielpfad" in text and "nicht auf dem Zielpfad" not in text


def test_campaigns_photovoltaics_quality_and_methods(municipality_report):
    text = body(pdf_pages(municipality_report[0]))
    # K1 in VG Kusel-Altenglan, 12.03.2024: 60 participants, 5 leads, 450 € (tests/data/campaigns/aktivitaeten.csv)
    assert "an einer Kampagne des Netzwerks beteiligt; durchgeführte Aktivitäten: 1" in text
    assert "K1 Solar-Check Kusel" in text and "450 €" in text and "7,50 €" in text  # cost per participant
    assert german(60 * 1000 / 23_078) in text  # participants per 1.000 inhabitants
    # photovoltaics 2024: three units, 24,5 kWp; 2023: one unit
    pv = text[text.index("Photovoltaik-Zubau 2024"):]
    assert re.search(r"Neue Solaranlagen \[Anzahl\] 3 1", pv) and "24,5" in pv
    # the Bauhof has no area: a finding of the checks
    assert "Fläche fehlt" in text and "Bauhof Kusel" in text[text.index("7 Datenqualität"):]
    methods = text[text.index("8 Methoden und Quellen"):]
    for source in ("VDI 3807", "G20/15", "15.04.2021", "03.05.2021 B1", "Umweltbundesamt", "GEMIS",
                   "Statistisches Landesamt Rheinland-Pfalz", "Marktstammdatenregister", "dl-de/by-2-0",
                   "Teststation", "Iglewicz"):
        assert source in methods, source


def test_methods_name_the_climate_data_stations_shares_and_factor_set(municipality_report):
    text = body(pdf_pages(municipality_report[0]))
    methods = text[text.index("8 Methoden und Quellen"):]
    assert climate.ATTRIBUTION in methods  # CC BY 4.0: the source is named wherever the degree days are used
    # the station the buildings used in 2024 (tests/climate_support.py, 100 m): 12 × 330 = 3.960 Kd against its
    # long-term mean 12 × 300 = 3.600 Kd; 2 buildings, none with substituted or missing months
    assert "Teststation (99001) 100 m 2 3.960 Kd 3.600 Kd 0 / 0" in methods
    # the two normalisations, each with where it is used; Potsdam's reference here 12 × 300 = 3.600 Kd/a
    assert "Stationsmittel (Fortschritt)" in methods and "Potsdam (Vergleich)" in methods
    assert "3.600 Kd/a, aus der Station Potsdam 3987 abgeleitet" in methods
    # the hot-water shares applied, with their derivation from the TEK values
    assert "Schule 31 % TEK der Kategorie: 22,4 / (49,3 + 22,4) = 31 % 1" in methods
    assert "Verwaltung 12 % TEK der Kategorie: 6,9 / (48,5 + 6,9) = 12 % 1" in methods
    # CO₂: which set, its label, every factor applied with its status
    assert "Die CO₂-Zahlen dieses Berichts: CO₂e (BISKO-Systematik, BISKO-konform)." in methods
    assert "Erdgas 0,225 kg/kWh 2024 Annahme 0,10 €/kWh" in methods
    assert "Strom 0,414 kg/kWh 2024 öffentliche Sekundärquelle 0,30 €/kWh" in methods
    # the key figures say which normalisation each carries
    kpis = text[:text.index("2 Entwicklung")]
    assert "Wärme, witterungsbereinigt, Stationsmittel 1991–2020" in kpis
    assert "Wärme je m² Nettogrundfläche, auf Referenzklima Potsdam bereinigt" in kpis


def test_the_co2_label_follows_the_factor_set(store_path, tmp_path):
    """BISKO-konform only while the shipped BISKO set is unchanged; the direct set is labelled as such."""
    path = tmp_path / "kopie.duckdb"
    shutil.copyfile(store_path, path)
    if store_path.with_name(store_path.name + ".wal").exists():
        shutil.copyfile(store_path.with_name(store_path.name + ".wal"), path.with_name(path.name + ".wal"))
    con = open_store(path)
    try:
        direct = body(pdf_pages(report.build_report(con, municipality=KUSEL_ALTENGLAN, year=2024, baseline=2022,
                                                    analytics=AnalyticsSettings(emission_factor_set="direct"))))
        # direct CO₂ 2024: 46.000 × 0,363 + 330.000 × 0,181 = 16.698 + 59.730 = 76.428 kg
        assert "CO₂-Emissionen: CO₂ direkt (nur Verbrennung) 76,4 t" in direct
        assert "BISKO-konform" not in direct
        factors = reference.emission_factors(con)
        gas = (factors["factor_set"] == "bisko") & (factors["carrier"] == "Erdgas") & (factors["year"] == 2024)
        factors.loc[gas, "kg_co2e_per_kwh"] = 0.240
        reference.save_emission_factors(con, factors, by="test")
        changed = body(pdf_pages(report.build_report(con, municipality=KUSEL_ALTENGLAN, year=2024, baseline=2022)))
    finally:
        con.close()
    # 46.000 × 0,414 + 330.000 × 0,240 = 19.044 + 79.200 = 98.244 kg
    assert "CO₂-Emissionen: CO₂e (BISKO-Systematik, Faktoren geändert) 98,2 t" in changed
    assert "(BISKO-Systematik, BISKO-konform)" not in changed
    assert ("Die Faktoren wurden gegenüber dem mitgelieferten BISKO-Satz geändert (Faktoren des BISKO-Satzes weichen "
            "von den mitgelieferten ab); die Zahlen sind deshalb nicht BISKO-konform.") in changed


POOL_BUILDINGS = ("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²)\n"
                  "Hallenbad Göllheim;Schwimmbad;1.500\nGrundschule Göllheim;Schule;2.000\n")
POOL_YEARS = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
              "Hallenbad Göllheim;Erdgas;2024;900.000;kWh\nHallenbad Göllheim;Strom;2024;150.000;kWh\n"
              "Grundschule Göllheim;Erdgas;2024;300.000;kWh\nGrundschule Göllheim;Strom;2024;30.000;kWh\n")


def test_a_pool_is_marked_and_left_out_of_the_savings_potential(tmp_path):
    path = build_store(tmp_path / "bad.duckdb", [(POOL_BUILDINGS, "baeder.csv", "VG Göllheim"),
                                                  (POOL_YEARS, "baeder_jahre.csv", "VG Göllheim")])
    con = open_store(path)
    try:
        text = body(pdf_pages(report.build_report(con, municipality="VG Göllheim", year=2024, baseline=2022)))
        key = report.resolve_entity(con, municipality="VG Göllheim").key
        ranking = metrics.savings_potential(con, 2024, metrics.Selection(municipalities=(key,)))
    finally:
        con.close()
    buildings = text[text.index("4 Gebäude"):text.index("5 Maßnahmen und Einsparungen")]
    # the pool's own figures, its comparison value not shown, no potential. Heat per m²: s = 24,7 / (63,8 + 24,7)
    # = 0,2791 (Schwimmhallen); 900.000 × (0,2791 + 0,7209 × 300/330) / 1.500 = 560,7; electricity 150.000 / 1.500
    pool_heat = normalised(900_000, 24.7 / (63.8 + 24.7)) / 1_500
    assert german(pool_heat) == "560,7"
    assert "Hallenbad Göllheim † Schwimmbad 1.500 560,7 n. v. 100,0 n. v. – –" in buildings
    assert ("† nicht mit Vergleichswert vergleichbar (Hallenbad Göllheim): Schwimmhalle: der Vergleichswert enthält "
            "die Beckenwassererwärmung nicht.") in buildings
    # the potential is the school's alone: f(2.000) = 4,53 × 2.000^(−0,215) + 0,27 = 1,1539; comparison value
    # 49,3 × 1,1539 + 22,4 = 79,3; heat 300.000 × (0,3124 + 0,6876 × 300/330) / 2.000 = 140,6 kWh/m² → (140,6 − 79,3)
    # × 2.000 = 122,7 MWh; electricity 30.000 / 2.000 = 15,0 against 10,0 → 10,0 MWh; together 132,7 MWh
    school_heat = normalised(300_000, S_SCHULE) / 2_000
    comparison = 49.3 * (4.53 * 2_000 ** -0.215 + 0.27) + 22.4
    potential = (school_heat - comparison) * 2_000 + (30_000 / 2_000 - 10.0) * 2_000
    assert german(potential / 1000) == "132,7"
    assert "Einsparpotenzial aller Gebäude zusammen: 132,7 MWh pro Jahr" in buildings
    assert list(ranking["building"]) == ["Grundschule Göllheim"]  # the ranking of the pages and the report's chart


def test_progress_is_reported_per_section(municipality_report):
    _, steps = municipality_report
    assert [s for s, _, _ in steps] == list(range(1, report.STEPS + 1))
    assert {total for _, total, _ in steps} == {report.STEPS}
    labels = [label for _, _, label in steps]
    assert labels[1:9] == HEADINGS


def test_district_report_names_its_municipalities(con):
    pages = pdf_pages(report.build_report(con, district="Landkreis Kusel", year=2024, baseline=2022))
    title, text = re.sub(r"\s+", " ", pages[0]), body(pages)
    assert "Energiebericht 2024" in title and "Landkreis Kusel" in title
    for name in ("Landkreis Kusel (Kreisverwaltung)", "VG Kusel-Altenglan", "VG Lauterecken-Wolfstein",
                 "VG Oberes Glantal"):
        assert name in title, name
    assert "Kennzahlen je Kommune 2024" in text and "Ohne Verbrauchsdaten 2024: VG Lauterecken-Wolfstein" in text
    # every building of the district, grouped by its owner
    for building in ("Gymnasium Kusel", "Rathaus Kusel", "Grundschule Altenglan", "Rathaus Schönenberg-Kübelberg"):
        assert building in text[text.index("4 Gebäude"):], building
    # energy normalised 2024 of the district, by hand: Kusel-Altenglan 353.835,3 (HEAT_2024 + 46.000); the Rathaus
    # Schönenberg-Kübelberg and the Gymnasium are "Sonstiges" (no TEK values: s = 0,15, the setting):
    # Glantal 85.000 × (0,15 + 0,85 × 300/330) = 78.431,8 + 16.000; Kreisverwaltung 450.000 × 0,922727 = 415.227,3
    # + 55.000; together 918.494,4 kWh
    district = (HEAT_2024 + 46_000 + normalised(85_000, S_SETTING) + 16_000 + normalised(450_000, S_SETTING)
                + 55_000)
    assert german(district / 1000) == "918,5" and "918,5 MWh" in text
    assert german(district / 71_462) + " kWh" in text
    # both are marked: their category has no comparison value
    assert "† nicht mit Vergleichswert vergleichbar (Gymnasium Kusel, Rathaus Schönenberg-Kübelberg)" in text
    # K1's three activities in the district: 60 + 20 participants, 1.500 page views of the newsletter
    assert re.search(r"Teilnehmende 80 ", text) and "1.500" in text
    assert "Fortschritt je Kommune: 2024 gegenüber 2022" in text


def test_a_year_without_data_says_so_in_every_section(con):
    text = body(pdf_pages(report.build_report(con, municipality=KUSEL_ALTENGLAN, year=2021, baseline=2019)))
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions and positions == sorted(positions)
    assert "Für VG Kusel-Altenglan liegen für 2021 keine Verbrauchsdaten vor." in text
    assert "Für VG Kusel-Altenglan liegen bis 2021 keine Verbrauchsdaten vor." in text
    assert "Kein Gebäude hat vollständige Daten (12 Monate aller Energieträger) in 2019 und 2021" in text
    assert "Für 2021 hat kein Gebäude von VG Kusel-Altenglan Verbrauchsdaten (3 Gebäude in den Stammdaten)." in text
    assert "Im Jahr 2021 gab es in VG Kusel-Altenglan keine Aktivitäten der Kampagnen des Netzwerks." in text
    assert "wurden 2021 in VG Kusel-Altenglan keine Solaranlagen in Betrieb genommen" in text


def test_unknown_or_ambiguous_entities_are_refused(con):
    with pytest.raises(report.ReportError, match="Nirgendwo"):
        report.build_report(con, municipality="Nirgendwo", year=2024)
    with pytest.raises(report.ReportError, match="Nirgendwo"):
        report.build_report(con, district="Nirgendwo", year=2024)
    with pytest.raises(report.ReportError, match="genau eine"):
        report.build_report(con, municipality=KUSEL_ALTENGLAN, district="07336", year=2024)
    with pytest.raises(report.ReportError, match="genau eine"):
        report.build_report(con, year=2024)
    # names in any case and keys both work
    assert report.resolve_entity(con, district="landkreis kusel").key == "07336"
    assert report.resolve_entity(con, municipality="vg oberes glantal").key == OBERES_GLANTAL


def fonts(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_without_dejavu_the_core_font_and_transliteration(con, monkeypatch, tmp_path, municipality_report):
    assert any("DejaVu" in name for name in fonts(municipality_report[0]))
    assert "CO₂-Emissionen" in body(pdf_pages(municipality_report[0]))
    monkeypatch.setattr(report.pdf, "FONT_DIR", tmp_path / "no-fonts")
    data = report.build_report(con, municipality="VG Kusel-Altenglan", year=2024, baseline=2022)
    assert fonts(data) <= {"/Helvetica", "/Helvetica-Bold"}
    pages = pdf_pages(data)
    text = body(pages)
    assert "VG Kusel-Altenglan" in pages[0] and "Energiebericht 2024" in pages[0]
    assert "CO2-Emissionen" in text and "CO₂" not in text
    assert "307,8 MWh" in text and "46.800 €" in text and "Gebäude" in text  # € and umlauts are in Windows-1252
    assert [text.find(h) for h in HEADINGS] == sorted(text.find(h) for h in HEADINGS)


def test_charts_that_cannot_be_drawn_leave_a_sentence(con, monkeypatch):
    from ktdash.output.exports.charts import ChartExportError

    def fail(*args, **kwargs):
        raise ChartExportError("Diagramm-Export (png) fehlgeschlagen: kein Chromium")

    monkeypatch.setattr(report.pdf, "chart_bytes", fail)
    text = body(pdf_pages(report.build_report(con, municipality=KUSEL_ALTENGLAN, year=2024, baseline=2022)))
    assert "Das Diagramm konnte nicht erzeugt werden (Diagramm-Export (png) fehlgeschlagen: kein Chromium)." in text
    assert "307,8 MWh" in text


def test_a_long_building_table_repeats_its_header_on_every_page(tmp_path):
    names = [f"Testgebäude {n:02d}" for n in range(1, 61)]
    buildings = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²)\n" + "".join(f"{n};Kita;{500 + i}\n"
                                                                              for i, n in enumerate(names))
    years = "Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n" + "".join(
        f"{n};Erdgas;2024;{60_000 + 100 * i};kWh\n{n};Strom;2024;{8_000 + 10 * i};kWh\n" for i, n in enumerate(names))
    path = build_store(tmp_path / "lang.duckdb", [(buildings, "viele.csv", "VG Göllheim"),
                                                   (years, "viele_jahre.csv", "VG Göllheim")])
    con = open_store(path)
    try:
        pages = pdf_pages(report.build_report(con, municipality="VG Göllheim", year=2024, baseline=2022))
    finally:
        con.close()
    with_rows = [i for i, page in enumerate(pages) if any(name in page for name in names)]
    table_pages = [i for i in with_rows if i > 0 and "Testgebäude" in pages[i] and "Kita" in pages[i]]
    assert len(table_pages) >= 2  # the table runs over pages
    for i in table_pages:
        assert "Gebäude Kategorie" in re.sub(r"\s+", " ", pages[i]), f"page {i + 1} has no header row"
        assert "Einsparpotenzial" in pages[i]
    assert all(name in body(pages) for name in names)


# --- the command line -----------------------------------------------------------------------------------------------

def test_cli_writes_the_report(store_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KTDASH_DB", str(store_path))
    out = tmp_path / "bericht.pdf"
    assert cli.main(["report", "--municipality", "VG Kusel-Altenglan", "--year", "2024", "--baseline", "2022",
                     "--out", str(out)]) == 0
    pages = pdf_pages(out.read_bytes())
    captured = capsys.readouterr()
    assert f"Energiebericht nach {out} geschrieben: {len(pages)} Seiten." in captured.out
    assert "Methoden und Quellen" in captured.err  # the progress on stderr
    assert "Basisjahr 2022" in re.sub(r"\s+", " ", pages[0])
    district = tmp_path / "kreis.pdf"
    assert cli.main(["report", "--district", "07336", "--year", "2024", "--out", str(district)]) == 0
    assert "Basisjahr 2019" in re.sub(r"\s+", " ", pdf_pages(district.read_bytes())[0])  # default: the setting


def test_cli_needs_exactly_one_municipality_or_district(store_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KTDASH_DB", str(store_path))
    out = tmp_path / "bericht.pdf"
    with pytest.raises(SystemExit) as exc:
        cli.main(["report", "--year", "2024", "--out", str(out)])
    assert exc.value.code == 2 and "--municipality" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["report", "--municipality", "VG Kusel-Altenglan", "--district", "07336", "--year", "2024",
                  "--out", str(out)])
    assert exc.value.code == 2 and "not allowed with" in capsys.readouterr().err
    assert cli.main(["report", "--district", "Nirgendwo", "--year", "2024", "--out", str(out)]) == cli.EXIT_ERROR
    assert "„Nirgendwo“ ist unbekannt" in capsys.readouterr().err
    assert not out.exists()


# --- the page -------------------------------------------------------------------------------------------------------

def page(**query) -> AppTest:
    return open_page("pages/bericht.py", timeout=TIMEOUT, **query)


@pytest.fixture
def app_store(store_path, monkeypatch):
    """The module's store itself, not a copy (conftest's ``app_store``): the page tests only read it."""
    return use_store(monkeypatch, store_path)


def report_downloads(at) -> list:
    """The report's download buttons (PDF, DOCX), not those of the page's chart."""
    return [b for b in at.get("download_button") if b.key.startswith("report_download")]


def test_page_builds_the_report_and_offers_the_pdf(app_store, downloads):
    at = page(kommune=KUSEL_ALTENGLAN, jahr="2024", basis="2022")
    assert not at.exception
    assert at.title[0].value == "Energiebericht"
    assert at.radio(key="report_level").value == "municipality"
    assert at.selectbox(key="report_municipality").value == KUSEL_ALTENGLAN
    assert at.selectbox(key="report_year").value == 2024 and at.selectbox(key="report_baseline").value == 2022
    assert not report_downloads(at)
    at.button(key="report_build").click().run()
    assert not at.exception
    assert [b.key for b in report_downloads(at)] == ["report_download", "report_download_docx"]
    data = downloads["Energiebericht_VG_Kusel-Altenglan_2024.pdf"]
    pages = pdf_pages(data)
    assert "VG Kusel-Altenglan" in pages[0] and "307,8 MWh" in body(pages)
    status = at.status[0]
    assert status.label == f"Energiebericht VG Kusel-Altenglan 2024: {len(pages)} Seiten"
    assert [m.value for m in status.markdown] == ["Titelseite", *HEADINGS, "Inhaltsverzeichnis und Seitenzahlen"]
    assert at.query_params["kommune"] == KUSEL_ALTENGLAN and at.query_params["jahr"] == "2024"
    # another municipality: its URL, and no download of the report built for the first one
    at.selectbox(key="report_municipality").set_value(OBERES_GLANTAL).run()
    assert not at.exception
    assert at.query_params["kommune"] == OBERES_GLANTAL and not report_downloads(at)


def test_page_district_from_the_url(app_store, downloads):
    at = page(kreis="07336", jahr="2024")
    assert not at.exception
    assert at.radio(key="report_level").value == "district"
    assert at.selectbox(key="report_district").value == "07336"
    assert at.selectbox(key="report_baseline").value == 2022  # 2019 (the setting) has no data: the first year
    at.button(key="report_build").click().run()
    assert not at.exception
    pages = pdf_pages(downloads["Energiebericht_Landkreis_Kusel_2024.pdf"])
    assert "VG Oberes Glantal" in pages[0]
    assert "kommune" not in at.query_params
