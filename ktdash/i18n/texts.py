"""Every user-facing text of ktdash, German first, English as the switch.

Code uses English names and stable codes; this module turns them into words.
``t(key, lang, **fields)`` for interface text, ``rejection(code, …)`` for a
rejected row, ``file_error(code, …)`` for a file that cannot be imported.
"""

from __future__ import annotations

LANGUAGES = ("de", "en")

UI: dict[str, tuple[str, str]] = {
    # navigation and common
    "app_title": ("ktdash – Energiemanagement Westpfalz", "ktdash – energy management Westpfalz"),
    "language": ("Sprache", "Language"),
    "page_overview": ("Übersicht", "Overview"),
    "page_import": ("Import", "Import"),
    "demo_loading": ("Westpfalz-Demodaten werden geladen …", "Loading the Westpfalz demo data …"),
    "demo_loaded": ("Demodaten geladen: {files} Dateien.", "Demo data loaded: {files} files."),
    # overview
    "overview_title": ("Verbrauch in der Westpfalz", "Consumption in the Westpfalz"),
    "overview_caption": (
        "Jahresverbrauch aus den importierten Daten, nicht witterungsbereinigt. "
        "Energie in kWh (Erdgas als Brennwert Hs, wie abgerechnet), Wasser in m³.",
        "Yearly consumption from the imported data, not weather-normalised. "
        "Energy in kWh (natural gas on the gross calorific value Hs, as billed), water in m³.",
    ),
    "filter_years": ("Jahre", "Years"),
    "filter_carriers": ("Energieträger", "Carriers"),
    "filter_districts": ("Landkreise und Städte", "Districts and cities"),
    "filter_level": ("Ebene", "Level"),
    "level_district": ("Landkreis/Stadt", "District/city"),
    "level_municipality": ("Kommune", "Municipality"),
    "no_data": ("Für diese Auswahl gibt es keine Daten.", "No data for this selection."),
    "chart_title": ("Verbrauch {what} nach {level} und Jahr", "Consumption {what} by {level} and year"),
    "chart_title_year": ("Verbrauch {what} {year} nach {level} und Energieträger",
                         "Consumption {what} {year} by {level} and carrier"),
    "all": ("alle", "all"),
    "axis_year": ("Jahr", "Year"),
    "axis_energy": ("Verbrauch in kWh", "Consumption in kWh"),
    "energy": ("Energie", "energy"),
    "water": ("Wasser", "water"),
    "table_title": ("Tabelle", "Table"),
    "col_district": ("Landkreis/Stadt", "District/city"),
    "col_municipality": ("Kommune", "Municipality"),
    "col_building": ("Gebäude", "Building"),
    "col_carrier": ("Energieträger", "Carrier"),
    "col_year": ("Jahr", "Year"),
    "col_value": ("Verbrauch", "Consumption"),
    "col_unit": ("Einheit", "Unit"),
    "kpi_energy": ("Energie {year}", "Energy {year}"),
    "kpi_buildings": ("Gebäude", "Buildings"),
    "kpi_municipalities": ("Kommunen mit Daten", "Municipalities with data"),
    "kpi_imports": ("Importe", "Imports"),
    "download_csv": ("Tabelle als CSV (Excel)", "Table as CSV (Excel)"),
    # import
    "import_title": ("Daten importieren", "Import data"),
    "import_intro": (
        "Laden Sie Exporte Ihres Energiecontrollings hoch (CSV, TXT oder XLSX): Zählerstände, "
        "Monats- oder Jahresverbräuche, Monatstabellen, Lastgänge oder Gebäudestammdaten – und die Kampagnen "
        "des Netzwerks, ihre Aktivitäten sowie Auszüge aus dem Marktstammdatenregister. "
        "Sie sehen vor dem Speichern, was übernommen und was abgelehnt wird.",
        "Upload exports of your energy controlling (CSV, TXT or XLSX): meter readings, monthly or yearly "
        "consumption, month tables, load profiles or building master data — and the network's campaigns, their "
        "activities and extracts of the Marktstammdatenregister. Before anything is stored you see "
        "what will be taken and what is rejected.",
    ),
    "import_municipality": ("Kommune", "Municipality"),
    "import_file": ("Datei", "File"),
    "import_sheet": ("Tabellenblatt (XLSX)", "Sheet (XLSX)"),
    "import_profile": ("Zuordnungsprofil", "Mapping profile"),
    "import_profile_none": ("automatisch erkennen", "recognise automatically"),
    "import_mapping": ("Spaltenzuordnung", "Column mapping"),
    "import_mapping_help": (
        "Nicht erkannte Spalten können Sie hier zuordnen und als Profil für die nächsten Importe speichern.",
        "Map columns that were not recognised, and save the mapping as a profile for the next imports.",
    ),
    "import_mapping_none": ("– nicht verwenden –", "– do not use –"),
    "import_header_line": ("Überschrift in Zeile", "Header in line"),
    "import_new": ("neu", "new"),
    "import_profile_name": ("Name des Profils", "Profile name"),
    "import_profile_save": ("Zuordnung als Profil speichern", "Save mapping as profile"),
    "import_profile_saved": ("Profil „{name}“ gespeichert.", "Profile “{name}” saved."),
    "import_preview": ("Vorschau", "Preview"),
    "import_checking": ("Datei wird geprüft …", "Checking the file …"),
    "import_checked": ("Datei geprüft", "File checked"),
    "import_stored": ("Import gespeichert", "Import stored"),
    "import_storing": ("Import wird gespeichert …", "Storing the import …"),
    "import_layout": ("Erkannter Aufbau", "Recognised layout"),
    "import_rows": ("Datenzeilen", "Data rows"),
    "import_valid": ("gültig", "valid"),
    "import_rejected": ("abgelehnt", "rejected"),
    "import_records": ("Werte", "Values"),
    "import_replaced": ("ersetzen vorhandene", "replace stored ones"),
    "import_new_buildings": ("Neue Gebäude (Kategorie Sonstiges, ohne Fläche)",
                             "New buildings (category Sonstiges, no area)"),
    "import_buildings": ("Gebäude", "Buildings"),
    "import_meters": ("Zähler", "Meters"),
    "import_period": ("Zeitraum", "Period"),
    "import_totals": ("Summen je Energieträger", "Totals per carrier"),
    "import_rejected_rows": ("Abgelehnte Zeilen", "Rejected rows"),
    "import_rejected_download": ("Abgelehnte Zeilen als CSV", "Rejected rows as CSV"),
    "import_confirm": ("Import speichern", "Store import"),
    "import_confirm_partial": ("Nur die {valid} gültigen Zeilen speichern", "Store only the {valid} valid rows"),
    "import_nothing": ("Die Datei enthält nichts, was gespeichert werden kann.",
                       "The file contains nothing that can be stored."),
    "import_done": (
        "Gespeichert: {records} Werte aus {file} ({replaced} ersetzt, davon {changed} geändert).",
        "Stored: {records} values from {file} ({replaced} replaced, {changed} of them changed).",
    ),
    "corrections_title": ("Korrekturen", "Corrections"),
    "corrections_caption": (
        "Werte, die ein späterer Import ersetzt hat: alter und neuer Wert, welcher Import wann von wem. Die alten "
        "Werte bleiben gespeichert; wird der korrigierende Import rückgängig gemacht, gilt wieder der alte Wert.",
        "Values a later import replaced: old and new value, which import, when and by whom. The old values are "
        "kept; when the correcting import is undone, the old value applies again."),
    "corrections_none": ("Keine Korrekturen: kein gespeicherter Wert wurde durch einen anderen ersetzt.",
                         "No corrections: no stored value has been replaced by another."),
    "corrections_col_replaced_at": ("Korrigiert am", "Corrected at"),
    "corrections_col_building": ("Gebäude", "Building"),
    "corrections_col_meter": ("Zähler", "Meter"),
    "corrections_col_what": ("Energieträger / Feld", "Carrier / field"),
    "corrections_col_period": ("Zeitpunkt / Zeitraum", "Time / period"),
    "corrections_col_old": ("alter Wert", "old value"),
    "corrections_col_new": ("neuer Wert", "new value"),
    "corrections_col_unit": ("Einheit", "Unit"),
    "corrections_col_replaced_by_import": ("durch Import", "by import"),
    "corrections_col_replaced_by": ("Benutzer", "User"),
    "corrections_col_file_name": ("Datei", "File"),
    "corrections_col_old_import": ("alter Wert aus Import", "old value from import"),
    "corrections_field_category": ("Nutzungsart", "Category"),
    "corrections_field_floor_area_m2": ("Bezugsfläche", "Reference floor area"),
    "corrections_field_year_built": ("Baujahr", "Year of construction"),
    "corrections_field_postcode": ("Postleitzahl", "Postcode"),
    "cli_more_rejections": (
        "{file}: {n} weitere Zeilen mit demselben Grund [{code}], Zeilen {first} bis {last} (die Vorschau der Seite "
        "Import listet alle und lädt sie als CSV herunter).",
        "{file}: {n} more rows with the same reason [{code}], lines {first} to {last} (the Import page's preview "
        "lists all of them and downloads them as CSV)."),
    "history_building_unknown": (
        "Kein Gebäude „{building}“ gespeichert. `ktdash export kpis` listet die Gebäude; mit --municipality "
        "suchen Sie in einer Kommune.",
        "No building “{building}” is stored. `ktdash export kpis` lists the buildings; --municipality searches "
        "one municipality."),
    "history_building_ambiguous": (
        "Mehrere Kommunen haben ein Gebäude „{building}“: geben Sie die Kommune mit --municipality an.",
        "Several municipalities have a building “{building}”: name the municipality with --municipality."),
    "undo_restored": (
        " {restored} Werte, die der Import ersetzt hatte, sind wiederhergestellt.",
        " {restored} values the import had replaced are restored."),
    "undo_done": (
        "Import {number} rückgängig gemacht: {readings} Zählerwerte, {consumptions} Verbräuche, {meters} Zähler und "
        "{buildings} Gebäude entfernt; Auswertungen aktualisiert.",
        "Import {number} undone: {readings} meter values, {consumptions} consumptions, {meters} meters and "
        "{buildings} buildings removed; figures updated.",
    ),
    "undo_impossible": ("Import {number} gibt es nicht oder er ist schon rückgängig gemacht (ktdash imports).",
                        "Import {number} does not exist or is already undone (ktdash imports)."),
    "undo_title": ("Import rückgängig machen", "Undo an import"),
    "replace_import_one_file": ("--replace-import ersetzt einen Import durch genau eine Datei.",
                                "--replace-import replaces an import by exactly one file."),
    "replace_import_dry_run": ("Probelauf: geprüft ohne Import {number}; nichts gespeichert, nichts rückgängig "
                               "gemacht.",
                               "Dry run: checked without import {number}; nothing stored, nothing undone."),
    "replace_import_not_stored": ("{file}: nicht gespeichert; Import {number} bleibt, wie er war.",
                                  "{file}: not stored; import {number} stays as it was."),
    "replace_import_choice": ("Import {number} ({date}, {file}) durch diese Datei ersetzen",
                              "Replace import {number} ({date}, {file}) by this file"),
    "replace_import_help": (
        "Macht Import {number} rückgängig und speichert diese Datei an seiner Stelle, in einem Schritt; wird die "
        "Datei nicht gespeichert, bleibt alles, wie es war.",
        "Undoes import {number} and stores this file in its place, in one step; if the file is not stored, "
        "nothing changes.",
    ),
    "replace_import_confirm": ("Import {number} ersetzen", "Replace import {number}"),
    "undo_help": (
        "Entfernt genau die Werte dieses Imports und aktualisiert alle Auswertungen. Werte, die der Import "
        "ersetzt hatte, kommen nicht zurück: importieren Sie dafür die frühere Datei erneut.",
        "Removes exactly the values of this import and updates all figures. Values the import had replaced do "
        "not come back: import the earlier file again for that.",
    ),
    "undo_button": ("Rückgängig machen", "Undo"),
    "import_history": ("Letzte Importe", "Recent imports"),
    "history_import_id": ("Nr.", "No."),
    "history_status": ("Status", "Status"),
    "status_committed": ("gespeichert", "stored"),
    "status_undone": ("rückgängig gemacht", "undone"),
    "history_created_at": ("Zeitpunkt", "Time"),
    "history_municipality": ("Kommune", "Municipality"),
    "history_file_name": ("Datei", "File"),
    "history_layout": ("Aufbau", "Layout"),
    "history_rows_stored": ("gespeichert", "stored"),
    "history_rows_rejected": ("abgelehnt", "rejected"),
    "history_rows_replaced": ("ersetzt", "replaced"),
    "history_user_name": ("von", "by"),
    "import_notes": ("Hinweise", "Notes"),
    "totals_rows_skipped": ("{n} Summenzeilen übersprungen", "{n} totals rows skipped"),
    "duplicates_ignored": ("{n} doppelte identische Zeilen nur einmal gezählt",
                           "{n} identical duplicate rows counted once"),
    "note_unit_assumed": ("Keine Einheit angegeben: {unit} angenommen.", "No unit given: {unit} assumed."),
    "note_carrier_assumed": ("Kein Energieträger angegeben: {carrier} angenommen.",
                             "No carrier given: {carrier} assumed."),
    "note_interval": ("Lastgang mit {minutes}-Minuten-Intervallen; Zeitstempel = Intervallbeginn.",
                      "Load profile with {minutes}-minute intervals; timestamp = interval start."),
    "note_yearly_split": ("Jahreswerte werden für Monatsauswertungen tagesanteilig auf die Monate verteilt.",
                          "Yearly values are split over the months by days for monthly figures."),
    "note_decimal": ("Zahlenformat: {style}.", "Number format: {style}."),
    # load-profile time (ktdash.ingest.clock)
    "note_time_utc": ("Zeitstempel in UTC: ohne Umrechnung gespeichert.", "Timestamps in UTC: stored as they are."),
    "note_time_offsets": ("{n} Zeitstempel mit Zeitzonen-Angabe (z. B. +01:00, Z) nach dieser Angabe übernommen.",
                          "{n} timestamps with a UTC offset (e.g. +01:00, Z) taken as they say."),
    "note_timestamp_end": ("Zeitstempel = Intervallende: auf den Intervallbeginn umgerechnet.",
                           "Timestamp = interval end: moved to the interval start."),
    "note_clock_autumn_both": ("Zeitumstellung {day}: {n} {intervals}, beide Stunden 02:00–03:00 übernommen",
                               "Clock change {day}: {n} {intervals}, both hours 02:00–03:00 kept"),
    "note_clock_autumn_once": ("Zeitumstellung {day}: {n} {intervals}, die Stunde 02:00–03:00 nur einmal in der "
                               "Datei, als {season} übernommen",
                               "Clock change {day}: {n} {intervals}, the hour 02:00–03:00 only once in the file, "
                               "taken as {season}"),
    "note_clock_autumn_missing": ("Zeitumstellung {day}: {n} {intervals}, die Stunde 02:00–03:00 fehlt in der Datei",
                                  "Clock change {day}: {n} {intervals}, the hour 02:00–03:00 is missing in the file"),
    "note_clock_spring": ("Zeitumstellung {day}: {n} {intervals} (die Stunde 02:00–03:00 gibt es nicht)",
                          "Clock change {day}: {n} {intervals} (the hour 02:00–03:00 does not exist)"),
    "note_clock_mez": ("Zeitumstellung {day}: {n} {intervals} mit der Stunde 02:00–03:00, die es in Ortszeit nicht "
                       "gibt: alle Zeitstempel als MEZ ohne Sommerzeit (UTC+01:00) gelesen",
                       "Clock change {day}: {n} {intervals} including the hour 02:00–03:00, which local time does "
                       "not have: all timestamps read as CET without summer time (UTC+01:00)"),
    "note_clock_mez_autumn": ("Zeitumstellung {day}: {n} {intervals}, als MEZ ohne Sommerzeit (UTC+01:00) gelesen",
                              "Clock change {day}: {n} {intervals}, read as CET without summer time (UTC+01:00)"),
    "note_clock_meters": ("Zähler {meters}: {note}", "Meter {meters}: {note}"),
    "clock_more_meters": (" und {n} weitere", " and {n} more"),
    "clock_quarter_hours": ("Viertelstunden", "quarter hours"),
    "clock_hours": ("Stunden", "hours"),
    "clock_values": ("Werte", "values"),
    "clock_summer_time": ("Sommerzeit", "summer time"),
    "clock_winter_time": ("Winterzeit", "winter time"),
    "note_duplicates_named": ("Doppelte identische Zeilen nur einmal gezählt: {items}",
                              "Identical duplicate rows counted once: {items}"),
    "duplicate_item": ("Zeile {line} wie Zeile {first} ({meter}, {when})", "line {line} as line {first} ({meter}, {when})"),
    # natural gas in m³ → kWh (ktdash.ingest.results.GasConversion): with the file's Zustandszahl and Brennwert
    "note_gas_file": ("Erdgas: {what} aus der Datei ({columns}) für {n_own}; Standardwerte (Z {z}, Hs {hs} kWh/m³) "
                      "für {n_default}. Eine leere Zelle in {these} bedeutet den Standardwert für diese Zeile.",
                      "Natural gas: {what} from the file ({columns}) for {n_own}; defaults (Z {z}, Hs {hs} kWh/m³) "
                      "for {n_default}. An empty cell in {these} means the default for that row."),
    "note_gas_default": ("Erdgas: Standardwerte (Z {z}, Hs {hs} kWh/m³) für {n}; die Datei hat keine Spalte "
                         "Zustandszahl oder Brennwert.",
                         "Natural gas: defaults (Z {z}, Hs {hs} kWh/m³) for {n}; the file has no Zustandszahl or "
                         "Brennwert column."),
    "gas_what_both": ("Zustandszahl und Brennwert", "Zustandszahl and Brennwert"),
    "gas_what_z": ("Zustandszahl (Brennwert: Standardwert {hs} kWh/m³)",
                   "Zustandszahl (Brennwert: default {hs} kWh/m³)"),
    "gas_what_hs": ("Brennwert (Zustandszahl: Standardwert {z})", "Brennwert (Zustandszahl: default {z})"),
    "gas_column": ("Spalte {names}", "column {names}"),
    "gas_columns": ("Spalten {names}", "columns {names}"),
    "gas_this_column": ("dieser Spalte", "this column"),
    "gas_these_columns": ("diesen Spalten", "these columns"),
    "gas_row": ("{n} Zeile", "{n} row"),
    "gas_rows": ("{n} Zeilen", "{n} rows"),
    "decimal_comma": ("Dezimalkomma (1.234,5)", "decimal comma (1.234,5)"),
    "decimal_point": ("Dezimalpunkt (1234.5)", "decimal point (1234.5)"),
    "layout_buildings": ("Gebäudestammdaten", "Building master data"),
    "layout_readings": ("Zählerstände", "Meter readings"),
    "layout_periods": ("Verbräuche je Zeitraum", "Consumption per period"),
    "layout_wide": ("Monatstabelle (eine Spalte je Monat)", "Month table (one column per month)"),
    "layout_load_profile": ("Lastgang", "Load profile"),
    # analytics (Gebäude, Kommune, Vergleich Westpfalz, Methoden)
    "page_comparison": ("Vergleich Westpfalz", "Westpfalz comparison"),
    "page_municipality": ("Kommune", "Municipality"),
    "page_methods": ("Methoden und Faktoren", "Methods and factors"),
    "legend_saving": ("Einsparung", "Saving"),
    "legend_target": ("Zielpfad", "Target path"),
    "legend_heat_raw": ("Wärme gemessen", "Heat as measured"),
    "legend_heat_normalised": ("Wärme witterungsbereinigt", "Heat weather-normalised"),
    "legend_electricity": ("Strom", "Electricity"),
    "axis_saving": ("Einsparung gegenüber Basisjahr (witterungsbereinigt)", "Saving against baseline (weather-normalised)"),
    "filter_year": ("Jahr", "Year"),
    "filter_baseline": ("Basisjahr", "Baseline year"),
    "filter_categories": ("Gebäudekategorien", "Building categories"),
    "filter_municipality": ("Kommune", "Municipality"),
    "comparison_title": ("Vergleich Westpfalz", "Westpfalz comparison"),
    "comparison_caption": (
        "Landkreise, Städte und Kommunen nebeneinander: Energie der kommunalen Gebäude (Wärme witterungsbereinigt "
        "+ Strom, in kWh), je Einwohner, je m², CO₂ und Fortschritt gegenüber dem Basisjahr. Methoden und Quellen: "
        "Seite „Methoden und Faktoren“.",
        "Districts, cities and municipalities side by side: energy of the municipal buildings (heat "
        "weather-normalised + electricity, in kWh), per inhabitant, per m², CO₂ and progress against the baseline. "
        "Methods and sources: page “Methods and factors”.",
    ),
    "chart_per_inhabitant": ("Energie je Einwohner {year} (witterungsbereinigt)",
                             "Energy per inhabitant {year} (weather-normalised)"),
    "chart_heat_per_m2": ("Wärme je m² {year} (witterungsbereinigt)", "Heat per m² {year} (weather-normalised)"),
    "chart_electricity_per_m2": ("Strom je m² {year}", "Electricity per m² {year}"),
    "chart_progress": ("Einsparung {year} gegenüber {baseline} (gleiche Gebäude)",
                       "Saving {year} against {baseline} (same buildings)"),
    "chart_energy_years": ("Energie je Jahr: gemessen und witterungsbereinigt", "Energy per year: measured and weather-normalised"),
    "chart_potential": ("Einsparpotenzial {year}: wo zuerst handeln", "Savings potential {year}: where to act first"),
    "progress_note": (
        "Fortschritt: nur Gebäude mit vollständigen 12 Monaten aller Energieträger in beiden Jahren. Grün: auf dem "
        "Zielpfad ({rate} % pro Jahr gegenüber {baseline}, eigenes Ziel einer Kommune hat Vorrang); Strich: Ziel.",
        "Progress: only buildings with 12 complete months of every carrier in both years. Green: on the target path "
        "({rate} % per year against {baseline}; a municipality's own target takes precedence); marker: target.",
    ),
    "not_normalised_warning": (
        "Für einige Monate fehlen Gradtagzahlen: Wärme dieser Jahre ist nicht witterungsbereinigt. Laden Sie "
        "Gradtagzahlen auf der Seite „Methoden und Faktoren“.",
        "Degree days are missing for some months: heat of those years is not weather-normalised. Upload degree "
        "days on the page “Methods and factors”.",
    ),
    "kpi_energy_normalised": ("Energie {year} (witterungsbereinigt)", "Energy {year} (weather-normalised)"),
    "kpi_per_inhabitant": ("je Einwohner", "per inhabitant"),
    "kpi_co2": ("CO₂ {year}", "CO₂ {year}"),
    "kpi_progress": ("Einsparung seit {baseline}", "Saving since {baseline}"),
    "kpi_on_track": ("auf dem Zielpfad", "on the target path"),
    "kpi_off_track": ("nicht auf dem Zielpfad", "not on the target path"),
    "table_entities": ("Kennwerte {year}", "Key figures {year}"),
    "col_name": ("Name", "Name"),
    "col_population": ("Einwohner", "Inhabitants"),
    "col_buildings": ("Gebäude", "Buildings"),
    "col_energy_raw": ("Energie gemessen [kWh]", "Energy measured [kWh]"),
    "col_energy_normalised": ("Energie bereinigt [kWh]", "Energy normalised [kWh]"),
    "col_per_inhabitant": ("kWh je Einwohner", "kWh per inhabitant"),
    "col_heat_per_m2": ("Wärme kWh/m² (bereinigt)", "Heat kWh/m² (normalised)"),
    "col_heat_comparison": ("Vergleichswert Wärme kWh/m²", "Comparison value heat kWh/m²"),
    "col_electricity_per_m2": ("Strom kWh/m²", "Electricity kWh/m²"),
    "col_electricity_comparison": ("Vergleichswert Strom kWh/m²", "Comparison value electricity kWh/m²"),
    "col_t_co2": ("t CO₂", "t CO₂"),
    "col_cost": ("Energiekosten [€]", "Energy cost [€]"),
    "cost_note": (
        "Energiekosten: aus den importierten Dateien, wo jeder Monat des Jahres Kosten hat; sonst Verbrauch × "
        "Energiepreis (Seite „Methoden und Faktoren“).",
        "Energy cost: from the imported files where every month of the year has a cost; else consumption × "
        "energy price (page “Methods and factors”).",
    ),
    "col_t_co2_per_inhabitant": ("t CO₂ je Einwohner", "t CO₂ per inhabitant"),
    "col_saving_share": ("Einsparung seit {baseline} [%]", "Saving since {baseline} [%]"),
    "col_on_track": ("auf Zielpfad", "on track"),
    "col_compared": ("verglichene Gebäude", "buildings compared"),
    "col_category": ("Kategorie", "Category"),
    "col_area": ("Fläche m²", "Area m²"),
    "col_potential_kwh": ("Potenzial [kWh/a]", "Potential [kWh/a]"),
    "col_potential_eur": ("Potenzial [€/a]", "Potential [€/a]"),
    "col_potential_t": ("Potenzial [t CO₂/a]", "Potential [t CO₂/a]"),
    "col_complete": ("12 Monate", "12 months"),
    "col_link": ("Details", "Details"),
    "municipality_title": ("Kommune: {name}", "Municipality: {name}"),
    "municipality_caption": (
        "Gebäude, Kennwerte, Fortschritt und Einsparpotenzial einer Kommune. Wärme witterungsbereinigt "
        "(Gradtagzahlverfahren, VDI 3807), Vergleichswerte nach der Bekanntmachung vom 15. April 2021.",
        "Buildings, key figures, progress and savings potential of one municipality. Heat weather-normalised "
        "(degree-day method, VDI 3807), comparison values from the Bekanntmachung of 15 April 2021.",
    ),
    "municipality_buildings": ("Gebäude {year}", "Buildings {year}"),
    "potential_note": (
        "Potenzial = (Kennwert − Vergleichswert) × Fläche, nur über dem Vergleichswert, für Wärme (bereinigt) und "
        "Strom; in € mit den Energiepreisen, in t CO₂ mit den Emissionsfaktoren (Seite „Methoden und Faktoren“).",
        "Potential = (specific value − comparison value) × area, only above the comparison value, for heat "
        "(normalised) and electricity; in € with the energy prices, in t CO₂ with the emission factors (page "
        "“Methods and factors”).",
    ),
    "target_own": ("Eigenes Ziel (% pro Jahr, leer = Standard {rate} %)", "Own target (% per year, empty = default {rate} %)"),
    "target_save": ("Ziel speichern", "Save target"),
    "target_saved": ("Ziel gespeichert.", "Target saved."),
    "methods_page_title": ("Methoden, Quellen und Faktoren", "Methods, sources and factors"),
    "legend_measured": ("gemessen", "measured"),
    "legend_long_term": ("langjähriges Mittel", "long-term mean"),
    "methods_comparison": ("Vergleichswerte", "Comparison values"),
    "methods_comparison_text": (
        "Bekanntmachung der Regeln für Energieverbrauchswerte und der Vergleichswerte im Nichtwohngebäudebestand "
        "vom 15. April 2021 (BMWi/BMI, BAnz AT 03.05.2021 B1), Anlage 1 Tabelle 1 (Teilenergiekennwerte, "
        "bezogen auf die Nettogrundfläche). Wärme = TEK Heizung × f(A) + TEK Warmwasser mit dem Größenfaktor "
        "f = 1,46 bis 500 m², 0,71 ab 50.000 m², dazwischen 4,53 · A^(−0,215) + 0,27 (Nummer 6.3.1); Strom = TEK "
        "Lüftung + Beleuchtung + Sonstiges (Summenregel nicht amtlich geprüft). Die Tabellenwerte wurden aus einer "
        "Abschrift des Instituts Wohnen und Umwelt gelesen; Einzelheiten und Unsicherheiten: "
        "ktdash/analytics/reference/README.md.",
        "Bekanntmachung der Regeln für Energieverbrauchswerte und der Vergleichswerte im Nichtwohngebäudebestand "
        "of 15 April 2021 (BMWi/BMI, BAnz AT 03.05.2021 B1), Anlage 1 Tabelle 1 (partial energy indicators, per "
        "net floor area). Heat = TEK heating × f(A) + TEK hot water with the size factor f = 1.46 up to 500 m², "
        "0.71 from 50,000 m², else 4.53 · A^(−0.215) + 0.27 (Nummer 6.3.1); electricity = TEK ventilation + "
        "lighting + other (summation rule not officially checked). Values read from a transcription by the "
        "Institut Wohnen und Umwelt; details and uncertainties: ktdash/analytics/reference/README.md.",
    ),
    "methods_emission": ("Emissionsfaktoren (kg CO₂e je kWh)", "Emission factors (kg CO₂e per kWh)"),
    "methods_prices": ("Energiepreise (€ je kWh)", "Energy prices (€ per kWh)"),
    "methods_prices_text": (
        "Für das Einsparpotenzial in €. Die mitgelieferten Preise sind gerundete Annahmen, keine amtlichen "
        "Werte: tragen Sie Ihre Vertragspreise ein.",
        "For the savings potential in €. The shipped prices are rounded assumptions, not official figures: enter "
        "your contract prices.",
    ),
    "methods_units_title": ("Umrechnung in kWh", "Conversion to kWh"),
    "ref_category": ("Kategorie", "Category"),
    "ref_heating": ("TEK Heizung kWh/m²a", "TEK heating kWh/m²a"),
    "ref_hot_water": ("TEK Warmwasser kWh/m²a", "TEK hot water kWh/m²a"),
    "ref_electricity": ("Strom kWh/m²a", "Electricity kWh/m²a"),
    "ref_area_basis": ("Flächenbezug", "Area basis"),
    "ref_source_table": ("Tabelle", "Table"),
    "ref_source_row": ("Zeile", "Row"),
    "ref_source": ("Quelle", "Source"),
    "ref_carrier": ("Energieträger", "Carrier"),
    "ref_year": ("Jahr", "Year"),
    "ref_factor": ("kg CO₂ je kWh", "kg CO₂ per kWh"),
    "ref_basis": ("Bilanzbasis", "Basis"),
    "ref_price": ("€ je kWh", "€ per kWh"),
    "methods_save": ("Änderungen speichern", "Save changes"),
    "methods_saved": ("{rows} Zeilen gespeichert.", "{rows} rows saved."),
    "methods_edit_invalid": ("Zeile {row}, Spalte „{column}“: „{value}“ ist ungültig. Nichts wurde gespeichert.",
                             "Row {row}, column “{column}”: “{value}” is invalid. Nothing was saved."),
    "methods_edit_duplicate": ("Doppelt: {value} ({column}). Nichts wurde gespeichert.",
                               "Twice: {value} ({column}). Nothing was saved."),
    "no_progress": ("Kein Gebäude hat vollständige Daten in beiden Jahren.", "No building has complete data in both years."),
    # -- end of analytics --
    # building page (Gebäude)
    "page_building": ("Gebäude", "Building"),
    "building_title": ("Gebäude: {name}", "Building: {name}"),
    "building_caption": (
        "Ein Gebäude im Detail: Monatswerte, Jahr gegen Jahr, unbereinigt gegen witterungsbereinigt und "
        "gegen den Vergleichswert seiner Kategorie. Energie in kWh (Erdgas als Brennwert Hs), Wasser in m³.",
        "One building in detail: monthly values, year against year, raw against weather-normalised and against "
        "the comparison value of its category. Energy in kWh (natural gas on the gross calorific value Hs), "
        "water in m³.",
    ),
    "building_select_municipality": ("Kommune", "Municipality"),
    "building_select_building": ("Gebäude", "Building"),
    "building_select_year": ("Jahr der Kennzahlen", "Year of the key figures"),
    "building_none": ("Es sind noch keine Gebäude gespeichert. Importieren Sie Stammdaten oder Verbräuche "
                      "(Seite „Import“).",
                      "No buildings are stored yet. Import master data or consumption (“Import” page)."),
    "building_no_data": ("Für dieses Gebäude sind noch keine Verbräuche gespeichert.",
                         "No consumption is stored for this building yet."),
    "building_master": ("Stammdaten", "Master data"),
    "building_category": ("Kategorie", "Category"),
    "building_area": ("Bezugsfläche (NGF)", "Reference floor area (NGF)"),
    "building_year_built": ("Baujahr", "Year of construction"),
    "building_location": ("Kommune", "Municipality"),
    "building_comparison_values": ("Vergleichswerte", "Comparison values"),
    "building_comparison_text": ("Wärme {heat}, Strom {electricity} kWh/(m²·a)",
                                 "heat {heat}, electricity {electricity} kWh/(m²·a)"),
    "building_no_comparison_value": ("keine für die Kategorie {category}", "none for the category {category}"),
    "building_carriers": ("Energieträger mit Daten", "Carriers with data"),
    "building_not_set": ("nicht erfasst", "not recorded"),
    "building_share_title": ("Warmwasseranteil s", "Hot-water share s"),
    "building_share_own": ("{share} % (eigener Wert des Gebäudes)", "{share} % (the building’s own value)"),
    "building_share_input": ("Eigener Warmwasseranteil in %", "Own hot-water share in %"),
    "building_share_help": (
        "Witterungsunabhängiger Anteil der Wärme (Warmwasser, Prozesswärme) dieses Gebäudes, 0–100 %. "
        "Er geht in die Witterungsbereinigung ein und gilt für alle Jahre.",
        "Weather-independent share of this building’s heat (hot water, process heat), 0–100 %. It enters the "
        "weather normalisation and applies to every year.",
    ),
    "building_share_save": ("Speichern", "Save"),
    "building_share_reset": ("Zurücksetzen", "Reset"),
    "building_share_reset_help": ("Wieder den Standardwert {share} % verwenden (KTDASH_HOT_WATER_SHARE).",
                                  "Use the default {share} % again (KTDASH_HOT_WATER_SHARE)."),
    "building_share_saved": ("Warmwasseranteil {share} % gespeichert; die Kennzahlen sind neu berechnet.",
                             "Hot-water share {share} % saved; the key figures are recomputed."),
    "building_share_reset_done": ("Für dieses Gebäude gilt wieder der Standardwert {share} %.",
                                  "This building uses the default {share} % again."),
    "building_kpis": ("Kennzahlen {year}", "Key figures {year}"),
    "building_incomplete": (
        "{year} ist unvollständig: nicht für jeden Energieträger liegen 12 Monate vor. Die Kennzahlen umfassen "
        "nur die Monate mit Daten.",
        "{year} is incomplete: not every carrier has 12 months. The key figures cover only the months with data.",
    ),
    "building_kpi_heat_raw": ("Wärme, unbereinigt", "Heat, raw"),
    "building_kpi_heat_normalised": ("Wärme, witterungsbereinigt", "Heat, weather-normalised"),
    "building_kpi_electricity": ("Strom", "Electricity"),
    "building_kpi_electricity_specific": ("Strom je m²", "Electricity per m²"),
    "building_kpi_co2": ("Emissionen (aus unbereinigtem Verbrauch)", "Emissions (from raw consumption)"),
    "building_kpi_delta": ("{delta} ggü. Vergleichswert {comparison}",
                           "{delta} against comparison value {comparison}"),
    "building_kpi_not_normalised": (
        "Nicht bereinigt: für mindestens einen Monat fehlen Gradtagzahlen.",
        "Not normalised: degree days are missing for at least one month.",
    ),
    "building_monthly_title": ("Monatsverbrauch", "Monthly consumption"),
    "building_monthly_carriers": ("Energieträger", "Carriers"),
    "building_chart_monthly": ("Monatsverbrauch je Energieträger in {unit}, nicht witterungsbereinigt",
                               "Monthly consumption per carrier in {unit}, not weather-normalised"),
    "building_chart_water": ("Wasserverbrauch je Monat in m³, nicht witterungsbereinigt",
                             "Water consumption per month in m³, not weather-normalised"),
    "building_yoy_title": ("Jahr gegen Jahr", "Year against year"),
    "building_yoy_carrier": ("Energieträger", "Carrier"),
    "building_chart_yoy": ("{carrier}: Monatswerte je Jahr in {unit}, nicht witterungsbereinigt",
                           "{carrier}: monthly values per year in {unit}, not weather-normalised"),
    "building_heat_title": ("Unbereinigt gegen witterungsbereinigt", "Raw against weather-normalised"),
    "building_chart_heat": ("Wärme je Jahr in kWh: unbereinigt und mit beiden Witterungsbereinigungen",
                            "Heat per year in kWh: raw and with both weather normalisations"),
    "building_no_heat": ("Dieses Gebäude hat keinen Wärmeverbrauch.", "This building has no heat consumption."),
    "building_formula": (
        "Witterungsbereinigung der Wärme: **E_norm = E × (s + (1 − s) × G_ref / G_ist)** – E: gemessene Wärme, "
        "s: witterungsunabhängiger Anteil (Warmwasser; hier {share} %), G_ist: gemessene Gradtagzahlen G20/15 der "
        "Monate mit Daten, G_ref: ihr langjähriges Mittel. Strom und Wasser werden nicht bereinigt.",
        "Weather normalisation of heat: **E_norm = E × (s + (1 − s) × G_ref / G_actual)** – E: measured heat, "
        "s: weather-independent share (hot water; here {share} %), G_actual: measured degree days G20/15 of the "
        "months with data, G_ref: their long-term mean. Electricity and water are not normalised.",
    ),
    "building_formula_year": (
        "{year}: G_ref / G_ist = {ratio}, Faktor s + (1 − s) × G_ref / G_ist = {factor}.",
        "{year}: G_ref / G_actual = {ratio}, factor s + (1 − s) × G_ref / G_actual = {factor}.",
    ),
    "building_formula_year_missing": ("{year}: keine Gradtagzahlen für alle Monate – die Wärme bleibt unbereinigt.",
                                      "{year}: degree days missing for some months – the heat stays raw."),
    "building_source_normalisation": (
        "Quelle: VDI 3807 Blatt 1 (2013) „Verbrauchskennwerte für Gebäude“, Gradtagzahlverfahren mit der "
        "Gradtagzahl G20/15 (Raum 20 °C, Heizgrenze 15 °C; DIN 4108-6 / DWD „Klimafaktoren“).",
        "Source: VDI 3807 Blatt 1 (2013) “Verbrauchskennwerte für Gebäude”, degree-day method with the "
        "Gradtagzahl G20/15 (room 20 °C, heating limit 15 °C; DIN 4108-6 / DWD “Klimafaktoren”).",
    ),
    "building_specific_title": ("Gegen den Vergleichswert", "Against the comparison value"),
    "building_chart_specific": ("Spezifischer Verbrauch je Jahr in kWh/(m²·a) und Vergleichswerte",
                                "Specific consumption per year in kWh/(m²·a) and comparison values"),
    "building_no_area": (
        "Ohne Bezugsfläche gibt es keinen spezifischen Verbrauch. Ergänzen Sie die Fläche über einen Import der "
        "Gebäudestammdaten.",
        "Without a reference floor area there is no specific consumption. Add the area by importing the "
        "building master data.",
    ),
    "building_table_title": ("Kennzahlen je Jahr", "Key figures per year"),
    "building_axis_month": ("Monat", "Month"),
    "building_axis_heat": ("Wärme", "Heat"),
    "building_axis_specific": ("Spezifischer Verbrauch", "Specific consumption"),
    "building_trace_raw": ("unbereinigt", "raw"),
    "building_trace_normalised": ("witterungsbereinigt", "weather-normalised"),
    "building_trace_heat": ("Wärme (witterungsbereinigt)", "Heat (weather-normalised)"),
    "building_trace_electricity": ("Strom", "Electricity"),
    "building_trace_heat_comparison": ("Vergleichswert Wärme", "Comparison value heat"),
    "building_trace_electricity_comparison": ("Vergleichswert Strom", "Comparison value electricity"),
    "building_months_short": ("Jan,Feb,Mär,Apr,Mai,Jun,Jul,Aug,Sep,Okt,Nov,Dez",
                              "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec"),
    "building_col_figure": ("Kennzahl", "Key figure"),
    "building_col_months": ("Monate mit Daten (kleinste Zahl je Energieträger)",
                            "Months with data (fewest of any carrier)"),
    "building_col_heat_raw": ("Wärme unbereinigt [kWh]", "Heat raw [kWh]"),
    "building_col_electricity": ("Strom [kWh]", "Electricity [kWh]"),
    "building_col_water": ("Wasser [m³]", "Water [m³]"),
    "building_col_heat_comparison": ("Vergleichswert Wärme [kWh/(m²·a)]", "Comparison heat [kWh/(m²·a)]"),
    "building_col_electricity_specific": ("Strom [kWh/(m²·a)]", "Electricity [kWh/(m²·a)]"),
    "building_col_electricity_comparison": ("Vergleichswert Strom [kWh/(m²·a)]",
                                            "Comparison electricity [kWh/(m²·a)]"),
    "building_col_potential": ("Einsparpotenzial [kWh]", "Savings potential [kWh]"),
    # -- end of building page --
    # data quality (Datenqualität)
    "page_quality": ("Datenqualität", "Data quality"),
    "quality_title": ("Datenqualität", "Data quality"),
    "quality_intro": (
        "Prüfungen der importierten Monatswerte und der Gebäudestammdaten: Lücken, Ausreißer, veraltete Reihen, "
        "Nullwerte, unplausible Kennwerte je m², fehlende Fläche oder Kategorie. Jeder Befund nennt Gebäude, "
        "Energieträger und Zeitraum; der Link führt zum Gebäude.",
        "Checks of the imported monthly values and of the building master data: gaps, outliers, stale series, zero "
        "values, implausible figures per m², missing area or category. Every finding names building, carrier and "
        "period; the link opens the building.",
    ),
    "quality_methods": ("Wie wird geprüft?", "How the checks work"),
    "quality_check_gap": ("Lücke", "Gap"),
    "quality_check_outlier": ("Ausreißer", "Outlier"),
    "quality_check_stale": ("Veraltet", "Stale"),
    "quality_check_zero": ("Nullwert", "Zero value"),
    "quality_check_implausible_specific": ("Unplausibler Kennwert", "Implausible figure per m²"),
    "quality_check_missing_area": ("Fläche fehlt", "Area missing"),
    "quality_check_missing_category": ("Kategorie fehlt", "Category missing"),
    "quality_method_gap": (
        "Monate ohne Wert zwischen dem ersten und dem letzten Monat einer Reihe (Gebäude und Energieträger); "
        "jede zusammenhängende Lücke ist ein Befund mit erstem und letztem fehlenden Monat.",
        "Months without a value between the first and the last month of a series (building and carrier); each run "
        "of consecutive missing months is one finding with its first and last missing month.",
    ),
    "quality_method_outlier": (
        "Modifizierter z-Wert nach Iglewicz & Hoaglin (1993, „How to Detect and Handle Outliers“, ASQC): "
        "M = 0,6745 · (r − Median) / MAD über die Abweichungen r jedes Monatswerts vom Median desselben "
        "Kalendermonats aller Jahre (so ist die Jahreszeit kein Ausreißer; bei MAD = 0 mit der mittleren "
        "absoluten Abweichung × 1,253314). Befund, wenn |M| > {z} und der Wert mindestens das {factor}-Fache oder "
        "höchstens 1/{factor} dieses Medians beträgt (Witterung verschiebt einen Monat um weniger, ein "
        "Tippfehler oder eine falsche Einheit um das 10- oder 1000-Fache); Kalendermonate mit mindestens "
        "{years} Werten.",
        "Modified z-score after Iglewicz & Hoaglin (1993, “How to Detect and Handle Outliers”, ASQC): "
        "M = 0.6745 · (r − median) / MAD over the deviations r of each monthly value from the median of the same "
        "calendar month over all years (so the season is no outlier; with MAD = 0 the mean absolute deviation × "
        "1.253314 is used). A finding when |M| > {z} and the value is at least {factor} times or at most "
        "1/{factor} of that median (weather moves a month by less, a typo or a wrong unit by 10 or 1000 times); "
        "calendar months with at least {years} values.",
    ),
    "quality_method_stale": (
        "Der letzte Wert einer Reihe liegt mehr als {months} Monate vor dem neuesten Monat im Datenbestand.",
        "The last value of a series lies more than {months} months before the latest month in the store.",
    ),
    "quality_method_zero": (
        "Ein Monatswert 0, obwohl derselbe Kalendermonat in den Jahren der Reihe sonst über null liegt (Median); "
        "eine Heizung, die jeden Sommer aus ist, ist kein Befund.",
        "A monthly value of 0 although the same calendar month is otherwise above zero in the series' years "
        "(median); a heating that is off every summer is no finding.",
    ),
    "quality_method_implausible_specific": (
        "Ein vollständiges Jahr (12 Monate) Wärme (Erdgas, Heizöl, Fernwärme, Nahwärme, Holzpellets, "
        "Hackschnitzel, Flüssiggas zusammen) oder Strom je m² Bezugsfläche liegt unter dem {low}-Fachen oder "
        "über dem {high}-Fachen des typischen Werts der Kategorie: des Medians ihrer Gebäude im selben Jahr "
        "(ab 5 Gebäuden), sonst des amtlichen Vergleichswerts (Seite Methoden). Meist ist dann Fläche, "
        "Kategorie oder Einheit falsch. Kläranlage, Straßenbeleuchtung und Sonstiges werden nicht geprüft.",
        "A complete year (12 months) of heat (natural gas, heating oil, district and local heating, wood pellets, "
        "wood chips, LPG together) or electricity per m² of floor area lies below {low} times or above {high} "
        "times the typical value of the category: the median of its buildings in the same year (from 5 "
        "buildings), else the official comparison value (Methods page). Usually the area, category or unit is "
        "wrong. Sewage plants, street lighting and Sonstiges are not checked.",
    ),
    "quality_method_missing_area": (
        "Gebäude ohne Bezugsfläche (außer Straßenbeleuchtung): keine Kennwerte je m².",
        "Buildings without floor area (except street lighting): no figures per m².",
    ),
    "quality_method_missing_category": (
        "Gebäude, die ein Verbrauchsimport angelegt hat und die noch in der Kategorie Sonstiges stehen: "
        "importieren Sie ihre Stammdaten.",
        "Buildings that a consumption import created and that are still in category Sonstiges: import their "
        "master data.",
    ),
    "quality_msg_gap": ("Fehlende Monate: {count} ({start} bis {end})", "Missing months: {count} ({start} to {end})"),
    "quality_msg_outlier": (
        "{value} {unit} im {month}; Median dieses Kalendermonats {reference} {unit}; M = {score}",
        "{value} {unit} in {month}; median of this calendar month {reference} {unit}; M = {score}",
    ),
    "quality_msg_stale": ("Kein Wert seit {start}: {count} Monate bis {end} (Grenze {limit})",
                          "No value since {start}: {count} months up to {end} (limit {limit})"),
    "quality_msg_zero": ("0 {unit} im {month}; Median dieses Kalendermonats {reference} {unit}",
                         "0 {unit} in {month}; median of this calendar month {reference} {unit}"),
    "quality_msg_implausible_specific": (
        "{what} {year}: {value} kWh/m²a, das {score}-Fache des typischen Werts der Kategorie {reference} kWh/m²a",
        "{what} {year}: {value} kWh/m²a, {score} times the category's typical value {reference} kWh/m²a",
    ),
    "quality_msg_missing_area": ("Keine Bezugsfläche in den Stammdaten", "No floor area in the master data"),
    "quality_msg_missing_category": ("Durch einen Verbrauchsimport angelegt, Kategorie Sonstiges",
                                     "Created by a consumption import, category Sonstiges"),
    "quality_heat": ("Wärme", "Heat"),
    "quality_electricity": ("Strom", "Electricity"),
    "quality_severity_error": ("Fehler", "Error"),
    "quality_severity_warning": ("Warnung", "Warning"),
    "quality_severity_info": ("Hinweis", "Note"),
    "quality_filter_municipalities": ("Kommunen", "Municipalities"),
    "quality_filter_checks": ("Prüfungen", "Checks"),
    "quality_summary": ("Befunde je Kommune", "Findings per municipality"),
    "quality_by_building": ("Befunde je Gebäude", "Findings per building"),
    "quality_all": ("Alle Befunde", "All findings"),
    "quality_none": ("Keine Befunde für diese Auswahl.", "No findings for this selection."),
    "quality_count": ("Befunde: {n}", "findings: {n}"),
    "quality_page": ("Seite (von {pages}; {buildings} Gebäude mit Befunden)",
                     "Page (of {pages}; {buildings} buildings with findings)"),
    "quality_col_buildings": ("Gebäude", "Buildings"),
    "quality_col_buildings_with_findings": ("mit Befund", "with findings"),
    "quality_col_findings": ("Befunde", "Findings"),
    "quality_col_category": ("Kategorie", "Category"),
    "quality_col_check": ("Prüfung", "Check"),
    "quality_col_code": ("Code", "Code"),
    "quality_col_severity": ("Schwere", "Severity"),
    "quality_col_period": ("Zeitraum", "Period"),
    "quality_col_finding": ("Befund", "Finding"),
    "quality_download": ("Befunde als CSV (Excel)", "Findings as CSV (Excel)"),
    # -- end of data quality --
    "methods_title": ("Methoden und Quellen", "Methods and sources"),
    "methods_units": (
        "Umrechnung in kWh: Erdgas kWh = m³ × Zustandszahl × Brennwert (DVGW G 685; je Zeile mit Zustandszahl "
        "und Brennwert aus der Datei, wo sie Spalten dafür hat, sonst Standard 0,9540 × 11,0 kWh/m³), Heizöl 10,0 kWh/l, Holzpellets 4,9 kWh/kg, Hackschnitzel 3,5 kWh/kg, Flüssiggas 6,57 kWh/l "
        "(DIN V 18599-1, FNR Basisdaten Bioenergie). Zählerstände: Verbrauch = Differenz aufeinanderfolgender "
        "Stände desselben Zählers, über Monatsgrenzen tagesgenau anteilig verteilt.",
        "Conversion to kWh: natural gas kWh = m³ × Zustandszahl × gross calorific value (DVGW G 685; per row "
        "with the Zustandszahl and Brennwert of the file where it has columns for them, else the default "
        "0.9540 × 11.0 kWh/m³), heating oil 10.0 kWh/l, wood pellets 4.9 kWh/kg, wood chips 3.5 kWh/kg, "
        "LPG 6.57 kWh/l (DIN V 18599-1, FNR Basisdaten Bioenergie). Meter readings: consumption = difference "
        "of consecutive readings of the same meter, split pro rata by time across month boundaries.",
    ),
}

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "building": ("Gebäude/Liegenschaft", "Building"),
    "meter": ("Zählernummer", "Meter number"),
    "carrier": ("Energieträger", "Carrier"),
    "unit": ("Einheit", "Unit"),
    "date": ("Datum", "Date"),
    "time": ("Uhrzeit", "Time"),
    "reading": ("Zählerstand", "Meter reading"),
    "consumption": ("Verbrauch", "Consumption"),
    "month": ("Monat", "Month"),
    "year": ("Jahr", "Year"),
    "period_start": ("Zeitraum von", "Period start"),
    "period_end": ("Zeitraum bis", "Period end"),
    "category": ("Kategorie/Nutzungsart", "Category"),
    "area": ("Bezugsfläche m²", "Floor area m²"),
    "year_built": ("Baujahr", "Year of construction"),
    "digits": ("Zählerstellen", "Meter digits"),
    "z_number": ("Zustandszahl", "Zustandszahl (Z)"),
    "calorific_value": ("Brennwert Hs (kWh/m³)", "Calorific value Hs (kWh/m³)"),
    "postcode": ("Postleitzahl (PLZ)", "Postcode"),
}

