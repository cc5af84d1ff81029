"""One import pipeline with registered layouts (issue 16 point 2).

- every sample file (sample_data/demo, tests/data) is recognised as its layout through the registry;
- every layout of the domain is registered, with its words in both catalogs;
- a new layout is one module with one ``register`` call: the registry finds it by itself;
- the library returns import notes as codes (:class:`ktdash.ingest.results.Note`), never as sentences;
- the English import page shows English notes and rejections.

Cheap: no demo store (the page test uses a small store file with the test master data).
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import make_store_file, open_page
from ktdash.core.domain import DegreeDayLayout, Layout
from ktdash.core.settings import Settings
from ktdash.i18n import texts
from ktdash.ingest import registry
from ktdash.ingest.pipeline import inspect_file
from ktdash.ingest.results import Note

ROOT = Path(__file__).resolve().parent.parent

# the layout of a sample file, from its name (first match)
BY_NAME = (
    (r"_gebaeude\.csv$", Layout.BUILDINGS),
    (r"_lastgang_", Layout.LOAD_PROFILE),
    (r"_zaehlerstaende\.csv$", Layout.READINGS),
    (r"(_monatstabelle\.csv|_unicode\.txt|_verbrauch\.xlsx)$", Layout.WIDE),
    (r"(_verbrauch_monate|_export_en|_consumption2|_wasser_jahr)\.csv$", Layout.PERIODS),
    (r"^aktivitaeten", Layout.ACTIVITIES),
    (r"^kampagnen", Layout.CAMPAIGNS),
    (r"^mastr", Layout.PV_REGISTER),
    (r"^massnahmen", Layout.MEASURES),
    (r"^netzwerk_personen", Layout.NETWORK_PEOPLE),
    (r"^gradtage_\d{6}\.csv$", DegreeDayLayout.DWD),
    (r"^Gradtagzahlen-Deutschland_Data\.TA\.HD", DegreeDayLayout.IWU),
)
NOT_IMPORTS = ("expected_", "manifest", "trends", "README", "netzwerk_termine", "netzwerk_anfragen")


def sample_files() -> list[Path]:
    folders = [ROOT / "sample_data" / "demo",
               *(ROOT / "tests" / "data" / name for name in ("campaigns", "climate", "measures"))]
    return [p for folder in folders for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(NOT_IMPORTS)]


def expected_layout(name: str):
    return next(layout for pattern, layout in BY_NAME if re.search(pattern, name))


def test_the_registry_recognises_every_sample_file():
    settings = Settings()
    found = {path.name: inspect_file(path.read_bytes(), path.name, settings).layout for path in sample_files()}
    wrong = {name: layout for name, layout in found.items() if layout != expected_layout(name).value}
    assert not wrong, wrong
    assert {expected_layout(name) for name in found} == set(Layout) | set(DegreeDayLayout)  # each layout seen


def test_every_layout_is_registered_with_its_words():
    codes = [spec.code for spec in registry.specs()]
    assert sorted(codes) == sorted(layout.value for layout in (*Layout, *DegreeDayLayout))
    for spec in registry.specs():
        assert registry.spec(spec.code) is spec and registry.find(Layout.READINGS) is registry.spec("readings")
        german, english = texts.t(spec.label, "de"), texts.t(spec.label, "en")
        assert german and english and german != english, spec.code
        assert spec.required and set(spec.required) <= set(spec.fields) | set(spec.headers), spec.code
        assert (spec.detect is None) != (spec.matches is None), spec.code  # a signature or the energy columns
    assert [s.code for s in registry.specs("energy")] == ["wide", "readings", "buildings", "periods", "load_profile"]
    assert registry.find("no_such_layout") is None


def test_a_new_layout_is_one_module_with_one_register_call(tmp_path, monkeypatch):
    """A module in the layouts package registers itself; detection and the mapping form find it."""
    package = tmp_path / "extra_layouts"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "heat_meters.py").write_text(textwrap.dedent('''
        from ktdash.ingest.columns import ColumnPlan
        from ktdash.ingest.registry import LayoutSpec, register

        def detect(sample, file_name="", profile=None):
            for index, row in enumerate(sample[:40]):
                if [c.strip() for c in row[:2]] == ["Wärmezähler", "Stand MWh"]:
                    return ColumnPlan(header_index=index, headers=row, fields={"meter": 0, "reading": 1},
                                      layout="heat_meters")
            return None

        SPEC = register(LayoutSpec(code="heat_meters", label="layout_readings", family="heat", order=5,
                                   required=("meter", "reading"), fields=("meter", "reading"), detect=detect))
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "_SPECS", {})
    monkeypatch.setattr(registry, "_loaded", False)
    monkeypatch.setattr(registry, "LAYOUT_PACKAGE", "extra_layouts")
    try:
        assert [s.code for s in registry.specs()] == ["heat_meters"]
        plan = registry.detect([["Titel"], ["Wärmezähler", "Stand MWh"], ["WZ-1", "12,5"]], "waerme.csv")
        assert plan is not None and plan.layout == "heat_meters" and plan.header_index == 1
        assert registry.detect([["Liegenschaft", "Verbrauch"]], "x.csv") is None
    finally:
        sys.modules.pop("extra_layouts.heat_meters", None)
        sys.modules.pop("extra_layouts", None)


MONTHS = ("Liegenschaft;Energieträger;Monat;Verbrauch\n"  # no unit: assumed (a note); decimal comma (a note)
          "Rathaus Kusel;Strom;01.2024;1.234,5\n"
          "Rathaus Kusel;Kohle;02.2024;5\n")  # Kohle: an unknown carrier (a rejection)


def test_notes_are_codes_rendered_in_either_language(prepare):
    preview = prepare(MONTHS).preview
    assert preview.notes and all(isinstance(n, Note) for n in preview.notes)
    assert {n.code for n in preview.notes} >= {"note_decimal", "note_unit_assumed"}
    german, english = texts.notes(preview.notes, "de"), texts.notes(preview.notes, "en")
    assert "Zahlenformat: Dezimalkomma (1.234,5)." in german and "Number format: decimal comma (1.234,5)." in english
    assert "Keine Einheit angegeben: kWh (Wasser: m³) angenommen." in german
    assert "No unit given: kWh (water: m³) assumed." in english
    assert list(preview.rejected["code"]) == ["unknown_carrier"]


# What ktdash/ingest may still ask the text catalogs for: renderers that take the reader's language (an error's
# message(lang), the rejected rows' table, the corrections table) and the label of a column a file lacks. Notes are
# never among them; this list may only shrink.
TEXTS_ALLOWED = {
    # ImportFileError.message(lang): a profile's problems (notes) in it
    "ktdash/ingest/results.py": {"field_name", "file_error", "t", "rejection", "rejection_columns", "note"},
    # ProfileError.message(lang) with the agency's name; profile_error_text(exc, lang)
    "ktdash/ingest/profiles.py": {"t", "note"},
    "ktdash/ingest/versions.py": {"t"},  # corrections_table(con, lang)
    "ktdash/ingest/layouts/degree_days.py": {"t"},  # incomplete_months_text(months, lang)
    "ktdash/ingest/edits.py": {"t"},  # EditError.message(lang): the code of a refused edit in words
    "ktdash/ingest/report_assets.py": {"t"},  # ReportAssetError.message(lang): a refused logo or foreword
}


def test_the_import_library_writes_no_notes_in_words():
    """Notes leave ktdash/ingest as codes: the modules that make them (pipeline, stage, bulk, clock, checks, the
    layouts) do not use the text catalogs for them, and nothing new there starts to."""
    used = {}
    for path in sorted((ROOT / "ktdash" / "ingest").rglob("*.py")):
        calls = set(re.findall(r"\btexts\.(\w+)\(", path.read_text(encoding="utf-8")))
        if calls:
            used[str(path.relative_to(ROOT))] = calls
    extra = {name: calls - TEXTS_ALLOWED.get(name, set()) for name, calls in used.items()}
    assert not {name: calls for name, calls in extra.items() if calls}, extra
    for name in ("pipeline.py", "stage.py", "bulk.py", "clock.py", "checks.py", "columns.py"):
        source = (ROOT / "ktdash" / "ingest" / name).read_text(encoding="utf-8")
        assert "texts.t(" not in source, name


@pytest.fixture
def page_store(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "pages.duckdb", accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def test_the_english_import_page_shows_english_notes_and_rejections(page_store):
    at = open_page("pages/import_daten.py", lang="en", user="kusel")
    assert not at.exception
    at.file_uploader[0].set_value(("verbrauch.csv", MONTHS.encode(), "text/csv")).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Number format: decimal comma (1.234,5)." in captions
    assert "No unit given: kWh (water: m³) assumed." in captions
    assert "Zahlenformat" not in captions and "angenommen" not in captions
    rejected = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert list(rejected["code"]) == ["unknown_carrier"]
    assert rejected["reason"].iloc[0].startswith("Carrier “Kohle” is unknown. Allowed: Strom, Erdgas")
