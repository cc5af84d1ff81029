"""Time done right for interval data (issue 13): load-profile intervals are stored in UTC.

Every file here is generated in the test from the true instants (``zoneinfo``): a local-time profile across
the spring and the autumn change (differing and equal values in the repeated hour), UTC and offset-stamped
files, von/bis columns, end stamps, 24:00, the 2A/2B and * marks, a true duplicate, a file in MEZ all year,
and a whole year of a town hall. Each must store every interval once and give monthly sums (local month of
the interval start) equal to the file's, exactly. The rules themselves (``ktdash.core.localtime``) are compared
with DuckDB's ICU for every quarter hour of several years.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import duckdb
import pytest

from conftest import monthly
from ktdash.core import localtime
from ktdash.i18n import texts
from ktdash.ingest.pipeline import MappingProfile

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc
HEADER = "Zählpunkt;Liegenschaft;Datum;Uhrzeit;Verbrauch;Einheit\n"


# --- the rules against ICU -------------------------------------------------------------------------------------

def test_rules_equal_icu_for_every_quarter_hour():
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE t AS SELECT unnest(generate_series(TIMESTAMP '2019-01-01', TIMESTAMP '2027-12-31 23:45', "
                "INTERVAL 15 MINUTE)) AS ts")
    icu_utc = "timezone('Europe/Berlin', ts)::TIMESTAMP"  # ICU reads an ambiguous time as the second one
    icu_local = "timezone('Europe/Berlin', (strftime(ts, '%Y-%m-%d %H:%M:%S') || '+00')::TIMESTAMPTZ)"
    ambiguous = "(month(ts) = 10 AND day(ts) >= 25 AND dayofweek(ts) = 0 AND hour(ts) = 2)"
    counts = con.execute(f"""
        SELECT count(*),
               count(*) FILTER (WHERE {localtime.local_to_utc('ts', 'true')} <> {icu_utc}),
               count(*) FILTER (WHERE NOT {ambiguous} AND {localtime.local_to_utc('ts')} <> {icu_utc}),
               count(*) FILTER (WHERE {ambiguous} AND {localtime.local_to_utc('ts')} <> {icu_utc} - INTERVAL 1 HOUR),
               count(*) FILTER (WHERE {ambiguous}),
               count(*) FILTER (WHERE {localtime.utc_to_local('ts')} <> {icu_local}),
               count(*) FILTER (WHERE {localtime.local_month('ts')} <> date_trunc('month', {icu_local})::DATE)
        FROM t""").fetchone()
    assert counts[0] == 9 * 365 * 96 + 2 * 96  # 2020 and 2024 are leap years
    assert counts[1:4] == (0, 0, 0) and counts[4] == 9 * 4
    assert counts[5:] == (0, 0)
    # a spring time that does not exist is read with the offset before the change, as ICU does
    assert con.execute(f"SELECT {localtime.local_to_utc(chr(39) + '2023-03-26 02:15' + chr(39) + '::TIMESTAMP')}"
                       ).fetchone()[0] == datetime(2023, 3, 26, 1, 15)


# --- generated files -------------------------------------------------------------------------------------------

def starts(first: date, days: int, minutes: int = 15) -> list[datetime]:
    """UTC starts of the intervals from local midnight of ``first`` to local midnight ``days`` later."""
    begin = datetime(first.year, first.month, first.day, tzinfo=BERLIN).astimezone(UTC)
    last = first + timedelta(days)
    end = datetime(last.year, last.month, last.day, tzinfo=BERLIN).astimezone(UTC)
    return [begin + timedelta(minutes=minutes * i) for i in range(int((end - begin).total_seconds() // 60 // minutes))]


def value(i: int, start: datetime) -> Decimal:
    return Decimal(1000 + (i * 37) % 500 + start.astimezone(BERLIN).hour * 10) / 1000


def local_file(instants, values=value, meter="DE01", building="Rathaus Kusel", clock=None, header=HEADER):
    """A file in local civil time: Datum;Uhrzeit (``clock(start) -> (date text, time text)`` to vary the form)."""
    lines = [header]
    for i, start in enumerate(instants):
        loc = start.astimezone(BERLIN)
        day, time = clock(start) if clock else (loc.strftime("%d.%m.%Y"), loc.strftime("%H:%M"))
        v = values(i, start)
        lines.append(f"{meter};{building};{day};{time};{str(v).replace('.', ',')};kWh\n")
    return "".join(lines)


def month_sums(instants, values=value) -> dict[str, float]:
    """{YYYY-MM: kWh} by the local month of each interval start, from the exact values."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for i, start in enumerate(instants):
        sums[start.astimezone(BERLIN).strftime("%Y-%m")] += values(i, start)
    return {k: float(round(v, 3)) for k, v in sorted(sums.items())}


