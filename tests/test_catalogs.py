"""The text catalogs (ktdash/i18n/de.toml, en.toml): same keys and placeholders in both, every key used, no
text asked for that is not there.

A key counts as used when the code (ktdash/, pages/, app.py) holds it as a string constant — in a call
``texts.t("key", …)``, in a conditional, a dict or a tuple of keys — or as an SQL literal ``'key'`` inside a
string constant or an .sql file (rejection codes are made in SQL). Keys the code puts together at run time
(``texts.t("role_" + role.value)``) are covered by :data:`DYNAMIC`, a short explicit list: every part the code
fills in must itself be produced by the code (a string constant or an SQL literal), so a key whose value no
longer occurs anywhere fails like any unused key. Every pattern of the list must still occur in the code.
"""

from __future__ import annotations

import ast
import re
import string
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest


from ktdash.i18n import texts

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "ktdash" / "i18n"
LANGS = ("de", "en")
TABLES = ("ui", "fields", "rejections", "file_errors")


def code_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "ktdash").rglob("*.py"))]


@dataclass(frozen=True)
class Pattern:
    """Keys the code builds: ``template`` with ``{}`` where the code fills in a value.

    Each filled-in part must be a string constant or SQL literal of the code, and one of ``only`` if given.
    ``column``: the part is a column the SQL of the code selects (a whole word of an SQL text) instead.
    ``base``: instead, the key made from this template with the same parts must be used literally (a variant
    such as ``…_short`` of a key the code names). ``marker``: the string constant that shows the code still
    builds these keys (default: the template up to its first ``{}``).
    """

    template: str
    where: str
    only: tuple[str, ...] = ()
    column: bool = False
    base: str = ""
    marker: str = ""

    @property
    def head(self) -> str:
        return self.template.split("{}")[0]

    def produces(self, part: str) -> bool:
        if self.only and part not in self.only:
            return False
        return sql_column(part) if self.column else produced(part)


