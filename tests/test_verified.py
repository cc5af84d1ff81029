"""Verified savings of stored measures (issue 17 item 2, ktdash.analytics.verified): the completed measures of the
store verified on their building's series, valued at the Kommune page's price and emission factor, totalled per
municipality and district — hand-computed on the EXACT data set of tests/test_savings.py (savings 1435 kWh)."""

from __future__ import annotations

import math
from datetime import date

import pytest

from conftest import TEST_PASSWORD, TODAY
from climate_support import set_test_climate
from test_savings import COMPLETION, exact_series
from ktdash.access.permissions import Role, User
from ktdash.analytics import savings, verified
from ktdash.analytics.reference import load_reference_data
from ktdash.analytics.selection import Selection
from ktdash.ingest import measures

ADMIN = User(name="agentur", role=Role.ADMIN)


def _building(load, name: str, series, gas_factor: float = 1.0) -> None:
    load(f"Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\n{name};Schule;1.000;1970\n", name=f"{name}.csv")
    lines = [f"{name};Erdgas;{v.month:%m.%Y};{v.kwh * gas_factor:,.0f};kWh".replace(",", ".") for v in series]
    load("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n" + "\n".join(lines) + "\n", name=f"{name}_m.csv")


def _measure(con, name: str, completed_on, status="completed", expected=5000.0, title="Neuer Kessel") -> int:
    building_id = con.execute("SELECT building_id FROM buildings WHERE name = ?", [name]).fetchone()[0]
    return measures.add_measure(con, ADMIN, measures.check(
        today=TODAY, building_id=building_id, type="heating_replacement", title=title, carriers=["Erdgas"],
        completed_on=completed_on, expected_kwh={"Erdgas": expected}, status=status))


@pytest.fixture
def two_schools(store, load):
    """Schule S: the exact series (1435 kWh saved); Schule T: the same at 10 × (14,350 kWh) and a baseline with two
    months missing (refused); a planned measure in Schule S (no verdict). Both in the same municipality."""
    series = [v for v in exact_series() if v.month != date(2024, 1, 1)]  # the intervention month is not imported
    _building(load, "Schule S", series)
    _building(load, "Schule T", [v for v in series if v.month not in (date(2023, 3, 1), date(2023, 4, 1))], 10)
    set_test_climate(store, {f"{v.month:%Y-%m}": v.g for v in exact_series()}, 300)
    load_reference_data(store)  # prices and emission factors as `ktdash init` ships them
    ids = {"S": _measure(store, "Schule S", COMPLETION), "T": _measure(store, "Schule T", COMPLETION),
           "planned": _measure(store, "Schule S", None, status="planned", title="Dach")}
    return store, ids


def _factor(con, year: int) -> float:
    return con.execute("SELECT kg_co2e_per_kwh FROM emission_factors WHERE factor_set = 'bisko' AND carrier = "
                       "'Erdgas' AND year <= ? ORDER BY year DESC LIMIT 1", [year]).fetchone()[0]


def test_a_verified_measure_in_kwh_eur_and_co2e(two_schools):
    con, ids = two_schools
    frame = verified.verified_savings(con)
    assert len(frame) == 2  # the planned measure has no verdict
    row = frame.set_index("building").loc["Schule S"]
    assert row["measure_ids"] == [ids["S"]] and not row["refused"] and row["significant"]
    assert row["savings_kwh"] == pytest.approx(1435)
    assert row["percent_of_expected"] == pytest.approx(100 * 1435 / 5000)
    # no costs in the files: the price of energy_prices (Erdgas 0.10 €/kWh, both years)
    assert row["eur_per_kwh"] == pytest.approx(0.10) and row["eur"] == pytest.approx(143.5)
    # the factor of each reporting month's year, weighted by the month's adjusted baseline (100·days + 2·G)
    baseline = {2024: 0.0, 2025: 0.0}
    for month, g in zip([date(2024, m, 1) for m in range(2, 13)] + [date(2025, 1, 1)],
                        [400, 350, 200, 100, 10, 0, 0, 60, 250, 400, 500, 600], strict=True):
        baseline[month.year] += 100 * savings.days_in(month) + 2 * g
    factor = (baseline[2024] * _factor(con, 2024) + baseline[2025] * _factor(con, 2025)) / sum(baseline.values())
    assert row["kg_co2e_per_kwh"] == pytest.approx(factor)
    assert row["t_co2e"] == pytest.approx(1435 * factor / 1000)


