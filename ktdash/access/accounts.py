"""Accounts, passwords and login sessions in the store (no Streamlit here); who may do what is
:mod:`ktdash.access.permissions` (pure rules), which :func:`require_undo` applies to an import read from the store.

Accounts log in with a password or, where the deployment configures OpenID Connect (Streamlit's
``st.login``), through the identity provider: the provider's e-mail address is the account name
(:func:`sso_user`); an account added with ``sso=True`` has no password at all. After
:data:`MAX_FAILED_LOGINS` failed logins of one name within :data:`LOCKOUT_MINUTES` that name is
locked for the rest of the window (even with the right password), which makes guessing slow.

Passwords are hashed with argon2id (``argon2-cffi``; memory-hard, the OWASP recommendation) and
verified in constant time; an unknown user name costs one verification too, so timing does not
tell which names exist. Session tokens come from :func:`secrets.token_urlsafe`; the store keeps
only their SHA-256. A session ends after ``KTDASH_SESSION_MINUTES`` without use or at the latest
:data:`SESSION_MAX_HOURS` after login. Every change of an account and every login (and failed
login) is written to the audit log (:mod:`ktdash.access.audit`) in the same transaction. A failed login of a name
that is no account is logged only as ``unbekannt#`` and a keyed hash prefix (:func:`logged_name`): a password
typed into the name field never reaches the log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta, timezone
from typing import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ktdash.access import audit
from ktdash.access.permissions import Action, Role, User, require
from ktdash.core.settings import Settings
from ktdash.i18n import texts
from ktdash.store.connection import transaction

SESSION_MAX_HOURS = 12  # absolute lifetime of a session: one working day
LAST_SEEN_STEP = timedelta(minutes=1)  # a session's last use is written when it moved by at least this much
MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS = 10  # failed logins of one name within LOCKOUT_MINUTES lock it for the rest of that window
LOCKOUT_MINUTES = 15
SSO_ONLY = "!sso"  # password_hash of an account that logs in only through the identity provider (st.login)
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

_HASHER = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) parameters
_DUMMY_HASH: str | None = None  # verified against for unknown users: same time as a real check


class AccessError(ValueError):
    """An account operation that cannot be done; ``code`` is stable, :meth:`message` German."""

    def __init__(self, code: str, **fields):
        self.code, self.fields = code, fields
        super().__init__(self.message())

    def message(self, lang: str = "de") -> str:
        return texts.t("access_" + self.code, lang, **self.fields)


# --- authorisation of an undo (reads the store) ---------------------------------------------------------

def require_undo(con, user: User | None, import_id: int) -> None:
    """A manager may undo only imports of their municipalities; an import of degree days (which belong to no
    municipality, :mod:`ktdash.ingest.layouts.degree_days`) only who may change them (``edit_factors``: an admin);
    an import of the network's people and posts (no municipality either, :mod:`ktdash.ingest.layouts.network`)
    only who manages the network (an admin). ValueError for an unknown import."""
    from ktdash.access.permissions import NotAllowed, may_manage_network
    from ktdash.core.domain import DegreeDayLayout, Layout

    row = con.execute("SELECT i.municipality_key, m.name, i.layout FROM imports i LEFT JOIN municipalities m "
                      "USING (municipality_key) WHERE i.import_id = ?", [import_id]).fetchone()
    if row is None:
        raise ValueError(f"unknown import {import_id}")
    if row[2] in {layout.value for layout in DegreeDayLayout}:
        require(user, Action.EDIT_FACTORS)
        return
    if row[2] == Layout.NETWORK_PEOPLE.value:  # people of every municipality: not "für " an empty name
        if not may_manage_network(user):
            raise NotAllowed(user, Action.UNDO)
        return
    require(user, Action.UNDO, row[0], municipality_name=row[1])


# --- passwords ---------------------------------------------------------------------------------------------

def hash_password(password: str) -> str:
    """argon2id hash in PHC form (``$argon2id$v=19$m=…``), with its own random salt."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccessError("password_short", length=MIN_PASSWORD_LENGTH)
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Constant-time check of a password against its hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASH


# --- accounts ----------------------------------------------------------------------------------------------

def municipality_key(con, name_or_key: str) -> tuple[str, str]:
    """(key, name) of a municipality given by its official key or its name (any case)."""
    from ktdash.store.records import find_municipality

    row = find_municipality(con, name_or_key)  # the one lookup of a place by name or key
    if row is None:
        raise AccessError("unknown_municipality", municipality=name_or_key)
    return row[0], row[1]


def get_user(con, name: str) -> User | None:
    row = con.execute("SELECT user_name, role, display_name, disabled FROM users WHERE user_name = ?",
                      [name]).fetchone()
    if row is None:
        return None
    keys = con.execute("SELECT u.municipality_key, coalesce(m.name, u.municipality_key) FROM user_municipalities u "
                       "LEFT JOIN municipalities m USING (municipality_key) WHERE u.user_name = ? ORDER BY 2",
                       [name]).fetchall()
    return User(name=row[0], role=Role(row[1]), display_name=row[2], disabled=bool(row[3]),
                municipalities=frozenset(k for k, _ in keys), municipality_names=tuple(n for _, n in keys))


def _existing(con, name: str) -> User:
    user = get_user(con, name)
    if user is None:
        raise AccessError("unknown_user", name=name)
    return user


def _role(role: Role | str) -> Role:
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        raise AccessError("unknown_role", role=role, roles=", ".join(r.value for r in Role)) from None


def list_users(con) -> list[User]:
    names = [n for (n,) in con.execute("SELECT user_name FROM users ORDER BY user_name").fetchall()]
    return [get_user(con, n) for n in names]


def add_user(con, name: str, role: Role | str, password: str | None, *, municipalities: Iterable[str] = (),
             display_name: str | None = None, by=None, sso: bool = False) -> User:
    """Create an account; ``municipalities`` (names or keys) are required for a manager and only allowed there.

    ``sso=True``: the account logs in only through the identity provider (``password`` must be None; the
    name is the e-mail address the provider reports, stored in lower case). ``by`` is the acting user (a
    :class:`User` or a name) for the audit log.
    """
    if sso:
        name = (name or "").strip().lower()
        if password is not None:
            raise ValueError("an SSO account has no password")
    if not NAME_PATTERN.match(name or ""):
        raise AccessError("invalid_name", name=name)
    role = _role(role)
    keys = [municipality_key(con, m) for m in municipalities]
    if role == Role.MANAGER and not keys:
        raise AccessError("manager_needs_municipality", name=name)
    if role != Role.MANAGER and keys:
        raise AccessError("grant_not_manager", name=name, role=texts.t("role_" + role.value))
    if get_user(con, name) is not None:
        raise AccessError("user_exists", name=name)
    password_hash = SSO_ONLY if sso else hash_password(password or "")
    with transaction(con):
        con.execute("INSERT INTO users (user_name, display_name, role, password_hash) VALUES (?, ?, ?, ?)",
                    [name, display_name, role.value, password_hash])
        for key, _ in dict.fromkeys(keys):
            con.execute("INSERT INTO user_municipalities VALUES (?, ?)", [name, key])
        audit.record(con, by, "user_add", object=name,
                     detail={"role": role.value, "municipalities": sorted({k for k, _ in keys}),
                             "login": "sso" if sso else "password"})
    return get_user(con, name)


def has_accounts(con) -> bool:
    """Whether the store has any account (a store without one is in set-up: the CLI acts as its operator)."""
    return bool(con.execute("SELECT count(*) FROM users").fetchone()[0])


def remove_user(con, name: str, *, by=None) -> None:
    """Delete an account with its municipalities and sessions; the last active admin cannot be removed."""
    user = _existing(con, name)
    if user.role == Role.ADMIN and not user.disabled and con.execute(
            "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled").fetchone()[0] <= 1:
        raise AccessError("last_admin", name=name)
    with transaction(con):
        for table in ("sessions", "user_municipalities", "users"):
            con.execute(f"DELETE FROM {table} WHERE user_name = ?", [name])
        audit.record(con, by, "user_remove", object=name, detail={"role": user.role.value})


