"""Step 1 of an import: from an upload (bytes) or a file (path) to a UTF-8 table file DuckDB reads.

German Excel writes CSV in Windows-1252 ("CSV (Trennzeichen-getrennt)"), UTF-8
with BOM ("CSV UTF-8") or UTF-16 with tabs ("Unicode-Text"). DuckDB's
``read_csv`` knows UTF-8, UTF-16 and Latin-1 only, and Latin-1 turns ``€ „ “ –``
into control characters, so the encoding is decided here and UTF-8 is handed on.
XLSX is read with openpyxl (DuckDB's excel extension is not available offline)
and written out as CSV, in a child process within the limits of :mod:`.limits`
(an XLSX bomb never grows this process); every file is checked against those
limits (rows, columns, line and cell length, parts of an archive) before
DuckDB reads it. Temporary files are created readable by their owner only.

A file is never held whole in memory as text: it is converted in chunks of a few
MB (a 7-million-row load profile is some 700 MB). With ``direct_ok`` a file that
already is UTF-8 is not converted at all: DuckDB reads the bytes as they are (a
path in place; bytes written once to a temporary file), and the row numbers DuckDB
gives are mapped back to file lines (:meth:`DecodedFile.line_no_sql`). Whatever
DuckDB cannot read that way with its line numbers intact (blank lines further down,
CR-only line ends, quoted line breaks, over-long lines, bytes that are not UTF-8)
is converted after all (:func:`convert`), with exactly the same result as before.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ktdash.ingest import limits as caps
from ktdash.ingest.results import ImportFileError

SAMPLE_LINES = 200
DELIMITERS = (";", "\t", ",", "|")
MAX_LINE_CHARS = 100_000  # far above any table row; Python's csv module stops at 131,072 characters a field
# UTF-8 bytes of Ä Ö Ü ä ö ü ß € – „ “ ” ’ …: in a file that is not valid UTF-8 they mean a mix of encodings
UTF8_GERMAN = re.compile(rb"\xc3[\x84\x96\x9c\x9f\xa4\xb6\xbc]|\xe2\x82\xac|\xe2\x80[\x93\x99\x9c\x9d\x9e\xa6]")


CHUNK_BYTES = 1 << 22  # 4 MiB at a time
HEAD_BYTES = 1 << 16  # first read for the sample; grown until it holds SAMPLE_LINES lines
HEAD_MAX_BYTES = 1 << 25
MAX_BLANK_LINES_IN_HEAD = 16  # a direct read maps at most this many skipped blank lines back to file lines


@dataclass
class DecodedFile:
    file_name: str
    sha256: str
    size: int
    encoding: str  # what the bytes were: utf-8, utf-8-sig, utf-16, cp1252, xlsx
    delimiter: str
    text_path: Path  # UTF-8 file for DuckDB: converted (blank lines kept as rows) or, if direct, the original
    n_columns: int  # widest line in the sample
    sample: list[list[str]]  # the first lines, split into cells
    sheet: str | None = None
    workdir: Path | None = None  # temporary folder of this import: removed by cleanup(), never the user's
    direct: bool = False  # text_path holds the original bytes: DuckDB skips blank lines (see line_no_sql)
    blank_rows: tuple[int, ...] = ()  # direct: per blank line of the head, the number of rows before it
    expected_rows: int | None = None  # direct: rows DuckDB must find, else lines were skipped further down
    source: bytes | Path | None = field(default=None, repr=False)  # direct: what convert() reads
    limits: object | None = field(default=None, repr=False, compare=False)  # ImportLimits: rows checked in finish
    scan: _Background | None = field(default=None, repr=False, compare=False)  # direct: hash and line count

    def finish(self) -> None:
        """Wait for the pass over the bytes of a file handed on directly: its SHA-256 and line feeds are
        counted in a thread while DuckDB reads the file (both release the GIL), then ``expected_rows``."""
        if self.scan is not None:
            scan, self.scan = self.scan, None
            self.sha256, newlines = scan.result()
            self.expected_rows += newlines
            _check_size(self.file_name, newlines, self.n_columns, self.limits)

    def line_no_sql(self, rowid: str = "rowid") -> str:
        """SQL for the file line of the row with DuckDB row number ``rowid`` (0-based) of text_path."""
        return " + ".join([f"{rowid} + 1"] + [f"CAST({rowid} >= {t} AS BIGINT)" for t in self.blank_rows])

    def cleanup(self) -> None:
        if self.scan is not None:
            self.scan.join()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


class _Background:
    """A function run in a thread; ``result()`` waits for it and returns or raises what it did."""

    def __init__(self, function, *args):
        self._outcome: tuple = (None, None)
        self._thread = threading.Thread(target=self._run, args=(function, args), daemon=True)
        self._thread.start()

    def _run(self, function, args) -> None:
        try:
            self._outcome = (function(*args), None)
        except BaseException as exc:  # handed to the caller of result()
            self._outcome = (None, exc)

    def join(self) -> None:
        self._thread.join()

    def result(self):
        self._thread.join()
        value, error = self._outcome
        if error is not None:
            raise error
        return value


def decode_bytes(data: bytes, file_name: str) -> tuple[str, str]:
    """(text, encoding name) — raises ImportFileError for binary or undecodable files."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", file_name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", file_name), "utf-16"
    head = data[:4096]
    if head and head.count(b"\x00") > len(head) // 4:
        # UTF-16 without BOM: every other byte is NUL for Latin text
        zeros_odd = head[1::2].count(b"\x00")
        zeros_even = head[0::2].count(b"\x00")
        if zeros_odd > len(head) // 3:
            return _decode(data, "utf-16-le", file_name), "utf-16"
        if zeros_even > len(head) // 3:
            return _decode(data, "utf-16-be", file_name), "utf-16"
    if b"\x00" in head:
        raise ImportFileError("binary", file_name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    mixed = UTF8_GERMAN.search(data)
    if mixed:  # partly UTF-8, partly Windows-1252 (lines pasted together from two exports): name both lines
        raise ImportFileError("mixed_encoding", file_name, value=str(data[:first_bad].count(b"\n") + 1),
                              detail=str(data[:mixed.start()].count(b"\n") + 1))
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, "cp1252"


def _decode(data: bytes, encoding: str, file_name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError("encoding", file_name, detail=str(exc)) from exc


def _control_chars_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\r\n\t") or c == "\ufffd")
    return bad / len(sample)


def detect_delimiter(lines: list[str]) -> str:
    """The delimiter whose count per line is most often the same and ≥ 1 on the sample."""
    best, best_score = None, 0.0
    for delimiter in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delimiter))) - 1 for line in lines if line.strip()]
        counts = [c for c in counts if c > 0]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        # lines agreeing with the mode, weighted by the width (tables have several columns)
        score = counts.count(mode) * (1 + min(mode, 12) / 12)
        if score > best_score:
            best, best_score = delimiter, score
    return best or ";"


