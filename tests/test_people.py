"""The network's people and competences (issue 18, part 1: the library): consent is required, each person edits only
their own profile (admins everyone), deletion really deletes the personal rows and the audit log keeps no content,
refusals change nothing."""

from __future__ import annotations

from datetime import date

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
    assert removed == {"competences": 1, "municipalities": 1, "posts_vacated": 1, "requests_released": 0}
    assert personal_rows(store) == (0, 0, 0)
    assert store.execute("SELECT person_id, funding FROM posts").fetchall() == [(None, "kommunalrichtlinie")]
    log = "\n".join(str(v) for row in store.execute("SELECT * FROM audit_log").fetchall() for v in row)
    for content in ("Anna Beispiel", "anna@example.org", "06381", "Klimaschutzmanagerin"):
        assert content not in log
    actions = [a for (a,) in store.execute("SELECT action FROM audit_log ORDER BY audit_id").fetchall()]
    assert actions == ["person_add", "competence_set", "person_delete"]


# --- posts (admins only) --------------------------------------------------------------------------------------------

GAST = User(name="gast", role=Role.VIEWER)


def post(**changes) -> people.Post:
    values = dict(municipality_key=KUSEL_KEY, person_id=None, funding="kommunalrichtlinie", programme="NKI",
                  funding_end=date(2027, 6, 30), permanent=False, share_of_time=0.5)
    return people.check_post(**(values | changes))


def network_rows(con) -> tuple:
    return tuple(con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("posts", "topics", "audit_log"))


@pytest.mark.parametrize(("changes", "code", "value"), [
    ({"share_of_time": 0}, "post_share_invalid", "0"),
    ({"share_of_time": -0.5}, "post_share_invalid", "-0.5"),
    ({"share_of_time": 1.01}, "post_share_invalid", "1.01"),
    ({"share_of_time": "halb"}, "post_share_invalid", "halb"),
    ({"funding": "lotto"}, "post_funding_unknown", "lotto"),
    ({"funding_end": None}, "post_end_missing", ""),  # a programme without end date and not permanent
    ({"funding": "other_programme", "funding_end": None}, "post_end_missing", ""),
])
def test_the_post_checks_give_codes(changes, code, value):
    with pytest.raises(PersonError) as refused:
        post(**changes)
    assert (refused.value.code, refused.value.value) == (code, value)


def test_posts_that_need_no_end_date():
    assert post(share_of_time=1).share_of_time == 1.0  # a full post
    assert post(funding_end=None, permanent=True).permanent  # made permanent (verstetigt)
    assert post(funding="own_budget", programme=" ", funding_end=None).programme is None


@pytest.mark.parametrize("user", [ANNA, GAST, None, User(name="alt", role=Role.ADMIN, disabled=True)])
def test_only_admins_manage_posts_and_topics(store, user):
    post_id = people.add_post(store, ADMIN, post())
    before = network_rows(store)
    for call, args in ((people.add_post, (post(),)), (people.update_post, (post_id, post(share_of_time=1.0))),
                       (people.delete_post, (post_id,))):
        with pytest.raises(PersonError, match="post_not_allowed"):
            call(store, user, *args)
    with pytest.raises(PersonError, match="topic_not_allowed"):
        people.add_topic(store, user, "Kommunale Wärmenetze")
    assert network_rows(store) == before


def test_posts_are_added_changed_and_deleted_with_audit(store):
    person_id = people.add_person(store, ADMIN, anna())
    post_id = people.add_post(store, ADMIN, post())
    assert store.execute("SELECT municipality_key, person_id, funding, programme, funding_end, permanent, "
                         "share_of_time, created_by FROM posts").fetchall() == [
        (KUSEL_KEY, None, "kommunalrichtlinie", "NKI", date(2027, 6, 30), False, 0.5, "agentur")]
    people.update_post(store, ADMIN, post_id, post(person_id=person_id, funding_end=None, permanent=True,
                                                    share_of_time=1))
    assert store.execute("SELECT person_id, permanent, funding_end, share_of_time FROM posts").fetchall() == [
        (person_id, True, None, 1.0)]
    before = network_rows(store)
    for changes, code in (({"municipality_key": "099999999"}, "post_unknown_municipality"),
                          ({"person_id": 999}, "post_unknown_person")):
        with pytest.raises(PersonError, match=code):
            people.add_post(store, ADMIN, post(**changes))
        with pytest.raises(PersonError, match=code):
            people.update_post(store, ADMIN, post_id, post(**changes))
    for call, args in ((people.update_post, (99, post())), (people.delete_post, (99,))):
        with pytest.raises(PersonError, match="post_unknown"):
            call(store, ADMIN, *args)
    assert network_rows(store) == before
    people.delete_post(store, ADMIN, post_id)
    assert store.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    assert store.execute("SELECT action, municipality_key, object, detail FROM audit_log WHERE action LIKE 'post%' "
                         "ORDER BY audit_id").fetchall() == [
        ("post_add", KUSEL_KEY, str(post_id), '{"funding": "kommunalrichtlinie", "vacant": true}'),
        ("post_change", KUSEL_KEY, str(post_id), '{"funding": "kommunalrichtlinie", "vacant": false}'),
        ("post_delete", KUSEL_KEY, str(post_id), None)]


# --- topics and accounts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "code"), [("Kommunale Wärmenetze", "kommunale_waermenetze"),
                                            ("  Straßen-Begleitgrün 2.0 ", "strassen_begleitgruen_2_0"),
                                            ("Énergie   citoyenne", "energie_citoyenne")])
def test_topic_codes_are_slugs(name, code):
    assert people.slug(name) == code


def test_admins_extend_the_topics(store):
    code = people.add_topic(store, ADMIN, "  Kommunale   Wärmenetze ")
    assert code == "kommunale_waermenetze"
    frame = people.topics(store)
    assert frame.columns.tolist() == ["code", "name", "builtin"]
    assert len(frame) == len(BUILTIN_TOPICS) + 1
    assert frame.iloc[-1].tolist() == ["kommunale_waermenetze", "Kommunale Wärmenetze", False]
    assert frame["builtin"].iloc[:-1].all()
    assert store.execute("SELECT object FROM audit_log WHERE action = 'topic_add'").fetchall() == [(code,)]
    before = network_rows(store)
    for name, error in (("wärmeplanung", "topic_name_taken"), ("KOMMUNALE WÄRMENETZE", "topic_name_taken"),
                        ("Kommunale-Wärmenetze!", "topic_code_taken"), ("  ", "topic_name_missing"),
                        ("?!", "topic_name_missing")):
        with pytest.raises(PersonError) as refused:
            people.add_topic(store, ADMIN, name)
        assert refused.value.code == error
    assert network_rows(store) == before


def test_the_person_of_an_account(store):
    person_id = people.add_person(store, ADMIN, anna())
    assert people.person_for_account(store, "anna") == person_id
    assert people.person_for_account(store, "bert") is None
    assert people.person_for_account(store, "") is None
