"""Layout ``load_profile``: 15-minute or hourly interval values (Lastgang). Energy data: staged, checked and stored by
the shared energy code (:mod:`ktdash.ingest.stage`, ``bulk``, ``clock``, ``checks``, ``commit``)."""

from __future__ import annotations

from ktdash.core.domain import Layout
from ktdash.ingest.columns import looks_like_clock
from ktdash.ingest.profiles import PROFILE_FIELDS
from ktdash.ingest.registry import LayoutSpec, register


def matches(plan, sample) -> bool:
    """A value with a date, a time, or an interval end that holds times of day."""
    f = plan.fields
    return "consumption" in f and ("date" in f or "time" in f or (
        "period_end" in f and looks_like_clock(plan, sample, "period_end")))


SPEC = register(LayoutSpec(code=Layout.LOAD_PROFILE.value, label="layout_load_profile", family="energy", order=50,
                           required=("date", "consumption"), fields=PROFILE_FIELDS, matches=matches))
