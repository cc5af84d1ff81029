"""The demo's measures (issue 17 item 5; sample_data/generate.py, "Measures"): about 40 measures across the region,
imported with the demo (one measures file per owner), and the verification finds the savings the generator put
into the consumption — ``sample_data/demo/expected_measures.csv``, the saving of the generator's noise-free model
over the 12 months after the completion month — within its stated uncertainty; a measure without effect is not
confirmed, the measure with too little data is refused, the overlapping pair is verified together.

On the demo store as ``ktdash init`` makes it (``demo_template``)."""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import pytest

from conftest import demo_copy
from ktdash.analytics import savings, verified
from ktdash.ingest.pipeline import undo_import
from ktdash.store.connection import open_store

DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo"


def read_truth() -> list[dict]:
    with (DEMO / "expected_measures.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


TRUTH = read_truth()


@pytest.fixture(scope="module")
def con(demo_template, tmp_path_factory):
    connection = open_store(demo_copy(demo_template, tmp_path_factory, "demo_measures"))
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def checked(con) -> dict[tuple[str, str, str], tuple[savings.Verification, verified.GroupVerdict]]:
    """(municipality, building, carrier) → the verdict of :func:`savings.verify_measures` on
    :func:`savings.monthly_series`, and the store-level verdict of :func:`verified.verifications`."""
    rows = con.execute("""
        SELECT m.measure_id, m.building_id, b.municipality_key, b.name, c.carrier, m.completed_on,
               m.expected_kwh[c.carrier]
        FROM measures m JOIN buildings b USING (building_id), unnest(m.carriers) AS c(carrier)
        WHERE m.status = 'completed' ORDER BY m.building_id, c.carrier, m.completed_on""").fetchall()
    inputs = [savings.MeasureInput(str(mid), bid, carrier, done, expected)
              for mid, bid, _key, _name, carrier, done, expected in rows]
    names = {(bid, carrier): (key, name) for _mid, bid, key, name, carrier, _done, _exp in rows}
    series = {(m.building_id, m.carrier): savings.monthly_series(con, m.building_id, m.carrier) for m in inputs}
    stored = {(v.municipality_key, v.building, v.carrier): v for v in verified.verifications(con)}
    out = {}
    for group, verdict in zip(savings.group_measures(inputs), savings.verify_measures(inputs, series), strict=True):
        key = (*names[(group.building_id, group.carrier)], group.carrier)
        out[key] = (verdict, stored[key])
    return out


def truth_of(verdict: str) -> list[dict]:
    return [r for r in TRUTH if r["verdict"] == verdict]


def key(row: dict) -> tuple[str, str, str]:
    return row["municipality_key"], row["building"], row["carrier"]


def test_about_40_measures_in_every_owner_are_imported(con):
    stored = con.execute("SELECT status, count(*) FROM measures GROUP BY status").fetchall()
    by_status = dict(stored)
    assert sum(by_status.values()) == len(TRUTH) and 35 <= len(TRUTH) <= 45
    assert by_status["completed"] >= 30 and by_status["planned"] >= 1 and by_status["in_progress"] >= 1
    owners = {r[0] for r in con.execute("SELECT municipality_key FROM municipalities WHERE municipality_key IN "
                                        "(SELECT municipality_key FROM buildings)").fetchall()}
    with_measures = {r[0] for r in con.execute("""SELECT DISTINCT b.municipality_key FROM measures
                                                  JOIN buildings b USING (building_id)""").fetchall()}
    assert with_measures == owners and len(owners) == 28
    types = {r[0] for r in con.execute("SELECT DISTINCT type FROM measures").fetchall()}
    assert len(types) >= 8
    files = con.execute("SELECT count(*) FROM imports WHERE layout = 'measures' AND user_name = 'demo'").fetchone()[0]
    assert files == len({r["municipality_key"] for r in TRUTH})


def test_verification_finds_the_generated_savings_within_their_uncertainty(checked):
    """Each effective measure (or group): a verdict, significant, its band narrow (< 50 % of the true saving) and
    the true saving inside it. A 90 % band leaves about one verdict in ten outside: every one lies within twice
    its band (3,6 standard errors), at least 85 % within the band itself."""
    effective = {key(r): float(r["true_savings_kwh"]) for r in truth_of("effective")}
    assert len(effective) >= 25
    inside = 0
    for k, true in effective.items():
        verdict, stored = checked[k]
        assert not verdict.refused and savings.WITHIN_UNCERTAINTY not in verdict.codes, (k, verdict.codes)
        assert verdict.uncertainty_kwh < 0.5 * true, k
        assert abs(verdict.savings_kwh - true) <= 2 * verdict.uncertainty_kwh, (k, verdict.savings_kwh, true)
        inside += abs(verdict.savings_kwh - true) <= verdict.uncertainty_kwh
        # the store-level table says the same
        assert stored.verification.savings_kwh == pytest.approx(verdict.savings_kwh)
        assert stored.verification.uncertainty_kwh == pytest.approx(verdict.uncertainty_kwh)
        assert verified.significant(stored.verification) is True
        model = verdict.model
        assert model.r2 >= savings.DEFAULT_RULES.min_r2 and model.cvrmse <= savings.DEFAULT_RULES.max_cvrmse
    assert inside >= 0.85 * len(effective), (inside, len(effective))


def test_measures_without_effect_are_not_confirmed(checked):
    """Their expected saving (5–12 % of the year) is not what the data show: a figure within its uncertainty."""
    rows = truth_of("no_effect")
    assert len(rows) >= 3 and {r["carrier"] for r in rows} > {"Strom"}
    for r in rows:
        verdict, stored = checked[key(r)]
        assert not verdict.refused and savings.WITHIN_UNCERTAINTY in verdict.codes, (key(r), verdict.codes)
        assert abs(verdict.savings_kwh) <= verdict.uncertainty_kwh < 0.5 * float(r["expected_kwh"])
        assert verified.significant(stored.verification) is False


def test_the_measure_with_too_little_data_is_refused(checked):
    [row] = truth_of("too_little_data")
    assert date.fromisoformat(row["completed_on"]) >= date(2025, 9, 1)  # only three months of the demo follow
    verdict, stored = checked[key(row)]
    assert verdict.refused and savings.REPORTING_TOO_FEW_MONTHS in verdict.codes
    assert verdict.savings_kwh is None and verdict.uncertainty_kwh is None
    assert stored.verification.refused and stored.valued is None
    frame = verified.table([stored])
    assert frame.loc[0, "refused"] and (frame.loc[0, "savings_kwh"] is None or math.isnan(frame.loc[0, "savings_kwh"]))


def test_the_overlapping_pair_is_verified_together(checked):
    rows = [r for r in TRUTH if r["group"]]
    assert len(rows) == 2 and len({key(r) for r in rows}) == 1
    first, last = sorted(date.fromisoformat(r["completed_on"]) for r in rows)
    assert (last.year - first.year) * 12 + last.month - first.month <= 12
    verdict, stored = checked[key(rows[0])]
    assert verdict.grouped and len(verdict.measure_ids) == 2 and len(stored.measure_ids) == 2
    assert savings.MEASURES_VERIFIED_TOGETHER in verdict.codes
    assert verdict.first_completion == first and verdict.last_completion == last
    true = float(rows[0]["true_savings_kwh"])  # the pair's saving, after the later completion
    assert abs(verdict.savings_kwh - true) <= verdict.uncertainty_kwh < 0.5 * true


def test_undo_of_a_demo_measures_file_removes_its_measures(con):
    import_id, key_ = con.execute("""SELECT i.import_id, any_value(b.municipality_key)
                                     FROM imports i JOIN measures m ON m.import_id = i.import_id
                                     JOIN buildings b USING (building_id)
                                     WHERE i.layout = 'measures' GROUP BY i.import_id ORDER BY i.import_id
                                     LIMIT 1""").fetchone()
    before = con.execute("SELECT count(*) FROM measures").fetchone()[0]
    removed = undo_import(con, import_id, user="demo")
    assert removed["measures"] == sum(1 for r in TRUTH if r["municipality_key"] == key_)
    assert con.execute("SELECT count(*) FROM measures").fetchone()[0] == before - removed["measures"]
