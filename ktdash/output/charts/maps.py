"""Maps of the Westpfalz: districts and Verbandsgemeinden coloured by a figure (Vergleich, Kampagnen, workshop).

The boundaries are the package's own copies in ``ktdash/output/geo/`` (BKG VG250/VG5000, dl-de/by-2-0; sources and
attribution in its README). Values are joined by official key: the store's ``district_key`` (5 digits) to the
Kreise's ``ags``, its ``municipality_key`` (9 digits, ``073365010`` for a Verbandsgemeinde, ``073120000`` for a
kreisfreie Stadt) to the Verbandsgemeinden's ``ars``. A Landkreis's own row (the Kreisverwaltung, key = district key)
has no area of its own and is not drawn on the Verbandsgemeinde map.

Drawn with ``go.Choroplethmap`` (MapLibre) on a blank style (:data:`BLANK_STYLE`): no tiles, no fonts, no URL, so a
map renders offline in the browser and through kaleido (``go.Choropleth`` would fetch a world topojson from a CDN).
Every map carries the attribution as an annotation, so PNG/SVG/PDF exports keep it; areas without a value are grey
with "keine Daten" in the hover text.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

import pandas as pd
import plotly.graph_objects as go

from ktdash.core.formatting import format_number
from ktdash.i18n import texts
from ktdash.output.charts.common import BAD, GOOD, _german

# level → (file, key property, Stand year of the attribution)
LAYERS: dict[str, tuple[str, str, int]] = {
    "district": ("westpfalz_kreise.geojson", "ags", 2025),
    "municipality": ("westpfalz_verbandsgemeinden.geojson", "ars", 2021),
}
OUTLINES = "westpfalz_kreise_vg5000.geojson"  # Kreis borders over the VG map (the same generalisation as its edges)
NO_DATA_COLOR = "#C8C8C8"
SEQUENTIAL = [[0.0, "#E3EEF9"], [0.5, "#6FA8DC"], [1.0, "#0B3C78"]]
DIVERGING = [[0.0, BAD], [0.5, "#F7F7F7"], [1.0, GOOD]]  # progress: red = more energy, green = a saving (as its bars)
CENTER = {"lon": 7.705, "lat": 49.40}  # the middle of the Westpfalz's bounds (7.25–8.16 °E, 49.03–49.77 °N)
SOUTH, NORTH, WEST, EAST = 49.03, 49.77, 7.25, 8.16
# Plotly's "white-bg" style, without its ``glyphs`` URL (fonts a text layer would fetch): the map has no text layers,
# and with no URL at all nothing can be fetched — offline in the browser and in kaleido.
BLANK_STYLE = {"version": 8, "sources": {}, "layers": [{"id": "white-bg", "type": "background",
                                                        "paint": {"background-color": "#FFFFFF"}}]}
HEIGHT = 620
MARGIN_TOP, MARGIN_BOTTOM = 70, 10


def fit_zoom(plot_height: float, plot_width: float | None = None, padding: float = 1.06) -> float:
    """The zoom at which the whole Westpfalz fits a map area of ``plot_height`` (and ``plot_width``) pixels, with
    ``padding`` around it. MapLibre draws the world as 512·2^zoom pixels of Web Mercator
    (y = ln tan(π/4 + φ/2)): the region's north–south extent is Δy of that, its east–west extent Δλ (radians)."""
    delta_y = math.log(math.tan(math.pi / 4 + math.radians(NORTH) / 2)) \
        - math.log(math.tan(math.pi / 4 + math.radians(SOUTH) / 2))
    zoom = math.log2(plot_height * 2 * math.pi / (512 * padding * delta_y))
    if plot_width:
        zoom = min(zoom, math.log2(plot_width * 2 * math.pi / (512 * padding * math.radians(EAST - WEST))))
    return round(zoom, 2)


@lru_cache(maxsize=4)
def _geojson_text(file: str) -> str:
    return resources.files("ktdash.output").joinpath("geo", file).read_text(encoding="utf-8")


def boundaries(level: str) -> dict:
    """The GeoJSON of ``level`` (``district`` or ``municipality``), a fresh copy (callers may change it)."""
    return json.loads(_geojson_text(LAYERS[level][0]))


