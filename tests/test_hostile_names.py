"""Issue 15, item 2 "User text is text": stored names (buildings, municipality, district, campaign title and
description, category, heat network) made of Markdown, LaTeX, HTML, colour directives, bidi controls, a 500-character
name and a formula are shown as typed — escaped for Markdown (ktdash.core.formatting.markdown_escape) and for
Plotly (ktdash.output.charts.safe_figure) — through the library and the pages (AppTest).
tests/test_hostile_names_browser.py looks at the same store in a real browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from conftest import KUSEL, make_analytics_store_file, open_page
from ktdash.i18n import texts
from ktdash.output import charts
from ktdash.core.formatting import (
    BIDI_CONTROLS,
    HEADING_LIMIT,
    MARKDOWN_SPECIALS,
    WORD_JOINER,
    display_text,
    markdown_escape,
    plotly_text,
    shorten,
    strip_bidi,
)
from ktdash.store.connection import bump_data_version, open_store

TIMEOUT = 90
KUSEL_KEY = "073365001"


def hostile_names(base: str) -> dict[str, str]:
    """The corpus; ``base`` is the address of the test's HTTP server (the browser test counts requests to it)."""
    return {
        "image": f"![x]({base}/track.png)",
        "link": f"[Hier klicken]({base}/phish)",
        "bold": "**fett** _kursiv_",
        "latex": "$x^2$",
        "html": f"<b>html</b> <img src={base}/img.png> <a href={base}/a>a</a>",
        "colour": ":red[rot] :smile: :material/home:",
        "rtl": "Schule \u202egnaltlA\u202c Ost",
        "long": "Sehr langes Gebäude " + "x" * 480,
        "formula": f'=HYPERLINK("{base}/formula","y")',
        "autolink": f"www.example.org a@b.de {base}/auto",
    }


HOSTILE_CATEGORY = "**Kat** [k](http://127.0.0.1:9/category)"


def build_hostile_store(path: Path, base: str) -> dict:
    """The small analytics store with ten buildings in VG Kusel-Altenglan (five of 10 m², so that the
    data-quality page has findings for them), renamed to the corpus; the municipality, its district, a campaign
    (title, description, activity title) and a heat network named from it too. Returns names and ids."""
    names = hostile_names(base)
    header = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\n"
    buildings = header + "".join(f"Haus {i:02d};Verwaltung;{'10' if i % 2 else '800'};1970\n"
                                 for i in range(len(names)))
    years = "Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n" + "".join(
        f"Haus {i:02d};Erdgas;{y};{50000 + i * 1000};kWh\nHaus {i:02d};Strom;{y};{9000 + i};kWh\n"
        for i in range(len(names)) for y in (2022, 2024))
    make_analytics_store_file(path, [(buildings, "gebaeude_h.csv", KUSEL), (years, "jahre_h.csv", KUSEL)],
                              accounts=True)
    con = open_store(path)
    try:
        ids = {}
        for i, (kind, name) in enumerate(names.items()):
            con.execute("UPDATE buildings SET name = ? WHERE municipality_key = ? AND name = ?",
                        [name, KUSEL_KEY, f"Haus {i:02d}"])
            ids[kind] = con.execute("SELECT building_id FROM buildings WHERE name = ?", [name]).fetchone()[0]
        con.execute("UPDATE buildings SET category = ? WHERE building_id = ?", [HOSTILE_CATEGORY, ids["bold"]])
        municipality = f"VG {names['image'].replace('track', 'municipality')} **Kusel**"
        district = f"Kreis {names['link'].replace('phish', 'district')} $k$"
        con.execute("UPDATE municipalities SET name = ? WHERE municipality_key = ?", [municipality, KUSEL_KEY])
        con.execute("UPDATE districts SET name = ? WHERE district_key = '07336'", [district])
        campaign = f"Kampagne {names['image'].replace('track', 'campaign')} **fett** $x$ :red[rot]"
        description = f"{names['link'].replace('phish', 'description')} <b>b</b> \u202eesrever"
        con.execute("INSERT INTO campaigns VALUES ('KX', ?, 'Wärme', ?, DATE '2024-03-01', DATE '2024-06-30', ?, 0)",
                    [campaign, KUSEL_KEY, description])
        con.execute("INSERT INTO campaign_members VALUES ('KX', ?, 0)", [KUSEL_KEY])
        con.execute("INSERT INTO activities (campaign_id, activity_date, municipality_key, format, kind, title, "
                    "participants, import_id) VALUES ('KX', DATE '2024-04-10', ?, 'Präsenz', 'Vortrag', ?, 40, 0)",
                    [KUSEL_KEY, names["link"]])
        network = f"Netz {names['image'].replace('track', 'network')}"
        con.execute("INSERT INTO heat_networks VALUES ('N1', ?, 2024, 0.2, false, ?)", [network, names["bold"]])
        bump_data_version(con)
    finally:
        con.close()
    return {"names": names, "ids": ids, "municipality": municipality, "district": district, "campaign": campaign,
            "description": description, "network": network}


