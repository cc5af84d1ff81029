"""The alerts' e-mail digest (issue 17): one message per climate manager with the open findings of their
municipalities not yet mailed to them (:func:`ktdash.analytics.alerts.inbox`), sent through the SMTP server of the
settings (``KTDASH_SMTP_*``; off when no host is set), then marked as mailed to that manager (``alert_mailings``).

Address and language: the row of ``alert_recipients``, else the account's name when it is an e-mail address (an SSO
login) in German; a manager with neither gets no digest. Texts from the catalogs.
"""

from __future__ import annotations

import smtplib
from datetime import datetime
from email.message import EmailMessage

from ktdash.access.accounts import get_user
from ktdash.analytics import alerts
from ktdash.core.settings import Settings
from ktdash.i18n import texts
from ktdash.store.connection import transaction

TIMEOUT_S = 30


def recipients(con) -> list[tuple[str, str, str]]:
    """(user name, address, language) of every active manager who can receive a digest."""
    rows = con.execute("""
        SELECT u.user_name, coalesce(r.email, CASE WHEN contains(u.user_name, '@') THEN u.user_name END),
               coalesce(r.lang, 'de')
        FROM users u LEFT JOIN alert_recipients r USING (user_name)
        WHERE u.role = 'manager' AND NOT u.disabled ORDER BY u.user_name""").fetchall()
    return [(name, email, lang) for name, email, lang in rows if email]


def compose(con, user_name: str, email: str, lang: str, sender: str) -> tuple[EmailMessage, list[int]] | None:
    """The digest of one manager and the alert numbers in it; None when nothing is new for them."""
    user = get_user(con, user_name)
    frame = alerts.inbox(con, user, not_mailed=True)
    if frame.empty:
        return None
    lines = [texts.t("alert_digest_intro", lang, name=user.display_name or user.name, count=len(frame)), ""]
    for row in frame.to_dict("records"):
        lines.append(texts.t("alert_digest_line", lang, number=row["alert_id"], municipality=row["municipality"],
                             building=row["building"], check=alerts.check_name(row["code"], lang),
                             subject=row["subject"], finding=alerts.message(row, lang)))
    lines += ["", texts.t("alert_digest_footer", lang)]
    mail = EmailMessage()
    mail["Subject"] = texts.t("alert_digest_subject", lang, count=len(frame))
    mail["From"] = sender
    mail["To"] = email
    mail.set_content("\n".join(lines))
    return mail, [int(a) for a in frame["alert_id"]]


def pending(con) -> list[tuple[str, str, int]]:
    """(user name, address, findings) of every digest that would be sent now (``ktdash alerts digest --dry-run``):
    nothing is sent or marked."""
    found = []
    for name, email, _ in recipients(con):
        count = len(alerts.inbox(con, get_user(con, name), not_mailed=True))
        if count:
            found.append((name, email, count))
    return found


class RecipientRefused(ValueError):
    """:func:`set_recipient` refused (``code``: ``not_manager``, ``bad_email``); nothing was changed."""

    def __init__(self, code: str, **fields):
        self.code, self.fields = code, fields
        super().__init__(code)

    def message(self, lang: str = "de") -> str:
        return texts.t("alerts_recipient_" + self.code, lang, **self.fields)


def set_recipient(con, user_name: str, email: str, lang: str = "de") -> None:
    """Where an active manager's digest goes and in which language (``alert_recipients``)."""
    email = email.strip()
    user = get_user(con, user_name)
    if user is None or user.disabled or user.role.value != "manager":
        raise RecipientRefused("not_manager", name=user_name)
    if "@" not in email or " " in email or email.startswith("@") or email.endswith("@"):
        raise RecipientRefused("bad_email", email=email)
    with transaction(con):
        con.execute("INSERT OR REPLACE INTO alert_recipients VALUES ($name, $email, $lang)",
                    {"name": user.name, "email": email, "lang": lang if lang in texts.LANGUAGES else "de"})


def send_digest(con, settings: Settings, now: datetime) -> dict[str, int]:
    """Send every manager their digest; {user name: findings mailed}. Nothing when SMTP is off."""
    smtp = settings.smtp
    if not smtp.enabled:
        return {}
    composed = [(name, found) for name, email, lang in recipients(con)
                if (found := compose(con, name, email, lang, smtp.sender or smtp.user or "ktdash")) is not None]
    if not composed:
        return {}
    sent = {}
    with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_S) as server:
        if smtp.starttls:
            server.starttls()
        if smtp.user:
            server.login(smtp.user, smtp.password)
        for name, (mail, alert_ids) in composed:
            server.send_message(mail)
            with transaction(con):
                for alert_id in alert_ids:
                    con.execute("INSERT OR IGNORE INTO alert_mailings VALUES ($alert_id, $user, $now)",
                                {"alert_id": alert_id, "user": name, "now": now})
            sent[name] = len(alert_ids)
    return sent
