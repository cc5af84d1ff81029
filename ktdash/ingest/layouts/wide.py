"""Layout ``wide``: a row per building, carrier and year with a column per month (Jan … Dez). Energy data: staged,
checked and stored by the shared energy code (:mod:`ktdash.ingest.stage`, ``checks``, ``commit``)."""

from __future__ import annotations

from ktdash.core.domain import Layout
from ktdash.ingest.profiles import PROFILE_FIELDS
from ktdash.ingest.registry import LayoutSpec, register


def matches(plan, sample) -> bool:
    """Six or more month columns."""
    return len(plan.months) >= 6


SPEC = register(LayoutSpec(code=Layout.WIDE.value, label="layout_wide", family="energy", order=10,
                           required=("building", "year"), fields=PROFILE_FIELDS, matches=matches))