def decoded(spec: str) -> str:
    """A Plotly JSON spec with its strings readable (Plotly writes ``<`` as ``\\u003c``)."""
    return json.dumps(json.loads(spec), ensure_ascii=False)


# --- the library ------------------------------------------------------------------------------------------------

NAMES = hostile_names("http://127.0.0.1:9")


@pytest.mark.parametrize("kind", list(NAMES))
def test_markdown_escape_leaves_no_markup(kind):
    escaped = markdown_escape(NAMES[kind])
    # every character that makes Markdown is backslash-escaped (CommonMark makes it literal), a colon before a
    # letter too (:red[…], :smile:) ...
    unescaped = re.sub(r"\\.", "", escaped)
    assert not set(unescaped) & (MARKDOWN_SPECIALS - {"\\"}), (kind, escaped)
    assert not re.search(r":\S", unescaped), (kind, escaped)
    # ... bare addresses are broken for GFM's autolinks, bidi controls and line breaks are gone
    plain = re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "")
    assert plain == display_text(NAMES[kind])
    unescaped = escaped.replace("\\", "")
    for marker in ("http:", "www.", "a@"):
        assert marker not in unescaped
    assert not set(escaped) & BIDI_CONTROLS


def test_display_text_shorten_and_bidi():
    assert display_text("a\u202eb\u2066c\u2069\nd\r\ne\x00") == "abc d e"
    assert strip_bidi("Zeile 1\nZeile \u202e2") == "Zeile 1\nZeile 2"
    assert strip_bidi(3) == 3
    long = NAMES["long"]
    assert len(shorten(long)) == HEADING_LIMIT and shorten(long).endswith("…")
    assert shorten("kurz") == "kurz"
    assert markdown_escape(long, HEADING_LIMIT).replace("\\", "").endswith("…")
    assert markdown_escape(":red[x]") == "\\:red\\[x\\]"  # no colour directive, no shortcode
    assert markdown_escape("Quelle: Solar-Check (Kusel), 1.5") == "Quelle: Solar-Check (Kusel), 1.5"  # readable
    assert markdown_escape("# Titel") == "\\# Titel" and markdown_escape("1. Liste") == "1\\. Liste"
    assert markdown_escape("- x") == "\\- x" and markdown_escape("&amp; & x") == "\\&amp; & x"


def test_plotly_text_escapes_html_latex_and_templates():
    assert plotly_text(NAMES["html"]).count("<") == 0
    assert plotly_text("<a href='x'>&</a>") == "&lt;a href='x'&gt;&amp;&lt;/a&gt;"
    assert plotly_text("$x^2$") == "&#36;x^2&#36;"
    assert plotly_text("100 %{y}") == "100 &#37;{y}"
    assert plotly_text("a\u202eb") == "ab"