def areas(level: str) -> pd.DataFrame:
    """The areas of a level: key (official key as in the store) and name (BKG's), in the file's order."""
    file, prop, _ = LAYERS[level]
    features = json.loads(_geojson_text(file))["features"]
    return pd.DataFrame({"key": [f["properties"][prop] for f in features],
                         "name": [f["properties"]["name"] for f in features]})


def choices(level: str, frame: pd.DataFrame | None = None, key_column: str = "key", name_column: str = "name"
            ) -> dict[str, str]:
    """Every area of ``level`` as key → name (the frame's name where it has the key, else BKG's), sorted by name:
    the options of the page's "open an area" select box beside a map."""
    shapes = areas(level)
    if frame is not None and name_column in frame:
        named = dict(zip(frame[key_column].astype(str), frame[name_column], strict=True))
        shapes["name"] = [named.get(k) or n for k, n in zip(shapes["key"], shapes["name"], strict=True)]
    return dict(sorted(zip(shapes["key"], shapes["name"], strict=True), key=lambda item: str(item[1]).casefold()))


def attribution_year(level: str) -> int:
    """The Stand year of the boundaries of ``level`` (2025 for the VG250 Kreise, 2021 for the VG5000 layers)."""
    return LAYERS[level][2]


def attribution(level: str, lang: str = "de") -> str:
    """The attribution line of a map (dl-de/by-2-0: source, year, change notice, licence)."""
    return texts.t("map_attribution", lang, year=attribution_year(level))


def value_text(value, unit: str, lang: str = "de", decimals: int = 0, signed: bool = False) -> str:
    """``1.234 kWh/EW``, ``+10,0 %`` / ``−3,0 %`` (``signed``: typographic minus, ``±0,0`` for zero) or "keine Daten"
    for a missing value."""
    if value is None or pd.isna(value):
        return texts.t("map_no_data", lang)
    if signed:
        rounded = round(float(value), decimals)
        sign = "−" if rounded < 0 else "+" if rounded > 0 else "±"
        return f"{sign}{format_number(abs(rounded), decimals, lang)} {unit}".rstrip()
    return format_number(float(value), decimals, lang, unit)


def _features(level: str, keys) -> dict:
    """The GeoJSON of ``level`` with only the features of ``keys`` (each trace carries only its own shapes)."""
    prop, wanted = LAYERS[level][1], set(keys)
    geojson = boundaries(level)
    geojson["features"] = [f for f in geojson["features"] if f["properties"][prop] in wanted]
    return geojson


