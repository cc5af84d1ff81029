"""The slides of the workshop view: one comparison across the districts per slide, with a headline naming
what is compared, the year and the unit, a sentence computed from the figures, the chart and a note.

Pure functions from the library's figures (:mod:`ktdash.analytics.metrics`, :mod:`ktdash.analytics.campaigns`) to a
:class:`Slide`; ``show`` maps a real name to what the screen shows (the name, or its letter when the view is
anonymised, see :func:`anonymous_names`). The page ``pages/workshop.py`` only lays them out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from ktdash.output import charts, labels
from ktdash.output.charts import network as network_charts
from ktdash.output.charts.comparison import saving_status, saving_text
from ktdash.output.charts.workshop import workshop_status_bars
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


# --- anonymisation ----------------------------------------------------------------------------------------------

def letter(index: int) -> str:
    return chr(ord("A") + index % 26) + (str(index // 26) if index >= 26 else "")


def anonymous_names(districts: dict[str, str], seed: int) -> dict[str, str]:
    """{district name: letter}: a shuffled order from ``seed`` that is neither the order of the keys nor the
    alphabetical one, so that a letter tells nothing about the district."""
    keys = sorted(districts)
    plain = {tuple(keys), tuple(sorted(keys, key=lambda k: districts[k]))}
    order, rng = list(keys), random.Random(seed)
    for _ in range(100):
        rng.shuffle(order)
        if len(order) < 2 or tuple(order) not in plain:
            break
    return {districts[key]: letter(i) for i, key in enumerate(order)}


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


# --- anonymised figures (issue 19) ------------------------------------------------------------------------------
# An anonymised slide must not be matched with a public page (Vergleich, Kampagnen) by any number it shows: no
# absolute figure and no unit to calculate one back, only an index — the value divided by the median of the areas on
# the slide, × 100, rounded to whole numbers (the median area reads 100) — and letters. Whole numbers rather than
# steps of 5: on the demo a step of 5 put a far-below-median area's index (14,1 → 15) on another district's public
# 14,7 Teilnehmende je 1.000, and rounding coarser hides little, since the public median scales any index back.
# What an index cannot hide is the order: a public page that ranks the same figure for the same year ranks the
# same areas, so the letters can still be worked out from the order; nor can any number rule out equalling some
# other figure of the public pages by chance. tests/test_workshop.py checks each slide against its own figure.

INDEX_STEP = 1


def index_values(values: pd.Series, step: int = INDEX_STEP, median: float | None = None) -> pd.Series:
    """``values`` as an index: value / median of the values present × 100, rounded half up to ``step``
    (200, 300, 400 → 65, 100, 135). Missing values stay missing; no positive median: all missing. ``median``: the
    scale of other values (a comparison value drawn on the same scale as the bars)."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    median = numbers.dropna().median() if median is None else median
    if pd.isna(median) or median <= 0:
        return numbers * float("nan")
    return (numbers / median * 100 / step + 0.5).apply(lambda v: v if pd.isna(v) else int(v // 1) * step)


def index_table(table: pd.DataFrame, step: int = INDEX_STEP) -> pd.DataFrame:
    """Every cell of ``table`` as an index against the median of all its cells with a value (a heatmap)."""
    flat = index_values(table.stack(future_stack=True), step)
    return flat.unstack().reindex(index=table.index, columns=table.columns)


def anonymised_note(note: str, lang: str) -> str:
    return texts.t("ws19_n_anonymised", lang) + " " + note


# --- the slides -------------------------------------------------------------------------------------------------

def attribution(lang: str) -> str:
    """The source of the climate data behind every weather-normalised figure (CC BY 4.0)."""
    return texts.t("climate_attribution", lang)


def _indexed(data: pd.DataFrame, column: str) -> pd.DataFrame:
    """The areas with ``index`` (:func:`index_values` of ``column``), in letter order, so that areas of the same
    index stand in the order of their letters, never in that of their values."""
    return data.assign(index=index_values(data[column])).sort_values("name", kind="stable")


def _index_figure(slide: Slide, data: pd.DataFrame, lang: str, missing: str = "–",
                  none_key: str | None = None) -> Slide:
    """Bars of the index with the median line, and the sentence naming the highest and lowest index."""
    slide.figure = charts.workshop_bars(data, "index", texts.t("ws19_axis_index", lang), lang, missing=missing,
                                        reference=100)
    values = data.dropna(subset=["index"])
    top, bottom = values["index"].max(), values["index"].min()
    # every area of the highest (lowest) index, in letter order: which of equal indices is higher stays unsaid
    high = listing(lang, sorted(values.loc[values["index"] == top, "name"]))
    low = listing(lang, sorted(values.loc[values["index"] == bottom, "name"]))
    without = sorted(data.loc[data["index"].isna(), "name"])
    if without and none_key:
        slide.takeaway = texts.t(none_key, lang, name=high, value=num(lang, top), none=listing(lang, without))
    elif len(values) == 1:
        slide.takeaway = texts.t("ws19_t_index_one", lang, name=high)
    else:
        slide.takeaway = texts.t("ws19_t_index", lang, high=high, high_value=num(lang, top), low=low,
                                 low_value=num(lang, bottom))
    return slide


def energy_slide(entities: pd.DataFrame, year: int, show, lang: str = "de", analytics=None,
                 anonymous: bool = False) -> Slide:
    """``analytics``: :class:`ktdash.core.settings.AnalyticsSettings` (the reference period the note names);
    ``anonymous``: the index instead of kWh (see :func:`index_values`)."""
    note = texts.t("pages14_workshop_n_energy", lang, attribution=attribution(lang),
                   norm=labels.normalisation(labels.PROGRESS, lang, analytics))
    slide = Slide(texts.t("ws19_h_energy_anon" if anonymous else "workshop_h_energy", lang, year=year),
                  note=anonymised_note(note, lang) if anonymous else note)
    data = entities[entities["year"] == year].dropna(subset=["energy_kwh_per_inhabitant"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = data.assign(name=data["name"].map(show))
    if anonymous:
        return _index_figure(slide, _indexed(data, "energy_kwh_per_inhabitant"), lang)
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
    :func:`ktdash.output.charts.comparison.saving_text`), coloured by its sign; anonymised only the three states
    (on the target path, a saving below it, more energy) per letter, without a figure."""
    rate = target_change_per_year * 100
    note = texts.t("pages14_workshop_n_progress", lang, rate=signed(lang, rate), baseline=baseline,
                   norm=labels.normalisation(labels.PROGRESS, lang, analytics), attribution=attribution(lang))
    slide = Slide(texts.t("ws19_h_progress_anon" if anonymous else "ws19_h_progress", lang, year=year,
                          baseline=baseline), note=note)  # anonymised without an index: the plain note
    data = progress.dropna(subset=["saving_share"])
    if year == baseline or data.empty:
        slide.empty = texts.t("workshop_no_progress", lang, year=year, baseline=baseline)
        return slide
    data = data.assign(name=data["name"].map(show), saving=data["saving_share"] * 100,
                       target=(1 - data["target_kwh"] / data["baseline_kwh"]) * 100,
                       status=[saving_status(s, ok) for s, ok in zip(data["saving_share"], data["on_track"],
                                                                      strict=True)])
    if anonymous:
        return _progress_anonymous(slide, data, baseline, lang)
    slide.figure = charts.workshop_change_bars(
        data, texts.t("ws19_axis_saving", lang, baseline=baseline), saving_legend(lang),
        texts.t("workshop_legend_target", lang, year=year), lang)
    best = data.loc[data["saving"].idxmax()]
    slide.takeaway = texts.t("ws19_t_saving_best" if round(best["saving"], 1) > 0 else "ws19_t_saving_none", lang,
                             name=best["name"], saving=saving_text(best["saving_share"], lang), baseline=baseline,
                             target=saving_text(best["target"] / 100, lang),
                             on_track=int(data["on_track"].fillna(False).sum()), areas=len(data))
    return slide


def _progress_anonymous(slide: Slide, data: pd.DataFrame, baseline: int, lang: str) -> Slide:
    order = {"on_track": 0, "saving": 1, "more": 2}
    data = data.assign(_order=data["status"].map(order)).sort_values(["_order", "name"], kind="stable")
    slide.figure = workshop_status_bars(data, saving_legend(lang), texts.t("ws19_axis_status", lang), lang)
    groups = {status: listing(lang, data.loc[data["status"] == status, "name"].tolist())
              or texts.t("ws19_nobody", lang) for status in order}
    slide.takeaway = texts.t("ws19_t_progress_anon", lang, on_track=groups["on_track"], saving=groups["saving"],
                             more=groups["more"], baseline=baseline)
    return slide


def heat_slide(areas: pd.DataFrame, year: int, show, lang: str = "de", not_comparable: int = 0,
               included: bool = False, anonymous: bool = False) -> Slide:
    """``areas``: :func:`ktdash.analytics.metrics.heat_against_comparison` of the districts in ``year`` (heat
    normalised to the reference climate of Potsdam, as the comparison values); ``not_comparable``: how many buildings
    without a valid comparison value (pools …) the selection left out, or took in (``included``); ``anonymous``:
    bars and comparison values as an index on one scale (median of the bars = 100), no share, no counts."""
    norm = labels.normalisation(labels.BENCHMARK, lang)
    if anonymous:
        note = anonymised_note(texts.t("ws19_n_heat_anon", lang, norm=norm, attribution=attribution(lang)), lang)
        if not_comparable:
            note += " " + texts.t("ws19_n_heat_anon_taken" if included else "ws19_n_heat_anon_left_out", lang)
    else:
        note = texts.t("pages14_workshop_n_heat", lang, norm=norm, attribution=attribution(lang))
        if not_comparable:
            note += texts.t("pages14_workshop_n_heat_taken" if included else "pages14_workshop_n_heat_left_out",
                            lang, count=not_comparable)
    slide = Slide(texts.t("ws19_h_heat_anon" if anonymous else "pages14_workshop_h_heat", lang, year=year),
                  note=note)
    if areas.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = areas.assign(name=areas["name"].map(show), value=areas["heat_kwh_benchmark"] / areas["area_m2"],
                        comparison=areas["comparison_kwh"] / areas["area_m2"],
                        share=areas["above"] / areas["buildings"] * 100)
    worst = data.loc[(data["value"] / data["comparison"]).idxmax()]
    if anonymous:
        return _heat_anonymous(slide, data, worst["name"], lang)
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


def _heat_anonymous(slide: Slide, data: pd.DataFrame, worst: str, lang: str) -> Slide:
    median = data["value"].median()
    data = data.assign(value=index_values(data["value"], median=median),
                       comparison=index_values(data["comparison"], median=median)).sort_values("name", kind="stable")
    slide.figure = charts.workshop_comparison_bars(
        data, texts.t("ws19_axis_index", lang),
        (texts.t("ws19_legend_heat_index", lang), texts.t("workshop_legend_comparison", lang)), None, lang)
    row = data.set_index("name").loc[worst]
    key = "ws19_t_heat_anon" if row["value"] > row["comparison"] else "ws19_t_heat_anon_below"
    slide.takeaway = texts.t(key, lang, name=worst, value=num(lang, row["value"]),
                             comparison=num(lang, row["comparison"]))
    return slide


def co2_slide(entities: pd.DataFrame, year: int, baseline: int, show, lang: str = "de", co2_label: str | None = None,
              unit: str = "CO₂e", anonymous: bool = False) -> Slide:
    """``co2_label``: which emission factor set (:func:`ktdash.output.labels.co2`); ``unit``: CO₂e or CO₂ (direct);
    ``anonymous``: the index of kg per inhabitant, without the change since the baseline."""
    note = texts.t("pages14_workshop_n_co2", lang, label=co2_label or texts.t("pages14_co2_bisko_conform", lang))
    slide = Slide(texts.t("ws19_h_co2_anon" if anonymous else "pages14_workshop_h_co2", lang, year=year, unit=unit),
                  note=anonymised_note(note, lang) if anonymous else note)
    kg = entities.assign(kg=entities["t_co2e_per_inhabitant"] * 1000)
    data = kg[kg["year"] == year].dropna(subset=["kg"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = data.assign(name=data["name"].map(show))
    if anonymous:
        return _index_figure(slide, _indexed(data, "kg"), lang)
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
    slide = Slide(texts.t("ws19_h_reach_anon" if anonymous else "workshop_h_reach", lang, year=year),
                  note=anonymised_note(note, lang) if anonymous else note)
    if reach.empty or reach["participants_per_1000"].notna().sum() == 0:
        slide.empty = texts.t("workshop_no_campaigns", lang, year=year)
        return slide
    data = reach.assign(name=reach["name"].map(show))
    if anonymous:
        return _index_figure(slide, _indexed(data, "participants_per_1000"), lang,
                             missing=texts.t("workshop_none_recorded", lang), none_key="ws19_t_reach_anon_none")
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
    """``anonymous``: every cell as an index against the median of all cells (no units per 1,000 inhabitants)."""
    first, year = years[0], years[-1]
    partial = until.year if until is not None and (until.month, until.day) != (12, 31) else None
    note = texts.t("workshop_n_pv", lang)
    if partial in years:
        note += " " + texts.t("workshop_n_pv_partial", lang, until=format_date(until, lang))
    if anonymous:
        headline = "ws19_h_pv_anon" if first != year else "ws19_h_pv_one_anon"
    else:
        headline = "workshop_h_pv" if first != year else "workshop_h_pv_one"
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
        table = index_table(table.sort_index()).sort_values(table.columns[-1], ascending=False, kind="stable",
                                                            na_position="last")
    slide.figure = charts.workshop_heatmap(table, texts.t("ws19_axis_index" if anonymous
                                                          else "campaign_axis_units_per_1000", lang), lang,
                                           decimals=0 if anonymous else 1)
    latest = table.iloc[:, -1].dropna()
    if latest.empty:
        return slide
    name, decimals = latest.idxmax(), 0 if anonymous else 1
    start = table.loc[name].iloc[0]
    if first != year and not pd.isna(start):
        slide.takeaway = texts.t("ws19_t_pv_anon" if anonymous else "workshop_t_pv", lang, year=year, name=name,
                                 value=num(lang, latest.max(), decimals),
                                 first=first, first_value=num(lang, start, decimals))
    else:
        slide.takeaway = texts.t("ws19_t_pv_anon_one" if anonymous else "workshop_t_pv_one", lang, year=year,
                                 name=name, value=num(lang, latest.max(), decimals))
    return slide


def topics_slide(coverage: pd.DataFrame, year: int, districts: dict[str, str], show, lang: str = "de",
                 anonymous: bool = False) -> Slide:
    """``anonymous``: which topic where (a mark), not how many activities — counts could be matched."""
    note = texts.t("workshop_n_topics", lang)
    slide = Slide(texts.t("ws19_h_topics_anon" if anonymous else "workshop_h_topics", lang, year=year), note=note)
    if coverage.empty:
        slide.empty = texts.t("workshop_no_campaigns", lang, year=year)
        return slide
    present = set(coverage["topic"])
    topics = [t.value for t in Topic if t.value in present] + sorted(present - {t.value for t in Topic})
    table = coverage.pivot_table(index="district", columns="topic", values="activities", aggfunc="sum")
    table = table.reindex(index=sorted(districts.values()), columns=topics)
    covered = table.notna().sum(axis=1)
    order = pd.DataFrame({"covered": covered, "activities": table.sum(axis=1)}).sort_values(
        ["covered", "activities"], ascending=False, kind="stable").index
    table, covered = table.loc[order], covered.loc[order]
    table.index = [show(n) for n in table.index]
    covered.index = table.index
    table.columns = [charts.topic_label(t, lang) for t in topics]
    if anonymous:  # in letter order within the same number of topics, a mark per covered topic
        table = table.notna().where(table.notna()).astype(float)
        table = table.loc[sorted(table.index, key=lambda n: (-covered[n], n))]
        slide.figure = charts.workshop_heatmap(table, "", lang, mark="●")
    else:
        slide.figure = charts.workshop_heatmap(table, texts.t("campaign_axis_activities", lang), lang)
    most = [n for n, c in covered.items() if c == covered.max()]
    spread = table.notna().sum(axis=0)
    widest = [t for t, c in spread.items() if c == spread.max()]
    if anonymous:
        slide.takeaway = texts.t("ws19_t_topics_anon", lang, names=listing(lang, sorted(most)),
                                 topic=listing(lang, widest))
        return slide
    slide.takeaway = texts.t("workshop_t_topics", lang, names=listing(lang, most), count=int(covered.max()),
                             topics=len(topics), topic=listing(lang, widest), areas=int(spread.max()), all=len(table))
    return slide


def map_slide(entities: pd.DataFrame, year: int, show, lang: str = "de", analytics=None,
              anonymous: bool = False) -> Slide:
    """"Die Westpfalz auf der Karte": energy per inhabitant per district (as slide 1) on a map of the districts
    (:func:`ktdash.output.charts.maps.district_map`). Anonymised there is no map: the shape and place of an area
    tell which it is, whatever letter it carries — the slide says so and points to the index on slide 1."""
    from ktdash.output.charts import maps

    note = texts.t("pages14_workshop_n_energy", lang, attribution=attribution(lang),
                   norm=labels.normalisation(labels.PROGRESS, lang, analytics))
    slide = Slide(texts.t("ws19_h_map", lang, year=year), note=note)
    if anonymous:
        slide.empty = texts.t("ws19_map_anonymised", lang)
        slide.note = ""
        return slide
    data = entities[entities["year"] == year].dropna(subset=["energy_kwh_per_inhabitant"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    slide.note = note + " " + maps.attribution("district", lang) + "."
    figure = maps.district_map(data, "energy_kwh_per_inhabitant", "", texts.t("ws19_map_unit", lang), lang,
                               names={k: show(n) for k, n in zip(data["key"], data["name"], strict=True)})
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
