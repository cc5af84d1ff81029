"""Settings of an installation, read from environment variables.

| variable | default | meaning |
|---|---|---|
| ``KTDASH_DB`` | ``data/ktdash.duckdb`` | the DuckDB file of the store |
| ``KTDASH_MAX_UPLOAD_MB`` | ``200`` | largest file the import accepts |
| ``KTDASH_DEMO`` | ``1`` | load the Westpfalz demo into an empty store on first start |
| ``KTDASH_GAS_CALORIFIC_VALUE`` | ``11.0`` | Brennwert Hs of natural gas, kWh/m³ |
| ``KTDASH_GAS_Z_NUMBER`` | ``0.9540`` | Zustandszahl of natural gas |
| ``KTDASH_HEATING_OIL_KWH_PER_L`` | ``10.0`` | heating oil EL, kWh per litre |
| ``KTDASH_PELLETS_KWH_PER_KG`` | ``4.9`` | wood pellets, kWh per kg |
| ``KTDASH_WOOD_CHIPS_KWH_PER_KG`` | ``3.5`` | wood chips, kWh per kg |
| ``KTDASH_LPG_KWH_PER_L`` | ``6.57`` | LPG, kWh per litre |
| ``KTDASH_LPG_KWH_PER_KG`` | ``12.87`` | LPG, kWh per kg |
| ``KTDASH_HOT_WATER_SHARE`` | ``0.15`` | weather-independent share of heat (hot water) where a building has none set |
| ``KTDASH_BASELINE_YEAR`` | ``2019`` | default baseline year of the progress figures |
| ``KTDASH_TARGET_CHANGE_PER_YEAR`` | ``-0.02`` | default target path: change of energy use per year against the baseline |
| ``KTDASH_SESSION_MINUTES`` | ``60`` | a login session ends after this many minutes without a request (:mod:`ktdash.auth`) |
| ``KTDASH_OPEN_VIEW`` | ``1`` | visitors who are not logged in may view and export (never change anything) |
| ``KTDASH_OIDC_PROVIDER`` | (none) | the provider section of ``[auth]`` in ``.streamlit/secrets.toml`` that ``st.login`` uses (none: the ``[auth]`` section itself) |

Sources of the conversion defaults: see :mod:`ktdash.units`.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

ENV_PREFIX = "KTDASH_"


class ConversionSettings(BaseModel):
    """Factors from delivered units to kWh (sources in :mod:`ktdash.units`)."""

    gas_calorific_value_kwh_per_m3: float = Field(11.0, gt=5, lt=15)
    gas_z_number: float = Field(0.9540, gt=0.5, lt=1.2)
    heating_oil_kwh_per_l: float = Field(10.0, gt=5, lt=15)
    pellets_kwh_per_kg: float = Field(4.9, gt=2, lt=7)
    wood_chips_kwh_per_kg: float = Field(3.5, gt=1, lt=6)
    lpg_kwh_per_l: float = Field(6.57, gt=4, lt=9)
    lpg_kwh_per_kg: float = Field(12.87, gt=8, lt=16)


class AnalyticsSettings(BaseModel):
    """Defaults of the key figures (methods and sources in :mod:`ktdash.metrics`)."""

    hot_water_share: float = Field(0.15, ge=0, le=1)
    baseline_year: int = Field(2019, ge=1990, le=2100)
    target_change_per_year: float = Field(-0.02, ge=-0.5, le=0.5)
    campaign_window_months: int = Field(12, ge=1, le=60)  # before/after windows of a campaign (ktdash.campaigns)


ANALYTICS_ENV = {"hot_water_share": "KTDASH_HOT_WATER_SHARE", "baseline_year": "KTDASH_BASELINE_YEAR",
                 "target_change_per_year": "KTDASH_TARGET_CHANGE_PER_YEAR",
                 "campaign_window_months": "KTDASH_CAMPAIGN_WINDOW_MONTHS"}


class Settings(BaseModel):
    db: Path = Path("data/ktdash.duckdb")
    max_upload_mb: float = Field(200, gt=0)
    demo: bool = True
    session_minutes: int = Field(60, ge=1, le=24 * 60)  # idle timeout of a login session (ktdash.auth)
    open_view: bool = True  # anonymous visitors may view and export (ktdash.auth)
    oidc_provider: str | None = None  # st.login(provider) when [auth] in secrets.toml names providers
    conversion: ConversionSettings = ConversionSettings()
    analytics: AnalyticsSettings = AnalyticsSettings()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        values: dict = {}
        if env.get("KTDASH_DB"):
            values["db"] = env["KTDASH_DB"]
        if env.get("KTDASH_MAX_UPLOAD_MB"):
            values["max_upload_mb"] = env["KTDASH_MAX_UPLOAD_MB"]
        if env.get("KTDASH_DEMO"):
            values["demo"] = env["KTDASH_DEMO"].strip().lower() not in ("0", "false", "no", "nein")
        if env.get("KTDASH_SESSION_MINUTES"):  # access (issue 6)
            values["session_minutes"] = env["KTDASH_SESSION_MINUTES"]
        if env.get("KTDASH_OPEN_VIEW"):
            values["open_view"] = env["KTDASH_OPEN_VIEW"].strip().lower() not in ("0", "false", "no", "nein")
        if env.get("KTDASH_OIDC_PROVIDER"):
            values["oidc_provider"] = env["KTDASH_OIDC_PROVIDER"].strip()
        conversion = {}
        for name in ConversionSettings.model_fields:
            key = ENV_PREFIX + name.upper().replace("_KWH_PER_M3", "")
            if env.get(key):
                conversion[name] = env[key]
        if conversion:
            values["conversion"] = ConversionSettings(**conversion)
        analytics = {name: env[key] for name, key in ANALYTICS_ENV.items() if env.get(key)}
        if analytics:
            values["analytics"] = AnalyticsSettings(**analytics)
        return cls(**values)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)
