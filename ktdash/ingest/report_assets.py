"""The Energiebericht's own logo and foreword (issue 19), per municipality or district — whatever the report is made
for (:class:`ktdash.output.report.ReportEntity`: ``level`` and ``key``). Stored by migration 021 in
``report_assets``; the PDF puts the logo on its title page and the foreword first, the DOCX likewise.

Who may: the municipality's manager or an admin (``edit_masterdata``, :mod:`ktdash.access.permissions`); for a
district, the managers of its Kreisverwaltung (a Landkreis; its municipality key is the district key) or of the
kreisfreie Stadt, and admins. Every change is checked again here, audited (``masterdata_change``, object
``report_logo`` / ``report_foreword``, field, old → new: format and pixel size of the logo, or the foreword's length in
characters) in the transaction of the change.

A logo must be a PNG or JPEG that Pillow can read, at most :data:`MAX_LOGO_BYTES` bytes and between
:data:`MIN_LOGO_SIDE` and :data:`MAX_LOGO_SIDE` pixels a side; the foreword plain text of at most
:data:`MAX_FOREWORD_CHARS` characters. Anything else raises :class:`ReportAssetError` (a code with fields; worded by
:meth:`ReportAssetError.message` from the catalogs) and stores nothing."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from datetime import datetime

from ktdash.access import audit, permissions
from ktdash.core.formatting import strip_bidi
from ktdash.i18n import texts
from ktdash.store.connection import bump_data_version, transaction

LEVELS = ("municipality", "district")
FORMATS = ("PNG", "JPEG")
MAX_LOGO_BYTES = 2 * 1024 * 1024  # 2 MiB: a logo, not a photograph
MAX_LOGO_SIDE = 4000  # pixels a side (more would be a poster; also guards against decompression bombs)
MIN_LOGO_SIDE = 16
MAX_FOREWORD_CHARS = 6000  # about two printed pages
UPLOAD_TYPES = ("png", "jpg", "jpeg")  # the uploader's file types
# the audit detail's fields → their names in the Protokoll (for ktdash.output.history.FIELD_KEYS)
AUDIT_FIELDS = {"report_logo": "rep19_detail_logo", "report_foreword": "rep19_detail_foreword"}

# code → catalog key (explicit, so every key is a constant of the code)
MESSAGES = {
    "empty": "rep19_error_empty", "too_large": "rep19_error_too_large", "not_image": "rep19_error_not_image",
    "format": "rep19_error_format", "too_small": "rep19_error_too_small", "too_big": "rep19_error_too_big",
    "foreword_too_long": "rep19_error_foreword_too_long", "unknown_entity": "rep19_error_unknown_entity",
}


class ReportAssetError(ValueError):
    """A logo or foreword that is not stored: ``code`` (a key of :data:`MESSAGES`) and the fields of its text."""

    def __init__(self, code: str, **fields):
        super().__init__(f"{code}: {fields}" if fields else code)
        self.code, self.fields = code, fields

    def message(self, lang: str = "de") -> str:
        return texts.t(MESSAGES[self.code], lang, **self.fields)


@dataclass(frozen=True)
class ReportAssets:
    """The stored logo (bytes, format, pixel size) and foreword of one report entity, with who set them and when."""

    logo: bytes | None = None
    logo_format: str | None = None
    logo_width: int | None = None
    logo_height: int | None = None
    logo_by: str | None = None
    logo_at: datetime | None = None
    foreword: str | None = None
    foreword_by: str | None = None
    foreword_at: datetime | None = None

    @property
    def empty(self) -> bool:
        return self.logo is None and not self.foreword


COLUMNS = ("logo", "logo_format", "logo_width", "logo_height", "logo_by", "logo_at", "foreword", "foreword_by",
           "foreword_at")


# --- checks --------------------------------------------------------------------------------------------------

def check_logo(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) of a logo file; :class:`ReportAssetError` unless it is a readable PNG or JPEG of an
    allowed size."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ReportAssetError("empty")
    if len(data) > MAX_LOGO_BYTES:
        raise ReportAssetError("too_large", size=_mib(len(data)), limit=_mib(MAX_LOGO_BYTES))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
                if kind not in FORMATS:
                    raise ReportAssetError("format", found=kind or "?")
                if max(width, height) > MAX_LOGO_SIDE:
                    raise ReportAssetError("too_big", width=width, height=height, limit=MAX_LOGO_SIDE)
                image.verify()  # the whole file: a truncated or damaged image is refused here
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decodes (verify does not decode every format's pixels)
    except ReportAssetError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise ReportAssetError("not_image") from None
    if min(width, height) < MIN_LOGO_SIDE:
        raise ReportAssetError("too_small", width=width, height=height, limit=MIN_LOGO_SIDE)
    return kind, int(width), int(height)


def clean_foreword(text: str | None) -> str | None:
    """The foreword as stored: bidi controls removed, line ends unified, blank edges stripped; ``None`` if empty.
    :class:`ReportAssetError` ``foreword_too_long`` above :data:`MAX_FOREWORD_CHARS`."""
    text = strip_bidi(str(text or "")).replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_FOREWORD_CHARS:
        raise ReportAssetError("foreword_too_long", n=len(text), limit=MAX_FOREWORD_CHARS)
    return text or None


def _mib(size: int) -> str:
    from ktdash.core.formatting import format_number

    return format_number(size / 1024 / 1024, 1) + " MB"


# --- who may ------------------------------------------------------------------------------------------------

def owner_key(con, level: str, key: str) -> tuple[str, str]:
    """(municipality key, name) whose ``edit_masterdata`` right covers the entity: the municipality itself, or a
    district's Kreisverwaltung / kreisfreie Stadt. :class:`ReportAssetError` ``unknown_entity`` otherwise."""
    if level == "municipality":
        row = con.execute("SELECT municipality_key, name FROM municipalities WHERE municipality_key = ?",
                          [str(key)]).fetchone()
    elif level == "district":
        row = con.execute("""
            SELECT m.municipality_key, d.name FROM districts d JOIN municipalities m USING (district_key)
            WHERE d.district_key = ? AND m.kind IN ('Landkreis', 'kreisfreie Stadt')
            ORDER BY m.kind = 'Landkreis' DESC LIMIT 1""", [str(key)]).fetchone()
    else:
        row = None
    if row is None:
        raise ReportAssetError("unknown_entity", value=str(key))
    return row[0], row[1]


