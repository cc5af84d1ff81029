"""Worded tables of the network (issue 18) for the pages and ``ktdash export network --by person|topic|request``:
headers and labels from the text catalogs (German first, English), codes turned into words, personal columns only
when ``personal`` (= ``ktdash.access.permissions.may_see_personal_data(user)``).

Anonymised tables (``personal=False``) carry no name, role title, e-mail, phone or account: a person row is
"Person n"; request rows carry topic, municipality, kind, urgency, status, dates and durations only (descriptions,
answers and who filed or took a request may name people). The German number and date formats and the formula
neutralisation are the export writers' (:mod:`ktdash.output.exports.tables`).
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from ktdash.analytics import network
from ktdash.i18n import texts

# code → text key (explicit, so the catalog test sees every key)
LEVEL_KEYS = {"contact": "network_level_contact", "experienced": "network_level_experienced",
              "learning": "network_level_learning"}
FUNDING_KEYS = {"own_budget": "network_funding_own_budget", "kommunalrichtlinie": "network_funding_kommunalrichtlinie",
                "other_programme": "network_funding_other_programme"}
STATUS_KEYS = {"open": "network_status_open", "clarifying": "network_status_clarifying",
               "done": "network_status_done"}
URGENCY_KEYS = {"low": "network_urgency_low", "normal": "network_urgency_normal", "high": "network_urgency_high"}
KIND_KEYS = {"support": "network_kind_support", "agenda": "network_kind_agenda"}
RISK_KEYS = {network.RISK_UNCOVERED: "network_risk_uncovered", network.RISK_SINGLE: "network_risk_single"}
POST_STATUS_KEYS = {"permanent": "verst_status_permanent", "ends_within_12_months": "verst_status_ends_12",
                    "ends_within_24_months": "verst_status_ends_24", "funded": "verst_status_funded",
                    "ended": "verst_status_ended", "vacant": "verst_status_vacant"}

# the columns of each table: frame column → header key (personal ones are dropped by the analytics when anonymised)
PERSON_COLUMNS = {"name": "network_col_person", "role_title": "network_col_role_title", "email": "network_col_email",
                  "phone": "network_col_phone", "account": "network_col_account",
                  "municipalities": "network_col_municipalities", "topics_contact": "network_col_topics_contact",
                  "topics_experienced": "network_col_topics_experienced",
                  "topics_learning": "network_col_topics_learning"}
TOPIC_COLUMNS = {"topic_name": "network_col_topic", "contact": "network_col_contact",
                 "experienced": "network_col_experienced", "learning": "network_col_learning",
                 "able": "network_col_able", "risk": "network_col_risk", "contacts": "network_col_contacts",
                 "requests": "network_col_requests", "open_requests": "network_col_open_requests"}
REQUEST_COLUMNS = {"request_id": "network_col_request_id", "kind": "network_col_kind",
                   "topic_name": "network_col_topic", "municipality": "network_col_municipality",
                   "urgency": "network_col_urgency",
                   "status": "network_col_status", "filed_at": "network_col_filed_at",
                   "first_answer_at": "network_col_first_answer_at", "done_at": "network_col_done_at",
                   "days_to_first_answer": "network_col_days_to_first_answer",
                   "days_to_done": "network_col_days_to_done", "description": "network_col_description",
                   "answer": "network_col_answer", "taken_by": "network_col_taken_by",
                   "filed_by": "network_col_filed_by"}
POST_COLUMNS = {"municipality": "network_col_municipality", "district": "network_col_district",
                "name": "network_col_person", "funding": "network_col_funding", "programme": "network_col_programme",
                "funding_end": "network_col_funding_end", "permanent": "network_col_permanent",
                "share_of_time": "network_col_share_of_time", "status": "network_col_post_status",
                "months_left": "network_col_months_left"}
TABLES = ("person", "topic", "request")


def _label(keys: dict[str, str], code, lang: str) -> str:
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    key = keys.get(str(code))
    return texts.t(key, lang) if key else str(code)


def level_label(code: str | None, lang: str = "de") -> str:
    """"Ansprechpartner*in", "erfahren", "möchte lernen" (a code not in the vocabulary stays as it is)."""
    return _label(LEVEL_KEYS, code, lang)


def funding_label(code: str | None, lang: str = "de") -> str:
    """The word for a funding code (own budget, Kommunalrichtlinie, other programme)."""
    return _label(FUNDING_KEYS, code, lang)


def status_label(code: str | None, lang: str = "de") -> str:
    """"offen", "in Klärung", "erledigt"."""
    return _label(STATUS_KEYS, code, lang)


def urgency_label(code: str | None, lang: str = "de") -> str:
    """"kann warten", "normal", "dringend"."""
    return _label(URGENCY_KEYS, code, lang)


def kind_label(code: str | None, lang: str = "de") -> str:
    """"Unterstützungsbedarf" or "Thema für die Tagesordnung"."""
    return _label(KIND_KEYS, code, lang)


def risk_label(code: str | None, lang: str = "de") -> str:
    """The network risk of a topic (nobody / only one person can help); empty without a risk."""
    return _label(RISK_KEYS, code, lang)


def post_status_label(code: str | None, lang: str = "de") -> str:
    """The word for a :class:`ktdash.core.network_vocabulary.PostStatus` code."""
    return _label(POST_STATUS_KEYS, code, lang)


def _worded(frame: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    kept = [c for c in columns if c in frame.columns]
    return frame[kept].rename(columns={c: texts.t(columns[c], lang) for c in kept})


def network_table(con, by: str, lang: str = "de", personal: bool = False, today: date | None = None,
                  now: datetime | None = None) -> pd.DataFrame:
    """The worded table ``by`` "person" (one row per person: municipalities and topics per level), "topic" (one
    row per topic: people per level, risk, requests) or "request" (one row per request: local times, durations in
    days). ``now``: only requests filed by then (default: all). ``today`` is accepted for the pages' symmetry (the
    tables do not depend on it)."""
    if by == "person":
        frame = network.people_table(con, personal)
        return _worded(frame, PERSON_COLUMNS, lang)
    if by == "topic":
        frame = network.topic_overview(con, personal, now)
        frame["risk"] = frame["risk"].map(lambda code: risk_label(code, lang))
        return _worded(frame, TOPIC_COLUMNS, lang)
    if by == "request":
        frame = network.request_list(con, personal, now)
        for column, word in (("kind", kind_label), ("urgency", urgency_label), ("status", status_label)):
            frame[column] = frame[column].map(lambda code, word=word: word(code, lang))
        return _worded(frame, REQUEST_COLUMNS, lang)
    raise ValueError(f"unknown network table {by!r}")


# the notes that stand with the Verstetigung coverage figures (pages, workshop): descriptive only; how a Kreis post
# counts for inhabitants
COVERAGE_NOTES = ("verst_descriptive_note", "verst_inhabitants_note")


def coverage_notes(lang: str = "de") -> list[str]:
    """The captions of the coverage figures: descriptive, no causal claim; the Kreis post and its inhabitants."""
    return [texts.t(key, lang) for key in COVERAGE_NOTES]


def posts_worded(con, today: date, lang: str = "de", personal: bool = False) -> pd.DataFrame:
    """The posts of :func:`ktdash.analytics.network.posts_table` on ``today`` with words (Verstetigung page and its
    download): municipality, district, person (pseudonym when not ``personal``, empty when vacant), funding,
    programme, funding end, permanent (ja/nein), share of time, status, months left."""
    frame = network.posts_table(con, today, personal)
    frame["funding"] = frame["funding"].map(lambda code: funding_label(code, lang))
    frame["status"] = frame["status"].map(lambda code: post_status_label(code, lang))
    frame["permanent"] = frame["permanent"].map(lambda flag: texts.t("network_yes" if flag else "network_no", lang))
    return _worded(frame, POST_COLUMNS, lang)
