"""Layout ``readings``: cumulative meter readings (Zählerstände) with a date. Energy data: staged, checked and stored
by the shared energy code (:mod:`ktdash.ingest.stage`, ``bulk``, ``checks``, ``commit``)."""

from __future__ import annotations

from ktdash.core.domain import Layout
from ktdash.ingest.profiles import PROFILE_FIELDS
from ktdash.ingest.registry import LayoutSpec, register


def matches(plan, sample) -> bool:
    """A column of meter readings."""
    return "reading" in plan.fields


SPEC = register(LayoutSpec(code=Layout.READINGS.value, label="layout_readings", family="energy", order=20,
                           required=("building", "date", "reading"), fields=PROFILE_FIELDS, matches=matches))
