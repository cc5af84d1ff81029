"""Layout ``network_people`` (issue 18): the network's people and their climate-protection posts, **one row per
person and post**, through the one import pipeline (CSV and XLSX, German Excel quirks as the other layouts).

Columns (header names in :data:`HEADERS`): Name, Funktion, E-Mail, Telefon, Kommune(n) (names or official keys,
several separated by ``;``), Benutzername (optional: the account that edits the profile), Einwilligung (ja/nein),
Finanzierung (Eigenmittel / Kommunalrichtlinie / anderes Förderprogramm), Förderprogramm, Förderende
(31.12.2027), verstetigt (ja/nein), Stellenanteil (0,5 or 50 %), and one column per topic of the network (PV,
Wärmeplanung, …: the stored topics by name or code) with Ansprechpartner*in / erfahren / möchte lernen / empty.
A column that is no field and no stored topic is named in a note (``netimport_note_unknown_topics``) and not read.

Rows
    * A row with a name is a person; without consent (Einwilligung not "ja") it is rejected
      (``netimport_no_consent``) and nothing of it is stored. With Finanzierung it also describes the person's
      post in the first municipality named (the others are the person's further municipalities); a person with
      two posts has two rows (their person columns must agree: ``duplicate_conflict``).
    * A row without name, e-mail, phone and account is a vacant post (Finanzierung needed).
    * A person is identified by the e-mail address (case-insensitive), or — without one — by name and first
      municipality. A person already stored under that key is **not changed** by an import (their profile is
      theirs, edited on the Netzwerk page): their rows are skipped and the preview's note
      ``netimport_note_existing`` names the lines. A vacant post stored with the same values is skipped too. So
      re-importing a file changes nothing.

Storing (admins only: :func:`require_admin`; anyone else gets ``netimport_admin_only``, nothing stored) is one
transaction: people, their municipalities and competences, the posts; the ``imports`` row (no municipality: the
file is the network's) and its audit row, which records the numbers of the people and posts it created — numbers
only, never names (``ktdash.access.audit``). Undo (:func:`undo_rows`) deletes exactly those people (with their
municipalities and competences; posts they hold are vacated, requests they took lose their taker) and posts, and
scrubs the DuckDB file (:func:`ktdash.store.erase.scrub`). No old versions are kept, because an import never
changes a stored person: nothing personal outlives a deletion.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from ktdash.access import audit
from ktdash.core.domain import Layout, fold
from ktdash.core.network_vocabulary import Funding, Level
from ktdash.ingest import registry, sql, stage
from ktdash.ingest.decode import DecodedFile
from ktdash.ingest.layouts.campaign_base import install_lookups
from ktdash.ingest.results import ImportFileError, ImportPreview, ImportResult, Note
from ktdash.ingest.sql import Fragment, detect_decimal_style, fragment, join, number_macro, q
from ktdash.store import erase
from ktdash.store.connection import after_commit, bump_data_version, next_id, next_ids, transaction

NO_MUNICIPALITY = ""  # imports.municipality_key: the file belongs to the network, not to one municipality

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("Name", "Vorname Nachname", "Person"),
    "role_title": ("Funktion", "Rolle", "Stellenbezeichnung", "Position"),
    "email": ("E-Mail", "Email", "E-Mail-Adresse", "Mail"),
    "phone": ("Telefon", "Tel.", "Telefonnummer", "Tel"),
    "municipalities": ("Kommune(n)", "Kommune", "Kommunen", "Verwaltung"),
    "account": ("Benutzername", "Benutzer", "Konto", "Login"),
    "consent": ("Einwilligung", "Einverständnis", "Einwilligung Datenschutz"),
    "post_funding": ("Finanzierung", "Stellenfinanzierung"),
    "programme": ("Förderprogramm", "Programm"),
    "funding_end": ("Förderende", "Förderung bis", "Förderzeitraum bis"),
    "permanent": ("verstetigt", "Verstetigung", "dauerhaft"),
    "share": ("Stellenanteil", "Stellenumfang", "Anteil"),
}
REQUIRED = ("name", "municipalities", "consent")
SIGNATURES = (("name", "municipalities", "consent"),)
PERSON_FIELDS = ("name", "role_title", "email", "phone", "account")

FUNDING_WORDS: dict[str, tuple[str, ...]] = {
    Funding.OWN_BUDGET: ("Eigenmittel", "eigene Mittel", "Haushalt", "Haushaltsmittel", "eigener Haushalt",
                         "own budget"),
    Funding.KOMMUNALRICHTLINIE: ("Kommunalrichtlinie", "KRL", "NKI", "Nationale Klimaschutzinitiative"),
    Funding.OTHER_PROGRAMME: ("anderes Förderprogramm", "Förderprogramm", "andere Förderung", "sonstige Förderung",
                              "other programme"),
}
LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    Level.CONTACT: ("Ansprechpartner*in", "Ansprechpartnerin", "Ansprechpartner", "Ansprechperson", "Kontakt",
                    "contact"),
    Level.EXPERIENCED: ("erfahren", "Erfahrung", "experienced"),
    Level.LEARNING: ("möchte lernen", "lernen", "lernt", "learning"),
}
YES = ("ja", "j", "yes", "y", "x", "1", "wahr", "true")
NO = ("nein", "n", "no", "0", "falsch", "false")
REJECTION_CODES = ("netimport_no_consent", "netimport_invalid_yes_no", "netimport_invalid_email",
                   "netimport_unknown_funding", "netimport_end_missing", "netimport_share_invalid",
                   "netimport_unknown_level", "netimport_account_taken", "missing_value", "invalid_date",
                   "unknown_municipality", "duplicate_conflict")
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


@dataclass
class NetworkPlan:
    """Where the fields of a people file are (0-based column indexes of the header line); ``others`` are the
    remaining named columns (index → header): the topics, matched against the store in :func:`prepare`."""

    header_index: int
    headers: list[str]
    fields: dict[str, int]
    others: dict[int, str] = field(default_factory=dict)
    layout: Layout = Layout.NETWORK_PEOPLE

    def header_of(self, name: str) -> str:
        return self.headers[self.fields[name]] if name in self.fields else name


_LOOKUP = {fold(n): f for f, names in HEADERS.items() for n in (f, *names)}


def detect(sample: list[list[str]], file_name: str = "", profile=None) -> NetworkPlan | None:
    """The plan of a people file: a header line (in the first 40 lines) with Name, Kommune(n) and Einwilligung."""
    if profile is not None and profile.layout is not None:  # a mapping profile names another layout
        return None
    for header_index, row in enumerate(sample[:40]):
        fields: dict[str, int] = {}
        for index, cell in enumerate(row):
            name = _LOOKUP.get(fold(cell or ""))
            if name and name not in fields:
                fields[name] = index
        if any(all(f in fields for f in signature) for signature in SIGNATURES):
            headers = [(c or "").strip() for c in row]
            used = set(fields.values())
            others = {i: h for i, h in enumerate(headers) if h and i not in used}
            return NetworkPlan(header_index=header_index, headers=headers, fields=fields, others=others)
    return None


# --- staging and checks ------------------------------------------------------------------------------------------

def _cell(plan: NetworkPlan, name: str) -> str:
    return f"kt_clean(c{plan.fields[name]})" if name in plan.fields else "CAST(NULL AS VARCHAR)"  # 1.x: NULL is INTEGER


def _reject(where: str, column: str, value: str, code: str, detail: str = "NULL", table: str = "kt_np_rec",
            **params) -> Fragment:
    """A check (as :func:`ktdash.ingest.layouts.campaign_base.reject`): the rows of ``table`` where ``where``
    holds are rejected with ``code``; ``column`` (the file's header) goes in as ``$column``."""
    return fragment(f"SELECT line_no, CAST($column AS VARCHAR) AS column_name, CAST({value} AS VARCHAR) AS value, "
                    f"{q(code)} AS code, CAST({detail} AS VARCHAR) AS detail FROM {table} WHERE {where}",
                    column=column, **params)


def _word_table(con, table: str, words: dict) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (folded VARCHAR, value VARCHAR)")
    con.executemany(f"INSERT INTO {table} VALUES (?, ?)",
                    sorted({(fold(w), str(code)) for code, names in words.items() for w in (code, *names)}))


def _yes_no(cell: str) -> str:
    yes = ", ".join(q(w) for w in YES)
    no = ", ".join(q(w) for w in NO)
    return f"CASE WHEN kt_fold({cell}) IN ({yes}) THEN true WHEN kt_fold({cell}) IN ({no}) THEN false END"


def _topic_columns(con, plan: NetworkPlan) -> tuple[dict[int, str], list[str]]:
    """(column index → topic code) of the columns naming a stored topic (by name or code, folded), and the
    headers of the other unknown columns."""
    by_fold = {}
    for code, name in con.execute("SELECT code, name FROM topics ORDER BY code").fetchall():
        by_fold.setdefault(fold(name), code)
        by_fold.setdefault(fold(code), code)
    topics, unknown = {}, []
    for index, header in plan.others.items():
        code = by_fold.get(fold(header))
        if code is not None and code not in topics.values():
            topics[index] = code
        else:
            unknown.append(header)
    return topics, unknown


def _stage(con, plan: NetworkPlan, topics: dict[int, str]) -> None:
    def c(name: str) -> str:
        return _cell(plan, name)

    share = c("share")
    # a share typed as text in a workbook keeps its German comma ("0,75"): read it either way
    plain = f"trim(replace({share}, '%', ''))"
    number = f"coalesce(kt_num({plain}), kt_num_comma({plain}))"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_np_rec AS
        SELECT b.line_no, {c('name')} AS name, {c('role_title')} AS role_title, {c('email')} AS email_raw,
               lower({c('email')}) AS email, {c('phone')} AS phone, {c('account')} AS account,
               {c('municipalities')} AS municipalities_raw,
               {c('consent')} AS consent_raw, {_yes_no(c('consent'))} AS consent,
               {c('post_funding')} AS funding_raw, fu.value AS funding, {c('programme')} AS programme,
               {c('funding_end')} AS end_raw, kt_ts({c('funding_end')})::DATE AS funding_end,
               {c('permanent')} AS permanent_raw, {_yes_no(c('permanent'))} AS permanent,
               {share} AS share_raw,
               CASE WHEN contains({share}, '%') THEN {number} / 100 WHEN {number} > 1 THEN {number} / 100
                    ELSE {number} END AS share,
               {c('name')} IS NULL AND {c('email')} IS NULL AND {c('phone')} IS NULL
                   AND {c('account')} IS NULL AS vacant
        FROM kt_body b LEFT JOIN kt_np_funding fu ON fu.folded = kt_fold({c('post_funding')})
    """)
    con.execute(r"""
        CREATE OR REPLACE TEMP TABLE kt_np_items AS
        SELECT i.line_no, i.pos, i.item, o.value AS municipality_key FROM (
            SELECT line_no, generate_subscripts(parts, 1) AS pos, trim(unnest(parts)) AS item
            FROM (SELECT line_no, string_split_regex(coalesce(municipalities_raw, ''), '\s*[;|\n]\s*') AS parts
                  FROM kt_np_rec)) i
        LEFT JOIN kt_owner_names o ON o.folded = kt_fold(i.item)
        WHERE i.item <> ''
    """)
    # the person's key: the e-mail address, else the name with the first municipality
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_np_key AS
        SELECT r.line_no, CASE WHEN r.vacant THEN 'line:' || r.line_no
                               WHEN r.email IS NOT NULL THEN 'mail:' || r.email
                               ELSE 'name:' || kt_fold(r.name) || '|' || coalesce(f.municipality_key, '') END AS key,
               f.municipality_key AS first_key
        FROM kt_np_rec r
        LEFT JOIN (SELECT line_no, arg_min(municipality_key, pos) AS municipality_key FROM kt_np_items
                   GROUP BY line_no) f USING (line_no)
    """)
    cells = [fragment(f"SELECT line_no, $topic AS topic, $header AS header, kt_clean(c{index}) AS raw FROM kt_body",
                      topic=code, header=plan.headers[index]) for index, code in topics.items()]
    empty = "SELECT NULL::INTEGER AS line_no, NULL AS topic, NULL AS header, NULL AS raw WHERE false"
    ("CREATE OR REPLACE TEMP TABLE kt_np_cells AS SELECT c.*, lv.value AS level FROM ("
     + join(cells or [empty]) + ") c LEFT JOIN kt_np_levels lv ON lv.folded = kt_fold(c.raw) "
     "WHERE c.raw IS NOT NULL").execute(con)


