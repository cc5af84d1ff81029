"""Layout ``periods``: consumption per period (a month, a year, or from … to). Energy data: staged, checked and stored
by the shared energy code (:mod:`ktdash.ingest.stage`, ``checks``, ``commit``)."""

from __future__ import annotations

from ktdash.core.domain import Layout
from ktdash.ingest.columns import looks_like_clock
from ktdash.ingest.profiles import PROFILE_FIELDS
from ktdash.ingest.registry import LayoutSpec, register


def matches(plan, sample) -> bool:
    """A value with a month, a year or a period start that is a day (not a time of day)."""
    f = plan.fields
    return "consumption" in f and ("month" in f or "year" in f or (
        "period_start" in f and not looks_like_clock(plan, sample, "period_start")))


SPEC = register(LayoutSpec(code=Layout.PERIODS.value, label="layout_periods", family="energy", order=40,
                           required=("building", "consumption"), fields=PROFILE_FIELDS, matches=matches))
