"""What a page or the CLI shows: the :class:`Selection`, and the one way from a URL to it and back.

Every page reads its URL through :meth:`Selection.from_query` (or, for one widget, :func:`parse`) and writes it
with :meth:`Selection.to_query`, so a link, a bookmark and the workshop mean the same thing on every page. One
parser per parameter (:data:`PARAMETERS`); names and official keys are accepted alike (``kommune=Kusel`` or
``kommune=073365001``; ``kreis=Kusel`` or ``kreis=07336``); a value that is not known is dropped and listed in
:attr:`Selection.dropped` (the pages show it as a note), never an error.

URL parameters (repeat a parameter for several values: ``?traeger=Strom&traeger=Erdgas``)
    ``jahr``               one year: the year of a report, of the analytics pages, the workshop, the annual plan
    ``jahre``              a list of years (overview, campaigns); an old link's repeated ``jahr``
                           (``jahr=2023&jahr=2024``) is read as ``jahre``, and a list page also reads a single
                           old ``jahr`` as its list
    ``basis``              the baseline year of progress
    ``traeger``            energy carriers (``Strom``, ``Erdgas`` …; any case)
    ``kategorie``          building categories (``Schule``, ``Kita`` …; any case)
    ``kreis``              districts: name or key
    ``kommune``            municipalities: name or official key (AGS or Regionalschlüssel)
    ``building``           building ids (the building page)
    ``nicht_vergleichbar`` ``1``: buildings without a valid comparison value count in the savings potential
    ``ebene``              ``district`` or ``municipality`` (overview, comparison)
    ``thema``              campaign topics; ``kampagne`` a campaign id; ``aktion`` history actions;
                           ``pruefung`` data-quality checks; ``folie`` the workshop slide; ``anonym`` ``1``: the
                           workshop without names; ``lang`` ``en``: English
    ``stufe``              competence levels (Netzwerk); ``status`` request status (Klima.Taten.Talk); ``frist``
                           ``12`` or ``24``: posts whose funding ends within that many months (Verstetigung);
                           ``bereich`` the section of a page with several (Netzwerk, Klima.Taten.Talk)
Values reach SQL only as parameters (:meth:`Selection.params`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from ktdash.core.domain import Carrier, Category
from ktdash.store import records


@dataclass(frozen=True)
class Lookup:
    """The known values a URL is checked against: years with data, carriers, categories, districts and
    municipalities (key → name), building ids. :meth:`load` reads them from the store; tests build one by hand."""

    years: tuple[int, ...] = ()
    carriers: tuple[str, ...] = tuple(c.value for c in Carrier)
    categories: tuple[str, ...] = tuple(c.value for c in Category)
    districts: dict[str, str] = field(default_factory=dict)
    municipalities: dict[str, str] = field(default_factory=dict)
    buildings: frozenset[int] = frozenset()

    @classmethod
    def load(cls, con) -> "Lookup":
        known = records.selection_lookup(con)
        return cls(years=tuple(known["years"]), districts=known["districts"],
                   municipalities=known["municipalities"], buildings=frozenset(known["buildings"]))

    @cached_property
    def _district_index(self) -> dict[str, str]:
        return records.name_index(self.districts)

    @cached_property
    def _municipality_index(self) -> dict[str, str]:
        return records.name_index(self.municipalities)

    def district(self, text: str) -> str | None:
        return records.match_key(self.districts, text, self._district_index)

    def municipality(self, text: str) -> str | None:
        return records.match_key(self.municipalities, text, self._municipality_index)


def _year(text: str, lookup: Lookup) -> int | None:
    text = text.strip()
    if not text.isdigit():
        return None
    year = int(text)
    return year if (year in lookup.years if lookup.years else 1900 <= year <= 2100) else None


def _one_of(options: tuple[str, ...]) -> Callable[[str, Lookup], str | None]:
    by_lower = {o.lower(): o for o in options}
    return lambda text, lookup: by_lower.get(text.strip().lower())


def _building(text: str, lookup: Lookup) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and (not lookup.buildings or int(text) in lookup.buildings) else None


@dataclass(frozen=True)
class Parameter:
    """One URL parameter: its name, the :class:`Selection` field it fills (``None``: page state only), whether it
    takes several values, and its parser (text → value, ``None``: unknown, dropped)."""

    name: str
    field: str | None
    many: bool
    parse: Callable[[str, Lookup], Any]


PARAMETERS: dict[str, Parameter] = {p.name: p for p in (
    Parameter("jahr", "year", False, _year),
    Parameter("jahre", "years", True, _year),
    Parameter("basis", "baseline", False, _year),
    Parameter("traeger", "carriers", True, lambda text, lookup: _one_of(lookup.carriers)(text, lookup)),
    Parameter("kategorie", "categories", True, lambda text, lookup: _one_of(lookup.categories)(text, lookup)),
    Parameter("kreis", "districts", True, lambda text, lookup: lookup.district(text)),
    Parameter("kommune", "municipalities", True, lambda text, lookup: lookup.municipality(text)),
    Parameter("building", "buildings", True, _building),
    Parameter("nicht_vergleichbar", "include_not_comparable", False, lambda text, lookup: text == "1" or None),
    Parameter("ebene", None, False, lambda text, lookup: text if text in ("district", "municipality") else None),
    Parameter("thema", None, True, lambda text, lookup: text),
    Parameter("kampagne", None, False, lambda text, lookup: text),
    Parameter("aktion", None, True, lambda text, lookup: text),
    Parameter("pruefung", None, True, lambda text, lookup: text),
    Parameter("folie", None, False, lambda text, lookup: int(text) if text.isdigit() else None),
    Parameter("anonym", None, False, lambda text, lookup: text == "1" or None),
    Parameter("lang", None, False, lambda text, lookup: text if text in ("de", "en") else None),
    Parameter("stufe", None, True, lambda text, lookup: text),
    Parameter("status", None, True, lambda text, lookup: text),
    Parameter("frist", None, False, lambda text, lookup: int(text) if text in ("12", "24") else None),
    Parameter("bereich", None, False, lambda text, lookup: text),
)}


def query_values(query, name: str) -> list[str]:
    """Every value of ``name`` in ``query``: Streamlit's ``st.query_params`` (``get_all``) or a plain mapping of
    name → text or list of texts."""
    if hasattr(query, "get_all"):
        return [str(v) for v in query.get_all(name)]
    value = query.get(name) if query is not None else None
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def parse(name: str, values: list[str], lookup: Lookup | None = None) -> tuple[list, list[str]]:
    """(values understood, texts dropped) of the parameter ``name``: the one parser of each parameter."""
    parameter, lookup = PARAMETERS[name], lookup or Lookup()
    understood, dropped = [], []
    for text in values:
        value = parameter.parse(text, lookup)
        if value is None:
            dropped.append(text)
        elif value not in understood:
            understood.append(value)
    return understood, dropped


@dataclass(frozen=True)
class Selection:
    """The filters of the pages and the CLI: empty tuples mean "all". ``year`` and ``baseline`` are the year shown
    and the baseline of progress (the URL's ``jahr`` and ``basis``); the metrics read only the tuples and
    ``include_not_comparable``. ``dropped``: (parameter, text) of URL values not understood."""

    years: tuple[int, ...] = ()
    carriers: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # district keys
    municipalities: tuple[str, ...] = ()  # municipality keys
    buildings: tuple[int, ...] = ()
    # buildings whose category has no valid comparison value (Schwimmhallen …) in the savings potential
    include_not_comparable: bool = False
    year: int | None = None
    baseline: int | None = None
    dropped: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def params(self) -> dict:
        """The SQL parameters of the selection (``$years``, ``$carriers`` … as lists)."""
        return {"years": list(self.years), "carriers": list(self.carriers), "categories": list(self.categories),
                "districts": list(self.districts), "municipalities": list(self.municipalities),
                "buildings": list(self.buildings), "include_not_comparable": self.include_not_comparable}

    @classmethod
    def from_query(cls, query, lookup=None) -> "Selection":
        """The selection a URL's query parameters describe. ``lookup``: a :class:`Lookup` or a connection to
        load one from (``None``: years and buildings are not checked, names of places are not known)."""
        if lookup is not None and not isinstance(lookup, Lookup):
            lookup = Lookup.load(lookup)
        values: dict[str, Any] = {}
        dropped: list[tuple[str, str]] = []
        for parameter in PARAMETERS.values():
            if parameter.field is None:
                continue
            texts = query_values(query, parameter.name)
            understood, unknown = parse(parameter.name, texts, lookup)
            dropped += [(parameter.name, text) for text in unknown]
            if not understood:
                continue
            if parameter.many:
                values[parameter.field] = tuple(understood)
            elif parameter.name == "jahr" and len(understood) > 1:  # an old link: jahr=2023&jahr=2024, a list
                values.setdefault("years", tuple(understood))
                values["year"] = max(understood)
            else:
                values[parameter.field] = understood[-1]
        return cls(**values, dropped=tuple(dropped))

    def year_list(self) -> tuple[int, ...]:
        """The years of a list page: ``jahre``, else an old link's single ``jahr``."""
        return self.years or ((self.year,) if self.year is not None else ())

    def to_query(self) -> dict[str, str | list[str]]:
        """The URL parameters of this selection (the inverse of :meth:`from_query`; keys, not names)."""
        query: dict[str, str | list[str]] = {}
        for parameter in PARAMETERS.values():
            if parameter.field is None:
                continue
            value = getattr(self, parameter.field)
            if value in (None, (), False):
                continue
            if parameter.many:
                query[parameter.name] = [str(v) for v in value]
            else:
                query[parameter.name] = "1" if value is True else str(value)
        return query
