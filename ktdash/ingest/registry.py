"""The import layouts, registered: which shapes of file ktdash reads, and what differs per layout.

Each module of :mod:`ktdash.ingest.layouts` describes one layout (or a family's several, e.g. degree days) with a
:class:`LayoutSpec` and calls :func:`register` when it is imported. The pipeline (:mod:`ktdash.ingest.pipeline`,
:mod:`ktdash.ingest.columns`, :mod:`ktdash.ingest.commit`) never names a layout module: it asks this registry,
which imports every module of the ``layouts`` package on the first question (:func:`specs`). A new layout is one
module there with one ``register(LayoutSpec(...))`` call (and its words in the text catalogs).

Detection has two kinds of layout:

* **signature** layouts (``detect``): files with a header line of their own (campaigns, activities, the
  Marktstammdatenregister, DWD and IWU degree days); ``detect(sample, file_name, profile)`` returns the layout's
  column plan or None. They are asked first, in ``order``.
* **energy** layouts (``matches``): the energy-controlling files, whose columns
  :func:`ktdash.ingest.columns.plan_columns` recognises; ``matches(plan, sample)`` decides on the recognised
  columns, asked in ``order`` — the first that matches is the layout. They share staging, checks and the commit
  (:mod:`ktdash.ingest.stage`, ``bulk``, ``checks``, ``commit``).

Hooks a layout may bring (None: the shared energy code): ``prepare`` (stage and check the rows of ``kt_body``,
return the preview), ``commit`` (store ``kt_valid``), ``undo_rows`` (remove an import's rows inside the undo's
transaction), ``blocking_imports`` (later imports an undo must wait for).
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LAYOUT_PACKAGE = "ktdash.ingest.layouts"


@dataclass(frozen=True)
class LayoutSpec:
    code: str  # the layout's stable code (ktdash.core.domain.Layout / DegreeDayLayout value; imports.layout)
    label: str  # text key that names it (ktdash.i18n.texts)
    family: str  # "energy", "campaign" or "degree_days": layouts that share their staging and commit code
    order: int = 100  # detection order inside its kind (lower first)
    required: tuple[str, ...] = ()  # fields a file of this layout must have (else ``missing_column``)
    fields: tuple[str, ...] = ()  # the fields the mapping form offers for it
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field → header names (signature layouts)
    signatures: tuple[tuple[str, ...], ...] = ()  # field sets that make a header line one of this layout
    detect: Callable[..., Any] | None = None  # (sample, file_name, profile) → plan | None
    matches: Callable[..., bool] | None = None  # energy: (plan, sample) → whether the recognised columns fit
    prepare: Callable[..., Any] | None = None
    commit: Callable[..., Any] | None = None
    undo_rows: Callable[..., dict[str, int]] | None = None
    blocking_imports: Callable[..., list[int]] | None = None
    municipal: bool = True  # False: the file belongs to no municipality (degree days); prepare(con, decoded, plan, …)
    default_sheet: Callable[..., str | None] | None = None  # (data, file_name) → the workbook sheet to read, or None


_SPECS: dict[str, LayoutSpec] = {}
_loaded = False
_loading = False
_LOAD_LOCK = threading.RLock()  # a layout module may ask the registry while it is imported


def register(spec: LayoutSpec) -> LayoutSpec:
    """Add a layout (a module of :mod:`ktdash.ingest.layouts` calls this when imported)."""
    if spec.code in _SPECS and _SPECS[spec.code] != spec:
        raise ValueError(f"layout {spec.code!r} is registered twice")
    _SPECS[spec.code] = spec
    return spec


def _load() -> None:
    """Import every module of the layouts package once (each registers its layouts). Under a lock, and marked done
    only when every module is in: another thread (two imports at once) must not see half the layouts (it then
    refused a load profile as ``unknown_layout``)."""
    global _loaded, _loading
    if _loaded:
        return
    with _LOAD_LOCK:
        if _loaded or _loading:  # _loading: this thread, asked again while importing a layout module
            return
        _loading = True
        try:
            package = importlib.import_module(LAYOUT_PACKAGE)
            for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
                if not module.name.startswith("_"):
                    importlib.import_module(f"{LAYOUT_PACKAGE}.{module.name}")
            _loaded = True
        finally:
            _loading = False


def specs(family: str | None = None) -> list[LayoutSpec]:
    """Every registered layout (of one ``family``), in detection order."""
    _load()
    return sorted((s for s in _SPECS.values() if family is None or s.family == family),
                  key=lambda s: (s.order, s.code))


def spec(code) -> LayoutSpec:
    """The layout registered as ``code`` (a str or a Layout enum); KeyError for an unknown one."""
    _load()
    return _SPECS[str(getattr(code, "value", code))]


def find(code) -> LayoutSpec | None:
    """:func:`spec`, or None."""
    _load()
    return _SPECS.get(str(getattr(code, "value", code)))


def default_sheet(data, file_name: str = "") -> str | None:
    """The sheet a layout wants read from this workbook (IWU's table Data.TA.HD, not its first sheet), or None."""
    for hook in dict.fromkeys(s.default_sheet for s in specs() if s.default_sheet):
        sheet = hook(data, file_name)
        if sheet is not None:
            return sheet
    return None


def detect(sample: list[list[str]], file_name: str = "", profile=None):
    """The column plan of a file whose header line is a signature layout's, or None (then the energy columns
    decide: :func:`decide`). Each layout's ``detect`` decides what a mapping profile means for it."""
    for candidate in specs():
        plan = candidate.detect(sample, file_name, profile) if candidate.detect is not None else None
        if plan is not None:
            return plan
    return None


def decide(plan, sample: list[list[str]]) -> LayoutSpec | None:
    """The first energy layout (in ``order``) whose ``matches`` accepts the recognised columns, or None."""
    return next((s for s in specs("energy") if s.matches is not None and s.matches(plan, sample)), None)
