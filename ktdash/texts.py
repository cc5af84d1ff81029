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
    "store_locked": (
        "Die Datenbank {path} ist von einem anderen Programm geöffnet (z. B. dem Dashboard). "
        "Beenden Sie es oder importieren Sie über die Seite „Import“.",
        "The database {path} is open in another program (e.g. the dashboard). "
        "Stop it or import through the “Import” page.",
    ),
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
    "axis_water": ("Wasser in m³", "Water in m³"),
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
        "Monats- oder Jahresverbräuche, Monatstabellen, Lastgänge oder Gebäudestammdaten. "
        "Sie sehen vor dem Speichern, was übernommen und was abgelehnt wird.",
        "Upload exports of your energy controlling (CSV, TXT or XLSX): meter readings, monthly or yearly "
        "consumption, month tables, load profiles or building master data. Before anything is stored you see "
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
    "import_history": ("Letzte Importe", "Recent imports"),
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
    "chart_progress": ("Einsparung {year} gegenüber {baseline} (witterungsbereinigt, gleiche Gebäude)",
                       "Saving {year} against {baseline} (weather-normalised, same buildings)"),
    "chart_energy_years": ("Energie je Jahr: gemessen und witterungsbereinigt", "Energy per year: measured and weather-normalised"),
    "chart_co2_per_inhabitant": ("CO₂ je Einwohner {year}", "CO₂ per inhabitant {year}"),
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
    "kpi_potential": ("Einsparpotenzial {year}", "Savings potential {year}"),
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
    "col_t_co2_per_inhabitant": ("t CO₂ je Einwohner", "t CO₂ per inhabitant"),
    "col_saving_share": ("Einsparung seit {baseline} [%]", "Saving since {baseline} [%]"),
    "col_saving_kwh": ("Einsparung [kWh]", "Saving [kWh]"),
    "col_on_track": ("auf Zielpfad", "on track"),
    "col_compared": ("verglichene Gebäude", "buildings compared"),
    "col_category": ("Kategorie", "Category"),
    "col_area": ("Fläche m²", "Area m²"),
    "col_rank": ("Rang", "Rank"),
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
    "municipality_progress": ("Fortschritt je Gebäude: {year} gegenüber {baseline}",
                              "Progress per building: {year} against {baseline}"),
    "municipality_ranking": ("Wo zuerst handeln: Einsparpotenzial {year}", "Where to act first: savings potential {year}"),
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
    "no_progress": ("Kein Gebäude hat vollständige Daten in beiden Jahren.", "No building has complete data in both years."),
    # -- end of analytics --
    # building page (Gebäude)
    "page_building": ("Gebäude", "Building"),
    # -- end of building page --
    # data quality (Datenqualität)
    "page_quality": ("Datenqualität", "Data quality"),
    # -- end of data quality --
    "methods_title": ("Methoden und Quellen", "Methods and sources"),
    "methods_units": (
        "Umrechnung in kWh: Erdgas kWh = m³ × Zustandszahl × Brennwert (DVGW G 685; Standard 0,9540 × 11,0 "
        "kWh/m³), Heizöl 10,0 kWh/l, Holzpellets 4,9 kWh/kg, Hackschnitzel 3,5 kWh/kg, Flüssiggas 6,57 kWh/l "
        "(DIN V 18599-1, FNR Basisdaten Bioenergie). Zählerstände: Verbrauch = Differenz aufeinanderfolgender "
        "Stände desselben Zählers, über Monatsgrenzen tagesgenau anteilig verteilt.",
        "Conversion to kWh: natural gas kWh = m³ × Zustandszahl × gross calorific value (DVGW G 685; default "
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
        "tragen Sie die neue Zählernummer ein; sonst korrigieren Sie den Stand.",
        "Reading {value} is lower than the previous one ({detail}). For a meter exchange enter the new meter "
        "number; otherwise correct the reading.",
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


def field_name(field: str, lang: str = "de") -> str:
    return _pick(FIELD_NAMES, field, lang) if field in FIELD_NAMES else field


def rejection(code: str, lang: str = "de", **fields) -> str:
    fields = {k: ("" if v is None else v) for k, v in fields.items()}
    return _pick(REJECTIONS, code, lang).format(**fields)


def file_error(code: str, lang: str = "de", **fields) -> str:
    return _pick(FILE_ERRORS, code, lang).format(**fields)


def rejection_columns(lang: str = "de") -> list[str]:
    if lang == "en":
        return ["line", "column", "value", "code", "reason"]
    return ["Zeile", "Spalte", "Wert", "Code", "Grund"]
