"""The slides of the workshop view: one comparison across the districts per slide, with a headline naming
what is compared, the year and the unit, a sentence computed from the figures, the chart and a note.

Pure functions from the library's figures (:mod:`ktdash.analytics.metrics`, :mod:`ktdash.analytics.campaigns`) to a
:class:`Slide`; ``show`` maps a real name to what the screen shows (the name, or its letter when the view is
anonymised, see :func:`slide_letters`). The page ``pages/workshop.py`` only lays them out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from ktdash.output import charts, labels
from ktdash.output.charts import network as network_charts
from ktdash.output.charts.comparison import saving_status, saving_text
from ktdash.output.charts.workshop import WORKSHOP_STATUS_COLORS, workshop_group_bars
from ktdash.i18n import texts
from ktdash.core.campaign_vocabulary import Topic
from ktdash.core.formatting import format_date, format_number

# the map last: slides 1–8 keep the numbers (and bookmarks) they had before it came (issue 19)
SLIDES = ("energy", "progress", "heat", "co2", "reach", "pv", "topics", "network", "map")


@dataclass
class Slide:
    headline: str
    takeaway: str = ""
    figure: go.Figure | None = None
    note: str = ""
    empty: str = ""  # shown instead of the chart when there is nothing to compare


# --- anonymisation (issue 19) -----------------------------------------------------------------------------------
# The threat: a participant with the public pages (Vergleich, Kampagnen, Übersicht) open beside the projector. Those
# pages give every district's figures, so anything a slide shows per letter that is a function of the figures — a
# value, an index (index ratios are the value ratios), a rank, a row's position, the length of a bar, a sentence
# naming the highest — is matched with them. What holds is k-anonymity of the shown places (k = 3): for every
# letter, the districts that would show exactly what that letter shows are at least three.
# - Per letter a slide shows only its group: ranked groups of at least K_ANONYMITY areas ("niedrigere Werte" /
#   "höhere Werte"; thirds from 9 areas on) or, on the progress slide, the state (on the target path, a saving below
#   it, more energy) with states of fewer than k areas merged with a neighbour. No number, no order inside a group
#   (letters alphabetical), bars of one length.
# - Letters are drawn anew per slide (slide_letters): a letter common to all slides would let the attacker intersect
#   its groups across slides (upper half in energy ∩ lower half in CO₂ …) down to one place. The draw comes from a
#   secret seed of the workshop and the slide, so a slide keeps its letters during the workshop and the moderator
#   can tell each area its letters privately (moderator_table).
# - Group figures without letters (how many areas cover a topic) are counts of areas: they single nobody out.
# - The map cannot be anonymised (an area's outline names it): omitted. Fewer than 2·k areas with a value: no
#   groups, the slide says so.
# tests/test_workshop_anonymous.py plays the attacker against the public pages of the demo.

K_ANONYMITY = 3
MAX_BANDS = 3
LETTER_SLIDES = ("energy", "progress", "heat", "co2", "reach", "pv")  # the slides that show letters
BAND_KEYS = {2: ("anon19_band_2_low", "anon19_band_2_high"),
             3: ("anon19_band_3_low", "anon19_band_3_mid", "anon19_band_3_high")}
STATUS_ORDER = ("more", "saving", "on_track")  # the progress states, lowest first
STATUS_KEYS = {("more",): "ws19_legend_more", ("saving",): "ws19_legend_saving_below",
               ("on_track",): "workshop_legend_on_track", ("more", "saving"): "anon19_status_more_saving",
               ("saving", "on_track"): "anon19_status_saving_on_track", STATUS_ORDER: "anon19_status_all"}
BAND_COLORS = {2: ("#8FB3E3", "#0B3C7D"), 3: ("#C5D8F1", "#5B8FD0", "#0B3C7D")}


def letter(index: int) -> str:
    return chr(ord("A") + index % 26) + (str(index // 26) if index >= 26 else "")


def slide_letters(districts: dict[str, str], seed: int, slide: str) -> dict[str, str]:
    """{district name: letter} on one slide (``districts``: key → name; ``slide``: its code in :data:`SLIDES`): a
    uniformly random assignment drawn from the workshop's secret ``seed`` and the slide, so the same every time the
    slide is shown with that seed, and independent from slide to slide."""
    order = sorted(districts)
    random.Random(f"{seed}/{slide}").shuffle(order)
    return {districts[key]: letter(i) for i, key in enumerate(order)}


def moderator_table(districts: dict[str, str], seed: int, lang: str = "de",
                    only: set[str] | None = None) -> pd.DataFrame:
    """The moderator's assignment (never on the projector): one row per district (``only``: just these keys), its
    letter on each slide that shows letters, columns named "Folie n"."""
    rows = {key: name for key, name in sorted(districts.items(), key=lambda kv: kv[1]) if only is None or key in only}
    table = pd.DataFrame({texts.t("anon19_area", lang): list(rows.values())})
    for number, kind in enumerate(SLIDES, start=1):
        if kind in LETTER_SLIDES:
            letters = slide_letters(districts, seed, kind)
            table[texts.t("anon19_slide", lang, number=number)] = [letters[name] for name in rows.values()]
    return table


def rank_bands(values: pd.Series, k: int = K_ANONYMITY) -> list[list[str]]:
    """``values`` (index: letters) in ranked groups, lowest first, each of at least ``k`` letters: n values give
    min(3, n // k) groups by rank, as equal as possible (the lower groups take the remainder: 7 → 4 + 3); equal
    values in letter order; letters within a group in alphabetical order. Fewer than 2·k values: no groups ([]).
    Missing values take no part."""
    present = pd.to_numeric(values, errors="coerce").dropna()
    count = min(MAX_BANDS, len(present) // k)
    if count < 2:
        return []
    ordered = sorted(present.index, key=lambda name: (present[name], name))
    sizes = [len(ordered) // count + (1 if i < len(ordered) % count else 0) for i in range(count)]
    starts = [sum(sizes[:i]) for i in range(count)]
    return [sorted(ordered[start:start + size]) for start, size in zip(starts, sizes, strict=True)]


def status_groups(status: pd.Series, k: int = K_ANONYMITY) -> list[tuple[tuple[str, ...], list[str]]]:
    """The letters (index of ``status``) per progress state (:data:`STATUS_ORDER`), states of fewer than ``k``
    letters merged with their smaller neighbour until every group has ``k`` (lowest first). Fewer than ``k``
    letters in all: no groups ([])."""
    groups = [((state,), sorted(status.index[status == state])) for state in STATUS_ORDER]
    groups = [g for g in groups if g[1]]
    while len(groups) > 1 and min(len(g[1]) for g in groups) < k:
        sizes = [len(g[1]) for g in groups]
        i = sizes.index(min(sizes))
        j = i + 1 if i == 0 else i - 1 if i == len(groups) - 1 else min((i - 1, i + 1), key=lambda n: sizes[n])
        first, second = sorted((i, j))
        merged = (groups[first][0] + groups[second][0], sorted(groups[first][1] + groups[second][1]))
        groups[first:second + 1] = [merged]
    return groups if groups and len(groups[0][1]) >= k else []


# --- text -------------------------------------------------------------------------------------------------------

def num(lang: str, value, decimals: int = 0) -> str:
    return format_number(float(value), decimals, lang)


def signed(lang: str, value: float, decimals: int = 1) -> str:
    return charts.signed_text(value, decimals, lang)


def listing(lang: str, names: list[str]) -> str:
    names = [str(n) for n in names]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + texts.t("workshop_and", lang) + names[-1]


# --- anonymised slides (issue 19) -------------------------------------------------------------------------------

def anonymised_note(note: str, lang: str) -> str:
    return texts.t("anon19_n_anonymised", lang, k=K_ANONYMITY) + " " + note


def group_text(groups: list[tuple[str, list[str]]], lang: str) -> str:
    """"höhere Werte: A, D und G; niedrigere Werte: B, C, E und F" (highest group first)."""
    return "; ".join(texts.t("anon19_t_group", lang, label=label, letters=listing(lang, members))
                     for label, members in groups)


def _groups_slide(slide: Slide, groups: list[tuple[str, list[str]]], colors: tuple[str, ...], lang: str) -> Slide:
    """``groups`` (label, letters), lowest first, as bars of one length, highest on top, and the sentence; no
    groups: the slide says why."""
    if not groups:
        slide.empty = texts.t("anon19_no_groups", lang, k=K_ANONYMITY, areas=2 * K_ANONYMITY)
        return slide
    top_first = list(reversed(groups))
    slide.figure = workshop_group_bars(top_first, list(reversed(colors)), texts.t("anon19_axis_groups", lang,
                                                                                   k=K_ANONYMITY), lang)
    sentence = texts.t("anon19_t_groups", lang, groups=group_text(top_first, lang))
    slide.takeaway = sentence[:1].upper() + sentence[1:]
    return slide


def _banded(slide: Slide, values: pd.Series, lang: str) -> Slide:
    """``values`` (index: letters) as :func:`rank_bands` on the slide."""
    bands = rank_bands(values)
    keys = BAND_KEYS.get(len(bands), ())
    return _groups_slide(slide, [(texts.t(key, lang), members) for key, members in zip(keys, bands, strict=True)],
                         BAND_COLORS.get(len(bands), ()), lang)


# --- the slides -------------------------------------------------------------------------------------------------

def attribution(lang: str) -> str:
    """The source of the climate data behind every weather-normalised figure (CC BY 4.0)."""
    return texts.t("climate_attribution", lang)


def energy_slide(entities: pd.DataFrame, year: int, show, lang: str = "de", analytics=None,
                 anonymous: bool = False) -> Slide:
    """``analytics``: :class:`ktdash.core.settings.AnalyticsSettings` (the reference period the note names);
    ``anonymous``: ranked groups of letters instead of kWh (:func:`rank_bands`)."""
    note = texts.t("pages14_workshop_n_energy", lang, attribution=attribution(lang),
                   norm=labels.normalisation(labels.PROGRESS, lang, analytics))
    slide = Slide(texts.t("anon19_h_energy" if anonymous else "workshop_h_energy", lang, year=year),
                  note=anonymised_note(note, lang) if anonymous else note)
    data = entities[entities["year"] == year].dropna(subset=["energy_kwh_per_inhabitant"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = data.assign(name=data["name"].map(show))
    if anonymous:
        return _banded(slide, data.set_index("name")["energy_kwh_per_inhabitant"], lang)
    slide.figure = charts.workshop_bars(data, "energy_kwh_per_inhabitant", texts.t("workshop_axis_energy", lang),
                                        lang)
    high = data.loc[data["energy_kwh_per_inhabitant"].idxmax()]
    low = data.loc[data["energy_kwh_per_inhabitant"].idxmin()]
    slide.takeaway = texts.t("workshop_t_energy", lang, high=high["name"],
                             high_value=num(lang, high["energy_kwh_per_inhabitant"]), low=low["name"],
                             low_value=num(lang, low["energy_kwh_per_inhabitant"]))
    if len(data) == 1:
        slide.takeaway = texts.t("workshop_t_energy_one", lang, name=high["name"],
                                 value=num(lang, high["energy_kwh_per_inhabitant"]))
    return slide


def saving_legend(lang: str) -> dict[str, str]:
    """The names of :func:`ktdash.output.charts.comparison.saving_status`'s three states."""
    return {"on_track": texts.t("workshop_legend_on_track", lang),
            "saving": texts.t("ws19_legend_saving_below", lang), "more": texts.t("ws19_legend_more", lang)}


def progress_slide(progress: pd.DataFrame, year: int, baseline: int, show, lang: str = "de",
                   target_change_per_year: float = -0.02, analytics=None, anonymous: bool = False) -> Slide:
    """The saving against the baseline in % (positive = less energy: the one convention of
    :func:`ktdash.output.charts.comparison.saving_text`), coloured by its sign; anonymised only the groups of the
    states (on the target path, a saving below it, more energy; :func:`status_groups`), without a figure."""
    rate = target_change_per_year * 100
    note = texts.t("pages14_workshop_n_progress", lang, rate=signed(lang, rate), baseline=baseline,
                   norm=labels.normalisation(labels.PROGRESS, lang, analytics), attribution=attribution(lang))
    slide = Slide(texts.t("ws19_h_progress_anon" if anonymous else "ws19_h_progress", lang, year=year,
                          baseline=baseline), note=anonymised_note(note, lang) if anonymous else note)
    data = progress.dropna(subset=["saving_share"])
    if year == baseline or data.empty:
        slide.empty = texts.t("workshop_no_progress", lang, year=year, baseline=baseline)
        return slide
    data = data.assign(name=data["name"].map(show), saving=data["saving_share"] * 100,
                       target=(1 - data["target_kwh"] / data["baseline_kwh"]) * 100,
                       status=[saving_status(s, ok) for s, ok in zip(data["saving_share"], data["on_track"],
                                                                      strict=True)])
    if anonymous:
        return _progress_anonymous(slide, data, lang)
    slide.figure = charts.workshop_change_bars(
        data, texts.t("ws19_axis_saving", lang, baseline=baseline), saving_legend(lang),
        texts.t("workshop_legend_target", lang, year=year), lang)
    best = data.loc[data["saving"].idxmax()]
    slide.takeaway = texts.t("ws19_t_saving_best" if round(best["saving"], 1) > 0 else "ws19_t_saving_none", lang,
                             name=best["name"], saving=saving_text(best["saving_share"], lang), baseline=baseline,
                             target=saving_text(best["target"] / 100, lang),
                             on_track=int(data["on_track"].fillna(False).sum()), areas=len(data))
    return slide


def _progress_anonymous(slide: Slide, data: pd.DataFrame, lang: str) -> Slide:
    groups = status_groups(data.set_index("name")["status"])
    # one group of states not next to each other ("more" and "on track", none between): all areas in one
    labelled = [(texts.t(STATUS_KEYS.get(states, "anon19_status_all"), lang), members) for states, members in groups]
    return _groups_slide(slide, labelled, tuple(WORKSHOP_STATUS_COLORS[states[-1]] for states, _ in groups), lang)


def heat_slide(areas: pd.DataFrame, year: int, show, lang: str = "de", not_comparable: int = 0,
               included: bool = False, anonymous: bool = False) -> Slide:
    """``areas``: :func:`ktdash.analytics.metrics.heat_against_comparison` of the districts in ``year`` (heat
    normalised to the reference climate of Potsdam, as the comparison values); ``not_comparable``: how many buildings
    without a valid comparison value (pools …) the selection left out, or took in (``included``); ``anonymous``:
    ranked groups of letters by heat per m² divided by the comparison value (:func:`rank_bands`), no figure."""
    norm = labels.normalisation(labels.BENCHMARK, lang)
    if anonymous:
        note = anonymised_note(texts.t("anon19_n_heat", lang, norm=norm, attribution=attribution(lang)), lang)
        if not_comparable:
            note += " " + texts.t("ws19_n_heat_anon_taken" if included else "ws19_n_heat_anon_left_out", lang)
    else:
        note = texts.t("pages14_workshop_n_heat", lang, norm=norm, attribution=attribution(lang))
        if not_comparable:
            note += texts.t("pages14_workshop_n_heat_taken" if included else "pages14_workshop_n_heat_left_out",
                            lang, count=not_comparable)
    slide = Slide(texts.t("anon19_h_heat" if anonymous else "pages14_workshop_h_heat", lang, year=year),
                  note=note)
    if areas.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = areas.assign(name=areas["name"].map(show), value=areas["heat_kwh_benchmark"] / areas["area_m2"],
                        comparison=areas["comparison_kwh"] / areas["area_m2"],
                        share=areas["above"] / areas["buildings"] * 100)
    if anonymous:
        return _banded(slide, (data["value"] / data["comparison"]).set_axis(data["name"]), lang)
    worst = data.loc[(data["value"] / data["comparison"]).idxmax()]
    slide.figure = charts.workshop_comparison_bars(
        data, texts.t("workshop_axis_heat", lang),
        (texts.t("workshop_legend_heat", lang), texts.t("workshop_legend_comparison", lang)),
        texts.t("workshop_share_title", lang), lang)
    above, total = int(data["above"].sum()), int(data["buildings"].sum())
    key = "workshop_t_heat" if worst["value"] > worst["comparison"] else "workshop_t_heat_below"
    slide.takeaway = texts.t(key, lang, above=above, buildings=total,
                             share=charts.share_text(above / total * 100, lang), name=worst["name"],
                             value=num(lang, worst["value"]), comparison=num(lang, worst["comparison"]))
    return slide


def co2_slide(entities: pd.DataFrame, year: int, baseline: int, show, lang: str = "de", co2_label: str | None = None,
              unit: str = "CO₂e", anonymous: bool = False) -> Slide:
    """``co2_label``: which emission factor set (:func:`ktdash.output.labels.co2`); ``unit``: CO₂e or CO₂ (direct);
    ``anonymous``: ranked groups of letters by kg per inhabitant (:func:`rank_bands`), no figure."""
    note = texts.t("pages14_workshop_n_co2", lang, label=co2_label or texts.t("pages14_co2_bisko_conform", lang))
    slide = Slide(texts.t("anon19_h_co2" if anonymous else "pages14_workshop_h_co2", lang, year=year, unit=unit),
                  note=anonymised_note(note, lang) if anonymous else note)
    kg = entities.assign(kg=entities["t_co2e_per_inhabitant"] * 1000)
    data = kg[kg["year"] == year].dropna(subset=["kg"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = data.assign(name=data["name"].map(show))
    if anonymous:
        return _banded(slide, data.set_index("name")["kg"], lang)
    slide.figure = charts.workshop_bars(data, "kg", texts.t("pages14_workshop_axis_co2", lang, unit=unit), lang)
    before = kg[kg["year"] == baseline].set_index("key")["kg"]
    data = data.assign(before=data["key"].map(before))
    data = data.assign(change=(data["kg"] / data["before"] - 1) * 100)
    changed = data.dropna(subset=["change"])
    if baseline != year and not changed.empty:
        best = changed.loc[changed["change"].idxmin()]
        key = "workshop_t_co2_fall" if round(best["change"], 1) < 0 else "workshop_t_co2_rise"
        slide.takeaway = texts.t(key, lang, name=best["name"], change=signed(lang, best["change"]), baseline=baseline,
                                 before=num(lang, best["before"]), value=num(lang, best["kg"]))
    else:
        high, low = data.loc[data["kg"].idxmax()], data.loc[data["kg"].idxmin()]
        slide.takeaway = texts.t("workshop_t_co2_range", lang, high=high["name"], high_value=num(lang, high["kg"]),
                                 low=low["name"], low_value=num(lang, low["kg"]))
    slide.takeaway = slide.takeaway.replace("CO₂e", unit)  # the sentences say CO₂e; the direct set is CO₂
    return slide


def reach_slide(reach: pd.DataFrame, year: int, show, lang: str = "de", anonymous: bool = False) -> Slide:
    note = texts.t("workshop_n_reach", lang)
    slide = Slide(texts.t("anon19_h_reach" if anonymous else "workshop_h_reach", lang, year=year),
                  note=anonymised_note(note, lang) if anonymous else note)
    if reach.empty or reach["participants_per_1000"].notna().sum() == 0:
        slide.empty = texts.t("workshop_no_campaigns", lang, year=year)
        return slide
    data = reach.assign(name=reach["name"].map(show))
    if anonymous:
        # an area without recorded participants ranks lowest (the public page shows it as such)
        return _banded(slide, data.set_index("name")["participants_per_1000"].fillna(0.0), lang)
    slide.figure = charts.workshop_bars(data, "participants_per_1000",
                                        texts.t("campaign_axis_participants_per_1000", lang), lang, decimals=1,
                                        missing=texts.t("workshop_none_recorded", lang))
    values = data.dropna(subset=["participants_per_1000"])
    high = values.loc[values["participants_per_1000"].idxmax()]
    without = sorted(data.loc[data["participants_per_1000"].isna(), "name"])
    if without:
        slide.takeaway = texts.t("workshop_t_reach_none", lang, name=high["name"],
                                 value=num(lang, high["participants_per_1000"], 1), none=listing(lang, without))
    else:
        low = values.loc[values["participants_per_1000"].idxmin()]
        slide.takeaway = texts.t("workshop_t_reach", lang, name=high["name"],
                                 value=num(lang, high["participants_per_1000"], 1), low=low["name"],
                                 low_value=num(lang, low["participants_per_1000"], 1))
    return slide


def pv_slide(pv: pd.DataFrame, years: tuple[int, ...], until, districts: dict[str, str], show,
             lang: str = "de", anonymous: bool = False) -> Slide:
    """``anonymous``: ranked groups of letters by the units per 1,000 inhabitants of the last year
    (:func:`rank_bands`; no unit recorded = 0), no figure and no year before."""
    first, year = years[0], years[-1]
    partial = until.year if until is not None and (until.month, until.day) != (12, 31) else None
    note = texts.t("workshop_n_pv", lang)
    if partial in years:
        note += " " + texts.t("workshop_n_pv_partial", lang, until=format_date(until, lang))
    headline = "anon19_h_pv" if anonymous else "workshop_h_pv" if first != year else "workshop_h_pv_one"
    slide = Slide(texts.t(headline, lang, first=first, year=year),
                  note=anonymised_note(note, lang) if anonymous else note)
    if pv.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    table = pv.pivot_table(index="name", columns="year", values="units_per_1000", aggfunc="sum")
    table = table.reindex(index=sorted(districts.values()), columns=list(years))
    table = table.sort_values(year, ascending=False, na_position="last")
    table.index = [show(n) for n in table.index]
    table.columns = [f"{y}*" if y == partial else str(y) for y in years]
    if anonymous:
        return _banded(slide, table.iloc[:, -1].fillna(0.0), lang)
    slide.figure = charts.workshop_heatmap(table, texts.t("campaign_axis_units_per_1000", lang), lang, decimals=1)
    latest = table.iloc[:, -1].dropna()
    if latest.empty:
        return slide
    name = latest.idxmax()
    start = table.loc[name].iloc[0]
    if first != year and not pd.isna(start):
        slide.takeaway = texts.t("workshop_t_pv", lang, year=year, name=name, value=num(lang, latest.max(), 1),
                                 first=first, first_value=num(lang, start, 1))
    else:
        slide.takeaway = texts.t("workshop_t_pv_one", lang, year=year, name=name, value=num(lang, latest.max(), 1))
    return slide


def topics_slide(coverage: pd.DataFrame, year: int, districts: dict[str, str], show, lang: str = "de",
                 anonymous: bool = False) -> Slide:
    """``anonymous``: no letters — per topic only how many areas cover it (a count over all areas: a row of marks
    per letter would be a pattern the public Kampagnen page matches)."""
    note = texts.t("workshop_n_topics", lang)
    slide = Slide(texts.t("anon19_h_topics" if anonymous else "workshop_h_topics", lang, year=year),
                  note=texts.t("anon19_n_topics", lang) if anonymous else note)  # no letters on it
    if coverage.empty:
        slide.empty = texts.t("workshop_no_campaigns", lang, year=year)
        return slide
    present = set(coverage["topic"])
    topics = [t.value for t in Topic if t.value in present] + sorted(present - {t.value for t in Topic})
    table = coverage.pivot_table(index="district", columns="topic", values="activities", aggfunc="sum")
    table = table.reindex(index=sorted(districts.values()), columns=topics)
    if anonymous:
        return _topics_anonymous(slide, table, lang)
    covered = table.notna().sum(axis=1)
    order = pd.DataFrame({"covered": covered, "activities": table.sum(axis=1)}).sort_values(
        ["covered", "activities"], ascending=False, kind="stable").index
    table, covered = table.loc[order], covered.loc[order]
    table.index = [show(n) for n in table.index]
    covered.index = table.index
    table.columns = [charts.topic_label(t, lang) for t in topics]
    slide.figure = charts.workshop_heatmap(table, texts.t("campaign_axis_activities", lang), lang)
    most = [n for n, c in covered.items() if c == covered.max()]
    spread = table.notna().sum(axis=0)
    widest = [t for t, c in spread.items() if c == spread.max()]
    slide.takeaway = texts.t("workshop_t_topics", lang, names=listing(lang, most), count=int(covered.max()),
                             topics=len(topics), topic=listing(lang, widest), areas=int(spread.max()), all=len(table))
    return slide


def _topics_anonymous(slide: Slide, table: pd.DataFrame, lang: str) -> Slide:
    """Per topic the number of areas with an activity on it, as bars; the sentence names the widest topic."""
    spread = table.notna().sum(axis=0)
    data = pd.DataFrame({"name": [charts.topic_label(t, lang) for t in spread.index], "areas": spread.to_numpy()})
    slide.figure = charts.workshop_bars(data, "areas", texts.t("anon19_axis_topics", lang), lang)
    widest = data.loc[data["areas"] == data["areas"].max(), "name"].tolist()
    slide.takeaway = texts.t("anon19_t_topics", lang, topic=listing(lang, widest), areas=int(data["areas"].max()),
                             all=len(table))
    return slide


def map_slide(entities: pd.DataFrame, year: int, show, lang: str = "de", analytics=None,
              anonymous: bool = False) -> Slide:
    """"Die Westpfalz auf der Karte": energy per inhabitant per district (as slide 1) on a map of the districts
    (:func:`ktdash.output.charts.maps.district_map`). Anonymised there is no map: the shape and place of an area
    tell which it is, whatever letter it carries — the slide says so."""
    from ktdash.output.charts import maps

    note = texts.t("pages14_workshop_n_energy", lang, attribution=attribution(lang),
                   norm=labels.normalisation(labels.PROGRESS, lang, analytics))
    slide = Slide(texts.t("ws19_h_map", lang, year=year), note=note)
    if anonymous:
        slide.empty = texts.t("anon19_map_anonymised", lang)
        slide.note = ""
        return slide
    data = entities[entities["year"] == year].dropna(subset=["energy_kwh_per_inhabitant"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    slide.note = note + " " + maps.attribution("district", lang) + "."
    figure = maps.district_map(data, "energy_kwh_per_inhabitant", "", texts.t("ws19_map_unit", lang), lang,
                               names={k: show(n) for k, n in zip(data["key"], data["name"], strict=True)})
    # the page stretches the slide's chart to the screen (no fixed height): zoom so that the whole region fits even
    # the projector's smallest chart area (about 380 px high at 1280×720)
    figure.update_layout(map_zoom=maps.fit_zoom(380))
    figure.update_layout(title=None, height=None, margin=dict(l=0, r=0, t=0, b=0), hoverlabel=dict(font_size=20),
                         font=dict(family=charts.WORKSHOP_FAMILY, size=charts.WORKSHOP_FONT, color="#000000"))
    slide.figure = figure
    high = data.loc[data["energy_kwh_per_inhabitant"].idxmax()]
    low = data.loc[data["energy_kwh_per_inhabitant"].idxmin()]
    slide.takeaway = texts.t("ws19_t_map", lang, high=show(high["name"]),
                             high_value=num(lang, high["energy_kwh_per_inhabitant"]), low=show(low["name"]),
                             low_value=num(lang, low["energy_kwh_per_inhabitant"]))
    return slide


def network_slide(coverage: pd.DataFrame, lang: str = "de") -> Slide:
    """The network's competence coverage ("Kompetenzabdeckung im Netzwerk"): per topic the number of people per
    level (``coverage`` as :func:`ktdash.analytics.network.topic_coverage`: topic, topic_name, contact, experienced,
    learning, able, risk), the topics nobody can advise on and those that hang on one person first and marked, and
    a sentence naming them. Counts only — never a person's name, so the slide is the same anonymised or not."""
    from ktdash.output.network import level_label

    slide = Slide(texts.t("ws_network_h", lang), note=texts.t("ws_network_n", lang))
    if coverage.empty:
        slide.empty = texts.t("ws_network_empty", lang)
        return slide
    slide.figure = network_charts.coverage_bars(
        coverage, {level: level_label(level, lang) for level in network_charts.LEVELS},
        {"uncovered": texts.t("ws_network_mark_uncovered", lang), "single": texts.t("ws_network_mark_single", lang)},
        texts.t("ws_network_axis", lang), lang)
    slide.takeaway = network_takeaway(coverage, lang)
    return slide


def network_takeaway(coverage: pd.DataFrame, lang: str = "de") -> str:
    """The sentence of the coverage slide: the topics nobody can advise on, those only one person can (each with
    how many of all topics), or — when there are none — the widest covered topic."""
    ordered = network_charts.coverage_order(coverage)
    topics, parts = len(ordered), []
    for risk, key in (("uncovered", "ws_network_t_uncovered"), ("single", "ws_network_t_single")):
        names = ordered.loc[ordered["risk"] == risk, "topic_name"].astype(str).tolist()
        if names:
            parts.append(texts.t(key, lang, names=listing(lang, names), count=len(names),
                                 topics=topics))
    if parts:
        return " ".join(parts)
    widest = ordered[ordered["able"] == ordered["able"].max()]["topic_name"].astype(str).tolist()
    return texts.t("ws_network_t_covered", lang, topics=topics, names=listing(lang, widest),
                   able=int(ordered["able"].max()))
