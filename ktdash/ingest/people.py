"""The people of the network and their competences (issue 18, part 1): changes as the (coming) Netzwerk page's form
makes them. Each person edits their own profile (``people.account`` is their user name), the regional office
(admin) everyone. Personal data is stored only with consent; deleting a person really deletes their rows (person,
municipalities, competences; a post they held becomes vacant) and the audit log records that it happened and by
whom — never names, addresses or other content. Refusals are :class:`PersonError` codes; nothing is changed then.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

from ktdash.access import audit
from ktdash.access.permissions import Role, User
from ktdash.core.network_vocabulary import Level
from ktdash.store import erase
from ktdash.store.connection import after_commit, bump_data_version, transaction

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODES = ("person_consent_missing", "person_name_missing", "person_email_invalid", "person_not_allowed",
         "person_unknown", "person_unknown_municipality", "person_account_taken", "competence_unknown_topic",
         "competence_unknown_level")


class PersonError(ValueError):
    """A refused change: ``code`` (one of :data:`CODES`) and the ``value`` that caused it."""

    def __init__(self, code: str, value: str = ""):
        self.code, self.value = code, value
        super().__init__(f"{code}: {value}")


class Person(BaseModel):
    """A person's profile as the form gives it (checked)."""

    model_config = ConfigDict(frozen=True)

    name: str
    role_title: str | None = None
    email: str | None = None
    phone: str | None = None
    account: str | None = None
    municipalities: tuple[str, ...] = ()
    consent: bool = False

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("person_name_missing")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        value = (value or "").strip() or None
        if value is not None and not EMAIL.match(value):
            raise ValueError("person_email_invalid")
        return value


def check(**values) -> Person:
    """A :class:`Person` from form values; :class:`PersonError` with the first problem's code."""
    if not values.get("consent"):
        raise PersonError("person_consent_missing", str(values.get("name") or ""))
    try:
        return Person(**values)
    except ValueError as exc:
        message = str(exc)
        code = next((c for c in CODES if c in message), "person_name_missing")
        raise PersonError(code, str(values.get("email" if code == "person_email_invalid" else "name") or "")) from exc


def _name(user) -> str:
    return user.name if isinstance(user, User) else str(user or audit.UNKNOWN_USER)


def _is_admin(user) -> bool:
    return isinstance(user, User) and user.role == Role.ADMIN and not user.disabled


def _allow(con, user, person_id: int | None) -> None:
    """Admins may change everyone; anyone else only the person whose account they are."""
    if _is_admin(user):
        return
    if person_id is not None and isinstance(user, User) and not user.disabled:
        account = con.execute("SELECT account FROM people WHERE person_id = ?", [person_id]).fetchone()
        if account is not None and account[0] == user.name:
            return
    raise PersonError("person_not_allowed", _name(user))


def _exists(con, person_id: int) -> None:
    if con.execute("SELECT 1 FROM people WHERE person_id = ?", [person_id]).fetchone() is None:
        raise PersonError("person_unknown", str(person_id))


def _check_references(con, person: Person, person_id: int | None) -> None:
    known = {k for (k,) in con.execute("SELECT municipality_key FROM municipalities WHERE list_contains($keys, "
                                       "municipality_key)", {"keys": list(person.municipalities)}).fetchall()}
    unknown = [k for k in person.municipalities if k not in known]
    if unknown:
        raise PersonError("person_unknown_municipality", unknown[0])
    if person.account is not None:
        taken = con.execute("SELECT person_id FROM people WHERE account = $account AND person_id IS DISTINCT FROM $id",
                            {"account": person.account, "id": person_id}).fetchone()
        if taken is not None:
            raise PersonError("person_account_taken", person.account)


def _set_municipalities(con, person_id: int, keys: tuple[str, ...]) -> None:
    con.execute("DELETE FROM person_municipalities WHERE person_id = ?", [person_id])
    con.execute("INSERT INTO person_municipalities SELECT $id, unnest($keys)", {"id": person_id, "keys": list(keys)})


def add_person(con, user, person: Person) -> int:
    """Store a new person (admins only: a person's own profile is made for them); their number."""
    if not _is_admin(user):
        raise PersonError("person_not_allowed", _name(user))
    _check_references(con, person, None)
    with transaction(con):
        person_id = con.execute("""
            INSERT INTO people (name, role_title, email, phone, account, consent, created_by, updated_by)
            VALUES ($name, $role_title, $email, $phone, $account, $consent, $by, $by) RETURNING person_id""",
                                person.model_dump(exclude={"municipalities"}) | {"by": _name(user)}).fetchone()[0]
        _set_municipalities(con, person_id, person.municipalities)
        audit.record(con, user, "person_add", object=str(person_id))  # no personal content in the audit log
        bump_data_version(con)
    return person_id


def update_person(con, user, person_id: int, person: Person) -> None:
    """Replace a profile (the person themself or an admin)."""
    _exists(con, person_id)
    _allow(con, user, person_id)
    _check_references(con, person, person_id)
    with transaction(con):
        con.execute("""
            UPDATE people SET name = $name, role_title = $role_title, email = $email, phone = $phone,
                   account = $account, consent = $consent, updated_at = current_timestamp, updated_by = $by
            WHERE person_id = $id""", person.model_dump(exclude={"municipalities"}) | {"by": _name(user),
                                                                                      "id": person_id})
        _set_municipalities(con, person_id, person.municipalities)
        audit.record(con, user, "person_change", object=str(person_id))
        bump_data_version(con)


def delete_person(con, user, person_id: int) -> dict[str, int]:
    """Really delete a person (the person themself or an admin): their profile, municipalities and competences go,
    a post they held becomes vacant. The audit row says only which number was deleted and what went."""
    _exists(con, person_id)
    _allow(con, user, person_id)
    with transaction(con):
        removed = {
            "competences": con.execute("DELETE FROM competences WHERE person_id = ?", [person_id]).fetchone()[0],
            "municipalities": con.execute("DELETE FROM person_municipalities WHERE person_id = ?",
                                          [person_id]).fetchone()[0],
            "posts_vacated": con.execute("UPDATE posts SET person_id = NULL WHERE person_id = ?",
                                         [person_id]).fetchone()[0]}
        con.execute("DELETE FROM people WHERE person_id = ?", [person_id])
        audit.record(con, user, "person_delete", object=str(person_id), detail=removed)
        bump_data_version(con)
        after_commit(con, lambda: erase.scrub(con))  # the deleted bytes out of the DuckDB file (store/erase.py)
    return removed


def set_competence(con, user, person_id: int, topic: str, level: str | None) -> None:
    """Set (``level`` a :class:`~ktdash.core.network_vocabulary.Level` code) or remove (None) one competence."""
    _exists(con, person_id)
    _allow(con, user, person_id)
    if con.execute("SELECT 1 FROM topics WHERE code = ?", [topic]).fetchone() is None:
        raise PersonError("competence_unknown_topic", topic)
    if level is not None and level not in {v.value for v in Level}:
        raise PersonError("competence_unknown_level", level)
    with transaction(con):
        con.execute("DELETE FROM competences WHERE person_id = $id AND topic = $topic",
                    {"id": person_id, "topic": topic})
        if level is not None:
            con.execute("INSERT INTO competences VALUES ($id, $topic, $level)",
                        {"id": person_id, "topic": topic, "level": level})
        audit.record(con, user, "competence_set", object=str(person_id), detail={"topic": topic, "level": level})
        bump_data_version(con)