def test_a_refused_verdict_has_no_number_and_is_counted_not_added(two_schools):
    con, _ = two_schools
    row = verified.verified_savings(con).set_index("building").loc["Schule T"]
    assert row["refused"] and math.isnan(row["savings_kwh"]) and row["significant"] is None
    assert savings.BASELINE_TOO_FEW_MONTHS in row["codes"]
    area = verified.by_area(verified.verified_savings(con), "municipality")
    assert len(area) == 1
    total = area.iloc[0]
    assert (total["verdicts"], total["measures"], total["verified"], total["refused"]) == (2, 2, 1, 1)
    assert total["savings_kwh"] == pytest.approx(1435)  # Schule T's refusal is not a zero and not 14,350


def test_totals_add_savings_and_root_sum_square_the_uncertainty():
    frame = verified.table([])
    assert verified.by_area(frame, "district").empty
    rows = verified.pd.DataFrame([
        {"municipality_key": "1", "municipality": "A", "measure_ids": [1], "refused": False, "significant": True,
         "savings_kwh": 3000.0, "uncertainty_kwh": 300.0, "expected_kwh": 4000.0, "eur": 300.0, "t_co2e": 0.6},
        {"municipality_key": "1", "municipality": "A", "measure_ids": [2, 3], "refused": False, "significant": False,
         "savings_kwh": 1000.0, "uncertainty_kwh": 400.0, "expected_kwh": None, "eur": 100.0, "t_co2e": 0.2},
        {"municipality_key": "1", "municipality": "A", "measure_ids": [4], "refused": True, "significant": None,
         "savings_kwh": None, "uncertainty_kwh": None, "expected_kwh": 900.0, "eur": None, "t_co2e": None}])
    total = verified.by_area(rows, "municipality").iloc[0]
    assert (total["verdicts"], total["measures"], total["verified"], total["refused"], total["significant"]) == (
        3, 4, 2, 1, 1)
    assert total["savings_kwh"] == 4000 and total["uncertainty_kwh"] == pytest.approx(500)  # √(300² + 400²)
    # % of expected only over verdicts that have both (3000 of 4000); the refused one's 900 is not expected
    assert total["expected_kwh"] == 4000 and total["percent_of_expected"] == pytest.approx(75)
    assert total["eur"] == 400 and total["t_co2e"] == pytest.approx(0.8)


def test_selection_and_one_building(two_schools):
    con, ids = two_schools
    building_id = con.execute("SELECT building_id FROM buildings WHERE name = 'Schule S'").fetchone()[0]
    one = verified.verifications(con, building_id=building_id)
    assert [v.measure_ids for v in one] == [(ids["S"],)] and one[0].verification.savings_kwh == pytest.approx(1435)
    assert verified.verified_savings(con, Selection(carriers=("Strom",))).empty
    assert one[0].verification.reporting_last == date(2025, 1, 1)


# --- what the pages, the export and the CLI show (ktdash.output.measures) -------------------------------------------