def _checks(plan: NetworkPlan) -> list[Fragment]:
    h = plan.header_of
    person = "NOT vacant"
    programme_funding = f"funding IN ({q(Funding.KOMMUNALRICHTLINIE.value)}, {q(Funding.OTHER_PROGRAMME.value)})"
    return [
        _reject(f"{person} AND consent_raw IS NOT NULL AND consent IS NULL", h("consent"), "consent_raw",
                "netimport_invalid_yes_no"),
        _reject(f"{person} AND consent IS NOT true AND NOT (consent_raw IS NOT NULL AND consent IS NULL)",
                h("consent"), "consent_raw", "netimport_no_consent"),
        _reject(f"{person} AND name IS NULL", h("name"), "NULL", "missing_value"),
        _reject(f"email_raw IS NOT NULL AND NOT regexp_matches(email_raw, {q(EMAIL_PATTERN)})", h("email"),
                "email_raw", "netimport_invalid_email"),
        _reject("municipalities_raw IS NULL", h("municipalities"), "NULL", "missing_value"),
        _reject("municipality_key IS NULL", h("municipalities"), "item", "unknown_municipality",
                table="kt_np_items"),
        _reject("funding_raw IS NOT NULL AND funding IS NULL", h("post_funding"), "funding_raw",
                "netimport_unknown_funding"),
        _reject("funding_raw IS NULL AND (vacant OR share_raw IS NOT NULL OR end_raw IS NOT NULL "
                "OR programme IS NOT NULL OR permanent_raw IS NOT NULL)", h("post_funding"), "NULL", "missing_value"),
        _reject("end_raw IS NOT NULL AND funding_end IS NULL", h("funding_end"), "end_raw", "invalid_date"),
        _reject(f"{programme_funding} AND funding_end IS NULL AND end_raw IS NULL AND permanent IS NOT true",
                h("funding_end"), "NULL", "netimport_end_missing", "funding_raw"),
        _reject("permanent_raw IS NOT NULL AND permanent IS NULL", h("permanent"), "permanent_raw",
                "netimport_invalid_yes_no"),
        _reject("funding IS NOT NULL AND share_raw IS NULL", h("share"), "NULL", "missing_value"),
        _reject("share_raw IS NOT NULL AND (share IS NULL OR share <= 0 OR share > 1)", h("share"), "share_raw",
                "netimport_share_invalid"),
        # the column is the topic's own header (a cell of kt_np_cells, not one field's)
        "SELECT line_no, header AS column_name, raw AS value, 'netimport_unknown_level' AS code, NULL AS detail "
        "FROM kt_np_cells WHERE level IS NULL",
    ]