def test_safe_figure_escapes_data_text_and_keeps_own_markup():
    name = NAMES["html"]
    fig = go.Figure(go.Bar(y=[name, "Rathaus"], x=[1, 2], orientation="h", name=NAMES["latex"],
                           customdata=[[name], ["x"]], hovertemplate="%{y}<br>%{customdata[0]}<extra></extra>"))
    fig.update_layout(title="Titel<br><sup>Untertitel</sup>", yaxis=dict(categoryarray=[name, "Rathaus"]))
    fig.add_annotation(x=1, y=name, text="<b>12 %</b>")
    safe = charts.safe_figure(fig)
    spec = json.loads(safe.to_json())
    trace = spec["data"][0]
    assert trace["y"][0] == plotly_text(name) and trace["y"][1] == "Rathaus"
    assert trace["name"] == "&#36;x^2&#36;"
    assert trace["customdata"][0][0] == plotly_text(name)
    assert spec["layout"]["yaxis"]["categoryarray"][0] == plotly_text(name)
    assert spec["layout"]["annotations"][0]["y"] == plotly_text(name)
    # the chart's own words keep their markup
    assert spec["layout"]["annotations"][0]["text"] == "<b>12 %</b>"
    assert spec["layout"]["title"]["text"] == "Titel<br><sup>Untertitel</sup>"
    assert trace["hovertemplate"] == "%{y}<br>%{customdata[0]}<extra></extra>"
    assert "<b>html" not in decoded(safe.to_json()) and "<b>html" in decoded(fig.to_json())  # original unchanged
    assert charts.safe_figure(safe) is safe  # not escaped twice (export of a page's figure)


def test_chart_functions_escape_names_in_hover_templates():
    import pandas as pd

    frame = pd.DataFrame({"name": [NAMES["html"]] * 2, "year": [2022, 2024], "value": [1.0, 2.0],
                          "units_per_1000": [1.0, 2.0], "kwp_per_1000": [1.0, 2.0]})
    for fig in (charts.consumption_by_year(frame, "T", "kWh"), charts.pv_additions_lines(frame, "T")):
        template = fig.data[0].hovertemplate
        assert "<b>html" not in template and plotly_text(NAMES["html"]) in template


def test_report_pdf_text_has_no_bidi_controls():
    from ktdash.output.report import ReportPDF

    pdf = ReportPDF("Titel", "Fuß")
    assert "\u202e" not in pdf.normalize_text(NAMES["rtl"])


# --- the pages (AppTest) ----------------------------------------------------------------------------------------

# Unescaped Markdown leaves these in an element's text; escaped text has a backslash (or word joiner) in each.
RAW_MARKERS = [re.compile(r"(?<!\\)" + re.escape(m)) for m in (
    "](", "**fett**", "$x^2$", "$k$", ":red[", ":smile:", "<b>", "127.0.0.1:9/", "www.example", "a@b.de", "\u202e")]
RAW_HTML = re.compile(r"(?<!\\)<(img|a |b>)")  # a tag whose "<" is not escaped
# The maps' licence caption links the licence and the BKG on purpose: a fixed text of the catalogs, no user data.
TRUSTED_LINKS = {texts.t("map_attribution_caption", "de", year=year) for year in (2021, 2025)}
PLAIN_FIELDS = {"data", "spec", "arrow_data", "id", "form_id", "key", "default", "value", "placeholder", "url",
                "page", "query_string", "widgets"}  # not Markdown: table/chart data, widget values, ids


def markdown_strings(message, kind: str = "") -> list[str]:
    """Every string of an element's protobuf that Streamlit renders as Markdown (labels, bodies, help, radio
    options …); selectbox and multiselect options are drawn as plain text and left out."""
    found = []
    for field, value in message.ListFields():
        name = field.name
        if name in PLAIN_FIELDS or (name in ("options", "raw_value", "raw_values")
                                    and kind in ("selectbox", "multiselect")):
            continue
        repeated = field.is_repeated if hasattr(field, "is_repeated") else field.label == 3  # LABEL_REPEATED
        values = value if repeated else [value]
        for item in values:
            if isinstance(item, str):
                found.append(item)
            elif hasattr(item, "ListFields"):
                found.extend(markdown_strings(item, kind))
    return found