def decode_file(source: bytes | str | Path, file_name: str, max_bytes: int, sheet: str | None = None,
                workdir: Path | None = None, direct_ok: bool = False, limits=None) -> DecodedFile:
    """Check the file as a whole and hand DuckDB a UTF-8 file of it (``source``: the bytes, or a path).

    Raises :class:`ImportFileError` for empty, too large, binary and non-table files. With ``direct_ok``
    a UTF-8 file may be handed on as it is (``direct``): the caller reads it with DuckDB, maps row
    numbers with :meth:`DecodedFile.line_no_sql`, checks ``expected_rows`` and calls :func:`convert`
    when DuckDB could not read it that way. Call :meth:`DecodedFile.cleanup` when done.

    ``limits`` (:class:`ktdash.core.settings.ImportLimits`, default: the defaults) are checked before anything
    parses the file: an XLSX archive in :func:`.limits.check_xlsx`, its sheet in a child process
    (:func:`.limits.read_sheet`), a CSV file's columns and rows here.
    """
    if limits is None:
        from ktdash.core.settings import ImportLimits

        limits = ImportLimits()
    path = None if isinstance(source, (bytes, bytearray, memoryview)) else Path(source)
    size = path.stat().st_size if path is not None else len(source)
    head = _head(source, size)
    if size == 0 or not _has_content(source, head, size):
        raise ImportFileError("empty", file_name)
    if size > max_bytes:
        raise ImportFileError("too_large", file_name, value=f"{size / 1048576:.1f}",
                              detail=f"{max_bytes / 1048576:.0f}")
    own_workdir = workdir is None
    workdir = Path(workdir or tempfile.mkdtemp(prefix="ktdash-import-"))
    try:
        if head[:4] == b"PK\x03\x04":
            return _decode_xlsx(source, path, file_name, sheet, workdir, limits)
        if head[:5] == b"%PDF-" or head[:4] in (b"\x89PNG", b"\xd0\xcf\x11\xe0") or head[:3] == b"\xff\xd8\xff":
            raise ImportFileError("binary", file_name)
        decoded = _direct(source, path, head, size, file_name, workdir) if direct_ok else None
        if decoded is not None:
            decoded.limits = limits
        decoded = decoded or _convert(source, size, file_name, workdir, limits)
        _check_columns(decoded, limits)
        return decoded
    except BaseException:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)
        raise