def stored(store) -> list[datetime]:
    return [r[0] for r in store.execute("SELECT ts FROM readings ORDER BY ts").fetchall()]


def naive_utc(instants) -> list[datetime]:
    return [s.astimezone(UTC).replace(tzinfo=None) for s in instants]


def autumn_equal(i, start):
    """Equal values in both copies of the repeated hour."""
    return Decimal("1.25") if start.astimezone(BERLIN).hour == 2 else value(i, start)


AUTUMN = starts(date(2023, 10, 28), 4)  # 28.10.–31.10.2023: 96 + 100 + 96 + 96
SPRING = starts(date(2023, 3, 25), 8)  # 25.03.–01.04.2023: across the change and the month end
NOTE_AUTUMN = "Zeitumstellung 29.10.2023: 100 Viertelstunden, beide Stunden 02:00–03:00 übernommen"
NOTE_SPRING = "Zeitumstellung 26.03.2023: 92 Viertelstunden (die Stunde 02:00–03:00 gibt es nicht)"


@pytest.mark.parametrize("values", [value, autumn_equal], ids=["differing", "equal"])
def test_autumn_keeps_both_copies_of_the_repeated_hour(store, load, values):
    assert len(AUTUMN) == 4 * 96 + 4
    preview = load(local_file(AUTUMN, values))
    assert preview.rows_rejected == 0 and preview.duplicates_ignored == 0 and preview.records == len(AUTUMN)
    assert NOTE_AUTUMN in texts.notes(preview.notes)
    assert stored(store) == naive_utc(AUTUMN)
    assert monthly(store, "Rathaus Kusel", "Strom") == month_sums(AUTUMN, values)
    assert (preview.period_start, preview.period_end) == (date(2023, 10, 28), date(2023, 10, 31))


def test_spring_has_92_quarter_hours_and_no_gap(store, load):
    preview = load(local_file(SPRING))
    assert preview.rows_rejected == 0 and preview.records == 8 * 96 - 4
    assert NOTE_SPRING in texts.notes(preview.notes)
    assert stored(store) == naive_utc(SPRING)
    sums = month_sums(SPRING)
    assert set(sums) == {"2023-03", "2023-04"} and monthly(store, "Rathaus Kusel", "Strom") == sums


def test_a_third_copy_is_a_true_duplicate(store, load):
    text = local_file(AUTUMN, autumn_equal)
    extra = "DE01;Rathaus Kusel;29.10.2023;02:15;1,25;kWh\n"
    preview = load(text + extra)
    assert preview.duplicates_ignored == 1 and preview.records == len(AUTUMN)
    assert monthly(store, "Rathaus Kusel", "Strom") == month_sums(AUTUMN, autumn_equal)


def test_true_duplicate_outside_the_repeated_hour_is_collapsed_and_named(store, load):
    lines = local_file(AUTUMN, autumn_equal).splitlines(keepends=True)
    preview = load("".join(lines[:11] + [lines[10]] + lines[11:]))  # line 11 (28.10. 02:15) twice
    assert preview.duplicates_ignored == 1 and preview.records == len(AUTUMN)
    assert "Doppelte identische Zeilen nur einmal gezählt: Zeile 12 wie Zeile 11 (DE01, 28.10.2023 02:15)" in \
        texts.notes(preview.notes)
    assert monthly(store, "Rathaus Kusel", "Strom") == month_sums(AUTUMN, autumn_equal)


def test_conflicting_copies_outside_the_repeated_hour_are_still_rejected(prepare):
    lines = local_file(AUTUMN).splitlines(keepends=True)
    preview = prepare("".join(lines + [lines[10].replace(";kWh", "").rsplit(";", 1)[0] + ";9,9;kWh\n"])).preview
    assert set(preview.rejected["code"]) == {"duplicate_conflict"}


