"""An import session: one uploaded file from its inspection to the commit of the preview the user saw.

>>> slot = SessionSlot()                                   # the Import page keeps one in st.session_state
>>> session = slot.open(con, data, "verbrauch.csv", settings)   # the same file again: the same session
>>> session.inspect()                                      # decoded once per sheet, inspected once per header line
>>> prepared = session.prepare("Stadt Kusel", profile=None, sheet=None)   # prepared once per preview key
>>> session.commit(user="mueller")                         # stores that preview: no decode, no preparation

The working tables of a preparation (``kt_*``, :mod:`.stage`) are temporary tables of one DuckDB cursor. A
Streamlit page takes a new cursor on every run, so without a session every run (every widget, and the click on
"confirm") decoded and prepared the whole file again. The session owns its own cursor of the process's
connection (``con.cursor()``), so its tables outlive the script run, and it keeps what it computed:

- the decoded file (:func:`.pipeline.decode_upload`), once per sheet: the inspections and every preparation read
  that one (its temporary files are removed when the session closes);
- the inspections of the file (:func:`.pipeline.inspect_file`), per sheet and header line, errors included;
- one preparation (:func:`.pipeline.prepare_import`), keyed by everything that changes the preview
  (municipality, sheet, mapping profile, the day); another key prepares again on a fresh cursor;
- the store's data version (:func:`ktdash.store.connection.data_version`) and the day it was prepared at.

:meth:`ImportSession.commit` stores exactly that preview (:func:`.pipeline.commit_import` on the same cursor),
inside the process's write transaction, after checking that the store has not changed since the preview (an
import, an undo, a building edit in between: :class:`StalePreview`, nothing stored, the next ``prepare``
prepares again). :meth:`ImportSession.replace` does what :func:`.pipeline.replace_import` does (undo, every
check against the store again, commit, as one transaction) with the prepared import instead of a new one.

A session is closed (cursor closed, which drops its temporary tables) after a commit or replacement, when
:class:`SessionSlot` opens another file, when the page closes it (the upload removed), and when it is
garbage-collected (the browser session ended). Every method takes the session's lock: Streamlit runs the reruns
of one browser session one after the other, but on different threads.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import threading
import weakref
from datetime import date

from ktdash.core.settings import Settings
from ktdash.ingest import pipeline
from ktdash.ingest.commit import undo as undo_import
from ktdash.ingest.pipeline import DecodedFile, FileInspection, ImportFileError, MappingProfile, PreparedImport
from ktdash.ingest.results import ImportPreview, ImportResult, MunicipalityMismatch
from ktdash.store.connection import data_version, transaction

__all__ = ["ImportSession", "SessionClosed", "SessionSlot", "StalePreview"]

_GENERATIONS = itertools.count(1)  # numbers every preparation of the process: what a page showed


class StalePreview(RuntimeError):
    """The store changed after the preview was prepared (another import, an undo, an edit; or a new day):
    nothing was stored, and the next :meth:`ImportSession.prepare` prepares the preview again."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        super().__init__(f"the store changed since the preview of {file_name}")


class SessionClosed(RuntimeError):
    """The session was closed (committed, or another file opened) or has no preview to store."""


def _close_cursor(cursor) -> None:
    with contextlib.suppress(Exception):  # the process's connection is already closed: so are its cursors
        cursor.close()