def test_measure_rows_carry_their_verdict_and_the_pages_show_the_same(two_schools):
    from ktdash.output import measures as shown

    con, ids = two_schools
    rows = shown.measure_rows(con).set_index("measure_id")
    assert list(rows.columns) == list(shown.MEASURE_ROW_COLUMNS[1:])
    assert rows.loc[ids["S"], "verdict"] == "verified" and rows.loc[ids["S"], "savings_kwh"] == pytest.approx(1435)
    assert rows.loc[ids["T"], "verdict"] == "refused" and math.isnan(rows.loc[ids["T"], "savings_kwh"])
    assert "savings.baseline_too_few_months" in rows.loc[ids["T"], "codes"]
    assert pd_isna(rows.loc[ids["planned"], "verdict"]) and rows.loc[ids["planned"], "status"] == "planned"
    assert rows.loc[ids["planned"], "municipality"] == rows.loc[ids["S"], "municipality"]
    page = shown.savings_table(verified.verifications(con), "de").set_index("Gebäude")
    assert page.loc["Schule S", "Nachgewiesene Einsparung (kWh)"] == rows.loc[ids["S"], "savings_kwh"]
    assert page.loc["Schule S", "Einsparung (€)"] == rows.loc[ids["S"], "eur"]
    assert page.loc["Schule T", "Ergebnis"].startswith("Kein Nachweis möglich: Zu wenige Monate vor der Maßnahme: 10")


def pd_isna(value) -> bool:
    return value is None or value != value


def test_finding_texts_format_numbers_for_the_reader():
    from ktdash.output.measures import FINDING_KEYS, finding_text

    assert set(FINDING_KEYS) == set(savings.CODES)
    finding = savings.Finding(code=savings.BASELINE_HIGH_CVRMSE, blocking=True,
                              values={"cvrmse": 0.2346, "max_cvrmse": 0.15})
    assert "CV(RMSE) 23,5 %, höchstens 15,0 %" in finding_text(finding, "de")
    assert "CV(RMSE) 23.5 %, at most 15.0 %" in finding_text(finding, "en")
    within = savings.Finding(code=savings.WITHIN_UNCERTAINTY, blocking=False,
                             values={"savings_kwh": 1234.4, "uncertainty_kwh": 2000.0})
    assert "(1.234 kWh)" in finding_text(within) and "± 2.000 kWh" in finding_text(within)


def _file_store(db) -> None:
    """Schule S of the EXACT data set (1435 kWh saved) and a planned measure, in a store file (closed)."""
    from conftest import DATA, KUSEL, add_test_accounts, commit_import, open_store, prepare_import
    from ktdash.core.settings import Settings
    from ktdash.ingest.masterdata import load_master_data

    con = open_store(db)
    load_master_data(con, DATA / "master")

    def load(content, name):
        prepared = prepare_import(con, content.encode(), name, KUSEL, settings=Settings(), today=TODAY)
        assert prepared.preview.rows_rejected == 0
        commit_import(con, prepared, user="test")

    series = [v for v in exact_series() if v.month != date(2024, 1, 1)]
    load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nSchule S;Schule;1.000;1970\n", "g.csv")
    load("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n" + "\n".join(
        f"Schule S;Erdgas;{v.month:%m.%Y};{v.kwh:,.0f};kWh".replace(",", ".") for v in series) + "\n", "m.csv")
    set_test_climate(con, {f"{v.month:%Y-%m}": v.g for v in exact_series()}, 300)
    load_reference_data(con)
    _measure(con, "Schule S", COMPLETION)
    _measure(con, "Schule S", None, status="planned", title="Dach")
    add_test_accounts(con)
    con.close()


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    db = tmp_path_factory.mktemp("verified") / "verified.duckdb"
    _file_store(db)
    return db


