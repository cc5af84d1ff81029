"""Settings of an installation, read from environment variables (name, default, meaning).

``KTDASH_DB`` (default ``data/ktdash.duckdb``)
    the DuckDB file of the store
``KTDASH_STORE`` (no default: the DuckDB file ``KTDASH_DB``)
    server mode: ``postgresql://user:password@host:port/database``, the PostgreSQL database every ktdash process
    (CLI runs, dashboard replicas) uses at once (:mod:`ktdash.store.server`); ``KTDASH_DB`` is not used then
``KTDASH_STORE_WAIT_S`` (default ``120``)
    how long a ktdash command or a page of the dashboard waits for the store while another program (the
    dashboard, another command) has it open (:mod:`ktdash.store.sharing`); then it says who holds it
``KTDASH_MAX_UPLOAD_MB`` (default ``200``)
    largest file the import accepts
``KTDASH_DEMO`` (default ``1``)
    load the Westpfalz demo into an empty store on first start
``KTDASH_GAS_CALORIFIC_VALUE`` (default ``11.0``)
    Brennwert Hs of natural gas, kWh/m³
``KTDASH_GAS_Z_NUMBER`` (default ``0.9540``)
    Zustandszahl of natural gas
``KTDASH_HEATING_OIL_KWH_PER_L`` (default ``10.0``)
    heating oil EL, kWh per litre
``KTDASH_PELLETS_KWH_PER_KG`` (default ``4.9``)
    wood pellets, kWh per kg
``KTDASH_WOOD_CHIPS_KWH_PER_KG`` (default ``3.5``)
    wood chips, kWh per kg
``KTDASH_LPG_KWH_PER_L`` (default ``6.57``)
    LPG, kWh per litre
``KTDASH_LPG_KWH_PER_KG`` (default ``12.87``)
    LPG, kWh per kg
``KTDASH_HOT_WATER_SHARE`` (default ``0.15``)
    weather-independent share of heat (hot water) for a building whose category has no TEK values and which has no
    share of its own (an assumption; categories with TEK values use theirs, :mod:`ktdash.analytics.metrics`)
``KTDASH_CLIMATE_REFERENCE_PERIOD`` (default ``1991-2020``)
    years of the long-term mean G20/15 each station's progress normalisation uses (and Potsdam's benchmark
    reference)
``KTDASH_CLIMATE_MIN_COMPLETENESS`` (default ``0.9``)
    a station month counts only with at least this share of days observed; else the next station stands in
    (:mod:`ktdash.analytics.climate`)
``KTDASH_HEATING_LIMIT_C`` (default ``15``)
    heating limit of the degree days (G20/15, VDI 3807-1); monthly DWD data exist only for 15 °C, so no other value
    is accepted
``KTDASH_BENCHMARK_REFERENCE_KD`` (no default)
    Potsdam's annual reference G20/15 for the benchmark normalisation; none: Potsdam station's long-term mean over
    the reference period
``KTDASH_EMISSION_FACTORS`` (default ``bisko``)
    emission factor set of CO₂ figures: ``bisko`` (CO₂e with upstream chains, Bundesstrommix) or ``direct`` (direct
    CO₂)
``KTDASH_BASELINE_YEAR`` (default ``2019``)
    default baseline year of the progress figures
``KTDASH_TARGET_CHANGE_PER_YEAR`` (default ``-0.02``)
    default target path: change of energy use per year against the baseline
``KTDASH_CAMPAIGN_WINDOW_MONTHS`` (default ``12``)
    months of the before and after windows of a photovoltaic campaign (:mod:`ktdash.analytics.campaigns`)
``KTDASH_SESSION_MINUTES`` (default ``60``)
    a login session ends after this many minutes without a request (:mod:`ktdash.access.accounts`)
``KTDASH_OPEN_VIEW`` (default ``1``)
    visitors who are not logged in may view and export (never change anything)
``KTDASH_OIDC_PROVIDER`` (no default)
    the provider section of ``[auth]`` in ``.streamlit/secrets.toml`` that ``st.login`` uses (none: the ``[auth]``
    section itself)
``KTDASH_MAX_ROWS`` (default ``10000000``)
    most rows a file may have (an XLSX sheet at most Excel's 1,048,576); the import stops at the first row beyond
    (:mod:`ktdash.ingest.limits`)
``KTDASH_MAX_COLUMNS`` (default ``16384``)
    most columns a file may have (Excel's last column XFD)
``KTDASH_MAX_CELLS`` (default ``50000000``)
    most cells (rows × columns) a file may have: a sheet of 1,048,576 rows up to column XFD is refused before DuckDB
    would read it
``KTDASH_MAX_CELL_CHARS`` (default ``32767``)
    longest XLSX cell in characters (Excel's own maximum); a CSV line may have at most 100,000
``KTDASH_XLSX_MAX_PARTS`` (default ``10000``)
    most parts (files) in an XLSX archive
``KTDASH_XLSX_MAX_PART_MB`` (default ``256``)
    largest uncompressed part of an XLSX archive (a sheet's XML); the compressed size is bounded by
    ``KTDASH_MAX_UPLOAD_MB``
``KTDASH_XLSX_MAX_TOTAL_MB`` (default ``512``)
    largest uncompressed size of all parts of an XLSX archive together
``KTDASH_XLSX_MAX_RATIO`` (default ``100``)
    highest compression ratio of an XLSX part larger than 1 MB (uncompressed ÷ compressed; ZIP bombs reach 1000)
``KTDASH_IMPORT_MEMORY_MB`` (default ``2048``)
    memory budget of an import: the address space of the process that reads an XLSX sheet, and DuckDB's
    ``memory_limit``
``KTDASH_IMPORT_TIMEOUT_S`` (default ``600``)
    an XLSX sheet not read within this many seconds is refused

``KTDASH_SMTP_HOST`` (no default: no e-mail digest), ``KTDASH_SMTP_PORT`` (default ``587``),
``KTDASH_SMTP_SENDER``, ``KTDASH_SMTP_STARTTLS`` (default ``1``), ``KTDASH_SMTP_USER``, ``KTDASH_SMTP_PASSWORD``
    the alerts' e-mail digest (:mod:`ktdash.output.exports.digest`, issue 17)

Sources of the conversion defaults: see :mod:`ktdash.core.units`.
"""

