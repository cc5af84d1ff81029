"""Who may do what: roles, actions, the user of a request and the authorisation rule — pure functions, no store
(accounts, passwords and sessions are :mod:`ktdash.access.accounts`).

Roles:

- ``admin`` – the energy agency: everything.
- ``manager`` – a climate manager, bound to one or more municipalities: imports, undo of imports
  and master-data changes for those municipalities only; views and exports everything.
- ``viewer`` – read-only: views and exports.
- anonymous (``None``) – views and exports when ``KTDASH_OPEN_VIEW`` is true (the default), else
  nothing; never changes anything.

Emission factors, energy prices and degree days (``edit_factors``) and accounts (``manage_users``)
are the admin's alone. :func:`allowed` answers, :func:`require` raises :class:`NotAllowed` with a
message naming who, what and which municipality (German by default, :meth:`NotAllowed.message` in either language).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from ktdash.core.settings import Settings
from ktdash.i18n import texts


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    VIEWER = "viewer"


class Action(StrEnum):
    VIEW = "view"
    EXPORT = "export"
    IMPORT = "import"
    UNDO = "undo"
    EDIT_MASTERDATA = "edit_masterdata"
    EDIT_FACTORS = "edit_factors"
    MANAGE_USERS = "manage_users"


READ_ACTIONS = frozenset({Action.VIEW, Action.EXPORT})
MUNICIPALITY_ACTIONS = frozenset({Action.IMPORT, Action.UNDO, Action.EDIT_MASTERDATA})  # a manager's, for theirs


class User(BaseModel):
    """A logged-in (or listed) account."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: Role
    municipalities: frozenset[str] = frozenset()  # municipality keys (managers)
    municipality_names: tuple[str, ...] = ()  # their names, sorted (for messages)
    display_name: str | None = None
    disabled: bool = False

class NotAllowed(PermissionError):
    """``user`` may not do ``action`` (for ``municipality_key``)."""

    def __init__(self, user: User | None, action: Action, municipality_key: str | None = None,
                 municipality_name: str | None = None):
        self.user, self.action, self.municipality_key = user, Action(action), municipality_key
        self.municipality_name = municipality_name
        super().__init__(self.message())

    def message(self, lang: str = "de") -> str:
        where = ""
        if self.municipality_key is not None:
            where = texts.t("not_allowed_where", lang, municipality=self.municipality_name or self.municipality_key)
        if self.user is None:
            who = texts.t("not_allowed_anonymous", lang)
        else:
            who = texts.t("not_allowed_who", lang, name=self.user.name,
                          role=texts.t("role_" + self.user.role.value, lang))
            if self.user.role == Role.MANAGER:
                who += texts.t("not_allowed_for", lang, municipalities=", ".join(
                    self.user.municipality_names or sorted(self.user.municipalities)) or "–")
        return texts.t("not_allowed", lang, what=texts.t("action_" + self.action.value, lang), where=where, who=who)

# --- authorisation -----------------------------------------------------------------------------------------

def allowed(user: User | None, action: Action | str, municipality_key: str | None = None, *,
            open_view: bool | None = None) -> bool:
    """May ``user`` (``None``: not logged in) do ``action`` for ``municipality_key``?

    ``open_view`` defaults to the setting ``KTDASH_OPEN_VIEW``. A manager's import, undo and master-data
    change need the municipality (``None`` is refused); view and export do not depend on it.
    """
    action = Action(action)
    if user is None:
        if open_view is None:
            open_view = Settings.from_env().open_view
        return bool(open_view) and action in READ_ACTIONS
    if user.disabled:
        return False
    if user.role == Role.ADMIN:
        return True
    if action in READ_ACTIONS:
        return True
    if user.role == Role.MANAGER and action in MUNICIPALITY_ACTIONS:
        return municipality_key is not None and municipality_key in user.municipalities
    return False


def require(user: User | None, action: Action | str, municipality_key: str | None = None, *,
            municipality_name: str | None = None, open_view: bool | None = None) -> None:
    """Raise :class:`NotAllowed` unless :func:`allowed`."""
    if not allowed(user, action, municipality_key, open_view=open_view):
        raise NotAllowed(user, Action(action), municipality_key, municipality_name)


# --- the network's people and the Klima.Taten.Talk (issue 18) -----------------------------------------------
# Personal data (names, roles, contact) of the network's people is for the network's members: logged-in, active
# accounts of the regional office (admin) and the climate managers (manager). Viewers (e.g. a council's guest
# account), the open view, the workshop mode and anonymised exports never see it.

def is_network_member(user: User | None) -> bool:
    """A logged-in, active admin or manager account."""
    return user is not None and not user.disabled and user.role in (Role.ADMIN, Role.MANAGER)


def may_see_personal_data(user: User | None) -> bool:
    """Names, roles and contact of the network's people: network members only."""
    return is_network_member(user)


def may_manage_network(user: User | None) -> bool:
    """People, posts, topics and the office-hour dates of everyone: the regional office (admin)."""
    return user is not None and not user.disabled and user.role == Role.ADMIN


def may_edit_profile(user: User | None, account: str | None) -> bool:
    """A person's profile and competences: the person themself (``people.account`` is their user name) or an
    admin."""
    return may_manage_network(user) or (is_network_member(user) and account is not None and account == user.name)


def may_file_request(user: User | None, municipality_key: str | None) -> bool:
    """A support request or agenda topic for a municipality: its managers, and admins for any."""
    if may_manage_network(user):
        return True
    return (is_network_member(user) and user.role == Role.MANAGER and municipality_key is not None
            and municipality_key in user.municipalities)


def may_take_request(user: User | None) -> bool:
    """Taking a request (and answering it as its taker): any network member with a profile (checked by the
    caller against ``people.account``)."""
    return is_network_member(user)


def may_handle_request(user: User | None, filed_by: str | None, taker_account: str | None) -> bool:
    """Changing a request (status, answer, agenda date): who filed it, who took it, or an admin."""
    if may_manage_network(user):
        return True
    return is_network_member(user) and user.name in {filed_by, taker_account} - {None}
