"""Layout ``buildings``: the master data of buildings (name, category, area, year of construction, postcode). Staged,
checked and stored by the shared energy code (:mod:`ktdash.ingest.stage`, ``checks``, ``commit``)."""

from __future__ import annotations

from ktdash.core.domain import Layout
from ktdash.ingest.profiles import PROFILE_FIELDS
from ktdash.ingest.registry import LayoutSpec, register


def matches(plan, sample) -> bool:
    """A building with master data and no value column."""
    f = plan.fields
    return "consumption" not in f and ("category" in f or "area" in f or "year_built" in f) and "building" in f


SPEC = register(LayoutSpec(code=Layout.BUILDINGS.value, label="layout_buildings", family="energy", order=30,
                           required=("building",), fields=PROFILE_FIELDS, matches=matches))
