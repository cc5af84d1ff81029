"""The ``ktdash`` command: a thin layer over the library.

Each command opens the store named by ``KTDASH_DB`` (default
``data/ktdash.duckdb``), makes one library call and turns library errors into
messages on stderr with a non-zero exit code, in German or, with ``--lang en`` or ``KTDASH_LANG=en``, in English
(every message from the catalogs of :mod:`ktdash.i18n.texts`, numbers and dates by :mod:`ktdash.core.formatting`).

Every command that changes something (import, undo, user add|remove|grant|revoke|password,
backup, restore) first asks :func:`acting_user` who acts: in a store with accounts the
account named by ``--as`` or ``KTDASH_USER`` logs in (password from ``KTDASH_PASSWORD`` or
asked on the terminal) and must be allowed the change (:mod:`ktdash.access.permissions`); a store without
any account is in set-up and the operator may do everything. Reading commands need no login, except
``history`` (who did what: a login like the page Protokoll; logins and account changes for admins only).

No traceback reaches the operator: a store that is locked, read-only, on a full disk, damaged or fails a
migration, and running out of memory, end the command with a German message saying what happened and what
to do (:class:`ktdash.store.connection.StoreError`) and exit code 2. The CLI creates its files 0600 (umask 077).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from pathlib import Path

import duckdb

from ktdash.i18n import texts
from ktdash.core.formatting import format_date, format_datetime, format_month, format_number
from ktdash.output.exports.datasets import (
    CAMPAIGN_EXPORTS,
    campaigns_csv,
    kpis_csv,
    monthly_csv,
    measures_csv,
    progress_csv,
    write_monthly,
)
from ktdash.output.network import TABLES as NETWORK_TABLES
from ktdash.ingest.pipeline import ImportFileError, ImportPreview, import_file, list_profiles, load_profile, undo_import
from ktdash.ingest.masterdata import ensure_reference_data, init_store, load_master_data
from ktdash.store.records import list_municipalities
from ktdash.core.domain import Layout
from ktdash.core.settings import Settings
from ktdash.ingest.commit import UndoBlocked
from ktdash.ingest.layouts.degree_days import LAYOUT_VALUES as DEGREE_DAY_LAYOUTS, incomplete_months_text
from ktdash.store.connection import (
    PRIVATE_UMASK,
    StoreError,
    StoreLockedError,
    command_words,
    log_store_error,
    store_error,
)
from ktdash.store.holders import holder_words
from ktdash.store.server import is_server, shown
from ktdash.store.sharing import open_waiting

EXIT_REJECTED = 1
EXIT_ERROR = 2
# The CLI's language: ``--lang de|en`` before the command, else KTDASH_LANG; German by default (set by main()).
LANG = "de"


def t(key: str, **fields) -> str:
    """A text of the catalogs (:mod:`ktdash.i18n.texts`) in the CLI's language."""
    return texts.t(key, LANG, **fields)


