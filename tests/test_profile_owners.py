"""Mapping profiles owned per municipality (issue 15, item 4).

Kusel's manager saving a profile under the name Kaiserslautern already uses gets Kusel's own profile of that
name; Kaiserslautern's stays as it was and its next import still works. Admins may share a profile with every
municipality; loading a name takes the municipality's own profile first, then the shared one. Every change is in
the audit log; a refusal changes nothing.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from conftest import TEST_PASSWORD, make_store_file, open_page, yearly
from ktdash.access import permissions
from ktdash.cli import main as cli
from ktdash.access.permissions import NotAllowed, Role, User
from ktdash.ingest.pipeline import (
    ImportFileError,
    MappingProfile,
    ProfileError,
    delete_profile,
    list_profiles,
    load_profile,
    save_profile,
    share_profile,
)
from ktdash.store.connection import migrate, migrations, open_store, transaction

KUSEL, KL, GLANTAL = "073365001", "07312000", "073365002"  # tests/data/master
NAME = "Lastgang Stadtwerke"
KL_PROFILE = MappingProfile(name=NAME, columns={"building": "Objekt", "consumption": "Menge KL", "year": "Jahr"},
                            carrier="Strom", unit="kWh")
KUSEL_PROFILE = MappingProfile(name=NAME, columns={"building": "Haus", "consumption": "Wert", "year": "J"},
                               carrier="Erdgas", unit="kWh")
KL_FILE = "Objekt;Jahr;Menge KL\nRathaus KL;2024;1.000\n"
ADMIN = User(name="agentur", role=Role.ADMIN)
KUSEL_MANAGER = User(name="kusel", role=Role.MANAGER, municipalities=frozenset({KUSEL}),
                     municipality_names=("VG Kusel-Altenglan",))


def snapshot(con) -> tuple:
    """What a refusal must leave unchanged: the profiles and the audit log."""
    return (con.execute("SELECT name, owner, shared, CAST(profile AS VARCHAR) FROM mapping_profiles ORDER BY ALL")
            .fetchall(), con.execute("SELECT count(*) FROM audit_log WHERE action LIKE 'profile_%'").fetchone()[0])


def audit_rows(con, action: str) -> list[tuple]:
    return con.execute("SELECT user_name, municipality_key, object, CAST(detail AS VARCHAR) FROM audit_log "
                       "WHERE action = ? ORDER BY audit_id", [action]).fetchall()


def test_a_taken_name_gives_the_other_municipality_its_own_profile(store, load):
    assert save_profile(store, KL_PROFILE, KL, user=permissions.User(name="kl", role=Role.MANAGER,
                                                                municipalities=frozenset({KL})))
    assert save_profile(store, KUSEL_PROFILE, KUSEL, user=KUSEL_MANAGER)  # new: Kusel's own, not an overwrite
    assert load_profile(store, NAME, KL) == KL_PROFILE
    assert load_profile(store, NAME, KUSEL) == KUSEL_PROFILE
    assert [(p.name, p.municipality_key, p.shared) for p in list_profiles(store, KUSEL)] == [(NAME, KUSEL, False)]
    assert {p.municipality_key for p in list_profiles(store)} == {KL, KUSEL}
    # Kaiserslautern's next import with its profile still works
    load(KL_FILE, municipality="Stadt Kaiserslautern", profile=load_profile(store, NAME, KL))
    assert yearly(store) == {("Rathaus KL", "Strom", 2024): 1000.0}
    rows = audit_rows(store, "profile_save")
    assert [(r[0], r[1], r[2]) for r in rows] == [("kl", KL, NAME), ("kusel", KUSEL, NAME)]
    assert json.loads(rows[1][3])["created"] is True
    # saving again changes Kusel's own (audited with the content before), still not Kaiserslautern's
    assert not save_profile(store, KUSEL_PROFILE.model_copy(update={"unit": "MWh"}), KUSEL, user=KUSEL_MANAGER)
    assert load_profile(store, NAME, KUSEL).unit == "MWh" and load_profile(store, NAME, KL) == KL_PROFILE
    detail = json.loads(audit_rows(store, "profile_save")[-1][3])
    assert detail["created"] is False and detail["before"]["unit"] == "kWh" and detail["profile"]["unit"] == "MWh"


def test_a_manager_saves_only_for_its_municipalities_and_never_for_all(store):
    save_profile(store, KL_PROFILE, KL)
    before = snapshot(store)
    with pytest.raises(NotAllowed) as info:
        save_profile(store, KUSEL_PROFILE, KL, user=KUSEL_MANAGER)
    assert "Stadt Kaiserslautern" in info.value.message()
    with pytest.raises(ProfileError) as info:
        save_profile(store, KUSEL_PROFILE, None, user=KUSEL_MANAGER)  # the agency's profile: admins only
    assert info.value.code == "admin_only" and "nur Administratoren" in info.value.message()
    with pytest.raises(ProfileError):
        share_profile(store, NAME, KL, user=KUSEL_MANAGER)
    with pytest.raises(NotAllowed):
        delete_profile(store, NAME, KL, user=KUSEL_MANAGER)
    assert snapshot(store) == before


def test_sharing_resolution_and_refusals(store):
    save_profile(store, KL_PROFILE, KL)
    save_profile(store, KUSEL_PROFILE, KUSEL)
    with pytest.raises(ImportFileError) as info:  # Glantal has none and none is shared
        load_profile(store, NAME, GLANTAL)
    assert info.value.code == "profile_not_shared" and "nicht für alle freigegeben" in info.value.message()
    share_profile(store, NAME, KL, user=ADMIN)
    assert load_profile(store, NAME, GLANTAL) == KL_PROFILE  # the shared one
    assert load_profile(store, NAME, KUSEL) == KUSEL_PROFILE  # own first
    assert [(p.municipality_key, p.shared) for p in list_profiles(store, GLANTAL)] == [(KL, True)]
    assert [(p.municipality_key, p.shared) for p in list_profiles(store, KUSEL)] == [(KUSEL, False)]
    before = snapshot(store)
    with pytest.raises(ProfileError) as info:  # two shared profiles of one name would be ambiguous
        share_profile(store, NAME, KUSEL, user=ADMIN)
    assert info.value.code == "shared_name_taken" and "Stadt Kaiserslautern" in info.value.message()
    with pytest.raises(ProfileError):  # nor an agency profile of a shared name
        save_profile(store, KUSEL_PROFILE, None, user=ADMIN)
    assert snapshot(store) == before
    share_profile(store, NAME, KL, False, user=ADMIN)
    with pytest.raises(ImportFileError):
        load_profile(store, NAME, GLANTAL)
    assert [(r[0], r[1], json.loads(r[3])["shared"]) for r in audit_rows(store, "profile_share")] == \
        [("agentur", KL, True), ("agentur", KL, False)]
    # the agency's profile: shared with all, always
    agency = MappingProfile(name="Agentur-Vorlage", columns={"building": "Gebäude"})
    save_profile(store, agency, None, user=ADMIN)
    assert load_profile(store, "Agentur-Vorlage", GLANTAL) == agency
    with pytest.raises(ProfileError) as info:
        share_profile(store, "Agentur-Vorlage", None, False, user=ADMIN)
    assert info.value.code == "agency_always_shared"


def test_delete_is_audited_with_the_content_and_an_unknown_profile_is_refused(store):
    save_profile(store, KL_PROFILE, KL)
    save_profile(store, KUSEL_PROFILE, KUSEL)
    delete_profile(store, NAME, KUSEL, user=KUSEL_MANAGER)
    assert load_profile(store, NAME, KL) == KL_PROFILE
    (row,) = audit_rows(store, "profile_delete")
    assert row[:3] == ("kusel", KUSEL, NAME)
    assert MappingProfile.model_validate(json.loads(row[3])["profile"]) == KUSEL_PROFILE
    before = snapshot(store)
    with pytest.raises(ProfileError) as info:
        delete_profile(store, NAME, KUSEL, user=KUSEL_MANAGER)
    assert info.value.code == "unknown" and "Nichts wurde geändert" in info.value.message()
    assert snapshot(store) == before


def test_migration_keeps_existing_profiles():
    con = duckdb.connect(":memory:")  # a store at version 13, then migration 014
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP DEFAULT current_timestamp)")
    for version, name, sql in migrations():
        if version <= 13:
            with transaction(con):
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    con.execute("INSERT INTO mapping_profiles (name, municipality_key, profile) VALUES (?, ?, ?), (?, NULL, ?)",
                [NAME, KL, KL_PROFILE.model_dump_json(), "Alt", KUSEL_PROFILE.model_dump_json()])
    assert "014_profile_owners.sql" in migrate(con)
    assert con.execute("SELECT name, owner, shared FROM mapping_profiles ORDER BY name").fetchall() == \
        [("Alt", "", True), (NAME, KL, False)]
    assert load_profile(con, NAME, KL) == KL_PROFILE
    assert load_profile(con, "Alt", GLANTAL).columns == KUSEL_PROFILE.columns  # shared: nobody's import breaks
    con.close()


# --- CLI and page ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page_store(tmp_path_factory):
    path = make_store_file(tmp_path_factory.mktemp("profiles") / "profiles.duckdb", accounts=True)
    con = open_store(path)
    try:
        save_profile(con, KL_PROFILE, KL, user="kl")
    finally:
        con.close()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KTDASH_DB", str(path))
        patch.setenv("KTDASH_DEMO", "0")
        patch.delenv("KTDASH_USER", raising=False)
        patch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
        yield path


def read(path, sql, params=()):
    con = open_store(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_page_kusel_saves_under_kaiserslauterns_name_and_kaiserslautern_still_imports(page_store):
    at = open_page("pages/import_daten.py", user="kusel")
    content = "Haus;Art;J;Wert\nBauhof Kusel;Strom;2023;1.500\n"
    at.file_uploader[0].set_value(("eigen.csv", content.encode(), "text/csv")).run()
    assert at.selectbox(key="import_profile").options == ["automatisch erkennen"]  # Kaiserslautern's is not Kusel's
    for key, field in (("map_0_Haus", "building"), ("map_1_Art", "carrier"), ("map_2_J", "year"),
                       ("map_3_Wert", "consumption")):
        at.selectbox(key=key).set_value(field)
    at.text_input(key="import_profile_new_name").set_value(NAME).run()
    assert not [c for c in at.checkbox if c.key == "import_profile_for_agency"]  # a manager: no agency profile
    next(b for b in at.button if b.label == "Zuordnung als Profil speichern").click().run()
    assert not at.exception and not at.error
    assert f"Profil „{NAME}“ gespeichert." in [s.value for s in at.success]
    profiles = read(page_store, "SELECT owner, CAST(profile AS VARCHAR) FROM mapping_profiles WHERE name = ? "
                                "ORDER BY owner", [NAME])
    assert [owner for owner, _ in profiles] == [KL, KUSEL]
    assert MappingProfile.model_validate_json(dict(profiles)[KL]) == KL_PROFILE  # untouched
    assert read(page_store, "SELECT user_name, municipality_key, object FROM audit_log WHERE action = 'profile_save' "
                            "AND user_name = 'kusel'") == [("kusel", KUSEL, NAME)]
    # Kaiserslautern's manager: its own profile, and its next import works
    at = open_page("pages/import_daten.py", user="kl")
    at.file_uploader[0].set_value(("kl.csv", KL_FILE.encode(), "text/csv")).run()
    assert at.selectbox(key="import_profile").options[1] == f"{NAME} (eigenes Profil)"
    at.selectbox(key="import_profile").set_value(NAME).run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["gültig"] == "1"
    at.button(key="import_confirm").click().run()
    assert not at.exception and "Gespeichert: 1 Werte" in at.success[0].value


def test_page_admin_refusal_changes_nothing(page_store):
    con = open_store(page_store)
    try:
        share_profile(con, NAME, KL, user=ADMIN)
        before = snapshot(con)
    finally:
        con.close()
    at = open_page("pages/import_daten.py", user="agentur")
    at.selectbox(key="import_municipality").set_value(GLANTAL).run()
    content = "Haus;Art;J;Wert\nBauhof Kusel;Strom;2023;1.500\n"
    at.file_uploader[0].set_value(("eigen.csv", content.encode(), "text/csv")).run()
    at.text_input(key="import_profile_new_name").set_value(NAME).run()
    at.checkbox(key="import_profile_for_agency").check().run()
    next(b for b in at.button if b.label == "Zuordnung als Profil speichern").click().run()
    assert not at.exception
    assert any("schon ein freigegebenes Zuordnungsprofil" in e.value for e in at.error)
    con = open_store(page_store)
    try:
        assert snapshot(con) == before
    finally:
        con.close()
    # the admin stops sharing Kaiserslautern's profile on the page: audited
    at.selectbox(key="import_profile").set_value(NAME).run()
    assert at.selectbox(key="import_profile").format_func(NAME) == f"{NAME} (freigegeben von Stadt Kaiserslautern)"
    at.button(key="import_profile_share").click().run()
    assert not at.exception
    assert any(f"Profil „{NAME}“ ist nicht mehr freigegeben" in m.value for m in at.success)
    assert NAME not in at.selectbox(key="import_profile").options  # Glantal no longer sees it
    assert read(page_store, "SELECT shared FROM mapping_profiles WHERE name = ? AND owner = ?", [NAME, KL]) == \
        [(False,)]
    assert read(page_store, "SELECT user_name, municipality_key FROM audit_log WHERE action = 'profile_share' "
                            "ORDER BY audit_id DESC LIMIT 1") == [("agentur", KL)]


def test_cli_mapping_and_profiles_follow_the_same_rules(page_store, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": TEST_PASSWORD)
    con = open_store(page_store)  # as the page tests left it (also when run alone)
    try:
        save_profile(con, KUSEL_PROFILE, KUSEL, user="kusel")
        share_profile(con, NAME, KL, user="agentur")
    finally:
        con.close()
    assert cli.main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert "Stadt Kaiserslautern\tja" in out and "VG Kusel-Altenglan\tnein" in out  # owner and shared
    assert cli.main(["profiles", "--municipality", "VG Oberes Glantal"]) == 0
    assert f"{NAME}\tStadt Kaiserslautern\tja" in capsys.readouterr().out
    # --mapping NAME: the municipality's own profile (Kusel's columns are not in Kaiserslautern's file)
    path = tmp_path / "kl.csv"
    path.write_text(KL_FILE.replace("1.000", "2.000").replace("2024", "2023"), encoding="utf-8")
    assert cli.main(["import", str(path), "--municipality", "Stadt Kaiserslautern", "--mapping", NAME,
                     "--as", "kl"]) == 0
    capsys.readouterr()
    assert cli.main(["import", str(path), "--municipality", "VG Kusel-Altenglan", "--mapping", NAME,
                     "--dry-run"]) == 2  # Kusel's own profile wants Kusel's columns
    assert "Haus" in capsys.readouterr().err
    # a manager may not share; nothing changes
    before = read(page_store, "SELECT name, owner, shared FROM mapping_profiles ORDER BY ALL")
    assert cli.main(["profiles", "unshare", NAME, "--municipality", "Stadt Kaiserslautern", "--as", "kusel"]) == 2
    assert "nur Administratoren" in capsys.readouterr().err
    assert read(page_store, "SELECT name, owner, shared FROM mapping_profiles ORDER BY ALL") == before
    assert cli.main(["profiles", "unshare", NAME, "--municipality", "Stadt Kaiserslautern", "--as", "agentur"]) == 0
    assert "nicht mehr freigegeben" in capsys.readouterr().out
    assert cli.main(["profiles", "delete", NAME, "--municipality", "VG Kusel-Altenglan", "--as", "kusel"]) == 0
    assert read(page_store, "SELECT owner, shared FROM mapping_profiles WHERE name = ?", [NAME]) == [(KL, False)]
    assert read(page_store, "SELECT user_name, municipality_key FROM audit_log WHERE action IN ('profile_share', "
                            "'profile_delete') ORDER BY audit_id")[-2:] == [("agentur", KL), ("kusel", KUSEL)]