def _set_checks(con, plan: NetworkPlan) -> None:
    """Rejections across rows: a person's rows that disagree on a person column or a competence, an account given
    to two people (in the file, or stored for another person)."""
    h = plan.header_of
    for name in ("name", "role_title", "phone", "account"):
        if name not in plan.fields:
            continue
        con.execute(f"""
            INSERT INTO kt_rejects
            SELECT line_no, $column, {name}, 'duplicate_conflict', lines FROM (
                SELECT r.line_no, r.{name}, string_agg(CAST(r.line_no AS VARCHAR), ', ') OVER w AS lines,
                       count(DISTINCT r.{name}) OVER w AS variants
                FROM kt_np_rec r JOIN kt_np_key k USING (line_no) WHERE NOT r.vacant WINDOW w AS (PARTITION BY k.key))
            WHERE variants > 1""", {"column": h(name)})
    con.execute("""
        INSERT INTO kt_rejects
        SELECT line_no, header, raw, 'duplicate_conflict', lines FROM (
            SELECT c.line_no, c.header, c.raw, string_agg(CAST(c.line_no AS VARCHAR), ', ') OVER w AS lines,
                   count(DISTINCT c.level) OVER w AS variants
            FROM kt_np_cells c JOIN kt_np_key k USING (line_no) WINDOW w AS (PARTITION BY k.key, c.topic))
        WHERE variants > 1""")
    if "account" not in plan.fields:
        return
    con.execute("""
        INSERT INTO kt_rejects
        SELECT line_no, $column, account, 'netimport_account_taken', NULL FROM (
            SELECT r.line_no, r.account, count(DISTINCT k.key) OVER (PARTITION BY r.account) AS people,
                   p.person_id AS stored, s.person_id AS own
            FROM kt_np_rec r JOIN kt_np_key k USING (line_no)
            LEFT JOIN people p ON p.account = r.account
            LEFT JOIN kt_np_stored s USING (key)
            WHERE r.account IS NOT NULL)
        WHERE people > 1 OR (stored IS NOT NULL AND stored IS DISTINCT FROM own)""", {"column": h("account")})