from __future__ import annotations

import os
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ENV_PREFIX = "KTDASH_"


class ConversionSettings(BaseModel):
    """Factors from delivered units to kWh (sources in :mod:`ktdash.core.units`)."""

    gas_calorific_value_kwh_per_m3: float = Field(11.0, gt=5, lt=15)
    gas_z_number: float = Field(0.9540, gt=0.5, lt=1.2)
    heating_oil_kwh_per_l: float = Field(10.0, gt=5, lt=15)
    pellets_kwh_per_kg: float = Field(4.9, gt=2, lt=7)
    wood_chips_kwh_per_kg: float = Field(3.5, gt=1, lt=6)
    lpg_kwh_per_l: float = Field(6.57, gt=4, lt=9)
    lpg_kwh_per_kg: float = Field(12.87, gt=8, lt=16)


class AnalyticsSettings(BaseModel):
    """Defaults of the key figures (methods and sources in :mod:`ktdash.analytics.metrics`).

    Frozen: nothing changes a settings object after it is made (another value is another object), so one
    default instance can be shared, as in the analytics functions' ``analytics=AnalyticsSettings()`` defaults
    (pyproject.toml declares the call immutable for ruff's B008)."""

    model_config = ConfigDict(frozen=True)

    hot_water_share: float = Field(0.15, ge=0, le=1)  # only where the category has no TEK values
    climate_reference_from: int = Field(1991, ge=1991, le=2100)
    climate_reference_to: int = Field(2020, ge=1991, le=2100)
    climate_min_completeness: float = Field(0.9, gt=0, le=1)
    heating_limit_c: float = Field(15.0, ge=15, le=15)  # G20/15: the only limit of DWD's monthly degree days
    benchmark_reference_kd: float | None = Field(None, gt=1000, lt=6000)
    emission_factor_set: Literal["bisko", "direct"] = "bisko"
    baseline_year: int = Field(2019, ge=1990, le=2100)
    target_change_per_year: float = Field(-0.02, ge=-0.5, le=0.5)
    campaign_window_months: int = Field(12, ge=1, le=60)  # before/after windows (ktdash.analytics.campaigns)

    @model_validator(mode="after")
    def _period_in_order(self):
        if self.climate_reference_to < self.climate_reference_from + 9:
            raise ValueError("climate reference period: at least ten years, first year before last")
        return self


ANALYTICS_ENV = {"hot_water_share": "KTDASH_HOT_WATER_SHARE", "baseline_year": "KTDASH_BASELINE_YEAR",
                 "target_change_per_year": "KTDASH_TARGET_CHANGE_PER_YEAR",
                 "campaign_window_months": "KTDASH_CAMPAIGN_WINDOW_MONTHS",
                 "climate_min_completeness": "KTDASH_CLIMATE_MIN_COMPLETENESS",
                 "heating_limit_c": "KTDASH_HEATING_LIMIT_C",
                 "benchmark_reference_kd": "KTDASH_BENCHMARK_REFERENCE_KD",
                 "emission_factor_set": "KTDASH_EMISSION_FACTORS"}


class ImportLimits(BaseModel):
    """Resource limits of every import, checked before parsing (:mod:`ktdash.ingest.limits`, issue 15)."""

    max_rows: int = Field(10_000_000, ge=1)
    max_columns: int = Field(16_384, ge=2)
    max_cells: int = Field(50_000_000, ge=1)
    max_cell_chars: int = Field(32_767, ge=1)
    xlsx_max_parts: int = Field(10_000, ge=1)
    xlsx_max_part_mb: float = Field(256, gt=0)
    xlsx_max_total_mb: float = Field(512, gt=0)
    xlsx_max_ratio: float = Field(100, gt=1)
    import_memory_mb: float = Field(2048, ge=256)
    import_timeout_s: float = Field(600, gt=0)


LIMITS_ENV = {name: ENV_PREFIX + name.upper() for name in ImportLimits.model_fields}


