"""Does the file belong to the municipality chosen for it? (issue 13: files of the wrong municipality)

Run by :func:`ktdash.ingest.pipeline.prepare_import` after the preview; what it finds goes into
``ImportPreview.municipality_evidence`` and :func:`ktdash.ingest.pipeline.commit_import` refuses the
import until the user confirms the municipality (``confirm_municipality=True``; on the command
line ``--confirm-municipality``, on the Import page a check box). Nothing here writes.

The evidence used, each with a stable code (:data:`EVIDENCE_CODES`):

``key_of_other_municipality``
    The file name, or a line above the table's header (a title such as "Energiecontrolling Stadt
    Pirmasens"), holds an official key: a 9-digit Regionalschlüssel of a municipality or a 5-digit
    district key (``073170000_pirmasens_….csv``, ``07336_lk_kusel_….csv``), an 8-digit Gemeindeschlüssel
    (AGS) of the ``places`` table, or a 12-digit Regionalschlüssel whose first 9 digits are a municipality's
    key. Evidence when none of the keys in that place (file name, title lines) is the chosen municipality's.
``name_of_other_municipality``
    The file name or a title line names a municipality: "Stadt Pirmasens", "VG Kusel-Altenglan",
    "Landkreis Kusel", "LK Kaiserslautern", or the bare name ("pirmasens", "kusel_altenglan"). Names are
    compared word by word (case, umlauts, ``_ - ( )`` ignored), and where names overlap the longest one
    wins: "kusel altenglan" is VG Kusel-Altenglan, not Kusel; "pirmasens land" is VG Pirmasens-Land, not
    Stadt Pirmasens. A bare name stands for every municipality it can mean: "kaiserslautern" for the city
    and for the Landkreis, "kusel" for the Landkreis and for VG Kusel-Altenglan (the town Kusel, from the
    ``places`` table). Evidence when no name in that place can mean the chosen municipality. Names of
    other places (Ortsgemeinden) are not evidence: building names and file names are full of them.
    The lines above the header that give a load profile's building, meter, carrier or unit
    ("Liegenschaft;Rathaus Pirmasens") are not title lines: a building is checked against the store.
``buildings_of_other_municipality``
    Building names of the file (ignoring case) stored under another municipality and not under the chosen
    one, when they are at least half of the file's buildings not stored under the chosen one (so a few
    common names such as "Rathaus" or "Bauhof" in a larger file are not evidence).
``meters_of_other_municipality``
    Meter numbers (Zählernummer, Zählpunkt; at least 5 characters, and only when the file has a meter
    column or a "Zählpunkt;…" line) stored with a building of another municipality and not with one of
    the chosen municipality.

Not used: the network operator in a Zählpunkt (DE + operator number + postcode + …): one operator
serves most of the Westpfalz and the store has no table of operators or postcodes, so it would tell
nothing the meter numbers do not. Campaign data (campaigns, activities, MaStR) are not checked: every
row names its own municipality, checked row by row.

The store lookups are SQL over the records of the preview (``kt_valid``, or ``kt_valid_groups`` for
meter readings and load profiles); the file name and title lines are a few strings, matched in Python
against the master data (municipalities and places, a few hundred rows).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ktdash.core.domain import Layout
from ktdash.ingest.columns import ColumnPlan, header_field
from ktdash.ingest.results import MunicipalityEvidence

EVIDENCE_CODES = (
    "key_of_other_municipality",  # an official key of another municipality in the file name or a title line
    "name_of_other_municipality",  # the name of another municipality in the file name or a title line
    "buildings_of_other_municipality",  # buildings of the file stored under another municipality
    "meters_of_other_municipality",  # meter numbers of the file stored under another municipality
)

MIN_METER_CHARS = 5  # shorter meter numbers ("1", "HZ2") are not specific enough to tell anything
EXAMPLES = 5  # names or numbers quoted per evidence

_PREFIXES = {  # words written before a municipality's core name, by kind
    "kreisfreie Stadt": ("stadt",),
    "Verbandsgemeinde": ("vg", "verbandsgemeinde"),
    "Landkreis": ("landkreis", "lk", "kreis", "kreisverwaltung", "kv"),
}
_STRIP = re.compile(r"^(stadt|vg|verbandsgemeinde|landkreis|gemeinde|ortsgemeinde)\s+|\s*\(kreisverwaltung\)\s*$",
                    re.I)
_TOKEN = re.compile(r"[^\W_]+")
_KEY_LENGTHS = (5, 8, 9, 12)


def normalise(word: str) -> str:
    """One word for comparing names: lower case, without umlauts and accents (ä, ae → a; ß → ss)."""
    word = word.lower().replace("ß", "ss")
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) of every word of ``text``; ``_``, ``-``, brackets and spaces separate."""
    return [(normalise(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in _tokens(text))


@dataclass
class _Master:
    names: dict[str, str]  # municipality key → name
    aliases: dict[tuple[str, ...], set[str]]  # words → the municipality keys they can mean
    places: dict[str, str]  # AGS (8 digits) → municipality key


def _master(con) -> _Master:
    rows = con.execute("SELECT municipality_key, name, kind FROM municipalities").fetchall()
    places = con.execute("SELECT ags, name, municipality_key FROM places").fetchall()
    names = {key: name for key, name, _ in rows}
    aliases: dict[tuple[str, ...], set[str]] = {}

    def add(words: tuple[str, ...], key: str) -> None:
        if words:
            aliases.setdefault(words, set()).add(key)

    for key, name, kind in rows:
        add(_words(name), key)
        core = _STRIP.sub("", name.strip()).strip()
        short = re.sub(r"\s*\(.*?\)\s*", " ", core).strip()  # "Eisenberg (Pfalz)" → "Eisenberg"
        for variant in {core, short}:
            words = _words(variant)
            add(words, key)
            for prefix in _PREFIXES.get(kind, ("stadt", "gemeinde")):
                add((prefix,) + words, key)
    for _, place, key in places:  # a bare name can mean the municipality a place of that name belongs to
        words = _words(place)
        if words in aliases:
            aliases[words].add(key)
    return _Master(names, aliases, {ags: key for ags, _, key in places})


def _keys_in(text: str, master: _Master) -> list[tuple[str, str]]:
    """(key as written, municipality key) for every official key in ``text``."""
    found = []
    for word, _, _ in _tokens(text):
        if not word.isdigit() or len(word) not in _KEY_LENGTHS:
            continue
        key = word if word in master.names else master.places.get(word) if len(word) == 8 else \
            word[:9] if len(word) == 12 and word[:9] in master.names else None
        if key:
            found.append((word, key))
    return found


def _names_in(text: str, master: _Master) -> list[tuple[str, set[str]]]:
    """(name as written, the municipality keys it can mean) for every municipality name in ``text``;
    where names overlap, the longest wins."""
    tokens = _tokens(text)
    words = [w for w, _, _ in tokens]
    longest = max((len(a) for a in master.aliases), default=0)
    matches = []
    for start in range(len(words)):
        for length in range(min(longest, len(words) - start), 0, -1):
            keys = master.aliases.get(tuple(words[start:start + length]))
            if keys:
                matches.append((start, start + length, keys))
                break
    kept: list[tuple[int, int, set[str]]] = []
    for start, end, keys in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, keys))
    return [(text[tokens[s][1]:tokens[e - 1][2]], keys) for s, e, keys in sorted(kept, key=lambda m: m[0])]


