"""The report's figures: what it is about (:class:`ReportEntity`, :func:`resolve_entity`), German number wording,
and :class:`ReportData`, which gathers everything the sections show from the store and the analytics — the same
functions the pages use (:mod:`ktdash.analytics.metrics`, :mod:`ktdash.analytics.campaigns`,
:mod:`ktdash.analytics.quality`). No drawing here (:mod:`ktdash.output.report.pdf`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from ktdash.analytics import periods
from ktdash.analytics.metrics import Selection, building_years, entity_years
from ktdash.core.formatting import format_number
from ktdash.core.settings import AnalyticsSettings
from ktdash.i18n import texts
from ktdash.ingest.report_assets import get_assets
from ktdash.output import labels, methods


class ReportError(ValueError):
    """The report cannot be built as asked (unknown municipality or district, both or neither given)."""


def t(key: str, **fields) -> str:
    return texts.t(key, "de", **fields)


# --- numbers --------------------------------------------------------------------------------------------------

def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def num(value, decimals: int = 1, unit: str = "") -> str:
    """German number with its unit (``1.234,5 MWh``); ``–`` for a missing value."""
    if _missing(value):
        return "–"
    return f"{format_number(float(value), decimals)} {unit}".strip()


def mwh(kwh, decimals: int = 1) -> str:
    return num(None if _missing(kwh) else float(kwh) / 1000, decimals, "MWh")


def percent(share, decimals: int = 1) -> str:
    """A share (0.123) as ``12,3 %``."""
    return num(None if _missing(share) else float(share) * 100, decimals, "%")


def change(current, previous) -> str:
    if _missing(current) or _missing(previous) or float(previous) == 0:
        return "–"
    value = round((float(current) - float(previous)) / abs(float(previous)) * 100, 1)
    if value == 0:
        return num(0, 1, "%")
    return ("+" if value > 0 else "") + num(value, 1, "%")


# --- what the report is about ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportEntity:
    """The municipality or district of a report and the municipalities (owners) it covers."""

    level: str  # "municipality" | "district"
    key: str
    name: str
    kind: str
    district_key: str
    district: str
    population: int | None
    population_date: date | None
    members: tuple[tuple[str, str, str], ...]  # (key, name, kind) of the owners covered

    @property
    def selection(self) -> Selection:
        if self.level == "district":
            return Selection(districts=(self.key,))
        return Selection(municipalities=(self.key,))

    @property
    def member_keys(self) -> list[str]:
        return [key for key, _, _ in self.members]


def resolve_entity(con, municipality: str | None = None, district: str | None = None) -> ReportEntity:
    """The municipality or the district (each by name, any case, or official key); exactly one of them."""
    if (municipality is None) == (district is None):
        raise ReportError(t("report_error_one_entity"))
    if municipality is not None:
        from ktdash.store.records import find_municipality

        found = find_municipality(con, str(municipality))  # the one lookup of a place by name or key
        if found is None:
            raise ReportError(t("report_error_municipality", value=municipality))
        key = found[0]
        row = con.execute("""
            SELECT m.municipality_key, m.name, m.kind, d.district_key, d.name,
                   coalesce(m.population, CASE WHEN m.kind = 'Landkreis' THEN d.population END),
                   CASE WHEN m.population IS NOT NULL THEN m.population_date
                        WHEN m.kind = 'Landkreis' THEN d.population_date END
            FROM municipalities m JOIN districts d USING (district_key) WHERE m.municipality_key = ?""",
                          [key]).fetchone()
        return ReportEntity("municipality", row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                            ((row[0], row[1], row[2]),))
    from ktdash.store.records import find_district

    found = find_district(con, str(district))
    if found is None:
        raise ReportError(t("report_error_district", value=district))
    row = con.execute("SELECT district_key, name, kind, population, population_date FROM districts "
                      "WHERE district_key = ?", [found[0]]).fetchone()
    members = con.execute("""
        SELECT municipality_key, name, kind FROM municipalities WHERE district_key = ?
        ORDER BY kind = 'Landkreis' DESC, name""", [row[0]]).fetchall()
    return ReportEntity("district", row[0], row[1], row[2], row[0], row[1], row[3], row[4],
                        tuple(tuple(m) for m in members))


def entities(con) -> pd.DataFrame:
    """Everything a report can be about: level, key, name (municipalities first, then districts)."""
    return con.execute("""
        SELECT 'municipality' AS level, m.municipality_key AS key, m.name, d.name AS district
        FROM municipalities m JOIN districts d USING (district_key)
        UNION ALL SELECT 'district', district_key, name, name FROM districts
        ORDER BY level DESC, district, name""").df()


class ReportData:
    """Everything a report of ``entity`` for ``year`` shows, read once (the sections read it from here)."""

    def __init__(self, con, entity: ReportEntity, year: int, baseline: int, analytics: AnalyticsSettings,
                 today: date):
        self.con, self.entity, self.year, self.baseline, self.analytics = con, entity, year, baseline, analytics
        self.today = today
        self.as_of = self._data_as_of()
        self._load()

    def _load(self) -> None:
        con, sel, analytics, level = self.con, self.entity.selection, self.analytics, self.entity.level
        years = entity_years(con, level, sel, analytics)
        self.years = years[years["year"] <= self.year].sort_values("year").reset_index(drop=True)
        current = self.years[self.years["year"] == self.year]
        self.current = None if current.empty else current.iloc[0]
        previous = self.years[self.years["year"] == self.year - 1]
        self.previous = None if previous.empty else previous.iloc[0]
        self.buildings = building_years(con, Selection(years=(self.year,), districts=sel.districts,
                                                       municipalities=sel.municipalities), analytics)
        self.co2_label = methods.co2_label(con, analytics.emission_factor_set)
        # a partial year (months missing, or not ended by today) is labelled and never compared with a whole one
        covered = periods.coverage(con, sel, self.today, analytics)
        this = covered[covered["year"] == self.year]
        self.partial = bool(this["partial"].iloc[0]) if not this.empty else False
        self.year_label = periods.year_labels(this, "de").get(self.year, str(self.year))
        self.norm_progress = labels.normalisation(labels.PROGRESS, "de", analytics)
        self.norm_benchmark = labels.normalisation(labels.BENCHMARK, "de", analytics)
        self.norm_progress_short = labels.normalisation(labels.PROGRESS, "de", analytics, short=True)
        self.norm_benchmark_short = labels.normalisation(labels.BENCHMARK, "de", analytics, short=True)
        self.assets = get_assets(con, self.entity.level, self.entity.key)  # logo and foreword (issue 19)
        self.all_buildings = con.execute("""
            SELECT b.building_id, b.name AS building, b.category, b.floor_area_m2 AS area_m2, m.name AS municipality
            FROM buildings b JOIN municipalities m USING (municipality_key)
            WHERE list_contains($keys, b.municipality_key) ORDER BY m.name, b.name""",
                                         {"keys": self.entity.member_keys}).df()

    def _data_as_of(self) -> tuple:
        keys = self.entity.member_keys
        imported = self.con.execute("""
            SELECT max(created_at) FROM imports
            WHERE status = 'committed' AND list_contains($keys, municipality_key)""",
                                    {"keys": keys}).fetchone()[0]
        until = self.con.execute("""
            SELECT max(r.month) FROM monthly_rollup r JOIN buildings b USING (building_id)
            WHERE list_contains($keys, b.municipality_key)""", {"keys": keys}).fetchone()[0]
        return imported, until

    def _progress_path(self, baseline_kwh: float, rate: float) -> pd.DataFrame | None:
        """Energy of the compared buildings (complete in the baseline and the year) for every year from the
        baseline to the year; a year where one of them is incomplete has no value."""
        years = tuple(range(self.baseline, self.year + 1))
        sel = self.entity.selection
        frame = building_years(self.con, Selection(years=years, districts=sel.districts,
                                                   municipalities=sel.municipalities), self.analytics)
        complete = frame[frame["complete"]]
        both = set(complete.loc[complete["year"] == self.baseline, "building_id"]) & set(
            complete.loc[complete["year"] == self.year, "building_id"])
        if not both:
            return None
        rows = []
        for year in years:
            part = frame[(frame["year"] == year) & frame["building_id"].isin(both)]
            full = len(part) == len(both) and bool(part["complete"].all())
            rows.append({"year": year, "kwh": float(part["energy_kwh_normalised"].sum()) if full else None,
                         "target_kwh": baseline_kwh * (1 + rate) ** (year - self.baseline)})
        return pd.DataFrame(rows)

    def comparability_notes(self) -> dict:
        """category → the note why its comparison value says little about a building (None: comparable)."""
        return dict(self.con.execute("SELECT category, comparability_note FROM comparison_values").fetchall())

    def population_dates(self) -> tuple:
        """The oldest and newest population date of the report's municipalities (and of those without one)."""
        con, e = self.con, self.entity
        return con.execute("""SELECT min(population_date), max(population_date) FROM municipalities
                              WHERE list_contains($keys, municipality_key) OR population IS NULL""",
                           {"keys": e.member_keys}).fetchone()

    def comparison_values_tek(self) -> dict:
        """category → [TEK heating, TEK hot water] in kWh/(m²·a) of the comparison values."""
        return dict(self.con.execute("SELECT category, [heating_kwh_per_m2a, hot_water_kwh_per_m2a] "
                                     "FROM comparison_values").fetchall())

    def carrier_factors(self) -> pd.DataFrame:
        """The emission factor (nearest year, with its status) and price of each carrier the report's buildings
        used in the year."""
        return self.con.execute("""
            WITH used AS (
                SELECT DISTINCT y.carrier FROM yearly_rollup y JOIN buildings b USING (building_id)
                WHERE y.year = $year AND list_contains($keys, b.municipality_key) AND y.carrier <> 'Wasser')
            SELECT u.carrier,
                   arg_min(f.kg_co2e_per_kwh, CASE WHEN f.year <= $year THEN $year - f.year ELSE 1000 + f.year - $year
                           END) AS factor,
                   arg_min(f.year, CASE WHEN f.year <= $year THEN $year - f.year ELSE 1000 + f.year - $year END)
                       AS factor_year,
                   arg_min(f.status, CASE WHEN f.year <= $year THEN $year - f.year ELSE 1000 + f.year - $year END)
                       AS status,
                   any_value(p.eur_per_kwh) AS price
            FROM used u LEFT JOIN (SELECT * FROM emission_factors WHERE factor_set = $factor_set) f USING (carrier)
            LEFT JOIN energy_prices p USING (carrier)
            GROUP BY u.carrier ORDER BY u.carrier""", {"year": self.year, "keys": self.entity.member_keys,
                                                      "factor_set": self.analytics.emission_factor_set}).df()

    def heat_networks(self) -> list[tuple]:
        """(carrier, network, factor, year, exergetic) of the heat networks the report's buildings used in the year."""
        return self.con.execute("""
            SELECT DISTINCT y.carrier, n.name, n.kg_co2e_per_kwh, n.year, n.exergetic
            FROM yearly_rollup y JOIN buildings b USING (building_id) JOIN heat_networks n
                 ON n.network_id = b.heat_network_id
            WHERE y.year = $year AND list_contains($keys, b.municipality_key)
              AND y.carrier IN ('Fernwärme', 'Nahwärme')
            ORDER BY 1, 2""", {"year": self.year, "keys": self.entity.member_keys}).fetchall()