DYNAMIC = (
    Pattern("access_{}", "access: AccessError(code).message"),
    Pattern("alert_col_{}", "output alerts: inbox table columns"),
    Pattern("alerts_recipient_{}", "output exports digest: RecipientRefused(code)"),
    Pattern("action_{}", "access: NotAllowed, Action values"),
    Pattern("audit_action_{}", "pages/protokoll.py, audit actions"),
    Pattern("backup_error_{}", "access: BackupError(code)"),
    Pattern("building_trace_{}", "output charts: building traces"),
    Pattern("building_trace_{}_comparison", "output charts: building comparison traces"),
    Pattern("campaign_col_{}", "pages/kampagne.py, kampagnen.py: table columns"),
    Pattern("campaign_group_{}", "output charts, pages/kampagne.py: group names"),
    Pattern("campaign_group_label_{}", "pages/kampagne.py"),
    Pattern("campaign_pv_difference_{}", "pages/kampagne.py: more/less"),
    Pattern("campaigns_chart_timeline_{}", "pages/kampagnen.py: measures"),
    Pattern("chart_download_{}", "pages/common.py: png/svg/pdf"),
    Pattern("chart_export_{}", "output exports charts: ChartExportError(code)"),
    Pattern("cli_admin_action_{}", "cli: admin-only commands"),
    Pattern("corrections_col_{}", "ingest versions: corrections table"),
    Pattern("corrections_field_{}", "ingest versions: master data fields"),
    Pattern("dd_col_{}", "pages/degree_day_import.py: STATION_COLUMNS, CHANGE_COLUMNS"),
    Pattern("evidence_{}", "ingest results: evidence of another municipality"),
    Pattern("evidence_{}_one", "ingest results: the same, one item"),
    Pattern("evidence_{}_{}", "ingest results: kind and place"),
    Pattern("history_{}", "pages/import_daten.py: columns of the import history (store queries)", column=True),
    Pattern("history_col_{}", "pages/protokoll.py: columns of the audit log"),
    Pattern("layout_{}", "import page, cli: recognised layouts"),
    Pattern("level_{}", "pages: district/municipality"),
    Pattern("meter_kind_{}", "i18n texts.rejection: kind of a stored meter in meter_conflict (ingest checks SQL)"),
    Pattern("methods14_{}", "pages/methoden.py: ValueError codes", only=("unknown_postcode", "unknown_station")),
    Pattern("methods14_chosen_{}", "pages/methoden.py"),
    Pattern("methods14_from_{}", "pages/methoden.py"),
    Pattern("methods14_gap_{}", "pages/methoden.py: gaps of the reference data"),
    Pattern("methods14_set_{}_title", "pages/methoden.py: factor sets"),
    Pattern("methods14_set_name_{}", "pages/methoden.py: factor sets"),
    Pattern("methods14_status_{}", "output methods: status of a value"),
    Pattern("methods14_v_{}", "output methods: values used"),
    Pattern("methods_edit_{}", "pages/methoden.py: TableEditError codes"),
    Pattern("note_register_{}", "ingest layouts campaigns: skipped register rows (SQL)"),
    Pattern("pages14_co2_{}_short", "output labels: co2_key(…) + '_short'", base="pages14_co2_{}", marker="_short"),
    Pattern("pages14_norm_{}", "output labels: normalisation"),
    Pattern("pages14_norm_{}_short", "output labels: normalisation, short"),
    Pattern("pages14_postcode_{}", "pages/gebaeude.py"),
    Pattern("pages14_reason_{}", "output labels: REASONS"),
    Pattern("pages14_share_source_{}", "pages/gebaeude.py"),
    Pattern("plan_col_{}", "pages/jahresplanung.py: table columns"),
    Pattern("plan_entry_{}", "pages/jahresplanung.py"),
    Pattern("profile_{}", "ingest profiles: ProfileError(code)"),
    Pattern("quality_{}", "analytics quality: implausible_specific detail (SQL)", only=("heat", "electricity")),
    Pattern("quality_check_{}", "analytics quality, report, pages/datenqualitaet.py"),
    Pattern("quality_method_{}", "pages/datenqualitaet.py"),
    Pattern("quality_msg_{}", "analytics quality"),
    Pattern("quality_severity_{}", "analytics quality: SEVERITY"),
    Pattern("report_entity_{}", "pages/bericht.py"),
    Pattern("report_level_{}", "pages/bericht.py"),
    Pattern("report_reach_{}", "output report: campaign reach"),
    Pattern("role_{}", "access: Role values"),
    Pattern("setup_recorded_{}", "cli: set-up choice"),
    Pattern("status_{}", "pages/import_daten.py: import status (SQL)"),
    Pattern("store_error_{}", "store connection: StoreError(code)"),
    Pattern("store_error_{}_page", "store connection, pages/common.py"),
    Pattern("store_hint_{}", "store connection: per command"),
    Pattern("store_what_{}", "store connection, cli: per command"),
    Pattern("summary_{}", "import pages, cli: preview summary"),
    Pattern("topic_{}", "output charts: topic_label (campaign vocabulary)"),
    Pattern("format_{}", "output charts: format_label (campaign vocabulary)"),
)


PAIRS = {"ui": texts.UI, "fields": texts.FIELD_NAMES, "rejections": texts.REJECTIONS, "file_errors": texts.FILE_ERRORS}


@cache
def catalog(lang: str) -> dict[str, dict[str, str]]:
    with (CATALOGS / f"{lang}.toml").open("rb") as file:
        return tomllib.load(file)


@cache
def code_strings() -> tuple[frozenset[str], str]:
    """Every string constant of the code (f-string parts included), and all of them plus the .sql files as one
    text to look for SQL literals in."""
    constants: set[str] = set()
    for path in code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
    sql = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "ktdash").rglob("*.sql"))]
    return frozenset(constants), "\n".join([*constants, *sql])


def produced(value: str) -> bool:
    """The code holds ``value`` as a string constant or as an SQL literal."""
    constants, text = code_strings()
    return value in constants or f"'{value}'" in text


@cache
def sql_texts() -> tuple[str, ...]:
    constants, _ = code_strings()
    sql = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "ktdash").rglob("*.sql"))]
    return tuple(text for text in [*sorted(constants), *sql] if re.search(r"\bSELECT\b", text, re.IGNORECASE))


