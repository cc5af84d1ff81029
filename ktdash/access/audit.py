"""The audit log: who did what, when, to which municipality.

:func:`record` writes one row of ``audit_log``. It runs no transaction of its own: called inside
the caller's transaction (an import, an undo, a user change) the row is committed or rolled back
with the change it describes; called outside one it is committed at once. Every ``action`` is a
stable code from :data:`ACTIONS`; pages and the CLI turn codes into words.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from ktdash.store.connection import next_id

ACTIONS = frozenset({
    "import",             # an import was committed (object: import number; sha256: the file's)
    "undo",               # an import was undone (object: import number)
    "masterdata_change",  # building master data changed by hand
    "factor_change",      # emission factors, energy prices, degree days changed
    "user_add", "user_remove", "user_grant", "user_revoke", "password_set",  # accounts (object: user name)
    "login", "login_failed", "logout",
    "backup", "restore",
    "profile_save", "profile_delete", "profile_share",  # mapping profiles (object: profile name; issue 15)
    "measure_add", "measure_change", "measure_delete",  # measures by hand (object: measure number; issue 17)
    "alert_acknowledge",  # an alert acknowledged in the inbox (object: alert number; detail: comment; issue 17)
    "alert_found",  # a new alert stored by a check (object: alert number; detail: rule, subject, month, import)
    "alert_check",  # every rule over the whole store (ktdash alerts check, ktdash init's demo; detail: how many)
    # the network's people (object: person number only, never personal content; issue 18)
    "person_add", "person_change", "person_delete", "competence_set",
    # posts and topics (object: post number / topic code) and the Klima.Taten.Talk (object: date or request number;
    # detail: codes only, never a description or an answer; issue 18)
    "post_add", "post_change", "post_delete", "topic_add", "talk_series", "talk_change",
    "request_file", "request_change", "request_delete", "request_take",
})

# Logins and account changes: shown to administrators only (who logged in when is personal data).
ACCOUNT_ACTIONS = frozenset({"user_add", "user_remove", "user_grant", "user_revoke", "password_set",
                             "login", "login_failed", "logout", "backup", "restore",
                             "person_add", "person_change", "person_delete", "competence_set"})
DATA_ACTIONS = ACTIONS - ACCOUNT_ACTIONS

UNKNOWN_USER = "unbekannt"


def _user_name(user: Any) -> str:
    """A user name from a :class:`ktdash.access.permissions.User`, a name, or nothing."""
    name = getattr(user, "name", user)
    return str(name)[:200] if name else UNKNOWN_USER


def record(con, user, action: str, municipality_key: str | None = None, object: str | None = None,
           detail: dict | str | None = None, sha256: str | None = None) -> int:
    """Write one audit row (in the caller's transaction when there is one) and return its number.

    ``user`` is a :class:`ktdash.access.permissions.User` or a user name (``None``: ``unbekannt``); ``detail`` a dict
    (stored as JSON) or a string. Raises ValueError for an action code not in :data:`ACTIONS`.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if detail is not None and not isinstance(detail, str):
        detail = json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True)
    elif isinstance(detail, str):
        detail = json.dumps(detail, ensure_ascii=False)
    audit_id = next_id(con, "seq_audit")  # no INSERT … RETURNING: a PostgreSQL store refuses it (next_ids)
    con.execute(
        "INSERT INTO audit_log (audit_id, user_name, action, municipality_key, object, detail, sha256) "
        "VALUES ($id, $user, $action, $key, $object, $detail, $sha256)",
        {"id": audit_id, "user": _user_name(user), "action": action, "key": municipality_key,
         "object": None if object is None else str(object), "detail": detail, "sha256": sha256},
    )
    return audit_id


HISTORY_COLUMNS = ["audit_id", "logged_at", "user_name", "action", "municipality_key", "municipality", "object",
                   "detail", "sha256"]


def history(con, municipality_key: str | None = None, limit: int = 100, *, action: str | None = None,
            user_name: str | None = None, municipalities: list[str] | None = None,
            actions: list[str] | None = None) -> pd.DataFrame:
    """The newest ``limit`` audit rows (newest first), optionally of one municipality, action or user, or of
    any of ``municipalities`` / ``actions``.

    Columns: :data:`HISTORY_COLUMNS` (``municipality`` is the municipality's name, ``detail`` JSON text).
    """
    params = {"municipality_key": municipality_key, "action": action, "user_name": user_name,
              "municipalities": list(municipalities or []), "actions": list(actions or []),
              "limit": max(0, int(limit))}
    return con.execute("""
        SELECT a.audit_id, a.logged_at, a.user_name, a.action, a.municipality_key, m.name AS municipality,
               a.object, CAST(a.detail AS VARCHAR) AS detail, a.sha256
        FROM audit_log a LEFT JOIN municipalities m USING (municipality_key)
        WHERE ($municipality_key IS NULL OR a.municipality_key = $municipality_key)
          AND ($action IS NULL OR a.action = $action)
          AND ($user_name IS NULL OR a.user_name = $user_name)
          AND (len($municipalities) = 0 OR list_contains($municipalities, a.municipality_key))
          AND (len($actions) = 0 OR list_contains($actions, a.action))
        ORDER BY a.audit_id DESC LIMIT $limit""", params).df()[HISTORY_COLUMNS]