REJECTIONS: dict[str, tuple[str, str]] = {
    "missing_value": ("Kein Wert in „{column}“. Tragen Sie einen Wert ein.",
                      "No value in “{column}”. Enter a value."),
    "not_a_number": ("„{value}“ in „{column}“ ist keine Zahl. Erwartet z. B. 1.234,5 oder 1234.5.",
                     "“{value}” in “{column}” is not a number. Expected e.g. 1.234,5 or 1234.5."),
    "invalid_date": ("„{value}“ in „{column}“ ist kein gültiges Datum. Erwartet TT.MM.JJJJ, T.M.JJ oder JJJJ-MM-TT.",
                     "“{value}” in “{column}” is not a valid date. Expected DD.MM.YYYY, D.M.YY or YYYY-MM-DD."),
    "future_date": ("Das Datum {value} liegt in der Zukunft. Prüfen Sie das Datum.",
                    "The date {value} lies in the future. Check the date."),
    "unknown_carrier": ("Energieträger „{value}“ ist unbekannt. Erlaubt: {detail}.",
                        "Carrier “{value}” is unknown. Allowed: {detail}."),
    "unknown_unit": ("Einheit „{value}“ ist unbekannt. Erlaubt: Wh, kWh, MWh, GJ, m³, l, kg, t.",
                     "Unit “{value}” is unknown. Allowed: Wh, kWh, MWh, GJ, m³, l, kg, t."),
    "unit_not_convertible": ("Einheit „{value}“ passt nicht zum Energieträger {detail}.",
                             "Unit “{value}” does not fit the carrier {detail}."),
    "unknown_category": ("Kategorie „{value}“ ist unbekannt. Erlaubt: {detail}.",
                         "Category “{value}” is unknown. Allowed: {detail}."),
    "negative_value": ("Negativer Wert {value} in „{column}“. Verbräuche und Flächen sind nie negativ.",
                       "Negative value {value} in “{column}”. Consumption and areas are never negative."),
    "reading_backwards": (
        "Zählerstand {value} ist kleiner als der vorherige ({detail}). Bei einem Zählerwechsel "
        "tragen Sie die neue Zählernummer ein; ist der Zähler übergelaufen (z. B. 99.950 → 00.120), geben Sie "
        "seine Stellen vor dem Komma an (Spalte „Stellen“ oder Feld „digits“ des Zuordnungsprofils); sonst "
        "korrigieren Sie den Stand.",
        "Reading {value} is lower than the previous one ({detail}). For a meter exchange enter the new meter "
        "number; if the meter rolled over (e.g. 99,950 → 00,120), state its digits before the decimal point "
        "(column “Stellen”/“digits” or the field “digits” of the mapping profile); otherwise correct the "
        "reading.",
    ),
    # reading_backwards of a meter whose digits are known (detail: "previous␟digits", ktdash.ingest.checks)
    "reading_backwards_digits": (
        "Zählerstand {value} ist kleiner als der vorherige ({detail}) und ist kein Überlauf des {digits}-stelligen "
        "Zählers: dafür müsste der vorherige Stand im obersten Zehntel des Zählbereichs liegen und der Verbrauch "
        "über den Überlauf höchstens ein Zehntel davon sein. Bei einem Zählerwechsel tragen Sie die neue "
        "Zählernummer ein; sonst korrigieren Sie den Stand.",
        "Reading {value} is lower than the previous one ({detail}) and is no rollover of the {digits}-digit "
        "meter: for that the previous reading would have to lie in the top tenth of the range and the "
        "consumption across the rollover be at most a tenth of it. For a meter exchange enter the new meter "
        "number; otherwise correct the reading.",
    ),
    "invalid_digits": ("„{value}“ in „{column}“ ist keine gültige Stellenzahl. Erwartet wird eine ganze Zahl von "
                       "1 bis 12 (Stellen des Zählwerks vor dem Komma).",
                       "“{value}” in “{column}” is no valid number of digits. Expected a whole number from 1 to 12 "
                       "(digits of the register before the decimal point)."),
    # a gas row's own Zustandszahl or Brennwert out of range (detail: "range␟default", ktdash.ingest.checks)
    "implausible_z_number": (
        "Die Zustandszahl „{value}“ in „{column}“ ist nicht plausibel: erwartet wird ein Wert von {detail} "
        "(DVGW G 685). Übernehmen Sie die Zustandszahl dieses Zeitraums von der Gasrechnung (Komma an der "
        "richtigen Stelle, z. B. 0,9650) oder lassen Sie die Zelle leer: dann gilt der Standardwert {default}.",
        "The Zustandszahl “{value}” in “{column}” is not plausible: expected a value from {detail} (DVGW G 685). "
        "Take the Zustandszahl of this period from the gas bill (decimal mark in the right place, e.g. 0.9650) or "
        "leave the cell empty: the default {default} then applies.",
    ),
    "implausible_calorific_value": (
        "Der Brennwert „{value}“ in „{column}“ ist nicht plausibel: erwartet wird ein Brennwert Hs von {detail} "
        "kWh/m³ (Erdgas, DVGW G 260). Übernehmen Sie den Abrechnungsbrennwert dieses Zeitraums in kWh/m³ von der "
        "Gasrechnung (z. B. 11,234; nicht den Heizwert und nicht in MJ/m³) oder lassen Sie die Zelle leer: dann "
        "gilt der Standardwert {default} kWh/m³.",
        "The Brennwert “{value}” in “{column}” is not plausible: expected a gross calorific value Hs from {detail} "
        "kWh/m³ (natural gas, DVGW G 260). Take the billing calorific value of this period in kWh/m³ from the gas "
        "bill (e.g. 11.234; not the net calorific value, not in MJ/m³) or leave the cell empty: the default "
        "{default} kWh/m³ then applies.",
    ),
    # a building's postcode (master data; it picks the DWD station of the weather normalisation, ktdash.analytics.climate)
    "invalid_postcode": (
        "„{file}“, Zeile {line}, Spalte „{column}“: „{value}“ ist keine Postleitzahl. Erwartet werden genau fünf "
        "Ziffern, z. B. 67655 (eine führende Null gehört dazu: 01067 – hat Excel sie weggelassen, formatieren Sie "
        "die Spalte als Text). Tragen Sie die Postleitzahl des Gebäudestandorts ein oder lassen Sie die Zelle "
        "leer: dann gilt die Postleitzahl der Kommune.",
        "“{file}”, line {line}, column “{column}”: “{value}” is not a postcode. Expected exactly five digits, e.g. "
        "67655 (a leading zero belongs to it: 01067 – if Excel dropped it, format the column as text). Enter the "
        "postcode of the building's site or leave the cell empty: the municipality's postcode then applies.",
    ),
    "unknown_postcode": (
        "„{file}“, Zeile {line}, Spalte „{column}“: Die Postleitzahl „{value}“ gibt es nicht (sie fehlt im "
        "Verzeichnis der deutschen Postleitzahlen mit ihren DWD-Wetterstationen). Prüfen Sie sie – gemeint ist die "
        "Postleitzahl des Gebäudestandorts, keine Postfach- oder Großkunden-PLZ – oder lassen Sie die Zelle leer: "
        "dann gilt die Postleitzahl der Kommune.",
        "“{file}”, line {line}, column “{column}”: the postcode “{value}” does not exist (it is missing in the list "
        "of German postcodes with their DWD weather stations). Check it – the postcode of the building's site is "
        "meant, not a PO box or large-customer postcode – or leave the cell empty: the municipality's postcode "
        "then applies.",
    ),
    "duplicate_conflict": ("Derselbe Eintrag steht mehrfach mit verschiedenen Werten in der Datei (Zeilen {detail}). "
                           "Lassen Sie nur den richtigen stehen.",
                           "The same entry appears several times with different values (lines {detail}). "
                           "Keep only the right one."),
    "period_overlap": ("Der Zeitraum überschneidet sich mit einem anderen Zeitraum desselben Gebäudes und "
                       "Energieträgers ({detail}); er würde doppelt gezählt.",
                       "The period overlaps another period of the same building and carrier ({detail}); it would "
                       "be counted twice."),
    "overlaps_meter_data": ("Für dieses Gebäude und diesen Energieträger gibt es im Zeitraum schon Zählerdaten "
                            "({detail}); der Verbrauch würde doppelt gezählt.",
                            "This building and carrier already has meter data in this period ({detail}); the "
                            "consumption would be counted twice."),
    "overlaps_period_data": ("Für dieses Gebäude und diesen Energieträger ist für {detail} schon ein Verbrauch "
                             "gespeichert; der Zählerwert würde doppelt gezählt.",
                             "This building and carrier already has a stored consumption for {detail}; the meter "
                             "value would be counted twice."),
    # the three above against stored data of another import (detail: "what␟import␟date␟file", ktdash.ingest.checks)
    "period_overlap_import": (
        "Der Zeitraum überschneidet sich mit einem gespeicherten Zeitraum desselben Gebäudes und Energieträgers "
        "({detail}) aus Import {import_id} vom {import_date} (Datei „{import_file}“); er würde doppelt gezählt. "
        "{replace}",
        "The period overlaps a stored period of the same building and carrier ({detail}) of import {import_id} "
        "of {import_date} (file “{import_file}”); it would be counted twice. {replace}",
    ),
    "overlaps_meter_data_import": (
        "Für dieses Gebäude und diesen Energieträger gibt es im Zeitraum schon Zählerdaten ({detail}) aus Import "
        "{import_id} vom {import_date} (Datei „{import_file}“); der Verbrauch würde doppelt gezählt. {replace}",
        "This building and carrier already has meter data in this period ({detail}) of import {import_id} of "
        "{import_date} (file “{import_file}”); the consumption would be counted twice. {replace}",
    ),
    "overlaps_period_data_import": (
        "Für dieses Gebäude und diesen Energieträger ist für {detail} schon ein Verbrauch gespeichert, aus Import "
        "{import_id} vom {import_date} (Datei „{import_file}“); der Zählerwert würde doppelt gezählt. {replace}",
        "This building and carrier already has a stored consumption for {detail} of import {import_id} of "
        "{import_date} (file “{import_file}”); the meter value would be counted twice. {replace}",
    ),
    "replace_import_hint": (
        "Soll diese Datei Import {import_id} ersetzen: ktdash import … --replace-import {import_id} (macht Import "
        "{import_id} rückgängig und importiert die Datei, in einem Schritt; schlägt er fehl, bleibt alles, wie es "
        "war), oder auf der Seite Import „Import {import_id} ersetzen“ wählen.",
        "If this file is to replace import {import_id}: ktdash import … --replace-import {import_id} (undoes import "
        "{import_id} and imports the file in one step; if that fails, nothing changes), or choose “Replace import "
        "{import_id}” on the Import page.",
    ),
    "meter_conflict": ("Zähler „{value}“ ist schon mit {detail} gespeichert.",
                       "Meter “{value}” is already stored with {detail}."),
    "unit_changed": ("Zähler „{value}“ ist schon mit der Einheit {detail} gespeichert.",
                     "Meter “{value}” is already stored with the unit {detail}."),
}

FILE_ERRORS: dict[str, tuple[str, str]] = {
    "empty": ("Die Datei „{file}“ ist leer. Bitte exportieren Sie die Daten erneut.",
              "The file “{file}” is empty. Please export the data again."),
    "header_only": ("Die Datei „{file}“ enthält nur Überschriften und keine Datenzeilen.",
                    "The file “{file}” holds only headers and no data rows."),
    "binary": ("Die Datei „{file}“ ist keine Tabelle (Binärdatei). Erwartet wird CSV, TXT oder XLSX.",
               "The file “{file}” is not a table (binary file). Expected CSV, TXT or XLSX."),
    "encoding": ("Die Datei „{file}“ hat eine unlesbare Zeichenkodierung ({detail}). Speichern Sie sie als "
                 "„CSV UTF-8“.",
                 "The file “{file}” has an unreadable encoding ({detail}). Save it as “CSV UTF-8”."),
    "not_a_table": ("Die Datei „{file}“ ist keine Tabelle: es wurden keine Spalten gefunden. Erwartet wird "
                    "CSV (Trennzeichen ; , oder Tab) oder XLSX.",
                    "The file “{file}” is not a table: no columns were found. Expected CSV (delimiter ; , or "
                    "tab) or XLSX."),
    "too_large": ("Die Datei „{file}“ ist {value} MB groß; erlaubt sind {detail} MB. Teilen Sie sie auf.",
                  "The file “{file}” is {value} MB; at most {detail} MB are allowed. Split it."),
    "no_sheet": ("Die Datei „{file}“ hat kein Tabellenblatt „{value}“. Vorhanden: {detail}.",
                 "The file “{file}” has no sheet “{value}”. Available: {detail}."),
    "empty_sheet": (
        "Das Tabellenblatt „{value}“ der Datei „{file}“ ist leer. Tabellenblätter: {column}; Daten stehen in: "
        "{detail}. Wählen Sie das Blatt mit den Daten: ktdash import … --sheet NAME (Kommandozeile) oder "
        "„Tabellenblatt“ auf der Seite Import.",
        "The sheet “{value}” of the file “{file}” is empty. Sheets: {column}; data are in: {detail}. Choose the "
        "sheet with the data: ktdash import … --sheet NAME (command line) or “Sheet” on the Import page.",
    ),
    "no_header": (
        "In „{file}“ wurde keine Überschriftenzeile erkannt. Ordnen Sie die Spalten zu (Seite Import) oder "
        "geben Sie ein Zuordnungsprofil an (--mapping).",
        "No header line was recognised in “{file}”. Map the columns (Import page) or give a mapping profile "
        "(--mapping).",
    ),
    "missing_column": (
        "In „{file}“ fehlt die Spalte „{column}“ (Überschrift in Zeile {value}). Ordnen Sie sie zu oder "
        "ergänzen Sie sie.",
        "The column “{column}” is missing in “{file}” (header in line {value}). Map it or add it.",
    ),
    "unknown_layout": (
        "Der Aufbau von „{file}“ wurde nicht erkannt (Spalten: {detail}). Erwartet werden Zählerstände, "
        "Verbräuche je Zeitraum, eine Monatstabelle, ein Lastgang oder Gebäudestammdaten.",
        "The layout of “{file}” was not recognised (columns: {detail}). Expected meter readings, consumption "
        "per period, a month table, a load profile or building master data.",
    ),
    "unknown_municipality": ("Die Kommune „{value}“ ist unbekannt. Liste: ktdash municipalities.",
                             "The municipality “{value}” is unknown. List: ktdash municipalities."),
    "profile_mismatch": (
        "In „{file}“ steht keine Zeile mit allen Spalten des Profils „{value}“ ({detail}). Wählen Sie ein "
        "anderes Profil oder passen Sie die Zuordnung an.",
        "No line of “{file}” holds all columns of the profile “{value}” ({detail}). Choose another profile or "
        "change the mapping.",
    ),
    "unknown_profile": ("Das Zuordnungsprofil „{value}“ gibt es nicht (weder gespeichert noch als Datei).",
                        "The mapping profile “{value}” does not exist (neither stored nor as a file)."),
    "bad_profile": ("Das Zuordnungsprofil „{value}“ ist ungültig: {detail}",
                    "The mapping profile “{value}” is invalid: {detail}"),
    "no_building": (
        "In „{file}“ steht kein Gebäude: weder eine Spalte Liegenschaft/Gebäude noch eine Zeile "
        "„Liegenschaft;…“ über der Tabelle.",
        "“{file}” names no building: neither a building column nor a line “Liegenschaft;…” above the table.",
    ),
    "degree_days_row": (
        "In „{file}“, Zeile {detail}, Spalte „{column}“: „{value}“ ist kein gültiger Wert. Erwartet wird je Zeile "
        "ein Monat (2024-01, 01.2024, oder 1–12 für das langjährige Mittel) und eine Gradtagzahl (z. B. 446,2). "
        "Nichts wurde geändert.",
        "In “{file}”, line {detail}, column “{column}”: “{value}” is not a valid value. Expected per line a month "
        "(2024-01, 01.2024, or 1–12 for the long-term mean) and a degree-day value (e.g. 446.2). Nothing was "
        "changed.",
    ),
    "unreadable": ("Die Datei „{file}“ konnte nicht gelesen werden: {detail}",
                   "The file “{file}” could not be read: {detail}"),
}


def _pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    pair = table[key]
    return pair[1] if lang == "en" else pair[0]


def t(key: str, lang: str = "de", **fields) -> str:
    return _pick(UI, key, lang).format(**fields)


def undo_message(number, removed: dict[str, int], lang: str = "de") -> str:
    """What an undo did (:func:`ktdash.ingest.pipeline.undo_import`'s counts) in words."""
    campaign_rows = any(removed.get(k, 0) > 0 for k in ("campaigns", "activities", "pv_units"))
    key = "undo_done_degree_days" if "station_degree_days" in removed else \
        "undo_done_campaigns" if campaign_rows else "undo_done"  # degree days: ktdash.ingest.layouts.degree_days
    text = t(key, lang, number=number, **removed)
    restored = sum(n for k, n in removed.items() if k.startswith("restored_"))
    return text + (t("undo_restored", lang, restored=restored) if restored else "")


def field_name(field: str, lang: str = "de") -> str:
    return _pick(FIELD_NAMES, field, lang) if field in FIELD_NAMES else field


# Rejections whose detail (made in SQL, ktdash.ingest.checks) may carry further fields after DETAIL_SEPARATOR:
# code → (message with those fields, their names)
DETAIL_SEPARATOR = "\x1f"
DETAIL_PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reading_backwards": ("reading_backwards_digits", ("digits",)),
    "period_overlap": ("period_overlap_import", ("import_id", "import_date", "import_file")),
    "overlaps_meter_data": ("overlaps_meter_data_import", ("import_id", "import_date", "import_file")),
    "overlaps_period_data": ("overlaps_period_data_import", ("import_id", "import_date", "import_file")),
    "implausible_z_number": ("implausible_z_number", ("default",)),
    "implausible_calorific_value": ("implausible_calorific_value", ("default",)),
}


def rejection(code: str, lang: str = "de", **fields) -> str:
    fields = {k: ("" if v is None else v) for k, v in fields.items()}
    detail = str(fields.get("detail", ""))
    if code in DETAIL_PARTS and DETAIL_SEPARATOR in detail:
        code, names = DETAIL_PARTS[code]
        first, *rest = detail.split(DETAIL_SEPARATOR)
        fields |= {"detail": first} | dict(zip(names, rest))
        if "import_id" in names:
            fields["replace"] = _pick(REJECTIONS, "replace_import_hint", lang).format(**fields)
    return _pick(REJECTIONS, code, lang).format(**fields)


def file_error(code: str, lang: str = "de", **fields) -> str:
    return _pick(FILE_ERRORS, code, lang).format(**fields)


def rejection_columns(lang: str = "de") -> list[str]:
    if lang == "en":
        return ["line", "column", "value", "code", "reason"]
    return ["Zeile", "Spalte", "Wert", "Code", "Grund"]