def _title_lines(sample: list[list[str]], header_index: int) -> list[tuple[int, str]]:
    """(file line, text) of the lines above the header, without the key/value lines of a load profile."""
    lines = []
    for index, row in enumerate(sample[:header_index]):
        cells = [c.strip() for c in row if c and c.strip()]
        if not cells:
            continue
        first = cells[0].split(":", 1)[0] if len(cells) == 1 else cells[0].rstrip(":")
        if (len(cells) > 1 or ":" in cells[0]) and header_field(first)[0] is not None:
            continue  # "Zählpunkt;DE…", "Liegenschaft: Rathaus"
        lines.append((index + 1, " ".join(cells)))
    return lines


def _names(master: _Master, keys) -> list[str]:
    return [master.names[k] for k in sorted(keys, key=lambda k: (len(k), k))]


def from_text(con, file_name: str, sample: list[list[str]], header_index: int,
              municipality_key: str) -> list[MunicipalityEvidence]:
    """Evidence from the file name and the title lines above the header."""
    master = _master(con)
    places: list[tuple[str, int | None, str]] = [("file_name", None, file_name.rsplit(".", 1)[0])]
    places += [("title", line, text) for line, text in _title_lines(sample, header_index)]
    evidence = []
    for where in ("file_name", "title"):
        texts_here = [(line, text) for w, line, text in places if w == where]
        keys = [(line, written, key) for line, text in texts_here for written, key in _keys_in(text, master)]
        if keys and all(key != municipality_key for _, _, key in keys):
            seen = set()
            for line, written, key in keys:
                if (written, key) not in seen:
                    seen.add((written, key))
                    evidence.append(MunicipalityEvidence(
                        code="key_of_other_municipality", where=where, line=line, found=written,
                        municipality_keys=[key], municipality_names=[master.names[key]]))
        names = [(line, written, found) for line, text in texts_here for written, found in _names_in(text, master)]
        if names and all(municipality_key not in found for _, _, found in names):
            seen = set()
            for line, written, found in names:
                if written.lower() not in seen:
                    seen.add(written.lower())
                    ordered = sorted(found, key=lambda k: (len(k), k))
                    evidence.append(MunicipalityEvidence(
                        code="name_of_other_municipality", where=where, line=line, found=written,
                        municipality_keys=ordered, municipality_names=_names(master, found)))
    return evidence


