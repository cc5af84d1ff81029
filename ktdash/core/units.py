"""Unit conversion to the canonical units: kWh for energy, m³ for water.

Every factor names its source. The factors that vary by supplier or fuel
quality (gas calorific value and Zustandszahl, heating values of oil, pellets,
wood chips, LPG) are settings (:class:`ktdash.core.settings.ConversionSettings`),
with the defaults below; each import stores the factor it used, so a later
change of a setting never silently rewrites what was stored.

Sources
-------
* Erdgas: kWh = m³ × Zustandszahl × Brennwert (Hs). DVGW-Arbeitsblatt G 685
  "Gasabrechnung" (2008/2020); the formula printed on every German gas bill.
  Default Brennwert 11,0 kWh/m³ (H-Gas, typical range 10,0–11,5 kWh/m³ per
  DVGW G 260) and Zustandszahl 0,9540 (typical for a supply at 250–350 m above
  sea level and 22 mbar, as in the Westpfalz). Energy of gas is thus stated on
  the Brennwert (Hs) basis, as billed.
* Heizöl EL: 10,0 kWh per litre (Heizwert Hi ≈ 42,6 MJ/kg at 0,845 kg/l;
  DIN V 18599-1:2018-09, Tabelle B.1; the rule of thumb "1 l Heizöl ≈ 10 kWh").
* Holzpellets: 4,9 kWh/kg (Heizwert at ≤ 10 % water content; DIN EN ISO
  17225-2 class A1 requires ≥ 4,6 kWh/kg; FNR "Basisdaten Bioenergie
  Deutschland" gives 4,9–5,0 kWh/kg).
* Hackschnitzel: 3,5 kWh/kg (Heizwert at about 30 % water content; FNR
  "Basisdaten Bioenergie Deutschland").
* Flüssiggas (Propan): 6,57 kWh/l and 12,87 kWh/kg (Heizwert 46,3 MJ/kg,
  density 0,51 kg/l; DIN V 18599-1:2018-09, Tabelle B.1).
* Wh/MWh/GJ: SI definitions (1 GJ = 277,777… kWh).
* kW (mean power of a load-profile interval): kWh = kW × interval length in hours.
"""

from __future__ import annotations

from ktdash.core.domain import Carrier

ENERGY_UNITS = {"Wh": 0.001, "kWh": 1.0, "MWh": 1000.0, "GJ": 1000.0 / 3.6}


def canonical_unit(carrier: str) -> str:
    """kWh for every energy carrier, m³ for water."""
    return "m³" if carrier == Carrier.WASSER else "kWh"


def conversion_rows(settings) -> list[tuple[str, str, float, str]]:
    """Every allowed (carrier, unit) → (factor, canonical unit); anything else is rejected.

    ``settings`` is a :class:`ktdash.core.settings.ConversionSettings`.
    """
    rows: list[tuple[str, str, float, str]] = []
    for carrier in Carrier:
        if carrier == Carrier.WASSER:
            rows += [(carrier.value, "m3", 1.0, "m³"), (carrier.value, "l", 0.001, "m³")]
            continue
        for unit, factor in ENERGY_UNITS.items():
            rows.append((carrier.value, unit, factor, "kWh"))
    gas = settings.gas_calorific_value_kwh_per_m3 * settings.gas_z_number
    rows += [
        (Carrier.ERDGAS.value, "m3", gas, "kWh"),
        (Carrier.HEIZOEL.value, "l", settings.heating_oil_kwh_per_l, "kWh"),
        (Carrier.HEIZOEL.value, "m3", settings.heating_oil_kwh_per_l * 1000, "kWh"),
        (Carrier.HOLZPELLETS.value, "kg", settings.pellets_kwh_per_kg, "kWh"),
        (Carrier.HOLZPELLETS.value, "t", settings.pellets_kwh_per_kg * 1000, "kWh"),
        (Carrier.HACKSCHNITZEL.value, "kg", settings.wood_chips_kwh_per_kg, "kWh"),
        (Carrier.HACKSCHNITZEL.value, "t", settings.wood_chips_kwh_per_kg * 1000, "kWh"),
        (Carrier.FLUESSIGGAS.value, "l", settings.lpg_kwh_per_l, "kWh"),
        (Carrier.FLUESSIGGAS.value, "kg", settings.lpg_kwh_per_kg, "kWh"),
    ]
    return rows


def factor(settings, carrier: str, unit: str) -> float | None:
    """The factor from ``unit`` to the canonical unit of ``carrier`` (None: not convertible)."""
    for c, u, f, _ in conversion_rows(settings):
        if c == carrier and u == unit:
            return f
    return None