def test_cli_export_measures_list_and_a_measures_file_that_imports_again(app_store, tmp_path, capsys, monkeypatch):
    """On a store file: ``export measures`` = measure_rows; ``measures export`` writes a file that imports again
    without adding a measure twice; ``measures list`` shows them in the CLI's language."""
    import csv
    import io

    from conftest import KUSEL, open_store
    from ktdash.cli.main import main
    from ktdash.output import measures as shown

    con = open_store(app_store)
    try:
        expected = shown.measure_rows(con)
    finally:
        con.close()
    assert main(["export", "measures", "--municipality", KUSEL]) == 0
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["title"] for r in exported] == list(expected["title"])
    verified_row = next(r for r in exported if r["verdict"] == "verified")
    assert float(verified_row["savings_kwh"]) == pytest.approx(1435, abs=0.001)
    assert verified_row["codes"] == "" and verified_row["completed_on"] == "2024-01-10"

    out = tmp_path / "massnahmen.csv"
    assert main(["measures", "export", "--out", str(out)]) == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Liegenschaft;Maßnahme;Titel;Energieträger;Fertigstellung")
    assert "Schule S;Heizungstausch;Neuer Kessel;Erdgas;10.01.2024;" in text
    monkeypatch.setenv("KTDASH_USER", "kusel")
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    assert main(["import", str(out), "--municipality", KUSEL]) == 0  # the same measures: replaced, none added
    capsys.readouterr()
    assert main(["measures", "list"]) == 0
    listed = capsys.readouterr().out
    assert listed.count("Neuer Kessel") == 1 and "Dach" in listed and "geplant" in listed and "10.01.2024" in listed
    con = open_store(app_store)
    try:
        assert con.execute("SELECT count(*) FROM measures").fetchone()[0] == 2
    finally:
        con.close()
    assert main(["export", "measures", "--municipality", "Atlantis"]) == 2


def test_the_pages_show_what_the_export_says(app_store):
    """Kommune: the total and the verdict's row; Vergleich: the municipality's and the district's savings — the
    figures of ``ktdash export measures`` (measure_rows)."""
    from conftest import open_page

    at = open_page("pages/kommune.py", kommune="073365001", jahr="2024", basis="2023")
    assert not at.exception
    assert "Einsparungen durch Maßnahmen" in [h.value for h in at.subheader]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nachgewiesene Einsparung"] == "1.435 ± 0 kWh"
    assert metrics["Einsparung in Euro"] == "144 €" and metrics["Maßnahmen mit / ohne Nachweis"] == "1 / 0"
    rows = next(d.value for d in at.dataframe if "Nachgewiesene Einsparung (kWh)" in d.value.columns)
    assert rows.iloc[0]["Nachgewiesene Einsparung (kWh)"] == pytest.approx(1435)
    assert rows.iloc[0]["Ergebnis"] == "Nachgewiesen"
    for level, name in (("municipality", "VG Kusel-Altenglan"), ("district", "Kusel")):
        at = open_page("pages/vergleich.py", ebene=level, jahr="2024", basis="2023")
        assert not at.exception
        area = next(d.value for d in at.dataframe if "mit Nachweis" in d.value.columns).set_index(
            "Kommune" if level == "municipality" else "Landkreis/Stadt")
        assert area.loc[name, "Nachgewiesene Einsparung (kWh)"] == pytest.approx(1435)
        assert area.loc[name, "Maßnahmen umgesetzt"] == 1 and area.loc[name, "% der erwarteten Einsparung"] == \
            pytest.approx(28.7)


def test_the_energy_report_has_the_measures_section(two_schools):
    """Section 5 of the Energiebericht: the measures, the verified total and a row per verdict (the same figures
    as the export), the refusal with its reason, the method."""
    import io

    from pypdf import PdfReader

    from conftest import KUSEL
    from ktdash.output.report import build_report

    con, _ = two_schools
    pdf = build_report(con, municipality=KUSEL, year=2025)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    section = text[text.rindex("5 Maßnahmen und Einsparungen"):text.rindex("6 Kampagnen")]
    assert "Erfasst sind 3 Maßnahmen: 2 umgesetzt, 0 in Umsetzung, 1 geplant" in section
    assert "Für 2 umgesetzte Maßnahmen" in section and "1 mit Ergebnis, 1 ohne Nachweis" in section
    assert "Nachgewiesen sind zusammen 1,4 MWh ± 0,0 MWh (90 %), das sind 144 €" in section
    assert "Erreicht sind 29 % der erwarteten Einsparung" in section  # 1435 of 5000
    assert "Schule T, Neuer Kessel: Zu wenige Monate vor der Maßnahme: 10 von 12 Monaten" in section
    assert "IPMVP Option C" in section
    # the data end in January 2025: the year is labelled partial and has no progress against a whole year
    assert "2025, Jan ist ein unvollständiges Jahr" in text and "Kein Fortschritt gegenüber" in text
    empty = build_report(con, municipality=KUSEL, year=2023)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(empty)).pages)
    assert "Keine Maßnahme ist bis Ende 2023 umgesetzt worden" in text