def set_password(con, name: str, password: str, *, by=None) -> None:
    """Set a new password; the account's sessions end."""
    _existing(con, name)
    password_hash = hash_password(password)
    with transaction(con):
        con.execute("UPDATE users SET password_hash = $hash WHERE user_name = $name",
                    {"hash": password_hash, "name": name})
        con.execute("DELETE FROM sessions WHERE user_name = ?", [name])
        audit.record(con, by, "password_set", object=name)


def grant(con, name: str, municipality: str, *, by=None) -> User:
    """Bind a manager to one more municipality (name or key); granting it again changes nothing."""
    user = _existing(con, name)
    key, _ = municipality_key(con, municipality)
    if user.role != Role.MANAGER:
        raise AccessError("grant_not_manager", name=name, role=texts.t("role_" + user.role.value))
    if key not in user.municipalities:
        with transaction(con):
            con.execute("INSERT INTO user_municipalities VALUES (?, ?)", [name, key])
            audit.record(con, by, "user_grant", municipality_key=key, object=name)
    return get_user(con, name)


def revoke(con, name: str, municipality: str, *, by=None) -> User:
    """Unbind a manager from a municipality (name or key)."""
    user = _existing(con, name)
    key, municipality_name = municipality_key(con, municipality)
    if key not in user.municipalities:
        raise AccessError("not_granted", name=name, municipality=municipality_name)
    with transaction(con):
        con.execute("DELETE FROM user_municipalities WHERE user_name = $name AND municipality_key = $key",
                    {"name": name, "key": key})
        audit.record(con, by, "user_revoke", municipality_key=key, object=name)
    return get_user(con, name)


UNKNOWN_NAME_PREFIX = "unbekannt#"  # a failed login's name that is no account: this + a keyed hash prefix
_NAME_KEY = "login_name_key"  # store_state: the store's random key for those hashes (made at the first need)


def _name_key(con, create: bool = False) -> bytes | None:
    row = con.execute("SELECT value FROM store_state WHERE key = ?", [_NAME_KEY]).fetchone()
    if row is None and create:
        with transaction(con):
            con.execute("INSERT INTO store_state VALUES (?, ?) ON CONFLICT DO NOTHING",
                        [_NAME_KEY, secrets.token_hex(32)])
        row = con.execute("SELECT value FROM store_state WHERE key = ?", [_NAME_KEY]).fetchone()
    return bytes.fromhex(row[0]) if row else None


def logged_name(con, name: str, *, create: bool = False) -> str | None:
    """How a name typed into a login appears in the audit log: the name itself when it is an account, else
    ``unbekannt#`` and the first 12 hex digits of HMAC-SHA256 under the store's own random key — a password
    typed into the name field never reaches the log (not even as a plain hash that could be tried against a
    word list), while repeated failures of one unknown name still count towards its lockout. ``None`` while
    the store has no key yet (then no such row exists); ``create`` makes the key."""
    name = (name or "").strip()[:200]
    if con.execute("SELECT 1 FROM users WHERE user_name = ?", [name]).fetchone() is not None:
        return name
    key = _name_key(con, create)
    if key is None:
        return None
    return UNKNOWN_NAME_PREFIX + hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:12]


def failed_logins(con, name: str) -> int:
    """Failed logins of ``name`` within the last :data:`LOCKOUT_MINUTES` (from the audit log, whose times
    are the store's ``current_timestamp``; an unknown name is looked up in its logged form, :func:`logged_name`)."""
    logged = logged_name(con, name)
    if logged is None:
        return 0
    return con.execute("SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND object = $name "
                       "AND logged_at >= CAST(current_timestamp AS TIMESTAMP) - to_minutes($minutes)",
                       {"name": logged, "minutes": LOCKOUT_MINUTES}).fetchone()[0]