# --- exports of charts and tables (issue 5) ---------------------------------------------------------------
UI.update({
    "download_xlsx": ("Tabelle als Excel (XLSX)", "Table as Excel (XLSX)"),
    "chart_download": ("Diagramm herunterladen", "Download chart"),
    "chart_download_png": ("PNG (Druckauflösung)", "PNG (print resolution)"),
    "chart_download_svg": ("SVG (Vektor)", "SVG (vector)"),
    "chart_download_pdf": ("PDF", "PDF"),
})


# --- campaigns: import (ktdash.ingest.layouts.campaigns) ------------------------------------------------------------
UI.update({
    "layout_campaigns": ("Kampagnen des Netzwerks", "Network campaigns"),
    "layout_activities": ("Aktivitäten und Reichweite", "Activities and reach"),
    "layout_pv_register": ("Marktstammdatenregister (Solaranlagen)", "Market master data register (solar units)"),
    "note_members_from_lead": (
        "Ohne „Beteiligte Kommunen“ gelten die Kommunen der Federführung als beteiligt.",
        "Without “participating municipalities” the lead's municipalities are taken as participants."),
    "note_outside_campaign": (
        "{n} Aktivitäten liegen außerhalb des Zeitraums ihrer Kampagne (werden trotzdem gezählt).",
        "{n} activities lie outside their campaign's period (counted nevertheless)."),
    "note_register_other_source": (
        "{n} Einheiten mit anderem Energieträger als Solarer Strahlungsenergie übersprungen.",
        "{n} units with an energy source other than solar skipped."),
    "note_register_not_commissioned": (
        "{n} Einheiten ohne Inbetriebnahme (in Planung) übersprungen.",
        "{n} units not commissioned (planned) skipped."),
    "note_register_outside_region": (
        "{n} Einheiten außerhalb der Westpfalz (Gemeindeschlüssel) übersprungen.",
        "{n} units outside the Westpfalz (municipality key) skipped."),
    "undo_blocked": (
        "Import {number} kann nicht rückgängig gemacht werden: Aktivitäten aus Import {blocking} gehören zu seinen "
        "Kampagnen. Machen Sie zuerst jene Importe rückgängig.",
        "Import {number} cannot be undone: activities of import {blocking} belong to its campaigns. Undo those "
        "imports first."),
    "undo_done_campaigns": (
        "Import {number} rückgängig gemacht: {campaigns} Kampagnen, {activities} Aktivitäten und {pv_units} "
        "Solaranlagen entfernt; Auswertungen aktualisiert.",
        "Import {number} undone: {campaigns} campaigns, {activities} activities and {pv_units} solar units "
        "removed; figures updated."),
    "summary_campaigns": ("Kampagnen", "Campaigns"),
    "summary_municipalities": ("Kommunen", "Municipalities"),
    "summary_activities": ("Aktivitäten", "Activities"),
    "summary_participants": ("Teilnehmende", "Participants"),
    "summary_consultations": ("Beratungen", "Consultations"),
    "summary_cost_eur": ("Kosten (€)", "Cost (€)"),
    "summary_units": ("Solaranlagen", "Solar units"),
    "summary_kwp": ("Leistung (kWp)", "Capacity (kWp)"),
    "summary_plug_in_units": ("davon steckerfertig", "of which plug-in"),
})

REJECTIONS.update({
    "not_an_integer": ("„{value}“ in „{column}“ ist keine ganze Zahl. Anzahlen ohne Nachkommastellen eintragen.",
                       "“{value}” in “{column}” is not a whole number. Enter counts without decimals."),
    "unknown_topic": ("Unbekanntes Thema „{value}“. Erlaubt: {detail}.", "Unknown topic “{value}”. Allowed: {detail}."),
    "unknown_municipality": (
        "„{value}“ in „{column}“ ist keine Kommune oder kein Landkreis der Westpfalz. Name oder Schlüssel wie in "
        "„ktdash municipalities“ eintragen (z. B. VG Landstuhl, Landkreis Kusel).",
        "“{value}” in “{column}” is not a municipality or district of the Westpfalz. Enter a name or key as listed "
        "by “ktdash municipalities” (e.g. VG Landstuhl, Landkreis Kusel)."),
    "end_before_start": ("Das Ende {value} liegt vor dem Beginn {detail}. Datumsangaben prüfen.",
                         "The end {value} is before the start {detail}. Check the dates."),
    "unknown_campaign": (
        "Die Kampagne „{value}“ ist nicht gespeichert. Zuerst die Kampagnendatei importieren oder Nr./Namen "
        "der Kampagne korrigieren.",
        "The campaign “{value}” is not stored. Import the campaign file first or correct the campaign's "
        "number/name."),
    "unknown_format": ("Unbekanntes Format „{value}“. Erlaubt: {detail}.", "Unknown format “{value}”. Allowed: {detail}."),
    "unknown_kind": ("Unbekannte Art „{value}“. Erlaubt: {detail}.", "Unknown kind “{value}”. Allowed: {detail}."),
    "reach_in_future": (
        "Die Aktivität am {value} liegt in der Zukunft, hat aber schon Reichweite oder Kosten. Zahlen erst nach "
        "der Veranstaltung eintragen oder das Datum korrigieren.",
        "The activity on {value} lies in the future but already has reach or cost figures. Enter figures after "
        "the event or correct the date."),
    "unknown_place": (
        "Der Gemeindeschlüssel {value} liegt in der Westpfalz, ist aber in der Gemeindezuordnung (places.csv) nicht "
        "enthalten. Zuordnung ergänzen (sample_data/master/places.csv) und erneut importieren.",
        "The municipality key {value} is in the Westpfalz but missing from the municipality mapping (places.csv). "
        "Add it (sample_data/master/places.csv) and import again."),
})

FIELD_NAMES.update({
    "campaign_no": ("Kampagnen-Nr.", "Campaign no."),
    "campaign": ("Kampagne", "Campaign"),
    "topic": ("Thema", "Topic"),
    "lead": ("Federführung", "Lead"),
    "members": ("Beteiligte Kommunen", "Participating municipalities"),
    "start": ("Beginn", "Start"),
    "end": ("Ende", "End"),
    "description": ("Beschreibung", "Description"),
    "municipality": ("Kommune", "Municipality"),
    "format": ("Format", "Format"),
    "kind": ("Art", "Kind"),
    "title": ("Titel", "Title"),
    "participants": ("Teilnehmende", "Participants"),
    "registrations": ("Anmeldungen", "Registrations"),
    "consultations": ("Beratungen", "Consultations"),
    "page_views": ("Seitenaufrufe", "Page views"),
    "leads": ("Leads", "Leads"),
    "outcomes": ("Umsetzungen", "Implemented measures"),
    "unit_id": ("MaStR-Nr. der Einheit", "MaStR unit no."),
    "unit_name": ("Name der Einheit", "Unit name"),
    "status": ("Betriebs-Status", "Operating status"),
    "energy_source": ("Energieträger (MaStR)", "Energy source (MaStR)"),
    "gross_kw": ("Bruttoleistung (kW)", "Gross power (kW)"),
    "net_kw": ("Nettonennleistung (kW)", "Net rated power (kW)"),
    "commissioned": ("Inbetriebnahmedatum", "Commissioning date"),
    "ags": ("Gemeindeschlüssel", "Municipality key (AGS)"),
    "place_name": ("Gemeinde", "Municipality (register)"),
    "solar_type": ("Art der Solaranlage", "Kind of solar unit"),
})


# --- campaigns: pages ---------------------------------------------------------------------------------------------
# Kampagnen, Kampagne, Jahresplanung (pages/kampagnen.py, kampagne.py, jahresplanung.py; charts in ktdash.output.charts)
UI.update({
    "page_campaigns": ("Kampagnen", "Campaigns"),
    "page_campaign": ("Kampagne", "Campaign"),
    "page_annual_plan": ("Jahresplanung", "Annual plan"),
    # vocabulary shown in charts and filters (the stored values are the German names)
    "topic_Photovoltaik": ("Photovoltaik", "Photovoltaics"),
    "topic_Wärme": ("Wärme", "Heating"),
    "topic_Mobilität": ("Mobilität", "Mobility"),
    "topic_Bauleitplanung": ("Bauleitplanung", "Land-use planning"),
    "topic_Energiesparen": ("Energiesparen", "Energy saving"),
    "topic_Sonstiges": ("Sonstiges", "Other"),
    "format_Präsenz": ("Präsenz", "In person"),
    "format_online": ("online", "Online"),
    "format_hybrid": ("hybrid", "Hybrid"),
    # shared by the three pages
    "campaign_filter_topics": ("Themen", "Topics"),
    "campaign_all_years": ("alle Jahre", "all years"),
    "campaigns_none": (
        "Noch keine Kampagnen gespeichert. Importieren Sie die Kampagnenliste, die Aktivitäten und den "
        "Marktstammdatenregister-Auszug auf der Seite „Import“.",
        "No campaigns stored yet. Import the campaign list, the activities and the market master data register "
        "extract on the “Import” page."),
    "campaign_methods_title": ("Methode und Quellen", "Method and sources"),
    "campaign_methods_text": (
        "- **Reichweite** eines Gebiets: Summen der Teilnehmenden, Anmeldungen, Beratungen, Seitenaufrufe, Leads "
        "und bekannten Umsetzungen der Aktivitäten in seinen Kommunen (ein Landkreis zählt seine Kommunen und die "
        "Kreisverwaltung). Nicht erfasste Zahlen (leere Felder) zählen nicht als 0.\n"
        "- **Je 1.000 Einwohner** = Reichweite × 1.000 / Einwohner der Kommune bzw. des Landkreises. Einwohner: "
        "Statistisches Landesamt Rheinland-Pfalz, Bevölkerungsfortschreibung (Stand {dates}; Stammdaten von ktdash, "
        "sample_data/master). Eine Kreisverwaltung hat keine eigenen Einwohner.\n"
        "- **Kosten je Teilnehmende/n** = Σ Kosten / Σ Teilnehmende über die Aktivitäten, bei denen beides erfasst "
        "ist; **Kosten je Beratung** ebenso mit den Beratungen.\n"
        "- **Präsenz / online / hybrid**: Teilnehmende durchgeführter Aktivitäten nach Format; hybrid wird nicht "
        "aufgeteilt. Aktivitäten nach dem heutigen Tag gelten als geplant.\n"
        "- **Photovoltaik-Zubau**: Solaranlagen aus dem Marktstammdatenregister der Bundesnetzagentur (öffentlicher "
        "Export der Einheiten; Datenlizenz Deutschland – Namensnennung – Version 2.0, dl-de/by-2-0) im Jahr ihrer "
        "Inbetriebnahme, gezählt für die Kommune ihres Gemeindeschlüssels; kWp = Bruttoleistung. Inzwischen "
        "stillgelegte Anlagen bleiben im Jahr ihres Zubaus gezählt.\n"
        "- **Vorher-Nachher-Vergleich** einer Photovoltaik-Kampagne (Differenz von Differenzen nach Angrist & "
        "Pischke 2009, *Mostly Harmless Econometrics*, Kap. 5.2; Card & Krueger 1994): vorher = die {window} "
        "Monate vor dem Kampagnenbeginn, nachher = die {window} Monate ab Beginn. Für die beteiligten Kommunen und "
        "die Vergleichsgruppe – alle Kommunen mit Einwohnern, die an keiner Photovoltaik-Kampagne in diesen beiden "
        "Zeitfenstern teilnahmen – je Fenster Anlagen × 1.000 / Einwohner; Differenz = Veränderung der Beteiligten "
        "− Veränderung der Vergleichsgruppe. Beschreibend, kein Wirkungsnachweis: Kommunen entscheiden selbst über "
        "ihre Teilnahme. Berechnet erst, wenn die Registerdaten das Nachher-Fenster abdecken.",
        "- **Reach** of an area: sums of participants, registrations, consultations, page views, leads and known "
        "implemented measures of the activities held in its municipalities (a district counts its municipalities "
        "and its district administration). Figures not recorded (empty cells) do not count as 0.\n"
        "- **Per 1,000 inhabitants** = reach × 1,000 / inhabitants of the municipality or district. Inhabitants: "
        "Statistisches Landesamt Rheinland-Pfalz, population update (as of {dates}; ktdash master data, "
        "sample_data/master). A district administration has no inhabitants of its own.\n"
        "- **Cost per participant** = Σ cost / Σ participants over the activities where both are recorded; "
        "**cost per consultation** likewise with consultations.\n"
        "- **In person / online / hybrid**: participants of activities held, by format; hybrid is not split. "
        "Activities after today count as planned.\n"
        "- **Photovoltaic additions**: solar units of the Marktstammdatenregister of the Bundesnetzagentur (public "
        "unit export; Data licence Germany – attribution – version 2.0, dl-de/by-2-0) in the year of their "
        "commissioning, counted for the municipality of their municipality key; kWp = gross power. Units "
        "decommissioned since stay counted in the year they were added.\n"
        "- **Before/after comparison** of a photovoltaic campaign (difference in differences after Angrist & "
        "Pischke 2009, *Mostly Harmless Econometrics*, ch. 5.2; Card & Krueger 1994): before = the {window} months "
        "before the campaign's start, after = the {window} months from its start. For the participating "
        "municipalities and the comparison group – every municipality with inhabitants that took part in no "
        "photovoltaic campaign in these two windows – units × 1,000 / inhabitants per window; difference = change "
        "of the participants − change of the comparison group. Descriptive, not proof of an effect: municipalities "
        "choose to take part. Computed only once the register data cover the after window."),
    "campaign_axis_participants": ("Teilnehmende", "Participants"),
    "campaign_axis_activities": ("Aktivitäten", "Activities"),
    "campaign_axis_participants_per_1000": ("Teilnehmende je 1.000 Einwohner", "Participants per 1,000 inhabitants"),
    "campaign_axis_units_per_1000": ("Solaranlagen je 1.000 Einwohner", "Solar units per 1,000 inhabitants"),
    "campaign_axis_kwp_per_1000": ("kWp je 1.000 Einwohner", "kWp per 1,000 inhabitants"),
    "campaign_axis_month": ("Monat", "Month"),
    "campaign_planned": ("(geplant)", "(planned)"),
    "campaign_today": ("heute", "today"),
    "campaigns_kpi_campaigns": ("Kampagnen", "Campaigns"),
    "campaigns_kpi_activities": ("Aktivitäten durchgeführt", "Activities held"),
    "campaigns_kpi_planned": ("Dazu {n} geplante Aktivitäten.", "Plus {n} planned activities."),
    "campaigns_kpi_participants": ("Teilnehmende", "Participants"),
    "campaigns_kpi_consultations": ("Beratungen", "Consultations"),
    "campaigns_kpi_cost": ("Kosten", "Cost"),
    "campaigns_kpi_cost_per_participant": ("Kosten je Teilnehmende/n", "Cost per participant"),
    "campaigns_kpi_cost_per_participant_help": (
        "Σ Kosten / Σ Teilnehmende der Aktivitäten, bei denen beides erfasst ist.",
        "Σ cost / Σ participants of the activities where both are recorded."),
    # table columns
    "campaign_col_name": ("Name", "Name"),
    "campaign_col_district": ("Landkreis/Stadt", "District/city"),
    "campaign_col_municipality": ("Kommune", "Municipality"),
    "campaign_col_population": ("Einwohner", "Inhabitants"),
    "campaign_col_activities": ("Aktivitäten", "Activities"),
    "campaign_col_activities_held": ("Aktivitäten durchgeführt", "Activities held"),
    "campaign_col_participants": ("Teilnehmende", "Participants"),
    "campaign_col_participants_per_1000": ("Teilnehmende je 1.000 EW", "Participants per 1,000 inh."),
    "campaign_col_registrations": ("Anmeldungen", "Registrations"),
    "campaign_col_consultations": ("Beratungen", "Consultations"),
    "campaign_col_consultations_per_1000": ("Beratungen je 1.000 EW", "Consultations per 1,000 inh."),
    "campaign_col_page_views": ("Seitenaufrufe", "Page views"),
    "campaign_col_leads": ("Leads", "Leads"),
    "campaign_col_outcomes": ("Umsetzungen", "Implemented measures"),
    "campaign_col_cost_eur": ("Kosten [€]", "Cost [€]"),
    "campaign_col_cost_per_participant": ("€ je Teilnehmende/n", "€ per participant"),
    "campaign_col_cost_per_consultation": ("€ je Beratung", "€ per consultation"),
    "campaign_col_campaign_id": ("Nr.", "No."),
    "campaign_col_link": ("Nr.", "No."),
    "campaign_col_topic": ("Thema", "Topic"),
    "campaign_col_lead": ("Federführung", "Lead"),
    "campaign_col_start_date": ("Beginn", "Start"),
    "campaign_col_end_date": ("Ende", "End"),
    "campaign_col_members": ("beteiligte Kommunen", "participating municipalities"),
    "campaign_col_year": ("Jahr", "Year"),
    "campaign_col_units": ("neue Solaranlagen", "new solar units"),
    "campaign_col_kwp": ("neue Leistung [kWp]", "new capacity [kWp]"),
    "campaign_col_plug_in_units": ("davon steckerfertig", "of which plug-in"),
    "campaign_col_units_per_1000": ("Anlagen je 1.000 EW", "Units per 1,000 inh."),
    "campaign_col_kwp_per_1000": ("kWp je 1.000 EW", "kWp per 1,000 inh."),
    "campaign_col_pv_activities": ("PV-Aktivitäten", "PV activities"),
    "campaign_col_pv_participants": ("PV-Teilnehmende", "PV participants"),
    "campaign_col_pv_consultations": ("PV-Beratungen", "PV consultations"),
    "campaign_col_activity_date": ("Datum", "Date"),
    "campaign_col_format": ("Format", "Format"),
    "campaign_col_kind": ("Art", "Kind"),
    "campaign_col_title": ("Titel", "Title"),
    "campaign_col_planned": ("geplant", "planned"),
    "campaign_col_group": ("Gruppe", "Group"),
    "campaign_col_units_before": ("Anlagen vorher", "Units before"),
    "campaign_col_units_after": ("Anlagen nachher", "Units after"),
    "campaign_col_kwp_before": ("kWp vorher", "kWp before"),
    "campaign_col_kwp_after": ("kWp nachher", "kWp after"),
    "campaign_col_rate_before": ("je 1.000 EW vorher ({start} – {end})", "per 1,000 inh. before ({start} – {end})"),
    "campaign_col_rate_after": ("je 1.000 EW nachher ({start} – {end})", "per 1,000 inh. after ({start} – {end})"),
    # Kampagnen
    "campaigns_title": ("Kampagnen im Vergleich", "Campaigns compared"),
    "campaigns_caption": (
        "Die gemeinsamen Kampagnen des Netzwerks je Landkreis und Stadt: Reichweite, Formate, Themen und Kosten aus "
        "den gemeldeten Aktivitäten, der Photovoltaik-Zubau aus dem Marktstammdatenregister (Bundesnetzagentur, "
        "dl-de/by-2-0). Leere Felder zählen nicht als 0; Einwohner nach dem Statistischen Landesamt Rheinland-Pfalz.",
        "The network's joint campaigns per district and city: reach, formats, topics and cost from the reported "
        "activities, photovoltaic additions from the Marktstammdatenregister (Bundesnetzagentur, dl-de/by-2-0). "
        "Empty cells do not count as 0; inhabitants from the Statistisches Landesamt Rheinland-Pfalz."),
    "campaigns_no_participants": ("In dieser Auswahl gibt es noch keine durchgeführten Aktivitäten mit "
                                  "Teilnehmenden (nur geplante).",
                                  "No activities held with participants in this choice yet (only planned ones)."),
    "campaigns_reach_title": ("Reichweite je Landkreis/Stadt ({scope})", "Reach per district/city ({scope})"),
    "campaigns_chart_participants": ("Teilnehmende", "Participants"),
    "campaigns_chart_per_1000": ("Teilnehmende je 1.000 Einwohner", "Participants per 1,000 inhabitants"),
    "campaigns_chart_formats": ("Teilnehmende nach Format", "Participants by format"),
    "campaigns_chart_topics": ("Aktivitäten je Thema – Lücken grau", "Activities per topic – gaps in grey"),
    "campaigns_formats_note": (
        "Format: nur durchgeführte Aktivitäten. Themen: durchgeführte und geplante Aktivitäten; „–“ = keine Aktivität "
        "zu diesem Thema.",
        "Format: activities held only. Topics: activities held and planned; “–” = no activity on this topic."),
    "campaigns_timeline_title": ("Zeitverlauf", "Timeline"),
    "campaigns_measure": ("Darstellung", "Show"),
    "campaigns_chart_timeline_activities": ("Aktivitäten je Monat und Thema", "Activities per month and topic"),
    "campaigns_chart_timeline_participants": ("Teilnehmende je Monat und Thema", "Participants per month and topic"),
    "campaigns_timeline_note": ("Schraffiert: Monate, deren Aktivitäten noch geplant sind.",
                                "Hatched: months whose activities are still planned."),
    "campaigns_table_title": ("Reichweite und Kosten ({scope})", "Reach and cost ({scope})"),
    "campaigns_cost_note": (
        "Kosten je Teilnehmende/n und je Beratung: nur Aktivitäten, bei denen Kosten und Teilnehmende bzw. "
        "Beratungen erfasst sind. EW = Einwohner.",
        "Cost per participant and per consultation: only activities with both cost and participants or "
        "consultations recorded. inh. = inhabitants."),
    "campaigns_list_title": ("Die Kampagnen", "The campaigns"),
    "campaigns_pv_title": ("Ergebnis Photovoltaik: Zubau laut Marktstammdatenregister",
                           "Photovoltaic outcome: additions in the Marktstammdatenregister"),
    "campaigns_pv_none": ("Kein Auszug aus dem Marktstammdatenregister importiert.",
                          "No extract of the Marktstammdatenregister imported."),
    "campaigns_pv_none_years": ("Für die gewählten Jahre enthält der Auszug keine Solaranlagen (Registerdaten bis "
                                "{until}).",
                                "The extract holds no solar units for the chosen years (register data until {until})."),
    "campaigns_chart_pv": ("Neue Solaranlagen je 1.000 Einwohner", "New solar units per 1,000 inhabitants"),
    "campaigns_pv_note": (
        "Quelle: Marktstammdatenregister der Bundesnetzagentur (dl-de/by-2-0), Inbetriebnahmejahr. Registerdaten bis "
        "{until}; * {partial} unvollständig.",
        "Source: Marktstammdatenregister of the Bundesnetzagentur (dl-de/by-2-0), year of commissioning. Register "
        "data until {until}; * {partial} incomplete."),
    "campaigns_pv_table_note": (
        "Je Kommune und Jahr: Zubau neben den durchgeführten Photovoltaik-Aktivitäten derselben Kommune im selben "
        "Jahr. EW = Einwohner.",
        "Per municipality and year: additions side by side with the photovoltaic activities held in the same "
        "municipality and year. inh. = inhabitants."),
    # Kampagne
    "campaign_select": ("Kampagne", "Campaign"),
    "campaign_title": ("Kampagne: {name}", "Campaign: {name}"),
    "campaign_caption": (
        "Eine Kampagne: Eckdaten, Kennzahlen aus den gemeldeten Aktivitäten und – bei Photovoltaik – der Zubau "
        "vorher und nachher laut Marktstammdatenregister (Bundesnetzagentur, dl-de/by-2-0).",
        "One campaign: facts, key figures from the reported activities and – for photovoltaics – the additions "
        "before and after in the Marktstammdatenregister (Bundesnetzagentur, dl-de/by-2-0)."),
    "campaign_fact_topic": ("Thema", "Topic"),
    "campaign_fact_lead": ("Federführung", "Lead"),
    "campaign_fact_period": ("Zeitraum", "Period"),
    "campaign_fact_members": ("Beteiligte Kommunen ({n})", "Participating municipalities ({n})"),
    "campaign_kpi_per_1000": ("Teilnehmende je 1.000 EW", "Participants per 1,000 inh."),
    "campaign_kpi_per_1000_help": ("Bezogen auf die Einwohner der beteiligten Kommunen.",
                                   "Relative to the inhabitants of the participating municipalities."),
    "campaign_no_activities": ("Zu dieser Kampagne sind noch keine durchgeführten Aktivitäten mit Teilnehmenden "
                               "gespeichert.",
                               "No activities held with participants are stored for this campaign yet."),
    "campaign_chart_reach": ("Teilnehmende je Kommune", "Participants per municipality"),
    "campaign_chart_formats": ("Teilnehmende nach Format und Landkreis/Stadt", "Participants by format and district"),
    "campaign_reach_note": ("„–“: beteiligte Kommune ohne erfasste Teilnehmende. Format: nur durchgeführte "
                            "Aktivitäten.",
                            "“–”: participating municipality without recorded participants. Format: activities held "
                            "only."),
    "campaign_activities_title": ("Aktivitäten ({n})", "Activities ({n})"),
    "campaign_pv_title": ("Ergebnis: Photovoltaik-Zubau vorher und nachher", "Outcome: photovoltaic additions before "
                          "and after"),
    "campaign_pv_only": (
        "Ergebnisse aus dem Marktstammdatenregister gibt es nur für Photovoltaik-Kampagnen; diese Kampagne hat das "
        "Thema „{topic}“.",
        "Register outcomes exist only for photovoltaic campaigns; this campaign's topic is “{topic}”."),
    "campaign_pv_caption": (
        "Vorher: {b0} – {b1}, nachher: {a0} – {a1} ({window} Monate je Fenster). Neue Solaranlagen laut "
        "Marktstammdatenregister je 1.000 Einwohner; Methode unter „Methode und Quellen“.",
        "Before: {b0} – {b1}, after: {a0} – {a1} ({window} months each). New solar units in the "
        "Marktstammdatenregister per 1,000 inhabitants; method under “Method and sources”."),
    "campaign_pv_no_register": ("Kein Auszug aus dem Marktstammdatenregister importiert: kein Vorher-Nachher-"
                                "Vergleich möglich.",
                                "No extract of the Marktstammdatenregister imported: no before/after comparison."),
    "campaign_pv_incomplete": (
        "Noch kein Vergleich möglich: Die Registerdaten reichen bis {until}, das Nachher-Fenster endet am {a1}. "
        "Der Vergleich erscheint, sobald ein Auszug des Marktstammdatenregisters bis mindestens {a1} importiert ist.",
        "No comparison yet: the register data end on {until}, the after window ends on {a1}. The comparison "
        "appears once an extract of the Marktstammdatenregister up to at least {a1} is imported."),
    "campaign_chart_before_after": ("Neue Solaranlagen je 1.000 Einwohner: vorher und nachher",
                                    "New solar units per 1,000 inhabitants: before and after"),
    "campaign_legend_before": ("vorher ({start} – {end})", "before ({start} – {end})"),
    "campaign_legend_after": ("nachher ({start} – {end})", "after ({start} – {end})"),
    "campaign_group_members": ("Beteiligte Kommunen ({n})", "Participating municipalities ({n})"),
    "campaign_group_comparison": ("Vergleichsgruppe ({n})", "Comparison group ({n})"),
    "campaign_group_label_members": ("beteiligt", "participating"),
    "campaign_group_label_comparison": ("Vergleichsgruppe", "comparison group"),
    "campaign_pv_group_text": (
        "**{group}:** {before} → {after} Anlagen je 1.000 Einwohner ({units_before} → {units_after} Anlagen), "
        "Veränderung {change}.",
        "**{group}:** {before} → {after} units per 1,000 inhabitants ({units_before} → {units_after} units), "
        "change {change}."),
    "campaign_pv_difference_more": (
        "**Vom Vorher-Fenster ({b0} – {b1}) zum Nachher-Fenster ({a0} – {a1}) wuchs der Zubau in den beteiligten "
        "Kommunen um {difference} Anlagen je 1.000 Einwohner stärker als in der Vergleichsgruppe** (Differenz "
        "von Differenzen: {signed}).",
        "**From the before window ({b0} – {b1}) to the after window ({a0} – {a1}) additions in the participating "
        "municipalities grew by {difference} units per 1,000 inhabitants more than in the comparison group** "
        "(difference in differences: {signed})."),
    "campaign_pv_difference_less": (
        "**Vom Vorher-Fenster ({b0} – {b1}) zum Nachher-Fenster ({a0} – {a1}) wuchs der Zubau in den beteiligten "
        "Kommunen um {difference} Anlagen je 1.000 Einwohner schwächer als in der Vergleichsgruppe** (Differenz "
        "von Differenzen: {signed}).",
        "**From the before window ({b0} – {b1}) to the after window ({a0} – {a1}) additions in the participating "
        "municipalities grew by {difference} units per 1,000 inhabitants less than in the comparison group** "
        "(difference in differences: {signed})."),
    "campaign_pv_no_comparison": ("Keine Vergleichsgruppe: Alle Kommunen nahmen in diesen Zeitfenstern an einer "
                                  "Photovoltaik-Kampagne teil.",
                                  "No comparison group: every municipality took part in a photovoltaic campaign in "
                                  "these windows."),
    "campaign_pv_caveat": (
        "Beschreibend, kein Wirkungsnachweis: Kommunen entscheiden selbst über ihre Teilnahme, und andere Einflüsse "
        "(Förderprogramme, Preise) wirken in beiden Gruppen unterschiedlich.",
        "Descriptive, not proof of an effect: municipalities choose to take part, and other influences (subsidies, "
        "prices) may act differently on the two groups."),
    "campaign_pv_table_title": ("Je Kommune ({n})", "Per municipality ({n})"),
    # Jahresplanung
    "plan_title": ("Jahresplanung", "Annual plan"),
    "plan_caption": (
        "Der gemeinsame Kalender des Netzwerks: Kampagnen als Balken (Farbe: Thema), ihre Aktivitäten als Punkte "
        "(Form: Format). Als Tabelle, als CSV für Excel oder als iCalendar-Datei (.ics) für Outlook, Thunderbird "
        "und andere Kalender.",
        "The network's joint calendar: campaigns as bars (colour: topic), their activities as markers (shape: "
        "format). As a table, as CSV for Excel or as an iCalendar file (.ics) for Outlook, Thunderbird and other "
        "calendars."),
    "plan_empty": ("Für {year} und diese Auswahl ist nichts geplant.", "Nothing planned for {year} and this choice."),
    "plan_kpi_campaigns": ("Kampagnen {year}", "Campaigns {year}"),
    "plan_kpi_activities": ("Aktivitäten {year}", "Activities {year}"),
    "plan_kpi_upcoming": ("davon noch bevorstehend", "of which still to come"),
    "plan_chart_title": ("Jahresplanung {year}", "Annual plan {year}"),
    "plan_legend_activity": ("Aktivität", "Activity"),
    "plan_chart_note": (
        "Balken: Laufzeit der Kampagne (über das Jahr hinaus abgeschnitten); Punkte: Aktivitäten des Jahres; "
        "gestrichelte Linie: heute.",
        "Bars: the campaign's period (cut at the year's edges); markers: the year's activities; dashed line: today."),
    "plan_table_title": ("Termine {year}", "Entries {year}"),
    "plan_col_entry": ("Eintrag", "Entry"),
    "plan_col_start_date": ("Beginn", "Start"),
    "plan_col_end_date": ("Ende", "End"),
    "plan_col_campaign_id": ("Nr.", "No."),
    "plan_col_campaign_name": ("Kampagne", "Campaign"),
    "plan_col_topic": ("Thema", "Topic"),
    "plan_col_place": ("Ort / Federführung", "Place / lead"),
    "plan_col_lead": ("Federführung", "Lead"),
    "plan_col_district": ("Landkreis/Stadt", "District/city"),
    "plan_col_format": ("Format", "Format"),
    "plan_col_kind": ("Art", "Kind"),
    "plan_col_title": ("Titel / Beschreibung", "Title / description"),
    "plan_col_detail": ("Beteiligte Kommunen", "Participating municipalities"),
    "plan_entry_campaign": ("Kampagne", "Campaign"),
    "plan_entry_activity": ("Aktivität", "Activity"),
    "plan_download_csv": ("Termine als CSV (Excel)", "Entries as CSV (Excel)"),
    "plan_download_ics": ("Termine als Kalender (.ics)", "Entries as calendar (.ics)"),
    "plan_ics_note": (
        "Die .ics-Datei enthält jede Kampagne und jede Aktivität als ganztägigen Termin; sie lässt sich in "
        "Outlook, Thunderbird oder einen Gruppenkalender importieren.",
        "The .ics file holds every campaign and activity as an all-day event; import it into Outlook, Thunderbird "
        "or a shared calendar."),
})


