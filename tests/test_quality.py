"""Data quality: every check against a hand-computed example on a tiny store, the negative cases,
the page through AppTest, and the injected problems of the Westpfalz demo end to end."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import KUSEL, make_store_file
from ktdash.analytics import quality
from ktdash.store.connection import open_store

MONTHS = "Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez"
# a heating season: high in winter, low in summer
SEASON = [1000, 800, 600, 400, 200, 100, 50, 50, 150, 400, 700, 900]
# the checks of the monthly series (the buildings these tests import are created without master data,
# so missing_area and missing_category are found as well; they have their own test)
SERIES = ["gap", "outlier", "stale", "zero", "implausible_specific"]


def wide(rows: list[tuple[str, str, int, list[float]]], unit: str = "kWh") -> str:
    """A month table: (building, carrier, year, twelve values) per row."""
    lines = [f"Gebäude;Medium;Jahr;Einheit;{MONTHS}"]
    lines += [f"{b};{c};{y};{unit};" + ";".join(str(v) for v in values) for b, c, y, values in rows]
    return "\n".join(lines) + "\n"


def long(building: str, carrier: str, months: list[str], value: float = 100, unit: str = "kWh") -> str:
    """Long monthly rows, months as 'YYYY-MM'."""
    lines = ["Liegenschaft;Energieträger;Monat;Verbrauch;Einheit"]
    lines += [f"{building};{carrier};{m[5:]}.{m[:4]};{value};{unit}" for m in months]
    return "\n".join(lines) + "\n"


def year_months(year: int, skip: tuple[int, ...] = (), upto: int = 12) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, upto + 1) if m not in skip]


def rows(store, checks=None, **kwargs) -> list[tuple]:
    """(code, building, carrier, period_start, period_end, value) of the findings, values rounded."""
    found = quality.findings(store, checks=checks, **kwargs)
    return [(r.code, r.building, None if pd.isna(r.carrier) else r.carrier,
             None if pd.isna(r.period_start) else r.period_start.date(),
             None if pd.isna(r.period_end) else r.period_end.date(),
             None if pd.isna(r.value) else round(r.value, 4))
            for r in found.itertuples()]


# --- gap and stale ----------------------------------------------------------------------------

def test_gap_reports_each_run_of_missing_months_once(store, load):
    load(long("Rathaus", "Strom", year_months(2024, skip=(3, 4, 8))))
    load(long("Schule", "Strom", year_months(2024)), name="schule.csv")
    assert rows(store, ["gap"]) == [
        ("gap", "Rathaus", "Strom", date(2024, 3, 1), date(2024, 4, 1), 2.0),
        ("gap", "Rathaus", "Strom", date(2024, 8, 1), date(2024, 8, 1), 1.0),
    ]  # the complete series of the Schule has none


def test_months_after_the_last_value_are_no_gap_but_stale_after_three(store, load):
    load(long("Rathaus", "Strom", year_months(2024)))  # the store's latest month: 2024-12
    load(long("Kita", "Strom", year_months(2024, upto=9)), name="kita.csv")  # 3 months without value
    load(long("Bauhof", "Strom", year_months(2024, upto=8)), name="bauhof.csv")  # 4 months
    assert rows(store, ["gap", "stale"]) == [
        ("stale", "Bauhof", "Strom", date(2024, 9, 1), date(2024, 12, 1), 4.0),
    ]
    assert quality.findings(store, checks=["stale"])["reference"].tolist() == [3.0]
    assert rows(store, ["stale"], stale_months=4) == []


# --- outlier ------------------------------------------------------------------------------------

def test_typo_spike_is_an_outlier_with_the_hand_computed_score(store, load):
    # Erdgas 2022 = SEASON, 2023 = SEASON + 10, 2024 = SEASON + 20, but March 2024 typed with one digit too
    # many: 6200 instead of 620.
    # Median of each calendar month = the 2023 value, so the residuals r are −10, 0, +10 for the
    # 11 ordinary months; March: values 600, 610, 6200 → median 610, residuals −10, 0, 5590.
    # The 36 residuals: 12 × −10, 12 × 0, 11 × +10, 1 × 5590 → median (18th/19th value) = 0.
    # |r − 0|: 12 × 0, 23 × 10, 1 × 5590 → MAD = 10.
    # M(March 2024) = 0.6745 × 5590 / 10 = 377.0455; every other month |M| = 0.6745 × 10 / 10 = 0.6745.
    spiked = [v + 20 for v in SEASON]
    spiked[2] = 6200
    load(wide([("Rathaus", "Erdgas", 2022, SEASON), ("Rathaus", "Erdgas", 2023, [v + 10 for v in SEASON]),
               ("Rathaus", "Erdgas", 2024, spiked)]))
    found = quality.findings(store, checks=SERIES)
    assert found["code"].tolist() == ["outlier"]
    row = found.iloc[0]
    assert (row["building"], row["carrier"], row["period_start"].date()) == ("Rathaus", "Erdgas", date(2024, 3, 1))
    assert (row["value"], row["reference"], row["unit"]) == (6200.0, 610.0, "kWh")
    assert row["score"] == pytest.approx(377.0455)
    assert row["severity"] == "warning"


def test_seasonal_heat_is_no_outlier(store, load):
    # Four winter months of 2200–3000 kWh and eight of 30–60: on the raw values (median 55, MAD 15)
    # January would score 0.6745 × 2945 / 15 ≈ 132. Against the median of its own calendar month the
    # residuals are only −10, 0, +10 → |M| ≤ 0.6745, even with the factor condition switched off.
    peaky = [3000, 2500, 60, 50, 40, 30, 30, 30, 40, 50, 2200, 2800]
    load(wide([("Halle", "Erdgas", 2022, peaky), ("Halle", "Erdgas", 2023, [v + 10 for v in peaky]),
               ("Halle", "Erdgas", 2024, [v + 20 for v in peaky])]))
    assert rows(store, ["outlier"], min_factor=1.0) == []
    assert quality.findings(store, checks=SERIES).empty


def test_a_mild_month_is_unusual_but_below_the_factor_two(store, load):
    # March 2024 is 366 = 0.6 × 610 (weather): March values 600, 610, 366 → median 600, residuals 0, 10, −234;
    # all residuals: 1 × −234, 11 × −10, 12 × 0, 12 × +10 → median 0; |r|: 12 × 0, 23 × 10, 234 → MAD 10;
    # M = 0.6745 × −234 / 10 = −15.7833: unusual, but 366 > 600 / 2, so no outlier by default.
    mild = [v + 20 for v in SEASON]
    mild[2] = 366
    load(wide([("Rathaus", "Erdgas", 2022, SEASON), ("Rathaus", "Erdgas", 2023, [v + 10 for v in SEASON]),
               ("Rathaus", "Erdgas", 2024, mild)]))
    assert rows(store, ["outlier"]) == []
    loose = quality.findings(store, checks=["outlier"], min_factor=1.0)
    assert loose["period_start"].dt.date.tolist() == [date(2024, 3, 1)]
    assert loose["score"].tolist() == [pytest.approx(-15.7833)]


def test_outlier_when_mad_is_zero_uses_the_mean_absolute_deviation(store, load):
    # 100 kWh every month of 2022–2024, March 2024 1000: residuals 35 × 0 and 900 (March median 100).
    # MAD = 0 → M = 900 / (1.253314 × MeanAD), MeanAD = 900 / 36 = 25 → M = 900 / 31.33285 = 28.7238.
    flat = [100] * 12
    spiked = [100] * 12
    spiked[2] = 1000
    load(wide([("Bauhof", "Strom", 2022, flat), ("Bauhof", "Strom", 2023, flat), ("Bauhof", "Strom", 2024, spiked)]))
    found = quality.findings(store, checks=SERIES)
    assert found["code"].tolist() == ["outlier"]
    assert found["score"].iloc[0] == pytest.approx(28.7238, abs=1e-4)
    # a flat series (MAD = MeanAD = 0) has no score at all
    load(wide([("Kita", "Strom", y, flat) for y in (2022, 2023, 2024)]), name="kita.csv")
    assert quality.findings(store, checks=SERIES)["building"].tolist() == ["Bauhof"]


def test_no_outlier_without_three_values_of_the_calendar_month(store, load):
    # with two years the median of March is the mean of 100 and 1000: the spike cannot be told apart
    spiked = [100] * 12
    spiked[2] = 1000
    load(wide([("Bauhof", "Strom", 2023, [100] * 12), ("Bauhof", "Strom", 2024, spiked)]))
    assert rows(store, ["outlier"]) == []


# --- zero ---------------------------------------------------------------------------------------

def test_a_zero_month_in_a_series_that_is_otherwise_above_zero(store, load):
    july_empty = [100] * 12
    july_empty[6] = 0
    load(wide([("Rathaus", "Strom", 2022, [100] * 12), ("Rathaus", "Strom", 2023, july_empty),
               ("Rathaus", "Strom", 2024, [100] * 12)]))
    found = quality.findings(store, checks=SERIES)
    assert found["code"].tolist() == ["zero"]  # reported once, not as an outlier too
    assert rows(store, SERIES) == [("zero", "Rathaus", "Strom", date(2023, 7, 1), date(2023, 7, 1), 0.0)]
    assert found["reference"].tolist() == [100.0]  # median of July: 100, 0, 100


def test_a_heating_that_is_off_every_summer_is_no_zero_finding(store, load):
    summer_off = [900, 800, 600, 300, 100, 0, 0, 0, 100, 400, 700, 900]
    load(wide([("Halle", "Erdgas", y, summer_off) for y in (2022, 2023, 2024)]))
    assert quality.findings(store, checks=SERIES).empty


# --- implausible specific consumption -----------------------------------------------------------

BUILDINGS = ("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\n"
             "Grundschule A;Schule;1000;1970\nGrundschule B;Schule;;1980\nBauhof C;Bauhof;1000;1990\n"
             "Straßenbeleuchtung Kusel;Straßenbeleuchtung;;\nBücherei D;Sonstiges;300;1950\n")


def comparison_values(store, rows: list[tuple]) -> None:
    """Replace the comparison values: (category, heating, hot water, electricity) in kWh/m²a."""
    store.execute("DELETE FROM comparison_values")
    for category, heating, hot_water, electricity in rows:
        store.execute("INSERT INTO comparison_values (category, heating_kwh_per_m2a, hot_water_kwh_per_m2a, "
                      "electricity_kwh_per_m2a, source) VALUES (?, ?, ?, ?, 'test')",
                      [category, heating, hot_water, electricity])


def test_implausible_specific_consumption_against_the_comparison_value(store, load):
    # Schule: heat 100 kWh/m²a (heating 0 × size factor + hot water 100), electricity 20 kWh/m²a;
    # band 0.25 × … 3 × → heat 25 … 300, electricity 5 … 60. Grundschule A has 1,000 m².
    comparison_values(store, [("Schule", 0.0, 100.0, 20.0)])
    load(BUILDINGS, name="gebaeude.csv")
    load(wide([
        ("Grundschule A", "Erdgas", 2023, [15000] * 12),  # heat 2023: 180,000 + 180,000 kWh = 360 kWh/m² > 300
        ("Grundschule A", "Heizöl", 2023, [15000] * 12),
        ("Grundschule A", "Erdgas", 2024, [20000] * 12),  # heat 2024: 240 kWh/m²: plausible
        ("Grundschule A", "Strom", 2023, [400] * 12),  # 4,800 kWh = 4.8 kWh/m² < 5
        ("Grundschule A", "Strom", 2024, [6000] * 12),  # 72,000 kWh = 72 kWh/m² > 60
        ("Grundschule B", "Strom", 2024, [6000] * 12),  # no area: skipped
        ("Bauhof C", "Strom", 2024, [6000] * 12),  # no comparison value for Bauhof: skipped
    ]))
    load(wide([("Grundschule A", "Wasser", 2024, [100000] * 12)], unit="m³"), name="wasser.csv")  # never heat
    load(long("Grundschule A", "Strom", year_months(2025, upto=11), value=90000), name="2025.csv")  # 11 months
    found = quality.findings(store, checks=["implausible_specific"])
    got = [(r.building, r.carrier, r.detail, r.period_start.date(), r.period_end.date(), round(r.value, 4),
            r.reference, round(r.score, 4), r.unit) for r in found.itertuples()]
    assert got == [
        ("Grundschule A", "Erdgas, Heizöl", "heat", date(2023, 1, 1), date(2023, 12, 1), 360.0, 100.0, 3.6,
         "kWh/m²a"),
        ("Grundschule A", "Strom", "electricity", date(2023, 1, 1), date(2023, 12, 1), 4.8, 20.0, 0.24, "kWh/m²a"),
        ("Grundschule A", "Strom", "electricity", date(2024, 1, 1), date(2024, 12, 1), 72.0, 20.0, 3.6, "kWh/m²a"),
    ]
    assert rows(store, ["implausible_specific"], high_factor=4.0, low_factor=0.2) == []


def test_implausible_specific_against_the_median_of_five_or_more_buildings(store, load):
    # five Kitas of 1,000 m² with 20, 22, 24, 26 and 100 kWh/m²a electricity in 2024: the median 24 is the
    # reference (not the comparison value of 5, which would flag all of them); 100 / 24 = 4.1667 > 3
    comparison_values(store, [("Kita", 0.0, 100.0, 5.0)])
    names = ["Kita A", "Kita B", "Kita C", "Kita D", "Kita E"]
    load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\n" + "".join(f"{n};Kita;1000;1990\n" for n in names),
         name="kitas.csv")
    load(wide([(n, "Strom", 2024, [kwh * 1000 / 12] * 12)
               for n, kwh in zip(names, (20, 22, 24, 26, 100), strict=True)]))
    found = quality.findings(store, checks=["implausible_specific"])
    assert [(r.building, round(r.value, 3), round(r.reference, 3), round(r.score, 4)) for r in found.itertuples()] == [
        ("Kita E", 100.0, 24.0, 4.1667)]


def test_no_comparison_values_no_plausibility_findings(store, load):
    comparison_values(store, [("Schule", None, None, None)])
    load(BUILDINGS, name="gebaeude.csv")
    load(wide([("Grundschule A", "Strom", 2024, [6000] * 12)]))
    assert rows(store, ["implausible_specific"]) == []


# --- master data ----------------------------------------------------------------------------------

def test_missing_area_and_category_of_buildings_a_consumption_import_created(store, load):
    load(BUILDINGS, name="gebaeude.csv")
    load(long("Neubau Kita", "Strom", year_months(2024)))  # unknown: created in Sonstiges without area
    assert rows(store, ["missing_area", "missing_category"]) == [
        ("missing_area", "Grundschule B", None, None, None, None),
        ("missing_area", "Neubau Kita", None, None, None, None),
        ("missing_category", "Neubau Kita", None, None, None, None),
    ]  # not the street lighting, not the Bücherei that the master data put in Sonstiges
    assert quality.findings(store)["severity"].unique().tolist() == ["info"]
    load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nNeubau Kita;Kita;450;2024\n", name="kita.csv")
    assert [r[:2] for r in rows(store)] == [("missing_area", "Grundschule B")]


# --- the entry points ----------------------------------------------------------------------------

def test_findings_columns_order_filter_and_summary(store, load):
    load(long("Rathaus", "Strom", year_months(2024, skip=(5,))))
    load(long("Bauhof", "Strom", year_months(2024, upto=6)), name="bauhof.csv")
    load(long("Rathaus KL", "Strom", year_months(2024)), name="kl.csv", municipality="Stadt Kaiserslautern")
    found = quality.findings(store)
    assert list(found.columns) == ["code", "severity", "district", "municipality", "municipality_key", "building_id",
                                   "building", "category", "carrier", "period_start", "period_end", "value",
                                   "reference", "score", "unit", "detail"]
    # sorted by municipality (Stadt … before VG …), building, check
    assert [(r.building, r.code) for r in found.itertuples()] == [
        ("Rathaus KL", "missing_area"), ("Rathaus KL", "missing_category"),
        ("Bauhof", "stale"), ("Bauhof", "missing_area"), ("Bauhof", "missing_category"),
        ("Rathaus", "gap"), ("Rathaus", "missing_area"), ("Rathaus", "missing_category")]
    assert set(found["municipality"]) == {KUSEL, "Stadt Kaiserslautern"}
    assert found[found["code"] == "gap"]["severity"].tolist() == ["error"]
    assert set(quality.findings(store, "07312000")["building"]) == {"Rathaus KL"}

    summary = quality.summary(store)
    assert summary["municipality"].tolist() == ["Stadt Kaiserslautern", KUSEL]
    kusel = summary.set_index("municipality").loc[KUSEL]
    assert (kusel["buildings"], kusel["buildings_with_findings"], kusel["findings"]) == (2, 2, 6)
    assert [kusel[c] for c in quality.CODES] == [1, 0, 1, 0, 0, 2, 2]
    only_gaps = quality.summary(store, "073365001", checks=["gap"])
    assert only_gaps[["municipality", "buildings", "buildings_with_findings", "findings", "gap"]].values.tolist() \
        == [[KUSEL, 2, 1, 1, 1]]
    with pytest.raises(ValueError, match="unknown check"):
        quality.findings(store, checks=["typo"])


def test_findings_in_words_german_and_english(store, load):
    spiked = [v + 20 for v in SEASON]
    spiked[2] = 6200
    load(wide([("Rathaus", "Erdgas", 2022, SEASON), ("Rathaus", "Erdgas", 2023, [v + 10 for v in SEASON]),
               ("Rathaus", "Erdgas", 2024, spiked)]))
    load(long("Bauhof", "Strom", [m for m in year_months(2024) if m not in ("2024-03", "2024-04")]), name="b.csv")
    found = quality.findings(store)
    german = quality.describe(found, "de")
    assert list(german.columns) == ["Landkreis/Stadt", "Kommune", "Gebäude", "Kategorie", "Prüfung", "Schwere",
                                    "Energieträger", "Zeitraum", "Befund", "Code"]
    by_code = dict(zip(german["Code"] + " " + german["Gebäude"], german["Befund"], strict=True))
    assert by_code["outlier Rathaus"] == "6.200,0 kWh im 03.2024; Median dieses Kalendermonats 610,0 kWh; M = 377,0"
    assert by_code["gap Bauhof"] == "Fehlende Monate: 2 (03.2024 bis 04.2024)"
    assert by_code["missing_area Bauhof"] == "Keine Bezugsfläche in den Stammdaten"
    assert german.loc[german["Code"] == "gap", "Zeitraum"].tolist() == ["03.2024 – 04.2024"]
    assert german.loc[german["Code"] == "missing_area", "Zeitraum"].tolist() == ["–", "–"]
    english = quality.describe(found, "en")
    assert "Missing months: 2 (2024-03 to 2024-04)" in english["Finding"].tolist()
    assert ("6,200.0 kWh in 2024-03; median of this calendar month 610.0 kWh; M = 377.0"
            in english["Finding"].tolist())


# --- the page ---------------------------------------------------------------------------------------

GAP_FILE = long("Rathaus Kusel", "Strom", year_months(2024, skip=(3, 4)))


@pytest.fixture
def page_store(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "quality.duckdb", [
        (GAP_FILE, "rathaus.csv", KUSEL),
        (long("Rathaus KL", "Strom", year_months(2024)), "kl.csv", "Stadt Kaiserslautern")])
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def open_page(lang: str = "de") -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    if lang == "en":
        at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/datenqualitaet.py").run()
    return at


def test_page_lists_the_findings_with_a_link_to_the_building(page_store):
    con = open_store(page_store)
    try:
        building_id = con.execute("SELECT building_id FROM buildings WHERE name = 'Rathaus Kusel'").fetchone()[0]
    finally:
        con.close()
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Datenqualität"
    summary = at.dataframe[0].value.set_index("Kommune")
    assert summary.loc[KUSEL, ["Gebäude", "mit Befund", "Befunde", "Lücke", "Fläche fehlt", "Kategorie fehlt"]
                       ].tolist() == [1, 1, 3, 1, 1, 1]
    assert summary.loc["Stadt Kaiserslautern", "Befunde"] == 2
    texts = [m.value for m in at.markdown]
    assert any("Lücke: Fehlende Monate: 2 (03.2024 bis 04.2024)" in t for t in texts)
    links = {link.proto.label: link.proto for link in at.get("page_link")}
    kusel = links["**Rathaus Kusel** (Sonstiges)"]
    assert (kusel.page, kusel.query_string) == ("gebaeude", f"building={building_id}")
    table = at.dataframe[1].value
    assert len(table) == 5 and set(table["Code"]) == {"gap", "missing_area", "missing_category"}
    assert at.get("download_button")

    at.sidebar.multiselect(key="quality_checks").set_value(["gap"]).run()
    assert not at.exception
    assert at.dataframe[1].value["Befund"].tolist() == ["Fehlende Monate: 2 (03.2024 bis 04.2024)"]
    assert list(at.dataframe[0].value.columns)[-1] == "Lücke"
    at.sidebar.multiselect(key="quality_municipalities").set_value(["Stadt Kaiserslautern"]).run()
    assert not at.exception
    assert at.info[0].value == "Keine Befunde für diese Auswahl."


def test_page_in_english(page_store):
    at = open_page("en")
    assert not at.exception
    assert at.title[0].value == "Data quality"
    assert any("Gap: Missing months: 2 (2024-03 to 2024-04)" in m.value for m in at.markdown)
    assert "Finding" in at.dataframe[1].value.columns


# --- the demo ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_store(demo_template, tmp_path_factory):
    """The Westpfalz demo imported through the real import with the shipped reference data (`ktdash init`).
    Every checked category has at least 5 buildings, so the plausibility check compares with the median of
    the category, not with the official comparison values."""
    from conftest import demo_copy

    con = open_store(demo_copy(demo_template, tmp_path_factory, "quality"))
    yield con
    con.close()


def weather_outliers(con, found: pd.DataFrame) -> pd.DataFrame:
    """The outliers of heat that the real weather explains: the month's degree days G20/15 at the building's
    station lie on the same side of their median (2019–2025, same calendar month) as the value of its reference,
    and at least 1.5 times above or below it (a very cold May 2021, a very warm September 2023 …)."""
    from ktdash.analytics.metrics import HEAT_CARRIERS

    heat = found[(found["code"] == "outlier") & found["carrier"].isin(HEAT_CARRIERS)]
    explained = []
    for r in heat.itertuples():
        g, median = con.execute("""
            WITH g AS (SELECT d.month, d.g20_15_kd FROM station_degree_days d JOIN building_stations s
                       USING (station_id)
                       WHERE s.building_id = $building AND year(d.month) BETWEEN 2019 AND 2025
                         AND month(d.month) = month($month::DATE))
            SELECT (SELECT g20_15_kd FROM g WHERE month = $month::DATE), median(g20_15_kd) FROM g""",
                                {"building": r.building_id, "month": r.period_start}).fetchone()
        ratio = g / median if median else 1.0
        explained.append((r.value > r.reference) == (ratio > 1) and (ratio >= 1.5 or ratio <= 1 / 1.5))
    return heat[explained]


def test_the_demo_shows_exactly_its_injected_problems(demo_store):
    """sample_data/README.md, "Injected data-quality problems": those, and the outliers of heat in months of
    extreme real weather (the demo's heat follows its stations' DWD degree days month by month)."""
    found = quality.findings(demo_store)
    weather = weather_outliers(demo_store, found)
    assert len(weather) >= 10 and set(weather["period_start"].dt.strftime("%Y-%m")) >= {"2021-05", "2023-09"}
    found = found.drop(weather.index)
    got = sorted((r.code, r.municipality_key, r.building, None if pd.isna(r.carrier) else r.carrier,
                  None if pd.isna(r.period_start) else r.period_start.strftime("%Y-%m"),
                  None if pd.isna(r.detail) else r.detail) for r in found.itertuples())
    rodalben = [("implausible_specific", "073405004", "Kita Sonnenschein Rodalben", carrier, f"{year}-01", detail)
                for year in range(2019, 2026) for carrier, detail in (("Erdgas", "heat"), ("Strom", "electricity"))]
    expected = sorted([
        ("gap", "073200000", "Feuerwache Zweibrücken", "Strom", "2024-05", None),
        ("stale", "073170000", "Feuerwache Pirmasens", "Strom", "2025-07", None),
        ("outlier", "07335", "Kreisverwaltung Kaiserslautern", "Heizöl", "2023-07", None),
        ("zero", "07333", "Kreismusikschule Kirchheimbolanden", "Strom", "2024-09", None),
        ("missing_area", "073405002", "Feuerwehrgerätehaus Hauenstein", None, None, None),
        ("missing_area", "073355009", "Jugendtreff Weilerbach", None, None, None),
        ("missing_category", "073355009", "Jugendtreff Weilerbach", None, None, None),
        # by design of the model, not injected: whole-m³ readings of a small water meter, 2 against 4 m³
        ("outlier", "073355008", "Dorfgemeinschaftshaus Hütschenhausen", "Wasser", "2025-08", None),
        *rodalben,
    ])
    assert got == expected
    gap = found[found["code"] == "gap"].iloc[0]
    assert (gap["period_end"].date(), gap["value"]) == (date(2024, 7, 1), 3.0)
    stale = found[found["code"] == "stale"].iloc[0]
    assert (stale["period_end"].date(), stale["value"]) == (date(2025, 12, 1), 6.0)
    spike = found[(found["code"] == "outlier") & (found["carrier"] == "Heizöl")].iloc[0]
    assert spike["value"] == pytest.approx(22530.0) and spike["reference"] == pytest.approx(2875.0)
    # area 86,6 instead of 866,0 m²: ten times its true kWh/m²a, which lies near the Kitas' median
    assert found[found["code"] == "implausible_specific"]["score"].between(6, 10).all()