def authenticate(con, name: str, password: str) -> User | None:
    """The user when name and password fit an active account, else ``None``; audited (login / login_failed).

    An unknown or disabled account still costs one argon2 verification, so the answer takes the same time.
    A name with :data:`MAX_FAILED_LOGINS` failed logins in the last :data:`LOCKOUT_MINUTES` is refused
    (reason ``locked``) whatever the password; :func:`failed_logins` tells a page to say so. A failed login
    of a name that is no account is logged under :func:`logged_name`, never verbatim.
    """
    name = (name or "").strip()[:200]
    row = con.execute("SELECT password_hash, disabled FROM users WHERE user_name = ?", [name]).fetchone()
    locked = failed_logins(con, name) >= MAX_FAILED_LOGINS
    if row is None:
        verify_password(_dummy_hash(), password)
        ok = False
    else:
        ok = verify_password(row[0], password) and not row[1] and not locked
    if not ok:
        reason = ("locked" if locked else "unknown_user" if row is None else "disabled" if row[1] else "password")
        logged = name if row is not None else logged_name(con, name, create=True)
        audit.record(con, logged, "login_failed", object=logged, detail={"reason": reason})
        return None
    with transaction(con):
        if _HASHER.check_needs_rehash(row[0]):  # parameters raised since the hash was made
            con.execute("UPDATE users SET password_hash = $hash WHERE user_name = $name",
                        {"hash": _HASHER.hash(password), "name": name})
        audit.record(con, name, "login", object=name)
    return get_user(con, name)


def sso_user(con, email: str | None) -> User | None:
    """The active account whose name is ``email`` (lower case), for a login through the identity provider."""
    if not email:
        return None
    user = get_user(con, email.strip().lower())
    return None if user is None or user.disabled else user


# --- sessions ----------------------------------------------------------------------------------------------

def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(con, user: User | str, *, now: datetime | None = None) -> str:
    """A new session token for ``user`` (give it to the browser; only its SHA-256 is stored)."""
    name = getattr(user, "name", user)
    now = now or _utcnow()
    token = secrets.token_urlsafe(32)
    with transaction(con):
        con.execute("DELETE FROM sessions WHERE expires_at <= ?", [now])
        con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                    [_token_hash(token), name, now, now, now + timedelta(hours=SESSION_MAX_HOURS)])
    return token


def session_user(con, token: str | None, now: datetime | None = None, *,
                 idle_minutes: int | None = None) -> User | None:
    """The user of a live session (and the session's ``last_seen`` moves to ``now``), else ``None``.

    A session is over ``idle_minutes`` (default ``KTDASH_SESSION_MINUTES``) after its last use, at its
    absolute expiry, or when its account is disabled or removed; an ended session is deleted.
    """
    if not token:
        return None
    now = now or _utcnow()
    idle = timedelta(minutes=idle_minutes if idle_minutes is not None else Settings.from_env().session_minutes)
    digest = _token_hash(token)
    row = con.execute("SELECT user_name, last_seen, expires_at FROM sessions WHERE token_sha256 = ?",
                      [digest]).fetchone()
    if row is None:
        return None
    user = get_user(con, row[0])
    if now - row[1] > idle or now >= row[2] or user is None or user.disabled:
        with transaction(con):  # server mode: under the write lock, so two replicas never conflict (SQLSTATE 40001)
            con.execute("DELETE FROM sessions WHERE token_sha256 = ?", [digest])
        return None
    if now - row[1] >= LAST_SEEN_STEP:  # a page run checks the session several times: write at most once a minute
        with transaction(con):
            con.execute("UPDATE sessions SET last_seen = $now WHERE token_sha256 = $digest",
                        {"now": now, "digest": digest})
    return user


def end_session(con, token: str | None) -> None:
    """Log out: the session is deleted (an unknown token is ignored)."""
    if not token:
        return
    digest = _token_hash(token)
    row = con.execute("SELECT user_name FROM sessions WHERE token_sha256 = ?", [digest]).fetchone()
    if row is not None:
        with transaction(con):
            con.execute("DELETE FROM sessions WHERE token_sha256 = ?", [digest])
            audit.record(con, row[0], "logout", object=row[0])