# --- workshop mode (issue 5) ---
UI.update({
    "page_workshop": ("Workshop", "Workshop"),
    "workshop_back": ("Zum Dashboard", "To the dashboard"),
    "workshop_prev": ("Zurück", "Back"),
    "workshop_next": ("Weiter", "Next"),
    "workshop_settings": ("Einstellungen", "Settings"),
    "workshop_anonymise": ("Namen anonymisieren (A, B, C …)", "Anonymise names (A, B, C …)"),
    "workshop_anonymised": ("anonymisiert", "anonymised"),
    "workshop_and": (" und ", " and "),
    "workshop_no_data": ("Für {year} gibt es dazu keine Daten.", "No data on this for {year}."),
    "workshop_no_campaigns": ("{year} gab es keine Kampagnenaktivitäten mit erfassten Zahlen.",
                              "No campaign activities with recorded figures in {year}."),
    "workshop_no_progress": (
        "Kein Vergleich {year} mit {baseline}: Jahr und Basisjahr sind gleich, oder kein Gebäude hat vollständige "
        "Daten in beiden Jahren.",
        "No comparison of {year} with {baseline}: year and baseline are the same, or no building has complete data "
        "in both years."),
    # headlines: what is compared, the year, the unit
    "workshop_h_energy": ("Energieverbrauch der kommunalen Gebäude je Einwohner {year} – kWh je Einwohner, "
                          "witterungsbereinigt",
                          "Energy use of municipal buildings per inhabitant {year} – kWh per inhabitant, "
                          "weather-normalised"),
    "workshop_h_progress": ("Energieverbrauch {year} gegenüber {baseline} – Veränderung in %, witterungsbereinigt, "
                            "mit Zielpfad",
                            "Energy use {year} against {baseline} – change in %, weather-normalised, with target "
                            "path"),
    "workshop_h_heat": ("Wärmeverbrauch je m² {year} gegenüber dem Vergleichswert – kWh/m², witterungsbereinigt",
                        "Heat use per m² {year} against the comparison value – kWh/m², weather-normalised"),
    "workshop_h_co2": ("CO₂-Emissionen der kommunalen Gebäude je Einwohner {year} – kg CO₂e je Einwohner",
                       "CO₂ emissions of municipal buildings per inhabitant {year} – kg CO₂e per inhabitant"),
    "workshop_h_reach": ("Reichweite der Kampagnen {year} – Teilnehmende je 1.000 Einwohner",
                         "Campaign reach {year} – participants per 1,000 inhabitants"),
    "workshop_h_pv": ("Photovoltaik-Zubau {first}–{year} – neue Anlagen je 1.000 Einwohner und Jahr",
                      "Photovoltaic additions {first}–{year} – new units per 1,000 inhabitants and year"),
    "workshop_h_pv_one": ("Photovoltaik-Zubau {year} – neue Anlagen je 1.000 Einwohner",
                          "Photovoltaic additions {year} – new units per 1,000 inhabitants"),
    "workshop_h_topics": ("Themen der Kampagnen {year} – Zahl der Aktivitäten je Thema",
                          "Campaign topics {year} – number of activities per topic"),
    # the sentence under the headline, computed from the slide's figures
    "workshop_t_energy": ("{high} liegt mit {high_value} kWh je Einwohner am höchsten, {low} mit {low_value} am "
                          "niedrigsten.",
                          "{high} is highest at {high_value} kWh per inhabitant, {low} lowest at {low_value}."),
    "workshop_t_energy_one": ("{name}: {value} kWh je Einwohner.", "{name}: {value} kWh per inhabitant."),
    "workshop_t_progress_fall": ("{name}: {change} % seit {baseline} – der stärkste Rückgang (Zielpfad {target} %); "
                                 "auf dem Zielpfad: {on_track} von {areas}.",
                                 "{name}: {change} % since {baseline} – the largest fall (target path {target} %); "
                                 "on track: {on_track} of {areas}."),
    "workshop_t_progress_rise": ("{name}: {change} % seit {baseline} – der geringste Anstieg (Zielpfad {target} %); "
                                 "auf dem Zielpfad: {on_track} von {areas}.",
                                 "{name}: {change} % since {baseline} – the smallest rise (target path {target} %); "
                                 "on track: {on_track} of {areas}."),
    "workshop_t_heat": ("{above} von {buildings} Gebäuden ({share}) liegen über ihrem Vergleichswert; am weitesten "
                        "darüber: {name} mit {value} statt {comparison} kWh/m².",
                        "{above} of {buildings} buildings ({share}) are above their comparison value; furthest "
                        "above: {name} at {value} instead of {comparison} kWh/m²."),
    "workshop_t_heat_below": ("{above} von {buildings} Gebäuden ({share}) liegen über ihrem Vergleichswert; im "
                              "Mittel liegen alle Landkreise und Städte darunter.",
                              "{above} of {buildings} buildings ({share}) are above their comparison value; on "
                              "average every district and city is below it."),
    "workshop_t_co2_fall": ("{name}: {change} % seit {baseline} – der stärkste Rückgang (von {before} auf {value} kg "
                            "CO₂e je Einwohner).",
                            "{name}: {change} % since {baseline} – the largest fall (from {before} to {value} kg "
                            "CO₂e per inhabitant)."),
    "workshop_t_co2_rise": ("{name}: {change} % seit {baseline} – der geringste Anstieg (von {before} auf {value} kg "
                            "CO₂e je Einwohner).",
                            "{name}: {change} % since {baseline} – the smallest rise (from {before} to {value} kg "
                            "CO₂e per inhabitant)."),
    "workshop_t_co2_range": ("{high} liegt mit {high_value} kg CO₂e je Einwohner am höchsten, {low} mit {low_value} "
                             "am niedrigsten.",
                             "{high} is highest at {high_value} kg CO₂e per inhabitant, {low} lowest at {low_value}."),
    "workshop_t_reach": ("{name} erreicht mit {value} Teilnehmenden je 1.000 Einwohner am meisten, {low} mit "
                         "{low_value} am wenigsten.",
                         "{name} reaches the most with {value} participants per 1,000 inhabitants, {low} the fewest "
                         "with {low_value}."),
    "workshop_t_reach_none": ("{name} erreicht mit {value} Teilnehmenden je 1.000 Einwohner am meisten; ohne "
                              "erfasste Teilnehmende: {none}.",
                              "{name} reaches the most with {value} participants per 1,000 inhabitants; no "
                              "participants recorded: {none}."),
    "workshop_t_pv": ("Am meisten Zubau {year}: {name} mit {value} Anlagen je 1.000 Einwohner ({first}: "
                      "{first_value}).",
                      "Most additions {year}: {name} with {value} units per 1,000 inhabitants ({first}: "
                      "{first_value})."),
    "workshop_t_pv_one": ("Am meisten Zubau {year}: {name} mit {value} Anlagen je 1.000 Einwohner.",
                          "Most additions {year}: {name} with {value} units per 1,000 inhabitants."),
    "workshop_t_topics": ("Die meisten Themen: {names} ({count} von {topics}); am weitesten verbreitet: {topic} "
                          "({areas} von {all} Landkreisen und Städten).",
                          "Most topics: {names} ({count} of {topics}); most widespread: {topic} ({areas} of {all} "
                          "districts and cities)."),
    # axes, legends and the small print under a chart
    "workshop_axis_energy": ("kWh je Einwohner (witterungsbereinigt)", "kWh per inhabitant (weather-normalised)"),
    "workshop_axis_change": ("Veränderung gegenüber {baseline} in % (witterungsbereinigt)",
                             "Change against {baseline} in % (weather-normalised)"),
    "workshop_axis_heat": ("Wärme kWh/m² (auf Referenzklima Potsdam bereinigt)",
                           "Heat kWh/m² (normalised to Potsdam)"),
    "workshop_axis_co2": ("kg CO₂e je Einwohner", "kg CO₂e per inhabitant"),
    "workshop_legend_on_track": ("auf dem Zielpfad", "on track"),
    "workshop_legend_off_track": ("nicht auf dem Zielpfad", "not on track"),
    "workshop_legend_target": ("Zielpfad {year}", "target path {year}"),
    "workshop_legend_heat": ("Wärme kWh/m² (auf Referenzklima Potsdam bereinigt)",
                             "heat kWh/m² (normalised to Potsdam)"),
    "workshop_legend_comparison": ("Vergleichswert", "comparison value"),
    "workshop_share_title": ("Gebäude<br>darüber", "buildings<br>above"),
    "workshop_n_energy": (
        "Kommunale Gebäude: Wärme witterungsbereinigt (VDI 3807) plus Strom, geteilt durch die Einwohner des "
        "Landkreises bzw. der Stadt.",
        "Municipal buildings: heat weather-normalised (VDI 3807) plus electricity, divided by the inhabitants of "
        "the district or city."),
    "workshop_n_progress": (
        "Nur Gebäude mit vollständigen Daten {baseline} und im Vergleichsjahr. Zielpfad: {rate} % pro Jahr.",
        "Only buildings with complete data in {baseline} and in the year compared. Target path: {rate} % a year."),
    "workshop_n_heat": (
        "Gebäude mit vollständigem Jahr und Vergleichswert (BAnz AT 03.05.2021 B1), nach Fläche gewichtet; rechts: "
        "Anteil der Gebäude über ihrem Vergleichswert.",
        "Buildings with a complete year and a comparison value (BAnz AT 03.05.2021 B1), weighted by area; right: "
        "share of buildings above their comparison value."),
    "workshop_n_co2": (
        "Aus dem tatsächlichen Verbrauch (nicht witterungsbereinigt), Emissionsfaktoren BISKO/UBA.",
        "From the actual use (not weather-normalised), emission factors BISKO/UBA."),
    "workshop_n_reach": (
        "Teilnehmende der Aktivitäten in den Kommunen des Landkreises bzw. der Stadt.",
        "Participants of the activities in the district's or city's municipalities."),
    "workshop_none_recorded": ("keine erfasst", "none recorded"),
    "workshop_n_pv": (
        "Solaranlagen im Marktstammdatenregister nach Jahr der Inbetriebnahme.",
        "Solar units in the Marktstammdatenregister by year of commissioning."),
    "workshop_n_pv_partial": ("* Registerdaten bis {until}.", "* register data until {until}."),
    "workshop_n_topics": (
        "Aktivitäten (durchgeführt und geplant) je Thema; „–“: Thema nicht behandelt.",
        "Activities (held and planned) per topic; “–”: topic not covered."),
})


# --- Energiebericht (issue 5) ---
UI.update({
    # page
    "page_report": ("Energiebericht", "Energy report"),
    "report_page_title": ("Energiebericht", "Energy report"),
    "report_page_caption": (
        "Der Jahresbericht für Rat und Ausschüsse als PDF: Kennzahlen, Entwicklung, Fortschritt gegenüber dem "
        "Basisjahr, alle Gebäude mit ihren Vergleichswerten, Kampagnen, Datenqualität sowie Methoden und Quellen – "
        "für eine Kommune oder einen Landkreis (mit seinen Kommunen und der Kreisverwaltung). Der Bericht ist auf "
        "Deutsch.",
        "The annual report for the council as PDF: key figures, development, progress against the baseline, every "
        "building against its comparison values, campaigns, data quality, methods and sources – for one "
        "municipality or one district (with its municipalities and its district administration). The report is "
        "in German."),
    "report_level": ("Bericht für", "Report for"),
    "report_level_municipality": ("eine Kommune", "a municipality"),
    "report_level_district": ("einen Landkreis / eine kreisfreie Stadt", "a district / city"),
    "report_entity_municipality": ("Kommune", "Municipality"),
    "report_entity_district": ("Landkreis / kreisfreie Stadt", "District / city"),
    "report_year": ("Berichtsjahr", "Year of the report"),
    "report_baseline": ("Basisjahr", "Baseline year"),
    "report_build": ("Bericht erstellen", "Build the report"),
    "report_building": ("Energiebericht {name} {year} wird erstellt …", "Building the energy report {name} {year} …"),
    "report_built": ("Energiebericht {name} {year}: {pages} Seiten", "Energy report {name} {year}: {pages} pages"),
    "report_failed": ("Der Bericht konnte nicht erstellt werden: {error}", "The report could not be built: {error}"),
    "report_download": ("Energiebericht herunterladen (PDF)", "Download the energy report (PDF)"),
    "report_no_years": ("Noch keine Verbrauchsdaten: importieren Sie zuerst Daten.",
                        "No consumption data yet: import data first."),
    # CLI
    "report_cli_written": ("Energiebericht nach {path} geschrieben: {pages} Seiten.",
                           "Energy report written to {path}: {pages} pages."),
    "report_cli_not_written": ("Der Bericht konnte nicht nach {path} geschrieben werden: {detail}",
                               "The report could not be written to {path}: {detail}"),
    # progress steps and errors
    "report_step_title": ("Titelseite", "Title page"),
    "report_step_finish": ("Inhaltsverzeichnis und Seitenzahlen", "Contents and page numbers"),
    "report_error_one_entity": ("Geben Sie genau eine Kommune oder einen Landkreis an.",
                                "Give exactly one municipality or one district."),
    "report_error_municipality": ("Die Kommune „{value}“ ist unbekannt. Liste: ktdash municipalities.",
                                  "The municipality “{value}” is unknown. List: ktdash municipalities."),
    "report_error_district": ("Der Landkreis bzw. die Stadt „{value}“ ist unbekannt (Name wie „Landkreis Kusel“ oder "
                              "Kreisschlüssel wie 07336).",
                              "The district or city “{value}” is unknown (a name such as “Landkreis Kusel” or a key "
                              "such as 07336)."),
    # frame of the document
    "report_subject": ("Energiebericht des kommunalen Energiemanagements", "Energy report of municipal energy management"),
    "report_header": ("Energiebericht {year} – {name}", "Energy report {year} – {name}"),
    "report_footer": ("Energiebericht {year} – {name} · erstellt am {today}",
                      "Energy report {year} – {name} · created {today}"),
    "report_page": ("Seite {page} von", "Page {page} of"),
    "report_kicker": ("Kommunales Energiemanagement Westpfalz", "Municipal energy management Westpfalz"),
    "report_title_year": ("Energiebericht {year}", "Energy report {year}"),
    "report_subtitle_municipality": ("{kind} im {district}: Energieverbrauch der kommunalen Gebäude",
                                     "{kind} in {district}: energy use of the municipal buildings"),
    "report_subtitle_administration": ("{district}, Kreisverwaltung: Gebäude in der Trägerschaft des Kreises",
                                       "{district}, district administration: buildings owned by the district"),
    "report_subtitle_city": ("Kreisfreie Stadt: Energieverbrauch der städtischen Gebäude",
                             "City: energy use of the municipal buildings"),
    "report_subtitle_district": ("{kind}: Gebäude aller {n} Gebäudeeigentümer (Kommunen und Kreisverwaltung)",
                                 "{kind}: buildings of all {n} owners (municipalities and district administration)"),
    "report_fact_year": ("Berichtsjahr", "Year"),
    "report_fact_baseline": ("Basisjahr", "Baseline year"),
    "report_fact_created": ("Erstellt am", "Created"),
    "report_fact_as_of": ("Datenstand", "Data as of"),
    "report_as_of_value": ("letzter Import am {imported}, Verbrauchswerte bis {until}",
                           "last import on {imported}, consumption up to {until}"),
    "report_as_of_none": ("keine Daten importiert", "no data imported"),
    "report_fact_population": ("Einwohner", "Inhabitants"),
    "report_population_value": ("{n} (Stand {date})", "{n} (as of {date})"),
    "report_fact_members": ("Umfasst", "Covers"),
    "report_fact_tool": ("Erstellt mit", "Made with"),
    "report_tool": ("ktdash – Energiemanagement Westpfalz (Klima.Taten.Team), Open Source",
                    "ktdash – energy management Westpfalz (Klima.Taten.Team), open source"),
    "report_contents": ("Inhalt", "Contents"),
    # section headings (numbered)
    "report_s_kpis": ("1 Kennzahlen", "1 Key figures"),
    "report_s_trend": ("2 Entwicklung", "2 Development"),
    "report_s_progress": ("3 Fortschritt gegenüber dem Basisjahr", "3 Progress against the baseline"),
    "report_s_buildings": ("4 Gebäude", "4 Buildings"),
    "report_s_campaigns": ("5 Kampagnen", "5 Campaigns"),
    "report_s_quality": ("6 Datenqualität", "6 Data quality"),
    "report_s_methods": ("7 Methoden und Quellen", "7 Methods and sources"),
    # shared words
    "report_col_figure": ("Kennzahl", "Figure"),
    "report_col_value": ("Wert", "Value"),
    "report_col_value_year": ("Wert {year}", "Value {year}"),
    "report_col_change": ("Veränderung", "Change"),
    "report_yes": ("ja", "yes"),
    "report_no": ("nein", "no"),
    "report_of_total": ("{n} von {total}", "{n} of {total}"),
    "report_per_year": ("{value} pro Jahr", "{value} per year"),
    "report_chart_failed": ("Das Diagramm konnte nicht erzeugt werden ({error}).",
                            "The chart could not be drawn ({error})."),
    "report_no_data_year": ("Für {name} liegen für {year} keine Verbrauchsdaten vor.",
                            "There are no consumption data of {name} for {year}."),
    "report_no_data_any": ("Für {name} liegen bis {year} keine Verbrauchsdaten vor.",
                           "There are no consumption data of {name} up to {year}."),
    # 1 Kennzahlen
    "report_kpis_intro": ("Energieverbrauch, Emissionen und Kosten der Gebäude von {name} im Jahr {year}, daneben "
                          "das Vorjahr.",
                          "Energy use, emissions and cost of the buildings of {name} in {year}, beside the year "
                          "before."),
    "report_kpis_intro_district": ("Energieverbrauch, Emissionen und Kosten der kommunalen Gebäude im {name} "
                                   "(alle Kommunen und die Kreisverwaltung) im Jahr {year}, daneben das Vorjahr.",
                                   "Energy use, emissions and cost of the municipal buildings in {name} (every "
                                   "municipality and the district administration) in {year}, beside the year before."),
    "report_kpi_buildings": ("Gebäude mit Verbrauchsdaten (von allen)", "Buildings with data (of all)"),
    "report_kpi_energy_raw": ("Energie gesamt, gemessen (Wärme + Strom)", "Energy total, measured (heat + electricity)"),
    "report_kpi_heat_raw": ("Wärme, gemessen", "Heat, measured"),
    "report_kpi_electricity": ("Strom", "Electricity"),
    "report_kpi_per_inhabitant": ("Energie je Einwohner (witterungsbereinigt)",
                                  "Energy per inhabitant (weather-normalised)"),
    "report_kpi_electricity_per_m2": ("Strom je m² Nettogrundfläche", "Electricity per m² net floor area"),
    "report_kpi_co2_per_inhabitant": ("CO₂ je Einwohner", "CO₂ per inhabitant"),
    "report_kpi_cost": ("Energiekosten", "Energy cost"),
    "report_kpi_water": ("Wasser", "Water"),
    "report_kpis_note_units": (
        "1 MWh = 1.000 kWh. Erdgas auf den Brennwert (Hs) bezogen, wie abgerechnet. Kennwerte je m² ohne "
        "Kläranlagen und Straßenbeleuchtung. Die Veränderung vergleicht alle Gebäude mit Daten im jeweiligen Jahr; "
        "den Vergleich gleicher Gebäude zeigt Abschnitt 3.",
        "1 MWh = 1,000 kWh. Natural gas on the gross calorific value (Hs), as billed. Figures per m² without sewage "
        "plants and street lighting. The change compares every building with data in each year; section 3 compares "
        "the same buildings."),
    "report_not_normalised": ("Für einige Monate fehlen Gradtagzahlen: ein Teil der Wärme ist nicht "
                              "witterungsbereinigt.",
                              "Degree days are missing for some months: part of the heat is not weather-normalised."),
    "report_cost_from_file": ("Energiekosten aus den importierten Abrechnungen.",
                              "Energy cost from the imported bills."),
    "report_cost_from_prices": ("Energiekosten, soweit die Abrechnungen keine Kosten für jeden Monat enthalten: "
                                "Verbrauch × Energiepreis (Abschnitt 7).",
                                "Energy cost where the bills carry no cost for every month: consumption × energy "
                                "price (section 7)."),
    "report_no_population": ("Keine Einwohnerzahl in den Stammdaten: keine Werte je Einwohner.",
                             "No population in the master data: no figures per inhabitant."),
    "report_kpis_by_municipality": ("Kennzahlen je Kommune {year}", "Key figures per municipality {year}"),
    "report_municipalities_without_data": ("Ohne Verbrauchsdaten {year}: {names}.", "Without data in {year}: {names}."),
    "report_col_buildings": ("Gebäude", "Buildings"),
    "report_col_energy_normalised_mwh": ("Energie bereinigt [MWh]", "Energy normalised [MWh]"),
    "report_col_per_m2": ("Kennwerte [{unit}]", "Per m² [{unit}]"),
    "report_col_per_inhabitant": ("kWh je Einwohner", "kWh per inhabitant"),
    "report_col_heat_m2": ("Wärme\n[kWh/(m²·a)]", "Heat\n[kWh/(m²·a)]"),
    "report_col_electricity_m2": ("Strom\n[kWh/(m²·a)]", "Electricity\n[kWh/(m²·a)]"),
    "report_col_co2_t": ("CO₂ [t]", "CO₂ [t]"),
    # 2 Entwicklung
    "report_trend_intro": ("Energieverbrauch je Jahr von {first} bis {year}: Wärme gemessen und witterungsbereinigt, "
                           "jeweils mit dem Strom gestapelt.",
                           "Energy use per year from {first} to {year}: heat as measured and weather-normalised, each "
                           "stacked with electricity."),
    "report_chart_trend": ("Energie je Jahr: gemessen und witterungsbereinigt",
                           "Energy per year: measured and weather-normalised"),
    "report_col_heat_raw_mwh": ("Wärme gemessen [MWh]", "Heat measured [MWh]"),
    "report_col_heat_normalised_mwh": ("Wärme bereinigt [MWh]", "Heat normalised [MWh]"),
    "report_col_electricity_mwh": ("Strom [MWh]", "Electricity [MWh]"),
    "report_col_cost_eur": ("Kosten [€]", "Cost [€]"),
    "report_trend_note": (
        "Jedes Jahr mit allen Gebäuden, die in diesem Jahr Daten haben; kommen Gebäude hinzu oder fehlen Monate, "
        "ändert sich die Summe auch ohne Einsparung.",
        "Each year with every building that has data in that year; when buildings are added or months are missing, "
        "the total changes without any saving."),
    # 3 Fortschritt
    "report_progress_baseline_not_before": ("Das Basisjahr {baseline} liegt nicht vor dem Berichtsjahr {year}: kein "
                                            "Vergleich.",
                                            "The baseline {baseline} is not before the year {year}: no comparison."),
    "report_progress_none": ("Kein Gebäude hat vollständige Daten (12 Monate aller Energieträger) in {baseline} und "
                             "{year}: kein Vergleich möglich.",
                             "No building has complete data (12 months of every carrier) in {baseline} and {year}: "
                             "no comparison."),
    "report_progress_text": (
        "Die {n} Gebäude mit vollständigen Daten in beiden Jahren verbrauchten {year} witterungsbereinigt {saving} "
        "weniger Energie als {baseline} ({saving_mwh}). Der Zielpfad von {rate} pro Jahr verlangt bis {year} "
        "{target} Einsparung: {verdict}.",
        "The {n} buildings with complete data in both years used {saving} less energy (weather-normalised) in "
        "{year} than in {baseline} ({saving_mwh}). The target path of {rate} per year asks for a saving of {target} "
        "by {year}: {verdict}."),
    "report_on_track": ("auf dem Zielpfad", "on the target path"),
    "report_off_track": ("nicht auf dem Zielpfad", "not on the target path"),
    "report_progress_compared": ("Verglichene Gebäude (12 Monate in beiden Jahren)",
                                 "Buildings compared (12 months in both years)"),
    "report_progress_baseline_energy": ("Energie {baseline} (witterungsbereinigt)",
                                        "Energy {baseline} (weather-normalised)"),
    "report_progress_year_energy": ("Energie {year} (witterungsbereinigt)", "Energy {year} (weather-normalised)"),
    "report_progress_saving": ("Einsparung", "Saving"),
    "report_progress_rate": ("Zielpfad", "Target path"),
    "report_progress_target": ("Ziel {year} (Einsparung)", "Target {year} (saving)"),
    "report_progress_verdict": ("Bewertung", "Assessment"),
    "report_chart_path": ("Gleiche Gebäude seit {baseline}: Energie und Zielpfad",
                          "Same buildings since {baseline}: energy and target path"),
    "report_legend_compared": ("Energie witterungsbereinigt (gleiche Gebäude)",
                               "Energy weather-normalised (same buildings)"),
    "report_progress_by_municipality": ("Fortschritt je Kommune: {year} gegenüber {baseline}",
                                        "Progress per municipality: {year} against {baseline}"),
    "report_col_compared": ("Gebäude verglichen", "Buildings compared"),
    "report_col_saving": ("Einsparung", "Saving"),
    "report_col_target": ("Ziel", "Target"),
    "report_col_on_track": ("auf Zielpfad", "on track"),
    "report_progress_note": (
        "Balken: grün auf dem Zielpfad, rot darüber; ohne Balken: Jahre, in denen nicht alle verglichenen Gebäude 12 "
        "Monate Daten haben. Zielpfad: eigenes Ziel der Kommune, sonst {rate} pro Jahr.",
        "Bars: green on the target path, red above it; no bar: years in which not every compared building has 12 "
        "months of data. Target path: the municipality's own target, else {rate} per year."),
    # 4 Gebäude
    "report_buildings_none": ("Für {year} hat kein Gebäude von {name} Verbrauchsdaten ({n} Gebäude in den "
                              "Stammdaten).",
                              "No building of {name} has consumption data for {year} ({n} buildings in the master "
                              "data)."),
    "report_buildings_intro": (
        "{n} Gebäude mit Daten {year}. Kennwerte über dem Vergleichswert sind rot hervorgehoben. Einsparpotenzial "
        "aller Gebäude zusammen: {potential} pro Jahr ({eur}, {co2}).",
        "{n} buildings with data in {year}. Figures above the comparison value are highlighted in red. Savings "
        "potential of all buildings together: {potential} per year ({eur}, {co2})."),
    "report_col_area": ("Fläche\n[m²]", "Area\n[m²]"),
    "report_col_specific": ("Kennwerte [{unit}]", "Figures [{unit}]"),
    "report_col_potential": ("Einsparpotenzial", "Savings potential"),
    "report_col_heat": ("Wärme", "Heat"),
    "report_col_electricity": ("Strom", "Electricity"),
    "report_col_comparison": ("VW", "CV"),
    "report_buildings_note": (
        "Fläche: Nettogrundfläche. Kennwerte in kWh/(m²·a), Wärme auf Referenzklima Potsdam bereinigt wie die "
        "Vergleichswerte. VW: Vergleichswerte nach der "
        "Bekanntmachung vom 15. April 2021 (Abschnitt 7); – : kein Wert (keine Fläche, kein Vergleichswert der "
        "Kategorie). Potenzial = (Kennwert − Vergleichswert) × Fläche, nur über dem Vergleichswert.",
        "Area: net floor area. Figures in kWh/(m²·a), heat normalised to the reference climate of Potsdam like the "
        "comparison values. CV: comparison values from the "
        "Bekanntmachung of 15 April 2021 (section 7); – : no value (no area, no comparison value of the category). "
        "Potential = (figure − comparison value) × area, only above the comparison value."),
    "report_buildings_incomplete": ("* weniger als 12 Monate Daten: kein Einsparpotenzial berechnet.",
                                    "* fewer than 12 months of data: no savings potential."),
    "report_buildings_without": ("Ohne Verbrauchsdaten {year}: {names}.", "Without data in {year}: {names}."),
    "report_potential_none": ("Kein Gebäude liegt {year} über seinen Vergleichswerten.",
                              "No building is above its comparison values in {year}."),
    # 5 Kampagnen
    "report_campaigns_none": ("Im Jahr {year} gab es in {name} keine Aktivitäten der Kampagnen des Netzwerks.",
                              "There were no activities of the network's campaigns in {name} in {year}."),
    "report_campaigns_intro": ("{name} war {year} an {campaigns} Kampagnen des Netzwerks beteiligt; durchgeführte "
                               "Aktivitäten: {held}.",
                               "{name} took part in {campaigns} campaigns of the network in {year}; activities held: "
                               "{held}."),
    "report_campaigns_intro_one": ("{name} war {year} an einer Kampagne des Netzwerks beteiligt; durchgeführte "
                                   "Aktivitäten: {held}.",
                                   "{name} took part in one campaign of the network in {year}; activities held: "
                                   "{held}."),
    "report_campaigns_planned": ("Dazu {n} geplante Aktivitäten.", "Plus {n} planned activities."),
    "report_reach_participants": ("Teilnehmende", "Participants"),
    "report_reach_participants_per_1000": ("Teilnehmende je 1.000 Einwohner", "Participants per 1,000 inhabitants"),
    "report_reach_registrations": ("Anmeldungen", "Registrations"),
    "report_reach_consultations": ("Beratungen", "Consultations"),
    "report_reach_page_views": ("Seitenaufrufe", "Page views"),
    "report_reach_leads": ("Leads (Kontaktanfragen)", "Leads"),
    "report_reach_outcomes": ("Bekannte Umsetzungen", "Known implemented measures"),
    "report_reach_cost": ("Kosten", "Cost"),
    "report_reach_cost_per_participant": ("Kosten je Teilnehmende/n", "Cost per participant"),
    "report_campaigns_list": ("Kampagnen {year}", "Campaigns {year}"),
    "report_col_campaign": ("Kampagne", "Campaign"),
    "report_col_topic": ("Thema", "Topic"),
    "report_col_activities": ("Aktivitäten", "Activities"),
    "report_col_participants": ("Teilneh\u00admende", "Participants"),
    "report_col_consultations": ("Bera\u00adtungen", "Consultations"),
    "report_campaigns_by_municipality": ("Kampagnen und Photovoltaik je Kommune {year}",
                                         "Campaigns and photovoltaics per municipality {year}"),
    "report_col_per_1000": ("Teiln. je 1.000 EW", "Part. per 1,000 inh."),
    "report_col_pv_units": ("Anlagen", "Units"),
    "report_col_pv_per_1000": ("je 1.000 EW", "per 1,000 inh."),
    "report_col_campaigns_year": ("Kampagnen {year}", "Campaigns {year}"),
    "report_col_pv_year": ("Photovoltaik-Zubau {year}", "Photovoltaic additions {year}"),
    "report_pv_title": ("Photovoltaik-Zubau {year}", "Photovoltaic additions {year}"),
    "report_pv_no_register": ("Kein Auszug aus dem Marktstammdatenregister importiert: keine Angaben zum "
                              "Photovoltaik-Zubau.",
                              "No extract of the Marktstammdatenregister imported: no photovoltaic additions."),
    "report_pv_none": ("Laut Marktstammdatenregister wurden {year} in {name} keine Solaranlagen in Betrieb genommen.",
                       "According to the Marktstammdatenregister no solar units were commissioned in {name} in "
                       "{year}."),
    "report_pv_units": ("Neue Solaranlagen [Anzahl]", "New solar units [count]"),
    "report_pv_plug_in": ("davon Steckersolargeräte [Anzahl]", "of which plug-in units [count]"),
    "report_pv_kwp": ("Leistung [kWp]", "Power [kWp]"),
    "report_pv_units_per_1000": ("Anlagen je 1.000 Einwohner", "Units per 1,000 inhabitants"),
    "report_pv_kwp_per_1000": ("kWp je 1.000 Einwohner", "kWp per 1,000 inhabitants"),
    "report_pv_partial": ("Registerdaten bis {until}: {year} ist unvollständig.",
                          "Register data until {until}: {year} is incomplete."),
    "report_campaigns_note": (
        "Reichweite: Summen der erfassten Zahlen der Aktivitäten (leere Felder zählen nicht als 0); EW = Einwohner. "
        "Photovoltaik: Marktstammdatenregister der Bundesnetzagentur (dl-de/by-2-0), Jahr der Inbetriebnahme.",
        "Reach: sums of the recorded figures of the activities (empty fields do not count as 0); inh. = inhabitants. "
        "Photovoltaics: Marktstammdatenregister of the Bundesnetzagentur (dl-de/by-2-0), year of commissioning."),
    # 6 Datenqualität
    "report_quality_intro": (
        "Befunde der Prüfungen von ktdash über alle Monatswerte und die Gebäudestammdaten: Lücken und veraltete "
        "Reihen machen Jahressummen unvollständig (Fehler), Ausreißer, Nullwerte und unplausible Kennwerte deuten "
        "auf falsche Werte (Warnung), fehlende Flächen oder Kategorien schließen Gebäude von Kennwerten aus (Hinweis).",
        "Findings of ktdash's checks over every monthly value and the building master data: gaps and stale series "
        "make yearly totals incomplete (error), outliers, zeros and implausible figures point to wrong values "
        "(warning), missing areas or categories leave buildings out of figures per m² (note)."),
    "report_quality_none": ("Keine Befunde: die Daten von {name} bestehen alle Prüfungen.",
                            "No findings: the data of {name} pass every check."),
    "report_quality_none_year": ("Keiner der Befunde betrifft das Jahr {year}.", "None of the findings concerns {year}."),
    "report_quality_year": ("Befunde, die {year} betreffen", "Findings concerning {year}"),
    "report_quality_more": ("… und {n} weitere: vollständige Liste auf der Seite „Datenqualität“.",
                            "… and {n} more: the full list is on the page “Data quality”."),
    "report_col_check": ("Prüfung", "Check"),
    "report_col_severity": ("Schwere", "Severity"),
    "report_col_findings": ("Befunde gesamt", "Findings total"),
    "report_col_findings_year": ("davon {year} oder Stammdaten", "of which {year} or master data"),
    "report_col_buildings_affected": ("betroffene Gebäude", "buildings affected"),
    "report_col_finding": ("Befund", "Finding"),
    # 7 Methoden und Quellen
    "report_m_data_lead": ("Datengrundlage.", "Data."),
    "report_m_data": (
        "Verbrauchswerte aus den Exporten des Energiecontrollings der Kommunen (Zählerstände, Abrechnungen, "
        "Lastgänge), in ktdash geprüft importiert und je Gebäude, Energieträger und Monat zusammengefasst; letzter "
        "Import am {imported}, Werte bis {until}. Energie in kWh, Erdgas mit Zustandszahl und Brennwert (DVGW G 685) "
        "in kWh Hs umgerechnet.",
        "Consumption from the exports of the municipalities' energy controlling (meter readings, bills, load "
        "profiles), imported into ktdash with checks and summed per building, carrier and month; last import on "
        "{imported}, values up to {until}. Energy in kWh, natural gas converted with Zustandszahl and calorific "
        "value (DVGW G 685) to kWh Hs."),
    "report_m_weather_lead": ("Witterungsbereinigung (VDI 3807).", "Weather normalisation (VDI 3807)."),
    "report_m_comparison_lead": ("Kennwerte und Vergleichswerte.", "Figures and comparison values."),
    "report_m_comparison": (
        "Kennwert = Jahresverbrauch (Wärme auf Referenzklima Potsdam bereinigt) / Nettogrundfläche in kWh/(m²·a). "
        "Vergleichswerte: "
        "„Bekanntmachung der Regeln für Energieverbrauchswerte und der Vergleichswerte im Nichtwohngebäudebestand“ "
        "vom 15.04.2021 (BMWi/BMI, BAnz AT 03.05.2021 B1), Anlage 1 Tabelle 1: Wärme = TEK Heizung × f(A) + TEK "
        "Warmwasser mit dem Größenfaktor f nach Nummer 6.3.1 (1,46 bis 500 m², 0,71 ab 50.000 m², dazwischen "
        "4,53 · A^(−0,215) + 0,27); Strom = TEK Lüftung + Beleuchtung + Sonstiges (Summenregel nicht amtlich "
        "geprüft). Tabellenwerte aus der Abschrift des Instituts Wohnen und Umwelt (IWU); Einzelheiten und offene "
        "Punkte: ktdash/analytics/reference/README.md. Kläranlage, Straßenbeleuchtung und Sonstiges haben keinen "
        "Vergleichswert.",
        "Figure = yearly consumption (heat normalised to the reference climate of Potsdam) / net floor area in "
        "kWh/(m²·a). Comparison values: "
        "„Bekanntmachung der Regeln für Energieverbrauchswerte und der Vergleichswerte im Nichtwohngebäudebestand“ "
        "of 15.04.2021 (BMWi/BMI, BAnz AT 03.05.2021 B1), Anlage 1 Tabelle 1: heat = TEK heating × f(A) + TEK hot "
        "water with the size factor f of Nummer 6.3.1 (1.46 up to 500 m², 0.71 from 50,000 m², else "
        "4.53 · A^(−0.215) + 0.27); electricity = TEK ventilation + lighting + other (summation rule not officially "
        "checked). Values from the transcription of the Institut Wohnen und Umwelt (IWU); details and open points: "
        "ktdash/analytics/reference/README.md. Sewage plants, street lighting and other buildings have no comparison value."),
    "report_m_co2_lead": ("CO₂-Emissionen.", "CO₂ emissions."),
    "report_m_prices_lead": ("Energiekosten.", "Energy cost."),
    "report_col_factor": ("Emissionsfaktor", "Emission factor"),
    "report_col_factor_year": ("Faktor aus dem Jahr", "Factor of the year"),
    "report_col_price": ("Energiepreis", "Energy price"),
    "report_m_progress_lead": ("Fortschritt und Zielpfad.", "Progress and target path."),
    "report_m_progress": (
        "Verglichen werden nur Gebäude mit 12 Monaten aller Energieträger im Basis- und im Berichtsjahr (gleiche "
        "Gebäude), Energie = Wärme witterungsbereinigt + Strom. Einsparung = E(Basisjahr) − E(Berichtsjahr), in % von "
        "E(Basisjahr). Zielpfad: E(Basisjahr) × (1 + r)^(Berichtsjahr − Basisjahr) mit dem eigenen Ziel r der "
        "Kommune, sonst {rate} pro Jahr (für Landkreise immer der Standard); auf dem Zielpfad, wenn E(Berichtsjahr) "
        "≤ Ziel.",
        "Only buildings with 12 months of every carrier in both the baseline and the year are compared (same "
        "buildings), energy = heat weather-normalised + electricity. Saving = E(baseline) − E(year), in % of "
        "E(baseline). Target path: E(baseline) × (1 + r)^(year − baseline) with the municipality's own target r, "
        "else {rate} per year (districts always the default); on track when E(year) ≤ target."),
    "report_m_potential_lead": ("Einsparpotenzial.", "Savings potential."),
    "report_m_potential": (
        "Je Gebäude und Nutzung (Wärme, Strom): max(0; Kennwert − Vergleichswert) × Fläche in kWh pro Jahr, nur für "
        "Gebäude mit 12 Monaten Daten; in € zum durchschnittlichen Preis des Gebäudes im Jahr (seine Kosten / seine "
        "kWh), in t CO₂ mit den Emissionsfaktoren des Jahres.",
        "Per building and use (heat, electricity): max(0; figure − comparison value) × area in kWh per year, only "
        "for buildings with 12 months of data; in € at the building's average price of the year (its cost / its "
        "kWh), in t CO₂ with the year's emission factors."),
    "report_m_population_lead": ("Einwohner.", "Inhabitants."),
    "report_m_population": (
        "Statistisches Landesamt Rheinland-Pfalz, Bevölkerungsfortschreibung (Stand {dates}), gelesen aus den "
        "Infoboxen der deutschen Wikipedia (Quelle je Zeile in sample_data/master). Werte je Einwohner: eine Kommune "
        "mit ihren Einwohnern, ein Landkreis und seine Kreisverwaltung mit den Einwohnern des Landkreises.",
        "Statistisches Landesamt Rheinland-Pfalz, population update (as of {dates}), read from the infoboxes of the "
        "German Wikipedia (source per row in sample_data/master). Per inhabitant: a municipality with its "
        "inhabitants, a district and its administration with the district's inhabitants."),
    "report_m_campaigns_lead": ("Kampagnen.", "Campaigns."),
    "report_m_campaigns": (
        "Reichweite eines Gebiets = Summen der Teilnehmenden, Anmeldungen, Beratungen, Seitenaufrufe, Leads und "
        "bekannten Umsetzungen der Aktivitäten in seinen Kommunen (ein Landkreis zählt seine Kommunen und die "
        "Kreisverwaltung); nicht erfasste Zahlen zählen nicht als 0. Je 1.000 Einwohner = Reichweite × 1.000 / "
        "Einwohner. Kosten je Teilnehmende/n über die Aktivitäten, bei denen beides erfasst ist. Aktivitäten nach "
        "dem Erstellungstag gelten als geplant.",
        "Reach of an area = sums of participants, registrations, consultations, page views, leads and known "
        "implemented measures of the activities in its municipalities (a district counts its municipalities and its "
        "administration); figures not recorded do not count as 0. Per 1,000 inhabitants = reach × 1,000 / "
        "inhabitants. Cost per participant over the activities where both are recorded. Activities after the day "
        "of the report count as planned."),
    "report_m_mastr_lead": ("Photovoltaik (Marktstammdatenregister).", "Photovoltaics (Marktstammdatenregister)."),
    "report_m_mastr": (
        "Solaranlagen aus dem Marktstammdatenregister der Bundesnetzagentur (öffentlicher Export der Einheiten; "
        "Datenlizenz Deutschland – Namensnennung – Version 2.0, dl-de/by-2-0, www.govdata.de/dl-de/by-2-0), gezählt "
        "im Jahr ihrer Inbetriebnahme für die Kommune ihres Gemeindeschlüssels; kWp = Bruttoleistung. Inzwischen "
        "stillgelegte Anlagen bleiben im Jahr ihres Zubaus gezählt. Registerdaten bis {until}.",
        "Solar units of the Marktstammdatenregister of the Bundesnetzagentur (public unit export; Datenlizenz "
        "Deutschland – Namensnennung – Version 2.0, dl-de/by-2-0, www.govdata.de/dl-de/by-2-0), counted in the "
        "year of their commissioning for the municipality of their municipality key; kWp = gross power. Units "
        "decommissioned since stay counted in the year they were added. Register data until {until}."),
    "report_m_quality_lead": ("Datenqualität.", "Data quality."),
    "report_m_quality": (
        "Ausreißer: modifizierter z-Wert nach Iglewicz & Hoaglin (1993) über die Abweichung vom Median desselben "
        "Kalendermonats, |M| > {z} und mindestens Faktor {factor} über oder unter dem Median; veraltet: letzter Wert "
        "mehr als {months} Monate vor dem neuesten Monat; unplausibel: Kennwert unter {low} oder über {high} × dem "
        "typischen Wert der Kategorie.",
        "Outliers: modified z-score of Iglewicz & Hoaglin (1993) over the deviation from the median of the same "
        "calendar month, |M| > {z} and at least a factor {factor} above or below the median; stale: last value more "
        "than {months} months before the newest month; implausible: figure below {low} or above {high} × the "
        "category's typical value."),
    "report_m_software_lead": ("Software.", "Software."),
    "report_m_software": (
        "Erstellt mit ktdash, dem quelloffenen Dashboard des Klima.Taten.Teams für das kommunale Energiemanagement "
        "der Westpfalz; die Formeln stehen in ktdash/analytics/metrics.py, die Quellen der Faktoren in "
        "ktdash/analytics/reference/README.md. Diagramme: Plotly.",
        "Made with ktdash, the open-source dashboard of the Klima.Taten.Team for municipal energy management in the "
        "Westpfalz; formulas in ktdash/analytics/metrics.py, sources of the factors in ktdash/analytics/reference/README.md. Charts: "
        "Plotly."),
})