class SmtpSettings(BaseModel):
    """The e-mail digest of the alerts (issue 17); off when ``host`` is empty."""

    model_config = ConfigDict(frozen=True)

    host: str = ""
    port: int = Field(587, ge=1, le=65535)
    sender: str = ""
    starttls: bool = True
    user: str = ""
    password: str = Field("", repr=False)

    @property
    def enabled(self) -> bool:
        return bool(self.host.strip())


SMTP_ENV = {name: ENV_PREFIX + "SMTP_" + name.upper() for name in SmtpSettings.model_fields}


class Settings(BaseModel):
    db: Path = Path("data/ktdash.duckdb")
    store: str | None = Field(None, repr=False)  # server mode: a postgresql:// URL (its password: never in a repr)
    store_wait_s: float = Field(120, ge=0)  # waiting for a store another process holds (ktdash.store.sharing)
    max_upload_mb: float = Field(200, gt=0)
    demo: bool = True
    session_minutes: int = Field(60, ge=1, le=24 * 60)  # idle timeout of a login session (ktdash.access.accounts)
    open_view: bool = True  # anonymous visitors may view and export (ktdash.access.permissions)
    oidc_provider: str | None = None  # st.login(provider) when [auth] in secrets.toml names providers
    conversion: ConversionSettings = ConversionSettings()
    analytics: AnalyticsSettings = AnalyticsSettings()
    limits: ImportLimits = ImportLimits()
    smtp: SmtpSettings = SmtpSettings()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        values: dict = _installation_values(env)
        conversion = _conversion_values(env)
        if conversion:
            values["conversion"] = ConversionSettings(**conversion)
        analytics = _analytics_values(env)
        if analytics:
            values["analytics"] = AnalyticsSettings(**analytics)
        limits = {name: env[key].strip() for name, key in LIMITS_ENV.items() if env.get(key)}
        if limits:
            values["limits"] = ImportLimits(**limits)
        smtp = {name: env[key].strip() for name, key in SMTP_ENV.items() if env.get(key)}
        if "starttls" in smtp:
            smtp["starttls"] = smtp["starttls"].lower() not in _NO
        if smtp:
            values["smtp"] = SmtpSettings(**smtp)
        return cls(**values)

    @field_validator("store")
    @classmethod
    def _postgresql_url(cls, value: str | None) -> str | None:
        value = (value or "").strip() or None
        if value is not None and not value.lower().startswith(("postgresql://", "postgres://")):
            raise ValueError("KTDASH_STORE takes a postgresql:// URL (postgresql://user:password@host:port/database)")
        return value

    @property
    def location(self) -> str | Path:
        """Where the store is: the server URL of ``KTDASH_STORE`` when set (server mode), else the file ``db``."""
        return self.store or self.db

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


_NO = ("0", "false", "no", "nein")


def _installation_values(env) -> dict:
    """The top-level fields of :class:`Settings` set in ``env`` (texts, validated by the model)."""
    values: dict = {}
    if env.get("KTDASH_DB"):
        values["db"] = env["KTDASH_DB"]
    if env.get("KTDASH_STORE", "").strip():
        values["store"] = env["KTDASH_STORE"]
    if env.get("KTDASH_STORE_WAIT_S"):
        values["store_wait_s"] = env["KTDASH_STORE_WAIT_S"]
    if env.get("KTDASH_MAX_UPLOAD_MB"):
        values["max_upload_mb"] = env["KTDASH_MAX_UPLOAD_MB"]
    if env.get("KTDASH_DEMO"):
        values["demo"] = env["KTDASH_DEMO"].strip().lower() not in _NO
    if env.get("KTDASH_SESSION_MINUTES"):  # access (issue 6)
        values["session_minutes"] = env["KTDASH_SESSION_MINUTES"]
    if env.get("KTDASH_OPEN_VIEW"):
        values["open_view"] = env["KTDASH_OPEN_VIEW"].strip().lower() not in _NO
    if env.get("KTDASH_OIDC_PROVIDER"):
        values["oidc_provider"] = env["KTDASH_OIDC_PROVIDER"].strip()
    return values


def _conversion_values(env) -> dict:
    """The fields of :class:`ConversionSettings` set in ``env`` (``KTDASH_GAS_CALORIFIC_VALUE`` …)."""
    keys = {name: ENV_PREFIX + name.upper().replace("_KWH_PER_M3", "") for name in ConversionSettings.model_fields}
    return {name: env[key] for name, key in keys.items() if env.get(key)}


def _analytics_values(env) -> dict:
    """The fields of :class:`AnalyticsSettings` set in ``env``; ``KTDASH_CLIMATE_REFERENCE_PERIOD`` (``1991-2020``,
    an en dash too) sets the first and the last year."""
    analytics = {name: env[key].strip() for name, key in ANALYTICS_ENV.items() if env.get(key)}
    if env.get("KTDASH_CLIMATE_REFERENCE_PERIOD"):
        first, _, last = env["KTDASH_CLIMATE_REFERENCE_PERIOD"].replace("–", "-").partition("-")
        analytics["climate_reference_from"], analytics["climate_reference_to"] = first.strip(), last.strip()
    return analytics