def from_store(con, layout: Layout, plan: ColumnPlan, municipality_key: str) -> list[MunicipalityEvidence]:
    """Evidence from buildings and meters of the file stored under another municipality (SQL over the
    preview's records: ``kt_valid``, or ``kt_valid_groups`` for meter readings and load profiles)."""
    source = "kt_valid_groups" if layout in (Layout.READINGS, Layout.LOAD_PROFILE) else "kt_valid"
    evidence = []
    rows = con.execute(f"""
        WITH file AS (  -- the file's buildings not stored under the chosen municipality
            SELECT building_key, min(building) AS building FROM {source}
            WHERE building_id IS NULL AND building_key IS NOT NULL GROUP BY building_key
        ), elsewhere AS (
            SELECT DISTINCT f.building_key, f.building, b.municipality_key
            FROM file f JOIN buildings b ON lower(b.name) = f.building_key AND b.municipality_key <> $1
        )
        SELECT e.municipality_key, m.name, count(DISTINCT e.building_key),
               list(DISTINCT e.building ORDER BY e.building)[1:{EXAMPLES}],
               (SELECT count(*) FROM file), (SELECT count(DISTINCT building_key) FROM elsewhere)
        FROM elsewhere e JOIN municipalities m USING (municipality_key)
        GROUP BY e.municipality_key, m.name ORDER BY 3 DESC, 1""", [municipality_key]).fetchall()
    if rows and 2 * rows[0][5] >= rows[0][4]:
        evidence += [MunicipalityEvidence(
            code="buildings_of_other_municipality", where="store", found=str(count), count=count,
            examples=list(examples), municipality_keys=[key], municipality_names=[name])
            for key, name, count, examples, _, _ in rows]
    if "meter" in plan.fields or "meter" in plan.preamble:
        rows = con.execute(f"""
            WITH file AS (
                SELECT DISTINCT upper(trim(meter)) AS number FROM {source}
                WHERE length(trim(meter)) >= {MIN_METER_CHARS}
            ), stored AS (
                SELECT upper(trim(m.number)) AS number, b.municipality_key
                FROM meters m JOIN buildings b USING (building_id)
                WHERE upper(trim(m.number)) IN (SELECT number FROM file)
            ), elsewhere AS (
                SELECT DISTINCT number, municipality_key FROM stored WHERE municipality_key <> $1
                  AND number NOT IN (SELECT number FROM stored WHERE municipality_key = $1)
            )
            SELECT e.municipality_key, m.name, count(*), list(e.number ORDER BY e.number)[1:{EXAMPLES}]
            FROM elsewhere e JOIN municipalities m USING (municipality_key)
            GROUP BY e.municipality_key, m.name ORDER BY 3 DESC, 1""", [municipality_key]).fetchall()
        evidence += [MunicipalityEvidence(
            code="meters_of_other_municipality", where="store", found=str(count), count=count,
            examples=list(examples), municipality_keys=[key], municipality_names=[name])
            for key, name, count, examples in rows]
    return evidence


def check(con, ctx, decoded, municipality_key: str) -> list[MunicipalityEvidence]:
    """Every sign that the prepared file belongs to another municipality than ``municipality_key``;
    an empty list when there is none. ``ctx`` and ``decoded`` are those of :func:`prepare_import`."""
    plan = ctx.plan
    return (from_text(con, decoded.file_name, decoded.sample, plan.header_index, municipality_key)
            + from_store(con, plan.layout, plan, municipality_key))