def _match_store(con) -> None:
    """``kt_np_stored``: the file's people already stored (by e-mail, else name and first municipality) and
    ``kt_np_vacant_stored``: the lines of vacant posts stored with the same values."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_np_stored AS
        SELECT DISTINCT k.key, p.person_id FROM kt_np_key k JOIN kt_np_rec r USING (line_no)
        JOIN people p ON (r.email IS NOT NULL AND lower(p.email) = r.email)
            OR (r.email IS NULL AND NOT r.vacant AND kt_fold(p.name) = kt_fold(r.name)
                AND (p.person_id, k.first_key) IN (SELECT (person_id, municipality_key) FROM person_municipalities))
        QUALIFY row_number() OVER (PARTITION BY k.key ORDER BY p.person_id) = 1""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_np_vacant_stored AS
        SELECT DISTINCT r.line_no FROM kt_np_rec r JOIN kt_np_key k USING (line_no)
        JOIN posts p ON p.person_id IS NULL AND p.municipality_key = k.first_key AND p.funding = r.funding
            AND p.programme IS NOT DISTINCT FROM r.programme AND p.funding_end IS NOT DISTINCT FROM r.funding_end
            AND p.permanent = coalesce(r.permanent, false) AND abs(p.share_of_time - r.share) < 1e-9
        WHERE r.vacant""")