@pytest.mark.parametrize("form", ["utc_header", "utc_profile", "offsets_colon", "offsets_plain", "zulu"])
def test_utc_and_offset_stamped_files(store, load, form):
    def cell(start):
        u, loc = start.astimezone(UTC), start.astimezone(BERLIN)
        off = loc.strftime("%z")  # +0200 / +0100
        return {"utc_header": u.strftime("%d.%m.%Y %H:%M"), "utc_profile": u.strftime("%Y-%m-%d %H:%M:%S"),
                "offsets_colon": loc.strftime("%Y-%m-%dT%H:%M:%S") + off[:3] + ":" + off[3:],
                "offsets_plain": loc.strftime("%Y-%m-%dT%H:%M:%S") + off,
                "zulu": u.strftime("%Y-%m-%dT%H:%M:%SZ")}[form]

    header = "Zählpunkt;Liegenschaft;Zeitstempel (UTC);Verbrauch\n" if form == "utc_header" else \
        "Zählpunkt;Liegenschaft;Zeitstempel;Verbrauch\n"
    text = header + "".join(f"DE01;Rathaus Kusel;{cell(s)};{str(value(i, s)).replace('.', ',')}\n"
                            for i, s in enumerate(AUTUMN))
    profile = MappingProfile(name="utc", timezone="UTC") if form == "utc_profile" else None
    preview = load(text, profile=profile)
    assert preview.records == len(AUTUMN) and preview.duplicates_ignored == 0
    assert stored(store) == naive_utc(AUTUMN)
    assert monthly(store, "Rathaus Kusel", "Strom") == month_sums(AUTUMN)
    if form.startswith("utc"):
        assert "Zeitstempel in UTC: ohne Umrechnung gespeichert." in texts.notes(preview.notes)
    else:
        assert any("Zeitzonen-Angabe" in n for n in texts.notes(preview.notes))


def test_von_bis_with_full_timestamps(store, load):
    text = "Zählpunkt;Liegenschaft;von;bis;Verbrauch\n" + "".join(
        f"DE01;Rathaus Kusel;{s.astimezone(BERLIN):%d.%m.%Y %H:%M};"
        f"{(s + timedelta(minutes=15)).astimezone(BERLIN):%d.%m.%Y %H:%M};{str(value(i, s)).replace('.', ',')}\n"
        for i, s in enumerate(AUTUMN))
    preview = load(text)
    assert preview.layout == "load_profile" and preview.records == len(AUTUMN)
    assert NOTE_AUTUMN in texts.notes(preview.notes)
    assert stored(store) == naive_utc(AUTUMN)
    assert monthly(store, "Rathaus Kusel", "Strom") == month_sums(AUTUMN)


def end_stamp(start):
    """Date and time of the interval end in local time, the end of a day as 24:00."""
    end = (start + timedelta(minutes=15)).astimezone(BERLIN)
    if end.hour == 0 and end.minute == 0:
        return (end - timedelta(days=1)).strftime("%d.%m.%Y"), "24:00"
    return end.strftime("%d.%m.%Y"), end.strftime("%H:%M")


@pytest.mark.parametrize("header", ["Zählpunkt;Liegenschaft;Datum;bis;Verbrauch;Einheit\n",
                                    "Zählpunkt;Liegenschaft;Datum;Uhrzeit (Intervallende);Verbrauch;Einheit\n"])
def test_end_stamps_and_24_00(store, load, header):
    instants = starts(date(2023, 10, 28), 4) + starts(date(2024, 3, 30), 3)
    preview = load(local_file(instants, clock=end_stamp, header=header))
    assert preview.records == len(instants) and "Zeitstempel = Intervallende: auf den Intervallbeginn umgerechnet." \
        in texts.notes(preview.notes)
    assert stored(store) == naive_utc(instants)
    assert monthly(store, "Rathaus Kusel", "Strom") == month_sums(instants)
    assert "Zeitumstellung 31.03.2024: 92 Viertelstunden (die Stunde 02:00–03:00 gibt es nicht)" in texts.notes(
        preview.notes)


