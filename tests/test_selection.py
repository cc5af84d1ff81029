"""One way from URL to SQL (issue 16 point 5): Selection.from_query / to_query, the one municipality lookup."""

from __future__ import annotations

import pytest

from ktdash.analytics.selection import PARAMETERS, Lookup, Selection, parse
from ktdash.store import records
from ktdash.store.connection import open_store

LOOKUP = Lookup(years=(2022, 2023, 2024), districts={"07336": "Kusel", "07335": "Kaiserslautern"},
                municipalities={"073365001": "VG Kusel-Altenglan", "07312000": "Kaiserslautern",
                                "073355002": "VG Enkenbach-Alsenborn"},
                buildings=frozenset({1, 2, 3}))


def test_round_trip():
    selection = Selection(years=(2023, 2024), carriers=("Strom", "Erdgas"), categories=("Schule",),
                          districts=("07336",), municipalities=("073365001", "07312000"), buildings=(2,),
                          include_not_comparable=True, year=2024, baseline=2022)
    query = selection.to_query()
    assert query == {"jahr": "2024", "jahre": ["2023", "2024"], "basis": "2022", "traeger": ["Strom", "Erdgas"],
                     "kategorie": ["Schule"], "kreis": ["07336"], "kommune": ["073365001", "07312000"],
                     "building": ["2"], "nicht_vergleichbar": "1"}
    back = Selection.from_query(query, LOOKUP)
    assert back == selection and back.dropped == ()
    assert Selection().to_query() == {} and Selection.from_query({}, LOOKUP) == Selection()


def test_names_and_keys_alike():
    by_name = Selection.from_query({"kommune": ["kaiserslautern", " VG Kusel-Altenglan "], "kreis": "KUSEL",
                                    "traeger": ["strom"], "kategorie": "schule"}, LOOKUP)
    by_key = Selection.from_query({"kommune": ["07312000", "073365001"], "kreis": "07336", "traeger": "Strom",
                                   "kategorie": "Schule"}, LOOKUP)
    assert by_name == by_key
    assert by_key.municipalities == ("07312000", "073365001") and by_key.districts == ("07336",)
    assert by_key.carriers == ("Strom",) and by_key.categories == ("Schule",)
    # a key wins over a name; equal names: the smallest key
    assert records.match_key({"1": "2", "2": "x"}, "2") == "2"
    assert records.match_key({"9": "Au", "8": "au"}, "AU") == "8"
    assert records.match_key({"1": "a"}, "  ") is None and records.match_key({"1": "a"}, None) is None


def test_jahr_is_one_year_jahre_a_list_and_old_links_still_work():
    assert Selection.from_query({"jahr": "2024"}, LOOKUP) == Selection(year=2024)
    assert Selection.from_query({"jahre": ["2023", "2024"]}, LOOKUP) == Selection(years=(2023, 2024))
    old = Selection.from_query({"jahr": ["2023", "2024"]}, LOOKUP)  # the overview's old list of years
    assert old.years == (2023, 2024) and old.year == 2024
    assert Selection.from_query({"jahr": "2023"}, LOOKUP).year_list() == (2023,)  # a single old year on a list page
    assert Selection.from_query({"jahre": "2022", "jahr": "2024"}, LOOKUP).year_list() == (2022,)
    # st.query_params (get_all) is read like a mapping
    class Query(dict):
        def get_all(self, name):
            return list(self.get(name, []))
    assert Selection.from_query(Query(jahr=["2024"], basis=["2022"]), LOOKUP) == Selection(year=2024, baseline=2022)


def test_unknown_values_are_dropped_with_a_note_not_an_error():
    selection = Selection.from_query({"jahr": "1850", "jahre": ["2023", "x"], "kommune": ["Atlantis", "07312000"],
                                      "kreis": "Nirgendwo", "traeger": "Uran", "kategorie": "Burg", "building": "99",
                                      "nicht_vergleichbar": "ja", "basis": "2024'; DROP TABLE x"}, LOOKUP)
    assert selection == Selection(years=(2023,), municipalities=("07312000",))
    assert set(selection.dropped) == {("jahr", "1850"), ("jahre", "x"), ("kommune", "Atlantis"),
                                      ("kreis", "Nirgendwo"), ("traeger", "Uran"), ("kategorie", "Burg"),
                                      ("building", "99"), ("nicht_vergleichbar", "ja"),
                                      ("basis", "2024'; DROP TABLE x")}
    # without a lookup of the store: any plausible year, no place known
    assert parse("jahr", ["2031", "20x"]) == ([2031], ["20x"])
    assert parse("kommune", ["Kusel"]) == ([], ["Kusel"])
    assert set(PARAMETERS) >= {"jahr", "jahre", "basis", "traeger", "kategorie", "kreis", "kommune", "building",
                               "nicht_vergleichbar", "ebene", "thema", "kampagne", "aktion", "pruefung", "folie",
                               "anonym", "lang"}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = open_store(tmp_path_factory.mktemp("selection") / "s.duckdb")
    con.execute("INSERT INTO districts (district_key, name, kind) VALUES ('07336', 'Kusel', 'Landkreis')")
    con.execute("INSERT INTO municipalities (municipality_key, name, district_key, kind) VALUES "
                "('073365001', 'VG Kusel-Altenglan', '07336', 'Verbandsgemeinde'), "
                "('07336', 'Landkreis Kusel', '07336', 'Landkreis')")
    yield con
    con.close()


def test_one_lookup_for_pages_cli_import_and_report(con):
    from ktdash.access import accounts
    from ktdash.ingest.pipeline import ImportFileError, resolve_municipality

    assert records.find_municipality(con, "vg kusel-altenglan") == ("073365001", "VG Kusel-Altenglan")
    assert records.find_municipality(con, "07336") == ("07336", "Landkreis Kusel")
    assert records.find_municipality(con, "Atlantis") is None
    assert records.find_district(con, "kusel") == ("07336", "Kusel")
    assert resolve_municipality(con, " Landkreis KUSEL ") == ("07336", "Landkreis Kusel")
    assert accounts.municipality_key(con, "073365001") == ("073365001", "VG Kusel-Altenglan")
    with pytest.raises(ImportFileError):
        resolve_municipality(con, "Atlantis")
    selection = Selection.from_query({"kommune": "Landkreis Kusel", "kreis": "Kusel"}, con)  # a connection works
    assert selection.municipalities == ("07336",) and selection.districts == ("07336",)


def test_fixed_queries_are_files_and_take_no_literal_values():
    from ktdash.analytics import metrics
    from ktdash.store import sql

    assert {"metrics_base", "metrics_building_year", "metrics_potential", "metrics_kpi"} <= set(sql.names())
    assert sql.load("metrics_base") == metrics.BASE_SQL and "{{" not in metrics.POTENTIAL_SQL
    assert "$years" in metrics.BASE_SQL and "$include_not_comparable" in metrics.BUILDING_YEAR_SQL