class ImportSession:
    """One file of one browser session: its inspections, one prepared preview and the cursor holding it."""

    def __init__(self, con, data: bytes, file_name: str, settings: Settings, *, upload_id: str | None = None):
        self.con = con  # the process's connection: each preparation takes a fresh cursor of it
        self.data = data
        self.file_name = file_name
        self.settings = settings
        self.upload_id = upload_id
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.calls = {"decode": 0, "inspect": 0, "prepare": 0, "commit": 0}  # what ran (the tests, the bench)
        self.closed = False
        self._lock = threading.RLock()
        self._inspections: dict[tuple, FileInspection | ImportFileError] = {}
        self._decoded: dict[str | None, DecodedFile] = {}  # per sheet: the file decoded once
        self._cursor = None
        self._finalizer = None
        self._key: tuple | None = None
        self._prepared: PreparedImport | ImportFileError | None = None
        self._version: int | None = None
        self._day: date | None = None
        self._day_given = False
        self.generation = 0  # the number of the current preparation (unique in the process), 0: none

    # --- identity -------------------------------------------------------------------------------------------

    def same_file(self, con, data: bytes, file_name: str, settings: Settings, upload_id: str | None = None) -> bool:
        """Whether ``data`` is this session's file (and the connection and settings are the same): by the
        upload's id when both have one, else by the bytes' SHA-256."""
        if self.closed or con is not self.con or file_name != self.file_name or len(data) != len(self.data) \
                or settings != self.settings:
            return False
        if upload_id is not None and upload_id == self.upload_id:
            return True
        return data is self.data or hashlib.sha256(data).hexdigest() == self.sha256

    @property
    def cursor(self):
        """The cursor holding the working tables of the current preparation (None before the first)."""
        return self._cursor

    # --- inspection -----------------------------------------------------------------------------------------

    def inspect(self, sheet: str | None = None, header_index: int | None = None) -> FileInspection:
        """:func:`.pipeline.inspect_file` of the file, once per (sheet, header line); its error is kept too."""
        with self._lock:
            self._check_open()
            key = (sheet, header_index)
            if key not in self._inspections:
                self.calls["inspect"] += 1
                try:
                    found = pipeline.inspect_file(self.data, self.file_name, self.settings, sheet=sheet,
                                                  header_index=header_index, decode=self._decode)
                except ImportFileError as exc:
                    found = exc
                self._inspections[key] = found
                if isinstance(found, FileInspection) and sheet is None and found.sheet is not None:
                    self._inspections.setdefault((found.sheet, header_index), found)  # the sheet chosen by default
            found = self._inspections[key]
            if isinstance(found, ImportFileError):
                raise found
            return found

    def _decode(self, sheet: str | None) -> DecodedFile:
        """The file decoded as the import reads it (:func:`.pipeline.decode_upload`), once per sheet; its
        temporary files stay until the session closes (or is garbage-collected)."""
        if sheet not in self._decoded:
            self.calls["decode"] += 1
            decoded = pipeline.decode_upload(self.data, self.file_name, self.settings, sheet)
            weakref.finalize(self, decoded.cleanup)  # the browser session ended: its files go
            self._decoded[sheet] = decoded
        return self._decoded[sheet]

    # --- preparation ----------------------------------------------------------------------------------------

    @staticmethod
    def preview_key(municipality: str | None, profile: MappingProfile | None, sheet: str | None,
                    today: date | None) -> tuple:
        """Everything besides the file that changes the preview."""
        return municipality, sheet, profile.model_dump_json() if profile is not None else None, today

    def prepare(self, municipality: str | None, *, profile: MappingProfile | None = None, sheet: str | None = None,
                today: date | None = None) -> PreparedImport:
        """The prepared import for this key: the one prepared before, unless the key changed or the store did
        (then prepared again, on a fresh cursor). Raises the :class:`ImportFileError` of the preparation
        (kept as well: the same key does not read the file again until the store changes)."""
        with self._lock:
            self._check_open()
            key = self.preview_key(municipality, profile, sheet, today)
            if self._prepared is None or key != self._key or self.stale():
                self._prepare(key, municipality, profile, sheet, today)
            if isinstance(self._prepared, ImportFileError):
                raise self._prepared
            return self._prepared

    def _prepare(self, key, municipality, profile, sheet, today) -> None:
        self._drop_cursor()  # a fresh cursor: no working table of another preparation left over
        self._prepared = None
        self.generation = next(_GENERATIONS)
        self._cursor = self.con.cursor()
        self._finalizer = weakref.finalize(self, _close_cursor, self._cursor)  # the browser session ended
        self._key, self._day_given = key, today is not None
        self._day = today or date.today()
        self._version = data_version(self._cursor)  # before reading: a commit meanwhile shows as a change
        self.calls["prepare"] += 1
        try:
            decoded = self._decode(pipeline.sheet_to_read(self.data, self.file_name, sheet, profile))
            self._prepared = pipeline.prepare_import(self._cursor, None, self.file_name, municipality,
                                                     settings=self.settings, profile=profile, today=self._day,
                                                     sheet=sheet, decoded=decoded)
        except ImportFileError as exc:
            self._prepared = exc
        except BaseException:
            self._drop_cursor()
            raise

    @property
    def prepared(self) -> PreparedImport | None:
        """The current preparation, if there is one and it did not fail."""
        return self._prepared if isinstance(self._prepared, PreparedImport) else None

    def stale(self) -> bool:
        """Whether the store changed since the preparation (data version), or the day did (today's date is
        part of the checks when the caller did not fix it)."""
        if self._cursor is None or self._version is None:
            return False
        return data_version(self._cursor) != self._version or (not self._day_given and date.today() != self._day)

    # --- storing --------------------------------------------------------------------------------------------

    def commit(self, user: str, *, confirm_municipality: bool = False, generation: int | None = None
               ) -> ImportResult:
        """Store the prepared preview (:func:`.pipeline.commit_import`, every check it makes) and close the
        session. :class:`StalePreview` when the store changed since the preview, or when ``generation`` (the
        preparation the user saw) is not the current one (prepared again meanwhile): nothing is stored.
        :class:`ktdash.ingest.results.MunicipalityMismatch` as for commit_import (the session stays open)."""
        with self._lock:
            prepared = self._ready()
            if generation is not None and generation != self.generation:
                raise StalePreview(self.file_name)
            try:
                with transaction(self._cursor):  # the write lock: no other commit between the check and ours
                    if self.stale():
                        raise StalePreview(self.file_name)
                    self.calls["commit"] += 1
                    result = pipeline.commit_import(self._cursor, prepared, user,
                                                    confirm_municipality=confirm_municipality)
            except MunicipalityMismatch:
                raise
            except BaseException:
                self._forget_preparation()  # perhaps half-used working tables: the next run prepares again
                raise
            self.close()
            return result

    def replace(self, import_id: int, user, *, confirm_municipality: bool = False, accept_rejections: bool = False,
                generation: int | None = None) -> tuple[ImportPreview, ImportResult | None, dict[str, int]]:
        """:func:`.pipeline.replace_import` with the prepared import: undo ``import_id`` and store the file in
        its place as one transaction, the checks against the store run again without that import; the same
        results (``(preview, None, {})`` when not stored, the undo rolled back). Closes the session when stored;
        otherwise the next ``prepare`` prepares again. Whether ``user`` may undo that import is the caller's
        check. :class:`StalePreview` as for :meth:`commit`."""
        with self._lock:
            prepared = self._ready()
            if generation is not None and generation != self.generation:
                raise StalePreview(self.file_name)
            try:
                with transaction(self._cursor):
                    if self.stale():
                        raise StalePreview(self.file_name)
                    removed = undo_import(self._cursor, import_id, user=user)
                    if prepared.context is not None:
                        pipeline.check_again(prepared)
                    preview = prepared.preview
                    if not pipeline.storable(preview, accept_rejections, confirm_municipality):
                        raise pipeline.NotStored(preview)
                    self.calls["commit"] += 1
                    result = pipeline.commit_import(self._cursor, prepared, getattr(user, "name", user),
                                                    confirm_municipality=confirm_municipality)
            except pipeline.NotStored as exc:
                self._forget_preparation()  # its preview was checked against the store without that import
                return exc.preview, None, {}
            except BaseException:
                self._forget_preparation()
                raise
            self.close()
            return preview, result, removed

    # --- closing --------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the cursor (its temporary tables go with it) and forget everything; idempotent."""
        with self._lock:
            self.closed = True
            self._forget_preparation()
            self._inspections.clear()
            for decoded in self._decoded.values():
                decoded.cleanup()
            self._decoded.clear()
            self.data = b""

    def _forget_preparation(self) -> None:
        self._drop_cursor()
        self._prepared = self._key = self._version = self._day = None

    def _drop_cursor(self) -> None:
        if self._finalizer is not None:
            self._finalizer()  # closes the cursor once
        self._cursor = self._finalizer = None

    def _check_open(self) -> None:
        if self.closed:
            raise SessionClosed(f"the import session of {self.file_name} is closed")

    def _ready(self) -> PreparedImport:
        self._check_open()
        if not isinstance(self._prepared, PreparedImport):
            raise SessionClosed(f"no prepared preview of {self.file_name} to store")
        return self._prepared


class SessionSlot:
    """At most one open :class:`ImportSession` (what a browser session keeps in ``st.session_state``)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.session: ImportSession | None = None

    def open(self, con, data: bytes, file_name: str, settings: Settings, *,
             upload_id: str | None = None) -> ImportSession:
        """The session of this file: the open one if it is the same file, else a new one (the old closed)."""
        with self._lock:
            current = self.session
            if current is not None and current.same_file(con, data, file_name, settings, upload_id):
                return current
            if current is not None:
                current.close()
            self.session = ImportSession(con, data, file_name, settings, upload_id=upload_id)
            return self.session

    def holds_tables(self) -> bool:
        """Whether its session holds working tables (a prepared preview): the connection must stay open."""
        session = self.session
        return session is not None and not session.closed and session.cursor is not None

    def close(self) -> None:
        with self._lock:
            if self.session is not None:
                self.session.close()
                self.session = None