def test_24_00_in_one_cell(store, load):
    instants = starts(date(2023, 12, 31), 2)

    def cell(start):
        day, time = end_stamp(start)
        return f"{day} {time}"

    text = "Liegenschaft;Zeitstempel Ende;Verbrauch\n" + "".join(
        f"Rathaus Kusel;{cell(s)};{str(value(i, s)).replace('.', ',')}\n" for i, s in enumerate(instants))
    preview = load(text)
    assert preview.records == len(instants) and stored(store) == naive_utc(instants)
    assert monthly(store, "Rathaus Kusel", "Strom") == month_sums(instants)  # 24:00 of 31.12. closes December


MARKS = {
    "2A_2B": lambda loc, second: loc.strftime("%H:%M").replace("02:", "2B:" if second else "2A:"),
    "02A_02B": lambda loc, second: loc.strftime("%H:%M").replace("02:", "02B:" if second else "02A:"),
    "suffix": lambda loc, second: loc.strftime("%H:%M") + (" B" if second else "A"),
    "star": lambda loc, second: loc.strftime("%H:%M") + ("*" if second else ""),
}


@pytest.mark.parametrize("mark", sorted(MARKS))
def test_marks_of_the_repeated_hour(store, load, mark):
    """The marks decide, not the order: here the winter copy comes first in the file."""
    hour = [s for s in AUTUMN if s.astimezone(BERLIN).strftime("%d %H") == "29 02"]
    order = [s for s in AUTUMN if s not in hour]
    at = order.index(hour[0] - timedelta(minutes=15)) + 1
    order = order[:at] + hour[4:] + hour[:4] + order[at:]

    def clock(start):
        loc = start.astimezone(BERLIN)
        if loc.hour != 2 or loc.day != 29:
            return loc.strftime("%d.%m.%Y"), loc.strftime("%H:%M")
        return loc.strftime("%d.%m.%Y"), MARKS[mark](loc, loc.utcoffset() == timedelta(hours=1))

    values = {s: value(i, s) for i, s in enumerate(AUTUMN)}
    preview = load(local_file(order, values=lambda i, s: values[s], clock=clock))
    assert preview.records == len(AUTUMN) and NOTE_AUTUMN in texts.notes(preview.notes)
    rows = dict(store.execute("SELECT ts, value FROM readings").fetchall())
    assert rows == {s.astimezone(UTC).replace(tzinfo=None): pytest.approx(float(v)) for s, v in values.items()}
    assert monthly(store, "Rathaus Kusel", "Strom") == month_sums(AUTUMN)


def test_a_file_in_mez_all_year_is_read_as_utc_plus_one(store, load):
    """96 quarter hours on the day of the spring change (with 02:00–03:00, which local time does not have)."""
    mez = timezone(timedelta(hours=1))
    instants = [datetime(2023, 3, 25, tzinfo=mez) + timedelta(minutes=15 * i) for i in range(4 * 96)]
    text = HEADER + "".join(f"DE01;Rathaus Kusel;{s:%d.%m.%Y};{s:%H:%M};{str(value(i, s)).replace('.', ',')};kWh\n"
                            for i, s in enumerate(instants))
    preview = load(text)
    assert preview.rows_rejected == 0 and preview.records == len(instants)
    assert any(n.startswith("Zeitumstellung 26.03.2023: 96 Viertelstunden mit der Stunde")
               for n in texts.notes(preview.notes))
    assert stored(store) == naive_utc(instants)


def test_notes_per_meter(prepare):
    text = local_file(AUTUMN) + local_file(AUTUMN, meter="DE02", header="") + local_file(
        [s for s in AUTUMN if not (s.astimezone(BERLIN).hour == 2 and s.astimezone(BERLIN).utcoffset()
                                   == timedelta(hours=1))], meter="DE03", header="")
    notes = texts.notes(prepare(text).preview.notes)
    assert f"Zähler DE01, DE02: {NOTE_AUTUMN}" in notes
    assert ("Zähler DE03: Zeitumstellung 29.10.2023: 96 Viertelstunden, die Stunde 02:00–03:00 nur einmal in der "
            "Datei, als Sommerzeit übernommen") in notes