# --- backup and robustness (issue 6) ---
UI.update({
    "backup_done": ("Sicherung {path} geschrieben: {tables} Tabellen, {rows} Zeilen, Schemaversion {version}.",
                    "Backup {path} written: {tables} tables, {rows} rows, schema version {version}."),
    "restore_done": (
        "Datenbank {db} aus {path} wiederhergestellt: {tables} Tabellen, {rows} Zeilen, Schemaversion {version}. "
        "Die bisherige Datenbank lag währenddessen als {bak} bereit und ist nun entfernt.",
        "Database {db} restored from {path}: {tables} tables, {rows} rows, schema version {version}. "
        "The previous database was kept as {bak} meanwhile and is now removed."),
    "backup_no_folder": ("Der Ordner existiert nicht.", "The folder does not exist."),
    "backup_no_version": ("keine Tabelle schema_migrations", "no table schema_migrations"),
    "backup_error_exists": ("Die Datei {path} existiert schon; wählen Sie einen neuen Namen für die Sicherung.",
                            "The file {path} already exists; choose a new name for the backup."),
    "backup_error_not_written": ("Die Sicherung {path} konnte nicht geschrieben werden: {detail}",
                                 "The backup {path} could not be written: {detail}"),
    "backup_error_missing": ("Die Sicherung {path} gibt es nicht.", "The backup {path} does not exist."),
    "backup_error_not_a_backup": (
        "{path} ist keine lesbare ktdash-Sicherung ({detail}). Die Datenbank bleibt unverändert.",
        "{path} is not a readable ktdash backup ({detail}). The database is unchanged."),
    "backup_error_too_new": (
        "Die Sicherung {path} hat die Schemaversion {detail}, neuer als diese ktdash-Version kennt. Aktualisieren "
        "Sie ktdash und versuchen Sie es erneut. Die Datenbank bleibt unverändert.",
        "The backup {path} has schema version {detail}, newer than this ktdash knows. Update ktdash and try "
        "again. The database is unchanged."),
    "backup_error_incomplete": (
        "Der Sicherung {path} fehlen Tabellen: {detail}. Die Datenbank bleibt unverändert.",
        "The backup {path} lacks tables: {detail}. The database is unchanged."),
    "backup_error_restore_failed": (
        "Die Wiederherstellung aus {path} ist fehlgeschlagen ({detail}); die bisherige Datenbank ist wieder in "
        "Gebrauch.",
        "Restoring from {path} failed ({detail}); the previous database is back in use."),
    "backup_error_damaged": (
        "Die Sicherung {path} ist beschädigt: beim Lesen aller Tabellen meldet DuckDB „{detail}“ (z. B. eine "
        "abgeschnittene oder unvollständig kopierte Datei). Sie wird nicht eingespielt; die Datenbank bleibt "
        "unverändert. Kopieren Sie die Sicherung erneut vom Sicherungsmedium oder nehmen Sie eine andere.",
        "The backup {path} is damaged: reading all tables, DuckDB reports “{detail}” (e.g. a truncated or "
        "incompletely copied file). It is not restored; the database is unchanged. Copy the backup again from "
        "the backup medium or use another one."),
    "backup_error_not_verified": (
        "Die wiederhergestellte Datenbank {path} ließ sich in einem neuen Prozess nicht öffnen und vollständig "
        "lesen ({detail}). Die bisherige Datenbank ist unverändert wieder in Gebrauch.",
        "The restored database {path} could not be opened and read in full by a new process ({detail}). The "
        "previous database is back in use, unchanged."),
    "backup_error_bak_exists": (
        "{path} gibt es schon, vermutlich von einer unterbrochenen Wiederherstellung; es kann die einzige Kopie "
        "der früheren Datenbank sein. Prüfen Sie die Datei und verschieben Sie sie an einen sicheren Ort, dann "
        "starten Sie die Wiederherstellung von {detail} erneut. Nichts geändert.",
        "{path} already exists, probably from an interrupted restore; it may be the only copy of the earlier "
        "database. Check the file and move it to a safe place, then restore {detail} again. Nothing changed."),
    "backup_error_rollback_failed": (
        "Die Wiederherstellung ist gescheitert, und die bisherige Datenbank ließ sich nicht zurücklegen "
        "({detail}). Sie liegt unverändert als {path} (mit {path}.wal, falls vorhanden): benennen Sie sie von "
        "Hand zurück, bevor Sie ktdash wieder starten.",
        "The restore failed and the previous database could not be put back ({detail}). It is unchanged as "
        "{path} (with {path}.wal if present): rename it back by hand before starting ktdash again."),
    "cli_restore_without_login": (
        "Warnung: Die Datenbank {path} lässt sich nicht lesen ({detail}), also kann sich niemand an ihr "
        "anmelden; die Anmeldung entfällt. Wer sie ersetzen darf, entscheiden jetzt allein die Dateirechte des "
        "Betriebssystems. Die Wiederherstellung läuft weiter; scheitert sie, kommt die bisherige Datei zurück.",
        "Warning: the database {path} cannot be read ({detail}), so nobody can log in against it; the login is "
        "skipped. Only the file permissions of the operating system decide who may replace it now. The restore "
        "goes on; if it fails, the previous file comes back."),
    "restore_interrupted": (
        "Wiederherstellung abgebrochen; die bisherige Datenbank {db} ist unverändert wieder in Gebrauch.",
        "Restore interrupted; the previous database {db} is back in use, unchanged."),
})
FILE_ERRORS.update({
    "mixed_encoding": (
        "Die Datei „{file}“ mischt zwei Zeichenkodierungen (UTF-8 und Windows-1252, zuerst in Zeile {value}); "
        "Umlaute würden verfälscht. Speichern Sie sie einheitlich als „CSV UTF-8“ und importieren Sie erneut.",
        "The file “{file}” mixes two character encodings (UTF-8 and Windows-1252, first in line {value}); "
        "umlauts would be garbled. Save it as “CSV UTF-8” throughout and import again."),
    "line_too_long": (
        "Die Datei „{file}“ hat in Zeile {value} mehr als {detail} Zeichen: das ist keine Tabellenzeile. "
        "Prüfen Sie den Export (fehlende Zeilenumbrüche, ein offenes Anführungszeichen).",
        "The file “{file}” has more than {detail} characters in line {value}: that is not a table row. Check the "
        "export (missing line breaks, an unclosed quote)."),
})


# --- access and audit (issue 6) ---
UI.update({
    "role_admin": ("Administration (Energieagentur)", "administrator (energy agency)"),
    "role_manager": ("Klimaschutzmanagement", "climate manager"),
    "role_viewer": ("nur lesen", "read-only"),
    "action_view": ("Daten ansehen", "view data"),
    "action_export": ("Daten exportieren", "export data"),
    "action_import": ("Dateien importieren", "import files"),
    "action_undo": ("Importe rückgängig machen", "undo imports"),
    "action_edit_masterdata": ("Stammdaten ändern", "change master data"),
    "action_edit_factors": ("Faktoren und Preise ändern", "change factors and prices"),
    "action_manage_users": ("Benutzer verwalten", "manage users"),
    "not_allowed": ("Nicht erlaubt: {what}{where} ({who}).", "Not allowed: {what}{where} ({who})."),
    "not_allowed_where": (" für {municipality}", " for {municipality}"),
    "not_allowed_who": ("Benutzer „{name}“, Rolle {role}", "user “{name}”, role {role}"),
    "not_allowed_for": (", zuständig für {municipalities}", ", responsible for {municipalities}"),
    "not_allowed_anonymous": ("nicht angemeldet – bitte melden Sie sich an",
                              "not logged in – please log in"),
    "access_unknown_user": ("Den Benutzer „{name}“ gibt es nicht (ktdash user list zeigt alle).",
                            "There is no user “{name}” (ktdash user list shows all)."),
    "access_user_exists": ("Den Benutzer „{name}“ gibt es schon.", "The user “{name}” already exists."),
    "access_invalid_name": (
        "„{name}“ ist kein gültiger Benutzername: 1 bis 64 Zeichen aus Buchstaben, Ziffern und . _ @ -, "
        "beginnend mit Buchstabe oder Ziffer.",
        "“{name}” is not a valid user name: 1 to 64 letters, digits and . _ @ -, starting with a letter or digit."),
    "access_unknown_role": ("Unbekannte Rolle „{role}“. Möglich sind: {roles}.",
                            "Unknown role “{role}”. Possible: {roles}."),
    "access_unknown_municipality": (
        "Unbekannte Kommune „{municipality}“. Geben Sie den Namen oder den amtlichen Schlüssel an "
        "(ktdash municipalities zeigt alle).",
        "Unknown municipality “{municipality}”. Give its name or official key (ktdash municipalities lists all)."),
    "access_manager_needs_municipality": (
        "Der Benutzer „{name}“ mit der Rolle manager braucht mindestens eine Kommune (--municipality).",
        "The user “{name}” with role manager needs at least one municipality (--municipality)."),
    "access_grant_not_manager": (
        "Kommunen werden nur der Rolle manager zugeordnet; „{name}“ hat die Rolle {role}.",
        "Municipalities are assigned to the role manager only; “{name}” has the role {role}."),
    "access_not_granted": ("„{name}“ ist nicht für {municipality} zuständig.",
                           "“{name}” is not responsible for {municipality}."),
    "access_last_admin": (
        "„{name}“ ist die letzte aktive Administration und kann nicht entfernt werden; legen Sie zuerst eine "
        "weitere an.",
        "“{name}” is the last active administrator and cannot be removed; add another one first."),
    "access_password_short": ("Das Passwort muss mindestens {length} Zeichen lang sein.",
                              "The password must be at least {length} characters long."),
    "access_password_mismatch": ("Die beiden Passwörter stimmen nicht überein; nichts geändert.",
                                 "The two passwords differ; nothing changed."),
    "access_password_prompt": ("Passwort für {name}: ", "Password for {name}: "),
    "access_password_repeat": ("Passwort wiederholen: ", "Repeat the password: "),
    "user_added": ("Benutzer „{name}“ angelegt (Rolle {role}{municipalities}).",
                   "User “{name}” added (role {role}{municipalities})."),
    "user_removed": ("Benutzer „{name}“ entfernt.", "User “{name}” removed."),
    "user_granted": ("„{name}“ ist jetzt zuständig für {municipality}.",
                     "“{name}” is now responsible for {municipality}."),
    "user_revoked": ("„{name}“ ist nicht mehr zuständig für {municipality}.",
                     "“{name}” is no longer responsible for {municipality}."),
    "user_list_empty": ("Noch keine Benutzer. Anlegen mit: ktdash user add NAME --role admin",
                        "No users yet. Add one with: ktdash user add NAME --role admin"),
    "history_empty": ("Keine Einträge im Protokoll.", "No entries in the log."),
})


UI.update({"user_password_set": ("Neues Passwort für „{name}“ gesetzt; seine Sitzungen sind beendet.",
                                  "New password set for “{name}”; their sessions have ended.")})


# --- history page (issue 6) ------------------------------------------------------------------------------
UI.update({
    "page_history": ("Protokoll", "History"),
    "history_title": ("Protokoll der Änderungen", "History of changes"),
    "history_caption": (
        "Wer hat wann was geändert: Importe (mit Prüfsumme SHA-256 der Datei), Rücknahmen, Änderungen an "
        "Stammdaten und Faktoren, Benutzerkonten, Sicherungen. Das Protokoll wird in derselben Transaktion "
        "geschrieben wie die Änderung selbst.",
        "Who changed what and when: imports (with the file's SHA-256 checksum), undos, changes of master data "
        "and factors, accounts, backups. The log is written in the same transaction as the change itself."),
    "history_filter_municipality": ("Kommune", "Municipality"),
    "history_filter_action": ("Aktion", "Action"),
    "history_limit": ("Einträge", "Entries"),
    "history_col_audit_id": ("Nr.", "No."),
    "history_col_logged_at": ("Zeitpunkt", "Time"),
    "history_col_user_name": ("Benutzer", "User"),
    "history_col_action": ("Aktion", "Action"),
    "history_col_municipality": ("Kommune", "Municipality"),
    "history_col_object": ("Objekt", "Object"),
    "history_col_detail": ("Details", "Details"),
    "history_col_sha256": ("Prüfsumme (SHA-256)", "Checksum (SHA-256)"),
    "audit_action_import": ("Import", "Import"),
    "audit_action_undo": ("Import zurückgenommen", "Import undone"),
    "audit_action_masterdata_change": ("Stammdaten geändert", "Master data changed"),
    "audit_action_factor_change": ("Faktoren geändert", "Factors changed"),
    "audit_action_user_add": ("Benutzer angelegt", "User added"),
    "audit_action_user_remove": ("Benutzer entfernt", "User removed"),
    "audit_action_user_grant": ("Kommune zugeordnet", "Municipality granted"),
    "audit_action_user_revoke": ("Zuordnung entzogen", "Municipality revoked"),
    "audit_action_password_set": ("Passwort gesetzt", "Password set"),
    "audit_action_login": ("Anmeldung", "Login"),
    "audit_action_login_failed": ("Anmeldung fehlgeschlagen", "Login failed"),
    "audit_action_logout": ("Abmeldung", "Logout"),
    "audit_action_backup": ("Sicherung", "Backup"),
    "audit_action_restore": ("Wiederherstellung", "Restore"),
})

# --- command-line login (issue 6) ---
UI.update({
    "cli_login_no_user": (
        "Diese Datenbank hat Benutzerkonten: Änderungen über die Kommandozeile brauchen eine Anmeldung. Nennen "
        "Sie das Konto mit --as NAME oder in KTDASH_USER. Nichts geändert.",
        "This database has accounts: changes through the command line need a login. Name the account with "
        "--as NAME or in KTDASH_USER. Nothing changed."),
    "cli_login_no_password": (
        "Kein Passwort für „{name}“: setzen Sie KTDASH_PASSWORD oder rufen Sie ktdash in einem Terminal auf, dann "
        "wird es abgefragt. Nichts geändert.",
        "No password for “{name}”: set KTDASH_PASSWORD or run ktdash in a terminal, where it is asked for. "
        "Nothing changed."),
    "cli_login_prompt": ("Passwort von „{name}“ (Anmeldung): ", "Password of “{name}” (login): "),
    "cli_login_failed": (
        "Anmeldung als „{name}“ fehlgeschlagen: unbekanntes oder gesperrtes Konto oder falsches Passwort. "
        "Nichts geändert.",
        "Login as “{name}” failed: unknown or disabled account, or wrong password. Nothing changed."),
    "cli_login_locked": (
        "Anmeldung als „{name}“ fehlgeschlagen: nach zu vielen Fehlversuchen ist das Konto für {minutes} Minuten "
        "gesperrt. Nichts geändert.",
        "Login as “{name}” failed: after too many failed attempts the account is locked for {minutes} minutes. "
        "Nothing changed."),
    "cli_first_account_admin": (
        "Die Datenbank hat noch kein Benutzerkonto: das erste muss die Rolle admin haben "
        "(ktdash user add NAME --role admin), sonst könnte niemand mehr Konten verwalten. Nichts geändert.",
        "The database has no account yet: the first one must have the role admin "
        "(ktdash user add NAME --role admin), or nobody could manage accounts any more. Nothing changed."),
})

# --- login on the pages (issue 6) ---
UI.update({
    "login_title": ("Anmelden", "Log in"),
    "login_name": ("Benutzername", "User name"),
    "login_password": ("Passwort", "Password"),
    "login_submit": ("Anmelden", "Log in"),
    "login_sso": ("Mit dem Konto der Verwaltung anmelden", "Log in with your organisation's account"),
    "login_failed": ("Anmeldung fehlgeschlagen: Benutzername oder Passwort stimmt nicht.",
                     "Login failed: wrong user name or password."),
    "login_locked": ("Zu viele Fehlversuche für „{name}“: Anmeldung für {minutes} Minuten gesperrt.",
                     "Too many failed attempts for “{name}”: login locked for {minutes} minutes."),
    "login_expired": ("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
                      "Your session has expired. Please log in again."),
    "login_as": ("Angemeldet: **{name}** · {role}", "Logged in: **{name}** · {role}"),
    "login_for": ("Zuständig für: {municipalities}", "Responsible for: {municipalities}"),
    "logout": ("Abmelden", "Log out"),
    "login_sso_no_account": (
        "Für {email} gibt es kein Konto in ktdash. Die Energieagentur legt es an (ktdash user add {email} "
        "--sso …); bis dahin sehen Sie die Seiten wie ohne Anmeldung.",
        "There is no ktdash account for {email}. The energy agency adds it (ktdash user add {email} --sso …); "
        "until then you see the pages as without login."),
    "login_required": ("Dieses Dashboard zeigt Daten nur nach Anmeldung (links in der Seitenleiste).",
                       "This dashboard shows data only after login (in the sidebar on the left)."),
    "login_demo_accounts": ("Demo-Konten (öffentliche Passwörter, nur zum Ausprobieren): {accounts}",
                            "Demo accounts (public passwords, for trying out only): {accounts}"),
    "login_demo_warning": (
        "Die Demo-Konten mit öffentlichen Passwörtern sind noch aktiv. Vor dem Betrieb mit echten Daten: "
        "ktdash user remove für agentur, kusel, pirmasens und gast (nach dem Anlegen eines eigenen Admins).",
        "The demo accounts with public passwords are still active. Before real use: ktdash user remove for "
        "agentur, kusel, pirmasens and gast (after adding your own admin)."),
    "import_login_needed": (
        "Importieren und Rückgängigmachen nur nach Anmeldung: als Klimaschutzmanagement für die eigenen Kommunen "
        "oder als Administration. Ohne Anmeldung oder mit einem Lesekonto sehen Sie nur die letzten Importe.",
        "Importing and undoing need a login: as climate manager for your own municipalities or as administrator. "
        "Without login or with a read-only account you see only the latest imports."),
    "import_undo_none_allowed": ("Keine Importe Ihrer Kommunen, die sich zurücknehmen ließen.",
                                 "No imports of your municipalities that could be undone."),
    "methods_admin_only": ("Ändern (Postleitzahl und Station einer Kommune, Emissionsfaktoren, Wärmenetze, Preise) "
                           "nur mit einem Administrationskonto.",
                           "Changing a municipality's postcode and station, emission factors, heat networks and "
                           "prices needs an administrator account."),
    "masterdata_login_needed": (
        "Ändern nur nach Anmeldung als Klimaschutzmanagement dieser Kommune oder als Administration.",
        "Changing needs a login as climate manager of this municipality or as administrator."),
    "history_login_needed": ("Das Protokoll sehen nur angemeldete Benutzer.",
                             "Only logged-in users see the log."),
    "history_accounts_admin_only": (
        "Anmeldungen und Änderungen an Benutzerkonten sieht nur die Administration.",
        "Logins and account changes are shown to administrators only."),
})

# --- files of the wrong municipality (issue 13; ktdash.ingest.provenance) ---
UI.update({
    "evidence_or": (" oder ", " or "),
    "evidence_key_file_name": ("Der Dateiname nennt den Schlüssel {found} ({names}).",
                               "The file name gives the key {found} ({names})."),
    "evidence_key_title": ("Zeile {line} über der Tabelle nennt den Schlüssel {found} ({names}).",
                           "Line {line} above the table gives the key {found} ({names})."),
    "evidence_name_file_name": ("Der Dateiname nennt „{found}“ ({names}).",
                                "The file name names “{found}” ({names})."),
    "evidence_name_title": ("Zeile {line} über der Tabelle nennt „{found}“ ({names}).",
                            "Line {line} above the table names “{found}” ({names})."),
    "evidence_buildings": ("{count} Gebäude der Datei sind bereits unter {names} gespeichert ({examples}).",
                           "{count} buildings of the file are already stored under {names} ({examples})."),
    "evidence_buildings_one": ("1 Gebäude der Datei ist bereits unter {names} gespeichert ({examples}).",
                               "1 building of the file is already stored under {names} ({examples})."),
    "evidence_meters": ("{count} Zähler der Datei sind bereits unter {names} gespeichert ({examples}).",
                        "{count} meters of the file are already stored under {names} ({examples})."),
    "evidence_meters_one": ("1 Zähler der Datei ist bereits unter {names} gespeichert ({examples}).",
                            "1 meter of the file is already stored under {names} ({examples})."),
    "municipality_mismatch_cli": (
        "{file}: nicht gespeichert – die Datei gehört anscheinend nicht zu {municipality}. {evidence} "
        "Prüfen Sie --municipality; wenn die Datei wirklich zu {municipality} gehört, wiederholen Sie den Befehl "
        "mit --confirm-municipality.",
        "{file}: not stored – the file seems not to belong to {municipality}. {evidence} Check --municipality; "
        "if the file really belongs to {municipality}, repeat the command with --confirm-municipality."),
    "municipality_mismatch_dry_run": (
        "{file}: die Datei gehört anscheinend nicht zu {municipality}. {evidence} Gespeichert würde sie nur mit "
        "--confirm-municipality.",
        "{file}: the file seems not to belong to {municipality}. {evidence} It would be stored only with "
        "--confirm-municipality."),
    "municipality_confirmed": ("{file}: Kommune {municipality} ausdrücklich bestätigt, obwohl: {evidence}",
                               "{file}: municipality {municipality} confirmed explicitly, although: {evidence}"),
    "import_municipality_warning": (
        "Diese Datei gehört anscheinend nicht zu {municipality}:",
        "This file seems not to belong to {municipality}:"),
    "import_municipality_warning_end": (
        "Prüfen Sie die gewählte Kommune. Gespeichert wird die Datei erst, wenn Sie bestätigen, dass sie "
        "wirklich zu {municipality} gehört.",
        "Check the municipality chosen. The file is stored only once you confirm that it really belongs to "
        "{municipality}."),
    "import_confirm_municipality": ("Die Datei gehört wirklich zu {municipality}",
                                    "The file really belongs to {municipality}"),
})
FILE_ERRORS.update({
    "municipality_mismatch": (
        "„{file}“ wurde nicht gespeichert: die Datei gehört anscheinend nicht zu {value}. {detail} Wenn sie "
        "wirklich zu {value} gehört, bestätigen Sie die Kommune ausdrücklich (--confirm-municipality, auf der "
        "Seite Import das Häkchen).",
        "“{file}” was not stored: the file seems not to belong to {value}. {detail} If it really belongs to "
        "{value}, confirm the municipality explicitly (--confirm-municipality; on the Import page the check box)."),
})

# --- newer months of the station degree days: DWD hdd_3807 and the IWU table (issue 14; ktdash.ingest.layouts.degree_days) --
UI.update({
    "layout_degree_days_dwd": ("DWD-Gradtage nach VDI 3807 (hdd_3807, ein Monat je Datei)",
                               "DWD degree days after VDI 3807 (hdd_3807, one month per file)"),
    "layout_degree_days_iwu": ("IWU-Gradtagzahlen (Tabelle Data.TA.HD)", "IWU degree days (table Data.TA.HD)"),
    "degree_days_municipality": ("Klimadaten für alle Kommunen", "Climate data for all municipalities"),
    "imports_no_municipality": ("alle Kommunen (Klimadaten)", "all municipalities (climate data)"),
    "degree_days_no_value": ("ohne Wert", "no value"),
    "degree_days_nothing_new": (
        "Alle {n} Monate der Datei sind bereits mit diesen Werten gespeichert: nichts zu ändern, es wird nichts "
        "gespeichert.",
        "All {n} months of the file are already stored with these values: nothing to change, nothing is stored."),
    "degree_days_intro": (
        "Gradtagzahlen je DWD-Station gehören zu keiner Kommune (die oben gewählte Kommune wird nicht verwendet): "
        "jedes Gebäude nimmt die Monate seiner Station. Ein importierter Monat ersetzt den gespeicherten "
        "(mitgeliefert oder aus einem früheren Import); der ersetzte Wert bleibt erhalten und kommt beim "
        "Rückgängigmachen zurück. Danach werden die langjährigen Mittel und die Jahreswerte neu berechnet.",
        "Degree days per DWD station belong to no municipality (the municipality chosen above is not used): every "
        "building takes the months of its station. An imported month replaces the stored one (shipped or of an "
        "earlier import); the replaced value is kept and comes back when the import is undone. Then the long-term "
        "means and the yearly figures are recomputed."),
    "degree_days_admin_only": (
        "Gradtagzahlen importiert nur die Administration (Recht „Faktoren und Preise ändern“): sie gelten für die "
        "Gebäude aller Kommunen.",
        "Only administrators import degree days (right “change factors and prices”): they apply to the buildings "
        "of every municipality."),
    "degree_days_stations": ("Stationen der Datei", "Stations of the file"),
    "degree_days_changes": ("Ersetzte Monate (alter → neuer Wert)", "Replaced months (old → new value)"),
    "dd_col_station_id": ("Station", "Station"),
    "dd_col_station": ("Name", "Name"),
    "dd_col_new": ("neu", "new"),
    "dd_col_replaced": ("ersetzt", "replaced"),
    "dd_col_unchanged": ("unverändert", "unchanged"),
    "dd_col_incomplete": ("unvollständig", "incomplete"),
    "dd_col_without_value": ("ohne Wert", "no value"),
    "dd_col_rejected": ("abgelehnte Zeilen", "rejected rows"),
    "dd_col_incomplete_months": ("unvollständige Monate (Anteil der Tage mit Messwert)",
                                 "incomplete months (share of days observed)"),
    "dd_col_month": ("Monat", "Month"),
    "dd_col_old_kd": ("bisher (Kd)", "before (Kd)"),
    "dd_col_new_kd": ("neu (Kd)", "new (Kd)"),
    "dd_col_old_completeness": ("bisher vollständig", "before complete"),
    "dd_col_new_completeness": ("neu vollständig", "new complete"),
    "dd_col_old_source": ("bisherige Quelle", "source before"),
    "summary_stations": ("Stationen", "Stations"),
    "summary_months_new": ("Monate neu", "Months new"),
    "summary_months_replaced": ("Monate ersetzt", "Months replaced"),
    "summary_months_unchanged": ("Monate unverändert", "Months unchanged"),
    "summary_months_incomplete": ("Monate unvollständig", "Months incomplete"),
    "summary_months_without_value": ("Monate ohne Wert", "Months without value"),
    "note_degree_days_month_from_name": ("Monat {month} aus dem Dateinamen (die Datei hat keine Spalte „Monat“).",
                                         "Month {month} from the file name (the file has no column “Monat”)."),
    "note_degree_days_standard_rows": (
        "{n} Zeilen mit Normklima (Code_DataType STD, keine DWD-Station) nicht verwendet.",
        "{n} rows of standard climates (Code_DataType STD, no DWD station) not used."),
    "note_degree_days_other_quantities": (
        "{n} Zeilen anderer Größen (z. B. HD_10, TA_12, CD_18) nicht verwendet; verwendet werden TA, TA_15, HD_15 "
        "und CT.",
        "{n} rows of other quantities (e.g. HD_10, TA_12, CD_18) not used; TA, TA_15, HD_15 and CT are used."),
    "note_degree_days_incomplete_replaces_complete": (
        "{n} Monate ersetzen einen vollständigen gespeicherten Monat durch einen unvollständigen; die "
        "Witterungsbereinigung nimmt dann eine Ersatzstation oder lässt den Monat aus.",
        "{n} months replace a complete stored month by an incomplete one; the weather normalisation then takes a "
        "substitute station or leaves the month out."),
    "undo_done_degree_days": (
        "Import {number} rückgängig gemacht: {station_degree_days} Stationsmonate entfernt; langjährige Mittel und "
        "Jahreswerte aktualisiert.",
        "Import {number} undone: {station_degree_days} station months removed; long-term means and yearly figures "
        "updated."),
    "cli_degree_days_station": (
        "  Station {station_id} {station}: {new} neu, {replaced} ersetzt, {unchanged} unverändert, {incomplete} "
        "unvollständig, {without_value} ohne Wert, {rejected} Zeilen abgelehnt{months}",
        "  Station {station_id} {station}: {new} new, {replaced} replaced, {unchanged} unchanged, {incomplete} "
        "incomplete, {without_value} without value, {rejected} rows rejected{months}"),
    "cli_degree_days_change": ("    {station_id} {month}: {old} → {new} Kd (bisher: {source})",
                               "    {station_id} {month}: {old} → {new} Kd (before: {source})"),
    "cli_degree_days_more_changes": ("    … {n} weitere ersetzte Monate", "    … {n} more replaced months"),
    "cli_degree_days_unchanged": ("{file}: nichts gespeichert – alle Monate sind schon mit diesen Werten da.",
                                  "{file}: nothing stored – every month is already there with these values."),
    "import_degree_days_store": ("Gradtagzahlen speichern", "Store degree days"),
    "import_degree_days_store_partial": ("Nur die gültigen Zeilen speichern ({valid})", "Store only the valid rows ({valid})"),
})
REJECTIONS.update({
    "unknown_station": (
        "Die Station „{value}“ (in der Datei: {detail}) steht nicht in der Stationsliste von ktdash (DWD-Stationen "
        "nach IWU/clidamonger). Prüfen Sie die Stationskennung in Spalte „{column}“; Monate einer Station, die "
        "ktdash nicht kennt, lassen sich nicht speichern – die übrigen Zeilen speichern Sie mit "
        "--accept-rejections bzw. „Nur gültige Zeilen speichern“. (Datei „{file}“, Zeile {line})",
        "The station “{value}” (in the file: {detail}) is not in ktdash's station list (DWD stations after "
        "IWU/clidamonger). Check the station id in column “{column}”; months of a station ktdash does not know "
        "cannot be stored – store the other rows with --accept-rejections or “store valid rows only”. (File "
        "“{file}”, line {line})"),
    "bad_month": (
        "„{value}“ in Spalte „{column}“ ist kein abgeschlossener Monat: erwartet wird JJJJMM (z. B. 202601) bzw. "
        "eine Spalte M_JJJJ_MM eines Monats, der vor {detail} zu Ende war. Korrigieren Sie den Monat oder "
        "importieren Sie die Datei nach dem Ende des Monats. (Datei „{file}“, Zeile {line})",
        "“{value}” in column “{column}” is no completed month: expected YYYYMM (e.g. 202601) or a column "
        "M_YYYY_MM of a month that ended before {detail}. Correct the month or import the file after the month "
        "has ended. (File “{file}”, line {line})"),
    "degree_days_out_of_range": (
        "Die Gradtagzahl {value} Kd in Spalte „{column}“ (Station, Monat: {detail}) liegt nicht zwischen 0 und "
        "1.000 Kd je Monat. Prüfen Sie den Wert (Dezimaltrennzeichen, Einheit Kd) und korrigieren Sie die Datei. "
        "(Datei „{file}“, Zeile {line})",
        "The degree days {value} Kd in column “{column}” (station, month: {detail}) are not between 0 and 1,000 "
        "Kd a month. Check the value (decimal mark, unit Kd) and correct the file. (File “{file}”, line {line})"),
    "heating_days_out_of_range": (
        "„{value}“ Heiztage in Spalte „{column}“ (Station, Monat: {detail}) sind keine ganze Zahl von 0 bis zur "
        "Zahl der Tage des Monats mit Messwert. Korrigieren Sie den Wert. (Datei „{file}“, Zeile {line})",
        "“{value}” heating days in column “{column}” (station, month: {detail}) are no whole number from 0 to the "
        "days of the month with a measurement. Correct the value. (File “{file}”, line {line})"),
    "observed_days_out_of_range": (
        "„{value}“ in Spalte „{column}“ (Station, Monat: {detail}) ist keine mögliche Zahl der Tage mit Messwert "
        "(ganze Zahl von 0 bis zu den Tagen des Monats; in der IWU-Tabelle CT als Anteil von 0 bis 1). "
        "Korrigieren Sie den Wert. (Datei „{file}“, Zeile {line})",
        "“{value}” in column “{column}” (station, month: {detail}) is no possible number of days with a "
        "measurement (a whole number from 0 to the days of the month; in the IWU table CT as a share from 0 to "
        "1). Correct the value. (File “{file}”, line {line})"),
})
FILE_ERRORS.update({
    "degree_days_no_month": (
        "In „{file}“ fehlt die Spalte „Monat“, und der Dateiname nennt keinen Monat (gradtage_JJJJMM.csv). "
        "Importieren Sie die Datei unter dem Namen, den sie beim DWD hat, oder ergänzen Sie die Spalte.",
        "“{file}” has no column “Monat” and its name gives no month (gradtage_YYYYMM.csv). Import the file under "
        "the name it has at the DWD, or add the column."),
    "degree_days_unchanged": (
        "„{file}“: alle Monate sind bereits mit diesen Werten gespeichert; nichts geändert.",
        "“{file}”: every month is already stored with these values; nothing changed."),
    "municipality_needed": (
        "Für „{file}“ fehlt die Kommune: geben Sie --municipality NAME an. Ohne Kommune importiert ktdash nur "
        "Gradtagzahlen (DWD-Dateien hdd_3807, IWU-Tabelle Data.TA.HD).",
        "“{file}” needs a municipality: give --municipality NAME. Without a municipality ktdash imports only "
        "degree days (DWD files hdd_3807, the IWU table Data.TA.HD)."),
})
FIELD_NAMES.update({
    "station_id": ("Stationskennung (DWD)", "Station id (DWD)"),
    "station_name": ("Stationsname", "Station name"),
    "latitude": ("geographische Breite", "Latitude"),
    "longitude": ("geographische Länge", "Longitude"),
    "observed_days": ("Tage mit Messwert", "Days observed"),
    "degree_days": ("Gradtagzahl G20/15 (Kd)", "Degree days G20/15 (Kd)"),
    "heating_days": ("Heiztage", "Heating days"),
    "quantity": ("Größe (Code_Quantity)", "Quantity (Code_Quantity)"),
    "data_type": ("Datenart (Code_DataType)", "Data type (Code_DataType)"),
    "data_id": ("Datensatz (ID_Data)", "Data id (ID_Data)"),
    "months": ("Monatsspalten", "Month columns"),
})