def _check_size(file_name: str, rows: int, columns: int, limits) -> None:
    """Rows (line feeds) and cells (rows × the widest of the first lines) within the limits."""
    if limits is None:
        return
    if rows > limits.max_rows:
        raise ImportFileError("too_many_rows", file_name, value=caps.number(rows), detail=caps.number(limits.max_rows))
    if rows * columns > limits.max_cells:
        raise ImportFileError("too_many_cells", file_name, value=caps.number(rows * columns),
                              detail=caps.number(limits.max_cells),
                              column=f"{caps.number(rows)} × {caps.number(columns)}")


def _check_columns(decoded: DecodedFile, limits) -> None:
    """A table wider than the column limit (widest line of the first lines) is refused before DuckDB reads it."""
    if decoded.n_columns > limits.max_columns:
        raise ImportFileError("too_many_columns", decoded.file_name, value=caps.number(decoded.n_columns),
                              detail=caps.number(limits.max_columns))


def convert(decoded: DecodedFile) -> DecodedFile:
    """The converted form of a file first handed on directly (DuckDB could not read it as it is)."""
    if not decoded.direct:
        return decoded
    if decoded.scan is not None:
        decoded.scan.join()
    workdir = decoded.workdir or Path(tempfile.mkdtemp(prefix="ktdash-import-"))
    return _convert(decoded.source, decoded.size, decoded.file_name, workdir, decoded.limits)


def _decode_xlsx(source, path: Path | None, file_name: str, sheet: str | None, workdir: Path,
                 limits) -> DecodedFile:
    """The archive checked (:func:`.limits.check_xlsx`), then the sheet read in a child process with the
    memory budget (:func:`.limits.read_sheet`): this process never holds more than the file's bytes."""
    if path is None:  # an upload: written once, readable by this user only
        path = caps.private_file(workdir / "upload.xlsx")
        with path.open("wb") as out:
            for chunk in _chunks(source):
                out.write(chunk)
    if not _is_xlsx(path):
        raise ImportFileError("not_a_table", file_name)
    caps.check_xlsx(path, file_name, limits)
    text_path = workdir / "upload.csv"
    result = caps.read_sheet(path, file_name, sheet, text_path, limits)
    sha = hashlib.sha256()
    for chunk in _chunks(path):
        sha.update(chunk)
    if result["n_columns"] > limits.max_columns:
        raise ImportFileError("too_many_columns", file_name, value=caps.number(result["n_columns"]),
                              detail=caps.number(limits.max_columns))
    return DecodedFile(file_name, sha.hexdigest(), path.stat().st_size, "xlsx", ";", text_path,
                       result["n_columns"], result["sample"], result["sheet"], workdir=workdir)