def may_edit(con, user, level: str, key: str) -> bool:
    """May ``user`` set the logo and foreword of this report entity?"""
    try:
        owner, _ = owner_key(con, level, key)
    except ReportAssetError:
        return False
    return permissions.allowed(user, permissions.Action.EDIT_MASTERDATA, owner)


def _require(con, user, level: str, key: str) -> str:
    owner, name = owner_key(con, level, key)
    permissions.require(user, permissions.Action.EDIT_MASTERDATA, owner, municipality_name=name)
    return owner


# --- read and write ---------------------------------------------------------------------------------------

def get_assets(con, level: str, key: str) -> ReportAssets:
    """The stored logo and foreword of the entity (an empty :class:`ReportAssets` when there are none)."""
    row = con.execute(f"SELECT {', '.join(COLUMNS)} FROM report_assets WHERE level = $level AND entity_key = $key",
                      {"level": level, "key": str(key)}).fetchone()
    if row is None:
        return ReportAssets()
    values = dict(zip(COLUMNS, row, strict=True))
    values["logo"] = bytes(values["logo"]) if values["logo"] is not None else None
    return ReportAssets(**values)


def _logo_detail(assets: ReportAssets) -> str | None:
    """The logo in the audit detail: format and pixel size (``PNG 300 × 120``); the bytes' hash is the row's sha256."""
    return None if assets.logo is None else f"{assets.logo_format} {assets.logo_width} × {assets.logo_height}"