def _valid(con) -> None:
    """``kt_np_valid``: the lines to store — not rejected, no line of the same person rejected, not stored."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_np_valid AS
        SELECT r.*, k.key, k.first_key FROM kt_np_rec r JOIN kt_np_key k USING (line_no)
        WHERE k.key NOT IN (SELECT k2.key FROM kt_rejects x JOIN kt_np_key k2 USING (line_no))
          AND k.key NOT IN (SELECT key FROM kt_np_stored)
          AND r.line_no NOT IN (SELECT line_no FROM kt_np_vacant_stored)""")


def prepare(con, decoded: DecodedFile, plan: NetworkPlan, *, settings, today: date) -> ImportPreview:
    """Read and check a people file on temporary tables of ``con``; the preview. Nothing is stored."""
    try:  # the required columns are the detection's signature: a plan has them
        sql.install(con, settings)
        stage.reset(con)
        decoded = stage.read_raw(con, decoded)
    finally:
        decoded.cleanup()
    used = sorted(set(plan.fields.values()) | set(plan.others))
    not_empty = "coalesce(" + ", ".join(f"kt_clean(c{i})" for i in used) + ") IS NOT NULL"
    con.execute(f"CREATE OR REPLACE TEMP TABLE kt_body AS SELECT * FROM kt_raw WHERE line_no > $header_line "
                f"AND {not_empty}", {"header_line": plan.header_index + 1})
    rows_read = con.execute("SELECT count(*) FROM kt_body").fetchone()[0]
    if rows_read == 0:
        raise ImportFileError("header_only", decoded.file_name)
    install_lookups(con)  # kt_owner_names: municipalities by name or key (as the campaign layouts)
    _word_table(con, "kt_np_funding", FUNDING_WORDS)
    _word_table(con, "kt_np_levels", LEVEL_WORDS)
    share = [f"c{plan.fields['share']}"] if "share" in plan.fields else []
    style = "point" if decoded.encoding == "xlsx" or not share else detect_decimal_style(
        con, "kt_body", share, decoded.delimiter)
    number_macro(con, style)
    notes: list[Note] = []
    topics, unknown = _topic_columns(con, plan)
    if unknown:
        notes.append(Note.of("netimport_note_unknown_topics", columns=", ".join(f"„{u}“" for u in unknown)))
    _stage(con, plan, topics)
    _match_store(con)
    ("CREATE OR REPLACE TEMP TABLE kt_rejects AS " + join(_checks(plan))).execute(con)
    _set_checks(con, plan)
    _valid(con)
    return _preview(con, decoded, plan, rows_read, notes)