# --- reading in chunks ------------------------------------------------------------------------------------

def _chunks(source: bytes | Path, start: int = 0):
    """The bytes of the source from ``start`` in pieces of CHUNK_BYTES (memoryviews of bytes: no copies)."""
    if isinstance(source, Path):
        with source.open("rb") as fh:
            fh.seek(start)
            while chunk := fh.read(CHUNK_BYTES):
                yield chunk
    else:
        view = memoryview(source)
        for offset in range(start, len(view), CHUNK_BYTES):
            yield view[offset:offset + CHUNK_BYTES]


def _prefix(source: bytes | Path, n: int) -> bytes:
    if isinstance(source, Path):
        with source.open("rb") as fh:
            return fh.read(n)
    return bytes(source[:n])


def _head(source: bytes | Path, size: int) -> bytes:
    """The first bytes: enough for SAMPLE_LINES lines, or the whole file (at most HEAD_MAX_BYTES)."""
    n = HEAD_BYTES
    while True:
        head = _prefix(source, n)
        if len(head) >= size or head.count(b"\n") > SAMPLE_LINES or n >= HEAD_MAX_BYTES:
            return head
        n *= 4


def _has_content(source: bytes | Path, head: bytes, size: int) -> bool:
    """Anything but whitespace in the file."""
    if head.strip():
        return True
    return len(head) < size and any(bytes(chunk).strip() for chunk in _chunks(source, len(head)))


# --- UTF-8 handed on as it is ----------------------------------------------------------------------------