def sql_column(name: str) -> bool:
    """``name`` is a whole word of a string constant or .sql file that reads like SQL (selects something)."""
    word = re.compile(rf"\bSELECT\b[^;]*\b{re.escape(name)}\b", re.IGNORECASE)
    return any(word.search(text) for text in sql_texts())


def _fillings(key: str, pieces: list[str]):
    """Every way to fill the holes between ``pieces`` so that they make ``key`` (each hole non-empty)."""
    first, *rest = pieces
    if not key.startswith(first):
        return
    key = key[len(first):]
    if not rest:
        if key == "":
            yield ()
        return
    for end in range(1, len(key) + 1):
        for more in _fillings(key[end:], rest):
            yield (key[:end], *more)


def dynamic_use(key: str) -> Pattern | None:
    """The pattern that covers ``key`` with parts the code produces, if any."""
    constants, _ = code_strings()
    for pattern in DYNAMIC:
        for parts in _fillings(key, pattern.template.split("{}")):
            if pattern.base:
                if pattern.base.format(*parts) in constants:
                    return pattern
            elif all(pattern.produces(part) for part in parts):
                return pattern
    return None


def unused_keys() -> list[tuple[str, str]]:
    """(table, key) of every catalog key the code does not use, in catalog order."""
    return [(table, key) for table in TABLES for key in catalog("de")[table]
            if not produced(key) and (table != "ui" or dynamic_use(key) is None)]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_both_catalogs_have_the_same_tables_and_keys():
    for lang in LANGS:
        assert list(catalog(lang)) == list(TABLES), lang
    for table in TABLES:
        de, en = catalog("de")[table], catalog("en")[table]
        assert sorted(set(de) - set(en)) == [], f"[{table}] only in de.toml"
        assert sorted(set(en) - set(de)) == [], f"[{table}] only in en.toml"
        assert list(de) == list(en), f"[{table}]: keys in another order"


def test_both_languages_have_the_same_placeholders():
    different, broken = [], []
    for table in TABLES:
        for key, german in catalog("de")[table].items():
            english = catalog("en")[table][key]
            try:
                if placeholders(german) != placeholders(english):
                    different.append(f"[{table}] {key}: de {sorted(placeholders(german))}, "
                                     f"en {sorted(placeholders(english))}")
            except ValueError as exc:  # a single brace: write {{ or }}
                broken.append(f"[{table}] {key}: {exc}")
    assert broken == []
    assert different == []


def test_no_key_goes_unused():
    assert [f"[{table}] {key}" for table, key in unused_keys()] == []


def test_every_dynamic_pattern_is_still_in_the_code():
    constants, _ = code_strings()
    stale = [pattern.template for pattern in DYNAMIC if (pattern.marker or pattern.head) not in constants]
    assert stale == []
    keys = catalog("de")["ui"]
    covers_nothing = [pattern.template for pattern in DYNAMIC
                      if not any(dynamic_use(key) == pattern for key in keys if key.startswith(pattern.head))]
    assert covers_nothing == []


