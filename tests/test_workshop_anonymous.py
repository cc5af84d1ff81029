"""The anonymised workshop against the public pages (issue 19, "cannot be matched to the public page by any shown
number"): the Westpfalz demo, the public Vergleich and Kampagnen pages as an anonymous visitor sees them, and every
slide of the anonymised workshop (``?anonym=1``), all through AppTest.

1. No number shown anonymised equals a number of the public pages, compared at the precision the slide shows it
   (the public figure rounded to it) — apart from the numbers listed in :data:`COMMON` (years, the slide counter,
   counts of areas, k …), each with why it cannot tell a place.
2. The attacker: with the public pages he knows every district's figure, so he can work out what the workshop
   would show for each district (its group, its row, its sentence). For every letter, the districts that would
   show exactly what that letter shows — on every slide where the letter stands for the same place — are the
   places it may be; :func:`consistent_sets` computes them and the test asks for at least k = 3.
   ``test_the_attacker_pins_an_index_slide`` shows the check failing on an index slide (the design before).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import deep_link
from ktdash.core.formatting import format_number

TIMEOUT = 120
SLIDES = 9
K = 3
QUERY = {"jahr": "2024", "basis": "2019"}
SEED = 20261204
# Numbers a slide may show although a public page shows them too, and why they name no place:
COMMON = {
    "years": set(range(1990, 2031)),  # the year and baseline of the slide, reference periods, sources' years
    "counter": set(range(1, SLIDES + 1)),  # "3 / 9"
    "areas": set(range(0, 8)),  # counts of the seven districts (how many cover a topic, group sizes), k = 3, the
    # equal bars of a group (length 1) — counts over all areas, the same whichever letter is whose
}
COMMON_TEXTS = {"-2,0"}  # the target path's change per year in the progress note: a setting, the same for every place
NUMBER = re.compile(r"(?<![\d.,\w])[−+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|(?<![\d.,\w])[−+-]?\d+(?:,\d+)?")
LETTER = re.compile(r"(?<![\w])([A-G])(?![\w])")


@pytest.fixture(scope="module")
def demo_store(demo_template, tmp_path_factory) -> Path:
    from conftest import demo_copy

    return demo_copy(demo_template, tmp_path_factory, "workshop_anonymous")


@pytest.fixture(scope="module")
def env(demo_store):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KTDASH_DB", str(demo_store))
        patch.setenv("KTDASH_DEMO", "0")
        yield demo_store


# --- what the pages show ------------------------------------------------------------------------------------------

def _texts(at: AppTest) -> list[str]:
    parts = [t.value for t in at.title] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info] + [h.value for h in at.header] + [h.value for h in at.subheader]
    return [str(p) for p in parts]


def _trace_items(trace: dict) -> list:
    items = []
    for field in ("x", "y", "z", "text", "hovertext", "customdata"):
        value = trace.get(field)
        if isinstance(value, list):
            items += [c for v in value for c in (v if isinstance(v, list) else [v])]
        elif value is not None:
            items.append(value)
    return items


def numbers_of(items) -> list[tuple[float, int]]:
    """(value, decimals shown) of every number in ``items``: numbers as they are (decimals 0 for a whole number,
    else up to 6) and those written in texts in German format."""
    found = []
    for item in items:
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, (int, float)):
            if item == item:
                value = float(item)
                found.append((value, 0 if value.is_integer() else 6))
            continue
        for match in NUMBER.findall(str(item)):
            number = match.replace("−", "-").replace(".", "")
            found.append((float(number.replace(",", ".")), len(number.split(",")[1]) if "," in number else 0))
    return found


def page_numbers(at: AppTest) -> list[tuple[float, int]]:
    items: list = _texts(at)
    items += [m.value for m in at.metric] + [m.delta for m in at.metric]
    for frame in at.dataframe:
        items += [v for v in frame.value.to_numpy().ravel().tolist()]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec["data"]:
            items += _trace_items(trace)
        items += [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    return numbers_of(items)


@pytest.fixture(scope="module")
def public(env) -> list[tuple[float, int]]:
    """Every number the public Vergleich (both levels) and Kampagnen pages show an anonymous visitor for the year."""
    found = []
    for page, query in (("pages/vergleich.py", QUERY), ("pages/vergleich.py", QUERY | {"ebene": "municipality"}),
                        ("pages/kampagnen.py", {"jahre": QUERY["jahr"]})):
        at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
        for key, value in query.items():
            at.query_params[key] = value
        at = deep_link(at, page)
        assert not at.exception, page
        found += page_numbers(at)
    assert len(found) > 200
    return found


@pytest.fixture(scope="module")
def slides(env) -> list[dict]:
    """Every slide of one anonymised session: its chart spec, its sentence and all its texts."""
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.session_state["workshop_seed"] = SEED
    for key, value in (QUERY | {"folie": "1", "anonym": "1"}).items():
        at.query_params[key] = value
    at = deep_link(at, "pages/workshop.py")
    shown = []
    for number in range(1, SLIDES + 1):
        assert not at.exception, number
        charts = at.get("plotly_chart")
        spec = json.loads(charts[0].proto.spec) if charts else {"data": [], "layout": {}}
        texts = _texts(at)
        counter = texts.index(f"{number} / {SLIDES}")
        shown.append({"spec": spec, "sentence": texts[counter + 1].replace("\\", "") if counter + 1 < len(texts)
                      else "", "texts": [t for t in texts if t != f"{number} / {SLIDES}"]})
        if number < SLIDES:
            at.button(key="ws_next").click().run()
    return shown


def truth(seed: int) -> dict[int, dict[str, str]]:
    """{slide number: {district name: its letter}} as the workshop draws them (the moderator's knowledge)."""
    from ktdash.output import workshop

    districts = pd.read_csv(Path(__file__).resolve().parent.parent / "sample_data" / "master" / "districts.csv",
                            dtype=str)
    names = dict(zip(districts["district_key"], districts["name"], strict=True))
    return {number: workshop.slide_letters(names, seed, kind) for number, kind in enumerate(workshop.SLIDES, 1)
            if kind in workshop.LETTER_SLIDES}


# --- the attacker --------------------------------------------------------------------------------------------------

def observations(slide: dict) -> dict[str, tuple]:
    """{letter: what the slide shows about it}: each chart point (bar, row of cells, text) that names the letter,
    with every letter in it replaced by "#", and each clause of the sentence that names it, likewise."""
    seen: dict[str, list] = {}
    for number, trace in enumerate(slide["spec"]["data"]):
        fields = {f: trace.get(f) for f in ("x", "y", "z", "text", "hovertext", "customdata")
                  if isinstance(trace.get(f), list)}
        length = max((len(v) for v in fields.values()), default=0)
        for i in range(length):
            point = tuple((f, json.dumps(v[i] if i < len(v) else None, sort_keys=True)) for f, v in fields.items())
            for letter in set(LETTER.findall(json.dumps(point))):
                seen.setdefault(letter, []).append((number, i if trace.get("type") == "heatmap" else None,
                                                    LETTER.sub("#", json.dumps(point))))
    for clause in re.split(r"[.;:]\s+", slide["sentence"]):
        for letter in set(LETTER.findall(clause)):
            seen.setdefault(letter, []).append(("sentence", LETTER.sub("#", clause)))
    return {letter: tuple(sorted(map(str, items))) for letter, items in seen.items()}


def consistent_sets(slides: list[dict], letters: dict[int, dict[str, str]]) -> dict[tuple, set[str]]:
    """{(slides, letter): the districts it may be}. A letter stands for one place on every slide whose assignment
    is the same (then the attacker joins what those slides show); each district would show, under its own letter,
    what its letter shows; so a letter may be every district whose observations are the same as the letter's."""
    units: dict[tuple, list[int]] = {}
    for number, assignment in letters.items():
        units.setdefault(tuple(sorted(assignment.items())), []).append(number)
    found = {}
    for assignment, numbers in units.items():
        names = dict(assignment)
        seen = {n: observations(slides[n - 1]) for n in numbers}

        def observed(letter, seen=seen, numbers=numbers):
            return tuple(seen[n].get(letter, ()) for n in numbers)

        for letter in set(names.values()):
            if not any(observed(letter)):
                continue  # nothing shown under this letter
            found[(tuple(numbers), letter)] = {d for d, own in names.items() if observed(own) == observed(letter)}
    return found


# --- the tests -----------------------------------------------------------------------------------------------------

def test_no_shown_number_equals_a_public_one(public, slides):
    common = set().union(*COMMON.values())
    public_values = [(v, d) for v, d in public]
    hits = []
    for number, slide in enumerate(slides, 1):
        if number == 8:  # the network's coverage: counts of people per topic, the same anonymised or not, no place
            continue
        items = list(slide["texts"])
        for trace in slide["spec"]["data"]:
            items += _trace_items(trace)
        items += [a.get("text", "") for a in slide["spec"]["layout"].get("annotations", [])]
        for value, decimals in numbers_of(items):
            shown = format_number(value, decimals)
            if (decimals == 0 and value in common) or shown in COMMON_TEXTS:
                continue
            hits += [(number, shown) for p, _ in public_values if format_number(p, decimals) == shown]
    assert sorted(set(hits)) == []


def test_every_letter_is_one_of_at_least_three_places(slides):
    letters = truth(SEED)
    sets = consistent_sets(slides, letters)
    assert {key: sorted(places) for key, places in sets.items() if len(places) < K} == {}
    # every slide with letters shows all seven (the demo has values for every district), each on its own draw
    assert sorted(sets) == sorted(((n,), letter) for n in letters for letter in "ABCDEFG")


def test_the_attacker_pins_an_index_slide():
    """The check of the test above can fail: an index per letter (the design before) pins every letter."""
    names = {"Kusel": "A", "Pirmasens": "B", "Zweibrücken": "C", "Südwestpfalz": "D"}
    index = {"A": 80, "B": 100, "C": 113, "D": 97}
    slide = {"spec": {"data": [{"type": "bar", "y": list(index), "x": list(index.values())}], "layout": {}},
             "sentence": "Am höchsten: C mit Index 113, am niedrigsten: A mit 80."}
    sets = consistent_sets([slide], {1: names})
    assert all(len(places) == 1 for places in sets.values()) and len(sets) == 4


# --- the parts by hand ---------------------------------------------------------------------------------------------

def test_rank_bands_by_hand():
    from ktdash.output.workshop import rank_bands

    values = pd.Series({"A": 5.0, "B": 1.0, "C": 7.0, "D": 3.0, "E": 2.0, "F": 6.0, "G": 4.0})
    # seven values: two groups by rank, the lower one takes the remainder (4 + 3), letters alphabetical
    assert rank_bands(values) == [["B", "D", "E", "G"], ["A", "C", "F"]]
    # nine: thirds; equal values in letter order (H and I tie with A)
    nine = pd.concat([values, pd.Series({"H": 5.0, "I": 5.0})])
    assert rank_bands(nine) == [["B", "D", "E"], ["A", "G", "H"], ["C", "F", "I"]]
    # five values (fewer than 2 k): no groups; a missing value takes no part
    assert rank_bands(values.iloc[:5]) == []
    assert rank_bands(pd.concat([values, pd.Series({"H": None})]))[0] == ["B", "D", "E", "G"]


def test_status_groups_merge_small_states_with_a_neighbour():
    from ktdash.output.workshop import status_groups

    # 4 more, 1 saving, 2 on track: "saving" (1) joins its smaller neighbour "on track" (2) → 4 and 3
    status = pd.Series(dict(zip("ABCDEFG", ["more", "on_track", "more", "saving", "more", "on_track", "more"],
                                strict=True)))
    assert status_groups(status) == [(("more",), ["A", "C", "E", "G"]), (("saving", "on_track"), ["B", "D", "F"])]
    # 5 more, 2 on track: the two on track join "more" — one group of all seven
    status = pd.Series(dict(zip("ABCDEFG", ["more"] * 5 + ["on_track"] * 2, strict=True)))
    assert status_groups(status) == [(("more", "on_track"), list("ABCDEFG"))]
    # three states of three: unchanged; two areas in all: no group of k
    status = pd.Series(dict(zip("ABCDEFGHI", ["more", "saving", "on_track"] * 3, strict=True)))
    assert [g[1] for g in status_groups(status)] == [["A", "D", "G"], ["B", "E", "H"], ["C", "F", "I"]]
    assert status_groups(pd.Series({"A": "more", "B": "saving"})) == []


def test_letters_are_drawn_per_slide_and_kept_per_seed():
    from ktdash.output.workshop import moderator_table, slide_letters

    districts = {f"0733{i}": f"Kreis {i}" for i in range(7)}
    energy = slide_letters(districts, 7, "energy")
    assert energy == slide_letters(districts, 7, "energy")  # the same slide keeps its letters in a workshop
    assert sorted(energy.values()) == list("ABCDEFG")
    draws = {tuple(sorted(slide_letters(districts, 7, kind).items())) for kind in ("energy", "heat", "co2", "pv")}
    assert len(draws) == 4  # drawn anew per slide
    assert slide_letters(districts, 8, "energy") != energy  # and per workshop
    table = moderator_table(districts, 7, only={"07331"})
    assert table.to_dict("records") == [{"Landkreis / Stadt": "Kreis 1", "Folie 1": energy["Kreis 1"],
                                         "Folie 2": slide_letters(districts, 7, "progress")["Kreis 1"],
                                         "Folie 3": slide_letters(districts, 7, "heat")["Kreis 1"],
                                         "Folie 4": slide_letters(districts, 7, "co2")["Kreis 1"],
                                         "Folie 5": slide_letters(districts, 7, "reach")["Kreis 1"],
                                         "Folie 6": slide_letters(districts, 7, "pv")["Kreis 1"]}]


def test_the_assignment_is_the_moderators_alone(env):
    """``?zuordnung=1``: an admin sees every district's letters (those of the slides), a manager those of their
    own district, a viewer and an anonymous visitor nothing."""
    from conftest import session_token

    def view(user: str | None) -> AppTest:
        at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
        at.session_state["workshop_seed"] = SEED
        if user:
            at.session_state["auth_token"] = session_token(user)
        at.query_params["zuordnung"] = "1"
        at = deep_link(at, "pages/workshop.py")
        assert not at.exception
        return at

    letters = truth(SEED)
    admin = view("agentur").dataframe[0].value
    assert len(admin) == 7 and list(admin.columns[1:]) == [f"Folie {n}" for n in letters]
    for number, assignment in letters.items():
        assert dict(zip(admin.iloc[:, 0], admin[f"Folie {number}"], strict=True)) == assignment
    own = view("kusel").dataframe[0].value
    assert own.iloc[:, 0].tolist() == ["Landkreis Kusel"]
    for user in ("gast", None):
        at = view(user)
        assert not at.dataframe and at.info[0].value.startswith("Die Zuordnung sehen nur")


def test_the_methods_page_states_the_design_and_its_limits():
    from ktdash.output.methods import workshop_anonymisation

    title, paragraphs = workshop_anonymisation("de")
    assert title == "Anonymisierter Workshop" and len(paragraphs) == 4
    assert "k-Anonymität mit k = 3" in paragraphs[1] and "mindestens 3 Gebiete in Frage" in paragraphs[1]
    assert "je Folie neu gelost" in paragraphs[2]
    # what an attacker who knows their own letter keeps, and the smallest number of areas for groups
    assert "mindestens 2 Gebiete" in paragraphs[3] and "weniger als 6 Gebieten" in paragraphs[3]
    assert workshop_anonymisation("en")[1][1].startswith("Rule (k-anonymity with k = 3)")


def test_the_progress_slide_names_merged_states():
    from ktdash.output.workshop import progress_slide

    # 5 more energy, 2 on the target path, none between: one group of all seven under the label for all
    progress = pd.DataFrame({"name": list("ABCDEFG"), "saving_share": [-0.1] * 5 + [0.2] * 2,
                             "on_track": [False] * 5 + [True] * 2, "target_kwh": [90.0] * 7,
                             "baseline_kwh": [100.0] * 7})
    slide = progress_slide(progress, 2024, 2019, str, anonymous=True)
    assert slide.takeaway == ("Alle Landkreise und Städte (zu wenige je Zustand für eine Einteilung): "
                              "A, B, C, D, E, F und G.")
    # 4 more, 3 on the path: two groups
    progress["saving_share"] = [-0.1] * 4 + [0.2] * 3
    progress["on_track"] = [False] * 4 + [True] * 3
    slide = progress_slide(progress, 2024, 2019, str, anonymous=True)
    assert slide.takeaway == "Auf dem Zielpfad: E, F und G; mehr Energie als im Basisjahr: A, B, C und D."
    assert [t["y"][0] for t in slide.figure.to_dict()["data"]] == ["auf dem Zielpfad", "mehr Energie als im Basisjahr"]