def town_hall_year(year: int = 2023) -> tuple[list[datetime], dict[datetime, Decimal]]:
    """A town hall's quarter hours of a year: base load, office hours on working days, more light in winter."""
    instants = starts(date(year, 1, 1), 365)
    values = {}
    for i, s in enumerate(instants):
        loc = s.astimezone(BERLIN)
        h = loc.hour + loc.minute / 60
        working = loc.weekday() < 5
        office = working and 7 <= h < 18
        season = 1 + 0.3 * math.cos(2 * math.pi * (loc.timetuple().tm_yday - 15) / 365)
        kwh = 1.8 + (6.5 * season if office else 0) + (1.2 if working and 17 <= h < 21 else 0) + (i % 11) * 0.037
        values[s] = Decimal(f"{kwh:.3f}")
    return instants, values


def test_a_whole_year_of_a_town_hall(store, load):
    instants, values = town_hall_year()
    text = local_file(instants, values=lambda i, s: values[s])
    assert len(instants) == 35_040 == len(text.splitlines()) - 1 == 365 * 96
    preview = load(text)
    assert preview.rows_read == 35_040 and preview.records == 35_040 and preview.duplicates_ignored == 0
    assert NOTE_SPRING in texts.notes(preview.notes) and NOTE_AUTUMN in texts.notes(preview.notes)
    sums = month_sums(instants, lambda i, s: values[s])
    assert len(sums) == 12 and monthly(store, "Rathaus Kusel", "Strom") == sums
    total = store.execute("SELECT sum(value) FROM monthly_rollup").fetchone()[0]
    assert round(total, 3) == float(sum(values.values()))
    assert (preview.period_start, preview.period_end) == (date(2023, 1, 1), date(2023, 12, 31))


def test_migration_moves_stored_intervals_to_utc(store):
    """A store of the version before 008: interval values in local time, readings in local time."""
    from importlib import resources

    store.execute("INSERT INTO buildings (municipality_key, name) SELECT municipality_key, 'Alt' FROM municipalities "
                  "LIMIT 1")
    b = store.execute("SELECT building_id FROM buildings WHERE name = 'Alt'").fetchone()[0]
    store.execute("INSERT INTO meters (building_id, number, carrier, unit, factor, cumulative, interval_minutes) "
                  "VALUES (?, 'L', 'Strom', 'kWh', 1, false, 15), (?, 'M', 'Strom', 'kWh', 1, false, 15), "
                  "(?, 'Z', 'Strom', 'kWh', 1, true, NULL)", [b, b, b])
    ids = dict(store.execute("SELECT number, meter_id FROM meters").fetchall())
    local = [s.astimezone(BERLIN) for s in AUTUMN]
    rows = {}  # the old import kept the first copy of the repeated hour
    for s in local:
        rows.setdefault(s.replace(tzinfo=None), s)
    for naive in rows:
        store.execute("INSERT INTO readings (meter_id, ts, value, import_id) VALUES (?, ?, 1, 1)",
                      [ids["L"], naive])
    mez = [datetime(2023, 3, 26, 1) + timedelta(minutes=15 * i) for i in range(8)]  # with 02:00–02:45
    for naive in mez:
        store.execute("INSERT INTO readings (meter_id, ts, value, import_id) VALUES (?, ?, 1, 1)",
                      [ids["M"], naive])
    store.execute("INSERT INTO readings (meter_id, ts, value, import_id) VALUES (?, '2023-10-29 02:30', 100, 1)",
                  [ids["Z"]])
    sql = resources.files("ktdash.store.migrations").joinpath("008_load_profiles_in_utc.sql").read_text(
        encoding="utf-8")
    store.execute(sql)
    got = {n: [r[0] for r in store.execute("SELECT ts FROM readings WHERE meter_id = ? ORDER BY ts", [i]).fetchall()]
           for n, i in ids.items()}
    assert got["L"] == sorted(s.astimezone(UTC).replace(tzinfo=None) for s in rows.values())
    assert got["M"] == [t - timedelta(hours=1) for t in mez]
    assert got["Z"] == [datetime(2023, 10, 29, 2, 30)]  # a cumulative reading stays local