def _lines_text(con, sql_text: str) -> tuple[int, str]:
    row = con.execute(f"SELECT count(*), string_agg(CAST(line_no AS VARCHAR), ', ' ORDER BY line_no) FROM ({sql_text})"
                      ).fetchone()
    return int(row[0]), row[1] or ""


def _preview(con, decoded: DecodedFile, plan: NetworkPlan, rows_read: int, notes: list[Note]) -> ImportPreview:
    rejected = con.execute(
        "SELECT DISTINCT line_no, column_name, value, code, detail FROM kt_rejects ORDER BY line_no, code").df()
    existing, lines = _lines_text(con, """
        SELECT line_no FROM kt_np_key WHERE key IN (SELECT key FROM kt_np_stored)
        UNION SELECT line_no FROM kt_np_vacant_stored""")
    if existing:
        notes.append(Note.of("netimport_note_existing", n=existing, lines=lines))
    summary = con.execute("""
        SELECT count(DISTINCT key) FILTER (WHERE NOT vacant), count(*) FILTER (WHERE funding IS NOT NULL),
               count(*) FILTER (WHERE vacant),
               (SELECT count(DISTINCT (k.key, c.topic)) FROM kt_np_cells c JOIN kt_np_valid k USING (line_no))
        FROM kt_np_valid""").fetchone()
    figures = dict(zip(("netimport_people", "netimport_posts", "netimport_vacant", "netimport_competences"),
                       (int(n) for n in summary), strict=True))
    accounts = [a for (a,) in con.execute("""
        SELECT DISTINCT account FROM kt_np_valid WHERE account IS NOT NULL
          AND account NOT IN (SELECT user_name FROM users) ORDER BY 1""").fetchall()]
    if accounts:  # linked once the account exists (an admin creates it): named, not refused
        notes.append(Note.of("netimport_note_accounts_missing", accounts=", ".join(accounts)))
    preview = ImportPreview(
        file_name=decoded.file_name, sha256=decoded.sha256, municipality_key=NO_MUNICIPALITY,
        municipality=NO_MUNICIPALITY, encoding=decoded.encoding, delimiter=decoded.delimiter, sheet=decoded.sheet,
        layout=plan.layout.value, header_line=plan.header_index + 1,
        columns={name: plan.headers[index] for name, index in plan.fields.items()},
        ignored_columns=[plan.others[i] for i in plan.others if plan.others[i] in _unknown_headers(notes)],
        notes=notes, rows_read=rows_read,
        rows_rejected=int(rejected["line_no"].nunique()) if len(rejected) else 0,
        records=figures["netimport_people"] + figures["netimport_posts"], rejected=rejected)
    preview.rows_valid = preview.rows_read - preview.rows_rejected
    preview.summary = figures
    preview.period_start, preview.period_end = con.execute(
        "SELECT min(funding_end), max(funding_end) FROM kt_np_valid").fetchone()
    return preview


