"""Mapping profiles and settings at the boundaries (pydantic)."""

from __future__ import annotations

import pytest

from conftest import yearly
from ktdash.ingest.pipeline import ImportFileError, MappingProfile, load_profile, save_profile
from ktdash.ingest.profiles import profile_error_text
from ktdash.core.settings import Settings


def test_profile_round_trip_in_the_store_and_reuse(store, load):
    profile = MappingProfile(name="Kusel Export", columns={"building": "Haus", "consumption": "Wert", "year": "J"},
                             carrier="electricity", unit="MWh")
    save_profile(store, profile, "073365001")
    loaded = load_profile(store, "Kusel Export")
    assert loaded == profile and loaded.carrier == "Strom"
    save_profile(store, profile.model_copy(update={"unit": "kWh"}))
    assert load_profile(store, "Kusel Export").unit == "kWh"
    load("Haus;J;Wert\nBauhof;2024;2\n", profile=load_profile(store, "Kusel Export"))
    assert yearly(store) == {("Bauhof", "Strom", 2024): 2.0}


@pytest.mark.parametrize("data,error", [
    ({"name": "x", "columns": {"gebäude": "A"}}, "unbekannte Felder"),
    ({"name": "x", "columns": {"building": "A", "meter": "A"}}, "nur einem Feld"),
    ({"name": "x", "carrier": "Kohle"}, "Energieträger"),
    ({"name": "x", "unit": "Fass"}, "Einheit"),
    ({"name": "x", "layout": "pivot"}, "layout"),
])
def test_invalid_profiles_are_refused(data, error):
    with pytest.raises(ValueError) as info:
        MappingProfile.model_validate(data)
    assert error in profile_error_text(info.value)  # the message shown (German by default; the library: codes)


def test_profile_file_that_is_invalid_gives_a_clear_error(store, tmp_path):
    path = tmp_path / "kaputt.json"
    path.write_text('{"columns": {"building": "A", "meter": "A"}}', encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        load_profile(store, str(path))
    assert info.value.code == "bad_profile" and "kaputt.json" in info.value.message()
    # the problem in the reader's language (the library keeps it as a code)
    assert "nur einem Feld" in info.value.message() and "one field only" in info.value.message("en")


def test_settings_from_environment():
    settings = Settings.from_env({"KTDASH_DB": "/tmp/x.duckdb", "KTDASH_MAX_UPLOAD_MB": "5", "KTDASH_DEMO": "0",
                                  "KTDASH_GAS_CALORIFIC_VALUE": "10.2", "KTDASH_GAS_Z_NUMBER": "0.95",
                                  "KTDASH_PELLETS_KWH_PER_KG": "5.0"})
    assert str(settings.db) == "/tmp/x.duckdb" and settings.max_upload_bytes == 5 * 1024 * 1024
    assert settings.demo is False
    assert settings.conversion.gas_calorific_value_kwh_per_m3 == 10.2
    assert settings.conversion.gas_z_number == 0.95 and settings.conversion.pellets_kwh_per_kg == 5.0
    assert Settings.from_env({}).db.as_posix() == "data/ktdash.duckdb"


def test_implausible_setting_is_refused():
    with pytest.raises(ValueError):
        Settings.from_env({"KTDASH_GAS_Z_NUMBER": "9"})


def test_profile_that_does_not_fit_the_file(prepare):
    profile = MappingProfile(name="Anders", columns={"building": "Objekt", "consumption": "Menge kWh"})
    with pytest.raises(ImportFileError) as info:
        prepare("Haus;Wert\nA;1\n", profile=profile)
    assert info.value.code == "profile_mismatch"
    assert "„Anders“" in info.value.message() and "Menge kWh" in info.value.message()


def test_master_data_reload_updates_population(store, tmp_path):
    import shutil

    from conftest import DATA
    from ktdash.ingest.masterdata import load_master_data

    shutil.copytree(DATA / "master", tmp_path / "master")
    path = tmp_path / "master" / "municipalities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",24000,", ",24500,"), encoding="utf-8")
    assert load_master_data(store, tmp_path / "master") == (2, 4)
    assert store.execute("SELECT population FROM municipalities WHERE municipality_key = '073365001'"
                         ).fetchone()[0] == 24500