def bulk_cases() -> dict[str, str]:
    """Files of this module for tests/test_import_bulk.py, which imports each through both paths."""
    lines = local_file(AUTUMN, autumn_equal).splitlines(keepends=True)
    mez = timezone(timedelta(hours=1))
    mez_rows = [datetime(2023, 3, 25, tzinfo=mez) + timedelta(minutes=15 * i) for i in range(2 * 96)]

    def marked(mark):
        def clock(start):
            loc = start.astimezone(BERLIN)
            if loc.hour != 2 or loc.day != 29:
                return loc.strftime("%d.%m.%Y"), loc.strftime("%H:%M")
            return loc.strftime("%d.%m.%Y"), MARKS[mark](loc, loc.utcoffset() == timedelta(hours=1))
        return clock

    return {
        "time_autumn": local_file(AUTUMN),
        "time_autumn_equal": local_file(AUTUMN, autumn_equal),
        "time_autumn_third_copy": local_file(AUTUMN) + "DE01;Rathaus Kusel;29.10.2023;02:15;1,25;kWh\n",
        "time_spring": local_file(SPRING),
        "time_duplicate": "".join(lines[:11] + [lines[10]] + lines[11:]),
        "time_two_meters": local_file(AUTUMN) + local_file(SPRING, meter="DE02", header=""),
        "time_utc_header": "Zählpunkt;Liegenschaft;Zeitstempel (UTC);Verbrauch\n" + "".join(
            f"DE01;Rathaus Kusel;{s.astimezone(UTC):%d.%m.%Y %H:%M};{str(value(i, s)).replace('.', ',')}\n"
            for i, s in enumerate(AUTUMN)),
        "time_offsets": "Zählpunkt;Liegenschaft;Zeitstempel;Verbrauch\n" + "".join(
            f"DE01;Rathaus Kusel;{s.astimezone(BERLIN):%Y-%m-%dT%H:%M:%S%z};{str(value(i, s)).replace('.', ',')}\n"
            for i, s in enumerate(AUTUMN)),
        "time_von_bis": "Zählpunkt;Liegenschaft;von;bis;Verbrauch\n" + "".join(
            f"DE01;Rathaus Kusel;{s.astimezone(BERLIN):%d.%m.%Y %H:%M};"
            f"{(s + timedelta(minutes=15)).astimezone(BERLIN):%d.%m.%Y %H:%M};{str(value(i, s)).replace('.', ',')}\n"
            for i, s in enumerate(AUTUMN)),
        "time_end_24": local_file(starts(date(2023, 12, 30), 3), clock=end_stamp,
                                  header="Zählpunkt;Liegenschaft;Datum;bis;Verbrauch;Einheit\n"),
        "time_marks_2a_2b": local_file(AUTUMN, clock=marked("2A_2B")),
        "time_marks_star": local_file(AUTUMN, clock=marked("star")),
        "time_mez_all_year": HEADER + "".join(
            f"DE01;Rathaus Kusel;{s:%d.%m.%Y};{s:%H:%M};{str(value(i, s)).replace('.', ',')};kWh\n"
            for i, s in enumerate(mez_rows)),
    }


def test_a_corrected_interval_of_the_repeated_hour_is_in_the_history_and_undone(store, load):
    """Correcting the winter copy of 02:15 on 29.10.2023: the history names it in local time with its offset,
    undo brings the first value back."""
    from ktdash.ingest.pipeline import undo_import
    from ktdash.ingest.versions import value_history

    load(local_file(AUTUMN))
    before = store.execute("SELECT * FROM readings ORDER BY ALL").fetchall()
    winter_0215 = next(i for i, s in enumerate(AUTUMN)
                       if s.astimezone(BERLIN).strftime("%d %H:%M") == "29 02:15" and s.astimezone(BERLIN).fold)
    fixed = lambda i, s: Decimal("9.999") if i == winter_0215 else value(i, s)  # noqa: E731
    load(local_file(AUTUMN, fixed), name="korrektur.csv")
    history = value_history(store)
    assert len(history) == 1
    assert history.iloc[0]["period"] == "29.10.2023 02:15 (+01:00)"
    assert (history.iloc[0]["old_value"], history.iloc[0]["new_value"]) == (
        float(value(winter_0215, AUTUMN[winter_0215])), 9.999)
    undo_import(store, store.execute("SELECT max(import_id) FROM imports").fetchone()[0])
    assert store.execute("SELECT * FROM readings ORDER BY ALL").fetchall() == before
    assert monthly(store, "Rathaus Kusel", "Strom") == month_sums(AUTUMN)