def _unknown_headers(notes: list[Note]) -> str:
    return next((str(n.fields["columns"]) for n in notes if n.code == "netimport_note_unknown_topics"), "")


# --- commit, undo ------------------------------------------------------------------------------------------------

def require_admin(con, user, file_name: str = "") -> None:
    """Importing people of every municipality (and undoing it) is the regional office's: an admin
    (:func:`ktdash.access.permissions.may_manage_network`). Raises :class:`ImportFileError`
    ``netimport_admin_only`` for anyone else. ``user``: a User or an account name; a store without accounts is in
    set-up (the demo) and its operator may."""
    from ktdash.access import accounts, permissions

    if isinstance(user, permissions.User):
        account = user
    elif not accounts.has_accounts(con):
        return
    else:
        account = accounts.get_user(con, str(user)) if user else None
    if not permissions.may_manage_network(account):
        raise ImportFileError("netimport_admin_only", file_name, value=str(getattr(user, "name", user) or ""))


def commit(con, preview: ImportPreview, layout, user) -> ImportResult:
    """Store the rows of ``kt_np_valid`` (same connection as :func:`prepare`) in one transaction: people, their
    municipalities and competences, posts, the import row and its audit row (numbers only)."""
    require_admin(con, user, preview.file_name)
    user_name = str(getattr(user, "name", user))
    code = str(getattr(layout, "value", layout))
    with transaction(con):
        _match_store(con)  # against the store as it is now (another import may have come in between)
        _valid(con)
        import_id = next_id(con, "seq_import")
        _number_new_people(con)
        con.execute("""
            INSERT INTO people (person_id, name, role_title, email, phone, account, consent, created_by, updated_by)
            SELECT person_id, name, role_title, email, phone, account, true, $by, $by FROM kt_np_new_people
            ORDER BY person_id""", {"by": user_name})
        con.execute("""
            INSERT INTO person_municipalities
            SELECT DISTINCT n.person_id, i.municipality_key FROM kt_np_new_people n
            JOIN kt_np_valid v USING (key) JOIN kt_np_items i USING (line_no)""")
        con.execute("""
            INSERT INTO competences
            SELECT n.person_id, c.topic, max(c.level) FROM kt_np_new_people n
            JOIN kt_np_valid v USING (key) JOIN kt_np_cells c USING (line_no) GROUP BY n.person_id, c.topic""")
        post_ids = next_ids(con, "seq_post", con.execute(
            "SELECT count(*) FROM kt_np_valid WHERE funding IS NOT NULL").fetchone()[0])
        con.execute("""
            INSERT INTO posts (post_id, municipality_key, person_id, funding, programme, funding_end, permanent,
                               share_of_time, created_by, updated_by)
            SELECT list_extract($ids, CAST(row_number() OVER (ORDER BY v.line_no) AS INTEGER)), v.first_key,
                   n.person_id, v.funding, v.programme, v.funding_end, coalesce(v.permanent, false), v.share, $by, $by
            FROM kt_np_valid v LEFT JOIN kt_np_new_people n USING (key)
            WHERE v.funding IS NOT NULL ORDER BY v.line_no""", {"ids": post_ids, "by": user_name})
        person_ids = [r[0] for r in con.execute("SELECT person_id FROM kt_np_new_people ORDER BY 1").fetchall()]
        con.execute(
            "INSERT INTO imports (import_id, user_name, municipality_key, file_name, sha256, layout, rows_stored, "
            "rows_rejected, rows_replaced, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 'committed')",
            [import_id, user_name, NO_MUNICIPALITY, preview.file_name, preview.sha256, code, preview.rows_valid,
             preview.rows_rejected])
        # the numbers of what it created (undo deletes exactly these): numbers only, never names or contact
        audit.record(con, user_name, "import", None, object=str(import_id), sha256=preview.sha256,
                     detail={"import_id": import_id, "file_name": preview.file_name, "layout": code,
                             "rows_stored": preview.rows_valid, "rows_rejected": preview.rows_rejected,
                             "person_ids": person_ids, "post_ids": sorted(post_ids)})
        bump_data_version(con)
    return ImportResult(import_id=import_id, file_name=preview.file_name, rows_stored=preview.rows_valid,
                        records_stored=len(person_ids) + len(post_ids), records_replaced=0, records_changed=0,
                        rows_rejected=preview.rows_rejected, new_buildings=[])


