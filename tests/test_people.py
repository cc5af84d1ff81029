"""The network's people and competences (issue 18, part 1: the library): consent is required, each person edits only
their own profile (admins everyone), deletion really deletes the personal rows and the audit log keeps no content,
refusals change nothing."""

from __future__ import annotations

import pytest

from ktdash.access.permissions import Role, User
from ktdash.core.network_vocabulary import BUILTIN_TOPICS
from ktdash.ingest import people
from ktdash.ingest.people import PersonError, check

KUSEL_KEY, GLANTAL_KEY = "073365001", "073365002"
ADMIN = User(name="agentur", role=Role.ADMIN)
ANNA = User(name="anna", role=Role.MANAGER, municipalities=frozenset({KUSEL_KEY}))
BERT = User(name="bert", role=Role.MANAGER, municipalities=frozenset({GLANTAL_KEY}))


def anna(**changes) -> people.Person:
    values = dict(name="Anna Beispiel (fiktiv)", role_title="Klimaschutzmanagerin", email="anna@example.org",
                  phone="06381 0000", account="anna", municipalities=(KUSEL_KEY,), consent=True)
    return check(**(values | changes))


def personal_rows(con) -> tuple:
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("people", "person_municipalities", "competences"))


def test_the_migration_ships_the_networks_topics(store):
    assert dict(store.execute("SELECT code, name FROM topics WHERE builtin ORDER BY code").fetchall()) == \
        BUILTIN_TOPICS


@pytest.mark.parametrize(("changes", "code"), [
    ({"consent": False}, "person_consent_missing"),
    ({"name": "  "}, "person_name_missing"),
    ({"email": "anna at example"}, "person_email_invalid"),
])
def test_the_form_checks_give_codes(changes, code):
    with pytest.raises(PersonError) as refused:
        anna(**changes)
    assert refused.value.code == code


def test_an_admin_adds_the_person_edits_their_own_profile_and_nobody_elses(store):
    with pytest.raises(PersonError, match="person_not_allowed"):
        people.add_person(store, ANNA, anna())  # profiles are made by the regional office
    person_id = people.add_person(store, ADMIN, anna())
    people.update_person(store, ANNA, person_id, anna(phone="06381 1111"))
    assert store.execute("SELECT phone, updated_by FROM people").fetchone() == ("06381 1111", "anna")
    before = store.execute("SELECT * FROM people").fetchall()
    with pytest.raises(PersonError, match="person_not_allowed"):
        people.update_person(store, BERT, person_id, anna(phone="0"))
    with pytest.raises(PersonError, match="person_unknown_municipality"):
        people.update_person(store, ANNA, person_id, anna(municipalities=("099999999",)))
    assert store.execute("SELECT * FROM people").fetchall() == before
    with pytest.raises(PersonError, match="person_account_taken"):
        people.add_person(store, ADMIN, anna(name="Zweite Anna"))


def test_competences_by_topic_and_level(store):
    person_id = people.add_person(store, ADMIN, anna())
    people.set_competence(store, ANNA, person_id, "heat_planning", "contact")
    people.set_competence(store, ANNA, person_id, "pv", "learning")
    people.set_competence(store, ANNA, person_id, "pv", None)  # removed
    assert store.execute("SELECT topic, level FROM competences").fetchall() == [("heat_planning", "contact")]
    for topic, level, code in (("astrologie", "contact", "competence_unknown_topic"),
                               ("pv", "guru", "competence_unknown_level")):
        with pytest.raises(PersonError, match=code):
            people.set_competence(store, ANNA, person_id, topic, level)
    with pytest.raises(PersonError, match="person_not_allowed"):
        people.set_competence(store, BERT, person_id, "pv", "contact")
    assert store.execute("SELECT count(*) FROM competences").fetchone()[0] == 1


def test_deletion_really_deletes_and_the_audit_log_keeps_no_content(store):
    person_id = people.add_person(store, ADMIN, anna())
    people.set_competence(store, ANNA, person_id, "mobility", "experienced")
    store.execute("INSERT INTO posts (municipality_key, person_id, funding, funding_end, share_of_time, created_by, "
                  "updated_by) VALUES (?, ?, 'kommunalrichtlinie', DATE '2027-06-30', 1.0, 'test', 'test')",
                  [KUSEL_KEY, person_id])
    with pytest.raises(PersonError, match="person_not_allowed"):
        people.delete_person(store, BERT, person_id)
    assert personal_rows(store) == (1, 1, 1)
    removed = people.delete_person(store, ANNA, person_id)
    assert removed == {"competences": 1, "municipalities": 1, "posts_vacated": 1}
    assert personal_rows(store) == (0, 0, 0)
    assert store.execute("SELECT person_id, funding FROM posts").fetchall() == [(None, "kommunalrichtlinie")]
    log = "\n".join(str(v) for row in store.execute("SELECT * FROM audit_log").fetchall() for v in row)
    for content in ("Anna Beispiel", "anna@example.org", "06381", "Klimaschutzmanagerin"):
        assert content not in log
    actions = [a for (a,) in store.execute("SELECT action FROM audit_log ORDER BY audit_id").fetchall()]
    assert actions == ["person_add", "competence_set", "person_delete"]