def _asked_for(node: ast.expr):
    """The literal keys an argument can be: a constant, either branch of a conditional, the values of a dict."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _asked_for(node.body)
        yield from _asked_for(node.orelse)
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
        for value in node.value.values:
            yield from _asked_for(value)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and isinstance(node.func.value, ast.Dict):  # {15: "a", 60: "b"}.get(interval, "c")
        for value in [*node.func.value.values, *node.args[1:]]:
            yield from _asked_for(value)


# texts.<function> → catalog table; a bare t(…) is a module's own wrapper of texts.t (report, methoden page)
LOOKUPS = {"t": "ui", "rejection": "rejections", "file_error": "file_errors"}


def test_every_text_asked_for_exists():
    missing = []
    for path in code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "texts":
                table = LOOKUPS.get(func.attr)
            elif isinstance(func, ast.Name) and func.id == "t":
                table = "ui"
            else:
                continue
            for key in _asked_for(node.args[0]) if table else ():
                if key not in catalog("de")[table]:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: [{table}] {key}")
    assert missing == []


def test_the_checks_catch_what_they_should():
    """An unknown key is neither used nor asked for without failing; a produced part needs a producer."""
    assert not produced("no_such_key_anywhere_42")
    assert dynamic_use("role_no_such_role_42") is None
    assert dynamic_use("quality_download_42") is None
    assert dynamic_use("history_no_such_column_42") is None
    assert sql_column("rows_replaced") and not sql_column("no_such_column_42")
    assert list(_fillings("evidence_key_file_name", ["evidence_", "_", ""])) == [
        ("key", "file_name"), ("key_file", "name")]


def test_no_texts_outside_the_catalogs():
    """Every text is in de.toml/en.toml: the lookup tables are read-only and texts.py holds no sentence of its own."""
    for pairs in PAIRS.values():
        with pytest.raises(TypeError):
            pairs["test_key_42"] = ("Hallo", "Hello")  # type: ignore[index]
        assert not hasattr(pairs, "update")
    source = (ROOT / "ktdash" / "i18n" / "texts.py").read_text(encoding="utf-8")
    strings = [node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant)
               and isinstance(node.value, str) and " " in node.value and not node.value.startswith(("One ", "Every"))]
    assert [s for s in strings if re.search("[äöüß]|\\b(und|der|die|das)\\b", s)] == []


def test_the_lookup_reads_the_catalogs():
    for table, pairs in PAIRS.items():
        for key in list(catalog("de")[table])[:20]:
            assert pairs[key] == (catalog("de")[table][key], catalog("en")[table][key])
            assert key in pairs
    assert texts.t("methods14_v_imported", "en") == catalog("en")["ui"]["methods14_v_imported"]
    assert texts.t("methods14_v_imported", "fr") == catalog("de")["ui"]["methods14_v_imported"]  # else German
    assert texts.rejection_columns("en") == ["line", "column", "value", "code", "reason"]
    assert texts.rejection_columns("de") == ["Zeile", "Spalte", "Wert", "Code", "Grund"]


def test_climate_values_name_imported_degree_day_months():
    """The methods page with DWD months imported (import_id set): the row is named by methods14_v_imported (the
    code asked for methods14_v_degree_days_imported, a KeyError)."""
    from ktdash.output import methods
    from ktdash.store.connection import open_store
    con = open_store(":memory:")
    try:
        con.execute("INSERT INTO station_degree_days (station_id, month, g20_15_kd, source, import_id) VALUES "
                    "(2486, ?, 541.2, 'DWD', 7), (2486, ?, 480.0, 'DWD', 7)", [date(2026, 1, 1), date(2026, 2, 1)])
        for lang in ("de", "en"):
            frame = methods.climate_values(con, lang=lang)
            row = frame[frame["value_name"] == catalog(lang)["ui"]["methods14_v_imported"]]
            assert len(row) == 1 and frame.index[frame["value_name"] == row["value_name"].iloc[0]][0] == 1
            assert row["value"].iloc[0] == texts.t("methods14_v_imported_value", lang, months="2",
                                                   last="02.2026" if lang == "de" else "2026-02")
    finally:
        con.close()


def test_the_cli_speaks_english(tmp_path, monkeypatch, capsys):
    """``ktdash --lang en`` (or KTDASH_LANG=en) prints the catalogs' English and English numbers; German stays the
    default."""
    from conftest import make_store_file
    from ktdash.cli import main as cli
    from ktdash.cli.main import main

    monkeypatch.setattr(cli, "LANG", "de")  # restored after the test: format_preview is called directly elsewhere
    monkeypatch.setenv("KTDASH_DB", str(make_store_file(tmp_path / "cli.duckdb")))
    path = tmp_path / "kusel.csv"
    path.write_text("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
                    "Rathaus Kusel;Strom;01.2024;1.234,5;kWh\nRathaus Kusel;Strom;13.2024;5;kWh\n", encoding="utf-8")
    assert main(["--lang", "en", "import", str(path), "--municipality", "073365001", "--dry-run"]) == 1
    out, err = capsys.readouterr()
    assert "Data rows: 2 (1 valid, 1 rejected)" in out and "Strom: 1,234.5 kWh (1 values)" in out
    assert "Buildings: 1, new: 1 (Rathaus Kusel)" in out and "Dry run: nothing stored." in out
    assert "kusel.csv: line 3, column “" in err and "Zeile" not in err
    monkeypatch.setenv("KTDASH_LANG", "en")
    assert main(["municipalities"]) == 0
    assert "Population" in capsys.readouterr().out
    assert main(["--lang", "de", "municipalities"]) == 0
    out = capsys.readouterr().out
    assert "Einwohner" in out and "24.000" in out
    assert cli.language(["--lang", "en", "imports"]) == "en" and cli.language(["imports"]) == "en"  # KTDASH_LANG
    monkeypatch.delenv("KTDASH_LANG")
    assert cli.language(["imports"]) == "de"
    monkeypatch.setattr(cli, "LANG", "en")  # the help too
    import_help = cli.build_parser()._subparsers._group_actions[0].choices["import"].format_help()
    assert "only check and show the preview, store nothing" in import_help


def test_formats_come_from_one_place():
    """German and English number, date and quote formats live in ktdash.core.formatting (LOCALES) and the words in
    the catalogs: no other module branches on the language itself (``lang == "en"``)."""
    from ktdash.core import formatting as f

    assert f.format_number(-1234.5, 1) == "-1.234,5" and f.format_number(1234.5, 1, "en") == "1,234.5"
    assert f.format_number(3, 1, "de", unit="%", signed=True) == "+3,0 %" and f.format_number(None) == "–"
    assert f.format_z(0.954) == "0,9540" and f.format_hs(11.0) == "11,0" and f.format_hs(11.234, "en") == "11.234"
    assert f.format_decimal(-0.015, "de", 1, signed=True) == "-0,0" and f.format_decimal(2.5, "fr") == "2,5"
    assert f.format_date(date(2024, 1, 2)) == "02.01.2024" and f.format_date(date(2024, 1, 2), "en") == "2024-01-02"
    assert f.format_month(date(2024, 5, 1)) == "05.2024" and f.format_month(date(2024, 5, 1), "en") == "2024-05"
    assert f.format_month(None) == f.format_date(None) == "–"
    assert f.plotly_separators("de") == ",." and f.plotly_separators("en") == ".,"
    assert f.styler_marks("de") == {"thousands": ".", "decimal": ","}
    assert f.quote("x") == "„x“" and f.quote("x", "en") == "“x”"
    assert f.date_pattern("date_widget", "en") == "YYYY-MM-DD" and f.date_pattern("month_hover", "en") == "%b %Y"
    branch = re.compile(r"""\blang\s*[!=]=\s*["'](en|de)["']""")
    places = [f"{path.relative_to(ROOT)}:{number}" for path in code_files()
              if path.relative_to(ROOT).as_posix() not in ("ktdash/core/formatting.py", "ktdash/i18n/texts.py")
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if branch.search(line)]
    assert places == []


def test_rejection_details_are_rendered_in_the_readers_language():
    """Details made in SQL carry codes and numbers after the separator, never German words (issue 16): the kind of a
    stored meter and the other line of an overlapping period are put into words here."""
    sep = texts.DETAIL_SEPARATOR
    assert texts.rejection("meter_conflict", "de", value="Z1", detail=f"Strom{sep}readings") == \
        "Zähler „Z1“ ist schon mit Strom (Zählerstände) gespeichert."
    assert texts.rejection("meter_conflict", "en", value="Z1", detail=f"Strom{sep}interval") == \
        "Meter “Z1” is already stored with Strom (load profile)."
    de = texts.rejection("period_overlap", "de", detail=f"01.01.2024–31.01.2024{sep}7")
    en = texts.rejection("period_overlap", "en", detail=f"01.01.2024–31.01.2024{sep}7")
    assert "(Zeile 7: 01.01.2024–31.01.2024)" in de and "(line 7: 01.01.2024–31.01.2024)" in en
    stored = texts.rejection("period_overlap", "en", detail=f"01.01.2024–31.01.2024{sep}3{sep}05.01.2025{sep}a.csv")
    assert "of import 3 of 05.01.2025" in stored
