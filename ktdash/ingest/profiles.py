"""Mapping profiles: a municipality's saved answer to "which column is what".

A profile maps canonical fields to the header texts of its export and may fix
the layout, a default carrier, unit, building or meter and the number format.
Profiles are stored in the store (table ``mapping_profiles``) or kept as JSON
files; the CLI takes either (``--mapping NAME`` or ``--mapping profile.json``).

A stored profile belongs to one municipality (its key) or to the energy agency (owner ``''``, made by an
admin, shared with every municipality); an admin may share a municipality's profile too (issue 15). The name is
unique per owner, so saving under a name another municipality uses gives this municipality its own profile and
never touches the other's; at most one shared profile has a given name. Loading a name for a municipality takes
its own profile first, then the shared one. Every save, delete and share is written to the audit log in the
same transaction; a manager changes only the profiles of the municipalities it may import for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from ktdash.access import audit
from ktdash.access.permissions import Action, Role, User, require
from ktdash.core.campaign_vocabulary import ACTIVITY_HEADERS, CAMPAIGN_HEADERS, REGISTER_HEADERS
from ktdash.core.measure_vocabulary import MEASURE_HEADERS
from ktdash.core.domain import CARRIER_SYNONYMS, UNIT_SYNONYMS, Layout, lookup
from ktdash.i18n import texts
from ktdash.ingest.results import ImportFileError, Note
from ktdash.store.connection import transaction

PROFILE_FIELDS = ("building", "meter", "carrier", "unit", "date", "time", "reading", "consumption", "cost", "month",
                  "year", "period_start", "period_end", "category", "area", "year_built", "digits", "z_number",
                  "calorific_value", "postcode")
# the fields of the campaign layouts (ktdash.ingest.layouts.campaign_base.FIELDS; a profile may map them too)
# and of the measures layout (ktdash.core.measure_vocabulary.MEASURE_HEADERS, issue 17)
CAMPAIGN_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(
    f for headers in (CAMPAIGN_HEADERS, ACTIVITY_HEADERS, REGISTER_HEADERS, MEASURE_HEADERS) for f in headers))


class MappingProfile(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    layout: Layout | None = None
    columns: dict[str, str] = Field(default_factory=dict)  # field → header text in the file
    carrier: str | None = None  # default carrier where the file has none
    unit: str | None = None  # default unit where the file has none
    building: str | None = None  # default building (load profiles of one building)
    meter: str | None = None
    decimal: Literal["auto", "comma", "point"] = "auto"
    timestamp: Literal["start", "end"] = "start"  # load profiles: timestamp marks interval start or end
    # load profiles: the time zone of timestamps without an offset (None: UTC when a time header says so,
    # else German civil time, Europe/Berlin; ktdash.ingest.clock)
    timezone: Literal["UTC", "Europe/Berlin"] | None = None
    sheet: str | None = None
    digits: int | None = Field(default=None, ge=1, le=12)  # readings: digits of every meter's register (rollover)

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        allowed = PROFILE_FIELDS + tuple(f for f in CAMPAIGN_FIELDS if f not in PROFILE_FIELDS)
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise PydanticCustomError("profile_unknown_fields", "unknown fields: {unknown}; allowed: {allowed}",
                                      {"unknown": ", ".join(unknown), "allowed": ", ".join(allowed)})
        headers = [h.strip() for h in value.values()]
        if any(not h for h in headers) or len(set(headers)) != len(headers):
            raise PydanticCustomError("profile_column_twice", "each column may be mapped to one field only")
        return {k: v.strip() for k, v in value.items()}

    @field_validator("carrier")
    @classmethod
    def _canonical_carrier(cls, value: str | None) -> str | None:
        if value is None:
            return None
        canonical = lookup(CARRIER_SYNONYMS, value)
        if canonical is None:
            raise PydanticCustomError("profile_unknown_carrier", "unknown carrier '{value}'", {"value": value})
        return canonical

    @field_validator("unit")
    @classmethod
    def _canonical_unit(cls, value: str | None) -> str | None:
        if value is None:
            return None
        canonical = lookup(UNIT_SYNONYMS, value)
        if canonical is None:
            raise PydanticCustomError("profile_unknown_unit", "unknown unit '{value}'", {"value": value})
        return canonical


PROFILE_ERRORS = ("profile_unknown_fields", "profile_column_twice", "profile_unknown_carrier", "profile_unknown_unit")


def profile_problems(exc: ValidationError) -> tuple:
    """What is wrong with a profile that failed validation, as :class:`Note` codes with their fields (the
    validators' own errors, :data:`PROFILE_ERRORS`) and pydantic's messages for the rest (``field: message``),
    separated by ``"; "``: render with :func:`profile_error_text` or as an :class:`ImportFileError`'s detail."""
    parts: tuple = ()
    for error in exc.errors():
        if error["type"] in PROFILE_ERRORS:
            part = Note.of(error["type"], **{k: str(v) for k, v in error.get("ctx", {}).items()})
        else:
            part = ".".join(map(str, error["loc"])) + ": " + error["msg"]
        parts += ("; ",) * bool(parts) + (part,)
    return parts


def profile_error_text(exc: ValueError, lang: str = "de") -> str:
    """The message of a profile that cannot be made (:class:`MappingProfile` refused it) in ``lang``."""
    if not isinstance(exc, ValidationError):
        return str(exc)
    return "".join(texts.note(part, lang) for part in profile_problems(exc))


AGENCY = ""  # owner of the energy agency's profiles (made by an admin): shared with every municipality


class ProfileError(ValueError):
    """A profile change that cannot be done (nothing changed); ``code`` is stable, :meth:`message` renders it in
    ``lang`` (a field may be a :class:`Note`, rendered too)."""

    def __init__(self, code: str, **fields):
        self.code, self.fields = code, fields
        super().__init__(self.message())

    def message(self, lang: str = "de") -> str:
        fields = {k: texts.note(v, lang) if isinstance(v, Note) else v for k, v in self.fields.items()}
        return texts.t("profile_" + self.code, lang, **fields)


class StoredProfile(NamedTuple):
    """One row of ``mapping_profiles``: ``municipality_key`` is its owner (``None``: the energy agency's)."""

    name: str
    municipality_key: str | None
    municipality: str | None  # the owner's name (``None``: the agency)
    shared: bool
    updated_at: object = None
    updated_by: str | None = None


def _owner(municipality_key: str | None) -> str:
    return municipality_key or AGENCY


def _is_admin(user) -> bool:
    return getattr(user, "role", None) == Role.ADMIN and not getattr(user, "disabled", False)


def _check_rights(con, user, owner: str, *, share: bool = False) -> None:
    """A :class:`ktdash.access.permissions.User` may change the profiles of the municipalities it may import for (a
    manager: its own); the agency's profiles and sharing are the admins'. A user name or ``None`` is a caller that has
    checked already (the CLI's acting user, a store in set-up, a script): not checked again."""
    if not isinstance(user, User):
        return
    if owner == AGENCY or share:
        if not _is_admin(user):
            raise ProfileError("admin_only", user=user.name)
        return
    name = con.execute("SELECT name FROM municipalities WHERE municipality_key = ?", [owner]).fetchone()
    require(user, Action.IMPORT, owner, municipality_name=name[0] if name else owner)


def _row(con, name: str, owner: str):
    return con.execute("SELECT shared, profile FROM mapping_profiles WHERE name = $name AND owner = $owner",
                       {"name": name, "owner": owner}).fetchone()


def _other_shared(con, name: str, owner: str) -> str | Note | None:
    """The owner's name of another shared profile called ``name`` (``None``: there is none; the energy agency as
    a note, named in the reader's language)."""
    row = con.execute("""
        SELECT coalesce(m.name, p.owner) FROM mapping_profiles p
        LEFT JOIN municipalities m ON m.municipality_key = p.owner
        WHERE p.name = $name AND p.shared AND p.owner <> $owner""", {"name": name, "owner": owner}).fetchone()
    if row is None:
        return None
    return row[0] or Note.of("profile_agency")


def save_profile(con, profile: MappingProfile, municipality_key: str | None = None, *, user=None) -> bool:
    """Save ``profile`` as ``municipality_key``'s own (``None``: the energy agency's, shared with every
    municipality) and return whether it was new. Saving never touches another owner's profile: a name another
    municipality uses gives this municipality its own profile of that name. A changed or new profile is
    written to the audit log in the same transaction. Raises :class:`ProfileError` or
    :class:`ktdash.access.permissions.NotAllowed` (see :func:`_check_rights`); nothing is changed then."""
    owner = _owner(municipality_key)
    _check_rights(con, user, owner)
    with transaction(con):
        before = _row(con, profile.name, owner)
        if owner == AGENCY and (other := _other_shared(con, profile.name, owner)):
            raise ProfileError("shared_name_taken", name=profile.name, owner=other)
        shared = True if owner == AGENCY else bool(before and before[0])
        con.execute(
            # updated_at given: an INSERT … ON CONFLICT through the postgres extension sends NULL for a column it
            # leaves out instead of the column's DEFAULT (measured, server mode)
            "INSERT INTO mapping_profiles (name, owner, shared, profile, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, now(), ?) "
            "ON CONFLICT (name, owner) DO UPDATE SET profile = excluded.profile, updated_at = now(), "
            "updated_by = excluded.updated_by",
            [profile.name, owner, shared, profile.model_dump_json(), audit._user_name(user)],
        )
        detail = {"created": before is None, "shared": shared, "profile": profile.model_dump(mode="json")}
        if before is not None:
            detail["before"] = json.loads(before[1])
        audit.record(con, user, "profile_save", municipality_key or None, object=profile.name, detail=detail)
    return before is None


def delete_profile(con, name: str, municipality_key: str | None = None, *, user=None) -> None:
    """Delete ``municipality_key``'s profile ``name`` (``None``: the agency's); audited with its content, so it
    can be saved again. Raises :class:`ProfileError` (``unknown``) or NotAllowed; nothing is changed then."""
    owner = _owner(municipality_key)
    _check_rights(con, user, owner)
    with transaction(con):
        before = _row(con, name, owner)
        if before is None:
            raise ProfileError("unknown", name=name)
        con.execute("DELETE FROM mapping_profiles WHERE name = $name AND owner = $owner",
                    {"name": name, "owner": owner})
        audit.record(con, user, "profile_delete", municipality_key or None, object=name,
                     detail={"shared": bool(before[0]), "profile": json.loads(before[1])})


def share_profile(con, name: str, municipality_key: str, shared: bool = True, *, user=None) -> None:
    """Share a municipality's profile with every municipality (or stop sharing it): an admin's. At most one
    shared profile has a name (else loading it would be ambiguous); the agency's profiles are always shared.
    Audited; raises :class:`ProfileError` (nothing changed)."""
    owner = _owner(municipality_key)
    _check_rights(con, user, owner, share=True)
    if owner == AGENCY:
        raise ProfileError("agency_always_shared", name=name)
    with transaction(con):
        before = _row(con, name, owner)
        if before is None:
            raise ProfileError("unknown", name=name)
        if shared and (other := _other_shared(con, name, owner)):
            raise ProfileError("shared_name_taken", name=name, owner=other)
        if bool(before[0]) == shared:
            return
        con.execute("UPDATE mapping_profiles SET shared = $shared, updated_at = now(), updated_by = $by "
                    "WHERE name = $name AND owner = $owner",
                    {"shared": shared, "by": audit._user_name(user), "name": name, "owner": owner})
        audit.record(con, user, "profile_share", municipality_key, object=name, detail={"shared": shared})


def list_profiles(con, municipality_key: str | None = None) -> list[StoredProfile]:
    """Stored profiles by name. With ``municipality_key``: those that municipality uses, i.e. its own and the
    shared ones it has no own profile of the same name for; without: all (owner and shared in each row)."""
    rows = con.execute("""
        SELECT p.name, nullif(p.owner, ''), m.name, p.shared, p.updated_at, p.updated_by
        FROM mapping_profiles p LEFT JOIN municipalities m ON m.municipality_key = p.owner
        WHERE $key::VARCHAR IS NULL OR p.owner = $key
           OR (p.shared AND NOT EXISTS (SELECT 1 FROM mapping_profiles o WHERE o.name = p.name AND o.owner = $key))
        ORDER BY p.name, p.owner <> '', p.owner""", {"key": municipality_key}).fetchall()
    return [StoredProfile(*row) for row in rows]


def _stored(con, name: str, municipality_key: str | None):
    """The stored profile ``name`` as ``municipality_key`` sees it: its own, else the shared one. Without a
    municipality (a library caller, degree days): the shared one, else the only profile of that name."""
    if municipality_key:
        row = con.execute("SELECT profile FROM mapping_profiles WHERE name = $name AND owner = $owner",
                          {"name": name, "owner": municipality_key}).fetchone()
        if row:
            return row
    row = con.execute("SELECT profile FROM mapping_profiles WHERE name = ? AND shared ORDER BY owner <> '' LIMIT 1",
                      [name]).fetchone()
    if row or municipality_key:
        return row
    rows = con.execute("SELECT profile FROM mapping_profiles WHERE name = ?", [name]).fetchall()
    return rows[0] if len(rows) == 1 else None


def load_profile(con, name_or_path: str, municipality_key: str | None = None) -> MappingProfile:
    """A stored profile by name (``municipality_key``'s own first, then the shared one), else a JSON file by
    path. A name only other municipalities have raises ``profile_not_shared``."""
    row = _stored(con, name_or_path, municipality_key)
    try:
        if row:
            return MappingProfile.model_validate_json(row[0])
        path = Path(name_or_path)
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            data.setdefault("name", path.stem)
            return MappingProfile.model_validate(data)
    except ValidationError as exc:  # the problems as codes: ImportFileError.message renders them
        raise ImportFileError("bad_profile", name_or_path, value=name_or_path, detail=profile_problems(exc)) from exc
    except json.JSONDecodeError as exc:
        raise ImportFileError("bad_profile", name_or_path, value=name_or_path, detail=str(exc)) from exc
    owners = con.execute("""
        SELECT string_agg(DISTINCT coalesce(m.name, p.owner), ', ') FROM mapping_profiles p
        LEFT JOIN municipalities m ON m.municipality_key = p.owner WHERE p.name = ?""", [name_or_path]).fetchone()[0]
    if owners:
        raise ImportFileError("profile_not_shared", name_or_path, value=name_or_path, detail=owners)
    raise ImportFileError("unknown_profile", name_or_path, value=name_or_path)