def test_import_page_previews_a_measures_file_with_rejections_stores_it_and_undoes_it(app_store):
    """A measures file through the normal import page: the preview's key figures and a rejected row with line,
    column, value and what is allowed; storing the valid rows; undo removes them again."""
    from conftest import open_page, open_store

    def titles() -> list[str]:
        con = open_store(app_store)
        try:
            return [r[0] for r in con.execute("SELECT title FROM measures ORDER BY title").fetchall()]
        finally:
            con.close()

    data = ("Liegenschaft;Maßnahme;Titel;Energieträger;Fertigstellung;Investition;Förderung;"
            "erwartete Einsparung (kWh/a);Status;Bemerkung\n"
            "Schule S;LED-Beleuchtung;LED Turnhalle;Strom;01.03.2025;18.000;4.000;6.500;umgesetzt;\n"
            "Schule S;Zauberei;Wunder;Strom;01.03.2025;;;;umgesetzt;\n").encode("cp1252")
    at = open_page("pages/import_daten.py", user="kusel")
    at.file_uploader[0].set_value(("massnahmen.csv", data, "text/csv")).run()
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    assert cards["Maßnahmen"] == "1" and cards["abgelehnt"] == "1"
    rejected = next(d.value for d in at.dataframe if "Grund" in d.value.columns)
    assert rejected[["Zeile", "Spalte", "Wert"]].values.tolist() == [[3, "Maßnahme", "Zauberei"]]
    assert "Heizungstausch" in rejected["Grund"].iloc[0]  # what is allowed
    assert titles() == ["Dach", "Neuer Kessel"]  # the preview stored nothing
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert titles() == ["Dach", "LED Turnhalle", "Neuer Kessel"]
    undo = at.selectbox(key="undo_choice")
    undo.set_value(max(undo.options, key=lambda o: int(str(o).split(":")[0]) if str(o)[:1].isdigit() else 0)).run()
    at.button(key="undo_button").click().run()
    assert not at.exception
    assert titles() == ["Dach", "Neuer Kessel"]


def test_verdict_labels_follow_the_sign():
    from ktdash.output.measures import verdict_label

    more = [v._replace(kwh=100 * savings.days_in(v.month) + 2.5 * v.g) if v.month > date(2024, 1, 1) else v
            for v in exact_series()]
    rose = savings.verify(more, COMPLETION)
    assert rose.savings_kwh == pytest.approx(-1435) and verdict_label(rose) == "Mehrverbrauch nachgewiesen"
    assert verdict_label(savings.verify(exact_series(), COMPLETION), "en") == "Verified"
    refused = savings.verify(exact_series(baseline_drop=(date(2023, 2, 1), date(2023, 3, 1))), COMPLETION)
    assert verdict_label(refused) == "Kein Nachweis möglich"


def test_savings_chart_colours_follow_the_sign_and_keeps_zero_and_error_bars_in_view():
    import pandas as pd

    from ktdash.output.charts import BAD, GOOD, savings_by_area_bars

    area = pd.DataFrame({"name": ["A", "B", "C"], "savings_kwh": [144_000.0, -5_000.0, None],
                         "uncertainty_kwh": [6_000.0, 2_000.0, None], "verified": [3, 1, 0]})
    fig = savings_by_area_bars(area, "T")
    bars, labels = fig.data
    assert list(bars.y) == ["A", "B"] and list(bars.x) == [144.0, -5.0]  # MWh; C has no verified saving
    assert list(bars.marker.color) == [GOOD, BAD] and list(bars.error_x.array) == [6.0, 2.0]
    assert list(labels.x) == [150.0, -7.0] and list(labels.textposition) == ["middle right", "middle left"]
    low, high = fig.layout.xaxis.range
    assert low < -7.0 and high > 150.0
