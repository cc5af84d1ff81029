"""Charts out of the dashboard: PNG at print resolution, SVG and PDF, rendered on the server.

Plotly's kaleido (1.x) drives a headless Chromium; on Debian it finds the system ``chromium``
(``/usr/bin/chromium``) by itself, ``BROWSER_PATH`` points it elsewhere. Starting a browser costs
about two seconds, a chart in a running one about 0.2 s, so the first export of a process starts
kaleido's server and every later one — from any Streamlit session, the report, the CLI —
reuses that one browser (calls are serialised; the server stops when the process ends).
kaleido can hang on rare calls (Kaleido#441): every export has a timeout and then fails with a
clear message instead of blocking the page. A hung call never ends, and kaleido's server answers one call at a time:
after a timeout the hung server is abandoned (its thread is a daemon, ended with the process) and the next export
starts a fresh one, so one hang costs one chart, not every later one.

The figures carry the ``ktdash`` template of :mod:`ktdash.output.charts`, so an export looks like the page.
"""

from __future__ import annotations

import atexit
import queue
import re
import threading
import unicodedata

import plotly.graph_objects as go

from ktdash.i18n import texts

FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
SIGNATURES: dict[str, bytes] = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<svg", "pdf": b"%PDF-"}
WIDTH, HEIGHT = 1200, 700  # px of the layout: the proportions of a chart on a report page or slide
PNG_SCALE = 3  # 3600 × 2100 px: 30 × 17.5 cm at 300 dpi (print resolution)
TIMEOUT_SECONDS = 60

_lock = threading.Lock()
_server_started = False


class ChartExportError(RuntimeError):
    """A chart could not be rendered (no Chromium, or the renderer did not answer in time): ``code`` (timeout,
    failed, invalid) and its fields; :meth:`message` in words, ``str()`` German (the log, the German PDF report)."""

    def __init__(self, code: str, **fields) -> None:
        self.code, self.fields = code, fields
        super().__init__(self.message())

    def message(self, lang: str = "de") -> str:
        key = "chart_export_" + self.code
        return texts.t(key, lang, **self.fields) if key in texts.UI else self.code  # a plain text stays as it is


def _start_server() -> None:
    global _server_started
    if not _server_started:
        import kaleido

        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        atexit.register(_stop_server)
        _server_started = True


def _stop_server() -> None:
    global _server_started
    if _server_started:
        import kaleido

        try:
            kaleido.stop_sync_server(silence_warnings=True)
        finally:
            _server_started = False


def _abandon_server() -> None:
    """Leave a hung kaleido server behind (Kaleido#441): forget the singleton, so the next export opens a new one,
    and mark the old one closed, so its exit handler does not wait for the hung thread."""
    global _server_started
    from kaleido._sync_server import GlobalKaleidoServer

    hung = GlobalKaleidoServer._instance
    if hung is not None:
        hung._initialized = False
    GlobalKaleidoServer._instance = None
    _server_started = False


def _run_with_timeout(function, timeout: float):
    """``function()`` in a daemon thread (a hung call must not keep the process alive); TimeoutError after
    ``timeout`` seconds, its own exception re-raised."""
    box: queue.Queue = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, function()))
        except BaseException as exc:  # handed to the caller
            box.put((False, exc))

    threading.Thread(target=run, name="ktdash-kaleido", daemon=True).start()
    try:
        ok, value = box.get(timeout=timeout)
    except queue.Empty:
        raise TimeoutError from None
    if not ok:
        raise value
    return value


def _render(fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
    import warnings

    import plotly.io as pio

    _start_server()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")  # options go to the server
        return pio.to_image(fig, format=fmt, width=width, height=height, scale=scale)


def chart_bytes(fig: go.Figure, fmt: str, width: int = WIDTH, height: int = HEIGHT, scale: float | None = None,
                timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The figure as PNG (``scale`` default 3: print resolution), SVG or PDF."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}; expected one of {', '.join(FORMATS)}")
    scale = scale if scale is not None else (PNG_SCALE if fmt == "png" else 1)
    from ktdash.output.charts import safe_figure

    fig = safe_figure(fig)  # stored names stay text in the image (Plotly would read <a href>, <b>, $…$)
    with _lock:
        try:
            data = _run_with_timeout(lambda: _render(fig, fmt, width, height, scale), timeout)
        except TimeoutError as exc:
            _abandon_server()
            raise ChartExportError("timeout", format=fmt, seconds=f"{timeout:.0f}") from exc
        except Exception as exc:  # no Chromium, a broken figure …
            raise ChartExportError("failed", format=fmt, detail=exc) from exc
    if not data.startswith(SIGNATURES[fmt]) and not (fmt == "svg" and b"<svg" in data[:200]):
        raise ChartExportError("invalid", format=fmt)
    return data


def file_name(*parts: object, ext: str) -> str:
    """What, where and when in an ASCII file name: ``file_name("Vergleich", "Westpfalz", "Wärme", 2024, ext="svg")``
    → ``Vergleich_Westpfalz_Waerme_2024.svg``."""
    words = []
    for part in parts:
        if part is None or part == "":
            continue
        text = str(part)
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("ß", "ss"),
                     ("²", "2"), ("³", "3"), ("€", "EUR")):
            text = text.replace(a, b)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        text = re.sub(r"[^A-Za-z0-9-]+", "_", text).strip("_")
        if text:
            words.append(text)
    return "_".join(words or ["ktdash"]) + "." + ext.lstrip(".")
