"""Reference data of the analytics, with their sources: comparison values per building
category, CO₂e emission factors per carrier and year, energy prices, heating degree days.

The CSV files beside this module are the shipped defaults; their sources are in
``README.md`` here and in the ``source`` column of every row. They are loaded into
the store by :func:`load_reference_data` (``ktdash init`` and the dashboard's first
start). Comparison values are always replaced by the shipped table (they are
official figures, not settings); emission factors and energy prices are only added
where the store has no row yet, so an admin's edits survive a re-init.

Emission factors come in two sets (column ``factor_set``): ``bisko`` (CO₂e with upstream chains and the
annual Bundesstrommix, BISKO-type; the default) and ``direct`` (direct CO₂, the labelled alternative).
:func:`factor_set_status` says whether the BISKO set in the store is still the shipped one — only then may a
figure be called "BISKO-konform".

Degree days are climate data per DWD station: :mod:`ktdash.analytics.climate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, Field, ValidationError, field_validator

from ktdash.access import audit
from ktdash.core.domain import Carrier
from ktdash.store.connection import bump_data_version, transaction

REFERENCE_DIR = Path(__file__).resolve().parent
COMPARISON_VALUES = REFERENCE_DIR / "comparison_values.csv"
EMISSION_FACTORS = REFERENCE_DIR / "emission_factors.csv"
ENERGY_PRICES = REFERENCE_DIR / "energy_prices.csv"

_CSV = "header = true, delim = ',', quote = '\"', all_varchar = true, encoding = 'utf-8'"


def load_reference_data(con) -> None:
    """Comparison values (replaced), emission factors and prices (added where missing)."""
    with transaction(con):
        con.execute("DELETE FROM comparison_values")
        con.execute(f"""
            INSERT INTO comparison_values BY NAME
            SELECT category, TRY_CAST(heating_kwh_per_m2a AS DOUBLE) AS heating_kwh_per_m2a,
                   TRY_CAST(hot_water_kwh_per_m2a AS DOUBLE) AS hot_water_kwh_per_m2a,
                   TRY_CAST(electricity_kwh_per_m2a AS DOUBLE) AS electricity_kwh_per_m2a, area_basis, source_table,
                   source_row, source, CAST(comparable AS BOOLEAN) AS comparable,
                   nullif(comparability_note, '') AS comparability_note
            FROM read_csv(?, {_CSV})""", [str(COMPARISON_VALUES)])
        con.execute(f"""
            INSERT INTO emission_factors BY NAME
            SELECT factor_set, carrier, CAST(year AS INTEGER) AS year,
                   CAST(kg_co2e_per_kwh AS DOUBLE) AS kg_co2e_per_kwh, basis, source, status
            FROM read_csv(?, {_CSV})
            ON CONFLICT (factor_set, carrier, year) DO NOTHING""", [str(EMISSION_FACTORS)])
        # the status of a shipped row follows the shipped file (an older store's rows had none)
        con.execute(f"""
            UPDATE emission_factors e SET status = f.status
            FROM read_csv(?, {_CSV}) f
            WHERE e.status IS NULL AND f.factor_set = e.factor_set AND f.carrier = e.carrier
              AND CAST(f.year AS INTEGER) = e.year AND CAST(f.kg_co2e_per_kwh AS DOUBLE) = e.kg_co2e_per_kwh""",
                    [str(EMISSION_FACTORS)])
        con.execute(f"""
            INSERT INTO energy_prices
            SELECT carrier, CAST(eur_per_kwh AS DOUBLE), source FROM read_csv(?, {_CSV})
            ON CONFLICT (carrier) DO NOTHING""", [str(ENERGY_PRICES)])
        bump_data_version(con)


# --- reading and editing the tables (page "Methoden und Faktoren") ------------------------------------

FactorSet = Literal["bisko", "direct"]
FactorStatus = Literal["official", "secondary", "assumption"]


class EmissionFactor(BaseModel):
    factor_set: FactorSet = "bisko"
    carrier: Carrier
    year: int = Field(ge=1990, le=2100)
    kg_co2e_per_kwh: float = Field(ge=0, le=2)
    basis: str | None = None
    source: str = Field(min_length=1)
    status: FactorStatus | None = None


class EnergyPrice(BaseModel):
    carrier: Carrier
    eur_per_kwh: float = Field(ge=0, le=5)
    source: str = Field(min_length=1)


class HeatNetwork(BaseModel):
    """A district or local heating network with the CO₂e factor its supplier states (BISKO: exergy allocation)."""

    network_id: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1)
    year: int = Field(ge=1990, le=2100)
    kg_co2e_per_kwh: float = Field(ge=0, le=2)
    exergetic: bool = False
    source: str = Field(min_length=1)

    @field_validator("exergetic", mode="before")
    @classmethod
    def _empty_is_false(cls, value):
        return False if value is None else value


def comparison_values(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM comparison_values ORDER BY category").df()


def emission_factors(con, factor_set: str | None = None) -> pd.DataFrame:
    return con.execute("SELECT factor_set, carrier, year, kg_co2e_per_kwh, basis, source, status "
                       "FROM emission_factors WHERE $set IS NULL OR factor_set = $set "
                       "ORDER BY factor_set, carrier, year", {"set": factor_set}).df()


def factor_set_status(con, factor_set: str = "bisko") -> dict:
    """Whether the store's rows of ``factor_set`` equal the shipped ones (``unchanged``), and which heat
    networks with their own factor are in use (BISKO asks for exergy allocation of CHP heat). A figure is
    "BISKO-konform" only while ``bisko_conform`` is true: the shipped BISKO set, unchanged, and no network
    factor without exergy allocation."""
    changed = con.execute(f"""
        WITH shipped AS (SELECT factor_set, carrier, CAST(year AS INTEGER) AS year,
                                CAST(kg_co2e_per_kwh AS DOUBLE) AS kg_co2e_per_kwh
                         FROM read_csv($shipped, {_CSV}) WHERE factor_set = $factor_set),
             stored AS (SELECT factor_set, carrier, year, kg_co2e_per_kwh FROM emission_factors
                        WHERE factor_set = $factor_set)
        SELECT count(*) FROM ((SELECT * FROM shipped EXCEPT SELECT * FROM stored)
                              UNION ALL (SELECT * FROM stored EXCEPT SELECT * FROM shipped))""",
                          {"shipped": str(EMISSION_FACTORS), "factor_set": factor_set}).fetchone()[0]
    networks = con.execute("""
        SELECT count(DISTINCT n.network_id), count(DISTINCT n.network_id) FILTER (WHERE NOT n.exergetic)
        FROM heat_networks n JOIN buildings b ON b.heat_network_id = n.network_id""").fetchone()
    unchanged = changed == 0
    return {"factor_set": factor_set, "unchanged": unchanged, "rows_changed": int(changed),
            "networks": int(networks[0]), "networks_not_exergetic": int(networks[1]),
            "bisko_conform": factor_set == "bisko" and unchanged and networks[1] == 0}


def energy_prices(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM energy_prices ORDER BY carrier").df()


class TableEditError(ValueError):
    """An edited table has a bad row (``code`` invalid) or a key twice (``code`` duplicate); nothing changed."""

    def __init__(self, code: str, row: int | None, column: str, value: str):
        self.code, self.row, self.column, self.value = code, row, column, value
        super().__init__(f"{code}: row {row}, column {column}, value {value!r}")


def _validated(frame: pd.DataFrame, model: type[BaseModel]) -> list[BaseModel]:
    """Rows of an edited table as models; TableEditError names the first bad row (1-based) and column."""
    rows = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        record = {k: (None if v is None or v != v else v) for k, v in record.items()}
        if all(v is None for v in record.values()):
            continue
        try:
            rows.append(model.model_validate(record))
        except ValidationError as exc:
            problem = exc.errors()[0]
            raise TableEditError("invalid", number, ".".join(map(str, problem["loc"])), str(problem["input"])) from exc
    return rows


def save_emission_factors(con, frame: pd.DataFrame, *, by=None) -> int:
    """Replace the emission factors by the edited table (all rows valid, or nothing changes)."""
    rows = _validated(frame, EmissionFactor)
    keys = [(r.factor_set, r.carrier.value, r.year) for r in rows]
    if len(set(keys)) != len(keys):
        raise TableEditError("duplicate", None, "factor_set, carrier, year",
                             ", ".join(sorted({f"{s} {c} {y}" for s, c, y in keys if keys.count((s, c, y)) > 1})))
    with transaction(con):
        before = emission_factors(con)
        con.execute("DELETE FROM emission_factors")
        con.executemany("INSERT INTO emission_factors VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(r.factor_set, r.carrier.value, r.year, r.kg_co2e_per_kwh, r.basis, r.source, r.status)
                         for r in rows])
        _log_table_change(con, by, "emission_factors", EmissionFactor, before, rows)
        bump_data_version(con)
    return len(rows)


def save_energy_prices(con, frame: pd.DataFrame, *, by=None) -> int:
    """Replace the energy prices by the edited table (all rows valid, or nothing changes)."""
    rows = _validated(frame, EnergyPrice)
    carriers = [r.carrier.value for r in rows]
    if len(set(carriers)) != len(carriers):
        raise TableEditError("duplicate", None, "carrier",
                             ", ".join(sorted({c for c in carriers if carriers.count(c) > 1})))
    with transaction(con):
        before = energy_prices(con)
        con.execute("DELETE FROM energy_prices")
        con.executemany("INSERT INTO energy_prices VALUES (?, ?, ?)",
                        [(r.carrier.value, r.eur_per_kwh, r.source) for r in rows])
        _log_table_change(con, by, "energy_prices", EnergyPrice, before, rows)
        bump_data_version(con)
    return len(rows)


def _log_table_change(con, by, table: str, model: type[BaseModel], before: pd.DataFrame,
                      rows: list[BaseModel]) -> None:
    """One ``factor_change`` audit row: the rows the edit added and removed (``Erdgas 2024 0.181 … source``)."""
    def lines(records: list[BaseModel]) -> set[str]:
        return {" ".join(str(v) for v in r.model_dump(mode="json").values() if v is not None) for r in records}

    old, new = lines(_validated(before, model)), lines(rows)
    audit.record(con, by, "factor_change", object=table,
                 detail={"rows": len(rows), "added": sorted(new - old), "removed": sorted(old - new)})


# --- heat networks with their own factor (page "Methoden und Faktoren") ----------------------------------

def heat_networks(con) -> pd.DataFrame:
    """The heat networks: network_id, name, year, kg_co2e_per_kwh, exergetic, source."""
    return con.execute("SELECT network_id, name, year, kg_co2e_per_kwh, exergetic, source FROM heat_networks "
                       "ORDER BY network_id").df()


def heat_network_buildings(con) -> pd.DataFrame:
    """Buildings that can be on a heat network: those with district or local heating consumption and those
    already assigned to a network (building_id, building, municipality, heat_network_id)."""
    return con.execute("""
        SELECT b.building_id, b.name AS building, m.name AS municipality, b.heat_network_id
        FROM buildings b JOIN municipalities m USING (municipality_key)
        WHERE b.heat_network_id IS NOT NULL
           OR b.building_id IN (SELECT building_id FROM yearly_rollup WHERE carrier IN ('Fernwärme', 'Nahwärme'))
        ORDER BY m.name, b.name""").df()


def save_heat_networks(con, frame: pd.DataFrame, *, by=None) -> int:
    """Replace the heat networks by the edited table (all rows valid, or nothing changes). A network that
    buildings are still assigned to cannot be removed (TableEditError ``in_use``: take them off first)."""
    rows = _validated(frame, HeatNetwork)
    ids = [r.network_id for r in rows]
    if len(set(ids)) != len(ids):
        raise TableEditError("duplicate", None, "network_id", ", ".join(sorted({i for i in ids if ids.count(i) > 1})))
    in_use = [row[0] for row in con.execute(
        "SELECT DISTINCT heat_network_id FROM buildings WHERE heat_network_id IS NOT NULL AND "
        "NOT list_contains($ids, heat_network_id) ORDER BY 1", {"ids": ids}).fetchall()]
    if in_use:
        raise TableEditError("in_use", None, "network_id", ", ".join(in_use))
    with transaction(con):
        before = heat_networks(con)
        con.execute("DELETE FROM heat_networks")
        if rows:
            con.executemany("INSERT INTO heat_networks VALUES (?, ?, ?, ?, ?, ?)",
                            [(r.network_id, r.name, r.year, r.kg_co2e_per_kwh, r.exergetic, r.source) for r in rows])
        _log_table_change(con, by, "heat_networks", HeatNetwork, before, rows)
        bump_data_version(con)
    return len(rows)


def assign_heat_network(con, building_ids, network_id: str, *, by=None) -> dict:
    """Make ``building_ids`` the buildings of the network ``network_id``: the buildings listed move to it (off
    any other network), the network's buildings not listed leave it. Raises ValueError ``unknown_network`` or
    ``unknown_building``. One ``factor_change`` audit row; returns {"added": [...], "removed": [...]} (ids)."""
    wanted = sorted({int(b) for b in building_ids})
    if not con.execute("SELECT count(*) FROM heat_networks WHERE network_id = ?", [network_id]).fetchone()[0]:
        raise ValueError(f"unknown_network: {network_id}")
    known = {row[0] for row in con.execute("SELECT building_id FROM buildings WHERE list_contains($ids, building_id)",
                                           {"ids": wanted}).fetchall()}
    if set(wanted) - known:
        raise ValueError(f"unknown_building: {sorted(set(wanted) - known)}")
    with transaction(con):
        current = {row[0] for row in con.execute("SELECT building_id FROM buildings WHERE heat_network_id = ?",
                                                 [network_id]).fetchall()}
        added, removed = sorted(set(wanted) - current), sorted(current - set(wanted))
        if not added and not removed:
            return {"added": [], "removed": []}
        con.execute("UPDATE buildings SET heat_network_id = NULL WHERE list_contains($ids, building_id)",
                    {"ids": removed})
        con.execute("UPDATE buildings SET heat_network_id = $network WHERE list_contains($ids, building_id)",
                    {"network": network_id, "ids": added})
        audit.record(con, by, "factor_change", object="heat_network",
                     detail={"network_id": network_id, "added": added, "removed": removed})
        bump_data_version(con)
    return {"added": added, "removed": removed}
