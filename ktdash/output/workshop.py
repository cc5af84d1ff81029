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
from ktdash.i18n import texts
from ktdash.core.campaign_vocabulary import Topic
from ktdash.core.formatting import format_date, format_number

SLIDES = ("energy", "progress", "heat", "co2", "reach", "pv", "topics", "network")


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


# --- the slides -------------------------------------------------------------------------------------------------

def attribution(lang: str) -> str:
    """The source of the climate data behind every weather-normalised figure (CC BY 4.0)."""
    return texts.t("climate_attribution", lang)


def energy_slide(entities: pd.DataFrame, year: int, show, lang: str = "de", analytics=None) -> Slide:
    """``analytics``: :class:`ktdash.core.settings.AnalyticsSettings` (the reference period the note names)."""
    slide = Slide(texts.t("workshop_h_energy", lang, year=year),
                  note=texts.t("pages14_workshop_n_energy", lang, attribution=attribution(lang),
                               norm=labels.normalisation(labels.PROGRESS, lang, analytics)))
    data = entities[entities["year"] == year].dropna(subset=["energy_kwh_per_inhabitant"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = data.assign(name=data["name"].map(show))
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


def progress_slide(progress: pd.DataFrame, year: int, baseline: int, show, lang: str = "de",
                   target_change_per_year: float = -0.02, analytics=None) -> Slide:
    rate = target_change_per_year * 100
    slide = Slide(texts.t("workshop_h_progress", lang, year=year, baseline=baseline),
                  note=texts.t("pages14_workshop_n_progress", lang, rate=signed(lang, rate), baseline=baseline,
                               norm=labels.normalisation(labels.PROGRESS, lang, analytics),
                               attribution=attribution(lang)))
    data = progress.dropna(subset=["saving_share"])
    if year == baseline or data.empty:
        slide.empty = texts.t("workshop_no_progress", lang, year=year, baseline=baseline)
        return slide
    data = data.assign(name=data["name"].map(show), change=-data["saving_share"] * 100,
                       target=(data["target_kwh"] / data["baseline_kwh"] - 1) * 100)
    slide.figure = charts.workshop_change_bars(
        data, texts.t("workshop_axis_change", lang, baseline=baseline),
        (texts.t("workshop_legend_on_track", lang), texts.t("workshop_legend_off_track", lang),
         texts.t("workshop_legend_target", lang, year=year)), lang)
    best = data.loc[data["change"].idxmin()]
    slide.takeaway = texts.t("workshop_t_progress_fall" if round(best["change"], 1) < 0 else "workshop_t_progress_rise",
                             lang, name=best["name"], change=signed(lang, best["change"]), baseline=baseline,
                             target=signed(lang, best["target"]), on_track=int(data["on_track"].fillna(False).sum()),
                             areas=len(data))
    return slide


def heat_slide(areas: pd.DataFrame, year: int, show, lang: str = "de", not_comparable: int = 0,
               included: bool = False) -> Slide:
    """``areas``: :func:`ktdash.analytics.metrics.heat_against_comparison` of the districts in ``year`` (heat
    normalised to the reference climate of Potsdam, as the comparison values); ``not_comparable``: how many buildings
    without a valid comparison value (pools …) the selection left out, or took in (``included``)."""
    note = texts.t("pages14_workshop_n_heat", lang, norm=labels.normalisation(labels.BENCHMARK, lang),
                   attribution=attribution(lang))
    if not_comparable:
        note += texts.t("pages14_workshop_n_heat_taken" if included else "pages14_workshop_n_heat_left_out", lang,
                        count=not_comparable)
    slide = Slide(texts.t("pages14_workshop_h_heat", lang, year=year), note=note)
    if areas.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = areas.assign(name=areas["name"].map(show), value=areas["heat_kwh_benchmark"] / areas["area_m2"],
                        comparison=areas["comparison_kwh"] / areas["area_m2"],
                        share=areas["above"] / areas["buildings"] * 100)
    slide.figure = charts.workshop_comparison_bars(
        data, texts.t("workshop_axis_heat", lang),
        (texts.t("workshop_legend_heat", lang), texts.t("workshop_legend_comparison", lang)),
        texts.t("workshop_share_title", lang), lang)
    above, total = int(data["above"].sum()), int(data["buildings"].sum())
    worst = data.loc[(data["value"] / data["comparison"]).idxmax()]
    key = "workshop_t_heat" if worst["value"] > worst["comparison"] else "workshop_t_heat_below"
    slide.takeaway = texts.t(key, lang, above=above, buildings=total,
                             share=charts.share_text(above / total * 100, lang), name=worst["name"],
                             value=num(lang, worst["value"]), comparison=num(lang, worst["comparison"]))
    return slide


def co2_slide(entities: pd.DataFrame, year: int, baseline: int, show, lang: str = "de", co2_label: str | None = None,
              unit: str = "CO₂e") -> Slide:
    """``co2_label``: which emission factor set (:func:`ktdash.output.labels.co2`); ``unit``: CO₂e or CO₂ (direct)."""
    slide = Slide(texts.t("pages14_workshop_h_co2", lang, year=year, unit=unit),
                  note=texts.t("pages14_workshop_n_co2", lang,
                               label=co2_label or texts.t("pages14_co2_bisko_conform", lang)))
    kg = entities.assign(kg=entities["t_co2e_per_inhabitant"] * 1000)
    data = kg[kg["year"] == year].dropna(subset=["kg"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = data.assign(name=data["name"].map(show))
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


def reach_slide(reach: pd.DataFrame, year: int, show, lang: str = "de") -> Slide:
    slide = Slide(texts.t("workshop_h_reach", lang, year=year), note=texts.t("workshop_n_reach", lang))
    if reach.empty or reach["participants_per_1000"].notna().sum() == 0:
        slide.empty = texts.t("workshop_no_campaigns", lang, year=year)
        return slide
    data = reach.assign(name=reach["name"].map(show))
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
             lang: str = "de") -> Slide:
    first, year = years[0], years[-1]
    partial = until.year if until is not None and (until.month, until.day) != (12, 31) else None
    slide = Slide(texts.t("workshop_h_pv", lang, first=first, year=year) if first != year
                  else texts.t("workshop_h_pv_one", lang, year=year),
                  note=texts.t("workshop_n_pv", lang) + (
                      " " + texts.t("workshop_n_pv_partial", lang, until=format_date(until, lang))
                      if partial in years else ""))
    if pv.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    table = pv.pivot_table(index="name", columns="year", values="units_per_1000", aggfunc="sum")
    table = table.reindex(index=sorted(districts.values()), columns=list(years))
    table = table.sort_values(year, ascending=False, na_position="last")
    table.index = [show(n) for n in table.index]
    table.columns = [f"{y}*" if y == partial else str(y) for y in years]
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


def topics_slide(coverage: pd.DataFrame, year: int, districts: dict[str, str], show, lang: str = "de") -> Slide:
    slide = Slide(texts.t("workshop_h_topics", lang, year=year), note=texts.t("workshop_n_topics", lang))
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
    slide.figure = charts.workshop_heatmap(table, texts.t("campaign_axis_activities", lang), lang)
    most = [n for n, c in covered.items() if c == covered.max()]
    spread = table.notna().sum(axis=0)
    widest = [t for t, c in spread.items() if c == spread.max()]
    slide.takeaway = texts.t("workshop_t_topics", lang, names=listing(lang, most), count=int(covered.max()),
                             topics=len(topics), topic=listing(lang, widest), areas=int(spread.max()), all=len(table))
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