def _number_new_people(con) -> None:
    """``kt_np_new_people``: one row per person of ``kt_np_valid`` (key), numbered from ``seq_person`` in the order
    of their first line (ids taken first, :func:`ktdash.store.connection.next_ids`: a PostgreSQL store has no
    ``nextval`` in SQL)."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_np_new_people AS
        SELECT key, CAST(NULL AS INTEGER) AS person_id, max(name) AS name, max(role_title) AS role_title,
               max(email_raw) AS email, max(phone) AS phone, max(account) AS account, min(line_no) AS first_line
        FROM kt_np_valid WHERE NOT vacant GROUP BY key""")
    ids = next_ids(con, "seq_person", con.execute("SELECT count(*) FROM kt_np_new_people").fetchone()[0])
    con.execute("""
        UPDATE kt_np_new_people p SET person_id = list_extract($ids, CAST(r.n AS INTEGER))
        FROM (SELECT first_line, row_number() OVER (ORDER BY first_line) AS n FROM kt_np_new_people) r
        WHERE r.first_line = p.first_line""", {"ids": ids})


def created_by_import(con, import_id: int) -> tuple[list[int], list[int]] | None:
    """(person numbers, post numbers) an import of this layout created (its audit row), or None for another
    kind of import."""
    row = con.execute("""
        SELECT a.detail FROM imports i
        JOIN audit_log a ON a.action = 'import' AND a.object = CAST(i.import_id AS VARCHAR)
        WHERE i.import_id = $id AND i.layout = $layout ORDER BY a.audit_id LIMIT 1""",
                      {"id": int(import_id), "layout": Layout.NETWORK_PEOPLE.value}).fetchone()
    if row is None:
        return None
    detail = json.loads(row[0]) if row[0] else {}
    return [int(p) for p in detail.get("person_ids", [])], [int(p) for p in detail.get("post_ids", [])]


def undo_rows(con, import_id: int) -> dict[str, int]:
    """Inside the undo's transaction (:func:`ktdash.ingest.commit.undo`): delete the people and posts import
    ``import_id`` created (their municipalities and competences with them; a post created since that they hold
    becomes vacant, a request they took loses its taker), then scrub the file after the commit. Nothing for
    another kind of import."""
    created = created_by_import(con, import_id)
    if created is None:
        return {}
    people, posts = created
    removed_posts = con.execute("DELETE FROM posts WHERE list_contains($posts, post_id)", {"posts": posts}
                                ).fetchone()[0]
    con.execute("UPDATE posts SET person_id = NULL WHERE list_contains($people, person_id)", {"people": people})
    con.execute("UPDATE support_requests SET taken_by = NULL WHERE list_contains($people, taken_by)",
                {"people": people})
    for table in ("competences", "person_municipalities"):
        con.execute(f"DELETE FROM {table} WHERE list_contains($people, person_id)", {"people": people})
    removed_people = con.execute("DELETE FROM people WHERE list_contains($people, person_id)", {"people": people}
                                 ).fetchone()[0]
    if removed_people:
        after_commit(con, lambda: erase.scrub(con))  # the deleted bytes out of the DuckDB file (store/erase.py)
    return {"people": int(removed_people), "posts": int(removed_posts)}


SPEC = registry.register(registry.LayoutSpec(
    code=Layout.NETWORK_PEOPLE.value, label="layout_" + Layout.NETWORK_PEOPLE.value, family="network", order=35,
    required=REQUIRED, fields=tuple(HEADERS), headers=HEADERS, signatures=SIGNATURES, detect=detect,
    prepare=prepare, commit=commit, undo_rows=undo_rows, municipal=False))