def _user_name(user) -> str:
    return str(getattr(user, "name", user) or audit.UNKNOWN_USER)


def _ensure_row(con, level: str, key: str) -> None:
    con.execute("INSERT INTO report_assets (level, entity_key) VALUES ($level, $key) ON CONFLICT DO NOTHING",
                {"level": level, "key": str(key)})


def _drop_empty(con, level: str, key: str) -> None:
    con.execute("DELETE FROM report_assets WHERE level = $level AND entity_key = $key AND logo IS NULL "
                "AND foreword IS NULL", {"level": level, "key": str(key)})


def set_logo(con, user, level: str, key: str, data: bytes) -> ReportAssets:
    """Store ``data`` as the entity's logo (replacing one before). Checks the right, then the file; audited."""
    owner = _require(con, user, level, key)
    kind, width, height = check_logo(data)
    with transaction(con):
        old = get_assets(con, level, key)
        _ensure_row(con, level, key)
        con.execute("""UPDATE report_assets SET logo = $logo, logo_format = $kind, logo_width = $width,
                              logo_height = $height, logo_sha256 = $sha, logo_by = $by, logo_at = current_timestamp
                       WHERE level = $level AND entity_key = $key""",
                    {"logo": bytes(data), "kind": kind, "width": width, "height": height,
                     "sha": hashlib.sha256(data).hexdigest(), "by": _user_name(user), "level": level,
                     "key": str(key)})
        new = get_assets(con, level, key)
        audit.record(con, user, "masterdata_change", owner, object="report_logo",
                     detail={"field": "report_logo", "old": _logo_detail(old), "new": _logo_detail(new)},
                     sha256=hashlib.sha256(data).hexdigest())
        bump_data_version(con)
    return new


def remove_logo(con, user, level: str, key: str) -> bool:
    """Remove the entity's logo; False when there was none (nothing audited then)."""
    owner = _require(con, user, level, key)
    with transaction(con):
        old = get_assets(con, level, key)
        if old.logo is None:
            return False
        con.execute("""UPDATE report_assets SET logo = NULL, logo_format = NULL, logo_width = NULL,
                              logo_height = NULL, logo_sha256 = NULL, logo_by = $by, logo_at = current_timestamp
                       WHERE level = $level AND entity_key = $key""",
                    {"by": _user_name(user), "level": level, "key": str(key)})
        _drop_empty(con, level, key)
        audit.record(con, user, "masterdata_change", owner, object="report_logo",
                     detail={"field": "report_logo", "old": _logo_detail(old), "new": None})
        bump_data_version(con)
    return True


def set_foreword(con, user, level: str, key: str, text: str | None) -> ReportAssets:
    """Store the entity's foreword (empty text: remove it). Checks the right, then the text; audited with the old
    and new length (the text itself is in the store, with who and when)."""
    owner = _require(con, user, level, key)
    text = clean_foreword(text)
    with transaction(con):
        old = get_assets(con, level, key)
        if old.foreword == text:
            return old
        _ensure_row(con, level, key)
        con.execute("""UPDATE report_assets SET foreword = $text, foreword_by = $by, foreword_at = current_timestamp
                       WHERE level = $level AND entity_key = $key""",
                    {"text": text, "by": _user_name(user), "level": level, "key": str(key)})
        _drop_empty(con, level, key)
        audit.record(con, user, "masterdata_change", owner, object="report_foreword",
                     detail={"field": "report_foreword", "old": len(old.foreword or ""), "new": len(text or "")})
        bump_data_version(con)
    return get_assets(con, level, key)


def remove_foreword(con, user, level: str, key: str) -> bool:
    """Remove the entity's foreword; False when there was none."""
    if get_assets(con, level, key).foreword is None:
        _require(con, user, level, key)
        return False
    set_foreword(con, user, level, key, None)
    return True
