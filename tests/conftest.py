"""Fixtures: a fresh in-memory store with a tiny master-data set, and an import helper."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ktdash.ingest import commit_import, prepare_import
from ktdash.masterdata import load_master_data
from ktdash.settings import Settings
from ktdash.store import open_store

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 1, 15)
KUSEL = "VG Kusel-Altenglan"


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def store():
    con = open_store(":memory:")
    load_master_data(con, DATA / "master")
    yield con
    con.close()


@pytest.fixture
def prepare(store, settings):
    """prepare(content, name=…, municipality=…) → PreparedImport; content str is written as UTF-8."""

    def run(content, name="datei.csv", municipality=KUSEL, encoding="utf-8", **kwargs):
        data = content.encode(encoding) if isinstance(content, str) else content
        return prepare_import(store, data, name, municipality, settings=settings, today=TODAY, **kwargs)

    return run


@pytest.fixture
def load(store, prepare):
    """load(content, …) → preview, after committing; fails the test when rows were rejected."""

    def run(content, name="datei.csv", municipality=KUSEL, allow_rejections=False, **kwargs):
        prepared = prepare(content, name=name, municipality=municipality, **kwargs)
        if not allow_rejections:
            assert prepared.preview.rows_rejected == 0, prepared.preview.rejected_frame().to_string()
        commit_import(store, prepared, user="test")
        return prepared.preview

    return run


def yearly(store, building: str | None = None) -> dict[tuple[str, str, int], float]:
    """{(building, carrier, year): value} from the rollup, rounded to 3 decimals."""
    rows = store.execute("""
        SELECT b.name, r.carrier, year(r.month), round(sum(r.value), 3) FROM monthly_rollup r
        JOIN buildings b USING (building_id) GROUP BY ALL""").fetchall()
    return {(b, c, y): v for b, c, y, v in rows if building is None or b == building}


def monthly(store, building: str, carrier: str) -> dict[str, float]:
    rows = store.execute("""
        SELECT strftime(r.month, '%Y-%m'), round(r.value, 3) FROM monthly_rollup r JOIN buildings b USING (building_id)
        WHERE b.name = ? AND r.carrier = ? ORDER BY 1""", [building, carrier]).fetchall()
    return dict(rows)


def make_store_file(path: Path, imports: list[tuple[str, str, str]] = ()) -> Path:
    """A store file with the test master data and (content, file name, municipality) imports."""
    from ktdash.ingest import import_file

    con = open_store(path)
    try:
        load_master_data(con, DATA / "master")
        for content, name, municipality in imports:
            preview, result = import_file(con, content.encode(), name, municipality, settings=Settings(), user="test")
            assert result is not None, preview.rejected_frame().to_string()
    finally:
        con.close()
    return path


@pytest.fixture
def downloads(monkeypatch):
    """Bytes of every st.download_button of a run, by the file name the user gets."""
    files: dict[str, bytes] = {}

    class Recording(MemoryMediaFileStorage):
        def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
            if isinstance(path_or_data, bytes) and filename:
                files[filename] = path_or_data
            return super().load_and_get_id(path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return files