def region_map(level: str, frame: pd.DataFrame, value_column: str, title: str, unit: str, lang: str = "de", *,
               names: dict[str, str] | None = None, decimals: int = 0, diverging: bool = False,
               key_column: str = "key", name_column: str = "name", height: int = HEIGHT) -> go.Figure:
    """A choropleth map of the districts (``level="district"``) or Verbandsgemeinden (``"municipality"``).

    ``frame``: one row per key (``key_column``) with ``value_column``; rows whose key has no area (a Landkreis's
    own row on the VG map) are left out, areas without a row or value are grey with "keine Daten". The hover text
    shows the name (``name_column`` of the frame, else BKG's name) and the value with ``unit`` in the page's
    number format. ``names``: key → display name for every area (e.g. letters in the anonymised workshop); areas
    not in it are shown without a name. ``diverging``: a change around 0 (the saving against the baseline, in %):
    red below 0, green above, centred on 0, the value signed; else a sequential blue scale."""
    if frame[key_column].duplicated().any():
        raise ValueError(f"map of {value_column!r}: more than one row for a key")
    shapes = areas(level)
    data = shapes.merge(frame[[key_column, value_column] + ([name_column] if name_column in frame else [])]
                        .rename(columns={key_column: "key", value_column: "value", name_column: "shown"}),
                        on="key", how="left")
    shown = data["shown"] if "shown" in data else pd.Series(None, index=data.index, dtype=object)
    data["label"] = ([names.get(k, "") for k in data["key"]] if names is not None
                     else shown.where(shown.notna(), data["name"]).tolist())
    data["text"] = [value_text(v, unit, lang, decimals, signed=diverging) for v in data["value"]]
    hover = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"
    featureidkey = f"properties.{LAYERS[level][1]}"
    fig = go.Figure()
    missing = data[data["value"].isna()]
    if not missing.empty:
        fig.add_trace(go.Choroplethmap(
            geojson=_features(level, missing["key"]), featureidkey=featureidkey, locations=missing["key"].tolist(),
            z=[0] * len(missing), colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]], showscale=False,
            marker=dict(line=dict(color="white", width=1)), name=texts.t("map_no_data", lang),
            customdata=missing[["label", "text", "key"]].values.tolist(), hovertemplate=hover))
    valued = data[data["value"].notna()]
    if not valued.empty:
        values = valued["value"].astype(float)
        scale = dict(colorscale=DIVERGING, zmid=0.0) if diverging else dict(colorscale=SEQUENTIAL)
        if diverging:
            reach = max(float(values.abs().max()), 1e-9)
            scale |= dict(zmin=-reach, zmax=reach)
        fig.add_trace(go.Choroplethmap(
            geojson=_features(level, valued["key"]), featureidkey=featureidkey, locations=valued["key"].tolist(),
            z=values.tolist(),
            marker=dict(line=dict(color="white", width=1)), name=title,
            colorbar=dict(title=dict(text=unit), tickformat=f",.{decimals}f",
                          ticksuffix=" %" if unit == "%" else None, thickness=14, len=0.8),
            customdata=valued[["label", "text", "key"]].values.tolist(), hovertemplate=hover, **scale))
    layers = []
    if level == "municipality":  # the Kreis borders over the Verbandsgemeinden
        layers.append(dict(sourcetype="geojson", source=json.loads(_geojson_text(OUTLINES)), type="line",
                           color="#333333", line=dict(width=1.6)))
    fig.update_layout(
        title=title, height=height, margin=dict(l=10, r=10, t=MARGIN_TOP, b=MARGIN_BOTTOM),
        map=dict(style=BLANK_STYLE, center=CENTER, zoom=fit_zoom(height - MARGIN_TOP - MARGIN_BOTTOM), layers=layers),
        annotations=[dict(text=attribution(level, lang), xref="paper", yref="paper", x=0, y=0, xanchor="left",
                          yanchor="bottom", showarrow=False, font=dict(size=11, color="#444444"),
                          bgcolor="rgba(255,255,255,0.85)")])
    return _german(fig, lang)


def district_map(frame: pd.DataFrame, value_column: str, title: str, unit: str, lang: str = "de", *,
                 names: dict[str, str] | None = None, decimals: int = 0, diverging: bool = False,
                 key_column: str = "key", name_column: str = "name", height: int = HEIGHT) -> go.Figure:
    """The 7 districts (3 kreisfreie Städte, 4 Landkreise) coloured by ``value_column``, joined on the 5-digit
    district key. ``names``: key → display name (the anonymised workshop passes letters). See :func:`region_map`."""
    return region_map("district", frame, value_column, title, unit, lang, names=names, decimals=decimals,
                      diverging=diverging, key_column=key_column, name_column=name_column, height=height)


def municipality_map(frame: pd.DataFrame, value_column: str, title: str, unit: str, lang: str = "de", *,
                     names: dict[str, str] | None = None, decimals: int = 0, diverging: bool = False,
                     key_column: str = "key", name_column: str = "name", height: int = HEIGHT) -> go.Figure:
    """The 21 Verbandsgemeinden and 3 kreisfreie Städte, joined on the 9-digit key, with the Kreis borders drawn
    over them. See :func:`region_map`."""
    return region_map("municipality", frame, value_column, title, unit, lang, names=names, decimals=decimals,
                      diverging=diverging, key_column=key_column, name_column=name_column, height=height)


def clicked_key(event) -> str | None:
    """The official key of the area clicked on a map, from the selection state ``st.plotly_chart(…,
    on_select="rerun")`` returns (``{"selection": {"points": [{"location": …, "customdata": […, key]}]}}``);
    None when nothing is selected."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        key = point.get("location")
        if not key and isinstance(point.get("customdata"), (list, tuple)) and len(point["customdata"]) > 2:
            key = point["customdata"][2]
        if key:
            return str(key)
    return None
