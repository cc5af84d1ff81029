"""The people of the network and their competences (issue 18, part 1): changes as the (coming) Netzwerk page's form
makes them. Each person edits their own profile (``people.account`` is their user name), the regional office
(admin) everyone. Personal data is stored only with consent; deleting a person really deletes their rows (person,
municipalities, competences; a post they held becomes vacant) and the audit log records that it happened and by
whom — never names, addresses or other content. Refusals are :class:`PersonError` codes; nothing is changed then.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from ktdash.access import audit
from ktdash.access.permissions import Role, User
from ktdash.core.network_vocabulary import Funding, Level
from ktdash.store import erase
from ktdash.store.connection import after_commit, bump_data_version, next_id, transaction

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODES = ("person_consent_missing", "person_name_missing", "person_email_invalid", "person_not_allowed",
         "person_unknown", "person_unknown_municipality", "person_account_taken", "competence_unknown_topic",
         "competence_unknown_level")
POST_CODES = ("post_share_invalid", "post_funding_unknown", "post_end_missing", "post_unknown_municipality",
              "post_unknown_person", "post_unknown", "post_not_allowed")
TOPIC_CODES = ("topic_not_allowed", "topic_name_missing", "topic_name_taken", "topic_code_taken")


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
        person_id = next_id(con, "seq_person")
        con.execute("""
            INSERT INTO people (person_id, name, role_title, email, phone, account, consent, created_by, updated_by)
            VALUES ($id, $name, $role_title, $email, $phone, $account, $consent, $by, $by)""",
                    person.model_dump(exclude={"municipalities"}) | {"id": person_id, "by": _name(user)})
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
    a post they held becomes vacant, a request they took has no taker any more. The audit row says only which
    number was deleted and what went."""
    _exists(con, person_id)
    _allow(con, user, person_id)
    with transaction(con):
        removed = {
            "competences": con.execute("DELETE FROM competences WHERE person_id = ?", [person_id]).fetchone()[0],
            "municipalities": con.execute("DELETE FROM person_municipalities WHERE person_id = ?",
                                          [person_id]).fetchone()[0],
            "posts_vacated": con.execute("UPDATE posts SET person_id = NULL WHERE person_id = ?",
                                         [person_id]).fetchone()[0],
            "requests_released": con.execute("UPDATE support_requests SET taken_by = NULL WHERE taken_by = ?",
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


# --- posts (climate-protection posts of a municipality; admins only) ------------------------------------------


class Post(BaseModel):
    """A climate-protection post of a municipality as the form gives it (checked): ``person_id`` None is vacant;
    a post funded by a programme (Kommunalrichtlinie or another) needs the end of its funding unless it has been
    made permanent (verstetigt); ``share_of_time`` is the share of a full-time post (0 < x ≤ 1)."""

    model_config = ConfigDict(frozen=True)

    municipality_key: str
    person_id: int | None = None
    funding: Funding
    programme: str | None = None
    funding_end: date | None = None
    permanent: bool = False
    share_of_time: float

    @field_validator("programme")
    @classmethod
    def _programme(cls, value: str | None) -> str | None:
        return (value or "").strip() or None

    @field_validator("share_of_time")
    @classmethod
    def _share(cls, value: float) -> float:
        if not 0 < value <= 1:
            raise ValueError("post_share_invalid")
        return value

    @model_validator(mode="after")
    def _end(self) -> Post:
        if self.funding != Funding.OWN_BUDGET and self.funding_end is None and not self.permanent:
            raise ValueError("post_end_missing")
        return self


_POST_FIELD_CODES = {"share_of_time": "post_share_invalid", "funding": "post_funding_unknown",
                     "municipality_key": "post_unknown_municipality", "person_id": "post_unknown_person"}


def check_post(**values) -> Post:
    """A :class:`Post` from form values; :class:`PersonError` with the first problem's code (``post_*``) and the
    value that caused it."""
    try:
        return Post(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        code = next((c for c in POST_CODES if c in str(error.get("msg", ""))), None)
        code = code or _POST_FIELD_CODES.get(field, "post_share_invalid")
        value = values.get(field) if field else values.get("funding_end")
        raise PersonError(code, "" if value is None else str(value)) from exc


def _admin_only(user, code: str) -> None:
    if not _is_admin(user):
        raise PersonError(code, _name(user))


def _check_post_references(con, post: Post) -> None:
    if con.execute("SELECT 1 FROM municipalities WHERE municipality_key = ?", [post.municipality_key]
                   ).fetchone() is None:
        raise PersonError("post_unknown_municipality", post.municipality_key)
    if post.person_id is not None and con.execute("SELECT 1 FROM people WHERE person_id = ?", [post.person_id]
                                                  ).fetchone() is None:
        raise PersonError("post_unknown_person", str(post.person_id))


def _post_values(post: Post, user) -> dict:
    return post.model_dump() | {"funding": post.funding.value, "by": _name(user)}


def add_post(con, user, post: Post) -> int:
    """Store a new post (admins only); its number. Audit ``post_add`` (object: the post's number)."""
    _admin_only(user, "post_not_allowed")
    _check_post_references(con, post)
    with transaction(con):
        post_id = next_id(con, "seq_post")
        con.execute("""
            INSERT INTO posts (post_id, municipality_key, person_id, funding, programme, funding_end, permanent,
                               share_of_time, created_by, updated_by)
            VALUES ($id, $municipality_key, $person_id, $funding, $programme, $funding_end, $permanent,
                    $share_of_time, $by, $by)""", _post_values(post, user) | {"id": post_id})
        audit.record(con, user, "post_add", municipality_key=post.municipality_key, object=str(post_id),
                     detail={"funding": post.funding.value, "vacant": post.person_id is None})
        bump_data_version(con)
    return post_id


def _post_exists(con, post_id: int) -> None:
    if con.execute("SELECT 1 FROM posts WHERE post_id = ?", [post_id]).fetchone() is None:
        raise PersonError("post_unknown", str(post_id))


def update_post(con, user, post_id: int, post: Post) -> None:
    """Replace a post (admins only). Audit ``post_change``."""
    _admin_only(user, "post_not_allowed")
    _post_exists(con, post_id)
    _check_post_references(con, post)
    with transaction(con):
        con.execute("""
            UPDATE posts SET municipality_key = $municipality_key, person_id = $person_id, funding = $funding,
                   programme = $programme, funding_end = $funding_end, permanent = $permanent,
                   share_of_time = $share_of_time, updated_at = current_timestamp, updated_by = $by
            WHERE post_id = $id""", _post_values(post, user) | {"id": post_id})
        audit.record(con, user, "post_change", municipality_key=post.municipality_key, object=str(post_id),
                     detail={"funding": post.funding.value, "vacant": post.person_id is None})
        bump_data_version(con)


def delete_post(con, user, post_id: int) -> None:
    """Delete a post (admins only). Audit ``post_delete``."""
    _admin_only(user, "post_not_allowed")
    _post_exists(con, post_id)
    with transaction(con):
        key = con.execute("SELECT municipality_key FROM posts WHERE post_id = ?", [post_id]).fetchone()[0]
        con.execute("DELETE FROM posts WHERE post_id = ?", [post_id])  # read first: no DELETE … RETURNING in PG mode
        audit.record(con, user, "post_delete", municipality_key=key, object=str(post_id))
        bump_data_version(con)


# --- topics (the network's vocabulary; admins extend it) ---------------------------------------------------------


def slug(name: str) -> str:
    """The code of a topic name: lower case ASCII letters and digits joined by ``_`` (umlauts transliterated,
    ß → ss): "Kommunale Wärmenetze" → ``kommunale_waermenetze``."""
    text = name.strip().lower()
    for char, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(char, ascii_)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def add_topic(con, user, name: str) -> str:
    """Add a topic to the network's vocabulary (admins only); its code (:func:`slug` of the name). Refused:
    ``topic_name_missing`` (empty, or no letter or digit), ``topic_name_taken`` (the name exists, case-insensitively),
    ``topic_code_taken`` (another name gives the same code). Audit ``topic_add`` (object: the code)."""
    _admin_only(user, "topic_not_allowed")
    name = " ".join((name or "").split())
    code = slug(name)
    if not code:
        raise PersonError("topic_name_missing", name)
    if con.execute("SELECT 1 FROM topics WHERE lower(name) = lower(?)", [name]).fetchone() is not None:
        raise PersonError("topic_name_taken", name)
    if con.execute("SELECT 1 FROM topics WHERE code = ?", [code]).fetchone() is not None:
        raise PersonError("topic_code_taken", code)
    with transaction(con):
        con.execute("INSERT INTO topics (code, name, builtin, created_by) VALUES ($code, $name, false, $by)",
                    {"code": code, "name": name, "by": _name(user)})
        audit.record(con, user, "topic_add", object=code)
        bump_data_version(con)
    return code


def topics(con) -> pd.DataFrame:
    """The network's topics: [code, name, builtin], the built-in ones first, each group by name."""
    return con.execute("SELECT code, name, builtin FROM topics ORDER BY NOT builtin, lower(name), code").df()


def person_for_account(con, account: str | None) -> int | None:
    """The person whose profile belongs to the account ``account`` (``people.account``), or None."""
    if not account:
        return None
    row = con.execute("SELECT person_id FROM people WHERE account = ?", [account]).fetchone()
    return None if row is None else int(row[0])
