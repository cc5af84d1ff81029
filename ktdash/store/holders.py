"""Who holds the store file: DuckDB's lock message names a process by its PID ("Conflicting lock is held in
/usr/bin/python3 (PID 42)"); its command line says whether it is the dashboard, a ktdash command or another
program, so the messages of :mod:`ktdash.store.connection` and :mod:`ktdash.store.sharing` can name it.

In server mode the holder of the write lock is named by its PostgreSQL application name, ``ktdash <what> <pid>``
(:func:`ktdash.store.server.application_name`), which :func:`holder_of_application` reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_PID = re.compile(r"\(PID (\d+)\)")
_APPLICATION = re.compile(r"\bktdash ([a-z][\w:.-]*) (\d+)\b")
GLOBAL_OPTIONS_WITH_VALUE = ("--lang",)  # ktdash's options before the subcommand that take a value


@dataclass(frozen=True)
class Holder:
    """The process that holds the store file: ``kind`` ``dashboard`` (a Streamlit process), ``command`` (a ktdash
    command, ``name`` its subcommand), ``program`` (anything else, ``name`` the program) or ``unknown``."""

    kind: str
    pid: int | None = None
    name: str = ""


def holder_of(detail: str) -> Holder:
    """Who holds the file, from DuckDB's lock message ("… Conflicting lock is held in /usr/bin/python3 (PID 42)
    …") and that process's command line."""
    if _APPLICATION.search(detail or ""):
        return holder_of_application(detail)
    match = _PID.search(detail or "")
    return holder_of_pid(int(match.group(1))) if match else Holder("unknown")


def holder_of_application(name: str) -> Holder:
    """Who a PostgreSQL application name ``ktdash <what> <pid>`` (server mode) is: ``dashboard``, ``program:<name>``
    or a ktdash subcommand; anything else is ``unknown``."""
    match = _APPLICATION.search(name or "")
    if match is None:
        return Holder("unknown")
    what, pid = match.group(1), int(match.group(2))
    if what == "dashboard":
        return Holder("dashboard", pid)
    if what.startswith("program:"):
        return Holder("program", pid, what.split(":", 1)[1])
    return Holder("command", pid, what)


def holder_of_pid(pid: int) -> Holder:
    """What the process ``pid`` is (:class:`Holder`), from its command line."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            args = [part.decode(errors="replace") for part in cmdline.read().split(b"\0") if part]
    except OSError:  # gone meanwhile, or no /proc (not Linux)
        return Holder("unknown", pid)
    return holder_of_command(args, pid)


def holder_of_command(args: list[str], pid: int | None = None) -> Holder:
    """What a process with the command line ``args`` is: Streamlit (the dashboard), a ktdash command (the console
    script or ``python -m ktdash.cli``; its subcommand the first argument without a leading ``-``), or a program."""
    names = [Path(arg).name for arg in args]
    if any(name.startswith("streamlit") for name in names):
        return Holder("dashboard", pid)
    for index, name in enumerate(names):
        if name == "ktdash" or (name in ("ktdash.cli", "ktdash.cli.main") and index > 0 and names[index - 1] == "-m"):
            rest = args[index + 1:]
            while rest and rest[0].startswith("-"):  # global options before the subcommand (--lang de)
                rest = rest[2:] if rest[0] in GLOBAL_OPTIONS_WITH_VALUE else rest[1:]
            return Holder("command", pid, rest[0] if rest else "")
    return Holder("program", pid, names[0] if names else "")


HOLDER_KEYS = {"dashboard": "store_holder_dashboard", "command": "store_holder_command",
               "program": "store_holder_program", "unknown": "store_holder_unknown"}


def holder_words(holder: Holder | str, lang: str = "de") -> str:
    """The holder in the words of a message ("dem Dashboard (Prozess 42)"); ``holder`` may be DuckDB's message."""
    from ktdash.i18n import texts

    if not isinstance(holder, Holder):
        holder = holder_of(holder)
    if holder.kind == "command" and not holder.name:
        holder = Holder("program", holder.pid, "ktdash")
    return texts.t(HOLDER_KEYS[holder.kind], lang, pid=holder.pid or "", name=holder.name)