def walk(node):
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from walk(child)
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "ListFields"):
        yield node, proto


def check_page(at) -> tuple[str, str]:
    """Assert no element of the run shows a corpus name as Markdown; returns (all Markdown text, chart specs)."""
    assert not at.exception, [e.value for e in at.exception]
    texts_, specs = [], []
    for node, proto in walk(at._tree):
        kind = getattr(node, "type", "")
        if kind == "plotly_chart":
            specs.append(decoded(proto.spec))
            continue
        for text in markdown_strings(proto, kind):
            if text in TRUSTED_LINKS:
                continue
            for marker in RAW_MARKERS:
                assert not marker.search(text), (kind, marker.pattern, text[:300])
            assert not RAW_HTML.search(text), (kind, text[:300])
            texts_.append(text)
    for spec in specs:  # Plotly: no tag, no LaTeX made from a name
        for marker in ("<b>html", "<img", "<a href", "$x^2$", "\u202e"):
            assert marker not in spec, marker
    return "\n".join(texts_), "\n".join(specs)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    info = build_hostile_store(path, "http://127.0.0.1:9")
    patch = pytest.MonkeyPatch()
    patch.setenv("KTDASH_DB", str(path))
    patch.setenv("KTDASH_DEMO", "0")
    yield info
    patch.undo()


def test_building_page_shows_names_as_text(hostile):
    for kind in ("image", "long", "bold"):
        at = open_page("pages/gebaeude.py", timeout=TIMEOUT, building=str(hostile["ids"][kind]))
        shown, specs = check_page(at)
        title = at.title[0].value
        assert title.endswith(markdown_escape(hostile["names"][kind], HEADING_LIMIT)), title
        assert markdown_escape(hostile["municipality"]) in shown  # the master data's location line
        options = at.selectbox(key="building_id").options
        assert display_text(hostile["names"]["rtl"]) in options  # plain text, without the bidi controls
    assert markdown_escape(HOSTILE_CATEGORY) in shown  # Haus "bold" has the hostile category


def test_municipality_overview_and_comparison_pages(hostile):
    at = open_page("pages/kommune.py", timeout=TIMEOUT, kommune=KUSEL_KEY)
    shown, specs = check_page(at)
    assert markdown_escape(hostile["municipality"], HEADING_LIMIT) in at.title[0].value
    assert sum(plotly_text(n) in specs for n in hostile["names"].values()) >= 5  # the ranking of the buildings
    for path, query in (("pages/uebersicht.py", {"ebene": "municipality"}), ("pages/vergleich.py", {}),
                        ("pages/vergleich.py", {"ebene": "municipality"})):
        at = open_page(path, timeout=TIMEOUT, **query)
        shown, specs = check_page(at)
        assert plotly_text(hostile["district"]) in specs or plotly_text(hostile["municipality"]) in specs


def test_campaign_pages(hostile):
    at = open_page("pages/kampagne.py", timeout=TIMEOUT, kampagne="KX")
    shown, _ = check_page(at)
    assert markdown_escape(hostile["campaign"], HEADING_LIMIT) in at.title[0].value
    assert markdown_escape(hostile["description"]) in shown
    check_page(open_page("pages/kampagnen.py", timeout=TIMEOUT))
    check_page(open_page("pages/jahresplanung.py", timeout=TIMEOUT, jahr="2024"))


def test_quality_page_findings(hostile):
    at = open_page("pages/datenqualitaet.py", timeout=TIMEOUT)
    shown, _ = check_page(at)
    assert markdown_escape(hostile["names"]["image"]) in shown  # a finding's building, as a link label
    assert any(markdown_escape(hostile["municipality"]) in e.label for e in at.expander)


def test_workshop_slides(hostile):
    for slide in (1, 2, 4):
        at = open_page("pages/workshop.py", timeout=TIMEOUT, folie=str(slide), jahr="2024", basis="2022")
        check_page(at)


def test_methods_page_as_admin(hostile):
    at = open_page("pages/methoden.py", timeout=TIMEOUT, user="agentur")
    check_page(at)