# --- official figures on the pages (issue 14): which normalisation, which CO₂ set, comparability -------------
UI.update({
    # which weather normalisation a heat figure carries (ktdash.output.labels.normalisation)
    "pages14_norm_progress": ("witterungsbereinigt (langjähriges Mittel der Station, {start}–{end})",
                              "weather-normalised (the station’s long-term mean, {start}–{end})"),
    "pages14_norm_progress_short": ("witterungsbereinigt, Stationsmittel {start}–{end}",
                                    "weather-normalised, station mean {start}–{end}"),
    "pages14_norm_benchmark": ("auf Referenzklima Potsdam bereinigt (wie die Vergleichswerte 2021)",
                               "normalised to the reference climate of Potsdam (as the 2021 comparison values)"),
    "pages14_norm_benchmark_short": ("auf Referenzklima Potsdam bereinigt", "normalised to Potsdam"),
    "pages14_not_normalised": ("gemessen, nicht witterungsbereinigt", "measured, not weather-normalised"),
    "pages14_norm_note": (
        "Zwei Witterungsbereinigungen (nur der witterungsabhängige Anteil, GEG § 82 Abs. 3): Energie, Einsparung und "
        "Fortschritt {progress}; Wärme je m² und Einsparpotenzial {benchmark}. {attribution}.",
        "Two weather normalisations (only the weather-dependent share, GEG § 82(3)): energy, saving and progress "
        "{progress}; heat per m² and savings potential {benchmark}. {attribution}."),
    # which emission factor set a CO₂ figure uses (ktdash.output.labels.co2)
    "pages14_co2_bisko_conform": ("CO₂e (BISKO-Systematik, BISKO-konform)", "CO₂e (BISKO method, BISKO-compliant)"),
    "pages14_co2_bisko_changed": ("CO₂e (BISKO-Systematik, Faktoren geändert)",
                                  "CO₂e (BISKO method, factors changed)"),
    "pages14_co2_direct": ("CO₂ direkt (nur Verbrennung)", "CO₂ direct (combustion only)"),
    "pages14_co2_bisko_conform_short": ("CO₂e, BISKO-konform", "CO₂e, BISKO-compliant"),
    "pages14_co2_bisko_changed_short": ("CO₂e, Faktoren geändert", "CO₂e, factors changed"),
    "pages14_co2_direct_short": ("CO₂ direkt", "CO₂ direct"),
    # categories without a valid comparison value (ktdash.output.labels.not_comparable)
    "pages14_not_comparable": ("nicht mit Vergleichswert vergleichbar", "not comparable with the comparison value"),
    "pages14_not_comparable_reason": ("nicht mit Vergleichswert vergleichbar ({reason})",
                                      "not comparable with the comparison value ({reason})"),
    "pages14_reason_pool_water_heating": (
        "Schwimmhalle: der Vergleichswert enthält die Beckenwassererwärmung nicht",
        "indoor pool: the comparison value leaves out the heating of the pool water"),
    "pages14_reason_process_plant": ("Prozessanlage, von den Vergleichswerten nicht erfasst",
                                     "process plant, not covered by the comparison values"),
    "pages14_reason_not_a_building": ("kein Gebäude", "not a building"),
    "pages14_reason_no_row": ("kein passender Vergleichswert in der Bekanntmachung",
                              "no fitting comparison value in the Bekanntmachung"),
    "pages14_filter_not_comparable": ("Nicht vergleichbare Gebäude (z. B. Schwimmbäder) einbeziehen",
                                      "Include buildings that are not comparable (e.g. pools)"),
    "pages14_filter_not_comparable_help": (
        "Gebäude, deren Kategorie keinen gültigen Vergleichswert hat (Schwimmhallen: der Vergleichswert enthält die "
        "Beckenwassererwärmung nicht; Kläranlagen, Straßenbeleuchtung, Sonstiges), stehen sonst nicht im "
        "Einsparpotenzial und nicht im Vergleich mit dem Vergleichswert.",
        "Buildings whose category has no valid comparison value (indoor pools: the value leaves out the heating of "
        "the pool water; sewage plants, street lighting, other) are otherwise left out of the savings potential "
        "and of the comparison with the comparison value."),
    "pages14_not_comparable_left_out": (
        "Nicht im Einsparpotenzial, weil nicht mit Vergleichswert vergleichbar: {buildings}. Der Filter „{filter}“ "
        "in der Seitenleiste nimmt sie auf.",
        "Not in the savings potential because not comparable with the comparison value: {buildings}. The filter "
        "“{filter}” in the sidebar adds them."),
    "pages14_not_comparable_taken": (
        "Im Einsparpotenzial auch Gebäude, die nicht mit Vergleichswert vergleichbar sind (grau): {buildings}.",
        "The savings potential includes buildings that are not comparable with the comparison value (grey): "
        "{buildings}."),
    "pages14_legend_comparable": ("vergleichbar", "comparable"),
    # Kommune
    "pages14_kpi_co2_year": ("Emissionen {year}", "Emissions {year}"),
    "pages14_card_progress_short": ("Stationsmittel {start}–{end}", "station mean {start}–{end}"),
    "pages14_cards_note": ("Energie und je Einwohner: {progress}. Emissionen: {co2}.",
                           "Energy and per inhabitant: {progress}. Emissions: {co2}."),
    "pages14_chart_energy_years": ("Energie je Jahr: gemessen und bereinigt", "Energy per year: measured and normalised"),
    "pages14_chart_potential_sub": ("Wärme {norm}", "heat {norm}"),
    "pages14_potential_note": (
        "Potenzial = (Kennwert − Vergleichswert) × Fläche, nur über dem Vergleichswert, für Wärme ({norm}) und "
        "Strom; in € mit den Energiepreisen, in t mit den Emissionsfaktoren ({co2}; Seite „Methoden und Faktoren“).",
        "Potential = (specific value − comparison value) × area, only above the comparison value, for heat ({norm}) "
        "and electricity; in € with the energy prices, in t with the emission factors ({co2}; page “Methods and "
        "factors”)."),
    "pages14_col_comparability": ("Vergleichbarkeit", "Comparability"),
    "pages14_col_heat_per_m2": ("Wärme kWh/m² ({norm})", "Heat kWh/m² ({norm})"),
    "pages14_col_potential_t": ("Potenzial [t {unit}/a]", "Potential [t {unit}/a]"),
    "pages14_col_saving_share": ("Einsparung seit {baseline} [%] ({norm})", "Saving since {baseline} [%] ({norm})"),
    "pages14_col_energy_normalised": ("Energie [kWh] ({norm})", "Energy [kWh] ({norm})"),
    "pages14_col_t_co2_per_inhabitant": ("t {unit} je Einwohner", "t {unit} per inhabitant"),
    # Vergleich
    "pages14_chart_per_inhabitant": ("Energie je Einwohner {year}", "Energy per inhabitant {year}"),
    "pages14_chart_heat_per_m2": ("Wärme je m² {year}", "Heat per m² {year}"),
    "pages14_comparison_not_comparable": (
        "Wärme je m² enthält Gebäude, die nicht mit Vergleichswert vergleichbar sind: {categories}.",
        "Heat per m² includes buildings that are not comparable with the comparison value: {categories}."),
    "pages14_count_of": ("{category} ({count} Gebäude; {reason})", "{category} ({count} buildings; {reason})"),
    # Workshop
    "pages14_workshop_not_comparable": ("Nicht vergleichbare Gebäude (z. B. Schwimmbäder) einbeziehen",
                                        "Include buildings that are not comparable (e.g. pools)"),
    "pages14_workshop_h_heat": ("Wärmeverbrauch je m² {year} gegenüber dem Vergleichswert – kWh/m², auf "
                                "Referenzklima Potsdam bereinigt",
                                "Heat use per m² {year} against the comparison value – kWh/m², normalised to the "
                                "reference climate of Potsdam"),
    "pages14_workshop_h_co2": ("CO₂-Emissionen der kommunalen Gebäude je Einwohner {year} – kg {unit} je Einwohner",
                               "CO₂ emissions of municipal buildings per inhabitant {year} – kg {unit} per "
                               "inhabitant"),
    "pages14_workshop_axis_co2": ("kg {unit} je Einwohner", "kg {unit} per inhabitant"),
    "pages14_workshop_n_energy": (
        "Kommunale Gebäude: Wärme {norm} plus Strom, geteilt durch die Einwohner des Landkreises bzw. der Stadt. "
        "{attribution}.",
        "Municipal buildings: heat {norm} plus electricity, divided by the inhabitants of the district or city. "
        "{attribution}."),
    "pages14_workshop_n_progress": (
        "Nur Gebäude mit vollständigen Daten {baseline} und im Vergleichsjahr; Wärme {norm}. Zielpfad: {rate} % pro "
        "Jahr. {attribution}.",
        "Only buildings with complete data in {baseline} and in the year compared; heat {norm}. Target path: {rate} % "
        "a year. {attribution}."),
    "pages14_workshop_n_heat": (
        "Gebäude mit vollständigem Jahr und Vergleichswert (BAnz AT 03.05.2021 B1), Wärme {norm}, nach Fläche "
        "gewichtet; rechts: Anteil der Gebäude über ihrem Vergleichswert. {attribution}.",
        "Buildings with a complete year and a comparison value (BAnz AT 03.05.2021 B1), heat {norm}, weighted by "
        "area; right: share of buildings above their comparison value. {attribution}."),
    "pages14_workshop_n_heat_left_out": (" Ohne {count} nicht vergleichbare Gebäude (z. B. Schwimmbäder).",
                                         " Without {count} buildings that are not comparable (e.g. pools)."),
    "pages14_workshop_n_heat_taken": (" Einschließlich {count} Gebäude, die nicht mit Vergleichswert vergleichbar "
                                      "sind (z. B. Schwimmbäder).",
                                      " Including {count} buildings that are not comparable with the comparison "
                                      "value (e.g. pools)."),
    "pages14_workshop_n_co2": ("Aus dem tatsächlichen Verbrauch (nicht witterungsbereinigt); {label}.",
                               "From the actual use (not weather-normalised); {label}."),
    # Gebäude: master data, station, hot-water share
    "pages14_building_postcode": ("Postleitzahl", "Postcode"),
    "pages14_postcode_building": ("{postcode} {place} (des Gebäudes)", "{postcode} {place} (the building’s)"),
    "pages14_postcode_municipality": ("{postcode} {place} (der Kommune)", "{postcode} {place} (the municipality’s)"),
    "pages14_postcode_none": ("keine", "none"),
    "pages14_building_station": ("Wetterstation", "Weather station"),
    "pages14_station_text": ("{name} (DWD {id}), {altitude} m ü. NN{distance} – {how}",
                             "{name} (DWD {id}), {altitude} m a.s.l.{distance} – {how}"),
    "pages14_station_distance": (", {km} km von der Postleitzahl", ", {km} km from the postcode"),
    "pages14_station_nearest": ("nächste Station der Postleitzahl", "nearest station of the postcode"),
    "pages14_station_chosen_building": ("von der Administration für das Gebäude gewählt",
                                        "chosen by an administrator for the building"),
    "pages14_station_chosen_municipality": ("von der Administration für die Kommune gewählt",
                                            "chosen by an administrator for the municipality"),
    "pages14_station_none": ("keine (ohne Postleitzahl und ohne gewählte Station): die Wärme bleibt unbereinigt",
                             "none (no postcode and no station chosen): the heat stays raw"),
    "pages14_building_comparability": ("Vergleichbarkeit", "Comparability"),
    "pages14_share_category": (
        "{share} % aus der Kategorie {category}: TEK Warmwasser {hot_water} ÷ ({heating} + {hot_water}) = {share} % "
        "(Bekanntmachung vom 15. April 2021, Anlage 1 Tabelle 1)",
        "{share} % from the category {category}: TEK hot water {hot_water} ÷ ({heating} + {hot_water}) = {share} % "
        "(Bekanntmachung of 15 April 2021, Anlage 1 Tabelle 1)"),
    "pages14_share_assumption": (
        "{share} % (Annahme, Einstellung KTDASH_HOT_WATER_SHARE: die Kategorie {category} hat keine TEK-Werte)",
        "{share} % (an assumption, setting KTDASH_HOT_WATER_SHARE: the category {category} has no TEK values)"),
    "pages14_share_source_category": ("Wert der Kategorie {category}", "value of the category {category}"),
    "pages14_share_source_assumption": ("Annahme KTDASH_HOT_WATER_SHARE", "assumption KTDASH_HOT_WATER_SHARE"),
    "pages14_share_source_building": ("eigener Wert des Gebäudes", "the building’s own value"),
    "pages14_share_reset_help": ("Wieder {share} % verwenden ({source}).", "Use {share} % again ({source})."),
    "pages14_share_reset_done": ("Für dieses Gebäude gilt wieder {share} % ({source}).",
                                 "This building uses {share} % again ({source})."),
    # Gebäude: postcode and station (edit)
    "pages14_climate_title": ("Postleitzahl und Wetterstation ändern", "Change postcode and weather station"),
    "pages14_postcode_input": ("Postleitzahl des Gebäudes", "Postcode of the building"),
    "pages14_postcode_help": (
        "Die Postleitzahl wählt die nächste DWD-Station (IWU-Tabelle Postleitzahl → drei nächste Stationen). Leer: "
        "die Postleitzahl der Kommune.",
        "The postcode picks the nearest DWD station (IWU table postcode → three nearest stations). Empty: the "
        "municipality’s postcode."),
    "pages14_postcode_placeholder": ("leer: {postcode} der Kommune", "empty: the municipality’s {postcode}"),
    "pages14_postcode_save": ("Postleitzahl speichern", "Save postcode"),
    "pages14_postcode_saved": ("Postleitzahl {postcode} gespeichert; Wetterstation und Kennzahlen sind neu berechnet.",
                               "Postcode {postcode} saved; weather station and key figures are recomputed."),
    "pages14_postcode_cleared": ("Das Gebäude folgt wieder der Postleitzahl seiner Kommune.",
                                 "The building follows its municipality’s postcode again."),
    "pages14_postcode_unknown": (
        "Die Postleitzahl „{postcode}“ ist unbekannt: sie steht nicht in der Tabelle der Postleitzahlen mit ihren "
        "DWD-Stationen. Nichts wurde geändert.",
        "The postcode “{postcode}” is unknown: it is not in the table of postcodes with their DWD stations. Nothing "
        "was changed."),
    "pages14_station_input": ("Wetterstation des Gebäudes", "Weather station of the building"),
    "pages14_station_automatic": ("automatisch: nächste Station der Postleitzahl",
                                  "automatic: nearest station of the postcode"),
    "pages14_station_option": ("{name} (DWD {id}, {state})", "{name} (DWD {id}, {state})"),
    "pages14_station_help": (
        "Nur die Administration: eine andere DWD-Station für dieses Gebäude, z. B. wenn die nächste Station in "
        "anderer Höhenlage liegt. Die Kennzahlen aller Jahre werden neu berechnet.",
        "Administrators only: another DWD station for this building, e.g. when the nearest station lies at a "
        "different altitude. The key figures of every year are recomputed."),
    "pages14_station_save": ("Station speichern", "Save station"),
    "pages14_station_saved": ("Wetterstation {station} für dieses Gebäude gespeichert; die Kennzahlen sind neu "
                              "berechnet.",
                              "Weather station {station} saved for this building; the key figures are recomputed."),
    "pages14_station_cleared": ("Das Gebäude verwendet wieder die nächste Station seiner Postleitzahl.",
                                "The building uses the nearest station of its postcode again."),
    "pages14_station_unknown": ("Die Station {station} ist unbekannt. Nichts wurde geändert.",
                                "The station {station} is unknown. Nothing was changed."),
    "pages14_station_admin_only": ("Die Wetterstation wählt nur die Administration.",
                                   "Only administrators choose the weather station."),
    # Gebäude: key figures
    "pages14_kpi_heat_benchmark": ("Wärme, bereinigt auf Potsdam", "Heat, normalised to Potsdam"),
    "pages14_kpi_heat_specific": ("Wärme je m², bereinigt auf Potsdam", "Heat per m², normalised to Potsdam"),
    "pages14_card_progress": ("langjähriges Mittel der Station, {start}–{end}",
                              "the station’s long-term mean, {start}–{end}"),
    "pages14_card_benchmark": ("Referenzklima wie die Vergleichswerte 2021", "as the 2021 comparison values"),
    "pages14_kpi_own_baseline": ("Energie gegenüber {baseline} (eigenes Basisjahr)",
                                 "Energy against {baseline} (own baseline)"),
    "pages14_kpi_own_baseline_delta": ("eigenes Basisjahr statt Vergleichswert", "own baseline, not a comparison value"),
    "pages14_months_missing": (
        "{year}: für {count} Monat(e) hat keine Station der Postleitzahl vollständige Gradtagzahlen – die Wärme "
        "dieses Jahres ist nicht witterungsbereinigt.",
        "{year}: for {count} month(s) no station of the postcode has complete degree days – the heat of this year "
        "is not weather-normalised."),
    "pages14_months_substituted": (
        "{year}: {count} Monat(e) mit den Gradtagzahlen einer Ersatzstation (Station 2 oder 3 der Postleitzahl), "
        "weil die eigene Station unvollständig war.",
        "{year}: {count} month(s) with the degree days of a substitute station (station 2 or 3 of the postcode) "
        "because the own station was incomplete."),
    "pages14_sources_kpis": (
        "Witterungsbereinigung: VDI 3807 Blatt 1 (2013), Gradtagzahlverfahren mit G20/15 der DWD-Station, nur der "
        "witterungsabhängige Anteil (GEG § 82 Abs. 3). Spezifischer Verbrauch = Jahresverbrauch (Wärme "
        "{benchmark}) / Bezugsfläche (NGF); Vergleichswerte: „Bekanntmachung der Regeln für Energieverbrauchswerte "
        "und der Vergleichswerte im Nichtwohngebäudebestand“ vom 15. April 2021 (BAnz AT 03.05.2021 B1), Anlage 1 "
        "Tabelle 1. Emissionen: t = kWh (unbereinigt) × Emissionsfaktor des Energieträgers und Jahres / 1000, "
        "{co2}.",
        "Weather normalisation: VDI 3807 Blatt 1 (2013), degree-day method with G20/15 of the DWD station, only "
        "the weather-dependent share (GEG § 82(3)). Specific consumption = yearly consumption (heat {benchmark}) / "
        "reference floor area (NGF); comparison values: “Bekanntmachung der Regeln für Energieverbrauchswerte und "
        "der Vergleichswerte im Nichtwohngebäudebestand” of 15 April 2021 (BAnz AT 03.05.2021 B1), Anlage 1 "
        "Tabelle 1. Emissions: t = kWh (raw) × emission factor of the carrier and year / 1000, {co2}."),
    # Gebäude: raw against normalised
    "pages14_formula": (
        "Witterungsbereinigung der Wärme: **E_norm = E × (s + (1 − s) × G_ref / G_ist)** – E: gemessene Wärme, "
        "s: witterungsunabhängiger Anteil (Warmwasser; hier {share} %, {source}), G_ist: gemessene Gradtagzahlen "
        "G20/15 der Station in den Monaten mit Daten. Für Fortschritt und Einsparung (**witterungsbereinigt**) ist "
        "G_ref das langjährige Mittel derselben Station {start}–{end}; für den Vergleich mit dem Vergleichswert "
        "(**auf Referenzklima Potsdam bereinigt**, wie die Vergleichswerte 2021) das langjährige Mittel von Potsdam. "
        "Nur der witterungsabhängige Anteil wird bereinigt (GEG § 82 Abs. 3); Strom und Wasser nicht.",
        "Weather normalisation of heat: **E_norm = E × (s + (1 − s) × G_ref / G_actual)** – E: measured heat, "
        "s: weather-independent share (hot water; here {share} %, {source}), G_actual: measured degree days G20/15 "
        "of the station in the months with data. For progress and savings (**weather-normalised**) G_ref is the "
        "long-term mean of the same station {start}–{end}; against the comparison value (**normalised to the "
        "reference climate of Potsdam**, as the 2021 comparison values) the long-term mean of Potsdam. Only the "
        "weather-dependent share is normalised (GEG § 82(3)); electricity and water are not."),
    "pages14_formula_benchmark": (" Potsdam: G_Potsdam / G_ist = {ratio}, Faktor {factor}.",
                                  " Potsdam: G_Potsdam / G_actual = {ratio}, factor {factor}."),
    # Gebäude: against the comparison value, or against its own baseline
    "pages14_chart_specific_own": ("Spezifischer Verbrauch je Jahr in kWh/(m²·a), ohne Vergleichswert (nicht "
                                   "vergleichbar)",
                                   "Specific consumption per year in kWh/(m²·a), no comparison value (not "
                                   "comparable)"),
    "pages14_trace_heat": ("Wärme ({norm})", "Heat ({norm})"),
    "pages14_source_specific": (
        "Spezifischer Verbrauch = Jahresverbrauch (Wärme {norm}) / Bezugsfläche (NGF). Vergleichswerte der Kategorie "
        "{category}: „Bekanntmachung der Regeln für Energieverbrauchswerte und der Vergleichswerte im "
        "Nichtwohngebäudebestand“ vom 15. April 2021 (BAnz AT 03.05.2021 B1), Anlage 1 Tabelle 1: Wärme = TEK "
        "Heizung × f(A_NGF) + TEK Warmwasser mit dem Größenfaktor nach Nummer 6.3.1, Strom = TEK Lüftung + "
        "Beleuchtung + Sonstiges.",
        "Specific consumption = yearly consumption (heat {norm}) / reference floor area (NGF). Comparison values of "
        "the category {category}: “Bekanntmachung der Regeln für Energieverbrauchswerte und der Vergleichswerte im "
        "Nichtwohngebäudebestand” of 15 April 2021 (BAnz AT 03.05.2021 B1), Anlage 1 Tabelle 1: heat = TEK "
        "Heizung × f(A_NGF) + TEK Warmwasser with the size factor of Nummer 6.3.1, electricity = TEK Lüftung + "
        "Beleuchtung + Sonstiges."),
    "pages14_own_baseline_title": ("Gegen das eigene Basisjahr", "Against its own baseline"),
    "pages14_own_baseline_text": (
        "{category}: {mark}. Das Gebäude wird deshalb mit seinem eigenen Basisjahr {baseline} verglichen: Energie je "
        "Jahr aus Wärme und Strom, die Wärme {norm}.",
        "{category}: {mark}. The building is therefore compared with its own baseline {baseline}: energy per year of "
        "heat and electricity, the heat {norm}."),
    "pages14_own_baseline_none": (
        "{category}: {mark}. Ein Vergleich mit dem eigenen Basisjahr braucht zwei Jahre mit 12 Monaten aller "
        "Energieträger; {year} hat kein früheres.",
        "{category}: {mark}. A comparison with its own baseline needs two years with 12 months of every carrier; "
        "{year} has no earlier one."),
    "pages14_chart_own_baseline": ("Energie je Jahr in kWh gegenüber dem Basisjahr {baseline}",
                                   "Energy per year in kWh against the baseline {baseline}"),
    "pages14_trace_energy": ("Energie (Wärme + Strom)", "Energy (heat + electricity)"),
    "pages14_trace_baseline": ("Basisjahr {baseline}", "baseline {baseline}"),
    "pages14_trace_target": ("Zielpfad {year}", "target path {year}"),
    # Gebäude: table of the yearly key figures
    "pages14_col_substituted": ("Monate von einer Ersatzstation", "Months from a substitute station"),
    "pages14_col_missing": ("Monate ohne Gradtagzahlen (Wärme unbereinigt)", "Months without degree days (heat raw)"),
    "pages14_col_climate_ratio": ("Klimafaktor Station G_ref / G_ist", "Climate factor station G_ref / G_actual"),
    "pages14_col_heat_progress": ("Wärme {norm} [kWh]", "Heat {norm} [kWh]"),
    "pages14_col_benchmark_ratio": ("Klimafaktor Potsdam G_Potsdam / G_ist", "Climate factor Potsdam G_Potsdam / G_actual"),
    "pages14_col_heat_benchmark": ("Wärme {norm} [kWh]", "Heat {norm} [kWh]"),
    "pages14_col_heat_specific": ("Wärme je m², {norm} [kWh/(m²·a)]", "Heat per m², {norm} [kWh/(m²·a)]"),
    "pages14_col_co2": ("Emissionen [t], {label}", "Emissions [t], {label}"),
    "pages14_source_table": (
        "Einsparpotenzial je Nutzung (Wärme {norm}, Strom) = max(0, spezifischer Verbrauch − Vergleichswert) × "
        "Fläche, nur für Jahre mit 12 Monaten und nur für Kategorien mit gültigem Vergleichswert. Emissionen aus "
        "unbereinigtem Verbrauch, {co2}. Ein Jahr ohne Klimafaktor (Gradtagzahlen fehlen) ist nicht bereinigt; "
        "seine Wärme je m² ist unbereinigt.",
        "Savings potential per use (heat {norm}, electricity) = max(0, specific consumption − comparison value) × "
        "area, only for years with 12 months and only for categories with a valid comparison value. Emissions from "
        "raw consumption, {co2}. A year without a climate factor (degree days missing) is not normalised; its heat "
        "per m² is raw."),
})


