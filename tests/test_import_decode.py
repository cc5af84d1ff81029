"""The conversion in chunks writes exactly what the conversion of the whole text wrote.

``decode_file`` used to decode the whole upload, normalise it and write it at once; it now reads chunks of a
few MB and skips what a survey of the bytes rules out. The reference below is the earlier whole-text code;
with tiny chunks (so characters, BOMs and CR LF pairs fall on chunk borders) and a small line limit both
must give the same file, sample, delimiter and encoding, or the same error.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import re

import pytest

from ktdash.ingest import decode
from ktdash.ingest.results import ImportFileError

LIMIT = 60  # MAX_LINE_CHARS for these tests


def whole_text(data: bytes, tmp_path):
    """The earlier decode_file for CSV text (decode_bytes, normalise, check, write)."""
    text, encoding = decode.decode_bytes(data, "f.csv")
    if decode._control_chars_ratio(text) > 0.01:
        raise ImportFileError("binary", "f.csv")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    too_long = re.search(f"[^\n]{{{LIMIT + 1}}}", text)
    if too_long:
        raise ImportFileError("line_too_long", "f.csv", value=str(text.count("\n", 0, too_long.start()) + 1))
    lines = text.split("\n", decode.SAMPLE_LINES + 1)[:decode.SAMPLE_LINES]
    delimiter = decode.detect_delimiter(lines)
    text = re.sub(r"(?m)^[ \t]*$", delimiter, text.rstrip("\n"))
    sample = list(csv.reader(lines, delimiter=delimiter))
    if max((len(r) for r in sample), default=0) < 2:
        raise ImportFileError("not_a_table", "f.csv")
    return {"text": text + "\n", "encoding": encoding, "delimiter": delimiter, "sample": sample}


def in_chunks(data: bytes, tmp_path):
    decoded = decode.decode_file(data, "f.csv", 10**9, workdir=tmp_path)
    return {"text": decoded.text_path.read_text(encoding="utf-8"), "encoding": decoded.encoding,
            "delimiter": decoded.delimiter, "sample": decoded.sample}


def outcome(function, data, tmp_path):
    try:
        return function(data, tmp_path)
    except ImportFileError as exc:
        return ("error", exc.code, exc.value)


ROWS = ["Liegenschaft;Energieträger;Monat;Verbrauch", "Schule Ä;Strom;01.2024;10",
        "Bürgerhaus „Linde“;Wärme;02.2024;1,5 €", "Kita – Süd;Strom;03.2024;7"]
CORPUS = {
    "lf": "\n".join(ROWS) + "\n",
    "crlf": "\r\n".join(ROWS) + "\r\n",
    "cr": "\r".join(ROWS) + "\r",
    "mixed_ends": ROWS[0] + "\r\n" + ROWS[1] + "\n" + ROWS[2] + "\r" + ROWS[3],
    "blank_lines": "\n\n" + ROWS[0] + "\n\n  \n\t\n" + ROWS[1] + "\r\n\r\n" + ROWS[2] + "\n" + ROWS[3] + "\n\n\r\n\n",
    "whitespace_last_line": "\n".join(ROWS) + "\n  ",
    "no_final_line_break": "\n".join(ROWS),
    "tabs": "\n".join(r.replace(";", "\t") for r in ROWS) + "\n",
    "long_line": "\n".join(ROWS[:2] + ["Schule " + "x" * LIMIT + ";Strom;04.2024;1"] + ROWS[2:]) + "\n",
    "long_line_with_umlauts": "\n".join(ROWS[:2] + ["Ä" * (LIMIT - 10) + ";Strom;04.2024;1"] + ROWS[2:]) + "\n",
    "long_last_line": "\n".join(ROWS) + "\n" + "y" * (LIMIT + 5),
    "one_column": "Liegenschaft\nSchule\nKita\n",
    "control_characters": "\n".join(ROWS) + "\x01" * 40 + "\n",
}
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-16-be")


def variants():
    for name, text in CORPUS.items():
        for encoding in ENCODINGS:
            with contextlib.suppress(UnicodeEncodeError):  # a text cp1252 can't write: no variant
                yield f"{name}-{encoding}", text.encode(encoding)
    cp = "\n".join(ROWS).encode("cp1252")
    yield "undefined_in_cp1252", cp + b"\nSchule \x81;Strom;05.2024;1\n"  # read as Latin-1
    yield "mixed_encoding", cp + "\nSchule Ö;Strom;05.2024;1\n".encode()
    yield "utf8_bom_then_broken", codecs.BOM_UTF8 + "\n".join(ROWS).encode() + b"\xff\n"
    yield "utf16_cut_in_a_character", "\n".join(ROWS).encode("utf-16-le")[:-1]


@pytest.mark.parametrize("chunk", [5, 7, 64, 1 << 22])
@pytest.mark.parametrize("name,data", list(variants()), ids=[name for name, _ in variants()])
def test_conversion_in_chunks_writes_what_the_whole_text_wrote(tmp_path, monkeypatch, chunk, name, data):
    monkeypatch.setattr(decode, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(decode, "MAX_LINE_CHARS", LIMIT)
    expected = outcome(whole_text, data, tmp_path)
    got = outcome(in_chunks, data, tmp_path)
    assert got == expected


def test_sample_lines_and_line_numbers_far_down(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "CHUNK_BYTES", 97)
    monkeypatch.setattr(decode, "MAX_LINE_CHARS", LIMIT)
    lines = ["a;b"] + [f"{i};x" if i % 50 else "" for i in range(1, 400)] + ["z" * (LIMIT + 1), "1;2"]
    data = "\r\n".join(lines).encode("cp1252")
    assert outcome(in_chunks, data, tmp_path) == outcome(whole_text, data, tmp_path) == (
        "error", "line_too_long", "401")
    data = "\r\n".join(lines[:-2]).encode("cp1252")
    assert outcome(in_chunks, data, tmp_path) == outcome(whole_text, data, tmp_path)