class ProgressBar:
    """A one-line progress bar on stderr: ``[#####.....] 12/40 datei.csv``."""

    def __init__(self, stream=sys.stderr, width: int = 30):
        self.stream, self.width = stream, width

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if not self.stream.isatty():  # a log, not a terminal: one line per tenth
            if done == total or done % max(1, total // 10) == 0:
                self.stream.write(f"{done}/{total} {label}\n")
            return
        filled = int(self.width * done / max(total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {label[:40]:<40}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Refused(Exception):
    """A changing command may not run (no or failed login, not allowed); nothing was changed."""

    def message(self, lang: str = "de") -> str:  # made in the CLI's language already
        return str(self)


def _setting(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def _password_for(name: str) -> str:
    password = os.environ.get("KTDASH_PASSWORD")
    if password:
        return password
    try:
        terminal = sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not terminal:
        raise Refused(t("cli_login_no_password", name=name))
    return getpass.getpass(t("cli_login_prompt", name=name))


def acting_user(con, args, action, municipality_key: str | None = None, *, municipality_name: str | None = None,
                import_id: int | None = None, own: str | None = None, admin_only: str | None = None,
                network: bool = False) -> str:
    """The name under which a changing command acts (for the import table and the audit log), after its checks.

    A store without any account is in set-up: the operator (``--as``, ``KTDASH_USER`` or the login name of the
    operating system) may do everything, which is how the first admin is made. Otherwise the account named by
    ``--as`` or ``KTDASH_USER`` logs in with ``KTDASH_PASSWORD`` (or a password asked on the terminal) and must be
    allowed ``action`` for ``municipality_key`` (:func:`ktdash.access.permissions.require`); with ``import_id`` the
    undo of that import (:func:`ktdash.access.accounts.require_undo`); an account acting on itself (``own``) needs
    no permission.
    ``admin_only`` (``backup``, ``restore``, ``history``) names the command of an admin-only refusal, which then
    says what was refused (not the permission ``action`` it is checked with).
    ``network``: importing the network's people and posts (:mod:`ktdash.ingest.layouts.network`), which needs
    :func:`ktdash.access.permissions.may_manage_network` (an admin) instead of ``action``.
    Raises :class:`Refused` with a German message; nothing has been changed then (but a failed login is logged).
    """
    from ktdash.access import accounts, permissions

    named = getattr(args, "actor", None) or _setting("KTDASH_USER")
    if not accounts.has_accounts(con):
        return named or getpass.getuser()
    if not named:
        raise Refused(t("cli_login_no_user"))
    user = accounts.authenticate(con, named, _password_for(named))
    if user is None:
        locked = accounts.failed_logins(con, named.strip()[:200]) >= accounts.MAX_FAILED_LOGINS
        raise Refused(t("cli_login_locked" if locked else "cli_login_failed", name=named,
                        minutes=accounts.LOCKOUT_MINUTES))
    if own is not None and own == user.name:
        return user.name
    if network and not permissions.may_manage_network(user):  # people of every municipality: the regional office
        raise Refused(t("netimport_cli_admin_only", name=user.name, role=t("role_" + user.role.value)))
    if network:
        return user.name
    try:
        if import_id is not None:
            accounts.require_undo(con, user, import_id)
        if import_id is None or municipality_key is not None:  # both: an import replacing import_id
            permissions.require(user, action, municipality_key, municipality_name=municipality_name)
    except permissions.NotAllowed as exc:
        if admin_only is not None:
            raise Refused(t("cli_admin_only", what=t("cli_admin_action_" + admin_only),
                            name=user.name, role=t("role_" + user.role.value))) from None
        raise Refused(exc.message(LANG)) from None
    except ValueError:  # require_undo: no such import
        raise Refused(t("undo_impossible", number=import_id)) from None
    return user.name


def language(argv: list[str] | None = None) -> str:
    """The CLI's language: ``--lang`` (before the command), else KTDASH_LANG; ``en`` or German."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    chosen = early.parse_known_args(argv)[0].lang or _setting("KTDASH_LANG") or "de"
    return "en" if chosen.strip().lower() == "en" else "de"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ktdash",
        description=t("cli_help_description"),
    )
    parser.add_argument("--lang", choices=texts.LANGUAGES, help=t("cli_help_lang"))
    sub = parser.add_subparsers(dest="command", required=True)

    p_init = sub.add_parser("init", help=t("cli_help_init"))
    p_init.add_argument("--no-demo", action="store_true", help=t("cli_help_init_no_demo"))

    sub.add_parser("municipalities", help=t("cli_help_municipalities"))

    p_import = sub.add_parser("import", help=t("cli_help_import"))
    p_import.add_argument("files", nargs="+", metavar="FILE", type=Path)
    p_import.add_argument("--municipality", help=t("cli_help_import_municipality"))
    p_import.add_argument("--mapping", help=t("cli_help_import_mapping"))
    p_import.add_argument("--sheet", help=t("cli_help_import_sheet"))
    p_import.add_argument("--dry-run", action="store_true", help=t("cli_help_import_dry_run"))
    p_import.add_argument("--accept-rejections", action="store_true",
                          help=t("cli_help_import_accept_rejections"))
    p_import.add_argument("--confirm-municipality", action="store_true",
                          help=t("cli_help_import_confirm_municipality"))
    p_import.add_argument("--replace-import", type=int, metavar="N",
                          help=t("cli_help_import_replace"))
    p_import.add_argument("--as", "--user", dest="actor", default=None, metavar="NAME", help=t("cli_help_acting"))

    p_export = sub.add_parser("export", help=t("cli_help_export"))
    p_export.add_argument("what", choices=["monthly", "kpis", "progress", "campaigns", "measures", "network"],
                          help=t("cli_help_export_what"))
    p_export.add_argument("--year", type=int, help=t("cli_help_export_year"))
    p_export.add_argument("--baseline", type=int, help=t("cli_help_export_baseline"))
    p_export.add_argument("--level", choices=["district", "municipality"], default="district",
                          help=t("cli_help_export_level"))
    p_export.add_argument("--by", choices=[*CAMPAIGN_EXPORTS, *NETWORK_TABLES], default=None,
                          help=t("cli_help_export_by") + "; " + t("cli_help_export_by_network"))
    p_export.add_argument("--topic", help=t("cli_help_export_topic"))
    p_export.add_argument("--municipality", action="append", default=[], metavar="KEY_OR_NAME",
                          help=t("cli_help_export_municipality"))
    p_export.add_argument("--out", type=Path, help=t("cli_help_export_out"))
    p_export.add_argument("--raw", action="store_true",
                          help=t("cli_help_export_raw"))
    p_export.add_argument("--format", choices=["csv", "xlsx"], default=None, help=t("cli_help_export_format"))
    p_export.add_argument("--as", dest="actor", metavar="NAME", help=t("cli_help_export_as"))

    p_profiles = sub.add_parser(
        "profiles", help=t("cli_help_profiles"),
        description=t("cli_help_profiles_description"))
    p_profiles.add_argument("action", nargs="?", choices=["list", "share", "unshare", "delete"], default="list",
                            help=t("cli_help_profiles_action"))
    p_profiles.add_argument("name", nargs="?", metavar="NAME", help=t("cli_help_profiles_name"))
    p_profiles.add_argument("--municipality", metavar="NAME",
                            help=t("cli_help_profiles_municipality"))
    p_profiles.add_argument("--as", dest="actor", metavar="NAME", help=t("cli_help_acting"))

    sub.add_parser("imports", help=t("cli_help_imports"))
    p_undo = sub.add_parser("undo", help=t("cli_help_undo"))
    p_undo.add_argument("import_id", type=int, metavar="IMPORT_ID", help=t("cli_help_undo_import_id"))
    p_undo.add_argument("--as", dest="actor", metavar="NAME", help=t("cli_help_acting"))

    p_report = sub.add_parser("report", help=t("cli_help_report"))
    entity = p_report.add_mutually_exclusive_group(required=True)
    entity.add_argument("--municipality", metavar="NAME", help=t("cli_help_municipality"))
    entity.add_argument("--district", metavar="NAME",
                        help=t("cli_help_report_district"))
    p_report.add_argument("--year", type=int, required=True, metavar="Y", help=t("cli_help_report_year"))
    p_report.add_argument("--baseline", type=int, metavar="Y",
                          help=t("cli_help_report_baseline"))
    p_report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.docx",
                          help=t("rep19_cli_help_out"))
    p_report.add_argument("--format", choices=("pdf", "docx"), help=t("rep19_cli_help_format"))
    p_backup = sub.add_parser("backup", help=t("cli_help_backup"))
    p_backup.add_argument("file", type=Path, metavar="FILE", help=t("cli_help_backup_file"))
    p_backup.add_argument("--as", dest="actor", metavar="NAME", help=t("cli_help_acting"))
    p_restore = sub.add_parser("restore", help=t("cli_help_restore"))
    p_restore.add_argument("file", type=Path, metavar="FILE", help=t("cli_help_restore_file"))
    p_restore.add_argument("--as", dest="actor", metavar="NAME", help=t("cli_help_acting"))
    add_access_commands(sub)  # accounts and audit (issue 6)
    add_measures_commands(sub)  # measures (issue 17)
    add_alerts_commands(sub)  # alerts (issue 17)
    return parser


def main(argv: list[str] | None = None) -> int:
    global LANG
    LANG = language(argv)  # before the parser: its help is in the CLI's language too
    args = build_parser().parse_args(argv)
    os.umask(PRIVATE_UMASK)  # the store, its .wal, backups, exports: the operating account's only (0600)
    settings = Settings.from_env()
    try:
        return _run(args, settings)
    except Exception as exc:  # never a traceback (MemoryError included): what happened and what to do, exit 2
        return _failed(exc, args, settings)


def _run(args, settings: Settings) -> int:
    if args.command == "restore":  # replaces the store file: must not hold it open
        try:
            return cmd_restore(None, args, settings)
        except Refused as exc:
            print(exc.message(LANG), file=sys.stderr)
            return EXIT_ERROR
    con = open_waiting(settings.location, settings.store_wait_s, on_wait=_waiting_note(args.command, settings))
    try:
        return COMMANDS[args.command](con, args, settings)
    except (ImportFileError, Refused) as exc:
        print(exc.message(LANG), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # the reader stopped (`ktdash export monthly | head`): not an error of ktdash
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        with contextlib.suppress(duckdb.Error):  # a failed write may have left the connection unusable: it is gone
            con.close()


def _waiting_note(command: str, settings: Settings):
    """What a command prints (stderr) once when it has to wait for the store: who holds it, how long at most."""
    def note(holder) -> None:
        key = "store_waiting_write" if is_server(settings.location) else "store_waiting"  # server: a writer blocks
        print(t(key, path=shown(settings.location), holder=holder_words(holder, LANG),
                what=command_words(command, LANG),
                seconds=format_number(settings.store_wait_s, 0, LANG)), file=sys.stderr, flush=True)
    return note


def _failed(exc: BaseException, args, settings: Settings) -> int:
    """The German message of an error that stopped a command (:func:`ktdash.store.connection.store_error`: locked,
    read-only, disk full, out of memory, damaged, failed migration; else unexpected) on stderr; exit 2."""
    error = store_error(exc, settings.location)
    if error is not None:
        error.path = error.path or str(settings.location)
        log_store_error(error, exc, f"ktdash {args.command}")
        print(error.message(LANG, command=args.command), file=sys.stderr)
    else:
        import logging

        logging.getLogger("ktdash").error("ktdash %s failed", args.command, exc_info=exc)
        what = t("store_what_" + args.command) if "store_what_" + args.command in texts.UI else args.command
        print(t("cli_unexpected", what=what, detail=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
    return EXIT_ERROR


def cmd_init(con, args, settings: Settings) -> int:
    from ktdash.ingest.masterdata import DEMO, setup_choice

    before = setup_choice(con)
    files = init_store(con, settings, demo=not args.no_demo, progress=ProgressBar())
    from ktdash.store.records import store_counts

    districts, municipalities, buildings = store_counts(con).values()
    print(t("cli_init_done", db=shown(settings.location), districts=districts, municipalities=municipalities,
            buildings=buildings, files=files))
    if not args.no_demo and before is not None and before != DEMO:  # the choice sticks (issue 15)
        print(t("setup_no_demo_kept", path=shown(settings.location)))
    elif args.no_demo and before == DEMO:
        print(t("setup_switched_no_demo"))
    else:
        print(t("setup_recorded_" + (setup_choice(con) or DEMO)))
    return 0


def cmd_municipalities(con, args, settings: Settings) -> int:
    municipalities = list_municipalities(con)
    if not municipalities:
        load_master_data(con)
        municipalities = list_municipalities(con)
    print(f"{t('cli_col_key'):<11} {t('cli_col_municipality'):<45} {t('cli_col_district'):<28} "
          f"{t('cli_col_population')}")
    for m in municipalities:
        people = format_number(m.population, 0, LANG) if m.population else "–"
        print(f"{m.municipality_key:<11} {m.name:<45} {m.district:<28} {people}")
    return 0


def format_preview(preview: ImportPreview) -> str:
    lines = [
        t("cli_preview_file", file=preview.file_name, municipality=t("degree_days_municipality")
          if preview.layout in DEGREE_DAY_LAYOUTS else t("netimport_where")
          if preview.layout == Layout.NETWORK_PEOPLE.value else preview.municipality)
        + (f" ({preview.municipality_key})" if preview.municipality_key else ""),  # degree days: no municipality
        t("cli_preview_layout", layout=t("layout_" + preview.layout), encoding=preview.encoding,
          line=preview.header_line),
        t("cli_preview_columns", columns=", ".join(
            f"{texts.field_name(k, LANG) if not k.startswith('month_') else k}={v}"
            for k, v in preview.columns.items())),
        t("cli_preview_rows", read=preview.rows_read, valid=preview.rows_valid, rejected=preview.rows_rejected,
          records=preview.records, replaced=preview.records_replaced, changed=preview.records_changed),
    ]
    if preview.totals_rows_skipped:
        lines.append(t("totals_rows_skipped", n=preview.totals_rows_skipped))
    if preview.duplicates_ignored:
        lines.append(t("duplicates_ignored", n=preview.duplicates_ignored))
    if preview.ignored_columns:
        lines.append(t("cli_preview_unused_columns", columns=", ".join(preview.ignored_columns)))
    if preview.summary:
        lines.append(", ".join(f"{t('summary_' + key)}: "
                               f"{format_number(value, 1 if key in ('kwp', 'cost_eur') else 0, LANG)}"
                               for key, value in preview.summary.items()))
    else:
        lines.append(t("cli_preview_buildings", n=len(preview.buildings), new=len(preview.new_buildings))
                     + (" (" + ", ".join(preview.new_buildings[:10])
                        + (" …" if len(preview.new_buildings) > 10 else "") + ")" if preview.new_buildings else ""))
    if preview.meters:
        lines.append(t("cli_preview_meters", n=len(preview.meters)) + " (" + ", ".join(preview.meters[:5])
                     + (" …" if len(preview.meters) > 5 else "") + ")")
    if preview.period_start:
        lines.append(t("cli_preview_period", start=format_date(preview.period_start, LANG),
                       end=format_date(preview.period_end, LANG)))
    for total in preview.totals:
        lines.append("  " + t("cli_preview_total", carrier=total.carrier, value=format_number(total.value, 1, LANG),
                              unit=total.unit, rows=total.rows))
    if preview.layout in DEGREE_DAY_LAYOUTS:
        lines += degree_day_lines(preview)
    lines += [t("cli_preview_note", note=note) for note in texts.notes(preview.notes, LANG)]
    return "\n".join(lines)


CHANGES_SHOWN = 20  # replaced months listed with old and new value (the Import page lists all)


def degree_day_lines(preview: ImportPreview) -> list[str]:
    """Per station of a degree-day file its months new / replaced / unchanged / incomplete / without value and
    rejected rows, then the replaced months with old → new value (ktdash.ingest.layouts.degree_days)."""
    lines = []
    for row in preview.stations.itertuples(index=False):
        months = incomplete_months_text(row.incomplete_months, LANG)
        months = f"; {t('dd_col_incomplete_months')}: {months}" if months else ""
        lines.append(t("cli_degree_days_station", station_id="–" if row.station_id != row.station_id
                       or row.station_id is None else int(row.station_id), station=row.station, new=row.new,
                       replaced=row.replaced, unchanged=row.unchanged, incomplete=row.incomplete,
                       without_value=row.without_value, rejected=row.rejected, months=months))
    for row in preview.changes.head(CHANGES_SHOWN).itertuples(index=False):
        lines.append(t("cli_degree_days_change", station_id=int(row.station_id),
                       month=format_month(row.month, LANG), old=format_number(row.old_kd, 1, LANG),
                       new=format_number(row.new_kd, 1, LANG), source=row.old_source))
    if len(preview.changes) > CHANGES_SHOWN:
        lines.append(t("cli_degree_days_more_changes", n=len(preview.changes) - CHANGES_SHOWN))
    return lines


def cmd_import(con, args, settings: Settings) -> int:
    from ktdash.access.permissions import NotAllowed
    from ktdash.ingest.pipeline import resolve_municipality

    profile = None
    if args.mapping:  # the municipality's own profile of that name first, then the shared one (issue 15)
        profile = load_profile(con, args.mapping,
                               resolve_municipality(con, args.municipality)[0] if args.municipality else None)
    replacing = getattr(args, "replace_import", None)
    if replacing is not None and len(args.files) != 1:
        print(t("replace_import_one_file"), file=sys.stderr)
        return EXIT_ERROR
    user = _importing_user(con, args, replacing, settings)
    exit_code = 0
    for path in args.files:
        if not _readable(path):
            exit_code = EXIT_ERROR
            continue
        try:
            if replacing is not None:
                return _replace_import(con, args, settings, path, path, profile, user)
            preview, result = _import_or_preview(con, args, settings, path, profile, user)
        except ImportFileError as exc:
            print(exc.message(LANG), file=sys.stderr)
            exit_code = EXIT_ERROR
            continue
        except NotAllowed as exc:  # degree days, checked when stored: an admin's (nothing stored)
            print(exc.message(LANG) + " " + t("degree_days_admin_only"), file=sys.stderr)
            exit_code = EXIT_ERROR
            continue
        print(format_preview(preview))
        exit_code = max(exit_code, _import_outcome(preview, result, path, args))
    return exit_code


def _importing_user(con, args, replacing: int | None, settings: Settings):
    """Who imports: a dry run changes nothing and needs no login (None); files of the network's people and posts
    (:mod:`ktdash.ingest.layouts.network`) the network's manager (an admin, with or without a municipality); with
    a municipality its importer, without one (only degree days, :mod:`ktdash.ingest.layouts.degree_days`) an
    admin."""
    from ktdash.access.permissions import Action
    from ktdash.ingest.pipeline import resolve_municipality

    if args.dry_run:
        return None
    if replacing is None and _network_files(args.files, settings):
        return acting_user(con, args, Action.IMPORT, network=True)
    if args.municipality:
        key, name = resolve_municipality(con, args.municipality)
        return acting_user(con, args, Action.IMPORT, key, municipality_name=name, import_id=replacing)
    return acting_user(con, args, Action.EDIT_FACTORS, import_id=replacing)


NETWORK_FILE_MAX_BYTES = 20_000_000  # a larger file is no list of people (and is not read twice to find out)


def _network_files(paths: list[Path], settings: Settings) -> bool:
    """Whether every file is one of the network's people and posts (by its header line,
    :func:`ktdash.ingest.layouts.network.detect`); False for a file that cannot be read (its message comes later)."""
    from ktdash.ingest.pipeline import inspect_file

    try:
        return bool(paths) and all(
            path.stat().st_size <= NETWORK_FILE_MAX_BYTES
            and inspect_file(path.read_bytes(), path.name, settings).layout == Layout.NETWORK_PEOPLE.value
            for path in paths)
    except (OSError, ImportFileError):
        return False


def _readable(path: Path) -> bool:
    """Whether the file can be opened; else its message on stderr. The import reads the file itself, in chunks
    (a load profile can be hundreds of MB)."""
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        print(texts.file_error("unreadable", LANG, file=path.name, detail=exc.strerror or str(exc)),
              file=sys.stderr)
        return False
    return True


def _import_or_preview(con, args, settings: Settings, path: Path, profile, user):
    """(preview, result) of importing the file; with ``--dry-run`` only the preview (result None)."""
    if args.dry_run:
        from ktdash.ingest.pipeline import prepare_import

        return prepare_import(con, path, path.name, args.municipality, settings=settings,
                              profile=profile, sheet=args.sheet).preview, None
    return import_file(con, path, path.name, args.municipality, settings=settings,
                       user=user, profile=profile, sheet=args.sheet,
                       accept_rejections=args.accept_rejections,
                       confirm_municipality=args.confirm_municipality)


def _import_outcome(preview, result, path: Path, args) -> int:
    """Prints the rejected rows and what became of the file; returns its exit code (0 or EXIT_REJECTED)."""
    mismatch = _print_problems(preview, path, args)
    if args.dry_run:
        print(t("cli_dry_run"))
        return EXIT_REJECTED if preview.rows_rejected or mismatch else 0
    if result is None and mismatch:
        return EXIT_REJECTED
    if result is None and preview.layout in DEGREE_DAY_LAYOUTS and not preview.rows_rejected \
            and preview.summary.get("months_unchanged"):  # everything stored already: nothing to do
        print(t("cli_degree_days_unchanged", file=path.name))
        return 0
    if result is None and preview.layout == Layout.NETWORK_PEOPLE.value and not preview.rows_rejected \
            and any(note.code == "netimport_note_existing" for note in preview.notes):  # all stored already
        print(t("netimport_cli_unchanged", file=path.name))
        return 0
    if result is None:
        reason = (t("cli_rows_rejected", n=preview.rows_rejected) if preview.rows_rejected
                  else t("import_nothing"))
        print(t("cli_not_stored", file=path.name, reason=reason), file=sys.stderr)
        return EXIT_REJECTED
    print(t("import_done", records=result.records_stored, file=path.name,
            replaced=result.records_replaced, changed=result.records_changed))
    return 0


REJECTIONS_PER_CODE = 20  # a file of 35,040 rejected quarter hours prints 20 of them and counts the rest


def _print_problems(preview, path: Path, args) -> bool:
    """The rejected rows (line, column, value, reason, code; the first :data:`REJECTIONS_PER_CODE` of each code,
    then how many more and their lines — the Import page and its CSV download list all) and the evidence of
    another municipality on stderr; returns whether the file points to another municipality without
    ``--confirm-municipality``."""
    shown: dict[str, list[int]] = {}  # code → lines of the rows not printed (beyond REJECTIONS_PER_CODE)
    for row in preview.rejected_frame(LANG).itertuples(index=False):
        lines = shown.setdefault(row[3], [])
        lines.append(row[0])
        if len(lines) <= REJECTIONS_PER_CODE:
            print(t("cli_rejected_row", file=path.name, line=row[0], column=row[1],
                    value=row[2] if row[2] is not None else "", reason=row[4], code=row[3]), file=sys.stderr)
    for code, lines in shown.items():
        if len(lines) > REJECTIONS_PER_CODE:
            rest = lines[REJECTIONS_PER_CODE:]
            print(t("cli_more_rejections", file=path.name, n=format_number(len(rest), 0, LANG), code=code,
                    first=rest[0], last=rest[-1]), file=sys.stderr)
    if preview.municipality_mismatch:
        key = ("municipality_confirmed" if args.confirm_municipality
               else "municipality_mismatch_dry_run" if args.dry_run else "municipality_mismatch_cli")
        print(t(key, file=path.name, municipality=preview.municipality,
                evidence=" ".join(preview.evidence_messages(LANG))), file=sys.stderr)
    return preview.municipality_mismatch and not args.confirm_municipality  # issue 13: exit code 1


def _replace_import(con, args, settings: Settings, data, path: Path, profile, user) -> int:
    """``ktdash import FILE --replace-import N``: undo N and import FILE as one transaction (with ``--dry-run``
    only the preview of FILE against the store without N)."""
    from ktdash.ingest.pipeline import replace_import

    number = args.replace_import
    try:
        preview, result, removed = replace_import(
            con, number, data, path.name, args.municipality, settings=settings, user=user or "dry-run",
            profile=profile, sheet=args.sheet, accept_rejections=args.accept_rejections,
            confirm_municipality=args.confirm_municipality, dry_run=args.dry_run)
    except UndoBlocked as exc:
        print(t("undo_blocked", number=number, blocking=", ".join(map(str, exc.blocking))), file=sys.stderr)
        return EXIT_ERROR
    except ValueError:
        print(t("undo_impossible", number=number), file=sys.stderr)
        return EXIT_ERROR
    print(format_preview(preview))
    mismatch = _print_problems(preview, path, args)
    if args.dry_run:
        print(t("replace_import_dry_run", number=number))
        return EXIT_REJECTED if preview.rows_rejected or mismatch else 0
    if result is None:
        print(t("replace_import_not_stored", number=number, file=path.name), file=sys.stderr)
        return EXIT_REJECTED
    print(texts.undo_message(number, removed, LANG))
    print(t("import_done", records=result.records_stored, file=path.name,
            replaced=result.records_replaced, changed=result.records_changed))
    return 0


def cmd_export(con, args, settings: Settings) -> int:
    raw = getattr(args, "raw", False)
    if args.what == "network":
        return export_network(con, args)
    if args.what in ("campaigns", "kpis", "progress", "measures"):
        if args.what == "campaigns":
            by = args.by or "district"
            if by not in CAMPAIGN_EXPORTS:
                print(t("cli_export_campaigns_by", by=by), file=sys.stderr)
                return EXIT_ERROR
            text = campaigns_csv(con, by, year=args.year, topic=args.topic, raw=raw)
        elif args.what == "measures":
            ensure_reference_data(con, settings.analytics)
            text = measures_csv(con, _municipality_keys(con, args.municipality), settings.analytics, raw=raw)
        elif args.what == "progress":
            ensure_reference_data(con, settings.analytics)
            text = progress_csv(con, args.level, year=args.year, baseline=args.baseline, analytics=settings.analytics,
                                raw=raw)
        else:
            ensure_reference_data(con, settings.analytics)  # a store made before the analytics existed
            text = kpis_csv(con, year=args.year, analytics=settings.analytics, raw=raw)
        if args.out:
            try:
                args.out.write_text(text, encoding="utf-8")
            except OSError as exc:
                print(t("cli_file_not_written", path=args.out, detail=exc.strerror or exc), file=sys.stderr)
                return EXIT_ERROR
            print(t("cli_rows_written", n=text.count(chr(10)) - 1, path=args.out), file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    if args.out:
        try:
            rows = write_monthly(con, args.out, raw=raw)
        except OSError as exc:
            print(t("cli_file_not_written", path=args.out, detail=exc.strerror or exc), file=sys.stderr)
            return EXIT_ERROR
        print(t("cli_rows_written", n=rows, path=args.out), file=sys.stderr)
    else:
        sys.stdout.write(monthly_csv(con, raw=raw))
    return 0


def export_network(con, args) -> int:
    """``ktdash export network --by person|topic|request``: the worded table of the pages' downloads
    (:func:`ktdash.output.network.network_table`) as German Excel CSV (stdout: the same text without the BOM) or
    XLSX. Names and contact only with ``--as`` of a network member (logged in like every ``--as``); else
    anonymised. ``--raw``: CSV text cells unchanged (XLSX never holds formulas anyway)."""
    from datetime import date, datetime, timezone

    from ktdash.access import accounts, permissions
    from ktdash.output.exports.tables import excel_xlsx, german_csv
    from ktdash.output.network import network_table

    by = args.by or "person"
    if by not in NETWORK_TABLES:
        print(t("cli_export_network_by", by=by), file=sys.stderr)
        return EXIT_ERROR
    user = None
    if args.actor:  # only an explicit --as logs in: without it the export is the anonymised one
        name = acting_user(con, args, permissions.Action.VIEW)
        user = accounts.get_user(con, name) if accounts.has_accounts(con) else None
    frame = network_table(con, by, LANG, permissions.may_see_personal_data(user), today=date.today(),
                          now=datetime.now(timezone.utc))
    xlsx = (args.format or ("xlsx" if args.out and args.out.suffix.lower() == ".xlsx" else "csv")) == "xlsx"
    data = excel_xlsx(frame, by) if xlsx else german_csv(frame, neutralised=not args.raw)
    if not args.out:
        if xlsx:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data.decode("utf-8-sig"))
        return 0
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        print(t("cli_file_not_written", path=args.out, detail=exc.strerror or exc), file=sys.stderr)
        return EXIT_ERROR
    print(t("cli_rows_written", n=len(frame), path=args.out), file=sys.stderr)
    return 0


def cmd_profiles(con, args, settings: Settings) -> int:
    """List the mapping profiles with owner and sharing, or share, unshare or delete one (issue 15)."""
    from ktdash.access import accounts, permissions
    from ktdash.ingest.pipeline import ProfileError, delete_profile, resolve_municipality, share_profile

    key, owner = (resolve_municipality(con, args.municipality) if args.municipality
                  else (None, t("profile_agency")))
    if args.action == "list":
        print(t("cli_profiles_header"))
        for profile in list_profiles(con, key):
            print(f"{profile.name}\t{profile.municipality or profile.municipality_key or t('profile_agency')}"
                  f"\t{t('cli_profiles_yes' if profile.shared else 'cli_profiles_no')}")
        return 0
    if not args.name:
        print(t("cli_profile_name_needed", action=args.action), file=sys.stderr)
        return EXIT_ERROR
    # who acts (a login); what the account may is checked by the library with its role (ktdash.ingest.profiles):
    # a manager may delete its municipalities' profiles; sharing and the agency's profiles are the admins'
    name = acting_user(con, args, permissions.Action.VIEW)
    user = (accounts.get_user(con, name) or name) if accounts.has_accounts(con) else name  # set-up: the operator
    try:
        if args.action == "delete":
            delete_profile(con, args.name, key, user=user)
        else:
            share_profile(con, args.name, key, args.action == "share", user=user)
    except (ProfileError, permissions.NotAllowed) as exc:
        print(exc.message(LANG), file=sys.stderr)
        return EXIT_ERROR
    print(t({"delete": "cli_profile_deleted", "share": "cli_profile_shared",
             "unshare": "cli_profile_unshared"}[args.action], name=args.name, owner=owner))
    return 0


def cmd_imports(con, args, settings: Settings) -> int:
    from ktdash.store.queries import import_list

    rows = import_list(con, t("imports_no_municipality"), t("netimport_where"))
    print(f"{t('cli_col_number'):>5}  {t('cli_col_time'):<16}  {t('cli_col_municipality'):<40} {t('cli_col_rows'):>7}  "
          f"{t('cli_col_status'):<9} {t('cli_col_file')}")
    for number, when, municipality, file_name, stored, status in rows:  # the status worded as on the Import page
        print(f"{number:>5}  {when:<16}  {municipality:<40} {stored:>7}  {t('status_' + status):<9} {file_name}")
    return 0


def cmd_undo(con, args, settings: Settings) -> int:
    from ktdash.access.permissions import Action

    user = acting_user(con, args, Action.UNDO, import_id=args.import_id)
    try:
        removed = undo_import(con, args.import_id, user=user)
    except UndoBlocked as exc:
        print(t("undo_blocked", number=args.import_id, blocking=", ".join(map(str, exc.blocking))),
              file=sys.stderr)
        return EXIT_ERROR
    except ValueError:
        print(t("undo_impossible", number=args.import_id), file=sys.stderr)
        return EXIT_ERROR
    print(texts.undo_message(args.import_id, removed, LANG))
    return 0


def cmd_report(con, args, settings: Settings) -> int:
    from ktdash.output.report import ReportError, build_reports, page_count

    ensure_reference_data(con, settings.analytics)  # a store made before the analytics existed
    kind = args.format or ("docx" if args.out.suffix.lower() == ".docx" else "pdf")  # else: by the file's ending
    try:
        data = build_reports(con, (kind,), municipality=args.municipality, district=args.district, year=args.year,
                             baseline=args.baseline, analytics=settings.analytics,
                             progress=ProgressBar(sys.stderr))[kind]
    except ReportError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERROR
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        print(t("report_cli_not_written", path=args.out, detail=exc.strerror or str(exc)), file=sys.stderr)
        return EXIT_ERROR
    if kind == "docx":
        print(t("rep19_cli_written_docx", path=args.out))
    else:
        print(t("report_cli_written", path=args.out, pages=page_count(data)))
    return 0


COMMANDS = {
    "init": cmd_init,
    "municipalities": cmd_municipalities,
    "import": cmd_import,
    "export": cmd_export,
    "profiles": cmd_profiles,
    "imports": cmd_imports,
    "undo": cmd_undo,
    "report": cmd_report,
}


def cmd_backup(con, args, settings: Settings) -> int:
    from ktdash.access import audit
    from ktdash.access.permissions import Action
    from ktdash.access.backup import BackupError, backup
    from ktdash.access.server_backup import is_server, server_backup

    user = acting_user(con, args, Action.MANAGE_USERS, admin_only="backup")  # everything, accounts too: admins
    location = settings.location
    try:  # server mode: pg_dump of the PostgreSQL database (ktdash.access.server_backup)
        info = server_backup(location, args.file) if is_server(location) else backup(con, args.file)
    except BackupError as exc:
        print(exc.message(LANG), file=sys.stderr)
        return EXIT_ERROR
    audit.record(con, user, "backup", object=str(info.path),
                 detail={"schema_version": info.schema_version, "rows": info.total_rows})
    print(t("backup_done", path=info.path, tables=len(info.rows), rows=format_number(info.total_rows, 0, LANG),
            version=info.schema_version))
    return 0


def cmd_restore(con, args, settings: Settings) -> int:
    from ktdash.access.backup import BackupError, check_backup, restore
    from ktdash.access.server_backup import check_server_backup, is_server, server_restore

    location = settings.location
    server = is_server(location)  # server mode: pg_restore into the PostgreSQL database, in one transaction
    try:  # a broken backup is refused before the store is even opened
        check_server_backup(location, args.file) if server else check_backup(args.file)
    except BackupError as exc:
        print(exc.message(LANG), file=sys.stderr)
        return EXIT_ERROR
    if (server or Path(settings.db).exists()) and not _restore_login(args, settings):
        return EXIT_ERROR
    try:
        info = server_restore(location, args.file) if server else restore(settings.db, args.file)
    except BackupError as exc:
        print(exc.message(LANG), file=sys.stderr)
        return EXIT_ERROR
    except StoreLockedError as exc:
        print(StoreLockedError(settings.db, exc.detail).message(LANG, command="restore"), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(t("restore_interrupted", db=settings.db), file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # never a traceback: restore() has put the old store back
        print(BackupError("restore_failed", args.file, str(exc)).message(LANG), file=sys.stderr)
        return EXIT_ERROR
    if server:
        print(t("restore_done_server", db=shown(location), path=info.path, tables=len(info.rows),
                rows=format_number(info.total_rows, 0, LANG), version=info.schema_version))
        return 0
    print(t("restore_done", db=settings.db, path=info.path, tables=len(info.rows),
            rows=format_number(info.total_rows, 0, LANG), version=info.schema_version,
            bak=Path(settings.db).name + ".bak"))
    return 0


def _restore_login(args, settings: Settings) -> bool:
    """The admin's login, checked against the store that is about to be replaced; False (message on stderr)
    when that store is locked. A store that cannot be read lets the restore go on with a warning: nobody can
    log in against it, the file permissions are the boundary then."""
    from ktdash.access.permissions import Action

    unreadable = None
    try:
        con = open_waiting(settings.location, settings.store_wait_s, on_wait=_waiting_note("restore", settings))
    except StoreLockedError as exc:
        print(exc.message(LANG, command="restore"), file=sys.stderr)
        return False
    except (duckdb.Error, StoreError) as exc:  # a damaged store: nobody can log in against it
        con, unreadable = None, exc
    if con is not None:
        try:
            acting_user(con, args, Action.MANAGE_USERS, admin_only="restore")
        except duckdb.Error as exc:  # opens, but the login cannot be read
            unreadable = exc
        finally:
            with contextlib.suppress(duckdb.Error):
                con.close()  # restore replaces the file: it must not be open here
    if unreadable is not None:  # the file permissions are the boundary then
        print(t("cli_restore_without_login", path=settings.db, detail=unreadable), file=sys.stderr)
    return True


COMMANDS.update(backup=cmd_backup, restore=cmd_restore)  # backup and robustness (issue 6)


# --- accounts and audit (issue 6) ---------------------------------------------------------------------------

def _acting_parser() -> argparse.ArgumentParser:
    """The parent parser of every subcommand that acts as an account: ``--as NAME``."""
    acting = argparse.ArgumentParser(add_help=False)
    acting.add_argument("--as", dest="actor", metavar="NAME", help=t("cli_help_acting"))
    return acting


def add_access_commands(sub) -> None:
    """``ktdash user add|remove|grant|revoke|list`` and ``ktdash history``."""
    p_user = sub.add_parser("user", help=t("cli_help_user"))
    users = p_user.add_subparsers(dest="user_command", required=True)
    acting = _acting_parser()
    p_add = users.add_parser("add", parents=[acting], help=t("cli_help_user_add"))
    p_add.add_argument("name", metavar="NAME")
    p_add.add_argument("--role", required=True, metavar="ROLE",
                       help=t("cli_help_user_role"))
    p_add.add_argument("--municipality", action="append", default=[], metavar="KEY_OR_NAME",
                       help=t("cli_help_user_municipality"))
    p_add.add_argument("--display-name", metavar="TEXT", help=t("cli_help_user_display_name"))
    p_add.add_argument("--password-stdin", action="store_true",
                       help=t("cli_help_password_stdin"))
    p_add.add_argument("--sso", action="store_true",
                       help=t("cli_help_user_sso"))
    p_remove = users.add_parser("remove", parents=[acting], help=t("cli_help_user_remove"))
    p_remove.add_argument("name", metavar="NAME")
    for verb, text in (("grant", t("cli_help_user_grant")), ("revoke", t("cli_help_user_revoke"))):
        p_verb = users.add_parser(verb, parents=[acting], help=text)
        p_verb.add_argument("name", metavar="NAME")
        p_verb.add_argument("municipality", metavar="MUNICIPALITY", help=t("cli_help_municipality"))
    p_password = users.add_parser("password", parents=[acting], help=t("cli_help_user_password"))
    p_password.add_argument("name", metavar="NAME")
    p_password.add_argument("--password-stdin", action="store_true",
                            help=t("cli_help_password_stdin"))
    users.add_parser("list", help=t("cli_help_user_list"))

    p_history = sub.add_parser("history", help=t("cli_help_history"))
    p_history.add_argument("--as", dest="actor", metavar="NAME", help=t("cli_help_acting"))
    p_history.add_argument("--municipality", metavar="NAME", help=t("cli_help_history_municipality"))
    p_history.add_argument("--limit", type=int, default=50, metavar="N", help=t("cli_help_history_limit"))
    p_history.add_argument("--corrections", action="store_true",
                           help=t("cli_help_history_corrections"))
    p_history.add_argument("--building", metavar="NAME",
                           help=t("cli_help_history_building"))


def _read_password(args) -> str:
    from ktdash.access.accounts import AccessError

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("access_password_prompt", name=args.name))
    if getpass.getpass(t("access_password_repeat")) != first:
        raise AccessError("password_mismatch")
    return first


def cmd_user(con, args, settings: Settings) -> int:
    from ktdash.access import accounts, permissions

    try:
        if args.user_command != "list":  # every other user command changes an account
            if args.user_command == "add" and not accounts.has_accounts(con) and args.role.strip().lower() in (
                    permissions.Role.MANAGER, permissions.Role.VIEWER):
                print(t("cli_first_account_admin"), file=sys.stderr)  # else nobody could manage accounts
                return EXIT_ERROR
            actor = acting_user(con, args, permissions.Action.MANAGE_USERS,
                                own=args.name if args.user_command == "password" else None)
        if args.user_command == "add":
            user = accounts.add_user(con, args.name, args.role, None if args.sso else _read_password(args),
                                     municipalities=args.municipality, display_name=args.display_name, by=actor,
                                     sso=args.sso)
            places = ", ".join(_municipality_names(con, user.municipalities))
            print(t("user_added", name=user.name, role=user.role.value,
                    municipalities=f"; {places}" if places else ""))
        elif args.user_command == "remove":
            accounts.remove_user(con, args.name, by=actor)
            print(t("user_removed", name=args.name))
        elif args.user_command == "password":
            accounts.set_password(con, args.name, _read_password(args), by=actor)
            print(t("user_password_set", name=args.name))
        elif args.user_command in ("grant", "revoke"):
            change = accounts.grant if args.user_command == "grant" else accounts.revoke
            change(con, args.name, args.municipality, by=actor)
            _, name = accounts.municipality_key(con, args.municipality)
            print(t("user_granted" if args.user_command == "grant" else "user_revoked",
                    name=args.name, municipality=name))
        else:
            users = accounts.list_users(con)
            if not users:
                print(t("user_list_empty"))
            for user in users:
                places = ", ".join(_municipality_names(con, user.municipalities)) or "–"
                state = " (gesperrt)" if user.disabled else ""
                print(f"{user.name:<20} {user.role.value:<8} {places}{state}")
    except accounts.AccessError as exc:
        print(exc.message(LANG), file=sys.stderr)
        return EXIT_ERROR
    return 0


def _municipality_names(con, keys) -> list[str]:
    if not keys:
        return []
    from ktdash.store.records import municipality_names

    names = municipality_names(con)
    return sorted(names.get(k, k) for k in keys)


def cmd_history(con, args, settings: Settings) -> int:
    from ktdash.access.audit import DATA_ACTIONS, history
    from ktdash.access.accounts import AccessError, get_user, has_accounts, municipality_key
    from ktdash.access.permissions import Action, Role
    from ktdash.output.history import detail_text

    # like the page Protokoll: only with a login; logins (failed ones too) and account changes for admins only
    if has_accounts(con) and not (getattr(args, "actor", None) or _setting("KTDASH_USER")):
        raise Refused(t("cli_history_login_needed"))
    name = acting_user(con, args, Action.VIEW)
    account = get_user(con, name) if has_accounts(con) else None
    everything = account is None or account.role == Role.ADMIN  # a store without accounts: its operator
    key = None
    if args.municipality:
        try:
            key, _ = municipality_key(con, args.municipality)
        except AccessError as exc:
            print(exc.message(LANG), file=sys.stderr)
            return EXIT_ERROR
    if args.corrections or args.building:
        return _print_corrections(con, key, args)
    rows = history(con, key, limit=args.limit, actions=None if everything else sorted(DATA_ACTIONS))
    if not everything:
        print(t("history_accounts_admin_only"), file=sys.stderr)
    if rows.empty:
        print(t("history_empty"))
        return 0
    print(f"{t('cli_col_number'):>5}  {t('cli_col_time'):<19}  {t('cli_col_user'):<16} {t('cli_col_action'):<18} "
          f"{t('cli_col_municipality'):<28} {t('cli_col_object'):<16} {t('cli_col_details')}")
    rows = rows.astype(object).where(rows.notna(), None)  # empty cells print as nothing, not "nan"
    for row in rows.itertuples(index=False):
        municipality = row.municipality or row.municipality_key or ""
        print(f"{row.audit_id:>5}  {format_datetime(row.logged_at, LANG, seconds=True)}  {row.user_name:<16} "
              f"{row.action:<18} {municipality:<28} {row.object or '':<16} {detail_text(row.detail, LANG)}")
    return 0


def _print_corrections(con, municipality_key: str | None, args) -> int:
    """``ktdash history --corrections``: the table of the Protokoll page's section Korrekturen, as text."""
    from ktdash.store import queries
    from ktdash.ingest.versions import corrections_table

    filters: dict = {"municipality_key": municipality_key, "limit": args.limit}
    if args.building:
        found = queries.buildings_named(con, args.building, municipality_key)
        if len(found) != 1:
            print(t("history_building_unknown" if not found else "history_building_ambiguous",
                    building=args.building), file=sys.stderr)
            return EXIT_ERROR
        filters["building_id"] = found[0]
    table = corrections_table(con, **filters)
    if table.empty:
        print(t("corrections_none"))
        return 0
    print(table.to_string(index=False))
    return 0


COMMANDS.update(user=cmd_user, history=cmd_history)  # accounts and audit (issue 6)

# --- measures (issue 17) ---------------------------------------------------------------------------------------

def add_measures_commands(sub) -> None:
    """``ktdash measures list|export``: the measures as the Gebäude page lists them, and as a measures file that
    imports again (the import layout ``measures``)."""
    p_measures = sub.add_parser("measures", help=t("cli_help_measures"))
    verbs = p_measures.add_subparsers(dest="measures_command", required=True)
    for verb, help_key in (("list", "cli_help_measures_list"), ("export", "cli_help_measures_export")):
        p_verb = verbs.add_parser(verb, help=t(help_key))
        p_verb.add_argument("--municipality", action="append", default=[], metavar="KEY_OR_NAME",
                            help=t("cli_help_export_municipality"))
        if verb == "export":
            p_verb.add_argument("--out", type=Path, required=True, metavar="FILE", help=t("cli_help_measures_out"))


def _municipality_keys(con, names: list[str]) -> list[str] | None:
    """The keys of the municipalities given by name or key (None: all); an unknown one refuses the command."""
    from ktdash.access.accounts import AccessError, municipality_key

    if not names:
        return None
    try:
        return [municipality_key(con, name)[0] for name in names]
    except AccessError as exc:
        raise Refused(exc.message(LANG)) from exc


def cmd_measures(con, args, settings: Settings) -> int:
    from ktdash.output import measures as measure_texts
    from ktdash.output.exports.tables import excel_xlsx, german_csv

    keys = _municipality_keys(con, args.municipality)
    if args.measures_command == "list":
        table = measure_texts.measures_table(con, municipalities=keys, lang=LANG)
        print(t("measures_none") if table.empty else table.to_string(index=False))
        return 0
    frame = measure_texts.measures_file(con, municipalities=keys)
    data = excel_xlsx(frame, "Maßnahmen") if args.out.suffix.lower() == ".xlsx" else german_csv(frame)
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        print(t("cli_file_not_written", path=args.out, detail=exc.strerror or exc), file=sys.stderr)
        return EXIT_ERROR
    print(t("cli_rows_written", n=len(frame), path=args.out), file=sys.stderr)
    return 0


COMMANDS.update(measures=cmd_measures)

# --- alerts (issue 17) -----------------------------------------------------------------------------------------


def add_alerts_commands(sub) -> None:
    """``ktdash alerts list|ack|check|digest|recipient``: the inbox of the page Auffälligkeiten on the command line."""
    p_alerts = sub.add_parser("alerts", help=t("cli_help_alerts"))
    verbs = p_alerts.add_subparsers(dest="alerts_command", required=True)
    acting = _acting_parser()
    p_list = verbs.add_parser("list", parents=[acting], help=t("cli_help_alerts_list"))
    which = p_list.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help=t("cli_help_alerts_all"))
    which.add_argument("--acknowledged", action="store_true", help=t("cli_help_alerts_acknowledged"))
    p_ack = verbs.add_parser("ack", parents=[acting], help=t("cli_help_alerts_ack"))
    p_ack.add_argument("alert_id", type=int, metavar="ID", help=t("cli_help_alerts_id"))
    p_ack.add_argument("--comment", required=True, metavar="TEXT", help=t("cli_help_alerts_comment"))
    verbs.add_parser("check", parents=[acting], help=t("cli_help_alerts_check"))
    p_digest = verbs.add_parser("digest", parents=[acting], help=t("cli_help_alerts_digest"))
    p_digest.add_argument("--dry-run", action="store_true", help=t("cli_help_alerts_dry_run"))
    p_recipient = verbs.add_parser("recipient", parents=[acting], help=t("cli_help_alerts_recipient"))
    p_recipient.add_argument("name", metavar="NAME")
    p_recipient.add_argument("email", metavar="EMAIL", help=t("cli_help_alerts_email"))
    p_recipient.add_argument("--mail-lang", choices=texts.LANGUAGES, default="de",
                             help=t("cli_help_alerts_recipient_lang"))


def _alerts_user(con, args):
    """Who reads or acknowledges the inbox: the logged-in account (:func:`acting_user`); a store without accounts
    is in set-up and its operator sees everything (as for ``history``)."""
    from ktdash.access.accounts import get_user, has_accounts
    from ktdash.access.permissions import Action, Role, User

    if has_accounts(con) and not (getattr(args, "actor", None) or _setting("KTDASH_USER")):
        raise Refused(t("alerts_cli_login_needed"))
    name = acting_user(con, args, Action.VIEW)
    return get_user(con, name) if has_accounts(con) else User(name=name, role=Role.ADMIN)


def cmd_alerts(con, args, settings: Settings) -> int:
    from ktdash.access.permissions import Action
    from ktdash.analytics import alerts

    if args.alerts_command in ("list", "ack"):
        user = _alerts_user(con, args)
        return _alerts_list(con, user, args) if args.alerts_command == "list" else _alerts_ack(con, user, args)
    name = acting_user(con, args, Action.MANAGE_USERS, admin_only="alerts")
    if args.alerts_command == "check":
        print(t("alerts_cli_checked", n=len(alerts.check_all(con, user=name))))
        return 0
    if args.alerts_command == "recipient":
        return _alerts_recipient(con, args)
    return _alerts_digest(con, args, settings)


def _alerts_list(con, user, args) -> int:
    import pandas as pd

    from ktdash.output import alerts as alert_texts

    acknowledged = True if args.acknowledged else None if args.all else False
    frame = alert_texts.inbox_frame(con, user, acknowledged=acknowledged)
    if frame.empty:
        print(t("alerts_cli_none"))
        return 0
    table = alert_texts.inbox_table(frame, LANG, acknowledged=acknowledged is not False)
    for column in (t("alert_col_value"), t("alert_col_reference")):  # the language's numbers
        table[column] = ["–" if pd.isna(v) else format_number(v, 0, LANG) for v in table[column]]
    print(table.to_string(index=False))
    return 0


def _alerts_ack(con, user, args) -> int:
    from ktdash.analytics import alerts

    try:
        alerts.acknowledge(con, user, args.alert_id, args.comment, require_comment=True)
    except alerts.AlertRefused as exc:
        print(exc.message(LANG), file=sys.stderr)
        return EXIT_ERROR
    print(t("alerts_ack_done", number=args.alert_id))
    return 0


def _alerts_recipient(con, args) -> int:
    from ktdash.output.exports import digest

    try:
        digest.set_recipient(con, args.name, args.email, args.mail_lang)
    except digest.RecipientRefused as exc:
        print(exc.message(LANG), file=sys.stderr)
        return EXIT_ERROR
    print(t("alerts_cli_recipient_set", name=args.name, email=args.email.strip(), language=args.mail_lang))
    return 0


def _alerts_digest(con, args, settings: Settings) -> int:
    from datetime import datetime

    from ktdash.output.exports import digest

    if args.dry_run:
        waiting = digest.pending(con)
        for name, email, count in waiting:
            print(t("alerts_cli_would_send", name=name, email=email, n=count))
        if not waiting:
            print(t("alerts_cli_nothing_new"))
        return 0
    if not settings.smtp.enabled:
        print(t("alerts_cli_smtp_missing"), file=sys.stderr)
        return EXIT_ERROR
    sent = digest.send_digest(con, settings, datetime.now())
    for name, count in sent.items():
        print(t("alerts_cli_sent", name=name, n=count))
    if not sent:
        print(t("alerts_cli_nothing_new"))
    return 0


COMMANDS.update(alerts=cmd_alerts)

if __name__ == "__main__":
    sys.exit(main())