# --- Methoden und Faktoren, Energiebericht: the official figures (issue 14; ktdash.output.methods) ---
UI.update({
    # status of a value (ktdash.output.methods.STATUSES)
    "methods14_status_official": ("amtlich", "official"),
    "methods14_status_secondary": ("öffentliche Sekundärquelle", "public secondary source"),
    "methods14_status_assumption": ("Annahme", "assumption"),
    "methods14_status_unknown": ("ohne Angabe", "not stated"),
    "methods14_status_legend": (
        "Jeder Wert steht hier mit Quelle, Jahr und Status. **amtlich**: in der amtlichen Veröffentlichung selbst "
        "gelesen. **öffentliche Sekundärquelle**: aus einer öffentlichen Abschrift, Kopie oder Sekundärquelle gelesen. "
        "**Annahme**: Festlegung oder Ableitung von ktdash, ein fortgeschriebener Wert oder ein Standardwert, dessen "
        "Eignung vor Ort unsicher ist. Die gelesenen Stellen im Wortlaut: ktdash/analytics/reference/README.md.",
        "Every value is listed here with its source, year and status. **official**: read in the official publication "
        "itself. **public secondary source**: read in a public transcription, copy or secondary source. "
        "**assumption**: ktdash's own choice or derivation, a value carried forward, or a default whose fit to the "
        "local situation is uncertain. The passages read, verbatim: ktdash/analytics/reference/README.md."),
    # comparison values and hot-water shares (ktdash.output.methods.category_table)
    "methods14_share_from_setting": ("keine TEK-Werte: Einstellung KTDASH_HOT_WATER_SHARE = {share} % (Annahme)",
                                     "no TEK values: setting KTDASH_HOT_WATER_SHARE = {share} % (assumption)"),
    "methods14_comparable_yes": ("ja", "yes"),
    "methods14_status_comparison": ("TEK: öffentliche Sekundärquelle (Abschrift des IWU); Strom-Summe: Annahme",
                                    "TEK: public secondary source (IWU transcription); electricity sum: assumption"),
    "methods14_status_no_value": ("kein Wert", "no value"),
    # values of the weather normalisation (ktdash.output.methods.climate_values)
    "methods14_v_degree_days": ("Gradtagzahlen G20/15 je Station und Monat", "Degree days G20/15 per station and month"),
    "methods14_v_degree_days_value": ("{stations} DWD-Stationen, {first} bis {last}",
                                      "{stations} DWD stations, {first} to {last}"),
    "methods14_v_imported": ("Importierte DWD-Monatswerte", "Imported DWD monthly values"),
    "methods14_v_imported_value": ("{months} Stationsmonate, bis {last}", "{months} station months, up to {last}"),
    "methods14_v_imported_source": (
        "Deutscher Wetterdienst, Climate Data Center, derived_germany/techn/monthly/heating_degreedays/hdd_3807 "
        "(Import mit Vorschau; ersetzt den mitgelieferten Monat)",
        "Deutscher Wetterdienst, Climate Data Center, derived_germany/techn/monthly/heating_degreedays/hdd_3807 "
        "(imported with preview; replaces the shipped month)"),
    "methods14_v_heating_limit": ("Heizgrenze", "Heating limit"),
    "methods14_v_heating_limit_value": ("{limit} °C (G20/15: Raum 20 °C, Heiztag bei einem Tagesmittel unter 15 °C)",
                                        "{limit} °C (G20/15: room 20 °C, heating day at a daily mean below 15 °C)"),
    "methods14_v_heating_limit_source": (
        "VDI 3807 Blatt 1 (2013), Text nur über Sekundärquellen gelesen; DWD-Produkt hdd_3807; Einstellung "
        "KTDASH_HEATING_LIMIT_C (Monatswerte des DWD gibt es nur für 15 °C)",
        "VDI 3807 part 1 (2013), text read through secondary sources only; DWD product hdd_3807; setting "
        "KTDASH_HEATING_LIMIT_C (DWD's monthly values exist for 15 °C only)"),
    "methods14_v_period": ("Bezugszeitraum des langjährigen Mittels", "Reference period of the long-term mean"),
    "methods14_v_period_source": (
        "Einstellung KTDASH_CLIMATE_REFERENCE_PERIOD; Standard 1991–2020, die Klimanormalperiode der WMO",
        "setting KTDASH_CLIMATE_REFERENCE_PERIOD; default 1991–2020, the WMO climate normal period"),
    "methods14_v_completeness": ("Vollständigkeit eines Stationsmonats", "Completeness of a station month"),
    "methods14_v_completeness_source": (
        "Einstellung KTDASH_CLIMATE_MIN_COMPLETENESS: Anteil der beobachteten Tage; darunter vertritt die nächste "
        "Station der Postleitzahl den Monat",
        "setting KTDASH_CLIMATE_MIN_COMPLETENESS: share of the days observed; below it the next station of the "
        "postcode stands in for the month"),
    "methods14_v_normals": ("Langjähriges Mittel je Kalendermonat", "Long-term mean per calendar month"),
    "methods14_v_normals_value": ("Mittel der vollständigen Monate im Bezugszeitraum, aus mindestens der Hälfte "
                                  "seiner Jahre",
                                  "mean of the complete months of the reference period, from at least half of its "
                                  "years"),
    "methods14_v_normals_source": (
        "Festlegung von ktdash (Pirmasens 3939 hat 16, Kaiserslautern 2486 20–21 vollständige Jahre 1991–2020); "
        "die Zahl der Jahre wird gespeichert",
        "ktdash's choice (Pirmasens 3939 has 16, Kaiserslautern 2486 20–21 complete years in 1991–2020); the number "
        "of years is stored"),
    "methods14_v_potsdam": ("Referenzwert Potsdam (Vergleichswerte)", "Reference value Potsdam (comparison values)"),
    "methods14_v_potsdam_source": (
        "abgeleitet: Mittel der Station Potsdam (3987) über {period} aus denselben Daten. Den Referenzwert des DWD "
        "(Testreferenzjahr Potsdam) konnte ktdash nicht lesen; Sekundärquellen nennen 3.666,8 und 3.767 Kd/a",
        "derived: mean of the Potsdam station (3987) over {period} from the same data. ktdash could not read DWD's "
        "reference value (test reference year Potsdam); secondary sources give 3,666.8 and 3,767 Kd/a"),
    "methods14_v_potsdam_source_set": (
        "Einstellung KTDASH_BENCHMARK_REFERENCE_KD; die Monatsmittel der Station Potsdam (3987, {period}) werden "
        "darauf skaliert. Den Referenzwert des DWD konnte ktdash nicht lesen (Sekundärquellen: 3.666,8 und "
        "3.767 Kd/a)",
        "setting KTDASH_BENCHMARK_REFERENCE_KD; the monthly means of the Potsdam station (3987, {period}) are scaled "
        "to it. ktdash could not read DWD's reference value (secondary sources: 3,666.8 and 3,767 Kd/a)"),
    "methods14_v_station_choice": ("Station eines Gebäudes", "Station of a building"),
    "methods14_v_station_choice_value": ("nächstgelegene Station mit vollständigem Monat",
                                         "nearest station with a complete month"),
    "methods14_v_station_choice_source": (
        "Postleitzahl → drei nächste DWD-Stationen (Tabelle des IWU); je Monat die erste vollständige von gewählter "
        "Station, 1., 2. und 3. Station; gemessener Wert und langjähriges Mittel von derselben Station. Nicht das "
        "entfernungsgewichtete Mittel der drei Stationen",
        "postcode → three nearest DWD stations (IWU's table); per month the first complete one of the chosen "
        "station, 1st, 2nd and 3rd station; measured value and long-term mean from the same station. Not the "
        "distance-weighted mean of the three stations"),
    "methods14_v_hot_water_default": ("Warmwasseranteil ohne TEK-Werte", "Hot-water share without TEK values"),
    "methods14_v_hot_water_default_source": (
        "Einstellung KTDASH_HOT_WATER_SHARE, ohne Quelle; nur für Kategorien ohne TEK-Werte und Gebäude ohne "
        "eigenen Anteil",
        "setting KTDASH_HOT_WATER_SHARE, no source; only for categories without TEK values and buildings without a "
        "share of their own"),
    # the page: climate
    "methods14_page_caption": (
        "Die Methode, nach der ktdash rechnet – für jede Kommune gleich: Klimadaten, Witterungsbereinigung, "
        "Vergleichswerte, Emissionsfaktoren und Energiepreise, jeweils mit Quelle, Jahr und Status.",
        "The method ktdash computes by – the same for every municipality: climate data, weather normalisation, "
        "comparison values, emission factors and energy prices, each with its source, year and status."),
    "methods14_climate": ("Klimadaten und Witterungsbereinigung", "Climate data and weather normalisation"),
    "methods14_climate_text": (
        "Heizwärme wird mit der Gradtagzahl G20/15 bereinigt: die Summe von 20 °C minus Tagesmitteltemperatur über "
        "alle Heiztage, an denen das Tagesmittel unter der Heizgrenze von {limit} °C liegt (VDI 3807 Blatt 1). "
        "Grundlage sind gemessene Monatswerte aller Stationen des Deutschen Wetterdienstes seit 1991.\n\n"
        "**Station.** Jedes Gebäude bekommt seine Station über seine Postleitzahl, sonst über die seiner Kommune: "
        "die nächstgelegene DWD-Station. Ist ein Monat dort unvollständig (weniger als {completeness} % der Tage "
        "beobachtet), vertritt ihn die zweit-, dann die drittnächste Station der Postleitzahl; gemessener Wert und "
        "langjähriges Mittel kommen dann beide von der vertretenden Station. Eine Administration kann die Station "
        "je Kommune oder Gebäude festlegen. Reihenfolge: die für das Gebäude festgelegte Station, dann die "
        "Postleitzahl des Gebäudes, dann die für die Kommune festgelegte Station, dann die Postleitzahl der "
        "Kommune (Sitz der Verwaltung).\n\n"
        "**Lücken.** Hat ein Monat an keiner dieser Stationen vollständige Werte, bleibt die Wärme des Jahres "
        "unbereinigt und ist überall so gekennzeichnet; vertretene und fehlende Monate werden je Gebäude gezählt "
        "(Seite Gebäude, ktdash export kpis).\n\n"
        "Nur der witterungsabhängige Anteil wird bereinigt (GEG § 82 Abs. 3). Strom, Wasser, CO₂ und Kosten "
        "beruhen auf den gemessenen Werten (BISKO: keine Witterungskorrektur).",
        "Heating energy is normalised with the degree days G20/15: the sum of 20 °C minus the daily mean "
        "temperature over all heating days whose daily mean is below the heating limit of {limit} °C (VDI 3807 "
        "part 1). The basis is measured monthly values of every station of the German Weather Service since 1991."
        "\n\n**Station.** Every building gets its station through its postcode, else its municipality's: the "
        "nearest DWD station. Where a month is incomplete there (fewer than {completeness} % of the days observed), "
        "the second, then the third nearest station of the postcode stands in; the measured value and the long-term "
        "mean then both come from that station. An administrator can choose the station per municipality or "
        "building. Order: the station chosen for the building, then the building's postcode, then the station "
        "chosen for the municipality, then the municipality's postcode (seat of its administration).\n\n**Gaps.** Where a month has complete values at none of these stations, the heat of that year "
        "stays unnormalised and is marked so everywhere; substituted and missing months are counted per building "
        "(page Building, ktdash export kpis).\n\nOnly the weather-dependent share is normalised (GEG § 82(3)). "
        "Electricity, water, CO₂ and cost rest on the measured values (BISKO: no weather correction)."),
    "methods14_normalisations": ("Zwei Bereinigungen – jede ist gekennzeichnet, wo sie gezeigt wird",
                                 "Two normalisations – each is labelled where it is shown"),
    "methods14_progress_title": ("Fortschritt: ein Gebäude gegen seine eigene Vergangenheit",
                                 "Progress: a building against its own past"),
    "methods14_progress_text": (
        "G_ref = langjähriges Mittel derselben Monate an der Station des Gebäudes ({period}). **Verwendet für** "
        "„witterungsbereinigt“ bei Wärme und Energie, Fortschritt und Einsparung gegenüber dem Basisjahr und den "
        "Zielpfad: Seiten Übersicht, Vergleich, Kommune, Gebäude; Energiebericht Abschnitte 1–3; "
        "ktdash export progress und export kpis (Spalte kwh_normalised).",
        "G_ref = long-term mean of the same months at the building's station ({period}). **Used for** "
        "“weather-normalised” heat and energy, progress and saving against the baseline and the target path: "
        "pages Overview, Comparison, Municipality, Building; report sections 1–3; ktdash export progress and "
        "export kpis (column kwh_normalised)."),
    "methods14_benchmark_title": ("Vergleich: kWh/m² gegen die Vergleichswerte (Referenzort Potsdam)",
                                  "Benchmark: kWh/m² against the comparison values (reference location Potsdam)"),
    "methods14_benchmark_text": (
        "G_ref = langjähriges Mittel derselben Monate am Referenzort Potsdam ({potsdam} Kd im Jahr), denn die "
        "Vergleichswerte 2021 sind auf den Referenzstandort Potsdam witterungsbereinigt; für ein volles Jahr ist "
        "G_Potsdam / G_ist der Klimafaktor des DWD. **Verwendet für** Wärme in kWh/m² gegen den Vergleichswert und "
        "das Einsparpotenzial: Seiten Kommune, Gebäude, Vergleich; Energiebericht Abschnitte 1 (je m²) und 4; "
        "ktdash export kpis (Spalten kwh_benchmark, kwh_per_m2).",
        "G_ref = long-term mean of the same months at the reference location Potsdam ({potsdam} Kd a year), because "
        "the 2021 comparison values are weather-normalised to Potsdam; for a full year G_Potsdam / G_actual is "
        "DWD's climate factor. **Used for** heat in kWh/m² against the comparison value and the savings potential: "
        "pages Municipality, Building, Comparison; report sections 1 (per m²) and 4; ktdash export kpis (columns "
        "kwh_benchmark, kwh_per_m2)."),
    "methods14_formula_where": (
        "E: gemessene Heizwärme; G_ist: gemessene G20/15 der Monate mit Daten an der Station des Gebäudes; "
        "s: witterungsunabhängiger Anteil (Warmwasser) – der eigene Wert des Gebäudes, sonst der seiner Kategorie "
        "aus den TEK-Werten (Tabelle „Vergleichswerte“), sonst {share} % (Annahme).",
        "E: measured heating energy; G_actual: measured G20/15 of the months with data at the building's station; "
        "s: weather-independent (hot-water) share – the building's own value, else its category's from the TEK "
        "values (table “Comparison values”), else {share} % (assumption)."),
    "methods14_values": ("Werte der Witterungsbereinigung", "Values of the weather normalisation"),
    "methods14_col_value_name": ("Wert", "Value"),
    "methods14_col_value": ("Festlegung", "Setting"),
    "methods14_col_source": ("Quelle", "Source"),
    "methods14_col_status": ("Status", "Status"),
    "methods14_col_year": ("Jahr", "Year"),
    "methods14_stations": ("Wetterstation je Kommune", "Weather station per municipality"),
    "methods14_stations_text": (
        "Die Station gilt für alle Gebäude der Kommune ohne eigene Postleitzahl oder Station. „Postleitzahl“: "
        "nächstgelegene DWD-Station der Postleitzahl (Entfernung vom Mittelpunkt des Postleitzahlgebiets); "
        "„Administration“: von einer Administration festgelegt.",
        "The station applies to every building of the municipality without a postcode or station of its own. "
        "“postcode”: nearest DWD station of the postcode (distance from the centre of the postcode area); "
        "“administrator”: chosen by an administrator."),
    "methods14_col_municipality": ("Kommune", "Municipality"),
    "methods14_col_district": ("Landkreis/Stadt", "District/city"),
    "methods14_col_postcode": ("PLZ", "Postcode"),
    "methods14_col_place": ("Ort", "Place"),
    "methods14_col_station": ("Station", "Station"),
    "methods14_col_station_id": ("Stations-Nr.", "Station no."),
    "methods14_col_altitude": ("Höhe [m]", "Altitude [m]"),
    "methods14_col_distance": ("Entfernung [km]", "Distance [km]"),
    "methods14_col_chosen_by": ("festgelegt durch", "chosen by"),
    "methods14_col_buildings": ("Gebäude", "Buildings"),
    "methods14_col_building": ("Gebäude", "Building"),
    "methods14_col_postcode_from": ("PLZ von", "Postcode of"),
    "methods14_chosen_postcode": ("Postleitzahl", "postcode"),
    "methods14_chosen_admin": ("Administration", "administrator"),
    "methods14_chosen_building": ("Administration (Gebäude)", "administrator (building)"),
    "methods14_chosen_municipality": ("Administration (Kommune)", "administrator (municipality)"),
    "methods14_from_building": ("Gebäude", "building"),
    "methods14_from_municipality": ("Kommune", "municipality"),
    "methods14_chosen_none": ("keine – Wärme nicht bereinigt", "none – heat not normalised"),
    "methods14_no_station_warning": (
        "Ohne Postleitzahl und Station: {names}. Die Wärme ihrer Gebäude bleibt unbereinigt, bis eine Postleitzahl "
        "oder Station eingetragen ist.",
        "Without postcode and station: {names}. The heat of their buildings stays unnormalised until a postcode or "
        "station is entered."),
    "methods14_overrides": ("Gebäude mit eigener Postleitzahl oder Station ({n})",
                            "Buildings with a postcode or station of their own ({n})"),
    "methods14_set_title": ("Postleitzahl und Station einer Kommune festlegen",
                            "Set a municipality's postcode and station"),
    "methods14_set_municipality": ("Kommune", "Municipality"),
    "methods14_set_postcode": ("Postleitzahl (leer: keine)", "Postcode (empty: none)"),
    "methods14_set_station": ("Station", "Station"),
    "methods14_station_auto": ("automatisch: nächste Station der Postleitzahl",
                               "automatic: nearest station of the postcode"),
    "methods14_set_save": ("Postleitzahl und Station speichern", "Save postcode and station"),
    "methods14_set_saved": ("{name}: Postleitzahl {postcode}, Station {station}. Die Jahreswerte ihrer Gebäude sind "
                            "neu berechnet.",
                            "{name}: postcode {postcode}, station {station}. The yearly figures of its buildings "
                            "have been recomputed."),
    "methods14_set_unchanged": ("Nichts geändert.", "Nothing changed."),
    "methods14_unknown_postcode": (
        "Die Postleitzahl „{value}“ ist nicht bekannt (die mitgelieferte Tabelle enthält jede deutsche "
        "Postleitzahl). Nichts wurde gespeichert.",
        "The postcode “{value}” is unknown (the shipped table holds every German postcode). Nothing was saved."),
    "methods14_unknown_station": ("Die Station „{value}“ ist nicht bekannt. Nichts wurde gespeichert.",
                                  "The station “{value}” is unknown. Nothing was saved."),
    "methods14_station_years": ("G20/15 je Jahr der verwendeten Stationen", "G20/15 per year of the stations in use"),
    "methods14_station_years_text": (
        "Summe der Monatswerte in Kd, daneben das langjährige Mittel ({period}); ein Jahr unter dem Mittel war milder.",
        "Sum of the monthly values in Kd, beside the long-term mean ({period}); a year below the mean was milder."),
    "methods14_col_long_term_mean": ("langj. Mittel", "long-term mean"),
    "methods14_incomplete_years": (
        "Weniger als 12 vollständige Monate (die Summe ist kein volles Jahr; in der Bereinigung vertritt für diese "
        "Monate eine andere Station): {years}.",
        "Fewer than 12 complete months (the sum is not a full year; in the normalisation another station stands in "
        "for those months): {years}."),
    "methods14_station_chart_select": ("Station für die Monatswerte", "Station for the monthly values"),
    "methods14_station_chart_title": ("G20/15 je Monat: {station}", "G20/15 per month: {station}"),
    "methods14_legend_incomplete": ("unvollständig (vertreten)", "incomplete (substituted)"),
    "methods14_import_note": (
        "Neuere Monatswerte des DWD (Produkt hdd_3807 aus derived_germany/techn/monthly des Climate Data Center, "
        "oder die Tabelle der IWU-Arbeitsmappe) werden auf der Seite „Import“ mit Vorschau eingelesen; ein "
        "importierter Monat ersetzt den mitgelieferten. Gradtagzahlen einzelner Orte werden nicht mehr hochgeladen.",
        "Newer DWD months (product hdd_3807 of the Climate Data Center's derived_germany/techn/monthly, or the table "
        "of the IWU workbook) are read on the page “Import” with a preview; an imported month replaces the shipped "
        "one. Degree days of single sites are no longer uploaded."),
    # the page: comparison values
    "methods14_comparison_text": (
        "Heizwärme wird für den Vergleich auf Potsdam bereinigt (oben), Strom nicht. Der Warmwasseranteil s einer "
        "Kategorie ist TEK Warmwasser / (TEK Heizung + TEK Warmwasser) bei f = 1 – eine Ableitung von ktdash aus "
        "den TEK-Werten (Annahme; keine Quelle nennt einen Anteil für Nichtwohngebäude); je Gebäude überschreibbar. "
        "Nicht vergleichbare Kategorien haben kein Einsparpotenzial und stehen nicht in der Rangfolge (ein Filter "
        "der Seiten nimmt sie auf); sie werden mit ihrem eigenen Basisjahr verglichen.",
        "Heating energy is normalised to Potsdam for the comparison (above), electricity is not. A category's "
        "hot-water share s is TEK hot water / (TEK heating + TEK hot water) at f = 1 – ktdash's derivation from the "
        "TEK values (assumption; no source gives a share for non-residential buildings); settable per building. "
        "Categories that cannot be compared have no savings potential and are not ranked (a filter of the pages "
        "adds them); they are compared with their own baseline."),
    "methods14_comparison_status": (
        "**Status:** TEK-Werte, Größenfaktor f(A) und NGF = 0,85 × BGF – öffentliche Sekundärquelle (Abschrift des "
        "IWU, mit einer zweiten Abschrift gegengeprüft; die Tabelle im Bundesanzeiger selbst wurde nicht gelesen); "
        "Summenregel des Strom-Vergleichswerts – Annahme; Warmwasseranteil s – Annahme (Ableitung von ktdash).",
        "**Status:** TEK values, size factor f(A) and NGF = 0.85 × BGF – public secondary source (IWU's "
        "transcription, cross-checked with a second one; the table in the Bundesanzeiger itself was not read); "
        "summation rule of the electricity comparison value – assumption; hot-water share s – assumption (ktdash's "
        "derivation)."),
    "methods14_col_heat_formula": ("Vergleichswert Wärme [kWh/(m²·a)]", "Comparison value heat [kWh/(m²·a)]"),
    "methods14_col_share": ("Warmwasseranteil s", "Hot-water share s"),
    "methods14_col_derivation": ("Herleitung von s", "Derivation of s"),
    "methods14_col_comparable": ("Vergleichbar", "Comparable"),
    "methods14_electricity_assumption": (
        "Strom-Vergleichswert = TEK Lüftung + Beleuchtung + Sonstiges: eine **Annahme**, die amtliche Summenregel "
        "wurde nicht gefunden; Kälte und Be-/Entfeuchtung sind nicht enthalten (Schwimmhallen: Be-/Entfeuchtung "
        "30 kWh/(m²·a)).",
        "Electricity comparison value = TEK ventilation + lighting + other: an **assumption**, the official "
        "summation rule was not found; cooling and (de)humidification are not included (indoor pools: "
        "(de)humidification 30 kWh/(m²·a))."),
    "methods14_comparison_download": ("Vergleichswerte mit allen TEK-Komponenten und Quellen",
                                      "Comparison values with every TEK component and source"),
    # the page: emission factors
    "methods14_active_set": ("Aktiver Satz (Einstellung KTDASH_EMISSION_FACTORS): **{name}**.",
                             "Active set (setting KTDASH_EMISSION_FACTORS): **{name}**."),
    "methods14_set_name_bisko": ("BISKO-Systematik – CO₂-Äquivalente mit Vorketten, Bundesstrommix (Standard)",
                                 "BISKO – CO₂ equivalents with upstream chains, federal electricity mix (default)"),
    "methods14_set_name_direct": ("CO₂ direkt – direkte CO₂-Emissionen der Verbrennung (Alternative)",
                                  "CO₂ direct – direct CO₂ emissions of combustion (alternative)"),
    "methods14_conform_yes": (
        "Die CO₂-Zahlen heißen „{label}“: der mitgelieferte BISKO-Satz ist unverändert in Gebrauch. Seine Faktoren "
        "stammen aus öffentlichen Quellen (Status je Zeile); die Faktortabelle des BISKO-Methodenpapiers selbst war "
        "öffentlich nicht lesbar (siehe „Was öffentlich nicht belegt ist“).",
        "The CO₂ figures are called “{label}”: the shipped BISKO set is in use unchanged. Its factors come from "
        "public sources (status per row); the factor table of the BISKO Methodenpapier itself could not be read "
        "publicly (see “What no public source gives”)."),
    "methods14_conform_changed": ("Die CO₂-Zahlen heißen „{label}“, nicht BISKO-konform: {reasons}.",
                                  "The CO₂ figures are called “{label}”, not BISKO-conformant: {reasons}."),
    "methods14_reason_rows": ("Faktoren des BISKO-Satzes weichen von den mitgelieferten ab",
                              "factors of the BISKO set differ from the shipped ones"),
    "methods14_reason_networks": ("{n} Wärmenetze mit eigenem Faktor ohne exergetische Allokation",
                                  "{n} heat networks with their own factor without exergy allocation"),
    "methods14_conform_direct": (
        "Die CO₂-Zahlen heißen „{label}“: direkte CO₂-Emissionen ohne Vorketten, nicht mit BISKO-Bilanzen der "
        "Klimaschutzkonzepte vergleichbar (BISKO-Werte liegen bei Strom und fossilen Brennstoffen 12–24 % höher).",
        "The CO₂ figures are called “{label}”: direct CO₂ emissions without upstream chains, not comparable with the "
        "BISKO balances of climate action plans (BISKO values are 12–24 % higher for electricity and fossil fuels)."),
    "methods14_emission_text": (
        "t CO₂e = gemessene kWh (nicht bereinigt) × Faktor des Energieträgers im Jahr / 1.000; fehlt ein Jahr, gilt "
        "das nächste frühere, sonst das nächste spätere. Erdgas ist auf den Brennwert (Hs) bezogen, wie abgerechnet "
        "(Faktor je kWh Hi ÷ 1,11). Strom: Bundesstrommix des Umweltbundesamts für allen Strom, auch Wärmepumpen.",
        "t CO₂e = measured kWh (not normalised) × factor of the carrier in that year / 1,000; where a year is "
        "missing the nearest earlier one applies, else the nearest later one. Natural gas is on the gross calorific "
        "value (Hs), as billed (factor per kWh Hi ÷ 1.11). Electricity: the Umweltbundesamt's federal mix for all "
        "electricity, heat pumps included."),
    "methods14_emission_edit_note": (
        "Wer eine Zeile des BISKO-Satzes ändert, hinzufügt oder löscht, macht die Zahlen nicht mehr BISKO-konform: "
        "sie heißen dann „{changed}“ – auf den Seiten und im Energiebericht –, bis der mitgelieferte Satz "
        "wiederhergestellt ist.",
        "Changing, adding or deleting a row of the BISKO set makes the figures no longer BISKO-conformant: they are "
        "then called “{changed}” – on the pages and in the report – until the shipped set is restored."),
    "methods14_set_bisko_title": ("Satz „bisko“: BISKO-Systematik (Standard)", "Set “bisko”: BISKO (default)"),
    "methods14_set_direct_title": ("Satz „direct“: CO₂ direkt (Alternative)", "Set “direct”: CO₂ direct (alternative)"),
    "methods14_editor_title": ("Emissionsfaktoren bearbeiten (beide Sätze)", "Edit emission factors (both sets)"),
    "methods14_col_factor_set": ("Satz", "Set"),
    "methods14_col_factor": ("kg CO₂e je kWh", "kg CO₂e per kWh"),
    # heat networks
    "methods14_heat_networks": ("Wärmenetze mit eigenem Faktor", "Heat networks with their own factor"),
    "methods14_heat_networks_text": (
        "Fern- und Nahwärme rechnen mit dem Faktor des Satzes (BISKO-Satz: 0,300 kg CO₂e/kWh nach GEG 2020 Anlage 9, "
        "Heizwerk mit Gas/Öl – eine Annahme, die keinen KWK-Vorteil anrechnet), außer ein Gebäude ist einem Netz mit "
        "dem Faktor seines Versorgers zugeordnet; der Netzfaktor gilt nur im BISKO-Satz. BISKO verlangt den "
        "exergetisch allokierten Faktor: ein Netz ohne exergetische Allokation macht die Zahlen nicht BISKO-konform. "
        "Faktoren nach GEG (Stromgutschrift) oder CO2KostAufG können für dasselbe Netz stark abweichen – nennen Sie "
        "die Methode in der Quelle.",
        "District and local heating use the set's factor (BISKO set: 0.300 kg CO₂e/kWh after GEG 2020 Anlage 9, "
        "heating plant on gas/oil – an assumption that credits no CHP), unless a building is assigned to a network "
        "with its supplier's factor; the network factor applies in the BISKO set only. BISKO asks for the "
        "exergy-allocated factor: a network without exergy allocation makes the figures not BISKO-conformant. "
        "Factors under the GEG (power credit) or the CO2KostAufG can differ widely for the same network – name the "
        "method in the source."),
    "methods14_no_networks": ("Noch kein Wärmenetz eingetragen: alle Fern- und Nahwärme mit dem Faktor des Satzes.",
                              "No heat network entered yet: all district and local heating at the set's factor."),
    "methods14_col_network_id": ("Netz-ID", "Network id"),
    "methods14_col_network_name": ("Name", "Name"),
    "methods14_col_exergetic": ("exergetisch allokiert", "exergy-allocated"),
    "methods14_col_network_buildings": ("Gebäude am Netz", "Buildings on the network"),
    "methods14_networks_save": ("Wärmenetze speichern", "Save heat networks"),
    "methods14_assign_title": ("Gebäude je Netz", "Buildings per network"),
    "methods14_assign_label": ("Gebäude am Netz {name}", "Buildings on the network {name}"),
    "methods14_assign_save": ("Zuordnung speichern", "Save assignment"),
    "methods14_assign_saved": ("{name}: {added} Gebäude hinzugefügt, {removed} abgelöst.",
                               "{name}: {added} buildings added, {removed} taken off."),
    "methods14_assign_none": ("Keine Gebäude mit Fern- oder Nahwärme.", "No buildings with district or local heating."),
    "methods14_edit_in_use": ("Das Netz {value} ist noch Gebäuden zugeordnet: erst die Zuordnung aufheben. Nichts "
                              "wurde gespeichert.",
                              "The network {value} still has buildings: take them off first. Nothing was saved."),
    "methods14_yes": ("ja", "yes"),
    "methods14_no": ("nein", "no"),
    # what no public source gives
    "methods14_gaps": ("Was öffentlich nicht belegt ist", "What no public source gives"),
    "methods14_gaps_text": (
        "Diese Werte gibt keine öffentlich lesbare Quelle her. ktdash erfindet sie nicht: es nennt die Annahme, die "
        "an ihre Stelle tritt, oder lässt den Wert weg.",
        "No publicly readable source gives these values. ktdash does not invent them: it names the assumption used "
        "instead, or leaves the value out."),
    "methods14_gap_bisko_tables": (
        "**Die amtlichen BISKO-Faktortabellen** (Methodenpapier der Agentur für kommunalen Klimaschutz und des ifeu, "
        "jährlich aktualisiert): nur ihre Ankündigungsseiten waren lesbar. Der Satz „bisko“ folgt den BISKO-Regeln "
        "mit öffentlichen Faktoren (Strom: Umweltbundesamt; Brennstoffe: GEMIS 4.95 über die KEA-BW). Vor einer "
        "Bilanz nach dem Methodenpapier die Faktoren damit abgleichen.",
        "**The official BISKO factor tables** (Methodenpapier of the Agentur für kommunalen Klimaschutz and ifeu, "
        "updated yearly): only their announcement pages could be read. The set “bisko” follows BISKO's rules with "
        "public factors (electricity: Umweltbundesamt; fuels: GEMIS 4.95 via KEA-BW). Check them against the "
        "Methodenpapier before a balance after it."),
    "methods14_gap_bisko_heat": (
        "**BISKO-Standardwerte für Fern- und Nahwärme** und die Konstanten der exergetischen Allokation: ktdash "
        "setzt 0,300 kg CO₂e/kWh (GEG 2020 Anlage 9, Annahme) oder den Faktor des Versorgers je Netz.",
        "**BISKO default factors for district and local heating** and the constants of exergy allocation: ktdash "
        "uses 0.300 kg CO₂e/kWh (GEG 2020 Anlage 9, assumption) or the supplier's factor per network."),
    "methods14_gap_bisko_strommix": (
        "**Der Bundesstrommix nach ifeu/BISKO**, der von der Reihe des Umweltbundesamts abweicht: ktdash nutzt die "
        "Werte des Umweltbundesamts mit Vorketten.",
        "**The federal electricity mix after ifeu/BISKO**, which differs from the Umweltbundesamt's series: ktdash "
        "uses the Umweltbundesamt's values with upstream chains."),
    "methods14_gap_potsdam": (
        "**Der Referenzwert Potsdam des DWD** (Testreferenzjahr): nicht lesbar; Sekundärquellen nennen 3.666,8 und "
        "3.767 Kd/a. ktdash leitet ihn aus der Station Potsdam ab ({potsdam} Kd/a).",
        "**DWD's reference value for Potsdam** (test reference year): not readable; secondary sources give 3,666.8 "
        "and 3,767 Kd/a. ktdash derives it from the Potsdam station ({potsdam} Kd/a)."),
    "methods14_gap_electricity_rule": (
        "**Die Summenregel des Strom-Vergleichswerts** der Bekanntmachung: nicht gefunden; ktdash summiert Lüftung, "
        "Beleuchtung und Sonstiges (Annahme).",
        "**The summation rule of the electricity comparison value** in the Bekanntmachung: not found; ktdash adds "
        "ventilation, lighting and other (assumption)."),
    "methods14_gap_hot_water": (
        "**Ein Warmwasseranteil für Nichtwohngebäude** und der Wortlaut von Nummer 3.2 der Bekanntmachung "
        "(Witterungsbereinigung): nicht lesbar; die Anteile je Kategorie sind aus den TEK-Werten abgeleitet.",
        "**A hot-water share for non-residential buildings** and the wording of Nummer 3.2 of the Bekanntmachung "
        "(weather normalisation): not readable; the shares per category are derived from the TEK values."),
    "methods14_gap_pools": (
        "**Kennwerte für Hallenbäder je m² Wasserfläche** (VDI 3807 Blatt 2, DGfdB R 60.04): Tabellen nicht lesbar; "
        "Schwimmhallen werden nur mit ihrem eigenen Basisjahr verglichen.",
        "**Figures for indoor pools per m² of water surface** (VDI 3807 part 2, DGfdB R 60.04): tables not "
        "readable; indoor pools are compared with their own baseline only."),
    "methods14_gap_tek_original": (
        "**Die TEK-Tabelle im Bundesanzeiger selbst**: gelesen wurde die Abschrift des IWU, gegengeprüft mit einer "
        "zweiten Abschrift; ebenso Größenfaktor f(A) und NGF = 0,85 × BGF.",
        "**The TEK table in the Bundesanzeiger itself**: IWU's transcription was read, cross-checked with a second "
        "one; likewise the size factor f(A) and NGF = 0.85 × BGF."),
    "methods14_gap_vdi": ("**Der Text von VDI 3807 Blatt 1**: nur Sekundärquellen (G20/15, Heizgrenze 15 °C).",
                          "**The text of VDI 3807 part 1**: secondary sources only (G20/15, heating limit 15 °C)."),
    "methods14_gap_uba_2026": (
        "**Strom 2023–2025 mit Vorketten**: aus Abschriften der Veröffentlichung Climate Change 16/2026 des "
        "Umweltbundesamts; das PDF selbst wurde nicht gelesen.",
        "**Electricity 2023–2025 with upstream chains**: from transcriptions of the Umweltbundesamt's Climate Change "
        "16/2026; the PDF itself was not read."),
    # the report (ktdash.output.report)
    "report14_kpi_co2": ("CO₂-Emissionen: {label}", "CO₂ emissions: {label}"),
    "report14_kpi_heat_normalised": ("Wärme, {norm}", "Heat, {norm}"),
    "report14_kpi_energy_normalised": ("Energie gesamt, {norm}", "Energy total, {norm}"),
    "report14_kpi_heat_per_m2": ("Wärme je m² Nettogrundfläche, {norm}", "Heat per m² net floor area, {norm}"),
    "report14_kpis_note_normalisation": (
        "Wärme und Energie: {progress}; Wärme je m²: {benchmark}. CO₂: {label}. Klimadaten und Faktoren: "
        "Abschnitt 7.",
        "Heat and energy: {progress}; heat per m²: {benchmark}. CO₂: {label}. Climate data and factors: section 7."),
    "report14_trend_note_co2": ("Wärme bereinigt: {progress}. CO₂: {label}.",
                                "Heat normalised: {progress}. CO₂: {label}."),
    "report14_progress_note": ("Energie = Wärme {progress} + Strom.", "Energy = heat {progress} + electricity."),
    "report14_not_comparable_mark": ("n. v.", "n/c"),
    "report14_buildings_not_comparable": (
        "† nicht mit Vergleichswert vergleichbar ({names}): {reasons}. Ohne Einsparpotenzial und nicht in der "
        "Rangfolge; Vergleich mit dem eigenen Basisjahr (Abschnitt 3).",
        "† not comparable with a comparison value ({names}): {reasons}. No savings potential and not ranked; "
        "compared with its own baseline (section 3)."),
    "report14_m_climate_lead": ("Klimadaten.", "Climate data."),
    "report14_m_climate": (
        "{attribution}. Monatliche Gradtagzahlen G20/15 (Heizgrenze {limit} °C, VDI 3807 Blatt 1) der Stationen des "
        "Deutschen Wetterdienstes: jedes Gebäude nutzt die nächstgelegene Station seiner Postleitzahl (sonst der "
        "seiner Kommune) mit vollständigem Monat – ist der Monat unvollständig, vertritt die zweit- oder "
        "drittnächste Station –, sofern die Administration keine Station festgelegt hat. Stationen der Gebäude "
        "{year}:",
        "{attribution}. Monthly degree days G20/15 (heating limit {limit} °C, VDI 3807 part 1) of the stations of "
        "the German Weather Service: every building uses the nearest station of its postcode (else its "
        "municipality's) with a complete month – where the month is incomplete, the second or third nearest stands "
        "in – unless the administration chose a station. Stations of the buildings in {year}:"),
    "report14_col_station": ("Station", "Station"),
    "report14_col_altitude": ("Höhe", "Altitude"),
    "report14_col_buildings": ("Gebäude", "Buildings"),
    "report14_col_station_year": ("G20/15 {year}", "G20/15 {year}"),
    "report14_col_long_term_mean": ("langj. Mittel", "long-term mean"),
    "report14_col_substituted": ("Gebäude mit vertretenen / fehlenden Monaten",
                                 "Buildings with substituted / missing months"),
    "report14_stations_none": ("Für {year} hat keine Wärme Gradtagzahlen: keine Station verwendet.",
                               "No heat has degree days in {year}: no station used."),
    "report14_stations_partial": ("Jahre mit weniger als 12 vollständigen Monaten an der Station sind mit * "
                                  "markiert.",
                                  "Years with fewer than 12 complete months at the station are marked *."),
    "report14_m_weather": (
        "Nur der witterungsabhängige Anteil der Heizwärme wird bereinigt (GEG § 82 Abs. 3): E_bereinigt = E × (s + "
        "(1 − s) × G_ref / G_ist), G_ist die gemessenen G20/15 der Monate mit Daten an der Station des Gebäudes. Zwei "
        "Bezüge, jeweils gekennzeichnet: Stationsmittel (Fortschritt) – G_ref ist das langjährige Mittel "
        "derselben Monate an derselben Station ({period}); gilt für „witterungsbereinigt“ in den Abschnitten 1–3 "
        "(Energie, Wärme, je Einwohner, Fortschritt, Zielpfad). Potsdam (Vergleich) – G_ref ist das langjährige "
        "Mittel am Referenzort Potsdam ({potsdam} Kd/a, aus der Station Potsdam 3987 abgeleitet; den Wert des DWD "
        "konnte ktdash nicht lesen), weil die Vergleichswerte darauf bereinigt sind; gilt für Wärme je m² und das "
        "Einsparpotenzial (Abschnitte 1 und 4). s ist der Warmwasseranteil: der eigene Wert des Gebäudes, sonst der "
        "seiner Kategorie aus den TEK-Werten der Vergleichswerte, sonst {share} (Annahme). Strom, Wasser, CO₂ und "
        "Kosten beruhen auf den gemessenen Werten. Angewendete Warmwasseranteile:",
        "Only the weather-dependent share of heating energy is normalised (GEG § 82(3)): E_norm = E × (s + (1 − s) × "
        "G_ref / G_actual), G_actual the measured G20/15 of the months with data at the building's station. Two "
        "references, each labelled: station mean (progress) – G_ref is the long-term mean of the same months "
        "at the same station ({period}); used for “weather-normalised” in sections 1–3 (energy, heat, per "
        "inhabitant, progress, target path). Potsdam (benchmark) – G_ref is the long-term mean at the reference "
        "location Potsdam ({potsdam} Kd/a, derived from the Potsdam station 3987; ktdash could not read DWD's "
        "value), because the comparison values are normalised to it; used for heat per m² and the savings potential "
        "(sections 1 and 4). s is the hot-water share: the building's own value, else its category's from the TEK "
        "values of the comparison values, else {share} (assumption). Electricity, water, CO₂ and cost rest on the "
        "measured values. Hot-water shares applied:"),
    "report14_col_category": ("Kategorie", "Category"),
    "report14_col_share": ("Anteil s", "Share s"),
    "report14_col_share_from": ("Herkunft", "Origin"),
    "report14_share_from_category": ("TEK der Kategorie: {derivation}", "category's TEK: {derivation}"),
    "report14_share_from_building": ("eigener Wert des Gebäudes", "the building's own value"),
    "report14_share_from_assumption": ("Einstellung KTDASH_HOT_WATER_SHARE (Annahme)",
                                       "setting KTDASH_HOT_WATER_SHARE (assumption)"),
    "report14_m_comparison_extra": (
        " Schwimmhallen und Kategorien ohne gültigen Vergleichswert sind „nicht mit Vergleichswert vergleichbar“ "
        "(Schwimmhallen: der Vergleichswert lässt die Beckenwassererwärmung aus) und stehen ohne Einsparpotenzial "
        "außerhalb der Rangfolge.",
        " Indoor pools and categories without a valid comparison value are “not comparable with a comparison "
        "value” (indoor pools: the value leaves out pool-water heating) and are left out of the savings potential "
        "and its ranking."),
    "report14_m_co2": (
        "Die CO₂-Zahlen dieses Berichts: {label}. t CO₂e = gemessene kWh (nicht witterungsbereinigt) × "
        "Emissionsfaktor des Energieträgers im Jahr / 1.000; fehlt ein Jahr, gilt das nächste frühere, sonst das "
        "nächste spätere. {set_text} Quelle und Status jedes Faktors: Seite „Methoden und Faktoren“ und "
        "ktdash/analytics/reference/README.md.",
        "The CO₂ figures of this report: {label}. t CO₂e = measured kWh (not weather-normalised) × emission "
        "factor of the carrier in that year / 1,000; where a year is missing the nearest earlier one applies, else "
        "the nearest later one. {set_text} Source and status of every factor: page “Methods and factors” and "
        "ktdash/analytics/reference/README.md."),
    "report14_m_co2_bisko": (
        "BISKO-Systematik: CO₂-Äquivalente mit Vorketten; Strom mit dem Bundesstrommix des Umweltbundesamts "
        "(Climate Change 13/2025 und 16/2026); Brennstoffe nach GEMIS 4.95 (KEA-BW), Erdgas auf den Brennwert "
        "bezogen (0,250 kg/kWh Hi ÷ 1,11 = 0,225 kg/kWh Hs); Fern- und Nahwärme 0,300 kg/kWh (GEG 2020 Anlage 9, "
        "Annahme) oder der Faktor des Wärmenetzes. Die amtliche Faktortabelle des BISKO-Methodenpapiers war "
        "öffentlich nicht lesbar; die Faktoren stammen aus öffentlichen Quellen.",
        "BISKO: CO₂ equivalents with upstream chains; electricity at the Umweltbundesamt's federal mix (Climate "
        "Change 13/2025 and 16/2026); fuels after GEMIS 4.95 (KEA-BW), natural gas on the gross calorific value "
        "(0.250 kg/kWh Hi ÷ 1.11 = 0.225 kg/kWh Hs); district and local heating 0.300 kg/kWh (GEG 2020 Anlage 9, "
        "assumption) or the heat network's factor. The official factor table of the BISKO Methodenpapier could not "
        "be read publicly; the factors come from public sources."),
    "report14_m_co2_direct": (
        "Direkte CO₂-Emissionen der Verbrennung ohne Vorketten: Strom nach dem Emissionsfaktor des deutschen Strommix "
        "des Umweltbundesamts, Brennstoffe nach dem BAFA-Informationsblatt CO₂-Faktoren; Erdgas auf den Brennwert "
        "bezogen (0,201 kg/kWh Hi ÷ 1,11 = 0,181 kg/kWh Hs). Nicht mit BISKO-Bilanzen vergleichbar.",
        "Direct CO₂ emissions of combustion without upstream chains: electricity at the Umweltbundesamt's emission "
        "factor of the German mix, fuels after the BAFA fact sheet on CO₂ factors; natural gas on the gross "
        "calorific value (0.201 kg/kWh Hi ÷ 1.11 = 0.181 kg/kWh Hs). Not comparable with BISKO balances."),
    "report14_m_co2_changed": (
        " Die Faktoren wurden gegenüber dem mitgelieferten BISKO-Satz geändert ({reasons}); die Zahlen sind deshalb "
        "nicht BISKO-konform.",
        " The factors were changed from the shipped BISKO set ({reasons}); the figures are therefore not "
        "BISKO-conformant."),
    "report14_col_status": ("Status", "Status"),
    "report14_network_status": ("Angabe des Versorgers", "supplier's figure"),
    "report14_network_status_exergetic": ("Angabe des Versorgers, exergetisch", "supplier's figure, exergetic"),
    "report14_m_prices": (
        "Aus den importierten Abrechnungen, wo jeder Monat des Jahres Kosten hat; sonst Verbrauch × Energiepreis des "
        "Energieträgers. Die mitgelieferten Preise sind gerundete Annahmen von ktdash (Vertragspreise kommunaler "
        "Abnehmer 2024), keine amtlichen Werte, solange sie nicht auf der Seite „Methoden und Faktoren“ durch die "
        "eigenen Vertragspreise ersetzt sind. Angewendete Preise und Emissionsfaktoren – {label}:",
        "From the imported bills where every month of the year has a cost; else consumption × energy price of the "
        "carrier. The shipped prices are rounded assumptions of ktdash (municipal contract prices 2024), not "
        "official figures, unless replaced by the own contract prices on the page “Methods and factors”. Prices and "
        "emission factors applied – {label}:"),
})


