"""The workshop slide "Kompetenzabdeckung im Netzwerk" (ktdash/output/workshop.py network_slide, the chart
ktdash/output/charts/network.py coverage_bars): per topic the number of people per competence level, the topics
nobody or only one person can advise on first and marked, a sentence computed from the counts — and never a name,
also not when the view is not anonymised. Hand-computed examples; the workshop page renders it (``?folie=8``)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import deep_link, make_analytics_store_file
from ktdash.access.permissions import Role, User
from ktdash.analytics import network
from ktdash.ingest import people
from ktdash.output.workshop import SLIDES, network_slide
from ktdash.store.connection import open_store

ADMIN = User(name="agentur", role=Role.ADMIN)
NUMBER = SLIDES.index("network") + 1
PEOPLE = {  # name, e-mail → competences (topic code → level)
    ("Anna Beispiel (fiktiv)", "anna@example.org"): {"heat_planning": "contact", "pv": "experienced",
                                                    "mobility": "learning"},
    ("Bert Muster (fiktiv)", "bert@example.org"): {"heat_planning": "experienced", "pv": "contact"},
    ("Carla Probe (fiktiv)", "carla@example.org"): {"funding": "contact", "mobility": "learning"},
}
NAMES = [n for pair in PEOPLE for n in pair] + ["Anna", "Bert", "Carla", "Person 1", "Person 2", "Person 3"]


def hand_coverage() -> pd.DataFrame:
    """Four topics counted by hand: PV 1 contact + 2 experienced (able 3); Wärmeplanung 1 experienced + 2 learning
    (able 1: single); Mobilität 1 learning (able 0: uncovered); Straßenbeleuchtung 2 contacts (able 2)."""
    return pd.DataFrame({
        "topic": ["pv", "heat_planning", "mobility", "street_lighting"],
        "topic_name": ["PV", "Wärmeplanung", "Mobilität", "Straßenbeleuchtung"],
        "contact": [1, 0, 0, 2], "experienced": [2, 1, 0, 0], "learning": [0, 2, 1, 0],
        "able": [3, 1, 0, 2], "risk": [None, "single", "uncovered", None]})


def bars(figure) -> dict[str, dict[str, int]]:
    """{trace name: {topic: count}} of the slide's stacked bars."""
    return {t.name: dict(zip(t.y, t.x, strict=True)) for t in figure.data if t.type == "bar"}


def test_the_slide_counts_people_per_topic_and_level_and_puts_the_risks_first():
    slide = network_slide(hand_coverage(), "de")
    assert slide.headline.startswith("Kompetenzabdeckung im Netzwerk")
    figure = slide.figure
    order = ["Mobilität", "Wärmeplanung", "Straßenbeleuchtung", "PV"]  # uncovered, single, then by people able
    assert list(figure.data[0].y) == order
    assert bars(figure) == {
        "Ansprechpartner*in": {"Mobilität": 0, "Wärmeplanung": 0, "Straßenbeleuchtung": 2, "PV": 1},
        "erfahren": {"Mobilität": 0, "Wärmeplanung": 1, "Straßenbeleuchtung": 0, "PV": 2},
        "möchte lernen": {"Mobilität": 1, "Wärmeplanung": 2, "Straßenbeleuchtung": 0, "PV": 0}}
    # the two risks marked at the end of their bars (row 0: 1 person in all, row 1: 3), nothing on the others
    marks = {(a.y, a.x): a.text for a in figure.layout.annotations}
    assert marks == {(0, 1): "<b>niemand</b>", (1, 3): "<b>nur eine Person</b>"}
    assert len(figure.layout.shapes) == 2  # the red bands behind the two rows
    assert slide.takeaway == ("Niemand im Netzwerk kann beraten zu: Mobilität (1 von 4 Themen). "
                              "Nur eine Person kann beraten zu: Wärmeplanung (1 von 4 Themen).")


def test_the_sentence_names_the_widest_topic_when_nothing_is_at_risk_and_english_works():
    covered = hand_coverage().iloc[[0, 3]]
    assert network_slide(covered, "de").takeaway == (
        "Alle 2 Themen sind von mindestens zwei Personen abgedeckt; am breitesten: PV (3 Personen).")
    english = network_slide(hand_coverage(), "en")
    assert english.takeaway.startswith("Nobody in the network can advise on: Mobilität (1 of 4 topics).")
    assert list(bars(english.figure)) == ["contact person", "experienced", "wants to learn"]
    assert [a.text for a in english.figure.layout.annotations] == ["<b>nobody</b>", "<b>one person only</b>"]
    empty = network_slide(hand_coverage().iloc[0:0], "de")
    assert empty.figure is None and empty.empty


def add_people(con) -> None:
    for (name, email), competences in PEOPLE.items():
        person = people.add_person(con, ADMIN, people.check(name=name, email=email, consent=True))
        for topic, level in competences.items():
            people.set_competence(con, ADMIN, person, topic, level)


def test_the_slide_from_the_store_has_the_hand_counts_and_no_name(store):
    add_people(store)
    slide = network_slide(network.topic_coverage(store), "de")
    counted = bars(slide.figure)
    # by hand from PEOPLE: Wärmeplanung 1 + 1, PV 1 + 1, Förderprogramme 1 contact, Mobilität 2 learning
    assert (counted["Ansprechpartner*in"]["Wärmeplanung"], counted["erfahren"]["Wärmeplanung"]) == (1, 1)
    assert (counted["Ansprechpartner*in"]["PV"], counted["erfahren"]["PV"]) == (1, 1)
    assert counted["Ansprechpartner*in"]["Förderprogramme"] == 1
    assert counted["möchte lernen"]["Mobilität"] == 2
    # ten topics: seven nobody can advise on (all but the three above), Förderprogramme hangs on one person
    assert slide.takeaway.endswith("Nur eine Person kann beraten zu: Förderprogramme (1 von 10 Themen).")
    assert "(7 von 10 Themen)" in slide.takeaway and "Mobilität" in slide.takeaway
    everything = json.dumps(slide.figure.to_plotly_json(), ensure_ascii=False) + slide.takeaway + slide.note
    assert not [n for n in NAMES if n in everything]


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    path = make_analytics_store_file(tmp_path_factory.mktemp("network_workshop") / "workshop.duckdb")
    con = open_store(path)
    try:
        add_people(con)
    finally:
        con.close()
    return path


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_workshop_page_shows_the_slide_without_names(app_store, anonymous):
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.query_params["folie"] = str(NUMBER)
    if anonymous:
        at.query_params["anonym"] = "1"
    deep_link(at, "pages/workshop.py")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Kompetenzabdeckung im Netzwerk – Personen je Thema und Stufe"]
    assert f"{NUMBER} / {len(SLIDES)}" in [m.value for m in at.markdown]
    text = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])
    assert "Nur eine Person kann beraten zu: Förderprogramme" in text.replace("\\", "")
    spec = json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec), ensure_ascii=False)
    assert "Wärmeplanung" in spec
    assert not [n for n in NAMES if n in spec + text]
