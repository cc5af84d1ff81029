"""The labels that say which method a figure uses, the same on every page (issue 14).

* :func:`normalisation` — which weather normalisation a heat figure carries: **progress** (the station's
  long-term mean over the reference period; a building against its own past, savings, target path) or
  **benchmark** (normalised to the reference climate of Potsdam, as the Vergleichswerte 2021; kWh/m² against
  the comparison values, savings potential). Methods: :mod:`ktdash.analytics.metrics`, :mod:`ktdash.analytics.climate`.
* :func:`co2` — which emission factor set a CO₂ figure uses: "CO₂e (BISKO-Systematik, BISKO-konform)" only
  while :func:`ktdash.analytics.reference.factor_set_status` says ``bisko_conform``; else "Faktoren geändert", or
  "CO₂ direkt (nur Verbrennung)" for the direct set.
* :func:`not_comparable` — the mark of a building whose category has no valid comparison value
  (Schwimmhallen …), with the reason of ``comparison_values.comparability_note``.
"""

from __future__ import annotations

from ktdash.i18n import texts
from ktdash.core.settings import AnalyticsSettings

PROGRESS, BENCHMARK = "progress", "benchmark"
REASONS = ("pool_water_heating", "process_plant", "not_a_building", "no_row")


def normalisation(kind: str, lang: str = "de", analytics: AnalyticsSettings | None = None,
                  short: bool = False) -> str:
    """"witterungsbereinigt (langjähriges Mittel der Station, 1991–2020)" (``progress``, with the set reference
    period) or "auf Referenzklima Potsdam bereinigt (wie die Vergleichswerte 2021)" (``benchmark``); ``short``
    for legends, axes and cards."""
    if kind not in (PROGRESS, BENCHMARK):
        raise ValueError(f"unknown normalisation {kind!r}")
    analytics = analytics or AnalyticsSettings()
    key = f"pages14_norm_{kind}" + ("_short" if short else "")
    return texts.t(key, lang, start=analytics.climate_reference_from, end=analytics.climate_reference_to)


def co2_key(factor_set: str, bisko_conform: bool) -> str:
    """The text key of the CO₂ label of ``factor_set`` (``bisko_conform``: see factor_set_status)."""
    if factor_set != "bisko":
        return "pages14_co2_direct"
    return "pages14_co2_bisko_conform" if bisko_conform else "pages14_co2_bisko_changed"


def co2(con, factor_set: str, lang: str = "de", short: bool = False) -> str:
    """The label of CO₂ figures computed with ``factor_set`` in this store, e.g.
    "CO₂e (BISKO-Systematik, BISKO-konform)" (``short``: "CO₂e, BISKO-konform", for a card)."""
    from ktdash.analytics.reference import factor_set_status

    conform = factor_set == "bisko" and factor_set_status(con, "bisko")["bisko_conform"]
    return texts.t(co2_key(factor_set, conform) + ("_short" if short else ""), lang)


def co2_unit(factor_set: str) -> str:
    """The gas of the figures: CO₂e (with upstream chains and other greenhouse gases) or CO₂ (direct)."""
    return "CO₂e" if factor_set == "bisko" else "CO₂"


def reason(note: str | None, lang: str = "de") -> str:
    """Why a category cannot be compared with the Vergleichswerte (``comparability_note``)."""
    return texts.t(f"pages14_reason_{note if note in REASONS else 'no_row'}", lang)


def not_comparable(note: str | None, lang: str = "de") -> str:
    """"nicht mit Vergleichswert vergleichbar (Schwimmhalle: …)"."""
    return texts.t("pages14_not_comparable_reason", lang, reason=reason(note, lang))