# --- store errors, per-command lock messages, admin-only CLI commands (issue 15, items 3, 6, 7, 8b, 8c) ---
UI.update({
    "store_error_locked": (
        "Die Datenbank {path} ist von einem anderen Programm geöffnet (dem Dashboard oder einem anderen "
        "ktdash-Befehl), deshalb kann {what} jetzt nicht laufen. Nichts geändert. Warten Sie, bis der andere "
        "Befehl fertig ist, oder beenden Sie das Dashboard, und versuchen Sie es dann erneut.{hint}",
        "The database {path} is open in another program (the dashboard or another ktdash command), so {what} "
        "cannot run now. Nothing changed. Wait until the other command has finished, or stop the dashboard, "
        "then try again.{hint}"),
    "store_error_read_only": (
        "Die Datenbank {path} ist schreibgeschützt (Datei, Ordner oder Dateisystem), deshalb kann {what} nicht "
        "laufen; ktdash schreibt auch beim Lesen (Änderungen des Schemas, Protokoll). Nichts geändert. Geben Sie "
        "dem Konto, unter dem ktdash läuft, Schreibrechte auf die Datei und ihren Ordner, oder setzen Sie "
        "KTDASH_DB auf eine beschreibbare Kopie. (Einzelheiten: {detail})",
        "The database {path} is read-only (file, folder or file system), so {what} cannot run; ktdash writes "
        "even when reading (schema changes, audit log). Nothing changed. Give the account ktdash runs under "
        "write access to the file and its folder, or set KTDASH_DB to a writable copy. (Details: {detail})"),
    "store_error_disk_full": (
        "Der Datenträger der Datenbank {path} ist voll, deshalb wurde {what} abgebrochen (ktdash kann nichts "
        "mehr speichern, auch keine Anmeldung). Nichts geändert: die Datenbank ist auf dem Stand vor dem Befehl. "
        "Schaffen Sie Platz (alte Sicherungen, Protokolle) und versuchen Sie es erneut. (Einzelheiten: {detail})",
        "The disk of the database {path} is full, so {what} was stopped (ktdash cannot save anything, not even a "
        "login). Nothing changed: the database is as it was before the command. Free some space (old backups, "
        "logs) and try again. (Details: {detail})"),
    "store_error_out_of_memory": (
        "Der Arbeitsspeicher reichte nicht für {what}; abgebrochen. Nichts geändert. Teilen Sie große Dateien "
        "auf oder geben Sie dem Rechner mehr Arbeitsspeicher, und versuchen Sie es erneut. (Einzelheiten: "
        "{detail})",
        "There was not enough memory for {what}; stopped. Nothing changed. Split large files or give the "
        "machine more memory, and try again. (Details: {detail})"),
    "store_error_damaged": (
        "Die Datenbank {path} lässt sich nicht lesen ({detail}); sie ist beschädigt oder keine ktdash-Datenbank, "
        "deshalb kann {what} nicht laufen. Nichts geändert. Stellen Sie eine Sicherung wieder her: "
        "ktdash restore DATEI (das geht auch mit einer beschädigten Datenbank).",
        "The database {path} cannot be read ({detail}); it is damaged or no ktdash database, so {what} cannot "
        "run. Nothing changed. Restore a backup: ktdash restore FILE (this works with a damaged database too)."),
    "store_error_migration_failed": (
        "Die Datenbank {path} konnte nicht auf den Stand dieser ktdash-Version gebracht werden (Migration "
        "{detail}), deshalb kann {what} nicht laufen. Die Datenbank bleibt auf ihrem bisherigen Stand. "
        "Verwenden Sie die bisherige ktdash-Version oder stellen Sie eine Sicherung wieder her (ktdash restore "
        "DATEI), und melden Sie den Fehler.",
        "The database {path} could not be brought up to this ktdash version (migration {detail}), so {what} "
        "cannot run. The database stays as it was. Use the previous ktdash version or restore a backup "
        "(ktdash restore FILE), and report the error."),
    "store_error_locked_page": (
        "Die Datenbank ist gerade von einem anderen Programm geöffnet (z. B. einem ktdash-Befehl auf der "
        "Kommandozeile: Import, Sicherung, Wiederherstellung). Warten Sie, bis es fertig ist, und laden Sie die "
        "Seite dann neu. Bleibt die Meldung, wenden Sie sich an die Administration.",
        "The database is open in another program right now (e.g. a ktdash command on the command line: import, "
        "backup, restore). Wait until it has finished, then reload the page. If the message stays, contact the "
        "administration."),
    "store_error_read_only_page": (
        "Die Datenbank ist schreibgeschützt; das Dashboard kann sie so nicht verwenden. Nichts geändert. Die "
        "Administration muss dem Dashboard Schreibrechte auf die Datenbank und ihren Ordner geben (Einzelheiten "
        "im Server-Protokoll).",
        "The database is read-only; the dashboard cannot use it like that. Nothing changed. The administration "
        "must give the dashboard write access to the database and its folder (details in the server log)."),
    "store_error_disk_full_page": (
        "Der Datenträger der Datenbank ist voll; Ihre letzte Aktion wurde nicht gespeichert, die Daten sind auf "
        "dem Stand davor. Bitten Sie die Administration, Platz zu schaffen, und versuchen Sie es dann erneut "
        "(Einzelheiten im Server-Protokoll).",
        "The database's disk is full; your last action was not saved, the data are as they were before. Ask the "
        "administration to free some space, then try again (details in the server log)."),
    "store_error_out_of_memory_page": (
        "Der Arbeitsspeicher des Servers reichte dafür nicht; abgebrochen, nichts geändert. Teilen Sie große "
        "Dateien auf und versuchen Sie es erneut; bleibt es dabei, wenden Sie sich an die Administration "
        "(Einzelheiten im Server-Protokoll).",
        "The server ran out of memory for this; stopped, nothing changed. Split large files and try again; if it "
        "happens again, contact the administration (details in the server log)."),
    "store_error_damaged_page": (
        "Die Datenbank lässt sich nicht lesen: sie ist beschädigt. Nichts geändert. Die Administration kann eine "
        "Sicherung wiederherstellen (ktdash restore DATEI; Einzelheiten im Server-Protokoll).",
        "The database cannot be read: it is damaged. Nothing changed. The administration can restore a backup "
        "(ktdash restore FILE; details in the server log)."),
    "store_error_migration_failed_page": (
        "Die Datenbank konnte nicht auf den Stand dieser ktdash-Version gebracht werden; sie bleibt auf ihrem "
        "bisherigen Stand. Die Administration kann die bisherige Version verwenden oder eine Sicherung "
        "wiederherstellen (Einzelheiten im Server-Protokoll).",
        "The database could not be brought up to this ktdash version; it stays as it was. The administration can "
        "use the previous version or restore a backup (details in the server log)."),
    "store_what_command": ("der Befehl „ktdash {command}“", "the command “ktdash {command}”"),
    "store_what_init": ("das Anlegen der Datenbank (ktdash init)", "setting up the database (ktdash init)"),
    "store_what_municipalities": ("die Liste der Kommunen", "the list of municipalities"),
    "store_what_import": ("der Import", "the import"),
    "store_what_export": ("der Export", "the export"),
    "store_what_profiles": ("die Liste der Zuordnungsprofile", "the list of mapping profiles"),
    "store_what_imports": ("die Liste der Importe", "the list of imports"),
    "store_what_undo": ("das Rückgängigmachen des Imports", "undoing the import"),
    "store_what_report": ("der Energiebericht", "the energy report"),
    "store_what_backup": ("die Sicherung", "the backup"),
    "store_what_restore": ("die Wiederherstellung", "the restore"),
    "store_what_user": ("die Benutzerverwaltung", "the account management"),
    "store_what_history": ("das Protokoll", "the audit log"),
    "store_hint_import": (
        " Solange das Dashboard läuft, können Sie auch über seine Seite „Import“ importieren.",
        " While the dashboard runs you can also import through its “Import” page."),
    "store_hint_export": (
        " Solange das Dashboard läuft, lassen sich die Tabellen auch auf seinen Seiten als CSV/XLSX herunterladen.",
        " While the dashboard runs, its pages also download the tables as CSV/XLSX."),
    "store_hint_restore": (
        " Eine Wiederherstellung ersetzt die Datei: das Dashboard muss dafür beendet sein.",
        " A restore replaces the file: the dashboard must be stopped for it."),
    "store_hint_backup": (
        " Eine Sicherung liest die ganze Datenbank in einem Zug: beenden Sie das Dashboard für die Dauer der "
        "Sicherung.",
        " A backup reads the whole database in one go: stop the dashboard for as long as the backup runs."),
    "cli_unexpected": (
        "Unerwarteter Fehler bei {what} ({detail}). Nichts geändert, soweit der Befehl nicht schon eine Erfolgs"
        "meldung ausgegeben hat. Bitte melden Sie den Fehler mit dem Befehl, den Sie aufgerufen haben.",
        "Unexpected error in {what} ({detail}). Nothing changed unless the command already reported success. "
        "Please report the error with the command you ran."),
    "cli_file_not_written": (
        "Die Datei {path} konnte nicht geschrieben werden: {detail}. Prüfen Sie Ordner, Rechte und freien Platz.",
        "The file {path} could not be written: {detail}. Check the folder, permissions and free space."),
    "cli_admin_only": (
        "Nicht erlaubt: {what} ist der Administration (Rolle admin) vorbehalten; „{name}“ hat die Rolle {role}. "
        "Nichts geändert. Melden Sie sich mit einem admin-Konto an (--as NAME, Passwort in KTDASH_PASSWORD oder "
        "im Terminal).",
        "Not allowed: {what} is for the administration (role admin) only; “{name}” has the role {role}. Nothing "
        "changed. Log in with an admin account (--as NAME, password in KTDASH_PASSWORD or on the terminal)."),
    "cli_history_login_needed": (
        "Das Protokoll (wer hat wann was getan) zeigt ktdash nur nach einer Anmeldung, wie die Seite „Protokoll“: "
        "nennen Sie Ihr Konto mit --as NAME oder in KTDASH_USER, das Passwort in KTDASH_PASSWORD oder im "
        "Terminal. Anmeldungen und Änderungen an Konten sieht nur die Administration.",
        "The audit log (who did what when) is shown only after a login, like the page “History”: name your "
        "account with --as NAME or in KTDASH_USER, the password in KTDASH_PASSWORD or on the terminal. Logins "
        "and account changes are shown to administrators only."),
    "cli_admin_action_backup": ("eine Sicherung der ganzen Datenbank (mit allen Konten)",
                                "a backup of the whole database (with every account)"),
    "cli_admin_action_restore": ("das Wiederherstellen der Datenbank aus einer Sicherung",
                                 "restoring the database from a backup"),
})

# Issue 15, items 1 (mapping form of very wide files) and 4 (mapping profiles owned per municipality).
UI.update({
    "import_mapping_wide": (
        "Die Datei hat {n} Spalten. Gezeigt werden nur die erkannten oder zugeordneten Spalten ({shown}); die "
        "übrigen {hidden} sind ausgeblendet und werden nicht importiert. Um eine davon zuzuordnen, suchen Sie sie "
        "über ihren Namen.",
        "The file has {n} columns. Only the recognised or mapped columns are shown ({shown}); the other {hidden} "
        "are hidden and will not be imported. To map one of them, search for it by its name."),
    "import_mapping_search": ("Spalte suchen (Name oder ein Teil davon)", "Find a column (name or part of it)"),
    "import_mapping_search_more": (
        "{n} Spalten passen zu „{query}“; gezeigt werden die ersten {limit}. Geben Sie mehr vom Namen ein.",
        "{n} columns match “{query}”; the first {limit} are shown. Type more of the name."),
    "import_mapping_search_none": ("Keine Spalte heißt wie „{query}“.", "No column matches “{query}”."),
    "import_sample_wide": (
        "Vorschau der ersten {n} von {total} Spalten und der zugeordneten Spalten (Spaltennummer darüber).",
        "Preview of the first {n} of {total} columns and of the mapped columns (column number above)."),
    "import_profile_own": ("{name} (eigenes Profil)", "{name} (own profile)"),
    "import_profile_shared": ("{name} (freigegeben von {owner})", "{name} (shared by {owner})"),
    "import_profile_agency_label": ("{name} (Energieagentur, für alle Kommunen)",
                                    "{name} (energy agency, for all municipalities)"),
    "import_profile_for_agency": (
        "Als Profil der Energieagentur speichern (für alle Kommunen freigegeben)",
        "Save as the energy agency's profile (shared with all municipalities)"),
    "import_profile_saved_shadows": (
        "Für {municipality} gilt ab jetzt das eigene Profil „{name}“; das freigegebene Profil gleichen Namens "
        "bleibt unverändert.",
        "From now on {municipality} uses its own profile “{name}”; the shared profile of the same name stays "
        "unchanged."),
    "import_profile_manage": ("Profil „{name}“ verwalten", "Manage profile “{name}”"),
    "import_profile_share": ("Für alle Kommunen freigeben", "Share with all municipalities"),
    "import_profile_unshare": ("Freigabe für alle Kommunen zurücknehmen", "Stop sharing with all municipalities"),
    "import_profile_shared_done": ("Profil „{name}“ ist jetzt für alle Kommunen freigegeben.",
                                   "Profile “{name}” is now shared with all municipalities."),
    "import_profile_unshared_done": ("Profil „{name}“ ist nicht mehr freigegeben; nur {municipality} verwendet es.",
                                     "Profile “{name}” is no longer shared; only {municipality} uses it."),
    "import_profile_delete": ("Profil „{name}“ löschen", "Delete profile “{name}”"),
    "import_profile_deleted": ("Profil „{name}“ gelöscht (steht mit Inhalt im Protokoll).",
                               "Profile “{name}” deleted (its content is in the audit log)."),
    "profile_agency": ("Energieagentur", "energy agency"),
    "profile_admin_only": (
        "{user} darf keine Zuordnungsprofile für alle Kommunen speichern, freigeben oder ändern: das dürfen nur "
        "Administratoren der Energieagentur. Speichern Sie das Profil für Ihre Kommune. Nichts wurde geändert.",
        "{user} may not save, share or change mapping profiles for all municipalities: only administrators of the "
        "energy agency may. Save the profile for your municipality. Nothing was changed."),
    "profile_shared_name_taken": (
        "Es gibt schon ein freigegebenes Zuordnungsprofil „{name}“ (von {owner}). Zwei freigegebene Profile "
        "gleichen Namens wären nicht eindeutig: wählen Sie einen anderen Namen oder nehmen Sie die Freigabe des "
        "anderen zurück. Nichts wurde geändert.",
        "There is already a shared mapping profile “{name}” (by {owner}). Two shared profiles of the same name "
        "would be ambiguous: choose another name or stop sharing the other one. Nothing was changed."),
    "profile_unknown": ("Das Zuordnungsprofil „{name}“ gibt es für diese Kommune nicht. Nichts wurde geändert.",
                        "There is no mapping profile “{name}” for this municipality. Nothing was changed."),
    "profile_agency_always_shared": (
        "„{name}“ ist ein Profil der Energieagentur und damit immer für alle Kommunen freigegeben. Löschen Sie es, "
        "wenn es nicht mehr gelten soll.",
        "“{name}” is a profile of the energy agency and therefore always shared with all municipalities. Delete it "
        "if it should no longer apply."),
    "audit_action_profile_save": ("Zuordnungsprofil gespeichert", "Mapping profile saved"),
    "audit_action_profile_delete": ("Zuordnungsprofil gelöscht", "Mapping profile deleted"),
    "audit_action_profile_share": ("Zuordnungsprofil freigegeben/zurückgenommen", "Mapping profile shared/unshared"),
    "cli_profiles_header": ("Name\tKommune (Eigentümer)\tfreigegeben", "Name\tMunicipality (owner)\tshared"),
    "cli_profiles_yes": ("ja", "yes"),
    "cli_profiles_no": ("nein", "no"),
    "cli_profile_name_needed": (
        "Geben Sie den Namen des Profils an: ktdash profiles {action} NAME --municipality KOMMUNE",
        "Give the profile's name: ktdash profiles {action} NAME --municipality MUNICIPALITY"),
    "cli_profile_deleted": ("Profil „{name}“ von {owner} gelöscht.", "Profile “{name}” of {owner} deleted."),
    "cli_profile_shared": ("Profil „{name}“ von {owner} ist jetzt für alle Kommunen freigegeben.",
                           "Profile “{name}” of {owner} is now shared with all municipalities."),
    "cli_profile_unshared": ("Profil „{name}“ von {owner} ist nicht mehr freigegeben.",
                             "Profile “{name}” of {owner} is no longer shared."),
})
FILE_ERRORS.update({  # issue 15, item 4: a profile name only other municipalities have
    "profile_not_shared": (
        "Das Zuordnungsprofil „{value}“ gehört einer anderen Kommune ({detail}) und ist nicht für alle "
        "freigegeben. Speichern Sie ein eigenes Profil unter diesem Namen (Seite Import) oder bitten Sie die "
        "Energieagentur, es freizugeben.",
        "The mapping profile “{value}” belongs to another municipality ({detail}) and is not shared. Save your own "
        "profile under this name (Import page) or ask the energy agency to share it."),
})


# --- issue 15: resource limits of every import (ktdash.ingest.limits, decode) --------------------------------
FILE_ERRORS.update({
    "mixed_encoding": (
        "Die Datei „{file}“ mischt zwei Zeichenkodierungen: Zeile {value} ist in Windows-1252 kodiert, Zeile "
        "{detail} in UTF-8; Umlaute würden verfälscht. Speichern Sie die Datei einheitlich als „CSV UTF-8“ "
        "(oder korrigieren Sie Zeile {value}) und importieren Sie erneut.",
        "The file “{file}” mixes two character encodings: line {value} is encoded in Windows-1252, line {detail} "
        "in UTF-8; umlauts would be garbled. Save the file as “CSV UTF-8” throughout (or fix line {value}) and "
        "import it again."),
    "xlsx_dtd": (
        "XLSX mit DTD/Entitäten wird aus Sicherheitsgründen nicht gelesen: „{file}“ enthält im Teil „{column}“ "
        "eine DTD- oder Entitätsdeklaration (<!DOCTYPE/<!ENTITY>), die Excel nie schreibt. Öffnen Sie die Datei "
        "in Excel und speichern Sie sie neu als „Excel-Arbeitsmappe (*.xlsx)“ oder als „CSV UTF-8“.",
        "XLSX with a DTD/entities is not read for security reasons: part “{column}” of “{file}” holds a DTD or "
        "entity declaration (<!DOCTYPE/<!ENTITY>), which Excel never writes. Open the file in Excel and save it "
        "again as “Excel workbook (*.xlsx)” or as “CSV UTF-8”."),
    "xlsx_too_many_parts": (
        "Die XLSX-Datei „{file}“ besteht aus {value} Teilen; erlaubt sind {detail} (Einstellung "
        "KTDASH_XLSX_MAX_PARTS). Speichern Sie nur das Tabellenblatt mit den Daten als eigene Datei oder als "
        "„CSV UTF-8“.",
        "The XLSX file “{file}” consists of {value} parts; at most {detail} are allowed (setting "
        "KTDASH_XLSX_MAX_PARTS). Save only the sheet with the data as a file of its own or as “CSV UTF-8”."),
    "xlsx_part_too_large": (
        "Der Teil „{column}“ der XLSX-Datei „{file}“ ist entpackt {value} MB groß; erlaubt sind {detail} MB je Teil "
        "(Einstellung KTDASH_XLSX_MAX_PART_MB). Die Datei wurde nicht gelesen. Teilen Sie die Tabelle auf oder "
        "exportieren Sie sie als „CSV UTF-8“.",
        "Part “{column}” of the XLSX file “{file}” is {value} MB uncompressed; at most {detail} MB are allowed per "
        "part (setting KTDASH_XLSX_MAX_PART_MB). The file was not read. Split the table or export it as "
        "“CSV UTF-8”."),
    "xlsx_total_too_large": (
        "Die XLSX-Datei „{file}“ ist entpackt mindestens {value} MB groß; erlaubt sind {detail} MB (Einstellung "
        "KTDASH_XLSX_MAX_TOTAL_MB). Die Datei wurde nicht gelesen. Teilen Sie sie auf oder exportieren Sie sie "
        "als „CSV UTF-8“.",
        "The XLSX file “{file}” is at least {value} MB uncompressed; at most {detail} MB are allowed (setting "
        "KTDASH_XLSX_MAX_TOTAL_MB). The file was not read. Split it or export it as “CSV UTF-8”."),
    "xlsx_ratio": (
        "Der Teil „{column}“ der XLSX-Datei „{file}“ ist {value}-fach komprimiert; erlaubt ist höchstens das "
        "{detail}-fache (Einstellung KTDASH_XLSX_MAX_RATIO). So stark gepackt ist keine echte Tabelle (eine "
        "„ZIP-Bombe“?); die Datei wurde nicht entpackt. Öffnen Sie sie in Excel, speichern Sie sie neu oder "
        "exportieren Sie sie als „CSV UTF-8“.",
        "Part “{column}” of the XLSX file “{file}” is compressed {value} times; at most {detail} times are allowed "
        "(setting KTDASH_XLSX_MAX_RATIO). No real table packs that tightly (a “ZIP bomb”?); the file was not "
        "unpacked. Open it in Excel and save it again, or export it as “CSV UTF-8”."),
    "xlsx_unsupported_zip": (
        "Der Teil „{column}“ der XLSX-Datei „{file}“ ist verschlüsselt oder anders gepackt, als Excel packt; die "
        "Datei wird nicht gelesen. Speichern Sie sie in Excel neu ohne Kennwort oder als „CSV UTF-8“.",
        "Part “{column}” of the XLSX file “{file}” is encrypted or packed otherwise than Excel packs; the file is "
        "not read. Save it again in Excel without a password or as “CSV UTF-8”."),
    "too_many_rows": (
        "Die Datei „{file}“ hat {value} Zeilen oder mehr; erlaubt sind {detail} (Einstellung KTDASH_MAX_ROWS, in "
        "XLSX höchstens so viele wie Excel). Das Lesen wurde an dieser Grenze beendet. Teilen Sie die Datei auf, "
        "z. B. nach Jahren.",
        "The file “{file}” has {value} rows or more; at most {detail} are allowed (setting KTDASH_MAX_ROWS, in "
        "XLSX at most as many as Excel). Reading stopped at that limit. Split the file, e.g. by year."),
    "too_many_columns": (
        "Die Datei „{file}“ hat {value} Spalten; erlaubt sind {detail} (Einstellung KTDASH_MAX_COLUMNS, so viele "
        "wie Excel bis Spalte XFD). Löschen Sie die Spalten, die nicht importiert werden sollen, oder teilen Sie "
        "die Datei auf.",
        "The file “{file}” has {value} columns; at most {detail} are allowed (setting KTDASH_MAX_COLUMNS, as many "
        "as Excel up to column XFD). Delete the columns that are not to be imported, or split the file."),
    "cell_too_long": (
        "In „{file}“ hat die Zelle {column} {value} Zeichen; erlaubt sind {detail} je Zelle (Einstellung "
        "KTDASH_MAX_CELL_CHARS, so viele wie Excel in einer Zelle fasst). Das ist kein Tabellenwert: prüfen Sie "
        "die Zelle und exportieren Sie erneut.",
        "In “{file}” cell {column} has {value} characters; at most {detail} are allowed per cell (setting "
        "KTDASH_MAX_CELL_CHARS, as many as an Excel cell holds). That is no table value: check the cell and "
        "export again."),
    "xlsx_memory": (
        "„{file}“ wurde nicht gelesen: das Lesen der XLSX-Datei brauchte mehr als {detail} MB Arbeitsspeicher "
        "(Einstellung KTDASH_IMPORT_MEMORY_MB) und wurde abgebrochen; nichts wurde gespeichert. Die Datei ist für "
        "ihren Inhalt ungewöhnlich groß: exportieren Sie sie als „CSV UTF-8“ oder teilen Sie sie auf.",
        "“{file}” was not read: reading the XLSX file needed more than {detail} MB of memory (setting "
        "KTDASH_IMPORT_MEMORY_MB) and was stopped; nothing was stored. The file is unusually large for its "
        "content: export it as “CSV UTF-8” or split it."),
    "xlsx_timeout": (
        "„{file}“ wurde nicht gelesen: das Lesen der XLSX-Datei dauerte länger als {detail} Sekunden (Einstellung "
        "KTDASH_IMPORT_TIMEOUT_S) und wurde abgebrochen; nichts wurde gespeichert. Exportieren Sie die Datei als "
        "„CSV UTF-8“ (das liest sich viel schneller) oder teilen Sie sie auf.",
        "“{file}” was not read: reading the XLSX file took longer than {detail} seconds (setting "
        "KTDASH_IMPORT_TIMEOUT_S) and was stopped; nothing was stored. Export the file as “CSV UTF-8” (much "
        "faster to read) or split it."),
})

# Issue 15, items 5, 8a and 9 (set-up choice, failed-login privacy): helper E.
UI.update({
    "setup_recorded_demo": (
        "Eingerichtet mit der Westpfalz-Demo und ihren Demo-Konten (öffentliche Passwörter, nur zum Ausprobieren). "
        "Für echte Daten eine neue Datenbank mit „ktdash init --no-demo“ anlegen.",
        "Set up with the Westpfalz demo and its demo accounts (public passwords, for trying only). For real data "
        "create a new store with “ktdash init --no-demo”."),
    "setup_recorded_no_demo": (
        "Eingerichtet ohne Demo: in diese Datenbank werden nie Demodaten oder Demo-Konten geladen, auch nicht "
        "beim ersten Aufruf des Dashboards (gleich, was KTDASH_DEMO sagt). Das erste Konto: "
        "„ktdash user add NAME --role admin“.",
        "Set up without the demo: no demo data or demo accounts are ever loaded into this store, not even at the "
        "dashboard's first start (whatever KTDASH_DEMO says). The first account: “ktdash user add NAME --role "
        "admin”."),
    "setup_switched_no_demo": (
        "Ab jetzt ohne Demo: es werden keine Demodaten oder Demo-Konten mehr geladen, und das Anmeldeformular nennt "
        "die Demo-Konten nicht mehr. Schon geladene Demodaten und Demo-Konten bleiben; entfernen Sie die "
        "Demo-Konten mit „ktdash user remove NAME“ oder legen Sie für echte Daten eine neue Datenbank an.",
        "From now on without the demo: no demo data or demo accounts are loaded any more, and the login form no "
        "longer lists the demo accounts. Demo data and demo accounts already loaded stay; remove the demo "
        "accounts with “ktdash user remove NAME” or create a new store for real data."),
    "login_busy": (
        "Die Anmeldung wurde nicht gespeichert, weil im selben Augenblick eine andere Sitzung in die Datenbank "
        "schrieb. Es ist nichts verloren: bitte noch einmal auf „Anmelden“ klicken.",
        "The login was not stored because another session wrote to the store at the same moment. Nothing is "
        "lost: please click “Log in” again."),
    "setup_no_demo_kept": (
        "Keine Demodaten geladen: die Datenbank {path} ist ohne Demo eingerichtet (ktdash init --no-demo oder "
        "erster Start mit KTDASH_DEMO=0), und das bleibt so. Für die Demo eine neue Datenbank anlegen, z. B. "
        "„KTDASH_DB=data/demo.duckdb ktdash init“.",
        "No demo data loaded: the store {path} is set up without the demo (ktdash init --no-demo or first start "
        "with KTDASH_DEMO=0), and that stays so. For the demo create a new store, e.g. "
        "“KTDASH_DB=data/demo.duckdb ktdash init”."),
})
FILE_ERRORS.update({  # issue 15, resource limits (continued)
    "too_many_cells": (
        "Die Datei „{file}“ hätte als Tabelle {value} Zellen ({column} Zeilen × Spalten); erlaubt sind {detail} "
        "(Einstellung KTDASH_MAX_CELLS). Das Lesen wurde an dieser Grenze beendet. Löschen Sie leere Zeilen und "
        "Spalten am Ende (z. B. eine Zelle weit unten rechts) oder teilen Sie die Datei auf.",
        "As a table the file “{file}” would have {value} cells ({column} rows × columns); at most {detail} are "
        "allowed (setting KTDASH_MAX_CELLS). Reading stopped at that limit. Delete empty rows and columns at the "
        "end (e.g. a cell far down on the right) or split the file."),
    "import_memory": (
        "„{file}“ wurde nicht importiert: das Lesen brauchte mehr Arbeitsspeicher als erlaubt ({detail}, "
        "Einstellung KTDASH_IMPORT_MEMORY_MB); nichts wurde gespeichert. Teilen Sie die Datei auf oder löschen "
        "Sie Spalten, die nicht importiert werden sollen.",
        "“{file}” was not imported: reading it needed more memory than allowed ({detail}, setting "
        "KTDASH_IMPORT_MEMORY_MB); nothing was stored. Split the file or delete columns that are not to be "
        "imported."),
})
