"""The vocabulary of the network itself (issue 18): the Klima.Taten.Team's topics, the levels of a competence, how a
climate-protection post is funded. Codes are English and stable (stored in ``topics.code``, ``competences.level``,
``posts.funding``); the words users read will come from the text catalogs. Topics are extendable by admins (table
``topics``); :data:`BUILTIN_TOPICS` are the network's own list, stored by migration 018."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    CONTACT = "contact"  # Ansprechpartner*in: can advise others
    EXPERIENCED = "experienced"  # erfahren
    LEARNING = "learning"  # möchte lernen


class Funding(StrEnum):
    OWN_BUDGET = "own_budget"  # the municipality's own budget
    KOMMUNALRICHTLINIE = "kommunalrichtlinie"  # the federal Kommunalrichtlinie (NKI)
    OTHER_PROGRAMME = "other_programme"  # another funding programme (named in posts.programme)


# the network's topics (Klima.Taten.Team), code → German name as stored in migration 018
BUILTIN_TOPICS: dict[str, str] = {
    "pv": "PV",
    "heat_planning": "Wärmeplanung",
    "energy_management": "Energiemanagement/-controlling",
    "funding": "Förderprogramme",
    "mobility": "Mobilität",
    "land_use_planning": "Bauleitplanung",
    "public_relations": "Öffentlichkeitsarbeit",
    "procurement": "Beschaffung",
    "street_lighting": "Straßenbeleuchtung",
    "climate_adaptation": "Klimaanpassung",
}


class RequestKind(StrEnum):
    SUPPORT = "support"  # Unterstützungsbedarf
    AGENDA = "agenda"  # Thema für die Tagesordnung des Klima.Taten.Talk


class Urgency(StrEnum):
    LOW = "low"  # kann warten
    NORMAL = "normal"
    HIGH = "high"  # dringend


class RequestStatus(StrEnum):
    OPEN = "open"  # offen
    CLARIFYING = "clarifying"  # in Klärung
    DONE = "done"  # erledigt


class PostStatus(StrEnum):
    """A post's standing on a given day (ktdash.analytics.network)."""
    PERMANENT = "permanent"  # verstetigt
    ENDS_12 = "ends_within_12_months"  # funding ends within 12 months
    ENDS_24 = "ends_within_24_months"  # within 12 to 24 months
    FUNDED = "funded"  # funding ends later, or own budget without end
    ENDED = "ended"  # funding ended, not made permanent
    VACANT = "vacant"  # no holder