def _head_lines(head: bytes, size: int, bom: bool) -> list[str] | None:
    """The complete lines of the head of a file DuckDB may read as it is: UTF-8 (with or without BOM), no control
    characters, LF or CR LF line ends, no over-long line, the sample's lines complete; else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:4096]:
        return None
    whole = len(head) >= size
    complete = head if whole else head[: head.rfind(b"\n") + 1]
    try:
        text = complete[3 if bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text or text.startswith("\ufeff") or _control_chars_ratio(text) > 0.01:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if not whole:
        lines.pop()  # the empty string after the last line break of the head
        if len(lines) <= SAMPLE_LINES:
            return None
    if max(map(len, lines)) > MAX_LINE_CHARS:
        return None
    return lines


def _direct(source, path: Path | None, head: bytes, size: int, file_name: str, workdir: Path) -> DecodedFile | None:
    """A UTF-8 file DuckDB can read as it is, with what maps its rows back to file lines; None when the file
    needs the conversion (another encoding, CR-only line ends, many blank lines, over-long lines, …)."""
    bom = head.startswith(codecs.BOM_UTF8)
    lines = _head_lines(head, size, bom)
    if lines is None:
        return None
    sample_lines = lines[:SAMPLE_LINES]
    delimiter = detect_delimiter(sample_lines)
    sample = list(csv.reader(sample_lines, delimiter=delimiter))
    n_columns = max((len(r) for r in sample), default=0)
    if n_columns < 2:
        return None
    # DuckDB skips empty lines: those of the head are mapped back, trailing ones do not matter, any other
    # empty line shows as a row missing against the count of line breaks (then the file is converted)
    last = max((i for i, line in enumerate(lines) if line), default=-1)
    blanks = [i + 1 for i, line in enumerate(lines[:last]) if not line]
    if len(blanks) > MAX_BLANK_LINES_IN_HEAD:
        return None
    tail = _tail(source, size)
    body = tail.rstrip(b"\r\n")
    if not body:
        return None
    trailing = tail[len(body):].count(b"\n")  # line breaks after the last line with content
    # rows DuckDB must find: the lines (line feeds, + 1 for an unterminated last line) but the skipped ones
    expected = (0 if tail.endswith(b"\n") else 1) - len(blanks) - max(trailing - 1, 0)
    if path is not None:
        text_path = path
    else:
        text_path = caps.private_file(workdir / "upload.csv")
        with text_path.open("wb") as out:
            for chunk in _chunks(source):
                out.write(chunk)
    return DecodedFile(file_name, "", size, "utf-8-sig" if bom else "utf-8", delimiter, text_path, n_columns,
                       sample, workdir=workdir, direct=True,
                       blank_rows=tuple(b - j for j, b in enumerate(blanks, start=1)), expected_rows=expected,
                       source=path if path is not None else source, scan=_Background(_scan, source))


def _scan(source) -> tuple[str, int]:
    """(SHA-256, number of line feeds) of the source, in one pass."""
    import numpy as np

    sha = hashlib.sha256()
    newlines = 0
    for chunk in _chunks(source):
        sha.update(chunk)
        newlines += int(np.count_nonzero(np.frombuffer(chunk, dtype=np.uint8) == 10))
    return sha.hexdigest(), newlines


def _tail(source, size: int, n: int = 65536) -> bytes:
    if isinstance(source, Path):
        with source.open("rb") as fh:
            fh.seek(max(0, size - n))
            return fh.read()
    return bytes(source[max(0, size - n):])


# --- everything else: converted in chunks -----------------------------------------------------------------

@dataclass
class _Survey:
    """What one pass over the bytes tells: the hash, whether they are UTF-8, and what the conversion may skip
    (lines longer than allowed, blank or whitespace lines, carriage returns), counted on bytes with numpy."""

    sha256: str
    utf8: bool
    longest: int  # longest line in bytes, line feeds not counted (a character is at least a byte)
    blank_lines: bool  # a line is empty or starts with a blank or tab, or a CR stands without its LF
    carriage_returns: bool
    lines: int = 0  # line feeds


def _survey(source) -> _Survey:
    import numpy as np

    sha = hashlib.sha256()
    decoder, utf8 = codecs.getincrementaldecoder("utf-8")(), True
    longest = since = 0
    blank, cr_seen, line_start, cr_open = False, False, True, False
    first = True
    lines = 0
    for chunk in _chunks(source):
        sha.update(chunk)
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
        arr = np.frombuffer(chunk, dtype=np.uint8)
        lines += int(np.count_nonzero(arr == 10))
        if first and bytes(chunk[:3]) == codecs.BOM_UTF8:
            arr = arr[3:]
        first = False
        if not arr.size:
            continue
        lf = np.flatnonzero(arr == 10)
        if lf.size:
            gaps = int(np.diff(lf).max()) - 1 if lf.size > 1 else 0
            longest = max(longest, since + int(lf[0]), gaps)
            since = arr.size - int(lf[-1]) - 1
        else:
            since += arr.size
        cr = np.flatnonzero(arr == 13)
        cr_seen = cr_seen or bool(cr.size)
        if not blank:
            starts = arr[lf[lf + 1 < arr.size] + 1]
            if line_start and arr[0] in (9, 10, 13, 32) or np.isin(starts, (9, 10, 13, 32)).any():
                blank = True
            inside = cr[cr + 1 < arr.size]
            if (arr[inside + 1] != 10).any() or (cr_open and arr[0] != 10):  # a CR without its LF
                blank = True
        cr_open = arr[-1] == 13
        line_start = arr[-1] == 10
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return _Survey(sha.hexdigest(), utf8, max(longest, since), blank or cr_open, cr_seen, lines)


def _encoding(source, file_name: str) -> tuple[str, int, str, _Survey]:
    """(codec, bytes to skip, encoding name for the preview, survey): the same decision as
    :func:`decode_bytes`, made in passes over the chunks instead of on the whole text."""
    probe = _prefix(source, 4096)
    survey = _survey(source)
    if probe.startswith(codecs.BOM_UTF8):
        if not survey.utf8:
            _valid(source, "utf-8", 3, file_name, strict=True)  # raises with the position
        return "utf-8", 3, "utf-8-sig", survey
    if probe.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _valid(source, "utf-16", 0, file_name, strict=True), 0, "utf-16", survey
    if probe and probe.count(b"\x00") > len(probe) // 4:
        if probe[1::2].count(b"\x00") > len(probe) // 3:
            return _valid(source, "utf-16-le", 0, file_name, strict=True), 0, "utf-16", survey
        if probe[0::2].count(b"\x00") > len(probe) // 3:
            return _valid(source, "utf-16-be", 0, file_name, strict=True), 0, "utf-16", survey
    if b"\x00" in probe:
        raise ImportFileError("binary", file_name)
    if survey.utf8:
        return "utf-8", 0, "utf-8", survey
    mixed = _mixed_line(source)
    if mixed:  # partly UTF-8, partly Windows-1252 (lines pasted together from two exports): name both lines
        raise ImportFileError("mixed_encoding", file_name, value=str(_first_non_utf8_line(source)),
                              detail=str(mixed))
    # Windows-1252; where it leaves a byte undefined the conversion starts again as Latin-1 (decode_bytes)
    return "cp1252", 0, "cp1252", survey


def _valid(source, codec: str, skip: int, file_name: str, strict: bool = False):
    """Whether the bytes decode with ``codec`` (with ``strict`` the codec, or ImportFileError 'encoding')."""
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        for chunk in _chunks(source, skip):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        if strict:
            raise ImportFileError("encoding", file_name, detail=str(exc)) from exc
        return False
    return codec if strict else True


def _mixed_line(source) -> int | None:
    """The line of the first UTF-8 German character in a file that is not UTF-8 (None: there is none)."""
    lines, tail = 0, b""
    for chunk in _chunks(source):
        data = tail + bytes(chunk)
        if b"\xc3" in data or b"\xe2" in data:  # every pattern starts with one of them (memchr: fast)
            match = UTF8_GERMAN.search(data)
            if match:
                return lines + data[:match.start()].count(b"\n") + 1
        keep = min(2, len(data))  # a character may be cut at the chunk border
        lines += data[:len(data) - keep].count(b"\n")
        tail = data[len(data) - keep:]
    return None


def _first_non_utf8_line(source) -> int:
    """The line (1-based, as an editor counts) of the first bytes that are not UTF-8 (Windows-1252's)."""
    decoder, lines = codecs.getincrementaldecoder("utf-8")(), 0
    for chunk in _chunks(source):
        pending = decoder.getstate()[0]  # bytes of a character begun in the chunk before
        data = pending + bytes(chunk)
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            try:
                data.decode("utf-8")
                at = len(data)
            except UnicodeDecodeError as exc:
                at = exc.start
            return lines + data[:at].count(b"\n") + 1
        lines += bytes(chunk).count(b"\n")
    return lines + 1


BLANK_LINE = re.compile(r"(?m)^[ \t]*$")


def _convert(source, size: int, file_name: str, workdir: Path, limits=None) -> DecodedFile:
    """Decode in chunks and write UTF-8: line ends ``\n``, blank lines as a lone delimiter (so DuckDB keeps
    them as rows and row numbers stay file lines), trailing line breaks dropped."""
    codec, skip, encoding, survey = _encoding(source, file_name)
    if codec != "utf-16":  # rows first (the survey counted them; UTF-16's line feeds are two bytes)
        _check_size(file_name, survey.lines, 0, limits)
    text_path = caps.private_file(workdir / "upload.csv")
    # what the bytes rule out need not be looked for in the text (a byte is one character at most in these
    # encodings, and a line feed byte is always a line feed; UTF-16 is looked at in full)
    single_byte_lines = codec in ("utf-8", "cp1252", "latin-1")
    skips = {"long_lines": single_byte_lines and survey.longest <= MAX_LINE_CHARS,
             "blank_lines": single_byte_lines and not survey.blank_lines,
             "carriage_returns": single_byte_lines and not survey.carriage_returns}
    while True:
        writer = _TextWriter(text_path, file_name, max_columns=limits.max_columns if limits else None, **skips)
        decoder = codecs.getincrementaldecoder(codec)()
        try:
            for chunk in _chunks(source, skip):
                writer.feed(decoder.decode(chunk))
            writer.feed(decoder.decode(b"", final=True), final=True)
        except UnicodeDecodeError as exc:
            writer.close()
            if codec == "cp1252":  # bytes Windows-1252 leaves undefined: read as Latin-1 like decode_bytes
                codec = "latin-1"
                continue
            raise ImportFileError("encoding", file_name, detail=str(exc)) from exc
        except BaseException:
            writer.close()
            raise
        break
    if writer.n_columns < 2:
        raise ImportFileError("not_a_table", file_name)
    if limits is not None and writer.n_columns > limits.max_columns:
        raise ImportFileError("too_many_columns", file_name, value=caps.number(writer.n_columns),
                              detail=caps.number(limits.max_columns))
    _check_size(file_name, writer.lines if codec == "utf-16" else survey.lines, writer.n_columns, limits)
    return DecodedFile(file_name, survey.sha256, size, encoding, writer.delimiter, text_path, writer.n_columns,
                       writer.sample, workdir=workdir, limits=limits)


class _TextWriter:
    """Normalises decoded text piece by piece and writes it, with the checks :func:`decode_bytes`'s callers
    made on the whole text: control characters (binary), line length, then sample and delimiter."""

    def __init__(self, path: Path, file_name: str, long_lines: bool = False, blank_lines: bool = False,
                 carriage_returns: bool = False, max_columns: int | None = None):
        self.file_name = file_name
        self.max_columns = max_columns  # an over-long line with more cells than this: too many columns
        # what the survey of the bytes ruled out: no line too long, no blank line, no carriage return
        self.no_long_lines, self.no_blank_lines, self.no_cr = long_lines, blank_lines, carriage_returns
        self.out = path.open("w", encoding="utf-8", newline="")
        self.start = ""  # the first characters, for the control-character check
        self.checked = False
        self.cr = False  # the last piece ended with \r (its \n may come with the next piece)
        self.carry = ""  # the unfinished last line
        self.lines = 0  # complete lines seen
        self.head: list[str] | None = []  # complete text until the sample is taken
        self.head_lines = 0
        self.pending_blank = 0  # empty lines not yet written (dropped when nothing follows them)
        self.first = True
        self.delimiter = ";"
        self.sample: list[list[str]] = []
        self.n_columns = 0

    def close(self) -> None:
        self.out.close()

    def feed(self, piece: str, final: bool = False) -> None:
        if not self.checked:  # control characters first: nothing else is looked at before (decode_bytes)
            piece = self._checked_start(piece, final)
            if piece is None:
                return
        piece = self._line_ends(piece, final)
        text = self.carry + piece
        if final:
            complete, self.carry = text, ""
        else:
            cut = text.rfind("\n") + 1
            complete, self.carry = text[:cut], text[cut:]
        if not self.no_long_lines:  # line numbers are only needed to name an over-long line
            self._check_lengths(complete)
        if self.head is not None:
            complete = self._sampled(complete, final)
            if complete is None:
                return
        self._write(complete)
        if final:
            self.close()

    def _checked_start(self, piece: str, final: bool) -> str | None:
        """The text so far once its first characters passed the control-character check (binary files);
        None while too few have come."""
        self.start += piece
        if len(self.start) < 20000 and not final:
            return None
        if _control_chars_ratio(self.start) > 0.01:
            self.close()
            raise ImportFileError("binary", self.file_name)
        piece, self.start, self.checked = self.start, "", True
        return piece

    def _line_ends(self, piece: str, final: bool) -> str:
        """``piece`` with CR LF and a lone CR as LF (a CR at its end waits for the next piece) and without the
        byte-order mark at the start of the file."""
        if not self.no_cr:
            if self.cr:
                piece = "\r" + piece
            self.cr = piece.endswith("\r") and not final
            if self.cr:
                piece = piece[:-1]
            piece = piece.replace("\r\n", "\n")
            if "\r" in piece:
                piece = piece.replace("\r", "\n")
        if self.first and piece:
            piece = piece.lstrip("\ufeff")
            self.first = not piece
        return piece

    def _check_lengths(self, complete: str) -> None:
        """No line of ``complete`` (the complete lines of this piece) nor the unfinished one is too long."""
        if complete and max(map(len, complete.split("\n"))) > MAX_LINE_CHARS:
            at = next(i for i, line in enumerate(complete.split("\n")) if len(line) > MAX_LINE_CHARS)
            self._too_long(self.lines + at + 1, complete.split("\n")[at])
        if len(self.carry) > MAX_LINE_CHARS:
            self._too_long(self.lines + complete.count("\n") + 1, self.carry)
        self.lines += complete.count("\n")

    def _sampled(self, complete: str, final: bool) -> str | None:
        """Collect the first lines until the sample is complete, then take sample, delimiter and width and
        return all the text collected (None while collecting)."""
        self.head.append(complete)
        self.head_lines += complete.count("\n")
        if self.head_lines <= SAMPLE_LINES and not final:
            return None
        complete, self.head = "".join(self.head), None
        lines = complete.split("\n", SAMPLE_LINES + 1)[:SAMPLE_LINES]
        self.delimiter = detect_delimiter(lines)
        self.sample = list(csv.reader(lines, delimiter=self.delimiter))
        self.n_columns = max((len(r) for r in self.sample), default=0)
        return complete

    def _too_long(self, line: int, text: str = "") -> None:
        self.close()
        cells = max(text.count(d) for d in DELIMITERS) + 1 if text else 0
        if self.max_columns is not None and cells > self.max_columns:  # a very wide table, not a broken line
            raise ImportFileError("too_many_columns", self.file_name, value=caps.number(cells),
                                  detail=caps.number(self.max_columns))
        raise ImportFileError("line_too_long", self.file_name, value=str(line),
                              detail=caps.number(MAX_LINE_CHARS))

    def _write(self, block: str) -> None:
        end = len(block)
        while end and block[end - 1] == "\n":
            end -= 1
        if not end:
            self.pending_blank += len(block)
            return
        trailing = len(block) - end  # the line break ending the last line, then empty lines
        if self.pending_blank:
            self.out.write((self.delimiter + "\n") * self.pending_blank)
        if self.no_blank_lines and trailing == 1:  # the usual block: lines, each ending with its line break
            self.out.write(block)
            self.pending_blank = 0
            return
        core = block[:end]
        if not self.no_blank_lines and ("\n\n" in core or "\n " in core or "\n\t" in core or core[0] in "\n \t"
                                        or core[-1] in " \t"):
            core = BLANK_LINE.sub(self.delimiter, core)
        self.out.write(core)
        self.out.write("\n")
        self.pending_blank = max(trailing - 1, 0)


def _is_xlsx(path: Path) -> bool:
    """Whether the ZIP archive has a workbook (its central directory read only when its size is sane)."""
    try:
        with caps._open_zip(path, "", _AnyParts()) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except ImportFileError as exc:
        return exc.code == "xlsx_too_many_parts"  # an archive: check_xlsx names the limit


class _AnyParts:
    xlsx_max_parts = 1 << 16
