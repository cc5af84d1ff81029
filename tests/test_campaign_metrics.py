"""Campaign figures against hand-computed examples (ktdash.analytics.campaigns).

Master data of tests/data/master: district Kusel 69,000 inhabitants (VG Kusel-Altenglan 24,000,
VG Oberes Glantal 21,000, the Kreisverwaltung without inhabitants), district Kaiserslautern =
Stadt Kaiserslautern 100,000. Places: 07336001 and 07336050 → Kusel-Altenglan, 07336100 → Oberes
Glantal, 07312000 → Kaiserslautern.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from ktdash.analytics import campaigns as m
from ktdash.output.exports import ical
from ktdash.output.exports.datasets import campaigns_frame

AS_OF = date(2026, 11, 25)
ALL = m.CampaignSelection(as_of=AS_OF)

CAMPAIGNS = """Nr;Kampagne;Thema;Federführung;Beteiligte Kommunen;Beginn;Ende
P1;Solar-Check Kusel;Photovoltaik;Kusel;VG Kusel-Altenglan;01.03.2024;31.05.2024
W1;Wärme im Quartier;Wärme;Stadt Kaiserslautern;alle;01.01.2024;31.12.2024
"""

ACTIVITIES = ("Kampagne;Datum;Kommune;Format;Art;Titel;Kosten (EUR);Teilnehmende;Anmeldungen;Beratungen;"
              "Seitenaufrufe;Leads;Umsetzungen\n") + """\
P1;10.03.2024;VG Kusel-Altenglan;Präsenz;Vortrag;A;400,00;40;;;;4;
P1;20.03.2024;VG Kusel-Altenglan;Präsenz;Solar-Check;B;600,00;12;;12;;;3
P1;01.04.2024;Landkreis Kusel (Kreisverwaltung);online;Newsletter;C;;;;;2.000;;
W1;15.02.2024;Stadt Kaiserslautern;online;Webinar;D;300,00;100;150;;;;
W1;16.02.2024;VG Oberes Glantal;hybrid;Vortrag;E;;30;;;;;
P1;10.12.2026;VG Oberes Glantal;Präsenz;Infostand;F;;;;;;;
"""

REGISTER_HEADER = ("MaStR-Nr. der Einheit;Betriebs-Status;Energieträger;Bruttoleistung der Einheit;"
                   "Inbetriebnahmedatum der Einheit;Gemeindeschlüssel;Art der Solaranlage")


def register(units: list[tuple[str, str, str]], plug_in: int = 0) -> str:
    """A register file: (Gemeindeschlüssel, commissioning date, kW) per unit; the first ``plug_in`` are balcony
    units."""
    lines = [REGISTER_HEADER]
    for number, (ags, day, kw) in enumerate(units, start=1):
        kind = "Steckerfertige Erzeugungsanlage (sog. Plug-In- oder Balkonkraftwerk)" if number <= plug_in else \
            "Bauliche Anlagen (Hausdach, Gebäude und Fassade)"
        lines.append(f"SEE{number:012d};In Betrieb;Solare Strahlungsenergie;{kw};{day};{ags};{kind}")
    return "\n".join(lines) + "\n"


# Kusel-Altenglan: before window (01.03.2023–29.02.2024) 2 units, after window (01.03.2024–28.02.2025) 5,
# one more on 01.03.2025 (outside both; makes the register reach past the after window).
# Oberes Glantal: 1 before (01.03.2023, first day), 1 after. Kaiserslautern: 20 before, 22 after.
UNITS = (
    [("07336001", "15.01.2024", "0,8"), ("07336001", "01.06.2023", "9,5"), ("07336050", "01.04.2024", "10")]
    + [("07336001", "01.04.2024", "5,5")] * 2
    + [("07336050", "01.09.2024", "20"), ("07336001", "28.02.2025", "7"), ("07336001", "01.03.2025", "3")]
    + [("07336100", "01.03.2023", "8"), ("07336100", "01.05.2024", "6")]
    + [("07312000", "10.06.2023", "10")] * 20 + [("07312000", "10.06.2024", "10")] * 22
)


@pytest.fixture
def campaign_store(store, load):
    load(CAMPAIGNS, name="kampagnen.csv")
    load(ACTIVITIES, name="aktivitaeten.csv")
    load(register(UNITS, plug_in=1), name="mastr.csv")
    return store


def row(frame: pd.DataFrame, column: str, value) -> pd.Series:
    found = frame[frame[column] == value]
    assert len(found) == 1, (value, frame[column].tolist())
    return found.iloc[0]


def test_reach_per_district_hand_computed(campaign_store):
    frame = m.reach_by_district(campaign_store, ALL)
    kusel = row(frame, "key", "07336")
    # activities 1, 2, 3, 5 held and 6 planned; participants 40 + 12 + 30 (3 and 6 recorded none)
    assert (kusel.activities, kusel.activities_held) == (5, 4)
    assert kusel.participants == 82
    assert kusel.participants_per_1000 == pytest.approx(82 * 1000 / 69000)  # 1.1884
    assert kusel.consultations == 12
    assert kusel.consultations_per_1000 == pytest.approx(12 * 1000 / 69000)
    assert kusel.page_views == 2000 and kusel.leads == 4 and kusel.outcomes == 3
    assert kusel.cost_eur == 1000
    # cost per participant over activities with cost and participants recorded: (400 + 600) / (40 + 12);
    # activity 5 (30 participants, no cost) is left out, not counted at 0 €
    assert kusel.cost_per_participant == pytest.approx(1000 / 52)  # 19.23 €
    assert kusel.cost_per_consultation == pytest.approx(600 / 12)  # 50 €
    assert (kusel.participants_in_person, kusel.participants_hybrid) == (52, 30)
    assert pd.isna(kusel.participants_online)  # the newsletter is online but counted no participants
    assert kusel.topics == "Photovoltaik, Wärme"
    kaiserslautern = row(frame, "key", "07312")
    assert kaiserslautern.participants == 100 and kaiserslautern.participants_per_1000 == pytest.approx(1.0)
    assert kaiserslautern.cost_per_participant == pytest.approx(3.0)
    assert kaiserslautern.participants_online == 100 and kaiserslautern.registrations == 150


def test_reach_per_municipality_and_the_kreisverwaltung_without_inhabitants(campaign_store):
    frame = m.reach_by_municipality(campaign_store, ALL)
    altenglan = row(frame, "name", "VG Kusel-Altenglan")
    assert altenglan.participants == 52
    assert altenglan.participants_per_1000 == pytest.approx(52 * 1000 / 24000)  # 2.1667
    assert altenglan.cost_per_participant == pytest.approx(1000 / 52)
    glantal = row(frame, "name", "VG Oberes Glantal")
    assert glantal.participants_per_1000 == pytest.approx(30 * 1000 / 21000)
    assert pd.isna(glantal.cost_per_participant)  # no cost recorded
    kreis = row(frame, "name", "Landkreis Kusel (Kreisverwaltung)")
    assert kreis.page_views == 2000 and pd.isna(kreis.participants_per_1000)


def test_filters_by_year_topic_and_district(campaign_store):
    pv_2024 = m.reach_by_district(campaign_store, m.CampaignSelection(years=(2024,), topics=("Photovoltaik",),
                                                                       as_of=AS_OF))
    assert row(pv_2024, "key", "07336").participants == 52  # activities 1 and 2
    assert row(pv_2024, "key", "07336").activities == 3  # the planned 2026 one is in another year
    assert row(pv_2024, "key", "07312").activities == 0
    only_kl = m.reach_by_district(campaign_store, m.CampaignSelection(districts=("07312",), as_of=AS_OF))
    assert only_kl["key"].tolist() == ["07312"]


def test_format_split_topics_and_timeline(campaign_store):
    formats = m.format_split(campaign_store, ALL)
    kusel = formats[formats["district"] == "Kusel"].set_index("format")
    assert kusel.loc["Präsenz", "participants"] == 52 and kusel.loc["Präsenz", "activities"] == 2
    assert kusel.loc["hybrid", "participants"] == 30
    assert kusel.loc["online", "activities"] == 1  # the planned Infostand is not counted as held
    coverage = m.topic_coverage(campaign_store, ALL)
    assert set(map(tuple, coverage[["district", "topic"]].values)) == {
        ("Kusel", "Photovoltaik"), ("Kusel", "Wärme"), ("Kaiserslautern", "Wärme")}
    timeline = m.timeline(campaign_store, ALL)
    february = timeline[timeline["month"] == pd.Timestamp("2024-02-01")]
    assert february["participants"].sum() == 130 and february["topic"].tolist() == ["Wärme"]
    assert bool(timeline[timeline["month"] == pd.Timestamp("2026-12-01")]["planned"].iloc[0])


def test_campaign_table(campaign_store):
    table = m.campaign_table(campaign_store, ALL)
    p1 = row(table, "campaign_id", "P1")
    assert p1.lead == "Landkreis Kusel (Kreisverwaltung)"  # the district named as lead: its Kreisverwaltung
    assert (p1.members, p1.members_population) == (1, 24000)
    assert p1.participants == 52 and p1.activities == 4
    assert p1.participants_per_1000 == pytest.approx(52 * 1000 / 24000)
    w1 = row(table, "campaign_id", "W1")
    assert (w1.members, w1.members_population) == (3, 145000)  # "alle": every municipality with inhabitants
    assert w1.participants == 130 and w1.cost_per_participant == pytest.approx(300 / 100)


def test_pv_additions_side_by_side_with_activity(campaign_store):
    frame = m.pv_additions(campaign_store, ALL)
    altenglan = frame[frame["name"] == "VG Kusel-Altenglan"].set_index("year")
    assert altenglan.loc[2024, "units"] == 5  # 15.01., 3 × 01.04., 01.09.
    assert altenglan.loc[2024, "kwp"] == pytest.approx(0.8 + 10 + 5.5 + 5.5 + 20)
    assert altenglan.loc[2024, "plug_in_units"] == 1
    assert altenglan.loc[2024, "units_per_1000"] == pytest.approx(5 * 1000 / 24000)
    assert altenglan.loc[2024, "kwp_per_1000"] == pytest.approx(41.8 * 1000 / 24000)
    assert altenglan.loc[2024, "pv_activities"] == 2 and altenglan.loc[2024, "pv_participants"] == 52
    assert altenglan.loc[2024, "pv_consultations"] == 12
    assert altenglan.loc[2023, "pv_activities"] == 0
    districts = m.pv_by_district(campaign_store, m.CampaignSelection(years=(2024,)))
    kusel = row(districts, "key", "07336")
    assert kusel.units == 6 and kusel.units_per_1000 == pytest.approx(6 * 1000 / 69000)


def test_before_after_difference_in_differences(campaign_store):
    result = m.before_after(campaign_store, "P1", window_months=12)
    assert (result.before_start, result.before_end) == (date(2023, 3, 1), date(2024, 2, 29))
    assert (result.after_start, result.after_end) == (date(2024, 3, 1), date(2025, 2, 28))
    assert result.complete and result.data_until == date(2025, 3, 1)
    groups = result.groups.set_index("group")
    members, comparison = groups.loc["members"], groups.loc["comparison"]
    assert (members.municipalities, members.population, members.units_before, members.units_after) == (1, 24000, 2, 5)
    # the comparison group: every municipality with inhabitants in no photovoltaic campaign of the windows
    assert (comparison.municipalities, comparison.population) == (2, 121000)
    assert (comparison.units_before, comparison.units_after) == (21, 23)
    assert members.rate_before == pytest.approx(2 * 1000 / 24000)  # 0.0833 per 1,000
    assert members.rate_after == pytest.approx(5 * 1000 / 24000)  # 0.2083
    assert members.change == pytest.approx(0.125)
    assert comparison.change == pytest.approx(2 * 1000 / 121000)  # 0.0165
    assert result.difference == pytest.approx(0.125 - 2000 / 121000)  # 0.1085
    assert members.relative_change == pytest.approx(5 / 2 - 1)
    per_municipality = result.municipalities.set_index("name")
    assert per_municipality.loc["VG Oberes Glantal", "units_before"] == 1  # 01.03.2023: first day of the window
    assert "Landkreis Kusel (Kreisverwaltung)" not in per_municipality.index


def test_before_after_waits_for_the_register_and_is_only_for_photovoltaics(store, load):
    load(CAMPAIGNS, name="kampagnen.csv")
    load(register(UNITS[:7]), name="mastr.csv")  # data end 28.02.2025 = the last day of the after window
    assert m.before_after(store, "P1").complete
    store.execute("DELETE FROM pv_units WHERE commissioned = DATE '2025-02-28'")
    result = m.before_after(store, "P1")
    assert not result.complete and result.difference is None
    assert m.before_after(store, "W1") is None
    assert m.before_after(store, "nope") is None


def test_a_member_of_another_pv_campaign_is_not_in_the_comparison_group(store, load):
    load(CAMPAIGNS + "P2;Solar Glantal;PV;Kusel;VG Oberes Glantal;01.01.2025;31.03.2025\n", name="kampagnen.csv")
    load(register(UNITS), name="mastr.csv")
    groups = m.before_after(store, "P1").groups.set_index("group")
    assert groups.loc["comparison", "population"] == 100000  # Oberes Glantal overlaps the after window


def test_annual_plan_and_icalendar(campaign_store):
    plan = m.annual_plan(campaign_store, 2024)
    assert plan["entry"].tolist().count("campaign") == 2 and plan["entry"].tolist().count("activity") == 5
    assert plan.iloc[0]["campaign_id"] == "W1" and plan.iloc[0]["entry"] == "campaign"  # sorted by start
    kusel_only = m.annual_plan(campaign_store, 2024, districts=("07336",))
    assert set(kusel_only[kusel_only["entry"] == "activity"]["place"]) == {
        "VG Kusel-Altenglan", "Landkreis Kusel (Kreisverwaltung)", "VG Oberes Glantal"}
    assert set(kusel_only[kusel_only["entry"] == "campaign"]["campaign_id"]) == {"P1", "W1"}  # W1: "alle"
    pv = m.annual_plan(campaign_store, 2026, topics=("Photovoltaik",))
    assert pv["entry"].tolist() == ["activity"]  # the planned Infostand; P1 itself ended in 2024
    ics = ical.plan_ics(plan).decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert ics.count("BEGIN:VEVENT") == len(plan)
    assert "DTSTART;VALUE=DATE:20240301\r\nDTEND;VALUE=DATE:20240601\r\n" in ics  # end exclusive: 31.05. + 1 day
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))
    assert "\\," in ics  # commas in text escaped (RFC 5545 3.3.11)
    # the words in the page's language (German by default), the same events (UIDs) in both
    english = ical.plan_ics(plan, lang="en").decode("utf-8")
    unfolded = {lang: text.replace("\r\n ", "") for lang, text in (("de", ics), ("en", english))}
    for word in ("Kampagne W1.", "Federführung: ", "Beteiligt: ", "(Wärme)"):
        assert word in unfolded["de"] and word not in unfolded["en"]
    for word in ("Campaign W1.", "Lead: ", "Participating: ", "(Heating)"):
        assert word in unfolded["en"]
    assert re.findall(r"UID:\S+", unfolded["de"]) == re.findall(r"UID:\S+", unfolded["en"])


def test_export_campaigns_equals_the_figures(campaign_store):
    frame = campaigns_frame(campaign_store, "district")
    direct = m.reach_by_district(campaign_store)
    assert frame["participants"].fillna(-1).tolist() == direct["participants"].fillna(-1).tolist()
    kusel = row(frame, "key", "07336")
    assert kusel.participants_per_1000 == pytest.approx(82 * 1000 / 69000)
    pv = campaigns_frame(campaign_store, "pv", year=2024)
    assert set(pv["year"]) == {2024}


def test_campaign_options_for_the_filters(campaign_store):
    options = m.campaign_options(campaign_store)
    assert options["years"] == [2026, 2024]  # years with activities
    assert options["plan_years"] == [2026, 2024]  # P1 and W1 run within 2024
    assert options["topics"] == ["Photovoltaik", "Wärme"]  # the vocabulary's order
    assert options["districts"] == {"07312": "Kaiserslautern", "07336": "Kusel"}
    assert options["campaigns"] == 2 and [d.isoformat() for d in options["population_dates"]] == ["2023-12-31"]
